"""Extra check where ../shared exists: the emulator's shapes match recorded API responses.

Only key sets, formats and paging structure are compared; no recorded text is copied.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from collectors.emulator.scenario import Scenario
from collectors.emulator.server import EmulatorServer
from collectors.emulator.x_api import TOO_MANY
from tests.collectors.emulator.conftest import graph_get, x_get

pytestmark = pytest.mark.shared

GRAPH_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$")
X_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def _load(shared: Path, name: str) -> Any:
    return json.loads((shared / "api" / name).read_text(encoding="utf-8"))


def _keys(objs: list[dict[str, Any]]) -> set[str]:
    return set().union(*(o.keys() for o in objs))


def test_x_default_shapes(shared_dir: Path, server: EmulatorServer, scenario: Scenario) -> None:
    recorded = _load(shared_dir, "x/get_users_mentions.json")
    ours = x_get(server, f"/2/users/{scenario.accounts['x'].id}/mentions").json()
    assert _keys(ours["data"]) == _keys(recorded["data"])
    assert set(ours["meta"]) == set(recorded["meta"])
    user = _load(shared_dir, "x/get_user_by_username.json")
    mine = x_get(server, "/2/users/by/username/kpujember_sim").json()
    assert set(mine) == set(user) and set(mine["data"]) == set(user["data"])
    assert set(TOO_MANY) == set(_load(shared_dir, "x/synthetic/error_429.json"))


def test_x_full_field_shapes(shared_dir: Path, server: EmulatorServer, scenario: Scenario) -> None:
    recorded = _load(shared_dir, "x/synthetic/search_conversation_replies.json")
    tweet_keys = _keys(recorded["data"])
    user_keys = _keys(recorded["includes"]["users"])
    place_keys = _keys(recorded["includes"]["places"])
    fields: dict[str, Any] = {
        "tweet.fields": ",".join(sorted(tweet_keys - {"id", "text", "edit_history_tweet_ids"})),
        "user.fields": ",".join(sorted(user_keys - {"id", "name", "username"})),
        "place.fields": ",".join(sorted(place_keys - {"id", "full_name"})),
        "expansions": "author_id,geo.place_id",
        "max_results": 100,
    }
    ours = x_get(server, f"/2/users/{scenario.accounts['x'].id}/mentions", **fields).json()
    replies = [t for t in ours["data"] if "in_reply_to_user_id" in t]
    assert tweet_keys - {"entities"} <= _keys(replies)
    assert all(X_TIME.match(t["created_at"]) for t in ours["data"])
    assert _keys(ours["includes"]["users"]) == user_keys
    assert _keys(ours["includes"]["places"]) == place_keys
    recorded_tweet = recorded["data"][0]
    mine = replies[0]
    for key in ("public_metrics", "referenced_tweets"):
        shape = recorded_tweet[key]
        assert (
            (set(mine[key]) == set(shape))
            if isinstance(shape, dict)
            else (set(mine[key][0]) == set(shape[0]))
        )


def test_graph_shapes(shared_dir: Path, server: EmulatorServer, scenario: Scenario) -> None:
    recorded = _load(shared_dir, "facebook/post_comments_p1.json")
    post = max(
        (e for e in scenario.entries("facebook") if e.kind == "post"), key=lambda e: len(e.children)
    )
    fields = ",".join(sorted(_keys(recorded["data"]) | {"id"}))
    ours = graph_get(
        server, f"{post.external_id}/comments", fields=fields, summary="1", filter="stream", limit=3
    ).json()
    assert _keys(ours["data"]) == _keys(recorded["data"]) | {"id"}
    assert set(ours["paging"]) == set(recorded["paging"])
    assert set(ours["paging"]["cursors"]) == set(recorded["paging"]["cursors"])
    assert set(ours["summary"]) == set(recorded["summary"])
    assert all(GRAPH_TIME.match(c["created_time"]) for c in ours["data"])
    recorded_next = parse_qs(urlsplit(recorded["paging"]["next"]).query)
    our_next = parse_qs(urlsplit(ours["paging"]["next"]).query)
    assert {"access_token", "fields", "limit", "after", "filter"} <= set(recorded_next)
    assert {"access_token", "fields", "limit", "after", "filter"} <= set(our_next)
    error = _load(shared_dir, "facebook/error_missing_permission_code100.json")["error"]
    mine = graph_get(server, "424242").json()["error"]
    assert set(error) <= set(mine)


def test_instagram_shapes(shared_dir: Path, server: EmulatorServer, scenario: Scenario) -> None:
    recorded = _load(shared_dir, "instagram/ig_user_media_p1.json")
    fields = ",".join(sorted(_keys(recorded["data"])))
    ours = graph_get(
        server, f"{scenario.accounts['instagram'].id}/media", fields=fields, limit=2
    ).json()
    assert _keys(ours["data"]) == _keys(recorded["data"])
    assert set(ours["paging"]["cursors"]) == set(recorded["paging"]["cursors"])
    comments = _load(shared_dir, "instagram/ig_media_comments_p1.json")
    media = max(
        (e for e in scenario.entries("instagram") if e.kind == "post"),
        key=lambda e: len(e.children),
    )
    mine = graph_get(server, f"{media.external_id}/comments", limit=2).json()
    assert _keys(mine["data"]) == _keys(comments["data"])  # default fields
    assert set(mine["paging"]) == set(comments["paging"])
    single = _load(shared_dir, "instagram/ig_comment_fields.json")
    one = graph_get(server, mine["data"][0]["id"], fields=",".join(single)).json()
    assert set(one) == set(single)
