"""Choropleth map of Jember's 31 kecamatan as a self-contained SVG (no tiles, no network).

The projection is equirectangular with the longitude scaled by cos(latitude): at 8° south
over a 60 km wide regency the distortion is far below what a reader could see.
Colours are a single-hue ramp whose lightness falls steadily, so the classes stay apart
when the report is printed in greyscale; kecamatan without data are hatched.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from shapely.ops import polylabel

from reports.labels import fmt_dec

# Light to dark; each step is clearly darker in greyscale (relative luminance ~0.90 -> 0.07).
PALETTE = ("#fdf0d2", "#f9c77e", "#ea8d3f", "#b9541f", "#6b2410")
NO_DATA_LABEL = "Tidak ada data"


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
) -> str:
    """An SVG choropleth of ``values`` (kecamatan name -> value; None or absent = no data)."""
    shapes = list(shapes) if shapes is not None else load_shapes()
    proj = _Projection(shapes, width, margin=14)
    legend_h = 64
    top = 34
    height = proj.height + top + legend_h
    known = [v for v in values.values() if v is not None and math.isfinite(v)]
    breaks = class_breaks(known)
    colours = _palette_for(len(breaks))

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" '
        f'width="100%" role="img" aria-label="{escape(title)}" '
        'font-family="DejaVu Sans, Arial, Helvetica, sans-serif">',
        f"<title>{escape(title)}</title>",
        '<defs><pattern id="nodata" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="1.6"/></pattern></defs>',
        f'<text x="{width / 2:.0f}" y="22" text-anchor="middle" font-size="15" '
        f'font-weight="bold" fill="#222">{escape(title)}</text>',
        f'<g transform="translate(0,{top})">',
    ]
    labels: list[tuple[float, str, float, float]] = []
    for shp in shapes:
        value = values.get(shp.name)
        if value is not None and math.isfinite(value):
            fill, shown = colours[_class_of(value, breaks)], value_format(value)
        else:
            fill, shown = "url(#nodata)", NO_DATA_LABEL
        out.append(
            f'<path d="{_path_data(shp.rings, proj)}" fill="{fill}" fill-rule="evenodd" '
            f'stroke="#ffffff" stroke-width="0.9" data-kecamatan="{escape(shp.name)}">'
            f"<title>{escape(shp.name)}: {escape(shown)}</title></path>"
        )
        lx, ly = proj(*shp.label_at)
        area = sum(abs(_ring_area(r)) for r in shp.rings)
        labels.append((area, shp.name, lx, ly))
    out.append("</g>")
    font = 8.5
    labels.sort(reverse=True)
    out.append(f'<g transform="translate(0,{top})" font-size="{font}" text-anchor="middle" '
               'fill="#111" stroke="#ffffff" stroke-width="2.4" stroke-linejoin="round" '
               'paint-order="stroke">')
    for text, x, y in _place_labels([(n, x, y) for _, n, x, y in labels], font):
        out.append(f'<text x="{x:.1f}" y="{y + font * 0.35:.1f}">{escape(text)}</text>')
    out.append("</g>")
    out.append(_legend(breaks, colours, known, legend_title, value_format,
                       y=proj.height + top + 8, width=width))
    out.append("</svg>")
    return "".join(out)


def _ring_area(ring: Sequence[tuple[float, float]]) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))


def _legend(
    breaks: Sequence[float],
    colours: Sequence[str],
    known: Sequence[float],
    legend_title: str,
    fmt: Callable[[float], str],
    *,
    y: float,
    width: int,
) -> str:
    box_w, box_h, gap = 86, 14, 4
    entries: list[tuple[str, str]] = []
    lower = min(known) if known else 0.0
    for colour, upper in zip(colours, breaks, strict=True):
        label = fmt(upper) if math.isclose(lower, upper) else f"{fmt(lower)}–{fmt(upper)}"
        entries.append((colour, label))
        lower = upper
    entries.append(("url(#nodata)", NO_DATA_LABEL))
    total_w = len(entries) * (box_w + gap)
    x0 = max(8.0, (width - total_w) / 2)
    parts: list[str] = [
        f'<g transform="translate({x0:.0f},{y:.0f})" font-size="10" fill="#222">',
        f'<text x="0" y="10" font-weight="bold">{escape(legend_title)}</text>',
    ]
    for i, (colour, label) in enumerate(entries):
        x = i * (box_w + gap)
        parts.append(f'<rect x="{x}" y="18" width="{box_w}" height="{box_h}" fill="{colour}" '
                     'stroke="#666" stroke-width="0.6"/>')
        parts.append(f'<text x="{x + box_w / 2}" y="{18 + box_h + 12}" text-anchor="middle">'
                     f"{escape(label)}</text>")
    parts.append("</g>")
    return "".join(parts)


def shapes_summary(shapes: Sequence[KecamatanShape]) -> dict[str, Any]:
    """Counts used by checks: kecamatan and rings."""
    return {"kecamatan": len(shapes), "rings": sum(len(s.rings) for s in shapes)}
