"""Country narratives: flows of victims and migrants between countries.

Government country narratives (the US State Department's Trafficking in
Persons report and texts written like it) state where a country's people are
exploited and where its victims come from in a few fixed constructions:

- nationals abroad: "Paraguayan women are exploited in sex trafficking in
  Argentina, Spain and Italy", "traffickers exploit Nepali women in India",
  "Cambodian victims were identified in Malaysia and Fiji" -- one flow from the
  nationality's country to each listed place ("within the country" or the home
  country itself is domestic exploitation, not a flow);
- victims coming in: "women from countries including Bolivia, Peru and Brazil
  are exploited in Paraguay", "workers from South and Southeast Asia ... come to
  work in the country" -- one flow from each listed origin to the place named,
  or to the narrative's country when the clause says "the country";
- transit: "migrants transit Albania to reach Western Europe".

Narratives chain clauses with semicolons; each clause is read on its own (a
clause with no subject of its own, "...; in Kosovo and Greece; and in other
countries", continues the one before). Places never come from another clause
or sentence. Hedged and negated clauses give nothing. The cue words are data:
``graph/extract/data/narrative_cues.yaml``.

Examples
--------
>>> from graph.extract import extract_text
>>> g = extract_text("Paraguayan women are exploited in sex trafficking in Argentina and Spain.",
...                  report_id="demo")
>>> q = '''PREFIX tkg: <https://w3id.org/tkg/ontology#>
... SELECT ?d WHERE { ?f tkg:origin/tkg:isoCode "PY" ; tkg:destination/tkg:isoCode ?d }'''
>>> sorted(str(r.d) for r in g.query(q))
['AR', 'ES']
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, EntityMention, SentenceAnalysis
from graph.extract.frames.base import (
    LIST_GAP,
    Concept,
    Fact,
    RuleCall,
    SentenceView,
    exploitation_types,
    find_exploitation,
    hedged,
    new_fact,
    sentence_confidence,
)

__all__ = [
    "narrative_flows",
    "close_narrative_flows",
    "cues",
    "narrative_exploitation",
    "clauses",
    "listed_origins",
]

_DATA = Path(__file__).resolve().parent.parent / "data" / "narrative_cues.yaml"


@functools.cache
def cues() -> dict:
    """Return the narrative cue lists (``data/narrative_cues.yaml``), read once.

    Examples
    --------
    >>> "subjected to" in cues()["after_group"]["exploit"]
    True
    """
    import yaml

    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


def _alt(words) -> str:
    """A regex alternation of phrases (longest first; a space matches any whitespace)."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)
    )


def _firsts(words) -> str:
    """The first letters of phrases, both cases (for a cheap lookahead)."""
    return "".join(sorted({w[0].lower() for w in words} | {w[0].upper() for w in words}))


# a list item the gazetteer does not know ("in Kosovo, Greece and Italy" with no
# entry for the first): a capitalised name and its list separator
_UNKNOWN_ITEM = (
    r"[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?"
)


_COMPASS = (
    r"(?:North|South|East|West|Central|Southeast|Southeastern|Northeast|Southwest|Northwest|"
    r"Northern|Southern|Eastern|Western)"
)


