"""Run SPARQL against a store and write the answers as tables, CSV, TSV or JSON.

SELECT answers can be written as an aligned text ``table`` (IRIs shortened
with the usual prefixes), ``csv`` and ``tsv`` (SPARQL 1.1 Query Results
CSV/TSV) or ``json`` (SPARQL 1.1 Query Results JSON). ASK answers are
``true``/``false``; CONSTRUCT and DESCRIBE answers are Turtle (or JSON-LD for
``json``).

Examples
--------
>>> from graph.store import open_store
>>> from graph.query import run_query, format_result
>>> store = open_store("memory")
>>> store.update("INSERT DATA { GRAPH <urn:g> { tkgid:ITA rdfs:label 'Italy' } }")
>>> print(format_result(run_query(store, "SELECT ?c ?l WHERE { ?c rdfs:label ?l }"), "table"))
c          l
---------  -----
tkgid:ITA  Italy
>>> print(format_result(run_query(store, "SELECT ?l WHERE { ?c rdfs:label ?l }"), "csv"), end="")
l
Italy
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import rdflib

from graph.exceptions import FormatError, InputError
from graph.store import PREFIXES, SelectResult, Store

__all__ = ["RESULT_FORMATS", "run_query", "read_query", "format_result", "term_to_json", "shorten"]

RESULT_FORMATS = ("table", "csv", "tsv", "json")


def read_query(path: str | Path) -> str:
    """Read a SPARQL file.

    Raises
    ------
    InputError
        When the file is missing or not UTF-8.
    """
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such query file; check the path") from e
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text; save the query as UTF-8") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e


def run_query(store: Store, query: str) -> SelectResult | bool | rdflib.Graph:
    """Run a query over the union of the store's graphs.

    Raises
    ------
    QueryError
        With the line and column of a syntax error, or for a query nested
        deeper than :data:`graph.sparql_rewrite.MAX_NESTING` (checked before
        any parser, the store's or a remote endpoint's, reads it).
    """
    from graph.sparql_rewrite import check_nesting

    check_nesting(query)
    return store.query(query)


def shorten(term: rdflib.term.Node | None) -> str:
    """Write a term for people: prefixed IRIs, plain literal text, blank for unbound.

    Examples
    --------
    >>> shorten(rdflib.URIRef("https://w3id.org/tkg/ontology#Country"))
    'tkg:Country'
    >>> shorten(rdflib.Literal("3", datatype=rdflib.XSD.integer))
    '3'
    """
    if term is None:
        return ""
    if isinstance(term, rdflib.URIRef):
        value = str(term)
        best = ""
        for prefix, ns in PREFIXES.items():
            if value.startswith(ns) and len(ns) > len(best):
                best = ns
                name = f"{prefix}:{value[len(ns) :]}"
        return name if best else value
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return str(term)


def term_to_json(term: rdflib.term.Node) -> dict[str, str]:
    """Return the SPARQL 1.1 JSON results form of a term.

    Examples
    --------
    >>> term_to_json(rdflib.Literal("hi", lang="en"))
    {'type': 'literal', 'value': 'hi', 'xml:lang': 'en'}
    """
    if isinstance(term, rdflib.URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, rdflib.BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, rdflib.Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != rdflib.XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def _csv_term(term: rdflib.term.Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return str(term)


def _tsv_term(term: rdflib.term.Node | None) -> str:
    if term is None:
        return ""
    return term.n3()


def _table(result: SelectResult) -> str:
    cells = [[shorten(v).replace("\n", " ") for v in row] for row in result.rows]
    widths = [len(v) for v in result.vars]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.vars, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    if not cells:
        lines.append("(no results)")
    return "\n".join(lines)


def format_result(result: SelectResult | bool | rdflib.Graph, fmt: str = "table") -> str:
    """Write a query answer in ``table``, ``csv``, ``tsv`` or ``json``.

    Raises
    ------
    FormatError
        For an unknown format.

    Examples
    --------
    >>> format_result(True, "json")
    '{"head": {}, "boolean": true}'
    """
    fmt = fmt.lower()
    if fmt not in RESULT_FORMATS:
        raise FormatError(f"unknown result format {fmt!r}; known: {', '.join(RESULT_FORMATS)}")
    if isinstance(result, bool):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result})
        return "true" if result else "false"
    if isinstance(result, rdflib.Graph):
        for prefix, ns in PREFIXES.items():
            result.bind(prefix, ns)
        return result.serialize(format="json-ld" if fmt == "json" else "turtle")
    if fmt == "json":
        bindings = [
            {k: term_to_json(v) for k, v in zip(result.vars, row, strict=True) if v is not None}
            for row in result.rows
        ]
        return json.dumps(
            {"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False
        )
    if fmt == "table":
        return _table(result)
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.vars)
        writer.writerows([_csv_term(v) for v in row] for row in result.rows)
        return buffer.getvalue().replace("\r\n", "\n")
    lines = ["\t".join("?" + v for v in result.vars)]
    lines += ["\t".join(_tsv_term(v) for v in row) for row in result.rows]
    return "\n".join(lines) + "\n"
