"""Check that ``graph`` and ``ontology`` are tkg's own packages, not a user's file shadowing them.

tkg ships two top-level packages with common names. A ``graph.py`` or an
``ontology/`` package earlier on ``sys.path`` (the working directory under
``python -m`` or ``PYTHONPATH=.``) would otherwise fail far from the cause
(``No module named 'graph.cli'; 'graph' is not a package``). Both packages
run :func:`check_packages` when imported; it only looks the names up
(``importlib.util.find_spec``), it imports nothing.

This module imports nothing from tkg, so ``ontology`` can load it by its
file path even when ``graph`` itself is shadowed.

Examples
--------
>>> check_packages()  # tkg's own packages: nothing to report
>>> shadowing_message("ontology", "/home/me/ontology/__init__.py", "/opt/tkg/ontology")
"tkg: 'ontology' is /home/me/ontology/__init__.py, not tkg's package in /opt/tkg/ontology; rename or move it (or run tkg from another directory)"
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

__all__ = ["PACKAGES", "check_packages", "shadowing_message"]

PACKAGES = ("graph", "ontology")
_ROOT = Path(__file__).resolve().parent.parent


def shadowing_message(name: str, found: str | None, expected: str | Path) -> str:
    """The one-line error for package ``name`` found at ``found`` instead of ``expected``."""
    where = found or "missing"
    return (
        f"tkg: {name!r} is {where}, not tkg's package in {expected}; "
        "rename or move it (or run tkg from another directory)"
    )


def _origin(name: str) -> str | None:
    module = sys.modules.get(name)
    if module is not None:
        return getattr(module, "__file__", None)
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.origin and spec.origin not in ("namespace", "built-in", "frozen"):
        return spec.origin
    locations = list(spec.submodule_search_locations or [])
    return locations[0] if locations else None


def check_packages(names: tuple[str, ...] = PACKAGES) -> None:
    """Raise ImportError naming the path when one of ``names`` is not tkg's package.

    Raises
    ------
    ImportError
        ``tkg: 'graph' is /path/graph.py, not tkg's package in ...``.
    """
    for name in names:
        expected = _ROOT / name
        found = _origin(name)
        if found is None or Path(found).resolve().parent != expected:
            raise ImportError(shadowing_message(name, found, expected), name=name)
