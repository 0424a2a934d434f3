"""What "the facts" are: the report graphs of a store, or with the vocabulary too.

A store holds one named graph per report plus the vocabulary: the ontology
(``tkg.ttl``) and the places gazetteer (``places.ttl``, some 5,600 triples).
A query or an export of "the facts" means the report graphs; the vocabulary
comes along only when asked for (``--include-vocabulary`` on the command
line). Graphs are named by IRI or by report id (:func:`graph.ids.graph_iri`).

Examples
--------
>>> from graph.store import open_store
>>> store = open_store("memory")
>>> store.update("INSERT DATA { GRAPH <https://w3id.org/tkg/id/report/r1> { <urn:a> <urn:p> 1 } }")
>>> report_graphs(store)
['https://w3id.org/tkg/id/report/r1']
>>> resolve_graph(store, "r1")
'https://w3id.org/tkg/id/report/r1'
>>> print(restrict_query("SELECT * WHERE { ?s ?p ?o }", ["urn:g1"]))
SELECT *
FROM <urn:g1>
FROM NAMED <urn:g1>
WHERE { ?s ?p ?o }
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ontology
from graph.exceptions import InputError
from graph.ids import graph_iri, report_slug

if TYPE_CHECKING:
    import rdflib

    from graph.store import SelectResult, Store

__all__ = [
    "EMPTY_GRAPH",
    "ReportRow",
    "query_facts",
    "report_graphs",
    "report_table",
    "resolve_graph",
    "restrict_query",
]

EMPTY_GRAPH = "urn:tkg:no-report"
"""A graph no store holds: the dataset of a query when the store has no report."""

_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
_MODIFIERS = frozenset({"GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"})


def report_graphs(store: Store) -> list[str]:
    """The store's named graphs that hold reports (every graph but the vocabulary), sorted."""
    return sorted(g for g in store.graph_names() if g not in ontology.VOCABULARY_GRAPHS)


@dataclass(frozen=True)
class ReportRow:
    """One line of ``tkg reports``: a report graph and its metadata ("" when unknown)."""

    iri: str
    id: str
    date: str
    publisher: str
    title: str
    triples: int


def report_table(store: Store) -> list[ReportRow]:
    """Every report graph with its date, publisher, title and triple count, by date then id.

    The publisher is ``dcterms:publisher``, else the label of the organisation
    the report is ``prov:wasAttributedTo``.

    Examples
    --------
    >>> from graph.store import open_store
    >>> store = open_store("memory")
    >>> store.update(
    ...     "INSERT DATA { GRAPH <https://w3id.org/tkg/id/report/r1> { "
    ...     "<https://w3id.org/tkg/id/report/r1> a tkg:Report ; dcterms:title 'Arrivals' ; "
    ...     "dcterms:date '2015-06-01' ; dcterms:publisher 'Example News' } }"
    ... )
    >>> report_table(store)
    [ReportRow(iri='https://w3id.org/tkg/id/report/r1', id='r1', date='2015-06-01', publisher='Example News', title='Arrivals', triples=4)]
    """
    graphs = report_graphs(store)
    q = ontology.sparql_prefixes("tkg", "dcterms", "prov", "rdfs") + (
        "SELECT ?g ?title ?date ?pub ?org WHERE { GRAPH ?g { ?r a tkg:Report . "
        "OPTIONAL { ?r dcterms:title ?title } OPTIONAL { ?r dcterms:date ?date } "
        "OPTIONAL { ?r dcterms:publisher ?pub } "
        "OPTIONAL { ?r prov:wasAttributedTo ?o . ?o rdfs:label ?org } } }"
    )
    meta: dict[str, tuple[str, str, str]] = {}
    for g, title, date, pub, org in store.select_values(q):
        if g is None:
            continue
        row = (date or "", pub or org or "", " ".join((title or "").split()))
        meta[g] = max(meta.get(g, row), row)  # one row a report, the same on every store
    rows = [
        ReportRow(g, report_slug(g), *meta.get(g, ("", "", "")), triples=store.count(g))
        for g in graphs
    ]
    return sorted(rows, key=lambda r: (r.date, r.id))


