"""Mention-level entity scores on the public corpora's test splits.

`kg eval` scores papers as ANNOTATION.md says (entities per paper, by name);
the corpora annotate mentions, so here a prediction counts when its character
span and type equal a gold mention's. SciER has no Metric type and neither
corpus separates Architecture from Method: `SCIER`/`SCIREX` say which types
are merged and which are not scored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language

from kg.evaluate import Counts
from kg.training.corpora import Example


@dataclass(frozen=True, slots=True)
class Scheme:
    """How paperkg's types line up with a corpus's."""

    merge: dict[str, str]  # our type -> the type scored
    unscored: frozenset[str] = frozenset()  # our types the corpus does not annotate


SCIER = Scheme({"Architecture": "Method"}, frozenset({"Metric"}))
SCIREX = Scheme({"Architecture": "Method"})

Mention = tuple[int, int, str]


def _mentions(spans: Iterable[Mention], scheme: Scheme) -> set[Mention]:
    return {
        (start, end, scheme.merge.get(type_, type_))
        for start, end, type_ in spans
        if type_ not in scheme.unscored
    }


def _count(gold: set[Mention], pred: set[Mention]) -> Counts:
    tp = len(gold & pred)
    return Counts(tp, len(pred) - tp, len(gold) - tp)


@dataclass(frozen=True, slots=True)
class MentionScores:
    typed: Counts
    untyped: Counts
    by_type: dict[str, Counts]


def score_mentions(
    nlp: Language, examples: list[Example], scheme: Scheme, *, batch_size: int = 64
) -> MentionScores:
    """Run `nlp` over the examples' texts and score `doc.ents` against their
    gold mentions."""
    typed, untyped = Counts(), Counts()
    per_type: dict[str, Counts] = {}
    texts = (e.text for e in examples)
    for doc, example in zip(nlp.pipe(texts, batch_size=batch_size), examples, strict=True):
        gold = _mentions(example.spans, scheme)
        pred = _mentions(((e.start_char, e.end_char, e.label_) for e in doc.ents), scheme)
        typed += _count(gold, pred)
        untyped += _count({(*m[:2], "") for m in gold}, {(*m[:2], "") for m in pred})
        for type_ in {m[2] for m in gold | pred}:
            per_type[type_] = per_type.get(type_, Counts()) + _count(
                {m for m in gold if m[2] == type_}, {m for m in pred if m[2] == type_}
            )
    return MentionScores(typed, untyped, dict(sorted(per_type.items())))
