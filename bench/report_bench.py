"""Weekly report benchmark: a week's report over a generated store of N items (default 1,000,000).

Items and their analyses are generated straight into the store (no NLP: this measures the
report's SQL and rendering). Prints build and render times and the peak RSS of the report step,
which runs in a child process. Usage:
    .venv/bin/python bench/report_bench.py [--items N] [--weeks W] [--database-url URL]
Without --database-url a temporary SQLite file is used; pass a PostgreSQL URL (an empty
database or schema) to measure it there.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

STAGES = ("pemutakhiran_data", "kampanye", "masa_tenang", "pemungutan_suara", "none", "none")
AWARE = ("informed", "asking", "misinformed", "apathetic", "none", "none", "none")
SENT = ("positive", "neutral", "neutral", "negative")


def populate(url: str, n: int, weeks: int, seed: int = 1) -> None:
    from sqlalchemy import text

    from core.store.analyses import write_analyses
    from core.store.database import open_store
    from core.store.item_sql import bulk_insert
    from reports.baseline import official_kecamatan

    rng = random.Random(seed)
    kec = [*official_kecamatan(), None, None, None]
    store = open_store(url)
    start = datetime(2024, 11, 25, tzinfo=UTC) - timedelta(weeks=weeks - 1, hours=7)
    span = weeks * 7 * 86400
    now = datetime.now(UTC)
    batch = 20_000
    t0 = time.perf_counter()
    for offset in range(0, n, batch):
        rows = []
        for i in range(offset, min(n, offset + batch)):
            own = i % 400 == 0
            rows.append(
                {
                    "platform": ("x", "facebook", "instagram")[i % 3],
                    "external_id": f"b{i}",
                    "source_name": "bench",
                    "kind": "post" if own else "reply",
                    "is_own": own,
                    "parent_external_id": None if own else f"b{i - i % 400}",
                    "conversation_id": f"b{i - i % 400}",
                    "author_pseudonym": f"w_{rng.randrange(n // 4):012x}",
                    "author_handle": None,
                    "author_location": None,
                    "lang": "in",
                    "text": f"balasan sintetis nomor {i} kapan coblosan",
                    "text_hash": f"{i:032x}",
                    "created_at": start + timedelta(seconds=rng.randrange(span)),
                    "url": None,
                    "metrics": {"like_count": i % 7},
                    "geo": None,
                    "raw_ref": None,
                    "deleted_at": None,
                    "edit_count": 0,
                    "first_seen_at": now,
                    "updated_at": now,
                }
            )
        with store.session() as s:
            bulk_insert(s, rows)
            first_id = s.execute(
                text("SELECT MIN(id) FROM items WHERE external_id = :e"), {"e": f"b{offset}"}
            ).scalar()
            analyses = []
            for j in range(len(rows)):
                flags = []
                aw = rng.choice(AWARE)
                if aw == "asking":
                    flags.append("question")
                if aw == "misinformed":
                    flags.append("misinformation")
                analyses.append(
                    {
                        "item_id": first_id + j,
                        "model_version": "bench-1",
                        "created_at": now,
                        "sentiment": rng.choice(SENT),
                        "score_positive": 0.2,
                        "score_neutral": 0.5,
                        "score_negative": 0.3,
                        "stage": rng.choice(STAGES),
                        "secondary_stages": None,
                        "awareness": aw,
                        "language": "id",
                        "kecamatan": rng.choice(kec),
                        "area_source": "text",
                        "flags": flags,
                        "is_question": "question" in flags,
                        "is_misinformation": "misinformation" in flags,
                        "is_golput_intent": aw == "apathetic",
                        "is_complaint": False,
                        "is_violation_report": False,
                        "needs_review": False,
                        "evidence": None,
                    }
                )
            write_analyses(s, analyses)
    store.dispose()
    print(f"generated {n:,} items + analyses in {time.perf_counter() - t0:.1f} s")


def report_child(url: str, out: str) -> None:
    from core.store.database import open_store
    from pantau.settings import load_settings
    from reports.render import render_report
    from reports.weekly import build_weekly_report

    settings = load_settings()
    store = open_store(url)
    t0 = time.perf_counter()
    report = build_weekly_report(store, settings.for_reports(), 2024, 48)
    t1 = time.perf_counter()
    result = render_report(report, Path(out), ["html", "xlsx", "json", "pdf"])
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"week 2024-W48: {report.current.replies:,} replies in the week")
    print(f"build (SQL aggregation): {t1 - t0:.2f} s")
    print(f"render {sorted(result)}: {t2 - t1:.2f} s; failures: {list(result.failures)}")
    print(f"total: {t2 - t0:.2f} s; peak RSS of the report process: {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--database-url")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("PANTAU_PSEUDONYM_KEY", "bench-key-0123456789")
    if args.child:
        report_child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        populate(url, args.items, args.weeks)
        subprocess.run(
            [sys.executable, __file__, "--child", url, str(Path(tmp) / "out")], check=True
        )


if __name__ == "__main__":
    main()
