"""The ``pantau`` command line: a thin shell over the library.

Every command module exposes ``register(app)``; they are listed explicitly below (no
folder walking). Domain errors are turned into one-line messages and exit codes here only.
"""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console

from pantau.errors import PantauError

app = typer.Typer(
    name="pantau",
    help="Pantau: pemantauan media sosial dan sosialisasi untuk KPU Kabupaten Jember.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

err_console = Console(stderr=True)


def _register_commands() -> None:
    # Explicit registry: adding a command module means adding one line here.
    from pantau.cli import core_cmds

    core_cmds.register(app)


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app(args=argv, standalone_mode=False)
    except PantauError as exc:
        err_console.print(f"[bold red]Galat:[/] {exc.message}", highlight=False)
        if exc.hint:
            err_console.print(f"  Saran: {exc.hint}", highlight=False)
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        err_console.print("Dibatalkan.")
        return 130
    except KeyboardInterrupt:
        err_console.print("Dihentikan oleh pengguna.")
        return 130
    except Exception as exc:  # click usage errors and anything unexpected
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            return exc.exit_code
        if isinstance(exc, click.exceptions.Exit):
            return int(exc.exit_code or 0)
        raise
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
