"""Settings of the reports area: the ``report:`` section of the YAML, and what a weekly report
is given by the shell (:class:`WeeklyReportSettings`), so nothing here reads the composed file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field

from core.config_file import StrictModel
from reports.outreach_index import OutreachIndexSettings

ReportFormat = Literal["html", "pdf", "xlsx", "json"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("html", "pdf", "xlsx", "json")


class ReportSettings(StrictModel):
    """The weekly report: where it goes, in which formats, and the outreach-need index."""

    out_dir: str = Field("laporan", description="Folder laporan (relatif terhadap konfigurasi)")
    formats: list[ReportFormat] = Field(default_factory=lambda: list(REPORT_FORMATS))
    baseline_path: Path | None = Field(
        None, description="CSV baseline per kecamatan milik KPU; kosong = baseline bawaan"
    )
    max_unanswered: int = Field(20, ge=1, le=500)
    turnout_answers_path: Path | None = Field(
        None,
        description="YAML jawaban yang disarankan untuk sinyal partisipasi (golput, sinis, "
        "hambatan memilih); kosong = config/pilkada2024/turnout_answers.yaml",
    )
    turnout_history_weeks: int = Field(
        3, ge=0, le=12,
        description="berapa pekan sebelumnya yang dibandingkan di bagian sinyal partisipasi",
    )
    index: OutreachIndexSettings = Field(default_factory=OutreachIndexSettings)


@dataclass(frozen=True)
class WeeklyReportSettings:
    """Everything one weekly report needs beyond the store.

    ``source_platforms`` maps a configured source name to its platform (for the completeness
    table); ``show_author_handles`` is true only when handles are both stored and allowed in
    reports by the ``privacy`` section; ``calendar_path`` is the stage calendar in force
    (``nlp.calendar_path``; None = the shipped one), whose deadlines the recommended answers use.
    """

    report: ReportSettings
    tz: ZoneInfo
    show_author_handles: bool = False
    source_platforms: dict[str, str] = field(default_factory=dict)
    # The commission's own usernames: @handles left unmasked in quotes when handles are not
    # shown (every other @handle becomes @warga, see core/privacy.py).
    own_handles: tuple[str, ...] = ()
    calendar_path: Path | None = None
