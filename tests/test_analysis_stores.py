"""The same facts give the same analysis on the embedded store and on Virtuoso.

The curated example report, one extracted illustrative report and a planted
network (communities joined by a broker, so community detection and layouts
have real work) are loaded into an embedded Oxigraph store and into a real
Virtuoso; analysis.md, metrics.csv and the GEXF export must match byte for
byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analysis import analyze
from graph.export import export
from graph.load import load_files
from graph.store import Store, open_store
from tests.synthetic import planted_communities, routes_dataset

CURATED = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / "facts"
    / "cnn-2011-europol-north-africa.yaml"
)
EXAMPLE = CURATED.parent.parent / "reports" / "example-2023-libya-central-mediterranean.txt"
COMPARED = ("analysis.md", "metrics.csv", "network.gexf")


@pytest.fixture(scope="module")
def extracted():
    """One illustrative report as extracted (statements, numbers, confidences)."""
    from graph.extract import extract_file

    return extract_file(EXAMPLE)


def _fill(store: Store, extracted) -> None:
    load_files(store, [CURATED])
    store.replace_graph(*extracted)
    edges, _ = planted_communities(n=3, size=6, seed=5)
    iri, g = routes_dataset(edges, "planted")
    store.replace_graph(iri, g)


def _run(store: Store, out: Path) -> dict[str, bytes]:
    analyze(store, out, seed=7, top=8)
    export(store, out / "network.gexf", format="gexf")
    return {name: (out / name).read_bytes() for name in COMPARED}


def test_oxigraph_and_virtuoso_give_the_same_files(virtuoso, extracted, tmp_path):
    remote = open_store(virtuoso.url)
    for name in remote.graph_names():  # other tests of this session may have left graphs
        remote.remove_graph(name)
    local = open_store("memory")
    _fill(local, extracted)
    _fill(remote, extracted)
    a = _run(local, tmp_path / "oxigraph")
    b = _run(remote, tmp_path / "virtuoso")
    for name in COMPARED:
        if a[name] != b[name]:
            left = a[name].decode("utf-8").splitlines()
            right = b[name].decode("utf-8").splitlines()
            diff = [f"- {x}\n+ {y}" for x, y in zip(left, right, strict=False) if x != y][:5]
            pytest.fail(f"{name} differs between Oxigraph and Virtuoso:\n" + "\n".join(diff))
    md = a["analysis.md"].decode("utf-8")
    assert "Broker" in md and "Robert Wainwright" in md and "Marta Lindqvist" in md
