"""Typed settings of the alerts: channels, rules, quiet hours, report recipients, delivery.

Embedded as ``alerts:`` in ``pantau.yaml``; the shell hands the area an
:class:`AlertCycleSettings` (this section plus the few shared values a cycle needs). Everything is
validated at load: an unknown rule name, an unknown channel name or a channel URL that apprise
cannot use is rejected with a message naming the key, long before the first alert is due.
Channel URLs may hold ``${VAR}`` references; they are expanded only when a message is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator, model_validator

from core.config_file import StrictModel, escapes_base

Severity = Literal["info", "warning", "critical"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "critical": 2}

_CHANNEL_NAME = re.compile(r"^[a-z0-9_\-]{1,40}$")
_HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


class RuleBase(StrictModel):
    """What every rule has: on/off, how loud, how often it may speak, and to whom."""

    enabled: bool = True
    severity: Severity = "warning"
    cooldown_minutes: int = Field(360, ge=0, le=10080)
    channels: list[str] | None = Field(
        None, description="Kanal untuk aturan ini; kosong = alerts.default_channels"
    )


class MisinformationRule(RuleBase):
    window_hours: int = Field(24, ge=1, le=720)
    min_count: int = Field(1, ge=1)
    critical_count: int = Field(10, ge=1)


class NegativeSpikeRule(RuleBase):
    window_hours: int = Field(6, ge=1, le=168)
    baseline_days: int = Field(7, ge=1, le=90)
    ratio: float = Field(3.0, ge=1.0)
    min_count_kecamatan: int = Field(5, ge=1)
    min_count_overall: int = Field(20, ge=1)


class GolputClusterRule(RuleBase):
    window_hours: int = Field(168, ge=1, le=720)
    min_count: int = Field(4, ge=1)
    min_share: float = Field(0.2, ge=0, le=1)


BarrierKind = Literal[
    "not_registered", "away_from_home", "no_invitation", "no_id_card", "work_or_health",
    "tps_access",
]
# The calendar key dates of the transfer deadlines (config/pilkada2024/stages.yaml).
TRANSFER_H30 = "Batas pengajuan pindah memilih, sembilan kategori (H-30)"
TRANSFER_H7 = "Batas pindah memilih karena keadaan tertentu (H-7)"


class DeadlineRef(StrictModel):
    """A date of the stage calendar in force: the last day of ``stage``, or its ``key_date``
    (the label as the calendar writes it; case and spacing do not matter)."""

    stage: str = Field(min_length=1)
    key_date: str | None = None


def _default_windows() -> dict[BarrierKind, list[DeadlineRef]]:
    # Registration closes with the pemutakhiran stage (DPT set); transfer (pindah memilih,
    # DPTb) at H-30 for the nine categories and H-7 for assigned duty, inpatients, detainees
    # and disaster victims. The other kinds (invitation, e-KTP, TPS access) have no window
    # the commission can point to, so they are left to the weekly report.
    return {
        "not_registered": [DeadlineRef(stage="pemutakhiran_data")],
        "away_from_home": [DeadlineRef(stage="pemutakhiran_data", key_date=TRANSFER_H30),
                           DeadlineRef(stage="pemutakhiran_data", key_date=TRANSFER_H7)],
        "work_or_health": [DeadlineRef(stage="pemutakhiran_data", key_date=TRANSFER_H7)],
    }


class BarrierRiseRule(RuleBase):
    """More voting-barrier replies than usual while the window that fixes them is open.

    Defaults: barrier replies are rare (a few a day in the whole regency), so the window is
    three days, not hours; three replies from one kecamatan naming a fixable obstacle with a
    deadline days away are worth one message (a false alarm costs a read, a missed one costs
    votes after the deadline); twice the kecamatan's own rate of the 14 days before counts as a
    rise. A daily cooldown: the answer (information before the deadline) does not change by
    the hour.
    """

    window_hours: int = Field(72, ge=6, le=336)
    baseline_days: int = Field(14, ge=1, le=90)
    ratio: float = Field(2.0, ge=1.0)
    min_count_kecamatan: int = Field(3, ge=1)
    min_count_overall: int = Field(10, ge=1)
    cooldown_minutes: int = Field(1440, ge=0, le=10080)
    windows: dict[BarrierKind, list[DeadlineRef]] = Field(default_factory=_default_windows)

    @field_validator("windows")
    @classmethod
    def _each_kind_has_a_deadline(
        cls, value: dict[BarrierKind, list[DeadlineRef]]
    ) -> dict[BarrierKind, list[DeadlineRef]]:
        empty = sorted(k for k, refs in value.items() if not refs)
        if empty:
            raise ValueError(f"jenis {', '.join(empty)} tanpa batas waktu; hapus jenisnya atau "
                             "tulis minimal satu {stage, key_date}")
        return value


class UnansweredQuestionsRule(RuleBase):
    target_hours: float = Field(24, gt=0)
    near_vote_target_hours: float = Field(4, gt=0)
    near_vote_days_before: int = Field(7, ge=0, le=60)
    near_vote_days_after: int = Field(1, ge=0, le=30)
    max_age_days: int = Field(7, ge=1, le=60)
    min_count: int = Field(1, ge=1)


class VolumeSpikeRule(RuleBase):
    severity: Severity = "info"
    window_hours: int = Field(3, ge=1, le=168)
    baseline_days: int = Field(7, ge=1, le=90)
    ratio: float = Field(3.0, ge=1.0)
    min_count: int = Field(30, ge=1)


class SourceFailingRule(RuleBase):
    consecutive_failures: int = Field(3, ge=1, le=100)


class TokenExpiringRule(RuleBase):
    warn_days: int = Field(7, ge=0, le=90)


class ApiBudgetRule(RuleBase):
    warn_fraction: float = Field(0.8, gt=0, le=1.0)


class AnalysisFailuresRule(RuleBase):
    """Items the current tagger could not analyse, or ``analyze`` runs that failed.

    Defaults: one item is enough (a failure is a bug, and an unanalysed reply is invisible to
    every other rule and to the report); a whole run failing is critical (nothing new is being
    analysed). Runs are looked at over the last day.
    """

    min_count: int = Field(1, ge=1)
    window_hours: int = Field(24, ge=1, le=720)
    cooldown_minutes: int = Field(720, ge=0, le=10080)


class RulesSettings(StrictModel):
    """One entry per rule; the names are fixed (the code implements exactly these rules)."""

    misinformation: MisinformationRule = Field(default_factory=MisinformationRule)
    negative_spike: NegativeSpikeRule = Field(default_factory=NegativeSpikeRule)
    golput_cluster: GolputClusterRule = Field(default_factory=GolputClusterRule)
    barrier_rise: BarrierRiseRule = Field(default_factory=BarrierRiseRule)
    unanswered_questions: UnansweredQuestionsRule = Field(default_factory=UnansweredQuestionsRule)
    volume_spike: VolumeSpikeRule = Field(default_factory=VolumeSpikeRule)
    source_failing: SourceFailingRule = Field(default_factory=SourceFailingRule)
    token_expiring: TokenExpiringRule = Field(default_factory=TokenExpiringRule)
    api_budget: ApiBudgetRule = Field(default_factory=ApiBudgetRule)
    analysis_failures: AnalysisFailuresRule = Field(default_factory=AnalysisFailuresRule)

    @model_validator(mode="before")
    @classmethod
    def _known_names(cls, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(str(k) for k in data if k not in cls.model_fields)
            if unknown:
                raise ValueError(
                    f"aturan tidak dikenal: {', '.join(unknown)}; "
                    f"aturan yang ada: {', '.join(cls.model_fields)}"
                )
        return data

    def items(self) -> list[tuple[str, RuleBase]]:
        """(rule name, its settings) in declaration order."""
        return [(name, getattr(self, name)) for name in type(self).model_fields]


class QuietHours(StrictModel):
    """Hours in which only critical alerts are sent; the rest wait for the morning digest."""

    enabled: bool = True
    start: str = Field("22:00", pattern=_HHMM)
    end: str = Field("06:00", pattern=_HHMM)
    digest_time: str = Field("06:00", pattern=_HHMM)
    bypass_severity: Severity = "critical"

    @model_validator(mode="after")
    def _digest_outside(self) -> QuietHours:
        if self.enabled and self.start != self.end and self.contains(parse_hhmm(self.digest_time)):
            raise ValueError(
                f"digest_time {self.digest_time} jatuh di dalam jam tenang "
                f"{self.start}-{self.end}; pilih waktu pada atau setelah {self.end}"
            )
        return self

    def contains(self, moment: time) -> bool:
        """Whether a local wall-clock time falls in the quiet window (which may span midnight)."""
        if not self.enabled or self.start == self.end:
            return False
        start, end = parse_hhmm(self.start), parse_hhmm(self.end)
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end


class DeliverySettings(StrictModel):
    """Retries: exponential backoff capped low, so a channel that comes back is served soon."""

    base_backoff_seconds: float = Field(30, ge=0, le=3600)
    max_backoff_minutes: float = Field(15, gt=0, le=1440)
    claim_timeout_minutes: float = Field(10, gt=0, le=1440)
    batch_size: int = Field(50, ge=1, le=1000)
    timeout_seconds: float = Field(20, gt=0, le=300)


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def check_channel_url(url: str) -> str | None:
    """Why apprise cannot use ``url`` (None when it can). ``${VAR}`` parts are not expanded.

    A URL that references environment variables is only checked for a known scheme here:
    its full parse needs the secret, which is read only at delivery time.
    """
    from alerts.channels import FILE_SCHEME, supported_scheme

    if "://" not in url:
        return "bukan URL (contoh: mailto://..., tgram://..., json://...)"
    scheme = url.split("://", 1)[0].lower()
    if scheme == FILE_SCHEME:
        return _file_channel_problem(url[len(FILE_SCHEME) + 3 :])
    if not supported_scheme(scheme):
        return f"skema '{scheme}://' tidak didukung apprise"
    if _literal_password(url):
        return (
            "kata sandi tertulis langsung di URL; tulis ${NAMA_VARIABEL} di sini dan isi "
            "nilainya di berkas .env"
        )
    if "${" in url:
        return None
    from alerts.channels import parse_apprise_url

    if not parse_apprise_url(url):
        return f"apprise tidak dapat membaca URL kanal '{scheme}://...' (periksa formatnya)"
    return None


def _file_channel_problem(path: str) -> str | None:
    """Why a ``file://`` path cannot be used: missing, or relative and leading out of the
    workspace (``file://../../etc/x``). An absolute path is taken as meant."""
    if not path:
        return "file:// butuh jalur berkas"
    if escapes_base(path):
        return (
            "jalur relatif keluar dari folder kerja (folder berkas konfigurasi); tulis jalur "
            "di dalam folder itu, atau jalur absolut (file:///...) bila memang disengaja"
        )
    return None


def _literal_password(url: str) -> bool:
    """Whether ``user:password@`` holds a password that is not a ``${VAR}`` reference."""
    from urllib.parse import urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        return False
    return bool(password) and "${" not in url.split("@", 1)[0]


class AlertSettings(StrictModel):
    """The ``alerts:`` section of ``pantau.yaml``."""

    channels: dict[str, str] = Field(default_factory=dict)
    default_channels: list[str] = Field(
        default_factory=list, description="Kanal bawaan semua aturan; kosong = semua kanal"
    )
    report_recipients: list[str] = Field(default_factory=list)
    rules: RulesSettings = Field(default_factory=RulesSettings)
    quiet_hours: QuietHours = Field(default_factory=QuietHours)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    auto_resolve_hours: int = Field(
        24, ge=1, le=720, description="Peringatan terbuka ditutup bila kondisinya hilang selama ini"
    )
    item_link_limit: int = Field(5, ge=0, le=50)

    @field_validator("channels")
    @classmethod
    def _check_channels(cls, value: dict[str, str]) -> dict[str, str]:
        problems = []
        for name, url in value.items():
            if not _CHANNEL_NAME.match(name):
                problems.append(f"nama kanal '{name}' hanya boleh huruf kecil, angka, _ dan -")
                continue
            reason = check_channel_url(str(url))
            if reason:
                problems.append(f"kanal '{name}': {reason}")
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @model_validator(mode="after")
    def _known_channel_names(self) -> AlertSettings:
        known = set(self.channels)
        refs: list[tuple[str, list[str]]] = [
            ("default_channels", self.default_channels),
            ("report_recipients", self.report_recipients),
        ]
        refs += [(f"rules.{n}.channels", r.channels or []) for n, r in self.rules.items()]
        for key, names in refs:
            missing = [n for n in names if n not in known]
            if missing:
                raise ValueError(
                    f"{key}: kanal {missing} tidak ada di alerts.channels "
                    f"(yang ada: {sorted(known) or 'belum ada'})"
                )
        return self

    def channels_for(self, rule: str) -> list[str]:
        """Channel names a rule's alerts go to."""
        settings: RuleBase = getattr(self.rules, rule)
        if settings.channels:
            return list(settings.channels)
        return list(self.default_channels) if self.default_channels else list(self.channels)


@dataclass(frozen=True)
class AlertCycleSettings:
    """What one alert cycle is given by the shell.

    ``workspace`` resolves relative ``file://`` channels; ``monthly_budget_usd`` is the API budget
    of the collectors (``api.monthly_budget_usd``) that the budget rule watches;
    ``calendar_path`` is the stage calendar the rules read (voting day, corrections, the
    registration and transfer deadlines).
    """

    alerts: AlertSettings
    tz: ZoneInfo
    workspace: Path
    monthly_budget_usd: float
    # The stage calendar in force (``nlp.calendar_path``); None = the shipped Pilkada 2024 one.
    calendar_path: Path | None = None
    # The commission's own usernames: the only @handles left unmasked in alert texts.
    own_handles: tuple[str, ...] = ()
