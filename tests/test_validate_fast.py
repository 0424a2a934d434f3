"""The precomputed RDFS expansion validates exactly like pyshacl's ``inference="rdfs"``.

Every comparison checks the set of (focus, path, shape, message, severity) of
``validate_graph(g)`` against ``validate_graph(g, exact_rdfs=True)``, and that
the fast path was really taken (else both sides would run the same code).
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef

import ontology
from graph.extract import extract_text
from graph.rdf import read_facts
from graph.validate import _expansion, _rdfs_data_graph, validate_graph

from . import test_ontology
from .conftest import CORE, DATA, EXAMPLES

FACT_SUFFIXES = {".ttl", ".trig", ".nt", ".nq", ".jsonld", ".yaml"}
FACT_FILES = sorted(
    p
    for p in [*DATA.rglob("*"), *(EXAMPLES / "facts").glob("*")]
    if p.suffix in FACT_SUFFIXES and "extract" not in p.parts
)
REPORT_TEXTS = sorted((DATA / "extract").glob("*.txt")) + sorted(
    (EXAMPLES / "reports").glob("*.txt")
)
TKG = ontology.TKG


def _results(graph: rdflib.Graph, *, exact: bool) -> set[tuple]:
    report = validate_graph(graph, exact_rdfs=exact)
    return {
        (v.focus, v.path, v.shape, v.message, v.severity)
        for v in report.violations + report.warnings
    }


def assert_same(graph: rdflib.Graph) -> set[tuple]:
    """Assert both paths agree on ``graph`` and that the fast one applied; return the results."""
    assert _rdfs_data_graph(graph) is not None, "the fast path did not apply"
    fast = _results(graph, exact=False)
    assert fast == _results(graph, exact=True)
    return fast


def _has_violation(results: set[tuple]) -> bool:
    return any(severity == "Violation" for *_, severity in results)


@functools.cache
def _extracted(path: Path) -> rdflib.Graph:
    return extract_text(path.read_text(encoding="utf-8"), report_id=path.stem)


def test_fast_path_is_on_for_the_packaged_shapes():
    expansion = _expansion()
    assert expansion is not None
    assert TKG.Place in expansion.classes and TKG.location in expansion.properties
    # tkg:role is a sub-property of tkg:countryRole, which a shape targets
    assert TKG.countryRole in expansion.predicate_rule(TKG.role)[0]


def test_fact_files_are_found():
    names = {p.name for p in FACT_FILES}
    assert {"mini.ttl", "mini.jsonld", "cnn-2011-facts.ttl", "good.yaml"} <= names
    assert any(p.suffix == ".yaml" and "examples" in p.parts for p in FACT_FILES)
    assert len(REPORT_TEXTS) >= 10


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_fact_files(path):
    pairs = read_facts(path)
    assert pairs
    for _iri, graph in pairs:
        assert_same(graph)


@pytest.mark.parametrize("path", REPORT_TEXTS, ids=lambda p: p.name)
def test_extracted_reports(path):
    assert_same(_extracted(path))


def _bad_ontology_cases() -> list[str]:
    """The invalid snippets of ``test_ontology.test_bad_facts_are_caught``, each after GOOD."""
    marks = test_ontology.test_bad_facts_are_caught.pytestmark
    (parametrize,) = [m for m in marks if m.name == "parametrize"]
    return [test_ontology.GOOD + "\n" + case[0] for case in parametrize.args[1]]


def _mini_broken(old: str, new: str) -> str:
    text = (CORE / "mini.ttl").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


INVALID = [
    *_bad_ontology_cases(),
    # the broken copies of mini.ttl that test_load, test_store_backends and test_cli use
    _mini_broken("tkg:charStart 0 ; tkg:charEnd 79 ;", "tkg:charEnd 79 ;"),
    _mini_broken("tkg:count 48000", 'tkg:count "many"'),
    _mini_broken("tkg:inReport <https://w3id.org/tkg/id/report/mini> .\n\nr:ev2", ".\n\nr:ev2"),
    # membership without evidence: a warning only
    test_ontology.GOOD
    + "\n<https://w3id.org/tkg/id/person/p> a tkg:Person ; "
    + "tkg:memberOf <https://w3id.org/tkg/id/org/europol> .",
    # values typed only through rdfs:range: a literal evidence becomes a tkg:Evidence
    test_ontology.GOOD + '\nr:x a tkg:Arrest ; tkg:evidence "a sentence" .',
    # tkg:role implies tkg:countryRole, checked by CountryRoleValueShape
    test_ontology.GOOD
    + "\nr:x a tkg:CountryRoleAssertion ; tkg:country country:LBY ; tkg:role tkg:Nope ;"
    + " tkg:evidence r:ev1 .",
]


@pytest.mark.parametrize("turtle", INVALID, ids=range(len(INVALID)))
def test_invalid_fixtures(turtle):
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert assert_same(graph), "an invalid fixture gave no result"


def test_schema_in_the_facts_falls_back_to_pyshacl_inference():
    # a new subclass of tkg:Place declared in the facts makes r:y a place
    turtle = (
        test_ontology.GOOD
        + "\n<urn:x:Harbour> <http://www.w3.org/2000/01/rdf-schema#subClassOf> tkg:Place ."
        + "\nr:x a tkg:Arrest ; tkg:location r:y ; tkg:evidence r:ev1 . r:y a <urn:x:Harbour> ."
    )
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert _rdfs_data_graph(graph) is None
    assert _results(graph, exact=False) == _results(graph, exact=True) == set()
    graph.remove((URIRef("urn:x:Harbour"), RDFS.subClassOf, TKG.Place))
    assert _rdfs_data_graph(graph) is not None
    assert len(assert_same(graph)) == 1  # without the axiom r:y is no place


# ------------------------------------------------------------------ mutations

_TKG_CLASSES = sorted(
    c for c in ontology.ontology_graph().subjects(RDF.type, OWL.Class) if c.startswith(str(TKG))
)
_TKG_PROPERTIES = sorted(
    {
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in ontology.ontology_graph().subjects(RDF.type, kind)
        if p.startswith(str(TKG))
    }
)
_LITERALS = [
    Literal("text"),
    Literal(""),
    Literal(-3),
    Literal(7),
    Literal("1.5", datatype=XSD.decimal),
    Literal("2011-02-15", datatype=XSD.date),
    Literal("many", datatype=XSD.integer),
    Literal(True),
    Literal("x", lang="en"),
]
MUTATIONS = ("drop", "retype", "literal", "add")


def mutate(graph: rdflib.Graph, kind: str, rng: random.Random) -> rdflib.Graph:
    """Return a copy of ``graph`` with one mutation of ``kind`` (see MUTATIONS)."""
    out = rdflib.Graph()
    for triple in graph:
        out.add(triple)
    triples = sorted(out)
    if kind == "drop":
        out.remove(rng.choice(triples))
    elif kind == "retype":
        typed = [t for t in triples if t[1] == RDF.type] or triples
        s, _, o = rng.choice(typed)
        out.remove((s, RDF.type, o))
        out.add((s, RDF.type, rng.choice(_TKG_CLASSES)))
    elif kind == "literal":
        linked = [t for t in triples if t[1] != RDF.type and not isinstance(t[2], Literal)]
        s, p, o = rng.choice(linked or triples)
        out.remove((s, p, o))
        out.add((s, p, rng.choice(_LITERALS)))
    else:
        nodes = sorted(
            {s for s, _, _ in triples} | {o for _, _, o in triples if not isinstance(o, Literal)}
        )
        value = rng.choice([*nodes, *_LITERALS, *_TKG_CLASSES])
        out.add((rng.choice(nodes), rng.choice(_TKG_PROPERTIES), value))
    return out


BASES = [
    *(DATA / "extract" / name for name in ("frontex-arrivals.txt", "balkan-route.txt")),
    EXAMPLES / "reports" / "cnn-2011-europol-north-africa.txt",
]


def test_mutated_extracted_graphs():
    """Hypothesis mutates extracted graphs; both paths agree and violations do occur."""
    seen: list[bool] = []

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        base=st.sampled_from(BASES),
        kinds=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3),
        seed=st.integers(0, 2**32 - 1),
    )
    def check(base, kinds, seed):
        rng = random.Random(seed)
        graph = _extracted(base)
        for kind in kinds:
            graph = mutate(graph, kind, rng)
        seen.append(_has_violation(assert_same(graph)))

    check()
    assert len(seen) >= 40
    assert sum(seen) >= 0.3 * len(seen), f"only {sum(seen)} of {len(seen)} mutants had a violation"


@pytest.mark.parametrize("kind", MUTATIONS)
def test_each_mutation_kind_finds_violations(kind):
    """Seeded mutants of one kind: both paths agree, and some of them have violations."""
    rng = random.Random(kind)
    base = _extracted(BASES[0])
    outcomes = [_has_violation(assert_same(mutate(base, kind, rng))) for _ in range(24)]
    assert any(outcomes), f"no {kind} mutant had a violation"
