"""Judicial events: charges, extraditions, pleas, convictions, sentences, acquittals."""

from __future__ import annotations

from graph.extract.entities import SentenceAnalysis
from graph.extract.frames.base import Fact, ReportContext
from graph.extract.numbers import Quantity

__all__ = ["judicial"]


def judicial(
    ctx: ReportContext, sa: SentenceAnalysis, quants: list[Quantity], dates, preps
) -> list[Fact]:
    """Legal-proceeding events of one sentence (after the operations family's arrests)."""
    return []
