"""Hardening (issue 12): unknown tkg terms, invalid IRIs, damaged stores, stale read-only stores.

Each case reproduces a failure of the attack run: the command must end with
one clear error line and a non-zero exit, and nothing stored may change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cli import cli

from .conftest import CORE, DATA, EXAMPLES

FACT_SUFFIXES = {".ttl", ".trig", ".nt", ".nq", ".jsonld", ".yaml"}


def _typo_file(tmp_path: Path) -> Path:
    """mini.ttl with a class and a property misspelt (tkg:Arest, tkg:cout)."""
    text = (CORE / "mini.ttl").read_text(encoding="utf-8")
    text = text.replace("tkg:count 48000", "tkg:cout 48000")
    text += (
        "\nr:arrest1 a tkg:Arest ; prov:wasDerivedFrom <https://w3id.org/tkg/id/report/mini> .\n"
    )
    path = tmp_path / "typo.ttl"
    path.write_text(text, encoding="utf-8")
    return path


# --- item 6: closed world over the tkg namespace ---------------------------------------------


def test_validate_names_unknown_tkg_terms(tmp_path, runner):
    path = _typo_file(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    cout_line = next(i for i, line in enumerate(lines, 1) if "tkg:cout" in line)
    arest_line = next(i for i, line in enumerate(lines, 1) if "tkg:Arest" in line)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code != 0
    out = result.output
    assert f"{path}:{arest_line}: " in out and "did you mean tkg:Arrest?" in out
    assert f"{path}:{cout_line}: " in out and "did you mean tkg:count?" in out
    assert "Traceback" not in out


def test_load_refuses_unknown_tkg_terms(tmp_path, runner):
    store = tmp_path / "store"
    result = runner.invoke(cli, ["load", str(_typo_file(tmp_path)), "--store", str(store)])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output
    assert "typo.ttl" in lines[0] and "tkg:" in lines[0] and "did you mean" in lines[0]
    from graph.store import open_store

    db = open_store(store, read_only=True) if store.exists() else None
    if db is not None:
        try:
            assert "https://w3id.org/tkg/id/report/mini" not in db.graph_names()
        finally:
            db.close()


def test_undefined_terms_reads_the_ontology():
    import rdflib

    import ontology
    from graph.validate import undefined_terms

    graph = rdflib.Graph()
    defined = [s for s in ontology.ontology_graph().subjects() if str(s).startswith(ontology.TKG)]
    for term in defined:
        graph.add((rdflib.URIRef("urn:x:s"), rdflib.RDFS.seeAlso, term))
    assert undefined_terms(graph) == {}
    graph.add((rdflib.URIRef("urn:x:s"), ontology.TKG.zzzzqqq, rdflib.Literal(1)))
    assert undefined_terms(graph) == {str(ontology.TKG.zzzzqqq): None}


def _fact_files() -> list[Path]:
    return sorted(
        p
        for p in [*DATA.rglob("*"), *(EXAMPLES / "facts").glob("*")]
        if p.suffix in FACT_SUFFIXES and "extract" not in p.parts
    )


def test_example_and_test_facts_use_only_defined_terms():
    from graph.exceptions import TkgError
    from graph.rdf import read_facts
    from graph.validate import undefined_terms

    checked = 0
    for path in _fact_files():
        try:
            pairs = read_facts(path)
        except TkgError:
            continue  # deliberately bad inputs
        for _iri, graph in pairs:
            assert undefined_terms(graph) == {}, path
            checked += 1
    assert checked > 5


def test_extracted_reports_use_only_defined_terms():
    from graph.extract import extract_text
    from graph.validate import undefined_terms

    texts = sorted((EXAMPLES / "reports").glob("*.txt")) + sorted((DATA / "extract").glob("*.txt"))
    assert texts
    for path in texts:
        graph = extract_text(path.read_text(encoding="utf-8"), report_id=path.stem)
        assert undefined_terms(graph) == {}, path


# --- item 7: invalid IRIs are reported, not dropped or a traceback -----------------------------

_JSONLD_CONTEXT = (
    '{"tkg": "https://w3id.org/tkg/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",'
    ' "partOf": {"@id": "tkg:partOf", "@type": "@id"}}'
)


def _jsonld(node: str) -> str:
    good = '{"@id": "https://w3id.org/tkg/id/country/ITA", "@type": "tkg:Country", "rdfs:label": "Italy"}'
    return f'{{"@context": {_JSONLD_CONTEXT},\n "@graph": [\n  {good},\n  {node}\n ]}}\n'


@pytest.mark.parametrize(
    "node, bad",
    [
        ('{"@id": "https://example.org/a b", "rdfs:label": "A"}', "https://example.org/a b"),
        ('{"@id": "https://example.org/{x}", "rdfs:label": "A"}', "https://example.org/{x}"),
        ('{"@id": "https://example.org/a", "@type": "tkg:Bad Class"}', "tkg:Bad Class"),
        (
            '{"@id": "https://example.org/a", "partOf": "https://ex ample.org/"}',
            "https://ex ample.org/",
        ),
        ('{"@id": "https://example.org/a", "https://ex.org/p<q>": "v"}', "https://ex.org/p<q>"),
    ],
)
def test_jsonld_invalid_iri_is_reported(tmp_path, runner, node, bad):
    path = tmp_path / "bad.jsonld"
    path.write_text(_jsonld(node), encoding="utf-8")
    store = tmp_path / "store"
    result = runner.invoke(cli, ["load", str(path), "--store", str(store)])
    assert result.exit_code != 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert f"{path}:4: " in lines[0] and bad in lines[0] and "invalid IRI" in lines[0]
    if store.exists():
        from graph.store import open_store

        db = open_store(store, read_only=True)
        try:
            assert db.count() == 0
        finally:
            db.close()
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code != 0 and "invalid IRI" in result.output


def test_jsonld_valid_document_still_loads(tmp_path, runner):
    path = tmp_path / "good.jsonld"
    path.write_text(_jsonld('{"@id": "_:b1", "rdfs:label": "A"}'), encoding="utf-8")
    from graph.rdf import read_facts

    [(_iri, graph)] = read_facts(path)
    assert len(graph) == 3


@pytest.mark.parametrize(
    "field",
    [
        "iri: 'https://example.org/a<b>'",
        "basedIn: 'https://example.org/{x}'",
        "basedIn: 'tkgid:org/a\"b'",
    ],
)
def test_factsheet_invalid_iri_is_one_line(tmp_path, runner, field):
    path = tmp_path / "sheet.yaml"
    path.write_text(
        "report:\n  id: sheet\n  title: T\nentities:\n"
        f"  g: {{type: CriminalGroup, label: G, {field}}}\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    for args in (["load", str(path), "--store", str(store)], ["validate", str(path)]):
        result = runner.invoke(cli, args)
        assert result.exit_code != 0, result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), result.output
        assert f"{path}:5" in lines[0] and "IRI" in lines[0]


@pytest.mark.parametrize(
    "suffix, body",
    [
        (
            "ttl",
            '<https://w3id.org/tkg/id/x/a> rdfs:label "A" .\n<https://ex.org/a b> rdfs:label "B" .\n',
        ),
        ("nt", '<urn:x:a> <urn:x:p> "A" .\n<https://ex.org/a b> <urn:x:p> "B" .\n'),
        (
            "nq",
            '<urn:x:a> <urn:x:p> "A" <urn:x:g> .\n<https://ex.org/a{b}> <urn:x:p> "B" <urn:x:g> .\n',
        ),
        ("trig", '<urn:x:g> { <urn:x:a> <urn:x:p> "A" .\n<urn:x:a> <urn:x:p> <a b> . }\n'),
    ],
)
def test_invalid_iri_in_every_rdf_syntax_names_file_and_line(tmp_path, runner, suffix, body):
    path = tmp_path / f"bad.{suffix}"
    prefix = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" if suffix == "ttl" else ""
    path.write_text(prefix + body, encoding="utf-8")
    line = 3 if prefix else 2
    result = runner.invoke(cli, ["load", str(path), "--store", "memory"])
    assert result.exit_code == 2, result.output
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}:{line}: "), result.output
    assert "Invalid IRI" in lines[0]


# --- item 10: damaged stores and full disks give one line with the fix ----------------------------


def _loaded_store(tmp_path: Path, runner) -> Path:
    store = tmp_path / "store"
    result = runner.invoke(cli, ["load", str(CORE / "mini.ttl"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _damage(store: Path, how: str) -> None:
    if how == "missing CURRENT":
        (store / "CURRENT").unlink()
    elif how == "truncated MANIFEST":
        [manifest] = store.glob("MANIFEST-*")
        with manifest.open("r+b") as f:
            f.truncate(20)
    else:
        sst = max(store.glob("*.sst"), key=lambda p: p.stat().st_size)
        data = bytearray(sst.read_bytes())
        for i in range(1000, len(data), 997):
            data[i] ^= 0xFF
        sst.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["missing CURRENT", "truncated MANIFEST", "damaged sst"])
def test_damaged_store_is_one_line_with_the_repair_command(tmp_path, runner, how):
    store = _loaded_store(tmp_path, runner)
    _damage(store, how)
    for args in (
        ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store)],
        ["load", str(CORE / "mini.ttl"), "--store", str(store)],
        ["reports", "--store", str(store)],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 4, (args, result.output)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), result.output
        assert f"store {store} is damaged" in lines[0]
        assert f"tkg repair --store {store}" in lines[0]
    result = runner.invoke(cli, ["repair", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert list(tmp_path.glob("store.damaged-*")), "the damaged copy is kept"
    result = runner.invoke(cli, ["reports", "--store", str(store)])
    assert result.exit_code == 0, result.output
    if how == "missing CURRENT":  # CURRENT is rebuilt from the one MANIFEST: nothing lost
        assert " mini " in result.output and "rebuilt" not in result.output
    result = runner.invoke(cli, ["load", str(CORE / "mini.ttl"), "--store", str(store)])
    assert result.exit_code == 0, result.output


_LIMITED = r"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
from graph.cli import main
main(sys.argv[1:])
"""


