"""Turnout rules: a cluster of golput intent in one kecamatan, and a rise in voting-barrier
replies while the window that fixes them (registration, pindah memilih) is still open.

Cynicism has no rule of its own. It is the common, diffuse kind of turnout talk (distrust of
politicians as a class) with no event behind it and no deadline; the commission answers it with
civic messaging and outreach visits planned from the weekly report, not within the hour. Where
it helps, next to stated golput intent, it is reported inside the golput alert: the count of
cynical replies from the same kecamatan and window, with examples, and what to do about them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select

from alerts.deadlines import Deadline, shipped_calendar, windows_on
from alerts.messages import local_stamp
from alerts.rule_base import (
    Detection,
    RuleContext,
    aware,
    base_facts,
    latest_analysis,
    public_items,
    ratio_text,
    samples,
    strip_evidence,
)
from alerts.settings import BarrierRiseRule
from core.store.models import Analysis, Item

CYNICISM_SAMPLES = 2


def _sum(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def golput_cluster(ctx: RuleContext) -> list[Detection]:
    """Several replies from one kecamatan saying they will not vote, a sizeable share of it.

    The detection also carries, for the same kecamatan and window, how many replies are
    cynical about politics and how many of the golput replies name a practical barrier:
    they change the answer (civic messaging, or registration and transfer information).
    """
    rule = ctx.settings.rules.golput_cluster
    since = ctx.now - timedelta(hours=rule.window_hours)
    window = [Item.created_at > since, Item.created_at <= ctx.now, Analysis.kecamatan.is_not(None)]
    golput = Analysis.is_golput_intent.is_(True)
    cynical = Analysis.is_cynicism.is_(True)
    stmt = (
        select(
            Analysis.kecamatan,
            _sum(golput),
            func.count(),
            _sum(and_(golput, Analysis.needs_review.is_(True))),
            _sum(cynical),
            _sum(and_(golput, Analysis.is_voting_barrier.is_(True))),
        )
        .join(Item, Item.id == Analysis.item_id)
        .where(latest_analysis(), *public_items(), *window)
        .group_by(Analysis.kecamatan)
    )
    found = []
    for kecamatan, count, total, review, cynicism, with_barrier in ctx.session.execute(stmt):
        count, total, cynicism = int(count or 0), int(total or 0), int(cynicism or 0)
        if count < rule.min_count or count < rule.min_share * total:
            continue
        place = Analysis.kecamatan == kecamatan
        facts = base_facts(
            ctx,
            kecamatan=kecamatan,
            count=count,
            total=total,
            share=count / total,
            review=int(review or 0),
            window_hours=rule.window_hours,
            cynicism=cynicism,
            with_barrier=int(with_barrier or 0),
            samples=strip_evidence(samples(ctx, [*window, golput, place])),
            cynicism_samples=strip_evidence(
                samples(ctx, [*window, cynical, ~golput, place], CYNICISM_SAMPLES)
            ) if cynicism else [],
        )
        found.append(Detection("golput_cluster", f"golput_cluster:{kecamatan}", rule.severity,
                               count, facts, kecamatan))
    return found


def _deadline_facts(
    kinds: dict[str, int], open_: dict[str, Deadline], passed: dict[str, list[Deadline]],
    today: Any,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The open deadlines (nearest first) with the kinds each concerns, and those passed."""
    by_deadline: dict[Deadline, list[str]] = defaultdict(list)
    for kind in kinds:
        by_deadline[open_[kind]].append(kind)
    ahead = [
        {"label": d.label, "date": d.day.isoformat(), "days_left": (d.day - today).days,
         "kinds": sorted(ks)}
        for d, ks in sorted(by_deadline.items(), key=lambda dk: (dk[0].day, dk[0].label))
    ]
    gone = {d for kind in kinds for d in passed.get(kind, [])}
    return ahead, [{"label": d.label, "date": d.day.isoformat()}
                   for d in sorted(gone, key=lambda d: d.day)]


def _first_item(ctx: RuleContext) -> datetime | None:
    first = ctx.session.scalar(
        select(func.min(Item.created_at)).where(*public_items(), Item.created_at <= ctx.now)
    )
    return aware(first) if first is not None else None


