"""Stage calendar: loader validation, facts, date mentions and the calendar check."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from core.errors import ConfigError
from nlp.calendar import CalendarChecker, StageCalendar, format_day, load_calendar
from nlp.cues import Tokenizer, extract_dates
from nlp.stages import StageTagger

TAXONOMY_STAGES = [
    "pemutakhiran_data", "pencalonan", "kampanye", "masa_tenang", "pemungutan_suara",
    "penghitungan_rekapitulasi", "penetapan",
]  # fmt: skip
WIB = timezone(timedelta(hours=7))


def _check(calendar: StageCalendar, tokenizer: Tokenizer, text: str, at: datetime | None = None):
    view = tokenizer.view(text)
    hits = StageTagger(calendar, tokenizer).tag(view, at).hits
    return CalendarChecker(calendar, tokenizer).check(view, hits, at)


def _kinds(findings) -> set[str]:
    return {f.kind for f in findings}


def test_shipped_calendar_has_the_taxonomy_stages_and_key_facts(calendar: StageCalendar) -> None:
    assert calendar.stage_ids == TAXONOMY_STAGES
    assert calendar.election.voting_day == date(2024, 11, 27)
    assert calendar.election.timezone == "Asia/Jakarta"
    tenang = calendar.stage("masa_tenang").periods[0]
    assert (tenang.start, tenang.end) == (date(2024, 11, 24), date(2024, 11, 26))
    kampanye = calendar.stage("kampanye").periods[0]
    assert (kampanye.start, kampanye.end) == (date(2024, 9, 25), date(2024, 11, 23))
    coklit = next(p for p in calendar.stage("pemutakhiran_data").periods if p.scope == "jember")
    assert (coklit.start, coklit.end) == (date(2024, 6, 24), date(2024, 7, 24))
    dpt = next(k for k in calendar.stage("pemutakhiran_data").key_dates if "DPT" in k.label)
    assert dpt.date == date(2024, 9, 20)
    recap = calendar.stage("penghitungan_rekapitulasi")
    assert (recap.periods[0].start, recap.periods[0].end) == (
        date(2024, 11, 27),
        date(2024, 12, 16),
    )
    assert date(2024, 12, 5) in {k.date for k in recap.key_dates}
    assert calendar.voting_stage().id == "pemungutan_suara"
    for stage in calendar.stages:
        assert stage.correction.link.startswith("https://")
        assert stage.cues.strong, stage.id
        assert all(p.source.startswith("http") for p in stage.periods)


def test_format_day_is_indonesian() -> None:
    assert format_day(date(2024, 11, 27)) == "27 November 2024"


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "stages.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _raw() -> dict:
    return yaml.safe_load(Path(load_calendar.__globals__["default_calendar_path"]()).read_text())


def test_error_names_file_and_key(tmp_path: Path) -> None:
    raw = _raw()
    del raw["stages"][2]["correction"]
    path = _write(tmp_path, raw)
    with pytest.raises(ConfigError) as info:
        load_calendar(path)
    assert str(path) in info.value.message
    assert "stages.2.correction" in info.value.message


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda r: r["election"].__setitem__("timezone", "Mars/Olympus"), "election.timezone"),
        (
            lambda r: r["stages"][0]["periods"][0].__setitem__("end", "2024-01-01"),
            "stages.0.periods.0",
        ),
        (lambda r: r["stages"].append(dict(r["stages"][0])), "duplicate stage ids"),
        (lambda r: r["stages"][0].__setitem__("id", "none"), "stages.0.id"),
        (lambda r: r["false_claims"][0].__setitem__("stage", "nope"), "unknown stage"),
        (lambda r: r["election"].__setitem__("voting_day", "2030-01-01"), "voting_day"),
        (lambda r: r["stages"][0].__setitem__("colour", "red"), "stages.0.colour"),
    ],
)
def test_invalid_calendars_are_rejected(tmp_path: Path, mutate, fragment: str) -> None:
    raw = _raw()
    mutate(raw)
    with pytest.raises(ConfigError) as info:
        load_calendar(_write(tmp_path, raw))
    assert fragment in info.value.message


def test_missing_and_non_mapping_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        load_calendar(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="election"):
        load_calendar(_write(tmp_path, ["a", "b"]))
    bad = tmp_path / "bad.yaml"
    bad.write_text("election: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="tidak bisa dibaca"):
        load_calendar(bad)


@pytest.mark.parametrize(
    ("text", "kind", "day", "month", "year"),
    [
        ("nyoblos tgl 28 kan?", "day", 28, None, None),
        ("coblosan 28/11", "date", 28, 11, None),
        ("rabu 27 november 2024", "date", 27, 11, 2024),
        ("coblosan 27-11-24", "date", 27, 11, 2024),
        ("nyoblose tanggal 27 Nopember", "date", 27, 11, None),
        ("31 November", "date", 31, 11, None),
    ],
)
def test_date_mentions(tokenizer: Tokenizer, text: str, kind: str, day, month, year) -> None:
    mentions = [m for m in extract_dates(tokenizer.view(text)) if m.kind in ("date", "day")]
    assert len(mentions) == 1
    m = mentions[0]
    assert (m.kind, m.day, m.month, m.year) == (kind, day, month, year)


def test_times_are_not_dates(tokenizer: Tokenizer) -> None:
    assert not [m for m in extract_dates(tokenizer.view("TPS buka jam 07.00")) if m.kind == "date"]


def test_relative_and_weekday_mentions(tokenizer: Tokenizer) -> None:
    kinds = {
        (m.kind, m.unit, m.weekday)
        for m in extract_dates(tokenizer.view("besok rabu, minggu depan"))
    }
    assert ("relative", "day", None) in kinds
    assert ("relative", "week", None) in kinds
    assert ("weekday", None, 2) in kinds
    # "minggu" alone means a week, not Sunday
    assert not [
        m
        for m in extract_dates(tokenizer.view("sudah seminggu, tiap minggu"))
        if m.kind == "weekday"
    ]


def test_wrong_voting_date_is_misinformation_with_correction(calendar, tokenizer) -> None:
    findings = _check(calendar, tokenizer, "Nyoblos tanggal 28 kan?")
    wrong = [f for f in findings if f.is_misinformation]
    assert len(wrong) == 1
    evidence = wrong[0].to_evidence()
    assert evidence["disebut"] == "tanggal 28"
    assert evidence["kalender"] == "27 November 2024"
    assert "27 November 2024" in evidence["koreksi"]
    assert evidence["tautan"].startswith("https://")


@pytest.mark.parametrize(
    "text",
    [
        "Siap nyoblos 27 November!",
        "coblosan 27/11/2024",
        "Nyoblos hari Rabu",
        "Coblosan tgl 27 opo 28?",
    ],
)
def test_correct_or_hedged_dates_are_not_misinformation(calendar, tokenizer, text: str) -> None:
    assert not [f for f in _check(calendar, tokenizer, text) if f.is_misinformation]


def test_wrong_weekday_and_wrong_masa_tenang(calendar, tokenizer) -> None:
    assert "wrong_date" in _kinds(_check(calendar, tokenizer, "coblosane dino Kemis to?"))
    assert "wrong_date" in _kinds(_check(calendar, tokenizer, "Masa tenang mulai tanggal 20 kan?"))
    assert "wrong_date" not in _kinds(
        _check(calendar, tokenizer, "Masa tenang tanggal 24 sampai 26")
    )


def test_relative_dates_use_local_post_time(calendar, tokenizer) -> None:
    evening_before = datetime(2024, 11, 26, 19, 0, tzinfo=WIB)
    assert "date_ok" in _kinds(_check(calendar, tokenizer, "Besok nyoblos", evening_before))
    too_early = datetime(2024, 11, 24, 20, 0, tzinfo=WIB)
    assert "wrong_date" in _kinds(_check(calendar, tokenizer, "Besok nyoblos rek", too_early))
    # 18:30 UTC on the 26th is already 01:30 on the 27th in Jember
    utc = datetime(2024, 11, 26, 18, 30, tzinfo=UTC)
    assert "date_ok" in _kinds(_check(calendar, tokenizer, "Hari ini nyoblos", utc))
    assert "wrong_date" in _kinds(_check(calendar, tokenizer, "Besok nyoblos", utc))
    # without a post time relative dates are not judged
    assert not _check(calendar, tokenizer, "Besok nyoblos")


def test_postponement_claims(calendar, tokenizer) -> None:
    for text in (
        "Pilkada diundur ke 2025",
        "Katanya coblosan ditunda ya?",
        "Coblosan dimundurne jare",
    ):
        findings = _check(calendar, tokenizer, text)
        assert "false_postponement" in _kinds(findings), text
    found = [
        f for f in _check(calendar, tokenizer, "Pilkada diundur ke 2025") if f.is_misinformation
    ]
    assert found[0].said == "diundur ke 2025"
    for text in ("Hoaks! Pilkada tidak diundur", "Coblosan ta' eundur", "Rapat RT diundur"):
        assert not [f for f in _check(calendar, tokenizer, text) if f.is_misinformation], text


def test_real_rescheduling_and_recap_delays_are_not_flagged(calendar, tokenizer) -> None:
    debate = _check(calendar, tokenizer, "Debat pilgub diundur dari 16 ke 18 November")
    assert "known_rescheduling" in _kinds(debate)
    assert not [f for f in debate if f.is_misinformation]
    findings = _check(calendar, tokenizer, "Rekap di PPK ditunda sampai besok karena listrik padam")
    assert _kinds(findings) == {"postponement_review"}
    assert findings[0].needs_review and not findings[0].is_misinformation


def test_false_rule_claims(calendar, tokenizer) -> None:
    assert "false_claim" in _kinds(
        _check(calendar, tokenizer, "Gak dapat undangan gak bisa nyoblos")
    )
    assert "false_claim" not in _kinds(
        _check(calendar, tokenizer, "Jangan percaya, tanpa undangan tetap bisa nyoblos")
    )


def test_impossible_dates_and_other_years_ask_for_review(calendar, tokenizer) -> None:
    findings = _check(calendar, tokenizer, "Coblosan tanggal 31 November ya?")
    assert _kinds(findings) == {"invalid_date"}
    assert findings[0].needs_review
    findings = _check(calendar, tokenizer, "Nyoblos 27 November 2031")
    assert "other_year" in _kinds(findings)
    assert not [f for f in findings if f.is_misinformation]
    assert _check(calendar, tokenizer, "Pilkada 2029 semoga lebih baik") == []


def test_another_election_needs_only_a_new_file(tmp_path: Path, tokenizer: Tokenizer) -> None:
    raw = _raw()
    raw["election"].update(
        id="psu2029", name="Pemungutan Suara Ulang 2029", year=2029, voting_day="2029-03-14"
    )
    for stage in raw["stages"]:
        for period in stage["periods"]:
            period["start"] = period["start"].replace(year=period["start"].year + 5)
            period["end"] = period["end"].replace(year=period["end"].year + 5)
        for key in stage["key_dates"]:
            key["date"] = key["date"].replace(year=key["date"].year + 5)
    voting = next(s for s in raw["stages"] if s["id"] == "pemungutan_suara")
    voting["periods"] = [dict(voting["periods"][0], start=date(2029, 3, 14), end=date(2029, 3, 14))]
    other = load_calendar(_write(tmp_path, raw))
    assert "wrong_date" in _kinds(_check(other, tokenizer, "Nyoblos tanggal 27 November"))
    assert "date_ok" in _kinds(_check(other, tokenizer, "Nyoblos tanggal 14 Maret"))


@pytest.mark.shared
def test_calendar_matches_reference_table(shared_dir: Path, calendar: StageCalendar) -> None:
    rows = {
        r["no"]: r
        for r in csv.DictReader((shared_dir / "jember" / "pilkada2024_tahapan.csv").open())
    }
    expected = {
        "masa_tenang": rows["16"], "pemungutan_suara": rows["17"], "kampanye": rows["15"],
        "penghitungan_rekapitulasi": rows["18"],
    }  # fmt: skip
    for stage_id, row in expected.items():
        period = calendar.stage(stage_id).periods[0]
        assert str(period.start) == row["start_date"] and str(period.end) == row["end_date"], (
            stage_id
        )
    coklit = next(p for p in calendar.stage("pemutakhiran_data").periods if p.scope == "jember")
    assert (str(coklit.start), str(coklit.end)) == (
        rows["8.1"]["start_date"],
        rows["8.1"]["end_date"],
    )


def test_key_dates_are_checked_exactly(calendar, tokenizer) -> None:
    wrong = [
        f
        for f in _check(calendar, tokenizer, "Rekap kabupaten tanggal 15 Desember ya?")
        if f.is_misinformation
    ]
    assert len(wrong) == 1 and "5 Desember 2024" in wrong[0].official
    assert "date_ok" in _kinds(
        _check(calendar, tokenizer, "Rekap kabupaten tgl 5 Desember di Luminor")
    )
    assert "wrong_date" in _kinds(_check(calendar, tokenizer, "Penetapan DPT tanggal 25 September"))
    # the stage's own period still applies to its general words
    assert "date_ok" in _kinds(
        _check(calendar, tokenizer, "Hasil resmi diumumkan tanggal 28 November?")
    )
