"""Rewrite ``FILTER NOT EXISTS { triples }`` into the equivalent ``MINUS { triples }``.

Oxigraph (0.5) evaluates ``FILTER NOT EXISTS { P }`` with ``P`` a join of
several triple patterns by evaluating the join of ``P`` again for every row
it filters, without the row's bindings (upstream issue
https://github.com/oxigraph/oxigraph/issues/885); the same check written with
``MINUS`` is evaluated once, as an anti-join. On 100,000 triples the seed
question ``12-evidence.rq`` takes minutes in the first form and milliseconds in
the second. :func:`rewrite_not_exists` rewrites a query text so that each
``FILTER NOT EXISTS { B }`` whose rewriting is provably equivalent is removed
from its group ``G`` and ``MINUS { B }`` is appended at the end of ``G``.

When the two forms agree
------------------------
SPARQL 1.1 §8.3 ("Relationship and differences between NOT EXISTS and MINUS")
names the differences: ``MINUS`` removes a row only when a solution of ``B``
is compatible with it *and shares a variable with it* (§8.3.1, §8.3.2: with no
shared variable ``MINUS`` removes nothing while ``NOT EXISTS`` removes every
row as soon as ``B`` matches anything), and ``B`` is evaluated on its own, so a
``FILTER`` inside ``B`` cannot see the row's variables (§8.3.3). ``NOT EXISTS``
instead evaluates ``B`` with the row's values substituted (§17.4.1.4, §18.6).

Let ``V`` be the variables of ``B`` and ``W`` those of them that occur anywhere
in the query outside ``B``. The rewrite is made only when:

1. ``B`` is a basic graph pattern: triple patterns only (``;``/``,`` lists,
   ``[ ... ]``, collections and property paths allowed), no nested group, no
   ``FILTER``/``OPTIONAL``/``BIND``/``VALUES``/``MINUS``/``UNION``/``GRAPH``/
   ``SERVICE``/``SELECT``/``EXISTS`` nor any keyword other than ``a``, ``true``,
   ``false``; and no ``*`` or ``?`` path modifier (a zero-length path matches
   any term substituted into it, but unsubstituted only the nodes of the graph,
   so the two forms could differ).
2. ``W`` is not empty and each variable of ``W`` occurs in a triple pattern at
   the top level of ``G`` (not only inside a nested group, ``OPTIONAL``,
   ``VALUES``, ``BIND`` or ``FILTER``), so it is bound in every solution of
   ``G``'s patterns. A row ``μ`` of ``G`` then binds exactly ``W`` among ``V``
   (its other variables do not occur in ``B``), ``W`` is shared with every
   solution of ``B``, and: ``B`` with ``μ`` substituted has a solution ⇔ some
   solution of ``B`` agrees with ``μ`` on ``W`` ⇔ some solution of ``B`` is
   compatible with ``μ`` and shares a variable with it. So ``NOT EXISTS`` keeps
   ``μ`` exactly when ``MINUS`` does. Variables that occur only in ``B``, and
   blank nodes, are local to ``B`` in both forms.
3. When ``G`` lies inside an ``EXISTS``/``NOT EXISTS`` pattern ``E`` (the
   innermost one, possibly ``G`` itself), some variable of ``W`` occurs nowhere
   outside ``E``. Evaluating ``E`` may substitute the outer row's values for the
   variables occurring outside ``E``, in ``G`` and ``B`` alike; the variable
   kept keeps ``W`` non-empty after substitution, so the argument of 2 still
   holds (without it ``MINUS`` could be left with no shared variable).

``FILTER`` conditions apply to the whole group (§18.2.2.6) whereas ``MINUS``
applies to the patterns before it, so ``MINUS { B }`` goes at the end of ``G``;
removing a row there or filtering it commutes with the other filters, which
also act row by row. Inside an ``OPTIONAL`` group the filter may also see the
left side's variables, but by 2 those of ``V`` are bound by ``G`` itself.

Only the plain form ``FILTER NOT EXISTS {`` (any case, any spacing) is
rewritten; ``NOT EXISTS`` inside an expression such as ``FILTER(!EXISTS {...})``
is left alone. The query is read with a small tokenizer that skips string
literals, IRIs and comments, so braces and keywords inside them are not
structure. A query with nothing safe to rewrite is returned unchanged.

Examples
--------
>>> from graph.sparql_rewrite import rewrite_not_exists
>>> print(rewrite_not_exists(
...     "SELECT ?x WHERE { ?x a ?t . FILTER NOT EXISTS { ?x tkg:evidence ?ev } }"))
SELECT ?x WHERE { ?x a ?t . MINUS { ?x tkg:evidence ?ev } }
>>> q = "ASK { FILTER NOT EXISTS { ?x tkg:evidence ?ev } }"
>>> rewrite_not_exists(q) == q  # no variable shared with the rest: not equivalent
True
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = [
    "MAX_NESTING",
    "check_nesting",
    "rewrite_for_oxigraph",
    "rewrite_not_exists",
    "rewrite_uncorrelated_not_exists",
]

#: Deepest nesting of braces, parentheses and brackets a query or update may have.
#: Oxigraph's recursive parser overflows its stack (a segfault, not an error)
#: somewhere past 2,000 levels in the main thread and sooner in a worker
#: thread; real queries stay far below 50.
MAX_NESTING = 200

_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\s{}]*>|#[^\n]*"
)
_BRACKETS = re.compile(r"[{}()\[\]]")


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Refuse a query or update nested deeper than ``limit``, before any parser reads it.

    A cheap scan: braces, parentheses and brackets are counted outside
    strings, IRIs and comments (when the text has fewer opening ones than the
    limit, it is not read at all).

    Raises
    ------
    QueryError
        Naming the depth found and the limit.

    Examples
    --------
    >>> check_nesting("SELECT * { ?s ?p '((((' }", limit=3)
    >>> check_nesting("SELECT * {{{{ ?s ?p ?o }}}}", limit=3)
    Traceback (most recent call last):
    ...
    graph.exceptions.QueryError: the query nests braces and parentheses more than 3 levels deep (the nesting limit); flatten it or split it into several queries
    """
    if text.count("{") + text.count("(") + text.count("[") <= limit:
        return
    depth = deepest = 0
    for match in _BRACKETS.finditer(_OPAQUE.sub(" ", text)):
        if match.group() in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth = max(depth - 1, 0)
    if deepest > limit:
        from graph.exceptions import QueryError

        raise QueryError(
            f"the query nests braces and parentheses more than {limit} levels deep "
            "(the nesting limit); flatten it or split it into several queries"
        )


