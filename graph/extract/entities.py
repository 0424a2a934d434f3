"""Entities of one report: places, organisations, people, groups, resolved once.

The :class:`Registry` keeps one :class:`Entity` per IRI for the whole report,
so that "Europol", "Europol's" and a later "Europol" are one node and a
surname ("Fleming added") resolves to the full name seen earlier.
:func:`analyse_sentence` finds the entity mentions of one sentence.

Examples
--------
>>> from graph.extract.entities import Registry, analyse_sentence
>>> from graph.extract.text import split_sentences
>>> reg = Registry("https://w3id.org/tkg/id/report/r1")
>>> s = split_sentences("UNHCR spokeswoman Melissa Fleming said a Romanian gang moved women.")[0]
>>> sa = analyse_sentence(s, reg)
>>> sorted((m.entity.label, m.entity.types[0]) for m in sa.actors)
[('Melissa Fleming', 'Person'), ('Romanian gang', 'CriminalGroup'), ('UNHCR', 'InternationalOrganization')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.extract.discourse import Discourse
from graph.extract.gazetteer import (
    Mention,
    adjective,
    find_mentions,
    find_org_names,
    name_stopwords,
    org_by_iri,
    peoples,
    place,
)
from graph.extract.people import (  # the patterns: re-exported for tests/test_extract_speed.py
    _RX_PERSON_ORG,  # noqa: F401
    _RX_ROLE_PERSON,  # noqa: F401
    _may_end_person_org,  # noqa: F401
    persons,
)
from graph.extract.text import Sentence, cue_regex
from graph.ids import ID_BASE, local_iri, person_iri, slugify

__all__ = ["Entity", "EntityMention", "SentenceAnalysis", "Registry", "analyse_sentence"]


@dataclass
class Entity:
    """One node of the report's graph (place, actor or group).

    Attributes
    ----------
    iri : str
    types : list of str
        tkg class names, most specific first.
    label : str
    alt_labels : set of str
        Other surfaces seen in the report.
    props : dict
        tkg property local name -> list of values (Entity, or plain Python
        values turned into literals).
    evidence : list of Sentence
        Sentences that state the entity's own facts (memberships).
    """

    iri: str
    types: list[str]
    label: str
    alt_labels: set[str] = field(default_factory=set)
    props: dict[str, list] = field(default_factory=dict)
    evidence: list[Sentence] = field(default_factory=list)

    def add(self, prop: str, value) -> None:
        """Add a property value once."""
        values = self.props.setdefault(prop, [])
        if value not in values:
            values.append(value)

    @property
    def is_place(self) -> bool:
        """True for places."""
        return self.types[0] in ("Country", "Region", "City", "SeaArea", "PoliticalUnion")

    def __hash__(self) -> int:
        return hash(self.iri)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entity) and other.iri == self.iri


@dataclass(frozen=True)
class EntityMention:
    """An entity mentioned at offsets (relative to the sentence)."""

    start: int
    end: int
    entity: Entity
    text: str


class Registry:
    """All entities of one report, one per IRI.

    Parameters
    ----------
    report : str
        The report IRI (local entities are minted under it).
    """

    def __init__(self, report: str):
        self.report = report
        self.entities: dict[str, Entity] = {}
        self.surnames: dict[str, Entity | None] = {}
        # cross-sentence memory (last speaker, organisation, groups, year, ...): one owner
        self.discourse = Discourse()
        self._surname_rx: tuple[int, re.Pattern] | None = None
        # acronyms given in parentheses after an organisation's name -> the organisation
        self.acronyms: dict[str, Entity] = {}
        self._acronym_rx: tuple[int, re.Pattern] | None = None

    def _get(self, iri: str, types: list[str], label: str, surface: str | None = None) -> Entity:
        ent = self.entities.get(iri)
        if ent is None:
            ent = self.entities[iri] = Entity(iri, types, label)
        if surface and surface != ent.label and surface.lower() != ent.label.lower():
            ent.alt_labels.add(surface)
        return ent

    def place(self, iri: str, surface: str | None = None) -> Entity | None:
        """Return the entity of a gazetteer place."""
        p = place(iri)
        if p is None:
            return None
        fresh = iri not in self.entities
        ent = self._get(iri, [p.kind], p.label, None)
        if fresh:
            if p.iso2:
                ent.add("isoCode", p.iso2)
            if p.iso3:
                ent.add("iso3Code", p.iso3)
            if p.kind in ("City", "Region"):  # a city or a region inside countries
                for parent in p.part_of:
                    if "/country/" in parent:
                        ent.add("partOf", self.place(parent))
            if p.kind == "City" and p.lat is not None and p.lon is not None:
                from decimal import Decimal

                from ontology.places import get as gazetteer_place

                if gazetteer_place(iri) is None:  # (the places graph has the gazetteer's own)
                    ent.add("lat", Decimal(f"{p.lat:.4f}"))
                    ent.add("long", Decimal(f"{p.lon:.4f}"))
        if (
            surface
            and surface[:1].isupper()
            and surface.lower().removeprefix("the ") != p.label.lower()
        ):
            if not surface.isupper() or len(surface) > 3:
                ent.alt_labels.add(surface.removeprefix("the "))
        return ent

    def org(self, iri: str, surface: str | None = None) -> Entity:
        """Return the entity of a gazetteer organisation."""
        o = org_by_iri()[iri]
        fresh = iri not in self.entities
        ent = self._get(iri, [o.kind], o.label, surface)
        if fresh and o.based:
            based = self.place(o.based)
            if based is not None:
                ent.add("basedIn", based)
        return ent

    def generic_org(self, label: str, kind: str, country: Entity | None, noun: str) -> Entity:
        """Return a country's government body or police ("Italian authorities")."""
        if country is not None:
            iri = f"{ID_BASE}org/{slugify(country.label)}-{slugify(noun)}"
        else:
            iri = local_iri(self.report, kind, label.lower())
        ent = self._get(iri, [kind], label, label)
        if country is not None:
            if country.types[0] == "Country":
                ent.add("nationality", country)
            ent.add("basedIn", country)
        return ent

    def group(self, label: str, kind: str, nationality: Entity | None = None) -> Entity:
        """Return a report-local group (criminal group, victims, migrants)."""
        key = _RX_GROUP_ARTICLE.sub("", label.lower())
        key = _RX_GROUP_PLURAL.sub("", key)
        base = "CriminalGroup" if kind == "CriminalGroup" else "PersonGroup"
        iri = local_iri(self.report, base, key)
        ent = self._get(iri, [kind], label, label)
        if nationality is not None:
            if nationality.types[0] == "Country":
                ent.add("nationality", nationality)
            elif kind == "CriminalGroup":
                ent.add("basedIn", nationality)
        return ent

    def surname_rx(self) -> re.Pattern | None:
        """Return a regex matching the surnames seen so far (cached)."""
        if not self.surnames:
            return None
        if self._surname_rx is None or self._surname_rx[0] != len(self.surnames):
            alts = "|".join(re.escape(s) for s in sorted(self.surnames, key=len, reverse=True))
            self._surname_rx = (len(self.surnames), re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])"))
        return self._surname_rx[1]

    def person(self, name: str) -> Entity:
        """Return a person by full name (and index the surname).

        The surname is the last word with the particles before it ("De La
        Torre"); a surname two people of the report share resolves to
        neither (``surnames`` maps it to None).
        """
        name = " ".join(name.split())
        ent = self._get(person_iri(name), ["Person"], name)
        surname = _surname(name)
        if len(surname) > 2:
            if self.surnames.setdefault(surname, ent) not in (ent, None):
                self.surnames[surname] = None
        return ent


