"""The CLI's own help texts in Indonesian (panel titles, "[default: ...]", the --help line).

Typer offers no translation hook, so the shell sets its text constants and wraps the two
places that hold English literals (the help option and the usage prefix). This is process-wide
on purpose and lives in the shell: only the `pantau` command renders help. A test renders
`pantau --help` and fails if a Typer upgrade brings the English back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

HELP_LINE = "Tampilkan bantuan ini lalu keluar."
USAGE_PREFIX = "Penggunaan: "

_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Argumen",
    "OPTIONS_PANEL_TITLE": "Opsi",
    "COMMANDS_PANEL_TITLE": "Perintah",
    "ERRORS_PANEL_TITLE": "Galat",
    "ABORTED_TEXT": "Dibatalkan.",
    "DEFAULT_STRING": "[bawaan: {}]",
    "ENVVAR_STRING": "[variabel lingkungan: {}]",
    "REQUIRED_LONG_STRING": "[wajib]",
    "DEPRECATED_STRING": "(usang) ",
}


def install() -> None:
    """Idempotent: safe to call once per process (the CLI module calls it on import)."""
    import typer.rich_utils as rich_utils
    from typer._click import decorators, formatting

    for name, text in _TEXTS.items():
        setattr(rich_utils, name, text)
    if getattr(decorators.help_option, "_pantau", False):
        return
    original_option = decorators.help_option

    def help_option(param_decls: list[str]) -> Callable[[Any], Any]:
        decorate = original_option(param_decls)

        def apply(command: Any) -> Any:
            command = decorate(command)
            command.params[-1].help = HELP_LINE
            return command

        return apply

    help_option._pantau = True  # type: ignore[attr-defined]
    decorators.help_option = help_option
    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]


# Typer's usage errors, as "English pattern -> Indonesian"; anything else is shown as it is.
_USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Missing argument '(.+)'\.?$"), r"Argumen '\1' wajib diisi."),
    (re.compile(r"^Missing option '(.+)'\.?$"), r"Opsi '\1' wajib diisi."),
    (re.compile(r"^No such option: (\S+)(?: Did you mean (\S+)\?)?$"), r"Opsi tidak dikenal: \1"),
    (re.compile(r"^No such command '(.+)'\.?$"), r"Perintah tidak dikenal: '\1'."),
    (re.compile(r"^Invalid value for '?(.+?)'?: (.+)$"), r"Nilai tidak valid untuk \1: \2"),
    (re.compile(r"^Option '(.+)' requires an argument\.?$"), r"Opsi '\1' memerlukan nilai."),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"), r"Argumen berlebih: \1"),
)


def usage_error_lines(exc: Any) -> list[str]:
    """The usage line, where to find help, and the error, in Indonesian."""
    message = str(exc.format_message())
    for pattern, replacement in _USAGE_ERRORS:
        if pattern.match(message):
            message = pattern.sub(replacement, message)
            break
    lines = []
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(f"Coba '{ctx.command_path} {ctx.help_option_names[0]}' untuk bantuan.")
    lines.append(f"Galat: {message}")
    return lines
