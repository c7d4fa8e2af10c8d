"""The scheduled service with a fake clock: cycles, a Monday 07:00 report written once,
failing steps that do not stop the loop, and the database lock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from alerts.outbox import deliver_pending
from core.errors import LockError
from core.locking import DatabaseLock
from core.store.database import Store, open_store
from core.store.models import Lock, OutboxMessage, Run
from pantau.scheduler import PantauService, ServiceJobs, iso_week
from tests.alerts.helpers import RecordingSender, at, settings_with


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Recorder:
    """Injected jobs that record when they ran; ``analyze`` always fails."""

    def __init__(self, clock: FakeClock, store: Store, tmp_path: Path, settings: Any) -> None:
        self.clock, self.store, self.tmp_path, self.settings = clock, store, tmp_path, settings
        self.collected: list[datetime] = []
        self.alerted: list[datetime] = []
        self.weeks: list[tuple[str, datetime]] = []
        self.weekly_failures = 0
        self.sender = RecordingSender()

    def collect(self) -> None:
        self.collected.append(self.clock())

    def analyze(self) -> None:
        raise RuntimeError("model file missing")

    def alerts(self, now: datetime) -> None:
        self.alerted.append(now)

    def weekly(self, week: str) -> dict[str, Path]:
        if self.weekly_failures:
            self.weekly_failures -= 1
            raise OSError("disk full")
        self.weeks.append((week, self.clock()))
        path = self.tmp_path / f"laporan-{week}.pdf"
        path.write_text("pdf", encoding="utf-8")
        return {"pdf": path}

    def deliver(self, now: datetime) -> None:
        deliver_pending(self.store, self.sender, now, self.settings.alerts.delivery)

    def jobs(self) -> ServiceJobs:
        return ServiceJobs(self.collect, self.analyze, self.alerts, self.weekly, self.deliver)


def _run_until(service: PantauService, clock: FakeClock, end: datetime) -> int:
    def tick() -> None:
        if clock() >= end:
            service.stop.set()

    return service.run_forever(sleep=clock.sleep, on_tick=tick)


def test_cycles_across_monday_0700_write_the_report_once(store: Store, tmp_path: Path) -> None:
    settings = settings_with(channels={"tim": "json://127.0.0.1:9/x"}, report_recipients=["tim"])
    clock = FakeClock(at("2024-11-24 20:00"))  # Sunday evening WIB
    rec = Recorder(clock, store, tmp_path, settings)
    service = PantauService(store, settings, rec.jobs(), clock=clock)
    cycles = _run_until(service, clock, at("2024-11-25 10:00"))

    assert cycles == len(rec.collected) == len(rec.alerted) == 29  # every 30 min for 14 h + 1
    gaps = {b - a for a, b in zip(rec.collected, rec.collected[1:], strict=False)}
    assert gaps == {timedelta(minutes=30)}
    assert len(rec.weeks) == 1
    week, when = rec.weeks[0]
    assert week == "2024-W47"
    assert at("2024-11-25 07:00") <= when < at("2024-11-25 07:01")
    # The report went to the recipients once, through the outbox.
    with store.session() as s:
        keys = list(s.scalars(select(OutboxMessage.idempotency_key)))
    assert keys == ["report:2024-W47:tim"]
    assert len(rec.sender.sent) == 1 and "2024-W47" in rec.sender.sent[0][1]
    # A restart the same morning does not write it again.
    again = PantauService(store, settings, rec.jobs(), clock=clock)
    again.run_cycle()
    assert len(rec.weeks) == 1


def test_missed_slot_is_caught_up_and_a_failed_report_is_retried(
    store: Store, tmp_path: Path
) -> None:
    settings = settings_with()
    clock = FakeClock(at("2024-11-25 09:10"))  # service was down at 07:00
    rec = Recorder(clock, store, tmp_path, settings)
    rec.weekly_failures = 1
    service = PantauService(store, settings, rec.jobs(), clock=clock)
    first = service.run_cycle()
    assert first.weekly is None and rec.weeks == []
    assert first.failed == ["analyze"] and first.steps["collect"] == "ok"
    clock.sleep(1800)
    assert service.run_cycle().weekly == "2024-W47"
    clock.sleep(1800)
    service.run_cycle()
    assert [w for w, _ in rec.weeks] == ["2024-W47"]
    with store.session() as s:
        statuses = list(s.scalars(select(Run.status).where(Run.kind == "weekly_report")))
    assert sorted(statuses) == ["failed", "ok"]


class _PartlyRendered(dict):  # type: ignore[type-arg]
    """What write_weekly_report returns when a format failed: the files, and the failures."""

    def __init__(self, files: dict[str, Path], failures: dict[str, Exception]) -> None:
        super().__init__(files)
        self.failures = failures


def test_a_format_that_does_not_render_is_recorded_retried_then_named_in_the_mail(
    store: Store, tmp_path: Path
) -> None:
    settings = settings_with(channels={"tim": "json://127.0.0.1:9/x"}, report_recipients=["tim"])
    clock = FakeClock(at("2024-11-25 07:00"))
    rec = Recorder(clock, store, tmp_path, settings)
    tries: list[str] = []

    def weekly(week: str) -> _PartlyRendered:
        tries.append(week)
        html = tmp_path / f"laporan-{week}.html"
        html.write_text("<html></html>", encoding="utf-8")
        return _PartlyRendered({"html": html}, {"pdf": OSError("pustaka Pango tidak ada")})

    jobs = rec.jobs()
    jobs.weekly_report = weekly
    service = PantauService(store, settings, jobs, clock=clock)

    def outbox() -> list[OutboxMessage]:
        with store.session() as s:
            return list(s.scalars(select(OutboxMessage)))

    for _ in range(2):  # not sent while a format is missing: tried again next cycle
        assert service.run_cycle().weekly is None
        assert outbox() == []
        clock.sleep(1800)
    assert service.run_cycle().weekly == "2024-W47"  # third try: what rendered goes out
    (message,) = outbox()
    assert "PDF: pustaka Pango tidak ada" in message.body and "tidak terlampir" in message.body
    clock.sleep(1800)
    service.run_cycle()
    assert len(tries) == 3 and len(outbox()) == 1
    with store.session() as s:
        runs = list(s.scalars(select(Run).where(Run.kind == "weekly_report").order_by(Run.id)))
    assert [r.status for r in runs] == ["partial"] * 3
    assert all("PDF: pustaka Pango tidak ada" in (r.message or "") for r in runs)


def test_stop_request_skips_remaining_steps(store: Store, tmp_path: Path) -> None:
    settings = settings_with()
    clock = FakeClock(at("2024-11-20 10:00"))
    rec = Recorder(clock, store, tmp_path, settings)
    jobs = rec.jobs()
    service = PantauService(store, settings, jobs, clock=clock)
    jobs.collect = lambda: service.stop.set()  # SIGTERM arrives during collection
    outcome = service.run_cycle()
    assert outcome.steps == {"collect": "ok", "analyze": "skipped", "alerts": "skipped"}
    assert service.run_forever(sleep=clock.sleep) == 1  # stops right after the first cycle


def test_report_week_boundaries() -> None:
    assert iso_week(datetime(2024, 11, 24).date()) == "2024-W47"
    settings = settings_with()
    service = PantauService(None, settings, None, clock=lambda: at("2024-11-25 06:59"))  # type: ignore[arg-type]
    assert service.report_due_week(at("2024-11-25 06:59")) is None
    assert service.report_due_week(at("2024-11-25 07:00")) == "2024-W47"
    assert service.report_due_week(at("2024-11-26 06:59")) == "2024-W47"
    assert service.report_due_week(at("2024-11-26 07:00")) is None  # too late to catch up
    assert service.report_due_week(at("2024-12-30 07:00")) == "2024-W52"


def test_lock_refuses_a_second_holder_and_takes_over_stale_or_dead(store: Store) -> None:
    now = datetime(2024, 11, 20, 3, 0, tzinfo=UTC)
    first = DatabaseLock(store, holder="host-a:1:aa", clock=lambda: now, heartbeat_seconds=None)
    first.acquire()
    second = DatabaseLock(store, holder="host-b:2:bb", clock=lambda: now, heartbeat_seconds=None)
    with pytest.raises(LockError) as info:
        second.acquire_or_fail()
    assert "host-a:1:aa" in info.value.message
    later = DatabaseLock(
        store,
        holder="host-b:2:bb",
        heartbeat_seconds=None,
        clock=lambda: now + timedelta(minutes=6),
    )
    later.acquire()  # heartbeat older than stale_after (5 min): taken over
    with pytest.raises(LockError):
        first.heartbeat()  # the old holder notices
    later.release()
    with store.session() as s:
        assert s.scalar(select(Lock)) is None


def test_lock_of_a_dead_process_on_this_host_is_taken_over(store: Store) -> None:
    import socket
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = f"{socket.gethostname()}:{proc.stdout.strip()}:dd"
    DatabaseLock(store, holder=dead, heartbeat_seconds=None).acquire()
    with DatabaseLock(store, heartbeat_seconds=None) as lock, store.session() as s:
        assert s.get(Lock, lock.name).holder == lock.holder  # type: ignore[union-attr]


def test_production_jobs_are_wired(tmp_path: Path) -> None:
    """default_jobs: no source -> nothing to collect; alerts ledgered; the real weekly report."""
    import schedule

    from pantau.scheduler import default_jobs, schedule_clock
    from pantau.settings import Settings

    store = open_store(f"sqlite:///{tmp_path / 'jobs.db'}")
    settings = Settings.model_validate(
        {"report": {"formats": ["json"], "out_dir": "laporan"}, "alerts": {"channels": {}}}
    )
    settings.workspace = tmp_path
    jobs = default_jobs(store, settings)
    assert jobs.collect is not None and jobs.weekly_report is not None
    jobs.collect()
    jobs.alerts(at("2024-11-25 10:00"))
    files = jobs.weekly_report("2024-W47")
    store.dispose()
    assert files["json"].is_file() and files["json"].parent == tmp_path / "laporan"
    assert getattr(files, "failures", None) == {}  # the job passes failures on to the service
    with open_store(f"sqlite:///{tmp_path / 'jobs.db'}").session() as s:
        kinds = {r.kind: r.status for r in s.scalars(select(Run))}
    assert kinds["alerts"] == "ok" and kinds["report"] in ("ok", "partial")
    original = schedule.datetime  # type: ignore[attr-defined]
    with schedule_clock(lambda: at("2024-11-25 07:00"), settings.tz):
        assert schedule.datetime.datetime.now().hour == 7  # type: ignore[attr-defined]
    assert schedule.datetime is original  # type: ignore[attr-defined]


def test_the_service_writes_reports_where_pantau_report_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pantau.scheduler import default_jobs
    from pantau.settings import Settings

    monkeypatch.setenv("HOME", str(tmp_path / "rumah"))
    store = open_store(f"sqlite:///{tmp_path / 'jobs.db'}")
    settings = Settings.model_validate({"report": {"formats": ["json"], "out_dir": "~/laporan"}})
    settings.workspace = tmp_path / "ws"
    try:
        files = default_jobs(store, settings).weekly_report("2024-W47")  # type: ignore[misc]
    finally:
        store.dispose()
    assert files["json"].parent == tmp_path / "rumah" / "laporan" == settings.report_dir()


def test_the_service_step_fails_visibly_when_an_item_cannot_be_analysed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.errors import ModelError
    from core.records import ItemRecord
    from core.store.items import ItemWriter
    from core.store.pseudonym import Pseudonymizer
    from nlp.pipeline import TaggingPipeline
    from pantau.scheduler import default_jobs
    from pantau.settings import Settings

    store = open_store(f"sqlite:///{tmp_path / 'jobs.db'}")
    with store.session() as s:
        ItemWriter(Pseudonymizer("k" * 20)).write(
            s,
            [
                ItemRecord(
                    platform="x", external_id=str(i), text=t, created_at=at("2024-11-20 10:00")
                )
                for i, t in enumerate(["Kapan coblosan?", "Teks RUSAK ini"])
            ],
        )
    real_tag = TaggingPipeline.tag

    def tag(self: TaggingPipeline, inputs: Any) -> Any:
        if any("RUSAK" in i.text for i in inputs):
            raise ValueError("cannot read this text")
        return real_tag(self, inputs)

    monkeypatch.setattr(TaggingPipeline, "tag", tag)
    jobs = default_jobs(store, Settings())
    try:
        with pytest.raises(ModelError, match="1 item tidak dapat dianalisis"):
            jobs.analyze()  # type: ignore[misc]
    finally:
        store.dispose()
