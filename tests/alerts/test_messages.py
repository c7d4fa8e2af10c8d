"""Every rule's alert text says what happened, where, how sure, and what to do (Indonesian)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from alerts.cycle import evaluate
from core.store.database import open_store
from core.store.models import Alert, AnalysisFailure, Item, Run
from tests.alerts.helpers import Row, at, insert_rows, settings_with

SECTIONS = ("Apa yang terjadi:", "Di mana:", "Seberapa yakin:", "Yang perlu dilakukan:")


def test_every_rule_renders_a_complete_message(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'all.db'}")
    now = at("2024-11-25 12:00")
    rows = [
        Row(
            f"m{i}",
            now - timedelta(hours=2, minutes=i),
            sentiment="negative",
            flags=("misinformation",),
            kecamatan="Puger",
            stage="pemungutan_suara",
            evidence={"misinformation": [{"disebut": "diundur", "kalender": "27 Nov"}]},
        )
        for i in range(3)
    ]
    rows += [
        Row(f"n{i}", now - timedelta(minutes=5 * i), sentiment="negative", kecamatan="Patrang")
        for i in range(8)
    ]
    rows += [
        Row(
            f"g{i}",
            now - timedelta(hours=3 + i),
            sentiment="negative",
            flags=("golput_intent",),
            kecamatan="Bangsalsari",
        )
        for i in range(5)
    ]
    rows += [
        Row(f"q{i}", now - timedelta(hours=30 + i), flags=("question",), kecamatan="Sumberjambe")
        for i in range(3)
    ]
    rows += [Row(f"v{i}", now - timedelta(minutes=4 * i)) for i in range(40)]
    rows += [
        Row(f"b{i}", now - timedelta(hours=5 + i), flags=("voting_barrier",),
            barrier="no_invitation", kecamatan="Kalisat")
        for i in range(4)
    ]
    insert_rows(store, rows)
    with store.session() as s:
        for i in range(3):
            s.add(
                Run(
                    kind="collect",
                    source_name="fb_kpu",
                    status="failed",
                    cost_usd=30.0,
                    started_at=now - timedelta(hours=i + 1),
                    message="HTTP 401",
                    details={"token_expires_at": (now + timedelta(days=2)).isoformat()},
                )
            )
        s.add(Run(kind="analyze", source_name="v9", status="partial", started_at=now))
        item = s.scalar(select(Item.id).where(Item.external_id == "v0"))
        s.add(AnalysisFailure(item_id=item, model_version="v9", error="KeyError: 'x'",
                              failed_at=now - timedelta(minutes=1)))
    # Invitations have no window by default; with one until voting day, the rule can speak.
    windows = {"no_invitation": [{"stage": "pemungutan_suara"}]}
    settings = settings_with(rules={"barrier_rise": {"windows": windows}})
    detections, report = evaluate(store, settings.for_alerts(), now)
    with store.session() as s:
        alerts = {a.rule: a for a in s.scalars(select(Alert))}
    store.dispose()
    assert set(alerts) == {
        "misinformation",
        "negative_spike",
        "golput_cluster",
        "unanswered_questions",
        "volume_spike",
        "source_failing",
        "token_expiring",
        "api_budget",
        "barrier_rise",
        "analysis_failures",
    }
    for rule, alert in alerts.items():
        for section in SECTIONS:
            assert section in alert.body, (rule, section, alert.body)
        assert alert.title.startswith("[Pantau] ")
        assert "{" not in alert.body and "None" not in alert.body, alert.body
    assert 'Bukti: disebut "diundur"' in alerts["misinformation"].body
    assert "Patrang" in alerts["negative_spike"].title
    assert "H-2" in alerts["unanswered_questions"].body
    assert "US$90.00" in alerts["api_budget"].body
    barrier = alerts["barrier_rise"].title
    assert "Kalisat" in barrier and "2 hari lagi" in barrier
    assert "KeyError (1)" in alerts["analysis_failures"].body
    assert len(report.new) == len(detections)
