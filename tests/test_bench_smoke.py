"""The benchmark scripts run end to end at a tiny size and print every figure (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_bench_tkg_tiny(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "bench/bench_tkg.py",
            "--triples",
            "3000",
            "--reports",
            "3",
            "--cap",
            "30",
            "--workdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    for figure in (
        "load  tkg on disk",
        "rdflib Dataset.parse",
        "12-evidence",
        "g08-operations",
        "projection 'full'",
        "projection 'flow'",
        "build: 3 reports",
        "| load (disk) |",
        "| queries (total) |",
    ):
        assert figure in out, figure
    assert "DIFFERENT ANSWER" not in out
