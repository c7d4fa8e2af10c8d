"""JSON rendering: the report model as it is, for other tools and for archiving."""

from __future__ import annotations

import json
from pathlib import Path

from reports.model import WeeklyReport


def render_json(report: WeeklyReport) -> str:
    """The report as pretty JSON (UTF-8 text kept readable, NaN never emitted)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_json(report: WeeklyReport, path: Path) -> Path:
    path.write_text(render_json(report), encoding="utf-8")
    return path
