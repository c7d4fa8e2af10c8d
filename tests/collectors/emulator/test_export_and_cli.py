"""The bundled sample export and the ``pantau emulator`` commands."""

from __future__ import annotations

import csv
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from importlib import resources
from pathlib import Path

import requests

from collectors.emulator.sample_export import HEADER, TRUTH_HEADER, write_sample_export
from pantau.cli import main

BUNDLED = Path(str(resources.files("pantau") / "demo_data"))


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_bundled_export_shape() -> None:
    header, rows = _read(BUNDLED / "sample_export.csv")
    assert header == HEADER
    assert len(rows) == 300
    assert {r["Platform"] for r in rows} == {"facebook", "instagram"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r["Published time"]) for r in rows)
    assert all(r["Likes"].isdigit() and r["Comment"] for r in rows)
    ids = {r["Comment ID"] for r in rows}
    assert len(ids) == 300
    assert all(r["Parent Comment ID"] in ids or r["Parent Comment ID"] == "" for r in rows)
    assert sum(r["Parent Comment ID"] != "" for r in rows) > 20
    days = sorted(r["Published time"][:10] for r in rows)
    assert days[0] <= "2024-11-12" and days[-1] >= "2024-12-05"  # the whole month
    authors = Counter(r["Author"] for r in rows)
    assert authors.most_common(1)[0][1] > 1  # some people comment again


def test_bundled_truth_matches_and_spreads() -> None:
    _, rows = _read(BUNDLED / "sample_export.csv")
    header, truth = _read(BUNDLED / "sample_export_truth.csv")
    assert header == TRUTH_HEADER
    assert [t["Comment ID"] for t in truth] == [r["Comment ID"] for r in rows]
    assert {"id", "jv", "mad"} <= {t["language"] for t in truth}
    assert len({t["kecamatan"] for t in truth if t["kecamatan"]}) >= 15
    patterns = Counter(t["pattern"] for t in truth)
    assert patterns["quiet_negative"] == 1 and patterns["rumour_postponed"] >= 5
    assert patterns["golput"] >= 5 and patterns["dpt_questions"] >= 5
    for row, label in zip(rows, truth, strict=True):
        if label["area_source"] == "profile":
            assert label["kecamatan"] in row["Author location"]


def test_bundled_files_are_current(tmp_path: Path) -> None:
    out, truth = tmp_path / "export.csv", tmp_path / "truth.csv"
    assert write_sample_export(out, truth_path=truth) == 300
    assert out.read_bytes() == (BUNDLED / "sample_export.csv").read_bytes()
    assert truth.read_bytes() == (BUNDLED / "sample_export_truth.csv").read_bytes()


def test_cli_export_sample(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "sample.csv"
    assert main(["emulator", "export-sample", "--out", str(out), "--rows", "40"]) == 0
    header, rows = _read(out)
    assert header == HEADER and len(rows) == 40


def test_cli_export_sample_unwritable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["emulator", "export-sample", "--out", str(blocker / "x.csv")]) == 1


def test_cli_serve_until_sigterm() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pantau",
            "emulator",
            "serve",
            "--replies",
            "40",
            "--fault-rate",
            "0.3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = None
        deadline = time.monotonic() + 30
        while url is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            found = re.search(r"http://127\.0\.0\.1:\d+", line)
            url = found.group(0) if found else None
        assert url, process.stderr.read() if process.stderr else "no output"
        statuses = []
        for _ in range(30):
            try:
                statuses.append(
                    requests.get(
                        url + "/2/users/by/username/kpujember_sim",
                        headers={"Authorization": "Bearer x-emulator-bearer"},
                        timeout=5,
                    ).status_code
                )
            except requests.ConnectionError:
                statuses.append(0)
        assert 200 in statuses and set(statuses) - {200}  # --fault-rate makes some fail
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
