"""Read curated fact files into one rdflib graph per report.

The formats, their aliases, media types and suffixes are those of the one
format registry, :mod:`graph.formats`, which names the reader of each:
:func:`read_turtle`, :func:`read_trig`, :func:`read_ntriples`,
:func:`read_nquads`, :func:`read_jsonld` and :func:`read_yaml` (a fact
sheet). ``ttl``/``turtle``/``text/turtle`` are one format, as in exports.

Triples in a named graph belong to the report whose IRI names the graph.
Triples outside any named graph (Turtle, N-Triples, plain JSON-LD) belong to
the report the file describes: the one ``tkg:Report`` node in the file, or
else the report named after the file stem.

Examples
--------
>>> from graph.rdf import parse_facts, guess_format
>>> guess_format("facts/cnn.trig"), normalize_format("turtle")
('trig', 'ttl')
>>> data = '<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .'
>>> [(iri, len(g)) for iri, g in parse_facts(data, "nt", source="a.nt")]
[('https://w3id.org/tkg/id/report/a', 1)]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import rdflib

from graph import formats
from graph.exceptions import InputError, ParseError
from graph.ids import report_id_from_path, report_iri
from ontology import TKG, TKGID

__all__ = [
    "write_atomic",
    "read_turtle",
    "read_trig",
    "read_ntriples",
    "read_nquads",
    "read_jsonld",
    "read_yaml",
    "guess_format",
    "normalize_format",
    "parse_facts",
    "read_facts",
    "oxigraph_to_rdflib",
    "serialize_facts",
    "write_facts",
]

TKG_REPORT = TKG.Report


def normalize_format(fmt: str) -> str:
    """Return the canonical name of a fact format, alias or media type.

    Raises
    ------
    FormatError
        For an unknown format, listing the known ones.

    Examples
    --------
    >>> normalize_format("TTL"), normalize_format("application/ld+json")
    ('ttl', 'jsonld')
    """
    return formats.get(fmt, need="reader").name


def guess_format(path: str | Path) -> str:
    """Guess a fact format from a file suffix.

    Raises
    ------
    FormatError
        When the suffix is not one of a format tkg reads.

    Examples
    --------
    >>> guess_format("x.jsonld")
    'jsonld'
    """
    return formats.guess(path, need="reader").name


def oxigraph_to_rdflib(term: object) -> rdflib.term.Node:
    """Convert a pyoxigraph term to rdflib (IRIs, blank nodes, literals)."""
    from graph.store import _to_rdflib

    node = _to_rdflib(term)
    assert node is not None
    return node


def _split_by_report(
    quads: list[tuple[rdflib.term.Node, ...]], source: str
) -> list[tuple[str, rdflib.Graph]]:
    """Group quads into report graphs; default-graph triples go to the file's report."""
    graphs: dict[str, rdflib.Graph] = {}
    default: list[tuple[rdflib.term.Node, ...]] = []
    for s, p, o, g in quads:
        if g is None:
            default.append((s, p, o))
        else:
            graphs.setdefault(str(g), rdflib.Graph(identifier=rdflib.URIRef(str(g)))).add((s, p, o))
    if default:
        reports = {str(s) for s, p, o in default if p == rdflib.RDF.type and o == TKG_REPORT}
        if len(reports) == 1:
            target = reports.pop()
        elif len(graphs) == 1 and not reports:
            target = next(iter(graphs))
        else:
            target = report_iri(report_id_from_path(source))
        graph = graphs.setdefault(target, rdflib.Graph(identifier=rdflib.URIRef(target)))
        for triple in default:
            graph.add(triple)
    return list(graphs.items())


_BAD_IRI_CHARS = frozenset('<>"{}|\\^`')


def _bad_iri(text: str) -> bool:
    """Whether ``text`` cannot be an IRI or part of one (space, control, ``<>"{}|\\^```)."""
    return any(c in _BAD_IRI_CHARS or c.isspace() or ord(c) < 0x20 for c in text)


