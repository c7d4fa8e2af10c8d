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


def run_import(ws: Path, f: Path) -> tuple[float, str]:
    env = {**os.environ, "PANTAU_CONFIG": str(ws / "pantau.yaml"), "COLUMNS": "200"}
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "pantau", "import", str(f)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - t0, out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        from pantau.workspace import init_workspace

        init_workspace(ws)
        f = write_replies(Path(tmp) / "replies.csv", args.rows)
        size_mb = f.stat().st_size / 1e6
        # Start-up (imports, migrations check) measured separately so rows/s is honest.
        startup, _ = run_import(ws, write_replies(Path(tmp) / "one.csv", 1))
        first, out1 = run_import(ws, f)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        second, out2 = run_import(ws, f)
    print(f"file: {args.rows:,} rows, {size_mb:.1f} MB")
    print(f"process start-up (1-row import): {startup:.2f} s")
    print(f"first import:  {first:.2f} s  -> {args.rows / first:,.0f} rows/s (incl. start-up)")
    print(f"               {args.rows / max(first - startup, 1e-9):,.0f} rows/s (excl. start-up)")
    print(f"peak RSS of the import processes: {peak_mb:.0f} MB")
    print(f"second import: {second:.2f} s  ({second / first:.2f} x first)")
    print(f"  first:  {out1}")
    print(f"  second: {out2}")


if __name__ == "__main__":
    main()
