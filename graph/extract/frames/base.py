"""Shared pieces of the frame rules: the fact model, hedging and negation, exploitation
phrases, the prepositions that govern place mentions, and the report context.

Every rule is general (cue words, prepositions, gazetteer mentions), works on
one sentence at a time plus a little discourse context, and skips clauses that
are negated or hypothetical ("could", "may", "if", "haven't seen").

Examples
--------
>>> from graph.extract.frames.base import hedged
>>> hedged("Syndicates could try to exploit the unrest", 28)
True
>>> hedged("Europol is sending experts to Italy", 20)
False
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from graph.extract.dates import DateMention
from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, Registry, SentenceAnalysis
from graph.extract.numbers import Quantity
from graph.extract.text import Sentence, cue_regex
from graph.ids import stable_key


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
    label : str
        A readable name for the fact node (``rdfs:label``), or "".
    quantity : Quantity or None
        The number of the sentence the fact reads (so that a family run later
        does not read it again); not written to RDF.
    told : bool
        A flow read from a country narrative's list: its transit places are
        settled when the sentence is done (:func:`.abroad.close_narrative_flows`).
    """

    types: list[str]
    sentence: Sentence
    props: dict[str, list] = field(default_factory=dict)
    confidence: float = 0.8
    key: str = ""
    label: str = ""
    quantity: Quantity | None = field(default=None, compare=False)
    told: bool = field(default=False, compare=False)

    def add(self, prop: str, value) -> None:
        """Add a value once (None is ignored); a functional property keeps its first value."""
        if value is None:
            return
        values = self.props.setdefault(prop, [])
        if value not in values and not (values and prop in FUNCTIONAL):
            values.append(value)


# properties a fact holds at most once (the shapes' sh:maxCount 1): a second value is dropped
FUNCTIONAL = frozenset({"count", "value", "measure", "unit", "approximate", "sentenceTerm"})


@dataclass(frozen=True)
class Concept:
    """A tkg SKOS concept by local name (``SexualExploitation``)."""

    name: str


@dataclass(frozen=True)
class TypedDate:
    """A date literal with its XSD datatype local name."""

    value: str
    datatype: str


