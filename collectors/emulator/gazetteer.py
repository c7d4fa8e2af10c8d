"""The Jember place names the scenario draws from (the project's own shipped config files)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shapely.geometry import Point, shape
from shapely.prepared import PreparedGeometry, prep

from core.paths import config_dir

URBAN = frozenset({"Kaliwates", "Sumbersari", "Patrang"})


@dataclass(frozen=True, slots=True)
class Kecamatan:
    """One kecamatan with its desa/kelurahan names and centroid."""

    code: str
    name: str
    lat: float
    lng: float
    desa: tuple[str, ...]

    @property
    def weight(self) -> float:
        """Rough share of online replies: more villages, more people; town kecamatan more online."""
        return len(self.desa) * (3.0 if self.name in URBAN else 1.0)


@lru_cache(maxsize=4)
def load_kecamatan(folder: Path | None = None) -> tuple[Kecamatan, ...]:
    """Read ``config/jember/kecamatan.csv`` and ``wilayah.csv`` (31 kecamatan, in file order)."""
    base = folder or config_dir() / "jember"
    desa: dict[str, list[str]] = {}
    with (base / "wilayah.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            desa.setdefault(row["kecamatan"], []).append(row["desa"])
    result = []
    with (base / "kecamatan.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["kecamatan"]
            result.append(
                Kecamatan(
                    code=row["kecamatan_code"],
                    name=name,
                    lat=float(row["centroid_lat"]),
                    lng=float(row["centroid_lng"]),
                    desa=tuple(desa.get(name, [name])),
                )
            )
    return tuple(result)


@dataclass(frozen=True, slots=True)
class Outline:
    """A kecamatan polygon, ready for fast point-in-polygon tests."""

    shape: PreparedGeometry
    inner: tuple[float, float]  # (lng, lat) of a point surely inside

    def contains(self, lng: float, lat: float) -> bool:
        """Whether the point (WGS84 lng/lat) lies inside the kecamatan."""
        return bool(self.shape.contains(Point(lng, lat)))


@lru_cache(maxsize=1)
def load_outlines() -> dict[str, Outline]:
    """Polygons from ``config/jember/kecamatan.geojson``, keyed by kecamatan name."""
    path = config_dir() / "jember" / "kecamatan.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    result = {}
    for feature in collection["features"]:
        geometry = shape(feature["geometry"])
        inner = geometry.representative_point()
        result[feature["properties"]["kecamatan"]] = Outline(prep(geometry), (inner.x, inner.y))
    return result
