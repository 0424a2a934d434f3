"""The proxy corpus's questions, one compact spec each (see make_questions.py)."""

from make_questions import (
    actor,
    count,
    dated,
    destination,
    exploitation,
    flow,
    group,
    origin,
    person,
    role,
    stat,
    transit,
)

LEA = "tkg:LawEnforcementAgency tkg:GovernmentBody tkg:Organization"
ORG = "tkg:Organization tkg:GovernmentBody tkg:LawEnforcementAgency tkg:InternationalOrganization tkg:NonGovernmentalOrganization"
ARREST = ("tkg:Arrest", "tkg:ArrestCount")
VICTIMS = "tkg:VictimCount tkg:IdentifiedVictimCount"
MIGRANTS = "tkg:MigrantCount tkg:MigrantArrivals"
ANY_EVENT = "tkg:Event tkg:Arrest tkg:LawEnforcementOperation tkg:Statistic tkg:Statement tkg:Warning tkg:SmugglingActivity tkg:MigrationFlow tkg:TraffickingActivity"

QUESTIONS = {
    "p01-tip-vietnam-modern": [
        (
            "vietnam-source-destination",
            "Vietnam is a source and destination country",
            role("VN", "Source", "Destination"),
        ),
        ("vietnam-to-taiwan", "Vietnamese workers in forced labour in Taiwan", flow("VN", "TW")),
        ("vietnam-to-malaysia", "... in Malaysia", flow("VN", "MY")),
        ("vietnam-to-japan", "... in Japan", flow("VN", "JP")),
        ("vietnam-to-korea", "... in the Republic of Korea", flow("VN", "KR")),
        (
            "vietnam-to-china",
            "Vietnamese women and children in sex trafficking in China",
            flow("VN", "CN"),
        ),
        ("vietnam-to-cambodia", "... in Cambodia", flow("VN", "KH")),
        (
            "vietnam-to-uk",
            "Vietnamese children in forced labour in the United Kingdom",
            flow("VN", "GB"),
        ),
        ("victims-670", "670 victims identified in 2017", stat(VICTIMS, 670)),
        (
            "forced-labour",
            "forced labour or debt bondage",
            exploitation("ForcedLabour", "DebtBondage"),
        ),
        (
            "not-taiwan-to-vietnam",
            "Taiwan (a destination) given as the origin of a flow to Vietnam",
            flow("TW", "VN"),
        ),
        ("not-china-origin", "China (a destination) given as an origin", origin("CN")),
    ],
    "p02-tip-guatemala-classic": [
        (
            "guatemala-three-roles",
            "Guatemala is a source, transit and destination country",
            role("GT", "Source", "Transit", "Destination"),
        ),
        ("guatemala-to-mexico", "Guatemalans exploited in Mexico", flow("GT", "MX")),
        ("guatemala-to-us", "Guatemalans exploited in the United States", flow("GT", "US")),
        ("guatemala-to-belize", "Guatemalans exploited in Belize", flow("GT", "BZ")),
        (
            "el-salvador-to-guatemala",
            "women and children from El Salvador exploited in Guatemala",
            flow("SV", "GT"),
        ),
        ("honduras-to-guatemala", "... from Honduras", flow("HN", "GT")),
        ("nicaragua-to-guatemala", "... from Nicaragua", flow("NI", "GT")),
        ("sex-trafficking", "sex trafficking", exploitation("SexualExploitation")),
        ("victims-487", "487 victims identified", stat(VICTIMS, 487)),
        (
            "convicted-15",
            "15 traffickers convicted",
            count("tkg:Conviction", "tkg:ConvictionCount", 15),
        ),
        ("not-guatemala-to-honduras", "Guatemala to Honduras (reversed)", flow("GT", "HN")),
        ("not-mexico-origin", "Mexico (a destination) as an origin", origin("MX")),
    ],
    "p03-europol-action-day": [
        ("arrests-31", "31 suspects arrested", count(*ARREST, 31)),
        ("arrests-18-italy", "18 arrests in Italy", count(*ARREST, 18, place="IT")),
        ("arrests-9-spain", "9 arrests in Spain", count(*ARREST, 9, place="ES")),
        (
            "europol-supported",
            "the operation was supported by Europol",
            "?op a tkg:LawEnforcementOperation ; tkg:agent|tkg:participant ?a . ?a rdfs:label|skos:altLabel ?l . FILTER(CONTAINS(LCASE(STR(?l)), 'europol'))",
        ),
        ("nigeria-to-italy", "Nigerian women trafficked to Italy", flow("NG", "IT")),
        (
            "transit-niger-libya",
            "moved through Niger and Libya",
            "?r tkg:transit ?t . ?t tkg:partOf*/tkg:isoCode ?i . VALUES ?i { 'NE' 'LY' }",
        ),
        ("victims-58", "58 victims identified", stat(VICTIMS + " tkg:RescueCount", 58)),
        (
            "debt-35000-eur",
            "debts of up to EUR 35 000",
            "?s tkg:value ?v ; tkg:unit ?u . FILTER(?v = 35000 && CONTAINS(UCASE(STR(?u)), 'EUR'))",
        ),
        ("dated-14-june", "the action of 14 June 2023 is dated", dated(ANY_EVENT, "2023-06-14")),
        (
            "network-nigerian",
            "the network is made up of Nigerian nationals",
            "?g a tkg:CriminalGroup ; tkg:nationality/tkg:isoCode 'NG'",
        ),
        ("carabinieri", "the Carabinieri are a law-enforcement agency", actor("carabinieri", LEA)),
        ("not-9-in-italy", "the 9 Spanish arrests placed in Italy", count(*ARREST, 9, place="IT")),
        (
            "not-nigeria-destination",
            "Nigeria (where profits were invested) as a destination",
            destination("NG"),
        ),
    ],
    "p04-doj-sentencing": [
        (
            "mejia-flores",
            "Carlos Alberto Mejia-Flores is a person known as El Flaco",
            person("mejia-flores", alias="flaco"),
        ),
        ("mejia-flores-age", "Mejia-Flores is 41", person("mejia-flores", age=41)),
        ("zelaya", "Dennis Omar Zelaya is a person", person("zelaya")),
        ("ellison", "Margaret T. Ellison, U.S. Attorney", person("ellison", role_="attorney")),
        (
            "honduras-to-us",
            "migrants from Honduras smuggled into the United States",
            flow("HN", "US"),
        ),
        ("transit-mexico", "through Mexico", transit("MX")),
        ("death-1", "a Guatemalan woman died", stat("tkg:DeathCount", 1)),
        (
            "hsi",
            "Homeland Security Investigations is a law-enforcement agency",
            actor("homeland security investigations", LEA),
        ),
        ("arrests-300", "more than 300 arrests", count(*ARREST, 300, 399)),
        (
            "not-task-force-person",
            "Joint Task Force Alpha typed as a person",
            "?p a tkg:Person ; rdfs:label ?l . FILTER(CONTAINS(LCASE(STR(?l)), 'task force') || CONTAINS(LCASE(STR(?l)), 'district'))",
        ),
        (
            "not-ages-as-counts",
            "the ages (41, 35, 19) counted as arrests or deaths",
            "{ "
            + count(*ARREST, 41)
            + " } UNION { "
            + stat("tkg:DeathCount", 19)
            + " } UNION { "
            + count(*ARREST, 35)
            + " }",
        ),
    ],
    "p05-iom-shipwreck": [
        ("deaths-61", "at least 61 migrants drowned", stat("tkg:DeathCount", 61, 70)),
        ("rescued-25", "25 survivors rescued", stat("tkg:RescueCount", 25)),
        ("missing-17", "17 people remain missing", stat("tkg:MissingCount", 17)),
        ("libya-to-italy", "the boat left Zuwara, Libya, bound for Lampedusa", flow("LY", "IT")),
        ("nigerian-migrants", "most of the migrants were from Nigeria", origin("NG")),
        (
            "central-med-route",
            "the Central Mediterranean route",
            "?r a tkg:Route ; rdfs:label|skos:altLabel ?l . FILTER(CONTAINS(LCASE(STR(?l)), 'central mediterranean'))",
        ),
        (
            "benedetti-iom",
            "Sara Benedetti, IOM spokesperson",
            person("benedetti", role_="spokes", org="migration"),
        ),
        (
            "iom",
            "IOM is an international organisation",
            actor("international organization for migration", "tkg:InternationalOrganization"),
        ),
        (
            "dated-16-december",
            "the capsizing on Saturday 16 December 2023 is dated",
            dated(ANY_EVENT, "2023-12-16"),
        ),
        (
            "not-deaths-as-migrants",
            "the 61 dead counted as migrants or arrivals",
            stat(MIGRANTS, 61),
        ),
        (
            "not-lampedusa-origin",
            "Lampedusa (the destination) as an origin",
            origin("label:lampedusa"),
        ),
    ],
    "p06-nca-charged": [
        ("rebaz-ahmed", "Rebaz Ahmed is a person", person("rebaz ahmed")),
        ("ahmed-age", "Ahmed is 38", person("ahmed", age=38)),
        (
            "ahmed-iraqi",
            "Ahmed is an Iraqi national",
            "?p a tkg:Person ; tkg:nationality/tkg:isoCode 'IQ'",
        ),
        (
            "arrest-dated",
            "the arrest of Tuesday 4 March 2025 is dated",
            dated("tkg:Arrest", "2025-03-04"),
        ),
        ("france-to-uk", "small boats from France to the UK", flow("FR", "GB")),
        ("iraqi-migrants", "migrants mostly from Iraq", origin("IQ")),
        (
            "nca",
            "the National Crime Agency is a law-enforcement agency",
            actor("national crime agency", LEA),
        ),
        (
            "gmp",
            "Greater Manchester Police is a law-enforcement agency",
            actor("greater manchester police", LEA),
        ),
        (
            "hartley-nca",
            "Chris Hartley, NCA Branch Commander",
            person("hartley", role_="commander", org="crime agency"),
        ),
        (
            "fee-2000-eur",
            "up to 2,000 euros each",
            "?s tkg:value ?v ; tkg:unit ?u . FILTER(?v = 2000 && CONTAINS(UCASE(STR(?u)), 'EUR'))",
        ),
        ("not-uk-origin", "the UK (the destination) as an origin", origin("GB")),
        ("not-age-as-count", "the age 38 counted as arrests", count(*ARREST, 38)),
    ],
    "p07-un-experts-yemen": [
        (
            "ethiopia-to-saudi",
            "Ethiopian migrants crossing Yemen to reach Saudi Arabia",
            flow("ET", "SA"),
        ),
        ("transit-yemen", "Yemen is crossed on the way", transit("YE")),
        ("ethiopian-group", "Ethiopian migrants as a group", group("ET")),
        ("deaths-150", "at least 150 migrants died in captivity", stat("tkg:DeathCount", 150, 199)),
        (
            "statement-dated",
            "the experts' statement of 14 November 2022 is dated",
            dated("tkg:Statement tkg:Warning", "2022-11-14"),
        ),
        (
            "gulf-of-aden",
            "the journey crosses the Gulf of Aden",
            "?r tkg:crosses ?s . ?s rdfs:label|skos:altLabel ?l . FILTER(CONTAINS(LCASE(STR(?l)), 'aden'))",
        ),
        (
            "sexual-exploitation",
            "women and girls at risk of sexual exploitation",
            exploitation("SexualExploitation"),
        ),
        ("not-saudi-origin", "Saudi Arabia (the destination) as an origin", origin("SA")),
        ("not-ethiopia-destination", "Ethiopia (the origin) as a destination", destination("ET")),
    ],
    "p08-encyclopedia-truck": [
        ("deaths-27", "the bodies of 27 migrants were found", stat("tkg:DeathCount", 27)),
        ("rescued-43", "43 people were rescued alive", stat("tkg:RescueCount", 43)),
        ("arrests-3", "three suspects arrested", count(*ARREST, 3)),
        ("guatemalan-victims", "most victims were from Guatemala", origin("GT")),
        ("honduran-victims", "... and Honduras", origin("HN")),
        ("dated-7-august", "the deaths of 7 August 2022 are dated", dated(ANY_EVENT, "2022-08-07")),
        (
            "in-mexico",
            "the deaths are placed in Mexico",
            "?s tkg:measure tkg:DeathCount ; tkg:scope|tkg:about|tkg:location ?p . ?p tkg:partOf*/tkg:isoCode 'MX'",
        ),
        (
            "gulf-cartel",
            "the Gulf Cartel is a criminal group",
            actor("gulf cartel", "tkg:CriminalGroup"),
        ),
        ("not-deaths-as-migrants", "the 27 dead counted as migrants", stat(MIGRANTS, 27)),
        (
            "not-age-as-count",
            "the driver's age 52 counted",
            "{ "
            + count(*ARREST, 52)
            + " } UNION { "
            + stat("tkg:DeathCount tkg:RescueCount", 52)
            + " }",
        ),
    ],
}
