"""Id schemes shaped like the platforms' own, so ordering and since_id behave as in reality."""

from __future__ import annotations

import hashlib
from datetime import datetime

# X snowflake epoch (ms): ids sort by creation time, which since_id/until_id rely on.
TWITTER_EPOCH_MS = 1288834974657


class IdFactory:
    """Deterministic, unique ids for one scenario."""

    def __init__(self) -> None:
        self._seq = 0
        self._used: set[str] = set()

    def _unique(self, candidate: int, fmt: str) -> str:
        while fmt.format(candidate) in self._used:
            candidate += 1
        text = fmt.format(candidate)
        self._used.add(text)
        return text

    def snowflake(self, when: datetime) -> str:
        """An X tweet id for a tweet created at ``when``."""
        self._seq = (self._seq + 1) % 4096
        ms = int(when.timestamp() * 1000) - TWITTER_EPOCH_MS
        return self._unique((ms << 22) | (1 << 17) | self._seq, "{}")

    def graph_number(self, when: datetime, base: int) -> str:
        """A numeric Graph-style id growing with time (``base`` separates object kinds)."""
        return self._unique(base + int(when.timestamp()) * 1000, "{}")


def place_id(kecamatan_code: str) -> str:
    """A stable 16-hex-digit X place id for one kecamatan."""
    return hashlib.sha1(f"pantau-place:{kecamatan_code}".encode()).hexdigest()[:16]


def user_id(platform: str, handle: str) -> str:
    """A stable numeric user id for a pseudonymous author."""
    digest = int(hashlib.sha1(f"{platform}:{handle}".encode()).hexdigest()[:15], 16)
    if platform == "x":
        return str(1_000_000_000_000_000_000 + digest % 800_000_000_000_000_000)
    return str(10_000_000_000_000 + digest % 89_999_999_999_999)
