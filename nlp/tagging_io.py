"""Reading ``pantau tag`` input (CSV or JSONL) and writing its JSONL output.

Rows are read lazily and tagged in chunks, so a large file needs little memory. A row that
cannot be used (no text, a line that is not JSON) still yields a :class:`TagInput` carrying an
``error``, so the output has exactly one line per input row. A file that is not CSV or JSONL at
all raises :class:`InputFileError`.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TextIO

from core.errors import InputFileError
from nlp.pipeline import TaggingPipeline, TagInput

CHUNK_SIZE = 512
_SNIFF_BYTES = 64 * 1024
_TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"


@dataclass(frozen=True, slots=True)
class TagSummary:
    """What a ``tag_file`` run did."""

    rows: int
    errors: int
    input_format: str


def detect_format(path: Path) -> str:
    """``csv`` or ``jsonl`` from the extension, else from the first non-blank character."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    head = _read_head(path)
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        return "jsonl"
    first_line = stripped.splitlines()[0] if stripped else ""
    if "text" in [c.strip().strip('"').lower() for c in _split_header(first_line)]:
        return "csv"
    raise InputFileError(
        f"Berkas {path} bukan CSV (dengan kolom 'text') atau JSONL.",
        hint="Gunakan CSV berkolom 'text' (dan 'id') atau JSONL {\"id\":..., \"text\":...}.",
    )


def _split_header(line: str) -> list[str]:
    for delimiter in (",", ";", "\t"):
        if delimiter in line:
            return next(csv.reader([line], delimiter=delimiter))
    return [line]


