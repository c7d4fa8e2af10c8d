"""Choropleth map of Jember's 31 kecamatan as a self-contained SVG (no tiles, no network).

The projection is equirectangular with the longitude scaled by cos(latitude): at 8° south
over a 60 km wide regency the distortion is far below what a reader could see.
Colours are a single-hue ramp whose lightness falls steadily, so the classes stay apart
when the report is printed in greyscale; kecamatan without data are hatched.

Labels are dark text on a white halo, drawn as two text elements: the halo copy (a wide white
stroke) first, the dark text without any stroke on top. One element with ``paint-order:
stroke`` would be simpler, but renderers that ignore ``paint-order`` (WeasyPrint, so every PDF)
paint the white stroke over the glyphs and the names come out white on white.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, shape
from shapely.ops import polylabel

from reports.labels import fmt_dec

# Light to dark; each step is clearly darker in greyscale (relative luminance ~0.90 -> 0.07).
PALETTE = ("#fdf0d2", "#f9c77e", "#ea8d3f", "#b9541f", "#6b2410")
NO_DATA_LABEL = "Tanpa balasan"
LABEL_FILL = "#111111"
HALO_COLOUR = "#ffffff"
HALO_WIDTH = 3.0
LABEL_FONT = 10.0  # user units; the report draws the map 688-996 px wide for a 760 viewBox
TITLE_FONT = 15.0
LEGEND_FONT = 10.0


@dataclass(frozen=True, slots=True)
class KecamatanShape:
    name: str
    code: str
    rings: list[list[tuple[float, float]]]  # lng, lat
    label_at: tuple[float, float]  # lng, lat, inside the polygon


def default_geojson_path() -> Path:
    return Path(str(resources.files("config") / "jember" / "kecamatan.geojson"))


def load_shapes(path: Path | None = None) -> list[KecamatanShape]:
    """Kecamatan outlines from the shipped GeoJSON (or another file with the same properties)."""
    data = json.loads((path or default_geojson_path()).read_text(encoding="utf-8"))
    shapes: list[KecamatanShape] = []
    for feature in data["features"]:
        props = feature["properties"]
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [[(float(x), float(y)) for x, y, *_ in ring] for poly in polygons for ring in poly]
        geometry = shape(geom)
        # The label goes at the pole of inaccessibility of the largest part, which always
        # lies inside the polygon (a centroid can fall outside a crescent-shaped kecamatan).
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        point = polylabel(largest, tolerance=0.0005)
        shapes.append(KecamatanShape(str(props["kecamatan"]), str(props.get("kecamatan_code", "")),
                                     rings, (point.x, point.y)))
    return shapes


# Outline detail finer than this (in drawing units: half a pixel where the map is shown)
# is dropped from the shipped outlines: it cannot be seen under the 0.9-unit borders, and it
# was half of the report's HTML (two maps) and of the PDF's parsing time.
SIMPLIFY_UNITS = 0.5


@functools.cache
def _shipped_outlines() -> tuple[KecamatanShape, ...]:
    return tuple(load_shapes())  # polylabel over 31 outlines: once per process


@functools.cache
def _simplified(tolerance: float) -> tuple[KecamatanShape, ...]:
    """The shipped outlines without detail below ``tolerance`` degrees (labels unchanged)."""
    out = []
    for shp in _shipped_outlines():
        rings = []
        for ring in shp.rings:
            simple = list(LineString(ring).simplify(tolerance).coords)
            rings.append(simple if len(simple) >= 4 else ring)  # keep specks as they are
        out.append(KecamatanShape(shp.name, shp.code, rings, shp.label_at))
    return tuple(out)


def _shipped_shapes(width: int) -> list[KecamatanShape]:
    scale = _Projection(_shipped_outlines(), width, margin=14).scale
    return list(_simplified(round(SIMPLIFY_UNITS / scale, 7)))


def class_breaks(values: Sequence[float], classes: int = len(PALETTE)) -> list[float]:
    """Equal-interval upper bounds over the data range (a single value gives one class)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if math.isclose(low, high):
        return [high]
    step = (high - low) / classes
    return [low + step * (i + 1) for i in range(classes)]


def _class_of(value: float, breaks: Sequence[float]) -> int:
    for i, upper in enumerate(breaks):
        if value <= upper + 1e-9:
            return i
    return len(breaks) - 1


