"""What is in the store, for `pantau status` (pure data; the CLI renders it)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from core.store.database import Store
from core.store.models import Alert, Analysis, Item, OutboxMessage, Run
from core.store.runs import last_runs
from core.store.sqltime import local_date
from pantau.settings import Settings


@dataclass
class StoreStatus:
    items_total: int = 0
    items_by_platform_week: dict[tuple[str, str], int] = field(default_factory=dict)
    own_posts: int = 0
    deleted: int = 0
    last_runs: list[Run] = field(default_factory=list)
    pending_analyses: int = 0
    model_version: str | None = None
    open_alerts: int = 0
    undelivered_messages: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def iso_week(day: date | str) -> str:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def collect_status(
    store: Store, settings: Settings, model_version: str | None = None
) -> StoreStatus:
    st = StoreStatus(model_version=model_version)
    day = local_date(Item.created_at, settings.tz, store.dialect).label("day")
    with store.session() as s:
        weekly: dict[tuple[str, str], int] = defaultdict(int)
        for platform, d, n in s.execute(
            select(Item.platform, day, func.count()).group_by(Item.platform, day)
        ):
            weekly[(platform, iso_week(d))] += n
        st.items_by_platform_week = dict(
            sorted(weekly.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        )
        st.items_total = sum(weekly.values())
        st.own_posts = s.scalar(select(func.count()).where(Item.is_own.is_(True))) or 0
        st.deleted = s.scalar(select(func.count()).where(Item.deleted_at.is_not(None))) or 0
        analysed = select(Analysis.item_id)
        if model_version:
            analysed = analysed.where(Analysis.model_version == model_version)
        st.pending_analyses = (
            s.scalar(
                select(func.count())
                .select_from(Item)
                .where(Item.deleted_at.is_(None), Item.id.not_in(analysed))
            )
            or 0
        )
        st.open_alerts = s.scalar(select(func.count()).where(Alert.status == "open")) or 0
        st.undelivered_messages = (
            s.scalar(select(func.count()).where(OutboxMessage.status != "sent")) or 0
        )
    st.last_runs = last_runs(store)
    return st
