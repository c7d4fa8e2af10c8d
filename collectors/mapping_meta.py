"""Pure mapping of Graph API objects (Facebook Page posts/comments, Instagram media/comments).

Facebook and Instagram change a message in place, so the id stays the item's key and an edit
simply updates the stored text. Facebook comments carry ``from`` only when read with a Page
access token of that Page; without it the item has no author (and no pseudonym).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from collectors.base import Skipped
from collectors.mapping_x import MappingError, sorted_metrics
from core.records import ItemRecord


def parse_time(value: Any) -> datetime:
    """Graph's ``2024-11-20T03:15:00+0000`` as an aware datetime."""
    if not isinstance(value, str) or not value:
        raise MappingError("waktu (created_time/timestamp) tidak ada")
    text = value.replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]  # +0000 -> +00:00 for fromisoformat
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise MappingError(f"waktu tidak valid: {value!r}") from exc
    if parsed.tzinfo is None:
        raise MappingError(f"waktu tanpa zona waktu: {value!r}")
    return parsed


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _id(obj: Any) -> str:
    if not isinstance(obj, dict) or not obj.get("id"):
        raise MappingError("objek tanpa id")
    return str(obj["id"])


def _summary_count(obj: dict[str, Any], edge: str) -> int | None:
    block = obj.get(edge)
    if isinstance(block, dict):
        summary = block.get("summary")
        if isinstance(summary, dict) and isinstance(summary.get("total_count"), int):
            return int(summary["total_count"])
    return None


def map_fb_post(obj: dict[str, Any], *, source: str | None, page_id: str) -> ItemRecord:
    """A Page post (from ``/{page}/posts``) as the commission's own post."""
    post_id = _id(obj)
    metrics: dict[str, Any] = {}
    shares = obj.get("shares")
    if isinstance(shares, dict) and isinstance(shares.get("count"), int):
        metrics["share_count"] = shares["count"]
    comments = _summary_count(obj, "comments")
    if comments is not None:
        metrics["comment_count"] = comments
    author = _obj(obj.get("from"))
    author_id = str(author.get("id") or page_id)
    return ItemRecord(
        platform="facebook",
        external_id=post_id,
        text=obj.get("message") or "",
        created_at=parse_time(obj.get("created_time")),
        kind="post",
        is_own=author_id == page_id,
        source=source,
        conversation_id=post_id,
        author_id=author_id,
        author_name=author.get("name"),
        url=obj.get("permalink_url"),
        metrics=sorted_metrics(metrics),
    )


def map_fb_comment(
    obj: dict[str, Any], *, source: str | None, page_id: str, post_id: str
) -> ItemRecord:
    """A comment or a reply to a comment under Page post ``post_id``."""
    comment_id = _id(obj)
    if not isinstance(obj.get("message"), str):
        raise MappingError("komentar tanpa teks (message)")
    author = _obj(obj.get("from"))
    author_id = str(author["id"]) if author.get("id") else None
    parent = _obj(obj.get("parent"))
    metrics = {
        k: obj[k] for k in ("like_count", "comment_count") if isinstance(obj.get(k), int)
    }
    return ItemRecord(
        platform="facebook",
        external_id=comment_id,
        text=obj["message"],
        created_at=parse_time(obj.get("created_time")),
        kind="comment",
        is_own=author_id == page_id,
        source=source,
        parent_external_id=str(parent.get("id") or post_id),
        conversation_id=post_id,
        author_id=author_id,
        author_name=author.get("name"),
        url=obj.get("permalink_url"),
        metrics=sorted_metrics(metrics),
    )


def map_ig_media(obj: dict[str, Any], *, source: str | None, ig_user_id: str) -> ItemRecord:
    """An Instagram media object of the commission's professional account."""
    media_id = _id(obj)
    owner = _obj(obj.get("owner"))
    metrics = {
        k: obj[k] for k in ("like_count", "comments_count") if isinstance(obj.get(k), int)
    }
    return ItemRecord(
        platform="instagram",
        external_id=media_id,
        text=obj.get("caption") or "",
        created_at=parse_time(obj.get("timestamp")),
        kind="post",
        is_own=str(owner.get("id") or ig_user_id) == ig_user_id,
        source=source,
        conversation_id=media_id,
        author_id=ig_user_id,
        author_handle=obj.get("username"),
        url=obj.get("permalink"),
        metrics=sorted_metrics(metrics),
    )


def map_ig_comment(
    obj: dict[str, Any],
    *,
    source: str | None,
    ig_user_id: str,
    media_id: str,
    own_username: str | None = None,
) -> ItemRecord:
    """An Instagram comment or reply (replies carry ``parent_id``)."""
    comment_id = _id(obj)
    if not isinstance(obj.get("text"), str):
        raise MappingError("komentar tanpa teks (text)")
    who = _obj(obj.get("from"))
    username = obj.get("username") or who.get("username")
    author_id = str(who["id"]) if who.get("id") else None
    is_own = author_id == ig_user_id or (
        bool(own_username) and username is not None and username == own_username
    )
    media = _obj(obj.get("media"))
    root = str(media.get("id") or media_id)
    metrics = {"like_count": obj["like_count"]} if isinstance(obj.get("like_count"), int) else {}
    return ItemRecord(
        platform="instagram",
        external_id=comment_id,
        text=obj["text"],
        created_at=parse_time(obj.get("timestamp")),
        kind="comment",
        is_own=is_own,
        source=source,
        parent_external_id=str(obj.get("parent_id") or root),
        conversation_id=root,
        author_id=author_id or username,
        author_handle=username,
        metrics=sorted_metrics(metrics),
    )


@dataclass(slots=True)
class MappedPage:
    records: list[ItemRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def add(self, make: Any, obj: Any, **kwargs: Any) -> ItemRecord | None:
        try:
            record: ItemRecord = make(obj, **kwargs)
        except MappingError as exc:
            ident = obj.get("id") if isinstance(obj, dict) else None
            self.skipped.append(Skipped(str(ident) if ident else None, str(exc)))
            return None
        self.records.append(record)
        return record


def data_of(payload: Any) -> list[Any]:
    """The ``data`` list of an edge response (empty for anything else)."""
    if isinstance(payload, dict) and isinstance(payload.get("data"), list):
        return list(payload["data"])
    return []
