"""Timing checks that used to be unit tests: validation of a report-sized graph, the gazetteer index.

Unit tests assert what the code does; how fast it does it is measured here,
printed beside a baseline measured in the same run (a loaded machine slows
both sides alike), with the goal the old test asserted.

1. ``validate``: :func:`graph.validate.validate_graph` on a report-sized graph
   (about 450 triples, written here) with the precomputed RDFS expansion,
   against ``exact_rdfs=True`` (pyshacl's own ``inference="rdfs"``, the
   baseline); goal: under 2 s (was ``test_validation_of_a_report_sized_graph_is_fast``).
2. ``places``: building the gazetteer index on first lookup, against parsing
   ``places.ttl`` with rdflib alone (the baseline); goal: under 1 s (was
   ``test_index_builds_fast``).
3. ``projection``: the ``full`` projection of a synthetic KG
   (``bench/synth_kg.py``) with the networkx-internals fast path of
   :mod:`graph._fast` and with its public-API fallback (same graph checked).

Usage::

    python bench/bench_checks.py [--repeat 3] [--triples 20000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHECKS = ("validate", "places", "projection")
TKG = "https://w3id.org/tkg/ontology#"
ID = "https://w3id.org/tkg/id/"


def report_sized_turtle(n: int = 40) -> str:
    """A conforming report-sized graph: one report, ``n`` statistics, evidences and flows."""
    parts = [
        f"@prefix tkg: <{TKG}> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        f"@prefix r: <{ID}report/t/> .",
        f"@prefix country: <{ID}country/> .",
        f"<{ID}report/t> a tkg:Report .",
        'country:ITA a tkg:Country ; tkg:isoCode "IT" .',
    ]
    for i in range(n):
        parts.append(
            f"r:s{i} a tkg:Statistic ; tkg:measure tkg:VictimCount ; tkg:value {i} ; "
            f'tkg:unit "persons" ; tkg:evidence r:e{i} ; tkg:confidence 0.8 .\n'
            f'r:e{i} a tkg:Evidence ; tkg:text "s{i}" ; tkg:charStart {i} ; tkg:charEnd {i + 5} ; '
            f"tkg:inReport <{ID}report/t> .\n"
            f"r:f{i} a tkg:MigrationFlow ; tkg:destination country:ITA ; tkg:count {i} ; "
            f"tkg:evidence r:e{i} ."
        )
    return "\n".join(parts)


def _best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def bench_validate(repeat: int) -> dict:
    import rdflib

    from graph.validate import validate_graph

    g = rdflib.Graph().parse(data=report_sized_turtle(), format="turtle")
    validate_graph(g)  # warm the caches (shapes, ontology, expansion)
    validate_graph(g, exact_rdfs=True)
    fast, report = _best(lambda: validate_graph(g), repeat)
    exact, report_exact = _best(lambda: validate_graph(g, exact_rdfs=True), repeat)
    assert report.conforms and report_exact.conforms, "the benchmark graph must conform"
    print(
        f"validate {len(g)} triples: tkg {fast:.3f} s, pyshacl rdfs (baseline) {exact:.3f} s, "
        f"ratio {exact / fast:.1f}x; goal < 2 s: {'met' if fast < 2 else 'NOT MET'}"
    )
    return {"triples": len(g), "fast_s": fast, "baseline_s": exact}


def bench_places(repeat: int) -> dict:
    import rdflib

    import ontology
    from ontology import places

    def build() -> None:
        places._index.cache_clear()
        ontology.places_graph.cache_clear()
        places.lookup("Italy")

    def parse() -> None:
        rdflib.Graph().parse(ontology.path("places.ttl"), format="turtle")

    index, _ = _best(build, repeat)
    baseline, _ = _best(parse, repeat)
    print(
        f"places index: tkg {index:.3f} s, rdflib parse of places.ttl (baseline) {baseline:.3f} s; "
        f"goal < 1 s: {'met' if index < 1 else 'NOT MET'}"
    )
    return {"index_s": index, "baseline_s": baseline}


def bench_projection(repeat: int, triples: int) -> dict:
    from bench.synth_kg import generate
    from graph import _fast
    from graph.network import project
    from graph.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "kg.nq"
        generate(triples, 1, data)
        store = open_store("memory")
        store.load_file(data, "nq")
        project(store, "full")  # warm up
        with _fast.disabled():
            plain, g_plain = _best(lambda: project(store, "full"), repeat)
        fast, g_fast = _best(lambda: project(store, "full"), repeat)
    same = list(g_fast.nodes(data=True)) == list(g_plain.nodes(data=True)) and list(
        g_fast.edges(keys=True, data=True)
    ) == list(g_plain.edges(keys=True, data=True))
    # the step the fast path replaces, alone: filling the graph from its rows
    node_rows = list(g_plain.nodes(data=True))
    edge_rows = list(g_plain.edges(keys=True, data=True))

    def fill() -> None:
        g = type(g_plain)()
        with _fast.collector_paused():
            _fast.fill_multidigraph(
                g, ((n, dict(d)) for n, d in node_rows), ((*e[:3], dict(e[3])) for e in edge_rows)
            )

    fill_fast, _ = _best(fill, repeat)
    with _fast.disabled():
        fill_plain, _ = _best(fill, repeat)
    print(
        f"filling the 'full' graph alone: networkx internals {fill_fast:.3f} s, "
        f"add_nodes_from/add_edges_from (fallback) {fill_plain:.3f} s, "
        f"ratio {fill_plain / fill_fast:.2f}x"
    )
    print(
        f"projection 'full' of {triples} triples ({g_fast.number_of_nodes()} nodes, "
        f"{g_fast.number_of_edges()} edges): networkx internals {fast:.3f} s, "
        f"public API (fallback) {plain:.3f} s, ratio {plain / fast:.2f}x; "
        f"{'same graph' if same else 'DIFFERENT GRAPH'}"
    )
    return {
        "fast_s": fast,
        "plain_s": plain,
        "same": same,
        "fill_fast_s": fill_fast,
        "fill_plain_s": fill_plain,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best is kept")
    parser.add_argument(
        "--triples", type=int, default=20000, help="size of the synthetic KG for the projection"
    )
    parser.add_argument(
        "--only",
        choices=CHECKS,
        action="append",
        help="run only these checks (repeatable); default: all",
    )
    args = parser.parse_args(argv)
    only = set(args.only or CHECKS)
    with open("/proc/loadavg") as f:
        print(f"load average: {f.read().split()[:3]}")
    if "validate" in only:
        bench_validate(args.repeat)
    if "places" in only:
        bench_places(args.repeat)
    if "projection" in only:
        bench_projection(args.repeat, args.triples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
