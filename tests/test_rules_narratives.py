"""Rule tables for country narratives: country roles and flows between countries.

Every sentence here is made up for the test (in the constructions of government
country narratives); each case asks the extracted graph one question.
"""

from __future__ import annotations

import functools

import pytest

from graph.extract import extract_text

PREFIX = "PREFIX tkg: <https://w3id.org/tkg/ontology#>\n"


@functools.cache
def _graph(text: str):
    return extract_text(text, report_id="narrative-test")


def _place(var: str, code: str) -> str:
    """A place by ISO alpha-2 code, or by label (regions) when the code is not two letters."""
    if len(code) == 2 and code.isupper():
        return f'{var} tkg:isoCode "{code}" .'
    return (
        f"{var} <http://www.w3.org/2000/01/rdf-schema#label>|"
        f"<http://www.w3.org/2004/02/skos/core#altLabel> ?lab{var[1:]} . "
        f'FILTER(LCASE(STR(?lab{var[1:]})) = "{code.lower()}")'
    )


def _flow_query(origin: str, dest: str, etype: str | None = None) -> str:
    q = f"ASK {{ ?f tkg:origin ?o ; tkg:destination ?d . {_place('?o', origin)} {_place('?d', dest)}"
    if etype:
        q += f" ?f tkg:exploitationType tkg:{etype} ."
    return PREFIX + q + " }"


def _role_query(code: str, role: str) -> str:
    return PREFIX + f'ASK {{ ?a tkg:country ?c ; tkg:role tkg:{role} . ?c tkg:isoCode "{code}" . }}'


# --- country roles: (sentence, ISO code, role) ---------------------------------------

ROLES = [
    ("Chad is a country of origin, transit, and destination for children.", "TD", "TransitCountry"),
    (
        "Chad is a country of origin, transit, and destination for children.",
        "TD",
        "DestinationCountry",
    ),
    (
        "Mali is a source country and, to a lesser extent, a transit and destination country "
        "for women.",
        "ML",
        "TransitCountry",
    ),
    ("Peru is used as a transit country by traffickers.", "PE", "TransitCountry"),
    (
        "Yemen is a country of origin and, to a lesser extent, transit and destination for men.",
        "YE",
        "DestinationCountry",
    ),
    (
        "Officials from Spain, a major transit and destination country, attended.",
        "ES",
        "TransitCountry",
    ),
    (
        "Albania, a source country for women subjected to sex trafficking, cooperated with Greece.",
        "AL",
        "SourceCountry",
    ),
    (
        "The United Arab Emirates (UAE) is a destination country for men and women.",
        "AE",
        "DestinationCountry",
    ),
    (
        "Mali is a source and destination country for men subjected to forced labor; the "
        "country is also a transit country for migrants.",
        "ML",
        "TransitCountry",
    ),
    (
        "Burma is a source country for men and women. It is also a destination country.",
        "MM",
        "DestinationCountry",
    ),
    (
        "Ghana is a source, transit, and destination country for men, women, and children "
        "subjected to forced labor.",
        "GH",
        "SourceCountry",
    ),
    ("Ghana is a source, transit, and destination country for men.", "GH", "TransitCountry"),
    ("Ghana is a source, transit, and destination country for men.", "GH", "DestinationCountry"),
    (
        "Mexico is a source and, to a lesser extent, destination country for women subjected "
        "to sex trafficking.",
        "MX",
        "DestinationCountry",
    ),
    (
        "As reported over the past five years, human traffickers exploit domestic and foreign "
        "victims in Kenya, and traffickers exploit victims from Kenya abroad.",
        "KE",
        "SourceCountry",
    ),
    (
        "As reported over the past five years, human traffickers exploit domestic and foreign "
        "victims in Kenya, and traffickers exploit victims from Kenya abroad.",
        "KE",
        "DestinationCountry",
    ),
    (
        "Kuwait is primarily a destination country for men and women subjected to forced labor.",
        "KW",
        "DestinationCountry",
    ),
    ("Morocco is a country of transit for migrants from West Africa.", "MA", "TransitCountry"),
    ("Mali serves as a transit point for migrants heading to Algeria.", "ML", "TransitCountry"),
    (
        "Its long desert border makes Chad an ideal country of transit for migrants attempting "
        "to reach Libya.",
        "TD",
        "TransitCountry",
    ),
]


