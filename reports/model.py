"""The weekly report as pure data. Every renderer draws from one `WeeklyReport`, so the HTML,
PDF, XLSX and JSON versions cannot disagree.

Weeks are ISO weeks in Asia/Jakarta (WIB): Monday 00:00 to Sunday 23:59:59 local time.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum, StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from reports import reach
from reports.labels import fmt_int
from reports.outreach_index import OutreachIndexSettings, OutreachRow
from reports.turnout import TurnoutCounts, TurnoutSection

WIB = ZoneInfo("Asia/Jakarta")
# 2: headline "reach" became "repliers" and "post_views" (shown only when measured); index rows
# gained raw shares, topics as objects and rank null without replies; completeness gained a
# summary and each source its kind and items of the week; own posts "reach" became "views".
# 3: "turnout" (signals per kecamatan against previous weeks and baseline turnout, recommended
# answers with deadlines); "current"/"previous" gained "turnout" counts.
SCHEMA_VERSION = 3


def week_bounds(iso_year: int, iso_week: int) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of an ISO week in Asia/Jakarta."""
    monday = date.fromisocalendar(iso_year, iso_week, 1)
    start = datetime.combine(monday, time(0, 0), tzinfo=WIB)
    return start, start + timedelta(days=7)


def iso_week_of(moment: datetime) -> tuple[int, int]:
    """ISO (year, week) of an aware datetime, counted in Asia/Jakarta."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    local = moment.astimezone(WIB).date().isocalendar()
    return local.year, local.week


class FigureKind(StrEnum):
    COUNT = "count"
    SHARE = "share"


@dataclass(slots=True)
class WeekTotals:
    """Regency-wide counts of one week.

    ``repliers`` counts the distinct citizens (pseudonyms) who replied; ``post_views`` is the
    reach of the commission's own posts as defined in :mod:`reports.reach` (None: not measured
    for any post of the week, which is not the same as 0), from ``posts_measured`` of ``posts``.
    """

    replies: int = 0
    negative: int = 0
    asking: int = 0
    misinformed: int = 0
    apathetic: int = 0
    questions: int = 0
    questions_unanswered: int = 0
    repliers: int = 0
    posts: int = 0
    posts_measured: int = 0
    post_views: int | None = None
    turnout: TurnoutCounts = field(default_factory=TurnoutCounts)

    def share(self, count: int) -> float | None:
        return count / self.replies if self.replies > 0 else None

    @property
    def has_data(self) -> bool:
        return self.replies > 0 or self.posts > 0


@dataclass(slots=True)
class Headline:
    """One headline figure with the previous week's value for comparison."""

    key: str
    label: str
    kind: FigureKind
    value: float | None
    previous: float | None
    higher_is_worse: bool = True


def headline_figures(current: WeekTotals, previous: WeekTotals | None) -> list[Headline]:
    """The headline block: counts and shares of this week next to last week's."""

    def prev(fn: Any) -> float | None:
        return fn(previous) if previous is not None else None

    figures = [
        Headline("replies", "Balasan warga", FigureKind.COUNT, current.replies,
                 prev(lambda t: t.replies), higher_is_worse=False),
        Headline("repliers", "Warga yang membalas", FigureKind.COUNT, current.repliers,
                 prev(lambda t: t.repliers), higher_is_worse=False),
        Headline("negative_share", "Porsi negatif", FigureKind.SHARE,
                 current.share(current.negative), prev(lambda t: t.share(t.negative))),
        Headline("asking_share", "Porsi bertanya", FigureKind.SHARE,
                 current.share(current.asking), prev(lambda t: t.share(t.asking))),
        Headline("misinformed_share", "Porsi salah paham", FigureKind.SHARE,
                 current.share(current.misinformed), prev(lambda t: t.share(t.misinformed))),
        Headline("apathetic_share", "Porsi apatis/golput", FigureKind.SHARE,
                 current.share(current.apathetic), prev(lambda t: t.share(t.apathetic))),
        Headline("questions_unanswered", "Pertanyaan belum dijawab", FigureKind.COUNT,
                 current.questions_unanswered, prev(lambda t: t.questions_unanswered)),
    ]
    if current.post_views is not None:  # shown only when measured (see reports/reach.py)
        figures.append(Headline("post_views", reach.LABEL, FigureKind.COUNT, current.post_views,
                                prev(lambda t: t.post_views), higher_is_worse=False))
    return figures


