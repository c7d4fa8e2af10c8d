"""Malformed export files for the import tests, generated (no committed binaries).

Each :class:`Case` writes one small file whose ids all start with a prefix unique to the case,
and says what `pantau import` must do with it: the exit code, words the output must hold,
exactly which ids are stored (with which texts), and exactly which rows are reported.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

DATE = "2024-11-20 10:00:00"
PREFIX_LEN = 4  # every case's ids start with a prefix of this length (see the test)
RUMOUR = 'katanya "diundur" benar min?'
Builder = Callable[[Path, str], Path]


@dataclass
class Case:
    name: str
    build: Builder
    code: int = 0
    stored: set[str] = field(default_factory=set)  # id suffixes (after the case prefix)
    problems: dict[int, str] = field(default_factory=dict)  # row -> words of its reason
    warnings: dict[int, str] = field(default_factory=dict)  # rows kept with a warning
    says: tuple[str, ...] = ()
    never_says: tuple[str, ...] = ()
    texts: dict[str, str] = field(default_factory=dict)  # id suffix -> exact stored text
    args: tuple[str, ...] = ("-p", "facebook")
    complete: bool | None = True  # the ledger's "complete" (None: no run recorded)


def _rows(prefix: str, n: int, start: int = 0) -> list[list[str]]:
    return [[f"{prefix}{i}", f"balasan nomor {i}", DATE] for i in range(start, start + n)]


def write_csv(
    path: Path,
    rows: list[list[str]],
    header: tuple[str, ...] = ("id", "text", "created_at"),
    **fmt: object,
) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, **fmt)  # type: ignore[arg-type]
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


def _csv_lines(path: Path, prefix: str, n: int, bad: dict[int, str]) -> Path:
    """``n`` plain rows written line by line, row number -> raw line replaced by ``bad``."""
    lines = ["id,text,created_at"]
    for row in range(2, n + 2):
        lines.append(bad.get(row, f"{prefix}{row - 2},balasan nomor {row - 2},{DATE}"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
    return path


def _plain(n: int) -> set[str]:
    return {str(i) for i in range(n)}


# --- CSV: quoting -------------------------------------------------------------------------


def b_python_doublequote(d: Path, p: str) -> Path:
    rows = _rows(p, 4)
    rows[1][1] = RUMOUR
    rows[3][1] = '"dari awal" sampai ""akhir""'
    return write_csv(d / "python_dq.csv", rows)


def b_excel_semicolon(d: Path, p: str) -> Path:
    rows = _rows(p, 3)
    rows[0][1] = RUMOUR
    rows[2][1] = "Tgl 27; jam 7"
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(
        [["id", "text", "created_at"], *rows]
    )
    path = d / "excel_semicolon.csv"
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return path


def b_excel_cp1252(d: Path, p: str) -> Path:
    rows = _rows(p, 3)
    rows[1][1] = "Café “diundur” — benar?"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(
        [["id", "text", "created_at"], *rows]
    )
    path = d / "excel_cp1252.csv"
    path.write_bytes(buf.getvalue().encode("cp1252"))
    return path


def b_tab_quoted(d: Path, p: str) -> Path:
    rows = _rows(p, 3)
    rows[2][1] = 'ada\ttab dan "kutip"'
    return write_csv(d / "tabs.tsv", rows, delimiter="\t")


def b_multiline_doublequote(d: Path, p: str) -> Path:
    rows = _rows(p, 3)
    rows[1][1] = 'baris satu\n"diundur" baris dua,\nbaris tiga'
    return write_csv(d / "multiline.csv", rows)


def b_stray_quote_mid_file(d: Path, p: str) -> Path:
    return _csv_lines(d / "stray_mid.csv", p, 40, {12: f'{p}10,"katanya diundur,{DATE}'})


def b_stray_quote_last_row(d: Path, p: str) -> Path:
    return _csv_lines(d / "stray_last.csv", p, 6, {7: f'{p}5,"tidak ditutup,{DATE}'})


def b_stray_quote_then_quoted_cell(d: Path, p: str) -> Path:
    # The swallowed stretch ends at the next quoted cell of the same column, so the swallowed
    # "row" has exactly the header's width: only its continuation lines give it away.
    return _csv_lines(
        d / "stray_width.csv",
        p,
        12,
        {4: f'{p}2,"katanya diundur,{DATE}', 9: f'{p}7,"""diundur"" katanya",{DATE}'},
    )


