"""Civil unrest and armed conflict as events."""

from __future__ import annotations

import re

from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, EntityMention, SentenceAnalysis
from graph.extract.frames.base import (
    LIST_GAP,
    Fact,
    RuleCall,
    SentenceView,
    date_lit,
    negated,
    new_fact,
    point_dates,
    sentence_confidence,
)
from graph.extract.text import cue_regex

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


_MODAL_END = re.compile(r"\b(?:could|may|might|would|will)\s+(?:\w+\s+){0,2}$", re.I)


def unrest(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Civil unrest and armed conflict the sentence says happen, with their places and dates."""
    ctx = RuleCall(view, discourse)
    _unrest(ctx, view.sa, view.preps, view.dates)
    return ctx.out


def _unrest(ctx: RuleCall, sa: SentenceAnalysis, preps, dates) -> None:
    text = sa.text
    for m in _UNREST.finditer(text):
        if negated(text, m.start()):
            continue
        if m.group(0).lower() == "fighting" and not _fighting_noun(text, m):
            continue  # "fighting human trafficking", "Italy is fighting crime"
        if _MODAL_END.search(text[max(0, m.start() - 30) : m.start()]):
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
                and LIST_GAP.fullmatch(
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
        f = new_fact(
            ctx,
            sa,
            ["CivilUnrest"],
            "CivilUnrest",
            m.start(),
            *(e.iri for e in locs),
            confidence=sentence_confidence(sa, 0.8),
        )
        for e in locs:
            f.add("location", e)
        for d in point_dates(dates):
            f.add("date", date_lit(d))
        f.label = f"{m.group(0).lower()} in " + ", ".join(e.label for e in locs)