@functools.cache
def _rx() -> dict[str, re.Pattern]:
    c = cues()
    ag = c["after_group"]
    after = ag["exploit"] + ag["found"] + ag["work"] + ag["move"]
    before = c["before_group"]["exploit"] + c["before_group"]["move"]
    adj = _alt(c["place_adjectives"])
    return {
        # after a group: "(are|were ...) (reportedly ...) subjected to", "work", ...
        "after": re.compile(
            rf"(?=[{_firsts(after)}])(?P<cue>\b(?:{_alt(after)}))\b",
            re.I,
        ),
        # before a group: "traffickers exploit (some) <group>"
        "before": re.compile(
            rf"\b(?P<cue>(?:{_alt(before)})\w*)\s+(?:(?:some|many|other|young|these|"
            rf"(?:hundreds|thousands|dozens|scores)\s+of|[\d,]+)\s+)?$",
            re.I,
        ),
        "via": re.compile(r"\b(?:via|through|transiting)\s+(?:the\s+)?$", re.I),
        "verb_before": re.compile(rf"\b(?P<cue>(?:{_alt(before)})\w*)\s", re.I),
        "people_after": re.compile(
            rf"\s+(?:(?:[a-z-]+|and|or)(?:\s*,)?\s+){{0,3}}?(?P<noun>{_alt(c['people_nouns'] + ['adults'])})\b",
        ),
        "people": re.compile(
            rf"(?=[{_firsts(c['people_nouns'])}])\b(?:{_alt(c['people_nouns'])})\b", re.I
        ),
        "exploit_after": re.compile(rf"^(?:{_alt(c['after_group']['exploit'])})\b", re.I),
        "move_after": re.compile(rf"^(?:{_alt(c['after_group']['move'])})\b", re.I),
        "found_after": re.compile(rf"^(?:{_alt(c['after_group']['found'])})\b", re.I),
        "victim_words": re.compile(r"\bvictims?\b|\btraffick|\bexploit", re.I),
        "exploit_word": re.compile(rf"\b(?:{_alt(c['after_group']['exploit'])})\b", re.I),
        "exploit_before": re.compile(rf"^(?:{_alt(c['before_group']['exploit'])})", re.I),
        # the preposition governing a place: "in", "to", "in bordering", "to the"
        "dest_prep": re.compile(
            rf"\b(?:in|to|into|within|throughout|across|inside)\s+(?:the\s+)?(?:(?:{adj})\s+){{0,2}}"
            rf"(?:{_UNKNOWN_ITEM}){{0,2}}$",
            re.I,
        ),
        "from_list": re.compile(
            rf"\b(?:{_alt(c['people_nouns'])})\s+(?:[\w-]+\s+){{0,2}}?from\s+"
            rf"(?:(?:{_alt(c['list_openers'])})\s+)?(?:the\s+)?(?:{_COMPASS}\s+(?:and|or)\s+)?$",
            re.I,
        ),
        "people_from": re.compile(
            rf"\b(?:{_alt(c['people_nouns'])})\s+(?:[\w-]+\s+){{0,2}}?from\s", re.I
        ),
        "onward": re.compile(
            rf"^\s*,?\s*(?:(?:[\w-]+\s+){{0,3}}?)(?:{_alt(c['onward'])}|to)\s+(?:the\s+)?$",
            re.I,
        ),
        "transit_verb": re.compile(
            r"\btransit(?:s|ed|ing)?\s+(?:through\s+)?(?:the\s+)?$|"
            r"\bpass(?:es|ed|ing)?\s+through\s+(?:the\s+)?$",
            re.I,
        ),
        "the_country": re.compile(r"\b(?:the|this)\s+country(?:'s|’s)?\b", re.I),
        "within_country": re.compile(r"\b(?:in|within|inside|throughout)\s+the\s+country\b", re.I),
        "countries": re.compile(r"\s+(?:countries|states|nations)\b", re.I),
        "in_first": re.compile(r"^\s*(?:and\s+)?[Ii]n\s+(?:the\s+)?$"),
        # an elided region: "South and Southeast Asia" (South Asia and Southeast Asia)
        "elided": re.compile(rf"\b(?P<w>{_COMPASS})\s+(?:and|or)\s+$"),
    }


@functools.cache
def narrative_exploitation() -> list[tuple[re.Pattern, str]]:
    """Return (pattern, ExploitationType local name) for the narratives' extra phrases.

    Examples
    --------
    >>> [n for rx, n in narrative_exploitation() if rx.search("forced to marry")][:1]
    ['ForcedMarriage']
    """
    out = []
    for name, phrases in cues()["exploitation"].items():
        out.append((re.compile(rf"\b(?:{_alt(phrases)})\b", re.I), name))
    return out


