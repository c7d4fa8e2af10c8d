"""Turnout signals for the tagger: golput intent, cynicism, money decides, voting barriers.

The rules (:mod:`nlp.turnout_rules`) find cue words and set aside what is not meant; the
classifier (:mod:`nlp.turnout_model`) scores every text from its words and those rule
decisions. A flag is raised when

* a cue was kept and the classifier agrees at least weakly (``with_cue`` threshold), or
* no cue was found nor set aside, the text is about voting or politics, and the classifier is
  sure (``without_cue``): a paraphrase no list holds;

a cue set aside by negation, quotation, a changed mind or a rival candidate is never
overruled. ``evidence`` keeps the cue words (or, for a learned call, the words that weighed
most), the classifier's probability per signal and the words set aside with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nlp.cues import TextView, Tokenizer
from nlp.turnout_cues import BARRIER_KINDS
from nlp.turnout_model import Thresholds, TurnoutModel
from nlp.turnout_rules import TURNOUT_TAGS, TurnoutCues, TurnoutRules

_DEFAULT_THRESHOLDS = Thresholds()
_MAX_EXCLUDED = 5
KIND_MARGIN = 0.2


@dataclass(slots=True)
class TurnoutResult:
    """The turnout part of one analysis."""

    flags: list[str] = field(default_factory=list)
    barrier: str = ""
    pointless_only: bool = False  # golput raised only by "why bother" words
    money_decides: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)

    def drop(self, tag: str, reason: str) -> None:
        """Withdraw ``tag`` (the pipeline knows more: a real question, a debunked rule)."""
        if tag not in self.flags:
            return
        self.flags.remove(tag)
        words = self.evidence.pop(tag, [])
        excluded = self.evidence.setdefault("turnout_excluded", [])
        excluded.extend(f"{w} ({reason})" for w in words)
        if tag == "voting_barrier":
            self.barrier = ""

    @property
    def apathy_words(self) -> list[str]:
        """Words behind an apathetic reading (golput intent, cynicism, money decides)."""
        words: list[str] = []
        for key in ("golput_intent", "cynicism"):
            if key in self.flags:
                words += self.evidence.get(key, [])
        return [*words, *self.money_decides]


def kept_words(tag: str, cues: TurnoutCues) -> list[str]:
    """The cue words the rules kept for ``tag``."""
    if tag == "golput_intent":
        return cues.golput
    if tag == "cynicism":
        return cues.cynicism
    return [w for words in cues.barrier.values() for w in words] + cues.cannot_vote


def decide_flag(tag: str, cues: TurnoutCues, p: float, th: Thresholds) -> bool:
    """Whether ``tag`` is raised, given the rule cues and the classifier's probability ``p``."""
    if kept_words(tag, cues):
        return p >= th.with_cue
    if tag in cues.blocked:
        return False  # negation, quotation, a changed mind, a rival: the rule wins
    return tag in cues.hints and p >= th.without_cue


class TurnoutTagger:
    """Rules + classifier; ``model=None`` gives the rules alone (tests, comparisons)."""

    def __init__(self, tokenizer: Tokenizer, model: TurnoutModel | None) -> None:
        self.rules = TurnoutRules(tokenizer)
        self.model = model

    def tag(self, views: Sequence[TextView]) -> list[TurnoutResult]:
        """Results for a batch of views (the classifier runs once for the batch)."""
        cues = [self.rules.find(v) for v in views]
        if self.model is None:
            return [self._decide(v, c, None) for v, c in zip(views, cues, strict=True)]
        # A text that touches none of the signals cannot raise one: it is not scored (most
        # replies are thanks and questions, and scoring costs as much as all the rules); its
        # money-decides words still count.
        scored = [i for i, c in enumerate(cues) if c.hints]
        probs = self.model.predict(
            [views[i].forms for i in scored], [cues[i].features() for i in scored]
        )
        by_index = {i: [float(x) for x in row] for i, row in zip(scored, probs, strict=True)}
        return [
            self._decide(v, c, by_index.get(i))  # no probabilities: the rules' words only
            for i, (v, c) in enumerate(zip(views, cues, strict=True))
        ]

    def _decide(
        self, view: TextView, cues: TurnoutCues, probs: list[float] | None
    ) -> TurnoutResult:
        out = TurnoutResult(money_decides=list(cues.money), pointless_only=cues.pointless_only)
        scores: dict[str, float] = {}
        for i, tag in enumerate(TURNOUT_TAGS):
            words = kept_words(tag, cues)
            if probs is None:
                # Without the classifier a barrier needs a kind from the rules.
                raised = bool(cues.barrier) if tag == "voting_barrier" else bool(words)
            else:
                p = probs[i]
                raised = decide_flag(tag, cues, p, self._thresholds(tag))
                if words or raised:
                    scores[tag] = round(p, 3)
                if raised and not words and self.model is not None:
                    words = self.model.top_words(view.forms, i) or ["(model)"]
            if raised:
                out.flags.append(tag)
                out.evidence[tag] = list(words)
        if "voting_barrier" in out.flags:
            out.barrier = self._kind(cues, probs)
        if scores:
            out.evidence["turnout_score"] = scores
        if cues.money:
            out.evidence["money_decides"] = list(cues.money)
        if cues.excluded:
            out.evidence["turnout_excluded"] = list(dict.fromkeys(cues.excluded))[:_MAX_EXCLUDED]
        return out

    def _thresholds(self, tag: str) -> Thresholds:
        assert self.model is not None
        return self.model.thresholds.get(tag, _DEFAULT_THRESHOLDS)

    @staticmethod
    def _kind(cues: TurnoutCues, probs: list[float] | None) -> str:
        found = list(cues.barrier)  # text order
        if probs is None:
            return found[0] if found else ""
        kind_probs = dict(zip(BARRIER_KINDS, probs[len(TURNOUT_TAGS) :], strict=True))
        best = max(found or BARRIER_KINDS, key=lambda k: kind_probs[k])
        # The first kind the text names, unless the classifier clearly prefers another.
        if found and kind_probs[found[0]] >= kind_probs[best] - KIND_MARGIN:
            return found[0]
        return best
