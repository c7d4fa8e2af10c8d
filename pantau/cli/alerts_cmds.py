"""Commands: ``pantau alerts list|show|ack|resolve|check`` and ``pantau run [--once]``."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.console import Console

from pantau.cli.context import state

console = Console()
alerts_app = typer.Typer(
    help="Peringatan otomatis: melihat, menandai, memeriksa.", no_args_is_help=True
)

STATUS_LABEL = {"open": "terbuka", "acked": "ditangani", "resolved": "selesai"}
OUTBOX_LABEL = {
    "pending": "menunggu",
    "held": "ditahan (jam tenang/ringkasan)",
    "sent": "terkirim",
    "failed": "gagal",
    "digested": "digabung dalam ringkasan",
}
# The rule names the media team reads (the config keys stay English, like every YAML key).
RULE_LABEL = {
    "misinformation": "misinformasi",
    "negative_spike": "lonjakan-negatif",
    "golput_cluster": "kelompok-golput",
    "barrier_rise": "hambatan-memilih",
    "unanswered_questions": "pertanyaan-belum-dijawab",
    "volume_spike": "lonjakan-volume",
    "source_failing": "sumber-gagal",
    "token_expiring": "token-segera-habis",
    "api_budget": "anggaran-api",
    "analysis_failures": "analisis-gagal",
}


def _now() -> datetime:
    return datetime.now(UTC)


@alerts_app.command("list")
def list_cmd(
    status: str = typer.Option(
        "aktif", "--status", "-s", help="aktif (terbuka+ditangani), open, acked, resolved, all"
    ),
    limit: int = typer.Option(50, "--limit", "-n", min=1, max=1000),
) -> None:
    """Menampilkan peringatan, yang terbaru lebih dulu."""
    from alerts.channel_text import readable_subject
    from alerts.lifecycle import list_alerts
    from alerts.messages import SEVERITY_LABEL, local_stamp
    from alerts.outbox import outbox_counts
    from core.errors import ConfigError

    if status not in ("aktif", "open", "acked", "resolved", "all"):
        raise ConfigError(
            f"Status tidak dikenal: {status}", "Pilih aktif, open, acked, resolved atau all."
        )
    settings, store = state.settings(), state.store()
    rows = list_alerts(store, None if status == "aktif" else status, limit)
    console.print(f"Peringatan ({status}): {len(rows)}", highlight=False)
    for a in rows:
        # One line per alert (no table): readable in a narrow terminal and easy to grep.
        console.print(
            f"#{a.id} [{STATUS_LABEL.get(a.status, a.status)}] "
            f"{SEVERITY_LABEL.get(a.severity, a.severity)} {RULE_LABEL.get(a.rule, a.rule)} "
            f"{a.kecamatan or '-'} x{a.occurrences} {local_stamp(a.last_seen_at, settings.tz)}"
            f" | {readable_subject(a.title.removeprefix('[Pantau] '))}",
            highlight=False,
            markup=False,
        )
    if not rows:
        console.print("Tidak ada peringatan.")
    counts = outbox_counts(store)
    summary = (
        ", ".join(f"{OUTBOX_LABEL.get(k, k)} {v}" for k, v in sorted(counts.items())) or "kosong"
    )
    console.print(f"Kotak keluar: {summary}", highlight=False)


@alerts_app.command("show")
def show_cmd(alert_id: int = typer.Argument(..., help="Nomor peringatan")) -> None:
    """Menampilkan isi lengkap satu peringatan."""
    from alerts.channel_text import readable_body, readable_subject
    from alerts.lifecycle import AlertNotFound
    from core.store.models import Alert

    with state.store().session() as s:
        alert = s.get(Alert, alert_id)
        if alert is None:
            raise AlertNotFound(
                f"Peringatan #{alert_id} tidak ada", "Lihat nomornya dengan `pantau alerts list`."
            )
        # Citizens' text is quoted in both: shown as text, never as terminal markup or with
        # bidi/control characters that would reorder or hide what the team reads.
        console.print(
            f"#{alert.id} [{STATUS_LABEL.get(alert.status, alert.status)}] "
            f"{readable_subject(alert.title)}",
            highlight=False,
            markup=False,
        )
        console.print(readable_body(alert.body), highlight=False, markup=False)


@alerts_app.command("ack")
def ack_cmd(alert_id: int = typer.Argument(..., help="Nomor peringatan")) -> None:
    """Menandai peringatan sedang ditangani (tidak ada pengingat lagi kecuali memburuk)."""
    from alerts.lifecycle import ack_alert

    alert = ack_alert(state.store(), alert_id, _now())
    console.print(f"Peringatan #{alert.id}: {STATUS_LABEL.get(alert.status, alert.status)}.")


@alerts_app.command("resolve")
def resolve_cmd(alert_id: int = typer.Argument(..., help="Nomor peringatan")) -> None:
    """Menutup peringatan."""
    from alerts.lifecycle import resolve_alert

    alert = resolve_alert(state.store(), alert_id, _now())
    console.print(f"Peringatan #{alert.id}: {STATUS_LABEL.get(alert.status, alert.status)}.")


@alerts_app.command("check")
def check_cmd() -> None:
    """Memeriksa aturan sekarang juga dan mengirim pesan yang tertunda."""
    from alerts.cycle import run_alert_cycle

    report = run_alert_cycle(state.store(), state.settings().for_alerts(), _now())
    console.print(
        f"Kondisi terdeteksi: {len(report.detections)}; peringatan baru: "
        f"{len(report.lifecycle.new)}; diperbarui: {len(report.lifecycle.updated)}; "
        f"terkirim: {len(report.delivery.sent)}; menunggu ulang: {len(report.delivery.retrying)}",
        highlight=False,
    )
    if report.delivery.down_channels:
        console.print(
            f"Kanal bermasalah: {', '.join(sorted(report.delivery.down_channels))} "
            "(pesan tetap di kotak keluar dan dicoba lagi).",
            highlight=False,
        )
        raise typer.Exit(1)


def run_cmd(
    once: bool = typer.Option(False, "--once", help="Jalankan satu siklus lalu berhenti."),
) -> None:
    """Layanan terjadwal: kumpulkan, analisis, periksa peringatan; laporan mingguan."""
    import threading

    from core.locking import DatabaseLock
    from pantau.scheduler import (
        STEP_LABELS,
        PantauService,
        default_jobs,
        install_signal_handlers,
    )
    from pantau.settings import DAY_IN_INDONESIAN

    settings, store = state.settings(), state.store()
    stop = threading.Event()
    with DatabaseLock(store):
        restore = install_signal_handlers(stop)
        try:
            service = PantauService(store, settings, default_jobs(store, settings), stop=stop)
            if once:
                outcome = service.run_cycle()
                shown = {"ok": "berhasil", "skipped": "dilewati"}
                for step, result in outcome.steps.items():
                    label = STEP_LABELS.get(step, step)
                    console.print(f"{label}: {shown.get(result, result)}", highlight=False)
                if outcome.weekly:
                    console.print(f"Laporan mingguan {outcome.weekly} dibuat.")
                if outcome.failed:
                    names = ", ".join(STEP_LABELS.get(n, n) for n in outcome.failed)
                    console.print(f"Langkah gagal: {names}", highlight=False)
                    raise typer.Exit(1)
                return
            console.print(
                f"Pantau berjalan: siklus tiap {settings.schedule.collect_every_minutes} menit, "
                f"laporan mingguan {DAY_IN_INDONESIAN[settings.schedule.weekly_report_day]} "
                f"{settings.schedule.weekly_report_time} ({settings.timezone}). "
                "Hentikan dengan Ctrl+C atau SIGTERM.",
                highlight=False,
            )
            cycles = service.run_forever()
            console.print(f"Berhenti dengan rapi setelah {cycles} siklus.")
        finally:
            restore()


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")
    app.command("run")(run_cmd)
