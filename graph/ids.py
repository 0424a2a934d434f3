"""IRIs for the things tkg describes.

Every resource lives under ``https://w3id.org/tkg/id/`` (see
``docs/ARCHITECTURE.md``). Global things (countries, organisations from the
gazetteer, people) have one IRI across reports; things local to one report
(unnamed groups, events, statistics, evidence) live under the report's IRI,
with a key hashed from what identifies them so that processing the same text
twice gives the same IRIs.

Examples
--------
>>> from graph.ids import slugify, report_iri, local_iri
>>> slugify("Robert Wainwright")
'robert-wainwright'
>>> report_iri("cnn-2011-europol-north-africa")
'https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa'
>>> local_iri(report_iri("r1"), "Statistic", 10, 42, "270000")
'https://w3id.org/tkg/id/report/r1/statistic/...'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ontology import TKGID

__all__ = [
    "ID_BASE",
    "slugify",
    "report_iri",
    "graph_iri",
    "report_slug",
    "report_id_from_path",
    "local_iri",
    "org_iri",
    "person_iri",
    "stable_key",
]

ID_BASE = str(TKGID)
_REPORT_BASE = ID_BASE + "report/"
_KNOWN_SUFFIXES = frozenset(
    ".txt .text .md .html .yaml .yml .trig .ttl .nt .nq .jsonld .json .facts .meta .gz".split()
)


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Turn a name into a lower-case ASCII slug.

    Parameters
    ----------
    text : str
        Any name ("Côte d'Ivoire", "Robert Wainwright").

    Returns
    -------
    str
        Letters and digits joined by single hyphens; ``"x"`` for an empty result.

    Examples
    --------
    >>> slugify("Côte d'Ivoire")
    'cote-d-ivoire'
    >>> slugify("  UN  refugee agency ")
    'un-refugee-agency'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug or "x"


def report_iri(report_id: str) -> str:
    """Return the IRI (and named-graph IRI) of a report from its id.

    Examples
    --------
    >>> report_iri("My Report 2011")
    'https://w3id.org/tkg/id/report/my-report-2011'
    """
    return _REPORT_BASE + slugify(report_id)


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S")


def graph_iri(value: str) -> str:
    """A named graph's IRI from a report id or an IRI (returned as it is).

    Wherever tkg takes a graph IRI it takes a report id too: ``cnn-2011`` is
    ``https://w3id.org/tkg/id/report/cnn-2011``.

    Examples
    --------
    >>> graph_iri("cnn-2011-europol-north-africa")
    'https://w3id.org/tkg/id/report/cnn-2011-europol-north-africa'
    >>> graph_iri("https://w3id.org/tkg/id/report/r1"), graph_iri("urn:x:g")
    ('https://w3id.org/tkg/id/report/r1', 'urn:x:g')
    >>> graph_iri("<https://example.org/g>")
    'https://example.org/g'
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    return value if _ABSOLUTE_IRI.match(value) else report_iri(value)


def report_slug(iri: str) -> str:
    """Return the slug of a report IRI (the inverse of :func:`report_iri`).

    Examples
    --------
    >>> report_slug("https://w3id.org/tkg/id/report/r1")
    'r1'
    """
    if iri.startswith(_REPORT_BASE):
        return iri[len(_REPORT_BASE) :].split("/", 1)[0]
    return slugify(iri.rstrip("/").rsplit("/", 1)[-1])


def report_id_from_path(path: str | Path) -> str:
    """Return the report id for a file: the slug of its stem.

    A fact sheet and its report share the id when they share the stem
    (``cnn-2011.txt`` and ``cnn-2011.yaml``); compound suffixes such as
    ``.facts.trig`` or ``.meta.yaml`` are stripped too.

    Examples
    --------
    >>> report_id_from_path("examples/reports/CNN 2011.txt")
    'cnn-2011'
    >>> report_id_from_path("out/cnn-2011.facts.trig")
    'cnn-2011'
    """
    name = Path(path).name
    while True:
        stem, dot, suffix = name.rpartition(".")
        if not dot or not stem or "." + suffix.lower() not in _KNOWN_SUFFIXES:
            break
        name = stem
    return slugify(name)


def stable_key(*parts: object, length: int = 10) -> str:
    """Return a short hexadecimal hash of ``parts``, stable across runs.

    Examples
    --------
    >>> stable_key("Statistic", 1, 2) == stable_key("Statistic", 1, 2)
    True
    >>> len(stable_key("x"))
    10
    """
    text = "\x1f".join(map(str, parts))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def local_iri(report: str, kind: str, *parts: object) -> str:
    """Return the IRI of a thing local to one report.

    Parameters
    ----------
    report : str
        The report IRI.
    kind : str
        A class name ("Statistic", "Evidence", "CriminalGroup").
    *parts : object
        What identifies the thing inside the report (offsets, values).

    Examples
    --------
    >>> local_iri("https://w3id.org/tkg/id/report/r1", "Evidence", 0, 10)
    'https://w3id.org/tkg/id/report/r1/evidence/...'
    """
    return f"{report.rstrip('/')}/{kind.lower()}/{stable_key(kind, *parts)}"


def org_iri(name: str) -> str:
    """Return the global IRI of a named organisation.

    Examples
    --------
    >>> org_iri("Europol")
    'https://w3id.org/tkg/id/org/europol'
    """
    return f"{ID_BASE}org/{slugify(name)}"


def person_iri(name: str) -> str:
    """Return the global IRI of a named person.

    Examples
    --------
    >>> person_iri("Melissa Fleming")
    'https://w3id.org/tkg/id/person/melissa-fleming'
    """
    return f"{ID_BASE}person/{slugify(name)}"
