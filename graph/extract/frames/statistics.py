"""Statistics: reported numbers with their measure, unit, period, scope and source."""

from __future__ import annotations

import re

from graph.extract.dates import DateMention
from graph.extract.entities import Entity, SentenceAnalysis
from graph.extract.frames.base import (
    IN_WORDS,
    Concept,
    Fact,
    ReportContext,
    TypedDate,
    clause_start,
    hedged,
    new_fact,
    sentence_confidence,
)
from graph.extract.numbers import Quantity
from graph.extract.text import cue_regex

# --- statistics ---------------------------------------------------------------

_PERPS = r"(?:people|persons|traffickers|smugglers|suspects|defendants|individuals|offenders|perpetrators)"
_MEASURES = [
    (
        re.compile(
            r"^\s*(?:[\w-]+\s+){0,3}?(?:trafficking\s+|trafficked\s+|potential\s+|identified\s+|suspected\s+)?victims\b|"
            r"^\s*(?:[\w-]+\s+)?(?:people|persons|women|children|girls|boys|men|minors|workers)\s+"
            r"(?:were\s+|are\s+|had been\s+|have been\s+)?(?:trafficked|exploited|subjected\s+to|forced\s+(?:into|to))\b",
            re.I,
        ),
        "VictimCount",
    ),
    (
        re.compile(
            r"^\s*(?:[\w-]+\s+){0,2}?(?:migrants|refugees|asylum[- ]seekers|arrivals|immigrants|irregular (?:border )?crossings|crossings|people (?:ha(?:d|ve|s) )?(?:arrived|crossed|reached|landed|fled|escaped))\b",
            re.I,
        ),
        "Migrants",
    ),
    (re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?:operations|raids)\b", re.I), "OperationCount"),
    (re.compile(r"^\s*(?:[\w-]+\s+){0,2}?investigations\b", re.I), "InvestigationCount"),
    (
        re.compile(
            r"^\s*(?:[\w-]+\s+){0,2}?(?:arrests|people (?:were\s+)?(?:arrested|detained)|suspects (?:were\s+)?(?:arrested|detained))\b",
            re.I,
        ),
        "ArrestCount",
    ),
    (
        re.compile(
            rf"^\s*(?:[\w-]+\s+){{0,2}}?(?:convictions|{_PERPS}\s+(?:were\s+|had been\s+|have been\s+)?convicted)\b",
            re.I,
        ),
        "ConvictionCount",
    ),
    (
        re.compile(
            rf"^\s*(?:[\w-]+\s+){{0,2}}?(?:prosecutions|{_PERPS}\s+(?:were\s+|had been\s+|have been\s+)?(?:prosecuted|charged|indicted))\b",
            re.I,
        ),
        "ProsecutionCount",
    ),
    (
        re.compile(r"^\s*(?:[\w-]+\s+){0,2}?cases\s+(?:were\s+)?investigated\b", re.I),
        "InvestigationCount",
    ),
    (
        re.compile(
            r"^\s*(?:[\w-]+\s+){0,2}?(?:deaths|people (?:have\s+)?(?:died|drowned))\b", re.I
        ),
        "DeathCount",
    ),
]
_MONEY_CUE = cue_regex(
    "wvmitprgeb",
    r"\b(?:worth|valued?|market|industry|trade|profits?|revenues?|turnover|generat\w*|earn\w*|"
    r"proceeds|business|income|makes?)\b",
    re.I,
)
_SEIZED = re.compile(
    r"\b(?:seiz\w*|confiscat\w*|frozen|froze|forfeit\w*|fined?|bail|charges? (?:up to )?)\b", re.I
)
_LINK_BEFORE = re.compile(
    r"\b(?:reached|rose to|was|were|stood at|totall?ed|hit|exceeded|climbed to|fell to|increased to|numbered|of|to)\s+(?:\w+\s+)?$",
    re.I,
)
_BEFORE_NOUNS = [
    (re.compile(r"\bvictims\b", re.I), "VictimCount"),
    (
        re.compile(
            r"\b(?:migrants|arrivals|crossings|refugees|asylum[- ]seekers|immigrants)\b", re.I
        ),
        "Migrants",
    ),
    (re.compile(r"\barrests\b", re.I), "ArrestCount"),
    (re.compile(r"\boperations\b", re.I), "OperationCount"),
]
_ARRIVAL_CUE = re.compile(
    r"\b(?:arriv\w*|influx|crossed|crossings?|reached|landed|came|entered|flow|since)\b", re.I
)
_PERIOD = [
    (re.compile(r"\b(?:a|per|each|every) year\b|\bannually\b|\byearly\b", re.I), "per year"),
    (re.compile(r"\b(?:a|per|each|every) month\b|\bmonthly\b", re.I), "per month"),
    (re.compile(r"\bat any (?:one|given) time\b", re.I), "at any one time"),
]
_COMPARED = re.compile(
    r"\b(?:compared (?:with|to)|up from|down from|(?:an? )?(?:increase|decrease|rise|drop) from|"
    r"versus|vs\.?|against)\s+$|\(\s*$",
    re.I,
)
_BARE = re.compile(
    r"\s*(?:(?:in|during)\s+(?:19|20)\d\d|(?:the\s+)?(?:previous|prior|preceding)\s+(?:year|reporting period)|"
    r"(?:a\s+)?year\s+(?:earlier|before)|the\s+year\s+before|last\s+year|[,.;)]|$)",
    re.I,
)
_INVESTIGATED = re.compile(
    rf"\s*(?:[\w-]+\s+){{0,2}}?(?:cases|{_PERPS}|allegations|incidents)\b", re.I
)
_ESTIMATE = re.compile(r"\bestimat(?:ed|es|e|ing)\b", re.I)
_ACCORDING = re.compile(r"\baccording to\s+(?:the\s+)?$", re.I)


