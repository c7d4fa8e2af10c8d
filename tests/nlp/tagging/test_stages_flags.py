"""Stage, awareness and flag rules on single texts, including informal spellings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.cues import Tokenizer
from nlp.flags import FlagTagger
from nlp.pipeline import TaggingPipeline, TagInput


def _tag(pipeline: TaggingPipeline, text: str, **kw):
    return pipeline.tag([TagInput("t", text, **kw)])[0]


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Cara cek DPT gimana ya?", "pemutakhiran_data"),
        ("sdh dcoklit min", "pemutakhiran_data"),
        ("Bila coblosan e?", "pemungutan_suara"),
        ("Nang endi TPS e?", "pemungutan_suara"),
        ("Dimma TPS-na kaula?", "pemungutan_suara"),
        ("Nomor urut paslon kapan diundi?", "pencalonan"),
        ("Debat pilbup jam berapa?", "kampanye"),
        ("Ada serangan fajar di desa kami", "masa_tenang"),
        ("Quick count kapan keluar?", "penghitungan_rekapitulasi"),
        ("Honor KPPS kapan cair?", "penghitungan_rekapitulasi"),
        ("Pelantikan bupati baru kapan?", "penetapan"),
        ("Terima kasih min", "none"),
        ("kpn rkp kbptn min", "penghitungan_rekapitulasi"),
    ],
)
def test_primary_stage(pipeline, text: str, stage: str) -> None:
    result = _tag(pipeline, text)
    assert result.stage == stage, result.evidence
    if stage != "none":
        assert result.evidence["stage"]


def test_most_specific_stage_is_primary(pipeline) -> None:
    result = _tag(pipeline, "Penghitungan suara di TPS 2 sampai tengah malam, kasihan KPPS")
    assert result.stage == "penghitungan_rekapitulasi"
    assert "pemungutan_suara" in result.secondary_stages
    assert result.evidence["stage_secondary"] == result.secondary_stages


def test_dpt_after_a_verb_means_dapat(tokenizer: Tokenizer, pipeline) -> None:
    assert tokenizer.view("blm dpt undangan").forms == ["belum", "dapat", "undangan"]
    assert tokenizer.view("cek dpt").forms == ["cek", "dpt"]
    assert _tag(pipeline, "blm dpt undngn min").stage == "pemungutan_suara"


def test_vowelless_words_are_recognised(tokenizer: Tokenizer) -> None:
    view = tokenizer.view("sdh dcklt, kpn nyblos")
    assert "coklit" in view.tokens[1].variants
    assert view.forms[2] == "kapan" and view.forms[3] == "nyoblos"


@pytest.mark.parametrize(
    ("text", "awareness"),
    [
        ("Sudah dicoklit kemarin", "informed"),
        ("Siap nyoblos 27 November!", "informed"),
        ("Cara cek DPT gimana?", "asking"),
        ("Bila coblosan e?", "asking"),
        ("Nyoblos tgl 28 kan?", "misinformed"),
        ("Katanya diundur ya?", "misinformed"),
        ("Golput ae lah, podo ae kabeh", "apathetic"),
        ("Percuma milih, yang menang pasti yang banyak duitnya", "apathetic"),
        ("Terima kasih min", "none"),
        ("Kapan Jember punya mall?", "none"),
    ],
)
def test_awareness(pipeline, text: str, awareness: str) -> None:
    result = _tag(pipeline, text)
    assert result.awareness == awareness, result.evidence
    if awareness != "none":
        assert result.evidence["awareness"]


@pytest.mark.parametrize(
    ("text", "is_question"),
    [
        ("mohon info TPS saya", True),
        ("kpn nyblos min", True),
        ("TPS NYA DMN??", True),
        ("Nyuwun pirsa, nyoblos ten pundi", True),
        ("kok bisa ya?", False),
        ("Apa gunanya nyoblos?", False),
        ("Apa kabar min?", False),
        ("Siapa pun bupatinya, jalan tetap rusak", False),
        ("Terima kasih min", False),
        ("Suwun infone min", False),
    ],
)
def test_question_flag(pipeline, text: str, is_question: bool) -> None:
    assert ("question" in _tag(pipeline, text).flags) is is_question


def test_golput_intent_and_its_negations(pipeline) -> None:
    assert "golput_intent" in _tag(pipeline, "Saya golput, gak ada yang layak").flags
    assert "golput_intent" in _tag(pipeline, "Sengko' ta' milé, tadâ' gunana").flags
    for text in (
        "Jangan golput ya warga Jember",
        "Kalau golput apa kena sanksi?",
        "ojo golput rek",
    ):
        assert "golput_intent" not in _tag(pipeline, text).flags, text
    assert _tag(pipeline, "Kalau golput apa kena sanksi?").awareness == "asking"


def test_complaint_and_violation_report(pipeline) -> None:
    complaint = _tag(pipeline, "Nama saya tidak terdaftar di DPT, mohon dibantu")
    assert {"complaint", "question"} <= set(complaint.flags)
    report = _tag(pipeline, "Tadi malam ada yang bagi amplop door to door di Jenggawah")
    assert "violation_report" in report.flags and report.kecamatan == "Jenggawah"
    advice = _tag(pipeline, "Politik uang harus dilaporkan ke Bawaslu, jangan diterima")
    assert "violation_report" not in advice.flags
    off_topic = _tag(pipeline, "Jalan di depan rumah rusak parah")
    assert "complaint" not in off_topic.flags


def test_asked_rule_is_not_a_claim_but_a_stated_one_is(pipeline) -> None:
    asked = _tag(pipeline, "Boleh foto surat suara buat bukti ke timses?")
    assert "misinformation" not in asked.flags and "question" in asked.flags
    stated = _tag(pipeline, "Katanya harus foto surat suara biar dapat uang")
    assert "misinformation" in stated.flags
    assert stated.evidence["misinformation"][0]["koreksi"]


def test_all_caps_sarcasm_and_no_vowels_do_not_crash(pipeline) -> None:
    texts = [
        "KAPAN PENGUMUMAN HASIL PILKADA JEMBER???",
        "Keren banget KPU, undangan datang H+1 🙃",
        "sdh nyblos min",
        "",
        "🙏🙏🙏",
        "x" * 20000,
        "\u0000\u200b\ufeff",
    ]
    results = pipeline.tag([TagInput(str(i), t) for i, t in enumerate(texts)])
    assert [r.id for r in results] == [str(i) for i in range(len(texts))]
    assert results[0].stage == "penghitungan_rekapitulasi" and "question" in results[0].flags
    assert "complaint" in results[1].flags
    assert results[2].stage == "pemungutan_suara"
    assert "needs_review" in results[3].flags and results[3].evidence["error"]


def test_flag_tagger_alone_needs_election_context(tokenizer: Tokenizer) -> None:
    flags = FlagTagger(tokenizer)
    view = tokenizer.view("Surat suara kurang di TPS 14")
    assert "complaint" in flags.tag(view, election_related=True).flags
    assert "complaint" not in flags.tag(view, election_related=False).flags


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_tokenizer_never_fails_and_spans_stay_inside(text: str) -> None:
    view = Tokenizer().view(text)
    for token in view.tokens:
        assert 0 <= token.start <= token.end <= len(text)
        assert token.form


@pytest.mark.parametrize(
    ("text", "misinformation"),
    [
        ("Yang golput didenda 1 juta, hati-hati", True),
        ("Tinta di jari haram katanya", True),
        ("Nyoblos bisa lewat aplikasi HP sekarang", True),
        ("Kalau golput apa dipenjara?", False),
        ("Tidak benar golput dipenjara, memilih itu hak", False),
        ("Cek DPT bisa online di cekdptonline", False),
        ("Masa tenang mulai 22 November, APK wajib turun", True),
        ("Masa tenang 24-26 November, jangan ada kampanye lagi", False),
    ],
)
def test_hoaxes_and_clause_bound_dates(pipeline, text: str, misinformation: bool) -> None:
    result = _tag(pipeline, text)
    assert ("misinformation" in result.flags) is misinformation, result.evidence


def test_jember_alone_does_not_make_jombang_a_kecamatan(pipeline) -> None:
    assert _tag(pipeline, "Saya orang Jombang, kerja di Jember, nyoblos dimana?").kecamatan == ""
    assert _tag(pipeline, "Desa Keting Jombang, TPS 3 buka").kecamatan == "Jombang"
    assert _tag(pipeline, "Sampun nyoblos wonten TPS 12 Kebonsari").kecamatan == "Sumbersari"


_WORDS = st.sampled_from(
    ["nyoblos", "tgl", "31", "November", "28/11", "diundur", "Panti", "asuhan", "Desa", "Sukoreno",
     "Kec.", "Jombang", "besok", "?", "golput", "KATANYA", "2025", "TPS", "🙏", ",", "dimma", "e"]
)  # fmt: skip


@settings(max_examples=120, deadline=None)
@given(
    st.lists(_WORDS | st.text(max_size=8), max_size=25).map(" ".join),
    st.none() | st.datetimes(timezones=st.just(__import__("datetime").timezone.utc)),
    st.none() | st.floats(allow_nan=True, allow_infinity=True),
)
def test_pipeline_never_crashes_and_explains(pipeline, text: str, created_at, lat) -> None:
    result = pipeline.tag([TagInput("p", text, created_at=created_at, lat=lat, lon=lat)])[0]
    obj = result.to_json_dict()
    assert obj["id"] == "p"
    if obj["kecamatan"]:
        assert obj["evidence"]["kecamatan"]
    if "misinformation" in obj["flags"]:
        assert obj["evidence"]["misinformation"][0]["koreksi"]
