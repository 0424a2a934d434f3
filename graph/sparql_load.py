"""SPARQL ``LOAD`` for the endpoint: off by default, then bounded and validated.

Oxigraph's own ``LOAD`` fetches any URL with no time or size limit and stores
what it gets unchecked. :mod:`graph.serve` never lets it run: an update that
uses ``LOAD`` is refused (403) unless the server was started with
``--allow-load``; then the update must consist of ``LOAD`` operations only
(``LOAD [SILENT] <url> [INTO GRAPH <g>]``, separated by ``;``) and tkg does
the loading itself:

- only ``http`` and ``https`` URLs (redirects included; no ``file:`` or
  ``ftp:``);
- the whole fetch ends at a time limit (a server that never answers is an
  error after ``timeout`` seconds) and the body is read in chunks up to a size
  limit (never whole);
- the format comes from the Content-Type (else the URL's suffix): Turtle,
  TriG, N-Triples, N-Quads or JSON-LD;
- the facts are read and validated like ``tkg load`` (invalid IRIs, SHACL
  shapes, tkg terms): nothing is stored unless everything is valid. Without
  ``INTO GRAPH`` each report graph of the data replaces its previous version
  (as ``tkg load`` does); with it, the triples are added to ``<g>``.

Examples
--------
>>> parse_loads("LOAD <http://example.org/a.ttl> ; LOAD SILENT <https://x/b.nq> INTO GRAPH <urn:g>")
[Load(url='http://example.org/a.ttl', graph=None, silent=False), Load(url='https://x/b.nq', graph='urn:g', silent=True)]
>>> uses_load("INSERT DATA { <urn:a> <urn:p> 'LOAD <x>' }")
False
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.exceptions import TkgError

if TYPE_CHECKING:
    from graph.store import Store

__all__ = ["Load", "LoadRefused", "uses_load", "parse_loads", "fetch", "run_loads"]

#: Seconds a LOAD may take to fetch its URL (all of them together).
DEFAULT_LOAD_TIMEOUT = 10.0
#: Bytes a LOAD may fetch.
DEFAULT_MAX_LOAD_BYTES = 20_000_000

_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\s]*>|#[^\n]*"
)
_LOAD_WORD = re.compile(r"\bLOAD\b", re.I)
_ONE_LOAD = re.compile(
    r"\s*LOAD\s+(?P<silent>SILENT\s+)?<(?P<url>[^<>\s]*)>"
    r"(?:\s+INTO\s+GRAPH\s+<(?P<graph>[^<>\s]*)>)?\s*(?:;|$)",
    re.I,
)
_COMMENT = re.compile(r"#[^\n]*")


class LoadRefused(TkgError):
    """A LOAD that was not allowed or failed: the HTTP status and one line."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Load:
    """One ``LOAD`` operation."""

    url: str
    graph: str | None
    silent: bool


def uses_load(update: str) -> bool:
    """Whether an update has a ``LOAD`` operation (outside strings, IRIs and comments).

    Examples
    --------
    >>> uses_load("# LOAD\\nload <http://x/>")
    True
    """
    return bool(_LOAD_WORD.search(_OPAQUE.sub(" ", update)))


def parse_loads(update: str) -> list[Load]:
    """Read an update made of ``LOAD`` operations only.

    Raises
    ------
    LoadRefused
        400 when the update mixes ``LOAD`` with other operations or is not
        ``LOAD [SILENT] <url> [INTO GRAPH <g>]``.
    """
    text = _COMMENT.sub(" ", update).strip()
    loads = []
    pos = 0
    while pos < len(text):
        match = _ONE_LOAD.match(text, pos)
        if not match or match.end() == pos:
            raise LoadRefused(
                400,
                "send LOAD operations alone in their update request: "
                "LOAD [SILENT] <url> [INTO GRAPH <g>] ; ...",
            )
        loads.append(Load(match["url"], match["graph"], bool(match["silent"])))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if not loads:
        raise LoadRefused(400, "no LOAD operation found")
    return loads


