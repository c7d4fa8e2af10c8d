"""Local-calendar grouping expressions that work the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal_column
from sqlalchemy.sql import ColumnElement


def utc_offset_hours(tz: ZoneInfo) -> float:
    # Asia/Jakarta has had no DST since 1964, so a fixed offset groups days exactly.
    offset = datetime.now(tz).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def local_date(column: Any, tz: ZoneInfo, dialect: str) -> ColumnElement[Any]:
    """``DATE(column)`` in the local timezone, as an ISO 'YYYY-MM-DD' string or date."""
    hours = utc_offset_hours(tz)
    if dialect == "sqlite":
        return func.date(column, f"{hours:+.0f} hours")
    if dialect == "postgresql":
        return func.date(column + literal_column(f"interval '{hours:.0f} hours'"))
    return func.date(column)
