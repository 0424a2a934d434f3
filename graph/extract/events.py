"""Facts from sentences: statistics, flows, routes, events, statements, roles.

Every rule is general (cue words, prepositions, gazetteer mentions), works
on one sentence at a time plus a little discourse context (the previous
sentence of the paragraph, the last speaker), and skips clauses that are
negated or hypothetical ("could", "may", "if", "haven't seen").

Examples
--------
>>> from graph.extract.events import hedged
>>> hedged("Syndicates could try to exploit the unrest", 28)
True
>>> hedged("Europol is sending experts to Italy", 20)
False
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from graph.extract.dates import DateMention, find_dates
from graph.extract.entities import Entity, EntityMention, Registry, SentenceAnalysis
from graph.extract.numbers import Quantity, find_quantities
from graph.extract.text import Sentence, cue_regex
from graph.ids import stable_key

__all__ = [
    "Fact",
    "Concept",
    "TypedDate",
    "ReportContext",
    "hedged",
    "negated",
    "exploitation_types",
    "sentence_facts",
]


@dataclass
class Fact:
    """One fact node: an event, statistic, route or country-role assertion.

    Attributes
    ----------
    types : list of str
        tkg class names (the first one names the IRI kind).
    sentence : Sentence
        The evidence.
    props : dict
        tkg property local name -> list of values (Entity, Fact, concept
        local name wrapped in :class:`Concept`, or plain values).
    confidence : float
    key : str
        What identifies the fact inside its sentence (for a stable IRI).
    """

    types: list[str]
    sentence: Sentence
    props: dict[str, list] = field(default_factory=dict)
    confidence: float = 0.8
    key: str = ""

    def add(self, prop: str, value) -> None:
        """Add a value once (None is ignored)."""
        if value is None:
            return
        values = self.props.setdefault(prop, [])
        if value not in values:
            values.append(value)


@dataclass(frozen=True)
class Concept:
    """A tkg SKOS concept by local name (``SexualExploitation``)."""

    name: str


@dataclass(frozen=True)
class TypedDate:
    """A date literal with its XSD datatype local name."""

    value: str
    datatype: str


_HEDGE = cue_regex(
    "cmwspiulftrh",
    r"\b(?:could|may|might|would|will|shall|potentially|possibly|perhaps|if|whether|unless|"
    r"likely|fears?|feared|plans? to|planned to|intends? to|threatens? to|risk of|hoping)\b",
    re.I,
)
_NEG = cue_regex(
    "nwd",
    r"\b(?:not(?! only)|never|no|none|neither|nor|without|nobody|nothing|denied|denies|deny)\b|n't\b",
    re.I,
)
_CLAUSE = re.compile(
    r"[,;:()\"“”]|\s--?\s|\s[–—]\s|\bbut\b|\bthat\b|\bwhile\b|\bwhich\b|\bwho\b", re.I
)
_COND = re.compile(r"\s*(?:if|unless|should|suppose|in case)\b", re.I)
_NO_EVIDENCE = re.compile(
    r"\bno (?:evidence|sign|signs|indications?|proof|reports?|confirmation)\b|"
    r"\b(?:haven't|have not|hasn't|has not|did not|didn't) (?:yet )?(?:seen|found|confirmed)\b|"
    r"\b(?:denied|rejected claims|dismissed reports)\b",
    re.I,
)
_ATTRIB = re.compile(
    r"\b(?:allegedly|reportedly|according to reports|it is believed|purportedly|"
    r"we are hearing|rumou?rs?)\b",
    re.I,
)


def _clause_start(text: str, pos: int) -> int:
    start = 0
    for m in _CLAUSE.finditer(text, 0, pos):
        start = m.end()
    return start


def hedged(text: str, pos: int) -> bool:
    """Tell whether the clause up to ``pos`` is hypothetical or negated.

    Parameters
    ----------
    text : str
        The sentence.
    pos : int
        Offset of the event's cue word.

    Examples
    --------
    >>> hedged("We haven't seen any strong indications", 20)
    True
    """
    if _COND.match(text) or _NO_EVIDENCE.search(text, 0, pos):
        return True
    clause = text[_clause_start(text, pos) : pos]
    return bool(_HEDGE.search(clause) or _NEG.search(clause))


def negated(text: str, pos: int) -> bool:
    """Tell whether the clause up to ``pos`` is negated.

    Examples
    --------
    >>> negated("There was no unrest in Chad", 15)
    True
    """
    return bool(_NEG.search(text[_clause_start(text, pos) : pos]))


@functools.cache
def exploitation_types() -> list[tuple[re.Pattern, str]]:
    """Return (pattern, concept local name) for exploitation-type phrases.

    Built from the ontology's SKOS labels of the ExploitationType scheme,
    plus a few inflected forms ("sexually exploited", "forced to work").

    Examples
    --------
    >>> dict((n, p.pattern) for p, n in exploitation_types())["ForcedLabour"] is not None
    True
    """
    from rdflib.namespace import RDF, SKOS

    from ontology import TKG, ontology_graph

    g = ontology_graph()
    table: dict[str, str] = {}
    for concept in g.subjects(RDF.type, TKG.ExploitationType):
        name = str(concept).rsplit("#", 1)[-1]
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(concept, p):
                text = str(label).lower()
                if text not in ("domestic work", "sex work"):
                    table[text] = name
    table.update(
        {
            "sexually exploited": "SexualExploitation",
            "sexual exploitation": "SexualExploitation",
            "commercial sex": "SexualExploitation",
            "forced to work": "ForcedLabour",
            "forced labour": "ForcedLabour",
            "forced labor": "ForcedLabour",
            "forced begging": "ForcedBegging",
            "forced criminality": "ForcedCriminality",
            "domestic servitude": "DomesticServitude",
            "forced marriage": "ForcedMarriage",
            "organ removal": "OrganRemoval",
            "debt bondage": "DebtBondage",
            "forced into prostitution": "SexualExploitation",
        }
    )
    out = [
        (
            re.compile(
                r"\b(?:forced|coerced|made|compelled|trafficked)\s+(?:[\w,-]+\s+){0,5}?to\s+work\b",
                re.I,
            ),
            "ForcedLabour",
        ),
        (
            re.compile(r"\b(?:forced|coerced)\s+(?:[\w,-]+\s+){0,5}?to\s+beg\b", re.I),
            "ForcedBegging",
        ),
        (
            re.compile(r"\b(?:forced|coerced)\s+(?:[\w,-]+\s+){0,4}?into\s+prostitution\b", re.I),
            "SexualExploitation",
        ),
        (
            re.compile(
                r"\b(?:forced|coerced)\s+(?:[\w,-]+\s+){0,4}?into\s+(?:labou?r|work)\b", re.I
            ),
            "ForcedLabour",
        ),
    ]
    for text in sorted(table, key=len, reverse=True):
        out.append(
            (re.compile(r"\b" + re.escape(text).replace(r"\ ", r"\s+") + r"\b", re.I), table[text])
        )
    return out


@functools.cache
def _exploitation_index() -> dict[str, list[tuple[re.Pattern, str]]]:
    """Index the exploitation patterns by their first word (lower case)."""
    index: dict[str, list[tuple[re.Pattern, str]]] = {}
    for rx, name in exploitation_types():
        alts = re.match(r"\\b(?:\(\?:)?([a-z]+)", rx.pattern)
        firsts = re.findall(r"[a-z]+", rx.pattern.split(")")[0]) if "(?:" in rx.pattern[:6] else []
        for word in firsts or ([alts.group(1)] if alts else []):
            index.setdefault(word, []).append((rx, name))
    return index


_EXPLOIT_HINT = re.compile(
    r"forc|exploit|prostitut|sex|labou?r|beg|servitude|slave|marri|organ|bondage|soldier|"
    r"surroga|adopt|domestic|crimin|traffick|work|peonage|baby|bride|pickpocket|drug",
    re.I,
)


def _find_exploitation(text: str) -> list[str]:
    if not _EXPLOIT_HINT.search(text):
        return []
    index = _exploitation_index()
    found: list[str] = []
    end = 0
    for w in re.finditer(r"[A-Za-z]+", text):
        if w.start() < end:
            continue
        for rx, name in index.get(w.group(0).lower(), ()):
            m = rx.match(text, w.start())
            if m:
                end = m.end()
                if name not in found:
                    found.append(name)
                break
    return found


# --- prepositions of places ------------------------------------------------

_PREP = cue_regex(
    "itfvaowlrecn",
    r"(?P<w>in|into|to|from|via|through|across|over|throughout|towards?|within|at|for|"
    r"flee|fleeing|fled|leave|leaving|left|reach|reached|reaching|enter|entered|entering|"
    r"cross|crossed|crossing|transiting|of|on|near|inside|outside|around)\s+(?:the\s+)?"
    r"(?:neighbou?ring\s+|nearby\s+|(?:north|south|east|west)(?:ern)?\s+|central\s+)?$",
    re.I,
)


def _preps(sa: SentenceAnalysis) -> dict[int, str]:
    """Map place-mention index -> governing word (lists inherit it)."""
    text = sa.text
    out: dict[int, str] = {}
    prev_end = None
    prev_word = None
    for i, pm in enumerate(sa.places):
        before = text[max(0, pm.start - 25) : pm.start]
        m = _PREP.search(before)
        word = m.group("w").lower() if m else None
        if word is None and prev_end is not None and prev_word:
            gap = text[prev_end : pm.start]
            if _LIST_GAP.fullmatch(gap):
                word = prev_word
        out[i] = word or ""
        prev_end, prev_word = pm.end, word
    return out


# what separates the items of a list of places ("Libya, Tunisia and the Sudan")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?")

_ORIGIN_W = {"from", "flee", "fleeing", "fled", "leave", "leaving", "left"}
_DEST_W = {
    "to",
    "into",
    "towards",
    "toward",
    "reach",
    "reached",
    "reaching",
    "enter",
    "entered",
    "entering",
}
_TRANSIT_W = {"via", "through", "transiting", "cross", "crossed", "crossing"}
_IN_W = {"in", "within", "throughout", "across", "inside", "at"}


@dataclass
class ReportContext:
    """What a report's rules share while walking through its sentences.

    Attributes
    ----------
    reg : Registry
        The report's entities.
    report_date : datetime.date or None
    ref_year : int or None
        The year "this year" means when the report date is unknown.
    prev : SentenceAnalysis or None
        The previous sentence (discourse context).
    facts : list of Fact
        Facts found so far.
    """

    reg: Registry
    report_date: dt.date | None
    ref_year: int | None
    prev: SentenceAnalysis | None = None
    last_year: int | None = None  # the last year the text named (for "the previous year")
    last_year_paragraph: int = -1  # the paragraph of the sentence that named it
    first: int = 0  # index in ``facts`` of the current sentence's first fact
    facts: list[Fact] = field(default_factory=list)


def _new(
    ctx: ReportContext, sa: SentenceAnalysis, types: list[str], *key, confidence: float = 0.8
) -> Fact:
    f = Fact(types, sa.sentence, confidence=confidence, key=stable_key(*key))
    ctx.facts.append(f)
    return f


def _conf(sa: SentenceAnalysis, base: float) -> float:
    return round(base - (0.2 if _attributed_text(sa.text) else 0.0), 2)


@functools.lru_cache(maxsize=64)
def _attributed_text(text: str) -> bool:
    """Whether a sentence reports hearsay (asked once per sentence, not per fact)."""
    return _ATTRIB.search(text) is not None


def _date_lit(d: DateMention) -> TypedDate | None:
    return TypedDate(d.value, d.datatype) if d.value else None


def _point_dates(dates: list[DateMention], lo: int = 0, hi: int | None = None) -> list[DateMention]:
    return [
        d
        for d in dates
        if d.kind == "point" and d.value and lo <= d.start and (hi is None or d.start < hi)
    ]


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
    cs = _clause_start(sa.text, pos)
    best = None
    for i, pm in enumerate(sa.places):
        if preps.get(i) in _IN_W and pm.start >= cs and pm.entity.types[0] != "SeaArea":
            if best is None or abs(pm.start - pos) < abs(best.start - pos):
                best = pm
    return best.entity if best else None


def _attributed(sa: SentenceAnalysis, speaker: Entity | None) -> Entity | None:
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


def _acting_subject(sa: SentenceAnalysis, pos: int) -> Entity | None:
    """The organisation acting in the clause before ``pos`` (the subject of "rescued 64")."""
    start = _clause_start(sa.text, pos)
    for a in reversed(sa.actors):
        if (
            start <= a.start
            and a.end <= pos
            and a.entity.types[0] not in ("CriminalGroup", "TerroristGroup", "Person")
        ):
            return a.entity
    return None


def _statistics(
    ctx: ReportContext, sa: SentenceAnalysis, quants: list[Quantity], dates, preps, speaker
) -> list[Fact]:
    text = sa.text
    out = []
    for q in quants:
        if q.year_like or any(d.start <= q.start < d.end for d in dates):
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
                clause = text[_clause_start(text, q.start) : q.start]
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
        f = _new(ctx, sa, ["Statistic"], "Statistic", q.start, q.value, confidence=_conf(sa, 0.8))
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
            _attributed(sa, speaker)
            or (_acting_subject(sa, q.start) if measure in _ACTION_MEASURES else None),
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


# --- flows, routes, smuggling and trafficking ---------------------------------

_MOVE_CUE = cue_regex(
    "stfcambriej",
    r"\b(?:smuggl\w*|traffick\w*|fle[de]\w*|fleeing|cross(?:ed|ing|es)?|arriv\w*|travel\w*|"
    r"transported|moved|brought|reach\w*|migrat\w*|influx|exodus|flows?|journey|route|"
    r"c[ao]me\s+from|comes\s+from|coming\s+from)\b",
    re.I,
)


def _places_by_role(sa: SentenceAnalysis, preps: dict[int, str]):
    """Places of a sentence by role, and the offset of the first place given a role."""
    origins, dests, transits, seas = [], [], [], []
    first = len(sa.text)
    prev: tuple[EntityMention, list | None] | None = None
    for i, pm in enumerate(sa.places):
        w = preps.get(i, "")
        ent = pm.entity
        if ent.types[0] == "SeaArea":
            seas.append(ent)
            continue
        if prev is not None and _LIST_GAP.fullmatch(
            sa.text[prev[0].end : pm.start],
        ):
            if prev[1] is not None:
                prev[1].append(ent)
                if prev[1] is not transits:
                    first = min(first, pm.start)
            prev = (pm, prev[1])
            continue
        target: list | None = None
        if w in _ORIGIN_W or (
            w == "in"
            and re.search(
                r"\b(?:recruited|lured|born|kidnapped|abducted|bought|sold)\s+(?:\w+\s+)?$",
                sa.text[max(0, pm.start - 30) : pm.start],
                re.I,
            )
        ):
            target = origins
        elif w in _DEST_W:
            target = dests
        elif w in _TRANSIT_W:
            target = transits
        elif w in ("in", "at") and re.search(
            r"\b(?:arriv\w*|landed|exploited|ended up|end up|come to)\s+(?:\w+\s+){0,2}$",
            sa.text[max(0, pm.start - 30) : pm.start],
            re.I,
        ):
            target = dests
        if target is not None:
            target.append(ent)
            if target is not transits:
                first = min(first, pm.start)
        prev = (pm, target)
    return origins, dests, transits, seas, first


def _route(
    ctx: ReportContext, sa: SentenceAnalysis, origins, dests, transits, seas, conf: float
) -> Fact:
    r = _new(
        ctx,
        sa,
        ["Route"],
        "Route",
        *(e.iri for e in origins + dests + transits + seas),
        confidence=conf,
    )
    for e in origins:
        r.add("origin", e)
    for e in dests:
        r.add("destination", e)
    for e in transits:
        r.add("transit", e)
    for e in seas:
        r.add("crosses", e)
    return r


def _context_origin(ctx: ReportContext, sa: SentenceAnalysis, dests: list[Entity]) -> list[Entity]:
    """Origins from the previous sentence of the paragraph (not the destination)."""
    from ontology import places

    prev = ctx.prev
    if prev is None or prev.sentence.paragraph != sa.sentence.paragraph:
        return []
    out = []
    cands = [pm.entity for pm in prev.places] + [e for _, e in prev.demonyms]
    for e in cands:
        if e.types[0] in ("SeaArea", "City") or e in out:
            continue
        if any(places.contains(e.iri, d.iri) or places.contains(d.iri, e.iri) for d in dests):
            continue
        out.append(e)
    return out[:1]


_JOURNEY_KINDS = ("TraffickingActivity", "SmugglingActivity", "MigrationFlow")


def _context_journey(ctx: ReportContext, sa: SentenceAnalysis) -> Fact | None:
    """The journey of the previous sentence that this one tells a leg of.

    "Nigerian women are trafficked to Italy. They travel through Niger and
    Libya." -- the second sentence names only transit countries; the origin
    and destination are the first one's.
    """
    prev = ctx.prev
    if prev is None or prev.sentence.paragraph < sa.sentence.paragraph - 1:
        return None
    for f in reversed(ctx.facts[: ctx.first]):
        if f.sentence is not prev.sentence:
            break
        if f.types[0] in _JOURNEY_KINDS and f.props.get("origin") and f.props.get("destination"):
            return f
    return None


def _flows(ctx: ReportContext, sa: SentenceAnalysis, stats: list[Fact], preps, dates) -> None:
    text = sa.text
    arrivals = [f for f in stats if getattr(f, "measure", "") == "MigrantArrivals"]
    cue = _MOVE_CUE.search(text)
    if not arrivals and (cue is None or not sa.places):
        return  # (cheap tests first: no cue, or no place to give a role to)
    origins, dests, transits, seas, first = _places_by_role(sa, preps)
    journey = None
    if not arrivals and not (origins or dests):
        journey = _context_journey(ctx, sa) if transits else None
        if journey is None:
            return
        origins = list(journey.props.get("origin", []))
        dests = list(journey.props.get("destination", []))
        first = min(pm.start for pm in sa.places if pm.entity in transits)
    if arrivals:
        pos = arrivals[0].quantity.start  # type: ignore[attr-defined]
    else:
        cues = [
            c.start()
            for c in _MOVE_CUE.finditer(text)
            if c.start() < first
            and (sa.groups or not c.group(0).lower().startswith(("came", "come", "coming")))
        ]  # ("came from" moves people only when the sentence names a group of them)
        if not cues or hedged(text, first):
            return
        pos = cues[-1]
    if hedged(text, pos):
        return
    kinds = ["MigrationFlow"]
    low = text.lower()
    done = {t for f in ctx.facts[ctx.first :] for t in f.types}
    if re.search(r"\bsmuggl(?:ed|ing)\b", low) and not arrivals:
        kinds = ["SmugglingActivity"]
    elif (
        re.search(r"\btraffick(?:ed|ing|ers?)\b", low)
        and not arrivals
        and not re.search(r"trafficking (?:victims|syndicates|networks?|gangs?|rings?)", low)
    ):
        kinds = ["TraffickingActivity"]
    elif journey is not None and journey.types[0] != "Route":
        kinds = [journey.types[0]]
    if kinds[0] in done and kinds[0] != "MigrationFlow":
        return
    conf = _conf(sa, 0.8 if arrivals else 0.7)
    inferred = journey is not None
    if arrivals and dests and not origins:
        origins = _context_origin(ctx, sa, dests)
        inferred = bool(origins)
    f = _new(ctx, sa, kinds, kinds[0], pos, *(e.iri for e in origins + dests), confidence=conf)
    for e in origins:
        f.add("origin", e)
    for e in dests:
        f.add("destination", e)
    for e in transits:
        f.add("transit", e)
    for a in arrivals:
        f.add("count", int(a.props["value"][0]))
        for d in a.props.get("startDate", []):
            f.add("startDate", d)
    for d in _point_dates(dates):
        f.add("date", _date_lit(d))
    for g in sa.groups:
        f.add("participant" if kinds[0] == "MigrationFlow" else "victim", g.entity)
    if kinds[0] != "MigrationFlow":
        for t in _find_exploitation(text):
            f.add("exploitationType", Concept(t))
    for a in sa.actors:
        if a.entity.types[0] == "CriminalGroup" and kinds[0] != "MigrationFlow":
            f.add("perpetrator", a.entity)
    if origins and dests:
        r = _route(
            ctx, sa, origins, dests, transits, seas, round(conf - (0.3 if inferred else 0), 2)
        )
        f.add("via", r)
        for a in sa.actors:
            if a.entity.types[0] == "CriminalGroup" and kinds[0] != "MigrationFlow":
                a.entity.add("operatesOn", r)
    if inferred:
        f.confidence = round(conf - 0.3, 2)
    if journey is not None:
        for v in journey.props.get("victim", []):
            f.add("victim" if kinds[0] != "MigrationFlow" else "participant", v)


_THEM = re.compile(r"them\b")
_PASSIVE = re.compile(r"\b(?:were|was|been|are|is|being)\s+$")
_TRAFFIC_CUE = cue_regex(
    "tecfshrl",
    r"\b(?:traffick(?:ed|ing)\s+(?!victims|syndicates|networks?|gangs?|rings?|in\s+persons\b)|"
    r"exploit(?:s|ing)?\s|exploited|subject(?:s|ing)?\s|(?:coerced|forced|compelled)\s+(?:[\w,-]+\s+){0,5}?(?:into|to)\b|subjected\s+to|sold\s+(?:into|as)|enslaved|"
    r"held\s+in|recruited|lured)",
    re.I,
)


def _trafficking(ctx: ReportContext, sa: SentenceAnalysis, preps) -> None:
    text = sa.text
    done = [f for f in ctx.facts[ctx.first :] if "TraffickingActivity" in f.types]
    if done:
        _add_exploited_in(sa, preps, done[0])
        return
    cue = None
    for c in _TRAFFIC_CUE.finditer(text):
        low = c.group(0).lower()
        is_traffick = low.startswith("traffick")
        if is_traffick and c.group(0)[0].isupper():
            continue  # part of a name ("Trafficking Hotline")
        if (
            (is_traffick and not _PASSIVE.search(text[max(0, c.start() - 12) : c.start()]))
            or (
                low.startswith(("exploit", "subject ", "subjects", "subjecting"))
                and low != "exploited"
            )
        ) and not any(0 <= g.start - c.end() <= 16 for g in sa.groups):
            if not (
                low.startswith("exploit")
                and _THEM.match(text, c.end())
                and any(g.end <= c.start() for g in sa.groups)
            ):
                continue  # (active "exploit"/"subject" need their victims as object)
        cue = c
        break
    if cue is None or hedged(text, cue.start()):
        return
    types = _find_exploitation(text)
    perps = [a.entity for a in sa.actors if a.entity.types[0] == "CriminalGroup"]
    victims = [g.entity for g in sa.groups]
    if not types and not victims:
        return
    origins, dests, transits, _, _ = _places_by_role(sa, preps)
    dests += _exploited_in(sa, preps, cue.end(), origins + dests + transits)
    f = _new(
        ctx,
        sa,
        ["TraffickingActivity"],
        "TraffickingActivity",
        cue.start(),
        confidence=_conf(sa, 0.8),
    )
    for t in types:
        f.add("exploitationType", Concept(t))
    for p in perps:
        f.add("perpetrator", p)
    for v in victims:
        if v.types[0] != "VictimGroup":
            v.types.insert(0, "VictimGroup")
        f.add("victim", v)
    for e in origins:
        f.add("origin", e)
    for e in dests:
        f.add("destination", e)
    for e in transits:
        f.add("transit", e)


def _exploited_in(
    sa: SentenceAnalysis, preps: dict[int, str], after: int, known: list[Entity]
) -> list[Entity]:
    """Places "in" which victims are exploited: after the exploitation cue."""
    out = []
    for i, pm in enumerate(sa.places):
        e = pm.entity
        if (
            pm.start > after
            and preps.get(i) in _IN_W
            and e.types[0] != "SeaArea"
            and e not in known
            and e not in out
            and not _inside_actor(sa, pm)
        ):
            out.append(e)
    return out


def _add_exploited_in(sa: SentenceAnalysis, preps: dict[int, str], f: Fact) -> None:
    """Give a journey told with "traffickers" the places of exploitation it lacks."""
    if f.props.get("destination"):
        return
    cue = _EXPLOIT_CUE.search(sa.text)
    if cue is None:
        return
    known = f.props.get("origin", []) + f.props.get("transit", [])
    for e in _exploited_in(sa, preps, cue.end(), known):
        f.add("destination", e)


_EXPLOIT_CUE = cue_regex("esf", r"\b(?:exploit\w*|subject(?:s|ed)?\s+to|forced)\b", re.I)


def _inside_actor(sa: SentenceAnalysis, pm: EntityMention) -> bool:
    """Whether a place mention is part of an actor's name ("police in Italy")."""
    for a in sa.actors:
        if a.start <= pm.start and pm.end <= a.end:
            return True
    return False


