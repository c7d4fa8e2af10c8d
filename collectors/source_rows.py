"""What every export reader shares: the row it yields, the text stream it reads, value checks.

Streaming throughout: a 200 MB export is never held in memory.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

Progress = Callable[[int], None]

NUL_IN_ROW = "berisi karakter NUL (byte 0), tanda berkas rusak; baris ini dilewati"
SURROGATE_IN_ROW = "berisi karakter Unicode yang tidak sah (surrogate tunggal); baris ini dilewati"


class SourceRow:
    """One row of an export: its line number, its values by column name, or why it is unusable.

    CSV rows keep their cells as a list beside the shared header (``cells``/``header``) and
    build the name -> value dict only when ``values`` is asked for: the importer reads cells by
    position, and a dict per row was a measurable share of a 100,000-row import.
    """

    __slots__ = ("_values", "cells", "error", "header", "line")

    def __init__(
        self,
        line: int,
        values: dict[str, Any] | None = None,
        error: str | None = None,
        cells: list[str] | None = None,
        header: list[str] | None = None,
    ) -> None:
        self.line = line
        self._values = values
        self.error = error
        self.cells = cells
        self.header = header

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            self._values = dict(zip(self.header or (), self.cells or (), strict=False))
        return self._values

    def __repr__(self) -> str:
        return f"SourceRow(line={self.line!r}, values={self.values!r}, error={self.error!r})"


def display_name(path: Path) -> str:
    """``path`` as text that can be printed and stored.

    A file name that is not valid UTF-8 reaches Python with lone surrogates (surrogateescape);
    printing or storing those raised UnicodeEncodeError. The bad bytes become U+FFFD.
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def printable(text: str, limit: int = 40) -> str:
    """``text`` safe to echo in a message: control and unprintable characters as "?", cut."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text[:limit])
    return shown + ("..." if len(text) > limit else "")


def unstorable(values: dict[str, Any]) -> str | None:
    """Why a row's text values cannot be stored as they are (NUL, lone surrogates), or None.

    For JSONL and XLSX rows, whose values are not read through the CSV checks. Only the row's
    own string values are looked at: nested values are stored through ``str()``, whose repr
    escapes both.
    """
    for value in values.values():
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return SURROGATE_IN_ROW
        if isinstance(value, str) and "\x00" in value:
            return NUL_IN_ROW
    return None


class _CountingReader(io.RawIOBase):
    """Wraps a binary file and reports how many bytes were consumed (for progress bars)."""

    def __init__(self, raw: BinaryIO, progress: Progress | None) -> None:
        self._raw = raw
        self._progress = progress
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.consumed += n
        if self._progress is not None and n:
            self._progress(n)
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


class ReplacementCounter:
    """Counts undecodable bytes, so rows can be checked with one integer comparison."""

    count = 0

    @classmethod
    def handler(cls, exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeDecodeError):
            raise exc
        cls.count += 1
        return "\ufffd", exc.end


codecs.register_error("pantau-count-replace", ReplacementCounter.handler)


def open_text(path: Path, encoding: str, progress: Progress | None) -> io.TextIOWrapper:
    raw = path.open("rb")
    counted = io.BufferedReader(_CountingReader(raw, progress), buffer_size=1 << 16)
    # An undecodable byte spoils one character, not the whole import; rows where that
    # happened are reported so the user can re-export.
    return io.TextIOWrapper(counted, encoding=encoding, errors="pantau-count-replace", newline="")
