"""Optional sentiment backend: a Hugging Face sequence-classification model, offline only.

The model is a local directory or a model id already in the local cache; nothing is ever
downloaded (``local_files_only=True``). Texts are cleaned (mojibake, URLs, mentions, emoji
names) but keep their case, sorted by length and batched so padding stays small. The model's
labels are mapped to positive/neutral/negative through the configured label map (or inferred
from the model's own label names when they are obvious). ``fine_tune`` trains such a model
on labelled rows with a plain torch loop and saves it in a form both transformers 4 and 5 load.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ModelError
from nlp.language import detect_language
from nlp.normalize import clean_text, normalize
from nlp.sentiment_data import LabelledText, in_domain_digests, normalise_label
from nlp.sentiment_scores import (
    LABELS,
    SentimentPrediction,
    fit_temperature,
    predictions_from_probabilities,
)
from nlp.settings import NLPSettings

log = logging.getLogger(__name__)
PANTAU_META = "pantau_sentiment.json"
MAX_LENGTH = 256


def _import_torch() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise ModelError(
            "Backend transformers membutuhkan paket torch dan transformers yang belum "
            f"terpasang (missing optional dependency: {exc.name}).",
            hint="Pasang dengan: pip install 'pantau[transformers]', atau pakai "
            "nlp.sentiment_backend: linear.",
        ) from exc
    # Progress bars on stderr are noise in a service log.
    transformers.utils.logging.disable_progress_bar()
    return torch, transformers


def resolve_device(torch: Any, device: str) -> str:
    """``auto`` picks CUDA when available, else CPU; anything else is passed through."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def infer_label_map(id2label: dict[int, str], configured: dict[str, str]) -> dict[int, str]:
    """Map model class index -> positive|neutral|negative, or raise with a clear hint."""
    mapping: dict[int, str] = {}
    for idx, name in id2label.items():
        target = configured.get(name) or configured.get(str(idx)) or normalise_label(name)
        if target is None:
            raise ModelError(
                f"Label model '{name}' tidak dapat dipetakan ke positive/neutral/negative "
                f"(model label {name!r} has no mapping).",
                hint="Isi nlp.transformers_label_map di konfigurasi, misalnya "
                "{LABEL_0: negative, LABEL_1: neutral, LABEL_2: positive}.",
            )
        mapping[int(idx)] = target
    if "positive" not in mapping.values() or "negative" not in mapping.values():
        raise ModelError(
            "Peta label model harus memuat setidaknya positive dan negative "
            f"(label map {mapping} lacks positive or negative).",
            hint="Periksa nlp.transformers_label_map.",
        )
    return mapping


