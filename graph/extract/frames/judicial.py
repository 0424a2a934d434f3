"""Judicial events: charges, prosecutions, extraditions, pleas, convictions, sentences, acquittals.

One event per cue ("X was sentenced to 30 years; Y was sentenced to 19 years"
gives two tkg:Sentencing events), typed by a subclass of tkg:LegalProceeding,
with

- ``defendant``: the people named before the cue (since the previous cue), or
  right after it in the active voice ("the court convicted NAME");
- ``count``: a number before the defendants' noun ("eight defendants were
  charged", "5 extradited") or after an active verb ("charges eight
  defendants");
- ``agent``: the agencies, prosecutors and courts the sentence names;
- ``location``: the place the sentence puts it in ("in Texas"); for an
  extradition, ``origin`` ("from Mexico") and ``destination``;
- ``date``: the nearest date; ``sentenceTerm`` ("P19Y7M") for a sentencing.

An arrest in court-release phrasing ("NAME, 30, was arrested on DATE in CITY")
is written here only when :mod:`.operations` wrote no arrest for the sentence.
Hedged and negated clauses give nothing ("could be sentenced", "if
convicted", "to face charges"). The cue phrases are data:
``data/judicial.yaml``.

Examples
--------
>>> from graph.extract import extract_text
>>> from rdflib import RDF, Namespace
>>> T = Namespace("https://w3id.org/tkg/ontology#")
>>> g = extract_text("Three smugglers were convicted in Athens.", report_id="doc")
>>> [int(n) for e in g.subjects(RDF.type, T.Conviction) for n in g.objects(e, T["count"])]
[3]
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, SentenceAnalysis
from graph.extract.frames.base import (
    IN_WORDS,
    ORIGIN_WORDS,
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
from graph.extract.frames.journeys import inside_actor
from graph.extract.numbers import Quantity, find_quantities

__all__ = ["judicial"]

_DATA = Path(__file__).resolve().parents[1] / "data" / "judicial.yaml"
_AGENT_TYPES = ("LawEnforcementAgency", "GovernmentBody", "InternationalOrganization")


def _alt(phrases) -> str:
    """A regex alternation of phrases, longest first; a space matches any white space."""
    return "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True)
    )


@functools.cache
def _rules() -> dict:
    """The compiled patterns of ``data/judicial.yaml`` (read once)."""
    import yaml

    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    kinds = {}
    names = []
    for kind, phrases in raw["events"].items():
        for p in phrases:
            kinds[" ".join(p.lower().split())] = kind
            names.append(p)
    first = "".join(sorted({p[0].lower() for p in names}))
    units = {u: code for code, words in raw["term_units"].items() for u in words}
    num = r"(?:\d+|[a-z]+(?:-[a-z]+)?)"
    return {
        "cue": re.compile(
            rf"(?=[{first}])\b(?P<cue>{_alt(names)}|"
            r"found\s+(?P<who>[^.;]{1,60}?)\s+(?P<neg>not\s+)?guilty)\b",
            re.I,
        ),
        "kinds": kinds,
        "not_before": re.compile(rf"\b(?:{_alt(raw['not_before'])})\s+$", re.I),
        "price_after": re.compile(rf"[^.;]{{0,30}}?\b(?:{_alt(raw['price_after'])})\b", re.I),
        "defendants": re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{_alt(raw['defendants'])})\b", re.I),
        "term": re.compile(
            rf"\s+(?:(?:up\s+)?to|for|of)\s+(?P<n1>{num})\s+(?P<u1>{_alt(units)})\b"
            rf"(?:,?\s+and\s+(?P<n2>{num})\s+(?P<u2>{_alt(units)})\b)?",
            re.I,
        ),
        "units": units,
        "one": re.compile(
            rf"\s+(?:a|an|one)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_alt(raw['person'])})\b", re.I
        ),
    }


def _term(text: str, pos: int, rules: dict) -> TypedDate | None:
    """The prison term right after a sentencing cue, as an xsd:duration ("P19Y7M")."""
    m = rules["term"].match(text, pos)
    if m is None:
        return None
    parts: dict[str, int] = {}
    for n, u in (("n1", "u1"), ("n2", "u2")):
        if m.group(n) is None:
            continue
        q = find_quantities(m.group(n))
        if not q or q[0].unit:
            return None
        code = rules["units"][m.group(u).lower()]
        parts[code] = parts.get(code, 0) + int(q[0].value)
    if not parts:
        return None
    return TypedDate("P" + "".join(f"{parts[c]}{c}" for c in "YM" if c in parts), "duration")


def _count(text: str, quants: list[Quantity], lo: int, cue, rules: dict) -> int | None:
    """How many defendants: "eight defendants were charged", "5 extradited", "charges eight"."""
    for q in reversed(quants):
        if q.unit or q.year_like or q.start < lo or q.end > cue.start():
            continue
        if lo and re.fullmatch(r"\s+(?:[\w-]+\s+)?", text[lo : q.start]):
            break  # "prosecuted 97 traffickers and convicted 41": 97 is the first verb's
        between = text[q.end : cue.start()]
        m = rules["defendants"].match(text, q.end)
        if re.fullmatch(r"\s*(?:(?:were|was|have been|has been|had been|been)\s+)?", between):
            return int(q.value)  # "5 extradited", "27 were prosecuted"
        if m and len(between) < 220 and not re.search(r"[;:]", between):
            return int(q.value)
        break
    if rules["one"].match(text, cue.end()):
        return 1  # "arrested a 45-year-old man"
    for q in quants:
        if q.start >= cue.end() and not q.unit and not q.year_like:
            gap = text[cue.end() : q.start]
            if re.fullmatch(r"\s+(?:(?:a|an|the|some|at least)\s+)?", gap) and (
                rules["defendants"].match(text, q.end)
                or re.match(r"\s*(?:[,;.)]|$|and\b|in\b)", text[q.end :])
            ):
                return int(q.value)  # "charges eight defendants", "convicted 41, ..."
            break
    return None


_COMPARED = re.compile(r"\b(?:compared (?:with|to)|up from|down from|versus|against)\b", re.I)


def _date(text: str, dates, cue, nxt: int) -> TypedDate | None:
    """The date of the event: the first after its cue (before the next cue and any
    comparison: "convicted 41 in 2022, compared with 35 in 2021"), else the last before."""
    for d in dates:
        if cue.end() <= d.start < nxt:
            if _COMPARED.search(text, cue.end(), d.start):
                break
            return date_lit(d)
    before = [d for d in dates if d.end <= cue.start()]
    if before:
        return date_lit(before[-1])
    after = [d for d in dates if d.start >= cue.end()]
    return (
        date_lit(after[0])
        if after and not _COMPARED.search(text, cue.end(), after[0].start)
        else None
    )


_OFFICIAL_BEFORE = re.compile(
    r"\b(?:before|by|said|says|according\s+to|[Jj]udge|[Pp]rosecutor|[Aa]ttorney|[Mm]inister|"
    r"[Dd]irector|[Cc]hief|[Oo]fficer|[Aa]gent|[Ss]pokes(?:man|woman|person))\s+(?:[A-Z][\w.]*\s+){0,4}$"
)
_PRONOUN = re.compile(
    r"(?:^|[;,]\s*|\band\s+|\bwhere\s+)(?P<p>[Hh]e|[Ss]he|[Tt]hey)\s+(?:\w+\s+){0,3}$"
)


def _pronoun_defendants(ctx: RuleCall, sa: SentenceAnalysis, before: str) -> list[Entity]:
    """ "He was charged": the defendants of the last judicial fact of the sentence before
    (one for "he"/"she", several for "they"), when it is in the same paragraph."""
    m = _PRONOUN.search(before)
    if m is None:
        return []
    here = sa.sentence
    for f in itertools.chain(reversed(ctx.sentence_facts), reversed(ctx.discourse.history)):
        if f.sentence.index < here.index - 1 or f.sentence.paragraph != here.paragraph:
            break
        found = [d for d in f.props.get("defendant", []) if isinstance(d, Entity)]
        if found:
            single = m.group("p").lower() in ("he", "she")
            return found if (len(found) == 1) == single else []
    return []


def _place(sa: SentenceAnalysis, preps: dict[int, str], lo: int, hi: int, words) -> Entity | None:
    """The first place between ``lo`` and ``hi`` governed by one of ``words``."""
    for i, pm in enumerate(sa.places):
        if lo <= pm.start < hi and preps.get(i) in words and not inside_actor(sa, pm):
            return pm.entity
    return None


def judicial(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Legal-proceeding events of one sentence (after the operations family's arrests).

    The people named as arrested in a sentence whose arrest the operations
    family read (``view.earlier``) are added to that arrest as its defendants:
    one arrest per sentence.

    Parameters
    ----------
    view : SentenceView
    discourse : Discourse
        "He was charged": the defendants of the sentence before (``discourse.history``).

    Returns
    -------
    list of Fact
    """
    ctx = RuleCall(view, discourse)
    _judicial(ctx, view.sa, view.quants, view.dates, view.preps)
    return ctx.out


