"""Evaluate the turnout signals on their dev set (``nlp/data/turnout_dev.jsonl``).

The set is split once by a seeded hash of each id: 60 % ``tune`` (the only part looked at while
writing rules and choosing thresholds) and 40 % ``test`` (held out; report these figures).
The texts go through the whole tagging pipeline, so the figures are those of ``pantau tag``
(sentiment is replaced by a neutral stand-in: it does not touch these flags). Run:

    python -m nlp.evaluate_turnout [--split test|tune|all] [--errors] [--json] [--rules-only]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.dev_sets import NeutralSentiment, hash_split, precision_recall_f1
from nlp.pipeline import TaggingPipeline, TagInput, TagResult
from nlp.turnout_cues import BARRIER_KINDS
from nlp.turnout_data import DEV_FILE
from nlp.turnout_model import TurnoutModel
from nlp.turnout_rules import TURNOUT_TAGS

SPLIT_SEED = "pantau-turnout-dev-2024"
TEST_PERCENT = 40
LANGUAGES = ("id", "jv", "mad", "mixed")


def split_of(item_id: str) -> str:
    """``test`` or ``tune`` for a dev-set id."""
    return hash_split(SPLIT_SEED, item_id, TEST_PERCENT)


@dataclass(frozen=True, slots=True)
class TurnoutDevExample:
    """One labelled text of the dev set."""

    id: str
    text: str
    gold: dict[str, Any]


def load_dev(path: Path | None = None, split: str = "all") -> list[TurnoutDevExample]:
    """Examples of ``split`` (test, tune or all)."""
    out = []
    for line in (path or DEV_FILE).read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            if split == "all" or split_of(raw["id"]) == split:
                out.append(TurnoutDevExample(raw["id"], raw["text"], raw["gold"]))
    return out


def evaluation_pipeline(
    rules_only: bool = False, model: TurnoutModel | None = None
) -> TaggingPipeline:
    """The tagging pipeline as ``pantau tag`` runs it, with a neutral sentiment stand-in."""
    return TaggingPipeline(
        sentiment_model=NeutralSentiment(), turnout_model=model, turnout_rules_only=rules_only
    )


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p, r, f = precision_recall_f1(tp, fp, fn)
    return {"precision": p, "recall": r, "f1": f, "support": tp + fn, "predicted": tp + fp}


def score(examples: Sequence[TurnoutDevExample], results: Sequence[TagResult]) -> dict[str, Any]:
    """Precision/recall per signal, barrier kind accuracy, apathetic, hard-negative alarms."""
    pairs = list(zip(examples, results, strict=True))
    out: dict[str, Any] = {"n": len(pairs)}
    for tag in TURNOUT_TAGS:
        tp = sum(tag in r.flags and tag in e.gold["flags"] for e, r in pairs)
        fp = sum(tag in r.flags and tag not in e.gold["flags"] for e, r in pairs)
        fn = sum(tag not in r.flags and tag in e.gold["flags"] for e, r in pairs)
        out[tag] = _prf(tp, fp, fn)
    found = [(e, r) for e, r in pairs if e.gold["barrier"] and "voting_barrier" in r.flags]
    out["barrier_kind_accuracy"] = (
        sum(r.barrier == e.gold["barrier"] for e, r in found) / len(found) if found else 0.0
    )
    out["barrier_kind_n"] = len(found)
    out["barrier_kind_recall"] = {
        kind: _ratio([r.barrier == kind for e, r in pairs if e.gold["barrier"] == kind])
        for kind in BARRIER_KINDS
    }
    tp = sum(r.awareness == "apathetic" and e.gold["apathetic"] for e, r in pairs)
    fp = sum(r.awareness == "apathetic" and not e.gold["apathetic"] for e, r in pairs)
    fn = sum(r.awareness != "apathetic" and e.gold["apathetic"] for e, r in pairs)
    out["apathetic"] = _prf(tp, fp, fn)
    cases = Counter(e.gold.get("case", "") for e, _ in pairs if e.gold.get("case"))
    out["false_alarms_by_case"] = {
        case: {
            "n": n,
            "alarms": sum(
                bool(set(r.flags) & set(TURNOUT_TAGS))
                for e, r in pairs
                if e.gold.get("case") == case
            ),
        }
        for case, n in sorted(cases.items())
    }
    return out


def _ratio(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def evaluate(
    split: str = "test", pipeline: TaggingPipeline | None = None, rules_only: bool = False
) -> dict[str, Any]:
    """Figures on ``split`` overall and per language."""
    examples = load_dev(split=split)
    pipeline = pipeline or evaluation_pipeline(rules_only)
    results = pipeline.tag([TagInput(e.id, e.text) for e in examples])
    report: dict[str, Any] = {
        "split": split,
        "model": pipeline.version,
        "turnout_model": getattr(pipeline.turnout.model, "version", "rules only"),
        "all": score(examples, results),
    }
    for language in LANGUAGES:
        group = [
            (e, r) for e, r in zip(examples, results, strict=True) if e.gold["language"] == language
        ]
        if group:
            report[language] = score([e for e, _ in group], [r for _, r in group])
    return report


def print_report(report: dict[str, Any]) -> None:
    print(f"split={report['split']}  model={report['model']}  turnout={report['turnout_model']}")
    for group in ("all", *LANGUAGES):
        figures = report.get(group)
        if not figures:
            continue
        parts = [f"[{group}] n={figures['n']}"]
        for tag in (*TURNOUT_TAGS, "apathetic"):
            f = figures[tag]
            parts.append(
                f"  {tag}: P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f} "
                f"(gold {f['support']}, predicted {f['predicted']})"
            )
        parts.append(
            f"  barrier kind accuracy {figures['barrier_kind_accuracy']:.3f} "
            f"on {figures['barrier_kind_n']} found barriers"
        )
        if group == "all":
            recall = ", ".join(f"{k} {v:.2f}" for k, v in figures["barrier_kind_recall"].items())
            parts.append(f"  kind recall: {recall}")
            alarms = ", ".join(
                f"{case} {v['alarms']}/{v['n']}"
                for case, v in figures["false_alarms_by_case"].items()
            )
            parts.append(f"  texts without the signals raising one: {alarms}")
        print("\n".join(parts))


def _print_errors(split: str, rules_only: bool) -> None:
    examples = load_dev(split=split)
    results = evaluation_pipeline(rules_only).tag([TagInput(e.id, e.text) for e in examples])
    for e, r in zip(examples, results, strict=True):
        gold = set(e.gold["flags"])
        got = set(r.flags) & set(TURNOUT_TAGS)
        wrong = got != gold or (e.gold["barrier"] and r.barrier and r.barrier != e.gold["barrier"])
        if wrong:
            keys = (*TURNOUT_TAGS, "turnout_score", "turnout_excluded")
            shown = {k: r.evidence[k] for k in keys if k in r.evidence}
            print(
                f"{e.id} [{e.gold['language']}] gold {sorted(gold)} {e.gold['barrier']} | "
                f"got {sorted(got)} {r.barrier} | {e.text!r} | {shown}"
            )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (developer tool)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "tune", "all"), default="test")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list disagreements (tune only)")
    parser.add_argument("--rules-only", action="store_true", help="without the classifier")
    args = parser.parse_args(argv)
    if args.errors:
        if args.split != "tune":
            parser.error("--errors is for the tune split only: the test split stays unseen")
        _print_errors("tune", args.rules_only)
        return 0
    report = evaluate(args.split, rules_only=args.rules_only)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
