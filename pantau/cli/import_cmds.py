"""`pantau import`: exported files (CSV, JSONL, XLSX) into the store, problems by row."""

from __future__ import annotations

import gc
from pathlib import Path

import typer
from rich.console import Console

from pantau.cli.context import state
from pantau.cli.progress import progress_bar

console = Console()


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
    from collectors.settings import parse_column_map
    from collectors.source_rows import display_name

    settings = state.settings().for_collectors()
    store = state.store()
    # The row loop allocates millions of short-lived objects, and each time the cyclic GC ran it
    # walked every object alive (all of SQLAlchemy and pydantic): a few percent of an import.
    # Freezing what exists now takes those out of its walks. This is a one-shot command, so the
    # process-wide change belongs here in the shell, never in the importer itself.
    gc.freeze()
    overrides = parse_column_map(column)
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
    name = display_name(Path(file.name))
    if report.already_imported_by is not None:
        console.print(
            f"{name}: berkas yang sama persis sudah diimpor lengkap (proses "
            f"#{report.already_imported_by}); tidak ada yang baru. Gunakan --recheck untuk "
            "memeriksa ulang setiap baris.",
            highlight=False,
        )
        return
    console.print(
        f"{name}: {report.rows_read} baris dibaca ({report.file_format}, {report.encoding}); "
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
    if report.stray_quotes:
        console.print(
            f"Catatan: {report.stray_quotes} baris berisi tanda kutip yang tidak ditutup. Baris "
            "sesudahnya dibaca ulang dengan anggapan kutip itu salah ketik, jadi berkas ini tidak "
            "dicatat sebagai terimpor lengkap. Perbaiki baris itu (atau ekspor ulang) lalu impor "
            "lagi; baris yang sudah tersimpan tidak akan ganda.",
            highlight=False,
        )
    if fatal and report.new + report.updated + report.unchanged == 0:
        raise typer.Exit(code=4)


def register(app: typer.Typer) -> None:
    app.command("import")(import_cmd)
