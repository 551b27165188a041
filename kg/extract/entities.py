"""Assembling `doc.ents` from the candidates the earlier components found.

Candidates come from the lexicon, acronym definitions, name contexts, and two
phrase rules (task phrases ending in a task word, and hyphenated variants of
a known architecture). Overlaps go to the longest span; a name recognised
once is then tagged wherever else it occurs in the paper.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract import extensions  # noqa: F401  (registers the Doc extensions)
from kg.extract.heads import TASK_HEADS, type_from_head
from kg.extract.lexicon import SPAN_KEY as LEXICON_KEY
from kg.extract.proposed import GENERIC_ACRONYMS, NAMES_KEY, PROPOSED_KEY, is_name_like
from kg.records import EntityType

# Words that cannot be part of a task's name; they stop the leftward growth.
_NOT_MODIFIERS = frozenset(
    "the a an of for in on and or to with by from as at is are was were be been its their "
    "our this that these those such both each various several many most more less existing "
    "previous prior current recent downstream efficient effective accurate robust better "
    "improved high low fast novel new challenging different other multiple specific general "
    "standard typical traditional conventional improving achieving enabling performing "
    "perform performs supporting support supports can which while than task tasks problem "
    "problems via using use uses used into across over under between within without after "
    "before during also not only but we it has have had do does any all some accurate large "
    "small strong weak simple complex key main state-of-the-art sota end-to-end based "
    "proposed well good poor including include includes leverages leveraging advanced "
    "towards toward".split()
)
_MAX_MODIFIERS = 3
# Umbrella words ANNOTATION.md excludes even when a rule would catch them.
UMBRELLA = frozenset(
    "model models method methods approach approaches framework frameworks system systems "
    "algorithm algorithms network networks neural network neural networks deep learning "
    "machine learning artificial intelligence ai data dataset datasets performance "
    "experiments architecture architectures benchmark benchmarks".split()
)


def _task_phrases(doc: Doc) -> Iterator[Span]:
    for token in doc:
        if token.lower_ not in TASK_HEADS:
            continue
        start = token.i
        while (
            start > token.sent.start
            and token.i - start < _MAX_MODIFIERS
            and _is_modifier(doc[start - 1].text)
        ):
            start -= 1
        if start < token.i:
            yield Span(doc, start, token.i + 1, label="Task")


def _is_modifier(text: str) -> bool:
    word = text.lower()
    return (word.isalpha() and text.islower() and word not in _NOT_MODIFIERS) or text == "3D"


def _architecture_variants(doc: Doc, lexicon: list[Span]) -> Iterator[Span]:
    """ "single-layer Transformer", "decoder-only Transformer": a hyphenated
    modifier glued before a known architecture names a variant of it."""
    for span in lexicon:
        if span.label_ != "Architecture" or span.start < 3:
            continue
        left, hyphen, right = doc[span.start - 3], doc[span.start - 2], doc[span.start - 1]
        glued = hyphen.text == "-" and left.whitespace_ == "" and hyphen.whitespace_ == ""
        if glued and left.is_alpha and right.is_alpha and right.whitespace_:
            yield Span(doc, span.start - 3, span.end, label="Architecture")


def _acronym_spans(doc: Doc, known: list[Span]) -> Iterator[Span]:
    """Both forms of each definition, typed like a known form or by head word."""
    for long_, short in doc._.acronyms:
        type_ = _known_type(long_, known) or _known_type(short, known) or type_from_head(long_.text)
        if type_ is None:
            if not is_name_like(short.text.replace(" ", "")) and not long_.text[:1].isupper():
                continue
            type_ = "Method"
        yield Span(doc, long_.start, long_.end, label=type_)
        yield Span(doc, short.start, short.end, label=type_)


def _known_type(span: Span, known: list[Span]) -> EntityType | None:
    for candidate in known:
        inside = candidate.start <= span.start and span.end <= candidate.end
        if inside and (candidate.end - candidate.start) * 2 >= span.end - span.start:
            return candidate.label_  # type: ignore[return-value]
    return None


def _everywhere(doc: Doc, spans: list[Span]) -> Iterator[Span]:
    """Each recognised name at every place it occurs, with the same label."""
    by_text: dict[tuple[str, ...], str] = {}
    for span in spans:
        by_text.setdefault(tuple(t.text for t in span), span.label_)
    for words, label in by_text.items():
        n = len(words)
        for i in range(len(doc) - n + 1):
            if doc[i].text == words[0] and tuple(t.text for t in doc[i : i + n]) == words:
                yield Span(doc, i, i + n, label=label)


def _keep(span: Span) -> bool:
    text = span.text.strip()
    return (
        len(text) > 1
        and text.lower() not in UMBRELLA
        and text not in GENERIC_ACRONYMS
        and any(c.isalpha() for c in text)
    )


def _forms_of(doc: Doc, span: Span | None) -> frozenset[str]:
    """The text of `span` and of its acronym partners."""
    if span is None:
        return frozenset()
    forms = {span.text}
    for long_, short in doc._.acronyms:
        if {long_.text, short.text} & forms:
            forms |= {long_.text, short.text}
    return frozenset(forms)


@Language.component("paperkg_entities")
def assemble_entities(doc: Doc) -> Doc:
    lexicon = list(doc.spans.get(LEXICON_KEY, []))
    names = list(doc.spans.get(NAMES_KEY, []))
    candidates = lexicon + list(_architecture_variants(doc, lexicon))
    candidates += list(_acronym_spans(doc, lexicon + names))
    candidates += names + list(_task_phrases(doc))
    chosen = filter_spans([s for s in candidates if _keep(s)])
    doc.ents = filter_spans(chosen + list(_everywhere(doc, chosen)))
    proposed = {s.text for s in doc.spans.get(PROPOSED_KEY, [])}
    for ent in doc.ents:
        ent._.proposed = ent.text in proposed
    focus = next((e for e in doc.ents if e._.proposed and e.label_ == "Method"), None)
    doc._.focus = focus or next((e for e in doc.ents if e._.proposed), None)
    doc._.focus_forms = _forms_of(doc, doc._.focus)
    return doc
