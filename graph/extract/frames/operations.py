"""Deployments, law-enforcement operations and arrests.

Operations
    An operation noun ("operation", "raid", "action day", "joint
    investigation team", "Operation NAME") that is not the criminals' own
    ("a smuggling operation") or a rescue gives a ``tkg:LawEnforcementOperation``
    when the sentence says something about it: its name, its target (a
    criminal group), its agencies ("led by X", "X-led" -> ``tkg:agent``;
    "with the support of X and Y", "supported by X" -> ``tkg:participant``),
    where it acted ("checks in A, B and C": one location per listed place),
    when (one date, or a range "20-27 April 2024" as start and end date) or
    its results (the sentence's arrests, ``tkg:result``).
Arrests
    One ``tkg:Arrest`` per arrest cue with its count, agents, date and
    place. Counts distributed over places give one arrest per place with its
    own count beside the total: "40 suspects were arrested: 12 in Spain, 20
    in Portugal and 8 in Morocco", "(8 in Austria, 16 in the Czech
    Republic)", "in Spain (12) and Portugal (20)", "12 and 20 arrests in
    Spain and Portugal respectively". A total over a list of places
    without counts ("77 people were arrested in A, B and C") keeps no place;
    each listed place gets its own arrest without a count.

The cue words are data (``data/operation_cues.yaml``).

Examples
--------
>>> from graph.extract import extract_text
>>> g = extract_text("Police arrested 40 suspects: 12 in Spain and 28 in Portugal.", report_id="d")
>>> q = (
...     "ASK { ?a a tkg:Arrest ; tkg:count 12 ; tkg:location ?p . ?p tkg:isoCode 'ES' }"
... )
>>> g.query(q, initNs={"tkg": "https://w3id.org/tkg/ontology#"}).askAnswer
True
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from graph.extract.dates import DateMention, event_dates
from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, EntityMention, SentenceAnalysis
from graph.extract.frames.base import (
    IN_WORDS,
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
from graph.extract.frames.journeys import (
    inside_actor,
)
from graph.extract.gazetteer import adjective
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


def deployments(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Deployments of officers or experts the sentence tells (by whom, to where, when).

    An unattributed quote continues the last speaker (``discourse.last_speaker``).
    """
    speaker = view.speaker
    if speaker is None and view.sa.text.startswith(('"', "“")):
        speaker = discourse.last_speaker
    ctx = RuleCall(view, discourse)
    _deployments(ctx, view.sa, view.preps, view.dates, speaker)
    return ctx.out


def _deployments(ctx: RuleCall, sa: SentenceAnalysis, preps, dates, speaker) -> None:
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

_DATA = Path(__file__).resolve().parent.parent / "data" / "operation_cues.yaml"


def _first_letters(alt: str) -> set[str]:
    """The letters a regex alternative can start with (for a cue lookahead).

    Handles what the cue file uses: plain words, a leading optional group
    ``(?:joint )?action`` and a leading group of alternatives ``(?:a|b)``.

    Examples
    --------
    >>> sorted(_first_letters("(?:joint )?action days?"))
    ['a', 'j']
    """
    if alt.startswith("(?:"):
        depth, i = 0, 0
        for i, c in enumerate(alt):  # noqa: B007 (i is the group's end after the loop)
            depth += c == "("
            depth -= c == ")"
            if depth == 0:
                break
        inner, rest = alt[3:i], alt[i + 1 :]
        letters = set().union(*(_first_letters(a) for a in inner.split("|")))
        if rest.startswith("?"):
            letters |= _first_letters(rest[1:].lstrip())
        elif not rest.startswith(("*", "{")):
            pass
        return letters
    return {alt[0].lower()} if alt and alt[0].isalpha() else set()


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


