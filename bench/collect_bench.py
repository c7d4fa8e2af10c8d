"""Collection throughput against the loopback emulator (prints figures; not a test).

Builds a large scenario (default 50,000 public replies over a month), then collects it the way
the scheduler would (one collection per simulated day, through tweepy and facebook-sdk and the
polite transport), and prints items/s, requests per item, and the requests a no-change rerun
makes against the minimum possible.

    .venv/bin/python bench/collect_bench.py [--replies 50000] [--step-hours 24] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from collectors.emulator.scenario import build_scenario
from collectors.emulator.server import EmulatorServer, _Handler
from collectors.emulator.x_api import XLimits
from collectors.runner import CollectOptions, collect
from core.store.database import open_store
from pantau.settings import ApiSettings, Settings, SourceSettings

# Without this each keep-alive request waits ~40 ms on a delayed ACK (the emulator sends
# headers and body separately); the bench measures Pantau, not that.
_Handler.disable_nagle_algorithm = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=50_000)
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--step-hours", type=float, default=24.0)
    parser.add_argument("--budget", type=float, default=100_000.0, help="monthly US$ budget")
    parser.add_argument("--db", default=None, help="SQLAlchemy URL (default: a temporary SQLite)")
    args = parser.parse_args()

    os.environ.setdefault("PANTAU_PSEUDONYM_KEY", "bench-key-0123456789abcdef")
    os.environ["PANTAU_X_BEARER_TOKEN"] = "x-emulator-bearer"
    os.environ["PANTAU_META_ACCESS_TOKEN"] = "meta-emulator-page-token"
    started = time.perf_counter()
    scenario = build_scenario(replies=args.replies, posts=args.posts)
    print(f"scenario: {args.replies} replies, {args.posts} posts, built in "
          f"{time.perf_counter() - started:.1f}s")
    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    store = open_store(url)
    # The bench measures Pantau, not X's 15-minute windows (compressed here into seconds).
    limits = XLimits()
    limits.per_window = {k: 1_000_000 for k in limits.per_window}
    end = scenario.now
    with EmulatorServer(scenario, x_limits=limits, graph_hourly_budget=10_000_000) as server:
        acc = scenario.accounts
        settings = Settings(
            database_url=url,
            sources=[
                SourceSettings(name="x_kpu", platform="x", account_id=acc["x"].id,
                               username=acc["x"].username, comment_days=40),
                SourceSettings(name="fb_kpu", platform="facebook",
                               account_id=acc["facebook"].id, comment_days=40),
                SourceSettings(name="ig_kpu", platform="instagram",
                               account_id=acc["instagram"].id, comment_days=40),
            ],
            api=ApiSettings(
                x_base_url=server.base_url,
                graph_base_url=server.base_url,
                monthly_budget_usd=args.budget,
            ),
        )
        step = end - timedelta(days=scenario.days) + timedelta(hours=args.step_hours)
        runs = requests = new = reads = 0
        cost = 0.0
        collect_seconds = 0.0
        while True:
            moment = min(step, end)
            scenario.set_now(moment)
            t0 = time.perf_counter()
            for result in collect(settings.for_collectors(), store, CollectOptions(now=moment)):
                runs += 1
                requests += result.stats.requests
                new += result.stats.items_new
                cost += result.stats.cost_usd
                reads += int(result.stats.details.get("post_reads", 0))
                if result.status != "ok":
                    print(f"  {moment:%Y-%m-%d} {result.name}: {result.status} {result.message}")
            collect_seconds += time.perf_counter() - t0
            if moment >= end:
                break
            step += timedelta(hours=args.step_hours)
        expected = scenario.expected_items()
        x_items = sum(1 for p, _ in expected if p == "x")
        from sqlalchemy import text

        with store.session() as s:
            held = {
                (p, e)
                for p, e in s.execute(
                    text("SELECT platform, external_id FROM items WHERE deleted_at IS NULL")
                )
            }
        live = len(held)
        lost = Counter(p for p, _ in set(expected) - held)
        print(f"collected {new} items in {runs} source runs, {requests} requests, "
              f"{collect_seconds:.1f}s collecting; estimated X cost US${cost:.2f} "
              f"({reads} post reads for {x_items} X items)")
        print(f"  expected {len(expected)}, stored live {live}, "
              f"lost {sum(lost.values())} {dict(lost)}")
        print(f"  throughput: {new / collect_seconds:.0f} items/s; "
              f"{requests / max(new, 1):.3f} requests per item")
        server.reset_log()
        t0 = time.perf_counter()
        again = collect(settings.for_collectors(), store, CollectOptions(now=end))
        rerun = time.perf_counter() - t0
        made = {r.name: r.stats.requests for r in again}
        since = end - timedelta(days=40)
        watched = sum(
            1
            for e in scenario.entries("x")
            if e.kind == "post" and scenario.is_visible(e) and e.created_at >= since
        )
        minimum = {"x_kpu": 2 + watched, "fb_kpu": 1, "ig_kpu": 1}
        print(f"no-change rerun: {made} requests in {rerun:.2f}s; minimum {minimum} "
              "(X: timeline + mentions + one search per watched post; Meta: one post listing)")
    store.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