@pytest.mark.parametrize(("sentence", "code", "role"), ROLES)
def test_country_role(sentence, code, role):
    assert _graph(sentence).query(_role_query(code, role)).askAnswer


NO_ROLES = [
    ("Italy, a country of 60 million people, is large.", "IT", "DestinationCountry"),
    (
        "Albania, a source country for women subjected to sex trafficking, cooperated with Greece.",
        "GR",
        "DestinationCountry",
    ),
    ("Burma is a source country for men. It is not a transit country.", "MM", "TransitCountry"),
    ("It is also a destination country.", "MM", "DestinationCountry"),
    (
        "Kuwait is a destination country for men. Burma is large. It is also a source country.",
        "KW",
        "SourceCountry",
    ),
    ("Italy is a destination country and Spain is a transit country.", "IT", "TransitCountry"),
    ("Italy is a destination country and Spain is a transit country.", "ES", "DestinationCountry"),
    ("Qatar is not a source country for forced labor.", "QA", "SourceCountry"),
    ("Libya is a destination and transit country for men and women.", "LY", "SourceCountry"),
    (
        "Traffickers exploit Nepali women in India and the Middle East.",
        "IN",
        "SourceCountry",
    ),
]


@pytest.mark.parametrize(("sentence", "code", "role"), NO_ROLES)
def test_no_country_role(sentence, code, role):
    assert not _graph(sentence).query(_role_query(code, role)).askAnswer


# --- flows: (sentence, origin, destination, exploitation type or None) ----------------

