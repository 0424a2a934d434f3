"""The extractor's shortcuts give the same results as the plain rules.

Each speed-up of ``graph.extract`` (cue lookaheads, prefilters, caches,
span filtering without spaCy objects) is checked against the slow form it
replaces, on the test reports and on generated text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract import dates, entities, events, gazetteer, rdfout
from graph.extract.text import split_sentences

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "tests" / "data" / "extract").glob("*.txt")) + sorted(
    (ROOT / "examples" / "reports").glob("*.txt")
)
_LOOKAHEAD = re.compile(r"^\(\?=(?:\[[^\]]+\]|\(\?i:\[[^\]]+\]\))\)")


def _sentences() -> list[str]:
    out = []
    for p in TEXTS:
        out += [s.text for s in split_sentences(p.read_text(encoding="utf-8", errors="replace"))]
    return out


SENTENCES = _sentences()


def _cue_regexes() -> list[tuple[str, re.Pattern, re.Pattern]]:
    """(name, regex with lookahead, the same regex without it)."""
    found = []
    for mod in (events, entities):
        for name, rx in sorted(vars(mod).items()):
            if isinstance(rx, re.Pattern):
                m = _LOOKAHEAD.match(rx.pattern)
                if m:
                    found.append(
                        (f"{mod.__name__}.{name}", rx, re.compile(rx.pattern[m.end() :], rx.flags))
                    )
    return found


CUES = _cue_regexes()


def _same_matches(rx: re.Pattern, plain: re.Pattern, text: str) -> None:
    assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for i in range(len(text)):
        a, b = rx.match(text, i), plain.match(text, i)
        assert (a and a.span()) == (b and b.span()), (text, i)


def test_cue_regexes_found():
    names = {n for n, _, _ in CUES}
    assert {"graph.extract.events._UNREST", "graph.extract.entities._RX_ROLE_PERSON"} <= names
    assert len(CUES) >= 15


@pytest.mark.parametrize("name,rx,plain", CUES, ids=[c[0] for c in CUES])
def test_cue_regex_matches_like_plain_regex_on_reports(name, rx, plain):
    for text in SENTENCES:
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _words(plain: re.Pattern) -> list[str]:
    return sorted(set(re.findall(r"[A-Za-z']+", plain.pattern)) - {"w", "s", "b", "d"})


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_cue_regex_matches_like_plain_regex_on_generated_text(data):
    name, rx, plain = data.draw(st.sampled_from(CUES))
    words = _words(plain)
    token = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.upper),
        st.sampled_from(words).map(str.title),
        st.sampled_from(["the", "Anna Smith", "Italy", ",", ".", "'s", "n't", "12", "-", "ſ"]),
    )
    parts = data.draw(st.lists(token, min_size=1, max_size=12))
    seps = data.draw(
        st.lists(st.sampled_from([" ", "", "  ", ", "]), min_size=len(parts), max_size=len(parts))
    )
    text = "".join(p + s for p, s in zip(parts, seps, strict=True))
    _same_matches(rx, plain, text)


def _dates_without_prefilter(monkeypatch, text, ref, year):
    with monkeypatch.context() as m:
        m.setattr(dates, "_possible", lambda t: dict.fromkeys(dict(dates._PATTERNS), True))
        return dates.find_dates(text, ref, year)


@settings(max_examples=80, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(
            [
                "since the start of 2011",
                "since the beginning of 1999",
                "March 3",
                "3 March",
                "3rd of Sept. 2010",
                "May 2009",
                "may",
                "In 2014",
                "during 2020",
                "mid-2019",
                "on Tuesday",
                "Sunday",
                "last year",
                "This Month",
                "yesterday",
                "recently",
                "in recent weeks",
                "Jan.",
                "12",
                "the",
                "police",
                ",",
                "2021",
                "Dec 25, 2015",
            ]
        ),
        min_size=1,
        max_size=8,
    ),
    ref=st.sampled_from([None, "2011-02-20"]),
    year=st.sampled_from([None, 2011]),
)
def test_find_dates_prefilter_changes_nothing(parts, ref, year):
    import datetime as dt

    text = " ".join(parts)
    ref_date = dt.date.fromisoformat(ref) if ref else None
    with pytest.MonkeyPatch.context() as mp:
        slow = _dates_without_prefilter(mp, text, ref_date, year)
    assert dates.find_dates(text, ref_date, year) == slow


def test_find_dates_prefilter_on_reports(monkeypatch):
    import datetime as dt

    ref = dt.date(2016, 3, 1)
    for text in SENTENCES:
        assert dates.find_dates(text, ref) == _dates_without_prefilter(monkeypatch, text, ref, None)


def test_person_org_precheck_is_necessary():
    heads = []
    for text in SENTENCES:
        heads += [text[:i] for i in range(0, len(text), 2)]
    heads += ["Anna Smith, a spokeswoman for the ", "Anna Smith, the director of  "]
    hits = 0
    for head in heads:
        if entities._RX_PERSON_ORG.search(head):
            hits += 1
            assert entities._may_end_person_org(head), head
    assert hits >= 2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(1, 4), st.integers(0, 3)).map(
            lambda t: (t[0], t[0] + t[1], t[2])
        ),
        max_size=10,
    )
)
def test_filter_spans_like_spacy(spans):
    from spacy.tokens import Span
    from spacy.util import filter_spans

    doc = gazetteer.nlp().make_doc(" ".join(f"w{i}" for i in range(20)))
    spacy_spans = [Span(doc, s, e, label=str(lab)) for s, e, lab in spans]
    expected = [(sp.start, sp.end, int(sp.label_)) for sp in filter_spans(spacy_spans)]
    assert gazetteer._filter_spans(spans) == expected


def test_literal_caches_keep_lexical_forms_and_types():
    from rdflib import XSD, Literal

    assert rdfout._value_lit(7) == Literal(7, datatype=XSD.integer)
    assert rdfout._plain_lit(True) == Literal(True)
    assert rdfout._plain_lit(1) == Literal(1, datatype=XSD.integer)
    assert rdfout._plain_lit(True).datatype == XSD.boolean  # True is not 1 in the cache
    assert rdfout._str_lit("Italy") is rdfout._str_lit("Italy")
    assert rdfout._confidence_lit(0.8) == Literal(Decimal("0.8"))
    assert str(rdfout._confidence_lit(0.0)) == "0.0"
    assert str(rdfout._confidence_lit(-0.0)) == "-0.0"
    tagged = Literal("Italia", lang="it")
    assert rdfout._label_lit("Italia") == Literal("Italia")
    assert rdfout._label_lit(tagged).language == "it"
    assert rdfout._date_lit("2011-02", "gYearMonth").datatype == XSD.gYearMonth


def test_decimal_values_keep_their_lexical_form():
    from graph.extract import extract_text

    v = rdfout.TKG.value
    first = "The trade is worth $2.50 a day per victim, Europol said."
    second = "The trade is worth $2.5 a day per victim, Europol said."
    # Equal Decimals, different lexical forms: the literal cache must not mix them up.
    assert [str(o) for o in extract_text(first, report_id="d1").objects(None, v)] == ["2.50"]
    assert [str(o) for o in extract_text(second, report_id="d2").objects(None, v)] == ["2.5"]


def test_extraction_is_repeatable():
    from rdflib.compare import isomorphic

    from graph.extract import extract_text

    text = (ROOT / "examples" / "reports" / "cnn-2011-europol-north-africa.txt").read_text(
        encoding="utf-8"
    )
    a = extract_text(text, report_id="cnn", date="2011-02-22")
    b = extract_text(text, report_id="cnn", date="2011-02-22")
    assert len(a) > 100
    assert set(a) == set(b) and isomorphic(a, b)


def test_number_candidates_like_plain_regex():
    from graph.extract import numbers

    plain = re.compile(numbers._CANDIDATE.pattern.replace("(?=[bdefhmnoqst])", ""), re.I)
    assert plain.pattern != numbers._CANDIDATE.pattern
    words = re.findall(r"[a-z]+", plain.pattern)
    texts = SENTENCES + [" ".join(words), " ".join(w.upper() for w in words), "ſix Half 3"]
    for text in texts:
        _same_matches(numbers._CANDIDATE, plain, text)
