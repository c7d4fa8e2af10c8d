"""How much is said, when, and of what kind: the volume profiles of the scenario.

Volumes peak around voting day (27 November 2024); each kind of reply has its own shape over
the month (DPT questions early, rumours in the five days before voting, counting afterwards).
"""

from __future__ import annotations

import math

from collectors.emulator import texts, texts_mix, texts_turnout

PLATFORM_SHARE = {"x": 0.25, "facebook": 0.45, "instagram": 0.30}
# people write most in the morning and the evening (WIB hours 0..23)
HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 1, 3, 5, 6, 5, 4, 4, 4, 5, 4, 3, 3, 4, 5, 7, 8, 8, 6, 4, 2]

MIX: list[tuple[str, list[texts.Phrase], float, str]] = [
    ("mix_thanks", texts_mix.THANKS, 0.14, "flat"),
    ("mix_praise", texts_mix.PRAISE, 0.11, "flat"),
    ("mix_informed", texts_mix.INFORMED, 0.10, "before"),
    ("mix_voted", texts_mix.VOTED, 0.04, "voting"),
    ("mix_question", texts_mix.QUESTION, 0.20, "before"),
    ("mix_dpt_question", texts.DPT_QUESTION, 0.04, "dpt"),
    ("mix_complaint", texts_mix.COMPLAINT_MIX, 0.09, "peak"),
    ("mix_violation", texts_mix.VIOLATION_MIX, 0.04, "masa_tenang"),
    ("mix_counting", texts_mix.COUNTING, 0.07, "after"),
    ("mix_penetapan", texts_mix.PENETAPAN, 0.01, "late"),
    ("mix_campaign", texts_mix.CAMPAIGN, 0.04, "campaign"),
    ("mix_apathy", texts.GOLPUT_APATHY, 0.03, "golput"),
    ("mix_cynicism", texts_turnout.CYNICISM, 0.03, "flat"),
    ("mix_barrier", texts_turnout.BARRIERS, 0.04, "before"),
    ("mix_offtopic", texts_mix.OFFTOPIC, 0.10, "flat"),
]


def _bell(x: float, mid: float, width: float) -> float:
    return math.exp(-((x - mid) ** 2) / (2 * width * width))


def day_weight(profile: str, offset: int) -> float:
    """Relative volume of a kind of reply ``offset`` days from voting day."""
    o = offset
    if profile == "rumour":
        return {-5: 1, -4: 2, -3: 4, -2: 6, -1: 3}.get(o, 0.0)
    if profile == "dpt":
        return 3.0 if o <= -8 else 2.0 if o <= -3 else 0.3 if o <= 0 else 0.0
    if profile == "golput":
        return 1 + 2 * _bell(o, 0, 3) if o <= 2 else 0.2
    if profile == "before":
        return 0.5 + 6 * _bell(o, -1, 2) if o <= 0 else 0.2
    if profile == "peak":
        return 0.5 + 6 * _bell(o, 0, 1.5)
    if profile == "masa_tenang":
        return {-3: 3, -2: 4, -1: 6, 0: 2}.get(o, 0.1)
    if profile == "after":
        return 0.0 if o < 0 else 5 * math.exp(-o / 4)
    if profile == "voting":
        return {0: 6.0, 1: 1.0}.get(o, 0.0)
    if profile == "late":
        return 1.0 if o >= 4 else 0.0
    if profile == "campaign":
        return 1.0 if o <= -4 else 0.05
    return 1 + 4 * _bell(o, 0, 2)  # flat with the voting-day surge