FLOWS = [
    # nationals exploited abroad, one flow per listed destination
    (
        "Paraguayan women are exploited in sex trafficking in Argentina, Spain and Italy.",
        "PY",
        "AR",
        "SexualExploitation",
    ),
    (
        "Paraguayan women are exploited in sex trafficking in Argentina, Spain and Italy.",
        "PY",
        "IT",
        "SexualExploitation",
    ),
    (
        "Moldovan men are subjected to forced labor in Russia and Turkey.",
        "MD",
        "TR",
        "ForcedLabour",
    ),
    (
        "Traffickers exploit Vietnamese women and girls in China, Cambodia and Laos.",
        "VN",
        "LA",
        None,
    ),
    (
        "Bangladeshi men work in construction in Oman, Kuwait and Bahrain, where some face "
        "forced labor.",
        "BD",
        "BH",
        "ForcedLabour",
    ),
    (
        "Laotian children are forced to beg or sell goods on the streets in Thailand and Malaysia.",
        "LA",
        "MY",
        "ForcedBegging",
    ),
    ("Filipino victims have been identified in Japan, Singapore and Jordan.", "PH", "JO", None),
    (
        "Traffickers recruit Burmese women to travel to China to marry Chinese men.",
        "MM",
        "CN",
        "ForcedMarriage",
    ),
    (
        "Malian girls are subjected to domestic servitude in Senegal.",
        "ML",
        "SN",
        "DomesticServitude",
    ),
    (
        "Bhutan is a source country for men and women subjected to forced labor. "
        "Romanian adults and children migrate to Spain and increasingly to Germany for work.",
        "RO",
        "DE",
        None,
    ),
    (
        "Ukrainian nationals working under false identities on farms in Poland were exploited.",
        "UA",
        "PL",
        None,
    ),
    (
        "Traffickers increasingly recruit Kenyan youth to work in online scam operations in "
        "Burma and Cambodia.",
        "KE",
        "KH",
        None,
    ),
    ("Thai officials identified Cambodian victims in Thailand.", "KH", "TH", None),
    ("Authorities identified 40 Filipino victims in Malaysia and Brunei.", "PH", "BN", None),
    (
        "Uzbek men are subjected to forced labor in Russia and Kazakhstan, and to a lesser "
        "extent in Turkey and the UAE.",
        "UZ",
        "AE",
        "ForcedLabour",
    ),
    ("Chinese, Nigerian and Vietnamese women are exploited in Ghana.", "NG", "GH", None),
    (
        "Albanian women are subjected to sex trafficking in Greece and in other European "
        "countries.",
        "AL",
        "Europe",
        "SexualExploitation",
    ),
    ("Nepali women are victims of sex trafficking in India.", "NP", "IN", "SexualExploitation"),
    (
        "Moldovan victims are subjected to sex trafficking in Turkey, Greece, Italy, and other "
        "European countries.",
        "MD",
        "Europe",
        "SexualExploitation",
    ),
    (
        "Ghana is a source country for men. Ghanaian migrants experience forced labor in Libya.",
        "GH",
        "LY",
        "ForcedLabour",
    ),
    # an anaphoric clause tells what the people of the clause before underwent
    (
        "Cambodia is a source country for men. Cambodian men migrate to Thailand for work; many "
        "are subjected to forced labor on fishing boats.",
        "KH",
        "TH",
        "ForcedLabour",
    ),
    # a place fronting the clause
    ("In Libya, Sudanese children were forced to beg.", "SD", "LY", "ForcedBegging"),
    # semicolon-chained clauses; a part without a subject continues its clause
    (
        "Honduras is a source country for women subjected to sex trafficking; Honduran women "
        "are exploited in Guatemala; and in Mexico and the United States.",
        "HN",
        "US",
        None,
    ),
    (
        "Eritrean women are subjected to sex trafficking within Eritrea; in neighboring Sudan, "
        "Ethiopia and Kenya; and in the Gulf states.",
        "ER",
        "KE",
        "SexualExploitation",
    ),
    # victims from a list coming in
    (
        "Women from countries including Bolivia, Peru and Brazil are exploited in Paraguay.",
        "BO",
        "PY",
        None,
    ),
    (
        "Children from Benin, Togo and Ghana are subjected to forced labor in Nigeria.",
        "TG",
        "NG",
        "ForcedLabour",
    ),
    (
        "Kuwait is a destination country for men and women subjected to forced labor. "
        "Most of the country's workers are men and women from South and Southeast Asia and "
        "Africa who come to work in domestic service.",
        "Southern Asia",
        "KW",
        None,
    ),
    (
        "Kuwait is a destination country for men and women subjected to forced labor. "
        "Most of the country's workers are men and women from South and Southeast Asia and "
        "Africa who come to work in domestic service.",
        "South-eastern Asia",
        "KW",
        None,
    ),
    (
        "Oman is a destination country for men and women subjected to forced labor. Migrant "
        "workers from the Middle East and East Africa are exploited in the country.",
        "Middle East",
        "OM",
        None,
    ),
    # in a source country's narrative, people of no named origin come from that country
    (
        "Laos is a source country for women subjected to sex trafficking. Women from poor "
        "villages are recruited to travel to China to marry Chinese men.",
        "LA",
        "CN",
        "ForcedMarriage",
    ),
    (
        "Ecuador is a source and destination country for men and women. Many children are "
        "subjected to forced begging in Colombia and Peru.",
        "EC",
        "PE",
        "ForcedBegging",
    ),
    # active voice with a list of origins; "including" lists inside a region
    ("Traffickers exploit foreign victims from Laos and Burma in Thailand.", "MM", "TH", None),
    (
        "Ethiopian women are exploited in domestic servitude in the Middle East, including "
        "Lebanon and Kuwait.",
        "ET",
        "KW",
        "DomesticServitude",
    ),
    (
        "Bhutan is a source country for men and women subjected to forced labor. "
        "More than 20,000 Somalis sought asylum in Kenya.",
        "SO",
        "KE",
        None,
    ),
    (
        "Libya is a transit country for men and women subjected to forced labor. A criminal "
        "network brought hundreds of Bangladeshi nationals via Libya to Italy, where they "
        "endured forced labor.",
        "BD",
        "IT",
        "ForcedLabour",
    ),
    (
        "Kuwait is a destination country for men and women subjected to forced labor. Chinese "
        "women are exploited in commercial sex in the country.",
        "CN",
        "KW",
        "SexualExploitation",
    ),
    (
        "Kuwait is a destination country for men and women who migrate from South and "
        "Southeast Asia and Egypt.",
        "Southern Asia",
        "KW",
        None,
    ),
    # role formulas with a list of origins: one flow each
    (
        "Libya is a destination and transit country for men and women from sub-Saharan "
        "Africa and Asia subjected to forced labor.",
        "Asia",
        "LY",
        "ForcedLabour",
    ),
]


