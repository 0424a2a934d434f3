"""Write the second proxy corpus's competency questions (.rq) from compact specs.

The second proxy corpus (``bench/proxy2``) is written blind, like the first
(``bench/proxy``), after the first had been looked at by the rule writers. Its
questions use the first corpus's helpers (imported from
``bench/proxy/make_questions.py`` so that both stay in one convention) plus a
few more below; :func:`write` puts the .rq files in this directory:

    python bench/proxy2/make_questions.py     # rewrites bench/proxy2/*.rq
    python bench/proxy2/make_questions.py --check
    python bench/eval_extract.py bench/proxy2 -v

``--check`` parses every question with rdflib and pyoxigraph and asks it on an
empty store and on a store holding only the ontology and the places: every
question must be false there (a question true on the vocabulary alone would
measure nothing).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

_spec = importlib.util.spec_from_file_location(
    "proxy_make_questions", ROOT / "bench" / "proxy" / "make_questions.py"
)
assert _spec is not None and _spec.loader is not None
_first = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_first)

HEAD = _first.HEAD
_label = _first._label
_place = _first._place
actor = _first.actor
count = _first.count
dated = _first.dated
destination = _first.destination
exploitation = _first.exploitation
flow = _first.flow
group = _first.group
located = _first.located
origin = _first.origin
person = _first.person
role = _first.role
stat = _first.stat
transit = _first.transit


def based_in(name: str, place: str) -> str:
    """A person (or actor) whose label contains ``name`` is based in ``place``."""
    return "?p tkg:basedIn ?pl . " + _label("p", name) + " " + _place("pl", place)


def nationality(name: str, iso: str) -> str:
    """A person whose label contains ``name`` has the nationality ``iso``."""
    return f"?p a tkg:Person ; tkg:nationality/tkg:isoCode '{iso}' . " + _label("p", name)


def place_of(needle: str) -> str:
    """Something (event, statistic) is located in or scoped to a place labelled ``needle``."""
    return "?x tkg:location|tkg:scope ?pl . " + _label("pl", needle)


def named(needle: str, classes: str) -> str:
    """A node of one of ``classes`` whose label contains ``needle`` (an operation, a route)."""
    return f"?x a ?k . VALUES ?k {{ {classes} }} " + _label("x", needle)


def as_person(*needles: str) -> str:
    """A Person whose label contains one of ``needles`` (for negatives)."""
    cond = " || ".join(f"CONTAINS(LCASE(STR(?l)), {n.lower()!r})" for n in needles)
    return f"?p a tkg:Person ; rdfs:label|skos:altLabel ?l . FILTER({cond})"


def as_perpetrator(needle: str) -> str:
    """An actor labelled ``needle`` given as a perpetrator or member of a criminal group."""
    return (
        "{ ?e tkg:perpetrator ?p . } UNION { ?p tkg:memberOf ?g . ?g a tkg:CriminalGroup . } "
        + _label("p", needle)
    )


def amount(value: int, *units: str) -> str:
    """A statistic of ``value`` in a unit containing one of ``units`` (case-insensitive)."""
    cond = " || ".join(f"CONTAINS(UCASE(STR(?u)), {u.upper()!r})" for u in units)
    return f"?s tkg:value ?v ; tkg:unit ?u . FILTER(?v = {value} && ({cond}))"


def stat_in(measures: str, *values: int) -> str:
    """A statistic of one of ``measures`` whose value is one of ``values`` (for negatives)."""
    vals = ", ".join(str(v) for v in values)
    return f"?s tkg:measure ?m ; tkg:value ?v . VALUES ?m {{ {measures} }} FILTER(?v IN ({vals}))"


def write(stem: str, questions: list[tuple[str, str, str]]) -> None:
    """Write ``stem.QQ-name.rq`` files in this directory (old ones of the stem removed)."""
    for old in HERE.glob(f"{stem}.*.rq"):
        old.unlink()
    for i, (name, title, body) in enumerate(questions, 1):
        neg = name.startswith("not-")
        comment = (
            "# NEGATIVE (true = the mistake is present; must be false): " if neg else "# "
        ) + title
        (HERE / f"{stem}.{i:02d}-{name}.rq").write_text(
            f"{HEAD}{comment}\nASK {{\n  {body}\n}}\n", encoding="utf-8"
        )


def check() -> int:
    """Parse every question with rdflib and pyoxigraph; all must be false on the vocabulary."""
    import pyoxigraph
    from rdflib.plugins.sparql import prepareQuery

    empty = pyoxigraph.Store()
    vocab = pyoxigraph.Store()
    for ttl in ("tkg.ttl", "places.ttl"):
        with open(ROOT / "ontology" / ttl, "rb") as fh:
            vocab.load(fh, pyoxigraph.RdfFormat.TURTLE, base_iri="https://w3id.org/tkg/")
    bad = 0
    files = sorted(HERE.glob("*.rq"))
    for rq in files:
        text = rq.read_text(encoding="utf-8")
        try:
            prepareQuery(text)
            hits = [bool(s.query(text, use_default_graph_as_union=True)) for s in (empty, vocab)]
        except Exception as exc:  # noqa: BLE001 - report every broken question
            print(f"{rq.name}: does not parse: {exc}")
            bad += 1
            continue
        if any(hits):
            print(f"{rq.name}: true without any report (empty, vocabulary) = {hits}")
            bad += 1
    print(f"{len(files)} questions, {bad} bad")
    return bad


def main() -> None:
    import sys

    if "--check" in sys.argv[1:]:
        raise SystemExit(1 if check() else 0)
    from questions import QUESTIONS  # bench/proxy2/questions.py

    for stem, qs in QUESTIONS.items():
        write(stem, qs)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE))
    main()
