"""Country roles: source, transit and destination countries."""

from __future__ import annotations

import functools
import re

from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, EntityMention, SentenceAnalysis
from graph.extract.frames.abroad import listed_origins
from graph.extract.frames.base import (
    DEST_WORDS,
    LIST_GAP,
    ORIGIN_WORDS,
    Concept,
    Fact,
    RuleCall,
    SentenceView,
    find_exploitation,
    hedged,
    negated,
    new_fact,
    sentence_confidence,
)
from graph.extract.text import cue_regex

# --- country roles ----------------------------------------------------------------------


@functools.cache
def _role_rx() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The role formula after a place, the words allowed before "country", and the
    "makes X a ... country" frame (built from ``data/narrative_cues.yaml``)."""
    from graph.extract.frames.abroad import cues

    c = cues()["roles"]
    alt = _alt(c["copulas"])
    quals = _alt(c["qualifiers"])
    tail = (
        r"(?P<body>[^.;]{0,90}?)\b(?:country|countries|nation|hub|point|region|area|route|corridor)\b"
        r"(?:\s+of\s+(?P<roles2>(?:origin|transit|destination)(?:(?:\s*,\s*(?:(?:and|or)\s+)?|"
        r"\s+(?:and|or)\s*,?\s*)(?:to\s+a\s+(?:much\s+)?(?:lesser|greater)\s+"
        r"(?:extent|degree),?\s+)?(?:origin|transit|destination))*)\b)?"
    )
    return (
        re.compile(rf"\s+(?:{alt})\s+{tail}", re.I),
        re.compile(rf"(?:\s|,|\b(?:{quals}|source|transit|destination)\b)*", re.I),
        re.compile(rf"\s+(?=an?\s){tail}", re.I),
    )


def _alt(words) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)
    )


_MORE = re.compile(
    r"\s*,?\s*(?:and|as well as)\s*,?\s*(?P<body>[^.;]{0,60}?)\b(?:country|countries|hub|point)\b",
    re.I,
)
_IT = re.compile(r"(?:^|(?<=;\s))(?:It|it|[Tt]he country|[Tt]his country|[Tt]he nation)(?=\s)")
_IT_HINT = re.compile(r"^(?:It|The|This)\s|;\s+(?:it|the|this)\s", re.I)
_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z.]{1,10}\)")
_MAKES = re.compile(r"\bmak(?:e|es|ing)\s+$", re.I)
_ROLE_NAMES = {
    "source": "SourceCountry",
    "transit": "TransitCountry",
    "destination": "DestinationCountry",
}


def _assert_role(
    ctx: RuleCall,
    sa: SentenceAnalysis,
    country: Entity,
    role: str,
    types: list[str],
    victims: list[Entity],
    base: float = 0.9,
) -> Fact:
    """A CountryRoleAssertion: ``country`` plays ``role`` (source, transit, destination)."""
    f = new_fact(
        ctx,
        sa,
        ["CountryRoleAssertion"],
        "CountryRoleAssertion",
        country.iri,
        role,
        confidence=sentence_confidence(sa, base),
    )
    f.add("country", country)
    f.add("role", Concept(_ROLE_NAMES[role]))
    for t in types:
        f.add("exploitationType", Concept(t))
    for v in victims:
        f.add("victim", v)
    country.add("countryRole", Concept(_ROLE_NAMES[role]))
    if ctx.discourse.narrative is None and country.types[0] == "Country":
        ctx.discourse.narrative = (
            country  # the first country given a role: what the narrative is about
        )
    return f


# The formulas of the TIP report's country narratives since 2019: "human
# traffickers exploit domestic and foreign victims in X" (X a destination),
# "traffickers exploit victims from X abroad" / "exploit X-ian victims
# abroad" / "victims from X are exploited abroad" (X a source), "traffickers
# transport victims through X" / "use X as a transit point" (X a transit).
# Present tense only: a role is a habit; "smugglers moved the group via X"
# is one journey (a Route), not a claim about X.
_MOVERS = ("trafficker", "smuggler", "criminal", "network", "gang")
_MOVE_VERB = cue_regex(
    "tmsr", r"\b(?:transport|move|transit|smuggle|traffic|take|send|route)s?\s", re.I
)
_FOREIGN_IN = re.compile(
    r"(?:\bexploit\w*\s+(?:[\w-]+\s+){0,4}?foreign\s+(?:[\w-]+\s+){0,3}?|"
    r"\bforeign\s+(?:[\w-]+\s+){0,3}?)"
    r"(?:victims|nationals|workers|migrants|men|women|children|individuals|people)\s+"
    r"(?:(?:are|were|is|have been|has been)\s+(?:\w+\s+)?exploited\s+)?in\s+(?:the\s+)?$|"
    r"\bexploit\w*\s+(?:[\w-]+\s+){0,3}?victims\s+from\s+[^.;:]{2,80}?\s+in\s+(?:the\s+)?$",
    re.I,
)
_ABROAD = re.compile(
    r"\bexploit\w*\s+(?P<who>(?:(?!\bexploit)[^.;:]){3,90}?)\s+abroad\b|"
    r"\b(?P<who2>[^.;:,]{3,90}?)\s+(?:are|were|is|have been|has been)\s+(?:\w+\s+)?exploited\s+"
    r"(?:[\w-]+\s+){0,4}?abroad\b",
    re.I,
)
_THROUGH = re.compile(
    r"\b(?:traffickers|smugglers|criminals|networks?|gangs?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:transport|move|transit|smuggle|traffic|take|send|route)s?\s+(?:[^.;:]{0,60}?\s)?"
    r"(?:through|via)\s+(?:the\s+)?$",
    re.I,
)
_AS_TRANSIT = re.compile(r"\s+as\s+an?\s+(?:\w+\s+)?transit\b", re.I)
_USE_BEFORE = re.compile(r"\bus(?:e|es|ed|ing)\s+(?:the\s+)?$", re.I)


def _modern_roles(ctx: RuleCall, sa: SentenceAnalysis, preps) -> bool:
    """Country roles from the TIP narratives' modern formulas.

    Returns True if a formula naming no journey matched ("foreign victims
    in X", "victims from X abroad"): the sentence then states roles only.
    """
    text = sa.text
    if not (sa.places or sa.demonyms):
        return False
    low = text.lower()  # (cheap tests first: which formulas can match at all)
    foreign = "foreign" in low or ("exploit" in low and "victims from" in low)
    abroad = "abroad" in low and "exploit" in low
    through = (
        ("through" in low or " via " in low)
        and any(w in low for w in _MOVERS)
        and _MOVE_VERB.search(text) is not None
    )
    transit = "transit" in low
    if not (foreign or abroad or through or transit):
        return False
    found: list[tuple[Entity, str, int, tuple[int, int]]] = []
    general = False  # a formula naming no journey ("foreign victims in X", "... abroad")
    chain_role: str | None = None
    prev_end = -1
    for i, pm in enumerate(sa.places if foreign or through or transit else ()):
        if pm.entity.types[0] != "Country":
            prev_end = -1
            continue
        before = text[max(0, pm.start - 110) : pm.start]
        role = None
        w = preps.get(i)
        fm = _FOREIGN_IN.search(before) if foreign and w == "in" else None
        if fm:
            role = "destination"
            general = general or "foreign" in fm.group(0).lower()
        elif through and w in ("through", "via") and _THROUGH.search(before):
            role = "transit"
        elif transit and _AS_TRANSIT.match(text, pm.end) and _USE_BEFORE.search(before):
            role = "transit"
        elif chain_role and LIST_GAP.fullmatch(text[prev_end : pm.start]):
            role = chain_role
        chain_role, prev_end = role, pm.end
        if role:
            found.append((pm.entity, role, pm.start, (max(0, pm.start - 40), pm.start)))
    if abroad:
        off = sa.sentence.start
        for m in _ABROAD.finditer(text):
            g = "who" if m.group("who") is not None else "who2"
            lo, hi = m.start(g), m.end(g)
            for i, pm in enumerate(sa.places):
                if (
                    lo <= pm.start < hi
                    and preps.get(i) == "from"
                    and pm.entity.types[0] == "Country"
                ):
                    found.append((pm.entity, "source", pm.start, (lo, hi)))
            for dm, ent in sa.demonyms:
                if lo <= dm.start - off < hi and ent.types[0] == "Country":
                    found.append((ent, "source", dm.start - off, (lo, hi)))
    done = set()
    for country, role, pos, (lo, hi) in found:
        if (country, role) in done or hedged(text, pos):
            continue
        done.add((country, role))
        victims = [g.entity for g in sa.groups if lo <= g.start < hi]
        _assert_role(ctx, sa, country, role, find_exploitation(text), victims, base=0.85)
    return general or any(role == "source" for _, role in done)


def _previous_role_country(ctx: RuleCall) -> Entity | None:
    """The country the previous sentence gave a role ("It" of the next one)."""
    prev = ctx.discourse.prev
    if prev is None:
        return None
    for f in reversed(ctx.discourse.history):
        if f.sentence is not prev.sentence:
            break
        if f.types[0] == "CountryRoleAssertion":
            return f.props["country"][0]
    return None


def country_roles(view: SentenceView, discourse: Discourse) -> tuple[list[Fact], bool]:
    """Country roles of the sentence, and whether the sentence states roles only.

    Returns
    -------
    facts : list of Fact
        CountryRoleAssertions, and the flows a role sentence names ("a
        destination country for women from A and B").
    roles_only : bool
        True when a formula naming no journey matched ("foreign victims in X",
        "victims from X abroad", a transit role with its flow): the journey
        families then skip the sentence.
    """
    ctx = RuleCall(view, discourse)
    roles_only = _country_roles(ctx, view.sa, view.preps)
    return ctx.out, roles_only


def _country_roles(ctx: RuleCall, sa: SentenceAnalysis, preps) -> bool:
    modern = _modern_roles(ctx, sa, preps)
    text = sa.text
    role_rx, role_body, makes_rx = _role_rx()
    subjects = list(sa.places)
    for it in _IT.finditer(text) if _IT_HINT.search(text) else ():
        if it.start() == 0:  # "It is also a destination country": the previous sentence's
            prior = _previous_role_country(ctx)
        else:  # "X is a source country ...; the country is also a transit country": X
            prior = next(
                (
                    pm.entity
                    for pm in reversed(sa.places)
                    if pm.end <= it.start()
                    and pm.entity.types[0] == "Country"
                    and role_rx.match(text, pm.end)
                ),
                None,
            )
        if prior is not None:
            subjects.append(EntityMention(it.start(), it.end(), prior, it.group(0)))
    for pm in subjects:
        if pm.entity.types[0] not in ("Country", "Region"):
            continue
        after = pm.end
        acr = _ACRONYM.match(text, after)  # "The United Arab Emirates (UAE) is ..."
        if acr:
            after = acr.end()
        m = role_rx.match(text, after)
        if m is None and _MAKES.search(text, max(0, pm.start - 8), pm.start):
            m = makes_rx.match(text, pm.end)  # "... makes Niger an ideal country of transit"
        if m is None and text.startswith(",", after):  # "Albania, a source country for ..."
            m = makes_rx.match(text, after + 1)
        if not m or negated(text, m.end()) or not role_body.fullmatch(m.group("body")):
            continue
        found = m.group("body")
        if m.group("roles2"):
            found = m.group("roles2").lower().replace("origin", "source")
        end = m.end()
        for more in _MORE.finditer(text, end):  # "a source country and, to a lesser extent,
            if more.start() != end or not role_body.fullmatch(more.group("body")):  # a transit
                break  # and destination country"
            found += " " + more.group("body")
            end = more.end()
        roles = [r.lower() for r in re.findall(r"source|transit|destination", found, re.I)]
        if not roles:
            continue
        rest = text[end:]
        types = find_exploitation(rest)
        victims = [g.entity for g in sa.groups if g.start >= end]
        for v in victims:
            if v.types[0] != "VictimGroup":
                v.types.insert(0, "VictimGroup")
        country = pm.entity
        for role in dict.fromkeys(roles if country.types[0] == "Country" else []):
            _assert_role(ctx, sa, country, role, types, victims)
        others = [
            (i, p) for i, p in enumerate(sa.places) if p.start >= end and p.entity is not country
        ]
        origins = [p.entity for i, p in others if preps.get(i) in ORIGIN_WORDS]
        for e in listed_origins(ctx, sa, end, len(text))[1]:  # "from South and Southeast Asia"
            if e not in origins and e is not country:
                origins.append(e)
        dests = [
            p.entity
            for i, p in others
            if preps.get(i) in DEST_WORDS | {"in", "within", "throughout"}
        ]
        told = None
        if ("destination" in roles and origins) or ("source" in roles and dests):
            told = f = new_fact(
                ctx,
                sa,
                ["TraffickingActivity"],
                "TraffickingActivity",
                country.iri,
                "roles",
                confidence=sentence_confidence(sa, 0.8),
            )
            if "destination" in roles:
                for e in origins:
                    f.add("origin", e)
                f.add("destination", country)
            else:
                f.add("origin", country)
                for e in dests:
                    f.add("destination", e)
            f.told = True  # (abroad.close_narrative_flows keeps its places as read)
            for t in types:
                f.add("exploitationType", Concept(t))
            for v in victims:
                f.add("victim", v)
        onward = [p.entity for i, p in others if preps.get(i) in DEST_WORDS]
        if (
            "transit" in roles
            and country.types[0] == "Country"
            and (onward or told is None and origins)
        ):
            # "X is a transit country for migrants from A and B seeking to reach Europe"
            f = new_fact(
                ctx,
                sa,
                ["MigrationFlow"],
                "MigrationFlow",
                country.iri,
                "transit-role",
                confidence=sentence_confidence(sa, 0.75),
            )
            f.add("transit", country)
            for e in origins:
                f.add("origin", e)
            for e in onward:
                f.add("destination", e)
            for g in sa.groups:
                if g.start >= end:
                    f.add("participant", g.entity)
            modern = True  # (the journey of the sentence is told: no other flow from it)
    return modern
