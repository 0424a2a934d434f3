"""A SPARQL 1.1 Protocol endpoint over a tkg store (Starlette + uvicorn).

``/sparql`` answers queries by GET (``?query=``) and POST (form-encoded
``query=`` or a direct ``application/sparql-query`` body), and updates by POST
(``update=`` or ``application/sparql-update``). Answers are negotiated from
the ``Accept`` header (or a ``format=`` parameter):

- SELECT / ASK: ``application/sparql-results+json`` (default),
  ``application/sparql-results+xml``, ``text/csv``, ``text/tab-separated-values``;
- CONSTRUCT / DESCRIBE: ``text/turtle`` (default), ``application/n-triples``,
  ``application/ld+json``.

Safe by default: read-only; updates need ``allow_update`` *and* the bearer
token (401 without it, 403 with a wrong one); a per-query time limit and a
row limit give a clear error while the server keeps serving; ``SERVICE``
(federated queries) is refused unless allowed; requests are size-limited;
the server binds to 127.0.0.1 unless told otherwise. ``/`` is a small page to
type a query and see a table.

Queries run in worker threads. A SELECT that streams rows is stopped at the
deadline or the row limit; a query that computes for long before its first
row cannot be interrupted inside Oxigraph: its client gets the 503 at the
deadline, the server goes on answering others, and that worker finishes in
the background (a remote store's own timeout bounds it there).

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
import hmac
import html
import json
import re
import time
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import rdflib

from graph.exceptions import QueryError, TkgError
from graph.query import format_result
from graph.store import PREFIXES, SelectResult, Store, query_form

__all__ = ["create_app", "serve", "RESULT_TYPES", "GRAPH_TYPES"]

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "json-ld",
}
_FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
}
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
        return result.serialize(format=GRAPH_TYPES[media]), media
    kind = RESULT_TYPES[media]
    if kind == "xml":
        return _xml_results(result), "application/sparql-results+xml"
    if isinstance(result, bool) and kind in ("csv", "tsv"):
        return f"_askResult\n{'true' if result else 'false'}\n", media
    text = format_result(result, kind)
    if kind == "json":
        return text, "application/sparql-results+json"
    return text, media


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tkg SPARQL</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}
textarea{width:100%;height:12em;font-family:monospace;font-size:14px}
table{border-collapse:collapse;margin-top:1em;font-size:14px}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}#status{color:#555;margin-left:1em}.error{color:#b00}
</style></head><body>
<h1>tkg SPARQL endpoint</h1>
<p>Store: __STORE__ &middot; queries see the union of all report graphs; prefixes tkg, tkgid, rdfs, skos, xsd, prov, dcterms, schema are declared.</p>
<form id="f"><textarea id="q" name="query" spellcheck="false">SELECT ?person ?title ?org WHERE {
  ?p a tkg:Person ; rdfs:label ?person .
  OPTIONAL { ?p tkg:roleTitle ?title }
  OPTIONAL { ?p tkg:memberOf/rdfs:label ?org }
} LIMIT 100</textarea><br>
<button type="submit">Run</button><span id="status"></span></form>
<div id="out"></div>
<script>
const form = document.getElementById('f'), out = document.getElementById('out'), st = document.getElementById('status');
function cell(b){ if(!b) return ''; return b.value; }
form.addEventListener('submit', async (e) => {
  e.preventDefault(); out.textContent=''; st.textContent='running...';
  const t0 = performance.now();
  const r = await fetch('sparql', {method:'POST', headers:{'Accept':'application/sparql-results+json, text/turtle;q=0.5'},
                                   body:new URLSearchParams({query: document.getElementById('q').value})});
  const text = await r.text();
  st.textContent = r.status + ' in ' + Math.round(performance.now()-t0) + ' ms';
  if(!r.ok){ const p=document.createElement('p'); p.className='error'; p.textContent=text; out.appendChild(p); return; }
  if(!(r.headers.get('content-type')||'').includes('json')){ const pre=document.createElement('pre'); pre.textContent=text; out.appendChild(pre); return; }
  const data = JSON.parse(text);
  if('boolean' in data){ out.textContent = String(data.boolean); return; }
  const table=document.createElement('table'), head=table.insertRow();
  for(const v of data.head.vars){ const th=document.createElement('th'); th.textContent=v; head.appendChild(th); }
  for(const b of data.results.bindings){ const row=table.insertRow(); for(const v of data.head.vars){ row.insertCell().textContent=cell(b[v]); } }
  out.appendChild(table);
  st.textContent += ' - ' + data.results.bindings.length + ' rows';
});
</script></body></html>
"""


