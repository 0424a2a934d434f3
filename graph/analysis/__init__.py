"""Network measures, route questions and the analysis brief.

The package is split as its readers need it:

- :mod:`graph.analysis.measures`: centralities, brokers, cut points,
  communities and cores on any networkx graph;
- :mod:`graph.analysis.routes`: paths, endpoints, chokepoints and
  disruption on a flow graph;
- :mod:`graph.analysis.facts`: each report's facts read from a store, with
  the rules for hedged claims and the strongest evidence;
- :mod:`graph.analysis.brief`: the writer of analysis.md;
- :mod:`graph.analysis.run`: :func:`analyze`, everything on a store.

Examples
--------
>>> import networkx as nx
>>> from graph.analysis import measure, chokepoints
>>> g = nx.DiGraph([("o", "x"), ("x", "d")])
>>> info = measure(g)
>>> chokepoints(g, ["o"], ["d"]), g.nodes["x"]["betweenness"]
(['x'], 1.0)
"""

from graph.analysis.brief import *  # noqa: F403
from graph.analysis.brief import __all__ as _brief
from graph.analysis.facts import *  # noqa: F403
from graph.analysis.facts import __all__ as _facts
from graph.analysis.measures import *  # noqa: F403
from graph.analysis.measures import __all__ as _measures
from graph.analysis.routes import *  # noqa: F403
from graph.analysis.routes import __all__ as _routes
from graph.analysis.run import *  # noqa: F403
from graph.analysis.run import __all__ as _run

__all__ = [*_measures, *_routes, *_facts, *_brief, *_run]
