"""Feature extraction for the linear sentiment model.

Hashed word 1-2-grams and character n-grams (within word boundaries) of the normalised text,
plus a few dense lexicon features (polarity sums with negation handling, question and
exclamation marks). Hashing needs no stored vocabulary, so the shipped model is just a weight
matrix and the JSON parameters below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import chain, pairwise
from typing import Any
from zlib import crc32

import numpy as np

from nlp.lexicons import NEGATORS, polarity_lexicon, regional_translation

DENSE_FEATURES = (
    "lex_pos",
    "lex_neg",
    "lex_pos_count",
    "lex_neg_count",
    "negated_pos",
    "negated_neg",
    "question",
    "exclamation",
    "empty",
)
# How far back a negator flips the polarity of a lexicon word ("tidak terlalu bagus").
_NEGATION_WINDOW = 3


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Everything needed to rebuild the feature space at inference (stored with the model)."""

    word_bits: int = 18
    char_bits: int = 18
    char_min: int = 2
    char_max: int = 5
    word_ngrams: int = 2
    use_lexicon: bool = True
    dense_scale: float = 1.0
    # TF-IDF style weighting: 1 + log(count), times an idf vector fitted on the training pool
    # (stored with the model).
    sublinear_tf: bool = False
    use_idf: bool = False
    # Append the Indonesian equivalent of Javanese/Madurese words so what the model learnt
    # from the large Indonesian data also fires on regional text.
    translate_regional: bool = False
    # Also hash the word bigrams of the text with regional words replaced in place, so
    # "ora larang" fires the "tidak mahal" the Indonesian data taught (the appended words
    # alone give unigrams only).
    translate_inplace: bool = False
    # Words within this many tokens after a negator also get a "NEG_" word feature, so
    # "tidak puas" and "puas" are told apart beyond the bigram (0 = off).
    negation_scope: int = 0

    @property
    def n_features(self) -> int:
        dense = len(DENSE_FEATURES) if self.use_lexicon else 0
        return (1 << self.word_bits) + (1 << self.char_bits) + dense

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> FeatureConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


def lexicon_features(tokens: Sequence[str], lexicon: dict[str, float]) -> list[float]:
    """Polarity sums and counts, with words after a negator counted on the other side.

    A lexicon word is negated when a negator stands at most ``_NEGATION_WINDOW`` tokens
    before it. Comprehensions first, then a loop over the few hits: this runs for every
    text at inference.
    """
    negators = [i for i, tok in enumerate(tokens) if tok in NEGATORS]
    hits = [
        (i, lexicon[tok])
        for i, tok in enumerate(tokens)
        if tok in lexicon and lexicon[tok] and tok not in NEGATORS
    ]
    pos = neg = 0.0
    n_pos = n_neg = neg_pos = neg_neg = 0
    negator_set = set(negators)
    for i, weight in hits:
        if negator_set and any(i - k in negator_set for k in range(1, _NEGATION_WINDOW + 1)):
            weight = -weight
            if weight > 0:
                neg_neg += 1
            else:
                neg_pos += 1
        if weight > 0:
            pos += weight
            n_pos += 1
        else:
            neg -= weight
            n_neg += 1
    n = max(len(tokens), 1)
    marks = {tok[0] for tok in tokens if tok[:1] in ("?", "!")}
    return [
        pos / n,
        neg / n,
        min(n_pos, 5) / 5,
        min(n_neg, 5) / 5,
        min(neg_pos, 3) / 3,
        min(neg_neg, 3) / 3,
        1.0 if "?" in marks else 0.0,
        1.0 if "!" in marks else 0.0,
        1.0 if not tokens else 0.0,
    ]


