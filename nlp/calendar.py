"""The election's stage calendar: a typed loader, and the check of dates and claims in a text.

Nothing here knows Pilkada 2024: stage ids, dates, cue words, corrections and hoax patterns all
come from the calendar file (``config/pilkada2024/stages.yaml`` by default), so another election
needs only another file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.config_file import UniqueKeyLoader
from core.errors import ConfigError
from core.validation_messages import indonesian_message
from nlp.cues import CueHit, CueMatcher, DateMention, TextView, Tokenizer, extract_dates


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Strict):
    """A date range (inclusive) in which a stage runs."""

    label: str
    start: date
    end: date
    scope: str = "nasional"
    source: str

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls inside the period."""
        return self.start <= day <= self.end


class KeyDate(_Strict):
    """A single milestone inside a stage (DPT set, recap at kabupaten level...).

    A date written next to one of its ``date_cues`` must be this very date.
    """

    label: str
    date: date
    source: str
    date_cues: list[str] = Field(default_factory=list)


class StageCues(_Strict):
    """Tunable cue lists: strong cues alone say "this stage"; weak ones only add up."""

    strong: list[str] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)


class Correction(_Strict):
    """The official text (and link) to give when someone gets this stage wrong."""

    text: str
    link: str


class Stage(_Strict):
    """One election stage as the calendar describes it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    specificity: int = Field(default=1, ge=0, le=10)
    date_cues: list[str] = Field(default_factory=list)
    postponement: Literal["misinformation", "review"] = "misinformation"
    periods: list[Period] = Field(min_length=1)
    key_dates: list[KeyDate] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)
    cues: StageCues
    correction: Correction

    @field_validator("id")
    @classmethod
    def _not_none(cls, value: str) -> str:
        if value == "none":
            raise ValueError("'none' is reserved for texts about no stage")
        return value

    def contains(self, day: date) -> bool:
        """Whether ``day`` is inside one of the stage's periods."""
        return any(p.contains(day) for p in self.periods)

    def is_single_day(self) -> bool:
        """True when every period is one day (voting day): weekday claims can be checked."""
        return all(p.start == p.end for p in self.periods)

    def official_dates(self) -> str:
        """The periods as Indonesian text for evidence ("27 November 2024")."""
        if len(self.periods) == 1 and self.periods[0].label == self.name:
            return f"{self.name}: {format_day(self.periods[0].start)}"
        return "; ".join(
            format_day(p.start)
            if p.start == p.end
            else f"{format_day(p.start)} - {format_day(p.end)}"
            for p in self.periods
        )


class Rescheduling(_Strict):
    """A real schedule change, so a "diundur" about it is not a rumour."""

    stage: str
    cue: str
    note: str
    source: str


class FalseClaim(_Strict):
    """A recurring hoax: matches when every group has one of its phrases in the text."""

    id: str
    stage: str
    all_of: list[list[str]] = Field(min_length=1)
    correction: str
    link: str


class Election(_Strict):
    """Election-level facts and the word lists used by the calendar check."""

    id: str
    name: str
    short_name: str
    year: int
    voting_day: date
    timezone: str = "Asia/Jakarta"
    official_links: dict[str, str] = Field(default_factory=dict)
    election_terms: list[str] = Field(default_factory=list)
    postponement_claims: list[str] = Field(default_factory=list)
    denial_terms: list[str] = Field(default_factory=list)
    debunk_terms: list[str] = Field(default_factory=list)
    rumour_terms: list[str] = Field(default_factory=list)
    known_reschedulings: list[Rescheduling] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value


