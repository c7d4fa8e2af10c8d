"""Store behaviour that must be identical on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import func, select

from core.records import ItemRecord
from core.store.cursors import get_cursor, set_cursor
from core.store.database import SCHEMA_HEAD, Store, current_revision, head_revision
from core.store.items import ItemWriter
from core.store.models import Item, Run
from core.store.pseudonym import Pseudonymizer
from core.store.runs import RunStats, finish_run, start_run

WIB = timezone(timedelta(hours=7))


def rec(ext: str, text: str = "Kapan coblosan?", **kw: object) -> ItemRecord:
    base: dict[str, object] = {
        "platform": "facebook",
        "external_id": ext,
        "text": text,
        "created_at": datetime(2024, 11, 20, 10, 0, tzinfo=WIB),
        "author_id": "user-1",
        "author_handle": "budi_jbr",
    }
    base.update(kw)
    return ItemRecord(**base)  # type: ignore[arg-type]


def writer(keep: bool = False) -> ItemWriter:
    return ItemWriter(Pseudonymizer("k" * 20), keep_handles=keep)


def count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Item)) or 0


def test_fresh_database_is_at_head(store: Store) -> None:
    assert current_revision(store.engine) == head_revision() == SCHEMA_HEAD


def test_upsert_is_idempotent(store: Store) -> None:
    w = writer()
    batch = [rec(str(i), f"teks {i}") for i in range(50)]
    with store.session() as s:
        first = w.write(s, batch)
    with store.session() as s:
        second = w.write(s, batch)
    assert (first.new, first.unchanged) == (50, 0)
    assert (second.new, second.unchanged, second.updated) == (0, 50, 0)
    assert count(store) == 50


def test_edit_delete_and_metrics(store: Store) -> None:
    w = writer()
    with store.session() as s:
        w.write(s, [rec("a"), rec("b"), rec("c", metrics={"like_count": 1})])
    with store.session() as s:
        res = w.write(
            s,
            [
                rec("a", "Kapan coblosan? (diedit)"),
                rec("b", deleted=True),
                rec("c", metrics={"like_count": 5}),
            ],
        )
    assert (res.updated, res.deleted, res.new) == (2, 1, 0)
    with store.session() as s:
        a = s.scalar(select(Item).where(Item.external_id == "a"))
        b = s.scalar(select(Item).where(Item.external_id == "b"))
        c = s.scalar(select(Item).where(Item.external_id == "c"))
        assert a is not None and b is not None and c is not None
        assert a.text.endswith("(diedit)") and a.edit_count == 1
        assert b.deleted_at is not None and b.text == "Kapan coblosan?"
        assert c.metrics == {"like_count": 5} and c.edit_count == 0


def test_duplicates_within_batch_keep_last(store: Store) -> None:
    with store.session() as s:
        res = writer().write(s, [rec("x", "lama"), rec("x", "baru")])
    assert (res.new, res.duplicates_in_batch) == (1, 1)
    with store.session() as s:
        assert s.scalar(select(Item.text)) == "baru"


def test_same_id_on_two_platforms_are_two_items(store: Store) -> None:
    with store.session() as s:
        writer().write(s, [rec("1"), rec("1", platform="instagram")])
    assert count(store) == 2


def test_authors_are_pseudonymised(store: Store) -> None:
    with store.session() as s:
        writer().write(s, [rec("1"), rec("2", author_id="user-2", author_handle="ani")])
    with store.session() as s:
        rows = s.execute(select(Item.author_pseudonym, Item.author_handle)).all()
    assert all(r.author_handle is None for r in rows)
    pseudonyms = {r.author_pseudonym for r in rows}
    assert len(pseudonyms) == 2 and all(p and p.startswith("w_") for p in pseudonyms)
    # Stable: the same key gives the same pseudonym on another run.
    assert Pseudonymizer("k" * 20)("facebook", "user-1") in pseudonyms


def test_handles_kept_only_when_allowed(store: Store) -> None:
    with store.session() as s:
        writer(keep=True).write(s, [rec("1")])
    with store.session() as s:
        assert s.scalar(select(Item.author_handle)) == "budi_jbr"


def test_times_round_trip_as_aware_utc(store: Store) -> None:
    with store.session() as s:
        writer().write(s, [rec("1")])
    with store.session() as s:
        created = s.scalar(select(Item.created_at))
    assert created == datetime(2024, 11, 20, 3, 0, tzinfo=UTC)
    assert created is not None and created.tzinfo is not None


def test_emoji_rtl_and_long_text_survive(store: Store) -> None:
    texts = ["Siap nyoblos 🗳️🔥🇮🇩", "مرحبا بالجميع — Jember", "x" * 100_000]
    with store.session() as s:
        writer().write(s, [rec(str(i), t) for i, t in enumerate(texts)])
    with store.session() as s:
        stored = [s.scalar(select(Item.text).where(Item.external_id == str(i))) for i in range(3)]
    assert stored == texts


def test_cursor_and_run_ledger(store: Store) -> None:
    with store.session() as s:
        assert get_cursor(s, "x_kpu", "mentions") is None
        set_cursor(s, "x_kpu", "mentions", "1859")
    with store.session() as s:
        set_cursor(s, "x_kpu", "mentions", "1900")
    with store.session() as s:
        assert get_cursor(s, "x_kpu", "mentions") == "1900"
    run_id = start_run(store, "collect", "x_kpu")
    finish_run(
        store, run_id, RunStats(requests=3, items_new=7, gaps=["komentar 120 dari 140"]), "partial"
    )
    with store.session() as s:
        run = s.get(Run, run_id)
        assert run is not None
        assert (run.status, run.requests, run.items_new, run.gaps) == (
            "partial",
            3,
            7,
            ["komentar 120 dari 140"],
        )
        assert run.finished_at is not None


def test_updated_metrics_compare_equal_on_the_next_run(store: Store) -> None:
    w = writer()
    with store.session() as s:
        w.write(s, [rec("m", metrics={"like_count": 1, "comment_count": 0})])
    with store.session() as s:
        assert w.write(s, [rec("m", metrics={"like_count": 2, "comment_count": 0})]).updated == 1
    with store.session() as s:
        again = w.write(s, [rec("m", metrics={"comment_count": 0, "like_count": 2})])
    assert (again.updated, again.unchanged) == (0, 1)


def test_concurrent_first_starts_migrate_once(db_url: str) -> None:
    """Several processes opening a brand-new database at once all succeed."""
    import subprocess
    import sys

    code = "import sys; from core.store.database import open_store; open_store(sys.argv[1])"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, db_url], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors


def test_models_match_the_migrations(store: Store) -> None:
    """Autogenerate finds nothing to change: the migrations build exactly the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from core.store.models import Base

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
