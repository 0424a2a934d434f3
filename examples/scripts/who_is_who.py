"""Who speaks for whom: load a curated fact sheet and list people with their organisations.

Run: python examples/scripts/who_is_who.py
"""

from pathlib import Path

from graph.load import load_files
from graph.store import open_store

HERE = Path(__file__).resolve().parent.parent

store = open_store("memory")
load_files(store, [HERE / "facts" / "cnn-2011-europol-north-africa.yaml"])
answer = store.select(
    """SELECT ?name ?title ?org ?kind WHERE {
         ?p a tkg:Person ; rdfs:label ?name ; tkg:memberOf ?o .
         ?o rdfs:label ?org ; a ?k .
         FILTER(?k != tkg:Organization && STRSTARTS(STR(?k), STR(tkg:)))
         BIND(STRAFTER(STR(?k), "#") AS ?kind)
         OPTIONAL { ?p tkg:roleTitle ?title } }
       ORDER BY ?name"""
)
for name, title, org, kind in answer.rows:
    print(f"{name}: {title or 'member'} of {org} ({kind})")
