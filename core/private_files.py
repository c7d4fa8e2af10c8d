"""Files and folders holding citizens' data are created readable by their owner only.

The database (and SQLite's ``-wal``/``-shm``, which SQLite creates with the database file's
mode), the weekly reports and the labelling sheets hold citizens' replies. On a shared server
the default umask (022) would make them readable by every local account, so Pantau creates
them mode 0600 and the folders it creates for them 0700. Files and folders that already exist
keep their mode: an administrator may have chosen it (a backup group, say).
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) mode 0700; an existing folder is left alone."""
    missing = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # created meanwhile by another process
            continue


def create_private_file(path: Path, *, tighten: bool = False) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (its folder too, 0700).

    Opening it afterwards for writing (``"w"`` truncates) keeps the mode, so the data never
    sits in a file others can read, not even for a moment. ``tighten`` also sets 0600 on an
    existing file: for outputs Pantau rewrites whole (a sheet exported again to the same name).
    """
    make_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        if tighten:
            os.chmod(path, FILE_MODE)
        return
    os.close(fd)
