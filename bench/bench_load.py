"""Benchmark the store's writes: one small update, many graphs at once, a whole file.

Three parts, each against its baseline in the same run (timings on a shared
machine are noisy: the load average is printed beside them):

``update``
    one ``INSERT DATA`` of one triple on a store of ``--triples`` triples:
    before (the update, then the whole union rebuilt, as tkg did until issue
    12 item 4) against after (the update and the union's delta in one
    transaction, :mod:`graph.union`); on disk and in memory.
``replace``
    :meth:`OxigraphStore.replace_graphs` of ``--graphs`` graphs of
    ``--per-graph`` triples: one transaction against the bulk writer (with its
    redo journal), into an empty store and again over the same graphs.
``load``
    ``tkg load`` of a ``--triples`` N-Quads file (and Turtle with
    ``--turtle``) against Oxigraph's bulk loader alone and rdflib's parse of
    the same file: time and peak memory, each in its own process, on disk
    and in memory; ``tkg load`` with validation too for the formats of
    ``--validate`` (on disk). The synthetic facts do not all pass the shapes:
    a validated load then validates every graph and stores nothing (the
    figure is still the whole work).

Usage::

    python bench/bench_load.py --triples 1000000
    python bench/bench_load.py --parts replace --graphs 1000 --per-graph 1000

Examples
--------
>>> from bench.bench_load import graphs
>>> g = graphs(2, 3)
>>> sorted(g), g["https://w3id.org/tkg/id/report/bench-1"].count("\\n")
(['https://w3id.org/tkg/id/report/bench-0', 'https://w3id.org/tkg/id/report/bench-1'], 4)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["graphs", "main"]


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def graphs(n: int, per_graph: int) -> dict[str, str]:
    """``n`` report graphs of ``per_graph`` triples plus one shared triple, as N-Triples text."""
    out = {}
    for g in range(n):
        lines = [
            f'<https://w3id.org/tkg/id/e/{g}-{i % 200}> <https://w3id.org/tkg/ontology#p{i % 7}> "v {g} {i}" .'
            for i in range(per_graph)
        ]
        lines.append(
            f"<https://w3id.org/tkg/id/country/C{g % 50}> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/tkg/ontology#Country> ."
        )
        out[f"https://w3id.org/tkg/id/report/bench-{g}"] = "\n".join(lines) + "\n"
    return out


# -- child processes: one measurement each, for its own peak memory ------------

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
what, path, store_dir, fmt = sys.argv[1:5]
t = time.perf_counter()
if what == "oxigraph":
    import pyoxigraph as ox
    store = ox.Store() if store_dir == "memory" else ox.Store(store_dir)
    kind = {{"nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE}}[fmt]
    store.bulk_load(path=path, format=kind)
    n = len(store)
elif what == "rdflib":
    import rdflib
    ds = rdflib.Dataset()
    ds.parse(path, format={{"nq": "nquads", "ttl": "turtle"}}[fmt])
    n = sum(len(g) for g in ds.graphs())
else:
    from graph.load import load_files
    from graph.store import open_store
    from graph.exceptions import ValidationError
    store = open_store(store_dir)
    try:
        n = load_files(store, [path], validate=(what == "tkg-validate")).triples
    except ValidationError as e:
        n = -len(e.violations)  # validated whole, found invalid (synthetic data)
    store.close()
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "triples": n}}))
"""


def _child(what: str, path: Path, store_dir: str, fmt: str, timeout: float) -> dict:
    code = _CHILD.format(root=str(ROOT))
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, what, str(path), store_dir, fmt],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": tail[:100]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_load(
    triples: int, work: Path, turtle: bool, validate: tuple[str, ...], timeout: float
) -> None:
    """tkg load against Oxigraph's bulk loader and rdflib, same file, on disk and in memory."""
    sys.path.insert(0, str(ROOT))
    from bench.synth_kg import generate

    nq = work / "kg.nq"
    generate(triples, 1, nq)
    files = [("nq", nq)]
    if turtle:
        import pyoxigraph as ox

        ttl = work / "kg.ttl"
        with open(ttl, "wb") as out:
            ox.serialize(
                (
                    ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)
                ),
                out,
                format=ox.RdfFormat.TURTLE,
            )
        files.append(("ttl", ttl))
    runs = ["oxigraph", "tkg", "tkg-validate", "rdflib"]
    print(f"\n## load: {triples:,} triples (load average {_loadavg()})")
    print(f"{'file':<6} {'where':<7} {'what':<13} {'seconds':>9} {'peak MB':>9} {'x loader':>9}")
    for fmt, path in files:
        for where in ("disk", "memory"):
            base = None
            for what in runs:
                if what == "rdflib" and where == "disk":
                    continue  # rdflib parses in memory only
                if what == "tkg-validate" and (fmt not in validate or where == "memory"):
                    continue
                store_dir = "memory" if where == "memory" else str(work / f"store-{what}-{fmt}")
                shutil.rmtree(store_dir, ignore_errors=True) if where == "disk" else None
                r = _child(what, path, store_dir, fmt, timeout)
                if "error" in r:
                    print(f"{fmt:<6} {where:<7} {what:<13} {r['error']}")
                    continue
                if what == "oxigraph":
                    base = r["seconds"]
                ratio = f"{r['seconds'] / base:.2f}" if base else "-"
                n = r["triples"]
                what_done = f"{n:,} triples" if n >= 0 else f"invalid: {-n:,} violations"
                print(
                    f"{fmt:<6} {where:<7} {what:<13} {r['seconds']:>9.1f} {r['peak_mb']:>9.0f} "
                    f"{ratio:>9}   ({what_done}, load {_loadavg()})"
                )
                if where == "disk":
                    shutil.rmtree(store_dir, ignore_errors=True)


