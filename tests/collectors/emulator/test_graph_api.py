"""Graph API emulation: fields, cursor paging, comments, Instagram, errors, usage headers."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from collectors.emulator.scenario import Scenario, build_scenario
from collectors.emulator.server import EmulatorServer
from tests.collectors.emulator.conftest import PAGE_TOKEN, USER_TOKEN, graph_get


def _walk(server: EmulatorServer, path: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    """Follow paging.next links as a client would; returns (items, pages)."""
    first = graph_get(server, path, **params)
    assert first.status_code == 200, first.text
    body, items, pages = first.json(), [], 1
    items += body["data"]
    while "next" in body.get("paging", {}):
        body = requests.get(body["paging"]["next"], timeout=10).json()
        assert "error" not in body, body
        items += body["data"]
        pages += 1
        assert pages < 500
    return items, pages


def _visible(scenario: Scenario, platform: str, kind: str) -> list[Any]:
    return [e for e in scenario.entries(platform) if e.kind == kind and scenario.is_visible(e)]


def test_page_fields(server: EmulatorServer, scenario: Scenario) -> None:
    page = scenario.accounts["facebook"]
    body = graph_get(server, page.id, fields="id,name,fan_count,instagram_business_account").json()
    assert body == {
        "id": page.id,
        "name": page.name,
        "fan_count": page.followers,
        "instagram_business_account": {"id": scenario.accounts["instagram"].id},
    }
    assert graph_get(server, page.id).json() == {"id": page.id, "name": page.name}


def test_posts_paging_round_trip(server: EmulatorServer, scenario: Scenario) -> None:
    page = scenario.accounts["facebook"].id
    for edge in ("posts", "feed"):
        items, pages = _walk(server, f"{page}/{edge}", fields="id,message,created_time", limit=3)
        ids = [i["id"] for i in items]
        assert len(ids) == len(set(ids)) and pages > 2
        assert set(ids) == {e.external_id for e in _visible(scenario, "facebook", "post")}
        times = [i["created_time"] for i in items]
        assert times == sorted(times, reverse=True)
        assert all(t.endswith("+0000") for t in times)


def test_next_link_carries_token_and_params(server: EmulatorServer, scenario: Scenario) -> None:
    page = scenario.accounts["facebook"].id
    body = graph_get(server, f"{page}/posts", fields="id,message", limit=2, since=1).json()
    link = body["paging"]["next"]
    assert link.startswith(server.base_url + "/v21.0/")
    query = parse_qs(urlsplit(link).query)
    assert query["access_token"] == [PAGE_TOKEN]
    assert query["fields"] == ["id,message"] and query["limit"] == ["2"] and query["since"] == ["1"]
    assert query["after"] == [body["paging"]["cursors"]["after"]]
    second = requests.get(link, timeout=10).json()
    assert "previous" in second["paging"]
    back = requests.get(second["paging"]["previous"], timeout=10).json()
    assert [p["id"] for p in back["data"]] == [p["id"] for p in body["data"]]


def test_since_until(server: EmulatorServer, scenario: Scenario) -> None:
    posts = sorted(_visible(scenario, "facebook", "post"), key=lambda e: e.created_at)
    pivot = posts[len(posts) // 2].created_at
    page = scenario.accounts["facebook"].id
    newer, _ = _walk(server, f"{page}/posts", since=int(pivot.timestamp()), limit=4)
    assert {p["id"] for p in newer} == {e.external_id for e in posts if e.created_at >= pivot}
    older, _ = _walk(server, f"{page}/posts", until=pivot.date().isoformat(), limit=4)
    assert older and all(p["created_time"] < pivot.strftime("%Y-%m-%dT") + "99" for p in older)


def _busiest_post(scenario: Scenario) -> Any:
    return max(
        _visible(scenario, "facebook", "post"),
        key=lambda e: len([c for c in e.children if c.children]) * 100 + len(e.children),
    )


def test_comments_stream_and_toplevel(server: EmulatorServer, scenario: Scenario) -> None:
    post = _busiest_post(scenario)
    fields = "id,message,from{id,name},created_time,like_count,comment_count,parent{id}"
    top, _ = _walk(server, f"{post.external_id}/comments", fields=fields, limit=4)
    stream, _ = _walk(
        server,
        f"{post.external_id}/comments",
        fields=fields,
        filter="stream",
        limit=4,
        order="chronological",
    )
    assert {c["id"] for c in top} == {e.external_id for e in scenario.visible_children(post)}
    every = {
        e.external_id
        for e in scenario.entries("facebook")
        if e.root_id == post.external_id and e.kind == "reply" and scenario.is_visible(e)
    }
    assert {c["id"] for c in stream} == every and len(every) > len(top)
    nested = [c for c in stream if "parent" in c]
    assert nested and all(set(c["parent"]) == {"id"} for c in nested)
    assert all(set(c["from"]) == {"id", "name"} for c in stream)
    times = [c["created_time"] for c in stream]
    assert times == sorted(times)
    summary = graph_get(server, f"{post.external_id}/comments", summary="true", limit=0).json()
    assert summary["data"] == [] and summary["summary"]["total_count"] == len(top)
    assert summary["summary"]["order"] == "chronological"
    replies_of = next(c for c in top if c["comment_count"] > 0)
    replies, _ = _walk(server, f"{replies_of['id']}/comments", fields="id,message")
    assert len(replies) == replies_of["comment_count"]


def test_inline_edges_and_summary(server: EmulatorServer, scenario: Scenario) -> None:
    post = _busiest_post(scenario)
    body = graph_get(
        server,
        post.external_id,
        fields="id,comments.summary(true).limit(0),reactions.summary(true).limit(0),"
        "comments.limit(2).as(first_two){id,message}",
    ).json()
    assert body["comments"]["summary"]["total_count"] == len(scenario.visible_children(post))
    assert body["reactions"]["summary"]["total_count"] == post.like_count
    assert len(body["first_two"]["data"]) == 2
    assert set(body["first_two"]["data"][0]) == {"id", "message"}
    assert PAGE_TOKEN in body["first_two"]["paging"]["next"]


def test_user_token_hides_commenters(server: EmulatorServer, scenario: Scenario) -> None:
    post = _busiest_post(scenario)
    body = graph_get(
        server, f"{post.external_id}/comments", token=USER_TOKEN, fields="id,from,message"
    ).json()
    assert body["data"] and all("from" not in c for c in body["data"])


def test_instagram_media_comments_replies(server: EmulatorServer, scenario: Scenario) -> None:
    ig = scenario.accounts["instagram"].id
    fields = "id,caption,timestamp,permalink,comments_count,like_count,media_type"
    media, _ = _walk(server, f"{ig}/media", fields=fields, limit=4)
    assert {m["id"] for m in media} == {
        e.external_id for e in _visible(scenario, "instagram", "post")
    }
    busiest = max(media, key=lambda m: m["comments_count"])
    comments, _ = _walk(
        server,
        f"{busiest['id']}/comments",
        limit=3,
        fields="id,text,timestamp,username,like_count,replies{id,text,username}",
    )
    flat = len(comments) + sum(len(c.get("replies", {}).get("data", [])) for c in comments)
    assert flat == busiest["comments_count"]
    stamps = [c["timestamp"] for c in comments]
    assert stamps == sorted(stamps, reverse=True)  # Instagram lists newest first
    parent = next(c for c in comments if c.get("replies", {}).get("data"))
    replies, _ = _walk(server, f"{parent['id']}/replies", fields="id,text,parent_id")
    assert {r["id"] for r in replies} == {r["id"] for r in parent["replies"]["data"]}
    assert all(r["parent_id"] == parent["id"] for r in replies)
    one = graph_get(server, parent["id"], fields="id,text,username,media").json()
    assert one["media"] == {"id": busiest["id"]} and one["username"] == parent["username"]


def test_ids_lookup(server: EmulatorServer, scenario: Scenario) -> None:
    posts = _visible(scenario, "facebook", "post")[:2]
    body = graph_get(
        server, "", ids=",".join(p.external_id for p in posts), fields="id,message"
    ).json()
    assert set(body) == {p.external_id for p in posts}
    missing = graph_get(server, "", ids=f"{posts[0].external_id},123").json()
    assert missing["error"]["code"] == 803


@pytest.mark.parametrize(
    ("token", "path", "status", "code", "subcode"),
    [
        ("nonsense", "PAGE", 400, 190, None),
        ("meta-emulator-expired", "PAGE", 400, 190, 463),
        ("x-emulator-bearer", "PAGE", 400, 190, None),
        (USER_TOKEN, "IGMEDIA/comments", 403, 10, None),
        (PAGE_TOKEN, "999000111", 400, 100, 33),
        (PAGE_TOKEN, "PAGE/albums", 400, 100, None),
    ],
)
def test_error_objects(
    server: EmulatorServer,
    scenario: Scenario,
    token: str,
    path: str,
    status: int,
    code: int,
    subcode: int | None,
) -> None:
    media = _visible(scenario, "instagram", "post")[0].external_id
    path = path.replace("PAGE", scenario.accounts["facebook"].id).replace("IGMEDIA", media)
    response = graph_get(server, path, token=token)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error.get("error_subcode") == subcode
    assert error["type"] in ("OAuthException", "GraphMethodException") and error["fbtrace_id"]


def test_unknown_field_and_missing_token(server: EmulatorServer, scenario: Scenario) -> None:
    page = scenario.accounts["facebook"].id
    body = graph_get(server, page, fields="id,colour").json()
    assert (
        body["error"]["message"] == "(#100) Tried accessing nonexisting field (colour) on "
        "node type (Page)"
    )
    assert graph_get(server, page, token=None).status_code == 400


def test_bearer_header_is_accepted(server: EmulatorServer, scenario: Scenario) -> None:
    response = requests.get(
        f"{server.base_url}/v22.0/{scenario.accounts['facebook'].id}",
        headers={"Authorization": f"Bearer {PAGE_TOKEN}"},
        timeout=10,
    )
    assert response.status_code == 200


def test_usage_headers(server: EmulatorServer, scenario: Scenario) -> None:
    response = graph_get(server, scenario.accounts["instagram"].id, fields="id,username")
    app = json.loads(response.headers["X-App-Usage"])
    assert set(app) == {"call_count", "total_cputime", "total_time"}
    business = json.loads(response.headers["X-Business-Use-Case-Usage"])
    entry = business[scenario.accounts["instagram"].id][0]
    assert entry["type"] == "instagram" and "estimated_time_to_regain_access" in entry
    assert response.headers["Content-Type"].startswith("application/json")


def test_budget_exhausted() -> None:
    scenario = build_scenario(seed=1, replies=50, posts=6)
    with EmulatorServer(scenario, graph_hourly_budget=3) as server:
        page = scenario.accounts["facebook"].id
        statuses = [graph_get(server, page).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 403]
        assert graph_get(server, page).json()["error"]["code"] == 4


def test_edits_and_deletes_show(fresh: Scenario) -> None:
    post = max(_visible(fresh, "facebook", "post"), key=lambda e: len(e.children))
    first, second = post.children[0], post.children[1]
    with EmulatorServer(fresh) as server:
        fresh.edit("facebook", first.external_id, "komentar yang diperbaiki")
        fresh.delete("facebook", second.external_id)
        body = graph_get(server, f"{post.external_id}/comments", fields="id,message").json()
        messages = {c["id"]: c["message"] for c in body["data"]}
        assert messages[first.external_id] == "komentar yang diperbaiki"
        assert second.external_id not in messages
        gone = graph_get(server, second.external_id).json()
        assert gone["error"]["code"] == 100 and gone["error"]["error_subcode"] == 33


def test_closed_page_and_instagram() -> None:
    scenario = build_scenario(seed=13, replies=60, posts=6)
    post = next(e for e in scenario.entries("facebook") if e.kind == "post")
    with EmulatorServer(scenario) as server:
        scenario.close_account("facebook")
        for node in (scenario.accounts["facebook"].id, f"{post.external_id}/comments"):
            error = graph_get(server, node).json()["error"]
            assert (error["code"], error["error_subcode"]) == (100, 33)
        assert graph_get(server, scenario.accounts["instagram"].id).status_code == 200


def test_reverse_order_and_bad_fields(server: EmulatorServer, scenario: Scenario) -> None:
    post = _busiest_post(scenario)
    newest_first, _ = _walk(
        server,
        f"{post.external_id}/comments",
        order="reverse_chronological",
        fields="id,created_time",
        limit=3,
    )
    stamps = [c["created_time"] for c in newest_first]
    assert stamps == sorted(stamps, reverse=True) and len(stamps) > 3
    broken = graph_get(server, post.external_id, fields="id,comments{id").json()
    assert broken["error"]["code"] == 100
    assert graph_get(server, f"{post.external_id}/comments", filter="all").status_code == 400
