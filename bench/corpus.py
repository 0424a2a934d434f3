"""A synthetic corpus at scale: report texts for ``tkg build`` and facts for the store.

Facts come from :mod:`bench.synth_kg` (about 200 countries, many syndicates,
routes, flows, operations, statements, statistics, each with evidence) and
report texts from the template generator of :mod:`bench.bench_extract`
(sentences filled from the gazetteers: countries, demonyms, organisations,
cities, numbers, dates). Both are deterministic for a seed.

Usage::

    python bench/corpus.py --triples 1000000 --reports 1000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

__all__ = ["write_facts", "write_reports"]


def write_facts(n_triples: int, seed: int, path: Path) -> int:
    """Write about ``n_triples`` synthetic facts as N-Quads (reused if already there)."""
    from bench.synth_kg import generate

    path = Path(path)
    marker = path.with_suffix(path.suffix + f".{n_triples}-{seed}.done")
    if path.is_file() and marker.is_file():
        return int(marker.read_text())
    n = generate(n_triples, seed, path)
    marker.write_text(str(n))
    return n


def write_reports(n: int, seed: int, folder: Path, size: int = 3000) -> list[Path]:
    """Write ``n`` report texts of about ``size`` characters, each with a date sidecar."""
    from bench.bench_extract import generate

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(generate(n, size, seed)):
        path = folder / f"report-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        month = 1 + i % 12
        (folder / f"report-{i:05d}.meta.yaml").write_text(
            f"title: Synthetic report {i}\npublisher: tkg bench\ndate: 20{10 + i % 14:02d}-{month:02d}-15\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic tkg corpus.")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = Path(args.out)
    n = write_facts(args.triples, args.seed, out / "kg.nq")
    reports = write_reports(args.reports, args.seed, out / "reports")
    print(f"{n:,} quads in {out / 'kg.nq'}; {len(reports)} reports in {out / 'reports'}")


if __name__ == "__main__":
    main()
