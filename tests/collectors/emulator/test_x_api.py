"""X API v2 emulation: paging, since_id, search window, expansions, errors, rate limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from collectors.emulator.scenario import Scenario, build_scenario
from collectors.emulator.server import EmulatorServer
from collectors.emulator.x_api import XLimits
from tests.collectors.emulator.conftest import x_get

FIELDS = {
    "tweet.fields": "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,"
    "lang,geo,public_metrics,entities",
    "expansions": "author_id,geo.place_id,referenced_tweets.id,in_reply_to_user_id",
    "user.fields": "location,created_at,public_metrics",
    "place.fields": "full_name,geo,name,country_code",
}


def _walk(
    server: EmulatorServer, path: str, token_name: str = "pagination_token", **params: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Follow next_token to the end; returns (tweets, pages)."""
    tweets, pages, token = [], [], None
    for _ in range(500):
        query = dict(params)
        if token:
            query[token_name] = token
        response = x_get(server, path, **query)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body)
        tweets += body.get("data", [])
        token = body["meta"].get("next_token")
        if not token:
            return tweets, pages
    raise AssertionError("paging never ended")


def _own(scenario: Scenario) -> str:
    return scenario.accounts["x"].id


def _expected_mentions(scenario: Scenario) -> set[str]:
    handle = "@" + scenario.accounts["x"].username
    return {
        e.current_id
        for e in scenario.entries("x")
        if scenario.is_visible(e) and e.author is not None and handle in e.text
    }


def test_user_lookup(server: EmulatorServer, scenario: Scenario) -> None:
    response = x_get(server, "/2/users/by/username/kpujember_sim", **{"user.fields": "location"})
    assert response.json()["data"] == {
        "id": _own(scenario),
        "name": scenario.accounts["x"].name,
        "username": "kpujember_sim",
        "location": "Jember, Jawa Timur",
    }
    assert x_get(server, f"/2/users/{_own(scenario)}").json()["data"]["username"] == "kpujember_sim"


def test_mentions_walk_every_item_once(server: EmulatorServer, scenario: Scenario) -> None:
    tweets, pages = _walk(server, f"/2/users/{_own(scenario)}/mentions", max_results=7)
    ids = [t["id"] for t in tweets]
    assert len(ids) == len(set(ids))
    assert set(ids) == _expected_mentions(scenario)
    assert len(pages) > 3
    as_numbers = [int(i) for i in ids]
    assert as_numbers == sorted(as_numbers, reverse=True)  # newest first
    for page in pages:
        if page.get("data"):
            assert page["meta"]["newest_id"] == page["data"][0]["id"]
            assert page["meta"]["oldest_id"] == page["data"][-1]["id"]
            assert page["meta"]["result_count"] == len(page["data"])


def test_own_timeline_and_exclude_replies(server: EmulatorServer, scenario: Scenario) -> None:
    tweets, _ = _walk(server, f"/2/users/{_own(scenario)}/tweets", max_results=100)
    own = {e.current_id for e in scenario.entries("x") if e.is_own and scenario.is_visible(e)}
    assert {t["id"] for t in tweets} == own
    posts, _ = _walk(
        server, f"/2/users/{_own(scenario)}/tweets", max_results=100, exclude="replies"
    )
    assert {t["id"] for t in posts} == {
        e.current_id for e in scenario.entries("x") if e.kind == "post"
    }