@pytest.mark.parametrize(("sentence", "origin", "dest", "etype"), FLOWS)
def test_flow(sentence, origin, dest, etype):
    assert _graph(sentence).query(_flow_query(origin, dest, etype)).askAnswer


def test_listed_origins_are_no_transits():
    g = _graph("Children from Benin, Togo and Ghana are subjected to forced labor in Nigeria.")
    assert not g.query(PREFIX + "ASK { ?f tkg:transit ?t }").askAnswer


TRANSITS = [
    (
        "Laos is a source country for women. Women from Vietnam are recruited in Cambodia for "
        "marriages in China.",
        "KH",
        "CN",
    ),
    (
        "Niger is a source country for children subjected to forced begging. Migrants from "
        "Guinea and Mali transit Niger en route to Libya.",
        "NE",
        "LY",
    ),
    (
        "Libya is a transit country for men and women subjected to forced labor. A criminal "
        "network brought hundreds of Bangladeshi nationals via Libya to Italy.",
        "LY",
        "IT",
    ),
    ("Traffickers transport Nepali women through India to Malaysia.", "IN", "MY"),
    (
        "Serbia is a source country for women. Syrian and Iraqi migrants transit Serbia to reach "
        "Western Europe.",
        "RS",
        "Western Europe",
    ),
    (
        "Niger is a source country for children subjected to forced begging. Migrants who "
        "transit Niger en route to Libya are vulnerable to trafficking.",
        "NE",
        "LY",
    ),
    (
        "Morocco is a transit country for migrants from Guinea and Mali seeking to reach Europe.",
        "MA",
        "Europe",
    ),
]


@pytest.mark.parametrize(("sentence", "transit", "dest"), TRANSITS)
def test_transit(sentence, transit, dest):
    q = PREFIX + (
        f"ASK {{ ?f tkg:transit ?t ; tkg:destination ?d . {_place('?t', transit)} "
        f"{_place('?d', dest)} }}"
    )
    assert _graph(sentence).query(q).askAnswer


NO_TYPES = [
    (
        "Cambodia is a source country for men. Cambodian women migrate to Malaysia; some may face "
        "debt bondage.",
        "DebtBondage",
    ),
    (
        "Nepali men work in construction in Qatar, where they are not subjected to forced labor.",
        "ForcedLabour",
    ),
    (
        "Laotian women are exploited in Thailand; they may also face forced marriage.",
        "ForcedMarriage",
    ),
]


@pytest.mark.parametrize(("sentence", "etype"), NO_TYPES)
def test_no_negated_exploitation_type(sentence, etype):
    if "not subjected" in sentence:  # a flow of workers, not of victims
        q = PREFIX + "ASK { ?f a tkg:TraffickingActivity ; tkg:origin ?o }"
        assert not _graph(sentence).query(q).askAnswer
    q = PREFIX + f"ASK {{ ?f tkg:origin ?o ; tkg:exploitationType tkg:{etype} }}"
    assert not _graph(sentence).query(q).askAnswer


