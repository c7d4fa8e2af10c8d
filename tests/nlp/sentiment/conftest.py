"""A tiny training folder in the shared layout, written by the tests themselves."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

_POS = ["bagus", "mantap", "senang", "puas", "ramah", "cepat", "apik", "sae"]
_NEG = ["jelek", "kecewa", "lambat", "curang", "buruk", "ngawur", "elek", "jhubek"]
_NEU = ["kapan", "dimana", "jadwal", "alamat", "informasi", "tanggal", "endi", "dhimma"]
_FILL = ["pelayanan", "petugas", "kantor", "tps", "data", "hari", "ini", "itu"]


def _sentence(rng: random.Random, label: str) -> str:
    cue = {"positive": _POS, "negative": _NEG, "neutral": _NEU}[label]
    words = [rng.choice(cue), rng.choice(_FILL), rng.choice(_FILL), rng.choice(cue)]
    rng.shuffle(words)
    return " ".join(words)


def write_tiny_layout(root: Path, seed: int = 0, n: int = 60) -> Path:
    """NusaX-like (3 languages, parallel ids) and SmSA-like files with learnable cues."""
    rng = random.Random(seed)
    labels = ["positive", "neutral", "negative"]
    for folder in ("indonesian", "javanese", "madurese"):
        for split, count in (("train", n), ("valid", n // 3)):
            path = root / "sentiment" / "nusax" / folder / f"{split}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(["id", "text", "label"])
                for i in range(count):
                    label = labels[i % 3]
                    writer.writerow([f"{split}{i}", _sentence(rng, label), label])
    smsa = root / "sentiment" / "smsa"
    smsa.mkdir(parents=True, exist_ok=True)
    for split, count in (("train", n * 2), ("valid", n // 2)):
        lines = []
        for i in range(count):
            label = labels[i % 3]
            lines.append(f"{_sentence(rng, label)} tambahan kata {i}\t{label}")
        # one exact copy of a NusaX sentence, which the trainer must drop
        if split == "train":
            first = (root / "sentiment/nusax/indonesian/train.csv").read_text().splitlines()[1]
            text = first.split(",")[1]
            lines.append(f"{text}\t{first.split(',')[2]}")
        (smsa / f"{split}_preprocess.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture()
def tiny_data_dir(tmp_path: Path) -> Path:
    return write_tiny_layout(tmp_path / "data")
