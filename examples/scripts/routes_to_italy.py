"""Extract a report, then ask the flow network where people reach Italy from.

Run: python examples/scripts/routes_to_italy.py
"""

from pathlib import Path

from graph.extract import extract_file
from graph.load import load_graphs
from graph.network import project
from graph.store import open_store

HERE = Path(__file__).resolve().parent.parent

store = open_store("memory")
load_graphs(store, [extract_file(HERE / "reports" / "cnn-2011-europol-north-africa.txt")])
flows = project(store, "flow")
italy = "https://w3id.org/tkg/id/country/ITA"
print(f"flow graph: {flows.number_of_nodes()} places, {flows.number_of_edges()} links")
for origin, _, data in sorted(flows.in_edges(italy, data=True)):
    label = flows.nodes[origin].get("label", origin)
    print(f"{label} -> Italy: {data.get('facts', data.get('weight'))} supporting facts")
