"""Idempotent item writes: upsert on ``(platform, external_id)``, one transaction per batch.

Written with SQLAlchemy Core in batches (not one ORM object per row) because imports and
collections move tens of thousands of rows; the same statements run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, update
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import Session

from core.records import ItemRecord
from core.store.item_sql import (
    ItemEncoder,
    insert_tuples,
    lookup,
    lookup_chunk_size,
    written_marks,
)
from core.store.models import Item
from core.store.pseudonym import Pseudonymizer

_ITEMS: Table = Item.__table__  # type: ignore[assignment]
# What a value the encoder or the driver refuses raises, besides DataError/IntegrityError: a
# lone surrogate (UnicodeEncodeError), a date past year 9999 in UTC (OverflowError)...
_VALUE_ERRORS = (UnicodeError, OverflowError, ValueError, TypeError)


def column_limit(column: str) -> int | None:
    """The length limit of an ``items`` column, as PostgreSQL enforces it (SQLite does not)."""
    length = getattr(_ITEMS.c[column].type, "length", None)
    return int(length) if length else None


def is_row_value_error(exc: BaseException) -> bool:
    """Whether a failed batch write was refused for a value in some row, as opposed to the
    database being unreachable, locked or full. Only the former is worth finding row by row.
    """
    if isinstance(exc, DataError | IntegrityError):
        return True
    if isinstance(exc, DBAPIError):
        return False
    if isinstance(exc, StatementError):
        return isinstance(exc.orig, _VALUE_ERRORS)
    return isinstance(exc, _VALUE_ERRORS)


def describe_db_error(exc: BaseException) -> str:
    """A one-line description of a database error that holds neither SQL nor values.

    SQLAlchemy's message carries the statement and its parameters (citizens' texts), and some
    driver messages quote the offending value; only the error class and its code are kept.
    """
    orig = exc.orig if isinstance(exc, StatementError) else exc
    code = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None)
    name = type(orig).__name__ if orig is not None else type(exc).__name__
    return f"{name} (kode {code})" if code else name


def _as_utc(value: Any) -> datetime | None:
    """A datetime read by raw SQL (a string on SQLite, naive on PostgreSQL) as aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@dataclass
class BatchResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    duplicates_in_batch: int = 0
    new_keys: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: BatchResult) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.deleted += other.deleted
        self.duplicates_in_batch += other.duplicates_in_batch


