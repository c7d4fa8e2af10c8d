"""Typed settings: the one YAML file the media team edits, validated at load.

Secrets never live in the YAML: tokens and keys come from environment variables (or a ``.env``
file beside the config). Strings may reference them as ``${VAR}``; they are expanded only where
they are used, so ``pantau config show`` can print the file without revealing anything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator

from alerts.settings import AlertCycleSettings, AlertSettings
from collectors.settings import (
    DEFAULT_IMPORT_PROFILES,
    ApiSettings,
    CollectorSettings,
    ImportProfile,
    SourceSettings,
)
from core.config_file import StrictModel, escapes_base, expand_env, line_of, read_yaml
from core.config_secrets import MASK, looks_like_secret, mask_secrets
from core.errors import ConfigError
from core.paths import default_config_file
from core.validation_messages import indonesian_message
from nlp.settings import NLPSettings
from reports.settings import ReportSettings, WeeklyReportSettings


class PrivacySettings(StrictModel):
    store_author_handles: bool = Field(
        False, description="Simpan nama akun warga (selain pseudonim). Bawaan: tidak."
    )
    show_author_handles_in_reports: bool = False
    # Items older than this many days (with their analyses, labels, raw pages, and alerts and
    # sent messages quoting them) are purged once a day by `pantau run`; None = kept until
    # `pantau db purge`. Off by default: deleting is irreversible and the period is the
    # commission's decision (its archive schedule and UU PDP's purpose limitation).
    retention_days: int | None = Field(None, ge=1, le=36_500)


INDONESIAN_DAYS = {
    "senin": "monday",
    "selasa": "tuesday",
    "rabu": "wednesday",
    "kamis": "thursday",
    "jumat": "friday",
    "jum'at": "friday",
    "sabtu": "saturday",
    "minggu": "sunday",
    "ahad": "sunday",
}
DAY_IN_INDONESIAN = {
    "monday": "Senin",
    "tuesday": "Selasa",
    "wednesday": "Rabu",
    "thursday": "Kamis",
    "friday": "Jumat",
    "saturday": "Sabtu",
    "sunday": "Minggu",
}


class ScheduleSettings(StrictModel):
    collect_every_minutes: int = Field(30, ge=1, le=1440)
    weekly_report_day: Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ] = "monday"
    weekly_report_time: str = Field("07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # Fresh items are analysed first; a new model's backlog is worked off this many per cycle,
    # so collection and alerts keep their pace while it catches up.
    analyze_max_per_cycle: int = Field(50_000, ge=100)

    @field_validator("weekly_report_day", mode="before")
    @classmethod
    def _indonesian_day(cls, value: Any) -> Any:
        """The media team writes `senin`; the scheduler keeps English day names."""
        if isinstance(value, str):
            name = value.strip().lower()
            return INDONESIAN_DAYS.get(name, name)
        return value


class Settings(StrictModel):
    timezone: str = "Asia/Jakarta"
    database_url: str = "sqlite:///pantau.db"
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    sources: list[SourceSettings] = Field(default_factory=list)
    api: ApiSettings = Field(default_factory=ApiSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    import_profiles: dict[str, ImportProfile] = Field(
        default_factory=lambda: {k: ImportProfile(**v) for k, v in DEFAULT_IMPORT_PROFILES.items()}
    )
    nlp: NLPSettings = Field(default_factory=NLPSettings)
    report: ReportSettings = Field(default_factory=ReportSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)

    # Not from the YAML: where the file was, to resolve relative paths and find `.env`.
    workspace: Path = Field(default_factory=Path.cwd, exclude=True)
    config_path: Path | None = Field(None, exclude=True)
    # True when no config file was found and the shipped defaults are in force (no workspace).
    shipped_defaults: bool = Field(False, exclude=True)

    @field_validator("timezone")
    @classmethod
    def _check_tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"zona waktu tidak dikenal: {value!r} (contoh: Asia/Jakarta)") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _check_db(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError(
                "harus berupa URL SQLAlchemy, mis. sqlite:///pantau.db atau "
                "postgresql+psycopg://user@host/db"
            )
        return value

    @model_validator(mode="after")
    def _unique_sources(self) -> Settings:
        names = [s.name for s in self.sources]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"nama sumber harus unik; ganda: {sorted(dup)}")
        return self

    @model_validator(mode="after")
    def _retention_outlasts_watching(self) -> Settings:
        days = self.privacy.retention_days
        watched = max((s.comment_days for s in self.sources if s.enabled), default=0)
        if days is not None and days <= watched:
            # Otherwise the collector fetches again, as new, the replies a purge just removed.
            raise ValueError(
                f"privacy.retention_days ({days}) harus lebih besar dari comment_days sumber "
                f"({watched}): balasan yang dihapus akan diambil lagi dari unggahan yang masih "
                "dipantau"
            )
        return self

    def own_handles(self) -> tuple[str, ...]:
        """The commission's own usernames (every configured source): never masked."""
        return tuple(self.for_collectors().own_handles())

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def resolved_database_url(self) -> str:
        """The database URL with ``${VAR}`` expanded and relative SQLite paths made absolute."""
        url = str(expand_env(self.database_url))
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
            path = url[len(prefix) :]
            url = prefix + str((self.workspace / path).resolve())
        return url

    def report_dir(self) -> Path:
        """Where reports are written: ``report.out_dir``, relative to the workspace.

        A relative folder may not lead out of the workspace (``../../etc``); an absolute one
        (or ``~/...``) is taken as meant. ``load_settings`` already refuses such a value with
        its line; this guards settings built any other way.
        """
        path = Path(self.report.out_dir).expanduser()
        if path.is_absolute():
            return path
        if escapes_base(path):
            raise ConfigError(
                f"report.out_dir {mask_secrets(repr(self.report.out_dir))}: {_LEAVES_WORKSPACE} "
                f"{self.workspace}",
                _INSIDE_WORKSPACE_HINT,
            )
        return self.workspace / path

    def source(self, name: str) -> SourceSettings:
        return self.for_collectors().source(name)

    def for_collectors(self) -> CollectorSettings:
        """The collectors area's view: sources, API policy, import layouts, handle privacy."""
        return CollectorSettings(
            sources=self.sources,
            api=self.api,
            import_profiles=self.import_profiles,
            keep_author_handles=self.privacy.store_author_handles,
        )

    def for_reports(self) -> WeeklyReportSettings:
        """The reports area's view: the ``report`` section, time zone, sources, privacy."""
        privacy = self.privacy
        return WeeklyReportSettings(
            report=self.report,
            tz=self.tz,
            show_author_handles=privacy.show_author_handles_in_reports
            and privacy.store_author_handles,
            source_platforms={s.name: s.platform for s in self.sources},
            own_handles=self.own_handles(),
            calendar_path=self.nlp.calendar_path,
        )

    def for_alerts(self) -> AlertCycleSettings:
        """The alerts area's view: the ``alerts`` section and the shared values a cycle needs."""
        return AlertCycleSettings(
            alerts=self.alerts,
            tz=self.tz,
            workspace=self.workspace,
            monthly_budget_usd=self.api.monthly_budget_usd,
            own_handles=self.own_handles(),
            calendar_path=self.nlp.calendar_path,
        )


