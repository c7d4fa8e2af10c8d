"""`pantau analyze`: tag every stored item that has no analysis for the current pipeline version.

Items never analysed come first (fresh replies matter most to alerts), then items analysed only by
an older version: a new model re-analyses the backlog a bounded chunk at a time, so collection
and alerts keep running while it catches up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, insert, select

from core.store.analyses import write_analyses
from core.store.database import Store
from core.store.models import Analysis, AnalysisFailure, Item
from core.store.runs import RunStats, finish_run, start_run

if TYPE_CHECKING:
    from nlp.pipeline import TaggingPipeline, TagResult

log = logging.getLogger(__name__)

FLAG_COLUMNS = {
    "question": "is_question",
    "misinformation": "is_misinformation",
    "golput_intent": "is_golput_intent",
    "complaint": "is_complaint",
    "violation_report": "is_violation_report",
    "cynicism": "is_cynicism",
    "voting_barrier": "is_voting_barrier",
    "needs_review": "needs_review",
}
MAX_ERROR_CHARS = 2000


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
        "barrier": getattr(result, "barrier", "") or None,
        "evidence": result.evidence or None,
    }
    for flag, column in FLAG_COLUMNS.items():
        row[column] = flag in result.flags
    return row


def _pending(version: str, *, never_analysed: bool) -> Any:
    # An item that failed under this version waits for a new version or --retry-failed,
    # instead of failing again every cycle.
    not_failed = ~exists().where(
        and_(AnalysisFailure.item_id == Item.id, AnalysisFailure.model_version == version)
    )
    if never_analysed:
        return and_(~exists().where(Analysis.item_id == Item.id), not_failed)
    return and_(
        ~exists().where(and_(Analysis.item_id == Item.id, Analysis.model_version == version)),
        not_failed,
    )


def count_failed(store: Store, version: str) -> int:
    from sqlalchemy import func

    with store.session() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(AnalysisFailure)
                .where(AnalysisFailure.model_version == version)
            )
            or 0
        )


def forget_failures(store: Store, version: str) -> int:
    """Let the items that failed under ``version`` be tried again; returns how many."""
    from sqlalchemy import delete

    with store.session() as s:
        result = s.execute(delete(AnalysisFailure).where(AnalysisFailure.model_version == version))
        return int(getattr(result, "rowcount", 0) or 0)


def _tag_one_by_one(
    pipeline: TaggingPipeline, rows: list[Any], inputs: list[Any], version: str
) -> tuple[list[tuple[Any, TagResult]], list[dict[str, Any]]]:
    """A batch that failed, tagged item by item: the good ones, and one failure row per bad
    item (with its traceback in the log, not in the store: it may quote the reply)."""
    good: list[tuple[Any, TagResult]] = []
    bad: list[dict[str, Any]] = []
    for row, one in zip(rows, inputs, strict=True):
        try:
            (result,) = pipeline.tag([one])
        except Exception as exc:
            log.error("item %s could not be tagged by %s", row.id, version, exc_info=True)
            bad.append(
                {
                    "item_id": row.id,
                    "model_version": version,
                    "error": f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS],
                    "failed_at": datetime.now(UTC),
                }
            )
        else:
            good.append((row, result))
    return good, bad


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
                failures: list[dict[str, Any]] = []
                try:
                    done = list(zip(rows, pipeline.tag(inputs), strict=True))
                except Exception:  # one bad item must cost one item, not its batch
                    done, failures = _tag_one_by_one(pipeline, rows, inputs, version)
                now = datetime.now(UTC)
                with store.session() as s:
                    write_analyses(s, [analysis_row(r.id, res, now) for r, res in done])
                    if failures:
                        s.execute(insert(AnalysisFailure), failures)
                for f in failures:
                    report.failed += 1
                    report.errors.append(f"item {f['item_id']}: {f['error']}"[:300])
                report.analysed += len(done)
                if never:
                    report.new_items += len(done)
                else:
                    report.reanalysed += len(done)
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