def views_note(current: WeekTotals) -> str:
    """What the views figure means, or why it is missing, in one or two plain sentences."""
    if current.post_views is not None:
        partial = ""
        if current.posts_measured < current.posts:
            partial = (f" Angka ini mencakup {current.posts_measured} dari {current.posts} "
                       "unggahan KPU minggu ini.")
        return reach.meaning() + partial
    if current.posts:
        why = (f"{current.posts} unggahan KPU minggu ini tercatat, tetapi tidak satu pun "
               "membawa angka tayangan")
    else:
        why = "tidak ada unggahan KPU yang tercatat minggu ini"
    return f"{reach.LABEL} tidak ditampilkan: {why}. " + reach.meaning()


@dataclass(slots=True)
class DailyVolume:
    """Replies of one local day split by sentiment."""

    day: date
    positive: int = 0
    neutral: int = 0
    negative: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.neutral + self.negative


@dataclass(slots=True)
class MatrixCell:
    """Replies about one stage showing one kind of awareness."""

    stage: str
    awareness: str
    count: int


@dataclass(slots=True)
class UnansweredQuestion:
    """A public question still without an official answer (pseudonymous handle only)."""

    quote: str
    handle: str
    platform: str
    kecamatan: str | None
    age_hours: float
    url: str | None = None
    stage: str | None = None
    post_url: str | None = None  # the post it answers, when the reply has no link of its own


@dataclass(slots=True)
class Rumour:
    """A false claim seen this week with the official fact that corrects it."""

    quote: str
    evidence: str
    correction: str
    correction_url: str | None = None
    occurrences: int = 1
    kecamatan: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OwnPostPerformance:
    """How one of the commission's own posts did."""

    snippet: str
    platform: str
    posted_at: datetime
    replies: int
    engagement: int
    views: int | None = None  # see reports/reach.py; None = not measured on this platform
    hours_to_first_answer: float | None = None
    url: str | None = None


@dataclass(slots=True)
class SourceRun:
    """The collection or import runs of one source behind the week's data (run ledger).

    ``items_in_week`` counts the week's items these runs brought in (an item belongs to the run
    that first stored it); ``items_new`` and the other counts are the runs' own totals, over
    every week their items fall in.
    """

    source: str
    platform: str  # one platform, or several joined by "," (an export of more than one)
    runs: int
    kind: str = "collect"  # "collect" or "import"
    runs_failed: int = 0
    items_in_week: int = 0
    items_new: int = 0
    items_skipped: int = 0
    items_failed: int = 0
    rate_limit_wait_seconds: float = 0.0
    api_cost: float = 0.0
    gaps: list[str] = field(default_factory=list)
    first_started: datetime | None = None
    last_started: datetime | None = None


@dataclass(slots=True)
class AccuracyFigure:
    """A measured accuracy figure of the tagging model (from its evaluation)."""

    label: str
    value: float | None
    n: int
    note: str = ""


