"""Resolution: the entities of many papers merged into the concepts of a corpus.

Two per-paper entities are one concept when a name or alias of one
normalises (kg.names.normalize) to a name or alias of the other. Short
aliases are often ambiguous across papers ("MSS" is music source separation
in one abstract and something else in another), so an alias that different
papers attach to different names does not merge anything.

>>> from kg.records import Entity, Extraction, Paper
>>> a = Extraction(Paper("a", "A", "..."), [Entity("Long Short-Term Memory", "Architecture",
...                                                ["LSTM"])])
>>> b = Extraction(Paper("b", "B", "..."), [Entity("LSTMs", "Architecture")])
>>> corpus = resolve([a, b])
>>> [(c.name, c.aliases, c.papers) for c in corpus.concepts.values()]
[('Long Short-Term Memory', ['LSTM', 'LSTMs'], ['a', 'b'])]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.names import normalize
from kg.records import ENTITY_TYPES, Concept, Corpus, Entity, EntityType, Extraction


def _keys(entity: Entity) -> set[str]:
    return {normalize(entity.name)} | {normalize(a) for a in entity.aliases}


def ambiguous_aliases(extractions: Iterable[Extraction]) -> set[str]:
    """Alias keys that different entities tie to different names, and that
    are nobody's name."""
    names_by_alias: dict[str, set[str]] = defaultdict(set)
    name_keys: set[str] = set()
    for extraction in extractions:
        for entity in extraction.entities:
            name = normalize(entity.name)
            name_keys.add(name)
            for alias in entity.aliases:
                names_by_alias[normalize(alias)].add(name)
    return {
        key
        for key, names in names_by_alias.items()
        if len(names - {key}) > 1 and key not in name_keys
    }


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        while root != self.parent[root]:
            root = self.parent[root]
        self.parent[key] = root
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key becomes the root so the result is order-free.
            self.parent[max(ra, rb)] = min(ra, rb)


def _preferred_name(names: Counter[str]) -> str:
    """The name most papers use; then the longest; then alphabetical."""
    return min(names, key=lambda n: (-names[n], -len(n), n))


def _majority_type(types: Counter[EntityType]) -> EntityType:
    return min(types, key=lambda t: (-types[t], ENTITY_TYPES.index(t)))


def resolve(extractions: list[Extraction]) -> Corpus:
    """Merge the entities of `extractions` into corpus-wide concepts."""
    blocked = ambiguous_aliases(extractions)
    groups = _UnionFind()
    for extraction in extractions:
        for entity in extraction.entities:
            name = normalize(entity.name)
            groups.find(name)
            for key in _keys(entity) - blocked:
                groups.union(name, key)

    names: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[EntityType]] = defaultdict(Counter)
    forms: dict[str, set[str]] = defaultdict(set)
    papers: dict[str, set[str]] = defaultdict(set)
    proposers: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        paper_id = extraction.paper.id
        for entity in extraction.entities:
            root = groups.find(normalize(entity.name))
            names[root][entity.name] += 1
            types[root][entity.type] += 1
            forms[root].update([entity.name, *entity.aliases])
            papers[root].add(paper_id)
            if entity.proposed:
                proposers[root].add(paper_id)

    concepts: dict[str, Concept] = {}
    key_of_root: dict[str, str] = {}
    for root in sorted(names):
        name = _preferred_name(names[root])
        key = normalize(name)
        key_of_root[root] = key
        concepts[key] = Concept(
            key=key,
            name=name,
            type=_majority_type(types[root]),
            aliases=sorted(forms[root] - {name}, key=lambda f: (f.lower(), f)),
            papers=sorted(papers[root]),
            proposed_by=sorted(proposers[root]),
        )
    links = {
        (x.paper.id, entity.name): key_of_root[groups.find(normalize(entity.name))]
        for x in extractions
        for entity in x.entities
    }
    return Corpus(extractions=extractions, concepts=dict(sorted(concepts.items())), links=links)
