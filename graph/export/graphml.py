"""GraphML for yEd, Cytoscape, Gephi and graph libraries, written as a stream.

Keys are typed (``attr.type`` ``int``, ``long``, ``double``, ``boolean`` or
``string``); lists become strings joined by ``|``
(:data:`graph.export._common.LIST_SEPARATOR`); ``None`` is omitted; numbers
that are not finite are written ``NaN``, ``INF`` and ``-INF`` as XML Schema
doubles. Every edge has a unique id (``e0``, ``e1``, ...); a multigraph's
edge keys are kept in the ``key`` edge attribute.

Drawing keys, read by yEd, Gephi and graph libraries:

- Gephi's node keys ``label``, ``x``, ``y`` (positions on a canvas of about
  1,000 to 20,000 pixels, :func:`graph.export._common.canvas`, ``y`` up),
  ``size`` (5 to 50 by ``pagerank``, else ``degree``) and ``r``, ``g``,
  ``b`` (the colour of the node's community, else its type); also ``color``
  as ``#rrggbb`` for tools that read one attribute;
- yEd's ``nodegraphics`` (``y:ShapeNode``: geometry, fill colour, label,
  ellipse) and ``edgegraphics`` (``y:PolyLineEdge`` with a width by weight and
  an arrow when directed). yEd draws these without a layout step. They are
  GraphML extension content: the file validates against yEd's schema, and
  against plain ``graphml.xsd`` once the ``y:`` elements are set aside.

Time: ``start`` and ``end`` (ISO dates) are ordinary node and edge keys.

GraphML ids are XML name tokens (``xs:NMTOKEN``: no ``/``, ``#``, spaces), which
IRIs are not. When every node id is a name token it is written as it is;
otherwise nodes get ids ``n0``, ``n1``, ... (as yEd writes them) and the
original id is kept in the ``id`` node attribute.

Examples
--------
>>> import io, networkx as nx
>>> g = nx.Graph([("a", "b", {"weight": 1.5, "reports": ["r1", "r2"]})])
>>> buf = io.BytesIO()
>>> write_graphml(g, buf)
>>> h = nx.read_graphml(io.BytesIO(buf.getvalue()))
>>> h.edges["a", "b"]["weight"], h.edges["a", "b"]["reports"]
(1.5, 'r1|r2')
>>> g = nx.Graph([("https://w3id.org/tkg/id/country/ITA", "x y")])
>>> buf = io.StringIO()
>>> write_graphml(g, buf)
>>> h = nx.read_graphml(io.StringIO(buf.getvalue()))
>>> sorted(h.nodes(data="id"))
[('n0', 'https://w3id.org/tkg/id/country/ITA'), ('n1', 'x y')]
"""

from __future__ import annotations

import os
import re
from typing import IO, Any

from graph.export._common import (
    canvas,
    edge_iter,
    format_value,
    infer_types,
    open_text,
    plain,
    scan,
    xml_attr,
    xml_text,
)

__all__ = ["write_graphml", "GRAPHML_NS"]

_NMTOKEN = re.compile(r"^[\w.\-:\u00b7\u0300-\u036f\u203f\u2040]+$")

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_TYPE = {
    "boolean": "boolean",
    "integer": "int",
    "long": "long",
    "double": "double",
    "string": "string",
    "list": "string",
}
_FLUSH = 2000
YFILES_NS = "http://www.yworks.com/xml/graphml"
_GREY = "#bab0ac"
#: Drawing attributes written for every node (names Gephi's GraphML importer reads).
_DRAWING = {"x": "double", "y": "double", "size": "double", "r": "integer", "g": "integer",
            "b": "integer", "color": "string"}  # fmt: skip


def _yed_node(label: str, x: float, y: float, size: float, color: str) -> str:
    side = size + 10.0
    return (
        f'<y:ShapeNode><y:Geometry height="{side:.1f}" width="{side:.1f}" '
        f'x="{x - side / 2:.2f}" y="{-y - side / 2:.2f}"/>'
        f'<y:Fill color="{color}" transparent="false"/>'
        '<y:BorderStyle color="#FFFFFF" type="line" width="1.0"/>'
        f'<y:NodeLabel modelName="sides" modelPosition="s">{xml_text(label)}</y:NodeLabel>'
        '<y:Shape type="ellipse"/></y:ShapeNode>'
    )


def _yed_edge(width: float, directed: bool) -> str:
    target = "standard" if directed else "none"
    return (
        f'<y:PolyLineEdge><y:LineStyle color="#999999" type="line" width="{width:.2f}"/>'
        f'<y:Arrows source="none" target="{target}"/></y:PolyLineEdge>'
    )


