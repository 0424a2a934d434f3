"""Rule tables for operations, arrests and their per-place distribution.

Each case is a made-up sentence and SPARQL ASK patterns that must hold on its
graph (or must not hold: the sentences of the negative table give no such fact).
"""

from __future__ import annotations

import pytest

from graph.extract import extract_text

PREFIX = "PREFIX tkg: <https://w3id.org/tkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def _ask(sentence: str, pattern: str, date: str = "2024-05-10") -> bool:
    g = extract_text(sentence, report_id="rule-test", date=date)
    return bool(g.query(PREFIX + "ASK { " + pattern + " }").askAnswer)


def _arrest(n: int, iso: str) -> str:
    return f"?a a tkg:Arrest ; tkg:count {n} ; tkg:location/tkg:partOf*/tkg:isoCode '{iso}' ."


POSITIVE = [
    # distribution over a list: one arrest per place with its count, plus the total
    (
        "Forty suspects were arrested: 12 in Spain, 20 in Portugal and 8 in Morocco.",
        [_arrest(12, "ES"), _arrest(20, "PT"), _arrest(8, "MA")],
    ),
    (
        "Police arrested 31 people (9 in Belgium, 15 in the Netherlands and 7 in Germany) on Monday.",
        [_arrest(9, "BE"), _arrest(15, "NL"), _arrest(7, "DE"), "?a a tkg:Arrest ; tkg:count 31 ."],
    ),
    (
        "Officers detained 3 smugglers in Greece, 5 in Bulgaria and 2 in Romania.",
        [_arrest(3, "GR"), _arrest(5, "BG"), _arrest(2, "RO")],
    ),
    (
        "Investigators made 12 and 20 arrests in Spain and Portugal respectively.",
        [_arrest(12, "ES"), _arrest(20, "PT")],
    ),
    (
        "Arrests were made in Italy (14), France (6) and Austria (3).",
        [_arrest(14, "IT"), _arrest(6, "FR"), _arrest(3, "AT")],
    ),
    (
        "The network was dismantled with arrests in Spain (7 arrests) and Italy (5 arrests).",
        [_arrest(7, "ES"), _arrest(5, "IT")],
    ),
    # a counted arrest over listed places without counts: the places, each its own arrest
    (
        "Twenty people were arrested in Poland, Slovakia and Hungary.",
        [
            "?a a tkg:Arrest ; tkg:count 20 .",
            "?a a tkg:Arrest ; tkg:location/tkg:isoCode 'SK' .",
            "?a a tkg:Arrest ; tkg:location/tkg:isoCode 'HU' .",
        ],
    ),
    # "74 arrests across 12 countries": the count of the noun, not of the countries
    (
        "Operation Limes led to 74 arrests across 12 countries between 3 and 7 June 2019.",
        [
            "?a a tkg:Arrest ; tkg:count 74 .",
            "?o a tkg:LawEnforcementOperation ; rdfs:label 'Operation Limes' ; tkg:result ?a .",
        ],
    ),
    # an arrest told with its date only
    (
        "The smugglers were arrested in 2018 and later extradited.",
        ["?a a tkg:Arrest ; tkg:date ?d ."],
    ),
    # passive voice: the count before the verb, not a number after it
    (
        "During the raids, 38 persons were arrested, 11 cars were seized and 4 houses searched.",
        ["?a a tkg:Arrest ; tkg:count 38 ."],
    ),
    # agencies: led (agent) and supported (participant)
    (
        "The operation was led by Europol and supported by Eurojust.",
        [
            "?o a tkg:LawEnforcementOperation ; tkg:agent <https://w3id.org/tkg/id/org/europol> ;"
            " tkg:participant <https://w3id.org/tkg/id/org/eurojust> ."
        ],
    ),
    (
        "With the support of Europol and Frontex, police arrested 14 smugglers in Greece.",
        [
            "?a a tkg:Arrest ; tkg:count 14 ; tkg:participant <https://w3id.org/tkg/id/org/frontex> ;"
            " tkg:location/tkg:isoCode 'GR' ."
        ],
    ),
    (
        "A joint action day led by Spain targeted a network in Madrid with the help of Interpol.",
        [
            "?o a tkg:LawEnforcementOperation ; tkg:agent ?s . ?s tkg:basedIn/tkg:isoCode 'ES' .",
        ],
    ),
    (
        "The Europol-led operation dismantled a smuggling ring in Spain.",
        ["?o a tkg:LawEnforcementOperation ; tkg:agent <https://w3id.org/tkg/id/org/europol> ."],
    ),
    (
        "A Dutch-led operation targeted a trafficking network in Rotterdam.",
        ["?o a tkg:LawEnforcementOperation ; tkg:agent ?a . ?a tkg:basedIn/tkg:isoCode 'NL' ."],
    ),
    (
        "The Interpol-supported raids freed 30 victims in Lagos.",
        [
            "?o a tkg:LawEnforcementOperation ;"
            " tkg:participant <https://w3id.org/tkg/id/org/interpol> ;"
            " tkg:location/tkg:partOf/tkg:isoCode 'NG' ."
        ],
    ),
    (
        "A joint investigation team between Romania and the United Kingdom was set up in 2008.",
        [
            "?o a tkg:LawEnforcementOperation ; tkg:participant ?a, ?b ."
            " ?a tkg:basedIn/tkg:isoCode 'RO' . ?b tkg:basedIn/tkg:isoCode 'GB' ."
        ],
    ),
    (
        "In the operation codenamed Global Chain, 212 suspects were arrested.",
        [
            "?o a tkg:LawEnforcementOperation ; rdfs:label 'Global Chain' ; tkg:result ?a ."
            " ?a tkg:count 212 ."
        ],
    ),
    # where the operation acted: one location per listed place
    (
        "As part of the operation, bars and brothels were checked in Denmark, Norway and Finland.",
        [
            "?o a tkg:LawEnforcementOperation ; tkg:location/tkg:isoCode 'DK', 'NO', 'FI' .",
        ],
    ),
    # named operations, dates and ranges
    (
        "Operation Blue Harbour was carried out in Croatia on 3 October 2019.",
        [
            "?o a tkg:LawEnforcementOperation ; rdfs:label ?l ; tkg:date '2019-10-03'^^<http://www.w3.org/2001/XMLSchema#date> ;"
            " tkg:location/tkg:isoCode 'HR' . FILTER(CONTAINS(?l, 'Blue Harbour'))",
        ],
    ),
    (
        "From 2 to 9 June 2023, labour inspectors and police held joint action days in 20 countries.",
        [
            "?o a tkg:LawEnforcementOperation ; tkg:startDate ?s ; tkg:endDate ?e ."
            " FILTER(STR(?s) = '2023-06-02' && STR(?e) = '2023-06-09')",
        ],
    ),
    (
        "On Tuesday 14 March, a large operation was organised in Bulgaria with 300 officers.",
        [
            "?o a tkg:LawEnforcementOperation ; tkg:date ?d ; tkg:location/tkg:isoCode 'BG' ."
            " FILTER(STR(?d) = '2023-03-14')",
        ],
    ),
    # the event's date, not the announcement's
    (
        "Police said on Friday that officers had arrested 12 people in Spain on Wednesday.",
        [
            "?a a tkg:Arrest ; tkg:count 12 ; tkg:date ?d . FILTER(STR(?d) = '2024-05-08')",
        ],
    ),
    # results
    (
        "The crackdown in Italy led to the arrest of 17 suspects.",
        [
            "?o a tkg:LawEnforcementOperation ; tkg:result ?a . ?a a tkg:Arrest ; tkg:count 17 .",
        ],
    ),
]

