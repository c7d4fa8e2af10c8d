"""X API v2 emulation: users lookup, user timelines, mentions, recent search, tweet lookup.

Behaviour copied from X's documentation where collectors depend on it: newest-first
timelines with ``since_id``/``until_id``/``pagination_token``; search limited to the last
7 days (before the scenario's ``now``); the mentions timeline only reaches the 800 newest
mentions and the user timeline the 3,200 newest tweets; unknown users and tweets come back as
200 with an ``errors`` array; per-endpoint 15-minute rate-limit windows in headers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from collectors.emulator import x_objects as xo
from collectors.emulator.api_types import ApiRequest, ApiResponse, TokenGrant, WindowCounter
from collectors.emulator.ids import TWITTER_EPOCH_MS
from collectors.emulator.model import Author, Entry, Version
from collectors.emulator.world import Scenario
from collectors.emulator.x_params import (
    ALLOWED,
    FORBIDDEN,
    GROUP,
    PROBLEMS,
    ROUTES,
    SEARCH_WINDOW,
    TOO_MANY,
    UNAUTHORIZED,
    USAGE_CAPPED,
    SearchQuery,
    XInvalid,
    XLimits,
    fields_param,
    id_param,
    int_param,
    page_token,
    problem,
    read_page_token,
    time_param,
)

__all__ = ["TOO_MANY", "USAGE_CAPPED", "XApi", "XLimits"]

_Pool = tuple[list[Entry], list[int]]


class XApi:
    """Answers ``/2/...`` requests from a scenario."""

    def __init__(
        self, scenario: Scenario, tokens: dict[str, TokenGrant], limits: XLimits | None = None
    ) -> None:
        self.scenario = scenario
        self.tokens = tokens
        self.limits = limits or XLimits()
        self.windows = WindowCounter(900)
        self._cache_version = -1
        self._sorted: list[Entry] = []
        self._users: dict[str, Author] = {}
        self._current: dict[int, Version] = {}
        self._pools: dict[tuple[str, ...], _Pool] = {}
        self._handle_of: dict[str, str] = {}
        self._id_of: dict[str, str] = {}

    # -- entry point -----------------------------------------------------------------------
    def handle(self, request: ApiRequest) -> ApiResponse:
        """Answer one ``/2/`` request (errors included, never raises)."""
        name, match = self._route(request.path)
        route = f"x:{name}"
        token = request.bearer()
        grant = self.tokens.get(token or "")
        if grant is None or grant.platform != "x" or grant.expired:
            return ApiResponse(401, UNAUTHORIZED, route=route)
        if name is None or match is None:
            body = problem(
                404,
                "Not Found Error",
                f"No route matches {request.path}.",
                PROBLEMS + "resource-not-found",
            )
            return ApiResponse(404, body, route=route)
        group = GROUP[name]
        limit = self.limits.per_window[group]
        count, reset = self.windows.hit(f"{token}:{group}")
        headers = {
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(max(limit - count, 0)),
            "x-rate-limit-reset": str(int(reset)),
            "api-version": "2.140",
        }
        if group not in grant.permissions:
            return ApiResponse(403, FORBIDDEN, headers, route)
        if count > limit:
            return ApiResponse(429, TOO_MANY, headers, route)
        try:
            self._check_params(name, request)
            with self.scenario.lock:
                self._refresh()
                body = getattr(self, "_" + name)(request, **match.groupdict())
        except XInvalid as exc:
            body = {
                "errors": [{"parameters": {exc.parameter: [exc.value]}, "message": exc.message}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": PROBLEMS + "invalid-request",
            }
            return ApiResponse(400, body, headers, route)
        return ApiResponse(200, body, headers, route)

    @staticmethod
    def _route(path: str) -> tuple[str | None, re.Match[str] | None]:
        for pattern, name in ROUTES:
            match = pattern.match(path)
            if match:
                return name, match
        return None, None

    def _check_params(self, name: str, request: ApiRequest) -> None:
        for key, values in request.query.items():
            if key not in ALLOWED[name]:
                allowed = ",".join(sorted(ALLOWED[name]))
                raise XInvalid(
                    key, values[-1], f"The query parameter [{key}] is not one of [{allowed}]"
                )

    def _refresh(self) -> None:
        """Re-sort the visible tweets after the scenario changed (newest id first)."""
        if self._cache_version == self.scenario.version:
            return
        self._current = {}
        live = []
        for entry in self.scenario.entries("x"):
            if entry.is_own and "x" in self.scenario.closed:
                continue  # a closed account's tweets go with it
            version = xo.visible_version(self.scenario, entry)
            if self.scenario.is_visible(entry) and version is not None:
                self._current[id(entry)] = version
                live.append(entry)
        live.sort(key=lambda e: int(self.version_of(e).id), reverse=True)
        self._sorted = live
        self._pools = {}
        self._users = {e.author.id: e.author for e in self.scenario.entries("x") if e.author}
        own = self.scenario.accounts["x"]
        self._handle_of = {uid: a.handle for uid, a in self._users.items()}
        self._handle_of[own.id] = own.username
        self._id_of = {h.lower(): uid for uid, h in self._handle_of.items()}
        self._cache_version = self.scenario.version

    def version_of(self, entry: Entry) -> Version:
        """The version of a tweet visible now (cached until the scenario changes)."""
        version = self._current.get(id(entry)) or xo.visible_version(self.scenario, entry)
        assert version is not None
        return version

    def _pool(self, key: tuple[str, ...], build: Callable[[], list[Entry]]) -> _Pool:
        """A newest-first list of tweets with its negated ids, for bisecting (cached)."""
        if key not in self._pools:
            entries = build()
            self._pools[key] = (entries, [-int(self.version_of(e).id) for e in entries])
        return self._pools[key]

    # -- rendering --------------------------------------------------------------------------
    def _render(self, request: ApiRequest, entries: list[Entry]) -> dict[str, Any]:
        tweet_fields = fields_param(request, "tweet.fields", xo.TWEET_FIELDS)
        user_fields = fields_param(request, "user.fields", xo.USER_FIELDS)
        place_fields = fields_param(request, "place.fields", xo.PLACE_FIELDS)
        expansions = fields_param(request, "expansions", xo.TWEET_EXPANSIONS)
        # expansions need the fields they expand, even when not asked to show them
        needed = tweet_fields | {
            "author_id",
            "in_reply_to_user_id",
            "referenced_tweets",
            "geo",
            "entities",
        }
        data: list[dict[str, Any]] = []
        users: dict[str, Any] = {}
        tweets: dict[str, Any] = {}
        places: dict[str, None] = {}
        errors: list[dict[str, Any]] = []
        for entry in entries:
            full = xo.tweet(self.scenario, entry, self.version_of(entry), needed)
            data.append(
                {
                    k: v
                    for k, v in xo.tweet(
                        self.scenario, entry, self.version_of(entry), tweet_fields
                    ).items()
                }
            )
            self._expand(full, expansions, users, tweets, places, errors, tweet_fields)
        body: dict[str, Any] = {"data": data} if data else {}
        includes: dict[str, Any] = {}
        if users:
            includes["users"] = [xo.user(p, user_fields) for p in users.values()]
        if tweets:
            includes["tweets"] = list(tweets.values())
        if places:
            includes["places"] = [xo.place(pid, place_fields) for pid in places]
        if includes:
            body["includes"] = includes
        if errors:
            body["errors"] = errors
        return body

    def _person(self, user_id: str) -> Any:
        own = self.scenario.accounts["x"]
        if user_id == own.id:
            return None if "x" in self.scenario.closed else own
        return self._users.get(user_id)

    def _expand(
        self,
        full: dict[str, Any],
        expansions: set[str],
        users: dict[str, Any],
        tweets: dict[str, Any],
        places: dict[str, None],
        errors: list[dict[str, Any]],
        tweet_fields: set[str],
    ) -> None:
        wanted_users = []
        if "author_id" in expansions:
            wanted_users.append(full["author_id"])
        if "in_reply_to_user_id" in expansions and "in_reply_to_user_id" in full:
            wanted_users.append(full["in_reply_to_user_id"])
        if "entities.mentions.username" in expansions:
            for mention in full.get("entities", {}).get("mentions", []):
                if (uid := self._id_of.get(mention["username"].lower())) is not None:
                    wanted_users.append(uid)
        if "referenced_tweets.id" in expansions or "referenced_tweets.id.author_id" in expansions:
            for ref in full.get("referenced_tweets", []):
                target = self.scenario.get("x", ref["id"])
                if target is None or not self.scenario.is_visible(target):
                    errors.append(xo.not_found("tweet", ref["id"], "referenced_tweets.id"))
                    continue
                version = next(v for v in target.versions if v.id == ref["id"])
                if "referenced_tweets.id" in expansions:
                    tweets[ref["id"]] = xo.tweet(self.scenario, target, version, tweet_fields)
                if "referenced_tweets.id.author_id" in expansions:
                    wanted_users.append(xo.author_id(self.scenario, target))
        for uid in wanted_users:
            person = self._person(uid)
            if person is not None:
                users.setdefault(uid, person)
        if "geo.place_id" in expansions and "geo" in full:
            places[full["geo"]["place_id"]] = None

    def handles(self) -> dict[str, str]:
        """User id -> handle of every known X user (own account included)."""
        return self._handle_of

    # -- paging -----------------------------------------------------------------------------
    def _page(self, request: ApiRequest, pool: _Pool, low: int, token_name: str) -> dict[str, Any]:
        """Filter newest-first ``pool`` by the id/time params and cut one page."""
        size = int_param(request, "max_results", low, 100, 10)
        since = id_param(request, "since_id")
        until = id_param(request, "until_id")
        start = time_param(request, "start_time")
        end = time_param(request, "end_time")
        token = request.param(token_name) or request.param("pagination_token")
        kind, edge = read_page_token(token_name, token) if token else ("", 0)
        entries, keys = pool
        low_i, high_i = 0, len(entries)  # keys ascend, so ids descend along the list
        if since is not None:
            high_i = min(high_i, bisect.bisect_left(keys, -since))
        if until is not None:
            low_i = max(low_i, bisect.bisect_right(keys, -until))
        if kind == "next":
            low_i = max(low_i, bisect.bisect_right(keys, -edge))
        elif kind == "prev":
            high_i = min(high_i, bisect.bisect_left(keys, -edge))
        chosen = entries[low_i:high_i]
        if start or end:
            chosen = [
                e
                for e in chosen
                if not (start and self.version_of(e).created_at < start)
                and not (end and self.version_of(e).created_at > end)
            ]
        if kind == "prev":
            page, more = chosen[-size:], True
        else:
            page, more = chosen[:size], len(chosen) > size
        body = self._render(request, page)
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"] = self.version_of(page[0]).id
            meta["oldest_id"] = self.version_of(page[-1]).id
            if more:
                meta["next_token"] = page_token("next", meta["oldest_id"])
            if token:
                meta["previous_token"] = page_token("prev", meta["newest_id"])
        body["meta"] = meta
        return body

    # -- endpoints --------------------------------------------------------------------------
    def _lookup_user(self, value: str, by: str) -> dict[str, Any] | None:
        uid = value if by == "id" else self._id_of.get(value.lower())
        person = self._person(uid) if uid is not None else None
        return None if person is None else {"person": person}

    def _user_body(self, request: ApiRequest, values: list[str], by: str) -> dict[str, Any]:
        fields = fields_param(request, "user.fields", xo.USER_FIELDS)
        fields_param(request, "expansions", xo.USER_EXPANSIONS)
        data, errors = [], []
        for value in values:
            found = self._lookup_user(value, by)
            if found is None:
                errors.append(xo.not_found("user", value, by))
            else:
                count = sum(
                    1 for e in self._sorted if xo.author_id(self.scenario, e) == found["person"].id
                )
                data.append(xo.user(found["person"], fields, count))
        body: dict[str, Any] = {}
        if data:
            body["data"] = data
        if errors:
            body["errors"] = errors
        return body

    def _user_by_username(self, request: ApiRequest, username: str) -> dict[str, Any]:
        body = self._user_body(request, [username], "username")
        return {**body, "data": body["data"][0]} if "data" in body else body

    def _user_by_id(self, request: ApiRequest, id: str) -> dict[str, Any]:
        body = self._user_body(request, [id], "id")
        return {**body, "data": body["data"][0]} if "data" in body else body

    def _users_by_usernames(self, request: ApiRequest) -> dict[str, Any]:
        raw = request.param("usernames") or ""
        return self._user_body(request, [u for u in raw.split(",") if u], "username")

    def _user_tweets(self, request: ApiRequest, id: str) -> dict[str, Any]:
        if self._lookup_user(id, "id") is None:
            return {"errors": [xo.not_found("user", id, "id")]}
        exclude = set((request.param("exclude") or "").split(",")) - {""}
        for value in exclude:
            if value not in ("replies", "retweets"):
                raise XInvalid(
                    "exclude",
                    value,
                    f"The `exclude` query parameter value [{value}] "
                    "is not one of [replies,retweets]",
                )

        def build() -> list[Entry]:
            pool = [e for e in self._sorted if xo.author_id(self.scenario, e) == id]
            if "replies" in exclude:
                pool = [e for e in pool if e.parent_id is None]
            return pool[: self.limits.tweets_cap]

        key = ("tweets", id, "no-replies" if "replies" in exclude else "all")
        return self._page(request, self._pool(key, build), 5, "pagination_token")

    def _mentions(self, request: ApiRequest, id: str) -> dict[str, Any]:
        found = self._lookup_user(id, "id")
        if found is None:
            return {"errors": [xo.not_found("user", id, "id")]}
        person = found["person"]
        handle = "@" + (person.handle if isinstance(person, Author) else person.username).lower()
        pattern = re.compile(re.escape(handle) + r"\b")

        def build() -> list[Entry]:
            pool = [
                e
                for e in self._sorted
                if xo.author_id(self.scenario, e) != id
                and pattern.search(self.version_of(e).text.lower())
            ]
            return pool[: self.limits.mentions_cap]

        return self._page(request, self._pool(("mentions", id), build), 5, "pagination_token")

    def _search(self, request: ApiRequest) -> dict[str, Any]:
        query = request.param("query")
        if not query:
            raise XInvalid("query", "", "The `query` query parameter can not be empty")
        matcher = SearchQuery(query, self)
        oldest = self.scenario.now - SEARCH_WINDOW
        start = time_param(request, "start_time")
        if start is not None and start < oldest:
            raise XInvalid(
                "start_time",
                request.param("start_time") or "",
                f"Invalid 'start_time':'{request.param('start_time')}'. 'start_time' "
                f"must be on or after {xo.iso(oldest)}",
            )
        since = id_param(request, "since_id")
        floor = (int(oldest.timestamp() * 1000) - TWITTER_EPOCH_MS) << 22
        if since is not None and since < floor:
            raise XInvalid(
                "since_id",
                str(since),
                f"Invalid 'since_id':'{since}'. 'since_id' must be a tweet id created "
                f"after {xo.iso(oldest)}. Please use a 'since_id' that is larger than "
                f"{floor}",
            )

        def build() -> list[Entry]:
            return [
                e for e in self._sorted if self.version_of(e).created_at >= oldest and matcher(e)
            ]

        return self._page(request, self._pool(("search", query), build), 10, "next_token")

    def _tweet_by_id(self, request: ApiRequest, id: str) -> dict[str, Any]:
        body = self._tweets_body(request, [id], "id")
        return {**body, "data": body["data"][0]} if "data" in body else body

    def _tweets_by_ids(self, request: ApiRequest) -> dict[str, Any]:
        ids = [i for i in (request.param("ids") or "").split(",") if i]
        if not ids or len(ids) > 100 or not all(i.isdigit() for i in ids):
            raise XInvalid(
                "ids",
                request.param("ids") or "",
                "The `ids` query parameter value must be 1 to 100 comma-separated ids",
            )
        return self._tweets_body(request, ids, "ids")

    def _tweets_body(self, request: ApiRequest, ids: list[str], parameter: str) -> dict[str, Any]:
        found, errors = [], []
        for tid in ids:
            entry = self.scenario.get("x", tid)
            if (
                entry is None
                or not self.scenario.is_visible(entry)
                or not any(
                    v.id == tid and v.created_at <= self.scenario.now for v in entry.versions
                )
            ):
                errors.append(xo.not_found("tweet", tid, parameter))
            else:
                found.append((entry, next(v for v in entry.versions if v.id == tid)))
        body = self._render(request, [e for e, _ in found])
        if found:  # a lookup by an old version id shows that version's text
            for obj, (_, version) in zip(body["data"], found, strict=True):
                obj["id"], obj["text"] = version.id, version.text
        if errors:
            body["errors"] = body.get("errors", []) + errors
        return body
