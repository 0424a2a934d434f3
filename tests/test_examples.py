"""Every script in examples/scripts runs and prints something; every example query parses."""

from __future__ import annotations

import subprocess
import sys

import pytest

from graph.check import check_query
from graph.load import load_files

from .conftest import EXAMPLES, ROOT

SCRIPTS = sorted((EXAMPLES / "scripts").glob("*.py"))
QUERIES = sorted((EXAMPLES / "queries").glob("*.rq"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_script_runs(script):
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), f"{script.name} printed nothing"


@pytest.fixture(scope="module")
def curated_store():
    from graph.store import open_store

    store = open_store("memory")
    load_files(store, [EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"])
    return store


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.name)
def test_example_query_runs_on_the_curated_facts(curated_store, query):
    result = check_query(curated_store, query.read_text(encoding="utf-8"), query.name)
    assert "syntax error" not in result.detail
    if "expect" in query.read_text(encoding="utf-8"):
        assert result.passed, str(result)
