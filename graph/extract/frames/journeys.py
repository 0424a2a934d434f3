"""Journeys: flows, routes, smuggling and trafficking activities with origin, transit and destination.

News, agency and court releases tell journeys in a few constructions; each
place of a sentence that tells of people moving (a cue word, or a reported
arrival) gets a role from the words before it (``data/journey_verbs.yaml``):

- origin: "from A", "left A", "departed (from) A", "fleeing/escaping ... in A",
  "recruited ... in A"; destination: "to/into B", "reach B", "bound/headed for
  B", "left A for B", "arrived in/at B", "sought asylum in B"; transit: "via",
  "through", "crossed", "transit A to reach B";
- legs: a later destination after "then", "where", "subsequently", ... makes
  the earlier one a transit ("travelled to A, where facilitators smuggled them
  into B"; "from A, then from B to C");
- home: "the migrants were (originally) from A, B and C" gives one flow per
  country, by the same way (the departure as transit, the destination of the
  journey the sentence refers back to);
- the people: the sentence's groups with their nationality, "the refugees" as
  the group named before, a people's name kept ("Rohingya refugees"), "the
  victim" described with a nationality in the sentence before;
- borders ("the Greek-Turkish border", "the Libyan border") are places part
  of their countries; seas named after "on/in/across" are crossed; named routes
  ("the Central Mediterranean route", ``data/journey_routes.yaml``) are one
  tkg:Route per report with their places, and "this route" refers back to it;
- nothing from hedged or negated clauses, distances ("120 km from"), help or
  officials ("support from A", "the minister travelled to B"), goods, or an
  earlier sentence without an anaphor ("they", "the boat", "the migrants").

Examples
--------
>>> from graph.extract import extract_text
>>> g = extract_text("A boat carrying migrants from Libya to Italy sank. Most of the "
...                  "migrants were originally from Eritrea and Sudan.", report_id="demo")
>>> q = '''PREFIX tkg: <https://w3id.org/tkg/ontology#>
... SELECT ?o ?d WHERE { ?f a tkg:MigrationFlow ; tkg:origin/tkg:isoCode ?o ;
...                      tkg:destination/tkg:isoCode ?d }'''
>>> sorted((str(r.o), str(r.d)) for r in g.query(q))
[('ER', 'IT'), ('LY', 'IT'), ('SD', 'IT')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, EntityMention, SentenceAnalysis
from graph.extract.frames.base import (
    DEST_WORDS,
    IN_WORDS,
    LIST_GAP,
    ORIGIN_WORDS,
    TRANSIT_WORDS,
    Concept,
    Fact,
    RuleCall,
    SentenceView,
    date_lit,
    find_exploitation,
    hedged,
    new_fact,
    point_dates,
    sentence_confidence,
)
from graph.extract.text import cue_regex

# --- the journey lexicon (data/journey_verbs.yaml, data/journey_routes.yaml) ---

_DATA = Path(__file__).resolve().parent.parent / "data"
_NAME = r"(?-i:[A-Z])[\w'’.-]*(?:\s+(?:of\s+)?(?-i:[A-Z])[\w'’.-]*){0,3}"
_GAP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?"
# "the Niger desert town of", "Mexico's southern state of": the unit's place follows
_UNIT_OF = (
    r"(?:(?-i:[A-Z])[\w'’-]*\s+)?(?:(?-i:[a-z-])+\s+){0,2}(?:town|city|port|village|region|province|state|"
    r"island|district|oasis)\s+of\s+"
)
_APPOS = (
    r",\s+an?\s+(?:[\w-]+\s+){0,3}?(?:town|city|port|village|region|province|state|island|"
    r"district|area|camp)\s+(?:in|of|on)\s+(?:the\s+)?"
)


def _with_places(
    f: Fact,
    origins: list[Entity],
    dests: list[Entity],
    transits: list[Entity],
    seas: list[Entity],
) -> Fact:
    """Give a route or journey its origins, destinations, transits and seas crossed."""
    for prop, places in (
        ("origin", origins),
        ("destination", dests),
        ("transit", transits),
        ("crosses", seas),
    ):
        for e in places:
            f.add(prop, e)
    return f


def _phrase_rx(phrase: str) -> str:
    """A phrase of the lexicon as a regex ("..." stands for one to three lower-case words)."""
    parts = [re.escape(w) for w in phrase.split()]
    return r"\s+".join(
        r"(?-i:(?:(?![a-z]+ed\b)[a-z]+\s+){0,2}?[a-z]+)" if p == r"\.\.\." else p for p in parts
    )


def _first_letters(words) -> str:
    return "".join(sorted({w[0].lower() for w in words} | {w[0].upper() for w in words}))


@dataclass(frozen=True)
class Lexicon:
    """The journey lexicon, compiled: cue words, role phrases, sequence words, routes."""

    cue: re.Pattern
    role: re.Pattern
    roles: tuple[str, ...]
    sequence: re.Pattern
    routes: dict
    route_rx: re.Pattern | None
    peoples: frozenset
    peoples_rx: re.Pattern
    blocked: re.Pattern
    not_movers: re.Pattern
    goods: re.Pattern


@functools.cache
def lexicon() -> Lexicon:
    """Return the journey lexicon, read once from the data files.

    Examples
    --------
    >>> lx = lexicon()
    >>> lx.cue.search("the boat sailed from Misrata") is not None
    True
    >>> journey_role("they departed from ")
    'origin'
    """
    import yaml

    raw = yaml.safe_load((_DATA / "journey_verbs.yaml").read_text(encoding="utf-8"))
    cues = raw["cues"]
    cue_alts = "|".join(
        r"\s+".join(map(re.escape, c.rstrip("*").split())) + (r"\w*" if c.endswith("*") else "")
        for c in sorted(cues, key=len, reverse=True)
    )
    cue = cue_regex(_first_letters(cues), rf"\b(?:{cue_alts})\b", re.I)
    order = (
        "home",
        "transit",
        "destination_after_departure",
        "route_origin",
        "route_destination",
        "destination",
        "origin",
    )
    fill = "|".join(
        r"\s+".join(map(re.escape, f.split()))
        for f in sorted(raw["fillers"], key=len, reverse=True)
    )
    groups = []
    words = []
    for role in order:
        phrases = sorted(raw["roles"][role], key=len, reverse=True)
        words += phrases
        groups.append(f"(?P<{role}>" + "|".join(_phrase_rx(p) for p in phrases) + ")")
    role_rx = cue_regex(
        _first_letters(words),
        r"\b(?:" + "|".join(groups) + r")\s+(?:the\s+)?(?:(?:" + fill + r")\s+){0,3}"
        rf"(?:(?:{_NAME})(?:{_GAP}|{_APPOS}|\s+in\s+(?:the\s+)?)(?:(?:" + fill + r")\s+){0,3})*"
        r"(?:the\s+)?"
        rf"(?:{_NAME}\s+of\s+(?:the\s+)?|{_UNIT_OF})?$",
        re.I,
    )
    seq = "|".join(r"\s+".join(map(re.escape, w.split())) for w in raw["sequence"])
    routes_raw = yaml.safe_load((_DATA / "journey_routes.yaml").read_text(encoding="utf-8"))
    routes = {}
    for name, d in (routes_raw.get("routes") or {}).items():
        for alias in [name, *(d.get("aliases") or [])]:
            routes[alias.lower()] = (name, d)
    route_rx = None
    if routes:
        alts = "|".join(
            r"\s+".join(map(re.escape, a.split())) for a in sorted(routes, key=len, reverse=True)
        )
        route_rx = cue_regex(
            _first_letters(list(routes)),
            rf"\b(?P<name>{alts})\s+(?:migration\s+|migrant\s+)?routes?\b",
            re.I,
        )
    return Lexicon(
        cue,
        role_rx,
        order,
        re.compile(rf"\b(?:{seq})\b", re.I),
        routes,
        route_rx,
        frozenset(p.lower() for p in raw.get("peoples") or ()),
        cue_regex(
            _first_letters(raw.get("peoples") or ["x"]).upper(),
            r"\b(?:" + "|".join(map(re.escape, raw.get("peoples") or ["x"])) + r")\b",
            0,
        ),
        re.compile(
            r"\b(?:"
            + "|".join(
                _alts([w[:-4]]) + r"\s+(?:[\w-]+\s+){0,3}?"
                if w.endswith(" ...")
                else _alts([w]) + r"\s+"
                for w in raw["not_before_role"]
            )
            + r")$",
            re.I,
        ),
        re.compile(
            r"\b(?:" + _alts(raw["not_movers"]) + r")(?:,?\s+who)?\s+"
            r"(?:(?:has|have|had|was|were|also|then|reportedly|later)\s+)?$",
            re.I,
        ),
        re.compile(r"\b(?:" + _alts(raw["goods"]) + r")\b", re.I),
    )


def _alts(words) -> str:
    return "|".join(
        r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)
    )


def journey_role(before: str) -> str | None:
    """The role a journey gives the place that follows ``before`` (or None).

    Examples
    --------
    >>> journey_role("a truck left Guatemala for ")
    'destination_after_departure'
    >>> journey_role("migrants were originally from ")
    'home'
    >>> journey_role("sank 120 km from ") is None
    True
    """
    lx = lexicon()
    m = lx.role.search(before)
    if m is None:
        return None
    for role in lx.roles:
        if m.group(role) is not None:
            if lx.blocked.search(before, 0, m.start(role)):
                return None
            return role
    return None


# --- borders, countries written as demonyms, named routes ---------------------

_BORDER = cue_regex(
    "bB",
    r"\bborders?\b(?:\s+(?:between|with|of)\s+(?:the\s+)?)?",
    re.I,
)
_BORDER_PAIR = re.compile(r"\s*[-–/]\s*")


def _journey_places(sa: SentenceAnalysis, reg) -> list[EntityMention]:
    """The sentence's places, with borders ("the Greek-Turkish border", "the
    border between Colombia and Panama") as places of their own, and country
    names the gazetteer reads as demonyms ("through Djibouti")."""
    text = sa.text
    off = sa.sentence.start
    places = list(sa.places)
    for dm, ent in sa.demonyms:
        if (
            ent.types[0] == "Country"
            and (dm.text == ent.label or (dm.text.isupper() and len(dm.text) <= 4))
            and not dm.plural
        ):
            s, e = dm.start - off, dm.end - off
            if not re.match(r"\s+[a-z]", text[e : e + 2]) or re.match(
                r"\s+(?:and|or|to|through|via|in|into|on|for|from)\b", text[e:]
            ):
                places.append(EntityMention(s, e, ent, dm.text))
    if "order" in text or "Border" in text:
        places = _borders(sa, reg, places)
    places.sort(key=lambda m: m.start)
    return places


def _borders(sa: SentenceAnalysis, reg, places: list[EntityMention]) -> list[EntityMention]:
    text = sa.text
    off = sa.sentence.start
    anchors = [pm for pm in places if pm.entity.types[0] == "Country"]
    anchors += [
        EntityMention(dm.start - off, dm.end - off, ent, dm.text)
        for dm, ent in sa.demonyms
        if ent.types[0] == "Country"
    ]
    anchors.sort(key=lambda m: m.start)
    for m in _BORDER.finditer(text):
        pair: list[EntityMention] = []
        if m.group(0).rstrip().lower().endswith(("between", "with", "of", "the")):
            after = [a for a in anchors if a.start >= m.end()]
            if after and after[0].start == m.end():
                pair = [after[0]]
                if len(after) > 1 and _GAP_AND.fullmatch(text[after[0].end : after[1].start]):
                    pair.append(after[1])
            start, end = m.start(), pair[-1].end if pair else m.end()
        else:
            before = [a for a in anchors if a.end <= m.start()]
            if before and re.fullmatch(r"\s+", text[before[-1].end : m.start()]):
                pair = [before[-1]]
                if len(before) > 1 and _BORDER_PAIR.fullmatch(
                    text[before[-2].end : before[-1].start]
                ):
                    pair.insert(0, before[-2])
            start, end = (pair[0].start if pair else m.start()), m.end()
        if not pair or pair[0].entity == pair[-1].entity and len(pair) > 1:
            continue
        if any(_is_border(pm.entity) and pm.start < end and start < pm.end for pm in places):
            continue  # (a border the gazetteer knows)
        ent = _border_entity(reg, [a.entity for a in pair], text[start:end].strip())
        places = [pm for pm in places if not (start <= pm.start and pm.end <= end)]
        places.append(EntityMention(start, end, ent, text[start:end]))
    return places


_GAP_AND = re.compile(r"\s+and\s+(?:the\s+)?")


def _is_border(ent: Entity) -> bool:
    return "/region/border-" in ent.iri


def _border_entity(reg, countries: list[Entity], surface: str) -> Entity:
    """A border area as a place, part of each country it separates."""
    from graph.ids import ID_BASE

    countries = sorted(countries, key=lambda c: c.iri)
    codes = "-".join(c.iri.rsplit("/", 1)[-1].lower() for c in countries)
    iri = f"{ID_BASE}region/border-{codes}"
    ent = reg.place(iri) or reg.entities.get(iri)
    if ent is None:
        label = "-".join(c.label for c in countries) + " border"
        ent = reg.entities[iri] = Entity(iri, ["Region"], label)
        for c in countries:
            ent.add("partOf", c)
    surface = re.sub(r"^(?:the|The)\s+", "", surface)
    if surface.lower() != ent.label.lower():
        ent.alt_labels.add(surface)
    return ent


def named_routes(ctx: RuleCall, sa: SentenceAnalysis) -> list[Entity]:
    """Named routes of a sentence ("the Central Mediterranean route") as tkg:Route nodes.

    A named route is one node per report, with the places its data entry
    gives (``data/journey_routes.yaml``) and every sentence naming it as
    evidence.
    """
    lx = lexicon()
    if lx.route_rx is None or "oute" not in sa.text:
        return []
    from graph.ids import local_iri

    out = []
    for m in lx.route_rx.finditer(sa.text):
        name, d = lx.routes[" ".join(m.group("name").lower().split())]
        iri = local_iri(ctx.reg.report, "Route", name.lower())
        ent = ctx.reg.entities.get(iri)
        if ent is None:
            ent = ctx.reg.entities[iri] = Entity(iri, ["Route"], f"{name} route")
            for prop in ("origin", "transit", "destination", "crosses"):
                for key in d.get(prop) or ():
                    p = _place_by_key(ctx, key)
                    if p is not None:
                        ent.add(prop, p)
        if sa.sentence not in ent.evidence:
            ent.evidence.append(sa.sentence)
        if ent not in out:
            out.append(ent)
    return out


_ROUTE_BACK = re.compile(r"\b(?:this|that|the\s+same)\s+route\b", re.I)
_NATIONALITIES = re.compile(
    r"\bnationalit(?:y|ies)\b[^.;]{0,60}?\b(?:were|was|are|is|included|include|includes)\s+",
    re.I,
)


def _last_route(ctx: RuleCall, sa: SentenceAnalysis) -> list[Entity]:
    """The named route the text spoke of last ("this route"), in this paragraph or the one before."""
    best = None
    for ent in ctx.reg.entities.values():
        if ent.types[0] != "Route" or not ent.evidence:
            continue
        last = ent.evidence[-1]
        if last.start < sa.sentence.start and last.paragraph >= sa.sentence.paragraph - 1:
            if best is None or last.start > best.evidence[-1].start:
                best = ent
    return [best] if best is not None else []


def _place_by_key(ctx: RuleCall, key: str) -> Entity | None:
    from graph.ids import ID_BASE

    if key.startswith(("region:", "sea:")):
        kind, slug = key.split(":", 1)
        return ctx.reg.place(f"{ID_BASE}{kind}/{slug}")
    return ctx.reg.place(f"{ID_BASE}country/{key}")


# --- flows, routes, smuggling and trafficking ---------------------------------

_MOVE_CUE = cue_regex(
    "stfcambriej",
    r"\b(?:smuggl\w*|traffick\w*|fle[de]\w*|fleeing|cross(?:ed|ing|es)?|arriv\w*|travel\w*|"
    r"transported|moved|brought|reach\w*|migrat\w*|influx|exodus|flows?|journey|route|"
    r"c[ao]me\s+from|comes\s+from|coming\s+from)\b",
    re.I,
)
_SEA_PREP = re.compile(
    r"\b(?:on|in|across|over|crossing|crossed|cross|through|via|adrift\s+on|adrift\s+in|at)\s+"
    r"(?:the\s+)?(?:(?:central|eastern|western|southern|northern)\s+)?$",
    re.I,
)
_ANAPHOR = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Ii]ts|[Tt]heir)\s+(?:same\s+)?"
    r"(?:boat|vessel|ship|truck|lorry|van|vehicle|bus|car|dinghy|raft|trawler|migrants|refugees|"
    r"passengers|people|victims|group|asylum[- ]seekers)\b|"
    r"\b(?:[Tt]his|[Tt]hat|[Tt]he\s+same|[Ii]ts|[Tt]heir)\s+(?:journey|route|trip|crossing)\b|"
    r"\b(?:[Mm]ost|[Mm]any|[Ss]ome|[Aa]ll|[Mm]ost of the|[Mm]any of the|[Ss]ome of the|"
    r"[Aa]ll of the|[Oo]thers?)\s+(?:victims|migrants|refugees|passengers|women|children)\b|"
    r"\b(?:[Tt]hey|there)\b"
)
_MOVERS = cue_regex(
    "mrasptfbdMRASPTFBD",
    r"\b(?:migra\w*|refugees?|asylum|smuggl\w*|traffick\w*|people|persons|families|"
    r"borders?|arrivals|returns?|returnees|deportees|displaced|routes?)\b",
    re.I,
)
_PEOPLE = re.compile(
    r"\b(?:migrants?|refugees?|people|persons?|passengers|wom[ae]n|m[ae]n|child(?:ren)?|girls?|boys?|"
    r"victims?|workers?|nationals|famil(?:y|ies)|asylum|them|boats?|vessels?|ships?|trucks?|"
    r"lorr(?:y|ies)|vans?|buses|dinghy|dinghies|rafts?|trawlers?)\b",
    re.I,
)
_MIGRANTISH = re.compile(
    r"migrants|refugees|asylum|immigrants|victims|passengers|survivors|people|persons|"
    r"nationals|citizens|workers|families|children|women|men\b",
    re.I,
)
_ARRIVALS = Concept("MigrantArrivals")
_MIGRANTS = Concept("MigrantCount")


@functools.cache
def _moved_subject() -> re.Pattern:
    """After a number: its noun (a few words), an auxiliary, then a journey verb."""
    return re.compile(
        r"(?:\s+[A-Za-z-]+){0,3}?\s+(?:(?:have|has|had|were|was|are)\s+)?(?:already\s+)?"
        rf"(?:{lexicon().cue.pattern})",
        re.I,
    )
_JOURNEY_KINDS = ("TraffickingActivity", "SmugglingActivity", "MigrationFlow")


_ARRIVED_AT = cue_regex(
    "a",
    r"\barriv(?:ed|ing|es|e|al)\s+(?:at|in)\s+(?:an?|the)\s+[^,.;]{0,60}?\s+(?:in|at)\s+(?:the\s+)?$",
    re.I,
)
_NEAR_GAP = re.compile(
    r",?\s+(?:(?:at|on)\s+the\s+(?:edge|outskirts|fringes?)\s+of|near|close\s+to|next\s+to)"
    r"\s+(?:the\s+)?",
    re.I,
)
_ROUTE_WORD = cue_regex("rjtc", r"\b(?:routes?|journeys?|trips?|corridors?)\b", re.I)
_DEPARTED = cue_regex(
    "lsdbh",
    r"\b(?:left|leave|leaves|leaving|departed|departing|set\s+(?:off|sail)|sailed|bound|"
    r"headed|heading)\b",
    re.I,
)
_BARE_THROUGH = cue_regex(
    "pP",
    r"\b[Pp]ass(?:ing|es|ed)?\s+through\b(?!\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}[A-Z])",
    0,
)
_UNIT_GAP = re.compile(r"(?:['’]s\s+|,\s+(?:the\s+)?)(?:[a-z-]+\s+){0,3}(?:of|in)\s+(?:the\s+)?")


def _roles(sa: SentenceAnalysis, places: list[EntityMention]):
    """Give each place of a journey sentence its role.

    Returns (origins, destinations, transits, seas, homes, places near them,
    first) as lists of entity mentions; ``first`` is the offset of the first
    origin or destination.
    """
    text = sa.text
    tagged: list[tuple[EntityMention, str | None]] = []
    prev: tuple[EntityMention, str | None] | None = None
    seas = []
    for pm in places:
        ent = pm.entity
        if ent.types[0] == "SeaArea":
            if _SEA_PREP.search(text, max(0, pm.start - 30), pm.start):
                seas.append(pm)
            continue
        if inside_actor(sa, pm):
            continue
        if prev is not None and LIST_GAP.fullmatch(text[prev[0].end : pm.start]):
            role = prev[1]
        else:
            role = journey_role(text[max(0, pm.start - 90) : pm.start])
        if role is None and _ARRIVED_AT.search(text, max(0, pm.start - 120), pm.start):
            role = "destination"  # ("arrived at a reception centre in B")
        if (
            role is None
            and prev is not None
            and prev[1] in ("origin", "destination", "transit")
            and _NEAR_GAP.fullmatch(text[prev[0].end : pm.start])
        ):
            role = "location"  # ("in B, at the edge of the Darien Gap")
        if role is None and _is_border(ent):
            role = "transit"  # a border named in a journey is crossed
        tagged.append((pm, role))
        prev = (pm, role)
    # "Chiapas, which borders Guatemala, sees migrants passing through (in ...)": the
    # place the sentence is about is crossed
    bare = _BARE_THROUGH.search(text)
    if bare and tagged and tagged[0][1] is None and tagged[0][0].end < bare.start():
        tagged[0] = (tagged[0][0], "transit")
        for i in range(1, len(tagged)):
            gap = text[tagged[i - 1][0].end : tagged[i][0].start]
            if tagged[i][1] is not None or not _UNIT_GAP.fullmatch(gap):
                break
            tagged[i] = (tagged[i][0], "transit")
    # "the route begins in A and ends in B"
    for i, (pm, role) in enumerate(tagged):
        if role in ("route_origin", "route_destination"):
            named = _ROUTE_WORD.search(text) is not None
            tagged[i] = (pm, role[6:] if named else None)
    # "left A for B": "for" names a destination only after a departure
    seen_origin = False
    for i, (pm, role) in enumerate(tagged):
        if role == "origin":
            seen_origin = True
        elif role == "destination_after_departure":
            left = seen_origin or _DEPARTED.search(text, max(0, pm.start - 60), pm.start)
            tagged[i] = (pm, "destination" if left else None)
    # legs: a destination (or origin) followed, after "then"/"where"/..., by
    # another one is a transit ("travelled to A where ... smuggled them into B")
    lx = lexicon()
    runs: list[list[int]] = []
    for i, (pm, role) in enumerate(tagged):
        if (
            runs
            and tagged[runs[-1][-1]][1] == role
            and LIST_GAP.fullmatch(text[tagged[runs[-1][-1]][0].end : pm.start])
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    for a in range(len(runs)):
        role_a = tagged[runs[a][0]][1]
        if role_a not in ("destination", "origin"):
            continue
        for b in range(a + 1, len(runs)):
            role_b = tagged[runs[b][0]][1]
            if role_b != role_a:
                continue
            gap = text[tagged[runs[a][-1]][0].end : tagged[runs[b][0]][0].start]
            if lx.sequence.search(gap):
                for i in runs[b if role_a == "origin" else a]:
                    tagged[i] = (tagged[i][0], "transit")
            break
    origins = [pm for pm, r in tagged if r == "origin"]
    dests = [pm for pm, r in tagged if r == "destination"]
    transits = [pm for pm, r in tagged if r == "transit"]
    homes = [pm for pm, r in tagged if r == "home"]
    near = [pm for pm, r in tagged if r == "location"]
    for t in list(transits):
        origins = [o for o in origins if o.entity != t.entity]
        dests = [d for d in dests if d.entity != t.entity]
    first = min((pm.start for pm in origins + dests), default=len(text))
    return origins, dests, transits, seas, homes, near, first


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
        if prev is not None and LIST_GAP.fullmatch(
            sa.text[prev[0].end : pm.start],
        ):
            if prev[1] is not None:
                prev[1].append(ent)
                if prev[1] is not transits:
                    first = min(first, pm.start)
            prev = (pm, prev[1])
            continue
        target: list | None = None
        if w in ORIGIN_WORDS or (
            w == "in" and _TAKEN_IN_END.search(sa.text[max(0, pm.start - 60) : pm.start])
        ):
            target = origins
        elif w in DEST_WORDS:
            target = dests
        elif w in TRANSIT_WORDS:
            target = transits
        elif w in ("in", "at") and _ARRIVED_IN_END.search(
            sa.text[max(0, pm.start - 30) : pm.start]
        ):
            target = dests
        if target is not None:
            target.append(ent)
            if target is not transits:
                first = min(first, pm.start)
        prev = (pm, target)
    return origins, dests, transits, seas, first


def _route(
    ctx: RuleCall, sa: SentenceAnalysis, origins, dests, transits, seas, conf: float
) -> Fact:
    r = new_fact(
        ctx,
        sa,
        ["Route"],
        "Route",
        *(e.iri for e in origins + dests + transits + seas),
        confidence=conf,
    )
    return _with_places(r, origins, dests, transits, seas)


def _context_origin(ctx: RuleCall, sa: SentenceAnalysis, dests: list[Entity]) -> list[Entity]:
    """Origins from the previous sentence of the paragraph (not the destination)."""
    from ontology import places

    prev = ctx.discourse.prev
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


def _context_journey(ctx: RuleCall, sa: SentenceAnalysis, full: bool = True) -> Fact | None:
    """The journey of the previous sentence that this one tells more of.

    "Nigerian women are trafficked to Italy. They travel through Niger and
    Libya." -- the second sentence names only transit countries; the origin
    and destination are the first one's. Only asked when the sentence refers
    back (an anaphor such as "they", "the boat", "the migrants").
    """
    prev = ctx.discourse.prev
    if prev is None or prev.sentence.paragraph < sa.sentence.paragraph - (1 if full else 0):
        return None
    for f in reversed(ctx.discourse.history):
        if f.sentence is not prev.sentence:
            break
        if f.types[0] in _JOURNEY_KINDS and (
            (f.props.get("origin") and f.props.get("destination"))
            or (not full and (f.props.get("origin") or f.props.get("destination")))
        ):
            return f
    return None


def _journey_groups(ctx: RuleCall, sa: SentenceAnalysis) -> list[Entity]:
    """The people on the journey: the sentence's groups, "the refugees" read as
    the group named before ("Rohingya refugees"), a people's name before the
    noun kept in the group ("Rohingya refugees")."""
    text = sa.text
    lx = lexicon()
    out: list[Entity] = []
    reg = ctx.reg
    for g in sa.groups:
        ent = g.entity
        label = ent.label.lower()
        word = _CAP_WORD_END.search(text[max(0, g.start - 30) : g.start])
        if word and word.group(1).lower() in lx.peoples:
            name = f"{word.group(1)} {g.text}"
            ent = reg.group(name, "MigrantGroup" if _MIGRANT_NOUN.search(name) else "VictimGroup")
            if ent not in reg.discourse.recent_pgroups:
                reg.discourse.recent_pgroups.append(ent)
        elif " " not in label and _THE_END.search(text[max(0, g.start - 5) : g.start]):
            prev = ctx.discourse.prev
            near = (
                {g.entity.iri for g in prev.groups}
                if prev is not None and prev.sentence.paragraph == sa.sentence.paragraph
                else set()
            )
            earlier = [  # (named in the sentence before, or a people's name)
                e
                for e in reg.discourse.recent_pgroups
                if e is not ent
                and e.label.lower().endswith(label)
                and " " in e.label
                and (e.iri in near or e.label.split()[0].lower() in lx.peoples)
            ]
            if earlier:
                ent = earlier[-1]
        if ent not in out:
            out.append(ent)
    if lx.peoples_rx.search(text):  # "3,000 Rohingya left ...", "thousands of Hazaras fled"
        for m in lx.peoples_rx.finditer(text):
            if any(g.start <= m.start() < g.end + 1 for g in sa.groups):
                continue
            if _PEOPLE_ALONE.search(text, max(0, m.start() - 12), m.start()) and re.match(
                r"s?\s+(?:were|have|had|are|fled|left|crossed|arrived|travel\w*)\b", text[m.end() :]
            ):
                plural = text[m.end() : m.end() + 1] == "s"
                ent = reg.group(m.group(0) + ("s" if plural else ""), "MigrantGroup")
                if ent not in out:
                    out.append(ent)
    return out


_PEOPLE_ALONE = re.compile(r"(?:\d|\bof)\s+$")
_MIGRANT_NOUN = re.compile(r"migrants|refugees|asylum|immigrants|nationals|citizens", re.I)


_LURED = cue_regex("lrka", r"\b(?:lured|recruited|kidnapped|abducted)\b", re.I)


_SMUGGLED = re.compile(r"\bsmuggl(?:ed|ing)\b")
_TRAFFICKED = re.compile(r"\btraffick(?:ed|ing|ers?)\b")
_TRAFFICKING_NOUN = re.compile(r"trafficking (?:victims|syndicates|networks?|gangs?|rings?)")
# (regexes of the rules below, compiled once)
_CAP_WORD_END = re.compile(r"([A-Z][\w'’-]+)\s+$")
_THE_END = re.compile(r"\b[Tt]he\s+$")
_TAKEN_IN_END = re.compile(
    r"\b(?:recruited|lured|born|kidnapped|abducted|bought|sold)\s+(?:[\w-]+\s+){0,4}$", re.I
)
_ARRIVED_IN_END = re.compile(
    r"\b(?:arriv\w*|landed|exploited|ended up|end up|come to)\s+(?:\w+\s+){0,2}$", re.I
)


def _kind(text: str, arrivals, journey: Fact | None) -> str:
    low = text.lower()
    smuggled = _SMUGGLED.search(low)
    if smuggled and not arrivals and not hedged(text, smuggled.start()):
        return "SmugglingActivity"
    trafficked = _TRAFFICKED.search(low)
    if (
        trafficked
        and not arrivals
        and not hedged(text, trafficked.start())
        and not _TRAFFICKING_NOUN.search(low)
    ):
        return "TraffickingActivity"
    if journey is not None and journey.types[0] != "Route":
        return journey.types[0]
    if not arrivals and (find_exploitation(text) or _LURED.search(text)):
        return "TraffickingActivity"  # ("taken to Germany, where they were forced to work")
    return "MigrationFlow"


def flows(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Journeys told in a sentence: one flow (or smuggling or trafficking
    activity) per destination, with its origins, transits and seas crossed;
    the home countries of its people as flows of their own; named routes.

    A country narrative's flows found before in the sentence (``view.earlier``)
    get the ways they went (transits, seas, the number moved) instead of new
    flows; arrivals counted by the statistics family anchor the journey.
    """
    ctx = RuleCall(view, discourse)
    _flows(ctx, view.sa, view.preps, view.dates)
    return ctx.out


