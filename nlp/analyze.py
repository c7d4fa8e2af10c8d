"""`pantau analyze`: tag every stored item that has no analysis for the current pipeline version.

Items never analysed come first (fresh replies matter most to alerts), then items analysed only by
an older version: a new model re-analyses the backlog a bounded chunk at a time, so collection
and alerts keep running while it catches up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, select

from core.store.analyses import write_analyses
from core.store.database import Store
from core.store.models import Analysis, Item
from core.store.runs import RunStats, finish_run, start_run

if TYPE_CHECKING:
    from nlp.pipeline import TaggingPipeline, TagResult

FLAG_COLUMNS = {
    "question": "is_question",
    "misinformation": "is_misinformation",
    "golput_intent": "is_golput_intent",
    "complaint": "is_complaint",
    "violation_report": "is_violation_report",
    "needs_review": "needs_review",
}


@dataclass
class AnalyzeReport:
    model_version: str
    analysed: int = 0
    new_items: int = 0
    reanalysed: int = 0
    failed: int = 0
    remaining: int = 0
    errors: list[str] = field(default_factory=list)


def geo_point(geo: dict[str, Any] | None) -> tuple[float | None, float | None]:
    """(lat, lon) from the geo shapes collectors store: a point, GeoJSON, or a place bbox."""
    if not geo:
        return None, None
    if "lat" in geo and "lon" in geo:
        return float(geo["lat"]), float(geo["lon"])
    coords = geo.get("coordinates")
    if isinstance(coords, dict):
        coords = coords.get("coordinates")
    if isinstance(coords, list | tuple) and len(coords) == 2:
        return float(coords[1]), float(coords[0])  # GeoJSON order is [lon, lat]
    bbox = geo.get("bbox") or (geo.get("place") or {}).get("bbox")
    if isinstance(bbox, list | tuple) and len(bbox) == 4:
        west, south, east, north = (float(v) for v in bbox)
        return (south + north) / 2, (west + east) / 2
    return None, None


def analysis_row(item_id: int, result: TagResult, now: datetime) -> dict[str, Any]:
    scores = result.sentiment_scores
    row: dict[str, Any] = {
        "item_id": item_id,
        "model_version": result.model,
        "created_at": now,
        "sentiment": result.sentiment,
        "score_positive": float(scores.get("positive", 0.0)),
        "score_neutral": float(scores.get("neutral", 0.0)),
        "score_negative": float(scores.get("negative", 0.0)),
        "stage": result.stage,
        "secondary_stages": list(result.secondary_stages) or None,
        "awareness": result.awareness,
        "language": result.language,
        "kecamatan": result.kecamatan or None,
        "area_source": result.area_source or None,
        "flags": list(result.flags),
        "evidence": result.evidence or None,
    }
    for flag, column in FLAG_COLUMNS.items():
        row[column] = flag in result.flags
    return row


def _pending(version: str, *, never_analysed: bool) -> Any:
    if never_analysed:
        return ~exists().where(Analysis.item_id == Item.id)
    return ~exists().where(and_(Analysis.item_id == Item.id, Analysis.model_version == version))


def count_pending(store: Store, version: str) -> int:
    from sqlalchemy import func

    with store.session() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(Item)
                .where(Item.deleted_at.is_(None), _pending(version, never_analysed=False))
            )
            or 0
        )


def _batches(store: Store, version: str, never: bool, size: int) -> Iterator[list[Any]]:
    """Keyset pages of pending items (id ascending), re-queried so a crash loses nothing."""
    last_id = 0
    cols = (Item.id, Item.text, Item.created_at, Item.author_location, Item.geo)
    while True:
        with store.session() as s:
            rows = s.execute(
                select(*cols)
                .where(
                    Item.id > last_id,
                    Item.deleted_at.is_(None),
                    _pending(version, never_analysed=never),
                )
                .order_by(Item.id)
                .limit(size)
            ).all()
        if not rows:
            return
        last_id = rows[-1].id
        yield list(rows)


def analyze_pending(
    store: Store,
    pipeline: TaggingPipeline,
    *,
    batch_size: int = 1000,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> AnalyzeReport:
    """Analyse pending items in batches, one transaction per batch; returns the counts."""
    from nlp.pipeline import TagInput

    version = pipeline.version
    report = AnalyzeReport(model_version=version)
    run_id = start_run(store, "analyze", version)
    status, message = "ok", None
    try:
        for never in (True, False):
            for rows in _batches(store, version, never, batch_size):
                if limit is not None and report.analysed >= limit:
                    break
                if limit is not None:
                    rows = rows[: limit - report.analysed]
                inputs = []
                for r in rows:
                    lat, lon = geo_point(r.geo)
                    inputs.append(
                        TagInput(
                            id=str(r.id),
                            text=r.text or "",
                            created_at=r.created_at,
                            author_location=r.author_location,
                            lat=lat,
                            lon=lon,
                        )
                    )
                try:
                    results = pipeline.tag(inputs)
                except Exception as exc:  # one bad batch must not stop the run
                    report.failed += len(rows)
                    report.errors.append(f"batch from item {rows[0].id}: {exc}"[:300])
                    continue
                now = datetime.now(UTC)
                with store.session() as s:
                    write_analyses(
                        s,
                        [
                            analysis_row(r.id, res, now)
                            for r, res in zip(rows, results, strict=True)
                        ],
                    )
                report.analysed += len(rows)
                if never:
                    report.new_items += len(rows)
                else:
                    report.reanalysed += len(rows)
                if progress is not None:
                    progress(len(rows))
        report.remaining = count_pending(store, version)
        if report.failed:
            status = "partial"
    except BaseException as exc:
        status, message = "failed", f"{type(exc).__name__}: {exc}"[:500]
        raise
    finally:
        finish_run(
            store,
            run_id,
            RunStats(
                items_new=report.analysed,
                items_failed=report.failed,
                errors=report.errors,
                details={"model_version": version, "remaining": report.remaining},
            ),
            status,
            message,
        )
    return report
