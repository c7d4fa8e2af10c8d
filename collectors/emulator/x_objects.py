"""X API v2 object shapes: tweets, users, places and the ``includes`` block.

Field names and defaults follow X's v2 data dictionary: a tweet without ``tweet.fields``
has only ``id``, ``text`` and ``edit_history_tweet_ids``; a user only ``id``, ``name``,
``username``; a place only ``id`` and ``full_name``. Absent data is omitted, never null.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from collectors.emulator.gazetteer import load_kecamatan
from collectors.emulator.ids import place_id
from collectors.emulator.model import Author, Entry, OwnAccount, Version
from collectors.emulator.world import Scenario

TWEET_FIELDS = frozenset(
    {
        "article",
        "attachments",
        "author_id",
        "card_uri",
        "community_id",
        "context_annotations",
        "conversation_id",
        "created_at",
        "display_text_range",
        "edit_controls",
        "edit_history_tweet_ids",
        "entities",
        "geo",
        "id",
        "in_reply_to_user_id",
        "lang",
        "media_metadata",
        "non_public_metrics",
        "note_tweet",
        "organic_metrics",
        "possibly_sensitive",
        "promoted_metrics",
        "public_metrics",
        "referenced_tweets",
        "reply_settings",
        "scopes",
        "source",
        "text",
        "withheld",
    }
)
USER_FIELDS = frozenset(
    {
        "affiliation",
        "confirmed_email",
        "connection_status",
        "created_at",
        "description",
        "entities",
        "id",
        "is_identity_verified",
        "location",
        "most_recent_tweet_id",
        "name",
        "parody",
        "pinned_tweet_id",
        "profile_banner_url",
        "profile_image_url",
        "protected",
        "public_metrics",
        "receives_your_dm",
        "subscription",
        "subscription_type",
        "url",
        "username",
        "verified",
        "verified_followers_count",
        "verified_type",
        "withheld",
    }
)
PLACE_FIELDS = frozenset(
    {
        "contained_within",
        "country",
        "country_code",
        "full_name",
        "geo",
        "id",
        "name",
        "place_type",
    }
)
TWEET_EXPANSIONS = frozenset(
    {
        "attachments.poll_ids",
        "attachments.media_keys",
        "author_id",
        "edit_history_tweet_ids",
        "entities.mentions.username",
        "geo.place_id",
        "in_reply_to_user_id",
        "referenced_tweets.id",
        "referenced_tweets.id.author_id",
        "entities.note.mentions.username",
        "attachments.media_source_tweet",
    }
)
USER_EXPANSIONS = frozenset({"pinned_tweet_id", "most_recent_tweet_id", "affiliation.user_id"})

_MENTION = re.compile(r"@(\w+)")
_HASHTAG = re.compile(r"#(\w+)")
_SOURCES = ("Twitter for Android", "Twitter for iPhone", "Twitter Web App")


def iso(when: datetime) -> str:
    """X's timestamp format: ``2024-11-20T03:15:00.000Z``."""
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _stable(text: str, modulo: int) -> int:
    return int(hashlib.md5(text.encode()).hexdigest()[:8], 16) % modulo


def visible_version(scenario: Scenario, entry: Entry) -> Version | None:
    """The newest version of an entry that exists at the scenario's ``now``."""
    for version in reversed(entry.versions):
        if version.created_at <= scenario.now:
            return version
    return None


def author_id(scenario: Scenario, entry: Entry) -> str:
    """The X user id of whoever wrote the entry."""
    return scenario.accounts["x"].id if entry.author is None else entry.author.id


def _lang(entry: Entry) -> str:
    if entry.truth is None or entry.truth.language in ("id", "mixed"):
        return "in"
    # X often cannot tell Javanese or Madurese apart from Indonesian, or at all
    return ("in", "und", "in")[_stable(entry.external_id, 3)]


