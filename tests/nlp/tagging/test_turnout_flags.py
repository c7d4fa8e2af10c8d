"""Turnout signals in the tagger: golput intent, cynicism, money decides, voting barriers.

Each signal in Indonesian, Javanese and Madurese, and the look-alikes that must not raise it:
advice and negation, quotation and rumour, a changed mind, a rival candidate's criticism,
"percuma" about something else, a barrier overcome. Sentences here are written for the tests
(none is in the dev set or the training file).
"""

from __future__ import annotations

import pytest

from nlp.pipeline import TaggingPipeline, TagInput, TagResult

TURNOUT = {"golput_intent", "cynicism", "voting_barrier"}


def _tag(pipeline: TaggingPipeline, text: str) -> TagResult:
    return pipeline.tag([TagInput("t", text)])[0]


def _turnout(pipeline: TaggingPipeline, text: str) -> set[str]:
    return set(_tag(pipeline, text).flags) & TURNOUT


@pytest.mark.parametrize(
    "text",
    [
        "Saya sekeluarga tidak akan nyoblos tanggal 27",  # id
        "golput wae aku, wes kesel karo kabeh",  # jv
        "Kulo mboten badhe nyoblos taun menika",  # jv krama
        "Sengko' ta' endâ' nyoblos, mending ka sabâ",  # mad
        "ogah ke TPS ah, males antri",  # id slang
        "Mending mancing daripada nyoblos",  # a preference over voting
        "Wong kampungku akeh sing emoh nyoblos",  # people around the writer
    ],
)
def test_golput_intent_in_each_language(pipeline: TaggingPipeline, text: str) -> None:
    result = _tag(pipeline, text)
    assert "golput_intent" in result.flags, result.evidence
    assert result.awareness == "apathetic"
    assert result.evidence["golput_intent"]  # the words that raised it


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Jangan golput ya, datang ke TPS", "advice"),
        ("Ojo golput rek, sak suoro penting", "advice"),
        ("Ja' golput, cong", "advice"),
        ("Aku ora golput, mesti budal nyoblos", "negation"),
        ("Engkok ta' golput", "negation"),
        ("Katanya kamu mau golput? Beneran?", "rumour asked about"),
        ("Jare tanggamu arep golput, tenan ta?", "rumour asked about"),
        ('Teman bilang "gak usah nyoblos", saya tetap nyoblos', "quotation"),
        ("Tadinya mau golput, tapi sekarang sudah mantap nyoblos", "changed mind"),
        ("Biyen aku golput, saiki melu nyoblos", "changed mind"),
        ("Lambâ' engkok golput, satèya nyoblos", "changed mind"),
        ("Gak jadi golput, calonnya bagus", "changed mind"),
        ("Kalau golput kena denda gak?", "a question about golput"),
        ("Angka golput di Jember harus turun", "a topic"),
        ("Golput itu rugi, suaramu penting", "a topic"),
        ("Saya tidak milih paslon 1, saya pilih yang lain", "a choice against a side"),
        ("Gak bisa nyoblos, lagi kerja di Bali", "inability is a barrier"),
    ],
)
def test_not_golput_intent(pipeline: TaggingPipeline, text: str, why: str) -> None:
    assert "golput_intent" not in _tag(pipeline, text).flags, why


def test_set_aside_words_are_kept_as_evidence(pipeline: TaggingPipeline) -> None:
    result = _tag(pipeline, "Jangan golput ya, datang ke TPS")
    assert any("golput" in e for e in result.evidence["turnout_excluded"])


@pytest.mark.parametrize(
    "text",
    [
        "Semua calon cuma janji doang, habis itu lupa",  # id: all promises
        "Sopo wae sing menang, dalan nang desaku tetep rusak",  # jv: nothing changes
        "Bupatine ganti ping telu, wong cilik yo tetep susah",  # jv: changing regents
        "Calon-calon ghun janji, mon la dhâddhi loppa ka rakyat",  # mad
        "Pengkhianatan itu sudah biasa di dunia politik",  # betrayal is normal
        "Elite cuma mikirin kepentingan partai",  # the elite and their party
        "politik iku reged rek, ojo ngarep",  # jv
    ],
)
def test_cynicism_in_each_language(pipeline: TaggingPipeline, text: str) -> None:
    result = _tag(pipeline, text)
    assert "cynicism" in result.flags, result.evidence
    assert "golput_intent" not in result.flags  # distrust without saying they will not vote
    assert result.awareness == "apathetic"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Paslon 1 cuma janji doang, mending pilih nomor 2", "a rival candidate's criticism"),
        ("Nomer loro mung janji, ayo menangno nomer siji", "a rival candidate's criticism"),
        ("Calon nomer sèttong ghun janji, pèlè nomer dua", "a rival candidate's criticism"),
        ("Kecewa sama bupati yang sekarang, jalan belum diperbaiki", "one candidate"),
        ("Siapa pun yang menang, semoga amanah", "hope, not distrust"),
        ("Janji kampanye harus kita tagih setelah pelantikan", "civic watchfulness"),
        ("Harga cabai sama aja mahalnya di mana-mana", "'sama aja' about something else"),
        ("Banyak yang bilang semua calon sama aja, padahal programnya beda", "disagreement"),
        ("Dulu saya pikir semua calon sama aja, ternyata ada yang beda", "changed mind"),
    ],
)
def test_not_cynicism(pipeline: TaggingPipeline, text: str, why: str) -> None:
    assert "cynicism" not in _tag(pipeline, text).flags, why


