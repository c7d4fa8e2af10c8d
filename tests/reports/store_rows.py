"""Writing items (through the store's own writer) and their analyses for the report tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from core.records import ItemRecord
from core.store.analyses import write_analyses
from core.store.database import Store
from core.store.items import ItemWriter
from core.store.models import Item
from core.store.pseudonym import Pseudonymizer

WIB = timedelta(hours=7)
# ISO week 2024-W48 runs Monday 25 Nov 00:00 WIB to Monday 2 Dec 00:00 WIB.
MON = datetime(2024, 11, 25, tzinfo=UTC) - WIB


def analysis_row(item_id: int, analysis: dict[str, Any]) -> dict[str, Any]:
    flags = analysis.get("flags", [])
    return {
        "item_id": item_id,
        "model_version": analysis.get("version", "m1"),
        "created_at": datetime.now(UTC),
        "sentiment": analysis.get("sentiment", "neutral"),
        "score_positive": 0.1,
        "score_neutral": 0.8,
        "score_negative": 0.1,
        "stage": analysis.get("stage", "none"),
        "secondary_stages": None,
        "awareness": analysis.get("awareness", "none"),
        "language": "id",
        "kecamatan": analysis.get("kecamatan"),
        "area_source": "text" if analysis.get("kecamatan") else None,
        "flags": flags,
        "is_question": "question" in flags,
        "is_misinformation": "misinformation" in flags,
        "is_golput_intent": "golput_intent" in flags,
        "is_complaint": "complaint" in flags,
        "is_violation_report": False,
        "is_cynicism": "cynicism" in flags,
        "is_voting_barrier": "voting_barrier" in flags,
        "barrier": analysis.get("barrier") or None,
        "needs_review": "needs_review" in flags,
        "evidence": analysis.get("evidence"),
    }


def add(
    store: Store,
    ext: str,
    at: datetime,
    text: str = "teks",
    *,
    own: bool = False,
    kind: str = "reply",
    parent: str | None = None,
    conv: str | None = None,
    analysis: dict[str, Any] | None = None,
    platform: str = "facebook",
    url: str | None = None,
    metrics: dict[str, Any] | None = None,
    author: str | None = None,
    raw_ref: str | None = None,
) -> None:
    rec = ItemRecord(
        platform=platform,
        external_id=ext,
        text=text,
        created_at=at,
        kind=kind,
        is_own=own,
        parent_external_id=parent,
        conversation_id=conv,
        author_id=None if own else (author or f"author-{ext}"),
        url=url,
        metrics=metrics or {},
    )
    with store.session() as s:
        ItemWriter(Pseudonymizer("k" * 20)).write(s, [rec], [raw_ref])
        if analysis is None:
            return
        item_id = s.scalar(
            select(Item.id).where(Item.platform == platform, Item.external_id == ext)
        )
        assert item_id is not None
        write_analyses(s, [analysis_row(item_id, analysis)])
