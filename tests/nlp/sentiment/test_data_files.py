"""The project's own labelled files: well-formed, and the dev set never leaks into training."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from nlp.language import LANGUAGES
from nlp.sentiment_data import drop_near_duplicates, load_labelled_csv

DATA = Path(__file__).resolve().parents[3] / "nlp" / "data"


def test_dev_set_is_large_varied_and_labelled() -> None:
    rows = load_labelled_csv(DATA / "sentiment_dev.csv")
    assert len(rows) >= 200
    assert {r.language for r in rows} <= set(LANGUAGES)
    languages = Counter(r.language for r in rows)
    assert languages["jv"] >= 20 and languages["mad"] >= 20 and languages["mixed"] >= 15
    labels = Counter(r.label for r in rows)
    assert min(labels.values()) >= 50
    assert len({r.text for r in rows}) == len(rows)


def test_training_extra_has_no_near_duplicate_of_the_dev_set() -> None:
    train = load_labelled_csv(DATA / "sentiment_train_extra.csv")
    dev = load_labelled_csv(DATA / "sentiment_dev.csv")
    _, dropped = drop_near_duplicates(train, [r.text for r in dev], threshold=0.7)
    assert dropped == 0


def test_dev_set_is_marked_synthetic() -> None:
    assert "SYNTHETIC" in (DATA / "README.md").read_text(encoding="utf-8")
