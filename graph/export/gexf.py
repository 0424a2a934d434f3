"""GEXF 1.3 for Gephi, written as a stream.

The writer makes two passes over the graph: one to learn attribute types,
colours and sizes (:func:`graph.export._common.scan`), one to write nodes and
edges as it goes, so memory does not grow with the file.

What Gephi gets:

- typed ``<attributes>`` (``integer``, ``long``, ``double``, ``boolean``,
  ``string``, ``liststring``); a ``liststring`` value is a JSON array
  (``["a", "b"]``), the list syntax Gephi parses;
- ``viz:color`` by ``community`` (or by ``type`` without communities),
  ``viz:size`` by ``pagerank`` (or ``degree``), ``viz:position`` from the
  ``x``/``y`` layout the analysis writes;
- edge ``weight``, ``kind`` and a thickness by weight;
- time: a node's ``start``/``end`` (else its ``dates``) and an edge's
  ``start``/``end`` become its lifetime, written both as the element's
  ``start``/``end`` attributes and as one ``<spell>`` (``networkx.read_gexf``
  reads them back as ``start``, ``end`` and ``spells``); the graph is then
  ``mode="dynamic" timeformat="date"`` so Gephi's timeline works. Years and
  months cover their first to last day.

Layout coordinates are multiplied by 1000 in ``viz:position`` (Gephi's scale);
``x`` and ``y`` are also kept unscaled as attributes.

Multigraph keys are kept in the ``networkx_key`` edge attribute (the name
:func:`networkx.read_gexf` restores keys from); edge ids are unique
(``e0``, ``e1``, ...).

Examples
--------
>>> import io, networkx as nx
>>> g = nx.DiGraph([("a", "b", {"weight": 2.0, "kind": "flow"})])
>>> buf = io.StringIO()
>>> write_gexf(g, buf)
>>> h = nx.read_gexf(io.StringIO(buf.getvalue()))
>>> h.edges["a", "b"]["weight"], h.edges["a", "b"]["kind"]
(2.0, 'flow')
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import IO, Any

from graph.export._common import (
    edge_iter,
    format_value,
    node_spell,
    open_text,
    plain,
    scan,
    spell,
    xml_attr,
    xml_text,
)

__all__ = ["write_gexf", "GEXF_NS", "VIZ_NS"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"

_GEXF_TYPE = {
    "boolean": "boolean",
    "integer": "integer",
    "long": "long",
    "double": "double",
    "string": "string",
    "list": "liststring",
}
_NODE_RESERVED = {"label", "start", "end"}
_EDGE_RESERVED = {"weight", "start", "end"}
_FLUSH = 2000


def _hex_rgb(color: str) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f'r="{r}" g="{g}" b="{b}"'


def _declare(out: list[str], cls: str, types: dict[str, str], ids: dict[str, str]) -> None:
    if not types:
        return
    out.append(f'    <attributes class="{cls}">\n')
    for i, (key, kind) in enumerate(types.items()):
        ids[key] = str(i)
        out.append(
            f'      <attribute id="{i}" title="{xml_attr(str(key))}" type="{_GEXF_TYPE[kind]}"/>\n'
        )
    out.append("    </attributes>\n")


def _attvalues(
    out: list[str], data: dict[str, Any], types: dict[str, str], ids: dict[str, str]
) -> None:
    values = []
    for key, value in data.items():
        kind = types.get(key)
        if kind is None:
            continue
        text = format_value(value, kind, list_format="json")
        if text is None:
            continue
        values.append(f'<attvalue for="{ids[key]}" value="{xml_attr(text)}"/>')
    if values:
        out.append("        <attvalues>")
        out.extend(values)
        out.append("</attvalues>\n")


def _spells(out: list[str], bounds: tuple[str | None, str | None] | None) -> None:
    if bounds is None:
        return
    start, end = bounds
    out.append(f'        <spells><spell start="{start}" end="{end}"/></spells>\n')


def _lifetime(bounds: tuple[str | None, str | None] | None) -> str:
    if bounds is None:
        return ""
    return f' start="{bounds[0]}" end="{bounds[1]}"'


def write_gexf(
    g: Any,
    path_or_file: str | os.PathLike[str] | IO[Any],
    *,
    creator: str = "tkg",
    description: str | None = None,
) -> None:
    """Write ``g`` as GEXF 1.3.

    Parameters
    ----------
    g : networkx.Graph
        Any graph (directed or not, multigraph or not).
    path_or_file : path or file
        Destination path, or an open text or binary file.
    creator : str, default "tkg"
        The ``<creator>`` of the meta block.
    description : str, optional
        The ``<description>``; defaults to ``g.graph["description"]``.

    Examples
    --------
    >>> import io, networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("x", label='a "quoted" <label>', dates=["2011-02"])
    >>> buf = io.StringIO()
    >>> write_gexf(g, buf)
    >>> 'mode="dynamic"' in buf.getvalue(), '<spell start="2011-02-01"' in buf.getvalue()
    (True, True)
    """
    info = scan(g)
    node_types = {k: v for k, v in info.node_types.items() if k not in _NODE_RESERVED}
    edge_types = {k: v for k, v in info.edge_types.items() if k not in _EDGE_RESERVED}
    multigraph = g.is_multigraph()
    if multigraph:
        keys = (k for *_, k, _ in edge_iter(g))
        integer = all(isinstance(k, int) and not isinstance(k, bool) for k in keys)
        edge_types = {"networkx_key": "long" if integer else "string", **edge_types}
        edge_types.pop("id", None)
    directed = g.is_directed()
    if description is None:
        description = plain(g.graph.get("description"))
    name = plain(g.graph.get("name"))

    with open_text(path_or_file) as fh:
        out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        out.append(f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" version="1.3">\n')
        out.append(f'  <meta lastmodifieddate="{_dt.date.today().isoformat()}">\n')
        out.append(f"    <creator>{xml_text(creator)}</creator>\n")
        if name:
            out.append(f"    <keywords>{xml_text(str(name))}</keywords>\n")
        if description:
            out.append(f"    <description>{xml_text(str(description))}</description>\n")
        out.append("  </meta>\n")
        mode = ' mode="dynamic" timeformat="date"' if info.dynamic else ' mode="static"'
        edgetype = "directed" if directed else "undirected"
        out.append(f'  <graph defaultedgetype="{edgetype}" idtype="string"{mode}>\n')
        node_ids: dict[str, str] = {}
        edge_ids: dict[str, str] = {}
        _declare(out, "node", node_types, node_ids)
        _declare(out, "edge", edge_types, edge_ids)
        out.append(f'    <nodes count="{g.number_of_nodes()}">\n')
        for n, data in g.nodes(data=True):
            nid = xml_attr(str(n))
            label = plain(data.get("label"))
            label = str(n) if label is None else format_value(label, "string") or ""
            bounds = node_spell(data) if info.dynamic else None
            out.append(f'      <node id="{nid}" label="{xml_attr(label)}"{_lifetime(bounds)}>\n')
            _attvalues(out, data, node_types, node_ids)
            _spells(out, bounds)
            color = info.color(data)
            if color:
                out.append(f"        <viz:color {_hex_rgb(color)}/>\n")
            out.append(f'        <viz:size value="{info.size(data):.4g}"/>\n')
            x, y = plain(data.get("x")), plain(data.get("y"))
            if isinstance(x, int | float) and isinstance(y, int | float):
                out.append(
                    f'        <viz:position x="{format_value(x * 1000, "double")}" '
                    f'y="{format_value(y * 1000, "double")}" z="0.0"/>\n'
                )
            out.append("      </node>\n")
            if len(out) > _FLUSH:
                fh.write("".join(out))
                out.clear()
        out.append("    </nodes>\n")
        out.append(f'    <edges count="{g.number_of_edges()}">\n')
        for i, (u, v, key, data) in enumerate(edge_iter(g)):
            attrs = f'id="e{i}" source="{xml_attr(str(u))}" target="{xml_attr(str(v))}"'
            weight = plain(data.get("weight"))
            if isinstance(weight, int | float) and not isinstance(weight, bool):
                attrs += f' weight="{format_value(weight, "double")}"'
            kind = plain(data.get("kind"))
            if kind is not None:
                attrs += f' kind="{xml_attr(format_value(kind, "string") or "")}"'
            bounds = None
            if info.dynamic and (data.get("start") or data.get("end")):
                bounds = spell(data.get("start"), data.get("end"))
            out.append(f"      <edge {attrs}{_lifetime(bounds)}>\n")
            values = {"networkx_key": key, **data} if multigraph else data
            _attvalues(out, values, edge_types, edge_ids)
            _spells(out, bounds)
            if isinstance(weight, int | float) and info.weight_max > 0 and weight == weight:
                thickness = 1.0 + 9.0 * min(abs(float(weight)) / info.weight_max, 1.0)
                out.append(f'        <viz:thickness value="{thickness:.4g}"/>\n')
            out.append("      </edge>\n")
            if len(out) > _FLUSH:
                fh.write("".join(out))
                out.clear()
        out.append("    </edges>\n  </graph>\n</gexf>\n")
        fh.write("".join(out))
