"""The demo's collection step: the emulator month through tweepy and facebook-sdk."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from rich.console import Console

from core.store.database import open_store
from pantau.demo import DemoContext, step_collect
from pantau.settings import load_settings
from pantau.workspace import init_workspace


def test_demo_collects_the_whole_emulated_month(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "demo")
    settings = load_settings(ws.config_path)
    out = StringIO()
    store = open_store(settings.resolved_database_url())
    try:
        ctx = DemoContext(Console(file=out, width=200), ws, settings, store)
        step_collect(ctx)
        step_collect(ctx)  # a rerun finds nothing new and stores nothing twice
    finally:
        store.dispose()
    text = out.getvalue()
    held = re.findall(r"berisi (\d+) unggahan dan balasan; (\d+) di antaranya", text)
    assert len(held) == 2 and all(a == b for a, b in held), text
    reruns = re.findall(r": (\d+) item baru", text)[3:]
    assert reruns == ["0", "0", "0"], text
    assert "tidak lengkap" not in text