def barrier_rise(ctx: RuleContext) -> list[Detection]:
    """Voting-barrier replies above their own recent rate, counting only the kinds whose
    registration or transfer window is still open on the local day of ``now``.

    When the store holds less than one window's worth of earlier data (collection just
    started), nothing can be compared: a large enough count is still reported, saying so.
    A window reference the calendar does not hold becomes an alert of its own, so a new
    calendar without the expected key dates is not silently ignored.
    """
    rule: BarrierRiseRule = ctx.settings.rules.barrier_rise
    calendar = ctx.calendar if ctx.calendar is not None else shipped_calendar()
    today = ctx.now.astimezone(ctx.tz).date()
    windows = windows_on(calendar, rule.windows, today)
    if windows.problems:
        facts = base_facts(ctx, problems=windows.problems)
        return [Detection("barrier_rise", "barrier_rise:_konfigurasi", rule.severity,
                          len(windows.problems), facts)]
    kinds = sorted(windows.open)
    if not kinds:
        return []
    start = ctx.now - timedelta(hours=rule.window_hours)
    base_start = start - timedelta(days=rule.baseline_days)
    first = _first_item(ctx)
    base_from = max(base_start, first) if first is not None else start
    span_hours = max((start - base_from).total_seconds() / 3600, 0.0)
    comparable = span_hours >= rule.window_hours
    in_window = Item.created_at > start
    barrier = [Analysis.is_voting_barrier.is_(True), Analysis.barrier.in_(kinds)]
    stmt = (
        select(
            Analysis.kecamatan,
            Analysis.barrier,
            _sum(in_window),
            func.sum(case((in_window, 0), else_=1)),
            _sum(and_(in_window, Analysis.needs_review.is_(True))),
        )
        .join(Item, Item.id == Analysis.item_id)
        .where(latest_analysis(), *public_items(), *barrier, Item.created_at > base_start,
               Item.created_at <= ctx.now)
        .group_by(Analysis.kecamatan, Analysis.barrier)
    )
    places: dict[str, dict[str, Any]] = {}
    for kecamatan, kind, win, base, review in ctx.session.execute(stmt):
        for key in (kecamatan, "_semua") if kecamatan else ("_semua",):
            agg = places.setdefault(key, {"count": 0, "base": 0, "review": 0, "kinds": {}})
            agg["count"] += int(win or 0)
            agg["base"] += int(base or 0)
            agg["review"] += int(review or 0)
            if win:
                agg["kinds"][kind] = agg["kinds"].get(kind, 0) + int(win)
    found = []
    for key, agg in sorted(places.items()):
        overall = key == "_semua"
        minimum = rule.min_count_overall if overall else rule.min_count_kecamatan
        count = agg["count"]
        expected = agg["base"] * rule.window_hours / span_hours if comparable else None
        if count < minimum or (expected is not None and count < rule.ratio * max(expected, 1.0)):
            continue
        seen = dict(sorted(agg["kinds"].items(), key=lambda kn: (-kn[1], kn[0])))
        ahead, gone = _deadline_facts(seen, windows.open, windows.passed, today)
        conditions = [*barrier, Analysis.barrier.in_(list(seen)), in_window,
                      Item.created_at <= ctx.now]
        if not overall:
            conditions.append(Analysis.kecamatan == key)
        facts = base_facts(
            ctx,
            kecamatan=None if overall else key,
            count=count,
            review=agg["review"],
            by_kind=list(seen.items()),
            expected=expected,
            ratio_text=ratio_text(count, expected) if expected is not None else None,
            data_since=local_stamp(first, ctx.tz) if first is not None else None,
            window_hours=rule.window_hours,
            baseline_days=rule.baseline_days,
            deadlines=ahead,
            passed=gone,
            samples=strip_evidence(samples(ctx, conditions)),
        )
        dedup = "barrier_rise:_semua" if overall else f"barrier_rise:{key}"
        found.append(Detection("barrier_rise", dedup, rule.severity, count, facts,
                               None if overall else key))
    return found
