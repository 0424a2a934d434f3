"""Rule tables for places: cities and towns, sub-national units, Kosovo and border areas.

Each case is a made-up sentence and SPARQL ASK patterns on its graph; the
negative table holds sentences where a word that is also a town's name must
not become a place.
"""

from __future__ import annotations

import pytest

from graph.extract import extract_text
from graph.extract.gazetteer import find_mentions

PREFIX = (
    "PREFIX tkg: <https://w3id.org/tkg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)


def _ask(sentence: str, pattern: str) -> bool:
    g = extract_text(sentence, report_id="rule-test", date="2024-05-10")
    return bool(g.query(PREFIX + "ASK { " + pattern + " }").askAnswer)


def _city(label: str, iso: str) -> str:
    return (
        f"?c a tkg:City ; rdfs:label ?l ; tkg:partOf+/tkg:isoCode '{iso}' ."
        f' FILTER(STR(?l) = "{label}")'
    )


POSITIVE = [
    # cities from GeoNames, placed in their country, disambiguated by the text's countries
    ("Police arrested two men in Rawmarsh, near Rotherham, in the UK.", [_city("Rawmarsh", "GB")]),
    ("The boat left Mbour in Senegal on Monday.", [_city("Mbour", "SN")]),
    # "left A for B": after a departure, "for" names where they were going
    ("A truck left Guatemala for Veracruz with 150 migrants.", [_city("Veracruz", "MX")]),
    # a GeoNames town carries its coordinates
    (
        "Police arrested 3 men in Rawmarsh, in the UK.",
        [
            "?c rdfs:label 'Rawmarsh' ; <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat ;"
            " <http://www.w3.org/2003/01/geo/wgs84_pos#long> ?lon . FILTER(?lat > 53 && ?lat < 54)"
        ],
    ),
    ("Police arrested 3 smugglers in Saint-Louis, Senegal.", [_city("Saint-Louis", "SN")]),
    ("Police arrested 12 people in Nogales, Sonora, in Mexico.", [_city("Nogales", "MX")]),
    # a small town after ", State" (abbreviated or not)
    ("Agents arrested four smugglers in Ajo, Arizona.", [_city("Ajo", "US")]),
    ("Police arrested the couple in Culver City, Calif., on Monday.", [_city("Culver City", "US")]),
    # a town no gazetteer knows, placed by ", Country"
    ("Migrants were held in Zorvaki, Libya, for months.", [_city("Zorvaki", "LY")]),
    ("Police arrested two men in Smallville, Kan., on Friday.", [_city("Smallville", "US")]),
    # lists of cities: one place each
    (
        "Police arrested 12 people in Lyon, Marseille and Toulouse.",
        [
            "?a a tkg:Arrest ; tkg:location ?c . ?c rdfs:label 'Marseille' .",
            "?a a tkg:Arrest ; tkg:location ?c . ?c rdfs:label 'Toulouse' .",
        ],
    ),
    # a list after a place preposition: each name is cued, and the cities found
    # tell the country of an ambiguous one ("Manchester" in England, not New Hampshire)
    (
        "Police arrested 9 people in Manchester, Liverpool and Leeds.",
        [_city("Manchester", "GB"), _city("Liverpool", "GB")],
    ),
    (
        "Officers arrested 4 men in Sunderland and Durham.",
        [_city("Durham", "GB")],
    ),
    # sub-national units kept apart from the country sharing their name
    (
        "Three men were arrested in the Kurdistan Region of Iraq.",
        [
            "?a a tkg:Arrest ; tkg:location ?r . ?r a tkg:Region ; tkg:partOf/tkg:isoCode 'IQ' .",
            "?a a tkg:Arrest ; tkg:location ?r . ?r rdfs:label ?l . FILTER(CONTAINS(?l, 'Kurdistan'))",
        ],
    ),
    (
        "Police raided a house in Tigray and arrested six traffickers.",
        ["?r a tkg:Region ; rdfs:label 'Tigray' ; tkg:partOf/tkg:isoCode 'ET' ."],
    ),
    (
        "Police arrested 40 people in the Mexican state of Chiapas.",
        ["?r a tkg:Region ; rdfs:label 'Chiapas' ; tkg:partOf/tkg:isoCode 'MX' ."],
    ),
    (
        "Police arrested 5 people in Atlanta, Georgia.",
        [_city("Atlanta", "US")],
    ),
    # a place defined with an acronym is meant by the bare acronym later on
    (
        "Migrants came from the Tigray Region (TR). Police arrested 4 people in TR.",
        ["?a a tkg:Arrest ; tkg:location ?r . ?r rdfs:label 'Tigray' ."],
    ),
    # "the state of X", "the town of X" governed like the place itself
    (
        "Migrants pass through the desert town of Agadez on their way north.",
        ["?f tkg:transit ?c . ?c rdfs:label 'Agadez' ."],
    ),
    (
        "The boat left the port city of Misrata for Italy.",
        ["?f tkg:origin ?c . ?c rdfs:label 'Misrata' ."],
    ),
    # a named area: "an area referred to as X"
    (
        "Agents arrested 5 smugglers in an area known as Red Ridge near Nogales, Arizona.",
        ["?a a tkg:Arrest ; tkg:location ?r . ?r a tkg:Region ; rdfs:label 'Red Ridge' ."],
    ),
    # a natural area across two countries
    (
        "12 were arrested in the Darien Gap.",
        [
            "?a a tkg:Arrest ; tkg:count 12 ; tkg:location ?r . ?r tkg:partOf ?p, ?c ."
            " ?p tkg:isoCode 'PA' . ?c tkg:isoCode 'CO' ."
        ],
    ),
    # "the U.S. state of Georgia" is the state, not the country
    (
        "Police arrested 6 people in the U.S. state of Georgia.",
        ["?a a tkg:Arrest ; tkg:location ?r . ?r a tkg:Region ; tkg:partOf/tkg:isoCode 'US' ."],
    ),
    # "-based": a place cue
    (
        "Police arrested 8 members of a Leeds-based gang in the UK.",
        ["?g tkg:basedIn|tkg:location ?c . ?c rdfs:label 'Leeds' ."],
    ),
    # Kosovo: a country without an ISO code
    (
        "Police arrested 4 smugglers in Kosovo.",
        ["?a a tkg:Arrest ; tkg:location ?k . ?k a tkg:Country ; rdfs:label 'Kosovo' ."],
    ),
    # border areas: part of both countries
    (
        "Police arrested 9 smugglers at the Greek-Turkish border.",
        [
            "?a a tkg:Arrest ; tkg:location ?b . ?b tkg:partOf/tkg:isoCode 'GR', 'TR' .",
        ],
    ),
    (
        "Officers arrested 7 guides at the border between Mexico and Guatemala.",
        [
            "?a a tkg:Arrest ; tkg:location ?b . ?b tkg:partOf/tkg:isoCode 'MX', 'GT' .",
        ],
    ),
]


@pytest.mark.parametrize("sentence,patterns", POSITIVE, ids=[s[:50] for s, _ in POSITIVE])
def test_place_rules(sentence, patterns):
    for p in patterns:
        assert _ask(sentence, p), p


NOT_PLACES = [
    # words and names that are also towns, without a place cue
    ("Police said Victoria was safe.", "Victoria"),
    ("He has worked for Veracruz since 2010.", "Veracruz"),
    ("James Jackson told the court that Jackson had paid the fee.", "Jackson"),
    ("In March, Italy closed its ports.", "March"),
    ("The Police Service of Northern Ireland confirmed the arrests.", "Police"),
    ("Preston North End played at home.", "Preston"),
    ("He was sentenced in Federal Court, Texas.", "Federal Court"),
    ("Migrants were rescued in Operation Triton, Italy said.", "Operation Triton"),
    ("Migrants were rescued in Operation Triton, Italy said.", "Triton"),
    # Georgia alone stays the country
    ("Migrants crossed from Turkey into Georgia.", None),
]


@pytest.mark.parametrize("sentence,word", NOT_PLACES, ids=[s[:40] for s, _ in NOT_PLACES])
def test_not_places(sentence, word):
    ms = [m for m in find_mentions(sentence) if m.kind == "place"]
    if word is None:
        assert all("/region/us-" not in m.iri for m in ms)
    else:
        assert all(m.text != word for m in ms)
