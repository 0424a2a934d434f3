"""The default graph stays the union (a set) of the named graphs through every write.

``replace_graphs`` (many graphs in one step, in one transaction or in bulk
with a redo journal), SPARQL updates of every form, and processes killed
half-way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from graph.exceptions import InputError, ParseError
from graph.staging import JOURNAL as _JOURNAL
from graph.store import OxigraphStore, open_store

from .conftest import ROOT


def _triples(store: OxigraphStore, graph: str | None) -> set[tuple[str, str, str]]:
    import pyoxigraph as ox

    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in store._store.quads_for_pattern(None, None, None, name)
    }


def union_of_named(store: OxigraphStore) -> set[tuple[str, str, str]]:
    """The set of triples of every named graph."""
    import pyoxigraph as ox

    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in store._store.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    }


def assert_union(store: OxigraphStore) -> None:
    """The default graph is exactly the set of the named graphs' triples."""
    assert _triples(store, None) == union_of_named(store)


def _nt(*triples: tuple[str, str, str]) -> str:
    return "".join(f"<urn:x:{s}> <urn:x:{p}> {o} .\n" for s, p, o in triples)


@pytest.fixture(params=["memory", "disk-one-update", "disk-bulk"])
def writer(request, tmp_path):
    """(store, bulk flag) for each way replace_graphs writes."""
    store = OxigraphStore(None if request.param == "memory" else tmp_path / "store")
    yield store, request.param == "disk-bulk"
    store.close()


def test_replace_graphs_keeps_the_union(writer):
    store, bulk = writer
    shared = ("a", "p", '"shared"')
    first = {
        "urn:g:1": _nt(shared, ("b", "p", '"one"')),
        "urn:g:2": _nt(shared, ("c", "p", '"two"')),
        "urn:g:3": _nt(("d", "p", '"three"')),
    }
    assert store.replace_graphs(first, bulk=bulk) == 5
    assert store.graph_names() == ["urn:g:1", "urn:g:2", "urn:g:3"]
    assert_union(store)
    # replace two graphs: the shared triple stays while one graph still has it,
    # the replaced graphs' own old triples leave the union
    assert (
        store.replace_graphs(
            {"urn:g:1": _nt(("b", "p", '"one again"')), "urn:g:3": _nt(shared)}, bulk=bulk
        )
        == 2
    )
    assert_union(store)
    assert ("<urn:x:a>", "<urn:x:p>", '"shared"') in _triples(store, None)
    assert ("<urn:x:b>", "<urn:x:p>", '"one"') not in _triples(store, None)
    assert _triples(store, "urn:g:1") == {("<urn:x:b>", "<urn:x:p>", '"one again"')}
    # both holders of the shared triple replaced at once: it leaves the union
    store.replace_graphs({"urn:g:2": _nt(("c", "p", '"two"')), "urn:g:3": ""}, bulk=bulk)
    assert_union(store)
    assert ("<urn:x:a>", "<urn:x:p>", '"shared"') not in _triples(store, None)
    assert store.graph_names() == ["urn:g:1", "urn:g:2"]
    rows = store.select("SELECT ?o WHERE { ?s <urn:x:p> ?o }").rows
    assert sorted(str(r[0]) for r in rows) == ["one again", "two"]
    if store.path is not None:
        assert not (store.path / _JOURNAL).exists()


def test_replace_graphs_blank_nodes_are_local_to_each_graph(writer):
    store, bulk = writer
    text = '_:b <urn:x:p> "x" .\n_:b <urn:x:q> "y" .\n'
    assert store.replace_graphs({"urn:g:1": text, "urn:g:2": text}, bulk=bulk) == 4
    assert_union(store)
    # two graphs, two blank nodes, each with both properties
    rows = store.select("SELECT ?s WHERE { ?s <urn:x:p> 'x' ; <urn:x:q> 'y' }").rows
    assert len(rows) == 2


