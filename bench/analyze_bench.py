"""`pantau analyze` benchmark: N stored replies (default 100,000) on SQLite, end to end.

Replies are the hand-written tagging dev-set texts recombined with a running number, imported
with `pantau import`; then `pantau analyze` runs in a child process. Prints items/s (wall and
CPU) and the analyze process's peak RSS. Usage: .venv/bin/python bench/analyze_bench.py [--n N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def write_export(path: Path, n: int) -> None:
    texts = [
        json.loads(line)["text"]
        for line in (ROOT / "nlp" / "data" / "tagging_dev.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    start = datetime(2024, 11, 1, 7, 0)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "created_at", "author", "platform"])
        for i in range(n):
            w.writerow(
                [
                    f"a{i}",
                    f"{texts[i % len(texts)]} #{i}",
                    (start + timedelta(seconds=i * 23)).strftime("%Y-%m-%d %H:%M:%S"),
                    f"warga{i % 9000}",
                    "facebook",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    from pantau.workspace import init_workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        init_workspace(ws)
        export = Path(tmp) / "replies.csv"
        write_export(export, args.n)
        env = {**os.environ, "PANTAU_CONFIG": str(ws / "pantau.yaml"), "COLUMNS": "200"}
        subprocess.run(
            [sys.executable, "-m", "pantau", "import", str(export)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "pantau", "analyze"],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"pantau analyze of {args.n:,} stored replies (SQLite), including process start-up:")
    print(f"  wall {wall:.1f} s -> {args.n / wall:,.0f} items/s")
    print(f"  cpu  {cpu:.1f} s -> {args.n / cpu:,.0f} items/s")
    print(f"  peak RSS (largest child so far): {after.ru_maxrss / 1024:.0f} MB")
    print("  " + out.stdout.strip().replace("\n", " "))


if __name__ == "__main__":
    main()
