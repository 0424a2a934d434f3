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
_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
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
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUANT = re.compile(
    rf"(?:(?P<approx>{_APPROX})\s+)?"
    r"(?P<cur>US\$|\$|€|£|¥|USD\s?|EUR\s?|GBP\s?|CHF\s?)?"
    rf"(?:(?P<num>{_NUM})|(?P<word>half a (?:million|billion)|a quarter of a million|"
    r"(?:a )?(?:dozen|hundred|thousand|million|billion)|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\b)"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|bn|mln|mn|tn|[mkb])\b)?"
    r"(?:\s+(?P<cur2>US dollars|dollars|euros?|pounds(?: sterling)?|yen|naira|rupees|baht|"
    r"Swiss francs|USD|EUR|GBP|CHF)\b)?",
    re.IGNORECASE,
)
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
_CANDIDATE = re.compile(
    r"\d|\b(?=[bdefhmnoqst])(?:half|quarter|dozen|hundred|thousand|million|billion|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\b",
    re.I,
)


def _starts(text: str, lo: int, pos: int) -> list[int]:
    """Word starts between ``lo`` and ``pos`` (inclusive), earliest first."""
    out = [
        i for i in range(lo, pos) if (i == 0 or not text[i - 1].isalnum()) and not text[i].isspace()
    ]
    return [*out, pos]


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
    """

    start: int
    end: int
    value: int | Decimal
    unit: str | None
    approximate: bool
    year_like: bool = False


def _to_value(num: str, scale: str | None) -> int | Decimal:
    d = Decimal(num.replace(",", ""))
    if scale:
        d *= _SCALES[scale.lower()]
    return int(d) if d == d.to_integral_value() else d


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
        if re.match(r"\s*(?:%|per ?cent|percent)", after, re.I) or re.match(
            r"(?:st|nd|rd|th)\b", after
        ):
            continue
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-/"):
            continue
        if scale and scale.lower() in ("m", "k", "b") and not (m.group("cur") or m.group("cur2")):
            if num is None or not re.match(r"\d", num):
                continue
        if word is not None:
            if scale or not word.strip():
                continue
            w = word.lower()
            if w in ("one", "a dozen") and not m.group("approx"):
                # "one" is too often a pronoun; keep only explicit counts like "one operation".
                pass
            value: int | Decimal = _WORDS.get(w, _WORDS.get(w.replace("a ", ""), 0))
            if not value:
                continue
        else:
            value = _to_value(num, scale)
        cur = (m.group("cur") or m.group("cur2") or "").strip().lower()
        unit = _CURRENCY.get(cur) if cur else None
        if cur and unit is None:
            unit = cur.upper()[:3]
        approx = m.group("approx")
        year_like = (
            num is not None
            and re.fullmatch(r"(19|20)\d\d", num) is not None
            and not scale
            and not unit
            and not approx
        )
        out.append(
            Quantity(
                m.start(),
                m.end(),
                value,
                unit,
                bool(approx) and approx.lower() not in _EXACT_APPROX,
                year_like,
            )
        )
    for m in _VAGUE.finditer(text):
        if any(q.start <= m.start() < q.end for q in out):
            continue
        out.append(Quantity(m.start(), m.end(), _VAGUE_VALUES[m.group("word").lower()], None, True))
    return sorted(out, key=lambda q: q.start)
