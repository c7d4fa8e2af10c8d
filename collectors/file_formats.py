"""Reading export files (CSV, JSONL, XLSX) row by row, with line numbers and byte progress.

Streaming throughout: a 200 MB export is never held in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from core.errors import InputFileError

FORMATS = ("csv", "jsonl", "xlsx")
# Comments and long posts exceed csv's default 128 KiB field limit; keep a sane ceiling.
csv.field_size_limit(16 * 1024 * 1024)

Progress = Callable[[int], None]


class SourceRow:
    """One row of an export: its line number, its values by column name, or why it is unusable.

    CSV rows keep their cells as a list beside the shared header (``cells``/``header``) and
    build the name -> value dict only when ``values`` is asked for: the importer reads cells by
    position, and a dict per row was a measurable share of a 100,000-row import.
    """

    __slots__ = ("_values", "cells", "error", "header", "line")

    def __init__(
        self,
        line: int,
        values: dict[str, Any] | None = None,
        error: str | None = None,
        cells: list[str] | None = None,
        header: list[str] | None = None,
    ) -> None:
        self.line = line
        self._values = values
        self.error = error
        self.cells = cells
        self.header = header

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            self._values = dict(zip(self.header or (), self.cells or (), strict=False))
        return self._values

    def __repr__(self) -> str:
        return f"SourceRow(line={self.line!r}, values={self.values!r}, error={self.error!r})"


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(b"PK"):
        return "xlsx"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    return "csv"


def detect_encoding(path: Path, sample_size: int = 1 << 20) -> str:
    """UTF-8 (with or without BOM) when the sample decodes, else cp1252 (old Excel exports)."""
    with path.open("rb") as fh:
        sample = fh.read(sample_size)
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        # A multi-byte character may be cut at the end of the sample: ignore the last 3 bytes.
        sample[: max(0, len(sample) - 3)].decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


class _CountingReader(io.RawIOBase):
    """Wraps a binary file and reports how many bytes were consumed (for progress bars)."""

    def __init__(self, raw: BinaryIO, progress: Progress | None) -> None:
        self._raw = raw
        self._progress = progress
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.consumed += n
        if self._progress is not None and n:
            self._progress(n)
        return n


class _ReplacementCounter:
    """Counts undecodable bytes, so rows can be checked with one integer comparison."""

    count = 0

    @classmethod
    def handler(cls, exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        cls.count += 1
        return "\ufffd", exc.end


codecs.register_error("pantau-count-replace", _ReplacementCounter.handler)


def _open_text(path: Path, encoding: str, progress: Progress | None) -> io.TextIOWrapper:
    raw = path.open("rb")
    counted = io.BufferedReader(_CountingReader(raw, progress), buffer_size=1 << 16)
    # An undecodable byte spoils one character, not the whole import; rows where that
    # happened are reported so the user can re-export.
    return io.TextIOWrapper(counted, encoding=encoding, errors="pantau-count-replace", newline="")


def _sniff(path: Path, encoding: str) -> Any:
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(64 * 1024)
    if not sample.strip():
        raise InputFileError(f"{path}: berkas kosong", "Ekspor ulang data lalu impor lagi.")
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def iter_csv(path: Path, encoding: str, progress: Progress | None = None) -> Iterator[SourceRow]:
    dialect = _sniff(path, encoding)
    with _open_text(path, encoding, progress) as fh:
        reader = csv.reader(fh, dialect)
        try:
            header = next(reader)
        except StopIteration as exc:
            raise InputFileError(f"{path}: berkas kosong") from exc
        header = [h.strip() for h in header]
        if not any(header):
            raise InputFileError(f"{path}: baris judul (header) kosong")
        # Row numbers as a spreadsheet shows them (header = row 1), which is how the media team
        # opens exports; a quoted multi-line comment still counts as one row.
        line = 1
        width = len(header)
        # The decoder reads ahead of the csv reader, so a replacement is attributed by
        # looking for U+FFFD in the rows only after the counter moved.
        seen_replacements = _ReplacementCounter.count
        while True:
            line += 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield SourceRow(line, {}, f"CSV rusak: {exc}", header=header)
                continue
            if not values or (not values[0].strip() and not any(v.strip() for v in values)):
                continue
            error = None
            if len(values) != width:
                error = f"jumlah kolom {len(values)}, seharusnya {width}"
            elif _ReplacementCounter.count != seen_replacements and any(
                "\ufffd" in v for v in values
            ):
                error = "karakter tidak terbaca (pengodean berkas tercampur)"
            yield SourceRow(line, None, error, values, header)


def iter_jsonl(path: Path, encoding: str, progress: Progress | None = None) -> Iterator[SourceRow]:
    with _open_text(path, encoding, progress) as fh:
        empty = True
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            empty = False
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield SourceRow(line=number, values={}, error=f"JSON rusak: {exc.msg}")
                continue
            if not isinstance(obj, dict):
                yield SourceRow(line=number, values={}, error="baris bukan objek JSON")
                continue
            yield SourceRow(line=number, values=obj)
        if empty:
            raise InputFileError(f"{path}: berkas kosong", "Ekspor ulang data lalu impor lagi.")


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ids typed as numbers in Excel must not become '1.2e+15'
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime):
        return value
    return "" if value is None else str(value)


def iter_xlsx(path: Path, progress: Progress | None = None) -> Iterator[SourceRow]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InputFileError(f"{path}: bukan berkas XLSX yang valid ({exc})") from exc
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise InputFileError(f"{path}: lembar kerja pertama kosong")
        header = [str(h).strip() if h is not None else "" for h in header_row]
        for number, values in enumerate(rows, start=2):
            if progress is not None and number % 1000 == 0:
                progress(0)
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            yield SourceRow(
                line=number,
                values={h: _cell(v) for h, v in zip(header, values, strict=False) if h},
            )
    finally:
        wb.close()


def iter_rows(
    path: Path, fmt: str, encoding: str, progress: Progress | None = None
) -> Iterator[SourceRow]:
    if fmt == "csv":
        return iter_csv(path, encoding, progress)
    if fmt == "jsonl":
        return iter_jsonl(path, encoding, progress)
    if fmt == "xlsx":
        return iter_xlsx(path, progress)
    raise InputFileError(f"Format berkas tidak dikenal: {fmt}", f"Pilihan: {', '.join(FORMATS)}")