_PN_CHARS = r"[\w\-\u00B7\u0300-\u036F\u203F\u2040]"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_TOKEN_RE = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>(?:\"\"\"(?:(?:\"|\"\")?(?:[^"\\]|\\.))*\"\"\"
               |'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
               |"(?:[^"\\\n\r]|\\.)*"
               |'(?:[^'\\\n\r]|\\.)*')
               (?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*)?)
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<bnode>_:[\w](?:(?:{_PN_CHARS}|\.)*{_PN_CHARS})?)
  | (?P<pname>(?:[^\W\d_](?:(?:{_PN_CHARS}|\.)*{_PN_CHARS})?)?
               :(?:(?:[\w:]|{_PLX})(?:(?:{_PN_CHARS}|[.:]|{_PLX})*(?:{_PN_CHARS}|:|{_PLX}))?)?)
  | (?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)

#: Bare words that may appear in triple patterns.
_TRIPLE_WORDS = frozenset({"a", "true", "false"})
#: Keywords introducing a nested group directly.
_GROUP_WORDS = frozenset({"OPTIONAL", "MINUS", "UNION", "LATERAL"})


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int

    def word(self) -> str:
        """The upper-cased keyword, or '' for any other token."""
        return self.text.upper() if self.kind == "word" else ""


class _Unreadable(Exception):
    """The text is not tokenized safely (unterminated string, unbalanced braces)."""


def _tokenize(query: str) -> tuple[list[_Token], list[_Token]]:
    """All tokens (comments included, whitespace left out) and the significant ones."""
    raw: list[_Token] = []
    for m in _TOKEN_RE.finditer(query):
        kind = m.lastgroup or "punct"
        if kind == "ws":
            continue
        if kind == "punct" and m.group() in "\"'":
            raise _Unreadable(m.start())
        raw.append(_Token(kind, m.group(), m.start(), m.end()))
    return raw, [t for t in raw if t.kind != "comment"]


@dataclass
class _Structure:
    tokens: list[_Token]
    match: dict[int, int]  # index of each '{' or '(' -> index of its closing token
    parent: list[int]  # index of the innermost enclosing '{' of each token, -1 at the top
    exists: set[int]  # indices of the '{' opening an EXISTS pattern


