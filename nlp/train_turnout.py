"""Training the turnout classifier (maintainer action, ``pantau train turnout``).

Data: the synthetic, hand-written ``nlp/data/turnout_train.jsonl`` plus any files given (the
team's corrections, label-sheet rows; they weigh ``TEAM_WEIGHT`` times a written row). The dev
set ``nlp/data/turnout_dev.jsonl`` is never trained on: a row whose text is in it is dropped
and counted, so the reported figures stay honest.

Features are those the pipeline computes (the shared tokenizer's words, the rule decisions);
training is deterministic for a seed (folds are seeded, the solver is deterministic). The
regularisation is chosen by cross-validation on the training rows; the two decision thresholds
per signal on the tune half of the dev set (the held-out test half is never read).
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np

from nlp.cues import Tokenizer
from nlp.features import FeatureExtractor
from nlp.sentiment_data import text_digest
from nlp.turnout import decide_flag
from nlp.turnout_cues import BARRIER_KINDS
from nlp.turnout_data import DEV_FILE, PROJECT_TRAIN_FILE, TurnoutExample, load_examples
from nlp.turnout_model import DEFAULT_TURNOUT_MODEL, FEATURES, HEADS, Thresholds, TurnoutModel
from nlp.turnout_rules import DENSE_NAMES, TURNOUT_TAGS, TurnoutCues, TurnoutRules

log = logging.getLogger(__name__)
MODEL_VERSION = "turnout-2024.1"
TEAM_WEIGHT = 2.0
C_GRID = (1.0, 3.0, 10.0)
WITH_CUE_GRID = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
WITHOUT_CUE_GRID = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
FOLDS = 5
TIE_MARGIN = 0.01


@dataclass(slots=True)
class Prepared:
    """Rows turned into what the model sees."""

    rows: list[TurnoutExample]
    tokens: list[list[str]]
    cues: list[TurnoutCues]
    x: Any  # scipy CSR: hashed features + dense rule features


def default_tokenizer() -> Tokenizer:
    """The tokenizer the pipeline builds with the shipped calendar (same vocabulary)."""
    from nlp.calendar import load_calendar

    calendar = load_calendar()
    vocabulary = [
        word
        for stage in calendar.stages
        for cue in (*stage.cues.strong, *stage.cues.weak)
        for word in cue.split()
    ]
    return Tokenizer(vocabulary)


def load_training_rows(extra_files: Sequence[Path] = ()) -> tuple[list[TurnoutExample], int]:
    """The project's rows plus the team's; rows whose text is in the dev set are dropped."""
    rows = load_examples(PROJECT_TRAIN_FILE, "project")
    for path in extra_files:
        rows += load_examples(path, "team")
    dev = {
        text_digest(json.loads(line)["text"])
        for line in DEV_FILE.read_text("utf-8").splitlines()
        if line.strip()
    }
    kept = [r for r in rows if text_digest(r.text) not in dev]
    # The newest label of a text wins (a correction replaces the written row).
    by_text: dict[str, TurnoutExample] = {}
    for row in kept:
        by_text[text_digest(row.text)] = row
    return list(by_text.values()), len(rows) - len(kept)


def prepare(rows: Sequence[TurnoutExample], tokenizer: Tokenizer | None = None) -> Prepared:
    """Tokens, rule cues and the feature matrix of ``rows``."""
    import scipy.sparse as sp

    tokenizer = tokenizer or default_tokenizer()
    rules = TurnoutRules(tokenizer)
    views = [tokenizer.view(r.text) for r in rows]
    cues = [rules.find(v) for v in views]
    tokens = [v.forms for v in views]
    hashed = FeatureExtractor(FEATURES).transform(tokens)
    dense = sp.csr_matrix(np.asarray([c.features() for c in cues], dtype=np.float32))
    return Prepared(list(rows), tokens, cues, sp.hstack([hashed, dense]).tocsr())


def _targets(rows: Sequence[TurnoutExample]) -> np.ndarray:
    return np.array([[tag in r.labels for tag in TURNOUT_TAGS] for r in rows], dtype=np.int64)


def _weights(rows: Sequence[TurnoutExample]) -> np.ndarray:
    return np.array([TEAM_WEIGHT if r.source == "team" else 1.0 for r in rows])


def _used_columns(x: Any) -> np.ndarray:
    """Columns with a value in some row: the others get weight 0 under L2 anyway, and leaving
    them out of the solver makes a fit about twenty times faster (same solution)."""
    return np.flatnonzero(np.asarray(abs(x).sum(axis=0)).ravel())


def _fit_binary(
    x: Any, y: np.ndarray, w: np.ndarray, c: float, seed: int
) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():  # one class only (a tiny correction file): a constant head
        return np.zeros(x.shape[1]), (8.0 if y[0] else -8.0)
    used = _used_columns(x)
    clf = LogisticRegression(
        C=c, max_iter=2000, tol=1e-4, class_weight="balanced", random_state=seed
    )
    clf.fit(x[:, used], y, sample_weight=w)
    coef = np.zeros(x.shape[1])
    coef[used] = clf.coef_[0]
    return coef, float(clf.intercept_[0])


def _fit_kinds(
    x: Any, kinds: np.ndarray, w: np.ndarray, c: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    coef = np.zeros((x.shape[1], len(BARRIER_KINDS)))
    bias = np.full(len(BARRIER_KINDS), -8.0)
    present = sorted(set(kinds.tolist()))
    if len(present) == 1:
        bias[present[0]] = 8.0
        return coef, bias
    used = _used_columns(x)
    clf = LogisticRegression(C=c, max_iter=2000, tol=1e-4, random_state=seed)
    clf.fit(x[:, used], kinds, sample_weight=w)
    for col, kind in enumerate(clf.classes_):
        coef[used, kind] = clf.coef_[col]
        bias[kind] = clf.intercept_[col]
    return coef, bias


def _with_cue_dropout(x: Any, rows: Sequence[TurnoutExample]) -> tuple[Any, list[TurnoutExample]]:
    """Each row twice: as the rules see it, and with the rule features zeroed.

    Without the copies the rule features explain the training rows on their own and the word
    features learn next to nothing; with them the words must carry the signal too, which is
    what scores a paraphrase no cue list holds.
    """
    import scipy.sparse as sp

    width = x.shape[1]
    n_dense = len(DENSE_NAMES)
    keep = np.ones(width, dtype=np.float32)
    keep[width - n_dense :] = 0.0
    dropped = x @ sp.diags(keep)
    return sp.vstack([x, dropped]).tocsr(), [*rows, *rows]


def fit(prepared: Prepared, c: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Weights ``[features, heads]`` and bias for all heads."""
    x, rows = _with_cue_dropout(prepared.x, prepared.rows)
    y, w = _targets(rows), _weights(rows)
    weights = np.zeros((x.shape[1], len(HEADS)), dtype=np.float64)
    bias = np.zeros(len(HEADS))
    for i in range(len(TURNOUT_TAGS)):
        weights[:, i], bias[i] = _fit_binary(x, y[:, i], w, c, seed)
    barrier_rows = np.array([bool(r.barrier) for r in rows])
    if barrier_rows.any():
        kinds = np.array([BARRIER_KINDS.index(r.barrier) for r in rows if r.barrier])
        coef, kb = _fit_kinds(x[barrier_rows], kinds, w[barrier_rows], c, seed)
        weights[:, len(TURNOUT_TAGS) :] = coef
        bias[len(TURNOUT_TAGS) :] = kb
    return weights.astype(np.float32), bias.astype(np.float32)


