"""Dates in text, absolute and relative, resolved against the report date.

A date without a year ("February 15", "Tuesday") is resolved against the
report date when it is known; otherwise against a year the text itself
names ("since the start of 2011") when the text also speaks of "this
year"; otherwise it stays unresolved (``value`` None) rather than invented.

Examples
--------
>>> import datetime as dt
>>> [(d.value, d.datatype) for d in find_dates("on February 15", dt.date(2011, 2, 22))]
[('2011-02-15', 'date')]
>>> [d.value for d in find_dates("Wainwright told CNN Tuesday", dt.date(2011, 2, 22))]
['2011-02-22']
>>> [(d.value, d.kind) for d in find_dates("since the start of 2011")]
[('2011-01-01', 'since')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "event_dates", "find_dates", "reference_year", "speech_date"]

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY_SUFFIX = r"(?:st|nd|rd|th)?"
# what joins the two ends of a range: "20-27 April", "from 20 to 27 April", "between 3 and 5 May"
_TO = r"\s*(?:-|–|—|to|until|till|through|and)\s*"
# a weekday before a day of a range: "between Wednesday 8th and Sunday 12th January"
_WD = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? )?"
_PATTERNS = [
    ("since_start", re.compile(r"\bsince the (?:start|beginning) of (?P<year>(?:19|20)\d\d)\b")),
    (
        # "20-27 April 2024", "from 28 March to 2 April 2024", "between 3 and 5 May"
        "range_dm",
        re.compile(
            rf"\b(?:(?P<from>[Ff]rom|[Bb]etween) )?(?:the )?{_WD}(?P<day>\d{{1,2}}){_DAY_SUFFIX}"
            rf"(?: (?:of )?{_MON2})?{_TO}(?:the )?{_WD}(?P<day2>\d{{1,2}}){_DAY_SUFFIX} (?:of )?{_MON}"
            rf"(?:,? {_YEAR})?\b"
        ),
    ),
    (
        # "April 20-27, 2024", "from March 28 to April 2, 2024"
        "range_md",
        re.compile(
            rf"\b(?:(?P<from>[Ff]rom|[Bb]etween) )?{_MON2} (?P<day>\d{{1,2}}){_DAY_SUFFIX}{_TO}"
            rf"(?:{_MON} )?(?P<day2>\d{{1,2}}){_DAY_SUFFIX}(?:,? {_YEAR})?\b"
        ),
    ),
    (
        # "January-June 2022", "between January and June 2022"
        "range_my",
        re.compile(rf"\b(?:(?P<from>[Ff]rom|[Bb]etween) )?{_MON2}{_TO}{_MON},? {_YEAR}\b"),
    ),
    (
        # "2009-2014", "from 2009 to 2014", "between 2009 and 2014"
        "range_y",
        re.compile(
            r"\b(?:(?:(?P<from>[Ff]rom) )?(?P<year2>(?:19|20)\d\d)(?:\s*[-–—]\s*|"
            r"\s+(?:to|until|through)\s+)|[Bb]etween (?P<year3>(?:19|20)\d\d) and )"
            r"(?P<year>(?:19|20)\d\d)\b(?![-–]\d)"
        ),
    ),
    (
        # "Saturday 24 October", "Thursday, 8 April 2010", "Friday, May 3": one date
        "wd_dm",
        re.compile(
            r"\b(?:on |last |this )?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
            rf"Sunday),? (?:the )?(?P<day>\d{{1,2}}){_DAY_SUFFIX} (?:of )?{_MON}(?:,? {_YEAR})?\b"
        ),
    ),
    (
        "wd_md",
        re.compile(
            r"\b(?:on |last |this )?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
            rf"Sunday),? {_MON} (?P<day>\d{{1,2}}){_DAY_SUFFIX}(?:,? {_YEAR})?\b"
        ),
    ),
    (
        "md",
        re.compile(
            rf"\b{_MON} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>(?:19|20)\d\d))?\b"
        ),
    ),
    (
        "dm",
        re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MON}(?:,? (?P<year>(?:19|20)\d\d))?\b"
        ),
    ),
    (
        "my",
        re.compile(
            rf"\b(?:in |since |during |by |until |of |from )?{_MON},? (?P<year>(?:19|20)\d\d)\b"
        ),
    ),
    (
        "y",
        re.compile(
            r"\b(?P<prep>[Ii]n|[Ss]ince|[Dd]uring|[Bb]y|[Uu]ntil|[Ff]rom|[Tt]hroughout|of|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?P<year>(?:19|20)\d\d)\b"
        ),
    ),
    (
        # "in October", "since mid-March", "early June": the month of the report's
        # year (of the year before, when that month is still to come)
        "m",
        re.compile(
            rf"\b(?P<prep>[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Ee]arly|[Ll]ate|[Mm]id-|[Ii]n mid-|"
            rf"[Ii]n early|[Ii]n late|[Ss]ince early|[Ss]ince late|[Ss]ince mid-)\s*{_MON}\b"
            r"(?!\s*\d|,? (?:19|20)\d\d)"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:on |last |this )?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "rel",
        re.compile(
            r"\b(?P<rel>last year|this year|next year|last month|this month|yesterday|today|earlier this year|in recent weeks|recently|"
            r"(?:the )?(?:previous|prior|preceding) (?:year|reporting period)|a year (?:earlier|before)|the year before)\b",
            re.I,
        ),
    ),
]


# What each pattern cannot match without (cheap tests run once per sentence,
# so that most sentences skip most patterns): every month name of ``_MON``
# starts with one of these capitalised stems, every weekday ends in "day".
_MONTH_STEM = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_REL_WORDS = ("year", "month", "day", "recent")


def _possible(text: str) -> dict[str, bool]:
    """Tell, per pattern kind, whether the pattern can match ``text`` at all."""
    year = _YEAR_DIGITS.search(text) is not None
    month = _MONTH_STEM.search(text) is not None
    digit = year or (month and any(c.isdigit() for c in text))
    low = text.lower()
    return {
        "since_start": year and "since the " in text,
        "md": month and digit,
        "dm": month and digit,
        "my": month and year,
        "y": year,
        "weekday": "day" in text,
        "rel": any(w in low for w in _REL_WORDS),
        "range_dm": month and digit,
        "range_md": month and digit,
        "range_my": month and year,
        "range_y": year,
        "m": month,
        "wd_dm": month and digit and "day" in text,
        "wd_md": month and digit and "day" in text,
    }


@dataclass(frozen=True)
class DateMention:
    """A date found in text.

    Attributes
    ----------
    start, end : int
        Offsets in the text.
    value : str or None
        ISO lexical form (``2011-02-15``, ``2011-02``, ``2011``); None when
        it cannot be resolved without inventing a year.
    datatype : str
        ``"date"``, ``"gYearMonth"`` or ``"gYear"``.
    kind : str
        ``"point"`` (when something happened), ``"since"`` (start of a
        period), ``"range"`` (from ``value`` to ``end_value``) or
        ``"vague"`` ("in recent weeks").
    text : str
        The matched surface.
    end_value : str or None
        For a range, the ISO lexical form of its last day, month or year.
    """

    start: int
    end: int
    value: str | None
    datatype: str
    kind: str
    text: str
    end_value: str | None = None


def reference_year(text: str) -> int | None:
    """Return the year a text speaks of as "this year", if it names one.

    Used when the report date is unknown: the latest explicit year of the
    text, provided the text also says "this year" (or "the current year").

    Examples
    --------
    >>> reference_year("Protests this year. Arrivals since the start of 2011.")
    2011
    >>> reference_year("Arrivals in 2011.") is None
    True
    """
    if not re.search(r"\b(?:this|the current) year\b", text, re.I):
        return None
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)]
    return max(years) if years else None


def _ymd(year: int | None, month: int, day: int, ref: dt.date | None) -> tuple[str | None, str]:
    if year is None:
        if ref is None:
            return None, "date"
        year = ref.year
        try:
            if dt.date(year, month, day) > ref + dt.timedelta(days=7):
                year -= 1
        except ValueError:
            return None, "date"
    try:
        return dt.date(year, month, day).isoformat(), "date"
    except ValueError:
        return None, "date"


def _month(name: str | None) -> int | None:
    return _MONTHS[name.lower().rstrip(".")] if name else None


def _range(
    g: dict, kind: str, ref: dt.date | None, ref_year: int | None
) -> tuple[str | None, str | None, str]:
    """Resolve the two ends of a date range (a year-less range takes the report's year)."""
    if kind == "range_y":
        first, last = int(g["year2"] or g["year3"]), int(g["year"])
        if not 0 < last - first <= 50:
            return None, None, "gYear"
        return str(first), str(last), "gYear"
    year = int(g["year"]) if g.get("year") else None
    mon1 = _month(g.get("mon2")) or _month(g.get("mon"))
    mon2 = _month(g.get("mon")) or mon1
    if kind == "range_my":
        if year is None or mon1 is None or mon2 is None or mon1 > mon2:
            return None, None, "gYearMonth"
        return f"{year:04d}-{mon1:02d}", f"{year:04d}-{mon2:02d}", "gYearMonth"
    if mon1 is None or mon2 is None:
        return None, None, "date"
    if year is None and ref is None:
        year = ref_year
    end, _ = _ymd(year, mon2, int(g["day2"]), ref)
    if end is None:
        return None, None, "date"
    end_year = int(end[:4])
    start_year = end_year - 1 if mon1 > mon2 else end_year
    try:
        start = dt.date(start_year, mon1, int(g["day"]))
    except ValueError:
        return None, None, "date"
    if start > dt.date.fromisoformat(end) or (mon1 == mon2 and int(g["day"]) >= int(g["day2"])):
        return None, None, "date"
    return start.isoformat(), end, "date"


def _weekday_date(g: dict, ref: dt.date | None, ref_year: int | None) -> str | None:
    """Resolve "Saturday 24 October": a year-less date takes the year its weekday fits."""
    month, day = _month(g["mon"]), int(g["day"])
    if g.get("year"):
        value, _ = _ymd(int(g["year"]), month, day, None)
        return value
    wd = _WEEKDAYS.index(g["wd"].lower())
    base = ref.year if ref else ref_year
    if base is None:
        return None
    for year in (base, base - 1, base + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d.weekday() == wd and (ref is None or d <= ref + dt.timedelta(days=7)):
            return d.isoformat()
    value, _ = _ymd(None if ref else base, month, day, ref)
    return value


# A date that tells when something was said, not when the event happened:
# "said on Friday that ...", "announced Tuesday", "told reporters on Monday".
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|announced|stated|reported|told\s+(?:\w+\s+){0,3}?|confirmed|added|"
    r"warned|revealed|explained|declared|disclosed|noted|wrote|published|issued)\s+(?:on\s+)?$",
    re.I,
)
_SPEECH_AFTER = re.compile(
    r"\s*,?\s*(?:that\s+)?(?:it\s+|they\s+|he\s+|she\s+|the\s+\w+\s+)?"
    r"(?:said|announced|stated|confirmed|reported|warned|revealed)\b",
    re.I,
)


def speech_date(text: str, d: DateMention) -> bool:
    """Tell whether a date tells when something was said (not when it happened).

    Examples
    --------
    >>> t = "Police said on Friday that officers had arrested 12 people on Wednesday."
    >>> [speech_date(t, d) for d in find_dates(t, dt.date(2024, 5, 10))]
    [True, False]
    """
    if _SPEECH_BEFORE.search(text[max(0, d.start - 40) : d.start]):
        return True
    return d.kind == "point" and bool(_SPEECH_AFTER.match(text, d.end)) and d.start < 30


# a press release's dateline: "GENEVA (21 July 2023) –", "WASHINGTON, May 4, 2021 —",
# "THE HAGUE (NL), 12 June 2023 -"
_DATELINE_BEFORE = re.compile(
    r"\s*[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,3}(?:\s*\([A-Z]{2,5}\))?\s*[,(]\s*"
)
_DATELINE_AFTER = re.compile(r"\s*\)?\s*[–—-]")


def dateline_date(text: str, dates: list[DateMention]) -> DateMention | None:
    """The date of a press release's dateline opening ``text``, if any.

    The release's date is when what it says was said: the statements of the
    dateline's sentence take it when they name no date of their own.

    Examples
    --------
    >>> t = "GENEVA (21 July 2023) – UN experts expressed concern about detention."
    >>> dateline_date(t, find_dates(t)).value
    '2023-07-21'
    >>> t = "On 21 July 2023 – a Friday – police arrested 12 people."
    >>> dateline_date(t, find_dates(t)) is None
    True
    """
    for d in dates:
        if d.start > 60 or d.kind != "point" or not d.value:
            continue
        if _DATELINE_BEFORE.fullmatch(text, 0, d.start) and _DATELINE_AFTER.match(text, d.end):
            return d
    return None


def event_dates(text: str, dates: list[DateMention], pos: int) -> list[DateMention]:
    """The one date of the event whose cue word is at ``pos`` (or none).

    Dates of the telling ("said on Friday") are left out; of the others, a
    range or point date nearest to the cue wins, so each fact gets one date.

    Parameters
    ----------
    text : str
        The sentence.
    dates : list of DateMention
        The sentence's dates (:func:`find_dates`).
    pos : int
        Offset of the event's cue word.

    Examples
    --------
    >>> t = "Police said on Friday that officers had arrested 12 people on Wednesday."
    >>> [d.value for d in event_dates(t, find_dates(t, dt.date(2024, 5, 10)), 40)]
    ['2024-05-08']
    >>> t = "From 20 to 27 April 2024, police checked 300 sites."
    >>> [(d.value, d.end_value) for d in event_dates(t, find_dates(t), 30)]
    [('2024-04-20', '2024-04-27')]
    """
    cands = [
        d for d in dates if d.value and d.kind in ("point", "range") and not speech_date(text, d)
    ]
    if not cands:
        return []

    def distance(d: DateMention) -> int:
        return d.start - pos if d.start >= pos else pos - d.end

    return [min(cands, key=distance)]


_PREVIOUS = re.compile(r"previous|prior|preceding|earlier|before")


def _previous_year(found: list[DateMention], pos: int, year: int | None) -> str | None:
    """The year before the one the sentence talks about (else before ``year``)."""
    named = [
        d
        for d in found
        if d.value and d.kind == "point" and d.start < pos and d.value[:4].isdigit()
    ]
    if named:
        return str(int(max(named, key=lambda d: d.start).value[:4]) - 1)
    return str(year - 1) if year else None


def find_dates(
    text: str, report_date: dt.date | None = None, ref_year: int | None = None
) -> list[DateMention]:
    """Find and resolve dates in a sentence.

    Parameters
    ----------
    text : str
        A sentence.
    report_date : datetime.date, optional
        When the report was published; resolves "Tuesday", "last year", ...
    ref_year : int, optional
        A year to complete year-less dates when ``report_date`` is unknown.

    Returns
    -------
    list of DateMention
        In text order, overlapping matches removed.

    Examples
    --------
    >>> [(d.value, d.datatype) for d in find_dates("in March 2010 and last year", dt.date(2011, 5, 1))]
    [('2010-03', 'gYearMonth'), ('2010', 'gYear')]
    >>> [d.value for d in find_dates("on February 15")]
    [None]
    >>> [d.value for d in find_dates("on February 15", ref_year=2011)]
    ['2011-02-15']
    >>> [d.value for d in find_dates("145 in 2022, compared with 243 the previous year")]
    ['2022', '2021']
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    ref = report_date
    possible = _possible(text)
    for kind, rx in _PATTERNS:
        if not possible[kind]:
            continue
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = m.groupdict()
            value, datatype, dkind = None, "date", "point"
            end_value = None
            if kind == "since_start":
                value, dkind = f"{g['year']}-01-01", "since"
            elif kind.startswith("range"):
                value, end_value, datatype = _range(g, kind, ref, ref_year)
                if value is None and end_value is None:
                    continue
                dkind = "range"
            elif kind.startswith("wd_"):
                value = _weekday_date(g, ref, ref_year)
            elif kind in ("md", "dm"):
                month = _MONTHS[g["mon"].lower().rstrip(".")]
                year = int(g["year"]) if g.get("year") else None
                if year is None and ref is None and ref_year:
                    year = ref_year
                value, datatype = _ymd(year, month, int(g["day"]), ref)
            elif kind == "my":
                if g["mon"].lower() == "may" and not text[m.start("mon")].isupper():
                    continue
                month = _MONTHS[g["mon"].lower().rstrip(".")]
                value, datatype = f"{int(g['year']):04d}-{month:02d}", "gYearMonth"
                if m.group(0).lower().startswith("since"):
                    dkind = "since"
            elif kind == "m":
                month = _MONTHS[g["mon"].lower().rstrip(".")]
                year = ref.year if ref else ref_year
                if year is None:
                    continue
                if ref is not None and month > ref.month:
                    year -= 1
                value, datatype = f"{year:04d}-{month:02d}", "gYearMonth"
                if g["prep"].lower().startswith("since"):
                    dkind = "since"
            elif kind == "y":
                value, datatype = g["year"], "gYear"
                if g["prep"].lower() == "since":
                    dkind = "since"
            elif kind == "weekday":
                if ref is None:
                    value = None
                else:
                    back = (ref.weekday() - _WEEKDAYS.index(g["wd"].lower())) % 7
                    if back == 0 and m.group(0).lower().startswith("last "):
                        back = 7  # "last Friday" said on a Friday
                    value = (ref - dt.timedelta(days=back)).isoformat()
            else:
                rel = g["rel"].lower()
                year = ref.year if ref else ref_year
                if rel in ("in recent weeks", "recently"):
                    dkind = "vague"
                elif _PREVIOUS.search(rel):
                    value, datatype = _previous_year(found, m.start(), year), "gYear"
                elif year is None:
                    value = None
                    datatype = "gYear"
                elif rel == "last year":
                    value, datatype = str(year - 1), "gYear"
                elif rel in ("this year", "earlier this year"):
                    value, datatype = str(year), "gYear"
                elif rel == "next year":
                    value, datatype = str(year + 1), "gYear"
                elif ref is None:
                    value = None
                elif rel == "last month":
                    first = ref.replace(day=1) - dt.timedelta(days=1)
                    value, datatype = f"{first.year}-{first.month:02d}", "gYearMonth"
                elif rel == "this month":
                    value, datatype = f"{ref.year}-{ref.month:02d}", "gYearMonth"
                elif rel == "yesterday":
                    value = (ref - dt.timedelta(days=1)).isoformat()
                elif rel == "today":
                    value = ref.isoformat()
            taken.append((m.start(), m.end()))
            found.append(
                DateMention(m.start(), m.end(), value, datatype, dkind, m.group(0), end_value)
            )
    return sorted(found, key=lambda d: d.start)
