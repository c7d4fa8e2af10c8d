"""Workspace commands: init, config show, db upgrade, status, demo."""

from __future__ import annotations

import os
from pathlib import Path

import typer
import yaml
from rich.console import Console
from rich.table import Table

from core.store.database import masked_url
from core.store.pseudonym import PSEUDONYM_KEY_ENV
from pantau.cli.context import state

console = Console()

config_app = typer.Typer(help="Melihat konfigurasi.", no_args_is_help=True)
db_app = typer.Typer(help="Mengelola basis data.", no_args_is_help=True)


def init_cmd(
    directory: Path = typer.Argument(..., help="Folder kerja baru (dibuat bila belum ada)."),
    force: bool = typer.Option(False, "--force", help="Timpa pantau.yaml yang sudah ada."),
) -> None:
    """Membuat konfigurasi berkomentar, berkas .env (kunci pseudonim) dan basis data kosong."""
    from pantau.workspace import init_workspace

    ws = init_workspace(directory, force=force)
    verb = "dibuat" if ws.created else "sudah ada, tidak diubah"
    console.print(f"Konfigurasi: {ws.config_path} ({verb})")
    console.print(f"Rahasia:     {ws.env_path} (jangan dibagikan)")
    console.print(f"Basis data:  {masked_url(ws.settings.resolved_database_url())}")
    console.print("Langkah berikut: sunting pantau.yaml (sources), lalu `pantau status`.")


@config_app.command("show")
def config_show() -> None:
    """Menampilkan konfigurasi yang berlaku; rahasia disamarkan."""
    settings = state.settings()
    data = settings.model_dump(mode="json")
    try:
        data["database_url"] = masked_url(settings.resolved_database_url())
    except Exception:  # an unset ${VAR}: show the reference, not an error
        data["database_url"] = settings.database_url
    console.print(f"# Berkas: {settings.config_path}", highlight=False)
    console.print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), highlight=False)
    names = {PSEUDONYM_KEY_ENV} | {s.token_env for s in settings.sources if s.token_env}
    table = Table(title="Rahasia (dari lingkungan / .env)")
    table.add_column("Variabel")
    table.add_column("Status")
    for name in sorted(names):
        table.add_row(name, "diset (disamarkan)" if os.environ.get(name) else "tidak diset")
    console.print(table)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Memperbarui skema basis data ke versi terbaru (juga otomatis saat mulai)."""
    from core.store.database import current_revision, head_revision, make_engine, upgrade

    settings = state.settings()
    engine = make_engine(settings.resolved_database_url())
    try:
        before = current_revision(engine)
        upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    if before == after:
        console.print(f"Skema sudah mutakhir (revisi {after}).")
    else:
        console.print(
            f"Skema diperbarui: {before or '(kosong)'} -> {after} (head {head_revision()})."
        )


@db_app.command("purge")
def db_purge(
    before: str = typer.Option(
        ..., "--before", help="Hapus semua yang dibuat sebelum tanggal ini (TTTT-BB-HH)."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Tanpa pertanyaan konfirmasi."),
) -> None:
    """Menghapus permanen item sebelum tanggal itu, beserta analisis, label, halaman API mentah,
    peringatan dan pesan terkirim yang mengutipnya."""
    from datetime import date, datetime, time, timedelta

    from sqlalchemy import func, select

    from core.errors import InputFileError
    from core.store.models import Item
    from pantau.retention import purge

    try:
        day = date.fromisoformat(before.strip())
    except ValueError as exc:
        raise InputFileError(
            f"--before '{before}' bukan tanggal.", hint="Tulis tanggal sebagai TTTT-BB-HH."
        ) from exc
    settings = state.settings()
    cutoff = datetime.combine(day, time(), settings.tz)
    store = state.store()
    with store.session() as s:
        count = s.scalar(select(func.count()).select_from(Item).where(Item.created_at < cutoff))
    if not count:
        console.print(f"Tidak ada item sebelum {day:%Y-%m-%d}; tidak ada yang dihapus.")
        return
    if not yes:
        typer.confirm(
            f"{count:,} item sebelum {day:%Y-%m-%d} akan dihapus permanen. Lanjutkan?",
            abort=True,
        )
    result = purge(store, settings, cutoff, f"sebelum {day:%Y-%m-%d}")
    watched = max((s.comment_days for s in settings.sources if s.enabled), default=0)
    if watched and cutoff > datetime.now(settings.tz) - timedelta(days=watched):
        console.print(
            f"Perhatian: unggahan {watched} hari terakhir masih dipantau (comment_days); "
            "balasan yang baru dihapus di bawahnya akan diambil lagi pada pengambilan berikutnya.",
            highlight=False,
        )
    console.print(
        f"Dihapus: {result.items:,} item, {result.analyses:,} analisis, {result.labels:,} label, "
        f"{result.raw_pages_deleted:,} halaman API mentah (dan {result.raw_pages_trimmed:,} "
        f"halaman dibersihkan dari item itu), {result.alerts:,} peringatan, "
        f"{result.outbox:,} pesan terkirim.",
        highlight=False,
    )
    console.print(
        "Laporan dan lembar label yang sudah ditulis ke disk tidak ikut terhapus; hapus sendiri "
        "berkas lama di folder laporan bila perlu.",
        highlight=False,
    )


def status_cmd() -> None:
    """Menampilkan isi basis data: item per platform dan pekan, proses terakhir, antrean."""
    from pantau.cli.status_view import print_status

    print_status(console, state.store(), state.settings())


def demo_cmd(
    directory: Path = typer.Option(Path("demo-output"), "--dir", help="Folder kerja demo."),
    fresh: bool = typer.Option(False, "--fresh", help="Hapus basis data demo lama dulu."),
) -> None:
    """Menjalankan demo lengkap tanpa token: data sintetis, basis data SQLite sendiri."""
    from pantau.demo import run_demo

    run_demo(directory, console, fresh=fresh)


def register(app: typer.Typer) -> None:
    app.command("init")(init_cmd)
    app.add_typer(config_app, name="config")
    app.add_typer(db_app, name="db")
    app.command("status")(status_cmd)
    app.command("demo")(demo_cmd)
