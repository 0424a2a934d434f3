"""People of one report: person-name mentions and their attributes.

:func:`persons` finds the people of one sentence and adds them to its
actors (:func:`graph.extract.entities.analyse_sentence` calls it after the
organisations); :func:`people_in` gives them to frame rules (defendants).

A name is the end of a run of capitalised words ("Deputy Chief Patrol Agent
Ana de la Cruz" -> "Ana de la Cruz"), after the last word that is never part
of a name (titles, heads of body, programme and place names, acronyms:
``data/person_cues.yaml``). A run is a person only with a cue: a title or
person noun before it, an apposition after it (age, alias, title of a body,
nationality, residence), a title apposition before it, a quoted nickname, a
verb only people take, a speech verb, a relation, an honorific, a list of
people; a surname alone later resolves to the full name. What the cues say
becomes ``tkg:roleTitle``, ``tkg:memberOf``, ``tkg:nationality``,
``tkg:age``, ``tkg:basedIn`` and ``skos:altLabel``, with the sentence as the
person's evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.ids import ID_BASE, local_iri

if TYPE_CHECKING:
    from graph.extract.entities import Entity, EntityMention, Registry, SentenceAnalysis

__all__ = ["persons", "people_in"]

_DATA = Path(__file__).with_name("data") / "person_cues.yaml"


def _load_cues() -> dict:
    import yaml

    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


_CUES = _load_cues()


def _alternation(phrases) -> str:
    """A regex alternation of phrases, longest first; a space matches a space or a hyphen."""
    alts = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"[- ]") for p in alts) + ")"


def _first_letters(phrases) -> str:
    return "".join(sorted({p[0].lower() for p in phrases}))


_TITLES = _CUES["titles"]
_ROLE = _alternation(_TITLES)
_MODS = _alternation(_CUES["title_modifiers"])
_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_ARABIC = r"(?:al|el|ad|as|ash|ar|an|az|ud|ul|bin|ibn|ben|abu|abd)"
_TOK = (
    rf"(?:[{_UP}]['’][{_UP}][{_LO}]+|(?:{_ARABIC}-)?[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?"
    rf"(?:-[{_UP}]?[{_LO}]+)*)"
)
_PARTICLES = (
    "de",
    "del",
    "della",
    "der",
    "den",
    "di",
    "da",
    "dos",
    "das",
    "du",
    "la",
    "le",
    "van",
    "von",
    "ter",
    "ten",
    "bin",
    "ibn",
    "al",
    "el",
    "y",
)
_PART = "(?:" + "|".join(_PARTICLES) + ")"
_NAME = rf"(?P<name>{_TOK}(?:\s+(?:{_TOK}|[{_UP}]\.|{_PART})){{0,3}}\s+{_TOK})"
_RX_ORG_PERSON = re.compile(rf"(?:'s|’s)?\s+(?:(?P<role>(?i:{_ROLE}))\s+)?{_NAME}")
_RX_PERSON_ORG = re.compile(
    rf"{_NAME},\s+(?:a|an|the)\s+(?:senior\s+|chief\s+|deputy\s+)?(?P<role>(?i:{_ROLE}))\s+"
    r"(?:for|of|at|with|from)\s+(?:the\s+)?$"
)
# (the lookahead: the letters a role title can start with, see cue_regex)
_RX_ROLE_PERSON = re.compile(
    rf"(?=(?i:[{_first_letters(_TITLES)}]))(?<![\w'])(?P<role>(?i:{_ROLE}))\s+{_NAME}"
)
_SPEECH = _alternation(v for v in _CUES["speech_verbs"] if " " not in v)
_RX_SPEECH = re.compile(_SPEECH)  # needed by the two patterns below (a cheap first test)
_RX_NAME_SAID = re.compile(rf"{_NAME}\s+{_SPEECH}\b")
_RX_SAID_NAME = re.compile(rf"\b{_SPEECH}\s+{_NAME}")
_NOT_NAME = frozenset(
    [
        *_CUES["never_names"].split(),
        *(v.title() for v in _CUES["person_verbs"] if " " not in v),
        *_CUES["demonym_nouns"],
    ]
)
_HONORIFICS = frozenset(_CUES["honorifics"])
_SURNAME_HONORIFICS = frozenset(_CUES["surname_honorifics"])
# words of titles and their modifiers, for the capitalised words before a name
_TITLE_WORDS = frozenset(
    w.rstrip(".")
    for p in (*_TITLES, *_CUES["title_modifiers"])
    for w in re.split(r"[\s-]+", p.lower())
)
_TITLE_SET = frozenset(re.sub(r"[\s-]+", " ", p.lower()) for p in _TITLES)
_MODIFIER_SET = frozenset(p.lower().rstrip(".") for p in _CUES["title_modifiers"])
_TITLE_HEADS = frozenset(re.split(r"[\s-]+", p.lower())[-1] for p in _TITLES)
_PERSON_NOUN = _alternation([*_CUES["person_nouns"], *_CUES["function_nouns"], *_CUES["relations"]])
_PLAIN_NOUNS = frozenset(
    w for n in (*_CUES["person_nouns"], *_CUES["relations"]) for w in (n, n + "s", n + "es")
) | {"men", "women", "people", "children"}
# capitalised nouns before a name that make it a person ("Defendants Jane Roe and ...")
_CAP_NOUNS = frozenset(
    w.title()
    for n in (*_CUES["person_nouns"], *_CUES["function_nouns"])
    if " " not in n
    for w in (n, n + "s")
)
_DEMONYM_NOUNS = {k.lower(): v for k, v in _CUES["demonym_nouns"].items()}
_ALIAS = _alternation(_CUES["alias_cues"])
_VERBS = _alternation(_CUES["person_verbs"])
_ACTS = _alternation(_CUES["person_acts"])
_SAYS = _alternation(_CUES["speech_verbs"])
_SUFFIXES = frozenset(_CUES["name_suffixes"])

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


# A run of capitalised words (with initials and particles) that may hold a
# title and a name: "Deputy Chief Patrol Agent Ana de la Cruz".
_RX_RUN = re.compile(
    rf"(?<![\w'’.-])[{_UP}][\w'’.-]*(?:[ ](?:{_PART}[ ])*(?:{_ARABIC}-)?[{_UP}][\w'’.-]*)*"
)
_RX_TOKEN = re.compile(r"\S+")
_RX_INITIAL = re.compile(rf"[{_UP}]\.$")
_RX_NAME_WORD = re.compile(rf"{_TOK}$")
_POSSESSIVE = ("'s", "’s")
# after a name: its age (", 34," or ", aka X, 34;"), "(34)", an alias, a place
_RX_AGE_AFTER = re.compile(
    rf",\s*(?:{_ALIAS}\s+[^,;()]{{1,60}}?,\s*)?(?:aged\s+)?(?P<age>\d{{1,3}})(?:\s+years?\s+old)?"
    r"(?=\s*(?:[,;.)]|$|and\b|or\b|(?:was|were|is|of|from|who|has|had)\b))",
    re.I,
)
_RX_AGE_PAREN = re.compile(r"\s*\((?P<age>\d{1,3})\)")
_RX_AGE_IN = re.compile(r"\b(?P<age>\d{1,3})[- ]years?[- ]old\b|\baged\s+(?P<age2>\d{1,3})\b", re.I)
_RX_ALIAS_AFTER = re.compile(
    rf"\s*(?:,\s*\d{{1,3}})?(?:,\s*|\(\s*)(?:{_ALIAS})\s+(?P<alias>[^,;()]{{1,80}}?)\s*(?=[,;()]|\.(?:\s|$)|$)",
    re.I,
)
_RX_KNOWN_AS = re.compile(
    r"\b(?:known|referred to|called)\s+(?:(?:to|by)\s+[\w\s]{1,40}?\s+)?as\s+"
    rf"(?P<alias>[\"“‘']?[{_UP}][^,;()\"”’]{{1,40}}?)[\"”’']?(?=[,;()]|\.(?:\s|$)|$|\s+(?:and|but|who|when|while)\b)"
)
_RX_QUOTED_NICK = re.compile(
    rf"(?P<first>{_TOK}(?:\s+{_TOK})?)\s+[\"“](?P<alias>[^\"”]{{2,30}})[\"”]\s+(?P<last>{_TOK}(?:[ ]{_TOK}){{0,2}})"
)
_RX_OF_AFTER = re.compile(r",?\s+(?:of|for|with|at)\s+(?:the\s+)?")
_RX_RESIDENCE = re.compile(rf"\b(?:{_alternation(_CUES['residence_cues'])})\s+(?:the\s+)?$", re.I)
_RX_OF_PLACE = re.compile(r",\s*(?:\d{1,3},\s*)?(?P<prep>of|from)\s+(?:the\s+)?")
_RX_TOWN = re.compile(
    rf"(?P<town>[{_UP}][\w'’.-]*(?:[ ][{_UP}][\w'’-]*){{0,2}})(?=[,;.]|\s+(?:at|in|on|and|was|who|when|until|before|after)\b|$)"
)
_RX_STATE_GAP = re.compile(r",\s*")
_RX_RESIDENCE_FWD = re.compile(
    rf"\b(?:{_alternation(_CUES['residence_cues'])})\s+(?:the\s+)?", re.I
)
# people named in a list of people: "UN experts, including Jane Roe"
_RX_INCLUDING = re.compile(
    rf"(?<![\w-])(?:{_ROLE}|{_PERSON_NOUN})(?:e?s)?,?\s+(?:including|among them|such as|namely)\s+$",
    re.I,
)
_RX_SEG_ARTICLE = re.compile(r"(?i:an?|the)\s")
_RX_ARTICLE_END = re.compile(r"(?<![\w-])(?i:an?)\s+$")
_RX_OF_CITY = re.compile(r"\s+of\s+")
_RX_BOTH_OF = re.compile(r",\s*(?:both|all|each)\s+(?:of|from)\s+(?:the\s+)?")
_RX_CITIZEN_OF = re.compile(r"\b(?:citizen|national|native|subject)s?\s+of\s+(?:the\s+)?$", re.I)
_RX_BASED = re.compile(r"[- ]based\b")
_AUX = (
    r"(?:has|had|have|was|were|is|are|also|previously|later|then|subsequently|each|both|been|"
    r"allegedly|reportedly|reported|later|eventually|finally|himself|herself|not)"
)
_RX_VERB_AFTER = re.compile(
    rf",?\s+(?:(?:{_AUX})\s+){{0,3}}(?:{_ACTS})\b"
    rf"|,?\s+(?:(?:{_AUX})\s+){{0,2}}(?:was|were|been|is|are)\s+(?:(?:{_AUX})\s+)?(?:{_VERBS})\b",
    re.I,
)
_OBJECT_VERBS = _alternation(
    v for v in _CUES["person_verbs"] if v not in ("born", "found dead", "found guilty")
)
_RX_VERB_BEFORE = re.compile(rf"\b(?:{_OBJECT_VERBS})\s+$", re.I)
_RX_SAYS_AFTER = re.compile(rf",?\s+(?:{_SAYS})\b", re.I)
_RX_SAYS_BEFORE = re.compile(rf"\b(?:{_SAYS})\s+$", re.I)
_RX_BORN = re.compile(r"\s*\((?:born|b\.|né|née)\s|\s*\(\d{4}\s*[–-]\s*\d{4}\)")
_RX_RELATION_AFTER = re.compile(
    rf"['’]s\s+(?:{_PERSON_NOUN})\b|\s+and\s+(?:his|her|their)\s+(?:{_PERSON_NOUN})\b", re.I
)
# before a name: a title in lower case ("branch commander"), a person noun or a
# nationality noun ("the defendant", "Mexican national", "the Frenchman")
_RX_NOUN_BEFORE = re.compile(
    rf"(?<![\w-])(?:(?:{_MODS})\s+)*(?P<noun>{_ROLE}|{_PERSON_NOUN}|"
    rf"{_alternation(_DEMONYM_NOUNS)})\s+$",
    re.I,
)
# the last words _RX_NOUN_BEFORE can end with (a cheap test before it)
_NOUN_LAST_WORDS = frozenset(
    re.split(r"[\s-]+", p.lower())[-1]
    for p in (
        *_TITLES,
        *_CUES["person_nouns"],
        *_CUES["function_nouns"],
        *_CUES["relations"],
        *_CUES["demonym_nouns"],
    )
)
_RX_PREV_WORD = re.compile(r"([\w’'-]+)\s+$")
_RX_TITLE_OF_BEFORE = re.compile(rf"(?<![\w-])(?P<title>{_ROLE})\s+(?:of|for)\s+(?:the\s+)?$", re.I)
# an apposition's text, up to the next comma, semicolon, bracket or the end
_RX_APPOS = re.compile(r",\s*(?P<seg>[^,;()]{2,120}?)\s*(?=[,;()]|(?<![A-Z])\.(?:\s|$)|$|[\"“”])")
_RX_APPOS_ROLE = re.compile(
    rf"(?<![\w-])(?P<role>(?:(?:{_MODS})[- ])*(?:{_ROLE}|{_PERSON_NOUN}))(?:e?s)?(?![\w-])", re.I
)
_RX_APPOS_HEAD = re.compile(
    rf"^(?:(?:(?i:a|an|the|its|his|her|their)|[{_UP}][\w.’'-]*(?:['’]s)?)\s+|[{_UP}])"
)
_RX_SEG_BEFORE = re.compile(
    r"(?:^|[,;:(]|\bby\b|\bwith\b|\band\b)\s*"
    rf"(?P<seg>(?:(?i:the|a|an|its|his|her|their)|[{_UP}][\w.-]*['’]s)\s[^,;:()]{{2,120}}?),\s*$"
)
# after a bare title opening an apposition (", director of ORG"): a preposition or its end
_RX_BARE_TITLE_END = re.compile(r"\s+(?:of|for|at|with|in|to|on)\b|\s*$")
_RX_SEG_INNER = re.compile(r"\s(?:by|with|and)\s")
_RX_ROLE_FULL = re.compile(_ROLE, re.I)
_RX_ROLE_END = re.compile(rf"(?<![\w-]){_ROLE}$", re.I)
_RX_RELATION_ONLY = re.compile(_alternation(_CUES["relations"]), re.I)
_RX_ALIAS_START = re.compile(rf"{_ALIAS}\s", re.I)
_RX_ALIAS_BEFORE = re.compile(rf"(?<![\w.])(?:{_ALIAS})\s+[\"“‘']?$", re.I)
_RX_NOUN_AFTER_DEMONYM = re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{_ROLE}|{_PERSON_NOUN})\b", re.I)
_RX_ROLE_EXT = re.compile(
    rf"\s+(?:of|for)\s+(?:(?:the\s+)?(?P<obj>[{_UP}][\w’'-]*(?:\s+(?:and\s+)?[{_UP}][\w’'-]*){{0,3}})"
    rf"|(?!(?:the|a|an|its|his|her|their)\b)(?P<low>[{_LO}]{{3,}})(?=[\s,;.]|$))"
)
# what may stand between a body and a title ("IOM Senegal Chief of Mission",
# "Europol's director") or between a title and its body ("director of the")
_RX_ORG_GAP_BEFORE = re.compile(rf"(?:['’]s)?\s+(?:[{_UP}][\w-]*\s+)?")
_RX_ORG_GAP_AFTER = re.compile(r"\s+(?:of|for|with|at|in|from)\s+(?:the\s+)?")
_RX_NAME_LIST_GAP = re.compile(r",\s*|,?\s+and\s+")
_RX_WHO = re.compile(r",\s*who\b[^;]*")
_RX_PREV_CAP = re.compile(rf"([{_UP}][\w'’.-]*)\s+$")
_RX_HONORIFIC = re.compile(rf"\b(?:{'|'.join(sorted(_HONORIFICS, key=len, reverse=True))})\.?\s+$")


def _is_never(word: str) -> bool:
    """True for a word that is never part of a person's name."""
    w = word.rstrip(".")
    for suffix in _POSSESSIVE:
        w = w.removesuffix(suffix)
    if w in _NOT_NAME or w in _HONORIFICS:
        return True
    if "-" in w and any(part in _NOT_NAME for part in w.split("-")):
        return True  # "Secretary-General", "Anti-Trafficking"
    letters = w.replace(".", "")
    return len(letters) >= 2 and letters.isupper()  # acronyms, "U.S."


