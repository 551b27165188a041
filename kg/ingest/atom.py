"""Atom feeds, as the arXiv API returns them.

Each ``<entry>`` gives ``<id>`` (the abs URL, hence the arXiv id),
``<title>``, ``<summary>``, ``<author><name>``, ``<published>``,
``<category term=...>``, ``<link>`` and optionally ``<arxiv:doi>``.

XML with a DTD is refused outright: entity declarations are how
"billion laughs" and external-entity attacks get in, and a feed never needs
them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from xml.parsers import expat

from kg.ingest.clean import collapse_whitespace
from kg.ingest.common import attempt, make_paper, read_text
from kg.ingest.registry import IngestError, Item, register
from kg.ingest.text import parse_date
from kg.records import Paper

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_DTD = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def sniff(head: str) -> bool:
    """An XML document whose root is an Atom ``<feed>``."""
    return re.search(r"<(?:\w+:)?feed[\s>]", head) is not None and "2005/Atom" in head


@register("atom", sniff=sniff, priority=10)
def read(path: Path) -> Iterator[Item]:
    """The papers of an Atom feed, in feed order. A feed that is not
    well-formed XML is a whole-file problem: nothing in it can be trusted."""
    text, notes = read_text(path)
    yield from notes
    try:
        root, lines = parse(text)
    except IngestError as err:
        raise err.in_file(path) from None
    for entry in root.iter(f"{ATOM}entry"):
        yield attempt(partial(to_paper, entry, path, lines.get(id(entry), 1)))


def to_paper(entry: ET.Element, path: Path, line: int) -> Paper:
    """One ``<entry>`` as a Paper."""
    entry_id = _text(entry, "id")
    published = _text(entry, "published") or _text(entry, "updated")
    return make_paper(
        path,
        line,
        title=_text(entry, "title"),
        abstract=_text(entry, "summary") or _text(entry, "content"),
        ids=[entry_id, _text(entry, "doi", ARXIV)],
        authors=[
            collapse_whitespace(name.text or "")
            for name in entry.findall(f"{ATOM}author/{ATOM}name")
        ],
        date=parse_date(published) if published else None,
        url=_link(entry) or (entry_id if entry_id and entry_id.startswith("http") else None),
        categories=[c.get("term", "") for c in entry.findall(f"{ATOM}category")],
    )


def _text(entry: ET.Element, tag: str, namespace: str = ATOM) -> str | None:
    found = entry.find(namespace + tag)
    return None if found is None else collapse_whitespace("".join(found.itertext())) or None


def _link(entry: ET.Element) -> str | None:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None


def parse(text: str) -> tuple[ET.Element, dict[int, int]]:
    """The document's root element, and the line of each element by ``id()``.

    Built with expat directly (rather than ``ET.fromstring``) because expat
    reports line numbers and lets a DTD be refused the moment it starts.
    """
    if match := _DTD.search(text):
        raise IngestError(
            "XML with a DTD or entity declarations is refused (entity expansion risk)",
            line=text.count("\n", 0, match.start()) + 1,
        )
    parser = expat.ParserCreate(namespace_separator="}")
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = builder.start(_clark(tag), {_clark(k): v for k, v in attributes.items()})
        lines[id(element)] = parser.CurrentLineNumber

    def refuse(*_: object) -> None:
        raise IngestError(
            "XML with a DTD is refused (entity expansion risk)", line=parser.CurrentLineNumber
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_clark(tag))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(text, True)
    except expat.ExpatError as err:
        raise IngestError(f"invalid XML ({expat.ErrorString(err.code)})", line=err.lineno) from None
    return builder.close(), lines


def _clark(name: str) -> str:
    # expat gives "uri}local"; ElementTree's Clark notation is "{uri}local".
    return "{" + name if "}" in name else name