def test_replace_graphs_refuses_bad_input_and_changes_nothing(writer):
    store, bulk = writer
    store.replace_graphs({"urn:g:1": _nt(("a", "p", '"kept"'))}, bulk=bulk)
    before = store.dump("nq")
    with pytest.raises(InputError, match="not an absolute IRI"):
        store.replace_graphs({"urn:g:1": _nt(("a", "p", '"new"')), "no iri": ""}, bulk=bulk)
    escape = '<urn:x:a> <urn:x:p> "x" . } } ; DROP ALL ; INSERT DATA { GRAPH <urn:z> { <urn:x:a> <urn:x:p> "y" .'
    with pytest.raises(ParseError, match=r"graph <urn:g:1>: not N-Triples"):
        store.replace_graphs({"urn:g:2": _nt(("b", "p", '"ok"')), "urn:g:1": escape}, bulk=bulk)
    assert store.dump("nq") == before
    assert_union(store)
    # a literal in brace-free text: the whole update fails, nothing changes
    if not bulk:
        with pytest.raises((ParseError, Exception)):
            store.replace_graphs({"urn:g:2": '"lit" <urn:x:p> <urn:x:o> .\n'}, bulk=bulk)
        assert store.dump("nq") == before


def test_replace_graphs_literal_braces_are_kept(writer):
    store, bulk = writer
    text = '<urn:x:a> <urn:x:p> "a } b { c" .\n'
    assert store.replace_graphs({"urn:g:1": text}, bulk=bulk) == 1
    assert str(store.select("SELECT ?o WHERE { ?s ?p ?o }").rows[0][0]) == "a } b { c"
    assert_union(store)


def test_replace_graphs_picks_bulk_on_disk_for_big_input(tmp_path, monkeypatch):
    store = OxigraphStore(tmp_path / "store")
    calls = []
    original = OxigraphStore._replay_journal

    def spy(self):
        calls.append(True)
        return original(self)

    monkeypatch.setattr(OxigraphStore, "_replay_journal", spy)
    monkeypatch.setattr(OxigraphStore, "BULK_LINES", 3)
    graphs = {f"urn:g:{i}": _nt((f"s{i}", "p", f'"{i}"')) for i in range(5)}
    assert store.replace_graphs(graphs) == 5
    assert calls  # 5 lines > 3: the bulk path
    assert_union(store)
    memory = OxigraphStore(None)
    assert memory.replace_graphs(graphs) == 5  # memory: always one transaction
    assert_union(memory)


def test_journal_left_by_a_crash_is_replayed_on_open(tmp_path):
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.replace_graphs({"urn:g:1": _nt(("a", "p", '"old"')), "urn:g:2": _nt(("b", "p", '"b"'))})
    # a crash right after the journal was written
    staging = store.new_staging()
    staging.add_graph_text("urn:g:1", _nt(("a", "p", '"new"')))
    staging.add_name("urn:g:2")
    staging.commit(path / _JOURNAL)
    store.close()
    del store
    reopened = open_store(path)
    assert not (path / _JOURNAL).exists()
    assert reopened.graph_names() == ["urn:g:1"]
    assert _triples(reopened, "urn:g:1") == {("<urn:x:a>", "<urn:x:p>", '"new"')}
    assert_union(reopened)
    reopened.close()


BULK_WRITER = textwrap.dedent(
    """
    import sys
    from graph.store import OxigraphStore
    from pathlib import Path
    store = OxigraphStore(Path(sys.argv[1]))
    graphs = {
        f"urn:g:{g}": "".join(f'<urn:x:s{g}-{i}> <urn:x:p> "new {i}" .\\n' for i in range(200))
        for g in range(300)
    }
    print("ready", flush=True)
    while True:
        store.replace_graphs(graphs, bulk=True)
    """
)


