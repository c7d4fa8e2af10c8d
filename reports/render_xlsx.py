"""XLSX rendering (openpyxl): one sheet per table, real numbers with number formats.

Every text cell is forced to the string type: a quote starting with "=" must stay a quote,
never become a spreadsheet formula (formula injection). Text is shown safely (direction
controls neutralised, characters a worksheet cannot hold replaced) and link columns keep only
http(s) links.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports import reach
from reports.labels import AWARENESS_LABELS, BARRIER_KINDS, TURNOUT_LABELS, stage_label
from reports.model import WIB, WeeklyReport
from reports.outreach_index import SHRINKAGE_EXPLAINED
from reports.safe_text import safe_url, shown_text
from reports.turnout import TurnoutRow
from reports.turnout_view import DRAFT, EXPLAINED

INT = "#,##0"
DEC1 = "0.0"
DEC2 = "0.00"
PCT1 = "0.0%"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="F3F0EE")


@dataclass(frozen=True, slots=True)
class Col:
    title: str
    fmt: str | None = None
    width: int | None = None


def _set(cell: Cell, value: Any, fmt: str | None) -> None:
    if isinstance(value, datetime):
        # Excel has no time zones: write local WIB wall time, the column title says so.
        value = value.astimezone(WIB).replace(tzinfo=None)
    if isinstance(value, str):
        # openpyxl refuses C0 controls (a pasted vertical tab would stop the whole workbook).
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", shown_text(value))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    if fmt and isinstance(value, int | float | date):
        cell.number_format = fmt


def _sheet(
    wb: Workbook, title: str, cols: Sequence[Col], rows: Sequence[Sequence[Any]]
) -> Worksheet:
    ws = wb.create_sheet(title)
    for j, col in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=j)
        _set(cell, col.title, None)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(rows, start=2):
        for j, (col, value) in enumerate(zip(cols, row, strict=True), start=1):
            cell = ws.cell(row=i, column=j)
            _set(cell, value, col.fmt)
            if isinstance(value, str) and len(value) > 40:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for j, col in enumerate(cols, start=1):
        longest = max([len(col.title)] + [len(_shown(r[j - 1])) for r in rows])
        ws.column_dimensions[get_column_letter(j)].width = col.width or min(60, max(8, longest + 2))
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(rows) + 1}"
    return ws


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, datetime):
        return "2024-01-01 00:00"
    return str(value)


def build_workbook(report: WeeklyReport) -> Workbook:
    """The report as an openpyxl workbook."""
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = "Info"
    start, end = report.period
    meta: list[tuple[str, Any, str | None]] = [
        ("Judul", report.title, None),
        ("Lembaga", report.organisation, None),
        ("Minggu ISO", f"{report.iso_year}-W{report.iso_week:02d}", None),
        ("Mulai (WIB)", start, DATETIME),
        ("Selesai, tidak termasuk (WIB)", end, DATETIME),
        ("Dibuat (WIB)", report.generated_at, DATETIME),
        ("Data sintetis", "YA — contoh, bukan data pemantauan" if report.synthetic else "tidak",
         None),
        ("Baseline", report.baseline_missing_reason or "tersedia", None),
        # The same explanations the HTML and PDF print beside their tables.
        ("Asal data minggu ini", report.completeness.summary, None),
        (reach.LABEL, report.views_note, None),
        ("Porsi mentah dan disesuaikan", SHRINKAGE_EXPLAINED, None),
        ("Sinyal partisipasi", EXPLAINED, None),
        ("Partisipasi 2020", report.turnout.turnout_2020_note, None),
    ]
    for i, (label, value, fmt) in enumerate(meta, start=1):
        _set(info.cell(row=i, column=1), label, None)
        info.cell(row=i, column=1).font = Font(bold=True)
        _set(info.cell(row=i, column=2), value, fmt)
        info.cell(row=i, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    for i, note in enumerate(report.notes, start=len(meta) + 2):
        _set(info.cell(row=i, column=1), "Catatan", None)
        _set(info.cell(row=i, column=2), note, None)
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 90

    _sheet(wb, "Ringkasan",
           [Col("Ukuran"), Col("Minggu ini"), Col("Minggu lalu"), Col("Jenis")],
           [[h.label, h.value, h.previous, "porsi" if h.kind.value == "share" else "jumlah"]
            for h in report.headline])
    ws = wb["Ringkasan"]
    for i, h in enumerate(report.headline, start=2):
        fmt = PCT1 if h.kind.value == "share" else INT
        for j in (2, 3):
            if ws.cell(row=i, column=j).value is not None:
                ws.cell(row=i, column=j).number_format = fmt

    ranked = {id(r) for r in report.ranked}
    _sheet(wb, "Indeks kecamatan", [
        Col("Peringkat", INT), Col("Kecamatan"), Col("Kode"), Col("Skor", DEC1),
        Col("Batas bawah", DEC1), Col("Batas atas", DEC1), Col("Balasan", INT),
        Col("Porsi bertanya/keliru/apatis (mentah)", PCT1),
        Col("Porsi bertanya/keliru/apatis (disesuaikan)", PCT1),
        Col("Porsi negatif (mentah)", PCT1), Col("Porsi negatif (disesuaikan)", PCT1),
        Col("Sedikit warga membalas (0-1)", DEC2),
        Col("Selisih partisipasi (0-1)", DEC2), Col("Partisipasi 2024", PCT1),
        Col("Partisipasi = angka kabupaten"), Col("Ada balasan (diperingkat)"),
        Col("Alasan", width=70), Col("Topik sosialisasi", width=40),
        Col("Langkah berikutnya", width=70),
    ], [[
        r.rank, r.kecamatan, r.kecamatan_code,
        *((r.score, r.score_low, r.score_high) if id(r) in ranked else (None, None, None)),
        r.replies, r.need_share_raw, r.components["need_share"], r.negative_share_raw,
        r.components["negative_share"],
        r.components["reach_gap"] if id(r) in ranked else None, r.components["turnout_gap"],
        r.turnout_2024 if r.turnout_2024 is not None else report.index_settings.fallback_turnout,
        "ya" if r.turnout_is_fallback else "tidak", "ya" if r.has_data else "tidak",
        "; ".join(r.reasons),
        "; ".join(t.text for t in r.topics) or (r.no_topic_reason or ""),
        " | ".join(t.step for t in r.topics),
    ] for r in report.index])

    _turnout_sheets(wb, report)

    _sheet(wb, "Harian", [Col("Tanggal", DATE, 12), Col("Positif", INT), Col("Netral", INT),
                          Col("Negatif", INT), Col("Total", INT)],
           [[d.day, d.positive, d.neutral, d.negative, d.total] for d in report.daily])

    _sheet(wb, "Tahapan x pemahaman", [Col("Tahapan"), Col("Pemahaman"), Col("Balasan", INT)],
           [[stage_label(c.stage), AWARENESS_LABELS.get(c.awareness, c.awareness), c.count]
            for c in report.stage_awareness])

    _sheet(wb, "Pertanyaan terbuka", [
        Col("Pertanyaan", width=70), Col("Akun (samaran)"), Col("Platform"), Col("Kecamatan"),
        Col("Menunggu (jam)", DEC1), Col("Tahapan"), Col("Tautan", width=40),
        Col("Tautan unggahannya (bila balasan tanpa tautan)", width=40),
    ], [[q.quote, q.handle, q.platform, q.kecamatan or "", q.age_hours,
         stage_label(q.stage) if q.stage else "", safe_url(q.url) or "",
         "" if q.url else safe_url(q.post_url) or ""]
        for q in report.unanswered])

    _sheet(wb, "Rumor", [
        Col("Yang beredar", width=50), Col("Bukti", width=50), Col("Koreksi resmi", width=60),
        Col("Tautan koreksi", width=35), Col("Kali", INT), Col("Kecamatan"),
    ], [[m.quote, m.evidence, m.correction, safe_url(m.correction_url) or "", m.occurrences,
         ", ".join(m.kecamatan)] for m in report.rumours])

    _sheet(wb, "Unggahan KPU", [
        Col("Unggahan", width=50), Col("Platform"), Col("Waktu (WIB)", DATETIME, 17),
        Col("Balasan", INT), Col("Interaksi", INT), Col(reach.SHORT_LABEL, INT),
        Col("Jawaban resmi pertama (jam)", DEC1), Col("Tautan", width=35),
    ], [[p.snippet, p.platform, p.posted_at, p.replies, p.engagement,
         p.views if p.views is not None else reach.NOT_MEASURED,
         p.hours_to_first_answer, safe_url(p.url) or ""] for p in report.own_posts])


    c = report.completeness
    _sheet(wb, "Kelengkapan", [
        Col("Sumber"), Col("Platform"), Col("Jenis"), Col("Proses", INT),
        Col("Proses pertama (WIB)", DATETIME, 17), Col("Proses terakhir (WIB)", DATETIME, 17),
        Col("Gagal", INT), Col("Item minggu ini", INT), Col("Item baru (seluruh proses)", INT),
        Col("Dilewati", INT), Col("Galat item", INT), Col("Tunggu batas API (detik)", INT),
        Col(f"Biaya API ({c.api_cost_currency})", DEC2), Col("Celah", width=50),
    ], [[s.source, s.platform, "impor" if s.kind == "import" else "pengumpulan", s.runs,
         s.first_started, s.last_started, s.runs_failed, s.items_in_week, s.items_new,
         s.items_skipped, s.items_failed, s.rate_limit_wait_seconds, s.api_cost,
         "; ".join(s.gaps)]
        for s in c.sources])

    _sheet(wb, "Akurasi model", [Col("Ukuran"), Col("Nilai", DEC2), Col("Jumlah uji", INT),
                                 Col("Catatan", width=40)],
           [[a.label, a.value, a.n, a.note] for a in c.accuracy]
           + [["Perlu ditinjau manusia (balasan)", None, c.needs_review, ""]]
           + [[f"Kegagalan: {f}", None, None, ""] for f in c.failures])
    return wb


def _turnout_sheets(wb: Workbook, report: WeeklyReport) -> None:
    """The turnout signals: this week per kecamatan, every week in long form, the answers."""
    t = report.turnout
    rows = t.rows + ([t.regency] if t.regency else [])
    n_prev = len(t.history_weeks)

    def shares(r: TurnoutRow) -> list[Any]:
        c, p = r.current, r.previous
        return [
            r.kecamatan, c.replies, c.with_signal, c.share(c.with_signal), c.golput_intent,
            c.share(c.golput_intent), c.cynicism, c.share(c.cynicism), c.voting_barrier,
            c.share(c.voting_barrier), *(c.barriers.get(k, 0) for k in BARRIER_KINDS),
            c.apathetic_other, p.replies, p.share(p.golput_intent), p.share(p.cynicism),
            p.share(p.voting_barrier), r.turnout_2020, r.turnout_2024,
        ]

    _sheet(wb, "Sinyal partisipasi", [
        Col("Kecamatan"), Col("Balasan", INT), Col("Bersinyal", INT), Col("Porsi bersinyal", PCT1),
        Col("Niat golput", INT), Col("Porsi golput", PCT1), Col("Sinis", INT),
        Col("Porsi sinis", PCT1), Col("Hambatan memilih", INT), Col("Porsi hambatan", PCT1),
        *(Col(f"Hambatan: {TURNOUT_LABELS[k]}", INT) for k in BARRIER_KINDS),
        Col("Apatis lainnya", INT), Col(f"Balasan {n_prev} pekan sebelumnya", INT),
        Col("Porsi golput pekan sebelumnya", PCT1), Col("Porsi sinis pekan sebelumnya", PCT1),
        Col("Porsi hambatan pekan sebelumnya", PCT1), Col("Partisipasi 2020", PCT1),
        Col("Partisipasi 2024", PCT1),
    ], [shares(r) for r in rows])

    this_week = f"{report.iso_year}-W{report.iso_week:02d}"
    long: list[list[Any]] = []
    for r in rows:
        for label, c in [*zip(t.history_weeks, r.history, strict=False), (this_week, r.current)]:
            long.append([r.kecamatan, label, c.replies, c.with_signal, c.golput_intent,
                         c.cynicism, c.voting_barrier])
    _sheet(wb, "Sinyal per pekan", [
        Col("Kecamatan"), Col("Pekan"), Col("Balasan", INT), Col("Bersinyal", INT),
        Col("Niat golput", INT), Col("Sinis", INT), Col("Hambatan memilih", INT),
    ], long)

    _sheet(wb, "Jawaban disarankan", [
        Col("Sinyal"), Col("Balasan", INT), Col("Kecamatan", width=40),
        Col("Langkah berikutnya", width=60), Col("Jawaban untuk warga", width=80),
        Col("Batas waktu", DATE, 12), Col("Sisa hari", INT), Col("Batas (kalender)", width=40),
        Col("Sudah lewat", width=40), Col("Dasar", width=60), Col("Status"),
    ], [[a.label, a.replies, ", ".join(f"{k} {n}" for k, n in a.kecamatan), a.action,
         a.answer, a.deadline, a.days_left, a.deadline_label or "", "; ".join(a.passed),
         a.source, DRAFT if not a.confirmed else "dikonfirmasi KPU"]
        for a in t.advice])


def render_xlsx_bytes(report: WeeklyReport) -> bytes:
    buffer = io.BytesIO()
    build_workbook(report).save(buffer)
    return buffer.getvalue()


def write_xlsx(report: WeeklyReport, path: Path) -> Path:
    """Write the report workbook to ``path``."""
    path.write_bytes(render_xlsx_bytes(report))
    return path
