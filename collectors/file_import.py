"""Importing exported files (Meta Business Suite, spreadsheets) into the store.

Row problems are reported with line numbers and the rest is imported. Writes are idempotent
batches, so re-importing a file adds nothing and a killed import can simply be run again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from collectors.file_formats import SourceRow, detect_encoding, detect_format, iter_rows
from collectors.settings import CollectorSettings, ImportProfile
from core.errors import InputFileError
from core.records import PLATFORMS, ItemRecord
from core.store.database import Store
from core.store.items import BatchResult, ItemWriter
from core.store.models import Run
from core.store.pseudonym import Pseudonymizer
from core.store.runs import RunStats, finish_run, start_run

LONG_TEXT_WARNING = 10_000
_LAST_OF_HOUR = timedelta(minutes=59, seconds=59, microseconds=999_999)
_MINUTE = timedelta(minutes=1)
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")


@dataclass
class RowProblem:
    line: int
    reason: str
    fatal: bool = True  # False: a warning, the row was still imported


@dataclass
class ImportReport:
    path: Path
    file_format: str
    encoding: str
    rows_read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    run_id: int | None = None
    already_imported_by: int | None = None  # run id of an earlier complete import of this file
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if not p.fatal]


def parse_datetime(value: Any, tz: ZoneInfo, fmt: str | None = None) -> datetime:
    """Parse an export's timestamp; naive values are local time in ``tz``."""
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value or "").strip()
        if not text:
            raise ValueError("tanggal kosong")
        if fmt:
            dt = datetime.strptime(text, fmt)
        else:
            try:
                dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                for candidate in _DATE_FORMATS:
                    try:
                        dt = datetime.strptime(text, candidate)
                        break
                    except ValueError:
                        continue
                else:
                    raise ValueError(f"tanggal tidak dikenali: {text[:40]!r}") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt


def resolve_profile(
    settings: CollectorSettings,
    name: str | None,
    overrides: dict[str, str] | None,
    header: list[str],
) -> ImportProfile:
    """Pick the named profile, or the first whose columns all appear in the header."""
    profiles = settings.import_profiles
    if name:
        if name not in profiles:
            raise InputFileError(
                f"Profil impor '{name}' tidak ada",
                f"Profil yang ada: {', '.join(profiles)}; atau tambahkan di import_profiles.",
            )
        chosen = profiles[name]
    else:
        chosen = next(
            (p for p in profiles.values() if {p.id, p.text, p.created_at} <= set(header)),
            next(iter(profiles.values())),
        )
    if overrides:
        chosen = chosen.model_copy(update=overrides)
    return chosen


def _platform_value(raw: Any, default: str) -> str:
    if default != "auto":
        return default
    value = str(raw or "").strip().lower()
    if value in ("twitter",):
        value = "x"
    if value not in PLATFORMS:
        raise ValueError(
            f"platform {value!r} tidak dikenal"
            if value
            else "kolom platform kosong; beri --platform"
        )
    return value


def _cell(row: dict[str, Any], column: str | None) -> str | None:
    if not column:
        return None
    value = row.get(column)
    if value is None:
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    return text or None


RowMapper = Callable[[SourceRow, list[RowProblem]], ItemRecord | None]