def test_bulk_replace_killed_half_way_is_repaired_on_open(tmp_path):
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.replace_graphs(
        {"urn:g:0": _nt(("old", "p", '"old"')), "urn:g:keep": _nt(("k", "p", '"k"'))}
    )
    store.close()
    del store
    proc = subprocess.Popen(
        [sys.executable, "-c", BULK_WRITER, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        while not (path / _JOURNAL).exists() and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    store = OxigraphStore(path)
    assert not (path / _JOURNAL).exists()
    assert len(store.graph_names()) == 301
    assert store.count("urn:g:0") == 200
    assert _triples(store, "urn:g:keep") == {("<urn:x:k>", "<urn:x:p>", '"k"')}
    assert_union(store)
    store.close()


def test_replace_graphs_on_every_backend(any_store):
    graphs = {
        "urn:x:rg1": '<urn:x:a> <urn:x:p> "1" .\n<urn:x:a> <urn:x:p> "2" .\n',
        "urn:x:rg2": '<urn:x:a> <urn:x:p> "1" .\n',
    }
    assert any_store.replace_graphs(graphs) == 3
    assert any_store.replace_graphs({"urn:x:rg1": "", "urn:x:rg2": graphs["urn:x:rg1"]}) == 2
    names = any_store.graph_names()
    assert "urn:x:rg2" in names and "urn:x:rg1" not in names
    rows = any_store.select("SELECT DISTINCT ?o WHERE { <urn:x:a> <urn:x:p> ?o }").rows
    assert sorted(str(r[0]) for r in rows) == ["1", "2"]


# -- SPARQL updates keep the union by their delta ---------------------------------

SEED = {
    "urn:g:a": _nt(("s1", "p", '"1"'), ("s2", "p", '"2"'), ("shared", "p", '"x"')),
    "urn:g:b": _nt(("s3", "p", '"3"'), ("shared", "p", '"x"')),
    "urn:g:c": _nt(("s4", "q", '"4"')),
}

UPDATES = [
    "INSERT DATA { GRAPH <urn:g:a> { <urn:x:new> <urn:x:p> 'n' } }",
    "PREFIX x: <urn:x:> INSERT DATA { GRAPH <urn:g:d> { x:d x:p 'd' ; x:q 'e' . x:f x:p x:d . } . GRAPH <urn:g:a> { x:s1 x:p '1' } }",
    "INSERT DATA { GRAPH <urn:g:e> { _:b <urn:x:p> 'bn' . _:b <urn:x:q> 'bn2' } }",
    "INSERT DATA { GRAPH <urn:g:e> { <urn:x:a> <urn:x:p> [ <urn:x:q> ( 1 2 ) ] } }",
    "DELETE DATA { GRAPH <urn:g:a> { <urn:x:s1> <urn:x:p> '1' } }",
    "DELETE DATA { GRAPH <urn:g:a> { <urn:x:shared> <urn:x:p> 'x' } }",
    "DELETE DATA { GRAPH <urn:g:a> { <urn:x:shared> <urn:x:p> 'x' } GRAPH <urn:g:b> { <urn:x:shared> <urn:x:p> 'x' } }",
    "DELETE WHERE { GRAPH ?g { ?s <urn:x:p> '2' } }",
    "DELETE WHERE { GRAPH <urn:g:b> { <urn:x:shared> ?p ?o } }",
    "DELETE { GRAPH ?g { ?s <urn:x:p> ?o } } INSERT { GRAPH ?g { ?s <urn:x:renamed> ?o } } WHERE { GRAPH ?g { ?s <urn:x:p> ?o } }",
    "DELETE { GRAPH <urn:g:a> { ?s ?p ?o } } WHERE { GRAPH <urn:g:a> { ?s ?p ?o } }",
    "INSERT { GRAPH <urn:g:z> { ?s <urn:x:copy> ?o } } WHERE { ?s <urn:x:p> ?o }",
    "INSERT { GRAPH ?g { ?s <urn:x:maybe> 1 } } WHERE { ?s ?p ?o OPTIONAL { ?s <urn:x:none> ?g } }",
    "INSERT { GRAPH <urn:g:y> { ?s <urn:x:bn> [ <urn:x:v> ?o ] } } WHERE { GRAPH <urn:g:b> { ?s ?p ?o } }",
    "WITH <urn:g:b> DELETE { ?s <urn:x:p> ?o } INSERT { ?s <urn:x:with> ?o } WHERE { ?s <urn:x:p> ?o }",
    "WITH <urn:g:c> INSERT { ?s <urn:x:w2> 'w' } WHERE { ?s ?p ?o }",
    "WITH <urn:g:a> DELETE { ?s ?p ?o } USING <urn:g:b> WHERE { ?s ?p ?o }",
    "DROP GRAPH <urn:g:a>",
    "CLEAR GRAPH <urn:g:b>",
    "DROP SILENT GRAPH <urn:g:none>",
    "CLEAR ALL",
    "DROP NAMED",
    "DROP ALL",
    "CREATE GRAPH <urn:g:empty>",
    "MOVE <urn:g:a> TO <urn:g:b>",
    "MOVE GRAPH <urn:g:c> TO GRAPH <urn:g:a>",
    "COPY <urn:g:a> TO <urn:g:b>",
    "COPY <urn:g:c> TO <urn:g:new>",
    "COPY DEFAULT TO <urn:g:all>",
    "ADD <urn:g:a> TO <urn:g:b>",
    "ADD DEFAULT TO <urn:g:c>",
    "INSERT DATA { GRAPH <urn:g:a> { <urn:x:t> <urn:x:p> 't' } } ; "
    "DELETE WHERE { GRAPH <urn:g:a> { <urn:x:t> ?p ?o } } ; "
    "INSERT { GRAPH <urn:g:c> { ?s <urn:x:seen> ?o } } WHERE { ?s <urn:x:p> ?o }",
    "PREFIX g: <urn:g:> DROP GRAPH g:a ; COPY g:b TO g:c # a comment { with braces }\n",
    "INSERT DATA { GRAPH <urn:g:a> { <urn:x:s> <urn:x:p> 'a } b ; c # d' } } ;",
    # not read by graph/union.py: the full diff in the same transaction
    "INSERT { GRAPH <urn:g:a> { ?s <urn:x:p> ?o } } WHERE { { ?s ?p ?o } } ; INSERT DATA { GRAPH <urn:g:q> { <urn:x:a> <urn:x:b> <urn:x:c> } } ; BOGUS_NEVER_PARSED",
]


def _seeded(path=None) -> OxigraphStore:
    store = OxigraphStore(path)
    store.replace_graphs(SEED)
    return store


def _named(store: OxigraphStore) -> set[tuple[str, str, str, str]]:
    import pyoxigraph as ox

    return {
        (
            "_:" if isinstance(q.subject, ox.BlankNode) else str(q.subject),
            str(q.predicate),
            "_:" if isinstance(q.object, ox.BlankNode) else str(q.object),
            str(q.graph_name),
        )
        for q in store._store.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    }


@pytest.mark.parametrize("update", UPDATES[:-1])
def test_update_keeps_the_union_and_does_what_it_says(update):
    """Named graphs as a plain Oxigraph store would have them; the union is their set."""
    import pyoxigraph as ox

    store = _seeded()
    reference = ox.Store()
    for iri, text in SEED.items():
        reference.load(text.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
        reference.load(text.encode(), format=ox.RdfFormat.N_TRIPLES)  # the union
    store.update(update)
    reference.update(update)
    assert_union(store)
    plain = OxigraphStore(None)
    plain._store = reference
    assert _named(store) == _named(plain)
    assert not [g for g in store.graph_names() if g.startswith("urn:tkg:")]


def test_update_that_is_not_read_is_refused_whole():
    store = _seeded()
    before = store.dump("nq")
    from graph.exceptions import QueryError

    with pytest.raises(QueryError, match="syntax error"):
        store.update(UPDATES[-1])
    assert store.dump("nq") == before


def test_update_with_an_unread_shape_falls_back_to_the_full_diff(monkeypatch):
    import graph.union

    store = _seeded()
    monkeypatch.setattr(
        graph.union, "_rewrite_op", lambda op: (_ for _ in ()).throw(graph.union._Unreadable("x"))
    )
    store.update("DELETE WHERE { GRAPH <urn:g:b> { <urn:x:shared> ?p ?o } }")
    assert_union(store)
    assert ("<urn:x:shared>", "<urn:x:p>", '"x"') in _triples(store, None)  # still in urn:g:a
    store.update("DELETE WHERE { GRAPH <urn:g:a> { <urn:x:shared> ?p ?o } }")
    assert ("<urn:x:shared>", "<urn:x:p>", '"x"') not in _triples(store, None)
    assert_union(store)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:x:a> <urn:x:p> 1 }",
        "INSERT DATA { GRAPH <urn:g:a> { <urn:x:a> <urn:x:p> 1 } <urn:x:a> <urn:x:p> 2 }",
        "DELETE DATA { <urn:x:s1> <urn:x:p> '1' }",
        "DELETE WHERE { ?s ?p ?o }",
        "INSERT { ?s <urn:x:p> 1 } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
        "DROP DEFAULT",
        "COPY <urn:g:a> TO DEFAULT",
        "MOVE DEFAULT TO <urn:g:x>",
        "LOAD <http://example.org/x.ttl>",
    ],
)
def test_update_writing_the_default_graph_is_refused(update):
    from graph.exceptions import QueryError

    store = _seeded()
    before = store.dump("nq")
    with pytest.raises(QueryError, match="default graph is the union"):
        store.update(update)
    assert store.dump("nq") == before
    assert_union(store)


