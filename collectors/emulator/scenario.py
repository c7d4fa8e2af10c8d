"""Entry point for the seeded Jember scenario the emulator serves.

A scenario is one month around voting day (27 November 2024) on the commission's X account,
Facebook Page and Instagram account: about 100 official posts and thousands of synthetic
public replies with planted patterns (a postponement rumour, a kecamatan full of DPT
questions, one full of golput talk, one whose young people work away from home, one quiet
kecamatan with a single complaint); cynicism and every kind of voting barrier run through the
everyday mix. Every text is synthetic and every author a made-up pseudonym.
"""

from __future__ import annotations

from datetime import date

from collectors.emulator.builder import VOTING_DAY, WIB, ScenarioBuilder
from collectors.emulator.model import Entry, OwnAccount, Truth
from collectors.emulator.world import Planted, Scenario, ScenarioError

__all__ = [
    "VOTING_DAY",
    "WIB",
    "Entry",
    "OwnAccount",
    "Planted",
    "Scenario",
    "ScenarioError",
    "Truth",
    "build_scenario",
]


def build_scenario(
    seed: int = 2024,
    replies: int = 4000,
    posts: int = 100,
    start: date = date(2024, 11, 11),
    days: int = 30,
) -> Scenario:
    """Build the scenario; the same arguments always give the same scenario."""
    if replies < 20 or posts < 3 or days < 1:
        raise ValueError("a scenario needs at least 20 replies, 3 posts and 1 day")
    return ScenarioBuilder(seed, start, days).build(replies, posts)
