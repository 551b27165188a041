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
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.fast import view
from kg.extract.heads import type_from_head
from kg.extract.lexicon import SPAN_KEY as LEXICON_KEY
from kg.extract.words import CHANGE_VERBS, COMPARISONS, OWN_NOUNS, REPORTING_VERBS
from kg.records import EntityType

NAMES_KEY = "names"
PROPOSED_KEY = "proposed"

_PROPOSE_VERBS = frozenset(
    "propose proposes proposed introduce introduces introduced present presents presented "
    "develop develops developed design designs designed build builds release releases "
    "releases construct constructs curate curates create creates describe describes "
    "contribute contributes".split()
)
_PROPOSING = frozenset("proposing introducing presenting developing designing".split())
_PROPOSE_VERBS |= _PROPOSING
_AUTHORS = frozenset("we paper work study article letter report".split())
_REFERRING = frozenset("refer refers referred call term denote dub".split())
_NAMING_SKIP = frozenset("as it them the".split())
# Common nouns that a capitalised modifier may precede ("a Transformer variant").
_COMMON_HEADS = frozenset(
    "variant variants model models architecture architectures block blocks layer layers module "
    "modules framework network networks method methods approach backbone encoder decoder "
    "mechanism family series version style based-model".split()
)
# "we present the Zamba2 series": a family is named after its name.
_MODIFIED_HEADS = _COMMON_HEADS - {"family", "series"}
_NAMING_WORDS = frozenset("named dubbed termed called coined abbreviated call".split())
# The words between a noun and the name it is given: "a benchmark, which we
# call X", "a dataset that we refer to as X".
_NAMING_PHRASE = _NAMING_WORDS | frozenset(", which that we refer to as".split())
_LIST_OPENERS = frozenset("including such e.g. like namely".split())
_DATASET_WORDS = frozenset(
    "dataset datasets benchmark benchmarks corpus corpora suite collection".split()
)
_METRIC_WORDS = frozenset("metric metrics score measure".split())
_APPROACH_WORDS = frozenset("approach method framework algorithm technique model".split())
_SKIP = frozenset("a an the our novel new simple first two three".split())

# Acronyms of fields, hardware and formats, never entities of the graph.
GENERIC_ACRONYMS = frozenset(
    "AI ML DL NLP CV IR API GPU GPUs CPU CPUs TPU TPUs IoT SOTA RGB HTML URL PDF JSON XML "
    "SQL USA UK EU DNA RNA IT PhD LaTeX OK ID IDs I/O RAM HPC FPGA ASIC "
    # Equations are maths, none of the five types.
    "PDE PDEs ODE ODEs SDE SDEs".split()
) | frozenset("dB GB MB KB TB kB GHz MHz kHz Hz ms TFLOPs GFLOPs".split())
_TITLE_STOPWORDS = frozenset(
    "survey review tutorial introduction towards toward beyond rethinking revisiting "
    "attention transformers transformer position perspective benchmarking".split()
)
_NAME_RE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9][\w.+\-]*$")
# "(II) phrase grounding": a numeral counting a list's items, not an acronym.
_ROMAN_NUMERAL = re.compile(r"^(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})$")


@lru_cache(maxsize=1 << 16)
def is_name_like(text: str) -> bool:
    """A token that reads as a proper name: a capital inside it, letters mixed
    with digits, or an all-caps acronym ("FastViT", "Resnet101", "CMT").

    >>> [is_name_like(w) for w in ("FastViT", "Resnet101", "CMT", "Transformer", "3D", "GPU")]
    [True, True, True, False, False, False]
    """
    if text in GENERIC_ACRONYMS or not _NAME_RE.match(text) or _ROMAN_NUMERAL.match(text):
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    inner_capital = any(c.isupper() for c in text[1:])
    has_digit = any(c.isdigit() for c in text)
    return inner_capital or (has_digit and text[0].isalpha())


@lru_cache(maxsize=1 << 16)
def _token_name_like(text: str) -> bool:
    return is_name_like(text.replace("-", ""))