def _flows(ctx: RuleCall, sa: SentenceAnalysis, preps, dates) -> None:
    text = sa.text
    lx = lexicon()
    arrivals = [
        f
        for f in ctx.view.earlier
        if f.types[0] == "Statistic"
        and (
            _ARRIVALS in f.props.get("measure", ())
            or (  # "200,000 people have fled Sudan to Chad": how many moved
                _MIGRANTS in f.props.get("measure", ())
                and f.quantity is not None
                and _moved_subject().match(text, f.quantity.end) is not None
            )
        )
    ]
    routes = named_routes(ctx, sa)
    if not routes and "route" in text and _ROUTE_BACK.search(text):
        routes = _last_route(ctx, sa)  # ("on this route")
    if sa.groups and lx.peoples_rx.search(text):
        _journey_groups(ctx, sa)  # (remember "Rohingya refugees" for "the refugees")
    cue = lx.cue.search(text)
    if not arrivals and not routes and (cue is None or not (sa.places or sa.demonyms)):
        if not (
            sa.groups
            and sa.places
            and (" from " in text or any(pm.entity.types[0] == "SeaArea" for pm in sa.places))
        ):
            return  # (cheap tests first: no cue, or no place to give a role to)
    places = _journey_places(sa, ctx.reg)
    o_m, d_m, t_m, s_m, h_m, n_m, first = _roles(sa, places)
    origins = _uniq(pm.entity for pm in o_m)
    dests = _uniq(pm.entity for pm in d_m)
    transits = _uniq(pm.entity for pm in t_m)
    seas = _uniq(pm.entity for pm in s_m)
    h_m = [  # (the home of the people on the journey, not of the suspects: "who are from")
        pm
        for pm in h_m
        if any(
            g.end <= pm.start and not _PERP_NOUN.search(text, g.end, pm.start) for g in sa.groups
        )
    ]
    homes = _uniq(pm.entity for pm in h_m if pm.entity.types[0] in ("Country", "Region"))
    home_pos = h_m[0].start if h_m else 0
    nat = _NATIONALITIES.search(text) if "ationalit" in text else None
    if nat is not None:  # "the main nationalities (on this route) were Bangladeshis and Egyptians"
        for g in sa.groups:
            if g.start >= nat.end():
                home_pos = home_pos or g.start
                homes += [n for n in g.entity.props.get("nationality", []) if n not in homes]
    found = [f for f in ctx.sentence_facts if f.types[0] in _JOURNEY_KINDS]
    if found:  # a country narrative's flows, found before: add the ways they went
        moved = _moved_count(sa, sa.groups)
        for f in found:
            if moved is not None and not f.props.get("count"):
                f.add("count", moved)
            ends = f.props.get("origin", []) + f.props.get("destination", [])
            for e in origins + transits:
                if e not in ends:
                    f.add("transit", e)
            for e in seas:
                f.add("crosses", e)
        return
    groups = _journey_groups(ctx, sa) or _victim_named_before(ctx, sa)
    anaphor = _ANAPHOR.search(text) is not None
    journey = None
    if not arrivals and not (origins or dests):
        if transits and anaphor:
            journey = _context_journey(ctx, sa)
        elif homes and anaphor:
            journey = _context_journey(ctx, sa, full=False)
        if journey is not None and transits:
            origins = list(journey.props.get("origin", []))
            dests = list(journey.props.get("destination", []))
            first = min(pm.start for pm in t_m)
        elif transits or (seas and (groups or anaphor)) or routes:
            first = min((pm.start for pm in t_m + s_m), default=len(text))
        elif homes:
            first = home_pos
        else:
            return
    elif anaphor and not arrivals and (not origins or not dests):
        journey = _context_journey(ctx, sa, full=False)
        if journey is not None:
            if not origins:
                origins = [e for e in journey.props.get("origin", []) if e not in dests + transits]
            if not dests:
                dests = [
                    e for e in journey.props.get("destination", []) if e not in origins + transits
                ]
    anchor = min(
        (pm.start for pm in (d_m or t_m or o_m or s_m)), default=first
    )  # (the cue tells of the journey when it comes before where it goes)
    if arrivals:
        pos = arrivals[0].quantity.start  # type: ignore[union-attr]
    else:
        cues = [
            c.start()
            for c in lx.cue.finditer(text)
            if c.start() < max(anchor, 1)
            and (groups or not c.group(0).lower().startswith(("came", "come", "coming")))
        ]  # ("came from" moves people only when the sentence names a group of them)
        if not cues and s_m and groups:
            cues = [s_m[0].start]  # (people at sea: "refugees adrift on the Andaman Sea")
        if homes and not cues and (groups or journey):
            cues = [first]
        if not cues or hedged(text, anchor):
            return
        pos = cues[-1]
    if hedged(text, pos):
        return
    if not arrivals and _not_movers(sa, pos, anchor):
        return  # ("the minister travelled to Libya")
    if not (origins or dests or transits or seas or homes or routes or arrivals):
        return
    if not groups and not arrivals:
        if not (anaphor or _MOVERS.search(text) or _PEOPLE.search(text)):
            return  # (a place reached or crossed by nobody the report is about)
        if lx.goods.search(text) and not _PEOPLE.search(text):
            return  # ("cocaine was smuggled from Colombia to Spain")
    kind = _kind(text, arrivals, journey)
    conf = sentence_confidence(sa, 0.8 if arrivals else 0.7)
    inferred = journey is not None
    if arrivals and dests and not origins:
        origins = _context_origin(ctx, sa, dests)
        inferred = bool(origins)
    if inferred:
        conf = round(conf - 0.3, 2)
    route = None
    named = [r for r in routes if sa.sentence in r.evidence]
    if named and (origins or dests or transits):
        for r in named:  # the places the text gives for a named route
            for prop, values in (
                ("origin", origins),
                ("destination", dests),
                ("transit", transits),
            ):
                for e in values:
                    r.add(prop, e)
    elif origins and dests:
        route = _route(ctx, sa, origins, dests, transits, seas, conf)
        for a in sa.actors:
            if a.entity.types[0] == "CriminalGroup" and kind != "MigrationFlow":
                a.entity.add("operatesOn", route)
    made = []
    if (
        origins
        or dests
        or transits
        or seas
        or arrivals
        or (routes and not homes and (groups or _moved_count(sa, groups) is not None))
    ):
        made.append(_journey_fact(ctx, sa, kind, pos, origins, dests, transits, seas, conf))
        for pm in n_m:
            made[0].add("location", pm.entity)
    home_of: dict[int, list[Entity]] = {}
    # the people's home countries: one flow each, by the same way
    for h in homes:
        if h in origins:
            continue
        hd = dests or (journey.props.get("destination", []) if journey else [])
        home_of[len(made)] = [g for g in groups if h in g.props.get("nationality", [])]
        made.append(
            _journey_fact(
                ctx,
                sa,
                kind,
                home_pos,
                [h],
                list(hd),
                [e for e in origins + transits if e != h],
                seas,
                round(conf - 0.1, 2),
            )
        )
    moved = None if arrivals else _moved_count(sa, groups)
    for i, f in enumerate(made):
        if moved is not None:
            f.add("count", moved)
        for a in arrivals:
            f.add("count", int(a.props["value"][0]))
            for d in a.props.get("startDate", []):
                f.add("startDate", d)
        for d in point_dates(dates):
            f.add("date", date_lit(d))
        for g in home_of.get(i) or groups:
            f.add("participant" if kind == "MigrationFlow" else "victim", g)
        if kind != "MigrationFlow":
            for t in find_exploitation(text):
                f.add("exploitationType", Concept(t))
            for a in sa.actors:
                if a.entity.types[0] == "CriminalGroup":
                    f.add("perpetrator", a.entity)
        if route is not None:
            f.add("via", route)
        if route is None and named and origins and dests:
            for a in sa.actors:
                if a.entity.types[0] == "CriminalGroup" and kind != "MigrationFlow":
                    for r in named:
                        a.entity.add("operatesOn", r)
        for r in routes:
            f.add("via", r)
        if journey is not None:
            for v in journey.props.get("victim", []) + journey.props.get("participant", []):
                f.add("victim" if kind != "MigrationFlow" else "participant", v)


