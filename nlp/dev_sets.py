"""What the tagging and turnout dev-set evaluations share: the fixed hash split into a tune
and a held-out test part, precision/recall from counts, and a neutral sentiment stand-in (the
rule figures do not depend on sentiment, so no model needs loading to measure them)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any


def hash_split(seed: str, item_id: str, test_percent: int) -> str:
    """``test`` or ``tune``, fixed by a seeded hash of the id (stable across runs and machines),
    so the held-out part never changes as texts are added."""
    digest = hashlib.sha256(f"{seed}:{item_id}".encode()).hexdigest()
    return "test" if int(digest[:8], 16) % 100 < test_percent else "tune"


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class NeutralSentiment:
    """A sentiment model that calls every text neutral with certainty."""

    def __init__(self, version: str = "neutral") -> None:
        self.version = version

    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> list[Any]:
        from nlp.sentiment_scores import SentimentPrediction

        scores = {"positive": 0.0, "neutral": 1.0, "negative": 0.0}
        return [SentimentPrediction("neutral", dict(scores), False) for _ in texts]
