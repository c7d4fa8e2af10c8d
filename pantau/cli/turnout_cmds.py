"""CLI: ``pantau train turnout`` and ``pantau eval turnout`` (thin shell over ``nlp``).

The turnout classifier scores golput intent, cynicism and voting barriers next to the rules
(see ``nlp/README_tagging.md``). Training is a maintainer action: it rewrites the shipped model
file, which changes the tagger version, so ``pantau analyze`` re-analyses stored replies.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from pantau.cli.sentiment_cmds import eval_app, train_app

console = Console()


def train_turnout(
    data: list[Path] = typer.Option(
        [],
        "--data",
        help="Koreksi tim (CSV berkolom teks/text dan label, atau JSONL) sebagai data latih "
        "tambahan; boleh diulang. Label: golput, sinis, uang, hambatan:<jenis>, tidak.",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Lokasi model hasil latihan (bawaan: model bawaan Pantau)."
    ),
    seed: int = typer.Option(13, "--seed", help="Benih acak (hasil dapat diulang)."),
) -> None:
    """Latih pengklasifikasi niat golput, sinisme dan hambatan memilih."""
    from nlp.train_turnout import train_turnout as train
    from nlp.turnout_model import DEFAULT_TURNOUT_MODEL

    target = out or DEFAULT_TURNOUT_MODEL
    extra = f" + {len(data)} berkas koreksi tim" if data else ""
    console.print(f"Melatih model turnout (data proyek{extra}, seed {seed}) ...")
    summary = train(target, extra_files=data, seed=seed)
    console.print_json(json.dumps(summary))
    if summary.get("dropped_dev_texts"):
        console.print(
            f"{summary['dropped_dev_texts']} baris dilewati: teksnya ada di set dev "
            "(set dev tidak boleh ikut dilatih).",
            highlight=False,
        )
    console.print(f"[green]Model disimpan:[/] {target}")


def eval_turnout(
    split: str = typer.Option("test", "--split", help="test (bagian uji, bawaan), tune, atau all."),
    as_json: bool = typer.Option(False, "--json", help="Keluaran JSON untuk mesin."),
    rules_only: bool = typer.Option(
        False, "--rules-only", help="Tanpa pengklasifikasi, hanya aturan (pembanding)."
    ),
) -> None:
    """Presisi/recall niat golput, sinisme dan hambatan memilih pada set dev (per bahasa)."""
    from core.errors import InputFileError
    from nlp.evaluate_turnout import evaluate, print_report

    if split not in ("test", "tune", "all"):
        raise InputFileError(
            f"--split '{split}' tidak dikenal.", hint="Pakai test, tune, atau all."
        )
    report = evaluate(split, rules_only=rules_only)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        print_report(report)


def register(app: typer.Typer) -> None:
    """Add ``turnout`` to the ``train`` and ``eval`` groups (created by sentiment_cmds)."""
    del app  # the groups are already attached to the app
    train_app.command("turnout")(train_turnout)
    eval_app.command("turnout")(eval_turnout)
