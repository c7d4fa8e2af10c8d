"""Building the weekly report from the store and writing it in every format.

``build_weekly_report`` is pure reading (SQL aggregates -> :class:`WeeklyReport`);
``write_weekly_report`` renders it and records a ledger row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from core.errors import PantauError
from core.store.database import Store
from core.store.models import Item, Run
from core.store.runs import RunStats, finish_run, start_run
from core.store.sqltime import local_date
from reports import store_queries as q
from reports.assemble import assemble_weekly_report
from reports.baseline import Baseline, load_baseline, official_kecamatan
from reports.model import AccuracyFigure, Completeness, SourceRun, WeeklyReport, week_bounds
from reports.render import RenderResult, render_report
from reports.settings import WeeklyReportSettings
from reports.turnout_answers import TurnoutAnswers, load_turnout_answers

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")


class WeekError(PantauError):
    exit_code = 2


def parse_week(value: str) -> tuple[int, int]:
    m = _WEEK.match(value.strip().upper())
    if not m:
        raise WeekError(f"Pekan '{value}' tidak valid", "Gunakan bentuk TAHUN-Wnn, mis. 2024-W47.")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        week_bounds(year, week)
    except ValueError as exc:
        raise WeekError(f"Pekan '{value}' tidak ada pada tahun {year}") from exc
    return year, week


def last_complete_week(now: datetime, settings: WeeklyReportSettings) -> tuple[int, int]:
    local = now.astimezone(settings.tz).date()
    year, week, _ = local.isocalendar()
    monday = datetime.fromisocalendar(year, week, 1).date()
    prev = monday.toordinal() - 7
    from datetime import date

    y, w, _ = date.fromordinal(prev).isocalendar()
    return y, w


def busiest_week(store: Store, settings: WeeklyReportSettings) -> tuple[int, int] | None:
    """The ISO week with the most public replies (for the demo and first runs)."""
    day = local_date(Item.created_at, settings.tz, store.dialect).label("day")
    with store.session() as s:
        rows = s.execute(
            select(day, func.count()).where(Item.is_own.is_(False)).group_by(day)
        ).all()
    weeks: dict[tuple[int, int], int] = {}
    from datetime import date

    for d, n in rows:
        dd = d if isinstance(d, date) else date.fromisoformat(str(d))
        iso = dd.isocalendar()
        weeks[(iso.year, iso.week)] = weeks.get((iso.year, iso.week), 0) + int(n)
    return max(weeks, key=lambda k: weeks[k]) if weeks else None


def _baseline(settings: WeeklyReportSettings) -> tuple[Baseline, list[str]]:
    notes: list[str] = []
    try:
        return load_baseline(settings.report.baseline_path), notes
    except PantauError as exc:
        notes.append(f"Baseline tidak dapat dibaca: {exc.message}")
        return Baseline.empty(exc.message), notes


def _answers(settings: WeeklyReportSettings) -> tuple[TurnoutAnswers | None, str | None]:
    """The recommended answers, or why the report has none (the report is still written)."""
    try:
        return load_turnout_answers(settings.report.turnout_answers_path,
                                    settings.calendar_path), None
    except PantauError as exc:
        return None, ("Jawaban yang disarankan untuk sinyal partisipasi tidak dapat dibaca: "
                      f"{exc.message}")


def _completeness(
    store: Store, settings: WeeklyReportSettings, start: datetime, end: datetime
) -> Completeness:
    """The runs behind the week's data: those that brought in its items (whenever they ran,
    e.g. an import of an old export) and the collections and imports that ran during it (a
    failed run brings nothing, and a gap is recorded by the run that hit it)."""
    platforms = settings.source_platforms
    with store.engine.connect() as conn:
        origin = q.week_provenance(conn, start, end)
    by_source: dict[tuple[str, str], SourceRun] = {}
    failures: list[str] = []
    traced = 0
    with store.session() as s:
        runs: dict[int, Run] = {}
        ids = sorted(origin.by_run)
        for i in range(0, len(ids), 500):
            for run in s.scalars(select(Run).where(Run.id.in_(ids[i : i + 500]))):
                runs[run.id] = run
        during = select(Run).where(
            Run.kind.in_(("collect", "import")), Run.started_at >= start, Run.started_at < end
        )
        for run in s.scalars(during):
            runs[run.id] = run
        for run in sorted(runs.values(), key=lambda r: (r.started_at, r.id)):
            kind = "import" if run.kind == "import" else "collect"
            name = run.source_name or run.kind
            src = by_source.setdefault(
                (kind, name),
                SourceRun(source=name, platform=platforms.get(name, "-"), runs=0, kind=kind),
            )
            seen = origin.platforms.get(run.id, set())
            if src.platform == "-" and seen:
                # Not in the config (the demo, a removed source): the platform of its items.
                src.platform = ",".join(sorted(seen))
            brought = origin.by_run.get(run.id, 0)
            traced += brought
            src.runs += 1
            src.items_in_week += brought
            src.items_new += run.items_new
            src.items_skipped += run.items_skipped
            src.items_failed += run.items_failed
            src.rate_limit_wait_seconds += run.wait_seconds
            src.api_cost += run.cost_usd
            src.gaps.extend(str(g) for g in run.gaps or [])
            src.first_started = src.first_started or run.started_at
            src.last_started = run.started_at
            if run.status == "failed":
                src.runs_failed += 1
                local = run.started_at.astimezone(settings.tz).strftime("%d-%m-%Y %H:%M")
                failures.append(f"{name} ({local}): {run.message or 'gagal'}")
    return Completeness(
        sources=list(by_source.values()),
        failures=failures[:30],
        items_in_week=origin.items,
        items_untraced=origin.items - traced,
    )


def model_accuracy() -> list[AccuracyFigure]:
    """Accuracy figures measured when the shipped models were built (if they were recorded)."""
    figures: list[AccuracyFigure] = []
    base = resources.files("nlp") / "models"
    for name in ("sentiment_linear.json", "evaluation.json"):
        path = base / name
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for entry in data.get("report_figures", []) if isinstance(data, dict) else []:
            if isinstance(entry, dict) and "label" in entry:
                figures.append(
                    AccuracyFigure(
                        label=str(entry["label"]),
                        value=entry.get("value"),
                        n=int(entry.get("n", 0)),
                        note=str(entry.get("note", "")),
                    )
                )
    return figures


def _model_name(store: Store) -> str | None:
    from sqlalchemy import desc

    from core.store.models import Analysis

    with store.session() as s:
        return s.scalar(select(Analysis.model_version).order_by(desc(Analysis.id)).limit(1))


def build_weekly_report(
    store: Store,
    settings: WeeklyReportSettings,
    iso_year: int,
    iso_week: int,
    *,
    now: datetime | None = None,
    synthetic: bool = False,
) -> WeeklyReport:
    start, end = week_bounds(iso_year, iso_week)
    prev_start, prev_end = week_bounds(*_previous(iso_year, iso_week))
    now = now or datetime.now(UTC)
    as_of = min(now, end)
    baseline, notes = _baseline(settings)
    answers, answers_note = _answers(settings)
    names = sorted(official_kecamatan())
    show = settings.show_author_handles
    rcfg = settings.report
    with store.engine.connect() as conn:
        q.load_week(conn, prev_start, prev_end, settings.tz)
        previous = q.week_totals(conn)
        last_week = q.turnout_by_kecamatan(conn)
        previous.posts, previous.posts_measured, previous.post_views = q.post_views(
            conn, prev_start, prev_end)
        q.load_week(conn, start, end, settings.tz)
        current = q.week_totals(conn)
        current.posts, current.posts_measured, current.post_views = q.post_views(conn, start, end)
        kec = q.kecamatan_weeks(conn, names)
        daily = q.daily_volume(conn)
        matrix = q.stage_awareness(conn)
        _total, unanswered = q.unanswered_questions(conn, as_of, rcfg.max_unanswered, show)
        rumours = q.rumours(conn)
        review = q.needs_review_count(conn)
        own = q.own_posts(conn, start, end)
        q.drop_week(conn)
        history, history_weeks = q.turnout_history(conn, start, rcfg.turnout_history_weeks,
                                                   settings.tz, last_week)
        conn.commit()
    completeness = _completeness(store, settings, start, end)
    completeness.needs_review = review
    completeness.model_name = _model_name(store)
    completeness.accuracy = model_accuracy()
    return assemble_weekly_report(
        iso_year,
        iso_week,
        current=current,
        previous=previous if previous.has_data else None,
        kecamatan_weeks=kec,
        baseline=baseline,
        settings=rcfg.index,
        daily=daily,
        stage_awareness=matrix,
        unanswered=unanswered,
        rumours=rumours,
        own_posts=own,
        completeness=completeness,
        extra_notes=notes,
        synthetic=synthetic,
        max_unanswered=rcfg.max_unanswered,
        own_handles=settings.own_handles,
        show_handles=show,
        turnout_history=history,
        history_weeks=history_weeks,
        answers=answers,
        answers_note=answers_note,
        as_of=as_of.astimezone(settings.tz).date(),
    )


def _previous(iso_year: int, iso_week: int) -> tuple[int, int]:
    from datetime import date, timedelta

    monday = date.fromisocalendar(iso_year, iso_week, 1) - timedelta(days=7)
    iso = monday.isocalendar()
    return iso.year, iso.week


def resolve_week(store: Store, settings: WeeklyReportSettings, week: str | None) -> tuple[int, int]:
    if week:
        return parse_week(week)
    return last_complete_week(datetime.now(UTC), settings)


def write_weekly_report(
    store: Store,
    settings: WeeklyReportSettings,
    week: str | None,
    out_dir: Path,
    formats: Sequence[str] | None = None,
    *,
    synthetic: bool = False,
) -> RenderResult:
    """Build and render the report of ``week`` (None: the last complete week) into ``out_dir``."""
    year, number = resolve_week(store, settings, week)
    run_id = start_run(store, "report", f"{year}-W{number:02d}")
    stats = RunStats()
    try:
        report = build_weekly_report(store, settings, year, number, synthetic=synthetic)
        result = render_report(report, out_dir, formats or settings.report.formats)
    except BaseException as exc:
        finish_run(store, run_id, stats, "failed", f"{type(exc).__name__}: {exc}"[:500])
        raise
    stats.details = {"files": {k: str(v) for k, v in result.items()}}
    stats.errors = [f"{fmt}: {err.message}" for fmt, err in result.failures.items()]
    finish_run(store, run_id, stats, "ok" if result.ok else "partial")
    return result


def report_summary(report: WeeklyReport) -> dict[str, Any]:
    """A few lines for the terminal: the top of the index."""
    return {
        "week": f"{report.iso_year}-W{report.iso_week:02d}",
        "replies": report.current.replies,
        "top": [(r.kecamatan, round(r.score, 1)) for r in report.ranked[:5]],
    }
