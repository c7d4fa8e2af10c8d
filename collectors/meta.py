"""Facebook Page and Instagram professional account collectors through facebook-sdk.

facebook-sdk 3.1 only accepts Graph versions up to 3.1 in its constructor, so the version
(e.g. ``v21.0``) is set on the object afterwards. Its ``get_all_connections`` raises
``KeyError`` when a ``paging.next`` URL lacks ``access_token``, so paging here follows
``paging.cursors.after`` with the same arguments instead.

Per run, each source:

1. lists its posts (Facebook ``/{page}/posts``, Instagram ``/{ig-user}/media``) of the last
   ``comment_days`` (on the first run from ``start_date``), with each post's comment
   signature inline (total count and newest comment id): one cheap request for a month;
2. lists a post's comments in full only when the post is new to us, its signature changed,
   or, for posts of the last ``conversation_days``, its last full listing is older than
   ``recheck_hours`` (an edit changes no signature, so edits are found by that recheck);
3. after a complete listing, marks stored comments of that post that the listing no longer
   contains as deleted, and stored posts of the window missing from the post listing too.

A post's comment cursor (its signature) is written only after its last comment page is
committed, so a killed run lists that post again: nothing lost, nothing duplicated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import facebook

from collectors.base import (
    Clock,
    CursorUpdate,
    PageBatch,
    StoreView,
    dump_json_cursor,
    load_json_cursor,
    tombstone,
)
from collectors.mapping_meta import (
    MappedPage,
    data_of,
    map_fb_comment,
    map_fb_post,
    map_ig_comment,
    map_ig_media,
)
from collectors.page_privacy import PagePrivacy
from collectors.settings import SourceSettings
from collectors.token_expiry import check_batches
from collectors.transport import TransportStats, redact_payload
from core.records import ItemRecord, RawPage

MAX_REPEATS = 3
FB_COMMENT_FIELDS = (
    "id,message,created_time,from{id,name},like_count,comment_count,parent{id},permalink_url"
)
FB_POST_FIELDS = (
    "id,message,created_time,updated_time,permalink_url,from{id,name},shares,"
    "comments.filter(stream).order(reverse_chronological).summary(true).limit(1){id}"
)
IG_COMMENT_BASE = "id,text,timestamp,username,from{id,username},like_count,parent_id,media{id}"
# Instagram attaches replies to the top comment, but a reply is an IG Comment too and may
# carry its own (normally empty) replies edge; asking for it costs nothing and catches any.
IG_REPLY_FIELDS = IG_COMMENT_BASE + ",replies{" + IG_COMMENT_BASE + "}"
IG_COMMENT_FIELDS = IG_COMMENT_BASE + ",replies{" + IG_REPLY_FIELDS + "}"
IG_MEDIA_FIELDS = (
    "id,caption,timestamp,permalink,like_count,comments_count,media_type,username,owner,"
    "comments.limit(1){id}"
)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def make_graph(token: str, version: str, session: Any) -> facebook.GraphAPI:
    graph = facebook.GraphAPI(access_token=token, session=session)
    graph.version = version  # after construction: the constructor rejects anything past 3.1
    return graph


@dataclass(slots=True)
class ListedPost:
    record: ItemRecord
    signature: str
    comment_total: int | None


class GraphReader:
    """Graph GETs and cursor paging, with the provenance of each page."""

    def __init__(
        self, graph: facebook.GraphAPI, stats: TransportStats, version: str, source: str,
        platform: str, privacy: PagePrivacy | None = None,
    ) -> None:
        self.graph, self.stats, self.version = graph, stats, version
        self.source, self.platform = source, platform
        self.privacy = privacy

    def raw(self, endpoint: str, payload: Any) -> RawPage:
        """The raw page of a payload :meth:`edge` yielded (already without identities)."""
        if self.privacy is not None:
            payload = self.privacy.for_storage(payload)
        return RawPage(
            source=self.source,
            platform=self.platform,
            endpoint=endpoint,
            url=self.stats.last_url,
            retrieved_at=datetime.now(UTC),
            api_version=self.version,
            payload=redact_payload(payload),
            status_code=self.stats.last_status or 200,
        )

    def debug_token(self) -> Any:
        """Graph's description of the token in use (validity, expiry, scopes)."""
        return self.graph.request(
            f"{self.version}/debug_token", {"input_token": self.graph.access_token}
        )

    def edge(self, node: str, edge: str, args: dict[str, Any]) -> Iterator[tuple[Any, bool]]:
        """Pages of ``/{node}/{edge}``; each with whether it is the last page."""
        args = dict(args)
        seen: set[str] = set()
        repeats = 0
        while True:
            payload = self.graph.request(f"{self.version}/{node}/{edge}", dict(args))
            if self.privacy is not None:
                # Before anything maps it: citizens' identities replaced (page_privacy).
                payload = self.privacy.identities(payload)
            paging = _obj(_obj(payload).get("paging"))
            after = _obj(paging.get("cursors")).get("after") if paging.get("next") else None
            after = str(after) if after else None
            if after and after in seen:
                repeats += 1  # the same page again: retry the same cursor, boundedly
                if repeats > MAX_REPEATS:
                    after = None
            yield payload, after is None
            if after is None:
                return
            seen.add(after)
            args["after"] = after