NEGATIVE = [
    # never the wrong count on a place
    (
        "Forty suspects were arrested: 12 in Spain, 20 in Portugal and 8 in Morocco.",
        _arrest(20, "ES"),
    ),
    (
        "Police arrested 31 people (9 in Belgium, 15 in the Netherlands and 7 in Germany).",
        _arrest(15, "BE"),
    ),
    (
        "Police arrested 31 people (9 in Belgium, 15 in the Netherlands and 7 in Germany).",
        _arrest(31, "BE"),
    ),
    ("Twenty people were arrested in Poland, Slovakia and Hungary.", _arrest(20, "PL")),
    (
        "Operation Limes led to 74 arrests across 12 countries between 3 and 7 June 2019.",
        "?a a tkg:Arrest ; tkg:count 12 .",
    ),
    # hedged or negated: no event
    ("Police may launch an operation in Spain next week.", "?o a tkg:LawEnforcementOperation ."),
    ("Nobody was arrested in France.", "?a a tkg:Arrest ."),
    # the criminals' operation or a rescue is no law-enforcement operation
    ("The smuggling operation moved migrants through Libya.", "?o a tkg:LawEnforcementOperation ."),
    (
        "A search and rescue operation was carried out off Malta.",
        "?o a tkg:LawEnforcementOperation .",
    ),
    # the crime's place is not the arrest's
    (
        "Eleven men suspected of smuggling migrants in Serbia were arrested.",
        "?a a tkg:Arrest ; tkg:location/tkg:isoCode 'RS' .",
    ),
    # an arrest told again ("at the time of his arrest") is no new arrest with the clause's place
    (
        "The smuggler, who lived in Leeds at the time of his arrest, was jailed.",
        "?a a tkg:Arrest .",
    ),
    # the agency that tells of the arrest did not make it
    (
        "The Guardia Civil arrested 15 people in Almeria on Tuesday, Europol said on Thursday.",
        "?a a tkg:Arrest ; tkg:agent <https://w3id.org/tkg/id/org/europol> .",
    ),
    # an announcement's date is not the arrest's
    (
        "Police said on Friday that officers had arrested 12 people in Spain on Wednesday.",
        "?a a tkg:Arrest ; tkg:date ?d . FILTER(STR(?d) = '2024-05-10')",
    ),
]


@pytest.mark.parametrize("sentence,patterns", POSITIVE, ids=[s[:50] for s, _ in POSITIVE])
def test_operation_rules(sentence, patterns):
    for p in patterns:
        assert _ask(sentence, p), p


@pytest.mark.parametrize("sentence,pattern", NEGATIVE, ids=[s[:50] for s, _ in NEGATIVE])
def test_operation_rules_give_nothing_wrong(sentence, pattern):
    assert not _ask(sentence, pattern)