@dataclass(slots=True)
class Completeness:
    """What the report rests on: sources that ran, gaps, failures, costs, model quality."""

    sources: list[SourceRun] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    items_in_week: int = 0  # every item (posts and replies) created in the week
    items_untraced: int = 0  # of those, items no run in the ledger can be found for
    needs_review: int = 0
    model_name: str | None = None
    accuracy: list[AccuracyFigure] = field(default_factory=list)
    api_cost_currency: str = "USD"

    @property
    def rate_limit_wait_seconds(self) -> float:
        return sum(s.rate_limit_wait_seconds for s in self.sources)

    @property
    def api_cost(self) -> float:
        return sum(s.api_cost for s in self.sources)

    @property
    def summary(self) -> str:
        """Where the week's data came from, in one plain paragraph (every renderer shows it)."""
        collected = [s for s in self.sources if s.kind == "collect"]
        imported = [s for s in self.sources if s.kind == "import"]
        runs = sum(s.runs for s in self.sources)
        failed = sum(s.runs_failed for s in self.sources)
        brought = sum(s.items_in_week for s in self.sources)
        if not self.sources and not self.items_in_week:
            return ("Tidak ada data untuk minggu ini: tidak ada item yang waktunya jatuh di minggu "
                    "ini, dan tidak ada proses pengumpulan atau impor yang berjalan di dalamnya.")
        parts: list[str] = []
        if self.sources:
            kinds = []
            if collected:
                kinds.append(f"{fmt_int(sum(s.runs for s in collected))} proses pengumpulan "
                             f"dari {len(collected)} sumber")
            if imported:
                kinds.append(f"{fmt_int(sum(s.runs for s in imported))} impor berkas")
            text = f"Data minggu ini dibawa oleh {fmt_int(runs)} proses: {' dan '.join(kinds)}"
            starts = [t for s in self.sources for t in (s.first_started, s.last_started) if t]
            if starts:
                first, last = _stamp(min(starts)), _stamp(max(starts))
                text += (f", dijalankan {first}" if first == last
                         else f", dijalankan antara {first} dan {last}")
            parts.append(text + ".")
            parts.append(f"{fmt_int(brought)} dari {fmt_int(self.items_in_week)} item minggu ini "
                         "berasal dari proses tersebut.")
            if failed:
                parts.append(f"{fmt_int(failed)} proses gagal (lihat Kegagalan).")
            gaps = sum(len(s.gaps) for s in self.sources)
            if gaps:
                parts.append(f"{gaps} celah pengumpulan tercatat (lihat kolom Celah).")
        else:
            parts.append("Tidak ada proses pengumpulan atau impor yang tercatat untuk data "
                         "minggu ini.")
        if self.items_untraced:
            parts.append(f"{fmt_int(self.items_untraced)} item minggu ini tidak dapat ditelusuri "
                         "ke proses mana pun (dimasukkan tanpa catatan proses, atau catatannya "
                         "sudah dihapus).")
        return " ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(WIB).strftime("%d-%m-%Y %H.%M WIB")


@dataclass(slots=True)
class WeeklyReport:
    """Everything the weekly report shows, in one object."""

    iso_year: int
    iso_week: int
    generated_at: datetime
    current: WeekTotals
    previous: WeekTotals | None
    index: list[OutreachRow] = field(default_factory=list)
    map_values: dict[str, float | None] = field(default_factory=dict)
    index_settings: OutreachIndexSettings = field(default_factory=OutreachIndexSettings)
    map_title: str = "Indeks kebutuhan sosialisasi per kecamatan"
    daily: list[DailyVolume] = field(default_factory=list)
    stage_awareness: list[MatrixCell] = field(default_factory=list)
    unanswered: list[UnansweredQuestion] = field(default_factory=list)
    rumours: list[Rumour] = field(default_factory=list)
    own_posts: list[OwnPostPerformance] = field(default_factory=list)
    completeness: Completeness = field(default_factory=Completeness)
    turnout: TurnoutSection = field(default_factory=TurnoutSection)
    notes: list[str] = field(default_factory=list)
    baseline_missing_reason: str | None = None
    synthetic: bool = False
    title: str = "Laporan Mingguan Pantau"
    organisation: str = "KPU Kabupaten Jember"

    @property
    def period(self) -> tuple[datetime, datetime]:
        return week_bounds(self.iso_year, self.iso_week)

    @property
    def headline(self) -> list[Headline]:
        return headline_figures(self.current, self.previous)

    @property
    def is_empty(self) -> bool:
        return self.current.replies == 0 and not self.own_posts

    @property
    def views_note(self) -> str:
        return views_note(self.current)

    @property
    def ranked(self) -> list[OutreachRow]:
        """Kecamatan ranked by need: those with replies this week, best first."""
        return [r for r in self.index if r.rank is not None]

    @property
    def without_signal(self) -> list[OutreachRow]:
        """Kecamatan with no reply this week: not ranked, listed with their baseline."""
        return [r for r in self.index if r.rank is None]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings, NaN as None), with derived blocks included."""
        data = _jsonable(self)
        assert isinstance(data, dict)
        start, end = self.period
        data["schema_version"] = SCHEMA_VERSION
        data["period_start"] = start.isoformat()
        data["period_end"] = end.isoformat()
        data["headline"] = _jsonable(self.headline)
        data["views_note"] = self.views_note
        data["completeness"]["summary"] = self.completeness.summary
        data["completeness"]["rate_limit_wait_seconds"] = self.completeness.rate_limit_wait_seconds
        data["completeness"]["api_cost"] = self.completeness.api_cost
        for row, shown in zip(self.turnout.rows, data["turnout"]["rows"], strict=True):
            shown["previous"] = _jsonable(row.previous)  # the previous weeks pooled
        if self.turnout.regency is not None:
            data["turnout"]["regency"]["previous"] = _jsonable(self.turnout.regency.previous)
        return data


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
