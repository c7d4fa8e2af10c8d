"""Applying ``privacy.retention_days``: once a day from ``pantau run``, or by hand.

The library function (``core.store.purge.purge_before``) removes what was created before a
cutoff; this module turns the config into that cutoff, records each purge in the runs ledger
(so the service knows when it last ran, and the team can see what went), and says how far
back the collectors list replies again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.store.database import Store
from core.store.models import Run
from core.store.purge import PurgeResult, purge_before
from core.store.runs import RunStats, finish_run, start_run
from pantau.settings import Settings

RUN_KIND = "purge"
RETENTION = "retensi"  # the ledger name of the daily purge (a manual one is named by its date)
# "Once a day" from a loop that wakes every few minutes: a little under a day, so the moment
# does not creep later each day.
EVERY = timedelta(hours=23)


def relisted_days(settings: Settings) -> int:
    """How long after its creation a reply may turn up again in an API page."""
    windows = [max(s.comment_days, s.conversation_days) for s in settings.sources]
    return max(windows, default=30) + 1


def purge(
    store: Store, settings: Settings, cutoff: datetime, label: str, now: datetime | None = None
) -> PurgeResult:
    """Purge everything created before ``cutoff``, with one ledger row named ``label``."""
    run_id = start_run(store, RUN_KIND, label)
    stats = RunStats()
    try:
        result = purge_before(store, cutoff, relisted_days=relisted_days(settings))
    except BaseException as exc:
        finish_run(store, run_id, stats, "failed", f"{type(exc).__name__}: {exc}"[:500])
        raise
    at = (now or datetime.now(UTC)).isoformat()
    stats.details = {"before": cutoff.isoformat(), "at": at, **result.as_dict()}
    finish_run(store, run_id, stats, "ok")
    return result


def purge_if_due(store: Store, settings: Settings, now: datetime) -> PurgeResult | None:
    """The daily retention purge, when ``retention_days`` is set and a day has passed."""
    days = settings.privacy.retention_days
    if days is None:
        return None
    with store.session() as s:
        details = s.scalar(
            select(Run.details)
            .where(Run.kind == RUN_KIND, Run.status == "ok", Run.source_name == RETENTION)
            .order_by(Run.id.desc())
            .limit(1)
        )
    # The service's clock (not the row's wall-clock time), so a test's clock drives it too.
    last = (details or {}).get("at")
    if last and now - datetime.fromisoformat(last) < EVERY:
        return None
    return purge(store, settings, now - timedelta(days=days), RETENTION, now)
