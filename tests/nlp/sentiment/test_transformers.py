"""The transformers backend on a tiny BERT built here (random weights, local WordPiece)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.errors import ModelError
from nlp.sentiment import load_sentiment_model
from nlp.sentiment_data import LabelledText
from nlp.sentiment_scores import LABELS
from nlp.settings import NLPSettings
from tests.conftest import in_ci

pytestmark = pytest.mark.transformers

try:  # torch is an optional extra; without it these tests are skipped, not failed
    import torch
    import transformers  # noqa: F401
except ImportError:  # pragma: no cover - depends on the environment
    if in_ci():  # `make test` installs the extra: in CI its absence is a failure
        raise
    pytest.skip(
        "torch/transformers not installed (optional extra 'transformers')", allow_module_level=True
    )

_CORPUS = [
    "kapan nyoblos di tps",
    "mantap kpu jember bagus",
    "dpt saya tidak ada kecewa",
    "terima kasih min",
    "jelek lambat curang",
    "jadwal coblosan tanggal berapa",
]


def build_tiny_model(path: Path, id2label: dict[int, str]) -> Path:
    """A 2-layer, 32-wide BERT with a WordPiece vocabulary trained on a few sentences."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok.train_from_iterator(
        _CORPUS * 5, trainers.WordPieceTrainer(vocab_size=200, special_tokens=specials)
    )
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=32,
    )
    config = BertConfig(  # type: ignore[call-arg]
        vocab_size=tok.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        num_labels=len(id2label),
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(path)
    fast.save_pretrained(path)
    cfg_path = path / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
    cfg_path.write_text(json.dumps(cfg))
    return path


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(
        tmp_path_factory.mktemp("tiny") / "bert", {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}
    )


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # One thread: a tiny model gains nothing from more, and CI runs tests in parallel.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _settings(path: Path, **kw: object) -> NLPSettings:
    label_map = {"LABEL_0": "negative", "LABEL_1": "neutral", "LABEL_2": "positive"}
    return NLPSettings(
        sentiment_backend="transformers",
        transformers_model=str(path),
        transformers_label_map=label_map,
        device="cpu",
        **kw,
    )


def test_load_with_label_map_and_predict(tiny_dir: Path) -> None:
    model = load_sentiment_model(_settings(tiny_dir, batch_size=4))
    assert model.version == "transformers-bert"
    texts = ["mantap", "", "kapan nyoblos di tps " * 40, "👍", "jelek"]
    preds = model.predict(texts)
    assert len(preds) == len(texts)
    for pred in preds:
        assert set(pred.scores) == set(LABELS)
        assert abs(sum(pred.scores.values()) - 1.0) < 1e-4
    assert preds[1].label == "neutral" and preds[1].needs_review


def test_batching_and_sorting_do_not_change_results(tiny_dir: Path) -> None:
    texts = [f"{_CORPUS[i % len(_CORPUS)]} {'x ' * (i % 7)}" for i in range(23)]
    one = load_sentiment_model(_settings(tiny_dir, batch_size=1)).predict(texts)
    many = load_sentiment_model(_settings(tiny_dir, batch_size=8)).predict(texts)
    for a, b in zip(one, many, strict=True):
        for lab in LABELS:
            assert a.scores[lab] == pytest.approx(b.scores[lab], abs=1e-4)


def test_unmapped_labels_are_an_honest_error(tiny_dir: Path) -> None:
    settings = NLPSettings(sentiment_backend="transformers", transformers_model=str(tiny_dir))
    with pytest.raises(ModelError) as info:
        load_sentiment_model(settings)
    assert "transformers_label_map" in (info.value.hint or "")


def test_obvious_label_names_are_inferred(tmp_path: Path) -> None:
    path = build_tiny_model(tmp_path / "named", {0: "negatif", 1: "netral", 2: "positif"})
    settings = NLPSettings(sentiment_backend="transformers", transformers_model=str(path))
    model = load_sentiment_model(settings)
    assert model.label_map == {0: "negative", 1: "neutral", 2: "positive"}  # type: ignore[attr-defined]


def test_binary_model_still_gives_three_scores(tmp_path: Path) -> None:
    path = build_tiny_model(tmp_path / "binary", {0: "negative", 1: "positive"})
    settings = NLPSettings(sentiment_backend="transformers", transformers_model=str(path))
    pred = load_sentiment_model(settings).predict(["mantap"])[0]
    assert pred.scores["neutral"] == 0.0 and set(pred.scores) == set(LABELS)


def test_missing_model_is_an_offline_error(tmp_path: Path) -> None:
    for ref in (str(tmp_path / "nothing"), "some-org/not-in-cache-model"):
        settings = NLPSettings(sentiment_backend="transformers", transformers_model=ref)
        with pytest.raises(ModelError) as info:
            load_sentiment_model(settings)
        assert "luring" in info.value.message


def test_fine_tune_save_and_reload(tiny_dir: Path, tmp_path: Path) -> None:
    from nlp.transformers_backend import TransformersSentimentModel, fine_tune

    data = [
        ("mantap kpu jember bagus", "positive"),
        ("terima kasih min", "positive"),
        ("jelek lambat curang", "negative"),
        ("dpt saya tidak ada kecewa", "negative"),
        ("kapan nyoblos di tps", "neutral"),
        ("jadwal coblosan tanggal berapa", "neutral"),
    ]
    rows = [LabelledText(t, lab, "id", "test", f"g{i}") for i, (t, lab) in enumerate(data * 8)]
    out = tmp_path / "finetuned"
    meta = fine_tune(tiny_dir, rows, out, epochs=15, learning_rate=3e-3, batch_size=8, seed=1)
    assert (out / "pantau_sentiment.json").is_file()
    saved_cfg = json.loads((out / "tokenizer_config.json").read_text())
    assert saved_cfg["tokenizer_class"] == "PreTrainedTokenizerFast"
    assert meta["final_loss"] < 1.0  # random 3-class guessing sits at ~1.10
    reloaded = TransformersSentimentModel.load(out, NLPSettings(device="cpu"))
    assert reloaded.label_map == {0: "positive", 1: "neutral", 2: "negative"}
    # What it learnt from is recorded, so `eval sentiment --labels` can leave it out.
    from nlp.sentiment_data import text_digest, trained_text_digests

    assert trained_text_digests(reloaded) == {text_digest(t) for t, _ in data}
    preds = reloaded.predict([t for t, _ in data], ["id"] * len(data))
    correct = sum(p.label == lab for p, (_, lab) in zip(preds, data, strict=True))
    assert correct >= 5


def test_cli_fine_tune_then_eval(tiny_dir: Path, tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from pantau.cli import sentiment_cmds

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root."""

    sentiment_cmds.register(app)
    data = tmp_path / "labelled.csv"
    data.write_text(
        "text,label\n" + "mantap kpu jember bagus,positive\njelek lambat curang,negative\n"
        "kapan nyoblos di tps,neutral\n" * 4,
        encoding="utf-8",
    )
    out = tmp_path / "cli-finetuned"
    args = ["train", "sentiment", "--backend", "transformers", "--base-model", str(tiny_dir)]
    result = CliRunner().invoke(
        app, [*args, "--data", str(data), "--out", str(out), "--epochs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "pantau_sentiment.json").is_file()
    result = CliRunner().invoke(
        app, ["eval", "sentiment", "--data", str(data), "--model", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"model": "transformers-cli-finetuned"' in result.output