def make_row_mapper(profile: ImportProfile, platform: str, tz: ZoneInfo) -> RowMapper:
    """A function mapping one export row to an :class:`ItemRecord`, or to None with the
    reasons appended to the list it is given (warnings are appended for rows that are kept).

    Built once per file: column positions are resolved once per header and each distinct
    platform cell is checked once, because every row of a large export passes through here.
    """
    id_col, text_col, date_col = profile.id, profile.text, profile.created_at
    date_fmt = profile.date_format
    platform_col = profile.platform or ""
    missing_id = f"kolom '{id_col}' (id) kosong"
    missing_text = f"kolom '{text_col}' (teks) kosong"
    fromiso = datetime.fromisoformat
    # Raw platform cell -> (platform, "") or (None, the message of the ValueError it raises).
    platforms: dict[str, tuple[str | None, str]] = {}

    def platform_of(raw: Any) -> str:
        if not isinstance(raw, str):  # JSONL may hold anything, even unhashable values
            return _platform_value(raw, platform)
        hit = platforms.get(raw)
        if hit is None:
            try:
                hit = (_platform_value(raw, platform), "")
            except ValueError as exc:
                hit = (None, str(exc))
            if len(platforms) < 1000:
                platforms[raw] = hit
        if hit[0] is None:
            raise ValueError(hit[1])
        return hit[0]

    # Local hour ("YYYY-MM-DD HH") -> its UTC offset as "+HH:MM", or "" where the offset is
    # not the same all hour (a DST change) or cannot be told. Attaching the zone with
    # replace(tzinfo=...) cost more than parsing; "text+07:00" is parsed in one C call and is
    # the same instant replace() gives, also in DST gaps and repeated hours (fold=0).
    hour_offsets: dict[str, str] = {}

    def hour_offset(hour: str) -> str:
        try:
            start = fromiso(hour + ":00:00")
        except ValueError:
            return ""
        if start.tzinfo is not None:
            return ""
        first = start.replace(tzinfo=tz).utcoffset()
        last = (start + _LAST_OF_HOUR).replace(tzinfo=tz).utcoffset()
        if first is None or first != last or first % _MINUTE:
            return ""
        minutes = int(first.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        return "%s%02d:%02d" % (sign, *divmod(abs(minutes), 60))  # noqa: UP031

    def created_of(raw: Any) -> datetime:
        if isinstance(raw, str) and not date_fmt:
            if len(raw) == 19 and raw[13] == ":":  # "YYYY-MM-DD HH:MM:SS", the export layout
                hour = raw[:13]
                offset = hour_offsets.get(hour)
                if offset is None:
                    offset = hour_offset(hour)
                    if len(hour_offsets) < 100_000:  # ~11 years of hours; bounded memory
                        hour_offsets[hour] = offset
                if offset:
                    try:
                        return fromiso(raw + offset)
                    except ValueError:
                        pass  # the general parser below reports it
            # Most other exports hold ISO 8601 without stray spaces: one C call. Anything
            # else (spaces, other layouts, empty) takes the general parser.
            try:
                dt = fromiso(raw)
            except ValueError:
                return parse_datetime(raw, tz, date_fmt)
            return dt.replace(tzinfo=tz) if dt.tzinfo is None else dt
        return parse_datetime(raw, tz, date_fmt)

    def finish(
        line: int,
        ext_id: str | None,
        text: str,
        raw_date: Any,
        raw_platform: Any,
        post: str | None,
        parent: str | None,
        author: str | None,
        location: str | None,
        url: str | None,
        likes: str | None,
        problems: list[RowProblem],
    ) -> ItemRecord | None:
        if not ext_id:
            problems.append(RowProblem(line, missing_id))
            return None
        if not text or text.isspace():
            problems.append(RowProblem(line, missing_text))
            return None
        try:
            created = created_of(raw_date)
            plat = platform if platform != "auto" else platform_of(raw_platform)
        except ValueError as exc:
            problems.append(RowProblem(line, str(exc)))
            return None
        if len(text) > LONG_TEXT_WARNING:
            problems.append(
                RowProblem(
                    line, f"teks sangat panjang ({len(text):,} karakter), tetap disimpan", False
                )
            )
        return ItemRecord(
            platform=plat,
            external_id=ext_id,
            text=text,
            created_at=created,
            kind="reply",
            source="import",
            parent_external_id=parent or post,
            conversation_id=post,
            author_id=author,
            author_handle=author,
            author_location=location,
            url=url,
            # isdecimal, not isdigit: int() rejects digits such as "²" that isdigit accepts.
            metrics={"like_count": int(likes)} if likes and likes.isdecimal() else {},
        )

    def map_values(src: SourceRow, problems: list[RowProblem]) -> ItemRecord | None:
        row = src.values
        raw_text = row.get(text_col)
        return finish(
            src.line,
            _cell(row, id_col),
            "" if raw_text is None else str(raw_text),
            row.get(date_col),
            row.get(platform_col, ""),
            _cell(row, profile.post_id),
            _cell(row, profile.parent_id),
            _cell(row, profile.author),
            _cell(row, profile.author_location),
            _cell(row, profile.url),
            _cell(row, profile.likes),
            problems,
        )

    # Positions of the profile's columns in a CSV header (the last of a repeated name, as a
    # dict built from the row keeps); None for a column the profile or the file lacks.
    positions_for: list[Any] = [None, ()]

    def positions(header: list[str]) -> tuple[int | None, ...]:
        if positions_for[0] is not header:
            index = {name: i for i, name in enumerate(header)}
            # Text, date and platform are looked up by name as given, like row.get(); the
            # others as _cell() does, where an empty column name means "not mapped".
            looked_up = (text_col, date_col, platform_col)
            cells_of = (
                profile.post_id,
                profile.parent_id,
                profile.author,
                profile.author_location,
                profile.url,
                profile.likes,
            )
            positions_for[:] = [
                header,
                (
                    index.get(id_col) if id_col else None,
                    *(index.get(c) for c in looked_up),
                    *(index.get(c) if c else None for c in cells_of),
                ),
            ]
        return positions_for[1]  # type: ignore[no-any-return]

    def map_source_row(src: SourceRow, problems: list[RowProblem]) -> ItemRecord | None:
        if src.error:
            problems.append(RowProblem(src.line, src.error))
            return None
        cells = src.cells
        if cells is None or src.header is None:
            return map_values(src, problems)
        # Only rows as wide as the header come here (others carry an error), so every
        # position is valid; cells are strings, so _cell() reduces to strip() or None.
        header = src.header
        i_id, i_text, i_date, i_plat, i_post, i_parent, i_author, i_loc, i_url, i_likes = (
            positions_for[1] if positions_for[0] is header else positions(header)
        )
        return finish(
            src.line,
            None if i_id is None else cells[i_id].strip() or None,
            "" if i_text is None else cells[i_text],
            None if i_date is None else cells[i_date],
            "" if i_plat is None else cells[i_plat],
            None if i_post is None else cells[i_post].strip() or None,
            None if i_parent is None else cells[i_parent].strip() or None,
            None if i_author is None else cells[i_author].strip() or None,
            None if i_loc is None else cells[i_loc].strip() or None,
            None if i_url is None else cells[i_url].strip() or None,
            None if i_likes is None else cells[i_likes].strip() or None,
            problems,
        )

    return map_source_row


def map_row(
    src: SourceRow, profile: ImportProfile, platform: str, tz: ZoneInfo
) -> tuple[ItemRecord | None, list[RowProblem]]:
    """Pure mapping of one export row to an :class:`ItemRecord` (or the reasons it cannot be).

    For many rows, build the mapper once with :func:`make_row_mapper`.
    """
    problems: list[RowProblem] = []
    rec = make_row_mapper(profile, platform, tz)(src, problems)
    return rec, problems


def _mapping_key(profile: ImportProfile, platform: str) -> str:
    blob = json.dumps([profile.model_dump(), platform], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _complete_import_of(store: Store, digest: str, mapping: str) -> int | None:
    """The id of a finished import run of these exact bytes with this mapping, if any."""
    with store.session() as s:
        runs = s.execute(
            select(Run.id, Run.details)
            .where(Run.kind == "import", Run.status.in_(("ok", "partial")))
            .order_by(Run.id.desc())
            .limit(500)
        ).all()
    for run_id, details in runs:
        if details and details.get("sha256") == digest and details.get("mapping") == mapping:
            return int(run_id)
    return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_file(
    store: Store,
    settings: CollectorSettings,
    path: Path,
    *,
    platform: str = "auto",
    profile_name: str | None = None,
    column_overrides: dict[str, str] | None = None,
    encoding: str | None = None,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    pseudonymizer: Pseudonymizer | None = None,
    recheck: bool = False,
) -> ImportReport:
    """Import ``path``; returns the summary. Raises InputFileError if the file is unusable.

    A file whose exact bytes were already imported completely with the same mapping is not
    read again (the ledger keeps its SHA-256) unless ``recheck``.
    """
    if platform != "auto" and platform not in PLATFORMS:
        raise InputFileError(
            f"Platform '{platform}' tidak dikenal", f"Pilihan: auto, {', '.join(PLATFORMS)}"
        )
    if not path.is_file():
        raise InputFileError(f"Berkas tidak ditemukan: {path}")
    if path.stat().st_size == 0:
        raise InputFileError(f"{path}: berkas kosong", "Ekspor ulang data lalu impor lagi.")
    fmt = detect_format(path)
    enc = encoding or ("binary" if fmt == "xlsx" else detect_encoding(path))
    report = ImportReport(path=path, file_format=fmt, encoding=enc)
    writer = ItemWriter(
        pseudonymizer or Pseudonymizer.from_env(),
        keep_handles=settings.keep_author_handles,
    )
    rows = iter_rows(path, fmt, enc, progress)
    first = next(rows, None)
    if first is None:
        raise InputFileError(f"{path}: tidak ada baris data", "Periksa isi berkas ekspor.")
    header = list(first.header if first.header is not None else first.values)
    profile = resolve_profile(settings, profile_name, column_overrides, header)
    if fmt != "jsonl" and not first.error:
        missing = [c for c in (profile.id, profile.text, profile.created_at) if c not in header]
        if missing:
            raise InputFileError(
                f"{path}: kolom wajib tidak ada: {', '.join(missing)}",
                f"Kolom berkas: {', '.join(header[:15])}. Pilih profil dengan --profile atau "
                "petakan kolom dengan --map text=NamaKolom.",
            )
    tz = ZoneInfo(profile.timezone)
    digest = file_sha256(path)
    mapping = _mapping_key(profile, platform)
    if not recheck:
        earlier = _complete_import_of(store, digest, mapping)
        if earlier is not None:
            report.already_imported_by = earlier
            return report
    run_id = start_run(store, "import", f"file:{path.name}")
    report.run_id = run_id
    stats = RunStats(
        details={"file": path.name, "sha256": digest, "mapping": mapping, "encoding": enc}
    )
    seen: dict[int, int] = {}
    batch: list[ItemRecord] = []
    refs: list[str | None] = []
    ref_prefix = f"import:{run_id}:{path.name}:"
    mapper = make_row_mapper(profile, platform, tz)
    problems = report.problems

    def flush() -> None:
        if not batch:
            return
        with store.session() as session:
            result: BatchResult = writer.write(session, batch, refs)
        report.new += result.new
        report.updated += result.updated + result.deleted
        report.unchanged += result.unchanged
        batch.clear()
        refs.clear()

    status, message = "ok", None
    # Counted in locals (this loop runs once per row) and copied to the report in `finally`.
    rows_read = skipped = 0
    try:
        for src in chain((first,), rows):
            rows_read += 1
            rec = mapper(src, problems)
            if rec is None:
                skipped += 1
                continue
            key = hash((rec.platform, rec.external_id))
            if key in seen:
                problems.append(
                    RowProblem(
                        src.line, f"id {rec.external_id} ganda (pertama di baris {seen[key]})"
                    )
                )
                skipped += 1
                continue
            seen[key] = src.line
            batch.append(rec)
            refs.append(f"{ref_prefix}{src.line}")
            if len(batch) >= batch_size:
                flush()
        flush()
        if skipped:
            status = "partial"
    except BaseException as exc:
        status, message = "failed", f"{type(exc).__name__}: {exc}"[:500]
        raise
    finally:
        report.rows_read, report.skipped = rows_read, skipped
        stats.items_new = report.new
        stats.items_updated = report.updated
        stats.items_skipped = report.unchanged
        stats.items_failed = report.skipped
        stats.errors = [f"baris {p.line}: {p.reason}" for p in report.problems if p.fatal]
        stats.details["rows_read"] = report.rows_read
        finish_run(store, run_id, stats, status, message)
    return report
