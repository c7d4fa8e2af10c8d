"""One alert cycle: evaluate the rules at ``now``, update alerts, release digests, deliver.

This is what ``pantau run`` does after each collection, what ``pantau alerts check`` does by
hand, and what the demo replays over the scenario month with a moving clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from alerts.channels import ChannelSender, Sender
from alerts.digest import release_digests
from alerts.lifecycle import LifecycleReport, apply_detections
from alerts.outbox import DeliveryReport, deliver_pending
from alerts.rules import Detection, RuleContext, evaluate_rules
from alerts.settings import AlertCycleSettings
from core.privacy import HandleMasker
from core.store.database import Store

if TYPE_CHECKING:
    from nlp.calendar import StageCalendar


@dataclass
class AlertCycleReport:
    detections: list[Detection] = field(default_factory=list)
    lifecycle: LifecycleReport = field(default_factory=LifecycleReport)
    digests: list[int] = field(default_factory=list)
    delivery: DeliveryReport = field(default_factory=DeliveryReport)


def default_sender(settings: AlertCycleSettings) -> ChannelSender:
    """The configured channels, with relative ``file://`` paths under the workspace."""
    alerts = settings.alerts
    return ChannelSender(
        alerts.channels,
        workspace=settings.workspace,
        timeout_seconds=alerts.delivery.timeout_seconds,
    )


@lru_cache(maxsize=4)
def calendar_at(path: Path | None) -> StageCalendar:
    """The stage calendar at ``path`` (None: the shipped one), parsed once per process (the
    service evaluates often; a changed file is read again on the next start)."""
    from nlp.calendar import load_calendar

    return load_calendar(path)


def evaluate(
    store: Store, settings: AlertCycleSettings, now: datetime, calendar: StageCalendar | None = None
) -> tuple[list[Detection], LifecycleReport]:
    """Run the enabled rules at ``now`` and apply the results to the alerts table."""
    if calendar is None:
        calendar = calendar_at(settings.calendar_path)
    corrections = {s.id: (s.correction.text, s.correction.link) for s in calendar.stages}
    with store.session() as s:
        ctx = RuleContext(
            session=s,
            now=now,
            settings=settings.alerts,
            tz=settings.tz,
            voting_day=calendar.election.voting_day,
            corrections=corrections,
            monthly_budget_usd=settings.monthly_budget_usd,
            masker=HandleMasker(settings.own_handles),
            calendar=calendar,
        )
        detections, ran = evaluate_rules(ctx)
    report = apply_detections(store, detections, ran, settings.alerts, settings.tz, now)
    return detections, report


def run_alert_cycle(
    store: Store,
    settings: AlertCycleSettings,
    now: datetime,
    *,
    sender: Sender | None = None,
    calendar: StageCalendar | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> AlertCycleReport:
    """Evaluate, fold due digests, and deliver everything due (pending from earlier too)."""
    detections, lifecycle = evaluate(store, settings, now, calendar)
    digests = release_digests(store, now, settings.tz)
    delivery = deliver_pending(
        store,
        sender or default_sender(settings),
        now,
        settings.alerts.delivery,
        known_channels=list(settings.alerts.channels),
        should_stop=should_stop,
    )
    return AlertCycleReport(detections, lifecycle, digests, delivery)
