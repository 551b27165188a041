"""The arXiv metadata snapshot (Kaggle's ``arxiv-metadata-oai-snapshot.json``).

JSON Lines with one record per paper: ``id``, ``title``, ``abstract``,
``authors`` (one LaTeX string), ``authors_parsed`` ([last, first, suffix]
lists), ``categories`` (space-separated), ``doi``, ``versions`` (with the
submission date of each) and ``update_date``. Titles and abstracts carry hard
line breaks, which are collapsed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.ingest.clean import collapse_whitespace
from kg.ingest.common import make_paper
from kg.ingest.jsonl import papers
from kg.ingest.registry import Item, register
from kg.ingest.text import parse_date, split_names, strip_latex
from kg.records import Paper

# Keys that plain paper JSON does not have; paperkg writes categories as a
# list, the snapshot as one string.
_SNAPSHOT_KEYS = ("update_date", "authors_parsed", "versions", "submitter")


def sniff(head: str) -> bool:
    """JSON whose first record has the snapshot's keys."""
    first_line = head.lstrip().partition("\n")[0]
    try:
        record = json.loads(first_line)
    except json.JSONDecodeError:
        # A first line longer than the head: look for the keys as text.
        return first_line.startswith("{") and '"update_date"' in first_line
    return isinstance(record, dict) and is_snapshot_record(record)


def is_snapshot_record(record: dict[str, Any]) -> bool:
    """An arXiv snapshot record: an ``id`` and a snapshot-only key, or a
    space-separated ``categories`` string.

    >>> is_snapshot_record({"id": "0704.0001", "categories": "hep-ph", "title": "t"})
    True
    >>> is_snapshot_record({"id": "x", "categories": ["cs.LG"], "title": "t"})
    False
    """
    if "id" not in record:
        return False
    return any(key in record for key in _SNAPSHOT_KEYS) or isinstance(record.get("categories"), str)


@register("arxiv_snapshot", sniff=sniff, priority=30)
def read(path: Path) -> Iterator[Item]:
    """The papers of a snapshot file, in file order (streamed: the snapshot
    is several GB); a Problem for each line that is not a valid record."""
    return papers(path, to_paper)


def to_paper(record: dict[str, Any], path: Path, line: int) -> Paper:
    """One snapshot record as a Paper."""
    arxiv = _string(record.get("id"))
    return make_paper(
        path,
        line,
        title=_string(record.get("title")),
        abstract=_string(record.get("abstract")),
        ids=[arxiv, _string(record.get("doi"))],
        authors=_authors(record),
        date=_first_version_date(record) or parse_date(_string(record.get("update_date")) or ""),
        url=f"https://arxiv.org/abs/{arxiv}" if arxiv else None,
        categories=(_string(record.get("categories")) or "").split(),
    )


def _authors(record: dict[str, Any]) -> tuple[str, ...]:
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and all(isinstance(name, list) for name in parsed):
        return tuple(filter(None, (_full_name(parts) for parts in parsed)))
    return split_names(strip_latex(_string(record.get("authors")) or ""))


def _full_name(parts: list[Any]) -> str:
    """[last, first, suffix] as "first last suffix".

    >>> _full_name(["Bal\\\\'azs", "C.", ""])
    'C. Balázs'
    """
    last, first, suffix = ([str(part) for part in parts] + ["", "", ""])[:3]
    return strip_latex(collapse_whitespace(f"{first} {last} {suffix}"))


def _first_version_date(record: dict[str, Any]) -> str | None:
    # The first version's submission date is when the paper appeared;
    # update_date is only the latest metadata change.
    versions = record.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        created = _string(versions[0].get("created"))
        return parse_date(created) if created else None
    return None


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None
