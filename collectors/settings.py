"""Settings of the collectors area: sources, API politeness and cost, import column layouts.

The YAML keys ``sources``, ``api`` and ``import_profiles`` are validated by these models; the
shell composes them into its ``Settings`` and hands the area one :class:`CollectorSettings`,
so nothing here depends on the rest of the file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import Field, model_validator

from core.config_file import StrictModel
from core.errors import ConfigError

PlatformName = Literal["x", "facebook", "instagram"]

X_STREAMS = ("own_posts", "mentions", "conversations")
FACEBOOK_STREAMS = ("posts", "comments")
INSTAGRAM_STREAMS = ("media", "comments")

DEFAULT_TOKEN_ENV = {
    "x": "PANTAU_X_BEARER_TOKEN",
    "facebook": "PANTAU_META_ACCESS_TOKEN",
    "instagram": "PANTAU_META_ACCESS_TOKEN",
}


class SourceSettings(StrictModel):
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


class ApiSettings(StrictModel):
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


class ImportProfile(StrictModel):
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


@dataclass(frozen=True)
class CollectorSettings:
    """What a collection or an import is given: the sources, the API policy, the column layouts,
    and whether citizens' handles are kept beside their pseudonyms (``privacy`` in the YAML)."""

    sources: list[SourceSettings]
    api: ApiSettings
    import_profiles: dict[str, ImportProfile]
    keep_author_handles: bool = False

    def own_handles(self) -> list[str]:
        """The commission's own usernames (every configured source): never masked."""
        return [s.username.lstrip("@") for s in self.sources if s.username]

    def source(self, name: str) -> SourceSettings:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(
            f"Sumber '{name}' tidak ada di konfigurasi",
            f"Sumber yang ada: {', '.join(s.name for s in self.sources) or '(belum ada)'}",
        )

    @staticmethod
    def secret(env_name: str) -> str | None:
        value = os.environ.get(env_name)
        return value if value else None


def parse_column_map(values: Sequence[str]) -> dict[str, str]:
    """The ``--map FIELD=Kolom`` options of ``pantau import`` and ``pantau tag`` as
    ``{"text": "Komentar"}``; a malformed option or an unknown field is an InputFileError."""
    from core.errors import InputFileError

    fields = set(ImportProfile.model_fields)
    out: dict[str, str] = {}
    for item in values:
        name, sep, column = item.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not name or not column:
            raise InputFileError(
                f"--map '{item}' tidak valid", "Bentuknya FIELD=Kolom, mis. --map text=Komentar"
            )
        if name not in fields:
            raise InputFileError(
                f"--map: field '{name}' tidak dikenal",
                f"Field yang ada: {', '.join(sorted(fields))}.",
            )
        out[name] = column
    return out
