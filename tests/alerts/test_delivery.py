"""Real messages through loopback channels: SMTP (aiosmtpd) and a JSON webhook.

Channels go down for hours and come back: every queued message arrives, none twice. A crash
between "sent" and "marked sent" produces at most one duplicate. Secrets stay out of logs.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from alerts.channels import ChannelSender, OutgoingMessage
from alerts.cycle import run_alert_cycle
from alerts.outbox import _claim, _outgoing, deliver_pending
from core.store.database import Store, open_store
from core.store.models import OutboxMessage
from tests.alerts.helpers import Row, at, insert_rows, settings_with
from tests.alerts.loopback import SmtpReceiver, WebhookReceiver

FOOTER = re.compile(r"Peringatan #(\d+)(?: \(pembaruan ke-(\d+)\))?")


@pytest.fixture
def receivers() -> Iterator[tuple[SmtpReceiver, WebhookReceiver]]:
    smtp, hook = SmtpReceiver(), WebhookReceiver()
    smtp.start()
    hook.start()
    yield smtp, hook
    smtp.stop()
    hook.stop()


def _rumours(prefix: str, start: str, n: int, kecamatan: str = "Puger") -> list[Row]:
    t0 = at(start)
    return [
        Row(
            f"{prefix}{i}",
            t0 + timedelta(minutes=i),
            sentiment="negative",
            flags=("misinformation",),
            kecamatan=kecamatan,
            stage="pemungutan_suara",
            text=f"katanya coblosan diundur ke desember {prefix}{i}",
        )
        for i in range(n)
    ]


def _golput(start: str, n: int) -> list[Row]:
    t0 = at(start)
    return [
        Row(
            f"g{i}",
            t0 + timedelta(minutes=i),
            sentiment="negative",
            flags=("golput_intent",),
            kecamatan="Bangsalsari",
            text=f"golput ae rek {i}",
        )
        for i in range(n)
    ]


def _notifications(bodies: list[str]) -> Counter[tuple[int, int]]:
    found: Counter[tuple[int, int]] = Counter()
    for body in bodies:
        for m in FOOTER.finditer(body):
            found[(int(m.group(1)), int(m.group(2) or 1))] += 1
    return found


def _outbox(store: Store) -> list[OutboxMessage]:
    with store.session() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    # About 30 cycles of small transactions: on PostgreSQL this test alone would take ~25 s,
    # and the outbox statements it uses are covered there by the other tests of this file.
    s = open_store(f"sqlite:///{tmp_path / 'outage.db'}")
    yield s
    s.dispose()


def test_channels_down_for_hours_then_back_deliver_everything_exactly_once(
    sqlite_store: Store, receivers: tuple[SmtpReceiver, WebhookReceiver]
) -> None:
    store = sqlite_store
    smtp, hook = receivers
    settings = settings_with(
        channels={"email": smtp.url, "webhook": hook.url},
        quiet_hours={"enabled": False},
        rules={
            "misinformation": {"cooldown_minutes": 60},
            "negative_spike": {"enabled": False},
        },
    )
    insert_rows(store, _rumours("a", "2024-11-20 09:00", 3))
    first = run_alert_cycle(store, settings.for_alerts(), at("2024-11-20 10:00"))
    assert len(first.delivery.sent) == 2
    assert len(smtp.bodies()) == 1 and len(hook.bodies()) == 1

    smtp.stop()
    hook.stop()
    insert_rows(store, _golput("2024-11-20 10:30", 5) + _rumours("b", "2024-11-20 11:30", 6))
    now = at("2024-11-20 10:40")
    while now < at("2024-11-20 15:00"):  # four hours and more of outage
        report = run_alert_cycle(store, settings.for_alerts(), now)
        assert not report.delivery.sent
        now += timedelta(minutes=10)
    waiting = [m for m in _outbox(store) if m.status == "pending"]
    assert len(waiting) == 4  # golput x2 channels, rumour update x2 channels
    assert all(m.attempts >= 3 and m.last_error for m in waiting)

    smtp.start()
    hook.start()
    for _ in range(6):
        run_alert_cycle(store, settings.for_alerts(), now)
        now += timedelta(minutes=10)
    messages = _outbox(store)
    assert {m.status for m in messages} == {"sent"}
    expected = Counter((m.alert_id, int(m.idempotency_key.split(":")[2])) for m in messages)
    for receiver in (smtp, hook):
        got = _notifications(receiver.bodies())
        assert set(got) == {k for k in expected}, receiver
        assert max(got.values()) == 1, got
    assert len(smtp.messages) == len(hook.received) == len(messages) // 2 == 3


def test_crash_between_send_and_mark_sent_gives_at_most_one_duplicate(
    store: Store, receivers: tuple[SmtpReceiver, WebhookReceiver]
) -> None:
    _smtp, hook = receivers
    settings = settings_with(channels={"webhook": hook.url}, quiet_hours={"enabled": False})
    insert_rows(store, _rumours("a", "2024-11-20 09:00", 2))
    from alerts.cycle import evaluate

    evaluate(store, settings.for_alerts(), at("2024-11-20 10:00"))
    (message,) = _outbox(store)
    sender = ChannelSender(settings.alerts.channels)
    now = at("2024-11-20 10:00")
    # The process claims the message, the channel accepts it, and the process dies before
    # it can record "sent".
    assert _claim(store, message.id, now, settings.alerts.delivery)
    channel, outgoing = _outgoing(store, message.id)
    sender.send(channel, outgoing)
    assert len(hook.received) == 1
    # A new process within the claim timeout leaves it alone (it may still be in flight).
    deliver_pending(store, sender, now + timedelta(minutes=5), settings.alerts.delivery)
    assert len(hook.received) == 1
    # After the timeout it is sent again: the one duplicate the guarantee allows...
    deliver_pending(store, sender, now + timedelta(minutes=11), settings.alerts.delivery)
    assert len(hook.received) == 2
    # ...and never a third time.
    for minutes in (20, 60, 600):
        deliver_pending(store, sender, now + timedelta(minutes=minutes), settings.alerts.delivery)
    assert len(hook.received) == 2
    assert _outbox(store)[0].status == "sent"


def test_credentials_from_environment_never_reach_logs_or_the_database(
    store: Store,
    receivers: tuple[SmtpReceiver, WebhookReceiver],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _smtp, hook = receivers
    secret = "Sup3rRahasia-XYZ"
    monkeypatch.setenv("PANTAU_HOOK_PASSWORD", secret)
    url = f"json://tim:${{PANTAU_HOOK_PASSWORD}}@127.0.0.1:{hook.port}/hook"
    settings = settings_with(channels={"webhook": url}, quiet_hours={"enabled": False})
    assert secret not in settings.model_dump_json()
    insert_rows(store, _rumours("a", "2024-11-20 09:00", 2))
    hook.stop()
    caplog.set_level(logging.DEBUG)
    report = run_alert_cycle(store, settings.for_alerts(), at("2024-11-20 10:00"))
    assert report.delivery.retrying
    (message,) = _outbox(store)
    assert message.last_error and secret not in message.last_error
    assert secret not in caplog.text
    hook.start()
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-20 10:30"))
    assert _outbox(store)[0].status == "sent"
    assert secret not in caplog.text
    assert any("Authorization" in h for h in hook.headers)  # the secret was used, not shown


def test_unset_variable_in_channel_url_is_a_clear_delivery_error(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PANTAU_TG_TOKEN", raising=False)
    settings = settings_with(
        channels={"telegram": "tgram://${PANTAU_TG_TOKEN}/12345"}, quiet_hours={"enabled": False}
    )
    insert_rows(store, _rumours("a", "2024-11-20 09:00", 1))
    run_alert_cycle(store, settings.for_alerts(), at("2024-11-20 10:00"))
    (message,) = _outbox(store)
    assert message.status == "pending" and "PANTAU_TG_TOKEN" in (message.last_error or "")


def test_file_channel_appends_messages(tmp_path: Path) -> None:
    sender = ChannelSender({"berkas": "file://peringatan/alerts.txt"}, workspace=tmp_path)
    sender.send("berkas", OutgoingMessage("Judul satu", "Isi satu"))
    sender.send("berkas", OutgoingMessage("Judul dua", "Isi dua", attachments=("a.pdf",)))
    text = (tmp_path / "peringatan" / "alerts.txt").read_text(encoding="utf-8")
    assert text.index("Judul satu") < text.index("Judul dua")
    assert "Lampiran: a.pdf" in text