def _structure(tokens: list[_Token]) -> _Structure:
    match: dict[int, int] = {}
    parent: list[int] = []
    stack: list[tuple[str, int]] = []  # open brackets
    braces: list[int] = []  # open braces only
    exists: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.kind == "punct" and tok.text in ("}", ")"):
            want = "{" if tok.text == "}" else "("
            if not stack or stack[-1][0] != want:
                raise _Unreadable(tok.start)
            match[stack.pop()[1]] = i
            if want == "{":
                braces.pop()
        parent.append(braces[-1] if braces else -1)
        if tok.kind == "punct" and tok.text in ("{", "("):
            stack.append((tok.text, i))
            if tok.text == "{":
                braces.append(i)
            if tok.text == "{" and i > 0 and tokens[i - 1].word() == "EXISTS":
                exists.add(i)
    if stack:
        raise _Unreadable(len(tokens))
    return _Structure(tokens, match, parent, exists)


def _variables(tokens: list[_Token], lo: int, hi: int) -> Counter[str]:
    """Occurrences of each variable (named without ? or $) among tokens[lo:hi]."""
    return Counter(t.text[1:] for t in tokens[lo:hi] if t.kind == "var")


def _skip_call(s: _Structure, j: int) -> int:
    """Index after a bracketed expression or a function call starting at j."""
    toks = s.tokens
    if j < len(toks) and toks[j].text == "(" and toks[j].kind == "punct":
        return s.match[j] + 1
    if j + 1 < len(toks) and toks[j].kind in ("iri", "pname", "word") and toks[j + 1].text == "(":
        return s.match[j + 1] + 1
    raise _Unreadable(j)


def _skip_constraint(s: _Structure, j: int) -> int:
    """Index after the constraint of a FILTER whose keyword is at j - 1."""
    toks = s.tokens
    if toks[j].word() == "NOT" and toks[j + 1].word() == "EXISTS":
        j += 1
    if toks[j].word() == "EXISTS" and toks[j + 1].text == "{":
        return s.match[j + 1] + 1
    return _skip_call(s, j)


def _skip_values(s: _Structure, j: int) -> int:
    """Index after the variables and data block of a VALUES whose keyword is at j - 1."""
    toks = s.tokens
    j = j + 1 if toks[j].kind == "var" else _skip_call(s, j)
    if toks[j].text != "{":
        raise _Unreadable(j)
    return s.match[j] + 1


def _top_triple_variables(s: _Structure, g: int) -> set[str] | None:
    """Variables of the triple patterns directly in group g; None when g is not understood."""
    toks = s.tokens
    found: set[str] = set()
    i, close = g + 1, s.match[g]
    try:
        while i < close:
            tok, word = toks[i], toks[i].word()
            if tok.text == "{" and tok.kind == "punct":
                i = s.match[i] + 1
            elif word == "FILTER":
                i = _skip_constraint(s, i + 1)
            elif word == "BIND":
                i = _skip_call(s, i + 1)
            elif word == "VALUES":
                i = _skip_values(s, i + 1)
            elif word in ("GRAPH", "SERVICE"):
                i += 3 if toks[i + 1].word() == "SILENT" else 2
            elif word in _GROUP_WORDS or tok.text.lower() in _TRIPLE_WORDS and word:
                i += 1
            elif word:
                return None  # a keyword this reader does not know
            else:
                if tok.kind == "var":
                    found.add(tok.text[1:])
                i += 1
    except (_Unreadable, IndexError, KeyError):
        return None
    return found


def _is_triples_only(tokens: list[_Token]) -> bool:
    """Whether tokens are triple patterns only, without zero-length path modifiers."""
    for tok in tokens:
        if tok.kind == "word" and tok.text.lower() not in _TRIPLE_WORDS:
            return False
        if tok.kind == "punct" and tok.text in "{}*?$":
            return False
    return True


@dataclass(frozen=True)
class _Candidate:
    group: int  # index of the '{' of G
    filter: int  # index of the FILTER token
    open: int  # index of the '{' of B
    close: int  # index of the '}' of B


def _candidates(s: _Structure) -> list[_Candidate]:
    toks = s.tokens
    found = []
    for i in range(len(toks) - 3):
        if (
            toks[i].word() == "FILTER"
            and toks[i + 1].word() == "NOT"
            and toks[i + 2].word() == "EXISTS"
            and toks[i + 3].text == "{"
            and toks[i + 3].kind == "punct"
            and s.parent[i] >= 0
        ):
            found.append(_Candidate(s.parent[i], i, i + 3, s.match[i + 3]))
    return found


def _enclosing_exists(s: _Structure, g: int) -> int:
    """The innermost EXISTS pattern holding group g (g itself included), or -1."""
    while g >= 0 and g not in s.exists:
        g = s.parent[g]
    return g


