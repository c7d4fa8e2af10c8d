"""``pantau collect``: fetch new posts and replies from the configured accounts."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.console import Console

from core.errors import ConfigError
from core.store.runs import RunStats
from pantau.cli.context import state

# soft_wrap: one line per source stays one line for scripts and logs, whatever the width.
console = Console(soft_wrap=True)
err_console = Console(stderr=True)

_STATUS_WORD = {"ok": "berhasil", "partial": "sebagian", "failed": "GAGAL"}


def _parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConfigError(
            f"--now tidak valid: {value!r}", "Contoh: 2024-11-28T12:00:00+07:00"
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def summary_line(name: str, platform: str, status: str, stats: RunStats) -> str:
    """One line per source, as the media team reads it."""
    deleted = int(stats.details.get("deleted", 0)) if stats.details else 0
    parts = [
        f"{name} ({platform}): {_STATUS_WORD.get(status, status)}",
        f"baru {stats.items_new}",
        f"diperbarui {stats.items_updated}",
        f"dihapus {deleted}",
        f"dilewati {stats.items_skipped}",
        f"permintaan {stats.requests}",
    ]
    if stats.wait_seconds:
        parts.append(f"menunggu {stats.wait_seconds:.0f} dtk")
    if stats.cost_usd:
        parts.append(f"biaya ~US${stats.cost_usd:.2f}")
    return "; ".join(parts)


def collect_cmd(
    source: list[str] = typer.Option(
        [], "--source", "-s", help="Hanya sumber ini (nama di pantau.yaml; boleh berulang)."
    ),
    since: datetime | None = typer.Option(
        None, "--since", formats=["%Y-%m-%d"], help="Ambil ulang sejak tanggal ini (YYYY-MM-DD)."
    ),
    now: str | None = typer.Option(
        None, "--now", hidden=True, help="Jam pura-pura (uji/demo dengan emulator)."
    ),
) -> None:
    """Mengambil unggahan dan balasan baru dari akun X, Facebook dan Instagram."""
    from collectors.runner import CollectOptions, collect

    settings = state.settings()
    store = state.store()
    since_at = since.replace(tzinfo=UTC) if since is not None else None
    with err_console.status("Mengambil data...") as status:

        def progress(name: str, stream: str, stats: RunStats) -> None:
            status.update(
                f"{name} [{stream}]: baru {stats.items_new}, diperbarui {stats.items_updated}, "
                f"permintaan {stats.requests}"
            )

        results = collect(
            settings.for_collectors(),
            store,
            CollectOptions(
                only=source or None, since=since_at, now=_parse_now(now), progress=progress
            ),
        )
    failed = 0
    for result in results:
        console.print(
            summary_line(result.name, result.platform, result.status, result.stats),
            highlight=False,
        )
        for gap in result.stats.gaps[:5]:
            console.print(f"  celah: {gap}", highlight=False)
        if result.message:
            console.print(f"  {result.message}", highlight=False)
        if result.hint:
            console.print(f"  Saran: {result.hint}", highlight=False)
        failed += result.failed
    if failed:
        raise typer.Exit(code=5)


def register(app: typer.Typer) -> None:
    app.command("collect")(collect_cmd)
