"""``python -m graph`` runs the tkg command line."""

from graph.cli import main

main()
