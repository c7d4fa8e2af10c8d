"""Tried as an attacker would: after a full cycle, no citizen handle, name or user id anywhere.

Collect from the emulator (twice, so incremental sweeps and re-listings happen), analyse,
write the weekly report in every format, run the alert cycle, export the labelling sheet, all
with DEBUG logging captured. Then every table and column of the database (raw pages
included), every report file (XLSX unzipped, PDF text), every alert message, the sheet and the
log are searched for every handle, display name and user id the emulator gave its citizens.
With ``privacy.store_author_handles: true`` the same search finds them (so it can fail).
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from alerts.cycle import run_alert_cycle
from collectors.emulator.scenario import Scenario
from collectors.emulator.server import EmulatorServer
from collectors.runner import CollectOptions, collect
from core.store.database import Store, open_store
from core.store.models import Base, Item, OutboxMessage, RawPayload
from nlp.analyze import analyze_pending
from nlp.labelling import SheetRow, pick_for_labelling, write_sheet
from nlp.pipeline import TaggingPipeline
from pantau.settings import AlertSettings, PrivacySettings, ReportSettings, Settings
from reports.model import WIB
from reports.render import render_report
from reports.sample_report import sample_report
from reports.weekly import busiest_week, write_weekly_report
from tests.alerts.helpers import RecordingSender
from tests.collectors.conftest import META_TOKEN, X_TOKEN, make_settings, small_scenario


@pytest.fixture(autouse=True)
def _tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_X_BEARER_TOKEN", X_TOKEN)
    monkeypatch.setenv("PANTAU_META_ACCESS_TOKEN", META_TOKEN)


def citizen_identifiers(scenario: Scenario) -> set[str]:
    """Every handle, display name and user id the emulator gave a member of the public."""
    found: set[str] = set()
    for entry in scenario.all_entries():
        if entry.author is not None:
            found.update((entry.author.handle, entry.author.name, entry.author.id))
    return found


def identifier_pattern(identifiers: set[str]) -> re.Pattern[str]:
    alternatives = sorted(identifiers, key=len, reverse=True)
    either = "|".join(re.escape(i) for i in alternatives)
    return re.compile(rf"(?<![A-Za-z0-9_])(?:{either})(?![A-Za-z0-9_])", re.IGNORECASE)


def database_text(store: Store) -> dict[str, str]:
    """Every row of every table as text, per table."""
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            out[table.name] = "\n".join(
                json.dumps([_plain(v) for v in row], ensure_ascii=False) for row in rows
            )
    return out


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | str | dict | list | None) else str(value)


def report_text(files: dict[str, Path]) -> dict[str, str]:
    out: dict[str, str] = {}
    for fmt, path in files.items():
        if fmt == "xlsx":
            with zipfile.ZipFile(path) as book:
                parts = [book.read(n).decode("utf-8", "replace") for n in book.namelist()]
                out[fmt] = "\n".join(parts)
        elif fmt == "pdf":
            from pypdf import PdfReader

            out[fmt] = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        else:
            out[fmt] = path.read_text(encoding="utf-8")
    return out


def _settings(scenario: Scenario, base_url: str, db_url: str, tmp: Path, keep: bool) -> Settings:
    settings = make_settings(base_url, scenario, db_url)
    settings.privacy = PrivacySettings(store_author_handles=keep)
    settings.report = ReportSettings(out_dir=str(tmp / "laporan"))
    settings.alerts = AlertSettings.model_validate(
        {"channels": {"tim": "json://127.0.0.1:9/x"}, "quiet_hours": {"enabled": False}}
    )
    settings.workspace = tmp
    return settings


def _collect_twice(settings: Settings, store: Store, scenario: Scenario) -> None:
    end = scenario.now
    scenario.set_now(end - timedelta(days=2))
    for r in collect(settings.for_collectors(), store, CollectOptions(now=scenario.now)):
        assert r.status == "ok", r.message
    scenario.set_now(end)
    for r in collect(settings.for_collectors(), store, CollectOptions(now=end)):
        assert r.status == "ok", r.message


def test_no_citizen_identity_anywhere_after_a_full_cycle(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    scenario = small_scenario(seed=11, replies=260, posts=10, days=5)
    identifiers = citizen_identifiers(scenario)
    pattern = identifier_pattern(identifiers)
    # The emulator's replies do name citizens (so a leak would be found): X replies start
    # with the @handle of the reply they answer.
    assert any(pattern.search(e.text) for e in scenario.all_entries())
    caplog.set_level(logging.DEBUG)
    with EmulatorServer(scenario) as server:
        settings = _settings(scenario, server.base_url, "sqlite://", tmp_path, keep=False)
        _collect_twice(settings, store, scenario)
    analyze_pending(store, TaggingPipeline(settings=settings.nlp))
    week = busiest_week(store, settings.for_reports())
    assert week is not None
    files = write_weekly_report(
        store, settings.for_reports(), f"{week[0]}-W{week[1]:02d}", tmp_path / "laporan",
        ["html", "json", "xlsx", "pdf"],
    )
    sender = RecordingSender()
    run_alert_cycle(store, settings.for_alerts(), scenario.now, sender=sender)
    sheet = tmp_path / "lembar" / "label.csv"
    with store.session() as s:
        rows = pick_for_labelling(s, 200, own_handles=settings.own_handles())
    write_sheet(sheet, rows, settings.tz)

    texts: dict[str, str] = {f"db.{k}": v for k, v in database_text(store).items()}
    texts.update({f"report.{k}": v for k, v in report_text(dict(files)).items()})
    texts["alerts.sent"] = "\n".join(f"{subject}\n{body}" for _c, subject, body in sender.sent)
    texts["sheet"] = sheet.read_text(encoding="utf-8-sig")
    texts["log"] = "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records
    )
    leaks = {where: sorted(set(pattern.findall(text)))[:5] for where, text in texts.items()}
    assert {where: found for where, found in leaks.items() if found} == {}

    # Each output really held citizens' replies, with their mentions masked.
    assert "pdf" in files or "pdf" in files.failures
    assert len(rows) >= 100 and "@warga" in texts["sheet"]
    assert "@warga" in texts["db.items"] and "@warga" in texts["db.raw_payloads"]
    assert sender.sent and "Contoh butir" in texts["alerts.sent"]
    assert "@warga" in texts["report.json"]
    # DEBUG really ran: tweepy's response lines were logged, without their bodies.
    responses = [r for r in caplog.records if r.name == "tweepy.client" and "Content" in r.msg]
    assert responses and all("tidak dicatat" in str(r.msg) for r in responses)
    _check_raw_pages_have_no_locations(store, settings)


def _check_raw_pages_have_no_locations(store: Store, settings: Settings) -> None:
    own = {s.account_id for s in settings.sources}
    with store.session() as s:
        pages = s.scalars(select(RawPayload.payload).where(RawPayload.platform == "x")).all()
        located = s.scalar(
            select(Item.id).where(Item.platform == "x", Item.author_location.is_not(None))
        )
        geo = s.scalar(select(Item.id).where(Item.platform == "x", Item.geo.is_not(None)))
    # The item rows keep the location (X allows it only with the post) ...
    assert located is not None and geo is not None
    # ... the raw pages do not.
    for page in pages:
        for user in (page.get("includes") or {}).get("users", []):
            assert user["id"] in own or set(user) == {"id"}, user
        tweets = page.get("data") if isinstance(page.get("data"), list) else []
        for tweet in tweets:
            assert "geo" not in tweet or tweet.get("author_id") in own


def test_handles_are_stored_when_the_config_says_so(store: Store, tmp_path: Path) -> None:
    scenario = small_scenario(seed=11, replies=120, posts=6, days=3)
    pattern = identifier_pattern(citizen_identifiers(scenario))
    with EmulatorServer(scenario) as server:
        settings = _settings(scenario, server.base_url, "sqlite://", tmp_path, keep=True)
        for r in collect(settings.for_collectors(), store, CollectOptions(now=scenario.now)):
            assert r.status == "ok", r.message
    texts = database_text(store)
    assert pattern.search(texts["items"]) and pattern.search(texts["raw_payloads"])
    with store.session() as s:
        handles = s.scalars(
            select(Item.author_handle).where(Item.is_own.is_(False), Item.platform == "x")
        ).all()
    assert handles and all(handles)


def test_files_with_citizens_data_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual default: without care files come out world-readable
    try:
        workdir = tmp_path / "baru" / "ws"
        store = open_store(f"sqlite:///{workdir / 'pantau.db'}")
        try:
            with store.session() as s:
                s.add(OutboxMessage(channel="c", idempotency_key="k", subject="s", body="b"))
            db_files = [workdir / n for n in ("pantau.db", "pantau.db-wal", "pantau.db-shm")]
            assert all(p.exists() for p in db_files)
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in db_files}
        finally:
            store.dispose()
        written = render_report(sample_report(), tmp_path / "laporan" / "2024", ["html", "json"])
        sheet = tmp_path / "lembar" / "label.csv"
        write_sheet(sheet, [], WIB)
        sheet.chmod(0o644)
        row = SheetRow(1, "x", datetime(2024, 11, 20, tzinfo=UTC), "id", "t", "neutral", 0.5, False)
        write_sheet(sheet, [row], WIB)
    finally:
        os.umask(old)
    assert modes == {"pantau.db": 0o600, "pantau.db-wal": 0o600, "pantau.db-shm": 0o600}
    assert stat.S_IMODE(workdir.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "baru").stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in written.values()} == {0o600}
    assert stat.S_IMODE((tmp_path / "laporan" / "2024").stat().st_mode) == 0o700
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600  # also when exported again
    assert stat.S_IMODE(sheet.parent.stat().st_mode) == 0o700

