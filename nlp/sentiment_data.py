"""Reading labelled sentiment data: the shared training layout and the project's own files.

Used only by maintainer actions (training, evaluation, resource building), never at run time.
The shared layout is the one described in ``SOURCES.md`` of the training-data folder::

    sentiment/nusax/{indonesian,javanese,madurese}/{train,valid}.csv   id,text,label
    sentiment/smsa/{train,valid}_preprocess.tsv                         text<TAB>label
    sentiment/nusatranslation/nusa_kalimat-senti-{jav,mad}-{train,valid}.csv  id,text,label
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputFileError, ModelError
from nlp.settings import SENTIMENT_LABELS

NUSAX_LANGS: dict[str, str] = {"indonesian": "id", "javanese": "jv", "madurese": "mad"}
# Common spellings people use for the labels in hand-made files.
_LABEL_ALIASES: dict[str, str] = {
    "positive": "positive",
    "positif": "positive",
    "pos": "positive",
    "1": "positive",
    "neutral": "neutral",
    "netral": "neutral",
    "neu": "neutral",
    "0": "neutral",
    "negative": "negative",
    "negatif": "negative",
    "neg": "negative",
    "-1": "negative",
}


@dataclass(frozen=True, slots=True)
class LabelledText:
    """One labelled example; ``group`` ties parallel translations together for CV splits."""

    text: str
    label: str
    language: str
    source: str
    group: str


def resolve_data_dir(explicit: Path | None, repo_root: Path) -> Path:
    """Find the shared-layout training folder: flag, then env, then ``../shared/data``."""
    candidates: list[Path] = []
    if explicit is not None:
        candidates.append(explicit)
    elif os.environ.get("PANTAU_TRAIN_DATA"):
        candidates.append(Path(os.environ["PANTAU_TRAIN_DATA"]))
    else:
        candidates.append(repo_root.parent / "shared" / "data")
    for path in candidates:
        if (path / "sentiment").is_dir():
            return path
    raise ModelError(
        f"Folder data latih tidak ditemukan: {candidates[0]} "
        "(training data folder not found; it must contain sentiment/nusax and sentiment/smsa).",
        hint="Berikan --data-dir atau variabel PANTAU_TRAIN_DATA yang menunjuk ke salinan data "
        "NusaX (github.com/IndoNLP/nusax) dan SmSA (github.com/IndoNLP/indonlu) dengan tata "
        "letak yang dijelaskan di nlp/README.md.",
    )


def normalise_label(raw: str) -> str | None:
    """Map a label spelling to positive|neutral|negative, or None when unknown."""
    return _LABEL_ALIASES.get(raw.strip().lower())


def read_text_file(path: Path) -> str:
    """Read a text file, tolerating a BOM and invalid UTF-8 bytes (replaced, never fatal)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(
            f"Berkas tidak dapat dibaca: {path} ({exc.strerror})", hint="Periksa path berkas."
        ) from exc
    return raw.decode("utf-8-sig", errors="replace")


def load_nusax(data_dir: Path, split: str) -> list[LabelledText]:
    """NusaX sentiment for the three languages; parallel rows share a group."""
    rows: list[LabelledText] = []
    for folder, lang in NUSAX_LANGS.items():
        path = data_dir / "sentiment" / "nusax" / folder / f"{split}.csv"
        for rec in csv.DictReader(io.StringIO(read_text_file(path))):
            label = normalise_label(rec["label"])
            if label:
                rows.append(
                    LabelledText(rec["text"], label, lang, f"nusax-{lang}", f"nusax:{rec['id']}")
                )
    return rows


def load_smsa(data_dir: Path, split: str) -> list[LabelledText]:
    """SmSA (IndoNLU) document sentiment, Indonesian, already lower-cased and tokenised."""
    path = data_dir / "sentiment" / "smsa" / f"{split}_preprocess.tsv"
    rows: list[LabelledText] = []
    for i, line in enumerate(read_text_file(path).splitlines()):
        text, _, raw_label = line.rpartition("\t")
        label = normalise_label(raw_label)
        if text and label:
            rows.append(LabelledText(text, label, "id", "smsa", f"smsa:{split}:{i}"))
    return rows


def load_nusatranslation(data_dir: Path, split: str) -> list[LabelledText]:
    """NusaTranslation binary (positive/negative) Javanese and Madurese tweets."""
    rows: list[LabelledText] = []
    for code, lang in (("jav", "jv"), ("mad", "mad")):
        path = data_dir / "sentiment" / "nusatranslation" / f"nusa_kalimat-senti-{code}-{split}.csv"
        if not path.exists():
            continue
        for rec in csv.DictReader(io.StringIO(read_text_file(path))):
            label = normalise_label(rec["label"])
            if label:
                rows.append(
                    LabelledText(
                        rec["text"],
                        label,
                        lang,
                        f"nusatrans-{lang}",
                        f"nusatrans:{code}:{rec['id']}",
                    )
                )
    return rows


