"""The alert rules: each turns the store's state at ``now`` into zero or more detections.

Counting happens in SQL (GROUP BY over indexed columns): the store may hold millions of items,
and only a handful of sample rows per detection are loaded, for the links in the message.
Each item counts with its latest analysis (highest id), whatever the model version.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from alerts.messages import local_stamp
from alerts.settings import SEVERITY_ORDER, AlertSettings
from core.privacy import HandleMasker
from core.store.models import Analysis, Item, Run

COLLECT_KINDS = ("collect",)
_TEXT_LIMIT = 160


@dataclass
class Detection:
    """A condition a rule found; ``dedup_key`` says which ongoing thing it is."""

    rule: str
    dedup_key: str
    severity: str
    magnitude: float
    facts: dict[str, Any]
    kecamatan: str | None = None


@dataclass
class RuleContext:
    """What a rule may read: one session, the evaluation time and the settings."""

    session: Session
    now: datetime
    settings: AlertSettings
    tz: ZoneInfo
    voting_day: Any = None  # datetime.date of voting day (from the stage calendar)
    corrections: dict[str, tuple[str, str]] = field(default_factory=dict)
    monthly_budget_usd: float = 0.0
    # Citizens' @handles and account links in sample texts and links become @warga (the
    # facts are stored with the alert and sent to channels); own accounts stay.
    masker: HandleMasker = field(default_factory=HandleMasker)


# -- SQL building blocks --------------------------------------------------------------------
_Newer = aliased(Analysis)


def _latest() -> ColumnElement[bool]:
    newest = (
        select(func.max(_Newer.id)).where(_Newer.item_id == Item.id).correlate(Item)
    ).scalar_subquery()
    return Analysis.id == newest


def _public() -> list[ColumnElement[bool]]:
    return [Item.is_own.is_(False), Item.deleted_at.is_(None)]


def _review_sum() -> Any:
    return func.sum(case((Analysis.needs_review.is_(True), 1), else_=0))


def item_link(platform: str, external_id: str, url: str | None) -> str | None:
    """The item's own link: its stored permalink, or for X the status link its id makes.

    Only an X id is a link by itself (``x.com/i/web/status/<id>`` opens any post). A Facebook
    or Instagram comment id is not a page address, so without a stored permalink (rows
    imported from an export have none) there is no link: see :func:`_post_links`.
    """
    if url:
        return url
    if platform == "x":
        return f"https://x.com/i/web/status/{external_id}"
    return None


def _post_links(session: Session, items: Sequence[Item]) -> dict[tuple[str, str], str]:
    """The stored permalinks of the posts these replies answer ((platform, post id) -> url)."""
    wanted = {(i.platform, i.conversation_id) for i in items if i.conversation_id}
    if not wanted:
        return {}
    stmt = select(Item.platform, Item.external_id, Item.url).where(
        Item.platform.in_(sorted({platform for platform, _ in wanted})),
        Item.external_id.in_(sorted({post for _, post in wanted})),
        Item.url.is_not(None),
    )
    return {(p, e): u for p, e, u in session.execute(stmt) if (p, e) in wanted and u}


def _samples(ctx: RuleContext, conditions: Sequence[ColumnElement[bool]]) -> list[dict[str, Any]]:
    """A few of the newest items behind a detection, for the message.

    Every sample lies inside the rule's window: the conditions bound it from below and this
    bounds it by ``now`` (an alert checked on 27 November must not quote replies of December,
    which a replay over stored data would otherwise find).
    """
    limit = ctx.settings.item_link_limit
    if limit == 0:
        return []
    stmt = (
        select(Item, Analysis)
        .join(Analysis, Analysis.item_id == Item.id)
        .where(_latest(), *_public(), Item.created_at <= ctx.now, *conditions)
        .order_by(Item.created_at.desc(), Item.id.desc())
        .limit(limit)
    )
    rows = [(item, analysis) for item, analysis in ctx.session.execute(stmt)]
    posts = _post_links(ctx.session, [item for item, _ in rows if not item_link(
        item.platform, item.external_id, item.url)])
    out = []
    mask = ctx.masker
    for item, analysis in rows:
        text = " ".join(mask.text(item.text).split())
        if len(text) > _TEXT_LIMIT:
            text = text[: _TEXT_LIMIT - 3] + "..."
        evidence = (analysis.evidence or {}).get("misinformation", [])
        link = item_link(item.platform, item.external_id, item.url)
        post_link = None if link else posts.get((item.platform, item.conversation_id or ""))
        out.append(
            {
                "item_id": item.id,
                "link": mask.url(link),
                "post_link": mask.url(post_link),
                "text": text,
                "kecamatan": analysis.kecamatan,
                "when": local_stamp(item.created_at, ctx.tz),
                "evidence": [_masked_finding(f, mask) for f in evidence],
            }
        )
    return out


def _masked_finding(finding: Any, mask: HandleMasker) -> Any:
    """A misinformation finding with the quoted claim masked (it is a piece of the reply)."""
    if isinstance(finding, dict) and isinstance(finding.get("disebut"), str):
        return {**finding, "disebut": mask.text(finding["disebut"])}
    return finding


def _base_facts(ctx: RuleContext, **extra: Any) -> dict[str, Any]:
    return {"as_of": ctx.now.isoformat(), **extra}


def _ratio_text(count: int, expected: float) -> str:
    if expected <= 0:
        return "jauh di atas biasanya (sebelumnya hampir tidak ada)"
    return f"{count / expected:.1f} kali".replace(".", ",")


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


def golput_cluster(ctx: RuleContext) -> list[Detection]:
    """Several replies from one kecamatan saying they will not vote, a sizeable share of it."""
    rule = ctx.settings.rules.golput_cluster
    since = ctx.now - timedelta(hours=rule.window_hours)
    window = [Item.created_at > since, Item.created_at <= ctx.now, Analysis.kecamatan.is_not(None)]
    golput = Analysis.is_golput_intent.is_(True)
    stmt = (
        select(
            Analysis.kecamatan,
            func.sum(case((golput, 1), else_=0)),
            func.count(),
            func.sum(case((and_(golput, Analysis.needs_review.is_(True)), 1), else_=0)),
        )
        .join(Item, Item.id == Analysis.item_id)
        .where(_latest(), *_public(), *window)
        .group_by(Analysis.kecamatan)
    )
    found = []
    for kecamatan, count, total, review in ctx.session.execute(stmt):
        count, total = int(count or 0), int(total or 0)
        if count < rule.min_count or count < rule.min_share * total:
            continue
        facts = _base_facts(
            ctx,
            kecamatan=kecamatan,
            count=count,
            total=total,
            share=count / total,
            review=int(review or 0),
            window_hours=rule.window_hours,
            samples=_strip(_samples(ctx, [*window, golput, Analysis.kecamatan == kecamatan])),
        )
        found.append(
            Detection(
                "golput_cluster",
                f"golput_cluster:{kecamatan}",
                rule.severity,
                count,
                facts,
                kecamatan,
            )
        )
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


def _strip(samples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for s in samples:
        s.pop("evidence", None)
    return samples


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


RULES: dict[str, Callable[[RuleContext], list[Detection]]] = {
    "misinformation": misinformation,
    "negative_spike": negative_spike,
    "golput_cluster": golput_cluster,
    "unanswered_questions": unanswered_questions,
    "volume_spike": volume_spike,
    "source_failing": source_failing,
    "token_expiring": token_expiring,
    "api_budget": api_budget,
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
