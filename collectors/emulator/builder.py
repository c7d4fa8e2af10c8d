"""Builds a seeded scenario: posts, authors, replies with planted patterns, official answers."""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from collectors.emulator import texts, texts_mix, texts_official, texts_turnout, writer
from collectors.emulator.gazetteer import Kecamatan, load_kecamatan, load_outlines
from collectors.emulator.ids import IdFactory, place_id, user_id
from collectors.emulator.model import Author, Entry, GeoTag, OwnAccount, Truth, Version
from collectors.emulator.volumes import HOUR_WEIGHTS, MIX, PLATFORM_SHARE, day_weight
from collectors.emulator.world import Planted, Scenario

WIB = timezone(timedelta(hours=7), "WIB")
VOTING_DAY = date(2024, 11, 27)
RUMOUR_KECAMATAN = ("Puger", "Wuluhan", "Ambulu")
DPT_KECAMATAN = "Sumberjambe"
GOLPUT_KECAMATAN = "Bangsalsari"  # lowest turnout in Jember at the 2024 Pilkada
BARRIER_KECAMATAN = "Ledokombo"  # many young people work in Bali, Malaysia and on the ships
QUIET_KECAMATAN = "Jelbuk"


@dataclass(slots=True)
class _Plan:
    when: datetime
    pattern: str
    phrase: texts.Phrase
    home: Kecamatan | None
    platform: str
    place_in_text: bool


_HOUR_CUM = list(itertools.accumulate(HOUR_WEIGHTS))