def _exploitation(text: str) -> list[str]:
    """Exploitation types named in a clause (negated phrases left out)."""
    found = []
    for name in find_exploitation(text):  # (the shared phrases, then the narratives' own)
        if any(n == name and _said(text, rx) for rx, n in exploitation_types()):
            found.append(name)
    for rx, name in narrative_exploitation():
        if name not in found and _said(text, rx):
            found.append(name)
    return found


def _said(text: str, rx: re.Pattern) -> bool:
    """Whether a phrase occurs in a clause that is neither negated nor hypothetical."""
    return any(not hedged(text, m.start()) for m in rx.finditer(text))


_CONTINUES = re.compile(
    r"\s*(?:and\s+|or\s+|as well as\s+)?(?:(?:primarily|mostly|mainly|also|particularly)\s+)?"
    r"(?:in|to|into|within|throughout|across|from|through|via)\b",
    re.I,
)


def clauses(text: str) -> list[tuple[int, int]]:
    """Split a sentence at semicolons into clauses (offsets).

    A part that starts with a preposition has no subject of its own and
    continues the clause before it.

    Examples
    --------
    >>> s = "A is here; in B and C; and in D; E is there."
    >>> [s[a:b].strip() for a, b in clauses(s)]
    ['A is here; in B and C; and in D', 'E is there.']
    """
    out: list[tuple[int, int]] = []
    start = 0
    semi = text.find(";")
    while semi >= 0:
        out.append((start, semi))
        start = semi + 1
        semi = text.find(";", start)
    out.append((start, len(text)))
    merged: list[tuple[int, int]] = []
    for lo, hi in out:
        if merged and _CONTINUES.match(text, lo):
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _governed(sa: SentenceAnalysis, lo: int, hi: int, rx: re.Pattern) -> list[EntityMention]:
    """Place mentions in ``[lo, hi)`` governed by ``rx`` (lists inherit it)."""
    text = sa.text
    out: list[EntityMention] = []
    prev: EntityMention | None = None
    prev_ok = False
    for pm in sa.places:
        if not (lo <= pm.start < hi):
            continue
        ok = rx.search(text, max(lo, pm.start - 40), pm.start) is not None
        if not ok and prev is not None and prev_ok:
            ok = _list_gap(text[prev.end : pm.start]) or bool(
                _INCLUDING.fullmatch(text, prev.end, pm.start)
            )
        if ok and not re.match(r"['’]s\b", text[pm.end : pm.end + 2]):
            out.append(pm)
        prev, prev_ok = pm, ok
    return out


_RECRUITED_IN = re.compile(
    r"\b(?:recruited|lured|kidnapped|abducted|born|residing)\s+(?:[\w-]+\s+)?in\s+"
    r"(?:the\s+)?$",
    re.I,
)
_FOREIGN = re.compile(r"\bforeign\b", re.I)
_TRAFFICKERS = re.compile(r"\btraffickers\b", re.I)
# "in the Middle East, including (in) Saudi Arabia": the places a region is said to hold
_INCLUDING = re.compile(
    r"\s*,?\s*(?:and\s+)?(?:including|such\s+as|especially|particularly|notably|mainly|mostly|"
    r"primarily)\s+(?:in\s+|to\s+)?(?:the\s+)?",
    re.I,
)
_LESSER = re.compile(
    r"\s*,?\s*(?:and\s+)?[–—-]*\s*to\s+a\s+(?:much\s+)?(?:lesser|greater)\s+extent\s*[–—-]*,?\s*",
    re.I,
)


def _list_gap(gap: str) -> bool:
    return bool(LIST_GAP.fullmatch(gap) or _LESSER.fullmatch(gap))


def _origins_of(sa: SentenceAnalysis, g: EntityMention) -> list[Entity]:
    """The countries or regions of a group's demonyms ("Nepali men" -> Nepal)."""
    off = sa.sentence.start
    out = []
    for dm, ent in sa.demonyms:
        if g.start <= dm.start - off < g.end and ent.types[0] in ("Country", "Region"):
            if ent not in out:
                out.append(ent)
    return out


