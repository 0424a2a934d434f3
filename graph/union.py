"""Keep the default graph the union of the named graphs through a SPARQL update.

An embedded store keeps its default graph as the union (a set) of its named
graphs, which queries read (see :class:`graph.store.OxigraphStore`). A user's
SPARQL update writes named graphs only; :func:`rewrite_update` turns it into
one update request that also applies the update's *delta* to the union, so
that the update and the upkeep of the union are one transaction: readers
never see the union partial, and a process killed half-way leaves the store
as it was.

Each operation of the request is followed, in the same request, by its share
of upkeep, so that the next operation (whose ``WHERE`` reads the union)
already sees it:

``INSERT DATA``
    the triples of its ``GRAPH`` blocks are added to the same ``INSERT DATA``
    outside any ``GRAPH`` (the same operation: blank nodes stay the same).
``DELETE DATA``, ``DELETE WHERE``, ``DELETE``/``INSERT`` ... ``WHERE``
    the operation's ``INSERT`` template also writes each triple it inserts
    into a scratch graph ``S+`` and each triple its ``DELETE`` template names
    into ``S-`` (the same template instances, so the same bindings and blank
    nodes); then the triples of ``S+`` held by some named graph are copied
    into the union, those of ``S-`` that no named graph holds any more leave
    it, and both scratch graphs are dropped. The cost is the size of the
    delta, not of the store. ``WITH <g>`` needs nothing more: the scratch
    graphs are named explicitly. (An ``INSERT`` template with anonymous blank
    nodes, ``[ ]`` or a collection, cannot be recorded this way: a second
    ``[ ]`` is another node; such an update gets :data:`FULL_DIFF`. In
    ``INSERT DATA`` the graphs written are copied after the operation.)
``CLEAR``/``DROP GRAPH g``, ``COPY``/``MOVE ... TO g``
    ``g`` is copied to ``S-`` before the operation (its old triples), then as
    above.
``ADD``, ``CREATE``
    nothing (the triples added are in the union already).
``LOAD ... INTO GRAPH g``
    the triples of ``g`` are copied into the union.
``CLEAR``/``DROP NAMED``/``ALL``
    the union is cleared.

Writing the default graph itself (triples outside ``GRAPH`` without
``WITH``, ``LOAD`` without ``INTO``, ``CLEAR DEFAULT``, ``... TO DEFAULT``,
``MOVE DEFAULT``) is refused with :class:`~graph.exceptions.QueryError`: the
union would no longer be the union. A request this module cannot read is
run with :data:`FULL_DIFF` appended (a diff of the whole union against the
named graphs, still in the same transaction).

Examples
--------
>>> from graph.union import rewrite_update
>>> print(rewrite_update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 1 } }"))
INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 1 }
<urn:a> <urn:p> 1 .
}
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from graph.exceptions import QueryError

__all__ = ["FULL_DIFF", "SCRATCH_PREFIX", "rewrite_update"]

#: Scratch graphs of the upkeep start with this; they never outlive the request.
SCRATCH_PREFIX = "urn:tkg:union-delta:"

#: Upkeep of the whole union: remove from it what no named graph holds, add what it lacks.
FULL_DIFF = (
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"
)

_TOKEN_RE = re.compile(
    r"""(?P<ws>\s+)
    |(?P<comment>\#[^\n]*)
    |(?P<str>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<var>[?$][^\s{}();,.\[\]#"'<>=!&|+*/^]+)
    |(?P<punct>[{}();,\[\]]|\.(?![0-9]))
    |(?P<word>[^\s{}();,\[\]#"'<>?$]+?(?=[\s{}();,\[\]#"'<>]|\.(?![0-9A-Za-z_:%-])|$))
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)

_DEFAULT_WRITE = (
    "the default graph is the union of the named graphs, kept by tkg: "
    "put the triples in a named graph, e.g. INSERT DATA {{ GRAPH <https://w3id.org/tkg/id/report/x> "
    "{{ ... }} }} ({what})"
)


@dataclass
class _Tok:
    kind: str
    text: str
    start: int
    end: int


class _Unreadable(Exception):
    """The request is not in a shape this module reads: use the full diff."""


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup or "other"
        if kind == "other" and m.group() in "\"'":
            raise _Unreadable("unterminated string")
        out.append(_Tok(kind, m.group(), m.start(), m.end()))
    return out


def _split_ops(toks: list[_Tok]) -> list[list[_Tok]]:
    """Split the request at the ``;`` outside any brace."""
    ops: list[list[_Tok]] = [[]]
    depth = 0
    for t in toks:
        if t.kind == "punct":
            if t.text == "{":
                depth += 1
            elif t.text == "}":
                depth -= 1
                if depth < 0:
                    raise _Unreadable("unbalanced braces")
            elif t.text == ";" and depth == 0:
                ops.append([])
                continue
        ops[-1].append(t)
    if depth != 0:
        raise _Unreadable("unbalanced braces")
    return ops


def _significant(op: list[_Tok]) -> list[int]:
    return [i for i, t in enumerate(op) if t.kind not in ("ws", "comment")]


def _matching(op: list[_Tok], open_index: int) -> int:
    depth = 0
    for i in range(open_index, len(op)):
        t = op[i]
        if t.kind == "punct" and t.text == "{":
            depth += 1
        elif t.kind == "punct" and t.text == "}":
            depth -= 1
            if depth == 0:
                return i
    raise _Unreadable("unbalanced braces")


def _text(op: list[_Tok], start: int, stop: int) -> str:
    """The tokens ``op[start:stop]`` as text, comments replaced by a space."""
    return "".join(" " if t.kind == "comment" else t.text for t in op[start:stop])


def _triples_text(part: str) -> str:
    """A triples block without leading or trailing ``.``, or ``""``."""
    part = part.strip()
    while part.startswith("."):
        part = part[1:].strip()
    while part.endswith(".") and not part.endswith("\\."):
        part = part[:-1].strip()
    return part


@dataclass
class _Template:
    close: int  # index of the closing brace
    graphs: list[str]  # triples of each GRAPH block
    default: str  # triples outside GRAPH blocks
    names: list[str]  # the GRAPH names, as written
    anonymous: bool  # [ ] or ( ) blank nodes: a copy elsewhere would be other nodes


def _template(op: list[_Tok], open_index: int) -> _Template:
    """Read a quad template (``{ triples GRAPH g { triples } ... }``) starting at ``{``."""
    close = _matching(op, open_index)
    graphs: list[str] = []
    default: list[str] = []
    names: list[str] = []
    anonymous = False
    i = open_index + 1
    while i < close:
        t = op[i]
        if t.kind == "word" and t.text.upper() == "GRAPH":
            j = i + 1
            while op[j].kind in ("ws", "comment"):
                j += 1
            names.append(op[j].text)
            k = j + 1
            while op[k].kind in ("ws", "comment"):
                k += 1
            if not (op[k].kind == "punct" and op[k].text == "{"):
                raise _Unreadable("GRAPH without a block")
            end = _matching(op, k)
            graphs.append(_triples_text(_text(op, k + 1, end)))
            anonymous = anonymous or any(
                t.kind == "punct" and t.text in "[(" for t in op[k + 1 : end]
            )
            i = end + 1
            continue
        if t.kind == "punct" and t.text == "{":
            raise _Unreadable("nested group in a template")
        anonymous = anonymous or (t.kind == "punct" and t.text in "[(")
        default.append(" " if t.kind == "comment" else t.text)
        i += 1
    return _Template(
        close, [g for g in graphs if g], _triples_text("".join(default)), names, anonymous
    )


def _join(parts: list[str]) -> str:
    return " .\n".join(p for p in parts if p) + (" ." if any(parts) else "")


def _ends_open(op: list[_Tok], close: int) -> bool:
    """Whether new quads can follow the last thing before ``op[close]`` without a ``.``."""
    j = close - 1
    while op[j].kind in ("ws", "comment"):
        j -= 1
    return op[j].kind == "punct" and op[j].text in (".", "{", "}")


def _scratch() -> tuple[str, str]:
    key = uuid.uuid4().hex
    return f"<{SCRATCH_PREFIX}{key}:ins>", f"<{SCRATCH_PREFIX}{key}:del>"


def _keep_inserted(ins: str, dele: str) -> str:
    return (
        f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {ins} {{ ?s ?p ?o }} "
        f"FILTER EXISTS {{ GRAPH ?x {{ ?s ?p ?o }} FILTER(?x != {ins} && ?x != {dele}) }} }}"
    )


def _drop_deleted(ins: str, dele: str) -> str:
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {dele} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?x {{ ?s ?p ?o }} FILTER(?x != {ins} && ?x != {dele}) }} }}"
    )