@functools.cache
def _cues() -> dict[str, re.Pattern]:
    """Compile the cue lists of ``data/operation_cues.yaml`` (once)."""
    import yaml

    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))

    def cue(words: list[str], tail: str = r"\b") -> re.Pattern:
        letters = set().union(*(_first_letters(w) for w in words))
        return cue_regex("".join(sorted(letters)), r"\b" + _alternation(words) + tail, re.I)

    return {
        "op": cue(raw["operation_nouns"]),
        "not_le": re.compile(
            r"\b" + _alternation(raw["not_law_enforcement"]) + r"\s+(?:[\w-]+\s+)?$", re.I
        ),
        "action": cue(raw["actions"]),
        "led": cue(raw["led_by"], _BEFORE_ACTOR),
        "support": cue(raw["supported_by"], _BEFORE_ACTOR),
        "led_any": cue(raw["led_by"] + raw["supported_by"]),
        "noun": re.compile(
            r"\s+(?:[\w-]+\s+){0,2}?" + _alternation(raw["arrest_nouns"]) + r"\b", re.I
        ),
    }


# what may stand between "led by" / "with the support of" and the agency:
# "the", a count ("120 police officers"), a few words ("officers from")
_BEFORE_ACTOR = r"\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?$"
# what continues a list of agencies: ", ", " and ", " and 26 officers from "
_ACTOR_LIST = re.compile(
    r"[\s,]*(?:(?:and|&|as well as|or|together with|plus)\b[^;:()]{0,40}?|(?:the\s+|its\s+)?)",
    re.I,
)
_ACTOR_TYPES = ("LawEnforcementAgency", "GovernmentBody", "InternationalOrganization")

_ARREST = cue_regex(
    "ad",
    r"\b(?:arrest(?:s|ed|ing)?(?!\s+warrants?)|detain(?:ed|s)?(?!\s+in\s+(?:camps?|centres?|"
    r"centers?|detention))|apprehended)\b",
    re.I,
)
_DISMANTLE = cue_regex(
    "dbst", r"\b(?:dismantled|busted|broke up|smashed|took down|disrupted)\b", re.I
)
# "at the time of his arrest", "since their arrest": an arrest told before, not a new one
_BACK_REFERENCE = re.compile(r"\b(?:his|her|their|its)\s+$", re.I)
_NAMED_OP = re.compile(
    r"\b(?:Operation|[Cc]ode-?named|[Dd]ubbed)\s+[\"“'‘]?(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"
)
_BETWEEN = re.compile(
    r"\b(?:teams?|JITs?|agreement|cooperation|co-operation|operations?)\s+(?:set up\s+)?"
    r"between\s+[^;:.]{3,80}?\band\b[^;:.,]{3,60}",
    re.I,
)
_X_LED = re.compile(r"-(?:led|run|coordinated|headed)\b")
_X_SUPPORTED = re.compile(r"-(?:supported|backed|assisted|funded|sponsored)\b")
_PLURAL_OPS = re.compile(
    r"\b(?:\d[\d,]*\s+(?:\w+\s+)?|previous\s+|several\s+|other\s+)operations\b", re.I
)
_NOUN_CUE = re.compile(r"\s+(?:[\w-]+\s+)?", re.I)  # "74 arrests", "74 new arrests"
_BARE_SUBJECT = re.compile(
    r"\s+(?:of\s+them\s+)?(?:were|have\s+been|had\s+been|are|got)\s+(?:also\s+)?"
)
_BARE_COUNT = re.compile(r"\s*(?:in|at|on|during|after|across|,|\.|;|and|$)", re.I)
_UNIT_OF = re.compile(
    r"\b(?:in|at|near|inside|within)\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,2}?(?:state|province|region|"
    r"city|town|village|district|department|governorate|county|municipality|port|island|area)"
    r"\s+of\s+(?:the\s+)?$",
    re.I,
)
_RELATIVE = re.compile(r",?\s+(?:that|which|who)\s+(?!was\s+|were\s+)", re.I)
# what tells of the crime rather than where the arrest happened
_CRIME_DESC = re.compile(
    r"\b(?:responsible for|suspected of|accused of|charged with|involved in|"
    r"operating|active|based)\b",
    re.I,
)
_PASSIVE = re.compile(r"\b(?:were|was|been|being|are|is|got)\s+(?:\w+\s+)?$", re.I)
# between the items of a list: ", ", " and ", "; "
_ITEM_GAP = re.compile(r"\s*(?:[,;]\s*)?(?:(?:and|as well as)\s+)?")
_ITEM_IN = re.compile(r"\s+(?:[\w'’-]+\s+){0,8}?in\s+(?:the\s+)?$", re.I)
_ITEM_IN_SHORT = re.compile(
    r"\s+(?:(?:of them|were|was|arrested|detained|arrests?|suspects?|people|persons)\s+){0,3}"
    r"in\s+(?:the\s+)?$",
    re.I,
)
_ITEM_PAREN = re.compile(
    r"\s*\(\s*(?P<n>\d[\d,]*)(?:\s+(?:arrests?|arrested|suspects?|people|persons))?\s*\)", re.I
)
_RESPECTIVELY = re.compile(r"\s*,?\s*respectively\b", re.I)


