"""Many clients at once while the scenario changes: no emulator errors, consistent pages."""

from __future__ import annotations

import threading

import requests

from collectors.emulator.scenario import build_scenario
from collectors.emulator.server import EmulatorServer
from tests.collectors.emulator.conftest import PAGE_TOKEN, X_TOKEN


def test_parallel_clients_during_mutations() -> None:
    scenario = build_scenario(seed=21, replies=300, posts=12)
    failures: list[str] = []

    def client(kind: str) -> None:
        session = requests.Session()
        for _ in range(25):
            if kind == "x":
                url = f"{server.base_url}/2/users/{scenario.accounts['x'].id}/mentions"
                response = session.get(
                    url,
                    params={"max_results": 50},
                    headers={"Authorization": f"Bearer {X_TOKEN}"},
                    timeout=10,
                )
            else:
                url = f"{server.base_url}/v21.0/{scenario.accounts['facebook'].id}/posts"
                response = session.get(
                    url,
                    params={"access_token": PAGE_TOKEN, "fields": "id,comments.summary(true)"},
                    timeout=10,
                )
            if response.status_code != 200 or "error" in response.json():
                failures.append(f"{kind}: {response.status_code} {response.text[:200]}")

    with EmulatorServer(scenario) as server:
        threads = [threading.Thread(target=client, args=(k,)) for k in ("x", "graph") * 3]
        for thread in threads:
            thread.start()
        for round_ in range(10):
            scenario.add_replies(5)
            victim = next(e for e in scenario.entries("facebook") if e.truth and not e.deleted)
            scenario.delete("facebook", victim.external_id)
            scenario.add_post("x", f"Pengumuman {round_}")
        for thread in threads:
            thread.join(timeout=60)
        assert server.errors == []
    assert failures == []
    assert len(server.requests) == 150
