"""`pantau demo`: the main job end to end on synthetic data, with no token and no secret.

Each stage of the product adds one step to ``DEMO_STEPS``, so the demo always shows what Pantau
does today. A step receives the :class:`DemoContext` and prints what it did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console

from pantau.cli.status_view import print_status
from pantau.settings import Settings, load_settings
from pantau.store.database import Store, open_store
from pantau.workspace import Workspace, init_workspace


@dataclass
class DemoContext:
    console: Console
    workspace: Workspace
    settings: Settings
    store: Store
    notes: dict[str, Any] = field(default_factory=dict)


def sample_export_path() -> Path:
    return Path(str(resources.files("pantau") / "demo_data" / "sample_export.csv"))


def step_import(ctx: DemoContext) -> None:
    from collectors.file_import import import_file

    sample = sample_export_path()
    report = import_file(ctx.store, ctx.settings, sample, platform="auto")
    if report.already_imported_by is not None:
        ctx.console.print(
            f"{sample.name}: sudah diimpor sebelumnya (proses #{report.already_imported_by})."
        )
        return
    ctx.console.print(
        f"{sample.name}: {report.rows_read} baris; baru {report.new}, "
        f"sudah ada {report.unchanged}, dilewati {report.skipped}",
        highlight=False,
    )


def step_analyze(ctx: DemoContext) -> None:
    from nlp.analyze import analyze_pending
    from nlp.pipeline import TaggingPipeline

    pipeline = TaggingPipeline(settings=ctx.settings.nlp)
    report = analyze_pending(ctx.store, pipeline)
    ctx.console.print(
        f"Model {report.model_version}: {report.analysed:,} item dianalisis, "
        f"gagal {report.failed}, tersisa {report.remaining}.",
        highlight=False,
    )


def step_report(ctx: DemoContext) -> None:
    from reports.weekly import busiest_week, write_weekly_report

    week = busiest_week(ctx.store, ctx.settings)
    if week is None:
        ctx.console.print("Belum ada balasan warga: laporan dilewati.")
        return
    label = f"{week[0]}-W{week[1]:02d}"
    result = write_weekly_report(
        ctx.store, ctx.settings, label, ctx.workspace.directory / "laporan", synthetic=True
    )
    ctx.console.print(f"Laporan pekan tersibuk {label}:", highlight=False)
    for fmt, path in result.items():
        ctx.console.print(f"  {fmt.upper():5} {path}", highlight=False)
    for fmt, err in result.failures.items():
        ctx.console.print(f"  [yellow]{fmt.upper()} gagal:[/] {err.message}", highlight=False)
    ctx.notes["report_files"] = dict(result)


def step_status(ctx: DemoContext) -> None:
    print_status(ctx.console, ctx.store, ctx.settings)


def step_alerts(ctx: DemoContext) -> None:
    from alerts.demo_step import step_alerts as run_alerts_step

    run_alerts_step(ctx)


Step = Callable[[DemoContext], None]
# The order of the product's flow: collect -> analyse -> report -> alert.
DEMO_STEPS: list[tuple[str, Step]] = [
    ("Impor ekspor contoh (Meta Business Suite)", step_import),
    ("Analisis NLP (sentimen, tahapan, kecamatan)", step_analyze),
    ("Laporan mingguan", step_report),
    ("Status", step_status),
    ("Peringatan otomatis (diputar ulang, dikirim ke berkas)", step_alerts),
]


def run_demo(directory: Path, console: Console, *, fresh: bool = False) -> None:
    db_file = directory / "pantau.db"
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
    console.rule("[bold]Demo Pantau[/] (data sintetis)")
    ws = init_workspace(directory)
    settings = load_settings(ws.config_path)
    console.print(f"Folder kerja: {ws.directory}", highlight=False)
    store = open_store(settings.resolved_database_url())
    ctx = DemoContext(console=console, workspace=ws, settings=settings, store=store)
    try:
        for number, (title, step) in enumerate(DEMO_STEPS, start=1):
            console.rule(f"{number}. {title}")
            step(ctx)
    finally:
        store.dispose()