def _entities(text: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    mentions = [
        {"start": m.start(), "end": m.end(), "username": m.group(1)}
        for m in _MENTION.finditer(text)
    ]
    tags = [
        {"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in _HASHTAG.finditer(text)
    ]
    if mentions:
        result["mentions"] = mentions
    if tags:
        result["hashtags"] = tags
    return result


def _parent_version_id(scenario: Scenario, entry: Entry) -> str | None:
    if entry.parent_id is None:
        return None
    parent = scenario.get("x", entry.parent_id)
    if parent is None:
        return entry.parent_id
    chosen = parent.versions[0]
    for version in parent.versions:
        if version.created_at <= entry.created_at:
            chosen = version
    return chosen.id


def tweet(scenario: Scenario, entry: Entry, version: Version, fields: set[str]) -> dict[str, Any]:
    """One tweet object with the requested ``tweet.fields``."""
    obj: dict[str, Any] = {
        "id": version.id,
        "text": version.text,
        "edit_history_tweet_ids": [v.id for v in entry.versions if v.created_at <= scenario.now],
    }
    if "author_id" in fields:
        obj["author_id"] = author_id(scenario, entry)
    if "conversation_id" in fields:
        root = scenario.get("x", entry.root_id)
        obj["conversation_id"] = root.external_id if root else entry.root_id
    if "created_at" in fields:
        obj["created_at"] = iso(version.created_at)
    if "lang" in fields:
        obj["lang"] = _lang(entry)
    if "entities" in fields and (ents := _entities(version.text)):
        obj["entities"] = ents
    if "public_metrics" in fields:
        replies = len(scenario.visible_children(entry))
        obj["public_metrics"] = {
            "retweet_count": entry.share_count,
            "reply_count": replies,
            "like_count": entry.like_count,
            "quote_count": 0,
            "bookmark_count": 0,
            "impression_count": 40 + 25 * entry.like_count + 60 * replies,
        }
    if "possibly_sensitive" in fields:
        obj["possibly_sensitive"] = False
    if "reply_settings" in fields:
        obj["reply_settings"] = "everyone"
    if "source" in fields:
        obj["source"] = _SOURCES[_stable(author_id(scenario, entry), 3)]
    if "edit_controls" in fields:
        obj["edit_controls"] = {
            "edits_remaining": max(0, 6 - len(entry.versions)),
            "is_edit_eligible": True,
            "editable_until": iso(entry.created_at.replace(microsecond=0) + timedelta(hours=1)),
        }
    if entry.parent_id is not None:
        parent = scenario.get("x", entry.parent_id)
        if "in_reply_to_user_id" in fields and parent is not None:
            obj["in_reply_to_user_id"] = author_id(scenario, parent)
        if "referenced_tweets" in fields:
            obj["referenced_tweets"] = [
                {"type": "replied_to", "id": _parent_version_id(scenario, entry)}
            ]
    if "geo" in fields and entry.geo is not None:
        geo: dict[str, Any] = {"place_id": entry.geo.place_id}
        if entry.geo.lat is not None and entry.geo.lng is not None:
            geo["coordinates"] = {"type": "Point", "coordinates": [entry.geo.lng, entry.geo.lat]}
        obj["geo"] = geo
    return obj


def user(person: Author | OwnAccount, fields: set[str], tweet_count: int = 0) -> dict[str, Any]:
    """One user object with the requested ``user.fields``."""
    handle = person.handle if isinstance(person, Author) else person.username
    obj: dict[str, Any] = {"id": person.id, "name": person.name, "username": handle}
    own = isinstance(person, OwnAccount)
    location = person.location if isinstance(person, OwnAccount) else person.profile_location
    if "created_at" in fields:
        obj["created_at"] = iso(person.created_at)
    if "description" in fields:
        obj["description"] = person.description if isinstance(person, OwnAccount) else ""
    if "location" in fields and location:
        obj["location"] = location
    if "protected" in fields:
        obj["protected"] = False
    if "verified" in fields:
        obj["verified"] = own
    if "verified_type" in fields:
        obj["verified_type"] = "government" if own else "none"
    if "profile_image_url" in fields:
        obj["profile_image_url"] = f"https://pbs.twimg.com/profile_images/{person.id}/a_normal.jpg"
    if "public_metrics" in fields:
        followers = person.followers
        obj["public_metrics"] = {
            "followers_count": followers,
            "following_count": 50 + followers % 300,
            "tweet_count": tweet_count,
            "listed_count": followers // 500,
            "like_count": followers // 3,
        }
    if "url" in fields:
        obj["url"] = ""
    return obj


@lru_cache(maxsize=1)
def places() -> dict[str, dict[str, Any]]:
    """Every emulated place (one per kecamatan), keyed by place id, all fields filled."""
    result = {}
    for kec in load_kecamatan():
        pid = place_id(kec.code)
        result[pid] = {
            "id": pid,
            "full_name": f"{kec.name}, Jember",
            "name": kec.name,
            "country": "Indonesia",
            "country_code": "ID",
            "place_type": "city",
            "contained_within": [],
            "geo": {
                "type": "Feature",
                "properties": {},
                "bbox": [
                    round(kec.lng - 0.04, 5),
                    round(kec.lat - 0.04, 5),
                    round(kec.lng + 0.04, 5),
                    round(kec.lat + 0.04, 5),
                ],
            },
        }
    return result


def place(pid: str, fields: set[str]) -> dict[str, Any] | None:
    """One place object with the requested ``place.fields``, or None."""
    full = places().get(pid)
    if full is None:
        return None
    return {k: v for k, v in full.items() if k in fields or k in ("id", "full_name")}


def not_found(kind: str, value: str, parameter: str) -> dict[str, Any]:
    """X's resource-not-found error entry (inside a 200 response's ``errors``)."""
    return {
        "value": value,
        "detail": f"Could not find {kind} with {parameter}: [{value}].",
        "title": "Not Found Error",
        "resource_type": kind,
        "parameter": parameter,
        "resource_id": value,
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }
