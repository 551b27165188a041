"""The curated lexicon and the pipeline component that finds its names.

Lexicons are JSON Lines files shipped in `kg/extract/lexicons/`, one per
entity type: `{"name": "Long Short-Term Memory", "aliases": ["LSTM"]}`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.records import ENTITY_TYPES, EntityType

DEFAULT_DIR = Path(__file__).parent / "lexicons"
SPAN_KEY = "lexicon"


@dataclass(frozen=True, slots=True)
class Term:
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()


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
                terms.append(Term(entry["name"], type_, tuple(entry.get("aliases") or ())))
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
    """The forms to match: name, aliases, and their plurals ("ViTs", "LLMs")."""
    for form in (term.name, *term.aliases):
        yield form
        if form[-1].isalpha() and not form.endswith("s"):
            yield form + "s"


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
        exact_forms: dict[str, list[str]] = {}
        folded_forms: dict[str, list[str]] = {}
        for term in terms:
            key = f"{term.type}|{term.name}"
            self.entries[key] = (term.type, term.name)
            for form in surface_forms(term):
                target = exact_forms if is_case_sensitive(form) else folded_forms
                target.setdefault(key, []).append(form)
        # make_doc alone: patterns need tokens, not the whole pipeline.
        for matcher, forms in ((self.exact, exact_forms), (self.folded, folded_forms)):
            for key, texts in forms.items():
                matcher.add(key, [self.nlp.make_doc(text) for text in texts])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                type_, canonical = self.entries[self.nlp.vocab.strings[match_id]]
                spans.append(Span(doc, start, end, label=type_, kb_id=canonical))
        # Longest match wins: "multi-head self-attention" over "self-attention".
        doc.spans[SPAN_KEY] = filter_spans(spans)
        return doc

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