def _judicial(
    ctx: RuleCall, sa: SentenceAnalysis, quants: list[Quantity], dates, preps
) -> list[Fact]:
    text = sa.text
    rules = _rules()
    cues = [
        m
        for m in rules["cue"].finditer(text)
        if not rules["not_before"].search(text, max(0, m.start() - 20), m.start())
    ]
    if not cues:
        return []
    arrest = next((f for f in ctx.view.earlier if "Arrest" in f.types), None)
    people = [
        a
        for a in sa.actors
        if a.entity.types[0] == "Person"
        and not a.entity.props.get("roleTitle")
        and not _OFFICIAL_BEFORE.search(text, max(0, a.start - 40), a.start)
    ]  # (a judge, a prosecutor or a minister named in the sentence is no defendant)
    agents = [a.entity for a in sa.actors if a.entity.types[0] in _AGENT_TYPES]
    out: list[Fact] = []
    prev_end = 0
    conf = sentence_confidence(sa, 0.8)
    shared: tuple[list[Entity], int | None] = ([], None)  # of the previous cue
    for i, cue in enumerate(cues):
        if cue.group("who"):  # "found NAME, 52, guilty"
            kind = "Acquittal" if cue.group("neg") else "Conviction"
        else:
            kind = rules["kinds"][" ".join(cue.group("cue").lower().split())]
        lo, nxt = prev_end, cues[i + 1].start() if i + 1 < len(cues) else len(text)
        joined = i > 0 and (
            re.fullmatch(r",?\s+and\s+(?:then\s+)?", text[prev_end : cue.start()])
            or cue.group("cue").lower().startswith(("their ", "his ", "her "))
        )  # "convicted and jailed", "were arraigned ... following their extradition"
        prev_end = cue.end()
        if hedged(text, cue.start()) or re.search(r"\ballegedly\s+$", text[: cue.start()]):
            continue
        if kind == "Charge" and (
            rules["price_after"].match(text, cue.end())
            or any(q.unit and 0 <= q.start - cue.end() < 25 for q in quants)
        ):
            continue  # "charged EUR 2 800 per person": a price
        if kind == "Charge" and cue.group("cue").lower() == "charges":
            if not re.match(
                r"\s+(?:\w+\s+)?(?:\d|[A-Z]|him\b|her\b|them\b)", text[cue.end() :]
            ) and not any(0 < q.start - cue.end() <= 2 for q in quants):
                continue  # the noun ("on charges of"), not the verb ("charges eight defendants")
        named = [p.entity for p in people if cue.start("who") <= p.start < cue.end("who")]
        defendants = named or [p.entity for p in people if lo <= p.start < cue.start()]
        if joined and not defendants:
            defendants = shared[0]  # "convicted and jailed": the same defendants
        if not defendants:
            defendants = _pronoun_defendants(ctx, sa, text[lo : cue.start()])
        if not defendants:
            after = [p for p in people if cue.end() <= p.start < nxt]
            if after and re.fullmatch(r"\s+(?:\w+\s+){0,2}?", text[cue.end() : after[0].start]):
                defendants = [after[0].entity]
        count = _count(text, quants, lo, cue, rules) or (shared[1] if joined else None)
        shared = (defendants, count)
        if kind == "Arrest" and arrest is not None:
            for d in defendants:  # the operations family's arrest: one arrest per sentence
                arrest.add("defendant", d)
            continue
        term = _term(text, cue.end(), rules) if kind == "Sentencing" else None
        where = _place(sa, preps, cue.end(), nxt, IN_WORDS) or _place(
            sa, preps, clause_start(text, cue.start()), cue.start(), IN_WORDS
        )
        noun = cue.group("cue").lower().startswith("arrests")  # "the arrests took place in X"
        someone = cue.group("who") and rules["defendants"].match(" " + cue.group("who"))
        if not (
            defendants
            or count
            or term
            or someone
            or (agents and kind != "Arrest")
            or (noun and where)
        ):
            continue
        f = new_fact(ctx, sa, [kind], kind, cue.start(), confidence=conf)
        for d in defendants:
            f.add("defendant", d)
        f.add("count", count)
        for a in agents:
            f.add("agent", a)
        if kind == "Extradition":
            f.add("origin", _place(sa, preps, cue.start(), nxt, ORIGIN_WORDS))
            f.add("destination", _place(sa, preps, cue.start(), nxt, {"to", "into"}))
        else:
            f.add("location", where)
        f.add("sentenceTerm", term)
        f.add("date", _date(text, point_dates(dates), cue, nxt))
        out.append(f)
    return out
