"""The map's kecamatan names can be read: in the SVG, on a 400 px phone, and in the PDF.

A label is readable when its glyphs are painted in a dark colour over a white halo and are big
enough where they are shown. These tests read that back from what the renderers produce (the
SVG elements in paint order, the page's CSS, the PDF's content stream), because the fault they
guard against (names white on white in the PDF) came from a renderer ignoring ``paint-order``,
which no look at the template shows.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from reports.baseline import official_kecamatan
from reports.map import choropleth_svg
from reports.render_html import render_html
from reports.render_pdf import PdfUnavailableError, render_pdf_bytes
from reports.sample_report import sample_report

SVG = "{http://www.w3.org/2000/svg}"
NAMES = set(official_kecamatan())
MIN_PHONE_PX = 10.0  # smallest label size a phone reader can be asked to read
MIN_DESKTOP_PX = 11.0
WCAG_AA = 4.5


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (channels 0..1)."""

    def luminance(rgb: tuple[float, float, float]) -> float:
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _painted_labels(svg: str) -> list[dict[str, Any]]:
    """Every label text of the map in paint order, with the paint it inherits from its group."""
    root = ET.fromstring(svg)
    out = []
    for group in root.iter(f"{SVG}g"):
        for text in group.findall(f"{SVG}text"):
            out.append({
                "text": text.text, "x": text.get("x"), "y": text.get("y"),
                "fill": text.get("fill", group.get("fill")),
                "stroke": text.get("stroke", group.get("stroke")),
                "stroke_width": float(text.get("stroke-width", group.get("stroke-width")) or 0),
                "font": float(text.get("font-size", group.get("font-size")) or 0),
                "paint_order": text.get("paint-order", group.get("paint-order")),
            })
    return out


def check_labels(svg: str, expected: set[str]) -> list[dict[str, Any]]:
    """Each expected label is drawn last in a dark fill with no stroke over its glyphs, on top
    of a white halo at the same spot (what every renderer paints the same way)."""
    labels = [lab for lab in _painted_labels(svg) if lab["text"] in expected]
    for name in expected:
        at_spot = [lab for lab in labels if lab["text"] == name]
        assert len(at_spot) >= 2, f"{name}: no halo under the label"
        top, halos = at_spot[-1], at_spot[:-1]
        assert top["stroke"] in (None, "none") or top["stroke_width"] == 0, (
            f"{name}: a stroke over the glyphs (renderers without paint-order draw it on top)")
        for halo in halos:
            assert (halo["x"], halo["y"]) == (top["x"], top["y"])
            assert halo["stroke_width"] >= 2 and halo["stroke"] == halo["fill"]
            assert contrast(_rgb(top["fill"]), _rgb(halo["stroke"])) >= WCAG_AA, name
    return labels


def test_every_kecamatan_name_is_dark_on_a_halo_in_the_svg() -> None:
    values = {name: float(i) for i, name in enumerate(sorted(NAMES))}
    labels = check_labels(choropleth_svg(values, title="Peta"), NAMES)
    assert {lab["text"] for lab in labels} >= NAMES


def _css_block(css: str, media: str) -> str:
    start = css.index(media)
    depth, i = 0, css.index("{", start)
    for j in range(i, len(css)):
        depth += {"{": 1, "}": -1}.get(css[j], 0)
        if depth == 0:
            return css[i + 1 : j]
    raise AssertionError(f"unclosed {media}")


