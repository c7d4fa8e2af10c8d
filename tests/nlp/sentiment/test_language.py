"""Language identification."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.language import LANGUAGES, detect_language
from nlp.normalize import normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kapan pelaksanaan pemungutan suara di Kaliwates?", "id"),
        ("Min cara cek DPT online gimana ya?", "id"),
        ("Aku durung oleh undangan, piye carane ngecek jenengku?", "jv"),
        ("Matur nuwun sanget informasinipun", "jv"),
        ("Engkok ghi' ta' olle undangan, sapa se ngurus?", "mad"),
        ("Sakalangkong, petugasse bagus ongghu", "mad"),
        ("thank you for the information, very good", "other"),
        ("😂😂😂", "other"),
        ("", "other"),
        ("مرحبا بكم في الانتخابات", "other"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_accepts_normalized_and_returns_known_code() -> None:
    norm = normalize("Halah paling hasile wes diatur, rakyat cuma jadi penonton")
    assert detect_language(norm) in LANGUAGES


def test_mixed_needs_both_sides() -> None:
    assert detect_language("Halah paling hasile wes diatur, rakyat cuma jadi penonton") == "mixed"


def test_huge_and_odd_input() -> None:
    assert detect_language("saya " * 30_000) == "id"
    assert detect_language("\x00\x01\x02") == "other"


@pytest.mark.shared
def test_accuracy_on_nusax_valid(shared_dir: Path) -> None:
    from nlp.sentiment_data import load_nusax

    rows = load_nusax(shared_dir / "data", "valid")
    correct = sum(detect_language(r.text) == r.language for r in rows)
    assert correct / len(rows) >= 0.95
