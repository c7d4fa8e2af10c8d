"""The few dates the report needs from the stage calendar in force: voting day, when each stage
ends, and each stage's key dates (by label).

The calendar's typed model lives in ``nlp.calendar``, which the reports area may not import
(``tests/test_house.py``); the full file is validated there, by every ``pantau analyze``. This
reader takes only these dates, from the same file the tagger uses (``nlp.calendar_path``, handed
to the report as ``WeeklyReportSettings.calendar_path``), and says plainly what it cannot find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from core.errors import ConfigError

_HINT = "Periksa berkas kalender tahapan (bentuknya seperti config/pilkada2024/stages.yaml)."


def default_calendar_path() -> Path:
    """The shipped Pilkada 2024 calendar (the same default as ``nlp.calendar``)."""
    return Path(str(resources.files("config") / "pilkada2024" / "stages.yaml"))


def label_key(label: str) -> str:
    """How key-date labels are compared: case and spacing do not matter."""
    return " ".join(label.split()).casefold()


@dataclass(frozen=True, slots=True)
class KeyDay:
    """A key date of a stage (a deadline, a milestone) with its calendar label and source."""

    label: str
    day: date
    source: str = ""


@dataclass(frozen=True, slots=True)
class StageDates:
    """Voting day, the last day of each stage, and the key dates of each stage."""

    path: str
    voting_day: date
    stage_ends: dict[str, KeyDay] = field(default_factory=dict)
    key_dates: dict[str, dict[str, KeyDay]] = field(default_factory=dict)

    def resolve(self, stage: str, key_date: str | None = None) -> KeyDay:
        """The date a reference names: a key date of ``stage``, or the end of ``stage``.

        Raises ``KeyError`` with an Indonesian sentence saying what is missing.
        """
        if stage not in self.stage_ends:
            raise KeyError(f"tahapan '{stage}' tidak ada di kalender {self.path} "
                           f"(yang ada: {', '.join(self.stage_ends)})")
        if key_date is None:
            return self.stage_ends[stage]
        found = self.key_dates.get(stage, {}).get(label_key(key_date))
        if found is None:
            labels = [k.label for k in self.key_dates.get(stage, {}).values()]
            known = "; ".join(labels) or "tidak ada"
            raise KeyError(f"tanggal penting '{key_date}' tidak ada pada tahapan '{stage}' di "
                           f"kalender {self.path} (yang ada: {known})")
        return found


def _day(value: Any, where: str, path: Path) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"Kalender tahapan {path}: {where} bernilai {value!r}, bukan tanggal "
                          "TTTT-BB-HH", _HINT) from None


def load_stage_dates(path: Path | None = None) -> StageDates:
    """Read the dates from the calendar at ``path`` (None: the shipped one)."""
    source = Path(path) if path is not None else default_calendar_path()
    if not source.is_file():
        raise ConfigError(f"Berkas kalender tahapan tidak ditemukan: {source}",
                          "Periksa nlp.calendar_path di konfigurasi.")
    try:
        # The C parser when present: the weekly report reads only dates here, and the tagger
        # validates the whole file (duplicate keys included) with nlp.calendar.load_calendar.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(source.read_text(encoding="utf-8-sig"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"Kalender tahapan {source} tidak dapat dibaca: {exc}", _HINT) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"Kalender tahapan {source} harus berisi kunci election dan stages.",
                          _HINT)
    election = data.get("election")
    stages = data.get("stages")
    if not isinstance(election, dict) or not isinstance(stages, list) or not stages:
        raise ConfigError(f"Kalender tahapan {source} harus berisi kunci election dan stages.",
                          _HINT)
    voting_day = _day(election.get("voting_day"), "election.voting_day", source)
    ends: dict[str, KeyDay] = {}
    keys: dict[str, dict[str, KeyDay]] = {}
    for n, stage in enumerate(stages):
        if not isinstance(stage, dict) or not isinstance(stage.get("id"), str):
            raise ConfigError(f"Kalender tahapan {source}: stages[{n}] tanpa id.", _HINT)
        sid = stage["id"]
        periods = stage.get("periods") or []
        if not isinstance(periods, list) or not periods:
            raise ConfigError(f"Kalender tahapan {source}: tahapan '{sid}' tanpa periods.", _HINT)
        last = max((_day(p.get("end") if isinstance(p, dict) else None,
                         f"stages.{sid}.periods[{i}].end", source), i)
                   for i, p in enumerate(periods))
        period = periods[last[1]]
        ends[sid] = KeyDay(str(stage.get("name") or sid), last[0], str(period.get("source", "")))
        found: dict[str, KeyDay] = {}
        for i, key in enumerate(stage.get("key_dates") or []):
            if not isinstance(key, dict) or not key.get("label"):
                raise ConfigError(f"Kalender tahapan {source}: stages.{sid}.key_dates[{i}] "
                                  "tanpa label.", _HINT)
            label = str(key["label"])
            found[label_key(label)] = KeyDay(
                label, _day(key.get("date"), f"stages.{sid}.key_dates[{i}].date", source),
                str(key.get("source", "")))
        keys[sid] = found
    return StageDates(str(source), voting_day, ends, keys)
