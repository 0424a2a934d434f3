"""The main job: reports in, facts, analysis, figures and exports out.

:func:`build` runs every step of the data flow for a set of reports:

1. find the inputs: text reports (``.txt``, ``.md``) and curated fact files
   (``.yaml``, ``.ttl``, ``.trig``, ``.jsonld``, ``.nt``, ``.nq``); a fact file
   with the same stem beside a report (or in a sibling ``facts/`` directory)
   wins over extraction for that report;
2. extract facts from the text reports (in parallel across cores for many
   reports), validate every report graph against the SHACL shapes;
3. load each report into the store as its own named graph — a report whose
   content has not changed since the last build is not extracted again, so
   re-running changes nothing and adding a report adds only its graph;
4. write ``facts.trig`` (every report graph), run the network analysis
   (``analysis.md``, ``metrics.csv``, ``metrics.json``, figures) and export the
   projection (GEXF, GraphML, Cytoscape JSON, CSV node and edge tables).

Examples
--------
>>> from graph.build import find_inputs
>>> find_inputs([])
[]
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import rdflib

import ontology
from graph.exceptions import InputError
from graph.ids import report_id_from_path, report_iri

__all__ = ["BuildInput", "BuildSummary", "build", "find_inputs", "REPORT_SUFFIXES", "FACT_SUFFIXES"]

REPORT_SUFFIXES = (".txt", ".text", ".md")
FACT_SUFFIXES = (".yaml", ".yml", ".ttl", ".trig", ".jsonld", ".nt", ".nq")
MANIFEST = "manifest.json"
TKG = ontology.TKG
#: The exports written by a build, by file name.
EXPORTS = {
    "network.gexf": "gexf",
    "network.graphml": "graphml",
    "network.cyjs": "cyjs",
    "network.csv": "csv",
}
#: The interactive explorer: the entity-and-fact projection, whatever the build's projection.
EXPLORER = ("explorer.html", "full")


@dataclass(frozen=True)
class BuildInput:
    """One report to build: its text file and/or its curated fact file."""

    report_id: str
    text: Path | None = None
    facts: Path | None = None

    @property
    def source(self) -> Path:
        """The file the facts come from (the curated file wins)."""
        return self.facts or self.text  # type: ignore[return-value]

    def digest(self) -> str:
        """A hash of the input file and the tkg version: unchanged input, unchanged facts."""
        from graph import __version__

        h = hashlib.sha256(__version__.encode())
        h.update(self.source.read_bytes())
        if self.text is not None and self.facts is None:
            meta = self.text.with_name(self.text.name.rsplit(".", 1)[0] + ".meta.yaml")
            if meta.is_file():
                h.update(meta.read_bytes())
        return h.hexdigest()


@dataclass
class BuildSummary:
    """What a build did."""

    out_dir: Path
    reports: int = 0
    extracted: int = 0
    curated: int = 0
    unchanged: int = 0
    triples: int = 0
    facts: int = 0
    entities: int = 0
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def text(self) -> str:
        """The closing summary printed by ``tkg build``."""
        lines = [
            f"built {self.reports} reports into {self.out_dir} in {self.seconds:.1f} s "
            f"({self.extracted} extracted, {self.curated} curated, {self.unchanged} unchanged)",
            f"{self.facts} facts, {self.entities} entities, {self.triples} triples; "
            f"{len(self.warnings)} warnings",
        ]
        lines += [f"warning: {w}" for w in self.warnings[:20]]
        if len(self.warnings) > 20:
            lines.append(
                f"... and {len(self.warnings) - 20} more warnings (see {self.out_dir / MANIFEST})"
            )
        return "\n".join(lines)


def _stem(path: Path) -> str:
    return report_id_from_path(path)


def find_inputs(
    paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()
) -> list[BuildInput]:
    """Collect reports and curated fact files from files and directories.

    A fact file wins over the text of the report with the same id; fact files
    next to a report, or in a sibling ``facts/`` directory, are found too.

    Parameters
    ----------
    paths : iterable of path
        Files and directories (searched recursively).
    exclude : iterable of path, optional
        Directories to leave out (the build's own output directory).

    Raises
    ------
    InputError
        A path does not exist or is neither a report nor a fact file.
    """
    texts: dict[str, Path] = {}
    facts: dict[str, Path] = {}
    skip = [Path(p).resolve() for p in exclude]
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file())
            candidates = [
                p
                for p in candidates
                if p.suffix.lower() in REPORT_SUFFIXES + FACT_SUFFIXES
                and not p.name.endswith(".meta.yaml")
                and not any(p.resolve().is_relative_to(x) for x in skip)
            ]
        elif path.is_file():
            candidates = [path]
        else:
            raise InputError(f"{path}: no such report or directory; check the path")
        for p in candidates:
            suffix = p.suffix.lower()
            if suffix in REPORT_SUFFIXES:
                texts[_stem(p)] = p
            elif suffix in FACT_SUFFIXES:
                facts[_stem(p)] = p
            elif path.is_file():
                raise InputError(
                    f"{p}: not a report ({', '.join(REPORT_SUFFIXES)}) or fact file "
                    f"({', '.join(FACT_SUFFIXES)}); pass a text report or curated facts"
                )
    for report_id, text in texts.items():
        if report_id in facts:
            continue
        for folder in (text.parent, text.parent.parent / "facts"):
            for suffix in FACT_SUFFIXES:
                candidate = folder / f"{text.name.rsplit('.', 1)[0]}{suffix}"
                if candidate.is_file():
                    facts[report_id] = candidate
                    break
            if report_id in facts:
                break
    ids = sorted(set(texts) | set(facts))
    return [BuildInput(i, texts.get(i), facts.get(i)) for i in ids]


def _validated(
    pairs: list[tuple[str, rdflib.Graph]], source: str, text: str | None = None
) -> tuple[list[str], list[str]]:
    """Validate report graphs; return (violations, warnings) as lines."""
    from graph.validate import validate_graph

    violations: list[str] = []
    warnings: list[str] = []
    for _iri, graph in pairs:
        report = validate_graph(graph, source=source, text=text)
        violations += [str(v) for v in report.violations]
        warnings += [str(w) for w in report.warnings]
    return violations, warnings


def _init_worker() -> None:
    """Prepare an extraction worker process (pipeline built, collector tuned)."""
    from graph.extract.batch import tune_process

    tune_process()


def _extract_worker(path: str) -> tuple[str, str, list[str], list[str]]:
    """Extract and validate one report (in a worker process).

    Returns the report IRI, its facts as N-Triples, violations and warnings.
    """
    from graph.extract import extract_file

    iri, graph = extract_file(Path(path))
    violations, warnings = _validated([(iri, graph)], path)
    return iri, graph.serialize(format="nt"), violations, warnings


def _read_curated(item: BuildInput) -> list[tuple[str, rdflib.Graph]]:
    from graph.rdf import read_facts

    assert item.facts is not None
    return read_facts(item.facts)


def _load_manifest(out_dir: Path) -> dict:
    path = out_dir / MANIFEST
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
    return {}


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _count(store, query: str) -> int:
    rows = list(store.select_values(query))
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def build(
    reports: list[str | Path],
    out_dir: str | Path,
    *,
    store: str | None = None,
    jobs: int | None = None,
    figures: bool = True,
    progress: bool = True,
    projection: str = "flow",
    seed: int = 42,
) -> BuildSummary:
    """Run the main job on ``reports`` into ``out_dir``.

    Parameters
    ----------
    reports : list of path
        Text reports, curated fact files, or directories of them.
    out_dir : path
        Output directory (created).
    store : str, optional
        Store spec; default ``out_dir/store`` (so the build is self-contained).
    jobs : int, optional
        Extraction processes (default: the number of cores, used when there
        are more than a few reports).
    figures : bool, default True
        Draw the matplotlib figures.
    progress : bool, default True
        Show a progress bar on standard error.

    Returns
    -------
    BuildSummary

    Raises
    ------
    InputError, ParseError, EncodingError
        A report or fact file cannot be read (named in the message).
    ValidationError
        Facts violate the shapes; the store keeps its previous state.
    """
    from graph.load import VOCABULARY_GRAPHS, ensure_vocabulary
    from graph.rdf import write_atomic
    from graph.store import open_store

    started = time.perf_counter()
    out = Path(out_dir)
    inputs = find_inputs(reports, exclude=[out])  # never read a previous build's outputs
    if not inputs:
        raise InputError("no reports given; pass text reports (.txt) or curated fact files")
    out.mkdir(parents=True, exist_ok=True)
    summary = BuildSummary(out_dir=out, reports=len(inputs))
    db = open_store(store if store else out / "store")
    try:
        ensure_vocabulary(db)
        manifest = _load_manifest(out)
        known = manifest.get("reports", {})
        present = set(db.graph_names())
        todo: list[tuple[BuildInput, str]] = []
        for item in inputs:
            digest = item.digest()
            iri = report_iri(item.report_id)
            entry = known.get(iri)
            if entry and entry.get("digest") == digest and iri in present:
                summary.unchanged += 1
                summary.warnings += entry.get("warnings", [])
                continue
            todo.append((item, digest))

        bar = None
        if progress and len(todo) > 1:
            from tqdm import tqdm

            bar = tqdm(total=len(todo), desc="extract", unit="report", leave=False)
        # read, extract and validate everything first: a failure stores nothing
        ready: list[tuple[BuildInput, str, list[tuple[str, rdflib.Graph | str]], list[str]]] = []

        def accept(
            item: BuildInput, digest: str, pairs, violations: list[str], warnings: list[str]
        ) -> None:
            if violations:
                from graph.exceptions import ValidationError

                raise ValidationError(
                    f"{violations[0]}; fix the facts, the store keeps its previous state",
                    violations,
                )
            ready.append((item, digest, pairs, warnings))
            if bar is not None:
                bar.update(1)

        textual = [(i, d) for i, d in todo if i.facts is None]
        workers = min(jobs or os.cpu_count() or 1, max(1, len(textual)))
        try:
            for item, digest in todo:
                if item.facts is None:
                    continue
                pairs = _read_curated(item)
                text = item.facts.read_text(encoding="utf-8-sig")
                accept(item, digest, pairs, *_validated(pairs, str(item.facts), text))
                summary.curated += 1
            if len(textual) >= 8 and workers > 1:
                with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
                    futures = [
                        (i, d, pool.submit(_extract_worker, str(i.text))) for i, d in textual
                    ]
                    for item, digest, future in futures:
                        iri, nt, violations, warnings = future.result()
                        # kept as N-Triples text: stored as it is, no rdflib round trip
                        accept(item, digest, [(iri, nt)], violations, warnings)
                        summary.extracted += 1
            else:
                from graph.extract import extract_file
                from graph.extract.batch import batch

                with batch() if len(textual) > 1 else contextlib.nullcontext():
                    for item, digest in textual:
                        assert item.text is not None
                        pair = extract_file(item.text)
                        accept(item, digest, [pair], *_validated([pair], str(item.text)))
                        summary.extracted += 1
        finally:
            if bar is not None:
                bar.close()
        for item, digest, pairs, warnings in ready:
            for iri, graph in pairs:
                db.replace_graph(iri, graph)
                known[iri] = {"source": str(item.source), "digest": digest, "warnings": warnings}
            summary.warnings.extend(warnings)

        wanted = {report_iri(i.report_id) for i in inputs}
        report_graphs = [g for g in db.graph_names() if g not in VOCABULARY_GRAPHS]
        summary.facts = _count(
            db,
            "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f tkg:evidence ?e } "
            f"FILTER(?g != <{ontology.ONTOLOGY_IRI}>) }}",
        )
        summary.entities = _count(
            db,
            "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?t } "
            f"VALUES ?t {{ {' '.join('tkg:' + c for c in ontology.entity_classes())} }} "
            f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in VOCABULARY_GRAPHS)})) }}",
        )
        summary.triples = sum(db.count(g) for g in report_graphs if g in wanted or g in known)
        previous_files = [out / name for name in manifest.get("files", [])]
        unchanged = (
            not ready
            and manifest.get("graphs") == sorted(report_graphs)
            and previous_files
            and all(p.is_file() for p in previous_files)
        )
        if unchanged:
            # same inputs, same store: the outputs on disk are already the answer
            summary.files = previous_files
        else:
            facts = [iri for iri in sorted(report_graphs) if iri in wanted or iri in known]
            summary.files.append(write_atomic(out / "facts.trig", db.dump_graphs(facts, "trig")))

            from graph.analysis import analyze

            result = analyze(db, out, projection=projection, seed=seed, figures=figures)
            summary.files += list(getattr(result, "files", []))
            from graph.export import export

            for name, fmt in EXPORTS.items():
                written = export(db, out / name, format=fmt, projection=projection)
                summary.files += (
                    list(written) if isinstance(written, list | tuple) else [out / name]
                )
            summary.files += export(db, out / EXPLORER[0], format="html", projection=EXPLORER[1])
        manifest = {
            "reports": known,
            "graphs": sorted(report_graphs),
            "files": sorted(
                {str(Path(f).resolve().relative_to(out.resolve())) for f in summary.files}
            ),
            "tkg": _version(),
        }
        _write_json(out / MANIFEST, manifest)
    finally:
        db.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _version() -> str:
    from graph import __version__

    return __version__
