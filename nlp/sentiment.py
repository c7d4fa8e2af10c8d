"""Sentiment towards the election, the commission or the process: the public interface.

Two backends share one protocol: the shipped linear model (default, CPU, no extra packages)
and a transformers model named in the config (optional extra, offline only). Both return
calibrated scores for exactly the three labels and a ``needs_review`` flag set when the top
score is below ``review_threshold`` or the language is one the model handles poorly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from nlp.settings import SENTIMENT_LABELS, NLPSettings

LABELS = SENTIMENT_LABELS


@dataclass(frozen=True, slots=True)
class SentimentPrediction:
    """One text's label, its calibrated class scores (summing to 1) and the review flag."""

    label: str
    scores: dict[str, float]
    needs_review: bool


@runtime_checkable
class SentimentModel(Protocol):
    """What the pipeline needs from any sentiment backend."""

    version: str

    def predict(
        self, texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> list[SentimentPrediction]:
        """Predict RAW texts (normalised internally); ``languages`` skips re-detection."""
        ...


def predictions_from_probabilities(
    probabilities: np.ndarray,
    languages: Sequence[str],
    settings: NLPSettings,
    empty: Sequence[bool] | None = None,
) -> list[SentimentPrediction]:
    """Turn an (n, 3) probability matrix in ``LABELS`` order into predictions with flags.

    ``empty`` marks texts with nothing to read (no words, no emoji): they are neutral and
    always go to review, whatever the model says.
    """
    poorly = set(settings.poorly_handled_languages)
    probs = np.nan_to_num(np.asarray(probabilities, dtype=np.float64).reshape(-1, 3), nan=0.0)
    probs = np.clip(probs, 0.0, None)
    totals = probs.sum(axis=1, keepdims=True)
    probs = np.where(totals > 0, probs / np.where(totals > 0, totals, 1.0), 1.0 / 3.0)
    best = probs.argmax(axis=1)
    top = probs.max(axis=1)
    rounded = np.round(probs, 6).tolist()
    out: list[SentimentPrediction] = []
    for i, row in enumerate(rounded):
        is_empty = bool(empty[i]) if empty is not None else False
        label = "neutral" if is_empty else LABELS[int(best[i])]
        review = is_empty or float(top[i]) < settings.review_threshold or languages[i] in poorly
        out.append(SentimentPrediction(label, dict(zip(LABELS, row, strict=True)), review))
    return out


def load_sentiment_model(settings: NLPSettings | None = None) -> SentimentModel:
    """Load the configured backend; raises ``ModelError`` with a hint when it cannot."""
    settings = settings or NLPSettings()
    if settings.sentiment_backend == "transformers":
        from nlp.transformers_backend import TransformersSentimentModel

        return TransformersSentimentModel.from_settings(settings)
    from nlp.sentiment_linear import LinearSentimentModel

    return LinearSentimentModel.load(settings.linear_model_path, settings=settings)