def _home_origins(ctx: ReportContext) -> None:
    """Give the sentence's trafficking and smuggling activities without an
    origin the victims' nationality as origin ("Nepali women are exploited in
    India": from Nepal). A destination that is also the home country is where
    victims are exploited at home: it becomes the location, not a self-loop.
    """
    for f in ctx.facts[ctx.first :]:
        if f.types[0] not in ("TraffickingActivity", "SmugglingActivity"):
            continue
        if f.props.get("origin"):
            continue
        from ontology import places

        homes = [
            n
            for v in f.props.get("victim", [])
            for n in v.props.get("nationality", [])
            if n.types[0] == "Country"
        ]
        if not homes:
            continue
        dests = f.props.get("destination", [])
        for d in list(dests):
            if any(d == h or places.contains(h.iri, d.iri) for h in homes):
                dests.remove(d)  # exploited at home ("in Kampala" for Ugandan children)
                f.add("location", d)
        if not dests and not f.props.get("location"):
            f.props.pop("destination", None)
        for h in homes:
            f.add("origin", h)
        if not f.props.get("destination"):
            f.props.pop("destination", None)


# --- civil unrest ----------------------------------------------------------------

_UNREST = cue_regex(
    "upractdiwf",
    r"\b(?:unrest|protests?|uprisings?|revolutions?|revolts?|civil war|armed conflict|conflicts?|"
    r"riots?|turmoil|upheaval|demonstrations|insurgency|coup|war|fighting|(?:armed |violent )?clashes)\b",
    re.I,
)


