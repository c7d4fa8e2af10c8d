"""The report preview commands through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pantau.cli import main


def test_report_sample_writes_requested_formats(tmp_path: Path) -> None:
    code = main(["report-sample", str(tmp_path), "-f", "html", "-f", "json",
                 "--variant", "satu-balasan"])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "laporan-pantau-2024-W47.html", "laporan-pantau-2024-W47.json"]
    data = json.loads((tmp_path / "laporan-pantau-2024-W47.json").read_text(encoding="utf-8"))
    assert data["current"]["replies"] == 1 and data["synthetic"] is True


def test_report_sample_unknown_format_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report-sample", str(tmp_path), "-f", "docx"]) != 0
    assert "docx" in capsys.readouterr().err


def test_baseline_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["baseline-check"]) == 0
    assert "31 kecamatan" in capsys.readouterr().out
    assert main(["baseline-check", str(tmp_path / "tidak-ada.csv")]) != 0
    bad = tmp_path / "bad.csv"
    bad.write_text("kecamatan\nAjung\n", encoding="utf-8")
    assert main(["baseline-check", str(bad)]) != 0
    assert "kolom wajib" in capsys.readouterr().err
