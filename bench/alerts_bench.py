"""How long one alert evaluation takes on a large store (prints figures; not a test).

    .venv/bin/python bench/alerts_bench.py --items 200000

Builds a SQLite store with N public replies spread over 30 days (with analyses, ~10 % of them
questions, 2 % misinformation, 3 % golput, 25 % negative, 31 kecamatan), then times each rule
and a whole evaluation at a moment in the busiest part of the month.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from alerts.cycle import calendar_at, evaluate
from alerts.rules import RULES, RuleContext
from core.store.database import open_store
from core.store.models import Analysis, Item
from pantau.settings import Settings

KECAMATAN = [f"Kec{i:02d}" for i in range(31)]


def build(url: str, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = open_store(url)
    start = datetime(2024, 11, 1, tzinfo=UTC)
    batch = 20000
    for offset in range(0, n, batch):
        size = min(batch, n - offset)
        items = [
            {
                "platform": "x",
                "external_id": str(offset + i),
                "kind": "reply",
                "is_own": False,
                "text": "contoh",
                "text_hash": "0",
                "created_at": start + timedelta(seconds=rng.randrange(30 * 86400)),
            }
            for i in range(size)
        ]
        with store.session() as s:
            s.execute(insert(Item), items)
            ids = s.scalars(select(Item.id).where(Item.id > offset).order_by(Item.id)).all()
            rows = []
            for item_id in ids[:size]:
                r = rng.random()
                rows.append(
                    {
                        "item_id": item_id,
                        "model_version": "bench",
                        "sentiment": "negative" if r < 0.25 else "neutral",
                        "score_positive": 0.1,
                        "score_neutral": 0.5,
                        "score_negative": 0.4,
                        "stage": "pemungutan_suara",
                        "kecamatan": rng.choice(KECAMATAN) if rng.random() < 0.6 else None,
                        "is_question": r < 0.10,
                        "is_misinformation": 0.10 <= r < 0.12,
                        "is_golput_intent": 0.12 <= r < 0.15,
                    }
                )
            s.execute(insert(Analysis), rows)
    store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.db'}"
    t0 = time.perf_counter()
    build(url, args.items)
    print(f"built {args.items:,} items + analyses in {time.perf_counter() - t0:.1f} s")
    store = open_store(url)
    settings = Settings()
    now = datetime(2024, 11, 25, 5, 0, tzinfo=UTC)
    calendar = calendar_at(None)
    with store.session() as s:
        ctx = RuleContext(session=s, now=now, settings=settings.alerts, tz=settings.tz,
                          voting_day=calendar.election.voting_day, monthly_budget_usd=100.0)
        for name, rule in RULES.items():
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                found = rule(ctx)
                times.append(time.perf_counter() - t)
            print(f"{name:22} {min(times) * 1000:8.1f} ms  ({len(found)} detections)")
    t = time.perf_counter()
    detections, _ = evaluate(store, settings.for_alerts(), now, calendar)
    print(f"whole evaluation + alert writes: {(time.perf_counter() - t) * 1000:.0f} ms "
          f"({len(detections)} detections)")
    store.dispose()


if __name__ == "__main__":
    main()
