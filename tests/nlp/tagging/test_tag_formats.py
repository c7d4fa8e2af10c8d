"""`pantau tag` reads every export `pantau import` reads: CSV (any separator, "" quotes,
cp1252), JSONL and XLSX, with the import profiles' columns, and keeps the tag contract (one
object per row, in order; an unreadable row is a needs_review object with evidence.error)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from core.errors import InputFileError
from nlp.pipeline import OUTPUT_KEYS
from pantau.tag_files import read_inputs
from tests.nlp.tagging.conftest import RecordingSentiment, fixed_language

MBS_HEADER = [
    "Comment ID",
    "Post ID",
    "Parent Comment ID",
    "Published time",
    "Author",
    "Author location",
    "Comment",
    "Likes",
    "Platform",
]


@dataclass
class TextRecordingSentiment(RecordingSentiment):
    """Also keeps every text it was given, in order: what the pipeline really received."""

    texts: list[str] = field(default_factory=list)

    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> list[Any]:
        self.texts.extend(texts)
        return super().predict(texts, languages)


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> TextRecordingSentiment:
    """Make `pantau tag` use a recording sentiment stand-in; returns it."""
    import nlp.pipeline as pipeline_module

    real = pipeline_module.TaggingPipeline
    sentiment = TextRecordingSentiment()

    def factory(*args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("sentiment_model", sentiment)
        kwargs.setdefault("language_detector", fixed_language)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline_module, "TaggingPipeline", factory)
    return sentiment


def _tag(source: Path, *options: str) -> list[dict[str, Any]]:
    from pantau.cli import main

    out = source.with_suffix(".tags.jsonl")
    assert main(["tag", str(source), "--out", str(out), *options]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(list(line) == list(OUTPUT_KEYS) for line in lines)
    return lines


def _mbs_row(cid: str, published: str, location: str, comment: str) -> list[str]:
    return [cid, "p1", "", published, f"warga {cid}", location, comment, "2", "facebook"]


MBS_ROWS = [
    _mbs_row("c101", "2024-11-20 10:00:00", "", "Besok nyoblos"),
    _mbs_row("c102", "2024-11-21 08:00:00", "", 'Katanya "diundur" ke 2025; benar min?'),
    _mbs_row("c103", "2024-11-21 09:30:00", "Patrang", "Cara cek DPT gimana?\nMohon info"),
    _mbs_row("c104", "2024-11-22 07:15:00", "", "Golput ae"),
]


def test_meta_business_suite_csv_export(
    tmp_path: Path, seen: TextRecordingSentiment, capsys
) -> None:
    source = tmp_path / "ekspor_meta.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        # Semicolons and every cell quoted, inner quotes doubled: as spreadsheet tools export.
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow(MBS_HEADER)
        writer.writerows(MBS_ROWS)
    assert '"Katanya ""diundur"" ke 2025; benar min?"' in source.read_text(encoding="utf-8")

    lines = _tag(source)

    assert [line["id"] for line in lines] == ["c101", "c102", "c103", "c104"]
    assert seen.texts == [row[6] for row in MBS_ROWS]
    # Published time and Author location reach the rules, not only the text.
    assert "misinformation" in lines[0]["flags"]  # "besok" on 20 Nov is not voting day
    assert (lines[2]["kecamatan"], lines[2]["area_source"]) == ("Patrang", "profile")
    assert lines[3]["awareness"] == "apathetic"
    assert not any("error" in line["evidence"] for line in lines)
    assert "profil meta_business_suite" in capsys.readouterr().err


def test_broken_rows_keep_their_place(tmp_path: Path, seen: TextRecordingSentiment) -> None:
    source = tmp_path / "rusak.csv"
    source.write_text(
        "Comment ID;Published time;Comment\n"
        "c1;2024-11-20 10:00:00;Kapan coblosan?\n"
        "c2;2024-11-20 10:05:00\n"  # a cell short
        'c3;2024-11-20 10:10:00;"Katanya ""diundur"" ya?"\n'
        'c4;2024-11-20 10:15:00;"TPS pindah ke balai desa\n'  # a quote never closed
        "c5;2024-11-20 10:20:00;Golput ae\n"
        "c6;2024-11-20 10:25:00;\n",  # no text
        encoding="utf-8",
    )

    lines = _tag(source)

    assert [line["id"] for line in lines] == ["c1", "2", "c3", "4", "c5", "c6"]
    for broken in (1, 3, 5):
        assert lines[broken]["flags"] == ["needs_review"]
        assert lines[broken]["evidence"]["error"]
    assert "jumlah kolom" in lines[1]["evidence"]["error"]
    assert "kutip" in lines[3]["evidence"]["error"]
    assert "Comment" in lines[5]["evidence"]["error"]
    assert seen.texts == ["Kapan coblosan?", 'Katanya "diundur" ya?', "Golput ae"]


def test_xlsx_export(tmp_path: Path, seen: TextRecordingSentiment) -> None:
    from openpyxl import Workbook

    source = tmp_path / "ekspor.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(MBS_HEADER)
    sheet.append([1234567890123, "p1", None, datetime(2024, 11, 20, 10, 0), "a", None,
                  "Besok nyoblos", 3, "facebook"])  # fmt: skip
    sheet.append(["x2", "p1", None, "2024-11-21 08:00:00", "b", "Kaliwates", "Bila coblosan e?",
                  0, "instagram"])  # fmt: skip
    sheet.append([None] * len(MBS_HEADER))  # an empty row is no row
    sheet.append(["x4", "p1", None, "2024-11-21 08:00:00", "c", None, None, 0, "facebook"])
    sheet.append(["x5", "p1", None, "2024-11-22 09:00:00", "d", None, "Golput ae", 0, "facebook"])
    book.save(source)

    lines = _tag(source)

    assert [line["id"] for line in lines] == ["1234567890123", "x2", "x4", "x5"]
    assert seen.texts == ["Besok nyoblos", "Bila coblosan e?", "Golput ae"]
    assert "misinformation" in lines[0]["flags"]  # the date cell arrived as a date
    assert (lines[1]["kecamatan"], lines[1]["area_source"]) == ("Kaliwates", "profile")
    assert lines[2]["flags"] == ["needs_review"] and lines[2]["evidence"]["error"]


def test_cp1252_export(tmp_path: Path, seen: TextRecordingSentiment, capsys) -> None:
    rows = [
        ("w1", "\u201cKapan\u201d coblosan, Pak? Caf\u00e9 depan TPS tutup"),
        ("w2", "Matur suwun \u2013 sudah terdaftar di DPT"),
        ("w3", "Undangan C6 belum datang\u2026"),
    ]
    body = "Comment ID;Published time;Comment\r\n" + "".join(
        f"{cid};2024-11-21 08:00:00;{text}\r\n" for cid, text in rows
    )
    source = tmp_path / "excel_lama.csv"
    source.write_bytes(body.encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        source.read_bytes().decode("utf-8")  # really not UTF-8

    lines = _tag(source)

    assert [line["id"] for line in lines] == ["w1", "w2", "w3"]
    assert seen.texts == [text for _, text in rows]
    assert "cp1252" in capsys.readouterr().err


NOV_21 = "2024-11-21 08:00:00"


def test_jsonl_with_profile_keys_and_a_broken_line(
    tmp_path: Path, seen: TextRecordingSentiment
) -> None:
    source = tmp_path / "ekspor.jsonl"
    source.write_text(
        json.dumps({"Comment ID": "j1", "Comment": "Bila coblosan e?", "Published time": NOV_21})
        + "\n"
        + '{"Comment ID": "j2", "Comment": \n'
        + json.dumps({"Comment ID": "j3", "Comment": "Golput ae", "Author location": "Ambulu"})
        + "\n",
        encoding="utf-8",
    )

    lines = _tag(source)

    assert [line["id"] for line in lines] == ["j1", "2", "j3"]
    assert lines[1]["flags"] == ["needs_review"] and "JSON" in lines[1]["evidence"]["error"]
    assert seen.texts == ["Bila coblosan e?", "Golput ae"]
    assert (lines[2]["kecamatan"], lines[2]["area_source"]) == ("Ambulu", "profile")


def test_map_names_the_columns_of_any_layout(tmp_path: Path, seen: TextRecordingSentiment) -> None:
    source = tmp_path / "lembar.csv"
    source.write_text(
        "Nomor,Isi,Waktu\nn1,Besok nyoblos,20/11/2024 10:00\nn2,Golput ae,21/11/2024 08:00\n",
        encoding="utf-8",
    )
    lines = _tag(source, "--map", "id=Nomor", "--map", "text=Isi", "--map", "created_at=Waktu")
    assert [line["id"] for line in lines] == ["n1", "n2"]
    assert seen.texts == ["Besok nyoblos", "Golput ae"]
    assert "misinformation" in lines[0]["flags"]  # 20/11 read day first, as the import does


def test_header_names_match_regardless_of_case(tmp_path: Path) -> None:
    source = tmp_path / "kapital.csv"
    source.write_text("ID,Text,Author_Location\nk1,Bila coblosan e?,Patrang\n", encoding="utf-8")
    [item] = list(read_inputs(source))
    assert (item.id, item.text, item.author_location) == ("k1", "Bila coblosan e?", "Patrang")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ((), "bukan CSV"),
        (("--profile", "meta_business_suite"), "Comment"),
        (("--profile", "tiktok"), "Profil kolom 'tiktok' tidak ada"),
        (("--map", "teks=Isi"), "field 'teks' tidak dikenal"),
        (("--map", "text=Isi", "--encoding", "klingon"), "Pengodean 'klingon'"),
    ],
)
def test_wrong_columns_or_options_fail_before_tagging(
    tmp_path: Path, seen: TextRecordingSentiment, capsys, options: tuple[str, ...], message: str
) -> None:
    from pantau.cli import main

    source = tmp_path / "lembar.csv"
    source.write_text("Nomor,Isi\nn1,Golput ae\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(source), "--out", str(out), *options]) == InputFileError.exit_code
    assert message in " ".join(capsys.readouterr().err.split())
    assert not out.exists() and seen.texts == []
