"""The main job end to end: tkg build on the example report."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from graph.build import find_inputs
from graph.cli import cli
from graph.exceptions import InputError

from .conftest import CORE, EXAMPLES

REPORT = EXAMPLES / "reports" / "cnn-2011-europol-north-africa.txt"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _digests(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "store" not in p.relative_to(folder).parts
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build the example report once for this module (it takes a few seconds)."""
    from click.testing import CliRunner

    work = tmp_path_factory.mktemp("build")
    shutil.copy(REPORT, work / REPORT.name)
    shutil.copy(REPORT.with_name(REPORT.stem + ".meta.yaml"), work)
    out = work / "out"
    result = CliRunner().invoke(cli, ["build", str(work / REPORT.name), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return work, out, result.output


def test_build_writes_every_output(built):
    _, out, output = built
    for name in ("facts.trig", "analysis.md", "metrics.csv", "metrics.json", "manifest.json"):
        assert (out / name).stat().st_size > 0, name
    for name in ("network.gexf", "network.graphml", "network.cyjs"):
        assert (out / name).stat().st_size > 0, name
    assert list(out.glob("network*.csv")), "CSV node/edge tables"
    pngs = list(out.glob("*.png"))
    svgs = list(out.glob("*.svg"))
    assert len(pngs) >= 4 and len(svgs) >= 4
    for png in pngs:
        assert png.read_bytes()[:8] == PNG_MAGIC, png
    assert "built 1 report into" in output and "1 extracted" in output


def test_build_facts_answer_the_seed_questions(built):
    from graph.check import check_dir
    from graph.store import open_store

    _, out, _ = built
    store = open_store(out / "store", read_only=True)
    results = check_dir(store, EXAMPLES / "queries" / "seed")
    assert sum(r.passed for r in results) >= 12, [str(r) for r in results if not r.passed]


def test_rebuild_changes_nothing_and_adding_a_report_adds_its_graph(built):
    from click.testing import CliRunner

    from graph.store import open_store

    work, out, _ = built
    before = _digests(out)
    result = CliRunner().invoke(cli, ["build", str(work / REPORT.name), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "1 unchanged" in result.output
    assert _digests(out) == before

    extra = work / "frontex.txt"
    extra.write_text(
        "Frontex said some 48,000 migrants crossed from Turkey to Greece in 2015. "
        "Greek police arrested 30 smugglers.\n",
        encoding="utf-8",
    )
    store = open_store(out / "store", read_only=True)
    cnn_iri = "https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa"
    cnn_before = store.dump("nq", cnn_iri)
    store.close()
    del store
    result = CliRunner().invoke(cli, ["build", str(work), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "1 extracted" in result.output and "1 unchanged" in result.output
    store = open_store(out / "store", read_only=True)
    assert store.dump("nq", cnn_iri) == cnn_before
    assert "https://w3id.org/tkg/id/report/frontex" in store.graph_names()


def test_curated_facts_beside_a_report_win(tmp_path):
    report = tmp_path / "reports" / "mini.txt"
    report.parent.mkdir()
    shutil.copy(CORE / "mini.txt", report)
    facts = tmp_path / "facts" / "mini.ttl"
    facts.parent.mkdir()
    shutil.copy(CORE / "mini.ttl", facts)
    inputs = find_inputs([report])
    assert len(inputs) == 1 and inputs[0].facts == facts and inputs[0].text == report


def test_build_errors(tmp_path, runner):
    with pytest.raises(InputError, match="no such report"):
        find_inputs([tmp_path / "missing.txt"])
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK")
    result = runner.invoke(cli, ["build", str(odd), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "not a report" in result.output
