"""``pantau run`` as a process (lock, SIGTERM) and ``pantau alerts`` commands."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from core.store.database import open_store
from core.store.models import Lock
from pantau.cli import main
from tests.alerts.helpers import Row, at, insert_rows

REPO = Path(__file__).resolve().parents[2]


def _workspace(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "pantau.yaml"
    config.write_text(
        "database_url: sqlite:///pantau.db\n"
        "report:\n  formats: [json]\n"
        "alerts:\n  channels:\n    berkas: 'file://peringatan.txt'\n"
        "  quiet_hours:\n    enabled: false\n" + extra,
        encoding="utf-8",
    )
    return config


def _pantau(config: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "pantau", "-c", str(config), *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _lock_holder(db: Path) -> str | None:
    store = open_store(f"sqlite:///{db}")
    try:
        with store.session() as s:
            row = s.scalar(select(Lock))
            return row.holder if row else None
    finally:
        store.dispose()


@pytest.mark.timeout(120)
def test_second_run_refuses_and_sigterm_stops_cleanly(tmp_path: Path) -> None:
    config = _workspace(tmp_path)
    db = tmp_path / "pantau.db"
    first = _pantau(config, "run")
    try:
        deadline = time.monotonic() + 60
        while _lock_holder(db) is None if db.exists() else True:
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "pantau run did not take the lock"
            time.sleep(0.2)
        second = _pantau(config, "run", "--once")
        out, err = second.communicate(timeout=60)
        assert second.returncode == 7, (out, err)
        assert "Pantau run lain sedang berjalan" in err
        first.send_signal(signal.SIGTERM)
        out, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, (out, err)
    assert "Berhenti dengan rapi" in out
    assert _lock_holder(db) is None


def test_alerts_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _workspace(tmp_path)
    store = open_store(f"sqlite:///{tmp_path / 'pantau.db'}")
    now = at("2024-11-25 10:00")
    from datetime import UTC, datetime, timedelta

    recent = datetime.now(UTC) - timedelta(hours=1)
    insert_rows(
        store,
        [
            Row(
                f"r{i}",
                recent + timedelta(minutes=i),
                flags=("misinformation",),
                kecamatan="Puger",
                stage="pemungutan_suara",
                platform="x",
            )
            for i in range(2)
        ],
    )
    store.dispose()
    assert main(["-c", str(config), "alerts", "check"]) == 0
    out = capsys.readouterr().out
    assert "peringatan baru: 1" in out and "terkirim: 1" in out
    written = (tmp_path / "peringatan.txt").read_text(encoding="utf-8")
    assert "misinformasi" in written and "https://x.com/i/web/status/r0" in written
    assert main(["-c", str(config), "alerts", "list"]) == 0
    out = capsys.readouterr().out
    assert "[terbuka] PERINGATAN misinformasi" in out and "terkirim 1" in out
    assert "misinformation" not in out and "sent" not in out  # the keys stay in the config
    assert main(["-c", str(config), "alerts", "show", "1"]) == 0
    assert "Koreksi resmi" in capsys.readouterr().out
    assert main(["-c", str(config), "alerts", "ack", "1"]) == 0
    assert "ditangani" in capsys.readouterr().out
    assert main(["-c", str(config), "alerts", "resolve", "1"]) == 0
    assert main(["-c", str(config), "alerts", "list"]) == 0
    assert "Tidak ada peringatan" in capsys.readouterr().out
    assert main(["-c", str(config), "alerts", "list", "--status", "all"]) == 0
    assert "selesai" in capsys.readouterr().out
    assert main(["-c", str(config), "alerts", "ack", "42"]) == 1
    assert "#42 tidak ada" in capsys.readouterr().err
    assert now  # the CLI uses the real clock; rows are placed relative to it


def test_bad_channel_in_config_fails_at_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "pantau.yaml"
    config.write_text("alerts:\n  channels:\n    tim: 'whatsapp://nope'\n", encoding="utf-8")
    assert main(["-c", str(config), "alerts", "list"]) == 2
    err = capsys.readouterr().err
    assert "alerts.channels" in err and "whatsapp" in err


def test_run_once_says_in_indonesian_which_source_failed_and_why(tmp_path: Path) -> None:
    config = _workspace(
        tmp_path,
        "sources:\n"
        "  - {name: x_kpu, platform: x, account_id: '1', token_env: PANTAU_UJI_TOKEN_X}\n"
        "  - {name: fb_kpu, platform: facebook, account_id: '2', token_env: PANTAU_UJI_TOKEN_FB}\n",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_UJI_")}
    done = subprocess.run(
        [sys.executable, "-m", "pantau", "-c", str(config), "run", "--once"],
        cwd=REPO,
        env={**env, "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 1, said
    assert "Traceback" not in said and "RuntimeError" not in said
    assert "koleksi: Semua 2 sumber gagal" in said
    assert "x_kpu: Token API belum diset (variabel lingkungan PANTAU_UJI_TOKEN_X)" in said
    assert "fb_kpu: Token API belum diset (variabel lingkungan PANTAU_UJI_TOKEN_FB)" in said
    assert "Langkah gagal: koleksi" in said


def test_alerts_list_and_show_print_hostile_text_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.store.models import Alert

    config = _workspace(tmp_path)
    store = open_store(f"sqlite:///{tmp_path / 'pantau.db'}")
    hostile = "[bold red]PALSU[/] \u202egnirts\u202c \x1b[31mmerah"
    with store.session() as s:
        s.add(
            Alert(
                rule="misinformation",
                dedup_key="uji",
                severity="warning",
                title=f"[Pantau] {hostile}",
                body=f"Kutipan: {hostile}\nbaris dua",
                first_seen_at=at("2024-11-20 10:00"),
                last_seen_at=at("2024-11-20 10:00"),
            )
        )
    store.dispose()
    for args in (("alerts", "list"), ("alerts", "show", "1")):
        assert main(["-c", str(config), *args]) == 0
        out = " ".join(capsys.readouterr().out.split())
        assert "[bold red]PALSU[/]" in out  # shown as written, not interpreted as markup
        assert "\u202e" not in out and "\x1b" not in out
