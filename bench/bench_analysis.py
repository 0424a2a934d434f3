"""Benchmark the network projections and the whole analysis on a synthetic KG.

Steps, each in its own subprocess so that peak memory (``ru_maxrss``) is
measured separately:

1. generate a synthetic KG of ``--triples`` triples (``bench/synth_kg.py``)
   as N-Quads and load it into an on-disk Oxigraph store;
2. ``project``: tkg's projections (``full``, the entity graph, is the one
   comparable with the baseline; the others are timed too);
3. ``baseline``: ``rdflib.extras.external_graph_libs.rdflib_to_networkx_multidigraph``
   on an rdflib ``Dataset`` parsed from the same file (the parse is timed
   and reported apart; only the conversion is compared);
4. ``analyze``: :func:`graph.analysis.analyze` on the store (every projection,
   measures with sampled betweenness, route questions, analysis.md,
   metrics, figures).

Goals printed with the figures: projection at least 2x faster than the
baseline conversion, whole analysis under 120 s and 4 GB.

Usage::

    python bench/bench_analysis.py [--triples 1000000] [--seed 1] [--workdir DIR]
    python bench/bench_analysis.py --triples 50000        # quick run
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._phases import run_phase  # noqa: E402


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_load(data: Path, store_dir: Path) -> dict:
    from graph.store import open_store

    t = time.perf_counter()
    store = open_store(store_dir)
    store.load_file(data, "nq")
    store.close()
    return {"load_s": time.perf_counter() - t}


def phase_project(store_dir: Path) -> dict:
    from graph.network import PROJECTIONS, project
    from graph.store import open_store

    store = open_store(store_dir, read_only=True)
    out = {}
    for name in ["full"] + [n for n in PROJECTIONS if n != "full"]:
        t = time.perf_counter()
        g = project(store, name)
        out[name] = {
            "s": time.perf_counter() - t,
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
        }
        if name == "full":
            out["full_rss_mb"] = _maxrss_mb()
        del g
    return out


def phase_baseline(data: Path) -> dict:
    import rdflib
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data, format="nquads")
    parse_s = time.perf_counter() - t
    with warnings.catch_warnings():  # a triple view over every graph, sharing the store
        warnings.simplefilter("ignore", DeprecationWarning)
        union = rdflib.ConjunctiveGraph(store=ds.store)
    t = time.perf_counter()
    g = rdflib_to_networkx_multidigraph(union)
    convert_s = time.perf_counter() - t
    return {
        "parse_s": parse_s,
        "convert_s": convert_s,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
    }


def phase_analyze(store_dir: Path, out_dir: Path) -> dict:
    from graph.analysis import analyze
    from graph.store import open_store

    store = open_store(store_dir, read_only=True)
    t = time.perf_counter()
    result = analyze(store, out_dir, projection="flow", seed=1)
    return {
        "s": time.perf_counter() - t,
        "projections": {
            name: {
                "nodes": g.number_of_nodes(),
                "edges": g.number_of_edges(),
                "betweenness_k": result.measures[name].betweenness_k,
                "communities": result.measures[name].community_method,
            }
            for name, g in result.graphs.items()
        },
    }


PHASES = {
    "load": lambda a: phase_load(Path(a.data), Path(a.store)),
    "project": lambda a: phase_project(Path(a.store)),
    "baseline": lambda a: phase_baseline(Path(a.data)),
    "analyze": lambda a: phase_analyze(Path(a.store), Path(a.out)),
}


def _run(phase: str, **kwargs: object) -> dict:
    return run_phase(Path(__file__), phase, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark tkg projections and analysis.")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="keep data, store and outputs here (default: a temp dir)")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        result = PHASES[args.phase](args)
        result["maxrss_mb"] = _maxrss_mb()
        print(json.dumps(result))
        return

    from bench.synth_kg import generate

    tmp = None
    if args.workdir:
        work = Path(args.workdir)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="tkg-bench-")
        work = Path(tmp.name)
    data, store, out = work / "kg.nq", work / "store", work / "analysis"
    t = time.perf_counter()
    n = generate(args.triples, args.seed, data)
    print(f"generated {n:,} quads in {time.perf_counter() - t:.1f} s -> {data}")
    if store.exists():
        import shutil

        shutil.rmtree(store)
    load = _run("load", data=data, store=store)
    print(f"load into on-disk Oxigraph: {load['load_s']:.1f} s, peak {load['maxrss_mb']:.0f} MB")

    proj = _run("project", store=store)
    print("\nprojections (tkg, SPARQL through select_values):")
    for name, r in proj.items():
        if isinstance(r, dict):
            print(f"  {name:12s} {r['s']:7.2f} s  {r['nodes']:>8,} nodes {r['edges']:>9,} edges")
    print(
        f"  peak memory after 'full': {proj['full_rss_mb']:.0f} MB; whole phase {proj['maxrss_mb']:.0f} MB"
    )

    if not args.skip_baseline:
        base = _run("baseline", data=data)
        print("\nbaseline rdflib_to_networkx_multidigraph:")
        print(f"  rdflib parse  {base['parse_s']:7.2f} s (not compared)")
        print(
            f"  conversion    {base['convert_s']:7.2f} s  {base['nodes']:>8,} nodes "
            f"{base['edges']:>9,} edges; peak {base['maxrss_mb']:.0f} MB (parse included)"
        )
        ratio = base["convert_s"] / proj["full"]["s"]
        end_to_end = (base["parse_s"] + base["convert_s"]) / proj["full"]["s"]
        print(
            f"  speed-up of tkg 'full' over the conversion: {ratio:.1f}x "
            f"(goal >= 2x: {'met' if ratio >= 2 else 'NOT met'}); "
            f"over parse + conversion: {end_to_end:.1f}x"
        )

    ana = _run("analyze", store=store, out=out)
    print("\nwhole analysis (every projection, measures, routes, report, figures):")
    for name, r in ana["projections"].items():
        k = r["betweenness_k"]
        print(
            f"  {name:12s} {r['nodes']:>8,} nodes {r['edges']:>9,} edges; betweenness "
            f"{'exact' if k is None else f'sampled k={k}'}; communities: {r['communities']}"
        )
    ok_t = ana["s"] < 120
    ok_m = ana["maxrss_mb"] < 4096
    print(
        f"  total {ana['s']:.1f} s (goal < 120 s: {'met' if ok_t else 'NOT met'}), "
        f"peak {ana['maxrss_mb']:.0f} MB (goal < 4096 MB: {'met' if ok_m else 'NOT met'})"
    )
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