_OTHER_AFTER = re.compile(
    r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:in\s+)?(?:other|several|various|many|some)\s+$",
    re.I,
)


def _region_countries(sa: SentenceAnalysis, lo: int, hi: int, governed: tuple = ()) -> list[Entity]:
    """Regions named by a demonym and "countries" ("in other European countries", "to Gulf
    states") governed by a preposition of place in ``[lo, hi)``."""
    off = sa.sentence.start
    out = []
    rx = _rx()
    for dm, ent in sa.demonyms:
        s, e = dm.start - off, dm.end - off
        if not (lo <= s < hi) or ent.types[0] != "Region":
            continue
        if not rx["countries"].match(sa.text, e):
            continue
        if rx["dest_prep"].search(sa.text, max(lo, s - 40), s):
            out.append(ent)
            continue
        m = _OTHER_AFTER.search(sa.text, max(lo, s - 30), s)  # "Greece, and other European"
        if m and any(
            pm.end == m.start()
            and rx["dest_prep"].search(sa.text, max(lo, pm.start - 40), pm.start)
            or pm.end == m.start()
            and pm.entity in governed
            for pm in sa.places
        ):
            out.append(ent)
    return out


def _demonym_start(sa: SentenceAnalysis, g: EntityMention) -> int:
    """Where a group's first demonym starts (the group's start if it has none)."""
    off = sa.sentence.start
    starts = [dm.start - off for dm, _ in sa.demonyms if g.start <= dm.start - off < g.end]
    return min(starts, default=g.start)


def _home(place: Entity, homes: list[Entity]) -> bool:
    return any(
        place == h or _contains(h.iri, place.iri) or _contains(place.iri, h.iri) for h in homes
    )


def _perps(sa: SentenceAnalysis, lo: int, hi: int) -> list[Entity]:
    """Criminal groups named in a clause (the traffickers of its flows)."""
    return [
        a.entity for a in sa.actors if lo <= a.start < hi and a.entity.types[0] == "CriminalGroup"
    ]


@functools.lru_cache(maxsize=4096)
def _contains(outer: str, inner: str) -> bool:
    """``ontology.places.contains`` by IRI, cached (asked for the same pairs again and again)."""
    from ontology import places

    return places.contains(outer, inner)


def _within(outer: Entity, place: Entity) -> bool:
    return _contains(outer.iri, place.iri)


def _inside(origin: Entity, dest: Entity) -> bool:
    """Whether a flow origin -> dest stays inside one place (a region may hold its destination:
    "workers from the Middle East in Qatar")."""
    return _contains(dest.iri, origin.iri) or (
        origin.types[0] != "Region" and _contains(origin.iri, dest.iri)
    )


def _flow(
    ctx,
    sa,
    origin: Entity | list[Entity],
    dests: list[Entity],
    group,
    types,
    exploit: bool,
    pos: int,
    home=(),
    perps=(),
    transit=(),
):
    """One flow from ``origin`` to its destinations (a TraffickingActivity when exploitation
    is said); places at home (``home``) are the flow's locations."""
    origins = origin if isinstance(origin, list) else [origin]
    dests = [
        d
        for d in dests
        if not all(
            any(
                o in f.props.get("origin", ()) and d in f.props.get("destination", ())
                for f in ctx.sentence_facts
            )
            for o in origins
        )
    ]
    if not dests:
        return None
    kind = "TraffickingActivity" if (exploit or types) else "MigrationFlow"
    f = new_fact(
        ctx,
        sa,
        [kind],
        kind,
        "narrative",
        pos,
        *(o.iri for o in origins),
        *(d.iri for d in dests),
        confidence=sentence_confidence(sa, 0.8),
    )
    for o in origins:
        f.add("origin", o)
    for d in dests:
        f.add("destination", d)
    for d in home:
        f.add("location", d)
    for t in transit:
        if t not in origins and t not in dests:
            f.add("transit", t)
    f.told = True
    if kind == "TraffickingActivity":
        for t in types:
            f.add("exploitationType", Concept(t))
        for p in perps:
            f.add("perpetrator", p)
    if group is not None and group.entity is not None:
        ent = group.entity
        if kind == "TraffickingActivity" and ent.types[0] != "VictimGroup":
            ent.types.insert(0, "VictimGroup")
        f.add("victim" if kind == "TraffickingActivity" else "participant", ent)
    return f


