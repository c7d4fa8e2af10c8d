"""``pantau emulator``: run the loopback platform emulator, write the sample export."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

import typer
from rich.console import Console

from core.errors import CollectorError, PantauError

console = Console()
emulator_app = typer.Typer(
    help="Emulator platform (X dan Graph API) di komputer ini, untuk uji dan demo tanpa token.",
    no_args_is_help=True,
)


@emulator_app.command("serve")
def serve_cmd(
    seed: int = typer.Option(2024, "--seed", help="Benih skenario; benih sama, data sama."),
    replies: int = typer.Option(4000, "--replies", min=20, help="Jumlah balasan publik."),
    port: int = typer.Option(0, "--port", min=0, max=65535, help="Port (0 = pilih port bebas)."),
    fault_rate: float = typer.Option(
        0.0,
        "--fault-rate",
        min=0.0,
        max=0.5,
        help="Peluang gangguan per permintaan (503, 429, koneksi putus), untuk uji ketahanan.",
    ),
) -> None:
    """Menjalankan emulator di latar depan sampai dihentikan (Ctrl-C)."""
    from collectors.emulator.faults import Fault, FaultPlan
    from collectors.emulator.scenario import build_scenario
    from collectors.emulator.server import EmulatorServer

    scenario = build_scenario(seed=seed, replies=replies)
    share = fault_rate / 3
    faults = FaultPlan(
        [
            Fault(kind, probability=share)
            for kind in ("unavailable", "rate_limit", "connection_reset")
        ]
        if fault_rate
        else [],
        seed=seed,
    )
    server = EmulatorServer(scenario, faults=faults, port=port)
    try:
        server.start()
    except OSError as exc:
        raise CollectorError(
            f"Emulator tidak dapat memakai port {port}: {exc.strerror or exc}.",
            "Pilih port lain dengan --port, atau --port 0 agar dipilihkan otomatis.",
        ) from exc
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, _on_signal)
    accounts = scenario.accounts
    console.print(f"Emulator berjalan di [bold]{server.base_url}[/]", highlight=False)
    console.print(
        f"Skenario: benih {seed}, {replies} balasan, akun X @{accounts['x'].username} "
        f"(id {accounts['x'].id}), Page Facebook {accounts['facebook'].id}, "
        f"Instagram {accounts['instagram'].id}.",
        highlight=False,
    )
    console.print("Token yang diterima:", highlight=False)
    for token, grant in server.tokens.items():
        what = "X (Bearer)" if grant.platform == "x" else "Meta (access_token)"
        note = " kedaluwarsa" if grant.expired else ""
        if grant.platform == "x" and not grant.permissions:
            note = " tanpa akses (403)"
        if grant.platform == "meta" and not grant.page_token:
            note = " token pengguna (tanpa izin komentar Instagram)"
        console.print(f"  {token}  [{what}{note}]", highlight=False)
    if fault_rate:
        console.print(f"Gangguan acak aktif: {fault_rate:.0%} permintaan.", highlight=False)
    console.print("Tekan Ctrl-C untuk berhenti.", highlight=False)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    console.print("Emulator dihentikan.", highlight=False)


@emulator_app.command("export-sample")
def export_sample_cmd(
    out: Path = typer.Option(..., "--out", help="Berkas CSV tujuan."),
    seed: int = typer.Option(2024, "--seed", help="Benih skenario."),
    rows: int = typer.Option(300, "--rows", min=1, max=20000, help="Jumlah baris."),
    truth: Path | None = typer.Option(
        None, "--truth", help="Juga tulis label kebenaran (CSV) ke berkas ini."
    ),
) -> None:
    """Menulis contoh ekspor komentar (format Meta Business Suite) berisi teks sintetis."""
    from collectors.emulator.sample_export import write_sample_export

    try:
        count = write_sample_export(out, seed=seed, rows=rows, truth_path=truth)
    except OSError as exc:
        raise PantauError(
            f"Tidak dapat menulis {out}: {exc.strerror or exc}.",
            "Periksa folder tujuan dan izin tulisnya.",
        ) from exc
    console.print(f"{count} baris ditulis ke {out} (teks sintetis).", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``emulator`` command group."""
    app.add_typer(emulator_app, name="emulator")
