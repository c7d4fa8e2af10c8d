"""The runs ledger: every collection, import, analysis and report run leaves one row.

A run is committed as ``running`` before it starts, so a killed run still shows. To keep such a
row from saying ``running`` forever, each run records who runs it (``details["owner"]``: host,
boot id, pid and the pid's start time) and long runs (imports) a heartbeat with each batch.
:func:`reap_orphaned_runs` marks a running row ``failed`` when its owner is provably gone:

- same host and boot: no process with that pid, or one started at another time (pid reuse);
- same host, another boot: the machine restarted since;
- another host (a shared PostgreSQL): only by the heartbeat, older than ``HEARTBEAT_STALE``;
  a run without a heartbeat there (or a row written before owners were recorded) only after
  ``UNKNOWN_STALE``, far longer than any run takes.

Process checks rather than heartbeats alone, because a heartbeat needs a timer thread or a
write per step in every kind of run, and still leaves a judgement call on its age; a pid with
its start time is a fact. The next import and ``pantau status`` call the reaper.
"""

from __future__ import annotations

import os
import socket
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.store.database import Store
from core.store.models import Run

RUN_STATUSES = ("running", "ok", "partial", "failed")
HEARTBEAT_STALE = timedelta(minutes=15)
UNKNOWN_STALE = timedelta(hours=24)
ORPHANED = "terputus: proses {what} tidak berjalan lagi (dihentikan paksa atau mati)"


@dataclass
class RunStats:
    requests: int = 0
    items_new: int = 0
    items_updated: int = 0
    items_skipped: int = 0
    items_failed: int = 0
    wait_seconds: float = 0.0
    cost_usd: float = 0.0
    gaps: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def as_columns(self) -> dict[str, Any]:
        data = asdict(self)
        data["gaps"] = data["gaps"] or None
        data["errors"] = (data["errors"][:200]) or None  # keep the ledger row bounded
        data["details"] = data["details"] or None
        return data


@cache
def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


def _process_start(pid: int) -> int | None:
    """The start time of ``pid`` in clock ticks since boot (Linux), None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from its end.
    fields = stat[stat.rfind(")") + 2 :].split()
    try:
        return int(fields[19])  # field 22 of the whole line
    except (IndexError, ValueError):
        return None


def current_owner() -> dict[str, Any]:
    pid = os.getpid()
    return {
        "host": socket.gethostname(),
        "boot": _boot_id(),
        "pid": pid,
        "pid_start": _process_start(pid),
    }


def _process_gone(owner: dict[str, Any]) -> bool:
    pid = owner.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # exists, under another user
    recorded = owner.get("pid_start")
    return recorded is not None and _process_start(pid) not in (None, recorded)


def orphan_reason(run: Run, now: datetime) -> str | None:
    """Why a ``running`` row is known to be dead, or None when it may still be running."""
    details = run.details or {}
    owner = details.get("owner")
    heartbeat = details.get("heartbeat")
    if isinstance(owner, dict) and owner.get("host") == socket.gethostname():
        boot = _boot_id()
        if owner.get("boot") and boot and owner["boot"] != boot:
            return ORPHANED.format(what=f"#{owner.get('pid')} (komputer dinyalakan ulang)")
        return ORPHANED.format(what=f"#{owner.get('pid')}") if _process_gone(owner) else None
    if isinstance(heartbeat, str):
        try:
            beat = datetime.fromisoformat(heartbeat)
        except ValueError:
            beat = None
        if beat is not None and now - beat > HEARTBEAT_STALE:
            host = owner.get("host") if isinstance(owner, dict) else None
            return ORPHANED.format(what=f"di {host}" if host else "itu") + (
                f"; tanda hidup terakhir {beat:%Y-%m-%d %H:%M} UTC"
            )
        return None
    started = run.started_at
    if started is not None and now - started > UNKNOWN_STALE:
        return ORPHANED.format(what="itu") + "; tidak ada tanda hidup selama 24 jam"
    return None


def reap_orphaned_runs(store: Store, now: datetime | None = None) -> list[int]:
    """Mark ``failed`` every running row whose process is gone; returns their ids."""
    now = now or datetime.now(UTC)
    reaped: list[int] = []
    with store.session() as s:
        running = list(s.scalars(select(Run).where(Run.status == "running").limit(500)))
        for run in running:
            reason = orphan_reason(run, now)
            if reason is None:
                continue
            # Conditional on still running: a run finishing this instant keeps its own end.
            done = s.execute(
                update(Run)
                .where(Run.id == run.id, Run.status == "running")
                .values(status="failed", message=reason, finished_at=now)
                .execution_options(synchronize_session=False)
            )
            if done.rowcount:  # type: ignore[attr-defined]
                reaped.append(run.id)
    return reaped


def start_run(store: Store, kind: str, source_name: str | None = None) -> int:
    """Commit a 'running' row first, so a killed run still shows in the ledger."""
    with store.session() as s:
        run = Run(
            kind=kind,
            source_name=source_name,
            status="running",
            details={"owner": current_owner()},
        )
        s.add(run)
        s.flush()
        return run.id


def record_progress(
    session: Session, run_id: int, stats: RunStats, owner: dict[str, Any] | None = None
) -> None:
    """Write a running run's counts and a heartbeat inside the caller's transaction.

    Called in the transaction that stores a batch, so the ledger's counts are always those of
    the rows committed, also when the process is killed before it finishes.
    """
    details = {**stats.details, "heartbeat": datetime.now(UTC).isoformat()}
    if owner is not None:
        details["owner"] = owner
    session.execute(
        update(Run)
        .where(Run.id == run_id)
        .values(
            items_new=stats.items_new,
            items_updated=stats.items_updated,
            items_skipped=stats.items_skipped,
            items_failed=stats.items_failed,
            details=details,
        )
        .execution_options(synchronize_session=False)
    )


def finish_run(
    store: Store, run_id: int, stats: RunStats, status: str, message: str | None = None
) -> None:
    if status not in RUN_STATUSES:
        raise ValueError(status)
    with store.session() as s:
        run = s.get(Run, run_id)
        if run is None:
            return
        owner = (run.details or {}).get("owner")
        for key, value in stats.as_columns().items():
            setattr(run, key, value)
        if owner is not None:
            run.details = {**(run.details or {}), "owner": owner}
        run.status = status
        run.message = message
        run.finished_at = datetime.now(UTC)


def last_runs(store: Store, kind: str | None = None) -> list[Run]:
    """The latest run of each (kind, source); runs whose process is gone are marked first, so
    ``pantau status`` never shows a killed run as still running."""
    reap_orphaned_runs(store)
    with store.session() as s:
        stmt = select(Run).order_by(Run.started_at.desc(), Run.id.desc())
        if kind:
            stmt = stmt.where(Run.kind == kind)
        seen: set[tuple[str, str | None]] = set()
        out: list[Run] = []
        for run in s.scalars(stmt.limit(2000)):
            key = (run.kind, run.source_name)
            if key not in seen:
                seen.add(key)
                out.append(run)
        return out
