"""Graph API nodes (Facebook Page, post, comment; Instagram user, media, comment) and fields."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from collectors.emulator.model import Entry, OwnAccount
from collectors.emulator.world import Scenario

NODE_TYPES = {
    "page": "Page",
    "post": "PagePost",
    "comment": "Comment",
    "ig_user": "IGUser",
    "ig_media": "IGMedia",
    "ig_comment": "IGComment",
    "user": "User",
}
DEFAULT_FIELDS = {
    "page": ["id", "name"],
    "post": ["created_time", "message", "id"],
    "comment": ["created_time", "from", "message", "id"],
    "ig_user": ["id"],
    "ig_media": ["id"],
    "ig_comment": ["timestamp", "text", "id"],
    "user": ["id", "name"],
}
SCALARS = {
    "page": {
        "id",
        "name",
        "username",
        "fan_count",
        "followers_count",
        "about",
        "category",
        "link",
        "instagram_business_account",
    },
    "post": {
        "id",
        "message",
        "created_time",
        "updated_time",
        "permalink_url",
        "from",
        "shares",
        "status_type",
        "is_published",
    },
    "comment": {
        "id",
        "message",
        "created_time",
        "from",
        "like_count",
        "comment_count",
        "parent",
        "permalink_url",
        "is_hidden",
        "can_comment",
    },
    "ig_user": {
        "id",
        "username",
        "name",
        "biography",
        "followers_count",
        "follows_count",
        "media_count",
        "profile_picture_url",
        "website",
    },
    "ig_media": {
        "id",
        "caption",
        "timestamp",
        "permalink",
        "comments_count",
        "like_count",
        "media_type",
        "media_url",
        "shortcode",
        "username",
        "owner",
        "is_comment_enabled",
    },
    "ig_comment": {
        "id",
        "text",
        "timestamp",
        "username",
        "like_count",
        "from",
        "parent_id",
        "media",
        "hidden",
    },
    "user": {"id", "name"},
}
EDGES = {
    "page": {"posts", "feed", "published_posts"},
    "post": {"comments", "reactions", "likes"},
    "comment": {"comments", "reactions", "likes"},
    "ig_user": {"media"},
    "ig_media": {"comments"},
    "ig_comment": {"replies"},
    "user": set(),
}


def graph_time(when: datetime) -> str:
    """Graph's timestamp format: ``2024-11-20T03:15:00+0000``."""
    return when.strftime("%Y-%m-%dT%H:%M:%S+0000")


@dataclass(frozen=True, slots=True)
class Node:
    """A resolved Graph object."""

    kind: str
    id: str
    entry: Entry | None = None
    account: OwnAccount | None = None

    @property
    def type_name(self) -> str:
        """Graph's name for the node type, used in error messages."""
        return NODE_TYPES[self.kind]


def resolve(scenario: Scenario, node_id: str) -> Node | None:
    """The node with this id if it exists and is visible now."""
    for platform, kind in (("facebook", "page"), ("instagram", "ig_user")):
        if platform in scenario.closed:
            continue
        account = scenario.accounts[platform]
        if node_id == account.id:
            return Node(kind, node_id, account=account)
    for platform in ("facebook", "instagram"):
        if platform in scenario.closed:
            continue
        entry = scenario.get(platform, node_id)
        if entry is not None and scenario.is_visible(entry):
            if platform == "facebook":
                return Node("post" if entry.kind == "post" else "comment", node_id, entry)
            return Node("ig_media" if entry.kind == "post" else "ig_comment", node_id, entry)
    return None


def owner_id(scenario: Scenario, node: Node) -> str:
    """The Page or Instagram account a node belongs to (for usage headers)."""
    platform = "instagram" if node.kind.startswith("ig_") else "facebook"
    return scenario.accounts[platform].id


def _shortcode(entry_id: str) -> str:
    return base64.urlsafe_b64encode(int(entry_id).to_bytes(8, "big")).decode().rstrip("=")[:11]


def _fb_permalink(scenario: Scenario, entry: Entry) -> str:
    page = scenario.accounts["facebook"].id
    post_number = entry.root_id.split("_")[-1]
    if entry.kind == "post":
        return f"https://www.facebook.com/{page}/posts/{post_number}/"
    comment_number = entry.external_id.split("_")[-1]
    link = f"https://www.facebook.com/{page}/posts/{post_number}/?comment_id="
    if entry.parent_id and entry.parent_id != entry.root_id:
        return f"{link}{entry.parent_id.split('_')[-1]}&reply_comment_id={comment_number}"
    return link + comment_number


