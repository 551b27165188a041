"""Sentence boundaries for abstracts, without a parser.

spaCy's rule-based sentencizer ends a sentence at every period; abstracts
are full of periods that do not end one ("et al.", "e.g.", "v2.0", "U.S.").
This component ends a sentence at . ! ? only when the next token starts like
a sentence, and always at a blank line (the title is its own sentence).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = {".", "!", "?"}
_NON_FINAL = {"al.", "e.g.", "i.e.", "vs.", "cf.", "Fig.", "Eq.", "Sec.", "Tab.", "etc.", "approx."}


@Language.component("paperkg_sentences")
def split_sentences(doc: Doc) -> Doc:
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
            continue
        prev = doc[i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = True
        elif prev.text in _ENDERS or (
            prev.text.endswith(".")
            and prev.text not in _NON_FINAL
            and len(prev.text) > 1
            and prev.text[-2].islower()
            and prev.text.count(".") == 1
        ):
            token.is_sent_start = _starts_sentence(doc, i)
        else:
            token.is_sent_start = False
    return doc


def _starts_sentence(doc: Doc, i: int) -> bool:
    token = doc[i]
    if doc[i - 1].whitespace_ == "":
        return False  # "v2.0", "e.g.the"
    first = token.text[0]
    if first.isupper() or first.isdigit() or first in "\"'“(":
        return True
    # A lower-case word after a period continues the sentence ("i.e. the");
    # but a title-cased model name ("iPhone", "gMLP") may start one.
    return any(c.isupper() for c in token.text[1:])
