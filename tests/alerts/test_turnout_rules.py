"""The turnout rules on hand-made stores: voting barriers while their window is open (the
deadline from the stage calendar in force), and golput clusters with the cynicism beside them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from alerts.messages import render_alert
from alerts.rule_base import aware
from alerts.rules import RULES, RuleContext
from core.store.database import Store
from core.store.models import Item
from nlp.calendar import default_calendar_path, load_calendar
from tests.alerts.helpers import Row, at, insert_rows, settings_with

H7 = "Batas pindah memilih karena keadaan tertentu (H-7)"
H30 = "Batas pengajuan pindah memilih, sembilan kategori (H-30)"


def run(store: Store, rule: str, now: str, calendar: Any = None, **alerts: Any) -> list:
    settings = settings_with(**alerts)
    with store.session() as s:
        ctx = RuleContext(session=s, now=at(now), settings=settings.alerts, tz=settings.tz,
                          voting_day=date(2024, 11, 27), calendar=calendar)
        return RULES[rule](ctx)


def text_of(detection: Any) -> str:
    rendered = render_alert(detection.rule, detection.severity, detection.facts,
                            settings_with().tz)
    return rendered.title + "\n" + rendered.body


def barriers(prefix: str, start: str, n: int, kecamatan: str | None, kind: str,
             every_hours: float = 8) -> list[Row]:
    t0 = at(start)
    return [Row(f"{prefix}{i}", t0 + timedelta(hours=every_hours * i), kecamatan=kecamatan,
                flags=("voting_barrier",), barrier=kind,
                text=f"kerja di Bali, gak bisa pulang nyoblos {prefix}{i}") for i in range(n)]


def history(start: str = "2024-10-25 09:00", days: int = 20) -> list[Row]:
    """Ordinary replies before the window, so the rule has something to compare with."""
    t0 = at(start)
    return [Row(f"h{d}", t0 + timedelta(days=d), kecamatan="Kaliwates") for d in range(days)]


def test_barrier_rise_with_the_transfer_window_open_names_deadline_and_days_left(
    store: Store,
) -> None:
    rows = history()
    # Ledokombo: 4 replies about working away in 2 days, none before: a rise.
    rows += barriers("l", "2024-11-12 14:00", 4, "Ledokombo", "away_from_home")
    # Patrang: about one a day for weeks: its normal, not a rise.
    rows += barriers("p", "2024-10-29 10:00", 17, "Patrang", "away_from_home", every_hours=24)
    # Sumberjambe: invitations have no registration or transfer window: not this rule's.
    rows += barriers("s", "2024-11-13 09:00", 5, "Sumberjambe", "no_invitation")
    insert_rows(store, rows)
    found = run(store, "barrier_rise", "2024-11-14 12:00")
    assert [d.dedup_key for d in found] == ["barrier_rise:Ledokombo"]
    facts = found[0].facts
    assert facts["count"] == 4 and facts["by_kind"] == [("away_from_home", 4)]
    assert facts["expected"] is not None and facts["expected"] < 1
    assert facts["deadlines"] == [{"label": H7, "date": "2024-11-20", "days_left": 6,
                                   "kinds": ["away_from_home"]}]
    assert facts["passed"] == [{"label": H30, "date": "2024-10-28"}]
    # Examples lie inside the alert's window (72 hours before the check), from Ledokombo.
    window_start = at("2024-11-14 12:00") - timedelta(hours=72)
    with store.session() as s:
        shown = [s.get(Item, sample["item_id"]) for sample in facts["samples"]]
    assert len(shown) == 4 and all(i is not None and i.external_id.startswith("l")
                                   for i in shown)
    assert all(window_start < aware(i.created_at) <= at("2024-11-14 12:00")
               for i in shown if i is not None)
    text = text_of(found[0])
    for part in ("Hambatan memilih di Ledokombo (4 balasan); batas 20 Nov 2024, 6 hari lagi",
                 "Apa yang terjadi", "Di mana: Ledokombo", "Seberapa yakin",
                 "Yang perlu dilakukan: sebelum 20 Nov 2024", "pindah memilih (DPTb)",
                 "Sudah lewat: " + H30, "Contoh butir"):
        assert part in text, part


def test_no_barrier_alert_once_the_window_has_closed(store: Store) -> None:
    insert_rows(store, history() + barriers("l", "2024-11-18 09:00", 6, "Ledokombo",
                                            "away_from_home", every_hours=6))
    on_deadline_day = run(store, "barrier_rise", "2024-11-20 20:00")
    assert [d.kecamatan for d in on_deadline_day] == ["Ledokombo"]
    assert on_deadline_day[0].facts["deadlines"][0]["days_left"] == 0
    assert "hari ini hari terakhir" in text_of(on_deadline_day[0])
    assert run(store, "barrier_rise", "2024-11-21 08:00") == []


def test_without_earlier_data_the_alert_says_it_cannot_compare(store: Store) -> None:
    insert_rows(store, barriers("l", "2024-11-12 14:00", 4, "Ledokombo", "away_from_home"))
    (found,) = run(store, "barrier_rise", "2024-11-13 20:00")
    assert found.facts["expected"] is None and found.facts["data_since"].startswith("12 Nov")
    assert "Belum ada data pembanding" in text_of(found)
    assert "kali dari biasanya" not in text_of(found)


def test_the_deadline_comes_from_the_calendar_in_force(store: Store, tmp_path: Path) -> None:
    text = default_calendar_path().read_text(encoding="utf-8")
    assert text.count("date: 2024-11-20") == 1
    moved = tmp_path / "stages.yaml"
    moved.write_text(text.replace("date: 2024-11-20", "date: 2024-11-25"), encoding="utf-8")
    insert_rows(store, history() + barriers("l", "2024-11-20 14:00", 4, "Ledokombo",
                                            "away_from_home"))
    assert run(store, "barrier_rise", "2024-11-22 12:00") == []  # the shipped H-7 has passed
    (found,) = run(store, "barrier_rise", "2024-11-22 12:00", calendar=load_calendar(moved))
    assert found.facts["deadlines"][0]["date"] == "2024-11-25"
    assert found.facts["deadlines"][0]["days_left"] == 3


def test_a_window_the_calendar_does_not_hold_is_an_alert_not_silence(store: Store) -> None:
    windows = {"away_from_home": [{"stage": "pemutakhiran_data", "key_date": "Batas DPTb"}]}
    (found,) = run(store, "barrier_rise", "2024-11-14 12:00",
                   rules={"barrier_rise": {"windows": windows}})
    assert found.dedup_key == "barrier_rise:_konfigurasi"
    text = text_of(found)
    assert "windows.away_from_home[0]" in text and "'Batas DPTb' tidak ada" in text
    assert "Yang perlu dilakukan" in text


def test_regency_wide_rise_counts_replies_without_a_place(store: Store) -> None:
    rows = history() + barriers("u", "2024-11-12 14:00", 8, None, "away_from_home", 4)
    rows += barriers("r", "2024-11-13 14:00", 3, "Rambipuji", "work_or_health", 4)
    insert_rows(store, rows)
    found = {d.dedup_key: d for d in run(store, "barrier_rise", "2024-11-14 12:00")}
    assert set(found) == {"barrier_rise:_semua", "barrier_rise:Rambipuji"}
    overall = found["barrier_rise:_semua"].facts
    assert overall["count"] == 11 and overall["kecamatan"] is None
    assert "seluruh Jember (termasuk yang lokasinya tidak dikenali)" in text_of(
        found["barrier_rise:_semua"])


def test_golput_cluster_reports_the_cynicism_and_barriers_beside_it(store: Store) -> None:
    t0 = at("2024-11-20 08:00")
    rows = [Row(f"g{i}", t0 + timedelta(hours=i), kecamatan="Bangsalsari",
                flags=("golput_intent", "voting_barrier") if i < 2 else ("golput_intent",),
                barrier="away_from_home" if i < 2 else "", text=f"golput ae {i}")
            for i in range(5)]
    rows += [Row(f"c{i}", t0 + timedelta(hours=i, minutes=30), kecamatan="Bangsalsari",
                 flags=("cynicism",), text=f"calon podo ae, janji thok {i}") for i in range(3)]
    rows += [Row(f"o{i}", t0 + timedelta(hours=i, minutes=40), kecamatan="Bangsalsari")
             for i in range(2)]
    insert_rows(store, rows)
    (found,) = run(store, "golput_cluster", "2024-11-21 08:00")
    facts = found.facts
    assert (facts["count"], facts["total"], facts["cynicism"], facts["with_barrier"]) == (
        5, 10, 3, 2)
    assert len(facts["cynicism_samples"]) == 2
    assert all("janji thok" in s["text"] for s in facts["cynicism_samples"])
    text = text_of(found)
    assert "3 balasan dari Bangsalsari dalam jendela yang sama bernada sinis" in text
    assert "2 dari balasan golput itu menyebut hambatan praktis" in text
    assert "Contoh balasan sinis" in text and "pesan kewargaan" in text


def test_golput_cluster_without_cynicism_says_nothing_about_it(store: Store) -> None:
    t0 = at("2024-11-20 08:00")
    insert_rows(store, [Row(f"g{i}", t0 + timedelta(hours=i), kecamatan="Bangsalsari",
                            flags=("golput_intent",)) for i in range(4)])
    (found,) = run(store, "golput_cluster", "2024-11-21 08:00")
    assert found.facts["cynicism"] == 0 and found.facts["cynicism_samples"] == []
    assert "sinis" not in text_of(found)
