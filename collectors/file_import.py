"""Importing exported files (Meta Business Suite, spreadsheets) into the store.

Every row is either stored exactly or reported by its row number, and the rest is imported.
Readers (``file_formats.py``) report unreadable rows; the row mapper (``import_rows.py``)
reports values the store would refuse, before any write; writes are idempotent batches
(``import_batches.py``), so re-importing a file adds nothing and a killed import can simply be
run again. Only a file read to its end, with no stray quote, is recorded complete, and only
such a file is skipped by its SHA-256 next time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from collectors.csv_rows import STRAY_QUOTE
from collectors.file_formats import check_export_path, detect_encoding, detect_format, iter_rows
from collectors.import_batches import BatchWriter
from collectors.import_rows import (
    EARLIEST_CREATED,
    FUTURE_TOLERANCE,
    LONG_TEXT_WARNING,
    RowMapper,
    RowProblem,
    make_row_mapper,
    map_row,
    parse_datetime,
)
from collectors.settings import CollectorSettings, ImportProfile
from collectors.source_rows import display_name, printable
from core.errors import InputFileError, PantauError
from core.records import PLATFORMS
from core.store.database import Store
from core.store.items import ItemWriter, column_limit
from core.store.models import Run
from core.store.pseudonym import Pseudonymizer
from core.store.runs import (
    RunStats,
    current_owner,
    finish_run,
    reap_orphaned_runs,
    start_run,
)

__all__ = [  # the mapper's names stay importable from here, where callers found them
    "EARLIEST_CREATED",
    "FUTURE_TOLERANCE",
    "LONG_TEXT_WARNING",
    "ImportReport",
    "RowMapper",
    "RowProblem",
    "file_sha256",
    "import_file",
    "make_row_mapper",
    "map_row",
    "parse_datetime",
    "resolve_profile",
]

RAW_REF_LIMIT = column_limit("raw_ref") or 256
RUN_SOURCE_LIMIT = int(getattr(Run.__table__.c.source_name.type, "length", None) or 128)


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
    stray_quotes: int = 0  # rows where an unclosed quote opened (the file is not complete)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if not p.fatal]


def resolve_profile(
    settings: CollectorSettings,
    name: str | None,
    overrides: dict[str, str] | None,
    header: list[str],
) -> ImportProfile:
    """Pick the named profile, or the first whose columns (after ``--map``) all appear in the
    header. The overrides apply before the choice, so a file whose text column is named only
    through ``--map`` is matched with them; an unknown field name is refused, not ignored."""
    profiles = settings.import_profiles
    overrides = overrides or {}
    unknown = sorted(set(overrides) - set(ImportProfile.model_fields))
    if unknown:
        raise InputFileError(
            f"--map: kolom tujuan tidak dikenal: {', '.join(unknown)}",
            f"Pilihan: {', '.join(ImportProfile.model_fields)} (mis. --map text=Komentar).",
        )

    def with_overrides(profile: ImportProfile) -> ImportProfile:
        return profile.model_copy(update=overrides) if overrides else profile

    if name:
        if name not in profiles:
            raise InputFileError(
                f"Profil impor '{name}' tidak ada",
                f"Profil yang ada: {', '.join(profiles)}; atau tambahkan di import_profiles.",
            )
        return with_overrides(profiles[name])
    candidates = [with_overrides(p) for p in profiles.values()]
    columns = set(header)
    return next((p for p in candidates if {p.id, p.text, p.created_at} <= columns), candidates[0])


def _mapping_key(profile: ImportProfile, platform: str) -> str:
    blob = json.dumps([profile.model_dump(), platform], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _complete_import_of(store: Store, digest: str, mapping: str) -> int | None:
    """The id of an import run that read these exact bytes to the end with this mapping.

    Only runs recorded ``complete`` count: a run that failed, was killed, or was written before
    completeness was recorded (when a stray quote could hide most of a file) is no proof.
    """
    with store.session() as s:
        runs = s.execute(
            select(Run.id, Run.details)
            .where(Run.kind == "import", Run.status.in_(("ok", "partial")))
            .order_by(Run.id.desc())
            .limit(500)
        ).all()
    for run_id, details in runs:
        if (
            details
            and details.get("complete") is True
            and details.get("sha256") == digest
            and details.get("mapping") == mapping
        ):
            return int(run_id)
    return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fit(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` characters, keeping it distinct by a hash of the whole."""
    if len(name) <= limit:
        return name
    tag = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:8]
    return f"{name[: max(0, limit - 10)]}~{tag}"


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
    """Import ``path``; returns the summary. Raises InputFileError if the file is unusable,
    StoreError if the database fails (neither message holds SQL or row texts).

    A file whose exact bytes were already read to the end with the same mapping is not read
    again (the ledger keeps its SHA-256) unless ``recheck``.
    """
    if platform != "auto" and platform not in PLATFORMS:
        raise InputFileError(
            f"Platform '{platform}' tidak dikenal", f"Pilihan: auto, {', '.join(PLATFORMS)}"
        )
    check_export_path(path)
    name = display_name(Path(path.name))
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
        raise InputFileError(f"{name}: tidak ada baris data", "Periksa isi berkas ekspor.")
    header = list(first.header if first.header is not None else first.values)
    profile = resolve_profile(settings, profile_name, column_overrides, header)
    if fmt != "jsonl" and not first.error:
        missing = [c for c in (profile.id, profile.text, profile.created_at) if c not in header]
        if missing:
            # Header cells are echoed; a binary or garbled file must not reach the terminal.
            shown = ", ".join(printable(h) for h in header[:15])
            raise InputFileError(
                f"{name}: kolom wajib tidak ada: {', '.join(missing)}",
                f"Kolom berkas: {shown}. Pilih profil dengan --profile atau "
                "petakan kolom dengan --map text=NamaKolom.",
            )
    tz = ZoneInfo(profile.timezone)
    digest = file_sha256(path)
    mapping = _mapping_key(profile, platform)
    reap_orphaned_runs(store)
    if not recheck:
        earlier = _complete_import_of(store, digest, mapping)
        if earlier is not None:
            report.already_imported_by = earlier
            return report
    run_id = start_run(store, "import", _fit(f"file:{name}", RUN_SOURCE_LIMIT))
    report.run_id = run_id
    stats = RunStats(details={"file": name, "sha256": digest, "mapping": mapping, "encoding": enc})
    batches = BatchWriter(store, writer, run_id, stats, owner=current_owner())
    seen: dict[int, int] = {}
    ref_prefix = f"import:{run_id}:{_fit(name, RAW_REF_LIMIT - 30)}:"
    mapper = make_row_mapper(
        profile,
        platform,
        tz,
        keep_handles=settings.keep_author_handles,
        own_handles=settings.own_handles(),
    )
    problems = report.problems
    # Appended to directly (the batch writer clears these lists in place): a method call per
    # row was measurable in a 100,000-row import.
    add_record, add_ref, add_line = (
        batches.records.append,
        batches.refs.append,
        batches.lines.append,
    )

    status, message = "ok", None
    complete = False
    # Counted in locals (this loop runs once per row) and copied to the report in `finally`.
    rows_read = skipped = 0
    try:
        for src in chain((first,), rows):
            rows_read += 1
            try:
                rec = mapper(src, problems)
            except (ValueError, TypeError, OverflowError, RecursionError, UnicodeError) as exc:
                # A value of a shape no check foresaw: its row, not the run (no text shown).
                problems.append(
                    RowProblem(src.line, f"nilai tidak dapat dibaca ({type(exc).__name__})")
                )
                rec = None
            if rec is None:
                skipped += 1
                if src.error is STRAY_QUOTE:
                    report.stray_quotes += 1
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
            add_record(rec)
            add_ref(f"{ref_prefix}{src.line}")
            add_line(src.line)
            if len(batches.records) >= batch_size:
                batches.flush(skipped)
        batches.flush(skipped)
        complete = True
    except BaseException as exc:
        status = "failed"
        message = (exc.message if isinstance(exc, PantauError) else f"{type(exc).__name__}")[:500]
        raise
    finally:
        for refused in batches.refused:
            problems.append(RowProblem(refused.line, refused.reason))
        skipped += len(batches.refused)
        problems.sort(key=lambda p: p.line)
        if complete and skipped:
            status = "partial"
        done = batches.stats
        report.rows_read, report.skipped = rows_read, skipped
        report.new, report.updated, report.unchanged = (
            done.items_new,
            done.items_updated,
            done.items_skipped,
        )
        stats.items_new = report.new
        stats.items_updated = report.updated
        stats.items_skipped = report.unchanged
        stats.items_failed = report.skipped
        stats.errors = [f"baris {p.line}: {p.reason}" for p in report.problems if p.fatal]
        stats.details["rows_read"] = report.rows_read
        # Rows after a stray quote were read by a guess (where the quote should have ended):
        # such a file is never recorded complete, so running it again reads it again.
        stats.details["complete"] = complete and not report.stray_quotes
        if report.stray_quotes:
            stats.details["stray_quotes"] = report.stray_quotes
        finish_run(store, run_id, stats, status, message)
    return report