_PERP_NOUN = re.compile(
    r"\b(?:suspects?|smugglers?|traffickers?|facilitators?|defendants?|members|gangs?|"
    r"networks?|accused|perpetrators?|organi[sz]ers?|leaders?)\b",
    re.I,
)


def _not_movers(sa: SentenceAnalysis, pos: int, anchor: int) -> bool:
    """Whether the moving verb at ``pos`` has officials, an agency or suspects as its
    subject and no people as its object ("the minister travelled to Libya", "the
    smuggler, who fled to Sudan"; not "smugglers moved the migrants")."""
    text = sa.text
    if any(pos - 40 < g.end <= pos for g in sa.groups):
        return False
    if _PEOPLE.search(text, pos, max(pos, min(pos + 40, anchor))):
        return False  # (the people moved are the object)
    if lexicon().not_movers.search(text, max(0, pos - 40), pos):
        return True
    return any(
        0 <= pos - a.end <= 2 and a.entity.types[0] not in ("CriminalGroup",) for a in sa.actors
    )


_AUX = re.compile(r"(?:\s+(?:have|had|has|were|was|been|being|are|is|reportedly|all))*\s+")
_NUMBER_BEFORE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s+$")


def _moved_count(sa: SentenceAnalysis, groups: list[Entity]) -> int | None:
    """How many moved: a number right before the group that is the subject of the
    moving verb ("15,000 Egyptian workers had fled Libya"), never the number of a
    group that died or was rescued."""
    text = sa.text
    lx = lexicon()
    for g in sa.groups:
        n = _NUMBER_BEFORE.search(text, max(0, g.start - 14), g.start)
        if n is None:
            continue
        aux = _AUX.match(text, g.end)
        if aux is None:
            continue
        if lx.cue.match(text, aux.end()) or re.match(r"(?:seek|sought)", text[aux.end() :]):
            return int(n.group(1).replace(",", ""))
    return None


