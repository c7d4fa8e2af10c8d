"""PDF rendering: WeasyPrint over the same HTML, A4 with page numbers (see report.css @page).

WeasyPrint needs Pango and friends from the system. When they (or WeasyPrint) are missing,
:class:`PdfUnavailableError` says so, and the caller still writes the HTML.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from core.errors import PantauError
from reports.model import WeeklyReport
from reports.render_html import render_html


class PdfUnavailableError(PantauError):
    """The PDF cannot be made on this machine (WeasyPrint or its system libraries missing)."""


class PdfRenderError(PantauError):
    """WeasyPrint is present but failed on this report."""


class _ScreenMediaFilter(logging.Filter):
    """Drop WeasyPrint's complaint about the phone-layout media query (meant for screens only)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("max-width" in message and "media" in message.lower())


_MEDIA_FILTER = _ScreenMediaFilter()


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The report is self-contained; fetching anything would leak that someone opened it.
    raise ValueError(f"the report must not load external resources: {url}")


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailableError(
            f"PDF tidak dapat dibuat: WeasyPrint atau pustaka sistemnya tidak tersedia ({exc}).",
            hint="Pasang paket sistem Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0) lalu "
                 "ulangi; laporan HTML tetap dibuat.",
        ) from exc
    return weasyprint


# Parts of the page that only screens show (the phone map: its CSS hides it in print anyway).
# Cut before WeasyPrint parses them, as they were a third of the page's bytes.
_SCREEN_ONLY = re.compile(r"<!--screen-only-->.*?<!--/screen-only-->", re.S)


def print_html(html: str) -> str:
    """The report's HTML without its screen-only parts (what the PDF is drawn from)."""
    return _SCREEN_ONLY.sub("", html)


def render_pdf_bytes(report: WeeklyReport, html: str | None = None) -> bytes:
    """The report as PDF bytes (``html``: the already rendered HTML of the same report)."""
    weasyprint = _weasyprint()
    html = print_html(html if html is not None else render_html(report))
    # WeasyPrint logs a warning per font subset; they are not the user's business.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    weasy_logger = logging.getLogger("weasyprint")
    if _MEDIA_FILTER not in weasy_logger.filters:
        weasy_logger.addFilter(_MEDIA_FILTER)
    try:
        document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_refuse_fetch)
        pdf = document.write_pdf()
    except Exception as exc:
        raise PdfRenderError(f"PDF gagal dibuat: {exc}",
                             hint="Gunakan laporan HTML; laporkan galat ini ke pengelola Pantau.") \
            from exc
    if not isinstance(pdf, bytes):
        raise PdfRenderError("PDF gagal dibuat: WeasyPrint tidak mengembalikan data.")
    return pdf


def render_pdf(report: WeeklyReport, path: Path) -> Path:
    """Write the report as an A4 PDF to ``path``."""
    path.write_bytes(render_pdf_bytes(report))
    return path
