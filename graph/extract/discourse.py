"""Discourse memory: what a report's rules remember from one sentence to the next.

One :class:`Discourse` per report owns every piece of cross-sentence state,
so that a newcomer finds it in one place and a rule cannot keep memory of its
own: the last speaker (a quote without attribution continues them), the last
organisation and criminal group named ("the agency", "the network"), the
groups named before ("the migrants"), the previous sentence, the year the text
last named ("the previous year"), the country a country narrative is about
and the facts of the sentences before.
Mention finders and frame rules read it; the few updates are made where the
thing is found (a speaker by the statement rule, a year by :func:`discourse_years`).

Examples
--------
>>> from graph.extract.discourse import Discourse, discourse_years
>>> from graph.extract.dates import find_dates
>>> d = Discourse()
>>> _ = discourse_years(d, find_dates("In 2022, police identified 40 victims.", None, None), 0)
>>> d.last_year
2022
>>> [x.value for x in discourse_years(d, find_dates("Courts convicted 12 the previous year.", None, None), 0)]
['2021']
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.extract.dates import DateMention

if TYPE_CHECKING:
    from graph.extract.entities import Entity, SentenceAnalysis
    from graph.extract.frames.base import Fact

__all__ = ["Discourse", "discourse_years"]


@dataclass
class Discourse:
    """Cross-sentence memory of one report.

    Attributes
    ----------
    last_speaker : Entity or None
        Who spoke last (an unattributed quote in the same or the next paragraph continues them).
    last_quote_paragraph : int or None
        The paragraph of the last attributed quote.
    last_org, last_group : Entity or None
        The last organisation and criminal group named ("the agency", "the network").
    recent_groups, recent_pgroups : list of Entity
        Criminal groups and person groups named so far ("the gang", "the migrants").
    prev : SentenceAnalysis or None
        The previous sentence.
    last_year : int or None
        The last year the text named ("the previous year" is the one before it).
    last_year_paragraph : int
        The paragraph of the sentence that named it (-1 when that was not a plain date).
    narrative : Entity or None
        The country a country narrative is about (the first country given a role).
    history : list of Fact
        The facts of the sentences before (the driver adds a sentence's facts
        when it is done): "It is also a destination country", "they were
        charged" and the journey a later sentence continues are read from it.
    """

    last_speaker: Entity | None = None
    last_quote_paragraph: int | None = None
    last_org: Entity | None = None
    last_group: Entity | None = None
    recent_groups: list[Entity] = field(default_factory=list)
    recent_pgroups: list[Entity] = field(default_factory=list)
    prev: SentenceAnalysis | None = None
    last_year: int | None = None
    last_year_paragraph: int = -1
    narrative: Entity | None = None
    history: list[Fact] = field(default_factory=list)


_NAMED_YEAR = re.compile(r"(?:19|20)\d\d")
_PREVIOUS_YEAR = re.compile(r"previous|prior|preceding|year earlier|year before", re.I)


def discourse_years(
    discourse: Discourse, dates: list[DateMention], paragraph: int = -1
) -> list[DateMention]:
    """Resolve "the previous year" against the year the text last named.

    A sentence naming no year of its own ("Courts convicted 180 traffickers the
    previous year") follows the year of the sentences before it ("In 2022,
    ..."), not the report's date. Also remembers the last named year.
    """
    if not dates:
        return dates
    named = None
    out = []
    for d in dates:
        if _NAMED_YEAR.search(d.text) and d.value and d.kind != "vague":
            named = d
        elif named is None and discourse.last_year and _PREVIOUS_YEAR.search(d.text):
            d = dataclasses.replace(d, value=str(discourse.last_year - 1), datatype="gYear")
        out.append(d)
    if named is not None:
        discourse.last_year = int(named.value[:4])
        # only a plain year or date sets the paragraph's year ("since 2015" does not)
        discourse.last_year_paragraph = paragraph if named.kind == "point" else -1
    return out