# words between a place and the unrest cue that make the place not its location
# ("fled to Egypt since fighting erupted", "Chad and fighting")
_NOT_MODIFIER = re.compile(
    r"\b(?:since|after|before|when|as|and|or|but|amid|despite|following|of|in|to|from|by|"
    r"while|where|because|until|with)\b",
    re.I,
)


_FIGHT_AFTER = re.compile(
    r"\s+(?:erupted|broke out|between|continued|continues|raged|rages|escalated|intensified|"
    r"has|had|in|near|around|that|which|forced|drove|drives|displaced)\b|\s*[,.;]",
    re.I,
)
_FIGHT_BEFORE = re.compile(
    r"\b(?:heavy|fierce|renewed|ongoing|armed|intense|deadly|the|of|by|amid|from)\s+$|^\s*$", re.I
)
_FIGHT_AS_VERB = re.compile(r"\b(?:is|are|was|were|be|been|keep|kept|continue[sd]?)\s+$", re.I)
_FIGHT_OBJECT = re.compile(
    r"\s+(?:against|human|trafficking|crime|smuggling|corruption|for|terror\w*|organi[sz]ed|"
    r"modern|the\s+(?:trade|traffickers|smugglers|gangs?))\b",
    re.I,
)


def _fighting_noun(text: str, m: re.Match) -> bool:
    """Whether "fighting" is armed fighting (a noun), not "fighting crime"."""
    before, after = text[max(0, m.start() - 20) : m.start()], text[m.end() : m.end() + 40]
    if _FIGHT_OBJECT.match(after) or _FIGHT_AS_VERB.search(before):
        return False
    return bool(_FIGHT_BEFORE.search(before) or _FIGHT_AFTER.match(after))


