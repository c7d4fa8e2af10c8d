"""Text normalisation for Indonesian, Javanese and Madurese social-media replies.

Order matters and is deliberate:
1. repair cp1252/latin-1 mojibake, NFKC, drop control and zero-width characters;
2. mask URLs and @mentions, turn emoji into Indonesian names (``emoji_jempol_ke_atas``);
3. lower-case and tokenise (punctuation such as ``?`` and ``!`` stays as tokens);
4. per token: protected election terms and kecamatan names first (kamus-alay would turn
   "dpt" into "dapat"), then elongation ("mantaaap"), "hati2" reduplication, leetspeak, and
   finally the shipped slang table. Negators and question words are only ever mapped to another
   negator / question word, and no token is ever dropped.

Per-token work is cached, so normalising is cheap enough to run inside ``predict``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import emoji

from nlp.lexicons import (
    NEGATORS,
    QUESTION_WORDS,
    known_vocabulary,
    protected_terms,
    slang_table,
)

# Beyond this many characters the rest of a text carries no extra signal for a reply-level
# label, and an unbounded text would make one item cost as much as thousands.
MAX_CHARS = 5000
URL_TOKEN = "<url>"
USER_TOKEN = "<user>"


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text.

    ``text`` is the lower-case, slang-mapped, space-joined token sequence; ``tokens`` its
    tokens; ``surface_tokens`` the cleaned tokens *before* slang mapping (language
    identification needs the regional words the slang table would translate away).
    """

    original: str
    text: str
    tokens: tuple[str, ...]
    surface_tokens: tuple[str, ...] = field(default=())


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|id|co\.id|net|org|ly|me)/\S*", re.I)
_MENTION = re.compile(r"(?<![\w@])@\w{1,30}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_CONTROL_KEEP_MOJIBAKE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)
_TOKEN = re.compile(r"<url>|<user>|emoji_\w+|\w+(?:['’]\w+)*['’]?|[?!]+|[^\w\s]")
_ELONGATED = re.compile(r"(\w)\1{2,}")
_LAUGH = re.compile(r"^(?:w?k(?:wk)+w?|(?:ha){2,}h?|(?:he){2,}h?|(?:hi){2,}h?|(?:xi){2,})$")
_LEET_MAP = str.maketrans({"4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t", "8": "b"})
_HAS_LETTER_AND_DIGIT = re.compile(r"^(?=.*[a-z])(?=.*\d)[a-z\d]+$")
_REDUP = re.compile(r"^([a-z]{2,})2$")

# Characters that show text was UTF-8 decoded as cp1252/latin-1 ("Ã©", "â€œ", "ðŸ˜‚").
_MOJIBAKE_HINT = re.compile(
    "[ÃÂâð][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
    "\u2030\u2039\u203a\u20ac\u2122]"
)
_MOJIBAKE_RUN = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]{2,}"
)


def _to_cp1252_bytes(run: str) -> bytes | None:
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            # cp1252 leaves 0x81, 0x8d, 0x8f, 0x90, 0x9d undefined; decoders pass them through
            # as the latin-1 control characters of the same value.
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as cp1252 (run by run; clean text is untouched)."""
    if not _MOJIBAKE_HINT.search(text):
        return text

    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        raw = _to_cp1252_bytes(run)
        if raw is None:
            return run
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return run

    return _MOJIBAKE_RUN.sub(fix, text)


def _emoji_name(chars: str, data: dict[str, str]) -> str:
    # Indonesian names ("jempol_ke_atas") are loaded by demojize; the callback data has only
    # the English one, which is the fallback.
    name = emoji.demojize(chars, language="id")
    if name == chars:
        name = str(data.get("en") or "")
    name = name.strip(":").lower().replace("-", "_")
    name = re.sub(r"[^\w]+", "_", name).strip("_")
    return f" emoji_{name} " if name else " "


def clean_text(text: str) -> str:
    """Steps 1-2: encoding repair, Unicode folding, masking and emoji names (no lower-casing)."""
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
    if not text.isascii():
        text = repair_mojibake(_CONTROL_KEEP_MOJIBAKE.sub(" ", text))
        text = unicodedata.normalize("NFKC", text)
        text = _CONTROL.sub(" ", text)
        text = emoji.replace_emoji(text, replace=_emoji_name)
    else:
        text = _CONTROL.sub(" ", text)
    text = _URL.sub(f" {URL_TOKEN} ", text)
    text = _MENTION.sub(f" {USER_TOKEN} ", text)
    return text.replace("#", " ")


def _deelongate(token: str, vocab: frozenset[str]) -> str:
    if not _ELONGATED.search(token):
        return token
    single = _ELONGATED.sub(r"\1", token)
    if single in vocab:
        return single
    double = _ELONGATED.sub(r"\1\1", token)
    if double in vocab:
        return double
    return single


@lru_cache(maxsize=200_000)
def normalize_token(token: str) -> tuple[str, tuple[str, ...]]:
    """Return (surface form, normalised tokens) for one lower-case token."""
    protected = protected_terms()
    if token in protected or not token[0].isalnum():
        return token, (token,)
    vocab = known_vocabulary()
    surface = token.replace("’", "'")
    if _LAUGH.match(surface):
        return "wkwk", ("wkwk",)
    surface = _deelongate(surface, vocab)
    if _LAUGH.match(surface):
        return "wkwk", ("wkwk",)
    if surface in protected:
        return surface, (surface,)
    redup = _REDUP.match(surface)
    if redup:
        base = redup.group(1)
        return surface, (f"{base}-{base}",)
    if _HAS_LETTER_AND_DIGIT.match(surface) and surface[0].isalpha():
        unleet = surface.translate(_LEET_MAP)
        if unleet in vocab and unleet not in protected:
            surface = unleet
    mapped = slang_table().get(surface)
    if mapped is None or mapped == surface:
        return surface, (surface,)
    if surface in NEGATORS and mapped not in NEGATORS:
        return surface, (surface,)
    if surface in QUESTION_WORDS and mapped not in QUESTION_WORDS:
        return surface, (surface,)
    return surface, tuple(mapped.split())


def normalize(text: str) -> Normalized:
    """Normalise one raw text; never raises on odd input (returns empty tokens instead).

    Results are cached per text: the pipeline normalises each text for language detection
    and again inside ``SentimentModel.predict``, and the second call should cost nothing.
    """
    if isinstance(text, str):
        return _normalize_cached(text)
    return _normalize(text)


@lru_cache(maxsize=8192)
def _normalize_cached(text: str) -> Normalized:
    return _normalize(text)


def _normalize(text: object) -> Normalized:
    original = text if isinstance(text, str) else ("" if text is None else str(text))
    cleaned = clean_text(original).lower()
    surface: list[str] = []
    tokens: list[str] = []
    for raw in _TOKEN.findall(cleaned):
        surf, mapped = normalize_token(raw)
        surface.append(surf)
        tokens.extend(mapped)
    return Normalized(original, " ".join(tokens), tuple(tokens), tuple(surface))


def clear_caches() -> None:
    """Forget cached results (after the word lists changed, e.g. in tests)."""
    _normalize_cached.cache_clear()
    normalize_token.cache_clear()
