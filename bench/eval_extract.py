"""Measure extraction on a corpus of texts with competency questions.

The corpus layout is the development corpus's (``../shared/corpus/dev``)::

    NN-slug.txt              the report text
    NN-slug.meta.yaml        title, publisher, date, source (read by tkg's report reader)
    NN-slug.QQ-name.rq       ASK: must be true on the report's graph
    NN-slug.QQ-not-name.rq   ASK: must be false (first comment line starts with "# NEGATIVE")

Each text is extracted alone, its facts are validated against the project's
SHACL shapes, and its questions are asked over the union of its graph with
the ontology and the places (as `tkg check` would after `tkg load`). Prints,
per text and in total: recall (positive questions true), false claims
(negative questions true), texts whose facts fail validation, and extraction
speed in reports per second.

Usage::

    python bench/eval_extract.py ../shared/corpus/dev            # totals and a line per text
    python bench/eval_extract.py ../shared/corpus/dev -v         # and every failed question
    python bench/eval_extract.py DIR --only 08 --only 22 -v      # texts whose name starts so
    python bench/eval_extract.py DIR --json out.json             # the figures as JSON
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@dataclass
class TextResult:
    name: str
    positives: int = 0
    positives_true: int = 0
    negatives: int = 0
    negatives_true: int = 0
    valid: bool = True
    violation: str = ""
    error: str = ""
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)
    false_claims: list[str] = field(default_factory=list)


def _is_negative(path: Path, text: str) -> bool:
    first = next((ln for ln in text.splitlines() if ln.startswith("#")), "")
    return "NEGATIVE" in first or ".not-" in path.name or "-not-" in path.name.split(".", 1)[-1]


def _title(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def corpus_texts(dirs: list[Path], only: list[str]) -> list[tuple[Path, list[Path]]]:
    """Return (text, its question files) for every ``.txt`` in the directories."""
    out = []
    for d in dirs:
        if not d.is_dir():
            raise SystemExit(f"eval_extract: {d} is not a directory; give a corpus directory")
        for txt in sorted(d.glob("*.txt")):
            if only and not any(txt.name.startswith(o) for o in only):
                continue
            questions = sorted(d.glob(f"{txt.stem}.*.rq"))
            out.append((txt, questions))
    return out


def evaluate(dirs: list[Path], only: list[str] = ()) -> list[TextResult]:
    """Extract every text, validate it, and ask its questions."""
    from graph.exceptions import TkgError
    from graph.extract import extract_file
    from graph.load import ensure_vocabulary
    from graph.store import open_store
    from graph.validate import validate_graph

    store = open_store("memory")
    ensure_vocabulary(store)
    results = []
    for txt, questions in corpus_texts(dirs, list(only)):
        r = TextResult(txt.stem)
        results.append(r)
        t0 = time.perf_counter()
        try:
            iri, g = extract_file(txt)
        except TkgError as e:
            r.error = str(e)
            r.valid = False
            continue
        r.seconds = time.perf_counter() - t0
        report = validate_graph(g, source=str(txt))
        if report.violations:
            r.valid = False
            r.violation = str(report.violations[0])
        store.replace_graph(iri, g)
        try:
            for q in questions:
                text = q.read_text(encoding="utf-8")
                answer = store.ask(text)
                label = f"{q.name.removeprefix(txt.stem + '.')}: {_title(text)}"
                if _is_negative(q, text):
                    r.negatives += 1
                    if answer:
                        r.negatives_true += 1
                        r.false_claims.append(label)
                else:
                    r.positives += 1
                    if answer:
                        r.positives_true += 1
                    else:
                        r.missed.append(label)
        finally:
            store.remove_graph(iri)
    return results


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path, help="corpus directories")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every failed question")
    ap.add_argument("--only", action="append", default=[], help="texts whose name starts so")
    ap.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = ap.parse_args(argv)

    from graph.extract.batch import warm_up

    warm_up()
    results = evaluate(args.dirs, args.only)
    print(f"{'text':52} {'recall':>9} {'false':>7} {'valid':>5}")
    for r in results:
        print(
            f"{r.name[:52]:52} {r.positives_true:>3}/{r.positives:<3}{_ratio(r.positives_true, r.positives):>4}"
            f" {r.negatives_true:>3}/{r.negatives:<3}{'yes' if r.valid else 'NO':>5}"
        )
        if args.verbose:
            for m in r.missed:
                print(f"    missed  {m}")
            for m in r.false_claims:
                print(f"    FALSE   {m}")
            if r.violation:
                print(f"    INVALID {r.violation}")
            if r.error:
                print(f"    ERROR   {r.error}")
    pos = sum(r.positives for r in results)
    pos_t = sum(r.positives_true for r in results)
    neg = sum(r.negatives for r in results)
    neg_t = sum(r.negatives_true for r in results)
    invalid = [r.name for r in results if not r.valid]
    secs = sum(r.seconds for r in results)
    speed = len(results) / secs if secs else 0.0
    print()
    print(f"texts            {len(results)}")
    print(f"recall           {pos_t}/{pos} = {_ratio(pos_t, pos)}   (goal >= 0.75)")
    print(f"false claims     {neg_t}/{neg} = {_ratio(neg_t, neg)}   (goal <= 0.05)")
    print(f"invalid texts    {len(invalid)}" + (f"  ({', '.join(invalid)})" if invalid else ""))
    print(f"reports/s        {speed:.1f}   (extraction only, one process)")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "texts": len(results),
                    "recall": pos_t / pos if pos else None,
                    "false_claims": neg_t / neg if neg else None,
                    "invalid": invalid,
                    "reports_per_second": speed,
                    "per_text": [r.__dict__ for r in results],
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
