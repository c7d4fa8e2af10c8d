"""Quiet hours and the morning digest.

During quiet hours an alert below ``bypass_severity`` is still committed to the outbox, but as
``held`` with ``next_attempt_at`` at the next digest time. When that time has come, the held
messages of each channel are folded into one digest message (a normal outbox message) and
marked ``digested``, in one transaction, so nothing is lost or folded twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from alerts.messages import digest_text, local_stamp
from alerts.outbox import DIGESTED, HELD, enqueue
from alerts.settings import SEVERITY_ORDER, QuietHours, parse_hhmm
from core.store.database import Store
from core.store.models import OutboxMessage


def hold_until(now: datetime, severity: str, quiet: QuietHours, tz: ZoneInfo) -> datetime | None:
    """When a message raised at ``now`` may go out, or None to send it right away."""
    if SEVERITY_ORDER[severity] >= SEVERITY_ORDER[quiet.bypass_severity]:
        return None
    local = now.astimezone(tz)
    if not quiet.contains(local.time().replace(second=0, microsecond=0)):
        return None
    at = parse_hhmm(quiet.digest_time)
    moment = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if moment <= local:
        moment += timedelta(days=1)
    return moment.astimezone(now.tzinfo)


def release_digests(store: Store, now: datetime, tz: ZoneInfo) -> list[int]:
    """Fold due held messages into one digest per channel; returns the new message ids."""
    created = []
    with store.session() as s:
        held = list(
            s.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.status == HELD, OutboxMessage.next_attempt_at <= now)
                .order_by(OutboxMessage.channel, OutboxMessage.id)
            )
        )
        by_channel: dict[str, list[OutboxMessage]] = {}
        for msg in held:
            by_channel.setdefault(msg.channel, []).append(msg)
        for channel, messages in by_channel.items():
            text = digest_text(
                [(m.subject, m.body) for m in messages],
                local_stamp(messages[0].created_at, tz),
                local_stamp(now, tz),
            )
            key = f"digest:{channel}:{messages[0].id}-{messages[-1].id}"
            digest = enqueue(
                s, channel=channel, key=key, subject=text.title, body=text.body, now=now
            )
            for m in messages:
                m.status = DIGESTED
            if digest is not None:
                created.append(digest.id)
    return created
