"""The tkg benchmark: every figure against its baseline, in one run, on the same data.

Phases (each measured in its own process, so peak-memory figures are separate):

1. load a synthetic KG of ``--triples`` quads (``bench/corpus.py``): tkg's
   on-disk Oxigraph store (bulk loader), the in-memory store, and the
   baseline ``rdflib.Dataset().parse(..., format="nquads")``;
2. queries: the seed competency questions (``examples/queries/seed``) and
   generalised variants that have answers on synthetic data, through tkg's
   store and through rdflib's SPARQL engine on the parsed dataset (union
   default graph); answers are compared, rdflib gets ``--cap`` seconds per query;
3. projection: ``graph.network.project(store, "full")`` against
   ``rdflib_to_networkx_multidigraph`` (the phases of ``bench/bench_analysis.py``);
4. end to end: ``tkg build`` on ``--reports`` synthetic reports of about 3 KB
   (on every core), its seconds and peak memory per phase, against extraction
   alone on one core over the same reports (issue 15: ratio >= 1, peak <= 2 GB),
   and a rebuild after adding one report (<= 5 % of the full build).

Goals (issue 7): load at least 10x faster and a third of the memory of
rdflib at 1 million triples; queries at least 20x faster. The script exits 0
whether or not a goal is met: it is a measurement, and says so.

Usage::

    python bench/bench_tkg.py                  # 1,000,000 triples, 1,000 reports
    python bench/bench_tkg.py --quick          # 20,000 triples, 20 reports
    python bench/bench_tkg.py --workdir /tmp/tkg-bench --skip-build
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._phases import run_phase  # noqa: E402

PREFIXES = """PREFIX tkg: <https://w3id.org/tkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

#: Seed questions with the literals of the first report taken out, so that
#: they have work to do and answers on synthetic data.
GENERAL = {
    "g01-agencies": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a tkg:LawEnforcementAgency ; rdfs:label ?l }",
    "g02-members": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a tkg:Person ; rdfs:label ?name ; tkg:memberOf ?o . ?o rdfs:label ?ol }",
    "g04-unrest": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a tkg:CivilUnrest ; tkg:location ?p . ?p rdfs:label ?l }",
    "g05-flows": "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a tkg:MigrationFlow ; tkg:destination ?c ; tkg:count ?k . ?c tkg:isoCode ?iso }",
    "g08-operations": (
        "SELECT (COUNT(DISTINCT ?op) AS ?n) WHERE { ?op a tkg:LawEnforcementOperation ; tkg:target ?g ; tkg:result ?a . "
        "?g a tkg:CriminalGroup ; tkg:nationality ?c . ?c tkg:isoCode ?iso . ?a a tkg:Arrest ; tkg:count ?k }"
    ),
    "g14-routes": (
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r tkg:destination ?d ; tkg:origin ?o . ?d tkg:isoCode ?iso "
        "OPTIONAL { ?r tkg:crosses ?sea } }"
    ),
    "g-top-destinations": (
        "SELECT ?c (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f tkg:destination ?c . ?c rdfs:label ?l } "
        "GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 10"
    ),
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _queries() -> dict[str, str]:
    out = {
        p.stem: p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "examples" / "queries" / "seed").glob("*.rq"))
    }
    out.update({k: PREFIXES + v for k, v in GENERAL.items()})
    return out


def _answer(result) -> object:
    """A comparable answer: a bool, or rows of plain values (numbers as floats)."""
    if isinstance(result, bool):
        return result
    rows = []
    for row in result:
        cells = []
        for v in row:
            text = "" if v is None else str(v)
            try:
                cells.append(float(text))
            except ValueError:
                cells.append(text)
        rows.append(cells)
    return rows


# -- phases (run in child processes) -------------------------------------


def phase_load_tkg(data: str, store: str) -> dict:
    from graph.store import open_store

    target = Path(store)
    if target.exists():
        shutil.rmtree(target)
    t = time.perf_counter()
    db = open_store(target)
    db.load_file(data, "nq", bulk=True)
    db.close()
    return {"s": time.perf_counter() - t}


