"""Regenerate ``data/demonyms.tsv`` from a maintained source.

Run ``python -m graph.extract._generate_data`` after upgrading ``countryinfo``.

Sources
-------
- ``countryinfo`` (PyPI, the REST Countries data set): one demonym (adjective)
  of each country, keyed by ISO 3166 alpha-3. When several
  territories share a demonym ("French", "American", "Chinese") the most
  populous one wins.
- Hand additions below (``_EXTRA_DEMONYMS``): common variants that the
  source lacks or gets wrong ("Filipino", "Brit", "Afghan", "Chinese" for
  China rather than Macao) and region adjectives ("North African",
  "Sub-Saharan"). Plurals ("Tunisians") are formed when matching.

Cities, countries and regions come from ``ontology.places``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

_HERE = Path(__file__).with_name("data")

# surface -> place key (ISO alpha-3, or region:/sea: slug)
_EXTRA_DEMONYMS = {
    "Filipino": "PHL",
    "Filipina": "PHL",
    "Philippine": "PHL",
    "Afghan": "AFG",
    "Brit": "GBR",
    "British": "GBR",
    "English": "GBR",
    "Scottish": "GBR",
    "Welsh": "GBR",
    "Dutch": "NLD",
    "Danes": "DNK",
    "Swede": "SWE",
    "Finn": "FIN",
    "Pole": "POL",
    "Turk": "TUR",
    "Slovak": "SVK",
    "Slovenian": "SVN",
    "Czech": "CZE",
    "Swiss": "CHE",
    "Vietnamese": "VNM",
    "Chinese": "CHN",
    "Japanese": "JPN",
    "Lebanese": "LBN",
    "Sudanese": "SDN",
    "Congolese": "COD",
    "Eritrean": "ERI",
    "Somali": "SOM",
    "Ivorian": "CIV",
    "Nigerian": "NGA",
    "Ghanaian": "GHA",
    "Moroccan": "MAR",
    "Algerian": "DZA",
    "Tunisian": "TUN",
    "Egyptian": "EGY",
    "Libyan": "LBY",
    "Syrian": "SYR",
    "Iraqi": "IRQ",
    "Iranian": "IRN",
    "Kurdish": "IRQ",
    "Albanian": "ALB",
    "Kosovar": "XKX",
    "Kosovan": "XKX",
    "Serb": "SRB",
    "Serbian": "SRB",
    "Bosnian": "BIH",
    "Macedonian": "MKD",
    "Montenegrin": "MNE",
    "Bulgarian": "BGR",
    "Romanian": "ROU",
    "Moldovan": "MDA",
    "Ukrainian": "UKR",
    "Russian": "RUS",
    "Belarusian": "BLR",
    "Thai": "THA",
    "Cambodian": "KHM",
    "Burmese": "MMR",
    "Myanmar": "MMR",
    "Bangladeshi": "BGD",
    "Pakistani": "PAK",
    "Indian": "IND",
    "Lao": "LAO",
    "Nepali": "NPL",
    "Nepalese": "NPL",
    "Sri Lankan": "LKA",
    "Indonesian": "IDN",
    "Malaysian": "MYS",
    "Laotian": "LAO",
    "Uzbek": "UZB",
    "Kazakh": "KAZ",
    "Kyrgyz": "KGZ",
    "Tajik": "TJK",
    "Turkmen": "TKM",
    "Mexican": "MEX",
    "Guatemalan": "GTM",
    "Honduran": "HND",
    "Salvadoran": "SLV",
    "Venezuelan": "VEN",
    "Colombian": "COL",
    "Brazilian": "BRA",
    "Haitian": "HTI",
    "Cuban": "CUB",
    "American": "USA",
    "US": "USA",
    "U.S.": "USA",
    "Canadian": "CAN",
    "Italian": "ITA",
    "Spanish": "ESP",
    "Spaniard": "ESP",
    "French": "FRA",
    "German": "DEU",
    "Greek": "GRC",
    "Portuguese": "PRT",
    "Irish": "IRL",
    "Belgian": "BEL",
    "Austrian": "AUT",
    "Hungarian": "HUN",
    "Croatian": "HRV",
    "Lithuanian": "LTU",
    "Latvian": "LVA",
    "Estonian": "EST",
    "Maltese": "MLT",
    "Cypriot": "CYP",
    "Norwegian": "NOR",
    "Ethiopian": "ETH",
    "Kenyan": "KEN",
    "Ugandan": "UGA",
    "Gambian": "GMB",
    "Senegalese": "SEN",
    "Malian": "MLI",
    "Guinean": "GIN",
    "Cameroonian": "CMR",
    "Beninese": "BEN",
    "Togolese": "TGO",
    "Nigerien": "NER",
    "Chadian": "TCD",
    "Saudi": "SAU",
    "Emirati": "ARE",
    "Qatari": "QAT",
    "Kuwaiti": "KWT",
    "Jordanian": "JOR",
    "Yemeni": "YEM",
    "Israeli": "ISR",
    "Palestinian": "PSE",
    "Korean": "KOR",
    "North Korean": "PRK",
    "South Korean": "KOR",
    "Taiwanese": "TWN",
    "Australian": "AUS",
    # region adjectives
    "African": "region:africa",
    "North African": "region:north-africa",
    "West African": "region:western-africa",
    "East African": "region:eastern-africa",
    "Sub-Saharan": "region:sub-saharan-africa",
    "sub-Saharan": "region:sub-saharan-africa",
    "Sub-Saharan African": "region:sub-saharan-africa",
    "European": "region:europe",
    "Asian": "region:asia",
    "Southeast Asian": "region:south-eastern-asia",
    "South Asian": "region:southern-asia",
    "Central Asian": "region:central-asia",
    "Middle Eastern": "region:middle-east",
    "Balkan": "region:balkans",
    "Latin American": "region:latin-america",
    "Central American": "region:central-america",
    "Mediterranean": "sea:mediterranean-sea",
}


def _source_rows() -> list[dict]:
    import countryinfo  # noqa: PLC0415

    data_dir = Path(countryinfo.__file__).with_name("data")
    rows = []
    for f in sorted(data_dir.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso3 = (d.get("ISO") or {}).get("alpha3")
        if iso3 and len(iso3) == 3:
            rows.append(d | {"iso3": iso3})
    return rows


def generate() -> int:
    """Write ``data/demonyms.tsv``; return the number of rows."""
    rows = _source_rows()
    best: dict[str, tuple[int, str]] = {}
    for d in rows:
        dem = d.get("demonym") or ""
        dem = dem.strip() if isinstance(dem, str) else ""
        if not dem or " " in dem and dem.endswith("Islander"):
            continue
        pop = int(d.get("population") or 0)
        if dem not in best or pop > best[dem][0]:
            best[dem] = (pop, d["iso3"])
    demonyms = {dem: (iso3, "countryinfo") for dem, (_, iso3) in best.items()}
    for dem, key in _EXTRA_DEMONYMS.items():
        demonyms[dem] = (key, "hand")
    with (_HERE / "demonyms.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["demonym", "place", "source"])
        for dem in sorted(demonyms):
            w.writerow([dem, *demonyms[dem]])
    return len(demonyms)


if __name__ == "__main__":  # pragma: no cover
    print("demonyms:", generate())
