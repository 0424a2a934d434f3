"""Run one benchmark phase in its own Python process and read its figures.

Each phase runs in a fresh interpreter so that its peak memory
(``ru_maxrss``) is its own; the phase prints one JSON object as the last
line of its standard output.

Examples
--------
>>> import sys, tempfile, pathlib
>>> script = pathlib.Path(tempfile.mkdtemp()) / "p.py"
>>> _ = script.write_text("import json, sys; print(json.dumps({'args': sys.argv[1:]}))")
>>> run_phase(script, "load", data="kg.nq", reports_dir="r")
{'args': ['--phase', 'load', '--data', 'kg.nq', '--reports-dir', 'r']}
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

__all__ = ["run_phase"]

ROOT = Path(__file__).resolve().parent.parent


def run_phase(script: Path, phase: str, *, timeout: float | None = None, **options: object) -> dict:
    """Run ``script --phase PHASE --option value ...`` and return its JSON figures.

    Option names are written with dashes (``reports_dir`` -> ``--reports-dir``).

    Raises
    ------
    SystemExit
        When the phase fails (with the end of its standard error).
    subprocess.TimeoutExpired
        When it runs longer than ``timeout`` seconds.
    """
    cmd = [sys.executable, str(script), "--phase", phase]
    for key, value in options.items():
        cmd += [f"--{key.replace('_', '-')}", str(value)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    if proc.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])