_SINGLE_VICTIM = cue_regex(
    "tThH",
    r"\b(?:[Tt]he\s+(?:victim|woman|girl|boy|worker|maid|housekeeper|nanny|teenager)|[Hh]er|[Hh]im)\b",
    0,
)
_SINGLE_NOUN = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:woman|girl|boy|man|worker|maid|housekeeper|nanny|national|"
    r"citizen|victim|servant|employee|teenager)\b"
)


def _victim_named_before(ctx: RuleCall, sa: SentenceAnalysis) -> list[Entity]:
    """ "The victim" of this sentence, described with a nationality in the sentence
    before ("... her Filipino domestic worker. ... had the victim brought to the
    United States"): one person, as a group of one with that nationality."""
    prev = ctx.discourse.prev
    if prev is None or not prev.demonyms or not _SINGLE_VICTIM.search(sa.text):
        return []
    off = prev.sentence.start
    for dm, ent in prev.demonyms:
        if ent.types[0] != "Country" or dm.plural:
            continue
        m = _SINGLE_NOUN.match(prev.text, dm.end - off)
        if m is None:
            continue
        label = prev.text[dm.start - off : m.end()]
        kind = (
            "VictimGroup"
            if re.search(r"victim|forced|servitude|traffick", prev.text + sa.text, re.I)
            else "PersonGroup"
        )
        return [ctx.reg.group(label, kind, ent)]
    return []


