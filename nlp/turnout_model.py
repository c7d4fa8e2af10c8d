"""The learned half of the turnout signals: hashed n-grams + rule features, logistic regression.

Same machinery as the linear sentiment model (:mod:`nlp.features`): word 1-2-grams and
character n-grams hashed into a fixed space, so the shipped model is a weight matrix and a
JSON header. The rule decisions of :mod:`nlp.turnout_rules` (cue kept, cue set aside,
context) are appended as dense features, so the model learns how far to trust each rule and
can still fire on a paraphrase no list holds.

Heads: three independent sigmoids (``golput_intent``, ``cynicism``, ``voting_barrier``) and a
softmax over the six barrier kinds. The thresholds the pipeline applies were chosen by
cross-validation on the training file and are stored in the header.

File format (no pickle): one ``.npz`` with the JSON header as UTF-8 bytes, the non-zero weights
as (row, column, float16) arrays and the float32 bias.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ModelError
from nlp.features import FeatureConfig, FeatureExtractor
from nlp.sparse_model_file import ModelFileText, read_sparse_model, write_sparse_model
from nlp.turnout_cues import BARRIER_KINDS
from nlp.turnout_rules import DENSE_NAMES, TURNOUT_TAGS

DEFAULT_TURNOUT_MODEL = Path(__file__).resolve().parent / "models" / "turnout_linear.npz"
FORMAT = "pantau-turnout-linear/1"
_FILE_TEXT = ModelFileText("Model turnout", "pantau train turnout")
HEADS = (*TURNOUT_TAGS, *(f"kind:{k}" for k in BARRIER_KINDS))
# Small spaces: the model learns from about a thousand texts, and a small file loads fast.
FEATURES = FeatureConfig(word_bits=16, char_bits=16, char_min=2, char_max=5, use_lexicon=False)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a probability raises a flag: with a kept cue, and without any cue."""

    with_cue: float = 0.3
    without_cue: float = 0.85

    def to_dict(self) -> dict[str, float]:
        return {"with_cue": self.with_cue, "without_cue": self.without_cue}


class TurnoutModel:
    """Weights ``[hashed features + dense rule features, heads]`` and the decision thresholds."""

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        thresholds: dict[str, Thresholds],
        version: str,
        info: dict[str, Any] | None = None,
        config: FeatureConfig = FEATURES,
    ) -> None:
        width = config.n_features + len(DENSE_NAMES)
        if weights.shape != (width, len(HEADS)) or bias.shape != (len(HEADS),):
            raise ModelError(
                f"Berkas model turnout rusak: ukuran bobot {weights.shape} tidak cocok.",
                hint="Latih ulang dengan 'pantau train turnout'.",
            )
        self.config = config
        self.weights = weights.astype(np.float32, copy=False)
        self.bias = bias.astype(np.float32, copy=False)
        self._hashed = np.ascontiguousarray(self.weights[: config.n_features])
        self._dense = np.ascontiguousarray(self.weights[config.n_features :])
        self.thresholds = thresholds
        self.version = version
        self.info = info or {}
        self._extractor = FeatureExtractor(config)

    # -- inference ---------------------------------------------------------------------------
    def logits(
        self, tokens: Sequence[Sequence[str]], dense: Sequence[Sequence[float]]
    ) -> np.ndarray:
        """Raw head scores, one row per text."""
        if not tokens:
            return np.zeros((0, len(HEADS)), dtype=np.float64)
        rows, cols, vals = self._extractor.sparse_parts(tokens)
        hashed = np.zeros((len(tokens), len(HEADS)), dtype=np.float64)
        if len(rows):
            # One pass for all heads: sort the non-zeros by row and sum each row's run.
            order = np.argsort(rows, kind="stable")
            rows = rows[order]
            contrib = self._hashed[cols[order]] * vals[order, None]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            hashed[rows[starts]] = np.add.reduceat(contrib, starts, axis=0)
        return hashed + np.asarray(dense, dtype=np.float64) @ self._dense + self.bias

    def predict(
        self, tokens: Sequence[Sequence[str]], dense: Sequence[Sequence[float]]
    ) -> np.ndarray:
        """Probabilities: three sigmoid columns (tags), then six softmax columns (kinds)."""
        z = self.logits(tokens, dense)
        out = np.empty_like(z)
        n = len(TURNOUT_TAGS)
        out[:, :n] = 1.0 / (1.0 + np.exp(-z[:, :n]))
        kinds = z[:, n:] - z[:, n:].max(axis=1, keepdims=True) if len(z) else z[:, n:]
        expo = np.exp(kinds)
        out[:, n:] = expo / expo.sum(axis=1, keepdims=True) if len(z) else expo
        return out

    def top_words(self, tokens: Sequence[str], head: int, limit: int = 3) -> list[str]:
        """The words that pushed head ``head`` up the most (for evidence of a learned call).

        Each word's share is its own unigram and character n-grams, as in the real score.
        """
        scored: list[tuple[float, str]] = []
        for word in dict.fromkeys(tokens):
            _rows, cols, vals = self._extractor.sparse_parts([[word]])
            scored.append((float((self._hashed[cols, head] * vals).sum()), word))
        scored.sort(reverse=True)
        return [w for s, w in scored[:limit] if s > 0]

    # -- persistence -------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the model as ``.npz`` (sparse float16 weights + JSON header)."""
        header = {
            "format": FORMAT,
            "version": self.version,
            "heads": list(HEADS),
            "dense": list(DENSE_NAMES),
            "features": self.config.to_dict(),
            "thresholds": {k: v.to_dict() for k, v in self.thresholds.items()},
            "info": self.info,
        }
        write_sparse_model(path, header, self.weights, self.bias)

    @classmethod
    def load(cls, path: Path | None = None) -> TurnoutModel:
        """Load a model saved by :meth:`save`; ``None`` loads the shipped one."""
        path = Path(path) if path is not None else DEFAULT_TURNOUT_MODEL
        stored = read_sparse_model(path, _FILE_TEXT)
        header, bias = stored.header, stored.bias
        if (
            header.get("format") != FORMAT
            or header.get("heads") != list(HEADS)
            or header.get("dense") != list(DENSE_NAMES)
        ):
            raise ModelError(
                f"Model turnout di {path} tidak cocok dengan kode ini "
                f"(format {header.get('format')!r}).",
                hint="Latih ulang dengan 'pantau train turnout'.",
            )
        config = FeatureConfig.from_dict(header["features"])
        weights = stored.dense(path, config.n_features + len(DENSE_NAMES), len(HEADS), _FILE_TEXT)
        thresholds = {k: Thresholds(**v) for k, v in header.get("thresholds", {}).items()}
        return cls(weights, bias, thresholds, str(header["version"]), header.get("info"), config)
