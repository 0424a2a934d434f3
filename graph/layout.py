"""Packing per-component layouts into one drawing (used by the figures and the exports).

A single force layout pushes disconnected components to the corners and
squeezes each one; laying each component out on its own and packing the
results in rows keeps them legible. :func:`pack_components` does the
packing; the callers choose the layout of each component.

Examples
--------
>>> from graph.layout import pack_components
>>> pos = pack_components([(["a", "b"], {"a": (0.0, 0.0), "b": (1.0, 1.0)}), (["c"], {"c": (0.0, 0.0)})])
>>> sorted(pos)
['a', 'b', 'c']
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

__all__ = ["pack_components"]

Point = tuple[float, float]


def pack_components(
    layouts: Sequence[tuple[Sequence[Hashable], dict[Hashable, Point]]], gap: float = 0.6
) -> dict[Hashable, Point]:
    """Scale each component's layout to a square box sized by its node count and pack the boxes in rows.

    Parameters
    ----------
    layouts : sequence of (nodes, positions)
        One entry per component, in the order they should be placed (largest first reads best).
    gap : float
        Space between boxes.

    Returns
    -------
    dict
        node -> (x, y).
    """
    boxes = []
    for comp, local in layouts:
        width = max(math.sqrt(len(comp)), 0.6)
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        x0, y0 = min(xs), min(ys)
        span = max(max(xs) - x0, max(ys) - y0, 1e-9)
        norm = {
            n: ((p[0] - x0) / span * width, (p[1] - y0) / span * width) for n, p in local.items()
        }
        boxes.append((width, norm))
    total = sum(b[0] ** 2 for b in boxes)
    row_width = max(boxes[0][0] if boxes else 1.0, 1.3 * math.sqrt(total))
    pos: dict[Hashable, Point] = {}
    x = y = row_height = 0.0
    for width, norm in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        for n, (px, py) in norm.items():
            pos[n] = (x + px, y - py)
        x += width + gap
        row_height = max(row_height, width)
    return pos