def _folds(n: int, seed: int) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[k::FOLDS] for k in range(FOLDS)]


def _probabilities(x: Any, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    z = np.asarray(x @ weights) + bias
    t = len(TURNOUT_TAGS)
    out = np.empty_like(z)
    out[:, :t] = 1.0 / (1.0 + np.exp(-z[:, :t]))
    kinds = np.exp(z[:, t:] - z[:, t:].max(axis=1, keepdims=True))
    out[:, t:] = kinds / kinds.sum(axis=1, keepdims=True)
    return out


def words_only_cv(prepared: Prepared, c: float, seed: int) -> dict[str, float]:
    """Out-of-fold F1 at 0.5 of the words alone (rule features zeroed) per signal.

    The rules explain the training rows almost perfectly, so the honest question for the
    regularisation is how well the words generalise on their own.
    """
    import scipy.sparse as sp

    n = len(prepared.rows)
    width = prepared.x.shape[1]
    keep = np.ones(width, dtype=np.float32)
    keep[width - len(DENSE_NAMES) :] = 0.0
    words_only = (prepared.x @ sp.diags(keep)).tocsr()
    probs = np.zeros((n, len(HEADS)))
    for test in _folds(n, seed):
        train = np.setdiff1d(np.arange(n), test)
        part = Prepared([prepared.rows[i] for i in train], [], [], prepared.x[train])
        weights, bias = fit(part, c, seed)
        probs[test] = _probabilities(words_only[test], weights, bias)
    y = _targets(prepared.rows).astype(bool)
    return {tag: round(_f1(y[:, i], probs[:, i] >= 0.5), 4) for i, tag in enumerate(TURNOUT_TAGS)}


def _f1(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = int((gold & pred).sum())
    fp = int((~gold & pred).sum())
    fn = int((gold & ~pred).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def tune_examples() -> list[TurnoutExample]:
    """The tune half of the dev set (the test half is never read here)."""
    from nlp.evaluate_turnout import load_dev

    out = []
    for example in load_dev(split="tune"):
        gold = example.gold
        out.append(
            TurnoutExample(
                example.text, frozenset(gold["flags"]), gold["barrier"], gold["language"], "tune"
            )
        )
    return out


def choose_thresholds(
    model: TurnoutModel, tune: Prepared
) -> tuple[dict[str, Thresholds], dict[str, float]]:
    """Per signal, the pair with the best F1 on the tune split (ties: the stricter pair)."""
    probs = model.predict(tune.tokens, [c.features() for c in tune.cues])
    y = _targets(tune.rows).astype(bool)
    chosen: dict[str, Thresholds] = {}
    scores: dict[str, float] = {}
    for i, tag in enumerate(TURNOUT_TAGS):
        scored = []
        for with_cue, without in product(WITH_CUE_GRID, WITHOUT_CUE_GRID):
            th = Thresholds(with_cue, without)
            pred = np.array(
                [
                    decide_flag(tag, c, float(p[i]), th)
                    for c, p in zip(tune.cues, probs, strict=True)
                ]
            )
            scored.append((_f1(y[:, i], pred), th))
        best = max(f for f, _ in scored)
        # Within a hair of the best, the strictest pair: the tune split is small, and a false
        # alarm costs the media team more than a miss the rules would also have missed.
        f1, th = max(
            ((f, t) for f, t in scored if f >= best - TIE_MARGIN),
            key=lambda item: (item[1].without_cue, -item[1].with_cue),
        )
        chosen[tag] = th
        scores[tag] = round(f1, 4)
    return chosen, scores


def train_turnout(
    out_path: Path = DEFAULT_TURNOUT_MODEL,
    extra_files: Sequence[Path] = (),
    seed: int = 13,
    c_grid: Sequence[float] | None = None,
    version: str = MODEL_VERSION,
    rows: Sequence[TurnoutExample] | None = None,
) -> dict[str, Any]:
    """Choose C by cross-validation, fit on all rows, thresholds on the tune split, save.

    ``rows`` replaces the training files (tests train small models this way).
    """
    started = time.perf_counter()
    tokenizer = default_tokenizer()
    dropped = 0
    if rows is None:
        rows, dropped = load_training_rows(extra_files)
    prepared = prepare(rows, tokenizer)
    results = [(words_only_cv(prepared, c, seed), c) for c in (c_grid or C_GRID)]
    for f1s, c in results:
        log.info("C=%s words-only cv F1 %s", c, f1s)
    cv, c = max(results, key=lambda r: (float(np.mean(list(r[0].values()))), -r[1]))
    weights, bias = fit(prepared, c, seed)
    model = TurnoutModel(weights, bias, {}, version)
    tune = prepare(tune_examples(), tokenizer)
    thresholds, tune_f1 = choose_thresholds(model, tune)
    info = {
        "seed": seed,
        "c": c,
        "folds": FOLDS,
        "cv_words_only_f1": cv,
        "cv_all": {str(cc): f for f, cc in results},
        "tune_f1": tune_f1,
        "rows": dict(Counter(r.source for r in rows)),
        "languages": dict(Counter(r.language for r in rows)),
        "dropped_dev_texts": dropped,
        "trained_text_digests": sorted({text_digest(r.text) for r in rows}),
    }
    model = TurnoutModel(weights, bias, thresholds, version, info)
    model.save(out_path)
    summary = {k: v for k, v in info.items() if k != "trained_text_digests"}
    summary["thresholds"] = {k: v.to_dict() for k, v in thresholds.items()}
    summary["seconds"] = round(time.perf_counter() - started, 1)
    summary["model_path"] = str(out_path)
    return summary
