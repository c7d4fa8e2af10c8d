"""Property checks: any page size and any starting point walk every item exactly once."""

from __future__ import annotations

from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collectors.emulator.scenario import Scenario
from collectors.emulator.server import EmulatorServer
from tests.collectors.emulator.conftest import graph_get, x_get

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _x_ids(server: EmulatorServer, path: str, **params: Any) -> list[str]:
    ids: list[str] = []
    token = None
    while True:
        query = dict(params, **({"pagination_token": token} if token else {}))
        body = x_get(server, path, **query).json()
        ids += [t["id"] for t in body.get("data", [])]
        token = body["meta"].get("next_token")
        if not token:
            return ids


@SETTINGS
@given(size=st.integers(5, 100), pivot=st.floats(0, 1))
def test_x_mentions_any_page_size(
    server: EmulatorServer, scenario: Scenario, size: int, pivot: float
) -> None:
    path = f"/2/users/{scenario.accounts['x'].id}/mentions"
    everything = _x_ids(server, path, max_results=100)
    since = everything[min(int(pivot * len(everything)), len(everything) - 1)]
    newer = _x_ids(server, path, max_results=size, since_id=since)
    assert newer == [i for i in everything if int(i) > int(since)]
    assert _x_ids(server, path, max_results=size) == everything


@SETTINGS
@given(size=st.integers(1, 100), stream=st.booleans(), newest_first=st.booleans())
def test_graph_comments_any_page_size(
    server: EmulatorServer, scenario: Scenario, size: int, stream: bool, newest_first: bool
) -> None:
    post = max(
        (e for e in scenario.entries("facebook") if e.kind == "post"),
        key=lambda e: len(scenario.thread("facebook", e.external_id)),
    )
    order = "reverse_chronological" if newest_first else "chronological"
    params = {"filter": "stream" if stream else "toplevel", "order": order, "fields": "id"}
    body = graph_get(server, f"{post.external_id}/comments", limit=size, **params).json()
    ids = [c["id"] for c in body["data"]]
    while "next" in body.get("paging", {}):
        body = requests.get(body["paging"]["next"], timeout=10).json()
        ids += [c["id"] for c in body["data"]]
    whole = [
        c["id"]
        for c in graph_get(server, f"{post.external_id}/comments", limit=100, **params).json()[
            "data"
        ]
    ]
    assert ids == whole and len(set(ids)) == len(ids)
