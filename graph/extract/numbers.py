"""Numbers and money in text: values, scale words, currencies, hedges.

Examples
--------
>>> [(q.value, q.unit, q.approximate) for q in find_quantities("worth $3 billion a year")]
[(3000000000, 'USD', False)]
>>> [(q.value, q.approximate) for q in find_quantities("nearly 10,000 migrants")]
[(10000, True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Quantity", "find_quantities"]

_SCALES = {
    "trillion": 10**12,
    "tn": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "mln": 10**6,
    "thousand": 10**3,
    "k": 10**3,
}
_CURRENCY = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "naira": "NGN",
    "rupees": "INR",
    "baht": "THB",
    "chf": "CHF",
    "swiss francs": "CHF",
}
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _cardinal_words() -> dict[str, int]:
    """Spelled-out cardinals 1-99 ("seventy-one" and "seventy one")."""
    out = {w: i for i, w in enumerate(_UNITS) if i}
    for t, tens in enumerate(_TENS, start=2):
        out[tens] = t * 10
        for u in range(1, 10):
            out[f"{tens}-{_UNITS[u]}"] = out[f"{tens} {_UNITS[u]}"] = t * 10 + u
    return out


_CARDINALS = _cardinal_words()
_WORDS = {
    **_CARDINALS,
    "hundred": 100,
    "a hundred": 100,
    "a dozen": 12,
    "dozen": 12,
    "a thousand": 1000,
    "a million": 10**6,
    "a billion": 10**9,
    "half a million": 500_000,
    "half a billion": 500_000_000,
    "a quarter of a million": 250_000,
}
_APPROX = (
    r"nearly|almost|about|around|some|roughly|approximately|approx\.|more than|over|"
    r"at least|up to|an estimated|estimated|close to|less than|fewer than|under|as many as|"
    r"as much as|upwards of|in excess of|just over|just under|well over|an average of"
)
_EXACT_APPROX = {"exactly", "precisely"}
# "10,000", "15 313" (a space, no-break or thin space between groups of three), "2.5"
_NUM = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)|\d+(?:\.\d+)?"
)


def _alternation(words) -> str:
    """A regex alternation of ``words``, longest first, spaces and hyphens as written."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_CARD = _alternation(_CARDINALS)
_WORD = (
    rf"half a (?:million|billion)|a quarter of a million|(?:a )?(?:dozen|hundred|thousand|million|billion)|"
    rf"(?:{_CARD})(?:\s+hundred(?:\s+(?:and\s+)?(?:{_CARD}))?)?"
)
# the letters a spelled-out number begins with (a cheap test before the alternation)
_WORD_FIRST = "".join(sorted({w[0] for w in _CARDINALS} | set("hadtmbq")))
_WORD_FIRST += _WORD_FIRST.upper()
_CURRENCY_BEFORE = r"US\$|\$|€|£|¥|USD\s?|EUR\s?|GBP\s?|CHF\s?"
_QUANT = re.compile(
    rf"(?:(?P<approx>{_APPROX})\s+)?"
    rf"(?P<cur>{_CURRENCY_BEFORE})?"
    rf"(?:(?P<num>{_NUM})|(?=[{_WORD_FIRST}])(?P<word>{_WORD})\b)"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|bn|mln|mn|tn|[mkb])\b)?"
    r"(?:\s+(?P<cur2>US dollars|dollars|euros?|pounds(?: sterling)?|yen|naira|rupees|baht|"
    r"Swiss francs|USD|EUR|GBP|CHF)\b)?",
    re.IGNORECASE,
)
# the high end of a range: "$20,000-$40,000", "20 to 30", "60 or 70", "between 325 and 363"
_RANGE_HIGH = re.compile(
    rf"\s*(?:-|–|—|\bto\b|\bor\b|\band\b)\s*(?:{_CURRENCY_BEFORE})?(?P<num>{_NUM})"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|bn|mln|mn|tn)\b)?",
    re.IGNORECASE,
)
# ages are never counts: "a 22-year-old man", "aged 27, 31 and 33", "in his 40s", "NAME, 30,"
_AGE_AFTER = re.compile(
    r"(?:-|\s)(?:years?|months?)(?:-|\s)old\b|-year\b|s\b|\s+years?\s+of\s+age\b", re.I
)
_AGED_BEFORE = re.compile(
    r"\b(?:aged|ages?(?:\s+of)?|age\s+of)\s+(?:between\s+)?(?:\d{1,3}(?:\s*(?:,|-|–|and|or|to)\s*))*$",
    re.I,
)
_NAME_COMMA_BEFORE = re.compile(r"[A-Z][\w.'’-]*\)?,\s*$")
_AGE_END = re.compile(r"\s*(?:[,;)]|\band\b|$)")
_VAGUE = re.compile(
    r"\b(?P<approx>(?:several|many|some)\s+)?(?P<word>hundreds|thousands|tens of thousands|"
    r"hundreds of thousands|millions|dozens)\s+of\b",
    re.IGNORECASE,
)
_VAGUE_VALUES = {
    "dozens": 24,
    "hundreds": 100,
    "thousands": 1000,
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "millions": 1_000_000,
}


