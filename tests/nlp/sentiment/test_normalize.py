"""Normalisation: masking, emoji, elongation, leetspeak, mojibake, slang, protected terms."""

from __future__ import annotations

import pytest

from nlp.lexicons import NEGATORS, QUESTION_WORDS, kecamatan_names, slang_table
from nlp.normalize import MAX_CHARS, Normalized, clear_caches, normalize, repair_mojibake


def test_returns_normalized_with_original() -> None:
    result = normalize("Min, DPT saya?")
    assert isinstance(result, Normalized)
    assert result.original == "Min, DPT saya?"
    assert result.text == " ".join(result.tokens)


def test_urls_and_mentions_are_masked() -> None:
    tokens = normalize("cek @kpujember di https://cekdptonline.kpu.go.id/ ya").tokens
    assert "<user>" in tokens and "<url>" in tokens
    assert not any("kpujember" in t or "http" in t for t in tokens)


def test_election_terms_survive_the_slang_table(monkeypatch: pytest.MonkeyPatch) -> None:
    # kamus-alay maps "dpt" to "dapat"; the builder drops it, and even a table that still has
    # it must lose against the protected list.
    assert "dpt" not in slang_table()
    hostile = {"dpt": "dapat", "tps": "tempat", "coklit": "coklat", "kaliwates": "x"}
    monkeypatch.setattr("nlp.normalize.slang_table", lambda: hostile)
    clear_caches()
    assert normalize("Kaliwates").tokens == ("kaliwates",)
    tokens = normalize(
        "DPT DPS DPTb TPS KPPS PPK PPS PPDP pantarlih coklit paslon golput Sirekap C1 C6"
    ).tokens
    assert tokens == (
        "dpt",
        "dps",
        "dptb",
        "tps",
        "kpps",
        "ppk",
        "pps",
        "ppdp",
        "pantarlih",
        "coklit",
        "paslon",
        "golput",
        "sirekap",
        "c1",
        "c6",
    )
    clear_caches()


def test_all_kecamatan_names_are_protected() -> None:
    names = kecamatan_names()
    assert len(names) == 31
    for name in names:
        assert normalize(name.title()).tokens == (name,)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("mantaaap", "mantap"),
        ("bangeeet", "banget"),
        ("wkwkwkwk", "wkwk"),
        ("hahahaha", "wkwk"),
        ("s4y4", "saya"),
        ("hati2", "hati-hati"),
    ],
)
def test_elongation_laughter_leetspeak_reduplication(raw: str, expected: str) -> None:
    assert normalize(raw).tokens == (expected,)


def test_slang_maps_to_standard_indonesian() -> None:
    assert normalize("sy gak tau yg mana").tokens == ("saya", "tidak", "tau", "yang", "mana")


def test_negators_and_question_words_are_never_dropped_or_changed_in_meaning() -> None:
    for word in sorted(NEGATORS | QUESTION_WORDS):
        tokens = normalize(word).tokens
        assert tokens, word
        if word in NEGATORS:
            assert tokens[0] in NEGATORS, (word, tokens)
        else:
            assert tokens[0] in QUESTION_WORDS, (word, tokens)


def test_question_and_exclamation_marks_are_kept() -> None:
    assert normalize("kapan???").tokens == ("kapan", "???")
    assert "!" in normalize("curang!").tokens


def test_emoji_get_indonesian_names() -> None:
    tokens = normalize("mantap 👍").tokens
    assert tokens == ("mantap", "emoji_jempol_ke_atas")


def _as_mojibake(text: str) -> str:
    """What a UTF-8 text looks like after being decoded as cp1252 (latin-1 for the holes)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def test_cp1252_mojibake_is_repaired() -> None:
    original = "Terima kasih 🙏 “KPU” sudah dicoklit, café"
    broken = _as_mojibake(original)
    assert broken != original
    assert repair_mojibake(broken) == original
    tokens = normalize(_as_mojibake("mantap 👍")).tokens
    assert tokens == ("mantap", "emoji_jempol_ke_atas")


def test_clean_text_is_left_alone_by_mojibake_repair() -> None:
    text = "Café Jember — “bagus” 😂"
    assert repair_mojibake(text) == text


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "😂😂😂",
        "\x00\x01\x02 halo \u200b\u200e",
        "DPT" * 40_000,
        "مرحبا 你好 halo",
        "\ud800 lone surrogate",
        "𝐃𝐏𝐓 𝐬𝐚𝐲𝐚",
    ],
)
def test_bad_input_never_crashes(raw: str) -> None:
    result = normalize(raw)
    assert isinstance(result.tokens, tuple)
    assert len(result.text) <= MAX_CHARS * 2
    assert "\x00" not in result.text


def test_math_bold_letters_fold_to_plain() -> None:
    assert normalize("𝐃𝐏𝐓 𝐬𝐚𝐲𝐚").tokens == ("dpt", "saya")


def test_non_string_input_is_tolerated() -> None:
    assert normalize(None).tokens == ()  # type: ignore[arg-type]
