"""How the plain text of an alert is handed to a channel, so a quoted reply stays a quote.

Alert bodies quote citizens' replies. Apprise, given a body without a declared format, passes
it through as if it were already in the channel's own markup: a reply's ``<a href=...>`` or
``<img src=...>`` arrived live in the HTML part of an e-mail and in Telegram (which also
rejects a lone ``<``, so such an alert was retried forever), and the e-mail's line breaks were
lost in both of its parts. So every body is declared: plain text for every channel, which
apprise then escapes for the markup that channel speaks (HTML for Telegram, Markdown for
Slack...), except e-mail, which Pantau renders to HTML itself (escaped, one ``<br>`` per line
break) so the mail has both a plain and an HTML part with the same lines on every apprise
release.

Text is also cleaned for whoever reads it (:func:`readable_body`, :func:`readable_subject`):
direction controls neutralised, terminal and other control characters removed.
"""

from __future__ import annotations

import html
import re

from core.untrusted_text import neutralise_bidi

EMAIL_SCHEMES = frozenset({"mailto", "mailtos"})
TEXT_FORMAT = "text"
HTML_FORMAT = "html"
# C0 and C1 controls except tab and line feed (an ANSI escape in a reply would repaint the
# terminal of whoever reads the file channel).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_HTML_STYLE = "white-space: pre-wrap; font-family: Arial, Helvetica, sans-serif; font-size: 14px"


def readable_body(text: str) -> str:
    """A body a person can be shown: line breaks as ``\\n``, no hidden controls."""
    return _CONTROL.sub("", neutralise_bidi(_LINE_BREAKS.sub("\n", text)))


def readable_subject(text: str) -> str:
    """A subject on one line (a line break in a mail header would start a new header)."""
    return " ".join(readable_body(text).split())


def email_html(text: str) -> str:
    """The plain-text body as HTML: every character escaped, every line break kept."""
    lines = [html.escape(line, quote=True) for line in text.split("\n")]
    return f'<div style="{_HTML_STYLE}">' + "<br>".join(lines) + "</div>"


def apprise_body(scheme: str, text: str) -> tuple[str, str]:
    """(body, apprise body format) for a channel of ``scheme``; ``text`` is plain text."""
    if scheme.lower() in EMAIL_SCHEMES:
        return email_html(text), HTML_FORMAT
    return text, TEXT_FORMAT
