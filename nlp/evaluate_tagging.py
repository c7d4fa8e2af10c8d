"""Evaluate the tagging rules on the hand-labelled dev set (``nlp/data/tagging_dev.jsonl``).

The set is split once by a seeded hash of each id: 60 % ``tune`` (the only part looked at while
writing rules) and 40 % ``test`` (held out; report these figures). Run:

    python -m nlp.evaluate_tagging [--split test|tune|all] [--errors] [--json]

Sentiment is not scored here (see ``nlp/evaluate.py``); when the shipped sentiment model is
missing, a neutral placeholder stands in so the rule figures can still be measured, and the
output says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from core.errors import ModelError
from nlp.dev_sets import NeutralSentiment, hash_split, precision_recall_f1
from nlp.pipeline import TaggingPipeline, TagInput, TagResult

SPLIT_SEED = "pantau-tagging-dev-2024"
TEST_PERCENT = 40
AWARENESS_SCORED = ("asking", "misinformed", "apathetic")
LANGUAGES = ("id", "jv", "mad", "mixed", "other")


def dev_set_path() -> Path:
    """The shipped dev set."""
    return Path(str(resources.files("nlp") / "data" / "tagging_dev.jsonl"))


def split_of(item_id: str) -> str:
    """``test`` or ``tune`` for a dev-set id."""
    return hash_split(SPLIT_SEED, item_id, TEST_PERCENT)


@dataclass(frozen=True, slots=True)
class DevExample:
    """One labelled text."""

    item: TagInput
    gold: dict[str, Any]


def load_dev_set(path: Path | None = None, split: str = "all") -> list[DevExample]:
    """Labelled examples of ``split`` (test, tune or all)."""
    out: list[DevExample] = []
    for line in (path or dev_set_path()).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        if split != "all" and split_of(raw["id"]) != split:
            continue
        created = raw.get("created_at")
        item = TagInput(
            id=raw["id"],
            text=raw["text"],
            created_at=datetime.fromisoformat(created) if created else None,
            author_location=raw.get("author_location"),
            lat=raw.get("lat"),
            lon=raw.get("lon"),
        )
        out.append(DevExample(item, raw["gold"]))
    return out


def score(examples: Sequence[DevExample], results: Sequence[TagResult]) -> dict[str, Any]:
    """All figures for one group of examples."""
    pairs = list(zip(examples, results, strict=True))
    out: dict[str, Any] = {"n": len(pairs)}
    for flag in (
        "question",
        "misinformation",
        "golput_intent",
        "cynicism",
        "voting_barrier",
        "complaint",
        "violation_report",
    ):
        tp = sum(flag in r.flags and flag in e.gold["flags"] for e, r in pairs)
        fp = sum(flag in r.flags and flag not in e.gold["flags"] for e, r in pairs)
        fn = sum(flag not in r.flags and flag in e.gold["flags"] for e, r in pairs)
        p, rc, f = precision_recall_f1(tp, fp, fn)
        out[flag] = {"precision": p, "recall": rc, "f1": f, "support": tp + fn}
    f1s = []
    for label in AWARENESS_SCORED:
        tp = sum(r.awareness == label and e.gold["awareness"] == label for e, r in pairs)
        fp = sum(r.awareness == label and e.gold["awareness"] != label for e, r in pairs)
        fn = sum(r.awareness != label and e.gold["awareness"] == label for e, r in pairs)
        f1s.append(precision_recall_f1(tp, fp, fn)[2])
    out["awareness_macro_f1"] = sum(f1s) / len(f1s)
    out["awareness_accuracy"] = _mean(r.awareness == e.gold["awareness"] for e, r in pairs)
    staged = [(e, r) for e, r in pairs if e.gold["stage"] != "none"]
    out["stage_accuracy"] = _mean(r.stage == e.gold["stage"] for e, r in staged)
    out["stage_accuracy_all"] = _mean(r.stage == e.gold["stage"] for e, r in pairs)
    out["stage_n"] = len(staged)
    predicted = [(e, r) for e, r in pairs if r.kecamatan]
    placed = [(e, r) for e, r in pairs if e.gold["kecamatan"]]
    out["kecamatan_precision"] = _mean(r.kecamatan == e.gold["kecamatan"] for e, r in predicted)
    out["kecamatan_recall"] = _mean(r.kecamatan == e.gold["kecamatan"] for e, r in placed)
    out["kecamatan_n"] = {"predicted": len(predicted), "gold": len(placed)}
    out["needs_review_rate"] = _mean("needs_review" in r.flags for _, r in pairs)
    found = [(e, r) for e, r in pairs if e.gold.get("barrier") and "voting_barrier" in r.flags]
    out["barrier_kind_accuracy"] = _mean(r.barrier == e.gold["barrier"] for e, r in found)
    return out


def _mean(values: Iterable[bool]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def evaluate(split: str = "test", pipeline: TaggingPipeline | None = None) -> dict[str, Any]:
    """Figures on ``split`` overall and per language (where at least 15 examples exist)."""
    examples = load_dev_set(split=split)
    pipeline = pipeline or _pipeline()
    results = pipeline.tag([e.item for e in examples])
    report: dict[str, Any] = {
        "split": split,
        "model": pipeline.version,
        "all": score(examples, results),
    }
    counts = Counter(e.gold["language"] for e in examples)
    for language in LANGUAGES:
        if counts[language] >= 15:
            group = [
                (e, r)
                for e, r in zip(examples, results, strict=True)
                if e.gold["language"] == language
            ]
            report[language] = score([e for e, _ in group], [r for _, r in group])
    return report


def _pipeline() -> TaggingPipeline:
    try:
        return TaggingPipeline()
    except ModelError:
        print(
            "catatan: model sentimen belum ada; sentimen diganti placeholder netral",
            file=sys.stderr,
        )
        return TaggingPipeline(sentiment_model=NeutralSentiment("placeholder"))


def _print(report: dict[str, Any]) -> None:
    print(f"split={report['split']}  model={report['model']}")
    for group, f in report.items():
        if not isinstance(f, dict):
            continue
        q, m = f["question"], f["misinformation"]
        lines = [
            f"[{group}] n={f['n']}",
            f"  question F1 {q['f1']:.3f} (P {q['precision']:.3f} R {q['recall']:.3f})",
            f"  awareness macro-F1 {f['awareness_macro_f1']:.3f} "
            f"(accuracy {f['awareness_accuracy']:.3f})",
            f"  stage accuracy {f['stage_accuracy']:.3f} on {f['stage_n']} texts with a stage "
            f"({f['stage_accuracy_all']:.3f} on all)",
            f"  kecamatan P {f['kecamatan_precision']:.3f} R {f['kecamatan_recall']:.3f} "
            f"(predicted {f['kecamatan_n']['predicted']}, gold {f['kecamatan_n']['gold']})",
            f"  misinformation P {m['precision']:.3f} R {m['recall']:.3f} (gold {m['support']})",
            f"  golput F1 {f['golput_intent']['f1']:.3f}  complaint F1 {f['complaint']['f1']:.3f}  "
            f"violation F1 {f['violation_report']['f1']:.3f}  "
            f"needs_review rate {f['needs_review_rate']:.2f}",
            "  "
            + "  ".join(
                f"{flag} P {f[flag]['precision']:.3f} R {f[flag]['recall']:.3f} "
                f"(gold {f[flag]['support']})"
                for flag in ("golput_intent", "cynicism", "voting_barrier")
            )
            + f"  barrier kind accuracy {f['barrier_kind_accuracy']:.3f}",
        ]
        print("\n".join(lines))


def _print_errors(split: str) -> None:
    examples = load_dev_set(split=split)
    results = _pipeline().tag([e.item for e in examples])
    for e, r in zip(examples, results, strict=True):
        gold = e.gold
        gf = set(gold["flags"]) - {"needs_review"}
        rf = set(r.flags) - {"needs_review"}
        wrong = []
        if r.stage != gold["stage"]:
            wrong.append(f"stage {r.stage}!={gold['stage']}")
        if r.awareness != gold["awareness"]:
            wrong.append(f"aware {r.awareness}!={gold['awareness']}")
        if rf != gf:
            wrong.append(f"flags {sorted(rf)}!={sorted(gf)}")
        if (r.kecamatan or None) != gold["kecamatan"]:
            wrong.append(f"kec {r.kecamatan or '-'}!={gold['kecamatan'] or '-'}")
        if wrong:
            print(f"{e.item.id} {e.item.text!r}: {'; '.join(wrong)}")


def compare_learned(pipeline: TaggingPipeline | None = None) -> dict[str, dict[str, float]]:
    """Rules vs a learned model (hashed char+word n-grams, logistic regression) on the test split.

    The learned model is trained on the tune split only, with C chosen by 3-fold
    cross-validation on the tune split; "combined" keeps the rules and falls back to the model
    only where the rules say ``none`` and the model is at least 60 % sure.
    """
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    from nlp.cues import fold

    tune, test = load_dev_set(split="tune"), load_dev_set(split="test")
    chars = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        n_features=2**15,
        alternate_sign=False,
        preprocessor=fold,
    )
    words = HashingVectorizer(
        ngram_range=(1, 2), n_features=2**15, alternate_sign=False, preprocessor=fold
    )

    def features(examples: Sequence[DevExample]) -> Any:
        texts = [e.item.text for e in examples]
        return hstack([chars.transform(texts), words.transform(texts)]).tocsr()

    x_tune, x_test = features(tune), features(test)
    pipeline = pipeline or _pipeline()
    rules = pipeline.tag([e.item for e in test])
    out: dict[str, dict[str, float]] = {}
    for target in ("stage", "awareness"):
        y_tune = np.array([e.gold[target] for e in tune])
        best_c = max(
            (1.0, 3.0, 10.0, 30.0),
            key=lambda c: cross_val_score(
                LogisticRegression(C=c, max_iter=500, class_weight="balanced"),
                x_tune,
                y_tune,
                cv=5,
            ).mean(),
        )
        model = LogisticRegression(C=best_c, max_iter=500, class_weight="balanced").fit(
            x_tune, y_tune
        )
        probs = model.predict_proba(x_test)
        learned = [str(model.classes_[k]) for k in probs.argmax(axis=1)]
        rule_labels = [getattr(r, target) for r in rules]
        combined = [
            lab if rule == "none" and p.max() >= 0.6 else rule
            for rule, lab, p in zip(rule_labels, learned, probs, strict=True)
        ]
        gold = [e.gold[target] for e in test]
        out[target] = {
            "C": best_c,
            "rules": _target_score(target, gold, rule_labels),
            "learned": _target_score(target, gold, learned),
            "combined": _target_score(target, gold, combined),
        }
    return out


def _target_score(target: str, gold: list[str], predicted: list[str]) -> float:
    if target == "stage":
        pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g != "none"]
        return _mean(g == p for g, p in pairs)
    f1s = []
    for label in AWARENESS_SCORED:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        f1s.append(precision_recall_f1(tp, fp, fn)[2])
    return sum(f1s) / len(f1s)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (developer tool)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "tune", "all"), default="test")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    parser.add_argument(
        "--errors", action="store_true", help="list disagreements (tune split only)"
    )
    parser.add_argument(
        "--compare-learned", action="store_true", help="rules vs logistic regression on test"
    )
    args = parser.parse_args(argv)
    if args.compare_learned:
        for target, figures in compare_learned().items():
            metric = (
                "accuracy (texts with a stage)" if target == "stage" else "macro-F1 (3 classes)"
            )
            print(
                f"{target} {metric}: rules {figures['rules']:.3f}  "
                f"learned {figures['learned']:.3f} (C={figures['C']})  "
                f"rules+learned fallback {figures['combined']:.3f}"
            )
        return 0
    if args.errors:
        if args.split != "tune":
            parser.error("--errors is for the tune split only: the test split stays unseen")
        _print_errors("tune")
        return 0
    report = evaluate(args.split)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
