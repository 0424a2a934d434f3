"""Competency questions: SPARQL files with the answers they must give.

A directory of ``*.rq`` files is checked question by question:

- an ``ASK`` query passes when it answers true;
- a ``SELECT`` query passes when it returns at least one row, or, when it
  carries expectations in comments, when they hold:

  ``# expect-rows: N``
      exactly N rows;
  ``# expect-min-rows: N``
      at least N rows;
  ``# expect: v1 | v2 | ...``
      a row with these values, in projection order (IRIs may be written as
      prefixed names, numbers compare as numbers; one line per expected row).

The first comment line that is not an expectation is the question's title.

Examples
--------
>>> from graph.store import open_store
>>> from graph.check import check_query
>>> store = open_store("memory")
>>> store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> rdfs:label 'A' } }")
>>> check_query(store, "# a label\\nSELECT ?l WHERE { ?s rdfs:label ?l }\\n# expect: A").passed
True
>>> check_query(store, "ASK { ?s rdfs:label 'B' }").passed
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import rdflib

from graph._words import plural
from graph.exceptions import InputError, TkgError
from graph.query import read_query, shorten
from graph.store import SelectResult, Store

__all__ = ["CheckResult", "check_query", "check_dir", "parse_expectations"]

_EXPECT_RE = re.compile(r"^\s*#\s*expect(-rows|-min-rows)?\s*:\s*(.*?)\s*$", re.IGNORECASE)


@dataclass
class CheckResult:
    """The outcome of one competency question."""

    name: str
    title: str
    passed: bool
    detail: str

    def __str__(self) -> str:
        mark = "PASS" if self.passed else "FAIL"
        return f"{mark}  {self.name}  {self.title}" + ("" if self.passed else f"  ({self.detail})")


def parse_expectations(text: str) -> tuple[str, int | None, int | None, list[list[str]]]:
    """Return (title, exact row count, minimum row count, expected rows) from comments.

    Examples
    --------
    >>> parse_expectations("# Who?\\n# expect-rows: 2\\n# expect: a | 3\\nSELECT * {}")
    ('Who?', 2, None, [['a', '3']])
    """
    title = ""
    exact = minimum = None
    rows: list[list[str]] = []
    for line in text.splitlines():
        match = _EXPECT_RE.match(line)
        if match:
            kind, value = match.group(1), match.group(2)
            try:
                if kind and kind.lower() == "-rows":
                    exact = int(value)
                elif kind and kind.lower() == "-min-rows":
                    minimum = int(value)
                else:
                    rows.append([v.strip() for v in value.split("|")])
            except ValueError as e:
                raise InputError(f"bad expectation {line.strip()!r}: give a whole number") from e
        elif not title and line.strip().startswith("#"):
            title = line.strip().lstrip("#").strip()
    return title, exact, minimum, rows


def _same(expected: str, actual: rdflib.term.Node | None) -> bool:
    if actual is None:
        return expected in ("", "UNDEF")
    candidates = {str(actual), shorten(actual), f"<{actual}>"}
    if expected in candidates:
        return True
    try:
        return Decimal(expected) == Decimal(str(actual))
    except (InvalidOperation, ValueError):
        return False


def _check_select(result: SelectResult, text: str) -> tuple[bool, str]:
    _, exact, minimum, rows = parse_expectations(text)
    n = len(result.rows)
    if exact is not None and n != exact:
        return False, f"expected {plural(exact, 'row')}, got {n}"
    if minimum is not None and n < minimum:
        return False, f"expected at least {plural(minimum, 'row')}, got {n}"
    for expected in rows:
        if not any(
            len(row) >= len(expected)
            and all(_same(e, a) for e, a in zip(expected, row, strict=False))
            for row in result.rows
        ):
            return False, f"no row {' | '.join(expected)}"
    if exact is None and minimum is None and not rows and n == 0:
        return False, "no rows"
    return True, plural(n, "row")


def check_query(store: Store, text: str, name: str = "<query>") -> CheckResult:
    """Run one competency question and say whether it passes.

    A query error counts as a failure with the error as detail.
    """
    title = parse_expectations(text)[0]
    try:
        answer = store.query(text)
    except TkgError as e:
        return CheckResult(name, title, False, str(e))
    if isinstance(answer, bool):
        return CheckResult(name, title, answer, "true" if answer else "ASK answered false")
    if isinstance(answer, SelectResult):
        passed, detail = _check_select(answer, text)
        return CheckResult(name, title, passed, detail)
    return CheckResult(name, title, len(answer) > 0, f"{len(answer)} triples")


def check_dir(store: Store, directory: str | Path) -> list[CheckResult]:
    """Run every ``*.rq`` file of a directory (sorted by name).

    Raises
    ------
    InputError
        When the directory is missing or holds no ``.rq`` file.
    """
    directory = Path(directory)
    if directory.is_file():
        files = [directory]
    elif directory.is_dir():
        files = sorted(directory.glob("*.rq"))
    else:
        raise InputError(f"{directory}: no such directory of competency questions (*.rq)")
    if not files:
        raise InputError(f"{directory}: no .rq files; put one SPARQL question per file")
    return [check_query(store, read_query(f), f.name) for f in files]
