"""Kecamatan from a geotag: point-in-polygon over the shipped kecamatan GeoJSON.

Coordinates are projected to a local equirectangular plane in kilometres, which is accurate to
well under 1 % across a regency and lets distances be read directly in km. The polygons are
simplified and leave thin slivers between neighbours, so a point inside none of them takes the
nearest polygon when it lies within ``max_distance_km``; farther away it is outside Jember.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from core.errors import ConfigError

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320
DEFAULT_MAX_DISTANCE_KM = 3.0


@dataclass(frozen=True, slots=True)
class GeoMatch:
    """The kecamatan for a point, and how far outside its polygon the point was (0 = inside)."""

    kecamatan: str
    distance_km: float


def default_geojson_path() -> Path:
    """The shipped kecamatan polygons inside the ``config`` package."""
    return Path(str(resources.files("config") / "jember" / "kecamatan.geojson"))


class KecamatanLocator:
    """Finds the kecamatan containing (or nearest to) a WGS84 point."""

    def __init__(self, features: list[tuple[str, BaseGeometry]], max_distance_km: float) -> None:
        if not features:
            raise ConfigError("GeoJSON kecamatan kosong.", hint="Periksa berkas kecamatan.geojson.")
        lat0 = sum(g.centroid.y for _, g in features) / len(features)
        self._kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0))
        self._names = [name for name, _ in features]
        scale = np.array([self._kx, KM_PER_DEG_LAT])
        self._shapes = [shapely.transform(geom, lambda xy: xy * scale) for _, geom in features]
        self._tree = STRtree(self._shapes)
        self.max_distance_km = max_distance_km

    @classmethod
    def from_geojson(
        cls, path: Path | None = None, max_distance_km: float = DEFAULT_MAX_DISTANCE_KM
    ) -> KecamatanLocator:
        """Load polygons with a ``kecamatan`` property; ``None`` = the shipped file."""
        source = path or default_geojson_path()
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
            features = [
                (str(f["properties"]["kecamatan"]), shape(f["geometry"])) for f in data["features"]
            ]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"GeoJSON kecamatan {source} tidak bisa dibaca: {exc}",
                hint="Setiap fitur harus punya geometri dan properti 'kecamatan'.",
            ) from exc
        return cls(features, max_distance_km)

    def fingerprint(self) -> str:
        """Digest of the polygons and the distance limit (part of the tagger's version)."""
        digest = hashlib.sha256(repr(self.max_distance_km).encode())
        for name, geom in zip(self._names, self._shapes, strict=True):
            digest.update(name.encode())
            digest.update(shapely.to_wkb(geom, output_dimension=2))
        return digest.hexdigest()

    def locate(self, lat: float, lon: float) -> GeoMatch | None:
        """The kecamatan at (lat, lon), the nearest within the limit, or None (outside Jember)."""
        if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
            return None
        point = Point(lon * self._kx, lat * KM_PER_DEG_LAT)
        for index in self._tree.query(point, predicate="intersects"):
            return GeoMatch(self._names[int(index)], 0.0)
        index = self._tree.nearest(point)
        if index is None:
            return None
        distance = float(self._shapes[int(index)].distance(point))
        if distance > self.max_distance_km:
            return None
        return GeoMatch(self._names[int(index)], round(distance, 2))
