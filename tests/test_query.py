"""SPARQL answers in every result format, and query errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib

from graph.exceptions import FormatError, InputError
from graph.query import format_result, read_query, run_query


@pytest.fixture
def store(memory_store):
    memory_store.update(
        """INSERT DATA { GRAPH <urn:g> {
            tkgid:a rdfs:label "Roma, \\"children\\""@en ; tkg:count 120 .
            tkgid:b rdfs:label "Europol" .
        } }"""
    )
    return memory_store


QUERY = "SELECT ?s ?l ?n WHERE { ?s rdfs:label ?l OPTIONAL { ?s tkg:count ?n } } ORDER BY ?l"


def test_table(store):
    text = format_result(run_query(store, QUERY), "table")
    lines = text.splitlines()
    assert lines[0].split() == ["s", "l", "n"]
    assert "tkgid:b" in lines[2] and "Europol" in lines[2]
    assert lines[3].rstrip().endswith("120")


def test_csv_and_tsv(store):
    rows = list(csv.reader(io.StringIO(format_result(run_query(store, QUERY), "csv"))))
    assert rows[0] == ["s", "l", "n"]
    assert rows[1] == ["https://w3id.org/tkg/id/b", "Europol", ""]
    assert rows[2][1] == 'Roma, "children"'
    tsv = format_result(run_query(store, QUERY), "tsv").splitlines()
    assert tsv[0] == "?s\t?l\t?n"
    assert tsv[2].split("\t")[2] == '"120"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_json_follows_sparql_results(store):
    data = json.loads(format_result(run_query(store, QUERY), "json"))
    assert data["head"]["vars"] == ["s", "l", "n"]
    first, second = data["results"]["bindings"]
    assert first["s"] == {"type": "uri", "value": "https://w3id.org/tkg/id/b"}
    assert "n" not in first
    assert second["l"]["xml:lang"] == "en"
    assert second["n"]["datatype"].endswith("#integer")


def test_ask_and_construct(store):
    assert format_result(run_query(store, "ASK { ?s tkg:count 120 }"), "table") == "true"
    assert (
        json.loads(format_result(run_query(store, "ASK { ?s tkg:count 7 }"), "json"))["boolean"]
        is False
    )
    turtle = format_result(run_query(store, "CONSTRUCT WHERE { ?s tkg:count ?n }"), "table")
    assert len(rdflib.Graph().parse(data=turtle, format="turtle")) == 1


def test_unknown_result_format(store):
    with pytest.raises(FormatError, match="table, csv, tsv, json"):
        format_result(True, "xlsx")


def test_read_query_errors(tmp_path):
    with pytest.raises(InputError, match="no such query file"):
        read_query(tmp_path / "q.rq")
