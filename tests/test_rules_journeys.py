"""Rule tables for journeys: flows, routes, smuggling and trafficking activities.

Every sentence here is made up for the test (in the constructions of news,
agency and court releases); each case asks the extracted graph one question,
so a failing case points at one rule: origin, transit and destination from
verbs and prepositions, legs of one journey, the home countries of its people,
borders, seas, named routes, and what must give no journey place at all.
"""

from __future__ import annotations

import functools

import pyoxigraph as ox
import pytest

from graph.extract import extract_text

PREFIX = (
    "PREFIX tkg: <https://w3id.org/tkg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
JOURNEY = "VALUES ?k { tkg:MigrationFlow tkg:SmugglingActivity tkg:TraffickingActivity } ?f a ?k ."


@functools.cache
def _places_nt() -> bytes:
    from ontology import places_graph

    return places_graph().serialize(format="nt").encode("utf-8")


@functools.cache
def _store(text: str) -> ox.Store:
    """The report's graph with the places it refers to (as the corpus questions see it)."""
    store = ox.Store()
    store.load(_places_nt(), format=ox.RdfFormat.N_TRIPLES)
    g = extract_text(text, report_id="journey-test")
    store.load(
        g.serialize(format="nt").encode("utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(str(g.identifier)),
    )
    return store


def _ask(text: str, body: str) -> bool:
    return bool(
        _store(text).query(PREFIX + "ASK { " + body + " }", use_default_graph_as_union=True)
    )


def _place(var: str, code: str) -> str:
    """A place by ISO alpha-2 code (itself or a place part of it), or by label."""
    if len(code) == 2 and code.isupper():
        return f'{var} tkg:partOf*/tkg:isoCode "{code}" .'
    return (
        f"{var} rdfs:label|skos:altLabel ?lab{var[1:]} . "
        f'FILTER(CONTAINS(LCASE(STR(?lab{var[1:]})), "{code.lower()}"))'
    )


def _has(role: str, code: str, var: str) -> str:
    return f"?f tkg:{role} {var} . {_place(var, code)}"


# --- origin and destination of one journey: (sentence, origin, destination) ---------

FLOWS = [
    # "carrying/transporting ... from A to B"
    ("A fishing boat carrying 300 migrants from Tunisia to Malta capsized on Sunday.", "TN", "MT"),
    ("Smugglers moved the migrants from Turkey into Bulgaria at night.", "TR", "BG"),
    ("The network was transporting migrants from Iran into Turkey.", "IR", "TR"),
    # "left/departed (from) A (bound) for B", "set sail from CITY, Country"
    ("A bus left Honduras for Mexico with 40 migrants on board.", "HN", "MX"),
    ("The vessel departed from Senegal on Monday, bound for the Canary Islands.", "SN", "canary"),
    ("The dinghy set sail from Tripoli, Libya, heading for Italy.", "LY", "IT"),
    (
        "The trawler left Nouadhibou, a port town in northern Mauritania, bound for Spain.",
        "MR",
        "ES",
    ),
    # "on its way from A to B", "brought from A to B"
    ("A boat on its way from Guinea to Spain sank off the coast.", "GN", "ES"),
    ("The woman was brought from the Philippines to the United States in 2003.", "PH", "US"),
    # "escaping ... in A ... to B", "from countries like A"
    ("Families escaping violence in Syria travelled to Lebanon by bus.", "SY", "LB"),
    (
        "Each year young men make the journey from countries like Somalia and Ethiopia "
        "through Yemen to Saudi Arabia.",
        "ET",
        "SA",
    ),
    # "transporting migrants into A and B": every listed destination
    ("Boats transporting migrants into Greece and Italy were seized.", None, "GR"),
    ("Boats transporting migrants into Greece and Italy were seized.", None, "IT"),
    # "recruited ... in A" is where the journey starts; "exploited ... in B" where it ends
    ("The gang recruited young women in Moldova and exploited them in Italy.", "MD", "IT"),
    (
        "The network recruited migrants in Albania and organised their entry into the EU.",
        "AL",
        "european union",
    ),
    # "set off from CITY in western A", "left their country for B, C and D", "returned to B"
    (
        "The boat had set off from Tripoli in western Libya two days earlier bound for Malta.",
        "LY",
        "MT",
    ),
    (
        "Thousands of Venezuelans have left their country for Colombia, Peru and Ecuador.",
        "VE",
        "PE",
    ),
    ("Migrants intercepted at sea were returned to Libya by the coast guard.", None, "LY"),
    (
        "Survivors said they were held in Libya for months before boarding a boat to Italy.",
        None,
        "IT",
    ),
    # "lured from A to B", "left camps in A for B", "helping Albanians enter B"
    ("The women were lured from Ukraine to Poland with promises of work.", "UA", "PL"),
    ("In May, 3,000 Rohingya left camps in Bangladesh by boat for Malaysia.", "BD", "MY"),
    ("He is accused of helping dozens of Albanians enter the UK in lorries.", "AL", "GB"),
    # "arrivals in B came from A", "the return of ... from A to B"
    ("The majority of arrivals in Greece came from Syria, Afghanistan and Iraq.", "AF", "GR"),
    ("IOM assisted the return of 150 Ethiopian migrants from Yemen to Addis Ababa.", "YE", "ET"),
    ("Sea arrivals to Spain via the Western Mediterranean route fell by 30 per cent.", None, "ES"),
    # "arrived at a reception centre in B"
    (
        "The family arrived at a reception centre in Lampedusa after leaving Tunisia.",
        "TN",
        "lampedusa",
    ),
    # "the route begins in A and ends in B"
    ("The smuggling route begins in Niger and ends in Libya.", "NE", "LY"),
    # "fled (from) A to B"
    ("Over 20,000 refugees fled from Sudan to Chad in a week.", "SD", "TD"),
    # "seeking asylum in B"
    ("More than 5,000 Sudanese refugees sought asylum in Chad last month.", "SD", "TD"),
    ("Thousands of Afghans claimed asylum in Germany after crossing Austria.", "AF", "DE"),
    # a sub-national unit "of" its country
    (
        "The gang moved migrants from the Kurdistan Region of Iraq to the United Kingdom.",
        "IQ",
        "GB",
    ),
]


@pytest.mark.parametrize(("text", "origin", "dest"), FLOWS)
def test_flow(text, origin, dest):
    body = JOURNEY + " " + _has("destination", dest, "?d")
    if origin:  # the origin, or the nationality of the people on the journey
        body += (
            " { ?f tkg:origin ?o } UNION { ?f tkg:victim|tkg:participant/tkg:nationality ?o } "
            + _place("?o", origin)
        )
    assert _ask(text, body), (text, origin, dest)


# --- transits and legs: (sentence, transit, destination or None) --------------------

TRANSITS = [
    ("Migrants from Eritrea travel through Sudan and Libya to reach Italy.", "SD", "IT"),
    (
        "The migrants travelled to Serbia on their own, where facilitators later smuggled "
        "them into Hungary.",
        "RS",
        "HU",
    ),
    ("Women were taken from Nepal, then from India to Kuwait.", "IN", "KW"),
    ("Afghans crossed Iran and Turkey to reach Greece.", "TR", "GR"),
    ("Thousands of migrants pass through the desert town of Agadez every month.", "agadez", None),
    ("Smugglers drove the migrants via Austria to Germany.", "AT", "DE"),
    ("Every week hundreds of people travel through Djibouti and Yemen.", "YE", None),
    ("Thousands of migrants crossed the jungle between Colombia and Panama.", "CO", None),
    ("Thousands of migrants crossed the jungle between Colombia and Panama.", "PA", None),
    # "A, which borders B, sees migrants passing through": A is crossed, B is not
    (
        "Mexico's northern state of Sonora, which borders Arizona, sees thousands of "
        "migrants passing through on their way to the United States.",
        "MX",
        "US",
    ),
]


@pytest.mark.parametrize(("text", "transit", "dest"), TRANSITS)
def test_transit(text, transit, dest):
    body = JOURNEY + " " + _has("transit", transit, "?t")
    if dest:
        body += " " + _has("destination", dest, "?d")
    assert _ask(text, body), (text, transit, dest)


def test_place_near_the_destination_is_the_location():
    text = "Migrants arrived in the town of Agadez, on the edge of the Sahara."
    body = JOURNEY + " ?f tkg:location ?l . " + _place("?l", "sahara")
    assert _ask(text, body)
    assert not _ask(text, JOURNEY + " " + _has("destination", "sahara", "?d"))


def test_first_leg_is_not_the_destination():
    text = TRANSITS[1][0]
    assert not _ask(text, JOURNEY + " " + _has("destination", "RS", "?d"))


# --- the home countries of the people on a journey -----------------------------------

HOMES = [
    (
        "A boat carrying migrants from Libya to Italy sank. Many of the migrants were "
        "originally from Mali, Guinea and Senegal.",
        code,
        "IT",
    )
    for code in ("ML", "GN", "SN")
] + [
    ("The migrants were mostly from Syria and Iraq, police said.", "SY", None),
    ("The migrants were mostly from Syria and Iraq, police said.", "IQ", None),
    (
        "The boat sailed from Sabratha, Libya, but most of the migrants were originally "
        "from Bangladesh.",
        "BD",
        None,
    ),
]


@pytest.mark.parametrize(("text", "home", "dest"), HOMES)
def test_home_origin(text, home, dest):
    body = JOURNEY + " " + _has("origin", home, "?o")
    if dest:
        body += " " + _has("destination", dest, "?d")
    assert _ask(text, body), (text, home, dest)


def test_home_of_boat_people_keeps_the_departure_as_transit():
    text = HOMES[-1][0]
    assert _ask(text, JOURNEY + _has("origin", "BD", "?o") + " " + _has("transit", "LY", "?t"))


# --- the group on the journey and its nationality ------------------------------------

GROUPS = [
    ("Guatemalan migrants were smuggled into the United States in trucks.", "GT", "US"),
    ("Police said 60 Syrian refugees were moved from Turkey to Greece by boat.", "SY", "GR"),
]


@pytest.mark.parametrize(("text", "nat", "dest"), GROUPS)
def test_group_nationality(text, nat, dest):
    body = (
        JOURNEY + " ?f tkg:victim|tkg:participant ?g . ?g tkg:nationality ?n . "
        + _place("?n", nat) + " " + _has("destination", dest, "?d")
    )  # fmt: skip
    assert _ask(text, body), text


def test_the_victim_described_in_the_sentence_before():
    text = (
        "A Texas couple pleaded guilty to holding their Nigerian housekeeper in servitude. "
        "In 2010, the couple arranged to have the victim brought to the United States."
    )
    body = (
        JOURNEY
        + " ?f tkg:victim|tkg:participant ?g . ?g tkg:nationality/tkg:isoCode 'NG' . "
        + _has("destination", "US", "?d")
    )
    assert _ask(text, body)


def test_journey_with_exploitation_is_trafficking():
    text = (
        "The victims were recruited in Romania with promises of jobs and taken to Germany, "
        "where they were forced to work."
    )
    body = (
        "?f a tkg:TraffickingActivity ; tkg:exploitationType tkg:ForcedLabour . "
        + _has("origin", "RO", "?o") + " " + _has("destination", "DE", "?d")
    )  # fmt: skip
    assert _ask(text, body)
    assert not _ask(text, "?f a tkg:MigrationFlow .")


COUNTS = [
    ("Some 15,000 Egyptian workers had fled Libya by March.", 15000),
    ("In 2022, 4,200 migrants crossed the Channel from France to the United Kingdom.", 4200),
]


@pytest.mark.parametrize(("text", "n"), COUNTS)
def test_how_many_moved(text, n):
    assert _ask(text, JOURNEY + f" ?f tkg:count {n} ."), text


def test_deaths_are_no_flow_count():
    text = "In 2022, 40 migrants drowned while crossing from Libya to Italy."
    assert not _ask(text, JOURNEY + " ?f tkg:count 40 .")


def test_people_named_before_the_group_noun():
    text = "Dozens of Rohingya refugees are stranded on the Andaman Sea."
    body = (
        JOURNEY + " ?f tkg:participant|tkg:victim ?g . ?g rdfs:label ?l . "
        'FILTER(CONTAINS(LCASE(STR(?l)), "rohingya"))'
    )
    assert _ask(text, body)


def test_the_migrants_of_another_paragraph_are_not_carried_over():
    text = (
        "Ethiopian migrants crossed to Yemen in May.\n\n"
        "The migrants, who had set out from Zuwara in Libya, were bound for Italy."
    )
    body = (
        JOURNEY
        + " ?f tkg:participant ?g . ?g tkg:nationality/tkg:isoCode 'ET' . "
        + _has("destination", "IT", "?d")
    )
    assert not _ask(text, body)


def test_a_people_alone_is_the_group():
    text = "In May, 3,000 Rohingya left camps in Bangladesh by boat for Malaysia."
    body = (
        JOURNEY + " ?f tkg:participant|tkg:victim ?g . ?g rdfs:label ?l . "
        'FILTER(CONTAINS(LCASE(STR(?l)), "rohingya"))'
    )
    assert _ask(text, body)


def test_the_refugees_are_the_group_named_before():
    text = (
        "A boat with Rohingya refugees was seen off the coast. "
        "The refugees had departed from Bangladesh a week earlier."
    )
    body = (
        JOURNEY + _has("origin", "BD", "?o") + " ?f tkg:participant|tkg:victim ?g . "
        '?g rdfs:label ?l . FILTER(CONTAINS(LCASE(STR(?l)), "rohingya"))'
    )
    assert _ask(text, body)


# --- borders and seas ----------------------------------------------------------------

BORDERS = [
    ("Police arrested 11 men who smuggled migrants from the Greek-Turkish border to Athens.",
     "origin", "TR"),
    ("Police arrested 11 men who smuggled migrants from the Greek-Turkish border to Athens.",
     "origin", "greek-turkish border"),
    ("Migrants paid smugglers to take them to the US-Mexico border.", "destination", "US"),
    ("Thousands crossed the border between Colombia and Panama last year.", "transit", "PA"),
    ("The network moved Syrians from the Hungarian-Serbian border into Austria.", "origin|tkg:transit", "RS"),
    ("Refugees paid smugglers for transport to the Libyan border.", "destination", "LY"),
    ("Refugees paid smugglers for transport to the Libyan border.", "destination", "libya border"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "role", "code"), BORDERS)
def test_border(text, role, code):
    assert _ask(text, JOURNEY + " " + _has(role, code, "?b")), (text, role, code)


SEAS = [
    ("Dozens of Rohingya refugees are stranded on the Andaman Sea.", "andaman"),
    ("Thousands of migrants crossed the Aegean Sea from Turkey to Greece in 2015.", "aegean"),
]


@pytest.mark.parametrize(("text", "sea"), SEAS)
def test_sea_crossed(text, sea):
    body = JOURNEY + " ?f tkg:crosses ?s . ?s a tkg:SeaArea . " + _place("?s", sea)
    assert _ask(text, body), text


# --- named routes --------------------------------------------------------------------

ROUTES = [
    ("Most migrants on the Central Mediterranean route departed from Libya.", "central mediterranean"),
    ("Arrivals along the Western Balkan route rose sharply in 2015.", "balkan"),
    ("Smugglers use the Balkan route to move migrants from Greece to Austria.", "balkan"),
    ("Departures on the Atlantic route to the Canary Islands doubled.", "atlantic"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name"), ROUTES)
def test_named_route(text, name):
    body = f"?r a tkg:Route ; tkg:evidence ?e . {_place('?r', name)}"
    assert _ask(text, body), text


def test_named_route_takes_the_places_given_for_it():
    text = "Smugglers use the Balkan route to move migrants from Greece to Austria."
    body = (
        "?r a tkg:Route ; rdfs:label ?l ; tkg:origin ?o ; tkg:destination ?d . "
        'FILTER(CONTAINS(LCASE(STR(?l)), "balkan")) '
        + _place("?o", "GR") + " " + _place("?d", "AT")
    )  # fmt: skip
    assert _ask(text, body)


def test_nationalities_on_this_route():
    text = (
        "Frontex counted 9,000 crossings on the Western Mediterranean route in May. "
        "The main nationalities on this route were Moroccans and Algerians."
    )
    for code in ("MA", "DZ"):
        body = (
            JOURNEY + _has("origin", code, "?o") + " ?f tkg:via ?r . ?r rdfs:label ?l . "
            'FILTER(CONTAINS(LCASE(STR(?l)), "western mediterranean"))'
        )
        assert _ask(text, body), code


def test_flow_via_named_route_with_its_places():
    text = ROUTES[0][0]
    body = (
        JOURNEY + " ?f tkg:via ?r . ?r rdfs:label ?l ; tkg:crosses ?s . "
        'FILTER(CONTAINS(LCASE(STR(?l)), "central mediterranean"))'
    )
    assert _ask(text, body)


# --- what must give no journey place -------------------------------------------------

NOTHING = [
    # a supporter of an operation is no journey place
    (
        "Switzerland and Austria supported the operation against a network that smuggled "
        "migrants from Albania to France.",
        "?f tkg:origin|tkg:destination|tkg:transit ?p . " + _place("?p", "CH"),
    ),
    (
        "With support from Switzerland, police dismantled a ring that moved women into Italy.",
        _has("origin", "CH", "?p"),
    ),
    # officials and agencies travelling or sending staff are no journey
    ("The minister travelled to Libya to discuss migrant smuggling.", "?f tkg:destination ?p ."),
    (
        "To fight migrant smuggling, Frontex sent 100 officers to Lithuania.",
        "?f tkg:destination ?p .",
    ),
    # suspects extradited, or where the suspects come from, are no migrants' journey
    ("The two smugglers were extradited from Spain to Italy last week.", "?f tkg:destination ?p ."),
    (
        "The suspects, who are from Albania, were arrested in Greece for smuggling migrants.",
        _has("origin", "AL", "?p"),
    ),
    # a place after a later verb is no part of the list before it
    (
        "The lorry, which had travelled from Bulgaria, was stopped in Hungary.",
        _has("origin", "HU", "?p"),
    ),
    (
        "In 2015 a million migrants arrived in Europe, most of them fleeing conflict in Syria.",
        _has("destination", "SY", "?p"),
    ),
    # where a person or a network is from or works from is no journey
    ("The boat belonged to a fisherman from Tunisia.", "?f tkg:origin ?p ."),
    ("The trafficking network operated from Nigeria, police said.", "?f tkg:origin ?p ."),
    # suspects moving, and goods smuggled, are no journey of people
    ("The suspect returned to Albania after the trial.", "?f tkg:destination ?p ."),
    (
        "Interpol issued a red notice for the smuggler, who fled to Sudan.",
        "?f tkg:destination ?p .",
    ),
    ("The cocaine was smuggled from Colombia to Spain in containers.", "?f tkg:origin ?p ."),
    # "started in" names where a route begins, not where a trial does
    ("The trial of the smugglers started in Italy in 2015.", "?f tkg:origin ?p ."),
    # no reversed direction
    ("Migrants were smuggled from Albania to Italy.", _has("destination", "AL", "?p")),
    ("Migrants were smuggled from Albania to Italy.", _has("origin", "IT", "?p")),
    (
        "The network recruited migrants in Albania and organised their entry into the EU.",
        _has("destination", "AL", "?p"),
    ),
    # distances are no journey
    ("The boat sank 120 km from Lampedusa, close to Malta.", "?f tkg:origin|tkg:destination ?p ."),
    (
        "The boat began to sink less than a quarter-mile from Lampedusa.",
        "?f tkg:origin|tkg:destination ?p .",
    ),
    # hedged and negated clauses give no journey
    ("Migrants could try to cross from Libya to Italy.", "?f tkg:destination ?p ."),
    ("No migrants were smuggled from Turkey to Greece last month.", "?f tkg:destination ?p ."),
    # no place carried over from an earlier sentence without an anaphor
    (
        "Police in Spain arrested five men on Monday. Migrants were smuggled to France.",
        _has("origin", "ES", "?p"),
    ),
    # officers deploying are no migrants
    (
        "NCA officers deployed to the region from the UK to assist.",
        "?f tkg:origin ?p .",
    ),
    # deaths at sea are no flow count
    (
        "At least 40 migrants drowned off the coast of Libya on Tuesday.",
        "?f tkg:count ?n .",
    ),
]


@pytest.mark.parametrize(("text", "body"), NOTHING)
def test_no_journey_place(text, body):
    assert not _ask(text, JOURNEY + " " + body), text


# A trafficking noun that names its form of exploitation is a TraffickingActivity of that
# form, even with no victims or places ("the operation targeted trafficking for ...").
FORMS = [
    ("Inspectors targeted trafficking for the purpose of labour exploitation.", "ForcedLabour"),
    (
        "The raids focused on human trafficking for sexual exploitation in bars.",
        "SexualExploitation",
    ),
    ("Four men were charged with sex trafficking and money laundering.", "SexualExploitation"),
    ("The agency opened 12 cases of labor trafficking last year.", "ForcedLabour"),
    (
        "Girls were forced into criminal activities such as pickpocketing by the gang.",
        "ForcedCriminality",
    ),
    ("The boys were exploited to commit thefts in shopping centres.", "ForcedCriminality"),
]


@pytest.mark.parametrize("text,form", FORMS)
def test_trafficking_names_its_form(text, form):
    assert _ask(text, f"?f a tkg:TraffickingActivity ; tkg:exploitationType tkg:{form} .")


NO_FORM = [
    "The conference discussed the fight against human trafficking.",
    "Police stepped up efforts against trafficking in the region.",
    "Migrants were forced into a truck at gunpoint.",
    "Traffickers could try to exploit the crisis for labour exploitation.",
]


@pytest.mark.parametrize("text", NO_FORM)
def test_no_trafficking_form_without_one_named(text):
    assert not _ask(text, "?f a tkg:TraffickingActivity ; tkg:exploitationType ?x .")
