"""State shared by CLI commands: which config file, and lazily opened settings and store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.store.database import Store, open_store
from pantau.settings import Settings, load_settings


@dataclass
class CliState:
    config_path: Path | None = None
    _settings: Settings | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_path)
        return self._settings

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings().resolved_database_url())
        return self._store

    def reset(self) -> None:
        self.close()
        self.config_path = None
        self._settings = None

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()
            self._store = None


state = CliState()
