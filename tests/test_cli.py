"""The command line: exit codes, one-line errors and the resulting store state."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import click
import pytest

from graph.cli import cli
from ontology import ONTOLOGY_IRI

from .conftest import CORE, MINI_IRI, ROOT


@pytest.fixture
def store_dir(tmp_path):
    return str(tmp_path / "store")


def _invoke(runner, *args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_load_query_and_reports(runner, store_dir):
    result = _invoke(runner, "load", CORE / "mini.ttl", "--store", store_dir)
    assert result.exit_code == 0, result.output
    assert f"loaded 46 triples into <{MINI_IRI}>" in result.output
    q = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a tkg:Country }"
    result = _invoke(runner, "query", q, "--store", store_dir, "--format", "json")
    assert result.exit_code == 0, result.output
    n = int(json.loads(result.output)["results"]["bindings"][0]["n"]["value"])
    assert 0 < n < 10  # the report's countries, not the gazetteer's
    result = _invoke(
        runner, "query", q, "--store", store_dir, "--format", "json", "--include-vocabulary"
    )
    n = int(json.loads(result.output)["results"]["bindings"][0]["n"]["value"])
    assert n >= 240
    result = _invoke(runner, "reports", "--store", store_dir)
    lines = result.output.splitlines()
    assert lines[0].split() == ["triples", "report", "date", "publisher", "title"]
    assert lines[1].split()[:4] == ["46", "mini", "2015-06-01", "Example"]
    assert lines[1].endswith("Frontex: arrivals in Greece rise")
    assert lines[-1] == "1 report, 46 triples"


def test_query_from_file_and_csv(runner, store_dir, tmp_path):
    _invoke(runner, "load", CORE / "mini.trig", "--store", store_dir)
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?n WHERE { ?f a tkg:MigrationFlow ; tkg:count ?n }")
    result = _invoke(runner, "query", "-f", rq, "--format", "csv", "--store", store_dir)
    assert result.exit_code == 0 and result.output.split() == ["n", "48000"]


def test_query_syntax_error_is_one_line(runner, store_dir):
    _invoke(runner, "load", CORE / "mini.ttl", "--store", store_dir)
    result = runner.invoke(cli, ["query", "SELECT ?x WHERE { ?x ?y }", "--store", store_dir])
    assert result.exit_code == 5
    lines = (
        result.stderr.strip().splitlines()
        if hasattr(result, "stderr")
        else result.output.splitlines()
    )
    assert len(lines) == 1 and lines[0].startswith("error: SPARQL syntax error at line 1, column")


def test_query_needs_exactly_one_source(runner, store_dir):
    result = runner.invoke(cli, ["query", "--store", store_dir])
    assert result.exit_code == 2 and "exactly one" in result.output


def test_query_on_missing_store(runner, tmp_path):
    result = runner.invoke(cli, ["query", "ASK {}", "--store", str(tmp_path / "none")])
    assert result.exit_code == 4 and "tkg load" in result.output


def test_load_missing_and_malformed(runner, store_dir, tmp_path):
    result = runner.invoke(cli, ["load", str(tmp_path / "nope.ttl"), "--store", store_dir])
    assert result.exit_code == 2 and "no such file" in result.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n")
    result = runner.invoke(cli, ["load", str(bad), "--store", store_dir])
    assert result.exit_code == 2 and f"{bad}:1:" in result.output


def test_validate_reports_violations(runner, tmp_path):
    result = _invoke(runner, "validate", CORE / "mini.ttl")
    assert result.exit_code == 0 and "conforms" in result.output
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        (CORE / "mini.ttl")
        .read_text()
        .replace("tkg:inReport <https://w3id.org/tkg/id/report/mini> .\n\nr:ev2", ".\n\nr:ev2", 1)
    )
    result = runner.invoke(cli, ["validate", str(broken)])
    assert result.exit_code == 3
    assert re.search(rf"{re.escape(str(broken))}:\d+: <.*ev1>", result.output)


def test_check_passes_and_fails(runner, store_dir, tmp_path):
    _invoke(runner, "load", CORE / "mini.ttl", "--store", store_dir)
    (tmp_path / "q1.rq").write_text("# flow to Greece\nASK { ?f tkg:destination/tkg:isoCode 'GR' }")
    result = _invoke(runner, "check", tmp_path, "--store", store_dir)
    assert result.exit_code == 0 and "1 passed, 0 failed" in result.output
    (tmp_path / "q2.rq").write_text("# flow to Italy\nASK { ?f tkg:destination/tkg:isoCode 'IT' }")
    result = runner.invoke(cli, ["check", str(tmp_path), "--store", store_dir])
    assert result.exit_code == 1 and "FAIL  q2.rq  flow to Italy" in result.output


def test_store_from_environment(runner, store_dir, monkeypatch):
    monkeypatch.setenv("TKG_STORE", store_dir)
    assert _invoke(runner, "load", CORE / "mini.nq").exit_code == 0
    result = _invoke(runner, "query", "ASK { ?s tkg:count 48000 }")
    assert result.output.strip() == "true"


def test_python_dash_m_works():
    out = subprocess.run(
        [sys.executable, "-m", "graph", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0 and "build" in out.stdout


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"tkg {name}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_query_sees_graphs_one_by_one_and_keeps_its_own_dataset(runner, store_dir):
    _invoke(runner, "load", CORE / "mini.ttl", "--store", store_dir)
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    result = _invoke(runner, "query", q, "--store", store_dir, "--format", "csv")
    assert result.output.split() == ["g", MINI_IRI]
    own = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_IRI}> WHERE {{ ?s a owl:Class }}"
    result = _invoke(runner, "query", own, "--store", store_dir, "--format", "csv")
    assert int(result.output.split()[1]) > 30


def test_export_by_report_id_and_without_the_vocabulary(runner, store_dir, tmp_path):
    import rdflib

    _invoke(runner, "load", CORE / "mini.ttl", "--store", store_dir)
    one = tmp_path / "one.ttl"
    result = _invoke(runner, "export", "-o", one, "--graph", "mini", "--store", store_dir)
    assert result.exit_code == 0, result.output
    assert len(rdflib.Graph().parse(one)) == 46
    facts, everything = tmp_path / "facts.ttl", tmp_path / "all.ttl"
    _invoke(runner, "export", "-o", facts, "--store", store_dir)
    _invoke(runner, "export", "-o", everything, "--store", store_dir, "--include-vocabulary")
    assert len(rdflib.Graph().parse(facts)) == 46
    assert len(rdflib.Graph().parse(everything)) > 5000
    trig = tmp_path / "facts.trig"
    _invoke(runner, "export", "-o", trig, "--store", store_dir)
    ds = rdflib.Dataset()
    ds.parse(trig, format="trig")
    assert {str(c.identifier) for c in ds.graphs() if len(c)} == {MINI_IRI}
    result = runner.invoke(cli, ["export", "-o", str(one), "--graph", "nope", "--store", store_dir])
    assert result.exit_code == 2
    assert result.output.startswith("error: no report graph 'nope'") and "mini" in result.output


def test_reports_on_an_empty_store(runner, tmp_path):
    result = _invoke(runner, "reports", "--store", "memory")
    assert result.output.strip() == "no reports loaded; use `tkg load` or `tkg build`"


def _options():
    for name, command in sorted(cli.commands.items()):
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                yield name, param


@pytest.mark.parametrize("name,option", list(_options()), ids=lambda x: getattr(x, "name", x))
def test_every_option_has_help(name, option):
    assert option.help, f"tkg {name} {option.opts[0]} has no help"


def test_store_defaults_are_documented_per_command(runner):
    build = _invoke(runner, "build", "--help").output
    assert "else OUT/store" in " ".join(build.split())
    query = _invoke(runner, "query", "--help").output
    assert "else ./.tkg/store" in " ".join(query.split())


def test_analyze_measure_and_its_former_name(runner, store_dir, tmp_path):
    _invoke(runner, "load", CORE / "mini.ttl", "--store", store_dir)
    for flag in ("--measure", "--projections"):
        out = tmp_path / flag.strip("-")
        result = _invoke(
            runner, "analyze", "-o", out, flag, "flow", "--no-figures", "--store", store_dir
        )
        assert result.exit_code == 0, result.output
        assert (out / "analysis.md").exists()
    help_text = _invoke(runner, "analyze", "--help").output
    assert "--measure" in help_text and "--projections" not in help_text
