"""Shared fixtures. Tests never touch the network; ../shared is read only by `shared` checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    return Path(os.environ.get("PANTAU_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()


def in_ci() -> bool:
    """CI sets CI=true (see .ci/run's environment); there a missing prerequisite is a failure."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def skip_unless_ci(reason: str) -> None:
    """Skip on a developer's machine that lacks a prerequisite; fail in CI, which must have it,
    so a green CI never hides checks that did not run."""
    if in_ci():
        pytest.fail(f"CI must run this check: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder; skipped without it, except in CI (fails there)."""
    path = shared_path()
    if not path.is_dir():
        skip_unless_ci(f"../shared not found at {path}: this extra check runs only where it exists")
    return path


PSEUDONYM_TEST_KEY = "test-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets a pseudonym key and never picks up a developer's own config."""
    monkeypatch.setenv("PANTAU_PSEUDONYM_KEY", PSEUDONYM_TEST_KEY)
    monkeypatch.delenv("PANTAU_CONFIG", raising=False)


def postgres_schema_url(base: str) -> tuple[str, str]:
    import uuid

    from sqlalchemy import create_engine, text

    schema = f"pantau_t_{uuid.uuid4().hex[:10]}"
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, empty database URL on SQLite and (when configured) PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = os.environ.get("PANTAU_TEST_DATABASE_URL")
    if not base:
        skip_unless_ci(
            "PostgreSQL tests skipped: set PANTAU_TEST_DATABASE_URL, e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test (CI does)"
        )
    url, schema = postgres_schema_url(base)
    try:
        yield url
    finally:
        drop_schema(base, schema)


@pytest.fixture
def store(db_url: str):  # type: ignore[no-untyped-def]
    from core.store.database import open_store

    s = open_store(db_url)
    try:
        yield s
    finally:
        s.dispose()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An initialised workspace folder (config, .env, empty SQLite database)."""
    from pantau.workspace import init_workspace

    ws = tmp_path / "ws"
    init_workspace(ws)
    return ws
