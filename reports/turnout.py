"""Turnout signals in the weekly report: who says they will not vote, who has given up on
politics, who may be unable to vote and why, per kecamatan, against the previous weeks and the
baseline turnout, with the recommended answer for each kind and the deadline that applies.

The counts come from the tags (TAXONOMY.md: flags ``golput_intent``, ``cynicism``,
``voting_barrier`` and the ``barrier`` kind); the answers from ``reports.turnout_answers``.
One reply may carry several signals ("Aku ora nyoblos, wong lagi kerjo nang Batam" is golput
intent and an away-from-home barrier), so the kinds do not add up to ``with_signal``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from reports.baseline import Baseline
from reports.labels import BARRIER_KINDS, TURNOUT_KINDS, TURNOUT_LABELS, fmt_int
from reports.turnout_answers import TurnoutAnswers

REGENCY = "Seluruh Jember"


@dataclass(slots=True)
class TurnoutCounts:
    """Replies of one place and week, and how many carry each turnout signal.

    ``barriers`` counts ``voting_barrier`` replies per kind; ``apathetic_other`` the apathetic
    replies with neither golput intent nor cynicism (money decides, mostly); ``with_signal``
    the replies with at least one of golput intent, cynicism or a barrier.
    """

    replies: int = 0
    golput_intent: int = 0
    cynicism: int = 0
    voting_barrier: int = 0
    barriers: dict[str, int] = field(default_factory=dict)
    apathetic_other: int = 0
    with_signal: int = 0

    def __post_init__(self) -> None:
        counts = (self.golput_intent, self.cynicism, self.voting_barrier, self.apathetic_other,
                  self.with_signal, *self.barriers.values())
        if self.replies < 0 or any(c < 0 or c > self.replies for c in counts):
            raise ValueError("turnout counts must lie between 0 and the number of replies")

    def count(self, kind: str) -> int:
        """Replies with one signal (``golput_intent``, ``cynicism``) or barrier kind."""
        if kind in ("golput_intent", "cynicism"):
            return int(getattr(self, kind))
        return self.barriers.get(kind, 0)

    def share(self, count: int) -> float | None:
        return count / self.replies if self.replies else None

    def plus(self, other: TurnoutCounts) -> TurnoutCounts:
        kinds = set(self.barriers) | set(other.barriers)
        return TurnoutCounts(
            replies=self.replies + other.replies,
            golput_intent=self.golput_intent + other.golput_intent,
            cynicism=self.cynicism + other.cynicism,
            voting_barrier=self.voting_barrier + other.voting_barrier,
            barriers={k: self.barriers.get(k, 0) + other.barriers.get(k, 0) for k in sorted(kinds)},
            apathetic_other=self.apathetic_other + other.apathetic_other,
            with_signal=self.with_signal + other.with_signal,
        )


def total(counts: Sequence[TurnoutCounts]) -> TurnoutCounts:
    out = TurnoutCounts()
    for c in counts:
        out = out.plus(c)
    return out


@dataclass(slots=True)
class TurnoutRow:
    """One kecamatan (or the whole regency): this week, the previous weeks (oldest first,
    aligned with ``TurnoutSection.history_weeks``) and the baseline turnouts (None: unknown)."""

    kecamatan: str
    current: TurnoutCounts
    history: list[TurnoutCounts]
    turnout_2020: float | None = None
    turnout_2020_is_estimate: bool = False
    turnout_2024: float | None = None
    turnout_2024_is_estimate: bool = False
    is_regency: bool = False

    @property
    def previous(self) -> TurnoutCounts:
        """The previous weeks pooled (shares over a few weeks are steadier than one week's)."""
        return total(self.history)


@dataclass(slots=True)
class TurnoutAdvice:
    """The recommended answer to one kind seen this week, with where it was seen."""

    kind: str
    label: str
    replies: int
    kecamatan: list[tuple[str, int]]
    action: str
    answer: str
    deadline: date | None
    deadline_label: str | None
    days_left: int | None
    deadline_text: str
    passed: list[str]
    source: str
    confirmed: bool


@dataclass(slots=True)
class TurnoutSection:
    """Everything the report shows about turnout signals (see the module docstring)."""

    as_of: date | None = None
    history_weeks: list[str] = field(default_factory=list)
    regency: TurnoutRow | None = None
    rows: list[TurnoutRow] = field(default_factory=list)
    without_signal: list[str] = field(default_factory=list)
    advice: list[TurnoutAdvice] = field(default_factory=list)
    turnout_2020_note: str = ""
    answers_note: str | None = None
    answers_path: str | None = None
    calendar_path: str | None = None


def baseline_turnouts(name: str, baseline: Baseline) -> dict[str, object]:
    entry = baseline.get(name)
    t20 = entry.turnout_2020 if entry else None
    t24 = entry.turnout_2024 if entry else None
    return {
        "turnout_2020": t20.value if t20 else None,
        "turnout_2020_is_estimate": bool(t20 and t20.is_estimate),
        "turnout_2024": t24.value if t24 else None,
        "turnout_2024_is_estimate": bool(t24 and t24.is_estimate),
    }


def turnout_2020_note(baseline: Baseline, total_kecamatan: int) -> str:
    """Whether the baseline has 2020 turnout, said plainly (it is the commission's reference)."""
    known = sum(1 for r in baseline if r.turnout_2020 is not None)
    if baseline.is_empty:
        return ("Partisipasi 2020 dan 2024 per kecamatan tidak tersedia: baseline tidak dapat "
                "dibaca.")
    if known == 0:
        return (f"Baseline tidak memuat partisipasi Pilkada 2020 per kecamatan (kosong untuk "
                f"ke-{total_kecamatan} kecamatan; tidak ditemukan sumber per kecamatan, lihat "
                "config/jember/SOURCES.md), jadi pembanding 2020 ditulis –. Sebagai pembanding "
                "ditampilkan partisipasi 2024 bila ada.")
    if known < total_kecamatan:
        return (f"Partisipasi Pilkada 2020 tersedia untuk {known} dari {total_kecamatan} "
                "kecamatan di baseline; yang lain ditulis –.")
    return "Partisipasi Pilkada 2020 per kecamatan dari baseline."


def _advice(
    kind: str,
    current: Mapping[str, TurnoutCounts],
    regency: TurnoutCounts,
    answers: TurnoutAnswers,
    as_of: date,
) -> TurnoutAdvice:
    places = sorted(((k, c.count(kind)) for k, c in current.items() if c.count(kind)),
                    key=lambda kc: (-kc[1], kc[0]))
    # A kecamatan is named in the texts only when every such reply comes from it.
    only = places[0][0] if len(places) == 1 and places[0][1] == regency.count(kind) else None
    rec = answers.recommend(kind, as_of, only)
    return TurnoutAdvice(
        kind=kind,
        label=TURNOUT_LABELS[kind],
        replies=regency.count(kind),
        kecamatan=places,
        action=rec.action,
        answer=rec.answer,
        deadline=rec.deadline.day if rec.deadline else None,
        deadline_label=rec.deadline.label if rec.deadline else None,
        days_left=rec.days_left,
        deadline_text=rec.deadline_text,
        passed=[p.label for p in rec.passed],
        source=" ".join(rec.source.split()),
        confirmed=rec.confirmed,
    )


def build_turnout_section(
    *,
    current: Mapping[str, TurnoutCounts],
    history: Mapping[str, Sequence[TurnoutCounts]],
    regency_current: TurnoutCounts,
    regency_history: Sequence[TurnoutCounts],
    history_weeks: Sequence[str],
    baseline: Baseline,
    kecamatan_names: Sequence[str],
    answers: TurnoutAnswers | None,
    answers_note: str | None,
    as_of: date | None,
    regency_turnout_2024: float | None = None,
) -> TurnoutSection:
    """The section: kecamatan with a signal this week (most first), the regency, the advice.

    ``current`` and ``history`` are keyed by kecamatan (the unplaced replies count only in the
    regency figures); ``as_of`` is the local day deadlines are counted from (the end of the
    report's week, or today for a week still running).
    """
    empty = [TurnoutCounts() for _ in history_weeks]
    rows = [
        TurnoutRow(name, current.get(name) or TurnoutCounts(), list(history.get(name) or empty),
                   **baseline_turnouts(name, baseline))  # type: ignore[arg-type]
        for name in kecamatan_names
    ]
    with_signal = sorted(
        (r for r in rows if r.current.with_signal),
        key=lambda r: (-r.current.with_signal, -(r.current.share(r.current.with_signal) or 0),
                       r.kecamatan),
    )
    quiet = [r.kecamatan for r in rows if r.current.replies and not r.current.with_signal]
    regency = TurnoutRow(REGENCY, regency_current, list(regency_history) or empty,
                         turnout_2024=regency_turnout_2024, is_regency=True)
    advice: list[TurnoutAdvice] = []
    if answers is not None and as_of is not None:
        advice = [_advice(kind, current, regency_current, answers, as_of)
                  for kind in TURNOUT_KINDS if regency_current.count(kind)]
    return TurnoutSection(
        as_of=as_of,
        history_weeks=list(history_weeks),
        regency=regency,
        rows=with_signal,
        without_signal=quiet,
        advice=advice,
        turnout_2020_note=turnout_2020_note(baseline, len(kecamatan_names)),
        answers_note=answers_note,
        answers_path=answers.path if answers else None,
        calendar_path=answers.calendar_path if answers else None,
    )


def barrier_breakdown(counts: TurnoutCounts) -> str:
    """'Bekerja/kuliah di luar daerah 4, Tidak punya KTP-el 1' (kinds present, most first)."""
    kinds = sorted(((k, counts.barriers.get(k, 0)) for k in BARRIER_KINDS
                    if counts.barriers.get(k, 0)), key=lambda kn: -kn[1])
    return ", ".join(f"{TURNOUT_LABELS[k]} {fmt_int(n)}" for k, n in kinds)
