"""What an ingest run says about its input: skipped records, merged
duplicates, decoding notes, counts.

Readers yield ``Problem`` and ``Note`` items between their papers, so a bad
record is reported where it occurs and reading goes on; ``kg.ingest.read``
collects them here (or, with ``strict=True``, raises at the first problem).

>>> report = IngestReport(files=4, records=308, papers=264)
>>> report.skipped.append(Problem("dump.jsonl", 2, "invalid JSON (Expecting value)"))
>>> report.summary()
'308 records in 4 files -> 264 papers; 44 duplicates merged; 1 record skipped (see report)'
>>> str(report.skipped[0])
'dump.jsonl:2: invalid JSON (Expecting value)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def locate(reason: str, path: str | None, line: int | None) -> str:
    """The one-line ``path:line: reason`` form, leaving out what is unknown.

    >>> locate("empty file", "a.txt", None), locate("bad", None, 3), locate("bad", None, None)
    ('a.txt: empty file', '3: bad', 'bad')
    """
    where = [part for part in (path, None if line is None else str(line)) if part]
    return f"{':'.join(where)}: {reason}" if where else reason


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be read: one record, or (``whole_file``) a
    whole file. ``line`` is None when no line can be blamed."""

    path: str
    line: int | None
    reason: str
    whole_file: bool = False

    def __str__(self) -> str:
        return locate(self.reason, self.path, self.line)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "reason": self.reason,
            "whole_file": self.whole_file,
        }


@dataclass(frozen=True, slots=True)
class Note:
    """Something read, but not as written: a file decoded as cp1252, a line
    whose undecodable bytes were replaced (``lossy``: strict mode refuses it),
    a file that holds no papers."""

    path: str
    line: int | None
    reason: str
    lossy: bool = False

    def __str__(self) -> str:
        return locate(self.reason, self.path, self.line)


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A paper merged from ``count`` records (2 or more)."""

    id: str
    title: str
    sources: list[str]
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "sources": self.sources, "count": self.count}


@dataclass(slots=True)
class IngestReport:
    """The account of one or more ``read`` calls (each call adds to it).

    ``records`` counts the valid records read, before merging, so
    ``records - papers`` records were folded into duplicates.
    """

    files: int = 0
    records: int = 0
    papers: int = 0
    skipped: list[Problem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def merged(self) -> int:
        """How many records were folded into an earlier record of the same paper."""
        return sum(duplicate.count - 1 for duplicate in self.duplicates)

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON object, keys in a fixed order."""
        return {
            "files": self.files,
            "records": self.records,
            "papers": self.papers,
            "duplicates_merged": self.merged,
            "skipped": [problem.to_json() for problem in self.skipped],
            "duplicates": [duplicate.to_json() for duplicate in self.duplicates],
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """One line for the terminal.

        >>> IngestReport(files=1, records=1, papers=1).summary()
        '1 record in 1 file -> 1 paper'
        """
        merged = self.merged or self.records - self.papers
        parts = [
            f"{_count(self.records, 'record')} in {_count(self.files, 'file')}"
            f" -> {_count(self.papers, 'paper')}"
        ]
        if merged:
            parts.append(f"{_count(merged, 'duplicate')} merged")
        bad_files = sum(1 for problem in self.skipped if problem.whole_file)
        bad_records = len(self.skipped) - bad_files
        skipped = [
            f"{_count(n, noun)} skipped"
            for n, noun in ((bad_records, "record"), (bad_files, "file"))
        ]
        skipped = [text for text, n in zip(skipped, (bad_records, bad_files), strict=True) if n]
        if skipped:
            parts.append(", ".join(skipped) + " (see report)")
        return "; ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
