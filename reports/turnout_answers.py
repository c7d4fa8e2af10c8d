"""Recommended answers to the turnout signals, with the deadline that applies on a given day.

The answers live in ``config/pilkada2024/turnout_answers.yaml`` (or the file named by
``report.turnout_answers_path``): for each signal (golput intent, cynicism) and barrier kind, a
list of steps, each with the calendar deadline it holds until (``until``), a short action for the
report's reasons and topics, and the answer text to give the public. On a given day the first
step whose deadline has not passed applies; the last step, without a deadline, applies after
all of them. Deadlines are never written here: ``until`` names a stage (its last day) or one of
its key dates in the stage calendar in force, so another election needs only a new calendar.

Kept small on purpose: the outreach FAQ (issue 12) will supersede this file.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from core.config_file import StrictModel, UniqueKeyLoader, line_of, read_yaml
from core.errors import ConfigError
from core.validation_messages import indonesian_message
from reports.labels import TURNOUT_KINDS, TURNOUT_LABELS, fmt_day, fmt_days_left
from reports.stage_dates import KeyDay, StageDates, load_stage_dates

#: Placeholders an action or answer may use: the step's deadline and the days left to it,
#: voting day (from the calendar) and the kecamatan the reason is about.
PLACEHOLDERS = frozenset({"batas", "sisa", "hari_pemungutan", "kec"})
_DEADLINE_PLACEHOLDERS = frozenset({"batas", "sisa"})
_HINT = "Lihat config/pilkada2024/turnout_answers.yaml sebagai contoh."


def default_answers_path() -> Path:
    return Path(str(resources.files("config") / "pilkada2024" / "turnout_answers.yaml"))


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise ValueError(f"kurung kurawal tidak berpasangan ({exc})") from None


class DeadlineRef(StrictModel):
    """A date of the stage calendar: the last day of ``stage``, or its key date ``key_date``."""

    stage: str = Field(min_length=1)
    key_date: str | None = None


class AnswerStep(StrictModel):
    """What to say and do until ``until`` (or, without it, after every deadline)."""

    until: DeadlineRef | None = None
    action: str = Field(min_length=5)
    answer: str = Field(min_length=5)

    @model_validator(mode="after")
    def _known_placeholders(self) -> AnswerStep:
        for name in ("action", "answer"):
            used = _placeholders(getattr(self, name))
            unknown = sorted(used - PLACEHOLDERS)
            if unknown:
                raise ValueError(f"{name}: penanda {{{unknown[0]}}} tidak dikenal; yang ada: "
                                 + ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS)))
            if self.until is None and used & _DEADLINE_PLACEHOLDERS:
                raise ValueError(f"{name}: {{batas}} dan {{sisa}} hanya untuk langkah dengan until")
        return self


class KindAnswers(StrictModel):
    """The steps of one signal or barrier kind, with where the answer comes from."""

    steps: list[AnswerStep] = Field(min_length=1)
    source: str = Field(min_length=3)
    confirmed: bool = False

    @model_validator(mode="after")
    def _last_step_is_open_ended(self) -> KindAnswers:
        if self.steps[-1].until is not None:
            raise ValueError("langkah terakhir tidak boleh punya until: ia berlaku setelah "
                             "semua batas lewat")
        if any(step.until is None for step in self.steps[:-1]):
            raise ValueError("setiap langkah kecuali yang terakhir harus punya until")
        return self


class AnswersFile(StrictModel):
    answers: dict[str, KindAnswers]

    @field_validator("answers", mode="before")
    @classmethod
    def _every_kind_once(cls, value: Any) -> Any:
        # Before the entries are read: a misspelt kind is the mistake to name, not its content.
        if not isinstance(value, dict):
            return value
        unknown = sorted(set(value) - set(TURNOUT_KINDS))
        if unknown:
            raise ValueError(f"jenis tidak dikenal: {', '.join(unknown)}; yang ada: "
                             + ", ".join(TURNOUT_KINDS))
        missing = [k for k in TURNOUT_KINDS if k not in value]
        if missing:
            raise ValueError(f"jawaban untuk {', '.join(missing)} belum ada")
        return value


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The answer to one kind on one day: the step in force, its deadline and what has passed."""

    kind: str
    label: str
    action: str
    answer: str
    source: str
    confirmed: bool
    deadline: KeyDay | None
    days_left: int | None
    passed: tuple[KeyDay, ...]

    @property
    def deadline_text(self) -> str:
        """'20 November 2024 (6 hari lagi)', or what passed, or that none applies."""
        if self.deadline is not None and self.days_left is not None:
            return f"{fmt_day(self.deadline.day)} ({fmt_days_left(self.days_left)})"
        if self.passed:
            return "tidak ada lagi: semua batas sudah lewat"
        return "tidak ada batas waktu"


