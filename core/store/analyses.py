"""Writing analyses in bulk and finding the current analysis of each item.

An item may carry analyses of several model versions while a new model re-analyses the backlog;
readers use the newest one per item (``current_analyses``), so reports never count an item twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core.store.item_sql import _json, _pg_datetime, _sqlite_datetime
from core.store.models import Analysis

ANALYSIS_COLUMNS = (
    "item_id",
    "model_version",
    "created_at",
    "sentiment",
    "score_positive",
    "score_neutral",
    "score_negative",
    "stage",
    "secondary_stages",
    "awareness",
    "language",
    "kecamatan",
    "area_source",
    "flags",
    "is_question",
    "is_misinformation",
    "is_golput_intent",
    "is_complaint",
    "is_violation_report",
    "is_cynicism",
    "is_voting_barrier",
    "barrier",
    "needs_review",
    "evidence",
)
_JSON = {"secondary_stages", "flags", "evidence"}
# Columns added after the first schema: a row built without them (an older caller) gets these.
_OPTIONAL = {"is_cynicism": False, "is_voting_barrier": False, "barrier": None}


def write_analyses(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert analyses; an (item, model version) pair already present is left as it is."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect.name
    cols = ", ".join(ANALYSIS_COLUMNS)
    if dialect == "sqlite":
        marks = ", ".join("?" for _ in ANALYSIS_COLUMNS)
        to_dt = _sqlite_datetime
    else:
        marks = ", ".join("CAST(%s AS JSON)" if c in _JSON else "%s" for c in ANALYSIS_COLUMNS)
        to_dt = _pg_datetime  # type: ignore[assignment]
    sql = (
        f"INSERT INTO analyses ({cols}) VALUES ({marks}) "
        "ON CONFLICT (item_id, model_version) DO NOTHING"
    )
    values = [
        tuple(
            _json(r[c])
            if c in _JSON
            else to_dt(r[c])
            if c == "created_at"
            else r.get(c, _OPTIONAL[c])
            if c in _OPTIONAL
            else r[c]
            for c in ANALYSIS_COLUMNS
        )
        for r in rows
    ]
    conn.exec_driver_sql(sql, values)


def current_analysis_ids() -> Select[Any]:
    """A subquery of the newest analysis id per item (use: ``Analysis.id.in_(...)`` or join)."""
    return select(func.max(Analysis.id).label("id")).group_by(Analysis.item_id)


def current_analyses() -> Any:
    """``Analysis`` restricted to the newest row per item, as an aliased subquery-backed entity."""
    from sqlalchemy.orm import aliased

    newest = current_analysis_ids().subquery()
    joined = select(Analysis).join(newest, Analysis.id == newest.c.id).subquery()
    return aliased(Analysis, joined)
