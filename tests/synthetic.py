"""Synthetic fact graphs with a known (planted) network structure.

Used by the analysis tests: the structure is planted in RDF facts that follow
the vocabulary contract (routes between places, with evidence), loaded into a
store and projected, so the whole path store -> projection -> measures is
checked against known answers.

- :func:`planted_communities`: ``n`` dense communities (cliques) joined only
  through one broker node linked to two members of each, plus one pendant
  place hanging on a single bridge.
- :func:`planted_chokepoints`: origins reach destinations only through two
  corridors, a main one through ``X`` and a side one through ``Y``.
"""

from __future__ import annotations

import random

import rdflib
from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef

TKG = Namespace("https://w3id.org/tkg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PLACE = "https://w3id.org/tkg/id/region/synthetic-"


def place(name: str) -> str:
    """The IRI of a synthetic place."""
    return PLACE + name.lower()


def planted_communities(
    n: int = 4, size: int = 10, seed: int = 0
) -> tuple[list[tuple[str, str]], dict]:
    """Edges of planted communities joined by a broker, and the planted truth.

    Returns
    -------
    edges : list of (str, str)
        Undirected links between place names (written as routes u -> v).
    truth : dict
        ``communities`` (list of sets of names), ``broker``, ``bridge``
        (sorted pair), ``articulation_points`` (set).
    """
    rng = random.Random(seed)
    communities = [[f"C{c}N{i}" for i in range(size)] for c in range(n)]
    edges = [
        (a, b) for members in communities for i, a in enumerate(members) for b in members[i + 1 :]
    ]
    for members in communities:
        for m in rng.sample(members, 2):
            edges.append(("Broker", m))
    anchor = rng.choice(communities[-1])
    edges.append((anchor, "Outpost"))
    rng.shuffle(edges)
    truth = {
        "communities": [set(c) for c in communities],
        "broker": "Broker",
        "bridge": tuple(sorted((anchor, "Outpost"))),
        "articulation_points": {"Broker", anchor},
    }
    return edges, truth


def planted_chokepoints() -> tuple[list[tuple[str, str]], dict]:
    """Directed routes from origins to destinations through two corridors.

    ``O1..O3 -> A1/A2 -> X -> B1/B2 -> D1/D2`` (main corridor) and
    ``O3 -> Y -> D2`` (side corridor): the minimum cut is ``{X, Y}``.
    """
    edges = []
    for o in ("O1", "O2", "O3"):
        edges += [(o, "A1"), (o, "A2")]
    edges += [("A1", "X"), ("A2", "X"), ("X", "B1"), ("X", "B2")]
    for b in ("B1", "B2"):
        edges += [(b, "D1"), (b, "D2")]
    edges += [("O3", "Y"), ("Y", "D2")]
    truth = {
        "origins": ["O1", "O2", "O3"],
        "destinations": ["D1", "D2"],
        "chokepoints": {"X", "Y"},
    }
    return edges, truth


def routes_dataset(
    edges: list[tuple[str, str]], report: str = "synthetic", dates: list[str] | None = None
) -> tuple[str, rdflib.Graph]:
    """One report graph with a tkg:Route (with evidence) per edge.

    Returns the report IRI (also the named graph IRI) and the graph.
    """
    rep = URIRef(f"https://w3id.org/tkg/id/report/{report}")
    g = rdflib.Graph()
    g.add((rep, RDF.type, TKG.Report))
    g.add((rep, DCTERMS.title, Literal(f"Synthetic report {report}")))
    g.add((rep, DCTERMS.date, Literal("2012-06-01", datatype=XSD.date)))
    names = sorted({x for e in edges for x in e})
    for name in names:
        p = URIRef(place(name))
        g.add((p, RDF.type, TKG.Region))
        g.add((p, RDFS.label, Literal(name)))
    for i, (u, v) in enumerate(edges):
        route = URIRef(f"{rep}/route/{i}")
        ev = URIRef(f"{rep}/evidence/{i}")
        g.add((route, RDF.type, TKG.Route))
        g.add((route, TKG.origin, URIRef(place(u))))
        g.add((route, TKG.destination, URIRef(place(v))))
        g.add((route, TKG.evidence, ev))
        g.add((route, PROV.wasDerivedFrom, rep))
        if dates:
            g.add((route, TKG.date, Literal(dates[i % len(dates)], datatype=XSD.date)))
        g.add((ev, RDF.type, TKG.Evidence))
        g.add((ev, TKG.text, Literal(f"People are moved from {u} to {v}.")))
        g.add((ev, TKG.charStart, Literal(i * 40)))
        g.add((ev, TKG.charEnd, Literal(i * 40 + 39)))
        g.add((ev, TKG.inReport, rep))
    return str(rep), g
