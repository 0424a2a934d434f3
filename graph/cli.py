"""The ``tkg`` command line: one library call per command.

Every command opens the store (``--store``, else ``TKG_STORE``, else
``./.tkg/store``; ``tkg build`` defaults to ``OUT/store`` instead), calls one
function of the library and turns a :class:`graph.exceptions.TkgError` into
one ``error:`` line and a non-zero exit code. Wherever a named graph is
asked for, a report id does as well as its IRI. ``tkg query`` and ``tkg
export`` read the report graphs unless ``--include-vocabulary`` adds the
ontology and the places gazetteer (:mod:`graph.scope`). ``python -m graph``
works too.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from graph._words import plural
from graph.exceptions import TkgError, ValidationError

if TYPE_CHECKING:
    from graph.store import Store

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["main", "cli"]


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Turn library errors into one clean line on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationError as e:
            click.echo(f"error: {e}", err=True)
            for line in e.violations[1:]:
                click.echo(f"  {line}", err=True)
            sys.exit(e.exit_code)
        except TkgError as e:
            _fail(str(e), e.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted; the store keeps its last complete state", 130)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def _store_option(default: str) -> Callable[[F], F]:
    return click.option(
        "--store",
        "store_spec",
        envvar="TKG_STORE",
        default=None,
        metavar="S",
        help=(
            "Store: a directory (embedded Oxigraph), 'memory', or a SPARQL endpoint URL; "
            f"default: $TKG_STORE when set, else {default}."
        ),
    )


store_option = _store_option("./.tkg/store")

vocabulary_option = click.option(
    "--include-vocabulary",
    is_flag=True,
    help="Read the ontology and the places gazetteer too, not only the report graphs.",
)


def _open(store_spec: str | None, *, read_only: bool = False) -> Store:
    from graph.store import open_store

    return open_store(store_spec, read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tkg")
def cli() -> None:
    """tkg: knowledge graphs of human trafficking and migrant smuggling from written reports."""


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Output directory.",
)
@_store_option("OUT/store")
@click.option(
    "--jobs", "-j", default=0, show_default="all cores", help="Parallel extraction processes."
)
@click.option("--no-figures", is_flag=True, help="Skip the matplotlib figures.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--validate",
    is_flag=True,
    help="Check extracted facts against the SHACL shapes too (curated files always are).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="All or nothing: one bad report stops the build and stores nothing.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where extraction runs: processes on this machine, or dask.distributed.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="With --executor dask: the scheduler (tcp://host:8786); default a local cluster.",
)
@handle_errors
def build(
    reports: tuple[Path, ...],
    out_dir: Path,
    store_spec: str | None,
    jobs: int,
    no_figures: bool,
    quiet: bool,
    validate: bool,
    strict: bool,
    executor: str,
    scheduler: str | None,
) -> None:
    """The main job: extract, validate, load, analyse and export REPORTS into OUT.

    REPORTS are text files (or directories of them); a curated fact file with
    the same stem beside a report (.yaml, .ttl, .trig, .jsonld) wins over extraction.
    The store is --store, else $TKG_STORE when set, else OUT/store.

    A report that cannot be read, or whose facts fail the shapes, is rejected:
    named with its first violation, its facts written to OUT/rejected/NAME.ttl;
    the others are built.

    \b
    Exit codes:
      0  every report built
      9  partial: some reports rejected (listed), the others built
      2  bad input, 3 facts fail the shapes (with --strict), 4 store error
    """
    from graph.build import PARTIAL_EXIT_CODE
    from graph.build import build as run_build

    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    summary = run_build(
        list(reports),
        out_dir,
        store=store_spec,
        jobs=jobs or None,
        figures=not no_figures,
        progress=not quiet,
        validate=validate,
        strict=strict,
        executor=executor,
        scheduler=scheduler,
    )
    click.echo(summary.text())
    if summary.partial:
        sys.exit(PARTIAL_EXIT_CODE)


@cli.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="TriG file (default: stdout).",
)
@click.option("--report-id", default=None, help="Report id (default: the file stem).")
@click.option(
    "--date", default=None, help="Publication date (YYYY-MM-DD) to resolve 'Tuesday', 'last year'."
)
@click.option("--title", default=None, help="Report title.")
@click.option("--publisher", default=None, help="Publisher.")
@click.option("--source", default=None, help="Source URL.")
@handle_errors
def extract(
    report: Path,
    output: Path | None,
    report_id: str | None,
    date: str | None,
    title: str | None,
    publisher: str | None,
    source: str | None,
) -> None:
    """Extract facts with evidence from a REPORT (plain text) as TriG."""
    from graph.extract import extract_file
    from graph.rdf import serialize_facts, write_facts

    iri, graph = extract_file(
        report, report_id=report_id, date=date, title=title, publisher=publisher, source=source
    )
    if output is None:
        click.echo(serialize_facts([(iri, graph)]), nl=False)
    else:
        write_facts([(iri, graph)], output)
        click.echo(f"{report}: {len(graph)} triples in graph <{iri}> -> {output}", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", default=None, help="Input format (default: from the suffix).")
@click.option("--no-validate", is_flag=True, help="Store without SHACL validation.")
@store_option
@handle_errors
def load(
    files: tuple[Path, ...], fmt: str | None, no_validate: bool, store_spec: str | None
) -> None:
    """Load curated FILES (Turtle, TriG, N-Triples, N-Quads, JSON-LD, YAML fact sheet), validated.

    Each report's named graph is replaced: loading the same file again changes nothing.
    """
    from graph.load import load_files

    store = _open(store_spec)
    try:
        result = load_files(store, list(files), fmt=fmt, validate=not no_validate)
    finally:
        store.close()
    for iri, n in result.graphs.items():
        click.echo(f"loaded {n} triples into <{iri}>")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@handle_errors
def validate(files: tuple[Path, ...]) -> None:
    """Check FILES against the SHACL shapes; violations name file, line, node and rule."""
    from graph.validate import validate_files

    reports = validate_files(list(files))
    bad = 0
    for name, report in reports.items():
        for line in report.lines():
            click.echo(line)
        if report.conforms:
            click.echo(f"{name}: conforms")
        else:
            bad += 1
            click.echo(f"{name}: {len(report.violations)} violations")
    if bad:
        sys.exit(ValidationError.exit_code)


@cli.command()
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(path_type=Path),
    help="Read the query from a .rq file.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Result format (json: SPARQL 1.1 results; CONSTRUCT results print as Turtle).",
)
@vocabulary_option
@store_option
@handle_errors
def query(
    query: str | None,
    query_file: Path | None,
    fmt: str,
    include_vocabulary: bool,
    store_spec: str | None,
) -> None:
    """Run a SPARQL QUERY (or -f FILE.rq) over the facts: the report graphs.

    The default graph is the merge of the report graphs and GRAPH ?g sees
    them one by one; --include-vocabulary adds the ontology and the places
    gazetteer, and a query with its own FROM keeps it. The prefixes tkg,
    tkgid, rdf, rdfs, owl, xsd, skos, prov, dcterms, schema, sem and geo are
    declared for you.
    """
    from graph.exceptions import InputError
    from graph.query import format_result, read_query
    from graph.scope import query_facts

    if (query is None) == (query_file is None):
        raise InputError("give a query or -f FILE.rq (exactly one)")
    text = read_query(query_file) if query_file else (query or "")
    store = _open(store_spec, read_only=True)
    result = query_facts(store, text, include_vocabulary=include_vocabulary)
    click.echo(format_result(result, fmt).rstrip("\n"))


@cli.command()
@click.argument("questions", type=click.Path(path_type=Path))
@store_option
@handle_errors
def check(questions: Path, store_spec: str | None) -> None:
    """Run the competency questions in QUESTIONS (a directory of .rq files); exit 1 if any fails."""
    from graph.check import check_dir

    store = _open(store_spec, read_only=True)
    results = check_dir(store, questions)
    for result in results:
        click.echo(str(result))
    failed = sum(not r.passed for r in results)
    click.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        sys.exit(1)


@cli.command()
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("analysis"),
    show_default=True,
    help="Output directory for analysis.md, the metrics tables and the figures.",
)
@click.option(
    "--projection",
    "-p",
    default="flow",
    show_default=True,
    help="The projection the figures and the brief's network section show: flow, actor-place, syndicate, comention, full.",
)
@click.option(
    "--from", "date_from", default=None, help="Only events on or after this date (YYYY[-MM[-DD]])."
)
@click.option("--to", "date_to", default=None, help="Only events on or before this date.")
@click.option(
    "--seed", default=42, show_default=True, help="Seed for communities, sampling and layout."
)
@click.option("--top", default=10, show_default=True, help="Rows in the top-entity tables.")
@click.option(
    "--measure",
    "projections",
    default=None,
    metavar="P1,P2",
    help="Only measure these projections, comma-separated (default: all five).",
)
@click.option("--projections", "projections_old", default=None, hidden=True)
@click.option("--no-figures", is_flag=True, help="Skip the matplotlib figures.")
@store_option
@handle_errors
def analyze(
    out_dir: Path,
    projection: str,
    date_from: str | None,
    date_to: str | None,
    seed: int,
    top: int,
    projections: str | None,
    projections_old: str | None,
    no_figures: bool,
    store_spec: str | None,
) -> None:
    """Network analysis: metrics tables, figures and analysis.md in OUT."""
    from graph.analysis import analyze as run_analysis

    projections = projections or projections_old  # --projections: the former name of --measure
    store = _open(store_spec, read_only=True)
    result = run_analysis(
        store,
        out_dir,
        projection=projection,
        date_from=date_from,
        date_to=date_to,
        seed=seed,
        top=top,
        projections=[p.strip() for p in projections.split(",")] if projections else None,
        figures=not no_figures,
    )
    for path in getattr(result, "files", []):
        click.echo(str(path))


@cli.command()
@click.option(
    "--format",
    "-f",
    "fmt",
    default=None,
    help="gexf, graphml, cyjs, dot, csv, html (the explorer), jsonld, ttl, trig, nq (default: from the suffix).",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    help="File to write (its suffix gives the format unless --format does).",
)
@click.option(
    "--projection",
    "-p",
    default="flow",
    show_default=True,
    help="Graph formats: flow, actor-place, syndicate, comention, full.",
)
@click.option(
    "--graph",
    "graph_iri",
    default=None,
    metavar="REPORT",
    help="Only this report (its id or graph IRI): RDF formats write its graph, graph formats its nodes and links.",
)
@vocabulary_option
@store_option
@handle_errors
def export(
    fmt: str | None,
    output: Path,
    projection: str,
    graph_iri: str | None,
    include_vocabulary: bool,
    store_spec: str | None,
) -> None:
    """Export a projection for Gephi, Cytoscape, yEd, Graphviz, Kumu, or the facts as RDF.

    The facts are the report graphs; --include-vocabulary adds the ontology
    and the places gazetteer to an RDF export.
    """
    from graph.export import export as run_export
    from graph.scope import report_graphs, resolve_graph

    store = _open(store_spec, read_only=True)
    if graph_iri is not None:
        graph_iri = resolve_graph(store, graph_iri)
    graphs = None if include_vocabulary or graph_iri else report_graphs(store)
    written = run_export(
        store, output, format=fmt, projection=projection, graph_iri=graph_iri, graph_iris=graphs
    )
    for path in written if isinstance(written, list | tuple) else [output]:
        click.echo(str(path))


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind (127.0.0.1 keeps it local).",
)
@click.option("--port", default=8000, show_default=True, help="TCP port to listen on.")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (needs --token).")
@click.option(
    "--token", envvar="TKG_TOKEN", default=None, help="Bearer token for updates. Env: TKG_TOKEN."
)
@click.option("--timeout", default=30.0, show_default=True, help="Per-query time limit in seconds.")
@click.option("--max-rows", default=100_000, show_default=True, help="Result row limit.")
@click.option("--allow-service", is_flag=True, help="Allow federated SERVICE calls.")
@click.option(
    "--allow-load",
    is_flag=True,
    help="Let updates LOAD http(s) URLs (time and size limited, validated).",
)
@click.option("--load-timeout", default=10.0, show_default=True, help="Seconds a LOAD may take.")
@click.option(
    "--max-load-bytes", default=20_000_000, show_default=True, help="Bytes a LOAD may fetch."
)
@click.option(
    "--max-request-bytes", default=1_000_000, show_default=True, help="Request size limit (413)."
)
@click.option(
    "--workers",
    default=None,
    type=int,
    help="Query worker processes (killed at the deadline); 0 runs queries in threads.  [default: 4-8, by CPUs]",
)
@click.option(
    "--worker-memory",
    default=1024,
    show_default=True,
    help="Memory (MB) a query worker may use beyond the store's own.",
)
@store_option
@handle_errors
def serve(
    host: str,
    port: int,
    allow_update: bool,
    token: str | None,
    timeout: float,
    max_rows: int,
    allow_service: bool,
    allow_load: bool,
    load_timeout: float,
    max_load_bytes: int,
    max_request_bytes: int,
    workers: int | None,
    worker_memory: int,
    store_spec: str | None,
) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint at /sparql (a query page at /)."""
    from graph.exceptions import InputError
    from graph.serve import serve as run_server

    if allow_update and not token:
        raise InputError("--allow-update needs --token (or TKG_TOKEN) so that only you can write")
    store = _open(store_spec, read_only=not allow_update)
    run_server(
        store,
        host=host,
        port=port,
        allow_update=allow_update,
        token=token,
        timeout=timeout,
        max_rows=max_rows,
        allow_service=allow_service,
        allow_load=allow_load,
        load_timeout=load_timeout,
        max_load_bytes=max_load_bytes,
        max_request_bytes=max_request_bytes,
        workers=workers,
        worker_memory_mb=worker_memory,
    )


