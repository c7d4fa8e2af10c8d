"""No citizen's handle in a log line, whatever level a user picks (``pantau --verbose``).

At DEBUG tweepy logs every response body (``Content: b'{"data": ...}'``), which holds handles,
display names, user ids and profile locations; urllib3 logs every request line. Those bodies
are never needed in a log (the raw page is stored, scrubbed), so the filter replaces them by
their size. It also masks ``@handle`` mentions and X profile links in every message, replaces
identifiers the collectors have seen on a page, and does the same to the text of a logged
exception (tweepy's errors quote the API's problem details).

Like the token redaction in ``collectors/transport.py`` it is attached, for the duration of a
collection, to the loggers that may print such data, and removed afterwards.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from core.privacy import HandleMasker

# tweepy: "Received API response: 200 OK\nHeaders: {...}\nContent: b'...'" (the body runs to
# the end of the message); "Body:" is what a request sent.
_BODY = re.compile(r"(\n(?:Content|Body): )(b?(['\"]).*)\Z", re.DOTALL)
LOGGERS = (
    "tweepy.client",
    "urllib3.connectionpool",
    "requests_oauthlib",
    "collectors.runner",
    "collectors.transport",
    "collectors.token_expiry",
    "collectors.x",
    "collectors.meta",
)


def _without_body(message: str) -> str:
    def hide(match: re.Match[str]) -> str:
        return f"{match.group(1)}<{len(match.group(2))} karakter, tidak dicatat>"

    return _BODY.sub(hide, message)


class HandleLogFilter(logging.Filter):
    """Rewrites records so no citizen identity reaches a log handler."""

    def __init__(
        self, masker: HandleMasker, known: Callable[[str], str] | None = None
    ) -> None:
        super().__init__()
        self.masker = masker
        self.known = known or (lambda text: text)

    def scrub(self, text: str) -> str:
        return self.known(self.masker.text(_without_body(text)))

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is not ours to fix
            return True
        record.msg = self.scrub(message)
        record.args = None
        if record.exc_info:
            # Formatted once here, scrubbed, and kept as the text handlers print.
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = self.scrub(text)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        return True


def install_handle_filter(log_filter: HandleLogFilter) -> HandleLogFilter:
    for name in LOGGERS:
        logging.getLogger(name).addFilter(log_filter)
    return log_filter


def remove_handle_filter(log_filter: HandleLogFilter) -> None:
    for name in LOGGERS:
        logging.getLogger(name).removeFilter(log_filter)
