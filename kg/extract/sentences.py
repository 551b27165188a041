"""Sentence boundaries for abstracts, without a parser.

spaCy's rule-based sentencizer ends a sentence at every period; abstracts
are full of periods that do not end one ("et al.", "e.g.", "v2.0", "U.S.").
This component ends a sentence at . ! ? only when the next token starts like
a sentence, and always at a blank line (the title is its own sentence).
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.fast import view

_ENDERS = {".", "!", "?"}
_NON_FINAL = {"al.", "e.g.", "i.e.", "vs.", "cf.", "Fig.", "Eq.", "Sec.", "Tab.", "etc.", "approx."}


@Language.component("paperkg_sentences")
def split_sentences(doc: Doc) -> Doc:
    if len(doc) == 0:
        return doc
    # Setting the first token through spaCy keeps its check that a parsed
    # Doc's boundaries are not overwritten; the rest are written at once
    # (`token.is_sent_start = ...` scans the whole Doc on every call).
    doc[0].is_sent_start = True
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    starts = [0]
    for i in range(1, len(texts)):
        prev, space = texts[i - 1], spaces[i - 1]
        if "\n" in prev or "\n" in space:
            starts.append(i)
            continue
        if (prev in _ENDERS or (prev.endswith(".") and _ends_like_sentence(prev))) and (
            _starts_sentence(texts[i], space)
        ):
            starts.append(i)
    values = numpy.full((len(texts), 1), -1, dtype="int64")
    values[starts, 0] = 1
    doc.from_array([SENT_START], values.astype("uint64"))  # type: ignore[arg-type]
    v.set_sent_starts(starts)
    return doc


def _ends_like_sentence(prev: str) -> bool:
    return (
        prev.endswith(".")
        and prev not in _NON_FINAL
        and len(prev) > 1
        and prev[-2].islower()
        and prev.count(".") == 1
    )


def _starts_sentence(text: str, space_before: str) -> bool:
    if space_before == "":
        return False  # "v2.0", "e.g.the"
    first = text[0]
    if first.isupper() or first.isdigit() or first in "\"'“(":
        return True
    # A lower-case word after a period continues the sentence ("i.e. the");
    # but a title-cased model name ("iPhone", "gMLP") may start one.
    return any(c.isupper() for c in text[1:])