_PARTICLES = frozenset(
    "de del della der den di da dos das du la le van von ter ten bin ibn al el".split()
)


def _surname(name: str) -> str:
    """The surname of a full name: the last word and the particles before it."""
    words = name.split()
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in _PARTICLES:
        i -= 1
    return " ".join(words[i:])


@dataclass
class SentenceAnalysis:
    """Entity mentions of one sentence (offsets relative to the sentence)."""

    sentence: Sentence
    places: list[EntityMention] = field(default_factory=list)
    demonyms: list[tuple[Mention, Entity]] = field(default_factory=list)
    actors: list[EntityMention] = field(default_factory=list)
    groups: list[EntityMention] = field(default_factory=list)
    raw: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The sentence text: a plain attribute (not a field), read by every rule
        # many times a sentence (a property cost a call each time).
        self.text: str = self.sentence.text


_GOV_NOUN = (
    r"(?P<noun>law enforcement (?:officials|agencies|authorities|officers)|border police|"
    r"border guards?|coast ?guards?(?: officials)?|police(?: force| officers| officials)?|"
    r"(?:national|federal|state|border|immigration) police|immigration (?:authorities|officials|service)|"
    r"authorities|government|officials|prosecutors|ministry of (?:the )?interior|interior ministry|"
    r"security forces|navy|military|army|courts?|labou?r inspectors?)"
)
_RX_GOV = re.compile(rf"(?:'s|’s)?\s+{_GOV_NOUN}\b", re.I)
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")
# group keys ("the smugglers" -> "smuggler") and "the" just before a group noun
_RX_GROUP_ARTICLE = re.compile(r"^(?:an?|the|one|some)\s+")
_RX_GROUP_PLURAL = re.compile(r"s\b$")
_RX_THE_END = re.compile(r"\b[Tt]he\s+$")
_RX_GOV_OF = re.compile(rf"\b{_GOV_NOUN}\s+(?:in|of)\s+(?:the\s+)?$", re.I)
_RX_ANAPHOR = re.compile(
    r"\b[Tt]he (?P<org>agency|organi[sz]ation)\b|\b[Tt]he (?P<grp>network|gang|ring|syndicate|cartel|group)\b"
)
# Government bodies named in full but not in the gazetteer ("the National Child
# Rights Council", "the Inter-Ministerial Committee on Trafficking", "the
# Ministry of Labor and Employment").
_CAP = r"[A-Z][\w'’-]+"
_BODY_HEAD = r"(?:Council|Commission|Committee|Bureau|Agency|Directorate|Task Force|Unit|Office|Authority|Institute|Secretariat|Service)"
_RX_BODY = re.compile(
    rf"\b(?P<name>(?P<head>(?:National|Federal|State|Central|Special|Presidential|Supreme|Inter-?[Mm]inisterial|"
    rf"Interagency|Inter-[Aa]gency|Anti-[Tt]rafficking|Permanent)(?:\s+{_CAP}){{0,4}}?\s+{_BODY_HEAD}"
    rf"|(?:Ministry|Department|Secretariat) (?:of|for) (?:the\s+)?{_CAP}(?:\s+(?:and\s+)?{_CAP}){{0,3}})"
    rf"(?:\s+(?:for|of|on|against)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|of\s+|in\s+)?{_CAP}){{0,4}})?)"
)
_BODY_HINT = cue_regex(
    "NFSCPIAMD",
    r"(?:National|Federal|State|Central|Special|Presidential|Supreme|Inter|Anti-|Permanent|"
    r"Ministry|Department|Secretariat)[\s-]",
    0,
)
_LAW_NAME = re.compile(
    r"Police|Investigat|Crime|Border|Guard|Prosecut|Gendarmerie|Immigration", re.I
)
_LAW_NOUNS = ("police", "guard", "law enforcement", "prosecutor", "security", "navy", "inspector")

