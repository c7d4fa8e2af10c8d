"""Fixtures for the emulator tests: one small scenario served on loopback per module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from collectors.emulator.scenario import Scenario, build_scenario
from collectors.emulator.server import EmulatorServer

X_TOKEN = "x-emulator-bearer"
PAGE_TOKEN = "meta-emulator-page-token"
USER_TOKEN = "meta-emulator-user-token"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return build_scenario(seed=11, replies=600, posts=30)


@pytest.fixture(scope="module")
def server(scenario: Scenario) -> Iterator[EmulatorServer]:
    with EmulatorServer(scenario) as running:
        yield running
    assert running.errors == []


@pytest.fixture
def fresh() -> Scenario:
    """A scenario a test may mutate."""
    return build_scenario(seed=7, replies=200, posts=12)


def x_get(
    server: EmulatorServer, path: str, token: str = X_TOKEN, **params: Any
) -> requests.Response:
    return requests.get(
        server.base_url + path,
        params=params,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def graph_get(
    server: EmulatorServer, path: str, token: str | None = PAGE_TOKEN, **params: Any
) -> requests.Response:
    if token is not None:
        params["access_token"] = token
    return requests.get(server.base_url + "/v21.0/" + path.lstrip("/"), params=params, timeout=10)
