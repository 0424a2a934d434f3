"""Rule tables for numbers and statistics: what a number counts, its unit, hedges and ranges.

Every sentence here is made up for the test, in the constructions of agency
releases, statistical notes and country narratives; each case asks the
extracted graph one question (or, for the number finder, lists the numbers).
"""

from __future__ import annotations

import functools

import pytest

from graph.extract import extract_text
from graph.extract.numbers import find_quantities

PREFIX = "PREFIX tkg: <https://w3id.org/tkg/ontology#>\n"


@functools.cache
def _graph(text: str):
    return extract_text(text, report_id="statistics-test", date="2024-05-01")


def _ask(text: str, where: str) -> bool:
    return bool(_graph(text).query(PREFIX + "ASK { " + where + " }").askAnswer)


# --- the number finder: (text, [(value, approximate)]) -----------------------------------

NUMBERS = [
    ("nineteen boats", [(19, False)]),
    ("seventy-one migrants", [(71, False)]),
    ("three men and one smuggler", [(3, False), (1, False)]),
    ("a dozen yachts", [(12, False)]),
    ("more than a dozen yachts", [(12, True)]),
    ("hundreds of migrants", [(100, True)]),
    ("over five hundred passengers", [(500, True)]),
    ("at least 40 people", [(40, True)]),
    ("nearly 3,000 arrivals", [(3000, True)]),
    ("an estimated 600 victims", [(600, True)]),
    ("around 2 400 officers", [(2400, True)]),
    ("114 720 irregular entries", [(114720, False)]),
    ("two million people", [(2_000_000, False)]),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_numbers(text, expected):
    assert [(q.value, q.approximate) for q in find_quantities(text)] == expected


MONEY = [
    ("a fee of EUR 2800", (2800, None, "EUR")),
    ("paid EUR 3 500 per person", (3500, None, "EUR")),
    ("100 000 euros in cash", (100000, None, "EUR")),
    ("ransoms of $15,000-$30,000", (15000, 30000, "USD")),
    ("£1.5 million in assets", (1_500_000, None, "GBP")),
]


@pytest.mark.parametrize(("text", "expected"), MONEY)
def test_money(text, expected):
    assert [(q.value, q.high, q.unit) for q in find_quantities(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a 22-year-old man", []),
        ("Ana Ruiz, 30, of Lyon", []),
        ("three women aged 19, 24 and 31", [3]),
        ("a man in his 40s", []),
        ("45% more than last year", []),
        ("26 per cent of departures", []),
        ("the 3rd operation", []),
    ],
)
def test_ages_percentages_and_ordinals_are_not_numbers(text, expected):
    assert [q.value for q in find_quantities(text)] == expected


# --- statistics: (sentence, measure, value) ------------------------------------------------

STATS = [
    ("Police arrested seventy-one suspects in the raids.", "ArrestCount", 71),
    ("Over 260 domestic and international arrests were made.", "ArrestCount", 260),
    (
        "Nine suspects responsible for moving migrants across the border were arrested.",
        "ArrestCount",
        9,
    ),
    ("42 persons arrested for labour exploitation", "ArrestCount", 42),
    ("31 prosecuted for trafficking children", "ProsecutionCount", 31),
    ("The government prosecuted 120 defendants in 2022.", "ProsecutionCount", 120),
    ("Courts convicted 58 traffickers.", "ConvictionCount", 58),
    ("The authorities secured 75 convictions on smuggling charges.", "ConvictionCount", 75),
    ("212 persons suspected of trafficking human beings identified", "SuspectCount", 212),
    ("Officers conducted 48 house searches.", "SearchCount", 48),
    ("8 400 officers from police and labour authorities participated.", "PersonnelCount", 8400),
    ("The agency registered 31 250 irregular border crossings in May.", "MigrantArrivals", 31250),
    ("Migrants were asked to pay around EUR 4 000 per person.", "Price", 4000),
    ("Smugglers charged migrants EUR 5 000 for the crossing.", "Price", 5000),
    ("Kidnappers demanded ransoms of $10,000-$25,000.", "Price", 10000),
    ("Investigators seized EUR 250 000 in cash.", "SeizedAssets", 250000),
    ("The women were made to repay debts of up to EUR 30 000.", "Debt", 30000),
    ("Human trafficking is worth $150 billion a year.", "MarketValue", 150_000_000_000),
    (
        "Officials estimate 1.2 million Filipinos work in the Gulf states.",
        "MigrantCount",
        1_200_000,
    ),
    ("About 300 refugees were held captive for ransom.", "VictimCount", 300),
    ("Some 90 migrants were kidnapped near the border.", "VictimCount", 90),
    (
        "Nearly 90,000 people, most of whom were Venezuelans, crossed the jungle in 2022.",
        "MigrantArrivals",
        90000,
    ),
]


@pytest.mark.parametrize(("text", "measure", "value"), STATS)
def test_statistics(text, measure, value):
    where = f"{{ ?s tkg:measure tkg:{measure} ; tkg:value {value} . }}"
    if measure == "ArrestCount":  # (or the operations family's arrest with its count)
        where += f" UNION {{ ?a a tkg:Arrest ; tkg:count {value} . }}"
    assert _ask(text, where), text


def test_a_range_keeps_both_ends():
    text = "Kidnappers demanded ransoms of $10,000-$25,000."
    assert _ask(text, "?s tkg:minValue 10000 ; tkg:maxValue 25000 ; tkg:approximate true .")


@pytest.mark.parametrize(
    ("text", "value", "year"),
    [
        ("Authorities identified 410 victims in 2023, up from 350 in 2022.", 410, "2023"),
        ("Authorities identified 410 victims in 2023, up from 350 in 2022.", 350, "2022"),
        ("Police made 96 arrests in 2021, compared with 70 the previous year.", 96, "2021"),
    ],
)
def test_each_compared_figure_has_its_own_year(text, value, year):
    assert _ask(text, f'?s tkg:value {value} ; tkg:period ?p . FILTER(STR(?p) = "{year}")'), text


# --- numbers that must not become counts -------------------------------------------------

NOT_COUNTS = [
    ("A 27-year-old man was arrested in Dover.", "?s tkg:value 27 ."),
    ("A 27-year-old man was arrested in Dover.", "?a tkg:count 27 ."),
    ("Police arrested Omar Haddad, 33, and Lina Haddad, 29, in Leeds.", "?a tkg:count 33 ."),
    ("Arrivals rose by 84% compared with 2021.", "?s tkg:value 84 ."),
    # people who fled a war are not arrivals of irregular migrants ("since" tells no arrival)
    (
        "Some 3.1 million people have fled Syria into Turkey since the start of the war.",
        "?s tkg:measure tkg:MigrantArrivals .",
    ),
    ("In 2014, the government convicted 12 traffickers.", "?s tkg:value 2014 ."),
    ("Each defendant faces a fine of $250,000.", "?s tkg:value 250000 ."),
    ("The EU paid EUR 6 billion to Turkey under the deal.", "?s tkg:measure tkg:Price ."),
    ("The new patrol boats cost EUR 2 million.", "?s tkg:measure tkg:Price ."),
    ("Officials said 300 police officers would be deployed to the border.", "?s tkg:value 300 ."),
    ("The law provides penalties of up to 20 years' imprisonment.", "?s tkg:value 20 ."),
    (
        "At least 40 people drowned off Libya.",
        "?s tkg:measure ?m ; tkg:value 40 . VALUES ?m { tkg:MigrantCount tkg:MigrantArrivals }",
    ),
]


@pytest.mark.parametrize(("text", "where"), NOT_COUNTS)
def test_not_counts(text, where):
    assert not _ask(text, where), text


def test_a_days_action_is_dated_by_the_sentences_day():
    day = "On 3 May 2023, more than 200 officers carried out 30 house searches in Spain."
    assert _ask(
        day,
        "?s tkg:measure tkg:SearchCount ; tkg:value 30 ;"
        " tkg:date '2023-05-03'^^<http://www.w3.org/2001/XMLSchema#date>",
    )
    assert not _ask("In 2022, courts convicted 58 traffickers.", "?s tkg:measure ?m ; tkg:date ?d")
