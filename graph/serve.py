"""A SPARQL 1.1 Protocol endpoint over a tkg store (Starlette + uvicorn).

``/sparql`` answers queries by GET (``?query=``) and POST (form-encoded
``query=`` or a direct ``application/sparql-query`` body), and updates by POST
(``update=`` or ``application/sparql-update``). Answers are negotiated from
the ``Accept`` header (or a ``format=`` parameter):

- SELECT / ASK: ``application/sparql-results+json`` (default),
  ``application/sparql-results+xml``, ``text/csv``, ``text/tab-separated-values``;
- CONSTRUCT / DESCRIBE: ``text/turtle`` (default), ``application/rdf+xml``,
  ``application/n-triples``, ``application/n-quads``, ``text/n3``,
  ``application/ld+json``.

``format=`` may be repeated, as SPARQLWrapper sends it (``format=rdf+xml&
format=application/rdf+xml``, plus ``output=`` and ``results=``): the values
are read in order and the first one that suits the query form wins (``xml``
means SPARQL results XML for SELECT and ASK and RDF/XML for CONSTRUCT and
DESCRIBE; ``json`` means JSON-LD for a graph); when none suits, the
``Accept`` header decides. So SPARQLWrapper with any return format and
rdflib's ``SPARQLStore`` with its defaults get an answer they parse for
every query form. A syntax error is a 400 whose message names the line, the
column and what was expected in words (an unknown prefix is named with the
ones declared).

Safe by default: read-only; updates need ``allow_update`` *and* the bearer
token (401 without it, 403 with a wrong one); a per-query time limit and a
row limit give a clear error while the server keeps serving; ``SERVICE``
(federated queries) is refused unless allowed, and ``LOAD`` unless
``allow_load`` (then with a time and a size limit, and the data validated:
:mod:`graph.sparql_load`); requests are size-limited, a chunked body is cut
at the limit while it is read (413); a query or update nested deeper than
:data:`graph.sparql_rewrite.MAX_NESTING` levels is a 400 before any parser
reads it; the server binds to 127.0.0.1 unless told otherwise.

``/`` is the query page: YASGUI (vendored, works offline) with tkg's prefixes
and example queries; results are tables with shortened, linked IRIs and can
be downloaded. ``/explore`` is the graph explorer (:mod:`graph.web.explorer`)
over the live store (``?projection=`` flow, actor-place, syndicate,
comention or full, the default). Neither page shows where the store is.

Queries over an on-disk store run in a small pool of worker processes
(:mod:`graph.sandbox`): each opens the store read-only, has a memory cap, and
is killed at the deadline (and replaced), so a query past ``timeout`` stops
consuming CPU and memory, and the server's own memory stays flat. Queries
over an in-memory store (tests) or a remote endpoint run in threads: a SELECT
that streams rows stops at the deadline or the row limit, other work goes on
in the background after the client got its 503 (a remote store's own timeout
bounds it there). Updates run in the server process.

Examples
--------
>>> from starlette.testclient import TestClient
>>> from graph.store import open_store
>>> from graph.serve import create_app
>>> client = TestClient(create_app(open_store("memory")))
>>> client.get("/sparql", params={"query": "ASK {}"}).json()
{'head': {}, 'boolean': True}
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import rdflib

from graph import formats
from graph.exceptions import InputError, QueryError, TkgError, ValidationError
from graph.query import format_result
from graph.sandbox import DEFAULT_MEMORY_MB, DEFAULT_WORKERS, WorkerPool
from graph.sparql_load import (
    DEFAULT_LOAD_TIMEOUT,
    DEFAULT_MAX_LOAD_BYTES,
    LoadRefused,
    parse_loads,
    run_loads,
    uses_load,
)
from graph.sparql_rewrite import check_nesting
from graph.store import PREFIXES, SelectResult, Store, query_form

__all__ = ["create_app", "serve", "answer_query", "error_reply", "RESULT_TYPES", "GRAPH_TYPES"]

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: CONSTRUCT/DESCRIBE answers: media type -> rdflib serializer, from the format registry
#: (graph/formats.py); ``text/plain`` is N-Triples' former media type, still asked for.
GRAPH_TYPES: dict[str, str] = {
    media: f.rdflib
    for f in formats.FORMATS.values()
    if f.kind == "rdf" and f.rdflib
    for media in f.media_types
}
GRAPH_TYPES["text/plain"] = "nt"
#: The content type answered for each accepted graph media type.
_GRAPH_CANONICAL = {
    media: f.media_types[0]
    for f in formats.FORMATS.values()
    if f.kind == "rdf" and f.rdflib
    for media in f.media_types[1:]
}
_GRAPH_PARAM = {
    key: f.media_types[0]
    for f in formats.FORMATS.values()
    if f.kind == "rdf" and f.rdflib and f.media_types
    for key in (f.name, *f.aliases)
}
_RESULT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: ``format=`` values: (for SELECT/ASK, for CONSTRUCT/DESCRIBE); None where it does not apply.
_FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    key: (_RESULT_PARAM.get(key), _GRAPH_PARAM.get(key)) for key in {*_GRAPH_PARAM, *_RESULT_PARAM}
}
_FORMAT_KEYS = ("format", "output", "results")
_STRINGS_AND_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


class _Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def uses_service(query: str) -> bool:
    """Whether a query calls ``SERVICE`` (outside strings, IRIs and comments).

    Examples
    --------
    >>> uses_service("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * { ?s ?p "SERVICE" }')
    False
    """
    return bool(_SERVICE.search(_STRINGS_AND_COMMENTS.sub(" ", query)))


def pick_format(values: list[str], graph_form: bool) -> str | None:
    """Return the media type the ``format=`` values ask for, the first that suits the form.

    ``values`` are the ``format`` (``output``, ``results``) parameters in
    order, names or media types; None when none suits the query form (the
    Accept header then decides).

    Raises
    ------
    _Refused
        400 when every value is unknown.

    Examples
    --------
    >>> pick_format(["xml", "xml"], graph_form=True)
    'application/rdf+xml'
    >>> pick_format(["rdf+xml", "application/rdf+xml"], graph_form=False) is None
    True
    >>> pick_format(["json-ld", "application/ld+json"], graph_form=True)
    'application/ld+json'
    >>> pick_format([], graph_form=False) is None
    True
    """
    offered = GRAPH_TYPES if graph_form else RESULT_TYPES
    unknown = []
    known = False
    for value in values:
        name = value.strip().lower()
        if not name:
            continue
        if name in _FORMAT_PARAM:
            known = True
            media = _FORMAT_PARAM[name][1 if graph_form else 0]
            if media:
                return media
        elif name in RESULT_TYPES or name in GRAPH_TYPES:  # a media type (SPARQLWrapper)
            known = True
            if name in offered:
                return name
        else:
            unknown.append(value)
    if unknown and not known:
        names = ", ".join(sorted(_FORMAT_PARAM))
        raise _Refused(400, f"unknown format {unknown[0]!r}; known: {names} or a media type")
    return None


_AT = re.compile(r"at line (\d+), column (\d+)")
_PUNCTUATION = {
    ".": "'.' (the end of a triple)",
    ",": "',' (another object)",
    ";": "';' (another predicate)",
    "{": "'{'",
    "}": "'}' (a closing brace)",
    "(": "'('",
    ")": "')' (a closing parenthesis)",
    "[": "'['",
    "]": "']'",
    '\\"': "a closing quote",
    "'": "a closing quote",
    "*": "'*'",
    "=": "'='",
}


def _expected_words(expected: str) -> str:
    """Say in words what a parser's list of expected tokens means."""
    classes = re.findall(r"\[[^\]]*\]", expected)
    rest = re.sub(r"\[[^\]]*\]", " ", expected)
    quoted = re.findall(r'"((?:[^"\\]|\\.)*)"', rest)
    rest = re.sub(r'"((?:[^"\\]|\\.)*)"', " ", rest)
    keywords = [w for w in re.findall(r"\b[A-Za-z][A-Za-z_]+\b", rest) if w != "one"]
    words: list[str] = []
    for token in quoted:
        text = _PUNCTUATION.get(token)
        if text is None and token.startswith("\\"):
            continue  # escape sequences inside a string
        text = text or f"'{token}'"
        if text not in words:
            words.append(text)
    if len(keywords) > 4:
        words.append(
            "an expression (a variable, a value or a function such as "
            + ", ".join(keywords[:3])
            + ")"
        )
    else:
        words += keywords
    if classes and not words:
        words.append("a name, a variable or a value")
    if not words:
        return "something else"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def explain_error(query: str, message: str) -> str:
    """Reword a SPARQL syntax error: line, column and what was expected, in words.

    Examples
    --------
    >>> msg = ("SPARQL syntax error at line 1, column 28 (near 'x'): expected one of "
    ...        "Prefix not found, ['%']; fix the query and run it again")
    >>> print(explain_error("SELECT * WHERE { ?s foo:bar ?o }", msg))  # doctest: +ELLIPSIS
    syntax error at line 1, column 28: unknown prefix 'foo:' in 'foo:bar'; declare it with PREFIX foo: <...> or use one of: dcterms, geo, ...
    >>> msg = ("SPARQL syntax error at line 1, column 27 (near 'x'): expected one of "
    ...        '",", ".", ";", "}", [_]; fix the query and run it again')
    >>> print(explain_error("SELECT * WHERE { ?s ?p ?o ", msg))
    syntax error at line 1, column 27 (near '?o', the end of the query): expected ',' (another object), '.' (the end of a triple), ';' (another predicate) or '}' (a closing brace)
    """
    match = _AT.search(message)
    if not match or "expected" not in message:
        return message
    line, column = int(match.group(1)), int(match.group(2))
    lines = query.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    where = f"syntax error at line {line}, column {column}"
    if "Prefix not found" in message:
        declared = set(PREFIXES) | set(re.findall(r"PREFIX\s+([\w.-]*):", query, re.I))
        for name in re.finditer(r"([A-Za-z][\w.-]*)?:[\w.-]*", text):
            if name.start() < column <= name.end() + 1 and not name.group(0).startswith("//"):
                prefix = name.group(1) or ""
                if prefix in declared:
                    continue
                return (
                    f"{where}: unknown prefix '{prefix}:' in '{name.group(0)}'; declare it with "
                    f"PREFIX {prefix}: <...> or use one of: {', '.join(sorted(declared))}"
                )
        return f"{where}: unknown prefix; declare it with PREFIX or use one of: {', '.join(sorted(declared))}"
    expected = message.split("expected one of", 1)[-1].split("; fix the query", 1)[0]
    words = _expected_words(expected)
    rest = "\n".join(lines[line - 1 :])
    at_end = column - 1 >= len(rest.rstrip())
    before = text[: max(column - 1, 0)].split()
    if before:
        near = f" (near '{before[-1]}'{', the end of the query' if at_end else ''})"
    else:
        near = " (at the end of the query)" if at_end else ""
    return f"{where}{near}: expected {words}"


def hide(message: str, secrets: tuple[str, ...] = ()) -> str:
    """Remove file system paths (and ``secrets``) from a message shown to clients.

    Examples
    --------
    >>> hide("cannot open /srv/data/.tkg/store: locked")
    'cannot open (the store): locked'
    """
    for secret in secrets:
        if secret:
            message = message.replace(secret, "(the store)")
    return re.sub(r"(?<![\w:/])/(?:[\w.@+-]+/)+[\w.@+-]*", "(the store)", message)


def _media_types(accept: str | None) -> list[str]:
    """Media types of an Accept header, best first."""
    if not accept:
        return ["*/*"]
    ranked = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in pieces[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if pieces[0] and q > 0:
            ranked.append((-q, index, pieces[0].lower()))
    return [m for _, _, m in sorted(ranked)] or ["*/*"]


def _choose(accept: str | None, offered: dict[str, str], default: str) -> str | None:
    for media in _media_types(accept):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            if media == "text/*" and not default.startswith("text/"):
                return next((m for m in offered if m.startswith("text/")), None)
            return default
    return None


def _xml_results(result: SelectResult | bool) -> str:
    """SPARQL 1.1 Query Results XML."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, bool):
        out += ["<head/>", f"<boolean>{'true' if result else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out)
    out.append(
        "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.vars) + "</head>"
    )
    out.append("<results>")
    for row in result.rows:
        cells = []
        for name, term in zip(result.vars, row, strict=True):
            if term is None:
                continue
            if isinstance(term, rdflib.URIRef):
                value = f"<uri>{escape(str(term))}</uri>"
            elif isinstance(term, rdflib.BNode):
                value = f"<bnode>{escape(str(term))}</bnode>"
            elif term.language:
                value = (
                    f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
                )
            elif term.datatype is not None and term.datatype != rdflib.XSD.string:
                value = f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
            else:
                value = f"<literal>{escape(str(term))}</literal>"
            cells.append(f"<binding name={quoteattr(name)}>{value}</binding>")
        out.append("<result>" + "".join(cells) + "</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out)


def _render(result: SelectResult | bool | rdflib.Graph, media: str) -> tuple[str, str]:
    if isinstance(result, rdflib.Graph):
        for prefix, ns in PREFIXES.items():
            result.bind(prefix, ns)
        fmt = GRAPH_TYPES[media]
        if fmt == "nquads":  # a graph's triples are N-Quads of the default graph
            fmt = "nt"
        return result.serialize(format=fmt), _GRAPH_CANONICAL.get(media, media)
    kind = RESULT_TYPES[media]
    if kind == "xml":
        return _xml_results(result), "application/sparql-results+xml"
    if isinstance(result, bool) and kind in ("csv", "tsv"):
        return f"_askResult\n{'true' if result else 'false'}\n", media
    text = format_result(result, kind)
    if kind == "json":
        return text, "application/sparql-results+json"
    return text, media


def _compute(
    store: Store, query: str, form: str, timeout: float, max_rows: int
) -> SelectResult | bool | rdflib.Graph:
    """Run a query with the row limit; a streaming SELECT also stops itself at the deadline."""
    deadline = time.monotonic() + timeout
    if form == "SELECT" and hasattr(store, "iter_select"):
        names, rows_iter = store.iter_select(query)
        rows = []
        try:
            for row in rows_iter:
                rows.append(row)
                if len(rows) > max_rows:
                    raise _Refused(
                        422,
                        f"the answer has more than {max_rows} rows; add LIMIT or narrow the query",
                    )
                if len(rows) % 256 == 0 and time.monotonic() > deadline:
                    raise _Refused(
                        503,
                        f"query exceeded the time limit of {timeout:g} s; narrow it or add LIMIT",
                    )
        finally:
            # Release the store's result cursor in this thread: Oxigraph's
            # cursors must not be dropped by another thread (the event loop's).
            close = getattr(rows_iter, "close", None)
            if close is not None:
                close()
            del rows_iter
        return SelectResult(names, rows)
    result = store.query(query)
    size = (
        len(result.rows)
        if isinstance(result, SelectResult)
        else (len(result) if isinstance(result, rdflib.Graph) else 0)
    )
    if size > max_rows:
        raise _Refused(
            422, f"the answer has more than {max_rows} rows; add LIMIT or narrow the query"
        )
    return result


def answer_query(
    store: Store, query: str, form: str, media: str, timeout: float, max_rows: int
) -> tuple[str, str]:
    """Run ``query`` and render it as ``media``: (body, content type).

    The work of one request, done in a query worker process
    (:mod:`graph.sandbox`) or, for an in-memory or remote store, in a thread.

    Raises
    ------
    _Refused
        The row limit (422) or the time limit of a streaming SELECT (503).
    QueryError, TkgError
        As the store raises them (see :func:`error_reply`).

    Examples
    --------
    >>> from graph.store import open_store
    >>> answer_query(open_store("memory"), "ASK {}", "ASK", "text/csv", 5, 10)
    ('_askResult\\ntrue\\n', 'text/csv')
    """
    return _render(_compute(store, query, form, timeout, max_rows), media)


def error_reply(error: BaseException, query: str | None = None) -> tuple[int, str]:
    """The HTTP status and one-line message of an error met answering a request.

    Examples
    --------
    >>> from graph.exceptions import QueryError, StoreError
    >>> error_reply(StoreError("cannot open /srv/x/store: locked"))
    (500, 'cannot open (the store): locked')
    >>> error_reply(QueryError("bad"), "ASK {")
    (400, 'bad')
    """
    if isinstance(error, _Refused):
        return error.status, error.message
    if isinstance(error, QueryError):
        return 400, hide(explain_error(query or "", str(error)))
    if isinstance(error, TkgError):
        return 500, hide(str(error))
    if isinstance(error, MemoryError):
        return 503, "query needed more memory than the server allows; narrow it or add LIMIT"
    return 500, hide(
        f"internal error: {type(error).__name__}: {' '.join(str(error).split())[:200]}"
    )


#: Example queries of the query page (name, query); the first is shown on opening.
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "People and their organisations",
        """PREFIX tkg: <https://w3id.org/tkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?name ?title ?org WHERE {
  ?person a tkg:Person ; rdfs:label ?name .
  OPTIONAL { ?person tkg:roleTitle ?title }
  OPTIONAL { ?person tkg:memberOf ?org }
} LIMIT 100""",
    ),
    (
        "Country roles",
        """PREFIX tkg: <https://w3id.org/tkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?country ?role (COUNT(DISTINCT ?a) AS ?assertions) WHERE {
  ?a a tkg:CountryRoleAssertion ; tkg:country ?c ; tkg:role ?role .
  ?c rdfs:label ?country .
} GROUP BY ?country ?role ORDER BY ?country""",
    ),
    (
        "Migration flows",
        """PREFIX tkg: <https://w3id.org/tkg/ontology#>
