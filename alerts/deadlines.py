"""Which registration and transfer windows are still open on a day, from the stage calendar.

``alerts.rules.barrier_rise`` names its windows as calendar references (a stage: its last day;
or one of the stage's key dates, by label), so the dates live only in the calendar in force
and another election needs only another calendar file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from alerts.settings import BarrierKind, DeadlineRef

if TYPE_CHECKING:
    from nlp.calendar import StageCalendar


@dataclass(frozen=True, slots=True)
class Deadline:
    """A last day (inclusive, local date) and the calendar's name for it."""

    label: str
    day: date


@dataclass
class Windows:
    """Per barrier kind: the nearest deadline still ahead (``open``), those already passed, and
    the references the calendar does not hold (``problems``, said in Indonesian)."""

    open: dict[str, Deadline] = field(default_factory=dict)
    passed: dict[str, list[Deadline]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


def resolve(calendar: StageCalendar, ref: DeadlineRef) -> Deadline:
    """The date ``ref`` names; KeyError with an Indonesian sentence when it is not there."""
    try:
        stage = calendar.stage(ref.stage)
    except KeyError:
        raise KeyError(f"tahapan '{ref.stage}' tidak ada di kalender tahapan") from None
    if ref.key_date is None:
        return Deadline(stage.name, max(p.end for p in stage.periods))
    for key in stage.key_dates:
        if _key(key.label) == _key(ref.key_date):
            return Deadline(key.label, key.date)
    raise KeyError(f"tanggal penting '{ref.key_date}' tidak ada pada tahapan '{ref.stage}' di "
                   "kalender tahapan")


def windows_on(
    calendar: StageCalendar, windows: Mapping[BarrierKind, Sequence[DeadlineRef]], today: date
) -> Windows:
    """Open and passed deadlines of each kind on ``today`` (a deadline day is still open)."""
    out = Windows()
    for kind, refs in windows.items():
        found: list[Deadline] = []
        for n, ref in enumerate(refs):
            try:
                found.append(resolve(calendar, ref))
            except KeyError as exc:
                out.problems.append(f"alerts.rules.barrier_rise.windows.{kind}[{n}]: "
                                    f"{exc.args[0]}")
        ahead = sorted((d for d in found if d.day >= today), key=lambda d: d.day)
        if ahead:
            out.open[kind] = ahead[0]
        out.passed[kind] = sorted((d for d in found if d.day < today), key=lambda d: d.day)
    return out


@lru_cache(maxsize=1)
def shipped_calendar() -> StageCalendar:
    """The shipped calendar, for a context built without one (tests, benchmarks)."""
    from nlp.calendar import load_calendar

    return load_calendar(None)