def phase_load_memory(data: str) -> dict:
    from graph.store import open_store

    t = time.perf_counter()
    db = open_store("memory")
    db.load_file(data, "nq", bulk=True)
    n = db.count()
    return {"s": time.perf_counter() - t, "quads": n}


def phase_load_rdflib(data: str) -> dict:
    import rdflib

    t = time.perf_counter()
    ds = rdflib.Dataset()
    ds.parse(data, format="nquads")
    return {"s": time.perf_counter() - t, "quads": len(ds)}


def phase_query_tkg(store: str, name: str) -> dict:
    from graph.store import open_store

    db = open_store(store, read_only=True)
    text = _queries()[name]
    t = time.perf_counter()
    result = db.query(text)
    rows = result if isinstance(result, bool) else result.rows
    return {"s": time.perf_counter() - t, "answer": _answer(rows)}


def queries_tkg(store: Path, cap: float) -> dict:
    """Each query in its own process, stopped at ``cap`` seconds (Oxigraph cannot be interrupted)."""
    out = {}
    for name in _queries():
        try:
            out[name] = _phase("query-tkg", store=store, name=name, timeout=cap + 5)
        except subprocess.TimeoutExpired:
            out[name] = {"s": None, "capped": cap}
    return out


class _Cap(Exception):
    pass


def phase_queries_rdflib(data: str, cap: float) -> dict:
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    t = time.perf_counter()
    ds.parse(data, format="nquads")
    out: dict = {"parse_s": time.perf_counter() - t}

    def alarm(signum, frame):
        raise _Cap()

    signal.signal(signal.SIGALRM, alarm)
    for name, text in _queries().items():
        t = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, cap)
        try:
            result = ds.query(text)
            answer = _answer(result.askAnswer if result.type == "ASK" else list(result))
            out[name] = {"s": time.perf_counter() - t, "answer": answer}
        except _Cap:
            out[name] = {"s": None, "capped": cap}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return out


def phase_build(reports: str, out: str) -> dict:
    from bench.bench_scale import phase_build as build_per_phase

    return build_per_phase(reports, out)


def phase_extract_alone(reports: str) -> dict:
    """Extraction alone on one core, the way a build's worker extracts (in a batch)."""
    from graph.extract import extract_file
    from graph.extract.batch import batch, warm_up

    paths = sorted(Path(reports).glob("*.txt"))
    warm_up()
    t = time.perf_counter()
    with batch():
        for path in paths:
            extract_file(path)
    return {"s": time.perf_counter() - t, "reports": len(paths)}


def phase_rebuild_one(reports: str, out: str) -> dict:
    """Add one report to a built directory and build again; remove it afterwards."""
    from bench.bench_extract import generate
    from graph.build import build

    extra = Path(reports) / "report-added.txt"
    extra.write_text(generate(1, 3000, 999)[0], encoding="utf-8")
    try:
        t = time.perf_counter()
        summary = build([reports], Path(out), progress=False)
        seconds = time.perf_counter() - t
    finally:
        extra.unlink()
    return {
        "s": seconds,
        "extracted": summary.extracted,
        "unchanged": summary.unchanged,
        "phases": summary.phases,
    }


PHASES = {
    "load-tkg": lambda a: phase_load_tkg(a.data, a.store),
    "load-memory": lambda a: phase_load_memory(a.data),
    "load-rdflib": lambda a: phase_load_rdflib(a.data),
    "query-tkg": lambda a: phase_query_tkg(a.store, a.name),
    "queries-rdflib": lambda a: phase_queries_rdflib(a.data, a.cap),
    "build": lambda a: phase_build(a.reports_dir, a.out),
    "extract-alone": lambda a: phase_extract_alone(a.reports_dir),
    "rebuild-one": lambda a: phase_rebuild_one(a.reports_dir, a.out),
}


def _phase(phase: str, timeout: float | None = None, **kwargs: object) -> dict:
    return run_phase(Path(__file__), phase, timeout=timeout, **kwargs)


def _ratio(base: float | None, ours: float) -> float | None:
    return None if base is None or ours <= 0 else base / ours


