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

from core.store.database import Store, open_store
from pantau.cli.status_view import print_status
from pantau.settings import Settings, load_settings
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
    report = import_file(ctx.store, ctx.settings.for_collectors(), sample, platform="auto")
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


def step_collect(ctx: DemoContext) -> None:
    """Collect from the loopback emulator through the real tweepy and facebook-sdk code."""
    import os
    from datetime import timedelta

    from collectors.emulator.scenario import build_scenario
    from collectors.emulator.server import EmulatorServer
    from collectors.runner import CollectOptions, collect
    from pantau.settings import SourceSettings

    scenario = build_scenario(seed=2024, replies=1500, posts=60)
    # Tokens the emulator accepts; they open nothing anywhere else.
    token_env = {"x": "PANTAU_DEMO_X_TOKEN", "meta": "PANTAU_DEMO_META_TOKEN"}
    tokens = {token_env["x"]: "x-emulator-bearer", token_env["meta"]: "meta-emulator-page-token"}
    saved = {k: os.environ.get(k) for k in tokens}
    os.environ.update(tokens)
    acc = scenario.accounts
    with EmulatorServer(scenario) as server:
        sources = [
            SourceSettings.model_validate(
                {
                    "name": f"{platform}_kpu_jember",
                    "platform": platform,
                    "account_id": acc[platform].id,
                    "username": acc[platform].username,
                    "token_env": token_env["x" if platform == "x" else "meta"],
                }
            )
            for platform in ("x", "facebook", "instagram")
        ]
        api = ctx.settings.api.model_copy(
            update={"x_base_url": server.base_url, "graph_base_url": server.base_url}
        )
        settings = ctx.settings.model_copy(update={"sources": sources, "api": api})
        ctx.console.print(f"Emulator X API + Graph API di {server.base_url}", highlight=False)
        end = scenario.now
        totals: dict[str, list[int]] = {}
        try:
            # As the scheduler would through the month (X searches only reach 7 days back).
            for days_left in (25, 20, 15, 10, 5, 0):
                moment = end - timedelta(days=days_left)
                scenario.set_now(moment)
                for r in collect(settings.for_collectors(), ctx.store, CollectOptions(now=moment)):
                    t = totals.setdefault(f"{r.name} ({r.platform})", [0, 0, 0])
                    t[0] += r.stats.items_new
                    t[1] += r.stats.requests
                    t[2] += r.status != "ok"
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    for name, (new, requests, bad) in totals.items():
        note = f", {bad} proses tidak lengkap" if bad else ""
        ctx.console.print(
            f"{name}: {new} item baru, {requests} permintaan API{note}", highlight=False
        )
    from sqlalchemy import select

    from core.store.models import Item

    expected = scenario.expected_items()
    with ctx.store.session() as s:
        rows = s.execute(select(Item.platform, Item.external_id).where(Item.deleted_at.is_(None)))
        held = sum(1 for row in rows if (row[0], row[1]) in expected)
    # The sample export above comes from the same synthetic month, so some items were
    # already stored by the import; they count as held, not as new.
    ctx.console.print(
        f"Skenario emulator berisi {len(expected)} unggahan dan balasan; "
        f"{held} di antaranya kini tersimpan (6 kali pengambilan).",
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

    week = busiest_week(ctx.store, ctx.settings.for_reports())
    if week is None:
        ctx.console.print("Belum ada balasan warga: laporan dilewati.")
        return
    label = f"{week[0]}-W{week[1]:02d}"
    result = write_weekly_report(
        ctx.store,
        ctx.settings.for_reports(),
        label,
        ctx.workspace.directory / "laporan",
        synthetic=True,
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
    from pantau.demo_alerts import step_alerts as run_alerts_step

    run_alerts_step(ctx)


def step_labels(ctx: DemoContext) -> None:
    """The sheet the media team would fill next: how the model gets better on real replies."""
    from nlp.labelling import pick_for_labelling, write_sheet

    with ctx.store.session() as s:
        rows = pick_for_labelling(s, 50, own_handles=ctx.settings.own_handles())
    if not rows:
        ctx.console.print("Tidak ada balasan untuk dilabeli.")
        return
    sheet = ctx.workspace.directory / "label-sentimen.csv"
    write_sheet(sheet, rows, ctx.settings.tz)
    spread: dict[str, int] = {}
    for r in rows:
        spread[r.language] = spread.get(r.language, 0) + 1
    ctx.console.print(
        f"{len(rows)} balasan yang paling tidak yakin ditebak model -> {sheet} "
        f"({', '.join(f'{k} {v}' for k, v in sorted(spread.items()))}). Tim mengisi kolom "
        "'label', lalu: pantau label import label-sentimen.csv --by NAMA",
        highlight=False,
    )


Step = Callable[[DemoContext], None]
# The order of the product's flow: collect -> analyse -> report -> alert.
DEMO_STEPS: list[tuple[str, Step]] = [
    ("Impor ekspor contoh (Meta Business Suite)", step_import),
    ("Ambil data dari emulator X dan Graph API (tweepy, facebook-sdk)", step_collect),
    ("Analisis NLP (sentimen, tahapan, kecamatan)", step_analyze),
    ("Laporan mingguan", step_report),
    ("Peringatan otomatis (diputar ulang, dikirim ke berkas)", step_alerts),
    ("Lembar pelabelan untuk tim media", step_labels),
    ("Status", step_status),
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