def _unrest(ctx: ReportContext, sa: SentenceAnalysis, preps, dates) -> None:
    text = sa.text
    for m in _UNREST.finditer(text):
        if negated(text, m.start()):
            continue
        if m.group(0).lower() == "fighting" and not _fighting_noun(text, m):
            continue  # "fighting human trafficking", "Italy is fighting crime"
        if re.search(
            r"\b(?:could|may|might|would|will)\s+(?:\w+\s+){0,2}$",
            text[max(0, m.start() - 30) : m.start()],
            re.I,
        ):
            continue
        locs: list[Entity] = []
        last = None
        for i, pm in enumerate(sa.places):
            gap = text[m.end() : pm.start]
            if (
                pm.start >= m.end()
                and preps.get(i) in ("in", "across", "throughout")
                and len(gap) < 40
                and not re.search(r"[,;.]", gap.rstrip(", "))
            ):
                locs.append(pm.entity)
            elif (
                pm.start >= m.end()
                and locs
                and last is not None
                and _LIST_GAP.fullmatch(
                    text[last : pm.start],
                )
            ):
                locs.append(pm.entity)
            else:
                continue
            last = pm.end
        before = text[: m.start()]
        for pm in sa.places:
            if (
                pm.end <= m.start()
                and re.fullmatch(r"(?:'s|’s)?\s+(?:\w+\s+)?", text[pm.end : m.start()])
                and not _NOT_MODIFIER.search(text[pm.end : m.start()])
            ):
                locs.append(pm.entity)
        for dm, ent in sa.demonyms:
            e = dm.end - sa.sentence.start
            if e <= m.start() and re.fullmatch(r"\s+(?:\w+\s+)?", text[e : m.start()]):
                locs.append(ent)
        w = re.search(
            r"(?:,?\s+and\s+(?:other|neighbou?ring)\s+\w+)?\s+where\s+(?:\w+\s+)?$", before
        )
        if w:
            listed = [pm for pm in sa.places if pm.end <= w.start()]
            chain: list[EntityMention] = []
            for pm in reversed(listed):
                end = chain[-1].start if chain else w.start()
                if re.fullmatch(
                    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)?\s*", text[pm.end : end]
                ):
                    chain.append(pm)
                else:
                    break
            locs.extend(pm.entity for pm in reversed(chain))
        locs = list(dict.fromkeys(e for e in locs if e.types[0] != "SeaArea"))
        if not locs:
            continue
        f = _new(
            ctx,
            sa,
            ["CivilUnrest"],
            "CivilUnrest",
            m.start(),
            *(e.iri for e in locs),
            confidence=_conf(sa, 0.8),
        )
        for e in locs:
            f.add("location", e)
        for d in _point_dates(dates):
            f.add("date", _date_lit(d))
        f.label = f"{m.group(0).lower()} in " + ", ".join(e.label for e in locs)  # type: ignore[attr-defined]


