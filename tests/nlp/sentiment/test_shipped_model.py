"""Regression floors for the shipped sentiment model.

The floors sit a few points under what `linear-2024.2` measured (dev set 0.825; NusaX valid
0.839 / 0.782 / 0.789; SmSA valid 0.870; see nlp/README.md). They are not the issue's targets:
they catch a retrained model or a feature change that quietly makes things worse. Valid splits
of 100 rows move by +-0.04 between equally good models, hence the margin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.evaluate import classification_report
from nlp.sentiment import load_sentiment_model
from nlp.sentiment_data import load_labelled_csv, load_nusax, load_smsa
from nlp.settings import NLPSettings

DEV = Path(__file__).resolve().parents[3] / "nlp" / "data" / "sentiment_dev.csv"


def _macro_f1(texts: list[str], gold: list[str], languages: list[str]) -> float:
    model = load_sentiment_model(NLPSettings())
    preds = model.predict(texts, languages)
    return classification_report(gold, [p.label for p in preds]).macro_f1


def test_in_domain_dev_set_floor() -> None:
    rows = load_labelled_csv(DEV)
    f1 = _macro_f1([r.text for r in rows], [r.label for r in rows], [r.language for r in rows])
    assert f1 >= 0.80, f1  # measured 0.825 (linear-2024.2)


# Measured for linear-2024.2: id 0.839, jv 0.782, mad 0.788 (floors about two points under).
@pytest.mark.parametrize(("language", "floor"), [("id", 0.82), ("jv", 0.76), ("mad", 0.77)])
def test_nusax_valid_floor(shared_dir: Path, language: str, floor: float) -> None:
    rows = [r for r in load_nusax(shared_dir / "data", "valid") if r.language == language]
    assert len(rows) == 100
    f1 = _macro_f1([r.text for r in rows], [r.label for r in rows], [language] * len(rows))
    assert f1 >= floor, f1


def test_smsa_valid_floor(shared_dir: Path) -> None:
    rows = load_smsa(shared_dir / "data", "valid")
    f1 = _macro_f1([r.text for r in rows], [r.label for r in rows], ["id"] * len(rows))
    assert f1 >= 0.85, f1  # measured 0.870
