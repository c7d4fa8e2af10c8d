"""Indonesian labels for the tag ids of TAXONOMY.md and number formatting for Indonesian readers."""

from __future__ import annotations

import math
from datetime import date

STAGE_LABELS: dict[str, str] = {
    "pemutakhiran_data": "Pemutakhiran data pemilih (DPT)",
    "pencalonan": "Pencalonan",
    "kampanye": "Kampanye",
    "masa_tenang": "Masa tenang",
    "pemungutan_suara": "Pemungutan suara",
    "penghitungan_rekapitulasi": "Penghitungan & rekapitulasi",
    "penetapan": "Penetapan calon terpilih",
    "none": "Tidak terkait tahapan",
}

AWARENESS_LABELS: dict[str, str] = {
    "informed": "Paham",
    "asking": "Bertanya",
    "misinformed": "Salah paham",
    "apathetic": "Apatis",
    "none": "Tanpa sinyal",
}

SENTIMENT_LABELS: dict[str, str] = {
    "positive": "Positif",
    "neutral": "Netral",
    "negative": "Negatif",
}


def stage_label(stage_id: str) -> str:
    """Readable name of a stage id; unknown ids (from a newer calendar) are shown as they are."""
    return STAGE_LABELS.get(stage_id, stage_id.replace("_", " ").capitalize())


def fmt_int(value: float | int | None) -> str:
    """1234567 -> '1.234.567' (Indonesian thousands separator); None -> '–'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{round(value):,}".replace(",", ".")


def fmt_dec(value: float | None, digits: int = 1) -> str:
    """1234.5 -> '1.234,5' (decimal comma, thousands dot)."""
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_pct(fraction: float | None, digits: int = 0) -> str:
    """0.385 -> '39%' (digits=0) or '38,5%' (digits=1); None -> '–'."""
    if fraction is None or not math.isfinite(fraction):
        return "–"
    return fmt_dec(fraction * 100.0, digits) + "%"


def fmt_signed_pct_points(delta: float | None, digits: int = 1) -> str:
    """A change of a share in percentage points: 0.031 -> '+3,1 poin'."""
    if delta is None or not math.isfinite(delta):
        return "–"
    shown = fmt_dec(abs(delta) * 100.0, digits)
    if float(shown.replace(".", "").replace(",", ".")) == 0:
        return f"±{shown} poin"  # a change that rounds to zero has no direction
    sign = "+" if delta > 0 else "−"
    return f"{sign}{shown} poin"


def fmt_change(current: float | None, previous: float | None) -> str:
    """Relative change of a count: (120, 100) -> '+20%'; no previous figure -> 'baru'."""
    if current is None or previous is None:
        return "–"
    if previous == 0:
        return "±0%" if current == 0 else "baru"
    change = (current - previous) / previous
    shown = fmt_dec(abs(change) * 100.0, 0)
    if shown == "0":
        return "±0%"
    sign = "+" if change > 0 else "−"
    return f"{sign}{shown}%"


#: The turnout signals of TAXONOMY.md (flags ``golput_intent``, ``cynicism``; the ``barrier``
#: kinds of ``voting_barrier``), in the order the report lists them.
SIGNAL_KINDS: tuple[str, ...] = ("golput_intent", "cynicism")
BARRIER_KINDS: tuple[str, ...] = (
    "not_registered", "away_from_home", "no_invitation", "no_id_card", "work_or_health",
    "tps_access",
)
TURNOUT_KINDS: tuple[str, ...] = SIGNAL_KINDS + BARRIER_KINDS

#: Short names for table headers and topics.
TURNOUT_LABELS: dict[str, str] = {
    "golput_intent": "Niat golput",
    "cynicism": "Sinis terhadap politik",
    "not_registered": "Tidak terdaftar di DPT",
    "away_from_home": "Bekerja/kuliah di luar daerah",
    "no_invitation": "Belum menerima undangan",
    "no_id_card": "Tidak punya KTP-el",
    "work_or_health": "Bekerja atau sakit pada hari pemungutan",
    "tps_access": "TPS sulit dijangkau",
}

#: What the replies say, for a sentence "12 balasan dari Sumberjambe <phrase>: <action>".
TURNOUT_SAID: dict[str, str] = {
    "golput_intent": "menyatakan tidak akan memilih (golput)",
    "cynicism": "bernada sinis terhadap politik (semua calon sama, hanya janji)",
    "not_registered": "menyebut namanya tidak terdaftar di DPT",
    "away_from_home": "menyebut bekerja atau kuliah di luar daerah",
    "no_invitation": "menyebut belum menerima undangan memilih",
    "no_id_card": "menyebut tidak punya atau kehilangan KTP-el",
    "work_or_health": "menyebut harus bekerja atau sedang sakit pada hari pemungutan suara",
    "tps_access": "menyebut TPS jauh atau sulit dijangkau",
}

MONTHS_ID: tuple[str, ...] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)
WEEKDAYS_ID: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def fmt_day(day: date, weekday: bool = False) -> str:
    """date(2024, 11, 20) -> '20 November 2024' (or 'Rabu, 20 November 2024')."""
    text = f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"
    return f"{WEEKDAYS_ID[day.weekday()]}, {text}" if weekday else text


def fmt_days_left(days: int) -> str:
    """How far a deadline is, counted in local calendar days: '6 hari lagi', 'hari ini'."""
    if days > 1:
        return f"{days} hari lagi"
    if days == 1:
        return "besok hari terakhir"
    if days == 0:
        return "hari ini hari terakhir"
    return f"sudah lewat {-days} hari"
