"""New graph contents staged in files, then written to an embedded store in bulk.

A :class:`Staging` directory holds the new content of some named graphs as
files Oxigraph's bulk loader reads without Python in the loop:

``names``
    the graphs replaced, one IRI a line (a graph with no quads is removed);
``quads.nq``
    quads with their graph names;
``union.nt``
    the same triples, for the default graph (the union of the named graphs);
``triples-N.nt`` with ``triples-N.graph``
    N-Triples to load into the graph named in the ``.graph`` file (and into
    the union);
``bnodes.nq``
    quads with a blank node: Oxigraph's bulk loader gives a blank node of
    each file it loads a new identity, so these (usually few) go through
    ``bulk_extend``, which keeps the labels, into their graph and the union.

Blank node labels are made unique when staged (the parsers rename them).

On disk the directory is synced and renamed to :data:`JOURNAL` inside the
store directory before anything is written to the store: it is a redo journal.
:func:`apply_staged` drops the old graphs (with their share of the union) in
one transaction and then bulk-loads the files; a process killed half-way
leaves the journal, which the next writable open applies again (applying
twice gives the same store).

Examples
--------
>>> import tempfile, pathlib, pyoxigraph as ox
>>> with tempfile.TemporaryDirectory() as d:
...     staging = Staging(pathlib.Path(d) / "s")
...     staging.add_graph_text("urn:g", '_:b <urn:p> "x" .\\n')
...     store = ox.Store()
...     apply_staged(store, staging.commit(), lambda names: None)
>>> sorted(str(q.graph_name) for q in store)
['<urn:g>', 'DEFAULT']
>>> len({q.subject for q in store})  # the same blank node in its graph and the union
1
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["JOURNAL", "Staging", "apply_staged", "staged_names"]

#: Name of the redo journal inside an on-disk store directory.
JOURNAL = "tkg-journal"

_CHUNK = 20_000


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Staging:
    """A directory being filled with the new content of named graphs.

    Parameters
    ----------
    directory : pathlib.Path
        Created (it must not exist, or be empty).
    """

    def __init__(self, directory: Path) -> None:
        import pyoxigraph as ox

        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.names: dict[str, int] = {}
        self._quads = open(directory / "quads.nq", "wb")  # noqa: SIM115 (closed in commit)
        self._union = open(directory / "union.nt", "wb")  # noqa: SIM115
        self._bnodes = open(directory / "bnodes.nq", "wb")  # noqa: SIM115
        self._triples_files = 0
        self._ox = ox

    def add_name(self, iri: str) -> None:
        """Replace graph ``iri`` even if no quad is staged for it (then it is removed)."""
        self.names.setdefault(iri, 0)

    def add_quads(self, quads: Iterable[Any]) -> None:
        """Stage named-graph quads (pyoxigraph ``Quad``), in chunks."""
        chunk: list[Any] = []
        for q in quads:
            chunk.append(q)
            if len(chunk) >= _CHUNK:
                self._write(chunk)
                chunk = []
        if chunk:
            self._write(chunk)

    def add_run(self, iri: str, quads: list[Any]) -> None:
        """Stage quads that all belong to graph ``iri``.

        They are serialised once; the union copy is the same text without
        the graph name (a quad line ends with `` <iri> .`` and a newline,
        which a literal cannot hold unescaped).
        """
        if not quads:
            return
        ox = self._ox
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        suffix = f" <{iri}> .\n".encode()
        if b"_:" in data or data.count(suffix) != len(quads):
            self._write(quads)  # blank nodes (or an unexpected shape): quad by quad
            return
        self.names[iri] = self.names.get(iri, 0) + len(quads)
        self._quads.write(data)
        self._union.write(data.replace(suffix, b" .\n"))

    def _write(self, chunk: list[Any]) -> None:
        ox = self._ox
        names = self.names
        blank = ox.BlankNode
        plain = []
        bnodes = []
        for q in chunk:
            g = q.graph_name.value
            names[g] = names.get(g, 0) + 1
            if type(q.subject) is blank or type(q.object) is blank:
                bnodes.append(q)
            else:
                plain.append(q)
        ox.serialize(plain, self._quads, format=ox.RdfFormat.N_QUADS)
        ox.serialize((q.triple for q in plain), self._union, format=ox.RdfFormat.N_TRIPLES)
        if bnodes:
            ox.serialize(bnodes, self._bnodes, format=ox.RdfFormat.N_QUADS)

    def add_graph_text(self, iri: str, text: str) -> None:
        """Stage N-Triples text as the content of graph ``iri`` (blank nodes local to it).

        Raises
        ------
        SyntaxError
            The text is not N-Triples.
        """
        ox = self._ox
        self.add_name(iri)
        name = ox.NamedNode(iri)
        triples = ox.parse(text, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True)
        quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
        for start in range(0, len(quads), _CHUNK):
            self.add_run(iri, quads[start : start + _CHUNK])

    def add_triples_file(self, path: Path, iri: str, count: int) -> None:
        """Stage an N-Triples file without blank nodes (moved here) as content of ``iri``."""
        self._triples_files += 1
        target = self.directory / f"triples-{self._triples_files}.nt"
        shutil.move(str(path), target)
        (self.directory / f"triples-{self._triples_files}.graph").write_text(iri + "\n")
        self.names[iri] = self.names.get(iri, 0) + count

    def flush(self) -> None:
        """Flush the files, so that they can be read while staging goes on."""
        self._quads.flush()
        self._union.flush()
        self._bnodes.flush()

    def close(self) -> None:
        """Close the files (without committing)."""
        self._quads.close()
        self._union.close()
        self._bnodes.close()

    def discard(self) -> None:
        """Close and delete the staging directory."""
        self.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def commit(self, journal: Path | None = None) -> Path:
        """Finish the files; on disk sync them and rename the directory to ``journal``.

        Returns
        -------
        pathlib.Path
            The directory to pass to :func:`apply_staged`.
        """
        self.close()
        (self.directory / "names").write_text(
            "".join(f"{iri}\n" for iri in self.names), encoding="utf-8"
        )
        if journal is None:
            return self.directory
        for entry in self.directory.iterdir():
            _fsync(entry)
        os.replace(self.directory, journal)
        _fsync(journal.parent)
        return journal


def staged_names(directory: Path) -> list[str]:
    """The graphs a staging directory replaces."""
    return (directory / "names").read_text(encoding="utf-8").split()


def apply_staged(store: Any, directory: Path, drop: Callable[[list[str]], None]) -> None:
    """Write a committed staging directory into a pyoxigraph store.

    ``drop(names)`` removes the old graphs and their share of the union (one
    transaction); then the files are bulk-loaded: quads into their graphs,
    triples files into their graph, and everything into the default graph.
    """
    import pyoxigraph as ox

    drop(staged_names(directory))
    nq, nt = ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES
    if (directory / "quads.nq").stat().st_size:
        store.bulk_load(path=str(directory / "quads.nq"), format=nq)
        store.bulk_load(path=str(directory / "union.nt"), format=nt)
    if (directory / "bnodes.nq").stat().st_size:
        default = ox.DefaultGraph()

        def with_union() -> Iterable[Any]:
            for q in ox.parse(path=str(directory / "bnodes.nq"), format=nq):
                yield q
                yield ox.Quad(q.subject, q.predicate, q.object, default)

        store.bulk_extend(with_union())
    for graph_file in sorted(directory.glob("triples-*.graph")):
        triples = graph_file.with_suffix(".nt")
        iri = graph_file.read_text(encoding="utf-8").strip()
        store.bulk_load(path=str(triples), format=nt, to_graph=ox.NamedNode(iri))
        store.bulk_load(path=str(triples), format=nt)
