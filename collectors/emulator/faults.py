"""Scripted failures the emulator injects, so collectors meet every bad day in a test.

A ``FaultPlan`` holds rules: "the 3rd request whose path matches ``/mentions`` gets a 429",
"every request has a 10 % chance of a 503 (seeded)". Every fault is bounded in time: a slow
response sleeps at most ``MAX_DELAY`` seconds, so no test can hang on the emulator.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field

MAX_DELAY = 10.0

FAULT_KINDS = (
    "rate_limit",  # 429 with x-rate-limit-reset (Graph: error code 4)
    "rate_limit_no_reset",  # 429 without the reset header
    "usage_capped",  # X monthly cap: 429 with problem type usage-capped
    "server_error",  # 500
    "unavailable",  # 503
    "slow",  # sleep ``delay`` seconds, then answer normally
    "truncated",  # a 200 whose JSON body is cut in half
    "repeat_page",  # the previous page of the same endpoint served again
    "connection_reset",  # the socket is reset without any answer
)


@dataclass(slots=True)
class Fault:
    """One rule: which requests it hits and what happens to them.

    ``nth`` counts matching requests from 1 (``nth=3`` hits the third); with ``times`` > 1 it
    also hits the following ones. ``probability`` instead hits each matching request at
    random (seeded by the plan). Neither: every matching request, ``times`` times.
    """

    kind: str
    pattern: str = ".*"
    nth: int | None = None
    times: int = 1
    probability: float | None = None
    delay: float = 2.0
    method: str = "GET"
    _regex: re.Pattern[str] = field(init=False, repr=False)
    seen: int = field(default=0, init=False)
    fired: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(FAULT_KINDS)}")
        if self.delay < 0 or self.delay > MAX_DELAY:
            raise ValueError(f"delay must be between 0 and {MAX_DELAY} seconds")
        if self.probability is not None and not 0.0 <= self.probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        self._regex = re.compile(self.pattern)

    def _hits(self, rng: random.Random) -> bool:
        self.seen += 1
        if self.probability is not None:
            return rng.random() < self.probability
        if self.fired >= self.times:
            return False
        return self.nth is None or self.seen >= self.nth


@dataclass(frozen=True, slots=True)
class FiredFault:
    """A fault that was applied, for assertions in tests."""

    kind: str
    method: str
    path: str


class FaultPlan:
    """An ordered list of fault rules; the first rule that fires decides."""

    def __init__(self, faults: list[Fault] | None = None, seed: int = 0) -> None:
        self.faults = list(faults or [])
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.fired: list[FiredFault] = []

    def add(self, fault: Fault) -> FaultPlan:
        """Append a rule; returns the plan so calls can be chained."""
        with self._lock:
            self.faults.append(fault)
        return self

    def pick(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any (counts the request against every rule)."""
        with self._lock:
            chosen = None
            for fault in self.faults:
                if fault.method != method or not fault._regex.search(path):
                    continue
                if fault._hits(self._rng) and chosen is None:
                    fault.fired += 1
                    chosen = fault
            if chosen is not None:
                self.fired.append(FiredFault(chosen.kind, method, path))
            return chosen