def end_to_end(work: Path, n_reports: int, seed: int, table: list) -> None:
    """``tkg build`` against extraction alone on the same reports, and a one-report rebuild."""
    from bench.corpus import write_reports

    reports = work / "reports"
    if reports.exists():
        shutil.rmtree(reports)
    write_reports(n_reports, seed, reports)
    x = _phase("extract-alone", reports_dir=reports)
    b = _phase("build", reports_dir=reports, out=work / "build")
    r = _phase("rebuild-one", reports_dir=reports, out=work / "build")
    x_rate = x["reports"] / x["s"]
    b_rate = b["reports"] / b["s"]
    ratio = b_rate / x_rate
    share = r["s"] / b["s"]
    print(
        f"\nbuild: {b['reports']} reports in {b['s']:.1f} s ({b_rate:.1f} reports/s) on "
        f"{os.cpu_count()} cores, peak {b['peak_mb']:,.0f} MB (build and its workers), "
        f"{b['facts']:,} facts, {b['triples']:,} triples, {b['rejected']} rejected"
    )
    for name, p in b["phases"].items():
        print(f"  {name:11s} {p['s']:8.1f} s  peak {p['peak_mb']:8,.0f} MB")
    print(
        f"extraction alone, one core: {x['reports']} reports in {x['s']:.1f} s "
        f"({x_rate:.1f} reports/s)"
    )
    print(f"build / extraction alone: {ratio:.2f} (goal >= 1)")
    print(
        f"rebuild after adding one report: {r['s']:.1f} s = {100 * share:.1f} % of the full "
        f"build ({r['extracted']} extracted, {r['unchanged']} unchanged; goal <= 5 %)"
    )
    with open("/proc/loadavg") as fh:
        print(f"load average after: {' '.join(fh.read().split()[:3])}")
    table.append(
        (
            f"build {b['reports']} reports",
            f"{b['s']:.1f} s ({b_rate:.1f}/s), {b['peak_mb']:,.0f} MB",
            f"extraction alone, 1 core: {x['s']:.1f} s ({x_rate:.1f}/s)",
            f"{ratio:.2f}",
            ">= 1, <= 2 GB",
            "met" if ratio >= 1 and b["peak_mb"] <= 2048 else "NOT met",
        )
    )
    table.append(
        (
            "rebuild, one report added",
            f"{r['s']:.1f} s",
            f"full build {b['s']:.1f} s",
            f"{100 * share:.1f} %",
            "<= 5 %",
            "met" if share <= 0.05 else "NOT met",
        )
    )


