"""Citizens' identities out of raw API pages, before a page is mapped and before it is stored.

Used when ``privacy.store_author_handles`` is false (the default). A page passes two steps:

1. :meth:`PagePrivacy.identities`, right after the API answered and before anything maps it:
   every citizen's user id becomes a keyed token (the item writer turns a token into the same
   pseudonym the id would have got, so a page mapped again later files its items under the
   same authors), handles and display names are removed, ``@handle`` mentions in texts become
   ``@warga`` and X links name no account (:class:`core.privacy.HandleMasker`). The commission's
   own accounts (configured ids and usernames, and X's own user object) stay as they are.
   The profile location and the post's geo are still there: the mapper puts them into the
   item's own row, the only place X's terms allow a post's location to be kept.
2. :meth:`PagePrivacy.for_storage`, for ``raw_payloads``: the same page without citizens'
   profile locations, their posts' geo and X's place objects.

So a page read back from ``raw_payloads`` maps to the stored items (same ids, texts, times,
threads, metrics and pseudonyms) except for ``author_location`` and ``geo``, which only the
item rows hold. Both steps are idempotent.

Why scrub rather than keep raw pages whole for a few days and purge them: the raw page is what
lets a mapping fix be applied without fetching again (months later too), and a database copy
or backup taken during a retention window would carry every handle. With scrubbing, no stored
copy ever holds one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from core.privacy import HandleMasker

Tokenize = Callable[[str, str], str]
# Free-text explanations an API adds (X's problem details quote the user id not found): there,
# every identifier seen on the page is replaced too. Everywhere else only mentions and links
# are masked: a handle or name that happens to be a common word (or a language code) must not
# disappear from the replies or from structural fields.
_DETAIL_KEYS = frozenset({"detail", "error_user_msg", "error_user_title"})
_MASK_WORD = "warga"


class PagePrivacy:
    """Scrubs the pages of one source (``platform``: ``x``, ``facebook`` or ``instagram``)."""

    def __init__(
        self,
        platform: str,
        tokenize: Tokenize,
        *,
        own_ids: Iterable[str],
        own_handles: Iterable[str],
        is_token: Callable[[str, str], bool] | None = None,
    ) -> None:
        self.platform = platform
        self._tokenize = tokenize
        self._is_token = is_token or (lambda _platform, _value: False)
        self.own_ids = {str(i) for i in own_ids if i}
        self.masker = HandleMasker(own_handles)
        # Identifiers of citizens seen so far (ids, handles, names), replaced wherever they
        # turn up outside the reply texts; the log filter reads them too.
        self.seen: dict[str, str] = {}
        self._seen_re: re.Pattern[str] | None = None

    # -- the two steps --------------------------------------------------------------------
    def identities(self, payload: Any) -> Any:
        """The page with citizens' ids as tokens and no handles or names (step 1)."""
        if not isinstance(payload, dict):
            return payload
        x = self.platform == "x"
        page = self._x_identities(payload) if x else self._graph_node(payload)
        return self._strings(page, None)

    def for_storage(self, payload: Any) -> Any:
        """What ``raw_payloads`` keeps: step 1 without citizens' locations (step 2)."""
        if not isinstance(payload, dict) or self.platform != "x":
            return payload
        page = dict(payload)
        own_geo: set[str] = set()
        data = page.get("data")
        if isinstance(data, list):
            page["data"] = [self._x_without_geo(t, own_geo) for t in data]
        elif isinstance(data, dict):
            page["data"] = self._x_without_geo(data, own_geo)
        inc = page.get("includes")
        if isinstance(inc, dict):
            inc = dict(inc)
            if isinstance(inc.get("tweets"), list):
                inc["tweets"] = [self._x_without_geo(t, own_geo) for t in inc["tweets"]]
            if isinstance(inc.get("users"), list):
                inc["users"] = [self._x_user_without_location(u) for u in inc["users"]]
            if isinstance(inc.get("places"), list):
                inc["places"] = [
                    p for p in inc["places"] if isinstance(p, dict) and str(p.get("id")) in own_geo
                ]
                if not inc["places"]:
                    del inc["places"]
            page["includes"] = inc
        return page

    # -- what the log filter needs ---------------------------------------------------------
    def known_pattern(self) -> re.Pattern[str] | None:
        """One pattern matching every citizen identifier seen (None before the first)."""
        if self._seen_re is None and self.seen:
            alternatives = sorted(self.seen, key=len, reverse=True)
            self._seen_re = re.compile(
                r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w])"
            )
        return self._seen_re

    def replace_known(self, text: str) -> str:
        pattern = self.known_pattern()
        return pattern.sub(lambda m: self.seen[m.group(0)], text) if pattern else text

    # -- shared helpers --------------------------------------------------------------------
    def _token(self, value: Any) -> str:
        text = str(value)
        token = self._tokenize(self.platform, text)
        if token != text:
            self._note(text, token)
        return token

    def _note(self, identifier: Any, replacement: str = _MASK_WORD) -> None:
        value = str(identifier or "").strip()
        # Two-letter names would match too much of any log line; ids and handles are longer.
        if len(value) < 3 or value in self.seen or self._is_token(self.platform, value):
            return
        if value.lower() in self.masker.keep or value in self.own_ids:
            return
        self.seen[value] = replacement
        self._seen_re = None

    def _strings(self, value: Any, key: str | None) -> Any:
        """Every string of the page with mentions and links masked; in error details also
        every identifier of a citizen seen on the page."""
        if isinstance(value, dict):
            return {k: self._strings(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self._strings(v, key) for v in value]
        if isinstance(value, str):
            masked = self.masker.text(value)
            return self.replace_known(masked) if key in _DETAIL_KEYS else masked
        return value

    # -- X API v2 ------------------------------------------------------------------------
    def _x_own_user(self, user: dict[str, Any]) -> bool:
        return str(user.get("id", "")) in self.own_ids or self.masker.is_own(user.get("username"))

    def _x_identities(self, payload: dict[str, Any]) -> dict[str, Any]:
        page = dict(payload)
        inc = page.get("includes")
        if isinstance(inc, dict):
            inc = dict(inc)
            users = inc.get("users")
            if isinstance(users, list):
                # Users first: the own account's handle must be known before texts are masked.
                inc["users"] = [self._x_user(u) for u in users]
            if isinstance(inc.get("tweets"), list):
                inc["tweets"] = [self._x_tweet(t) for t in inc["tweets"]]
            page["includes"] = inc
        data = page.get("data")
        if isinstance(data, list):
            page["data"] = [self._x_tweet(t) for t in data]
        elif isinstance(data, dict):
            page["data"] = self._x_tweet(data)
        if isinstance(page.get("errors"), list):
            page["errors"] = [self._x_error(e) for e in page["errors"]]
        return page

    def _x_user(self, user: Any) -> Any:
        if not isinstance(user, dict):
            return user
        if self._x_own_user(user):
            self.masker.add_own(user.get("username"))
            self.own_ids.add(str(user.get("id", "")))
            return user
        self._note(user.get("username"))
        self._note(user.get("name"))
        kept: dict[str, Any] = {}
        if user.get("id"):
            kept["id"] = self._token(user["id"])
        if user.get("location"):
            kept["location"] = user["location"]  # for the item row; dropped in storage
        return kept

    def _x_tweet(self, tweet: Any) -> Any:
        if not isinstance(tweet, dict):
            return tweet
        out = dict(tweet)
        for key in ("author_id", "in_reply_to_user_id"):
            value = out.get(key)
            if value and str(value) not in self.own_ids:
                out[key] = self._token(value)
        if isinstance(out.get("entities"), dict):
            out["entities"] = self._x_entities(out["entities"])
        note = out.get("note_tweet")
        if isinstance(note, dict) and isinstance(note.get("entities"), dict):
            out["note_tweet"] = {**note, "entities": self._x_entities(note["entities"])}
        return out

    def _x_entities(self, entities: dict[str, Any]) -> dict[str, Any]:
        out = dict(entities)
        mentions = out.get("mentions")
        if isinstance(mentions, list):
            kept = []
            for m in mentions:
                if isinstance(m, dict) and self.masker.is_own(m.get("username")):
                    kept.append(m)
                elif isinstance(m, dict):
                    self._note(m.get("username"))
                    if m.get("id"):
                        self._token(m["id"])
            if kept:
                out["mentions"] = kept
            else:
                del out["mentions"]
        return out

    def _x_error(self, error: Any) -> Any:
        if not isinstance(error, dict) or error.get("resource_type") != "user":
            return error
        value = str(error.get("value") or error.get("resource_id") or "")
        if not value or value in self.own_ids:
            return error
        out = dict(error)
        token = self._token(value)
        for key in ("value", "resource_id"):
            if key in out:
                out[key] = token
        return out

    def _x_without_geo(self, tweet: Any, own_geo: set[str]) -> Any:
        if not isinstance(tweet, dict) or "geo" not in tweet:
            return tweet
        if str(tweet.get("author_id", "")) in self.own_ids:
            place = tweet["geo"].get("place_id") if isinstance(tweet["geo"], dict) else None
            if place:
                own_geo.add(str(place))
            return tweet
        return {k: v for k, v in tweet.items() if k != "geo"}

    def _x_user_without_location(self, user: Any) -> Any:
        if not isinstance(user, dict) or "location" not in user or self._x_own_user(user):
            return user
        return {k: v for k, v in user.items() if k != "location"}

    # -- Graph API (Facebook Page, Instagram) ----------------------------------------------
    def _graph_own(self, obj: dict[str, Any]) -> bool:
        who = _dict(obj.get("from"))
        owner = _dict(obj.get("owner"))
        return (
            str(who.get("id", "")) in self.own_ids
            or str(owner.get("id", "")) in self.own_ids
            or self.masker.is_own(obj.get("username") or who.get("username"))
        )

    def _graph_node(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._graph_node(v) for v in value]
        if not isinstance(value, dict):
            return value
        authored = "from" in value or "username" in value
        if not authored or self._graph_own(value):
            return {k: self._graph_node(v) for k, v in value.items()}
        who = _dict(value.get("from"))
        username = value.get("username") or who.get("username")
        ident = who.get("id") or username
        self._note(username)
        self._note(who.get("name"))
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in ("from", "username", "message_tags"):
                continue
            out[key] = self._graph_node(item)
        if ident:
            # Instagram comments without ``from`` are pseudonymised by their username, as the
            # mapper does; the token carries that same pseudonym.
            out["from"] = {"id": self._token(ident)}
        return out


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
