"""Rule table for people (graph/extract/people.py): sentence -> facts about named people.

Every sentence here is written for this file. Each case asks SPARQL over the
extracted report graph, so a failing case points at one construction.
"""

from __future__ import annotations

import pytest

from graph.extract import extract_text
from graph.extract.entities import Registry, analyse_sentence
from graph.extract.people import people_in
from graph.extract.text import split_sentences

PREFIXES = """
PREFIX tkg: <https://w3id.org/tkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _ask(g, body: str) -> bool:
    return bool(g.query(PREFIXES + "ASK { " + body + " }").askAnswer)


def _person(label: str) -> str:
    return f'?p a tkg:Person ; rdfs:label "{label}" . '


def _role(text: str) -> str:
    return f'?p tkg:roleTitle ?t . FILTER(CONTAINS(STR(?t), "{text}")) '


def _member(org: str) -> str:
    return (
        "?p tkg:memberOf ?o . ?o rdfs:label|skos:altLabel ?ol . "
        f'FILTER(CONTAINS(LCASE(STR(?ol)), "{org}")) '
    )


def _alias(alias: str) -> str:
    return f'?p skos:altLabel "{alias}" . '


def _age(n: int) -> str:
    return f"?p tkg:age {n} . "


def _nationality(iso2: str) -> str:
    return f'?p tkg:nationality/tkg:isoCode "{iso2}" . '


def _based(iso2: str) -> str:
    return f'?p tkg:basedIn/tkg:isoCode "{iso2}" . '


def _based_city(name: str) -> str:
    # (by IRI: where a city's country is written is the places module's business)
    return f'?p tkg:basedIn ?pl . FILTER(CONTAINS(LCASE(STR(?pl)), "/{name}")) '


# (sentence or short text, [ASK bodies that must all be true])
FOUND = [
    # a capitalised title before the name, with a middle initial
    (
        "Attorney General Jane P. Doe announced the charges on Monday.",
        [_person("Jane P. Doe") + _role("attorney general")],
    ),
    # stacked title modifiers
    (
        "Acting Assistant Attorney General Mark Olsen called the verdict a warning.",
        [_person("Mark Olsen") + _role("acting assistant attorney general")],
    ),
    (
        "The appeal was signed by Deputy Chief Patrol Agent Rosa de la Vega.",
        [_person("Rosa de la Vega") + _role("deputy chief patrol agent")],
    ),
    # capitalised titles with lower-case words
    (
        '"We will not stop," said Special Agent in Charge Mark Dalton.',
        [_person("Mark Dalton") + _role("special agent in charge")],
    ),
    (
        "The appeal came from IOM Chief of Mission Laura Nisti in Aden.",
        [_person("Laura Nisti") + _role("chief of mission") + _member("migration")],
    ),
    # "Secretary of X NAME": the body named inside the title
    (
        "Secretary of Labour Peter Hanley visited the farms in March.",
        [_person("Peter Hanley") + _role("secretary of labour")],
    ),
    # an organisation's titled person, in lower case
    (
        "Europol's executive director Anna Berg said the network was dismantled.",
        [_person("Anna Berg") + _role("director") + _member("europol")],
    ),
    (
        "Frontex spokesman Piotr Nowak declined to comment.",
        [_person("Piotr Nowak") + _role("spokesman") + _member("frontex")],
    ),
    # apposition: title of an organisation after the name
    (
        "Grace Ilunga, Regional Director for the International Organization for Migration, "
        "visited the camp.",
        [_person("Grace Ilunga") + _role("regional director") + _member("migration")],
    ),
    (
        "Samuel Adeyemi, head of Interpol's liaison office, spoke to reporters.",
        [_person("Samuel Adeyemi") + _role("head") + _member("interpol")],
    ),
    # title apposition before the name
    (
        "The minister of the interior of Chad, Idriss Mahamat, said the border was closed.",
        [_person("Idriss Mahamat") + _role("minister")],
    ),
    (
        "In March, the minister of labour and government spokesman, Aida Sow, praised the vote.",
        [_person("Aida Sow") + _role("minister of labour")],
    ),
    (
        "The claim was denied by the Peruvian consul in Santiago, Luisa Quispe.",
        [_person("Luisa Quispe") + _role("consul") + _nationality("PE")],
    ),
    # age and residence
    (
        "Tomas Ruiz, 41, of Madrid, was arrested at the airport.",
        [_person("Tomas Ruiz") + _age(41) + _based_city("madrid")],
    ),
    (
        "Helga Brandt (56) was detained in the port.",
        [_person("Helga Brandt") + _age(56)],
    ),
    # lists of defendants with ages and aliases
    (
        "Marta Gil, aka La Flaca, 29; Pedro Sanz, 35; and Luis Mora, aka El Gordo and Chato, 52, "
        "were charged with smuggling.",
        [
            _person("Marta Gil") + _age(29) + _alias("La Flaca"),
            _person("Pedro Sanz") + _age(35),
            _person("Luis Mora") + _age(52) + _alias("El Gordo") + _alias("Chato"),
        ],
    ),
    (
        'Jorge Luis Romero, 35, a.k.a. "El Tigre", and Maria Ruiz, 29, were indicted.',
        [
            _person("Jorge Luis Romero") + _age(35) + _alias("El Tigre"),
            _person("Maria Ruiz") + _age(29),
        ],
    ),
    (
        "Raul Mendez, also known as Big Man, was convicted of trafficking.",
        [_person("Raul Mendez") + _alias("Big Man")],
    ),
    # a quoted nickname inside the name
    (
        'Police arrested Joaquin "El Jefe" Herrera near the border.',
        [_person("Joaquin Herrera") + _alias("El Jefe")],
    ),
    # nationality from the apposition or a noun before the name
    (
        "Kwame Mensah, a Ghanaian national, pleaded guilty in March.",
        [_person("Kwame Mensah") + _nationality("GH")],
    ),
    (
        "Tesfay Mebrahtu, an Eritrean accused of running the camps, was extradited.",
        [_person("Tesfay Mebrahtu") + _nationality("ER")],
    ),
    (
        "The court heard that the Frenchman Luc Martin organised the crossings.",
        [_person("Luc Martin") + _nationality("FR")],
    ),
    (
        "Olga Petrova, a 30-year-old Ukrainian mother of three, reached the border.",
        [_person("Olga Petrova") + _age(30) + _nationality("UA")],
    ),
    (
        "The Guatemalan national Erwin Pac was extradited to the United States.",
        [_person("Erwin Pac") + _nationality("GT")],
    ),
    (
        "Jorge Ramos, a citizen of Mexico, was detained at the crossing.",
        [_person("Jorge Ramos") + _nationality("MX")],
    ),
    (
        "Aman Tesfaye, 22, from Eritrea, testified against the smugglers.",
        [_person("Aman Tesfaye") + _age(22) + _nationality("ER")],
    ),
    (
        "Hector Vela, 41, and Ruth Vela, 39, both of Madrid, were convicted by a jury.",
        [
            _person("Hector Vela") + _based_city("madrid"),
            _person("Ruth Vela") + _based_city("madrid"),
        ],
    ),
    (
        "John Rowe of Madrid was sentenced on Monday.",
        [_person("John Rowe") + _based_city("madrid")],
    ),
    # a town the gazetteer does not know, where a residence is expected
    (
        "Jane Roe, 34, of Smallville, Texas, was charged with harbouring.",
        [_person("Jane Roe") + '?p tkg:basedIn ?t . ?t a tkg:City ; rdfs:label "Smallville" .'],
    ),
    (
        "Dara Kaya, who lived in Little Marsh at the time, was jailed.",
        [_person("Dara Kaya") + '?p tkg:basedIn ?t . ?t a tkg:City ; rdfs:label "Little Marsh" .'],
    ),
    # "X-based" in an apposition
    (
        "Li Wei, a UK-based facilitator, was jailed for nine years.",
        [_person("Li Wei") + _based("GB")],
    ),
    # a relative clause: where the person lived and the name others used
    (
        "Omar Haddad, who lived in Athens and was known to his clients as Abu Sami, ran the route.",
        [_person("Omar Haddad") + _alias("Abu Sami") + _based_city("athens")],
    ),
    # people only a verb or a relation shows
    (
        "Ivan Petrov was sentenced to six years in prison.",
        [_person("Ivan Petrov")],
    ),
    (
        "Tom Keller, Mary Keller's husband, was fined for harbouring the worker.",
        [_person("Tom Keller"), _person("Mary Keller")],
    ),
    # accented and hyphenated names
    (
        "Judge María José Fernández-Ortega sentenced the two men.",
        [_person("María José Fernández-Ortega") + _role("judge")],
    ),
    # a name that holds a place word, given with a cue
    (
        "Ana Lima, 29, was detained.",
        [_person("Ana Lima") + _age(29)],
    ),
    # speech and reference cues
    (
        "According to Nadia Farouk, the route had changed by the spring.",
        [_person("Nadia Farouk")],
    ),
    (
        "Carlos Vidal (born 1971) is a lawyer who defends trafficking victims.",
        [_person("Carlos Vidal")],
    ),
    # a possessive before a capitalised title
    (
        "Europol’s Executive Director Hanna Lund said the network was dismantled.",
        [_person("Hanna Lund") + _role("executive director") + _member("europol")],
    ),
    (
        "UN Secretary-General Tomas Lindgren called for safe routes.",
        [_person("Tomas Lindgren") + _role("secretary-general")],
    ),
    # names listed before a verb only people take
    (
        "Jane Roe, John Poe and Ana Diaz were sentenced on Friday.",
        [_person("Jane Roe"), _person("John Poe"), _person("Ana Diaz")],
    ),
    (
        "Ivan Petrov pleaded guilty in May.",
        [_person("Ivan Petrov")],
    ),
    (
        '"Libya is not safe," said UN experts, including Felipe Gomez Morales.',
        [_person("Felipe Gomez Morales")],
    ),
    # a short apposition before the name
    (
        "Her co-defendant, Lena Vogt, was acquitted.",
        [_person("Lena Vogt")],
    ),
    (
        "A 45-year-old man, Samir Badr, was arrested in the port.",
        [_person("Samir Badr") + _age(45)],
    ),
    (
        "The suspects, Ahmed Said and Mohamed Ali, were detained in the raid.",
        [_person("Ahmed Said"), _person("Mohamed Ali")],
    ),
    # the object of a verb only people take
    (
        "District Judge Lee Rowan sentenced Rosa Gonzalez-Perez to 15 years.",
        [_person("Lee Rowan") + _role("district judge"), _person("Rosa Gonzalez-Perez")],
    ),
    # one name after an honorific
    (
        "Ms. Adeyemi, a Nigerian national, was recruited with a promise of work.",
        [_person("Adeyemi") + _nationality("NG")],
    ),
    # a capitalised person noun before the names
    (
        "Defendants Hector Vela, 41, and Ruth Vela, 39, were convicted by a jury.",
        [_person("Hector Vela") + _age(41), _person("Ruth Vela") + _age(39)],
    ),
    # "NAME and his wife, NAME"
    (
        "Samuel Okoro and his wife, Grace Okoro, were convicted of forced labour.",
        [_person("Samuel Okoro"), _person("Grace Okoro")],
    ),
    # a nationality adjective used as a noun before the name
    (
        "The boat was steered by a Tunisian, Ali Ben Salem, prosecutors said.",
        [_person("Ali Ben Salem") + _nationality("TN")],
    ),
    # an organisation named by the title itself
    (
        "Marta Ruiz, the UN High Commissioner for Refugees, visited the camp.",
        [_person("Marta Ruiz") + _role("high commissioner") + _member("unhcr")],
    ),
    # a title is read back only as far as known titles and modifiers go
    (
        "Border Patrol Chief Dan Moore said 2,000 people were apprehended.",
        [_person("Dan Moore") + _role("chief")],
    ),
    (
        "Assistant U.S. Attorney Kim Lowe prosecuted the case.",
        [_person("Kim Lowe") + _role("assistant u.s. attorney")],
    ),
    (
        "The Lord Advocate, Dorothy Baird, said the prosecution would proceed.",
        [_person("Dorothy Baird") + _role("lord advocate")],
    ),
    # Arabic particles and suffixes kept in the name
    (
        "Abu Bakr al-Masri was convicted in absentia.",
        [_person("Abu Bakr al-Masri")],
    ),
    (
        "Robert Hale Jr. was sentenced to five years.",
        [_person("Robert Hale Jr.")],
    ),
    # the full name again later, without a cue, is the same person
    (
        "Jane Roe, 34, was charged in May. Later Jane Roe told the court she was sorry.",
        [
            _person("Jane Roe")
            + "?s a tkg:Statement ; tkg:speaker ?p . ?s tkg:evidence/tkg:text ?tx . "
            + 'FILTER(CONTAINS(?tx, "told the court"))'
        ],
    ),
    # a surname later in the text is the same person, and one of its labels
    (
        "Inspector Paul Grant led the raid. Grant, who lived in Lagos, said more arrests would follow.",
        [_person("Paul Grant") + _alias("Grant") + _based_city("lagos")],
    ),
]


@pytest.mark.parametrize("text,asks", FOUND, ids=[t[:50] for t, _ in FOUND])
def test_people_found(text, asks):
    g = extract_text(text, report_id="people-test")
    for body in asks:
        assert _ask(g, body), body


# sentences that must name no person at all
NO_PERSON = [
    "The Civil Rights Division of the Justice Department brought the case.",
    "Prosecutors in the Eastern District of New York charged him last year.",
    "Joint Task Force Bravo has made 40 arrests since it was formed.",
    "Operation Sea Wolf ended in 2019, the agency said.",
    "Project Guardian Angel was funded by Canada and Norway.",
    "The Migrant Reception Station in Lajas Blancas was full, officials said.",
    "Three Smugglers Sentenced in Texas",
    "In May 2021, National Police officers arrested 12 people in Madrid.",
    "The UN experts said the detention centre should be closed.",
    "Agents searched Sheep Hill Canyon, 12 miles north of the town.",
    "The Regional Bureau for Asia and the Pacific issued an appeal.",
    # an agency or a ship as the subject of an active verb is no person
    "Mossos Esquadra arrested four men in the port.",
    "Louise Michel rescued 130 migrants south of the island.",
    "Police arrested Operation Coyote leaders at dawn.",
    "The Safe Third Country Agreement was suspended, officials said.",
    "Workers at Golden Harvest Farms were charged nothing, the owner said.",
    "Several charities, including Caritas Internationalis, sent food.",
    # nationality adjectives and plural nouns open no name
    "The ministry said Nepali Women were exploited in the Gulf.",
]


@pytest.mark.parametrize("text", NO_PERSON)
def test_no_person(text):
    g = extract_text(text, report_id="people-test")
    assert not _ask(g, "?p a tkg:Person ."), text


# mistakes that must not be made beside the people found
NOT_CLAIMED = [
    # an alias is not a person of its own
    (
        "Raul Mendez, aka Big Man, 40, was convicted.",
        '?p a tkg:Person ; rdfs:label ?l . FILTER(CONTAINS(STR(?l), "Big Man"))',
    ),
    # the judge of a case is no member of the group on trial
    (
        "The members of the Black Axe network appeared before Magistrate Judge Alan Reed.",
        '?p tkg:memberOf ?o ; rdfs:label "Alan Reed" . ?o a tkg:CriminalGroup .',
    ),
    # a body named in a long apposition is not the person's employer
    (
        "Karim Aziz, a smuggler jailed after an NCA investigation, was freed.",
        '?p rdfs:label "Karim Aziz" ; tkg:memberOf ?o .',
    ),
    # a word for who a person is, not what they do, is no role title
    (
        "Ilir Dema, an Albanian national, was extradited.",
        '?p rdfs:label "Ilir Dema" ; tkg:roleTitle ?t .',
    ),
    # a reporting clause after a name is no apposition
    (
        "The boat was steered by Ali Ben Salem, prosecutors said.",
        '?p rdfs:label "Ali Ben Salem" ; tkg:roleTitle ?t .',
    ),
    (
        "The boat was steered by Ali Ben Salem, prosecutors said.",
        '?p rdfs:label ?l . FILTER(CONTAINS(?l, "Border"))',
    ),
    # an honorific before a title is no name
    (
        "The Lord Advocate, Dorothy Baird, said the prosecution would proceed.",
        '?p a tkg:Person ; rdfs:label "Advocate" .',
    ),
    # two people with one surname: the surname alone resolves to neither
    (
        "Eva Stone, 40, and Carl Stone, 42, were charged. Stone denied the charges.",
        '?p skos:altLabel "Stone" .',
    ),
]


@pytest.mark.parametrize("text,body", NOT_CLAIMED, ids=[t[:50] for t, _ in NOT_CLAIMED])
def test_not_claimed(text, body):
    g = extract_text(text, report_id="people-test")
    assert not _ask(g, body), body


def test_people_in_gives_the_sentence_people_in_order():
    reg = Registry("https://w3id.org/tkg/id/report/people-test")
    s = split_sentences("Marta Gil, 29, and Pedro Sanz, 35, were sentenced in Madrid.")[0]
    assert [m.entity.label for m in people_in(analyse_sentence(s, reg))] == [
        "Marta Gil",
        "Pedro Sanz",
    ]


# A bare person noun is a group when an exploitation verb acts on it (a victim
# group for the trafficking family); elsewhere it stays no group.
BARE_VICTIMS = [
    ("Pimps exploit girls in bars in Nairobi.", "Nairobi"),
    ("Boys were trafficked to farms in Kenya.", "Kenya"),
]


@pytest.mark.parametrize("text,place", BARE_VICTIMS)
def test_a_bare_noun_acted_on_by_exploitation_is_a_victim_group(text, place):
    from graph.extract import extract_text

    g = extract_text(text, report_id="bare-victims")
    q = (
        "PREFIX tkg: <https://w3id.org/tkg/ontology#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "ASK { ?t a tkg:TraffickingActivity ; tkg:victim ?v ; tkg:destination/rdfs:label ?l . "
        f"?v a tkg:VictimGroup . FILTER(STR(?l) = '{place}') }}"
    )
    assert g.query(q).askAnswer


@pytest.mark.parametrize(
    "text", ["The girls went to school in Nairobi.", "Women marched in Lagos on Sunday."]
)
def test_a_bare_noun_elsewhere_is_no_group(text):
    from graph.extract import extract_text

    g = extract_text(text, report_id="bare-victims")
    q = "PREFIX tkg: <https://w3id.org/tkg/ontology#> ASK { ?g a tkg:PersonGroup }"
    assert not g.query(q).askAnswer


@pytest.mark.parametrize(
    "text,form",
    [
        ("Women and girls are at particular risk of sexual exploitation.", "SexualExploitation"),
        ("Roma children are particularly vulnerable to forced begging.", "ForcedBegging"),
    ],
)
def test_a_group_at_risk_is_a_victim_group_with_its_exploitation(text, form):
    from graph.extract import extract_text

    g = extract_text(text, report_id="at-risk")
    q = (
        "PREFIX tkg: <https://w3id.org/tkg/ontology#> "
        f"ASK {{ ?g a tkg:VictimGroup ; tkg:exploitationType tkg:{form} }}"
    )
    assert g.query(q).askAnswer
    assert not g.query(
        "PREFIX tkg: <https://w3id.org/tkg/ontology#> ASK { ?t a tkg:TraffickingActivity }"
    ).askAnswer  # a risk, not an event
