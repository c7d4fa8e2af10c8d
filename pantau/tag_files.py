"""Reading any export ``pantau import`` reads into :class:`TagInput`s, for ``pantau tag``.

The glue lives in the shell because it joins two areas that may not import each other: the
collectors' readers and import profiles (CSV with any separator, quoted cells, cp1252 or BOM;
JSONL; XLSX; columns such as Meta Business Suite's ``Comment``) and the nlp pipeline's
``TagInput``. Using those readers, not a copy of them, keeps ``pantau tag`` and
``pantau import`` agreeing on every file. Nothing here needs a database or a config file: the
profiles are the shipped defaults, adjusted with ``--profile`` and ``--map``.

The taxonomy's contract holds: one TagInput per row, in file order. A row the reader cannot
read, or one without text, becomes a TagInput with ``error`` (tagged ``needs_review``); its id
is its data row number (the first row after the header is 1; in JSONL the line number), as it
is for any row whose id cell is empty. A row whose cells are all empty is no row, as in
``pantau import``. A file that is no export, or has no text column, raises InputFileError
before anything is tagged.
"""

from __future__ import annotations

import codecs
import csv
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from collectors.csv_rows import dialect_of
from collectors.file_formats import check_export_path, detect_encoding, iter_rows
from collectors.file_formats import detect_format as detect_export_format
from collectors.import_rows import parse_datetime
from collectors.settings import DEFAULT_IMPORT_PROFILES, ImportProfile
from collectors.source_rows import SourceRow, display_name, printable
from core.errors import InputFileError
from nlp.pipeline import TaggingPipeline, TagInput
from nlp.tagging_io import write_tags

_TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"
# Besides the profile's columns, a geotag is read from these (JSONL exports carry them).
_LAT, _LON, _GEO = "lat", ("lon", "lng"), "geo"
_FALLBACK_PROFILE = "generic"
# A JSONL file's columns are those of its first object; broken lines before it are kept in
# memory meanwhile, up to this many.
_MAX_PEEK = 10_000


@dataclass(frozen=True, slots=True)
class TagSource:
    """An export opened for tagging: how it is read, and its rows as TagInputs (lazily)."""

    path: Path
    file_format: str
    encoding: str
    profile_name: str
    inputs: Iterator[TagInput]


@dataclass(frozen=True, slots=True)
class TagReport:
    """What ``tag_file`` did."""

    rows: int
    errors: int
    file_format: str
    encoding: str
    profile_name: str


def default_profiles() -> dict[str, ImportProfile]:
    """The shipped import profiles (``pantau tag`` reads no config file)."""
    return {name: ImportProfile(**fields) for name, fields in DEFAULT_IMPORT_PROFILES.items()}


