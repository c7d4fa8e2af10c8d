"""Per-source cursors (``since_id``, paging cursors) written in the same transaction as the page.

Advancing a cursor in the transaction that stores the page it covers is what makes a killed
collection resumable without loss or duplicates.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.store.models import Cursor


def get_cursor(session: Session, source: str, stream: str, key: str = "") -> str | None:
    row = session.scalar(
        select(Cursor.value).where(
            Cursor.source_name == source, Cursor.stream == stream, Cursor.key == key
        )
    )
    return row


def set_cursor(session: Session, source: str, stream: str, value: str, key: str = "") -> None:
    row = session.get(Cursor, (source, stream, key))
    now = datetime.now(UTC)
    if row is None:
        session.add(Cursor(source_name=source, stream=stream, key=key, value=value, updated_at=now))
    else:
        row.value = value
        row.updated_at = now


def delete_cursor(session: Session, source: str, stream: str, key: str = "") -> None:
    row = session.get(Cursor, (source, stream, key))
    if row is not None:
        session.delete(row)
