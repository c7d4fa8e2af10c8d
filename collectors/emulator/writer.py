"""Turns phrase templates into informal replies, and invents pseudonymous authors."""

from __future__ import annotations

import random
import re

from collectors.emulator import texts
from collectors.emulator.gazetteer import Kecamatan

_SYLLABLES = [
    "ra",
    "di",
    "yan",
    "to",
    "nur",
    "wa",
    "ti",
    "sa",
    "ri",
    "fa",
    "ha",
    "ma",
    "ji",
    "ko",
    "lu",
    "ni",
    "do",
    "ku",
    "se",
    "pu",
    "mo",
    "ge",
    "ba",
    "wi",
    "zul",
    "ka",
]
_PREFIX = [
    "arek",
    "cak",
    "mbak",
    "dulur",
    "lare",
    "kang",
    "ning",
    "bolo",
    "wong",
    "mas",
    "cong",
    "sobat",
    "warga",
    "bocah",
]
_ABBREV = {
    "Sumberjambe": "sbj",
    "Bangsalsari": "bgs",
    "Kaliwates": "klw",
    "Sumbersari": "sbs",
    "Patrang": "ptr",
}


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts))


def make_handle(rng: random.Random, home: Kecamatan | None, platform: str = "instagram") -> str:
    """A made-up handle such as ``lare_sbj_4821``: random syllables and digits, nobody real.

    X handles allow only letters, digits and ``_`` and at most 15 characters.
    """
    style = rng.random()
    if home is not None and style < 0.35:
        tag = _ABBREV.get(home.name, home.name[:3].lower())
        handle = f"{rng.choice(_PREFIX)}_{tag}_{rng.randint(10, 9999)}"
    elif style < 0.7:
        handle = f"{rng.choice(_PREFIX)}.{_word(rng, 2)}{rng.randint(1, 99)}"
    else:
        handle = f"{_word(rng, 3)}_{rng.randint(100, 99999)}"
    return handle.replace(".", "_")[:15] if platform == "x" else handle


def make_name(rng: random.Random, handle: str) -> str:
    """A display name built from random syllables (or from the handle), never a real person."""
    if rng.random() < 0.4:
        return handle.replace("_", " ").replace(".", " ").title()
    first = _word(rng, rng.randint(2, 3)).capitalize()
    return f"{first} {_word(rng, 2).upper()[0]}."


def place_clause(rng: random.Random, lang: str, kec: Kecamatan) -> str:
    """How someone mentions their kecamatan or desa inside a reply."""
    pattern = rng.choice(texts.PLACE_CLAUSES[lang])
    return pattern.format(kec=kec.name, desa=rng.choice(kec.desa))


def profile_location(rng: random.Random, home: Kecamatan | None) -> tuple[str | None, bool]:
    """A profile location string and whether it names the kecamatan."""
    draw = rng.random()
    if home is not None and draw < 0.45:
        fmt = rng.choice(texts.PROFILE_WITH_KECAMATAN)
        return fmt.format(kec=home.name, desa=rng.choice(home.desa)), True
    if draw < 0.8:
        return rng.choice(texts.PROFILE_GENERIC), False
    return None, False


# typos only in lowercase words: place names keep their spelling, so truth stays findable
_STRETCHY = frozenset(
    {
        "ya",
        "min",
        "rek",
        "sih",
        "yo",
        "dong",
        "kak",
        "lah",
        "deh",
        "ae",
        "kah",
        "pagi",
        "iki",
        "iku",
        "ta",
        "yâ",
        "cong",
        "piye",
        "gimana",
    }
)
_WORD = re.compile(r"\b[a-z]{5,}")


def _typo(rng: random.Random, text: str) -> str:
    words = list(_WORD.finditer(text))
    if not words:
        return text
    match = rng.choice(words)
    word = match.group()
    i = rng.randrange(1, len(word) - 2)
    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return text[: match.start()] + swapped + text[match.end() :]


def informal(rng: random.Random, text: str, lang: str) -> str:
    """Roughen a template the way people type on a phone (each habit applied at random)."""
    if lang in ("id", "mixed") and rng.random() < 0.3:
        for formal, short in texts.SLANG.items():
            text = re.sub(rf"\b{formal}\b", short, text, flags=re.IGNORECASE)
    if rng.random() < 0.06:
        text = _typo(rng, text)
    if rng.random() < 0.35:
        text = text.lower()
    if rng.random() < 0.12:
        text = text.rstrip("?!.") + rng.choice(["", "..", "??", "!!"])
    if rng.random() < 0.12 and not re.search(r"\b(min|kak|rek|cak|cong|lek|admin)\b", text, re.I):
        text = f"{rng.choice(texts.ADDRESS[lang])} {text[0].lower()}{text[1:]}"
    last = text.rsplit(" ", 1)[-1]
    if rng.random() < 0.1 and last.lower() in _STRETCHY:
        text = text + text[-1] * rng.randint(2, 4)  # "yaaa", "minnn"
    if rng.random() < 0.25:
        text = f"{text} {rng.choice(texts.EMOJI)}"
    return text


def with_place(rng: random.Random, text: str, clause: str) -> str:
    """Put a place clause before or after the reply, as people do."""
    if clause.startswith("("):
        return f"{text} {clause}"
    if rng.random() < 0.5:
        # lower the first letter only when it starts an ordinary word ("TPS" stays "TPS")
        head = text[0].lower() if text[1:2].islower() else text[0]
        return f"{clause[0].upper()}{clause[1:]}, {head}{text[1:]}"
    if text.endswith(("?", "!")):
        return f"{text} {clause[0].upper()}{clause[1:]}"
    return f"{text.rstrip('.')}, {clause}"


def dress(rng: random.Random, text: str, lang: str) -> str:
    """Add a greeting or a tag-on word some of the time; neither changes what the reply means."""
    if rng.random() < 0.15:
        opener = rng.choice(texts.OPENERS[lang])
        head = text[0].lower() if text[1:2].islower() else text[0]
        text = f"{opener} {head}{text[1:]}"
    if rng.random() < 0.15:
        closer = rng.choice(texts.CLOSERS[lang])
        if closer.lower() in text.lower():
            return text
        if text.endswith("?") and closer in texts.QUESTION_TAGS:
            return f"{text[:-1].rstrip()} {closer}?"  # "bener gak sih?"
        if text[-1:].isalnum():
            return f"{text.rstrip('.')} {closer}"
    return text


_SLOTS = re.compile(r"\{(tps|rt)\}")


def fill_slots(rng: random.Random, text: str) -> str:
    """Fill ``{tps}`` and ``{rt}`` with a polling station or neighbourhood number."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) == "tps":
            return (
                f"TPS {rng.randint(1, 40):02d}"
                if rng.random() < 0.7
                else f"TPS {rng.randint(1, 40)}"
            )
        return f"RT {rng.randint(1, 15):02d}"

    return _SLOTS.sub(one, text)
