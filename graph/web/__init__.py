"""Browser pages of tkg: the graph explorer and the SPARQL query page.

Everything they need ships with the package: the page templates in
``templates/`` and JavaScript vendored from npm in ``vendor/`` (Cytoscape.js
and YASGUI, each with its licence; see ``vendor/README.md``). Nothing is
fetched from the network when a page is opened.

Examples
--------
>>> vendor_file("cytoscape.min.js").is_file()
True
>>> sorted(p.name for p in VENDOR_DIR.glob("*.LICENSE"))
['cytoscape.LICENSE', 'yasgui.LICENSE']
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["WEB_DIR", "VENDOR_DIR", "TEMPLATE_DIR", "vendor_file", "template"]

WEB_DIR = Path(__file__).resolve().parent
VENDOR_DIR = WEB_DIR / "vendor"
TEMPLATE_DIR = WEB_DIR / "templates"


def vendor_file(name: str) -> Path:
    """Return the path of a vendored file (``cytoscape.min.js``, ``yasgui.min.js``, ...).

    Examples
    --------
    >>> vendor_file("yasgui.min.css").suffix
    '.css'
    """
    path = VENDOR_DIR / name
    if path.parent != VENDOR_DIR or not path.is_file():
        known = ", ".join(sorted(p.name for p in VENDOR_DIR.iterdir() if p.is_file()))
        raise FileNotFoundError(f"no vendored file {name!r}; known: {known}")
    return path


def template(name: str) -> str:
    """Return the text of a page template.

    Examples
    --------
    >>> "__TKG_DATA__" in template("explorer.html")
    True
    """
    return (TEMPLATE_DIR / name).read_text(encoding="utf-8")
