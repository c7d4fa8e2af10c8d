"""Bad tokens, missing permissions, unknown accounts and unreachable hosts: one clear message
per source, a failed ledger row, and the other sources still collected."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import requests
import tweepy
import yaml
from sqlalchemy import text

from collectors.emulator.scenario import Scenario
from collectors.emulator.server import EmulatorServer
from collectors.runner import CollectOptions, SourceResult, collect, describe_failure
from core.store.database import Store, open_store
from pantau.cli import main
from pantau.settings import SourceSettings
from tests.collectors.conftest import make_settings


def _run(
    server: EmulatorServer, scenario: Scenario, db_url: str, **overrides: object
) -> tuple[dict[str, SourceResult], Store]:
    api = {k: v for k, v in overrides.items() if k in ("x_base_url", "graph_base_url")}
    sources = overrides.get("sources", {})
    settings = make_settings(
        server.base_url, scenario, db_url, source_overrides=sources, **api  # type: ignore[arg-type]
    )
    store = open_store(db_url)
    results = collect(settings.for_collectors(), store, CollectOptions(now=scenario.now))
    return {r.name: r for r in results}, store


def _ledger(store: Store) -> dict[str, tuple[str, str | None]]:
    with store.session() as s:
        rows = s.execute(text("SELECT source_name, status, message FROM runs")).all()
    return {name: (status, message) for name, status, message in rows}


CASES = [
    # (what to break, env or override, failing source, words the message must contain)
    ("x_bad_token", {"env": ("PANTAU_X_BEARER_TOKEN", "not-a-valid-token")}, "x_kpu", "401"),
    ("x_not_enrolled", {"env": ("PANTAU_X_BEARER_TOKEN", "x-emulator-not-enrolled")}, "x_kpu",
     "403"),
    ("x_wrong_account", {"sources": {"x": {"account_id": "12345"}}}, "x_kpu", "12345"),
    ("meta_expired", {"env": ("PANTAU_META_ACCESS_TOKEN", "meta-emulator-expired")}, "fb_kpu",
     "190"),
    ("fb_wrong_account", {"sources": {"facebook": {"account_id": "999999999"}}}, "fb_kpu",
     "999999999"),
    ("x_unreachable", {"x_base_url": "http://127.0.0.1:1"}, "x_kpu", "tidak dapat dihubungi"),
    ("x_missing_token", {"env": ("PANTAU_X_BEARER_TOKEN", "")}, "x_kpu", "PANTAU_X_BEARER_TOKEN"),
]


@pytest.mark.parametrize(("case", "change", "failing", "words"), CASES, ids=[c[0] for c in CASES])
def test_one_source_fails_clearly_others_continue(
    case: str,
    change: dict[str, object],
    failing: str,
    words: str,
    server: EmulatorServer,
    scenario: Scenario,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = change.pop("env", None)
    if isinstance(env, tuple):
        name, value = str(env[0]), str(env[1])
        monkeypatch.setenv(name, value)
        if name == "PANTAU_META_ACCESS_TOKEN":
            # Facebook and Instagram share the default variable; keep Instagram working.
            change["sources"] = {"instagram": {"token_env": "IG_TOKEN"}}
            monkeypatch.setenv("IG_TOKEN", "meta-emulator-page-token")
    results, store = _run(server, scenario, sqlite_url, **change)
    try:
        bad = results[failing]
        assert bad.status == "failed"
        assert bad.message and bad.message.startswith(f"{failing}: ")
        assert words in bad.message
        assert bad.hint  # what to do
        others = [r for n, r in results.items() if n != failing]
        assert others and all(r.status == "ok" and r.stats.items_new > 0 for r in others)
        ledger = _ledger(store)
        assert ledger[failing][0] == "failed" and ledger[failing][1] == bad.message
    finally:
        store.dispose()


def test_instagram_without_comment_permission(
    server: EmulatorServer, scenario: Scenario, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IG_TOKEN", "meta-emulator-user-token")
    results, store = _run(
        server, scenario, sqlite_url, sources={"instagram": {"token_env": "IG_TOKEN"}}
    )
    try:
        ig = results["ig_kpu"]
        assert ig.status == "failed" and ig.hint and "instagram_manage_comments" in ig.hint
        assert results["fb_kpu"].status == "ok" and results["x_kpu"].status == "ok"
    finally:
        store.dispose()


def _response(status: int, body: dict[str, object]) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp.reason = "Not Found"
    resp._content = json.dumps(body).encode()
    resp.headers["content-type"] = "application/json"
    return resp


def test_x_404_is_described_as_missing_account() -> None:
    source = SourceSettings(name="x_kpu", platform="x", account_id="42")
    exc = tweepy.NotFound(_response(404, {"title": "Not Found Error", "detail": "gone"}))
    status, message, hint = describe_failure(exc, source)
    assert status == "failed" and "404" in message and "42" in message and hint


def test_usage_cap_and_budget_are_partial_not_failed() -> None:
    from collectors.budget import BudgetExhausted
    from collectors.transport import UsageCapped

    source = SourceSettings(name="x_kpu", platform="x", account_id="42")
    assert describe_failure(UsageCapped("habis"), source)[0] == "partial"
    assert describe_failure(BudgetExhausted("habis"), source)[0] == "partial"
    assert describe_failure(RuntimeError("boom"), source)[0] == "failed"


def _workspace_config(ws: Path, base_url: str, scenario: Scenario) -> Path:
    config = ws / "pantau.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sources"] = [
        {"name": "x_kpu", "platform": "x", "account_id": scenario.accounts["x"].id},
        {"name": "fb_kpu", "platform": "facebook", "account_id": scenario.accounts["facebook"].id},
    ]
    data["api"].update({"x_base_url": base_url, "graph_base_url": base_url,
                        "backoff_base_seconds": 0.01})
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    return config


SECRET = "x-secret-token-that-must-never-leak"


def test_cli_exit_code_lines_and_no_token_anywhere(
    workspace: Path,
    server: EmulatorServer,
    scenario: Scenario,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = _workspace_config(workspace, server.base_url, scenario)
    monkeypatch.setenv("PANTAU_X_BEARER_TOKEN", SECRET)  # rejected by the emulator: 401
    page_token = "meta-emulator-page-token"
    caplog.set_level(logging.DEBUG)  # tweepy and urllib3 log headers and URLs at DEBUG
    code = main(["-c", str(config), "collect", "--now", scenario.now.isoformat()])
    out = capsys.readouterr()
    assert code != 0
    lines = [ln for ln in out.out.splitlines() if not ln.startswith("  ")]
    assert len(lines) == 2
    assert lines[0].startswith("x_kpu (x): GAGAL") and lines[1].startswith("fb_kpu (facebook): ")
    assert "berhasil" in lines[1]
    logged = caplog.text
    assert "Bearer" in logged or "access_token" in logged  # the chatty loggers did log
    store = open_store(f"sqlite:///{workspace / 'pantau.db'}")
    try:
        with store.session() as s:
            runs = json.dumps([list(r) for r in s.execute(
                text("SELECT message, errors, details FROM runs")).all()], default=str)
            raw = json.dumps([list(r) for r in s.execute(
                text("SELECT url, payload FROM raw_payloads")).all()], default=str)
            count = s.execute(text("SELECT count(*) FROM raw_payloads")).scalar()
    finally:
        store.dispose()
    assert count and "REDACTED" in raw
    for secret in (SECRET, page_token):
        for where, blob in (("stdout", out.out), ("stderr", out.err), ("logs", logged),
                            ("ledger", runs), ("raw pages", raw)):
            assert secret not in blob, f"token found in {where}"


def test_cli_unknown_source_and_no_sources(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = workspace / "pantau.yaml"
    assert main(["-c", str(config), "collect"]) == 2  # the shipped config has no sources
    assert "Belum ada sumber" in capsys.readouterr().err
    assert main(["-c", str(config), "collect", "--source", "tidak_ada"]) == 2
    assert "tidak_ada" in capsys.readouterr().err
