"""Training the linear model on a tiny generated layout: selection, saving, reproducibility."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import InputFileError, ModelError
from nlp.features import FeatureConfig
from nlp.sentiment_data import (
    LabelledText,
    drop_near_duplicates,
    load_labelled_csv,
    resolve_data_dir,
)
from nlp.sentiment_linear import LinearSentimentModel
from nlp.sentiment_scores import fit_temperature
from nlp.train_sentiment import Candidate, build_training_pool, train_linear

SMALL = FeatureConfig(word_bits=12, char_bits=12)
CANDIDATES = (Candidate("small-c1", SMALL, c=1.0), Candidate("small-c10", SMALL, c=10.0))


def test_train_save_load_and_reproducible(tiny_data_dir: Path, tmp_path: Path) -> None:
    out_a, out_b = tmp_path / "a.npz", tmp_path / "b.npz"
    info = train_linear(
        tiny_data_dir, out_a, seed=3, folds=2, candidates=CANDIDATES, version="linear-test.1"
    )
    train_linear(
        tiny_data_dir, out_b, seed=3, folds=2, candidates=CANDIDATES, version="linear-test.1"
    )
    a, b = LinearSentimentModel.load(out_a), LinearSentimentModel.load(out_b)
    assert a.version == "linear-test.1"
    assert np.array_equal(a.weights, b.weights)
    assert info["candidate"] in {"small-c1", "small-c10"}
    assert set(info["cv_all"]) == {"small-c1", "small-c10"}
    assert info["smsa_near_duplicates_dropped"] >= 1
    assert 0.2 <= info["temperature"] <= 5.0
    preds = a.predict(["bagus mantap petugas", "jelek kecewa data", "kapan jadwal tps"])
    assert [p.label for p in preds] == ["positive", "negative", "neutral"]


def test_user_files_are_added_to_the_pool(tiny_data_dir: Path, tmp_path: Path) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "# comment line\ntext,label,language\nsip mantap,positif,id\n"
        "elek pol,negatif,jv\nrow with bad label,maybe,id\n",
        encoding="utf-8",
    )
    pool = build_training_pool(tiny_data_dir, [extra])
    assert pool.counts["user"] == 2


def test_near_duplicates_are_dropped() -> None:
    rows = [
        LabelledText("pelayanan kpu sangat bagus sekali", "positive", "id", "smsa", "1"),
        LabelledText("jadwal coblosan kapan", "neutral", "id", "smsa", "2"),
    ]
    kept, dropped = drop_near_duplicates(rows, ["pelayanan kpu sangat bagus sekali !"])
    assert dropped == 1 and [r.group for r in kept] == ["2"]


def test_missing_data_dir_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PANTAU_TRAIN_DATA", raising=False)
    with pytest.raises(ModelError) as info:
        resolve_data_dir(tmp_path / "nowhere", tmp_path)
    assert "--data-dir" in (info.value.hint or "")
    monkeypatch.setenv("PANTAU_TRAIN_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(ModelError):
        resolve_data_dir(None, tmp_path)


def test_labelled_csv_errors_and_invalid_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(InputFileError):
        load_labelled_csv(bad)
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"text,label\n\xff\xfe mantap \xc3,positive\nkecewa,negative\n")
    rows = load_labelled_csv(broken)
    assert [r.label for r in rows] == ["positive", "negative"]


def test_temperature_fit_softens_overconfident_logits() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 300)
    logits = rng.normal(size=(300, 3))
    logits[np.arange(300), y] += 1.0
    assert fit_temperature(logits * 10, y) > fit_temperature(logits, y)


def test_tfidf_candidate_stores_idf(tiny_data_dir: Path, tmp_path: Path) -> None:
    tfidf = FeatureConfig(word_bits=12, char_bits=12, sublinear_tf=True, use_idf=True)
    out = tmp_path / "tfidf.npz"
    train_linear(tiny_data_dir, out, seed=1, folds=2, candidates=(Candidate("t", tfidf, 5.0),))
    model = LinearSentimentModel.load(out)
    assert model.idf is not None and model.idf.shape == (tfidf.n_features,)
    assert float(model.idf.min()) >= 1.0
    copy = tmp_path / "copy.npz"
    model.save(copy)
    again = LinearSentimentModel.load(copy)
    texts = ["bagus mantap", "jelek kecewa"]
    assert [p.scores for p in model.predict(texts)] == [p.scores for p in again.predict(texts)]
