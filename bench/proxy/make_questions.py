"""Write the proxy corpus's competency questions (.rq) from compact specs.

The proxy corpus (texts written for tkg, in the kinds of the held-out set:
TIP country narratives, agency and court press releases, IOM/UN releases,
encyclopaedia-style incident articles) measures whether rules generalise
beyond ``shared/corpus/dev``. Its questions follow the dev corpus's
conventions (lenient about equivalent modellings); each is built here from a
one-line spec so that they stay uniform:

    python bench/proxy/make_questions.py      # rewrites bench/proxy/*.rq
    python bench/eval_extract.py bench/proxy -v
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
HEAD = (
    "PREFIX tkg: <https://w3id.org/tkg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


def _label(var: str, needle: str) -> str:
    return f"?{var} rdfs:label|skos:altLabel ?l_{var} . FILTER(CONTAINS(LCASE(STR(?l_{var})), {needle.lower()!r}))"


def _place(var: str, place: str) -> str:
    if place.startswith("label:"):
        return _label(var, place[6:])
    return f'?{var} tkg:partOf*/tkg:isoCode "{place}" .'


def flow(origin: str, dest: str) -> str:
    """Origin (ISO or label:) to destination, on one node or via the group's nationality."""
    return (
        "{ ?r tkg:origin ?o ; tkg:destination|tkg:location ?d . } UNION "
        "{ ?r tkg:victim|tkg:participant ?g ; tkg:destination|tkg:location ?d . ?g tkg:nationality ?o . } "
        + _place("o", origin).replace(" .", "")
        + " . "
        + _place("d", dest)
    )


def transit(place: str) -> str:
    return "?r tkg:transit ?t . " + _place("t", place)


def origin(place: str) -> str:
    """A place given as an origin (journey origin or a moving group's nationality)."""
    return (
        "{ ?r tkg:origin ?o . } UNION { ?g tkg:nationality ?o . ?g a ?c . "
        "VALUES ?c { tkg:PersonGroup tkg:VictimGroup tkg:MigrantGroup } } " + _place("o", place)
    )


def destination(place: str) -> str:
    return "?r tkg:destination ?d . " + _place("d", place)


def role(country: str, *roles: str) -> str:
    out = []
    for i, r in enumerate(roles):
        out.append(
            f"{{ ?a{i} tkg:country ?c ; tkg:role tkg:{r}Country . }} UNION {{ ?c tkg:countryRole tkg:{r}Country . }}"
        )
    return " ".join(out) + f' ?c tkg:isoCode "{country}" .'


def count(
    classes: str, measures: str, lo: int, hi: int | None = None, place: str | None = None
) -> str:
    hi = lo if hi is None else hi
    ev = f"{{ ?e a ?k ; tkg:count ?n . VALUES ?k {{ {classes} }} FILTER(?n >= {lo} && ?n <= {hi})"
    st = f"{{ ?s tkg:measure ?m ; tkg:value ?v . VALUES ?m {{ {measures} }} FILTER(?v >= {lo} && ?v <= {hi})"
    if place:
        ev += " ?e tkg:location ?p1 . " + _place("p1", place)
        st += " ?s tkg:scope|tkg:about ?p2 . " + _place("p2", place)
    return ev + " } UNION " + st + " }"


def stat(measures: str, lo: int, hi: int | None = None) -> str:
    hi = lo if hi is None else hi
    return f"?s tkg:measure ?m ; tkg:value ?v . VALUES ?m {{ {measures} }} FILTER(?v >= {lo} && ?v <= {hi})"


def person(
    name: str,
    *,
    alias: str | None = None,
    role_: str | None = None,
    org: str | None = None,
    age: int | None = None,
) -> str:
    q = "?p a tkg:Person . " + _label("p", name)
    if alias:
        q += (
            " ?p skos:altLabel|rdfs:label ?al . FILTER(CONTAINS(LCASE(STR(?al)), "
            + repr(alias.lower())
            + "))"
        )
    if role_ and org:
        q += (
            " { ?p tkg:roleTitle ?t . FILTER(CONTAINS(LCASE(STR(?t)), "
            + repr(role_.lower())
            + ")) }"
            " UNION { ?p tkg:memberOf ?o . " + _label("o", org) + " }"
        )
    elif role_:
        q += " ?p tkg:roleTitle ?t . FILTER(CONTAINS(LCASE(STR(?t)), " + repr(role_.lower()) + "))"
    elif org:
        q += " ?p tkg:memberOf ?o . " + _label("o", org)
    if age is not None:
        q += f" ?p tkg:age {age} ."
    return q


def actor(name: str, classes: str) -> str:
    return f"?a a ?k . VALUES ?k {{ {classes} }} " + _label("a", name)


def group(nationality: str) -> str:
    return (
        "?g a ?k ; tkg:nationality ?n . VALUES ?k { tkg:PersonGroup tkg:VictimGroup tkg:MigrantGroup } "
        + _place("n", nationality)
    )


def exploitation(*concepts: str) -> str:
    return (
        "?f tkg:exploitationType ?x . VALUES ?x { " + " ".join(f"tkg:{c}" for c in concepts) + " }"
    )


def dated(classes: str, prefix: str) -> str:
    return (
        f"?e a ?k ; tkg:date|tkg:startDate|tkg:endDate|tkg:period ?d . VALUES ?k {{ {classes} }} "
        f"FILTER(STRSTARTS(STR(?d), {prefix!r}))"
    )


def located(classes: str, place: str) -> str:
    return f"?e a ?k ; tkg:location ?p . VALUES ?k {{ {classes} }} " + _place("p", place)


def write(stem: str, questions: list[tuple[str, str, str]]) -> None:
    for old in HERE.glob(f"{stem}.*.rq"):
        old.unlink()
    for i, (name, title, body) in enumerate(questions, 1):
        neg = name.startswith("not-")
        comment = (
            "# NEGATIVE (true = the mistake is present; must be false): " if neg else "# "
        ) + title
        (HERE / f"{stem}.{i:02d}-{name}.rq").write_text(
            f"{HEAD}{comment}\nASK {{\n  {body}\n}}\n", encoding="utf-8"
        )


def main() -> None:
    from questions import QUESTIONS  # bench/proxy/questions.py

    for stem, qs in QUESTIONS.items():
        write(stem, qs)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE))
    main()
