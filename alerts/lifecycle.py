"""Alert lifecycle: dedup, cooldown, updates of an ongoing condition, ack, resolve.

One ``dedup_key`` names one ongoing thing ("misinformation about voting day", "negative spike
in Puger"). While its alert is open or acknowledged, a new detection updates that row. The
team is told again only when the cooldown has passed AND the condition got clearly worse (or
more severe); an acknowledged alert is repeated only when it becomes more severe. A detection
that comes back within the cooldown of a resolved alert reopens it without a message.
The alert row and its outbox messages are written in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.digest import hold_until
from alerts.messages import notification_footer, render_alert
from alerts.outbox import enqueue
from alerts.rules import Detection
from alerts.settings import SEVERITY_ORDER, AlertSettings
from core.errors import PantauError
from core.store.database import Store
from core.store.models import Alert

OPEN, ACKED, RESOLVED = "open", "acked", "resolved"
ESCALATION_FACTOR = 1.5  # "clearly worse": half again as many as when the team was last told


class AlertNotFound(PantauError):
    """No alert with that id."""


@dataclass
class LifecycleReport:
    """What applying one round of detections did (alert ids)."""

    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    notified: list[int] = field(default_factory=list)
    resolved: list[int] = field(default_factory=list)


def _more_severe(a: str, b: str) -> bool:
    return SEVERITY_ORDER[a] > SEVERITY_ORDER[b]


def _notify(
    session: Session, alert: Alert, settings: AlertSettings, tz: ZoneInfo, now: datetime
) -> None:
    details: dict[str, Any] = dict(alert.details or {})
    sequence = int(details.get("notifications", 0)) + 1
    details.update(
        notifications=sequence,
        notified_magnitude=details.get("magnitude", 0),
        notified_severity=alert.severity,
    )
    alert.details = details
    rule_settings = getattr(settings.rules, alert.rule)
    alert.cooldown_until = now + timedelta(minutes=rule_settings.cooldown_minutes)
    held = hold_until(now, alert.severity, settings.quiet_hours, tz)
    body = alert.body + notification_footer(alert.id, sequence)
    for channel in settings.channels_for(alert.rule):
        enqueue(
            session,
            channel=channel,
            key=f"alert:{alert.id}:{sequence}:{channel}",
            subject=alert.title,
            body=body,
            now=now,
            alert_id=alert.id,
            hold_until=held,
        )


def _refresh(
    alert: Alert, det: Detection, settings: AlertSettings, tz: ZoneInfo, now: datetime
) -> None:
    text = render_alert(det.rule, det.severity, det.facts, tz)
    alert.title, alert.body = text.title[:256], text.body
    alert.last_seen_at = now
    alert.kecamatan = det.kecamatan
    details: dict[str, Any] = dict(alert.details or {})
    details.update(facts=det.facts, magnitude=det.magnitude)
    alert.details = details


def apply_detection(
    session: Session,
    det: Detection,
    settings: AlertSettings,
    tz: ZoneInfo,
    now: datetime,
    report: LifecycleReport,
) -> Alert:
    """Create, update or reopen the alert for ``det`` and queue its message when due."""
    current = session.scalar(
        select(Alert)
        .where(Alert.dedup_key == det.dedup_key, Alert.status.in_((OPEN, ACKED)))
        .order_by(Alert.id.desc())
        .limit(1)
    )
    if current is not None:
        current.occurrences += 1
        previous_severity = str((current.details or {}).get("notified_severity", current.severity))
        # The row says what the condition is now: its severity, title and body all follow the
        # latest detection (a rumour count back down to 1 is no longer critical, and a title
        # must not keep a label or count the body contradicts). Whether to tell the team again
        # is judged against what it was last told (notified_severity, notified_magnitude).
        current.severity = det.severity
        _refresh(current, det, settings, tz, now)
        report.updated.append(current.id)
        details = current.details or {}
        worse = det.magnitude >= float(details.get("notified_magnitude", 0)) * ESCALATION_FACTOR
        escalated = _more_severe(current.severity, previous_severity)
        cooled = current.cooldown_until is None or now >= current.cooldown_until
        if escalated or (current.status == OPEN and cooled and worse):
            _notify(session, current, settings, tz, now)
            report.notified.append(current.id)
        return current
    recent = session.scalar(
        select(Alert)
        .where(
            Alert.dedup_key == det.dedup_key,
            Alert.status == RESOLVED,
            Alert.cooldown_until > now,
        )
        .order_by(Alert.id.desc())
        .limit(1)
    )
    if recent is not None:
        recent.status, recent.resolved_at = OPEN, None
        recent.occurrences += 1
        recent.severity = det.severity
        _refresh(recent, det, settings, tz, now)
        report.reopened.append(recent.id)
        return recent
    text = render_alert(det.rule, det.severity, det.facts, tz)
    alert = Alert(
        rule=det.rule,
        dedup_key=det.dedup_key,
        status=OPEN,
        severity=det.severity,
        kecamatan=det.kecamatan,
        title=text.title[:256],
        body=text.body,
        details={"facts": det.facts, "magnitude": det.magnitude},
        occurrences=1,
        first_seen_at=now,
        last_seen_at=now,
    )
    session.add(alert)
    session.flush()
    _notify(session, alert, settings, tz, now)
    report.new.append(alert.id)
    report.notified.append(alert.id)
    return alert


def apply_detections(
    store: Store,
    detections: Sequence[Detection],
    ran_rules: Sequence[str],
    settings: AlertSettings,
    tz: ZoneInfo,
    now: datetime,
) -> LifecycleReport:
    """Apply a whole round in one transaction, then close alerts whose condition went away."""
    report = LifecycleReport()
    with store.session() as s:
        for det in detections:
            apply_detection(s, det, settings, tz, now, report)
        stale_before = now - timedelta(hours=settings.auto_resolve_hours)
        stale = s.scalars(
            select(Alert).where(
                Alert.status.in_((OPEN, ACKED)),
                Alert.rule.in_(list(ran_rules)),
                Alert.last_seen_at < stale_before,
            )
        )
        for alert in stale:
            alert.status, alert.resolved_at = RESOLVED, now
            alert.details = {**(alert.details or {}), "resolved_by": "otomatis"}
            report.resolved.append(alert.id)
    return report


def _set_status(store: Store, alert_id: int, status: str, now: datetime) -> Alert:
    with store.session() as s:
        alert = s.get(Alert, alert_id)
        if alert is None:
            raise AlertNotFound(
                f"Peringatan #{alert_id} tidak ada", "Lihat nomornya dengan `pantau alerts list`."
            )
        if status == ACKED and alert.status == OPEN:
            alert.status, alert.acked_at = ACKED, now
        elif status == RESOLVED and alert.status != RESOLVED:
            alert.status, alert.resolved_at = RESOLVED, now
            alert.details = {**(alert.details or {}), "resolved_by": "manual"}
        return alert


def ack_alert(store: Store, alert_id: int, now: datetime) -> Alert:
    """Mark an open alert as being handled: no more reminders unless it gets more severe."""
    return _set_status(store, alert_id, ACKED, now)


def resolve_alert(store: Store, alert_id: int, now: datetime) -> Alert:
    """Close an alert; the same condition within its cooldown reopens it quietly."""
    return _set_status(store, alert_id, RESOLVED, now)


def list_alerts(store: Store, status: str | None = None, limit: int = 50) -> list[Alert]:
    """Newest first; ``status`` None = open and acknowledged, "all" = every alert."""
    stmt = select(Alert).order_by(Alert.last_seen_at.desc(), Alert.id.desc()).limit(limit)
    if status is None:
        stmt = stmt.where(Alert.status.in_((OPEN, ACKED)))
    elif status != "all":
        stmt = stmt.where(Alert.status == status)
    with store.session() as s:
        return list(s.scalars(stmt))
