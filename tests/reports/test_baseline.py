"""The shipped baseline and the loader's validation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reports.baseline import COLUMNS, BaselineError, load_baseline, official_kecamatan
from tests.reports.baseline_derivation import derive_rows

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "jember" / "baseline.csv"


def _rows() -> list[dict[str, str]]:
    with SHIPPED.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_shipped_baseline_has_all_31_with_sources() -> None:
    baseline = load_baseline()
    assert len(baseline.rows) == 31
    assert set(baseline.rows) == set(official_kecamatan())
    # KPU Jember's Pilkada 2024 DPT: the per-kecamatan figures must add up to it exactly.
    assert baseline.total_dpt() == 1_955_219
    for row in baseline:
        assert row.dpt_2024 is not None and row.dpt_2024.source.startswith("http")
        for figure in (row.turnout_2020, row.turnout_2024):
            if figure is not None:
                assert 0.3 < figure.value < 0.9
                assert figure.source.startswith("http")


def test_real_figures_override_estimates() -> None:
    baseline = load_baseline()
    bangsalsari = baseline.get("Bangsalsari")
    assert bangsalsari is not None and bangsalsari.dpt_2024 is not None
    assert bangsalsari.dpt_2024.value == 95_330 and not bangsalsari.dpt_2024.is_estimate
    sukowono = baseline.get("Sukowono")
    assert sukowono is not None and sukowono.turnout_2024 is not None
    # KPU Jember's own statement (66.12) is preferred over Frensia's 64.85.
    assert sukowono.turnout_2024.value == pytest.approx(0.6612)
    assert not sukowono.turnout_2024.is_estimate
    ajung = baseline.get("Ajung")
    assert ajung is not None and ajung.dpt_2024 is not None and ajung.dpt_2024.is_estimate
    assert ajung.turnout_2024 is None


def test_missing_and_empty_files_give_an_empty_baseline(tmp_path: Path) -> None:
    missing = load_baseline(tmp_path / "nope.csv")
    assert missing.is_empty and missing.missing_reason
    assert "tidak ditemukan" in missing.missing_reason
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert load_baseline(empty).is_empty
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    assert load_baseline(header_only).is_empty
    assert missing.get("Ajung") is None and missing.total_dpt() is None


@pytest.mark.parametrize(
    ("column", "value", "expected_words"),
    [
        ("dpt_2024", "banyak", "bukan angka"),
        ("dpt_2024", "-5", "positif"),
        ("dpt_2024", "12.5", "bilangan bulat"),
        ("turnout_2024", "150", "antara 0 dan 100"),
        ("dpt_source", "", "sumber wajib"),
        ("dpt_is_estimate", "mungkin", "true atau false"),
        ("kecamatan", "Jombang Kota", "bukan nama kecamatan"),
        ("kecamatan_code", "35.09.99", "tidak cocok"),
    ],
)
def test_bad_values_name_file_line_and_column(
    tmp_path: Path, column: str, value: str, expected_words: str
) -> None:
    rows = _rows()
    rows[4][column] = value  # the fifth data row is line 6 of the file
    path = _write(tmp_path / "bad.csv", rows)
    with pytest.raises(BaselineError) as info:
        load_baseline(path)
    err = info.value
    assert err.line == 6 and err.column == column
    assert str(path) in err.message and "baris 6" in err.message
    assert expected_words in err.message


def test_duplicate_missing_row_and_missing_column(tmp_path: Path) -> None:
    rows = _rows()
    dup = _write(tmp_path / "dup.csv", [*rows, rows[0]])
    with pytest.raises(BaselineError, match="dua kali"):
        load_baseline(dup)
    short = _write(tmp_path / "short.csv", rows[:-1])
    with pytest.raises(BaselineError, match="Sumberjambe"):
        load_baseline(short)
    no_col = _write(tmp_path / "nocol.csv", [{k: v for k, v in r.items() if k != "dpt_source"}
                                             for r in rows])
    with pytest.raises(BaselineError, match="dpt_source"):
        load_baseline(no_col)


def test_commission_file_with_blank_figures_is_accepted(tmp_path: Path) -> None:
    rows = _rows()
    for row in rows:
        row["turnout_2024"] = row["turnout_2024_source"] = row["turnout_2024_is_estimate"] = ""
    rows[0]["turnout_2020"] = "57,5".replace(",", ".")
    rows[0]["turnout_2020_source"] = "dokumen KPU Jember"
    rows[0]["turnout_2020_is_estimate"] = "tidak"
    baseline = load_baseline(_write(tmp_path / "own.csv", rows))
    first = baseline.get(rows[0]["kecamatan"])
    assert first is not None and first.turnout_2020 is not None
    assert first.turnout_2020.value == pytest.approx(0.575) and not first.turnout_2020.is_estimate
    assert all(r.turnout_2024 is None for r in baseline)


@pytest.mark.shared
def test_shipped_baseline_matches_its_derivation(shared_dir: Path) -> None:
    assert derive_rows(shared_dir / "jember") == _rows()
