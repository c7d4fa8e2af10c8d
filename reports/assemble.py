"""Assemble a `WeeklyReport` from plain weekly aggregates (what a store query returns).

This is the one place that turns counts into the report's derived parts: the ranked index,
the map values, a full seven-day series, trimmed quotes, and the notes on missing data and
estimates, so that every caller (the scheduler, the CLI, tests) gets the same report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from core.privacy import HandleMasker
from reports.baseline import Baseline
from reports.labels import fmt_int, fmt_pct
from reports.model import (
    WIB,
    Completeness,
    DailyVolume,
    MatrixCell,
    OwnPostPerformance,
    Rumour,
    UnansweredQuestion,
    WeeklyReport,
    WeekTotals,
    week_bounds,
)
from reports.outreach_index import KecamatanWeek, OutreachIndexSettings, OutreachNeedIndex
from reports.turnout import TurnoutCounts, build_turnout_section, total
from reports.turnout_answers import TurnoutAnswers

MAX_QUOTE_CHARS = 220
MAX_UNANSWERED = 15


def short_quote(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """Collapse whitespace and cut at a word boundary: citizens appear only as short quotes."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] or flat[: limit - 1]
    return cut + "…"


def full_week(days: Sequence[DailyVolume], iso_year: int, iso_week: int) -> list[DailyVolume]:
    """The seven days of the week in order, with zero rows for days without any reply."""
    start, _ = week_bounds(iso_year, iso_week)
    by_day = {d.day: d for d in days}
    out = []
    for i in range(7):
        day = (start + timedelta(days=i)).date()
        out.append(by_day.get(day, DailyVolume(day)))
    return out


def assemble_weekly_report(
    iso_year: int,
    iso_week: int,
    *,
    current: WeekTotals,
    previous: WeekTotals | None,
    kecamatan_weeks: Sequence[KecamatanWeek],
    baseline: Baseline,
    settings: OutreachIndexSettings | None = None,
    daily: Sequence[DailyVolume] = (),
    stage_awareness: Sequence[MatrixCell] = (),
    unanswered: Sequence[UnansweredQuestion] = (),
    rumours: Sequence[Rumour] = (),
    own_posts: Sequence[OwnPostPerformance] = (),
    completeness: Completeness | None = None,
    generated_at: datetime | None = None,
    extra_notes: Sequence[str] = (),
    synthetic: bool = False,
    max_unanswered: int = MAX_UNANSWERED,
    own_handles: Sequence[str] = (),
    show_handles: bool = False,
    turnout_history: Mapping[str | None, Sequence[TurnoutCounts]] | None = None,
    history_weeks: Sequence[str] = (),
    answers: TurnoutAnswers | None = None,
    answers_note: str | None = None,
    as_of: date | None = None,
) -> WeeklyReport:
    """Build the weekly report; see the module docstring for what is derived here.

    Unless ``show_handles`` (``privacy`` allows handles in reports), every quote and link is
    masked here, once for every renderer: citizens' ``@handles`` become ``@warga`` and X links
    name no account; ``own_handles`` (the commission's accounts) stay.

    ``turnout_history`` holds the turnout counts of the ``history_weeks`` before this one per
    kecamatan (None: replies without a place); ``answers`` the recommended answers, whose
    deadlines are counted from ``as_of`` (default: the day after the week, when it is read).
    """
    index_settings = settings or OutreachIndexSettings()
    if not show_handles:
        mask = HandleMasker(own_handles)
        kecamatan_weeks = [
            replace(w, top_topics=[mask.text(t) for t in w.top_topics]) for w in kecamatan_weeks
        ]
        unanswered = [replace(q, quote=mask.text(q.quote), url=mask.url(q.url),
                              post_url=mask.url(q.post_url)) for q in unanswered]
        rumours = [replace(m, quote=mask.text(m.quote), evidence=mask.text(m.evidence))
                   for m in rumours]
        own_posts = [replace(p, snippet=mask.text(p.snippet)) for p in own_posts]
    as_of = as_of or week_bounds(iso_year, iso_week)[1].date()
    rows = OutreachNeedIndex(index_settings).rank(kecamatan_weeks, baseline, answers=answers,
                                                  as_of=as_of)
    history = dict(turnout_history or {})
    weeks_by_name = {w.kecamatan: w for w in kecamatan_weeks}
    turnout = build_turnout_section(
        current={n: w.turnout for n, w in weeks_by_name.items() if w.turnout.replies},
        history={k: v for k, v in history.items() if k is not None},
        regency_current=current.turnout,
        regency_history=[
            total([series[i] for series in history.values()]) for i in range(len(history_weeks))
        ],
        history_weeks=history_weeks,
        baseline=baseline,
        kecamatan_names=[r.kecamatan for r in sorted(rows, key=lambda r: r.kecamatan_code)],
        answers=answers,
        answers_note=answers_note,
        as_of=as_of,
        regency_turnout_2024=index_settings.fallback_turnout,
    )
    oldest_first = sorted(unanswered, key=lambda q: -q.age_hours)[:max_unanswered]
    notes = list(extra_notes) + ([answers_note] if answers_note else [])
    notes += _notes(current, rows, kecamatan_weeks, baseline, completeness or Completeness(),
                    len(unanswered), max_unanswered)
    return WeeklyReport(
        iso_year=iso_year,
        iso_week=iso_week,
        generated_at=generated_at or datetime.now(WIB),
        current=current,
        previous=previous,
        index=rows,
        index_settings=index_settings,
        map_values={r.kecamatan: (r.score if r.has_data else None) for r in rows},
        daily=full_week(daily, iso_year, iso_week),
        stage_awareness=list(stage_awareness),
        unanswered=[replace(q, quote=short_quote(q.quote)) for q in oldest_first],
        rumours=[replace(m, quote=short_quote(m.quote)) for m in rumours],
        own_posts=[replace(p, snippet=short_quote(p.snippet, 120)) for p in own_posts],
        completeness=completeness or Completeness(),
        turnout=turnout,
        notes=notes,
        baseline_missing_reason=baseline.missing_reason,
        synthetic=synthetic,
    )


