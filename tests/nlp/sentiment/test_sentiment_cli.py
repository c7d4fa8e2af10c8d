"""The thin CLI shell: ``pantau eval sentiment`` and ``pantau train sentiment``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from core.errors import PantauError
from pantau.cli import sentiment_cmds

DEV_SET = Path(sentiment_cmds.REPO_ROOT) / "nlp" / "data" / "sentiment_dev.csv"


@pytest.fixture()
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root."""

    sentiment_cmds.register(app)
    return app


def test_eval_json_on_dev_set(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["eval", "sentiment", "--data", str(DEV_SET), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    report = payload["results"][str(DEV_SET)]
    assert payload["model"].startswith("linear-")
    assert report["n"] >= 200
    assert set(report["by_language"]) >= {"id", "jv", "mad", "mixed"}
    assert len(report["confusion"]) == 3 and sum(map(sum, report["confusion"])) == report["n"]
    assert 0.0 <= report["macro_f1"] <= 1.0


def test_eval_text_output_and_jsonl(app: typer.Typer, tmp_path: Path) -> None:
    data = tmp_path / "mini.jsonl"
    lines = [
        {"text": "mantap pelayanannya", "label": "positive"},
        {"text": "kecewa, data ngawur", "sentiment": "negatif"},
        {"text": "kapan nyoblos?", "label": "neutral", "language": "id"},
    ]
    data.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "sentiment", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output and "confusion" in result.output
    assert "precision" in result.output


def test_eval_without_data_is_a_pantau_error(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["eval", "sentiment"])
    assert isinstance(result.exception, PantauError)


def test_train_transformers_needs_base_model(app: typer.Typer) -> None:
    result = CliRunner().invoke(
        app, ["train", "sentiment", "--backend", "transformers", "--data", str(DEV_SET)]
    )
    assert isinstance(result.exception, PantauError)
    assert "--base-model" in result.exception.message


def test_train_linear_on_tiny_layout(
    app: typer.Typer, tiny_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nlp import train_sentiment
    from nlp.features import FeatureConfig

    small = (train_sentiment.Candidate("tiny", FeatureConfig(word_bits=10, char_bits=10), 1.0),)
    monkeypatch.setattr(train_sentiment, "DEFAULT_CANDIDATES", small)
    monkeypatch.setattr(train_sentiment, "DEFAULT_FOLDS", 2)
    out = tmp_path / "model.npz"
    result = CliRunner().invoke(
        app,
        ["train", "sentiment", "--data-dir", str(tiny_data_dir), "--out", str(out), "--seed", "5"],
    )
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert "valid_macro_f1" in result.output


def test_eval_tolerates_invalid_utf8_control_chars_and_huge_rows(
    app: typer.Typer, tmp_path: Path
) -> None:
    data = tmp_path / "messy.csv"
    huge = "mantap " * 30_000  # ~210 KB in one field, beyond the csv default limit
    data.write_bytes(
        b"text,label,language\n"
        b"\xff\xfe rusak \xc3 tapi mantap,positive,id\n"
        b"\x00\x07 data ngawur \x1b[31m,negative,id\n"
        b",neutral,other\n" + f'"{huge}",positive,id\n'.encode()
    )
    result = CliRunner().invoke(app, ["eval", "sentiment", "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["results"][str(data)]
    assert report["n"] == 4
    assert report["needs_review_rate"] >= 0.25  # the empty text at least
