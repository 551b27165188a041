"""Acronym definitions: "Hybrid Transformer Demucs (HT Demucs)".

The long form and the short form name one entity; the component records each
definition on `doc._.acronyms` as (long form, short form) span pairs. The
matching of letters to words follows Schwartz & Hearst (PSB 2003), the
standard baseline for biomedical and scientific abbreviation detection.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract import extensions  # noqa: F401  (registers the Doc extensions)  (registers doc._.acronyms)
from kg.extract.fast import view

_MAX_SHORT_TOKENS = 3


def is_short_form(text: str) -> bool:
    """A plausible abbreviation: 2-12 chars, starts alphanumeric, has a capital.

    >>> is_short_form("HT Demucs"), is_short_form("LSTM"), is_short_form("e.g.")
    (True, True, False)
    """
    return (
        2 <= len(text) <= 12
        and text[0].isalnum()
        and any(c.isupper() for c in text)
        and len(text.split()) <= 2
    )


def long_form_start(short: str, candidate: str) -> int | None:
    """Where in `candidate` the long form of `short` begins, or None.

    Each letter of the short form is matched right to left in the candidate,
    and the first letter must begin a word.

    >>> c = "we introduce Hybrid Transformer Demucs"
    >>> c[long_form_start("HT Demucs", c):]
    'Hybrid Transformer Demucs'
    >>> long_form_start("XYZ", "a long short-term memory") is None
    True
    """
    s, i = len(short) - 1, len(candidate) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while i >= 0 and (
            candidate[i].lower() != char or (s == 0 and i > 0 and candidate[i - 1].isalnum())
        ):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return candidate.rfind(" ", 0, i + 1) + 1


def _repeated_initial(candidate: str, offset: int, extra: int) -> int:
    """Where a long form starts whose initial a digit repeats: "S3Conv"
    counts three words in S, "i2RMB" two in I.

    >>> c = "a Spatial-Spectral Separable Convolution"
    >>> c[_repeated_initial(c, c.index("Separable"), 2):]
    'Spatial-Spectral Separable Convolution'
    """
    first = candidate[offset]
    for _ in range(extra):
        start = candidate.rfind(" ", 0, max(offset - 1, 0)) + 1
        if offset == 0 or candidate[start] != first or not candidate[start].isalpha():
            break
        offset = start
    return offset


_CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")"})


@Language.component("paperkg_acronyms")
def find_acronyms(doc: Doc) -> Doc:
    pairs: list[tuple[Span, Span]] = []
    texts = view(doc).texts
    n = len(texts)
    for open_, text in enumerate(texts):
        if text != "(":
            continue
        close = next(
            (j for j in range(open_ + 1, min(open_ + 2 + _MAX_SHORT_TOKENS, n)) if texts[j] == ")"),
            None,
        )
        if close is None or close == open_ + 1:
            continue
        short = doc[open_ + 1 : close]
        if not is_short_form(short.text) or open_ == 0:
            continue
        pair = _definition(doc, short)
        if pair is not None:
            pairs.append(pair)
    doc._.acronyms = pairs
    return doc


def _definition(doc: Doc, short: Span) -> tuple[Span, Span] | None:
    v = view(doc)
    sentence_start = v.sent_start_of(doc)[short.start]
    short_text = short.text
    n_letters = sum(c.isalnum() for c in short_text)
    first = max(sentence_start, short.start - 1 - min(n_letters + 5, 2 * n_letters))
    if first >= short.start - 1:
        return None  # an empty window
    window = doc[first : short.start - 1]
    offset = long_form_start(short_text, window.text)
    letters = "".join(c for c in short_text if not c.isdigit())
    if offset is None and letters != short_text and sum(c.isalpha() for c in letters) >= 2:
        # A digit counts a letter or reads as a word ("S3Conv", "i2RMB",
        # "T2T" for "Tokens-to-Token"); the long form spells no digit.
        offset = long_form_start(letters, window.text)
        if offset is not None and short_text[0].isalpha() and short_text[1].isdigit():
            offset = _repeated_initial(window.text, offset, int(short_text[1]) - 1)
    if offset is None:
        return None
    long_ = doc.char_span(window.start_char + offset, window.end_char, alignment_mode="expand")
    if long_ is None or len(long_) < 1 or long_.text.lower() == short_text.lower():
        return None
    # A long form never crosses a clause boundary.
    if any(t in _CLAUSE_BREAKS for t in v.texts[long_.start : long_.end]):
        return None
    return long_, short
