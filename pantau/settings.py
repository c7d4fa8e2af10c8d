"""Typed settings: the one YAML file the media team edits, validated at load.

Secrets never live in the YAML: tokens and keys come from environment variables (or a ``.env``
file beside the config). Strings may reference them as ``${VAR}``; they are expanded only where
they are used, so ``pantau config show`` can print the file without revealing anything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from alerts.settings import AlertSettings
from nlp.settings import NLPSettings
from pantau.config_file import expand_env, line_of, read_yaml
from pantau.errors import ConfigError
from pantau.paths import default_config_file
from reports.outreach_index import OutreachIndexSettings

PlatformName = Literal["x", "facebook", "instagram"]

X_STREAMS = ("own_posts", "mentions", "conversations")
FACEBOOK_STREAMS = ("posts", "comments")
INSTAGRAM_STREAMS = ("media", "comments")

DEFAULT_TOKEN_ENV = {
    "x": "PANTAU_X_BEARER_TOKEN",
    "facebook": "PANTAU_META_ACCESS_TOKEN",
    "instagram": "PANTAU_META_ACCESS_TOKEN",
}
PSEUDONYM_KEY_ENV = "PANTAU_PSEUDONYM_KEY"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class PrivacySettings(_Strict):
    store_author_handles: bool = Field(
        False, description="Simpan nama akun warga (selain pseudonim). Bawaan: tidak."
    )
    show_author_handles_in_reports: bool = False


class SourceSettings(_Strict):
    name: str = Field(pattern=r"^[a-z0-9_\-]{2,40}$")
    platform: PlatformName
    enabled: bool = True
    account_id: str = Field(min_length=1)
    username: str | None = None
    streams: list[str] = Field(default_factory=list)
    page_size: int = Field(100, ge=5, le=100)
    start_date: date | None = None
    token_env: str | None = None
    conversation_days: int = Field(7, ge=1, le=7)
    # How often recent threads are read again in full to find edits and deletions (hours);
    # null = never. On X this re-reads posts (billed), so keep it at a day or more there.
    recheck_hours: float | None = Field(24.0, ge=0)
    # Own posts this recent are watched for new replies on every run (Facebook/Instagram: one
    # listing with comment counts; X: one search per post, over X's last 7 days of replies).
    comment_days: int = Field(30, ge=1, le=366)

    @model_validator(mode="after")
    def _check_streams(self) -> SourceSettings:
        allowed = {"x": X_STREAMS, "facebook": FACEBOOK_STREAMS, "instagram": INSTAGRAM_STREAMS}[
            self.platform
        ]
        if not self.streams:
            self.streams = list(allowed)
        bad = [s for s in self.streams if s not in allowed]
        if bad:
            raise ValueError(
                f"stream {bad} tidak dikenal untuk platform {self.platform}; "
                f"pilihan: {list(allowed)}"
            )
        if self.token_env is None:
            self.token_env = DEFAULT_TOKEN_ENV[self.platform]
        return self


class ApiSettings(_Strict):
    x_base_url: str | None = Field(None, description="Hanya untuk uji/demo: alamat emulator X")
    graph_base_url: str | None = None
    graph_version: str = Field("v21.0", pattern=r"^v\d+\.\d+$")
    timeout_seconds: float = Field(20.0, gt=0, le=300)
    max_retries: int = Field(5, ge=0, le=20)
    backoff_base_seconds: float = Field(1.0, ge=0)
    max_sleep_seconds: float = Field(900.0, ge=0)
    monthly_budget_usd: float = Field(100.0, ge=0)
    x_cost_per_post_read_usd: float = Field(0.005, ge=0)
    x_cost_per_request_usd: float = Field(0.0, ge=0)
    meta_cost_per_request_usd: float = Field(0.0, ge=0)


class ScheduleSettings(_Strict):
    collect_every_minutes: int = Field(30, ge=1, le=1440)
    weekly_report_day: Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ] = "monday"
    weekly_report_time: str = Field("07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # Fresh items are analysed first; a new model's backlog is worked off this many per cycle,
    # so collection and alerts keep their pace while it catches up.
    analyze_max_per_cycle: int = Field(50_000, ge=100)


class ImportProfile(_Strict):
    """Which column of an export holds which field (header names as they appear in the file)."""

    id: str
    text: str
    created_at: str
    author: str | None = None
    author_location: str | None = None
    parent_id: str | None = None
    post_id: str | None = None
    likes: str | None = None
    platform: str | None = None
    url: str | None = None
    date_format: str | None = Field(
        None, description="strftime format; kosong = ISO 8601 atau 'YYYY-MM-DD HH:MM[:SS]'"
    )
    timezone: str = "Asia/Jakarta"


DEFAULT_IMPORT_PROFILES: dict[str, dict[str, Any]] = {
    "meta_business_suite": {
        "id": "Comment ID",
        "text": "Comment",
        "created_at": "Published time",
        "author": "Author",
        "author_location": "Author location",
        "parent_id": "Parent Comment ID",
        "post_id": "Post ID",
        "likes": "Likes",
        "platform": "Platform",
    },
    "generic": {
        "id": "id",
        "text": "text",
        "created_at": "created_at",
        "author": "author",
        "author_location": "author_location",
        "parent_id": "parent_id",
        "post_id": "post_id",
        "likes": "likes",
        "platform": "platform",
        "url": "url",
    },
}


ReportFormat = Literal["html", "pdf", "xlsx", "json"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("html", "pdf", "xlsx", "json")


class ReportSettings(_Strict):
    """The weekly report: where it goes, in which formats, and the outreach-need index."""

    out_dir: str = Field("laporan", description="Folder laporan (relatif terhadap konfigurasi)")
    formats: list[ReportFormat] = Field(default_factory=lambda: list(REPORT_FORMATS))
    baseline_path: Path | None = Field(
        None, description="CSV baseline per kecamatan milik KPU; kosong = baseline bawaan"
    )
    max_unanswered: int = Field(20, ge=1, le=500)
    index: OutreachIndexSettings = Field(default_factory=OutreachIndexSettings)


class Settings(_Strict):
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
        path = Path(self.report.out_dir).expanduser()
        return path if path.is_absolute() else self.workspace / path

    def source(self, name: str) -> SourceSettings:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(
            f"Sumber '{name}' tidak ada di konfigurasi",
            f"Sumber yang ada: {', '.join(s.name for s in self.sources) or '(belum ada)'}",
        )

    def secret(self, env_name: str) -> str | None:
        value = os.environ.get(env_name)
        return value if value else None


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
    shown = repr(given) if not isinstance(given, dict | list) else type(given).__name__
    if len(shown) > 80:
        shown = shown[:77] + "..."
    msg = str(err.get("msg", "")).removeprefix("Value error, ")
    return f"{where}: kunci '{key}' bernilai {shown}: {msg}"


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
    base = settings.report.baseline_path
    if base is not None and not base.is_absolute():
        settings.report.baseline_path = (workspace / base).resolve()
    return settings
