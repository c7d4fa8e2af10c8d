"""`pantau db copy`: move a workspace's store to another database (SQLite to PostgreSQL)."""

from __future__ import annotations

import typer
from rich.console import Console
from sqlalchemy import func, select

from core.config_file import expand_env
from core.store.database import masked_url, open_store
from pantau.cli.context import state
from pantau.cli.progress import progress_bar

console = Console()


def db_copy(
    target_url: str = typer.Argument(
        ...,
        help="URL basis data tujuan yang masih kosong, mis. "
        "postgresql+psycopg://pantau:${PANTAU_DB_PASSWORD}@127.0.0.1:5432/pantau",
    ),
) -> None:
    """Menyalin seluruh isi basis data ke basis data kosong lain (mis. SQLite ke PostgreSQL)."""
    from core.store.copy import SKIPPED_TABLES, copy_store
    from core.store.models import Base

    source = state.store()
    url = str(expand_env(target_url))
    target = open_store(url)  # creates the schema at the same revision as the source
    try:
        with source.engine.connect() as conn:
            total = sum(
                int(conn.scalar(select(func.count()).select_from(t)) or 0)
                for t in Base.metadata.sorted_tables
                if t.name not in SKIPPED_TABLES
            )
        with progress_bar("Menyalin", total) as advance:
            report = copy_store(source, target, progress=lambda _table, n: advance(n))
    finally:
        target.dispose()
    console.print(
        f"{report.total:,} baris disalin ke {masked_url(url)}; jumlah baris tiap tabel sama.",
        highlight=False,
    )
    for name, n in report.rows.items():
        console.print(f"  {name}: {n:,}", highlight=False)
    console.print(
        "Langkah berikut: ganti database_url di pantau.yaml ke URL tujuan (kata sandi sebagai "
        "${PANTAU_DB_PASSWORD} di .env), lalu `pantau status`. Simpan berkas SQLite lama "
        "sebagai cadangan sampai yakin.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    from pantau.cli.workspace_cmds import db_app

    db_app.command("copy")(db_copy)
