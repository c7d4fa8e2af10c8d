"""A collection killed with SIGKILL at 20 random moments, rerun each time: the store ends equal
to the scenario every time (nothing lost, nothing duplicated).

One run goes through the real command line (`python -m pantau collect`) to measure how long a
full collection takes; the 20 trials then run the same collection in forked processes, so
each trial does not pay the interpreter start-up again (a kill during start-up proves nothing).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy import text

from collectors.emulator.server import EmulatorServer
from collectors.runner import CollectOptions, collect
from pantau.settings import load_settings
from pantau.store.database import open_store
from tests.collectors.conftest import META_TOKEN, X_TOKEN, live_items, small_scenario

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
    collect(settings, store, CollectOptions(now=datetime.fromisoformat(now)))
    store.dispose()
    os._exit(0)


def _run(config: Path, now: str, kill_after: float | None) -> bool:
    """One collection; killed after ``kill_after`` seconds if still running. True if killed."""
    ctx = multiprocessing.get_context("fork")
    proc = ctx.Process(target=_child, args=(str(config), now))
    proc.start()
    proc.join(kill_after)
    killed = False
    if proc.is_alive():
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        killed = True
    proc.join(30)
    assert killed or proc.exitcode == 0
    return killed


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
    expected = scenario.expected_items()
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
        started = time.monotonic()
        shutil.copyfile(empty, db)
        assert not _run(config, now, None)
        full = time.monotonic() - started
        kill_times: list[float] = []
        for _trial in range(KILLS):
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            shutil.copyfile(empty, db)
            moment = rng.uniform(0.0, full * 0.9)
            if _run(config, now, moment):  # timing varies: a run may finish early
                kill_times.append(moment)
            if rng.random() < 0.5:  # sometimes the resumed run is killed too
                _run(config, now, rng.uniform(0.0, full / 2))
            assert not _run(config, now, None)
            _check(config, expected)
        assert server.errors == []
    print(f"full run {full:.2f}s, kills at {sorted(round(k, 2) for k in kill_times)}")
    assert len(kill_times) >= KILLS - 3
    assert min(kill_times) < full / 4 and max(kill_times) > full * 2 / 3
