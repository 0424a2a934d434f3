"""When: the dates of a sentence's facts are the events' own, not the telling's.

"Police said on Friday that officers had arrested 12 people on Wednesday":
the rules of each family give their facts the sentence's point dates; this
last pass drops from every fact that is not itself a statement the dates that
only tell when something was said (:func:`graph.extract.dates.speech_date`),
provided the fact keeps another date; a fact given only the telling's date
gets the sentence's one other date instead. A fact whose only date is the
telling's, in a sentence without another, keeps it (the event happened by then).

Examples
--------
>>> from graph.extract import extract_text
>>> g = extract_text(
...     "Police said on Friday that officers had arrested 12 people in Spain on Wednesday.",
...     report_id="w", date="2024-05-10")
>>> q = "SELECT ?d WHERE { ?a a tkg:Arrest ; tkg:date ?d }"
>>> [str(r[0]) for r in g.query(q, initNs={"tkg": "https://w3id.org/tkg/ontology#"})]
['2024-05-08']
"""

from __future__ import annotations

from graph.extract.dates import speech_date
from graph.extract.frames.base import Fact, SentenceView, TypedDate

__all__ = ["anchor_dates"]

_TELLING = ("Statement", "Warning")


def anchor_dates(view: SentenceView, facts: list[Fact]) -> None:
    """Drop the telling's dates from the sentence's event ``facts`` (see the module doc)."""
    sa, dates = view.sa, view.dates
    if len(dates) < 2:
        return
    told = {
        TypedDate(d.value, d.datatype)
        for d in dates
        if d.value and d.kind == "point" and speech_date(sa.text, d)
    }
    if not told:
        return
    own = {
        TypedDate(d.value, d.datatype)
        for d in dates
        if d.value and d.kind == "point" and TypedDate(d.value, d.datatype) not in told
    }
    for f in facts:
        if f.sentence is not sa.sentence or f.types[0] in _TELLING:
            continue
        values = f.props.get("date")
        if not values:
            continue
        kept = [v for v in values if v not in told]
        if kept and len(kept) < len(values):
            f.props["date"] = kept
        elif not kept and len(own) == 1:  # the rule took the telling's date, not the event's
            f.props["date"] = list(own)
