"""One entry point that writes the weekly report in every requested format.

A format that fails (typically PDF on a machine without Pango) does not stop the others:
its error is kept in :attr:`RenderResult.failures` for the caller to show.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from core.errors import PantauError
from core.private_files import make_private_dir
from reports.model import WeeklyReport
from reports.render_html import render_html
from reports.render_json import render_json
from reports.render_pdf import render_pdf_bytes
from reports.render_xlsx import render_xlsx_bytes

FORMATS = ("html", "pdf", "xlsx", "json")


class ReportFormatError(PantauError):
    """An unknown report format was asked for."""


class RenderResult(dict[str, Path]):
    """Format -> written file; ``failures`` maps a format that failed to its error."""

    def __init__(self) -> None:
        super().__init__()
        self.failures: dict[str, PantauError] = {}

    @property
    def ok(self) -> bool:
        return not self.failures


def report_basename(report: WeeklyReport) -> str:
    """'laporan-pantau-2024-W47' (sortable, no spaces)."""
    return f"laporan-pantau-{report.iso_year}-W{report.iso_week:02d}"


def _write_atomic(path: Path, data: bytes) -> None:
    # A crash mid-write must not leave a truncated report that looks complete. mkstemp creates
    # the file mode 0600, and the rename keeps it: a report quotes citizens' replies.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_report(
    report: WeeklyReport, out_dir: Path, formats: Iterable[str] = FORMATS
) -> RenderResult:
    """Write the report to ``out_dir`` in each of ``formats``; return what was written."""
    wanted = [f.lower().strip() for f in formats]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ReportFormatError(
            f"Format laporan tidak dikenal: {', '.join(unknown)}",
            hint=f"Pilih dari: {', '.join(FORMATS)}",
        )
    make_private_dir(out_dir)  # 0700 when Pantau creates it; an existing folder is kept
    html_cache: list[str] = []

    def html_once(r: WeeklyReport) -> str:
        # The PDF is drawn from the same HTML: render it once for both.
        if not html_cache:
            html_cache.append(render_html(r))
        return html_cache[0]

    producers: dict[str, Callable[[WeeklyReport], bytes]] = {
        "html": lambda r: html_once(r).encode("utf-8"),
        "pdf": lambda r: render_pdf_bytes(r, html_once(r)),
        "xlsx": render_xlsx_bytes,
        "json": lambda r: render_json(r).encode("utf-8"),
    }
    result = RenderResult()
    base = report_basename(report)
    for fmt in dict.fromkeys(wanted):
        path = out_dir / f"{base}.{fmt}"
        try:
            _write_atomic(path, producers[fmt](report))
        except PantauError as exc:
            result.failures[fmt] = exc
            continue
        except OSError as exc:
            result.failures[fmt] = PantauError(
                f"Laporan {fmt.upper()} tidak dapat ditulis ke {path}: {exc}",
                hint="Periksa izin tulis dan ruang disk folder keluaran.",
            )
            continue
        result[fmt] = path
    return result
