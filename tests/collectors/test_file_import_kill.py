"""An import killed with SIGKILL mid-file, then rerun, ends with exactly the file's rows."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bench.gen_replies import write_replies

ROWS = 30_000


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("select count(*) from items").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _import(ws: Path, f: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PANTAU_CONFIG": str(ws / "pantau.yaml")}
    return subprocess.Popen(
        [sys.executable, "-m", "pantau", "import", str(f), "--batch-size", "250"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_sigkill_midway_then_rerun(workspace: Path) -> None:
    f = write_replies(workspace / "big.csv", ROWS)
    db = workspace / "pantau.db"
    proc = _import(workspace, f)
    deadline = time.monotonic() + 60
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _count(db)
        if seen >= 1000:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    at_kill = _count(db)
    assert 0 < at_kill < ROWS, f"kill did not land mid-file ({at_kill} rows)"

    proc = _import(workspace, f)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    con = sqlite3.connect(db)
    total, distinct = con.execute(
        "select count(*), count(distinct platform || ':' || external_id) from items"
    ).fetchone()
    sample = con.execute("select text from items where external_id = 'c12345'").fetchone()[0]
    con.close()
    assert total == distinct == ROWS
    assert sample.endswith("#12345")
