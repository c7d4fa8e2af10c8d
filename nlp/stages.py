"""Which election stage a text is about, and what it shows about the writer's awareness.

Stage: every stage's cue list (from the calendar file) is matched; a strong cue scores 2, a weak
one 1, a cue inside a longer matched cue does not count twice. Stages scoring at least 2 are
candidates; the primary one is the best by (score, specificity), so "cek DPT sebelum nyoblos" is
about registration (more specific) rather than voting. When the post time falls inside a
candidate stage's period it gets half a point, which only breaks ties.

Awareness follows the taxonomy's precedence: a rumour or wrong date (misinformed) beats apathy
(golput intent, cynicism, money decides), apathy beats a question (asking), a question beats a
statement (informed), else none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from nlp.calendar import CalendarFinding, StageCalendar
from nlp.cues import CueHit, CueMatcher, TextView, Tokenizer
from nlp.flags import FlagResult

STRONG_WEIGHT = 2.0
WEAK_WEIGHT = 1.0
MIN_STAGE_SCORE = 2.0
TIME_BONUS = 0.5
CLOSE_MARGIN = 1.5

# Statements that show the writer knows or acts on a stage fact.
INFORMED_CUES = (
    "sudah",
    "wes",
    "uwes",
    "mare",
    "la mare",
    "siap",
    "alhamdulillah",
    "terdaftar",
    "jangan lupa",
    "ojo lali",
    "ayo",
    "yuk",
    "ayo nyoblos",
    "jangan golput",
    "ojo golput",
    "catat",
    "tetap",
    "resmi",
    "dimulai",
    "mulai",
    "selesai",
    "sampai",
    "bawa ktp",
    "gowo ktp",
    "harus dilaporkan",
    "jangan diterima",
    "diumumkan",
    "ditetapkan",
    "tetapkan",
    "menang",
    "unggul",
    "jaga tps",
    "buka jam",
    "sampai jumpa",
    "lapor",
    "bisa dilihat",
    "gampang",
    "hoaks",
    "hoax",
    "dudu",
    "bukan",
    "cek dpt",
    "dicoklit",
    "nonton",
    "ojo kampanye",
)


@dataclass(slots=True)
class StageResult:
    """Primary and secondary stages with scores and the cue words behind them."""

    primary: str = "none"
    secondary: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    hits: list[CueHit] = field(default_factory=list)
    unsure: bool = False

    def evidence(self) -> list[str]:
        """Cue words for the primary stage first, then the others (distinct, in text order)."""
        ordered = sorted(self.hits, key=lambda h: (h.label != self.primary, h.start))
        out: list[str] = []
        for hit in ordered:
            if hit.label in (self.primary, *self.secondary) and hit.text not in out:
                out.append(hit.text)
        return out


class StageTagger:
    """Scores each calendar stage for a text from the tunable cue lists."""

    def __init__(self, calendar: StageCalendar, tokenizer: Tokenizer) -> None:
        self.calendar = calendar
        self._matcher = CueMatcher(tokenizer)
        self._specificity = {s.id: s.specificity for s in calendar.stages}
        for stage in calendar.stages:
            self._matcher.add(stage.cues.strong, stage.id, STRONG_WEIGHT)
            self._matcher.add(stage.cues.weak, stage.id, WEAK_WEIGHT)
        self._informed = CueMatcher(tokenizer)
        self._informed.add(INFORMED_CUES, "informed")
        self._election = CueMatcher(tokenizer)
        self._election.add(calendar.election.election_terms, "election")

    def tag(self, view: TextView, created_at: datetime | None = None) -> StageResult:
        """Primary stage (or ``none``), secondary stages, and the unsure bit."""
        hits = _outermost(self._matcher.find(view))
        scores: dict[str, float] = {}
        seen: set[tuple[str, str]] = set()
        for hit in hits:
            if (hit.label, hit.cue) in seen:
                continue
            seen.add((hit.label, hit.cue))
            scores[hit.label] = scores.get(hit.label, 0.0) + hit.weight
        candidates = {k: v for k, v in scores.items() if v >= MIN_STAGE_SCORE}
        if created_at is not None and candidates:
            day = self.calendar.local_date(created_at)
            for stage_id in candidates:
                if self.calendar.stage(stage_id).contains(day):
                    candidates[stage_id] += TIME_BONUS
        if not candidates:
            return StageResult(scores=scores, hits=hits, unsure=bool(scores))
        # Most specific among the stages scoring close to the best one.
        best = max(candidates.values())
        close = [s for s in candidates if candidates[s] >= best - CLOSE_MARGIN]
        ranked = sorted(close, key=lambda s: (self._specificity[s], candidates[s]), reverse=True)
        ranked += sorted(
            (s for s in candidates if s not in close), key=lambda s: candidates[s], reverse=True
        )
        top = ranked[0]
        runner_up = ranked[1] if len(ranked) > 1 else None
        unsure = runner_up is not None and (candidates[top], self._specificity[top]) == (
            candidates[runner_up],
            self._specificity[runner_up],
        )
        return StageResult(top, ranked[1:], scores, hits, unsure)

    def election_related(self, view: TextView, stage: StageResult) -> bool:
        """Whether the text is about the election at all (a stage or an election word)."""
        return stage.primary != "none" or bool(self._election.find(view))

    def awareness(
        self,
        view: TextView,
        stage: StageResult,
        flags: FlagResult,
        findings: list[CalendarFinding],
        election_related: bool,
    ) -> tuple[str, list[str], bool]:
        """Awareness label, the words that decided it, and whether a person should check it."""
        wrong = [f for f in findings if f.is_misinformation]
        if wrong:
            return "misinformed", [f.said for f in wrong], False
        for flag in ("golput_intent", "cynicism"):
            if flag in flags.flags:
                return "apathetic", flags.apathy or flags.evidence[flag], False
        real_question = "question" in flags.flags and not flags.weak_question
        if flags.apathy and not (real_question and not flags.rhetorical):
            return "apathetic", flags.apathy, False  # money decides
        if "question" in flags.flags and election_related:
            # A real question that also carries apathy words ("percuma nyoblos, TPS dimana?",
            # "wani piro, TPS e nang endi?") could be either: keep "asking" and ask a person.
            words = [*flags.evidence.get("question", []), *flags.apathy]
            return "asking", words, bool(flags.apathy)
        if stage.primary == "none":
            return "none", [], False
        informed = [h.text for h in self._informed.find(view)]
        informed += [f.said for f in findings if f.kind in ("date_ok", "postponement_denied")]
        for flag in ("complaint", "violation_report"):
            informed += flags.evidence.get(flag, [])
        if informed:
            return "informed", informed, False
        return "none", [], False


def _outermost(hits: list[CueHit]) -> list[CueHit]:
    """Drop hits lying strictly inside a longer hit ("hasil coblosan" hides "coblosan")."""
    return [
        h
        for h in hits
        if not any(
            o is not h
            and o.start <= h.start
            and h.end <= o.end
            and (o.end - o.start) > (h.end - h.start)
            for o in hits
        )
    ]
