"""Exceptions raised by tkg.

Every error that a user can cause (a missing file, malformed RDF, a SPARQL
syntax error, an endpoint that is down) is a subclass of :class:`TkgError`.
Messages are one line, name the bad file or value, and say how to fix it.
The command line prints ``error: <message>`` and exits with a non-zero code
(see :attr:`TkgError.exit_code`).

Examples
--------
>>> from graph.exceptions import ParseError, TkgError
>>> err = ParseError("facts.ttl:3: bad syntax; fix the Turtle and load again")
>>> isinstance(err, TkgError), err.exit_code
(True, 2)
"""

from __future__ import annotations

__all__ = [
    "TkgError",
    "InputError",
    "ParseError",
    "EncodingError",
    "ValidationError",
    "StoreError",
    "StoreLockedError",
    "StoreCorruptError",
    "StoreFullError",
    "QueryError",
    "EndpointError",
    "ExtractionError",
    "FormatError",
    "ExportError",
    "AnalysisError",
]


class TkgError(Exception):
    """Base class of every error tkg raises on purpose.

    Attributes
    ----------
    exit_code : int
        The process exit code the command line uses for this error.
    """

    exit_code = 1


class InputError(TkgError):
    """An input file or value is missing, unreadable or of the wrong kind."""

    exit_code = 2


class ParseError(InputError):
    """A file could not be parsed (Turtle, TriG, JSON-LD, YAML, ...)."""


class EncodingError(InputError):
    """A report is not text in a supported encoding (binary, undecodable)."""


class FormatError(InputError):
    """An unknown format name or file suffix; the message lists the known ones."""


class ValidationError(TkgError):
    """Facts violate the SHACL shapes; nothing was stored.

    Parameters
    ----------
    message : str
        One-line summary.
    violations : list of str, optional
        One line per violation: file, focus node, rule and message.
    """

    exit_code = 3

    def __init__(self, message: str, violations: list[str] | None = None):
        super().__init__(message)
        self.violations = list(violations or [])


class StoreError(TkgError):
    """The store cannot be opened, read or written."""

    exit_code = 4


class StoreLockedError(StoreError):
    """The store directory is used by another process or is read-only."""


class StoreCorruptError(StoreError):
    """The on-disk store is damaged (a bad .sst, a truncated MANIFEST, no CURRENT)."""


class StoreFullError(StoreError):
    """The disk of the store is full (or a file-size limit was hit); nothing was changed."""


class QueryError(TkgError):
    """A SPARQL query or update is malformed or failed."""

    exit_code = 5


class EndpointError(StoreError):
    """A remote SPARQL endpoint is unreachable or answered with an error."""


class ExtractionError(TkgError):
    """Text could not be turned into facts."""

    exit_code = 6


class ExportError(TkgError):
    """A graph could not be written in the requested format."""

    exit_code = 7


class AnalysisError(TkgError):
    """A network analysis could not run (for example an empty graph)."""

    exit_code = 8
