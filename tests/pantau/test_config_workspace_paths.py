"""Paths Pantau writes to may not leave the workspace by a relative path (``../../etc``).

``report.out_dir`` and relative ``file://`` alert channels are resolved against the folder of
the config file; an absolute path is taken as meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from pantau.settings import Settings, load_settings


def _load(tmp_path: Path, text: str) -> Settings:
    workspace = tmp_path / "kerja"
    workspace.mkdir(exist_ok=True)
    path = workspace / "pantau.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    return str(info.value)


@pytest.mark.parametrize("out_dir", ["../../etc", "..", "laporan/../../luar"])
def test_out_dir_leading_out_of_the_workspace_is_refused_with_its_line(
    tmp_path: Path, out_dir: str
) -> None:
    message = _error(tmp_path, f"timezone: Asia/Jakarta\nreport:\n  out_dir: '{out_dir}'\n")
    assert "pantau.yaml:3:" in message and "report.out_dir" in message
    assert f"'{out_dir}'" in message and "keluar dari folder kerja" in message
    assert "jalur absolut" in message


def test_out_dir_inside_or_absolute_is_accepted(tmp_path: Path) -> None:
    settings = _load(tmp_path, "report:\n  out_dir: laporan/../arsip/laporan\n")
    assert settings.report_dir() == tmp_path / "kerja" / "laporan/../arsip/laporan"
    elsewhere = tmp_path / "bersama" / "laporan"
    settings = _load(tmp_path, f"report:\n  out_dir: '{elsewhere}'\n")
    assert settings.report_dir() == elsewhere


def test_report_dir_guards_settings_not_loaded_from_a_file(tmp_path: Path) -> None:
    settings = Settings.model_validate({"report": {"out_dir": "../../etc"}})
    settings.workspace = tmp_path
    with pytest.raises(ConfigError, match="keluar dari folder kerja"):
        settings.report_dir()


def test_relative_file_channel_leading_out_is_refused_at_load(tmp_path: Path) -> None:
    message = _error(
        tmp_path, "alerts:\n  channels:\n    arsip: 'file://../../etc/cron.d/pantau'\n"
    )
    assert "pantau.yaml:2:" in message and "alerts.channels" in message and "arsip" in message
    assert "keluar dari folder kerja" in message


def test_file_channels_inside_absolute_or_from_a_variable_are_accepted(tmp_path: Path) -> None:
    settings = _load(
        tmp_path,
        "alerts:\n  channels:\n"
        "    dalam: 'file://peringatan/alerts.txt'\n"
        f"    absolut: 'file://{tmp_path / 'log' / 'alerts.txt'}'\n"
        "    variabel: 'file://${PANTAU_LOG_DIR}/alerts.txt'\n",
    )
    assert set(settings.alerts.channels) == {"dalam", "absolut", "variabel"}
