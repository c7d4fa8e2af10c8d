"""The recommended answers to turnout signals: a small validated file whose deadlines come
from the stage calendar in force, never from the file itself."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from core.errors import ConfigError
from reports.labels import TURNOUT_KINDS
from reports.stage_dates import default_calendar_path
from reports.turnout_answers import default_answers_path, load_turnout_answers

H7 = "Batas pindah memilih karena keadaan tertentu (H-7)"
H30 = "Batas pengajuan pindah memilih, sembilan kategori (H-30)"


def test_shipped_answers_cover_every_kind_and_are_marked_drafts() -> None:
    answers = load_turnout_answers()
    assert set(answers.kinds) == set(TURNOUT_KINDS)
    assert all(not entry.confirmed for entry in answers.kinds.values())
    text = default_answers_path().read_text(encoding="utf-8")
    assert "TO BE CONFIRMED BY THE COMMISSION" in text
    # No date is written there (they come from the calendar), only in the sources' prose.
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)
    assert answers.voting_day == date(2024, 11, 27)
    # Without one kecamatan behind every reply, the texts name none.
    assert "kecamatan terkait" in answers.recommend("golput_intent", date(2024, 11, 1)).action


@pytest.mark.parametrize(
    ("day", "action", "deadline", "passed"),
    [
        (date(2024, 10, 1), "pindah memilih (DPTb) sebelum batas 28 Oktober 2024 (27 hari lagi)",
         date(2024, 10, 28), []),
        (date(2024, 11, 14), "sebelum batas 20 November 2024 (6 hari lagi)",
         date(2024, 11, 20), [H30]),
        (date(2024, 11, 20), "sebelum batas 20 November 2024 (hari ini hari terakhir)",
         date(2024, 11, 20), [H30]),
        (date(2024, 11, 21), "ajak pulang memilih di TPS asal pada Rabu, 27 November 2024",
         date(2024, 11, 27), [H30, H7]),
        (date(2024, 12, 2), "catat perantau dari Ledokombo", None, [H30, H7, "Pemungutan suara"]),
    ],
)
def test_the_step_in_force_follows_the_calendar_deadlines(
    day: date, action: str, deadline: date | None, passed: list[str]
) -> None:
    rec = load_turnout_answers().recommend("away_from_home", day, "Ledokombo")
    assert action in rec.action
    assert (rec.deadline.day if rec.deadline else None) == deadline
    assert [p.label for p in rec.passed] == passed
    assert "{" not in rec.action + rec.answer
    assert rec.source.startswith("KPU Jember") and "antaranews" in rec.source


def test_another_calendar_moves_every_deadline(tmp_path: Path) -> None:
    """Another election needs only a calendar: the same answers file, other dates."""
    raw = yaml.safe_load(default_calendar_path().read_text(encoding="utf-8"))
    raw["election"]["voting_day"] = date(2029, 3, 14)
    for stage in raw["stages"]:
        for period in stage["periods"]:
            period["start"] = period["start"].replace(year=2029)
            period["end"] = period["end"].replace(year=2029)
        for key in stage["key_dates"]:
            key["date"] = key["date"].replace(year=2029)
    other = tmp_path / "pilkada2029.yaml"
    other.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    answers = load_turnout_answers(calendar_path=other)
    rec = answers.recommend("away_from_home", date(2029, 11, 14), "Ledokombo")
    assert "20 November 2029 (6 hari lagi)" in rec.action
    assert "Rabu, 14 Maret 2029" in answers.recommend("golput_intent", date(2029, 3, 1)).answer


def _broken(tmp_path: Path, change: str, by: str) -> str:
    text = default_answers_path().read_text(encoding="utf-8")
    assert text.count(change) >= 1, change
    path = tmp_path / "answers.yaml"
    path.write_text(text.replace(change, by, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_turnout_answers(path)
    return info.value.message


@pytest.mark.parametrize(
    ("change", "by", "expected"),
    [
        ("  tps_access:\n", "  tps_jauh:\n", "jenis tidak dikenal: tps_jauh"),
        ("H-7)\"}", "H-8)\"}", "tanggal penting 'Batas pindah memilih karena keadaan tertentu "
                                "(H-8)' tidak ada pada tahapan 'pemutakhiran_data'"),
        ("{stage: pemutakhiran_data}", "{stage: coklit}", "tahapan 'coklit' tidak ada"),
        ("sebelum batas {batas}", "sebelum batas {tanggal}", "penanda {tanggal} tidak dikenal"),
        ("      - action: >-\n          catat alasan warga {kec}",
         "      - action: >-\n          catat alasan warga {kec} sebelum {batas}",
         "{batas} dan {sisa} hanya untuk langkah dengan until"),
        ("    confirmed: false\n    source: >-\n      Draf tim media; lokasi",
         "    confirmed: tidak\n    source: >-\n      Draf tim media; lokasi",
         "answers.tps_access.confirmed"),
    ],
)
def test_mistakes_are_named_with_file_line_and_key(
    tmp_path: Path, change: str, by: str, expected: str
) -> None:
    message = _broken(tmp_path, change, by)
    assert expected in message, message
    assert str(tmp_path / "answers.yaml") in message


def test_a_missing_kind_and_an_open_ended_step_before_the_last_are_refused(
    tmp_path: Path,
) -> None:
    text = default_answers_path().read_text(encoding="utf-8")
    start = text.index("  tps_access:\n")
    path = tmp_path / "answers.yaml"
    path.write_text(text[:start], encoding="utf-8")
    with pytest.raises(ConfigError, match="jawaban untuk tps_access belum ada"):
        load_turnout_answers(path)
    message = _broken(tmp_path, "      - until: {stage: pemungutan_suara}\n        action: >-\n"
                      "          teruskan ke PPS/PPK", "      - action: >-\n"
                      "          teruskan ke PPS/PPK")
    assert "kecuali yang terakhir harus punya until" in message
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        load_turnout_answers(tmp_path / "nowhere.yaml")


def test_the_alert_windows_use_the_same_calendar_dates_as_the_answers() -> None:
    """The barrier alert and the report's answers name the same deadlines (shipped defaults)."""
    from alerts.settings import BarrierRiseRule

    answers = load_turnout_answers()
    for kind, refs in BarrierRiseRule().windows.items():
        used = {(s.until.stage, s.until.key_date) for s in answers.kinds[kind].steps if s.until}
        assert {(r.stage, r.key_date) for r in refs} <= used, kind


def test_a_kind_written_twice_is_refused_naming_both_lines(tmp_path: Path) -> None:
    text = default_answers_path().read_text(encoding="utf-8")
    start = text.index("  tps_access:\n")
    path = tmp_path / "answers.yaml"
    path.write_text(text + text[start:], encoding="utf-8")
    with pytest.raises(ConfigError, match="ditulis dua kali"):
        load_turnout_answers(path)
