"""X API v2 request parameters: problem bodies, routes, validation, paging tokens, search.

Error texts follow the shapes X returns (``invalid-request`` problems with a ``parameters``
map); the search grammar is the subset collectors use: terms ANDed, each maybe negated.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from collectors.emulator import x_objects as xo
from collectors.emulator.api_types import ApiRequest
from collectors.emulator.model import Entry

if TYPE_CHECKING:
    from collectors.emulator.x_api import XApi

PROBLEMS = "https://api.twitter.com/2/problems/"
SEARCH_WINDOW = timedelta(days=7)


@dataclass(slots=True)
class XLimits:
    """Per-endpoint limits (requests per 15 minutes per token) and timeline depth caps."""

    per_window: dict[str, int] = field(
        default_factory=lambda: {
            "users": 300,
            "tweets": 300,
            "user_tweets": 1500,
            "mentions": 450,
            "search": 450,
        }
    )
    mentions_cap: int = 800
    tweets_cap: int = 3200


class XInvalid(Exception):
    """An invalid request parameter (400 with X's invalid-request problem)."""

    def __init__(self, parameter: str, value: str, message: str) -> None:
        super().__init__(message)
        self.parameter, self.value, self.message = parameter, value, message


def problem(
    status: int, title: str, detail: str, kind: str = "about:blank", **extra: Any
) -> dict[str, Any]:
    """An X problem body (``title``, ``detail``, ``type``, extras)."""
    body: dict[str, Any] = {"title": title, "detail": detail, "type": kind}
    if kind == "about:blank":
        body["status"] = status
    body.update(extra)
    return body


UNAUTHORIZED = problem(401, "Unauthorized", "Unauthorized")
FORBIDDEN = problem(
    403,
    "Client Forbidden",
    "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens "
    "from a Twitter developer App that is attached to a Project. You can create a project via "
    "the developer portal.",
    PROBLEMS + "client-forbidden",
    client_id="emulator",
    reason="client-not-enrolled",
    registration_url="https://developer.twitter.com/en/docs/projects/overview",
    required_enrollment="Appropriate Level of API Access",
)
TOO_MANY = problem(429, "Too Many Requests", "Too Many Requests")
USAGE_CAPPED = problem(
    429,
    "UsageCapExceeded",
    "Usage cap exceeded: Monthly product cap",
    PROBLEMS + "usage-capped",
    period="Monthly",
    scope="Product",
)

ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^/2/users/by/username/(?P<username>\w{1,15})$"), "user_by_username"),
    (re.compile(r"^/2/users/by$"), "users_by_usernames"),
    (re.compile(r"^/2/users/(?P<id>\d{1,19})/tweets$"), "user_tweets"),
    (re.compile(r"^/2/users/(?P<id>\d{1,19})/mentions$"), "mentions"),
    (re.compile(r"^/2/users/(?P<id>\d{1,19})$"), "user_by_id"),
    (re.compile(r"^/2/tweets/search/recent$"), "search"),
    (re.compile(r"^/2/tweets/(?P<id>\d{1,19})$"), "tweet_by_id"),
    (re.compile(r"^/2/tweets$"), "tweets_by_ids"),
]
GROUP = {
    "user_by_username": "users",
    "users_by_usernames": "users",
    "user_by_id": "users",
    "user_tweets": "user_tweets",
    "mentions": "mentions",
    "search": "search",
    "tweet_by_id": "tweets",
    "tweets_by_ids": "tweets",
}
COMMON = {
    "tweet.fields",
    "user.fields",
    "place.fields",
    "expansions",
    "media.fields",
    "poll.fields",
}
TIMELINE = COMMON | {
    "since_id",
    "until_id",
    "max_results",
    "pagination_token",
    "start_time",
    "end_time",
    "exclude",
}
ALLOWED = {
    "user_tweets": TIMELINE,
    "mentions": TIMELINE - {"exclude"},
    "search": COMMON
    | {
        "query",
        "since_id",
        "until_id",
        "max_results",
        "next_token",
        "pagination_token",
        "start_time",
        "end_time",
        "sort_order",
    },
    "tweet_by_id": COMMON,
    "tweets_by_ids": COMMON | {"ids"},
    "user_by_username": {"user.fields", "expansions", "tweet.fields"},
    "user_by_id": {"user.fields", "expansions", "tweet.fields"},
    "users_by_usernames": {"usernames", "user.fields", "expansions", "tweet.fields"},
}


