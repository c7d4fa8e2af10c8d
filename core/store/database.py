"""Opening the store: engine, migrations to head, sessions.

The same code path serves SQLite (default, one file) and PostgreSQL (a team server).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import StoreError
from core.private_files import create_private_file

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def canonical_json_dumps(value: Any) -> str:
    """JSON as the item writer compares it (sorted keys), so unchanged rows stay unchanged."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def masked_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<URL tidak valid>"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets the scheduler write while a report reads; busy_timeout waits instead of failing.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    # Bulk writes (an import touches every page of four indexes in each batch): with the
    # default 2 MiB cache those pages were re-read and spilled for every batch, and the WAL was
    # copied back into the database after almost every batch. 32 MiB (allocated only as pages
    # are used) and a checkpoint every ~16 MiB of WAL made a 100,000-row import ~0.3 s faster.
    # A killed process loses nothing either way (every commit is in the WAL); what a power cut
    # may lose under synchronous=NORMAL is bounded by the checkpoint interval, as before.
    cur.execute("PRAGMA cache_size=-32768")
    cur.execute("PRAGMA wal_autocheckpoint=4000")
    cur.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"URL basis data tidak valid: {masked_url(url)}",
            "Contoh: sqlite:///pantau.db atau postgresql+psycopg://user@127.0.0.1:5432/pantau",
        ) from exc
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        # psycopg (v3) is the driver we install; plain "postgresql://" should just work.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        db_path = Path(parsed.database)
        parent = db_path.parent
        try:
            # Citizens' data: the file (and the -wal/-shm SQLite gives the file's mode) 0600.
            create_private_file(db_path)
        except OSError as exc:
            raise StoreError(
                f"Folder basis data tidak dapat dibuat: {parent} ({exc.strerror})",
                "Pilih folder yang dapat ditulis untuk database_url.",
            ) from exc
        if not _writable(parent) or (db_path.exists() and not _writable(db_path)):
            raise StoreError(
                f"Basis data tidak dapat ditulis: {db_path}",
                "Periksa izin folder/berkas atau pilih lokasi lain di database_url.",
            )
    try:
        engine = create_engine(
            parsed, future=True, pool_pre_ping=True, json_serializer=canonical_json_dumps
        )
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(
            f"Driver basis data tidak tersedia untuk {masked_url(url)}",
            "Gunakan sqlite:/// atau postgresql+psycopg://",
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK)


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates '%': URL-encoded passwords and options must be escaped.
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


# The newest migration's id. Checked against Alembic's own view by a test; kept here so that
# opening an up-to-date store (every CLI call) does not load the migration scripts.
SCHEMA_HEAD = "0003"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations between processes that open a new database at the same moment.

    Without it two first starts (say `pantau run` and `pantau status`) both see an empty
    schema and both try to create the tables.
    """
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        import fcntl

        lock_path = Path(str(engine.url.database) + ".migrate-lock")
        create_private_file(lock_path)
        with lock_path.open("a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        return
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            # A session-level advisory lock held while migrating (any fixed bigint key).
            conn.exec_driver_sql("SELECT pg_advisory_lock(72657361)")
            try:
                yield
            finally:
                conn.exec_driver_sql("SELECT pg_advisory_unlock(72657361)")
                conn.commit()
        return
    yield


def upgrade(engine: Engine) -> tuple[str | None, str | None]:
    """Migrate to head; returns (before, after) revisions."""
    before = current_revision(engine)
    if before == SCHEMA_HEAD:
        return before, before
    # Alembic (and the PostgreSQL dialect it pulls in) costs ~0.1 s to import: only when a
    # migration is actually due, not on every CLI call against an up-to-date store.
    from alembic import command

    with _migration_lock(engine):
        before = current_revision(engine)  # another process may have migrated meanwhile
        if before == SCHEMA_HEAD:
            return before, before
        head = head_revision()
        if before is None and inspect(engine).has_table("items"):
            raise StoreError(
                "Basis data berisi tabel Pantau tanpa riwayat migrasi",
                "Gunakan basis data kosong atau cadangkan dan buat ulang.",
            )
        cfg = _alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    log.info("database migrated from %s to %s", before, head)
    return before, head


@dataclass
class Store:
    """An open, migrated database."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self.sessions() as s, s.begin():
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Connect, check the connection, and migrate to the latest schema (automatic on start)."""
    engine = make_engine(url)
    try:
        with engine.connect():
            pass
        if migrate:
            upgrade(engine)
        elif current_revision(engine) != SCHEMA_HEAD:
            raise StoreError("Skema basis data belum mutakhir", "Jalankan `pantau db upgrade`.")
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(
            f"Tidak dapat terhubung ke basis data {masked_url(url)}: {reason}",
            "Periksa database_url di konfigurasi dan bahwa server basis data berjalan.",
        ) from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"Galat basis data {masked_url(url)}: {exc.__class__.__name__}") from exc
    return Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
