"""Raw pages lose citizens' identities before mapping and storage, and still map the same.

Pages are written here in the shapes X API v2 and Graph return (see collectors/emulator for
the field rules); the recorded real responses in ../shared are scrubbed in a `shared` check.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from collectors.mapping_meta import MappedPage, data_of, map_fb_comment, map_ig_comment
from collectors.mapping_x import map_page
from collectors.page_privacy import PagePrivacy
from core.records import ItemRecord
from core.store.pseudonym import Pseudonymizer

KEY = "test-key-0123456789abcdef"
OWN_X = "1202400000000000001"
CITIZEN_A = "1300000000000000011"
CITIZEN_B = "1300000000000000022"
SECRETS = ("lare_sbj_4821", "Lare Sbj", "cong_klw_12", "Cong K.", CITIZEN_A, CITIZEN_B,
           "Sumbersari, Jember", "113.7", "deleted_guy_9")


def x_page() -> dict[str, Any]:
    return {
        "data": [
            {
                "id": "1857000000000000101",
                "text": "@cong_klw_12 @kpujember_sim TPS saya pindah? https://x.com/cong_klw_12/status/1",
                "created_at": "2024-11-20T03:15:00.000Z",
                "author_id": CITIZEN_A,
                "conversation_id": "1857000000000000001",
                "in_reply_to_user_id": CITIZEN_B,
                "lang": "in",
                "edit_history_tweet_ids": ["1857000000000000101"],
                "referenced_tweets": [{"type": "replied_to", "id": "1857000000000000050"}],
                "entities": {
                    "mentions": [
                        {"start": 0, "end": 12, "username": "cong_klw_12", "id": CITIZEN_B},
                        {"start": 13, "end": 27, "username": "kpujember_sim"},
                    ]
                },
                "geo": {
                    "place_id": "p1",
                    "coordinates": {"type": "Point", "coordinates": [113.7, -8.1]},
                },
                "public_metrics": {"like_count": 2, "reply_count": 0},
            },
            {
                "id": "1857000000000000102",
                "text": "@lare_sbj_4821 Silakan cek di cekdptonline.",
                "created_at": "2024-11-20T03:30:00.000Z",
                "author_id": OWN_X,
                "conversation_id": "1857000000000000001",
                "in_reply_to_user_id": CITIZEN_A,
                "edit_history_tweet_ids": ["1857000000000000102"],
                "referenced_tweets": [{"type": "replied_to", "id": "1857000000000000101"}],
            },
        ],
        "includes": {
            "users": [
                {"id": CITIZEN_A, "name": "Lare Sbj", "username": "lare_sbj_4821",
                 "location": "Sumbersari, Jember", "public_metrics": {"followers_count": 40}},
                {"id": CITIZEN_B, "name": "Cong K.", "username": "cong_klw_12"},
                {"id": OWN_X, "name": "KPU Jember", "username": "kpujember_sim",
                 "location": "Jember"},
            ],
            "places": [{"id": "p1", "full_name": "Sumbersari, Jember", "name": "Sumbersari"}],
        },
        "errors": [
            {"value": "1300000000000000099", "detail": "Could not find user with "
             "in_reply_to_user_id: [1300000000000000099].", "title": "Not Found Error",
             "resource_type": "user", "parameter": "in_reply_to_user_id",
             "resource_id": "1300000000000000099",
             "type": "https://api.twitter.com/2/problems/resource-not-found"},
        ],
        "meta": {"result_count": 2, "newest_id": "1857000000000000102"},
    }


def privacy(platform: str, own_ids: list[str], own: list[str]) -> tuple[PagePrivacy, Pseudonymizer]:
    p = Pseudonymizer(KEY)
    return PagePrivacy(platform, p.token, own_ids=own_ids, own_handles=own,
                       is_token=p.is_token), p


def authors(records: list[ItemRecord], p: Pseudonymizer) -> list[str | None]:
    """What the item writer would store as each record's pseudonym."""
    return [None if r.is_own else p(r.platform, r.author_id or r.author_handle) for r in records]


def test_x_page_keeps_nothing_of_citizens_and_maps_the_same() -> None:
    scrub, p = privacy("x", [OWN_X], ["kpujember_sim"])
    original = x_page()
    before = map_page(copy.deepcopy(original), source="x", own_user_id=OWN_X).records
    mapped_page = scrub.identities(copy.deepcopy(original))
    stored = scrub.for_storage(mapped_page)
    text = json.dumps(stored)
    assert [s for s in SECRETS if s in text] == []
    assert "1300000000000000099" not in text  # the id quoted in X's problem detail too
    now = map_page(mapped_page, source="x", own_user_id=OWN_X).records
    again = map_page(json.loads(text), source="x", own_user_id=OWN_X).records
    # Same items, same authors (pseudonyms), masked texts, neutral links.
    assert [r.external_id for r in again] == [r.external_id for r in before]
    assert authors(again, p) == authors(now, p) == authors(before, p)
    assert [r.text for r in again] == [r.text for r in now] == [
        "@warga @kpujember_sim TPS saya pindah? https://x.com/i/web/status/1",
        "@warga Silakan cek di cekdptonline.",
    ]
    assert again[0].url == "https://x.com/i/web/status/1857000000000000101"
    assert again[1].url == "https://x.com/kpujember_sim/status/1857000000000000102"
    assert [r.is_own for r in again] == [False, True]
    # The item row still gets the location and the geo (mapped before storage) ...
    assert now[0].author_location == "Sumbersari, Jember" and now[0].geo
    assert now[0].author_handle is None and now[0].author_name is None
    # ... the stored page does not; the own account's profile is untouched.
    assert again[0].author_location is None and again[0].geo is None
    own = [u for u in stored["includes"]["users"] if u["id"] == OWN_X]
    assert own == [original["includes"]["users"][2]]
    # Idempotent: scrubbing the scrubbed page changes nothing.
    assert scrub.for_storage(scrub.identities(stored)) == stored