class _Item:
    """One place of a distributed count: ``count`` arrests at ``place``."""

    __slots__ = ("start", "end", "count", "place")

    def __init__(self, start: int, end: int, count: int, place: EntityMention):
        self.start, self.end, self.count, self.place = start, end, count, place


def _distribution(sa: SentenceAnalysis, quants) -> list[list[_Item]]:
    """Runs of two or more "N in PLACE" / "PLACE (N)" items, and "respectively" pairs."""
    text = sa.text
    counts = [q for q in quants if not q.year_like and not q.unit and isinstance(q.value, int)]
    places = [pm for pm in sa.places if pm.entity.types[0] != "SeaArea"]
    items: list[_Item] = []
    for pm in places:
        paren = _ITEM_PAREN.match(text, pm.end)
        if paren:  # "in Spain (12)": the count in brackets is the place's
            items.append(_Item(pm.start, paren.end(), int(paren.group("n").replace(",", "")), pm))
            continue
        for q in reversed(counts):
            if q.end > pm.start:
                continue
            gap = text[q.end : pm.start]
            if _ITEM_IN_SHORT.fullmatch(gap) or _ITEM_IN.fullmatch(gap):
                if not any(q.end <= o.start < pm.start for o in places):
                    items.append(_Item(q.start, pm.end, int(q.value), pm))
            break
    items.sort(key=lambda it: it.start)
    runs: list[list[_Item]] = []
    for it in items:
        if runs and _ITEM_GAP.fullmatch(text[runs[-1][-1].end : it.start]):
            runs[-1].append(it)
        else:
            runs.append([it])
    runs = [r for r in runs if len(r) >= 2]
    for m in _RESPECTIVELY.finditer(text):
        run = _respectively(text, counts, places, m.start())
        if run:
            runs.append(run)
    return runs


def _respectively(text: str, counts, places, pos: int) -> list[_Item] | None:
    """ "12 and 20 arrests in Spain and Portugal respectively": pair numbers and places."""
    plist = [pm for pm in places if pm.end <= pos]
    if not plist or not _ITEM_GAP.fullmatch(text[plist[-1].end : pos].replace(",", "")):
        return None
    chain = [plist[-1]]
    for pm in reversed(plist[:-1]):
        if _ITEM_GAP.fullmatch(text[pm.end : chain[0].start]) or re.fullmatch(
            r"\s*(?:,\s*)?(?:and\s+)?(?:the\s+)?", text[pm.end : chain[0].start]
        ):
            chain.insert(0, pm)
        else:
            break
    nums = [q for q in counts if q.end <= chain[0].start]
    if len(chain) < 2 or len(nums) < len(chain):
        return None
    nums = nums[-len(chain) :]
    for a, b in zip(nums, nums[1:], strict=False):
        if not _ITEM_GAP.fullmatch(text[a.end : b.start]):
            return None
    return [_Item(q.start, pm.end, int(q.value), pm) for q, pm in zip(nums, chain, strict=True)]