_GROUP_NOUN = cue_regex(
    "ocgsmtnrk",
    r"\b(?:organi[sz]ed crime groups?|(?:crime|criminal) (?:groups?|organi[sz]ations?|networks?|"
    r"syndicates?|gangs?|rings?|enterprises?)|(?:groups?|networks?|rings?|gangs?|bands?|cells?) of "
    r"(?:[\w-]+\s+)?(?:criminals|traffickers|smugglers|pimps|kidnappers|facilitators)|"
    r"gangs?|syndicates?|cartels?|mafias?|clans?|triads?|"
    r"(?:smuggling|trafficking) (?:networks?|rings?|gangs?|syndicates?|organi[sz]ations?|groups?|"
    r"cells?|enterprises?)|networks?|rings?|traffickers|smugglers|kidnappers)\b",
    re.I,
)
# nouns that name a criminal group only with a nationality or a people before them
# ("Albanian smugglers", "Bedouin kidnappers"; plain "traffickers" is no group)
_PEOPLE_ONLY = ("traffickers", "smugglers", "kidnappers")
_GROUP_QUAL = set(
    """people human sex child drug migrant arms organized organised international transnational
    criminal crime smuggling trafficking violent notorious powerful large small local
    family-based family armed""".split()
)
# The word before an offset (searched in a window ending there: a pattern
# anchored with "$" searched over the whole sentence head tries every position).
_PREV_WORD = re.compile(r"([\w'-]+)\s+$")
_PREV_LISTED = re.compile(r"([\w'-]+)(,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+)$")
_DEFINITE = re.compile(r"\b[Tt]he\s+$")
_KNOWN_AS = re.compile(
    r",?\s+(?:known as|called|named|dubbed|calling itself)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
)
_ADVERB = r"(?:(?:mainly|mostly|largely|chiefly|predominantly|primarily|partly|reportedly) )?"
_MADE_OF = re.compile(
    rf",?\s+(?:(?:which|that) (?:was|is|were|are) )?{_ADVERB}(?:made up of|composed of|consisting of|"
    r"comprising|formed by|formed of|(?:led|run|headed|controlled|operated) by)\s+(?P<who>[^,.;]{3,80}?)\b(?:nationals|citizens|men|members|"
    r"people|individuals|suspects|brothers|sisters|relatives|families|family members|women)\b",
    re.I,
)
_MADE_OF_HINT = re.compile(r"\b(?:of|by|comprising|from|in)\s", re.I)
# "..., made up of individuals originating from A, B and C" (countries, not adjectives)
_MADE_OF_FROM = re.compile(
    rf",?\s+(?:(?:which|that|who) (?:was|is|were|are) )?{_ADVERB}(?:made up of|composed of|"
    r"consisting of|comprising|formed by|formed of)\s+(?:[\w-]+\s+){0,3}?(?:individuals|people|"
    r"persons|members|nationals|citizens|suspects|men|women)\s+(?:(?:originating|coming|hailing|"
    r"originally|mainly|mostly) )?from\s+(?:the\s+)?",
    re.I,
)
# "<group> (which) (tend to) originate(s) from A and B": where the group comes from
_ORIGINATE = re.compile(
    rf"\s+(?:(?:which|that|who)\s+)?(?:(?:tend|tends|tended) to\s+)?{_ADVERB}"
    r"(?:originate|originates|originated|originating|come|comes|came|hail|hails|hailed)\s+"
    r"(?:mainly\s+|mostly\s+)?from\s+(?:the\s+)?",
    re.I,
)
_AND_OTHER = re.compile(r"([\w'-]+)\s+and\s+$")
_ANTI = re.compile(r"(?i:anti|counter)-$")
# "<people> (originally) from A and B", "nationals of A": the group's nationality
_PG_FROM = re.compile(
    r"\s+(?:(?:originally|originating|coming|hailing|who (?:are|were) (?:originally )?)\s+)?"
    r"(from|of)\s+(?:the\s+)?",
    re.I,
)
_PG_OF = re.compile(r"nationals|citizens|natives", re.I)
_PG_FROM_START = (
    " from ",
    " of ",
    " originally ",
    " originating ",
    " coming ",
    " hailing ",
    " who ",
)


