"""Map and chart SVGs: shape count, valid XML, escaping, no-data handling."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from reports.baseline import official_kecamatan
from reports.charts import daily_volume_svg, empty_chart_svg, stage_awareness_svg
from reports.map import (
    NO_DATA_LABEL,
    PALETTE,
    KecamatanShape,
    choropleth_svg,
    class_breaks,
    load_shapes,
)
from reports.model import DailyVolume, MatrixCell

SVG = "{http://www.w3.org/2000/svg}"


def _fills(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    return {p.get("data-kecamatan", ""): p.get("fill", "") for p in root.iter(f"{SVG}path")}


def test_map_has_31_kecamatan_paths_and_is_valid_xml() -> None:
    values = {name: float(i) for i, name in enumerate(official_kecamatan())}
    svg = choropleth_svg(values, title="Indeks")
    root = ET.fromstring(svg)
    paths = list(root.iter(f"{SVG}path"))
    assert len(paths) == 31
    assert {p.get("data-kecamatan") for p in paths} == set(official_kecamatan())
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Sumberjambe" in labels and "Indeks" in labels
    # Every shape is coloured from the palette; the darkest for the highest value.
    fills = _fills(svg)
    assert set(fills.values()) <= set(PALETTE)
    top = max(values, key=lambda n: values[n])
    assert fills[top] == PALETTE[-1]


def test_shapes_fit_inside_the_viewbox() -> None:
    svg = choropleth_svg({}, title="Peta")
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert match is not None
    width, height = map(float, match.groups())
    coords = [float(c) for d in re.findall(r' d="([^"]+)"', svg) for c in re.findall(r"[\d.]+", d)]
    assert coords and min(coords) >= 0 and max(coords) <= max(width, height)


def test_no_data_is_hatched_with_a_legend_entry() -> None:
    values: dict[str, float | None] = dict.fromkeys(official_kecamatan(), 40.0)
    values["Jelbuk"] = None
    del values["Silo"]
    svg = choropleth_svg(values, title="Peta")
    fills = _fills(svg)
    assert fills["Jelbuk"] == fills["Silo"] == "url(#nodata)"
    assert fills["Ajung"] != "url(#nodata)"
    assert NO_DATA_LABEL in svg and 'id="nodata"' in svg


def test_all_missing_values_still_draw_a_map() -> None:
    svg = choropleth_svg({}, title="Kosong")
    assert set(_fills(svg).values()) == {"url(#nodata)"}
    ET.fromstring(svg)


def test_names_and_title_are_escaped() -> None:
    shape = KecamatanShape("<script>alert(1)</script> & Co", "x",
                           [[(113.0, -8.0), (113.1, -8.0), (113.1, -8.1), (113.0, -8.0)]],
                           (113.05, -8.03))
    svg = choropleth_svg({shape.name: 1.0}, title='Judul "<b>"', shapes=[shape])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    assert any(t.text == shape.name for t in root.iter(f"{SVG}text"))


def test_class_breaks() -> None:
    assert class_breaks([]) == []
    assert class_breaks([5.0, 5.0]) == [5.0]
    breaks = class_breaks([0.0, 100.0])
    assert breaks == pytest.approx([20, 40, 60, 80, 100])


def test_load_shapes_labels_inside_each_polygon() -> None:
    from shapely.geometry import Point, Polygon

    for shp in load_shapes():
        assert any(Polygon(ring).contains(Point(shp.label_at)) for ring in shp.rings), shp.name


def _days(values: list[tuple[int, int, int]]) -> list[DailyVolume]:
    start = date(2024, 11, 18)
    return [DailyVolume(start + timedelta(days=i), *v) for i, v in enumerate(values)]


def test_daily_chart_is_svg_with_indonesian_labels() -> None:
    svg = daily_volume_svg(_days([(3, 10, 4), (5, 12, 6), (0, 1, 0)]))
    ET.fromstring(svg)
    for word in ("Negatif", "Netral", "Positif", "Sen 18/11", "Balasan"):
        assert word in svg


def test_charts_with_no_data_show_a_placeholder() -> None:
    zero_cell = MatrixCell("kampanye", "asking", 0)
    for svg in (daily_volume_svg([]), daily_volume_svg(_days([(0, 0, 0)] * 7)),
                stage_awareness_svg([]), stage_awareness_svg([zero_cell])):
        ET.fromstring(svg)
        assert "Belum ada data minggu ini" in svg


def test_matrix_chart_lists_stages_and_counts() -> None:
    svg = stage_awareness_svg([MatrixCell("pemutakhiran_data", "asking", 1234),
                               MatrixCell("pemungutan_suara", "misinformed", 7),
                               MatrixCell("tahap_baru", "informed", 2)])
    ET.fromstring(svg)
    for word in ("Pemutakhiran data pemilih (DPT)", "Pemungutan suara", "Bertanya",
                 "Salah paham", "Tahap baru", "1.234"):
        assert word in svg


def test_placeholder_escapes_text() -> None:
    svg = empty_chart_svg("<b>judul</b>", "a & b")
    ET.fromstring(svg)
    assert "<b>" not in svg