def _describe_error(err: Mapping[str, Any], path: Path, node: Any) -> str:
    loc = tuple(err.get("loc", ()))
    key = ".".join(str(p) for p in loc) or "(akar)"
    line = line_of(node, loc)
    where = f"{path}:{line}" if line else str(path)
    kind = err.get("type", "")
    given = err.get("input")
    if kind == "extra_forbidden":
        return f"{where}: kunci '{key}' tidak dikenal (salah ketik?)"
    if kind == "missing":
        return f"{where}: kunci '{key}' wajib diisi"
    msg = indonesian_message(err)
    if isinstance(given, str) and looks_like_secret(key, given):
        # A token or password typed into the YAML: name the key, never print the value.
        shown, msg = MASK, msg.replace(given, MASK)
    else:
        shown = repr(given) if not isinstance(given, dict | list) else type(given).__name__
    masked, msg = mask_secrets(shown), mask_secrets(msg)
    if MASK in masked:
        masked += (
            " (disembunyikan: tampak seperti rahasia; rahasia tidak ditulis di YAML, tulis "
            "${NAMA_VARIABEL} di sini dan isi nilainya di berkas .env)"
        )
    elif len(masked) > 80:
        masked = masked[:77] + "..."
    return f"{where}: kunci '{key}' bernilai {masked}: {msg}"


_LEAVES_WORKSPACE = "folder laporan keluar dari folder kerja"
_INSIDE_WORKSPACE_HINT = (
    "Tulis folder di dalam folder kerja (mis. laporan), atau jalur absolut bila memang "
    "disengaja."
)


def _check_out_dir(settings: Settings, path: Path, node: Any) -> None:
    """A relative ``report.out_dir`` must stay inside the workspace (``../../etc`` may not)."""
    out_dir = settings.report.out_dir
    if not escapes_base(out_dir):
        return
    line = line_of(node, ("report", "out_dir"))
    where = f"{path}:{line}" if line else str(path)
    raise ConfigError(
        f"Konfigurasi tidak valid:\n  {where}: kunci 'report.out_dir' bernilai "
        f"{mask_secrets(repr(out_dir))}: {_LEAVES_WORKSPACE} {settings.workspace}",
        _INSIDE_WORKSPACE_HINT,
    )


def load_dotenv_beside(workspace: Path) -> None:
    """Load ``.env`` next to the config into the environment, never overriding what is set."""
    env_file = workspace / ".env"
    if env_file.is_file():
        from dotenv import load_dotenv

        load_dotenv(env_file, override=False)


def load_settings(path: Path | None = None) -> Settings:
    """Load and validate the config file.

    ``path`` None: ``$PANTAU_CONFIG``, else ``./pantau.yaml`` when present, else the shipped
    defaults (with relative paths resolved against the current directory).
    """
    explicit = path is not None
    if path is None:
        env_path = os.environ.get("PANTAU_CONFIG")
        if env_path:
            path, explicit = Path(env_path), True
        elif Path("pantau.yaml").is_file():
            path, explicit = Path("pantau.yaml"), True
        else:
            path = default_config_file()
    path = path.expanduser()
    data, node = read_yaml(path)
    workspace = path.resolve().parent if explicit else Path.cwd()
    load_dotenv_beside(workspace)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        lines = [_describe_error(e, path, node) for e in exc.errors()]
        raise ConfigError(
            "Konfigurasi tidak valid:\n  " + "\n  ".join(lines),
            "Perbaiki kunci di atas; contoh lengkap ada di berkas yang dibuat `pantau init`.",
        ) from exc
    settings.workspace = workspace
    settings.config_path = path.resolve()
    _check_out_dir(settings, path, node)
    settings.shipped_defaults = not explicit
    for key in ("baseline_path", "turnout_answers_path"):
        base = getattr(settings.report, key)
        if base is not None and not base.is_absolute():
            setattr(settings.report, key, (workspace / base).resolve())
    nlp = settings.nlp
    for key in ("calendar_path", "gazetteer_path", "boundaries_path"):
        value = getattr(nlp, key)
        if value is not None and not value.expanduser().is_absolute():
            setattr(nlp, key, (workspace / value).resolve())
        elif value is not None:
            setattr(nlp, key, value.expanduser())
    return settings
