"""privacy.retention_days: validated against the collectors' windows, applied once a day by
the service, and `pantau db purge --before DATE` by hand."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from core.errors import ConfigError
from core.store.database import Store, open_store
from core.store.models import Item, Run
from pantau.retention import purge_if_due
from pantau.scheduler import PantauService, ServiceJobs, default_jobs
from pantau.settings import PrivacySettings, Settings, load_settings
from tests.pantau.cli_helpers import run_cli

NOW = datetime(2024, 12, 20, 3, 0, tzinfo=UTC)


def _items(store: Store, *ages_days: float) -> None:
    with store.session() as s:
        s.execute(
            insert(Item),
            [
                {
                    "platform": "facebook",
                    "external_id": f"c{i}",
                    "text": f"balasan {i}",
                    "text_hash": hashlib.md5(str(i).encode()).hexdigest(),
                    "created_at": NOW - timedelta(days=age),
                }
                for i, age in enumerate(ages_days)
            ],
        )


def _count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(Item)) or 0)


def test_retention_must_outlast_the_watched_posts(tmp_path: Path) -> None:
    cfg = tmp_path / "pantau.yaml"
    source = (
        "sources:\n  - name: fb_kpu\n    platform: facebook\n    account_id: '1'\n"
        "    comment_days: 45\n"
    )
    cfg.write_text(f"privacy:\n  retention_days: 30\n{source}", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(cfg)
    assert "retention_days (30)" in err.value.message and "comment_days" in err.value.message
    cfg.write_text(f"privacy:\n  retention_days: 46\n{source}", encoding="utf-8")
    assert load_settings(cfg).privacy.retention_days == 46
    assert Settings().privacy.retention_days is None  # off unless the commission sets it


def test_the_service_purges_once_a_day(store: Store) -> None:
    settings = Settings(privacy=PrivacySettings(retention_days=40))
    _items(store, 50, 39.5, 10)
    first = purge_if_due(store, settings, NOW)
    assert first is not None and first.items == 1 and _count(store) == 2
    assert purge_if_due(store, settings, NOW + timedelta(hours=6)) is None  # not a day yet
    later = purge_if_due(store, settings, NOW + timedelta(days=1))
    assert later is not None and later.items == 1 and _count(store) == 1
    with store.session() as s:
        rows = s.execute(select(Run.kind, Run.source_name, Run.status, Run.details)).all()
    purges = [r for r in rows if r[0] == "purge"]
    assert [(r[1], r[2], r[3]["items"]) for r in purges] == [("retensi", "ok", 1)] * 2

    # Wired into the cycle only when a period is configured.
    assert default_jobs(store, Settings()).purge is None
    jobs = default_jobs(store, settings)
    assert jobs.purge is not None
    cycle = ServiceJobs(collect=None, analyze=None, alerts=lambda now: None,
                        weekly_report=None, purge=jobs.purge)
    clock = [NOW + timedelta(days=60)]
    outcome = PantauService(store, settings, cycle, clock=lambda: clock[0]).run_cycle()
    assert outcome.steps["purge"] == "ok" and _count(store) == 0


def test_db_purge_by_hand(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = workspace / "pantau.yaml"
    store = open_store(load_settings(config).resolved_database_url())
    try:
        _items(store, 30, 20, 1)  # 2024-11-20, 2024-11-30, 2024-12-19
        base = ("--config", str(config), "db", "purge")
        code, out = run_cli(capsys, *base, "--before", "2024-13-01")
        assert code != 0 and "bukan tanggal" in out
        monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
        code, out = run_cli(capsys, *base, "--before", "2024-12-01")
        assert code == 130 and "2 item" in out and _count(store) == 3  # asked, declined
        code, out = run_cli(capsys, *base, "--before", "2024-12-01", "--yes")
        assert code == 0, out
        assert "Dihapus: 2 item" in out and _count(store) == 1
        code, out = run_cli(capsys, *base, "--before", "2024-12-01", "--yes")
        assert code == 0 and "tidak ada yang dihapus" in out
    finally:
        store.dispose()
