"""Tests of the places gazetteer (ontology.places and places.ttl)."""

from __future__ import annotations

import importlib.util

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph

import ontology
from graph.exceptions import InputError
from ontology import TKG, places

ID = "https://w3id.org/tkg/id/"


def region(slug: str) -> str:
    return f"{ID}region/{slug}"


def test_every_iso_country_is_there_with_codes():
    countries = [p for p in places.all_places() if p.kind == "Country"]
    assert len(countries) >= 249
    for p in countries:
        assert p.iri == f"{ID}country/{p.iso3}"
        assert p.iso2 and len(p.iso2) == 2 and p.iso2.isupper()
        assert p.iso3 and len(p.iso3) == 3 and p.iso3.isupper()
    assert len({p.iso2 for p in countries}) == len(countries)


def test_countries_have_coordinates():
    countries = [p for p in places.all_places() if p.kind == "Country"]
    located = [p for p in countries if p.lat is not None and p.lon is not None]
    assert len(located) >= 240
    for p in located:
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
    italy = places.country("ITA")
    assert 36 < italy.lat < 47 and 6 < italy.lon < 19


@pytest.mark.parametrize(
    ("query", "iri"),
    [
        ("Italy", f"{ID}country/ITA"),
        ("italy", f"{ID}country/ITA"),
        ("  ITALY ", f"{ID}country/ITA"),
        ("IT", f"{ID}country/ITA"),
        ("ITA", f"{ID}country/ITA"),
        ("North Africa", region("north-africa")),
        ("the Middle East", region("middle-east")),
        ("Middle East", region("middle-east")),
        ("Mediterranean", f"{ID}sea/mediterranean-sea"),
        ("the Mediterranean", f"{ID}sea/mediterranean-sea"),
        ("European Union", region("european-union")),
        ("EU", region("european-union")),
        ("the EU", region("european-union")),
        ("Libya", f"{ID}country/LBY"),
        ("Libyan Arab Jamahiriya", f"{ID}country/LBY"),
        ("Ivory Coast", f"{ID}country/CIV"),
        ("Côte d'Ivoire", f"{ID}country/CIV"),
        ("Burma", f"{ID}country/MMR"),
        ("UK", f"{ID}country/GBR"),
        ("Great Britain", f"{ID}country/GBR"),
        ("United States of America", f"{ID}country/USA"),
        ("USA", f"{ID}country/USA"),
        ("Türkiye", f"{ID}country/TUR"),
        ("Turkey", f"{ID}country/TUR"),
        ("Czechia", f"{ID}country/CZE"),
        ("Russia", f"{ID}country/RUS"),
        ("South Korea", f"{ID}country/KOR"),
        ("Republic of Korea", f"{ID}country/KOR"),
        ("Central Asia", region("central-asia")),
        ("Sub-Saharan Africa", region("sub-saharan-africa")),
        ("Northern Africa", region("northern-africa")),
        ("West Africa", region("western-africa")),
        ("Horn of Africa", region("horn-of-africa")),
        ("Western Balkans", region("western-balkans")),
        ("Southeast Asia", region("south-eastern-asia")),
        ("Latin America", region("latin-america-and-the-caribbean")),
        ("Schengen area", region("schengen-area")),
        ("Aegean Sea", f"{ID}sea/aegean-sea"),
        ("English Channel", f"{ID}sea/english-channel"),
        ("Geneva", f"{ID}city/che/geneva"),
        ("Tripoli", f"{ID}city/lby/tripoli"),
        ("Singapore", f"{ID}country/SGP"),  # a country beats its capital city
        ("Lampedusa", region("lampedusa")),
    ],
)
def test_lookup(query, iri):
    place = places.lookup(query)
    assert place is not None, query
    assert place.iri == iri


@pytest.mark.parametrize("query", ["it", "ita", "us", "eu", "", "   ", "Atlantis", "the"])
def test_lookup_misses(query):
    assert places.lookup(query) is None


def test_labels_are_common_names():
    expected = {
        "LBY": "Libya",
        "IRN": "Iran",
        "RUS": "Russia",
        "SYR": "Syria",
        "BOL": "Bolivia",
        "TZA": "Tanzania",
        "TUR": "Turkey",
        "VNM": "Vietnam",
        "KOR": "South Korea",
        "PRK": "North Korea",
        "MDA": "Moldova",
        "LAO": "Laos",
        "CIV": "Côte d'Ivoire",
    }
    for iso3, label in expected.items():
        assert places.country(iso3).label == label


def test_country_codes_any_case_and_errors():
    assert places.country("it").iso3 == "ITA"
    assert places.country("gbr").label == "United Kingdom"
    with pytest.raises(InputError, match="'QQ'"):
        places.country("QQ")
    with pytest.raises(InputError, match="'Italy'"):
        places.country("Italy")


