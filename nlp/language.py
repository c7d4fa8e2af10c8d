"""Language identification: Indonesian, Javanese, Madurese, mixed, or other.

A word-level naive Bayes model with a character-trigram back-off for unseen words, built from
the project's own tables (``nlp/models/langid.npz``, derived from the NusaX, SmSA and
NusaTranslation training splits). Per-token evidence is cached, so this costs a few dictionary
look-ups per word. ``mixed`` needs strong evidence for Indonesian *and* a regional language in
the same text; ``other`` covers English, non-Latin scripts and texts without words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from nlp.lexicons import protected_terms
from nlp.normalize import Normalized, normalize

LANGUAGES = ("id", "jv", "mad", "mixed", "other")
_MODEL_LANGS = ("id", "jv", "mad")
TABLES_PATH = Path(__file__).resolve().parent / "models" / "langid.npz"

# Common English words that are not also everyday Indonesian/Javanese/Madurese words.
ENGLISH_WORDS: frozenset[str] = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "these",
        "those",
        "with",
        "for",
        "from",
        "you",
        "your",
        "yours",
        "i",
        "my",
        "me",
        "we",
        "our",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "it",
        "its",
        "what",
        "when",
        "where",
        "why",
        "how",
        "who",
        "which",
        "there",
        "please",
        "thank",
        "thanks",
        "good",
        "bad",
        "very",
        "not",
        "no",
        "yes",
        "can",
        "could",
        "would",
        "should",
        "will",
        "just",
        "about",
        "into",
        "only",
        "also",
        "more",
        "most",
        "some",
        "any",
        "all",
        "because",
        "but",
        "or",
        "if",
        "then",
        "than",
        "so",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "get",
        "got",
        "make",
        "made",
        "know",
        "think",
        "want",
        "need",
        "like",
        "love",
        "hate",
        "people",
        "time",
        "day",
        "today",
        "tomorrow",
        "vote",
        "voting",
        "election",
        "polling",
        "station",
        "register",
        "registered",
        "list",
        "name",
        "where's",
        "i'm",
        "don't",
        "can't",
        "won't",
        "it's",
        "is",
        "it",
        "of",
        "the",
        "on",
        "at",
        "by",
        "an",
        "as",
        "up",
        "out",
        "new",
        "old",
        "great",
        "nice",
        "well",
        "really",
        "sure",
        "right",
        "wrong",
        "fake",
        "news",
        "true",
        "false",
        "still",
        "never",
        "always",
        "every",
        "nothing",
        "something",
        "everything",
        "anyone",
    ]
)

_WORDLIKE = re.compile(r"^[a-z][a-z'\-]*$")
_NON_LATIN = re.compile(r"[^\x00-\u024f]")
# Evidence caps keep one rare word from deciding a whole sentence.
_KNOWN_CAP = 4.0
_OOV_CAP = 1.5
_STRONG = 1.5
# Replies to KPU Jember are mostly Indonesian: short, ambiguous texts should fall back to it.
_PRIOR = (1.0, 0.0, 0.0)


class LanguageTables:
    """Per-word and per-trigram log-probabilities for id, jv and mad."""

    def __init__(
        self,
        words: Sequence[str],
        word_logp: np.ndarray,
        trigrams: Sequence[str],
        trigram_logp: np.ndarray,
    ) -> None:
        centred = word_logp - word_logp.mean(axis=1, keepdims=True)
        self.word_scores: dict[str, tuple[float, float, float]] = {
            w: tuple(float(x) for x in np.clip(row, -_KNOWN_CAP, _KNOWN_CAP))  # type: ignore[misc]
            for w, row in zip(words, centred, strict=True)
        }
        tri_centred = trigram_logp - trigram_logp.mean(axis=1, keepdims=True)
        self.trigram_scores: dict[str, np.ndarray] = dict(zip(trigrams, tri_centred, strict=True))

    @classmethod
    def load(cls, path: Path = TABLES_PATH) -> LanguageTables:
        with np.load(path, allow_pickle=False) as data:
            words = bytes(data["words"]).decode("utf-8").split("\n")
            trigrams = bytes(data["trigrams"]).decode("utf-8").split("\n")
            return cls(
                words,
                data["word_logp"].astype(np.float64),
                trigrams,
                data["trigram_logp"].astype(np.float64),
            )


@cache
def _tables() -> LanguageTables:
    return LanguageTables.load()


def _trigrams(word: str) -> list[str]:
    padded = f"<{word}>"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


@lru_cache(maxsize=200_000)
def token_evidence(token: str) -> tuple[float, float, float] | None:
    """Centred log-likelihood evidence (id, jv, mad) of one surface token, or None to skip."""
    if not _WORDLIKE.match(token) or token in protected_terms():
        return None
    tables = _tables()
    known = tables.word_scores.get(token)
    if known is not None:
        return known
    rows = [tables.trigram_scores[t] for t in _trigrams(token) if t in tables.trigram_scores]
    if not rows:
        return (0.0, 0.0, 0.0)
    mean = np.clip(np.mean(rows, axis=0) * 2.0, -_OOV_CAP, _OOV_CAP)
    return (float(mean[0]), float(mean[1]), float(mean[2]))


def language_scores(tokens: Iterable[str]) -> tuple[dict[str, float], dict[str, int]]:
    """Posterior over id/jv/mad and counts of words that strongly favour each side."""
    total = list(_PRIOR)
    strong = {"id": 0, "regional": 0, "english": 0, "words": 0, "nonlatin": 0}
    for tok in tokens:
        if _NON_LATIN.search(tok) and not tok.startswith("emoji_"):
            strong["nonlatin"] += 1
            strong["words"] += 1
            continue
        if tok in ENGLISH_WORDS:
            strong["english"] += 1
        ev = token_evidence(tok)
        if ev is None:
            continue
        strong["words"] += 1
        for i in range(3):
            total[i] += ev[i]
        if ev[0] - max(ev[1], ev[2]) >= _STRONG:
            strong["id"] += 1
        elif max(ev[1], ev[2]) - ev[0] >= _STRONG:
            strong["regional"] += 1
    top = max(total)
    exps = [math.exp(t - top) for t in total]
    norm = sum(exps)
    return {lang: e / norm for lang, e in zip(_MODEL_LANGS, exps, strict=True)}, strong


def detect_language(text: str | Normalized) -> str:
    """Best-guess language code of a raw or normalised text: one of ``LANGUAGES``."""
    norm = text if isinstance(text, Normalized) else normalize(text)
    tokens = norm.surface_tokens or norm.tokens
    probs, counts = language_scores(tokens)
    words = counts["words"]
    if words == 0:
        return "other"
    if counts["nonlatin"] * 2 >= words:
        return "other"
    if counts["english"] >= 2 and counts["english"] * 2 >= words:
        return "other"
    n_id, n_reg = counts["id"], counts["regional"]
    if n_id >= 2 and n_reg >= 2 and min(n_id, n_reg) >= 0.3 * (n_id + n_reg):
        return "mixed"
    return max(probs, key=lambda lang: probs[lang])


# --- building the tables (maintainer action, see nlp.sentiment_resources) -------------------

_TRAIN_WORD = re.compile(r"[a-z][a-z'\-]*[a-z']|[a-z]")


def build_language_tables(
    corpora: Mapping[str, Sequence[object]],
    out_path: Path = TABLES_PATH,
    min_count: int = 2,
    alpha: float = 0.5,
) -> int:
    """Count words and trigrams per language and write ``langid.npz``; return the word count.

    ``corpora`` maps "id"/"jv"/"mad" to objects with a ``text`` attribute.
    """
    counts = {lang: Counter[str]() for lang in _MODEL_LANGS}
    tri_counts = {lang: Counter[str]() for lang in _MODEL_LANGS}
    for lang in _MODEL_LANGS:
        for row in corpora.get(lang, ()):
            words = _TRAIN_WORD.findall(str(getattr(row, "text", "")).lower())
            counts[lang].update(words)
            for w in words:
                tri_counts[lang].update(_trigrams(w))
    total = Counter[str]()
    for c in counts.values():
        total.update(c)
    vocab = sorted(w for w, c in total.items() if c >= min_count and "\n" not in w)
    tri_total = Counter[str]()
    for c in tri_counts.values():
        tri_total.update(c)
    trigrams = sorted(t for t, c in tri_total.items() if c >= 3 and "\n" not in t)

    def logp(table: dict[str, Counter[str]], keys: list[str]) -> np.ndarray:
        out = np.zeros((len(keys), 3), dtype=np.float32)
        for j, lang in enumerate(_MODEL_LANGS):
            c = table[lang]
            denom = sum(c[k] for k in keys) + alpha * len(keys)
            out[:, j] = [math.log((c[k] + alpha) / denom) for k in keys]
        return out

    out_path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out_path,
        words=np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        word_logp=logp(counts, vocab),
        trigrams=np.frombuffer("\n".join(trigrams).encode("utf-8"), dtype=np.uint8),
        trigram_logp=logp(tri_counts, trigrams),
    )
    return len(vocab)
