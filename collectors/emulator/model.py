"""Plain records of the emulated world: accounts, authors, posts, replies and their truth."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PLATFORMS = ("x", "facebook", "instagram")


@dataclass(frozen=True, slots=True)
class OwnAccount:
    """The commission's own account on one platform (synthetic, clearly labelled)."""

    platform: str
    id: str
    username: str
    name: str
    description: str
    location: str
    created_at: datetime
    followers: int


@dataclass(slots=True)
class Author:
    """A pseudonymous member of the public; ``home_kecamatan`` is where they really live."""

    platform: str
    id: str
    handle: str
    name: str
    home_kecamatan: str | None
    profile_location: str | None
    created_at: datetime
    followers: int


@dataclass(frozen=True, slots=True)
class GeoTag:
    """An X geo tag: a place id and, sometimes, exact coordinates."""

    place_id: str
    kecamatan: str
    lat: float | None
    lng: float | None


@dataclass(frozen=True, slots=True)
class Truth:
    """What a perfect analysis should say about one reply.

    ``kecamatan`` is the kecamatan that can be found from the data a collector receives
    (text, X profile location or X geo tag), None when it cannot; ``home_kecamatan`` is where
    the author really lives, known only to the scenario.
    """

    pattern: str
    language: str
    sentiment: str
    stage: str
    awareness: str
    flags: tuple[str, ...]
    kecamatan: str | None
    home_kecamatan: str | None
    area_via: str  # text | profile | geo | none
    barrier: str = ""  # kind of voting_barrier (TAXONOMY), "" when none


@dataclass(slots=True)
class Version:
    """One version of a text; on X each edit is a new tweet id."""

    id: str
    text: str
    created_at: datetime


@dataclass(slots=True)
class Entry:
    """A post (own) or a reply (public or own) on one platform.

    ``external_id`` is the first id the object ever had; on X later edits add versions with
    new ids, while Facebook and Instagram keep the id and change the text in place.
    """

    platform: str
    external_id: str
    kind: str  # post | reply
    created_at: datetime
    versions: list[Version]
    root_id: str
    parent_id: str | None
    is_own: bool
    author: Author | None  # None means the own account
    like_count: int = 0
    share_count: int = 0
    geo: GeoTag | None = None
    deleted: bool = False
    stage: str = "none"
    truth: Truth | None = None
    children: list[Entry] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The current text (the newest version)."""
        return self.versions[-1].text

    @property
    def current_id(self) -> str:
        """The id carrying the current text (on X, the newest version's id)."""
        return self.versions[-1].id

    @property
    def updated_at(self) -> datetime:
        """When the current text was written."""
        return self.versions[-1].created_at
