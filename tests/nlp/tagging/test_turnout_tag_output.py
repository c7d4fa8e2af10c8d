"""The ``barrier`` field and the turnout flags in ``pantau tag`` output, from CSV and JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.pipeline import OUTPUT_KEYS
from tests.nlp.tagging.conftest import RecordingSentiment, fixed_language

ROWS = [
    ("b1", "Undanganku durung teko, sesuk wes coblosan"),
    ("b2", "Kuliah di Malang, gak bisa pulang nyoblos tanggal 27"),
    ("g1", "Engkok ta' nyoblos, la males"),
    ("c1", "Sopo ae sing menang, dalan tetep rusak"),
    ("n1", "Terima kasih infonya min"),
]
EXPECTED = {
    "b1": ({"voting_barrier"}, "no_invitation"),
    "b2": ({"voting_barrier"}, "away_from_home"),
    "g1": ({"golput_intent"}, ""),
    "c1": ({"cynicism"}, ""),
    "n1": (set(), ""),
}


@pytest.fixture
def fake_cli_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.pipeline as pipeline_module

    real = pipeline_module.TaggingPipeline

    def factory(*args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("sentiment_model", RecordingSentiment())
        kwargs.setdefault("language_detector", fixed_language)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline_module, "TaggingPipeline", factory)


def _check(out: Path) -> None:
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [i for i, _ in ROWS]
    for line in lines:
        assert list(line) == list(OUTPUT_KEYS)
        keys = list(line)
        assert keys.index("barrier") == keys.index("language") + 1  # as in the TAXONOMY example
        flags, barrier = EXPECTED[line["id"]]
        assert set(line["flags"]) & {"golput_intent", "cynicism", "voting_barrier"} == flags
        assert line["barrier"] == barrier
        if barrier:
            assert line["evidence"]["voting_barrier"]
            assert 0.0 <= line["evidence"]["turnout_score"]["voting_barrier"] <= 1.0


def test_barrier_in_output_from_csv(tmp_path: Path, fake_cli_pipeline) -> None:
    from pantau.cli import main

    source = tmp_path / "in.csv"
    body = "".join(f'{i},"{t}"\n' for i, t in ROWS)
    source.write_text("id,text\n" + body, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(source), "--out", str(out)]) == 0
    _check(out)


def test_barrier_in_output_from_jsonl(tmp_path: Path, fake_cli_pipeline) -> None:
    from pantau.cli import main

    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in ROWS), encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(source), "--out", str(out)]) == 0
    _check(out)


def test_unreadable_row_has_an_empty_barrier(tmp_path: Path, fake_cli_pipeline) -> None:
    from pantau.cli import main

    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "x", "text": ""}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(source), "--out", str(out)]) == 0
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["barrier"] == "" and line["flags"] == ["needs_review"]
