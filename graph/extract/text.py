"""Reading reports: decoding, metadata sidecars and sentence splitting.

Offsets are Python ``str`` indices into the decoded text (after a BOM is
removed), end exclusive, so ``text[s.start:s.end] == s.text``.

Examples
--------
>>> from graph.extract.text import split_sentences
>>> [s.text for s in split_sentences("Dr. Smith left. He said: \\"No.\\" Then U.S. police came.")]
['Dr. Smith left.', 'He said: "No."', 'Then U.S. police came.']
"""

from __future__ import annotations

import codecs
import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.exceptions import EncodingError, InputError

__all__ = [
    "MAX_REPORT_BYTES",
    "ReportText",
    "Sentence",
    "read_report",
    "decode_bytes",
    "split_sentences",
    "read_meta",
    "cue_regex",
]


MAX_REPORT_BYTES = 20_000_000
"""Largest report file accepted (bytes): a report is an article or a book chapter, not a corpus."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report.

    Attributes
    ----------
    index : int
        Position of the sentence in the report (0-based).
    start, end : int
        Offsets of the sentence in the decoded report text (end exclusive).
    text : str
        The sentence itself (``report_text[start:end]``).
    paragraph : int
        Index of the paragraph (block of lines separated by a line break).
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class ReportText:
    """A decoded report and what is known about it.

    Attributes
    ----------
    text : str
        The decoded text (BOM removed, line ends kept).
    path : pathlib.Path or None
        Where it was read from.
    encoding : str
        The encoding used to decode it.
    meta : dict
        Metadata from the ``<stem>.meta.yaml`` sidecar (``title``,
        ``publisher``, ``date``, ``source``, ``id``), possibly empty.
    """

    text: str
    path: Path | None = None
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode report bytes, refusing binary data.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are accepted; other
    bytes are decoded as cp1252 (or latin-1) only when they look like text.

    Parameters
    ----------
    data : bytes
        The file content.
    name : str
        The file name, for error messages.

    Returns
    -------
    (str, str)
        The text and the encoding used.

    Raises
    ------
    EncodingError
        Empty, binary or undecodable input.

    Examples
    --------
    >>> decode_bytes("Café".encode("utf-8"))
    ('Café', 'utf-8')
    >>> decode_bytes(codecs.BOM_UTF16_LE + "Hi".encode("utf-16-le"))
    ('Hi', 'utf-16')
    >>> decode_bytes("Café".encode("cp1252"))
    ('Café', 'cp1252')
    """
    if not data.strip():
        raise EncodingError(
            f"{name}: the report is empty; give a file that contains the report text"
        )
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as e:
                raise EncodingError(
                    f"{name}: starts with a {enc} byte-order mark but is not valid {enc} "
                    f"(byte {e.start}); re-save the report as UTF-8"
                ) from e
            if enc == "utf-8-sig":
                enc = "utf-8"
            return text.lstrip("\ufeff"), enc
    if b"\x00" in data:
        raise EncodingError(
            f"{name}: looks like a binary file (NUL bytes), not a text report; "
            "convert it to plain text (UTF-8) first"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    # Legacy single-byte text: accept only if it is clearly text, that is
    # mostly printable ASCII with few control bytes (accented letters are a minority).
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    ascii_text = sum(1 for b in data if 32 <= b < 127 or b in (9, 10, 13))
    if len(data) - ascii_text > max(3, 0.2 * len(data)):
        raise EncodingError(
            f"{name}: not UTF-8 and not recognisably text in another encoding "
            f"({len(data) - ascii_text} of {len(data)} bytes are not ASCII text); "
            "convert the report to UTF-8 plain text"
        ) from utf8_error
    if controls > max(2, len(data) // 1000):
        raise EncodingError(
            f"{name}: not UTF-8 and contains control bytes, so it is not text; "
            "convert the report to UTF-8 plain text"
        ) from utf8_error
    for enc in ("cp1252", "latin-1"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise EncodingError(  # pragma: no cover - latin-1 decodes every byte
        f"{name}: cannot be decoded; re-save the report as UTF-8"
    ) from utf8_error


def read_meta(path: str | Path) -> dict:
    """Read the ``<stem>.meta.yaml`` sidecar of a report, if there is one.

    The sidecar is a YAML mapping with any of ``id``, ``title``,
    ``publisher``, ``date`` (ISO date), ``source`` (URL).

    Examples
    --------
    >>> read_meta("no/such/report.txt")
    {}
    """
    p = Path(path)
    stem = p.name.split(".")[0] if p.suffix else p.name
    candidates = [p.with_name(p.stem + ".meta.yaml"), p.with_name(stem + ".meta.yaml")]
    for side in dict.fromkeys(candidates):
        if side.is_file():
            import yaml

            try:
                data = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError) as e:
                raise InputError(f"{side}: not valid YAML ({e}); fix the metadata sidecar") from e
            if not isinstance(data, dict):
                raise InputError(f"{side}: must be a YAML mapping with title/publisher/date/source")
            out = {str(k): v for k, v in data.items() if v is not None}
            if isinstance(out.get("date"), _dt.datetime):
                out["date"] = out["date"].date()
            if "date" in out and not isinstance(out["date"], _dt.date):
                try:
                    out["date"] = _dt.date.fromisoformat(str(out["date"]))
                except ValueError as e:
                    raise InputError(
                        f"{side}: date {out['date']!r} is not an ISO date; write it as YYYY-MM-DD"
                    ) from e
            return out
    return {}


def read_report(path: str | Path) -> ReportText:
    """Read and decode a report file, with its metadata sidecar.

    Parameters
    ----------
    path : str or Path
        A plain-text report.

    Returns
    -------
    ReportText

    Raises
    ------
    InputError
        The file is missing or is a directory.
    EncodingError
        The file is empty, binary or not decodable.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "r.txt")
    >>> _ = open(p, "wb").write("Europol warned.".encode("utf-8-sig"))
    >>> read_report(p).text
    'Europol warned.'
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such report file; check the path")
    if p.is_dir():
        raise InputError(f"{p}: is a directory; give a report file (.txt)")
    size = p.stat().st_size
    if size > MAX_REPORT_BYTES:
        raise InputError(
            f"{p}: the report is {size / 1e6:.1f} MB, more than the "
            f"{MAX_REPORT_BYTES / 1e6:.0f} MB limit for one report; split it into separate reports"
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot be read ({e.strerror}); check its permissions") from e
    text, enc = decode_bytes(data, str(p))
    return ReportText(text=text, path=p, encoding=enc, meta=read_meta(p))


_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "gov",
    "sen",
    "rep",
    "a.k.a",  # 'Jane Roe, a.k.a. "La Jefa",' (an alias follows)
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "approx",
    "u.s",
    "u.n",
    "u.k",
    "e.u",
    "a.m",
    "p.m",
    "mt",
    "ft",
}


def cue_regex(first: str, pattern: str, flags: int = re.I) -> re.Pattern:
    """Compile ``pattern`` behind a lookahead on the letters a match can start with.

    Python's regex engine tries a word alternation such as
    ``\\b(?:unrest|riots?)\\b`` at every position of the text; a leading
    character class ``(?=[ur])`` (case-folded like the pattern) rejects most
    positions at once. The matches are the same provided ``first`` holds the
    first letter of every alternative.

    Examples
    --------
    >>> rx = cue_regex("ur", r"\\b(?:unrest|riots?)\\b")
    >>> [m.group(0) for m in rx.finditer("Riots and unrest; no run")]
    ['Riots', 'unrest']
    """
    return re.compile(f"(?=[{first}]){pattern}", flags)


_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_PARA = re.compile(r"\n\s*")


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences with offsets.

    Line breaks end paragraphs (and sentences); inside a paragraph a
    sentence ends at ``.``/``!``/``?`` (plus closing quotes) followed by
    space and a capital letter or digit, except after common abbreviations
    and single-letter initials.

    Examples
    --------
    >>> ss = split_sentences("One.\\nTwo is here. Mr. X came.")
    >>> [(s.text, s.start, s.paragraph) for s in ss]
    [('One.', 0, 0), ('Two is here.', 5, 1), ('Mr. X came.', 18, 1)]
    """
    out: list[Sentence] = []
    pos = 0
    para = 0
    for m in list(_PARA.finditer(text)) + [None]:
        pend = m.start() if m else len(text)
        _split_paragraph(text, pos, pend, para, out)
        para += 1
        if m is None:
            break
        pos = m.end()
    return out


def _split_paragraph(text: str, start: int, end: int, para: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    cut = 0
    for m in _BOUNDARY.finditer(chunk):
        stop = m.end()
        word = re.search(r"([\w.]+)[.!?]+[\"'”’)\]]*$", chunk[cut:stop])
        closed = chunk[m.start() : stop].rstrip(".!?") != ""
        if word and chunk[m.start()] == "." and not closed:
            w = word.group(1).lower().rstrip(".")
            if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                continue
        _add(text, start + cut, start + stop, para, out)
        cut = stop
    _add(text, start + cut, end, para, out)


def _add(text: str, s: int, e: int, para: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(len(out), s, e, text[s:e], para))
