"""GraphML for yEd, Cytoscape, Gephi and graph libraries, written as a stream.

Keys are typed (``attr.type`` ``int``, ``long``, ``double``, ``boolean`` or
``string``); lists become strings joined by ``|``
(:data:`graph.export._common.LIST_SEPARATOR`); ``None`` is omitted; numbers
that are not finite are written ``NaN``, ``INF`` and ``-INF`` as XML Schema
doubles. Every edge has a unique id (``e0``, ``e1``, ...); a multigraph's
edge keys are kept in the ``key`` edge attribute.

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
    edge_iter,
    format_value,
    infer_types,
    open_text,
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
    graph_types = infer_types([g.graph])
    raw = all(_NMTOKEN.match(str(n)) for n in g)
    ids: dict[Any, str] = {} if raw else {n: f"n{i}" for i, n in enumerate(g)}
    if not raw:
        node_types = {"id": "string", **{k: v for k, v in node_types.items() if k != "id"}}
    with open_text(path_or_file) as fh:
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        out.append(
            f'<graphml xmlns="{GRAPHML_NS}" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        graph_ids: dict[str, str] = {}
        node_ids: dict[str, str] = {}
        edge_ids: dict[str, str] = {}
        _keys(out, "graph", graph_types, "kg", graph_ids)
        _keys(out, "node", node_types, "kn", node_ids)
        _keys(out, "edge", edge_types, "ke", edge_ids)
        edgedefault = "directed" if g.is_directed() else "undirected"
        out.append(f'  <graph id="G" edgedefault="{edgedefault}">\n')
        if graph_types:
            out.append("    ")
            _data(out, g.graph, graph_types, graph_ids)
            out.append("\n")
        for n, data in g.nodes(data=True):
            if raw:
                out.append(f'    <node id="{xml_attr(str(n))}">')
                _data(out, data, node_types, node_ids)
            else:
                out.append(f'    <node id="{ids[n]}">')
                _data(out, {**data, "id": str(n)}, node_types, node_ids)
            out.append("</node>\n")
            if len(out) > _FLUSH:
                fh.write("".join(out))
                out.clear()
        for i, (u, v, key, data) in enumerate(edge_iter(g)):
            source, target = (str(u), str(v)) if raw else (ids[u], ids[v])
            out.append(
                f'    <edge id="e{i}" source="{xml_attr(source)}" target="{xml_attr(target)}">'
            )
            _data(out, {**data, "key": key} if multigraph else data, edge_types, edge_ids)
            out.append("</edge>\n")
            if len(out) > _FLUSH:
                fh.write("".join(out))
                out.clear()
        out.append("  </graph>\n</graphml>\n")
        fh.write("".join(out))