def _since_epoch(when: datetime | date | None) -> int | None:
    if when is None:
        return None
    if not isinstance(when, datetime):
        when = datetime.combine(when, datetime.min.time(), UTC)
    return int(when.timestamp())


class _GraphCollector:
    """What Facebook and Instagram share: the post listing, signatures, sweeps, deletions."""

    platform = "facebook"
    posts_stream = "posts"
    posts_edge = "posts"
    post_fields = FB_POST_FIELDS

    def __init__(
        self,
        source: SourceSettings,
        reader: GraphReader,
        *,
        clock: Clock,
        since: datetime | None = None,
        recheck_hours: float | None = 24.0,
    ) -> None:
        self.name = source.name
        self.source = source
        self.reader = reader
        self.clock = clock
        self.since = since
        self.recheck_hours = recheck_hours

    # -- overridden per platform ----------------------------------------------------------------
    def map_post(self, obj: dict[str, Any]) -> ItemRecord:
        raise NotImplementedError

    def signature(self, obj: dict[str, Any]) -> tuple[str, int | None]:
        raise NotImplementedError

    def comment_pages(self, post: ListedPost) -> Iterator[tuple[PageBatch, list[str]]]:
        raise NotImplementedError

    # -- the run --------------------------------------------------------------------------------
    def pages(self, view: StoreView) -> Iterator[PageBatch]:
        now = self.clock()
        yield from check_batches(self.reader, view, now)
        window_start = now - timedelta(days=self.source.conversation_days)
        watch_start = now - timedelta(days=max(self.source.comment_days, 1))
        state = load_json_cursor(view.cursor(self.posts_stream))
        since_ts: int | None
        if self.since is not None:
            since_ts = _since_epoch(self.since)
        elif state.get("newest"):
            newest = datetime.fromisoformat(state["newest"])
            since_ts = _since_epoch(min(newest, watch_start))
        else:
            since_ts = _since_epoch(self.source.start_date)
        listed: list[ListedPost] = []
        newest_seen: datetime | None = (
            datetime.fromisoformat(state["newest"]) if state.get("newest") else None
        )
        args: dict[str, Any] = {"fields": self.post_fields, "limit": self.source.page_size}
        if since_ts is not None:
            args["since"] = since_ts
        for payload, last in self.reader.edge(self.source.account_id, self.posts_edge, args):
            mapped = MappedPage()
            for obj in data_of(payload):
                record = mapped.add(lambda o: self.map_post(o), obj)
                if record is None:
                    continue
                signature, total = self.signature(obj)
                listed.append(ListedPost(record, signature, total))
                if newest_seen is None or record.created_at > newest_seen:
                    newest_seen = record.created_at
            batch = PageBatch(
                self.posts_stream,
                self.reader.raw(f"{{id}}/{self.posts_edge}", payload),
                records=mapped.records,
                skipped=mapped.skipped,
            )
            if last:
                # A --since re-read leaves an existing cursor where the last normal run put it.
                if newest_seen is not None and not (self.since and state.get("newest")):
                    value = dump_json_cursor({"newest": newest_seen.isoformat()})
                    batch.cursors.append(CursorUpdate(self.posts_stream, value))
                batch.records += self._deleted_posts(view, listed, since_ts, now)
            yield batch
        if "comments" in self.source.streams:
            states = view.cursor_keys("comments")  # one read, not one per post
            for post in listed:
                state = load_json_cursor(states.get(post.record.external_id))
                yield from self._comments_of(view, post, state, now, window_start)

    def _deleted_posts(
        self, view: StoreView, listed: list[ListedPost], since_ts: int | None, now: datetime
    ) -> list[ItemRecord]:
        """Stored posts of the listed period that the complete listing no longer holds."""
        start = datetime.fromtimestamp(since_ts or 0, UTC)
        present = {p.record.external_id for p in listed}
        gone: list[ItemRecord] = []
        for post in view.own_posts_since(self.platform, start):
            # Only what existed when we listed can be judged missing.
            if post.external_id in present or post.created_at > now:
                continue
            gone.append(tombstone(self.platform, post.external_id, post.created_at, self.name))
            for child in view.live_in_conversation(self.platform, post.external_id):
                gone.append(
                    tombstone(self.platform, child.external_id, child.created_at, self.name)
                )
        return gone

    def _comments_of(
        self,
        view: StoreView,
        post: ListedPost,
        state: dict[str, Any],
        now: datetime,
        window_start: datetime,
    ) -> Iterator[PageBatch]:
        post_id = post.record.external_id
        due = not state or state.get("sig") != post.signature
        if not due and self.recheck_hours is not None and post.record.created_at >= window_start:
            checked = datetime.fromisoformat(state["at"]) if state.get("at") else None
            due = checked is None or now - checked >= timedelta(hours=self.recheck_hours)
        if not due:
            return
        seen: set[str] = set()
        for batch, ids in self.comment_pages(post):
            seen.update(ids)
            yield batch
        gone = [
            tombstone(self.platform, item.external_id, item.created_at, self.name)
            for item in view.live_in_conversation(self.platform, post_id)
            if item.external_id not in seen and item.created_at <= now
        ]
        final = PageBatch("comments", None, records=gone)
        final.cursors.append(
            CursorUpdate(
                "comments", dump_json_cursor({"sig": post.signature, "at": now.isoformat()}),
                post_id,
            )
        )
        if post.comment_total is not None and len(seen) < post.comment_total:
            final.gaps.append(
                f"komentar {post_id}: {len(seen)} dari {post.comment_total} terkumpul"
            )
        yield final


