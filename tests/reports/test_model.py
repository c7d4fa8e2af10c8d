"""Report model: ISO weeks in WIB, headline figures, JSON-readiness, number formatting."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import pytest

from reports.labels import fmt_change, fmt_dec, fmt_int, fmt_pct, fmt_signed_pct_points
from reports.model import WIB, WeekTotals, headline_figures, iso_week_of, week_bounds
from reports.sample_report import empty_week_report, one_reply_report, sample_report


def test_week_bounds_are_monday_to_monday_in_wib() -> None:
    start, end = week_bounds(2024, 47)
    assert start == datetime(2024, 11, 18, tzinfo=WIB)
    assert end == datetime(2024, 11, 25, tzinfo=WIB)
    offset = start.utcoffset()
    assert offset is not None and offset.total_seconds() == 7 * 3600


def test_iso_week_is_counted_in_jakarta_time() -> None:
    # Sunday 24 Nov 2024 18:30 UTC is already Monday 01:30 WIB: the next ISO week.
    assert iso_week_of(datetime(2024, 11, 24, 18, 30, tzinfo=UTC)) == (2024, 48)
    assert iso_week_of(datetime(2024, 11, 24, 16, 59, tzinfo=UTC)) == (2024, 47)
    assert iso_week_of(datetime(2024, 12, 30, 12, 0, tzinfo=UTC)) == (2025, 1)
    with pytest.raises(ValueError):
        iso_week_of(datetime(2024, 11, 24))


def test_headline_shares_and_missing_previous() -> None:
    current = WeekTotals(replies=200, negative=50, asking=20, repliers=150)
    heads = {h.key: h for h in headline_figures(current, None)}
    assert heads["negative_share"].value == pytest.approx(0.25)
    assert heads["replies"].previous is None and heads["repliers"].value == 150
    empty = {h.key: h for h in headline_figures(WeekTotals(), WeekTotals())}
    assert empty["negative_share"].value is None  # no division by zero
    assert empty["replies"].value == 0 and empty["replies"].previous == 0


@pytest.mark.parametrize("factory", [sample_report, empty_week_report, one_reply_report])
def test_every_sample_variant_is_json_ready(factory) -> None:  # type: ignore[no-untyped-def]
    report = factory()
    data = report.to_dict()
    text = json.dumps(data, allow_nan=False)
    back = json.loads(text)
    assert back["synthetic"] is True and len(back["index"]) == 31
    assert back["index_settings"]["target_turnout"] == 0.65


def test_sample_report_is_realistic() -> None:
    report = sample_report()
    assert report.current.replies > 1000 and len(report.daily) == 7
    assert sum(d.total for d in report.daily) == pytest.approx(report.current.replies, abs=7)
    assert any("SINTETIS" in n for n in report.notes)
    # The planted needs show up near the top.
    top5 = [r.kecamatan for r in report.index[:5]]
    assert "Bangsalsari" in top5 and "Puger" in top5
    assert sample_report().to_dict() == report.to_dict()  # deterministic


def test_indonesian_number_formatting() -> None:
    assert fmt_int(1955219) == "1.955.219"
    assert fmt_dec(1234.56, 1) == "1.234,6"
    assert fmt_pct(0.515, 1) == "51,5%"
    assert fmt_pct(None) == "–" and fmt_pct(math.nan) == "–"
    assert fmt_signed_pct_points(0.031) == "+3,1 poin"
    assert fmt_signed_pct_points(-0.0001) == "±0,0 poin"
    assert fmt_change(120, 100) == "+20%" and fmt_change(80, 100) == "−20%"
    assert fmt_change(5, 0) == "baru" and fmt_change(0, 0) == "±0%"