def _roles(reg, sa: SentenceAnalysis, cues) -> tuple[list[Entity], list[Entity]]:
    """Split the sentence's agencies into who ran (agent) and who supported (participant).

    A country right after "led by" / "with the support of" stands for its
    authorities ("led by the Netherlands": the Dutch authorities).
    """
    text = sa.text
    agents: list[Entity] = []
    supporters: list[Entity] = []
    speakers: list[Entity] = []
    mentions = [(a.start, a.end, a.entity, False) for a in sa.actors]
    mentions += [
        (pm.start, pm.end, pm.entity, True)
        for pm in sa.places
        if pm.entity.types[0] == "Country" and not inside_actor(sa, pm)
    ]
    for m, country in sa.demonyms:  # "a Dutch-led operation"
        x = m.end - sa.sentence.start
        if (_X_LED.match(text, x) or _X_SUPPORTED.match(text, x)) and country.types[0] == "Country":
            mentions.append((m.start - sa.sentence.start, m.end - sa.sentence.start, country, True))
    between = _BETWEEN.search(text)  # "a joint investigation team between Romania and the UK"
    mode = None
    prev_end = 0
    for start, end, ent, is_place in sorted(mentions, key=lambda m: m[0]):
        kind = ent.types[0]
        gap = text[prev_end:start]
        led = cues["led"].search(gap)
        sup = cues["support"].search(gap)
        if led or sup:
            mode = "led" if led and (not sup or led.end() > sup.end()) else "support"
        elif not (mode and _ACTOR_LIST.fullmatch(gap)):
            mode = None
        prev_end = end
        if kind in ("CriminalGroup", "TerroristGroup", "VictimGroup", "MigrantGroup"):
            mode = None
            continue
        if is_place:
            in_between = between is not None and between.start() <= start < between.end()
            if in_between and mode is None:
                mode = "support"
            if _X_LED.match(text, end):
                mode = "led"
            elif _X_SUPPORTED.match(text, end):
                mode = "support"
            if mode is None or text[end : end + 2] in ("'s", "’s"):
                continue
            adj = adjective(ent.iri)
            if adj is None:
                continue
            ent = reg.generic_org(f"{adj} authorities", "GovernmentBody", ent, "authorities")
        if _X_LED.match(text, end):
            mode = "led"
        elif _X_SUPPORTED.match(text, end):
            mode = "support"
        if mode == "support":
            supporters.append(ent)
        elif mode == "led":
            agents.append(ent)
        elif kind in _ACTOR_TYPES:
            (speakers if _speaker(text, start, end) else agents).append(ent)
    # who told of it acted only when no one else is named ("police said they had ...")
    agents = agents or speakers
    return [e for e in agents if e not in supporters], supporters


# the agency that tells of the event ("Europol said", "according to Europol") did not act
_SAID_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:has\s+|had\s+)?(?:said|says|announced|stated|reported|confirmed|added|noted)\b",
    re.I,
)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)


def _speaker(text: str, start: int, end: int) -> bool:
    return bool(_SAID_AFTER.match(text, end) or _ACCORDING.search(text, 0, start))


def _count_of(text: str, cue: re.Match, quants, lo: int, hi: int, cues) -> object | None:
    """The number of people an arrest cue counts ("arrested 12 suspects", "11 suspects ...
    were arrested"), looked for between ``lo`` and ``hi``."""
    after = [
        q
        for q in quants
        if cue.end() <= q.start <= min(hi, cue.end() + 40) and not q.year_like and not q.unit
    ]
    passive = _PASSIVE.search(text, 0, cue.start()) is not None
    own = [
        q for q in quants if q.end <= cue.start() and _NOUN_CUE.fullmatch(text, q.end, cue.start())
    ]
    if (
        own
        and cue.group(0).lower().startswith("arrest")
        and not cue.group(0).lower().endswith("ed")
    ):
        return own[-1]  # "74 arrests"
    for q in () if passive else after:
        gap = text[cue.end() : q.start]
        if re.search(r"[;:(),]", gap) or len(gap.split()) > 4:
            continue
        if cues["noun"].match(text, q.end) or _BARE_COUNT.match(text, q.end):
            return q  # "arrested 12 suspects", "arrested 12 in Spain", not "across 12 countries"
    before = [
        q
        for q in quants
        if max(lo, cue.start() - 220) <= q.start < cue.start()
        and not q.year_like
        and not q.unit
        and (cues["noun"].match(text, q.end) or _BARE_SUBJECT.fullmatch(text, q.end, cue.start()))
    ]
    if before:
        q = before[-1]
        if q.start >= cue.start() - 90 or passive:
            return q
    return None


