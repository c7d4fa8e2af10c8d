"""Import benchmark: 100,000 generated replies into a fresh SQLite store.

Prints rows/s and peak memory of the first import, and the time of a second import of the same
file (which must add 0 rows). Run: `.venv/bin/python bench/import_bench.py [--rows N]`.
Each import runs in a child process so its peak RSS is measured on its own.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.gen_replies import write_replies


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_import(ws: Path, f: Path, *extra: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of one `pantau import` child (CPU is robust to a busy machine)."""
    env = {**os.environ, "PANTAU_CONFIG": str(ws / "pantau.yaml"), "COLUMNS": "200"}
    cpu0, t0 = _cpu(), time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "pantau", "import", str(f), *extra],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - t0, _cpu() - cpu0, out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    from pantau.workspace import init_workspace

    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm"
        init_workspace(warm)
        # Start-up (interpreter, imports, store check) measured on its own workspace.
        su_wall, su_cpu, _ = run_import(warm, write_replies(Path(tmp) / "one.csv", 1))
        ws = Path(tmp) / "ws"
        init_workspace(ws)
        f = write_replies(Path(tmp) / "replies.csv", args.rows)
        size_mb = f.stat().st_size / 1e6
        w1, c1, out1 = run_import(ws, f)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        w2, c2, out2 = run_import(ws, f)
        w3, c3, out3 = run_import(ws, f, "--recheck")
    n = args.rows
    print(f"file: {n:,} rows, {size_mb:.1f} MB; {os.cpu_count()} cores, figures for one process")
    print(f"start-up (1-row import):     wall {su_wall:.2f} s, cpu {su_cpu:.2f} s")
    print(
        f"first import:                wall {w1:.2f} s, cpu {c1:.2f} s -> "
        f"{n / w1:,.0f} rows/s wall, {n / c1:,.0f} rows/s cpu, "
        f"{n / max(c1 - su_cpu, 1e-9):,.0f} rows/s cpu excl. start-up"
    )
    print(f"peak RSS of the import processes: {peak_mb:.0f} MB")
    print(f"second import (ledger):      wall {w2:.2f} s, cpu {c2:.2f} s ({c2 / c1:.2f} x first)")
    print(f"second import (--recheck):   wall {w3:.2f} s, cpu {c3:.2f} s ({c3 / c1:.2f} x first)")
    for label, out in (("first", out1), ("second", out2), ("recheck", out3)):
        print(f"  {label}: {out.splitlines()[0] if out else ''}")


if __name__ == "__main__":
    main()
