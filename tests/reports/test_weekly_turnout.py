"""Turnout signals in the weekly report, from the store (SQLite and PostgreSQL): per kecamatan,
against the previous weeks and 2020 turnout, with the recommended answer and its deadline, in
the index's reasons and in every format."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.store.database import Store
from pantau.settings import Settings, load_settings
from reports.baseline import default_baseline_path
from reports.model import SCHEMA_VERSION, WeeklyReport
from reports.render import render_report
from reports.settings import WeeklyReportSettings
from reports.stage_dates import default_calendar_path
from reports.weekly import build_weekly_report
from tests.reports.store_rows import MON, add

# ISO week 2024-W46: Monday 11 Nov 00:00 WIB (the H-7 transfer deadline, 20 Nov, lies ahead).
W46 = MON - timedelta(weeks=2)
AWAY = {"flags": ["question", "voting_barrier"], "barrier": "away_from_home",
        "awareness": "asking", "stage": "pemutakhiran_data"}
GOLPUT = {"flags": ["golput_intent"], "awareness": "apathetic", "sentiment": "negative"}
CYNIC = {"flags": ["cynicism"], "awareness": "apathetic", "sentiment": "negative"}


def _seed(store: Store) -> None:
    def reply(ext: str, at: object, kec: str | None, analysis: dict | None = None) -> None:
        add(store, ext, at, f"balasan {ext}", analysis={**(analysis or {}), "kecamatan": kec})

    for i in range(3):
        reply(f"l-away{i}", W46 + timedelta(days=1, hours=i), "Ledokombo", AWAY)
    reply("l-inv", W46 + timedelta(days=2), "Ledokombo",
          {"flags": ["voting_barrier", "complaint"], "barrier": "no_invitation"})
    reply("l-plain", W46 + timedelta(days=2, hours=1), "Ledokombo")
    for i in range(3):
        reply(f"b-golput{i}", W46 + timedelta(days=3, hours=i), "Bangsalsari", GOLPUT)
    for i in range(2):
        reply(f"b-cynic{i}", W46 + timedelta(days=4, hours=i), "Bangsalsari", CYNIC)
    reply("b-plain", W46 + timedelta(days=4, hours=5), "Bangsalsari")
    for i in range(2):
        reply(f"u-away{i}", W46 + timedelta(days=5, hours=i), None, AWAY)
    for i in range(3):
        reply(f"k{i}", W46 + timedelta(days=5, hours=i), "Kaliwates")
    # The week before (W45) and one three weeks before (W43).
    reply("l45-away", W46 - timedelta(days=3), "Ledokombo", AWAY)
    for i in range(3):
        reply(f"l45-{i}", W46 - timedelta(days=2, hours=i), "Ledokombo")
    reply("b43-golput", W46 - timedelta(days=15), "Bangsalsari", GOLPUT)
    reply("b43", W46 - timedelta(days=16), "Bangsalsari")


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def _build(store: Store, weekly: WeeklyReportSettings) -> WeeklyReport:
    return build_weekly_report(store, weekly, 2024, 46)


def test_turnout_signals_per_kecamatan_with_history_and_baseline(
    store: Store, settings: Settings
) -> None:
    _seed(store)
    t = _build(store, settings.for_reports()).turnout
    assert t.as_of == date(2024, 11, 18)
    assert t.history_weeks == ["2024-W43", "2024-W44", "2024-W45"]  # three weeks by default
    assert [r.kecamatan for r in t.rows] == ["Bangsalsari", "Ledokombo"]
    bangsalsari, ledokombo = t.rows
    c = ledokombo.current
    assert (c.replies, c.voting_barrier, c.with_signal) == (5, 4, 4)
    assert c.barriers == {"away_from_home": 3, "no_invitation": 1}
    assert [h.replies for h in ledokombo.history] == [0, 0, 4]
    assert ledokombo.previous.barriers == {"away_from_home": 1}
    b = bangsalsari.current
    assert (b.replies, b.golput_intent, b.cynicism, b.with_signal) == (6, 3, 2, 5)
    assert [h.golput_intent for h in bangsalsari.history] == [1, 0, 0]
    assert t.without_signal == ["Kaliwates"]
    assert t.regency is not None and t.regency.current.replies == 16
    assert t.regency.current.barriers == {"away_from_home": 5, "no_invitation": 1}
    # The shipped baseline has no per-kecamatan 2020 turnout: the report says so.
    assert ledokombo.turnout_2020 is None and bangsalsari.turnout_2024 == pytest.approx(0.5046)
    assert "tidak memuat partisipasi Pilkada 2020" in t.turnout_2020_note


def test_recommended_answers_carry_the_calendar_deadline_and_feed_the_reasons(
    store: Store, settings: Settings
) -> None:
    _seed(store)
    report = _build(store, settings.for_reports())
    advice = {a.kind: a for a in report.turnout.advice}
    assert set(advice) == {"golput_intent", "cynicism", "away_from_home", "no_invitation"}
    away = advice["away_from_home"]
    assert (away.replies, away.kecamatan) == (5, [("Ledokombo", 3)])
    assert (away.deadline, away.days_left) == (date(2024, 11, 20), 2)
    assert away.deadline_text == "20 November 2024 (2 hari lagi)"
    assert away.passed == ["Batas pengajuan pindah memilih, sembilan kategori (H-30)"]
    # A kecamatan is named in an answer only when every such reply comes from it.
    assert "PPK/PPS Bangsalsari" in advice["golput_intent"].action
    assert not away.confirmed
    row = next(r for r in report.index if r.kecamatan == "Ledokombo")
    reason = next(x for x in row.reasons if "bekerja atau kuliah" in x)
    assert reason.startswith("3 balasan dari Ledokombo menyebut bekerja atau kuliah di luar "
                             "daerah: kirim informasi pindah memilih")
    assert "sebelum batas 20 November 2024 (2 hari lagi)" in reason
    topic = next(t for t in row.topics if t.label.startswith("Hambatan memilih"))
    assert topic.count == 3 and "20 November 2024" in topic.step
    golput = " ".join(next(r for r in report.index if r.kecamatan == "Bangsalsari").reasons)
    assert "3 balasan dari Bangsalsari menyatakan tidak akan memilih (golput)" in golput
    assert "2 balasan dari Bangsalsari bernada sinis" in golput
    # One reply of a kind is shown in the table, not named among the reasons (threshold 2).
    assert not any("undangan" in x for x in row.reasons)


def test_every_format_shows_the_turnout_section(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    _seed(store)
    report = _build(store, settings.for_reports())
    result = render_report(report, tmp_path, ["html", "xlsx", "json"])
    html = result["html"].read_text(encoding="utf-8")
    section = html[html.index('<section id="partisipasi">'):html.index('<section id="grafik">')]
    for part in ("Ledokombo", "Bekerja/kuliah di luar daerah 3", "20 November 2024 (2 hari lagi)",
                 "draf, menunggu konfirmasi KPU", "Jawaban yang disarankan", "Seluruh Jember",
                 "W45 25%", "4 balasan: golput 0% · sinis 0% · hambatan 25%",
                 "tidak memuat partisipasi Pilkada 2020", "Kaliwates"):
        assert part in section, part
    wb = load_workbook(result["xlsx"])
    sheet = wb["Sinyal partisipasi"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2,
                                                                          values_only=True)}
    led = rows["Ledokombo"]
    assert led["Hambatan memilih"] == 4 and led["Hambatan: Bekerja/kuliah di luar daerah"] == 3
    assert led["Balasan 3 pekan sebelumnya"] == 4 and led["Partisipasi 2020"] is None
    answers = wb["Jawaban disarankan"]
    header = [c.value for c in answers[1]]
    away = next(dict(zip(header, r, strict=True)) for r in answers.iter_rows(
        min_row=2, values_only=True) if r[0] == "Bekerja/kuliah di luar daerah")
    assert away["Batas waktu"].date() == date(2024, 11, 20) and away["Sisa hari"] == 2
    weekly = {(r[0], r[1]): r for r in wb["Sinyal per pekan"].iter_rows(min_row=2,
                                                                      values_only=True)}
    assert weekly[("Ledokombo", "2024-W45")][2:] == (4, 1, 0, 0, 1)
    assert weekly[("Ledokombo", "2024-W46")][2:] == (5, 4, 0, 0, 4)
    data = json.loads(result["json"].read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION == 3
    led_json = next(r for r in data["turnout"]["rows"] if r["kecamatan"] == "Ledokombo")
    assert led_json["current"]["barriers"] == {"away_from_home": 3, "no_invitation": 1}
    assert led_json["previous"]["replies"] == 4
    assert data["current"]["turnout"]["voting_barrier"] == 6
    assert data["turnout"]["advice"][2]["deadline"] == "2024-11-20"


def test_2020_turnout_is_shown_where_the_baseline_has_it(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    text = default_baseline_path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if row["kecamatan"] == "Ledokombo":
            row.update(turnout_2020="55.10", turnout_2020_source="contoh uji",
                       turnout_2020_is_estimate="false")
    path = tmp_path / "baseline.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _seed(store)
    weekly = settings.for_reports()
    weekly = replace(weekly, report=weekly.report.model_copy(update={"baseline_path": path}))
    t = _build(store, weekly).turnout
    assert next(r for r in t.rows if r.kecamatan == "Ledokombo").turnout_2020 == pytest.approx(
        0.551)
    assert "tersedia untuk 1 dari 31 kecamatan" in t.turnout_2020_note


def test_the_deadline_follows_the_calendar_in_force(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    text = default_calendar_path().read_text(encoding="utf-8")
    other = tmp_path / "stages.yaml"
    other.write_text(text.replace("date: 2024-11-20", "date: 2024-11-22"), encoding="utf-8")
    _seed(store)
    weekly = replace(settings.for_reports(), calendar_path=other)
    away = next(a for a in _build(store, weekly).turnout.advice if a.kind == "away_from_home")
    assert (away.deadline, away.days_left) == (date(2024, 11, 22), 4)


def test_an_unreadable_answers_file_leaves_the_counts_and_says_why(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    bad = tmp_path / "jawaban.yaml"
    bad.write_text("answers:\n  golput: {}\n", encoding="utf-8")
    _seed(store)
    weekly = settings.for_reports()
    weekly = replace(weekly, report=weekly.report.model_copy(
        update={"turnout_answers_path": bad}))
    report = _build(store, weekly)
    t = report.turnout
    assert t.rows and t.advice == [] and t.answers_note is not None
    assert "jenis tidak dikenal: golput" in t.answers_note
    assert any("tidak dapat dibaca" in n for n in report.notes)
    # The reasons still count the signals, without an answer to give.
    row = next(r for r in report.index if r.kecamatan == "Ledokombo")
    assert "3 balasan dari Ledokombo menyebut bekerja atau kuliah di luar daerah" in row.reasons


def test_relative_answers_path_is_read_next_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "jawaban.yaml").write_text("x", encoding="utf-8")
    config = tmp_path / "pantau.yaml"
    config.write_text("report:\n  turnout_answers_path: jawaban.yaml\n", encoding="utf-8")
    loaded = load_settings(config)
    assert loaded.for_reports().report.turnout_answers_path == (tmp_path / "jawaban.yaml")
    nlp_config = tmp_path / "other.yaml"
    nlp_config.write_text("nlp:\n  calendar_path: kalender.yaml\n", encoding="utf-8")
    assert load_settings(nlp_config).for_reports().calendar_path == tmp_path / "kalender.yaml"
