"""Statistics: reported numbers with their measure, unit, period, scope and source."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from graph.extract.dates import DateMention
from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, SentenceAnalysis
from graph.extract.frames.base import (
    HEDGE,
    IN_WORDS,
    NEG,
    Concept,
    Fact,
    RuleCall,
    SentenceView,
    TypedDate,
    clause_start,
    date_lit,
    hedged,
    new_fact,
    point_dates,
    sentence_confidence,
)
from graph.extract.numbers import Quantity
from graph.extract.text import cue_regex

# --- statistics ---------------------------------------------------------------

_DATA = Path(__file__).resolve().parents[1] / "data" / "measures.yaml"


def _alt(phrases) -> str:
    """A regex alternation of phrases, longest first; a space matches any white space."""
    return "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True)
    )


@dataclass(frozen=True)
class _Measure:
    """The compiled rules of one measure of ``data/measures.yaml``."""

    name: str
    after: re.Pattern | None  # nouns, subject + verb, bare verb: matched at the number's end
    before: re.Pattern | None  # a verb just before the number
    before_first: bool
    link: re.Pattern | None  # a noun earlier in the clause ("the number of victims ... was")
    subjects: frozenset[str]  # for the long-subject rule, when ``gap``
    verbs: dict[str, str]  # verb (lower case, single-spaced) -> measure name, when ``gap``
    unit: str


@functools.cache
def _measures() -> tuple[list[_Measure], re.Pattern | None, dict[str, list[_Measure]]]:
    """The measures table, the long-subject pattern and its verb index (read once)."""
    import yaml

    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    aux = rf"(?:(?:{_alt(raw['aux'])})\s+){{0,2}}"
    persons = raw["persons"]
    table = []
    gap_subjects: set[str] = set()
    gap_verbs: dict[str, list[_Measure]] = {}
    for name, spec in raw["measures"].items():
        subjects = spec.get("subjects") or []
        if subjects == "persons":
            subjects = persons
        verbs = spec.get("verbs") or []
        alts = []
        if spec.get("nouns"):
            alts.append(
                rf"(?:[\w-]+\s+){{0,{spec.get('noun_words', 2)}}}?(?:{_alt(spec['nouns'])})"
            )
        if subjects and verbs:
            alts.append(rf"(?:[\w-]+\s+){{0,2}}?(?:{_alt(subjects)})\s+{aux}(?:{_alt(verbs)})")
        if spec.get("bare") and verbs:
            alts.append(rf"{aux}(?:{_alt(verbs)})")
        m = _Measure(
            name,
            re.compile(rf"\s*(?:{'|'.join(alts)})\b", re.I) if alts else None,
            re.compile(rf"\b(?:{_alt(spec['before'])})\s+$", re.I) if spec.get("before") else None,
            bool(spec.get("before_first")),
            re.compile(rf"\b(?:{_alt(spec['link_nouns'])})\b", re.I)
            if spec.get("link_nouns")
            else None,
            frozenset(" ".join(x.lower().split()) for x in subjects),
            {" ".join(v.lower().split()): name for v in verbs},
            spec.get("unit", "persons"),
        )
        table.append(m)
        if spec.get("gap") and subjects and verbs:
            gap_subjects.update(subjects)
            for v in verbs:
                gap_verbs.setdefault(" ".join(v.lower().split()), []).append(m)
    gap = None
    if gap_subjects:
        gap = re.compile(
            rf"\s+(?:[\w-]+\s+){{0,2}}?(?P<subj>{_alt(gap_subjects)})\b"
            rf"(?P<gap>[^;:.\d\"“”]{{0,200}}?|,[^;:.,]{{1,80}},)\s(?P<aux>{aux})"
            rf"(?P<verb>{_alt(gap_verbs)})\b",
            re.I,
        )
    return table, gap, gap_verbs


@functools.cache
def _money() -> list[tuple[str, re.Pattern]]:
    """(measure, cue pattern) for amounts of money, in the order they are tried."""
    import yaml

    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    out = [("", re.compile(rf"\b(?:{_alt(raw['not_money'])})\b", re.I))]
    out += [(m, re.compile(rf"\b(?:{_alt(c)})\b", re.I)) for m, c in raw["money"].items()]
    verbs, people = _alt(raw["price_verbs"]), _alt(raw["price_people"])
    paying = rf"\b(?:{people})\b[^.;]*?\b(?:{verbs})\b|\b(?:{verbs})\b[^.;]*?\b(?:{people})\b"
    out.insert(2, ("Price", re.compile(paying, re.I)))  # after seized assets
    return out


def _money_measure(text: str, q: Quantity) -> str | None:
    """What an amount of money is: seized assets, a price (fee, ransom) or a market value."""
    lo = clause_start(text, q.start)
    window = text[max(lo, q.start - 80) : q.end + 40]
    for measure, rx in _money():
        if measure == "MarketValue":
            return measure if rx.search(text) and not _SEIZED.search(text) else None
        if rx.search(window):
            return measure or None  # ("": a fine or bail)
    return None


def _demonym_probe(sa: SentenceAnalysis, q: Quantity) -> str:
    """The text after a number, a plural demonym right after it read as "nationals"."""
    text, off = sa.text, sa.sentence.start
    for dm, _country in sa.demonyms:
        start = dm.start - off
        if dm.plural and q.end < start <= q.end + 2:
            return text[q.end : start] + "nationals" + text[dm.end - off :]
    return text[q.end :]


@functools.cache
def _units() -> dict[str, str]:
    return {m.name: m.unit for m in _measures()[0]}


_RELATIVE_WORD = re.compile(r"\b(?:that|which|who|whom|whose|when|where|while)\b", re.I)


def _gap_measure(text: str, q: Quantity) -> str | None:
    """The measure of "11 suspects responsible for ... were arrested" (a long subject)."""
    _, gap, verbs = _measures()
    m = gap.match(text, q.end) if gap is not None else None
    if m is None:
        return None
    words = len(m.group("gap").split())
    aside = m.group("gap").startswith(",")  # "N people, 80 per cent of whom were X, crossed"
    if (
        not aside
        and not m.group("aux").strip()
        and (words > 8 or _RELATIVE_WORD.search(m.group("gap")))
    ):
        return None
    if HEDGE.search(m.group("gap")) or NEG.search(m.group("gap")):
        return None  # "300 officers would be deployed", "12 suspects were not charged"
    subj = " ".join(m.group("subj").lower().split())
    for measure in verbs.get(" ".join(m.group("verb").lower().split()), []):
        if subj in measure.subjects:
            return measure.name
    return None


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
_ARRIVAL_CUE = re.compile(
    r"\b(?:arriv\w*|influx|crossed|crossings?|reached|landed|came|entered|flow)\b", re.I
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
_PERPS = r"(?:people|persons|traffickers|smugglers|suspects|defendants|individuals|offenders|perpetrators)"
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
# what is done on one day (a raid's searches, arrests, seizures): dated by the sentence's day
_DAY_MEASURES = frozenset(
    {"SearchCount", "ArrestCount", "RescueCount", "InterceptionCount", "PersonnelCount",
     "SeizedAssets"}
)  # fmt: skip


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


_RESCUED_END = re.compile(r"\b(?:rescued|freed|saved|liberated)\s+$", re.I)
_INVESTIGATED_END = re.compile(
    r"\b(?:investigated|investigating|(?:initiated|opened) investigations (?:into|of))\s+$", re.I
)


def statistics(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Reported numbers of the sentence (one Statistic each) not read by a family before.

    The measure comes from the words around the number (``data/measures.yaml``);
    a number compared with another takes its measure ("145 ..., compared with
    243 in 2021"); a number without a year of its own takes the paragraph's.
    """
    ctx = RuleCall(view, discourse)
    _statistics(ctx, view.sa, view.quants, view.dates, view.preps, view.speaker)
    return ctx.out


