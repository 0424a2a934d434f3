"""Competency questions: ASK must be true, SELECT expectations in comments."""

from __future__ import annotations

import pytest

from graph.check import check_dir, check_query, parse_expectations
from graph.exceptions import InputError


@pytest.fixture
def store(memory_store):
    memory_store.update(
        "INSERT DATA { GRAPH <urn:g> { tkgid:x rdfs:label 'Italy' ; tkg:count 120 . tkgid:y rdfs:label 'Libya' } }"
    )
    return memory_store


def test_expectations():
    title, exact, minimum, rows = parse_expectations(
        "# Countries\n# expect-min-rows: 2\n# expect: tkgid:x | 120\nSELECT ..."
    )
    assert (title, exact, minimum, rows) == ("Countries", None, 2, [["tkgid:x", "120"]])
    with pytest.raises(InputError, match="whole number"):
        parse_expectations("# expect-rows: two")


def test_select_with_expected_rows(store):
    q = "SELECT ?s ?n WHERE { ?s tkg:count ?n }\n# expect: tkgid:x | 120.0\n# expect-rows: 1"
    assert check_query(store, q).passed
    assert not check_query(store, q.replace("120.0", "121")).passed
    assert not check_query(store, "SELECT ?s WHERE { ?s rdfs:label ?l }\n# expect-rows: 3").passed
    assert not check_query(store, "SELECT ?s WHERE { ?s tkg:nothing ?l }").passed


def test_query_error_is_a_failure(store):
    result = check_query(store, "ASK { ?s ?p }", "bad.rq")
    assert not result.passed and "syntax error" in result.detail


def test_check_dir(store, tmp_path):
    (tmp_path / "01.rq").write_text("# Italy is there\nASK { ?s rdfs:label 'Italy' }")
    (tmp_path / "02.rq").write_text("# Spain is there\nASK { ?s rdfs:label 'Spain' }")
    results = check_dir(store, tmp_path)
    assert [(r.name, r.passed) for r in results] == [("01.rq", True), ("02.rq", False)]
    assert str(results[0]).startswith("PASS  01.rq  Italy is there")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no .rq files"):
        check_dir(store, empty)
    with pytest.raises(InputError, match="no such directory"):
        check_dir(store, tmp_path / "nowhere")
