"""Every CLI error path exits non-zero with a clear message; secrets never show."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pantau.cli_helpers import run_cli


def test_init_creates_config_env_and_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli(capsys, "init", str(tmp_path / "ws"))
    assert code == 0, out
    ws = tmp_path / "ws"
    assert (ws / "pantau.yaml").is_file() and (ws / "pantau.db").is_file()
    env = (ws / ".env").read_text(encoding="utf-8")
    assert "PANTAU_PSEUDONYM_KEY=" in env
    assert (ws / ".env").stat().st_mode & 0o077 == 0
    # A second init keeps the existing key: pseudonyms must not change silently.
    code, out = run_cli(capsys, "init", str(ws))
    assert code == 0 and (ws / ".env").read_text(encoding="utf-8") == env
    assert "tidak diubah" in out


def test_init_into_unwritable_place_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    code, out = run_cli(capsys, "init", str(blocker / "ws"))
    assert code != 0
    assert "tidak dapat ditulis" in out


def test_bad_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "pantau.yaml"
    cfg.write_text("schedule:\n  collect_every_minutes: -5\n", encoding="utf-8")
    code, out = run_cli(capsys, "--config", str(cfg), "status")
    assert code == 2
    assert "schedule.collect_every_minutes" in out and "-5" in out


def test_unreachable_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "pantau.yaml"
    cfg.write_text(
        "database_url: postgresql+psycopg://pantau:s3cr3t-pw@127.0.0.1:1/pantau\n", encoding="utf-8"
    )
    code, out = run_cli(capsys, "--config", str(cfg), "status")
    assert code == 3
    assert "Tidak dapat terhubung" in out
    assert "s3cr3t-pw" not in out


def test_config_show_masks_secrets(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = workspace / "pantau.yaml"
    text = cfg.read_text(encoding="utf-8").replace(
        "database_url: sqlite:///pantau.db",
        "database_url: postgresql+psycopg://pantau:${PANTAU_DB_PW}@db.internal/pantau",
    )
    text = text.replace(
        "sources: []",
        "sources:\n  - {name: x_kpu, platform: x, account_id: '42'}",
    )
    cfg.write_text(text, encoding="utf-8")
    monkeypatch.setenv("PANTAU_DB_PW", "very-secret-db-pw")
    monkeypatch.setenv("PANTAU_X_BEARER_TOKEN", "AAAAsecret-bearer")
    code, out = run_cli(capsys, "--config", str(cfg), "config", "show")
    assert code == 0, out
    for secret in ("very-secret-db-pw", "AAAAsecret-bearer", "test-key-0123456789abcdef"):
        assert secret not in out
    assert "PANTAU_X_BEARER_TOKEN" in out and "disamarkan" in out
    assert "***" in out  # the masked password


def test_import_missing_file_and_bad_platform(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = str(workspace / "pantau.yaml")
    code, out = run_cli(capsys, "--config", cfg, "import", str(workspace / "none.csv"))
    assert code == 4 and "tidak ditemukan" in out
    f = workspace / "a.csv"
    f.write_text("id,text,created_at\n1,halo,2024-11-20\n", encoding="utf-8")
    code, out = run_cli(capsys, "--config", cfg, "import", str(f), "--platform", "tiktok")
    assert code == 4 and "tiktok" in out


def test_import_bad_map_syntax(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = workspace / "a.csv"
    f.write_text("id,text,created_at\n1,halo,2024-11-20\n", encoding="utf-8")
    code, out = run_cli(
        capsys,
        "--config",
        str(workspace / "pantau.yaml"),
        "import",
        str(f),
        "--map",
        "textKomentar",
    )
    assert code == 4 and "--map" in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run_cli(capsys, "terbang")
    assert code == 2


def test_db_upgrade_is_idempotent(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli(capsys, "--config", str(workspace / "pantau.yaml"), "db", "upgrade")
    assert code == 0 and "mutakhir" in out


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    from typer.main import get_command

    from pantau.cli import app

    def walk(cmd, path):  # type: ignore[no-untyped-def]
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    for path, cmd in walk(get_command(app), []):
        assert (cmd.help or "").strip(), f"command {' '.join(path)} has no help"


def test_status_outside_a_workspace_creates_no_database_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PANTAU_CONFIG", raising=False)
    code, out = run_cli(capsys, "status")
    assert code == 2
    assert "Tidak ada konfigurasi Pantau di folder ini" in out and "pantau init" in out
    assert list(tmp_path.iterdir()) == []


def test_status_names_the_config_and_database_in_use(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli(capsys, "--config", str(workspace / "pantau.yaml"), "status")
    assert code == 0, out
    assert f"Konfigurasi: {(workspace / 'pantau.yaml').resolve()} (folder kerja)" in out
    assert f"Basis data: sqlite:///{workspace.resolve()}/" in out
