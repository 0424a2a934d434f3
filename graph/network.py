"""Projections of the fact store onto networkx graphs.

Every projection is built from a few SPARQL SELECT queries run through
``store.select_values`` (plain strings, the fast path) and assembled in
Python: one or a few queries per projection, never one per node.

Projections (see :data:`PROJECTIONS`):

``flow``
    :class:`networkx.DiGraph` of countries and regions. An edge ``a -> b``
    means people are reported to move from ``a`` to ``b``: from the
    ``tkg:origin`` / ``tkg:transit`` / ``tkg:destination`` of routes, migration
    flows and trafficking or smuggling activities (a flow or activity without
    places of its own takes those of the route it goes ``tkg:via``), and from
    country-role assertions linked by the same victim group (a source country
    of a group, or the group's nationality, to a destination country of that
    group, through its transit countries). Transit places are intermediates:
    ``origin -> transit -> destination``; several transit places of one fact
    give parallel paths, because RDF does not record their order.
``actor-place``
    :class:`networkx.DiGraph` from actors (organisations, people, groups) to
    places: ``tkg:basedIn``, ``tkg:nationality``, and the ``tkg:location`` of
    events the actor takes part in (agent, participant, speaker, perpetrator,
    target, victim, audience; deployments included), plus ``tkg:memberOf``
    edges from people to their organisations.
``syndicate``
    :class:`networkx.DiGraph`: criminal groups -> routes they operate on
    (``tkg:operatesOn``, or the route of an activity they perpetrate; an
    activity without a route stands for its own route) -> places on the route;
    groups -> their nationality; groups -> victim groups of their activities;
    law-enforcement operations -> the groups they target.
``comention``
    :class:`networkx.Graph` of entities (actors, groups, places) named in the
    same evidence sentence; ``weight`` is the number of shared sentences.
``full``
    :class:`networkx.MultiDiGraph` of every resource-to-resource statement
    in the reports. Facts (events, statistics, routes, role assertions) are
    **nodes**, not edges, because an n-ary fact (a flow with origin,
    destination, count and dates) cannot be one edge without losing
    something. Edge keys are predicate short names. Literals are node
    attributes, never nodes; ontology concepts used as values (roles,
    measures, exploitation types) are node attributes listing their short
    names; ``rdf:type``, evidence and report links are left out of the edges
    (types are in ``type``, reports in ``reports``).

Time slices: ``date_from`` / ``date_to`` (ISO dates, ``YYYY``, ``YYYY-MM``
or ``YYYY-MM-DD``) keep the facts whose date overlaps the interval. A fact's
date is its ``tkg:date``, else ``tkg:startDate`` .. ``tkg:endDate``, else the
``dcterms:date`` of the report it comes from; facts without any date are left
out of a dated slice. Standing relations that are not facts (``basedIn``,
``nationality``, ``memberOf``, ``operatesOn``) hold at all times and are kept
in every slice.

Node and edge attributes follow the contract in ``docs/ARCHITECTURE.md``.

Examples
--------
>>> from graph.store import open_store
>>> from graph.network import project, PROJECTIONS
>>> sorted(PROJECTIONS)
['actor-place', 'comention', 'flow', 'full', 'syndicate']
>>> g = project(open_store("memory"), "flow")
>>> g.number_of_nodes(), g.graph["name"]
(0, 'flow')
"""

from __future__ import annotations

import calendar
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

import ontology
from graph._fast import collector_paused, fill_multidigraph
from graph.exceptions import AnalysisError, InputError

if TYPE_CHECKING:
    from graph.store import Store

__all__ = [
    "PROJECTIONS",
    "Projection",
    "project",
    "project_flow",
    "project_actor_place",
    "project_syndicate",
    "project_comention",
    "project_full",
    "events",
    "report_titles",
    "date_bounds",
    "short_name",
]

TKG = str(ontology.TKG)
_NON_REPORT_GRAPHS = frozenset(ontology.VOCABULARY_GRAPHS)

_PREFIXES = ontology.sparql_prefixes("tkg", "rdf", "rdfs", "skos", "prov", "dcterms", "geo")

# The projections group people as actors, whether named (tkg:Person) or not
# (tkg:PersonGroup, which the ontology keeps apart from tkg:Actor); the rest
# of the class hierarchy is the ontology's (and the store's ontology graph's).
_PROJECTION_PARENTS = {"PersonGroup": "Actor"}


def _class_parents() -> dict[str, str]:
    return {**ontology.class_parents(), **_PROJECTION_PARENTS}


_ROOTS = ("Actor", "Place", "Event", "Route", "Statistic", "CountryRoleAssertion")
_SKIP_TYPES = frozenset({"Evidence", "Report"})
_ACTIVITY_TYPES = ("Route", "MigrationFlow", "TraffickingActivity", "SmugglingActivity")
_ROLE_PREDICATES = (
    "agent",
    "participant",
    "speaker",
    "perpetrator",
    "target",
    "victim",
    "audience",
)
_STANDING = frozenset({"basedIn", "nationality", "memberOf", "operatesOn", "partOf"})
_MAX_EVIDENCE = 3


def _rows(store: Store, query: str) -> Iterator[tuple[Any, ...]]:
    """The rows of a SELECT as plain strings (``None`` for an unbound variable).

    Typed loosely on purpose: which variables are always bound depends on
    the query, which each caller knows.
    """
    return store.select_values(query)


def short_name(iri: str | None) -> str:
    """Return the local name of an IRI (after the last ``#`` or ``/``).

    Examples
    --------
    >>> short_name("https://w3id.org/tkg/ontology#CriminalGroup")
    'CriminalGroup'
    >>> short_name("https://w3id.org/tkg/id/country/ITA")
    'ITA'
    """
    if not iri:
        return ""
    return _short_name(iri)