def _nationals_abroad(ctx: RuleCall, sa: SentenceAnalysis, lo: int, hi: int) -> None:
    """ "<Nationality> women are exploited in A, B and C": a flow per place."""
    text = sa.text
    rx = _rx()
    groups = _subjects(sa, lo, hi)
    for gi, g in enumerate(groups):
        homes = _origins_of(sa, g)
        head = _demonym_start(sa, g)  # ("identified Cambodian victims": the verb is inside)
        m = rx["before"].search(text, max(lo, g.start - 40), head)
        if m:
            cue_pos, scope_lo = m.start("cue"), g.end
            exploit = rx["exploit_before"].match(m.group("cue")) is not None or bool(
                _TRAFFICKERS.search(text, lo, cue_pos)  # "traffickers transport ... women"
            )
        else:
            m = rx["after"].search(text, g.end, min(hi, g.end + 90))
            if m is None or re.search(r"[.;:]", text[g.end : m.start()]):
                continue
            cue_pos, scope_lo = m.start("cue"), m.end()
            exploit = rx["exploit_after"].match(m.group("cue")) is not None
            if rx["found_after"].match(m.group("cue")):  # "victims were identified in X"
                exploit = bool(rx["victim_words"].search(text, lo, hi))
                if not exploit and ctx.discourse.narrative is None:
                    continue
            if rx["move_after"].match(m.group("cue")) and ctx.discourse.narrative is None:
                continue  # (people moving, outside a country narrative: journeys.py reads them)
        if not exploit and ctx.discourse.narrative is None and m.re is rx["before"]:
            continue
        if hedged(text, cue_pos):
            continue
        scope_hi = hi
        for g2 in groups[gi + 1 :]:
            if g2.start > scope_lo and _is_subject(text, g2, hi):
                scope_hi = g2.start
                break
        dests = [
            pm.entity
            for pm in _governed(sa, scope_lo, scope_hi, rx["dest_prep"])
            if pm.entity.types[0] in ("Country", "Region", "City")
        ]
        others = _region_countries(sa, scope_lo, scope_hi, tuple(dests))  # "other European ..."
        dests += others
        # "In Algeria, Nigerien children were forced to beg": a place fronting the clause
        for pm in sa.places:
            if lo <= pm.start < g.start and rx["in_first"].fullmatch(text, lo, pm.start):
                if re.match(r"\s*,", text[pm.end : pm.end + 3]):
                    dests.insert(0, pm.entity)
        types = _exploitation(text[lo:scope_hi])
        exploit = exploit or any(
            not hedged(text, w.start())
            for w in rx["exploit_word"].finditer(text, scope_lo, scope_hi)
        )
        via = [  # "... via Libya to Italy"
            pm.entity
            for pm in _governed(sa, scope_lo, scope_hi, rx["via"])
            if pm.entity.types[0] in ("Country", "Region", "City") and not _home(pm.entity, homes)
        ]
        if (
            not dests
            and ctx.discourse.narrative is not None
            and rx["within_country"].search(text, scope_lo, scope_hi)
        ):
            dests = [ctx.discourse.narrative]  # "Chinese women are exploited in the country"
        dests = [d for d in dict.fromkeys(dests) if d.types[0] != "SeaArea"]
        abroad = [d for d in dests if not _home(d, homes) or (d in others and d not in homes)]
        at_home = [d for d in dests if d in homes or any(_within(h, d) for h in homes)]
        for h in homes:  # one flow per origin, to every place listed
            _flow(ctx, sa, h, abroad, g, types, exploit, cue_pos, at_home, _perps(sa, lo, hi), via)


