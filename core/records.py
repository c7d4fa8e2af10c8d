"""Plain records passed between layers: collectors and importers make them, the store keeps them.

They carry no database state, so mappers (`map_item`) stay pure and testable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PLATFORMS = ("x", "facebook", "instagram", "file")
KINDS = ("post", "reply", "comment")


@dataclass(slots=True)
class ItemRecord:
    """One post or reply as a platform (or an export file) describes it.

    ``author_id`` and ``author_handle`` are the raw platform identity; the store replaces
    them by a keyed pseudonym and keeps the handle only when the config allows it.
    ``created_at`` must be timezone-aware (the store converts it to UTC).
    """

    platform: str
    external_id: str
    text: str
    created_at: datetime
    kind: str = "reply"
    is_own: bool = False
    source: str | None = None
    parent_external_id: str | None = None
    conversation_id: str | None = None
    author_id: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    author_location: str | None = None
    lang: str | None = None
    url: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    geo: dict[str, Any] | None = None
    deleted: bool = False


@dataclass(slots=True)
class RawPage:
    """One raw API response page with its provenance (as twarc keeps it)."""

    source: str
    platform: str
    endpoint: str
    url: str
    retrieved_at: datetime
    api_version: str
    payload: Any
    status_code: int = 200