def _in_places(sa: SentenceAnalysis, preps, lo: int, hi: int, at: int) -> list[EntityMention]:
    """Places governed by "in" (and lists after it) between ``lo`` and ``hi``.

    Left out: places in a relative clause on a criminal group ("a gang that
    operates in Italy") and places of the crime's description between the
    event's cue at ``at`` and the place ("suspected of smuggling migrants in
    Spain").
    """
    text = sa.text
    cut = hi
    for a in sa.actors:
        if a.entity.types[0] == "CriminalGroup" and lo <= a.start < hi:
            rel = _RELATIVE.match(text, a.end)
            if rel:
                cut = min(cut, rel.start())
    out = []
    for i, pm in enumerate(sa.places):
        prep = preps.get(i)
        if prep == "of" and _UNIT_OF.search(text, max(0, pm.start - 60), pm.start):
            prep = "in"  # "in the Mexican state of Chiapas", "at the port of Misrata"
        if (
            prep not in IN_WORDS
            or pm.entity.types[0] == "SeaArea"
            or not lo <= pm.start < cut
            or inside_actor(sa, pm)
        ):
            continue
        if _CRIME_DESC.search(text, at if pm.start > at else lo, pm.start):
            continue
        out.append(pm)
    return _most_specific(text, out)


def _most_specific(text: str, pms: list[EntityMention]) -> list[EntityMention]:
    """Drop the places that only qualify another: "in Rawmarsh, Rotherham, in the UK"
    is Rawmarsh (a comma chain without "and" names one place, then its containers;
    a country holding a listed city is not another place)."""
    if len(pms) < 2:
        return pms
    gaps = [text[a.end : b.start] for a, b in zip(pms, pms[1:], strict=False)]
    chain = all(re.fullmatch(r"\s*,\s*(?:in\s+)?(?:the\s+)?", g) for g in gaps)
    out = pms[:1] if chain else pms
    parents = {p for pm in out for p in pm.entity.props.get("partOf", ())}
    return [pm for pm in out if pm.entity not in parents] or out


def _add_date(f: Fact, d: DateMention | None) -> None:
    if d is None:
        return
    if d.kind == "range":
        f.add("startDate", TypedDate(d.value, d.datatype) if d.value else None)
        f.add("endDate", TypedDate(d.end_value, d.datatype) if d.end_value else None)
    else:
        f.add("date", date_lit(d))


def _one_date(text: str, dates, pos: int) -> DateMention | None:
    found = event_dates(text, dates, pos)
    return found[0] if found else None


def _arrests(
    ctx: RuleCall, sa: SentenceAnalysis, quants, preps, dates, cues, agents, supporters
) -> list[Fact]:
    text = sa.text
    found = [
        m
        for m in _ARREST.finditer(text)
        if not hedged(text, m.start()) and not _BACK_REFERENCE.search(text, 0, m.start())
    ]
    if not found:
        return []
    runs = _distribution(sa, quants)
    conf = sentence_confidence(sa, 0.8)
    out: list[Fact] = []
    used_runs: set[int] = set()
    in_runs = {id(it.place) for r in runs for it in r}
    lo = 0
    for k, cue in enumerate(found):
        hi = found[k + 1].start() if k + 1 < len(found) else len(text)
        # the run of per-place counts this cue distributes: the first after it
        # (before the next cue), else one just before it
        run = None
        for j, r in enumerate(runs):
            if j not in used_runs and lo <= r[0].start and r[0].start < hi:
                if r[0].start >= cue.start() or r[-1].end >= lo:
                    run = j
                    break
        q = _count_of(text, cue, quants, lo, hi, cues)
        count = int(q.value) if q is not None and isinstance(q.value, int) else None
        items = runs[run] if run is not None else []
        if run is not None:
            used_runs.add(run)
            if q is not None and any(q.start == it.start for it in items):
                count = None  # an item, not the total
        places = _in_places(sa, preps, lo, hi, cue.end())
        listed = [pm for pm in places if id(pm) not in in_runs]
        seg = (lo, hi)
        lo = max(cue.end(), items[-1].end if items else 0)
        if k and count is None and not items and not listed:
            continue  # "... were arrested; the arrests ..." : nothing new
        d = _one_date(text, [x for x in dates if seg[0] <= x.start < seg[1]], cue.start())
        if not (count or items or agents or supporters or listed or d):
            if not _cues()["op"].search(text):
                continue
        if count is not None or not items:
            total = new_fact(ctx, sa, ["Arrest"], "Arrest", cue.start(), count, confidence=conf)
            total.add("count", count)
            for a in agents:
                total.add("agent", a)
            for a in supporters:
                total.add("participant", a)
            if len(listed) == 1 and not items:
                total.add("location", listed[0].entity)
            _add_date(total, d)
            out.append(total)
        per_place = [(it.place.entity, it.count, it.start) for it in items]
        if len(listed) > 1 and not items:
            per_place = [(pm.entity, None, pm.start) for pm in listed]
        for place, n, at in per_place:
            f = new_fact(
                ctx, sa, ["Arrest"], "Arrest", cue.start(), at, place.iri, n, confidence=conf
            )
            f.add("count", n)
            f.add("location", place)
            for a in agents:
                f.add("agent", a)
            _add_date(f, d)
            out.append(f)
    return out