class FacebookCollector(_GraphCollector):
    """A Facebook Page: its posts and every comment and reply under them."""

    platform = "facebook"
    posts_stream = "posts"
    posts_edge = "posts"
    post_fields = FB_POST_FIELDS

    def map_post(self, obj: dict[str, Any]) -> ItemRecord:
        return map_fb_post(obj, source=self.name, page_id=self.source.account_id)

    def signature(self, obj: dict[str, Any]) -> tuple[str, int | None]:
        block = _obj(obj.get("comments"))
        summary = _obj(block.get("summary"))
        total = summary.get("total_count") if isinstance(summary.get("total_count"), int) else None
        first = data_of(block)[:1]
        newest = first[0].get("id") if first and isinstance(first[0], dict) else ""
        return f"{total}:{newest}", total

    def comment_pages(self, post: ListedPost) -> Iterator[tuple[PageBatch, list[str]]]:
        post_id = post.record.external_id
        args = {
            "fields": FB_COMMENT_FIELDS,
            "filter": "stream",  # comments and replies to comments in one listing
            "order": "chronological",
            "limit": self.source.page_size,
        }
        for payload, _last in self.reader.edge(post_id, "comments", args):
            mapped = MappedPage()
            ids = []
            for obj in data_of(payload):
                rec = mapped.add(
                    map_fb_comment, obj, source=self.name, page_id=self.source.account_id,
                    post_id=post_id,
                )
                if rec is not None:
                    ids.append(rec.external_id)
            batch = PageBatch(
                "comments",
                self.reader.raw("{id}/comments", payload),
                records=mapped.records,
                skipped=mapped.skipped,
            )
            yield batch, ids


