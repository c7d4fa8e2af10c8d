"""The demo's alert step on the imported sample export, with analyses from its ground truth."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

from rich.console import Console
from sqlalchemy import select

from core.store.database import open_store
from core.store.models import Analysis, Item
from pantau.demo import DemoContext, sample_export_path
from pantau.demo_alerts import DEMO_FILE, step_alerts
from pantau.settings import load_settings
from pantau.workspace import init_workspace
from tests.alerts.helpers import FLAG_COLUMNS

REPO = Path(__file__).resolve().parents[2]


def _context(tmp_path: Path) -> tuple[DemoContext, StringIO]:
    ws = init_workspace(tmp_path / "demo")
    settings = load_settings(ws.config_path)
    out = StringIO()
    console = Console(file=out, width=200)
    store = open_store(settings.resolved_database_url())
    return DemoContext(console=console, workspace=ws, settings=settings, store=store), out


def _analyse_from_truth(ctx: DemoContext) -> None:
    truth_file = REPO / "pantau/demo_data/sample_export_truth.csv"
    truth = {r["Comment ID"]: r for r in csv.DictReader(truth_file.open(encoding="utf-8"))}
    with ctx.store.session() as s:
        for item in s.scalars(select(Item)):
            t = truth[item.external_id]
            flags = [f for f in t["flags"].split(";") if f]
            s.add(
                Analysis(
                    item_id=item.id,
                    model_version="truth",
                    sentiment=t["sentiment"],
                    score_positive=0.1,
                    score_neutral=0.1,
                    score_negative=0.1,
                    stage=t["stage"],
                    kecamatan=t["kecamatan"] or None,
                    flags=flags,
                    **{col: name in flags for name, col in FLAG_COLUMNS.items()},
                )
            )


def test_demo_step_without_analyses_says_so(tmp_path: Path) -> None:
    ctx, out = _context(tmp_path)
    step_alerts(ctx)
    ctx.store.dispose()
    assert "Belum ada analisis" in out.getvalue()


def test_demo_step_raises_the_planted_alerts_and_writes_the_file(tmp_path: Path) -> None:
    from collectors.file_import import import_file

    ctx, out = _context(tmp_path)
    import_file(ctx.store, ctx.settings.for_collectors(), sample_export_path(), platform="auto")
    _analyse_from_truth(ctx)
    step_alerts(ctx)
    printed = out.getvalue()
    written = (ctx.workspace.directory / DEMO_FILE).read_text(encoding="utf-8")
    assert "misinformasi" in printed and "golput di Bangsalsari" in printed
    assert "Jelbuk" not in printed.split("pesan dikirim")[0]
    assert "Kelompok niat golput di Bangsalsari" in written
    assert "Koreksi resmi" in written
    # Running the step again sends nothing new (same alerts, same notifications).
    before = written.count("=====")
    step_alerts(ctx)
    ctx.store.dispose()
    assert (ctx.workspace.directory / DEMO_FILE).read_text(encoding="utf-8").count(
        "====="
    ) == before
