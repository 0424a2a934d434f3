"""Country roles from a government-style country narrative, straight from text.

Run: python examples/scripts/country_roles.py
"""

from graph.extract import extract_text
from graph.load import load_graphs
from graph.store import open_store

NARRATIVE = (
    "Libya is a destination and transit country for men and women from sub-Saharan Africa "
    "and Asia subjected to forced labor and sex trafficking. Nigerian women are forced into "
    "prostitution in Italy after crossing the Mediterranean from Libya."
)

store = open_store("memory")
graph = extract_text(NARRATIVE, report_id="narrative-example", date="2012-06-19")
load_graphs(store, [(str(graph.identifier), graph)])
answer = store.select(
    """SELECT ?country ?role (GROUP_CONCAT(DISTINCT ?exploitation; separator=", ") AS ?types) WHERE {
         ?a a tkg:CountryRoleAssertion ; tkg:country/rdfs:label ?country ;
            tkg:role/skos:prefLabel ?role .
         OPTIONAL { ?a tkg:exploitationType/skos:prefLabel ?exploitation } }
       GROUP BY ?country ?role ORDER BY ?country ?role"""
)
for country, role, types in answer.rows:
    print(f"{country}: {role} ({types})")
