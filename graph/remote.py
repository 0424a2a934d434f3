"""A store over any SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB, Neptune).

The same store protocol as the embedded Oxigraph store (:mod:`graph.store`),
spoken over the SPARQL 1.1 Protocol with httpx. Queries see the union of
the named graphs as their default graph: Virtuoso does that for queries
without ``FROM``; configure Fuseki with ``tdb:unionDefaultGraph true`` and
GraphDB / Neptune likewise.

Specifications accepted by :meth:`SparqlStore.from_spec` (``--store``):

``http://host:8890/sparql``
    one URL for queries and updates;
``http://user:password@host/sparql``
    with credentials (digest, falling back to basic), or set
    ``TKG_STORE_USER`` and ``TKG_STORE_PASSWORD``;
``query=http://host/ds/query,update=http://host/ds/update``
    separate endpoints (Fuseki);
``query=URL,update=URL,gsp=URL``
    with a SPARQL 1.1 Graph Store Protocol endpoint for bulk writes
    (``http://host/ds/data`` on Fuseki; found by itself on Virtuoso).

A report's graph is replaced safely: the new triples go to a staging graph,
and only when all are in is the report's graph swapped in one update; a
failure drops the staging graph and leaves the old graph as it was. The
staging graph is written with one Graph Store Protocol ``PUT`` of N-Triples
when the endpoint has one (about ten times faster on Virtuoso), else in
batches of ``INSERT DATA`` (Virtuoso refuses one of about 5,000 triples).

Examples
--------
>>> from graph.remote import SparqlStore
>>> s = SparqlStore.from_spec("query=http://h/q,update=http://h/u")
>>> s.query_url, s.update_url
('http://h/q', 'http://h/u')
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import rdflib
from rdflib.term import Node

from graph.exceptions import EndpointError, FormatError, QueryError
from graph.store import PREFIXES, SelectResult, query_form

__all__ = ["SparqlStore", "BATCH_TRIPLES", "DigestOrBasicAuth", "group_regex_alternations"]

#: Triples per INSERT DATA request (Virtuoso refuses large ones: "SQL text exceeded 10000 lines").
BATCH_TRIPLES = 500

#: Graphs that Virtuoso keeps for itself; never reported as report graphs.
_SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/",
    "http://localhost:8890/",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
    "urn:activitystreams-owl:",
    "virtrdf:",
)
_STAGING = "#tkg-staging-"


def _prologue(query: str) -> str:
    """Declare the usual prefixes the query uses but does not declare."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w.-]*):", query, re.I)}
    lines = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in PREFIXES.items()
        if p.lower() not in declared and re.search(rf"(?<![\w.-]){re.escape(p)}:", query)
    ]
    return "\n".join(lines) + ("\n" if lines else "") + query


_REGEX_CALL = re.compile(r"\bREGEX\s*\(", re.I)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')


def _top_level_bar(pattern: str) -> bool:
    depth = 0
    escaped = in_class = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def group_regex_alternations(query: str) -> str:
    """Wrap a REGEX pattern with a top-level ``|`` in parentheses.

    Virtuoso 7 answers ``REGEX("Libya", "Libya|Tunisia")`` with false but
    ``REGEX("Libya", "(Libya|Tunisia)")`` with true; the two patterns mean the
    same thing everywhere, so remote queries always get the grouped form.

    Examples
    --------
    >>> group_regex_alternations('FILTER(REGEX(STR(?l), "Libya|Egypt"))')
    'FILTER(REGEX(STR(?l), "(Libya|Egypt)"))'
    >>> group_regex_alternations("FILTER(REGEX(?l, '(a|b)c'))")
    "FILTER(REGEX(?l, '(a|b)c'))"
    """
    out: list[str] = []
    pos = 0
    for call in _REGEX_CALL.finditer(query):
        if call.start() < pos:
            continue
        depth, i = 1, call.end()
        while i < len(query) and depth:  # find the comma that ends the first argument
            ch = query[i]
            if ch in "\"'":
                literal = _STRING.match(query, i)
                i = literal.end() if literal else i + 1
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "," and depth == 1:
                break
            i += 1
        literal = _STRING.match(query, i + 1 + (len(query[i + 1 :]) - len(query[i + 1 :].lstrip())))
        if not literal or query[i : i + 1] != ",":
            continue
        quote, body = literal.group(0)[0], literal.group(0)[1:-1]
        if _top_level_bar(body):
            out.append(query[pos : literal.start()] + f"{quote}({body}){quote}")
            pos = literal.end()
    out.append(query[pos:])
    return "".join(out)


