"""A collection killed with SIGKILL at 20 random moments, rerun each time: the store ends equal
to the scenario every time (nothing lost, nothing duplicated).

One run goes through the real command line (`python -m pantau collect`); the 20 trials then run
the same library call in forked processes, so a trial does not pay the interpreter start-up
again, and each kill lands a random time after the first page was committed (a kill during
start-up proves nothing). Each trial starts from an empty database, half of them kill the
resumed run too, and the final run's store is compared with the scenario.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy import text

from collectors.emulator.server import EmulatorServer
from collectors.runner import CollectOptions, collect
from core.store.database import open_store
from pantau.settings import load_settings
from tests.collectors.conftest import (
    META_TOKEN,
    X_TOKEN,
    expected_stored,
    live_items,
    small_scenario,
)

KILLS = 20


def _write_config(ws: Path, base_url: str, accounts: dict[str, object]) -> Path:
    config = ws / "pantau.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sources"] = [
        {
            "name": name,
            "platform": platform,
            "account_id": accounts[platform].id,  # type: ignore[attr-defined]
            "username": accounts[platform].username,  # type: ignore[attr-defined]
            "page_size": 20,  # many small pages: many moments to be killed at
        }
        for name, platform in (("x_kpu", "x"), ("fb_kpu", "facebook"), ("ig_kpu", "instagram"))
    ]
    data["api"].update(
        {
            "x_base_url": base_url,
            "graph_base_url": base_url,
            "backoff_base_seconds": 0.01,
            "max_sleep_seconds": 2,
            "timeout_seconds": 5,
        }
    )
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return config


def _child(config: str, now: str) -> None:
    """Runs in a forked process: the same library call `pantau collect` makes."""
    settings = load_settings(Path(config))
    store = open_store(settings.resolved_database_url())
    collect(settings.for_collectors(), store, CollectOptions(now=datetime.fromisoformat(now)))
    store.dispose()
    os._exit(0)


def _run(config: Path, now: str, kill_after: float | None) -> tuple[bool, float, float]:
    """One collection; killed ``kill_after`` seconds after its first item is committed.

    Returns (killed, seconds until the first item, seconds in all). Most of a short run is
    process set-up; counting from the first write puts the kills among the page commits.
    """
    db = config.parent / "pantau.db"
    ctx = multiprocessing.get_context("fork")
    started = time.monotonic()
    proc = ctx.Process(target=_child, args=(str(config), now))
    proc.start()
    while proc.is_alive() and _count(db) == 0:
        time.sleep(0.002)
    first = time.monotonic() - started
    proc.join(kill_after)
    killed = False
    if proc.is_alive():
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        killed = True
    proc.join(30)
    assert killed or proc.exitcode == 0
    return killed, first, time.monotonic() - started


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM items").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _check(config: Path, expected: dict[tuple[str, str], str]) -> None:
    store = open_store(load_settings(config).resolved_database_url())
    try:
        assert live_items(store) == expected
        with store.session() as s:
            total, distinct = s.execute(
                text("SELECT count(*), count(DISTINCT platform || ':' || external_id) FROM items")
            ).one()
        assert total == distinct == len(expected)
    finally:
        store.dispose()


def test_sigkill_at_random_moments_then_rerun(workspace: Path) -> None:
    scenario = small_scenario(seed=8, replies=150, posts=6)
    expected = expected_stored(scenario)
    rng = random.Random(2024)
    db = workspace / "pantau.db"
    empty = workspace / "empty.db"
    shutil.copyfile(db, empty)  # migrated, no data: each trial starts from a copy
    env = {
        **os.environ,
        "PANTAU_X_BEARER_TOKEN": X_TOKEN,
        "PANTAU_META_ACCESS_TOKEN": META_TOKEN,
    }
    env.pop("PANTAU_PSEUDONYM_KEY", None)  # the workspace's .env provides it, as for users
    with EmulatorServer(scenario) as server:
        config = _write_config(workspace, server.base_url, scenario.accounts)  # type: ignore[arg-type]
        now = scenario.now.isoformat()
        cli = subprocess.run(
            [sys.executable, "-m", "pantau", "-c", str(config), "collect", "--now", now],
            env=env,
            capture_output=True,
            timeout=120,
        )
        assert cli.returncode == 0, cli.stderr.decode()
        assert cli.stdout.decode().count("berhasil") == 3
        _check(config, expected)
        for name in ("PANTAU_X_BEARER_TOKEN", "PANTAU_META_ACCESS_TOKEN"):
            os.environ[name] = env[name]
        shutil.copyfile(empty, db)
        killed, first, total = _run(config, now, None)
        assert not killed
        writing = total - first  # how long the page commits go on
        kill_times: list[float] = []
        midway = 0  # kills that left part of the data committed
        for _trial in range(KILLS):
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            shutil.copyfile(empty, db)
            moment = rng.uniform(0.0, writing * 0.9)
            # On a busy or a fast machine a run may finish before its kill moment; then the
            # same trial starts again from empty with half the delay, so every trial kills.
            for _attempt in range(6):
                if _run(config, now, moment)[0]:
                    kill_times.append(moment)
                    midway += 0 < _count(db) < len(expected)
                    break
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
                shutil.copyfile(empty, db)
                moment /= 2
            if rng.random() < 0.5:  # sometimes the resumed run is killed too
                _run(config, now, rng.uniform(0.0, writing / 2))
            assert not _run(config, now, None)[0]
            _check(config, expected)
        assert server.errors == []
    print(f"writing phase {writing:.2f}s, {midway} kills left partial data, at "
          f"{sorted(round(k, 2) for k in kill_times)}")
    assert len(kill_times) == KILLS
    assert midway >= KILLS // 2
