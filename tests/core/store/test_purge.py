"""Retention purge: old items go with their analyses, labels, raw pages, alerts and messages."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, select

from core.store.database import Store
from core.store.models import (
    Alert,
    Analysis,
    Item,
    Label,
    OutboxMessage,
    RawPayload,
    Run,
)
from core.store.purge import purge_before

T0 = datetime(2024, 11, 1, tzinfo=UTC)
CUTOFF = T0 + timedelta(days=10)


def _item(
    ext: str, created: datetime, ref: str | None = None, platform: str = "facebook"
) -> dict[str, Any]:
    return {
        "platform": platform,
        "external_id": ext,
        "kind": "comment",
        "is_own": False,
        "text": f"teks {ext}",
        "text_hash": hashlib.md5(ext.encode()).hexdigest(),
        "created_at": created,
        "raw_ref": ref,
    }


def _page(s: Any, retrieved: datetime, payload: dict[str, Any], platform: str = "facebook") -> int:
    row = RawPayload(source_name="fb", platform=platform, endpoint="{id}/comments", url="u",
                     api_version="v21.0", retrieved_at=retrieved, payload=payload)
    s.add(row)
    s.flush()
    return row.id


def _fill(store: Store) -> dict[str, int]:
    with store.session() as s:
        run = Run(kind="collect", source_name="fb")
        s.add(run)
        s.flush()
        old_page = _page(s, T0, {"data": [{"id": "old1", "message": "teks old1"}]})
        # First stored from a page fetched after the cutoff (a backfill from start_date) ...
        backfill = _page(s, CUTOFF + timedelta(days=200), {"data": [
            {"id": "old2", "message": "teks old2"}, {"id": "new2", "message": "teks new2"}]})
        # ... and listed again by a later page while its post was still watched.
        relisted = _page(s, CUTOFF + timedelta(days=3), {"data": [
            {"id": "old1", "message": "teks old1", "comments": {"data": [
                {"id": "new1", "message": "teks new1"}]}},
            {"id": "new3", "message": "teks new3"}]})
        x_page = _page(s, CUTOFF + timedelta(days=1), {"data": [
            {"id": "x_v2", "edit_history_tweet_ids": ["xold"], "text": "teks xold"},
            {"id": "xnew", "edit_history_tweet_ids": ["xnew"], "text": "teks xnew"}]},
            platform="x")
        s.execute(insert(Item), [
            _item("old1", T0 + timedelta(days=1), f"raw_payloads:{old_page}"),
            _item("old2", T0 + timedelta(days=2), f"raw_payloads:{backfill}"),
            _item("xold", T0 + timedelta(days=3), f"raw_payloads:{x_page}", "x"),
            _item("new1", CUTOFF + timedelta(days=1), f"raw_payloads:{relisted}"),
            _item("new2", CUTOFF + timedelta(days=2), f"raw_payloads:{backfill}"),
            _item("new3", CUTOFF + timedelta(days=2), f"raw_payloads:{relisted}"),
            _item("xnew", CUTOFF + timedelta(days=1), f"raw_payloads:{x_page}", "x"),
        ])
        for item_id in s.scalars(select(Item.id)):
            s.add(Analysis(item_id=item_id, model_version="m1", sentiment="neutral",
                           score_positive=0.1, score_neutral=0.8, score_negative=0.1))
            s.add(Label(item_id=item_id, task="sentiment", value="netral", labeller="ani"))
        old_alert = Alert(rule="misinformation", dedup_key="a", title="t", body="teks old1",
                          first_seen_at=T0, last_seen_at=T0 + timedelta(days=2))
        new_alert = Alert(rule="misinformation", dedup_key="b", title="t", body="teks new1",
                          first_seen_at=T0, last_seen_at=CUTOFF + timedelta(days=1))
        s.add_all([old_alert, new_alert])
        s.flush()
        s.add_all([
            OutboxMessage(alert_id=old_alert.id, channel="c", idempotency_key="k1", subject="s",
                          body="teks old1", status="sent", created_at=T0 + timedelta(days=2)),
            OutboxMessage(alert_id=old_alert.id, channel="c", idempotency_key="k2", subject="s",
                          body="teks old1", status="pending", created_at=T0 + timedelta(days=2)),
            OutboxMessage(alert_id=old_alert.id, channel="c", idempotency_key="k4", subject="s",
                          body="pembaruan", status="pending",
                          created_at=CUTOFF + timedelta(days=1)),
            OutboxMessage(alert_id=new_alert.id, channel="c", idempotency_key="k3", subject="s",
                          body="teks new1", status="sent", created_at=CUTOFF + timedelta(days=1)),
        ])
    return {"old_page": old_page, "backfill": backfill, "relisted": relisted, "x_page": x_page}


def _everything(store: Store) -> str:
    with store.engine.connect() as conn:
        parts = []
        for model in (Item, Analysis, Label, RawPayload, Alert, OutboxMessage):
            parts.extend(str(row) for row in conn.execute(select(model.__table__)))
    return "\n".join(parts)


def test_purge_removes_old_items_everywhere_and_keeps_newer_provenance(store: Store) -> None:
    pages = _fill(store)
    if store.dialect == "sqlite":
        # Some SQLite builds zero deleted content by default (Debian's does), others do not:
        # start from "not" so the purge has to ask for it.
        event.listen(store.engine, "connect", lambda c, _r: c.execute("PRAGMA secure_delete=OFF"))
        store.engine.dispose()
    result = purge_before(store, CUTOFF, relisted_days=31)
    assert (result.items, result.analyses, result.labels) == (3, 3, 3)
    assert result.raw_pages_deleted == 1 and result.raw_pages_trimmed == 3
    assert (result.alerts, result.outbox) == (1, 2)
    text = _everything(store)
    for old in ("old1", "old2", "xold"):
        assert f"teks {old}" not in text
    with store.session() as s:
        kept = set(s.scalars(select(Item.external_id)))
        payloads = dict(s.execute(select(RawPayload.id, RawPayload.payload)).all())
        pending = s.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.alert_id).where(
                OutboxMessage.status == "pending"
            )
        ).all()
    assert kept == {"new1", "new2", "new3", "xnew"}
    assert pages["old_page"] not in payloads
    assert payloads[pages["backfill"]] == {"data": [{"id": "new2", "message": "teks new2"}]}
    # The old comment goes with the replies listed inside it; the newer sibling stays.
    assert payloads[pages["relisted"]] == {"data": [{"id": "new3", "message": "teks new3"}]}
    assert [t["id"] for t in payloads[pages["x_page"]]["data"]] == ["xnew"]
    # A message newer than the cutoff stays, without the purged alert it belonged to.
    assert [tuple(r) for r in pending] == [("k4", None)]

    if store.dialect == "sqlite":  # nothing left in free pages or the WAL either
        path = store.engine.url.database
        files = [Path(str(path)), Path(f"{path}-wal")]
        raw = b"".join(f.read_bytes() for f in files if f.exists())
        assert b"teks old" not in raw and b"teks xold" not in raw and b"teks new1" in raw

    # A second purge finds nothing more; a killed purge can simply be run again.
    again = purge_before(store, CUTOFF, relisted_days=31)
    assert again.items == again.raw_pages_trimmed == again.raw_pages_deleted == 0
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Item)) == 4
