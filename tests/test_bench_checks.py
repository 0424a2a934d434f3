"""bench/bench_checks.py runs at a tiny size and prints every figure (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_bench_checks_tiny():
    done = subprocess.run(
        [sys.executable, "bench/bench_checks.py", "--repeat", "1", "--triples", "3000"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    for figure in (
        "load average",
        "validate ",
        "pyshacl rdfs (baseline)",
        "places index: tkg",
        "filling the 'full' graph alone",
        "projection 'full' of 3000 triples",
    ):
        assert figure in out, figure
    assert "same graph" in out
    assert "DIFFERENT" not in out
