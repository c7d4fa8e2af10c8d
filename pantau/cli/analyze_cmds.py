"""`pantau analyze`: tag stored items with the current NLP pipeline."""

from __future__ import annotations

import typer
from rich.console import Console

from pantau.cli.context import state
from pantau.cli.progress import progress_bar

console = Console()


def analyze_cmd(
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="Paling banyak sekian item pada putaran ini."
    ),
    batch_size: int = typer.Option(1000, "--batch-size", min=1, max=50_000, hidden=True),
    retry_failed: bool = typer.Option(
        False, "--retry-failed", help="Coba lagi item yang gagal dianalisis versi ini."
    ),
) -> None:
    """Menganalisis item yang belum dianalisis oleh versi model saat ini."""
    from nlp.analyze import analyze_pending, count_failed, count_pending, forget_failures
    from nlp.pipeline import TaggingPipeline

    settings = state.settings()
    store = state.store()
    pipeline = TaggingPipeline(settings=settings.nlp)
    if retry_failed:
        console.print(f"{forget_failures(store, pipeline.version):,} item gagal dicoba lagi.")
    pending = count_pending(store, pipeline.version)
    total = min(pending, limit) if limit else pending
    with progress_bar("Analisis", total) as advance:
        report = analyze_pending(
            store, pipeline, batch_size=batch_size, limit=limit, progress=advance
        )
    console.print(
        f"Model {report.model_version}: {report.analysed:,} item dianalisis "
        f"(baru {report.new_items:,}, analisis ulang {report.reanalysed:,}); "
        f"gagal {report.failed:,}; tersisa {report.remaining:,}.",
        highlight=False,
    )
    for err in report.errors[:10]:
        console.print(f"  {err}", highlight=False)
    waiting = count_failed(store, pipeline.version)
    if waiting:
        console.print(
            f"{waiting:,} item tidak dapat dianalisis versi ini (rincian teknis di log "
            "dengan --verbose); setelah diperbaiki, jalankan `pantau analyze --retry-failed`.",
            highlight=False,
        )
    if report.failed:  # a partial run is not a success: scripts and cron must see it
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_cmd)
