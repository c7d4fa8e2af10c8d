"""The file format of Pantau's linear models (sentiment and turnout): one ``.npz``, no pickle.

A JSON header (stored as UTF-8 bytes: format, version, feature config, whatever the model
needs) and the non-zero weights as (row index, class, float16 value) arrays plus the float32
bias; a model may add arrays of its own (the sentiment model's idf). Loading rebuilds the dense
float32 weight matrix and refuses a file whose indices do not fit the shape the header implies,
so a damaged or foreign file is a ModelError with the retraining hint, never a crash later.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ModelError


@dataclass(frozen=True)
class ModelFileText:
    """How errors name the model to the team: what it is and how to get a good one back."""

    what: str  # "Model sentimen"
    retrain: str  # "pantau train sentiment"


@dataclass
class SparseModelFile:
    header: dict[str, Any]
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    bias: np.ndarray
    extra: dict[str, np.ndarray] = field(default_factory=dict)

    def dense(self, path: Path, n_rows: int, n_classes: int, text: ModelFileText) -> np.ndarray:
        """The (n_rows, n_classes) float32 weights; ModelError when an index does not fit."""
        if len(self.rows) and (self.rows.max() >= n_rows or self.cols.max() >= n_classes):
            raise ModelError(
                f"Berkas {text.what.lower()} rusak: {path} (indeks di luar jangkauan).",
                hint=f"Latih ulang dengan '{text.retrain}'.",
            )
        weights = np.zeros((n_rows, n_classes), dtype=np.float32)
        weights[self.rows, self.cols] = self.values.astype(np.float32)
        return weights


def write_sparse_model(
    path: Path,
    header: dict[str, Any],
    weights: np.ndarray,
    bias: np.ndarray,
    extra: dict[str, np.ndarray] | None = None,
) -> None:
    rows, cols = np.nonzero(weights)
    arrays: dict[str, np.ndarray] = {
        "header": np.frombuffer(json.dumps(header, sort_keys=True).encode(), np.uint8),
        "rows": rows.astype(np.int32),
        "cols": cols.astype(np.int8),
        "values": weights[rows, cols].astype(np.float16),
        "bias": bias.astype(np.float32),
        **(extra or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]


def read_sparse_model(
    path: Path, text: ModelFileText, missing_hint: str | None = None
) -> SparseModelFile:
    """Read a file written by :func:`write_sparse_model` (any extra arrays included)."""
    if not path.is_file():
        raise ModelError(
            f"{text.what} tidak ditemukan: {path}.",
            hint=missing_hint or f"Latih dengan '{text.retrain}'.",
        )
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode("utf-8"))
            core = ("header", "rows", "cols", "values", "bias")
            return SparseModelFile(
                header,
                data["rows"],
                data["cols"],
                data["values"],
                data["bias"],
                {name: data[name] for name in data.files if name not in core},
            )
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise ModelError(
            f"Berkas {text.what.lower()} tidak dapat dibaca: {path} ({exc}).",
            hint=f"Berkas mungkin rusak; latih ulang dengan '{text.retrain}'.",
        ) from exc
