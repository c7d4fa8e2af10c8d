"""Fixtures for the tagging tests: a recording sentiment stand-in and a shared pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from nlp.calendar import StageCalendar, load_calendar
from nlp.cues import Tokenizer
from nlp.pipeline import TaggingPipeline


@dataclass(frozen=True)
class FakePrediction:
    label: str
    scores: dict[str, float]
    needs_review: bool


@dataclass
class RecordingSentiment:
    """Sentiment stand-in: says 'negative' when the text has 'curang', records batch sizes."""

    version: str = "fake-1"
    batches: list[int] = field(default_factory=list)
    unsure_word: str = "bingung"

    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> list[Any]:
        self.batches.append(len(texts))
        out = []
        for text in texts:
            negative = "curang" in text.lower()
            scores = (
                {"positive": 0.1, "neutral": 0.2, "negative": 0.7}
                if negative
                else {"positive": 0.1, "neutral": 0.8, "negative": 0.1}
            )
            label = max(scores, key=lambda k: scores[k])
            out.append(FakePrediction(label, scores, self.unsure_word in text.lower()))
        return out


def fixed_language(text: str) -> str:
    return "other" if "hello" in text.lower() else "id"


@pytest.fixture(scope="session")
def calendar() -> StageCalendar:
    return load_calendar()


@pytest.fixture(scope="session")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="session")
def pipeline() -> TaggingPipeline:
    return TaggingPipeline(sentiment_model=RecordingSentiment(), language_detector=fixed_language)
