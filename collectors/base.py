"""The collector protocol: a source yields raw pages; the runner commits each one.

A collector never writes to the database. It yields :class:`PageBatch` objects (one raw API
page, the items a pure ``map_item`` made of it, and the cursor values that page justifies);
the runner stores the raw payload, the items and the cursors in one transaction before
asking for the next page. So a cursor can only move past data that is committed, and a run
killed at any instant resumes without loss or duplicates.

Collectors read what earlier runs stored through :class:`StoreView` (cursors, ids already
held), which keeps them free of SQLAlchemy and easy to test.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from core.records import ItemRecord, RawPage

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class CursorUpdate:
    stream: str
    value: str
    key: str = ""


@dataclass(slots=True)
class Skipped:
    """An object a mapper could not turn into an item, and why."""

    external_id: str | None
    reason: str


@dataclass(slots=True)
class PageBatch:
    """What one API page contributes, committed by the runner in one transaction.

    ``raw`` is None for batches that carry no API page (e.g. deletions found by comparing a
    complete listing with the store, or a cursor advanced after the last page of a sweep).
    """

    stream: str
    raw: RawPage | None
    records: list[ItemRecord] = field(default_factory=list)
    cursors: list[CursorUpdate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoredItem:
    external_id: str
    created_at: datetime
    conversation_id: str | None


class StoreView(Protocol):
    """Read-only view of what earlier runs committed (implemented by the runner)."""

    def cursor(self, stream: str, key: str = "") -> str | None: ...

    def cursor_keys(self, stream: str) -> dict[str, str]: ...

    def own_posts_since(self, platform: str, since: datetime) -> list[StoredItem]: ...

    def live_items_since(self, platform: str, since: datetime) -> list[StoredItem]: ...

    def live_in_conversation(self, platform: str, conversation_id: str) -> list[StoredItem]: ...


class Collector(Protocol):
    """One configured source (an X account, a Facebook Page, an Instagram account)."""

    name: str
    platform: str

    def pages(self, view: StoreView) -> Iterator[PageBatch]:
        """Yield pages in an order where committing each one is always safe."""
        ...


def load_json_cursor(raw: str | None) -> dict[str, Any]:
    """Cursor values are small JSON objects; a missing or foreign value reads as empty."""
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def dump_json_cursor(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def tombstone(
    platform: str, external_id: str, created_at: datetime, source: str
) -> ItemRecord:
    """A record that only says 'this object is gone' (the writer sets ``deleted_at``)."""
    return ItemRecord(
        platform=platform,
        external_id=external_id,
        text="",
        created_at=created_at,
        source=source,
        deleted=True,
    )
