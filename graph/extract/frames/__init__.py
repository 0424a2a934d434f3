"""Frame rules: facts from one analysed sentence, one module per family.

The pipeline of :func:`graph.extract.extract_text` is

1. segmentation (:mod:`graph.extract.text`): sentences and clauses with offsets;
2. mention finders (:mod:`graph.extract.gazetteer`, :mod:`graph.extract.entities`,
   :mod:`graph.extract.numbers`, :mod:`graph.extract.dates`): places,
   organisations, people, groups, numbers and dates;
3. frame rules, by family, in the order of :data:`FAMILIES`:

   ============  ==========================================================
   statements    who said or warned what (:mod:`.statements`)
   roles         source, transit and destination countries (:mod:`.roles`)
   casualties    deaths, missing, rescued, intercepted (:mod:`.casualties`)
   statistics    reported numbers (:mod:`.statistics`)
   journeys      flows, routes, smuggling and trafficking (:mod:`.journeys`)
   unrest        civil unrest and armed conflict (:mod:`.unrest`)
   operations    deployments, operations and arrests (:mod:`.operations`)
   judicial      charges, extraditions, convictions, sentences (:mod:`.judicial`)
   groups        groups vulnerable to an exploitation (:mod:`.groups`)
   ============  ==========================================================

4. the report-graph writer (:mod:`graph.extract.rdfout`).

Shared pieces (the fact model, hedging, negation, exploitation phrases and
the prepositions that govern places) are in :mod:`.base`; what the rules
remember across sentences is in :mod:`graph.extract.discourse` (``ctx.discourse``).

Examples
--------
>>> from graph.extract import extract_text
>>> g = extract_text("Police arrested 12 smugglers in Spain.", report_id="demo")
>>> len(g) > 0
True
"""

from __future__ import annotations

from graph.extract.dates import find_dates
from graph.extract.discourse import discourse_years
from graph.extract.entities import SentenceAnalysis
from graph.extract.frames.abroad import close_narrative_flows, narrative_flows
from graph.extract.frames.base import Concept, Fact, ReportContext, TypedDate, place_preps
from graph.extract.frames.casualties import casualties
from graph.extract.frames.groups import named_actors, vulnerable_groups
from graph.extract.frames.journeys import flows, home_origins, trafficking
from graph.extract.frames.judicial import judicial
from graph.extract.frames.operations import deployments, operations
from graph.extract.frames.roles import country_roles
from graph.extract.frames.statements import statements
from graph.extract.frames.statistics import statistics
from graph.extract.frames.unrest import unrest
from graph.extract.frames.when import anchor_dates
from graph.extract.numbers import find_quantities

__all__ = ["Concept", "Fact", "ReportContext", "TypedDate", "sentence_facts"]


def sentence_facts(ctx: ReportContext, sa: SentenceAnalysis) -> None:
    """Apply every rule family to one analysed sentence, appending to ``ctx.facts``."""
    text = sa.text
    ctx.first = len(ctx.facts)
    dates = discourse_years(
        ctx.discourse, find_dates(text, ctx.report_date, ctx.ref_year), sa.sentence.paragraph
    )
    quants = find_quantities(text)
    preps = place_preps(sa)
    speaker = statements(ctx, sa, preps, dates)
    modern_roles = country_roles(ctx, sa, preps)
    narrative_flows(ctx, sa, preps)
    casualties(ctx, sa, quants, dates, preps)
    stats = statistics(ctx, sa, quants, dates, preps, speaker)
    if not modern_roles:  # (the formulas name no journey)
        flows(ctx, sa, stats, preps, dates)
    unrest(ctx, sa, preps, dates)
    deployments(
        ctx,
        sa,
        preps,
        dates,
        speaker or ctx.discourse.last_speaker if text.startswith(('"', "“")) else speaker,
    )
    operations(ctx, sa, quants, preps, dates)
    judicial(ctx, sa, quants, dates, preps)
    if not modern_roles:
        trafficking(ctx, sa, preps)
    vulnerable_groups(sa)
    named_actors(sa)
    home_origins(ctx)
    anchor_dates(ctx, sa, dates)  # the events' own dates, not the telling's
    close_narrative_flows(ctx)
    ctx.discourse.prev = sa