NAME_BREAKS = frozenset({",", ".", ";", ":", "(", ")", "|"})
_NAME_TRAILERS = frozenset({"-", ".", "'s"})


def _names_alternative(texts: list[str], start: int, k: int) -> bool:
    """Whether the slash at token `k` separates two names ("DeiT-B/ResMLP-B24",
    "GPT-4/Claude-3") rather than being part of one ("ViT-S/16"): what
    follows is a capitalised word of its own."""
    if texts[k] != "/" or k + 1 >= len(texts):
        return False
    before, after = "".join(texts[start:k]), texts[k + 1]
    return after[:1].isupper() and all(sum(c.isalpha() for c in w) >= 2 for w in (before, after))


def name_run(doc: Doc, start: int, *, capitalised: bool) -> Span | None:
    """The name starting at token `start`: tokens glued without spaces
    ("Q-HyViT", "Jamba-1.5") and, with `capitalised`, following capitalised
    words ("Hybrid Transformer Demucs")."""
    v = view(doc)
    texts, spaces, alpha = v.texts, v.spaces, v.alpha
    n = len(texts)
    end = start
    while end < n:
        if end > start and _names_alternative(texts, start, end):
            break
        if end == start or (spaces[end - 1] == "" and texts[end] not in NAME_BREAKS):
            end += 1
            continue
        if capitalised and texts[end][:1].isupper() and alpha[end]:
            end += 1
            continue
        break
    # A name does not end on a hyphen or a period.
    while end > start and texts[end - 1] in _NAME_TRAILERS:
        end -= 1
    if end == start:
        return None
    # The span's text, as `doc[start:end].text` reads it.
    text = "".join([texts[k] + spaces[k] for k in range(start, end - 1)])
    text += texts[end - 1]
    if text in GENERIC_ACRONYMS or not any(c.isupper() for c in text):
        return None
    return doc[start:end]


def _type_from_context(doc: Doc, span: Span) -> EntityType:
    v = view(doc)
    lowers = v.lowers
    # Within the sentence: "We propose FooNet. On the GLUE benchmark, ..."
    # says nothing of what FooNet is.
    first, last = v.sent_of(doc, span.start)
    after = set(lowers[span.end : min(span.end + 6, last)])
    # "the pretraining dataset, which we call Zyda-2": the noun before the
    # naming words says what the name is.
    k = span.start
    while k > first and lowers[k - 1] in _NAMING_PHRASE:
        k -= 1
    before = set(lowers[max(k - 3, first) : span.start])
    text = span.text
    cues = (after | before) & _DATASET_WORDS
    if cues and _collects_models(lowers, span.end, last):
        cues = set()  # "the Zamba2 series, a suite of 1.2B and 7.4B models"
    if cues or _BENCH_NAME.search(text):
        return "Dataset"
    # "a new importance detection metric, Macro Influence (MI)".
    if after & _METRIC_WORDS or (k > first and lowers[k - 1] in _METRIC_WORDS):
        return "Metric"
    head = type_from_head(text)
    if head == "Task" and set(_appositive_words(lowers, span.end, last)) & _APPROACH_WORDS:
        # "Score Implicit Matching (SIM), a new approach to ...": what the
        # name is called beats what its last word usually names.
        return "Method"
    return head or "Method"


_MODEL_NOUNS = frozenset("model models network networks llms architectures".split())


def _collects_models(lowers: list[str], k: int, last: int) -> bool:
    """Whether the collection named after token `k` ("a suite of", "a
    collection of") holds models rather than data."""
    window = lowers[k : min(k + 6, last)]
    for j, word in enumerate(window[:-1]):
        if word in _DATASET_WORDS and window[j + 1] == "of":
            rest = lowers[k + j + 2 : min(k + j + 14, last)]
            return bool(_MODEL_NOUNS & set(rest))
    return False


def _appositive_words(lowers: list[str], k: int, last: int) -> list[str]:
    """The first words of what follows a name at token `k`, past its
    bracketed short form and a comma: "(SIM), a new approach"."""
    if k < last and lowers[k] == "(" and ")" in lowers[k : min(k + 5, last)]:
        k = lowers.index(")", k) + 1
    if k < last and lowers[k] == ",":
        k += 1
    return lowers[k : min(k + 4, last)]


