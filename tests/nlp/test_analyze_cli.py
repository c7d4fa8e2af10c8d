"""`pantau analyze` on a store with one item the pipeline cannot tag: the rest is stored, the
run exits non-zero saying what to do, and `--retry-failed` tries the item again."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from nlp.pipeline import TaggingPipeline
from pantau.cli import main
from tests.pantau.cli_helpers import run_cli


def test_a_partial_analysis_exits_non_zero_and_can_be_retried(
    workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = str(workspace / "pantau.yaml")
    export = tmp_path / "ekspor.csv"
    export.write_text(
        "id,text,created_at\n"
        "1,Cara cek DPT gimana min?,2024-11-20 10:00\n"
        "2,Teks RUSAK ini,2024-11-20 10:05\n"
        "3,Terima kasih infonya,2024-11-20 10:10\n",
        encoding="utf-8",
    )
    assert main(["-c", config, "import", str(export), "-p", "facebook"]) == 0
    real_tag = TaggingPipeline.tag

    def tag(self: TaggingPipeline, inputs: Sequence[Any]) -> list[Any]:
        if any("RUSAK" in i.text for i in inputs):
            raise ValueError("cannot read this text")
        return real_tag(self, inputs)

    monkeypatch.setattr(TaggingPipeline, "tag", tag)
    capsys.readouterr()
    code, out = run_cli(capsys, "-c", config, "analyze")
    assert code == 1
    assert "2 item dianalisis" in out and "gagal 1" in out
    assert "1 item tidak dapat dianalisis versi ini" in out and "--retry-failed" in out
    code, out = run_cli(capsys, "-c", config, "analyze")
    assert code == 0 and "0 item dianalisis" in out  # not failing again every cycle
    monkeypatch.setattr(TaggingPipeline, "tag", real_tag)  # fixed
    code, out = run_cli(capsys, "-c", config, "analyze", "--retry-failed")
    assert code == 0, out
    assert "1 item gagal dicoba lagi" in out and "1 item dianalisis" in out
