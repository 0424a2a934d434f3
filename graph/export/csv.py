"""Node and edge tables as CSV for Kumu, Flourish and Gephi's spreadsheet import.

``write_csv(g, "out/flow.csv")`` writes two files beside each other,
``out/flow.nodes.csv`` and ``out/flow.edges.csv`` (a path ending in
``.nodes.csv`` or ``.edges.csv`` names the same pair):

- nodes: ``Id,Label,`` then ``Start,End`` when any node has a time, then every
  other attribute (sorted by first use);
- edges: ``Source,Target,Type,Weight,Id,`` then ``Key`` for multigraphs,
  ``Start,End`` when any edge has a time, and every other attribute; ``Type``
  is ``Directed`` or ``Undirected`` (Gephi).

``Start`` and ``End`` are ISO dates (the ``start``/``end`` attributes of
:func:`graph.export.enrich.enrich`), the column names Gephi's spreadsheet
import and Kumu read as a time interval.

Values: lists joined with ``|`` (Kumu's multi-value separator), booleans
``true``/``false``, ``None`` an empty cell; UTF-8 without BOM, RFC 4180 quoting
(so labels with commas, quotes and newlines survive).

Examples
--------
>>> import csv, tempfile, pathlib, networkx as nx
>>> g = nx.DiGraph([("a", "b", {"weight": 2.0, "kind": "flow"})])
>>> with tempfile.TemporaryDirectory() as d:
...     paths = write_csv(g, pathlib.Path(d) / "flow.csv")
...     rows = list(csv.DictReader(open(paths[1], encoding="utf-8")))
>>> [p.name for p in paths], rows[0]["Source"], rows[0]["kind"]
(['flow.nodes.csv', 'flow.edges.csv'], 'a', 'flow')
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import Any

from graph.exceptions import ExportError
from graph.export._common import atomic_files, edge_iter, format_value, plain, scan

__all__ = ["write_csv", "csv_paths"]

_TIME = {"Start": "start", "End": "end"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(row: list[str]) -> list[str]:
    """Control characters (other than tab and line breaks) become U+FFFD."""
    return [_CONTROL.sub("\ufffd", cell) if cell else cell for cell in row]


def csv_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Return the node and edge table paths for ``path``.

    Examples
    --------
    >>> [p.name for p in csv_paths("out/flow.csv")]
    ['flow.nodes.csv', 'flow.edges.csv']
    >>> [p.name for p in csv_paths("out/flow.edges.csv")]
    ['flow.nodes.csv', 'flow.edges.csv']
    """
    p = Path(path)
    name = p.name
    for suffix in (".nodes.csv", ".edges.csv", ".csv"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return p.with_name(name + ".nodes.csv"), p.with_name(name + ".edges.csv")


def _columns(types: dict[str, str], fixed: dict[str, str]) -> list[tuple[str, str]]:
    """(column header, attribute) pairs: the fixed ones first, the rest by name."""
    taken = {c.lower() for c in fixed}
    cols = list(fixed.items())
    for name in types:
        if name in fixed.values():
            continue
        header = str(name)
        while header.lower() in taken:
            header += "_"
        taken.add(header.lower())
        cols.append((header, name))
    return cols


def write_csv(g: Any, path: str | os.PathLike[str]) -> list[Path]:
    """Write the node and edge tables of ``g``.

    Parameters
    ----------
    g : networkx.Graph
        Any graph (directed or not, multigraph or not).
    path : path
        ``<stem>.csv``; the tables are ``<stem>.nodes.csv`` and ``<stem>.edges.csv``.

    Returns
    -------
    list of pathlib.Path
        The node table, then the edge table.

    Raises
    ------
    ExportError
        When ``path`` is an open file or a device (two tables need two files),
        or a table cannot be written (both tables are written to temporary
        files and renamed together at the end: a full disk leaves the previous
        pair as it was).
    """
    if not isinstance(path, str | os.PathLike):
        raise ExportError(
            "CSV export writes two tables (<stem>.nodes.csv and <stem>.edges.csv); "
            "give a file path, not an open file"
        )
    if Path(path).exists() and not Path(path).is_file():
        raise ExportError(
            f"CSV export writes two tables (<stem>.nodes.csv and <stem>.edges.csv) but {path} "
            "is not a regular file; give a file path such as out/flow.csv"
        )
    node_path, edge_path = csv_paths(path)
    info = scan(g)
    node_fixed = {"Id": "\0id", "Label": "label"}
    node_fixed.update({h: a for h, a in _TIME.items() if a in info.node_types})
    node_cols = _columns(info.node_types, node_fixed)
    fixed = {"Source": "\0u", "Target": "\0v", "Type": "\0type", "Weight": "weight", "Id": "\0eid"}
    if g.is_multigraph():
        fixed["Key"] = "\0key"
    fixed.update({h: a for h, a in _TIME.items() if a in info.edge_types})
    edge_cols = _columns(info.edge_types, fixed)
    node_types = info.node_types
    with atomic_files([node_path, edge_path], newline="") as (fh, edge_fh):
        writer = csv.writer(fh)
        writer.writerow([h for h, _ in node_cols])
        for n, data in g.nodes(data=True):
            row = []
            for _, name in node_cols:
                if name == "\0id":
                    row.append(str(n))
                elif name == "label":
                    label = plain(data.get("label"))
                    row.append(
                        str(n) if label is None else format_value(label, node_types["label"])
                    )
                else:
                    row.append(format_value(data.get(name), node_types[name]) or "")
            writer.writerow(_clean(row))
        direction = "Directed" if g.is_directed() else "Undirected"
        edge_types = info.edge_types
        writer = csv.writer(edge_fh)
        writer.writerow([h for h, _ in edge_cols])
        for i, (u, v, key, data) in enumerate(edge_iter(g)):
            special = {"\0u": str(u), "\0v": str(v), "\0type": direction, "\0eid": f"e{i}"}
            special["\0key"] = "" if key is None else str(key)
            row = []
            for _, name in edge_cols:
                if name in special:
                    row.append(special[name])
                elif name in edge_types:
                    row.append(format_value(data.get(name), edge_types[name]) or "")
                else:
                    row.append("")
            writer.writerow(_clean(row))
    return [node_path, edge_path]
