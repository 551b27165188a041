"""Names nobody listed: what a paper proposes, and names in telling contexts.

Lexicons know last year's models; each abstract introduces new ones. This
component reads the contexts where new names appear — "we propose X",
"dubbed X", a title "X: A ...", "than X", "the X dataset" — and marks them in
`doc.spans["names"]` (labelled with a type guessed from context) and the ones
the paper introduces in `doc.spans["proposed"]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.heads import type_from_head
from kg.extract.words import COMPARISONS
from kg.records import EntityType

NAMES_KEY = "names"
PROPOSED_KEY = "proposed"

_PROPOSE_VERBS = frozenset(
    "propose proposes proposed introduce introduces introduced present presents presented "
    "develop develops developed design designs designed build builds release releases "
    "releases construct constructs curate curates create creates describe describes "
    "contribute contributes".split()
)
_AUTHORS = frozenset("we paper work study article letter report".split())
_REFERRING = frozenset("refer refers referred call term denote dub".split())
_NAMING_SKIP = frozenset("as it them the".split())
# Common nouns that a capitalised modifier may precede ("a Transformer variant").
_COMMON_HEADS = frozenset(
    "variant variants model models architecture architectures block blocks layer layers module "
    "modules framework network networks method methods approach backbone encoder decoder "
    "mechanism family series version style based-model".split()
)
_NAMING_WORDS = frozenset("named dubbed termed called coined abbreviated".split())
_LIST_OPENERS = frozenset("including such e.g. like namely".split())
_DATASET_WORDS = frozenset(
    "dataset datasets benchmark benchmarks corpus corpora suite collection".split()
)
_METRIC_WORDS = frozenset("metric metrics score measure".split())
_SKIP = frozenset("a an the our novel new simple first two three".split())

# Acronyms of fields, hardware and formats, never entities of the graph.
GENERIC_ACRONYMS = frozenset(
    "AI ML DL NLP CV IR API GPU GPUs CPU CPUs TPU TPUs IoT SOTA RGB HTML URL PDF JSON XML "
    "SQL USA UK EU DNA RNA IT PhD LaTeX OK ID IDs I/O RAM HPC FPGA ASIC".split()
) | frozenset("dB GB MB KB TB kB GHz MHz kHz Hz ms TFLOPs GFLOPs".split())
_TITLE_STOPWORDS = frozenset(
    "survey review tutorial introduction towards toward beyond rethinking revisiting "
    "attention transformers transformer position perspective benchmarking".split()
)
_NAME_RE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9][\w.+\-]*$")


def is_name_like(text: str) -> bool:
    """A token that reads as a proper name: a capital inside it, letters mixed
    with digits, or an all-caps acronym ("FastViT", "Resnet101", "CMT").

    >>> [is_name_like(w) for w in ("FastViT", "Resnet101", "CMT", "Transformer", "3D", "GPU")]
    [True, True, True, False, False, False]
    """
    if text in GENERIC_ACRONYMS or not _NAME_RE.match(text):
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    inner_capital = any(c.isupper() for c in text[1:])
    has_digit = any(c.isdigit() for c in text)
    return inner_capital or (has_digit and text[0].isalpha())


def _name_run(doc: Doc, start: int, *, capitalised: bool) -> Span | None:
    """The name starting at token `start`: tokens glued without spaces
    ("Q-HyViT", "Jamba-1.5") and, with `capitalised`, following capitalised
    words ("Hybrid Transformer Demucs")."""
    end = start
    while end < len(doc):
        token = doc[end]
        glued = end > start and doc[end - 1].whitespace_ == ""
        if end == start or (glued and token.text not in {",", ".", ";", ":", "(", ")"}):
            end += 1
            continue
        if capitalised and token.text[:1].isupper() and token.is_alpha:
            end += 1
            continue
        break
    # A name does not end on a hyphen or a period.
    while end > start and doc[end - 1].text in {"-", ".", "'s"}:
        end -= 1
    if end == start:
        return None
    span = doc[start:end]
    text = span.text
    if not any(c.isupper() for c in text) or text in GENERIC_ACRONYMS:
        return None
    return span


def _type_from_context(doc: Doc, span: Span) -> EntityType:
    after = {t.lower_ for t in doc[span.end : span.end + 6]}
    before = {t.lower_ for t in doc[max(span.start - 3, 0) : span.start]}
    if (after | before) & _DATASET_WORDS or span.text.endswith(("Bench", "bench")):
        return "Dataset"
    if after & _METRIC_WORDS:
        return "Metric"
    return type_from_head(span.text) or "Method"


def _first_person(tokens: list[Token], i: int) -> bool:
    """Is the verb at `i` the paper's own act ("we propose", "this work
    introduces"), not a report of others' ("variants designed for")?"""
    return any(t.lower_ in _AUTHORS for t in tokens[max(i - 3, 0) : i])