def test_european_union_has_27_members():
    eu = places.lookup("European Union")
    assert eu.kind == "PoliticalUnion"
    members = [p for p in places.all_places() if eu.iri in p.part_of]
    assert len(members) == 27
    assert {"ITA", "FRA", "DEU", "ROU", "HRV"} <= {p.iso3 for p in members}
    assert "GBR" not in {p.iso3 for p in members}


def test_italy_and_libya_regions():
    italy = places.country("IT")
    assert region("southern-europe") in italy.part_of
    assert region("europe") in places.ancestors(italy.iri)
    assert region("european-union") in italy.part_of
    libya = places.country("LY")
    assert region("north-africa") in libya.part_of
    assert region("africa") in places.ancestors(libya.iri)
    assert places.contains(region("middle-east"), places.country("SY").iri)


def test_ancestors_are_transitive():
    geneva = places.lookup("Geneva")
    up = places.ancestors(geneva.iri)
    assert {f"{ID}country/CHE", region("western-europe"), region("europe"), region("world")} <= up
    # sub-region -> region -> world
    kenya = places.country("KE")
    assert {region("eastern-africa"), region("sub-saharan-africa"), region("africa")} <= (
        places.ancestors(kenya.iri)
    )
    assert places.ancestors("https://example.org/nowhere") == set()
    aegean = places.lookup("Aegean")
    assert f"{ID}sea/mediterranean-sea" in places.ancestors(aegean.iri)


def test_part_of_points_at_known_places_without_cycles():
    known = {p.iri for p in places.all_places()}
    for p in places.all_places():
        assert set(p.part_of) <= known, p
        assert p.iri not in places.ancestors(p.iri), p


def test_every_kind_is_present():
    kinds = {p.kind for p in places.all_places()}
    assert kinds == set(places.KINDS)
    seas = [p for p in places.all_places() if p.kind == "SeaArea"]
    assert {"Mediterranean Sea", "Red Sea", "Gulf of Aden", "Black Sea"} <= {s.label for s in seas}
    assert all(s.lat is not None for s in seas)


def test_names_and_acronyms():
    names = places.names()
    assert names["italy"] == f"{ID}country/ITA"
    assert names["north africa"] == region("north-africa")
    assert names["the mediterranean"] == f"{ID}sea/mediterranean-sea"
    assert all(key == key.lower() for key in names)
    assert "us" not in names and "eu" not in names and "uk" not in names
    acronyms = places.acronyms()
    assert acronyms["EU"] == region("european-union")
    assert acronyms["USA"] == f"{ID}country/USA"
    assert places.demonyms()["tunisian"] == f"{ID}country/TUN"
    assert places.demonyms()["italian"] == f"{ID}country/ITA"


def test_every_label_looks_up_to_its_place_or_a_stronger_one():
    rank = {kind: i for i, kind in enumerate(places.KINDS)}
    for p in places.all_places():
        found = places.lookup(p.label)
        assert found is not None, p.label
        if found.iri != p.iri:  # a shared name: the winner ranks first
            assert found.label.lower() == p.label.lower()
            assert rank[found.kind] <= rank[p.kind], (p, found)


def test_get_and_place_is_frozen():
    mediterranean = places.get(f"{ID}sea/mediterranean-sea")
    assert mediterranean.kind == "SeaArea"
    assert "the Mediterranean" in mediterranean.alt_labels
    assert places.get(f"{ID}country/XXX") is None
    with pytest.raises(AttributeError):
        mediterranean.label = "x"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_lookup_never_raises(text):
    result = places.lookup(text)
    assert result is None or isinstance(result, places.Place)


def test_places_graph_matches_the_index():
    g = ontology.places_graph()
    countries = set(g.subjects(RDF.type, TKG.Country))
    assert len(countries) == sum(p.kind == "Country" for p in places.all_places())
    assert len(set(g.subjects(RDF.type, TKG.Region))) >= 40


@pytest.mark.skipif(
    importlib.util.find_spec("countryinfo") is None
    or importlib.util.find_spec("country_converter") is None,
    reason="regeneration needs countryinfo and country_converter (pip install countryinfo country_converter)",
)
def test_committed_places_ttl_is_what_the_generator_writes(tmp_path):
    from ontology import _generate_places

    out = tmp_path / "places.ttl"
    assert _generate_places.main(["--out", str(out)]) == 0
    fresh = set(Graph().parse(out, format="turtle"))
    committed = set(ontology.places_graph())
    assert fresh - committed == set(), (
        "places.ttl is stale: run python -m ontology._generate_places"
    )
    assert committed - fresh == set(), (
        "places.ttl was edited by hand: run python -m ontology._generate_places"
    )


def test_ascii_spellings_and_shared_demonyms():
    assert places.lookup("Bogota").label == "Bogotá"
    assert places.lookup("Cote d'Ivoire").iso3 == "CIV"
    assert places.lookup("Chisinau").part_of == (f"{ID}country/MDA",)
    demonyms = places.demonyms()
    assert demonyms["french"] == f"{ID}country/FRA"  # not Réunion's
    assert "congolese" not in demonyms  # two Congos: ambiguous
    assert "thai" not in places.names()  # a demonym, not a place name
