"""Citizens' handles out of what people read: one masking rule for every output.

A reply's text often starts with ``@someone``: the handle of the citizen it answers. Stored
authors are pseudonyms (``core/store/pseudonym.py``), so a handle left in a quoted text or in a
link would undo that. :class:`HandleMasker` is the one rule the collectors (before a page is
stored), the weekly report, the alert messages and the labelling sheet apply: every
``@handle`` except the commission's own accounts becomes ``@warga``, and X links name no
account (``https://x.com/i/web/status/<id>`` opens the same post).

``@warga`` is still a mention to the NLP normaliser, so masked and unmasked texts get the same
tags. Masking is idempotent: masking a masked text changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HANDLE_MASK = "@warga"
# X handles: letters, digits, "_" (max 15); Instagram: also "." inside (max 30). Not after a
# word character or a dot, so e-mail addresses (nama@gmail.com) stay as they are.
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
_X_STATUS = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/([A-Za-z0-9_]{1,15})/status(?:es)?/(\d+)"
)
_X_PROFILE = re.compile(
    r"(https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/)([A-Za-z0-9_]{1,15})(?=$|[/?#\s\"'<>)])"
)
_IG_PROFILE = re.compile(
    r"(https?://(?:www\.)?instagram\.com/)([A-Za-z0-9_.]{1,30})(?=$|[/?#\s\"'<>)])"
)
# Paths on those hosts that are not accounts.
_NOT_ACCOUNTS = frozenset(
    {
        "i", "home", "search", "explore", "hashtag", "intent", "share", "settings", "login",
        "notifications", "messages", "p", "reel", "reels", "tv", "stories", "accounts",
    }
)


def x_status_url(status_id: str) -> str:
    """The link to an X post that names no account."""
    return f"https://x.com/i/web/status/{status_id}"


class HandleMasker:
    """Masks citizens' handles; ``keep`` are the commission's own accounts (without ``@``)."""

    def __init__(self, keep: Iterable[str] = ()) -> None:
        self.keep = {h.strip().lstrip("@").lower() for h in keep if h and h.strip("@ ")}

    def add_own(self, handle: str | None) -> None:
        """Another own account (e.g. learned from an API page), kept from now on."""
        if handle and handle.strip("@ "):
            self.keep.add(handle.strip().lstrip("@").lower())

    def is_own(self, handle: str | None) -> bool:
        return bool(handle) and str(handle).lstrip("@").lower() in self.keep

    def text(self, text: str) -> str:
        """``text`` with every citizen's ``@handle`` and account link masked."""
        if "@" in text:
            text = _MENTION.sub(self._mention, text)
        if ".com/" in text:
            text = self.links(text)
        return text

    def links(self, text: str) -> str:
        """X status links without the account; X and Instagram profile links masked."""
        text = _X_STATUS.sub(self._status, text)
        text = _X_PROFILE.sub(self._profile, text)
        return _IG_PROFILE.sub(self._profile, text)

    def url(self, url: str | None) -> str | None:
        """An item's link as shown to people (None stays None)."""
        return self.links(url) if url else url

    def _mention(self, match: re.Match[str]) -> str:
        return match.group(0) if match.group(1).lower() in self.keep else HANDLE_MASK

    def _status(self, match: re.Match[str]) -> str:
        if match.group(1).lower() in self.keep or match.group(1).lower() == "i":
            return match.group(0)
        return x_status_url(match.group(2))

    def _profile(self, match: re.Match[str]) -> str:
        name = match.group(2).lower()
        if name in self.keep or name in _NOT_ACCOUNTS:
            return match.group(0)
        return match.group(1) + "warga"


def mask_handles(text: str, keep: Iterable[str] = ()) -> str:
    """``text`` with citizens' handles masked (see :class:`HandleMasker`)."""
    return HandleMasker(keep).text(text)
