"""Rule tables for judicial events: charges, extraditions, pleas, convictions, sentences.

Every sentence here is made up for the test, in the constructions of court and
justice-department releases; each case asks the extracted graph one question.
"""

from __future__ import annotations

import functools

import pytest

from graph.extract import extract_text

PREFIX = (
    "PREFIX tkg: <https://w3id.org/tkg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
KINDS = "tkg:Charge tkg:Prosecution tkg:Extradition tkg:GuiltyPlea tkg:Conviction tkg:Sentencing tkg:Acquittal"


@functools.cache
def _graph(text: str):
    return extract_text(text, report_id="judicial-test", date="2024-05-01")


def _ask(text: str, where: str) -> bool:
    return bool(_graph(text).query(PREFIX + "ASK { " + where + " }").askAnswer)


# --- (sentence, event class, count or None) ---------------------------------------------

EVENTS = [
    ("Eight defendants were charged in federal court in Houston.", "Charge", 8),
    ("The indictment charges six defendants with sex trafficking.", "Charge", 6),
    ("Two brothers were indicted on smuggling counts.", "Charge", 2),
    ("Three defendants were extradited from Colombia to the United States.", "Extradition", 3),
    ("4 extradited from Spain to face charges of people smuggling", "Extradition", 4),
    ("Nine members of the ring pleaded guilty to conspiracy.", "GuiltyPlea", 9),
    ("Five traffickers were convicted in Bucharest.", "Conviction", 5),
    ("Twelve smugglers were found guilty of endangering lives.", "Conviction", 12),
    ("Four defendants were sentenced today in Dallas.", "Sentencing", 4),
    ("Two men were acquitted of all charges.", "Acquittal", 2),
    ("15 prosecuted for trafficking women", "Prosecution", 15),
    ("A jury in Miami found Carlos Mendez, 52, guilty of sex trafficking.", "Conviction", None),
    ("The court found both brothers not guilty of smuggling.", "Acquittal", None),
]


@pytest.mark.parametrize(("text", "kind", "count"), EVENTS)
def test_judicial_events(text, kind, count):
    q = f"?e a tkg:{kind} ; tkg:evidence ?ev ."
    if count is not None:
        q += f" ?e tkg:count {count} ."
    assert _ask(text, q), text


# --- defendants, terms, places, dates, agencies -----------------------------------------

DETAILS = [
    (
        "Marco Bellini, 41, was sentenced to 12 years in prison.",
        '?e a tkg:Sentencing ; tkg:defendant ?p ; tkg:sentenceTerm ?t . ?p a tkg:Person ; rdfs:label ?l . FILTER(CONTAINS(?l, "Bellini") && STR(?t) = "P12Y")',
    ),
    (
        "Hana Novak was sentenced to 6 years and four months in prison; "
        "Pavel Stein was sentenced to 9 years.",
        '?e a tkg:Sentencing ; tkg:defendant ?p ; tkg:sentenceTerm ?t . ?p rdfs:label ?l . FILTER(CONTAINS(?l, "Novak") && STR(?t) = "P6Y4M")',
    ),
    (
        "Hana Novak was sentenced to 6 years and four months in prison; "
        "Pavel Stein was sentenced to 9 years.",
        '?e a tkg:Sentencing ; tkg:defendant ?p ; tkg:sentenceTerm ?t . ?p rdfs:label ?l . FILTER(CONTAINS(?l, "Stein") && STR(?t) = "P9Y")',
    ),
    (
        "A smuggler convicted and jailed for 17 years in March 2023 ran the network.",
        '?e a tkg:Sentencing ; tkg:sentenceTerm "P17Y"^^<http://www.w3.org/2001/XMLSchema#duration> .',
    ),
    (
        "Five defendants were arraigned before Magistrate Judge Anna Berg following their "
        "extradition from Peru.",
        '?e a tkg:Extradition ; tkg:count 5 ; tkg:origin/tkg:isoCode "PE" .',
    ),
    (
        "Omar Diallo, 33, received a prison sentence of 7 years.",
        '?e a tkg:Sentencing ; tkg:defendant ?p ; tkg:sentenceTerm ?t . FILTER(STR(?t) = "P7Y")',
    ),
    (
        "Two smugglers were imprisoned for five years and six months.",
        '?e a tkg:Sentencing ; tkg:count 2 ; tkg:sentenceTerm ?t . FILTER(STR(?t) = "P5Y6M")',
    ),
    (
        "Three defendants were extradited from Colombia to the United States.",
        '?e a tkg:Extradition ; tkg:origin/tkg:isoCode "CO" ; tkg:destination/tkg:isoCode "US" .',
    ),
    (
        "Eight defendants were charged in federal court in Houston on 3 March 2022.",
        "?e a tkg:Charge ; tkg:date ?d . FILTER(STR(?d) = '2022-03-03')",
    ),
    (
        "Eight defendants were charged in federal court in Houston on 3 March 2022.",
        '?e a tkg:Charge ; tkg:location/tkg:partOf*/tkg:isoCode "US" .',
    ),
    (
        "Jonas Weber, 30, was arrested on 12 June 2023 in Munich.",
        '?e a tkg:Arrest ; tkg:defendant ?p ; tkg:location/tkg:partOf*/tkg:isoCode "DE" .',
    ),
    (
        "Officers arrested a 45-year-old man in Dover on suspicion of people smuggling.",
        "?e a tkg:Arrest ; tkg:count 1 .",
    ),
    (
        "The arrests took place in Lyon between Monday and Wednesday.",
        '?e a tkg:Arrest ; tkg:location/tkg:partOf*/tkg:isoCode "FR" .',
    ),
    (
        "Eight defendants were charged in federal court in Houston.",
        "?s tkg:measure tkg:ProsecutionCount ; tkg:value 8 .",
    ),
    (
        "A jury in Miami found Carlos Mendez, 52, guilty of sex trafficking.",
        '?e a tkg:Conviction ; tkg:defendant/rdfs:label ?l . FILTER(CONTAINS(?l, "Mendez"))',
    ),
    (
        "In 2022 the government prosecuted 97 traffickers and convicted 41, "
        "compared with 35 convictions in 2021.",
        "?e a tkg:Conviction ; tkg:count 41 ; tkg:date ?d . FILTER(STR(?d) = '2022')",
    ),
    (
        "Five traffickers were convicted in Bucharest.",
        "?s tkg:measure tkg:ConvictionCount ; tkg:value 5 .",
    ),
]


@pytest.mark.parametrize(("text", "where"), DETAILS)
def test_judicial_details(text, where):
    assert _ask(text, where), text


# --- sentences that must give no judicial event -----------------------------------------

NOTHING = [
    "He could be sentenced to 20 years if convicted.",
    "The two men face charges of people smuggling.",
    "Smugglers charged EUR 3 000 per person for the crossing.",
    "The suspects were never charged.",
    "Each defendant faces up to life in prison.",
    "If convicted, the defendants could face 10 years.",
    "The court will decide whether the men are extradited.",
    "The trafficker found the victims online.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_no_judicial_event(text):
    assert not _ask(text, f"?e a ?k . VALUES ?k {{ {KINDS} }}"), text


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "Marek Novak, 39, was arrested in Vienna in May. He was charged with people "
            "smuggling on 3 June 2023.",
            "Charge",
            True,
        ),
        (
            "Ana Lopez and Rui Costa were arrested in Porto. They were extradited to Spain.",
            "Extradition",
            True,
        ),
        # another paragraph, or "he" for two people: no one
        ("Marek Novak, 39, was arrested in Vienna.\n\nHe was charged in June.", "Charge", False),
        (
            "Ana Lopez and Rui Costa were arrested in Porto. He was extradited to Spain.",
            "Extradition",
            False,
        ),
    ],
)
def test_pronoun_defendants_from_the_sentence_before(text, kind, expected):
    assert _ask(text, f"?e a tkg:{kind} ; tkg:defendant ?p .") is expected, text


def test_a_judge_is_no_defendant():
    text = (
        "Five defendants were arraigned before Magistrate Judge Anna Berg following their "
        "extradition from Peru."
    )
    assert not _ask(text, '?e tkg:defendant ?p . ?p rdfs:label ?l . FILTER(CONTAINS(?l, "Berg"))')


def test_a_number_after_one_verb_is_not_the_next_verbs_count():
    text = "In 2022 the government prosecuted 97 traffickers and convicted 41."
    assert not _ask(text, "?e a tkg:Conviction ; tkg:count 97 .")


def test_one_arrest_per_sentence_with_the_operations_family():
    text = "Police arrested 40 suspects in Madrid on 2 May 2023."
    assert _ask(text, "?e a tkg:Arrest ; tkg:count 40 .")
    rows = _graph(text).query(PREFIX + "SELECT ?e WHERE { ?e a tkg:Arrest }")
    assert len(list(rows)) == 1
