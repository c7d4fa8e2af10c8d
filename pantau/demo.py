"""`pantau demo`: the main job end to end on synthetic data, with no token and no secret.

Each stage of the product adds its step here, so the demo always shows what Pantau does today.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rich.console import Console

from pantau.cli.status_view import print_status
from pantau.settings import load_settings
from pantau.store.database import open_store
from pantau.workspace import init_workspace


def sample_export_path() -> Path:
    return Path(str(resources.files("pantau") / "demo_data" / "sample_export.csv"))


def run_demo(directory: Path, console: Console, *, fresh: bool = False) -> None:
    from collectors.file_import import import_file

    db_file = directory / "pantau.db"
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
    console.rule("[bold]Demo Pantau[/] (data sintetis)")
    ws = init_workspace(directory)
    settings = load_settings(ws.config_path)
    console.print(f"Folder kerja: {ws.directory}", highlight=False)
    store = open_store(settings.resolved_database_url())
    try:
        console.rule("1. Impor ekspor contoh (Meta Business Suite)")
        sample = sample_export_path()
        report = import_file(store, settings, sample, platform="auto")
        console.print(
            f"{sample.name}: {report.rows_read} baris; baru {report.new}, "
            f"sudah ada {report.unchanged}, dilewati {report.skipped}",
            highlight=False,
        )
        console.rule("Status")
        print_status(console, store, settings)
    finally:
        store.dispose()
