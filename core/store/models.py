"""Database tables (SQLAlchemy 2 declarative). Schema changes go through Alembic migrations.

Times are stored as naive UTC (``UtcDateTime``) so SQLite and PostgreSQL compare and sort them
the same way; they come back timezone-aware.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, naive UTC in the database, aware UTC out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """A configured account on a platform (the commission's own X account, Page, IG account)."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Item(Base):
    """A post or reply. ``(platform, external_id)`` is the natural key every write upserts on."""

    __tablename__ = "items"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    source_name: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="reply")
    is_own: Mapped[bool] = mapped_column(Boolean, default=False)
    parent_external_id: Mapped[str | None] = mapped_column(String(128))
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    author_pseudonym: Mapped[str | None] = mapped_column(String(32))
    author_handle: Mapped[str | None] = mapped_column(String(128))
    author_location: Mapped[str | None] = mapped_column(String(256))
    lang: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    url: Mapped[str | None] = mapped_column(String(512))
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    geo: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    raw_ref: Mapped[str | None] = mapped_column(String(256))
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    edit_count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("platform", "external_id", name="uq_items_platform_external_id"),
        Index("ix_items_created_at", "created_at"),
        Index("ix_items_conversation", "platform", "conversation_id"),
        Index("ix_items_parent", "platform", "parent_external_id"),
    )


class RawPayload(Base):
    """An API response page kept as received, with provenance, so mappings can be re-run."""

    __tablename__ = "raw_payloads"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    source_name: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(16))
    endpoint: Mapped[str] = mapped_column(String(128))
    url: Mapped[str] = mapped_column(Text)
    api_version: Mapped[str] = mapped_column(String(32))
    status_code: Mapped[int] = mapped_column(Integer, default=200)
    retrieved_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Cursor(Base):
    """Where a stream of a source stopped (e.g. ``since_id``); advanced only after a commit."""

    __tablename__ = "cursors"
    source_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    stream: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True, default="")
    value: Mapped[str] = mapped_column(String(512))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Run(Base):
    """The ledger: one row per collection, import, analysis or report run."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="running")
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    items_updated: Mapped[int] = mapped_column(Integer, default=0)
    items_skipped: Mapped[int] = mapped_column(Integer, default=0)
    items_failed: Mapped[int] = mapped_column(Integer, default=0)
    wait_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    gaps: Mapped[list[Any] | None] = mapped_column(JSON)
    errors: Mapped[list[Any] | None] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_runs_kind_source", "kind", "source_name", "started_at"),)


class Analysis(Base):
    """NLP tags for one item under one model version (TAXONOMY.md ids)."""

    __tablename__ = "analyses"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    model_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sentiment: Mapped[str] = mapped_column(String(16))
    score_positive: Mapped[float] = mapped_column(Float)
    score_neutral: Mapped[float] = mapped_column(Float)
    score_negative: Mapped[float] = mapped_column(Float)
    stage: Mapped[str] = mapped_column(String(48), default="none")
    secondary_stages: Mapped[list[Any] | None] = mapped_column(JSON)
    awareness: Mapped[str] = mapped_column(String(16), default="none")
    language: Mapped[str] = mapped_column(String(8), default="id")
    kecamatan: Mapped[str | None] = mapped_column(String(64))
    area_source: Mapped[str | None] = mapped_column(String(16))
    # The flags as booleans as well as a list, so reports aggregate them in SQL.
    flags: Mapped[list[Any] | None] = mapped_column(JSON)
    is_question: Mapped[bool] = mapped_column(Boolean, default=False)
    is_misinformation: Mapped[bool] = mapped_column(Boolean, default=False)
    is_golput_intent: Mapped[bool] = mapped_column(Boolean, default=False)
    is_complaint: Mapped[bool] = mapped_column(Boolean, default=False)
    is_violation_report: Mapped[bool] = mapped_column(Boolean, default=False)
    is_cynicism: Mapped[bool] = mapped_column(Boolean, default=False)
    is_voting_barrier: Mapped[bool] = mapped_column(Boolean, default=False)
    # The kind of voting barrier (TAXONOMY `barrier`: not_registered, away_from_home, ...).
    barrier: Mapped[str | None] = mapped_column(String(24))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (
        UniqueConstraint("item_id", "model_version", name="uq_analyses_item_model"),
        Index("ix_analyses_model_kecamatan", "model_version", "kecamatan"),
        Index("ix_analyses_item_newest", "item_id", "id"),
    )


class AnalysisFailure(Base):
    """An item the pipeline could not tag under one model version: kept so the item is not
    tried again every cycle (a new version, or ``pantau analyze --retry-failed``, tries again)
    and so the failure can be seen and alerted on."""

    __tablename__ = "analysis_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    model_version: Mapped[str] = mapped_column(String(64))
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("item_id", "model_version", name="uq_analysis_failures_item_model"),
    )


class Alert(Base):
    """An alert; an ongoing condition updates its open row (same ``dedup_key``)."""

    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(64))
    dedup_key: Mapped[str] = mapped_column(String(256))
    status: Mapped[str] = mapped_column(String(16), default="open")
    severity: Mapped[str] = mapped_column(String(16), default="info")
    kecamatan: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(256))
    body: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    occurrences: Mapped[int] = mapped_column(Integer, default=1)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    cooldown_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_alerts_dedup_status", "dedup_key", "status"),)


class OutboxMessage(Base):
    """A message committed before any delivery attempt; delivered at least once, tracked exactly."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    subject: Mapped[str] = mapped_column(String(256))
    body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)


class Label(Base):
    """A human label for an item (feeds retraining and accuracy figures)."""

    __tablename__ = "labels"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    task: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(64))
    labeller: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("ix_labels_item_task", "item_id", "task"),)


class Lock(Base):
    """Advisory lock rows (one ``pantau run`` per database)."""

    __tablename__ = "locks"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(256))
    acquired_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