def _is_safe(s: _Structure, c: _Candidate, everywhere: Counter[str]) -> bool:
    toks = s.tokens
    inner = toks[c.open + 1 : c.close]
    if not _is_triples_only(inner):
        return False
    local = _variables(toks, c.open + 1, c.close)
    shared = {v for v in local if everywhere[v] > local[v]}
    if not shared:
        return False
    top = _top_triple_variables(s, c.group)
    if top is None or not shared <= top:
        return False
    e = _enclosing_exists(s, c.group)
    if e < 0:
        return True
    outside_e = everywhere - _variables(toks, e, s.match[e] + 1)
    return any(outside_e[v] == 0 for v in shared)


def _leading_space(query: str, raw: list[_Token], tok: _Token) -> tuple[int, str]:
    """Where the removal of an element starting at tok begins, and the space before it."""
    start = tok.start
    while start > 0 and query[start - 1].isspace():
        start -= 1
    space = query[start : tok.start]
    before = [t for t in raw if t.end <= start]
    if before and before[-1].kind == "comment":
        return tok.start, space  # keep the newline that ends the comment
    return start, space


def _edits_for_group(
    query: str, raw: list[_Token], s: _Structure, g: int, chosen: list[_Candidate]
) -> list[tuple[int, int, str]]:
    """(start, end, replacement) edits that move the chosen filters of group g to MINUS."""
    toks = s.tokens
    spans = []  # (first token, last token, start char, end char, space before)
    for c in chosen:
        last = c.close + 1 if toks[c.close + 1].text == "." else c.close
        start, space = _leading_space(query, raw, toks[c.filter])
        spans.append((c.filter, last, start, toks[last].end, space))
    removed = {i for first, last, *_ in spans for i in range(first, last + 1)}
    edits: list[tuple[int, int, str]] = []
    run_start = 0
    for k, (_, last, start, end, _) in enumerate(spans):
        if k + 1 < len(spans) and spans[k + 1][0] == last + 1:
            edits.append((start, end, ""))
            continue  # the run of adjacent filters goes on
        prev = max(i for i in range(spans[run_start][0]) if i not in removed)
        need_dot = toks[prev].text not in ("{", ".") and toks[last + 1].text != "}"
        edits.append((start, end, " ." if need_dot else ""))
        run_start = k + 1
    last_kept = max(i for i in range(g, s.match[g]) if i not in removed)
    minus = "".join(
        (space or " ") + "MINUS " + query[toks[c.open].start : toks[c.close].end]
        for c, (*_, space) in zip(chosen, spans, strict=True)
    )
    edits.append((toks[last_kept].end, toks[last_kept].end, minus))
    return edits


def rewrite_not_exists(query: str) -> str:
    """Rewrite each safely rewritable ``FILTER NOT EXISTS { B }`` into ``MINUS { B }``.

    The ``FILTER`` leaves its group and ``MINUS { B }`` is appended at the end
    of the group, at every nesting level. A filter is rewritten only when the
    two forms give the same answers on every dataset (see the module
    docstring); any other query text, and any text this reader does not
    understand, is returned unchanged.

    Parameters
    ----------
    query : str
        A SPARQL query (prologue, ``SELECT``/``ASK``/``CONSTRUCT``/``DESCRIBE``).

    Returns
    -------
    str
        The rewritten query, or ``query`` itself when nothing was rewritten.

    Examples
    --------
    >>> print(rewrite_not_exists(
    ...     "ASK { ?x a ?t FILTER NOT EXISTS { ?x :p [ :q ?s ] } ?x :r ?y }"))
    ASK { ?x a ?t . ?x :r ?y MINUS { ?x :p [ :q ?s ] } }
    >>> q = "SELECT * { ?x a ?t OPTIONAL { ?x :p ?y } FILTER NOT EXISTS { ?y :q ?z } }"
    >>> rewrite_not_exists(q) == q  # ?y may be unbound: MINUS would keep the row
    True
    """
    try:
        raw, tokens = _tokenize(query)
        s = _structure(tokens)
    except _Unreadable:
        return query
    everywhere = _variables(tokens, 0, len(tokens))
    by_group: dict[int, list[_Candidate]] = {}
    for c in _candidates(s):
        if _is_safe(s, c, everywhere):
            by_group.setdefault(c.group, []).append(c)
    if not by_group:
        return query
    edits = [e for g, cs in by_group.items() for e in _edits_for_group(query, raw, s, g, cs)]
    return _apply(query, edits)


def _apply(query: str, edits: list[tuple[int, int, str]]) -> str:
    """The query with each (start, end, replacement) edit made (edits do not overlap)."""
    out, pos = [], 0
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(query[pos:start])
        out.append(text)
        pos = end
    out.append(query[pos:])
    return "".join(out)


