"""The one place tkg touches rdflib's private state: filling a report graph in one step.

rdflib's ``Memory.add`` costs about 4 microseconds a triple (an event object,
the context's key formatted again, three index updates through exception
handlers). Extraction writes close to a thousand triples a report, which
made filling the graph half of the extraction time; and most report graphs
are only serialised (``tkg build`` sends N-Triples to the store), which reads
the context's triple set and none of the three indexes.

So a report graph's store is :class:`ReportMemory`, rdflib's ``Memory`` that
:func:`fill_graph` fills in one pass: the context bookkeeping at once, the
three indexes (subject, predicate and object first) on the first call that
needs them (a pattern with a bound term, an add, a remove). After that it is
a plain ``Memory`` in exactly the state ``Memory.add`` of every triple leaves
(tests compare the two).

This reads and writes ``Memory``'s name-mangled attributes, so it is pinned
to the rdflib versions it was written for (:data:`WRITTEN_FOR`): with any
other version, or a store that is not a fresh ``Memory``, it falls back to
rdflib's public ``store.add``. ``bench/bench_extract.py --phases`` shows what
it saves (the "graph" phase).

Examples
--------
>>> from rdflib import Literal, URIRef
>>> g = report_graph("urn:report")
>>> s, p = URIRef("urn:s"), URIRef("urn:p")
>>> fill_graph(g, [(s, p, Literal(1)), (s, p, Literal(1)), (s, p, Literal(2))])
>>> len(g), sorted(int(o) for o in g.objects(s, p))
(2, [1, 2])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import rdflib
from rdflib import Graph, URIRef
from rdflib.plugins.stores.memory import Memory

__all__ = ["WRITTEN_FOR", "ReportMemory", "fast_path", "fill_graph", "report_graph"]

#: The rdflib major.minor versions whose ``Memory`` internals this module knows.
WRITTEN_FOR = ("7.1", "7.2", "7.3", "7.4", "7.5", "7.6")

# Memory keeps these as name-mangled private attributes
_MEMORY = "_Memory__"
_MEMORY_STATE = (
    "spo",
    "pos",
    "osp",
    "contextTriples",
    "tripleContexts",
    "context_obj_map",
    "all_contexts",
    "defaultContexts",
)


def fast_path() -> bool:
    """Whether the installed rdflib is one this module was written for.

    Examples
    --------
    >>> isinstance(fast_path(), bool)
    True
    """
    version = ".".join(rdflib.__version__.split(".")[:2])
    if version not in WRITTEN_FOR:
        return False
    state = vars(Memory())
    return all(_MEMORY + k in state for k in _MEMORY_STATE)


class ReportMemory(Memory):
    """rdflib's ``Memory``, filled once by :func:`fill_graph`, indexed on first use.

    Until a call needs an index (a triple pattern with a bound term, ``add``,
    ``remove``, the contexts of a triple) the triples are only in the
    context's set, which is all that listing, counting and serialising
    N-Triples read.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: set | None = None

    def _index(self) -> None:
        """Build the three indexes of the triples filled in (once)."""
        pending, self._pending = self._pending, None
        if pending:
            _build_indexes(vars(self), pending)

    def triples(self, triple_pattern, context=None):  # type: ignore[no-untyped-def]
        if self._pending is not None and triple_pattern != (None, None, None):
            self._index()
        return super().triples(triple_pattern, context)

    def add(self, triple, context, quoted=False):  # type: ignore[no-untyped-def]
        if self._pending is not None:
            self._index()
        return super().add(triple, context, quoted)

    def remove(self, triple_pattern, context=None):  # type: ignore[no-untyped-def]
        if self._pending is not None:
            self._index()
        return super().remove(triple_pattern, context)

    def contexts(self, triple=None):  # type: ignore[no-untyped-def]
        if self._pending is not None and triple is not None:
            self._index()
        return super().contexts(triple)


def _build_indexes(state: dict, triples: set) -> None:
    """Write ``triples`` into a Memory's subject, predicate and object indexes."""
    spo, pos, osp = state[_MEMORY + "spo"], state[_MEMORY + "pos"], state[_MEMORY + "osp"]
    for s, p, o in triples:
        po = spo.get(s)
        if po is None:
            po = spo[s] = {}
        os_ = po.get(p)
        if os_ is None:
            os_ = po[p] = {}
        os_[o] = 1
        os_ = pos.get(p)
        if os_ is None:
            os_ = pos[p] = {}
        ss = os_.get(o)
        if ss is None:
            ss = os_[o] = {}
        ss[s] = 1
        sp = osp.get(o)
        if sp is None:
            sp = osp[o] = {}
        ps = sp.get(s)
        if ps is None:
            ps = sp[s] = {}
        ps[p] = 1


def report_graph(identifier: str | URIRef) -> Graph:
    """A new, empty graph for one report, on a :class:`ReportMemory` when rdflib allows.

    Only the core prefixes are bound (rdflib's default binds about 30 per
    graph, a tenth of a millisecond each time).

    Examples
    --------
    >>> report_graph("urn:r").identifier
    rdflib.term.URIRef('urn:r')
    """
    store = ReportMemory() if fast_path() else Memory()
    return Graph(store=store, identifier=URIRef(str(identifier)), bind_namespaces="core")


def fill_graph(g: Graph, triples: Iterable[tuple]) -> None:
    """Add ``triples`` to a new, empty in-memory graph in one pass.

    For a graph whose store is a fresh, empty ``Memory`` (or
    :class:`ReportMemory`) with no event subscribers, this writes the store's
    state directly, leaving exactly the state that ``g.store.add(t, g)`` for
    every triple leaves; for any other store, or an rdflib this module was
    not written for, it falls back to that loop.

    Parameters
    ----------
    g : rdflib.Graph
        The graph to fill (its own context).
    triples : iterable of tuple
        ``(subject, predicate, object)`` rdflib terms; repeats are allowed.

    Examples
    --------
    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph(identifier=URIRef("urn:g"))
    >>> s = URIRef("urn:s")
    >>> fill_graph(g, [(s, URIRef("urn:p"), Literal(1)), (s, URIRef("urn:p"), Literal(1))])
    >>> len(g), g.value(s, URIRef("urn:p"))
    (1, rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')))
    """
    triples = list(triples)
    store = g.store
    state = vars(store) if type(store) in (Memory, ReportMemory) and fast_path() else {}
    mem = {k: state[_MEMORY + k] for k in _MEMORY_STATE if _MEMORY + k in state}
    fresh = (
        len(mem) == len(_MEMORY_STATE)
        and not mem["spo"]
        and getattr(store, "_pending", None) is None
        and mem["contextTriples"] == {None: set()}
        and not mem["tripleContexts"]
        and mem["defaultContexts"] is None
        and store.dispatcher.get_map() is None
    )
    if not fresh or not triples:
        store_add = store.add
        for t in triples:
            store_add(t, g)
        return
    unique = set(triples)
    # Memory's context bookkeeping for triples that are all in one context,
    # none quoted (see Memory.__add_triple_context and __ctx_to_str).
    ctx = f"{g.identifier.__class__.__name__}:{g.identifier}"
    mem["context_obj_map"][ctx] = g
    mem["all_contexts"].add(g)
    mem["contextTriples"][None] = unique
    mem["contextTriples"][ctx] = set(unique)
    state[_MEMORY + "defaultContexts"] = {ctx: False, None: False}
    if isinstance(store, ReportMemory):
        store._pending = unique  # indexed on first use
    else:
        _build_indexes(state, unique)