def test_the_own_x_account_is_recognised_from_the_page_when_not_configured() -> None:
    scrub, _ = privacy("x", [OWN_X], [])
    stored = scrub.identities(x_page())
    assert "@kpujember_sim" in stored["data"][0]["text"]


def fb_comments() -> dict[str, Any]:
    return {
        "data": [
            {"id": "111_201", "message": "Kapan @cong.klw12 bisa cek DPT?",
             "created_time": "2024-11-20T03:15:00+0000",
             "from": {"id": "10000000000077", "name": "Lare Sbj"},
             "permalink_url": "https://www.facebook.com/111/posts/1/?comment_id=201",
             "like_count": 1},
            {"id": "111_202", "message": "Silakan cek di cekdptonline.",
             "created_time": "2024-11-20T03:30:00+0000",
             "from": {"id": "111", "name": "KPU Jember"}, "parent": {"id": "111_201"}},
            {"id": "111_203", "message": "tanpa token halaman", "created_time":
             "2024-11-20T03:40:00+0000"},
        ],
        "paging": {"cursors": {"after": "QVFI"}, "next": "https://graph.facebook.com/v21.0/1/comments?access_token=REDACTED&after=QVFI"},
    }


def test_facebook_comments_lose_name_and_id_and_map_the_same() -> None:
    scrub, p = privacy("facebook", ["111"], [])
    original = fb_comments()
    stored = scrub.for_storage(scrub.identities(copy.deepcopy(original)))
    text = json.dumps(stored)
    assert "Lare Sbj" not in text and "10000000000077" not in text and "cong.klw12" not in text
    assert stored["data"][1]["from"] == {"id": "111", "name": "KPU Jember"}

    def records(page: dict[str, Any]) -> list[ItemRecord]:
        mapped = MappedPage()
        for obj in data_of(page):
            mapped.add(map_fb_comment, obj, source="fb", page_id="111", post_id="111_1")
        return mapped.records

    before, after = records(original), records(json.loads(text))
    assert authors(after, p) == authors(before, p)
    assert authors(after, p)[0] is not None and authors(after, p)[2] is None
    assert [r.is_own for r in after] == [False, True, False]
    assert after[0].text == "Kapan @warga bisa cek DPT?"


def ig_comments() -> dict[str, Any]:
    return {
        "data": [
            {
                "id": "1790001", "text": "@kpujember_sim tps pindah?", "timestamp":
                "2024-11-20T03:15:00+0000", "username": "lare.sbj12",
                "from": {"id": "17841400000001", "username": "lare.sbj12"}, "like_count": 1,
                "replies": {"data": [
                    {"id": "1790002", "text": "@lare.sbj12 cek di cekdptonline",
                     "timestamp": "2024-11-20T03:20:00+0000", "username": "kpujember_sim",
                     "from": {"id": "17841400000099", "username": "kpujember_sim"},
                     "parent_id": "1790001"},
                    {"id": "1790003", "text": "@lare.sbj12 sama", "timestamp":
                     "2024-11-20T03:25:00+0000", "username": "cong_klw_12",
                     "parent_id": "1790001"},
                ]},
            }
        ]
    }


def test_instagram_comments_and_replies_lose_usernames_and_map_the_same() -> None:
    scrub, p = privacy("instagram", ["17841400000099"], ["kpujember_sim"])
    original = ig_comments()
    stored = scrub.for_storage(scrub.identities(copy.deepcopy(original)))
    text = json.dumps(stored)
    assert "lare.sbj12" not in text and "cong_klw_12" not in text
    assert "17841400000001" not in text

    def records(page: dict[str, Any]) -> list[ItemRecord]:
        mapped = MappedPage()
        top = page["data"][0]
        for obj in [top, *top["replies"]["data"]]:
            mapped.add(map_ig_comment, obj, source="ig", ig_user_id="17841400000099",
                       media_id="m1", own_username="kpujember_sim")
        return mapped.records

    before, after = records(original), records(json.loads(text))
    # The reply without ``from`` is pseudonymised by its username, before and after.
    assert authors(after, p) == authors(before, p) and all(authors(after, p)[i] for i in (0, 2))
    assert [r.is_own for r in after] == [False, True, False]
    assert [r.text for r in after] == ["@kpujember_sim tps pindah?", "@warga cek di cekdptonline",
                                      "@warga sama"]


@pytest.mark.shared
def test_recorded_real_pages_scrub_and_still_map(shared_dir: Path) -> None:
    """Every recorded X page: after scrubbing, no handle or name of its users is left, and
    the same tweets map (same ids) as from the page as recorded."""
    checked = 0
    for path in sorted((shared_dir / "api" / "x").rglob("*.json")):
        if path.name.startswith("_"):
            continue
        payload = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(payload, dict):
            continue
        scrub, _ = privacy("x", ["900000000000000001"], [])
        stored = scrub.for_storage(scrub.identities(copy.deepcopy(payload)))
        users = [u for u in (payload.get("includes") or {}).get("users", [])
                 if isinstance(u, dict) and u.get("username")]
        text = json.dumps(stored)
        for user in users:
            if str(user.get("id")) != "900000000000000001":
                assert f'"{user["username"]}"' not in text, (path.name, user["username"])
                assert f'"{user["name"]}"' not in text, (path.name, user["name"])
        ids = [r.external_id for r in map_page(payload, source="x", own_user_id=None).records]
        again = map_page(stored, source="x", own_user_id=None).records
        assert [r.external_id for r in again] == ids
        checked += len(users)
    assert checked > 0
