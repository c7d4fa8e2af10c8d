"""Estimated API cost and the monthly budget.

X bills per post read (and the config may add a price per request); Meta's Graph API has no
per-call price today, but the config can set one. Prices live in ``api`` in the config, so a
tariff change is a config edit. The month's spending so far comes from the runs ledger, so the
budget holds across runs and across processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from core.errors import CollectorError
from core.store.database import Store
from core.store.models import Run


class BudgetExhausted(CollectorError):
    """The month's API budget is spent: paid sources stop until the next month."""

    kind = "budget"


@dataclass(frozen=True, slots=True)
class Prices:
    x_per_post_read: float = 0.005
    x_per_request: float = 0.0
    meta_per_request: float = 0.0

    @classmethod
    def from_settings(cls, api: Any) -> Prices:
        return cls(
            x_per_post_read=float(api.x_cost_per_post_read_usd),
            x_per_request=float(api.x_cost_per_request_usd),
            meta_per_request=float(api.meta_cost_per_request_usd),
        )


@dataclass
class MonthlyBudget:
    """The budget for this calendar month (UTC), shared by every source of one collection."""

    limit_usd: float
    spent_before_usd: float = 0.0
    spent_now_usd: float = 0.0

    @property
    def spent_usd(self) -> float:
        return self.spent_before_usd + self.spent_now_usd

    @property
    def remaining_usd(self) -> float:
        return self.limit_usd - self.spent_usd


@dataclass
class CostMeter:
    """Counts one source's estimated cost and refuses requests once the budget is spent."""

    prices: Prices
    budget: MonthlyBudget
    cost_usd: float = 0.0
    post_reads: int = 0
    per_platform: dict[str, float] = field(default_factory=dict)

    def _add(self, platform: str, amount: float) -> None:
        if amount <= 0:
            return
        self.cost_usd += amount
        self.budget.spent_now_usd += amount
        self.per_platform[platform] = self.per_platform.get(platform, 0.0) + amount

    def charge_request(self, platform: str) -> None:
        price = self.prices.x_per_request if platform == "x" else self.prices.meta_per_request
        self._add(platform, price)

    def charge_x_posts(self, count: int) -> None:
        self.post_reads += count
        self._add("x", count * self.prices.x_per_post_read)

    def check_budget(self, platform: str) -> None:
        """Raise :class:`BudgetExhausted` before a request that could cost money."""
        price = (
            self.prices.x_per_post_read + self.prices.x_per_request
            if platform == "x"
            else self.prices.meta_per_request
        )
        if price > 0 and self.budget.remaining_usd <= 0:
            raise BudgetExhausted(
                f"Anggaran API bulan ini (US${self.budget.limit_usd:.2f}) sudah habis "
                f"(terpakai US${self.budget.spent_usd:.2f})",
                "Naikkan api.monthly_budget_usd di konfigurasi bila memang disetujui, "
                "atau tunggu bulan berikutnya.",
            )


def month_start(now: datetime) -> datetime:
    now = now.astimezone(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def spent_this_month(store: Store, now: datetime | None = None) -> float:
    """Estimated cost of every collection run started this calendar month (from the ledger)."""
    start = month_start(now or datetime.now(UTC))
    with store.session() as s:
        total = s.scalar(
            select(func.coalesce(func.sum(Run.cost_usd), 0.0)).where(
                Run.kind == "collect", Run.started_at >= start
            )
        )
    return float(total or 0.0)
