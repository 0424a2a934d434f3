"""The extractor's output is valid by construction: no text gives facts that fail the shapes.

``tkg build`` stores extracted facts without running SHACL on them (issue 15:
per-report validation was most of a build's time); this is the proof it may.
Every text below is extracted and validated with the full SHACL shapes
(:func:`graph.validate.validate_graph`), and no violation is allowed:

- the project's own extraction texts (``tests/data/extract``) and example reports;
- generated reports: hypothesis draws sentences from templates in the language
  of real reports (flows, arrests, counts, ranges, quotes, dates, country
  narratives, money, negations), filled with names from the gazetteers and
  numbers in the forms reports write them, mixed with arbitrary words, so that
  one sentence may carry several numbers, dates, places and actors at once.

The development corpus (texts not in the repository) is checked by
``bench/eval_extract.py`` (its ``invalid texts`` line).
"""

from __future__ import annotations

import datetime
import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.extract import extract_text
from graph.validate import validate_graph

from .conftest import DATA, EXAMPLES

TEXTS = sorted((DATA / "extract").glob("*.txt")) + sorted((EXAMPLES / "reports").glob("*.txt"))

TEMPLATES = [
    "{country} is a source, transit, and destination country for men, women, and children "
    "subjected to forced labor and sex trafficking.",
    "{country} is a destination country for {dem} women subjected to forced prostitution "
    "and a transit country for migrants from {country2}.",
    "More than {n} migrants arrived in {country} from {country2} across the {sea} since "
    "the start of {year}, {org} said on {weekday}.",
    "Some {n} migrants, up from {n2} a year earlier, crossed from {country2} to {country} "
    "in {month}.",
    "Between {n} and {n2} people were moved from {country2} to {country} via {country3}.",
    "{dem} police arrested {small} suspects and rescued {n} victims in an operation against "
    "a {dem2} gang that forced women into prostitution.",
    "{org} said {small} people were arrested in {country} and {small2} in {country2} on "
    "{month} {day}, {year}.",
    "{org} and {org2} supported the operation, which led to {small} arrests.",
    '"We are very concerned about the situation," {org} spokeswoman {first} {last} told '
    "reporters in {city} on {month} {day}.",
    "{first} {last}, {age}, a {dem} national, was sentenced to {small} years for smuggling "
    "{n} migrants from {country2} into {country}.",
    "The trade is worth ${money} billion a year in {region}, according to {org}.",
    "Smugglers charged each migrant {money},000 euros for the journey from {country2} "
    "to {country}.",
    "There are about {n} trafficking victims in {region} at any one time.",
    "{org} is sending experts to {country} to support the {dem} authorities.",
    "Victims from {country2} are exploited in {country} and {country3}.",
    "At least {small} migrants died and {small2} are missing after their boat capsized off "
    "{country} on {weekday}; {n} were rescued.",
    "The unrest in {region} has pushed thousands of people to flee to {country}.",
    "Smugglers moved the group from {country2} to {country} via {country3} in {year} "
    "and again in {year2}.",
    "Officials said there was no evidence that traffickers were active in {country}.",
    "{org} could send {n} officers to {country} if the situation worsens.",
    "In {year}, {n} people were identified as victims; in {year2}, {n2}.",
    "The weather in {city} was mild and the markets were calm.",
]

NUMBERS = st.one_of(
    st.integers(2, 999_999).map(lambda n: f"{n:,}"),
    st.integers(2, 500).map(str),
    st.sampled_from(["half a million", "1.5 million", "dozens of", "hundreds of", "2.5m", "a few"]),
)
SMALL = st.one_of(st.integers(1, 90).map(str), st.sampled_from(["two", "five", "12", "a dozen"]))
NOISE = st.lists(
    st.sampled_from(
        [
            "said",
            "not",
            "no",
            "could",
            "police",
            "arrested",
            "migrants",
            "from",
            "to",
            "in",
            ",",
            "Libya",
            "Italy",
            "Europol",
            "2011",
            "12",
            "victims",
            "smugglers",
            '"',
            "the",
            "and",
        ]
    ),
    max_size=15,
).map(" ".join)


@functools.cache
def _pools() -> dict[str, list[str]]:
    from graph.extract.gazetteer import demonyms, organisations
    from ontology import places

    every = places.all_places()
    return {
        "country": sorted(p.label for p in every if p.kind == "Country" and p.iso2),
        "city": sorted(p.label for p in every if p.kind == "City"),
        "org": sorted(o.label for o in organisations().values() if o.kind != "TerroristGroup"),
        "dem": sorted(d for d, iri in demonyms().items() if "/country/" in iri and " " not in d),
    }


@st.composite
def sentence(draw) -> str:
    pools = _pools()
    template = draw(st.sampled_from(TEMPLATES))
    values = {
        "country": draw(st.sampled_from(pools["country"])),
        "country2": draw(st.sampled_from(pools["country"])),
        "country3": draw(st.sampled_from(pools["country"])),
        "city": draw(st.sampled_from(pools["city"])),
        "org": draw(st.sampled_from(pools["org"])),
        "org2": draw(st.sampled_from(pools["org"])),
        "dem": draw(st.sampled_from(pools["dem"])),
        "dem2": draw(st.sampled_from(pools["dem"])),
        "region": draw(
            st.sampled_from(["North Africa", "Europe", "the Middle East", "West Africa"])
        ),
        "sea": draw(st.sampled_from(["Mediterranean", "Aegean Sea", "Red Sea"])),
        "n": draw(NUMBERS),
        "n2": draw(NUMBERS),
        "small": draw(SMALL),
        "small2": draw(SMALL),
        "money": draw(st.integers(1, 150).map(str)),
        "age": draw(st.integers(16, 80).map(str)),
        "year": draw(st.integers(1995, 2025).map(str)),
        "year2": draw(st.integers(1995, 2025).map(str)),
        "month": draw(st.sampled_from(["January", "March", "June", "October", "December"])),
        "day": draw(st.integers(1, 28).map(str)),
        "weekday": draw(st.sampled_from(["Monday", "Tuesday", "Friday"])),
        "first": draw(st.sampled_from(["Anna", "Ahmed", "Li", "Olga", "Peter"])),
        "last": draw(st.sampled_from(["Smith", "Rossi", "Haddad", "Okafor", "Garcia"])),
    }
    text = template.format(**values)
    if draw(st.booleans()):
        text = f"{text[:-1]} {draw(NOISE)}."
    return text


reports = st.tuples(
    st.lists(sentence(), min_size=1, max_size=14),
    st.sampled_from([" ", "\n", "\n\n"]),
).map(lambda parts: parts[1].join(parts[0]))


def _violations(text: str, date: str | None = None) -> list[str]:
    graph = extract_text(text, report_id="valid-by-construction", date=date)
    return [str(v) for v in validate_graph(graph, source="generated").violations]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_project_texts_give_valid_facts(path):
    assert _violations(path.read_text(encoding="utf-8"), "2016-05-10") == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=reports, date=st.one_of(st.none(), st.dates(datetime.date(1990, 1, 1)).map(str)))
def test_generated_reports_give_valid_facts(text, date):
    violations = _violations(text, date)
    assert violations == [], f"{violations[0]}\ntext: {text!r}"
