"""Labelled texts for the turnout classifier: the project's file and the team's corrections.

Two shapes are read:

* JSONL, one object per line: ``{"text": ..., "labels": ["golput_intent", "cynicism",
  "voting_barrier", "money_decides"], "barrier": "away_from_home", "language": "jv"}`` (the
  shipped ``nlp/data/turnout_train.jsonl``), or ``{"text": ..., "label": "..."}``;
* CSV (comma or semicolon, UTF-8 with or without BOM) with a ``text`` or ``teks`` column and a
  ``label`` column, as a label sheet the team filled: ``golput``, ``sinis``, ``uang``,
  ``hambatan:merantau``..., several joined by ``;`` or ``+``; ``tidak`` / ``none`` for a reply
  with none of them. Blank labels are skipped (not labelled yet).

Labels accept the taxonomy ids and Indonesian names, so a sheet can be filled by hand.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputFileError
from nlp.sentiment_data import read_text_file
from nlp.turnout_cues import BARRIER_KINDS

PROJECT_TRAIN_FILE = Path(__file__).resolve().parent / "data" / "turnout_train.jsonl"
DEV_FILE = Path(__file__).resolve().parent / "data" / "turnout_dev.jsonl"

_TAG_NAMES = {
    "golput_intent": "golput_intent", "golput": "golput_intent", "niat_golput": "golput_intent",
    "cynicism": "cynicism", "sinis": "cynicism", "sinisme": "cynicism",
    "money_decides": "money_decides", "uang": "money_decides", "politik_uang": "money_decides",
    "wani_piro": "money_decides",
}  # fmt: skip
_KIND_NAMES = {
    **{k: k for k in BARRIER_KINDS},
    "tidak_terdaftar": "not_registered", "dpt": "not_registered",
    "merantau": "away_from_home", "luar_daerah": "away_from_home", "rantau": "away_from_home",
    "undangan": "no_invitation", "tanpa_undangan": "no_invitation",
    "ktp": "no_id_card", "tanpa_ktp": "no_id_card",
    "kerja": "work_or_health", "sakit": "work_or_health", "kerja_sakit": "work_or_health",
    "tps": "tps_access", "tps_jauh": "tps_access", "akses_tps": "tps_access",
}  # fmt: skip
_NONE = {"none", "tidak", "tidak_ada", "kosong", "bukan", "-", "negatif", "no"}
_BARRIER = ("voting_barrier", "hambatan", "barrier")


@dataclass(frozen=True, slots=True)
class TurnoutExample:
    """One labelled text."""

    text: str
    labels: frozenset[str]  # golput_intent, cynicism, voting_barrier, money_decides
    barrier: str  # a kind when voting_barrier is in labels, else ""
    language: str = "unknown"
    source: str = "project"


def parse_label(raw: str) -> tuple[frozenset[str], str] | None:
    """``"golput; hambatan:merantau"`` -> (labels, kind); ``None`` when a part is unknown."""
    labels: set[str] = set()
    kind = ""
    for part in raw.replace("+", ";").replace(",", ";").split(";"):
        key = part.strip().lower().replace(" ", "_").replace("-", "_")
        if not key:
            continue
        if key in _NONE:
            continue
        if key in _TAG_NAMES:
            labels.add(_TAG_NAMES[key])
            continue
        head, _, tail = key.partition(":")
        if key in _BARRIER:  # the kind comes in its own part ("voting_barrier" + "barrier")
            labels.add("voting_barrier")
            continue
        if head in _BARRIER and tail in _KIND_NAMES:
            labels.add("voting_barrier")
            kind = _KIND_NAMES[tail]
            continue
        if key in _KIND_NAMES:
            labels.add("voting_barrier")
            kind = _KIND_NAMES[key]
            continue
        return None
    if "voting_barrier" in labels and not kind:
        return None
    return frozenset(labels), kind


def load_examples(path: Path, source: str) -> list[TurnoutExample]:
    """Examples from a JSONL or CSV file (see the module docstring)."""
    content = read_text_file(path)
    stripped = content.lstrip("\ufeff \t\r\n")
    rows = _jsonl(path, content) if stripped.startswith("{") else _csv(path, content)
    out: list[TurnoutExample] = []
    for line, text, raw_labels, kind, language in rows:
        if not text.strip():
            continue
        if isinstance(raw_labels, str):
            if not raw_labels.strip():
                continue  # not labelled yet
            parsed = parse_label(raw_labels)
        else:
            parsed = parse_label(";".join([*raw_labels, f"hambatan:{kind}" if kind else ""]))
        if parsed is None:
            raise InputFileError(
                f"{path}, baris {line}: label '{raw_labels}' tidak dikenal.",
                hint="Pakai golput, sinis, uang, hambatan:<jenis> (jenis: "
                + ", ".join(BARRIER_KINDS)
                + "), atau tidak.",
            )
        out.append(
            TurnoutExample(text.strip(), parsed[0], parsed[1], language or "unknown", source)
        )
    return out


def _jsonl(path: Path, content: str) -> Iterable[tuple[int, str, str | list[str], str, str]]:
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputFileError(f"{path}, baris {number}: bukan JSON ({exc.msg}).") from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputFileError(f"{path}, baris {number}: objek tanpa 'text'.")
        labels = obj.get("labels")
        raw = labels if isinstance(labels, list) else str(obj.get("label", ""))
        yield (
            number,
            obj["text"],
            raw,
            str(obj.get("barrier", "") or ""),
            str(obj.get("language", "") or ""),
        )


def _csv(path: Path, content: str) -> Iterable[tuple[int, str, str | list[str], str, str]]:
    first = content.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=delimiter)
    fields = {(f or "").strip().lower() for f in reader.fieldnames or []}
    text_key = "text" if "text" in fields else "teks" if "teks" in fields else None
    if text_key is None or "label" not in fields:
        raise InputFileError(
            f"Berkas {path} perlu kolom 'text' (atau 'teks') dan 'label'.",
            hint='Contoh baris: teks,label -> "Golput ae",golput',
        )
    try:
        for rec in reader:
            rec = {(k or "").strip().lower(): (v or "") for k, v in rec.items()}
            language = rec.get("language") or rec.get("bahasa") or ""
            yield reader.line_num, rec[text_key], rec.get("label", ""), "", language
    except csv.Error as exc:
        raise InputFileError(f"CSV {path} rusak di sekitar baris {reader.line_num}: {exc}") from exc
