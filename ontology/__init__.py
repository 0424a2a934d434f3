"""The tkg vocabulary: namespaces, the OWL ontology, SHACL shapes and the places gazetteer.

Importing this package is cheap: the Turtle files are parsed on first use
and cached. ``ontology.places`` looks places up by name or ISO code.

Examples
--------
>>> import ontology
>>> str(ontology.TKG.MigrationFlow)
'https://w3id.org/tkg/ontology#MigrationFlow'
>>> str(ontology.TKGID["country/ITA"])
'https://w3id.org/tkg/id/country/ITA'
>>> ontology.path("tkg.ttl").name
'tkg.ttl'
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Namespace
from rdflib.namespace import OWL, RDF, RDFS, XSD

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "TKG",
    "TKGID",
    "SCHEMA",
    "SEM",
    "PROV",
    "DCTERMS",
    "SKOS",
    "GEO",
    "ONTOLOGY_IRI",
    "PLACES_GRAPH",
    "VOCABULARY_GRAPHS",
    "PREFIXES",
    "sparql_prefixes",
    "class_parents",
    "subclasses",
    "entity_classes",
    "ENTITY_ROOTS",
    "FACT_ROOTS",
    "fact_classes",
    "__version__",
    "ontology_graph",
    "shapes_graph",
    "places_graph",
    "path",
]

__version__ = "0.1.0"

TKG = Namespace("https://w3id.org/tkg/ontology#")
"""The ontology namespace (``tkg:``)."""
TKGID = Namespace("https://w3id.org/tkg/id/")
"""The namespace of resources: countries, regions, reports, facts."""
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

ONTOLOGY_IRI = "https://w3id.org/tkg/ontology"
"""IRI of the ontology document, also the store graph that holds ``tkg.ttl``."""
PLACES_GRAPH = "https://w3id.org/tkg/id/graph/places"
"""IRI of the store graph that holds ``places.ttl``."""
VOCABULARY_GRAPHS = (ONTOLOGY_IRI, PLACES_GRAPH)
"""The store graphs of the vocabulary (ontology and gazetteer); every other graph is a report's."""

PREFIXES: dict[str, str] = {
    "tkg": str(TKG),
    "tkgid": str(TKGID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "geo": str(GEO),
    "sh": "http://www.w3.org/ns/shacl#",
}
"""The prefixes tkg writes, reads and lets every query use without declaring them."""


def sparql_prefixes(*names: str) -> str:
    """SPARQL ``PREFIX`` lines for ``names`` (default: every prefix of :data:`PREFIXES`).

    Examples
    --------
    >>> print(sparql_prefixes("tkg", "rdfs"))
    PREFIX tkg: <https://w3id.org/tkg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    <BLANKLINE>
    """
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in names or PREFIXES)


_HERE = Path(__file__).resolve().parent


def _check_packages() -> None:
    """Run ``graph/_packages.py`` (loaded by its path: ``graph`` itself may be shadowed)."""
    import importlib.util
    import sys

    if "graph._packages" in sys.modules:  # graph was imported: it checked both packages
        return
    spec = importlib.util.spec_from_file_location(
        "_tkg_packages", _HERE.parent / "graph" / "_packages.py"
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"tkg: {_HERE.parent / 'graph'} is missing; reinstall tkg")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.check_packages()


_check_packages()
_FILES = ("tkg.ttl", "shapes.ttl", "places.ttl", "data/curated.json")


def path(name: str) -> Path:
    """Return the path of a file shipped with the ontology package.

    Parameters
    ----------
    name : str
        One of ``"tkg.ttl"``, ``"shapes.ttl"``, ``"places.ttl"``,
        ``"data/curated.json"``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    graph.exceptions.InputError
        For an unknown name; the message lists the known ones.

    Examples
    --------
    >>> path("shapes.ttl").exists()
    True
    """
    if name not in _FILES:
        from graph.exceptions import InputError

        raise InputError(f"unknown ontology file {name!r}; use one of: {', '.join(_FILES)}")
    return _HERE / name


