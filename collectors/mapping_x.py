"""Pure mapping of X API v2 tweet objects to :class:`ItemRecord` (no I/O, no clock).

An edited tweet arrives as a new tweet id whose ``edit_history_tweet_ids`` starts with the
original id; the item is filed under that first id, so an edit updates the stored item
(the writer bumps ``edit_count``) instead of adding a second one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from collectors.base import Skipped
from core.privacy import x_status_url
from core.records import ItemRecord

PLATFORM = "x"


class MappingError(ValueError):
    """The object lacks what an item needs (it is skipped with this reason)."""


def parse_time(value: Any) -> datetime:
    """X's ``2024-11-20T03:15:00.000Z`` as an aware datetime."""
    if not isinstance(value, str) or not value:
        raise MappingError("created_at tidak ada")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise MappingError(f"created_at tidak valid: {value!r}") from exc
    if parsed.tzinfo is None:
        raise MappingError(f"created_at tanpa zona waktu: {value!r}")
    return parsed


def sorted_metrics(metrics: dict[str, Any]) -> dict[str, Any]:
    """Metrics with keys in sorted order.

    The store compares metrics as JSON text; rows written through its update path keep key
    order, so unsorted keys would make an unchanged item look changed on every run.
    """
    return {k: metrics[k] for k in sorted(metrics)}


@dataclass(slots=True)
class Includes:
    """The ``includes`` block indexed by id."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, payload: dict[str, Any]) -> Includes:
        inc = payload.get("includes") if isinstance(payload, dict) else None
        inc = inc if isinstance(inc, dict) else {}
        users = {str(u["id"]): u for u in inc.get("users", []) if isinstance(u, dict) and "id" in u}
        places = {
            str(p["id"]): p for p in inc.get("places", []) if isinstance(p, dict) and "id" in p
        }
        return cls(users, places)


def _geo(tweet: dict[str, Any], includes: Includes) -> dict[str, Any] | None:
    geo = tweet.get("geo")
    if not isinstance(geo, dict) or not geo:
        return None
    result: dict[str, Any] = {}
    coords = geo.get("coordinates")
    if isinstance(coords, dict) and coords.get("coordinates"):
        result["coordinates"] = coords["coordinates"]  # GeoJSON order: [lng, lat]
    place_id = geo.get("place_id")
    if place_id:
        result["place_id"] = place_id
        place = includes.places.get(str(place_id))
        if place:
            for key in ("full_name", "name", "country_code", "place_type"):
                if place.get(key):
                    result[key] = place[key]
            bbox = (place.get("geo") or {}).get("bbox") if isinstance(place, dict) else None
            if bbox:
                result["bbox"] = bbox
    return result or None


def _replied_to(tweet: dict[str, Any]) -> str | None:
    for ref in tweet.get("referenced_tweets") or []:
        if isinstance(ref, dict) and ref.get("type") == "replied_to" and ref.get("id"):
            return str(ref["id"])
    return None


def map_item(
    tweet: dict[str, Any], includes: Includes, *, source: str | None, own_user_id: str | None
) -> ItemRecord:
    """One tweet object (with its page's includes) as an item; raises :class:`MappingError`."""
    if not isinstance(tweet, dict) or not tweet.get("id"):
        raise MappingError("objek tweet tanpa id")
    version_id = str(tweet["id"])
    history = tweet.get("edit_history_tweet_ids") or [version_id]
    external_id = str(history[0])
    text = tweet.get("text")
    if not isinstance(text, str):
        raise MappingError("tweet tanpa teks")
    note = tweet.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("text"), str):
        text = note["text"]  # long posts: the full text lives in note_tweet
    author_id = str(tweet["author_id"]) if tweet.get("author_id") else None
    user = includes.users.get(author_id or "", {})
    is_own = bool(own_user_id) and author_id == own_user_id
    parent = _replied_to(tweet)
    username = user.get("username")
    metrics = tweet.get("public_metrics")
    return ItemRecord(
        platform=PLATFORM,
        external_id=external_id,
        text=text,
        created_at=parse_time(tweet.get("created_at")),
        kind="post" if is_own and parent is None else "reply",
        is_own=is_own,
        source=source,
        parent_external_id=parent,
        conversation_id=str(tweet["conversation_id"]) if tweet.get("conversation_id") else None,
        author_id=author_id,
        author_handle=username,
        author_name=user.get("name"),
        author_location=user.get("location"),
        lang=tweet.get("lang"),
        # Without the handle (a scrubbed page has none for citizens) X's neutral link opens
        # the same post.
        url=f"https://x.com/{username}/status/{version_id}" if username else x_status_url(
            version_id
        ),
        metrics=sorted_metrics(metrics) if isinstance(metrics, dict) else {},
        geo=_geo(tweet, includes),
    )


@dataclass(slots=True)
class MappedPage:
    records: list[ItemRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def map_page(
    payload: Any, *, source: str | None, own_user_id: str | None
) -> MappedPage:
    """Every tweet in a response body (``data`` list or single object); bad ones skipped."""
    result = MappedPage()
    if not isinstance(payload, dict):
        return result
    data = payload.get("data")
    tweets = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    includes = Includes.of(payload)
    for tweet in tweets:
        try:
            result.records.append(
                map_item(tweet, includes, source=source, own_user_id=own_user_id)
            )
        except MappingError as exc:
            ident = tweet.get("id") if isinstance(tweet, dict) else None
            result.skipped.append(Skipped(str(ident) if ident else None, str(exc)))
    return result


def missing_ids(payload: Any) -> list[str]:
    """Ids a lookup reported as not found (deleted, or never visible to this token)."""
    if not isinstance(payload, dict):
        return []
    out = []
    for err in payload.get("errors") or []:
        if not isinstance(err, dict):
            continue
        kind = str(err.get("type", ""))
        # Expanded referenced tweets that are gone are reported too; only the looked-up ids
        # (parameter "ids"/"id") say that an object we asked for no longer exists.
        if err.get("parameter") not in (None, "ids", "id"):
            continue
        if kind.endswith("/resource-not-found") or err.get("title") == "Not Found Error":
            value = err.get("value") or err.get("resource_id")
            if value:
                out.append(str(value))
    return out