def _statistics(
    ctx: RuleCall, sa: SentenceAnalysis, quants: list[Quantity], dates, preps, speaker
) -> list[Fact]:
    text = sa.text
    out = []
    table = _measures()[0]
    units = _units()
    claimed = {id(f.quantity) for f in ctx.view.earlier if f.quantity is not None}
    for q in quants:
        if q.year_like or id(q) in claimed or any(d.start <= q.start < d.end for d in dates):
            continue
        after = text[q.end : q.end + 60]
        before = text[max(0, q.start - 30) : q.start]
        measure = None
        if q.unit:
            measure = _money_measure(text, q)
        elif _RESCUED_END.search(before):
            measure = "RescueCount"
        elif first := next((m for m in table if m.before_first and m.before.search(before)), None):
            measure = first.name
        elif _INVESTIGATED_END.search(before) and _INVESTIGATED.match(after):
            measure = "InvestigationCount"
        else:
            probe = _demonym_probe(sa, q)
            for m in table:
                if m.after is not None and m.after.match(probe):
                    measure = m.name
                    break
            if measure is None:
                measure = _gap_measure(text, q)
            if measure is None:
                measure = next(
                    (m.name for m in table if m.before is not None and m.before.search(before)),
                    None,
                )
            if measure is None:
                clause = text[clause_start(text, q.start) : q.start]
                if _LINK_BEFORE.search(clause):
                    measure = next(
                        (m.name for m in table if m.link is not None and m.link.search(clause)),
                        None,
                    )
            if measure is None and out and _COMPARED.search(before) and _BARE.match(after):
                measure = out[-1].props["measure"][0].name  # "145 ..., compared with 243 in 2021"
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
        f.add("unit", q.unit or units.get(measure, "persons"))
        if q.high is not None:
            f.add("minValue", q.value)
            f.add("maxValue", q.high)
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
                and ctx.discourse.last_year
                and ctx.discourse.last_year_paragraph == sa.sentence.paragraph
            ):
                # "In 2021, authorities identified 505 victims. The government
                # prosecuted 293 defendants": the paragraph's year
                f.add("period", TypedDate(str(ctx.discourse.last_year), "gYear"))
        for d in dates:
            if d.kind == "since" and d.value:
                f.add("startDate", TypedDate(d.value, d.datatype))
        if measure in _DAY_MEASURES and not f.props.get("period"):
            # "On 14 June 2023, officers carried out 45 house searches": that day's
            days = [d for d in point_dates(dates) if d.datatype == "date"]
            if len(days) == 1:
                f.add("date", date_lit(days[0]))
        f.quantity = q
        out.append(f)
    return out
