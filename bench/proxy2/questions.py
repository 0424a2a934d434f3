"""The second proxy corpus's questions, one compact spec each (see make_questions.py)."""

from make_questions import (
    actor,
    amount,
    as_perpetrator,
    as_person,
    based_in,
    count,
    dated,
    destination,
    exploitation,
    flow,
    located,
    named,
    nationality,
    origin,
    person,
    place_of,
    role,
    stat,
    stat_in,
    transit,
)

LEA = "tkg:LawEnforcementAgency tkg:GovernmentBody tkg:Organization"
ORG = (
    "tkg:Organization tkg:GovernmentBody tkg:LawEnforcementAgency "
    "tkg:InternationalOrganization tkg:NonGovernmentalOrganization"
)
ARREST = ("tkg:Arrest", "tkg:ArrestCount")
VICTIMS = "tkg:VictimCount tkg:IdentifiedVictimCount"
MIGRANTS = "tkg:MigrantCount tkg:MigrantArrivals"
FLOWS = "tkg:MigrationFlow tkg:SmugglingActivity tkg:TraffickingActivity"
ANY_EVENT = (
    "tkg:Event tkg:Arrest tkg:LawEnforcementOperation tkg:Statistic tkg:Statement tkg:Warning "
    "tkg:SmugglingActivity tkg:MigrationFlow tkg:TraffickingActivity"
)
INCIDENT = (
    "tkg:Event tkg:Arrest tkg:LawEnforcementOperation tkg:Statistic "
    "tkg:SmugglingActivity tkg:MigrationFlow tkg:TraffickingActivity"
)