def _uniq(items) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _journey_fact(
    ctx: RuleCall,
    sa: SentenceAnalysis,
    kind: str,
    pos: int,
    origins: list[Entity],
    dests: list[Entity],
    transits: list[Entity],
    seas: list[Entity],
    conf: float,
) -> Fact:
    f = new_fact(ctx, sa, [kind], kind, pos, *(e.iri for e in origins + dests), confidence=conf)
    return _with_places(f, origins, dests, transits, seas)


_THEM = re.compile(r"them\b")
_PASSIVE = re.compile(r"\b(?:were|was|been|are|is|being)\s+$")
_TRAFFIC_CUE = cue_regex(
    "tecfshrl",
    r"\b(?:traffick(?:ed|ing)\s+(?!victims|syndicates|networks?|gangs?|rings?|in\s+persons\b)|"
    r"exploit(?:s|ing)?\s|exploited|subject(?:s|ing)?\s|(?:coerced|forced|compelled)\s+(?:[\w,-]+\s+){0,5}?(?:into|to)\b|subjected\s+to|sold\s+(?:into|as)|enslaved|"
    r"held\s+in|recruited|lured)",
    re.I,
)


def trafficking(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """A trafficking activity the sentence tells (exploitation, victims, where).

    When a family before already read one (``view.earlier``), the places the
    victims are exploited in are added to it instead.
    """
    ctx = RuleCall(view, discourse)
    _trafficking(ctx, view.sa, view.preps)
    return ctx.out


def _trafficking(ctx: RuleCall, sa: SentenceAnalysis, preps) -> None:
    text = sa.text
    done = [f for f in ctx.view.earlier if "TraffickingActivity" in f.types]
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
            if is_traffick and _names_a_form(text, c):
                pass  # "trafficking for labour exploitation", "sex trafficking": the crime's form
            elif not (
                low.startswith("exploit")
                and _THEM.match(text, c.end())
                and any(g.end <= c.start() for g in sa.groups)
            ):
                continue  # (active "exploit"/"subject" need their victims as object)
        cue = c
        break
    if cue is None or hedged(text, cue.start()):
        return
    types = find_exploitation(text)
    perps = [a.entity for a in sa.actors if a.entity.types[0] == "CriminalGroup"]
    victims = [g.entity for g in sa.groups]
    if not types and not victims:
        return
    origins, dests, transits, _, _ = _places_by_role(sa, preps)
    dests += _exploited_in(sa, preps, cue.end(), origins + dests + transits)
    f = new_fact(
        ctx,
        sa,
        ["TraffickingActivity"],
        "TraffickingActivity",
        cue.start(),
        confidence=sentence_confidence(sa, 0.8),
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


# "trafficking for (the purpose of) labour exploitation", "trafficking into forced labour"
_FOR_FORM = re.compile(r"\s*(?:for|into)\s+(?:the\s+purposes?\s+of\s+)?", re.I)
# "sex trafficking", "labour trafficking": a form of exploitation compounded with the noun
_FORM_BEFORE = re.compile(r"\b(?:sex|sexual|labou?r|organ)\s+$", re.I)


def _names_a_form(text: str, cue: re.Match) -> bool:
    """Whether a trafficking noun names its form of exploitation.

    Examples
    --------
    >>> t = "Police targeted trafficking for labour exploitation."
    >>> _names_a_form(t, _TRAFFIC_CUE.search(t))
    True
    >>> t = "Police targeted human trafficking in the region."
    >>> _names_a_form(t, _TRAFFIC_CUE.search(t))
    False
    """
    start = cue.start()
    if _FORM_BEFORE.search(text, max(0, start - 12), start):
        return True
    m = _FOR_FORM.match(text, cue.end() - 1)
    if m is None:
        return False
    # an exploitation phrase right after ("for labour exploitation", "into forced labour")
    return bool(find_exploitation(text[m.end() : m.end() + 40]))


def _exploited_in(
    sa: SentenceAnalysis, preps: dict[int, str], after: int, known: list[Entity]
) -> list[Entity]:
    """Places "in" which victims are exploited: after the exploitation cue."""
    out = []
    for i, pm in enumerate(sa.places):
        e = pm.entity
        if (
            pm.start > after
            and preps.get(i) in IN_WORDS
            and e.types[0] != "SeaArea"
            and e not in known
            and e not in out
            and not inside_actor(sa, pm)
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


def inside_actor(sa: SentenceAnalysis, pm: EntityMention) -> bool:
    """Whether a place mention is part of an actor's name ("police in Italy")."""
    for a in sa.actors:
        if a.start <= pm.start and pm.end <= a.end:
            return True
    return False


def home_origins(facts: list[Fact]) -> None:
    """Give the sentence's trafficking and smuggling activities without an
    origin the victims' nationality as origin ("Nepali women are exploited in
    India": from Nepal). A destination that is also the home country is where
    victims are exploited at home: it becomes the location, not a self-loop.
    """
    for f in facts:
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
