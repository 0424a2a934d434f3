"""Loading big files by streaming: same facts as the small-file path, nothing lost on a bad file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import graph.load
from graph.exceptions import InputError, ParseError, ValidationError
from graph.load import VOCABULARY_GRAPHS, load_files
from graph.staging import JOURNAL
from graph.store import OxigraphStore

from .conftest import CORE, MINI_IRI, ROOT
from .test_store_union import assert_union


@pytest.fixture
def streaming(monkeypatch):
    """Every file goes through graph.load_stream."""
    calls = []
    import graph.load_stream

    original = graph.load_stream.load_stream

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(graph.load_stream, "load_stream", spy)
    monkeypatch.setattr(graph.load, "STREAM_BYTES", 0)
    return calls


def _named_dump(store: OxigraphStore) -> list[str]:
    lines = store.dump("nq").decode().splitlines()
    return sorted(line for line in lines if "_:" not in line)


@pytest.mark.parametrize("suffix", ["ttl", "trig", "nt", "nq"])
def test_streamed_load_stores_what_the_small_file_path_stores(streaming, mini_files, suffix):
    streamed = OxigraphStore(None)
    result = load_files(streamed, [mini_files[suffix]])
    assert streaming, "the streaming path was not taken"
    assert result.graphs == {MINI_IRI: 46}
    graph.load.STREAM_BYTES = 1 << 40
    plain = OxigraphStore(None)
    load_files(plain, [mini_files[suffix]])
    assert _named_dump(streamed) == _named_dump(plain)
    assert set(VOCABULARY_GRAPHS) <= set(streamed.graph_names())
    assert_union(streamed)
    assert streamed.ask(
        "ASK { ?f a tkg:MigrationFlow ; tkg:destination ?c ; tkg:count 48000 . ?c tkg:isoCode 'GR' }"
    )


def test_streamed_reload_is_idempotent_on_disk(streaming, tmp_path, mini_files):
    store = OxigraphStore(tmp_path / "store")
    load_files(store, [mini_files["ttl"]])
    first = store.dump("nq")
    load_files(store, [mini_files["nq"]])
    load_files(store, [mini_files["ttl"]])
    assert store.dump("nq") == first
    assert_union(store)
    assert not (tmp_path / "store" / JOURNAL).exists()
    assert not list((tmp_path / "store").glob("tkg-journal*"))
    store.close()


def _broken_copy(tmp_path, old: str, new: str, name: str = "mini.ttl"):
    text = (CORE / "mini.ttl").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_streamed_bad_file_changes_nothing(streaming, tmp_path, mini_files):
    store = OxigraphStore(tmp_path / "store")
    load_files(store, [mini_files["trig"]])
    before = store.dump("nq")
    bad_value = _broken_copy(tmp_path, "tkg:count 48000", 'tkg:count "many"')
    with pytest.raises(ValidationError, match="nothing was stored") as info:
        load_files(store, [bad_value])
    assert "count" in " ".join(info.value.violations)
    assert store.dump("nq") == before
    truncated = tmp_path / "trunc.ttl"
    truncated.write_text((CORE / "mini.ttl").read_text()[:900], encoding="utf-8")
    with pytest.raises(ParseError, match=r"(?i)trunc.ttl:\d+: malformed turtle"):
        load_files(store, [truncated])
    assert store.dump("nq") == before
    with pytest.raises(InputError, match="also in"):
        load_files(store, [mini_files["ttl"], mini_files["nq"]])
    reserved = tmp_path / "vocab.nq"
    reserved.write_text(f'<urn:x:a> <urn:x:p> "x" <{VOCABULARY_GRAPHS[0]}> .\n')
    with pytest.raises(InputError, match="reserved"):
        load_files(store, [reserved])
    assert store.dump("nq") == before
    assert not list((tmp_path / "store").glob("tkg-journal*"))
    store.close()


def test_streamed_graphs_apart_in_the_file_are_validated_whole(streaming, tmp_path):
    lines = (CORE / "mini.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    other = '<urn:x:o> <http://www.w3.org/2000/01/rdf-schema#label> "o" <urn:x:other> .\n'
    split = tmp_path / "split.nq"
    split.write_text("".join(lines[:20]) + other + "".join(lines[20:]), encoding="utf-8")
    store = OxigraphStore(None)
    assert load_files(store, [split]).graphs == {MINI_IRI: 46, "urn:x:other": 1}
    # the report's two parts together violate a shape neither part does alone
    count = next(line for line in lines if "ontology#count>" in line)
    twice = tmp_path / "twice.nq"
    twice.write_text(
        "".join(lines)
        + other
        + count.replace('"48000"', '"1"').replace("48000", "1")
        + other.replace("<urn:x:o>", "<urn:x:o2>"),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError):
        load_files(OxigraphStore(None), [twice])


def test_streamed_blank_nodes_are_one_node_in_graph_and_union(streaming, tmp_path):
    path = tmp_path / "bn.nq"
    path.write_text(
        '_:b <urn:x:p> "x" <urn:x:g1> .\n_:b <urn:x:q> "y" <urn:x:g1> .\n'
        '_:b <urn:x:p> "x" <urn:x:g2> .\n<urn:x:a> <urn:x:r> _:c .\n',
        encoding="utf-8",
    )
    store = OxigraphStore(None)
    load_files(store, [path], validate=False)
    assert_union(store)
    rows = store.select("SELECT ?s WHERE { ?s <urn:x:p> 'x' ; <urn:x:q> 'y' }").rows
    assert len(rows) == 1
    assert store.ask("ASK { GRAPH ?g { <urn:x:a> <urn:x:r> ?c } FILTER(isBlank(?c)) }")


LOADER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import graph.load
    from graph.load import load_files
    from graph.store import OxigraphStore
    graph.load.STREAM_BYTES = 0
    store = OxigraphStore(Path(sys.argv[1]))
    print("ready", flush=True)
    while True:
        load_files(store, [sys.argv[2]], validate=False)
    """
)


def test_streamed_load_killed_half_way_is_completed_on_open(tmp_path):
    big = tmp_path / "big.nq"
    with open(big, "w", encoding="utf-8") as out:
        for g in range(100):
            for i in range(300):
                out.write(f'<urn:x:s{g}-{i}> <urn:x:p> "v{i}" <urn:x:g{g}> .\n')
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.replace_graphs(
        {"urn:x:g0": '<urn:x:old> <urn:x:p> "old" .\n', "urn:x:keep": '<urn:x:k> <urn:x:p> "k" .\n'}
    )
    store.close()
    del store
    proc = subprocess.Popen(
        [sys.executable, "-c", LOADER, str(path), str(big)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 120
        while not (path / JOURNAL).exists() and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    store = OxigraphStore(path)
    assert not list(path.glob("tkg-journal*"))
    assert store.count("urn:x:g0") == 300
    assert not store.ask("ASK { <urn:x:old> ?p ?o }")
    assert store.count("urn:x:keep") == 1
    assert_union(store)
    store.close()