@cli.command()
@store_option
@handle_errors
def reports(store_spec: str | None) -> None:
    """List the reports in the store: id, date, publisher, title and triple count."""
    from graph.scope import report_table

    store = _open(store_spec, read_only=True)
    rows = report_table(store)
    if not rows:
        click.echo("no reports loaded; use `tkg load` or `tkg build`")
        return
    head = ("triples", "report", "date", "publisher", "title")
    table = [head, *((f"{r.triples}", r.id, r.date, r.publisher, r.title) for r in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(head) - 1)]
    for row in table:
        cells = [row[0].rjust(widths[0])] + [
            c.ljust(w) for c, w in zip(row[1:-1], widths[1:], strict=True)
        ]
        click.echo("  ".join([*cells, row[-1]]).rstrip())
    click.echo(f"{plural(len(rows), 'report')}, {plural(sum(r.triples for r in rows), 'triple')}")


@cli.command()
@store_option
@handle_errors
def repair(store_spec: str | None) -> None:
    """Rebuild a damaged on-disk store from what can be read; the damaged copy is kept aside."""
    from graph.exceptions import StoreError
    from graph.store import repair_store
    from graph.store import store_spec as resolve

    spec = resolve(store_spec)
    if spec == "memory" or "://" in spec:
        raise StoreError(f"only an on-disk store can be repaired, not {spec}; pass --store DIR")
    restored, aside, lost = repair_store(spec)
    if lost:
        click.echo(
            f"{spec}: {len(lost)} graph(s) could not be read, load their fact files again "
            f"(tkg load FILES --store {spec}): {', '.join(lost[:5])}{' ...' if len(lost) > 5 else ''}"
        )
    if restored < 0:
        click.echo(
            f"{spec}: nothing could be read; a new empty store is in place (damaged copy: {aside}); "
            f"load the fact files again: tkg load FILES --store {spec}"
        )
    else:
        click.echo(f"{spec}: rebuilt with {restored} quads (damaged copy: {aside})")


def main(argv: list[str] | None = None) -> None:
    """Run the command line (the ``tkg`` console script)."""
    cli.main(args=argv, prog_name="tkg")


if __name__ == "__main__":  # pragma: no cover
    main()
