"""An offline world basemap: Natural Earth 1:110m countries in the Equal Earth projection.

The country outlines ship with the package (``graph/data/naturalearth/``, the
TopoJSON of the npm package ``world-atlas``, public-domain Natural Earth data;
see the README there). Nothing is downloaded at run time.

- :func:`equal_earth`: the Equal Earth projection (Šavrič, Patterson and
  Jenny, 2018), equal-area and Robinson-like, written out here.
- :func:`country_rings`, :func:`land_rings`: the decoded outlines (lon/lat).
- :func:`anchor`: where a region is drawn: a hand-placed point where the
  region's flows start or end (North Africa on the southern Mediterranean
  coast), not the centroid of its member countries (the Sahara).
- :func:`draw_basemap`: land, country borders and coastline on matplotlib axes.

Examples
--------
>>> x, y = equal_earth([0.0, 12.5], [0.0, 41.9])
>>> round(float(x[0]), 6), round(float(y[0]), 6)
(0.0, 0.0)
>>> len(country_rings()) > 170
True
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

__all__ = [
    "ATTRIBUTION",
    "REGION_ANCHORS",
    "anchor",
    "country_rings",
    "draw_basemap",
    "equal_earth",
    "land_rings",
]

ATTRIBUTION = "Basemap: Natural Earth 1:110m (public domain); Equal Earth projection"

#: Display points (lat, lon) of regions that have no coordinates of their own,
#: placed where their reported flows start or end. Keys are the last part of
#: the region IRI (``id/region/{slug}``).
REGION_ANCHORS: dict[str, tuple[float, float]] = {
    "north-africa": (32.0, 13.0),  # Libyan-Tunisian coast
    "northern-africa": (32.0, 13.0),
    "maghreb": (34.0, 3.0),
    "mena": (31.0, 25.0),
    "sahel": (14.0, 2.0),
    "western-africa": (11.0, -6.0),
    "sub-saharan-africa": (9.0, 10.0),
    "africa": (12.0, 10.0),
    "african-union": (9.0, 20.0),
    "eastern-africa": (3.0, 38.0),
    "horn-of-africa": (8.0, 44.0),
    "middle-africa": (2.0, 18.0),
    "southern-africa": (-25.0, 25.0),
    "europe": (48.0, 11.0),
    "european-union": (48.0, 11.0),
    "schengen-area": (48.0, 11.0),
    "western-europe": (48.0, 4.0),
    "central-europe": (49.0, 15.0),
    "eastern-europe": (50.0, 28.0),
    "northern-europe": (59.0, 15.0),
    "scandinavia": (61.0, 14.0),
    "southern-europe": (41.5, 13.0),
    "balkans": (43.0, 21.0),
    "western-balkans": (43.5, 19.5),
    "middle-east": (32.0, 40.0),
    "levant": (33.5, 36.5),
    "western-asia": (35.0, 42.0),
    "gulf-states": (25.0, 51.0),
    "caucasus": (42.0, 44.0),
    "central-asia": (42.0, 64.0),
    "southern-asia": (24.0, 78.0),
    "south-eastern-asia": (12.0, 104.0),
    "eastern-asia": (34.0, 112.0),
    "asia": (35.0, 90.0),
    "central-america": (15.0, -87.0),
    "caribbean": (18.0, -72.0),
    "latin-america-and-the-caribbean": (5.0, -70.0),
    "south-america": (-12.0, -60.0),
    "northern-america": (42.0, -98.0),
    "americas": (20.0, -85.0),
    "oceania": (-25.0, 135.0),
    "australia-and-new-zealand": (-28.0, 140.0),
    "melanesia": (-8.0, 155.0),
    "micronesia": (8.0, 155.0),
    "polynesia": (-15.0, -150.0),
    # spellings used by other gazetteers and generators
    "west-africa": (11.0, -6.0),
    "east-africa": (3.0, 38.0),
    "central-africa": (2.0, 18.0),
    "north-america": (42.0, -98.0),
    "south-east-asia": (12.0, 104.0),
    "southeast-asia": (12.0, 104.0),
    "south-asia": (24.0, 78.0),
    "east-asia": (34.0, 112.0),
    "west-asia": (35.0, 42.0),
    "latin-america": (5.0, -70.0),
}

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3.0) / 2.0


def equal_earth(lon: Sequence[float] | np.ndarray, lat: Sequence[float] | np.ndarray) -> tuple:
    """Project longitudes and latitudes (degrees) with the Equal Earth projection.

    Returns ``(x, y)`` arrays in degrees of the equator (the map is about
    310 units wide and 151 high).

    Examples
    --------
    >>> x, y = equal_earth([180.0], [0.0])
    >>> round(float(x[0]), 1)
    155.1
    """
    lam = np.radians(np.asarray(lon, dtype=float))
    phi = np.radians(np.asarray(lat, dtype=float))
    theta = np.arcsin(_M * np.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * lam
        * np.cos(theta)
        / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1))
    )
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return np.degrees(x), np.degrees(y)


@functools.lru_cache(maxsize=1)
def _topology() -> dict[str, Any]:
    path = resources.files("graph").joinpath("data/naturalearth/countries-110m.json")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _arcs() -> list[np.ndarray]:
    """The topology's arcs decoded to lon/lat arrays (delta-encoded, quantised)."""
    topo = _topology()
    scale = np.array(topo["transform"]["scale"])
    shift = np.array(topo["transform"]["translate"])
    return [np.cumsum(np.array(arc, dtype=float), axis=0) * scale + shift for arc in topo["arcs"]]