QUESTIONS = {
    "q01-tip-thailand-modern": [
        (
            "thailand-source-destination",
            "Thailand is a source and destination country",
            role("TH", "Source", "Destination"),
        ),
        (
            "burma-to-thailand",
            "people from Burma exploited in forced labour in Thailand",
            flow("MM", "TH"),
        ),
        ("cambodia-to-thailand", "... from Cambodia", flow("KH", "TH")),
        ("laos-to-thailand", "... from Laos", flow("LA", "TH")),
        (
            "uzbekistan-to-thailand",
            "women from Uzbekistan in sex trafficking in Thailand",
            flow("UZ", "TH"),
        ),
        ("thailand-to-japan", "Thai women in sex trafficking in Japan", flow("TH", "JP")),
        (
            "thailand-to-israel",
            "Thai men in forced labour in agriculture in Israel",
            flow("TH", "IL"),
        ),
        ("thailand-to-korea", "... and in the Republic of Korea", flow("TH", "KR")),
        (
            "transit-thailand",
            "victims transported through Thailand to scam compounds",
            transit("TH"),
        ),
        (
            "forced-criminality",
            "victims forced to commit online fraud in scam compounds",
            exploitation("ForcedCriminality"),
        ),
        ("victims-412", "412 victims identified in 2023", stat(VICTIMS, 412)),
        (
            "not-japan-to-thailand",
            "Japan (a destination) given as the origin of a flow to Thailand",
            flow("JP", "TH"),
        ),
        ("not-israel-origin", "Israel (a destination) given as an origin", origin("IL")),
        (
            "not-kenya-destination",
            "Kenya (whose nationals are victims) given as a destination",
            destination("KE"),
        ),
        (
            "not-fee-as-count",
            "the brokers' fee of 20,000 baht counted as victims or migrants",
            stat(VICTIMS + " " + MIGRANTS, 20000),
        ),
    ],
    "q02-tip-ukraine-classic": [
        (
            "ukraine-three-roles",
            "Ukraine is a source, transit and destination country",
            role("UA", "Source", "Transit", "Destination"),
        ),
        ("ukraine-to-russia", "Ukrainians exploited in Russia", flow("UA", "RU")),
        ("ukraine-to-poland", "Ukrainians exploited in Poland", flow("UA", "PL")),
        ("ukraine-to-turkey", "Ukrainian women exploited in Turkey", flow("UA", "TR")),
        (
            "ukraine-to-uae",
            "Ukrainian women exploited in the United Arab Emirates",
            flow("UA", "AE"),
        ),
        (
            "moldova-to-ukraine",
            "Moldovans subjected to forced labour in Ukraine",
            flow("MD", "UA"),
        ),
        ("vietnam-to-ukraine", "... Vietnamese in Ukraine", flow("VN", "UA")),
        ("forced-begging", "forced begging", exploitation("ForcedBegging")),
        (
            "iom-assisted-1020",
            "IOM assisted 1,020 Ukrainian victims in 2014",
            stat(VICTIMS, 1020),
        ),
        (
            "convicted-19",
            "19 traffickers convicted",
            count("tkg:Conviction", "tkg:ConvictionCount", 19),
        ),
        (
            "iom",
            "IOM is an international organisation",
            actor("international organization for migration", "tkg:InternationalOrganization"),
        ),
        (
            "not-russia-to-ukraine",
            "Russia (a destination) given as the origin of a flow to Ukraine",
            flow("RU", "UA"),
        ),
        ("not-poland-origin", "Poland (a destination) given as an origin", origin("PL")),
        (
            "not-displaced-as-victims",
            "the more than one million displaced people counted as trafficking victims",
            stat(VICTIMS, 1000000, 2000000),
        ),
    ],
    "q03-eurojust-jit-action-day": [
        ("arrests-23", "23 suspects arrested", count(*ARREST, 23)),
        ("arrests-14-spain", "14 arrests in Spain", count(*ARREST, 14, place="ES")),
        ("arrests-7-romania", "7 arrests in Romania", count(*ARREST, 7, place="RO")),
        ("searches-31", "31 house searches", stat("tkg:SearchCount", 31)),
        ("romania-to-spain", "women from Romania exploited in Spain", flow("RO", "ES")),
        ("colombia-to-spain", "women from Colombia exploited in Spain", flow("CO", "ES")),
        ("victims-46", "46 victims identified", stat(VICTIMS + " tkg:RescueCount", 46)),
        ("cash-340000-eur", "EUR 340 000 in cash seized", amount(340000, "EUR")),
        (
            "action-day-dated",
            "the action day of 21 March 2024 is dated",
            dated("tkg:Arrest tkg:LawEnforcementOperation tkg:Event tkg:Statistic", "2024-03-21"),
        ),
        (
            "operation-veleta",
            "Operation VELETA is a law-enforcement operation",
            named("veleta", "tkg:LawEnforcementOperation"),
        ),
        (
            "guardia-civil",
            "the Guardia Civil is a law-enforcement agency",
            actor("guardia civil", LEA),
        ),
        (
            "not-announcement-as-action-date",
            "the arrests or the operation dated with the release date (22 March 2024)",
            dated("tkg:Arrest tkg:LawEnforcementOperation", "2024-03-22"),
        ),
        ("not-7-in-spain", "Romania's 7 arrests placed in Spain", count(*ARREST, 7, place="ES")),
        ("not-spain-origin", "Spain (the destination) given as an origin", origin("ES")),
        ("not-operation-as-person", "Operation VELETA typed as a person", as_person("veleta")),
    ],
    "q04-doj-extradition-sentencing": [
        (
            "cardenas-vera-alias",
            "Jorge Luis Cardenas-Vera is a person known as El Patron",
            person("cardenas-vera", alias="patron"),
        ),
        ("cardenas-vera-age", "Cardenas-Vera is 46", person("cardenas-vera", age=46)),
        (
            "cardenas-vera-guayaquil",
            "Cardenas-Vera is of Guayaquil",
            based_in("cardenas", "label:guayaquil"),
        ),
        ("quintero-paz-age", "Marisol Quintero-Paz is 39", person("quintero-paz", age=39)),
        (
            "ecuador-to-us",
            "migrants from Ecuador smuggled into the United States",
            flow("EC", "US"),
        ),
        ("guatemala-to-us", "... from Guatemala", flow("GT", "US")),
        ("transit-mexico", "through Mexico", transit("MX")),
        ("death-1", "an Ecuadorian man died in a trailer", stat("tkg:DeathCount", 1)),
        (
            "hsi",
            "Homeland Security Investigations is a law-enforcement agency",
            actor("homeland security investigations", LEA),
        ),
        (
            "castellanos-attorney",
            "Elena M. Castellanos, U.S. Attorney",
            person("castellanos", role_="attorney"),
        ),
        (
            "migrants-340",
            "at least 340 migrants smuggled by the organisation",
            count(FLOWS, MIGRANTS, 340, 399),
        ),
        (
            "not-colombia-origin",
            "Colombia (where he was extradited from) given as the migrants' origin",
            origin("CO"),
        ),
        (
            "not-judge-as-perpetrator",
            "Judge Raymond K. Whitfield given as a perpetrator or member of the organisation",
            as_perpetrator("whitfield"),
        ),
        (
            "not-sentences-as-counts",
            "the prison terms (87, 46 months) counted as arrests, convictions or deaths",
            "{ "
            + count(*ARREST, 87)
            + " } UNION { "
            + count(*ARREST, 46)
            + " } UNION { "
            + stat_in("tkg:ConvictionCount tkg:DeathCount", 87, 46)
            + " }",
        ),
        (
            "not-hospitalised-as-deaths",
            "the four hospitalised migrants counted as deaths",
            stat("tkg:DeathCount", 4, 5),
        ),
    ],
    "q05-iom-desert-deaths": [
        ("deaths-14", "at least 14 migrants died of thirst", stat("tkg:DeathCount", 14, 19)),
        ("rescued-6", "six survivors rescued", stat("tkg:RescueCount", 6)),
        ("missing-4", "four people still missing", stat("tkg:MissingCount", 4)),
        (
            "chad-to-libya",
            "the group left Faya-Largeau, Chad, bound for Kufra, Libya",
            flow("TD", "LY"),
        ),
        ("sudanese-migrants", "Sudanese nationals among the migrants", origin("SD")),
        ("kufra", "the incident is placed at Kufra", place_of("kufra")),
        (
            "rahal-iom",
            "Amina Rahal, IOM Chief of Mission in Libya",
            person("rahal", role_="chief of mission", org="migration"),
        ),
        (
            "iom",
            "IOM is an international organisation",
            actor("international organization for migration", "tkg:InternationalOrganization"),
        ),
        (
            "rescue-dated-9-june",
            "the rescue on Sunday 9 June 2024 is dated",
            dated(ANY_EVENT, "2024-06-09"),
        ),
        (
            "deaths-97",
            "at least 97 deaths on desert routes in Libya in 2024",
            stat("tkg:DeathCount", 97, 110),
        ),
        (
            "not-deaths-as-migrants",
            "the 14 dead counted as migrants or arrivals",
            stat(MIGRANTS, 14),
        ),
        (
            "not-chad-destination",
            "Chad (the departure country) given as a destination",
            destination("TD"),
        ),
        (
            "not-deaths-dated-announcement",
            "the deaths dated with the release date (12 June 2024)",
            "?s tkg:measure tkg:DeathCount ; tkg:date|tkg:period ?d . "
            "FILTER(STRSTARTS(STR(?d), '2024-06-12'))",
        ),
        (
            "not-group-as-deaths",
            "the group of 24 people counted as deaths",
            stat("tkg:DeathCount", 24),
        ),
    ],
    "q06-ohchr-experts-mexico": [
        (
            "statement-dated",
            "the experts' statement of 18 April 2024 is dated",
            dated("tkg:Statement tkg:Warning", "2024-04-18"),
        ),
        (
            "kidnapped-190",
            "at least 190 migrants kidnapped in Tamaulipas",
            stat(VICTIMS + " " + MIGRANTS, 190, 249),
        ),
        ("tamaulipas", "the kidnappings are placed in Tamaulipas", place_of("tamaulipas")),
        ("venezuelan-victims", "most were nationals of Venezuela", origin("VE")),
        ("honduran-victims", "... Honduras", origin("HN")),
        ("haitian-victims", "... Haiti", origin("HT")),
        (
            "venezuela-to-us",
            "Venezuelans travelling towards the United States",
            flow("VE", "US"),
        ),
        ("transit-guatemala", "they travelled through Guatemala", transit("GT")),
        (
            "sexual-exploitation",
            "women and girls sold into sex trafficking",
            exploitation("SexualExploitation"),
        ),
        (
            "okafor-rapporteur",
            "Maria Elena Okafor, Special Rapporteur on trafficking in persons",
            person("okafor", role_="rapporteur"),
        ),
        (
            "not-geneva-location",
            "Geneva (the dateline) given as the place of the kidnappings or trafficking",
            located(INCIDENT, "label:geneva"),
        ),
        (
            "not-experts-as-person",
            "the 'UN experts' typed as a single Person",
            as_person("experts"),
        ),
        (
            "not-working-group-as-person",
            "the Working Group typed as a Person",
            as_person("working group"),
        ),
        ("not-us-origin", "the United States (the destination) given as an origin", origin("US")),
    ],
    "q07-nca-lorry-smugglers-charged": [
        ("kola-age", "Arben Kola is 34", person("kola", age=34)),
        ("kola-dagenham", "Kola is of Dagenham", based_in("kola", "label:dagenham")),
        ("hoxha-albanian", "Luan Hoxha is an Albanian national", nationality("hoxha", "AL")),
        (
            "arrests-dated",
            "the arrests of Tuesday 8 October 2024 are dated",
            dated("tkg:Arrest", "2024-10-08"),
        ),
        ("albania-to-uk", "Albanian nationals smuggled into the UK", flow("AL", "GB")),
        ("belgium-to-uk", "lorries from Belgium (Zeebrugge) to the UK", flow("BE", "GB")),
        (
            "smuggled-60",
            "at least 60 people smuggled into the UK",
            count(FLOWS, MIGRANTS, 60, 69),
        ),
        (
            "found-11",
            "11 men found in the back of a lorry",
            count(FLOWS + " tkg:Event", MIGRANTS + " tkg:InterceptionCount tkg:RescueCount", 11),
        ),
        (
            "nca",
            "the National Crime Agency is a law-enforcement agency",
            actor("national crime agency", LEA),
        ),
        (
            "marsh-nca",
            "Helen Marsh, NCA Branch Commander",
            person("marsh", role_="commander", org="crime agency"),
        ),
        ("fee-8000-gbp", "up to 8,000 pounds each", amount(8000, "GBP", "POUND", "£")),
        ("not-uk-origin", "the UK (the destination) given as an origin", origin("GB")),
        (
            "not-ages-as-counts",
            "the ages (34, 29, 51) counted as arrests or migrants",
            "{ "
            + count(*ARREST, 34)
            + " } UNION { "
            + count(*ARREST, 51)
            + " } UNION { "
            + stat_in(MIGRANTS, 34, 29, 51)
            + " }",
        ),
        ("not-fee-as-migrants", "the 8,000 pounds counted as migrants", stat(MIGRANTS, 8000)),
        (
            "not-court-as-arrest-place",
            "Chelmsford (the court) given as the place of the arrests",
            located("tkg:Arrest", "label:chelmsford"),
        ),
    ],
    "q08-encyclopedia-balkan-route": [
        (
            "route-named",
            "the Western Balkan route is a route",
            named("western balkan", "tkg:Route"),
        ),
        ("turkey-to-germany", "the route leads from Turkey to Germany", flow("TR", "DE")),
        ("transit-greece", "through Greece", transit("GR")),
        ("transit-serbia", "through Serbia", transit("RS")),
        ("syrian-migrants", "migrants from Syria", origin("SY")),
        ("afghan-migrants", "migrants from Afghanistan", origin("AF")),
        (
            "crossings-2015",
            "more than 760,000 irregular crossings in 2015",
            count(
                "tkg:MigrationFlow",
                MIGRANTS + " tkg:InterceptionCount",
                760000,
                799999,
            ),
        ),
        (
            "deaths-19",
            "19 migrants found dead in a van near Subotica",
            stat("tkg:DeathCount", 19),
        ),
        (
            "subotica-dated",
            "the deaths of 27 August 2021 are dated",
            dated(ANY_EVENT, "2021-08-27"),
        ),
        (
            "deaths-in-serbia",
            "the 19 deaths are placed in Serbia",
            "?s tkg:measure tkg:DeathCount ; tkg:scope|tkg:about|tkg:location ?p . "
            "?p tkg:partOf*/tkg:isoCode 'RS'",
        ),
        (
            "frontex",
            "Frontex (European Border and Coast Guard Agency) is an agency",
            "?a a ?k . VALUES ?k { " + ORG + " } ?a rdfs:label|skos:altLabel ?l . "
            "FILTER(CONTAINS(LCASE(STR(?l)), 'frontex') || "
            "CONTAINS(LCASE(STR(?l)), 'border and coast guard'))",
        ),
        ("not-germany-origin", "Germany (a destination) given as an origin", origin("DE")),
        (
            "not-years-as-counts",
            "a year (2015, 2016, 2021, 2022, 2023) counted as people",
            stat_in(
                MIGRANTS + " tkg:DeathCount tkg:ArrestCount tkg:InterceptionCount",
                2015,
                2016,
                2021,
                2022,
                2023,
            ),
        ),
        (
            "not-driver-age-as-count",
            "the driver's age 31 counted as arrests, deaths or survivors",
            "{ "
            + count(*ARREST, 31)
            + " } UNION { "
            + stat("tkg:DeathCount tkg:RescueCount", 31)
            + " }",
        ),
    ],
}
