"""graph.formats: one registry for reading, exporting, the endpoint's answers and suffix guessing."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

from graph import formats
from graph.exceptions import FormatError
from graph.export import canonical_format, export, get_writer
from graph.export import guess_format as export_guess
from graph.load import load_files
from graph.rdf import guess_format as read_guess
from graph.rdf import normalize_format, read_facts
from graph.scope import report_graphs
from graph.serve import GRAPH_TYPES, pick_format
from graph.store import open_store

from .conftest import CORE, EXAMPLES


@pytest.mark.parametrize("name", list(formats.FORMATS))
def test_every_format_resolves_by_each_of_its_names(name):
    fmt = formats.FORMATS[name]
    for key in (fmt.name, *fmt.aliases, *fmt.media_types):
        assert formats.get(key).name == name
        assert formats.get(key.upper()).name == name
    for suffix in fmt.suffixes:
        assert formats.guess(f"dir/file{suffix.upper()}").name == name
    for what in ("reader", "writer"):
        if getattr(fmt, what):
            assert callable(formats.load(fmt, what))


def test_names_are_unique_across_the_registry():
    keys = [
        k.lower() for f in formats.FORMATS.values() for k in (f.name, *f.aliases, *f.media_types)
    ]
    assert len(keys) == len(set(keys))
    suffixes = formats.suffixes()
    assert len(suffixes) == len(set(suffixes))


def test_reading_and_exporting_share_names():
    for alias in ("turtle", "TTL", "text/turtle"):
        assert normalize_format(alias) == canonical_format(alias) == "ttl"
    assert read_guess("a.jsonld") == export_guess("a.jsonld") == "jsonld"
    assert get_writer("Graphviz").__name__ == "write_dot"


@pytest.mark.parametrize(
    "call",
    [
        lambda: normalize_format("rdfa"),
        lambda: canonical_format("rdfa"),
        lambda: formats.get("rdfa"),
    ],
)
def test_an_unknown_format_is_one_error_listing_the_known_ones(call):
    with pytest.raises(
        FormatError, match=r"^unknown (fact |export )?format 'rdfa'; known: .*ttl \(turtle\)"
    ):
        call()


@pytest.mark.parametrize("guess", [read_guess, export_guess])
def test_an_unknown_suffix_is_one_error_listing_the_known_ones(guess):
    with pytest.raises(
        FormatError, match=r"cannot tell the .*format of 'x\.pdf' .*\.ttl.*--format"
    ):
        guess("x.pdf")


def test_a_format_tkg_cannot_write_is_refused_by_name():
    with pytest.raises(FormatError, match="unknown export format 'nt'; known: "):
        canonical_format("nt")
    with pytest.raises(FormatError, match="unknown export format 'rdfxml'"):
        formats.load("rdfxml", "writer")
    with pytest.raises(FormatError, match="tkg does not write rdfxml; use one of: gexf, "):
        formats.load(formats.FORMATS["rdfxml"], "writer")


def test_the_endpoint_answers_every_rdf_media_type_of_the_registry():
    for fmt in formats.FORMATS.values():
        if fmt.kind == "rdf" and fmt.rdflib:
            for media in fmt.media_types:
                assert GRAPH_TYPES[media] == fmt.rdflib
            for key in (fmt.name, *fmt.aliases):
                assert pick_format([key], graph_form=True) == fmt.media_types[0]


@pytest.fixture(scope="module")
def store():
    s = open_store("memory")
    load_files(
        s, [str(EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"), str(CORE / "mini.ttl")]
    )
    return s


@pytest.mark.parametrize(
    "name", [n for n in formats.names("writer") if n in formats.names("reader")]
)
def test_every_rdf_format_tkg_writes_reads_back(store, tmp_path, name):
    path = tmp_path / f"facts{formats.FORMATS[name].suffixes[0]}"
    graphs = report_graphs(store)
    export(store, path, graph_iris=graphs)
    back = read_facts(path)
    if name == "ttl":  # Turtle has no graph names: one merged graph
        merged = rdflib.Graph()
        for iri in graphs:
            merged += store.construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
            )
        assert len(back) == 1 and isomorphic(back[0][1], merged)
        return
    assert sorted(iri for iri, _ in back) == graphs
    for iri, g in back:
        expected = store.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        )
        assert isomorphic(g, expected), iri
