"""NLP I benchmark: prints figures, asserts nothing (performance is not a test).

    .venv/bin/python bench/nlp_bench.py [--n 5000] [--skip-transformers]

* linear path (one core: BLAS/OpenMP threads pinned to 1 before numpy loads): model load
  time, then texts/s for normalise + language + sentiment through the public API
  (``detect_language`` then ``SentimentModel.predict(texts, languages)``), with the
  per-token caches cleared first ("cold") and again on the same texts ("warm");
* transformers: a BERT-base-sized model (BertConfig defaults: 12 layers, 768 hidden,
  ~110M parameters, random weights built here, WordPiece vocabulary trained here), batched
  and sorted by length, on CPU; skipped with a message when torch is not installed.

Texts: the synthetic dev set, recombined with random extra tokens so caches see new words.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bench_texts(n: int, seed: int = 7) -> list[str]:
    """Dev-set replies recombined with random tokens (unique words defeat the caches)."""
    with (ROOT / "nlp" / "data" / "sentiment_dev.csv").open(encoding="utf-8") as fh:
        base = [row["text"] for row in csv.DictReader(fh)]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts = [rng.choice(base), rng.choice(base)] if i % 3 == 0 else [rng.choice(base)]
        if i % 2 == 0:
            parts.append(f"kata{rng.randrange(10**6)}")
        out.append(" ".join(parts))
    return out


def bench_linear(texts: list[str]) -> None:
    t0 = time.perf_counter()
    from nlp.sentiment import load_sentiment_model

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = load_sentiment_model()
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.predict(["warm up the word lists"])
    t_first = time.perf_counter() - t0
    print(
        f"linear model {model.version}: import {t_import:.3f} s, load {t_load:.3f} s, "
        f"first prediction (word lists, language tables) {t_first:.3f} s"
    )

    from nlp.language import detect_language, token_evidence
    from nlp.normalize import clear_caches

    for label in ("cold", "warm"):
        if label == "cold":
            clear_caches()
            getattr(model, "clear_caches", lambda: None)()
            token_evidence.cache_clear()
        t0 = time.perf_counter()
        languages = [detect_language(t) for t in texts]
        preds = model.predict(texts, languages)
        elapsed = time.perf_counter() - t0
        assert len(preds) == len(texts)
        print(
            f"normalise+language+sentiment ({label} caches, 1 thread): "
            f"{len(texts) / elapsed:,.0f} texts/s ({len(texts)} texts, {elapsed:.2f} s)"
        )


def bench_transformers(texts: list[str], n: int) -> None:
    try:
        import torch
        from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
        from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast
    except ImportError as exc:
        print(
            f"transformers: skipped ({exc.name} not installed; pip install 'pantau[transformers]')"
        )
        return
    from nlp.sentiment_data import LabelledText  # noqa: F401  (keeps import cost comparable)
    from nlp.settings import NLPSettings
    from nlp.transformers_backend import TransformersSentimentModel

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok.train_from_iterator(
        texts, trainers.WordPieceTrainer(vocab_size=8000, special_tokens=specials)
    )
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=256,
    )
    config = BertConfig(
        vocab_size=30522,
        num_labels=3,  # type: ignore[call-arg]
        id2label={0: "negative", 1: "neutral", 2: "positive"},
        label2id={"negative": 0, "neutral": 1, "positive": 2},
    )
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    lengths = [len(fast(t)["input_ids"]) for t in texts[:n]]
    print(
        f"transformers input: {sum(lengths) / len(lengths):.1f} WordPiece tokens per text "
        f"on average (max {max(lengths)})"
    )
    with tempfile.TemporaryDirectory() as tmp:
        BertForSequenceClassification(config).save_pretrained(tmp)
        fast.save_pretrained(tmp)
        params = sum(p.numel() for p in BertForSequenceClassification(config).parameters())
        for threads in sorted({1, os.cpu_count() or 1}):
            torch.set_num_threads(threads)
            t0 = time.perf_counter()
            model = TransformersSentimentModel.load(tmp, NLPSettings(device="cpu", batch_size=32))
            t_load = time.perf_counter() - t0
            sample = texts[:n]
            model.predict(sample[:8])
            t0 = time.perf_counter()
            model.predict(sample, ["id"] * len(sample))
            elapsed = time.perf_counter() - t0
            print(
                f"transformers BERT-base-sized ({params / 1e6:.0f}M params, fp32, CPU, "
                f"{threads} thread(s), batch 32 sorted): {len(sample) / elapsed:,.1f} texts/s "
                f"({len(sample)} texts, load {t_load:.2f} s)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="texts for the linear benchmark")
    parser.add_argument("--n-transformers", type=int, default=256)
    parser.add_argument("--skip-transformers", action="store_true")
    args = parser.parse_args()
    texts = bench_texts(args.n)
    bench_linear(texts)
    if not args.skip_transformers:
        bench_transformers(texts, args.n_transformers)


if __name__ == "__main__":
    main()
