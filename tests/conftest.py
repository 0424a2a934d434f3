"""Shared fixtures: stores, the tiny example report's facts, the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORE = DATA / "core"
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "queries" / "seed"
MINI_IRI = "https://w3id.org/tkg/id/report/mini"


@pytest.fixture
def memory_store():
    from graph.store import open_store

    return open_store("memory")


@pytest.fixture
def disk_store(tmp_path):
    from graph.store import open_store

    store = open_store(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def mini_files() -> dict[str, Path]:
    """The same small report's facts in every RDF input format."""
    return {p.suffix.lstrip("."): p for p in CORE.glob("mini.*") if p.suffix != ".txt"}


from .virtuoso_fixture import virtuoso  # noqa: E402,F401  (session fixture: a real Virtuoso)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def any_store(request, tmp_path):
    """The embedded store and a real Virtuoso, for tests that must hold on both."""
    from graph.store import open_store

    if request.param == "oxigraph":
        store = open_store(tmp_path / "store")
        yield store
        store.close()
        return
    server = request.getfixturevalue("virtuoso")
    store = open_store(server.url)
    for graph in store.graph_names():  # each test starts from an empty endpoint
        store.remove_graph(graph)
    yield store
    store.close()
