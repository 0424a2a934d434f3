"""Where ``tkg build`` extracts: this process, worker processes, or a dask cluster.

Extraction is a pure function of a report file (and its ``.meta.yaml``
sidecar): :func:`extract_one` turns one path into an :class:`Extracted`
record (the report IRI, its facts as N-Triples, and the error when the
report could not be read). The executors only decide where that function
runs:

- :func:`run_local`: in this process for a few reports, else in a pool of
  worker processes on this machine (``--jobs``);
- :func:`run_dask`: on a ``dask.distributed`` cluster (a ``LocalCluster``
  when no scheduler address is given). Each task extracts a chunk of
  reports and writes them as one N-Quads shard (``shard-NNNNN.nq``) into
  the shard directory, the input of a store's own bulk loader (see
  ``docs/scale-out.md``); the records come back to the client, which loads
  them into the store in one bulk step.

A failure of one report is a value, not an exception: the caller decides
whether it sinks the build (``--strict``) or is reported beside the others.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Europol said 40 migrants reached Italy.", encoding="utf-8")
>>> _ = (d / "b.txt").write_bytes(b"\\x00\\x01binary\\x00")
>>> records = list(run_local([str(d / "a.txt"), str(d / "b.txt")], jobs=1))
>>> [r.ok for r in records]
[True, False]
>>> records[0].iri
'https://w3id.org/tkg/id/report/a'
>>> type(records[1].error).__name__
'EncodingError'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph.exceptions import ExtractionError, InputError, TkgError

__all__ = [
    "EXECUTORS",
    "Extracted",
    "extract_one",
    "extract_chunk",
    "run_local",
    "run_dask",
    "write_shard",
]

#: The executors ``tkg build --executor`` knows.
EXECUTORS = ("local", "dask")
#: Reports per dask task (one N-Quads shard each).
DASK_CHUNK = 25
#: Below this many reports, extraction runs in the calling process.
POOL_FROM = 8

_tuned = False


@dataclass
class Extracted:
    """One report's extraction: its facts, or why there are none.

    Attributes
    ----------
    path : str
        The report file.
    iri : str
        The report IRI (the named graph), empty when extraction failed.
    nt : str
        The facts as N-Triples text.
    warnings, violations : list of str
        SHACL warnings and violations (only when validated).
    error : TkgError or None
        Why the report could not be extracted.
    """

    path: str
    iri: str = ""
    nt: str = ""
    warnings: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    error: TkgError | None = None

    @property
    def ok(self) -> bool:
        """Extracted, and no violation found."""
        return self.error is None and not self.violations


def _tune() -> None:
    """Warm the pipeline up and tune the collector once per worker process."""
    global _tuned
    if not _tuned:
        from graph.extract.batch import tune_process

        tune_process()
        _tuned = True


def extract_one(path: str, validate: bool = False) -> Extracted:
    """Extract one report; a failure is returned, not raised.

    Parameters
    ----------
    path : str
        A text report.
    validate : bool, default False
        Check the facts against the SHACL shapes as well (the extractor's
        output is valid by construction: ``tests/test_extract_valid.py``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
    >>> _ = p.write_text("Frontex sent experts to Greece.", encoding="utf-8")
    >>> r = extract_one(str(p), validate=True)
    >>> r.ok, r.violations, r.nt.count(" .\\n") > 5
    (True, [], True)
    """
    from graph.extract import extract_file

    try:
        iri, graph = extract_file(Path(path))
    except TkgError as e:
        return Extracted(path, error=e)
    except (UnicodeError, ValueError, RecursionError, MemoryError) as e:
        # an extractor bug on one odd text must not sink a build of thousands
        return Extracted(
            path,
            error=ExtractionError(
                f"{path}: extraction failed ({type(e).__name__}: {' '.join(str(e).split())[:200]}); "
                "report it with the file"
            ),
        )
    record = Extracted(path, iri, graph.serialize(format="nt"))
    if validate:
        from graph.validate import validate_graph

        report = validate_graph(graph, source=path)
        record.violations = [str(v) for v in report.violations]
        record.warnings = [str(w) for w in report.warnings]
    return record


def _extract_tuned(path: str, validate: bool) -> Extracted:
    _tune()
    return extract_one(path, validate)


def write_shard(records: Sequence[Extracted], path: str | os.PathLike[str]) -> Path:
    """Write the extracted reports as one N-Quads file (each in its named graph).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> r = Extracted("a.txt", "urn:r", '<urn:a> <urn:p> "x" .\\n')
    >>> p = write_shard([r], pathlib.Path(tempfile.mkdtemp()) / "s.nq")
    >>> p.read_text()
    '<urn:a> <urn:p> "x" <urn:r> .\\n'
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in records:
            if not r.ok:
                continue
            suffix = f" <{r.iri}> .\n"
            for line in r.nt.splitlines():
                if line.endswith(" ."):
                    fh.write(line[:-2] + suffix)
    os.replace(tmp, target)
    return target


def extract_chunk(
    paths: Sequence[str], validate: bool = False, shard: str | None = None
) -> list[Extracted]:
    """Extract a chunk of reports (one dask task); write their shard if asked.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Greek police arrested 30 smugglers.", encoding="utf-8")
    >>> [r.ok for r in extract_chunk([str(d / "a.txt")], shard=str(d / "s.nq"))]
    [True]
    >>> (d / "s.nq").stat().st_size > 0
    True
    """
    from graph.extract.batch import batch

    with batch():
        records = [extract_one(p, validate) for p in paths]
    if shard is not None:
        write_shard(records, shard)
    return records


def run_local(
    paths: Sequence[str],
    *,
    validate: bool = False,
    jobs: int | None = None,
    done: Callable[[Extracted], None] | None = None,
) -> Iterator[Extracted]:
    """Extract ``paths`` on this machine, in input order.

    Parameters
    ----------
    paths : sequence of str
        Report files.
    validate : bool, default False
        Run SHACL on each report's facts too.
    jobs : int, optional
        Worker processes (default: the number of cores); a pool is used from
        :data:`POOL_FROM` reports on.
    done : callable, optional
        Called with each record as it arrives (a progress bar).
    """
    workers = min(jobs or os.cpu_count() or 1, max(1, len(paths)))
    if len(paths) >= POOL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, min(16, len(paths) // (workers * 8)))
            for record in pool.map(_extract_tuned, paths, [validate] * len(paths), chunksize=chunk):
                if done is not None:
                    done(record)
                yield record
        return
    from graph.extract.batch import batch

    with batch() if len(paths) > 1 else _nothing():
        for path in paths:
            record = extract_one(path, validate)
            if done is not None:
                done(record)
            yield record


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def run_dask(
    paths: Sequence[str],
    *,
    validate: bool = False,
    scheduler: str | None = None,
    jobs: int | None = None,
    shard_dir: str | os.PathLike[str] | None = None,
    chunk: int = DASK_CHUNK,
    done: Callable[[Extracted], None] | None = None,
) -> Iterator[Extracted]:
    """Extract ``paths`` on a dask.distributed cluster, in input order.

    Parameters
    ----------
    paths : sequence of str
        Report files (for a remote cluster, paths the workers can read).
    validate : bool, default False
        Run SHACL on each report's facts too.
    scheduler : str, optional
        A scheduler address (``tcp://host:8786``); by default a
        ``LocalCluster`` of ``jobs`` single-threaded worker processes.
    jobs : int, optional
        Workers of the local cluster (default: the number of cores).
    shard_dir : path, optional
        Where each task writes its N-Quads shard (for a remote cluster, a
        directory the workers share with the store's bulk loader).
    chunk : int
        Reports per task.
    done : callable, optional
        Called with each record as it arrives.

    Raises
    ------
    InputError
        dask.distributed is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise InputError(
            "--executor dask needs dask.distributed; install it with pip install 'tkg[dask]'"
        ) from e
    if shard_dir is not None:
        Path(shard_dir).mkdir(parents=True, exist_ok=True)
    chunks = [list(paths[i : i + chunk]) for i in range(0, len(paths), chunk)]
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            workers = min(jobs or os.cpu_count() or 1, max(1, len(chunks)))
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as e:
        raise InputError(
            f"cannot reach the dask scheduler {scheduler}: {e}; start it "
            "(dask scheduler) or leave --scheduler out for a local cluster"
        ) from e
    try:
        futures = [
            client.submit(
                extract_chunk,
                part,
                validate,
                None if shard_dir is None else str(Path(shard_dir) / f"shard-{i:05d}.nq"),
                pure=False,
            )
            for i, part in enumerate(chunks)
        ]
        for future in futures:
            for record in future.result():
                if done is not None:
                    done(record)
                yield record
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