def _rule(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, selector
    return match.group(1)


def _px(declarations: str, prop: str) -> float:
    match = re.search(rf"(?<![-\w]){prop}\s*:\s*([\d.]+)px", declarations)
    assert match, (prop, declarations)
    return float(match.group(1))


def _figure_svg(html: str, css_class: str) -> str:
    match = re.search(rf'<div class="figure {css_class}">\s*(<svg.*?</svg>)', html, re.S)
    assert match, css_class
    return match.group(1)


def _viewbox_width(svg: str) -> float:
    match = re.search(r'viewBox="0 0 ([\d.]+) ', svg)
    assert match
    return float(match.group(1))


def test_html_map_labels_are_readable_at_400_and_1200_px() -> None:
    report = sample_report()
    html = render_html(report)
    css = html[html.index("<style>") : html.index("</style>")]
    phone_css = _css_block(css, "@media screen and (max-width: 680px)")
    # Phones show the numbered map and hide the one with names; other screens the reverse.
    assert "display: none" in _rule(phone_css, ".map-wide")
    assert "display: block" in _rule(phone_css, ".map-phone")
    assert "display: none" in _rule(css.replace(phone_css, ""), ".map-phone")

    # At 400 px the map is as wide as the page minus its padding.
    phone = _figure_svg(html, "map-phone")
    phone_width = 400 - 2 * _px(_rule(phone_css, ".page"), "padding")
    scale = phone_width / _viewbox_width(phone)
    numbers = {str(n) for n in range(1, 32)}
    labels = check_labels(phone, numbers)
    assert min(lab["font"] for lab in labels) * scale >= MIN_PHONE_PX
    # The numbers are the index order, and the list under the map names every kecamatan.
    key = re.search(r'<ol class="map-key">(.*?)</ol>', html, re.S)
    assert key
    listed = re.findall(r"<li>([^<(]+?) <span", key.group(1))
    assert listed == [row.kecamatan for row in report.index] and set(listed) == NAMES

    # At 1200 px the page is at most 1040 px wide with 22 px of padding.
    wide = _figure_svg(html, "map-wide")
    page = _rule(css.split("@media")[0], ".page")
    wide_width = min(1200, _px(page, "max-width")) - 2 * 22
    labels = check_labels(wide, NAMES)
    assert min(lab["font"] for lab in labels) * wide_width / _viewbox_width(wide) >= (
        MIN_DESKTOP_PX)


def _pdf_text_runs(pdf: bytes) -> list[list[dict[str, Any]]]:
    """Per page, every shown text with the fill, stroke and rendering mode it is painted in."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        state: dict[str, Any] = {"fill": (0.0, 0.0, 0.0), "stroke": None, "mode": 0}
        stack: list[dict[str, Any]] = []
        runs: list[dict[str, Any]] = []

        def before(op: Any, args: Any, cm: Any, tm: Any, state: Any = state,
                   stack: Any = stack) -> None:
            op = op.decode() if isinstance(op, bytes) else op
            if op == "q":
                stack.append(dict(state))
            elif op == "Q" and stack:
                state.update(stack.pop())
            elif op == "rg":
                state["fill"] = tuple(float(a) for a in args)
            elif op == "g":
                state["fill"] = (float(args[0]),) * 3
            elif op == "RG":
                state["stroke"] = tuple(float(a) for a in args)
            elif op == "G":
                state["stroke"] = (float(args[0]),) * 3
            elif op == "Tr":
                state["mode"] = int(args[0])

        def shown(text: str, cm: Any, tm: Any, font: Any, size: Any, runs: Any = runs,
                  state: Any = state) -> None:
            if text.strip():
                runs.append({"text": text.strip(), "at": (round(tm[4], 1), round(tm[5], 1)),
                             **state})

        page.extract_text(visitor_operand_before=before, visitor_text=shown)
        pages.append(runs)
    return pages


def test_pdf_map_names_are_painted_dark_over_their_halo() -> None:
    try:
        pdf = render_pdf_bytes(sample_report())
    except PdfUnavailableError as exc:  # a missing system library, nothing else
        pytest.skip(f"PDF not available here: {exc}")
    pages = _pdf_text_runs(pdf)
    # The map page: the one where names are painted twice at one spot (halo, then name).
    def doubled(runs: list[dict[str, Any]]) -> set[str]:
        spots = [(r["text"], r["at"]) for r in runs if r["text"] in NAMES]
        return {name for name, at in spots if spots.count((name, at)) >= 2}

    map_page = max(pages, key=lambda runs: len(doubled(runs)))
    assert doubled(map_page) == NAMES, "every kecamatan named on the map, over a halo"
    for name in NAMES:
        spot = next(r["at"] for r in map_page if r["text"] == name
                    and sum(1 for o in map_page if (o["text"], o["at"]) == (name, r["at"])) >= 2)
        painted = [r for r in map_page if (r["text"], r["at"]) == (name, spot)]
        top, halo = painted[-1], painted[0]
        # Mode 0 fills the glyphs only; 1 and 2 also stroke them, which covers a dark fill.
        assert top["mode"] == 0, f"{name}: glyphs stroked over their fill (mode {top['mode']})"
        assert halo["mode"] in (1, 2) and halo["stroke"] == (1.0, 1.0, 1.0)
        assert contrast(top["fill"], (1.0, 1.0, 1.0)) >= WCAG_AA, (name, top["fill"])
