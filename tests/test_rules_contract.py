"""The frame-rule contract: every family is a function (sentence view, discourse) -> facts.

No family keeps state of its own or writes into a shared context: the view is
frozen, a family's result is a new list, and running a family twice on the
same view gives the same facts.
"""

from __future__ import annotations

import inspect

import pytest

from graph.extract.discourse import Discourse
from graph.extract.entities import Registry, analyse_sentence
from graph.extract.frames import Fact, SentenceView, sentence_facts, sentence_view
from graph.extract.frames.abroad import narrative_flows
from graph.extract.frames.casualties import casualties
from graph.extract.frames.journeys import flows, trafficking
from graph.extract.frames.judicial import judicial
from graph.extract.frames.operations import deployments, operations
from graph.extract.frames.roles import country_roles
from graph.extract.frames.statements import statements
from graph.extract.frames.statistics import statistics
from graph.extract.frames.unrest import unrest
from graph.extract.gazetteer import find_mentions, nlp
from graph.extract.text import split_sentences
from graph.ids import report_iri

FAMILIES = [
    statements,
    narrative_flows,
    casualties,
    statistics,
    flows,
    unrest,
    deployments,
    operations,
    judicial,
    trafficking,
]

SENTENCE = (
    "On Tuesday police in Spain arrested 12 smugglers who had moved 40 migrants from "
    "Morocco to Spain, and 3 people drowned, the agency said."
)


def _view(text: str = SENTENCE) -> tuple[SentenceView, Discourse]:
    reg = Registry(report_iri("contract"))
    s = split_sentences(text)[0]
    sa = analyse_sentence(s, reg, find_mentions(text, nlp().make_doc(text)))
    return sentence_view(sa, reg, None, 2024), reg.discourse


@pytest.mark.parametrize("family", FAMILIES + [country_roles], ids=lambda f: f.__name__)
def test_a_family_takes_a_view_and_the_discourse(family):
    params = list(inspect.signature(family).parameters.values())
    assert [p.name for p in params] == ["view", "discourse"]
    assert params[0].annotation in ("SentenceView", SentenceView)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.__name__)
def test_a_family_returns_new_facts_and_the_same_each_time(family):
    view, discourse = _view()
    first = family(view, discourse)
    again = family(view, discourse)
    assert isinstance(first, list) and all(isinstance(f, Fact) for f in first)
    assert first is not again
    assert [(f.types, f.key, f.props) for f in first] == [(f.types, f.key, f.props) for f in again]


def test_the_view_cannot_be_changed():
    view, _ = _view()
    with pytest.raises(AttributeError):
        view.speaker = None  # type: ignore[misc]


def test_the_sentence_facts_go_to_the_discourse_history():
    view, discourse = _view()
    facts = sentence_facts(view, discourse)
    kinds = {f.types[0] for f in facts}
    assert {"Arrest", "Statistic"} <= kinds
    assert discourse.history == facts
    assert discourse.prev is view.sa


def test_country_roles_say_whether_the_sentence_states_roles_only():
    view, discourse = _view("Foreign victims are exploited in Malaysia.")
    facts, roles_only = country_roles(view, discourse)
    assert roles_only is True
    assert [f.types[0] for f in facts] == ["CountryRoleAssertion"]
