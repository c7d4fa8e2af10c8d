"""Two imports of one file at once, and runs killed mid-way: the ledger tells the truth.

- A key stored by another writer between the item writer's lookup and its insert is not
  counted as new (ON CONFLICT skipped it); it is compared like any stored row.
- Two `pantau import` processes on the same file: the runs' new counts add up to the rows
  stored, and each run's counts are its own (SQLite and PostgreSQL).
- A run whose process is gone is marked failed by the next import or `pantau status`; a live
  one is left running; a file whose import was killed is never taken as imported.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

import core.store.items as items_module
from bench.gen_replies import write_replies
from collectors.file_import import import_file
from core.records import ItemRecord
from core.store.database import Store, open_store
from core.store.items import ItemWriter
from core.store.models import Item, Run
from core.store.pseudonym import Pseudonymizer
from core.store.runs import current_owner, last_runs, reap_orphaned_runs, start_run
from pantau.settings import load_settings
from tests.pantau.cli_helpers import run_cli


def _rec(i: int, text: str = "teks") -> ItemRecord:
    return ItemRecord(
        platform="facebook",
        external_id=f"c{i}",
        text=f"{text} {i}",
        created_at=datetime(2024, 11, 20, 3, tzinfo=UTC),
        author_id=f"w{i}",
    )


def _count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Item)) or 0


def test_rows_stored_by_another_writer_mid_batch_are_not_new(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = [_rec(i) for i in range(10)]
    # The other writer stores c0..c4 first; c3 and c4 with another text.
    theirs = [_rec(i) for i in range(3)] + [_rec(i, "lain") for i in (3, 4)]
    real_lookup = items_module.lookup
    raced: list[bool] = []

    def lookup_then_race(session, platform, ids):  # type: ignore[no-untyped-def]
        rows = real_lookup(session, platform, ids)
        if not raced:
            raced.append(True)
            with store.session() as other:
                ItemWriter(Pseudonymizer("k" * 20)).write(other, theirs, ["lain"] * 5)
        return rows

    monkeypatch.setattr(items_module, "lookup", lookup_then_race)
    with store.session() as s:
        result = ItemWriter(Pseudonymizer("k" * 20)).write(s, mine, [f"r{i}" for i in range(10)])
    assert raced
    assert (result.new, result.unchanged, result.updated) == (5, 3, 2)
    assert sorted(k[1] for k in result.new_keys) == [f"c{i}" for i in range(5, 10)]
    assert _count(store) == 10
    with store.session() as s:
        texts = dict(s.execute(select(Item.external_id, Item.text)).all())
    assert texts["c3"] == "teks 3" and texts["c9"] == "teks 9"  # this batch's text won


def _workspace_on(db_url: str, ws: Path) -> Path:
    from pantau.workspace import init_workspace

    init_workspace(ws)
    cfg = ws / "pantau.yaml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("sqlite:///pantau.db", db_url), encoding="utf-8"
    )
    return cfg


def _spawn(cfg: Path, f: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PANTAU_CONFIG": str(cfg)}
    return subprocess.Popen(
        [sys.executable, "-m", "pantau", "import", str(f), "--batch-size", "200", *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_two_concurrent_imports_count_what_they_stored(db_url: str, tmp_path: Path) -> None:
    cfg = _workspace_on(db_url, tmp_path / "ws")
    rows = 6000
    f = write_replies(tmp_path / "same.csv", rows)
    procs = [_spawn(cfg, f), _spawn(cfg, f)]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err.decode()
    store = open_store(db_url)
    try:
        assert _count(store) == rows
        with store.session() as s:
            runs = list(s.scalars(select(Run).where(Run.kind == "import")))
    finally:
        store.dispose()
    assert len(runs) == 2 and all(r.status == "ok" for r in runs)
    assert sum(r.items_new for r in runs) == rows
    for r in runs:
        assert r.items_new + r.items_skipped + r.items_updated == rows


def _wait_for_rows(store: Store, at_least: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if _count(store) >= at_least:
            return
        time.sleep(0.02)


def test_killed_import_is_marked_failed_and_never_taken_as_imported(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = _workspace_on(db_url, tmp_path / "ws")
    rows = 20_000
    f = write_replies(tmp_path / "big.csv", rows)
    proc = _spawn(cfg, f)
    store = open_store(db_url)
    try:
        _wait_for_rows(store, 1000, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        stored = _count(store)
        assert 0 < stored < rows, f"kill did not land mid-file ({stored} rows)"
        with store.session() as s:
            run = s.scalars(select(Run)).one()
            # The ledger moved with every committed batch: its count is what was stored.
            assert run.status == "running" and run.items_new == stored
        # `pantau status` looks: the dead run is marked, with the counts it committed.
        code, out = run_cli(capsys, "--config", str(cfg), "status")
        assert code == 0, out
        assert "terputus" in out
        with store.session() as s:
            run = s.scalars(select(Run)).one()
            assert run.status == "failed" and run.message and "terputus" in run.message
            assert run.items_new == stored and not (run.details or {}).get("complete")
        # The same file again is read again (the killed run proves nothing) and completes.
        code, out = run_cli(capsys, "--config", str(cfg), "import", str(f))
        assert code == 0, out
        assert f"baru {rows - stored}" in out and f"sudah ada {stored}" in out
        assert _count(store) == rows
    finally:
        store.dispose()


def test_reaper_leaves_live_runs_and_marks_dead_ones(store: Store) -> None:
    live = start_run(store, "import", "file:hidup.csv")
    dead_pid = start_run(store, "import", "file:mati.csv")
    reused = start_run(store, "collect", "x_kpu")
    rebooted = start_run(store, "collect", "fb_kpu")
    elsewhere_fresh = start_run(store, "import", "file:lain.csv")
    elsewhere_stale = start_run(store, "import", "file:lama.csv")
    legacy = start_run(store, "report", "2024-W47")
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    now = datetime.now(UTC)
    owner = current_owner()
    details = {
        dead_pid: {"owner": {**owner, "pid": child.pid, "pid_start": None}},
        # Our own pid, but started at another time: the pid was reused.
        reused: {"owner": {**owner, "pid_start": (owner["pid_start"] or 0) + 1}},
        rebooted: {"owner": {**owner, "boot": "another-boot"}},
        elsewhere_fresh: {
            "owner": {"host": "server-lain", "pid": 1},
            "heartbeat": (now - timedelta(minutes=2)).isoformat(),
        },
        elsewhere_stale: {
            "owner": {"host": "server-lain", "pid": 1},
            "heartbeat": (now - timedelta(hours=1)).isoformat(),
        },
        legacy: None,
    }
    with store.session() as s:
        for run_id, value in details.items():
            row = s.get(Run, run_id)
            assert row is not None
            row.details = value
            if value is None:
                row.started_at = now - timedelta(days=2)
    reaped = set(reap_orphaned_runs(store))
    if owner["pid_start"] is None:  # no /proc: pid reuse cannot be told
        reaped.add(reused)
    assert reaped == {dead_pid, reused, rebooted, elsewhere_stale, legacy}
    with store.session() as s:
        status = dict(s.execute(select(Run.id, Run.status)).all())
    assert status[live] == status[elsewhere_fresh] == "running"
    assert {r.id for r in last_runs(store) if r.status == "running"} == {live, elsewhere_fresh}


def test_ledger_counts_of_a_normal_import_match_the_store(store: Store, tmp_path: Path) -> None:
    f = write_replies(tmp_path / "r.csv", 1234)
    report = import_file(store, load_settings().for_collectors(), f, batch_size=100)
    with store.session() as s:
        run = s.get(Run, report.run_id)
        assert run is not None and run.status == "ok"
        assert run.items_new == _count(store) == 1234
        assert run.details and run.details["complete"] is True
