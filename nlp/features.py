"""Feature extraction for the linear sentiment model.

Hashed word 1-2-grams and character n-grams (within word boundaries) of the normalised text,
plus a few dense lexicon features (polarity sums with negation handling, question and
exclamation marks). Hashing needs no stored vocabulary, so the shipped model is just a weight
matrix and the JSON parameters below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

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
    # Append the Indonesian equivalent of Javanese/Madurese words so what the model learnt
    # from the large Indonesian data also fires on regional text.
    translate_regional: bool = False

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
    """Polarity sums and counts, with words after a negator counted on the other side."""
    pos = neg = 0.0
    n_pos = n_neg = neg_pos = neg_neg = 0
    last_negator = -10
    for i, tok in enumerate(tokens):
        if tok in NEGATORS:
            last_negator = i
            continue
        weight = lexicon.get(tok)
        if not weight:
            continue
        negated = i - last_negator <= _NEGATION_WINDOW
        if negated:
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
    question = 1.0 if "?" in tokens or any(t.startswith("?") for t in tokens) else 0.0
    exclamation = 1.0 if any(t.startswith("!") for t in tokens) else 0.0
    return [
        pos / n,
        neg / n,
        min(n_pos, 5) / 5,
        min(n_neg, 5) / 5,
        min(neg_pos, 3) / 3,
        min(neg_neg, 3) / 3,
        question,
        exclamation,
        1.0 if not tokens else 0.0,
    ]


class FeatureExtractor:
    """Turns normalised texts (space-joined tokens) into one sparse CSR matrix."""

    def __init__(self, config: FeatureConfig) -> None:
        self.config = config
        self._word = HashingVectorizer(
            n_features=1 << config.word_bits,
            analyzer="word",
            token_pattern=r"\S+",
            lowercase=False,
            ngram_range=(1, config.word_ngrams),
            alternate_sign=False,
            norm="l2",
            dtype=np.float32,
        )
        self._char = HashingVectorizer(
            n_features=1 << config.char_bits,
            analyzer="char_wb",
            lowercase=False,
            ngram_range=(config.char_min, config.char_max),
            alternate_sign=False,
            norm="l2",
            dtype=np.float32,
        )
        self._lexicon = polarity_lexicon() if config.use_lexicon else {}
        self._regional = regional_translation() if config.translate_regional else {}

    def _augment(self, tokens: Sequence[str]) -> Sequence[str]:
        if not self._regional:
            return tokens
        extra = [self._regional[t] for t in tokens if t in self._regional]
        return [*tokens, *extra] if extra else tokens

    def transform(self, token_lists: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Feature matrix for texts given as token sequences (from ``nlp.normalize``)."""
        token_lists = [self._augment(toks) for toks in token_lists]
        texts = [" ".join(toks) for toks in token_lists]
        blocks = [self._word.transform(texts), self._char.transform(texts)]
        if self.config.use_lexicon:
            dense = np.asarray(
                [lexicon_features(toks, self._lexicon) for toks in token_lists],
                dtype=np.float32,
            ).reshape(len(texts), len(DENSE_FEATURES))
            blocks.append(sp.csr_matrix(dense * self.config.dense_scale))
        return sp.hstack(blocks, format="csr", dtype=np.float32)
