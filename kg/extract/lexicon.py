"""The curated lexicon and the pipeline component that finds its names.

Lexicons are JSON Lines files shipped in `kg/extract/lexicons/`, one per
entity type: `{"name": "Long Short-Term Memory", "aliases": ["LSTM"]}`. An entry
with `"context": "measure"` is a word that is a metric only where the text
uses it as a measure ("fewer parameters", "recall of 0.9", not "the
parameters of the backbone" or "we first recall"). One with
`"context": "compound"` is an entity only inside a longer name ("pretraining"
alone is a stage of every model's life; "self-supervised pretraining" is a
technique): its matches go to `doc.spans["lexicon_heads"]`, for the
compound rule of `kg.extract.entities` to build on.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.fast import view
from kg.extract.words import LIST_SEPARATORS, MEASURE_CUES
from kg.records import ENTITY_TYPES, EntityType

DEFAULT_DIR = Path(__file__).parent / "lexicons"
SPAN_KEY = "lexicon"
# A size or version glued into one token after a known model's name
# ("LLaMA-13B", "Llama-3.2-1B", "Qwen-7B"): the tokenizer keeps such a name
# whole, so no phrase pattern reaches it.
_GLUED_SIZE = re.compile(r"\d+(?:\.\d+)*(?:-\d+(?:\.\d+)?)?[BMK]")
HEADS_KEY = "lexicon_heads"


@dataclass(frozen=True, slots=True)
class Term:
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    # "measure": only an entity where the text uses it as a measure;
    # "compound": only inside a longer name.
    context: str | None = None


def read_lexicon(directory: Path = DEFAULT_DIR) -> list[Term]:
    """Every term of the lexicon files in `directory`, in file order.

    A malformed line raises ValueError naming the file and line."""
    terms = []
    for type_ in ENTITY_TYPES:
        path = directory / f"{type_.lower()}.jsonl"
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                aliases = tuple(entry.get("aliases") or ())
                terms.append(Term(entry["name"], type_, aliases, entry.get("context")))
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{number}: bad lexicon entry ({err})") from err
    return terms


def is_case_sensitive(form: str) -> bool:
    """Acronyms and CamelCase names match only as written ("SAM" is not "sam");
    ordinary words match in any case ("Transformer", "transformers").

    >>> is_case_sensitive("BERT"), is_case_sensitive("ImageNet"), is_case_sensitive("accuracy")
    (True, True, False)
    >>> is_case_sensitive("Vision Transformer")
    False
    """
    return any(word[1:] != word[1:].lower() for word in form.split())


def surface_forms(term: Term) -> Iterator[str]:
    """The forms to match: name, aliases, their spelling with hyphens for
    spaces or spaces for hyphens ("skip-connection", "self attention"; not
    for metrics), and the plurals of all ("ViTs", "LLMs", "top-1
    accuracies")."""
    for written in (term.name, *term.aliases):
        # A measure's words joined by a hyphen are mostly an adjective or a
        # verb's ("inference-time computation", "speed up").
        variants = _hyphen_variants(written) if term.type != "Metric" else ()
        for form in dict.fromkeys((written, *variants)):
            yield form
            if form.endswith("cy") and form[-3:-2].isalpha():
                yield form[:-1] + "ies"
            elif form[-1].isalpha() and not form.endswith("s"):
                yield form + "s"


def _hyphen_variants(form: str) -> Iterator[str]:
    """A lower-case name of a few words with its hyphens and spaces swapped:
    papers join the words of one name either way, and `kg.names.normalize`
    counts the spellings as one name."""
    if not form.islower() or form.count(" ") + form.count("-") > 2:
        return
    if " " in form and "-" not in form:
        yield form.replace(" ", "-")
    elif "-" in form and " " not in form:
        yield form.replace("-", " ")


# How far a number or a measuring word may stand from a context-dependent
# metric for it to count as used as a measure.
_MEASURE_WINDOW = 4


def used_as_measure(doc: Doc, start: int, end: int) -> bool:
    """Whether the words around `doc[start:end]` use it as a measure: a
    number or a comparing word close by, in the same sentence ("21.5M
    parameters", "fewer parameters", "reduce the model size"), and not glued
    into a longer word ("low-precision", "hyper-parameters").

    A sentence boundary is not checked: the window is short, and a number at
    the end of the previous sentence is rare next to these words.
    """
    v = view(doc)
    texts, lowers, spaces = v.texts, v.lowers, v.spaces
    if start > 0 and texts[start - 1] == "-" and spaces[start - 1] == "":
        return False
    window = lowers[max(start - _MEASURE_WINDOW, 0) : start] + lowers[end : end + _MEASURE_WINDOW]
    return any(w in MEASURE_CUES or any(c.isdigit() for c in w) for w in window)


def _listed_with_measures(doc: Doc, measures: list[Span], unclear: list[Span]) -> list[Span]:
    """The context-dependent metrics listed beside a metric ("impacting both
    accuracy and inference efficiency", "the trade-off between model size,
    computational cost, memory cost, and accuracy"): a list's members are
    alike, so one measure makes the others measures. A member so found
    vouches for the next one in the list."""
    lowers = view(doc).lowers
    n = len(lowers)
    ends = {span.end for span in measures if span.label_ == "Metric"}
    starts = {span.start for span in measures if span.label_ == "Metric"}
    found: list[Span] = []
    pending = list(unclear)
    changed = True
    while changed:
        changed = False
        for span in list(pending):
            # Up to two glue tokens (", and") between the two members.
            before = span.start
            while before > 0 and lowers[before - 1] in LIST_SEPARATORS and span.start - before < 2:
                before -= 1
            after = span.end
            while after < n and lowers[after] in LIST_SEPARATORS and after - span.end < 2:
                after += 1
            if (before < span.start and before in ends) or (after > span.end and after in starts):
                found.append(span)
                pending.remove(span)
                ends.add(span.end)
                starts.add(span.start)
                changed = True
    return found


class LexiconMatcher:
    """Marks every lexicon name in a doc as a span in `doc.spans["lexicon"]`,
    labelled with its type and with the lexicon's canonical name as `kb_id_`."""

    def __init__(self, nlp: Language, name: str, lexicon_dir: str | None = None) -> None:
        self.nlp = nlp
        self.name = name
        self.directory = Path(lexicon_dir) if lexicon_dir else DEFAULT_DIR
        self._load(read_lexicon(self.directory))

    def _load(self, terms: Iterable[Term]) -> None:
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.entries: dict[str, tuple[EntityType, str]] = {}
        self.measures: set[str] = set()
        self.heads: set[str] = set()
        # One-word model names as written ("LLaMA", "Llama"), the bases of
        # glued sizes.
        self.models: set[str] = set()
        exact_forms: dict[str, list[str]] = {}
        folded_forms: dict[str, list[str]] = {}
        for term in terms:
            key = f"{term.type}|{term.name}"
            self.entries[key] = (term.type, term.name)
            if term.context == "measure":
                self.measures.add(key)
            elif term.context == "compound":
                self.heads.add(key)
            if term.type == "Method":
                self.models.update(
                    form
                    for form in (term.name, *term.aliases)
                    if form[:1].isupper() and " " not in form and "-" not in form
                )
            for form in surface_forms(term):
                target = exact_forms if is_case_sensitive(form) else folded_forms
                target.setdefault(key, []).append(form)
        # make_doc alone: patterns need tokens, not the whole pipeline.
        for matcher, forms in ((self.exact, exact_forms), (self.folded, folded_forms)):
            for key, texts in forms.items():
                matcher.add(key, [self.nlp.make_doc(text) for text in texts])

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        heads: list[Span] = []
        unclear: list[Span] = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                key = self.nlp.vocab.strings[match_id]
                type_, canonical = self.entries[key]
                span = Span(doc, start, end, label=type_, kb_id=canonical)
                if key in self.measures and not used_as_measure(doc, start, end):
                    unclear.append(span)
                    continue
                (heads if key in self.heads else spans).append(span)
        spans.extend(_listed_with_measures(doc, spans, unclear))
        spans.extend(self._glued_sizes(doc))
        # Longest match wins: "multi-head self-attention" over "self-attention".
        doc.spans[SPAN_KEY] = filter_spans(spans)
        doc.spans[HEADS_KEY] = filter_spans(heads)
        return doc

    def _glued_sizes(self, doc: Doc) -> Iterator[Span]:
        """Specific models written as one token, a known name and a size
        ("LLaMA-13B"): a Method of their own, their own canonical name. Only
        hyphenated tokens are looked at, a few per abstract."""
        for i, text in enumerate(view(doc).texts):
            if "-" not in text:
                continue
            base, _, size = text.partition("-")
            if base in self.models and _GLUED_SIZE.fullmatch(size):
                yield Span(doc, i, i + 1, label="Method", kb_id=text)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        target = Path(path)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self.directory, target)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexiconMatcher:
        self.directory = Path(path)
        self._load(read_lexicon(self.directory))
        return self


@Language.factory("paperkg_lexicon", default_config={"lexicon_dir": None})
def make_lexicon_matcher(nlp: Language, name: str, lexicon_dir: str | None) -> LexiconMatcher:
    return LexiconMatcher(nlp, name, lexicon_dir)
