"""Statements and warnings with speaker, audience and quote."""

from __future__ import annotations

import re
from pathlib import Path

from graph.extract.dates import dateline_date
from graph.extract.discourse import Discourse
from graph.extract.entities import Entity, SentenceAnalysis
from graph.extract.frames.base import (
    HEDGE,
    NEG,
    Fact,
    RuleCall,
    SentenceView,
    date_lit,
    new_fact,
    point_dates,
)
from graph.extract.text import cue_regex

# --- statements ----------------------------------------------------------------------

_DATA = Path(__file__).resolve().parents[1] / "data"


def _alt(phrases) -> str:
    """A regex alternation of phrases, longest first; a space matches any white space."""
    return "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True)
    )


def _speech_cues() -> tuple[re.Pattern, re.Pattern]:
    """The speech-verb regex and the gap allowed between a speaker and it, from the data files."""
    import yaml

    own = yaml.safe_load((_DATA / "statements.yaml").read_text(encoding="utf-8"))
    people = yaml.safe_load((_DATA / "person_cues.yaml").read_text(encoding="utf-8"))
    verbs = [v for v in people["speech_verbs"] if v != "according to"] + ["say"]
    phrases = verbs + own["speech_phrases"]
    speech = cue_regex(
        "".join(sorted({p[0].lower() for p in phrases})), rf"\b(?:{_alt(phrases)})\b", re.I
    )
    gap = re.compile(
        r"\s*(?:\([A-Z][\w.]{1,12}\)\s*)?"
        rf"(?:(?:{_alt(own['speaker_nouns'])})[*†]?\s*)?"  # ("UN experts*": a footnote)
        rf"(?:(?:{_alt(own['time_words'])})\s+)?"  # ("UN experts today expressed alarm")
        r"(?:,[^,\"“”]{1,150},)?\s*"
    )
    return speech, gap


_SPEECH, _SPEAKER_GAP = _speech_cues()
_QUOTE = re.compile(r"[\"“]([^\"”]{8,})(?:[\"”]|$)")
_WARN = cue_regex(
    "wcftdarom",
    r"\b(?:warn\w*|concern(?:ed|s)?|fears?|feared|threat\w*|danger\w*|at risk|risks?|alarm\w*|"
    r"opportunit\w+ to exploit|(?:could|may|might|will|would)\s+(?:\w+\s+){0,3}exploit\w*)\b",
    re.I,
)


def statements(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Who said or warned what in the sentence: at most one Statement (its ``speaker``).

    An unattributed quote opening a sentence continues the last speaker of the
    same or the previous paragraph (``discourse.last_speaker``).
    """
    ctx = RuleCall(view, discourse)
    _statements(ctx, view.sa, view.preps, view.dates)
    return ctx.out


def _statements(ctx: RuleCall, sa: SentenceAnalysis, preps, dates) -> Entity | None:
    text = sa.text
    reg = ctx.reg
    speaker = None
    verb = None
    for m in _SPEECH.finditer(text):
        for a in sa.actors:
            if a.entity.types[0] in ("CriminalGroup",):
                continue
            gap_before = text[a.end : m.start()]
            if a.end <= m.start() and _SPEAKER_GAP.fullmatch(gap_before):
                speaker, verb = a, m
            elif (
                a.start >= m.end()
                and re.fullmatch(r"\s+", text[m.end() : a.start])
                and m.group(0).lower() in ("said", "says", "added", "warned")
            ):
                speaker, verb = a, m
        if speaker:
            if speaker.entity.types[0] != "Person":
                for a in sa.actors:
                    if (
                        a.entity.types[0] == "Person"
                        and speaker.entity in a.entity.props.get("memberOf", [])
                        and 0 <= a.start - speaker.end <= 50
                    ):
                        speaker = a
            break
    continued = False
    if speaker is None:
        if (
            text.startswith(('"', "“"))
            and reg.discourse.last_speaker is not None
            and reg.discourse.last_quote_paragraph is not None
            and sa.sentence.paragraph - reg.discourse.last_quote_paragraph in (0, 1)
        ):
            speaker_ent = reg.discourse.last_speaker
            continued = True
        else:
            return None
    else:
        speaker_ent = speaker.entity
    quotes = [q.group(1).strip().rstrip(",") for q in _QUOTE.finditer(text)]
    nq = text.count('"') + text.count("“") + text.count("”")
    if nq % 2 == 1 and not text.lstrip().startswith(('"', "“")):
        first = re.search(r"[\"“”]", text).start()
        quotes = [text[:first].strip().rstrip(",")]
    if not quotes and verb is not None:
        after = text[verb.end() :].strip()
        after = re.sub(r"^(?:(?:on|in|at|last|this|earlier)\b[^,]{0,30}?\s+)?that\s+", "", after)
        use_after = (
            len(after) > 15
            and not after.startswith(",")
            and not re.match(r"(?:on|in|at|last|this|earlier)\b.{0,30}$", after)
        )
        line = dateline_date(text, dates)
        if line is not None and not text[line.end : speaker.start if speaker else 0].strip(
            " ()–—-"
        ):
            use_after = True  # only the dateline is before the speaker
        if speaker and not use_after:
            before = text[: speaker.start]
            cut = re.search(r",\s*(?:[\w'’.-]+\s+){0,5}$", before)
            before = before[: cut.start()] if cut else before
            after = before.strip(" ,")
        quotes = [after] if speaker and after else []
    f = new_fact(ctx, sa, ["Statement"], "Statement", speaker_ent.iri, confidence=0.9)
    f.add("speaker", speaker_ent)
    for q in quotes:
        f.add("quote", q)
    if verb is not None:
        if verb.group(0).lower() in ("told", "tells"):
            for a in sa.actors:
                if a.start >= verb.end() and re.fullmatch(
                    r"\s+(?:the\s+)?", text[verb.end() : a.start]
                ):
                    f.add("audience", a.entity)
        for i, pm in enumerate(sa.places):
            if pm.start >= verb.end() and preps.get(i) == "in" and pm.start - verb.end() < 50:
                f.add("location", pm.entity)
                break
        for d in point_dates(dates, verb.start() - 2):
            f.add("date", date_lit(d))
            break
        else:  # "GENEVA (21 July 2023) – UN experts expressed concern ...": the release's date
            d = dateline_date(text, dates)
            if d is not None and d.end <= verb.start():
                f.add("date", date_lit(d))
    quote_text = " ".join(quotes)
    if (
        re.search(r"\bwarn", text, re.I)
        or _WARN.search(quote_text)
        or (
            verb is not None and _WARN.search(verb.group(0))  # "expressed concern"
        )
    ):
        f.types = ["Warning", "Statement"]
    if HEDGE.search(quote_text) or NEG.search(quote_text):
        f.confidence = 0.7
    if continued:
        f.confidence = 0.6
    about = []
    own = set(speaker_ent.props.get("memberOf", []))
    for em in sa.places + sa.groups:
        if em.entity in f.props.get("location", []):
            continue
        if speaker is None or not (speaker.start <= em.start < speaker.end):
            about.append(em.entity)
    for a in sa.actors:
        if a.entity is not speaker_ent and a.entity not in own:
            if a.entity not in f.props.get("audience", []):
                about.append(a.entity)
    for e in about:
        f.add("about", e)
    if quotes and text.lstrip().startswith(('"', "“")) or continued:
        reg.discourse.last_speaker = speaker_ent
        reg.discourse.last_quote_paragraph = sa.sentence.paragraph
    return speaker_ent
