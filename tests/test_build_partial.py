"""A bad report among many: rejected and named, the others built, exit code 9 (issue 15 item 3)."""

from __future__ import annotations

import json

import pytest
import rdflib

from graph.build import PARTIAL_EXIT_CODE, build
from graph.cli import cli
from graph.exceptions import ValidationError
from graph.ids import report_iri

from .conftest import CORE

GOOD = {
    "frontex": "Frontex said some 48,000 migrants crossed from Turkey to Greece in 2015. "
    "Greek police arrested 30 smugglers.\n",
    "europol": "Europol said it was sending experts to Italy. Italian police arrested 12 "
    "members of a Romanian gang that forced women into prostitution.\n",
    "iom": "More than 5,000 migrants arrived in Italy from Libya across the Mediterranean "
    "since the start of 2011, the IOM said on Tuesday.\n",
}
#: A report whose extraction the test makes invalid (a flow with two tkg:count values).
BROKEN = "broken"
TKG = rdflib.Namespace("https://w3id.org/tkg/ontology#")


@pytest.fixture
def corpus(tmp_path):
    """Three good reports, one broken extraction, one bad curated sheet, one binary file."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{BROKEN}.txt").write_text(
        "Some 2,000 migrants crossed from Libya to Italy in March.\n", encoding="utf-8"
    )
    # the hand-written mini facts with a second count on the flow: a shape violation
    sheet = (CORE / "mini.ttl").read_text(encoding="utf-8")
    assert "tkg:count 48000 ;" in sheet
    (folder / "mini.ttl").write_text(
        sheet.replace("tkg:count 48000 ;", "tkg:count 48000, 50000 ;"), encoding="utf-8"
    )
    # not text in any encoding tkg reads
    (folder / "scan.txt").write_bytes(b"%PDF-1.4\x00\x00\x81\x8d\xff\xfe\x00binary" * 50)
    return folder


@pytest.fixture
def broken_extraction(monkeypatch):
    """Make the extraction of ``broken.txt`` give a flow two counts (builds run in-process)."""
    import graph.extract as extract

    real = extract.extract_file

    def patched(path, **kwargs):
        iri, graph = real(path, **kwargs)
        if str(path).endswith(f"{BROKEN}.txt"):
            flows = list(graph.subjects(rdflib.RDF.type, TKG.MigrationFlow))
            assert flows, "the broken report must have a flow"
            graph.add((flows[0], TKG["count"], rdflib.Literal(1)))
            graph.add((flows[0], TKG["count"], rdflib.Literal(2)))
        return iri, graph

    monkeypatch.setattr(extract, "extract_file", patched)


def _graphs(out):
    from graph.store import open_store

    store = open_store(out / "store", read_only=True)
    try:
        return set(store.graph_names())
    finally:
        store.close()


def test_bad_reports_are_rejected_and_the_others_built(corpus, tmp_path, runner, broken_extraction):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(corpus), "--out", str(out), "-q", "--validate"])
    assert result.exit_code == PARTIAL_EXIT_CODE, result.output
    output = result.output
    assert "built 3 of 6 reports" in output and "3 rejected" in output
    # each bad one is named with its first violation or error, and where its facts went
    lines = {
        name: next(
            line for line in output.splitlines() if line.startswith("rejected:") and name in line
        )
        for name in ("broken.txt", "mini.ttl", "scan.txt")
    }
    assert "count" in lines["broken.txt"]
    assert str(out / "rejected" / "broken.ttl") in lines["broken.txt"]
    assert "count" in lines["mini.ttl"] and "mini.ttl" in lines["mini.ttl"]
    assert "no facts were stored" in lines["scan.txt"]
    # the rejected facts can be read back for inspection: two counts on one flow
    rejected = rdflib.Graph().parse(out / "rejected" / "broken.ttl")
    flows = list(rejected.subjects(rdflib.RDF.type, TKG.MigrationFlow))
    assert any(len(set(rejected.objects(f, TKG["count"]))) >= 2 for f in flows)
    # the good reports are in the store and the outputs, the bad ones are not
    graphs = _graphs(out)
    for name in GOOD:
        assert report_iri(name) in graphs
    for name in (BROKEN, "mini", "scan"):
        assert report_iri(name) not in graphs
    trig = (out / "facts.trig").read_text(encoding="utf-8")
    assert all(report_iri(name) in trig for name in GOOD)
    assert report_iri(BROKEN) not in trig
    for name in ("analysis.md", "metrics.csv", "network.gexf", "network.graphml", "network.cyjs"):
        assert (out / name).stat().st_size > 0, name
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["rejected"]) == 3
    assert set(manifest["reports"]) == {report_iri(n) for n in GOOD}

    # built again unchanged: the good ones are not extracted again, the bad ones still named
    again = runner.invoke(cli, ["build", str(corpus), "--out", str(out), "-q", "--validate"])
    assert again.exit_code == PARTIAL_EXIT_CODE, again.output
    assert "3 unchanged" in again.output and "3 rejected" in again.output


def test_strict_keeps_all_or_nothing(corpus, tmp_path, runner, broken_extraction):
    out = tmp_path / "out"
    result = runner.invoke(
        cli, ["build", str(corpus), "--out", str(out), "-q", "--validate", "--strict"]
    )
    assert result.exit_code == ValidationError.exit_code, result.output
    assert "mini.ttl" in result.output and "the store keeps its previous state" in result.output
    assert not any("/report/" in g for g in _graphs(out))


def test_strict_refuses_an_unreadable_report(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD["frontex"], encoding="utf-8")
    (folder / "scan.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    from graph.exceptions import EncodingError

    with pytest.raises(EncodingError, match="scan.txt"):
        build([folder], tmp_path / "out", progress=False, figures=False, strict=True)
    summary = build([folder], tmp_path / "out", progress=False, figures=False)
    assert summary.partial and summary.extracted == 1
    assert [r.source.name for r in summary.rejected] == ["scan.txt"]


def test_without_validate_extracted_facts_skip_shacl(corpus, tmp_path, monkeypatch):
    """Extracted facts are not checked by default (valid by construction), curated ones are."""
    import graph.validate as validate

    seen = []
    real = validate.validate_graph

    def spy(graph, **kwargs):
        seen.append(kwargs.get("source"))
        return real(graph, **kwargs)

    monkeypatch.setattr(validate, "validate_graph", spy)
    summary = build([corpus], tmp_path / "out", progress=False, figures=False)
    assert [s for s in seen if s and s.endswith(".txt")] == []
    assert any(s and s.endswith("mini.ttl") for s in seen)
    assert summary.extracted == 4 and [r.source.name for r in summary.rejected] == [
        "mini.ttl",
        "scan.txt",
    ]