def _first_person(lowers: list[str], sent_start: int, i: int) -> bool:
    """Is the verb at `i` the paper's own act ("we propose", "this work
    introduces"), not a report of others' ("variants designed for")?"""
    # "We address these issues by introducing X": a gerund's actor may
    # be further back.
    back = i - sent_start if lowers[i] in _PROPOSING else 3
    return any(w in _AUTHORS for w in lowers[max(i - back, sent_start) : i])


def _name_after(doc: Doc, sent_end: int, j: int, skip: frozenset[str]) -> Span | None:
    v = view(doc)
    lowers, texts = v.lowers, v.texts
    while j < sent_end and lowers[j] in skip:
        j += 1
    # "a new tuning paradigm we call muTransfer": a name may start in lower case.
    if j >= sent_end or not (texts[j][:1].isupper() or is_name_like(texts[j])):
        return None
    span = name_run(doc, j, capitalised=True)
    # "we introduce a Transformer variant": a capitalised word before a common
    # noun is a modifier, not a name.
    if span is None or (span.end < len(texts) and texts[span.end].lower() in _MODIFIED_HEADS):
        return None
    return span


_TECHNIQUE_NOUNS = _COMMON_HEADS | frozenset(
    "scheme strategy technique procedure regime operation operator loss objective algorithm "
    "paradigm process task tasks metric phenomenon problem".split()
)
_LOWERCASE_NAME_ENDS = frozenset({",", ".", ";", ":", "("})


def _lowercase_name_after(doc: Doc, sent_end: int, j: int) -> Span | None:
    """An apposition that names a technique in lower case ("a novel training
    regime, called self-guided training, aimed at"): the words up to the
    next break, when they are few and plain."""
    v = view(doc)
    texts, alpha = v.texts, v.alpha
    k = j
    while k < sent_end and k - j < 6 and texts[k] not in _LOWERCASE_NAME_ENDS:
        if not ((alpha[k] and texts[k][:1].islower()) or (texts[k] == "-" and k > j)):
            return None
        k += 1
    if k == j or texts[k - 1] == "-" or k >= sent_end or texts[k] not in _LOWERCASE_NAME_ENDS:
        return None
    return doc[j:k]


def _proposed_names(doc: Doc) -> Iterator[tuple[Span, bool]]:
    """Names in proposing or naming contexts, and whether the paper proposes them."""
    v = view(doc)
    texts, lowers = v.texts, v.lowers
    n = len(texts)
    for start, end in v.sent_bounds(doc):
        proposing = [
            i
            for i in range(start, end)
            if lowers[i] in _PROPOSE_VERBS and _first_person(lowers, start, i)
        ]
        for i in range(start, end):
            lower = lowers[i]
            if i in proposing:
                span = _name_after(doc, end, i + 1, _SKIP)
                if span is not None:
                    yield span, True
            elif lower in _NAMING_WORDS or (
                lower == "as" and any(w in _REFERRING for w in lowers[max(i - 6, start) : i])
            ):
                # "a phenomenon called Catastrophic Forgetting" names a thing;
                # only a sentence where the authors propose, or name it
                # themselves ("we refer to these models as X"), makes it theirs.
                j = i + 1
                if j + 1 < end and lowers[j] in {"our", "this"} and lowers[j + 1] in OWN_NOUNS:
                    j += 2  # "we call our model Sliced Recursive Transformer"
                span = _name_after(doc, end, j, _NAMING_SKIP)
                if (
                    span is None
                    and i > start
                    and (texts[i - 1] == "," or lowers[i - 1] in _TECHNIQUE_NOUNS)
                ):
                    span = _lowercase_name_after(doc, end, i + 1)
                if span is not None:
                    # "Our approach, named BioViL-T": the authors name their own.
                    own = "our" in lowers[max(i - 4, start) : i] or any(
                        w in _REFERRING and _first_person(lowers, start, k)
                        for k, w in enumerate(lowers[start : i + 1], start)
                    )
                    yield span, bool(proposing) or own
            elif (
                texts[i] in {",", ":"}
                and i + 1 < end
                and any(_near(texts, p, i) for p in proposing)
            ):
                # "we introduce a novel operator, RepMixer, a building block ...",
                # "we propose a novel model: Deep Interest Network (DIN)"
                span = name_run(doc, i + 1, capitalised=False)
                if (
                    span is not None
                    and is_name_like(span.text.replace("-", ""))
                    and span.end < n
                    and texts[span.end] in {",", "(", "."}
                ):
                    yield span, True
                    continue
                # A name in words is one when it defines its short form or
                # ends the apposition: "a new importance detection metric,
                # Macro Influence (MI)", "a new pooling strategy, Multi-Layers
                # Trainable Pooling, which ...".
                if not texts[i + 1][:1].isupper():
                    continue
                span = name_run(doc, i + 1, capitalised=True)
                if (
                    span is not None
                    and len(span) > 1
                    and span.end < n
                    and texts[span.end] in {"(", ","}
                ):
                    yield span, True


