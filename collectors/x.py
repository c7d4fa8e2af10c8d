"""X (Twitter) API v2 collector through tweepy's ``Client``.

Streams (each optional per source):

- ``own_posts``: the commission's timeline (``get_users_tweets``), incremental by ``since_id``;
- ``mentions``: replies and mentions (``get_users_mentions``), incremental by ``since_id``;
- ``conversations``: nested replies under the commission's posts of the last
  ``comment_days`` (``search_recent_tweets("conversation_id:N")``; search only returns
  replies of X's last 7 days, whatever the post's age), one cursor per post;
- a deletion check: X does not announce deletions outside compliance streams, so stored
  ids are looked up again (``get_tweets``, 100 ids per request, billed as post reads) when
  they turn one day and ``conversation_days`` old (checked every ``recheck_hours``); ids X
  reports as not found are marked deleted.

Timelines come newest first, so ``since_id`` may only move to the newest id once every page
down to the old ``since_id`` is committed. Until then the cursor holds a *pending* sweep
(``newest`` seen and ``until`` = the oldest id committed); a killed run resumes below
``until`` instead of starting over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import tweepy

from collectors.base import (
    Clock,
    CursorUpdate,
    PageBatch,
    StoreView,
    dump_json_cursor,
    load_json_cursor,
    tombstone,
)
from collectors.mapping_x import map_page, missing_ids
from collectors.page_privacy import PagePrivacy
from collectors.settings import SourceSettings
from collectors.transport import TransportStats
from core.errors import CollectorError
from core.records import RawPage

TWEET_FIELDS = [
    "created_at",
    "author_id",
    "conversation_id",
    "in_reply_to_user_id",
    "referenced_tweets",
    "public_metrics",
    "lang",
    "geo",
    "entities",
    "edit_history_tweet_ids",
]
# No "referenced_tweets.id": expanded tweets are billed as post reads and add nothing we keep.
EXPANSIONS = ["author_id", "geo.place_id", "in_reply_to_user_id"]
USER_FIELDS = ["username", "name", "location", "created_at", "public_metrics", "verified"]
PLACE_FIELDS = ["full_name", "name", "country_code", "place_type", "geo"]
LOOKUP_BATCH = 100
MENTIONS_CAP = 800  # the mentions timeline serves only the newest 800
SEARCH_DAYS = timedelta(days=7)
_TWITTER_EPOCH_MS = 1288834974657
MAX_REPEATS = 3


class AccountNotFound(CollectorError):
    """The configured account id does not exist (or is deleted/suspended)."""


def snowflake_at(when: datetime) -> int:
    """The smallest tweet id X can have given at ``when`` (ids embed their creation time)."""
    ms = int(when.timestamp() * 1000) - _TWITTER_EPOCH_MS
    return max(ms, 0) << 22


def _x_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _account_missing(payload: Any, account_id: str) -> bool:
    if not isinstance(payload, dict) or payload.get("data"):
        return False
    for err in payload.get("errors") or []:
        if (
            isinstance(err, dict)
            and err.get("resource_type") == "user"
            and str(err.get("value") or err.get("resource_id")) == account_id
        ):
            return True
    return False


class XCollector:
    """One X account configured as a source."""

    platform = "x"

    def __init__(
        self,
        source: SourceSettings,
        client: tweepy.Client,
        stats: TransportStats,
        *,
        clock: Clock,
        since: datetime | None = None,
        recheck_hours: float | None = 24.0,
        privacy: PagePrivacy | None = None,
    ) -> None:
        self.name = source.name
        self.source = source
        self.client = client
        self.stats = stats
        self.privacy = privacy
        self.clock = clock
        self.since = since
        self.recheck_hours = recheck_hours
        self._read: dict[str, int] = {}

    # -- helpers ------------------------------------------------------------------------------
    def _common(self) -> dict[str, Any]:
        return {
            "tweet_fields": TWEET_FIELDS,
            "expansions": EXPANSIONS,
            "user_fields": USER_FIELDS,
            "place_fields": PLACE_FIELDS,
        }

    def _private(self, payload: Any) -> Any:
        """The page as it may be mapped: citizens' identities replaced (page_privacy)."""
        return self.privacy.identities(payload) if self.privacy is not None else payload

    def _raw(self, endpoint: str, payload: Any) -> RawPage:
        """The raw page of a payload that went through :meth:`_private`."""
        if self.privacy is not None:
            payload = self.privacy.for_storage(payload)
        return RawPage(
            source=self.name,
            platform="x",
            endpoint=endpoint,
            url=self.stats.last_url,
            retrieved_at=datetime.now(UTC),
            api_version=f"2 ({self.stats.last_api_version})"
            if self.stats.last_api_version
            else "2",
            payload=payload,
            status_code=self.stats.last_status or 200,
        )

    def _batch(self, stream: str, endpoint: str, payload: Any) -> PageBatch:
        payload = self._private(payload)
        mapped = map_page(payload, source=self.name, own_user_id=self.source.account_id)
        return PageBatch(
            stream=stream,
            raw=self._raw(endpoint, payload),
            records=mapped.records,
            skipped=mapped.skipped,
        )

    def pages(self, view: StoreView) -> Iterator[PageBatch]:
        streams = self.source.streams
        account = self.source.account_id
        if "own_posts" in streams:
            yield from self._sweep(
                view,
                "own_posts",
                "",
                "users/:id/tweets",
                lambda **kw: self.client.get_users_tweets(account, **kw),
                "pagination_token",
                5,
            )
        if "mentions" in streams:
            yield from self._sweep(
                view,
                "mentions",
                "",
                "users/:id/mentions",
                lambda **kw: self.client.get_users_mentions(account, **kw),
                "pagination_token",
                5,
            )
        if "conversations" in streams:
            yield from self._conversations(view)
        yield from self._recheck(view)

    # -- newest-first sweeps with a pending cursor -----------------------------------------------
    def _sweep(
        self,
        view: StoreView,
        stream: str,
        key: str,
        endpoint: str,
        call: Callable[..., Any],
        token_name: str,
        min_page: int,
        floor_id: str | None = None,
        raw_state: str | None = None,
    ) -> Iterator[PageBatch]:
        state = load_json_cursor(raw_state if raw_state is not None else view.cursor(stream, key))
        since_id: str | None = state.get("since_id")
        pending: dict[str, Any] = state.get("pending") or {}
        params = self._common()
        params["max_results"] = max(min_page, self.source.page_size)
        # A --since re-read leaves an existing cursor alone: whatever lies between that cursor
        # and the --since date is still to be read by the next normal run.
        keep_cursor = self.since is not None and floor_id is None and bool(state.get("since_id"))
        if self.since is not None and floor_id is None:
            params["start_time"] = _x_time(self.since)
            since_id, pending = None, {}
        elif since_id or floor_id:
            params["since_id"] = str(max(int(v) for v in (since_id, floor_id) if v))
        elif self.source.start_date is not None:
            start = datetime.combine(self.source.start_date, datetime.min.time(), UTC)
            params["start_time"] = _x_time(start)
        newest: int | None = int(pending["newest"]) if pending.get("newest") else None
        # A resumed sweep asks only below the oldest id already committed (fixed for the run);
        # ``floor`` tracks the oldest committed id as pages arrive.
        run_until: str | None = pending.get("until")
        floor: int | None = int(run_until) if run_until else None
        token: str | None = None
        repeats = 0
        used: set[str] = set()
        while True:
            kwargs = dict(params)
            if run_until:
                kwargs["until_id"] = run_until
            if token:
                kwargs[token_name] = token
            payload = call(**kwargs)
            if stream in ("own_posts", "mentions") and _account_missing(
                payload, self.source.account_id
            ):
                raise AccountNotFound(
                    f"Akun X dengan id {self.source.account_id} tidak ditemukan",
                    "Periksa account_id sumber ini di konfigurasi (id numerik, bukan "
                    "username); akun mungkin juga dihapus atau ditangguhkan.",
                )
            batch = self._batch(stream, endpoint, payload)
            self._read[stream] = self._read.get(stream, 0) + len(batch.records)
            data = payload.get("data") if isinstance(payload, dict) else None
            ids = [int(t["id"]) for t in data or [] if isinstance(t, dict) and t.get("id")]
            if ids:
                newest = max([*ids, newest] if newest is not None else ids)
                floor = min([*ids, floor] if floor is not None else ids)
            meta = payload.get("meta") if isinstance(payload, dict) else None
            next_token = meta.get("next_token") if isinstance(meta, dict) else None
            if next_token and next_token in used:
                repeats += 1  # a page served twice: ask again, but never loop forever
                if repeats > MAX_REPEATS:
                    batch.gaps.append(f"{stream}: halaman berulang, penyapuan dihentikan")
                    next_token = None
            cursor: dict[str, Any]
            if next_token and newest is not None and floor is not None:
                cursor = {
                    "since_id": since_id,
                    "pending": {"newest": str(newest), "until": str(floor)},
                }
            elif next_token:
                cursor = {"since_id": since_id}
            else:
                done = newest if newest is not None else (int(since_id) if since_id else None)
                cursor = {
                    "since_id": str(done) if done is not None else None,
                    "at": self.clock().isoformat(),
                }
            if not keep_cursor:
                batch.cursors.append(CursorUpdate(stream, dump_json_cursor(cursor), key))
            yield batch
            if not next_token:
                return
            used.add(next_token)
            token = next_token

    # -- conversations of recent own posts ------------------------------------------------------
    def _conversations(self, view: StoreView) -> Iterator[PageBatch]:
        now = self.clock()
        watch_start = now - timedelta(days=self.source.comment_days)
        # Search reaches replies of the last days only, whatever the age of the post; a
        # since_id older than that is refused, so it is raised to the window's first id.
        search_floor = snowflake_at(now - SEARCH_DAYS + timedelta(minutes=5))
        states = view.cursor_keys("conversations")  # one read, not one per post
        mentions = self._read.get("mentions", 0)
        if mentions >= MENTIONS_CAP - self.source.page_size:
            gap = (
                f"mentions: {mentions} sebutan sejak pengambilan terakhir (batas X "
                f"{MENTIONS_CAP}); yang lebih lama hanya terjangkau lewat pencarian 7 hari"
            )
            yield PageBatch("mentions", None, gaps=[gap])
        for post in view.own_posts_since("x", watch_start):
            query = f"conversation_id:{post.external_id}" + self._exclusions()
            searched = load_json_cursor(states.get(post.external_id)).get("at")
            if searched and datetime.fromisoformat(searched) < now - SEARCH_DAYS:
                gap = (
                    f"percakapan {post.external_id}: pengambilan terakhir lebih dari 7 hari "
                    "lalu; balasan di antaranya di luar jangkauan pencarian X"
                )
                yield PageBatch("conversations", None, gaps=[gap])
            try:
                yield from self._sweep(
                    view,
                    "conversations",
                    post.external_id,
                    "tweets/search/recent",
                    lambda q=query, **kw: self.client.search_recent_tweets(q, **kw),
                    "next_token",
                    10,
                    floor_id=str(max(int(post.external_id), search_floor)),
                    raw_state=states.get(post.external_id, ""),
                )
            except tweepy.BadRequest as exc:
                # The post left X's 7-day search window between our clock and theirs.
                if "since_id" not in str(exc) and "start_time" not in str(exc):
                    raise

    def _exclusions(self) -> str:
        """Search terms leaving out what the other streams already read.

        X bills every post read: replies that mention the account come with the mentions
        timeline and the account's own replies with its timeline, so the conversation search
        asks only for the rest (replies among citizens that drop the mention).
        """
        username = (self.source.username or "").lstrip("@")
        if not username:
            return ""
        terms = []
        # If more mentions came than the timeline can serve, the search must take them too.
        overflow = self._read.get("mentions", 0) >= MENTIONS_CAP - self.source.page_size
        if "mentions" in self.source.streams and not overflow:
            terms.append(f" -@{username}")
        if "own_posts" in self.source.streams:
            terms.append(f" -from:{username}")
        return "".join(terms)

    # -- deletion check -------------------------------------------------------------------------
    def _recheck(self, view: StoreView) -> Iterator[PageBatch]:
        """Look stored ids up again when they turn one day and ``conversation_days`` old.

        Each id is read twice in its life (X bills every read), at the ages when most
        deletions have happened; ``recheck_hours`` sets how often the check runs.
        """
        if self.recheck_hours is None:
            return
        now = self.clock()
        interval = timedelta(hours=self.recheck_hours)
        state = load_json_cursor(view.cursor("recheck"))
        prev = datetime.fromisoformat(state["at"]) if state.get("at") else now - interval
        if now - prev < interval:
            return
        ages = sorted({timedelta(days=1), timedelta(days=self.source.conversation_days)})
        candidates = view.live_items_since("x", prev - ages[-1])
        stored = [
            item
            for item in candidates
            if any(prev - age <= item.created_at < now - age for age in ages)
        ]
        done = CursorUpdate("recheck", dump_json_cursor({"at": now.isoformat()}))
        if not stored:
            yield PageBatch("recheck", None, cursors=[done])
            return
        for start in range(0, len(stored), LOOKUP_BATCH):
            chunk = stored[start : start + LOOKUP_BATCH]
            by_id = {s.external_id: s for s in chunk}
            payload = self._private(self.client.get_tweets(list(by_id), tweet_fields=["id"]))
            gone = [i for i in missing_ids(payload) if i in by_id]
            batch = PageBatch(
                "recheck",
                self._raw("tweets", payload),
                records=[tombstone("x", i, by_id[i].created_at, self.name) for i in gone],
            )
            if start + LOOKUP_BATCH >= len(stored):
                batch.cursors.append(done)
            yield batch
