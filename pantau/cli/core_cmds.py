"""Core commands: init, config show, db upgrade, import, status, demo."""

from __future__ import annotations

import os
from pathlib import Path

import typer
import yaml
from rich.console import Console
from rich.table import Table

from pantau.cli.context import state
from pantau.cli.progress import progress_bar
from pantau.errors import InputFileError
from pantau.settings import PSEUDONYM_KEY_ENV
from pantau.store.database import masked_url

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
    from pantau.store.database import current_revision, head_revision, make_engine, upgrade

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


def _parse_map(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InputFileError(
                f"--map '{item}' tidak valid", "Bentuknya FIELD=Kolom, mis. --map text=Komentar"
            )
        out[field.strip()] = column.strip()
    return out


def import_cmd(
    file: Path = typer.Argument(..., help="Berkas ekspor: CSV, JSONL atau XLSX."),
    platform: str = typer.Option(
        "auto", "--platform", "-p", help="x, facebook, instagram, file; auto = dari kolom platform."
    ),
    profile: str | None = typer.Option(None, "--profile", help="Profil kolom di import_profiles."),
    column: list[str] = typer.Option(
        [], "--map", help="Pemetaan kolom FIELD=Kolom (boleh berulang)."
    ),
    encoding: str | None = typer.Option(None, "--encoding", help="Paksa pengodean, mis. cp1252."),
    recheck: bool = typer.Option(
        False, "--recheck", help="Periksa ulang setiap baris walau berkas ini sudah diimpor."
    ),
    batch_size: int = typer.Option(5000, "--batch-size", min=1, max=100_000, hidden=True),
    show_problems: int = typer.Option(
        20, "--show-problems", help="Jumlah masalah baris yang dicetak."
    ),
) -> None:
    """Mengimpor berkas ekspor; masalah per baris dilaporkan, sisanya tetap diimpor."""
    from collectors.file_import import import_file

    settings = state.settings()
    store = state.store()
    overrides = _parse_map(column)
    total = file.stat().st_size if file.is_file() else 0
    with progress_bar("Impor", total, in_bytes=True, min_total=2_000_000) as advance:
        report = import_file(
            store,
            settings,
            file,
            platform=platform,
            profile_name=profile,
            column_overrides=overrides or None,
            encoding=encoding,
            batch_size=batch_size,
            recheck=recheck,
            progress=advance,
        )
    if report.already_imported_by is not None:
        console.print(
            f"{file.name}: berkas yang sama persis sudah diimpor lengkap (proses "
            f"#{report.already_imported_by}); tidak ada yang baru. Gunakan --recheck untuk "
            "memeriksa ulang setiap baris.",
            highlight=False,
        )
        return
    console.print(
        f"{file.name}: {report.rows_read} baris dibaca ({report.file_format}, {report.encoding}); "
        f"baru {report.new}, diperbarui {report.updated}, sudah ada {report.unchanged}, "
        f"dilewati {report.skipped}.",
        highlight=False,
    )
    if report.encoding == "cp1252":
        console.print("Catatan: berkas bukan UTF-8; dibaca sebagai cp1252 (Windows/Excel lama).")
    fatal = [p for p in report.problems if p.fatal]
    for p in report.problems[:show_problems]:
        kind = "dilewati" if p.fatal else "peringatan"
        console.print(f"  baris {p.line}: {p.reason} ({kind})", highlight=False)
    if len(report.problems) > show_problems:
        console.print(f"  ... dan {len(report.problems) - show_problems} masalah lain.")
    if fatal and report.new + report.updated + report.unchanged == 0:
        raise typer.Exit(code=4)


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
    app.command("import")(import_cmd)
    app.command("status")(status_cmd)
    app.command("demo")(demo_cmd)
