"""The seam collectors use: tweepy and facebook-sdk talking to the emulator via an adapter."""

from __future__ import annotations

import facebook
import pytest
import requests
import tweepy

from collectors.emulator.faults import Fault, FaultPlan
from collectors.emulator.scenario import Scenario
from collectors.emulator.server import EmulatorServer, route_to_emulator
from tests.collectors.emulator.conftest import PAGE_TOKEN, X_TOKEN


def _client(server: EmulatorServer, token: str = X_TOKEN) -> tweepy.Client:
    client = tweepy.Client(bearer_token=token)
    route_to_emulator(client.session, server.base_url, timeout=5)
    return client


def _graph(server: EmulatorServer, token: str = PAGE_TOKEN) -> facebook.GraphAPI:
    session = requests.Session()
    route_to_emulator(session, server.base_url, timeout=5)
    graph = facebook.GraphAPI(access_token=token, session=session)
    graph.version = "v21.0"  # facebook-sdk 3.1 only accepts <= 3.1 in its constructor
    return graph


def test_tweepy_users_tweets_and_paginator(server: EmulatorServer, scenario: Scenario) -> None:
    client = _client(server)
    me = client.get_user(username="kpujember_sim", user_fields=["location"])
    assert me.data.id == int(scenario.accounts["x"].id)
    timeline = client.get_users_tweets(
        me.data.id, max_results=5, tweet_fields=["created_at", "public_metrics"]
    )
    assert len(timeline.data) == 5 and timeline.meta["next_token"]
    assert timeline.data[0].created_at is not None
    seen = []
    for page in tweepy.Paginator(
        client.get_users_mentions,
        me.data.id,
        max_results=100,
        expansions=["author_id"],
        user_fields=["location"],
    ):
        seen += [t.id for t in page.data or []]
        assert {u.id for u in page.includes["users"]} >= {
            t.author_id for t in page.data or [] if t.author_id
        }
    handle = "@kpujember_sim"
    expected = {
        e.current_id
        for e in scenario.entries("x")
        if scenario.is_visible(e) and e.author and handle in e.text
    }
    assert {str(i) for i in seen} == expected and len(seen) == len(expected)


def test_tweepy_errors(server: EmulatorServer, scenario: Scenario) -> None:
    with pytest.raises(tweepy.Unauthorized):
        _client(server, "wrong").get_users_tweets(scenario.accounts["x"].id)
    with pytest.raises(tweepy.Forbidden):
        _client(server, "x-emulator-not-enrolled").get_users_tweets(scenario.accounts["x"].id)
    missing = _client(server).get_user(username="nobody_here")
    assert missing.data is None and missing.errors[0]["title"] == "Not Found Error"


def test_tweepy_sees_429_and_5xx(scenario: Scenario) -> None:
    plan = FaultPlan(
        [Fault("usage_capped", pattern="/tweets$"), Fault("server_error", pattern="/tweets$")]
    )
    with EmulatorServer(scenario, faults=plan) as server:
        client = _client(server)
        with pytest.raises(tweepy.TooManyRequests) as capped:
            client.get_users_tweets(scenario.accounts["x"].id)
        assert capped.value.response.json()["type"].endswith("/usage-capped")
        with pytest.raises(tweepy.TwitterServerError):
            client.get_users_tweets(scenario.accounts["x"].id)


def test_facebook_sdk_walks_posts_and_comments(server: EmulatorServer, scenario: Scenario) -> None:
    graph = _graph(server)
    page = graph.get_object("me", fields="id,name")
    assert page["id"] == scenario.accounts["facebook"].id
    posts = list(
        graph.get_all_connections(page["id"], "posts", fields="id,message,created_time", limit=4)
    )
    expected = {
        e.external_id
        for e in scenario.entries("facebook")
        if e.kind == "post" and scenario.is_visible(e)
    }
    assert {p["id"] for p in posts} == expected and len(posts) == len(expected)
    busiest = max(posts, key=lambda p: len(scenario.get("facebook", p["id"]).children))  # type: ignore[union-attr]
    comments = list(
        graph.get_all_connections(
            busiest["id"],
            "comments",
            filter="stream",
            fields="id,message,from{id,name},parent{id}",
            limit=3,
        )
    )
    entry = scenario.get("facebook", busiest["id"])
    assert entry is not None
    every = {
        e.external_id
        for e in scenario.entries("facebook")
        if e.root_id == entry.external_id and e.kind == "reply" and scenario.is_visible(e)
    }
    assert {c["id"] for c in comments} == every


def test_facebook_sdk_instagram_and_errors(server: EmulatorServer, scenario: Scenario) -> None:
    graph = _graph(server)
    ig = scenario.accounts["instagram"].id
    media = list(
        graph.get_all_connections(ig, "media", fields="id,caption,comments_count", limit=5)
    )
    assert media and all("caption" in m for m in media)
    with pytest.raises(facebook.GraphAPIError) as unknown:
        graph.get_object("12345")
    assert unknown.value.code == 100
    with pytest.raises(facebook.GraphAPIError) as expired:
        _graph(server, "meta-emulator-expired").get_object(ig)
    assert expired.value.code == 190