class ScenarioBuilder:
    """Holds the random state and author pools; also makes replies added after the build."""

    def __init__(self, seed: int, start: date, days: int) -> None:
        self.seed = seed
        self.start = start
        self.days = days
        self.rng = random.Random(seed)
        self.ids = IdFactory()
        self.kecamatan = load_kecamatan()
        self.by_name = {k.name: k for k in self.kecamatan}
        self.t0 = datetime.combine(start, time(0), WIB).astimezone(UTC)
        self.t_end = self.t0 + timedelta(days=days)
        self.voting_index = (VOTING_DAY - start).days
        self.accounts = _own_accounts()
        self.authors: dict[tuple[str, str | None], list[Author]] = {}
        self.posts: dict[str, list[Entry]] = {p: [] for p in PLATFORM_SHARE}
        self.recent: dict[str, list[Entry]] = {p: [] for p in PLATFORM_SHARE}
        self.mix_kec = [k for k in self.kecamatan if k.name != QUIET_KECAMATAN]
        # cumulative weights computed once: sampling 50,000 replies stays fast
        self._kec_cum = list(itertools.accumulate(k.weight for k in self.mix_kec))
        self._day_cum: dict[str, list[float]] = {}
        self._handles: set[tuple[str, str]] = set()

    # -- sampling helpers -------------------------------------------------------------------
    def _day(self, rng: random.Random, profile: str) -> int:
        cumulative = self._day_cum.get(profile)
        if cumulative is None:
            weights = [day_weight(profile, d - self.voting_index) for d in range(self.days)]
            if not any(weights):
                weights = [1.0] * self.days
            cumulative = self._day_cum[profile] = list(itertools.accumulate(weights))
        return rng.choices(range(self.days), cum_weights=cumulative)[0]

    def _moment(self, rng: random.Random, day: int) -> datetime:
        hour = rng.choices(range(24), cum_weights=_HOUR_CUM)[0]
        local = datetime.combine(self.start + timedelta(days=day), time(hour), WIB)
        return (local + timedelta(seconds=rng.randrange(3600))).astimezone(UTC)

    def _platform(self, rng: random.Random) -> str:
        return rng.choices(list(PLATFORM_SHARE), list(PLATFORM_SHARE.values()))[0]

    def _mix_home(self, rng: random.Random) -> Kecamatan | None:
        if rng.random() < 0.3:
            return None
        return rng.choices(self.mix_kec, cum_weights=self._kec_cum)[0]

    def author(self, rng: random.Random, platform: str, home: Kecamatan | None) -> Author:
        """A pseudonymous author from ``home``; a few people write again and again."""
        pool = self.authors.setdefault((platform, home.name if home else None), [])
        if pool and rng.random() < 0.55:
            return pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)]
        handle = writer.make_handle(rng, home, platform)
        while (platform, handle) in self._handles:  # two people never share a handle
            handle = writer.make_handle(rng, home, platform)
        self._handles.add((platform, handle))
        location, _ = writer.profile_location(rng, home)
        created = datetime(2012, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(4300))
        new = Author(
            platform,
            user_id(platform, handle),
            handle,
            writer.make_name(rng, handle),
            home.name if home else None,
            location,
            created,
            int(rng.paretovariate(1.1) * 40),
        )
        pool.append(new)
        return new

    # -- posts ------------------------------------------------------------------------------
    def build_posts(self, total: int) -> list[Entry]:
        """The official posts of every platform, spread over the month."""
        counts = {"x": round(total * 0.34), "facebook": round(total * 0.33)}
        counts["instagram"] = max(total - counts["x"] - counts["facebook"], 1)
        result = []
        for platform, count in counts.items():
            moments = [self.t0 + timedelta(hours=6, minutes=1)]  # 06:01 WIB on day one
            moments += [
                self._moment(self.rng, self._day(self.rng, "flat")) for _ in range(count - 1)
            ]
            for when in sorted(moments):
                offset = (when.astimezone(WIB).date() - VOTING_DAY).days
                fits = [
                    p for p in texts_official.POSTS if p.first <= offset <= p.last
                ] or texts_official.POSTS[-1:]
                template = self.rng.choice(fits)
                entry = self._entry(platform, "post", when, template.text, None, None, None)
                entry.stage = template.stage
                entry.like_count = self.rng.randint(5, 400)
                entry.share_count = self.rng.randint(0, 60)
                self.posts[platform].append(entry)
                result.append(entry)
        return result

    def _entry(
        self,
        platform: str,
        kind: str,
        when: datetime,
        text: str,
        parent: Entry | None,
        author: Author | None,
        truth: Truth | None,
    ) -> Entry:
        if platform == "x":
            new_id = self.ids.snowflake(when)
        elif platform == "facebook":
            number = self.ids.graph_number(
                when, 122_000_000_000_000_000 if kind == "post" else 1_000_000_000_000_000
            )
            page = self.accounts["facebook"].id
            new_id = f"{page}_{number}" if kind == "post" else f"{_fb_post_number(parent)}_{number}"
        else:
            base = 17_900_000_000_000_000 if kind == "post" else 18_000_000_000_000_000
            new_id = self.ids.graph_number(when, base)
        root = parent.root_id if parent else new_id
        return Entry(
            platform,
            new_id,
            kind,
            when,
            [Version(new_id, text, when)],
            root,
            parent.external_id if parent else None,
            author is None,
            author,
            truth=truth,
        )

    # -- replies ----------------------------------------------------------------------------
    def _parent(self, rng: random.Random, platform: str, when: datetime) -> Entry:
        recent = [r for r in self.recent[platform][-40:] if r.created_at < when and not r.deleted]
        if recent and rng.random() < 0.22:
            parent = rng.choice(recent)
            if platform != "x" and parent.parent_id is not None and parent.kind == "reply":
                grand = self._lookup.get(parent.parent_id)
                if grand is not None and grand.kind == "reply":
                    parent = grand  # Facebook and Instagram nest only one level
            return parent
        posts = [p for p in self.posts[platform] if not p.deleted] or self.posts[platform]
        times = [p.created_at for p in posts]
        upto = max(bisect.bisect_left(times, when - timedelta(minutes=5)), 1)
        window = posts[max(0, upto - 12) : upto]
        hours = [(when - p.created_at).total_seconds() / 3600 for p in window]
        return rng.choices(window, [math.exp(-max(h, 0) / 30) + 0.01 for h in hours])[0]

    def make_reply(self, rng: random.Random, plan: _Plan) -> Entry:
        """Write one reply from a plan, deciding how (and whether) its place can be found."""
        home, platform = plan.home, plan.platform
        parent = self._parent(rng, platform, plan.when)
        phrase, pattern = plan.phrase, plan.pattern
        peer = self._peer_answer(rng, parent) if pattern.startswith("mix_") else None
        if peer is not None:
            phrase, pattern = peer, "peer_answer"
        author = self.author(rng, platform, home)
        text = writer.fill_slots(rng, phrase.text)
        area_via = "none"
        if home is not None and plan.place_in_text:
            text = writer.with_place(rng, text, writer.place_clause(rng, phrase.lang, home))
            area_via = "text"
        text = writer.informal(rng, writer.dress(rng, text, phrase.lang), phrase.lang)
        if plan.when <= parent.created_at:  # nobody answers a post before it exists
            plan.when = parent.created_at + timedelta(minutes=rng.randint(3, 90))
        geo = None
        if platform == "x":
            text = self._mentions(rng, parent, author) + text
            if home is not None and area_via == "none":
                if rng.random() < 0.12:
                    geo = self._geo(rng, home)
                    area_via = "geo"
                elif author.profile_location and home.name in author.profile_location:
                    area_via = "profile"
        truth = Truth(
            pattern,
            phrase.lang,
            phrase.sentiment,
            phrase.stage,
            phrase.awareness,
            phrase.flags,
            home.name if home and area_via != "none" else None,
            home.name if home else None,
            area_via,
            phrase.barrier,
        )
        entry = self._entry(platform, "reply", plan.when, text, parent, author, truth)
        entry.geo = geo
        entry.stage = phrase.stage
        entry.like_count = min(int(rng.paretovariate(1.5)) - 1, 500)
        self.recent[platform].append(entry)
        self._lookup[entry.external_id] = entry
        return entry

    @staticmethod
    def _peer_answer(rng: random.Random, parent: Entry) -> texts.Phrase | None:
        """Sometimes another citizen answers a question or corrects a rumour in the thread."""
        truth = parent.truth
        if truth is None or rng.random() >= 0.4:
            return None
        key = "misinformed" if truth.awareness == "misinformed" else truth.stage
        bank = texts_mix.PEER_ANSWERS.get(key)
        if bank is None or not ("question" in truth.flags or key == "misinformed"):
            return None
        return rng.choice(bank)

    def _mentions(self, rng: random.Random, parent: Entry, author: Author) -> str:
        own = self.accounts["x"].username
        if parent.author is None or parent.author.handle == author.handle:
            return f"@{own} "
        # replies to replies usually keep the account in the thread, not always
        return (
            f"@{parent.author.handle} @{own} "
            if rng.random() < 0.85
            else f"@{parent.author.handle} "
        )

    def _geo(self, rng: random.Random, home: Kecamatan) -> GeoTag:
        """A geo tag; exact points sit near the centroid, always inside the kecamatan."""
        if rng.random() >= 0.7:
            return GeoTag(place_id(home.code), home.name, None, None)
        outline = load_outlines()[home.name]
        lng, lat = outline.inner
        for _ in range(20):
            lat_try = home.lat + rng.uniform(-0.006, 0.006)
            lng_try = home.lng + rng.uniform(-0.006, 0.006)
            if outline.contains(lng_try, lat_try):
                lng, lat = lng_try, lat_try
                break
        return GeoTag(place_id(home.code), home.name, round(lat, 6), round(lng, 6))

    def plan(
        self,
        rng: random.Random,
        pattern: str,
        bank: list[texts.Phrase],
        profile: str,
        home: Kecamatan | None,
        p_text: float,
        platform: str | None = None,
        day: int | None = None,
    ) -> _Plan:
        """Plan one reply: when, which phrase, from where, on which platform."""
        day = self._day(rng, profile) if day is None else day
        return _Plan(
            self._moment(rng, day),
            pattern,
            rng.choice(bank),
            home,
            platform or self._platform(rng),
            rng.random() < p_text,
        )

    def mix_plans(self, rng: random.Random, count: int) -> list[_Plan]:
        """Plans for ``count`` everyday replies (thanks, questions, complaints...)."""
        cumulative = list(itertools.accumulate(w for _, _, w, _ in MIX))
        plans = []
        for _ in range(count):
            pattern, bank, _, profile = rng.choices(MIX, cum_weights=cumulative)[0]
            plans.append(self.plan(rng, pattern, bank, profile, self._mix_home(rng), 0.22))
        return plans

    def pattern_plans(self, rng: random.Random, replies: int) -> list[_Plan]:
        """Plans for the planted patterns, scaled to the number of replies."""
        plans = []
        rumour_homes = [self.by_name[n] for n in RUMOUR_KECAMATAN]
        for _ in range(max(3, round(replies * 0.04))):
            draw = rng.random()
            home = (
                rng.choices(rumour_homes, [3, 2, 2])[0]
                if draw < 0.8
                else self._mix_home(rng)
                if draw < 0.92
                else None
            )
            plans.append(self.plan(rng, "rumour_postponed", texts.RUMOUR, "rumour", home, 0.45))
        for _ in range(max(3, round(replies * 0.035))):
            plans.append(
                self.plan(
                    rng,
                    "dpt_questions",
                    texts.DPT_QUESTION,
                    "dpt",
                    self.by_name[DPT_KECAMATAN],
                    0.5,
                )
            )
        for _ in range(max(3, round(replies * 0.035))):
            plans.append(
                self.plan(
                    rng,
                    "golput",
                    texts.GOLPUT_APATHY,
                    "golput",
                    self.by_name[GOLPUT_KECAMATAN],
                    0.45,
                )
            )
        for _ in range(max(3, round(replies * 0.015))):
            plans.append(
                self.plan(
                    rng,
                    "barrier_away",
                    texts_turnout.BARRIER_AWAY,
                    "dpt",
                    self.by_name[BARRIER_KECAMATAN],
                    0.45,
                )
            )
        for _ in range(max(2, round(replies * 0.006))):
            plans.append(self.plan(rng, "trap_place", texts.TRAP_PLACE, "flat", None, 0.0))
        quiet = self.by_name[QUIET_KECAMATAN]
        for i, phrase in enumerate(texts.QUIET_CALM):
            day = min(max(self.voting_index - 12 + 6 * i, 0), self.days - 1)
            plans.append(
                _Plan(
                    self._moment(rng, day),
                    "quiet_calm",
                    phrase,
                    quiet,
                    ["facebook", "instagram", "x", "facebook"][i % 4],
                    True,
                )
            )
        return plans

    def official_answers(self, rng: random.Random, replies: list[Entry]) -> list[Entry]:
        """The commission answers some questions (so not every question is still open)."""
        result = []
        for reply in replies:
            truth = reply.truth
            if truth is None or "question" not in truth.flags or rng.random() > 0.2:
                continue
            key = "misinformed" if truth.awareness == "misinformed" else truth.stage
            text = texts_official.OFFICIAL_ANSWERS.get(
                key, texts_official.OFFICIAL_ANSWERS["pemungutan_suara"]
            )
            when = reply.created_at + timedelta(minutes=10 + rng.expovariate(1 / 300))
            if when >= self.t_end or reply.author is None:
                continue
            if reply.platform == "x":
                text = f"@{reply.author.handle} {text}"
            answer = self._entry(reply.platform, "reply", when, text, reply, None, None)
            answer.stage = truth.stage
            result.append(answer)
        return result

    def realise(self, rng: random.Random, plans: list[_Plan]) -> list[Entry]:
        """Write the planned replies in time order (parents exist before children)."""
        return [self.make_reply(rng, p) for p in sorted(plans, key=lambda p: p.when)]

    _lookup: dict[str, Entry]

    def build(self, replies: int, posts: int) -> Scenario:
        """The whole month; the quiet kecamatan's one negative goes into the busiest week."""
        self._lookup = {}
        post_entries = self.build_posts(posts)
        for entry in post_entries:
            self._lookup[entry.external_id] = entry
        plans = self.pattern_plans(self.rng, replies)
        plans += self.mix_plans(self.rng, max(replies - len(plans) - 1, 0))
        week_start, week_end = _busiest_week(p.when for p in plans)
        negative_day = min(max((week_start - self.start).days + 3, 0), self.days - 1)
        plans.append(
            _Plan(
                self._moment(self.rng, negative_day),
                "quiet_negative",
                texts.QUIET_NEGATIVE,
                self.by_name[QUIET_KECAMATAN],
                "facebook",
                True,
            )
        )
        reply_entries = self.realise(self.rng, plans)
        answers = self.official_answers(self.rng, reply_entries)
        negative = next(e for e in reply_entries if e.truth and e.truth.pattern == "quiet_negative")
        rumour_days = sorted(
            {
                e.created_at.astimezone(WIB).date()
                for e in reply_entries
                if e.truth and e.truth.pattern == "rumour_postponed"
            }
        )
        planted = Planted(
            RUMOUR_KECAMATAN,
            tuple(rumour_days),
            DPT_KECAMATAN,
            GOLPUT_KECAMATAN,
            QUIET_KECAMATAN,
            ("facebook", negative.external_id),
            (week_start, week_end),
            BARRIER_KECAMATAN,
        )
        everything = sorted(post_entries + reply_entries + answers, key=lambda e: e.created_at)
        return Scenario(
            seed=self.seed,
            start=self.start,
            days=self.days,
            now=self.t_end,
            accounts=self.accounts,
            entries=everything,
            planted=planted,
            ids=self.ids,
            maker=self,
        )

    def later_replies(self, count: int, begin: datetime, end: datetime, seed: int) -> list[Entry]:
        """Everyday replies between ``begin`` and ``end`` (for incremental-collection runs)."""
        rng = random.Random(seed)
        plans = self.mix_plans(rng, count)
        span = (end - begin).total_seconds()
        for p in plans:
            p.when = begin + timedelta(seconds=1 + rng.random() * span)
        return self.realise(rng, plans)

    def later_post(self, platform: str, when: datetime, text: str | None) -> Entry:
        """A new official post at ``when``; later replies may answer it."""
        offset = (when.astimezone(WIB).date() - VOTING_DAY).days
        fits = [p for p in texts_official.POSTS if p.first <= offset <= p.last]
        template = (fits or texts_official.POSTS[-1:])[
            len(self.posts[platform]) % max(len(fits), 1)
        ]
        entry = self._entry(platform, "post", when, text or template.text, None, None, None)
        entry.stage = template.stage if text is None else "none"
        self.posts[platform].append(entry)
        self._lookup[entry.external_id] = entry
        return entry


