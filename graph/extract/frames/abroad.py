"""Country narratives: flows of victims between countries (stub, filled below)."""

from __future__ import annotations

from graph.extract.entities import SentenceAnalysis
from graph.extract.frames.base import ReportContext


def narrative_flows(ctx: ReportContext, sa: SentenceAnalysis, preps: dict[int, str]) -> None:
    """Flows of a country narrative's sentence (nationals abroad, victims coming in, transit)."""
    return None
