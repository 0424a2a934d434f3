"""The writer of analysis.md: a brief an analyst can hand on.

For each report (:func:`report_section`): who (people with roles, groups,
agencies), what (events, statements and warnings with their speakers), where
(flows, routes, country roles), the numbers with unit, period, scope and
source, and which claims are hedged or attributed; every claim quotes its
strongest evidence (:func:`graph.analysis.facts.strongest_evidence`).

Across reports (:func:`network_section`): the network measures, each section
only when it carries information; otherwise one line says why it is left out.
Places and organisations a report never names (background from the
gazetteers, such as where an agency is based) are context, never findings.

Examples
--------
>>> from graph.analysis.facts import ReportFacts
>>> print(report_section(ReportFacts("urn:r", "Empty report")).splitlines()[0])
## Report: Empty report
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph._words import plural
from graph.analysis.facts import Fact, ReportFacts, format_number, hedges, strongest_evidence
from graph.analysis.measures import BROKER_RULE, Measures, linked_nodes
from graph.network import PROJECTIONS

__all__ = ["Brief", "network_section", "render", "report_section"]

_PEOPLE_GROUPS = {
    "LawEnforcementAgency": "Law-enforcement agencies",
    "GovernmentBody": "Government bodies",
    "InternationalOrganization": "International organisations",
    "NonGovernmentalOrganization": "NGOs",
    "MediaOrganization": "Media",
    "CriminalGroup": "Criminal groups",
    "TerroristGroup": "Terrorist groups",
    "VictimGroup": "Victims",
    "MigrantGroup": "Migrants",
    "PersonGroup": "Other groups of people",
}
_MEASURE_NOUN = {
    "VictimCount": "victims",
    "ArrestCount": "arrests",
    "OperationCount": "operations",
    "MigrantArrivals": "migrant arrivals",
    "MarketValue": "",
}
_WHERE = ("MigrationFlow", "Route", "CountryRoleAssertion")


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "/")


def _words(name: str) -> str:
    out = ""
    for ch in name:
        out += (" " + ch.lower()) if ch.isupper() and out else ch.lower()
    return out


def _quote(text: str) -> str:
    return '"' + _cell(text) + '"'


@dataclass
class Brief:
    """What :func:`render` writes into analysis.md.

    Attributes
    ----------
    main : str
        The projection the network section focuses on.
    graphs : dict of str to networkx.Graph
        Every measured projection.
    infos : dict of str to Measures
    reports : list of ReportFacts
        The reports given a brief of their own.
    report_count : int
        Reports in the store (briefs may cover fewer).
    routes : dict
        Route answers on the flow graph (empty when there are none).
    changes : dict or None
    figures : list of pathlib.Path
    top : int
    when : str
        The dates covered, in words.
    named : callable
        ``named(label) -> bool``: the label occurs in some report sentence.
    """

    main: str
    graphs: dict[str, nx.Graph]
    infos: dict[str, Measures]
    reports: list[ReportFacts] = field(default_factory=list)
    report_count: int = 0
    routes: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] | None = None
    figures: list[Path] = field(default_factory=list)
    top: int = 10
    when: str = "all dates"
    named: Callable[[str], bool] = lambda label: True


# ---------------------------------------------------------------------------
# per report


def _person(rf: ReportFacts, iri: str) -> str:
    values = rf.entity_values.get(iri, {})
    parts = [*values.get("roleTitle", ())]
    parts += [rf.label(o) for o in values.get("memberOf", ())]
    return rf.label(iri) + (f" ({', '.join(parts)})" if parts else "")


def _actor(rf: ReportFacts, iri: str) -> str:
    """An actor as a reader wants it: a person with role and organisation, else the label."""
    if "Person" in rf.types.get(iri, ()):
        return _person(rf, iri)
    return rf.label(iri)


def _claim_notes(rf: ReportFacts, fact: Fact, sentence: str) -> str:
    """``hedged: could; attributed to Europol`` for a claim, or an empty string."""
    words = hedges(sentence)
    for quote in fact.values.get("quote", ()):
        words += [w for w in hedges(quote) if w not in words]
    notes = []
    if words:
        notes.append("hedged: " + ", ".join(f"'{w}'" for w in words))
    if fact.values.get("approximate") == ["true"]:
        notes.append("approximate number")
    if fact.confidence is not None and fact.confidence < 1:
        notes.append(f"confidence {fact.confidence:g}")
    who = fact.values.get("attributedTo", ()) or fact.values.get("speaker", ())
    if who:
        notes.append("attributed to " + ", ".join(_actor(rf, w) for w in who))
    return "; ".join(notes)


def _evidence_line(rf: ReportFacts, fact: Fact) -> tuple[str, str]:
    ev = strongest_evidence(fact, rf.labels)
    sentence = ev.text if ev else ""
    return sentence, (f"\n  > {_cell(sentence)}" if sentence else "")


def _who(rf: ReportFacts) -> list[str]:
    lines: list[str] = []
    people = sorted(
        (i for i, t in rf.types.items() if "Person" in t), key=lambda i: rf.label(i).casefold()
    )
    if people:
        lines.append("- People: " + "; ".join(_person(rf, p) for p in people))
    for cls, title in _PEOPLE_GROUPS.items():
        members = []
        for iri, types in rf.types.items():
            if cls not in types or "Person" in types:
                continue
            if cls == "PersonGroup" and ({"VictimGroup", "MigrantGroup"} & set(types)):
                continue
            if cls == "LawEnforcementAgency" and "GovernmentBody" in types:
                continue
            name = rf.label(iri)
            values = rf.entity_values.get(iri, {})
            extra = [f"nationality {rf.label(c)}" for c in values.get("nationality", ())]
            for place in values.get("basedIn", ()):
                where = rf.label(place)
                extra.append(
                    f"based in {where}" if rf.named(where) else f"based in {where}: background"
                )
            members.append(name + (f" ({', '.join(extra)})" if extra else ""))
        if members:
            lines.append(f"- {title}: " + "; ".join(sorted(members, key=str.casefold)))
    return lines


def _what(rf: ReportFacts, fact: Fact) -> str:
    v = fact.values
    head = f"**{_words(fact.kind).capitalize()}**"
    label = (v.get("label") or [""])[0]
    parts = [head + (f": {_cell(label)}" if label else "")]
    when = (v.get("date") or v.get("startDate") or [""])[0]
    if when:
        parts.append(f"({when})")
    role_words = [
        ("speaker", "by"),
        ("agent", "by"),
        ("perpetrator", "by"),
        ("audience", "to"),
        ("target", "against"),
        ("victim", "victims:"),
        ("participant", "with"),
        ("location", "in"),
    ]
    for key, word in role_words:
        if v.get(key):
            parts.append(word + " " + ", ".join(_actor(rf, x) for x in v[key]))
    if v.get("count"):
        parts.append(f"count {format_number(float(v['count'][0]))}")
    if v.get("exploitationType"):
        parts.append(
            "(" + ", ".join(_words(x.rsplit("#", 1)[-1]) for x in v["exploitationType"]) + ")"
        )
    if v.get("quote"):
        parts.append("said " + _quote(v["quote"][0]))
    return " ".join(parts)


def _where(rf: ReportFacts, fact: Fact) -> str:
    v = fact.values
    if fact.kind == "CountryRoleAssertion":
        roles = ", ".join(_words(r.rsplit("#", 1)[-1]) for r in v.get("role", ()))
        countries = ", ".join(rf.label(c) for c in v.get("country", ()))
        return f"**Country role**: {countries}: {roles}"
    places = [
        " / ".join(rf.label(p) for p in v.get(k, ()))
        for k in ("origin", "transit", "destination")
        if v.get(k)
    ]
    text = f"**{_words(fact.kind).capitalize()}**: " + (" → ".join(places) or "places not stated")
    if v.get("crosses"):
        text += " across " + ", ".join(rf.label(x) for x in v["crosses"])
    if v.get("count"):
        approx = "about " if v.get("approximate") == ["true"] else ""
        text += f", {approx}{format_number(float(v['count'][0]))} people"
    when = [f"{k} {v[k][0]}" for k in ("date", "startDate", "endDate") if v.get(k)]
    if when:
        text += (
            " ("
            + ", ".join(w.replace("startDate", "from").replace("endDate", "to") for w in when)
            + ")"
        )
    return text


def _number(rf: ReportFacts, fact: Fact) -> str:
    v = fact.values
    try:
        value = float(v["value"][0])
    except (KeyError, ValueError):
        return ""
    unit = (v.get("unit") or [""])[0]
    measure = (v.get("measure") or [""])[0].rsplit("#", 1)[-1]
    noun = _MEASURE_NOUN.get(measure, _words(measure))
    approx = "about " if v.get("approximate") == ["true"] else ""
    unit_word = "" if unit in ("USD", "EUR", "GBP", "persons") or unit == noun else unit
    text = f"**{approx}{format_number(value, unit)}{' ' + noun if noun else ''}"
    text += f"{' ' + unit_word if unit_word and unit_word not in noun else ''}**"
    details = []
    if measure and _words(measure) != noun:
        details.append(_words(measure))
    if v.get("period"):
        details.append("period: " + v["period"][0])
    if v.get("scope"):
        details.append("scope: " + ", ".join(rf.label(s) for s in v["scope"]))
    return text + (" (" + "; ".join(details) + ")" if details else "")


def report_section(rf: ReportFacts) -> str:
    """The brief of one report: who, what, where, numbers, hedged and attributed claims.

    Examples
    --------
    >>> from graph.analysis.facts import Evidence
    >>> rf = ReportFacts("urn:r", "T", labels={"urn:p": "Europe"})
    >>> rf.facts.append(Fact("urn:s", ["Statistic"], {"value": ["3000000000.0"],
    ...     "unit": ["USD"], "scope": ["urn:p"]}, [Evidence(0, 40, "It could be worth $3 billion.")]))
    >>> "**$3 billion** (scope: Europe)" in report_section(rf)
    True
    """
    lines = [f"## Report: {_cell(rf.title)}", ""]
    meta = [x for x in (rf.publisher, rf.date) if x]
    lines.append(
        ", ".join(meta) + (f". Source: <{rf.source}>" if rf.source else "") + f" (<{rf.iri}>)"
    )
    lines.append("")
    who = _who(rf)
    lines += ["### Who", ""] + (who or ["No people, groups or agencies recorded."]) + [""]
    numbers = [f for f in rf.facts if "Statistic" in f.types]
    where = [f for f in rf.facts if set(_WHERE) & set(f.types) and "Statistic" not in f.types]
    what = [f for f in rf.facts if f not in numbers and f not in where]
    flagged: list[str] = []

    def block(title: str, facts: list[Fact], fmt: Callable[[ReportFacts, Fact], str]) -> None:
        if not facts:
            lines.extend([f"### {title}", "", "Nothing of this kind in the report.", ""])
            return
        lines.extend([f"### {title}", ""])
        for fact in facts:
            sentence, ev = _evidence_line(rf, fact)
            notes = _claim_notes(rf, fact, sentence)
            text = fmt(rf, fact)
            if not text:
                continue
            lines.append(f"- {text}" + (f" — *{notes}*" if notes else "") + ev)
            if "hedged" in notes:
                flagged.append(f"- {text.split(' (')[0]} — *{notes}*")
        lines.append("")

    block("What happened and who said what", what, _what)
    block("Where: flows, routes and country roles", where, _where)
    block("Numbers", numbers, _number)
    lines += ["### Hedged claims", ""]
    lines += flagged or ["None: the report states its claims without hedging words."]
    lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# across reports


def _label(g: nx.Graph, node: str) -> str:
    return _cell(g.nodes[node].get("label", node))


def _findings(g: nx.Graph, named: Callable[[str], bool], limit: int) -> list[str]:
    """Up to ``limit`` linked nodes that a report names, by PageRank (background left out).

    Nodes are checked best first and the search stops at ``limit``: on big
    graphs only the top of the ranking is ever looked up.
    """
    nodes = linked_nodes(g)
    nodes.sort(key=lambda x: (-g.nodes[x].get("pagerank", 0.0), str(x)))
    out: list[str] = []
    for n in nodes:
        if named(str(g.nodes[n].get("label", ""))):
            out.append(n)
            if len(out) >= limit:
                break
    return out


def _best_sentence(d: dict[str, Any]) -> str:
    """The edge's first evidence sentence: :mod:`graph.network` ranks them, best first."""
    texts = d.get("evidence", ())
    return str(texts[0]) if texts else ""


