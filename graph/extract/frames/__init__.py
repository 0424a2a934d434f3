"""Frame rules: facts from one analysed sentence, one module per family.

The pipeline of :func:`graph.extract.extract_text` is

1. segmentation (:mod:`graph.extract.text`): sentences and clauses with offsets;
2. mention finders (:mod:`graph.extract.gazetteer`, :mod:`graph.extract.entities`,
   :mod:`graph.extract.numbers`, :mod:`graph.extract.dates`): places,
   organisations, people, groups, numbers and dates;
3. frame rules, by family, in the order :func:`sentence_facts` runs them:

   ============  ==========================================================
   statements    who said or warned what (:mod:`.statements`)
   roles         source, transit and destination countries (:mod:`.roles`)
   narratives    country narratives' flows abroad and in (:mod:`.abroad`)
   casualties    deaths, missing, rescued, intercepted (:mod:`.casualties`)
   statistics    reported numbers (:mod:`.statistics`)
   journeys      flows, routes, smuggling and trafficking (:mod:`.journeys`)
   unrest        civil unrest and armed conflict (:mod:`.unrest`)
   operations    deployments, operations and arrests (:mod:`.operations`)
   judicial      charges, extraditions, convictions, sentences (:mod:`.judicial`)
   groups        groups vulnerable to an exploitation (:mod:`.groups`)
   ============  ==========================================================

   then the finishers, over the sentence's facts: victims' home countries as
   origins (:func:`.journeys.home_origins`), the events' own dates rather than
   the telling's (:mod:`.when`), the narrative flows' transits
   (:func:`.abroad.close_narrative_flows`);

4. the report-graph writer (:mod:`graph.extract.rdfout`).

Shared pieces (the fact model, hedging, negation, exploitation phrases and
the prepositions that govern places) are in :mod:`.base`; what the rules
remember across sentences is in :mod:`graph.extract.discourse`. Every family is a
function from a :class:`~.base.SentenceView` (one sentence and what was found in
it) and the report's :class:`~graph.extract.discourse.Discourse` to the facts it
found. A family reads the facts of the families before it (``view.earlier``);
the few that complete one rather than make their own say so (judicial adds the
people arrested to the sentence's arrest, journeys adds the ways a narrative's
flow went). Nothing else is shared: a family's helpers get a :class:`~.base.RuleCall`
made for that one call.

Examples
--------
>>> from graph.extract import extract_text
>>> g = extract_text("Police arrested 12 smugglers in Spain.", report_id="demo")
>>> len(g) > 0
True
"""

from __future__ import annotations

import datetime as dt

from graph.extract.dates import find_dates
from graph.extract.discourse import Discourse, discourse_years
from graph.extract.entities import Registry, SentenceAnalysis
from graph.extract.frames.abroad import close_narrative_flows, narrative_flows
from graph.extract.frames.base import Concept, Fact, SentenceView, TypedDate, place_preps
from graph.extract.frames.casualties import casualties
from graph.extract.frames.groups import named_actors, vulnerable_groups
from graph.extract.frames.journeys import flows, home_origins, trafficking
from graph.extract.frames.judicial import judicial
from graph.extract.frames.operations import deployments, drop_restated_arrests, operations
from graph.extract.frames.roles import country_roles
from graph.extract.frames.statements import statements
from graph.extract.frames.statistics import statistics
from graph.extract.frames.unrest import unrest
from graph.extract.frames.when import anchor_dates
from graph.extract.numbers import find_quantities

__all__ = ["Concept", "Fact", "SentenceView", "TypedDate", "sentence_facts", "sentence_view"]


def sentence_view(
    sa: SentenceAnalysis,
    reg: Registry,
    report_date: dt.date | None,
    ref_year: int | None,
) -> SentenceView:
    """Read one analysed sentence's dates, numbers and place prepositions into a view.

    "The previous year" is resolved against the year the text last named (the
    report's discourse remembers it).
    """
    text = sa.text
    dates = discourse_years(
        reg.discourse, find_dates(text, report_date, ref_year), sa.sentence.paragraph
    )
    return SentenceView(
        sa, reg, report_date, ref_year, place_preps(sa), dates, find_quantities(text)
    )


def sentence_facts(view: SentenceView, discourse: Discourse) -> list[Fact]:
    """Apply every rule family to one sentence and return the sentence's facts.

    Each family is a function ``(view, discourse) -> facts``; the view a family
    gets holds the facts of the families before it (``view.earlier``). When the
    sentence is done its facts go to the discourse's history and it becomes the
    previous sentence.
    """
    sa = view.sa
    facts = statements(view, discourse)
    speaker = next((f.props["speaker"][0] for f in facts if "Statement" in f.types), None)
    view = view._replace(speaker=speaker)

    seen = view._replace(earlier=tuple(facts))

    def then(family) -> None:
        nonlocal seen
        if seen.earlier != tuple(facts):  # (a new view only when the facts changed)
            seen = view._replace(earlier=tuple(facts))
        facts.extend(family(seen, discourse))

    found, roles_only = country_roles(view, discourse)
    facts.extend(found)
    then(narrative_flows)
    then(casualties)
    then(statistics)
    if not roles_only:  # (the formulas name no journey)
        then(flows)
    then(unrest)
    then(deployments)
    then(operations)
    facts[:] = drop_restated_arrests(facts)
    then(judicial)
    if not roles_only:
        then(trafficking)
    vulnerable_groups(sa)
    named_actors(sa)
    home_origins(facts)
    anchor_dates(view, facts)  # the events' own dates, not the telling's
    close_narrative_flows(facts)
    discourse.history.extend(facts)
    discourse.prev = sa
    return facts