# --- deployments -------------------------------------------------------------------

_DEPLOY = cue_regex(
    "sdh",
    r"\b(?:send|sends|sending|sent|deploy|deploys|deployed|deploying|dispatch(?:es|ed|ing)?|"
    r"second(?:s|ed)?|station(?:s|ed)?|ha(?:ve|s)|had)\s+(?:\w+\s+){0,3}?(?:experts|officers|agents|"
    r"teams?|staff|officials|investigators|personnel|analysts|guards|specialists)\b",
    re.I,
)


def _agent_before(sa: SentenceAnalysis, pos: int, speaker: Entity | None) -> Entity | None:
    cands = [
        a
        for a in sa.actors
        if a.end <= pos and a.entity.types[0] not in ("CriminalGroup", "TerroristGroup")
    ]
    if (
        re.search(r"\b(?:we|our)\b", sa.text[_clause_start(sa.text, pos) : pos], re.I)
        and speaker is not None
    ):
        orgs = speaker.props.get("memberOf") if speaker.types[0] == "Person" else None
        return orgs[0] if orgs else speaker
    if not cands:
        return None
    orgs = [a for a in cands if a.entity.types[0] != "Person"]
    return (
        (orgs or cands)[0].entity
        if sa.text[: cands[0].start].strip() == "" or orgs
        else cands[-1].entity
    )


_ANNOUNCED = re.compile(
    r"\b(?:said|says|announced|agreed|decided|confirmed|pledged)\s+(?:that\s+)?"
    r"(?:it|they|he|she|the\s+\w+|\w+)\s+(?:will|would)\s+(?:also\s+|soon\s+)?$",
    re.I,
)


def _deployments(ctx: ReportContext, sa: SentenceAnalysis, preps, dates, speaker) -> None:
    text = sa.text
    for m in _DEPLOY.finditer(text):
        announced = bool(_ANNOUNCED.search(text[max(0, m.start() - 60) : m.start()]))
        if hedged(text, m.start()) and not announced:
            continue  # "could send", "would not send"; "said it would send" is announced
        target = None
        for i, pm in enumerate(sa.places):
            gap = text[m.end() : pm.start]
            if pm.start >= m.end() and len(gap) < 40 and preps.get(i) in ("to", "in", "into"):
                target = pm.entity
                break
        if target is None:
            continue
        verb_is_have = re.match(r"ha(?:ve|s|d)\s", m.group(0), re.I) and not re.search(
            r"send|sent|deploy|dispatch|second|station", m.group(0), re.I
        )
        if verb_is_have and "ground" not in text[m.end() : m.end() + 30]:
            continue
        agent = _agent_before(sa, m.start(), speaker)
        if agent is None:
            continue
        f = _new(
            ctx,
            sa,
            ["Deployment"],
            "Deployment",
            m.start(),
            target.iri,
            confidence=_conf(sa, 0.6 if announced else 0.8),
        )
        f.add("agent", agent)
        f.add("location", target)
        for d in _point_dates(dates):
            f.add("date", _date_lit(d))


# --- operations and arrests ----------------------------------------------------------

_OP = cue_regex("orcsa", r"\b(?:operations?|raids?|crackdown|sting|action days?)\b", re.I)
_ARREST = cue_regex("ad", r"\b(?:arrest(?:s|ed|ing)?|detain(?:ed|s)?|apprehended)\b", re.I)
_DISMANTLE = cue_regex(
    "dbst", r"\b(?:dismantled|busted|broke up|smashed|took down|disrupted)\b", re.I
)


