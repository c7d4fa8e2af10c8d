"""Throughput of the full tagging pipeline (``pantau tag`` without file I/O) on one core.

    python bench/tag_bench.py [--n 20000] [--batch 512]

Texts are the dev-set replies with a few deterministic variations (a kecamatan, a date, a
post time, a profile location), so every rule runs. Prints texts/s for the full pipeline with
the shipped linear sentiment model and, separately, for the rules alone. Target: >= 3,000
texts/s for the full pipeline on one core.
"""

from __future__ import annotations

import os

# One core, one thread: set before numpy is imported anywhere.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.errors import ModelError  # noqa: E402
from nlp.evaluate_tagging import load_dev_set  # noqa: E402
from nlp.pipeline import TaggingPipeline, TagInput  # noqa: E402

PLACES = ["di Kaliwates", "warga Panti", "Desa Sukoreno", "nang Ambulu", "", "", ""]
SUFFIXES = [" tgl 28?", " besok", " min", "!!", " 🙏", "", ""]
WIB = timezone(timedelta(hours=7))


class _RulesOnlySentiment:
    version = "none"

    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> list[Any]:
        from nlp.sentiment_scores import SentimentPrediction

        scores = {"positive": 0.0, "neutral": 1.0, "negative": 0.0}
        return [SentimentPrediction("neutral", scores, False) for _ in texts]


def make_inputs(n: int, seed: int = 7) -> list[TagInput]:
    """``n`` varied replies built from the dev set."""
    rng = random.Random(seed)
    base = [e.item.text for e in load_dev_set()]
    start = datetime(2024, 11, 20, 8, 0, tzinfo=WIB)
    out = []
    for i in range(n):
        text = f"{rng.choice(base)} {rng.choice(PLACES)}{rng.choice(SUFFIXES)}".strip()
        out.append(
            TagInput(
                id=str(i),
                text=text,
                created_at=start + timedelta(minutes=rng.randrange(0, 60 * 24 * 10)),
                author_location=rng.choice([None, None, "Patrang, Jember", "Jember"]),
            )
        )
    return out


def run(pipeline: TaggingPipeline, inputs: list[TagInput], batch: int) -> tuple[float, float]:
    """(CPU seconds, wall seconds) to tag all inputs in batches.

    The CPU time of this single-threaded process is what one core spends; wall time also
    counts waiting for the CPU when other processes share the machine.
    """
    pipeline.tag(inputs[:200])  # warm caches (tokeniser variants, model load)
    wall, cpu = time.perf_counter(), time.process_time()
    for offset in range(0, len(inputs), batch):
        pipeline.tag(inputs[offset : offset + batch])
    return time.process_time() - cpu, time.perf_counter() - wall


def _report(name: str, n: int, cpu: float, wall: float) -> None:
    print(
        f"{name}: {n / cpu:,.0f} texts/s per core (CPU {cpu:.2f} s; "
        f"wall {wall:.2f} s = {n / wall:,.0f} texts/s; {n} texts)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tagging throughput on one core")
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=512)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    inputs = make_inputs(args.n)
    began = time.perf_counter()
    try:
        full: TaggingPipeline | None = TaggingPipeline()
    except ModelError as exc:
        full = None
        print(f"full pipeline: not measured ({exc.message})")
    if full is not None:
        print(f"model load: {time.perf_counter() - began:.2f} s")
        _report(f"full pipeline ({full.version})", args.n, *run(full, inputs, args.batch))
    rules = TaggingPipeline(sentiment_model=_RulesOnlySentiment())
    _report("rules + language only", args.n, *run(rules, inputs, args.batch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
