"""BibTeX files whose entries carry an ``abstract`` field.

A small, complete parser: ``@type{key, field = value, ...}`` or with
parentheses; values in nested braces, in quotes, bare numbers or ``@string``
macros (the month names built in), joined with ``#``. ``@comment`` and
``@preamble`` blocks and any text between entries are skipped.

Fields used: title and abstract (LaTeX reduced to plain Unicode), author
(split on "and"; "Last, First" turned round), year/month or date, doi,
eprint/arxiv, url. Every entry needs a title and an abstract, as for any
other format: a reference list without abstracts is no input for paperkg.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kg.ingest.clean import collapse_whitespace, latex_to_text
from kg.ingest.common import attempt, line_at, make_paper, read_text
from kg.ingest.registry import IngestError, Item, register
from kg.ingest.text import iso_date, month_number, parse_date, strip_latex
from kg.records import Paper

_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_NAME = re.compile(r"[A-Za-z_][\w\-:.+/]*")
_NUMBER = re.compile(r"\d+")
_MONTHS = {
    name: name
    for name in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
}
_SKIPPED = frozenset({"comment", "preamble"})
_NEXT_ENTRY = re.compile(r"^[^\S\n]*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
# Where an arXiv id or DOI may hide; "journal" and "note" often say
# "arXiv preprint arXiv:2301.00001".
_ID_FIELDS = ("eprint", "arxiv", "arxivid", "doi", "url", "journal", "note", "howpublished")


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One entry: its type and key, the raw (LaTeX) field values by lowercased
    name, and the line of its ``@``."""

    type: str
    key: str
    fields: dict[str, str]
    line: int


def sniff(head: str) -> bool:
    """An ``@type{`` entry at the start of a line."""
    return re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", head, re.MULTILINE) is not None


@register("bibtex", sniff=sniff, priority=20)
def read(path: Path) -> Iterator[Item]:
    """The papers of a BibTeX file, in file order; a Problem for each
    malformed entry, after which reading resumes at the next entry."""
    text, notes = read_text(path)
    yield from notes
    for entry in entries(text):
        if isinstance(entry, IngestError):
            yield entry.problem(path)
        else:
            yield attempt(partial(to_paper, entry, path))


def to_paper(entry: BibEntry, path: Path) -> Paper:
    """One entry as a Paper."""
    fields = entry.fields
    # Line breaks stay for make_paper, which joins words hyphenated at them.
    return make_paper(
        path,
        entry.line,
        title=latex_to_text(fields.get("title", ""), braces=True),
        abstract=latex_to_text(fields.get("abstract", ""), braces=True),
        ids=[fields.get(name) for name in _ID_FIELDS],
        authors=split_authors(fields.get("author", "")),
        date=_date(fields),
        url=fields.get("url"),
    )


def _date(fields: dict[str, str]) -> str | None:
    if "date" in fields:
        return parse_date(fields["date"])
    year = collapse_whitespace(fields.get("year", ""))
    if not (year.isascii() and year.isdigit() and len(year) <= 4):
        return None
    month = month_number(fields.get("month", "")) if "month" in fields else None
    return iso_date(int(year), month, None)


def split_authors(text: str) -> tuple[str, ...]:
    """The names of a BibTeX author list, as "First Last".

    >>> split_authors("Vaswani, Ashish and Noam Shazeer and {Google Brain} and others")
    ('Ashish Vaswani', 'Noam Shazeer', 'Google Brain')
    """
    names = []
    for raw in _split_top_level(collapse_whitespace(text), " and "):
        parts = [strip_latex(part) for part in _split_top_level(raw, ",")]
        if len(parts) >= 2:
            # "Last, First" or "Last, Jr, First"
            last, first = parts[0], parts[-1]
            suffix = ", " + parts[1] if len(parts) == 3 else ""
            names.append(collapse_whitespace(f"{first} {last}{suffix}"))
        elif parts and parts[0] and parts[0] != "others":
            names.append(parts[0])
    return tuple(names)


def _split_top_level(text: str, separator: str) -> list[str]:
    # Braces protect separators: "{Barnes and Noble}" is one author.
    parts, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and text.startswith(separator, index):
            parts.append(text[start:index].strip())
            index = start = index + len(separator)
            continue
        index += 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


# --- the parser --------------------------------------------------------------


def parse(text: str) -> list[BibEntry]:
    """The entries of a BibTeX text; IngestError (with a line) if malformed.

    >>> [e] = parse('@string{conf = "NeurIPS"} @article{k1, title = {{BERT} Rocks},'
    ...             ' booktitle = conf # " 2019", month = jul}')
    >>> e.type, e.key, e.fields
    ('article', 'k1', {'title': '{BERT} Rocks', 'booktitle': 'NeurIPS 2019', 'month': 'jul'})
    """
    found = []
    for entry in entries(text):
        if isinstance(entry, IngestError):
            raise entry
        found.append(entry)
    return found


