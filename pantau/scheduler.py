"""``pantau run``: the scheduled service.

Every ``schedule.collect_every_minutes``: collect -> analyze -> alerts (evaluate, digest,
deliver), and once a day the retention purge when ``privacy.retention_days`` is set. Every
``weekly_report_day`` at ``weekly_report_time`` (local time): the weekly report, sent to
``alerts.report_recipients``. A failing step is logged and tried again at the next cycle;
SIGTERM lets the current step finish and then stops the loop.

Timing uses the ``schedule`` library, driven by an injectable clock: ``schedule`` reads
``datetime.datetime.now()`` as naive local time, so the service hands it a clock that returns
naive time in the configured timezone (the server may run in UTC; the media team thinks in
WIB), and tests hand it a fake clock so no test sleeps.
"""

from __future__ import annotations

import datetime as _dt
import logging
import signal
import threading
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import schedule
from sqlalchemy import select

from core.errors import CollectorError, ModelError, PantauError
from core.store.database import Store
from core.store.models import Run
from core.store.runs import RunStats, finish_run, start_run
from pantau.settings import Settings

log = logging.getLogger(__name__)

Clock = Callable[[], _dt.datetime]
# The service's own ledger row per week ("written and queued for the recipients"); a manual
# `pantau report` leaves a "report" row instead, which must not stop the scheduled sending.
WEEKLY_RUN_KIND = "weekly_report"
CATCH_UP = _dt.timedelta(hours=24)
# A report with a format that failed to render is written again at the next cycles; after this
# many tries the formats that did render go out, with the failure named in the message, rather
# than nothing at all (a missing system library will not fix itself within the day).
REPORT_ATTEMPTS = 3
STEP_LABELS = {"collect": "koleksi", "analyze": "analisis", "alerts": "peringatan"}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def system_clock() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


@dataclass
class ServiceJobs:
    """The work of one cycle, injectable so tests need no collector, model or renderer.

    ``alerts(now)`` evaluates and delivers; ``weekly_report(week)`` writes the report of ISO
    week ``week`` ("2024-W47") and returns the written files by format; a result with a
    ``failures`` mapping (format -> error, like ``reports.render.RenderResult``) says which
    formats did not render.
    """

    collect: Callable[[], Any] | None
    analyze: Callable[[], Any] | None
    alerts: Callable[[_dt.datetime], Any]
    weekly_report: Callable[[str], Mapping[str, Path]] | None
    deliver: Callable[[_dt.datetime], Any] | None = None
    # ``purge(now)`` applies the retention period; it decides itself whether a day has passed.
    purge: Callable[[_dt.datetime], Any] | None = None


@dataclass
class CycleOutcome:
    """What happened in one cycle: step name -> "ok" / "skipped" / the error text."""

    steps: dict[str, str] = field(default_factory=dict)
    weekly: str | None = None

    @property
    def failed(self) -> list[str]:
        return [k for k, v in self.steps.items() if v not in ("ok", "skipped")]