@pytest.mark.parametrize(
    "text",
    [
        "Percuma pakai payung, anginnya kencang",
        "Percuma cek DPT online, webnya error terus",
        "Percuma masak akeh, ora ono sing mangan",
        "Gak percuma kita nyoblos, jalannya sekarang mulus",
    ],
)
def test_percuma_about_something_else_is_no_signal(pipeline: TaggingPipeline, text: str) -> None:
    result = _tag(pipeline, text)
    assert not set(result.flags) & TURNOUT
    assert result.awareness != "apathetic"


def test_money_decides_is_apathetic_and_a_claim_is_also_cynicism(pipeline) -> None:
    deal = _tag(pipeline, "Wani piro cak? hehe")
    assert deal.awareness == "apathetic" and "cynicism" not in deal.flags
    assert deal.evidence["money_decides"]
    claim = _tag(pipeline, "Yang menang pasti yang banyak duitnya, rakyat cuma penonton")
    assert "cynicism" in claim.flags and claim.awareness == "apathetic"
    report = _tag(pipeline, "Ada serangan fajar di desa kami, tolong Bawaslu turun")
    assert report.awareness != "apathetic" and "money_decides" not in report.evidence


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Nama saya tidak ada di DPT, padahal warga asli sini", "not_registered"),
        ("Jenengku ora metu nang cek DPT online", "not_registered"),
        ("Nyama kaula ta' bâdâ e DPT, kakdimma?", "not_registered"),
        ("Saya kerja di Surabaya, gak bisa pulang tanggal 27", "away_from_home"),
        ("Anakku kuliah nang Malang, ora iso mulih coblosan", "away_from_home"),
        ("Engkok alako e Malaysia, ta' bisa molè nyoblos", "away_from_home"),
        ("Undangan nyoblos belum sampai ke rumah kami", "no_invitation"),
        ("Undanganku durung teko min, sesuk wes coblosan", "no_invitation"),
        ("Engkok ghi' ta' ollè undangan coblosan", "no_invitation"),
        ("KTP saya hilang, masih bisa nyoblos?", "no_id_card"),
        ("E-KTP anakku durung dadi, iso nyoblos ora?", "no_id_card"),
        ("Ana' kaula ghi' ta' andi' KTP", "no_id_card"),
        ("Tanggal 27 saya masuk kerja, pabrik tidak libur", "work_or_health"),
        ("Mbahku loro, ora kuat mlaku nang TPS", "work_or_health"),
        ("Embu' sakè', ta' bisa ka TPS", "work_or_health"),
        ("TPS nya jauh banget, harus nyebrang sungai", "tps_access"),
        ("Dalan nang TPS rusak, motor ora iso lewat", "tps_access"),
        ("TPS jhâu ongghu, ta' bâdâ kendaraan", "tps_access"),
    ],
)
def test_barrier_kinds_in_each_language(pipeline: TaggingPipeline, text: str, kind: str) -> None:
    result = _tag(pipeline, text)
    assert "voting_barrier" in result.flags, result.evidence
    assert result.barrier == kind
    assert result.evidence["voting_barrier"]


@pytest.mark.parametrize(
    "text",
    [
        "Alhamdulillah undangan sudah datang, siap nyoblos",
        "Kerja di Surabaya, tapi sudah urus pindah memilih",
        "Meskipun sakit, saya tetap nyoblos",
        "TPS dekat rumah, jalan kaki lima menit",
        "Bagi pemilih yang KTP hilang, bisa pakai KK",
        "Undangan nikahan sepupu pas tanggal 27",
        "Ibu saya sakit, mohon doanya",
        "Katanya yang gak bawa undangan gak boleh nyoblos",
    ],
)
def test_no_barrier(pipeline: TaggingPipeline, text: str) -> None:
    result = _tag(pipeline, text)
    assert "voting_barrier" not in result.flags and result.barrier == ""


def test_intent_because_of_a_barrier_carries_both(pipeline: TaggingPipeline) -> None:
    result = _tag(pipeline, "Aku ora nyoblos, wong lagi kerjo nang Batam")
    assert {"golput_intent", "voting_barrier"} <= set(result.flags)
    assert result.barrier == "away_from_home"


def test_classifier_score_is_in_the_evidence(pipeline: TaggingPipeline) -> None:
    result = _tag(pipeline, "golput ae, kabeh podo ae")
    scores = result.evidence["turnout_score"]
    assert set(scores) == {"golput_intent", "cynicism"}
    assert all(0.0 <= v <= 1.0 for v in scores.values())


def test_rules_alone_without_the_classifier() -> None:
    from tests.nlp.tagging.conftest import RecordingSentiment

    rules = TaggingPipeline(sentiment_model=RecordingSentiment(), turnout_rules_only=True)
    result = rules.tag([TagInput("r", "Undangan belum datang, saya golput aja")])[0]
    assert {"golput_intent", "voting_barrier"} <= set(result.flags)
    assert result.barrier == "no_invitation"
    assert "turnout_score" not in result.evidence