@functools.lru_cache(maxsize=8192)
def _short_name(iri: str) -> str:
    stripped = iri.rstrip("/#")
    return stripped[max(stripped.rfind("#"), stripped.rfind("/")) + 1 :]


# ---------------------------------------------------------------------------
# dates


def date_bounds(value: str | None) -> tuple[date, date] | None:
    """Return the first and last day an ISO date, year-month or year covers.

    Parameters
    ----------
    value : str or None
        ``"2011"``, ``"2011-02"``, ``"2011-02-15"`` (a time part or timezone is
        ignored).

    Returns
    -------
    tuple of datetime.date, or None
        ``None`` when the value is empty or not a date.

    Examples
    --------
    >>> date_bounds("2011-02")
    (datetime.date(2011, 2, 1), datetime.date(2011, 2, 28))
    >>> date_bounds("2011")[1]
    datetime.date(2011, 12, 31)
    >>> date_bounds("soon") is None
    True
    """
    if not value:
        return None
    m = re.match(r"^\s*(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(3):
            d = date(year, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            month = int(m.group(2))
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def _parse_bound(value: str | date | None, which: int) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    bounds = date_bounds(str(value))
    if bounds is None:
        raise InputError(
            f"bad date {value!r}; give YYYY, YYYY-MM or YYYY-MM-DD (for example 2011-02-15)"
        )
    return bounds[which]


class _Window:
    """A date window and the facts' dates, deciding which facts are kept."""

    def __init__(self, store: Store, date_from: Any, date_to: Any):
        self.start = _parse_bound(date_from, 0)
        self.end = _parse_bound(date_to, 1)
        if self.start and self.end and self.start > self.end:
            raise InputError(f"date_from {date_from} is after date_to {date_to}; swap them")
        self.active = self.start is not None or self.end is not None
        self.fact_dates: dict[str, tuple[date, date]] = {}
        self.report_dates: dict[str, tuple[date, date]] = {}
        if self.active:
            self._load(store)

    def _load(self, store: Store) -> None:
        starts: dict[str, date] = {}
        ends: dict[str, date] = {}
        q = _PREFIXES + (
            "SELECT ?f ?p ?d WHERE { ?f ?p ?d . VALUES ?p { tkg:date tkg:startDate tkg:endDate } }"
        )
        for f, p, d in _rows(store, q):
            b = date_bounds(d)
            if b is None:
                continue
            name = short_name(p)
            if name in ("date", "startDate"):
                starts[f] = min(starts.get(f, b[0]), b[0])
            if name in ("date", "endDate"):
                ends[f] = max(ends.get(f, b[1]), b[1])
        for f in set(starts) | set(ends):
            lo = starts.get(f, date.min)
            hi = ends.get(f, date.max)
            self.fact_dates[f] = (lo, hi)
        q = _PREFIXES + "SELECT ?r ?d WHERE { ?r a tkg:Report ; dcterms:date ?d }"
        for r, d in _rows(store, q):
            b = date_bounds(d)
            if b is not None:
                self.report_dates[r] = b

    def keeps(self, fact: str, graph: str | None = None) -> bool:
        """Whether ``fact`` (from report graph ``graph``) falls in the window."""
        if not self.active:
            return True
        span = self.fact_dates.get(fact)
        if span is None and graph is not None:
            span = self.report_dates.get(graph)
        if span is None:
            return False
        lo, hi = span
        if self.start is not None and hi < self.start:
            return False
        return not (self.end is not None and lo > self.end)


# ---------------------------------------------------------------------------
# node descriptions


@dataclass
class _Info:
    """Types, labels, reports and coordinates of the described resources."""

    types: dict[str, set[str]]
    labels: dict[str, str]
    reports: dict[str, set[str]]
    iso: dict[str, str]
    coords: dict[str, tuple[float, float]]
    depth: dict[str, int]
    root: dict[str, str]

    def type_of(self, iri: str) -> str:
        """The most specific tkg class of ``iri`` (``""`` when untyped)."""
        types = self.types.get(iri)
        if not types:
            return ""
        if len(types) == 1:
            return next(iter(types))
        return max(sorted(types), key=lambda t: self.depth.get(t, 1))

    def is_a(self, iri: str, root: str) -> bool:
        """Whether ``iri`` has a class under ``root`` (``"Actor"``, ``"Place"``...)."""
        return any(self.root.get(t) == root for t in self.types.get(iri, ()))

    def label(self, iri: str) -> str:
        """The ``rdfs:label``, else a readable name made from the class and IRI."""
        label = self.labels.get(iri)
        if label:
            return label
        cls = self.type_of(iri)
        if not cls:
            return short_name(iri)
        return f"{_class_words(cls)} {short_name(iri)}"


@functools.lru_cache(maxsize=256)
def _class_words(cls: str) -> str:
    """``"LawEnforcementOperation"`` -> ``"Law enforcement operation"``."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls)
    return words[0] + words[1:].lower()


def _hierarchy(store: Store) -> tuple[dict[str, int], dict[str, str]]:
    """Depth and root class of every known tkg class (contract + store ontology)."""
    parent = _class_parents()
    q = _PREFIXES + (
        "SELECT ?c ?p WHERE { GRAPH ?g { ?c rdfs:subClassOf ?p } "
        "FILTER(STRSTARTS(STR(?c), STR(tkg:)) && STRSTARTS(STR(?p), STR(tkg:))) }"
    )
    try:
        for c, p in _rows(store, q):
            parent.setdefault(short_name(c), short_name(p))
    except Exception:  # noqa: BLE001 - an endpoint without GRAPH support: keep the contract
        pass
    depth: dict[str, int] = {}
    root: dict[str, str] = {}
    for cls in set(parent) | set(_ROOTS):
        chain = [cls]
        seen = {cls}
        while chain[-1] in parent and parent[chain[-1]] not in seen:
            seen.add(parent[chain[-1]])
            chain.append(parent[chain[-1]])
        depth[cls] = len(chain) - 1
        root[cls] = chain[-1]
    return depth, root


def _info(store: Store, type_rows: Iterable[tuple[str | None, str, str]] | None = None) -> _Info:
    """Describe the typed resources; ``type_rows`` are ``(graph, s, class)`` if already fetched."""
    depth, root = _hierarchy(store)
    types: dict[str, set[str]] = defaultdict(set)
    reports: dict[str, set[str]] = defaultdict(set)
    if type_rows is None:
        q = _PREFIXES + "SELECT ?g ?s ?t WHERE { GRAPH ?g { ?s a ?t } }"
        type_rows = _rows(store, q)
    for g, s, t in type_rows:
        if not t.startswith(TKG):
            continue
        name = short_name(t)
        types[s].add(name)
        if g is not None and g not in _NON_REPORT_GRAPHS and name not in _SKIP_TYPES:
            reports[s].add(g)
    labels: dict[str, str] = {}
    q = _PREFIXES + "SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l }"
    for s, label in _rows(store, q):
        if s in types and (s not in labels or (len(label), label) < (len(labels[s]), labels[s])):
            labels[s] = label
    iso: dict[str, str] = {}
    coords: dict[str, tuple[float, float]] = {}
    q = _PREFIXES + (
        "SELECT DISTINCT ?s ?iso ?lat ?lon WHERE { { ?s tkg:isoCode ?iso } UNION "
        "{ ?s geo:lat ?lat ; geo:long ?lon } }"
    )
    for s, code, lat, lon in _rows(store, q):
        if code:
            iso[s] = code
        if lat is not None and lon is not None:
            try:
                coords[s] = (float(lat), float(lon))
            except ValueError:
                pass
    # regions without coordinates of their own: the mean of their member countries
    q = _PREFIXES + (
        "SELECT DISTINCT ?r ?c ?lat ?lon WHERE { ?c tkg:partOf ?r ; a tkg:Country ; "
        "geo:lat ?lat ; geo:long ?lon . ?r a ?rt . VALUES ?rt { tkg:Region tkg:PoliticalUnion } }"
    )
    members: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r, _, lat, lon in _rows(store, q):
        if r not in coords and r in types:
            try:
                members[r].append((float(lat), float(lon)))
            except ValueError:
                pass
    for r, points in members.items():
        points.sort()  # summed in one order: the same centroid on every store
        coords[r] = (
            round(sum(p[0] for p in points) / len(points), 6),
            round(sum(p[1] for p in points) / len(points), 6),
        )
    return _Info(dict(types), labels, dict(reports), iso, coords, depth, root)


def _gazetteer_coords(iri: str) -> tuple[float, float] | None:
    """Coordinates of a place from ``ontology.places`` when the store has none."""
    try:  # the gazetteer is optional here: a store may hold places.ttl instead
        from ontology import places

        place = places.get(iri) if hasattr(places, "get") else None
        if place is not None and place.lat is not None and place.lon is not None:
            return float(place.lat), float(place.lon)
    except Exception:  # noqa: BLE001 - missing or incomplete gazetteer: no coordinates
        return None
    return None


def report_titles(store: Store) -> dict[str, str]:
    """Map report IRIs to their ``dcterms:title`` (the IRI's last part when untitled).

    Examples
    --------
    >>> from graph.store import open_store
    >>> report_titles(open_store("memory"))
    {}
    """
    q = _PREFIXES + ("SELECT ?r ?t WHERE { ?r a tkg:Report . OPTIONAL { ?r dcterms:title ?t } }")
    return {r: (t or short_name(r)) for r, t in _rows(store, q)}


def _evidence(store: Store) -> dict[str, list[str]]:
    """Evidence sentences per fact (or entity) IRI, in report order (offset, then text).

    Sorted here so that every store gives the same lists, whatever order it
    returns rows in.
    """
    found: dict[str, set[tuple[float, str]]] = defaultdict(set)
    q = _PREFIXES + (
        "SELECT ?f ?text ?start WHERE { ?f tkg:evidence ?ev . ?ev tkg:text ?text "
        "OPTIONAL { ?ev tkg:charStart ?start } }"
    )
    for f, text, start in _rows(store, q):
        try:
            offset = float(start) if start is not None else 0.0
        except ValueError:
            offset = 0.0
        found[f].add((offset, text))
    out: dict[str, list[str]] = {}
    for f, items in found.items():
        texts: list[str] = []
        for _, text in sorted(items):
            if text not in texts:
                texts.append(text)
        out[f] = texts
    return out


def _confidences(store: Store) -> dict[str, float]:
    """``tkg:confidence`` of every fact that has one."""
    out: dict[str, float] = {}
    q = _PREFIXES + "SELECT ?f ?c WHERE { ?f tkg:confidence ?c }"
    for f, c in _rows(store, q):
        try:
            out[f] = max(out.get(f, 0.0), float(c))
        except (TypeError, ValueError):
            continue
    return out


# ---------------------------------------------------------------------------
# graph building


_PREDICATE_RANK = {"tkg:origin": 0, "tkg:transit": 1, "tkg:destination": 2, "tkg:location": 9}


def _predicate_order(p: str) -> tuple[int, str]:
    """Path predicates in travel order, ``tkg:location`` last, others by name."""
    return (_PREDICATE_RANK.get(p, 5), p)


class _Builder:
    """Accumulates nodes and weighted edges, then makes the networkx graph."""

    def __init__(
        self,
        info: _Info,
        evidence: dict[str, list[str]],
        directed: bool = True,
        confidence: dict[str, float] | None = None,
    ):
        self.info = info
        self.evidence = evidence
        self.confidence = confidence or {}
        self.directed = directed
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}

    def node(self, iri: str, report: str | None = None, **attrs: Any) -> dict[str, Any]:
        data = self.nodes.get(iri)
        if data is None:
            info = self.info
            data = {
                "label": info.label(iri),
                "type": info.type_of(iri) or "Resource",
                "iri": iri,
                "reports": set(info.reports.get(iri, ())),
            }
            if iri in info.iso:
                data["iso"] = info.iso[iri]
            coords = info.coords.get(iri)
            if coords is None and info.is_a(iri, "Place"):
                coords = _gazetteer_coords(iri)
            if coords is not None:
                data["lat"], data["lon"] = coords
            self.nodes[iri] = data
        if report and report not in _NON_REPORT_GRAPHS:
            data["reports"].add(report)
        for key, value in attrs.items():
            if isinstance(value, set):
                data.setdefault(key, set()).update(value)
            else:
                data[key] = value
        return data

    def edge(
        self,
        u: str,
        v: str,
        kind: str,
        predicates: Iterable[str],
        fact: str | None,
        report: str | None,
        count: float | None = None,
        evidence_of: Iterable[str] = (),
    ) -> None:
        if u == v:
            return
        if not self.directed and v < u:
            u, v = v, u
        self.node(u, report)
        self.node(v, report)
        key = (u, v)
        data = self.edges.get(key)
        if data is None:
            data = {
                "kinds": [],
                "fact_set": set(),
                "reports": set(),
                "predicates": [],
                "evidence": {},
                "count": None,
                "plain": 0,
            }
            self.edges[key] = data
        if kind not in data["kinds"]:
            data["kinds"].append(kind)
        for p in predicates:
            if p not in data["predicates"]:
                data["predicates"].append(p)
        if report and report not in _NON_REPORT_GRAPHS:
            data["reports"].add(report)
        if fact is None:
            data["plain"] += 1
        elif fact not in data["fact_set"]:
            data["fact_set"].add(fact)
            if count is not None:
                data["count"] = (data["count"] or 0) + count
            if count is not None:
                data.setdefault("counts", set()).add(count)
            sentences = data["evidence"]  # text -> best confidence of a fact it states
            for src in (fact, *evidence_of):
                conf = self.confidence.get(src, 1.0)
                for text in self.evidence.get(src, ()):
                    if sentences.get(text, -1.0) < conf:
                        sentences[text] = conf

    def _ranked_evidence(self, u: str, v: str, data: dict[str, Any]) -> list[str]:
        """The edge's sentences that state it best first.

        By what they name (the flow's number, then both ends), then by the
        confidence of the fact they support, then by text.
        """
        labels = [self.nodes[u]["label"].casefold(), self.nodes[v]["label"].casefold()]
        numbers = {f"{c:,.0f}" for c in data.get("counts", ())} | {
            f"{c:.0f}" for c in data.get("counts", ())
        }

        sentences = data["evidence"]

        def score(text: str) -> tuple[int, float, str]:
            low = text.casefold()
            hits = 3 * any(n in text for n in numbers) + sum(x in low for x in labels)
            return (-hits, -sentences[text], text)

        return sorted(sentences, key=score)[:_MAX_EVIDENCE]

    def graph(self, name: str) -> nx.Graph:
        """The networkx graph, nodes and edges in sorted order (the same on every store)."""
        g: nx.Graph = nx.DiGraph() if self.directed else nx.Graph()
        g.graph["name"] = name
        g.graph["description"] = PROJECTIONS[name].description
        for iri in sorted(self.nodes):
            attrs = dict(self.nodes[iri])
            for key, value in attrs.items():
                if isinstance(value, set):
                    attrs[key] = sorted(value)
            g.add_node(iri, **attrs)
        for u, v in sorted(self.edges):
            data = self.edges[(u, v)]
            facts = len(data["fact_set"]) + data["plain"]
            kinds = sorted(data["kinds"], key=lambda k: (k not in _STANDING, k))
            attrs = {
                "kind": kinds[0],
                "kinds": kinds,
                "weight": float(facts),
                "facts": facts,
                "reports": sorted(data["reports"]),
                "predicates": sorted(data["predicates"], key=_predicate_order),
                "evidence": self._ranked_evidence(u, v, data),
            }
            if data["count"] is not None:
                attrs["count"] = data["count"]
            g.add_edge(u, v, **attrs)
        return g


def _fact_places(store: Store, window: _Window) -> dict[str, dict[str, Any]]:
    """Origin/transit/destination places of routes, flows and activities."""
    facts: dict[str, dict[str, Any]] = {}
    q = _PREFIXES + (
        "SELECT ?g ?f ?t ?p ?o WHERE { GRAPH ?g { ?f a ?t ; ?p ?o . "
        "VALUES ?t { tkg:Route tkg:MigrationFlow tkg:TraffickingActivity tkg:SmugglingActivity } "
        "VALUES ?p { tkg:origin tkg:transit tkg:destination tkg:via tkg:count "
        "tkg:perpetrator tkg:agent tkg:victim } } }"
    )
    for g, f, t, p, o in _rows(store, q):
        fact = facts.get(f)
        if fact is None:
            fact = facts[f] = {
                "graph": g,
                "type": short_name(t),
                "origin": set(),
                "transit": set(),
                "destination": set(),
                "via": set(),
                "count": None,
                "perpetrator": set(),
                "agent": set(),
                "victim": set(),
            }
        elif short_name(t) != "Route" and fact["type"] == "Route":
            fact["type"] = short_name(t)
        name = short_name(p)
        if name == "count":
            try:
                fact["count"] = float(o)
            except ValueError:
                pass
        else:
            fact[name].add(o)
    for f, fact in facts.items():
        fact["kept"] = window.keeps(f, fact["graph"])
    return facts


def _route_places(fact: dict[str, Any], facts: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """A fact's places, completed from the routes it goes via."""
    places = {k: set(fact[k]) for k in ("origin", "transit", "destination")}
    for route in fact["via"]:
        other = facts.get(route)
        if other is None:
            continue
        for k in places:
            if not places[k] or k == "transit":
                places[k] |= other[k]
    return places


def _path_edges(places: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """Edges ``(u, v, predicate pair)`` implied by origin/transit/destination sets."""
    origins, transits, dests = (sorted(places[k]) for k in ("origin", "transit", "destination"))
    out: list[tuple[str, str, str]] = []
    if transits:
        for o in origins:
            for t in transits:
                out.append((o, t, "origin>transit"))
        for t in transits:
            for d in dests:
                out.append((t, d, "transit>destination"))
    else:
        for o in origins:
            for d in dests:
                out.append((o, d, "origin>destination"))
    return out


def _prepare(
    store: Store,
    date_from: Any,
    date_to: Any,
    *,
    type_rows: Iterable[tuple[str | None, str, str]] | None = None,
    builder: bool = True,
    evidence: bool = True,
    directed: bool = True,
) -> tuple[_Window, _Info, _Builder]:
    """The preamble every projection shares: its time window, the resources' info, a builder.

    ``type_rows`` are ``(graph, resource, class)`` rows already fetched (see
    :func:`_info`); ``evidence=False`` makes a builder without evidence
    sentences or confidences (the co-mention graph ranks its own);
    ``builder=False`` skips the builder's queries (``full`` fills its graph itself).
    """
    window = _Window(store, date_from, date_to)
    info = _info(store, type_rows)
    if not builder or not evidence:
        return window, info, _Builder(info, {}, directed=directed)
    b = _Builder(info, _evidence(store), directed=directed, confidence=_confidences(store))
    return window, info, b


@collector_paused()
def project_flow(store: Store, *, date_from: Any = None, date_to: Any = None) -> nx.DiGraph:
    """Directed, weighted country/region flow graph (see the module docstring).

    Node attributes add ``roles`` (``source``/``transit``/``destination``
    from role assertions and fact places), ``asserted_roles`` (from role
    assertions only) and ``inflow``/``outflow`` (sum of
    the ``tkg:count`` of flows ending or starting there). Edge ``weight`` is
    the number of supporting facts; ``count`` is the sum of the flows'
    ``tkg:count`` when given.

    Examples
    --------
    >>> from graph.store import open_store
    >>> project_flow(open_store("memory")).number_of_edges()
    0
    """
    window, info, b = _prepare(store, date_from, date_to)
    facts = _fact_places(store, window)
    role_word = {"origin": "source", "transit": "transit", "destination": "destination"}
    for f, fact in facts.items():
        if not fact["kept"]:
            continue
        places = _route_places(fact, facts)
        report = fact["graph"]
        for key, members in places.items():
            for place in members:
                attrs: dict[str, Any] = {"roles": {role_word[key]}}
                data = b.node(place, report, **attrs)
                if fact["count"] is not None and fact["type"] != "Route":
                    if key == "destination":
                        data["inflow"] = data.get("inflow", 0) + fact["count"]
                    elif key == "origin":
                        data["outflow"] = data.get("outflow", 0) + fact["count"]
        for u, v, preds in _path_edges(places):
            b.edge(u, v, "flow", ["tkg:" + x for x in preds.split(">")], f, report, fact["count"])

    # country-role assertions linked by victim group (or its nationality)
    q = _PREFIXES + (
        "SELECT ?g ?a ?c ?role ?v WHERE { GRAPH ?g { ?a tkg:role ?role . "
        "{ ?a tkg:country ?c } UNION { ?c tkg:countryRole ?a } "
        "OPTIONAL { ?a tkg:victim ?v } } }"
    )
    by_group: dict[str, dict[str, list[tuple[str, str, str | None]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    role_key = {
        "SourceCountry": "source",
        "TransitCountry": "transit",
        "DestinationCountry": "destination",
    }
    for g, a, c, role, victim in _rows(store, q):
        if not window.keeps(a, g):
            continue
        role_name = role_key.get(short_name(role))
        if role_name is None:
            continue
        b.node(c, g, roles={role_name}, asserted_roles={role_name})
        if victim:
            by_group[victim][role_name].append((c, a, g))
    nationality: dict[str, set[str]] = defaultdict(set)
    if by_group:
        q = _PREFIXES + "SELECT ?v ?c WHERE { ?v tkg:nationality ?c }"
        for v, c in _rows(store, q):
            if v in by_group:
                nationality[v].add(c)
    for victim, roles in by_group.items():
        sources = list(roles["source"])
        asserted = {c for c, _, _ in sources}
        sources += [
            (c, victim, None) for c in sorted(nationality.get(victim, ())) if c not in asserted
        ]
        chain = [sources, roles["transit"], roles["destination"]]
        for left, right in ((0, 1), (1, 2)) if roles["transit"] else ((0, 2),):
            for c1, a1, g1 in chain[left]:
                for c2, a2, g2 in chain[right]:
                    report = g2 or g1
                    role_preds = ["tkg:countryRole", "tkg:victim"]
                    b.edge(c1, c2, "flow", role_preds, f"{a1}|{a2}", report, evidence_of=(a1, a2))
    # keep only places
    for iri in list(b.nodes):
        if not info.is_a(iri, "Place") and info.types.get(iri):
            del b.nodes[iri]
    b.edges = {k: v for k, v in b.edges.items() if k[0] in b.nodes and k[1] in b.nodes}
    return b.graph("flow")


@collector_paused()
def project_actor_place(store: Store, *, date_from: Any = None, date_to: Any = None) -> nx.DiGraph:
    """Actors -> places (basedIn, nationality, event locations) and people -> organisations.

    Examples
    --------
    >>> from graph.store import open_store
    >>> project_actor_place(open_store("memory")).graph["name"]
    'actor-place'
    """
    window, info, b = _prepare(store, date_from, date_to)
    q = _PREFIXES + (
        "SELECT ?g ?a ?p ?o WHERE { GRAPH ?g { ?a ?p ?o . "
        "VALUES ?p { tkg:basedIn tkg:nationality tkg:memberOf } } }"
    )
    for g, a, p, o in _rows(store, q):
        if not (info.is_a(a, "Actor") and (info.is_a(o, "Place") or info.is_a(o, "Actor"))):
            continue
        name = short_name(p)
        b.edge(a, o, name, ["tkg:" + name], a if name == "memberOf" else None, g)
    roles = " ".join("tkg:" + r for r in _ROLE_PREDICATES)
    q = _PREFIXES + (
        "SELECT ?g ?e ?t ?r ?a ?place WHERE { GRAPH ?g { ?e a ?t ; ?r ?a ; tkg:location ?place . "
        f"VALUES ?r {{ {roles} }} }} }}"
    )
    seen: set[tuple[str, str, str, str]] = set()
    for g, e, t, r, a, place in _rows(store, q):
        if (e, r, a, place) in seen:
            continue
        seen.add((e, r, a, place))
        if not (info.is_a(a, "Actor") and info.is_a(place, "Place")):
            continue
        if not window.keeps(e, g):
            continue
        etype = info.type_of(e) or short_name(t)
        kind = "deployment" if etype == "Deployment" else "eventLocation"
        b.edge(a, place, kind, ["tkg:" + short_name(r), "tkg:location"], e, g)
        data = b.nodes[a]
        data.setdefault("events", set()).add(etype)
    return b.graph("actor-place")


@collector_paused()
def project_syndicate(store: Store, *, date_from: Any = None, date_to: Any = None) -> nx.DiGraph:
    """Criminal groups -> routes -> places, nationality, victims; operations -> targets.

    Examples
    --------
    >>> from graph.store import open_store
    >>> project_syndicate(open_store("memory")).graph["name"]
    'syndicate'
    """
    window, info, b = _prepare(store, date_from, date_to)
    facts = _fact_places(store, window)

    def is_group(iri: str) -> bool:
        return bool(info.types.get(iri, set()) & {"CriminalGroup", "TerroristGroup"}) or (
            info.type_of(iri) in ("CriminalGroup", "TerroristGroup")
        )

    def add_route(route: str, fact_iri: str, report: str) -> None:
        fact = facts.get(route)
        if fact is None:
            b.node(route, report)
            return
        places = _route_places(fact, facts)
        for key, members in places.items():
            for place in members:
                b.edge(route, place, key, ["tkg:" + key], route, fact["graph"])

    q = _PREFIXES + "SELECT ?g ?grp ?r WHERE { GRAPH ?g { ?grp tkg:operatesOn ?r } }"
    for g, grp, route in _rows(store, q):
        if route in facts and not facts[route]["kept"]:
            continue
        b.edge(grp, route, "operatesOn", ["tkg:operatesOn"], None, g)
        add_route(route, route, g)
    for f, fact in facts.items():
        if not fact["kept"] or fact["type"] == "Route":
            continue
        actors = [a for a in fact["perpetrator"] | fact["agent"] if is_group(a)]
        if not actors:
            continue
        routes = sorted(fact["via"]) or (
            [f] if fact["origin"] | fact["transit"] | fact["destination"] else []
        )
        for grp in actors:
            for route in routes:
                b.edge(grp, route, "operatesOn", ["tkg:perpetrator", "tkg:via"], f, fact["graph"])
                add_route(route, f, fact["graph"])
    # nationality
    q = _PREFIXES + "SELECT ?g ?grp ?c WHERE { GRAPH ?g { ?grp tkg:nationality ?c } }"
    for g, grp, c in _rows(store, q):
        if is_group(grp):
            b.edge(grp, c, "nationality", ["tkg:nationality"], None, g)
    # victims of their activities, and operations against them
    roles = " ".join("tkg:" + r for r in ("perpetrator", "agent", "participant", "target"))
    q = _PREFIXES + (
        "SELECT ?g ?e ?r ?grp ?v WHERE { GRAPH ?g { ?e ?r ?grp . "
        f"VALUES ?r {{ {roles} }} OPTIONAL {{ ?e tkg:victim ?v }} }} }}"
    )
    for g, e, r, grp, victim in _rows(store, q):
        if not is_group(grp) or not window.keeps(e, g):
            continue
        role = short_name(r)
        if victim and role != "target":
            b.edge(grp, victim, "victim", ["tkg:" + role, "tkg:victim"], e, g)
        if role == "target":
            b.edge(e, grp, "target", ["tkg:target"], e, g)
            if victim:
                b.edge(grp, victim, "victim", ["tkg:target", "tkg:victim"], e, g)
    return b.graph("syndicate")


def _entity_kinds(info: _Info) -> Callable[[str], bool]:
    def is_entity(iri: str) -> bool:
        return info.is_a(iri, "Actor") or info.is_a(iri, "Place")

    return is_entity


@collector_paused()
def project_comention(store: Store, *, date_from: Any = None, date_to: Any = None) -> nx.Graph:
    """Entities named in the same evidence sentence (undirected, weight = shared sentences).

    A sentence is identified by its report and text, so two facts citing
    the same sentence count once.

    Examples
    --------
    >>> from graph.store import open_store
    >>> type(project_comention(open_store("memory"))).__name__
    'Graph'
    """
    window, info, b = _prepare(store, date_from, date_to, evidence=False, directed=False)
    is_entity = _entity_kinds(info)
    q = _PREFIXES + (
        "SELECT ?g ?f ?ev ?text ?o WHERE { GRAPH ?g { ?f tkg:evidence ?ev . "
        "OPTIONAL { ?ev tkg:text ?text } "
        "{ ?f ?p ?o . FILTER(isIRI(?o) && ?p != rdf:type && ?p != tkg:evidence) } "
        "UNION { BIND(?f AS ?o) } } }"
    )
    sentences: dict[tuple[str, str], set[str]] = defaultdict(set)
    sentence_facts: dict[tuple[str, str], str] = {}
    for g, f, ev, text, o in _rows(store, q):
        if not is_entity(o) or not window.keeps(f, g):
            continue
        key = (g, " ".join(text.split()) if text else ev)
        sentences[key].add(o)
        sentence_facts.setdefault(key, f)
    for (g, text), members in sentences.items():
        ordered = sorted(members)
        for m in ordered:
            b.node(m, g)
        for i, u in enumerate(ordered):
            for v in ordered[i + 1 :]:
                b.edge(u, v, "co-mention", ["tkg:evidence"], f"{g}|{text}", g)
                data = b.edges[(u, v) if u < v else (v, u)]
                data["evidence"].setdefault(text, 1.0)  # ranked (and cut to 3) by graph()
    return b.graph("comention")


@collector_paused()
def project_full(store: Store, *, date_from: Any = None, date_to: Any = None) -> nx.MultiDiGraph:
    """Every resource-to-resource statement of the reports (facts as nodes).

    Nodes carry ``reports`` (the reports whose statements involve them); edges carry
    ``kind`` and the key (the predicate's short name), ``predicates`` (its
    full IRI), ``reports``, ``facts`` and ``weight`` (the number of reports
    stating it). Evidence sentences are not copied here: facts are nodes,
    and their ``tkg:evidence`` is in the store.

    Examples
    --------
    >>> from graph.store import open_store
    >>> type(project_full(open_store("memory"))).__name__
    'MultiDiGraph'
    """
    skip_pred = {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        TKG + "evidence",
        TKG + "inReport",
        "http://www.w3.org/ns/prov#wasDerivedFrom",
        "http://www.w3.org/ns/prov#wasGeneratedBy",
    }
    skipped = ", ".join(f"<{p}>" for p in sorted(skip_pred))
    q = _PREFIXES + (
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o . "
        f"FILTER(isIRI(?o) && ?p NOT IN ({skipped})) }} }}"
    )
    main_query = q
    # types once per resource (reports come from the statements themselves)
    q = _PREFIXES + ("SELECT DISTINCT ?s ?t WHERE { ?s a ?t . FILTER(?t != tkg:Evidence) }")
    type_rows = ((None, s, t) for s, t in _rows(store, q))
    window, info, _ = _prepare(store, date_from, date_to, type_rows=type_rows, builder=False)
    root = info.root
    facts_of = {"Event", "Route", "Statistic", "CountryRoleAssertion"}
    kind_of: dict[str, int] = {}  # 0 skip, 1 entity, 2 fact

    def kind(iri: str) -> int:
        k = kind_of.get(iri)
        if k is None:
            types = info.types.get(iri)
            if not types or types & _SKIP_TYPES or iri.startswith(TKG):
                k = 0
            elif any(root.get(t) in facts_of for t in types):
                k = 2
            else:
                k = 1
            kind_of[iri] = k
        return k

    concept_attrs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    edge_reports: dict[tuple[str, str, str], Any] = {}  # one report IRI, or a set of them
    edge_count: dict[tuple[str, str, str], int] = {}
    node_reports: dict[str, set[str]] = defaultdict(set)
    kind_get = kind_of.get
    reports_get = edge_reports.get
    typed = info.types
    active = window.active
    names: dict[str, str] = {}  # predicates and concepts repeat on every row

    def name_of(iri: str) -> str:
        name = names[iri] = short_name(iri)
        return name

    for g, s, p, o in _rows(store, main_query):
        if g in _NON_REPORT_GRAPHS:
            continue
        ks = kind_get(s)
        if ks is None:
            ks = kind(s)
        if ks == 0 or (active and ks == 2 and not window.keeps(s, g)):
            continue
        if o.startswith(TKG):
            concept_attrs[s][names.get(p) or name_of(p)].add(names.get(o) or name_of(o))
            node_reports[s].add(g)
            continue
        ko = kind_get(o)
        if ko is None:
            ko = kind(o)
        if ko == 0 and o in typed:
            continue
        if active and ko == 2 and not window.keeps(o, g):
            continue
        key = (s, o, p)
        prev = reports_get(key)
        if prev is None:
            edge_reports[key] = g
            edge_count[key] = 1
        else:
            edge_count[key] += 1
            if prev.__class__ is set:
                prev.add(g)
            elif prev != g:
                edge_reports[key] = {prev, g}
    for (s, o, _), reports in edge_reports.items():
        if reports.__class__ is set:
            node_reports[s].update(reports)
            node_reports[o].update(reports)
        else:
            node_reports[s].add(reports)
            node_reports[o].add(reports)
    g_out = nx.MultiDiGraph(name="full", description=PROJECTIONS["full"].description)

    labels, type_of = info.labels, info.type_of

    def node_attrs(iri: str) -> dict[str, Any]:
        reports = node_reports[iri]
        cls = type_of(iri)
        label = labels.get(iri)
        if not label:
            label = f"{_class_words(cls)} {short_name(iri)}" if cls else short_name(iri)
        data: dict[str, Any] = {
            "label": label,
            "type": cls or "Resource",
            "iri": iri,
            "reports": sorted(reports) if len(reports) > 1 else list(reports),
        }
        if iri in info.iso:
            data["iso"] = info.iso[iri]
        if iri in info.coords:
            data["lat"], data["lon"] = info.coords[iri]
        for name, values in concept_attrs.get(iri, {}).items():
            data[name] = sorted(values)
        return data

    def edge_rows() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        for key in sorted(edge_reports):
            reports = edge_reports[key]
            s, o, p = key
            count = edge_count[key]
            name = names.get(p) or name_of(p)
            data = {
                "kind": name,
                "predicates": [p],
                "reports": sorted(reports) if isinstance(reports, set) else [reports],
                "facts": count,
                "weight": float(count),
            }
            yield s, o, name, data

    # sorted: the same graph on every store; node ids and edge keys are unique
    # by construction, so the adjacency can be filled without per-call checks
    nodes = ((iri, node_attrs(iri)) for iri in sorted(node_reports))
    fill_multidigraph(g_out, nodes, edge_rows())
    return g_out


def events(store: Store, *, date_from: Any = None, date_to: Any = None) -> list[dict[str, Any]]:
    """Dated events, for timelines: one dict per event, sorted by date.

    Each dict has ``iri``, ``type`` (short class name), ``label``, ``date``
    (ISO, the start of the event's span), ``end`` and ``reports``. An event
    without its own date is placed at its report's date (``dated_by`` says
    which).

    Examples
    --------
    >>> from graph.store import open_store
    >>> events(open_store("memory"))
    []
    """
    window = _Window(store, date_from, date_to)
    if not window.active:
        window = _Window(store, "0001", None)
    info = _info(store)
    out = []
    for iri, types in info.types.items():
        if not any(info.root.get(t) == "Event" for t in types):
            continue
        reports = sorted(info.reports.get(iri, ()))
        span = window.fact_dates.get(iri)
        dated_by = "fact"
        if span is None:
            dated_by = "report"
            spans = [window.report_dates[r] for r in reports if r in window.report_dates]
            span = min(spans) if spans else None
        if span is None:
            continue
        if not window.keeps(iri, reports[0] if reports else None):
            continue
        lo, hi = span
        out.append(
            {
                "iri": iri,
                "type": info.type_of(iri),
                "label": info.labels.get(iri, ""),
                "date": lo.isoformat() if lo != date.min else hi.isoformat(),
                "end": hi.isoformat() if hi != date.max else lo.isoformat(),
                "reports": reports,
                "dated_by": dated_by,
            }
        )
    out.sort(key=lambda e: (e["date"], e["type"], e["iri"]))
    return out


# ---------------------------------------------------------------------------
# registry


@dataclass(frozen=True)
class Projection:
    """A registered projection: its builder and a one-line description."""

    name: str
    build: Callable[..., nx.Graph]
    description: str


PROJECTIONS: dict[str, Projection] = {
    p.name: p
    for p in (
        Projection(
            "flow",
            project_flow,
            "countries and regions; an arrow means people are reported to move from one to the "
            "other (routes, migration flows, trafficking activities, country roles)",
        ),
        Projection(
            "actor-place",
            project_actor_place,
            "organisations, people and groups linked to the places they are based in, come from "
            "or act in, and people to their organisations",
        ),
        Projection(
            "syndicate",
            project_syndicate,
            "criminal groups, the routes they operate on and the countries on them, their "
            "nationality and victims, and the operations against them",
        ),
        Projection(
            "comention",
            project_comention,
            "entities named together in the same evidence sentence",
        ),
        Projection(
            "full",
            project_full,
            "every link between entities and facts in the reports (facts are nodes)",
        ),
    )
}


def project(
    store: Store, name: str = "flow", *, date_from: Any = None, date_to: Any = None
) -> nx.Graph:
    """Build the projection ``name`` of the facts in ``store``.

    Parameters
    ----------
    store : graph.store.Store
        Any store of the protocol (embedded Oxigraph or a SPARQL endpoint).
    name : str, default "flow"
        A key of :data:`PROJECTIONS`.
    date_from, date_to : str or datetime.date, optional
        Keep only facts dated within this interval (see the module docstring).

    Returns
    -------
    networkx.Graph
        A ``DiGraph``, ``Graph`` or ``MultiDiGraph`` whose ``graph["name"]``
        is ``name``.

    Raises
    ------
    AnalysisError
        An unknown projection name (the message lists the known ones).
    InputError
        A malformed date.

    Examples
    --------
    >>> from graph.store import open_store
    >>> project(open_store("memory"), "syndicate").graph["name"]
    'syndicate'
    >>> project(open_store("memory"), "routes")
    Traceback (most recent call last):
    ...
    graph.exceptions.AnalysisError: unknown projection 'routes'; known: actor-place, comention, flow, full, syndicate
    """
    proj = PROJECTIONS.get(name)
    if proj is None:
        raise AnalysisError(f"unknown projection {name!r}; known: {', '.join(sorted(PROJECTIONS))}")
    return proj.build(store, date_from=date_from, date_to=date_to)
