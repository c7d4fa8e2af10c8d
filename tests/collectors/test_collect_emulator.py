"""End to end against the emulator: faults, a month of runs, edits, deletions, minimal reruns."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from collectors.emulator.faults import Fault, FaultPlan
from collectors.emulator.scenario import Scenario, build_scenario
from collectors.emulator.server import EmulatorServer
from collectors.runner import CollectOptions, SourceResult, collect
from core.store.database import Store
from tests.collectors.conftest import (
    expected_stored,
    live_items,
    make_settings,
    small_scenario,
    stored_items,
)


class FakeSleep:
    """Records sleeps instead of sleeping, so a 60-second rate-limit wait costs nothing."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def _by_name(results: list[SourceResult]) -> dict[str, SourceResult]:
    return {r.name: r for r in results}


def _faults() -> FaultPlan:
    return FaultPlan(
        [
            Fault("rate_limit", pattern=r"/mentions$", nth=1),
            Fault("usage_capped", pattern=r"/nothing-matches-this$"),
            Fault("rate_limit_no_reset", pattern=r"/tweets$", nth=2),
            Fault("unavailable", pattern=r"/comments$", nth=2),
            Fault("rate_limit", pattern=r"/media$", nth=1),
            Fault("slow", pattern=r"/search/recent$", nth=2, delay=1.0),
            Fault("truncated", pattern=r"/posts$", nth=1),
            Fault("repeat_page", pattern=r"/comments$", nth=4),
            Fault("connection_reset", pattern=r"/tweets$", nth=1),
            Fault("server_error", probability=0.05),
            Fault("truncated", probability=0.04),
            Fault("connection_reset", probability=0.03),
            Fault("repeat_page", probability=0.05),
        ],
        seed=5,
    )


def test_faulty_collection_gets_exactly_the_scenario(store: Store) -> None:
    scenario = small_scenario(seed=4, replies=400, posts=15)
    sleep = FakeSleep()
    plan = _faults()
    with EmulatorServer(scenario, faults=plan) as server:
        settings = make_settings(
            server.base_url, scenario, "sqlite://", timeout_seconds=0.5, max_sleep_seconds=120
        )
        results = _by_name(
            collect(settings.for_collectors(), store, CollectOptions(now=scenario.now, sleep=sleep))
        )
        assert server.errors == []
    assert {r.status for r in results.values()} == {"ok"}, [r.message for r in results.values()]
    fired = {f.kind for f in plan.fired}
    assert {
        "rate_limit",
        "rate_limit_no_reset",
        "unavailable",
        "slow",
        "truncated",
        "repeat_page",
        "connection_reset",
        "server_error",
    } <= fired
    assert live_items(store) == expected_stored(scenario)
    assert all(0 < s <= 120 for s in sleep.calls)
    waits = sum(r.stats.details["rate_limit_waits"] for r in results.values())
    assert waits >= 2  # the X mentions 429 and the Graph throttle were waited out, not failed


def _x_recent_posts(scenario: Scenario) -> int:
    """Own X posts of the last 60 days (comment_days): one search each per run."""
    start = scenario.now - timedelta(days=60)
    return sum(
        1
        for e in scenario.entries("x")
        if e.kind == "post" and scenario.is_visible(e) and e.created_at >= start
    )