def _read_head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(_SNIFF_BYTES)
    except FileNotFoundError as exc:
        raise InputFileError(f"Berkas masukan tidak ditemukan: {path}") from exc
    except OSError as exc:
        raise InputFileError(f"Berkas masukan tidak bisa dibaca: {path} ({exc})") from exc
    if b"\x00" in raw:
        raise InputFileError(
            f"Berkas {path} tampaknya biner, bukan CSV/JSONL.",
            hint="Ekspor data sebagai CSV (UTF-8) atau JSONL.",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sniff boundary is fine; anything else is not UTF-8.
        if exc.start < len(raw) - 4:
            raise InputFileError(
                f"Berkas {path} bukan teks UTF-8.",
                hint="Simpan ulang berkas dengan encoding UTF-8.",
            ) from exc
        return raw[: exc.start].decode("utf-8")


def read_inputs(path: Path) -> Iterator[TagInput]:
    """Yield one TagInput per row (CSV) or per non-blank line (JSONL), in order."""
    path = Path(path)
    if path.is_dir():
        raise InputFileError(f"{path} adalah folder, bukan berkas.")
    fmt = detect_format(path)
    _read_head(path)  # binary / non-UTF-8 check even when the extension looked right
    return _read_jsonl(path) if fmt == "jsonl" else _read_csv(path)


def _read_csv(path: Path) -> Iterator[TagInput]:
    # Exports may hold very long texts; the default 128 KiB field limit would reject the file.
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(_SNIFF_BYTES)
        handle.seek(0)
        delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(sample)
        reader = csv.DictReader(handle, delimiter=delimiter)
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        if "text" not in fields:
            raise InputFileError(
                f"CSV {path} tidak punya kolom 'text' (kolom: {', '.join(fields) or '-'}).",
                hint="Tambahkan kolom 'text' berisi teks balasan.",
            )
        reader.fieldnames = fields
        try:
            for number, row in enumerate(reader, start=1):
                yield _from_mapping({k: v for k, v in row.items() if k is not None}, str(number))
        except csv.Error as exc:
            raise InputFileError(
                f"CSV {path} rusak di sekitar baris {reader.line_num}: {exc}"
            ) from exc


def _sniff_delimiter(sample: str) -> str:
    first = sample.splitlines()[0] if sample else ""
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_jsonl(path: Path) -> Iterator[TagInput]:
    parsed_any = False
    seen_any = False
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            seen_any = True
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield TagInput(
                    id=str(number),
                    text="",
                    error=f"baris {number} bukan JSON yang valid: {exc.msg}",
                )
                continue
            if not isinstance(obj, dict):
                yield TagInput(id=str(number), text="", error=f"baris {number} bukan objek JSON")
                continue
            parsed_any = True
            yield _from_mapping(obj, str(number))
    if seen_any and not parsed_any:
        raise InputFileError(
            f"Tidak ada satu baris pun di {path} yang berupa objek JSON.",
            hint='Format JSONL: satu objek {"id":..., "text":...} per baris.',
        )


def _from_mapping(row: dict[str, Any], fallback_id: str) -> TagInput:
    raw_id = row.get("id")
    item_id = str(raw_id).strip() if raw_id not in (None, "") else fallback_id
    text = row.get("text")
    warnings: list[str] = []
    created_at = _parse_time(row.get("created_at"), warnings)
    lat, lon = _parse_geo(row, warnings)
    location = row.get("author_location")
    location = str(location) if location not in (None, "") else None
    if not isinstance(text, str) or not text.strip():
        return TagInput(
            item_id,
            "",
            created_at,
            location,
            lat,
            lon,
            error="kolom 'text' kosong atau tidak ada",
            warnings=tuple(warnings),
        )
    return TagInput(item_id, text, created_at, location, lat, lon, warnings=tuple(warnings))


def _parse_time(value: Any, warnings: list[str]) -> datetime | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    for parse in (
        lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")),
        lambda v: datetime.strptime(v, _TWITTER_TIME),
        parsedate_to_datetime,
    ):
        try:
            return parse(text)
        except (ValueError, TypeError, IndexError):
            continue
    warnings.append(f"created_at tidak dikenali: {text[:40]}")
    return None


def _parse_geo(row: dict[str, Any], warnings: list[str]) -> tuple[float | None, float | None]:
    lat, lon = row.get("lat"), row.get("lon", row.get("lng"))
    geo = row.get("geo")
    if (lat in (None, "") or lon in (None, "")) and isinstance(geo, dict):
        lat, lon = geo.get("lat"), geo.get("lon", geo.get("lng"))
    if lat in (None, "") or lon in (None, ""):
        return None, None
    try:
        flat, flon = float(lat), float(lon)
    except (TypeError, ValueError):
        warnings.append("lat/lon bukan angka; geotag diabaikan")
        return None, None
    if not (math.isfinite(flat) and math.isfinite(flon)) or abs(flat) > 90 or abs(flon) > 180:
        warnings.append("lat/lon di luar jangkauan; geotag diabaikan")
        return None, None
    return flat, flon


def tag_file(
    input_path: Path,
    out: TextIO,
    pipeline: TaggingPipeline,
    progress: Callable[[int], None] | None = None,
) -> TagSummary:
    """Tag every row of ``input_path`` and write one JSON object per line to ``out``."""
    fmt = detect_format(Path(input_path))
    rows = errors = 0
    chunk: list[TagInput] = []

    def flush() -> None:
        nonlocal rows, errors
        for result in pipeline.tag(chunk):
            out.write(json.dumps(result.to_json_dict(), ensure_ascii=False) + "\n")
            errors += "error" in result.evidence
        rows += len(chunk)
        if progress is not None:
            progress(len(chunk))
        chunk.clear()

    for item in read_inputs(Path(input_path)):
        chunk.append(item)
        if len(chunk) >= CHUNK_SIZE:
            flush()
    if chunk:
        flush()
    return TagSummary(rows, errors, fmt)


def count_rows(path: Path) -> int:
    """Approximate number of rows (lines) for a progress bar."""
    with Path(path).open("rb") as handle:
        return max(0, sum(1 for _ in handle) - (1 if detect_format(Path(path)) == "csv" else 0))