HEDGE = cue_regex(
    "cmwspiulftrh",
    r"\b(?:could|may|might|would|will|shall|potentially|possibly|perhaps|if|whether|unless|"
    r"likely|fears?|feared|plans? to|planned to|intends? to|threatens? to|risk of|hoping)\b",
    re.I,
)
NEG = cue_regex(
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


def clause_start(text: str, pos: int) -> int:
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
    clause = text[clause_start(text, pos) : pos]
    return bool(HEDGE.search(clause) or NEG.search(clause))


def negated(text: str, pos: int) -> bool:
    """Tell whether the clause up to ``pos`` is negated.

    Examples
    --------
    >>> negated("There was no unrest in Chad", 15)
    True
    """
    return bool(NEG.search(text[clause_start(text, pos) : pos]))


@functools.cache
def exploitation_types() -> list[tuple[re.Pattern, str]]:
    """Return (pattern, concept local name) for exploitation-type phrases.

    From ``graph/extract/data/exploitation.yaml`` (phrases and gapped
    patterns an analyst can edit) and the ontology's SKOS labels of the
    ExploitationType scheme; gapped patterns first, then phrases longest first.

    Examples
    --------
    >>> dict((n, p.pattern) for p, n in exploitation_types())["ForcedLabour"] is not None
    True
    """
    from rdflib.namespace import RDF, SKOS

    from ontology import TKG, ontology_graph

    data = _exploitation_data()
    ignore = set(data.get("ignore_labels") or ())
    g = ontology_graph()
    table: dict[str, str] = {}
    for concept in g.subjects(RDF.type, TKG.ExploitationType):
        name = str(concept).rsplit("#", 1)[-1]
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in g.objects(concept, p):
                text = str(label).lower()
                if text not in ignore:
                    table[text] = name
    table.update({k.lower(): v for k, v in (data.get("phrases") or {}).items()})
    out = [
        (re.compile(r"\b" + item["pattern"] + r"\b", re.I), item["type"])
        for item in data.get("patterns") or ()
    ]
    for text in sorted(table, key=len, reverse=True):
        out.append(
            (re.compile(r"\b" + re.escape(text).replace(r"\ ", r"\s+") + r"\b", re.I), table[text])
        )
    return out


@functools.cache
def _exploitation_data() -> dict:
    import yaml

    path = Path(__file__).resolve().parent.parent / "data" / "exploitation.yaml"
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def _first_words(pattern: str) -> list[str]:
    """The literal words a pattern can start with (``\\b(?:forced|made)\\s...`` -> both)."""
    body = pattern.removeprefix(r"\b")
    alts = re.match(r"\(\?:([a-z|]+)\)", body)
    if alts:
        return alts.group(1).split("|")
    first = re.match(r"[a-z]+", body)
    return [first.group(0)] if first else []


@functools.cache
def _exploitation_index() -> dict[str, list[tuple[re.Pattern, str]]]:
    """Index the exploitation patterns by their first word (lower case)."""
    index: dict[str, list[tuple[re.Pattern, str]]] = {}
    for rx, name in exploitation_types():
        for word in _first_words(rx.pattern):
            index.setdefault(word, []).append((rx, name))
    return index


@functools.cache
def _exploitation_hint() -> re.Pattern:
    """A cheap first test: the first words of every phrase and pattern, as one regex."""
    words = sorted(_exploitation_index(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)


def find_exploitation(text: str) -> list[str]:
    if not _exploitation_hint().search(text):
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


_NAMED_AS_END = re.compile(r"\b(?:of|as|called|named)\s+(?:the\s+)?$")


def place_preps(sa: SentenceAnalysis) -> dict[int, str]:
    """Map place-mention index -> governing word (lists inherit it)."""
    text = sa.text
    out: dict[int, str] = {}
    prev_end = None
    prev_word = None
    for i, pm in enumerate(sa.places):
        before = text[max(0, pm.start - 25) : pm.start]
        m = _PREP.search(before)
        word = m.group("w").lower() if m else None
        if word in ("of", None) and _NAMED_AS_END.search(before):
            # "in the Mexican state of Chiapas", "in an area known as X": in
            unit = _UNIT_OF.search(text, max(0, pm.start - 70), pm.start)
            word = unit.group("w").lower() if unit else word
        if word is None and prev_end is not None and prev_word:
            gap = text[prev_end : pm.start]
            if LIST_GAP.fullmatch(gap):
                word = prev_word
        out[i] = word or ""
        prev_end, prev_word = pm.end, word
    return out


# a place named as a unit of its kind: "in the Mexican state of Chiapas", "near the town of X"
_UNIT_OF = re.compile(
    r"\b(?P<w>in|into|to|from|at|near|through|via|across|towards?|inside|within|reach(?:ed|ing)?|"
    r"left|leaving|entered|entering)\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,2}?(?:state|province|region|"
    r"city|town|village|district|department|governorate|county|municipality|port|island|area|"
    r"capital|place|spot|location|zone|site)\s+(?:of|(?:referred\s+to|known)\s+as|called|named)"
    r"\s+(?:the\s+)?$",
    re.I,
)

# what separates the items of a list of places ("Libya, Tunisia and the Sudan")
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?")

ORIGIN_WORDS = {"from", "flee", "fleeing", "fled", "leave", "leaving", "left"}
DEST_WORDS = {
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
TRANSIT_WORDS = {"via", "through", "transiting", "cross", "crossed", "crossing"}
IN_WORDS = {"in", "within", "throughout", "across", "inside", "at"}


class SentenceView(NamedTuple):
    """What the frame rules read of one sentence: the sentence and what was found in it.

    Made once per sentence by :func:`graph.extract.frames.sentence_view` and
    never changed (a named tuple: a family cannot write into it): each rule
    family gets the view and the report's
    :class:`~graph.extract.discourse.Discourse` and returns the facts it
    found; the next family gets a copy whose ``earlier`` holds them.

    Attributes
    ----------
    sa : SentenceAnalysis
        The sentence with its mentions (places, actors, groups, people, demonyms).
    reg : Registry
        The report's entities (rules resolve the places and groups they name).
    report_date : datetime.date or None
    ref_year : int or None
        The year "this year" means when the report date is unknown.
    preps : dict
        The governing word of each place mention (``{0: "from", 1: "to"}``).
    dates : list of DateMention
        The sentence's dates ("the previous year" already resolved).
    quants : list of Quantity
        The sentence's numbers.
    speaker : Entity or None
        Who the sentence quotes (found by the statements family).
    earlier : tuple of Fact
        The facts the families run before found in this sentence.
    """

    sa: SentenceAnalysis
    reg: Registry
    report_date: dt.date | None = None
    ref_year: int | None = None
    preps: dict[int, str] = {}  # (NamedTuple defaults: never written)
    dates: list[DateMention] = []
    quants: list[Quantity] = []
    speaker: Entity | None = None
    earlier: tuple[Fact, ...] = ()


class RuleCall:
    """One rule family's work on one sentence: what it reads and the facts it makes.

    Made by a family's function for one call and dropped when it returns (a
    family's result is ``call.out``): nothing in it outlives the call or is
    seen by another family. The helpers of a family take it as ``ctx``.

    Attributes
    ----------
    view : SentenceView
    discourse : Discourse
        The report's cross-sentence memory.
    out : list of Fact
        The facts this call made, in order.
    reg, report_date, ref_year
        Shortcuts to the view's.
    """

    __slots__ = ("view", "discourse", "out", "reg", "report_date", "ref_year")

    def __init__(self, view: SentenceView, discourse: Discourse) -> None:
        self.view = view
        self.discourse = discourse
        self.out: list[Fact] = []
        self.reg = view.reg
        self.report_date = view.report_date
        self.ref_year = view.ref_year

    @property
    def sentence_facts(self) -> list[Fact]:
        """The sentence's facts so far: the families' before, then this call's."""
        return [*self.view.earlier, *self.out]


def new_fact(
    ctx: RuleCall, sa: SentenceAnalysis, types: list[str], *key, confidence: float = 0.8
) -> Fact:
    """Make a fact of the sentence ``sa`` and add it to the call's output.

    ``key`` (any values) identifies the fact inside its sentence, so that its
    IRI is stable from one run to the next.
    """
    f = Fact(types, sa.sentence, confidence=confidence, key=stable_key(*key))
    ctx.out.append(f)
    return f


def sentence_confidence(sa: SentenceAnalysis, base: float) -> float:
    return round(base - (0.2 if attributed_text(sa.text) else 0.0), 2)


@functools.lru_cache(maxsize=64)
def attributed_text(text: str) -> bool:
    """Whether a sentence reports hearsay (asked once per sentence, not per fact)."""
    return _ATTRIB.search(text) is not None


def date_lit(d: DateMention) -> TypedDate | None:
    return TypedDate(d.value, d.datatype) if d.value else None


def point_dates(dates: list[DateMention], lo: int = 0, hi: int | None = None) -> list[DateMention]:
    return [
        d
        for d in dates
        if d.kind == "point" and d.value and lo <= d.start and (hi is None or d.start < hi)
    ]
