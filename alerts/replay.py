"""Replaying the alert cycle over a past period with a moving clock (demo and tests).

The scheduler evaluates the rules every few minutes as data arrives; on an imported month the
same can be seen by stepping a clock through it and running one alert cycle per step.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from alerts.channels import Sender
from alerts.cycle import AlertCycleReport, run_alert_cycle
from alerts.settings import AlertCycleSettings
from core.store.database import Store
from core.store.models import Item

if TYPE_CHECKING:
    from nlp.calendar import StageCalendar


def item_time_span(store: Store) -> tuple[datetime, datetime] | None:
    """First and last ``created_at`` of the public items, or None when there are none."""
    with store.session() as s:
        first, last = s.execute(
            select(func.min(Item.created_at), func.max(Item.created_at)).where(
                Item.is_own.is_(False)
            )
        ).one()
    if first is None or last is None:
        return None
    from core.store.models import UtcDateTime

    convert = UtcDateTime().process_result_value
    if isinstance(first, str):  # aggregates on SQLite come back untyped
        first, last = datetime.fromisoformat(first), datetime.fromisoformat(last)
    return convert(first, None), convert(last, None)  # type: ignore[arg-type,return-value]


def steps(start: datetime, end: datetime, step: timedelta) -> Iterator[datetime]:
    moment = start
    while moment <= end:
        yield moment
        moment += step
    if moment - step < end:
        yield end


def replay(
    store: Store,
    settings: AlertCycleSettings,
    start: datetime,
    end: datetime,
    step: timedelta,
    sender: Sender,
    calendar: StageCalendar | None = None,
) -> list[AlertCycleReport]:
    """Run one alert cycle at every ``step`` from ``start`` to ``end`` (inclusive)."""
    return [
        run_alert_cycle(store, settings, moment, sender=sender, calendar=calendar)
        for moment in steps(start, end, step)
    ]
