"""`pantau db copy`: a workspace's store moves to another database (SQLite -> PostgreSQL) with
every row intact, and the copy keeps working (new ids do not collide with copied ones)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from core.errors import StoreError
from core.records import ItemRecord
from core.store.copy import SKIPPED_TABLES, copy_store
from core.store.database import open_store
from core.store.items import ItemWriter
from core.store.models import Base, Item
from core.store.pseudonym import Pseudonymizer
from tests.pantau.cli_helpers import run_cli

DUMP = Path(__file__).parent / "fixtures" / "store_0002_before_core_move.sql"


def _sqlite_store(tmp_path: Path) -> Path:
    path = tmp_path / "lama.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(DUMP.read_text(encoding="utf-8"))
    return path


def _contents(url: str) -> dict[str, list[dict[str, object]]]:
    store = open_store(url)
    try:
        out = {}
        with store.engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                if table.name in SKIPPED_TABLES:
                    continue
                key = list(table.primary_key.columns)
                out[table.name] = [
                    dict(r._mapping) for r in conn.execute(select(table).order_by(*key))
                ]
        return out
    finally:
        store.dispose()


def test_copy_keeps_every_row_and_new_ids_follow(tmp_path: Path, db_url: str) -> None:
    source_url = f"sqlite:///{_sqlite_store(tmp_path)}"
    before = _contents(source_url)
    assert len(before["items"]) == 40 and len(before["analyses"]) == 40
    source, target = open_store(source_url), open_store(db_url)
    try:
        report = copy_store(source, target, page_size=7)  # several pages per table
        assert report.rows["items"] == 40 and report.total == sum(map(len, before.values()))
        writer = ItemWriter(Pseudonymizer("kunci-uji-0123456789abcdef"), keep_handles=False)
        record = ItemRecord(
            platform="facebook",
            external_id="baru-setelah-salin",
            text="Kapan coblosan?",
            created_at=datetime(2024, 11, 20, 3, 0, tzinfo=UTC),
        )
        with target.session() as s:
            writer.write(s, [record])
        with target.session() as s:
            new_id = s.scalar(select(Item.id).where(Item.external_id == "baru-setelah-salin"))
        assert new_id is not None and new_id > max(r["id"] for r in before["items"])  # type: ignore[type-var]
        with pytest.raises(StoreError, match="tidak kosong"):
            copy_store(source, target)
    finally:
        source.dispose()
        target.dispose()
    after = _contents(db_url)
    after["items"] = [r for r in after["items"] if r["external_id"] != "baru-setelah-salin"]
    assert after == before


def test_cli_copies_the_workspace_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "pantau.yaml"
    _sqlite_store(tmp_path).rename(tmp_path / "pantau.db")
    config.write_text("database_url: sqlite:///pantau.db\n", encoding="utf-8")
    target = tmp_path / "baru.db"
    code, out = run_cli(capsys, "--config", str(config), "db", "copy", f"sqlite:///{target}")
    assert code == 0, out
    assert "82 baris disalin" in out and "items: 40" in out and "database_url" in out
    assert _contents(f"sqlite:///{target}") == _contents(f"sqlite:///{tmp_path / 'pantau.db'}")
