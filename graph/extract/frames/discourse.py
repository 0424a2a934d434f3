"""Discourse memory across sentences: the year last named."""

from __future__ import annotations

import dataclasses
import re

from graph.extract.dates import DateMention
from graph.extract.frames.base import (
    ReportContext,
)

_NAMED_YEAR = re.compile(r"(?:19|20)\d\d")
_PREVIOUS_YEAR = re.compile(r"previous|prior|preceding|year earlier|year before", re.I)


def discourse_years(
    ctx: ReportContext, dates: list[DateMention], paragraph: int = -1
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
        elif named is None and ctx.last_year and _PREVIOUS_YEAR.search(d.text):
            d = dataclasses.replace(d, value=str(ctx.last_year - 1), datatype="gYear")
        out.append(d)
    if named is not None:
        ctx.last_year = int(named.value[:4])
        # only a plain year or date sets the paragraph's year ("since 2015" does not)
        ctx.last_year_paragraph = paragraph if named.kind == "point" else -1
    return out