def test_since_id_returns_only_newer(server: EmulatorServer, scenario: Scenario) -> None:
    path = f"/2/users/{_own(scenario)}/mentions"
    everything, _ = _walk(server, path, max_results=100)
    pivot = everything[len(everything) // 2]["id"]
    newer, _ = _walk(server, path, max_results=5, since_id=pivot)
    assert {t["id"] for t in newer} == {t["id"] for t in everything if int(t["id"]) > int(pivot)}
    older, _ = _walk(server, path, max_results=5, until_id=pivot)
    assert {t["id"] for t in older} == {t["id"] for t in everything if int(t["id"]) < int(pivot)}
    empty = x_get(server, path, since_id=everything[0]["id"]).json()
    assert empty == {"meta": {"result_count": 0}}


def test_previous_token_goes_back(server: EmulatorServer, scenario: Scenario) -> None:
    path = f"/2/users/{_own(scenario)}/mentions"
    first = x_get(server, path, max_results=5).json()
    second = x_get(server, path, max_results=5, pagination_token=first["meta"]["next_token"]).json()
    back = x_get(
        server, path, max_results=5, pagination_token=second["meta"]["previous_token"]
    ).json()
    assert [t["id"] for t in back["data"]] == [t["id"] for t in first["data"]]


def test_fields_and_expansions(server: EmulatorServer, scenario: Scenario) -> None:
    plain = x_get(server, f"/2/users/{_own(scenario)}/mentions").json()
    assert set(plain["data"][0]) == {"id", "text", "edit_history_tweet_ids"}
    assert "includes" not in plain
    tweets, pages = _walk(server, f"/2/users/{_own(scenario)}/mentions", max_results=100, **FIELDS)
    users = {u["id"]: u for p in pages for u in p.get("includes", {}).get("users", [])}
    places = {p["id"]: p for page in pages for p in page.get("includes", {}).get("places", [])}
    refs = {t["id"] for p in pages for t in p.get("includes", {}).get("tweets", [])}
    for tweet in tweets:
        assert tweet["author_id"] in users
        assert tweet["lang"] in ("in", "und")
        assert tweet["created_at"].endswith(".000Z")
        assert tweet["referenced_tweets"][0]["type"] == "replied_to"
        assert tweet["referenced_tweets"][0]["id"] in refs
        assert tweet["in_reply_to_user_id"] in users
        entry = scenario.get("x", tweet["id"])
        assert entry is not None
        assert tweet["conversation_id"] == entry.root_id
        if "geo" in tweet:
            place = places[tweet["geo"]["place_id"]]
            assert place["country_code"] == "ID" and entry.geo is not None
            assert place["name"] == entry.geo.kecamatan
    located = [u for u in users.values() if "location" in u]
    assert located and all(
        isinstance(u["public_metrics"]["followers_count"], int) for u in users.values()
    )
    assert any("geo" in t and "coordinates" in t["geo"] for t in tweets)


def test_conversation_search_and_window() -> None:
    scenario = build_scenario(seed=11, replies=600, posts=30)
    scenario.set_now(datetime(2024, 11, 29, 12, tzinfo=UTC))  # collecting during the month
    with EmulatorServer(scenario) as server:
        _check_conversation_search(server, scenario)


def _check_conversation_search(server: EmulatorServer, scenario: Scenario) -> None:
    oldest = scenario.now - timedelta(days=7)
    recent_posts = [e for e in scenario.entries("x") if e.kind == "post" and e.created_at >= oldest]
    post = max(recent_posts, key=lambda e: len(e.children))
    tweets, _ = _walk(
        server,
        "/2/tweets/search/recent",
        token_name="next_token",
        query=f"conversation_id:{post.external_id} -is:retweet",
        max_results=10,
    )
    expected = {
        e.current_id
        for e in scenario.entries("x")
        if e.root_id == post.external_id and scenario.is_visible(e) and e.created_at >= oldest
    }
    assert {t["id"] for t in tweets} == expected and expected
    old_post = min(
        (e for e in scenario.entries("x") if e.kind == "post"), key=lambda e: e.created_at
    )
    old, _ = _walk(
        server,
        "/2/tweets/search/recent",
        token_name="next_token",
        query=f"conversation_id:{old_post.external_id}",
        max_results=100,
        **{"tweet.fields": "created_at"},
    )
    # the post itself is older than 7 days, so search only finds the thread's recent replies
    assert old_post.external_id not in {t["id"] for t in old}
    assert all(t["created_at"] >= oldest.strftime("%Y-%m-%dT%H:%M:%S") for t in old)
    too_old = x_get(
        server, "/2/tweets/search/recent", query="pilkada", since_id=old_post.external_id
    )
    assert too_old.status_code == 400
    assert too_old.json()["errors"][0]["parameters"] == {"since_id": [old_post.external_id]}


def test_search_terms(server: EmulatorServer) -> None:
    tweets, _ = _walk(
        server,
        "/2/tweets/search/recent",
        token_name="next_token",
        query="nyoblos -golput",
        max_results=100,
    )
    assert tweets and all("nyoblos" in t["text"].lower() for t in tweets)
    assert all("golput" not in t["text"].lower() for t in tweets)
    bad = x_get(server, "/2/tweets/search/recent", query="a OR b")
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"max_results": 4}, "max_results"),
        ({"max_results": 101}, "max_results"),
        ({"tweet.fields": "nonsense"}, "tweet.fields"),
        ({"expansions": "author"}, "expansions"),
        ({"pagination_token": "zzzz"}, "pagination_token"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_parameters(
    server: EmulatorServer, scenario: Scenario, params: dict[str, Any], parameter: str
) -> None:
    response = x_get(server, f"/2/users/{_own(scenario)}/mentions", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "https://api.twitter.com/2/problems/invalid-request"
    assert parameter in body["errors"][0]["parameters"]


def test_auth_errors(server: EmulatorServer, scenario: Scenario) -> None:
    path = f"/2/users/{_own(scenario)}/tweets"
    wrong = x_get(server, path, token="not-a-token")
    assert wrong.status_code == 401
    assert wrong.json() == {
        "title": "Unauthorized",
        "detail": "Unauthorized",
        "type": "about:blank",
        "status": 401,
    }
    forbidden = x_get(server, path, token="x-emulator-not-enrolled")
    assert forbidden.status_code == 403
    assert forbidden.json()["type"] == "https://api.twitter.com/2/problems/client-forbidden"
    assert "x-rate-limit-remaining" in forbidden.headers
    meta_token = x_get(server, path, token="meta-emulator-page-token")
    assert meta_token.status_code == 401


def test_not_found_shapes(server: EmulatorServer) -> None:
    user = x_get(server, "/2/users/by/username/nobody_here")
    assert user.status_code == 200
    error = user.json()["errors"][0]
    assert error["title"] == "Not Found Error" and error["parameter"] == "username"
    assert error["type"] == "https://api.twitter.com/2/problems/resource-not-found"
    timeline = x_get(server, "/2/users/42/tweets").json()
    assert "data" not in timeline and timeline["errors"][0]["resource_id"] == "42"
    tweet = x_get(server, "/2/tweets/1").json()
    assert tweet["errors"][0]["resource_type"] == "tweet"


def test_rate_limit_headers_count_down(server: EmulatorServer, scenario: Scenario) -> None:
    path = f"/2/users/{_own(scenario)}/mentions"
    first, second = x_get(server, path), x_get(server, path)
    assert first.headers["x-rate-limit-limit"] == "450"
    assert (
        int(second.headers["x-rate-limit-remaining"])
        == int(first.headers["x-rate-limit-remaining"]) - 1
    )
    assert int(first.headers["x-rate-limit-reset"]) > 1_700_000_000


def test_limits_exhausted_and_caps() -> None:
    scenario = build_scenario(seed=2, replies=300)
    limits = XLimits(
        per_window={"users": 2, "tweets": 2, "user_tweets": 2, "mentions": 100, "search": 2},
        mentions_cap=20,
    )
    with EmulatorServer(scenario, x_limits=limits) as server:
        own = scenario.accounts["x"].id
        statuses = [x_get(server, f"/2/users/{own}/tweets").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        last = x_get(server, f"/2/users/{own}/tweets")
        assert (
            last.headers["x-rate-limit-remaining"] == "0" and "x-rate-limit-reset" in last.headers
        )
        mentions, _ = _walk(server, f"/2/users/{own}/mentions", max_results=100)
        assert len(mentions) == 20  # only the newest mentions are reachable


def test_lookup_edit_history_and_deleted() -> None:
    scenario = build_scenario(seed=4, replies=100)
    reply = next(e for e in scenario.entries("x") if e.truth)
    gone = next(e for e in scenario.entries("x") if e.truth and e is not reply)
    with EmulatorServer(scenario) as server:
        own = scenario.accounts["x"].id
        before = x_get(server, f"/2/users/{own}/mentions", max_results=100).json()["meta"]
        new_id = scenario.edit(
            "x", reply.external_id, "@kpujember_sim sudah saya cek, terima kasih"
        )
        scenario.delete("x", gone.external_id)
        fresh = x_get(server, f"/2/users/{own}/mentions", since_id=before["newest_id"]).json()
        assert [t["id"] for t in fresh["data"]] == [new_id]
        assert fresh["data"][0]["edit_history_tweet_ids"] == [reply.external_id, new_id]
        both = x_get(server, "/2/tweets", ids=f"{reply.external_id},{gone.external_id}").json()
        assert both["data"][0]["id"] == reply.external_id
        assert both["data"][0]["text"] == reply.versions[0].text
        assert both["errors"][0]["resource_id"] == gone.external_id
        latest = x_get(server, f"/2/tweets/{new_id}").json()["data"]
        assert latest["text"] == "@kpujember_sim sudah saya cek, terima kasih"


def test_one_run_expectation_matches_what_is_reachable() -> None:
    scenario = build_scenario(seed=12, replies=900, posts=30)
    limits = XLimits(mentions_cap=60)
    with EmulatorServer(scenario, x_limits=limits) as server:
        own = scenario.accounts["x"].id
        reached = {t["id"] for t in _walk(server, f"/2/users/{own}/tweets", max_results=100)[0]}
        reached |= {t["id"] for t in _walk(server, f"/2/users/{own}/mentions", max_results=100)[0]}
        for post in (e for e in scenario.entries("x") if e.kind == "post"):
            found, _ = _walk(
                server,
                "/2/tweets/search/recent",
                token_name="next_token",
                query=f"conversation_id:{post.external_id}",
                max_results=100,
            )
            reached |= {t["id"] for t in found}
    expected = {i for p, i in scenario.expected_items(one_run=True, mentions_cap=60) if p == "x"}
    everything = {i for p, i in scenario.expected_items() if p == "x"}
    assert reached == expected and expected < everything


def test_closed_account() -> None:
    scenario = build_scenario(seed=13, replies=60, posts=6)
    with EmulatorServer(scenario) as server:
        own = scenario.accounts["x"].id
        scenario.close_account("x")
        body = x_get(server, f"/2/users/{own}/tweets").json()
        assert body["errors"][0]["resource_id"] == own and "data" not in body
        assert "errors" in x_get(server, "/2/users/by/username/kpujember_sim").json()


def test_search_by_author_and_reply_target() -> None:
    # The commission answers about one question in five, at random, so whether the last 7 days
    # of a seed hold one of its answers is luck: set the clock just after its newest answer.
    scenario = build_scenario(seed=11, replies=600, posts=30)
    newest = max(e.created_at for e in scenario.entries("x") if e.is_own and e.kind == "reply")
    scenario.set_now(newest + timedelta(hours=1))
    with EmulatorServer(scenario) as server:
        _search_by_author_and_reply_target(server, scenario)


def _search_by_author_and_reply_target(server: EmulatorServer, scenario: Scenario) -> None:
    own = scenario.accounts["x"].username
    answers, _ = _walk(
        server,
        "/2/tweets/search/recent",
        token_name="next_token",
        query=f"from:{own} is:reply",
        max_results=100,
        **{"tweet.fields": "author_id"},
    )
    assert answers and all(t["author_id"] == scenario.accounts["x"].id for t in answers)
    to_own, _ = _walk(
        server,
        "/2/tweets/search/recent",
        token_name="next_token",
        query=f"to:{own} -from:{own}",
        max_results=100,
        **{"tweet.fields": "in_reply_to_user_id"},
    )
    assert to_own and all(t["in_reply_to_user_id"] == scenario.accounts["x"].id for t in to_own)