def _scope(sa: SentenceAnalysis, preps: dict[int, str], pos: int) -> Entity | None:
    cs = clause_start(sa.text, pos)
    best = None
    for i, pm in enumerate(sa.places):
        if preps.get(i) in IN_WORDS and pm.start >= cs and pm.entity.types[0] != "SeaArea":
            if best is None or abs(pm.start - pos) < abs(best.start - pos):
                best = pm
    return best.entity if best else None


def attributed(sa: SentenceAnalysis, speaker: Entity | None) -> Entity | None:
    for am in sa.actors:
        if _ACCORDING.search(sa.text[max(0, am.start - 20) : am.start]):
            return am.entity
    return speaker


_COMPARE_BETWEEN = re.compile(
    r"\b(?:compared (?:with|to)|up from|down from|(?:increase|decrease|rise|drop) from|versus|vs\.?)\b|\(",
    re.I,
)


def _period_year(text: str, dates: list[DateMention], q: Quantity) -> DateMention | None:
    """The year a number is for: the first year named after it, else the last before.

    ("convicted 145 traffickers in 2022, compared with 243 the previous year":
    2022 and 2021; "In 2019, authorities identified 245 victims": 2019.) A
    year after a comparison ("1,200 victims (1,000 in 2021)") is the other
    number's.
    """
    years = [d for d in dates if d.value and d.kind == "point" and d.datatype == "gYear"]
    for d in years:
        if d.start >= q.end:
            if _COMPARE_BETWEEN.search(text, q.end, d.start):
                break
            return d
    before = [d for d in years if d.end <= q.start]
    return before[-1] if before else None


# measures of a narrative's reporting year: a sentence without a date of its own
# takes the year its paragraph named
_PARAGRAPH_YEAR_MEASURES = frozenset(
    {
        "VictimCount",
        "InvestigationCount",
        "ProsecutionCount",
        "ConvictionCount",
        "ArrestCount",
        "RescueCount",
    }
)

# counts of what an actor did ("Thai police rescued 64 ...", "the court convicted 12 ...")
_ACTION_MEASURES = frozenset(
    {"RescueCount", "ArrestCount", "ConvictionCount", "ProsecutionCount", "InvestigationCount"}
)


def acting_subject(sa: SentenceAnalysis, pos: int) -> Entity | None:
    """The organisation acting in the clause before ``pos`` (the subject of "rescued 64")."""
    start = clause_start(sa.text, pos)
    for a in reversed(sa.actors):
        if (
            start <= a.start
            and a.end <= pos
            and a.entity.types[0] not in ("CriminalGroup", "TerroristGroup", "Person")
        ):
            return a.entity
    return None


