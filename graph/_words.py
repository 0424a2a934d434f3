"""Counted nouns in messages: ``1 report``, ``2 reports`` (never ``1 reports`` or ``report(s)``).

Examples
--------
>>> plural(1, "report"), plural(3, "link"), plural(0, "entity", "entities")
('1 report', '3 links', '0 entities')
>>> plural(1200, "triple")
'1200 triples'
"""

from __future__ import annotations

__all__ = ["plural"]


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and ``noun``, or its plural ``nouns`` (default ``noun + "s"``) unless ``n == 1``."""
    return f"{n} {noun if n == 1 else (nouns or noun + 's')}"
