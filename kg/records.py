"""The plain records that pass between stages: ingest -> extract -> resolve -> graph.

Every record serialises to (and parses from) the JSON Lines format of
ANNOTATION.md, plus extra provenance fields, so any stage can be run,
inspected and tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

EntityType = Literal["Method", "Architecture", "Dataset", "Metric", "Task"]
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)

RelationType = Literal[
    "isA",
    "basedOn",
    "uses",
    "trainedOn",
    "evaluatedOn",
    "evaluatedWith",
    "outperforms",
    "appliedTo",
    "benchmarkFor",
]
RELATION_TYPES: tuple[RelationType, ...] = get_args(RelationType)

Field = Literal["title", "abstract"]


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as ingested: what every reader yields."""

    id: str
    title: str
    abstract: str
    # Basenames of the input files the paper was read from, sorted; a paper
    # found in several dumps lists each once.
    sources: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    # Some layouts give only a count ("• 5 authors"), not the names.
    n_authors: int | None = None
    # ISO 8601 date ("2023-07-16"), or an XSD gMonthDay ("--07-16") when the
    # page omits the year.
    date: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": self.title, "abstract": self.abstract}
        if self.sources:
            out["sources"] = list(self.sources)
        if self.authors:
            out["authors"] = list(self.authors)
        if self.n_authors is not None:
            out["n_authors"] = self.n_authors
        for key in ("date", "url"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.categories:
            out["categories"] = list(self.categories)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Paper:
        return cls(
            id=str(data["id"]),
            title=str(data.get("title") or ""),
            abstract=str(data.get("abstract") or ""),
            sources=tuple(data.get("sources") or ()),
            authors=tuple(data.get("authors") or ()),
            n_authors=data.get("n_authors"),
            date=data.get("date"),
            url=data.get("url"),
            categories=tuple(data.get("categories") or ()),
        )


@dataclass(frozen=True, slots=True)
class Span:
    """Where a piece of evidence sits: character offsets into the paper's
    `title` or `abstract` (end exclusive), and the sentence that holds it."""

    field: Field
    start: int
    end: int
    text: str
    sentence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:
        return cls(
            field=data["field"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            sentence=data["sentence"],
        )


@dataclass(slots=True)
class Entity:
    """One distinct entity of one paper, under its canonical name."""

    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    proposed: bool = False
    mentions: list[Span] = field(default_factory=list)
    # How likely the entity is right (the measured precision of what found
    # it); 1.0 for gold annotations and hand-made records.
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "proposed": self.proposed,
            "confidence": self.confidence,
            "mentions": [m.to_json() for m in self.mentions],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entity:
        return cls(
            name=data["name"],
            type=data["type"],
            aliases=list(data.get("aliases") or []),
            proposed=bool(data.get("proposed", False)),
            mentions=[Span.from_json(m) for m in data.get("mentions") or []],
            confidence=float(data.get("confidence", 1.0)),
        )


@dataclass(frozen=True, slots=True)
class Relation:
    head: str
    relation: RelationType
    tail: str
    evidence: Span | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Result:
    """A metric value the abstract reports (n-ary: method, dataset, metric)."""

    metric: str
    value: str
    unit: str | None = None
    method: str | None = None
    dataset: str | None = None
    delta: bool = False
    evidence: Span | None = None
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "method": self.method,
            "dataset": self.dataset,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "delta": self.delta,
            "confidence": self.confidence,
        }
        if self.evidence is not None:
            out["evidence"] = self.evidence.to_json()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        ev = data.get("evidence")
        return cls(
            metric=data["metric"],
            value=str(data["value"]),
            unit=data.get("unit"),
            method=data.get("method"),
            dataset=data.get("dataset"),
            delta=bool(data.get("delta", False)),
            evidence=Span.from_json(ev) if ev else None,
            confidence=float(data.get("confidence", 1.0)),
        )


@dataclass(slots=True)
class Extraction:
    """What the extractor found in one paper: one line of extractions.jsonl.

    The line holds the paper's own fields too, so that the file is a complete
    input for the later stages (and for `kg extract` again)."""

    paper: Paper
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = self.paper.to_json()
        out["entities"] = [e.to_json() for e in self.entities]
        # ANNOTATION.md wants relations as bare triples; their evidence goes
        # in a parallel list so the triples stay in the exact format.
        out["relations"] = [[r.head, r.relation, r.tail] for r in self.relations]
        out["relation_evidence"] = [
            r.evidence.to_json() if r.evidence else None for r in self.relations
        ]
        out["relation_confidence"] = [r.confidence for r in self.relations]
        out["results"] = [r.to_json() for r in self.results]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extraction:
        triples = data.get("relations") or []
        evidence = data.get("relation_evidence") or [None] * len(triples)
        confidence = data.get("relation_confidence") or [1.0] * len(triples)
        return cls(
            paper=Paper.from_json(data),
            entities=[Entity.from_json(e) for e in data.get("entities") or []],
            relations=[
                Relation(h, r, t, Span.from_json(ev) if ev else None, float(c))
                for (h, r, t), ev, c in zip(triples, evidence, confidence, strict=False)
            ],
            results=[Result.from_json(r) for r in data.get("results") or []],
        )

    def at_least(self, min_confidence: float) -> Extraction:
        """What is left when everything below `min_confidence` is dropped; a
        relation or result naming a dropped entity goes with it.

        >>> x = Extraction(Paper("p", "T", "A"),
        ...     [Entity("BERT", "Method"), Entity("SQuAD", "Dataset", confidence=0.4)],
        ...     [Relation("BERT", "evaluatedOn", "SQuAD")])
        >>> kept = x.at_least(0.5)
        >>> [e.name for e in kept.entities], kept.relations
        (['BERT'], [])
        """
        entities = [e for e in self.entities if e.confidence >= min_confidence]
        names = {e.name for e in entities}
        return Extraction(
            paper=self.paper,
            entities=entities,
            relations=[
                r
                for r in self.relations
                if r.confidence >= min_confidence and {r.head, r.tail} <= names
            ],
            results=[
                r
                for r in self.results
                if r.confidence >= min_confidence
                and {r.metric, r.method, r.dataset} - {None} <= names
            ],
        )


@dataclass(slots=True)
class Concept:
    """A canonical entity of the whole corpus: what resolve() merges the
    per-paper entities into, and what becomes one IRI in the graph."""

    key: str  # normalised name; unique in the corpus, the basis of the IRI
    name: str  # preferred label
    type: EntityType
    aliases: list[str] = field(default_factory=list)  # every other surface form seen
    papers: list[str] = field(default_factory=list)  # ids of papers that mention it
    proposed_by: list[str] = field(default_factory=list)  # ids of papers that propose it


@dataclass(slots=True)
class Corpus:
    """The resolved corpus that the graph is built from."""

    extractions: list[Extraction]
    concepts: dict[str, Concept]  # by key
    # (paper id, entity name as written in that paper's extraction) -> concept key
    links: dict[tuple[str, str], str]

    def concept_of(self, paper_id: str, name: str) -> Concept:
        return self.concepts[self.links[(paper_id, name)]]


_SYSTEM: frozenset[EntityType] = frozenset({"Method", "Architecture"})

# (head types, tail types) of each relation: ANNOTATION.md's table.
RELATION_SIGNATURES: dict[RelationType, tuple[frozenset[EntityType], frozenset[EntityType]]] = {
    "isA": (_SYSTEM, _SYSTEM),
    "basedOn": (frozenset({"Method"}), _SYSTEM),
    "uses": (_SYSTEM, _SYSTEM),
    "trainedOn": (frozenset({"Method"}), frozenset({"Dataset"})),
    "evaluatedOn": (frozenset({"Method"}), frozenset({"Dataset"})),
    "evaluatedWith": (frozenset({"Method", "Dataset"}), frozenset({"Metric"})),
    "outperforms": (frozenset({"Method"}), frozenset({"Method"})),
    "appliedTo": (_SYSTEM, frozenset({"Task"})),
    "benchmarkFor": (frozenset({"Dataset"}), frozenset({"Task"})),
}


def fits_signature(relation: RelationType, head: EntityType, tail: EntityType) -> bool:
    heads, tails = RELATION_SIGNATURES[relation]
    return head in heads and tail in tails