def scalars(scenario: Scenario, node: Node, page_token: bool) -> dict[str, Any]:
    """Every scalar field this object has (absent fields are missing, as Graph omits them)."""
    if node.account is not None:
        return _account_fields(node, node.account, scenario)
    entry = node.entry
    assert entry is not None
    kids = scenario.visible_children(entry)
    own_fb, own_ig = scenario.accounts["facebook"], scenario.accounts["instagram"]
    values: dict[str, Any] = {"id": entry.external_id}
    if node.kind in ("post", "comment"):
        values.update(
            message=scenario.text_now(entry),
            created_time=graph_time(entry.created_at),
            permalink_url=_fb_permalink(scenario, entry),
        )
        writer = (
            {"id": own_fb.id, "name": own_fb.name}
            if entry.author is None
            else {"id": entry.author.id, "name": entry.author.name}
        )
        if node.kind == "post" or page_token:
            values["from"] = writer  # without a Page token Graph hides who commented
        if node.kind == "post":
            values.update(
                updated_time=graph_time(entry.updated_at),
                shares={"count": entry.share_count},
                status_type="added_photos",
                is_published=True,
            )
        else:
            values.update(
                like_count=entry.like_count,
                comment_count=len(kids),
                is_hidden=False,
                can_comment=entry.parent_id == entry.root_id,
            )
            parent = scenario.get("facebook", entry.parent_id or "")
            if parent is not None and parent.kind == "reply":
                values["parent"] = {
                    "created_time": graph_time(parent.created_at),
                    "message": scenario.text_now(parent),
                    "id": parent.external_id,
                }
    elif node.kind == "ig_media":
        code = _shortcode(entry.external_id)
        # Instagram nests one level, so comments plus their replies are every comment
        every = kids + [r for k in kids for r in scenario.visible_children(k)]
        values.update(
            caption=scenario.text_now(entry),
            timestamp=graph_time(entry.created_at),
            permalink=f"https://www.instagram.com/p/{code}/",
            comments_count=len(every),
            like_count=entry.like_count,
            media_type="IMAGE",
            shortcode=code,
            media_url=f"https://scontent.cdninstagram.com/emulator/{code}.jpg",
            username=own_ig.username,
            owner={"id": own_ig.id},
            is_comment_enabled=True,
        )
    elif node.kind == "ig_comment":
        who = (
            (own_ig.id, own_ig.username)
            if entry.author is None
            else (entry.author.id, entry.author.handle)
        )
        values.update(
            text=scenario.text_now(entry),
            timestamp=graph_time(entry.created_at),
            username=who[1],
            like_count=entry.like_count,
            hidden=False,
            media={"id": entry.root_id},
            **{"from": {"id": who[0], "username": who[1]}},
        )
        if entry.parent_id != entry.root_id:
            values["parent_id"] = entry.parent_id
    return values


def _account_fields(node: Node, account: OwnAccount, scenario: Scenario) -> dict[str, Any]:
    if node.kind == "page":
        values: dict[str, Any] = {
            "id": account.id,
            "name": account.name,
            "username": account.username,
            "fan_count": account.followers,
            "followers_count": account.followers + 900,
            "about": account.description,
            "category": "Government organization",
            "link": f"https://www.facebook.com/{account.username}",
            "instagram_business_account": {"id": scenario.accounts["instagram"].id},
        }
    else:
        media = [e for e in scenario.posts("instagram") if scenario.is_visible(e)]
        values = {
            "id": account.id,
            "username": account.username,
            "name": account.name,
            "biography": account.description,
            "followers_count": account.followers,
            "follows_count": 120,
            "media_count": len(media),
            "profile_picture_url": "https://scontent.cdninstagram.com/emulator/profile.jpg",
            "website": "https://jember.kpu.go.id",
        }
    return values


def edge_items(scenario: Scenario, node: Node, edge: str, filter_: str) -> tuple[list[Entry], bool]:
    """Items of an edge and whether they are served newest first."""
    if edge in ("reactions", "likes"):
        return [], False
    if node.kind in ("page", "ig_user"):
        platform = "facebook" if node.kind == "page" else "instagram"
        posts = [e for e in scenario.posts(platform) if scenario.is_visible(e)]
        return sorted(posts, key=sort_key, reverse=True), True
    entry = node.entry
    assert entry is not None
    if node.kind == "post" and filter_ == "stream":
        everything = [
            e for e in scenario.thread("facebook", entry.external_id) if scenario.is_visible(e)
        ]
        return sorted(everything, key=sort_key), False
    kids = sorted(scenario.visible_children(entry), key=sort_key)
    if node.kind == "ig_media":
        return kids[::-1], True  # Instagram lists comments newest first
    return kids, False


def sort_key(entry: Entry) -> tuple[float, str]:
    """Order of comments and posts: creation time, then id."""
    return entry.created_at.timestamp(), entry.external_id