# (the lookahead: the letters the number words begin with, see cue_regex)
_CANDIDATE_WORDS = ["half", "quarter", "dozen", "hundred", "thousand", "million", "billion"]
_CANDIDATE_WORDS += ["dozens", "hundreds", "thousands", "millions"]  # (the vague quantities)
_CANDIDATE_WORDS += [w for w in _CARDINALS if " " not in w and "-" not in w]
_CANDIDATE = re.compile(
    r"\d|\b(?=["
    + "".join(sorted({w[0] for w in _CANDIDATE_WORDS}))
    + r"])(?:"
    + _alternation(_CANDIDATE_WORDS)
    + r")\b",
    re.I,
)


def _starts(text: str, lo: int, pos: int) -> list[int]:
    """Word starts between ``lo`` and ``pos`` (inclusive), earliest first."""
    return [m.start() for m in _WORD_START.finditer(text, lo, pos)] + [pos]


# where a word begins: a letter, digit or sign after something that is not a letter or digit
_WORD_START = re.compile(r"(?<![^\W_])(?=\S)")


@dataclass(frozen=True)
class Quantity:
    """A number found in text.

    Attributes
    ----------
    start, end : int
        Offsets of the whole expression (hedge word and currency included).
    value : int or Decimal
        The value with its scale applied.
    unit : str or None
        ISO 4217 code for money, else None.
    approximate : bool
        True when hedged ("nearly", "about", "hundreds of").
    year_like : bool
        A bare four-digit number between 1900 and 2099 (probably a year).
    high : int or Decimal or None
        The high end of a range ("$20,000-$40,000": value 20000, high 40000).
    """

    start: int
    end: int
    value: int | Decimal
    unit: str | None
    approximate: bool
    year_like: bool = False
    high: int | Decimal | None = None


_SEPARATORS = re.compile(r"[,\s]")
_PERCENT = re.compile(r"\s*(?:%|per ?cent|percent)", re.I)
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")
_YEAR = re.compile(r"(19|20)\d\d")


def _to_value(num: str, scale: str | None) -> int | Decimal:
    d = Decimal(_SEPARATORS.sub("", num)) if not num.isdigit() else Decimal(num)
    if scale:
        d *= _SCALES[scale.lower()]
    return int(d) if d == d.to_integral_value() else d


_NOT_ONE = re.compile(r"\s+(?:of|such|another|day|time|way|hand|or\s+two|by\s+one)\b", re.I)


def _word_value(word: str) -> int:
    """The value of a spelled-out number ("seventy-one", "five hundred and twenty", "a dozen")."""
    w = " ".join(word.lower().split())
    if w in _WORDS:
        return _WORDS[w]
    m = re.fullmatch(r"(.+?) hundred(?: (?:and )?(.+))?", w)
    if m and m.group(1) in _CARDINALS:
        return _CARDINALS[m.group(1)] * 100 + _CARDINALS.get(m.group(2) or "", 0)
    return _WORDS.get(w.replace("a ", ""), 0)


