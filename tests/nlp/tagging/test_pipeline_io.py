"""The pantau tag contract: output keys, order, bad rows, input formats, the CLI."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from core.errors import InputFileError
from nlp.pipeline import OUTPUT_KEYS, TaggingPipeline, TagInput
from pantau.tag_files import detect_format, read_inputs, tag_file
from tests.nlp.tagging.conftest import RecordingSentiment, fixed_language

TAXONOMY_KEYS = [
    "id", "sentiment", "sentiment_scores", "stage", "awareness", "flags", "kecamatan",
    "area_source", "language", "barrier", "evidence", "model",
]  # fmt: skip
STAGES = {
    "pemutakhiran_data", "pencalonan", "kampanye", "masa_tenang", "pemungutan_suara",
    "penghitungan_rekapitulasi", "penetapan", "none",
}  # fmt: skip
FLAGS = {
    "question",
    "misinformation",
    "golput_intent",
    "cynicism",
    "voting_barrier",
    "complaint",
    "violation_report",
    "needs_review",
}


def test_output_object_is_exactly_the_taxonomy_contract(pipeline: TaggingPipeline) -> None:
    result = pipeline.tag([TagInput("h001", "Cara cek DPT gimana? Saya di Kaliwates")])[0]
    obj = result.to_json_dict()
    assert list(obj) == TAXONOMY_KEYS == list(OUTPUT_KEYS)
    assert json.loads(json.dumps(obj)) == obj
    assert obj["id"] == "h001"
    assert obj["stage"] == "pemutakhiran_data" and obj["awareness"] == "asking"
    assert obj["flags"] == ["question"]
    assert (obj["kecamatan"], obj["area_source"]) == ("Kaliwates", "text")
    assert set(obj["sentiment_scores"]) == {"positive", "neutral", "negative"}
    assert re.fullmatch(r"fake-1\+tag-[0-9a-f]{10}", obj["model"])
    assert obj["evidence"]["stage"] == ["cek DPT"]


def test_values_stay_inside_the_taxonomy(pipeline: TaggingPipeline) -> None:
    texts = [
        "Golput ae",
        "Nyoblos tgl 28 kan?",
        "hello there friends",
        "Ada serangan fajar",
        "Suwun",
    ]
    for result in pipeline.tag([TagInput(str(i), t) for i, t in enumerate(texts)]):
        assert result.stage in STAGES
        assert result.awareness in {"informed", "asking", "misinformed", "apathetic", "none"}
        assert set(result.flags) <= FLAGS and result.flags == sorted(result.flags)
        assert result.area_source in {"text", "profile", "geo", ""}
        assert (result.area_source == "") == (result.kecamatan == "")


def test_needs_review_reasons(pipeline: TaggingPipeline) -> None:
    unsure_sentiment = pipeline.tag([TagInput("a", "Saya bingung nyoblos di mana")])[0]
    assert "needs_review" in unsure_sentiment.flags
    assert "sentimen tidak yakin" in unsure_sentiment.evidence["needs_review"]
    other_language = pipeline.tag([TagInput("b", "hello, where do I vote")])[0]
    assert "needs_review" in other_language.flags
    ambiguous_desa = pipeline.tag([TagInput("c", "Saya di Desa Sukoreno, TPS nya di mana?")])[0]
    assert "kecamatan tidak pasti" in ambiguous_desa.evidence["needs_review"]
    clear = pipeline.tag([TagInput("d", "Sudah nyoblos di TPS 4 Kaliwates")])[0]
    assert "needs_review" not in clear.flags


def test_sentiment_is_batched_and_order_kept() -> None:
    sentiment = RecordingSentiment()

    from nlp.settings import NLPSettings

    pipeline = TaggingPipeline(
        sentiment_model=sentiment,
        settings=NLPSettings(batch_size=4),
        language_detector=fixed_language,
    )
    items = [TagInput(str(i), f"TPS {i} curang" if i % 3 == 0 else f"TPS {i}") for i in range(10)]
    items.insert(5, TagInput("bad", "", error="kosong"))
    results = pipeline.tag(items)
    assert [r.id for r in results] == [i.id for i in items]
    assert sentiment.batches == [4, 4, 2]
    assert results[0].sentiment == "negative" and results[1].sentiment == "neutral"


def test_post_time_and_geo_reach_the_rules(pipeline: TaggingPipeline) -> None:
    result = pipeline.tag(
        [
            TagInput(
                "x",
                "Besok nyoblos",
                created_at=datetime.fromisoformat("2024-11-20T10:00:00+07:00"),
                lat=-8.1849,
                lon=113.6769,
            )
        ]
    )[0]
    assert "misinformation" in result.flags
    assert (result.kecamatan, result.area_source) == ("Kaliwates", "geo")


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_csv_ids_default_to_row_numbers_and_bad_rows_are_kept(tmp_path: Path, pipeline) -> None:
    path = _write(
        tmp_path,
        "in.csv",
        'text,author_location\n"Cara cek DPT, gimana?",\n,Patrang\nsdh nyoblos,Patrang\n',
    )
    items = list(read_inputs(path))
    assert [i.id for i in items] == ["1", "2", "3"]
    assert items[1].error and items[2].author_location == "Patrang"
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        summary = tag_file(path, handle, pipeline)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (summary.rows, summary.errors, len(lines)) == (3, 1, 3)
    assert lines[1]["flags"] == ["needs_review"] and "error" in lines[1]["evidence"]
    assert lines[2]["kecamatan"] == "Patrang" and lines[2]["area_source"] == "profile"


def test_csv_with_id_column_semicolons_and_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, "in.csv", "\ufeffid;text\nk1;Bila coblosan e?\n")
    assert [(i.id, i.text) for i in read_inputs(path)] == [("k1", "Bila coblosan e?")]


def test_jsonl_extra_fields_and_bad_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "in.jsonl",
        '{"id": "a", "text": "Besok nyoblos", "created_at": "2024-11-26T12:00:00Z", '
        '"lat": "-8.18", "lon": 113.68}\n'
        "not json\n"
        "\n"
        '{"id": 7, "text": "Kapan coblosan?", "author_location": "Kaliwates", '
        '"created_at": "kemarin"}\n'
        "[1, 2]\n"
        '{"id": "z", "text": "x", "geo": {"lat": 999, "lon": 1}}\n',
    )
    items = list(read_inputs(path))
    assert [i.id for i in items] == ["a", "2", "7", "5", "z"]
    assert items[0].created_at is not None and items[0].lat == -8.18
    assert items[1].error and "JSON" in items[1].error
    assert items[2].created_at is None and items[2].warnings
    assert items[3].error and items[4].lat is None and items[4].warnings


def test_twitter_time_format(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "in.jsonl",
        '{"id": "t", "text": "x", "created_at": "Wed Nov 27 01:00:00 +0000 2024"}\n',
    )
    created = next(iter(read_inputs(path))).created_at
    assert created is not None and created.isoformat() == "2024-11-27T01:00:00+00:00"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", "just some notes\nwithout a header\n"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
        ("data.csv", "id,body\n1,hello\n"),
        ("data.jsonl", "not json\nstill not json\n"),
        # A cp1252 CSV is read now, as `pantau import` reads it (tests/nlp/tagging/
        # test_tag_formats.py); a compressed export is still refused.
        ("replies.csv.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 16),
    ],
)
def test_files_that_are_not_csv_or_jsonl(tmp_path: Path, name: str, content) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(InputFileError):
        list(read_inputs(path))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputFileError):
        detect_format(tmp_path / "missing.txt")
    with pytest.raises(InputFileError):
        list(read_inputs(tmp_path))


@pytest.fixture
def fake_cli_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.pipeline as pipeline_module

    real = pipeline_module.TaggingPipeline

    def factory(*args, **kwargs):
        kwargs.setdefault("sentiment_model", RecordingSentiment())
        kwargs.setdefault("language_detector", fixed_language)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline_module, "TaggingPipeline", factory)


def test_cli_tag_writes_one_line_per_row(tmp_path: Path, fake_cli_pipeline, capsys) -> None:
    from pantau.cli import main

    source = _write(
        tmp_path,
        "in.jsonl",
        '{"id": "a", "text": "Bila coblosan e?"}\nbroken\n{"id": "c", "text": "Golput ae"}\n',
    )
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(source), "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "2", "c"]
    assert lines[0]["awareness"] == "asking" and lines[2]["awareness"] == "apathetic"
    assert "3 baris" in capsys.readouterr().err
    assert main(["tag", str(source)]) == 0
    stdout = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in stdout] == ["a", "2", "c"]


def test_cli_rejects_a_file_that_is_not_csv_or_jsonl(
    tmp_path: Path, fake_cli_pipeline, capsys
) -> None:
    from pantau.cli import main

    bad = _write(tmp_path, "notes.txt", "hello\n")
    assert main(["tag", str(bad)]) == InputFileError.exit_code
    assert "bukan CSV" in " ".join(capsys.readouterr().err.split())


def test_default_pipeline_uses_the_shipped_models() -> None:
    pipeline = TaggingPipeline()  # the model is shipped: failing to load it is a failure
    results = pipeline.tag([TagInput("a", "Terima kasih min, mantap"), TagInput("b", "Golput ae")])
    for result in results:
        assert result.model == f"{pipeline.sentiment.version}+{pipeline.tagger_version}"
        assert result.sentiment in ("positive", "neutral", "negative")
        assert abs(sum(result.sentiment_scores.values()) - 1) < 0.01
        assert result.language in ("id", "jv", "mad", "mixed", "other")
    assert results[1].awareness == "apathetic"


def test_question_with_apathy_is_asking_but_reviewed(pipeline: TaggingPipeline) -> None:
    result = pipeline.tag([TagInput("q", "Percuma nyoblos sebenarnya, tapi TPS saya dimana ya?")])[
        0
    ]
    assert result.awareness == "asking"
    assert any("kesadaran" in reason for reason in result.evidence["needs_review"])


def test_very_long_csv_field_is_one_row(tmp_path: Path, pipeline: TaggingPipeline) -> None:
    long_text = "nyoblos tgl 28 " + "x" * 300_000
    path = _write(tmp_path, "long.csv", f'id,text\nL1,"{long_text}"\nL2,Bila coblosan e?\n')
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        summary = tag_file(path, handle, pipeline)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert summary.rows == 2 and [line["id"] for line in lines] == ["L1", "L2"]
    assert "misinformation" in lines[0]["flags"]
