"""Reading an XLSX export row by row, after checking the file cannot exhaust memory or time.

openpyxl's read-only mode streams rows, but it keeps every shared string in memory and turns
each row into a list of per-cell dicts (hundreds of bytes a cell) before handing it over: an
8.6 KB sheet holding one row of a million empty cells took 392 MB and 4.5 s to import, the
issue's 9 KB sheet 728 MB. A row numbered in the billions made it yield empty rows for hours,
and a sheet whose declared dimension was too small lost every row past it, silently. So:

- Before openpyxl opens anything (:func:`check_xlsx`), the zip directory: at most
  ``MAX_UNCOMPRESSED`` (256 MB) of members in all, and no member over 1 MB that expands more
  than ``MAX_RATIO`` (100) times. Sizes in the directory bound what zipfile will ever return
  (it stops at the declared size and checks the CRC). 100,000 replies in a sheet are about
  56 MB of XML that compresses 8 times, and such an import peaks at 161 MB; real sheets
  compress 4-15 times (text) up to ~30 (numbers, styles), while a member expanding a
  hundredfold was built to expand. 256 MB keeps an import under about 1 GB; larger exports
  belong in CSV, which is streamed without any limit.
- Then one pass over each sheet's XML (bytes splits and counts: 0.3 s for those 100,000
  rows, against openpyxl's 20 s) refuses a row with more than 16,384 cells (Excel's last
  column is XFD) and finds a corrupt member before any row is stored.
- While reading: the declared dimension is ignored (``reset_dimensions``), rows are cut to the
  header's width, and a row number past 1,048,576 (Excel's last row) stops the file.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from collectors.source_rows import Progress, SourceRow, display_name, unstorable
from core.errors import InputFileError

MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024
MAX_CELLS_PER_ROW = 16_384  # Excel: columns A..XFD
MAX_ROWS = 1_048_576  # Excel's last row

_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData[\s/>]")
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


def _too_big(path: Path, reason: str) -> InputFileError:
    return InputFileError(
        f"{display_name(path)}: berkas XLSX ditolak karena {reason}",
        "Simpan lembar itu sebagai CSV (File > Save As > CSV UTF-8) lalu impor berkas CSV-nya.",
    )


def _corrupt(path: Path, detail: str) -> InputFileError:
    return InputFileError(
        f"{display_name(path)}: bukan berkas XLSX yang valid ({detail})",
        "Buka berkas itu di Excel atau Google Sheets lalu simpan ulang, atau ekspor ulang.",
    )


def _scan_sheet(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream one worksheet's XML and refuse a row of more than MAX_CELLS_PER_ROW cells.

    Plain bytes splits and counts over 1 MB chunks, one Python step per row, so the scan is a
    small part of an XLSX import. Cell tags are counted as "<c" (with the sheet's namespace
    prefix, if it uses one): inside a row that also counts a rich-text colour run, which can
    only make a row look wider, and matters only for rows near 16,384 cells.
    """
    row_tag = cell_tag = b""
    cells = 0  # in the row still open at the end of the previous chunk
    tail = b""
    with archive.open(info) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            # Keep what may be the start of a split tag for the next chunk.
            tail, data = data[-16:], data[:-16]
            if not row_tag:
                found = _SHEET_DATA.search(data)
                if found is None:
                    tail = data[-(1 << 20) :] + tail  # sheetData may start in the next chunk
                    continue
                prefix = found.group(1) or b""
                row_tag, cell_tag = b"<" + prefix + b"row", b"<" + prefix + b"c"
                data = data[found.end() :]
            for number, segment in enumerate(data.split(row_tag)):
                if number:
                    cells = 0  # a new row starts here
                cells += segment.count(cell_tag)
                if cells > MAX_CELLS_PER_ROW:
                    raise _too_big(path, f"ada baris dengan lebih dari {MAX_CELLS_PER_ROW:,} sel")
        if row_tag:
            cells += tail.count(cell_tag)
            if cells > MAX_CELLS_PER_ROW:
                raise _too_big(path, f"ada baris dengan lebih dari {MAX_CELLS_PER_ROW:,} sel")


def check_xlsx(path: Path) -> None:
    """Refuse a corrupt or oversized XLSX before openpyxl reads it (see the module doc)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise _corrupt(path, "arsip ZIP tanpa xl/workbook.xml")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED:
                raise _too_big(
                    path,
                    f"isinya mengembang menjadi {total / 2**20:,.0f} MB "
                    f"(batas {MAX_UNCOMPRESSED // 2**20} MB)",
                )
            for info in infos:
                if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_RATIO * max(
                    info.compress_size, 1
                ):
                    raise _too_big(
                        path,
                        f"bagian {info.filename[:60]} mengembang "
                        f"{info.file_size // max(info.compress_size, 1):,} kali "
                        f"(batas {MAX_RATIO} kali)",
                    )
            for info in infos:
                if _SHEET.fullmatch(info.filename):
                    _scan_sheet(path, archive, info)
    except InputFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise _corrupt(path, "arsip ZIP rusak") from exc
    except (NotImplementedError, RuntimeError, ValueError) as exc:
        # An unsupported compression method, an encrypted member, a bad header field.
        raise _corrupt(path, "arsip ZIP tidak dapat dibaca") from exc
    except Exception as exc:  # zlib.error and friends from a damaged stream
        raise _corrupt(path, "arsip ZIP rusak") from exc


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ids typed as numbers in Excel must not become '1.2e+15'
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime):
        return value
    return "" if value is None else str(value)


def iter_xlsx(path: Path, progress: Progress | None = None) -> Iterator[SourceRow]:
    check_xlsx(path)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises whatever its parsers meet in a damaged file
        raise _corrupt(path, type(exc).__name__) from exc
    number = 1
    try:
        if not wb.worksheets:
            raise _corrupt(path, "tidak ada lembar kerja")
        ws = wb.worksheets[0]
        # The dimension a file declares is only a claim: with it, openpyxl stops at the
        # declared last row and silently drops the rows after it.
        ws.reset_dimensions()  # type: ignore[union-attr]
        header_row = next(
            ws.iter_rows(max_row=1, max_col=MAX_CELLS_PER_ROW, values_only=True), None
        )
        if header_row is None:
            raise InputFileError(f"{display_name(path)}: lembar kerja pertama kosong")
        header = [str(h).strip() if h is not None else "" for h in header_row]
        while header and not header[-1]:
            header.pop()
        if not header:
            raise InputFileError(f"{display_name(path)}: baris judul (header) kosong")
        # Rows no wider than the header: openpyxl pads each row to its last cell, and a cell
        # at column ZZZ made every row an 18,278-wide tuple.
        rows = ws.iter_rows(min_row=2, max_col=len(header), values_only=True)
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS:
                # openpyxl yields an empty row for every missing row number: a row numbered
                # in the billions would take hours. Excel's last row is the limit.
                raise _too_big(path, f"ada baris bernomor di atas {MAX_ROWS:,}")
            if progress is not None and number % 1000 == 0:
                progress(0)
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            row = {h: _cell(v) for h, v in zip(header, values, strict=False) if h}
            yield SourceRow(line=number, values=row, error=unstorable(row))
    except InputFileError:
        raise
    except Exception as exc:
        raise _corrupt(
            path, f"rusak sesudah baris {number}; baris sebelumnya sudah diproses"
        ) from exc
    finally:
        wb.close()