_RELATIVE = re.compile(r",?\s+(?:that|which|who)\s+(?!was\s+|were\s+)", re.I)


def _operations(ctx: ReportContext, sa: SentenceAnalysis, quants, preps, dates) -> None:
    text = sa.text
    op = _OP.search(text)
    arrest = _ARREST.search(text)
    dismantle = _DISMANTLE.search(text)
    plural_op = op and re.search(r"\d[\d,]*\s+(?:\w+\s+)?operations", text)
    if op and plural_op and not arrest:
        return  # an operation count, not one operation
    cue = arrest or dismantle or op
    if cue is None or hedged(text, cue.start()):
        return
    count = None
    if arrest:
        win_lo, win_hi = arrest.start() - 90, arrest.end() + 40
        for q in quants:
            if win_lo <= q.start <= win_hi and not q.year_like and not q.unit:
                near = text[q.end : q.end + 25]
                if (
                    re.match(
                        r"\s+(?:\w+\s+)?(?:suspects|people|persons|members|men|women|individuals|traffickers|smugglers|others)\b",
                        near,
                        re.I,
                    )
                    or q.start > arrest.start()
                ):
                    count = int(q.value)
                    break
    first_cue = min(c.start() for c in (op, arrest, dismantle) if c is not None)
    targets = [
        a.entity
        for a in sa.actors
        if a.entity.types[0] in ("CriminalGroup", "TerroristGroup") and a.start > first_cue
    ]
    agents = [
        a.entity
        for a in sa.actors
        if a.entity.types[0]
        in ("LawEnforcementAgency", "GovernmentBody", "InternationalOrganization")
    ]
    cut = len(text)  # a relative clause on the target tells what the group did, not where
    for a in sa.actors:
        if a.entity.types[0] == "CriminalGroup" and a.start > first_cue:
            rel = _RELATIVE.match(text, a.end)
            if rel:
                cut = min(cut, rel.start())
    locs = [
        pm.entity
        for i, pm in enumerate(sa.places)
        if preps.get(i) in _IN_W
        and pm.entity.types[0] != "SeaArea"
        and pm.start < cut
        and not _inside_actor(sa, pm)
    ]
    conf = _conf(sa, 0.8)
    arrest_fact = None
    if arrest and (count or agents or op):
        arrest_fact = _new(ctx, sa, ["Arrest"], "Arrest", arrest.start(), count, confidence=conf)
        arrest_fact.add("count", count)
        ctx.facts[ctx.first :] = [
            x
            for x in ctx.facts[ctx.first :]
            if not (
                x.sentence is sa.sentence
                and getattr(x, "measure", "") == "ArrestCount"
                and x.props.get("value") == [count]
                and not x.props.get("period")
            )
        ]
        for a in agents:
            arrest_fact.add("agent", a)
        for e in locs[:1]:
            arrest_fact.add("location", e)
        for d in _point_dates(dates):
            arrest_fact.add("date", _date_lit(d))
    if (op and not plural_op) or dismantle:
        if not (targets or arrest_fact):
            return
        f = _new(
            ctx,
            sa,
            ["LawEnforcementOperation"],
            "LawEnforcementOperation",
            cue.start(),
            confidence=conf,
        )
        for t in targets:
            f.add("target", t)
        for a in agents:
            f.add("agent", a)
        for e in locs[:1]:
            f.add("location", e)
        f.add("result", arrest_fact)
        for d in _point_dates(dates):
            f.add("date", _date_lit(d))


# --- statements ----------------------------------------------------------------------

_SPEECH = cue_regex(
    "stawenic",
    r"\b(?:said|says|say|told|tells|added|adds|stated|states|warned|warns|explained|noted|"
    r"stressed|insisted|claimed|announced|estimated|estimates)\b",
    re.I,
)
_QUOTE = re.compile(r"[\"“]([^\"”]{8,})(?:[\"”]|$)")
_WARN = cue_regex(
    "wcftdarom",
    r"\b(?:warn\w*|concern(?:ed|s)?|fears?|feared|threat\w*|danger\w*|at risk|risks?|alarm\w*|"
    r"opportunit\w+ to exploit|(?:could|may|might|will|would)\s+(?:\w+\s+){0,3}exploit\w*)\b",
    re.I,
)
_AUDIENCE_WORDS = re.compile(
    r"(?:reporters|journalists|the press|a news conference|a press conference|parliament|lawmakers)\b",
    re.I,
)


def _statements(ctx: ReportContext, sa: SentenceAnalysis, preps, dates) -> Entity | None:
    text = sa.text
    reg = ctx.reg
    speaker = None
    verb = None
    for m in _SPEECH.finditer(text):
        for a in sa.actors:
            if a.entity.types[0] in ("CriminalGroup",):
                continue
            gap_before = text[a.end : m.start()]
            if a.end <= m.start() and re.fullmatch(
                r"\s*(?:\([A-Z][\w.]{1,12}\)\s*)?(?:(?:officials?|officers?|sources|spokes(?:man|woman|person))\s*)?"
                r"(?:,[^,\"“”]{1,150},)?\s*",
                gap_before,
            ):
                speaker, verb = a, m
            elif (
                a.start >= m.end()
                and re.fullmatch(r"\s+", text[m.end() : a.start])
                and m.group(0).lower() in ("said", "says", "added", "warned")
            ):
                speaker, verb = a, m
        if speaker:
            if speaker.entity.types[0] != "Person":
                for a in sa.actors:
                    if (
                        a.entity.types[0] == "Person"
                        and speaker.entity in a.entity.props.get("memberOf", [])
                        and 0 <= a.start - speaker.end <= 50
                    ):
                        speaker = a
            break
    continued = False
    if speaker is None:
        if (
            text.startswith(('"', "“"))
            and reg.last_speaker is not None
            and reg.last_quote_paragraph is not None
            and sa.sentence.paragraph - reg.last_quote_paragraph in (0, 1)
        ):
            speaker_ent = reg.last_speaker
            continued = True
        else:
            return None
    else:
        speaker_ent = speaker.entity
    quotes = [q.group(1).strip().rstrip(",") for q in _QUOTE.finditer(text)]
    nq = len(re.findall(r"[\"“”]", text))
    if nq % 2 == 1 and not text.lstrip().startswith(('"', "“")):
        first = re.search(r"[\"“”]", text).start()
        quotes = [text[:first].strip().rstrip(",")]
    if not quotes and verb is not None:
        after = text[verb.end() :].strip()
        after = re.sub(r"^(?:(?:on|in|at|last|this|earlier)\b[^,]{0,30}?\s+)?that\s+", "", after)
        use_after = (
            len(after) > 15
            and not after.startswith(",")
            and not re.match(r"(?:on|in|at|last|this|earlier)\b.{0,30}$", after)
        )
        if speaker and not use_after:
            before = text[: speaker.start]
            cut = re.search(r",\s*(?:[\w'’.-]+\s+){0,5}$", before)
            before = before[: cut.start()] if cut else before
            after = before.strip(" ,")
        quotes = [after] if speaker and after else []
    f = _new(ctx, sa, ["Statement"], "Statement", speaker_ent.iri, confidence=0.9)
    f.add("speaker", speaker_ent)
    for q in quotes:
        f.add("quote", q)
    if verb is not None:
        tail = text[verb.end() :]
        if verb.group(0).lower() in ("told", "tells"):
            for a in sa.actors:
                if a.start >= verb.end() and re.fullmatch(
                    r"\s+(?:the\s+)?", text[verb.end() : a.start]
                ):
                    f.add("audience", a.entity)
            am = _AUDIENCE_WORDS.match(tail.lstrip())
            if am:
                f.audience_text = am.group(0)  # type: ignore[attr-defined]
        for i, pm in enumerate(sa.places):
            if pm.start >= verb.end() and preps.get(i) == "in" and pm.start - verb.end() < 50:
                f.add("location", pm.entity)
                break
        for d in _point_dates(dates, verb.start() - 2):
            f.add("date", _date_lit(d))
            break
    quote_text = " ".join(quotes)
    if re.search(r"\bwarn", text, re.I) or _WARN.search(quote_text):
        f.types = ["Warning", "Statement"]
    if _HEDGE.search(quote_text) or _NEG.search(quote_text):
        f.confidence = 0.7
    if continued:
        f.confidence = 0.6
    about = []
    own = set(speaker_ent.props.get("memberOf", []))
    for em in sa.places + sa.groups:
        if em.entity in f.props.get("location", []):
            continue
        if speaker is None or not (speaker.start <= em.start < speaker.end):
            about.append(em.entity)
    for a in sa.actors:
        if a.entity is not speaker_ent and a.entity not in own:
            if a.entity not in f.props.get("audience", []):
                about.append(a.entity)
    for e in about:
        f.add("about", e)
    if quotes and text.lstrip().startswith(('"', "“")) or continued:
        reg.last_speaker = speaker_ent
        reg.last_quote_paragraph = sa.sentence.paragraph
    return speaker_ent


