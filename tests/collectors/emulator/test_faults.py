"""Every fault kind, the nth/probability rules, and that faults stay bounded in time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from collectors.emulator.faults import Fault, FaultPlan
from collectors.emulator.scenario import Scenario, build_scenario
from collectors.emulator.server import EmulatorServer
from tests.collectors.emulator.conftest import graph_get, x_get


@pytest.fixture(scope="module")
def small() -> Scenario:
    return build_scenario(seed=9, replies=120, posts=9)


@pytest.fixture
def plan() -> FaultPlan:
    return FaultPlan(seed=1)


@pytest.fixture
def server(small: Scenario, plan: FaultPlan) -> Iterator[EmulatorServer]:
    with EmulatorServer(small, faults=plan) as running:
        yield running
    assert running.errors == []


def _mentions(server: EmulatorServer, small: Scenario, **params: Any) -> requests.Response:
    return x_get(server, f"/2/users/{small.accounts['x'].id}/mentions", **params)


def test_nth_request_gets_429_with_reset(
    server: EmulatorServer, plan: FaultPlan, small: Scenario
) -> None:
    plan.add(Fault("rate_limit", pattern="/mentions$", nth=2))
    statuses = [_mentions(server, small).status_code for _ in range(3)]
    assert statuses == [200, 429, 200]
    plan.add(Fault("rate_limit", pattern="/mentions$"))
    limited = _mentions(server, small)
    assert limited.headers["x-rate-limit-remaining"] == "0"
    assert int(limited.headers["x-rate-limit-reset"]) > 0
    assert limited.json()["title"] == "Too Many Requests"
    assert [f.kind for f in plan.fired] == ["rate_limit", "rate_limit"]
    assert server.count("/mentions$", status=429) == 2


def test_429_without_reset_and_usage_cap(
    server: EmulatorServer, plan: FaultPlan, small: Scenario
) -> None:
    plan.add(Fault("rate_limit_no_reset", pattern="/mentions$"))
    plan.add(Fault("usage_capped", pattern="/mentions$"))
    first, second = _mentions(server, small), _mentions(server, small)
    assert first.status_code == 429 and "x-rate-limit-reset" not in first.headers
    assert second.status_code == 429
    assert second.json()["type"] == "https://api.twitter.com/2/problems/usage-capped"


@pytest.mark.parametrize(("kind", "status"), [("server_error", 500), ("unavailable", 503)])
def test_server_errors(
    server: EmulatorServer, plan: FaultPlan, small: Scenario, kind: str, status: int
) -> None:
    plan.add(Fault(kind, pattern=r"^/v\d+\.\d+/"))
    plan.add(Fault(kind, pattern="^/2/"))
    graph = graph_get(server, small.accounts["facebook"].id)
    assert graph.status_code == status and graph.json()["error"]["is_transient"] is True
    x = _mentions(server, small)
    assert x.status_code == status and x.json()["status"] == status


def test_graph_throttle(server: EmulatorServer, plan: FaultPlan, small: Scenario) -> None:
    plan.add(Fault("rate_limit", pattern="/posts$"))
    response = graph_get(server, f"{small.accounts['facebook'].id}/posts")
    assert response.status_code == 403 and response.json()["error"]["code"] == 4
    assert json.loads(response.headers["X-App-Usage"])["call_count"] == 100


def test_slow_response_times_out_then_recovers(
    server: EmulatorServer, plan: FaultPlan, small: Scenario
) -> None:
    plan.add(Fault("slow", pattern="/mentions$", delay=1.0))
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(
            f"{server.base_url}/2/users/{small.accounts['x'].id}/mentions",
            headers={"Authorization": "Bearer x-emulator-bearer"},
            timeout=0.2,
        )
    assert _mentions(server, small).status_code == 200


def test_slow_is_bounded() -> None:
    with pytest.raises(ValueError):
        Fault("slow", delay=60)


def test_truncated_body(server: EmulatorServer, plan: FaultPlan, small: Scenario) -> None:
    plan.add(Fault("truncated", pattern="/mentions$"))
    response = _mentions(server, small, max_results=20)
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    assert _mentions(server, small, max_results=20).json()["data"]


def test_repeated_page(server: EmulatorServer, plan: FaultPlan, small: Scenario) -> None:
    first = _mentions(server, small, max_results=5).json()
    plan.add(Fault("repeat_page", pattern="/mentions$"))
    second = _mentions(
        server, small, max_results=5, pagination_token=first["meta"]["next_token"]
    ).json()
    assert second == first  # the page already seen, served again
    again = _mentions(
        server, small, max_results=5, pagination_token=first["meta"]["next_token"]
    ).json()
    assert again["data"][0]["id"] != first["data"][0]["id"]


def test_connection_reset(server: EmulatorServer, plan: FaultPlan, small: Scenario) -> None:
    plan.add(Fault("connection_reset", pattern="/mentions$"))
    with pytest.raises(requests.exceptions.ConnectionError):
        _mentions(server, small)
    assert _mentions(server, small).status_code == 200
    assert server.requests[-2].fault == "connection_reset"


def test_probability_is_seeded(small: Scenario) -> None:
    def run() -> list[int]:
        faults = FaultPlan([Fault("unavailable", probability=0.4)], seed=42)
        with EmulatorServer(small, faults=faults) as server:
            return [
                x_get(server, "/2/users/by/username/kpujember_sim").status_code for _ in range(25)
            ]

    first, second = run(), run()
    assert first == second
    assert 0 < first.count(503) < 25


def test_rule_validation() -> None:
    with pytest.raises(ValueError):
        Fault("meteor_strike")
    with pytest.raises(ValueError):
        Fault("server_error", probability=2)


def test_request_log(server: EmulatorServer, small: Scenario) -> None:
    server.reset_log()
    _mentions(server, small, max_results=5)
    graph_get(server, small.accounts["facebook"].id, fields="id")
    log = server.requests
    assert [r.status for r in log] == [200, 200]
    assert log[0].query["max_results"] == ["5"] and log[1].path.startswith("/v21.0/")
    assert server.count("^/2/") == 1
