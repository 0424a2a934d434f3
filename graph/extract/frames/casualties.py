"""Deaths, missing people, rescues, injuries and interceptions.

Each is its own measure (tkg:DeathCount, tkg:MissingCount, tkg:RescueCount,
tkg:InjuredCount, tkg:InterceptionCount) on a tkg:Statistic, never a migrant
count, an arrival or a flow's count: "at least 55 people were killed", "the
deaths of 17 migrants", "the remains of 20 others were retrieved", "12 remain
missing", "rescued 59 people", "a Guatemalan woman died" (a count of one).
The statistic carries the place of the sentence (tkg:scope), its date, and the
group the people belong to (tkg:about, "92 Nigerien migrants": a group of
Niger's nationality). The cue phrases are data: ``data/casualties.yaml``.

This family runs before :mod:`.statistics`, which leaves the numbers claimed
here alone.

Examples
--------
>>> from graph.extract import extract_text
>>> from rdflib import Namespace
>>> T = Namespace("https://w3id.org/tkg/ontology#")
>>> g = extract_text("At least 40 migrants drowned off Libya.", report_id="doc")
>>> [int(v) for s in g.subjects(T.measure, T.DeathCount) for v in g.objects(s, T.value)]
[40]
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, SentenceAnalysis
from graph.extract.frames.base import (
    IN_WORDS,
    Concept,
    Fact,
    RuleCall,
    SentenceView,
    clause_start,
    date_lit,
    hedged,
    new_fact,
    point_dates,
    sentence_confidence,
)
from graph.extract.frames.statistics import acting_subject, attributed
from graph.extract.numbers import Quantity

__all__ = ["casualties"]

_DATA = Path(__file__).resolve().parents[1] / "data" / "casualties.yaml"
_WORD = r"[A-Za-z'’-]+"
# a word of the noun phrase after a number ("23 Malian migrants"), not a preposition or article
# a word before the noun of "a 19-year-old Afghan man died" (digits allowed)
_AGE_WORD = r"[\w'’-]+"
# a modal just before the last cue word: "hundreds could die", "many may drown"
# ("may" in lower case only: "left in May drowned" is a month)
_MODAL_BEFORE = re.compile(
    r"\b(?:[Cc]ould|may|[Mm]ight|[Ww]ould|[Ww]ill|[Ss]hall|[Cc]an)\s+(?:\w+\s+)?\w+$"
)
# an aside between the people counted and what happened to them: "61 migrants,
# including women and children, drowned", "40 people (mostly Syrians) died"
_ASIDE = (
    r"(?:\s*,\s+(?:including|among\s+them|among\s+whom|of\s+whom|mostly|many\s+of\s+them|"
    r"who|which)\b[^,;:.()]{1,60},|\s*\([^()]{1,60}\))"
)
_NP_WORD = r"(?!(?:on|the|of|in|at|for|to|and|or|with|by|from|a|an|than|about|into|who|which)\b)[A-Za-z'’-]+"


# words a cue phrase may start with that say nothing by themselves ("were killed")
_FUNCTION_WORDS = frozenset(
    "a an the one were was is are have has had been remain remained still went".split()
)


def _alt(phrases) -> str:
    """A regex alternation of cue phrases, longest first; a space matches any white space."""
    return "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True)
    )


@functools.cache
def _rules() -> dict:
    """The compiled cue patterns of ``data/casualties.yaml`` (read once)."""
    import yaml

    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    aux = rf"(?:(?:{_alt(raw['aux'])})\s+){{0,3}}"
    person = _alt(raw["person"])
    table = []
    one_after, one_before = [], []
    for measure, cues in raw["measures"].items():
        rule = {"measure": measure}
        if cues.get("after"):
            rule["after"] = re.compile(
                rf"(?:\s+of\s+(?:them|those|these|whom))?(?:\s+{_NP_WORD}){{0,3}}?{_ASIDE}?"
                rf"\s+{aux}(?:{_alt(cues['after'])})\b",
                re.I,
            )
        if cues.get("nouns"):
            rule["nouns"] = re.compile(
                rf"\s+(?:{_NP_WORD}\s+){{0,2}}?(?:{_alt(cues['nouns'])})\b", re.I
            )
        if cues.get("before"):
            rule["before"] = re.compile(rf"\b(?:{_alt(cues['before'])})\s+$", re.I)
            one_before.append((measure, _alt(c for c in cues["before"] if " of" in c)))
        if cues.get("lives_before"):
            rule["lives"] = re.compile(rf"\b(?:{_alt(cues['lives_before'])})\s+$", re.I)
        if cues.get("toll"):
            rule["toll"] = re.compile(
                rf"\b(?:{_alt(cues['toll'])})\b(?:\s+{_WORD}){{0,6}}?\s+"
                r"(?:was|is|of|at|to|reached|hit|stood\s+at|rose\s+to|climbed\s+to)\s+$",
                re.I,
            )
        if cues.get("one"):
            one_after.append(
                (
                    measure,
                    re.compile(
                        rf"\b(?:a|an|one)\s+(?:{_AGE_WORD}\s+){{0,2}}?(?P<noun>{person})\s+{aux}"
                        rf"(?:{_alt(cues['one'])})\b",
                        re.I,
                    ),
                )
            )
        table.append(rule)
    one_before_rx = [
        (
            m,
            re.compile(
                rf"\b(?:{alt})\s+(?:a|an|one)\s+(?:{_AGE_WORD}\s+){{0,2}}?(?P<noun>{person})\b",
                re.I,
            ),
        )
        for m, alt in one_before
        if alt
    ]
    # the first content word of every cue phrase, behind a lookahead on their first letters
    firsts = {"lives", "toll"} | {
        next((w for w in p.lower().split() if w not in _FUNCTION_WORDS), p.lower().split()[-1])
        for cues in raw["measures"].values()
        for k, v in cues.items()
        if k in ("after", "nouns", "before", "one") and v
        for p in v
    }
    letters = "".join(sorted({w[0] for w in firsts}))
    return {
        "active": re.compile(
            rf"\s+(?:{_WORD}\s+){{0,3}}?(?:{_alt(raw['transitive'])})\s+"
            r"(?:\d|(?:a|an|the|his|her|their|its|one|two|three|four|five|six|seven|eight|nine|"
            r"ten|several|many|dozens|hundreds|at\s+least|more\s+than|some)\b)",
            re.I,
        ),
        "table": table,
        "one": one_after + one_before_rx,
        # the cheap test: a sentence without any cue word is skipped at once
        "cue": re.compile(rf"\b(?=[{letters}])(?:{_alt(firsts)})\b", re.I),
    }


def _hedged(text: str, pos: int) -> bool:
    """:func:`.base.hedged`, with the month "May" ("on 3 May", "In May") not read as a modal."""
    return hedged(_MONTH_MAY.sub("Mai", text) if "May" in text else text, pos)


_MONTH_MAY = re.compile(r"\bMay\b")


def _measure_of(text: str, q: Quantity, rules: dict) -> tuple[str, int] | None:
    """The measure a number counts and where its cue ends, or None."""
    before = text[max(clause_start(text, q.start), q.start - 60) : q.start]
    for rule in rules["table"]:
        if "before" in rule and rule["before"].search(before):
            return rule["measure"], q.start
        if "lives" in rule and rule["lives"].search(before):
            m = re.match(r"\s+lives\b", text[q.end :])
            if m:
                return rule["measure"], q.end + m.end()
        if "toll" in rule and rule["toll"].search(text[clause_start(text, q.start) : q.start]):
            return rule["measure"], q.start
    for key in ("nouns", "after"):
        for rule in rules["table"]:
            rx = rule.get(key)
            m = rx.match(text, q.end) if rx is not None else None
            if m and key == "after" and rules["active"].match(text, q.end):
                return None  # "3 officers killed two suspects": the number is who acted
            if m:
                return rule["measure"], m.end()
    return None


def _scope(sa: SentenceAnalysis, preps: dict[int, str], pos: int) -> Entity | None:
    """The place the people died (or were rescued) in: "in", "near", "off", or a dateline."""
    text = sa.text
    best = None
    for i, pm in enumerate(sa.places):
        near = preps.get(i) in IN_WORDS or preps.get(i) == "near"
        off = re.search(
            r"\boff\s+(?:the\s+(?:coast|shores?)\s+of\s+)?(?:the\s+)?$", text[: pm.start]
        )
        if (near or off) and (best is None or abs(pm.start - pos) < abs(best.start - pos)):
            best = pm
    if best is None and sa.places:
        first = sa.places[0]
        # a dateline: "Obock, Djibouti – At least 44 people ..."
        if first.start == 0 and re.match(r"[^.–—]{0,60}?\s[–—-]\s", text):
            dash = re.search(r"\s[–—-]\s", text)
            inside = [pm for pm in sa.places if dash and pm.end <= dash.start()]
            best = inside[0] if inside else None  # the town before its country
    return best.entity if best else None


def _group_of(ctx: RuleCall, sa: SentenceAnalysis, lo: int, hi: int) -> Entity | None:
    """The group named between ``lo`` and ``hi`` ("92 Nigerien migrants"), made if need be."""
    for gm in sa.groups:
        if lo <= gm.start < hi:
            return gm.entity
    off = sa.sentence.start
    for dm, country in sa.demonyms:
        if lo <= dm.start - off < hi and country.types[0] == "Country":
            noun = re.match(rf"\s+({_WORD})", sa.text[dm.end - off :])
            label = f"{dm.text} {noun.group(1)}" if noun else dm.text
            return ctx.reg.group(label, "MigrantGroup", country)
    # "migrants from Syria" elsewhere in the sentence: the people's country
    for pm in sa.places:
        m = _FROM_COUNTRY.search(sa.text, max(0, pm.start - 40), pm.start)
        if m and pm.entity.types[0] == "Country":
            return ctx.reg.group(
                f"{m.group('noun')} from {pm.entity.label}", "MigrantGroup", pm.entity
            )
    return None


_FROM_COUNTRY = re.compile(
    r"\b(?P<noun>migrants|refugees|asylum[- ]seekers|people|passengers|nationals)\s+"
    r"(?:(?:mostly|mainly|originally|largely|all)\s+)?from\s+(?:the\s+)?$",
    re.I,
)


# what an agency does to people ("the coast guard rescued 212 people")
_ACTIONS = frozenset({"RescueCount", "InterceptionCount"})


def _new(ctx, sa, measure, pos, value, approx, dates, preps) -> Fact:
    f = new_fact(
        ctx, sa, ["Statistic"], "Statistic", measure, pos, value,
        confidence=sentence_confidence(sa, 0.8),
    )  # fmt: skip
    f.add("measure", Concept(measure))
    f.add("value", value)
    f.add("unit", "persons")
    f.add("approximate", approx)
    f.add("scope", _scope(sa, preps, pos))
    f.add(
        "attributedTo",
        attributed(sa, None) or (acting_subject(sa, pos) if measure in _ACTIONS else None),
    )
    pts = point_dates(dates)
    if pts:
        f.add("date", date_lit(min(pts, key=lambda d: abs(d.start - pos))))
    return f


def casualties(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Statistics of deaths, missing, rescued, injured and intercepted people in one sentence.

    Parameters
    ----------
    view : SentenceView
        The sentence; the numbers used here are each fact's ``quantity``, so
        that :func:`.statistics.statistics` does not read them again.
    discourse : Discourse

    Returns
    -------
    list of Fact
    """
    ctx = RuleCall(view, discourse)
    _casualties(ctx, view.sa, view.quants, view.dates, view.preps)
    return ctx.out


