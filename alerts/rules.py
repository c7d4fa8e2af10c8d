"""The alert rules: each turns the store's state at ``now`` into zero or more detections.

The turnout rules (golput cluster, barrier rise) live in ``alerts.turnout_rules``, the analysis
failure rule in ``alerts.analysis_rules``, the shared building blocks in ``alerts.rule_base``.
Counting happens in SQL (GROUP BY over indexed columns): the store may hold millions of items,
and only a handful of sample rows per detection are loaded, for the links in the message.
Each item counts with its latest analysis (highest id), whatever the model version.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.orm import aliased

from alerts.analysis_rules import analysis_failures
from alerts.messages import local_stamp
from alerts.rule_base import COLLECT_KINDS, Detection, RuleContext, item_link
from alerts.rule_base import aware as _aware
from alerts.rule_base import base_facts as _base_facts
from alerts.rule_base import latest_analysis as _latest
from alerts.rule_base import public_items as _public
from alerts.rule_base import ratio_text as _ratio_text
from alerts.rule_base import review_sum as _review_sum
from alerts.rule_base import samples as _samples
from alerts.rule_base import strip_evidence as _strip
from alerts.settings import SEVERITY_ORDER
from alerts.turnout_rules import barrier_rise, golput_cluster
from core.store.models import Analysis, Item, Run

__all__ = ["RULES", "Detection", "RuleContext", "evaluate_rules", "item_link",
           "response_target_hours"]


# -- the rules ------------------------------------------------------------------------------
def misinformation(ctx: RuleContext) -> list[Detection]:
    """Public replies flagged as misinformation in the window, one detection per stage."""
    rule = ctx.settings.rules.misinformation
    since = ctx.now - timedelta(hours=rule.window_hours)
    window = [
        Analysis.is_misinformation.is_(True),
        Item.created_at > since,
        Item.created_at <= ctx.now,
    ]
    stmt = (
        select(Analysis.stage, Analysis.kecamatan, func.count(), _review_sum())
        .join(Item, Item.id == Analysis.item_id)
        .where(_latest(), *_public(), *window)
        .group_by(Analysis.stage, Analysis.kecamatan)
    )
    per_stage: dict[str, list[tuple[str | None, int, int]]] = defaultdict(list)
    for stage, kecamatan, count, review in ctx.session.execute(stmt):
        per_stage[stage or "none"].append((kecamatan, int(count), int(review or 0)))
    found = []
    for stage, rows in sorted(per_stage.items()):
        total = sum(r[1] for r in rows)
        if total < rule.min_count:
            continue
        samples = _samples(ctx, [*window, Analysis.stage == stage])
        evidence: list[dict[str, Any]] = []
        for s in samples:
            for ev in s.pop("evidence"):
                if ev not in evidence and len(evidence) < 3:
                    evidence.append(ev)
        correction, link = ctx.corrections.get(stage, ("", ""))
        for ev in evidence:
            if ev.get("koreksi"):
                correction, link = ev["koreksi"], ev.get("tautan", link)
                break
        by_kec = sorted(((k, c) for k, c, _ in rows), key=lambda r: (-r[1], r[0] or "~"))
        severity = "critical" if total >= rule.critical_count else rule.severity
        facts = _base_facts(
            ctx,
            stage=stage,
            count=total,
            review=sum(r[2] for r in rows),
            window_hours=rule.window_hours,
            by_kecamatan=by_kec,
            evidence=evidence,
            correction=correction,
            correction_link=link,
            samples=samples,
        )
        found.append(Detection("misinformation", f"misinformation:{stage}", severity, total, facts))
    return found


def _window_vs_baseline(
    ctx: RuleContext,
    window_hours: int,
    baseline_days: int,
    extra: Sequence[ColumnElement[bool]],
) -> dict[str | None, tuple[int, int, int]]:
    """{kecamatan or None: (count in window, count in baseline, needs_review in window)}."""
    start = ctx.now - timedelta(hours=window_hours)
    base_start = start - timedelta(days=baseline_days)
    in_window = Item.created_at > start
    stmt = (
        select(
            Analysis.kecamatan,
            func.sum(case((in_window, 1), else_=0)),
            func.sum(case((in_window, 0), else_=1)),
            func.sum(case((and_(in_window, Analysis.needs_review.is_(True)), 1), else_=0)),
        )
        .join(Item, Item.id == Analysis.item_id)
        .where(
            _latest(),
            *_public(),
            *extra,
            Item.created_at > base_start,
            Item.created_at <= ctx.now,
        )
        .group_by(Analysis.kecamatan)
    )
    return {
        kecamatan: (int(win or 0), int(base or 0), int(review or 0))
        for kecamatan, win, base, review in ctx.session.execute(stmt)
    }


def negative_spike(ctx: RuleContext) -> list[Detection]:
    """More negative replies than the place's own recent baseline, above a minimum count."""
    rule = ctx.settings.rules.negative_spike
    negative = [Analysis.sentiment == "negative"]
    scale = rule.window_hours / (rule.baseline_days * 24)
    found = []
    # One scan: per kecamatan (NULL = unknown place) and, summed, the whole regency.
    groups = _window_vs_baseline(ctx, rule.window_hours, rule.baseline_days, negative)
    checks: list[tuple[str | None, tuple[int, int, int], int]] = [
        (k, v, rule.min_count_kecamatan) for k, v in groups.items() if k is not None
    ]
    if groups:
        totals = tuple(sum(v[i] for v in groups.values()) for i in range(3))
        checks.append((None, (totals[0], totals[1], totals[2]), rule.min_count_overall))
    for kecamatan, (count, baseline, review), minimum in checks:
        expected = baseline * scale
        if count < minimum or count < rule.ratio * max(expected, 1.0):
            continue
        conditions = [*negative, Item.created_at > ctx.now - timedelta(hours=rule.window_hours),
                      Item.created_at <= ctx.now]
        if kecamatan is not None:
            conditions.append(Analysis.kecamatan == kecamatan)
        facts = _base_facts(
            ctx,
            kecamatan=kecamatan,
            count=count,
            review=review,
            expected=expected,
            ratio_text=_ratio_text(count, expected),
            window_hours=rule.window_hours,
            baseline_days=rule.baseline_days,
            samples=_strip(_samples(ctx, conditions)),
        )
        key = f"negative_spike:{kecamatan}" if kecamatan else "negative_spike:_semua"
        found.append(Detection("negative_spike", key, rule.severity, count, facts, kecamatan))
    return found


