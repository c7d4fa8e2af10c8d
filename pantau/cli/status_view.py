"""Rendering `pantau status` for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from core.store.database import Store, masked_url
from pantau.settings import Settings
from pantau.status import collect_status

_STATUS_ID = {"ok": "berhasil", "partial": "sebagian", "failed": "gagal", "running": "berjalan"}
_KIND_ID = {
    "import": "impor",
    "collect": "koleksi",
    "analyze": "analisis",
    "report": "laporan",
    "alerts": "peringatan",
    "purge": "penghapusan",
}


def print_status(console: Console, store: Store, settings: Settings) -> None:
    st = collect_status(store, settings, current_model_version(settings))
    where = "bawaan Pantau, tanpa folder kerja" if settings.shipped_defaults else "folder kerja"
    console.print(f"Konfigurasi: {settings.config_path} ({where})", highlight=False)
    console.print(f"Basis data: {masked_url(settings.resolved_database_url())}", highlight=False)
    console.print(
        f"Item: {st.items_total:,} (unggahan resmi {st.own_posts:,}, dihapus {st.deleted:,})",
        highlight=False,
    )
    if st.items_by_platform_week:
        table = Table(title="Item per platform dan pekan (WIB)")
        table.add_column("Pekan")
        table.add_column("Platform")
        table.add_column("Jumlah", justify="right")
        for (platform, week), n in st.items_by_platform_week.items():
            table.add_row(week, platform, f"{n:,}")
        console.print(table)
    if st.last_runs:
        runs = Table(title="Proses terakhir per sumber")
        for col in (
            "Jenis",
            "Sumber",
            "Mulai (WIB)",
            "Hasil",
            "Baru",
            "Diperbarui",
            "Gagal",
            "Pesan",
        ):
            runs.add_column(col)
        for r in st.last_runs:
            runs.add_row(
                _KIND_ID.get(r.kind, r.kind),
                r.source_name or "-",
                r.started_at.astimezone(settings.tz).strftime("%d-%m-%Y %H:%M"),
                _STATUS_ID.get(r.status, r.status),
                str(r.items_new),
                str(r.items_updated),
                str(r.items_failed),
                (r.message or "")[:60],
            )
        console.print(runs)
    else:
        console.print("Belum ada proses koleksi atau impor.")
    version = f" (model {st.model_version})" if st.model_version else ""
    console.print(f"Menunggu analisis{version}: {st.pending_analyses:,}", highlight=False)
    console.print(
        f"Peringatan terbuka: {st.open_alerts:,}; "
        f"pesan belum terkirim: {st.undelivered_messages:,}",
        highlight=False,
    )


def current_model_version(settings: Settings) -> str | None:
    """The analysis version the pipeline would write now (sentiment model + tagger rules)."""
    try:
        from nlp.pipeline import TaggingPipeline

        return TaggingPipeline(settings=settings.nlp).version
    except Exception:  # status must work even when the model cannot load
        return None
