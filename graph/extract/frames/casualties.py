"""Deaths, missing people, rescues and interceptions: their own measures, never migrant counts."""

from __future__ import annotations

from graph.extract.entities import SentenceAnalysis
from graph.extract.frames.base import Fact, ReportContext
from graph.extract.numbers import Quantity

__all__ = ["casualties"]


def casualties(
    ctx: ReportContext, sa: SentenceAnalysis, quants: list[Quantity], dates, preps
) -> list[Fact]:
    """Statistics of deaths, missing, rescued and intercepted people in one sentence."""
    return []
