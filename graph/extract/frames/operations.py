"""Deployments, law-enforcement operations and arrests."""

from __future__ import annotations

import re

from graph.extract.entities import Entity, SentenceAnalysis
from graph.extract.frames.base import (
    IN_WORDS,
    ReportContext,
    clause_start,
    date_lit,
    hedged,
    new_fact,
    point_dates,
    sentence_confidence,
)
from graph.extract.frames.journeys import (
    inside_actor,
)
from graph.extract.text import cue_regex

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
        re.search(r"\b(?:we|our)\b", sa.text[clause_start(sa.text, pos) : pos], re.I)
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


def deployments(ctx: ReportContext, sa: SentenceAnalysis, preps, dates, speaker) -> None:
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
        f = new_fact(
            ctx,
            sa,
            ["Deployment"],
            "Deployment",
            m.start(),
            target.iri,
            confidence=sentence_confidence(sa, 0.6 if announced else 0.8),
        )
        f.add("agent", agent)
        f.add("location", target)
        for d in point_dates(dates):
            f.add("date", date_lit(d))


# --- operations and arrests ----------------------------------------------------------

_OP = cue_regex("orcsa", r"\b(?:operations?|raids?|crackdown|sting|action days?)\b", re.I)
_ARREST = cue_regex("ad", r"\b(?:arrest(?:s|ed|ing)?|detain(?:ed|s)?|apprehended)\b", re.I)
_DISMANTLE = cue_regex(
    "dbst", r"\b(?:dismantled|busted|broke up|smashed|took down|disrupted)\b", re.I
)


_RELATIVE = re.compile(r",?\s+(?:that|which|who)\s+(?!was\s+|were\s+)", re.I)


def operations(ctx: ReportContext, sa: SentenceAnalysis, quants, preps, dates) -> None:
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
        if preps.get(i) in IN_WORDS
        and pm.entity.types[0] != "SeaArea"
        and pm.start < cut
        and not inside_actor(sa, pm)
    ]
    conf = sentence_confidence(sa, 0.8)
    arrest_fact = None
    if arrest and (count or agents or op):
        arrest_fact = new_fact(
            ctx, sa, ["Arrest"], "Arrest", arrest.start(), count, confidence=conf
        )
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
        for d in point_dates(dates):
            arrest_fact.add("date", date_lit(d))
    if (op and not plural_op) or dismantle:
        if not (targets or arrest_fact):
            return
        f = new_fact(
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
        for d in point_dates(dates):
            f.add("date", date_lit(d))
