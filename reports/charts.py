"""Report charts as SVG, drawn by Vega-Lite through vl-convert (offline, data inline).

``allowed_base_urls=[]`` makes any spec that tries to load data from a URL fail loudly
instead of silently rendering an empty chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from reports.labels import AWARENESS_LABELS, SENTIMENT_LABELS, STAGE_LABELS, stage_label
from reports.model import DailyVolume, MatrixCell

FONT = "DejaVu Sans"
_DAY_NAMES = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
# Sentiment colours differ in lightness too, so the stacks stay apart in greyscale print.
_SENTIMENT_COLOURS = {"Positif": "#5b8fc9", "Netral": "#d5d5d5", "Negatif": "#a3341f"}


class ChartError(RuntimeError):
    """vl-convert is missing or failed; the report shows a text fallback instead."""


def _render(spec: dict[str, Any]) -> str:
    try:
        import vl_convert as vlc
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ChartError("vl-convert-python tidak terpasang") from exc
    try:
        return str(vlc.vegalite_to_svg(spec, allowed_base_urls=[]))
    except Exception as exc:
        raise ChartError(f"grafik gagal dibuat: {exc}") from exc


def _base(title: str, width: int, height: int) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "anchor": "start", "fontSize": 14, "font": FONT},
        "width": width,
        "height": height,
        "background": "white",
        "config": {
            "font": FONT,
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelFont": FONT,
                     "titleFont": FONT},
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "labelFont": FONT,
                       "titleFont": FONT, "orient": "bottom"},
            "view": {"stroke": None},
        },
    }


def empty_chart_svg(title: str, message: str = "Belum ada data minggu ini", width: int = 640,
                    height: int = 120) -> str:
    """A placeholder with the chart's title and a sentence saying why it is empty."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'role="img" aria-label="{escape(title)}" font-family="{FONT}, sans-serif">'
        f'<text x="0" y="18" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>'
        f'<rect x="0.5" y="30.5" width="{width - 1}" height="{height - 31}" fill="#fafafa" '
        'stroke="#cccccc" stroke-dasharray="4 3"/>'
        f'<text x="{width / 2}" y="{30 + (height - 30) / 2 + 5}" text-anchor="middle" '
        f'font-size="13" fill="#555">{escape(message)}</text></svg>'
    )


def daily_volume_svg(days: Sequence[DailyVolume], title: str = "Volume harian dan sentimen",
                     width: int = 620, height: int = 220) -> str:
    """Stacked bars of replies per day, split by sentiment."""
    if not days or all(d.total == 0 for d in days):
        return empty_chart_svg(title)
    rows = []
    for d in days:
        label = f"{_DAY_NAMES[d.day.weekday()]} {d.day.day}/{d.day.month}"
        for key, count in (("negative", d.negative), ("neutral", d.neutral),
                           ("positive", d.positive)):
            rows.append({"hari": label, "urut": d.day.isoformat(),
                         "sentimen": SENTIMENT_LABELS[key], "jumlah": count})
    order = [SENTIMENT_LABELS[k] for k in ("negative", "neutral", "positive")]
    spec = _base(title, width, height)
    spec.update({
        "data": {"values": rows},
        "mark": {"type": "bar", "stroke": "white", "strokeWidth": 0.5},
        "encoding": {
            "x": {"field": "hari", "type": "ordinal", "title": None,
                  "sort": {"field": "urut"}, "axis": {"labelAngle": 0}},
            "y": {"field": "jumlah", "type": "quantitative", "title": "Balasan",
                  "axis": {"format": ",d", "tickMinStep": 1}},
            "color": {"field": "sentimen", "type": "nominal", "title": "Sentimen",
                      "scale": {"domain": order,
                                "range": [_SENTIMENT_COLOURS[s] for s in order]}},
            "order": {"field": "urut_sentimen", "type": "quantitative"},
            "tooltip": [{"field": "hari"}, {"field": "sentimen"}, {"field": "jumlah"}],
        },
        "transform": [{"calculate": f"indexof({order!r}, datum.sentimen)",
                       "as": "urut_sentimen"}],
    })
    # Indonesian thousands separator in the axis labels.
    spec["config"]["locale"] = {"number": {"decimal": ",", "thousands": ".",
                                           "grouping": [3], "currency": ["Rp", ""]}}
    return _render(spec)


def stage_awareness_svg(cells: Sequence[MatrixCell],
                        title: str = "Tahapan × tingkat pemahaman",
                        width: int = 420, height: int = 260) -> str:
    """Heatmap of replies per stage (rows) and awareness (columns), with counts printed."""
    cells = [c for c in cells if c.count > 0]
    if not cells:
        return empty_chart_svg(title)
    # Stages in calendar order (the order of STAGE_LABELS), unknown ids last.
    known_order = list(STAGE_LABELS)
    stages = sorted({c.stage for c in cells},
                    key=lambda s: (known_order.index(s) if s in known_order else 99, s))
    aware_order = [a for a in ("informed", "asking", "misinformed", "apathetic", "none")
                   if any(c.awareness == a for c in cells)]
    values = [{"tahapan": stage_label(c.stage), "pemahaman": AWARENESS_LABELS.get(c.awareness,
               c.awareness), "jumlah": c.count} for c in cells]
    max_count = max(c.count for c in cells)
    spec = _base(title, width, max(height, 30 * len(stages)))
    spec.update({
        "data": {"values": values},
        "encoding": {
            "y": {"field": "tahapan", "type": "nominal", "title": None,
                  "sort": [stage_label(s) for s in stages], "axis": {"labelLimit": 260}},
            "x": {"field": "pemahaman", "type": "nominal", "title": None,
                  "sort": [AWARENESS_LABELS.get(a, a) for a in aware_order],
                  "axis": {"orient": "top", "labelAngle": 0}},
        },
        "layer": [
            {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
             "encoding": {"color": {"field": "jumlah", "type": "quantitative",
                                    "title": "Balasan",
                                    "scale": {"scheme": "greys", "domainMin": 0},
                                    "legend": None}}},
            {"mark": {"type": "text", "fontSize": 11},
             "encoding": {
                 "text": {"field": "jumlah", "type": "quantitative", "format": ",d"},
                 "color": {"condition": {"test": f"datum.jumlah > {max_count * 0.55}",
                                         "value": "white"}, "value": "#111"}}},
        ],
    })
    spec["config"]["locale"] = {"number": {"decimal": ",", "thousands": ".",
                                           "grouping": [3], "currency": ["Rp", ""]}}
    return _render(spec)