def create_app(
    store: Store,
    *,
    allow_update: bool = False,
    token: str | None = None,
    timeout: float = 30.0,
    max_rows: int = 100_000,
    allow_service: bool = False,
    max_request_bytes: int = 1_000_000,
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
        Larger requests get 413.

    Returns
    -------
    starlette.applications.Starlette
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

    async def read_request(request: Request) -> tuple[str | None, str | None, dict[str, str]]:
        """Return (query, update, other parameters) from GET or POST."""
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_request_bytes:
            raise _Refused(
                413,
                f"request of {int(length)} bytes is over the limit of {max_request_bytes} bytes",
            )
        params = dict(request.query_params)
        if len(str(request.url.query)) > max_request_bytes:
            raise _Refused(413, f"query string is over the limit of {max_request_bytes} bytes")
        query = params.pop("query", None)
        update = params.pop("update", None)
        if request.method == "POST":
            body = await request.body()
            if len(body) > max_request_bytes:
                raise _Refused(
                    413,
                    f"request of {len(body)} bytes is over the limit of {max_request_bytes} bytes",
                )
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-query":
                query = body.decode("utf-8", errors="replace")
            elif ctype == "application/sparql-update":
                update = body.decode("utf-8", errors="replace")
            elif ctype == "application/x-www-form-urlencoded":
                from urllib.parse import parse_qs

                form = {
                    k: v[-1] for k, v in parse_qs(body.decode("utf-8", errors="replace")).items()
                }
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
        return query, update, params

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

    def run_query(query: str, form: str) -> SelectResult | bool | rdflib.Graph:
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
                            f"the answer has more than {max_rows} rows; "
                            "add LIMIT or narrow the query",
                        )
                    if len(rows) % 256 == 0 and time.monotonic() > deadline:
                        raise _Refused(
                            503,
                            f"query exceeded the time limit of {timeout:g} s; "
                            "narrow it or add LIMIT",
                        )
            finally:
                # Release the store's result cursor in this worker thread: Oxigraph's
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

    async def sparql(request: Request) -> Response:
        try:
            query, update, params = await read_request(request)
            if update is not None:
                if request.method != "POST":
                    raise _Refused(405, "updates must be sent with POST")
                check_auth(request)
                if not allow_service and uses_service(update):
                    raise _Refused(
                        403,
                        "federated SERVICE calls are disabled; start tkg serve with --allow-service",
                    )
                await run_in_threadpool(store.update, update)
                return Response(status_code=204)
            if not query:
                raise _Refused(
                    400, "missing 'query' (or 'update') parameter; see the SPARQL 1.1 Protocol"
                )
            form = query_form(query)
            if form == "UPDATE":
                raise _Refused(400, "this is an update; send it as 'update=' with POST")
            if not allow_service and uses_service(query):
                raise _Refused(
                    403,
                    "federated SERVICE calls are disabled; start tkg serve with --allow-service",
                )
            accept = request.headers.get("accept")
            if "format" in params:
                fmt = params["format"].lower().strip()
                if fmt in _FORMAT_PARAM:
                    accept = _FORMAT_PARAM[fmt]
                elif fmt in RESULT_TYPES or fmt in GRAPH_TYPES:  # a media type (SPARQLWrapper)
                    accept = fmt
                else:
                    known = ", ".join(sorted(_FORMAT_PARAM))
                    raise _Refused(400, f"unknown format {fmt!r}; known: {known}")
            graph_form = form in ("CONSTRUCT", "DESCRIBE")
            offered = GRAPH_TYPES if graph_form else RESULT_TYPES
            media = _choose(
                accept, offered, "text/turtle" if graph_form else "application/sparql-results+json"
            )
            if media is None:
                raise _Refused(
                    406, f"cannot answer a {form} as {accept}; acceptable: {', '.join(offered)}"
                )
            try:
                result = await asyncio.wait_for(run_in_threadpool(run_query, query, form), timeout)
            except TimeoutError as e:
                raise _Refused(
                    503, f"query exceeded the time limit of {timeout:g} s; narrow it or add LIMIT"
                ) from e
            body, ctype = _render(result, media)
            return Response(body, media_type=ctype)
        except _Refused as e:
            return refuse(e.status, e.message, e.headers)
        except QueryError as e:
            return refuse(400, str(e))
        except TkgError as e:
            return refuse(500, str(e))

    async def index(request: Request) -> Response:
        return HTMLResponse(
            _PAGE.replace("__STORE__", html.escape(getattr(store, "spec", "store")))
        )

    async def health(request: Request) -> Response:
        return Response(json.dumps({"status": "ok"}), media_type="application/json")

    return Starlette(
        routes=[
            Route("/", index),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/health", health),
        ]
    )


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
) -> None:
    """Serve ``store`` at ``http://host:port/sparql`` until interrupted (uvicorn)."""
    import uvicorn

    app = create_app(
        store,
        allow_update=allow_update,
        token=token,
        timeout=timeout,
        max_rows=max_rows,
        allow_service=allow_service,
        max_request_bytes=max_request_bytes,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")
