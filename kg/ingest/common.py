"""What the readers share: reading files, and turning fields into a Paper.

Every reader ends in ``make_paper``, so the rules for a valid paper (a title
and an abstract, cleaned whitespace, a stable id) live in one place.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from kg.ingest.clean import clean_text, collapse_whitespace
from kg.ingest.ids import paper_id
from kg.ingest.registry import IngestError
from kg.ingest.report import Note, Problem
from kg.ingest.text import parse_date, split_names
from kg.records import Paper

# Enough to see a header row, a first JSON record or the start of a page dump.
HEAD_CHARS = 64 * 1024
# A NUL byte this early means a binary file (or UTF-16), never a text dump.
BINARY_PROBE = 8 * 1024
#: The largest file that the formats which parse the whole text at once
#: (Daily Papers pages, BibTeX, Atom, a single JSON document) will load; the
#: line-based formats (JSON Lines, the arXiv snapshot, CSV) stream any size.
MAX_TEXT_BYTES = 200 * 1024 * 1024
#: The longest line the line-based formats accept; a longer one is skipped
#: (a 2 GB file without newlines must not become one 2 GB string).
MAX_LINE_BYTES = 16 * 1024 * 1024
# Bytes that cp1252 leaves undefined: a file with one is not cp1252 either.
_NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_CHUNK = 1024 * 1024


def read_head(path: Path) -> str:
    """The start of a file as text, for sniffing; undecodable bytes become U+FFFD."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(HEAD_CHARS)
    except OSError as err:
        raise IngestError(f"cannot read ({err.strerror or err})", path) from None
    return raw.decode("utf-8", errors="replace").removeprefix("\ufeff")


def check_file(path: Path) -> None:
    """IngestError unless ``path`` is a readable, non-empty text file."""
    try:
        with path.open("rb") as handle:
            probe = handle.read(BINARY_PROBE)
            rest = handle.read(1)
    except FileNotFoundError:
        raise IngestError("cannot read (No such file or directory)", path) from None
    except IsADirectoryError:
        raise IngestError("is a directory", path) from None
    except OSError as err:
        raise IngestError(f"cannot read ({err.strerror or err})", path) from None
    if probe.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IngestError("UTF-16 text; convert the file to UTF-8", path)
    if b"\0" in probe:
        raise IngestError("binary file (NUL bytes), not text", path)
    if not rest and not probe.decode("utf-8", errors="replace").strip(" \t\r\n\ufeff"):
        raise IngestError("empty file", path)


