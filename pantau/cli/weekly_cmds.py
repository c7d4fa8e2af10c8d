"""`pantau report`: the weekly report from the store, in every configured format."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from pantau.cli.context import state

console = Console()


def report_cmd(
    week: str | None = typer.Option(
        None, "--week", "-w", help="Pekan ISO, mis. 2024-W47 (bawaan: pekan lengkap terakhir)."
    ),
    formats: str | None = typer.Option(
        None, "--format", "-f", help="Daftar format dipisah koma: html,pdf,xlsx,json."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Folder keluaran."),
) -> None:
    """Menulis laporan mingguan: kecamatan yang perlu sosialisasi dan alasannya."""
    from reports.weekly import write_weekly_report

    settings = state.settings()
    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()] if formats else None
    result = write_weekly_report(
        state.store(), settings.for_reports(), week, out or settings.report_dir(), chosen
    )
    for fmt, path in result.items():
        console.print(f"{fmt.upper():5} {path}", highlight=False)
    for fmt, err in result.failures.items():
        console.print(f"[yellow]{fmt.upper()} gagal:[/] {err.message}", highlight=False)
        if err.hint:
            console.print(f"  Saran: {err.hint}", highlight=False)
    if not result:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