def _name_after(doc: Doc, tokens: list[Token], j: int, skip: frozenset[str]) -> Span | None:
    while j < len(tokens) and tokens[j].lower_ in skip:
        j += 1
    if j >= len(tokens) or not tokens[j].text[:1].isupper():
        return None
    span = _name_run(doc, tokens[j].i, capitalised=True)
    # "we introduce a Transformer variant": a capitalised word before a common
    # noun is a modifier, not a name.
    if span is None or doc[span.end : span.end + 1].text.lower() in _COMMON_HEADS:
        return None
    return span


def _proposed_names(doc: Doc) -> Iterator[tuple[Span, bool]]:
    """Names in proposing or naming contexts, and whether the paper proposes them."""
    for sent in doc.sents:
        tokens = list(sent)
        proposing = [
            i
            for i, t in enumerate(tokens)
            if t.lower_ in _PROPOSE_VERBS and _first_person(tokens, i)
        ]
        for i, token in enumerate(tokens):
            if i in proposing:
                span = _name_after(doc, tokens, i + 1, _SKIP)
                if span is not None:
                    yield span, True
            elif token.lower_ in _NAMING_WORDS or (
                token.lower_ == "as"
                and any(t.lower_ in _REFERRING for t in tokens[max(i - 6, 0) : i])
            ):
                # "a phenomenon called Catastrophic Forgetting" names a thing;
                # only a sentence where the authors propose makes it theirs.
                span = _name_after(doc, tokens, i + 1, _NAMING_SKIP)
                if span is not None:
                    yield span, bool(proposing)
            elif (
                token.text == "," and i + 1 < len(tokens) and any(0 < i - p <= 8 for p in proposing)
            ):
                # "we introduce a novel operator, RepMixer, a building block ..."
                span = _name_run(doc, tokens[i + 1].i, capitalised=False)
                if span is not None and is_name_like(span.text.replace("-", "")):
                    after = doc[span.end] if span.end < len(doc) else None
                    if after is not None and after.text in {",", "(", "."}:
                        yield span, True


def _title_name(doc: Doc) -> Span | None:
    """ "FastViT: A Fast Hybrid Vision Transformer" names FastViT."""
    title = next(doc.sents)
    colon = next((t for t in title if t.text == ":"), None)
    if colon is None or colon.i - title.start > 4 or colon.i == title.start:
        return None
    span = doc[title.start : colon.i]
    words = span.text.split()
    if not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return None
    if len(words) == 1 and span.text.lower() in _TITLE_STOPWORDS:
        return None
    if len(words) > 1 and not any(is_name_like(w) for w in words):
        return None
    return span


_PRIOR_WORK_TRIGGERS = frozenset("than outperforms outperform surpasses over on upon".split())
_PRIOR_WORK_OPENERS = frozenset(
    "based built builds build extends outperforms outperform surpasses than".split()
)


def _prior_work_names(doc: Doc) -> Iterator[Span]:
    """Capitalised names right after "based on", "than", "outperforms"."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if prev.lower_ not in _PRIOR_WORK_TRIGGERS:
            continue
        if prev.lower_ in {"on", "upon", "over"} and (
            token.i < 2 or doc[token.i - 2].lower_ not in _PRIOR_WORK_OPENERS
        ):
            continue
        start = token.i + (token.lower_ == "the")
        if start < len(doc) and doc[start].text[:1].isupper() and doc[start].is_alpha:
            span = _name_run(doc, start, capitalised=True)
            if span is not None:
                yield span


def _context_names(doc: Doc) -> Iterator[Span]:
    """Name-like tokens after comparisons and in lists, and before "dataset"."""
    yield from _prior_work_names(doc)
    for token in doc:
        if not is_name_like(token.text.replace("-", "")):
            continue
        prev = doc[token.i - 1] if token.i > 0 else None
        if prev is not None and prev.whitespace_ == "" and prev.text not in {"(", "/"}:
            continue  # inside a longer glued token run; the run starts earlier
        span = _name_run(doc, token.i, capitalised=False)
        if span is None:
            continue
        window = {t.lower_ for t in doc[max(token.i - 8, token.sent.start) : token.i]}
        after = {t.lower_ for t in doc[span.end : span.end + 4]}
        if window & (COMPARISONS | _LIST_OPENERS) or after & _DATASET_WORDS:
            yield span
        elif doc[span.end : span.end + 1].text == "(" or (prev is not None and prev.text == "("):
            yield span  # named in an aside: "existing PTQ methods (EasyQuant, FQ-ViT)"


def _is_inside(token: Token, spans: list[Span]) -> bool:
    return any(s.start <= token.i < s.end for s in spans)


@Language.component("paperkg_names")
def find_names(doc: Doc) -> Doc:
    proposed: list[Span] = []
    title = _title_name(doc)
    if title is not None:
        proposed.append(title)
    named = list(_proposed_names(doc))
    proposed.extend(span for span, is_proposed in named if is_proposed)
    found = [Span(doc, s.start, s.end, label=_type_from_context(doc, s)) for s in proposed]
    doc.spans[PROPOSED_KEY] = found
    others = [
        Span(doc, s.start, s.end, label=_type_from_context(doc, s))
        for s in [*(span for span, is_proposed in named if not is_proposed), *_context_names(doc)]
        if not _is_inside(doc[s.start], found)
    ]
    doc.spans[NAMES_KEY] = found + others
    return doc
