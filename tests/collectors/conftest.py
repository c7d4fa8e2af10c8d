"""Fixtures for collector tests: an emulator on loopback and settings that point at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from collectors.emulator.scenario import Scenario, build_scenario
from collectors.emulator.server import EmulatorServer, _Handler
from core.privacy import HandleMasker
from core.store.database import Store
from pantau.settings import ApiSettings, Settings, SourceSettings

# The emulator writes headers and body in two sends; with Nagle's algorithm on, every
# keep-alive request then waits ~40 ms for a delayed ACK. Until the emulator sets it itself,
# switch Nagle off on its handler (socketserver's documented knob) so tests stay fast.
_Handler.disable_nagle_algorithm = True

X_TOKEN = "x-emulator-bearer"
META_TOKEN = "meta-emulator-page-token"


@pytest.fixture(autouse=True)
def _tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_X_BEARER_TOKEN", X_TOKEN)
    monkeypatch.setenv("PANTAU_META_ACCESS_TOKEN", META_TOKEN)


def small_scenario(seed: int = 3, replies: int = 300, posts: int = 12, days: int = 5) -> Scenario:
    """Short enough that X's 7-day search window and 800-mention cap reach everything."""
    return build_scenario(seed=seed, replies=replies, posts=posts, days=days)


def make_settings(
    base_url: str,
    scenario: Scenario,
    db_url: str,
    *,
    platforms: tuple[str, ...] = ("x", "facebook", "instagram"),
    source_overrides: dict[str, dict[str, Any]] | None = None,
    **api: Any,
) -> Settings:
    acc = scenario.accounts
    names = {"x": "x_kpu", "facebook": "fb_kpu", "instagram": "ig_kpu"}
    sources = []
    for platform in platforms:
        fields: dict[str, Any] = {
            "name": names[platform],
            "platform": platform,
            "account_id": acc[platform].id,
            "username": acc[platform].username,
        }
        fields.update((source_overrides or {}).get(platform, {}))
        sources.append(SourceSettings(**fields))
    api_fields: dict[str, Any] = {
        "x_base_url": base_url,
        "graph_base_url": base_url,
        "backoff_base_seconds": 0.01,
        "max_sleep_seconds": 5.0,
        "timeout_seconds": 5.0,
    }
    api_fields.update(api)
    return Settings(database_url=db_url, sources=sources, api=ApiSettings(**api_fields))


def stored_items(store: Store) -> dict[tuple[str, str], tuple[str, bool]]:
    """(platform, external_id) -> (text, deleted) for every stored item."""
    with store.session() as s:
        rows = s.execute(
            text("SELECT platform, external_id, text, deleted_at FROM items")
        ).all()
    return {(p, e): (t, d is not None) for p, e, t, d in rows}


def expected_stored(scenario: Scenario, **kwargs: Any) -> dict[tuple[str, str], str]:
    """What a perfect collection stores with ``privacy.store_author_handles: false`` (the
    default): the scenario's texts with citizens' ``@handles`` masked, own accounts kept."""
    masker = HandleMasker(a.username for a in scenario.accounts.values())
    return {key: masker.text(t) for key, t in scenario.expected_items(**kwargs).items()}


def live_items(store: Store) -> dict[tuple[str, str], str]:
    return {k: t for k, (t, deleted) in stored_items(store).items() if not deleted}


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'collect.db'}"


@pytest.fixture
def scenario() -> Scenario:
    return small_scenario()


@pytest.fixture
def server(scenario: Scenario) -> Iterator[EmulatorServer]:
    with EmulatorServer(scenario) as running:
        yield running
    assert running.errors == []