def _notes(
    current: WeekTotals,
    rows: Sequence[object],
    weeks: Sequence[KecamatanWeek],
    baseline: Baseline,
    completeness: Completeness,
    n_unanswered: int,
    max_unanswered: int,
) -> list[str]:
    notes: list[str] = []
    mapped = sum(w.replies for w in weeks)
    if current.replies > 0:
        unmapped = max(0, current.replies - mapped)
        notes.append(
            f"{fmt_int(mapped)} dari {fmt_int(current.replies)} balasan "
            f"({fmt_pct(mapped / current.replies)}) dapat dipetakan ke kecamatan; "
            f"{fmt_int(unmapped)} tanpa lokasi hanya masuk angka kabupaten."
        )
    no_data = [getattr(r, "kecamatan", "") for r in rows if not getattr(r, "has_data", True)]
    if no_data and len(no_data) < len(rows):
        notes.append(f"Tidak ada balasan minggu ini dari {len(no_data)} kecamatan "
                     f"({', '.join(no_data)}); kecamatan itu tidak diperingkat (tanpa sinyal), "
                     "hanya dicantumkan dengan baseline-nya.")
    elif no_data:
        notes.append("Tidak ada balasan yang terpetakan ke kecamatan mana pun minggu ini; tidak "
                     "ada kecamatan yang diperingkat.")
    if baseline.is_empty:
        notes.append("Baseline per kecamatan tidak tersedia; komponen partisipasi memakai "
                     "angka kabupaten untuk semua kecamatan.")
    else:
        estimated = sum(1 for r in baseline if r.dpt_2024 is not None and r.dpt_2024.is_estimate)
        no_turnout = sum(1 for r in baseline if r.turnout_2024 is None)
        if estimated:
            notes.append(f"DPT {estimated} dari {len(baseline.rows)} kecamatan adalah perkiraan; "
                         "sumber tiap angka ada di berkas baseline.")
        if no_turnout:
            notes.append(f"Partisipasi 2024 belum diketahui untuk {no_turnout} kecamatan; "
                         "dipakai angka kabupaten.")
    if n_unanswered > max_unanswered:
        notes.append(f"Ditampilkan {max_unanswered} dari {fmt_int(n_unanswered)} pertanyaan "
                     "terbuka (yang paling lama menunggu).")
    if completeness.needs_review:
        notes.append(f"{fmt_int(completeness.needs_review)} balasan ditandai perlu ditinjau "
                     "manusia; angka yang bergantung padanya bisa bergeser.")
    if not completeness.accuracy:
        notes.append("Akurasi model penanda belum diukur untuk laporan ini.")
    return notes
