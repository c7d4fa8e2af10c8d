"""The runs ledger: every collection, import, analysis and report run leaves one row."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from core.store.database import Store
from core.store.models import Run

RUN_STATUSES = ("running", "ok", "partial", "failed")


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


def start_run(store: Store, kind: str, source_name: str | None = None) -> int:
    """Commit a 'running' row first, so a killed run still shows in the ledger."""
    with store.session() as s:
        run = Run(kind=kind, source_name=source_name, status="running")
        s.add(run)
        s.flush()
        return run.id


def finish_run(
    store: Store, run_id: int, stats: RunStats, status: str, message: str | None = None
) -> None:
    if status not in RUN_STATUSES:
        raise ValueError(status)
    with store.session() as s:
        run = s.get(Run, run_id)
        if run is None:
            return
        for key, value in stats.as_columns().items():
            setattr(run, key, value)
        run.status = status
        run.message = message
        run.finished_at = datetime.now(UTC)


def last_runs(store: Store, kind: str | None = None) -> list[Run]:
    """The latest run of each (kind, source)."""
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
