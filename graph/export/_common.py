"""Helpers shared by the graph writers: plain values, attribute types, colours, files.

Every writer accepts any networkx graph whose attributes follow the contract of
``docs/ARCHITECTURE.md`` but may carry anything else: ``None`` (omitted),
lists, sets and tuples (lists of strings), rdflib terms (their lexical form;
typed literals become numbers or booleans), numpy numbers, dates, dicts (JSON
text) and bytes.

Examples
--------
>>> import rdflib
>>> plain(rdflib.Literal("Libye", lang="fr")), plain(rdflib.Literal(3))
('Libye', 3)
>>> plain({"b", "a"}), plain(None)
(['a', 'b'], None)
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as _dt
import io
import json
import math
import numbers
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from graph.exceptions import ExportError

__all__ = [
    "LIST_SEPARATOR",
    "PALETTE",
    "plain",
    "infer_types",
    "format_value",
    "xml_text",
    "xml_attr",
    "Scan",
    "scan",
    "spell",
    "node_spell",
    "canvas",
    "edge_iter",
    "open_text",
    "atomic_files",
    "write_bytes",
]

#: Separator of list items where a format has no list type (GraphML, CSV, DOT):
#: Kumu's multi-value convention. Lists stay lists in Cytoscape JSON and
#: become GEXF ``liststring`` values (a JSON array, which Gephi parses).
LIST_SEPARATOR = "|"

#: Colours of communities (or types when there are no communities): Tableau 10
#: followed by the lighter Tableau 20 tones.
PALETTE: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d",
    "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e",
)  # fmt: skip

_BAD_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def plain(value: Any) -> None | bool | int | float | str | list[str]:
    """Return ``value`` as ``None``, bool, int, float, str or a list of str.

    Parameters
    ----------
    value : object
        Any attribute value.

    Returns
    -------
    None, bool, int, float, str or list of str

    Examples
    --------
    >>> import numpy as np
    >>> plain(np.float32(0.5)), plain(np.int64(7)), plain(np.bool_(True))
    (0.5, 7, True)
    >>> plain(("x", None, 2)), plain(Decimal("1.5"))
    (['x', '2'], 1.5)
    """
    t = type(value)
    if t is str or t is float or t is bool or value is None:
        return value
    if t is int:
        return value
    if t is list:
        for item in value:
            if type(item) is not str:
                break
        else:
            return value
    if isinstance(value, str):
        return _plain_str(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Decimal | numbers.Real):
        return float(value)
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if hasattr(value, "tolist") and callable(value.tolist):  # numpy scalars and arrays
        return plain(value.tolist())
    if isinstance(value, set | frozenset):
        return sorted(_item(v) for v in value if v is not None)
    if isinstance(value, Iterable):
        return [_item(v) for v in value if v is not None]
    return str(value)


def _plain_str(value: str) -> Any:
    """Strings, IRIs and rdflib literals (a str subclass)."""
    if type(value) is str:
        return value
    language = getattr(value, "language", None)
    datatype = getattr(value, "datatype", None)
    if language is None and datatype is not None and hasattr(value, "toPython"):
        py = value.toPython()
        if isinstance(py, bool | int | float):
            return py
        if isinstance(py, Decimal):
            return float(py)
    return str(value)


def _item(value: Any) -> str:
    """One list item as a string."""
    v = plain(value)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return LIST_SEPARATOR.join(v)
    return str(v)


_RANK = {"boolean": 0, "integer": 1, "long": 2, "double": 3, "string": 4, "list": 5}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if -(2**31) <= value < 2**31 else "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list):
        return "list"
    return "string"


def _merge(a: str | None, b: str) -> str:
    if a is None or a == b:
        return b
    numeric = {"integer", "long", "double"}
    if a in numeric and b in numeric:
        return max(a, b, key=_RANK.__getitem__)
    if "list" in (a, b):
        return "list"
    return "string"


def infer_types(items: Iterable[dict[str, Any]], exclude: Iterable[str] = ()) -> dict[str, str]:
    """Return one type per attribute name over all ``items``, in first-seen order.

    Types are ``boolean``, ``integer`` (32-bit), ``long``, ``double``,
    ``string`` and ``list``; mixed numbers widen to ``double``, anything
    mixed with text becomes ``string``, and a list with scalars ``list``.

    Examples
    --------
    >>> infer_types([{"a": 1, "b": True}, {"a": 2.5, "b": "x", "c": None}])
    {'a': 'double', 'b': 'string'}
    """
    skip = set(exclude)
    types: dict[str, str] = {}
    for data in items:
        for key, value in data.items():
            if key in skip:
                continue
            v = plain(value)
            if v is None:
                continue
            types[key] = _merge(types.get(key), _kind(v))
    return types


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(float(value))


def format_value(value: Any, kind: str, *, list_format: str = "join") -> str | None:
    """Format a plain value for a column of type ``kind``.

    Parameters
    ----------
    value : object
        Any attribute value (passed through :func:`plain`).
    kind : str
        A type from :func:`infer_types`.
    list_format : {"join", "json"}
        Lists as items joined by :data:`LIST_SEPARATOR`, or as a JSON array.

    Returns
    -------
    str or None
        ``None`` when the value is missing.

    Examples
    --------
    >>> format_value(True, "boolean"), format_value(2, "double"), format_value(["a", "b"], "list")
    ('true', '2.0', 'a|b')
    >>> format_value("x", "list", list_format="json"), format_value(float("inf"), "double")
    ('["x"]', 'INF')
    """
    v = plain(value)
    if v is None:
        return None
    t = type(v)
    if t is str and kind == "string":
        return v
    if t is int and kind in ("integer", "long"):
        return str(v)
    if kind == "list":
        items = v if isinstance(v, list) else [_item(v)]
        if list_format == "json":
            return json.dumps(items, ensure_ascii=False)
        return LIST_SEPARATOR.join(items)
    if isinstance(v, bool):
        return "true" if v else "false"
    if kind == "double" and isinstance(v, int | float):
        return _number(v)
    if isinstance(v, float):
        return _number(v)
    if isinstance(v, list):
        return LIST_SEPARATOR.join(v)
    return str(v)


def xml_text(text: str) -> str:
    """Escape text content for XML 1.0, replacing characters XML forbids.

    Examples
    --------
    >>> xml_text("a < b & c\\x00")
    'a &lt; b &amp; c\\ufffd'
    """
    text = _BAD_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """Escape an attribute value (without quotes); newlines and tabs survive parsing.

    Examples
    --------
    >>> xml_attr('say "hi"\\nnow')
    'say &quot;hi&quot;&#10;now'
    """
    text = _BAD_XML.sub("\ufffd", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text or "\r" in text or "\t" in text:
        text = text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text


class Scan:
    """What a first pass over a graph learns: attribute types, colours, sizes, dates."""

    def __init__(self) -> None:
        self.node_types: dict[str, str] = {}
        self.edge_types: dict[str, str] = {}
        self.size_key: str | None = None
        self.size_min = math.inf
        self.size_max = -math.inf
        self.weight_max = 0.0
        self.categories: dict[Any, int] = {}
        self.color_key: str | None = None
        self.dynamic = False

    def color(self, data: dict[str, Any]) -> str | None:
        """Return the hex colour of a node (by community, else type), or None."""
        if self.color_key is None:
            return None
        value = plain(data.get(self.color_key))
        if value is None or isinstance(value, list):
            return None
        index = self.categories.get(value)
        if index is None:
            return None
        return PALETTE[index % len(PALETTE)]

    def size(self, data: dict[str, Any], low: float = 5.0, high: float = 50.0) -> float:
        """Return a node size between ``low`` and ``high`` from its centrality."""
        if self.size_key is None:
            return low
        value = plain(data.get(self.size_key))
        if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
            return low
        span = self.size_max - self.size_min
        if span <= 0 or math.isinf(span):
            return (low + high) / 2
        return low + (high - low) * (float(value) - self.size_min) / span


def _numeric(value: Any) -> float | None:
    v = plain(value)
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    v = float(v)
    return None if math.isnan(v) or math.isinf(v) else v


def scan(g: Any) -> Scan:
    """Learn attribute types, the colour and size keys and whether any date exists.

    Colours follow ``community`` when any node has one, else ``type``; sizes
    follow ``pagerank``, else ``degree``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b", {"weight": 2.0})])
    >>> g.nodes["a"].update(community=0, pagerank=0.7)
    >>> info = scan(g)
    >>> info.color_key, info.size_key, info.edge_types
    ('community', 'pagerank', {'weight': 'double'})
    """
    info = Scan()
    node_types: dict[str, str] = {}
    keys: set[str] = set()
    for _, data in g.nodes(data=True):
        for key, value in data.items():
            v = plain(value)
            if v is None:
                continue
            node_types[key] = _merge(node_types.get(key), _kind(v))
            keys.add(key)
        if not info.dynamic and (data.get("dates") or data.get("start") or data.get("end")):
            info.dynamic = node_spell(data) is not None
    info.node_types = node_types
    info.size_key = "pagerank" if "pagerank" in keys else ("degree" if "degree" in keys else None)
    info.color_key = "community" if "community" in keys else ("type" if "type" in keys else None)
    categories: set[Any] = set()
    for _, data in g.nodes(data=True):
        if info.size_key is not None:
            v = _numeric(data.get(info.size_key))
            if v is not None:
                info.size_min = min(info.size_min, v)
                info.size_max = max(info.size_max, v)
        if info.color_key is not None:
            c = plain(data.get(info.color_key))
            if c is not None and not isinstance(c, list):
                categories.add(c)
    info.categories = {
        c: i for i, c in enumerate(sorted(categories, key=lambda c: (str(type(c)), c)))
    }
    edge_types: dict[str, str] = {}
    for *_, data in edge_iter(g):
        for key, value in data.items():
            v = plain(value)
            if v is None:
                continue
            edge_types[key] = _merge(edge_types.get(key), _kind(v))
        w = _numeric(data.get("weight"))
        if w is not None:
            info.weight_max = max(info.weight_max, abs(w))
        if not info.dynamic and (data.get("start") or data.get("end")):
            info.dynamic = spell(data.get("start"), data.get("end")) is not None
    info.edge_types = edge_types
    return info


def edge_iter(g: Any) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    """Yield ``(u, v, key, data)`` for any graph; ``key`` is None outside multigraphs.

    Examples
    --------
    >>> import networkx as nx
    >>> list(edge_iter(nx.MultiGraph([(1, 2)])))
    [(1, 2, 0, {})]
    """
    if g.is_multigraph():
        yield from g.edges(keys=True, data=True)
    else:
        for u, v, data in g.edges(data=True):
            yield u, v, None, data


_DATE_RE = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _bounds(value: Any) -> tuple[str, str] | None:
    """First and last ISO day of a date, year-month or year; None when not a date."""
    v = plain(value)
    if not isinstance(v, str | int) or isinstance(v, bool):
        return None
    match = _DATE_RE.match(str(v).strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        if day:
            d = _dt.date(int(year), int(month), int(day))
            return d.isoformat(), d.isoformat()
        if month:
            m = int(month)
            last = calendar.monthrange(int(year), m)[1]
            return f"{year}-{m:02d}-01", f"{year}-{m:02d}-{last:02d}"
        return f"{year}-01-01", f"{year}-12-31"
    except ValueError:
        return None


def spell(start: Any, end: Any = None) -> tuple[str | None, str | None] | None:
    """Return a GEXF date spell ``(start, end)`` from ISO dates, years or months.

    Examples
    --------
    >>> spell("2011-02", None)
    ('2011-02-01', '2011-02-28')
    >>> spell(["2011-03-01", "2011"], None)
    ('2011-01-01', '2011-12-31')
    >>> spell("soon") is None
    True
    """
    values: list[Any] = []
    for bound in (start, end):
        v = plain(bound)
        if isinstance(v, list):
            values.extend(v)
        elif v is not None:
            values.append(v)
    spans = [b for b in map(_bounds, values) if b]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def node_spell(data: dict[str, Any]) -> tuple[str | None, str | None] | None:
    """Return a node's spell: its ``start``/``end``, else the span of its ``dates``.

    Examples
    --------
    >>> node_spell({"start": "2011-01-01", "end": "2011-02"})
    ('2011-01-01', '2011-02-28')
    >>> node_spell({"dates": ["2010", "2011-02-22"]})
    ('2010-01-01', '2011-02-22')
    >>> node_spell({}) is None
    True
    """
    if data.get("start") or data.get("end"):
        found = spell(data.get("start"), data.get("end"))
        if found is not None:
            return found
    if data.get("dates"):
        return spell(data.get("dates"))
    return None


def canvas(g: Any, *, side: float | None = None) -> dict[Any, tuple[float, float]]:
    """Return node positions scaled from the ``x``/``y`` layout to a drawing canvas.

    The layout is centred and stretched to a square of ``side`` pixels
    (default ``100 * sqrt(n)``, between 600 and 20,000) so that nodes of
    5 to 50 pixels neither pile up nor drift apart; ``y`` points up as in the
    layout (Gephi's convention; negate it for yEd and screens). Nodes
    without a finite position are left out.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.path_graph(3)
    >>> for n, x in enumerate([-6.0, 0.0, 3.0]):
    ...     g.nodes[n].update(x=x, y=x / 2)
    >>> canvas(g)[0], canvas(g)[2]
    ((-300.0, -150.0), (300.0, 150.0))
    """
    pos = {}
    for n, data in g.nodes(data=True):
        x, y = _numeric(data.get("x")), _numeric(data.get("y"))
        if x is not None and y is not None:
            pos[n] = (x, y)
    if not pos:
        return {}
    if side is None:
        side = min(max(100.0 * math.sqrt(len(pos)), 600.0), 20000.0)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    factor = side / extent if extent > 0 else 1.0
    return {n: ((x - cx) * factor, (y - cy) * factor) for n, (x, y) in pos.items()}


def _special(path: Path) -> bool:
    """Whether ``path`` exists and is not a regular file (a device, a FIFO, /dev/stdout)."""
    try:
        return path.exists() and not path.is_file()
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_failed(paths: list[Path], e: OSError, direct: bool) -> ExportError:
    names = " and ".join(str(p) for p in paths)
    kept = "" if direct else "the previous file is unchanged; "
    if not direct and len(paths) > 1:
        kept = "the previous files are unchanged; "
    return ExportError(
        f"cannot write {names}: {e.strerror or e}; {kept}free some space or choose another path"
    )


@contextlib.contextmanager
def atomic_files(
    paths: Iterable[str | os.PathLike[str]], *, binary: bool = False, newline: str | None = None
) -> Iterator[list[IO[Any]]]:
    """Open files for writing all at once: each a temporary file renamed over its path at the end.

    Every writer writes through this (one path for most formats, the node and
    edge tables of CSV together): the files appear only when the whole export
    was written and flushed to disk (``os.replace`` of a temporary file in the
    same directory), so a full disk or an error half-way leaves the previous
    export as it was and no partial file. A path that exists and is not a
    regular file (``/dev/stdout``, a FIFO, ``/dev/full``) is written directly.

    Raises
    ------
    ExportError
        One line naming the file(s) and the reason (no space left, permission
        denied, ...) when a file cannot be created or written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     a, b = pathlib.Path(d) / "a.csv", pathlib.Path(d) / "b.csv"
    ...     with atomic_files([a, b]) as (fa, fb):
    ...         _ = fa.write("x\\n"), fb.write("y\\n")
    ...         before = a.exists()
    ...     before, a.read_text(), sorted(p.name for p in pathlib.Path(d).iterdir())
    (False, 'x\\n', ['a.csv', 'b.csv'])
    """
    targets = [Path(p) for p in paths]
    handles: list[IO[Any]] = []
    temps: list[str | None] = []
    mode = "wb" if binary else "w"
    text = {} if binary else {"encoding": "utf-8", "newline": newline}
    try:
        try:
            for path in targets:
                if _special(path):
                    handles.append(open(path, mode, **text))  # noqa: SIM115
                    temps.append(None)
                    continue
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                temps.append(temp)
                os.fchmod(fd, 0o666 & ~_umask())
                handles.append(os.fdopen(fd, mode, **text))
        except OSError as e:
            raise ExportError(
                f"cannot write {path}: {e.strerror or e}; choose a writable path"
            ) from e
        try:
            yield handles
            for handle, temp in zip(handles, temps, strict=True):
                handle.flush()
                if temp is not None:
                    os.fsync(handle.fileno())
                handle.close()
            for temp, path in zip(temps, targets, strict=True):
                if temp is not None:
                    os.replace(temp, path)
        except OSError as e:
            raise _write_failed(targets, e, None in temps) from e
    finally:
        for handle in handles:
            with contextlib.suppress(OSError):
                handle.close()
        for temp in temps:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_files`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_bytes(pathlib.Path(d) / "x.nq", b"")
    ...     sorted(p.name for p in pathlib.Path(d).iterdir())
    ['x.nq']
    """
    with atomic_files([path], binary=True) as (handle,):
        handle.write(data)


@contextlib.contextmanager
def open_text(
    path_or_file: str | os.PathLike[str] | IO[Any], newline: str | None = None
) -> Iterator[IO[str]]:
    """Open a path for writing UTF-8 text (atomically, :func:`atomic_files`), or wrap an open file.

    Raises
    ------
    ExportError
        When the file cannot be created or written (a full disk: the previous
        file is kept).
    """
    if isinstance(path_or_file, str | os.PathLike):
        with atomic_files([path_or_file], newline=newline) as (handle,):
            yield handle
        return
    if isinstance(path_or_file, io.TextIOBase) or "b" not in getattr(path_or_file, "mode", "b"):
        yield path_or_file  # type: ignore[misc]
        return
    wrapper = io.TextIOWrapper(path_or_file, encoding="utf-8", newline=newline, write_through=True)  # type: ignore[arg-type]
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()
