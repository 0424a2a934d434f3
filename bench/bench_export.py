"""Benchmark: tkg's streaming GEXF and GraphML writers against networkx's.

Builds a synthetic projection the size of a ~1-million-triple knowledge graph
(130 k nodes, 500 k edges by default) carrying the attribute contract of
``docs/ARCHITECTURE.md`` (labels, types, IRIs, report lists, measures,
communities, layout, dates; edge kinds, weights, facts, reports, predicates,
start dates), then writes it with :func:`graph.export.write` and with
networkx's ``write_gexf`` / ``write_graphml``, printing wall time and the peak
of Python allocations during the write (tracemalloc, in a second run so that
tracing does not slow the timed one) and the growth of resident memory of a
forked child running the write (which also sees C allocations, e.g. lxml's), for
each, and the ratios.

networkx's writers reject list attributes, so they get a copy of the graph
whose lists are joined into strings (made before timing).

Measured here (2 cores, 130 k nodes / 500 k edges)::

    format   writer      time s  py peak MB  RSS+ MB  file MB
    gexf     tkg           12.1         0.7      0.6    386.6
    gexf     networkx      22.6      1812.1   1916.0    318.4
    graphml  tkg            6.8        11.1      1.4    217.5
    graphml  networkx      13.7         0.0      2.1    250.0

(tkg's GEXF is larger: it adds colours, sizes, positions and date spells;
networkx's GraphML writer allocates in lxml, invisible to tracemalloc.)

Usage::

    python bench/bench_export.py                 # 130 k nodes, 500 k edges
    python bench/bench_export.py --nodes 20000   # quick run (edges scale along)
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.export import write  # noqa: E402

TYPES = ["Country", "Region", "CriminalGroup", "Person", "LawEnforcementAgency", "Route", "City"]
KINDS = ["flow", "memberOf", "operatesOn", "basedIn", "co-mention"]
ID = "https://w3id.org/tkg/id/"


def synthetic(nodes: int, edges: int, seed: int = 1) -> nx.DiGraph:
    """A DiGraph with the contract's node and edge attributes."""
    rnd = random.Random(seed)
    g = nx.DiGraph(name="full", description="synthetic benchmark projection")
    reports = [f"{ID}report/r{i}" for i in range(max(10, nodes // 50))]
    names = []
    for i in range(nodes):
        kind = TYPES[i % len(TYPES)]
        iri = f"{ID}{kind.lower()}/n{i}"
        names.append(iri)
        g.add_node(
            iri,
            label=f"{kind} {i} «{rnd.choice(['Ñandú', 'Tōkyō', 'A&B', 'x<y'])}»",
            type=kind,
            iri=iri,
            reports=rnd.sample(reports, 2),
            degree=rnd.randint(0, 50),
            betweenness=rnd.random() / 100,
            pagerank=rnd.random() / nodes,
            community=rnd.randint(0, 40),
            broker=rnd.random() < 0.05,
            x=rnd.uniform(-1, 1),
            y=rnd.uniform(-1, 1),
            dates=[f"20{rnd.randint(10, 24)}-{rnd.randint(1, 12):02d}"],
        )
    count = 0
    while count < edges:
        u = names[int(rnd.paretovariate(1.2)) % nodes]
        v = names[rnd.randrange(nodes)]
        if u == v or g.has_edge(u, v):
            continue
        count += 1
        g.add_edge(
            u,
            v,
            kind=rnd.choice(KINDS),
            weight=float(rnd.randint(1, 20)),
            facts=rnd.randint(1, 20),
            reports=rnd.sample(reports, 1),
            predicates=["https://w3id.org/tkg/ontology#destination"],
            start=f"20{rnd.randint(10, 24)}-{rnd.randint(1, 12):02d}-01",
        )
    return g


def joined(g: nx.DiGraph) -> nx.DiGraph:
    """A copy whose list attributes are strings (networkx's writers reject lists)."""
    h = g.copy()
    for _, d in h.nodes(data=True):
        for k, v in d.items():
            if isinstance(v, list):
                d[k] = "|".join(v)
    for *_, d in h.edges(data=True):
        for k, v in d.items():
            if isinstance(v, list):
                d[k] = "|".join(v)
    return h


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_growth(fn: Callable[[], Any]) -> float:
    """Peak resident memory (MB) that ``fn`` adds, measured in a forked child.

    Counts memory allocated in C too (networkx's GraphML writer uses lxml),
    which tracemalloc does not see. The child resets its high-water mark
    (``/proc/self/clear_refs``), runs ``fn`` and reports ``VmHWM - VmRSS``
    from before. Linux only; NaN elsewhere.
    """
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/clear_refs"):
        return float("nan")
    read, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        value = float("nan")
        try:
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
            base = _status_mb("VmRSS")
            fn()
            value = _status_mb("VmHWM") - base
        finally:
            os.write(write_end, repr(value).encode())
            os._exit(0)
    os.close(write_end)
    data = os.read(read, 64)
    os.close(read)
    os.waitpid(pid, 0)
    return float(data.decode() or "nan")


def measure(fn: Callable[[], Any]) -> tuple[float, float]:
    """Wall time (s, untraced run) and peak traced allocation (MB, traced run) of ``fn``."""
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=130_000)
    parser.add_argument("--edges", type=int, default=None, help="default: about 3.85 x nodes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    edges = args.edges or int(args.nodes * 500 / 130)
    t0 = time.perf_counter()
    g = synthetic(args.nodes, edges, args.seed)
    h = joined(g)
    print(
        f"graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges "
        f"(built in {time.perf_counter() - t0:.1f} s)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        runs = {
            "gexf": (
                lambda: write(g, d / "tkg.gexf"),
                lambda: nx.write_gexf(h, d / "nx.gexf", version="1.2draft"),
            ),
            "graphml": (
                lambda: write(g, d / "tkg.graphml"),
                lambda: nx.write_graphml(h, d / "nx.graphml"),
            ),
        }
        print(
            f"{'format':8} {'writer':9} {'time s':>8} {'py peak MB':>11} {'RSS+ MB':>8} {'file MB':>8}"
        )
        for fmt, (ours, theirs) in runs.items():
            t_ours, m_ours = measure(ours)
            r_ours = rss_growth(ours)
            size_ours = os.path.getsize(d / f"tkg.{fmt}") / 2**20
            t_nx, m_nx = measure(theirs)
            r_nx = rss_growth(theirs)
            size_nx = os.path.getsize(d / f"nx.{fmt}") / 2**20
            print(f"{fmt:8} {'tkg':9} {t_ours:8.1f} {m_ours:11.1f} {r_ours:8.1f} {size_ours:8.1f}")
            print(f"{fmt:8} {'networkx':9} {t_nx:8.1f} {m_nx:11.1f} {r_nx:8.1f} {size_nx:8.1f}")
            print(
                f"{fmt:8} {'ratio':9} {t_ours / t_nx:8.2f} {m_ours / max(m_nx, 1e-9):11.3f} "
                f"{r_ours / max(r_nx, 1e-9):8.3f}   (tkg / networkx: < 1 is better)"
            )


if __name__ == "__main__":
    main()