class InstagramCollector(_GraphCollector):
    """An Instagram professional account: its media and their comments and replies."""

    platform = "instagram"
    posts_stream = "media"
    posts_edge = "media"
    post_fields = IG_MEDIA_FIELDS

    def __init__(self, *args: Any, own_username: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own_username = own_username or self.source.username

    def map_post(self, obj: dict[str, Any]) -> ItemRecord:
        return map_ig_media(obj, source=self.name, ig_user_id=self.source.account_id)

    def signature(self, obj: dict[str, Any]) -> tuple[str, int | None]:
        total = obj.get("comments_count") if isinstance(obj.get("comments_count"), int) else None
        block = _obj(obj.get("comments"))
        first = data_of(block)[:1]
        newest = first[0].get("id") if first and isinstance(first[0], dict) else ""
        return f"{total}:{newest}", total

    def _map_comment(self, mapped: MappedPage, obj: Any, media_id: str) -> str | None:
        rec = mapped.add(
            map_ig_comment, obj, source=self.name, ig_user_id=self.source.account_id,
            media_id=media_id, own_username=self.own_username,
        )
        return rec.external_id if rec is not None else None

    def _map_tree(
        self,
        mapped: MappedPage,
        obj: Any,
        media_id: str,
        parent: str | None,
        ids: list[str],
        more: list[tuple[str, str]],
    ) -> None:
        """A comment, its inline replies (recursively), and where their paging continues."""
        if parent is not None and isinstance(obj, dict) and not obj.get("parent_id"):
            obj = {**obj, "parent_id": parent}
        cid = self._map_comment(mapped, obj, media_id)
        if cid is None:
            return
        ids.append(cid)
        replies = _obj(_obj(obj).get("replies"))
        for reply in data_of(replies):
            self._map_tree(mapped, reply, media_id, cid, ids, more)
        paging = _obj(replies.get("paging"))
        after = _obj(paging.get("cursors")).get("after") if paging.get("next") else None
        if after:
            more.append((cid, str(after)))

    def comment_pages(self, post: ListedPost) -> Iterator[tuple[PageBatch, list[str]]]:
        media_id = post.record.external_id
        args = {"fields": IG_COMMENT_FIELDS, "limit": self.source.page_size}
        yield from self._tree_pages(media_id, "comments", args, media_id, None)

    def _tree_pages(
        self,
        node_id: str,
        edge: str,
        args: dict[str, Any],
        media_id: str,
        parent_comment: str | None,
    ) -> Iterator[tuple[PageBatch, list[str]]]:
        """Pages of a comments or replies edge, then the deeper replies they point to."""
        for payload, _last in self.reader.edge(node_id, edge, args):
            mapped = MappedPage()
            ids: list[str] = []
            more: list[tuple[str, str]] = []
            for obj in data_of(payload):
                self._map_tree(mapped, obj, media_id, parent_comment, ids, more)
            yield (
                PageBatch(
                    "comments",
                    self.reader.raw("{id}/" + edge, payload),
                    records=mapped.records,
                    skipped=mapped.skipped,
                ),
                ids,
            )
            for cid, after in more:
                reply_args = {"fields": IG_REPLY_FIELDS, "limit": self.source.page_size}
                reply_args["after"] = after
                yield from self._tree_pages(cid, "replies", reply_args, media_id, cid)
