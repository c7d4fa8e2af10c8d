"""Typed settings of the NLP layer (embedded as ``nlp:`` in the main config file)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SENTIMENT_LABELS: tuple[str, str, str] = ("positive", "neutral", "negative")


class NLPSettings(BaseModel):
    """How sentiment is computed and when a prediction is sent to a human reviewer."""

    model_config = ConfigDict(extra="forbid")

    sentiment_backend: Literal["linear", "transformers"] = "linear"
    # None means the model shipped in nlp/models/.
    linear_model_path: Path | None = None
    # A Hugging Face model id already in the local cache, or a local directory; never downloaded.
    transformers_model: str | None = None
    # Maps the model's own label names (e.g. "LABEL_0", "pos") to positive|neutral|negative.
    transformers_label_map: dict[str, str] = Field(default_factory=dict)
    review_threshold: float = Field(default=0.55, ge=0.0, le=1.0)
    poorly_handled_languages: list[str] = Field(default_factory=lambda: ["other"])
    batch_size: int = Field(default=32, ge=1, le=4096)
    device: str = "auto"
    # Another election or another kabupaten needs only files: the stage calendar (YAML like
    # config/pilkada2024/stages.yaml), the gazetteer (CSV like config/jember/gazetteer.csv) and
    # the kecamatan boundaries (GeoJSON). None = the shipped Pilkada 2024 / Jember files;
    # relative paths are read next to the config file.
    calendar_path: Path | None = None
    gazetteer_path: Path | None = None
    boundaries_path: Path | None = None

    @field_validator("transformers_label_map")
    @classmethod
    def _label_map_targets_are_labels(cls, value: dict[str, str]) -> dict[str, str]:
        bad = sorted({target for target in value.values() if target not in SENTIMENT_LABELS})
        if bad:
            raise ValueError(
                f"label tujuan harus salah satu dari {', '.join(SENTIMENT_LABELS)}; tertulis {bad}"
            )
        return value

    @field_validator("poorly_handled_languages")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        from nlp.language import LANGUAGES

        bad = sorted(set(value) - set(LANGUAGES))
        if bad:
            raise ValueError(f"kode bahasa tidak dikenal {bad}; pilihan: {', '.join(LANGUAGES)}")
        return value
