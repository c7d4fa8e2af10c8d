"""Renderers: hostile text stays text in every format, numbers stay numbers, failures are kept."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from core.errors import PantauError
from reports import render as render_module
from reports.model import Rumour, UnansweredQuestion, WeeklyReport
from reports.render import FORMATS, ReportFormatError, render_report
from reports.render_html import render_html, safe_url
from reports.render_json import render_json
from reports.render_pdf import PdfUnavailableError
from reports.render_xlsx import build_workbook, render_xlsx_bytes
from reports.sample_report import empty_week_report, one_reply_report, sample_report

HOSTILE = '<script>alert("x")</script> & <b>tebal</b>'
FORMULA = '=HYPERLINK("http://evil.invalid","klik")'


def _hostile_report() -> WeeklyReport:
    report = one_reply_report()
    report.unanswered = [
        UnansweredQuestion(HOSTILE, "warga-<i>x</i>", "x", "Kaliwates", 3.0,
                           "javascript:alert(1)", "pemutakhiran_data"),
        UnansweredQuestion(FORMULA, "warga-2", "facebook", None, 1.0, None, None),
    ]
    report.rumours = [Rumour(HOSTILE, "bukti <img src=x onerror=alert(1)>", "koreksi",
                             "https://kpu.go.id/")]
    report.notes = [HOSTILE]
    return report


@pytest.fixture(scope="module")
def full_html() -> str:
    return render_html(sample_report())


def test_html_escapes_quotes_and_drops_unsafe_links() -> None:
    html = render_html(_hostile_report())
    assert "<script" not in html
    assert "<b>tebal" not in html and "<img" not in html and "<i>x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;" in html
    assert "javascript:" not in html
    assert 'href="https://kpu.go.id/"' in html


def test_safe_url() -> None:
    assert safe_url("https://x.id/a") == "https://x.id/a"
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,hi") is None
    assert safe_url(None) is None


def test_html_is_self_contained_indonesian_and_complete(full_html: str) -> None:
    assert full_html.startswith("<!DOCTYPE html>") and '<html lang="id">' in full_html
    # No external resources at all: no scripts, stylesheets, images or fonts from elsewhere.
    for needle in ("<script", "<link", "<img", "src=", "@import", "url(http"):
        assert needle not in full_html
    for heading in ("Laporan Mingguan Pantau", "Kecamatan yang perlu sosialisasi",
                    "Pertanyaan warga yang belum dijawab", "Rumor dan informasi keliru",
                    "Kinerja unggahan KPU Jember", "Kelengkapan data", "DATA SINTETIS",
                    "18 – 24 November 2024", "Halaman "):
        assert heading in full_html
    assert full_html.count('data-kecamatan="') == 62  # the map with names and the phone map
    assert 'name="viewport"' in full_html and "@media print" in full_html
    assert "@page" in full_html and "size: A4" in full_html


def test_html_of_empty_week_and_missing_baseline() -> None:
    report = empty_week_report()
    report.baseline_missing_reason = "berkas baseline tidak ditemukan: /x/baseline.csv"
    html = render_html(report)
    assert "Tidak ada balasan warga yang terkumpul minggu ini" in html
    assert "Angka baseline (DPT dan partisipasi per kecamatan) tidak tersedia" in html
    assert "Belum ada data minggu ini" in html
    assert "Tidak ada pertanyaan terbuka minggu ini" in html


def test_xlsx_keeps_hostile_text_as_text() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx_bytes(_hostile_report())))
    ws = wb["Pertanyaan terbuka"]
    assert ws["A2"].value == HOSTILE
    assert ws["A3"].value == FORMULA and ws["A3"].data_type == "s"
    assert wb["Rumor"]["A2"].value == HOSTILE


def test_xlsx_numbers_are_numbers_with_formats() -> None:
    wb = build_workbook(sample_report())
    ws = wb["Indeks kecamatan"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    score_col = header.index("Skor") + 1
    share_col = header.index("Porsi bertanya/keliru/apatis (disesuaikan)") + 1
    ranked = len(sample_report().ranked)
    for row in range(2, 33):
        if row - 1 <= ranked:
            assert isinstance(ws.cell(row=row, column=1).value, int)
            assert isinstance(ws.cell(row=row, column=score_col).value, float)
        else:  # without replies: not ranked, no score
            assert ws.cell(row=row, column=1).value is None
            assert ws.cell(row=row, column=score_col).value is None
        share = ws.cell(row=row, column=share_col)
        assert isinstance(share.value, float) and 0 <= share.value <= 1
        assert share.number_format == "0.0%"
    assert ws.max_row == 32
    daily = wb["Harian"]
    assert all(isinstance(daily.cell(row=r, column=4).value, int) for r in range(2, 9))
    assert daily.column_dimensions["A"].width >= 10
    summary = wb["Ringkasan"]
    assert summary["B2"].number_format == "#,##0" and isinstance(summary["B2"].value, int)


def test_json_round_trips_hostile_text_and_numbers() -> None:
    text = render_json(_hostile_report())
    data = json.loads(text)
    assert data["unanswered"][0]["quote"] == HOSTILE
    assert data["rumours"][0]["evidence"].startswith("bukti <img")
    assert data["schema_version"] == 3 and data["iso_week"] == 47
    full = json.loads(render_json(sample_report()))
    assert len(full["index"]) == 31 and isinstance(full["index"][0]["score"], float)
    assert full["period_start"] == "2024-11-18T00:00:00+07:00"
    assert {h["key"] for h in full["headline"]} >= {"replies", "negative_share", "repliers",
                                                     "post_views"}


def test_render_report_writes_every_format(tmp_path: Path) -> None:
    result = render_report(one_reply_report(), tmp_path / "out", FORMATS)
    failure = result.failures.get("pdf")
    if isinstance(failure, PdfUnavailableError):  # a missing system library, nothing else
        pytest.skip(f"PDF not available here: {failure}")
    assert failure is None, f"PDF rendering broke: {failure}"
    assert result.ok and set(result) == set(FORMATS)
    for fmt, path in result.items():
        assert path.name == f"laporan-pantau-2024-W47.{fmt}" and path.stat().st_size > 500
    assert result["pdf"].read_bytes().startswith(b"%PDF")
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_a_failing_format_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pdf(report: WeeklyReport, html: str | None = None) -> bytes:
        raise PdfUnavailableError("PDF tidak dapat dibuat: uji", hint="pasang Pango")

    monkeypatch.setattr(render_module, "render_pdf_bytes", no_pdf)
    result = render_report(one_reply_report(), tmp_path, ["pdf", "html", "json"])
    assert set(result) == {"html", "json"}
    assert isinstance(result.failures["pdf"], PantauError) and not result.ok
    assert not (tmp_path / "laporan-pantau-2024-W47.pdf").exists()


def test_unknown_format_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError, match="docx"):
        render_report(one_reply_report(), tmp_path, ["html", "docx"])


def test_pdf_text_is_escaped_and_has_page_numbers(tmp_path: Path) -> None:
    try:
        from reports.render_pdf import render_pdf

        path = render_pdf(_hostile_report(), tmp_path / "r.pdf")
    except PdfUnavailableError as exc:
        pytest.skip(f"WeasyPrint not usable here: {exc}")
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert '<script>alert("x")</script>' in text  # shown as text, not dropped or executed
    assert "Halaman 1 dari" in text
    assert "Laporan Mingguan Pantau" in text


def test_report_without_previous_week() -> None:
    report = replace(sample_report(), previous=None)
    html = render_html(report)
    assert "minggu lalu: tidak ada data" in html
    assert json.loads(render_json(report))["previous"] is None


def test_missing_weasyprint_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from reports.render_pdf import render_pdf_bytes

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes `import weasyprint` fail
    with pytest.raises(PdfUnavailableError) as info:
        render_pdf_bytes(one_reply_report())
    assert "WeasyPrint" in info.value.message and info.value.hint


def test_topic_examples_are_shown_escaped() -> None:
    from reports.assemble import assemble_weekly_report
    from reports.baseline import load_baseline
    from reports.model import WeekTotals
    from reports.outreach_index import KecamatanWeek

    week = KecamatanWeek("Silo", replies=10, asking=5, confused_by_stage={"kampanye": 5},
                         top_topics=["<u>kapan</u> debat?"])
    report = assemble_weekly_report(2024, 47, current=WeekTotals(replies=10, asking=5),
                                    previous=None, kecamatan_weeks=[week],
                                    baseline=load_baseline())
    html = render_html(report)
    assert "&lt;u&gt;kapan&lt;/u&gt; debat?" in html and "<u>" not in html


def test_raw_and_shrunk_shares_are_labelled_alike_in_table_appendix_and_sheet() -> None:
    """Two negative replies out of two: the table, the appendix and the sheet all show the raw
    100% and the shrunk share side by side, labelled, with the one-line explanation."""
    from reports.assemble import assemble_weekly_report
    from reports.baseline import load_baseline, official_kecamatan
    from reports.labels import fmt_pct
    from reports.model import WeekTotals
    from reports.outreach_index import SHRINKAGE_EXPLAINED, KecamatanWeek

    weeks = [KecamatanWeek(n, replies=60, asking=9, negative=10, unique_authors_reached=40)
             for n in official_kecamatan() if n != "Kencong"]
    weeks.append(KecamatanWeek("Kencong", replies=2, negative=2, apathetic=1,
                               unique_authors_reached=2))
    report = assemble_weekly_report(2024, 47, current=WeekTotals(replies=1802), previous=None,
                                    kecamatan_weeks=weeks, baseline=load_baseline())
    row = next(r for r in report.index if r.kecamatan == "Kencong")
    assert row.negative_share_raw == 1.0 and row.components["negative_share"] < 0.5
    pair = f"100% → {fmt_pct(row.components['negative_share'])}"
    assert any(r == "2 dari 2 balasan (100%) bernada negatif" for r in row.reasons)

    html = render_html(replace(report, index=[row, *[r for r in report.index if r is not row]]))
    main = html[html.index('<table class="responsive ranking">'):]
    main = main[: main.index("</table>")]
    appendix = html[html.index('id="lampiran"'):]
    kencong = appendix[appendix.index(">Kencong"):]
    assert f"Negatif: {pair}" in main and pair in kencong[: kencong.index("</tr>")]
    assert html.count(SHRINKAGE_EXPLAINED) >= 2  # above the table and in the appendix

    ws = build_workbook(report)["Indeks kecamatan"]
    header = [c.value for c in ws[1]]
    line = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "Kencong")
    assert line[header.index("Porsi negatif (mentah)")] == 1.0
    assert line[header.index("Porsi negatif (disesuaikan)")] == row.components["negative_share"]
    data = json.loads(render_json(report))
    assert next(r for r in data["index"] if r["kecamatan"] == "Kencong")[
        "negative_share_raw"] == 1.0