def _near(texts: list[str], verb: int, comma: int) -> bool:
    """Whether a comma closes the common noun phrase a proposing verb
    introduces ("we release a novel multi-modal benchmark dataset, MS-CXR-T"):
    at most 7 words after the verb, not counting hyphens, and a lower-case
    word before the comma, not a name in a list ("a comparison between
    Mamba, Mamba-2, and Transformer models")."""
    words = sum(t != "-" for t in texts[verb + 1 : comma])
    return verb < comma and words <= 7 and texts[comma - 1][:1].islower()


_VERSION_WORD = re.compile(r"v\d+(?:\.\d+)*")  # "Pythia v0.1"


def _title_name(doc: Doc) -> Span | None:
    """ "FastViT: A Fast Hybrid Vision Transformer" names FastViT."""
    v = view(doc)
    texts = v.texts
    bounds = v.sent_bounds(doc)
    if not bounds:
        return None  # an empty Doc
    start, end = bounds[0]
    colon = next((i for i in range(start, end) if texts[i] == ":"), None)
    if colon is None or colon - start > 4 or colon == start:
        return None
    span = doc[start:colon]
    text = span.text
    words = text.split()
    if not all(w[:1].isupper() or w[:1].isdigit() or _VERSION_WORD.fullmatch(w) for w in words):
        return None
    if len(words) == 1 and text.lower() in _TITLE_STOPWORDS:
        return None
    if len(words) > 1 and not any(is_name_like(w) or _VERSION_WORD.fullmatch(w) for w in words):
        return None
    return span


# Last words of a model's name that a title opens with ("Deformable
# Convolutional Networks", "Part-based R-CNNs for ...", "Structural Neural
# Encoders for ...") and the words after which the name ends.
_TITLE_MODEL_NOUNS = frozenset(
    "network networks net nets encoder encoders transformer transformers machine machines "
    "autoencoder autoencoders r-cnn r-cnns".split()
)
_TITLE_MODEL_ENDS = frozenset("for with via using : . ,".split())
_TITLE_MODEL_WORDS = 5


def _title_model(doc: Doc) -> Span | None:
    """A title that is, or opens with, a model's name in capitals names the
    paper's own model where the abstract names none ("Deformable
    Convolutional Networks", "Structural Neural Encoders for AMR-to-text
    Generation"); a family the lexicon knows ("Vision Transformers for
    Dense Prediction") does not, nor does an opening verb, adverb or
    article ("Parallelizing Linear Transformers with ...", "Cognitively
    Inspired ... Models", "A Hybrid Model for ...")."""
    v = view(doc)
    bounds = v.sent_bounds(doc)
    if not bounds:
        return None
    start, end = bounds[0]
    stop = next(
        (i for i in range(start, end) if v.lowers[i] in _TITLE_MODEL_ENDS or v.texts[i].isspace()),
        end,
    )
    # "Quantizable Transformers: Removing Outliers ...": a colon after a
    # description opens what the paper does, not a name.
    if stop == start or (stop < end and v.lowers[stop] == ":"):
        return None
    span = doc[start:stop]
    words = span.text.split()
    first = words[0].lower()
    if (
        not 1 < len(words) <= _TITLE_MODEL_WORDS
        or not all(w[:1].isupper() or w[:1].isdigit() for w in words)
        or words[-1].lower() not in _TITLE_MODEL_NOUNS
        or first.endswith(("ing", "ly"))
        or first in _SKIP
        or first in _TITLE_STOPWORDS
    ):
        return None
    if any(s.start == span.start and s.end == span.end for s in doc.spans.get(LEXICON_KEY, [])):
        return None
    return Span(doc, span.start, span.end, label="Method")