class FeatureExtractor:
    """Hashes normalised token sequences into the model's feature space.

    Our own hashing (CRC32, stable across processes and platforms) instead of scikit-learn's
    ``HashingVectorizer``: importing scikit-learn alone takes longer than the whole model
    load budget, and character n-grams are cached per word, which makes inference several
    times faster on real replies (a small vocabulary repeated over and over).
    """

    _CACHE_LIMIT = 200_000

    def __init__(self, config: FeatureConfig, idf: np.ndarray | None = None) -> None:
        self.config = config
        if idf is not None and idf.shape != (config.n_features,):
            raise ValueError(f"idf has shape {idf.shape}, expected ({config.n_features},)")
        self.idf = idf.astype(np.float32) if idf is not None else None
        self._word_mask = (1 << config.word_bits) - 1
        self._char_mask = (1 << config.char_bits) - 1
        self._char_offset = 1 << config.word_bits
        self._dense_offset = self._char_offset + (1 << config.char_bits)
        self._lexicon = polarity_lexicon() if config.use_lexicon else {}
        self._regional = regional_translation() if config.translate_regional else {}
        self._token_cache: dict[str, tuple[int, tuple[int, ...]]] = {}

    def clear_cache(self) -> None:
        """Forget the per-word n-gram cache (benchmarks use this to measure cold runs)."""
        self._token_cache.clear()

    def _augment(self, tokens: Sequence[str]) -> Sequence[str]:
        if not self._regional:
            return tokens
        extra = [self._regional[t] for t in tokens if t in self._regional]
        return [*tokens, *extra] if extra else tokens

    def _token_features(self, token: str) -> tuple[int, tuple[int, ...]]:
        cached = self._token_cache.get(token)
        if cached is not None:
            return cached
        padded = f" {token} "
        size = len(padded)
        grams = [
            padded[i : i + n]
            for n in range(self.config.char_min, self.config.char_max + 1)
            for i in range(size - n + 1)
        ]
        offset, mask = self._char_offset, self._char_mask
        chars = tuple(offset + (crc32(g.encode("utf-8")) & mask) for g in grams)
        result = (crc32(token.encode("utf-8")) & self._word_mask, chars)
        if len(self._token_cache) >= self._CACHE_LIMIT:
            self._token_cache.clear()
        self._token_cache[token] = result
        return result

    def _negated(self, tokens: Sequence[str], scope: int) -> list[int]:
        out: list[int] = []
        left = 0
        for tok in tokens:
            if tok in NEGATORS:
                left = scope
            elif left:
                out.append(crc32(f"NEG_{tok}".encode()) & self._word_mask)
                left -= 1
        return out

    def sparse_parts(
        self, token_lists: Sequence[Sequence[str]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row ids, column ids, values) of the feature matrix, each block L2-normalised.

        Python only gathers hashed ids per text (cached per word); counting duplicates and
        normalising happen once per batch in numpy.
        """
        n_rows = len(token_lists)
        word_cols: list[int] = []
        word_lens: list[int] = []
        char_cols: list[int] = []
        char_lens: list[int] = []
        dense: list[list[float]] = []
        token_features = self._token_features
        bigram_mask = self._word_mask
        use_bigrams = self.config.word_ngrams >= 2
        use_lexicon = self.config.use_lexicon
        inplace = self.config.translate_inplace and bool(self._regional)
        scope = self.config.negation_scope
        regional = self._regional
        for raw_tokens in token_lists:
            if inplace:
                translated = [regional.get(t, t) for t in raw_tokens]
                extra = [b for a, b in zip(raw_tokens, translated, strict=True) if a != b]
                tokens: Sequence[str] = [*raw_tokens, *extra] if extra else raw_tokens
                sequences = (raw_tokens, translated) if extra else (raw_tokens,)
            else:
                tokens = self._augment(raw_tokens)
                sequences = (tokens,)
            feats = [token_features(tok) for tok in tokens]
            words = [f[0] for f in feats]
            if use_bigrams:
                for seq in sequences:
                    words += [crc32(f"{a} {b}".encode()) & bigram_mask for a, b in pairwise(seq)]
            if scope:
                words += self._negated(raw_tokens, scope)
            chars = list(chain.from_iterable(f[1] for f in feats))
            word_cols += words
            word_lens.append(len(words))
            char_cols += chars
            char_lens.append(len(chars))
            if use_lexicon:
                dense.append(lexicon_features(tokens, self._lexicon))
        parts = [
            self._count_and_normalise(word_cols, word_lens),
            self._count_and_normalise(char_cols, char_lens),
        ]
        if use_lexicon and n_rows:
            block = np.asarray(dense, np.float32) * self.config.dense_scale
            width = len(DENSE_FEATURES)
            parts.append(
                (
                    np.repeat(np.arange(n_rows), width),
                    np.tile(np.arange(width) + self._dense_offset, n_rows),
                    block.reshape(-1),
                )
            )
        return (
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )

    def _count_and_normalise(
        self, cols: list[int], lengths: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sum duplicate (row, column) pairs, weight (tf, idf), L2-normalise each row."""
        if not cols:
            empty = np.zeros(0, np.int64)
            return empty, empty, np.zeros(0, np.float32)
        width = self.config.n_features
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        keys, counts = np.unique(rows * width + np.asarray(cols, np.int64), return_counts=True)
        rows, cols_arr = np.divmod(keys, width)
        values = counts.astype(np.float64)
        if self.config.sublinear_tf:
            values = 1.0 + np.log(values)
        if self.idf is not None:
            values = values * self.idf[cols_arr]
        norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=len(lengths)))
        return rows, cols_arr, (values / np.maximum(norms[rows], 1e-12)).astype(np.float32)

    def fit_idf(self, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Smoothed idf over the given texts (as scikit-learn: ln((1+n)/(1+df)) + 1)."""
        saved, self.idf = self.idf, None
        try:
            _rows, cols, _ = self.sparse_parts(token_lists)
        finally:
            self.idf = saved
        df = np.bincount(cols, minlength=self.config.n_features).astype(np.float64)
        n = len(token_lists)
        return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)

    def scores(self, token_lists: Sequence[Sequence[str]], weights: np.ndarray) -> np.ndarray:
        """``X @ weights`` without building a sparse matrix (inference path, numpy only)."""
        rows, cols, vals = self.sparse_parts(token_lists)
        contrib = weights[cols] * vals[:, None]
        n = len(token_lists)
        return np.stack(
            [
                np.bincount(rows, weights=contrib[:, k], minlength=n)
                for k in range(weights.shape[1])
            ],
            axis=1,
        )

    def transform(self, token_lists: Sequence[Sequence[str]]) -> Any:
        """The feature matrix as scipy CSR (training path)."""
        import scipy.sparse as sp

        rows, cols, vals = self.sparse_parts(token_lists)
        return sp.csr_matrix(
            (vals, (rows, cols)), shape=(len(token_lists), self.config.n_features), dtype=np.float32
        )