def _opener() -> urllib.request.OpenerDirector:
    """An opener for http and https only (a redirect to file: or ftp: fails)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler,
        urllib.request.HTTPSHandler,
        urllib.request.HTTPRedirectHandler,
        urllib.request.HTTPDefaultErrorHandler,
        urllib.request.HTTPErrorProcessor,
    ):
        opener.add_handler(handler())
    return opener


_ACCEPT = (
    "text/turtle, application/trig, application/n-triples, application/n-quads, "
    "application/ld+json;q=0.9, */*;q=0.1"
)


def fetch(
    url: str, *, timeout: float, max_bytes: int, limit: float | None = None
) -> tuple[str, str]:
    """Fetch ``url`` within ``timeout`` seconds and ``max_bytes``: (text, content type).

    Raises
    ------
    LoadRefused
        400 for a URL that is not http(s); 504 at the time limit; 413 past the
        size limit; 502 when the server answers with an error or cannot be
        reached.
    """
    if not re.match(r"^https?://", url, re.I):
        raise LoadRefused(400, f"LOAD <{url}>: only http and https URLs can be loaded")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"Accept": _ACCEPT, "User-Agent": "tkg-load"})
    too_slow = LoadRefused(
        504,
        f"LOAD <{url}>: no complete answer within {limit or timeout:g} s (the load time limit)",
    )
    too_big = LoadRefused(
        413,
        f"LOAD <{url}>: more than {max_bytes} bytes (the load size limit); load it with tkg load",
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise too_big
            ctype = response.headers.get_content_type()
            charset = response.headers.get_content_charset() or "utf-8"
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise too_slow
                chunk = response.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise too_big
                chunks.append(chunk)
    except LoadRefused:
        raise
    except urllib.error.HTTPError as e:
        raise LoadRefused(502, f"LOAD <{url}>: the server answered HTTP {e.code} {e.reason}") from e
    except TimeoutError as e:
        raise too_slow from e
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        if isinstance(reason, TimeoutError):
            raise too_slow from e
        raise LoadRefused(502, f"LOAD <{url}>: cannot fetch it ({reason})") from e
    if time.monotonic() > deadline:
        raise too_slow
    try:
        return b"".join(chunks).decode(charset), ctype
    except (UnicodeDecodeError, LookupError) as e:
        raise LoadRefused(400, f"LOAD <{url}>: the answer is not {charset} text") from e


def _format(url: str, ctype: str) -> str:
    from graph.exceptions import FormatError
    from graph.rdf import guess_format, normalize_format

    try:
        return normalize_format(ctype)
    except FormatError:
        pass
    try:
        return guess_format(url.split("?", 1)[0].split("#", 1)[0])
    except FormatError as e:
        raise LoadRefused(
            415,
            f"LOAD <{url}>: cannot tell the format (Content-Type {ctype}); serve Turtle, TriG, "
            "N-Triples, N-Quads or JSON-LD with its media type",
        ) from e


def run_loads(
    store: Store,
    loads: list[Load],
    *,
    timeout: float = DEFAULT_LOAD_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_LOAD_BYTES,
) -> int:
    """Fetch, read and validate every ``LOAD``, then store them; return the triples stored.

    Nothing is stored unless every (non-``SILENT``) load was fetched and is valid.

    Raises
    ------
    LoadRefused
        A fetch failed or hit a limit (status and line as :func:`fetch`).
    ParseError, ValidationError
        The data is malformed or violates the shapes (422 at the endpoint).
    """
    from graph.exceptions import InputError
    from graph.load import VOCABULARY_GRAPHS, load_graphs
    from graph.rdf import parse_facts
    from graph.validate import validate_graph

    deadline = time.monotonic() + timeout
    replace: list[tuple[str, object]] = []
    sources: dict[str, tuple[str, str | None]] = {}
    inserts: list[tuple[str, str]] = []
    for load in loads:
        try:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LoadRefused(
                    504, f"LOAD <{load.url}>: the load time limit of {timeout:g} s was used up"
                )
            text, ctype = fetch(load.url, timeout=remaining, max_bytes=max_bytes, limit=timeout)
            pairs = parse_facts(text, _format(load.url, ctype), source=load.url)
        except (LoadRefused, InputError):
            if load.silent:
                continue
            raise
        for iri, _ in pairs:
            if iri in VOCABULARY_GRAPHS:
                raise InputError(
                    f"LOAD <{load.url}>: graph <{iri}> is reserved for the tkg vocabulary"
                )
        if load.graph is None:
            for iri, graph in pairs:
                replace.append((iri, graph))
                sources[iri] = (load.url, text)
            continue
        import rdflib

        merged = rdflib.Graph()
        for _, graph in pairs:
            for triple in graph:
                merged.add(triple)
        report = validate_graph(merged, source=load.url, text=text)
        if report.violations:
            from graph.exceptions import ValidationError

            problems = [str(v) for v in report.violations]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise ValidationError(
                f"{problems[0]}{more}; fix the facts, nothing was stored", problems
            )
        body = merged.serialize(format="nt", encoding="utf-8").decode("utf-8")
        inserts.append((load.graph, body))
    stored = 0
    if replace:
        stored += sum(load_graphs(store, replace, sources=sources).graphs.values())  # type: ignore[arg-type]
    for graph_iri, body in inserts:
        store.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}}} }}")
        stored += body.count("\n")
    return stored
