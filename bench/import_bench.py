"""Import benchmark: 100,000 generated replies into a fresh SQLite store.

Prints rows/s and peak memory of the first import, and the time of a second import of the same
file (which must add 0 rows). Run: `.venv/bin/python bench/import_bench.py [--rows N]`.
Each import runs in a child process, so its CPU time and peak RSS are its own.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.gen_replies import write_replies


@dataclass
class Child:
    wall: float  # seconds, start of the child to its exit (interpreter start-up included)
    cpu: float  # user + system seconds of the child alone
    peak_mb: float  # peak RSS of the child alone
    out: str


def run_import(ws: Path, f: Path, *extra: str) -> Child:
    """One `pantau import` child; wall, CPU and peak RSS measured for that child only."""
    env = {**os.environ, "PANTAU_CONFIG": str(ws / "pantau.yaml"), "COLUMNS": "200"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "pantau", "import", str(f), *extra],
            env=env,
            stdout=out,
            stderr=err,
            text=True,
        )
        # wait4() reaps this child and returns its own resource usage (RUSAGE_CHILDREN would
        # mix in every earlier child, so its peak RSS was the largest of all imports so far).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if code != 0:
        raise subprocess.CalledProcessError(code, proc.args, stdout, stderr)
    return Child(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    from pantau.workspace import init_workspace

    with tempfile.TemporaryDirectory() as tmp:
        # Start-up (interpreter, imports, store check): a 1-row import into its own workspace,
        # three times, because a single start-up varied by a third on the shared machine.
        one = write_replies(Path(tmp) / "one.csv", 1)
        startups = []
        for i in range(3):
            warm = Path(tmp) / f"warm{i}"
            init_workspace(warm)
            startups.append(run_import(warm, one))
        su = sorted(startups, key=lambda c: c.wall)[1]
        ws = Path(tmp) / "ws"
        init_workspace(ws)
        f = write_replies(Path(tmp) / "replies.csv", args.rows)
        size_mb = f.stat().st_size / 1e6
        first = run_import(ws, f)
        second = run_import(ws, f)
        recheck = run_import(ws, f, "--recheck")
    n = args.rows
    print(f"file: {n:,} rows, {size_mb:.1f} MB; {os.cpu_count()} cores, figures for one process")
    print(
        f"start-up (1-row import):     wall {su.wall:.2f} s, cpu {su.cpu:.2f} s (median of "
        f"{', '.join(f'{c.wall:.2f}' for c in startups)} s wall)"
    )
    excl = first.cpu - su.cpu
    print(
        f"first import:                wall {first.wall:.2f} s, cpu {first.cpu:.2f} s -> "
        f"{n / first.wall:,.0f} rows/s wall, {n / first.cpu:,.0f} rows/s cpu, "
        + (f"{n / excl:,.0f} rows/s cpu excl. start-up" if excl > 0 else "")
    )
    print(
        f"peak RSS: first import {first.peak_mb:.0f} MB, second {second.peak_mb:.0f} MB, "
        f"recheck {recheck.peak_mb:.0f} MB, start-up alone {su.peak_mb:.0f} MB"
    )
    for label, child in (
        ("second import (ledger):   ", second),
        ("second import (--recheck):", recheck),
    ):
        print(
            f"{label}   wall {child.wall:.2f} s, cpu {child.cpu:.2f} s "
            f"({child.wall / first.wall:.2f} x first on wall, {child.cpu / first.cpu:.2f} on cpu)"
        )
    for label, child in (("first", first), ("second", second), ("recheck", recheck)):
        print(f"  {label}: {child.out.splitlines()[0] if child.out else ''}")


if __name__ == "__main__":
    main()