def _fb_post_number(parent: Entry | None) -> str:
    if parent is None:
        return "0"
    return parent.root_id.split("_")[-1]


def _busiest_week(moments: Iterable[datetime]) -> tuple[date, date]:
    counts: Counter[date] = Counter()
    for when in moments:
        local = when.astimezone(WIB).date()
        counts[local - timedelta(days=local.weekday())] += 1
    monday = counts.most_common(1)[0][0]
    return monday, monday + timedelta(days=6)


def _own_accounts() -> dict[str, OwnAccount]:
    created = datetime(2014, 3, 3, tzinfo=UTC)
    note = "Akun simulasi untuk uji Pantau, bukan akun resmi. Semua isi bersifat sintetis."
    name = "KPU Kabupaten Jember (simulasi)"
    return {
        "x": OwnAccount(
            "x",
            "1202400000000000001",
            "kpujember_sim",
            name,
            note,
            "Jember, Jawa Timur",
            created,
            18400,
        ),
        "facebook": OwnAccount(
            "facebook",
            "100064123400001",
            "kpujember.sim",
            name,
            note,
            "Jember, Jawa Timur",
            created,
            52300,
        ),
        "instagram": OwnAccount(
            "instagram",
            "17841400000000001",
            "kpujember.sim",
            name,
            note,
            "Jember, Jawa Timur",
            created,
            31700,
        ),
    }