def fields_param(request: ApiRequest, name: str, allowed: frozenset[str]) -> set[str]:
    """The requested ``*.fields``/``expansions`` values, each checked."""
    raw = request.param(name)
    chosen = set(raw.split(",")) if raw else set()
    for value in chosen:
        if value not in allowed:
            raise XInvalid(
                name,
                value,
                f"The `{name}` query parameter value [{value}] is not "
                f"one of [{','.join(sorted(allowed))}]",
            )
    return chosen


def int_param(request: ApiRequest, name: str, low: int, high: int, default: int) -> int:
    """An integer parameter within ``low..high`` (400 otherwise)."""
    raw = request.param(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise XInvalid(
            name,
            raw,
            f"The `{name}` query parameter value [{raw}] is not between {low} and {high}",
        )
    return int(raw)


def id_param(request: ApiRequest, name: str) -> int | None:
    """A tweet-id parameter (1-19 digits), or None."""
    raw = request.param(name)
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 19:
        raise XInvalid(
            name,
            raw,
            f"The `{name}` query parameter value [{raw}] does not match ^[0-9]{{1,19}}$",
        )
    return int(raw)


def time_param(request: ApiRequest, name: str) -> datetime | None:
    """An ISO 8601 time parameter with a time zone, or None."""
    raw = request.param(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise XInvalid(name, raw, f"Invalid '{name}':'{raw}'. '{name}' must be ISO 8601.") from exc
    if value.tzinfo is None:
        raise XInvalid(name, raw, f"Invalid '{name}':'{raw}'. '{name}' needs a time zone.")
    return value


def page_token(kind: str, tweet_id: str) -> str:
    """An opaque paging token for the page edge at ``tweet_id``."""
    raw = f"{kind}:{tweet_id}".encode()
    return base64.b32encode(raw).decode().rstrip("=").lower()


def read_page_token(name: str, token: str) -> tuple[str, int]:
    """Decode a paging token (400 when it is not one of ours)."""
    try:
        padded = token.upper() + "=" * (-len(token) % 8)
        kind, _, value = base64.b32decode(padded).decode().partition(":")
        if kind in ("next", "prev") and value.isdigit():
            return kind, int(value)
    except (ValueError, UnicodeDecodeError):
        pass
    raise XInvalid(name, token, f"The `{name}` query parameter value [{token}] is not valid")


class SearchQuery:
    """The subset of X's query language collectors use: terms ANDed, each maybe negated."""

    _OPERATOR = re.compile(
        r'^(-?)(?:(conversation_id|from|to|lang|is):(\S+)|@(\w+)|"([^"]+)"|(\S+))$'
    )

    def __init__(self, query: str, api: XApi) -> None:
        self.api = api
        self.terms = []
        for raw in re.findall(r'-?"[^"]+"|\S+', query):
            match = self._OPERATOR.match(raw)
            if match is None or raw.upper() == "OR" or raw.startswith("("):
                raise XInvalid(
                    "query",
                    query,
                    f"There were errors processing your request: the "
                    f"emulator does not support '{raw}' (only ANDed terms)",
                )
            negate, op, value, mention, phrase, word = match.groups()
            if op == "is" and value not in ("retweet", "reply", "quote", "verified"):
                raise XInvalid("query", query, f"Reference to invalid operator 'is:{value}'")
            self.terms.append(
                (
                    bool(negate),
                    op or ("mention" if mention else "text"),
                    (value or mention or phrase or word or "").lower(),
                )
            )

    def __call__(self, entry: Entry) -> bool:
        return all(self._test(entry, op, value) != negate for negate, op, value in self.terms)

    def _test(self, entry: Entry, op: str, value: str) -> bool:
        scenario = self.api.scenario
        text = self.api.version_of(entry).text.lower()
        if op == "conversation_id":
            return entry.root_id == value
        if op == "is":
            return value == "reply" and entry.parent_id is not None
        if op == "lang":
            return xo.tweet(scenario, entry, self.api.version_of(entry), {"lang"})["lang"] == value
        if op in ("from", "to"):
            handles = self.api.handles()
            if op == "from":
                return handles.get(xo.author_id(scenario, entry), "").lower() == value
            parent = scenario.get("x", entry.parent_id) if entry.parent_id else None
            return (
                parent is not None
                and handles.get(xo.author_id(scenario, parent), "").lower() == value
            )
        if op == "mention":
            return f"@{value}" in text
        return value in text