def b_stray_quote_multiline_after(d: Path, p: str) -> Path:
    return _csv_lines(
        d / "stray_then_multiline.csv",
        p,
        8,
        {3: f'{p}1,"dibuka saja,{DATE}', 6: f'{p}4,"dua\nbaris",{DATE}'},
    )


def b_stray_quote_closed_by_a_later_quote(d: Path, p: str) -> Path:
    # The next quote in the file ends a later cell (6" = six inches), so the swallowed "row"
    # parses cleanly with the header's width: the whole rows inside it give it away.
    return _csv_lines(
        d / "stray_closed.csv",
        p,
        8,
        {3: f'{p}1,"katanya diundur,{DATE}', 7: f'{p}5,layar 6",{DATE}'},
    )


def b_multiline_with_commas(d: Path, p: str) -> Path:
    # A comment line holding as many commas as a row is still part of its comment.
    rows = _rows(p, 3)
    rows[1][1] = "Info TPS:\nTgl 27, jam 7, di balai desa\nterima kasih"
    return write_csv(d / "multiline_commas.csv", rows)


def b_text_after_closing_quote(d: Path, p: str) -> Path:
    return _csv_lines(d / "after_quote.csv", p, 4, {3: f'{p}1,"diundur" katanya,{DATE}'})


def b_quote_inside_unquoted(d: Path, p: str) -> Path:
    return _csv_lines(d / "inner_quote.csv", p, 3, {3: f'{p}1,katanya "diundur",{DATE}'})


def b_wrong_width(d: Path, p: str) -> Path:
    return _csv_lines(d / "width.csv", p, 4, {3: f"{p}1,dua,koma,{DATE}", 4: f"{p}2,satu"})


# --- CSV: bad values ------------------------------------------------------------------------


def b_nul_byte(d: Path, p: str) -> Path:
    return _csv_lines(d / "nul.csv", p, 4, {3: f"{p}1,ada\x00nul,{DATE}"})


def b_bad_bytes(d: Path, p: str) -> Path:
    # A UTF-8 file with one byte from elsewhere: still UTF-8, that one row is reported.
    path = _csv_lines(d / "badbytes.csv", p, 3, {3: f"{p}1,Kapan coblosan? 🗳️ — é,{DATE}"})
    path.write_bytes(path.read_bytes() + f"{p}3,caf".encode() + b"\xe9" + f",{DATE}\n".encode())
    return path


def b_year_0001(d: Path, p: str) -> Path:
    return _csv_lines(d / "year1.csv", p, 3, {3: f"{p}1,tahun satu,0001-01-01 00:00:00"})


def b_year_9999(d: Path, p: str) -> Path:
    return _csv_lines(d / "year9999.csv", p, 3, {3: f"{p}1,tahun jauh,9999-12-31 23:59:59"})


def b_before_2000(d: Path, p: str) -> Path:
    return _csv_lines(d / "y1999.csv", p, 3, {2: f"{p}0,lama,1999-12-31 23:00:00"})


