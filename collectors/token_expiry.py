"""When a Meta access token stops working, read from Graph's ``/debug_token`` once a day.

Page tokens made from a long-lived user token usually never expire (``expires_at`` 0), but
their *data access* still lapses after 90 days without the user renewing it, and short-lived
tokens pasted by hand last an hour or two. The earliest non-zero of the two moments is what the
``token_expiring`` alert rule needs, so the collector records it in the run's details.

The check is a courtesy, never a reason to fail a run: when ``/debug_token`` refuses (some
token types may not inspect themselves), the collection goes on and the real calls report any
token problem with the usual message.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from collectors.base import CursorUpdate, PageBatch, StoreView

log = logging.getLogger(__name__)

STREAM = "token"
# Daily collections check once a day; a token lasting hours is caught on the first run.
CHECK_EVERY = timedelta(hours=20)


def expiry_from_debug(payload: Any) -> datetime | None:
    """The earliest expiry in a ``/debug_token`` answer; None when the token never expires."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise ValueError("debug_token answer has no data object")
    moments = []
    for key in ("expires_at", "data_access_expires_at"):
        value = data.get(key)
        if isinstance(value, int | float) and value > 0:
            moments.append(datetime.fromtimestamp(value, UTC))
    if data.get("is_valid") is False and not moments:
        # An invalid token with no date: report "now" so the alert says it has lapsed.
        return datetime.now(UTC)
    return min(moments) if moments else None


def load_state(raw: str | None) -> dict[str, Any]:
    try:
        state = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def recorded_expiry(view: StoreView) -> str | None:
    """The expiry the last successful check stored, as ISO text (None: never or unknown)."""
    value = load_state(view.cursor(STREAM)).get("expires_at")
    return str(value) if value else None


class TokenInspector(Protocol):
    def debug_token(self) -> Any: ...


def check_batches(reader: TokenInspector, view: StoreView, now: datetime) -> Iterator[PageBatch]:
    """At most one ``/debug_token`` call per ``CHECK_EVERY``; its result as a cursor batch."""
    state = load_state(view.cursor(STREAM))
    checked = state.get("checked_at")
    if checked:
        try:
            if now - datetime.fromisoformat(checked) < CHECK_EVERY:
                return
        except ValueError:
            pass
    import facebook

    try:
        expires = expiry_from_debug(reader.debug_token())
    except (facebook.GraphAPIError, ValueError) as exc:
        # The message may quote the request; only the class goes into the log.
        log.info("masa berlaku token Meta tidak dapat diperiksa (%s)", type(exc).__name__)
        return
    value = json.dumps(
        {"checked_at": now.isoformat(), "expires_at": expires.isoformat() if expires else None},
        sort_keys=True,
    )
    yield PageBatch(STREAM, None, cursors=[CursorUpdate(STREAM, value)])
