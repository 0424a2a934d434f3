"""``tkg build`` end to end at 1,000 and 10,000 reports: time and peak memory per phase.

Each size is built in its own process from a new output directory. While it
runs, a sampler thread reads the resident memory of the build process and of
its extraction workers (``psutil``) every 0.2 s; the build's own phase
timings (:attr:`graph.build.BuildSummary.phases`, sequential) then say which
phase each sample belongs to, so every phase gets its time and its peak
memory (main process plus workers). The table shows both sizes and how each
figure grows from the smaller to the larger.

Goal (issue 15 item 4): the analysis of about 10 M triples (10,000 reports)
in at most 15 minutes and 16 GB.

Usage::

    python bench/bench_scale.py                       # 1,000 and 10,000 reports
    python bench/bench_scale.py --sizes 100 1000      # smaller
    python bench/bench_scale.py --workdir /tmp/scale --executor dask
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._phases import run_phase  # noqa: E402

#: The phases of a build, in the order they run.
ORDER = ("inputs", "curated", "extract", "store", "counts", "facts.trig", "analysis", "exports")


class Sampler(threading.Thread):
    """Resident memory of this process and its children, sampled every ``every`` seconds."""

    def __init__(self, every: float = 0.2):
        super().__init__(daemon=True)
        self.every = every
        self.samples: list[tuple[float, float]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._halt.is_set():
            total = 0
            try:
                total = me.memory_info().rss
                for child in me.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self.samples.append((time.perf_counter(), total / 2**20))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def per_phase(
    phases: dict[str, float], samples: list[tuple[float, float]], start: float, end: float
) -> dict[str, dict[str, float]]:
    """Give each sequential phase its seconds and the peak memory sampled while it ran.

    The phases run one after the other from ``start``; what the build does
    between them (opening the store, the manifest) is counted in the next one.

    Examples
    --------
    >>> per_phase({"a": 1.0, "b": 1.0}, [(0.5, 10.0), (1.5, 30.0), (2.5, 5.0)], 0.0, 2.0)
    {'a': {'s': 1.0, 'peak_mb': 10.0}, 'b': {'s': 1.0, 'peak_mb': 30.0}}
    """
    out: dict[str, dict[str, float]] = {}
    names = [n for n in ORDER if n in phases] + [n for n in phases if n not in ORDER]
    total = sum(phases[n] for n in names)
    slack = max(0.0, (end - start) - total)  # time outside the phases, spread evenly
    t = start
    for name in names:
        stop = t + phases[name] + slack / max(1, len(names))
        inside = [mb for when, mb in samples if t <= when <= stop]
        out[name] = {"s": phases[name], "peak_mb": max(inside, default=0.0)}
        t = stop
    return out


def phase_build(reports: str, out: str, executor: str = "local") -> dict:
    """Build ``reports`` into a new ``out``; seconds and peak memory per phase."""
    from graph.build import build

    target = Path(out)
    if target.exists():
        shutil.rmtree(target)
    sampler = Sampler()
    sampler.start()
    start = time.perf_counter()
    summary = build([reports], target, progress=False, executor=executor)
    end = time.perf_counter()
    sampler.stop()
    return {
        "s": end - start,
        "reports": summary.reports,
        "rejected": len(summary.rejected),
        "triples": summary.triples,
        "facts": summary.facts,
        "phases": per_phase(summary.phases, sampler.samples, start, end),
        "peak_mb": max((mb for _, mb in sampler.samples), default=0.0),
    }


def _cell(r: dict | None, name: str) -> str:
    if r is None or name not in r["phases"]:
        return "-"
    p = r["phases"][name]
    return f"{p['s']:.1f} s / {p['peak_mb']:,.0f} MB"


def _growth(a: dict | None, b: dict | None, name: str) -> str:
    if a is None or b is None or name not in a["phases"] or name not in b["phases"]:
        return "-"
    pa, pb = a["phases"][name], b["phases"][name]
    speed = f"{pb['s'] / pa['s']:.1f}x time" if pa["s"] > 0.05 else "-"
    memory = f"{pb['peak_mb'] / pa['peak_mb']:.1f}x memory" if pa["peak_mb"] else "-"
    return f"{speed}, {memory}"


def table(results: dict[int, dict]) -> list[str]:
    """Markdown rows: one per phase, one column per size, the growth between the two largest."""
    sizes = sorted(results)
    small, big = (results[sizes[-2]], results[sizes[-1]]) if len(sizes) > 1 else (None, None)
    head = "| phase | " + " | ".join(f"{n:,} reports" for n in sizes) + " | growth |"
    rows = [head, "|---" * (len(sizes) + 2) + "|"]
    for name in ORDER:
        if not any(name in r["phases"] for r in results.values()):
            continue
        cells = " | ".join(_cell(results[n], name) for n in sizes)
        rows.append(f"| {name} | {cells} | {_growth(small, big, name)} |")
    total = " | ".join(
        f"{results[n]['s']:.0f} s / {results[n]['peak_mb']:,.0f} MB, "
        f"{results[n]['triples']:,} triples"
        for n in sizes
    )
    rows.append(f"| **build** | {total} | |")
    return rows


PHASES = {"build": lambda a: phase_build(a.reports_dir, a.out, a.executor)}


def main() -> None:
    parser = argparse.ArgumentParser(description="tkg build at scale, per phase")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--executor", choices=["local", "dask"], default="local")
    parser.add_argument("--workdir", help="keep corpora and builds here (default: a temp dir)")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--reports-dir", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        import logging

        # each phase of a long build on standard error as it ends (a figure even if stopped)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        print(json.dumps(PHASES[args.phase](args)))
        return

    import tempfile

    from bench.corpus import write_reports

    tmp = None
    if args.workdir:
        work = Path(args.workdir)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="tkg-scale-")
        work = Path(tmp.name)
    results: dict[int, dict] = {}
    for n in sorted(args.sizes):
        reports = work / f"reports-{n}"
        if not (reports / f"report-{n - 1:05d}.txt").is_file():
            write_reports(n, args.seed, reports)
        with open("/proc/loadavg") as fh:
            load = fh.read().split()[:3]
        r = run_phase(
            Path(__file__),
            "build",
            reports_dir=reports,
            out=work / f"build-{n}",
            executor=args.executor,
        )
        results[n] = r
        print(
            f"{n:,} reports: {r['s']:.0f} s, peak {r['peak_mb']:,.0f} MB, {r['triples']:,} triples, "
            f"{r['rejected']} rejected (load average before: {' '.join(load)})"
        )
        for name, p in r["phases"].items():
            print(f"  {name:11s} {p['s']:8.1f} s  peak {p['peak_mb']:8,.0f} MB")
        sys.stdout.flush()
        shutil.rmtree(work / f"build-{n}" / "store", ignore_errors=True)
    print()
    print("\n".join(table(results)))
    analysis = results[max(results)]["phases"].get("analysis")
    if analysis:
        met = analysis["s"] <= 900 and analysis["peak_mb"] <= 16 * 1024
        print(
            f"\nanalysis of {results[max(results)]['triples']:,} triples: {analysis['s']:.0f} s, "
            f"peak {analysis['peak_mb']:,.0f} MB (goal <= 900 s and <= 16 GB at 10 M): "
            f"{'met' if met else 'NOT met'}"
        )
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
