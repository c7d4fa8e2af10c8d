"""A store written before the store moved from ``pantau/store`` to ``core/store`` still opens,
migrates and reads back unchanged.

``fixtures/store_0002_before_core_move.sql`` is the SQL dump of a SQLite store made by commit
43105be (the last one with ``pantau/store``): ``pantau init``, ``pantau import`` of the first 40
rows of the synthetic demo export (``pantau/demo_data/sample_export.csv``), ``pantau analyze``.
Its ``alembic_version`` is ``0002``: the migration history moved, its revision ids did not.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from core.store.database import (
    MIGRATIONS_DIR,
    SCHEMA_HEAD,
    current_revision,
    head_revision,
    open_store,
)
from core.store.models import Analysis, Item, Run
from tests.pantau.cli_helpers import run_cli

DUMP = Path(__file__).parent / "fixtures" / "store_0002_before_core_move.sql"
TABLES = ("items", "analyses", "runs", "raw_payloads", "cursors", "alerts", "labels", "outbox")


def _restore(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(DUMP.read_text(encoding="utf-8"))


def _rows(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in the columns the old store had (later migrations may add
    columns; the data written before must not change)."""
    with sqlite3.connect(path) as conn:
        return {
            t: conn.execute(f"SELECT {', '.join(columns[t])} FROM {t} ORDER BY 1").fetchall()
            for t in TABLES
        }


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "pantau.db"
    _restore(path)
    return path


def test_the_old_store_opens_at_head_and_every_row_is_unchanged(old_store: Path) -> None:
    old_columns = {t: _columns(old_store, t) for t in TABLES}
    before = _rows(old_store, old_columns)
    assert len(before["items"]) == 40 and len(before["analyses"]) == 40
    store = open_store(f"sqlite:///{old_store}")
    try:
        stored = current_revision(store.engine)
        assert stored == SCHEMA_HEAD == head_revision()
        # The moved script directory knows the revision id the old code wrote.
        from alembic.script import ScriptDirectory

        assert ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(stored) is not None
        with store.session() as s:
            items = {i.id: i for i in s.scalars(select(Item))}
            analyses = list(s.scalars(select(Analysis).order_by(Analysis.id)))
            runs = list(s.scalars(select(Run).order_by(Run.id)))
    finally:
        store.dispose()
    assert _rows(old_store, old_columns) == before
    # Read through the models that moved, the values are those the old code wrote.
    raw_items = {row[0]: row for row in before["items"]}
    assert set(items) == set(raw_items)
    cols = old_columns["items"]
    for item_id, item in items.items():
        raw = dict(zip(cols, raw_items[item_id], strict=True))
        assert (item.external_id, item.text, item.platform) == (
            raw["external_id"],
            raw["text"],
            raw["platform"],
        )
        assert item.created_at.tzinfo is not None
    assert {a.item_id for a in analyses} == set(items)
    assert all(a.sentiment in ("positive", "neutral", "negative") for a in analyses)
    assert [r.kind for r in runs] == ["import", "analyze"]


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def test_the_cli_reads_the_old_store(
    old_store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = old_store.parent / "pantau.yaml"
    config.write_text("database_url: sqlite:///pantau.db\n", encoding="utf-8")
    monkeypatch.setenv("PANTAU_PSEUDONYM_KEY", "fixture-key-pre-move-0123456789")
    code, out = run_cli(capsys, "--config", str(config), "status")
    assert code == 0, out
    assert "40" in out
