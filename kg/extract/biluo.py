"""Entities from BILUO token tags: the decoder after the entity tagger.

The trained `tagger` writes one BILUO tag per token into `token.tag_`
("B-Method", "I-Method", "L-Method", "U-Dataset", "O"); this component, named
`ner` in the pipeline, turns the tags into `doc.ents`. A tagger decides each
token on its own, so the sequence can be invalid; it is repaired leniently:

- an I or L that continues no entity starts one;
- an entity still open at an O, B or U (or at the end) ends before it;
- the tags' types are ignored for where an entity starts and ends, and the
  entity takes its last token's type (the head noun's: "pre-/I-Architecture
  trained/I-Method transformer/L-Method" is one Method).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.attrs import TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

_OUTSIDE = "O"


def biluo_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans of a BILUO tag sequence, repaired.

    >>> biluo_spans(["B-Task", "L-Task", "O", "U-Metric", "I-Method", "L-Method", "L-Method"])
    [(0, 2, 'Task'), (3, 4, 'Metric'), (4, 6, 'Method'), (6, 7, 'Method')]
    >>> biluo_spans(["B-Task", "I-Task", "O", "I-Dataset", "B-Method", "I-Task", "L-Method"])
    [(0, 2, 'Task'), (3, 4, 'Dataset'), (4, 7, 'Method')]
    >>> biluo_spans(["O", "B-Task"])
    [(1, 2, 'Task')]
    """
    spans: list[tuple[int, int, str]] = []
    start = -1
    for i, tag in enumerate(tags):
        move = tag[:2]
        if move in ("I-", "L-"):
            if start < 0:
                start = i
            if move == "L-":
                spans.append((start, i + 1, tag[2:]))
                start = -1
            continue
        if start >= 0:
            spans.append((start, i, tags[i - 1][2:]))
            start = -1
        if move == "B-":
            start = i
        elif move == "U-":
            spans.append((i, i + 1, tag[2:]))
    if start >= 0:
        spans.append((start, len(tags), tags[-1][2:]))
    return spans


class BiluoEntities:
    """Sets `doc.ents` from the BILUO tags in `token.tag_`."""

    def __init__(self, scorer: Callable[..., dict[str, Any]] | None) -> None:
        self.scorer = scorer

    def __call__(self, doc: Doc) -> Doc:
        # The tags read at once as ids, not token by token (`token.tag_` is a
        # string lookup per token); most are "O".
        strings = doc.vocab.strings
        tags = [_OUTSIDE if i == 0 else strings[i] for i in doc.to_array(TAG).tolist()]
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in biluo_spans(tags)]
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Entity scores, as spaCy's NER reports them (the trainer keeps the
        checkpoint best on these)."""
        return self.scorer(examples, **kwargs) if self.scorer is not None else {}


@Language.factory(
    "paperkg_biluo_ents",
    default_config={"scorer": {"@scorers": "spacy.ner_scorer.v1"}},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_biluo_entities(
    nlp: Language, name: str, scorer: Callable[..., dict[str, Any]] | None
) -> BiluoEntities:
    return BiluoEntities(scorer)