def test_month_of_runs_then_edits_deletions_and_minimal_rerun(store: Store) -> None:
    scenario = build_scenario(seed=21, replies=900, posts=45)
    end = scenario.now
    begin = end - timedelta(days=30)
    with EmulatorServer(scenario) as server:
        # Posts of the whole month stay watched for new replies (the default is 30 days).
        watch = {p: {"comment_days": 60} for p in ("x", "facebook", "instagram")}
        settings = make_settings(server.base_url, scenario, "sqlite://", source_overrides=watch)
        # Collect every four days through the month, as a scheduler would (X only serves
        # seven days of search and the newest 800 mentions).
        step = begin + timedelta(days=4)
        while step < end:
            scenario.set_now(step)
            for r in collect(settings.for_collectors(), store, CollectOptions(now=step)):
                assert r.status == "ok", r.message
            step += timedelta(days=4)
        scenario.set_now(end)
        collect(settings.for_collectors(), store, CollectOptions(now=end))
        assert live_items(store) == expected_stored(scenario)

        # Mutations: edits and deletions on every platform, new replies.
        recent = [e for e in scenario.all_entries() if scenario.is_visible(e) and e.kind == "reply"]
        recent.sort(key=lambda e: e.created_at)

        def pick(platform: str, n: int) -> list[str]:
            # Replies under posts of the last days: edits there are found by the daily
            # recheck (older threads only by their comment count changing; see README).
            fresh = end - timedelta(days=5)
            return [
                e.external_id
                for e in recent
                if e.platform == platform
                and not e.is_own
                and scenario.get(platform, e.root_id).created_at >= fresh  # type: ignore[union-attr]
            ][-n:]

        x_edit, x_delete = pick("x", 2)
        # X deletions are looked for when a reply turns one day (and seven days) old.
        assert scenario.get("x", x_delete).created_at > end - timedelta(hours=23)  # type: ignore[union-attr]
        fb_edit, fb_delete = pick("facebook", 2)
        ig_edit, ig_delete = pick("instagram", 2)
        x_username = scenario.accounts["x"].username
        scenario.edit("x", x_edit, f"@{x_username} ralat: TPS saya pindah ke balai desa")
        scenario.edit("facebook", fb_edit, "Sudah dicek, nama saya ada di DPT. Terima kasih.")
        scenario.edit("instagram", ig_edit, "maaf salah ketik, maksudnya TPS 05")
        for platform, ident in (("x", x_delete), ("facebook", fb_delete), ("instagram", ig_delete)):
            scenario.delete(platform, ident)
        added = scenario.add_replies(40)
        later = scenario.now + timedelta(hours=25)  # the daily recheck is due
        scenario.set_now(later)
        server.reset_log()
        results = _by_name(collect(settings.for_collectors(), store, CollectOptions(now=later)))
        assert {r.status for r in results.values()} == {"ok"}
        items = stored_items(store)
        assert live_items(store) == expected_stored(scenario)
        for platform, ident in (("x", x_delete), ("facebook", fb_delete), ("instagram", ig_delete)):
            assert items[(platform, ident)][1] is True, (platform, ident)
        assert items[("x", x_edit)][0].startswith(f"@{x_username} ralat")
        assert all((e.platform, e.external_id) in items for e in added)
        with store.session() as s:
            edits = (
                s.execute(
                    text("SELECT edit_count FROM items WHERE external_id IN (:a, :b, :c)"),
                    {"a": x_edit, "b": fb_edit, "c": ig_edit},
                )
                .scalars()
                .all()
            )
        assert sorted(edits) == [1, 1, 1]

        # Nothing changed since: only the incremental requests are made.
        server.reset_log()
        again = _by_name(collect(settings.for_collectors(), store, CollectOptions(now=later)))
        conversations = _x_recent_posts(scenario)
        assert again["x_kpu"].stats.requests == 2 + conversations
        assert again["fb_kpu"].stats.requests == 1
        assert again["ig_kpu"].stats.requests == 1
        assert sum(r.stats.items_new + r.stats.items_updated for r in again.values()) == 0
        assert server.count(".*") == 2 + conversations + 2


def test_a_long_pause_is_reported_as_a_gap(store: Store) -> None:
    scenario = build_scenario(seed=5, replies=300, posts=12)
    end = scenario.now
    with EmulatorServer(scenario) as server:
        settings = make_settings(server.base_url, scenario, "sqlite://", platforms=("x",))
        scenario.set_now(end - timedelta(days=12))
        first = collect(
            settings.for_collectors(), store, CollectOptions(now=end - timedelta(days=12))
        )[0]
        assert first.status == "ok" and not first.stats.gaps
        scenario.set_now(end)
        second = collect(settings.for_collectors(), store, CollectOptions(now=end))[0]
    assert second.status == "partial"
    assert second.stats.gaps and all("di luar jangkauan" in g for g in second.stats.gaps)
    with store.session() as s:
        gaps = s.execute(
            text("SELECT gaps FROM runs WHERE id = :id"), {"id": second.run_id}
        ).scalar()
    assert gaps and "percakapan" in str(gaps)


def test_since_on_a_first_run_starts_there(store: Store) -> None:
    scenario = small_scenario(seed=6, replies=200, posts=12, days=5)
    since = scenario.now - timedelta(days=2)
    with EmulatorServer(scenario) as server:
        settings = make_settings(server.base_url, scenario, "sqlite://")
        results = collect(
            settings.for_collectors(), store, CollectOptions(now=scenario.now, since=since)
        )
        assert {r.status for r in results} == {"ok"}
    with store.session() as s:
        posts = s.execute(text("SELECT platform, created_at FROM items WHERE kind = 'post'")).all()
    assert posts and {p for p, _ in posts} == {"x", "facebook", "instagram"}
    assert all(str(created) >= since.strftime("%Y-%m-%d %H:%M:%S") for _, created in posts)


def test_since_rereads_without_skipping_what_is_still_to_collect(store: Store) -> None:
    scenario = small_scenario(seed=6, replies=200, posts=12, days=5)
    end = scenario.now
    with EmulatorServer(scenario) as server:
        settings = make_settings(server.base_url, scenario, "sqlite://")
        scenario.set_now(end - timedelta(days=3))
        collect(settings.for_collectors(), store, CollectOptions(now=end - timedelta(days=3)))
        scenario.set_now(end)
        # Re-read only the last day; the two days before it must still come next time.
        collect(
            settings.for_collectors(), store, CollectOptions(now=end, since=end - timedelta(days=1))
        )
        collect(settings.for_collectors(), store, CollectOptions(now=end))
        with store.session() as s:
            total, distinct = s.execute(
                text("SELECT count(*), count(DISTINCT platform || ':' || external_id) FROM items")
            ).one()
    assert live_items(store) == expected_stored(scenario)
    assert total == distinct
