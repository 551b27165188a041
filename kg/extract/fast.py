"""Per-Doc caches of token attributes for the rule components.

Creating spaCy `Token` objects from Python (`doc[i]`, `for t in doc`) and
rebuilding sentence spans (`doc.sents`) dominate the rules' running time.
`view(doc)` reads every token's text, lower-cased form, trailing whitespace
and alphabetic flag once into plain lists; `sentences(doc)` gives the
sentence spans from boundaries read once.

The cache is keyed weakly by the Doc and holds no spans or tokens (they
would keep the Doc alive). It assumes what the pipeline guarantees: after
the sentences component, no component retokenizes a Doc or moves a sentence
boundary. A Doc whose length changed is read afresh.
"""

from __future__ import annotations

from bisect import bisect_right
from weakref import WeakKeyDictionary

from spacy.attrs import IS_ALPHA, LOWER, ORTH, SPACY
from spacy.tokens import Doc, Span


class DocView:
    """Token attributes of one Doc as lists indexed by token position."""

    __slots__ = (
        "_sent_start_of",
        "_sent_starts",
        "_text",
        "alpha",
        "length",
        "lowers",
        "spaces",
        "texts",
    )

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        self.length = len(doc)
        if self.length:
            orth, lower, alpha, spacy = doc.to_array([ORTH, LOWER, IS_ALPHA, SPACY]).T.tolist()
        else:
            orth, lower, alpha, spacy = [], [], [], []
        # token.text, token.lower_, token.is_alpha, token.whitespace_
        self.texts: list[str] = [strings[o] for o in orth]
        self.lowers: list[str] = [strings[o] for o in lower]
        self.alpha: list[bool] = [bool(a) for a in alpha]
        self.spaces: list[str] = [" " if s else "" for s in spacy]
        self._sent_starts: list[int] | None = None
        self._sent_start_of: list[int] | None = None
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The Doc's text (`doc.text`), joined once."""
        if self._text is None:
            self._text = "".join([t + s for t, s in zip(self.texts, self.spaces, strict=True)])
        return self._text

    def glued_hyphen(self, k: int) -> bool:
        """Whether token `k` is a hyphen glued to the words on both sides
        ("state-of-the-art", "GasHis-Transformer")."""
        return (
            0 < k < self.length - 1
            and self.texts[k] == "-"
            and self.spaces[k - 1] == self.spaces[k] == ""
        )

    def words(self, start: int, end: int) -> int:
        """How many words tokens `start` to `end` hold, a hyphenated word
        ("state-of-the-art") counting once."""
        return sum(
            not (self.glued_hyphen(k) or (k > start and self.glued_hyphen(k - 1)))
            for k in range(start, end)
        )

    def set_sent_starts(self, starts: list[int]) -> None:
        """Record the sentence boundaries (token indices that start one, from 0)."""
        self._sent_starts = starts
        self._sent_start_of = None

    def sent_starts(self, doc: Doc) -> list[int]:
        """The first token of each sentence, in order (as `doc.sents` has them)."""
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in doc.sents]
        return self._sent_starts

    def sent_start_of(self, doc: Doc) -> list[int]:
        """For each token, the first token of its sentence (`token.sent.start`)."""
        if self._sent_start_of is None:
            out: list[int] = []
            for start, end in self.sent_bounds(doc):
                out.extend([start] * (end - start))
            self._sent_start_of = out
        return self._sent_start_of

    def sent_bounds(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) token indices of each sentence."""
        starts = self.sent_starts(doc)
        if not starts:
            return []
        return list(zip(starts, [*starts[1:], self.length], strict=True))

    def sent_of(self, doc: Doc, i: int) -> tuple[int, int]:
        """(start, end) of the sentence holding token `i`."""
        starts = self.sent_starts(doc)
        k = bisect_right(starts, i) - 1
        return starts[k], starts[k + 1] if k + 1 < len(starts) else self.length


_VIEWS: WeakKeyDictionary[Doc, DocView] = WeakKeyDictionary()


def view(doc: Doc) -> DocView:
    """The cached `DocView` of `doc`, read now if there is none yet."""
    cached = _VIEWS.get(doc)
    if cached is None or cached.length != len(doc):
        cached = _VIEWS[doc] = DocView(doc)
    return cached


def sentences(doc: Doc) -> list[Span]:
    """The sentence spans of `doc`, like `list(doc.sents)`."""
    v = view(doc)
    return [Span(doc, start, end) for start, end in v.sent_bounds(doc)]


def span_text(span: Span) -> str:
    """`span.text`, sliced from the Doc's text rather than joined token by token."""
    if span.start >= span.end:
        return ""
    return view(span.doc).text[span.start_char : span.end_char]


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token `i`, like `doc[i].sent`."""
    start, end = view(doc).sent_of(doc, i)
    return Span(doc, start, end)