def _subjects(sa: SentenceAnalysis, lo: int, hi: int) -> list[EntityMention]:
    """Groups of nationals in ``[lo, hi)``: person groups with a demonym, and
    "<demonym> adults and children" the group finder left out (entity None)."""
    out = [g for g in sa.groups if lo <= g.start < hi and _origins_of(sa, g)]
    off = sa.sentence.start
    rx = _rx()["people_after"]
    for dm, _ent in sa.demonyms:
        s = dm.start - off
        if not (lo <= s < hi) or dm.plural or any(g.start <= s < g.end for g in out):
            continue
        m = rx.match(sa.text, dm.end - off)
        if m:
            out.append(EntityMention(s, m.end(), None, sa.text[s : m.end()]))  # type: ignore[arg-type]
    return sorted(out, key=lambda g: g.start)


def _is_subject(text: str, g: EntityMention, hi: int) -> bool:
    """Whether a group is followed by its own verb (a new subject)."""
    m = _rx()["after"].search(text, g.end, min(hi, g.end + 40))
    return m is not None and not re.search(r"[,.;:]", text[g.end : m.start()])


def listed_origins(
    ctx: RuleCall, sa: SentenceAnalysis, lo: int, hi: int
) -> tuple[list[EntityMention], list[Entity]]:
    """The list of places people come from in ``[lo, hi)`` ("women from A, B and C",
    "workers from South and Southeast Asia": both regions): mentions and entities."""
    text = sa.text
    if "from" not in text[lo:hi].lower():
        return [], []
    rx = _rx()
    if not rx["people_from"].search(text, lo, hi):
        return [], []  # (cheap test first: no "<people> ... from")
    origins = _governed(sa, lo, hi, rx["from_list"])
    if not origins:
        return [], []
    first = origins[0]
    places = [pm.entity for pm in origins if pm.entity.types[0] in ("Country", "Region")]
    m = rx["elided"].search(text, max(lo, first.start - 20), first.start)
    if m and first.entity.types[0] == "Region":
        from ontology import places as gaz

        surface = f"{m.group('w')} {first.text.split()[-1]}"
        p = gaz.lookup(surface)
        if p is not None and p.iri != first.entity.iri:
            ent = ctx.reg.place(p.iri, surface)
            if ent is not None:
                places.insert(0, ent)
    return origins, places


def _victims_from(ctx: RuleCall, sa: SentenceAnalysis, lo: int, hi: int) -> None:
    """ "Victims from A, B and C are exploited in X": a flow per origin."""
    text = sa.text
    rx = _rx()
    origins, places = listed_origins(ctx, sa, lo, hi)
    if not places:
        return
    first = origins[0]
    end = origins[-1].end
    cue = rx["after"].search(text, end, hi)
    if cue is not None:
        exploit = rx["exploit_after"].match(cue.group("cue")) is not None
        if rx["found_after"].match(cue.group("cue")):
            exploit = bool(rx["victim_words"].search(text, lo, hi))
            if not exploit and ctx.discourse.narrative is None:
                return
        if rx["move_after"].match(cue.group("cue")) and ctx.discourse.narrative is None:
            return  # (people moving, outside a country narrative: journeys.py reads them)
    else:  # "traffickers exploit foreign victims from A and B in X"
        cue = rx["verb_before"].search(text, max(lo, first.start - 70), first.start)
        if cue is None or re.search(r"[,;:]", text[cue.end() : first.start]):
            return
        exploit = rx["exploit_before"].match(cue.group("cue")) is not None
        if not exploit and ctx.discourse.narrative is None:
            return  # (people moved, outside a country narrative: journeys.py reads them)
    if hedged(text, cue.start()):
        return
    cue_end = max(cue.end(), end)
    dests, via = [], []
    for pm in _governed(sa, cue_end, hi, rx["dest_prep"]):
        if pm.entity.types[0] in ("Country", "Region", "City") and pm.entity not in places:
            # "women from A are recruited in B for marriages in C": B is on the way
            picked = _RECRUITED_IN.search(text, max(lo, pm.start - 40), pm.start)
            (via if picked else dests).append(pm.entity)
    if not dests and ctx.discourse.narrative is not None and rx["the_country"].search(text, lo, hi):
        dests = [ctx.discourse.narrative]
    if not dests:
        return
    group = next((g for g in sa.groups if lo <= g.start < first.start), None)
    types = _exploitation(text[lo:hi])
    os_ = [o for o in places if not any(_inside(o, d) for d in dests)]
    ds = [d for d in dests if not any(_inside(o, d) for o in places)]
    if os_ and ds:  # one flow: every origin listed to every place listed
        _flow(ctx, sa, os_, ds, group, types, exploit, cue.start(), (), _perps(sa, lo, hi), via)


