"""Extracting many reports in one process: warm-up and garbage-collector tuning.

Each report graph rdflib builds is a reference cycle (its store keeps the
graph as a context), so it is freed only by Python's cyclic garbage
collector. Extracting many reports in a row makes that collector run often,
and each of its full passes walks every long-lived object of the process:
the spaCy pipeline, the gazetteers and matchers (about 100,000 objects).
That cost a fifth of the extraction time.

:func:`batch` moves the long-lived objects out of the collector's sight
(:func:`gc.freeze`) and lets the young generation grow before it is
collected, for the duration of a ``with`` block only: on exit the previous
thresholds come back and the frozen objects are handed back to the
collector (:func:`gc.unfreeze`), so nothing is kept alive for longer than
without it. ``tkg build`` extracts inside it; so does ``bench/bench_extract.py``.

Examples
--------
>>> from graph.extract import extract_text
>>> from graph.extract.batch import batch
>>> with batch():
...     graphs = [extract_text(t, report_id=f"r{i}") for i, t in enumerate(
...         ["Europol said 40 migrants reached Italy.", "Frontex sent experts to Greece."])]
>>> [len(g) > 10 for g in graphs]
[True, True]
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["batch", "tune_process", "warm_up"]

#: Young-generation threshold inside :func:`batch` (Python's default is 700).
YOUNG_THRESHOLD = 10_000

_WARM_UP_TEXT = (
    "Europol's director Robert Wainwright said on Tuesday that more than 5,000 young "
    "Tunisians had arrived in Italy from Libya across the Mediterranean since the start "
    "of 2011. Italian police arrested 12 members of a Romanian gang that forced women "
    "into prostitution. Bulgaria is a source, transit, and destination country for men, "
    "women, and children subjected to sex trafficking and forced labor."
)

_depth = 0


def warm_up() -> None:
    """Build the tokenizer, gazetteers, matchers and rule tables now.

    They are built once per process on first use; a batch builds them
    before freezing the long-lived objects.

    Examples
    --------
    >>> warm_up()
    """
    from graph.extract import extract_text

    extract_text(_WARM_UP_TEXT, report_id="warm-up", date="2011-02-22")


@contextlib.contextmanager
def batch(young_threshold: int = YOUNG_THRESHOLD) -> Iterator[None]:
    """Tune the cyclic garbage collector while extracting many reports.

    Parameters
    ----------
    young_threshold : int, default 10,000
        Allocations between collections of the youngest generation.

    Yields
    ------
    None
        Inside the block, objects alive on entry are frozen and young
        collections are rarer; both are undone on exit. Nested blocks are
        no-ops.

    Examples
    --------
    >>> import gc
    >>> before = gc.get_threshold(), gc.get_freeze_count()
    >>> with batch():
    ...     gc.get_threshold()[0]
    10000
    >>> (gc.get_threshold(), gc.get_freeze_count()) == before
    True
    """
    global _depth
    if _depth:
        yield
        return
    # objects someone else froze (a tuned worker process) stay frozen: the block
    # then neither freezes nor unfreezes, it only sets the threshold back
    frozen_before = gc.get_freeze_count()
    old = tune_process(young_threshold, freeze=frozen_before == 0)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        gc.set_threshold(*old)
        if frozen_before == 0:
            gc.unfreeze()


def tune_process(
    young_threshold: int = YOUNG_THRESHOLD, *, freeze: bool = True
) -> tuple[int, int, int]:
    """Warm up and tune the garbage collector for the rest of the process.

    For a process that does nothing but extract (a ``tkg build`` worker);
    elsewhere use :func:`batch`, which undoes it.

    Parameters
    ----------
    young_threshold : int, default 10,000
        Allocations between collections of the youngest generation.
    freeze : bool, default True
        Move the objects alive now out of the collector's sight (:func:`gc.freeze`).

    Returns
    -------
    tuple of int
        The thresholds before (for :func:`gc.set_threshold`).

    Examples
    --------
    >>> import gc
    >>> old = tune_process()
    >>> gc.get_threshold()[0]
    10000
    >>> gc.set_threshold(*old); gc.unfreeze()
    """
    warm_up()
    old = gc.get_threshold()
    if freeze:
        gc.collect()
        gc.freeze()
    gc.set_threshold(young_threshold, old[1], old[2])
    return old
