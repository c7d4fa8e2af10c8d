"""The shipped linear sentiment model and the public interface around it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import ModelError
from nlp.sentiment import load_sentiment_model
from nlp.sentiment_linear import DEFAULT_MODEL_PATH, LinearSentimentModel
from nlp.sentiment_scores import (
    LABELS,
    SentimentModel,
    SentimentPrediction,
    predictions_from_probabilities,
)
from nlp.settings import NLPSettings


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return load_sentiment_model()


def test_shipped_model_is_small_versioned_and_pickle_free() -> None:
    assert DEFAULT_MODEL_PATH.is_file()
    assert DEFAULT_MODEL_PATH.stat().st_size < 8_000_000
    with np.load(DEFAULT_MODEL_PATH, allow_pickle=False) as data:
        assert {"header", "rows", "cols", "values", "bias"} <= set(data.files)
    loaded = LinearSentimentModel.load()
    assert loaded.version.startswith("linear-")


def test_conforms_to_protocol(model: SentimentModel) -> None:
    assert isinstance(model, SentimentModel)
    assert model.version.startswith("linear-")


def test_scores_are_probabilities_over_exactly_three_labels(model: SentimentModel) -> None:
    preds = model.predict(
        [
            "Terima kasih KPU Jember, pelayanannya bagus sekali",
            "KPU curang, data pemilih amburadul!",
            "Kapan batas akhir pindah memilih?",
        ]
    )
    assert len(preds) == 3
    for pred in preds:
        assert isinstance(pred, SentimentPrediction)
        assert set(pred.scores) == set(LABELS)
        assert abs(sum(pred.scores.values()) - 1.0) < 1e-4
        assert pred.label == max(pred.scores, key=pred.scores.__getitem__)
    assert [p.label for p in preds] == ["positive", "negative", "neutral"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Mantap, matur nuwun KPU, petugase apik tenan", "positive"),
        ("Sakalangkong, petugasse bagus ongghu", "positive"),
        ("Website KPU error terus, kecewa berat", "negative"),
        ("Data pemilih ngawur, kecewa berat sama KPU", "negative"),
    ],
)
def test_clear_cases(model: SentimentModel, text: str, label: str) -> None:
    assert model.predict([text])[0].label == label


def test_languages_argument_drives_review_flag() -> None:
    settings = NLPSettings(review_threshold=0.0, poorly_handled_languages=["mad"])
    model = load_sentiment_model(settings)
    text = "Terima kasih infonya min"
    assert model.predict([text], ["id"])[0].needs_review is False
    assert model.predict([text], ["mad"])[0].needs_review is True


def test_threshold_one_sends_everything_to_review() -> None:
    model = load_sentiment_model(NLPSettings(review_threshold=1.0))
    assert all(p.needs_review for p in model.predict(["bagus", "jelek", "kapan?"]))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😂😂😂",
        "🙏",
        "x" * 100_000,
        "saya " * 20_000,
        "\x00\x07\x1b[31m merah",
        "مرحبا 你好 Привет",
        "Ã©Ã¨ Ã¢â‚¬Å“",
        "?!?!",
        "12345",
    ],
)
def test_bad_input_gets_a_label_or_review(model: SentimentModel, text: str) -> None:
    pred = model.predict([text])[0]
    assert pred.label in LABELS
    assert abs(sum(pred.scores.values()) - 1.0) < 1e-4
    if not text.strip():
        assert pred.needs_review


def test_empty_text_is_neutral_and_reviewed(model: SentimentModel) -> None:
    for text in ("", "   ", "\x00\x01"):
        pred = model.predict([text])[0]
        assert pred.label == "neutral" and pred.needs_review


def test_emoji_only_goes_to_review_by_language(model: SentimentModel) -> None:
    pred = model.predict(["👍👍👍"])[0]
    assert pred.needs_review  # language "other" is handled poorly by default
    assert pred.label == "positive"


def test_batch_order_and_size_preserved(model: SentimentModel) -> None:
    texts = ["bagus sekali", "", "jelek sekali pelayanannya"] * 50
    preds = model.predict(texts)
    assert len(preds) == len(texts)
    assert preds[0] == preds[3] and preds[2] == preds[5]
    assert model.predict([]) == []


def test_predictions_from_probabilities_repairs_bad_rows() -> None:
    probs = np.array([[np.nan, 0.0, 0.0], [0.2, 0.7, 0.1], [-1.0, 0.0, 0.0]])
    preds = predictions_from_probabilities(probs, ["id", "id", "other"], NLPSettings())
    assert preds[0].scores == {lab: pytest.approx(1 / 3, abs=1e-5) for lab in LABELS}
    assert preds[0].needs_review
    assert preds[1].label == "neutral" and not preds[1].needs_review
    assert preds[2].needs_review


def test_missing_or_corrupt_model_file_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        LinearSentimentModel.load(tmp_path / "nope.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelError) as info:
        LinearSentimentModel.load(bad)
    assert "latih ulang" in (info.value.hint or "").lower()


def test_save_load_round_trip(tmp_path: Path) -> None:
    model = LinearSentimentModel.load()
    path = tmp_path / "copy.npz"
    model.save(path)
    again = LinearSentimentModel.load(path)
    texts = ["mantap", "kecewa", "kapan nyoblos?"]
    a = [p.scores for p in model.predict(texts)]
    b = [p.scores for p in again.predict(texts)]
    assert a == b


def test_settings_reject_unknown_keys_and_bad_label_maps() -> None:
    with pytest.raises(ValueError):
        NLPSettings(unknown=1)  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        NLPSettings(transformers_label_map={"LABEL_0": "bad"})
    with pytest.raises(ValueError):
        NLPSettings(poorly_handled_languages=["xx"])


def test_transformers_backend_without_model_is_an_honest_error() -> None:
    with pytest.raises(ModelError):
        load_sentiment_model(NLPSettings(sentiment_backend="transformers"))