class StageCalendar(_Strict):
    """The whole calendar file: election facts, stages in order, recurring false claims."""

    election: Election
    stages: list[Stage] = Field(min_length=1)
    false_claims: list[FalseClaim] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> StageCalendar:
        ids = [s.id for s in self.stages]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"duplicate stage ids: {sorted(duplicates)}")
        for claim in self.false_claims:
            if claim.stage not in ids:
                raise ValueError(f"false_claims {claim.id}: unknown stage {claim.stage!r}")
        for change in self.election.known_reschedulings:
            if change.stage not in ids:
                raise ValueError(f"known_reschedulings: unknown stage {change.stage!r}")
        if not any(s.contains(self.election.voting_day) for s in self.stages):
            raise ValueError("no stage contains election.voting_day")
        return self

    @property
    def stage_ids(self) -> list[str]:
        """Stage ids in calendar order (without ``none``)."""
        return [s.id for s in self.stages]

    def stage(self, stage_id: str) -> Stage:
        """The stage with ``stage_id`` (KeyError if unknown)."""
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)

    def voting_stage(self) -> Stage:
        """The most specific single-day stage containing voting day (the election "itself")."""
        candidates = [s for s in self.stages if s.contains(self.election.voting_day)]
        return min(candidates, key=lambda s: (not s.is_single_day(), -s.specificity))

    def years(self) -> set[int]:
        """Calendar years any stage touches (a date in another year is not compared)."""
        years = {self.election.year}
        for s in self.stages:
            for p in s.periods:
                years.update(range(p.start.year, p.end.year + 1))
        return years

    def local_date(self, moment: datetime) -> date:
        """The local calendar day of ``moment`` (naive datetimes are taken as local time)."""
        if moment.tzinfo is None:
            return moment.date()
        return moment.astimezone(ZoneInfo(self.election.timezone)).date()


_ID_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_day(day: date) -> str:
    """An Indonesian date, e.g. ``27 November 2024``."""
    return f"{day.day} {_ID_MONTHS[day.month - 1]} {day.year}"


def default_calendar_path() -> Path:
    """The shipped calendar file inside the ``config`` package."""
    return Path(str(resources.files("config") / "pilkada2024" / "stages.yaml"))


def load_calendar(path: Path | None = None) -> StageCalendar:
    """Load and validate a stage calendar; ``None`` loads the shipped Pilkada 2024 file.

    Raises ConfigError naming the file and the offending key.
    """
    source = Path(path) if path is not None else default_calendar_path()
    try:
        # Duplicate keys are refused (both lines named), as in pantau.yaml: PyYAML would keep
        # the last one silently, and a stage's second `cues:` would drop the first.
        raw = yaml.load(source.read_text(encoding="utf-8"), Loader=UniqueKeyLoader)
    except FileNotFoundError as exc:
        raise ConfigError(
            f"Berkas kalender tahapan tidak ditemukan: {source}",
            hint="Periksa path berkas kalender tahapan (YAML).",
        ) from exc
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(
            f"Berkas kalender tahapan {source} tidak bisa dibaca: {exc}",
            hint="Pastikan berkas berformat YAML yang benar.",
        ) from exc
    if not isinstance(raw, dict):
        raise ConfigError(
            f"Berkas kalender tahapan {source} harus berisi kunci election dan stages.",
            hint="Lihat config/pilkada2024/stages.yaml sebagai contoh.",
        )
    try:
        return StageCalendar.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(akar berkas)"
        raise ConfigError(
            f"Kalender tahapan {source} tidak valid pada kunci '{key}': "
            f"{indonesian_message(first)}",
            hint=f"Perbaiki kunci '{key}' ({len(exc.errors())} kesalahan ditemukan).",
        ) from exc


# --- the calendar check ----------------------------------------------------------------------

FindingKind = Literal[
    "wrong_date", "false_postponement", "false_claim", "date_ok", "invalid_date", "other_year",
    "postponement_review", "postponement_denied", "known_rescheduling",
]  # fmt: skip
_MISINFORMATION_KINDS = frozenset({"wrong_date", "false_postponement", "false_claim"})
_REVIEW_KINDS = frozenset({"invalid_date", "other_year", "postponement_review"})
_NEAR_TOKENS = 5  # how far a date may stand from the stage word it is about
_ELLIPTICAL_TOKENS = 6  # "Katanya diundur ya?": short enough to be about the post replied to