def detect_format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``xlsx``, as ``pantau import`` decides; InputFileError for a
    missing file, a folder, or a file that is no export (binary, archive, PDF...)."""
    path = Path(path)
    check_export_path(path)
    return detect_export_format(path)


def _find(header: Sequence[str], name: str | None) -> str | None:
    """The header cell naming column ``name``: exactly, else ignoring case and spaces."""
    if not name:
        return None
    if name in header:
        return name
    wanted = name.strip().casefold()
    return next((h for h in header if h.strip().casefold() == wanted), None)


def choose_profile(
    header: Sequence[str],
    name: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> tuple[str, ImportProfile, bool]:
    """(name, profile, whether its text column is in ``header``).

    As ``pantau import``: the named profile, else the first whose id, text and date columns
    all appear. Tagging needs only the text, so failing that, the first whose text column
    appears; failing that too, ``generic``. ``--map`` overrides are applied before choosing,
    so a file whose text column is only named by ``--map text=...`` still finds its profile.
    """
    profiles = default_profiles()
    if name and name not in profiles:
        raise InputFileError(
            f"Profil kolom '{name}' tidak ada",
            f"Profil yang ada: {', '.join(profiles)}; atau petakan kolom dengan "
            "--map text=NamaKolom.",
        )
    candidates = [(name, profiles[name])] if name else list(profiles.items())
    if overrides:
        candidates = [
            (n, ImportProfile.model_validate({**p.model_dump(), **overrides}))
            for n, p in candidates
        ]
    for n, p in candidates:
        if all(_find(header, column) for column in (p.id, p.text, p.created_at)):
            return n, p, True
    for n, p in candidates:
        if _find(header, p.text):
            return n, p, True
    n, p = next(((n, p) for n, p in candidates if n == _FALLBACK_PROFILE), candidates[0])
    return n, p, False


class _RowConverter:
    """Turns one export row into a TagInput with the chosen profile's columns."""

    def __init__(self, profile: ImportProfile, header: Sequence[str] | None) -> None:
        try:
            self.tz = ZoneInfo(profile.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InputFileError(
                f"Zona waktu '{printable(profile.timezone)}' tidak dikenal",
                "Contoh: --map timezone=Asia/Jakarta",
            ) from exc
        self.profile = profile
        self.date_format = profile.date_format
        # CSV and XLSX rows share one header: their column names are resolved once. JSONL
        # objects may each hold other keys, so they are resolved per row (header None).
        self.fixed = header is not None
        names = list(header or ())
        self.id = self._name(names, profile.id)
        self.text = self._name(names, profile.text)
        self.created_at = self._name(names, profile.created_at)
        self.location = self._name(names, profile.author_location)
        self.lat = self._name(names, _LAT)
        self.lon = tuple(self._name(names, name) for name in _LON)
        self.geo = self._name(names, _GEO)

    def _name(self, header: list[str], column: str | None) -> str | None:
        return (_find(header, column) or column) if self.fixed else column

    def _get(self, values: Mapping[str, Any], column: str | None) -> Any:
        if not column:
            return None
        value = values.get(column)
        if value is None and not self.fixed:
            found = _find(list(values), column)
            value = values.get(found) if found else None
        return value

    def convert(self, src: SourceRow, number: int) -> TagInput:
        fallback = str(number)
        if src.error:
            return TagInput(fallback, "", error=src.error)
        values = src.values
        raw_id = self._get(values, self.id)
        item_id = str(raw_id).strip() if raw_id is not None else ""
        item_id = item_id or fallback
        warnings: list[str] = []
        created_at = self._time(self._get(values, self.created_at), warnings)
        lat, lon = self._geo(values, warnings)
        raw_location = self._get(values, self.location)
        location = str(raw_location).strip() if raw_location is not None else ""
        text = self._get(values, self.text)
        if not isinstance(text, str) or not text.strip():
            return TagInput(
                item_id,
                "",
                created_at,
                location or None,
                lat,
                lon,
                error=f"kolom '{self.profile.text}' (teks) kosong atau tidak ada",
                warnings=tuple(warnings),
            )
        return TagInput(
            item_id, text, created_at, location or None, lat, lon, warnings=tuple(warnings)
        )

    def _time(self, value: Any, warnings: list[str]) -> datetime | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_datetime(value, self.tz, self.date_format)
        except (ValueError, TypeError, OverflowError):
            pass
        text = str(value).strip()
        if not self.date_format:  # JSONL from X and mail-style dates carry their own zone
            for parse in (lambda v: datetime.strptime(v, _TWITTER_TIME), parsedate_to_datetime):
                try:
                    return parse(text)
                except (ValueError, TypeError, IndexError):
                    continue
        warnings.append(f"{self.profile.created_at} tidak dikenali: {printable(text)}")
        return None

    def _geo(
        self, values: Mapping[str, Any], warnings: list[str]
    ) -> tuple[float | None, float | None]:
        lat = self._get(values, self.lat)
        lon = next(
            (v for v in (self._get(values, c) for c in self.lon) if v not in ("", None)), None
        )
        geo = self._get(values, self.geo)
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


def _csv_header(path: Path, encoding: str) -> list[str]:
    """The header of a CSV that has no data row (the reader yields rows only)."""
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        first = fh.readline()
    try:
        return [h.strip() for h in next(csv.reader([first], **dialect_of(first)), [])]
    except csv.Error:
        return []


def _no_text_column(path: Path, header: Sequence[str], texts: Sequence[str]) -> InputFileError:
    # Header cells are echoed; a garbled file must not reach the terminal.
    shown = ", ".join(printable(h) for h in header[:15]) or "-"
    return InputFileError(
        f"{display_name(Path(path.name))}: bukan CSV/XLSX/JSONL yang bisa ditandai: tidak ada "
        f"kolom teks ({', '.join(texts)}); kolom berkas: {shown}",
        "Pilih profil dengan --profile atau petakan kolom teks dengan --map text=NamaKolom.",
    )


def _data_number(src: SourceRow, fmt: str) -> int:
    # The readers number rows as a spreadsheet does (header = 1); a tag id counts data rows.
    return src.line if fmt == "jsonl" else src.line - 1


def _jsonl_inputs(
    path: Path, rows: Iterator[SourceRow], make: Callable[[SourceRow], TagInput]
) -> Iterator[TagInput]:
    parsed = seen = 0
    for src in rows:
        seen += 1
        parsed += not src.error
        yield make(src)
    if seen and not parsed:
        raise InputFileError(
            f"Tidak ada satu baris pun di {display_name(Path(path.name))} yang berupa objek JSON.",
            'Format JSONL: satu objek per baris, mis. {"id": "...", "text": "..."}.',
        )


def open_tag_source(
    path: Path,
    *,
    profile_name: str | None = None,
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> TagSource:
    """Open ``path`` as ``pantau import`` would and choose its columns; rows are read lazily.

    Raises InputFileError, before any row is tagged, for a file that is no export, an unknown
    encoding or profile, or a CSV/XLSX without the text column. ``progress`` receives bytes
    read (CSV, JSONL).
    """
    path = Path(path)
    fmt = detect_format(path)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise InputFileError(
                f"Pengodean '{printable(encoding)}' tidak dikenal", "Contoh: --encoding cp1252"
            ) from exc
    enc = encoding or ("binary" if fmt == "xlsx" else detect_encoding(path))
    rows = iter_rows(path, fmt, enc, progress)
    # Rows are peeked until one shows the columns (for JSONL, the first object read): they
    # are kept and yielded first, so nothing is lost or reordered.
    peeked: list[SourceRow] = []
    for src in rows:
        peeked.append(src)
        if fmt != "jsonl" or not src.error or len(peeked) >= _MAX_PEEK:
            break
    first = peeked[-1] if peeked and not (fmt == "jsonl" and peeked[-1].error) else None
    if first is None:
        header = _csv_header(path, enc) if fmt == "csv" and not peeked else []
    else:
        header = list(first.header if first.header is not None else first.values)
    chosen, profile, has_text = choose_profile(header, profile_name, overrides)
    if fmt != "jsonl" and not has_text and (header or fmt == "csv"):
        named = profile_name or (overrides and "text" in overrides)
        texts = [profile.text] if named else sorted({p.text for p in default_profiles().values()})
        raise _no_text_column(path, header, texts)
    converter = _RowConverter(profile, None if fmt == "jsonl" else header)

    def make(src: SourceRow) -> TagInput:
        return converter.convert(src, _data_number(src, fmt))

    def all_rows() -> Iterator[SourceRow]:
        yield from peeked
        yield from rows

    if fmt == "jsonl":
        inputs = _jsonl_inputs(path, all_rows(), make)
    else:
        inputs = (make(src) for src in all_rows())
    return TagSource(path, fmt, enc, chosen, inputs)


def read_inputs(
    path: Path,
    *,
    profile_name: str | None = None,
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Iterator[TagInput]:
    """One TagInput per row of ``path``, in order (see the module doc)."""
    return open_tag_source(
        path, profile_name=profile_name, overrides=overrides, encoding=encoding
    ).inputs


def tag_source(source: TagSource, out: TextIO, pipeline: TaggingPipeline) -> TagReport:
    """Tag every row of an opened export and write one JSON object per row to ``out``."""
    summary = write_tags(source.inputs, out, pipeline)
    return TagReport(
        summary.rows, summary.errors, source.file_format, source.encoding, source.profile_name
    )


def tag_file(
    path: Path,
    out: TextIO,
    pipeline: TaggingPipeline,
    *,
    profile_name: str | None = None,
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> TagReport:
    """Tag every row of ``path`` (any export ``pantau import`` reads) into ``out``."""
    source = open_tag_source(
        path, profile_name=profile_name, overrides=overrides, encoding=encoding
    )
    return tag_source(source, out, pipeline)
