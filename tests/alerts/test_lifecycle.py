"""Dedup, cooldown, ongoing updates, ack/resolve, auto-resolve, quiet hours and the digest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from alerts.cycle import run_alert_cycle
from alerts.lifecycle import AlertNotFound, ack_alert, list_alerts, resolve_alert
from core.store.database import Store
from core.store.models import Alert, OutboxMessage
from tests.alerts.helpers import RecordingSender, Row, at, insert_rows, settings_with


def rumours(prefix: str, start: str, n: int, kecamatan: str | None = "Puger") -> list[Row]:
    t0 = at(start)
    return [
        Row(
            f"{prefix}{i}",
            t0 + timedelta(minutes=i),
            flags=("misinformation",),
            kecamatan=kecamatan,
            stage="pemungutan_suara",
        )
        for i in range(n)
    ]


def _alerts(store: Store) -> list[Alert]:
    with store.session() as s:
        return list(s.scalars(select(Alert).order_by(Alert.id)))


ONLY_MISINFO = {
    "negative_spike": {"enabled": False},
    "unanswered_questions": {"enabled": False},
    "golput_cluster": {"enabled": False},
}


def test_ongoing_condition_updates_one_alert_and_speaks_again_only_when_worse(
    store: Store,
) -> None:
    settings = settings_with(
        channels={"tim": "json://127.0.0.1:9/x"},
        quiet_hours={"enabled": False},
        rules={**ONLY_MISINFO, "misinformation": {"cooldown_minutes": 120}},
    )
    sender = RecordingSender()
    insert_rows(store, rumours("a", "2024-11-22 08:00", 2))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 09:00"), sender=sender)
    assert len(sender.sent) == 1
    # Same condition half an hour later: the alert is updated, nobody is paged.
    insert_rows(store, rumours("b", "2024-11-22 09:10", 2))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 09:30"), sender=sender)
    assert len(sender.sent) == 1
    (alert,) = _alerts(store)
    assert alert.occurrences == 2 and (alert.details or {})["facts"]["count"] == 4
    # Worse, but still inside the cooldown: still quiet.
    insert_rows(store, rumours("c", "2024-11-22 09:40", 4))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 10:00"), sender=sender)
    assert len(sender.sent) == 1
    # Cooldown over and clearly worse than when the team was told: one update.
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 11:05"), sender=sender)
    assert len(sender.sent) == 2 and "pembaruan ke-2" in sender.sent[1][2]
    # Cooldown over again but no worse: quiet.
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 13:30"), sender=sender)
    assert len(sender.sent) == 2
    assert len(_alerts(store)) == 1


def test_ack_silences_reminders_and_resolve_then_recurrence(store: Store) -> None:
    settings = settings_with(
        channels={"tim": "json://127.0.0.1:9/x"},
        quiet_hours={"enabled": False},
        rules={**ONLY_MISINFO, "misinformation": {"cooldown_minutes": 60, "critical_count": 50}},
        auto_resolve_hours=6,
    )
    sender = RecordingSender()
    insert_rows(store, rumours("a", "2024-11-22 08:00", 2))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 09:00"), sender=sender)
    (alert,) = _alerts(store)
    ack_alert(store, alert.id, at("2024-11-22 09:05"))
    insert_rows(store, rumours("b", "2024-11-22 09:10", 10))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 12:00"), sender=sender)
    assert len(sender.sent) == 1  # acknowledged: worse is not news to the team
    assert [a.status for a in list_alerts(store)] == ["acked"]
    resolve_alert(store, alert.id, at("2024-11-22 12:10"))
    assert list_alerts(store) == []
    # Back a day later, long after the cooldown: a new alert, and the team is told.
    insert_rows(store, rumours("c", "2024-11-23 12:00", 3))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-23 12:30"), sender=sender)
    alerts = _alerts(store)
    assert len(alerts) == 2 and alerts[1].status == "open" and len(sender.sent) == 2
    # The condition goes away: the open alert is closed automatically after auto_resolve_hours.
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-25 12:00"), sender=sender)
    assert _alerts(store)[1].status == "resolved"
    with pytest.raises(AlertNotFound):
        ack_alert(store, 999, at("2024-11-25 12:00"))


def test_quiet_hours_hold_alerts_for_one_morning_digest(store: Store) -> None:
    settings = settings_with(
        channels={"tim": "json://127.0.0.1:9/x", "hp": "json://127.0.0.1:9/y"},
        rules={**ONLY_MISINFO, "misinformation": {"critical_count": 100}},
        quiet_hours={"start": "22:00", "end": "06:00", "digest_time": "06:30"},
    )
    sender = RecordingSender()
    insert_rows(store, rumours("a", "2024-11-22 22:30", 2, "Puger"))
    insert_rows(
        store,
        [
            Row(
                f"q{i}",
                at("2024-11-22 23:00") + timedelta(minutes=i),
                flags=("misinformation",),
                kecamatan="Ambulu",
                stage="penghitungan_rekapitulasi",
            )
            for i in range(2)
        ],
    )
    for when in ("2024-11-22 23:30", "2024-11-23 02:00", "2024-11-23 06:10"):
        run_alert_cycle(store, settings.for_alerts(), at(when), sender=sender)
    assert sender.sent == []
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-23 06:35"), sender=sender)
    assert sorted(c for c, _, _ in sender.sent) == ["hp", "tim"]
    for _, subject, body in sender.sent:
        assert "Ringkasan pagi: 2 peringatan" in subject
        assert "pemungutan suara" in body and "penghitungan" in body
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-23 07:00"), sender=sender)
    assert len(sender.sent) == 2
    with store.session() as s:
        statuses = sorted(s.scalars(select(OutboxMessage.status)))
    assert statuses == ["digested"] * 4 + ["sent"] * 2


def test_critical_alerts_bypass_quiet_hours(store: Store) -> None:
    settings = settings_with(
        channels={"tim": "json://127.0.0.1:9/x"},
        rules={**ONLY_MISINFO, "misinformation": {"critical_count": 3}},
    )
    sender = RecordingSender()
    insert_rows(store, rumours("a", "2024-11-22 23:00", 3))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-23 01:00"), sender=sender)
    assert len(sender.sent) == 1 and "KRITIS" in sender.sent[0][1]


def test_channel_removed_from_config_fails_its_messages_instead_of_waiting(
    store: Store,
) -> None:
    old = settings_with(
        channels={"lama": "json://127.0.0.1:9/x"},
        quiet_hours={"enabled": False},
        rules=ONLY_MISINFO,
    )
    sender = RecordingSender()
    sender.down.add("lama")
    insert_rows(store, rumours("a", "2024-11-22 08:00", 2))
    run_alert_cycle(store, old.for_alerts(), at("2024-11-22 09:00"), sender=sender)
    new = settings_with(
        channels={"baru": "json://127.0.0.1:9/x"},
        quiet_hours={"enabled": False},
        rules=ONLY_MISINFO,
    )
    run_alert_cycle(store, new.for_alerts(), at("2024-11-22 10:00"), sender=sender)
    with store.session() as s:
        (msg,) = s.scalars(select(OutboxMessage))
        assert msg.status == "failed" and "lama" in (msg.last_error or "")


def test_recurrence_within_cooldown_of_a_resolved_alert_reopens_it_quietly(store: Store) -> None:
    settings = settings_with(
        channels={"tim": "json://127.0.0.1:9/x"},
        quiet_hours={"enabled": False},
        rules={**ONLY_MISINFO, "misinformation": {"cooldown_minutes": 600}},
    )
    sender = RecordingSender()
    insert_rows(store, rumours("a", "2024-11-22 08:00", 2))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 09:00"), sender=sender)
    (alert,) = _alerts(store)
    resolve_alert(store, alert.id, at("2024-11-22 09:30"))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 10:00"), sender=sender)
    (again,) = _alerts(store)
    assert again.id == alert.id and again.status == "open" and again.resolved_at is None
    assert len(sender.sent) == 1


def test_an_updated_alerts_title_and_severity_follow_its_count(store: Store) -> None:
    settings = settings_with(
        channels={"tim": "json://127.0.0.1:9/x"},
        quiet_hours={"enabled": False},
        rules={**ONLY_MISINFO, "misinformation": {"critical_count": 5, "cooldown_minutes": 60}},
    )
    sender = RecordingSender()
    insert_rows(store, rumours("a", "2024-11-22 08:00", 5))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-22 09:00"), sender=sender)
    (alert,) = _alerts(store)
    assert alert.severity == "critical"
    assert alert.title == (
        "[Pantau] KRITIS: Dugaan misinformasi tentang pemungutan suara (5 balasan)")
    # A day later the first five are out of the 24-hour window; two new ones are in it.
    insert_rows(store, rumours("b", "2024-11-23 08:00", 2))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-23 08:30"), sender=sender)
    (alert,) = _alerts(store)
    assert alert.status == "open" and alert.occurrences == 2
    assert alert.severity == "warning"
    assert alert.title == (
        "[Pantau] PERINGATAN: Dugaan misinformasi tentang pemungutan suara (2 balasan)")
    assert alert.body.startswith("[PERINGATAN] Dugaan misinformasi tentang pemungutan suara "
                                 "(2 balasan)") and "Apa yang terjadi: 2 balasan" in alert.body
    assert len(sender.sent) == 1  # fewer is not news: nobody was paged for the update
    # Back up to critical: the team was told "critical" already, so no new page for that alone.
    insert_rows(store, rumours("c", "2024-11-23 08:35", 3))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-23 08:45"), sender=sender)
    (alert,) = _alerts(store)
    assert alert.severity == "critical" and "(5 balasan)" in alert.title
    assert len(sender.sent) == 1
