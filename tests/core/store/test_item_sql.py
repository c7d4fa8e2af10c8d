"""The hand-written item SQL: every column round-trips through the ORM on SQLite and PostgreSQL,
whatever mix of NULLs a batch has, and pseudonyms stay what they always were."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.records import ItemRecord
from core.store.database import Store
from core.store.item_sql import ItemEncoder, _sqlite_datetime, encode_rows, insert_sql
from core.store.items import ItemWriter, text_hash
from core.store.models import Item
from core.store.pseudonym import Pseudonymizer

WIB = ZoneInfo("Asia/Jakarta")


def _records() -> list[ItemRecord]:
    base = datetime(2024, 11, 20, 10, 0, 0, 123456, tzinfo=WIB)
    return [
        ItemRecord(
            platform="facebook",
            external_id="own",
            text="Pengumuman KPU",
            created_at=base,
            kind="post",
            is_own=True,
            source="kpu_fb",
            author_id="kpu",
            author_handle="kpujember",
            lang="id",
            url="https://example.org/p/1",
            metrics={"like_count": 3, "comment_count": 1},
            geo={"place": "Jember"},
        ),
        ItemRecord(
            platform="facebook",
            external_id="r1",
            text="Kapan coblosan?",
            created_at=base + timedelta(minutes=1),
            parent_external_id="own",
            conversation_id="own",
            author_id="warga-1",
            author_handle="budi",
            author_location="Kalisat",
        ),
        ItemRecord(
            platform="instagram",
            external_id="r2",
            text="Matur suwun",
            created_at=datetime(2024, 11, 20, 3, 5, tzinfo=UTC),
            author_handle="ani",  # no author id: the handle is pseudonymised instead
            deleted=True,
        ),
    ]


def test_every_column_round_trips(store: Store) -> None:
    writer = ItemWriter(Pseudonymizer("k" * 20))
    records = _records()
    with store.session() as s:
        result = writer.write(s, records, ["ref-0", None, "ref-2"])
    assert (result.new, result.deleted) == (3, 1)
    with store.session() as s:
        items = {i.external_id: i for i in s.scalars(select(Item))}
    own, r1, r2 = items["own"], items["r1"], items["r2"]
    assert own.is_own is True and r1.is_own is False and r2.is_own is False
    assert own.author_pseudonym is None and own.author_handle == "kpujember"
    assert r1.author_pseudonym == Pseudonymizer("k" * 20)("facebook", "warga-1")
    assert r2.author_pseudonym == Pseudonymizer("k" * 20)("instagram", "ani")
    assert r1.author_handle is None and r1.author_location == "Kalisat"
    assert own.author_location is None
    assert (own.lang, own.url, own.source_name) == ("id", "https://example.org/p/1", "kpu_fb")
    assert own.metrics == {"comment_count": 1, "like_count": 3} and own.geo == {"place": "Jember"}
    assert r1.metrics is None and r1.geo is None and r1.lang is None and r1.url is None
    assert (r1.parent_external_id, r1.conversation_id) == ("own", "own")
    assert own.created_at == datetime(2024, 11, 20, 3, 0, 0, 123456, tzinfo=UTC)
    assert r2.created_at == datetime(2024, 11, 20, 3, 5, tzinfo=UTC)
    assert r2.deleted_at is not None and own.deleted_at is None and r1.deleted_at is None
    assert (own.raw_ref, r1.raw_ref, r2.raw_ref) == ("ref-0", None, "ref-2")
    assert r1.text_hash == text_hash("Kapan coblosan?") and r1.edit_count == 0
    assert own.first_seen_at == own.updated_at == r1.updated_at
    # The same batch again is unchanged, on either dialect.
    with store.session() as s:
        again = writer.write(s, records)
    assert (again.new, again.unchanged, again.updated) == (0, 3, 0)


def test_batches_with_and_without_nulls_in_a_column(store: Store) -> None:
    """A column NULL in every row is written as a literal NULL; mixed columns are bound."""
    writer = ItemWriter(Pseudonymizer("k" * 20))
    when = datetime(2024, 11, 20, 10, 0, tzinfo=WIB)
    batch = [
        ItemRecord(platform="x", external_id=str(i), text=f"t{i}", created_at=when, lang=lang)
        for i, lang in enumerate([None, "jv", None])
    ]
    with store.session() as s:
        writer.write(s, batch)
    with store.session() as s:
        langs = {e: lang for e, lang in s.execute(select(Item.external_id, Item.lang))}
    assert langs == {"0": None, "1": "jv", "2": None}


def test_bulk_insert_of_dict_rows_matches_the_writer(store: Store) -> None:
    """bulk_insert (used by benchmarks) encodes rows as the writer does."""
    from core.store.item_sql import INSERT_COLUMNS, bulk_insert

    now = datetime(2024, 11, 21, tzinfo=UTC)
    row = dict.fromkeys(INSERT_COLUMNS)
    row.update(
        platform="x",
        external_id="b1",
        kind="reply",
        is_own=False,
        text="halo",
        text_hash=text_hash("halo"),
        created_at=now,
        metrics={"like_count": 2},
        edit_count=0,
        first_seen_at=now,
        updated_at=now,
    )
    with store.session() as s:
        bulk_insert(s, [row])
    with store.session() as s:
        item = s.scalar(select(Item))
    assert item is not None and item.is_own is False and item.metrics == {"like_count": 2}
    assert item.created_at == now and item.lang is None


def test_lookup_of_more_ids_than_one_statement_takes(store: Store) -> None:
    writer = ItemWriter(Pseudonymizer("k" * 20))
    when = datetime(2024, 11, 20, 10, 0, tzinfo=WIB)
    batch = [
        ItemRecord(platform="facebook", external_id=f"c{i}", text="t", created_at=when)
        for i in range(10_500)
    ]
    with store.session() as s:
        assert writer.write(s, batch).new == 10_500
    with store.session() as s:
        again = writer.write(s, batch)
    assert (again.new, again.unchanged) == (0, 10_500)


def test_pseudonym_is_plain_hmac_sha256() -> None:
    """Pseudonyms must never change between versions: with another value, the same person
    would count as two authors."""
    key = "k" * 20
    expected = hmac.new(key.encode(), b"facebook:user-1", hashlib.sha256).hexdigest()[:12]
    p = Pseudonymizer(key)
    assert p("facebook", "user-1") == "w_" + expected
    assert p("facebook", "user-1") == "w_" + expected  # cached
    assert p("instagram", "user-1") != p("facebook", "user-1")
    assert p("x", None) is None and p("x", "") is None


@pytest.mark.parametrize(
    "value",
    [
        datetime(2024, 11, 20, 3, 0, tzinfo=UTC),
        datetime(2024, 11, 20, 10, 0, 0, 5, tzinfo=WIB),
        datetime(2024, 3, 10, 2, 30, tzinfo=ZoneInfo("America/New_York")),
        datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-3))),
        datetime(5, 1, 1, 12, tzinfo=UTC),
    ],
)
def test_sqlite_datetime_is_sqlalchemys_storage_format(value: datetime) -> None:
    expected = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    assert _sqlite_datetime(value) == expected
    encoder = ItemEncoder("sqlite")
    assert encoder.datetime(value) == expected
    assert encoder.datetime(value) == expected  # the cached day part
    assert _sqlite_datetime(None) is None


def test_encode_and_sql_agree_on_columns() -> None:
    rows = encode_rows(
        [
            {
                "platform": "x",
                "external_id": "1",
                "source_name": None,
                "kind": "reply",
                "is_own": True,
                "parent_external_id": None,
                "conversation_id": None,
                "author_pseudonym": None,
                "author_handle": None,
                "author_location": None,
                "lang": None,
                "text": "a",
                "text_hash": "h",
                "created_at": datetime(2024, 1, 1, tzinfo=UTC),
                "url": None,
                "metrics": {},
                "geo": None,
                "raw_ref": None,
                "deleted_at": None,
                "edit_count": 0,
                "first_seen_at": datetime(2024, 1, 1, tzinfo=UTC),
                "updated_at": datetime(2024, 1, 1, tzinfo=UTC),
            }
        ],
        "sqlite",
    )
    assert rows[0][4] == 1 and rows[0][15] == "{}"  # booleans as 0/1; JSON as given
    assert len(rows[0]) == insert_sql("sqlite").count("?")
    sql = insert_sql("sqlite", frozenset({2, 10}))
    assert sql.count("?") == len(rows[0]) - 2 and sql.count("NULL") == 2