def test_full_disk_during_load_is_one_line_and_keeps_the_store(tmp_path, runner):
    """A file-size limit (RLIMIT_FSIZE) makes every write past 200 KB fail like a full disk."""
    import subprocess
    import sys

    store = _loaded_store(tmp_path, runner)
    sheet = EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"
    result = subprocess.run(
        [sys.executable, "-c", _LIMITED, "load", str(sheet), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 4, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert str(store) in lines[0] and "disk is full" in lines[0]
    result = runner.invoke(cli, ["reports", "--store", str(store)])
    assert result.exit_code == 0 and " mini " in result.output, result.output


def test_full_tmpfs_during_load_is_one_line_and_keeps_the_store(tmp_path, runner):
    """A real full disk: a small tmpfs (needs root and mount), filled up after a first load."""
    import os
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True
        ).returncode
    ):
        pytest.skip("cannot mount a tmpfs here (the RLIMIT_FSIZE test covers the case)")
    try:
        store = _loaded_store(mount, runner)
        with (mount / "filler").open("wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        sheet = EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"
        result = runner.invoke(cli, ["load", str(sheet), "--store", str(store)])
        assert result.exit_code == 4, result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), result.output
        assert str(store) in lines[0] and "disk is full" in lines[0]
        (mount / "filler").unlink()
        result = runner.invoke(cli, ["reports", "--store", str(store)])
        assert result.exit_code == 0 and " mini " in result.output, result.output
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


