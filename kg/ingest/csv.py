"""CSV (or TSV, or semicolon-separated) with a header row.

Columns are matched case-insensitively, ignoring spaces and underscores, with
the synonyms of ``common.FIELD_NAMES``: title; abstract or summary; id,
arxiv_id or doi; date or published; authors (one string: "A, B and C" or
"A; B"); url. A title and an abstract column are required.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from kg.ingest.common import FIELD_NAMES, field_key, read_text, record_to_paper
from kg.ingest.registry import IngestError, register
from kg.records import Paper

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
        keys = [field_key(cell) for cell in next(csv.reader([header], delimiter=delimiter), [])]
        if (
            len(keys) >= 2
            and all(0 < len(key) <= _MAX_HEADER_CELL for key in keys)
            and any(key in FIELD_NAMES["title"] for key in keys)
            and len(known.intersection(keys)) >= 2
        ):
            return delimiter
    return None


@register("csv", sniff=sniff, priority=50)
def read(path: Path) -> Iterator[Paper]:
    """The papers of a CSV file, one per data row."""
    text = read_text(path)
    header_line = text.lstrip("\n").partition("\n")[0]
    delimiter = header_delimiter(header_line) or ","
    rows = csv.reader(io.StringIO(text, newline=""), _dialect(text, delimiter), delimiter=delimiter)
    try:
        header = next(rows, None)
        if header is None:
            return
        line = rows.line_num
        _check_columns(header, path, line)
        for row in rows:
            start, line = line + 1, rows.line_num
            if any(cell.strip() for cell in row):
                yield record_to_paper(dict(zip(header, row, strict=False)), path, start)
    except csv.Error as err:
        raise IngestError(f"invalid CSV ({err})", path, rows.line_num) from None


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
            columns = ", ".join(cell.strip() for cell in header)
            raise IngestError(
                f"no {field} column (expected one of: {', '.join(names)}; found: {columns})",
                path,
                line,
            )