def _refuse(what: str) -> QueryError:
    return QueryError(_DEFAULT_WRITE.format(what=what))


def _graph_or_default(op: list[_Tok], sig: list[int], k: int) -> tuple[str | None, int]:
    """Read ``DEFAULT`` or ``GRAPH? iri`` at ``sig[k]``: (the graph's text or None, next k)."""
    t = op[sig[k]]
    if t.kind == "word" and t.text.upper() == "DEFAULT":
        return None, k + 1
    if t.kind == "word" and t.text.upper() == "GRAPH":
        k += 1
        t = op[sig[k]]
    if t.kind not in ("iri", "word"):
        raise _Unreadable("graph name expected")
    return t.text, k + 1


def _rewrite_op(op: list[_Tok]) -> str:
    """One operation with its upkeep (operations to run before and after it, in the same request)."""
    sig = _significant(op)
    if not sig:
        return _text(op, 0, len(op))
    k = 0
    while (
        k < len(sig) and op[sig[k]].kind == "word" and op[sig[k]].text.upper() in ("PREFIX", "BASE")
    ):
        k += 3 if op[sig[k]].text.upper() == "PREFIX" else 2
    if k >= len(sig):
        return _text(op, 0, len(op))  # a prologue alone
    body_start = sig[k]
    prologue = _text(op, 0, body_start)
    first = op[sig[k]]
    word = first.text.upper() if first.kind == "word" else ""

    def word_at(n: int) -> str:
        return op[sig[n]].text.upper() if n < len(sig) and op[sig[n]].kind == "word" else ""

    if word == "INSERT" and word_at(k + 1) == "DATA":
        brace = sig[k + 2]
        tpl = _template(op, brace)
        if tpl.default:
            raise _refuse("INSERT DATA with triples outside GRAPH")
        if not tpl.graphs:
            return _text(op, 0, len(op))
        if tpl.anonymous:  # copy the graphs written, after the operation
            copies = (
                f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"
                for name in dict.fromkeys(tpl.names)
            )
            return _text(op, 0, len(op)) + " ;\n" + " ;\n".join(copies)
        copy = ("" if _ends_open(op, tpl.close) else " .") + "\n" + _join(tpl.graphs) + "\n"
        return _text(op, 0, tpl.close) + copy + _text(op, tpl.close, len(op))

    if word == "DELETE" and word_at(k + 1) in ("DATA", "WHERE"):
        brace = sig[k + 2]
        tpl = _template(op, brace)
        if tpl.default:
            raise _refuse(f"DELETE {word_at(k + 1)} with triples outside GRAPH")
        ins, dele = _scratch()
        quads = _text(op, brace, tpl.close + 1)
        where = "{}" if word_at(k + 1) == "DATA" else quads
        body = f"DELETE {quads} INSERT {{ GRAPH {dele} {{ {_join(tpl.graphs)} }} }} WHERE {where}"
        after = _text(op, tpl.close + 1, len(op))
        return f"{prologue}{body}{after} ;\n{_drop_deleted(ins, dele)} ;\nDROP SILENT GRAPH {dele}"

    if word in ("WITH", "DELETE", "INSERT"):
        with_graph = word == "WITH"
        n = k + 2 if with_graph else k
        pieces: list[str] = []
        cursor = 0
        delete_tpl = insert_tpl = None
        if word_at(n) == "DELETE":
            delete_tpl = _template(op, sig[n + 1])
            n = next(i for i, s in enumerate(sig) if s > delete_tpl.close)
        if word_at(n) == "INSERT":
            insert_tpl = _template(op, sig[n + 1])
            n = next(i for i, s in enumerate(sig) if s > insert_tpl.close)
        if delete_tpl is None and insert_tpl is None:
            raise _Unreadable("no template")
        if not with_graph:
            for tpl, what in ((delete_tpl, "DELETE"), (insert_tpl, "INSERT")):
                if tpl is not None and tpl.default:
                    raise _refuse(f"{what} template with triples outside GRAPH and no WITH")
        if insert_tpl is not None and insert_tpl.anonymous:
            raise _Unreadable("[ ] or ( ) blank nodes in an INSERT template")
        while word_at(n) == "USING":
            n += 3 if word_at(n + 1) == "NAMED" else 2
        if word_at(n) != "WHERE":
            raise _Unreadable("WHERE expected")
        ins, dele = _scratch()
        record = ""
        if insert_tpl is not None:
            record += f" GRAPH {ins} {{ {_join(insert_tpl.graphs + [insert_tpl.default])} }}"
        if delete_tpl is not None:
            record += f" GRAPH {dele} {{ {_join(delete_tpl.graphs + [delete_tpl.default])} }}"
        if insert_tpl is not None:
            sep = "" if _ends_open(op, insert_tpl.close) else " ."
            pieces += [_text(op, cursor, insert_tpl.close), sep, record, " "]
            cursor = insert_tpl.close
        else:
            assert delete_tpl is not None
            pieces += [_text(op, cursor, delete_tpl.close + 1), f" INSERT {{{record} }}"]
            cursor = delete_tpl.close + 1
        pieces.append(_text(op, cursor, len(op)))
        after = [_keep_inserted(ins, dele)] if insert_tpl is not None else []
        if delete_tpl is not None:
            after.append(_drop_deleted(ins, dele))
        after += [f"DROP SILENT GRAPH {ins}", f"DROP SILENT GRAPH {dele}"]
        return "".join(pieces) + " ;\n" + " ;\n".join(after)

    if word == "LOAD":
        n = k + 1
        if word_at(n) == "SILENT":
            n += 1
        n += 1  # the source IRI
        if word_at(n) != "INTO":
            raise _refuse("LOAD without INTO GRAPH")
        graph, _ = _graph_or_default(op, sig, n + 1)
        whole = _text(op, 0, len(op))
        return f"{whole} ;\nINSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"

    if word in ("CLEAR", "DROP"):
        n = k + 1 + (word_at(k + 1) == "SILENT")
        target = word_at(n)
        whole = _text(op, 0, len(op))
        if target in ("NAMED", "ALL"):
            return f"{whole} ;\nCLEAR SILENT DEFAULT"
        if target == "DEFAULT":
            raise _refuse(f"{word} DEFAULT; to empty the store use DROP ALL")
        graph, _ = _graph_or_default(op, sig, n)
        return _snapshot_around(prologue, _text(op, body_start, len(op)), graph)

    if word == "CREATE":
        return _text(op, 0, len(op))

    if word in ("ADD", "COPY", "MOVE"):
        n = k + 1 + (word_at(k + 1) == "SILENT")
        source, n = _graph_or_default(op, sig, n)
        if word_at(n) != "TO":
            raise _Unreadable("TO expected")
        target, _ = _graph_or_default(op, sig, n + 1)
        if target is None:
            raise _refuse(f"{word} ... TO DEFAULT")
        if word == "MOVE" and source is None:
            raise _refuse("MOVE DEFAULT, which would empty the union; use COPY DEFAULT")
        if word == "ADD":
            return _text(op, 0, len(op))
        return _snapshot_around(prologue, _text(op, body_start, len(op)), target)

    raise _Unreadable(f"unknown operation {first.text!r}")