def _line_in(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _jsonld_bad_iris(text: str) -> list[str]:
    """Return the IRIs of a JSON-LD document that a JSON-LD processor would drop.

    JSON-LD ignores a node whose ``@id``, a type in ``@type`` or a property
    whose IRI is not a valid IRI; oxigraph does so without a word. Checked:
    ``@id``, ``@type``, ``@base``, ``@vocab`` values, keys that no
    ``@context`` defines, and values of terms the context coerces to ``@id``.
    """
    import json

    try:
        doc = json.loads(text)
    except ValueError:
        return []  # the parser reports the syntax error
    terms: set[str] = set()
    coerced: set[str] = set()

    def contexts(node: object) -> None:
        if isinstance(node, dict):
            ctx = node.get("@context")
            for c in ctx if isinstance(ctx, list) else [ctx]:
                if isinstance(c, dict):
                    terms.update(c)
                    coerced.update(
                        k
                        for k, v in c.items()
                        if isinstance(v, dict) and v.get("@type") in ("@id", "@vocab")
                    )
            for v in node.values():
                contexts(v)
        elif isinstance(node, list):
            for v in node:
                contexts(v)

    contexts(doc)
    bad: list[str] = []

    def check(value: object) -> None:
        if isinstance(value, str) and not value.startswith("_:") and _bad_iri(value):
            if value not in bad:
                bad.append(value)

    def walk(node: object, in_context: bool = False) -> None:
        if isinstance(node, list):
            for v in node:
                walk(v, in_context)
            return
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key == "@context":
                continue
            if key in ("@id", "@base", "@vocab") and not in_context:
                check(value)
            elif key == "@type":
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str) and v not in terms:
                        check(v)
            elif not key.startswith("@") and key not in terms:
                check(key)
            if key in coerced:
                for v in value if isinstance(value, list) else [value]:
                    check(v)
            walk(value)

    walk(doc)
    return bad


def _check_iris(pairs: list[tuple[str, rdflib.Graph]], source: str, text: str) -> None:
    """Raise ParseError naming the first IRI of ``pairs`` that the store would refuse."""
    import pyoxigraph as ox

    seen: set[str] = set()
    for iri, graph in pairs:
        terms = [rdflib.URIRef(iri)]
        for triple in graph:
            terms.extend(t for t in triple if isinstance(t, rdflib.URIRef))
        for term in terms:
            if term in seen:
                continue
            seen.add(term)
            try:
                ox.NamedNode(str(term))
            except ValueError as e:
                line = _line_in(text, str(term))
                where = f"{source}:{line}" if line else source
                raise ParseError(
                    f"{where}: invalid IRI <{term}> ({' '.join(str(e).split())}); "
                    'write a valid absolute IRI (no spaces or <>"{}|\\^`), nothing was stored'
                ) from e


def _oxigraph_reader(ox_format: str) -> Callable[[str, str, Path | None], list]:
    def parse(text: str, source: str, base_dir: Path | None) -> list[tuple[str, rdflib.Graph]]:
        import pyoxigraph as ox

        fmt = getattr(ox.RdfFormat, ox_format)
        if ox_format == "JSON_LD":
            dropped = _jsonld_bad_iris(text)
            if dropped:
                line = _line_in(text, dropped[0])
                where = f"{source}:{line}" if line else source
                more = f" (and {len(dropped) - 1} more)" if len(dropped) > 1 else ""
                raise ParseError(
                    f"{where}: invalid IRI {dropped[0]!r}{more}: JSON-LD would drop its node or "
                    'property; write a valid IRI (no spaces or <>"{}|\\^`), nothing was stored'
                )
        try:
            quads = [
                (
                    oxigraph_to_rdflib(q.subject),
                    oxigraph_to_rdflib(q.predicate),
                    oxigraph_to_rdflib(q.object),
                    None
                    if isinstance(q.graph_name, ox.DefaultGraph)
                    else oxigraph_to_rdflib(q.graph_name),
                )
                for q in ox.parse(text.encode("utf-8"), format=fmt, base_iri=str(TKGID))
            ]
        except SyntaxError as e:
            line = getattr(e, "lineno", None)
            message = " ".join(str(e).split())
            if "LoadDocumentCallback" in message:
                message = "remote JSON-LD @context documents are not fetched; inline the @context"
            where = f"{source}:{line}" if line else source
            raise ParseError(
                f"{where}: malformed {fmt.name}: {message}; fix the file and load it again"
            ) from e
        return _split_by_report(quads, source)

    return parse


