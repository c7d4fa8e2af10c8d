"""The per-kecamatan baseline: registered voters (DPT) and past turnout, each with its source.

The shipped file is ``config/jember/baseline.csv``; the commission can pass its own file with the
same columns. A missing or empty file is not an error: the report then says the figures are
missing. A file that exists but is wrong raises :class:`BaselineError` naming file, line and column.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from core.errors import ConfigError

COLUMNS = (
    "kecamatan_code", "kecamatan", "dpt_2024", "dpt_source", "dpt_is_estimate",
    "turnout_2020", "turnout_2020_source", "turnout_2020_is_estimate",
    "turnout_2024", "turnout_2024_source", "turnout_2024_is_estimate",
)
OPTIONAL_COLUMNS = ("note",)


class BaselineError(ConfigError):
    """The baseline file exists but cannot be used as it is."""

    def __init__(self, path: Path, line: int | None, column: str | None, problem: str) -> None:
        where = str(path)
        if line is not None:
            where += f", baris {line}"
        if column is not None:
            where += f", kolom '{column}'"
        super().__init__(
            f"Berkas baseline tidak valid ({where}): {problem}",
            hint="Perbaiki berkas tersebut atau hapus opsi baseline agar memakai baseline bawaan.",
        )
        self.path = path
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class SourcedValue:
    """A figure with where it comes from and whether it is an estimate."""

    value: float
    source: str
    is_estimate: bool


@dataclass(frozen=True, slots=True)
class KecamatanBaseline:
    """Baseline figures of one kecamatan; turnouts are fractions in [0, 1]."""

    code: str
    name: str
    dpt_2024: SourcedValue | None
    turnout_2020: SourcedValue | None
    turnout_2024: SourcedValue | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Baseline:
    """All kecamatan baselines, or none (``missing_reason`` then says why)."""

    rows: dict[str, KecamatanBaseline] = field(default_factory=dict)
    source_path: str | None = None
    missing_reason: str | None = None

    @classmethod
    def empty(cls, reason: str) -> Baseline:
        """A baseline with no figures at all, e.g. when the file is missing."""
        return cls(rows={}, source_path=None, missing_reason=reason)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def get(self, kecamatan: str) -> KecamatanBaseline | None:
        return self.rows.get(kecamatan)

    def __iter__(self) -> Iterator[KecamatanBaseline]:
        return iter(self.rows.values())

    def total_dpt(self) -> int | None:
        """Sum of the DPT figures, or None when any kecamatan has none."""
        values = [r.dpt_2024.value for r in self.rows.values() if r.dpt_2024 is not None]
        if not values or len(values) != len(self.rows):
            return None
        return int(sum(values))


def official_kecamatan() -> dict[str, str]:
    """The 31 official kecamatan names of Jember mapped to their Kemendagri codes."""
    text = (resources.files("config") / "jember" / "kecamatan.csv").read_text(encoding="utf-8")
    return {row["kecamatan"]: row["kecamatan_code"] for row in csv.DictReader(text.splitlines())}


def default_baseline_path() -> Path:
    return Path(str(resources.files("config") / "jember" / "baseline.csv"))


def load_baseline(path: Path | str | None = None) -> Baseline:
    """Load and validate a baseline CSV (the shipped one when ``path`` is None).

    Returns an empty :class:`Baseline` when the file is missing or has no data rows; raises
    :class:`BaselineError` when it exists but is malformed.
    """
    file = Path(path) if path is not None else default_baseline_path()
    if not file.is_file():
        return Baseline.empty(f"berkas baseline tidak ditemukan: {file}")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(file, None, None, f"tidak dapat dibaca ({exc})") from exc
    if not text.strip():
        return Baseline.empty(f"berkas baseline kosong: {file}")
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise BaselineError(file, 1, missing[0], "kolom wajib tidak ada: " + ", ".join(missing))
    official = official_kecamatan()
    rows: dict[str, KecamatanBaseline] = {}
    for line_no, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        parsed = _parse_row(file, line_no, row, official)
        if parsed.name in rows:
            raise BaselineError(file, line_no, "kecamatan", f"'{parsed.name}' muncul dua kali")
        rows[parsed.name] = parsed
    if not rows:
        return Baseline.empty(f"berkas baseline tanpa baris data: {file}")
    absent = [n for n in official if n not in rows]
    if absent:
        raise BaselineError(
            file, None, "kecamatan",
            f"{len(absent)} kecamatan tidak ada (harus 31): " + ", ".join(absent),
        )
    ordered = {n: rows[n] for n in sorted(rows, key=lambda n: official[n])}
    return Baseline(rows=ordered, source_path=str(file))


def _parse_row(
    file: Path, line: int, row: dict[str, str], official: dict[str, str]
) -> KecamatanBaseline:
    name = row["kecamatan"]
    if name not in official:
        raise BaselineError(file, line, "kecamatan", f"'{name}' bukan nama kecamatan resmi Jember")
    code = row["kecamatan_code"]
    if code and code != official[name]:
        raise BaselineError(
            file, line, "kecamatan_code",
            f"kode {code!r} tidak cocok dengan {name} ({official[name]})",
        )
    dpt = _sourced(file, line, row, "dpt_2024", "dpt_source", "dpt_is_estimate", percent=False)
    t20 = _sourced(file, line, row, "turnout_2020", "turnout_2020_source",
                   "turnout_2020_is_estimate", percent=True)
    t24 = _sourced(file, line, row, "turnout_2024", "turnout_2024_source",
                   "turnout_2024_is_estimate", percent=True)
    return KecamatanBaseline(official[name], name, dpt, t20, t24, row.get("note", ""))


def _sourced(
    file: Path,
    line: int,
    row: dict[str, str],
    col: str,
    src_col: str,
    est_col: str,
    *,
    percent: bool,
) -> SourcedValue | None:
    text = row[col]
    if not text:
        return None
    try:
        value = float(text.replace(" ", ""))
    except ValueError:
        raise BaselineError(
            file, line, col, f"{text!r} bukan angka (pakai titik desimal)"
        ) from None
    if not math.isfinite(value) or value < 0:
        raise BaselineError(file, line, col, f"{text!r} harus angka positif")
    if percent:
        if value > 100:
            raise BaselineError(file, line, col, f"{text!r} harus persen antara 0 dan 100")
        value /= 100.0
    elif value != int(value) or value == 0:
        raise BaselineError(file, line, col, f"{text!r} harus bilangan bulat lebih dari 0")
    source = row[src_col]
    if not source:
        raise BaselineError(file, line, src_col, "sumber wajib diisi bila ada angka")
    flag = row[est_col].lower()
    if flag not in ("true", "false", "1", "0", "ya", "tidak"):
        raise BaselineError(file, line, est_col, f"{row[est_col]!r} harus true atau false")
    return SourcedValue(value, source, flag in ("true", "1", "ya"))
