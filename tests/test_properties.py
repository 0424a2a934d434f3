"""Property-based tests: the extractor and the fact-sheet loader never crash.

Whatever text or YAML they are given, they either return facts or raise a
:class:`graph.exceptions.TkgError` with a one-line message — never another
exception.
"""

from __future__ import annotations

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.exceptions import TkgError

WORDS = [
    "Europol",
    "Frontex",
    "UNHCR",
    "Italy",
    "Libya",
    "Tunisian",
    "Romanian",
    "gang",
    "syndicate",
    "trafficking",
    "smuggling",
    "victims",
    "migrants",
    "arrested",
    "operation",
    "$3",
    "billion",
    "nearly",
    "10,000",
    "since",
    "the",
    "start",
    "of",
    "2011",
    "Tuesday",
    "last",
    "year",
    "said",
    "told",
    "CNN",
    "director",
    "Robert",
    "Wainwright",
    "spokeswoman",
    "is",
    "a",
    "source",
    "transit",
    "and",
    "destination",
    "country",
    "for",
    "women",
    "children",
    "subjected",
    "to",
    "forced",
    "labor",
    "sex",
    "across",
    "the",
    "Mediterranean",
    "from",
    "via",
    "Turkey",
    "in",
    "Geneva",
    "on",
    "February",
    "15",
    "\u201c",
    "\u201d",
    '"',
    "--",
    ",",
    ".",
    "?",
    "!",
    "\n",
    "€2.5m",
    "half",
    "a",
    "million",
    "270,000",
    "no",
    "not",
    "haven't",
    "could",
    "may",
    "Al",
    "Qaeda",
    "Roma",
    "\u00e9",
    "\u4e2d",
    "0",
    "-1",
    "1e9",
]

sentences = st.lists(st.sampled_from(WORDS), min_size=0, max_size=40).map(" ".join)
texts = st.one_of(
    st.text(max_size=400),
    st.lists(sentences, min_size=1, max_size=8).map(lambda s: ". ".join(s)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, date=st.one_of(st.none(), st.dates().map(str)))
def test_extractor_never_crashes(text, date):
    from graph.extract import extract_text

    try:
        graph = extract_text(text, report_id="prop", date=date)
    except TkgError as e:
        assert "\n" not in str(e)
        return
    assert isinstance(graph, rdflib.Graph)
    # every evidence offset points into the text and slices to the sentence
    for ev in graph.subjects(
        rdflib.RDF.type, rdflib.URIRef("https://w3id.org/tkg/ontology#Evidence")
    ):
        tkg = rdflib.Namespace("https://w3id.org/tkg/ontology#")
        start, end = int(graph.value(ev, tkg.charStart)), int(graph.value(ev, tkg.charEnd))
        assert 0 <= start < end <= len(text)
        assert text[start:end] == str(graph.value(ev, tkg.text))


yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["ITA", "Italy", "tkg:ForcedLabour", "2011-02-15", "europol", "MigrationFlow"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "label",
                    "destination",
                    "origin",
                    "count",
                    "evidence",
                    "id",
                    "date",
                    "entities",
                    "facts",
                    "report",
                    "text",
                    "title",
                    "x",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.one_of(yaml_values, st.text(max_size=300)))
def test_factsheet_loader_never_crashes(doc):
    import yaml

    from graph.rdf import parse_facts

    text = doc if isinstance(doc, str) else yaml.safe_dump(doc, allow_unicode=True)
    try:
        pairs = parse_facts(text, "yaml", source="prop.yaml")
    except TkgError as e:
        assert "\n" not in str(e), str(e)
        return
    for _iri, graph in pairs:
        assert isinstance(graph, rdflib.Graph)


@settings(max_examples=60, deadline=None)
@given(
    report=st.fixed_dictionaries(
        {
            "id": st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True),
            "title": st.text(max_size=30),
        }
    ),
    facts=st.lists(
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["MigrationFlow", "Statistic", "Arrest", "Nonsense"]),
                "destination": st.sampled_from(["ITA", "Greece", "Atlantis", "europol"]),
                "count": st.one_of(st.integers(-5, 10**6), st.text(max_size=5)),
            },
        ),
        max_size=4,
    ),
)
def test_structured_factsheets_never_crash(report, facts):
    import yaml

    from graph.rdf import parse_facts

    text = yaml.safe_dump({"report": report, "facts": facts}, allow_unicode=True)
    try:
        parse_facts(text, "yaml", source="prop.yaml")
    except TkgError as e:
        assert "\n" not in str(e), str(e)


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