def _palette_for(n_classes: int) -> list[str]:
    if n_classes <= 0:
        return []
    if n_classes >= len(PALETTE):
        return list(PALETTE)
    # Spread the chosen colours over the whole ramp so few classes still contrast.
    idx = [round(i * (len(PALETTE) - 1) / max(1, n_classes - 1)) for i in range(n_classes)]
    return [PALETTE[i] for i in idx] if n_classes > 1 else [PALETTE[2]]


class _Projection:
    def __init__(self, shapes: Sequence[KecamatanShape], width: float, margin: float) -> None:
        lngs = [x for s in shapes for ring in s.rings for x, _ in ring]
        lats = [y for s in shapes for ring in s.rings for _, y in ring]
        self.min_lng, self.max_lat = min(lngs), max(lats)
        self.kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x = (max(lngs) - self.min_lng) * self.kx
        span_y = self.max_lat - min(lats)
        self.scale = (width - 2 * margin) / span_x
        self.margin = margin
        self.height = span_y * self.scale + 2 * margin

    def __call__(self, lng: float, lat: float) -> tuple[float, float]:
        x = (lng - self.min_lng) * self.kx * self.scale + self.margin
        y = (self.max_lat - lat) * self.scale + self.margin
        return x, y


def _path_data(rings: Sequence[Sequence[tuple[float, float]]], proj: _Projection) -> str:
    parts = []
    for ring in rings:
        pts = [proj(x, y) for x, y in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def _place_labels(
    items: Sequence[tuple[str, float, float]], font: float
) -> list[tuple[str, float, float]]:
    """Nudge labels up or down until their boxes stop overlapping (greedy, largest first)."""
    placed: list[tuple[str, float, float, float, float]] = []  # text, x, y, half_w, half_h
    out = []
    for text, x, y in items:
        half_w, half_h = len(text) * font * 0.29, font * 0.62
        for dy in (0, -font, font, -2 * font, 2 * font, -3 * font, 3 * font):
            cy = y + dy
            if all(abs(x - px) >= half_w + pw or abs(cy - py) >= half_h + ph
                   for _, px, py, pw, ph in placed):
                break
        else:
            cy = y
        placed.append((text, x, cy, half_w, half_h))
        out.append((text, x, cy))
    return out


def choropleth_svg(
    values: Mapping[str, float | None],
    *,
    title: str,
    legend_title: str = "Skor",
    value_format: Callable[[float], str] = lambda v: fmt_dec(v, 0),
    shapes: Sequence[KecamatanShape] | None = None,
    width: int = 760,
    labels: Mapping[str, str] | None = None,
    font_size: float = LABEL_FONT,
    pattern_id: str = "nodata",
) -> str:
    """An SVG choropleth of ``values`` (kecamatan name -> value; None or absent = no data).

    ``labels`` replaces the name written on a kecamatan (e.g. a number keyed to a list, for a
    map drawn small); a kecamatan absent from it keeps its name. ``pattern_id`` names the
    hatch pattern: two maps in one page need two ids (a hidden map's pattern does not paint).
    """
    no_data = f"url(#{pattern_id})"
    shapes = list(shapes) if shapes is not None else _shipped_shapes(width)
    proj = _Projection(shapes, width, margin=14)
    known = [v for v in values.values() if v is not None and math.isfinite(v)]
    breaks = class_breaks(known)
    colours = _palette_for(len(breaks))
    legend_h = 28 + 34 * _legend_rows(len(colours) + 1, width)  # + the no-data entry
    top = TITLE_FONT + 19
    height = proj.height + top + legend_h

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" '
        f'width="100%" role="img" aria-label="{escape(title)}" '
        'font-family="DejaVu Sans, Arial, Helvetica, sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<defs><pattern id="{escape(pattern_id)}" width="6" height="6" '
        'patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="1.6"/></pattern></defs>',
        f'<text x="{width / 2:.0f}" y="{TITLE_FONT + 7:.0f}" text-anchor="middle" '
        f'font-size="{TITLE_FONT:g}" font-weight="bold" fill="#222">{escape(title)}</text>',
        f'<g transform="translate(0,{top:g})">',
    ]
    placed_labels: list[tuple[float, str, float, float]] = []
    for shp in shapes:
        value = values.get(shp.name)
        if value is not None and math.isfinite(value):
            fill, shown = colours[_class_of(value, breaks)], value_format(value)
        else:
            fill, shown = no_data, NO_DATA_LABEL
        out.append(
            f'<path d="{_path_data(shp.rings, proj)}" fill="{fill}" fill-rule="evenodd" '
            f'stroke="#ffffff" stroke-width="0.9" data-kecamatan="{escape(shp.name)}">'
            f"<title>{escape(shp.name)}: {escape(shown)}</title></path>"
        )
        lx, ly = proj(*shp.label_at)
        area = sum(abs(_ring_area(r)) for r in shp.rings)
        text = (labels or {}).get(shp.name, shp.name)
        placed_labels.append((area, text, lx, ly))
    out.append("</g>")
    placed_labels.sort(reverse=True)
    spots = _place_labels([(n, x, y) for _, n, x, y in placed_labels], font_size)
    common = f'transform="translate(0,{top:g})" font-size="{font_size:g}" text-anchor="middle"'
    # The halo first (hidden from screen readers: it repeats the names), the names on top.
    out.append(f'<g class="map-label-halo" aria-hidden="true" {common} fill="{HALO_COLOUR}" '
               f'stroke="{HALO_COLOUR}" stroke-width="{HALO_WIDTH:g}" stroke-linejoin="round">')
    out.extend(_label_texts(spots, font_size))
    out.append("</g>")
    out.append(f'<g class="map-label" {common} fill="{LABEL_FILL}">')
    out.extend(_label_texts(spots, font_size))
    out.append("</g>")
    out.append(_legend(breaks, colours, known, legend_title, value_format,
                       y=proj.height + top + 8, width=width, no_data=no_data))
    out.append("</svg>")
    return "".join(out)


