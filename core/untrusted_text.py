"""Text that came from outside (citizens' replies, imported files) made safe to show a reader.

Unicode's explicit direction controls let a text render in another order than it is stored:
a reply holding U+202E (RIGHT-TO-LEFT OVERRIDE) can make ``golput.exe`` read as ``exe.tuplog``
or turn a figure around in a report row, and an unclosed one reorders whatever follows it on
the same line (the next column, the rest of an alert). Indonesian, Javanese and Madurese are
written left to right, so these controls carry no meaning in the replies Pantau shows; they
are removed wherever such text reaches a person (reports, alerts).

The implicit marks (U+200E LRM, U+200F RLM, U+061C ALM) are kept only beside right-to-left
letters (an Arabic phrase in a reply), where they do their normal job; next to left-to-right
text alone they do nothing but move neutral characters (digits, punctuation) around.
"""

from __future__ import annotations

import re
import unicodedata

# Embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_MARKS = "\u200e\u200f\u061c"
_CONTROLS = re.compile(f"[{BIDI_CONTROLS}]")
_MARKS = re.compile(f"[{BIDI_MARKS}]")
_ANY = re.compile(f"[{BIDI_CONTROLS}{BIDI_MARKS}]")


def _has_rtl_letters(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def neutralise_bidi(text: str) -> str:
    """``text`` without direction controls (and without direction marks it does not need)."""
    if not _ANY.search(text):
        return text
    text = _CONTROLS.sub("", text)
    if _MARKS.search(text):
        unmarked = _MARKS.sub("", text)  # RLM and ALM are themselves of class R / AL
        if not _has_rtl_letters(unmarked):
            text = unmarked
    return text
