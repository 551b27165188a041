"""The reader registry: every input format is one module that registers itself.

A reader is two functions under a format name, like an rdflib parser plugin:

- ``read(path) -> Iterator[Paper | Problem | Note]`` turns one file into
  papers, yielding a ``Problem`` for each record it cannot read (and going
  on with the next) and a ``Note`` for what it read but not as written; a
  problem with the whole file is an ``IngestError`` raised, and

- ``sniff(head) -> bool`` says whether the first bytes of a file (decoded as
  text) look like that format.

A new format is one new module::

    from kg.ingest.registry import register

    def sniff(head: str) -> bool:
        return head.lstrip().startswith("%%MYFORMAT")

    @register("myformat", sniff=sniff, priority=60)
    def read(path: Path) -> Iterator[Paper]:
        ...

Detection (``kg.ingest.detect``) asks the readers in ``priority`` order, lowest
first, and takes the first whose ``sniff`` says yes. The built-in priorities put
the formats with the most specific signature first and plain text last:

======  ===============  ================================================
  10    atom             an XML ``<feed>`` in the Atom namespace
  20    bibtex           an ``@type{`` entry
  30    arxiv_snapshot   JSON whose first record has arXiv snapshot keys
  40    jsonl            any other JSON (lines, array, or wrapper object)
  50    csv              a delimited header row with a title column
  90    dailypapers      plain text with title/abstract pairs (the fallback)
======  ===============  ================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from kg.ingest.report import Note, Problem, locate
from kg.records import Paper

Item = Paper | Problem | Note
ReadFn = Callable[[Path], Iterable[Item]]
SniffFn = Callable[[str], bool]


class IngestError(ValueError):
    """An input file cannot be read; the message names the file and line.

    >>> str(IngestError("invalid JSON (Expecting ',' delimiter)", "data.jsonl", 12))
    "data.jsonl:12: invalid JSON (Expecting ',' delimiter)"
    >>> str(IngestError("x.bin: cannot detect the input format"))
    'x.bin: cannot detect the input format'

    ``path``, ``line`` and ``reason`` stay available separately so that a caller
    can report or skip the bad record without parsing the message.
    """

    def __init__(
        self, reason: str, path: str | PathLike[str] | None = None, line: int | None = None
    ) -> None:
        self.reason = reason
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(locate(reason, self.path, line))

    def in_file(self, path: str | PathLike[str]) -> IngestError:
        """The same error, located in ``path`` (pure parsers know only lines)."""
        return IngestError(self.reason, path, self.line)

    def problem(self, path: str | PathLike[str], *, whole_file: bool = False) -> Problem:
        """The error as a report entry, located in ``path`` unless it names a file."""
        return Problem(self.path or str(path), self.line, self.reason, whole_file)


@dataclass(frozen=True, slots=True)
class Reader:
    """One registered input format."""

    name: str
    read: ReadFn
    sniff: SniffFn
    priority: int


_READERS: dict[str, Reader] = {}


def register(name: str, *, sniff: SniffFn, priority: int = 50) -> Callable[[ReadFn], ReadFn]:
    """Register the decorated ``read`` function as the reader of format ``name``.

    Registering a name again replaces the earlier reader, so a plugin can
    override a built-in format.
    """

    def decorate(read: ReadFn) -> ReadFn:
        _READERS[name] = Reader(name=name, read=read, sniff=sniff, priority=priority)
        return read

    return decorate


def readers() -> list[Reader]:
    """All registered readers in detection order."""
    return sorted(_READERS.values(), key=lambda reader: (reader.priority, reader.name))


def format_names() -> tuple[str, ...]:
    """The registered format names, in detection order."""
    return tuple(reader.name for reader in readers())


def get_reader(name: str) -> Reader:
    """The reader registered as ``name``; IngestError naming the choices if none."""
    try:
        return _READERS[name]
    except KeyError:
        choices = ", ".join(format_names())
        raise IngestError(f"unknown format {name!r}; choose one of: {choices}") from None
