"""Creating a workspace: a commented config, a `.env` with a fresh pseudonym key, a database."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from core.errors import ConfigError
from core.paths import default_config_file
from core.private_files import create_private_file, make_private_dir
from core.store.database import open_store
from core.store.pseudonym import PSEUDONYM_KEY_ENV, new_key
from pantau.settings import Settings, load_settings


@dataclass
class Workspace:
    directory: Path
    config_path: Path
    env_path: Path
    settings: Settings
    created: bool


def init_workspace(directory: Path, *, force: bool = False) -> Workspace:
    """Write ``pantau.yaml`` and ``.env`` into ``directory`` and create an empty database.

    An existing config is kept unless ``force``; an existing ``.env`` is never overwritten,
    because a new pseudonym key would silently change every author's pseudonym.
    """
    directory = directory.expanduser()
    try:
        # It will hold the database and the reports (citizens' data): 0700 when created here.
        make_private_dir(directory)
        probe = directory / ".pantau-write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"Folder tidak dapat ditulis: {directory} ({exc.strerror})",
            "Pilih folder lain atau periksa izin aksesnya.",
        ) from exc
    config_path = directory / "pantau.yaml"
    env_path = directory / ".env"
    created = False
    if not config_path.exists() or force:
        shutil.copyfile(default_config_file(), config_path)
        created = True
    if not env_path.exists():
        create_private_file(env_path)  # 0600 before the key is in it, not after
        env_path.write_text(
            "# Rahasia Pantau. Jangan dibagikan dan jangan dimasukkan ke git.\n"
            f"{PSEUDONYM_KEY_ENV}={new_key()}\n"
            "# PANTAU_X_BEARER_TOKEN=\n"
            "# PANTAU_META_ACCESS_TOKEN=\n",
            encoding="utf-8",
        )
        os.chmod(env_path, 0o600)
    settings = load_settings(config_path)
    store = open_store(settings.resolved_database_url())
    store.dispose()
    return Workspace(
        directory.resolve(), config_path.resolve(), env_path.resolve(), settings, created
    )
