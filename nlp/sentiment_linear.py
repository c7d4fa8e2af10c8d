"""The default sentiment backend: hashed n-grams + lexicon features, multinomial logistic
regression, temperature-calibrated.

File format (no pickle): one ``.npz`` with a JSON header (feature config, labels, version,
temperature, training summary) stored as UTF-8 bytes, the non-zero weights as
(row index, class, float16 value) arrays, and the float32 bias. Loading rebuilds a dense
float32 weight matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ModelError
from nlp.features import FeatureConfig, FeatureExtractor
from nlp.language import detect_language
from nlp.normalize import Normalized, normalize
from nlp.sentiment_scores import (
    LABELS,
    SentimentPrediction,
    predictions_from_probabilities,
    softmax,
)
from nlp.settings import NLPSettings
from nlp.sparse_model_file import ModelFileText, read_sparse_model, write_sparse_model

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "models" / "sentiment_linear.npz"
FORMAT = "pantau-linear-sentiment/1"
_FILE_TEXT = ModelFileText("Model sentimen", "pantau train sentiment")


class LinearSentimentModel:
    """A trained linear model plus the settings that decide ``needs_review``."""

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        config: FeatureConfig,
        version: str,
        temperature: float = 1.0,
        info: dict[str, Any] | None = None,
        settings: NLPSettings | None = None,
        idf: np.ndarray | None = None,
    ) -> None:
        if weights.shape != (config.n_features, len(LABELS)):
            raise ModelError(
                "Berkas model sentimen rusak: ukuran bobot tidak cocok "
                f"(weights {weights.shape} != {(config.n_features, len(LABELS))}).",
                hint="Latih ulang dengan 'pantau train sentiment'.",
            )
        self.weights = weights.astype(np.float32, copy=False)
        self.bias = bias.astype(np.float32, copy=False)
        self.config = config
        self.version = version
        self.temperature = float(temperature)
        self.info = info or {}
        self.settings = settings or NLPSettings()
        self._extractor = FeatureExtractor(config, idf)
        self.idf = idf

    def clear_caches(self) -> None:
        """Forget per-word feature caches (for cold-start benchmarks)."""
        self._extractor.clear_cache()

    # -- inference ---------------------------------------------------------------------------
    def logits(self, normalized: Sequence[Normalized]) -> np.ndarray:
        """Uncalibrated class scores for already normalised texts."""
        return self._extractor.scores([n.tokens for n in normalized], self.weights) + self.bias

    def predict_proba_normalized(self, normalized: Sequence[Normalized]) -> np.ndarray:
        """Calibrated probabilities, columns in ``LABELS`` order."""
        if not normalized:
            return np.zeros((0, len(LABELS)), dtype=np.float64)
        return softmax(self.logits(normalized).astype(np.float64) / self.temperature)

    def predict(
        self, texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> list[SentimentPrediction]:
        """Predict raw texts; language is detected when not given (it drives the review flag)."""
        normalized = [normalize(t) for t in texts]
        if languages is None or len(languages) != len(normalized):
            languages = [detect_language(n) for n in normalized]
        probs = self.predict_proba_normalized(normalized)
        empty = [not n.tokens for n in normalized]
        return predictions_from_probabilities(probs, languages, self.settings, empty)

    # -- persistence -------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the model as ``.npz`` (sparse float16 weights + JSON header)."""
        header = {
            "format": FORMAT,
            "version": self.version,
            "labels": list(LABELS),
            "features": self.config.to_dict(),
            "temperature": self.temperature,
            "info": self.info,
        }
        extra = {"idf": self.idf.astype(np.float32)} if self.idf is not None else None
        write_sparse_model(path, header, self.weights, self.bias, extra)

    @classmethod
    def load(
        cls, path: Path | None = None, settings: NLPSettings | None = None
    ) -> LinearSentimentModel:
        """Load a model saved by :meth:`save`; ``None`` loads the shipped one."""
        path = Path(path) if path is not None else DEFAULT_MODEL_PATH
        stored = read_sparse_model(
            path,
            _FILE_TEXT,
            missing_hint="Periksa nlp.linear_model_path di konfigurasi, atau kosongkan untuk "
            "memakai model bawaan.",
        )
        header, bias, idf = stored.header, stored.bias, stored.extra.get("idf")
        if header.get("format") != FORMAT or header.get("labels") != list(LABELS):
            raise ModelError(
                f"Format model sentimen tidak dikenal di {path}: {header.get('format')!r}.",
                hint="Gunakan model yang dibuat oleh 'pantau train sentiment'.",
            )
        config = FeatureConfig.from_dict(header["features"])
        weights = stored.dense(path, config.n_features, len(LABELS), _FILE_TEXT)
        if idf is not None and idf.shape != (config.n_features,):
            raise ModelError(
                f"Berkas model sentimen rusak: {path} (idf length {idf.shape}).",
                hint="Latih ulang dengan 'pantau train sentiment'.",
            )
        return cls(
            weights,
            bias,
            config,
            str(header["version"]),
            float(header.get("temperature", 1.0)),
            header.get("info", {}),
            settings,
            idf,
        )