def _age(text: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` is someone's age (or a decade, "the 1990s")."""
    if _AGE_AFTER.match(text, end):
        return True
    before = text[max(0, start - 40) : start]
    if _AGED_BEFORE.search(before):
        return True
    # "Felix Rojas, 45; and ...", "a man, 38, from ...": a number set off by commas after a name
    return bool(
        _NAME_COMMA_BEFORE.search(before)
        and _AGE_END.match(text, end)
        and text[start:end].isdigit()
        and int(text[start:end]) < 110
    )


def find_quantities(text: str) -> list[Quantity]:
    """Find numbers, amounts of money and vague quantities in a text.

    Parameters
    ----------
    text : str
        A sentence.

    Returns
    -------
    list of Quantity
        In text order; ordinals, percentages and parts of dates excluded.

    Examples
    --------
    >>> [(q.value, q.unit) for q in find_quantities("€2.5 million and 3bn dollars")]
    [(2500000, 'EUR'), (3000000000, 'USD')]
    >>> [q.value for q in find_quantities("half a million people and hundreds of victims")]
    [500000, 100]
    >>> [q.year_like for q in find_quantities("In 2009, 45 people")]
    [True, False]
    >>> [(q.value, q.approximate) for q in find_quantities("seventy-one men and over 15 313 officers")]
    [(71, False), (15313, True)]
    >>> [(q.value, q.high, q.unit) for q in find_quantities("ransoms of $20,000-$40,000")]
    [(20000, 40000, 'USD')]
    >>> find_quantities("a 22-year-old man and Ana Ruiz, 30, of Lyon")
    []
    """
    out: list[Quantity] = []
    if not _CANDIDATE.search(text):
        return out
    last_end = 0
    for c in _CANDIDATE.finditer(text):
        if c.start() < last_end:
            continue
        lo = max(last_end, c.start() - 28)
        m = None
        for start in _starts(text, lo, c.start()):
            m = _QUANT.match(text, start)
            if m and (m.group("num") or m.group("word")) and m.end() > c.start():
                break
            m = None
        if m is None:
            continue
        last_end = m.end()
        num, word, scale = m.group("num"), m.group("word"), m.group("scale")
        if num is None and word is None:
            continue
        after = text[m.end() : m.end() + 12]
        if _PERCENT.match(after) or _ORDINAL.match(after):
            continue
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-/"):
            continue
        if scale and scale.lower() in ("m", "k", "b") and not (m.group("cur") or m.group("cur2")):
            if num is None or not re.match(r"\d", num):
                continue
        if word is not None:
            value: int | Decimal = _word_value(word)
            if not value or (scale and value >= 1000):
                continue
            if scale:
                value *= _SCALES[scale.lower()]
            if value == 1 and _NOT_ONE.match(text, m.end()):
                continue  # "one of the", "one such": not a count
        else:
            value = _to_value(num, scale)
        if _age(text, m.start(), m.end()):
            continue
        cur = (m.group("cur") or m.group("cur2") or "").strip().lower()
        unit = _CURRENCY.get(cur) if cur else None
        if cur and unit is None:
            unit = cur.upper()[:3]
        approx = m.group("approx")
        year_like = (
            num is not None
            and _YEAR.fullmatch(num) is not None
            and not scale
            and not unit
            and not approx
        )
        end, high = m.end(), None
        if text[end : end + 1] in ("*", "†", "‡"):
            end = last_end = end + 1  # a footnote mark: "114 720* irregular entries"
        r = _RANGE_HIGH.match(text, end) if num is not None and not year_like else None
        if (
            r
            and r.group(0).strip()[:3].lower() == "and"
            and not re.search(r"\bbetween\s+$", text[max(0, m.start() - 9) : m.start()], re.I)
        ):
            r = None  # "12 and 20" is two numbers unless "between"
        if r and not _PERCENT.match(text, r.end()):
            hi = _to_value(r.group("num"), r.group("scale") or scale)
            if hi > value and not (_YEAR.fullmatch(r.group("num")) and not unit):
                high, end = hi, r.end()
                last_end = end
                if not unit and not m.group("cur2"):
                    c2 = re.match(
                        r"\s+(?P<cur2>US dollars|dollars|euros?|pounds|USD|EUR|GBP)\b",
                        text[end : end + 14],
                        re.I,
                    )
                    if c2:
                        unit = _CURRENCY.get(c2.group("cur2").lower(), c2.group("cur2").upper())
                        end = last_end = end + c2.end()
        out.append(
            Quantity(
                m.start(),
                end,
                value,
                unit,
                (bool(approx) and approx.lower() not in _EXACT_APPROX) or high is not None,
                year_like,
                high,
            )
        )
    for m in _VAGUE.finditer(text):
        if any(q.start <= m.start() < q.end for q in out):
            continue
        out.append(Quantity(m.start(), m.end(), _VAGUE_VALUES[m.group("word").lower()], None, True))
    return sorted(out, key=lambda q: q.start)