def load_labelled_csv(path: Path, source: str | None = None) -> list[LabelledText]:
    """A project CSV with ``text`` and ``label`` (``sentiment`` accepted) and optional ``language``.

    Lines starting with ``#`` before the header are comments. Rows with an unknown label are
    skipped rather than fatal, so one typo does not stop a training run.
    """
    content = read_text_file(path)
    lines = content.splitlines(keepends=True)
    while lines and lines[0].lstrip().startswith("#"):
        lines.pop(0)
    # Replies can be long (pasted articles); the csv module's default limit is 128 KB a field.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))
    reader = csv.DictReader(io.StringIO("".join(lines)))
    fields = set(reader.fieldnames or [])
    label_col = "label" if "label" in fields else "sentiment" if "sentiment" in fields else None
    if "text" not in fields or label_col is None:
        raise InputFileError(
            f"Berkas {path} harus memiliki kolom 'text' dan 'label' (atau 'sentiment').",
            hint="Tambahkan baris judul, misalnya: text,label,language",
        )
    rows: list[LabelledText] = []
    try:
        for i, rec in enumerate(reader):
            label = normalise_label(rec.get(label_col) or "")
            text = rec.get("text") or ""
            if label is None:
                continue
            lang = (rec.get("language") or "").strip() or "unknown"
            rows.append(LabelledText(text, label, lang, source or path.stem, f"{path.stem}:{i}"))
    except csv.Error as exc:
        raise InputFileError(
            f"Berkas CSV {path} rusak di sekitar baris {reader.line_num} ({exc}).",
            hint="Periksa tanda kutip pada baris tersebut.",
        ) from exc
    return rows


def load_labelled_file(path: Path) -> list[LabelledText]:
    """CSV (see :func:`load_labelled_csv`) or JSONL with ``text`` and ``label``/``sentiment``."""
    if not path.is_file():
        raise InputFileError(f"Berkas tidak ditemukan: {path}", hint="Periksa path berkas.")
    if path.suffix.lower() not in (".jsonl", ".ndjson"):
        return load_labelled_csv(path)
    rows: list[LabelledText] = []
    for i, line in enumerate(read_text_file(path).splitlines()):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputFileError(
                f"Baris {i + 1} di {path} bukan JSON yang sah ({exc.msg}).",
                hint="Satu objek JSON per baris.",
            ) from exc
        if not isinstance(rec, dict):
            continue
        label = normalise_label(str(rec.get("label", rec.get("sentiment", ""))))
        if label is None:
            continue
        lang = str(rec.get("language") or "unknown")
        rows.append(
            LabelledText(str(rec.get("text") or ""), label, lang, path.stem, f"{path.stem}:{i}")
        )
    return rows


_TOKEN = re.compile(r"\w+")


def token_set(text: str) -> frozenset[str]:
    """Lower-cased word set used for near-duplicate detection."""
    return frozenset(_TOKEN.findall(text.lower()))


def drop_near_duplicates(
    rows: Sequence[LabelledText], reference: Iterable[str], threshold: float = 0.7
) -> tuple[list[LabelledText], int]:
    """Drop rows whose token Jaccard with any reference text is >= threshold.

    An inverted index on tokens keeps this near-linear: only reference texts sharing a word
    are compared.
    """
    ref_sets = [token_set(t) for t in reference]
    index: dict[str, list[int]] = {}
    for j, toks in enumerate(ref_sets):
        for tok in toks:
            index.setdefault(tok, []).append(j)
    kept: list[LabelledText] = []
    dropped = 0
    for row in rows:
        toks = token_set(row.text)
        overlap: dict[int, int] = {}
        for tok in toks:
            for j in index.get(tok, ()):
                overlap[j] = overlap.get(j, 0) + 1
        duplicate = False
        for j, inter in overlap.items():
            union = len(toks) + len(ref_sets[j]) - inter
            if union and inter / union >= threshold:
                duplicate = True
                break
        if duplicate:
            dropped += 1
        else:
            kept.append(row)
    return kept, dropped


def check_labels(rows: Sequence[LabelledText]) -> None:
    """Fail loudly when a training set lacks one of the three labels."""
    present = {r.label for r in rows}
    missing = [lab for lab in SENTIMENT_LABELS if lab not in present]
    if missing:
        raise ModelError(
            f"Data latih tidak memuat label {', '.join(missing)} "
            f"(training data lacks labels {missing}).",
            hint="Tambahkan contoh berlabel untuk setiap kelas.",
        )


# Sources of the public corpora (not the team's replies); see the loaders above.
PUBLIC_CORPUS_PREFIXES = ("smsa", "nusax", "nusatrans", "pseudo")


def text_digest(text: str) -> str:
    """A short, stable fingerprint of a text as a reader sees it (case and spacing ignored)."""
    canonical = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def in_domain_digests(rows: Sequence[LabelledText]) -> list[str]:
    """Fingerprints of the rows that are not from the public corpora, sorted (for a model file)."""
    public = PUBLIC_CORPUS_PREFIXES
    return sorted({text_digest(r.text) for r in rows if not r.source.startswith(public)})


def trained_text_digests(model: object) -> frozenset[str]:
    """The in-domain texts a loaded model was trained on (empty when it did not record them)."""
    info = getattr(model, "info", None) or {}
    return frozenset(str(d) for d in info.get("trained_text_digests", ()))