def file_encoding(path: Path) -> str:
    """ "utf-8" if the whole file is UTF-8, else "cp1252" if it decodes as
    cp1252, else "" (UTF-8 with replacement). Reads the file in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    cp1252 = True
    utf8 = True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            cp1252 = cp1252 and not any(byte in chunk for byte in _NOT_CP1252)
            if not utf8 and not cp1252:
                return ""
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:  # the file ends inside a character
            utf8 = False
    return "utf-8" if utf8 else "cp1252" if cp1252 else ""


def first_lines(path: Path, count: int) -> list[tuple[str, bool]]:
    """Up to ``count`` non-blank lines from the start of a file, each with
    whether it is complete (a line over ``MAX_LINE_BYTES`` is cut), for
    deciding how to read it; undecodable bytes become U+FFFD."""
    found: list[tuple[str, bool]] = []
    with path.open("rb") as handle:
        while len(found) < count and (raw := handle.readline(MAX_LINE_BYTES)):
            complete = raw.endswith(b"\n") or len(raw) < MAX_LINE_BYTES
            text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff").rstrip("\r\n")
            if text.strip():
                found.append((text, complete))
            if not complete:
                break
    return found


class TextLines:
    """The lines of a file, decoded as they are read, numbered from 1.

    UTF-8 (a BOM dropped), else cp1252 when that decodes the whole file (a
    ``Note`` says so), else UTF-8 with U+FFFD for each undecodable byte (a
    lossy ``Note`` per affected line). CR LF and lone CR end lines too, as in
    text mode. A line over ``max_line`` bytes is skipped with a ``Problem``.

    Notes and problems collect in ``pending``; a reader passes them on with
    ``drain()`` between its records.
    """

    def __init__(self, path: Path, *, whole: bool = False) -> None:
        self.path = path
        # A whole-text format has checked the file size instead.
        self.max_line = None if whole else MAX_LINE_BYTES
        self.pending: list[Problem | Note] = []
        try:
            self.encoding = file_encoding(path)
        except OSError as err:
            raise IngestError(f"cannot read ({err.strerror or err})", path) from None
        if self.encoding == "cp1252":
            self.pending.append(Note(str(path), None, "not UTF-8, read as cp1252"))

    def drain(self) -> list[Problem | Note]:
        taken, self.pending = self.pending, []
        return taken

    def __iter__(self) -> Iterator[tuple[int, str]]:
        number = 0
        with self.path.open("rb") as handle:
            for raw in self._raw_lines(handle):
                if raw is None:
                    number += 1
                    reason = f"line longer than {self.max_line} bytes, skipped"
                    self.pending.append(Problem(str(self.path), number, reason))
                    continue
                # A lone CR ends a line as well (old Mac files).
                for piece in raw.split(b"\r"):
                    number += 1
                    yield number, self._decode(piece, number)

    def _raw_lines(self, handle: BinaryIO) -> Iterator[bytes | None]:
        """Each line's bytes without its line end; None for an overlong line."""
        limit = -1 if self.max_line is None else self.max_line + 1
        raw = handle.readline(limit).removeprefix(codecs.BOM_UTF8)
        while raw:
            if self.max_line is not None and len(raw) > self.max_line:
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(_CHUNK)
                yield None
            else:
                yield raw.removesuffix(b"\n").removesuffix(b"\r")
            raw = handle.readline(limit)

    def _decode(self, raw: bytes, number: int) -> str:
        if self.encoding == "cp1252":
            return raw.decode("cp1252")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as err:
            reason = (
                f"not UTF-8 (byte 0x{raw[err.start]:02x}); undecodable bytes replaced with U+FFFD"
            )
            self.pending.append(Note(str(self.path), number, reason, lossy=True))
            return raw.decode("utf-8", errors="replace")


def read_text(path: Path) -> tuple[str, list[Problem | Note]]:
    """A whole file as text (decoded as by ``TextLines``), and its notes.

    IngestError if the file is over ``MAX_TEXT_BYTES``: the formats that need
    the whole text refuse a file that would exhaust memory.
    """
    try:
        size = path.stat().st_size
    except OSError as err:
        raise IngestError(f"cannot read ({err.strerror or err})", path) from None
    if size > MAX_TEXT_BYTES:
        raise IngestError(
            f"file too large ({_megabytes(size)}; this format is read whole, "
            f"limit {_megabytes(MAX_TEXT_BYTES)})",
            path,
        )
    lines = TextLines(path, whole=True)
    text = "\n".join(line for _, line in lines)
    return text, lines.drain()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def attempt(build: Callable[[], Paper]) -> Paper | Problem:
    """The paper that ``build`` makes, or the Problem of its IngestError (which
    ``make_paper`` always locates), so that a reader can skip the record."""
    try:
        return build()
    except IngestError as err:
        return err.problem(err.path or "")


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
    title = clean_text(title or "")
    abstract = clean_text(abstract or "")
    if not title:
        raise IngestError("record has no title", path, line)
    if not abstract:
        raise IngestError(f"record has no abstract (title {_short(title)!r})", path, line)
    names = tuple(name for name in map(collapse_whitespace, authors) if name)
    return Paper(
        id=paper_id(title, ids),
        title=title,
        abstract=abstract,
        sources=tuple(sorted(set(sources))) or (path.name,),
        authors=names,
        n_authors=n_authors,
        date=date,
        url=collapse_whitespace(url or "") or None,
        categories=tuple(dict.fromkeys(c for c in map(collapse_whitespace, categories) if c)),
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
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        # Bounded: int() refuses strings of thousands of digits.
        return int(value.strip()[:9])
    return None


def _date(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a bare year
    return parse_date(value) if isinstance(value, str) else None


def _categories(value: object) -> list[str]:
    if isinstance(value, str):
        return re.split(r"[\s,;]+", value)
    return _strings(value)
