"""Request/response records shared by the X and Graph emulations, and the accepted tokens."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

X_ENDPOINTS = frozenset({"users", "tweets", "user_tweets", "mentions", "search"})
META_PERMISSIONS = frozenset(
    {
        "pages_show_list",
        "pages_read_engagement",
        "pages_read_user_content",
        "instagram_basic",
        "instagram_manage_comments",
    }
)


@dataclass(frozen=True, slots=True)
class TokenGrant:
    """What one token may do.

    X: ``permissions`` lists endpoint groups (``X_ENDPOINTS``); an empty set means the app
    is not enrolled for v2 (403 everywhere). Meta: Graph permissions; ``page_token`` says
    whether it is a Page access token (only those see who wrote a Facebook comment).
    """

    platform: str  # x | meta
    permissions: frozenset[str]
    page_token: bool = True
    expired: bool = False
    # Unix seconds as /debug_token reports them; 0 means "never".
    expires_at: int = 0
    data_access_expires_at: int = 0


DEFAULT_TOKENS: dict[str, TokenGrant] = {
    "x-emulator-bearer": TokenGrant("x", X_ENDPOINTS),
    "x-emulator-not-enrolled": TokenGrant("x", frozenset()),
    "meta-emulator-page-token": TokenGrant("meta", META_PERMISSIONS),
    "meta-emulator-user-token": TokenGrant(
        "meta", META_PERMISSIONS - {"instagram_manage_comments"}, page_token=False
    ),
    "meta-emulator-expired": TokenGrant("meta", META_PERMISSIONS, expired=True),
}


@dataclass(slots=True)
class ApiRequest:
    """One parsed HTTP request as an API module sees it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    base_url: str
    form: dict[str, list[str]] = field(default_factory=dict)

    def param(self, name: str) -> str | None:
        """The last value of a query (or form) parameter, or None."""
        values = self.query.get(name) or self.form.get(name)
        return values[-1] if values else None

    def bearer(self) -> str | None:
        """The token of an ``Authorization: Bearer`` header, if any."""
        value = self.headers.get("authorization", "")
        if value.lower().startswith("bearer "):
            return value[7:].strip()
        return None


@dataclass(slots=True)
class ApiResponse:
    """What to send back: status, a JSON-able payload, extra headers."""

    status: int
    payload: Any
    headers: dict[str, str] = field(default_factory=dict)
    route: str = ""  # endpoint key, e.g. "x:mentions" (used by the repeat-page fault)


class WindowCounter:
    """Counts calls per key in fixed windows of wall-clock time (rate limits, usage)."""

    def __init__(self, window_seconds: int) -> None:
        self.window = window_seconds
        self._state: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> tuple[int, float]:
        """Count one call; returns (calls in this window, window reset epoch)."""
        now = time.time() if now is None else now
        with self._lock:
            start, count = self._state.get(key, (now, 0))
            if now >= start + self.window:
                start, count = now, 0
            count += 1
            self._state[key] = (start, count)
        return count, start + self.window

    def reset(self) -> None:
        """Forget every window (tests use it to start afresh)."""
        self._state.clear()
