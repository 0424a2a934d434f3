"""Rule tables for the statement and unrest families (frames/statements.py, frames/unrest.py).

Each row is a sentence written for these tests and a SPARQL ASK pattern that
must hold on its extracted graph; the second table holds sentences that must
give no fact of the family. A failing row points at one rule.
"""

from __future__ import annotations

import pytest

from graph.extract import extract_text

PREFIXES = """
PREFIX tkg: <https://w3id.org/tkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

STATEMENTS = [
    (
        "Europol director Rob Wainwright said the agency was worried about new smuggling routes.",
        "?s a tkg:Statement ; tkg:speaker ?p . ?p rdfs:label 'Rob Wainwright' ; tkg:memberOf ?o ."
        " ?o rdfs:label 'Europol'",
    ),
    (
        "The UNHCR warned on Tuesday that thousands of refugees could be stranded in Libya.",
        "?s a tkg:Warning ; tkg:speaker/rdfs:label 'UNHCR' ; tkg:about/tkg:isoCode 'LY' ;"
        " tkg:date '2011-02-22'^^<http://www.w3.org/2001/XMLSchema#date>",
    ),
    (
        '"We are seeing more boats every week," said Maria Lopez, a spokeswoman for the IOM.',
        "?s a tkg:Statement ; tkg:speaker ?p . ?p rdfs:label 'Maria Lopez' ; tkg:memberOf ?o .",
    ),
    (
        "Frontex said it would send experts to Lampedusa.",
        "?s a tkg:Statement ; tkg:speaker/rdfs:label 'Frontex'",
    ),
    # a press release's dateline dates the statements of its sentence
    (
        "LISBON (3 March 2022) – UN experts* expressed serious concern about detention centres.",
        "?s a tkg:Warning ; tkg:speaker/rdfs:label ?l ;"
        " tkg:date '2022-03-03'^^<http://www.w3.org/2001/XMLSchema#date>",
    ),
    (
        "OSLO, May 4, 2021 — Interpol called on states to share data on smuggling networks.",
        "?s a tkg:Statement ; tkg:speaker/rdfs:label 'Interpol' ;"
        " tkg:date '2021-05-04'^^<http://www.w3.org/2001/XMLSchema#date>",
    ),
    (
        "The IOM appealed for funds to help the families of the missing.",
        "?s a tkg:Statement ; tkg:speaker/rdfs:label ?l",
    ),
    (
        "ROME (2 May 2022) – UN experts today expressed alarm at the detention of migrants.",
        "?s a tkg:Warning ; tkg:quote 'at the detention of migrants.' ;"
        " tkg:date '2022-05-02'^^<http://www.w3.org/2001/XMLSchema#date>",
    ),
]

UNREST = [
    (
        "Fighting broke out in Tripoli in March 2011.",
        "?u a tkg:CivilUnrest ; tkg:location/rdfs:label 'Tripoli'",
    ),
    (
        "Protests and riots spread across Tunisia and Egypt in January.",
        "?u a tkg:CivilUnrest ; tkg:location/tkg:isoCode 'TN', 'EG'",
    ),
    (
        "Unrest in Syria has displaced millions.",
        "?u a tkg:CivilUnrest ; tkg:location/tkg:isoCode 'SY'",
    ),
]

NO_UNREST = [
    "Police are fighting crime in the city.",
    "The agency is fighting human trafficking across Europe.",
    "There could be riots in Cairo if prices rise.",
]

NO_STATEMENT = [
    "The report was published in Brussels in 2011.",
    "Smugglers told migrants the crossing was safe.",
    "The concern of the families grew after the boat disappeared.",
]


def test_a_dateline_dates_no_event_of_a_later_sentence():
    g = extract_text(
        "ROME (2 June 2023) – Frontex said it would send experts.\n"
        "Officers arrested 12 smugglers in Sicily.",
        report_id="rule-table",
    )
    q = "ASK { ?a a tkg:Arrest ; tkg:date ?d }"
    assert not g.query(PREFIXES + q).askAnswer


def _ask(sentence: str, pattern: str) -> bool:
    # the report date resolves "Tuesday" (2011-02-22 is a Tuesday)
    g = extract_text(sentence, report_id="rule-table", date="2011-02-22")
    return bool(g.query(PREFIXES + "ASK { " + pattern + " }").askAnswer)


@pytest.mark.parametrize("sentence,pattern", STATEMENTS + UNREST)
def test_rule_table(sentence, pattern):
    assert _ask(sentence, pattern), f"{sentence!r} did not give {pattern!r}"


@pytest.mark.parametrize("sentence", NO_UNREST)
def test_no_unrest(sentence):
    assert not _ask(sentence, "?u a tkg:CivilUnrest")


@pytest.mark.parametrize("sentence", NO_STATEMENT)
def test_no_statement(sentence):
    assert not _ask(sentence, "?s a tkg:Statement")
