"""Extraction: report text to facts with evidence, under the tkg vocabulary.

Public functions
----------------
- :func:`read_report` decodes a report file (and reads its ``.meta.yaml``).
- :func:`extract_text` turns text into the report's named graph.
- :func:`extract_file` does both and returns ``(report IRI, graph)``.

Everything runs on rules over a blank spaCy English tokenizer and
gazetteers (no trained model), built once per process and cached.

Examples
--------
>>> from graph.extract import extract_text
>>> g = extract_text("Europol said it was sending experts to Italy.", report_id="demo")
>>> q = "ASK { ?d a tkg:Deployment ; tkg:location ?c . ?c tkg:isoCode 'IT' }"
>>> g.query(q, initNs={"tkg": "https://w3id.org/tkg/ontology#"}).askAnswer
True
"""

from __future__ import annotations

import bisect
import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

from graph.extract.text import ReportText, Sentence, read_report, split_sentences

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "extract_text",
    "extract_file",
    "read_report",
    "ReportText",
    "Sentence",
    "split_sentences",
]


def _as_date(value: object, what: str) -> _dt.date | None:
    from graph.exceptions import InputError

    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError as e:
        raise InputError(
            f"{what}: date {value!r} is not an ISO date; write it as YYYY-MM-DD"
        ) from e


# Mentions are found in chunks of whole sentences: spaCy refuses a text over
# ``nlp.max_length`` (1,000,000 characters) and its memory grows with the text.
CHUNK = 200_000


def _chunks(text: str, sentences: list[Sentence], size: int = CHUNK) -> list[tuple[int, int]]:
    """Cut ``text`` into spans of at most ``size`` characters at sentence ends.

    A sentence longer than ``size`` is cut at the last white space before the
    limit (a name across that cut is not found).

    Examples
    --------
    >>> t = "One two. Three four. Five."
    >>> _chunks(t, split_sentences(t), size=12)
    [(0, 8), (8, 20), (20, 26)]
    """
    out: list[tuple[int, int]] = []
    start = 0
    last_end = 0
    for s in sentences:
        if s.end - start > size and last_end > start:
            out.append((start, last_end))
            start = last_end
        while s.end - start > size:
            cut = text.rfind(" ", start + 1, start + size) if size > 1 else -1
            cut = cut if cut > start else start + size
            out.append((start, cut))
            start = cut
        last_end = s.end
    if start < len(text):
        out.append((start, len(text)))
    return out


def _mentions(text: str, sentences: list[Sentence]) -> list:
    """Gazetteer mentions of the whole text, found chunk by chunk (offsets into ``text``)."""
    import dataclasses

    from graph.extract.gazetteer import find_mentions, nlp

    if len(text) <= CHUNK:
        return find_mentions(text, nlp().make_doc(text))
    out = []
    for a, b in _chunks(text, sentences):
        part = text[a:b]
        for m in find_mentions(part, nlp().make_doc(part)):
            out.append(dataclasses.replace(m, start=m.start + a, end=m.end + a))
    return out


def extract_text(
    text: str,
    *,
    report_id: str,
    date: _dt.date | str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    source: str | None = None,
) -> rdflib.Graph:
    """Extract facts from report text.

    Parameters
    ----------
    text : str
        The decoded report; evidence offsets index into this string.
    report_id : str
        The report id (slugified into ``id/report/{slug}``).
    date : datetime.date or str, optional
        Publication date; resolves "Tuesday", "last year", "February 15".
    title, publisher, source : str, optional
        Report metadata.

    Returns
    -------
    rdflib.Graph
        The report's named graph (its identifier is the report IRI).

    Raises
    ------
    graph.exceptions.ExtractionError
        When the text is empty.

    Examples
    --------
    >>> g = extract_text("About 270,000 victims live in Europe, according to Europol.", report_id="x")
    >>> sorted(str(o) for o in g.objects(None, g.namespace_manager.expand_curie("tkg:value")))
    ['270000']
    """
    from graph.exceptions import ExtractionError
    from graph.extract.dates import reference_year
    from graph.extract.entities import Registry, analyse_sentence
    from graph.extract.frames import sentence_facts, sentence_view
    from graph.extract.gazetteer import Mention
    from graph.extract.rdfout import build_graph
    from graph.ids import report_iri

    if not isinstance(text, str) or not text.strip():
        raise ExtractionError(f"report {report_id!r}: the text is empty; give the report's text")
    report_date = _as_date(date, f"report {report_id!r}")
    report = report_iri(report_id)
    sentences = split_sentences(text)
    mentions = _mentions(text, sentences)
    starts = [m.start for m in mentions]
    reg = Registry(report)
    ref_year = None if report_date else reference_year(text)
    facts = []
    for s in sentences:
        lo = bisect.bisect_left(starts, s.start)
        hi = bisect.bisect_left(starts, s.end)
        ms: list[Mention] = [m for m in mentions[lo:hi] if m.end <= s.end]
        sa = analyse_sentence(s, reg, ms)
        facts += sentence_facts(sentence_view(sa, reg, report_date, ref_year), reg.discourse)
    return build_graph(
        report,
        text,
        facts,
        reg,
        title=title,
        publisher=publisher,
        date=report_date,
        source=source,
    )


def extract_file(
    path: str | Path,
    *,
    report_id: str | None = None,
    title: str | None = None,
    date: _dt.date | str | None = None,
    publisher: str | None = None,
    source: str | None = None,
) -> tuple[str, rdflib.Graph]:
    """Read a report file and extract its facts.

    Metadata comes from the arguments, else from the ``<stem>.meta.yaml``
    sidecar beside the report (``id``, ``title``, ``publisher``, ``date``,
    ``source``); the report id defaults to the slug of the file stem.

    Parameters
    ----------
    path : str or Path
        A plain-text report (UTF-8, UTF-16 with BOM, or cp1252).
    report_id, title, date, publisher, source : optional
        Override the sidecar.

    Returns
    -------
    (str, rdflib.Graph)
        The report IRI (= named graph IRI) and the graph.

    Raises
    ------
    graph.exceptions.InputError, graph.exceptions.EncodingError

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "note.txt")
    >>> _ = open(p, "w", encoding="utf-8").write("Frontex said 5,000 migrants arrived in Greece last year.")
    >>> iri, g = extract_file(p, date="2016-03-01")
    >>> iri
    'https://w3id.org/tkg/id/report/note'
    """
    from graph.ids import report_id_from_path, report_iri

    rt = read_report(path)
    meta = rt.meta
    rid = report_id or meta.get("id") or report_id_from_path(path)
    g = extract_text(
        rt.text,
        report_id=str(rid),
        date=date if date is not None else meta.get("date"),
        title=title if title is not None else meta.get("title"),
        publisher=publisher if publisher is not None else meta.get("publisher"),
        source=source if source is not None else meta.get("source"),
    )
    return report_iri(str(rid)), g