@dataclass(frozen=True, slots=True)
class CalendarFinding:
    """One conclusion of the calendar check, with what was said and what the calendar says."""

    kind: FindingKind
    stage: str | None
    said: str
    official: str = ""
    correction: str | None = None
    link: str | None = None

    @property
    def is_misinformation(self) -> bool:
        """Whether this finding makes the text misinformation."""
        return self.kind in _MISINFORMATION_KINDS

    @property
    def needs_review(self) -> bool:
        """Whether a person should check the text (impossible date, other year...)."""
        return self.kind in _REVIEW_KINDS

    def to_evidence(self) -> dict[str, Any]:
        """A JSON-ready dict for the ``evidence`` field."""
        out: dict[str, Any] = {"jenis": self.kind, "tahapan": self.stage, "disebut": self.said}
        if self.official:
            out["kalender"] = self.official
        if self.correction:
            out["koreksi"] = self.correction
        if self.link:
            out["tautan"] = self.link
        return out


@dataclass(slots=True)
class _Resolved:
    stage: Stage
    mention: DateMention
    ok: bool | None  # None: could not be compared (reason in note)
    note: str = ""


@dataclass(slots=True)
class CalendarChecker:
    """Compares the dates and claims in a text with the stage calendar."""

    calendar: StageCalendar
    tokenizer: Tokenizer
    _date_cues: CueMatcher = field(init=False)
    _targets: dict[str, Stage] = field(init=False)
    _claims: CueMatcher = field(init=False)

    def __post_init__(self) -> None:
        election = self.calendar.election
        self._date_cues = CueMatcher(self.tokenizer)
        # What a date cue points at: a stage, or a key date seen as a one-day stage.
        self._targets: dict[str, Stage] = {}
        for stage in self.calendar.stages:
            self._date_cues.add(stage.date_cues, stage.id)
            self._targets[stage.id] = stage
            for n, key in enumerate(stage.key_dates):
                if key.date_cues:
                    label = f"key:{stage.id}:{n}"
                    one_day = Period(
                        label=key.label, start=key.date, end=key.date, source=key.source
                    )
                    self._targets[label] = stage.model_copy(
                        update={"name": key.label, "periods": [one_day]}
                    )
                    self._date_cues.add(key.date_cues, label)
        self._claims = CueMatcher(self.tokenizer)
        self._claims.add(election.postponement_claims, "postpone")
        self._claims.add(election.denial_terms, "deny")
        self._claims.add(election.debunk_terms, "debunk")
        self._claims.add(election.election_terms, "election")
        self._claims.add(election.rumour_terms, "rumour")
        for n, change in enumerate(election.known_reschedulings):
            self._claims.add([change.cue], f"resched:{n}")
        for claim in self.calendar.false_claims:
            for g, group in enumerate(claim.all_of):
                self._claims.add(group, f"claim:{claim.id}:{g}")

    def check(
        self, view: TextView, stage_hits: list[CueHit], created_at: datetime | None = None
    ) -> list[CalendarFinding]:
        """All findings for one text; ``stage_hits`` are the stage cue hits (label = stage id)."""
        hits = self._claims.find(view)
        mentions = extract_dates(view)
        findings = self._check_dates(view, mentions, stage_hits, created_at)
        findings += self._check_postponement(view, mentions, hits, stage_hits)
        findings += self._check_false_claims(hits)
        return findings

    # dates -----------------------------------------------------------------------------------
    def _check_dates(
        self,
        view: TextView,
        all_mentions: list[DateMention],
        stage_hits: list[CueHit],
        created_at: datetime | None,
    ) -> list[CalendarFinding]:
        mentions = [m for m in all_mentions if m.kind != "year"]
        if not mentions:
            return []
        cue_hits = self._date_cues.find(view)
        resolved: list[_Resolved] = []
        for mention in mentions:
            # A key date's cue is more specific than its stage's: it wins a tie.
            keys = [h for h in cue_hits if h.label.startswith("key:")]
            near_key = _nearest(keys, mention.start, mention.end, _NEAR_TOKENS)
            near = _nearest(cue_hits, mention.start, mention.end, _NEAR_TOKENS)
            if near is None:
                continue
            if near_key is not None and _gap(near_key, mention.start, mention.end) <= _gap(
                near, mention.start, mention.end
            ):
                near = near_key
            target = self._targets[near.label]
            # "debat pilgub ... 18 November": when the date word sits inside a longer cue of
            # another stage, or another stage's cue is closer, the date is about that stage.
            rivals = [h for h in stage_hits if h.label != target.id]
            if any(h.start <= near.start and near.end <= h.end for h in rivals):
                continue
            near_gap = _clause_gap(view, near, mention)
            if any(_clause_gap(view, h, mention) < near_gap for h in rivals):
                continue
            resolved.append(self._resolve(target, mention, created_at))
        findings: list[CalendarFinding] = []
        for target_name in dict.fromkeys(r.stage.name for r in resolved):
            group = [r for r in resolved if r.stage.name == target_name]
            stage = group[0].stage
            stage_id = stage.id
            said = ", ".join(r.mention.text for r in group)
            for r in group:
                if r.ok is None and r.note:
                    kind: FindingKind = "invalid_date" if r.note == "invalid" else "other_year"
                    findings.append(
                        CalendarFinding(kind, stage_id, r.mention.text, stage.official_dates())
                    )
            if any(r.ok for r in group):
                findings.append(CalendarFinding("date_ok", stage_id, said, stage.official_dates()))
            elif any(r.ok is False for r in group):
                wrong = ", ".join(r.mention.text for r in group if r.ok is False)
                findings.append(
                    CalendarFinding(
                        "wrong_date",
                        stage_id,
                        wrong,
                        stage.official_dates(),
                        stage.correction.text,
                        stage.correction.link,
                    )
                )
        return findings

    def _resolve(self, stage: Stage, m: DateMention, created_at: datetime | None) -> _Resolved:
        years = self.calendar.years()
        if m.kind == "date" and m.day is not None and m.month is not None:
            if m.year is not None and m.year not in years:
                return _Resolved(stage, m, None, "year")
            candidates = [m.year] if m.year is not None else sorted(years)
            days: list[date] = []
            for year in candidates:
                try:
                    days.append(date(year, m.month, m.day))
                except ValueError:
                    return _Resolved(stage, m, None, "invalid")
            return _Resolved(stage, m, any(stage.contains(d) for d in days))
        if m.kind == "day" and m.day is not None:
            if not 1 <= m.day <= 31:
                return _Resolved(stage, m, None, "invalid")
            return _Resolved(stage, m, any(d.day == m.day for d in _stage_days(stage)))
        if m.kind == "weekday" and m.weekday is not None:
            if not stage.is_single_day():
                return _Resolved(stage, m, None)
            return _Resolved(stage, m, any(p.start.weekday() == m.weekday for p in stage.periods))
        if m.kind == "relative" and created_at is not None:
            first, last = _relative_range(self.calendar.local_date(created_at), m)
            return _Resolved(
                stage, m, any(p.start <= last and first <= p.end for p in stage.periods)
            )
        return _Resolved(stage, m, None)

    # postponement ----------------------------------------------------------------------------
    def _check_postponement(
        self,
        view: TextView,
        mentions: list[DateMention],
        hits: list[CueHit],
        stage_hits: list[CueHit],
    ) -> list[CalendarFinding]:
        # Overlapping cues ("diundur", "undur") mark the same claim: keep one per position.
        claims = list({h.start: h for h in hits if h.label == "postpone"}.values())
        elliptical = len(view.tokens) <= _ELLIPTICAL_TOKENS and any(
            h.label == "rumour" for h in hits
        )
        if not claims or not (stage_hits or elliptical or any(h.label == "election" for h in hits)):
            return []
        debunked = any(h.label == "debunk" for h in hits)
        denials = [h for h in hits if h.label == "deny"]
        findings: list[CalendarFinding] = []
        for claim in claims:
            near = _nearest(stage_hits, claim.start, claim.end, 10_000)
            stage = self.calendar.stage(near.label) if near else self.calendar.voting_stage()
            years = [m for m in mentions if m.kind == "year" and m.start >= claim.end]
            said = view.span(claim.start, (years[0].end if years else claim.end))
            if debunked or any(0 <= claim.start - d.end <= 2 for d in denials):
                findings.append(CalendarFinding("postponement_denied", stage.id, said))
                break
            changes = self.calendar.election.known_reschedulings
            known = [
                changes[int(h.label.split(":")[1])] for h in hits if h.label.startswith("resched:")
            ]
            if any(c.stage == stage.id for c in known):
                findings.append(
                    CalendarFinding("known_rescheduling", stage.id, said, known[0].note)
                )
                continue
            kind: FindingKind = (
                "false_postponement"
                if stage.postponement == "misinformation"
                else "postponement_review"
            )
            findings.append(
                CalendarFinding(
                    kind,
                    stage.id,
                    said,
                    stage.official_dates(),
                    stage.correction.text,
                    stage.correction.link,
                )
            )
            break  # one postponement finding per text is enough evidence
        return findings

    def _check_false_claims(self, hits: list[CueHit]) -> list[CalendarFinding]:
        findings: list[CalendarFinding] = []
        by_label: dict[str, list[CueHit]] = {}
        for hit in hits:
            by_label.setdefault(hit.label, []).append(hit)
        if not any(label.startswith("claim:") for label in by_label):
            return findings
        denials = by_label.get("deny", []) + by_label.get("debunk", [])
        for claim in self.calendar.false_claims:
            groups = [by_label.get(f"claim:{claim.id}:{g}", []) for g in range(len(claim.all_of))]
            if not all(groups):
                continue
            first = min(groups[0], key=lambda h: h.start)
            if any(h.label == "debunk" or 0 <= first.start - h.end <= 1 for h in denials):
                continue
            said = " ... ".join(g[0].text for g in groups)
            findings.append(
                CalendarFinding("false_claim", claim.stage, said, "", claim.correction, claim.link)
            )
        return findings


