"""Which kind of export a file is, its encoding, and the reader that yields its rows.

Readers: CSV (``collectors/csv_rows.py``), JSONL (here), XLSX (``collectors/xlsx_rows.py``).
Streaming throughout: a 200 MB export is never held in memory. A file that is not an export at
all (a folder, a compressed archive, a binary file, a JSON array) is refused with a message
that says what it is and what to do, and nothing of it is echoed.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from collectors.csv_rows import iter_csv
from collectors.source_rows import Progress, SourceRow, display_name, open_text, unstorable
from collectors.xlsx_rows import iter_xlsx
from core.errors import InputFileError

__all__ = [
    "FORMATS",
    "Progress",
    "SourceRow",
    "detect_encoding",
    "detect_format",
    "iter_jsonl",
    "iter_rows",
]

FORMATS = ("csv", "jsonl", "xlsx")
# Nested values deeper than this are not a social-media export; json would also recurse.
MAX_JSON_DEPTH = 32
_ARCHIVES = (
    (b"\x1f\x8b", "terkompresi gzip (.gz)", "Ekstrak dulu, mis. `gunzip BERKAS.gz`"),
    (b"BZh", "terkompresi bzip2 (.bz2)", "Ekstrak dulu, mis. `bunzip2 BERKAS.bz2`"),
    (b"\xfd7zXZ\x00", "terkompresi xz (.xz)", "Ekstrak dulu, mis. `unxz BERKAS.xz`"),
    (b"7z\xbc\xaf\x27\x1c", "arsip 7-Zip", "Ekstrak dulu lalu impor berkas di dalamnya."),
    (b"Rar!", "arsip RAR", "Ekstrak dulu lalu impor berkas di dalamnya."),
    (b"%PDF", "dokumen PDF", "Impor ekspor data (CSV, JSONL atau XLSX), bukan laporan PDF."),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "Excel lama (.xls) atau Excel berkata sandi",
        "Buka di Excel, lepas kata sandinya bila ada, lalu simpan sebagai .xlsx atau CSV UTF-8.",
    ),
)


def _refuse(path: Path, what: str, hint: str) -> InputFileError:
    return InputFileError(f"{display_name(path)}: {what}", hint)


def check_export_path(path: Path) -> None:
    """InputFileError unless ``path`` is a non-empty file (a folder, a missing or empty file
    each get their own message); shared by ``pantau import`` and ``pantau tag``."""
    shown = display_name(path)
    if path.is_dir():
        raise InputFileError(
            f"{shown} adalah folder, bukan berkas",
            "Sebutkan satu berkas ekspor (CSV, JSONL atau XLSX) di dalam folder itu.",
        )
    if not path.is_file():
        raise InputFileError(f"Berkas tidak ditemukan: {shown}")
    if path.stat().st_size == 0:
        raise InputFileError(f"{shown}: berkas kosong", "Ekspor ulang datanya.")


def detect_format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``xlsx``: from the content where it tells, else the suffix.

    Raises InputFileError for a file that is no export (archive, binary, non-XLSX zip).
    """
    with path.open("rb") as fh:
        head = fh.read(4096)
    for magic, what, hint in _ARCHIVES:
        if head.startswith(magic):
            raise _refuse(path, f"berkas {what}, bukan ekspor CSV/JSONL/XLSX", hint)
    suffix = path.suffix.lower()
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                is_xlsx = "xl/workbook.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            is_xlsx = suffix in (".xlsx", ".xlsm")  # a damaged XLSX: its reader says so
        if not is_xlsx:
            raise _refuse(
                path,
                "arsip ZIP, bukan ekspor CSV/JSONL/XLSX",
                "Ekstrak dulu lalu impor berkas CSV/JSONL/XLSX di dalamnya.",
            )
        return "xlsx"
    if suffix in (".xlsx", ".xlsm"):
        raise _refuse(
            path,
            "bukan berkas XLSX yang valid (isinya bukan arsip ZIP)",
            "Buka berkas itu di Excel atau Google Sheets lalu simpan ulang, atau ekspor ulang.",
        )
    if not head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text holds NUL bytes
        first_line = head.split(b"\n", 1)[0]
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
        if b"\x00" in first_line or controls * 10 > len(head):
            raise _refuse(
                path,
                "bukan berkas teks (berisi byte biner)",
                "Impor ekspor CSV (UTF-8), JSONL atau XLSX. Bila berkas ini CSV dari Excel "
                "dalam UTF-16, simpan ulang sebagai CSV UTF-8.",
            )
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if head.lstrip().startswith((b"{", b"[")):
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
    # A multi-byte character may be cut at the end of the sample: ignore the last 3 bytes.
    text = sample[: max(0, len(sample) - 3)].decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if not bad:
        return "utf-8"
    # A UTF-8 export with a stray byte or two (a row pasted from elsewhere) is still UTF-8: read
    # as cp1252, every emoji and accent of every other row would be stored as mojibake. cp1252
    # text almost never forms valid multi-byte UTF-8, so valid ones outnumbering the bad bytes
    # tell; the rows holding the bad bytes are then reported as unreadable.
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return "utf-8" if good > bad else "cp1252"


def _too_deep(value: Any) -> bool:
    """Whether ``value`` nests containers deeper than MAX_JSON_DEPTH (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _json_row(number: int, text: str) -> SourceRow:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return SourceRow(line=number, values={}, error=f"JSON rusak: {exc.msg}")
    except RecursionError:
        return SourceRow(line=number, values={}, error="JSON terlalu bersarang")
    except ValueError:  # e.g. an integer longer than Python converts (4,300 digits)
        return SourceRow(line=number, values={}, error="JSON berisi angka yang terlalu panjang")
    if not isinstance(obj, dict):
        return SourceRow(line=number, values={}, error="baris bukan objek JSON")
    if any(isinstance(v, dict | list) for v in obj.values()) and _too_deep(obj):
        return SourceRow(line=number, values={}, error="JSON terlalu bersarang")
    return SourceRow(line=number, values=obj, error=unstorable(obj))


def iter_jsonl(path: Path, encoding: str, progress: Progress | None = None) -> Iterator[SourceRow]:
    with open_text(path, encoding, progress) as fh:
        empty = True
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            if empty:
                empty = False
                start = text.lstrip("\ufeff \t")
                if start.startswith("["):
                    raise InputFileError(
                        f"{display_name(path)}: berkas JSON berisi satu larik ([ ... ]), "
                        "sedangkan yang dibaca adalah JSONL: satu objek JSON per baris",
                        "Ubah dulu menjadi JSONL, mis. `jq -c '.[]' BERKAS.json > BERKAS.jsonl`, "
                        "lalu impor berkas .jsonl itu.",
                    )
                if start.rstrip() == "{":
                    raise InputFileError(
                        f"{display_name(path)}: objek JSON ditulis di banyak baris, sedangkan "
                        "yang dibaca adalah JSONL: satu objek JSON per baris",
                        "Ubah dulu menjadi JSONL, mis. `jq -c . BERKAS.json > BERKAS.jsonl`.",
                    )
            yield _json_row(number, text)
        if empty:
            raise InputFileError(
                f"{display_name(path)}: berkas kosong", "Ekspor ulang data lalu impor lagi."
            )


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
