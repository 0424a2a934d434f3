"""Graphviz DOT, written as a stream; ``dot -Tsvg`` renders it.

Every id and value is a quoted string with ``\\`` and ``"`` escaped and line
breaks written ``\\n`` (a centred line break in Graphviz labels). Nodes are
filled with the colour of their ``community`` (or ``type``), edges have a
``penwidth`` from their ``weight`` (1 to 6) and the ``kind`` as label. The
data attributes are kept as DOT attributes too (Graphviz ignores names it does
not know); names that mean something to Graphviz (``weight``, ``label``,
``color``, ``pos``, ...) get a ``tkg_`` prefix; lists are joined with ``|``.
A multigraph's edge key is the ``key`` attribute.

Examples
--------
>>> import io, networkx as nx
>>> g = nx.DiGraph([("a", "b", {"weight": 2.5})])
>>> g.nodes["a"]["label"] = 'say "hi"'
>>> buf = io.StringIO()
>>> write_dot(g, buf)
>>> print(buf.getvalue().splitlines()[4])
  "a" [label="say \\"hi\\"", "tkg_label"="say \\"hi\\""];
"""

from __future__ import annotations

import os
import re
from typing import IO, Any

from graph.export._common import edge_iter, format_value, open_text, plain, scan

__all__ = ["write_dot", "quote"]

#: Graphviz attribute names that the data attributes must not override.
GRAPHVIZ_NAMES = frozenset(
    """area arrowhead arrowsize arrowtail class color colorscheme comment constraint decorate
    dir distortion edgetooltip edgeURL fillcolor fixedsize fontcolor fontname fontsize gradientangle
    group headclip headlabel headport height href id image imagepos imagescale label labelangle
    labeldistance labelfloat labelfontcolor labelfontname labelfontsize layer len lhead lp ltail
    margin minlen nojustify ordering orientation penwidth peripheries pin pos rank rects regular
    samehead sametail shape shapefile showboxes sides skew sortv style tailclip taillabel tailport
    target tooltip URL vertices weight width xlabel xlp z""".split()
)

_ESCAPE = re.compile(r'(["\\])')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def quote(value: Any) -> str:
    """Return ``value`` as a quoted DOT string.

    Examples
    --------
    >>> print(quote('C:\\\\dir "x"\\nnext'))
    "C:\\\\dir \\"x\\"\\nnext"
    """
    text = _CONTROL.sub(" ", str(value))
    text = _ESCAPE.sub(r"\\\1", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _attrs(data: dict[str, Any], types: dict[str, str], extra: dict[str, str]) -> str:
    parts = [f"{name}={value}" for name, value in extra.items()]
    for key, value in data.items():
        kind = types.get(key)
        if kind is None:
            continue
        text = format_value(value, kind)
        if text is None:
            continue
        name = str(key)
        if name in GRAPHVIZ_NAMES or name == "key" or name.startswith("tkg_"):
            name = "tkg_" + name
        parts.append(f"{quote(name)}={quote(text)}")
    return " [" + ", ".join(parts) + "]" if parts else ""


def write_dot(g: Any, path_or_file: str | os.PathLike[str] | IO[Any]) -> None:
    """Write ``g`` as Graphviz DOT.

    Parameters
    ----------
    g : networkx.Graph
        Any graph (directed or not, multigraph or not).
    path_or_file : path or file
        Destination path, or an open text or binary file.

    Examples
    --------
    >>> import io, networkx as nx
    >>> buf = io.StringIO()
    >>> write_dot(nx.MultiGraph([(1, 2), (1, 2)]), buf)
    >>> buf.getvalue().count('"1" -- "2"')
    2
    """
    info = scan(g)
    arrow = "->" if g.is_directed() else "--"
    keyword = "digraph" if g.is_directed() else "graph"
    name = plain(g.graph.get("name")) or "tkg"
    with open_text(path_or_file) as fh:
        out = [f"{keyword} {quote(name)} {{\n"]
        out.append('  graph [charset="UTF-8", overlap=false, splines=true];\n')
        out.append(
            '  node [shape=ellipse, style=filled, fillcolor="#dddddd", fontname="Helvetica"];\n'
        )
        out.append('  edge [fontname="Helvetica", fontsize=9];\n')
        for n, data in g.nodes(data=True):
            label = plain(data.get("label"))
            extra = {"label": quote(str(n) if label is None else format_value(label, "string"))}
            color = info.color(data)
            if color:
                extra["fillcolor"] = quote(color)
            iri = plain(data.get("iri"))
            if isinstance(iri, str):
                extra["tooltip"] = quote(iri)
            out.append(f"  {quote(n)}{_attrs(data, info.node_types, extra)};\n")
            if len(out) > 2000:
                fh.write("".join(out))
                out.clear()
        for u, v, key, data in edge_iter(g):
            extra = {}
            weight = plain(data.get("weight"))
            if isinstance(weight, int | float) and not isinstance(weight, bool) and info.weight_max:
                if weight == weight:
                    extra["penwidth"] = f"{1.0 + 5.0 * min(abs(weight) / info.weight_max, 1.0):.3g}"
            kind = plain(data.get("kind"))
            if kind is not None:
                extra["label"] = quote(format_value(kind, "string"))
            if key is not None:
                extra["key"] = quote(key)
            out.append(f"  {quote(u)} {arrow} {quote(v)}{_attrs(data, info.edge_types, extra)};\n")
            if len(out) > 2000:
                fh.write("".join(out))
                out.clear()
        out.append("}\n")
        fh.write("".join(out))
