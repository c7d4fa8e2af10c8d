"""What every report renderer does to text and links before a reader sees them.

The report model carries citizens' words and links taken from collected or imported rows; an
imported file can hold any "URL" (``javascript:``, ``file:``, ``data:``). Each renderer (HTML and
the PDF drawn from it, XLSX, JSON) passes its text through :func:`shown_text` and its links
through :func:`safe_url`, so no format is safer than another.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from core.untrusted_text import neutralise_bidi

LINK_SCHEMES = ("http", "https")
# Characters that never belong in a link a reader clicks: whitespace, C0/C1 controls, and the
# direction controls and marks (a link that reads differently than it goes).
_NOT_IN_LINK = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def shown_text(text: str) -> str:
    """``text`` as a reader may see it: direction controls neutralised."""
    return neutralise_bidi(text)


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link to a host; None for anything else.

    ``javascript:``, ``data:``, ``file:``, scheme-relative ``//host`` and links with hidden
    characters are dropped rather than repaired: a link that needed repairing is not one the
    commission vouches for.
    """
    if not url:
        return None
    url = url.strip()
    if _NOT_IN_LINK.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        return None
    return url


def is_link_field(key: str) -> bool:
    """Whether a field of the report's JSON holds a link (``url``, ``correction_url``...)."""
    return key == "url" or key.endswith("_url")


def safe_json(value: Any, key: str = "") -> Any:
    """A JSON-ready value with every string shown safely and every link field checked."""
    if isinstance(value, dict):
        return {k: safe_json(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [safe_json(v, key) for v in value]
    if isinstance(value, str):
        return safe_url(value) if is_link_field(key) else shown_text(value)
    return value