def statistics(
    ctx: ReportContext, sa: SentenceAnalysis, quants: list[Quantity], dates, preps, speaker
) -> list[Fact]:
    text = sa.text
    out = []
    claimed = {id(q) for f in ctx.facts[ctx.first :] if (q := getattr(f, "quantity", None))}
    for q in quants:
        if q.year_like or id(q) in claimed or any(d.start <= q.start < d.end for d in dates):
            continue
        after = text[q.end : q.end + 60]
        before = text[max(0, q.start - 30) : q.start]
        measure = None
        if q.unit:
            if _MONEY_CUE.search(text) and not _SEIZED.search(text):
                measure = "MarketValue"
        elif re.search(r"\b(?:rescued|freed|saved|liberated)\s+$", before, re.I):
            measure = "RescueCount"
        elif re.search(r"\b(?:convicted|sentenced|convicting)\s+$", before, re.I):
            measure = "ConvictionCount"
        elif re.search(r"\b(?:prosecuted|charged|indicted|prosecuting)\s+$", before, re.I):
            measure = "ProsecutionCount"
        elif re.search(
            r"\b(?:investigated|investigating|(?:initiated|opened) investigations (?:into|of))\s+$",
            before,
            re.I,
        ) and _INVESTIGATED.match(after):
            measure = "InvestigationCount"
        else:
            for rx, name in _MEASURES:
                if rx.search(after):
                    measure = name
                    break
            if measure is None and re.search(r"\b(?:arrested|detained)\s+$", before, re.I):
                measure = "ArrestCount"
            if measure is None and re.search(
                r"\b(?:rescued|freed|saved|liberated)\s+$", before, re.I
            ):
                measure = "RescueCount"
            if measure is None:
                clause = text[clause_start(text, q.start) : q.start]
                if _LINK_BEFORE.search(clause):
                    for rx, name in _BEFORE_NOUNS:
                        if rx.search(clause):
                            measure = name
                            break
            if measure is None and out and _COMPARED.search(before) and _BARE.match(after):
                measure = out[-1].measure  # "145 ..., compared with 243 in 2021"
        if measure is None or hedged(text, q.start):
            continue
        if measure == "Migrants":
            measure = "MigrantArrivals" if _ARRIVAL_CUE.search(text) else "MigrantCount"
        f = new_fact(
            ctx,
            sa,
            ["Statistic"],
            "Statistic",
            q.start,
            q.value,
            confidence=sentence_confidence(sa, 0.8),
        )
        f.add("measure", Concept(measure))
        f.add("value", q.value)
        f.add(
            "unit",
            q.unit or "persons"
            if measure not in ("OperationCount", "InvestigationCount")
            else q.unit or measure[:-5].lower() + "s",
        )
        f.add("approximate", q.approximate or bool(_ESTIMATE.search(text, 0, q.start)))
        f.add("scope", _scope(sa, preps, q.start))
        f.add(
            "attributedTo",
            attributed(sa, speaker)
            or (acting_subject(sa, q.start) if measure in _ACTION_MEASURES else None),
        )
        for rx, period in _PERIOD:
            if rx.search(text[q.end :]):
                f.add("period", period)
                break
        else:
            year = _period_year(text, dates, q)
            if year is not None:
                f.add("period", TypedDate(year.value, "gYear"))
            elif (
                measure in _PARAGRAPH_YEAR_MEASURES
                and not dates
                and ctx.last_year
                and ctx.last_year_paragraph == sa.sentence.paragraph
            ):
                # "In 2021, authorities identified 505 victims. The government
                # prosecuted 293 defendants": the paragraph's year
                f.add("period", TypedDate(str(ctx.last_year), "gYear"))
        for d in dates:
            if d.kind == "since" and d.value:
                f.add("startDate", TypedDate(d.value, d.datatype))
        f.measure = measure  # type: ignore[attr-defined]
        f.quantity = q  # type: ignore[attr-defined]
        out.append(f)
    return out
