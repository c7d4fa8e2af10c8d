"""The bundled demo file: synthetic replies written as a Meta Business Suite comments export.

``pantau/demo_data/sample_export.csv`` is produced by ``write_sample_export`` (and by
``pantau emulator export-sample``); the companion ``sample_export_truth.csv`` holds what a
perfect analysis would say about each row, for demos and accuracy checks.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from collectors.emulator.builder import WIB
from collectors.emulator.model import Entry
from collectors.emulator.scenario import Planted, build_scenario

HEADER = [
    "Comment ID",
    "Post ID",
    "Parent Comment ID",
    "Published time",
    "Author",
    "Author location",
    "Comment",
    "Likes",
    "Platform",
]
TRUTH_HEADER = [
    "Comment ID",
    "Platform",
    "pattern",
    "language",
    "sentiment",
    "stage",
    "awareness",
    "flags",
    "kecamatan",
    "area_source",
    "barrier",
]


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One export line and its ground truth."""

    values: dict[str, str]
    truth: dict[str, str]


def _row(entry: Entry) -> ExportRow:
    author = entry.author
    truth = entry.truth
    assert author is not None and truth is not None
    parent = "" if entry.parent_id == entry.root_id else entry.parent_id or ""
    values = {
        "Comment ID": entry.external_id,
        "Post ID": entry.root_id,
        "Parent Comment ID": parent,
        "Published time": entry.created_at.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S"),
        "Author": author.handle,
        "Author location": author.profile_location or "",
        "Comment": entry.text,
        "Likes": str(entry.like_count),
        "Platform": entry.platform,
    }
    # an export, unlike the Graph API, shows the author's location, so it can place a reply
    kecamatan, source = truth.kecamatan, truth.area_via
    home = truth.home_kecamatan
    if source == "none" and home and author.profile_location and home in author.profile_location:
        kecamatan, source = home, "profile"
    labels = {
        "Comment ID": entry.external_id,
        "Platform": entry.platform,
        "pattern": truth.pattern,
        "language": truth.language,
        "sentiment": truth.sentiment,
        "stage": truth.stage,
        "awareness": truth.awareness,
        "flags": ";".join(truth.flags),
        "kecamatan": kecamatan or "",
        "area_source": source if kecamatan else "none",
        "barrier": truth.barrier,
    }
    return ExportRow(values, labels)


def _is_signal(planted: Planted, entry: Entry) -> bool:
    truth = entry.truth
    if truth is None:
        return False
    home = truth.home_kecamatan
    return (
        truth.pattern.startswith("quiet")
        or (truth.pattern == "rumour_postponed" and home in planted.rumour_kecamatan)
        or (truth.pattern == "dpt_questions" and home == planted.dpt_kecamatan)
        or (truth.pattern == "golput" and home == planted.golput_kecamatan)
        or (truth.pattern == "barrier_away" and home == planted.barrier_kecamatan)
    )


def sample_rows(seed: int = 2024, rows: int = 300) -> list[ExportRow]:
    """``rows`` public Facebook/Instagram replies from a small scenario, oldest first."""
    scenario = build_scenario(seed=seed, replies=max(40, rows * 3), posts=24)
    public = [
        e
        for platform in ("facebook", "instagram")
        for e in scenario.entries(platform)
        if e.truth is not None and e.author is not None
    ]
    public.sort(key=lambda e: (e.created_at, e.external_id))
    # keep the planted signal whole (the quiet kecamatan's few replies, and the rumour, DPT,
    # golput and away-from-home replies from their planted kecamatan) and thin the rest evenly,
    # so the whole month stays represented and the patterns stay legible in a 300-row demo
    keep = [e for e in public if _is_signal(scenario.planted, e)]
    others = [e for e in public if e not in keep]
    room = max(rows - len(keep), 0)
    if len(others) > room:
        others = [others[i * len(others) // room] for i in range(room)] if room else []
    chosen = {e.external_id: e for e in keep + others}
    # no reply may point at a parent that was thinned out; top up with top-level comments
    spare = [e for e in public if e.external_id not in chosen and e.parent_id == e.root_id]
    for entry in list(chosen.values()):
        if entry.parent_id != entry.root_id and entry.parent_id not in chosen:
            del chosen[entry.external_id]
            if spare:
                extra = spare.pop(len(spare) // 2)
                chosen[extra.external_id] = extra
    ordered = sorted(chosen.values(), key=lambda e: (e.created_at, e.external_id))
    return [_row(e) for e in ordered[:rows]]


def write_sample_export(
    path: Path, seed: int = 2024, rows: int = 300, truth_path: Path | None = None
) -> int:
    """Write the export CSV (UTF-8, header exactly ``HEADER``); returns the number of rows."""
    chosen = sample_rows(seed, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(r.values for r in chosen)
    if truth_path is not None:
        with truth_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=TRUTH_HEADER)
            writer.writeheader()
            writer.writerows(r.truth for r in chosen)
    return len(chosen)