def read_yaml(text: str, source: str, base_dir: Path | None) -> list[tuple[str, rdflib.Graph]]:
    """Read a YAML fact sheet (:mod:`graph.factsheet`) into its one ``(report IRI, graph)``."""
    from graph.factsheet import parse_factsheet

    iri, graph = parse_factsheet(text, base_dir=base_dir, source=source)
    return [(iri, graph)]


read_turtle = _oxigraph_reader("TURTLE")
read_trig = _oxigraph_reader("TRIG")
read_ntriples = _oxigraph_reader("N_TRIPLES")
read_nquads = _oxigraph_reader("N_QUADS")
read_jsonld = _oxigraph_reader("JSON_LD")


def parse_facts(
    text: str, fmt: str, *, source: str = "<string>", base_dir: Path | None = None
) -> list[tuple[str, rdflib.Graph]]:
    """Parse facts from a string into ``(report IRI, graph)`` pairs.

    Parameters
    ----------
    text : str
        The file content.
    fmt : str
        A format name or alias (see the module table).
    source : str
        The file name used in error messages and for the default report id.
    base_dir : pathlib.Path, optional
        Directory against which a fact sheet resolves its report text.

    Raises
    ------
    ParseError
        Malformed content or an invalid IRI, with the file and line.
    """
    parse = formats.load(formats.get(fmt, need="reader"), "reader")
    pairs = parse(text, source, base_dir)
    _check_iris(pairs, source, text)
    return pairs


def read_facts(path: str | Path, fmt: str | None = None) -> list[tuple[str, rdflib.Graph]]:
    """Read a fact file into ``(report IRI, graph)`` pairs.

    Raises
    ------
    InputError
        The file is missing or not UTF-8 text.
    ParseError
        The file is malformed (the message names file and line).
    FormatError
        The format is unknown.
    """
    path = Path(path)
    name = normalize_format(fmt) if fmt else guess_format(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; check the path")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ParseError(f"{path}: binary content, not an RDF or YAML text file; pass a fact file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ParseError(
            f"{path}:{line}: not UTF-8 text (byte 0x{raw[e.start]:02x}); re-save the file as UTF-8"
        ) from e
    return parse_facts(text, name, source=str(path), base_dir=path.parent)


def serialize_facts(pairs: list[tuple[str, rdflib.Graph]], fmt: str = "trig") -> str:
    """Serialise report graphs as TriG (or N-Quads) with the usual prefixes.

    Examples
    --------
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:a"), rdflib.RDFS.label, rdflib.Literal("A")))
    >>> print(serialize_facts([("urn:r", g)]).strip().splitlines()[-1])
    }
    """
    from graph.store import PREFIXES

    dataset = rdflib.Dataset()
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    for iri, graph in pairs:
        target = dataset.graph(rdflib.URIRef(iri))
        for triple in graph:
            target.add(triple)
    name = "nquads" if fmt in ("nq", "nquads") else "trig"
    return dataset.serialize(format=name)


def write_facts(
    pairs: list[tuple[str, rdflib.Graph]], path: str | Path, fmt: str | None = None
) -> Path:
    """Write report graphs to ``path`` atomically (a temporary file, then a rename).

    A crash never leaves a half-written file where a good one was.
    """
    path = Path(path)
    fmt = fmt or ("nq" if path.suffix == ".nq" else "trig")
    write_atomic(path, serialize_facts(pairs, fmt))
    return path


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A crash or a full disk never leaves a half-written file where a good
    one was; the file gets the usual permissions (umask applied).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "facts.trig"
    >>> write_atomic(p, "# no facts").read_text()
    '# no facts'
    """
    import os
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it the usual mode
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