def b_future_dates(d: Path, p: str) -> Path:
    soon = (datetime.now(UTC) + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%SZ")
    later = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _csv_lines(
        d / "future.csv", p, 4, {3: f"{p}1,enam jam,{soon}", 4: f"{p}2,3 hari,{later}"}
    )


def b_long_ids(d: Path, p: str) -> Path:
    ok = p + "a" * (128 - len(p))
    too = p + "b" * (129 - len(p))
    return _csv_lines(d / "long_id.csv", p, 4, {3: f"{ok},pas,{DATE}", 4: f"{too},lebih,{DATE}"})


def b_long_parent(d: Path, p: str) -> Path:
    path = d / "long_parent.csv"
    rows = [[f"{p}{i}", "x" * 3 if i != 1 else "p" * 129, "t", DATE] for i in range(3)]
    rows[0][1] = ""
    return write_csv(path, rows, header=("id", "parent_id", "text", "created_at"))


def b_long_url_location(d: Path, p: str) -> Path:
    rows = [
        [f"{p}0", "biasa", DATE, "https://facebook.com/x", "Kalisat"],
        [f"{p}1", "url panjang", DATE, "https://facebook.com/" + "u" * 600, "Ambulu"],
        [f"{p}2", "lokasi panjang", DATE, "", "Jember " * 40],
    ]
    return write_csv(
        d / "long_fields.csv", rows, header=("id", "text", "created_at", "url", "author_location")
    )


def b_huge_likes(d: Path, p: str) -> Path:
    rows = [[f"{p}0", "suka", DATE, "9" * 5000], [f"{p}1", "biasa", DATE, "3"]]
    return write_csv(d / "likes.csv", rows, header=("id", "text", "created_at", "likes"))


def b_long_file_name(d: Path, p: str) -> Path:
    return _csv_lines(d / ("nama-" + "n" * 240 + ".csv"), p, 2, {})


def b_undecodable_file_name(d: Path, p: str) -> Path:
    name = (b"ekspor-\xff\xfe-" + p.encode() + b".csv").decode("utf-8", "surrogateescape")
    return _csv_lines(d / name, p, 2, {})


# --- CSV: files that are not exports -------------------------------------------------------


def b_header_only(d: Path, p: str) -> Path:
    path = d / "header_only.csv"
    path.write_text("id,text,created_at\n", encoding="utf-8")
    return path


def b_empty(d: Path, p: str) -> Path:
    path = d / "empty.csv"
    path.write_bytes(b"")
    return path


def b_missing_columns(d: Path, p: str) -> Path:
    path = d / "columns.csv"
    path.write_text(f"nama,pesan\n{p}0,halo\n", encoding="utf-8")
    return path


def b_gzip(d: Path, p: str) -> Path:
    inner = _csv_lines(d / "inner.csv", p, 3, {})
    path = d / "ekspor.csv.gz"
    path.write_bytes(gzip.compress(inner.read_bytes()))
    inner.unlink()
    return path


def b_gzip_named_csv(d: Path, p: str) -> Path:
    path = b_gzip(d, p)
    return path.rename(d / "ekspor_gz.csv")


def b_binary(d: Path, p: str) -> Path:
    path = d / "binary.csv"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def b_directory(d: Path, p: str) -> Path:
    path = d / "folder.csv"
    path.mkdir()
    return path


def b_plain_zip(d: Path, p: str) -> Path:
    path = d / "ekspor.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("ekspor.csv", f"id,text,created_at\n{p}0,x,{DATE}\n")
    return path


def b_pdf(d: Path, p: str) -> Path:
    path = d / "laporan.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    return path


# --- JSONL -----------------------------------------------------------------------------------


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _obj(p: str, i: int, text: str = "biasa", created: str = DATE) -> str:
    return json.dumps({"id": f"{p}{i}", "text": text, "created_at": created})


def _raw(id_json: str, text_json: str) -> str:
    """A JSONL line from raw JSON pieces (escapes json.dumps would never write)."""
    return '{"id": ' + id_json + ', "text": ' + text_json + ', "created_at": "' + DATE + '"}'


def b_jsonl_surrogate(d: Path, p: str) -> Path:
    bad = _raw(f'"{p}1"', '"rusak \\ud800 di sini"')
    pair = _raw(f'"{p}2"', '"emoji \\ud83d\\uddf3"')
    return _jsonl(d / "surrogate.jsonl", [_obj(p, 0), bad, pair])


def b_jsonl_deep(d: Path, p: str) -> Path:
    deep = _raw(f'"{p}1"', "[" * 100_000 + "]" * 100_000)
    return _jsonl(d / "deep.jsonl", [_obj(p, 0), deep, _obj(p, 2)])


def b_jsonl_nested(d: Path, p: str) -> Path:
    nested = _raw(f'"{p}1"', "[" * 60 + "]" * 60)
    return _jsonl(d / "nested.jsonl", [_obj(p, 0), nested])


def b_jsonl_huge_int(d: Path, p: str) -> Path:
    big = _raw("7" * 5000, '"angka"')
    return _jsonl(d / "bigint.jsonl", [_obj(p, 0), big, _obj(p, 2)])


def b_jsonl_nul(d: Path, p: str) -> Path:
    return _jsonl(d / "nul.jsonl", [_obj(p, 0), _obj(p, 1, "ada\x00nul")])


def b_jsonl_years(d: Path, p: str) -> Path:
    return _jsonl(
        d / "years.jsonl",
        [_obj(p, 0), _obj(p, 1, created="0001-01-01T00:00:00"), _obj(p, 2, created="9999-01-01")],
    )


def b_jsonl_not_objects(d: Path, p: str) -> Path:
    return _jsonl(d / "mixed.jsonl", [_obj(p, 0), "[1, 2]", '"teks"', "{rusak", _obj(p, 4)])


def b_jsonl_long_id(d: Path, p: str) -> Path:
    return _jsonl(
        d / "longid.jsonl",
        [_obj(p, 0), json.dumps({"id": p + "x" * 200, "text": "t", "created_at": DATE})],
    )


def b_json_array(d: Path, p: str) -> Path:
    path = d / "array.json"
    path.write_text(json.dumps([json.loads(_obj(p, 0)), json.loads(_obj(p, 1))]), encoding="utf-8")
    return path


def b_json_pretty(d: Path, p: str) -> Path:
    path = d / "pretty.json"
    path.write_text(json.dumps(json.loads(_obj(p, 0)), indent=2), encoding="utf-8")
    return path


# --- XLSX ------------------------------------------------------------------------------------

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["id", "text", "created_at"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _replace_member(path: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return path


def _sheet(rows_xml: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}"><sheetData>'
        + rows_xml
        + "</sheetData></worksheet>"
    ).encode()


def _inline_row(n: int, cells: list[str]) -> str:
    inner = "".join(f'<c t="inlineStr"><is><t>{c}</t></is></c>' for c in cells)
    return f'<row r="{n}">{inner}</row>'


def b_xlsx_wrong_dimension(d: Path, p: str) -> Path:
    path = _workbook(d / "dimension.xlsx", [[f"{p}{i}", "baris", DATE] for i in range(5)])
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'ref="A1:C6"' in sheet
    return _replace_member(
        path, "xl/worksheets/sheet1.xml", sheet.replace("A1:C6", "A1:C2").encode()
    )


def b_xlsx_year_9999(d: Path, p: str) -> Path:
    return _workbook(
        d / "y9999.xlsx",
        [[f"{p}0", "biasa", datetime(2024, 11, 20, 9)], [f"{p}1", "jauh", datetime(9999, 1, 1)]],
    )


def b_xlsx_bomb(d: Path, p: str) -> Path:
    path = _workbook(d / "bomb.xlsx", [[f"{p}0", "biasa", DATE]])
    body = (
        _inline_row(1, ["id", "text", "created_at"]) + '<row r="2">' + "<c/>" * 600_000 + "</row>"
    )
    return _replace_member(path, "xl/worksheets/sheet1.xml", _sheet(body))


def b_xlsx_wide_row(d: Path, p: str) -> Path:
    path = _workbook(d / "wide.xlsx", [[f"{p}0", "biasa", DATE]])
    cells = "".join(f'<c t="n"><v>{i % 97}</v></c>' for i in range(16_385))
    body = _inline_row(1, ["id", "text", "created_at"]) + f'<row r="2">{cells}</row>'
    return _replace_member(path, "xl/worksheets/sheet1.xml", _sheet(body))


def b_xlsx_far_row(d: Path, p: str) -> Path:
    path = _workbook(d / "farrow.xlsx", [[f"{p}0", "biasa", DATE]])
    body = _inline_row(1, ["id", "text", "created_at"]) + _inline_row(
        99_999_999_999, [f"{p}1", "jauh", DATE]
    )
    return _replace_member(path, "xl/worksheets/sheet1.xml", _sheet(body))


def _prefixed_sheet(rows: list[list[str]]) -> bytes:
    def row(n: int, cells: list[str]) -> str:
        inner = "".join(f'<x:c t="inlineStr"><x:is><x:t>{c}</x:t></x:is></x:c>' for c in cells)
        return f'<x:row r="{n}">{inner}</x:row>'

    body = "".join(row(n, cells) for n, cells in enumerate(rows, start=1))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{_NS}"><x:sheetData>'
        f"{body}</x:sheetData></x:worksheet>"
    ).encode()


def b_xlsx_prefixed(d: Path, p: str) -> Path:
    # Written the way the .NET Open XML SDK writes: every tag with a namespace prefix.
    path = _workbook(d / "prefixed.xlsx", [])
    rows = [["id", "text", "created_at"], *([f"{p}{i}", "baris", DATE] for i in range(3))]
    return _replace_member(path, "xl/worksheets/sheet1.xml", _prefixed_sheet(rows))


def b_xlsx_prefixed_wide(d: Path, p: str) -> Path:
    path = _workbook(d / "prefixed_wide.xlsx", [])
    rows = [
        ["id", "text", "created_at"],
        [f"{p}0", "baris", DATE],
        [str(i % 97) for i in range(16_385)],
    ]
    return _replace_member(path, "xl/worksheets/sheet1.xml", _prefixed_sheet(rows))


def b_xlsx_truncated(d: Path, p: str) -> Path:
    path = _workbook(d / "truncated.xlsx", [[f"{p}0", "biasa", DATE]])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def b_xlsx_bad_crc(d: Path, p: str) -> Path:
    path = _workbook(d / "badcrc.xlsx", [[f"{p}{i}", "baris " * 20, DATE] for i in range(30)])
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 40, start + 60):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    return path