def _print_table(table: list) -> None:
    print("\n| phase | tkg | baseline | ratio | goal | |")
    print("|---|---|---|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description="tkg benchmark against rdflib baselines")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds per rdflib query")
    parser.add_argument("--quick", action="store_true", help="20,000 triples and 20 reports")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument(
        "--build-only", action="store_true", help="only the end-to-end build figures (step 4)"
    )
    parser.add_argument(
        "--workdir", help="keep data and stores here (default: a temporary directory)"
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--reports-dir", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--name", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        result = PHASES[args.phase](args)
        result["rss_mb"] = _rss_mb()
        print(json.dumps(result))
        return

    if args.quick:
        args.triples, args.reports = min(args.triples, 20_000), min(args.reports, 20)
    tmp = None
    if args.workdir:
        work = Path(args.workdir)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="tkg-bench-")
        work = Path(tmp.name)
    from bench.corpus import write_facts

    if args.build_only:
        table: list[tuple[str, str, str, str, str, str]] = []
        end_to_end(work, args.reports, args.seed, table)
        _print_table(table)
        return
    data = work / "kg.nq"
    t = time.perf_counter()
    n = write_facts(args.triples, args.seed, data)
    print(
        f"data: {n:,} quads ({data.stat().st_size / 2**20:.0f} MB N-Quads) in {time.perf_counter() - t:.1f} s"
    )
    table = []

    # 1. load
    store = work / "store"
    ours = _phase("load-tkg", data=data, store=store)
    mem = _phase("load-memory", data=data)
    base = _phase("load-rdflib", data=data)
    print(f"\nload  tkg on disk (bulk): {ours['s']:.1f} s, peak {ours['rss_mb']:.0f} MB")
    print(f"      tkg in memory:      {mem['s']:.1f} s, peak {mem['rss_mb']:.0f} MB")
    print(f"      rdflib Dataset.parse: {base['s']:.1f} s, peak {base['rss_mb']:.0f} MB")
    for label, r in (("load (disk)", ours), ("load (memory)", mem)):
        speed = base["s"] / r["s"]
        memory = r["rss_mb"] / base["rss_mb"]
        met = "met" if speed >= 10 and memory <= 1 / 3 else "NOT met"
        table.append(
            (
                label,
                f"{r['s']:.1f} s / {r['rss_mb']:.0f} MB",
                f"{base['s']:.1f} s / {base['rss_mb']:.0f} MB",
                f"{speed:.1f}x faster, {memory:.2f} of the memory",
                ">= 10x, <= 0.33",
                met,
            )
        )

    # 2. queries
    tq = queries_tkg(store, args.cap)
    rq = _phase("queries-rdflib", data=data, cap=args.cap)
    print(
        f"\nqueries (rdflib parse {rq['parse_s']:.1f} s, not counted; cap {args.cap:g} s per query)"
    )
    total_ours = total_base = 0.0
    capped = {"tkg": 0, "rdflib": 0}
    for name in _queries():
        r, b = tq[name], rq.get(name, {})
        ours_s = args.cap if r.get("s") is None else r["s"]
        base_s = args.cap if b.get("s") is None else b["s"]
        capped["tkg"] += r.get("s") is None
        capped["rdflib"] += b.get("s") is None
        if r.get("s") is None or b.get("s") is None:
            same = "capped"
        else:
            same = "same answer" if b["answer"] == r["answer"] else "DIFFERENT ANSWER"
        total_ours += ours_s
        total_base += base_s

        def shown(x: dict) -> str:
            return f">{args.cap:g} s" if x.get("s") is None else f"{x['s']:.3f} s"

        print(
            f"  {name:22s} tkg {shown(r):>10s}   rdflib {shown(b):>10s}   "
            f"{base_s / max(ours_s, 1e-6):8.0f}x  {same}"
        )
    ratio = total_base / total_ours if total_ours else float("inf")
    bound = f" (capped queries counted at the cap: tkg {capped['tkg']}, rdflib {capped['rdflib']})"
    print(f"  total: tkg {total_ours:.2f} s, rdflib {total_base:.1f} s{bound}: {ratio:.0f}x")
    table.append(
        (
            "queries (total)",
            f"{total_ours:.2f} s",
            f"{total_base:.1f} s",
            f"{ratio:.0f}x",
            ">= 20x",
            "met" if ratio >= 20 else "NOT met",
        )
    )

    # 3. projection (the phases of bench_analysis)
    analysis = ROOT / "bench" / "bench_analysis.py"
    proj = run_phase(analysis, "project", store=store)
    pbase = run_phase(analysis, "baseline", data=data)
    pr = pbase["convert_s"] / proj["full"]["s"]
    print(
        f"\nprojection 'full': tkg {proj['full']['s']:.2f} s ({proj['full']['nodes']:,} nodes), "
        f"rdflib_to_networkx_multidigraph {pbase['convert_s']:.2f} s ({pbase['nodes']:,} nodes, "
        f"after a {pbase['parse_s']:.1f} s parse)"
    )
    if "flow" in proj:
        print(
            f"projection 'flow': tkg {proj['flow']['s']:.2f} s ({proj['flow']['nodes']:,} nodes, "
            f"{proj['flow']['edges']:,} edges)"
        )
    table.append(
        (
            "projection 'full'",
            f"{proj['full']['s']:.2f} s",
            f"{pbase['convert_s']:.2f} s",
            f"{pr:.1f}x",
            ">= 2x (issue 4)",
            "met" if pr >= 2 else "NOT met",
        )
    )

    # 4. end to end
    if not args.skip_build:
        end_to_end(work, args.reports, args.seed, table)

    _print_table(table)
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
