"""Meta token expiry: read from /debug_token at most daily, kept on every run for the alert."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import facebook
import pytest
from sqlalchemy import select

from alerts.rules import RULES, RuleContext
from collectors.emulator.api_types import DEFAULT_TOKENS, TokenGrant
from collectors.emulator.server import EmulatorServer
from collectors.runner import CollectOptions, collect
from collectors.token_expiry import check_batches, expiry_from_debug
from core.store.database import Store
from core.store.models import Run
from pantau.settings import Settings
from tests.collectors.conftest import META_TOKEN, make_settings, small_scenario


def test_expiry_is_the_earliest_non_zero_moment() -> None:
    at = int(datetime(2025, 1, 10, tzinfo=UTC).timestamp())
    later = at + 86400 * 60
    assert expiry_from_debug({"data": {"expires_at": 0, "data_access_expires_at": 0}}) is None
    assert expiry_from_debug({"data": {"expires_at": later, "data_access_expires_at": at}}) == (
        datetime(2025, 1, 10, tzinfo=UTC)
    )
    assert expiry_from_debug({"data": {"expires_at": at}}) == datetime(2025, 1, 10, tzinfo=UTC)
    lapsed = expiry_from_debug({"data": {"is_valid": False, "expires_at": 0}})
    assert lapsed is not None and abs((lapsed - datetime.now(UTC)).total_seconds()) < 60
    with pytest.raises(ValueError):
        expiry_from_debug({"error": {"code": 190}})


class _Refusing:
    def debug_token(self) -> Any:
        raise facebook.GraphAPIError({"error": {"code": 100, "message": "secret-ish text"}})


class _View:
    def cursor(self, stream: str, key: str = "") -> str | None:
        return None


def test_a_refused_check_never_fails_the_collection(caplog: pytest.LogCaptureFixture) -> None:
    now = datetime(2024, 11, 20, tzinfo=UTC)
    assert list(check_batches(_Refusing(), _View(), now)) == []  # type: ignore[arg-type]
    assert "secret-ish" not in caplog.text


def _fb_runs(store: Store) -> list[Run]:
    with store.session() as s:
        return list(
            s.scalars(select(Run).where(Run.source_name == "fb_kpu").order_by(Run.id)).all()
        )


def _token_rule(store: Store, settings: Settings, now: datetime) -> list[Any]:
    with store.session() as s:
        ctx = RuleContext(
            session=s,
            now=now,
            settings=settings.alerts,
            tz=settings.tz,
            voting_day=date(2024, 11, 27),
            monthly_budget_usd=100.0,
        )
        return RULES["token_expiring"](ctx)


def test_expiring_token_is_recorded_and_raises_the_alert(store: Store) -> None:
    scenario = small_scenario(seed=11, replies=40, posts=3)
    expires = int(time.time()) + 3 * 86400  # a hand-made token lasting 3 more days
    tokens = {
        **DEFAULT_TOKENS,
        META_TOKEN: TokenGrant(
            "meta", DEFAULT_TOKENS[META_TOKEN].permissions, data_access_expires_at=expires
        ),
    }
    with EmulatorServer(scenario, tokens=tokens) as server:
        settings = make_settings(
            server.base_url, scenario, "sqlite://", platforms=("facebook", "instagram")
        )
        first = collect(settings.for_collectors(), store, CollectOptions(now=scenario.now))
        again = collect(
            settings.for_collectors(), store, CollectOptions(now=scenario.now + timedelta(hours=2))
        )
        next_day = collect(
            settings.for_collectors(), store, CollectOptions(now=scenario.now + timedelta(days=1))
        )
        assert server.errors == []
    checks = [
        [r.requests_by_endpoint.get("/v21.0/debug_token", 0) for r in rs if r.name == "fb_kpu"]
        for rs in (first, again, next_day)
    ]
    assert all(r.status == "ok" for rs in (first, again, next_day) for r in rs)
    recorded = datetime.fromtimestamp(expires, UTC).isoformat()
    runs = _fb_runs(store)
    assert len(runs) == 3
    assert all(r.details and r.details["token_expires_at"] == recorded for r in runs)
    (alert,) = [
        d for d in _token_rule(store, settings, datetime.now(UTC)) if d.facts["source"] == "fb_kpu"
    ]
    assert alert.severity == "warning" and alert.dedup_key == "token_expiring:fb_kpu"
    assert checks == [[1], [0], [1]]  # once a day: the run 2 hours later did not ask again


def test_a_token_that_never_expires_raises_nothing(store: Store) -> None:
    scenario = small_scenario(seed=12, replies=20, posts=3)
    with EmulatorServer(scenario) as server:
        settings = make_settings(server.base_url, scenario, "sqlite://", platforms=("facebook",))
        (result,) = collect(settings.for_collectors(), store, CollectOptions(now=scenario.now))
    assert result.status == "ok"
    assert "token_expires_at" not in (_fb_runs(store)[0].details or {})
    assert _token_rule(store, settings, datetime.now(UTC)) == []


def test_the_inspected_token_is_redacted_from_urls() -> None:
    from collectors.transport import redact_url

    url = "https://graph.facebook.com/v21.0/debug_token?input_token=SECRET1&access_token=SECRET1"
    assert "SECRET1" not in redact_url(url)
