"""State shared by CLI commands: which config file, and lazily opened settings and store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.errors import ConfigError
from core.store.database import Store, masked_url, open_store
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
            settings = self.settings()
            url = settings.resolved_database_url()
            if settings.shipped_defaults and _is_missing_sqlite_file(url):
                # Without a workspace the shipped defaults would create an empty pantau.db in
                # whatever folder the command was typed in, and report on it as if it were real.
                raise ConfigError(
                    f"Tidak ada konfigurasi Pantau di folder ini ({Path.cwd()}), dan basis data "
                    f"bawaan {masked_url(url)} belum ada",
                    "Jalankan dari folder kerja (berisi pantau.yaml), beri --config BERKAS, "
                    "atau buat folder kerja baru dengan `pantau init FOLDER`.",
                )
            self._store = open_store(url)
        return self._store

    def reset(self) -> None:
        self.close()
        self.config_path = None
        self._settings = None

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()
            self._store = None


def _is_missing_sqlite_file(url: str) -> bool:
    prefix = "sqlite:///"
    if not url.startswith(prefix) or ":memory:" in url:
        return False
    return not Path(url[len(prefix) :]).exists()


state = CliState()
