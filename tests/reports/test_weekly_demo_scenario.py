"""On the demo month (import + emulator collection + real NLP), the index finds what was planted.

The scenario plants golput talk in Bangsalsari, a rumour about the voting date spreading in
Puger, Wuluhan and Ambulu, and DPT questions in Sumberjambe (collectors/emulator/scenario.py).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from core.store.database import open_store
from pantau.demo import run_demo
from pantau.settings import load_settings
from reports.model import WeeklyReport
from reports.weekly import build_weekly_report

RUMOUR_PLACES = {"Puger", "Wuluhan", "Ambulu"}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo")
    out = io.StringIO()
    run_demo(directory, Console(file=out, width=120))
    (directory / "demo.log").write_text(out.getvalue(), encoding="utf-8")
    return directory


def report(directory: Path, week: int) -> WeeklyReport:
    settings = load_settings(directory / "pantau.yaml")
    store = open_store(settings.resolved_database_url())
    try:
        return build_weekly_report(store, settings.for_reports(), 2024, week)
    finally:
        store.dispose()


def reasons(rep: WeeklyReport, kecamatan: str) -> str:
    row = next(r for r in rep.index if r.kecamatan == kecamatan)
    return " ".join(row.reasons)


def test_demo_writes_the_busiest_week_report(demo_dir: Path) -> None:
    files = sorted(p.name for p in (demo_dir / "laporan").iterdir())
    assert files == [f"laporan-pantau-2024-W48.{ext}" for ext in ("html", "json", "pdf", "xlsx")]
    data = json.loads((demo_dir / "laporan" / "laporan-pantau-2024-W48.json").read_text("utf-8"))
    assert data["current"]["replies"] > 500 and data["synthetic"] is True


def test_demo_writes_a_labelling_sheet(demo_dir: Path) -> None:
    text = (demo_dir / "label-sentimen.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 50 and {"id", "jv", "mad"} <= {r["bahasa"] for r in rows}
    assert all(r["label"] == "" for r in rows)
    assert "pantau label import" in (demo_dir / "demo.log").read_text(encoding="utf-8")


def test_busiest_week_ranks_golput_and_rumour_places_high(demo_dir: Path) -> None:
    rep = report(demo_dir, 48)
    top = [r.kecamatan for r in rep.index]
    assert top[0] == "Bangsalsari"
    assert "golput" in reasons(rep, "Bangsalsari")
    assert RUMOUR_PLACES & set(top[:5])
    assert any(r.occurrences >= 3 and RUMOUR_PLACES & set(r.kecamatan) for r in rep.rumours)
    assert top.index("Jelbuk") > 10  # the quiet kecamatan with one complaint


def test_rumour_week_ranks_all_three_planted_patterns_on_top(demo_dir: Path) -> None:
    rep = report(demo_dir, 47)
    top3 = {r.kecamatan for r in rep.index[:3]}
    assert top3 == {"Puger", "Bangsalsari", "Sumberjambe"}
    assert "Pemungutan suara" in reasons(rep, "Puger")
    assert "DPT" in reasons(rep, "Sumberjambe")
    assert "golput" in reasons(rep, "Bangsalsari")


def test_busiest_week_report_says_where_its_data_came_from_and_what_to_do(
    demo_dir: Path,
) -> None:
    rep = report(demo_dir, 48)
    c = rep.completeness
    # The demo imports an export and collects from the emulator, long after the week itself.
    assert {s.kind for s in c.sources} == {"import", "collect"}
    assert c.items_in_week > 500 and c.items_untraced == 0
    assert sum(s.items_in_week for s in c.sources) == c.items_in_week
    assert c.summary.startswith("Data minggu ini dibawa oleh")
    assert all(r.replies > 0 for r in rep.ranked)
    assert all(r.topics or r.no_topic_reason for r in rep.index)
    assert all(r.topics for r in rep.ranked[:10]), [r.kecamatan for r in rep.ranked[:10]]
    html = (demo_dir / "laporan" / "laporan-pantau-2024-W48.html").read_text(encoding="utf-8")
    assert "jangkauan" not in html.lower()
    assert "Tidak ada catatan pengumpulan data" not in html


def test_demo_alerts_quote_replies_of_their_window_with_real_links(demo_dir: Path) -> None:
    from sqlalchemy import select

    from core.store.models import Alert, Item

    settings = load_settings(demo_dir / "pantau.yaml")
    store = open_store(settings.resolved_database_url())
    try:
        with store.session() as s:
            alerts = list(s.scalars(select(Alert)))
            items = {i.id: i for i in s.scalars(select(Item))}
    finally:
        store.dispose()
    assert alerts
    for alert in alerts:
        facts = (alert.details or {})["facts"]
        as_of = datetime.fromisoformat(facts["as_of"])
        since = as_of - timedelta(hours=facts.get("window_hours", 24 * 365))
        if "count" in facts and alert.rule != "unanswered_questions":
            assert f"({facts['count']} " in alert.title, alert.title
        for sample in facts.get("samples", []) + facts.get("cynicism_samples", []):
            item = items[sample["item_id"]]
            assert since < item.created_at <= as_of, (alert.title, sample)
            link = sample.get("link")
            if link is not None:  # the stored permalink, or the status link an X id makes
                assert link == item.url or (
                    item.platform == "x" and link.endswith(f"/status/{item.external_id}"))
            else:
                assert item.url is None and item.platform != "x"


def test_demo_report_shows_turnout_signals_with_answers_and_deadlines(demo_dir: Path) -> None:
    """The busiest week (25 Nov - 1 Dec) lies after every deadline: the answers say so."""
    rep = report(demo_dir, 48)
    t = rep.turnout
    assert t.rows[0].kecamatan == "Bangsalsari" and t.rows[0].current.golput_intent >= 5
    assert t.history_weeks == ["2024-W45", "2024-W46", "2024-W47"]
    assert t.regency is not None and t.regency.previous.replies > 300
    kinds = {a.kind: a for a in t.advice}
    assert {"golput_intent", "cynicism", "away_from_home"} <= set(kinds)
    away = kinds["away_from_home"]
    assert away.deadline is None and "Batas pindah memilih karena keadaan tertentu (H-7)" in (
        away.passed)
    html = (demo_dir / "laporan" / "laporan-pantau-2024-W48.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="partisipasi">'):html.index('<section id="grafik">')]
    assert "Bangsalsari" in section and "Jawaban yang disarankan" in section
    assert "tidak ada lagi: semua batas sudah lewat" in section
    assert "Sudah lewat: Batas pengajuan pindah memilih, sembilan kategori (H-30)" in section


def test_demo_transfer_week_names_ledokombo_with_the_h7_deadline(demo_dir: Path) -> None:
    """In 2024-W46 (11-17 Nov) the planted Ledokombo replies meet the open H-7 window."""
    rep = report(demo_dir, 46)
    why = reasons(rep, "Ledokombo")
    assert "balasan dari Ledokombo menyebut bekerja atau kuliah di luar daerah: kirim " \
        "informasi pindah memilih" in why
    assert "sebelum batas 20 November 2024 (2 hari lagi)" in why
    led = next(r for r in rep.turnout.rows if r.kecamatan == "Ledokombo")
    assert led.current.barriers.get("away_from_home", 0) >= 8


def test_demo_alerts_raise_the_barrier_alert_before_the_transfer_deadline(
    demo_dir: Path,
) -> None:
    log = (demo_dir / "demo.log").read_text(encoding="utf-8")
    assert "Hambatan memilih di Ledokombo" in log
    text = (demo_dir / "peringatan-demo.txt").read_text(encoding="utf-8")
    assert "Batas pindah memilih karena keadaan tertentu (H-7), 20 Nov 2024" in text
