"""Assembling a report from plain aggregates: derived parts and automatic notes."""

from __future__ import annotations

from datetime import date

from reports.assemble import assemble_weekly_report, full_week, short_quote
from reports.baseline import Baseline, load_baseline
from reports.model import Completeness, DailyVolume, UnansweredQuestion, WeekTotals
from reports.outreach_index import KecamatanWeek


def test_short_quote_cuts_at_a_word_and_flattens_whitespace() -> None:
    assert short_quote("  halo \n\n min  ") == "halo min"
    long = "kata " * 100
    cut = short_quote(long, 40)
    assert len(cut) <= 40 and cut.endswith("…") and not cut.endswith(" …")
    assert short_quote("x" * 50, 10) == "x" * 9 + "…"


def test_full_week_fills_missing_days_in_order() -> None:
    days = full_week([DailyVolume(date(2024, 11, 20), negative=3)], 2024, 47)
    assert [d.day for d in days] == [date(2024, 11, 18 + i) for i in range(7)]
    assert [d.total for d in days] == [0, 0, 3, 0, 0, 0, 0]


def _questions(n: int) -> list[UnansweredQuestion]:
    return [UnansweredQuestion(f"pertanyaan {i} " + "panjang " * 60, f"warga-{i}", "x", None,
                               float(i)) for i in range(n)]


def test_assembled_report_derives_index_map_and_notes() -> None:
    weeks = [KecamatanWeek("Silo", replies=40, asking=10, unique_authors_reached=50),
             KecamatanWeek("Puger", replies=20, negative=5, unique_authors_reached=10)]
    report = assemble_weekly_report(
        2024, 47, current=WeekTotals(replies=100, asking=10, negative=5), previous=None,
        kecamatan_weeks=weeks, baseline=load_baseline(), unanswered=_questions(20),
        completeness=Completeness(needs_review=4),
    )
    assert len(report.index) == 31 and len(report.daily) == 7
    assert report.map_values["Silo"] is not None and report.map_values["Ajung"] is None
    # Oldest questions first, capped, quotes shortened.
    assert [q.handle for q in report.unanswered[:2]] == ["warga-19", "warga-18"]
    assert len(report.unanswered) == 15
    assert all(len(q.quote) <= 220 for q in report.unanswered)
    notes = " | ".join(report.notes)
    assert "60 dari 100 balasan (60%) dapat dipetakan ke kecamatan; 40 tanpa lokasi" in notes
    assert "Tidak ada balasan minggu ini dari 29 kecamatan" in notes
    assert "tidak diperingkat (tanpa sinyal)" in notes
    assert "Ditampilkan 15 dari 20 pertanyaan terbuka" in notes
    assert "4 balasan ditandai perlu ditinjau" in notes
    assert "DPT 25 dari 31 kecamatan adalah perkiraan" in notes
    assert "Akurasi model penanda belum diukur" in notes


def test_assembled_report_without_baseline_or_data() -> None:
    report = assemble_weekly_report(2024, 47, current=WeekTotals(), previous=None,
                                    kecamatan_weeks=[], baseline=Baseline.empty("tidak ada"))
    assert report.baseline_missing_reason == "tidak ada"
    assert any("Baseline per kecamatan tidak tersedia" in n for n in report.notes)
    assert report.generated_at.utcoffset() is not None
    assert report.to_dict()["current"]["replies"] == 0