def _ring(indices: list[int]) -> np.ndarray:
    arcs = _arcs()
    parts = []
    for i, k in enumerate(indices):
        arc = arcs[k] if k >= 0 else arcs[~k][::-1]
        parts.append(arc if i == 0 else arc[1:])
    return np.concatenate(parts)


def _rings(geometry: dict[str, Any]) -> list[np.ndarray]:
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    return [_ring(ring) for polygon in polygons for ring in polygon]


@functools.lru_cache(maxsize=1)
def country_rings() -> dict[str, list[np.ndarray]]:
    """Outline rings (``(n, 2)`` lon/lat arrays) per country name.

    Examples
    --------
    >>> rings = country_rings()["Italy"]
    >>> 10 < float(rings[0][:, 0].mean()) < 16
    True
    """
    out: dict[str, list[np.ndarray]] = {}
    for geom in _topology()["objects"]["countries"]["geometries"]:
        name = geom.get("properties", {}).get("name") or str(geom.get("id", ""))
        out.setdefault(name, []).extend(_rings(geom))
    return out


@functools.lru_cache(maxsize=1)
def land_rings() -> list[np.ndarray]:
    """Rings of the land areas: their outline is the coastline.

    Examples
    --------
    >>> len(land_rings()) > 100
    True
    """
    out: list[np.ndarray] = []
    for geom in _topology()["objects"]["land"]["geometries"]:
        out += _rings(geom)
    return out


def anchor(iri: str, lat: float | None, lon: float | None) -> tuple[float, float] | None:
    """Where to draw a place: a region's anchor point, else its own coordinates.

    Examples
    --------
    >>> anchor("https://w3id.org/tkg/id/region/north-africa", 26.0, 17.0)
    (32.0, 13.0)
    >>> anchor("https://w3id.org/tkg/id/country/ITA", 42.8, 12.8)
    (42.8, 12.8)
    """
    if "/region/" in iri:
        slug = iri.rstrip("/").rsplit("/", 1)[-1]
        if slug in REGION_ANCHORS:
            return REGION_ANCHORS[slug]
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def _unwrapped(ring: np.ndarray) -> np.ndarray:
    """A ring without jumps across the antimeridian (parts beyond it pressed onto it).

    Russia, Fiji and Antarctica cross longitude 180; drawn as they are, the
    jump becomes a line across the whole map.
    """
    lon = np.degrees(np.unwrap(np.radians(ring[:, 0])))
    return np.column_stack([np.clip(lon, -180.0, 180.0), ring[:, 1]])


def draw_basemap(ax: Any, *, highlight: Sequence[str] = ()) -> list[Any]:
    """Draw land, country borders and the coastline (Equal Earth) on ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    highlight : sequence of str
        Country names (as in Natural Earth) filled a shade darker.

    Returns
    -------
    list
        The matplotlib collections drawn; their gids are ``basemap-countries``
        and ``basemap-coastline`` (tests and SVG readers find them by these).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> [c.get_gid() for c in draw_basemap(ax)]
    ['basemap-ocean', 'basemap-countries', 'basemap-coastline']
    >>> plt.close(fig)
    """
    from matplotlib.collections import LineCollection, PolyCollection

    marked = set(highlight)
    polys, faces = [], []
    for name, rings in sorted(country_rings().items()):
        for ring in map(_unwrapped, rings):
            x, y = equal_earth(ring[:, 0], ring[:, 1])
            polys.append(np.column_stack([x, y]))
            faces.append("#e3ddd0" if name in marked else "#f1eee6")
    edge = np.linspace(-90, 90, 181)
    left = equal_earth(np.full_like(edge, -180.0), edge)
    right = equal_earth(np.full_like(edge, 180.0), edge[::-1])
    outline = np.column_stack(
        [np.concatenate([left[0], right[0]]), np.concatenate([left[1], right[1]])]
    )
    ocean = PolyCollection(
        [outline], facecolors="#dfeaf2", edgecolors="0.75", linewidths=0.6, zorder=0
    )
    ocean.set_gid("basemap-ocean")
    countries = PolyCollection(
        polys, facecolors=faces, edgecolors="#b9b2a3", linewidths=0.4, zorder=0.5
    )
    countries.set_gid("basemap-countries")
    coast = []
    for ring in map(_unwrapped, land_rings()):
        x, y = equal_earth(ring[:, 0], ring[:, 1])
        coast.append(np.column_stack([x, y]))
    coastline = LineCollection(coast, colors="#8a8478", linewidths=0.6, zorder=0.6)
    coastline.set_gid("basemap-coastline")
    for artist in (ocean, countries, coastline):
        ax.add_collection(artist)
    return [ocean, countries, coastline]
