"""Running the CLI in-process and reading what it printed."""

from __future__ import annotations

import re

import pytest

from pantau.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out = capsys.readouterr()
    # Rich wraps long lines at the terminal width: compare on collapsed whitespace.
    text = re.sub(r"\s+", " ", out.out + "\n" + out.err)
    return code, text