def network_section(b: Brief) -> str:
    """The network sections of analysis.md, each only when it carries information.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b")], name="flow")
    >>> "Too few links to rank" in network_section(Brief("flow", {"flow": g}, {"flow": Measures()}))
    True
    """
    g, info, top = b.graphs[b.main], b.infos[b.main], b.top
    linked = linked_nodes(g)
    lines = [f"## Network: {b.main} graph", ""]
    lines.append(f"What this graph shows: {PROJECTIONS[b.main].description}.")
    lines.append(
        f"It has {plural(len(linked), 'linked node')} and {plural(g.number_of_edges(), 'link')} "
        f"({plural(g.number_of_nodes() - len(linked), 'node')} without links), from "
        f"{plural(b.report_count, 'report')}, {b.when}."
    )
    lines.append("")
    if not g.number_of_edges():
        lines += ["No links: nothing to measure.", ""]
        return "\n".join(lines)
    edges = sorted(
        g.edges(data=True), key=lambda e: (-float(e[2].get("weight", 1.0)), str(e[0]), str(e[1]))
    )
    arrow = "→" if g.is_directed() else "–"
    lines += [f"### Strongest links (top {min(top, len(edges))} of {len(edges)})", ""]
    lines += ["| link | facts | reports | evidence |", "|---|---|---|---|"]
    for u, v, d in edges[:top]:
        sentence = _best_sentence(d)
        lines.append(
            f"| {_label(g, u)} {arrow} {_label(g, v)} | {d.get('facts', d.get('weight', 1)):g} | "
            f"{len(d.get('reports', ()))} | {_quote(sentence) if sentence else ''} |"
        )
    lines.append("")
    ranked = _findings(g, b.named, max(top, 4))
    if len(ranked) >= 4 and g.number_of_edges() >= 3:
        lines += [
            f"### Top {min(top, len(ranked))} by PageRank",
            "",
            "PageRank: importance from being linked to by other important nodes; only nodes "
            "with links that a report names are ranked.",
            "",
            "| # | name | type | degree | in | out | betweenness | PageRank | community |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for i, node in enumerate(ranked[:top], 1):
            d = g.nodes[node]
            lines.append(
                f"| {i} | {_label(g, node)} | {d.get('type', '')} | {d.get('degree', 0)} | "
                f"{d.get('strength_in', 0):g} | {d.get('strength_out', 0):g} | "
                f"{d.get('betweenness', 0):.3f} | {d.get('pagerank', 0):.3f} | "
                f"{d.get('community', -1)} |"
            )
        lines.append("")
    else:
        lines += [
            f"Too few links to rank: {plural(len(ranked), 'named node')} with links (a ranking needs "
            "at least 4 and 3 links).",
            "",
        ]
    if max((g.nodes[n].get("betweenness", 0.0) for n in g), default=0.0) > 0:
        lines += ["### Brokers, cut points and bridges", "", f"Broker rule: {BROKER_RULE}.", ""]
        lines.append(
            "- Brokers: " + (", ".join(_label(g, x) for x in info.brokers[:top]) or "none")
        )
        lines.append(
            "- Articulation points (removing one splits the network): "
            + (", ".join(_label(g, x) for x in info.articulation_points[:top]) or "none")
        )
        lines.append(
            "- Bridges (links whose removal splits it): "
            + (
                ", ".join(f"{_label(g, a)} – {_label(g, c)}" for a, c in info.bridges[:top])
                or "none"
            )
        )
        lines.append("")
    else:
        lines += [
            "No brokers, chokepoints or disruption: every betweenness is zero (no place lies "
            "between two others on any reported path).",
            "",
        ]
    groups = [c for c in info.communities if len([n for n in c if n in set(linked)]) >= 2]
    if len(groups) >= 2:
        lines += [f"### Communities ({info.community_method})", ""]
        for members in groups[:top]:
            names = sorted(members, key=lambda x: (-g.nodes[x].get("pagerank", 0), str(x)))
            shown = ", ".join(_label(g, x) for x in names[:8])
            more = f" and {len(members) - 8} more" if len(members) > 8 else ""
            lines.append(f"- {plural(len(members), 'node')}: {shown}{more}")
        lines.append("")
    r = b.routes
    if r:
        lines += ["### Routes", ""]
        lines.append("- Origins: " + ", ".join(_label(g, x) for x in r["origins"][:top]))
        lines.append("- Destinations: " + ", ".join(_label(g, x) for x in r["destinations"][:top]))
        long_paths = [p for p in r["paths"] if len(p) > 2]
        if long_paths:
            lines.append("- Paths through other places (up to 4 steps):")
            for path in long_paths[:top]:
                lines.append("  - " + " → ".join(_label(g, x) for x in path))
        if r["chokepoints"]:
            lines.append(
                "- Chokepoints of the whole network (fewest places whose removal cuts every "
                "origin from every destination): "
                + ", ".join(_label(g, x) for x in r["chokepoints"])
            )
        else:
            lines.append(
                "- No chokepoint of the whole network: an origin links straight to a "
                "destination, so no set of transit places cuts them all."
            )
        corridors = r.get("pair_chokepoints", {})
        if corridors:
            lines.append(
                "- Chokepoints of corridors (every reported path of these origin-destination "
                "pairs passes through the place):"
            )
            for node, pairs in list(corridors.items())[:top]:
                shown = ", ".join(f"{_label(g, o)} → {_label(g, d)}" for o, d in pairs[:6])
                more = f" and {len(pairs) - 6} more" if len(pairs) > 6 else ""
                n = len(pairs)
                lines.append(
                    f"  - **{_label(g, node)}**: {n} pair{'s' if n != 1 else ''} ({shown}{more})"
                )
        rows = r.get("disruption", [])
        if len(rows) > 1:
            lines += [
                "",
                "Disruption: share of origin-destination pairs still connected after removing "
                "the places with the highest betweenness, one by one.",
                "",
                "| removed | place | pairs still connected |",
                "|---|---|---|",
            ]
            for row in rows:
                name = _label(g, row["removed"]) if row["removed"] else "(none)"
                lines.append(f"| {row['k']} | {name} | {row['connected']:.0%} |")
        lines.append("")
    if b.changes is not None:
        c = b.changes
        lines += [
            "### Change between all dates and this slice",
            "",
            f"- Nodes only in the slice: {len(c['nodes_added'])}; "
            f"outside the slice only: {len(c['nodes_removed'])}",
            f"- Links only in the slice: {len(c['edges_added'])}; "
            f"outside the slice only: {len(c['edges_removed'])}; "
            f"links with a different weight: {len(c['weight_changes'])}",
            "",
        ]
    others = [n for n in b.graphs if n != b.main]
    if others:
        lines += [
            "### Other projections",
            "",
            "| projection | nodes | links | top by PageRank (linked, named in a report) |",
            "|---|---|---|---|",
        ]
        for name in others:
            og = b.graphs[name]
            best = _findings(og, b.named, 3)
            lines.append(
                f"| {name} | {og.number_of_nodes()} | {og.number_of_edges()} | "
                f"{', '.join(_label(og, x) for x in best) or '-'} |"
            )
        lines.append("")
    return "\n".join(lines)


def render(b: Brief) -> str:
    """The whole of analysis.md.

    Examples
    --------
    >>> g = nx.DiGraph(name="flow")
    >>> render(Brief("flow", {"flow": g}, {"flow": Measures()})).splitlines()[0]
    '# Analysis brief'
    """
    lines = ["# Analysis brief", ""]
    lines.append(
        f"{plural(b.report_count, 'report')}, {b.when}. Each claim quotes the sentence that states it; "
        "*hedged* marks claims the text itself qualifies (could, allegedly, we are hearing, ...); "
        "*attributed to* names who makes the claim. Places a report never names (for example "
        "where an agency is based, from the gazetteers) are background, not findings."
    )
    lines.append("")
    for rf in b.reports:
        lines.append(report_section(rf))
    if b.report_count > len(b.reports):
        lines += [
            f"({plural(b.report_count - len(b.reports), 'more report')} without a brief here: "
            "their facts are in facts.trig.)",
            "",
        ]
    lines.append(network_section(b))
    if b.figures:
        lines += ["## Figures", ""]
        lines += [f"![{p.stem}]({p.name})" for p in b.figures if p.suffix == ".png"]
        lines.append("")
    lines.append(
        "Files: metrics.csv and metrics.json hold every measure for every node of every projection."
    )
    return "\n".join(lines) + "\n"
