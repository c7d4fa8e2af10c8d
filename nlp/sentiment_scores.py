"""What every sentiment backend and the trainer share: the labels, the prediction type, the
backend protocol, and the probability helpers (softmax, review flags, temperature fitting).

It imports no backend, so the backends, the trainer and the public loader in ``nlp.sentiment``
all stand on it without importing one another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
from scipy.optimize import minimize_scalar

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


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Temperature minimising the negative log-likelihood of held-out logits."""

    def nll(t: float) -> float:
        p = softmax(logits / t)
        return float(-np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))

    res = minimize_scalar(nll, bounds=(0.2, 5.0), method="bounded")
    return float(res.x)
