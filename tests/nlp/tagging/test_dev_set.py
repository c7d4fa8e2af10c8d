"""The hand-labelled dev set: coverage, a stable split, and the held-out figures."""

from __future__ import annotations

from collections import Counter

import pytest

from nlp.evaluate_tagging import evaluate, load_dev_set, split_of
from nlp.pipeline import TaggingPipeline
from tests.nlp.tagging.conftest import RecordingSentiment

STAGES = {
    "pemutakhiran_data", "pencalonan", "kampanye", "masa_tenang", "pemungutan_suara",
    "penghitungan_rekapitulasi", "penetapan", "none",
}  # fmt: skip
RISKY = ["Panti", "Tanggul", "Jombang", "Arjasa", "Silo", "Karangrejo", "Sukoreno", "Patemon",
         "Sidomulyo", "Jambearum", "Sukorejo", "Tamansari", "Glagahwero", "Ajung"]  # fmt: skip


def test_dev_set_covers_every_label() -> None:
    examples = load_dev_set()
    assert len(examples) >= 300
    assert len({e.item.id for e in examples}) == len(examples)
    gold = [e.gold for e in examples]
    assert {g["stage"] for g in gold} == STAGES
    assert {g["awareness"] for g in gold} == {
        "informed",
        "asking",
        "misinformed",
        "apathetic",
        "none",
    }
    flags = Counter(f for g in gold for f in g["flags"])
    for flag in (
        "question",
        "misinformation",
        "golput_intent",
        "complaint",
        "violation_report",
        "needs_review",
    ):
        assert flags[flag] >= 10, flag
    languages = Counter(g["language"] for g in gold)
    assert languages["jv"] >= 30 and languages["mad"] >= 15
    texts = " ".join(e.item.text for e in examples)
    for name in RISKY:
        assert name in texts, name
    assert sum(1 for e in examples if e.item.created_at) >= 10
    assert sum(1 for e in examples if e.item.author_location) >= 5
    assert sum(1 for e in examples if e.item.lat is not None) >= 5


def test_split_is_stable_and_about_forty_percent() -> None:
    ids = [e.item.id for e in load_dev_set()]
    test = [i for i in ids if split_of(i) == "test"]
    assert 0.3 <= len(test) / len(ids) <= 0.5
    assert split_of("d001") == split_of("d001")
    assert {e.item.id for e in load_dev_set(split="test")} == set(test)


@pytest.fixture(scope="module")
def held_out() -> dict:
    return evaluate("test", TaggingPipeline(sentiment_model=RecordingSentiment()))


def test_held_out_figures_stay_near_what_was_measured(held_out: dict) -> None:
    # Floors about two points under the figures measured on the 161 held-out texts (one text
    # is ~0.6 points): question F1 0.986, awareness macro-F1 0.889 (0.856 before the turnout
    # signals and the relabelling under the new taxonomy), stage accuracy 0.932, kecamatan
    # precision and recall 0.98. A rule change that loses more fails here.
    figures = held_out["all"]
    assert figures["question"]["f1"] >= 0.96
    assert figures["awareness_macro_f1"] >= 0.87
    assert figures["stage_accuracy"] >= 0.91
    assert figures["kecamatan_precision"] >= 0.96
    assert figures["kecamatan_recall"] >= 0.96


def test_held_out_misinformation_precision(held_out: dict) -> None:
    # Target 0.90; measured 16/17 after key dates got their own cues (0.875 and 0.889 before,
    # see nlp/data/tagging_dev.README.md).
    assert held_out["all"]["misinformation"]["precision"] >= 0.90
    # Recall measured 16/24 = 0.667.
    assert held_out["all"]["misinformation"]["recall"] >= 0.62


def test_held_out_turnout_flags(held_out: dict) -> None:
    # A second measure of the turnout signals on texts another writer wrote (the labels for
    # cynicism and barriers were added with the turnout-signals issue). Measured: golput P/R
    # 1.000 (10 gold), cynicism P 1.000 R 0.900 (10 gold), voting_barrier P 0.600 R 0.750
    # (12 gold): barrier precision here is the weak spot (see nlp/README_tagging.md).
    figures = held_out["all"]
    assert figures["golput_intent"]["f1"] >= 0.9
    assert figures["cynicism"]["precision"] >= 0.9 and figures["cynicism"]["recall"] >= 0.8
    assert figures["voting_barrier"]["precision"] >= 0.55
    assert figures["voting_barrier"]["recall"] >= 0.7