@dataclass
class _Cand:
    """A person named in a sentence, with what the sentence says of them."""

    name: str
    start: int
    end: int
    role: str | None = None
    orgs: list = field(default_factory=list)
    nationality: Entity | None = None
    age: int | None = None
    aliases: list[str] = field(default_factory=list)
    based: Entity | None = None
    strong: bool = False  # found by a cue, so the sentence is the person's evidence


# (regexes of the rules below, compiled once)
_RX_ALIAS_SEP = re.compile(r"\s*(?:,|\band\b|\bor\b|/)\s*")
_RX_POSSESSIVE_GAP = re.compile(r"['’]s\s+")
_RX_ARTICLE_GAP = re.compile(r"(?i:an?|the)\s+")
_RX_POLICE_TITLE = re.compile(r"inspector|detective|officer", re.I)


def _split_aliases(raw: str) -> list[str]:
    out = []
    for part in _RX_ALIAS_SEP.split(raw.strip()):
        part = part.strip(" \"“”‘’'")
        if part and part[:1].isupper() and len(part) <= 40 and not _is_never(part.split()[0]):
            out.append(part)
    return out


def _core(toks: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The name at the end of a run of capitalised tokens: (start, end, prefix before it)."""
    if toks and toks[-1][2].endswith(".") and not _RX_INITIAL.match(toks[-1][2]):
        s, e, w = toks[-1]
        if w.rstrip(".") not in _SUFFIXES:
            toks[-1] = (s, e - 1, w[:-1])  # the sentence's full stop
    suffix = None
    if toks and toks[-1][2].rstrip(".") in _SUFFIXES:
        suffix, toks = toks[-1], toks[:-1]
    last_never = -1
    for i, (_, _, w) in enumerate(toks):
        if _is_never(w) or w in _CAP_NOUNS:
            last_never = i
    core = toks[last_never + 1 :]
    while core and (core[-1][2] in _PARTICLES or _RX_INITIAL.match(core[-1][2])):
        core, suffix = core[:-1], None
    while core and core[0][2] in _PARTICLES:
        core = core[1:]
    if not core or not _RX_NAME_WORD.match(core[-1][2]):
        return None
    for _, _, w in core:
        if not (_RX_NAME_WORD.match(w) or _RX_INITIAL.match(w) or w in _PARTICLES):
            return None
    prefix = " ".join(w for _, _, w in toks[: last_never + 1])
    return core[0][0], (suffix or core[-1])[1], prefix


def _runs(text: str) -> list[tuple[int, int, str]]:
    """Candidate names in capitalised runs: (start, end, prefix) with the title words before.

    A possessive splits a run: "Jane Roe's husband" names Jane Roe, and in
    "Europol's Executive Director Jane Roe" the title and name follow it.
    """
    out = []
    for m in _RX_RUN.finditer(text):
        if " " not in m.group(0):
            continue  # one word: no name here (a surname alone is matched later)
        toks = [
            (m.start() + t.start(), m.start() + t.end(), t.group(0))
            for t in _RX_TOKEN.finditer(m.group(0))
        ]
        part: list[tuple[int, int, str]] = []
        for s, e, w in toks:
            if w.endswith(_POSSESSIVE):
                part.append((s, e - 2, w[:-2]))
                found = _core(part)
                if found:
                    out.append(found)
                part = []
            else:
                part.append((s, e, w))
        found = _core(part) if part else None
        if found:
            out.append(found)
    return out


def _role_of_prefix(prefix: str) -> str | None:
    """The title at the end of the capitalised words before a name, if any.

    From the last word (a title's head) leftwards, a word is kept while the
    words so far end a known title ("Chief Patrol Agent") or it is a
    modifier ("Deputy", "Acting"): "Border Patrol Chief" gives "chief".
    """
    words = [w.lower().rstrip(".") for w in prefix.split()]
    if not words or re.split(r"-", words[-1])[-1] not in _TITLE_HEADS:
        return None
    i = len(words) - 1
    while i > 0:
        prev = words[i - 1]
        phrase = " ".join([prev, *words[i:]]).replace("-", " ")
        if prev in _MODIFIER_SET or any(t.endswith(phrase) for t in _TITLE_SET):
            i -= 1
        else:
            break
    role = " ".join(prefix.split()[i:]).lower()
    flat = " " + role.replace("-", " ")
    if not any(flat.endswith(" " + t) for t in _TITLE_SET):
        return None  # "Charge" of "Special Agent in Charge": read with the words before it
    return role


def persons(sa: SentenceAnalysis, reg: Registry, orgs: list[EntityMention]) -> None:
    """Add the people named in ``sa`` to its actors (after its organisations).

    People are found by a title before the name (capitalised, "Attorney
    General Jane Roe", or not, "branch commander Jane Roe"), a person or
    nationality noun before it ("the defendant", "the Frenchman"), an
    apposition after it (", 34," / ", aka X," / ", a Chilean national" /
    ", director of ORG"), a title apposition before it ("the ambassador in
    Peru, Jane Roe,"), a quoted nickname inside it, a verb only people take
    ("was sentenced"), "NAME's husband", a speech verb, or a surname already
    seen. Never from the names of bodies, programmes, operations or places:
    their head words are in ``data/person_cues.yaml`` (``never_names``).
    """
    from graph.extract.entities import EntityMention, _overlaps

    text = sa.text
    off = sa.sentence.start

    def orgs_in(s: int, e: int) -> list:
        return [
            a.entity
            for a in sa.actors
            if s <= a.start and a.end <= e and a.entity.types[0] != "Person"
        ]

    def nationality_in(s: int, e: int) -> Entity | None:
        """A nationality adjective before a title or person noun ("a Chilean national")."""
        for dm, dent in sa.demonyms:
            ds, de = dm.start - off, dm.end - off
            if s <= ds and de <= e and not dm.plural and dent.types[0] == "Country":
                if _RX_NOUN_AFTER_DEMONYM.match(text, de) or _RX_ARTICLE_END.search(
                    text, max(s, ds - 4), ds
                ):
                    return dent  # "a Chilean national", "an Eritrean accused of ..."
        return None

    def role_and_orgs(rs: int, rend: int) -> tuple[str, list]:
        """The title at ``rs:rend`` ("minister of justice") and the bodies it is held in."""
        role = text[rs:rend]
        ext = _RX_ROLE_EXT.match(text, rend)
        if ext and not any(
            a.start < ext.end() and ext.end() - len(ext.group(0).strip()) < a.end
            for a in (*sa.actors, *sa.places)
        ):
            if not any(_is_never(w) and w.isupper() for w in (ext.group("obj") or "").split()):
                role, rend = text[rs : ext.end()], ext.end()
        found = []
        for a in sa.actors:
            if a.entity.types[0] == "Person" or a.entity.is_place:
                continue
            gap_before = text[a.end : rs]
            if a.start < rend and rs < a.end:  # "the UN High Commissioner for Refugees"
                found.append(a)
            elif a.end <= rs and _RX_ORG_GAP_BEFORE.fullmatch(gap_before):
                found.append(a)
            elif a.start >= rend and _RX_ORG_GAP_AFTER.fullmatch(text[rend : a.start]):
                found.append(a)
        for a in sa.actors:  # "the Justice Department's Civil Rights Division"
            if a.entity.types[0] != "Person" and any(
                f.end <= a.start and _RX_POSSESSIVE_GAP.fullmatch(text[f.end : a.start])
                for f in found
            ):
                found.append(a)
        return " ".join(role.lower().split()), [a.entity for a in dict.fromkeys(found)]

    def town_at(pos: int) -> Entity | None:
        """A town the gazetteer does not know, named where a residence is expected.

        "of Smallville, Texas" / "who lived in Smallville": a report-local
        city, part of the region or country named after it.
        """
        if any(pm.start == pos for pm in sa.places) or _overlaps(sa.actors, pos, pos + 1):
            return None
        m = _RX_TOWN.match(text, pos)
        if not m or _is_never(m.group("town").split()[-1]):
            return None
        if any(w.replace(".", "").isupper() and len(w) > 1 for w in m.group("town").split()):
            return None
        name = m.group("town")
        ent = reg._get(local_iri(reg.report, "City", name.lower()), ["City"], name)
        after = m.end()
        state = _RX_STATE_GAP.match(text, after)
        if state:
            for pm in sa.places:
                if pm.start == state.end() and pm.entity.types[0] in ("Region", "Country"):
                    ent.add("partOf", pm.entity)
        return ent

    def demonym_noun(noun: str) -> Entity | None:
        iso3 = _DEMONYM_NOUNS.get(noun.lower())
        return reg.place(f"{ID_BASE}country/{iso3}") if iso3 else None

    def attributes_after(c: _Cand) -> None:
        """Age, aliases, organisation, residence and an apposition after the name."""
        end = c.end
        rest = text[end : end + 200]
        m = _RX_AGE_AFTER.match(rest) or _RX_AGE_PAREN.match(rest)
        if m and 0 < int(m.group("age")) < 111:
            c.age = int(m.group("age"))
            c.strong = True
        m = _RX_ALIAS_AFTER.match(rest)
        if m:
            aliases = _split_aliases(m.group("alias"))
            c.aliases += aliases
            c.strong = c.strong or bool(aliases)
        m = _RX_OF_CITY.match(rest)  # "Jane Roe of Leeds was ..."
        if m:
            for pm in sa.places:
                if pm.start == end + m.end() and pm.entity.types[0] == "City":
                    c.based = pm.entity
        m = _RX_OF_PLACE.match(rest)
        if m and c.age is not None and m.group("prep") == "of":
            town = town_at(end + m.end())  # "Jane Roe, 34, of Smallville, Texas"
            if town is not None:
                c.based = town
        if m and (c.strong or rest.startswith(",")):
            for pm in sa.places:
                if pm.start == end + m.end():
                    if m.group("prep") == "from" and pm.entity.types[0] == "Country":
                        c.nationality = pm.entity  # "Jane Roe, 34, from Chile"
                    else:
                        c.based = pm.entity
                    c.strong = True
        m = _RX_OF_AFTER.match(rest)
        if m and not rest.startswith(","):
            for a in sa.actors:
                if (
                    a.start == end + m.end()
                    and a.entity.types[0] != "Person"
                    and not a.entity.is_place
                ):
                    c.orgs.append(a.entity)
        # apposition: ", a Chilean national", ", director of ORG", ", Jane Roe's husband"
        pos = end
        for _ in range(4):  # (past ", aka X," and ", 34,")
            m = _RX_APPOS.match(text, pos)
            if not m:
                break
            seg, s0, pos = m.group("seg"), m.start("seg"), m.end("seg")
            if seg[:1].isdigit():
                continue
            al = _RX_ALIAS_START.match(seg)
            if al:  # ", 35, a.k.a. El Tigre,"
                if not c.aliases:
                    c.aliases += _split_aliases(seg[al.end() :])
                continue
            r = _RX_APPOS_ROLE.search(seg)
            if (
                r is None
                or r.start() > 60
                or not (
                    _RX_APPOS_HEAD.match(seg)
                    or (r.start() == 0 and _RX_BARE_TITLE_END.match(seg, r.end()))
                )
            ):
                break
            c.strong = True
            role, found = role_and_orgs(s0 + r.start(), s0 + r.end())
            if c.role is None and r.group("role").lower().split()[-1] not in _PLAIN_NOUNS:
                c.role = role
            c.orgs += found
            c.nationality = nationality_in(s0, pos) or c.nationality
            a = _RX_AGE_IN.search(seg)
            if a:
                c.age = int(a.group("age") or a.group("age2"))
            b = _RX_BASED.search(seg)
            for pm in sa.places:
                if (
                    s0 <= pm.start < pos
                    and pm.entity.types[0] == "Country"
                    and _RX_CITIZEN_OF.search(text, max(0, pm.start - 30), pm.start)
                ):
                    c.nationality = pm.entity  # ", a citizen of Chile"
                elif b and pm.end == s0 + b.start():
                    c.based = pm.entity
                elif s0 <= pm.start < pos and _RX_RESIDENCE.search(
                    text, max(0, pm.start - 30), pm.start
                ):
                    c.based = pm.entity
            break
        # a relative clause: "who lived in Leeds", "who was known to them as X"
        m = _RX_WHO.match(rest)
        if m:
            clause_end = end + m.end()
            for pm in sa.places:
                if end < pm.start < clause_end and _RX_RESIDENCE.search(
                    text, max(0, pm.start - 30), pm.start
                ):
                    c.based = pm.entity
                    c.strong = True
            if c.based is None:
                r = _RX_RESIDENCE_FWD.search(text, end, clause_end)
                town = town_at(r.end()) if r else None
                if town is not None:
                    c.based = town
                    c.strong = True
            k = _RX_KNOWN_AS.search(text, end, clause_end)
            if k:
                c.aliases += _split_aliases(k.group("alias"))
                c.strong = True

    def attributes_before(c: _Cand) -> None:
        """A title, person noun or nationality noun just before the name, or a title apposition."""
        start = c.start
        win = max(0, start - 80)
        prev = _RX_PREV_WORD.search(text, max(0, start - 30), start)
        m = (
            _RX_NOUN_BEFORE.search(text, win, start)
            if prev and prev.group(1).lower().split("-")[-1] in _NOUN_LAST_WORDS
            else None
        )
        if m:
            noun = m.group("noun")
            c.strong = True
            nat = demonym_noun(noun)
            if nat is not None:
                c.nationality = nat
            elif _RX_ROLE_FULL.fullmatch(noun):
                role, found = role_and_orgs(m.start(), m.end())
                c.role = c.role or role
                c.orgs += found
            c.nationality = nationality_in(win, start) or c.nationality
            return
        if not text.endswith(",", 0, start) and not text[:start].rstrip().endswith(","):
            return
        m = _RX_SEG_BEFORE.search(text, max(0, start - 140), start)
        while m:  # the shortest segment: "captained by a Tunisian, Jane Roe"
            inner = _RX_SEG_INNER.search(m.group("seg"))
            shorter = inner and _RX_SEG_BEFORE.search(
                text, m.start("seg") + inner.start() + 1, start
            )
            if not shorter:
                break
            m = shorter
        if m:
            seg = m.group("seg")
            r = _RX_APPOS_ROLE.search(seg)
            if r is None:
                # "a Tunisian, Jane Roe,": a nationality adjective used as a noun
                for dm, dent in sa.demonyms:
                    if dm.end - off == m.end("seg") and dent.types[0] == "Country":
                        if _RX_ARTICLE_GAP.fullmatch(text[m.start("seg") : dm.start - off]):
                            c.strong = True
                            c.nationality = dent
                return
            title = _RX_ROLE_END.search(r.group("role"))
            if title or len(seg.split()) <= 5:  # "her co-defendant, Jane Roe,"
                c.strong = True
                if title:
                    role, found = role_and_orgs(
                        m.start("seg") + r.start(), m.start("seg") + r.end()
                    )
                    c.role = c.role or role
                    c.orgs += found
                c.nationality = nationality_in(m.start("seg"), m.end("seg")) or c.nationality
                a = _RX_AGE_IN.search(seg)
                if a:
                    c.age = int(a.group("age") or a.group("age2"))

    def add(c: _Cand) -> None:
        toks = c.name.split()
        if any(_is_never(t) or t.lower() in _PLAIN_NOUNS for t in toks):
            return  # (and no "Nepali Women")
        for dm, _ in sa.demonyms:
            if dm.start - off == c.start:
                return  # a nationality adjective opens no name
        inside = [pm for pm in sa.places if pm.start < c.end and c.start < pm.end]
        if inside:
            # a place word inside a name given with a cue ("Ana Lima, 29,") is no place
            if not c.strong or any(pm.start <= c.start and c.end <= pm.end for pm in inside):
                return
            sa.places = [pm for pm in sa.places if pm not in inside]
        for a in sa.actors:
            if (
                a.start < c.end
                and c.start < a.end
                and (a.entity.types[0] != "Person" or a.start != c.start)
            ):
                return
        p = reg.person(c.name)
        roles = p.props.setdefault("roleTitle", [])
        if c.role and not any(c.role in r for r in roles):  # one title, the fullest
            roles[:] = [r for r in roles if r not in c.role] + [c.role]
        if not roles:
            del p.props["roleTitle"]
        _attach(p, c, sa, with_evidence=bool(c.strong or c.role or c.orgs))
        if not any(a.entity is p and a.start == c.start for a in sa.actors):
            sa.actors.append(EntityMention(c.start, c.end, p, c.name))

    def _listed_with(c: _Cand, weak: list[_Cand]) -> None:
        """Names listed before a person found by a cue: "Jane Roe, Ana Diaz and John Poe were ..."."""
        pos = c.start
        for w in reversed(weak):
            gap = text[w.end : pos]
            if not _RX_NAME_LIST_GAP.fullmatch(gap) or (pos == c.start and "," in gap and c.age):
                break
            add(_Cand(w.name, w.start, w.end, strong=True))
            pos = w.start

    # names with a quoted nickname inside: Jane "La Jefa" Roe
    if '"' in text or "“" in text:
        for m in _RX_QUOTED_NICK.finditer(text):
            name = f"{m.group('first')} {m.group('last')}"
            if not any(_is_never(w) for w in name.split()):
                c = _Cand(name, m.start(), m.end(), aliases=[m.group("alias").strip()], strong=True)
                attributes_after(c)
                add(c)
    # names in capitalised runs, with the titles before them
    weak: list[_Cand] = []
    for s, e, prefix in _runs(text):
        name = text[s:e]
        if len(name.split()) > 6:
            continue
        if len(name.split()) < 2:
            # one name after an honorific: "Ms. Adeyemi, a Nigerian national,"
            if (
                prefix
                and prefix.split()[-1].rstrip(".") in _SURNAME_HONORIFICS
                and name.lower() not in _TITLE_WORDS
                and not reg.surnames.get(name)
            ):
                c = _Cand(name, s, e, strong=True)
                attributes_after(c)
                add(c)
            continue
        if _RX_ALIAS_BEFORE.search(text, max(0, s - 20), s):
            continue  # an alias ("Jane Roe, aka La Jefa, 34")
        c = _Cand(name, s, e)
        if prefix:
            ps = s - len(prefix) - 1  # where the prefix starts
            role = _role_of_prefix(prefix)
            last = prefix.split()[-1].rstrip(".")
            if role is None and (
                last in _HONORIFICS or last.lower() in _DEMONYM_NOUNS or last in _CAP_NOUNS
            ):
                c.nationality = demonym_noun(last)
                c.strong = True
                attributes_after(c)
                add(c)
                continue
            if role is None:
                # a title with lower-case words: "Special Agent in Charge", "Chief of Mission"
                nb = _RX_NOUN_BEFORE.search(text, max(0, s - 80), s)
                if nb and nb.start() < ps and _RX_ROLE_FULL.fullmatch(nb.group("noun")):
                    role = " ".join(text[nb.start() : nb.end()].lower().split())
                    ps = nb.start()
            if role is None:
                title_of = _RX_TITLE_OF_BEFORE.search(text, max(0, ps - 60), ps)
                if title_of is None:
                    continue  # "Operation Sea Wolf", "Task Force Alpha", "Eastern District"
                role = f"{title_of.group('title')} of {prefix}".lower()
            c.role = role
            c.strong = True
            c.orgs += orgs_in(ps, s)
            c.orgs += role_and_orgs(ps, s - 1)[1]
            c.nationality = nationality_in(max(0, ps - 30), s)
        else:
            attributes_before(c)
        attributes_after(c)
        if not c.strong:
            after = e
            of = _RX_OF_CITY.match(text, e)
            if of:  # "Jane Roe of Leeds was sentenced"
                after = next((pm.end for pm in sa.places if pm.start == of.end()), e)
            rest = text[after : after + 80]
            if (
                _RX_VERB_AFTER.match(rest)
                or _RX_RELATION_AFTER.match(rest)
                or _RX_SAYS_AFTER.match(rest)
                or _RX_BORN.match(rest)
                or _RX_SAYS_BEFORE.search(text, max(0, s - 20), s)
                or _RX_VERB_BEFORE.search(text, max(0, s - 20), s)
                or _RX_HONORIFIC.search(text, max(0, s - 8), s)
                or _RX_INCLUDING.search(text, max(0, s - 60), s)
            ):
                c.strong = True
            else:  # past an apposition: "Jane Roe, an Eritrean accused of ..., was extradited"
                ap = _RX_APPOS.match(text, after)
                if ap and _RX_SEG_ARTICLE.match(ap.group("seg")):
                    if _RX_VERB_AFTER.match(text, ap.end("seg"), ap.end("seg") + 80):
                        c.strong = True
                        c.nationality = c.nationality or nationality_in(
                            ap.start("seg"), ap.end("seg")
                        )
        if c.strong:
            add(c)
            _listed_with(c, weak)
        else:
            weak.append(c)

    # the earlier rules: an organisation's titled people, "NAME, a ROLE of ORG"
    def add_person(name: str, s: int, e: int, role: str | None, org: Entity | None) -> None:
        add(_Cand(name, s, e, role=role.lower() if role else None, orgs=[org] if org else []))

    for om in orgs:
        m = _RX_ORG_PERSON.match(text, om.end)
        if m and (m.group("role") or text[om.end : om.end + 2] in _POSSESSIVE):
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
    # "Italian police inspector Jane Roe": the title names a national body too
    for dm, dent in sa.demonyms:
        m = _RX_ROLE_PERSON.match(text, dm.end - off + 1)
        if m is None or text[dm.end - off : m.start()] != " ":
            continue
        noun = "police" if _RX_POLICE_TITLE.search(m.group("role")) else "government"
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
            c = _Cand(m.group("name"), m.start("name"), m.end("name"))
            attributes_after(c)
            add(c)
    # "A, 41, and B, 39, both of Leeds": the place of everyone listed
    if "of " in text:
        for m in _RX_BOTH_OF.finditer(text):
            place = next((pm.entity for pm in sa.places if pm.start == m.end()), None)
            if place is None:
                continue
            lo = text.rfind(";", 0, m.start()) + 1
            for a in sa.actors:
                if a.entity.types[0] == "Person" and lo <= a.start < m.start():
                    a.entity.add("basedIn", place)

    # surnames of people named earlier in the report ("Roe said", "Ms. Roe"); the
    # pattern is compiled only when one of them is in the sentence at all
    seen = any(name in text for name in reg.surnames)
    rx = reg.surname_rx() if seen else None
    if rx is not None:
        for m in rx.finditer(text):
            if _overlaps(sa.actors, m.start(), m.end()):
                continue
            full = _known_full_name(reg, text, m.group(0), m.end())
            if full is not None:  # "Jane Roe" again, without a cue
                start = m.end() - len(full.label)
                if not _overlaps(sa.actors, start, m.end()):
                    sa.actors.append(EntityMention(start, m.end(), full, full.label))
                continue
            prev = _RX_PREV_CAP.search(text, max(0, m.start() - 30), m.start())
            if prev and not _is_never(prev.group(1)):
                continue  # another person of that surname ("John Roe" after "Jane Roe")
            p = reg.surnames.get(m.group(0))
            if p is None:
                continue  # two people share it
            c = _Cand(p.label, m.start(), m.end())
            attributes_after(c)
            _attach(p, c, sa)
            p.alt_labels.add(m.group(0))
            sa.actors.append(EntityMention(m.start(), m.end(), p, m.group(0)))


def _known_full_name(reg: Registry, text: str, surname: str, end: int) -> Entity | None:
    """The person of the report whose full name ends at ``end`` (with that surname)."""
    for ent in reg.entities.values():
        if (
            ent.types[0] == "Person"
            and ent.label.endswith(surname)
            and ent.label != surname
            and text.endswith(ent.label, 0, end)
        ):
            return ent
    return None


def _attach(p: Entity, c: _Cand, sa: SentenceAnalysis, with_evidence: bool | None = None) -> None:
    """Attributes a mention adds to a person (organisations, nationality, age, residence, aliases).

    The sentence becomes the person's evidence when ``with_evidence`` says so;
    by default (a later mention, a surname) when it told something new.
    """
    for o in dict.fromkeys(c.orgs):
        p.add("memberOf", o)
    if c.nationality is not None:
        p.add("nationality", c.nationality)
    if c.age is not None and not p.props.get("age"):
        p.add("age", c.age)
    if c.based is not None:
        p.add("basedIn", c.based)
    for alias in c.aliases:
        if alias.lower() != p.label.lower():
            p.alt_labels.add(alias)
    if with_evidence is None:
        with_evidence = bool(c.age or c.aliases or c.based or c.orgs)
    if with_evidence and sa.sentence not in p.evidence:
        p.evidence.append(sa.sentence)


def people_in(sa: SentenceAnalysis) -> list[EntityMention]:
    """The person mentions of an analysed sentence, in text order.

    For frame rules that make named people participants of their events
    (the defendants of an arrest, a charge, a sentence).

    Examples
    --------
    >>> from graph.extract.entities import Registry, analyse_sentence
    >>> from graph.extract.text import split_sentences
    >>> reg = Registry("https://w3id.org/tkg/id/report/r1")
    >>> s = split_sentences("Jane Roe, 34, and Ana Lima, 29, were sentenced.")[0]
    >>> [m.entity.label for m in people_in(analyse_sentence(s, reg))]
    ['Jane Roe', 'Ana Lima']
    """
    return sorted((a for a in sa.actors if a.entity.types[0] == "Person"), key=lambda a: a.start)
