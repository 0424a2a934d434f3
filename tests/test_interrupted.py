"""A load killed mid-way leaves the store consistent, and the report loads again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from graph.store import open_store

from .conftest import ROOT

WRITER = textwrap.dedent(
    """
    import sys, rdflib
    from graph.store import open_store
    store = open_store(sys.argv[1])
    n = int(sys.argv[2])
    g = rdflib.Graph()
    for i in range(n):
        g.add((rdflib.URIRef(f"urn:x:s{i}"), rdflib.RDFS.label, rdflib.Literal(f"new {i}")))
    print("ready", flush=True)
    while True:
        store.replace_graph("urn:report", g)
    """
)


def test_killed_load_keeps_store_consistent(tmp_path):
    path = tmp_path / "store"
    store = open_store(path)
    import rdflib

    old = rdflib.Graph()
    for i in range(10):
        old.add((rdflib.URIRef(f"urn:x:o{i}"), rdflib.RDFS.label, rdflib.Literal(f"old {i}")))
    store.replace_graph("urn:report", old)
    store.close()
    del store

    n = 30_000
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(n)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(1.5)  # in the middle of replacing the graph, again and again
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)

    store = open_store(path)
    count = store.count("urn:report")
    assert count in (10, n), f"half-written graph: {count} triples"
    labels = {
        str(r[0]).split()[0]
        for r in store.select("SELECT ?l WHERE { GRAPH <urn:report> { ?s rdfs:label ?l } }")
    }
    assert labels in ({"old"}, {"new"})
    store.replace_graph("urn:report", old)
    assert store.count("urn:report") == 10
