"""Pure mappers on hand-written fixtures in the shapes X API v2 and the Graph API return."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from collectors.mapping_meta import map_fb_comment, map_fb_post, map_ig_comment, map_ig_media
from collectors.mapping_meta import parse_time as graph_time
from collectors.mapping_x import Includes, MappingError, map_item, map_page, missing_ids

OWN = "900000000000000001"

X_PAGE: dict[str, Any] = {
    "data": [
        {
            "id": "1861000000000000099",
            "text": "@kpujember TPS 07 Kaliwates pindah ke balai desa, bener min?",
            "created_at": "2024-11-26T02:10:00.000Z",
            "author_id": "111",
            "conversation_id": "1861000000000000003",
            "in_reply_to_user_id": OWN,
            "referenced_tweets": [{"type": "replied_to", "id": "1861000000000000003"}],
            "lang": "in",
            "edit_history_tweet_ids": ["1861000000000000050", "1861000000000000099"],
            "public_metrics": {"reply_count": 0, "like_count": 3, "retweet_count": 0},
            "geo": {
                "place_id": "pl_kaliwates",
                "coordinates": {"type": "Point", "coordinates": [113.69, -8.18]},
            },
        },
        {
            "id": "1861000000000000003",
            "text": "Cek lokasi TPS Anda di cekdptonline.kpu.go.id #Pilkada2024",
            "created_at": "2024-11-25T00:00:05.000Z",
            "author_id": OWN,
            "conversation_id": "1861000000000000003",
            "lang": "in",
            "edit_history_tweet_ids": ["1861000000000000003"],
        },
        {"id": "1861000000000000100", "text": "tanpa waktu"},
        {"text": "tanpa id"},
    ],
    "includes": {
        "users": [
            {"id": "111", "username": "warga_kaliwates", "name": "Warga", "location": "Jember"},
            {"id": OWN, "username": "kpujember", "name": "KPU Jember"},
        ],
        "places": [
            {"id": "pl_kaliwates", "full_name": "Kaliwates, Jember", "country_code": "ID",
             "geo": {"bbox": [113.6, -8.2, 113.7, -8.1]}}
        ],
    },
    "meta": {"result_count": 4},
}


def test_x_page_maps_edits_replies_geo_and_skips_broken_objects() -> None:
    page = map_page(X_PAGE, source="x_kpu", own_user_id=OWN)
    reply, post = page.records
    assert reply.external_id == "1861000000000000050"  # filed under the original id
    assert reply.kind == "reply" and not reply.is_own
    assert reply.parent_external_id == "1861000000000000003"
    assert reply.conversation_id == "1861000000000000003"
    assert reply.author_handle == "warga_kaliwates" and reply.author_location == "Jember"
    assert reply.lang == "in" and reply.metrics["like_count"] == 3
    assert list(reply.metrics) == sorted(reply.metrics)
    assert reply.geo == {
        "coordinates": [113.69, -8.18],
        "place_id": "pl_kaliwates",
        "full_name": "Kaliwates, Jember",
        "country_code": "ID",
        "bbox": [113.6, -8.2, 113.7, -8.1],
    }
    assert reply.created_at == datetime(2024, 11, 26, 2, 10, tzinfo=UTC)
    assert reply.url == "https://x.com/warga_kaliwates/status/1861000000000000099"
    assert post.kind == "post" and post.is_own and post.parent_external_id is None
    assert [s.reason for s in page.skipped] == ["created_at tidak ada", "objek tweet tanpa id"]


def test_x_single_object_and_long_text() -> None:
    tweet = {
        "id": "5",
        "text": "awal…",
        "note_tweet": {"text": "awal dan seluruh teks panjang"},
        "created_at": "2024-11-25T00:00:05.000Z",
    }
    page = map_page({"data": tweet}, source=None, own_user_id=None)
    assert page.records[0].text == "awal dan seluruh teks panjang"
    with pytest.raises(MappingError):
        map_item({"id": "6", "created_at": "kemarin", "text": "x"}, Includes(), source=None,
                 own_user_id=None)


def test_missing_ids_only_counts_looked_up_ids() -> None:
    payload = {
        "data": [{"id": "1", "text": "masih ada"}],
        "errors": [
            {"value": "2", "parameter": "ids", "resource_type": "tweet",
             "title": "Not Found Error",
             "type": "https://api.twitter.com/2/problems/resource-not-found"},
            {"value": "9", "parameter": "referenced_tweets.id", "resource_type": "tweet",
             "title": "Not Found Error",
             "type": "https://api.twitter.com/2/problems/resource-not-found"},
            {"value": "3", "parameter": "ids", "title": "Authorization Error",
             "type": "https://api.twitter.com/2/problems/not-authorized-for-resource"},
        ],
    }
    assert missing_ids(payload) == ["2"]


PAGE_ID = "100064123400001"


def test_facebook_post_and_comments() -> None:
    post = map_fb_post(
        {
            "id": f"{PAGE_ID}_1",
            "message": "Masa tenang dimulai hari ini.",
            "created_time": "2024-11-24T00:00:00+0000",
            "permalink_url": "https://www.facebook.com/x/posts/1/",
            "shares": {"count": 12},
            "comments": {"data": [{"id": "c9"}], "summary": {"total_count": 40}},
        },
        source="fb_kpu",
        page_id=PAGE_ID,
    )
    assert post.kind == "post" and post.is_own and post.conversation_id == f"{PAGE_ID}_1"
    assert post.metrics == {"comment_count": 40, "share_count": 12}
    comment = map_fb_comment(
        {
            "id": "1_2",
            "message": "Min, C6 belum sampai",
            "created_time": "2024-11-25T10:00:00+0000",
            "from": {"id": "777", "name": "Warga A"},
            "like_count": 2,
            "comment_count": 1,
        },
        source="fb_kpu",
        page_id=PAGE_ID,
        post_id=f"{PAGE_ID}_1",
    )
    assert comment.kind == "comment" and comment.parent_external_id == f"{PAGE_ID}_1"
    assert comment.author_id == "777" and not comment.is_own
    # Without a Page token Graph hides `from`: no author, still an item.
    reply = map_fb_comment(
        {"id": "1_3", "message": "sama", "created_time": "2024-11-25T10:05:00+0000",
         "parent": {"id": "1_2"}},
        source="fb_kpu",
        page_id=PAGE_ID,
        post_id=f"{PAGE_ID}_1",
    )
    assert reply.author_id is None and reply.parent_external_id == "1_2"
    own = map_fb_comment(
        {"id": "1_4", "message": "Silakan hubungi PPS", "created_time": "2024-11-25T11:00:00+0000",
         "from": {"id": PAGE_ID, "name": "KPU"}},
        source="fb_kpu", page_id=PAGE_ID, post_id=f"{PAGE_ID}_1",
    )
    assert own.is_own
    with pytest.raises(MappingError):
        map_fb_comment({"id": "1_5", "created_time": "2024-11-25T11:00:00+0000"},
                       source=None, page_id=PAGE_ID, post_id="p")


def test_instagram_media_comment_and_reply() -> None:
    media = map_ig_media(
        {"id": "179", "caption": "Ayo ke TPS!", "timestamp": "2024-11-26T01:00:00+0000",
         "comments_count": 5, "like_count": 80, "permalink": "https://www.instagram.com/p/x/"},
        source="ig_kpu",
        ig_user_id="178",
    )
    assert media.kind == "post" and media.is_own and media.metrics["comments_count"] == 5
    comment = map_ig_comment(
        {"id": "180", "text": "siap min", "timestamp": "2024-11-26T02:00:00+0000",
         "username": "warga_ig", "from": {"id": "555", "username": "warga_ig"}},
        source="ig_kpu", ig_user_id="178", media_id="179", own_username="kpujember",
    )
    assert comment.parent_external_id == "179" and comment.author_handle == "warga_ig"
    reply = map_ig_comment(
        {"id": "181", "text": "terima kasih", "timestamp": "2024-11-26T02:10:00+0000",
         "username": "kpujember", "parent_id": "180"},
        source="ig_kpu", ig_user_id="178", media_id="179", own_username="kpujember",
    )
    assert reply.parent_external_id == "180" and reply.is_own and reply.conversation_id == "179"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-11-20T03:15:00+0000", datetime(2024, 11, 20, 3, 15, tzinfo=UTC)),
        ("2024-11-20T10:15:00+0700", datetime(2024, 11, 20, 3, 15, tzinfo=UTC)),
        ("2024-11-20T03:15:00Z", datetime(2024, 11, 20, 3, 15, tzinfo=UTC)),
    ],
)
def test_graph_times(raw: str, expected: datetime) -> None:
    assert graph_time(raw) == expected


@pytest.mark.parametrize("raw", ["", "2024-11-20", "kemarin", None])
def test_graph_bad_times(raw: Any) -> None:
    with pytest.raises(MappingError):
        graph_time(raw)
