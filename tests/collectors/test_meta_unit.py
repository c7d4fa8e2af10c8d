"""FacebookCollector with a fake Graph reader and store view: signatures, gaps, deletions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from collectors.base import PageBatch, StoredItem, dump_json_cursor
from collectors.meta import FacebookCollector
from core.records import RawPage
from pantau.settings import SourceSettings

NOW = datetime(2024, 11, 28, 12, 0, tzinfo=UTC)
PAGE = "100"


class FakeReader:
    """Serves canned edge pages and records which edges were read."""

    def __init__(self, edges: dict[tuple[str, str], list[dict[str, Any]]]) -> None:
        self.edges = edges
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def raw(self, endpoint: str, payload: Any) -> RawPage:
        return RawPage("fb", "facebook", endpoint, "u", NOW, "v21.0", payload)

    def debug_token(self) -> Any:
        return {"data": {"is_valid": True, "expires_at": 0, "data_access_expires_at": 0}}

    def edge(self, node: str, edge: str, args: dict[str, Any]) -> Iterator[tuple[Any, bool]]:
        self.calls.append((node, edge, args))
        pages = self.edges[(node, edge)]
        for i, page in enumerate(pages):
            yield page, i == len(pages) - 1


class FakeView:
    def __init__(self, cursors: dict[tuple[str, str], str], stored: list[StoredItem],
                 posts: list[StoredItem]) -> None:
        self.cursors, self.stored, self.posts = cursors, stored, posts

    def cursor(self, stream: str, key: str = "") -> str | None:
        return self.cursors.get((stream, key))

    def cursor_keys(self, stream: str) -> dict[str, str]:
        return {k: v for (s, k), v in self.cursors.items() if s == stream}

    def own_posts_since(self, platform: str, since: datetime) -> list[StoredItem]:
        return [p for p in self.posts if p.created_at >= since]

    def live_items_since(self, platform: str, since: datetime) -> list[StoredItem]:
        return [s for s in self.stored if s.created_at >= since]

    def live_in_conversation(self, platform: str, conversation_id: str) -> list[StoredItem]:
        return [s for s in self.stored if s.conversation_id == conversation_id]


def _post(pid: str, total: int, newest: str, when: datetime) -> dict[str, Any]:
    return {
        "id": pid,
        "message": "Info TPS",
        "created_time": when.strftime("%Y-%m-%dT%H:%M:%S+0000"),
        "comments": {"data": [{"id": newest}], "summary": {"total_count": total}},
    }


def _comment(cid: str, when: datetime, message: str | None = "halo") -> dict[str, Any]:
    obj: dict[str, Any] = {"id": cid, "created_time": when.strftime("%Y-%m-%dT%H:%M:%S+0000")}
    if message is not None:
        obj["message"] = message
    return obj


def _run(reader: FakeReader, view: FakeView, recheck: float | None = 24.0) -> list[PageBatch]:
    source = SourceSettings(name="fb", platform="facebook", account_id=PAGE)
    collector = FacebookCollector(source, reader, clock=lambda: NOW,  # type: ignore[arg-type]
                                  recheck_hours=recheck)
    # The daily token check has its own tests (test_token_expiry.py).
    return [b for b in collector.pages(view) if b.stream != "token"]  # type: ignore[arg-type]


def test_gap_and_deletion_after_a_complete_listing() -> None:
    day = NOW - timedelta(days=1)
    reader = FakeReader({
        (PAGE, "posts"): [{"data": [_post("100_1", 3, "c3", day)]}],
        ("100_1", "comments"): [
            {"data": [_comment("c1", day), _comment("c2", day, message=None)]},
            {"data": [_comment("c3", day)]},
        ],
    })
    stored = [StoredItem("c1", day, "100_1"), StoredItem("c0", day, "100_1"),
              StoredItem("c9", NOW + timedelta(hours=1), "100_1")]
    view = FakeView({}, stored, [StoredItem("100_1", day, "100_1")])
    batches = _run(reader, view)
    final = batches[-1]
    assert final.raw is None and final.stream == "comments"
    # c0 vanished from the listing: deleted. c9 is newer than our clock: not judged.
    assert [r.external_id for r in final.records if r.deleted] == ["c0"]
    assert final.gaps == ["komentar 100_1: 2 dari 3 terkumpul"]  # c2 had no text
    assert [s.reason for b in batches for s in b.skipped] == ["komentar tanpa teks (message)"]
    assert final.cursors[0].key == "100_1" and '"sig":"3:c3"' in final.cursors[0].value


def test_unchanged_signature_skips_the_comment_listing() -> None:
    old = NOW - timedelta(days=20)  # outside conversation_days: no periodic recheck
    reader = FakeReader({(PAGE, "posts"): [{"data": [_post("100_1", 3, "c3", old)]}]})
    cursor = dump_json_cursor({"sig": "3:c3", "at": (NOW - timedelta(days=5)).isoformat()})
    view = FakeView({("comments", "100_1"): cursor}, [], [StoredItem("100_1", old, "100_1")])
    batches = _run(reader, view)
    assert [c[1] for c in reader.calls] == ["posts"]
    assert len(batches) == 1 and batches[0].cursors[0].stream == "posts"


def test_recent_post_is_rechecked_after_recheck_hours() -> None:
    recent = NOW - timedelta(days=2)
    reader = FakeReader({
        (PAGE, "posts"): [{"data": [_post("100_1", 1, "c1", recent)]}],
        ("100_1", "comments"): [{"data": [_comment("c1", recent, "sudah diedit")]}],
    })
    cursor = dump_json_cursor({"sig": "1:c1", "at": (NOW - timedelta(hours=30)).isoformat()})
    view = FakeView({("comments", "100_1"): cursor}, [], [])
    batches = _run(reader, view)
    assert [c[1] for c in reader.calls] == ["posts", "comments"]
    assert any(r.text == "sudah diedit" for b in batches for r in b.records)
    reader.calls.clear()
    _run(reader, view, recheck=None)  # rechecks switched off: the same signature is enough
    assert [c[1] for c in reader.calls] == ["posts"]


def test_post_missing_from_a_complete_listing_is_deleted_with_its_comments() -> None:
    day = NOW - timedelta(days=1)
    reader = FakeReader({(PAGE, "posts"): [{"data": []}]})
    view = FakeView({}, [StoredItem("c1", day, "100_1")], [StoredItem("100_1", day, "100_1")])
    batches = _run(reader, view)
    assert {r.external_id for r in batches[0].records if r.deleted} == {"100_1", "c1"}