def bench_update(triples: int, work: Path) -> None:
    """One INSERT DATA of one triple on a big store: whole-union rebuild against the delta."""
    sys.path.insert(0, str(ROOT))
    import pyoxigraph as ox

    from bench.synth_kg import generate
    from graph.store import PREFIXES, OxigraphStore

    nq = work / "kg-update.nq"
    generate(triples, 2, nq)
    print(f"\n## update: one INSERT DATA of one triple on {triples:,} triples")
    print(f"{'where':<7} {'how':<34} {'seconds':>9}  load")
    for where in ("disk", "memory"):
        path = None if where == "memory" else work / "store-update"
        if path is not None:
            shutil.rmtree(path, ignore_errors=True)
        store = OxigraphStore(path)
        store._store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        store._resync()
        for i, how in enumerate(
            ("before: update, then union rebuilt", "after: update + delta, one txn")
        ):
            update = (
                f"INSERT DATA {{ GRAPH <https://w3id.org/tkg/id/report/bench-update> "
                f"{{ <urn:x:s{i}> <urn:x:p> 'one triple {i}' }} }}"
            )
            t = time.perf_counter()
            if i == 0:
                store._store.update(update, prefixes=PREFIXES)
                store._resync()
            else:
                store.update(update)
            seconds = time.perf_counter() - t
            print(f"{where:<7} {how:<34} {seconds:>9.3f}  {_loadavg()}")
        assert store.ask("ASK { <urn:x:s1> <urn:x:p> 'one triple 1' }")
        store.close()
        del store
        if path is not None:
            shutil.rmtree(path, ignore_errors=True)


def bench_replace(n: int, per_graph: int, work: Path, modes: tuple[str, ...]) -> None:
    """replace_graphs in one transaction against the bulk writer, empty store and again."""
    sys.path.insert(0, str(ROOT))
    from graph.store import OxigraphStore

    data = graphs(n, per_graph)
    total = sum(t.count("\n") for t in data.values())
    print(f"\n## replace_graphs: {n:,} graphs, {total:,} triples")
    print(f"{'where':<7} {'how':<16} {'first':>9} {'again':>9}  load")
    known = {"disk-txn": ("disk", False), "disk-bulk": ("disk", True), "memory": ("memory", False)}
    for where, bulk in (known[m] for m in modes):
        path = None if where == "memory" else work / f"store-replace-{bulk}"
        if path is not None:
            shutil.rmtree(path, ignore_errors=True)
        store = OxigraphStore(path)
        times = []
        for _ in range(2):
            t = time.perf_counter()
            assert store.replace_graphs(data, bulk=bulk) == total
            times.append(time.perf_counter() - t)
        how = "bulk + journal" if bulk else "one transaction"
        print(f"{where:<7} {how:<16} {times[0]:>9.1f} {times[1]:>9.1f}  {_loadavg()}")
        store.close()
        del store
        if path is not None:
            shutil.rmtree(path, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parts", default="update,replace,load")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--graphs", type=int, default=1000)
    parser.add_argument("--per-graph", type=int, default=1000)
    parser.add_argument(
        "--replace-modes", default="disk-txn,disk-bulk,memory", help="replace_graphs ways measured"
    )
    parser.add_argument("--turtle", action="store_true", help="also load the file as Turtle")
    parser.add_argument(
        "--validate",
        default="nq",
        help="formats also loaded with validation, on disk (comma-separated: nq,ttl; '' for none)",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per load run")
    parser.add_argument("--work", type=Path, default=None, help="scratch directory")
    args = parser.parse_args(argv)
    parts = args.parts.split(",")
    with tempfile.TemporaryDirectory(dir=args.work) as d:
        work = Path(d)
        if "update" in parts:
            bench_update(args.triples, work)
        if "replace" in parts:
            bench_replace(args.graphs, args.per_graph, work, tuple(args.replace_modes.split(",")))
        if "load" in parts:
            validate = tuple(f for f in args.validate.split(",") if f)
            bench_load(args.triples, work, args.turtle, validate, args.timeout)


if __name__ == "__main__":
    main()
