"""Merging the papers read from several files (or twice from one file).

Two records are the same paper when they have the same id, or the same
normalised title and at least one of them has only a title-hash id (a page
dump knows no arXiv id, an API feed does). Two different arXiv ids or DOIs
under one title stay two papers: same-titled papers do exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.ingest.ids import id_strength, title_key
from kg.records import Paper


def merge(papers: Iterable[Paper]) -> list[Paper]:
    """One Paper per distinct paper, in order of first appearance.

    >>> a = Paper("title:1", "T", "Short.", sources=("a.txt",), date="--07-11")
    >>> b = Paper("arxiv:2301.00001", "T", "Longer text.", sources=("b.xml",), date="2023-07-11")
    >>> [m] = merge([a, b])
    >>> m.id, m.abstract, m.sources, m.date
    ('arxiv:2301.00001', 'Longer text.', ('a.txt', 'b.xml'), '2023-07-11')
    """
    return merge_counted(papers)[0]


def merge_counted(papers: Iterable[Paper]) -> tuple[list[Paper], list[int]]:
    """``merge``, and how many records went into each merged paper.

    >>> a, b = Paper("title:1", "T", "A."), Paper("title:2", "U", "B.")
    >>> merge_counted([a, b, a])[1]
    [2, 1]
    """
    slots: list[Paper] = []
    counts: list[int] = []
    by_id: dict[str, int] = {}
    by_title: dict[str, int] = {}
    for paper in papers:
        key = title_key(paper.title)
        slot = by_id.get(paper.id)
        if slot is None and key in by_title:
            earlier = slots[by_title[key]]
            if min(id_strength(paper.id), id_strength(earlier.id)) == 0:
                slot = by_title[key]
        if slot is None:
            slot = len(slots)
            slots.append(paper)
            counts.append(1)
        else:
            slots[slot] = combine(slots[slot], paper)
            counts[slot] += 1
        by_id.setdefault(paper.id, slot)
        by_id.setdefault(slots[slot].id, slot)
        by_title.setdefault(key, slot)
    return slots, counts


def combine(first: Paper, second: Paper) -> Paper:
    """Two records of one paper as one: the strongest id, the longer abstract,
    the union of sources, and otherwise the first non-empty value (a date with
    a year beats one without).
    """
    return Paper(
        id=second.id if id_strength(second.id) > id_strength(first.id) else first.id,
        title=first.title or second.title,
        abstract=second.abstract if len(second.abstract) > len(first.abstract) else first.abstract,
        sources=tuple(sorted(set(first.sources) | set(second.sources))),
        authors=first.authors or second.authors,
        n_authors=first.n_authors if first.n_authors is not None else second.n_authors,
        date=_better_date(first.date, second.date),
        url=first.url or second.url,
        categories=first.categories or second.categories,
    )


_PRECISION = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), 4),
    (re.compile(r"\d{4}-\d{2}"), 3),
    (re.compile(r"--\d{2}-\d{2}"), 2),
    (re.compile(r"\d{4}"), 1),
)


def _precision(date: str | None) -> int:
    if date is None:
        return -1
    return next((rank for pattern, rank in _PRECISION if pattern.fullmatch(date)), 0)


def _better_date(first: str | None, second: str | None) -> str | None:
    return second if _precision(second) > _precision(first) else first