def resolve_graph(store: Store, value: str, *, vocabulary: bool = True) -> str:
    """The IRI of the named graph ``value`` (a report id or an IRI) in ``store``.

    Parameters
    ----------
    store : graph.store.Store
    value : str
        ``cnn-2011-europol-north-africa`` or its IRI.
    vocabulary : bool, default True
        Accept the vocabulary graphs (the ontology's and the gazetteer's IRIs) too.

    Raises
    ------
    InputError
        No such graph; the message lists some report ids the store holds.
    """
    iri = graph_iri(value)
    names = store.graph_names()
    if iri in names and (vocabulary or iri not in ontology.VOCABULARY_GRAPHS):
        return iri
    known = [report_slug(g) for g in sorted(names) if g not in ontology.VOCABULARY_GRAPHS]
    shown = ", ".join(known[:8]) + (" ..." if len(known) > 8 else "") if known else "none"
    raise InputError(
        f"no report graph {value!r} (<{iri}>) in the store; give a report id or graph IRI "
        f"the store holds (tkg reports lists them): {shown}"
    )


def restrict_query(query: str, graphs: Sequence[str]) -> str:
    """``query`` asked of ``graphs`` only: ``FROM`` and ``FROM NAMED`` each of them.

    The default graph becomes the merge of ``graphs`` and ``GRAPH ?g`` sees
    only them. A query that names its own dataset (``FROM``), an update, or
    a text that cannot be read (left to the engine to report) is returned
    unchanged. With no graph, the dataset is :data:`EMPTY_GRAPH`.

    Examples
    --------
    >>> print(restrict_query("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", ["urn:g"]))
    CONSTRUCT { ?s a ?t }
    FROM <urn:g>
    FROM NAMED <urn:g>
    WHERE { ?s a ?t }
    >>> restrict_query("SELECT * FROM <urn:x> { ?s ?p ?o }", ["urn:g"])
    'SELECT * FROM <urn:x> { ?s ?p ?o }'
    """
    from graph.sparql_rewrite import _tokenize, _Unreadable

    try:
        _, tokens = _tokenize(query)
    except _Unreadable:
        return query
    form = next((i for i, t in enumerate(tokens) if t.word() in _FORMS), None)
    if form is None:
        return query
    depth = 0
    where: int | None = None
    i = form + 1
    if tokens[form].word() == "CONSTRUCT" and i < len(tokens) and tokens[i].text == "{":
        # skip the template: the dataset clause follows it
        nest = 0
        while i < len(tokens):
            nest += {"{": 1, "}": -1}.get(tokens[i].text, 0) if tokens[i].kind == "punct" else 0
            i += 1
            if nest == 0:
                break
        where = i if i < len(tokens) else None
        if where is not None and tokens[where].word() == "FROM":
            return query
    for j in range(form + 1, len(tokens)):
        tok = tokens[j]
        if tok.kind == "punct" and tok.text in "([":
            depth += 1
        elif tok.kind == "punct" and tok.text in ")]":
            depth -= 1
        elif depth == 0 and tok.word() == "FROM":
            return query
        elif where is None and depth == 0 and (tok.text == "{" or tok.word() == "WHERE"):
            where = j
        elif where is None and depth == 0 and tok.word() in _MODIFIERS:
            where = j  # DESCRIBE <x> LIMIT 1: no WHERE clause
    graphs = list(graphs) or [EMPTY_GRAPH]
    clause = "".join(f"FROM <{g}>\n" for g in graphs)
    clause += "".join(f"FROM NAMED <{g}>\n" for g in graphs)
    if where is None:
        return query.rstrip() + "\n" + clause.rstrip("\n")
    at = tokens[where].start
    return query[:at].rstrip() + "\n" + clause + query[at:]


def query_facts(
    store: Store, query: str, *, include_vocabulary: bool = False
) -> SelectResult | bool | rdflib.Graph:
    """Run ``query`` over the report graphs (with the vocabulary when asked).

    A syntax error names the line and column of ``query`` as given, not of
    its restricted form.

    Raises
    ------
    QueryError
        With the line and column of a syntax error.

    Examples
    --------
    >>> from graph.store import open_store
    >>> store = open_store("memory")
    >>> store.update("INSERT DATA { GRAPH <urn:r> { <urn:a> a tkg:Country } }")
    >>> query_facts(store, "ASK { ?c a tkg:Country }")
    True
    >>> store.update("INSERT DATA { GRAPH <https://w3id.org/tkg/ontology> { tkg:Country a owl:Class } }")
    >>> query_facts(store, "ASK { ?c a owl:Class }")
    False
    >>> query_facts(store, "ASK { ?c a owl:Class }", include_vocabulary=True)
    True
    """
    from graph.exceptions import QueryError

    text = query if include_vocabulary else restrict_query(query, report_graphs(store))
    try:
        return store.query(text)
    except QueryError:
        if text == query:
            raise
        store.query(query)  # the same error at the user's line and column
        raise
