"""Rule tables for dates: absolute, relative, ranges and the event's own date."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.extract.dates import event_dates, find_dates

REPORT = dt.date(2020, 10, 28)  # a Wednesday

FOUND = [
    ("in October 2013", [("point", "2013-10", None)]),
    ("on 3 October", [("point", "2020-10-03", None)]),
    ("on Saturday 24 October", [("point", "2020-10-24", None)]),
    ("Last Thursday, 8 April 2010, police", [("point", "2010-04-08", None)]),
    ("Friday, May 3", [("point", "2019-05-03", None)]),  # the year whose 3 May is a Friday
    ("last year", [("point", "2019", None)]),
    ("yesterday", [("point", "2020-10-27", None)]),
    ("on the 11th of June", [("point", "2020-06-11", None)]),
    ("From 20 to 27 April 2024", [("range", "2024-04-20", "2024-04-27")]),
    ("the action days of 20-27 April 2024", [("range", "2024-04-20", "2024-04-27")]),
    ("April 20-27, 2024", [("range", "2024-04-20", "2024-04-27")]),
    ("from 28 March to 2 April 2024", [("range", "2024-03-28", "2024-04-02")]),
    ("between January and June 2022", [("range", "2022-01", "2022-06")]),
    ("kidnappings from 2009 to 2014", [("range", "2009", "2014")]),
    ("Between 2009 and 2014", [("range", "2009", "2014")]),
    ("last Wednesday", [("point", "2020-10-21", None)]),
    ("between Monday 5th and Friday 9th October", [("range", "2020-10-05", "2020-10-09")]),
    ("the law adopted in May 2015", [("point", "2015-05", None)]),
    ("In October, police raided", [("point", "2020-10", None)]),
    ("in early December the boats", [("point", "2019-12", None)]),  # still to come: last year
    ("since mid-March", [("since", "2020-03", None)]),
]


@pytest.mark.parametrize("text,expected", FOUND, ids=[t for t, _ in FOUND])
def test_dates_found(text, expected):
    got = [(d.kind, d.value, d.end_value) for d in find_dates(text, REPORT)]
    assert got == expected


EVENT = [
    # the telling's date is left out; the event's own date is kept
    (
        "Police said on Friday that officers had arrested 12 people on Monday.",
        "arrested",
        "2020-10-26",
    ),
    (
        "The ministry announced Tuesday that 40 migrants were rescued on 20 October.",
        "rescued",
        "2020-10-20",
    ),
    (
        "On 3 May 2019 police raided 12 houses; the suspects were charged in June 2019.",
        "raided",
        "2019-05-03",
    ),
    (
        "The suspects were charged in June 2019 after police raided 12 houses on 3 May 2019.",
        "charged",
        "2019-06",
    ),
]


@pytest.mark.parametrize("text,cue,expected", EVENT, ids=[t[:40] for t, _, _ in EVENT])
def test_event_date(text, cue, expected):
    got = event_dates(text, find_dates(text, REPORT), text.index(cue))
    assert [d.value for d in got] == [expected]


def test_speech_date_only_is_no_event_date():
    text = "Europol said on Friday that the network had been dismantled."
    assert event_dates(text, find_dates(text, REPORT), text.index("dismantled")) == []


# --- the events' own dates in the graph (frames/when.py) --------------------------

GRAPH = [
    (
        "Police said on Friday that officers had arrested 12 people in Spain on Wednesday.",
        "2024-05-08",
        "2024-05-10",
    ),
    (
        "The ministry said on Monday that 40 migrants had been rescued off Lesbos on Saturday.",
        "2024-05-04",
        "2024-05-06",
    ),
]


@pytest.mark.parametrize("text,own,told", GRAPH, ids=[t[:40] for t, _, _ in GRAPH])
def test_graph_dates_are_the_events(text, own, told):
    from graph.extract import extract_text

    g = extract_text(text, report_id="rule-test", date="2024-05-10")
    q = (
        "PREFIX tkg: <https://w3id.org/tkg/ontology#> SELECT ?d WHERE { ?e tkg:date ?d ."
        " FILTER NOT EXISTS { ?e a tkg:Statement } FILTER NOT EXISTS { ?e a tkg:Warning } }"
    )
    got = {str(r[0]) for r in g.query(q)}
    assert own in got
    assert told not in got