# --- what must not be claimed: (sentence, origin, destination) -------------------------

NO_FLOWS = [
    # at home, not a flow
    ("Paraguayan women are exploited in sex trafficking within the country.", "PY", "PY"),
    ("Ugandan children are exploited in street vending in Kampala.", "UG", "UG"),
    # hedged and negated clauses
    ("Traffickers may exploit Nepali women in India.", "NP", "IN"),
    ("Peruvian women are not exploited in Chile.", "PE", "CL"),
    ("Some Nigerian women may be exploited in Mali.", "NG", "ML"),
    ("No Albanian victims were identified in Greece.", "AL", "GR"),
    ("Thai officials identified Cambodian victims in Thailand.", "TH", "KH"),
    ("Ghanaian migrants face deportation in Libya.", "GH", "LY"),
    (
        "Laos is a source country for women. Women from Vietnam are recruited in Cambodia for "
        "marriages in China.",
        "VN",
        "KH",
    ),
    (
        "Kuwait is a destination country for men. Kuwaiti children are exploited within the "
        "country.",
        "KW",
        "KW",
    ),
    # people found somewhere are not victims unless the clause says so (outside narratives:
    # journeys.py reads the movement)
    ("Ukrainian refugees were identified in Poland.", "UA", "PL"),
    ("Italian police arrested 12 Nigerian nationals in Turin.", "NG", "IT"),
    # never reversed
    ("Women from Bolivia and Peru are exploited in Paraguay.", "PY", "BO"),
    ("Children from Benin and Togo are subjected to forced labor in Niger.", "NE", "TG"),
    (
        "Oman is a destination country for men and women subjected to forced labor. Migrant "
        "workers from the Middle East and East Africa are exploited in the country.",
        "OM",
        "Middle East",
    ),
    ("Nepali men work in construction in Qatar and Saudi Arabia.", "QA", "NP"),
    ("Nepali men work in construction in Qatar and Saudi Arabia.", "SA", "NP"),
    ("Migrants from Guinea and Mali transit Niger en route to Libya.", "NE", "LY"),
    ("Traffickers transport Nepali women through India to Malaysia.", "IN", "MY"),
    # the traffickers' nationality is not the victims'
    ("Nigerian traffickers exploit Ghanaian women in Italy.", "NG", "IT"),
    # a place of an earlier clause is not carried into the next one
    ("Honduran women are exploited in Guatemala; Salvadoran men work in Mexico.", "HN", "MX"),
    ("Honduran women are exploited in Guatemala; Salvadoran men work in Mexico.", "SV", "GT"),
    # nor from an earlier sentence
    ("Guatemala is a source country for women. Guatemalan women are exploited abroad.", "GT", "GT"),
    # only a source country's narrative lends its country to people of no named origin
    (
        "Qatar is a destination country for men and women. Women are recruited to travel to Oman.",
        "QA",
        "OM",
    ),
    ("Women are recruited to travel to Oman.", "QA", "OM"),
    # migrants at risk in a transit country are not a flow into it from its own people
    ("Syrian and Iraqi migrants transit Serbia to reach Western Europe.", "RS", "Western Europe"),
]


@pytest.mark.parametrize(("sentence", "origin", "dest"), NO_FLOWS)
def test_no_flow(sentence, origin, dest):
    assert not _graph(sentence).query(_flow_query(origin, dest)).askAnswer


def test_no_destination_from_earlier_sentence():
    g = _graph("Guatemala is a source country for women. Guatemalan women are exploited abroad.")
    q = PREFIX + 'ASK { ?f tkg:origin/tkg:isoCode "GT" ; tkg:destination ?d . }'
    assert not g.query(q).askAnswer
