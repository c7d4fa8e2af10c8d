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
from sqlalchemy.orm import Session

from pantau.records import ItemRecord
from pantau.store.item_sql import bulk_insert, canonical_json, lookup
from pantau.store.models import Item
from pantau.store.pseudonym import Pseudonymizer

_ITEMS: Table = Item.__table__  # type: ignore[assignment]
# Keys per SELECT ... IN (...): stays under SQLite's variable limit on old builds.
_LOOKUP_CHUNK = 900


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

    def _row(self, rec: ItemRecord, now: datetime, raw_ref: str | None) -> dict[str, Any]:
        author_key = rec.author_id or rec.author_handle
        return {
            "platform": rec.platform,
            "external_id": rec.external_id,
            "source_name": rec.source,
            "kind": rec.kind,
            "is_own": rec.is_own,
            "parent_external_id": rec.parent_external_id,
            "conversation_id": rec.conversation_id,
            "author_pseudonym": None
            if rec.is_own
            else self._pseudonymize(rec.platform, author_key),
            "author_handle": (rec.author_handle if (self._keep_handles or rec.is_own) else None),
            "author_location": (rec.author_location or None),
            "lang": rec.lang,
            "text": rec.text,
            "text_hash": text_hash(rec.text),
            "created_at": rec.created_at,
            "url": rec.url,
            "metrics": rec.metrics or None,
            "geo": rec.geo,
            "raw_ref": raw_ref,
            "deleted_at": now if rec.deleted else None,
            "edit_count": 0,
            "first_seen_at": now,
            "updated_at": now,
        }

    def write(
        self,
        session: Session,
        records: Sequence[ItemRecord],
        raw_refs: Sequence[str | None] | None = None,
    ) -> BatchResult:
        """Upsert one batch inside the caller's transaction."""
        result = BatchResult()
        now = datetime.now(UTC)
        latest: dict[tuple[str, str], tuple[ItemRecord, str | None]] = {}
        for i, rec in enumerate(records):
            key = (rec.platform, rec.external_id)
            if key in latest:
                result.duplicates_in_batch += 1
            latest[key] = (rec, raw_refs[i] if raw_refs else None)
        if not latest:
            return result

        existing = self._existing(session, list(latest))
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for key, (rec, raw_ref) in latest.items():
            old = existing.get(key)
            if old is None:
                row = self._row(rec, now, raw_ref)
                if rec.deleted:
                    # A deletion of something never stored: record it so it is not fetched again.
                    result.deleted += 1
                inserts.append(row)
                result.new_keys.append(key)
                continue
            old_id, old_hash, old_metrics, old_deleted_raw, old_edits = old
            old_deleted = _as_utc(old_deleted_raw)
            new_hash = text_hash(rec.text)
            changed_text = old_hash != new_hash and not rec.deleted
            newly_deleted = rec.deleted and old_deleted is None
            changed_metrics = bool(rec.metrics) and canonical_json(rec.metrics) != old_metrics
            if not (changed_text or newly_deleted or changed_metrics):
                result.unchanged += 1
                continue
            upd = {
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
            updates.append(upd)
            if newly_deleted:
                result.deleted += 1
            else:
                result.updated += 1

        if inserts:
            bulk_insert(session, inserts)
            result.new = len(inserts)
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

    def _existing(
        self, session: Session, keys: list[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[int, str, Any, Any, int]]:
        by_platform: dict[str, list[str]] = {}
        for platform, ext in keys:
            by_platform.setdefault(platform, []).append(ext)
        found: dict[tuple[str, str], tuple[int, str, Any, Any, int]] = {}
        for platform, exts in by_platform.items():
            for start in range(0, len(exts), _LOOKUP_CHUNK):
                for row in lookup(session, platform, exts[start : start + _LOOKUP_CHUNK]):
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
