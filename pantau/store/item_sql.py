"""Hand-written SQL for the item hot path (bulk insert and existence lookup).

SQLAlchemy's per-value type processing cost more than the database work itself when importing
100,000 rows, so these two statements bypass it. Values are converted here exactly as the
column types would (naive UTC datetimes, JSON text), keeping rows readable through the ORM.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

INSERT_COLUMNS = (
    "platform",
    "external_id",
    "source_name",
    "kind",
    "is_own",
    "parent_external_id",
    "conversation_id",
    "author_pseudonym",
    "author_handle",
    "author_location",
    "lang",
    "text",
    "text_hash",
    "created_at",
    "url",
    "metrics",
    "geo",
    "raw_ref",
    "deleted_at",
    "edit_count",
    "first_seen_at",
    "updated_at",
)
_JSON_COLUMNS = {"metrics", "geo"}


def _sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    # Exactly the storage format SQLAlchemy's SQLite DateTime type writes and parses back.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _pg_datetime(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def insert_sql(dialect: str) -> str:
    cols = ", ".join(INSERT_COLUMNS)
    if dialect == "sqlite":
        marks = ", ".join("?" for _ in INSERT_COLUMNS)
    else:
        marks = ", ".join(
            "CAST(%s AS JSON)" if c in _JSON_COLUMNS else "%s" for c in INSERT_COLUMNS
        )
    return (
        f"INSERT INTO items ({cols}) VALUES ({marks}) "
        "ON CONFLICT (platform, external_id) DO NOTHING"
    )


def encode_rows(rows: Sequence[dict[str, Any]], dialect: str) -> list[tuple[Any, ...]]:
    to_dt = _sqlite_datetime if dialect == "sqlite" else _pg_datetime
    # Batches share a few timestamps ("now") and metric dicts: convert each distinct value once.
    dt_cache: dict[datetime, Any] = {}
    json_cache: dict[Any, str | None] = {}

    def dt(value: datetime | None) -> Any:
        if value is None:
            return None
        hit = dt_cache.get(value)
        if hit is None:
            hit = dt_cache[value] = to_dt(value)
        return hit

    def js(value: Any) -> str | None:
        if not value:
            return None if value is None else _json(value)
        try:
            key: Any = tuple(sorted(value.items()))
            hash(key)
        except TypeError:
            return _json(value)
        hit = json_cache.get(key)
        if hit is None:
            hit = json_cache[key] = _json(value)
        return hit

    return [
        (
            r["platform"],
            r["external_id"],
            r["source_name"],
            r["kind"],
            r["is_own"],
            r["parent_external_id"],
            r["conversation_id"],
            r["author_pseudonym"],
            r["author_handle"],
            r["author_location"],
            r["lang"],
            r["text"],
            r["text_hash"],
            dt(r["created_at"]),
            r["url"],
            js(r["metrics"]),
            js(r["geo"]),
            r["raw_ref"],
            dt(r["deleted_at"]),
            r["edit_count"],
            dt(r["first_seen_at"]),
            dt(r["updated_at"]),
        )
        for r in rows
    ]


def bulk_insert(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"bulk insert not supported on {dialect}")
    conn.exec_driver_sql(insert_sql(dialect), encode_rows(rows, dialect))


_LOOKUP = text(
    "SELECT id, external_id, text_hash, metrics, deleted_at, edit_count FROM items "
    "WHERE platform = :platform AND external_id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def lookup(session: Session, platform: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows ``(id, external_id, text_hash, metrics as canonical JSON text, deleted_at raw,
    edit_count)``; metrics stay text so an unchanged row costs no JSON decoding."""
    rows = session.execute(_LOOKUP, {"platform": platform, "ids": list(ids)}).all()
    return [
        (
            r[0],
            r[1],
            r[2],
            r[3] if r[3] is None or isinstance(r[3], str) else _json(r[3]),
            r[4],
            r[5],
        )
        for r in rows
    ]


def canonical_json(value: Any) -> str | None:
    return _json(value)
