"""The alerts step of ``pantau demo``: replay the rules over the demo data, deliver to a file.

The demo data cover a month in 2024, so the step steps a simulated clock through that month
(one alert cycle every six hours), exactly as ``pantau run`` would have done live, and
delivers to a ``file://`` channel in the demo folder instead of e-mail or Telegram.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from alerts.channels import ChannelSender, OutgoingMessage
from alerts.messages import SEVERITY_LABEL, local_stamp
from alerts.replay import item_time_span, replay
from alerts.settings import AlertSettings
from core.store.models import Alert, Analysis

if TYPE_CHECKING:
    from pantau.demo import DemoContext

DEMO_CHANNEL = "berkas_demo"
DEMO_FILE = "peringatan-demo.txt"
REPLAY_STEP = timedelta(hours=6)


class _CountingSender(ChannelSender):
    """The file channel, remembering what it wrote in this run (to print it)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.written: list[OutgoingMessage] = []

    def send(self, channel: str, message: OutgoingMessage) -> None:
        super().send(channel, message)
        self.written.append(message)


def step_alerts(ctx: DemoContext) -> None:
    """Evaluate the alert rules over the demo month and deliver to a file in the workspace."""
    console, store = ctx.console, ctx.store
    with store.session() as s:
        analysed = s.scalar(select(func.count()).select_from(Analysis)) or 0
    span = item_time_span(store)
    if not analysed or span is None:
        console.print("Belum ada analisis di basis data: peringatan belum dapat diperiksa.")
        return
    target = ctx.workspace.directory / DEMO_FILE
    data = ctx.settings.alerts.model_dump()
    data.update(
        channels={DEMO_CHANNEL: f"file://{target}"}, default_channels=[], report_recipients=[]
    )
    for rule in data["rules"].values():
        rule["channels"] = None
    composed = ctx.settings.model_copy(update={"alerts": AlertSettings.model_validate(data)})
    settings = composed.for_alerts()
    sender = _CountingSender(settings.alerts.channels, workspace=ctx.workspace.directory)
    start, end = span
    console.print(
        f"Memutar ulang pemeriksaan tiap {REPLAY_STEP.total_seconds() / 3600:.0f} jam (jam "
        f"simulasi) dari {local_stamp(start, settings.tz)} sampai {local_stamp(end, settings.tz)}",
        highlight=False,
    )
    replay(store, settings, start, end + REPLAY_STEP, REPLAY_STEP, sender)
    with store.session() as s:
        alerts = list(s.scalars(select(Alert).order_by(Alert.first_seen_at, Alert.id)))
    if not alerts:
        console.print("Tidak ada kondisi yang memicu peringatan.")
        return
    console.print(f"{len(alerts)} peringatan:", highlight=False)
    for a in alerts:
        label = SEVERITY_LABEL.get(a.severity, a.severity)
        console.print(
            f"  #{a.id} {local_stamp(a.first_seen_at, settings.tz)} [{label}] "
            f"{a.title.removeprefix('[Pantau] ').split(': ', 1)[-1]} "
            f"({a.occurrences}x diperiksa, {a.status})",
            highlight=False,
            markup=False,
        )
    console.print(
        f"{len(sender.written)} pesan dikirim ke kanal '{DEMO_CHANNEL}' ({target}).",
        highlight=False,
    )
    for a in alerts:  # the last message about each alert, as the team received it
        sent = [m for m in sender.written if f"Peringatan #{a.id}" in m.body]
        if sent:
            console.rule(f"Pesan terakhir peringatan #{a.id}", style="dim")
            console.print(sent[-1].body, highlight=False, markup=False)