# --- item 9: a read-only store sees reports loaded after it was opened --------------------------


def test_read_only_store_sees_graphs_loaded_later(tmp_path, runner):
    from graph.store import open_store

    store = _loaded_store(tmp_path, runner)
    reader = open_store(store, read_only=True)
    try:
        new = "https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa"
        assert new not in reader.graph_names()
        sheet = EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"
        result = runner.invoke(cli, ["load", str(sheet), "--store", str(store)])
        assert result.exit_code == 0, result.output
        reader.refresh()
        assert new in reader.graph_names()
        n = reader.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{new}> {{ ?s ?p ?o }} }}")
        assert int(n.rows[0][0]) > 100
        ask = f"ASK {{ ?e <http://www.w3.org/ns/prov#wasDerivedFrom> <{new}> }}"
        assert reader.ask(ask), "the union default graph has the new report"
        assert not reader.refresh(), "nothing changed since: no reopen"
    finally:
        reader.close()


def test_read_only_store_refreshes_by_itself(tmp_path, runner, monkeypatch):
    import time

    from graph.store import OxigraphStore, open_store

    monkeypatch.setattr(OxigraphStore, "REFRESH_SECONDS", 0.0)
    store = _loaded_store(tmp_path, runner)
    reader = open_store(store, read_only=True)
    try:
        result = runner.invoke(
            cli,
            [
                "load",
                str(EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"),
                "--store",
                str(store),
            ],
        )
        assert result.exit_code == 0, result.output
        time.sleep(0.01)
        assert any("cnn-2011" in g for g in reader.graph_names())
    finally:
        reader.close()


def test_serve_read_only_sees_graphs_loaded_later(tmp_path, runner):
    from starlette.testclient import TestClient

    from graph.serve import create_app
    from graph.store import open_store

    store = _loaded_store(tmp_path, runner)
    reader = open_store(store, read_only=True)
    reader.REFRESH_SECONDS = 0.0
    client = TestClient(create_app(reader))
    query = (
        "ASK { GRAPH <https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa> { ?s ?p ?o } }"
    )
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is False
    sheet = EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"
    result = runner.invoke(cli, ["load", str(sheet), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is True
    reader.close()


def test_damaged_data_blocks_found_while_reading_are_one_line(tmp_path, runner):
    """Data blocks damaged (not the index): the store opens, the error comes while reading."""
    from graph.exceptions import StoreCorruptError
    from graph.store import open_store

    store = _loaded_store(tmp_path, runner)
    for sst in store.glob("*.sst"):
        data = bytearray(sst.read_bytes())
        if len(data) < 50_000:
            continue
        for i in range(100, len(data) // 2, 4999):
            data[i] ^= 0xFF
        sst.write_bytes(bytes(data))
    result = runner.invoke(cli, ["reports", "--store", str(store)])
    assert result.exit_code == 4, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and f"tkg repair --store {store}" in lines[0], result.output
    db = open_store(store, read_only=True)
    try:
        with pytest.raises(StoreCorruptError, match="is damaged"):
            db.dump("nq")
    finally:
        db.close()
    result = runner.invoke(cli, ["repair", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "could not be read" in result.output and "tkg load" in result.output
    result = runner.invoke(cli, ["reports", "--store", str(store)])
    assert result.exit_code == 0, result.output