@functools.cache
def _movement_rx() -> re.Pattern:
    import yaml

    path = Path(__file__).with_name("data") / "org_groups.yaml"
    verbs = yaml.safe_load(path.read_text(encoding="utf-8"))["movement_verbs"]
    alts = "|".join(sorted(verbs, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\s+(?:[\w,-]+\s+){{0,4}}$", re.I)


def _moved_before(text: str, start: int) -> bool:
    """A verb that moves people shortly before ``start`` ("moved hundreds of migrants")."""
    return _movement_rx().search(text, max(0, start - 50), start) is not None


# a list of countries followed by a journey's next leg ("from Libya to Italy") is a departure
_JOURNEY_AFTER = re.compile(r",?\s+(?:to|into|towards|toward|for|via|through|across|and on to)\b")
# "<group>, based in PLACE", "<group> operating out of PLACE"
_BASED_AFTER = re.compile(
    r",?\s+(?:(?:which|that|who) (?:is|was|are|were) )?(?:based|headquartered|operating|active)"
    r"\s+(?:in|out of|from)\s+(?:the\s+)?"
)
# group nouns a capitalised name can stand before ("the Kinahan cartel", "the X Trafficking
# Organization"); networks and rings take only places and adjectives
_NAMEABLE = re.compile(r"cartels?|clans?|mafias?|gangs?|syndicates?|.*organi[sz]ations?", re.I)
_WEAK_GROUP = re.compile(r"^(?:networks?|rings?|traffickers|smugglers|clans?)$", re.I)

_PG_NOUN = (
    r"(?:children|minors|women|girls|boys|men|workers|labou?rers|migrants|refugees|"
    r"asylum[- ]seekers|immigrants|(?:trafficking )?victims|people|persons|nationals|citizens|families|teenagers|"
    r"fishermen|students)"
)
_RX_PGROUP = cue_regex(
    "cmwgblraitvpnfs",
    rf"\b(?P<noun>{_PG_NOUN})"
    rf"(?:(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?P<noun2>{_PG_NOUN})){{0,3}}\b",
    re.I,
)
_PG_QUAL = set(
    """young underage unaccompanied undocumented illegal irregular foreign vulnerable female male
    roma trafficked migrant child poor rural domestic economic potential identified
    stranded desperate""".split()
)
_PG_STRONG = re.compile(r"^(?:migrants|refugees|asylum[- ]seekers|immigrants|victims)$", re.I)
_MIGRANT_NOUN = re.compile(r"migrants|refugees|asylum|immigrants|nationals|citizens|families", re.I)


def _place_mentions(sa: SentenceAnalysis, reg: Registry, mentions: list[Mention]) -> None:
    off = sa.sentence.start
    for m in mentions:
        if m.kind == "place":
            ent = reg.place(m.iri, m.text)
            if ent is not None:
                sa.places.append(EntityMention(m.start - off, m.end - off, ent, m.text))
        elif m.kind == "demonym":
            ent = reg.place(m.iri)
            if ent is not None:
                sa.demonyms.append((m, ent))


def _overlaps(spans, s: int, e: int) -> bool:
    for x in spans:  # (a loop: cheaper than any() over a generator, called very often)
        if x.start < e and s < x.end:
            return True
    return False


def _acronym_rx(reg: Registry) -> re.Pattern | None:
    """A regex matching the acronyms the report has defined so far (cached)."""
    if not reg.acronyms:
        return None
    if reg._acronym_rx is None or reg._acronym_rx[0] != len(reg.acronyms):
        alts = "|".join(re.escape(a) for a in sorted(reg.acronyms, key=len, reverse=True))
        reg._acronym_rx = (len(reg.acronyms), re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])"))
    return reg._acronym_rx[1]


# NGOs named beside their kind: "the NGO Sea Rescue Now", "the Israeli organization X",
# "X, a local non-governmental organization,"
_NGO_NOUN = (
    r"(?:NGO|non-?governmental organi[sz]ation|charity|non-?profit(?: organi[sz]ation| group)?|"
    r"(?:human )?rights (?:group|organi[sz]ation)|advocacy group|aid (?:group|agency|organi[sz]ation)|"
    r"humanitarian (?:group|organi[sz]ation|agency))"
)
_NGO_NAME = (
    r"(?P<name>[A-Z][\w'’&.-]*(?:\s+(?:(?:for|of|the|and|on|in|against|&|de|du|des|sans)\s+)*"
    r"[A-Z][\w'’&.-]*){0,6})"
)
_RX_NGO_BEFORE = cue_regex("Nnchrao", rf"\b(?:{_NGO_NOUN}|organi[sz]ation)\s+{_NGO_NAME}", 0)
_RX_NGO_APPOSITION = re.compile(rf",\s+an?\s+(?:[\w-]+\s+){{0,2}}{_NGO_NOUN}\b")
_RX_NGO_NAME_END = re.compile(rf"{_NGO_NAME}$")


def _ngo_names(sa: SentenceAnalysis, reg: Registry) -> None:
    """NGOs the text names beside their kind ("the charity X", "X, a local NGO,")."""
    text = sa.text
    stop = name_stopwords()
    found = list(_RX_NGO_BEFORE.finditer(text))
    for a in _RX_NGO_APPOSITION.finditer(text):  # the name just before ", a ... NGO"
        m = _RX_NGO_NAME_END.search(text, max(0, a.start() - 80), a.start())
        if m is not None:
            found.append(m)
    for m in found:
        s, e = m.span("name")
        words = m.group("name").split()
        while words and words[0] in stop:  # "The X, a charity": not "The"
            s = text.index(words[1], s) if len(words) > 1 else e
            words = words[1:]
        while words and words[-1] in stop:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        e = s + len(text[s:].split(words[-1], 1)[0]) + len(words[-1])
        if _overlaps(sa.actors, s, e) or any(p.start <= s and e <= p.end for p in sa.places):
            continue
        org = reg._get(f"{ID_BASE}org/{slugify(name)}", ["NonGovernmentalOrganization"], name, name)
        sa.actors.append(EntityMention(s, e, org, name))


_ACRONYM_BEFORE = re.compile(r"(?<![\w-])([A-Z][A-Za-z&.-]{1,11})\s*\($")
_ACRONYM_AFTER = re.compile(r"(?:['’]s)?\s*\((?:the\s+)?([A-Z][A-Za-z.&-]{1,11})\)")


def _org_country(sa: SentenceAnalysis, s: int, e: int) -> tuple[Entity | None, str]:
    """The first country named inside a span (a place or an adjective), and its surface."""
    off = sa.sentence.start
    best: tuple[int, Entity, str] | None = None
    for pm in sa.places:
        if s <= pm.start and pm.end <= e and pm.entity.types[0] == "Country":
            best = min(best or (pm.start, pm.entity, pm.text), (pm.start, pm.entity, pm.text))
    for dm, ent in sa.demonyms:
        a = dm.start - off
        if s <= a and dm.end - off <= e and ent.types[0] == "Country":
            if best is None or a < best[0]:
                best = (a, ent, dm.text)
    return (best[1], best[2]) if best else (None, "")


def _pattern_orgs(sa: SentenceAnalysis, reg: Registry) -> None:
    """Organisations named by pattern ("the Nepal Police", "Ministry of Labour"), and
    the acronyms the report defines for organisations ("... Migration (DCIM)").

    Head nouns and their classes are data (``data/org_patterns.yaml``, read by
    :func:`graph.extract.gazetteer.find_org_names`). A name that starts with a
    country ("Libyan Directorate ...", "Nepal Police") is that country's body
    (the same node as "Nepalese police"). An acronym in parentheses after an
    organisation becomes its altLabel, and later bare uses of it name it.
    """
    text = sa.text
    for a in list(sa.actors):  # gazetteer organisations followed by an acronym
        m = _ACRONYM_AFTER.match(text, a.end)
        if m and sum(c.isupper() for c in m.group(1)) >= 2 and m.group(1) not in reg.acronyms:
            reg.acronyms[m.group(1)] = a.entity
            if m.group(1) != a.entity.label:
                a.entity.alt_labels.add(m.group(1))
    for o in find_org_names(text):
        if _overlaps(sa.actors, o.start, o.end):
            continue
        if any(pm.start <= o.start and o.end <= pm.end for pm in sa.places):
            continue  # a place's own name ("... Federation")
        country, surface = _org_country(sa, o.start, o.end)
        if country is not None:
            noun = " ".join(o.name.replace(surface, " ", 1).split()).removeprefix("of ")
            org = reg.generic_org(o.name, o.kind, country, noun or o.name)
        else:
            org = reg._get(f"{ID_BASE}org/{slugify(o.name)}", [o.kind], o.name, o.name)
            for pm in sa.places:
                if o.start <= pm.start and pm.end <= o.end:
                    org.add("basedIn", pm.entity)
                    break
        if o.acronym:
            if o.acronym != org.label:
                org.alt_labels.add(o.acronym)
            reg.acronyms.setdefault(o.acronym, org)
        sa.actors.append(EntityMention(o.start, o.acronym_end, org, o.name))
    _ngo_names(sa, reg)
    for a in list(sa.actors):  # "ACR (Full Name)": the acronym first
        if a.start < 2 or text[a.start - 1] != "(" or not text.startswith(")", a.end):
            continue
        m = _ACRONYM_BEFORE.search(text, max(0, a.start - 16), a.start)
        if m and sum(c.isupper() for c in m.group(1)) >= 2 and a.entity.types[0] != "Person":
            if not _overlaps(sa.actors, m.start(1), m.end(1)):
                reg.acronyms.setdefault(m.group(1), a.entity)
                if m.group(1) != a.entity.label:
                    a.entity.alt_labels.add(m.group(1))
                sa.actors.append(EntityMention(m.start(1), m.end(1), a.entity, m.group(1)))
    rx = _acronym_rx(reg)
    if rx is not None:
        for m in rx.finditer(text):
            if not _overlaps(sa.actors, m.start(), m.end()):
                ent = reg.acronyms[m.group(0)]
                sa.actors.append(EntityMention(m.start(), m.end(), ent, m.group(0)))


def _named_bodies(sa: SentenceAnalysis, reg: Registry) -> None:
    """Government bodies named in full that the gazetteer does not know."""
    _pattern_orgs(sa, reg)
    text = sa.text
    if not _BODY_HINT.search(text):
        return
    for m in _RX_BODY.finditer(text):
        s, e = m.span("name")
        if _overlaps(sa.places, s, e):
            e = m.end("head")  # "Special Anti-Trafficking Unit (of the Nepal Police)"
        if _overlaps(sa.actors, s, e) or _overlaps(sa.places, s, e):
            continue
        name = text[s:e]
        kind = "LawEnforcementAgency" if _LAW_NAME.search(m.group("name")) else "GovernmentBody"
        org = reg.generic_org(name, kind, None, name)
        sa.actors.append(EntityMention(s, e, org, name))


def _gov_bodies(sa: SentenceAnalysis, reg: Registry) -> None:
    off = sa.sentence.start
    anchors = [(dm.start - off, dm.end - off, dm.text, ent) for dm, ent in sa.demonyms]
    anchors += [(pm.start, pm.end, pm.text, pm.entity) for pm in sa.places]
    listed: tuple[int, str] | None = None  # (end of the last place, noun) of "police in A, B and C"
    text = sa.text
    for pm in sa.places:
        m = _RX_GOV_OF.search(text, 0, pm.start)  # (as on text[: pm.start], without the copy)
        start = m.start() if m else pm.start
        noun = m.group("noun").lower() if m else None
        if noun is None and listed and _LIST_SEP.fullmatch(sa.text[listed[0] : pm.start]):
            noun = listed[1]
        if noun is None or pm.entity.types[0] != "Country":
            listed = None
            continue
        kind = "LawEnforcementAgency" if any(w in noun for w in _LAW_NOUNS) else "GovernmentBody"
        adj = adjective(pm.entity.iri) or pm.entity.label
        org = reg.generic_org(f"{adj} {noun}", kind, pm.entity, noun)
        sa.actors.append(EntityMention(start, pm.end, org, sa.text[start : pm.end]))
        listed = (pm.end, noun)
    for s, e, surface, ent in anchors:
        m = _RX_GOV.match(sa.text, e)
        if not m or ent.types[0] not in ("Country", "Region", "PoliticalUnion"):
            continue
        noun = m.group("noun").lower()
        kind = "LawEnforcementAgency" if any(w in noun for w in _LAW_NOUNS) else "GovernmentBody"
        label = f"{surface} {m.group('noun')}".removeprefix("the ")
        org = reg.generic_org(label, kind, ent, noun)
        sa.actors.append(EntityMention(s, m.end(), org, sa.text[s : m.end()]))


def _criminal_groups(sa: SentenceAnalysis, reg: Registry) -> None:
    text = sa.text
    off = sa.sentence.start
    ppl = peoples()
    stop = name_stopwords()
    for m in _GROUP_NOUN.finditer(text):
        if _overlaps(sa.actors, m.start(), m.end()):
            continue
        if _ANTI.search(text, max(0, m.start() - 8), m.start()):
            continue  # "an anti-trafficking network", "counter-smuggling units"
        start = m.start()
        nationality = None
        extra: list[Entity] = []
        based = None
        names = 0
        quals = []
        people = False
        while True:
            prev = _PREV_WORD.search(text, max(0, start - 60), start)
            if not prev:
                break
            word = prev.group(1)
            dem = next(
                (d for d in sa.demonyms if d[0].end - off == prev.end(1) and not d[0].plural), None
            )
            if dem is not None:
                if nationality is not None:
                    extra.append(nationality)
                nationality = dem[1]
                start = dem[0].start - off
                quals.append(word)
                while True:  # "Chinese and Vietnamese networks", "A, B and C gangs"
                    listed = _PREV_LISTED.search(text, max(0, start - 40), start)
                    if not listed or not listed.group(2).strip():
                        break
                    before = next((d for d in sa.demonyms if d[0].end - off == listed.end(1)), None)
                    if before is None or before[0].plural:
                        break
                    extra.append(nationality)
                    nationality = before[1]
                    start = before[0].start - off
                    quals.append(listed.group(1))
                continue
            if word in ppl.names and not people:  # "Bedouin smugglers"
                people = True
                quals.append(word)
                start = prev.start(1)
                continue
            if word.lower().endswith("-based"):  # "a Libya-based network"
                pm = next((p for p in sa.places if p.end == prev.end(1) - 6), None)
                if pm is not None:
                    based = pm.entity
                    quals.append(word)
                    start = prev.start(1)
                    continue
            pm = next((p for p in sa.places if p.end == prev.end(1)), None)
            if pm is not None and pm.start >= max(0, start - 60):  # "Mexico City gangs"
                based = pm.entity
                quals.append(pm.text)
                start = pm.start
                continue
            if (
                word[:1].isupper()
                and names < 2
                and _NAMEABLE.fullmatch(m.group(0))
                and word not in stop
                and not word.endswith(("'s", "’s"))
                and not word.isupper()
            ):  # "the Kinahan cartel"
                names += 1
                quals.append(word)
                start = prev.start(1)
                continue
            if word.lower() in _GROUP_QUAL:
                quals.append(word)
                start = prev.start(1)
                continue
            break
        if nationality is None and " of " in m.group(0):  # "a network of Nigerian traffickers"
            dem = next(
                (
                    d
                    for d in sa.demonyms
                    if m.start() <= d[0].start - off < m.end() and not d[0].plural
                ),
                None,
            )
            if dem is not None:
                nationality = dem[1]
        if _WEAK_GROUP.match(m.group(0)) and not quals:
            continue
        if not quals and reg.discourse.last_group is not None and _DEFINITE.search(text, 0, start):
            continue  # "the gang": the group named before (resolved as an anaphor)
        if m.group(0).lower() in _PEOPLE_ONLY and nationality is None and not people:
            continue
        label = text[start : m.end()]
        if (
            label[:1].isupper()
            and nationality is None
            and not people
            and not names
            and based is None
            and not label.split()[0].isupper()
        ):
            label = label[0].lower() + label[1:]
        named = _KNOWN_AS.match(text, m.end()) if "as" in text or "ed " in text else None
        end = m.end()
        ent = None
        if named:
            end = named.end("name")
            known = [a for a in sa.actors if a.start == named.start("name")]
            if known and known[0].entity.types[0] in ("CriminalGroup", "TerroristGroup"):
                ent = known[0].entity  # a group the gazetteer knows by name
                ent.alt_labels.add(label)
                if nationality is not None and nationality.types[0] == "Country":
                    ent.add("nationality", nationality)
                end = known[0].end
            elif _overlaps(sa.actors, named.start("name"), end) or _overlaps(
                sa.places, named.start("name"), end
            ):
                end = m.end()
        if ent is None:
            ent = reg.group(label, "CriminalGroup", nationality)
            if end > m.end():
                ent.alt_labels.add(named.group("name"))
        if based is not None:
            ent.add("basedIn", based)
        for other in extra:
            if other.types[0] == "Country":
                ent.add("nationality", other)
        sa.actors.append(EntityMention(start, end, ent, label))


# a bare noun ("girls", "workers") is a group of its own as the object or the
# subject of an exploitation: "traffickers exploit girls in ...", "women were sold"
_VICTIM_VERB = r"(?:exploit|traffick|enslav|subject|coerc|forc|sell|sold|recruit|lur)"
_VICTIMS_BEFORE = re.compile(rf"\b{_VICTIM_VERB}\w*\s+$", re.I)
_VICTIMS_AFTER = re.compile(
    r"(?:\s+and\s+[a-z]+)?\s+(?:are|were|is|was|have\s+been|has\s+been|had\s+been|being|"
    r"remain|remains)\s+(?:\w+\s+)?"
    rf"(?:{_VICTIM_VERB}\w*\b|vulnerable\s+to\b|at\s+(?:\w+\s+)?risk\s+of\b)",
    re.I,
)


def _victims_of(text: str, start: int, end: int) -> bool:
    """Whether the noun at ``start:end`` is who an exploitation verb acts on.

    Examples
    --------
    >>> t = "Traffickers exploit girls in bars."
    >>> _victims_of(t, 20, 25)
    True
    >>> _victims_of("The girls went to school.", 4, 9)
    False
    """
    return bool(
        _VICTIMS_BEFORE.search(text, max(0, start - 20), start) or _VICTIMS_AFTER.match(text, end)
    )


def _person_groups(sa: SentenceAnalysis, reg: Registry) -> None:
    text = sa.text
    off = sa.sentence.start
    ppl = peoples()
    spans: list[tuple[int, int, Entity | None, str]] = []
    extras: dict[tuple[int, int], list[Entity]] = {}
    for m in _RX_PGROUP.finditer(text):
        if _overlaps(sa.actors, m.start(), m.end()):
            continue
        start = m.start()
        nationality = None
        extra: list[Entity] = []
        quals = []
        while True:
            prev = _PREV_LISTED.search(text, max(0, start - 60), start)
            if not prev:
                break
            listed = prev.group(2).strip() != ""
            dem = next((d for d in sa.demonyms if d[0].end - off == prev.end(1)), None)
            if dem is not None and (nationality is not None or not listed):
                if nationality is not None:
                    extra.append(nationality)
                nationality = dem[1]
                start = dem[0].start - off
                quals.append(prev.group(1))
                continue
            if listed:
                break
            if prev.group(1) in ppl.names:  # "Rohingya refugees": a people, no country
                quals.append(prev.group(1))
                start = prev.start(1)
                continue
            if prev.group(1).lower() == "other" and nationality is None:
                # "Nepali and other migrant workers"
                before = _AND_OTHER.search(text, max(0, prev.start(1) - 40), prev.start(1))
                dem = before and next(
                    (d for d in sa.demonyms if d[0].end - off == before.end(1)), None
                )
                if dem:
                    nationality = dem[1]
                    start = dem[0].start - off
                    quals.append(before.group(1))
                    continue
            if prev.group(1).lower() in _PG_QUAL:
                quals.append(prev.group(1))
                start = prev.start(1)
                continue
            break
        noun = m.group("noun")
        end = m.end()
        if nationality is None and sa.places and text.startswith(_PG_FROM_START, end):
            origin = _PG_FROM.match(text, end)  # "women from Nigeria and Ghana"
            if origin and (origin.group(1).lower() != "of" or _PG_OF.match(noun)):
                listed_places = _place_list(sa, origin.end(), countries=True)
                if (
                    listed_places
                    and not _JOURNEY_AFTER.match(text, listed_places[-1][1])
                    and not _moved_before(text, start)
                ):
                    nationality = listed_places[0][0]
                    extra.extend(p for p, _ in listed_places[1:])
                    end = listed_places[-1][1]
                    quals.append(origin.group(0))
        if not quals and not m.group("noun2") and not _PG_STRONG.match(noun):
            earlier = []
            if _RX_THE_END.search(text, 0, m.start()):  # (as on text[: m.start()])
                earlier = [
                    g
                    for g in reg.discourse.recent_pgroups
                    if g.label.lower().endswith(noun.lower())
                ]
            if earlier:  # "the women": the women named before
                sa.groups.append(EntityMention(m.start(), m.end(), earlier[-1], noun))
                continue
            if not _victims_of(text, m.start(), m.end()):
                continue
        spans.append((start, end, nationality, text[start:end]))
        if extra:
            extras[(start, end)] = extra
    plural_at = {(dm.start - off, dm.end - off) for dm, _ in sa.demonyms if dm.plural}
    for dm, dent in sa.demonyms:
        if dm.plural or (
            dm.text.endswith(("ese", "Swiss")) and _listed_with(text, dm, off, plural_at)
        ):
            s, e = dm.start - off, dm.end - off
            if any(a <= s < b for a, b, _, _ in spans):
                continue
            prev = _PREV_WORD.search(text, max(0, s - 60), s)
            if prev and prev.group(1).lower() in _PG_QUAL:
                s = prev.start(1)
            spans.append((s, e, dent, text[s:e]))
    if ppl.rx.search(text):
        for pm in ppl.rx.finditer(text):  # "the Yazidis", "the Rohingya fled"
            s, e = pm.span()
            if pm.group(0) not in ppl.standalone or any(a <= s < b for a, b, _, _ in spans):
                continue
            if _overlaps(sa.actors, s, e) or _overlaps(sa.places, s, e):
                continue
            if not pm.group(0).endswith("s") and not _ALONE_AFTER.match(text, e):
                continue
            spans.append((s, e, None, pm.group(0)))
    for s, e, nat, label in spans:
        # a neutral noun ("children", "women") is a PersonGroup until a rule
        # makes it the victim of something (frames add VictimGroup then)
        kind = "MigrantGroup" if _MIGRANT_NOUN.search(label) or nat is not None else "PersonGroup"
        if re.search(r"victims|trafficked", label, re.I):
            kind = "VictimGroup"
        if label[:1].isupper() and not any(label.startswith(d.text) for d, _ in sa.demonyms):
            if label.split()[0] not in ppl.names:
                label = label[0].lower() + label[1:]
        ent = reg.group(label, kind, nat)
        for other in extras.get((s, e), []):
            if other.types[0] == "Country":
                ent.add("nationality", other)
        sa.groups.append(EntityMention(s, e, ent, label))
        reg.discourse.recent_pgroups.append(ent)


_ALONE_AFTER = re.compile(
    r"\s*(?:[,.;:)]|$)|\s+(?:and|or|in|from|to|who|were|are|was|is|have|had|fled|living)\b"
)
_LIST_GAP = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)")