SELECT ?flow ?origin ?destination ?count ?date WHERE {
  ?flow a tkg:MigrationFlow .
  OPTIONAL { ?flow tkg:origin ?origin }
  OPTIONAL { ?flow tkg:destination ?destination }
  OPTIONAL { ?flow tkg:count ?count }
  OPTIONAL { ?flow tkg:date|tkg:startDate ?date }
} LIMIT 100""",
    ),
    (
        "Statistics",
        """PREFIX tkg: <https://w3id.org/tkg/ontology#>
SELECT ?statistic ?measure ?value ?unit ?scope WHERE {
  ?statistic a tkg:Statistic ; tkg:measure ?measure ; tkg:value ?value .
  OPTIONAL { ?statistic tkg:unit ?unit }
  OPTIONAL { ?statistic tkg:scope ?scope }
} ORDER BY DESC(?value) LIMIT 100""",
    ),
    (
        "Evidence of a fact",
        """PREFIX tkg: <https://w3id.org/tkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?fact ?sentence ?report ?title WHERE {
  ?fact tkg:evidence ?e .
  ?e tkg:text ?sentence ; tkg:inReport ?report .
  OPTIONAL { ?report dcterms:title ?title }
} LIMIT 50""",
    ),
    (
        "A graph of flows (CONSTRUCT)",
        """PREFIX tkg: <https://w3id.org/tkg/ontology#>
