"""Outreach-need index: ranking, shrinkage, bands and the no-data cases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from reports.baseline import Baseline, load_baseline, official_kecamatan
from reports.outreach_index import (
    BetaPrior,
    KecamatanWeek,
    OutreachIndexSettings,
    OutreachNeedIndex,
    fit_beta_prior,
    shrink_share,
)

NAMES = list(official_kecamatan())


def _typical_weeks(skip: tuple[str, ...] = ()) -> list[KecamatanWeek]:
    """Every kecamatan with 60 replies of which about 15% show a need."""
    weeks = []
    for i, name in enumerate(NAMES):
        if name in skip:
            continue
        need = 8 + (i % 3)
        weeks.append(KecamatanWeek(name, replies=60, asking=need, negative=12,
                                   unique_authors_reached=300,
                                   confused_by_stage={"kampanye": need}))
    return weeks


def _by_name(rows: list) -> dict:
    return {r.kecamatan: r for r in rows}


def test_planted_high_need_kecamatan_ranks_first() -> None:
    weeks = [w for w in _typical_weeks() if w.kecamatan != "Sukowono"]
    # Sukowono has the best turnout of the regency, so only its replies can put it on top.
    weeks.append(KecamatanWeek("Sukowono", replies=80, asking=30, misinformed=14, apathetic=4,
                               negative=30, unique_authors_reached=20,
                               confused_by_stage={"pemutakhiran_data": 38, "kampanye": 6},
                               questions_by_stage={"pemutakhiran_data": 26, "kampanye": 4}))
    rows = OutreachNeedIndex().rank(weeks, load_baseline())
    assert rows[0].kecamatan == "Sukowono"
    assert rows[0].topics[0].label == "Pertanyaan soal Pemutakhiran data pemilih (DPT)"
    assert "cekdptonline" in rows[0].topics[0].step
    assert any("soal Pemutakhiran data pemilih (DPT)" in r for r in rows[0].reasons)
    assert [r.rank for r in rows] == list(range(1, 32))


def test_one_of_one_does_not_outrank_forty_of_hundred() -> None:
    weeks = [w for w in _typical_weeks() if w.kecamatan not in ("Ajung", "Arjasa")]
    weeks += [
        KecamatanWeek("Ajung", replies=1, asking=1, unique_authors_reached=300),
        KecamatanWeek("Arjasa", replies=100, asking=40, negative=20, unique_authors_reached=300),
    ]
    rows = _by_name(OutreachNeedIndex().rank(weeks, Baseline.empty("uji")))
    assert rows["Ajung"].need_share_raw == 1.0
    assert rows["Arjasa"].components["need_share"] > rows["Ajung"].components["need_share"]
    assert rows["Arjasa"].rank < rows["Ajung"].rank


def test_shrinkage_pulls_small_counts_harder_toward_the_regency() -> None:
    prior = BetaPrior(mean=0.2, strength=20)
    small = shrink_share(3, 5, prior, 0.8)
    large = shrink_share(300, 500, prior, 0.8)
    assert small.raw == large.raw == 0.6
    assert 0.2 < small.shrunk < large.shrunk < 0.6
    assert small.low < small.shrunk < small.high
    assert large.low < large.shrunk < large.high
    assert (large.high - large.low) < (small.high - small.low)


def test_fit_beta_prior_edge_cases() -> None:
    assert fit_beta_prior([], 0.25, 5, 100) == BetaPrior(0.25, 5)
    assert fit_beta_prior([(0, 0), (0, 0)], 0.3, 5, 100) == BetaPrior(0.3, 5)
    # Identical rates: all variance is binomial noise, so the prior is as strong as allowed.
    same = fit_beta_prior([(20, 100)] * 10, 0.5, 5, 100)
    assert same.mean == pytest.approx(0.2) and same.strength == 100
    # Very different rates: a weak prior (clamped at the minimum).
    spread = fit_beta_prior([(1, 100), (99, 100), (50, 100)], 0.5, 5, 100)
    assert spread.strength == 5
    # All-zero and all-one shares stay strictly inside (0, 1).
    assert 0 < fit_beta_prior([(0, 50), (0, 60)], 0.5, 5, 100).mean < 0.01
    assert 0.99 < fit_beta_prior([(50, 50), (60, 60)], 0.5, 5, 100).mean < 1


def test_band_contains_score_and_is_wider_with_little_data() -> None:
    weeks = [w for w in _typical_weeks() if w.kecamatan not in ("Ajung", "Arjasa")]
    weeks += [KecamatanWeek("Ajung", replies=3, asking=1, unique_authors_reached=300),
              KecamatanWeek("Arjasa", replies=300, asking=100, unique_authors_reached=300)]
    rows = _by_name(OutreachNeedIndex().rank(weeks, load_baseline()))
    for row in rows.values():
        assert 0 <= row.score_low <= row.score <= row.score_high <= 100
    width = {n: rows[n].score_high - rows[n].score_low for n in ("Ajung", "Arjasa")}
    assert width["Ajung"] > width["Arjasa"]


def test_empty_week_ranks_nobody_and_lists_all_by_turnout() -> None:
    rows = OutreachNeedIndex().rank([], load_baseline())
    assert len(rows) == 31
    assert all(not r.has_data and r.replies == 0 and r.rank is None for r in rows)
    assert all(math.isfinite(r.score) for r in rows)
    assert all("tidak diperingkat" in r.reasons[0] for r in rows)
    # Without any signal they are listed by the turnout gap: the lowest turnout first.
    assert rows[0].kecamatan == "Bangsalsari"
    assert rows[-1].kecamatan == "Sukowono"


def test_no_baseline_uses_regency_turnout_and_says_so() -> None:
    rows = OutreachNeedIndex().rank(_typical_weeks(), Baseline.empty("berkas tidak ada"))
    assert len(rows) == 31
    for row in rows:
        assert row.turnout_is_fallback and row.turnout_2024 is None
        assert any("baseline tidak tersedia" in r and "58,8%" in r for r in row.reasons)


def test_kecamatan_without_replies_is_listed_apart_with_a_reason() -> None:
    ordered = OutreachNeedIndex().rank(_typical_weeks(skip=("Jelbuk",)), load_baseline())
    rows = _by_name(ordered)
    jelbuk = rows["Jelbuk"]
    assert not jelbuk.has_data and jelbuk.rank is None and ordered[-1] is jelbuk
    assert "tidak ada balasan" in jelbuk.reasons[0] and "tidak diperingkat" in jelbuk.reasons[0]
    assert jelbuk.topics == [] and jelbuk.no_topic_reason is not None
    assert any("62,5%" in r for r in jelbuk.reasons)  # KPU Jember's Jelbuk turnout
    # Silence is not evidence of low reach: its reach gap is the average of the others.
    others = [r.components["reach_gap"] for n, r in rows.items() if n != "Jelbuk"]
    assert jelbuk.components["reach_gap"] == pytest.approx(sum(others) / len(others))


def test_one_reply_in_the_whole_regency() -> None:
    rows = _by_name(OutreachNeedIndex().rank(
        [KecamatanWeek("Kaliwates", replies=1, asking=1, confused_by_stage={"kampanye": 1})],
        load_baseline()))
    kaliwates = rows["Kaliwates"]
    assert kaliwates.has_data and kaliwates.need_share_raw == 1.0
    assert kaliwates.components["need_share"] < 0.5
    assert any("data tipis (1 balasan)" in r for r in kaliwates.reasons)
    assert kaliwates.topics == [] and kaliwates.no_topic_reason  # no topic signal given


def test_reasons_use_indonesian_number_format() -> None:
    weeks = [w for w in _typical_weeks() if w.kecamatan != "Puger"]
    weeks.append(KecamatanWeek("Puger", replies=1234, asking=400, negative=300,
                               unique_authors_reached=10,
                               confused_by_stage={"pemungutan_suara": 400}))
    rows = _by_name(OutreachNeedIndex().rank(weeks, load_baseline()))
    text = " ".join(rows["Puger"].reasons)
    assert "dari 1.234 balasan" in text
    assert "partisipasi 2024 51,5% (perkiraan) di bawah target 65%" in text
    assert "sedikit warga yang membalas" in text and "jangkauan" not in text


def test_zero_reach_and_zero_dpt_do_not_divide_by_zero() -> None:
    weeks = [KecamatanWeek(n, replies=0, unique_authors_reached=0) for n in NAMES]
    weeks[0] = KecamatanWeek(NAMES[0], replies=2, negative=2)
    rows = OutreachNeedIndex().rank(weeks, Baseline.empty("uji"))
    assert all(math.isfinite(r.score) and 0 <= r.score <= 100 for r in rows)


def test_weights_change_the_ranking() -> None:
    weeks = [w for w in _typical_weeks() if w.kecamatan not in ("Sukowono", "Bangsalsari")]
    weeks += [KecamatanWeek("Sukowono", replies=100, asking=60, unique_authors_reached=300),
              KecamatanWeek("Bangsalsari", replies=100, asking=10, unique_authors_reached=300)]
    only_turnout = OutreachIndexSettings(weight_need_share=0, weight_negative_share=0,
                                         weight_reach_gap=0, weight_turnout_gap=1)
    only_need = OutreachIndexSettings(weight_need_share=1, weight_negative_share=0,
                                      weight_reach_gap=0, weight_turnout_gap=0)
    base = load_baseline()
    assert OutreachNeedIndex(only_turnout).rank(weeks, base)[0].kecamatan == "Bangsalsari"
    assert OutreachNeedIndex(only_need).rank(weeks, base)[0].kecamatan == "Sukowono"


def test_settings_are_validated() -> None:
    with pytest.raises(ValidationError):
        OutreachIndexSettings(weight_need_share=0, weight_negative_share=0, weight_reach_gap=0,
                              weight_turnout_gap=0)
    with pytest.raises(ValidationError):
        OutreachIndexSettings.model_validate({"target_turnout": 1.5})
    with pytest.raises(ValidationError):
        OutreachIndexSettings.model_validate({"unknown_key": 1})


def test_bad_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown kecamatan"):
        OutreachNeedIndex().rank([KecamatanWeek("Jombang, Jawa Timur")], load_baseline())
    with pytest.raises(ValueError, match="twice"):
        OutreachNeedIndex().rank([KecamatanWeek("Silo"), KecamatanWeek("Silo")], load_baseline())
    with pytest.raises(ValueError):
        KecamatanWeek("Silo", replies=1, asking=2)
    with pytest.raises(ValueError):
        KecamatanWeek("Silo", replies=-1)


def test_reach_gap_is_relative_to_the_median_kecamatan() -> None:
    weeks = [w for w in _typical_weeks() if w.kecamatan not in ("Silo", "Ajung")]
    weeks += [KecamatanWeek("Silo", replies=60, asking=9, unique_authors_reached=0),
              KecamatanWeek("Ajung", replies=60, asking=9, unique_authors_reached=5000)]
    rows = _by_name(OutreachNeedIndex().rank(weeks, load_baseline()))
    assert rows["Silo"].components["reach_gap"] == 1.0
    assert rows["Ajung"].components["reach_gap"] == 0.0
    assert any("sedikit warga yang membalas (0 akun" in r for r in rows["Silo"].reasons)
    assert rows["Silo"].score > rows["Ajung"].score
    # With a fixed target of 5 per 1,000 DPT, 300 people is short of it in a large kecamatan.
    fixed = OutreachIndexSettings(reach_reference="target")
    rows_fixed = _by_name(OutreachNeedIndex(fixed).rank(weeks, load_baseline()))
    assert rows_fixed["Wuluhan"].components["reach_gap"] == pytest.approx(
        1 - 300 / (100_254 * 5 / 1000))


counts = st.integers(min_value=0, max_value=400)


@st.composite
def kecamatan_week(draw: st.DrawFn, name: str) -> KecamatanWeek:
    replies = draw(counts)
    asking = draw(st.integers(0, replies))
    misinformed = draw(st.integers(0, replies - asking))
    apathetic = draw(st.integers(0, replies - asking - misinformed))
    negative = draw(st.integers(0, replies))
    return KecamatanWeek(name, replies, asking, misinformed, apathetic, negative,
                         draw(counts), draw(counts), {"kampanye": asking + misinformed})


@settings(max_examples=40, deadline=None)
@given(st.data(), st.booleans())
def test_index_is_always_bounded_and_ranked(data: st.DataObject, with_baseline: bool) -> None:
    names = data.draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=31))
    weeks = [data.draw(kecamatan_week(n)) for n in names]
    baseline = load_baseline() if with_baseline else Baseline.empty("uji")
    rows = OutreachNeedIndex().rank(weeks, baseline)
    ranked = [r for r in rows if r.rank is not None]
    assert len(rows) == 31 and [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert {r.kecamatan for r in ranked} == {w.kecamatan for w in weeks if w.replies > 0}
    assert rows[: len(ranked)] == ranked  # those without replies come after, unranked
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    for row in rows:
        assert row.topics or row.no_topic_reason
        assert 0 <= row.score_low <= row.score + 1e-9 <= row.score_high + 2e-9 <= 100 + 2e-9
        assert all(0 <= v <= 1 for v in row.components.values())
        assert row.reasons
