"""From an annotated Doc to the `Extraction` record of one paper.

Mentions are grouped into entities (one per paper, as ANNOTATION.md asks):
forms that normalise alike, the two forms of an acronym definition, and
forms the lexicon knows as one entry. The group's name is its most complete
form; every other form seen is an alias.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from kg.extract.fast import sentence_of, span_text
from kg.names import normalize
from kg.records import (
    Entity,
    EntityType,
    Extraction,
    Field,
    Paper,
    Relation,
    Result,
    fits_signature,
)
from kg.records import Span as Evidence

SEPARATOR = "\n\n"  # between title and abstract in the Doc's text


def paper_text(paper: Paper) -> str:
    return paper.title + SEPARATOR + paper.abstract


def evidence(paper: Paper, start: int, end: int, sentence: Span) -> Evidence:
    """Offsets into the Doc's text, turned into offsets into the paper field."""
    offset = len(paper.title) + len(SEPARATOR)
    field: Field = "title" if start < offset else "abstract"
    shift = 0 if field == "title" else offset
    text = paper_text(paper)
    return Evidence(
        field=field,
        start=start - shift,
        end=end - shift,
        text=text[start:end],
        sentence=span_text(sentence).strip(),
    )


class _Groups:
    """Union-find over surface forms: which forms name the same entity."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _group_entities(doc: Doc) -> dict[str, list[Span]]:
    """Mentions by group root (a normalised form)."""
    groups = _Groups()
    ents = doc.ents
    texts = [span_text(ent) for ent in ents]
    forms = [normalize(text) for text in texts]
    for ent, form in zip(ents, forms, strict=True):
        groups.find(form)
        if ent.kb_id_:
            groups.union(form, "lexicon:" + ent.kb_id_)
    ent_texts = set(texts)
    for long_, short in doc._.acronyms:
        long_text, short_text = span_text(long_), span_text(short)
        if long_text in ent_texts and short_text in ent_texts:
            groups.union(normalize(long_text), normalize(short_text))
    members: dict[str, list[Span]] = {}
    for ent, form in zip(ents, forms, strict=True):
        members.setdefault(groups.find(form), []).append(ent)
    return members


def _name_of(mentions: list[Span], long_forms: set[str]) -> str:
    forms = [span_text(m) for m in mentions]
    canonical = {m.kb_id_ for m in mentions if m.kb_id_}
    for preferred in (
        [f for f in forms if f in long_forms],
        [f for f in forms if f in canonical],
    ):
        if preferred:
            return max(preferred, key=len)
    # The longest form is the most complete; among equals, the first seen.
    return max(forms, key=lambda f: (len(normalize(f)), -forms.index(f)))


def _type_of(mentions: list[Span]) -> EntityType:
    lexicon = [m.label_ for m in mentions if m.kb_id_]
    votes = Counter(lexicon or [m.label_ for m in mentions])
    return votes.most_common(1)[0][0]  # type: ignore[return-value]


def to_extraction(doc: Doc, paper: Paper) -> Extraction:
    long_forms = {span_text(long_) for long_, _ in doc._.acronyms}
    entities: list[Entity] = []
    name_of_span: dict[tuple[int, int], str] = {}
    for mentions in _group_entities(doc).values():
        name = _name_of(mentions, long_forms)
        aliases = sorted({span_text(m) for m in mentions} - {name}, key=lambda f: (f.lower(), f))
        entities.append(
            Entity(
                name=name,
                type=_type_of(mentions),
                aliases=aliases,
                proposed=any(m._.proposed for m in mentions),
                mentions=[
                    evidence(paper, m.start_char, m.end_char, sentence_of(doc, m.start))
                    for m in mentions
                ],
                confidence=max(m._.confidence or 0.0 for m in mentions),
            )
        )
        for m in mentions:
            name_of_span[(m.start, m.end)] = name
    results = _results(doc, paper, name_of_span)
    # A speed-up with no metric named gets one ("speedup"); every name a
    # result or relation uses must be an entity of the paper.
    known = {e.name for e in entities}
    for result in results:
        if result.metric not in known and result.evidence is not None:
            known.add(result.metric)
            entities.append(
                Entity(
                    result.metric,
                    "Metric",
                    mentions=[result.evidence],
                    confidence=result.confidence,
                )
            )
    return Extraction(
        paper=paper,
        entities=entities,
        relations=_relations(doc, paper, name_of_span, {e.name: e.type for e in entities}),
        results=results,
    )


def _relations(
    doc: Doc, paper: Paper, names: dict[tuple[int, int], str], types: dict[str, EntityType]
) -> list[Relation]:
    out: dict[tuple[str, str, str], Relation] = {}
    for head, relation, tail, sentence, confidence in doc._.relations:
        key = (names[(head.start, head.end)], relation, names[(tail.start, tail.end)])
        # A mention's label can differ from its entity's final type (a vote
        # over all mentions); the relation must fit the entity types.
        if key[0] == key[2] or not fits_signature(relation, types[key[0]], types[key[2]]):
            continue
        if key in out and out[key].confidence >= confidence:
            continue  # stated twice: the surer reading stands
        ev = evidence(paper, sentence.start_char, sentence.end_char, sentence)
        out[key] = Relation(key[0], relation, key[2], ev, confidence)
    return list(out.values())


def _results(doc: Doc, paper: Paper, names: dict[tuple[int, int], str]) -> list[Result]:
    def name(span: Span | None) -> str | None:
        return None if span is None else names[(span.start, span.end)]

    out: list[Result] = []
    for r in doc._.results:
        result = Result(
            metric=name(r.metric) or r.metric_name,
            value=r.value,
            unit=r.unit,
            method=name(r.method),
            dataset=name(r.dataset),
            delta=r.delta,
            evidence=evidence(paper, r.start_char, r.end_char, r.sentence),
            confidence=r.confidence,
        )
        if result not in out:
            out.append(result)
    return out
