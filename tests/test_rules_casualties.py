"""Rule tables for deaths, missing, rescued, injured and intercepted people.

Every sentence here is made up for the test, in the constructions of press
releases, IOM/UNHCR releases and encyclopaedia articles; each case asks the
extracted graph one question.
"""

from __future__ import annotations

import functools

import pytest

from graph.extract import extract_text

PREFIX = "PREFIX tkg: <https://w3id.org/tkg/ontology#>\n"


@functools.cache
def _graph(text: str):
    return extract_text(text, report_id="casualty-test", date="2024-05-01")


def _ask(text: str, where: str) -> bool:
    return bool(_graph(text).query(PREFIX + "ASK { " + where + " }").askAnswer)


def _stat(measure: str, value: int) -> str:
    return f"?s a tkg:Statistic ; tkg:measure tkg:{measure} ; tkg:value {value} ."


# --- (sentence, measure, value) ----------------------------------------------------------

COUNTS = [
    ("At least 38 people were killed when the truck overturned near Oaxaca.", "DeathCount", 38),
    ("Forty-one migrants drowned when their dinghy capsized.", "DeathCount", 41),
    # an aside between the people and what happened to them; a headline's present tense
    ("At least 52 migrants, including three children, drowned off Sfax.", "DeathCount", 52),
    ("Some 25 people (mostly Syrians) died in the fire.", "DeathCount", 25),
    ("14 migrants, who had paid smugglers, died in the desert.", "DeathCount", 14),
    ("At Least 33 Migrants Drown in Shipwreck off Tunisia", "DeathCount", 33),
    ("The sinking caused the deaths of 17 migrants.", "DeathCount", 17),
    ("Nineteen asylum seekers lost their lives in the crossing.", "DeathCount", 19),
    ("Rescuers recovered the bodies of 12 people from the sea.", "DeathCount", 12),
    ("The navy retrieved the remains of 9 others.", "DeathCount", 9),
    ("A further 63 bodies were recovered on Tuesday.", "DeathCount", 63),
    ("Two smugglers died in the crash.", "DeathCount", 2),
    ("Six passengers were found dead inside the container.", "DeathCount", 6),
    ("The storm claimed at least 27 lives.", "DeathCount", 27),
    ("The heat has claimed the lives of four Honduran migrants.", "DeathCount", 4),
    ("By Sunday the death toll had risen to 86.", "DeathCount", 86),
    ("A young Eritrean woman died of exhaustion in the desert.", "DeathCount", 1),
    ("Officers found the body of a Syrian man on the beach.", "DeathCount", 1),
    ("A 19-year-old Afghan man died after being struck by a train.", "DeathCount", 1),
    ("Thousands fled after the beheadings of 12 hostages by militants.", "DeathCount", 12),
    ("Eleven villagers were murdered by the gang.", "DeathCount", 11),
    ("Seventy-one migrants remain missing after the boat sank.", "MissingCount", 71),
    ("About 40 people were declared missing.", "MissingCount", 40),
    ("The coast guard rescued 212 people off the island.", "RescueCount", 212),
    ("A total of 96 survivors were rescued by a merchant ship.", "RescueCount", 96),
    ("The operation led to the rescue of 48 passengers.", "RescueCount", 48),
    ("Patrol boats intercepted 300 migrants and returned them to shore.", "InterceptionCount", 300),
    (
        "The coast guard intercepted and returned 2,100 migrants to Libya.",
        "InterceptionCount",
        2100,
    ),
    ("Another 14 passengers were injured.", "InjuredCount", 14),
    ("Three officers killed two gunmen in the raid.", "DeathCount", 2),
    ("Four migrants killed in crash near the border", "DeathCount", 4),
]


@pytest.mark.parametrize(("text", "measure", "value"), COUNTS)
def test_casualty_counts(text, measure, value):
    assert _ask(text, _stat(measure, value)), text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("At least 38 people were killed when the truck overturned near Oaxaca.", 38),
        ("Forty-one migrants drowned when their dinghy capsized.", 41),
        ("Rescuers recovered the bodies of 12 people from the sea.", 12),
    ],
)
def test_deaths_are_never_migrant_counts_or_flow_counts(text, value):
    assert not _ask(
        text, f"?s tkg:measure ?m ; tkg:value {value} . FILTER(?m != tkg:DeathCount)"
    ), text
    assert not _ask(text, f"?f tkg:count {value} ."), text


# --- the place, the date, the approximation and the people's nationality ----------------

DETAILS = [
    (
        "At least 44 migrants drowned off the coast of Yemen on 12 March 2021.",
        '?s tkg:measure tkg:DeathCount ; tkg:scope/tkg:isoCode "YE" .',
    ),
    (
        "At least 44 migrants drowned off the coast of Yemen on 12 March 2021.",
        "?s tkg:measure tkg:DeathCount ; tkg:date ?d . FILTER(STR(?d) = '2021-03-12')",
    ),
    (
        "At least 44 migrants drowned off the coast of Yemen on 12 March 2021.",
        "?s tkg:measure tkg:DeathCount ; tkg:approximate true .",
    ),
    (
        "Tunis, Tunisia – Some 30 people have died after their boat sank.",
        '?s tkg:measure tkg:DeathCount ; tkg:scope/tkg:partOf*/tkg:isoCode "TN" .',
    ),
    (
        "In June 2019, 23 Malian migrants died of thirst in the desert.",
        '?s tkg:measure tkg:DeathCount ; tkg:about ?g . ?g tkg:nationality/tkg:isoCode "ML" .',
    ),
    (
        "In June 2019, 23 Malian migrants died of thirst in the desert.",
        "?s tkg:measure tkg:DeathCount ; tkg:date ?d . FILTER(STRSTARTS(STR(?d), '2019-06'))",
    ),
    (
        "A Cuban man died after falling from the border wall.",
        '?s tkg:measure tkg:DeathCount ; tkg:about ?g . ?g tkg:nationality/tkg:isoCode "CU" .',
    ),
    (
        "The boat carried refugees from Sudan, and 15 of them later died.",
        '?s tkg:measure tkg:DeathCount ; tkg:about ?g . ?g tkg:nationality/tkg:isoCode "SD" .',
    ),
    (
        "A second boat sank on 3 May and 18 bodies were recovered.",
        _stat("DeathCount", 18),
    ),
]


@pytest.mark.parametrize(("text", "where"), DETAILS)
def test_casualty_details(text, where):
    assert _ask(text, where), text


# --- sentences that must give no casualty count -------------------------------------------

NOTHING = [
    "More than 3,000 people have fled the fighting.",
    "Hundreds of migrants could die if the crossings continue.",
    "No one was killed in the fire.",
    "Officials fear that 50 people may have drowned.",
    "The smugglers threatened to kill 20 hostages.",
    "The report counts 12 chapters on the dead and the missing.",
    "The 45-year-old man died in hospital.",
    "Rescue teams searched the area for two days.",
    "Three officers killed two gunmen in the raid.|3",
]


@pytest.mark.parametrize("text", NOTHING)
def test_no_casualty_count(text):
    text, _, value = text.partition("|")  # (with a value: no count of that value)
    where = (
        "?s tkg:measure ?m . VALUES ?m { tkg:DeathCount tkg:MissingCount tkg:RescueCount "
        "tkg:InjuredCount tkg:InterceptionCount }"
    )
    if value:
        where += f" ?s tkg:value {value} ."
    assert not _ask(text, where), text
