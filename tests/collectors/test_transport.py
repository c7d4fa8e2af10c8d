"""The polite adapter: retries, rate limits, usage cap, sleep cap, budget, redaction."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests

from collectors.budget import BudgetExhausted, CostMeter, MonthlyBudget, Prices
from collectors.emulator.faults import Fault, FaultPlan
from collectors.emulator.scenario import Scenario
from collectors.emulator.server import EmulatorServer
from collectors.transport import (
    RateLimited,
    ServerFailing,
    TransportPolicy,
    TransportStats,
    Unreachable,
    UsageCapped,
    endpoint_key,
    mount,
    redact,
    redact_url,
)
from tests.collectors.conftest import META_TOKEN, X_TOKEN, small_scenario


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture(scope="module")
def world() -> Scenario:
    return small_scenario(seed=2, replies=60, posts=6)


@pytest.fixture
def plan() -> FaultPlan:
    return FaultPlan(seed=3)


@pytest.fixture
def emulator(world: Scenario, plan: FaultPlan) -> Iterator[EmulatorServer]:
    with EmulatorServer(world, faults=plan) as server:
        yield server


def _session(
    base_url: str,
    platform: str = "x",
    *,
    policy: TransportPolicy | None = None,
    budget: MonthlyBudget | None = None,
    prices: Prices | None = None,
) -> tuple[requests.Session, Sleeps, TransportStats, CostMeter]:
    session = requests.Session()
    sleeps, stats = Sleeps(), TransportStats()
    meter = CostMeter(prices or Prices(), budget or MonthlyBudget(100.0))
    policy = policy or TransportPolicy(timeout=2.0, max_retries=4, backoff_base=0.5, max_sleep=30)
    mount(session, platform, policy, meter, stats, base_url=base_url, sleep=sleeps)
    return session, sleeps, stats, meter


def _mentions(session: requests.Session, world: Scenario) -> requests.Response:
    return session.get(
        f"https://api.twitter.com/2/users/{world.accounts['x'].id}/mentions",
        params={"max_results": "5", "tweet.fields": "created_at"},
        headers={"Authorization": f"Bearer {X_TOKEN}"},
    )


@pytest.mark.parametrize(
    "kind", ["server_error", "unavailable", "truncated", "connection_reset", "rate_limit_no_reset"]
)
def test_transient_failures_are_retried_with_capped_backoff(
    kind: str, emulator: EmulatorServer, plan: FaultPlan, world: Scenario
) -> None:
    plan.add(Fault(kind, pattern="/mentions$", times=2))
    session, sleeps, stats, _ = _session(emulator.base_url)
    response = _mentions(session, world)
    assert response.status_code == 200 and response.json()["data"]
    assert stats.requests == 3 and stats.retries == 2
    assert len(sleeps.calls) == 2 and all(0 < s <= 30 for s in sleeps.calls)
    # equal jitter: each wait lies between half and all of base * 2^(n-1)
    assert 0.25 <= sleeps.calls[0] <= 0.5 and 0.5 <= sleeps.calls[1] <= 1.0


def test_slow_answer_times_out_then_retries(
    emulator: EmulatorServer, plan: FaultPlan, world: Scenario
) -> None:
    plan.add(Fault("slow", pattern="/mentions$", delay=1.0))
    policy = TransportPolicy(timeout=0.3, max_retries=2, backoff_base=0.01, max_sleep=5)
    session, _, stats, _ = _session(emulator.base_url, policy=policy)
    assert _mentions(session, world).status_code == 200
    assert stats.retries == 1


def test_persistent_5xx_gives_up_with_a_typed_stop(
    emulator: EmulatorServer, plan: FaultPlan, world: Scenario
) -> None:
    plan.add(Fault("unavailable", pattern="/mentions$", times=100))
    session, sleeps, stats, _ = _session(emulator.base_url)
    with pytest.raises(ServerFailing):
        _mentions(session, world)
    assert stats.requests == 5  # 1 + max_retries
    assert max(sleeps.calls) <= 30


def test_unreachable_host() -> None:
    policy = TransportPolicy(timeout=1, max_retries=2, backoff_base=0.01, max_sleep=1)
    session, _, stats, _ = _session("http://127.0.0.1:1", policy=policy)
    with pytest.raises(Unreachable) as info:
        session.get("https://api.twitter.com/2/users/1/mentions")
    assert "127.0.0.1:1" in info.value.message and stats.requests == 3


def test_429_with_reset_waits_until_reset_within_the_cap(
    emulator: EmulatorServer, plan: FaultPlan, world: Scenario
) -> None:
    plan.add(Fault("rate_limit", pattern="/mentions$"))  # reset 60 s ahead
    policy = TransportPolicy(timeout=2, max_retries=3, backoff_base=0.5, max_sleep=120)
    session, sleeps, stats, _ = _session(emulator.base_url, policy=policy)
    assert _mentions(session, world).status_code == 200
    assert stats.rate_limit_waits == 1 and len(sleeps.calls) == 1
    assert 55 <= sleeps.calls[0] <= 62  # waited for the reset, no extra backoff on top


def test_429_with_reset_beyond_the_cap_stops_the_source(
    emulator: EmulatorServer, plan: FaultPlan, world: Scenario
) -> None:
    plan.add(Fault("rate_limit", pattern="/mentions$"))
    policy = TransportPolicy(timeout=2, max_retries=3, backoff_base=0.5, max_sleep=10)
    session, sleeps, stats, _ = _session(emulator.base_url, policy=policy)
    with pytest.raises(RateLimited) as info:
        _mentions(session, world)
    assert info.value.until is not None and sleeps.calls == [] and stats.requests == 1


def test_usage_capped_stops_at_once(
    emulator: EmulatorServer, plan: FaultPlan, world: Scenario
) -> None:
    plan.add(Fault("usage_capped", pattern="/mentions$"))
    session, sleeps, stats, _ = _session(emulator.base_url)
    with pytest.raises(UsageCapped):
        _mentions(session, world)
    assert stats.requests == 1 and sleeps.calls == []


def test_remaining_zero_pauses_the_next_request(
    emulator: EmulatorServer, world: Scenario
) -> None:
    from collectors.emulator.x_api import XLimits

    limits = XLimits()
    limits.per_window["mentions"] = 2
    with EmulatorServer(world, x_limits=limits) as server:
        session, sleeps, stats, _ = _session(server.base_url, policy=TransportPolicy(
            timeout=2, max_retries=2, backoff_base=0.1, max_sleep=2))
        assert _mentions(session, world).status_code == 200
        assert _mentions(session, world).status_code == 200  # remaining is now 0
        with pytest.raises(RateLimited):  # reset is ~15 min away: more than the 2 s cap
            _mentions(session, world)
        assert stats.requests == 2 and sleeps.calls == []  # no request wasted on a sure 429


def test_graph_throttle_error_is_retried(
    emulator: EmulatorServer, plan: FaultPlan, world: Scenario
) -> None:
    # Graph throttling: HTTP 403 with error code 4 and X-App-Usage at 100 %.
    plan.add(Fault("rate_limit", pattern="/posts$"))
    policy = TransportPolicy(timeout=2, max_retries=3, backoff_base=0.5, max_sleep=120)
    session, sleeps, stats, _ = _session(emulator.base_url, "meta", policy=policy)
    page = world.accounts["facebook"].id
    url = f"https://graph.facebook.com/v21.0/{page}/posts"
    response = session.get(url, params={"access_token": META_TOKEN})
    assert response.status_code == 200 and stats.retries == 1
    assert stats.max_meta_usage == 100 and stats.rate_limit_waits == 1
    assert 60 <= sum(sleeps.calls) <= 120  # usage at 100 %: paused a minute before retrying
    assert "REDACTED" in stats.last_url and META_TOKEN not in stats.last_url


def test_graph_usage_at_the_limit_stops_when_the_pause_exceeds_the_cap(
    emulator: EmulatorServer, plan: FaultPlan, world: Scenario
) -> None:
    plan.add(Fault("rate_limit", pattern="/posts$"))
    policy = TransportPolicy(timeout=2, max_retries=3, backoff_base=0.5, max_sleep=30)
    session, sleeps, _, _ = _session(emulator.base_url, "meta", policy=policy)
    page = world.accounts["facebook"].id
    with pytest.raises(RateLimited):
        session.get(
            f"https://graph.facebook.com/v21.0/{page}/posts", params={"access_token": META_TOKEN}
        )
    assert all(s <= 30 for s in sleeps.calls)


def test_cost_is_counted_per_post_read_and_budget_stops_requests(
    emulator: EmulatorServer, world: Scenario
) -> None:
    budget = MonthlyBudget(limit_usd=0.03, spent_before_usd=0.0)
    session, _, stats, meter = _session(
        emulator.base_url, budget=budget, prices=Prices(x_per_post_read=0.005)
    )
    first = _mentions(session, world)
    reads = len(first.json()["data"])
    assert meter.post_reads == reads and meter.cost_usd == pytest.approx(0.005 * reads)
    _mentions(session, world)  # 0.05 spent > 0.03 budget after this one
    with pytest.raises(BudgetExhausted):
        _mentions(session, world)
    assert stats.requests == 2


def test_budget_counts_what_the_month_spent_before() -> None:
    meter = CostMeter(Prices(), MonthlyBudget(limit_usd=10.0, spent_before_usd=10.0))
    with pytest.raises(BudgetExhausted):
        meter.check_budget("x")
    meter.check_budget("meta")  # Meta costs nothing by default: never blocked


def test_redaction_helpers() -> None:
    url = "https://graph.facebook.com/v21.0/1/comments?limit=5&access_token=EAAB123&after=x"
    assert redact_url(url) == (
        "https://graph.facebook.com/v21.0/1/comments?limit=5&access_token=REDACTED&after=x"
    )
    assert redact("Bearer abc123 failed", ["abc123"]) == "Bearer REDACTED failed"
    assert endpoint_key("https://api.twitter.com/2/users/123456/mentions?x=1") == (
        "/2/users/:id/mentions"
    )
    assert endpoint_key("https://graph.facebook.com/v21.0/100_200/comments") == (
        "/v21.0/:id/comments"
    )


def test_no_sleep_ever_exceeds_the_cap(
    emulator: EmulatorServer, plan: FaultPlan, world: Scenario
) -> None:
    plan.add(Fault("unavailable", pattern="/mentions$", times=4))
    policy = TransportPolicy(timeout=2, max_retries=6, backoff_base=10.0, max_sleep=3.0)
    session, sleeps, _, _ = _session(emulator.base_url, policy=policy)
    started = time.monotonic()
    assert _mentions(session, world).status_code == 200
    assert len(sleeps.calls) == 4 and max(sleeps.calls) <= 3.0
    assert time.monotonic() - started < 10  # the fake sleep was used, not a real one
