"""Shared fixtures. Tests never touch the network; ../shared is read only by `shared` checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    return Path(os.environ.get("PANTAU_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder (only in CI and developer machines); skip without it."""
    path = shared_path()
    if not path.is_dir():
        pytest.skip(f"../shared not found at {path}: this extra check runs only where it exists")
    return path
