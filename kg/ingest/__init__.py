"""Ingest: turn input files of any supported format into ``Paper`` records.

>>> from kg.ingest import read
>>> papers = read([Path("dump.txt"), Path("feed.xml")])        # doctest: +SKIP
>>> papers = read([Path("refs.bib")], format="bibtex")         # doctest: +SKIP

Each format is a reader module that registers itself by name (see
``kg.ingest.registry``); a file's format is detected from its content, never
its name, unless ``format`` is given. The papers of all files are merged (see
``kg.ingest.merge``): one Paper per paper, ``sources`` listing every file it
came from. Paper ids are described in ``kg.ingest.ids``.

Bad input never stops a run by default: a record that cannot be read (bad
JSON, no abstract, a malformed BibTeX entry) is skipped, and so is a file
that cannot be read at all (empty, binary, unknown format, XML that does not
parse); each is a ``Problem`` in the ``IngestReport`` passed as ``report``,
which also lists merged duplicates and decoding notes. With ``strict=True``
the first problem raises an ``IngestError`` (a ValueError) whose message
starts with the file and line: ``data.jsonl:12: invalid JSON (...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

# The built-in readers register themselves on import.
from kg.ingest import arxiv_snapshot, atom, bibtex, csv, dailypapers, jsonl  # noqa: F401
from kg.ingest.common import check_file, read_head
from kg.ingest.merge import merge_counted
from kg.ingest.registry import (
    IngestError,
    Reader,
    format_names,
    get_reader,
    readers,
    register,
)
from kg.ingest.report import Duplicate, IngestReport, Note, Problem
from kg.records import Paper

__all__ = [
    "FORMATS",
    "Duplicate",
    "IngestError",
    "IngestReport",
    "Note",
    "Problem",
    "Reader",
    "detect",
    "read",
    "read_file",
    "register",
]

#: The built-in format names, in detection order.
FORMATS: tuple[str, ...] = format_names()


def read(
    paths: Iterable[str | Path],
    format: str | None = None,
    *,
    strict: bool = False,
    report: IngestReport | None = None,
) -> list[Paper]:
    """The papers of all ``paths``, duplicates merged, in order of first appearance.

    A directory stands for the files in it (sorted, hidden files skipped).
    Each file's format is detected from its content unless ``format`` names it.
    Problems are skipped and added to ``report`` (when given), or, if
    ``strict``, the first one raises IngestError.
    """
    if format is not None:
        # A misspelt --format is the caller's mistake, not bad input: say so
        # once, whatever ``strict`` is, rather than skip every file.
        get_reader(format)
    report = IngestReport() if report is None else report
    records = _Counted(_papers(paths, format, strict, report))
    # Merged as they stream in, so a huge dump of repeats stays small.
    merged, counts = merge_counted(records)
    report.records += records.count
    report.papers += len(merged)
    report.duplicates.extend(
        Duplicate(paper.id, paper.title, list(paper.sources), count)
        for paper, count in zip(merged, counts, strict=True)
        if count > 1
    )
    return merged


def _papers(
    paths: Iterable[str | Path], format: str | None, strict: bool, report: IngestReport
) -> Iterator[Paper]:
    for path in _files(paths):
        if isinstance(path, Problem):
            _problem(path, strict, report)
            continue
        report.files += 1
        yield from read_file(path, format, strict=strict, report=report)


class _Counted(Iterator[Paper]):
    def __init__(self, papers: Iterator[Paper]) -> None:
        self.papers = papers
        self.count = 0

    def __next__(self) -> Paper:
        paper = next(self.papers)
        self.count += 1
        return paper


def read_file(
    path: str | Path,
    format: str | None = None,
    *,
    strict: bool = False,
    report: IngestReport | None = None,
) -> Iterator[Paper]:
    """The papers of one file exactly as its reader yields them, unmerged;
    problems handled as by ``read``."""
    path = Path(path)
    report = IngestReport() if report is None else report
    found = 0
    try:
        check_file(path)
        reader = get_reader(format) if format else get_reader(detect(path))
        for item in reader.read(path):
            if isinstance(item, Paper):
                found += 1
                yield item
            elif isinstance(item, Problem):
                _problem(item, strict, report)
            elif strict and item.lossy:
                raise IngestError(item.reason, item.path, item.line)
            else:
                report.notes.append(str(item))
    except IngestError as err:
        _problem(err.problem(path, whole_file=True), strict, report)
        return
    except RecursionError:
        # Only pathological nesting gets here (JSON and XML depth is checked).
        _problem(Problem(str(path), None, "input nested too deeply", True), strict, report)
        return
    if not found:
        report.notes.append(str(Note(str(path), None, "no papers found")))


def _problem(problem: Problem, strict: bool, report: IngestReport) -> None:
    if strict:
        raise IngestError(problem.reason, problem.path, problem.line)
    report.skipped.append(problem)


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
    raise IngestError(f"cannot detect the input format; pass --format one of: {choices}", path)


def _files(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """The files that ``paths`` stand for, and a Problem for each path that
    is neither a file nor a directory holding one."""
    for path in map(Path, paths):
        if path.is_dir():
            try:
                children = [child for child in path.iterdir() if not child.name.startswith(".")]
            except OSError as err:
                reason = f"cannot list directory ({err.strerror or err})"
                yield Problem(str(path), None, reason, whole_file=True)
                continue
            files = sorted(child for child in children if child.is_file())
            if not files:
                yield Problem(str(path), None, "directory has no files to read", whole_file=True)
            yield from files
        elif path.exists():
            yield path
        else:
            reason = "cannot read (No such file or directory)"
            yield Problem(str(path), None, reason, whole_file=True)