CONSTRUCT { ?f tkg:origin ?o ; tkg:destination ?d } WHERE {
  ?f a tkg:MigrationFlow ; tkg:origin ?o ; tkg:destination ?d .
}""",
    ),
)
_STATIC = {
    "yasgui.min.js": "text/javascript; charset=utf-8",
    "yasgui.min.css": "text/css; charset=utf-8",
    "cytoscape.min.js": "text/javascript; charset=utf-8",
}


def query_page() -> str:
    """Return the query page: YASGUI with tkg's prefixes and example queries.

    Examples
    --------
    >>> page = query_page()
    >>> "static/yasgui.min.js" in page and "tkg:Person" in page and "http://cdn" not in page
    True
    """
    from graph.web import template

    config = {
        "prefixes": dict(PREFIXES),
        "examples": [{"name": name, "query": query} for name, query in EXAMPLES],
    }
    text = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    page = template("query.html").replace("__PREFIX_NAMES__", html.escape(", ".join(PREFIXES)))
    return page.replace("__TKG_CONFIG__", text)


def create_app(
    store: Store,
    *,
    allow_update: bool = False,
    token: str | None = None,
    timeout: float = 30.0,
    max_rows: int = 100_000,
    allow_service: bool = False,
    max_request_bytes: int = 1_000_000,
    workers: int | None = None,
    worker_memory_mb: int = DEFAULT_MEMORY_MB,
    allow_load: bool = False,
    load_timeout: float = DEFAULT_LOAD_TIMEOUT,
    max_load_bytes: int = DEFAULT_MAX_LOAD_BYTES,
) -> Any:
    """Build the Starlette application serving ``store``.

    Parameters
    ----------
    store : Store
        Any tkg store (embedded Oxigraph or a remote endpoint).
    allow_update : bool, default False
        Accept SPARQL Update (also needs ``token``).
    token : str, optional
        The bearer token updates must carry.
    timeout : float, default 30
        Seconds a query may run before the client gets an error (503).
    max_rows : int, default 100000
        Result rows (or triples) above which the client gets an error (422).
    allow_service : bool, default False
        Let queries call ``SERVICE`` (federated SPARQL).
    max_request_bytes : int, default 1000000
        Larger requests get 413 (a chunked body is cut at the limit while it
        is read).
    workers : int, optional
        Query worker processes for an on-disk store (:mod:`graph.sandbox`),
        killed at the deadline; default :data:`graph.sandbox.DEFAULT_WORKERS`.
        0 runs queries in threads (in-memory and remote stores always do).
    worker_memory_mb : int, default 1024
        Memory each query worker may use beyond what opening the store took.
    allow_load : bool, default False
        Let updates use ``LOAD`` (see :mod:`graph.sparql_load`).
    load_timeout : float, default 10
        Seconds a ``LOAD`` may take to fetch its data.
    max_load_bytes : int, default 20000000
        Bytes a ``LOAD`` may fetch.

    Returns
    -------
    starlette.applications.Starlette
        Its ``state.pool`` is the worker pool (None on the thread path).
    """
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    if allow_update and not token:
        raise ValueError("allow_update needs a token")

    def refuse(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    async def read_request(
        request: Request,
    ) -> tuple[str | None, str | None, dict[str, str], list[str]]:
        """Return (query, update, other parameters, format= values in order) from GET or POST."""
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_request_bytes:
            raise _Refused(
                413,
                f"request of {int(length)} bytes is over the limit of {max_request_bytes} bytes",
            )
        params = dict(request.query_params)
        formats = [v for key in _FORMAT_KEYS for v in request.query_params.getlist(key)]
        if len(str(request.url.query)) > max_request_bytes:
            raise _Refused(413, f"query string is over the limit of {max_request_bytes} bytes")
        query = params.pop("query", None)
        update = params.pop("update", None)
        if request.method == "POST":
            parts = []
            size = 0
            async for chunk in request.stream():  # a chunked body is cut at the limit
                size += len(chunk)
                if size > max_request_bytes:
                    raise _Refused(
                        413,
                        f"request body is over the limit of {max_request_bytes} bytes "
                        "(read up to the limit only)",
                        {"Connection": "close"},
                    )
                parts.append(chunk)
            body = b"".join(parts)
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-query":
                query = body.decode("utf-8", errors="replace")
            elif ctype == "application/sparql-update":
                update = body.decode("utf-8", errors="replace")
            elif ctype == "application/x-www-form-urlencoded":
                from urllib.parse import parse_qs

                lists = parse_qs(body.decode("utf-8", errors="replace"))
                form = {k: v[-1] for k, v in lists.items()}
                formats += [v for key in _FORMAT_KEYS for v in lists.get(key, [])]
                query = form.pop("query", query)
                update = form.pop("update", update)
                params.update(form)
            else:
                raise _Refused(
                    415,
                    f"unsupported content type {ctype or '(none)'!r}; send application/x-www-form-urlencoded, "
                    "application/sparql-query or application/sparql-update",
                )
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise _Refused(
                400,
                "default-graph-uri and named-graph-uri are not supported; use FROM or GRAPH in the query",
            )
        return query, update, params, formats

    def check_auth(request: Request) -> None:
        if not allow_update:
            raise _Refused(
                403,
                "this endpoint is read-only; start tkg serve with --allow-update --token T to accept updates",
            )
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            raise _Refused(
                401, "updates need 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"}
            )
        if not hmac.compare_digest(header[7:].strip().encode(), (token or "").encode()):
            raise _Refused(403, "wrong bearer token; updates refused")

    async def load(update: str) -> None:
        """Run an update of LOAD operations: refused unless allowed, then bounded and validated."""
        if not allow_load:
            raise _Refused(
                403,
                "LOAD is disabled (it would fetch any URL); start tkg serve with --allow-load "
                "to let updates load data from http(s) URLs",
            )
        try:
            loads = parse_loads(update)
            # the fetch ends at the time limit (504) and the size limit (413) by itself;
            # reading and validating what came are bounded by the size limit; no outer
            # timer, which could answer 504 while the thread goes on to store the data
            await run_in_threadpool(
                run_loads, store, loads, timeout=load_timeout, max_bytes=max_load_bytes
            )
        except LoadRefused as e:
            raise _Refused(e.status, str(e)) from e
        except (ValidationError, InputError) as e:
            raise _Refused(422, f"LOAD: {hide(str(e))}") from e

    pool: WorkerPool | None = None
    path = getattr(store, "path", None)
    if workers != 0 and isinstance(path, Path):
        pool = WorkerPool(
            path,
            size=workers or DEFAULT_WORKERS,
            memory_mb=worker_memory_mb,
            timeout=timeout,
            max_rows=max_rows,
        )

    async def sparql(request: Request) -> Response:
        query: str | None = None
        try:
            query, update, params, formats = await read_request(request)
            if update is not None:
                if request.method != "POST":
                    raise _Refused(405, "updates must be sent with POST")
                check_auth(request)
                try:
                    check_nesting(update)
                except QueryError as e:
                    raise _Refused(400, str(e)) from e
                if not allow_service and uses_service(update):
                    raise _Refused(
                        403,
                        "federated SERVICE calls are disabled; start tkg serve with --allow-service",
                    )
                if uses_load(update):
                    await load(update)
                else:
                    await run_in_threadpool(store.update, update)
                if pool is not None:
                    pool.changed()  # the query workers read this write from their next query
                return Response(status_code=204)
            if not query:
                raise _Refused(
                    400, "missing 'query' (or 'update') parameter; see the SPARQL 1.1 Protocol"
                )
            try:
                check_nesting(query)
                form = query_form(query)
            except QueryError as e:
                raise _Refused(400, explain_error(query, str(e))) from e
            if form == "UPDATE":
                raise _Refused(400, "this is an update; send it as 'update=' with POST")
            if not allow_service and uses_service(query):
                raise _Refused(
                    403,
                    "federated SERVICE calls are disabled; start tkg serve with --allow-service",
                )
            graph_form = form in ("CONSTRUCT", "DESCRIBE")
            offered = GRAPH_TYPES if graph_form else RESULT_TYPES
            default = "text/turtle" if graph_form else "application/sparql-results+json"
            accept = request.headers.get("accept")
            media = pick_format(formats, graph_form)
            if media is None:
                media = _choose(accept, offered, default)
            if media is None:
                raise _Refused(
                    406, f"cannot answer a {form} as {accept}; acceptable: {', '.join(offered)}"
                )
            if pool is not None:
                status, data, ctype = await pool.run(
                    (query, form, media), time.monotonic() + timeout
                )
                if status != 200:
                    return refuse(status, data.decode("utf-8", errors="replace"))
                return Response(data, media_type=ctype)
            try:
                body, ctype = await asyncio.wait_for(
                    run_in_threadpool(answer_query, store, query, form, media, timeout, max_rows),
                    timeout,
                )
            except TimeoutError as e:
                raise _Refused(
                    503, f"query exceeded the time limit of {timeout:g} s; narrow it or add LIMIT"
                ) from e
            return Response(body, media_type=ctype)
        except (_Refused, TkgError) as e:
            status, message = error_reply(e, query)
            return refuse(status, message, getattr(e, "headers", None))

    page = query_page()
    explorer_cache: dict[tuple[str, int], str] = {}

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    async def static(request: Request) -> Response:
        from graph.web import vendor_file

        name = request.path_params["name"]
        if name not in _STATIC:
            return refuse(404, f"no such file {name!r}")
        return Response(
            vendor_file(name).read_bytes(),
            media_type=_STATIC[name],
            headers={"Cache-Control": "max-age=86400"},
        )

    def explorer(projection: str) -> str:
        from graph.export import annotate
        from graph.export.enrich import enrich, fact_index
        from graph.network import project
        from graph.web.explorer import MAX_NODES, explorer_data, keep_largest, render

        key = (projection, store.count())
        if key not in explorer_cache:
            g = keep_largest(project(store, projection), MAX_NODES)
            index = fact_index(store)
            annotate(enrich(store, g, index))
            explorer_cache.clear()
            explorer_cache[key] = render(explorer_data(g, index))
        return explorer_cache[key]

    async def explore(request: Request) -> Response:
        projection = request.query_params.get("projection", "full")
        try:
            text = await run_in_threadpool(explorer, projection)
        except TkgError as e:
            return refuse(400, hide(str(e)))
        return HTMLResponse(text)

    async def health(request: Request) -> Response:
        return Response(json.dumps({"status": "ok"}), media_type="application/json")

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        if pool is not None:
            await pool.start()
        try:
            yield
        finally:
            if pool is not None:
                pool.close()

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/explore", explore),
            Route("/static/{name}", static),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/health", health),
        ],
        lifespan=lifespan,
    )
    app.state.pool = pool
    return app


def serve(
    store: Store,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_update: bool = False,
    token: str | None = None,
    timeout: float = 30.0,
    max_rows: int = 100_000,
    allow_service: bool = False,
    max_request_bytes: int = 1_000_000,
    workers: int | None = None,
    worker_memory_mb: int = DEFAULT_MEMORY_MB,
    allow_load: bool = False,
    load_timeout: float = DEFAULT_LOAD_TIMEOUT,
    max_load_bytes: int = DEFAULT_MAX_LOAD_BYTES,
) -> None:
    """Serve ``store`` at ``http://host:port/sparql`` until interrupted (uvicorn).

    The parameters are those of :func:`create_app`.
    """
    import uvicorn

    app = create_app(
        store,
        allow_update=allow_update,
        token=token,
        timeout=timeout,
        max_rows=max_rows,
        allow_service=allow_service,
        max_request_bytes=max_request_bytes,
        workers=workers,
        worker_memory_mb=worker_memory_mb,
        allow_load=allow_load,
        load_timeout=load_timeout,
        max_load_bytes=max_load_bytes,
    )
    if app.state.pool is not None:
        app.state.pool.start_blocking()  # a store the workers cannot open: one error line
    uvicorn.run(app, host=host, port=port, log_level="info")
