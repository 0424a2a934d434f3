"""Bad input at the command line: one clear error line, a non-zero exit, nothing lost.

Covers truncated or malformed Turtle, JSON-LD and YAML, a binary report, an
empty report, a 50 MB report, a report in another encoding, a SPARQL syntax
error, and a store that is locked or read-only.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from graph.cli import cli

from .conftest import CORE, EXAMPLES

REPORT = EXAMPLES / "reports" / "cnn-2011-europol-north-africa.txt"


@pytest.fixture
def loaded(tmp_path, runner):
    """A store with the mini report loaded, and its content before the bad input."""
    store = tmp_path / "store"
    result = runner.invoke(cli, ["load", str(CORE / "mini.ttl"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    from graph.store import open_store

    db = open_store(store, read_only=True)
    before = db.dump("nq")
    db.close()
    del db
    return store, before


def _dump(store) -> bytes:
    from graph.store import open_store

    db = open_store(store, read_only=True)
    try:
        return db.dump("nq")
    finally:
        db.close()


def _one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize(
    "name, content",
    [
        ("truncated.ttl", (CORE / "mini.ttl").read_text(encoding="utf-8")[:700]),
        (
            "malformed.ttl",
            "@prefix tkg: <https://w3id.org/tkg/ontology#> .\n<urn:a> tkg:count [ .\n",
        ),
        ("truncated.jsonld", (CORE / "mini.jsonld").read_text(encoding="utf-8")[:500]),
        ("malformed.jsonld", '{"@context": {"tkg": "https://w3id.org/tkg/ontology#"}, "@id": 5}'),
        (
            "truncated.yaml",
            'report:\n  id: cnn\n  title: "unterminated\nfacts:\n  - type: Arrest\n',
        ),
        ("malformed.yaml", "report: [id: x\n\tfacts: {\n"),
        ("wrong-shape.yaml", "- just\n- a list\n"),
    ],
)
def test_malformed_fact_files(runner, loaded, tmp_path, name, content):
    store, before = loaded
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["load", str(path), "--store", str(store)])
    assert result.exit_code != 0
    line = _one_error_line(result)
    assert str(path) in line
    assert _dump(store) == before


def test_binary_report(runner, tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.4\x00\x01\x02\xff" * 100)
    result = runner.invoke(cli, ["extract", str(path), "-o", str(tmp_path / "f.trig")])
    assert result.exit_code != 0 and "binary" in _one_error_line(result)
    assert not (tmp_path / "f.trig").exists()


def test_empty_report(runner, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(path)])
    assert result.exit_code != 0 and "empty" in _one_error_line(result)


def test_missing_report(runner, tmp_path):
    result = runner.invoke(cli, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0 and "nope.txt" in _one_error_line(result)


def test_report_in_another_encoding_is_decoded(runner, tmp_path):
    text = REPORT.read_text(encoding="utf-8").replace("Tunisia", "Tunisía")
    for encoding in ("utf-16", "cp1252"):
        path = tmp_path / f"report-{encoding}.txt"
        path.write_bytes(text.encode(encoding, errors="replace"))
        out = tmp_path / f"{encoding}.trig"
        result = runner.invoke(cli, ["extract", str(path), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "Wainwright" in out.read_text(encoding="utf-8")


def test_report_that_is_no_known_encoding(runner, tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 40)
    result = runner.invoke(cli, ["extract", str(path)])
    assert result.exit_code != 0
    line = _one_error_line(result)
    assert "noise.txt" in line


def test_fifty_megabyte_report(runner, tmp_path):
    path = tmp_path / "huge.txt"
    chunk = REPORT.read_text(encoding="utf-8") + "\n"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(50_000_000 // len(chunk) + 1):
            handle.write(chunk)
    assert path.stat().st_size >= 50_000_000
    result = runner.invoke(cli, ["extract", str(path), "-o", str(tmp_path / "huge.trig")])
    assert result.exit_code != 0
    line = _one_error_line(result)
    assert "huge.txt" in line and "MB" in line
    assert not (tmp_path / "huge.trig").exists()


def test_sparql_syntax_error(runner, loaded):
    store, before = loaded
    result = runner.invoke(cli, ["query", "SELECT * WHERE { ?s ?p }", "--store", str(store)])
    assert result.exit_code != 0 and "line 1, column" in _one_error_line(result)
    result = runner.invoke(cli, ["query", "DELETE WHERE { ?s ?p ?o }", "--store", str(store)])
    assert result.exit_code != 0
    _one_error_line(result)
    assert _dump(store) == before


def test_locked_store(runner, loaded):
    store, before = loaded
    from graph.store import open_store

    holder = open_store(store)  # another writer holds the lock
    try:
        result = runner.invoke(cli, ["load", str(CORE / "mini.trig"), "--store", str(store)])
        assert result.exit_code != 0
        assert "in use by another process" in _one_error_line(result)
    finally:
        holder.close()
        del holder
    assert _dump(store) == before


@pytest.fixture
def read_only_mount(tmp_path):
    """A read-only bind mount of a directory (needs root and mount; skipped otherwise)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a read-only bind mount needs root and mount(8)")
    target = tmp_path / "ro"
    target.mkdir()

    def mount(source):
        for cmd in (
            ["mount", "--bind", str(source), str(target)],
            ["mount", "-o", "remount,ro,bind", str(target)],
        ):
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"cannot make a read-only mount here: {done.stderr.strip()}")
        return target

    yield mount
    subprocess.run(["umount", str(target)], capture_output=True)


def test_read_only_store(runner, loaded, read_only_mount):
    store, before = loaded
    ro = read_only_mount(store)
    result = runner.invoke(cli, ["load", str(CORE / "mini.trig"), "--store", str(ro)])
    assert result.exit_code != 0 and "read-only" in _one_error_line(result)
    result = runner.invoke(cli, ["query", "ASK { ?s tkg:count 48000 }", "--store", str(ro)])
    assert result.exit_code == 0 and result.output.strip() == "true"
    assert _dump(store) == before
