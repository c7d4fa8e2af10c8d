"""The tagging pipeline: one call turns raw replies into the TAXONOMY ``pantau tag`` objects.

Order per text: tokenise -> stage -> flags -> turnout signals -> calendar check -> awareness ->
area; language and sentiment come from the NLP I modules, and sentiment and the turnout
classifier run batched over the whole call. Every part writes its reasons into ``evidence`` so a
reviewer can see why a label was given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from nlp.areas import AreaResolver, GazetteerRow, load_gazetteer
from nlp.calendar import CalendarChecker, CalendarFinding, StageCalendar, load_calendar
from nlp.cues import TextView, Tokenizer
from nlp.flags import FlagResult, FlagTagger
from nlp.geo import KecamatanLocator
from nlp.stages import StageTagger
from nlp.tagger_version import tagger_version
from nlp.turnout import TurnoutResult, TurnoutTagger
from nlp.turnout_model import TurnoutModel

if TYPE_CHECKING:
    from nlp.sentiment_scores import SentimentModel
    from nlp.settings import NLPSettings

MAX_RULE_CHARS = 4000  # longer texts are cut for the rules (sentiment sees the model's own cut)
SENTIMENT_LABELS = ("positive", "neutral", "negative")
OUTPUT_KEYS = (
    "id", "sentiment", "sentiment_scores", "stage", "awareness", "flags", "kecamatan",
    "area_source", "language", "barrier", "evidence", "model",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TagInput:
    """One text to tag, with the optional context that helps (post time, profile, geotag).

    ``error`` is set by readers for a row that could not be read: the pipeline still returns
    one result for it (flagged ``needs_review``) so input and output line counts match.
    """

    id: str
    text: str
    created_at: datetime | None = None
    author_location: str | None = None
    lat: float | None = None
    lon: float | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class TagResult:
    """The analysis of one text; ``to_json_dict`` gives exactly the ``pantau tag`` object."""

    id: str
    sentiment: str
    sentiment_scores: dict[str, float]
    stage: str
    awareness: str
    flags: list[str]
    kecamatan: str
    area_source: str
    language: str
    barrier: str  # kind of voting_barrier (TAXONOMY), "" when there is none
    evidence: dict[str, Any]
    model: str
    secondary_stages: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The TAXONOMY ``pantau tag`` object (exactly its keys, in its order)."""
        return {key: getattr(self, key) for key in OUTPUT_KEYS}


