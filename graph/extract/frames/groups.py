"""Groups and organisations: actors named in the report, and victim groups named as
vulnerable to an exploitation."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from graph.extract.entities import SentenceAnalysis
from graph.extract.frames.base import (
    Concept,
    find_exploitation,
    hedged,
)
from graph.extract.text import cue_regex

_NAMED_KINDS = frozenset(
    {
        "Organization",
        "CriminalGroup",
        "TerroristGroup",
        "LawEnforcementAgency",
        "GovernmentBody",
        "InternationalOrganization",
        "NonGovernmentalOrganization",
        "MediaOrganization",
        "PersonGroup",
        "VictimGroup",
        "MigrantGroup",
    }
)


_PERSON_GROUPS = frozenset({"PersonGroup", "MigrantGroup"})


@functools.cache
def _group_context():
    import yaml

    path = Path(__file__).parents[1] / "data" / "org_groups.yaml"
    cues = yaml.safe_load(path.read_text(encoding="utf-8"))["context_cues"]
    alts = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    first = "".join(sorted({c[0].lower() for c in cues} | {c[0].upper() for c in cues}))
    return cue_regex(first, rf"\b(?:{alts})", re.I)


def named_actors(sa: SentenceAnalysis) -> None:
    """Organisations and groups the report names are facts of their own.

    "ICE agents arrested the leader of a Russian trafficking network" names a
    law-enforcement agency and a criminal group of Russian nationality: both
    are written to the report's graph (type, label, nationality, base) with the
    sentence that first names them as evidence, whether or not an event of the
    sentence refers to them. Hedged or negated mentions are still names (an
    organisation exists whatever the clause says of it). A group of people that
    no rule made victims is written so only from a sentence about trafficking,
    migration or exploitation (cue words in ``data/org_groups.yaml``): "Students
    from Nepal often study in Japan" gives nothing.
    """
    context = None
    for m in (*sa.actors, *sa.groups):
        ent = m.entity
        if ent.types[0] in _NAMED_KINDS and not ent.evidence:
            if ent.types[0] in _PERSON_GROUPS:
                if context is None:
                    context = _group_context().search(sa.text) is not None
                if not context:
                    continue
            ent.evidence.append(sa.sentence)


_VULNERABLE = cue_regex(
    "va",
    r"\b(?:vulnerable\s+to|at\s+(?:(?:a\s+)?(?:particular|particularly|high|higher|great|greater|"
    r"heightened|increased|special|serious|grave|acute)\s+)?risk\s+of)\b",
    re.I,
)
_VULNERABLE_LINK = re.compile(
    r"\b(?:are|is|were|was|remain|remains|remained)\s+(?:\w+\s+){0,2}$", re.I
)


def vulnerable_groups(sa: SentenceAnalysis) -> None:
    """Groups a narrative names as at risk become victim groups with evidence.

    "Roma children are particularly vulnerable to forced begging" (or "at
    particular risk of forced begging") makes "Roma children" a
    ``tkg:VictimGroup`` with that ``tkg:exploitationType`` and the sentence as
    evidence; no trafficking event is asserted (the text states a risk).
    """
    if not sa.groups:
        return
    m = _VULNERABLE.search(sa.text)
    if m is None or not _VULNERABLE_LINK.search(sa.text[max(0, m.start() - 40) : m.start()]):
        return
    types = find_exploitation(sa.text[m.end() :])
    if hedged(sa.text, m.start()) or not types:
        return
    for g in sa.groups:
        if g.end <= m.start() and not re.search(r"[;:]", sa.text[g.end : m.start()]):
            ent = g.entity
            if ent.types[0] != "VictimGroup":
                ent.types.insert(0, "VictimGroup")
            for t in types:
                ent.add("exploitationType", Concept(t))
            if sa.sentence not in ent.evidence:
                ent.evidence.append(sa.sentence)
