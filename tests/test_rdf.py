"""Reading fact files: every format, the reader registry, errors naming file and line."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

from graph import formats
from graph.exceptions import FormatError, InputError, ParseError
from graph.rdf import guess_format, normalize_format, parse_facts, read_facts, write_facts

from .conftest import MINI_IRI


@pytest.mark.parametrize("suffix", ["ttl", "trig", "nt", "nq", "jsonld"])
def test_every_rdf_format_reads_the_same_report(mini_files, suffix):
    pairs = read_facts(mini_files[suffix])
    assert [iri for iri, _ in pairs] == [MINI_IRI]
    reference = read_facts(mini_files["ttl"])[0][1]
    assert isomorphic(pairs[0][1], reference)
    assert len(reference) == 46


def test_aliases_and_suffixes():
    assert normalize_format("text/turtle") == normalize_format("turtle") == "ttl"
    assert normalize_format("n-quads") == "nq"
    assert normalize_format("JSONLD") == normalize_format("json-ld") == "jsonld"
    assert guess_format("a/b.YAML") == "yaml"
    assert formats.names("reader") == ["ttl", "trig", "nt", "nq", "jsonld", "yaml"]


def test_unknown_format_lists_known_ones(tmp_path):
    with pytest.raises(FormatError, match="unknown fact format 'rdfxml-ish'; known: .*turtle"):
        normalize_format("rdfxml-ish")
    with pytest.raises(FormatError, match=r"\.docx"):
        read_facts(tmp_path / "facts.docx")


@pytest.mark.parametrize(
    "name, content, line",
    [
        ("bad.ttl", "@prefix a: <urn:a#> .\na:x a:y 1 .\na:x a:y .\n", 3),
        ("bad.trig", "<urn:g> {\n <urn:a> <urn:b> \n}\n", 3),
        ("bad.nt", '<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> "open .\n', 2),
        ("bad.nq", "<urn:a> <urn:b> <urn:c> <urn:g>\n", 2),
        ("bad.jsonld", '{"@id": "urn:a", "urn:p": \n', 2),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path, name, content, line):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        read_facts(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}:") and "\n" not in message


def test_missing_binary_and_non_utf8_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_facts(tmp_path / "missing.ttl")
    binary = tmp_path / "b.ttl"
    binary.write_bytes(b"\x00\x01\x02PNG")
    with pytest.raises(ParseError, match="binary"):
        read_facts(binary)
    latin = tmp_path / "l.ttl"
    latin.write_bytes('<urn:a> <urn:b> "Côte" .'.encode("latin-1"))
    with pytest.raises(ParseError, match="UTF-8"):
        read_facts(latin)


def test_remote_jsonld_context_is_not_fetched():
    with pytest.raises(ParseError, match="inline the @context"):
        parse_facts('{"@context": "https://schema.org/", "@id": "urn:a", "name": "x"}', "jsonld")


def test_default_graph_goes_to_the_report_node_or_file_stem():
    ttl = "<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> 'A' ."
    assert parse_facts(ttl, "ttl", source="dir/My Report.ttl")[0][0] == (
        "https://w3id.org/tkg/id/report/my-report"
    )
    with_report = ttl + "\n<urn:r> a <https://w3id.org/tkg/ontology#Report> ."
    assert parse_facts(with_report, "ttl", source="x.ttl")[0][0] == "urn:r"


def test_write_facts_round_trip(tmp_path, mini_files):
    pairs = read_facts(mini_files["trig"])
    out = write_facts(pairs, tmp_path / "out" / "facts.trig")
    again = read_facts(out)
    assert isomorphic(again[0][1], pairs[0][1])
    assert not list((tmp_path / "out").glob(".*"))  # no temporary file left behind
    ds = rdflib.Dataset().parse(out, format="trig")
    assert len(ds.graph(rdflib.URIRef(MINI_IRI))) == 46
