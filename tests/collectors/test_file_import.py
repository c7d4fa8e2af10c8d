"""File import: formats, encodings, row problems with line numbers, idempotent re-import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from collectors.file_import import import_file
from core.errors import InputFileError
from core.store.database import Store
from core.store.models import Item, Run
from pantau.settings import Settings, load_settings
from tests.pantau.cli_helpers import run_cli

HEADER = (
    "Comment ID,Post ID,Parent Comment ID,Published time,Author,Author location,Comment,"
    "Likes,Platform\n"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings()


def items(store: Store) -> list[Item]:
    with store.session() as s:
        return list(s.scalars(select(Item).order_by(Item.external_id)))


def test_meta_export_with_row_problems(store: Store, settings: Settings, tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    f.write_text(
        HEADER
        + "c1,p1,,2024-11-20 10:15:00,warga1,Kalisat,Kapan coblosan e?,3,facebook\n"
        + 'c2,p1,c1,2024-11-20 10:20:00,warga2,,"Tgl 27, multiline\nbaris dua",0,facebook\n'
        + "c3,p1,,kemarin sore,warga3,,Tanggal salah,0,facebook\n"
        + "c4,p1,,2024-11-20 11:00:00,warga4,,,0,facebook\n"
        + "c1,p1,,2024-11-20 10:15:00,warga1,,duplikat,0,facebook\n"
        + "c5,p2,,2024-11-21 08:00:00,warga5,,Siap nyoblos,1,tiktok\n"
        + "c6,p2,,2024-11-21T08:00:00Z,warga6,,Matur suwun,,instagram\n",
        encoding="utf-8",
    )
    report = import_file(store, settings.for_collectors(), f)
    assert (report.rows_read, report.new, report.skipped) == (7, 3, 4)
    by_line = {p.line: p.reason for p in report.problems}
    assert "tanggal" in by_line[4]
    assert "teks" in by_line[5]
    assert "ganda" in by_line[6] and "baris 2" in by_line[6]
    assert "tiktok" in by_line[7]
    rows = {i.external_id: i for i in items(store)}
    assert rows["c2"].text == "Tgl 27, multiline\nbaris dua"
    assert rows["c2"].parent_external_id == "c1" and rows["c1"].parent_external_id == "p1"
    assert rows["c1"].author_location == "Kalisat" and rows["c1"].metrics == {"like_count": 3}
    assert rows["c6"].platform == "instagram"
    # 10:15 WIB is 03:15 UTC.
    assert rows["c1"].created_at.hour == 3
    with store.session() as s:
        run = s.scalar(select(Run).where(Run.id == report.run_id))
        assert run is not None and run.status == "partial" and run.items_new == 3
        assert run.errors and any("baris 4" in e for e in run.errors)
    again = import_file(store, settings.for_collectors(), f)
    assert again.already_imported_by == report.run_id and again.new == 0
    rechecked = import_file(store, settings.for_collectors(), f, recheck=True)
    assert (rechecked.new, rechecked.unchanged, rechecked.skipped) == (0, 3, 4)
    assert len(items(store)) == 3
    # The same bytes under another mapping are a different import, not a shortcut.
    other = import_file(store, settings.for_collectors(), f, platform="instagram")
    assert other.already_imported_by is None and other.new == 3


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_encodings(store: Store, settings: Settings, tmp_path: Path, encoding: str) -> None:
    f = tmp_path / f"{encoding}.csv"
    text = "Café ‘Jember’ — matur nuwun"
    f.write_bytes(
        ("id,text,created_at,platform\n" + f"1,{text},2024-11-20 09:00,facebook\n").encode(encoding)
    )
    report = import_file(store, settings.for_collectors(), f)
    assert report.new == 1 and report.encoding == encoding
    assert items(store)[0].text == text


def test_jsonl_and_xlsx(store: Store, settings: Settings, tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    j = tmp_path / "x.jsonl"
    j.write_text(
        json.dumps(
            {"id": "t1", "text": "Bila coblosan? 🗳️", "created_at": "2024-11-20T10:00:00+07:00"}
        )
        + "\n{rusak\n\n"
        + json.dumps({"id": "t2", "text": "مرحبا", "created_at": "2024-11-20 10:00"})
        + "\n",
        encoding="utf-8",
    )
    report = import_file(store, settings.for_collectors(), j, platform="x")
    assert (report.new, report.skipped) == (2, 1)
    assert report.problems[0].line == 2 and "JSON" in report.problems[0].reason

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["id", "text", "created_at", "likes"])
    ws.append([1234567890123456, "Nang endi TPS-ku?", datetime(2024, 11, 21, 9, 30), 4])
    ws.append([None, None, None, None])
    ws.append([99, "", datetime(2024, 11, 21, 9, 30), 0])
    x = tmp_path / "x.xlsx"
    wb.save(x)
    report = import_file(store, settings.for_collectors(), x, platform="instagram")
    assert (report.new, report.skipped) == (1, 1)
    assert report.problems[0].line == 4
    ig = [i for i in items(store) if i.platform == "instagram"]
    assert ig[0].external_id == "1234567890123456" and ig[0].metrics == {"like_count": 4}


def test_long_text_is_kept_with_a_warning(store: Store, settings: Settings, tmp_path: Path) -> None:
    f = tmp_path / "long.csv"
    long_text = "panjang " * 12_800  # about 100 KB
    f.write_text(f"id,text,created_at\n1,{long_text},2024-11-20 09:00\n", encoding="utf-8")
    report = import_file(store, settings.for_collectors(), f, platform="facebook")
    assert report.new == 1 and report.warnings and "panjang" in report.warnings[0].reason
    assert items(store)[0].text == long_text


def test_unusable_files(store: Store, settings: Settings, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputFileError, match="kosong"):
        import_file(store, settings.for_collectors(), empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text("id,text,created_at\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="tidak ada baris"):
        import_file(store, settings.for_collectors(), header_only)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("nama,pesan\nbudi,halo\n", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        import_file(store, settings.for_collectors(), wrong)
    assert "kolom wajib" in err.value.message and "nama" in (err.value.hint or "")
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Item)) == 0


def test_column_mapping_flag(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = workspace / "sheet.csv"
    f.write_text("No,Komentar,Waktu\n7,Piye carane cek DPT?,20/11/2024 10:00\n", encoding="utf-8")
    cfg = str(workspace / "pantau.yaml")
    args = ["--config", cfg, "import", str(f), "-p", "facebook"]
    code, out = run_cli(
        capsys, *args, "--map", "id=No", "--map", "text=Komentar", "--map", "created_at=Waktu"
    )
    assert code == 0, out
    assert "baru 1" in out
    code, out = run_cli(capsys, *args)
    assert code == 4 and "kolom wajib" in out


def test_cli_exits_nonzero_when_nothing_importable(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = workspace / "bad.csv"
    f.write_text("id,text,created_at\n1,,2024-11-20\n2,halo,bukan-tanggal\n", encoding="utf-8")
    code, out = run_cli(
        capsys, "--config", str(workspace / "pantau.yaml"), "import", str(f), "-p", "x"
    )
    assert code == 4
    assert "baris 2" in out and "baris 3" in out


def test_stray_bad_byte_after_the_sniffed_sample(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    f = tmp_path / "mixed.csv"
    rows = [f"{i},balasan biasa nomor {i} {'x' * 120},2024-11-20 09:00" for i in range(9000)]
    body = ("id,text,created_at\n" + "\n".join(rows) + "\n").encode("utf-8")
    assert len(body) > 1 << 20
    f.write_bytes(
        body + b"9000,caf\xe9 rusak,2024-11-20 09:00\n9001,normal lagi,2024-11-20 09:00\n"
    )
    report = import_file(store, settings.for_collectors(), f, platform="facebook")
    assert report.encoding == "utf-8"
    assert (report.new, report.skipped) == (9001, 1)
    assert report.problems[0].line == 9002 and "tidak terbaca" in report.problems[0].reason


def test_csv_cells_map_like_the_row_dict(settings: Settings) -> None:
    """The by-position CSV path gives exactly what mapping the name -> value dict gives."""
    from zoneinfo import ZoneInfo

    from collectors.file_formats import SourceRow
    from collectors.file_import import make_row_mapper

    header = [
        "Comment ID",
        "Post ID",
        "Parent Comment ID",
        "Published time",
        "Author",
        "Author location",
        "Comment",
        "Likes",
        "Platform",
        "Likes",  # a repeated name: the last column wins, as in a dict
    ]
    rows = [
        ["c1", "p1", "", "2024-11-20 10:15:00", "w1", "Kalisat", "Kapan?", "9", "facebook", "3"],
        [" c2 ", "p1", "c1", " 2024-11-20 10:20 ", " w2 ", " ", "  teks  ", "", "Twitter", "x"],
        ["c3", "p1", "", "2024-11-20T03:15:00Z", "w3", "", "ok", "", "instagram", "²"],
        ["c4", "p1", "", "20/11/2024 10:00", "w4", "", "ok", "", "tiktok", "1"],
        ["c5", "p1", "", "2024-11-20 10:15:00", "w5", "", "ok", "", "tiktok", "1"],
        ["c6", "p1", "", "kemarin", "w6", "", "ok", "", "facebook", "1"],
        ["c7", "p1", "", "", "w7", "", "ok", "", "facebook", "1"],
        ["", "p1", "", "2024-11-20 10:15:00", "w8", "", "ok", "", "facebook", "1"],
        ["c9", "p1", "", "2024-11-20 10:15:00", "w9", "", " \n ", "", "facebook", "1"],
        ["c10", "", "", "2024-11-20 10:15:00", "", "", "x" * 10_001, "", "", "1"],
    ]
    profile = settings.import_profiles["meta_business_suite"]
    tz = ZoneInfo(profile.timezone)
    for platform in ("auto", "facebook"):
        mapper = make_row_mapper(profile, platform, tz)
        for line, cells in enumerate(rows, start=2):
            by_position: list = []
            by_name: list = []
            rec_pos = mapper(SourceRow(line, None, None, cells, header), by_position)
            rec_name = mapper(SourceRow(line, dict(zip(header, cells, strict=True))), by_name)
            assert rec_pos == rec_name, (platform, line)
            assert by_position == by_name, (platform, line)
    problems: list = []
    assert make_row_mapper(profile, "auto", tz)(SourceRow(3, None, None, rows[1], header), problems)
    rec = make_row_mapper(profile, "auto", tz)(SourceRow(2, None, None, rows[0], header), [])
    assert rec is not None and rec.metrics == {"like_count": 3} and rec.platform == "facebook"
    assert rec.created_at.utcoffset() is not None and rec.created_at.hour == 10


@pytest.mark.parametrize(
    "zone",
    ["Asia/Jakarta", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia"],
)
def test_export_times_are_the_instants_the_zone_gives(settings: Settings, zone: str) -> None:
    """The per-hour offset shortcut agrees with attaching the zone, across DST changes (gaps,
    repeated hours, half-hour shifts), odd offsets and a skipped day."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from collectors.file_formats import SourceRow
    from collectors.file_import import make_row_mapper

    tz = ZoneInfo(zone)
    mapper = make_row_mapper(settings.import_profiles["generic"], "x", tz)
    header = ["id", "text", "created_at"]
    starts = [
        datetime(2024, 3, 9),
        datetime(2024, 11, 2),
        datetime(2024, 4, 6),
        datetime(2011, 12, 29),
    ]
    for start in starts:
        for i in range(2 * 24 * 60 // 13):
            raw = (start + timedelta(minutes=13 * i, seconds=i % 60)).strftime("%Y-%m-%d %H:%M:%S")
            rec = mapper(SourceRow(2, None, None, ["1", "t", raw], header), [])
            exact = datetime.fromisoformat(raw).replace(tzinfo=tz)
            assert rec is not None, raw
            assert rec.created_at.astimezone(UTC) == exact.astimezone(UTC), raw
            assert rec.created_at.utcoffset() == exact.utcoffset(), raw
