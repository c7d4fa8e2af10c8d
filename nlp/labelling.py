"""The media team labels replies: a sheet out, the filled sheet back in, rows for training.

Every figure on election-domain text so far comes from replies the developers wrote. Labels
the team gives to real replies are the honest measure and the best training data, so the loop
is kept short: ``pantau label export`` picks the replies the model is least sure of (spread
over the languages, because Javanese and Madurese are where it is weakest), the team fills one
column in Excel or Google Sheets, ``pantau label import`` stores the labels, and ``pantau eval
sentiment --labels`` / ``pantau train sentiment --labels`` use them.

The sheet holds reply texts but no author (not even the pseudonym), citizens' ``@handles``
inside the texts are masked, and the file is created readable by its owner only: it is work
material for the team, and nothing in it identifies a citizen beyond what the reply says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from core.errors import InputFileError
from core.privacy import HandleMasker
from core.private_files import create_private_file
from core.store.models import Analysis, Item, Label
from nlp.sentiment_data import LabelledText, normalise_label, read_text_file
from nlp.sheet_cells import decode_cell, encode_cell

TASK = "sentiment"
# Indonesian headers: the people filling the sheet read Indonesian. Column order is the order
# they work in: the text first, their answer last.
COLUMNS = (
    "id_item",
    "platform",
    "tanggal",
    "bahasa",
    "teks",
    "tebakan_model",
    "keyakinan_model",
    "label",
)
MAX_TEXT = 2_000  # a sheet cell beyond this is unreadable; the stored text stays whole


@dataclass(frozen=True, slots=True)
class SheetRow:
    item_id: int
    platform: str
    created_at: datetime
    language: str
    text: str
    predicted: str
    confidence: float
    needs_review: bool


def pick_for_labelling(
    session: Session,
    limit: int,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    own_handles: Iterable[str] = (),
) -> list[SheetRow]:
    """Public replies not yet labelled, least certain first, languages taken in turn.

    Uses each item's newest analysis; items never analysed are left out (there is nothing to
    show as the model's guess, and ``pantau analyze`` runs before any export in practice).
    The texts come with citizens' ``@handles`` masked (``own_handles``, the commission's
    accounts, stay): a sheet travels through e-mail and shared drives.
    """
    mask = HandleMasker(own_handles)
    newest = (
        select(Analysis.item_id, func.max(Analysis.id).label("aid"))
        .group_by(Analysis.item_id)
        .subquery()
    )
    labelled = select(Label.item_id).where(Label.task == TASK)
    pos, neu, neg = Analysis.score_positive, Analysis.score_neutral, Analysis.score_negative
    # The top class score, portable (SQLite has no GREATEST, PostgreSQL no scalar MAX).
    confidence = case(
        ((pos >= neu) & (pos >= neg), pos), (neu >= neg, neu), else_=neg
    ).label("confidence")
    base = (
        select(
            Item.id, Item.platform, Item.created_at, Analysis.language, Item.text,
            Analysis.sentiment, confidence, Analysis.needs_review,
        )
        .join(newest, newest.c.item_id == Item.id)
        .join(Analysis, Analysis.id == newest.c.aid)
        .where(
            Item.is_own.is_(False),
            Item.deleted_at.is_(None),
            Item.kind != "post",
            Item.id.not_in(labelled),
        )
    )
    if since is not None:
        base = base.where(Item.created_at >= since)
    if until is not None:
        base = base.where(Item.created_at < until)
    # Sorting and limiting per language in SQL: a store of a million replies never comes
    # into Python, only at most ``limit`` rows per language.
    languages = session.scalars(
        select(base.subquery().c.language).distinct()
    ).all()
    by_language: dict[str, list[SheetRow]] = {}
    for language in languages:
        stmt = (
            base.where(Analysis.language == language)
            .order_by(Analysis.needs_review.desc(), confidence, Item.id)
            .limit(limit)
        )
        by_language[language] = [
            SheetRow(
                r[0], r[1], r[2], r[3], mask.text(r[4]), r[5], round(float(r[6]), 3), bool(r[7])
            )
            for r in session.execute(stmt)
        ]
    # Round robin over languages (rarest first), so 200 rows are not all Indonesian.
    queues = sorted(by_language.values(), key=len)
    picked: list[SheetRow] = []
    depth = 0
    while len(picked) < limit and any(depth < len(q) for q in queues):
        for queue in queues:
            if depth < len(queue) and len(picked) < limit:
                picked.append(queue[depth])
        depth += 1
    return picked


def write_sheet(path: Path, rows: Sequence[SheetRow], tz: ZoneInfo) -> None:
    """CSV with a UTF-8 BOM: without it Excel shows Javanese and Madurese letters garbled."""
    create_private_file(path, tighten=True)  # citizens' replies: readable by the owner only
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow(
                [
                    r.item_id,
                    r.platform,
                    r.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                    r.language,
                    encode_cell(r.text[:MAX_TEXT]),  # a reply is never a formula
                    _SHOWN[r.predicted],
                    f"{r.confidence:.2f}",
                    "",
                ]
            )


_SHOWN = {"positive": "positif", "neutral": "netral", "negative": "negatif"}


@dataclass(slots=True)
class SheetResult:
    labels: dict[int, str] = field(default_factory=dict)  # item id -> label
    blank: int = 0
    problems: list[str] = field(default_factory=list)


def read_sheet(path: Path) -> SheetResult:
    """The filled sheet: comma or semicolon separated (Excel in an Indonesian locale saves
    with ``;``), UTF-8 with or without BOM. Blank labels are skipped; bad ones reported with
    their line number."""
    content = read_text_file(path)
    first = content.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))
    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    if not {"id_item", "label"} <= fields:
        raise InputFileError(
            f"Berkas {path} tidak memiliki kolom 'id_item' dan 'label'.",
            hint="Gunakan lembar dari `pantau label export` dan isi kolom 'label' saja.",
        )
    result = SheetResult()
    try:
        for rec in reader:
            rec = {(k or "").strip().lower(): decode_cell(v or "") for k, v in rec.items()}
            line = reader.line_num
            raw_label = rec.get("label", "").strip()
            raw_id = rec.get("id_item", "").strip()
            if not raw_label:
                result.blank += 1
                continue
            label = normalise_label(raw_label)
            if label is None:
                result.problems.append(
                    f"baris {line}: label '{raw_label[:30]}' tidak dikenal "
                    "(pakai positif, netral atau negatif)"
                )
                continue
            if not raw_id.isdigit():
                result.problems.append(f"baris {line}: id_item '{raw_id[:30]}' bukan angka")
                continue
            result.labels[int(raw_id)] = label
    except csv.Error as exc:
        raise InputFileError(
            f"Berkas CSV {path} rusak di sekitar baris {reader.line_num} ({exc}).",
            hint="Simpan ulang lembar sebagai CSV dari Excel/Google Sheets.",
        ) from exc
    return result


@dataclass(slots=True)
class SaveResult:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    unknown_items: list[int] = field(default_factory=list)


def save_labels(session: Session, labels: dict[int, str], labeller: str) -> SaveResult:
    """One label per (item, labeller): importing the same sheet twice changes nothing."""
    result = SaveResult()
    if not labels:
        return result
    ids = sorted(labels)
    known: set[int] = set()
    existing: dict[int, Label] = {}
    for chunk in _chunks(ids, 500):
        known.update(session.scalars(select(Item.id).where(Item.id.in_(chunk))))
        for row in session.scalars(
            select(Label).where(
                Label.item_id.in_(chunk), Label.task == TASK, Label.labeller == labeller
            )
        ):
            existing[row.item_id] = row
    for item_id in ids:
        if item_id not in known:
            result.unknown_items.append(item_id)
            continue
        value = labels[item_id]
        old = existing.get(item_id)
        if old is None:
            session.add(Label(item_id=item_id, task=TASK, value=value, labeller=labeller))
            result.new += 1
        elif old.value != value:
            old.value = value
            result.changed += 1
        else:
            result.unchanged += 1
    return result


def labelled_rows(session: Session) -> list[LabelledText]:
    """Stored sentiment labels as training/evaluation rows (the newest label of an item wins
    when labellers disagree), with the language of the item's newest analysis."""
    newest_label = (
        select(Label.item_id, func.max(Label.id).label("lid"))
        .where(Label.task == TASK)
        .group_by(Label.item_id)
        .subquery()
    )
    newest_analysis = (
        select(Analysis.item_id, func.max(Analysis.id).label("aid"))
        .group_by(Analysis.item_id)
        .subquery()
    )
    stmt = (
        select(Item.id, Item.text, Label.value, Analysis.language)
        .join(newest_label, newest_label.c.item_id == Item.id)
        .join(Label, Label.id == newest_label.c.lid)
        .outerjoin(newest_analysis, newest_analysis.c.item_id == Item.id)
        .outerjoin(Analysis, Analysis.id == newest_analysis.c.aid)
        .order_by(Item.id)
    )
    return [
        LabelledText(text, value, language or "unknown", "labels", f"item:{item_id}")
        for item_id, text, value, language in session.execute(stmt)
    ]


def write_training_csv(rows: Sequence[LabelledText], path: Path) -> Path:
    """The rows in the trainer's extra-file format (text,label,language)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label", "language"])
        for r in rows:
            writer.writerow([r.text, r.label, r.language])
    return path


def _chunks(values: Sequence[int], size: int) -> list[Sequence[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]
