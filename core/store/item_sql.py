"""Hand-written SQL for the item hot path (bulk insert and existence lookup).

SQLAlchemy's per-value type processing cost more than the database work itself when importing
100,000 rows, so these two statements bypass it. Values are converted here exactly as the
column types would (naive UTC datetimes, JSON text, 0/1 booleans on SQLite), keeping rows
readable through the ORM.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import repeat
from operator import is_not, itemgetter
from typing import Any

from sqlalchemy import Connection
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
# Columns that may be NULL: a batch where one is NULL in every row names it as a literal NULL
# instead of binding it per row (see insert_tuples).
_NULLABLE = tuple(
    i
    for i, c in enumerate(INSERT_COLUMNS)
    if c
    in {
        "source_name",
        "parent_external_id",
        "conversation_id",
        "author_pseudonym",
        "author_handle",
        "author_location",
        "lang",
        "url",
        "metrics",
        "geo",
        "raw_ref",
        "deleted_at",
    }
)
_NULLABLE_GETTERS = tuple((i, itemgetter(i)) for i in _NULLABLE)
# Parameters per statement: SQLite before 3.32 allowed 999, later builds 32766.
_SQLITE_MAX_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999


def _sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    # Exactly the storage format SQLAlchemy's SQLite DateTime type writes and parses back
    # ("YYYY-MM-DD HH:MM:SS.ffffff"); cutting the "+00:00" off is cheaper than replace().
    return value.isoformat(" ", "microseconds")[:26]


def _pg_datetime(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


class ItemEncoder:
    """Converts item values for one dialect as the column types would.

    One per batch: JSON values repeat (a few like counts), so each distinct one is encoded once.
    """

    def __init__(self, dialect: str) -> None:
        if dialect not in ("sqlite", "postgresql"):
            raise NotImplementedError(f"bulk insert not supported on {dialect}")
        self.dialect = dialect
        self.datetime = self._sqlite_datetime if dialect == "sqlite" else _pg_datetime
        # SQLite stores booleans as 0/1 (what SQLAlchemy's Boolean writes); binding an int is
        # also several times cheaper there than binding a bool.
        self.boolean: Any = int if dialect == "sqlite" else bool
        self._json_cache: dict[Any, str | None] = {}
        self._days: dict[int, str] = {}

    def _sqlite_datetime(self, value: datetime | None) -> str | None:
        """As :func:`_sqlite_datetime`, with the date part formatted once per day: isoformat()
        was the costliest step of encoding an imported row."""
        if value is None:
            return None
        if value.tzinfo is not UTC:
            value = value.astimezone(UTC)
        ordinal = value.toordinal()
        day = self._days.get(ordinal)
        if day is None:
            day = self._days[ordinal] = value.date().isoformat() + " "
        return day + "%02d:%02d:%02d.%06d" % (  # noqa: UP031 (cheaper than an f-string here)
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
        )

    def json(self, value: Any) -> str | None:
        if not value:
            return None if value is None else _json(value)
        try:
            # One-key dicts (a like count) need no sorting: the common case stays cheap.
            items = value.items()
            key: Any = tuple(items) if len(items) == 1 else tuple(sorted(items))
            hit = self._json_cache.get(key)
        except (TypeError, AttributeError):  # unhashable values, or not a dict
            return _json(value)
        if hit is None:
            hit = self._json_cache[key] = _json(value)
        return hit


def insert_sql(dialect: str, null_columns: frozenset[int] = frozenset()) -> str:
    cols = ", ".join(INSERT_COLUMNS)
    if dialect == "sqlite":
        marks = ", ".join("NULL" if i in null_columns else "?" for i in range(len(INSERT_COLUMNS)))
    else:
        marks = ", ".join(
            "NULL" if i in null_columns else ("CAST(%s AS JSON)" if c in _JSON_COLUMNS else "%s")
            for i, c in enumerate(INSERT_COLUMNS)
        )
    return (
        f"INSERT INTO items ({cols}) VALUES ({marks}) "
        "ON CONFLICT (platform, external_id) DO NOTHING"
    )


def insert_tuples(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert rows already encoded by :class:`ItemEncoder`, in ``INSERT_COLUMNS`` order;
    returns how many were inserted (a key stored meanwhile by another writer is skipped).

    Binding NULL costs the sqlite3 module several times more than binding a string (it looks
    for an adapter first), so columns that are NULL in every row of the batch (lang, url, geo,
    deleted_at... on an import) are written as literal NULLs and left out of the parameters.
    """
    if not rows:
        return 0
    null_columns = frozenset(
        i for i, get in _NULLABLE_GETTERS if not any(map(is_not, map(get, rows), repeat(None)))
    )
    sql = insert_sql(conn.dialect.name, null_columns)
    if null_columns:
        keep = itemgetter(*(i for i in range(len(INSERT_COLUMNS)) if i not in null_columns))
        rows = list(map(keep, rows))
    # Both drivers report the rows an executemany changed (sqlite3 and psycopg >= 3.1 sum
    # them); a row skipped by ON CONFLICT DO NOTHING is not counted.
    return int(conn.exec_driver_sql(sql, rows).rowcount)  # type: ignore[arg-type]