# --- country roles ----------------------------------------------------------------------

_ROLE_RX = re.compile(
    r"\s+(?:is|remains|was|has been|has become|continues to be|serves as)\s+"
    r"(?P<body>[^.;]{0,90}?)\b(?:country|countries|nation|hub|point|region|area|route|corridor)\b"
    r"(?:\s+of\s+(?P<roles2>origin|transit|destination)\b)?",
    re.I,
)
_ROLE_BODY = re.compile(
    r"(?:\s|,|\b(?:an?|and|or|also|primarily|mainly|mostly|largely|increasingly|predominantly|"
    r"major|significant|key|main|important|to a (?:lesser|greater|large|limited) (?:extent|degree)|"
    r"one of the|primary|leading|largest|biggest|principal|top|notable|growing|"
    r"source|transit|destination)\b)*",
    re.I,
)
_ROLE_NAMES = {
    "source": "SourceCountry",
    "transit": "TransitCountry",
    "destination": "DestinationCountry",
}


def _assert_role(
    ctx: ReportContext,
    sa: SentenceAnalysis,
    country: Entity,
    role: str,
    types: list[str],
    victims: list[Entity],
    base: float = 0.9,
) -> Fact:
    """A CountryRoleAssertion: ``country`` plays ``role`` (source, transit, destination)."""
    f = _new(
        ctx,
        sa,
        ["CountryRoleAssertion"],
        "CountryRoleAssertion",
        country.iri,
        role,
        confidence=_conf(sa, base),
    )
    f.add("country", country)
    f.add("role", Concept(_ROLE_NAMES[role]))
    for t in types:
        f.add("exploitationType", Concept(t))
    for v in victims:
        f.add("victim", v)
    country.add("countryRole", Concept(_ROLE_NAMES[role]))
    return f


# The formulas of the TIP report's country narratives since 2019: "human
# traffickers exploit domestic and foreign victims in X" (X a destination),
# "traffickers exploit victims from X abroad" / "exploit X-ian victims
# abroad" / "victims from X are exploited abroad" (X a source), "traffickers
# transport victims through X" / "use X as a transit point" (X a transit).
# Present tense only: a role is a habit; "smugglers moved the group via X"
# is one journey (a Route), not a claim about X.
_MOVERS = ("trafficker", "smuggler", "criminal", "network", "gang")
_MOVE_VERB = cue_regex(
    "tmsr", r"\b(?:transport|move|transit|smuggle|traffic|take|send|route)s?\s", re.I
)
_FOREIGN_IN = re.compile(
    r"(?:\bexploit\w*\s+(?:[\w-]+\s+){0,4}?foreign\s+(?:[\w-]+\s+){0,3}?|"
    r"\bforeign\s+(?:[\w-]+\s+){0,3}?)"
    r"(?:victims|nationals|workers|migrants|men|women|children|individuals|people)\s+"
    r"(?:(?:are|were|is|have been|has been)\s+(?:\w+\s+)?exploited\s+)?in\s+(?:the\s+)?$|"
    r"\bexploit\w*\s+(?:[\w-]+\s+){0,3}?victims\s+from\s+[^.;:]{2,80}?\s+in\s+(?:the\s+)?$",
    re.I,
)
_ABROAD = re.compile(
    r"\bexploit\w*\s+(?P<who>(?:(?!\bexploit)[^.;:]){3,90}?)\s+abroad\b|"
    r"\b(?P<who2>[^.;:,]{3,90}?)\s+(?:are|were|is|have been|has been)\s+(?:\w+\s+)?exploited\s+"
    r"(?:[\w-]+\s+){0,4}?abroad\b",
    re.I,
)
_THROUGH = re.compile(
    r"\b(?:traffickers|smugglers|criminals|networks?|gangs?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:transport|move|transit|smuggle|traffic|take|send|route)s?\s+(?:[^.;:]{0,60}?\s)?"
    r"(?:through|via)\s+(?:the\s+)?$",
    re.I,
)
_AS_TRANSIT = re.compile(r"\s+as\s+an?\s+(?:\w+\s+)?transit\b", re.I)
_USE_BEFORE = re.compile(r"\bus(?:e|es|ed|ing)\s+(?:the\s+)?$", re.I)


