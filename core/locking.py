"""A lock row in the database, so only one ``pantau run`` works on a database at a time.

The lock lives in the database (``locks`` table), not in a PID file, because two machines may
share one PostgreSQL database. A holder refreshes ``heartbeat_at``; a lock whose heartbeat is
older than ``stale_after``, or whose holder was a process on this host that no longer exists
(killed with SIGKILL, power loss), is taken over with a warning.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import TracebackType

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from core.errors import LockError
from core.store.database import Store
from core.store.models import Lock

log = logging.getLogger(__name__)

RUN_LOCK = "pantau-run"


def _real_now() -> datetime:
    return datetime.now(UTC)


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _holder_is_dead(holder: str) -> bool:
    """True when ``holder`` names a process on this host that is gone."""
    parts = holder.split(":")
    if len(parts) < 2 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class DatabaseLock:
    """``with DatabaseLock(store): ...`` holds the named lock; LockError if someone else does."""

    def __init__(
        self,
        store: Store,
        name: str = RUN_LOCK,
        *,
        holder: str | None = None,
        stale_after: timedelta = timedelta(minutes=5),
        clock: Callable[[], datetime] = _real_now,
        heartbeat_seconds: float | None = 60.0,
    ) -> None:
        self.store = store
        self.name = name
        self.holder = holder or default_holder()
        self.stale_after = stale_after
        self.clock = clock
        self.heartbeat_seconds = heartbeat_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self) -> None:
        now = self.clock()
        with self.store.session() as s:
            row = s.get(Lock, self.name, with_for_update=True)
            if row is None:
                s.add(Lock(name=self.name, holder=self.holder, acquired_at=now, heartbeat_at=now))
            elif row.holder != self.holder:
                age = now - row.heartbeat_at
                if age < self.stale_after and not _holder_is_dead(row.holder):
                    raise LockError(
                        f"Pantau run lain sedang berjalan pada basis data ini "
                        f"(pemegang {row.holder}, detak terakhir {int(age.total_seconds())} "
                        f"detik lalu)",
                        "Hentikan proses itu dulu (systemctl stop pantau) atau tunggu "
                        f"{int(self.stale_after.total_seconds() // 60)} menit bila proses itu "
                        "sudah mati.",
                    )
                log.warning("taking over stale lock %s from %s", self.name, row.holder)
                row.holder, row.acquired_at, row.heartbeat_at = self.holder, now, now
            else:
                row.heartbeat_at = now
        self._start_heartbeat()

    def acquire_or_fail(self) -> None:
        """Like ``acquire`` but a race on the first insert is also reported as LockError."""
        try:
            self.acquire()
        except IntegrityError as exc:
            raise LockError(
                "Pantau run lain baru saja mulai pada basis data ini",
                "Hanya satu `pantau run` boleh berjalan per basis data.",
            ) from exc

    def heartbeat(self) -> None:
        """Refresh the lock; LockError if another process took it over meanwhile."""
        with self.store.session() as s:
            result = s.execute(
                update(Lock)
                .where(Lock.name == self.name, Lock.holder == self.holder)
                .values(heartbeat_at=self.clock())
            )
            if getattr(result, "rowcount", 1) == 0:
                raise LockError(f"Kunci {self.name} diambil alih proses lain")

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        with self.store.session() as s:
            s.execute(delete(Lock).where(Lock.name == self.name, Lock.holder == self.holder))

    def _start_heartbeat(self) -> None:
        # A long collection must not look like a dead process to a second `pantau run`.
        if self.heartbeat_seconds is None or self._thread is not None:
            return
        self._stop.clear()

        def beat() -> None:
            while not self._stop.wait(self.heartbeat_seconds):
                try:
                    self.heartbeat()
                except Exception as exc:  # logged; the main loop notices a lost lock itself
                    log.error("lock heartbeat failed: %s", exc)

        self._thread = threading.Thread(target=beat, name="pantau-lock-heartbeat", daemon=True)
        self._thread.start()

    def __enter__(self) -> DatabaseLock:
        self.acquire_or_fail()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