def _snapshot_around(prologue: str, body: str, graph: str) -> str:
    """``graph`` copied to a scratch graph before ``body``, its lost triples leave the union after."""
    ins, dele = _scratch()
    return (
        f"{prologue}ADD SILENT GRAPH {graph} TO {dele} ;\n{body} ;\n"
        f"{_drop_deleted(ins, dele)} ;\nDROP SILENT GRAPH {dele}"
    )


def rewrite_update(update: str) -> str:
    """Return one update request doing ``update`` and keeping the union by its delta.

    Parameters
    ----------
    update : str
        A SPARQL 1.1 update request (one or more operations separated by ``;``).

    Returns
    -------
    str
        The request with its upkeep; a request this module cannot read comes
        back with :data:`FULL_DIFF` appended.

    Raises
    ------
    QueryError
        The update writes the default graph itself (the union).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.update(rewrite_update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 1 } }"))
    >>> store.update(rewrite_update("DELETE WHERE { GRAPH ?g { ?s <urn:p> 1 } }"))
    >>> len(list(store))
    0
    >>> rewrite_update("INSERT DATA { <urn:a> <urn:p> 1 }")
    Traceback (most recent call last):
    ...
    graph.exceptions.QueryError: the default graph is the union of the named graphs, kept by tkg: put the triples in a named graph, e.g. INSERT DATA { GRAPH <https://w3id.org/tkg/id/report/x> { ... } } (INSERT DATA with triples outside GRAPH)
    """
    try:
        ops = _split_ops(_tokens(update))
        return " ;\n".join(_rewrite_op(op) for op in ops)
    except (_Unreadable, IndexError, StopIteration):
        return f"{update} ;\n{FULL_DIFF}"