def _modern_roles(ctx: ReportContext, sa: SentenceAnalysis, preps) -> bool:
    """Country roles from the TIP narratives' modern formulas.

    Returns True if a formula naming no journey matched ("foreign victims
    in X", "victims from X abroad"): the sentence then states roles only.
    """
    text = sa.text
    if not (sa.places or sa.demonyms):
        return False
    low = text.lower()  # (cheap tests first: which formulas can match at all)
    foreign = "foreign" in low or ("exploit" in low and "victims from" in low)
    abroad = "abroad" in low and "exploit" in low
    through = (
        ("through" in low or " via " in low)
        and any(w in low for w in _MOVERS)
        and _MOVE_VERB.search(text) is not None
    )
    transit = "transit" in low
    if not (foreign or abroad or through or transit):
        return False
    found: list[tuple[Entity, str, int, tuple[int, int]]] = []
    general = False  # a formula naming no journey ("foreign victims in X", "... abroad")
    chain_role: str | None = None
    prev_end = -1
    for i, pm in enumerate(sa.places if foreign or through or transit else ()):
        if pm.entity.types[0] != "Country":
            prev_end = -1
            continue
        before = text[max(0, pm.start - 110) : pm.start]
        role = None
        w = preps.get(i)
        fm = _FOREIGN_IN.search(before) if foreign and w == "in" else None
        if fm:
            role = "destination"
            general = general or "foreign" in fm.group(0).lower()
        elif through and w in ("through", "via") and _THROUGH.search(before):
            role = "transit"
        elif transit and _AS_TRANSIT.match(text, pm.end) and _USE_BEFORE.search(before):
            role = "transit"
        elif chain_role and _LIST_GAP.fullmatch(text[prev_end : pm.start]):
            role = chain_role
        chain_role, prev_end = role, pm.end
        if role:
            found.append((pm.entity, role, pm.start, (max(0, pm.start - 40), pm.start)))
    if abroad:
        off = sa.sentence.start
        for m in _ABROAD.finditer(text):
            g = "who" if m.group("who") is not None else "who2"
            lo, hi = m.start(g), m.end(g)
            for i, pm in enumerate(sa.places):
                if (
                    lo <= pm.start < hi
                    and preps.get(i) == "from"
                    and pm.entity.types[0] == "Country"
                ):
                    found.append((pm.entity, "source", pm.start, (lo, hi)))
            for dm, ent in sa.demonyms:
                if lo <= dm.start - off < hi and ent.types[0] == "Country":
                    found.append((ent, "source", dm.start - off, (lo, hi)))
    done = set()
    for country, role, pos, (lo, hi) in found:
        if (country, role) in done or hedged(text, pos):
            continue
        done.add((country, role))
        victims = [g.entity for g in sa.groups if lo <= g.start < hi]
        _assert_role(ctx, sa, country, role, _find_exploitation(text), victims, base=0.85)
    return general or any(role == "source" for _, role in done)


def _country_roles(ctx: ReportContext, sa: SentenceAnalysis, preps) -> bool:
    """Country roles of the sentence (True if the modern TIP formulas gave any)."""
    modern = _modern_roles(ctx, sa, preps)
    text = sa.text
    for pm in sa.places:
        if pm.entity.types[0] not in ("Country", "Region"):
            continue
        m = _ROLE_RX.match(text, pm.end)
        if not m or negated(text, m.end()) or not _ROLE_BODY.fullmatch(m.group("body")):
            continue
        found = m.group("body")
        if m.group("roles2"):
            found = {"origin": "source"}.get(m.group("roles2").lower(), m.group("roles2"))
        roles = [r.lower() for r in re.findall(r"source|transit|destination", found, re.I)]
        if not roles:
            continue
        rest = text[m.end() :]
        types = _find_exploitation(rest)
        victims = [g.entity for g in sa.groups if g.start >= m.end()]
        for v in victims:
            if v.types[0] != "VictimGroup":
                v.types.insert(0, "VictimGroup")
        country = pm.entity
        for role in dict.fromkeys(roles if country.types[0] == "Country" else []):
            _assert_role(ctx, sa, country, role, types, victims)
        others = [
            (i, p)
            for i, p in enumerate(sa.places)
            if p.start >= m.end() and p.entity is not country
        ]
        origins = [p.entity for i, p in others if preps.get(i) in _ORIGIN_W]
        dests = [
            p.entity for i, p in others if preps.get(i) in _DEST_W | {"in", "within", "throughout"}
        ]
        if ("destination" in roles and origins) or ("source" in roles and dests):
            f = _new(
                ctx,
                sa,
                ["TraffickingActivity"],
                "TraffickingActivity",
                country.iri,
                "roles",
                confidence=_conf(sa, 0.8),
            )
            if "destination" in roles:
                for e in origins:
                    f.add("origin", e)
                f.add("destination", country)
            else:
                f.add("origin", country)
                for e in dests:
                    f.add("destination", e)
            for t in types:
                f.add("exploitationType", Concept(t))
            for v in victims:
                f.add("victim", v)
    return modern


_NAMED_YEAR = re.compile(r"(?:19|20)\d\d")
_PREVIOUS_YEAR = re.compile(r"previous|prior|preceding|year earlier|year before", re.I)


def _discourse_years(
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


_VULNERABLE = cue_regex("v", r"\bvulnerable\s+to\b", re.I)
_VULNERABLE_LINK = re.compile(
    r"\b(?:are|is|were|was|remain|remains|remained)\s+(?:\w+\s+){0,2}$", re.I
)


def _vulnerable_groups(sa: SentenceAnalysis) -> None:
    """Groups a narrative names as at risk become victim groups with evidence.

    "Roma children are particularly vulnerable to forced begging" makes "Roma
    children" a ``tkg:VictimGroup`` whose evidence is the sentence; no
    trafficking event is asserted (the text states a risk).
    """
    if not sa.groups:
        return
    m = _VULNERABLE.search(sa.text)
    if m is None or not _VULNERABLE_LINK.search(sa.text[max(0, m.start() - 40) : m.start()]):
        return
    if hedged(sa.text, m.start()) or not _find_exploitation(sa.text[m.end() :]):
        return
    for g in sa.groups:
        if g.end <= m.start() and not re.search(r"[;:]", sa.text[g.end : m.start()]):
            ent = g.entity
            if ent.types[0] != "VictimGroup":
                ent.types.insert(0, "VictimGroup")
            if sa.sentence not in ent.evidence:
                ent.evidence.append(sa.sentence)


def sentence_facts(ctx: ReportContext, sa: SentenceAnalysis) -> None:
    """Apply every rule to one analysed sentence, appending to ``ctx.facts``."""
    text = sa.text
    ctx.first = len(ctx.facts)
    dates = _discourse_years(
        ctx, find_dates(text, ctx.report_date, ctx.ref_year), sa.sentence.paragraph
    )
    quants = find_quantities(text)
    preps = _preps(sa)
    speaker = _statements(ctx, sa, preps, dates)
    modern_roles = _country_roles(ctx, sa, preps)
    stats = _statistics(ctx, sa, quants, dates, preps, speaker)
    if not modern_roles:  # (the formulas name no journey)
        _flows(ctx, sa, stats, preps, dates)
    _unrest(ctx, sa, preps, dates)
    _deployments(
        ctx,
        sa,
        preps,
        dates,
        speaker or ctx.reg.last_speaker if text.startswith(('"', "“")) else speaker,
    )
    _operations(ctx, sa, quants, preps, dates)
    if not modern_roles:
        _trafficking(ctx, sa, preps)
    _vulnerable_groups(sa)
    _home_origins(ctx)
    ctx.prev = sa
