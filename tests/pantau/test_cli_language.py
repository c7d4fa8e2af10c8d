"""What the CLI itself prints (help panels, the --help line, usage errors) is Indonesian."""

from __future__ import annotations

import pytest

from tests.pantau.cli_helpers import run_cli

ENGLISH = (
    "Show this message and exit",
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "[default:",
    "[required]",
    "Missing argument",
    "No such option",
    "Try '",
)


@pytest.mark.parametrize(
    "args", [("--help",), ("import", "--help"), ("alerts", "--help"), ("db", "copy", "--help")]
)
def test_help_is_indonesian(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, out = run_cli(capsys, *args)
    assert code == 0
    assert "Penggunaan: pantau" in out and "Tampilkan bantuan ini lalu keluar." in out
    assert "Opsi" in out
    assert [word for word in ENGLISH if word in out] == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("import",), "Galat: Argumen 'file' wajib diisi."),
        (("import", "x.csv", "--bogus"), "Galat: Opsi tidak dikenal: --bogus"),
        (("tidak-ada",), "Galat: Perintah tidak dikenal: 'tidak-ada'."),
    ],
)
def test_usage_errors_are_indonesian(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], said: str
) -> None:
    code, out = run_cli(capsys, *args)
    assert code == 2
    assert said in out and "untuk bantuan" in out
    assert [word for word in ENGLISH if word in out] == []
