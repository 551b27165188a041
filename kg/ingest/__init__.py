"""Ingest: turn input files of any supported format into ``Paper`` records.

>>> from kg.ingest import read
>>> papers = read([Path("dump.txt"), Path("feed.xml")])        # doctest: +SKIP
>>> papers = read([Path("refs.bib")], format="bibtex")         # doctest: +SKIP

Each format is a reader module that registers itself by name (see
``kg.ingest.registry``); a file's format is detected from its content, never
its name, unless ``format`` is given. The papers of all files are merged (see
``kg.ingest.merge``): one Paper per paper, ``sources`` listing every file it
came from. Paper ids are described in ``kg.ingest.ids``.

Every problem with an input is an ``IngestError`` (a ValueError) whose message
starts with the file and line: ``data.jsonl:12: invalid JSON (...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

# The built-in readers register themselves on import.
from kg.ingest import arxiv_snapshot, atom, bibtex, csv, dailypapers, jsonl  # noqa: F401
from kg.ingest.common import read_head
from kg.ingest.merge import merge
from kg.ingest.registry import (
    IngestError,
    Reader,
    format_names,
    get_reader,
    readers,
    register,
)
from kg.records import Paper

__all__ = ["FORMATS", "IngestError", "Reader", "detect", "read", "read_file", "register"]

#: The built-in format names, in detection order.
FORMATS: tuple[str, ...] = format_names()


def read(paths: Iterable[str | Path], format: str | None = None) -> list[Paper]:
    """The papers of all ``paths``, duplicates merged, in order of first appearance.

    A directory stands for the files in it (sorted, hidden files skipped).
    Each file's format is detected from its content unless ``format`` names it.
    """
    papers: list[Paper] = []
    for path in _files(paths):
        papers.extend(read_file(path, format))
    return merge(papers)


def read_file(path: str | Path, format: str | None = None) -> Iterator[Paper]:
    """The papers of one file exactly as its reader yields them, unmerged."""
    path = Path(path)
    reader = get_reader(format) if format else get_reader(detect(path))
    return reader.read(path)


def detect(path: str | Path) -> str:
    """The format name of a file, judged from its first 64 KiB.

    Readers are asked in priority order (see ``kg.ingest.registry``) and the
    first whose ``sniff`` accepts the text wins.
    """
    path = Path(path)
    head = read_head(path)
    # NUL bytes mean a binary file; no text sniffer should be asked about it.
    if "\0" not in head and head.strip():
        for reader in readers():
            if reader.sniff(head):
                return reader.name
    choices = ", ".join(format_names())
    raise IngestError(f"{path}: cannot detect the input format; pass --format one of: {choices}")


def _files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            children = (child for child in path.iterdir() if not child.name.startswith("."))
            yield from sorted(child for child in children if child.is_file())
        else:
            yield path