def drop_restated_arrests(facts: list[Fact]) -> list[Fact]:
    """The sentence's facts without an arrest count the arrests already give.

    "Police arrested 40 suspects" is an Arrest with ``count`` 40 (this family)
    and was also read as a Statistic ``ArrestCount`` 40 (the statistics
    family, run before): the statistic goes, unless it is a period's total.

    Examples
    --------
    >>> from graph.extract.text import split_sentences
    >>> s = split_sentences("Police arrested 40 suspects.")[0]
    >>> arrest = Fact(["Arrest"], s, {"count": [40]})
    >>> stat = Fact(["Statistic"], s, {"measure": [Concept("ArrestCount")], "value": [40]})
    >>> [f.types[0] for f in drop_restated_arrests([stat, arrest])]
    ['Arrest']
    """
    values = {f.props["count"][0] for f in facts if f.props.get("count") and "Arrest" in f.types}
    if not values:
        return facts
    return [
        x
        for x in facts
        if not (
            x.types[0] == "Statistic"
            and Concept("ArrestCount") in x.props.get("measure", ())
            and set(x.props.get("value", ())) & values
            and not x.props.get("period")
        )
    ]


def operations(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Law-enforcement operations and arrests of one sentence (see the module doc)."""
    ctx = RuleCall(view, discourse)
    _operations(ctx, view.sa, view.quants, view.preps, view.dates)
    return ctx.out


def _operations(ctx: RuleCall, sa: SentenceAnalysis, quants, preps, dates) -> None:
    text = sa.text
    cues = _cues()
    op = None
    for m in cues["op"].finditer(text):
        if cues["not_le"].search(text, max(0, m.start() - 30), m.start()):
            continue
        op = m
        break
    named = _NAMED_OP.search(text)
    arrest_cue = _ARREST.search(text)
    dismantle = _DISMANTLE.search(text)
    if op is None and named is None and arrest_cue is None and dismantle is None:
        return
    agents, supporters = _roles(ctx.reg, sa, cues)
    arrests = _arrests(ctx, sa, quants, preps, dates, cues, agents, supporters)
    cue = named or op or dismantle
    if cue is None or hedged(text, cue.start()):
        return
    plural = op is not None and named is None and _PLURAL_OPS.search(text)
    if plural and not dismantle:
        return  # an operation count, not one operation
    first = min(c.start() for c in (op, named, dismantle, arrest_cue) if c is not None)
    targets = [
        a.entity
        for a in sa.actors
        if a.entity.types[0] in ("CriminalGroup", "TerroristGroup") and a.start > first
    ]
    action = cues["action"].search(text)
    locs = _in_places(sa, preps, 0, len(text), cue.end())
    d = _one_date(text, dates, cue.start())
    led = bool(cues["led_any"].search(text))
    if not (
        named
        or targets
        or arrests
        or led
        or dismantle
        or (action and (locs or d))
        or (op is not None and d is not None)
    ):
        return
    conf = sentence_confidence(sa, 0.8)
    f = new_fact(
        ctx,
        sa,
        ["LawEnforcementOperation"],
        "LawEnforcementOperation",
        cue.start(),
        confidence=conf,
    )
    if named:
        label = named.group("name").strip()
        if named.group(0).startswith("Operation"):
            label = f"Operation {label}"
        f.label = label
    for t in targets:
        f.add("target", t)
    for a in agents:
        f.add("agent", a)
    for a in supporters:
        f.add("participant", a)
    for pm in locs:
        f.add("location", pm.entity)
    for a in arrests:
        f.add("result", a)
    _add_date(f, d)