def test_update_on_disk_keeps_the_union(tmp_path):
    from graph.exceptions import StoreError

    store = _seeded(tmp_path / "store")
    failed = 0
    for update in UPDATES[:-1] * 2:
        before = store.dump("nq")
        try:
            store.update(update)
        except StoreError:  # e.g. DROP GRAPH of a graph an earlier update dropped
            failed += 1
            assert store.dump("nq") == before
        assert_union(store)
    assert failed < len(UPDATES)
    store.close()


UPDATER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from graph.store import OxigraphStore
    store = OxigraphStore(Path(sys.argv[1]))
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        store.update(
            f"DELETE {{ GRAPH <urn:g:big> {{ ?s <urn:x:p> ?o }} }} "
            f"INSERT {{ GRAPH <urn:g:big> {{ ?s <urn:x:p> ?v }} GRAPH <urn:g:log> {{ ?s <urn:x:n> {i} }} }} "
            f"WHERE {{ GRAPH <urn:g:big> {{ ?s <urn:x:p> ?o }} BIND(CONCAT(STR(?o), '+') AS ?v) }}"
        )
    """
)


def test_update_killed_half_way_leaves_the_union_consistent(tmp_path):
    path = tmp_path / "store"
    store = OxigraphStore(path)
    big = "".join(f'<urn:x:s{i}> <urn:x:p> "v{i}" .\n' for i in range(5_000))
    store.replace_graphs({"urn:g:big": big, "urn:g:other": _nt(("s1", "p", '"v1"'))}, bulk=False)
    store.close()
    del store
    proc = subprocess.Popen(
        [sys.executable, "-c", UPDATER, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(4)  # several updates of 5,000 triples done, one half-way
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    store = OxigraphStore(path)
    assert store.count("urn:g:big") == 5_000
    done = sorted(
        int(r[0]) for r in store.select("SELECT DISTINCT ?n WHERE { ?s <urn:x:n> ?n }").rows
    )
    assert done == list(range(1, len(done) + 1))  # each update whole, or not at all
    suffixes = {
        str(r[0]).count("+")
        for r in store.select("SELECT ?o WHERE { GRAPH <urn:g:big> { ?s ?p ?o } }").rows
    }
    assert suffixes == {len(done)}  # every triple changed by each update done
    assert_union(store)
    store.close()


def test_staging_left_half_way_is_deleted_on_open_and_changes_nothing(tmp_path):
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.replace_graphs({"urn:g:1": _nt(("a", "p", '"old"'))})
    staging = store.new_staging()
    staging.add_graph_text("urn:g:1", _nt(("a", "p", '"new"')))
    staging.close()  # killed before the commit: no journal
    before = store.dump("nq")
    store.close()
    del store
    reopened = OxigraphStore(path)
    assert not list(path.glob("tkg-journal*"))
    assert reopened.dump("nq") == before
    assert_union(reopened)
    reopened.close()
