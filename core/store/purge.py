"""Retention: items created before a cutoff go, with everything that holds their text.

``privacy.retention_days`` (applied once a day by ``pantau run``) and ``pantau db purge
--before DATE`` both end here. What goes:

- the items and their analyses and labels;
- the raw API pages they came from. A page retrieved before the cutoff holds only older
  objects and is deleted whole; a later page that holds some of them (the page an item was
  first stored from, or a listing that showed an old reply again while its post was still
  watched) keeps its other objects and loses the purged ones, so newer items keep their
  provenance;
- alerts last seen before the cutoff and outbox messages created before it (both quote
  replies), including a message still waiting for a channel that has been down all that time:
  the retention period is a promise about the data, and an alert that old helps nobody.

Order makes a killed purge safe to run again: pages are trimmed while the items still say
which objects are old, then items go in batches of one transaction each.

The runs ledger stays (counts and costs, no citizen's text); so do report files and label
sheets on disk, which are the team's documents (see the README).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from core.store.database import Store
from core.store.models import (
    Alert,
    Analysis,
    AnalysisFailure,
    Item,
    Label,
    OutboxMessage,
    RawPayload,
)

# Listings show a reply again only while its post is watched (``comment_days``) or rechecked
# (``conversation_days``); the caller passes the longest such window it configured.
DEFAULT_RELISTED_DAYS = 31
_BATCH = 500


@dataclass
class PurgeResult:
    items: int = 0
    analyses: int = 0
    labels: int = 0
    raw_pages_deleted: int = 0
    raw_pages_trimmed: int = 0
    alerts: int = 0
    outbox: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def purge_before(
    store: Store, cutoff: datetime, *, relisted_days: int = DEFAULT_RELISTED_DAYS
) -> PurgeResult:
    """Remove what was created before ``cutoff`` (aware datetime); see the module docstring."""
    if cutoff.tzinfo is None:
        raise ValueError("cutoff must be timezone-aware")
    result = PurgeResult()
    _trim_pages(store, cutoff, cutoff + timedelta(days=relisted_days), result)
    with store.session() as s:
        _secure(s)
        old_pages = delete(RawPayload).where(RawPayload.retrieved_at < cutoff)
        result.raw_pages_deleted = _rows(s, old_pages)
    while True:
        with store.session() as s:
            _secure(s)
            ids = list(s.scalars(select(Item.id).where(Item.created_at < cutoff).limit(_BATCH)))
            if not ids:
                break
            # Explicit, not left to ON DELETE CASCADE: the counts are reported.
            result.labels += _rows(s, delete(Label).where(Label.item_id.in_(ids)))
            result.analyses += _rows(s, delete(Analysis).where(Analysis.item_id.in_(ids)))
            # A failure's error text may quote the reply: it goes with the item.
            s.execute(delete(AnalysisFailure).where(AnalysisFailure.item_id.in_(ids)))
            result.items += _rows(s, delete(Item).where(Item.id.in_(ids)))
    with store.session() as s:
        _secure(s)
        result.outbox = _rows(s, delete(OutboxMessage).where(OutboxMessage.created_at < cutoff))
        # A newer message of an alert that goes keeps its text (it is within the period).
        old_alerts = select(Alert.id).where(Alert.last_seen_at < cutoff)
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.alert_id.in_(old_alerts))
            .values(alert_id=None)
        )
        result.alerts = _rows(s, delete(Alert).where(Alert.last_seen_at < cutoff))
    if store.dialect == "sqlite":
        # Old page images wait in the WAL until a checkpoint: write them back (zeroed) now.
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return result


def _secure(session: Session) -> None:
    """On SQLite, deleted rows stay readable in free pages unless secure_delete zeroes them
    (per connection; left on for the pooled connection, where it only costs a little I/O)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete=ON"))


def _rows(session: Session, statement: Any) -> int:
    """Rows a DELETE/UPDATE touched."""
    return int(getattr(session.execute(statement), "rowcount", 0) or 0)


# -- raw pages --------------------------------------------------------------------------------
def object_ids(payload: Any) -> set[str]:
    """Ids of the objects a page lists (at any depth); on X also each edit's first id."""
    found: set[str] = set()
    for obj in _listed(payload):
        found.update(_keys_of(obj))
    return found


def _listed(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _listed(v)
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, dict) and v.get("id") is not None:
                yield v
            yield from _listed(v)


def _keys_of(obj: dict[str, Any]) -> list[str]:
    keys = [str(obj["id"])]
    history = obj.get("edit_history_tweet_ids")
    if isinstance(history, list) and history:
        keys.append(str(history[0]))  # X files an edited post under its first id
    return keys


def without_objects(payload: Any, purged: set[str]) -> Any:
    """``payload`` without the listed objects whose id is in ``purged``."""
    if isinstance(payload, dict):
        return {k: without_objects(v, purged) for k, v in payload.items()}
    if isinstance(payload, list):
        return [
            without_objects(v, purged)
            for v in payload
            if not (
                isinstance(v, dict) and v.get("id") is not None and purged & set(_keys_of(v))
            )
        ]
    return payload


def _trim_pages(
    store: Store, cutoff: datetime, relisted_until: datetime, result: PurgeResult
) -> None:
    """Take purged objects out of the pages retrieved after ``cutoff`` that may hold them."""
    with store.session() as s:
        first_pages = {
            int(ref.split(":", 1)[1])
            for ref in s.scalars(
                select(Item.raw_ref)
                .where(Item.created_at < cutoff, Item.raw_ref.like("raw_payloads:%"))
                .distinct()
            )
            if ref and ref.split(":", 1)[1].isdigit()
        }
        relisting = set(
            s.scalars(
                select(RawPayload.id).where(
                    RawPayload.retrieved_at >= cutoff, RawPayload.retrieved_at < relisted_until
                )
            )
        )
    candidates = sorted(relisting | first_pages)
    for start in range(0, len(candidates), _BATCH // 5):
        with store.session() as s:
            _secure(s)
            rows = s.execute(
                select(RawPayload.id, RawPayload.platform, RawPayload.payload).where(
                    RawPayload.id.in_(candidates[start : start + _BATCH // 5]),
                    RawPayload.retrieved_at >= cutoff,
                )
            ).all()
            pages = [(pid, platform, body, object_ids(body)) for pid, platform, body in rows]
            old = _old_keys(s, cutoff, ((p[1], p[3]) for p in pages))
            for pid, platform, payload, ids in pages:
                purged = {i for i in ids if (platform, i) in old}
                if purged:
                    s.execute(
                        update(RawPayload)
                        .where(RawPayload.id == pid)
                        .values(payload=without_objects(payload, purged))
                    )
                    result.raw_pages_trimmed += 1


def _old_keys(
    session: Session, cutoff: datetime, pages: Iterable[tuple[str, set[str]]]
) -> set[tuple[str, str]]:
    """Which of the (platform, id) pairs are items created before ``cutoff``."""
    wanted: dict[str, set[str]] = {}
    for platform, ids in pages:
        wanted.setdefault(platform, set()).update(ids)
    old: set[tuple[str, str]] = set()
    for platform, ids in wanted.items():
        listed = sorted(ids)
        for start in range(0, len(listed), _BATCH):
            chunk = listed[start : start + _BATCH]
            old.update(
                (platform, ext)
                for ext in session.scalars(
                    select(Item.external_id).where(
                        Item.platform == platform,
                        Item.external_id.in_(chunk),
                        Item.created_at < cutoff,
                    )
                )
            )
    return old