def _parse(name: str) -> Graph:
    from rdflib import Graph

    from graph.exceptions import ParseError

    graph = Graph()
    try:
        graph.parse(path(name), format="turtle")
    except Exception as e:  # rdflib raises several unrelated types on bad Turtle
        raise ParseError(
            f"{path(name)}: cannot parse the packaged Turtle ({e}); reinstall tkg"
        ) from e
    return graph


@functools.cache
def ontology_graph() -> Graph:
    """Return the OWL ontology (``tkg.ttl``) as an rdflib Graph (parsed once, cached).

    Do not modify the returned graph; copy it first.

    Examples
    --------
    >>> from rdflib import OWL, RDF, URIRef
    >>> (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ontology_graph()
    True
    """
    return _parse("tkg.ttl")


@functools.cache
def shapes_graph() -> Graph:
    """Return the SHACL shapes (``shapes.ttl``) as an rdflib Graph (cached).

    Use with ``pyshacl.validate(data, shacl_graph=shapes_graph(),
    ont_graph=ontology_graph(), inference="rdfs")``.

    Examples
    --------
    >>> from rdflib import RDF, URIRef
    >>> SH = "http://www.w3.org/ns/shacl#"
    >>> len(set(shapes_graph().subjects(RDF.type, URIRef(SH + "NodeShape")))) > 5
    True
    """
    return _parse("shapes.ttl")


@functools.cache
def places_graph() -> Graph:
    """Return the places gazetteer (``places.ttl``) as an rdflib Graph (cached).

    Examples
    --------
    >>> from rdflib import Literal
    >>> ita = TKGID["country/ITA"]
    >>> places_graph().value(ita, TKG.isoCode)
    rdflib.term.Literal('IT')
    """
    return _parse("places.ttl")


@functools.cache
def class_parents() -> dict[str, str]:
    """The tkg class hierarchy of ``tkg.ttl``: short class name -> short name of its tkg parent.

    Only ``rdfs:subClassOf`` links between tkg classes count (alignments to
    other vocabularies are left out). Computed once from the ontology.

    Examples
    --------
    >>> class_parents()["CriminalGroup"], class_parents()["Warning"]
    ('Organization', 'Statement')
    """
    from rdflib import URIRef

    g = ontology_graph()
    ns = str(TKG)
    parents: dict[str, str] = {}
    for child, parent in g.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            if child.startswith(ns) and parent.startswith(ns):
                parents[child[len(ns) :]] = parent[len(ns) :]
    return parents


def subclasses(name: str) -> tuple[str, ...]:
    """Short names of the tkg classes below ``name`` (transitively, sorted; ``name`` excluded).

    Examples
    --------
    >>> subclasses("PersonGroup")
    ('MigrantGroup', 'VictimGroup')
    """
    children: dict[str, list[str]] = {}
    for child, parent in class_parents().items():
        children.setdefault(parent, []).append(child)
    out: set[str] = set()
    todo = [name]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return tuple(sorted(out))


ENTITY_ROOTS = ("Actor", "PersonGroup", "Place")
"""The kinds of things facts are about: actors, groups of people, places."""


def entity_classes() -> tuple[str, ...]:
    """The concrete entity classes (short names): those below :data:`ENTITY_ROOTS`, and ``PersonGroup``.

    ``Actor`` and ``Place`` are abstract: a report's resource is typed with
    one of their subclasses.

    Examples
    --------
    >>> classes = entity_classes()
    >>> "CriminalGroup" in classes and "PersonGroup" in classes and "Actor" not in classes
    True
    """
    out = {"PersonGroup"}
    for root in ENTITY_ROOTS:
        out.update(subclasses(root))
    return tuple(sorted(out))


FACT_ROOTS = ("Event", "Route", "Statistic", "CountryRoleAssertion")
"""The kinds of facts a report states (each fact has its evidence)."""


def fact_classes() -> tuple[str, ...]:
    """The fact classes (short names): :data:`FACT_ROOTS` and every class below them.

    Examples
    --------
    >>> classes = fact_classes()
    >>> "MigrationFlow" in classes and "Conviction" in classes and "Person" not in classes
    True
    """
    out = set(FACT_ROOTS)
    for root in FACT_ROOTS:
        out.update(subclasses(root))
    return tuple(sorted(out))
