"""One progress bar for long CLI work, on stderr so piped output stays clean."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)


@contextmanager
def progress_bar(
    label: str, total: int, *, in_bytes: bool = False, min_total: int = 2000
) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``; the bar is shown only for work of at least ``min_total``."""
    with Progress(
        TextColumn(f"[bold]{label}[/]"),
        BarColumn(),
        DownloadColumn() if in_bytes else MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=total < min_total,
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)