def encode_rows(rows: Sequence[dict[str, Any]], dialect: str) -> list[tuple[Any, ...]]:
    enc = ItemEncoder(dialect)
    # Batches share a few timestamps ("now"): convert each distinct value once.
    dt_cache: dict[datetime, Any] = {}

    def dt(value: datetime | None) -> Any:
        if value is None:
            return None
        hit = dt_cache.get(value)
        if hit is None:
            hit = dt_cache[value] = enc.datetime(value)
        return hit

    js = enc.json
    boolean = enc.boolean
    return [
        (
            r["platform"],
            r["external_id"],
            r["source_name"],
            r["kind"],
            boolean(r["is_own"]),
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
    """Insert item rows given as column dicts (unknown keys are an error)."""
    if not rows:
        return
    conn = session.connection()
    insert_tuples(conn, encode_rows(rows, conn.dialect.name))


_LOOKUP_COLUMNS = "id, external_id, text_hash, metrics, deleted_at, edit_count"


def lookup_chunk_size(dialect: str) -> int:
    """How many ids one :func:`lookup` statement takes."""
    # PostgreSQL gets the ids as one array parameter; SQLite one parameter per id.
    return 10_000 if dialect == "postgresql" else min(10_000, _SQLITE_MAX_VARIABLES - 1)


def lookup(session: Session, platform: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows ``(id, external_id, text_hash, metrics as canonical JSON text, deleted_at raw,
    edit_count)``; metrics stay text so an unchanged row costs no JSON decoding.

    At most :func:`lookup_chunk_size` ids per call.
    """
    if not ids:
        return []
    conn = session.connection()
    # Plain driver SQL: SQLAlchemy re-renders an expanding IN list on every execution, which
    # cost more than the query itself for thousands of ids. On PostgreSQL the ids go as one
    # array: with one parameter per id, once psycopg had prepared the statement (5th batch),
    # the generic plan filtered every row of the platform against the list (1.6 s per lookup at
    # 100,000 rows; a 100,000-row import took 70 s). "= ANY(array)" keeps the unique index.
    if conn.dialect.name == "postgresql":
        sql = f"SELECT {_LOOKUP_COLUMNS} FROM items WHERE platform = %s AND external_id = ANY(%s)"
        params: tuple[Any, ...] = (platform, list(ids))
    else:
        marks = ",".join("?" * len(ids))
        sql = f"SELECT {_LOOKUP_COLUMNS} FROM items WHERE platform = ? AND external_id IN ({marks})"
        params = (platform, *ids)
    rows = conn.exec_driver_sql(sql, params).all()
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


def written_marks(
    session: Session, platform: str, ids: Sequence[str]
) -> list[tuple[str, str | None, Any]]:
    """``(external_id, raw_ref, first_seen_at as stored)`` of these ids (at most
    :func:`lookup_chunk_size`): tells which rows of a batch this writer inserted."""
    if not ids:
        return []
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        sql = (
            "SELECT external_id, raw_ref, first_seen_at FROM items "
            "WHERE platform = %s AND external_id = ANY(%s)"
        )
        params: tuple[Any, ...] = (platform, list(ids))
    else:
        marks = ",".join("?" * len(ids))
        sql = (
            "SELECT external_id, raw_ref, first_seen_at FROM items "
            f"WHERE platform = ? AND external_id IN ({marks})"
        )
        params = (platform, *ids)
    return [(r[0], r[1], r[2]) for r in conn.exec_driver_sql(sql, params).all()]


def canonical_json(value: Any) -> str | None:
    return _json(value)