# Words that end the noun phrase a title's colon opens: "HyTAS: A ... Search
# Benchmark and Analysis", "FastViT: A Fast Hybrid Vision Transformer using ...".
_TITLE_PHRASE_ENDS = frozenset("and for with via using on in through to towards of , :".split())


def _title_type(doc: Doc, name: Span) -> EntityType | None:
    """Dataset where the phrase after a title's colon names a benchmark or a
    dataset ("HyTAS: A Hyperspectral Image Transformer Architecture Search
    Benchmark"); None otherwise, for the context to decide. What a model
    is ("a hybrid vision transformer") is left to the context: "X: A
    Contrastive Loss" is no metric, "X: Hand Gesture Recognition ..." no task."""
    v = view(doc)
    lowers = v.lowers
    _, end = v.sent_of(doc, name.start)
    k = name.end + 1  # past the colon
    stop = next((j for j in range(k, end) if lowers[j] in _TITLE_PHRASE_ENDS), end)
    if stop > k and lowers[stop - 1] in _DATASET_WORDS:
        return "Dataset"
    return None


_PRIOR_WORK_TRIGGERS = frozenset("than outperforms outperform surpasses over on upon".split())
_PRIOR_WORK_OPENERS = frozenset(
    "based built builds build extends outperforms outperform surpasses than".split()
)
_PRIOR_WORK_PREPOSITIONS = frozenset({"on", "upon", "over"})


def _prior_work_names(doc: Doc) -> Iterator[Span]:
    """Capitalised names right after "based on", "than", "outperforms"."""
    v = view(doc)
    texts, lowers, alpha = v.texts, v.lowers, v.alpha
    n = len(texts)
    for i in range(1, n):
        prev = lowers[i - 1]
        if prev not in _PRIOR_WORK_TRIGGERS:
            continue
        if prev in _PRIOR_WORK_PREPOSITIONS and (i < 2 or lowers[i - 2] not in _PRIOR_WORK_OPENERS):
            continue
        start = i + (lowers[i] == "the")
        if start < n and texts[start][:1].isupper() and alpha[start]:
            span = name_run(doc, start, capitalised=True)
            if span is not None:
                yield span


_CONTEXT_CUES = COMPARISONS | _LIST_OPENERS
_VERSION = re.compile(r"\d{1,2}(?:\.\d)?")
_BENCH_NAME = re.compile(r"[Bb]ench(?: \d{1,2}(?:\.\d)?)?$")  # "MMBench", "WeatherBench 2"
_SIZED_NAME = re.compile(r"[A-Za-z]\w*-\d+(?:\.\d+)?[BM]$")
# A name that reaches, changes or compares with a value is a model:
# "FooNet achieves", "BarNet reduces the word error rate", "QuxViT
# outperforms Swin" (finite forms only, not "achieving").
_RESULT_SUBJECT_VERBS = frozenset(
    v for v in REPORTING_VERBS | CHANGE_VERBS | COMPARISONS if v.endswith(("s", "ed"))
) | frozenset("sets establishes rivals matches".split())