class DigestOrBasicAuth(httpx.Auth):
    """httpx authentication answering whichever challenge the server sends.

    The request goes out without credentials; on a 401 it is sent again with
    digest authentication if the server offers it, else with basic
    authentication (only in answer to a challenge, never unprompted).

    Parameters
    ----------
    user, password : str
        The credentials.

    Examples
    --------
    >>> def handler(request):
    ...     if request.headers.get("authorization") == "Basic dTpw":
    ...         return httpx.Response(200, text="in")
    ...     return httpx.Response(401, headers={"WWW-Authenticate": 'Basic realm="x"'})
    >>> auth = DigestOrBasicAuth("u", "p")
    >>> client = httpx.Client(transport=httpx.MockTransport(handler), auth=auth)
    >>> client.get("http://h/sparql").text
    'in'
    """

    def __init__(self, user: str, password: str) -> None:
        self.user = user
        self.scheme: str | None = None  # "digest" or "basic" once the server has asked
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Send the request; answer a digest or basic challenge.

        Once the server has asked, later requests carry the credentials
        from the start (digest reuses the server's nonce), so that large
        bodies are not sent twice nor cut off by the 401.
        """
        if self.scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self.scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        schemes = {
            c.split(None, 1)[0].lower()
            for c in response.headers.get_list("www-authenticate")
            if c.strip()
        }
        if "digest" in schemes:
            self.scheme = "digest"
            flow = self._digest.auth_flow(request)
            next(flow)  # the unauthenticated request: already sent
            try:
                retry = flow.send(response)
                while True:
                    response = yield retry
                    retry = flow.send(response)
            except StopIteration:
                return
        elif "basic" in schemes:
            self.scheme = "basic"
            yield from self._basic.auth_flow(request)


def _term(binding: dict[str, str]) -> Node:
    kind = binding["type"]
    value = binding["value"]
    if kind == "uri":
        return rdflib.URIRef(value)
    if kind == "bnode":
        return rdflib.BNode(value)
    lang = binding.get("xml:lang")
    datatype = binding.get("datatype")
    if lang:
        return rdflib.Literal(value, lang=lang)
    if datatype and datatype != str(rdflib.XSD.string):
        return rdflib.Literal(value, datatype=rdflib.URIRef(datatype))
    return rdflib.Literal(value)


class SparqlStore:
    """A store behind a SPARQL 1.1 query (and update) endpoint.

    Parameters
    ----------
    query_url : str
        The SPARQL query endpoint.
    update_url : str, optional
        The SPARQL update endpoint (default: ``query_url``).
    user, password : str, optional
        Credentials (digest authentication, falling back to basic).
    gsp_url : str, optional
        A SPARQL 1.1 Graph Store Protocol endpoint for bulk writes; on
        Virtuoso it is found by itself (``/sparql-graph-crud``, or
        ``/sparql-graph-crud-auth`` with credentials). Without one, graphs are
        written in ``INSERT DATA`` batches.
    timeout : float, default 60
        Seconds per HTTP request.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        gsp_url: str | None = None,
        timeout: float = 60.0,
    ):
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.gsp_url = gsp_url
        self._gsp_known = gsp_url is not None
        self.spec = (
            query_url
            if self.update_url == query_url and not gsp_url
            else f"query={query_url},update={self.update_url}"
            + (f",gsp={gsp_url}" if gsp_url else "")
        )
        self.user = user
        auth: Any = DigestOrBasicAuth(user, password or "") if user is not None else None
        self._client = httpx.Client(timeout=timeout, auth=auth, follow_redirects=True)
        self._server = ""

    @classmethod
    def from_spec(cls, spec: str) -> SparqlStore:
        """Build a store from a ``--store`` specification (see the module docstring)."""
        query_url = update_url = gsp_url = None
        if spec.startswith("query="):
            for part in spec.split(","):
                key, _, value = part.partition("=")
                if key.strip() == "query":
                    query_url = value.strip()
                elif key.strip() == "update":
                    update_url = value.strip()
                elif key.strip() == "gsp":
                    gsp_url = value.strip()
                else:
                    raise EndpointError(
                        f"store spec {spec!r}: unknown key {key.strip()!r}; "
                        "use query=URL[,update=URL][,gsp=URL]"
                    )
            if not query_url:
                raise EndpointError(
                    f"store spec {spec!r} names no query endpoint; use query=URL[,update=URL]"
                )
        else:
            query_url = spec
        parts = urlsplit(query_url)
        user = os.environ.get("TKG_STORE_USER")
        password = os.environ.get("TKG_STORE_PASSWORD")
        if parts.username:
            user, password = parts.username, parts.password or ""
            netloc = parts.hostname or ""
            if parts.port:
                netloc += f":{parts.port}"
            query_url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
            if update_url is None:
                update_url = query_url
        return cls(query_url, update_url, user=user, password=password, gsp_url=gsp_url)

    def __repr__(self) -> str:
        return f"SparqlStore({self.spec!r})"

    # -- HTTP -------------------------------------------------------------

    def _post(self, url: str, data: dict[str, str], accept: str) -> Any:
        return self._send("POST", url, data=data, headers={"Accept": accept})

    def _send(self, method: str, url: str, **kwargs: Any) -> Any:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException as e:
            raise EndpointError(
                f"SPARQL endpoint {url} timed out; try a smaller query or a longer timeout"
            ) from e
        except httpx.HTTPError as e:
            reason = " ".join(str(e).split()) or type(e).__name__
            raise EndpointError(
                f"cannot reach SPARQL endpoint {url} ({reason}); start the server or check --store"
            ) from e
        self._server = response.headers.get("server", self._server)
        if response.status_code in (401, 403):
            raise EndpointError(
                f"SPARQL endpoint {url} refused the request (HTTP {response.status_code}); "
                "give credentials (user:password@ in the URL or TKG_STORE_USER/TKG_STORE_PASSWORD) "
                "or grant SPARQL update rights"
            )
        if response.status_code >= 400:
            body = " ".join(response.text.split())[:300]
            if response.status_code == 400 or "syntax" in body.lower() or "SP030" in body:
                raise QueryError(f"the endpoint {url} rejected the request: {body}; fix the query")
            raise EndpointError(
                f"SPARQL endpoint {url} answered HTTP {response.status_code}: {body}"
            )
        return response

    def _query(self, query: str, accept: str) -> Any:
        text = _prologue(group_regex_alternations(query))
        return self._post(self.query_url, {"query": text}, accept)

    # -- queries ----------------------------------------------------------

    def query(self, query: str) -> SelectResult | bool | rdflib.Graph:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query."""
        form = query_form(query)
        if form == "UPDATE":
            raise QueryError("this is a SPARQL update, not a query; use Store.update")
        if form == "SELECT":
            return self.select(query)
        if form == "ASK":
            return self.ask(query)
        return self.construct(query)

    def _json(self, query: str) -> dict[str, Any]:
        response = self._query(query, "application/sparql-results+json")
        try:
            return json.loads(response.text)
        except json.JSONDecodeError as e:
            raise EndpointError(
                f"SPARQL endpoint {self.query_url} did not answer JSON results"
            ) from e

    def select(self, query: str) -> SelectResult:
        """Run a SELECT query; values are rdflib terms."""
        data = self._json(query)
        names = data.get("head", {}).get("vars", [])
        rows = [
            tuple(_term(b[n]) if n in b else None for n in names)
            for b in data.get("results", {}).get("bindings", [])
        ]
        return SelectResult(names, rows)

    def select_values(self, query: str) -> Iterator[tuple[str | None, ...]]:
        """Run a SELECT query, yielding plain strings (blank nodes as ``_:id``)."""
        data = self._json(query)
        names = data.get("head", {}).get("vars", [])
        for b in data.get("results", {}).get("bindings", []):
            yield tuple(
                None
                if n not in b
                else ("_:" + b[n]["value"] if b[n]["type"] == "bnode" else b[n]["value"])
                for n in names
            )

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        data = self._json(query)
        if "boolean" not in data:
            raise QueryError("expected an ASK query")
        return bool(data["boolean"])

    def construct(self, query: str) -> rdflib.Graph:
        """Run a CONSTRUCT or DESCRIBE query into an rdflib Graph."""
        response = self._query(query, "application/n-triples, text/turtle;q=0.9")
        ctype = response.headers.get("content-type", "").split(";")[0].strip()
        fmt = "nt" if "n-triples" in ctype or ctype == "text/plain" else "turtle"
        graph = rdflib.Graph()
        try:
            graph.parse(data=response.text, format=fmt)
        except Exception as e:  # noqa: BLE001 - rdflib raises many kinds of parse errors
            raise EndpointError(
                f"could not read the CONSTRUCT answer of {self.query_url}: {e}"
            ) from e
        return graph

    # -- writes -----------------------------------------------------------

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 update."""
        self._post(self.update_url, {"update": _prologue(update)}, "*/*")

    def _insert(self, graph_iri: str, lines: list[str]) -> None:
        body = "\n".join(lines)
        self.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}")

    def graph_store_url(self) -> str | None:
        """Return the Graph Store Protocol endpoint used for bulk writes, if any.

        Given in the spec (``gsp=URL``), or, on Virtuoso, its
        ``/sparql-graph-crud`` service (``-auth`` with credentials) next to
        the SPARQL endpoint.
        """
        if not self._gsp_known:
            self._gsp_known = True
            if not self._server:
                self.ask("ASK {}")
            if self._server.lower().startswith("virtuoso"):
                parts = urlsplit(self.update_url)
                base = parts.path.rsplit("/", 1)[0]
                path = base + ("/sparql-graph-crud-auth" if self.user else "/sparql-graph-crud")
                self.gsp_url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        return self.gsp_url

    def _put_graph(self, graph_iri: str, graph: rdflib.Graph) -> bool:
        """PUT the graph as N-Triples through the Graph Store Protocol.

        Returns False (and stops trying) when the endpoint has no usable
        Graph Store service, so that the caller falls back to batches.
        """
        url = self.graph_store_url()
        if not url:
            return False
        auth = self._client.auth
        if isinstance(auth, DigestOrBasicAuth) and auth.scheme is None:
            # learn the challenge with an empty request: servers cut off a big body with a 401
            try:
                self._client.head(url, params={"graph-uri": graph_iri})
            except httpx.HTTPError:
                pass
        body = graph.serialize(format="nt", encoding="utf-8")
        try:
            self._send(
                "PUT",
                url,
                params={"graph-uri": graph_iri} if "graph=" not in url else None,
                content=body,
                headers={"Content-Type": "application/n-triples"},
            )
        except EndpointError as e:
            if re.search(r"HTTP (40[1345]|415|501)\b", str(e)):
                self.gsp_url = None  # no usable Graph Store service: use INSERT DATA
                return False
            raise
        return True

    def _insert_batches(self, graph_iri: str, graph: rdflib.Graph) -> None:
        plain: list[str] = []
        blank: list[str] = []
        for s, p, o in graph:
            line = f"{s.n3()} {p.n3()} {o.n3()} ."
            (blank if isinstance(s, rdflib.BNode) or isinstance(o, rdflib.BNode) else plain).append(
                line
            )
        for start in range(0, len(plain), BATCH_TRIPLES):
            self._insert(graph_iri, plain[start : start + BATCH_TRIPLES])
        if blank:  # one request keeps blank-node identity; INSERT DATA forbids them
            body = "\n".join(blank)
            self.update(f"INSERT {{ GRAPH <{graph_iri}> {{\n{body}\n}} }} WHERE {{}}")

    def replace_graph(self, graph_iri: str, graph: rdflib.Graph | str) -> int:
        """Replace a named graph: stage it, then swap it in with one update.

        The staging graph is written with one Graph Store Protocol ``PUT``
        when the endpoint has one, else in ``INSERT DATA`` batches. A failure
        while staging drops the staging graph and leaves the old graph
        untouched.

        Parameters
        ----------
        graph_iri : str
            The named graph to replace.
        graph : rdflib.Graph or str
            Its new triples (a ``str`` is N-Triples text).

        Returns
        -------
        int
            The number of triples written.
        """
        from graph.store import _check_iri

        _check_iri(graph_iri)
        if isinstance(graph, str):
            graph = rdflib.Graph().parse(data=graph, format="nt")
        staging = f"{graph_iri}{_STAGING}{uuid.uuid4().hex[:12]}"
        try:
            if len(graph) and not self._put_graph(staging, graph):
                self._insert_batches(staging, graph)
            self.update(
                f"DROP SILENT GRAPH <{graph_iri}> ; ADD SILENT <{staging}> TO <{graph_iri}> ; "
                f"DROP SILENT GRAPH <{staging}>"
            )
        except BaseException:
            try:
                self.update(f"DROP SILENT GRAPH <{staging}>")
            except (EndpointError, QueryError):
                pass
            raise
        return len(graph)

    def replace_graphs(self, graphs: Mapping[str, str]) -> int:
        """Replace many named graphs, one after the other, each as :meth:`replace_graph` does.

        An endpoint has no transaction spanning several requests: each graph
        is swapped in atomically, but a failure half-way leaves the graphs
        before it replaced and those after it as they were (run it again:
        replacing is idempotent). The endpoint's own default graph is its
        business (Virtuoso answers over the union of the named graphs).

        Parameters
        ----------
        graphs : mapping of str to str
            Graph IRI -> its new content as N-Triples text (``""`` removes it).

        Returns
        -------
        int
            The number of triples written.
        """
        from graph.store import _check_iri

        for iri in graphs:
            _check_iri(iri)
        total = 0
        for iri, text in graphs.items():
            if text.strip():
                total += self.replace_graph(iri, text)
            else:
                self.remove_graph(iri)
        return total

    def remove_graph(self, graph_iri: str) -> None:
        """Remove a named graph (no error if it does not exist)."""
        from graph.store import _check_iri

        _check_iri(graph_iri)
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    # -- inspection -------------------------------------------------------

    def graph_names(self) -> list[str]:
        """Return the IRIs of the named graphs holding triples (system graphs left out)."""
        names = [
            g for (g,) in self.select_values("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        ]
        return sorted(
            g for g in names if g and not g.startswith(_SYSTEM_GRAPH_PREFIXES) and _STAGING not in g
        )

    def count(self, graph_iri: str | None = None) -> int:
        """Return the number of triples (of one graph, or of every report graph)."""
        graphs = [graph_iri] if graph_iri else self.graph_names()
        total = 0
        for g in graphs:
            rows = list(
                self.select_values(
                    f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
                )
            )
            total += int(float(rows[0][0])) if rows and rows[0][0] else 0
        return total

    def dump(self, fmt: str = "nq", graph_iri: str | None = None) -> bytes:
        """Serialise one graph or every (non-system) graph as N-Quads, TriG, N-Triples or Turtle."""
        names = {
            "nq": "nquads",
            "nquads": "nquads",
            "trig": "trig",
            "nt": "nt",
            "ntriples": "nt",
            "ttl": "turtle",
            "turtle": "turtle",
        }
        key = fmt.lower()
        if key not in names:
            raise FormatError(f"unknown dump format {fmt!r}; known: {', '.join(sorted(names))}")
        graphs = [graph_iri] if graph_iri else self.graph_names()
        dataset = self._dataset(graphs)
        if names[key] in ("nt", "turtle"):
            merged = rdflib.Graph()
            for prefix, ns in PREFIXES.items():
                merged.bind(prefix, ns)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                merged.add((s, p, o))
            return merged.serialize(format=names[key], encoding="utf-8")
        return dataset.serialize(format=names[key], encoding="utf-8")

    def dump_graphs(self, graph_iris: Iterable[str], fmt: str = "trig") -> bytes:
        """Serialise some named graphs, with their names, as TriG or N-Quads."""
        name = {"trig": "trig", "nq": "nquads", "nquads": "nquads"}.get(fmt.lower())
        if name is None:
            raise FormatError(f"dump_graphs writes TriG or N-Quads, not {fmt!r}")
        return self._dataset(graph_iris).serialize(format=name, encoding="utf-8")

    def _dataset(self, graph_iris: Iterable[str]) -> rdflib.Dataset:
        """Fetch named graphs into an rdflib dataset (with tkg's prefixes)."""
        dataset = rdflib.Dataset()
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)
        for g in graph_iris:
            part = self.construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
            )
            target = dataset.graph(rdflib.URIRef(g))
            for triple in part:
                target.add(triple)
        return dataset

    def flush(self) -> None:
        """Nothing to flush: every update is committed by the endpoint."""

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()
