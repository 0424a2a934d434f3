"""A synthetic tkg knowledge graph of any size, for benchmarks.

:func:`generate` writes N-Quads (or TriG, by suffix): one named graph per
synthetic report, following the vocabulary contract of ``DESIGN.md`` and
``docs/ARCHITECTURE.md``: about 200 countries (ISO codes from pycountry) and
20 regions with skewed popularity (a few hubs, a long tail), many criminal
groups shared across reports with a nationality, law-enforcement agencies,
NGOs and their people, routes (origin, transit, destination, sea crossed),
migration flows via routes, trafficking and smuggling activities with
victim groups, operations with arrests, statements, deployments, civil
unrest, country-role assertions and statistics; every fact carries evidence
(text, offsets, report), a confidence and ``prov:wasDerivedFrom``.

Usage::

    python bench/synth_kg.py 1000000 /tmp/kg.nq --seed 1

Examples
--------
>>> import tempfile, pathlib
>>> from bench.synth_kg import generate
>>> with tempfile.TemporaryDirectory() as d:
...     n = generate(5000, 1, pathlib.Path(d) / "kg.nq")
>>> 5000 <= n < 7000
True
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

__all__ = ["generate", "quads"]

TKG = "https://w3id.org/tkg/ontology#"
ID = "https://w3id.org/tkg/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
DCT = "http://purl.org/dc/terms/"

REGIONS = [
    "north-africa", "west-africa", "east-africa", "central-africa", "southern-africa",
    "middle-east", "central-asia", "south-asia", "south-east-asia", "east-asia",
    "western-europe", "eastern-europe", "southern-europe", "northern-europe", "balkans",
    "caribbean", "central-america", "south-america", "north-america", "oceania",
]  # fmt: skip
SEAS = [
    "mediterranean-sea",
    "aegean-sea",
    "red-sea",
    "gulf-of-aden",
    "andaman-sea",
    "caribbean-sea",
]
EXPLOITATION = [
    "SexualExploitation", "ForcedLabour", "ForcedBegging", "ForcedCriminality",
    "DomesticServitude", "ForcedMarriage", "OrganRemoval",
]  # fmt: skip
MEASURES = ["VictimCount", "MarketValue", "MigrantArrivals", "OperationCount", "ArrestCount"]
ROLES = ["SourceCountry", "TransitCountry", "DestinationCountry"]


def _iri(x: str) -> str:
    return f"<{x}>"


def _lit(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def _countries() -> list[tuple[str, str, str]]:
    """(alpha-3, alpha-2, name) of every ISO 3166 country."""
    try:
        import pycountry

        return [(c.alpha_3, c.alpha_2, c.name) for c in pycountry.countries]
    except ImportError:  # pycountry is a tkg dependency; keep a fallback for bare runs
        return [(f"X{i:02d}", f"X{i % 10}", f"Country {i}") for i in range(200)]


class _Report:
    """Writes the quads of one report graph."""

    def __init__(self, index: int, rng: random.Random):
        self.iri = f"{ID}report/synthetic-{index:06d}"
        self.g = _iri(self.iri)
        self.rng = rng
        self.lines: list[str] = []
        self.described: set[str] = set()
        self.offset = 0
        self.n = 0

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.g} .\n")

    def describe(
        self, iri: str, cls: str, label: str, extra: tuple[tuple[str, str], ...] = ()
    ) -> None:
        if iri in self.described:
            return
        self.described.add(iri)
        self.add(_iri(iri), RDF_TYPE, _iri(TKG + cls))
        self.add(_iri(iri), LABEL, _lit(label))
        for p, o in extra:
            self.add(_iri(iri), p, o)

    def fact(self, kind: str, cls: str, text: str) -> str:
        self.n += 1
        iri = f"{self.iri}/{kind}/{self.n:05d}"
        ev = f"{self.iri}/evidence/{self.n:05d}"
        s = _iri(iri)
        self.add(s, RDF_TYPE, _iri(TKG + cls))
        self.add(s, _iri(TKG + "evidence"), _iri(ev))
        self.add(
            s, _iri(TKG + "confidence"), _typed(round(self.rng.uniform(0.5, 1.0), 2), "decimal")
        )
        self.add(s, PROV_DERIVED, self.g)
        e = _iri(ev)
        self.add(e, RDF_TYPE, _iri(TKG + "Evidence"))
        self.add(e, _iri(TKG + "text"), _lit(text))
        self.add(e, _iri(TKG + "charStart"), _typed(self.offset, "integer"))
        self.offset += len(text) + 1
        self.add(e, _iri(TKG + "charEnd"), _typed(self.offset - 1, "integer"))
        self.add(e, _iri(TKG + "inReport"), self.g)
        return iri


def quads(n_triples: int, seed: int = 0) -> Iterator[str]:
    """Yield N-Quads lines until at least ``n_triples`` have been produced.

    Examples
    --------
    >>> lines = list(quads(300, 2))
    >>> len(lines) >= 300 and lines[0].endswith(" .\\n")
    True
    """
    rng = random.Random(seed)
    countries = _countries()
    places = [(f"{ID}country/{a3}", "Country", name, a2) for a3, a2, name in countries]
    places += [(f"{ID}region/{r}", "Region", r.replace("-", " ").title(), None) for r in REGIONS]
    # skewed popularity: a few hubs (destinations, transit countries), a long tail
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(places))]
    order = list(range(len(places)))
    rng.shuffle(order)
    place_weights = [weights[order[i]] for i in range(len(places))]
    n_groups = max(20, n_triples // 400)
    n_agencies = max(5, n_triples // 8000)
    n_people = max(10, n_triples // 2000)
    groups = [f"{ID}org/syndicate-{i:05d}" for i in range(n_groups)]
    group_nat = [rng.choices(range(len(places)), place_weights)[0] for _ in groups]
    agencies = [f"{ID}org/agency-{i:04d}" for i in range(n_agencies)]
    people = [(f"{ID}person/person-{i:05d}", rng.randrange(n_agencies)) for i in range(n_people)]
    # a pool of corridors that reports keep reporting (so edges repeat)
    corridors = []
    for _ in range(max(50, n_triples // 300)):
        o, t, d = rng.choices(range(len(places)), place_weights, k=3)
        corridors.append((o, t if rng.random() < 0.6 else None, d))
    group_corridors = {i: rng.sample(range(len(corridors)), 3) for i in range(n_groups)}

    total = 0
    index = 0
    while total < n_triples:
        rep = _Report(index, rng)
        index += 1
        year = rng.randint(2005, 2024)
        add = rep.add
        add(rep.g, RDF_TYPE, _iri(TKG + "Report"))
        add(rep.g, _iri(DCT + "title"), _lit(f"Synthetic report {index}"))
        add(rep.g, _iri(DCT + "publisher"), _lit(rng.choice(["UNODC", "IOM", "Europol", "NGO"])))
        add(rep.g, _iri(DCT + "date"), _typed(f"{year}-{rng.randint(1, 12):02d}-15", "date"))

        def place(i: int, rep: _Report = rep) -> str:
            iri, cls, name, a2 = places[i]
            extra = ((_iri(TKG + "isoCode"), _lit(a2)),) if a2 else ()
            rep.describe(iri, cls, name, extra)
            return iri

        def date(year: int = year) -> str:
            return _typed(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date")

        for _ in range(rng.randint(20, 40)):
            kind = rng.random()
            gi = rng.randrange(n_groups)
            group = groups[gi]
            rep.describe(
                group, "CriminalGroup", f"Syndicate {gi}",
                ((_iri(TKG + "nationality"), _iri(place(group_nat[gi]))),),
            )  # fmt: skip
            o, t, d = corridors[rng.choice(group_corridors[gi])]
            if kind < 0.25:  # route + flow via it
                route = rep.fact("route", "Route", f"Syndicate {gi} moves people along a route.")
                add(_iri(route), _iri(TKG + "origin"), _iri(place(o)))
                if t is not None:
                    add(_iri(route), _iri(TKG + "transit"), _iri(place(t)))
                add(_iri(route), _iri(TKG + "destination"), _iri(place(d)))
                if rng.random() < 0.3:
                    sea = f"{ID}sea/{rng.choice(SEAS)}"
                    rep.describe(sea, "SeaArea", sea.rsplit("/", 1)[1])
                    add(_iri(route), _iri(TKG + "crosses"), _iri(sea))
                add(_iri(group), _iri(TKG + "operatesOn"), _iri(route))
                flow = rep.fact("flow", "MigrationFlow", "Thousands of migrants arrived this year.")
                add(_iri(flow), _iri(TKG + "via"), _iri(route))
                add(_iri(flow), _iri(TKG + "destination"), _iri(place(d)))
                add(_iri(flow), _iri(TKG + "count"), _typed(rng.randint(10, 20000), "integer"))
                add(_iri(flow), _iri(TKG + "startDate"), date())
            elif kind < 0.45:  # trafficking / smuggling activity with victims
                cls = rng.choice(["TraffickingActivity", "SmugglingActivity"])
                act = rep.fact("activity", cls, f"Syndicate {gi} trafficked victims.")
                victims = f"{act}/victims"
                rep.describe(
                    victims, "VictimGroup", rng.choice(["women", "children", "men", "migrants"])
                )
                add(_iri(victims), _iri(TKG + "nationality"), _iri(place(o)))
                add(_iri(act), _iri(TKG + "perpetrator"), _iri(group))
                add(_iri(act), _iri(TKG + "victim"), _iri(victims))
                add(_iri(act), _iri(TKG + "origin"), _iri(place(o)))
                add(_iri(act), _iri(TKG + "destination"), _iri(place(d)))
                add(_iri(act), _iri(TKG + "exploitationType"), _iri(TKG + rng.choice(EXPLOITATION)))
                add(_iri(act), _iri(TKG + "date"), date())
            elif kind < 0.6:  # operation against the group, with arrests
                ai = rng.randrange(n_agencies)
                agency = agencies[ai]
                rep.describe(agency, "LawEnforcementAgency", f"Agency {ai}")
                op = rep.fact("operation", "LawEnforcementOperation", "An operation took place.")
                arrest = rep.fact("arrest", "Arrest", "Dozens of suspects were arrested.")
                add(_iri(op), _iri(TKG + "agent"), _iri(agency))
                add(_iri(op), _iri(TKG + "target"), _iri(group))
                add(_iri(op), _iri(TKG + "result"), _iri(arrest))
                add(_iri(op), _iri(TKG + "location"), _iri(place(d)))
                add(_iri(op), _iri(TKG + "date"), date())
                add(_iri(arrest), _iri(TKG + "count"), _typed(rng.randint(1, 300), "integer"))
                add(_iri(arrest), _iri(TKG + "date"), date())
            elif kind < 0.72:  # statement by a person of an agency
                person, ai = rng.choice(people)
                agency = agencies[ai]
                rep.describe(agency, "LawEnforcementAgency", f"Agency {ai}")
                rep.describe(
                    person, "Person", person.rsplit("/", 1)[1].replace("-", " ").title(),
                    ((_iri(TKG + "memberOf"), _iri(agency)),),
                )  # fmt: skip
                st = rep.fact("statement", "Statement", f"Person warned about syndicate {gi}.")
                add(_iri(st), _iri(TKG + "speaker"), _iri(person))
                add(_iri(st), _iri(TKG + "about"), _iri(group))
                add(_iri(st), _iri(TKG + "location"), _iri(place(d)))
                add(_iri(st), _iri(TKG + "date"), date())
            elif kind < 0.8:  # deployment
                ai = rng.randrange(n_agencies)
                agency = agencies[ai]
                rep.describe(agency, "LawEnforcementAgency", f"Agency {ai}")
                dep = rep.fact("deployment", "Deployment", "Experts were sent.")
                add(_iri(dep), _iri(TKG + "agent"), _iri(agency))
                add(_iri(dep), _iri(TKG + "location"), _iri(place(d)))
                add(_iri(dep), _iri(TKG + "date"), date())
            elif kind < 0.88:  # country roles linked by a victim group
                victims = f"{rep.iri}/group/{rep.n + 1:05d}"
                rep.describe(victims, "VictimGroup", "men and women")
                for role, pi in zip(ROLES, (o, t, d), strict=True):
                    if pi is None:
                        continue
                    ra = rep.fact(
                        "role",
                        "CountryRoleAssertion",
                        "A country is a source, transit and destination.",
                    )
                    add(_iri(ra), _iri(TKG + "country"), _iri(place(pi)))
                    add(_iri(ra), _iri(TKG + "role"), _iri(TKG + role))
                    add(_iri(ra), _iri(TKG + "victim"), _iri(victims))
                    add(
                        _iri(ra),
                        _iri(TKG + "exploitationType"),
                        _iri(TKG + rng.choice(EXPLOITATION)),
                    )
            elif kind < 0.94:  # statistic
                st = rep.fact("statistic", "Statistic", "About 270,000 victims at any one time.")
                add(_iri(st), _iri(TKG + "measure"), _iri(TKG + rng.choice(MEASURES)))
                add(_iri(st), _iri(TKG + "value"), _typed(rng.randint(1, 10**9), "decimal"))
                add(_iri(st), _iri(TKG + "scope"), _iri(place(d)))
                add(_iri(st), _iri(TKG + "period"), _typed(year, "gYear"))
            else:  # unrest
                un = rep.fact("unrest", "CivilUnrest", "Protests broke out.")
                add(_iri(un), _iri(TKG + "location"), _iri(place(o)))
                add(_iri(un), _iri(TKG + "date"), date())
        total += len(rep.lines)
        yield from rep.lines


def generate(n_triples: int, seed: int, path: str | Path) -> int:
    """Write a synthetic KG of about ``n_triples`` triples to ``path``.

    Parameters
    ----------
    n_triples : int
        Target size (the last report is completed, so a little more).
    seed : int
        Same seed, same file.
    path : str or path
        ``.nq`` for N-Quads, ``.trig`` for TriG (parsed and rewritten with
        pyoxigraph).

    Returns
    -------
    int
        Number of quads written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nq = path if path.suffix == ".nq" else path.with_suffix(".tmp.nq")
    count = 0
    with nq.open("w", encoding="utf-8") as fh:
        for line in quads(n_triples, seed):
            fh.write(line)
            count += 1
    if nq != path:
        import pyoxigraph as ox

        with nq.open("rb") as src:
            data = ox.parse(src, format=ox.RdfFormat.N_QUADS)
            ox.serialize(data, output=str(path), format=ox.RdfFormat.TRIG)
        nq.unlink()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("triples", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n = generate(args.triples, args.seed, args.out)
    print(f"wrote {n} quads to {args.out}")


if __name__ == "__main__":
    main()
