"""The outbox: messages are committed first, delivered later, retried until a channel takes them.

Delivery of one message is three short transactions: claim (``claimed_at``), send (no
transaction open), mark sent. A claim left by a crashed process expires after
``claim_timeout_minutes`` and the message is tried again; that is the only way a message can
reach a channel twice (see alerts/README.md for the guarantee).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from alerts.channels import DeliveryError, OutgoingMessage, Sender
from alerts.settings import DeliverySettings
from core.store.database import Store
from core.store.models import Alert, OutboxMessage

log = logging.getLogger(__name__)

PENDING, HELD, SENT, FAILED, DIGESTED = "pending", "held", "sent", "failed", "digested"


def enqueue(
    session: Session,
    *,
    channel: str,
    key: str,
    subject: str,
    body: str,
    now: datetime,
    alert_id: int | None = None,
    attachments: Sequence[str] = (),
    hold_until: datetime | None = None,
) -> OutboxMessage | None:
    """Add a message in the caller's transaction; None when ``key`` is already in the outbox.

    ``hold_until`` keeps the message for the morning digest (quiet hours) instead of sending it.
    """
    existing = session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key))
    if existing is not None:
        return None
    message = OutboxMessage(
        alert_id=alert_id,
        channel=channel,
        idempotency_key=key,
        subject=subject[:256],
        body=body,
        attachments=list(attachments) or None,
        status=HELD if hold_until else PENDING,
        attempts=0,
        next_attempt_at=hold_until or now,
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message


@dataclass
class DeliveryReport:
    """What one delivery pass did."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    down_channels: set[str] = field(default_factory=set)


def backoff(attempts: int, settings: DeliverySettings) -> timedelta:
    """Exponential, capped: a channel back after hours is served within ``max_backoff``."""
    seconds = settings.base_backoff_seconds * (2 ** max(0, attempts - 1))
    return timedelta(seconds=min(seconds, settings.max_backoff_minutes * 60))


def _due(now: datetime, settings: DeliverySettings, skip: set[str], limit: int) -> Any:
    stale = now - timedelta(minutes=settings.claim_timeout_minutes)
    stmt = (
        select(OutboxMessage.id, OutboxMessage.channel)
        .where(
            OutboxMessage.status == PENDING,
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < stale),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if skip:
        stmt = stmt.where(OutboxMessage.channel.not_in(sorted(skip)))
    return stmt


def _claim(store: Store, message_id: int, now: datetime, settings: DeliverySettings) -> bool:
    stale = now - timedelta(minutes=settings.claim_timeout_minutes)
    with store.session() as s:
        result = s.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.status == PENDING,
                or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < stale),
            )
            .values(claimed_at=now)
        )
        return bool(getattr(result, "rowcount", 0) == 1)


def _outgoing(store: Store, message_id: int) -> tuple[str, OutgoingMessage]:
    with store.session() as s:
        msg = s.get(OutboxMessage, message_id)
        assert msg is not None
        severity = "info"
        if msg.alert_id is not None:
            alert = s.get(Alert, msg.alert_id)
            severity = alert.severity if alert is not None else "info"
        out = OutgoingMessage(
            subject=msg.subject,
            body=msg.body,
            severity=severity,
            attachments=tuple(msg.attachments or ()),
        )
        return msg.channel, out


def deliver_pending(
    store: Store,
    sender: Sender,
    now: datetime,
    settings: DeliverySettings,
    *,
    known_channels: Sequence[str] | None = None,
    should_stop: Callable[[], bool] | None = None,
    clock: Callable[[], datetime] | None = None,
) -> DeliveryReport:
    """Send what is due, oldest first. A channel that fails is skipped for the rest of the pass.

    ``known_channels``: messages for any other channel are marked failed (the channel was
    removed from the config), so they do not wait forever. ``clock`` stamps ``sent_at``.
    """
    report = DeliveryReport()
    stamp = clock or (lambda: now)
    while not (should_stop and should_stop()):
        with store.session() as s:
            batch = list(s.execute(_due(now, settings, report.down_channels, settings.batch_size)))
        if not batch:
            break
        progressed = False
        for message_id, channel in batch:
            if should_stop and should_stop():
                break
            if channel in report.down_channels:
                continue
            if known_channels is not None and channel not in known_channels:
                _mark_failed(store, message_id, f"kanal '{channel}' tidak ada di konfigurasi")
                report.failed.append(message_id)
                progressed = True
                continue
            if not _claim(store, message_id, now, settings):
                continue
            progressed = True
            name, outgoing = _outgoing(store, message_id)
            try:
                sender.send(name, outgoing)
            except DeliveryError as exc:
                _mark_retry(store, message_id, str(exc), now, settings)
                report.retrying.append(message_id)
                report.down_channels.add(channel)
                log.warning("channel %s: message %s not delivered: %s", channel, message_id, exc)
                continue
            _mark_sent(store, message_id, stamp())
            report.sent.append(message_id)
        if not progressed:
            break
    return report


def _mark_sent(store: Store, message_id: int, when: datetime) -> None:
    with store.session() as s:
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(status=SENT, sent_at=when, attempts=OutboxMessage.attempts + 1, last_error=None)
        )


def _mark_retry(
    store: Store, message_id: int, error: str, now: datetime, settings: DeliverySettings
) -> None:
    with store.session() as s:
        msg = s.get(OutboxMessage, message_id)
        if msg is None:
            return
        msg.attempts += 1
        msg.last_error = error[:1000]
        msg.claimed_at = None
        msg.next_attempt_at = now + backoff(msg.attempts, settings)


def _mark_failed(store: Store, message_id: int, error: str) -> None:
    with store.session() as s:
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(status=FAILED, last_error=error, claimed_at=None)
        )


def outbox_counts(store: Store) -> dict[str, int]:
    """Messages per status, for ``pantau alerts list`` and the status view."""
    from sqlalchemy import func

    with store.session() as s:
        rows = s.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
        return {str(status): int(count) for status, count in rows}
