"""Gazetteers: places, demonyms and organisations, and a matcher over text.

Places come from :mod:`ontology.places` (countries, regions, unions, seas,
cities); demonyms from ``data/demonyms.tsv`` (generated from countryinfo,
see :mod:`graph.extract._generate_data`) over the ontology's own; named
organisations from ``data/organisations.yaml``. Matching uses spaCy's
``PhraseMatcher`` on a blank English tokenizer, built once and cached.

Examples
--------
>>> from graph.extract.gazetteer import find_mentions
>>> [(m.kind, m.text) for m in find_mentions("A Romanian gang moved Nigerians to Italy, Europol said.")]
[('demonym', 'Romanian'), ('demonym', 'Nigerians'), ('place', 'Italy'), ('org', 'Europol')]
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.ids import ID_BASE, org_iri

if TYPE_CHECKING:
    import spacy

    from ontology import places

__all__ = [
    "Org",
    "OrgName",
    "Peoples",
    "Mention",
    "organisations",
    "peoples",
    "demonyms",
    "adjective",
    "find_mentions",
    "find_org_names",
    "name_stopwords",
    "nlp",
    "place",
]

_DATA = Path(__file__).with_name("data")

# City names that are also ordinary English words or given names.
_CITY_STOP = {
    "male",
    "victoria",
    "hamilton",
    "douglas",
    "kingston",
    "georgetown",
    "plymouth",
    "stanley",
    "nice",
    "split",
    "of",
    "mobile",
    "reading",
    "bath",
    "praia",
    "the valley",
    "jamestown",
    "adamstown",
    "apia",
    "alofi",
    "avarua",
    "palikir",
    "majuro",
    "hagåtña",
}
# Irregular plural demonyms.
_PLURALS = {
    "Turk": "Turks",
    "Pole": "Poles",
    "Dane": "Danes",
    "Swede": "Swedes",
    "Finn": "Finns",
    "Brit": "Brits",
    "Serb": "Serbs",
    "Kurd": "Kurds",
    "Scot": "Scots",
    "Croat": "Croats",
    "Filipino": "Filipinos",
    "Filipina": "Filipinas",
    "Afghan": "Afghans",
    "Thai": "Thais",
    "Uzbek": "Uzbeks",
    "Kazakh": "Kazakhs",
    "Tajik": "Tajiks",
    "Somali": "Somalis",
}


@dataclass(frozen=True)
class Org:
    """A named organisation of the gazetteer.

    Attributes
    ----------
    iri, label, kind : str
        Global IRI (``id/org/{key}``), canonical name and tkg class name.
    aliases : tuple of str
        Other names.
    based : str or None
        Place IRI of its seat.
    """

    iri: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    based: str | None = None


@dataclass(frozen=True)
class Mention:
    """A gazetteer match in a text.

    Attributes
    ----------
    start, end : int
        Character offsets in the text.
    kind : str
        ``"place"``, ``"org"`` or ``"demonym"``.
    iri : str
        The place or organisation IRI (for a demonym, the place it names).
    text : str
        The matched surface.
    plural : bool
        For demonyms: a plural noun ("Tunisians") naming people.
    """

    start: int
    end: int
    kind: str
    iri: str
    text: str
    plural: bool = False


@functools.lru_cache(maxsize=8192)
def place(iri: str) -> places.Place | None:
    """Return the :class:`ontology.places.Place` with this IRI, or None.

    Cached: every place mention of every report asks.

    Examples
    --------
    >>> place("https://w3id.org/tkg/id/country/ITA").label
    'Italy'
    """
    from graph.extract import cities
    from ontology import places

    return cities.completed(places.get(iri)) or cities.get(iri)


def _place_key(key: str) -> str | None:
    if key.startswith("region:"):
        iri = ID_BASE + "region/" + key[7:]
    elif key.startswith("sea:"):
        iri = ID_BASE + "sea/" + key[4:]
    else:
        iri = ID_BASE + "country/" + key
    return iri if place(iri) is not None else None


@functools.cache
def organisations() -> dict[str, Org]:
    """Return the organisation gazetteer: key -> :class:`Org`.

    Examples
    --------
    >>> organisations()["unhcr"].kind
    'InternationalOrganization'
    """
    import yaml

    raw = yaml.safe_load((_DATA / "organisations.yaml").read_text(encoding="utf-8"))
    out = {}
    for key, d in raw.items():
        based = _place_key(d["based"]) if d.get("based") else None
        out[key] = Org(org_iri(key), d["label"], d["kind"], tuple(d.get("aliases") or ()), based)
    return out


@functools.cache
def demonyms() -> dict[str, str]:
    """Return demonym (as written, capitalised) -> place IRI.

    ``data/demonyms.tsv`` wins over the ontology's demonyms.

    Examples
    --------
    >>> demonyms()["Chinese"].endswith("/CHN"), demonyms()["North African"].endswith("north-africa")
    (True, True)
    """
    from ontology import places

    out = {k.title(): v for k, v in places.demonyms().items() if " " not in k}
    with (_DATA / "demonyms.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            iri = _place_key(row["place"])
            if iri:
                out[row["demonym"]] = iri
    return out


@dataclass(frozen=True)
class Peoples:
    """Peoples named without a country (``data/org_peoples.yaml``).

    Attributes
    ----------
    names : dict
        Surface ("Yazidis") -> canonical name ("Yazidi").
    standalone : frozenset of str
        Surfaces that name a group alone ("Yazidis", "the Rohingya").
    rx : re.Pattern
        Matches any surface as a whole word (case-sensitive).
    """

    names: dict[str, str]
    standalone: frozenset[str]
    rx: re.Pattern


@functools.cache
def peoples() -> Peoples:
    """Return the peoples gazetteer: ethnic, tribal and religious groups.

    A surface that is also a place's demonym is left to the demonym.

    Examples
    --------
    >>> p = peoples()
    >>> p.names["Rohingya"], "Yazidis" in p.standalone
    ('Rohingya', True)
    >>> [m.group(0) for m in p.rx.finditer("Yazidi women and Rohingya refugees")]
    ['Yazidi', 'Rohingya']
    """
    import yaml

    raw = yaml.safe_load((_DATA / "org_peoples.yaml").read_text(encoding="utf-8"))
    dem = demonyms()
    names = {}
    for canon, others in raw["peoples"].items():
        for surface in (canon, *(others or ())):
            if surface not in dem:
                names[surface] = canon
    alone = {s for s in names if s.endswith("s")} | set(raw.get("standalone") or ())
    alts = "|".join(re.escape(s) for s in sorted(names, key=len, reverse=True))
    first = "".join(sorted({s[0] for s in names}))
    from graph.extract.text import cue_regex

    rx = cue_regex(first, rf"(?<![\w'’-])(?:{alts})(?![\w'’-])", 0)
    return Peoples(names, frozenset(alone & set(names)), rx)


_ADJ_PREFERRED = {"GBR": "British", "USA": "American", "PHL": "Philippine"}
_ADJ_ENDINGS = ("an", "ese", "ish", "i", "ch", "ic", "ss", "ek")


@functools.cache
def _adjectives() -> dict[str, str]:
    by_place: dict[str, list[str]] = {}
    for surface, iri in demonyms().items():
        by_place.setdefault(iri, []).append(surface)
    out = {}
    for iri, surfaces in by_place.items():
        code = iri.rsplit("/", 1)[-1]
        fitting = [s for s in surfaces if s.lower().endswith(_ADJ_ENDINGS) and "." not in s]
        out[iri] = _ADJ_PREFERRED.get(code) or (fitting or surfaces)[0]
    return out


def adjective(iri: str) -> str | None:
    """Return the adjective of a place ("Italian" for Italy), or None.

    Examples
    --------
    >>> adjective("https://w3id.org/tkg/id/country/ITA"), adjective("https://w3id.org/tkg/id/country/GBR")
    ('Italian', 'British')
    """
    return _adjectives().get(iri)


@functools.cache
def nlp() -> spacy.language.Language:
    """Return the cached blank English spaCy pipeline used for tokenising.

    Examples
    --------
    >>> [t.text for t in nlp().make_doc("Europol's director")]
    ['Europol', "'s", 'director']
    """
    import spacy

    return spacy.blank("en")


@functools.cache
def _matchers():
    from spacy.matcher import PhraseMatcher

    from graph.extract import cities
    from ontology import places

    n = nlp()
    lower = PhraseMatcher(n.vocab, attr="LOWER")
    exact = PhraseMatcher(n.vocab, attr="ORTH")
    lower_terms: dict[str, set[str]] = {}
    exact_terms: dict[str, set[str]] = {}

    def add(table: dict[str, set[str]], key: str, surface: str) -> None:
        table.setdefault(key, set()).add(surface)

    for name, iri in places.names().items():
        p = places.get(iri)
        if p is not None and p.kind == "City" and name in _CITY_STOP:
            continue
        add(lower_terms, "place|" + iri, name)
    for name, iri in places.acronyms().items():
        add(exact_terms, "place|" + iri, name)
    for name, iri in cities.extra_names().items():  # Kosovo, sub-national units, US states
        add(lower_terms, "place|" + iri, name)
    for key, org in organisations().items():
        for surface in (org.label, *org.aliases):
            acronym = surface.replace(".", "").isupper() and len(surface) <= 8
            for variant in {surface, surface.replace("'", "’"), surface.replace("’", "'")}:
                add(exact_terms if acronym else lower_terms, "org|" + key, variant)
    for dem, iri in demonyms().items():
        add(lower_terms, "demonym|" + iri, dem)
        plural = _PLURALS.get(dem) or (dem + "s" if dem[-1] in "naoi" else None)
        if plural:
            add(lower_terms, "demonyms|" + iri, plural)
    for table, matcher in ((lower_terms, lower), (exact_terms, exact)):
        for key, surfaces in table.items():
            matcher.add(key, list(n.tokenizer.pipe(sorted(surfaces))))
    return lower, exact


def find_mentions(text: str, doc: spacy.tokens.Doc | None = None) -> list[Mention]:
    """Find places, organisations and demonyms in a text.

    Case-insensitive names must contain a capital letter where they occur
    ("Italy", "sub-Saharan"), acronyms must match exactly ("UN", "ICE");
    overlapping matches keep the longest.

    Parameters
    ----------
    text : str
        Any text.
    doc : spacy.tokens.Doc, optional
        The text already tokenised by :func:`nlp`.

    Returns
    -------
    list of Mention
        In text order.

    Examples
    --------
    >>> [m.text for m in find_mentions("the UN refugee agency in Geneva, not us")]
    ['UN refugee agency', 'Geneva']
    """
    lower, exact = _matchers()
    doc = doc if doc is not None else nlp().make_doc(text)
    doc_text = text  # the doc is of this text (doc.text would join every token again)
    strings = doc.vocab.strings

    def chars(s: int, e: int) -> tuple[int, int]:
        last = doc[e - 1]
        return doc[s].idx, last.idx + len(last)

    # Matches as (start token, end token, label id): no spaCy Span objects.
    spans: list[tuple[int, int, int]] = []
    for matcher, check_case in ((lower, True), (exact, False)):
        for match_id, s, e in matcher(doc):
            if check_case:
                a, b = chars(s, e)
                if not any(c.isupper() for c in doc_text[a:b]):
                    continue
            spans.append((s, e, match_id))
    out = []
    for s, e, match_id in _filter_spans(spans):
        kind, _, ref = strings[match_id].partition("|")
        a, b = chars(s, e)
        surface = doc_text[a:b]
        if kind == "org":
            org = organisations()[ref]
            out.append(Mention(a, b, "org", org.iri, surface))
        elif kind in ("demonym", "demonyms"):
            out.append(Mention(a, b, "demonym", ref, surface, kind == "demonyms"))
        else:
            out.append(Mention(a, b, "place", ref, surface))
    from graph.extract.cities import add_places

    return add_places(doc_text, out)  # cities and towns, border areas


def _filter_spans(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """``spacy.util.filter_spans`` on ``(start, end, label)`` token spans.

    The longest span wins, then the first; the result is in text order.
    """
    ranked = sorted(spans, key=lambda sp: (sp[1] - sp[0], -sp[0]), reverse=True)
    seen: set[int] = set()
    kept = []
    for sp in ranked:
        if sp[0] not in seen and sp[1] - 1 not in seen:
            kept.append(sp)
            seen.update(range(sp[0], sp[1]))
    return sorted(kept, key=lambda sp: sp[0])


@functools.cache
def org_by_iri() -> dict[str, Org]:
    """Return organisation IRI -> :class:`Org`.

    Examples
    --------
    >>> org_by_iri()["https://w3id.org/tkg/id/org/europol"].label
    'Europol'
    """
    return {o.iri: o for o in organisations().values()}


@dataclass(frozen=True)
class OrgName:
    """An organisation named by the shape of its name (see :func:`find_org_names`).

    Attributes
    ----------
    start, end : int
        Offsets of the name in the text searched (without "the" or the acronym).
    name : str
        The name as written ("Libyan Directorate for Combating Illegal Migration").
    kind : str
        tkg class name, from the head noun (and the law words of the name).
    acronym : str or None
        The acronym given in parentheses after the name ("DCIM").
    acronym_end : int
        End offset of the closing parenthesis (``end`` without an acronym).
    """

    start: int
    end: int
    name: str
    kind: str
    acronym: str | None = None
    acronym_end: int = 0


@dataclass(frozen=True)
class _OrgRules:
    heads: dict[str, dict]
    head_rx: re.Pattern
    law_rx: re.Pattern
    not_modifiers: frozenset[str]
    complement_rx: re.Pattern


@functools.cache
def _org_rules() -> _OrgRules:
    import yaml

    raw = yaml.safe_load((_DATA / "org_patterns.yaml").read_text(encoding="utf-8"))
    heads = {h: dict(v) for h, v in raw["heads"].items()}
    alts = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    first = "".join(sorted({h[0] for h in heads}))
    from graph.extract.text import cue_regex

    head_rx = cue_regex(first, rf"\b(?:{alts})(?=['’]s\b|(?![\w'’-]))", 0)
    law = "|".join(re.escape(w) for w in sorted(raw["law_words"], key=len, reverse=True))
    law_rx = re.compile(rf"\b(?:{law})\b")
    # "of/for/on/against/to" + capitalised words, none of them a day, a month, ...
    stop = "|".join(re.escape(w) for w in sorted(raw["not_modifiers"], key=len, reverse=True))
    capw = rf"(?!(?:{stop})(?![\w'’-]))[A-Z][\w'’-]*"
    complement_rx = re.compile(
        rf"\s+(?:of|for|on|against|to)\s+(?:the\s+)?({capw})"
        rf"(?:\s+(?:(?:and|&|of|for|in|on|the|of\s+the|in\s+the)\s+)?{capw})*"
    )
    return _OrgRules(heads, head_rx, law_rx, frozenset(raw["not_modifiers"]), complement_rx)


# One token before a position: a capitalised word ("U.S.", "Anti-Trafficking",
# "Prosecutor's") or a joining "and"/"&" between capitalised words.
_PRE_TOKEN = re.compile(r"(?:^|(?<=[\s(“\"]))([A-Z][\w'’.-]*|and|&|in|of|for|against)\s+$")
_JOINERS = ("and", "&", "in", "of", "for", "against")
_NAMED_AFTER = re.compile(r"\s+([A-Z][a-z]+)(?=['’]s\b|(?![\w'’-]))")
_ACRONYM = re.compile(r"(?:['’]s)?\s*\((?:the\s+)?([A-Z][A-Za-z.&-]{1,11})\)")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def name_stopwords() -> frozenset[str]:
    """Return the capitalised words that start a sentence or clause rather than a name.

    From ``data/org_patterns.yaml`` (``not_modifiers``).

    Examples
    --------
    >>> "Monday" in name_stopwords(), "Kinahan" in name_stopwords()
    (True, False)
    """
    return _org_rules().not_modifiers


def find_org_names(text: str) -> list[OrgName]:
    """Find organisations named by pattern: modifiers + head noun + complement.

    The head nouns, their tkg classes and the words that make a body a
    law-enforcement agency are data (``data/org_patterns.yaml``). A name
    needs a capitalised modifier ("Nepal Police"), or a complement after a
    head that takes one ("Ministry of Labour"), or is a head that stands
    alone after "the" ("the Border Patrol"). An acronym in parentheses after
    the name is kept.

    Parameters
    ----------
    text : str
        A sentence (or any text).

    Returns
    -------
    list of OrgName
        In text order, not overlapping.

    Examples
    --------
    >>> [(o.name, o.kind, o.acronym) for o in find_org_names(
    ...     "The Directorate for Combating Illegal Migration (DCIM) and the Nepal Police met.")]
    [('Directorate for Combating Illegal Migration', 'GovernmentBody', 'DCIM'), ('Nepal Police', 'LawEnforcementAgency', None)]
    >>> find_org_names("Police said the Ministry was closed.")
    []
    """
    rules = _org_rules()
    out: list[OrgName] = []
    last_end = 0
    for m in rules.head_rx.finditer(text):
        if m.start() < last_end:
            continue
        head = m.group(0)
        spec = rules.heads[head]
        # modifiers: capitalised words (and "and" between them) before the head
        start = m.start()
        n_mod = 0
        while n_mod < 8:
            t = _PRE_TOKEN.search(text, max(last_end, start - 40), start)
            if t is None:
                break
            word = t.group(1)
            if word in rules.not_modifiers:
                break
            # joiners between capitalised words: "Crime and Terrorism", "Trafficking in Persons"
            if word in _JOINERS:
                before = _PRE_TOKEN.search(text, max(last_end, t.start() - 40), t.start())
                if before is None or before.group(1) in _JOINERS:
                    break
                if before.group(1) in rules.not_modifiers:
                    break
            start = t.start(1)
            n_mod += 1
        end = m.end()
        comp = rules.complement_rx.match(text, end)
        if spec.get("named") and comp is None:
            nm = _NAMED_AFTER.match(text, end)
            if nm and nm.group(1) not in rules.not_modifiers:
                end = nm.end()
        if comp is not None and rules.head_rx.search(text, comp.start(), comp.end()):
            comp = None  # "Anti-Trafficking Unit of the Nepal Police": two bodies
        if comp is not None and (spec.get("complement") or n_mod):
            end = comp.end()
        elif comp is not None:
            comp = None
        if not n_mod and comp is None:
            if not (spec.get("bare") and _THE_BEFORE.search(text, max(0, start - 5), start)):
                continue
        name = text[start:end]
        kind = spec["kind"]
        if kind == "GovernmentBody" and rules.law_rx.search(name):
            kind = "LawEnforcementAgency"
        acr = _ACRONYM.match(text, end)
        acronym = None
        acr_end = end
        if acr is not None and sum(c.isupper() for c in acr.group(1)) >= 2:
            acronym, acr_end = acr.group(1), acr.end()
        out.append(OrgName(start, end, name, kind, acronym, acr_end))
        last_end = acr_end
    return out