def _clause_gap(view: TextView, hit: CueHit, mention: DateMention) -> int:
    """Words between a cue and a date, plus 3 when a comma or full stop separates them."""
    gap = _gap(hit, mention.start, mention.end)
    if hit.end <= mention.start:
        last, first = hit.end - 1, mention.start
    elif mention.end <= hit.start:
        last, first = mention.end - 1, hit.start
    else:
        return gap
    between = view.original[view.tokens[last].end : view.tokens[first].start]
    return gap + 3 if any(ch in ",.;!?" for ch in between) else gap


def _gap(hit: CueHit, start: int, end: int) -> int:
    return max(hit.start - end, start - hit.end, 0)


def _nearest(hits: list[CueHit], start: int, end: int, limit: int) -> CueHit | None:
    best: tuple[int, CueHit] | None = None
    for hit in hits:
        gap = _gap(hit, start, end)
        if gap <= limit and (best is None or gap < best[0]):
            best = (gap, hit)
    return best[1] if best else None


def _stage_days(stage: Stage) -> list[date]:
    days: list[date] = []
    for p in stage.periods:
        span = min((p.end - p.start).days, 400)
        days.extend(p.start + timedelta(days=k) for k in range(span + 1))
    return days


def _relative_range(base: date, m: DateMention) -> tuple[date, date]:
    if m.unit == "week":
        monday = base + timedelta(days=7 - base.weekday())
        # People say "minggu depan" loosely: allow three days either side of next week.
        return monday - timedelta(days=3), monday + timedelta(days=9)
    if m.unit == "month":
        first = (base.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return first, last
    target = base + timedelta(days=m.amount)
    return target, target
