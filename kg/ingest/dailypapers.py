"""Hugging Face Daily Papers page dumps: the text a browser gives for the page.

Two layouts occur, and files may mix them:

- listing blocks: a title line, the abstract paragraph, then a footer of
  "• 5 authors", "·" and a date ("Jul 16, 2023", or "Jul 11" in the current
  year, optionally followed by the upvote count); blank lines between;
- bare pairs: a title line immediately followed by its abstract line.

Around them is page chrome ("Subscribe", "Daily Papers", the page's own date
"Oct 30", ...), sometimes glued to the first title ("SubscribeHybrid
Transformers ..."). The parser does not rely on either layout. It drops the
known chrome, reads footers as metadata of the entry above them, and tells
titles from abstracts by shape and position:

- an *abstract line* is long (250+ characters or 40+ words) or is a sentence
  of 8+ words ending in a full stop;
- a *title* is a line that is not long and is directly followed (ignoring
  blank lines) by an abstract line;
- an abstract line that follows another abstract line of the same entry,
  with no footer between, is a further paragraph of that abstract.

Anything else (unknown chrome, a title whose abstract is missing) is dropped:
a title with no abstract cannot be told apart from page chrome, so this
format never yields a paper without an abstract.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg.ingest.clean import collapse_whitespace
from kg.ingest.common import attempt, make_paper, read_text
from kg.ingest.registry import Item, register
from kg.ingest.text import iso_date, month_number

# Chrome lines, compared casefolded.
_CHROME = frozenset(
    {
        "new",
        "subscribe",
        "daily papers",
        "byak and the research community",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "upvote",
        "load more",
        "view all",
        "previous",
        "next",
        "submit a paper",
        "·",
        "•",
    }
)
# Chrome that a copy-paste can glue to the start of the next line, longest
# first so that "Get trending ... once a day!" is not cut at "inbox".
_GLUED_CHROME = (
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
    "byAK and the research community",
    "Daily Papers",
    "Subscribe",
)
_CHROME_PATTERN = re.compile(r"\d+|submitted by \S+", re.IGNORECASE)
_AUTHORS = re.compile(r"[•·*-]?\s*([0-9]{1,6})\s+authors?", re.IGNORECASE)
_SEPARATOR = frozenset({"·", "•"})
# "Jul 16, 2023", "Jul 11", and either with the upvote count after it.
_DATE = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?(?:\s+\d{1,6})?")

_LONG_CHARS = 250
_LONG_WORDS = 40
_SENTENCE_WORDS = 8


@dataclass(slots=True)
class Entry:
    """One paper as the page shows it; ``line`` is the line of its title."""

    title: str
    line: int
    paragraphs: list[str] = field(default_factory=list)
    n_authors: int | None = None
    date: str | None = None
    # Set once a footer line has been seen: what follows is not abstract text.
    closed: bool = False

    @property
    def abstract(self) -> str:
        return " ".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class _Token:
    line: int
    kind: str  # "text", "authors", "separator" or "date"
    text: str = ""
    value: int | str | None = None


def parse(text: str) -> list[Entry]:
    """The entries of a page dump; never raises, and every entry has a
    non-empty title and abstract.

    >>> page = '''Subscribe
    ... Daily Papers
    ... Oct 30
    ...
    ... Tiny Transformers Learn Fast
    ...
    ... We train a very small transformer on a toy corpus and find that it reaches low loss quickly.
    ...
    ...   • 3 authors
    ... ·
    ... Jul 16, 2023 4
    ... '''
    >>> [(e.title, e.n_authors, e.date) for e in parse(page)]
    [('Tiny Transformers Learn Fast', 3, '2023-07-16')]
    """
    tokens = list(_tokens(text))
    entries: list[Entry] = []
    for index, token in enumerate(tokens):
        current = entries[-1] if entries else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "text":
            _take_text(token, following, current, entries)
        elif current is not None:
            _take_footer(token, current)
    return entries


def _take_text(
    token: _Token, following: _Token | None, current: Entry | None, entries: list[Entry]
) -> None:
    line = token.text
    # A title is never left without its abstract: the line after it is one.
    if current is not None and not current.paragraphs and is_abstract_line(line):
        current.paragraphs.append(line)
    elif (
        not is_long(line)
        and following is not None
        and following.kind == "text"
        and is_abstract_line(following.text)
    ):
        entries.append(Entry(title=line, line=token.line))
    elif current is not None and not current.closed and is_abstract_line(line):
        current.paragraphs.append(line)


def _take_footer(token: _Token, entry: Entry) -> None:
    if token.kind == "authors":
        if entry.n_authors is None:
            entry.n_authors = token.value if isinstance(token.value, int) else None
        entry.closed = True
    elif token.kind == "separator":
        entry.closed = True
    elif token.kind == "date" and entry.closed and entry.date is None:
        # Only a date inside a footer belongs to the entry; the page's own
        # date ("Oct 30" under the header) is chrome.
        entry.date = token.value if isinstance(token.value, str) else None


def _tokens(text: str) -> Iterator[_Token]:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _unglue(collapse_whitespace(raw))
        if not line:
            continue
        if line in _SEPARATOR:
            yield _Token(number, "separator")
        elif match := _AUTHORS.fullmatch(line):
            yield _Token(number, "authors", value=int(match[1]))
        elif (date := footer_date(line)) is not None:
            yield _Token(number, "date", value=date)
        elif not is_chrome(line):
            yield _Token(number, "text", text=line)


def _unglue(line: str) -> str:
    # "SubscribeHybrid Transformers ...": chrome directly followed, without a
    # space, by a capital or digit is the page header run into the first title.
    stripped = True
    while stripped:
        stripped = False
        for chrome in _GLUED_CHROME:
            rest = line[len(chrome) :]
            if line.startswith(chrome) and (rest[:1].isupper() or rest[:1].isdigit()):
                line, stripped = rest, True
    return line


def is_chrome(line: str) -> bool:
    """Whether a line is page furniture rather than paper text.

    >>> is_chrome("Daily Papers"), is_chrome("42"), is_chrome("Daily Papers Considered Harmful")
    (True, True, False)
    """
    return line.casefold() in _CHROME or _CHROME_PATTERN.fullmatch(line) is not None


def footer_date(line: str) -> str | None:
    """The date of a footer line, ISO or gMonthDay, else None.

    >>> footer_date("Jul 16, 2023"), footer_date("Jul 11"), footer_date("Jun 1, 2023 12")
    ('2023-07-16', '--07-11', '2023-06-01')
    >>> footer_date("May 21 2"), footer_date("Attention 2")
    ('--05-21', None)
    """
    match = _DATE.fullmatch(line)
    if match is None or (month := month_number(match[1])) is None:
        return None
    return iso_date(int(match[3]) if match[3] else None, month, int(match[2]))


def is_long(line: str) -> bool:
    """Too long for a title: 250+ characters or 40+ words."""
    return len(line) >= _LONG_CHARS or len(line.split()) >= _LONG_WORDS


def is_abstract_line(line: str) -> bool:
    """Whether a line reads as abstract text rather than a title.

    >>> is_abstract_line("Can Transformers Do Enumerative Geometry?")
    False
    >>> is_abstract_line("We show that small models learn the task well from few examples.")
    True
    """
    if is_long(line):
        return True
    return line.endswith(".") and len(line.split()) >= _SENTENCE_WORDS


def sniff(head: str) -> bool:
    """Plain text with at least one title/abstract pair (this is the fallback
    format, tried after every structured one)."""
    if head.lstrip()[:1] in ("{", "[", "<"):
        return False
    return bool(parse(head))


@register("dailypapers", sniff=sniff, priority=90)
def read(path: Path) -> Iterator[Item]:
    """The papers of a Daily Papers page dump, in page order."""
    text, notes = read_text(path)
    yield from notes
    for entry in parse(text):
        yield attempt(
            partial(
                make_paper,
                path,
                entry.line,
                title=entry.title,
                abstract=entry.abstract,
                n_authors=entry.n_authors,
                date=entry.date,
            )
        )