class ItemWriter:
    """Turns :class:`ItemRecord` batches into rows, pseudonymising authors on the way in."""

    def __init__(self, pseudonymize: Pseudonymizer, *, keep_handles: bool = False) -> None:
        self._pseudonymize = pseudonymize
        self._keep_handles = keep_handles

    def write(
        self,
        session: Session,
        records: Sequence[ItemRecord],
        raw_refs: Sequence[str | None] | None = None,
    ) -> BatchResult:
        """Upsert one batch inside the caller's transaction."""
        result = BatchResult()
        # The last record of a key wins; the key keeps the position of its first record.
        keys = [(r.platform, r.external_id) for r in records]
        latest = dict(zip(keys, range(len(keys)), strict=True))
        result.duplicates_in_batch = len(records) - len(latest)
        if not latest:
            return result
        refs: Sequence[str | None] = raw_refs if raw_refs else [None] * len(records)
        if result.duplicates_in_batch:
            last = list(latest.values())
            records = [records[i] for i in last]
            refs = [refs[i] for i in last]
            keys = list(latest)

        conn = session.connection()
        enc = ItemEncoder(conn.dialect.name)
        existing = self._existing(session, keys, enc.dialect)
        now = datetime.now(UTC)
        if existing:
            new = [j for j, key in enumerate(keys) if key not in existing]
            updates = self._changes(
                [(records[j], existing[key]) for j, key in enumerate(keys) if key in existing],
                enc,
                now,
                result,
            )
            records = [records[j] for j in new]
            refs = [refs[j] for j in new]
            keys = [keys[j] for j in new]
        else:
            updates = []

        if records:
            # Every imported row passes here: one comprehension building the encoded tuples
            # in INSERT_COLUMNS order, with the per-row helpers bound to local names.
            to_db = enc.datetime
            js = enc.json
            boolean = enc.boolean
            pseudonymize = self._pseudonymize
            keep_handles = self._keep_handles
            now_db = to_db(now)
            inserts = [
                (
                    rec.platform,
                    rec.external_id,
                    rec.source,
                    rec.kind,
                    boolean(rec.is_own),
                    rec.parent_external_id,
                    rec.conversation_id,
                    None
                    if rec.is_own
                    else pseudonymize(rec.platform, rec.author_id or rec.author_handle),
                    rec.author_handle if (keep_handles or rec.is_own) else None,
                    rec.author_location or None,
                    rec.lang,
                    rec.text,
                    text_hash(rec.text),
                    to_db(rec.created_at),
                    rec.url,
                    js(rec.metrics) if rec.metrics else None,
                    None if rec.geo is None else js(rec.geo),
                    ref,
                    now_db if rec.deleted else None,
                    0,
                    now_db,
                    now_db,
                )
                for rec, ref in zip(records, refs, strict=True)
            ]
            inserted = insert_tuples(conn, inserts)
            result.new = inserted
            if inserted != len(inserts):
                # Another writer (a second import of the same file, say) stored some of these
                # keys between the lookup and the insert; ON CONFLICT skipped them. They are
                # not new here: compare them with what it stored, as any existing row.
                ours = self._inserted_here(session, keys, refs, now_db)
                theirs = [j for j, key in enumerate(keys) if key not in ours]
                stored = self._existing(session, [keys[j] for j in theirs], enc.dialect)
                updates.extend(
                    self._changes(
                        [(records[j], stored[keys[j]]) for j in theirs if keys[j] in stored],
                        enc,
                        now,
                        result,
                    )
                )
                records = [rec for rec, key in zip(records, keys, strict=True) if key in ours]
                keys = [key for key in keys if key in ours]
            # A deletion of something never stored is recorded so it is not fetched again.
            result.deleted += sum(1 for rec in records if rec.deleted)
            result.new_keys.extend(keys)
        if updates:
            with_text = [u for u in updates if u["text"] is not None]
            without_text = [u for u in updates if u["text"] is None]
            if with_text:
                session.execute(self._update_stmt(with_text=True), with_text)
            if without_text:
                for u in without_text:
                    del u["text"]
                session.execute(self._update_stmt(with_text=False), without_text)
        return result

    @staticmethod
    def _changes(
        pairs: list[tuple[ItemRecord, tuple[int, str, Any, Any, int]]],
        enc: ItemEncoder,
        now: datetime,
        result: BatchResult,
    ) -> list[dict[str, Any]]:
        """The updates for records already stored; counts unchanged/updated/deleted."""
        updates: list[dict[str, Any]] = []
        js = enc.json
        for rec, (old_id, old_hash, old_metrics, old_deleted_raw, old_edits) in pairs:
            old_deleted = _as_utc(old_deleted_raw)
            new_hash = text_hash(rec.text)
            changed_text = old_hash != new_hash and not rec.deleted
            newly_deleted = rec.deleted and old_deleted is None
            changed_metrics = bool(rec.metrics) and js(rec.metrics) != old_metrics
            if not (changed_text or newly_deleted or changed_metrics):
                result.unchanged += 1
                continue
            updates.append(
                {
                    "b_id": old_id,
                    "text": rec.text if changed_text else None,
                    "text_hash": new_hash if changed_text else old_hash,
                    "metrics": (rec.metrics or None)
                    if changed_metrics
                    else (json.loads(old_metrics) if old_metrics else None),
                    "deleted_at": now if newly_deleted else old_deleted,
                    "edit_count": old_edits + (1 if changed_text else 0),
                    "updated_at": now,
                }
            )
            if newly_deleted:
                result.deleted += 1
            else:
                result.updated += 1
        return updates

    @staticmethod
    def _inserted_here(
        session: Session,
        keys: list[tuple[str, str]],
        refs: Sequence[str | None],
        now_db: Any,
    ) -> set[tuple[str, str]]:
        """The keys whose stored row is the one this batch inserted: same raw reference and
        the same first-seen instant (to the microsecond) as this batch wrote."""
        ref_of = dict(zip(keys, refs, strict=True))
        by_platform: dict[str, list[str]] = {}
        for platform, ext in keys:
            by_platform.setdefault(platform, []).append(ext)
        ours: set[tuple[str, str]] = set()
        chunk = lookup_chunk_size(session.connection().dialect.name)
        for platform, exts in by_platform.items():
            for start in range(0, len(exts), chunk):
                for ext, raw_ref, first_seen in written_marks(
                    session, platform, exts[start : start + chunk]
                ):
                    key = (platform, ext)
                    if raw_ref == ref_of.get(key) and first_seen == now_db:
                        ours.add(key)
        return ours

    def _existing(
        self, session: Session, keys: list[tuple[str, str]], dialect: str
    ) -> dict[tuple[str, str], tuple[int, str, Any, Any, int]]:
        by_platform: dict[str, list[str]] = {}
        for platform, ext in keys:
            by_platform.setdefault(platform, []).append(ext)
        found: dict[tuple[str, str], tuple[int, str, Any, Any, int]] = {}
        chunk = lookup_chunk_size(dialect)
        for platform, exts in by_platform.items():
            for start in range(0, len(exts), chunk):
                for row in lookup(session, platform, exts[start : start + chunk]):
                    found[(platform, row[1])] = (row[0], row[2], row[3], row[4], row[5])
        return found

    @staticmethod
    def _update_stmt(*, with_text: bool) -> Any:
        values: dict[str, Any] = {
            "text_hash": bindparam("text_hash"),
            "metrics": bindparam("metrics"),
            "deleted_at": bindparam("deleted_at"),
            "edit_count": bindparam("edit_count"),
            "updated_at": bindparam("updated_at"),
        }
        if with_text:
            values["text"] = bindparam("text")
        return update(_ITEMS).where(_ITEMS.c.id == bindparam("b_id")).values(**values)