def _label_texts(spots: Sequence[tuple[str, float, float]], font: float) -> list[str]:
    return [f'<text x="{x:.1f}" y="{y + font * 0.35:.1f}">{escape(text)}</text>'
            for text, x, y in spots]


def _ring_area(ring: Sequence[tuple[float, float]]) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))


_BOX_W, _BOX_H, _GAP = 86, 14, 4


def _per_row(width: int) -> int:
    return max(1, int((width - 16) // (_BOX_W + _GAP)))


def _legend_rows(entries: int, width: int) -> int:
    return -(-entries // _per_row(width))


def _legend(
    breaks: Sequence[float],
    colours: Sequence[str],
    known: Sequence[float],
    legend_title: str,
    fmt: Callable[[float], str],
    *,
    y: float,
    width: int,
    no_data: str,
) -> str:
    entries: list[tuple[str, str]] = []
    lower = min(known) if known else 0.0
    for colour, upper in zip(colours, breaks, strict=True):
        label = fmt(upper) if math.isclose(lower, upper) else f"{fmt(lower)}–{fmt(upper)}"
        entries.append((colour, label))
        lower = upper
    entries.append((no_data, NO_DATA_LABEL))
    # A narrow map wraps its legend onto more rows instead of running off the drawing.
    per_row = _per_row(width)
    row_w = min(len(entries), per_row) * (_BOX_W + _GAP)
    x0 = max(8.0, (width - row_w) / 2)
    parts: list[str] = [
        f'<g transform="translate({x0:.0f},{y:.0f})" font-size="{LEGEND_FONT:g}" fill="#222">',
        f'<text x="0" y="10" font-weight="bold">{escape(legend_title)}</text>',
    ]
    for i, (colour, label) in enumerate(entries):
        x = (i % per_row) * (_BOX_W + _GAP)
        top = 18 + (i // per_row) * 34
        parts.append(f'<rect x="{x}" y="{top}" width="{_BOX_W}" height="{_BOX_H}" '
                     f'fill="{colour}" stroke="#666" stroke-width="0.6"/>')
        parts.append(f'<text x="{x + _BOX_W / 2}" y="{top + _BOX_H + 12}" '
                     f'text-anchor="middle">{escape(label)}</text>')
    parts.append("</g>")
    return "".join(parts)


def shapes_summary(shapes: Sequence[KecamatanShape]) -> dict[str, Any]:
    """Counts used by checks: kecamatan and rings."""
    return {"kecamatan": len(shapes), "rings": sum(len(s.rings) for s in shapes)}
