"""HTML rendering of the weekly report: one self-contained file (inline CSS and SVG, no CDN).

Autoescaping is on for everything; only the SVGs this package draws itself (which escape
their own text) and the package's own stylesheet are marked safe. Every value printed passes
through ``shown_text`` first (direction controls neutralised), and every ``href`` through
``safe_url``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from reports import reach
from reports.assemble import short_quote
from reports.charts import ChartError, daily_volume_svg, empty_chart_svg, stage_awareness_svg
from reports.labels import (
    fmt_change,
    fmt_dec,
    fmt_int,
    fmt_pct,
    fmt_signed_pct_points,
    stage_label,
)
from reports.map import NO_DATA_LABEL, choropleth_svg
from reports.model import WIB, FigureKind, Headline, WeeklyReport
from reports.outreach_index import SHRINKAGE_EXPLAINED, OutreachRow
from reports.safe_text import safe_url, shown_text
from reports.turnout_view import turnout_view

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
PLATFORMS = {"x": "X (Twitter)", "facebook": "Facebook", "instagram": "Instagram",
             "file": "berkas impor"}
TOP_ROWS = 10
MAP_LEGEND = "Skor kebutuhan (0–100)"
# The map shown on phones (see report.css): drawn for about 380 px, so its user units are
# close to screen pixels there, with numbers instead of names (31 names cannot be read at
# that size) keyed to a list under it.
PHONE_MAP_WIDTH = 380
PHONE_MAP_FONT = 12.0


def _shown(value: Any) -> Any:
    # Jinja calls this on every {{ value }} before escaping it: no template field can forget.
    if isinstance(value, Markup):
        return Markup(shown_text(str(value)))
    if isinstance(value, str):
        return shown_text(value)
    return value


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(["html", "htm", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )


def _css() -> str:
    return (resources.files("reports") / "templates" / "report.css").read_text(encoding="utf-8")


def date_id(moment: datetime, with_time: bool = False) -> str:
    """'25 November 2024' (or with ', 07.00' WIB time), in Asia/Jakarta."""
    local = moment.astimezone(WIB)
    text = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    return text + f", {local:%H.%M}" if with_time else text


def _hours(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 48:
        return f"{fmt_dec(value, 1)} jam"
    return f"{fmt_dec(value / 24, 1)} hari"


def _headline_view(h: Headline) -> dict[str, str]:
    if h.kind is FigureKind.SHARE:
        value = fmt_pct(h.value, 1)
        delta_num = (h.value - h.previous) if h.value is not None and h.previous is not None \
            else None
        delta = fmt_signed_pct_points(delta_num) if delta_num is not None else "–"
    else:
        value = fmt_int(h.value)
        delta_num = (h.value - h.previous) if h.value is not None and h.previous is not None \
            else None
        delta = fmt_change(h.value, h.previous)
    css = ""
    if delta_num and not delta.startswith("±"):
        worse = (delta_num > 0) == h.higher_is_worse
        css = "worse" if worse else "better"
    prefix = "vs minggu lalu: " if h.previous is not None else ""
    return {"label": h.label, "value": value, "delta": prefix + delta if prefix else
            "minggu lalu: tidak ada data", "css": css}


def _chart(fn: Any, data: Any, title: str) -> Markup:
    try:
        return Markup(fn(data))  # our SVG: its text is escaped
    except ChartError as exc:
        return Markup(empty_chart_svg(title, f"Grafik tidak dapat dibuat: {exc}"))


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    top_rows: int = TOP_ROWS


def build_view(report: WeeklyReport, options: HtmlOptions | None = None) -> dict[str, Any]:
    """Display strings for the template (numbers formatted the Indonesian way)."""
    opts = options or HtmlOptions()
    start, end = report.period
    last_day = end - timedelta(days=1)  # the period end is exclusive
    period_text = f"{start.day} – {date_id(last_day)}" if start.month == last_day.month \
        else f"{date_id(start)} – {date_id(last_day)}"

    def row_view(row: OutreachRow) -> dict[str, Any]:
        if row.turnout_2024 is None:
            turnout = f"{fmt_pct(report.index_settings.fallback_turnout, 1)}*"
        else:
            turnout = fmt_pct(row.turnout_2024, 1) + ("†" if row.turnout_is_estimate else "")
        ranked = row.rank is not None
        return {
            "rank": row.rank if ranked else "–", "kecamatan": row.kecamatan,
            "has_data": row.has_data,
            "score": fmt_dec(row.score, 0) if ranked else "–",
            "band": f"{fmt_dec(row.score_low, 0)}–{fmt_dec(row.score_high, 0)}" if ranked else "–",
            "replies": fmt_int(row.replies),
            "need": _raw_and_shrunk(row.need_share_raw, row.components["need_share"]),
            "negative": _raw_and_shrunk(row.negative_share_raw, row.components["negative_share"]),
            "reach_gap": fmt_pct(row.components["reach_gap"]) if ranked else "–",
            "turnout": turnout,
            "reasons": row.reasons,
            "topics": [{"text": t.text, "step": t.step} for t in row.topics],
            "no_topic": row.no_topic_reason,
            "examples": [short_quote(t, 90) for t in row.top_topics[:2]],
        }

    s = report.index_settings
    total_w = (s.weight_need_share + s.weight_negative_share + s.weight_reach_gap
               + s.weight_turnout_gap)
    c = report.completeness
    ranked = report.ranked
    return {
        "period_text": period_text,
        "generated_text": date_id(report.generated_at, with_time=True),
        "is_empty": report.current.replies == 0,
        "headline": [_headline_view(h) for h in report.headline],
        "views_note": report.views_note,
        "band_pct": fmt_pct(s.band_level),
        "shrinkage": SHRINKAGE_EXPLAINED,
        "top_rows": [row_view(r) for r in ranked[: opts.top_rows]],
        "n_ranked": len(ranked),
        "quiet_rows": [row_view(r) for r in report.without_signal],
        "all_rows": [row_view(r) for r in report.index],
        "map_svg": Markup(choropleth_svg(  # map.py escapes every name
            report.map_values, title=report.map_title, legend_title=MAP_LEGEND)),
        "map_phone_svg": Markup(choropleth_svg(
            report.map_values, title=report.map_title, legend_title=MAP_LEGEND,
            width=PHONE_MAP_WIDTH, font_size=PHONE_MAP_FONT, labels=map_numbers(report),
            pattern_id="nodata-phone")),
        "map_key": [{"number": n, "kecamatan": r.kecamatan,
                     "score": fmt_dec(r.score, 0) if r.rank is not None else NO_DATA_LABEL.lower()}
                    for n, r in enumerate(report.index, start=1)],
        "turnout": turnout_view(report.turnout),
        "daily_svg": _chart(daily_volume_svg, report.daily, "Volume harian dan sentimen"),
        "matrix_svg": _chart(stage_awareness_svg, report.stage_awareness,
                             "Tahapan × tingkat pemahaman"),
        "unanswered": [{
            "quote": q.quote, "handle": q.handle,
            "platform": PLATFORMS.get(q.platform, q.platform),
            "kecamatan": q.kecamatan or "tidak diketahui", "age": _hours(q.age_hours),
            "url": safe_url(q.url), "post_url": safe_url(q.post_url),
            "stage": stage_label(q.stage) if q.stage else None,
        } for q in report.unanswered],
        "rumours": [{
            "quote": m.quote, "evidence": m.evidence, "correction": m.correction,
            "url": safe_url(m.correction_url), "occurrences": fmt_int(m.occurrences),
            "kecamatan": ", ".join(m.kecamatan),
        } for m in report.rumours],
        "own_posts": [{
            "snippet": p.snippet, "platform": PLATFORMS.get(p.platform, p.platform),
            "posted": date_id(p.posted_at, with_time=True), "replies": fmt_int(p.replies),
            "engagement": fmt_int(p.engagement),
            "views": fmt_int(p.views) if p.views is not None else reach.NOT_MEASURED,
            "first_answer": _hours(p.hours_to_first_answer) if p.hours_to_first_answer
            is not None else "belum dijawab", "url": safe_url(p.url),
        } for p in report.own_posts],
        "views_label": reach.SHORT_LABEL,
        "completeness_summary": c.summary,
        "sources": [{
            "source": src.source,
            "platform": ", ".join(PLATFORMS.get(p, p) for p in src.platform.split(",")),
            "kind": "impor" if src.kind == "import" else "pengumpulan",
            "runs": fmt_int(src.runs), "runs_failed": fmt_int(src.runs_failed),
            "when": _run_span(src.first_started, src.last_started),
            "items_in_week": fmt_int(src.items_in_week),
            "items_new": fmt_int(src.items_new), "items_skipped": fmt_int(src.items_skipped),
            "items_failed": fmt_int(src.items_failed),
            "wait": _minutes(src.rate_limit_wait_seconds),
            "cost": f"{fmt_dec(src.api_cost, 2)} {c.api_cost_currency}", "gaps": src.gaps,
        } for src in c.sources],
        "total_wait": _minutes(c.rate_limit_wait_seconds),
        "total_cost": f"{fmt_dec(c.api_cost, 2)} {c.api_cost_currency}",
        "needs_review": fmt_int(c.needs_review),
        "failures": c.failures,
        "model_name": c.model_name,
        "accuracy": [{"label": a.label, "value": fmt_dec(a.value, 2), "n": fmt_int(a.n),
                      "note": a.note} for a in c.accuracy],
        "weights": {
            "need": fmt_pct(s.weight_need_share / total_w),
            "negative": fmt_pct(s.weight_negative_share / total_w),
            "reach": fmt_pct(s.weight_reach_gap / total_w),
            "turnout": fmt_pct(s.weight_turnout_gap / total_w),
        },
    }


def map_numbers(report: WeeklyReport) -> dict[str, str]:
    """The phone map's labels: each kecamatan's place in the index (its rank when ranked),
    keyed to the list printed under that map."""
    return {r.kecamatan: str(n) for n, r in enumerate(report.index, start=1)}


def _raw_and_shrunk(raw: float | None, shrunk: float) -> str:
    return f"{fmt_pct(raw)} → {fmt_pct(shrunk)}" if raw is not None else "–"


def _run_span(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return "–"
    a, b = (m.astimezone(WIB).strftime("%d-%m-%Y %H.%M") for m in (first, last))
    return a if a == b else f"{a} – {b}"


def _minutes(seconds: float) -> str:
    return f"{fmt_dec(seconds / 60.0, 0)} menit"


def render_html(report: WeeklyReport, options: HtmlOptions | None = None) -> str:
    """The report as one self-contained HTML document."""
    template = _env().get_template("weekly_report.html")
    return template.render(r=report, v=build_view(report, options), css=Markup(_css()))
