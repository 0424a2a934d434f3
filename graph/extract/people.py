"""People of one report: person-name mentions and their attributes.

:func:`persons` finds the people of one sentence (a role title before a
name, "NAME, a ROLE for ORG", "ORG's ROLE NAME", "NAME said", a surname
seen before) and adds them to the sentence's actors;
:func:`graph.extract.entities.analyse_sentence` calls it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.extract.entities import Entity, EntityMention, Registry, SentenceAnalysis

__all__ = ["persons"]

_ROLE = (
    r"(?:executive director|deputy director|director[- ]general|director|spokes(?:man|woman|person)|"
    r"press officer|chief executive|chief|head|(?:interior |foreign |justice |prime )?minister|"
    r"president|commissioner|(?:chief |detective )?inspector|detective|superintendent|"
    r"(?:public )?prosecutor|attorney|lawyer|judge|researcher|analyst|official|coordinator|"
    r"secretary[- ]general|secretary|ambassador|commander|special agent in charge|(?:special )?agent|investigator|"
    r"founder|campaigner|advis[eo]r|expert|representative|(?:special )?rapporteur|"
    r"correspondent|reporter|officer|manager|deputy)"
)
_TOK = r"(?:[A-Z]'[A-Z][a-zà-ÿ]+|[A-Z][a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)?(?:-[A-Z][a-zà-ÿ]+)?)"
_NAME = rf"(?P<name>{_TOK}(?:\s+(?:{_TOK}|[A-Z]\.|de|van|von|da|di|al|bin|el|la)){{0,2}}\s+{_TOK})"
_RX_ORG_PERSON = re.compile(rf"(?:'s|’s)?\s+(?:(?P<role>(?i:{_ROLE}))\s+)?{_NAME}")
_RX_PERSON_ORG = re.compile(
    rf"{_NAME},\s+(?:a|an|the)\s+(?:senior\s+|chief\s+|deputy\s+)?(?P<role>(?i:{_ROLE}))\s+"
    r"(?:for|of|at|with|from)\s+(?:the\s+)?$"
)
# (the lookahead: the letters a role title can start with, see cue_regex)
_RX_ROLE_PERSON = re.compile(
    rf"(?=(?i:[edspchifjmalro]))(?<![\w'])(?P<role>(?i:{_ROLE}))\s+{_NAME}"
)
_SPEECH = (
    r"(?:said|says|told|tells|added|adds|warned|warns|explained|noted|stressed|insisted|claimed)"
)
_RX_SPEECH = re.compile(_SPEECH)  # needed by the two patterns below (a cheap first test)
_RX_NAME_SAID = re.compile(rf"{_NAME}\s+{_SPEECH}\b")
_RX_SAID_NAME = re.compile(rf"\b{_SPEECH}\s+{_NAME}")
_NOT_NAME = set(
    """The This That These Those In On At For From With By And But Or If When While After Before
    Despite Although Many Some Most Several All Police Minister President Director Last Next
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Obviously However Meanwhile Money
    Our We They He She It Their His Her Its Mr Mrs Ms Dr Sir Lord Prime Interior Foreign Justice
    Secretary General Chief Head Agency Office Department Ministry Government Authorities Border
    Force Coast Guard National European United Nations International Special Senior Deputy""".split()
)


_PERSON_ORG_PREPS = ("for", "of", "at", "with", "from")


def _may_end_person_org(head: str) -> bool:
    """Cheap necessary condition for ``_RX_PERSON_ORG.search(head)``.

    The pattern needs a comma and ends with a preposition, white space and
    an optional "the " at the very end of ``head``; searching a long
    sentence head for it costs more than these string tests.
    """
    t = head.rstrip()
    if t == head or "," not in t:
        return False
    return t.endswith(_PERSON_ORG_PREPS) or (
        t.endswith("the") and t[:-3].rstrip().endswith(_PERSON_ORG_PREPS)
    )


def persons(sa: SentenceAnalysis, reg: Registry, orgs: list[EntityMention]) -> None:
    """Add the people named in ``sa`` to its actors (after its organisations)."""
    from graph.extract.entities import EntityMention, _overlaps

    text = sa.text

    def add_person(name: str, s: int, e: int, role: str | None, org: Entity | None) -> None:
        toks = name.split()
        if any(t.rstrip(".") in _NOT_NAME for t in toks):
            return
        if _overlaps(sa.actors, s, e) or _overlaps(sa.places, s, e):
            return
        p = reg.person(name)
        if role:
            p.add("roleTitle", role.lower())
        if org is not None:
            p.add("memberOf", org)
        if (role or org is not None) and sa.sentence not in p.evidence:
            p.evidence.append(sa.sentence)
        sa.actors.append(EntityMention(s, e, p, name))

    for om in orgs:
        m = _RX_ORG_PERSON.match(text, om.end)
        if m and (m.group("role") or text[om.end : om.end + 2] in ("'s", "’s")):
            add_person(m.group("name"), m.start("name"), m.end("name"), m.group("role"), om.entity)
        head = text[: om.start]
        before = _RX_PERSON_ORG.search(head) if _may_end_person_org(head) else None
        if before:
            add_person(
                before.group("name"),
                before.start("name"),
                before.end("name"),
                before.group("role"),
                om.entity,
            )
    for m in _RX_ROLE_PERSON.finditer(text):
        gov = None
        for dm, dent in sa.demonyms:
            if dm.end - sa.sentence.start in (m.start() - 1, m.start()):
                noun = (
                    "police"
                    if re.search(r"inspector|detective|officer", m.group("role"), re.I)
                    else "government"
                )
                kind = "LawEnforcementAgency" if noun == "police" else "GovernmentBody"
                gov = reg.generic_org(f"{dm.text} {noun}", kind, dent, noun)
        add_person(m.group("name"), m.start("name"), m.end("name"), m.group("role"), gov)
    said = (
        [*_RX_NAME_SAID.finditer(text), *_RX_SAID_NAME.finditer(text)]
        if _RX_SPEECH.search(text)
        else []
    )
    for m in said:
        if m.group("name") and not _overlaps(sa.actors, m.start("name"), m.end("name")):
            add_person(m.group("name"), m.start("name"), m.end("name"), None, None)
    # surnames of people named earlier in the report
    rx = reg.surname_rx()
    if rx is not None:
        for m in rx.finditer(text):
            if not _overlaps(sa.actors, m.start(), m.end()):
                p = reg.surnames[m.group(0)]
                sa.actors.append(EntityMention(m.start(), m.end(), p, m.group(0)))