def _casualties(
    ctx: RuleCall, sa: SentenceAnalysis, quants: list[Quantity], dates, preps
) -> list[Fact]:
    text = sa.text
    rules = _rules()
    if not rules["cue"].search(text):
        return []
    out: list[Fact] = []
    for q in quants:
        if q.unit or q.year_like or any(d.start <= q.start < d.end for d in dates):
            continue
        found = _measure_of(text, q, rules)
        if found is None:
            continue
        measure, cue_end = found
        if (
            _hedged(text, q.start)
            or _hedged(text, max(q.end, cue_end - 12))
            or _MODAL_BEFORE.search(text, q.end, cue_end)  # ("could die")
        ):
            continue
        f = _new(ctx, sa, measure, q.start, q.value, q.approximate, dates, preps)
        f.add("about", _group_of(ctx, sa, q.start, max(cue_end, q.end + 30)))
        f.quantity = q
        out.append(f)
    for measure, rx in rules["one"]:
        for m in rx.finditer(text):
            if any(q.start <= m.start() < q.end or m.start() <= q.start < m.end() for q in quants):
                continue
            if _hedged(text, m.end()) or re.search(r"\b(?:no|every)\s+$", text[: m.start()], re.I):
                continue
            f = _new(ctx, sa, measure, m.start(), 1, False, dates, preps)
            f.add("about", _group_of(ctx, sa, m.start(), m.end()))
            out.append(f)
    return out
