"""What the readers share: reading files, and turning fields into a Paper.

Every reader ends in ``make_paper``, so the rules for a valid paper (a title
and an abstract, cleaned whitespace, a stable id) live in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from kg.ingest.ids import paper_id
from kg.ingest.registry import IngestError
from kg.ingest.text import clean, parse_date, split_names
from kg.records import Paper

# Enough to see a header row, a first JSON record or the start of a page dump.
HEAD_CHARS = 64 * 1024


def read_head(path: Path) -> str:
    """The start of a file as text, for sniffing; undecodable bytes become U+FFFD."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(HEAD_CHARS)
    except OSError as err:
        raise IngestError(f"cannot read ({err.strerror or err})", path) from None
    return raw.decode("utf-8", errors="replace").removeprefix("\ufeff")


def read_text(path: Path) -> str:
    """A whole file as text; IngestError at the offending line if it is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise IngestError(f"cannot read ({err.strerror or err})", path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        reason = f"not UTF-8 text (byte 0x{raw[err.start]:02x}); convert the file to UTF-8"
        raise IngestError(reason, path, line) from None
    # Universal newlines, as a text-mode open would give.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_at(text: str, offset: int) -> int:
    """The 1-based line number of a character offset.

    >>> line_at("a\\nb\\nc", 2)
    2
    """
    return text.count("\n", 0, offset) + 1


def make_paper(
    path: Path,
    line: int,
    *,
    title: str | None,
    abstract: str | None,
    ids: Iterable[str | None] = (),
    sources: Iterable[str] = (),
    authors: Iterable[str] = (),
    n_authors: int | None = None,
    date: str | None = None,
    url: str | None = None,
    categories: Iterable[str] = (),
) -> Paper:
    """A validated Paper, or IngestError at ``path:line`` if title or abstract is empty.

    ``ids`` are the record's identifying strings (see ``ids.paper_id``);
    ``sources`` defaults to the file's basename.
    """
    title = clean(title or "")
    abstract = clean(abstract or "")
    if not title:
        raise IngestError("record has no title", path, line)
    if not abstract:
        raise IngestError(f"record has no abstract (title {_short(title)!r})", path, line)
    names = tuple(name for name in map(clean, authors) if name)
    return Paper(
        id=paper_id(title, ids),
        title=title,
        abstract=abstract,
        sources=tuple(sorted(set(sources))) or (path.name,),
        authors=names,
        n_authors=n_authors,
        date=date,
        url=clean(url or "") or None,
        categories=tuple(dict.fromkeys(c for c in map(clean, categories) if c)),
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- flat records (JSON objects, CSV rows) -----------------------------------

# Accepted names of each field, as compared by ``field_key``. The first name
# present wins when a record has several.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "papertitle"),
    "abstract": ("abstract", "summary", "paperabstract"),
    "ids": ("id", "paperid", "arxivid", "arxiv", "eprint", "doi", "url", "link", "absurl"),
    "date": ("date", "published", "publishedat", "publicationdate", "pubdate", "updatedate"),
    "authors": ("authors", "author", "authornames"),
    "url": ("url", "link", "absurl"),
    "categories": ("categories", "category", "subjects"),
    "n_authors": ("nauthors", "numauthors"),
    "sources": ("sources",),
}
_NOT_ALNUM = re.compile(r"[\W_]+")


def field_key(name: str) -> str:
    """How a column or key name is compared: casefolded, alphanumerics only.

    >>> field_key("Paper Title"), field_key("arxiv_id"), field_key("publishedAt")
    ('papertitle', 'arxivid', 'publishedat')
    """
    return _NOT_ALNUM.sub("", name.casefold())


def record_to_paper(record: Mapping[str, object], path: Path, line: int) -> Paper:
    """A Paper from a flat record (a JSON object or a CSV row as a dict).

    Extra keys (annotations, ``entities``...) are ignored, and the fields that
    ``Paper.to_json`` writes are read back, so paperkg's own JSON Lines files
    round-trip. A nested ``paper`` object (the Hugging Face API shape) is read
    as if its keys were at the top level.
    """
    nested = record.get("paper")
    if isinstance(nested, Mapping) and "title" not in record:
        record = {**record, **nested}
    fields = {field_key(key): value for key, value in record.items()}

    def first(field: str) -> object:
        values = (fields.get(key) for key in FIELD_NAMES[field])
        return next((value for value in values if value not in (None, "")), None)

    return make_paper(
        path,
        line,
        title=_text(first("title"), "title", path, line),
        abstract=_text(first("abstract"), "abstract", path, line),
        ids=[_string(fields.get(key)) for key in FIELD_NAMES["ids"]],
        sources=_strings(first("sources")),
        authors=_authors(first("authors")),
        n_authors=_count(first("n_authors")),
        date=_date(first("date")),
        url=_string(first("url")),
        categories=_categories(first("categories")),
    )


def _text(value: object, field: str, path: Path, line: int) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise IngestError(f"{field} must be a string, not {type(value).__name__}", path, line)


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _authors(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return split_names(value)
    if isinstance(value, list):
        # Either names, or objects with a "name" (the Hugging Face API shape).
        names = (item.get("name") if isinstance(item, dict) else item for item in value)
        return tuple(name for name in names if isinstance(name, str))
    return ()


def _count(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _date(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a bare year
    return parse_date(value) if isinstance(value, str) else None


def _categories(value: object) -> list[str]:
    if isinstance(value, str):
        return re.split(r"[\s,;]+", value)
    return _strings(value)
