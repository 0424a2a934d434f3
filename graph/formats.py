"""The one registry of RDF and graph formats: names, aliases, suffixes, media types, reader, writer.

In the manner of rdflib's plugin registry, each format is registered once
with its canonical name, the other names it answers to (aliases and media
types, case-insensitive), its file suffixes and, lazily as ``"module:name"``,
the function that reads it into facts (:mod:`graph.rdf`) and the one that
writes it (:mod:`graph.export`). Reading, exporting, the SPARQL endpoint's
content negotiation (:mod:`graph.serve`) and guessing a format from a file
name all look formats up here, and an unknown name or suffix is one
:class:`~graph.exceptions.FormatError` that lists the known ones.

=========  =========================================  ==================  ======  ======
format     aliases and media types                    suffixes            reads   writes
=========  =========================================  ==================  ======  ======
ttl        turtle, text/turtle                        .ttl                yes     yes
trig       application/trig                           .trig               yes     yes
nt         ntriples, n-triples, application/n-triples .nt                 yes
nq         nquads, n-quads, application/n-quads       .nq                 yes     yes
jsonld     json-ld, json, application/ld+json         .jsonld, .json      yes     yes
yaml       yml, factsheet                             .yaml, .yml         yes
rdfxml     rdf+xml, xml, application/rdf+xml          .rdf, .owl
n3         text/n3                                    .n3
gexf       (Gephi)                                    .gexf                       yes
graphml    (yEd)                                      .graphml                    yes
cyjs       cytoscape, cytoscape-json                  .cyjs                       yes
dot        gv, graphviz                               .dot, .gv                   yes
csv        (Kumu, spreadsheets)                       .csv                        yes
html       explorer                                   .html, .htm                 yes
=========  =========================================  ==================  ======  ======

Examples
--------
>>> get("Turtle").name, get("application/ld+json").name, guess("facts/cnn.trig").name
('ttl', 'jsonld', 'trig')
>>> get("svg", need="writer")
Traceback (most recent call last):
...
graph.exceptions.FormatError: unknown export format 'svg'; known: gexf, graphml, cyjs (cytoscape, cytoscape-json), dot (gv, graphviz), csv, html (explorer), ttl (turtle), trig, nq (nquads, n-quads), jsonld (json-ld, json)
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from graph.exceptions import FormatError

__all__ = ["Format", "FORMATS", "register", "get", "guess", "names", "suffixes", "load"]

Need = Literal["reader", "writer", "rdf", "graph"] | None

#: The word each need gives the format in messages ("unknown export format").
_NOUN = {"reader": "fact", "writer": "export", "rdf": "RDF", "graph": "graph", None: ""}


@dataclass(frozen=True)
class Format:
    """A registered format.

    Attributes
    ----------
    name : str
        The canonical name (``ttl``).
    kind : {"rdf", "graph"}
        RDF (facts) or a network drawn from a projection.
    aliases : tuple of str
        Other names it answers to (``turtle``).
    media_types : tuple of str
        Media types, the first being the one answered (``text/turtle``).
    suffixes : tuple of str
        File suffixes, lower case, with the dot.
    reader, writer : str or None
        ``"module:name"`` of the function reading or writing it, if tkg does.
    rdflib : str or None
        rdflib's serializer name, for answers the endpoint serialises.
    """

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    media_types: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    reader: str | None = None
    writer: str | None = None
    rdflib: str | None = None

    def has(self, need: Need) -> bool:
        """Whether the format suits ``need`` (reading, writing, a kind, or anything)."""
        if need is None:
            return True
        if need in ("rdf", "graph"):
            return self.kind == need
        return (self.reader if need == "reader" else self.writer) is not None


FORMATS: dict[str, Format] = {}
_KEYS: dict[str, str] = {}  # every name, alias and media type -> canonical name


def register(fmt: Format) -> None:
    """Add ``fmt`` to the registry; its name, aliases and media types become lookup keys."""
    FORMATS[fmt.name] = fmt
    for key in (fmt.name, *fmt.aliases, *fmt.media_types):
        _KEYS[key.lower()] = fmt.name


def _listing(need: Need) -> str:
    shown = []
    for fmt in FORMATS.values():
        if fmt.has(need):
            aliases = [a for a in fmt.aliases if "/" not in a]
            shown.append(f"{fmt.name} ({', '.join(aliases)})" if aliases else fmt.name)
    return ", ".join(shown)


def get(name: str, *, need: Need = None) -> Format:
    """The format called ``name`` (a name, alias or media type; any case).

    Parameters
    ----------
    name : str
    need : {"reader", "writer", "rdf", "graph"}, optional
        Only formats tkg reads, writes, or of that kind.

    Raises
    ------
    FormatError
        An unknown name, or one that does not suit ``need``; the message lists
        the known ones.

    Examples
    --------
    >>> get("JSON-LD").name, get("text/turtle", need="reader").name
    ('jsonld', 'ttl')
    """
    key = str(name).strip().lower()
    if key.startswith(".") and key not in _KEYS:
        key = key[1:]
    fmt = FORMATS.get(_KEYS.get(key, ""))
    if fmt is None or not fmt.has(need):
        noun = _NOUN[need]
        raise FormatError(
            f"unknown {noun + ' ' if noun else ''}format {name!r}; known: {_listing(need)}"
        )
    return fmt


def guess(path: str | os.PathLike[str], *, need: Need = None) -> Format:
    """The format of a file from its suffix (any case).

    Raises
    ------
    FormatError
        An unknown suffix; the message lists the known ones and ``--format``.

    Examples
    --------
    >>> guess("a/b.GV").name, guess("flow.nodes.csv").name, guess("x.json", need="reader").name
    ('dot', 'csv', 'jsonld')
    """
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes and fmt.has(need):
            return fmt
    noun = _NOUN[need]
    raise FormatError(
        f"cannot tell the {noun + ' ' if noun else ''}format of {str(path)!r} from its suffix "
        f"{suffix or '(none)'!r}; use one of {', '.join(suffixes(need))} or pass --format"
    )


def names(need: Need = None) -> list[str]:
    """Canonical names of the formats that suit ``need``, in registry order.

    Examples
    --------
    >>> names("reader")
    ['ttl', 'trig', 'nt', 'nq', 'jsonld', 'yaml']
    """
    return [f.name for f in FORMATS.values() if f.has(need)]


def suffixes(need: Need = None) -> list[str]:
    """The file suffixes of the formats that suit ``need``.

    Examples
    --------
    >>> suffixes("reader")
    ['.ttl', '.trig', '.nt', '.nq', '.jsonld', '.json', '.yaml', '.yml']
    """
    return [s for f in FORMATS.values() if f.has(need) for s in f.suffixes]


def load(fmt: Format | str, what: Literal["reader", "writer"]) -> Callable[..., Any]:
    """Import and return the reader or writer function of a format.

    Examples
    --------
    >>> load("dot", "writer").__name__
    'write_dot'
    """
    fmt = fmt if isinstance(fmt, Format) else get(fmt, need=what)
    target = fmt.reader if what == "reader" else fmt.writer
    if target is None:
        verb = "read" if what == "reader" else "write"
        raise FormatError(f"tkg does not {verb} {fmt.name}; use one of: {', '.join(names(what))}")
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


for _fmt in (
    Format("gexf", "graph", (), (), (".gexf",), writer="graph.export.gexf:write_gexf"),
    Format("graphml", "graph", (), (), (".graphml",), writer="graph.export.graphml:write_graphml"),
    Format(
        "cyjs",
        "graph",
        ("cytoscape", "cytoscape-json"),
        (),
        (".cyjs",),
        writer="graph.export.cyjs:write_cyjs",
    ),
    Format(
        "dot", "graph", ("gv", "graphviz"), (), (".dot", ".gv"), writer="graph.export.dot:write_dot"
    ),
    Format("csv", "graph", (), (), (".csv",), writer="graph.export.csv:write_csv"),
    Format(
        "html",
        "graph",
        ("explorer",),
        (),
        (".html", ".htm"),
        writer="graph.web.explorer:write_html",
    ),
    Format(
        "ttl",
        "rdf",
        ("turtle",),
        ("text/turtle", "application/turtle", "application/x-turtle"),
        (".ttl",),
        reader="graph.rdf:read_turtle",
        writer="graph.export.rdf:write_rdf",
        rdflib="turtle",
    ),
    Format(
        "trig",
        "rdf",
        (),
        ("application/trig",),
        (".trig",),
        reader="graph.rdf:read_trig",
        writer="graph.export.rdf:write_rdf",
        rdflib="trig",
    ),
    Format(
        "nt",
        "rdf",
        ("ntriples", "n-triples"),
        ("application/n-triples",),
        (".nt",),
        reader="graph.rdf:read_ntriples",
        rdflib="nt",
    ),
    Format(
        "nq",
        "rdf",
        ("nquads", "n-quads"),
        ("application/n-quads",),
        (".nq",),
        reader="graph.rdf:read_nquads",
        writer="graph.export.rdf:write_rdf",
        rdflib="nquads",
    ),
    Format(
        "jsonld",
        "rdf",
        ("json-ld", "json"),
        ("application/ld+json", "application/x-json+ld"),
        (".jsonld", ".json"),
        reader="graph.rdf:read_jsonld",
        writer="graph.export.rdf:write_rdf",
        rdflib="json-ld",
    ),
    Format(
        "yaml",
        "rdf",
        ("yml", "factsheet"),
        (),
        (".yaml", ".yml"),
        reader="graph.rdf:read_yaml",
    ),
    Format(
        "rdfxml",
        "rdf",
        ("rdf+xml", "rdf", "xml"),
        ("application/rdf+xml",),
        (".rdf", ".owl"),
        rdflib="xml",
    ),
    Format("n3", "rdf", (), ("text/n3", "text/rdf+n3", "application/n3"), (".n3",), rdflib="n3"),
):
    register(_fmt)