def _listed_with(text: str, dm: Mention, off: int, plural_at: set[tuple[int, int]]) -> bool:
    """An invariant demonym ("Sudanese") in a list of plural ones ("Eritreans, Sudanese and ...")."""
    s, e = dm.start - off, dm.end - off
    after = _LIST_GAP.match(text, e)
    if after and any(a == after.end() for a, _ in plural_at):
        return True
    return any(b < s and _LIST_GAP.fullmatch(text, b, s) for _, b in plural_at)


def _place_list(sa: SentenceAnalysis, pos: int, countries: bool = False) -> list:
    """The places listed from ``pos`` on ("Kosovo, the Czech Republic and Serbia").

    Entities; with ``countries``, ``(country, end offset)`` pairs of a list of
    countries only (empty when another kind of place is listed).
    """
    out: list = []
    for pm in sorted(sa.places, key=lambda p: p.start):
        if pm.start < pos:
            continue
        if pm.start != pos and not _LIST_SEP.fullmatch(sa.text, pos, pm.start):
            break
        if countries:
            if pm.entity.types[0] != "Country":
                return []
            out.append((pm.entity, pm.end))
        else:
            out.append(pm.entity)
        pos = pm.end
    return out


def _group_makeup(sa: SentenceAnalysis) -> None:
    """Nationalities of a group's members ("the gang, made up of Greek and Syrian nationals",
    "a network made up of individuals originating from Kosovo and Serbia") and where a
    group comes from ("these gangs originate from Romania and Bulgaria")."""
    if not _MADE_OF_HINT.search(sa.text):
        return
    off = sa.sentence.start
    for a in sa.actors:
        if a.entity.types[0] != "CriminalGroup":
            continue
        based = _BASED_AFTER.match(sa.text, a.end)
        if based is not None:
            pm = next((p for p in sa.places if p.start == based.end()), None)
            if pm is not None:
                a.entity.add("basedIn", pm.entity)
            continue
        m = _MADE_OF_FROM.match(sa.text, a.end) or _ORIGINATE.match(sa.text, a.end)
        if m is not None and sa.places:
            for place_ent in _place_list(sa, m.end()):
                if place_ent.types[0] == "Country":
                    a.entity.add("nationality", place_ent)
                elif place_ent.types[0] == "Region":
                    a.entity.add("basedIn", place_ent)
            continue
        if not sa.demonyms:
            continue
        m = _MADE_OF.match(sa.text, a.end)
        if not m:
            continue
        for dm, ent in sa.demonyms:
            if m.start("who") <= dm.start - off < m.end() and ent.types[0] == "Country":
                a.entity.add("nationality", ent)
        sa.groups = [g for g in sa.groups if not (m.start("who") <= g.start < m.end())]