def _has_star_projection(tokens: list[_Token]) -> bool:
    """Whether some SELECT or DESCRIBE projects ``*`` (a new variable would show)."""
    for i, tok in enumerate(tokens):
        if tok.word() in ("SELECT", "DESCRIBE"):
            j = i + 1
            while j < len(tokens) and tokens[j].word() in ("DISTINCT", "REDUCED"):
                j += 1
            if j < len(tokens) and tokens[j].text == "*":
                return True
    return False


def rewrite_uncorrelated_not_exists(query: str) -> str:
    """Evaluate each uncorrelated ``FILTER NOT EXISTS { P }`` once, as a subquery.

    When no variable of ``P`` occurs anywhere else in the query, ``P`` does
    not depend on the row being filtered: ``NOT EXISTS { P }`` is the same
    test for every row, "``P`` has no solution". Oxigraph 0.5 still evaluates
    such a pattern slowly when it holds a ``MINUS`` or ``VALUES`` (3 s at
    100,000 triples, minutes at a million, for the outer pattern of the seed
    question ``12-evidence``), while ``SELECT (1 AS ?v) WHERE { P } LIMIT 1``
    answers in milliseconds. The filter is replaced in place by
    ``OPTIONAL { SELECT (1 AS ?v) WHERE { P } LIMIT 1 } FILTER(!BOUND(?v))``
    with a fresh ``?v``: the optional part has at most one row and shares no
    variable with anything, so it adds ``?v`` to every row exactly when ``P``
    has a solution, wherever it stands in the group, and the filter keeps
    the rows without it. Not done when a ``SELECT *`` or ``DESCRIBE *`` would
    show the new variable.

    Parameters
    ----------
    query : str
        A SPARQL query.

    Returns
    -------
    str
        The rewritten query, or ``query`` itself when nothing was rewritten.

    Examples
    --------
    >>> print(rewrite_uncorrelated_not_exists("ASK { FILTER NOT EXISTS { ?x a :T } }"))
    ASK { OPTIONAL { SELECT (1 AS ?tkg_found_1) WHERE { ?x a :T } LIMIT 1 } FILTER(!BOUND(?tkg_found_1)) }
    >>> q = "SELECT ?x { ?x a :T FILTER NOT EXISTS { ?x :p ?y } }"
    >>> rewrite_uncorrelated_not_exists(q) == q  # ?x is shared: correlated
    True
    """
    try:
        raw, tokens = _tokenize(query)
        s = _structure(tokens)
    except _Unreadable:
        return query
    if _has_star_projection(tokens):
        return query
    everywhere = _variables(tokens, 0, len(tokens))
    edits: list[tuple[int, int, str]] = []
    covered = -1  # candidates nested in one already rewritten are left to it
    n = 0
    for c in _candidates(s):
        if c.filter <= covered:
            continue
        local = _variables(tokens, c.open + 1, c.close)
        if any(everywhere[v] > local[v] for v in local):
            continue
        n += 1
        name = f"tkg_found_{n}"
        while name in everywhere:
            n += 1
            name = f"tkg_found_{n}"
        body = query[tokens[c.open].start : tokens[c.close].end]
        edits.append(
            (
                tokens[c.filter].start,
                tokens[c.close].end,
                f"OPTIONAL {{ SELECT (1 AS ?{name}) WHERE {body} LIMIT 1 }} "
                f"FILTER(!BOUND(?{name}))",
            )
        )
        covered = c.close
    return _apply(query, edits) if edits else query


def rewrite_for_oxigraph(query: str) -> str:
    """Apply both rewrites: correlated filters to ``MINUS``, then uncorrelated ones to subqueries.

    Examples
    --------
    >>> q = ("ASK { FILTER NOT EXISTS { ?x a :T . "
    ...      "FILTER NOT EXISTS { ?x :ev [ :start ?s ] } } }")
    >>> print(rewrite_for_oxigraph(q))
    ASK { OPTIONAL { SELECT (1 AS ?tkg_found_1) WHERE { ?x a :T . MINUS { ?x :ev [ :start ?s ] } } LIMIT 1 } FILTER(!BOUND(?tkg_found_1)) }
    """
    check_nesting(query)  # before Oxigraph's recursive parser can overflow its stack
    if not _NOT_EXISTS.search(query):
        return query  # the common case: no need to read the query twice
    return rewrite_uncorrelated_not_exists(rewrite_not_exists(query))


_NOT_EXISTS = re.compile(r"\bNOT\s+EXISTS\b", re.I)
