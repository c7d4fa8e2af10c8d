"""``pantau tag INPUT [--out OUTPUT]``: tag any export ``pantau import`` reads (CSV, JSONL, XLSX).

Needs no database, no network and no configuration: anyone can score the tagger with it.
Reading is ``pantau/tag_files.py`` (the collectors' readers and import profiles); tagging and
writing the taxonomy's objects is ``nlp``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from pantau.cli.progress import progress_bar

err_console = Console(stderr=True)
# Files of at least this many bytes get a progress bar (only when stderr is a terminal):
# about 2,000 replies, half a second of tagging.
PROGRESS_MIN_BYTES = 200_000


def tag_cmd(
    input_path: Path = typer.Argument(
        ...,
        metavar="INPUT",
        help="Berkas ekspor seperti untuk `pantau import`: CSV, JSONL atau XLSX "
        "(mis. ekspor Meta Business Suite, atau kolom 'text' dan 'id').",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Berkas keluaran JSONL (bawaan: layar / stdout)."
    ),
    profile: str | None = typer.Option(
        None,
        "--profile",
        help="Profil kolom (meta_business_suite, generic); bawaan: dipilih dari baris judul.",
    ),
    column: list[str] = typer.Option(
        [], "--map", help="Pemetaan kolom FIELD=Kolom (boleh berulang), mis. text=Komentar."
    ),
    encoding: str | None = typer.Option(None, "--encoding", help="Paksa pengodean, mis. cp1252."),
) -> None:
    """Menandai tiap teks: sentimen, tahapan, kesadaran, flag, kecamatan, bahasa (JSONL)."""
    from collectors.settings import parse_column_map
    from nlp.pipeline import TaggingPipeline
    from pantau.tag_files import detect_format, open_tag_source, tag_source

    overrides = parse_column_map(column)
    # The bar counts bytes read; the XLSX reader reports none, so an XLSX file gets no bar.
    total = (
        input_path.stat().st_size
        if err_console.is_terminal and detect_format(input_path) != "xlsx"
        else 0
    )
    with progress_bar("Menandai", total, in_bytes=True, min_total=PROGRESS_MIN_BYTES) as advance:
        # Opened (format, encoding, columns checked) before the models load: a wrong file
        # fails at once.
        source = open_tag_source(
            input_path,
            profile_name=profile,
            overrides=overrides or None,
            encoding=encoding,
            progress=advance if total else None,
        )
        pipeline = TaggingPipeline()
        handle = out.open("w", encoding="utf-8") if out is not None else sys.stdout
        try:
            report = tag_source(source, handle, pipeline)
        finally:
            if out is not None:
                handle.close()
    if report.encoding == "cp1252":
        err_console.print(
            "Catatan: berkas bukan UTF-8; dibaca sebagai cp1252 (Windows/Excel lama).",
            highlight=False,
        )
    if out is not None or report.errors:
        how = (
            report.file_format
            if report.file_format == "xlsx"
            else (f"{report.file_format}, {report.encoding}")
        )
        err_console.print(
            f"{report.rows} baris ditandai ({how}, profil {report.profile_name})"
            + (
                f", {report.errors} baris bermasalah (lihat evidence.error)"
                if report.errors
                else ""
            )
            + (f" -> {out}" if out is not None else ""),
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    """Add ``pantau tag`` to the main app."""
    app.command("tag")(tag_cmd)
