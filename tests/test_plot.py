"""Figures (graph/plot.py): PNG and SVG written, placeholders for empty inputs."""

from __future__ import annotations

import sys

import networkx as nx
import pytest

from graph.analysis import measure
from graph.exceptions import AnalysisError
from graph.plot import plot_centrality, plot_network, plot_route_map, plot_timeline

PNG = b"\x89PNG\r\n\x1a\n"


def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == PNG
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_importing_plot_does_not_import_matplotlib():
    import subprocess

    code = "import sys, graph.plot, graph.analysis; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_network_figure_has_layout_and_both_formats(tmp_path):
    g = nx.DiGraph(name="flow")
    for i in range(30):
        g.add_edge(f"n{i}", f"n{(i * 7) % 30}", weight=1.0 + i % 3)
        g.nodes[f"n{i}"]["label"] = f"Place number {i}"
    measure(g, seed=1)
    png, svg = plot_network(g, tmp_path / "net", top=5, seed=1)
    assert (png.name, svg.name) == ("net.png", "net.svg")
    width, height = _png_size(png)
    assert width > 800 and height > 600
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert all("x" in d and "y" in d for _, d in g.nodes(data=True))
    # the same seed gives the same layout
    before = {n: (d["x"], d["y"]) for n, d in g.nodes(data=True)}
    plot_network(g, tmp_path / "net2", top=5, seed=1)
    assert {n: (d["x"], d["y"]) for n, d in g.nodes(data=True)} == before


def test_network_figure_draws_only_the_top_nodes_of_big_graphs(tmp_path):
    g = nx.barabasi_albert_graph(400, 2, seed=1)
    measure(g)
    plot_network(g, tmp_path / "big")
    drawn = {n for n, d in g.nodes(data=True) if "x" in d}
    top = sorted(g, key=lambda n: -g.nodes[n]["pagerank"])[:120]
    assert 100 <= len(drawn) <= 120 and drawn <= set(top)


def test_labels_do_not_overlap():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from graph.plot import _place_labels

    fig, ax = plt.subplots(figsize=(8, 6))
    points = [(0.5 + 0.01 * i, 0.5, f"label number {i}", 5.0) for i in range(12)]
    ax.scatter([p[0] for p in points], [p[1] for p in points])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    placed = _place_labels(fig, ax, points, [(x, y, r) for x, y, _, r in points])
    from matplotlib.text import Text

    boxes = [Text.get_window_extent(t) for t in ax.texts]
    assert placed == len(boxes) >= 6  # 12 labels on one spot: half fit
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    plt.close(fig)


def test_route_map_uses_coordinates(tmp_path):
    g = nx.DiGraph()
    for iri, label, lat, lon in [
        ("t", "Tunisia", 34, 9),
        ("i", "Italy", 42.8, 12.8),
        ("l", "Libya", 27, 17),
    ]:
        g.add_node(iri, label=label, type="Country", lat=lat, lon=lon)
    g.add_node("na", label="North Africa", type="Region")  # no coordinates: listed, not drawn
    g.add_edge("t", "i", weight=3.0)
    g.add_edge("l", "i", weight=1.0)
    g.add_edge("na", "i", weight=1.0)
    measure(g)
    png, svg = plot_route_map(g, tmp_path / "map")
    assert _png_size(png)[0] > 800 and svg.exists()


def test_empty_inputs_give_placeholder_figures(tmp_path):
    for paths in (
        plot_network(nx.DiGraph(name="flow"), tmp_path / "a"),
        plot_route_map(nx.DiGraph([("x", "y")]), tmp_path / "b"),
        plot_centrality(nx.Graph(), tmp_path / "c"),
        plot_timeline([{"date": "not a date", "type": "Arrest"}], tmp_path / "d"),
    ):
        assert [p.suffix for p in paths] == [".png", ".svg"]
        assert paths[0].read_bytes()[:8] == PNG


def test_timeline_and_centrality(tmp_path):
    evs = [
        {"date": "2011-01-01", "end": "2011-03-31", "type": "MigrationFlow", "label": "flow"},
        {"date": "2011-02-15", "end": "2011-02-15", "type": "Statement", "dated_by": "fact"},
        {"date": "2010-06-01", "end": "2010-06-01", "type": "Arrest", "dated_by": "report"},
    ]
    assert plot_timeline(evs, tmp_path / "t")[0].stat().st_size > 10_000
    g = nx.star_graph(5)
    measure(g)
    png, _ = plot_centrality(g, tmp_path / "bars", measure="betweenness", top=3)
    assert _png_size(png)[1] < _png_size(plot_centrality(g, tmp_path / "b6", top=6)[0])[1]


def test_unwritable_target_is_an_analysis_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(AnalysisError, match="cannot write figure"):
        plot_centrality(nx.path_graph(2), blocker / "sub" / "bars")


def test_route_map_draws_the_basemap_and_anchors_regions(tmp_path):
    from graph.basemap import REGION_ANCHORS, equal_earth

    g = nx.DiGraph()
    g.add_node("l", label="Libya", type="Country", lat=27.0, lon=17.0, iri="id/country/LBY")
    g.add_node("i", label="Italy", type="Country", lat=42.8, lon=12.8, iri="id/country/ITA")
    na = "https://w3id.org/tkg/id/region/north-africa"
    g.add_node(na, label="North Africa", type="Region", lat=26.0, lon=17.0, iri=na)  # a centroid
    g.add_edge("l", "i", weight=2.0)
    g.add_edge(na, "i", weight=1.0)
    measure(g)
    png, svg = plot_route_map(g, tmp_path / "map")
    text = svg.read_text(encoding="utf-8")
    # the Natural Earth layers: country polygons (borders) and the coastline
    assert 'id="basemap-countries"' in text and 'id="basemap-coastline"' in text
    assert text.count("<path") > 150  # Natural Earth outlines, not a bare grid
    assert "Natural Earth" in text  # the attribution
    lat, lon = REGION_ANCHORS["north-africa"]
    assert 30 <= lat <= 34 and 8 <= lon <= 20  # on the southern Mediterranean coast
    x, _ = equal_earth([lon], [lat])
    assert abs(float(x[0])) < 20
    assert _png_size(png)[0] > 800


def test_network_figure_at_500_nodes_labels_only_the_top_nodes(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.text import Text

    import graph.plot as plot

    g = nx.powerlaw_cluster_graph(500, 2, 0.3, seed=3)
    g = nx.relabel_nodes(g, {i: f"n{i:03d}" for i in g})
    for n in g:
        g.nodes[n]["label"] = f"Place number {n}"
    measure(g)
    seen = {}
    save = plot._save

    def spy(fig, stem):
        fig.canvas.draw()
        ax = fig.axes[0]
        seen["boxes"] = [Text.get_window_extent(t) for t in ax.texts]
        seen["widths"] = [lw for c in ax.collections for lw in c.get_linewidths()]
        return save(fig, stem)

    plot._save = spy
    try:
        plot.plot_network(g, tmp_path / "net", top=10)
    finally:
        plot._save = save
    boxes = seen["boxes"]
    assert 3 <= len(boxes) <= 10  # labels on the top nodes only
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert max(seen["widths"]) < 2.5  # thin links: the nodes stay visible