def _keys(
    out: list[str], domain: str, types: dict[str, str], prefix: str, ids: dict[str, str]
) -> None:
    for i, (name, kind) in enumerate(types.items()):
        ids[name] = f"{prefix}{i}"
        out.append(
            f'  <key id="{prefix}{i}" for="{domain}" attr.name="{xml_attr(str(name))}" '
            f'attr.type="{_TYPE[kind]}"/>\n'
        )


def _data(out: list[str], data: dict[str, Any], types: dict[str, str], ids: dict[str, str]) -> None:
    for name, value in data.items():
        kind = types.get(name)
        if kind is None:
            continue
        text = format_value(value, kind)
        if text is not None:
            out.append(f'<data key="{ids[name]}">{xml_text(text)}</data>')


def write_graphml(g: Any, path_or_file: str | os.PathLike[str] | IO[Any]) -> None:
    """Write ``g`` as GraphML.

    Parameters
    ----------
    g : networkx.Graph
        Any graph (directed or not, multigraph or not).
    path_or_file : path or file
        Destination path, or an open text or binary file.

    Examples
    --------
    >>> import io, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", kind="flow")
    >>> _ = g.add_edge("a", "b", kind="flow")
    >>> buf = io.StringIO()
    >>> write_graphml(g, buf)
    >>> buf.getvalue().count('<edge id="e')
    2
    """
    info = scan(g)
    node_types = info.node_types
    edge_types = dict(info.edge_types)
    multigraph = g.is_multigraph()
    if multigraph:
        key_types = infer_types({"key": k} for *_, k, _ in edge_iter(g))
        edge_types = {**key_types, **{k: v for k, v in edge_types.items() if k != "key"}}
    node_types = {k: v for k, v in node_types.items() if k not in _DRAWING}
    node_types = {**node_types, **_DRAWING}
    if "label" not in node_types:
        node_types = {"label": "string", **node_types}
    positions = canvas(g)
    directed = g.is_directed()
    graph_types = infer_types([g.graph])
    raw = all(_NMTOKEN.match(str(n)) for n in g)
    ids: dict[Any, str] = {} if raw else {n: f"n{i}" for i, n in enumerate(g)}
    if not raw:
        node_types = {"id": "string", **{k: v for k, v in node_types.items() if k != "id"}}
    with open_text(path_or_file) as fh:
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        out.append(
            f'<graphml xmlns="{GRAPHML_NS}" xmlns:y="{YFILES_NS}" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        graph_ids: dict[str, str] = {}
        node_ids: dict[str, str] = {}
        edge_ids: dict[str, str] = {}
        _keys(out, "graph", graph_types, "kg", graph_ids)
        _keys(out, "node", node_types, "kn", node_ids)
        _keys(out, "edge", edge_types, "ke", edge_ids)
        out.append('  <key id="yn" for="node" yfiles.type="nodegraphics"/>\n')
        out.append('  <key id="ye" for="edge" yfiles.type="edgegraphics"/>\n')
        edgedefault = "directed" if directed else "undirected"
        out.append(f'  <graph id="G" edgedefault="{edgedefault}">\n')
        if graph_types:
            out.append("    ")
            _data(out, g.graph, graph_types, graph_ids)
            out.append("\n")
        for n, data in g.nodes(data=True):
            label = plain(data.get("label"))
            label = str(n) if label is None or isinstance(label, list) else str(label)
            color = info.color(data) or _GREY
            size = info.size(data)
            x, y = positions.get(n, (0.0, 0.0))
            r, gr, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
            drawing = {"label": label, "x": x, "y": y, "size": size, "r": r, "g": gr, "b": b}
            drawing["color"] = color
            values = {**data, **drawing}
            nid = xml_attr(str(n)) if raw else ids[n]
            out.append(
                f'    <node id="{nid}"><data key="yn">{_yed_node(label, x, y, size, color)}</data>'
            )
            _data(out, values if raw else {**values, "id": str(n)}, node_types, node_ids)
            out.append("</node>\n")
            if len(out) > _FLUSH:
                fh.write("".join(out))
                out.clear()
        for i, (u, v, key, data) in enumerate(edge_iter(g)):
            source, target = (str(u), str(v)) if raw else (ids[u], ids[v])
            out.append(
                f'    <edge id="e{i}" source="{xml_attr(source)}" target="{xml_attr(target)}">'
            )
            weight = plain(data.get("weight"))
            width = 1.0
            if isinstance(weight, int | float) and info.weight_max > 0 and weight == weight:
                width = 1.0 + 4.0 * min(abs(float(weight)) / info.weight_max, 1.0)
            out.append(f'<data key="ye">{_yed_edge(width, directed)}</data>')
            _data(out, {**data, "key": key} if multigraph else data, edge_types, edge_ids)
            out.append("</edge>\n")
            if len(out) > _FLUSH:
                fh.write("".join(out))
                out.clear()
        out.append("  </graph>\n</graphml>\n")
        fh.write("".join(out))
