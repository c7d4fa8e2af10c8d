"""The ``pantau`` command line: a thin shell over the library.

Every command module exposes ``register(app)``; they are listed explicitly below (no
folder walking). Domain errors are turned into one-line messages and exit codes here only.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer
from rich.console import Console

from core.errors import PantauError
from pantau.cli import indonesian_help
from pantau.cli.context import state

indonesian_help.install()

app = typer.Typer(
    name="pantau",
    help="Pantau: pemantauan media sosial dan sosialisasi untuk KPU Kabupaten Jember.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

err_console = Console(stderr=True)


@app.callback()
def _global_options(
    config: Path | None = typer.Option(
        None,
        "--config",
        "-c",
        help="Berkas konfigurasi (bawaan: $PANTAU_CONFIG, ./pantau.yaml, atau bawaan Pantau).",
        envvar="PANTAU_CONFIG",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Tampilkan log rinci."),
) -> None:
    state.config_path = config
    if verbose:
        logging.getLogger().setLevel(logging.INFO)


def _register_commands() -> None:
    # Explicit registry: adding a command module means adding one line here.
    from pantau.cli import (
        alerts_cmds,
        analyze_cmds,
        collect_cmds,
        db_copy_cmds,
        emulator_cmds,
        import_cmds,
        label_cmds,
        report_cmds,
        sentiment_cmds,
        tag_cmds,
        turnout_cmds,
        weekly_cmds,
        workspace_cmds,
    )

    workspace_cmds.register(app)
    db_copy_cmds.register(app)
    import_cmds.register(app)
    collect_cmds.register(app)
    analyze_cmds.register(app)
    weekly_cmds.register(app)
    emulator_cmds.register(app)
    report_cmds.register(app)
    tag_cmds.register(app)
    alerts_cmds.register(app)
    sentiment_cmds.register(app)
    label_cmds.register(app)
    turnout_cmds.register(app)


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # WeasyPrint warns once per glyph missing from the fonts (emoji in quotes): not for the
    # media team's terminal; the PDF still renders.
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    state.reset()
    try:
        result = app(args=argv, standalone_mode=False, prog_name="pantau")
        return int(result) if isinstance(result, int) else 0
    except PantauError as exc:
        err_console.print(f"[bold red]Galat:[/] {exc.message}", highlight=False)
        if exc.hint:
            err_console.print(f"  Saran: {exc.hint}", highlight=False)
        return exc.exit_code
    except (typer.Exit, typer.Abort) as exc:
        if isinstance(exc, typer.Abort):
            err_console.print("Dibatalkan.")
            return 130
        return int(getattr(exc, "exit_code", 0) or 0)
    except typer.TyperException as exc:  # usage errors from the vendored click
        if hasattr(exc, "format_message"):
            for line in indonesian_help.usage_error_lines(exc):
                err_console.print(line, highlight=False, markup=False)
        return int(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        err_console.print("Dihentikan oleh pengguna.")
        return 130
    except Exception as exc:
        if logging.getLogger().isEnabledFor(logging.INFO):
            raise
        err_console.print(
            f"[bold red]Galat tak terduga:[/] {type(exc).__name__}: {exc}", highlight=False
        )
        err_console.print("  Jalankan ulang dengan --verbose untuk rincian teknis.")
        return 70
    finally:
        state.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