def _transit(ctx: RuleCall, sa: SentenceAnalysis, lo: int, hi: int) -> None:
    """ "Migrants transit X to reach Y": X a transit, Y the destination."""
    text = sa.text
    rx = _rx()
    low = text[lo:hi].lower()
    if "transit" not in low and "pass" not in low:
        return
    for i, pm in enumerate(sa.places):
        if not (lo <= pm.start < hi) or pm.entity.types[0] not in ("Country", "Region"):
            continue
        verb = rx["transit_verb"].search(text, max(lo, pm.start - 30), pm.start)
        if verb is None or hedged(text, verb.start()):
            continue
        dests = []
        prev = None
        for pm2 in sa.places[i + 1 :]:
            if pm2.start >= hi:
                break
            if prev is None:
                if not rx["onward"].match(text[pm.end : pm2.start]):
                    break
            elif not _list_gap(text[prev.end : pm2.start]):
                break
            dests.append(pm2.entity)
            prev = pm2
        if not dests:
            continue
        group = next((g for g in sa.groups if lo <= g.start < verb.start()), None)
        origins = _origins_of(sa, group) if group is not None else []
        origins += [  # "migrants from A and B transit X"
            o.entity
            for o in _governed(sa, lo, verb.start(), rx["from_list"])
            if o.entity not in origins
        ]
        kind = "MigrationFlow"
        for d in dests:
            f = new_fact(
                ctx,
                sa,
                [kind],
                kind,
                "transit",
                pm.start,
                pm.entity.iri,
                d.iri,
                confidence=sentence_confidence(sa, 0.75),
            )
            f.add("transit", pm.entity)
            f.add("destination", d)
            for o in origins:
                if not _home(o, [pm.entity, d]):
                    f.add("origin", o)
            if group is not None:
                f.add("participant", group.entity)


_HINT = re.compile(r"\bfrom\b|transit|pass", re.I)