@dataclass(frozen=True, slots=True)
class TurnoutAnswers:
    """The loaded answers with every deadline resolved against the stage calendar."""

    path: str
    calendar_path: str
    kinds: dict[str, KindAnswers]
    deadlines: dict[str, tuple[KeyDay | None, ...]]
    voting_day: date

    def recommend(self, kind: str, today: date, kecamatan: str | None = None) -> Recommendation:
        """The step in force on ``today`` (local date) for ``kind``, its texts filled in."""
        entry = self.kinds[kind]
        days = self.deadlines[kind]
        index = next((i for i, d in enumerate(days) if d is not None and d.day >= today),
                     len(days) - 1)
        deadline = days[index]
        passed = tuple(dict.fromkeys(d for d in days if d is not None and d.day < today))
        values = {
            "hari_pemungutan": fmt_day(self.voting_day, weekday=True),
            "kec": kecamatan or "kecamatan terkait",
            "batas": fmt_day(deadline.day) if deadline else "",
            "sisa": fmt_days_left((deadline.day - today).days) if deadline else "",
        }
        step = entry.steps[index]
        return Recommendation(
            kind=kind,
            label=TURNOUT_LABELS[kind],
            action=step.action.format(**values),
            answer=" ".join(step.answer.format(**values).split()),
            source=entry.source,
            confirmed=entry.confirmed,
            deadline=deadline,
            days_left=(deadline.day - today).days if deadline else None,
            passed=passed,
        )


def _resolve(file: Path, kinds: dict[str, KindAnswers],
             dates: StageDates) -> dict[str, tuple[KeyDay | None, ...]]:
    out: dict[str, tuple[KeyDay | None, ...]] = {}
    for kind, entry in kinds.items():
        days: list[KeyDay | None] = []
        for i, step in enumerate(entry.steps):
            if step.until is None:
                days.append(None)
                continue
            try:
                days.append(dates.resolve(step.until.stage, step.until.key_date))
            except KeyError as exc:
                _data, node = read_yaml(file)
                line = line_of(node, ("answers", kind, "steps", i, "until"))
                where = f"{file}:{line}" if line else str(file)
                raise ConfigError(f"{where}: answers.{kind}.steps[{i}].until: {exc.args[0]}",
                                  "Sebut tahapan (stage) dan, bila perlu, label tanggal penting "
                                  "(key_date) persis seperti di kalender tahapan.") from None
        known = [d.day for d in days if d is not None]
        if known != sorted(known):
            raise ConfigError(f"{file}: answers.{kind}: batas waktu langkah-langkahnya harus "
                              "urut dari yang paling awal", _HINT)
        out[kind] = tuple(days)
    return out


def load_turnout_answers(
    path: Path | None = None, calendar_path: Path | None = None
) -> TurnoutAnswers:
    """Load and check the answers file (None: the shipped one) against the calendar in force.

    Raises ConfigError naming the file, the line and the key.
    """
    file = Path(path) if path is not None else default_answers_path()
    if not file.is_file():
        raise ConfigError(f"Berkas jawaban sinyal partisipasi tidak ditemukan: {file}",
                          "Periksa report.turnout_answers_path di konfigurasi.")
    try:
        # One parse; the node tree (for line numbers) only when something must be pointed at.
        data = yaml.load(file.read_text(encoding="utf-8-sig"), Loader=UniqueKeyLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data, _node = read_yaml(file)  # raises ConfigError with file, line and what is wrong
    node: Any = None
    try:
        parsed = AnswersFile.model_validate(data)
    except ValidationError as exc:
        _data, node = read_yaml(file)
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        key = ".".join(str(p) for p in loc) or "(akar berkas)"
        line = line_of(node, loc)
        where = f"{file}:{line}" if line else str(file)
        raise ConfigError(f"{where}: kunci '{key}': {indonesian_message(first)}", _HINT) from exc
    dates = load_stage_dates(calendar_path)
    return TurnoutAnswers(
        path=str(file),
        calendar_path=dates.path,
        kinds=parsed.answers,
        deadlines=_resolve(file, parsed.answers, dates),
        voting_day=dates.voting_day,
    )
