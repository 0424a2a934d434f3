"""The analysis brief on the project's examples (the checks of issue 14).

- The first report alone (curated sheet): analysis.md names the people,
  agencies, places and numbers of the report, marks its hedged claims and
  ranks no unconnected node.
- The illustrative corpus in examples/reports: a flow graph between at least
  10 countries, with brokers and chokepoints named in analysis.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.build import build
from graph.load import load_files
from graph.store import open_store

from .conftest import EXAMPLES

CURATED = EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"


@pytest.fixture(scope="module")
def first_report(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("cnn")
    store = open_store("memory")
    load_files(store, [CURATED])
    from graph.analysis import analyze

    analyze(store, out, figures=False)
    return (out / "analysis.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "Italy",
        "Europol",
        "UNHCR",
        "Romania",
        "Robert Wainwright (director, Europol)",
        "Melissa Fleming (spokeswoman, UNHCR)",
        "about 270,000 victims",
        "$3 billion",
        "500 operations",
        "120 arrests",
    ],
)
def test_first_report_brief_names(first_report, text):
    assert text in first_report


def test_first_report_brief_marks_hedged_and_attributed_claims(first_report):
    hedged = first_report.split("### Hedged claims", 1)[1].split("\n## ", 1)[0]
    assert "'haven't seen'" in hedged  # "We haven't seen any strong indications yet"
    assert "'could'" in hedged and "'allegedly'" in hedged
    assert "attributed to Europol" in first_report  # 270,000 victims, "according to Europol"
    assert "UNHCR warning" not in hedged  # "profit from their fear and misery" is no hedge


def test_first_report_evidence_is_the_sentence_that_states_the_fact(first_report):
    flow = first_report.split("**Migration flow**", 1)[1].split("\n- ", 1)[0]
    assert "The current influx to Italy -- nearly 10,000 migrants" in flow
    link = first_report.split("| North Africa → Italy |", 1)[1].split("\n", 1)[0]
    assert "nearly 10,000 migrants" in link


def test_first_report_ranks_no_unconnected_node(first_report):
    network = first_report.split("## Network: flow graph", 1)[1]
    assert "| 1 | Europe |" not in network and "| 2 | Europe |" not in network
    assert "Too few links to rank" in network
    assert "No brokers, chokepoints or disruption" in network  # every betweenness is 0
    assert "Disruption:" not in network


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES / "reports", work / "reports")
    shutil.copytree(EXAMPLES / "facts", work / "facts")
    out = work / "out"
    build([work / "reports"], out, figures=False, progress=False)
    return out, (out / "analysis.md").read_text(encoding="utf-8")


def test_example_corpus_flows_between_ten_countries(corpus):
    import networkx as nx

    out, _ = corpus
    g = nx.read_graphml(out / "network.graphml")
    countries = {n for n, d in g.nodes(data=True) if d.get("type") == "Country" and g.degree(n) > 0}
    assert len(countries) >= 10, sorted(countries)


def test_example_corpus_names_brokers_and_chokepoints(corpus):
    _, md = corpus
    brokers = md.split("- Brokers: ", 1)[1].split("\n", 1)[0]
    assert brokers and brokers != "none"
    assert "Chokepoints of corridors" in md
    assert "illustrative" in md  # the publisher of the written examples says so