def b_xlsx_broken_xml(d: Path, p: str) -> Path:
    path = _workbook(d / "brokenxml.xlsx", [[f"{p}0", "biasa", DATE]])
    body = _inline_row(1, ["id", "text", "created_at"]) + '<row r="2"><c t="inlineStr"><is><t>'
    return _replace_member(path, "xl/worksheets/sheet1.xml", _sheet(body)[:-30])


def b_xlsx_not_zip(d: Path, p: str) -> Path:
    path = d / "teks.xlsx"
    path.write_text(f"id,text,created_at\n{p}0,x,{DATE}\n", encoding="utf-8")
    return path


STRAY = "tanda kutip"
CASES: list[Case] = [
    Case(
        "python_dq",
        b_python_doublequote,
        stored=_plain(4),
        texts={"1": RUMOUR, "3": '"dari awal" sampai ""akhir""'},
    ),
    Case(
        "excel_semicolon",
        b_excel_semicolon,
        stored=_plain(3),
        texts={"0": RUMOUR, "2": "Tgl 27; jam 7"},
    ),
    Case(
        "excel_cp1252",
        b_excel_cp1252,
        stored=_plain(3),
        texts={"1": "Café “diundur” — benar?"},
        says=("cp1252",),
    ),
    Case("tabs", b_tab_quoted, stored=_plain(3), texts={"2": 'ada\ttab dan "kutip"'}),
    Case(
        "multiline",
        b_multiline_doublequote,
        stored=_plain(3),
        texts={"1": 'baris satu\n"diundur" baris dua,\nbaris tiga'},
    ),
    Case(
        "stray_mid",
        b_stray_quote_mid_file,
        stored=_plain(40) - {"10"},
        problems={12: STRAY},
        complete=False,
        says=("tidak dicatat sebagai terimpor lengkap",),
    ),
    Case(
        "stray_last", b_stray_quote_last_row, stored=_plain(5), problems={7: STRAY}, complete=False
    ),
    Case(
        "stray_width",
        b_stray_quote_then_quoted_cell,
        stored=_plain(12) - {"2"},
        problems={4: STRAY},
        texts={"7": '"diundur" katanya'},
        complete=False,
    ),
    Case(
        "stray_multiline",
        b_stray_quote_multiline_after,
        stored=_plain(8) - {"1"},
        problems={3: STRAY},
        texts={"4": "dua\nbaris"},
        complete=False,
    ),
    Case(
        "stray_closed",
        b_stray_quote_closed_by_a_later_quote,
        stored=_plain(8) - {"1"},
        problems={3: STRAY},
        texts={"5": 'layar 6"'},
        complete=False,
    ),
    Case(
        "multiline_commas",
        b_multiline_with_commas,
        stored=_plain(3),
        texts={"1": "Info TPS:\nTgl 27, jam 7, di balai desa\nterima kasih"},
    ),
    Case(
        "after_quote",
        b_text_after_closing_quote,
        stored={"0", "2", "3"},
        problems={3: "sesudah tanda kutip"},
    ),
    Case(
        "inner_quote", b_quote_inside_unquoted, stored=_plain(3), texts={"1": 'katanya "diundur"'}
    ),
    Case(
        "width",
        b_wrong_width,
        stored={"0", "3"},
        problems={3: "jumlah kolom 4", 4: "jumlah kolom 2"},
    ),
    Case("nul", b_nul_byte, stored={"0", "2", "3"}, problems={3: "NUL"}),
    Case(
        "badbytes",
        b_bad_bytes,
        stored=_plain(3),
        problems={5: "tidak terbaca"},
        texts={"1": "Kapan coblosan? 🗳️ — é"},
    ),
    Case("year1", b_year_0001, stored={"0", "2"}, problems={3: "sebelum tahun 2000"}),
    Case("year9999", b_year_9999, stored={"0", "2"}, problems={3: "sesudah saat impor"}),
    Case("y1999", b_before_2000, stored={"1", "2"}, problems={2: "1999-12-31"}),
    Case("future", b_future_dates, stored={"0", "1", "3"}, problems={4: "lebih dari 1 hari"}),
    Case(
        "long_id",
        b_long_ids,
        stored={"0", "a" * (128 - PREFIX_LEN), "3"},
        problems={4: "id terlalu panjang (129"},
    ),
    Case("long_parent", b_long_parent, stored={"0", "2"}, problems={3: "id induk terlalu panjang"}),
    Case(
        "long_fields",
        b_long_url_location,
        stored=_plain(3),
        warnings={3: "tautan terlalu panjang", 4: "lokasi terlalu panjang"},
    ),
    Case("likes", b_huge_likes, stored=_plain(2)),
    Case("long_name", b_long_file_name, stored=_plain(2)),
    Case("odd_name", b_undecodable_file_name, stored=_plain(2), says=("ekspor-\ufffd\ufffd-",)),
    Case("header_only", b_header_only, code=4, says=("tidak ada baris data",), complete=None),
    Case("empty", b_empty, code=4, says=("berkas kosong",), complete=None),
    Case(
        "columns",
        b_missing_columns,
        code=4,
        says=("kolom wajib tidak ada", "nama, pesan"),
        complete=None,
    ),
    Case("gzip", b_gzip, code=4, says=("gzip", "gunzip"), complete=None),
    Case("gzip_csv", b_gzip_named_csv, code=4, says=("gzip",), complete=None),
    Case("binary", b_binary, code=4, says=("bukan berkas teks",), complete=None),
    Case("folder", b_directory, code=4, says=("adalah folder",), complete=None),
    Case("zip", b_plain_zip, code=4, says=("arsip ZIP", "Ekstrak"), complete=None),
    Case("pdf", b_pdf, code=4, says=("dokumen PDF",), complete=None),
    Case(
        "j_surrogate",
        b_jsonl_surrogate,
        stored={"0", "2"},
        problems={2: "surrogate"},
        texts={"2": "emoji \U0001f5f3"},
    ),
    Case("j_deep", b_jsonl_deep, stored={"0", "2"}, problems={2: "bersarang"}),
    Case("j_nested", b_jsonl_nested, stored={"0"}, problems={2: "bersarang"}),
    Case(
        "j_bigint", b_jsonl_huge_int, stored={"0", "2"}, problems={2: "angka yang terlalu panjang"}
    ),
    Case("j_nul", b_jsonl_nul, stored={"0"}, problems={2: "NUL"}),
    Case(
        "j_years",
        b_jsonl_years,
        stored={"0"},
        problems={2: "sebelum tahun 2000", 3: "sesudah saat impor"},
    ),
    Case(
        "j_mixed",
        b_jsonl_not_objects,
        stored={"0", "4"},
        problems={2: "bukan objek", 3: "bukan objek", 4: "JSON rusak"},
    ),
    Case("j_longid", b_jsonl_long_id, stored={"0"}, problems={2: "id terlalu panjang"}),
    Case("j_array", b_json_array, code=4, says=("larik", "JSONL", "jq -c"), complete=None),
    Case("j_pretty", b_json_pretty, code=4, says=("banyak baris", "jq -c"), complete=None),
    Case("x_dimension", b_xlsx_wrong_dimension, stored=_plain(5)),
    Case("x_9999", b_xlsx_year_9999, stored={"0"}, problems={3: "sesudah saat impor"}),
    Case("x_bomb", b_xlsx_bomb, code=4, says=("mengembang", "CSV"), complete=None),
    Case("x_wide", b_xlsx_wide_row, code=4, says=("16,384 sel",), complete=None),
    Case("x_farrow", b_xlsx_far_row, code=4, says=("1,048,576",), complete=None),
    Case("x_prefixed", b_xlsx_prefixed, stored=_plain(3)),
    Case("x_prefixed_wide", b_xlsx_prefixed_wide, code=4, says=("16,384 sel",), complete=None),
    Case(
        "x_truncated",
        b_xlsx_truncated,
        code=4,
        says=("bukan berkas XLSX yang valid",),
        complete=None,
    ),
    Case("x_badcrc", b_xlsx_bad_crc, code=4, says=("bukan berkas XLSX yang valid",), complete=None),
    Case(
        "x_brokenxml",
        b_xlsx_broken_xml,
        code=4,
        says=("bukan berkas XLSX yang valid",),
        complete=None,
    ),
    Case("x_notzip", b_xlsx_not_zip, code=4, says=("isinya bukan arsip ZIP",), complete=None),
]
