"""What the report calls the reach of the commission's posts, defined once for every part of it.

The one measure the platforms give Pantau today is X's ``public_metrics.impression_count``: how
many times a post was shown, counting the same person again each time, as of the last
collection. That is views, not people, so the report calls it *tayangan* and says so. Facebook
and Instagram report reach only through their Insights endpoints (``post_impressions_unique``,
the media ``reach`` metric), which need permissions the collectors do not ask for; their posts
are shown as "not measured", never as 0. A platform gets a figure here only once its collector
stores the field named in :data:`VIEW_FIELDS`.

The number of distinct citizens who replied is a different thing (engagement, not reach); the
report names it "warga yang membalas" and never uses this word for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: platform -> the key in ``items.metrics`` of an own post that holds its views.
VIEW_FIELDS: Mapping[str, str] = {"x": "impression_count"}

PLATFORM_NAMES = {"x": "X", "facebook": "Facebook", "instagram": "Instagram"}
LABEL = "Tayangan unggahan KPU"
SHORT_LABEL = "Tayangan"
NOT_MEASURED = "tidak diukur"


def post_views(platform: str, metrics: Mapping[str, Any] | None) -> int | None:
    """Views of one own post, or None when its platform (or this post) has no measured figure."""
    key = VIEW_FIELDS.get(platform)
    if key is None or not metrics:
        return None
    value = metrics.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return int(value)


def is_view_metric(platform: str, key: str) -> bool:
    """Whether ``key`` is the views field of ``platform`` (so it is not counted as engagement)."""
    return VIEW_FIELDS.get(platform) == key


def _names(platforms: Iterable[str]) -> str:
    names = [PLATFORM_NAMES.get(p, p) for p in platforms]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]


def meaning(unmeasured: Iterable[str] = ("facebook", "instagram")) -> str:
    """One plain sentence for the page: what the figure counts, where from, what is missing."""
    measured = _names(sorted(VIEW_FIELDS))
    fields = ", ".join(f"{key} dari {PLATFORM_NAMES.get(platform, platform)}"
                       for platform, key in sorted(VIEW_FIELDS.items()))
    text = (
        f"{SHORT_LABEL} = berapa kali unggahan KPU minggu ini ditampilkan di {measured} "
        f"(angka {fields}, saat terakhir dikumpulkan); satu orang bisa terhitung berkali-kali, "
        "jadi ini bukan jumlah orang."
    )
    missing = sorted(set(unmeasured) - set(VIEW_FIELDS))
    if missing:
        text += (f" Unggahan {_names(missing)}: {NOT_MEASURED} (Pantau belum membaca data "
                 "Insights platform itu).")
    return text