def entries(text: str) -> Iterator[BibEntry | IngestError]:
    """The entries of a BibTeX text, and an IngestError (with a line) for
    each malformed one; after an error, parsing resumes at the next line that
    starts with ``@``."""
    macros = dict(_MONTHS)
    position = 0
    while (at := text.find("@", position)) >= 0:
        match = _ENTRY_START.match(text, at)
        if match is None:
            position = at + 1  # an "@" in free text (an e-mail address)
            continue
        try:
            entry, position = _entry(text, match, macros)
        except IngestError as err:
            yield err
            resume = _NEXT_ENTRY.search(text, at + 1)
            position = len(text) if resume is None else resume.start()
            continue
        if entry is not None:
            yield entry


def _entry(text: str, match: re.Match[str], macros: dict[str, str]) -> tuple[BibEntry | None, int]:
    """The entry (None for @string, @comment, @preamble) whose start
    ``match`` found, and the position after it; ``macros`` learn @strings."""
    kind, opener = match[1].lower(), match[2]
    closer = "}" if opener == "{" else ")"
    line = line_at(text, match.start())
    if kind in _SKIPPED:
        return None, _skip_block(text, match.end() - 1, line)
    if kind == "string":
        fields, position = _fields(text, match.end(), closer, macros, line)
        macros.update(fields)
        return None, position
    key, position = _key(text, match.end(), closer)
    fields, position = _fields(text, position, closer, macros, line)
    return BibEntry(type=kind, key=key, fields=fields, line=line), position


def _key(text: str, position: int, closer: str) -> tuple[str, int]:
    end = position
    while end < len(text) and text[end] not in ",\n" + closer:
        end += 1
    return text[position:end].strip(), (end + 1 if text[end : end + 1] == "," else end)


def _fields(
    text: str, position: int, closer: str, macros: dict[str, str], line: int
) -> tuple[dict[str, str], int]:
    """The ``name = value`` list up to ``closer``, and the position after it."""
    fields: dict[str, str] = {}
    while True:
        position = _skip_space(text, position)
        if position >= len(text):
            raise IngestError("unterminated entry (unbalanced braces?)", line=line)
        if text[position] == closer:
            return fields, position + 1
        if text[position] == ",":
            position += 1
            continue
        name = _NAME.match(text, position)
        if name is None:
            raise IngestError(
                f"expected a field name, found {text[position]!r}", line=line_at(text, position)
            )
        position = _skip_space(text, name.end())
        if text[position : position + 1] != "=":
            raise IngestError(f"expected '=' after field {name[0]!r}", line=line_at(text, position))
        value, position = _value(text, position + 1, macros, line)
        fields[name[0].lower()] = value


def _value(text: str, position: int, macros: dict[str, str], line: int) -> tuple[str, int]:
    """A field value: parts joined by ``#``, and the position after it."""
    parts = []
    while True:
        position = _skip_space(text, position)
        char = text[position : position + 1]
        if char == "{":
            end = _skip_block(text, position, line)
            parts.append(text[position + 1 : end - 1])
        elif char == '"':
            end = _quoted_end(text, position, line)
            parts.append(text[position + 1 : end - 1])
        elif number := _NUMBER.match(text, position):
            end = number.end()
            parts.append(number[0])
        elif name := _NAME.match(text, position):
            end = name.end()
            # An undefined macro stands for itself (BibTeX would warn).
            parts.append(macros.get(name[0].lower(), name[0]))
        else:
            raise IngestError("expected a field value", line=line_at(text, position))
        position = _skip_space(text, end)
        if text[position : position + 1] != "#":
            return "".join(parts), position
        position += 1


def _skip_block(text: str, position: int, line: int) -> int:
    """The position after the brace (or parenthesis) group opening at ``position``."""
    opener = text[position]
    closer = {"{": "}", "(": ")"}[opener]
    depth = 0
    for index in range(position, len(text)):
        if text[index] == opener:
            depth += 1
        elif text[index] == closer:
            depth -= 1
            if depth == 0:
                return index + 1
    raise IngestError("unterminated entry (unbalanced braces?)", line=line)


def _quoted_end(text: str, position: int, line: int) -> int:
    # Inside quotes, a brace group may hold a '"' (as in {\"o}).
    depth = 0
    for index in range(position + 1, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return index + 1
    raise IngestError("unterminated quoted value", line=line)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position
