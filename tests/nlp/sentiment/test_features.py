"""Feature hashing: stable ids, exact L2 blocks, the numpy inference path equals X @ W."""

from __future__ import annotations

from collections import Counter

import numpy as np

from nlp.features import DENSE_FEATURES, FeatureConfig, FeatureExtractor, lexicon_features
from nlp.normalize import normalize

TEXTS = ["mantap pelayanan kpu", "", "tidak bagus sama sekali !", "aaa aaa aaa", "kapan ?"]
CONFIG = FeatureConfig(word_bits=12, char_bits=12, char_min=1, char_max=4)


def _tokens() -> list[tuple[str, ...]]:
    return [normalize(t).tokens for t in TEXTS]


def test_scores_path_equals_sparse_matrix_product() -> None:
    extractor = FeatureExtractor(CONFIG)
    weights = np.random.default_rng(0).normal(size=(CONFIG.n_features, 3)).astype(np.float32)
    dense = extractor.transform(_tokens()) @ weights
    assert np.allclose(extractor.scores(_tokens(), weights), dense, atol=1e-4)


def test_blocks_are_l2_normalised_over_aggregated_counts() -> None:
    extractor = FeatureExtractor(CONFIG)
    matrix = extractor.transform(_tokens()).toarray()
    word_width = 1 << CONFIG.word_bits
    char_end = word_width + (1 << CONFIG.char_bits)
    for i, toks in enumerate(_tokens()):
        if not toks:
            assert not matrix[i, :char_end].any()
            continue
        assert np.isclose(np.linalg.norm(matrix[i, :word_width]), 1.0, atol=1e-5)
        assert np.isclose(np.linalg.norm(matrix[i, word_width:char_end]), 1.0, atol=1e-5)
    # "aaa aaa aaa": one unigram seen 3 times and one bigram twice -> weights 3 and 2
    row = matrix[3, :word_width]
    assert sorted(np.round(row[row > 0] * np.sqrt(13), 4)) == [2.0, 3.0]


def test_hash_ids_are_stable_across_instances() -> None:
    a = FeatureExtractor(CONFIG).transform(_tokens())
    b = FeatureExtractor(CONFIG).transform(_tokens())
    assert (a != b).nnz == 0
    assert a.shape == (len(TEXTS), CONFIG.n_features)


def test_lexicon_features_handle_negation() -> None:
    lexicon = {"bagus": 3.0, "jelek": -3.0}
    plain = dict(zip(DENSE_FEATURES, lexicon_features(["bagus"], lexicon), strict=True))
    negated = dict(
        zip(DENSE_FEATURES, lexicon_features(["tidak", "terlalu", "bagus"], lexicon), strict=True)
    )
    assert plain["lex_pos"] > 0 and plain["lex_neg"] == 0
    assert negated["lex_pos"] == 0 and negated["lex_neg"] > 0 and negated["negated_pos"] > 0
    far = lexicon_features(["tidak", "a", "b", "c", "bagus"], lexicon)
    assert far[0] > 0  # beyond the window the negator no longer applies
    marks = dict(zip(DENSE_FEATURES, lexicon_features(["kapan", "??", "!"], lexicon), strict=True))
    assert marks["question"] == 1.0 and marks["exclamation"] == 1.0
    assert lexicon_features([], lexicon)[-1] == 1.0


def test_regional_words_get_indonesian_equivalents() -> None:
    extractor = FeatureExtractor(FeatureConfig(word_bits=12, char_bits=12, translate_regional=True))
    augmented = extractor._augment(["apik", "tenan"])
    assert len(augmented) > 2 and Counter(augmented)["apik"] == 1


def test_in_place_translation_adds_the_indonesian_bigram() -> None:
    """ "harga larang" gets the feature of "harga mahal", which only the Indonesian data teaches."""
    from zlib import crc32

    config = FeatureConfig(word_bits=16, char_bits=12, translate_regional=True)
    inplace = FeatureExtractor(FeatureConfig(**{**config.to_dict(), "translate_inplace": True}))
    appended = FeatureExtractor(config)
    bigram = crc32(b"harga mahal") & ((1 << 16) - 1)
    assert bigram in set(inplace.sparse_parts([["harga", "larang"]])[1].tolist())
    assert bigram not in set(appended.sparse_parts([["harga", "larang"]])[1].tolist())
    # Indonesian text has nothing to translate: both give the same features.
    same = [["tidak", "mahal", "kok"]]
    for a, b in zip(inplace.sparse_parts(same), appended.sparse_parts(same), strict=True):
        assert a.tolist() == b.tolist()


def test_negation_scope_marks_the_next_words_only() -> None:
    from zlib import crc32

    extractor = FeatureExtractor(FeatureConfig(word_bits=16, char_bits=12, negation_scope=2))
    cols = set(extractor.sparse_parts([["tidak", "puas", "sama", "sekali"]])[1].tolist())
    marked = {w for w in ("puas", "sama", "sekali") if crc32(f"NEG_{w}".encode()) & 0xFFFF in cols}
    assert marked == {"puas", "sama"}
    plain = FeatureExtractor(FeatureConfig(word_bits=16, char_bits=12))
    assert crc32(b"NEG_puas") & 0xFFFF not in set(
        plain.sparse_parts([["tidak", "puas"]])[1].tolist()
    )