def response_target_hours(ctx: RuleContext) -> tuple[float, str]:
    """The response-time target at ``now``: tighter from H-7 to H+1 around voting day."""
    rule = ctx.settings.rules.unanswered_questions
    if ctx.voting_day is not None:
        today = ctx.now.astimezone(ctx.tz).date()
        offset = (today - ctx.voting_day).days
        if -rule.near_vote_days_before <= offset <= rule.near_vote_days_after:
            when = f"H{offset:+d}" if offset else "hari pemungutan suara"
            return rule.near_vote_target_hours, (
                f"{rule.near_vote_target_hours:g} jam menjelang dan sesudah hari pemungutan "
                f"suara, sekarang {when}"
            )
    return rule.target_hours, f"{rule.target_hours:g} jam pada hari biasa"


def unanswered_questions(ctx: RuleContext) -> list[Detection]:
    """Public questions with no reply from an own account past the response-time target."""
    rule = ctx.settings.rules.unanswered_questions
    target, reason = response_target_hours(ctx)
    reply = aliased(Item)
    answered = exists().where(
        reply.platform == Item.platform,
        reply.parent_external_id == Item.external_id,
        reply.is_own.is_(True),
        reply.created_at <= ctx.now,
    )
    conditions = [
        Analysis.is_question.is_(True),
        Item.created_at <= ctx.now - timedelta(hours=target),
        Item.created_at > ctx.now - timedelta(days=rule.max_age_days),
        ~answered,
    ]
    stmt = (
        select(Analysis.kecamatan, func.count(), _review_sum(), func.min(Item.created_at))
        .join(Item, Item.id == Analysis.item_id)
        .where(_latest(), *_public(), *conditions)
        .group_by(Analysis.kecamatan)
    )
    rows = list(ctx.session.execute(stmt))
    total = sum(int(r[1]) for r in rows)
    if total < rule.min_count:
        return []
    oldest = min(_aware(r[3]) for r in rows)
    by_kec = sorted(((r[0], int(r[1])) for r in rows), key=lambda r: (-r[1], r[0] or "~"))
    facts = _base_facts(
        ctx,
        count=total,
        review=sum(int(r[2] or 0) for r in rows),
        target_hours=target,
        target_reason=reason,
        oldest_hours=(ctx.now - oldest).total_seconds() / 3600,
        by_kecamatan=by_kec,
        samples=_strip(_samples(ctx, conditions)),
    )
    return [Detection("unanswered_questions", "unanswered_questions", rule.severity, total, facts)]


def volume_spike(ctx: RuleContext) -> list[Detection]:
    """Far more public replies than usual (counted on items, no analysis needed)."""
    rule = ctx.settings.rules.volume_spike
    start = ctx.now - timedelta(hours=rule.window_hours)
    base_start = start - timedelta(days=rule.baseline_days)
    in_window = Item.created_at > start
    stmt = select(
        func.sum(case((in_window, 1), else_=0)), func.sum(case((in_window, 0), else_=1))
    ).where(*_public(), Item.created_at > base_start, Item.created_at <= ctx.now)
    count, baseline = (int(v or 0) for v in ctx.session.execute(stmt).one())
    expected = baseline * rule.window_hours / (rule.baseline_days * 24)
    if count < rule.min_count or count < rule.ratio * max(expected, 1.0):
        return []
    facts = _base_facts(
        ctx,
        count=count,
        expected=expected,
        ratio_text=_ratio_text(count, expected),
        window_hours=rule.window_hours,
    )
    return [Detection("volume_spike", "volume_spike", rule.severity, count, facts)]


