"""Untrusted text and links in every report format: no direction tricks, no non-http links.

Replies and imported rows may carry Unicode direction controls (a right-to-left override turns
``golput.exe`` into something else on screen, or flips the columns after it) and any kind of
"URL". HTML, PDF, XLSX and JSON all get the same treatment from ``reports.safe_text``.
"""

from __future__ import annotations

import io
import json
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from core.untrusted_text import neutralise_bidi
from reports.model import WIB, OwnPostPerformance, Rumour, UnansweredQuestion, WeeklyReport
from reports.render_html import render_html
from reports.render_json import render_json
from reports.render_pdf import PdfUnavailableError
from reports.render_xlsx import render_xlsx_bytes
from reports.safe_text import safe_url
from reports.sample_report import one_reply_report

RLO, PDF_, RLI, PDI, LRM, RLM = "\u202e", "\u202c", "\u2067", "\u2069", "\u200e", "\u200f"
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
TRICK = f"unduh formulir{RLO}fdp.exe{PDF_} di sini"
UNSAFE_LINKS = [
    "javascript:alert(document.cookie)",
    "  JavaScript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "//evil.invalid/x",
    "vbscript:msgbox(1)",
    f"https://kpu.go.id/{RLO}gpj.exe",
    "https://kpu.go.id/a b",
    "https:///tanpa-host",
]
GOOD = "https://kpu.go.id/cek-dpt?x=1&y=2"


def _report(links: list[str | None]) -> WeeklyReport:
    report = one_reply_report()
    report.unanswered = [
        UnansweredQuestion(f"{TRICK} {i}", f"warga{RLI}-{i}{PDI}", "x", "Puger", 2.0, url)
        for i, url in enumerate(links)
    ]
    report.rumours = [
        Rumour(f"rumor {RLO}ialac", f"bukti{LRM} 12{RLM}-3", "koreksi", url) for url in links
    ]
    report.own_posts = [
        OwnPostPerformance(f"unggahan {RLO}x", "facebook", datetime(2024, 11, 20, tzinfo=WIB),
                           3, 4, None, None, url)
        for url in links
    ]
    report.notes = [f"catatan {RLO}kebalik"]
    return report


def test_neutralise_bidi_removes_controls_and_keeps_marks_only_beside_rtl_letters() -> None:
    assert neutralise_bidi(TRICK) == "unduh formulirfdp.exe di sini"
    assert neutralise_bidi(f"nomor 12{RLM}-34{LRM}") == "nomor 12-34"
    arabic = f"بسم الله{RLM} semoga lancar"
    assert neutralise_bidi(arabic) == arabic  # a legitimate mark next to Arabic stays
    assert neutralise_bidi(f"{RLO}بسم{PDF_}{RLM}") == f"بسم{RLM}"
    plain = "biasa saja, tanpa kendali arah"
    assert neutralise_bidi(plain) is plain


@pytest.mark.parametrize("url", UNSAFE_LINKS)
def test_safe_url_refuses_everything_but_plain_http_links(url: str) -> None:
    assert safe_url(url) is None


def test_safe_url_keeps_http_and_https() -> None:
    assert safe_url(GOOD) == GOOD
    assert safe_url(" http://kpu-jemberkab.go.id/ ") == "http://kpu-jemberkab.go.id/"


def test_html_has_no_direction_controls_and_only_http_hrefs() -> None:
    html = render_html(_report([*UNSAFE_LINKS, GOOD]))
    assert not BIDI.search(html)
    assert "unduh formulirfdp.exe di sini" in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("https://kpu.go.id/cek-dpt") for h in hrefs), hrefs
    for bad in ("javascript:", "JavaScript:", "file:", "data:", "vbscript:", "//evil"):
        assert bad not in html


def test_json_link_fields_hold_only_http_links_and_text_has_no_direction_controls() -> None:
    text = render_json(_report([*UNSAFE_LINKS, GOOD]))
    assert not BIDI.search(text)
    data = json.loads(text)
    links = [q["url"] for q in data["unanswered"]]
    links += [m["correction_url"] for m in data["rumours"]]
    links += [p["url"] for p in data["own_posts"]]
    assert links.count(GOOD) == 3
    assert all(link in (None, GOOD) for link in links), links
    assert data["unanswered"][0]["quote"] == "unduh formulirfdp.exe di sini 0"
    assert data["notes"][-1] == "catatan kebalik"


def test_xlsx_link_cells_hold_only_http_links_and_text_has_no_direction_controls() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx_bytes(_report([*UNSAFE_LINKS, GOOD]))))
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    assert not any(BIDI.search(c) for c in cells)
    for sheet, column in (("Pertanyaan terbuka", "Tautan"), ("Rumor", "Tautan koreksi"),
                          ("Unggahan KPU", "Tautan")):
        ws = wb[sheet]
        col = [c.value for c in ws[1]].index(column) + 1
        values = [ws.cell(row=r, column=col).value for r in range(2, ws.max_row + 1)]
        assert values[-1] == GOOD
        assert all(v in (None, "") for v in values[:-1]), (sheet, values)
        assert all(ws.cell(row=r, column=col).hyperlink is None for r in range(2, ws.max_row))


def test_xlsx_survives_control_characters_a_worksheet_cannot_hold() -> None:
    report = _report([None])
    report.unanswered[0].quote = "baris\x0bbaru\x00 dan \x1b[31m merah"
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx_bytes(report)))
    shown = wb["Pertanyaan terbuka"]["A2"].value
    assert shown == "baris\ufffdbaru\ufffd dan \ufffd[31m merah"


def test_pdf_text_has_no_direction_controls(tmp_path: Path) -> None:
    try:
        from reports.render_pdf import render_pdf

        path = render_pdf(_report([GOOD]), tmp_path / "r.pdf")
    except PdfUnavailableError as exc:
        pytest.skip(f"WeasyPrint not usable here: {exc}")
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "fdp.exe" in text and not BIDI.search(text)