def iso_week(day: _dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class PantauService:
    """Runs the jobs on time; one instance per process (guarded by the database lock)."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        jobs: ServiceJobs,
        *,
        clock: Clock = system_clock,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.jobs = jobs
        self.clock = clock
        self.stop = stop or threading.Event()
        self.tz = ZoneInfo(settings.timezone)

    # -- one cycle ------------------------------------------------------------------------
    def _step(self, outcome: CycleOutcome, name: str, job: Callable[[], Any] | None) -> None:
        if self.stop.is_set():
            outcome.steps[name] = "skipped"
            return
        if job is None:
            outcome.steps[name] = "skipped"
            return
        try:
            job()
            outcome.steps[name] = "ok"
        except PantauError as exc:  # expected (a source down, a token missing): say it plainly
            log.error("langkah %s gagal: %s", STEP_LABELS.get(name, name), exc.message)
            outcome.steps[name] = exc.message[:500]
        except Exception as exc:  # one failing step must not stop the service
            log.error("step %s failed: %s: %s", name, type(exc).__name__, exc, exc_info=True)
            outcome.steps[name] = f"{type(exc).__name__}: {exc}"[:300]

    def run_cycle(self) -> CycleOutcome:
        """collect -> analyze -> alerts (-> the daily purge), then the weekly report if due."""
        outcome = CycleOutcome()
        self._step(outcome, "collect", self.jobs.collect)
        self._step(outcome, "analyze", self.jobs.analyze)
        self._step(outcome, "alerts", lambda: self.jobs.alerts(self.clock()))
        purge = self.jobs.purge
        if purge is not None:
            self._step(outcome, "purge", lambda: purge(self.clock()))
        if not self.stop.is_set():
            outcome.weekly = self.weekly_if_due()
        log.info("cycle done: %s", outcome.steps)
        return outcome

    # -- the weekly report ----------------------------------------------------------------
    def report_due_week(self, now: _dt.datetime) -> str | None:
        """The ISO week whose report is due at ``now`` (the week before this week's slot).

        None before the slot and from ``CATCH_UP`` after it.
        """
        sched = self.settings.schedule
        local = now.astimezone(self.tz)
        hour, minute = (int(p) for p in sched.weekly_report_time.split(":"))
        weekday = _WEEKDAYS.index(sched.weekly_report_day)
        monday = local.date() - _dt.timedelta(days=local.weekday())
        slot_day = monday + _dt.timedelta(days=weekday)
        slot = _dt.datetime.combine(slot_day, _dt.time(hour, minute), tzinfo=self.tz)
        # Catch up a slot missed by a stopped service, but only the same day: a service
        # (re)started later in the week should not mail last week's report out of the blue.
        if not slot <= local < slot + CATCH_UP:
            return None
        return iso_week(monday - _dt.timedelta(days=1))

    def _report_runs(self, week: str) -> list[str]:
        with self.store.session() as s:
            return list(
                s.scalars(
                    select(Run.status).where(
                        Run.kind == WEEKLY_RUN_KIND, Run.source_name == week
                    )
                )
            )

    def report_done(self, week: str) -> bool:
        """Written and queued: fully, or partly after ``REPORT_ATTEMPTS`` tries."""
        statuses = self._report_runs(week)
        return "ok" in statuses or statuses.count("partial") >= REPORT_ATTEMPTS

    def weekly_if_due(self) -> str | None:
        """Write and send the due weekly report unless the ledger says it was written.

        Returns the week written, or None. Called by the weekly slot and by every cycle, so a
        service that was down at 07:00 Monday, or a report that failed, catches up.
        """
        if self.jobs.weekly_report is None:
            return None
        week = self.report_due_week(self.clock())
        if week is None or self.report_done(week):
            return None
        attempt = self._report_runs(week).count("partial") + 1
        run_id = start_run(self.store, WEEKLY_RUN_KIND, week)
        stats = RunStats()
        try:
            result = self.jobs.weekly_report(week)
            files = dict(result)
            failures = {
                fmt: str(getattr(err, "message", err))
                for fmt, err in getattr(result, "failures", {}).items()
            }
            stats.details = {"files": {k: str(v) for k, v in files.items()}, "attempt": attempt}
            stats.errors = [f"{fmt}: {why}" for fmt, why in failures.items()]
            if failures and attempt < REPORT_ATTEMPTS:
                log.error(
                    "weekly report %s: %s did not render (try %d of %d, again next cycle)",
                    week, ", ".join(failures), attempt, REPORT_ATTEMPTS,
                )  # fmt: skip
                finish_run(self.store, run_id, stats, "partial", _failure_note(failures))
                return None
            self._queue_report(week, files, failures)
        except Exception as exc:  # retried at the next cycle
            log.error("weekly report %s failed: %s: %s", week, type(exc).__name__, exc)
            finish_run(self.store, run_id, stats, "failed", f"{type(exc).__name__}: {exc}"[:500])
            return None
        finish_run(
            self.store,
            run_id,
            stats,
            "partial" if failures else "ok",
            _failure_note(failures) if failures else None,
        )
        self._deliver_now()
        return week

    def _queue_report(
        self, week: str, files: dict[str, Path], failures: dict[str, str] | None = None
    ) -> None:
        recipients = self.settings.alerts.report_recipients
        if not recipients:
            return
        from alerts.messages import report_text
        from alerts.outbox import enqueue

        paths = [str(p) for p in files.values()]
        attach = [str(p) for fmt, p in files.items() if fmt in ("pdf", "xlsx")] or paths
        text = report_text(week, paths)
        if failures:
            text = replace(text, body=f"{text.body}\n\n{_failure_note(failures)}")
        now = self.clock()
        with self.store.session() as s:
            for channel in recipients:
                enqueue(
                    s,
                    channel=channel,
                    key=f"report:{week}:{channel}",
                    subject=text.title,
                    body=text.body,
                    now=now,
                    attachments=attach,
                )

    def _deliver_now(self) -> None:
        if self.jobs.deliver is None:
            return
        try:
            self.jobs.deliver(self.clock())
        except Exception as exc:  # stays in the outbox; the next cycle delivers it
            log.error("report delivery failed: %s", exc)

    # -- the loop -------------------------------------------------------------------------
    def run_forever(
        self,
        *,
        sleep: Callable[[float], None] | None = None,
        max_iterations: int | None = None,
        on_tick: Callable[[], None] | None = None,
    ) -> int:
        """Run cycles until ``stop`` is set; returns the number of cycles run.

        ``sleep`` defaults to waiting on ``stop`` (so SIGTERM wakes the loop at once);
        tests pass a function that advances their fake clock.
        """
        sched = schedule.Scheduler()
        cycles = 0

        def cycle() -> None:
            nonlocal cycles
            self.run_cycle()
            cycles += 1

        wait = sleep or (lambda seconds: self.stop.wait(seconds) and None)
        with schedule_clock(self.clock, self.tz):
            every = self.settings.schedule.collect_every_minutes
            sched.every(every).minutes.do(cycle)
            day = self.settings.schedule.weekly_report_day
            getattr(sched.every(), day).at(self.settings.schedule.weekly_report_time).do(
                self.weekly_if_due
            )
            cycle()
            iterations = 0
            while not self.stop.is_set():
                if max_iterations is not None and iterations >= max_iterations:
                    break
                iterations += 1
                idle = sched.idle_seconds
                wait(max(1.0, min(idle if idle is not None else 60.0, 60.0)))
                if self.stop.is_set():
                    break
                sched.run_pending()
                if on_tick is not None:
                    on_tick()
        return cycles


@contextmanager
def schedule_clock(clock: Clock, tz: ZoneInfo) -> Iterator[None]:
    """Make ``schedule`` read ``clock`` as naive wall-clock time in ``tz``.

    ``schedule`` asks its module-global ``datetime`` for the time and offers no clock of its
    own, so this swaps that one global for the duration of the ``with`` block and puts it back
    afterwards, even on an exception. It is entered only by ``PantauService.run_forever`` (the
    loop of ``pantau run``, one per process, guarded by the database lock), and nothing else
    in Pantau uses ``schedule``: a future workbench server must not start this loop in a
    request thread.
    """

    class _LocalDatetime(_dt.datetime):
        @classmethod
        def now(cls, tz_arg: _dt.tzinfo | None = None) -> _LocalDatetime:  # type: ignore[override]
            moment = clock().astimezone(tz_arg or tz)
            naive = moment if tz_arg is not None else moment.replace(tzinfo=None)
            return cls(
                naive.year,
                naive.month,
                naive.day,
                naive.hour,
                naive.minute,
                naive.second,
                naive.microsecond,
                tzinfo=naive.tzinfo,
            )

    shim = types.SimpleNamespace(
        datetime=_LocalDatetime, timedelta=_dt.timedelta, time=_dt.time, date=_dt.date
    )
    original = schedule.datetime  # type: ignore[attr-defined]
    schedule.datetime = shim  # type: ignore[assignment]
    try:
        yield
    finally:
        schedule.datetime = original  # type: ignore[attr-defined]


def _failure_note(failures: dict[str, str]) -> str:
    """One Indonesian line naming the formats that did not render, and why."""
    parts = "; ".join(f"{fmt.upper()}: {why}" for fmt, why in failures.items())
    return f"Format laporan yang gagal dibuat (tidak terlampir): {parts}"[:500]


def install_signal_handlers(stop: threading.Event) -> Callable[[], None]:
    """SIGTERM/SIGINT set ``stop``; returns a function that restores the old handlers."""
    previous = {}

    def handler(signum: int, _frame: Any) -> None:
        log.warning("signal %s received: finishing the current step, then stopping", signum)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        previous[sig] = signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def default_jobs(store: Store, settings: Settings, clock: Clock = system_clock) -> ServiceJobs:
    """The production jobs: collectors, the NLP pipeline, the alert cycle, the weekly report."""
    from alerts.cycle import default_sender, run_alert_cycle
    from alerts.outbox import deliver_pending

    pipeline: list[Any] = []

    def collect() -> None:
        if not any(s.enabled for s in settings.sources):
            log.info("no enabled source: nothing to collect")
            return
        from collectors.runner import collect as collect_sources

        results = collect_sources(settings.for_collectors(), store)
        failed = [r for r in results if getattr(r, "status", "ok") == "failed"]
        for r in failed:  # the message already starts with the source's name
            log.warning("sumber gagal: %s", r.message)
        if failed and len(failed) == len(results):
            raise CollectorError(
                f"Semua {len(results)} sumber gagal: " + "; ".join(str(r.message) for r in failed),
                "; ".join(dict.fromkeys(r.hint for r in failed if r.hint)) or None,
            )

    def analyze() -> None:
        from nlp.analyze import analyze_pending
        from nlp.pipeline import TaggingPipeline

        if not pipeline:  # loading the model once per process, not per cycle
            pipeline.append(TaggingPipeline(settings=settings.nlp))
        report = analyze_pending(
            store, pipeline[0], limit=settings.schedule.analyze_max_per_cycle
        )
        if report.failed:  # the step shows as failed; the good items were stored
            raise ModelError(
                f"{report.failed} item tidak dapat dianalisis ({report.errors[0]}); item lain "
                "tersimpan. Setelah diperbaiki: `pantau analyze --retry-failed`."
            )

    def alerts(now: _dt.datetime) -> None:
        run_id = start_run(store, "alerts")
        stats = RunStats()
        try:
            report = run_alert_cycle(store, settings.for_alerts(), now)
        except BaseException as exc:
            finish_run(store, run_id, stats, "failed", f"{type(exc).__name__}: {exc}"[:500])
            raise
        stats.details = {
            "detections": len(report.detections),
            "new": len(report.lifecycle.new),
            "sent": len(report.delivery.sent),
            "retrying": len(report.delivery.retrying),
        }
        down = sorted(report.delivery.down_channels)
        finish_run(
            store,
            run_id,
            stats,
            "partial" if down else "ok",
            f"kanal bermasalah: {', '.join(down)}" if down else None,
        )

    def weekly(week: str) -> Mapping[str, Path]:
        from reports.weekly import write_weekly_report

        # The same folder as `pantau report` (report_dir expands "~"), and the whole result,
        # failures included, so the service records and retries a format that did not render.
        return write_weekly_report(
            store, settings.for_reports(), week, settings.report_dir(), settings.report.formats
        )

    def deliver(now: _dt.datetime) -> None:
        deliver_pending(
            store,
            default_sender(settings.for_alerts()),
            now,
            settings.alerts.delivery,
            known_channels=list(settings.alerts.channels),
        )

    def purge(now: _dt.datetime) -> None:
        from pantau.retention import purge_if_due

        purge_if_due(store, settings, now)

    return ServiceJobs(
        collect=collect,
        analyze=analyze,
        alerts=alerts,
        weekly_report=weekly,
        deliver=deliver,
        purge=purge if settings.privacy.retention_days is not None else None,
    )