class TransformersSentimentModel:
    """A loaded classification model with its tokenizer, label map and calibration."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        label_map: dict[int, str],
        version: str,
        settings: NLPSettings,
        device: str,
        temperature: float = 1.0,
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.label_map = label_map
        self.version = version
        self.settings = settings
        self.device = device
        self.temperature = temperature
        # What it was trained on (``trained_text_digests``...): kept so evaluation can leave
        # those texts out.
        self.info: dict[str, Any] = {}

    @classmethod
    def from_settings(cls, settings: NLPSettings) -> TransformersSentimentModel:
        """Load ``settings.transformers_model`` offline; raise ``ModelError`` when impossible."""
        if not settings.transformers_model:
            raise ModelError(
                "nlp.transformers_model belum diisi (no transformers model configured).",
                hint="Isi dengan folder model lokal atau id model yang sudah ada di cache.",
            )
        return cls.load(settings.transformers_model, settings)

    @classmethod
    def load(
        cls, name_or_path: str | Path, settings: NLPSettings | None = None
    ) -> TransformersSentimentModel:
        """Load a local directory or a cached hub id (never downloads)."""
        settings = settings or NLPSettings()
        torch, transformers = _import_torch()
        ref = str(name_or_path)
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(ref, local_files_only=True)
            model = transformers.AutoModelForSequenceClassification.from_pretrained(
                ref, local_files_only=True
            )
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"Model transformers '{ref}' tidak dapat dimuat secara luring "
                f"(cannot load offline: {type(exc).__name__}: {str(exc)[:200]}).",
                hint="Berikan folder lokal yang berisi config.json, bobot model dan "
                "tokenizer; Pantau tidak pernah mengunduh model.",
            ) from exc
        if not getattr(tokenizer, "is_fast", False):
            log.warning("tokenizer of %s is not a fast tokenizer; batching will be slower", ref)
        meta: dict[str, Any] = {}
        meta_path = Path(ref) / PANTAU_META
        if meta_path.is_file():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        configured = dict(meta.get("label_map", {}))
        configured.update(settings.transformers_label_map)
        id2label = {int(k): str(v) for k, v in model.config.id2label.items()}
        label_map = infer_label_map(id2label, configured)
        device = resolve_device(torch, settings.device)
        try:
            model.to(device)
        except (RuntimeError, AssertionError) as exc:
            raise ModelError(
                f"Perangkat '{device}' tidak dapat dipakai ({exc}).",
                hint="Setel nlp.device ke 'cpu' atau 'auto'.",
            ) from exc
        model.eval()
        version = str(meta.get("version") or f"transformers-{Path(ref).name or ref}")
        loaded = cls(
            model,
            tokenizer,
            label_map,
            version,
            settings,
            device,
            float(meta.get("temperature", 1.0)),
        )
        loaded.info = meta
        return loaded

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities (n, 3) in ``LABELS`` order; batched, sorted by length."""
        torch, _ = _import_torch()
        n = len(texts)
        out = np.zeros((n, len(LABELS)), dtype=np.float64)
        if n == 0:
            return out
        size = self.settings.batch_size
        max_len = min(int(getattr(self.tokenizer, "model_max_length", MAX_LENGTH)), MAX_LENGTH)
        # Sort by token count (not characters) so each batch pads as little as possible;
        # a fast tokenizer makes this extra pass cheap next to the model.
        lengths = [
            len(ids)
            for ids in self.tokenizer(
                [t or " " for t in texts], truncation=True, max_length=max_len
            )["input_ids"]
        ]
        order = sorted(range(n), key=lambda i: lengths[i])
        with torch.inference_mode():
            for start in range(0, n, size):
                idx = order[start : start + size]
                enc = self.tokenizer(
                    [texts[i] or " " for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=max_len,
                    return_tensors="pt",
                )
                enc = {k: v.to(self.device) for k, v in enc.items()}
                logits = self.model(**enc).logits.float() / self.temperature
                probs = torch.softmax(logits, dim=-1).cpu().numpy()
                for row, i in zip(probs, idx, strict=True):
                    for cls_idx, p in enumerate(row):
                        out[i, LABELS.index(self.label_map[cls_idx])] += float(p)
        return out

    def predict(
        self, texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> list[SentimentPrediction]:
        """Predict raw texts; the review flag follows the same rules as the linear model."""
        normalized = [normalize(t) for t in texts]
        if languages is None or len(languages) != len(texts):
            languages = [detect_language(n) for n in normalized]
        cleaned = [" ".join(clean_text(n.original).split()) for n in normalized]
        probs = self.predict_proba(cleaned)
        empty = [not n.tokens for n in normalized]
        return predictions_from_probabilities(probs, languages, self.settings, empty)


def fine_tune(
    base_model: str | Path,
    rows: Sequence[LabelledText],
    out_dir: Path,
    *,
    epochs: int = 3,
    learning_rate: float = 3e-5,
    batch_size: int = 16,
    seed: int = 13,
    valid_fraction: float = 0.1,
    device: str = "auto",
    version: str | None = None,
) -> dict[str, Any]:
    """Fine-tune a local model on labelled rows and save it with its label map.

    A fraction of the rows (seeded) is held out to fit the calibration temperature and to
    report accuracy; the classification head is re-created when the base model does not
    already have exactly our three labels.
    """
    torch, transformers = _import_torch()
    if len(rows) < 2:
        raise ModelError("Data latih terlalu sedikit untuk fine-tuning (need >= 2 rows).")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    ref = str(base_model)
    id2label = dict(enumerate(LABELS))
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(ref, local_files_only=True)
        model = transformers.AutoModelForSequenceClassification.from_pretrained(
            ref,
            local_files_only=True,
            num_labels=len(LABELS),
            id2label=id2label,
            label2id={v: k for k, v in id2label.items()},
            ignore_mismatched_sizes=True,
        )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"Model dasar '{ref}' tidak dapat dimuat secara luring ({type(exc).__name__}).",
            hint="--base-model harus folder lokal berisi model dan tokenizer.",
        ) from exc
    dev = resolve_device(torch, device)
    model.to(dev)
    texts = [" ".join(clean_text(r.text).split()) or " " for r in rows]
    labels = [LABELS.index(r.label) for r in rows]
    idx = list(range(len(rows)))
    random.Random(seed).shuffle(idx)
    n_valid = max(1, int(len(idx) * valid_fraction)) if len(idx) >= 10 else 0
    valid_idx, train_idx = idx[:n_valid], idx[n_valid:]
    max_len = min(int(getattr(tokenizer, "model_max_length", MAX_LENGTH)), MAX_LENGTH)

    def encode(batch: list[int]) -> dict[str, Any]:
        enc = tokenizer(
            [texts[i] for i in batch],
            padding=True,
            truncation=True,
            max_length=max_len,
            return_tensors="pt",
        )
        return {k: v.to(dev) for k, v in enc.items()}

    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    steps = max(1, epochs * math.ceil(len(train_idx) / batch_size))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: max(0.0, 1.0 - step / steps)
    )
    started = time.perf_counter()
    losses: list[float] = []
    model.train()
    for epoch in range(epochs):
        order = list(train_idx)
        random.Random(seed + epoch).shuffle(order)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            target = torch.tensor([labels[i] for i in batch], device=dev)
            loss = model(**encode(batch), labels=target).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            losses.append(float(loss.detach()))
    model.eval()
    temperature, valid_acc = 1.0, None
    if valid_idx:
        with torch.inference_mode():
            logits = (
                torch.cat(
                    [
                        model(**encode(valid_idx[s : s + batch_size])).logits.float()
                        for s in range(0, len(valid_idx), batch_size)
                    ]
                )
                .cpu()
                .numpy()
            )
        y = np.array([labels[i] for i in valid_idx])
        valid_acc = float((logits.argmax(axis=1) == y).mean())
        temperature = fit_temperature(logits, y)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    _make_tokenizer_portable(out_dir)
    meta = {
        "version": version or f"transformers-{out_dir.name}",
        "label_map": {lab: lab for lab in LABELS},
        "temperature": temperature,
        "base_model": ref,
        "epochs": epochs,
        "seed": seed,
        "rows": len(rows),
        "held_out": len(valid_idx),
        "held_out_accuracy": valid_acc,
        "final_loss": float(np.mean(losses[-10:])) if losses else None,
        "trained_text_digests": in_domain_digests(rows),
    }
    (out_dir / PANTAU_META).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    meta["seconds"] = round(time.perf_counter() - started, 1)
    return meta


def _make_tokenizer_portable(out_dir: Path) -> None:
    # transformers 5 writes "TokenizersBackend", which transformers 4 cannot load;
    # PreTrainedTokenizerFast is understood by both.
    cfg_path = out_dir / "tokenizer_config.json"
    if cfg_path.is_file():
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
        if cfg.get("tokenizer_class") in (None, "TokenizersBackend"):
            cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
            cfg_path.write_text(json.dumps(cfg, indent=2), encoding="utf-8")
