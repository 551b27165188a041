"""CSV (or TSV, or semicolon-separated) with a header row.

Columns are matched case-insensitively, ignoring spaces and underscores, with
the synonyms of ``common.FIELD_NAMES``: title; abstract or summary; id,
arxiv_id or doi; date or published; authors (one string: "A, B and C" or
"A; B"); url. A title and an abstract column are required.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import partial
from itertools import chain
from pathlib import Path

from kg.ingest.common import FIELD_NAMES, TextLines, attempt, field_key, record_to_paper
from kg.ingest.registry import IngestError, Item, register
from kg.ingest.report import Problem

DELIMITERS = ",\t;|"
# A header cell is a short name, never a sentence.
_MAX_HEADER_CELL = 40


def sniff(head: str) -> bool:
    """A first line that splits into short column names, one of them a title."""
    header = head.lstrip("\n").partition("\n")[0]
    return header_delimiter(header) is not None


def header_delimiter(header: str) -> str | None:
    """The delimiter under which ``header`` reads as column names: short cells,
    a title column and at least one other known column. None if there is none.

    >>> header_delimiter("id\\tTitle\\tAbstract"), header_delimiter("Title; Summary")
    ('\\t', ';')
    >>> header_delimiter("Title, a paper") is None
    True
    """
    known = {name for names in FIELD_NAMES.values() for name in names}
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([header], delimiter=delimiter), [])
        except csv.Error:  # a stray CR or an odd quote: not a header row
            continue
        keys = [field_key(cell) for cell in cells]
        if (
            len(keys) >= 2
            and all(0 < len(key) <= _MAX_HEADER_CELL for key in keys)
            and any(key in FIELD_NAMES["title"] for key in keys)
            and len(known.intersection(keys)) >= 2
        ):
            return delimiter
    return None


@register("csv", sniff=sniff, priority=50)
def read(path: Path) -> Iterator[Item]:
    """The papers of a CSV file, one per data row, streamed; a Problem for
    each row that is not a valid paper (or that the csv module rejects)."""
    lines = TextLines(path)
    numbered = (text + "\n" for _, text in lines)
    head = _head(numbered)
    header_line = "".join(head).lstrip("\n").partition("\n")[0]
    delimiter = header_delimiter(header_line) or ","
    dialect = _dialect("".join(head), delimiter)
    rows = csv.reader(chain(head, numbered), dialect, delimiter=delimiter)
    header: list[str] | None = None
    line = 0
    while True:
        start = line + 1
        try:
            row = next(rows, None)
        except csv.Error as err:
            yield from lines.drain()
            if rows.line_num == line:  # no progress: the reader is stuck
                raise IngestError(f"invalid CSV ({err})", path, rows.line_num) from None
            yield Problem(str(path), start, f"invalid CSV ({err})")
            line = rows.line_num
            continue
        yield from lines.drain()
        if row is None:
            return
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = row
            _check_columns(header, path, line)
            continue
        yield attempt(partial(record_to_paper, dict(zip(header, row, strict=False)), path, start))


def _head(lines: Iterator[str], size: int = 16 * 1024) -> list[str]:
    """The first lines, up to ``size`` characters, for finding the dialect."""
    head: list[str] = []
    total = 0
    for line in lines:
        head.append(line)
        total += len(line)
        if total >= size:
            break
    return head


def _dialect(text: str, delimiter: str) -> csv.Dialect | type[csv.Dialect]:
    """The csv sniffer's dialect (quoting, escapes) when it agrees with the
    header on the delimiter; plain Excel CSV otherwise, since the sniffer is
    easily fooled by the commas inside abstracts."""
    try:
        sniffed = csv.Sniffer().sniff(text[: 16 * 1024], delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel
    return sniffed if sniffed.delimiter == delimiter else csv.excel


def _check_columns(header: list[str], path: Path, line: int) -> None:
    keys = {field_key(cell) for cell in header}
    for field in ("title", "abstract"):
        names = FIELD_NAMES[field]
        if not keys & set(names):
            # A quoted header cell may hold a line break; the message stays one line.
            columns = ", ".join(" ".join(cell.split()) for cell in header)
            raise IngestError(
                f"no {field} column (expected one of: {', '.join(names)}; found: {columns})",
                path,
                line,
            )
