"""Evaluation of sentiment predictions: per-class P/R/F1, macro-F1, confusion, per language.

Pure functions over label lists, so the CLI, the trainer and the tests share one definition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nlp.settings import SENTIMENT_LABELS


@dataclass(slots=True)
class ClassificationReport:
    """Scores of one set of predictions (labels in ``SENTIMENT_LABELS`` order)."""

    n: int
    per_class: dict[str, dict[str, float]]
    macro_f1: float
    accuracy: float
    confusion: list[list[int]]  # rows = gold, columns = predicted
    by_language: dict[str, ClassificationReport] = field(default_factory=dict)
    needs_review_rate: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``pantau eval sentiment --json``)."""
        out: dict[str, Any] = {
            "n": self.n,
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "labels": list(SENTIMENT_LABELS),
            "per_class": {
                k: {m: round(v, 4) if isinstance(v, float) else v for m, v in d.items()}
                for k, d in self.per_class.items()
            },
            "confusion": self.confusion,
        }
        if self.needs_review_rate is not None:
            out["needs_review_rate"] = round(self.needs_review_rate, 4)
        if self.by_language:
            out["by_language"] = {k: v.to_dict() for k, v in self.by_language.items()}
        return out


def classification_report(
    gold: Sequence[str],
    predicted: Sequence[str],
    languages: Sequence[str] | None = None,
    needs_review: Sequence[bool] | None = None,
) -> ClassificationReport:
    """Per-class precision/recall/F1 (support included), macro-F1 and the confusion matrix.

    Macro-F1 averages over the labels present in gold or predictions, so a slice without
    neutral texts (e.g. a binary data set) is not punished for a class it cannot contain.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    labels = list(SENTIMENT_LABELS)
    index = {lab: i for i, lab in enumerate(labels)}
    confusion = np.zeros((3, 3), dtype=int)
    for g, p in zip(gold, predicted, strict=True):
        if g in index and p in index:
            confusion[index[g], index[p]] += 1
    per_class: dict[str, dict[str, float]] = {}
    f1s: list[float] = []
    for i, lab in enumerate(labels):
        tp = float(confusion[i, i])
        pred_n = float(confusion[:, i].sum())
        gold_n = float(confusion[i, :].sum())
        precision = tp / pred_n if pred_n else 0.0
        recall = tp / gold_n if gold_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[lab] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": float(gold_n),
        }
        if gold_n or pred_n:
            f1s.append(f1)
    total = int(confusion.sum())
    report = ClassificationReport(
        n=total,
        per_class=per_class,
        macro_f1=float(np.mean(f1s)) if f1s else 0.0,
        accuracy=float(np.trace(confusion)) / total if total else 0.0,
        confusion=confusion.tolist(),
        needs_review_rate=(float(np.mean(needs_review)) if needs_review else None),
    )
    if languages is not None:
        for lang in sorted(set(languages)):
            idx = [i for i, x in enumerate(languages) if x == lang]
            report.by_language[lang] = classification_report(
                [gold[i] for i in idx],
                [predicted[i] for i in idx],
                needs_review=[needs_review[i] for i in idx] if needs_review else None,
            )
    return report


def format_report(report: ClassificationReport, title: str = "") -> str:
    """Plain-text table for the terminal (developer-facing, English column names)."""
    lines: list[str] = []
    if title:
        lines.append(title)
    lines.append(
        f"n={report.n}  macro-F1={report.macro_f1:.4f}  accuracy={report.accuracy:.4f}"
        + (
            f"  needs_review={report.needs_review_rate:.1%}"
            if report.needs_review_rate is not None
            else ""
        )
    )
    lines.append(f"{'label':<10}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}")
    for lab, m in report.per_class.items():
        lines.append(
            f"{lab:<10}{m['precision']:>10.4f}{m['recall']:>10.4f}{m['f1']:>10.4f}"
            f"{int(m['support']):>9}"
        )
    lines.append("confusion (rows=gold, cols=predicted: " + ", ".join(SENTIMENT_LABELS) + ")")
    for lab, row in zip(SENTIMENT_LABELS, report.confusion, strict=True):
        lines.append(f"  {lab:<10}" + "".join(f"{v:>8}" for v in row))
    for lang, sub in report.by_language.items():
        lines.append("")
        lines.append(format_report(sub, title=f"-- language: {lang}"))
    return "\n".join(lines)
