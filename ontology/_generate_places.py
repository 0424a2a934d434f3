"""Generate ``ontology/places.ttl``, the places gazetteer, from maintained packages.

Run ``python -m ontology._generate_places`` after upgrading a source package;
the file is committed and never edited by hand.

Sources
-------
- ``pycountry`` (ISO 3166-1, shipped with tkg): one ``tkg:Country`` per
  country, ``tkg:isoCode`` (alpha-2), ``tkg:iso3Code``, ISO short, common and
  official names.
- ``countryinfo`` (MIT, a generation-time dependency only): UN M49 region,
  sub-region and intermediate region of each country, approximate centroid
  (``latlng``; the capital's coordinates when absent), alternative spellings,
  demonyms, the capital city and its coordinates.
- ``country_converter`` (GPL-3, generation-time only; its data table is read
  directly, without importing the package, which needs pandas): common short
  names, UN region fallback, the EU27 and Schengen classifications.
- ``ontology/data/curated.json``: what no package provides (analysts' regions
  such as "North Africa" or "Middle East", seas, islands, a few non-capital
  cities, label preferences and aliases seen in reports). Documented there.

IRIs follow docs/ARCHITECTURE.md: ``id/country/{ISO3}``, ``id/region/{slug}``,
``id/sea/{slug}``, ``id/city/{iso3-lower}/{slug}``.

Examples
--------
>>> from ontology._generate_places import slugify
>>> slugify("Latin America and the Caribbean")
'latin-america-and-the-caribbean'
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ontology import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph

HERE = Path(__file__).resolve().parent
CURATED = HERE / "data" / "curated.json"
OUTPUT = HERE / "places.ttl"

TKG_NS = PREFIXES["tkg"]
ID_NS = PREFIXES["tkgid"]
GEO_NS = PREFIXES["geo"]


def slugify(text: str) -> str:
    """Return the IRI slug of ``text``: NFKD, ASCII, lower case, ``-`` between words.

    The same rule as ``graph.ids.slugify`` (kept here so that generating
    places needs nothing from ``graph``).

    Examples
    --------
    >>> slugify("Côte d'Ivoire")
    'cote-d-ivoire'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"error: package {name!r} is needed to generate places.ttl; "
            f"install it with `pip install {name.replace('_', '-')}`"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _load_countryinfo() -> dict[str, dict]:
    data_dir = _package_dir("countryinfo") / "data"
    by_iso3: dict[str, dict] = {}
    for path in sorted(data_dir.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso3 = (record.get("ISO") or {}).get("alpha3")
        if iso3 and iso3 not in by_iso3:
            by_iso3[iso3] = record
    return by_iso3


def _load_coco() -> dict[str, dict]:
    table = _package_dir("country_converter") / "country_data.tsv"
    with table.open(encoding="utf-8", newline="") as handle:
        return {row["ISO3"]: row for row in csv.DictReader(handle, delimiter="\t") if row["ISO3"]}


def _clean(values: list[str]) -> list[str]:
    """Drop empty names and duplicates (case-insensitive), keep order."""
    seen: set[str] = set()
    out = []
    for value in values:
        value = (value or "").strip()
        if not value or value.lower() in seen:
            continue
        seen.add(value.lower())
        out.append(value)
    return out


def _fold(name: str) -> str:
    """Return the ASCII spelling of a name with accents ("Bogota" for "Bogotá").

    Short folded names ("Male" for "Malé") are left out: they are English words.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = " ".join(folded.split())
    if folded == name or len(folded) <= 4 or len(folded) < len(name) - 2:
        return ""
    return folded


def _coord(value: float) -> Decimal:
    return Decimal(str(round(float(value), 4)))


def _country_label(country, coco_row: dict | None, curated: dict) -> str:
    if country.alpha_3 in curated["country_labels"]:
        return curated["country_labels"][country.alpha_3]
    common = getattr(country, "common_name", None)
    if common:
        return common
    if ("," in country.name or "(" in country.name) and coco_row:
        return coco_row["name_short"]
    return country.name


def build_places() -> Graph:
    """Build the places graph from the source packages and the curated file.

    Returns
    -------
    rdflib.Graph
        Countries, regions, political unions, seas and cities, with
        ``rdfs:label``, ``skos:altLabel``, codes, coordinates and ``tkg:partOf``.
    """
    import pycountry
    from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef

    tkg = Namespace(TKG_NS)
    geo = Namespace(GEO_NS)
    curated = json.loads(CURATED.read_text(encoding="utf-8"))
    info = _load_countryinfo()
    coco = _load_coco()

    g = Graph()
    g.bind("tkg", tkg)
    g.bind("skos", SKOS)
    g.bind("geo", geo, replace=True)
    g.bind("country", ID_NS + "country/")
    g.bind("region", ID_NS + "region/")
    g.bind("sea", ID_NS + "sea/")
    graph_iri = URIRef(ID_NS + "graph/places")
    g.add((graph_iri, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")))
    g.add((graph_iri, RDFS.label, Literal("tkg places gazetteer", lang="en")))
    g.add(
        (
            graph_iri,
            RDFS.comment,
            Literal(
                "Generated by `python -m ontology._generate_places` from pycountry "
                f"{_version('pycountry')}, countryinfo {_version('countryinfo')}, "
                f"country_converter {_version('country_converter')} and ontology/data/curated.json.",
                lang="en",
            ),
        )
    )

    def region_iri(slug: str) -> URIRef:
        return URIRef(f"{ID_NS}region/{slug}")

    def add_place(iri, kind, label, alts=(), lat=None, lon=None, comment=None):
        g.add((iri, RDF.type, tkg[kind]))
        g.add((iri, RDFS.label, Literal(label)))
        for alt in _clean([*alts, *(_fold(n) for n in (label, *alts))]):
            if alt.lower() != label.lower():
                g.add((iri, SKOS.altLabel, Literal(alt)))
        if lat is not None and lon is not None:
            g.add((iri, geo.lat, Literal(_coord(lat), datatype=XSD.decimal)))
            g.add((iri, geo.long, Literal(_coord(lon), datatype=XSD.decimal)))
        if comment:
            g.add((iri, RDFS.comment, Literal(comment, lang="en")))

    # UN M49 regions, derived from the countries' classifications.
    m49_parent: dict[str, str | None] = {"world": None}
    m49_label: dict[str, str] = {"world": "World"}
    country_regions: dict[str, list[str]] = {}
    for country in pycountry.countries:
        record = info.get(country.alpha_3, {})
        row = coco.get(country.alpha_3, {})
        chain = [
            record.get("region") or "",
            record.get("subregion") or "",
            record.get("intermediateregion") or "",
        ]
        if not chain[1] and row.get("UNregion") and row["UNregion"] != "Antarctica":
            chain = [row.get("continent", "").replace("America", "Americas"), row["UNregion"], ""]
        names = [name for name in chain if name]
        slugs = []
        parent = "world"
        for name in names:
            slug = slugify(name)
            m49_label.setdefault(slug, name)
            m49_parent.setdefault(slug, parent)
            slugs.append(slug)
            parent = slug
        country_regions[country.alpha_3] = slugs
    region_alts = curated["region_alt_labels"]
    for slug, label in m49_label.items():
        iri = region_iri(slug)
        add_place(iri, "Region", label, region_alts.get(slug, []))
        g.add((iri, tkg.m49Region, Literal(True)))
        parent_slug = m49_parent[slug]
        if parent_slug:
            g.add((iri, tkg.partOf, region_iri(parent_slug)))
    g.add((region_iri("world"), SKOS.altLabel, Literal("worldwide")))

    # Countries. A territory does not get a demonym that a UN member state uses
    # ("French" is France's, not Réunion's).
    member_demonyms = {
        (info.get(c.alpha_3, {}).get("demonym") or "").strip().lower()
        for c in pycountry.countries
        if (coco.get(c.alpha_3) or {}).get("UNmember")
    }
    capitals = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = country.alpha_3
        record = info.get(iso3, {})
        row = coco.get(iso3) or {}
        iri = URIRef(f"{ID_NS}country/{iso3}")
        label = _country_label(country, row, curated)
        alts = [
            country.name,
            getattr(country, "official_name", "") or "",
            getattr(country, "common_name", "") or "",
            row.get("name_short", ""),
            row.get("name_official", ""),
            record.get("name", ""),
            *record.get("altSpellings", []),
        ]
        # Package names minus the country's own codes, very short native forms ("Mann",
        # "Viti") and the demonym ("Thai"), then the curated aliases (kept as written).
        demonym = (record.get("demonym") or "").strip()
        alts = [
            a
            for a in alts
            if a
            and a not in (country.alpha_2, iso3)
            and len(a.strip()) > 4
            and a.strip().lower() != demonym.lower()
        ]
        alts += curated["country_alt_labels"].get(iso3, [])
        latlng = record.get("latlng") or record.get("capital_latlng") or []
        lat, lon = (latlng[0], latlng[1]) if len(latlng) == 2 else (None, None)
        add_place(iri, "Country", label, alts, lat, lon)
        g.add((iri, tkg.isoCode, Literal(country.alpha_2)))
        g.add((iri, tkg.iso3Code, Literal(iso3)))
        g.add((iri, tkg.isoNumericCode, Literal(country.numeric)))
        is_member = bool(row.get("UNmember"))
        if demonym and (is_member or demonym.lower() not in member_demonyms):
            g.add((iri, tkg.demonym, Literal(demonym)))
        for slug in country_regions[iso3]:
            g.add((iri, tkg.partOf, region_iri(slug)))
        capital = record.get("capital") or ""
        if isinstance(capital, list):  # several capitals (South Africa): keep the first
            capital = capital[0] if capital else ""
        capital = capital.strip()
        cap_ll = record.get("capital_latlng") or []
        if capital and len(cap_ll) == 2:
            capitals.append((iso3, capital, cap_ll[0], cap_ll[1], True))

    # Analysts' regions and political unions.
    for region in curated["regions"]:
        iri = region_iri(region["slug"])
        add_place(
            iri,
            "Region",
            region["label"],
            region.get("alt", []),
            region.get("lat"),
            region.get("lon"),
            region.get("comment"),
        )
        members = list(region.get("members", []))
        if "members_from" in region:
            column = region["members_from"]
            members += sorted(iso3 for iso3, row in coco.items() if row.get(column) == column)
        for iso3 in members:
            _check_country(iso3, region["slug"])
            g.add((URIRef(f"{ID_NS}country/{iso3}"), tkg.partOf, iri))
        for child in region.get("contains", []):
            g.add((region_iri(child), tkg.partOf, iri))
        for parent in region.get("part_of", []):
            g.add((iri, tkg.partOf, region_iri(parent)))
        if region.get("exact_match"):
            g.add((iri, SKOS.exactMatch, region_iri(region["exact_match"])))
    for union in curated["unions"]:
        iri = region_iri(union["slug"])
        add_place(
            iri,
            "PoliticalUnion",
            union["label"],
            union.get("alt", []),
            comment=union.get("comment"),
        )
        if "members_from" in union:
            column = union["members_from"]
            members = sorted(
                iso3
                for iso3, row in coco.items()
                if row.get(column) == column and pycountry.countries.get(alpha_3=iso3)
            )
            if "expect" in union and len(members) != union["expect"]:
                raise SystemExit(
                    f"error: {union['slug']}: expected {union['expect']} members from "
                    f"country_converter's {column} column, found {len(members)}; check the package version"
                )
        else:
            region = union["members_from_region"]
            members = sorted(
                iso3
                for iso3, slugs in country_regions.items()
                if region in slugs
                and (info.get(iso3) or {}).get("capital")
                and coco.get(iso3, {}).get("UNmember")
            )
        for iso3 in members:
            g.add((URIRef(f"{ID_NS}country/{iso3}"), tkg.partOf, iri))

    # Seas.
    for sea in curated["seas"]:
        iri = URIRef(f"{ID_NS}sea/{sea['slug']}")
        add_place(iri, "SeaArea", sea["label"], sea.get("alt", []), sea.get("lat"), sea.get("lon"))
        for parent in sea.get("part_of", []):
            g.add((iri, tkg.partOf, URIRef(f"{ID_NS}sea/{parent}")))

    # Islands and enclaves (regions inside one country).
    for island in curated["islands"]:
        _check_country(island["country"], island["slug"])
        iri = region_iri(island["slug"])
        add_place(
            iri, "Region", island["label"], island.get("alt", []), island["lat"], island["lon"]
        )
        g.add((iri, tkg.partOf, URIRef(f"{ID_NS}country/{island['country']}")))

    # Cities: capitals from countryinfo, then the curated hubs.
    cities = capitals + [
        (c["country"], c["label"], c["lat"], c["lon"], False) for c in curated["cities"]
    ]
    alt_by_label = {c["label"]: c.get("alt", []) for c in curated["cities"]}
    for iso3, label, lat, lon, is_capital in cities:
        _check_country(iso3, label)
        iri = URIRef(f"{ID_NS}city/{iso3.lower()}/{slugify(label)}")
        add_place(iri, "City", label, alt_by_label.get(label, []), lat, lon)
        g.add((iri, tkg.partOf, URIRef(f"{ID_NS}country/{iso3}")))
        if is_capital:
            g.add((URIRef(f"{ID_NS}country/{iso3}"), tkg.capital, iri))
    return g


def _check_country(iso3: str, where: str) -> None:
    import pycountry

    if pycountry.countries.get(alpha_3=iso3) is None:
        raise SystemExit(
            f"error: curated.json: {where}: {iso3!r} is not an ISO 3166-1 alpha-3 code"
        )


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    """Write the places gazetteer (``ontology/places.ttl`` unless ``--out``).

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success.
    """
    parser = argparse.ArgumentParser(
        prog="python -m ontology._generate_places", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", type=Path, default=OUTPUT, help="output Turtle file")
    args = parser.parse_args(argv)
    graph = build_places()
    header = (
        "# Generated by `python -m ontology._generate_places`; do not edit by hand.\n"
        "# Sources: pycountry, countryinfo, country_converter, ontology/data/curated.json.\n"
    )
    args.out.write_text(header + graph.serialize(format="turtle"), encoding="utf-8")
    print(f"wrote {args.out} ({len(graph)} triples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
