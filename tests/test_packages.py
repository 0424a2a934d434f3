"""A user's ``graph.py`` or ``ontology/`` earlier on ``sys.path`` is named in one error line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from graph._packages import check_packages, shadowing_message

from .conftest import ROOT


def _run(code: list[str], cwd, pythonpath: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(pythonpath))
    return subprocess.run(
        [sys.executable, *code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_tkg_packages_pass():
    check_packages()


def test_an_ontology_package_in_the_working_directory_is_named(tmp_path):
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "__init__.py").write_text("X = 1\n")
    done = _run(["-m", "graph", "--help"], tmp_path, [str(ROOT)])
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    expected = shadowing_message(
        "ontology", str(tmp_path / "ontology" / "__init__.py"), ROOT / "ontology"
    )
    assert last == f"ImportError: {expected}"


def test_a_graph_module_before_tkg_is_named_when_ontology_is_imported(tmp_path):
    (tmp_path / "graph.py").write_text("X = 1\n")
    done = _run(["-c", "import ontology"], tmp_path, [str(tmp_path), str(ROOT)])
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == "ImportError: " + shadowing_message(
        "graph", str(tmp_path / "graph.py"), ROOT / "graph"
    )


def test_a_directory_without_init_does_not_shadow(tmp_path):
    (tmp_path / "ontology").mkdir()  # a namespace portion: the regular package wins
    (tmp_path / "ontology" / "notes.txt").write_text("mine\n")
    done = _run(["-m", "graph", "--help"], tmp_path, [str(ROOT)])
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout


@pytest.mark.parametrize("name", ["graph", "ontology"])
def test_the_message_names_both_paths(name):
    message = shadowing_message(name, f"/x/{name}.py", f"/opt/{name}")
    assert f"/x/{name}.py" in message and f"/opt/{name}" in message and "\n" not in message
