"""Indonesian labels for the tag ids of TAXONOMY.md and number formatting for Indonesian readers."""

from __future__ import annotations

import math

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
