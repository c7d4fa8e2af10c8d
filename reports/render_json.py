"""JSON rendering: the report model as it is, for other tools and for archiving.

Text fields are shown safely (direction controls neutralised) and link fields (``url``,
``*_url``) hold only http(s) links, else null: a tool that turns them into links must not be
handed a ``javascript:`` URL from an imported file.
"""

from __future__ import annotations

import json
from pathlib import Path

from reports.model import WeeklyReport
from reports.safe_text import safe_json


def render_json(report: WeeklyReport) -> str:
    """The report as pretty JSON (UTF-8 text kept readable, NaN never emitted)."""
    data = safe_json(report.to_dict())
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_json(report: WeeklyReport, path: Path) -> Path:
    path.write_text(render_json(report), encoding="utf-8")
    return path
