"""Report preview commands: render the synthetic sample report, check a baseline file.

The real weekly report needs the store; these work without one, so the media team can see
the layout and the commission can validate its own baseline before using it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from core.errors import ConfigError

console = Console()


class SampleVariant(StrEnum):
    full = "lengkap"
    empty = "kosong"
    one_reply = "satu-balasan"


def report_sample_cmd(
    out_dir: Path = typer.Argument(..., help="Folder keluaran (dibuat bila belum ada)."),
    formats: list[str] = typer.Option(
        ["html", "pdf", "xlsx", "json"], "--format", "-f",
        help="Format: html, pdf, xlsx, json (boleh diulang).",
    ),
    variant: SampleVariant = typer.Option(
        SampleVariant.full, "--variant", help="Isi contoh: lengkap, kosong, satu-balasan."
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Berkas baseline sendiri (bawaan: baseline Jember Pantau)."
    ),
) -> None:
    """Membuat laporan mingguan CONTOH (data sintetis) untuk melihat tampilannya."""
    from reports.baseline import load_baseline
    from reports.render import render_report
    from reports.sample_report import empty_week_report, one_reply_report, sample_report

    base = load_baseline(baseline)
    if variant is SampleVariant.empty:
        report = empty_week_report(baseline=base)
    elif variant is SampleVariant.one_reply:
        report = one_reply_report(baseline=base)
    else:
        report = sample_report(baseline=base)
    result = render_report(report, out_dir, formats)
    for fmt, path in result.items():
        console.print(f"{fmt.upper():5} {path}", highlight=False)
    if result.failures:
        for fmt, err in result.failures.items():
            console.print(f"[yellow]{fmt.upper()} gagal:[/] {err.message}", highlight=False)
        raise next(iter(result.failures.values()))


def baseline_check_cmd(
    path: Path | None = typer.Argument(
        None, help="Berkas baseline CSV (bawaan: baseline Jember bawaan Pantau)."
    ),
) -> None:
    """Memeriksa berkas baseline (DPT dan partisipasi per kecamatan) dan merangkumnya."""
    from reports.baseline import load_baseline
    from reports.labels import fmt_int

    baseline = load_baseline(path)
    if baseline.is_empty:
        raise ConfigError(f"Baseline tidak dapat dipakai: {baseline.missing_reason}",
                          hint="Periksa jalur berkas; kolomnya sama dengan baseline bawaan.")
    rows = list(baseline)
    estimated = sum(1 for r in rows if r.dpt_2024 is not None and r.dpt_2024.is_estimate)
    turnout = sum(1 for r in rows if r.turnout_2024 is not None)
    console.print(f"Berkas: {baseline.source_path}", highlight=False)
    console.print(f"{len(rows)} kecamatan; total DPT {fmt_int(baseline.total_dpt())} "
                  f"({estimated} angka DPT perkiraan); partisipasi 2024 tersedia untuk "
                  f"{turnout} kecamatan.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the report preview commands to the ``pantau`` app."""
    app.command("report-sample")(report_sample_cmd)
    app.command("baseline-check")(baseline_check_cmd)
