"""Each rule on small hand-made stores: thresholds, baselines, targets, the ledger rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from alerts.rules import RULES, RuleContext, item_link, response_target_hours
from core.store.database import Store
from core.store.models import Run
from tests.alerts.helpers import Row, at, insert_rows, settings_with

VOTING_DAY = date(2024, 11, 27)


def run_rule(store: Store, rule: str, now: str, budget: float = 100.0, **alerts: Any) -> list:
    settings = settings_with(**alerts)
    with store.session() as s:
        ctx = RuleContext(
            session=s,
            now=at(now),
            settings=settings.alerts,
            tz=settings.tz,
            voting_day=VOTING_DAY,
            monthly_budget_usd=budget,
        )
        return RULES[rule](ctx)


def negatives(
    prefix: str, start: str, n: int, kecamatan: str | None, every_min: int = 5
) -> list[Row]:
    t0 = at(start)
    return [
        Row(
            f"{prefix}{i}",
            t0 + timedelta(minutes=every_min * i),
            sentiment="negative",
            kecamatan=kecamatan,
        )
        for i in range(n)
    ]


def test_negative_spike_needs_minimum_count_and_beats_own_baseline(store: Store) -> None:
    # Jelbuk: one angry reply in a quiet place. Patrang: 6 in two hours, usually ~1 a day.
    # Kaliwates: 6 in the window but it always has ~8 per 6 hours (its normal).
    rows = negatives("j", "2024-11-20 10:00", 1, "Jelbuk")
    rows += negatives("p", "2024-11-20 09:00", 6, "Patrang", every_min=20)
    rows += [
        Row(
            f"pb{d}",
            at("2024-11-13 12:00") + timedelta(days=d),
            sentiment="negative",
            kecamatan="Patrang",
        )
        for d in range(6)
    ]
    rows += negatives("kb", "2024-11-13 12:00", 7 * 4 * 8, "Kaliwates", every_min=45)
    rows += negatives("k", "2024-11-20 07:00", 6, "Kaliwates", every_min=30)
    insert_rows(store, rows)
    found = run_rule(store, "negative_spike", "2024-11-20 11:00")
    assert [d.kecamatan for d in found] == ["Patrang"]
    assert found[0].facts["count"] == 6 and found[0].facts["expected"] < 1
    assert found[0].dedup_key == "negative_spike:Patrang"


def test_negative_spike_overall(store: Store) -> None:
    insert_rows(store, negatives("x", "2024-11-20 08:00", 25, None, every_min=6))
    found = run_rule(store, "negative_spike", "2024-11-20 11:00")
    assert [d.dedup_key for d in found] == ["negative_spike:_semua"]


def test_latest_analysis_per_item_counts(store: Store) -> None:
    """An item re-analysed by a newer model counts with its newest analysis only."""
    insert_rows(store, negatives("p", "2024-11-20 09:00", 6, "Patrang", every_min=10))
    from core.store.models import Analysis

    with store.session() as s:
        for a in s.query(Analysis).all():
            s.add(
                Analysis(
                    item_id=a.item_id,
                    model_version="v2",
                    sentiment="neutral",
                    score_positive=0.1,
                    score_neutral=0.8,
                    score_negative=0.1,
                    kecamatan="Patrang",
                )
            )
    assert run_rule(store, "negative_spike", "2024-11-20 11:00") == []


def test_golput_cluster_needs_count_and_share(store: Store) -> None:
    t0 = at("2024-11-20 08:00")
    rows = [
        Row(f"b{i}", t0 + timedelta(hours=i), flags=("golput_intent",), kecamatan="Bangsalsari")
        for i in range(4)
    ]
    rows += [Row(f"bo{i}", t0 + timedelta(hours=i), kecamatan="Bangsalsari") for i in range(6)]
    # Kaliwates: 4 golput among 40 replies (10%) is not a cluster.
    rows += [
        Row(
            f"k{i}",
            t0 + timedelta(minutes=i),
            flags=("golput_intent",) if i < 4 else (),
            kecamatan="Kaliwates",
        )
        for i in range(40)
    ]
    insert_rows(store, rows)
    found = run_rule(store, "golput_cluster", "2024-11-21 08:00")
    assert [(d.kecamatan, d.magnitude) for d in found] == [("Bangsalsari", 4)]


def test_response_target_tightens_around_voting_day(store: Store) -> None:
    settings = settings_with()

    def target(now: str) -> float:
        with store.session() as s:
            ctx = RuleContext(
                session=s,
                now=at(now),
                settings=settings.alerts,
                tz=settings.tz,
                voting_day=VOTING_DAY,
            )
            return response_target_hours(ctx)[0]

    assert target("2024-11-19 23:59") == 24  # H-8
    assert target("2024-11-20 00:01") == 4  # H-7 (WIB date)
    assert target("2024-11-28 23:00") == 4  # H+1
    assert target("2024-11-29 00:30") == 24  # H+2


def test_unanswered_questions_respect_target_and_own_replies(store: Store) -> None:
    rows = [
        Row("q1", at("2024-11-10 08:00"), flags=("question",), kecamatan="Sumberjambe",
            platform="x"),
        Row("q2", at("2024-11-10 09:00"), flags=("question",), kecamatan="Sumberjambe"),
        Row("q3", at("2024-11-11 06:00"), flags=("question",)),  # younger than 24 h at 12:00
        Row("own", at("2024-11-10 10:00"), is_own=True, parent="q2"),  # q2 answered
        Row("old", at("2024-11-01 08:00"), flags=("question",)),  # older than max_age_days
    ]
    insert_rows(store, rows)
    (found,) = run_rule(store, "unanswered_questions", "2024-11-11 12:00")
    assert found.facts["count"] == 1 and found.facts["by_kecamatan"] == [("Sumberjambe", 1)]
    assert found.facts["samples"][0]["link"].endswith("/q1")
    # Near voting day the 4 h target makes q3 late too (at H-7 the target is 4 h).
    insert_rows(store, [Row("q4", at("2024-11-20 06:00"), flags=("question",))])
    (near,) = run_rule(store, "unanswered_questions", "2024-11-20 10:30")
    assert near.facts["target_hours"] == 4 and near.facts["count"] == 1


def test_volume_spike(store: Store) -> None:
    base = [Row(f"b{i}", at("2024-11-13 00:00") + timedelta(hours=4 * i)) for i in range(40)]
    burst = [Row(f"s{i}", at("2024-11-20 09:00") + timedelta(minutes=3 * i)) for i in range(40)]
    insert_rows(store, base)
    assert run_rule(store, "volume_spike", "2024-11-20 11:59") == []
    insert_rows(store, burst)
    (found,) = run_rule(store, "volume_spike", "2024-11-20 11:59")
    assert found.facts["count"] == 40


def _runs(store: Store, source: str, statuses: list[str], start: str, **extra: Any) -> None:
    with store.session() as s:
        for i, status in enumerate(statuses):
            s.add(
                Run(
                    kind="collect",
                    source_name=source,
                    status=status,
                    started_at=at(start) + timedelta(minutes=30 * i),
                    message="HTTP 503" if status == "failed" else None,
                    **extra,
                )
            )


def test_source_failing_counts_consecutive_failures(store: Store) -> None:
    _runs(store, "x_kpu", ["ok", "failed", "failed", "failed"], "2024-11-20 08:00")
    _runs(store, "fb_kpu", ["failed", "failed", "ok"], "2024-11-20 08:00")
    (found,) = run_rule(store, "source_failing", "2024-11-20 12:00")
    assert found.dedup_key == "source_failing:x_kpu" and found.facts["failures"] == 3


def test_token_expiring_and_api_budget(store: Store) -> None:
    _runs(
        store,
        "fb_kpu",
        ["ok"],
        "2024-11-20 08:00",
        cost_usd=85.0,
        details={"token_expires_at": "2024-11-23T00:00:00+00:00"},
    )
    (token,) = run_rule(store, "token_expiring", "2024-11-20 12:00")
    assert token.severity == "warning" and token.dedup_key == "token_expiring:fb_kpu"
    (expired,) = run_rule(store, "token_expiring", "2024-11-24 12:00")
    assert expired.severity == "critical"
    (budget,) = run_rule(store, "api_budget", "2024-11-20 12:00", budget=100.0)
    assert budget.facts["fraction"] == pytest.approx(0.85)
    assert run_rule(store, "api_budget", "2024-12-02 12:00", budget=100.0) == []  # new month
    assert run_rule(store, "api_budget", "2024-11-20 12:00", budget=200.0) == []


def test_item_links() -> None:
    assert item_link("x", "123", None) == "https://x.com/i/web/status/123"
    assert (
        item_link("instagram", "9", "https://instagram.com/p/abc") == "https://instagram.com/p/abc"
    )
    # A Facebook or Instagram comment id is not a page address: no link is made from it.
    assert item_link("instagram", "9", None) is None
    assert item_link("facebook", "122001_1001", None) is None


def test_samples_lie_inside_the_alerts_window(store: Store) -> None:
    """Checked on 20 Nov, an alert quotes replies of its 6-hour window, not of December
    (a replay over a stored month has later replies in the store)."""
    rows = negatives("p", "2024-11-20 08:00", 6, "Patrang", every_min=20)
    rows += negatives("g", "2024-11-20 07:00", 25, None, every_min=10)
    rows += negatives("later", "2024-12-08 09:00", 30, "Patrang", every_min=30)
    insert_rows(store, rows)
    found = run_rule(store, "negative_spike", "2024-11-20 11:00")
    assert {d.dedup_key for d in found} == {"negative_spike:Patrang", "negative_spike:_semua"}
    from core.store.models import Item

    with store.session() as s:
        created = dict(s.query(Item.id, Item.created_at).all())
    start, end = at("2024-11-20 05:00"), at("2024-11-20 11:00")
    for detection in found:
        samples = detection.facts["samples"]
        assert samples, detection.dedup_key
        for sample in samples:
            assert start < created[sample["item_id"]] <= end, (detection.dedup_key, sample)


def test_a_reply_without_a_permalink_gets_no_link_made_from_its_id(store: Store) -> None:
    post = "https://www.facebook.com/100064123400001/posts/122001/"
    rows = [
        Row("100064123400001_122001", at("2024-11-09 08:00"), is_own=True, kind="post",
            url=post),
        # Imported comments: ids of the form post_comment, no permalink in the export.
        Row("122001_1001", at("2024-11-10 08:00"), flags=("question",),
            conversation="100064123400001_122001", parent="100064123400001_122001"),
        Row("122002_1002", at("2024-11-10 09:00"), flags=("question",),
            conversation="100064123400001_122002", parent="100064123400001_122002"),
    ]
    insert_rows(store, rows)
    (found,) = run_rule(store, "unanswered_questions", "2024-11-11 12:00")
    # Newest first: the comment whose post is not stored, then the one whose post is.
    links = [(s["link"], s["post_link"]) for s in found.facts["samples"]]
    assert links == [(None, None), (None, post)]
    from alerts.messages import render_alert

    body = render_alert(found.rule, found.severity, found.facts, settings_with().tz).body
    assert "facebook.com/122001_1001" not in body and "facebook.com/122002_1002" not in body
    assert f"{post} (tautan unggahannya; balasan ini tidak punya tautan sendiri)" in body
    assert "(tidak ada tautan: balasan ini tersimpan tanpa tautan)" in body
