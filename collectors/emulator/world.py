"""The ``Scenario``: the emulated platforms' state, its clock and its mutations."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from collectors.emulator.ids import IdFactory
from collectors.emulator.model import PLATFORMS, Entry, OwnAccount, Truth, Version


class Maker(Protocol):
    """What the scenario needs from its builder to grow after the build."""

    def later_replies(self, count: int, begin: datetime, end: datetime, seed: int) -> list[Entry]:
        """New everyday replies between ``begin`` and ``end``."""
        ...

    def later_post(self, platform: str, when: datetime, text: str | None) -> Entry:
        """A new official post."""
        ...


class ScenarioError(LookupError):
    """A mutation named an object the scenario does not hold."""


@dataclass(frozen=True, slots=True)
class Planted:
    """Where the planted patterns are, for tests and for judging reports and alerts."""

    rumour_kecamatan: tuple[str, ...]
    rumour_days: tuple[date, ...]
    dpt_kecamatan: str
    golput_kecamatan: str
    quiet_kecamatan: str
    quiet_negative: tuple[str, str]
    busiest_week: tuple[date, date]
    barrier_kecamatan: str = ""  # many replies from people working or studying away


class Scenario:
    """A seeded month of posts and replies on X, a Facebook Page and Instagram.

    Only entries created at or before ``now`` are visible through the emulator; deleted ones
    never are. All reads and mutations hold ``lock`` so a running server sees a consistent
    state.
    """

    def __init__(
        self,
        *,
        seed: int,
        start: date,
        days: int,
        now: datetime,
        accounts: dict[str, OwnAccount],
        entries: list[Entry],
        planted: Planted,
        ids: IdFactory,
        maker: Maker,
    ) -> None:
        self.seed = seed
        self.start = start
        self.days = days
        self.now = now
        self.accounts = accounts
        self.planted = planted
        self.lock = threading.RLock()
        self.version = 0  # bumped on every mutation, so readers can cache sorted views
        self._ids = ids
        self._maker = maker
        self._mutations = 0
        self.closed: set[str] = set()  # platforms whose own account no longer exists
        self._entries: dict[str, list[Entry]] = {p: [] for p in PLATFORMS}
        self._index: dict[tuple[str, str], Entry] = {}
        self._posts: dict[str, list[Entry]] = {p: [] for p in PLATFORMS}
        self._threads: dict[tuple[str, str], list[Entry]] = {}
        for entry in entries:
            self._add(entry)

    # -- reading ---------------------------------------------------------------------------
    def _add(self, entry: Entry) -> None:
        self._entries[entry.platform].append(entry)
        if entry.kind == "post":
            self._posts[entry.platform].append(entry)
        else:
            self._threads.setdefault((entry.platform, entry.root_id), []).append(entry)
        for version in entry.versions:
            self._index[(entry.platform, version.id)] = entry
        if entry.parent_id is not None:
            parent = self._index.get((entry.platform, entry.parent_id))
            if parent is not None:
                parent.children.append(entry)

    def entries(self, platform: str) -> list[Entry]:
        """Every entry of a platform (deleted and future ones included), in creation order."""
        return self._entries[platform]

    def posts(self, platform: str) -> list[Entry]:
        """The posts of a platform (deleted and future ones included), in creation order."""
        return self._posts[platform]

    def thread(self, platform: str, root_id: str) -> list[Entry]:
        """Every reply under a post, at any depth (deleted and future ones included)."""
        return self._threads.get((platform, root_id), [])

    def all_entries(self) -> Iterator[Entry]:
        """Every entry of every platform."""
        for platform in PLATFORMS:
            yield from self._entries[platform]

    def get(self, platform: str, any_id: str) -> Entry | None:
        """The entry with this id (on X, the id of any of its versions)."""
        return self._index.get((platform, any_id))

    def is_visible(self, entry: Entry) -> bool:
        """Whether the platforms show this entry now (not deleted, not in the future)."""
        return not entry.deleted and entry.created_at <= self.now

    def text_now(self, entry: Entry) -> str:
        """The text as it reads at ``now`` (an edit made "later" is not shown yet)."""
        text = entry.versions[0].text
        for version in entry.versions:
            if version.created_at <= self.now:
                text = version.text
        return text

    def visible_children(self, entry: Entry) -> list[Entry]:
        """The direct replies to an entry that are visible now."""
        return [c for c in entry.children if self.is_visible(c)]

    def truth(self) -> dict[tuple[str, str], Truth]:
        """Ground truth of every public reply, keyed by (platform, original external id)."""
        return {
            (e.platform, e.external_id): e.truth for e in self.all_entries() if e.truth is not None
        }

    def expected_items(
        self,
        *,
        one_run: bool = False,
        mentions_cap: int = 800,
        tweets_cap: int = 3200,
        search_days: int = 7,
    ) -> dict[tuple[str, str], str]:
        """What a perfect collector holds now: (platform, external_id) -> current text.

        On X the key is the first id in ``edit_history_tweet_ids`` (a collector should file
        an edit under the tweet it edits). Deleted entries and entries after ``now`` are
        absent. With ``one_run`` only the X tweets a single collection at ``now`` can reach
        are included (the emulator's default limits): the account's newest ``tweets_cap``
        tweets, the newest ``mentions_cap`` mentions, and anything from the last
        ``search_days`` days (conversation search). Without it, every X reply counts, which
        only a collector that ran at least weekly through the month can achieve.
        """
        with self.lock:
            live = [e for e in self.all_entries() if self.is_visible(e)]
            if one_run:
                reachable = self._x_reachable(live, mentions_cap, tweets_cap, search_days)
                live = [e for e in live if e.platform != "x" or e.external_id in reachable]
            return {(e.platform, e.external_id): self.text_now(e) for e in live}

    def _x_reachable(
        self, live: list[Entry], mentions_cap: int, tweets_cap: int, search_days: int
    ) -> set[str]:
        tweets = sorted(
            (e for e in live if e.platform == "x"), key=lambda e: int(e.current_id), reverse=True
        )
        handle = "@" + self.accounts["x"].username.lower()
        own = [e for e in tweets if e.is_own][:tweets_cap]
        mentions = [e for e in tweets if not e.is_own and handle in self.text_now(e).lower()][
            :mentions_cap
        ]
        since = self.now - timedelta(days=search_days)
        recent = [e for e in tweets if e.updated_at >= since]
        return {e.external_id for e in own + mentions + recent}

    # -- mutations -------------------------------------------------------------------------
    def _require(self, platform: str, external_id: str) -> Entry:
        entry = self.get(platform, external_id)
        if entry is None or entry.deleted:
            raise ScenarioError(f"no live {platform} object with id {external_id}")
        return entry

    def _tick(self) -> datetime:
        """A moment after everything that exists, which becomes the new ``now``."""
        latest = max(e.updated_at for e in self.all_entries())
        self.now = max(self.now, latest) + timedelta(seconds=1)
        return self.now

    def edit(self, platform: str, external_id: str, new_text: str) -> str:
        """Edit a post or reply; returns the id that now carries the text.

        X gives the edit a new tweet id (listed in ``edit_history_tweet_ids``); Facebook and
        Instagram change the text under the same id.
        """
        with self.lock:
            entry = self._require(platform, external_id)
            when = self._tick()
            if platform == "x":
                new_id = self._ids.snowflake(when)
                entry.versions.append(Version(new_id, new_text, when))
                self._index[(platform, new_id)] = entry
            else:
                entry.versions.append(Version(entry.external_id, new_text, when))
            self._bump()
            return entry.current_id

    def delete(self, platform: str, external_id: str) -> None:
        """Delete a post or reply. Facebook and Instagram take the replies under it along."""
        with self.lock:
            entry = self._require(platform, external_id)
            entry.deleted = True
            if platform != "x":
                for child in entry.children:
                    child.deleted = True
            self._bump()

    def add_replies(self, count: int, span: timedelta = timedelta(hours=6)) -> list[Entry]:
        """Add ``count`` new everyday replies after everything that exists, and move ``now``.

        Deterministic: the same scenario with the same sequence of calls adds the same
        replies.
        """
        with self.lock:
            begin = self._tick()
            seed = self.seed * 1000 + self._mutations
            new = self._maker.later_replies(count, begin, begin + span, seed)
            for entry in sorted(new, key=lambda e: e.created_at):
                self._add(entry)
            if new:
                self.now = max(self.now, max(e.created_at for e in new))
            self._bump()
            return new

    def add_post(self, platform: str, text: str | None = None) -> Entry:
        """Publish a new official post after everything that exists, and move ``now``."""
        with self.lock:
            if platform not in self.accounts:
                raise ScenarioError(f"no account on {platform}")
            post = self._maker.later_post(platform, self._tick(), text)
            self._add(post)
            self._bump()
            return post

    def close_account(self, platform: str) -> None:
        """Make the commission's account on ``platform`` disappear (deleted or wrong id).

        X then answers lookups of it with resource-not-found errors; Graph answers the Page or
        Instagram account, and everything under it, with error 100/33.
        """
        with self.lock:
            if platform not in self.accounts:
                raise ScenarioError(f"no account on {platform}")
            self.closed.add(platform)
            self._bump()

    def set_now(self, when: datetime) -> None:
        """Move the clock (e.g. back to mid-month, to emulate collecting while it happened)."""
        with self.lock:
            self.now = when
            self._bump()

    def _bump(self) -> None:
        self._mutations += 1
        self.version += 1
