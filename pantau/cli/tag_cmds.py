"""``pantau tag INPUT [--out OUTPUT]``: tag a CSV/JSONL file with the shipped models.

Needs no database, no network and no configuration: anyone can score the tagger with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

err_console = Console(stderr=True)
# Files with more rows than this get a progress bar (only when stderr is a terminal).
PROGRESS_MIN_ROWS = 2000


def tag_cmd(
    input_path: Path = typer.Argument(
        ...,
        metavar="INPUT",
        help="CSV (kolom 'text', opsional 'id') atau JSONL ({\"id\", \"text\"}).",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Berkas keluaran JSONL (bawaan: layar / stdout)."
    ),
) -> None:
    """Menandai tiap teks: sentimen, tahapan, kesadaran, flag, kecamatan, bahasa (JSONL)."""
    from nlp.pipeline import TaggingPipeline
    from nlp.tagging_io import count_rows, detect_format, tag_file

    detect_format(input_path)  # fail fast on a file that is not CSV/JSONL, before loading models
    pipeline = TaggingPipeline()
    handle = out.open("w", encoding="utf-8") if out is not None else sys.stdout
    try:
        total = count_rows(input_path) if err_console.is_terminal else 0
        if total >= PROGRESS_MIN_ROWS:
            from rich.progress import Progress

            with Progress(console=err_console, transient=True) as bar:
                task = bar.add_task("Menandai", total=total)
                summary = tag_file(input_path, handle, pipeline, lambda n: bar.advance(task, n))
        else:
            summary = tag_file(input_path, handle, pipeline)
    finally:
        if out is not None:
            handle.close()
    if out is not None or summary.errors:
        err_console.print(
            f"{summary.rows} baris ditandai ({summary.input_format})"
            + (
                f", {summary.errors} baris bermasalah (lihat evidence.error)"
                if summary.errors
                else ""
            )
            + (f" -> {out}" if out is not None else ""),
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    """Add ``pantau tag`` to the main app."""
    app.command("tag")(tag_cmd)
