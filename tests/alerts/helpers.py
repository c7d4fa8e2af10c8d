"""Building stores with items and analyses directly, so rules are tested without the NLP."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from core.store.database import Store
from core.store.models import Analysis, Item
from pantau.settings import Settings

FLAG_COLUMNS = {
    "question": "is_question",
    "misinformation": "is_misinformation",
    "golput_intent": "is_golput_intent",
    "complaint": "is_complaint",
    "violation_report": "is_violation_report",
    "cynicism": "is_cynicism",
    "voting_barrier": "is_voting_barrier",
    "needs_review": "needs_review",
}


@dataclass
class Row:
    """One public reply with the analysis a perfect model would give."""

    external_id: str
    created_at: datetime
    sentiment: str = "neutral"
    flags: tuple[str, ...] = ()
    kecamatan: str | None = None
    stage: str = "none"
    platform: str = "facebook"
    text: str = "teks contoh"
    is_own: bool = False
    parent: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    conversation: str | None = None
    kind: str = "reply"
    barrier: str = ""  # the voting_barrier kind (TAXONOMY), with the voting_barrier flag


def insert_rows(store: Store, rows: Iterable[Row], model_version: str = "test-1") -> int:
    """Insert items and (for public rows) analyses in bulk; returns the number of rows."""
    from sqlalchemy import insert, select

    rows = list(rows)
    with store.session() as s:
        s.execute(
            insert(Item),
            [
                {
                    "platform": r.platform,
                    "external_id": r.external_id,
                    "kind": r.kind,
                    "is_own": r.is_own,
                    "parent_external_id": r.parent,
                    "conversation_id": r.conversation,
                    "url": r.url,
                    "text": r.text,
                    "text_hash": hashlib.md5(r.text.encode()).hexdigest(),
                    "created_at": r.created_at,
                }
                for r in rows
            ],
        )
        ids = {(p, e): i for i, p, e in s.execute(select(Item.id, Item.platform, Item.external_id))}
        analyses = []
        for r in rows:
            if r.is_own:
                continue
            scores = {"positive": 0.1, "neutral": 0.1, "negative": 0.1}
            scores[r.sentiment] = 0.8
            analyses.append(
                {
                    "item_id": ids[(r.platform, r.external_id)],
                    "model_version": model_version,
                    "sentiment": r.sentiment,
                    "score_positive": scores["positive"],
                    "score_neutral": scores["neutral"],
                    "score_negative": scores["negative"],
                    "stage": r.stage,
                    "kecamatan": r.kecamatan,
                    "flags": list(r.flags),
                    "evidence": r.evidence or None,
                    "barrier": r.barrier or None,
                    **{col: (name in r.flags) for name, col in FLAG_COLUMNS.items()},
                }
            )
        if analyses:
            s.execute(insert(Analysis), analyses)
    return len(rows)


def settings_with(workspace: Any = None, **alerts: Any) -> Settings:
    """Settings whose ``alerts:`` section is ``alerts`` (validated like the YAML)."""
    data: dict[str, Any] = {"alerts": alerts}
    settings = Settings.model_validate(data)
    if workspace is not None:
        settings.workspace = workspace
    return settings


def at(text: str) -> datetime:
    """'2024-11-25 10:00' in WIB -> aware UTC."""
    local = datetime.strptime(text, "%Y-%m-%d %H:%M")
    return (local - timedelta(hours=7)).replace(tzinfo=UTC)


class RecordingSender:
    """A sender that records what it is given and can be switched off (channel down)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self.down: set[str] = set()

    def send(self, channel: str, message: Any) -> None:
        from alerts.channels import DeliveryError

        if channel in self.down:
            raise DeliveryError(f"{channel} mati")
        self.sent.append((channel, message.subject, message.body))