def analyse_sentence(
    s: Sentence, reg: Registry, mentions: list[Mention] | None = None
) -> SentenceAnalysis:
    """Find the entities mentioned in one sentence.

    Parameters
    ----------
    s : Sentence
        The sentence (offsets in the report).
    reg : Registry
        The report's entities; new ones are added to it.
    mentions : list of Mention, optional
        Gazetteer mentions of the sentence with report offsets (found with
        :func:`graph.extract.gazetteer.find_mentions` if not given).

    Returns
    -------
    SentenceAnalysis
    """
    if mentions is None:
        mentions = [
            Mention(m.start + s.start, m.end + s.start, m.kind, m.iri, m.text, m.plural)
            for m in find_mentions(s.text)
        ]
    sa = SentenceAnalysis(s, raw=mentions)
    _place_mentions(sa, reg, mentions)
    orgs = []
    for m in mentions:
        if m.kind == "org":
            em = EntityMention(m.start - s.start, m.end - s.start, reg.org(m.iri, m.text), m.text)
            orgs.append(em)
    sa.actors.extend(orgs)
    _named_bodies(sa, reg)
    _gov_bodies(sa, reg)
    persons(sa, reg, orgs)
    _criminal_groups(sa, reg)
    _person_groups(sa, reg)
    for m in _RX_ANAPHOR.finditer(s.text):
        if _overlaps(sa.actors, m.start(), m.end()):
            continue
        ref = reg.discourse.last_org
        if m.group("grp"):
            noun = m.group("grp").lower()
            same = [g for g in reg.discourse.recent_groups if noun in g.label.lower()]
            ref = same[-1] if same else reg.discourse.last_group
        if ref is not None:
            sa.actors.append(EntityMention(m.start(), m.end(), ref, m.group(0)))
    _group_makeup(sa)
    for a in sa.actors:
        if a.entity.types[0] == "CriminalGroup":
            reg.discourse.last_group = a.entity
            reg.discourse.recent_groups.append(a.entity)
        elif (
            a.entity.types[0]
            in ("LawEnforcementAgency", "InternationalOrganization", "NonGovernmentalOrganization")
            and a.entity.iri in org_by_iri()
        ):
            reg.discourse.last_org = a.entity
    sa.actors.sort(key=lambda m: m.start)
    sa.groups.sort(key=lambda m: m.start)
    return sa