def _context_names(doc: Doc) -> Iterator[Span]:
    """Name-like tokens after comparisons and in lists, and before "dataset"."""
    yield from _prior_work_names(doc)
    v = view(doc)
    texts, lowers, spaces = v.texts, v.lowers, v.spaces
    sent_start_of = v.sent_start_of(doc)
    for i, text in enumerate(texts):
        if not _token_name_like(text):
            continue
        if (
            i > 0
            and spaces[i - 1] == ""
            and texts[i - 1] not in {"(", "/", "|"}
            and not texts[i - 1].isspace()
        ):
            continue  # inside a longer glued token run; the run starts earlier
        span = name_run(doc, i, capitalised=False)
        if span is None:
            continue
        window = set(lowers[max(i - 8, sent_start_of[i]) : i])
        after = set(lowers[span.end : span.end + 4])
        if window & _CONTEXT_CUES or after & _DATASET_WORDS:
            yield span
        elif span.end < len(texts) and lowers[span.end] in _RESULT_SUBJECT_VERBS:
            yield span  # a new name reaching a value: "ZapLM reaches a perplexity of 18.3"
        elif _SIZED_NAME.search(span.text):
            yield span  # a model's size in its name: "our initial work with Zamba1-7B"
        elif _BENCH_NAME.search(span.text):
            # A benchmark's kind in its name ("on NATS-Bench size search
            # space"), with its version ("WeatherBench 2").
            version = span.end < len(texts) and _VERSION.fullmatch(texts[span.end])
            yield doc[span.start : span.end + 1] if version else span
        elif (span.end < len(texts) and texts[span.end] == "(") or (i > 0 and texts[i - 1] == "("):
            yield span  # named in an aside: "existing PTQ methods (EasyQuant, FQ-ViT)"


_OWN_OPENERS = _SKIP | {"proposed"}


def _defined_own(doc: Doc) -> Iterator[Span]:
    """Both forms of a short form the authors define for what they propose
    or call theirs: "we propose an image cascade network (ICNet)", "our
    Past Decode Regularization (PDR) method"; not "our previous CNN (PCNN)"
    nor "we use a recurrent neural network (RNN)"."""
    v = view(doc)
    lowers, texts = v.lowers, v.texts
    n = len(lowers)
    for i in range(2, n - 2):
        # "our models (BigGANs) achieve": the name the authors give theirs.
        own = lowers[i - 1].removesuffix("s") in OWN_NOUNS
        if texts[i] == "(" and lowers[i - 2] == "our" and own:
            span = name_run(doc, i + 1, capitalised=False)
            if span is not None and span.end < n and texts[span.end] == ")":
                yield span
    for long_, short in doc._.acronyms:
        start, _ = v.sent_of(doc, long_.start)
        k = long_.start - 1
        own = False
        while k >= start and lowers[k] in _OWN_OPENERS:
            own = own or lowers[k] == "our"
            k -= 1
        if own or (k >= start and lowers[k] in _PROPOSE_VERBS and _first_person(lowers, start, k)):
            yield long_
            yield short


@Language.component("paperkg_names")
def find_names(doc: Doc) -> Doc:
    proposed: list[Span] = []
    title = _title_name(doc)
    if title is not None:
        proposed.append(title)
    named = list(_proposed_names(doc))
    proposed.extend(span for span, is_proposed in named if is_proposed)
    # A model the abstract names ("we introduce Hybrid Transformer Demucs")
    # is the paper's own, not the title's description of it ("Hybrid Transformers for ...").
    defined = list(_defined_own(doc))
    titled = _title_model(doc) if not proposed and not defined else None
    found = [
        Span(doc, s.start, s.end, label=_title_type(doc, s) or _type_from_context(doc, s))
        if s is title
        else Span(doc, s.start, s.end, label=_type_from_context(doc, s))
        for s in proposed
    ]
    if titled is not None:
        found.append(titled)
    # Marked as the paper's own only: the acronym rules already found and
    # typed these names.
    doc.spans[PROPOSED_KEY] = found + defined
    others = [
        Span(doc, s.start, s.end, label=_type_from_context(doc, s))
        for s in [*(span for span, is_proposed in named if not is_proposed), *_context_names(doc)]
        if not any(f.start <= s.start < f.end for f in found)
    ]
    doc.spans[NAMES_KEY] = found + others
    return doc
