"""What every alert rule shares: the detection and context types, and the SQL building blocks.

Counting happens in SQL (GROUP BY over indexed columns): the store may hold millions of items,
and only a handful of sample rows per detection are loaded, for the links in the message.
Each item counts with its latest analysis (highest id), whatever the model version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session, aliased

from alerts.messages import local_stamp
from alerts.settings import AlertSettings
from core.privacy import HandleMasker
from core.store.models import Analysis, Item

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
    # The stage calendar in force (nlp.calendar.StageCalendar); None = the shipped one.
    calendar: Any = None


# -- SQL building blocks --------------------------------------------------------------------
_Newer = aliased(Analysis)


def latest_analysis() -> ColumnElement[bool]:
    newest = (
        select(func.max(_Newer.id)).where(_Newer.item_id == Item.id).correlate(Item)
    ).scalar_subquery()
    return Analysis.id == newest


def public_items() -> list[ColumnElement[bool]]:
    return [Item.is_own.is_(False), Item.deleted_at.is_(None)]


def review_sum() -> Any:
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


def samples(
    ctx: RuleContext, conditions: Sequence[ColumnElement[bool]], limit: int | None = None
) -> list[dict[str, Any]]:
    """A few of the newest items behind a detection, for the message.

    Every sample lies inside the rule's window: the conditions bound it from below and this
    bounds it by ``now`` (an alert checked on 27 November must not quote replies of December,
    which a replay over stored data would otherwise find).
    """
    limit = ctx.settings.item_link_limit if limit is None else min(
        limit, ctx.settings.item_link_limit)
    if limit == 0:
        return []
    stmt = (
        select(Item, Analysis)
        .join(Analysis, Analysis.item_id == Item.id)
        .where(latest_analysis(), *public_items(), Item.created_at <= ctx.now, *conditions)
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


def base_facts(ctx: RuleContext, **extra: Any) -> dict[str, Any]:
    return {"as_of": ctx.now.isoformat(), **extra}


def ratio_text(count: int, expected: float) -> str:
    if expected <= 0:
        return "jauh di atas biasanya (sebelumnya hampir tidak ada)"
    return f"{count / expected:.1f} kali".replace(".", ",")


def strip_evidence(samples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for s in samples:
        s.pop("evidence", None)
    return samples


def aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
