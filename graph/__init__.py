"""tkg: knowledge graphs of human trafficking and migrant smuggling from written reports.

The package follows the data flow of ``docs/ARCHITECTURE.md``: text is
extracted into facts (:mod:`graph.extract`), curated facts are read
(:mod:`graph.rdf`, :mod:`graph.factsheet`) and validated
(:mod:`graph.validate`), stored (:mod:`graph.store`), queried
(:mod:`graph.query`, :mod:`graph.check`), projected into networkx graphs
(:mod:`graph.network`), analysed (:mod:`graph.analysis`, :mod:`graph.plot`) and
exported (:mod:`graph.export`). Importing the package is cheap: heavy
dependencies load in the functions that need them.

Examples
--------
>>> import graph
>>> graph.__version__
'0.1.0'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from graph._packages import check_packages

check_packages()  # a user's graph.py or ontology/ earlier on sys.path: one line naming it

try:
    __version__ = version("tkg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"

__all__ = ["__version__"]
