"""Display strings of the turnout-signals section, for the HTML (and through it the PDF).

Shares are always shown with the counts behind them ("3 (12%)"): a share of a handful of
replies means little on its own, and the section is about people to answer, not rates.
"""

from __future__ import annotations

from typing import Any

from reports.labels import fmt_day, fmt_int, fmt_pct
from reports.turnout import TurnoutCounts, TurnoutRow, TurnoutSection, barrier_breakdown

EXPLAINED = (
    "Balasan yang menandakan kotak suara kosong: warga yang menyatakan tidak akan memilih "
    "(niat golput), yang tidak percaya lagi pada politik atau calon sebagai kelompok (sinis), "
    "dan yang ingin memilih tetapi mungkin tidak bisa (hambatan memilih, dengan jenisnya). "
    "Satu balasan bisa membawa lebih dari satu sinyal. Angka per kecamatan hanya mencakup "
    "balasan yang lokasinya dikenali; baris Seluruh Jember mencakup semua balasan."
)
DRAFT = "draf, menunggu konfirmasi KPU"
# Rows the page shows (most signals first), as many as the ranking's; the rest are named in one
# line, and every row is in the XLSX and JSON. 25 rows took four A4 pages on the demo's busiest
# week, and a fifth of the PDF's time.
SHOWN_ROWS = 10


def count_share(n: int, counts: TurnoutCounts) -> str:
    """'3 (12%)'; '0' without the share; '–' without replies."""
    if not counts.replies:
        return "–"
    return f"{fmt_int(n)} ({fmt_pct(counts.share(n))})" if n else "0"


def _weekly(label: str, counts: TurnoutCounts) -> str:
    """'W45 12%': the share of replies with a signal that week; '–' without replies (the
    counts per week are in the XLSX sheet "Sinyal per pekan")."""
    week = label.split("-")[-1]
    if not counts.replies:
        return f"{week} –"
    return f"{week} {fmt_pct(counts.share(counts.with_signal))}"


def _previous(row: TurnoutRow) -> str:
    prev = row.previous
    if not prev.replies:
        return "tidak ada balasan pada pekan-pekan itu"
    return (f"{fmt_int(prev.replies)} balasan: golput "
            f"{fmt_pct(prev.share(prev.golput_intent))} · sinis "
            f"{fmt_pct(prev.share(prev.cynicism))} · hambatan "
            f"{fmt_pct(prev.share(prev.voting_barrier))}")


def _turnout(value: float | None, estimate: bool) -> str:
    if value is None:
        return "–"
    return fmt_pct(value, 1) + ("†" if estimate else "")


def row_view(row: TurnoutRow, weeks: list[str], first: int = 0) -> dict[str, Any]:
    """One table row; the weekly series starts at ``first`` (the first week with any data)."""
    c = row.current
    return {
        "kecamatan": row.kecamatan,
        "is_regency": row.is_regency,
        "replies": fmt_int(c.replies),
        "signal": count_share(c.with_signal, c),
        "golput": count_share(c.golput_intent, c),
        "cynicism": count_share(c.cynicism, c),
        "barrier": count_share(c.voting_barrier, c),
        "barrier_kinds": barrier_breakdown(c),
        "previous": _previous(row),
        "trend": [_weekly(w, h) for w, h in zip(weeks[first:], row.history[first:],
                                                  strict=False)]
        if row.previous.replies else [],
        "turnout_2020": _turnout(row.turnout_2020, row.turnout_2020_is_estimate),
        "turnout_2024": _turnout(row.turnout_2024, row.turnout_2024_is_estimate)
        + ("*" if row.is_regency and row.turnout_2024 is not None else ""),
    }


def turnout_view(section: TurnoutSection) -> dict[str, Any]:
    """Everything the template prints about turnout signals."""
    weeks = section.history_weeks
    span = f"{len(weeks)} pekan sebelumnya ({weeks[0]} s.d. {weeks[-1]})" if weeks else ""
    # Weeks before any reply was collected say nothing: the series starts with the first data.
    regency = section.regency.history if section.regency else []
    first = next((i for i, h in enumerate(regency) if h.replies), len(weeks))
    if 0 < first < len(weeks):
        span += f"; data baru ada sejak {weeks[first]}"
    elif weeks and first == len(weeks):
        span += "; belum ada data pada pekan-pekan itu"
    shown, rest = section.rows[:SHOWN_ROWS], section.rows[SHOWN_ROWS:]
    return {
        "explained": EXPLAINED,
        "note_2020": section.turnout_2020_note,
        "history": span,
        "rows": [row_view(r, weeks, first) for r in shown],
        "more": ", ".join(f"{r.kecamatan} ({fmt_int(r.current.with_signal)})" for r in rest),
        "regency": row_view(section.regency, weeks, first) if section.regency else None,
        "without_signal": ", ".join(section.without_signal),
        "as_of": fmt_day(section.as_of) if section.as_of else "",
        "calendar": section.calendar_path or "",
        "answers_note": section.answers_note,
        "advice": [{
            "label": a.label,
            "replies": fmt_int(a.replies),
            "where": ", ".join(f"{k} {fmt_int(n)}" for k, n in a.kecamatan[:6])
            + (f" dan {len(a.kecamatan) - 6} kecamatan lain" if len(a.kecamatan) > 6 else "")
            or "lokasi tidak dikenali",
            "action": a.action[:1].upper() + a.action[1:],
            "answer": a.answer,
            "deadline": a.deadline_text,
            "deadline_label": a.deadline_label or "",
            "passed": "; ".join(a.passed),  # the dates are in the XLSX and JSON
            "source": a.source,
            "draft": not a.confirmed,
        } for a in section.advice],
        "draft_label": DRAFT,
    }
