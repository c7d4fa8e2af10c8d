"""Where the shipped defaults live (inside the installed packages, never ../shared)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def config_dir() -> Path:
    """Directory of the shipped default configuration (the ``config`` package)."""
    return Path(str(resources.files("config")))


def default_config_file() -> Path:
    return config_dir() / "pantau.yaml"
