"""The turnout classifier: deterministic training, fast loading, safe file format, team rows."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from core.errors import InputFileError, ModelError
from nlp.train_turnout import load_training_rows, train_turnout
from nlp.turnout_data import PROJECT_TRAIN_FILE, load_examples, parse_label
from nlp.turnout_model import DEFAULT_TURNOUT_MODEL, HEADS, TurnoutModel


@pytest.fixture(scope="module")
def small_rows() -> list:
    return load_examples(PROJECT_TRAIN_FILE, "project")[::8]  # every kind, about 80 rows


def test_training_is_deterministic_for_a_seed(tmp_path: Path, small_rows: list) -> None:
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    first = train_turnout(a, rows=small_rows, c_grid=(1.0,), seed=5)
    second = train_turnout(b, rows=small_rows, c_grid=(1.0,), seed=5)
    ma, mb = TurnoutModel.load(a), TurnoutModel.load(b)
    assert np.array_equal(ma.weights, mb.weights) and np.array_equal(ma.bias, mb.bias)
    assert ma.thresholds == mb.thresholds
    assert first["thresholds"] == second["thresholds"]
    assert first["rows"] == {"project": len(small_rows)}


def test_shipped_model_loads_fast_and_matches_the_code() -> None:
    started = time.perf_counter()
    model = TurnoutModel.load()
    assert time.perf_counter() - started < 1.0
    assert model.version.startswith("turnout-")
    assert set(model.thresholds) == {"golput_intent", "cynicism", "voting_barrier"}
    assert model.info["rows"]["project"] > 500  # trained on the shipped file
    probs = model.predict([["golput", "ae"]], [[0.0] * model._dense.shape[0]])
    assert probs.shape == (1, len(HEADS))
    assert abs(probs[0, 3:].sum() - 1.0) < 1e-6  # the kinds are one softmax


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = TurnoutModel.load()
    copy = tmp_path / "copy.npz"
    model.save(copy)
    again = TurnoutModel.load(copy)
    tokens = [["undangan", "belum", "datang"], ["podo", "ae", "kabeh"]]
    dense = [[0.0] * model._dense.shape[0]] * 2
    assert np.allclose(model.predict(tokens, dense), again.predict(tokens, dense))


def test_a_bad_model_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ModelError):
        TurnoutModel.load(broken)
    with pytest.raises(ModelError):
        TurnoutModel.load(tmp_path / "missing.npz")
    # A model written for other rule features is refused rather than misread.
    with np.load(DEFAULT_TURNOUT_MODEL, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    header = json.loads(bytes(arrays["header"]).decode())
    header["dense"] = header["dense"][:-1]
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), np.uint8)
    other = tmp_path / "other.npz"
    np.savez(other, **arrays)
    with pytest.raises(ModelError):
        TurnoutModel.load(other)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("golput", ({"golput_intent"}, "")),
        ("sinis; uang", ({"cynicism", "money_decides"}, "")),
        ("hambatan:merantau", ({"voting_barrier"}, "away_from_home")),
        ("golput + hambatan:tps_jauh", ({"golput_intent", "voting_barrier"}, "tps_access")),
        ("no_id_card", ({"voting_barrier"}, "no_id_card")),
        ("tidak", (set(), "")),
        ("hambatan", None),  # a barrier needs its kind
        ("marah", None),
    ],
)
def test_label_names(raw: str, expected) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_label(raw)
    if expected is None:
        assert parsed is None
    else:
        assert parsed is not None and (set(parsed[0]), parsed[1]) == expected


def test_team_sheet_rows_are_read_and_dev_texts_kept_out(tmp_path: Path) -> None:
    dev_text = json.loads(
        (PROJECT_TRAIN_FILE.parent / "turnout_dev.jsonl").read_text("utf-8").splitlines()[0]
    )["text"]
    sheet = tmp_path / "koreksi.csv"
    sheet.write_text(
        "\ufeffid_item;teks;label\n"
        "1;Wegah nyoblos aku, kesel;golput\n"
        "2;Undangan e durung teko;hambatan:undangan\n"
        "3;Suwun min;tidak\n"
        "4;Belum dilabel;\n"
        f"5;{dev_text};golput\n",
        encoding="utf-8",
    )
    rows = load_examples(sheet, "team")
    assert [(r.text, r.barrier) for r in rows][:3] == [
        ("Wegah nyoblos aku, kesel", ""),
        ("Undangan e durung teko", "no_invitation"),
        ("Suwun min", ""),
    ]
    assert len(rows) == 4  # the blank label is skipped
    training, dropped = load_training_rows([sheet])
    assert dropped == 1  # the dev-set text is never trained on
    team = [r for r in training if r.source == "team"]
    assert len(team) == 3


def test_unknown_label_names_the_line(tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("teks,label\nGolput ae,golput\nApa ini,marah\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="baris 3"):
        load_examples(sheet, "team")


def test_cli_trains_with_the_teams_corrections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_rows: list, capsys
) -> None:
    import nlp.train_turnout as trainer
    from pantau.cli import main

    small = tmp_path / "small.jsonl"
    small.write_text(
        "".join(
            json.dumps({"text": r.text, "labels": sorted(r.labels), "barrier": r.barrier}) + "\n"
            for r in small_rows
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(trainer, "PROJECT_TRAIN_FILE", small)
    monkeypatch.setattr(trainer, "C_GRID", (1.0,))
    sheet = tmp_path / "koreksi.csv"
    sheet.write_text("teks,label\nWegah nyoblos aku,golput\n", encoding="utf-8")
    out = tmp_path / "model.npz"
    assert main(["train", "turnout", "--data", str(sheet), "--out", str(out)]) == 0
    model = TurnoutModel.load(out)
    assert model.info["rows"] == {"project": len(small_rows), "team": 1}
    assert "Model disimpan" in capsys.readouterr().out


def test_the_model_file_is_part_of_the_tagger_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nlp.tagger_version as tv

    before = tv.rules_digest()
    (tmp_path / "turnout_linear.npz").write_bytes(DEFAULT_TURNOUT_MODEL.read_bytes() + b"\0")
    real = tv.resources.files
    monkeypatch.setattr(
        tv.resources, "files", lambda pkg: tmp_path if pkg == "nlp.models" else real(pkg)
    )
    tv.rules_digest.cache_clear()
    try:
        retrained = tv.rules_digest()
    finally:
        monkeypatch.undo()
        tv.rules_digest.cache_clear()
    assert retrained != before
    assert tv.rules_digest() == before
    assert {"nlp.turnout", "nlp.turnout_rules", "nlp.turnout_cues"} <= set(tv.RULE_MODULES)