def _recent_collect_runs(ctx: RuleContext, days: int = 14) -> dict[str, list[Run]]:
    since = ctx.now - timedelta(days=days)
    names = ctx.session.scalars(
        select(Run.source_name)
        .where(Run.kind.in_(COLLECT_KINDS), Run.source_name.is_not(None), Run.started_at > since)
        .distinct()
    ).all()
    out = {}
    for name in names:
        stmt = (
            select(Run)
            .where(Run.kind.in_(COLLECT_KINDS), Run.source_name == name, Run.status != "running")
            .order_by(Run.started_at.desc(), Run.id.desc())
            .limit(20)
        )
        out[str(name)] = list(ctx.session.scalars(stmt))
    return out


def source_failing(ctx: RuleContext) -> list[Detection]:
    """The last N finished collection runs of a source all failed."""
    rule = ctx.settings.rules.source_failing
    found = []
    for source, runs in sorted(_recent_collect_runs(ctx).items()):
        last = runs[: rule.consecutive_failures]
        if len(last) < rule.consecutive_failures or any(r.status != "failed" for r in last):
            continue
        failures = 0
        for run in runs:
            if run.status != "failed":
                break
            failures += 1
        error = (last[0].message or "; ".join(last[0].errors or []) or "tidak dicatat")[:300]
        facts = _base_facts(ctx, source=source, failures=failures, last_error=error)
        found.append(
            Detection("source_failing", f"source_failing:{source}", rule.severity, failures, facts)
        )
    return found


def token_expiring(ctx: RuleContext) -> list[Detection]:
    """A collector reported ``details.token_expires_at`` within ``warn_days`` (or past)."""
    rule = ctx.settings.rules.token_expiring
    found = []
    for source, runs in sorted(_recent_collect_runs(ctx).items()):
        expires = next(
            (
                r.details["token_expires_at"]
                for r in runs
                if r.details and r.details.get("token_expires_at")
            ),
            None,
        )
        if not expires:
            continue
        try:
            moment = _aware(datetime.fromisoformat(str(expires)))
        except ValueError:
            continue
        left = moment - ctx.now
        if left > timedelta(days=rule.warn_days):
            continue
        expired = left.total_seconds() <= 0
        facts = _base_facts(
            ctx,
            source=source,
            state="sudah kedaluwarsa" if expired else "segera kedaluwarsa",
            expires=f"berlaku sampai {local_stamp(moment, ctx.tz)}",
        )
        severity = "critical" if expired else rule.severity
        magnitude = max(0.0, rule.warn_days - left.total_seconds() / 86400)
        found.append(
            Detection("token_expiring", f"token_expiring:{source}", severity, magnitude, facts)
        )
    return found


def api_budget(ctx: RuleContext) -> list[Detection]:
    """Estimated API cost of the current local month against ``api.monthly_budget_usd``."""
    rule = ctx.settings.rules.api_budget
    if ctx.monthly_budget_usd <= 0:
        return []
    local = ctx.now.astimezone(ctx.tz)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    spent = float(
        ctx.session.scalar(
            select(func.coalesce(func.sum(Run.cost_usd), 0.0)).where(
                Run.started_at >= month_start, Run.started_at <= ctx.now
            )
        )
        or 0.0
    )
    fraction = spent / ctx.monthly_budget_usd
    if fraction < rule.warn_fraction:
        return []
    month = f"{local:%Y-%m}"
    facts = _base_facts(
        ctx, month=month, spent=spent, budget=ctx.monthly_budget_usd, fraction=fraction
    )
    severity = "critical" if fraction >= 1.0 else rule.severity
    return [Detection("api_budget", f"api_budget:{month}", severity, fraction * 100, facts)]



RULES: dict[str, Callable[[RuleContext], list[Detection]]] = {
    "misinformation": misinformation,
    "negative_spike": negative_spike,
    "golput_cluster": golput_cluster,
    "barrier_rise": barrier_rise,
    "unanswered_questions": unanswered_questions,
    "volume_spike": volume_spike,
    "source_failing": source_failing,
    "token_expiring": token_expiring,
    "api_budget": api_budget,
    "analysis_failures": analysis_failures,
}


def evaluate_rules(ctx: RuleContext) -> tuple[list[Detection], list[str]]:
    """Run every enabled rule; returns the detections and the names of the rules that ran."""
    detections: list[Detection] = []
    ran = []
    for name, rule_settings in ctx.settings.rules.items():
        if not rule_settings.enabled:
            continue
        ran.append(name)
        detections.extend(RULES[name](ctx))
    detections.sort(key=lambda d: (-SEVERITY_ORDER[d.severity], d.rule, d.dedup_key))
    return detections, ran
