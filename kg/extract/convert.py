"""From an annotated Doc to the `Extraction` record of one paper.

Mentions are grouped into entities (one per paper, as ANNOTATION.md asks):
forms that normalise alike, the two forms of an acronym definition, and
forms the lexicon knows as one entry. The group's name is its most complete
form; every other form seen is an alias.
"""

from __future__ import annotations

import re
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

# Plural endings that normalize() (and so the scorer) does not undo, since it
# drops only a final -s: "top-1 accuracies" must name the entity "top-1
# accuracy" for a gold "accuracy" to match it. Only a lower-case final word:
# a name ("Mixture of Experts", "SPIES") is written as it is.
_PLURAL = re.compile(r"(?<=[a-z]{2})(?:(?P<y>ies)|(?<=ss)(?P<ss>es)|(?<=x)(?P<x>es))$")
# Words whose -ies or -es is no plural ending: "time series", "species".
_NOT_PLURAL = frozenset("series species movies cookies".split())
# Entity types whose names are common nouns, written in the singular.
_COMMON_NOUNS = frozenset({"Metric", "Task"})


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


def singular(form: str) -> str:
    """The form with a plural ending on its last word undone, where the
    plural -s that normalize() drops is not all of it.

    >>> singular("top-1 accuracies"), singular("losses"), singular("indexes")
    ('top-1 accuracy', 'loss', 'index')
    >>> singular("time series"), singular("FLOPs"), singular("Energies")
    ('time series', 'FLOPs', 'Energies')
    """
    head, space, last = form.rpartition(" ")
    if last in _NOT_PLURAL or not last.islower():
        return form
    return head + space + _PLURAL.sub(lambda m: "y" if m["y"] else "", last)


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


_SHORT_FORM_HEADS = frozenset("accuracy accuracies acc score scores error rate".split())


def _group_entities(doc: Doc) -> dict[str, list[Span]]:
    """Mentions by group root (a normalised form)."""
    groups = _Groups()
    ents = doc.ents
    texts = [span_text(ent) for ent in ents]
    # "accuracy" and "accuracies" are one entity.
    forms = [normalize(singular(text)) for text in texts]
    for ent, form in zip(ents, forms, strict=True):
        groups.find(form)
        if ent.kb_id_:
            groups.union(form, "lexicon:" + ent.kb_id_)
    ent_texts = set(texts)
    for long_, short in doc._.acronyms:
        long_text, short_text = span_text(long_), span_text(short)
        if long_text in ent_texts and short_text in ent_texts:
            groups.union(normalize(singular(long_text)), normalize(singular(short_text)))
    # "Top-1" after "Top-1 accuracy", "F1" beside "F1 score": a measure's
    # short form, when the paper names only one measure it can stand for.
    metrics = {text for ent, text in zip(ents, texts, strict=True) if ent.label_ == "Metric"}
    for text in metrics:
        longer = [m for m in metrics if m.lower().startswith(text.lower() + " ")]
        heads = {m[len(text) + 1 :].lower() for m in longer}
        if len(longer) == 1 and heads <= _SHORT_FORM_HEADS:
            groups.union(normalize(singular(text)), normalize(singular(longer[0])))
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
        kind = _type_of(mentions)
        if kind in _COMMON_NOUNS:
            name = singular(name)  # the plural as written stays an alias
        aliases = sorted({span_text(m) for m in mentions} - {name}, key=lambda f: (f.lower(), f))
        entities.append(
            Entity(
                name=name,
                type=kind,
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
    measures = {singular(r.metric_name): r.metric_name for r in doc._.results if r.metric is None}
    for result in results:
        if result.metric not in known and result.evidence is not None:
            known.add(result.metric)
            written = measures.get(result.metric, result.metric)
            entities.append(
                Entity(
                    result.metric,
                    "Metric",
                    aliases=[written] if written != result.metric else [],
                    mentions=[result.evidence],
                    confidence=result.confidence,
                )
            )
    for r in doc._.results:
        mention = r.measure_mention(doc)
        if mention is not None:
            name_of_span.setdefault((mention.start, mention.end), singular(r.metric_name))
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
            # A measure no entity names is a common noun too ("latencies").
            metric=name(r.metric) or singular(r.metric_name),
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