def narrative_flows(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Flows of a country narrative's sentence (nationals abroad, victims coming in, transit).

    Parameters
    ----------
    view : SentenceView
        The sentence (the narrative constructions read their own prepositions).
    discourse : Discourse
        ``discourse.narrative``: the country the narrative is about.

    Returns
    -------
    list of Fact
    """
    ctx = RuleCall(view, discourse)
    _narrative_flows(ctx, view.sa)
    return ctx.out


def _narrative_flows(ctx: RuleCall, sa: SentenceAnalysis) -> None:
    the_country = ctx.discourse.narrative is not None and "the country" in sa.text
    if not sa.places and not the_country:
        return
    source = _source_narrative(ctx)
    if not (sa.demonyms or source is not None or _HINT.search(sa.text)):
        return
    made: list = []
    for lo, hi in clauses(sa.text):
        if made and _THEY.match(sa.text, lo):
            _they_are_exploited(ctx, sa, lo, hi, made)
        if not the_country and not any(lo <= pm.start < hi for pm in sa.places):
            made = []
            continue  # (a clause naming no place gives no flow)
        first = len(ctx.out)
        if sa.demonyms:
            _nationals_abroad(ctx, sa, lo, hi)
        _victims_from(ctx, sa, lo, hi)
        if ctx.discourse.narrative is not None:  # (in other texts journeys.py reads transits)
            _transit(ctx, sa, lo, hi)
        if source is not None and len(ctx.out) == first:
            _unnamed_abroad(ctx, sa, lo, hi, source)
        made = [f for f in ctx.out[first:] if f.told]


# "...; many are subjected to forced labor": a clause about the people of the one before
_THEY = re.compile(
    r"\s*(?:many|some|most|others|they|these\s+\w+|(?:many|some|most)\s+of\s+them)\s+"
    r"(?:\w+\s+)?(?:are|were|have\s+been|become|became|face|experience|endure)\b",
    re.I,
)


def _they_are_exploited(ctx, sa: SentenceAnalysis, lo: int, hi: int, flows: list) -> None:
    """Give the flows of the clause before the exploitation an anaphoric clause names."""
    types = _exploitation(sa.text[lo:hi])
    if not types:
        return
    for f in flows:
        for t in types:
            f.add("exploitationType", Concept(t))
        if f.types[0] == "MigrationFlow":  # (the people moved are victims after all)
            f.types[0] = "TraffickingActivity"
            for g in f.props.pop("participant", []):
                if g.types[0] != "VictimGroup":
                    g.types.insert(0, "VictimGroup")
                f.add("victim", g)


def close_narrative_flows(facts: list[Fact]) -> None:
    """Keep the narrative flows of the sentence as their rules read them.

    A list of origins gives one flow each; a rule run later that sees the other
    origins of the list must not make them transits of this flow. Transit places
    the sentence names in other ways ("through India") are kept.
    """
    told = [f for f in facts if f.told]
    if not told:
        return
    ends = {e for f in told for p in ("origin", "destination") for e in f.props.get(p, ())}
    for f in told:
        t = [e for e in f.props.get("transit", ()) if e not in ends]
        if t:
            f.props["transit"] = t
        else:
            f.props.pop("transit", None)


def _source_narrative(ctx: RuleCall) -> Entity | None:
    """The narrative's country when the narrative made it a source country."""
    n = ctx.discourse.narrative
    if n is not None and Concept("SourceCountry") in n.props.get("countryRole", ()):
        return n
    return None


def _unnamed_abroad(ctx: RuleCall, sa: SentenceAnalysis, lo: int, hi: int, home: Entity) -> None:
    """In a source country's narrative, people of no named origin sent or exploited abroad
    come from that country: "women from rural areas are recruited to travel to China"."""
    text = sa.text
    rx = _rx()
    if not any(lo <= pm.start < hi for pm in sa.places):
        return
    m = rx["people"].search(text, lo, hi)
    if m is None or _FOREIGN.search(text, lo, hi):
        return
    cue = rx["after"].search(text, m.end(), min(hi, m.end() + 90))
    if cue is None or "." in text[m.end() : cue.start()] or ":" in text[m.end() : cue.start()]:
        return
    dests = [
        pm.entity
        for pm in _governed(sa, cue.end(), hi, rx["dest_prep"])
        if pm.entity.types[0] in ("Country", "Region") and not _home(pm.entity, [home])
    ]
    if not dests:
        return
    if any(lo <= pm.start < hi and _is_from(text, pm.start) for pm in sa.places):
        return  # the clause names an origin of its own
    if hedged(text, cue.start()):
        return
    group = next((g for g in sa.groups if g.start <= m.start() < g.end), None)
    exploit = rx["exploit_after"].match(cue.group("cue")) is not None
    f = _flow(
        ctx,
        sa,
        home,
        dests,
        group,
        _exploitation(text[lo:hi]),
        exploit,
        cue.start(),
        (),
        _perps(sa, lo, hi),
    )
    if f is not None:
        f.confidence = round(f.confidence - 0.2, 2)  # (the origin is the narrative's country)


def _is_from(text: str, pos: int) -> bool:
    return re.search(r"\bfrom\s+(?:the\s+)?$", text[max(0, pos - 12) : pos], re.I) is not None
