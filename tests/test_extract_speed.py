"""The extractor's shortcuts give the same results as the plain rules.

Each speed-up of ``graph.extract`` (cue lookaheads, prefilters, caches,
span filtering without spaCy objects) is checked against the slow form it
replaces, on the test reports and on generated text.
"""

from __future__ import annotations

import pkgutil
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graph.extract.frames
from graph import rdflib_memory
from graph.extract import dates, entities, gazetteer, rdfout
from graph.extract.text import split_sentences
from graph.reportgraph import confidence_literal

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
    frames = [
        __import__(f"graph.extract.frames.{m.name}", fromlist=["_"])
        for m in pkgutil.iter_modules(graph.extract.frames.__path__)
    ]
    for mod in (*frames, entities):
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
    assert {
        "graph.extract.frames.unrest._UNREST",
        "graph.extract.entities._RX_ROLE_PERSON",
    } <= names
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
    assert confidence_literal(str(0.8)) == Literal(Decimal("0.8"))
    assert str(confidence_literal(str(0.0))) == "0.0"
    assert str(confidence_literal(str(-0.0))) == "-0.0"
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


def _memory_state(g) -> dict:
    return {k: v for k, v in vars(g.store).items() if k.startswith("_Memory__")}


def _filled_both_ways(triples, identifier="https://w3id.org/tkg/id/report/t"):
    from rdflib import Graph, URIRef

    fast = Graph(identifier=URIRef(identifier))
    rdflib_memory.fill_graph(fast, triples)
    slow = Graph(identifier=URIRef(identifier))
    for t in triples:
        slow.store.add(t, slow)
    return fast, slow


@pytest.mark.parametrize("path", TEXTS[:6] + TEXTS[-1:], ids=lambda p: p.name)
def test_fill_graph_leaves_the_state_of_memory_add(path):
    from graph.extract import extract_text

    g = extract_text(path.read_text(encoding="utf-8", errors="replace"), report_id=path.stem)
    triples = list(g) + list(g)[:50]  # with repeats
    fast, slow = _filled_both_ways(triples, str(g.identifier))
    state, expected = _memory_state(fast), _memory_state(slow)
    assert state.keys() == expected.keys()
    for key, value in expected.items():
        if key == "_Memory__context_obj_map":
            assert state[key].keys() == value.keys()
        elif key == "_Memory__all_contexts":
            assert {c.identifier for c in state[key]} == {c.identifier for c in value}
        else:
            assert state[key] == value, key
    assert set(fast) == set(slow) == set(g) and len(fast) == len(g)


def test_fill_graph_result_behaves_like_a_graph():
    from rdflib import Literal, URIRef

    s, p = URIRef("urn:s"), URIRef("urn:p")
    triples = [(s, p, Literal(i)) for i in range(5)]
    fast, slow = _filled_both_ways(triples)
    for g in (fast, slow):
        g.add((s, p, Literal("new")))
        g.remove((s, p, Literal(0)))
    assert set(fast) == set(slow) and len(fast) == len(slow) == 5
    assert [c.identifier for c in fast.store.contexts()] == [fast.identifier]
    assert fast.serialize(format="nt") and fast.isomorphic(slow)
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(fast.query(q)))[0]) == 5


def test_fill_graph_falls_back_on_a_store_in_use():
    from rdflib import Dataset, Graph, Literal, URIRef

    s, p = URIRef("urn:s"), URIRef("urn:p")
    g = Graph(identifier=URIRef("urn:g"))
    g.add((s, p, Literal("first")))
    rdflib_memory.fill_graph(g, [(s, p, Literal("second"))])
    assert len(g) == 2
    ds = Dataset()
    named = ds.graph(URIRef("urn:named"))
    rdflib_memory.fill_graph(named, [(s, p, Literal(1))])
    assert len(named) == 1 and len(ds.graph(URIRef("urn:named"))) == 1
    empty = Graph()
    rdflib_memory.fill_graph(empty, [])
    assert len(empty) == 0


def test_batch_restores_the_collector_and_changes_no_output():
    import gc

    from graph.extract import extract_text
    from graph.extract.batch import YOUNG_THRESHOLD, batch

    text = TEXTS[-1].read_text(encoding="utf-8")
    outside = extract_text(text, report_id="b", date="2011-02-22")
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with batch():
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_freeze_count() > frozen
        with batch():  # nested: no second freeze, no early undo
            inner = extract_text(text, report_id="b", date="2011-02-22")
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
    assert set(inner) == set(outside)


def test_batch_undoes_the_tuning_when_the_block_raises():
    import gc

    from graph.extract.batch import batch

    before = gc.get_threshold()
    with pytest.raises(RuntimeError), batch():
        raise RuntimeError("stop")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_rdflib_internals_are_used_only_with_the_versions_they_were_written_for(monkeypatch):
    import rdflib

    major_minor = ".".join(rdflib.__version__.split(".")[:2])
    # pinned: a new rdflib release must be checked (and added to WRITTEN_FOR) by hand
    assert rdflib_memory.fast_path() is (major_minor in rdflib_memory.WRITTEN_FOR)
    monkeypatch.setattr(rdflib, "__version__", "99.0.0")
    assert rdflib_memory.fast_path() is False
    g = rdflib_memory.report_graph("urn:r")
    assert type(g.store).__name__ == "Memory"  # the plain store, filled by store.add
    s, p = rdflib.URIRef("urn:s"), rdflib.URIRef("urn:p")
    rdflib_memory.fill_graph(g, [(s, p, rdflib.Literal(1)), (s, p, rdflib.Literal(1))])
    assert len(g) == 1 and g.value(s, p) == rdflib.Literal(1)


@pytest.mark.parametrize("path", TEXTS[:3] + TEXTS[-1:], ids=lambda p: p.name)
def test_a_report_graph_indexed_on_first_use_has_the_state_of_memory_add(path):
    from rdflib import Graph

    from graph.extract import extract_text

    g = extract_text(path.read_text(encoding="utf-8", errors="replace"), report_id=path.stem)
    assert isinstance(g.store, rdflib_memory.ReportMemory)
    assert g.store._pending is not None  # nothing asked for an index yet
    nt = g.serialize(format="nt")
    assert g.store._pending is not None and len(g) == len(set(g))  # listing needs no index
    slow = Graph(identifier=g.identifier)
    for t in g:
        slow.store.add(t, slow)
    some = next(iter(g))
    assert list(g.objects(some[0], some[1]))  # a bound pattern builds the indexes
    assert g.store._pending is None
    state, expected = _memory_state(g), _memory_state(slow)
    for key in ("_Memory__spo", "_Memory__pos", "_Memory__osp", "_Memory__contextTriples"):
        assert state[key] == expected[key], key
    assert slow.serialize(format="nt").count("\n") == nt.count("\n")


def test_a_report_graph_can_be_changed_like_any_graph():
    from rdflib import Literal, URIRef

    s, p = URIRef("urn:s"), URIRef("urn:p")
    g = rdflib_memory.report_graph("urn:r")
    rdflib_memory.fill_graph(g, [(s, p, Literal(i)) for i in range(5)])
    g.add((s, p, Literal("new")))
    g.remove((s, p, Literal(0)))
    assert len(g) == 5 and (s, p, Literal("new")) in g and (s, p, Literal(0)) not in g
    g2 = rdflib_memory.report_graph("urn:r2")
    rdflib_memory.fill_graph(g2, [(s, p, Literal(1))])
    assert (s, p, Literal(1)) in g2  # a bound pattern builds the indexes
    assert [c.identifier for c in g2.store.contexts((s, p, Literal(1)))] == [g2.identifier]