class TaggingPipeline:
    """Stage, awareness, flags, calendar check, area, language and sentiment for each text.

    Every collaborator can be injected (tests); otherwise the calendar, gazetteer and polygons
    named in the settings (``calendar_path``, ``gazetteer_path``, ``boundaries_path``; the
    shipped Pilkada 2024 / Jember files when unset), the configured sentiment model and the
    shipped turnout classifier load (``turnout_rules_only=True``: the turnout rules alone).
    """

    def __init__(
        self,
        sentiment_model: SentimentModel | None = None,
        calendar: StageCalendar | None = None,
        gazetteer: list[GazetteerRow] | None = None,
        locator: KecamatanLocator | None = None,
        settings: NLPSettings | None = None,
        language_detector: Callable[[str], str] | None = None,
        turnout_model: TurnoutModel | None = None,
        turnout_rules_only: bool = False,
    ) -> None:
        self.calendar = calendar or load_calendar(getattr(settings, "calendar_path", None))
        self.settings = settings
        vocabulary = [
            word
            for stage in self.calendar.stages
            for cue in (*stage.cues.strong, *stage.cues.weak)
            for word in cue.split()
        ]
        self.tokenizer = Tokenizer(vocabulary)
        self.stages = StageTagger(self.calendar, self.tokenizer)
        self.flags = FlagTagger(self.tokenizer)
        if turnout_model is None and not turnout_rules_only:
            turnout_model = TurnoutModel.load()
        self.turnout = TurnoutTagger(self.tokenizer, turnout_model)
        self.checker = CalendarChecker(self.calendar, self.tokenizer)
        if gazetteer is None:
            gazetteer = load_gazetteer(getattr(settings, "gazetteer_path", None))
        if locator is None:
            locator = KecamatanLocator.from_geojson(getattr(settings, "boundaries_path", None))
        self.areas = AreaResolver(gazetteer, self.tokenizer, locator)
        self.tagger_version = tagger_version(self.calendar, gazetteer, locator, settings)
        if sentiment_model is None:
            from nlp.sentiment import load_sentiment_model

            sentiment_model = load_sentiment_model(settings)
        self.sentiment = sentiment_model
        if language_detector is None:
            from nlp.language import detect_language

            language_detector = detect_language
        self.detect_language = language_detector
        poorly = getattr(settings, "poorly_handled_languages", None)
        self._poor_languages = set(poorly if poorly is not None else ["other"])
        self._batch_size = int(getattr(settings, "batch_size", 256) or 256)

    @property
    def version(self) -> str:
        """Pipeline version stored with every analysis: sentiment model + tagger rules."""
        return f"{self.sentiment.version}+{self.tagger_version}"

    def tag(self, inputs: Sequence[TagInput]) -> list[TagResult]:
        """Tag texts in order; sentiment runs in batches, rules per text."""
        languages = [
            self.detect_language(item.text) if item.text.strip() else "other" for item in inputs
        ]
        readable = [i for i, item in enumerate(inputs) if item.error is None and item.text.strip()]
        predictions: dict[int, Any] = {}
        step = max(1, self._batch_size)
        for offset in range(0, len(readable), step):
            chunk = readable[offset : offset + step]
            batch = self.sentiment.predict(
                [inputs[i].text for i in chunk], [languages[i] for i in chunk]
            )
            predictions.update(zip(chunk, batch, strict=True))
        views = {
            i: self.tokenizer.view(
                inputs[i].text if len(inputs[i].text) <= MAX_RULE_CHARS
                else inputs[i].text[:MAX_RULE_CHARS]
            )
            for i in predictions
        }  # fmt: skip
        turnout = dict(zip(views, self.turnout.tag(list(views.values())), strict=True))
        return [
            self._tag_one(item, languages[i], predictions.get(i), views.get(i), turnout.get(i))
            for i, item in enumerate(inputs)
        ]

    # one text ----------------------------------------------------------------------------
    def _tag_one(
        self,
        item: TagInput,
        language: str,
        prediction: Any,
        view: TextView | None,
        turnout: TurnoutResult | None,
    ) -> TagResult:
        evidence: dict[str, Any] = {}
        review: list[str] = []
        if item.warnings:
            evidence["peringatan"] = list(item.warnings)
        if prediction is None or view is None or turnout is None:
            return self._unreadable(item, language, evidence)
        stage = self.stages.tag(view, item.created_at)
        related = self.stages.election_related(view, stage)
        flag_result = self.flags.tag(view, related)
        self._merge_turnout(flag_result, turnout)
        findings = self.checker.check(view, stage.hits, item.created_at)
        asked = flag_result.yes_no_interrogative or (
            "question" in flag_result.flags and flag_result.asking_word
        )
        findings = self._drop_asked_rules(findings, asked, flag_result.rumour)
        if stage.primary == "none":
            # "Pilkada diundur?": no stage word, but the claim is about a stage of the calendar.
            about = [f.stage for f in findings if f.stage]
            if about:
                stage.primary = about[0]
                related = True
        awareness, aware_words, aware_unsure = self.stages.awareness(
            view, stage, flag_result, findings, related
        )
        area = self.areas.resolve(view, item.author_location, item.lat, item.lon)

        if any(f.is_misinformation for f in findings) and "voting_barrier" in turnout.flags:
            # "Gak dapat undangan berarti gak bisa nyoblos": a false rule, not the writer's case.
            turnout.drop("voting_barrier", "aturan keliru, bukan hambatan penulis")
            flag_result.flags.discard("voting_barrier")
            flag_result.evidence.pop("voting_barrier", None)
        flags = set(flag_result.flags)
        if any(f.is_misinformation for f in findings):
            flags.add("misinformation")
        if prediction.needs_review:
            review.append("sentimen tidak yakin")
        if stage.unsure:
            review.append("tahapan tidak pasti")
        if aware_unsure:
            review.append("kesadaran tidak pasti (bertanya sekaligus apatis)")
        if area.unsure:
            review.append("kecamatan tidak pasti")
        if any(f.needs_review for f in findings):
            review.append("tanggal/klaim perlu dicek")
        if language in self._poor_languages:
            review.append(f"bahasa '{language}' kurang ditangani model")
        if review:
            flags.add("needs_review")

        self._fill_evidence(
            evidence,
            stage.evidence(),
            stage.secondary,
            aware_words,
            flag_result.evidence,
            findings,
            area.evidence,
            review,
        )
        for key in ("turnout_score", "money_decides", "turnout_excluded"):
            if key in turnout.evidence:
                evidence[key] = turnout.evidence[key]
        return TagResult(
            id=item.id,
            sentiment=prediction.label,
            sentiment_scores={k: round(float(prediction.scores[k]), 4) for k in SENTIMENT_LABELS},
            stage=stage.primary,
            awareness=awareness,
            flags=sorted(flags),
            kecamatan=area.kecamatan,
            area_source=area.source if area.kecamatan else "",
            language=language,
            barrier=turnout.barrier,
            evidence=evidence,
            model=self.version,
            secondary_stages=list(stage.secondary),
        )

    @staticmethod
    def _merge_turnout(flag_result: FlagResult, turnout: TurnoutResult) -> None:
        apathy = turnout.apathy_words
        real_question = (
            "question" in flag_result.flags
            and not flag_result.weak_question
            and not flag_result.rhetorical
        )
        if turnout.pointless_only and real_question and "golput_intent" in turnout.flags:
            # "Percuma nyoblos, tapi TPS saya dimana?": asks how to vote, so no intent; the
            # apathy words stay for awareness (asking, sent to review).
            turnout.drop("golput_intent", "bertanya cara memilih")
        for tag in turnout.flags:
            flag_result.add(tag, turnout.evidence.get(tag, []))
        flag_result.apathy = apathy

    @staticmethod
    def _drop_asked_rules(
        findings: list[CalendarFinding], yes_no: bool, rumour: bool
    ) -> list[CalendarFinding]:
        # "Boleh foto surat suara?" / "Kalau golput apa didenda?" ask about a rule; only a
        # statement or a rumour ("katanya...") repeats it.
        if not yes_no or rumour:
            return findings
        return [f for f in findings if f.kind != "false_claim"]

    @staticmethod
    def _fill_evidence(
        evidence: dict[str, Any],
        stage_words: list[str],
        secondary: list[str],
        aware_words: list[str],
        flag_words: dict[str, list[str]],
        findings: list[CalendarFinding],
        area_words: list[str],
        review: list[str],
    ) -> None:
        if stage_words:
            evidence["stage"] = stage_words
        if secondary:
            evidence["stage_secondary"] = secondary
        if aware_words:
            evidence["awareness"] = list(dict.fromkeys(aware_words))
        for name, words in flag_words.items():
            if words:
                evidence[name] = words
        wrong = [f.to_evidence() for f in findings if f.is_misinformation]
        other = [f.to_evidence() for f in findings if not f.is_misinformation]
        if wrong:
            evidence["misinformation"] = wrong
        if other:
            evidence["calendar"] = other
        if area_words:
            evidence["kecamatan"] = area_words
        if review:
            evidence["needs_review"] = review

    def _unreadable(self, item: TagInput, language: str, evidence: dict[str, Any]) -> TagResult:
        evidence["error"] = item.error or "teks kosong"
        evidence["needs_review"] = ["baris tidak bisa dianalisis"]
        third = round(1 / 3, 4)
        return TagResult(
            id=item.id,
            sentiment="neutral",
            sentiment_scores=dict.fromkeys(SENTIMENT_LABELS, third),
            stage="none",
            awareness="none",
            flags=["needs_review"],
            kecamatan="",
            area_source="",
            language=language,
            barrier="",
            evidence=evidence,
            model=self.version,
        )
