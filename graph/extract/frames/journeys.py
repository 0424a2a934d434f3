"""Journeys: flows, routes, smuggling and trafficking activities with origin, transit and destination."""

from __future__ import annotations

import re

from graph.extract.entities import Entity, EntityMention, SentenceAnalysis
from graph.extract.frames.base import (
    DEST_WORDS,
    IN_WORDS,
    LIST_GAP,
    ORIGIN_WORDS,
    TRANSIT_WORDS,
    Concept,
    Fact,
    ReportContext,
    date_lit,
    find_exploitation,
    hedged,
    new_fact,
    point_dates,
    sentence_confidence,
)
from graph.extract.text import cue_regex

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
            w == "in"
            and re.search(
                r"\b(?:recruited|lured|born|kidnapped|abducted|bought|sold)\s+(?:\w+\s+)?$",
                sa.text[max(0, pm.start - 30) : pm.start],
                re.I,
            )
        ):
            target = origins
        elif w in DEST_WORDS:
            target = dests
        elif w in TRANSIT_WORDS:
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
    r = new_fact(
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


def flows(ctx: ReportContext, sa: SentenceAnalysis, stats: list[Fact], preps, dates) -> None:
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
    conf = sentence_confidence(sa, 0.8 if arrivals else 0.7)
    inferred = journey is not None
    if arrivals and dests and not origins:
        origins = _context_origin(ctx, sa, dests)
        inferred = bool(origins)
    f = new_fact(ctx, sa, kinds, kinds[0], pos, *(e.iri for e in origins + dests), confidence=conf)
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
    for d in point_dates(dates):
        f.add("date", date_lit(d))
    for g in sa.groups:
        f.add("participant" if kinds[0] == "MigrationFlow" else "victim", g.entity)
    if kinds[0] != "MigrationFlow":
        for t in find_exploitation(text):
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


def trafficking(ctx: ReportContext, sa: SentenceAnalysis, preps) -> None:
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


def home_origins(ctx: ReportContext) -> None:
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
