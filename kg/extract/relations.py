"""Relations between the entities of a paper, read off trigger words.

Each rule looks inside one sentence: a subject (the paper's own proposed
entity when the sentence says "we", "our model", "it"…, else the first
method or architecture before the trigger), a trigger ("outperforms",
"based on", "trained on"…) and the entities after it. The nine relation
names are those of ANNOTATION.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract import extensions  # noqa: F401  (registers the Doc extensions)
from kg.extract.words import ANAPHORS

Triple = tuple[Span, str, Span, Span]  # head, relation, tail, sentence

_SYSTEMS = {"Method", "Architecture"}
_NAMING = frozenset("named dubbed termed called coined".split())
# "compared with X", "along with X": a comparison or list, not a component.
_NOT_USES_BEFORE = frozenset("compared comparable competitive along together par".split())

# Trigger phrases (lower-cased, space-separated tokens) for each relation.
_TRIGGER_PHRASES: dict[str, str] = {
    "outperforms": "outperforms | outperform | outperformed | outperforming | surpasses | "
    "surpass | surpassed | surpassing | beats | exceeds | better than | faster than | "
    "superior to | improving over",
    "basedOn": "based on | built on | built upon | builds on | builds upon | build on | "
    "extends | variant of",
    "trainedOn": "trained on | pre-trained on | pretrained on | fine-tuned on | training on",
    "uses": "uses | use | using | employs | employing | leverages | leveraging | utilizes | "
    "utilizing | incorporates | incorporating | integrates | integrating | adopts | combines | "
    "combining | interleaves | comprising | comprises | consists | equipped | applies | "
    "applying | with",
}
# By first word, so each token is looked up once rather than tried against
# every phrase.
_TRIGGERS: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _relation, _phrases in _TRIGGER_PHRASES.items():
    for _phrase in _phrases.split("|"):
        _words = tuple(_phrase.split())
        _TRIGGERS.setdefault(_words[0], []).append((_words, _relation))
_DATASET_CONTEXT = frozenset("on across over evaluated benchmark benchmarks experiments".split())


def _triggers(sent: Span) -> Iterator[tuple[int, int, str]]:
    """(start, end, relation) of each trigger phrase in the sentence."""
    words = [t.lower_ for t in sent]
    for i, word in enumerate(words):
        for phrase, relation in _TRIGGERS.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                yield sent.start + i, sent.start + i + len(phrase), relation


def _subject(doc: Doc, sent: Span, before: int) -> Span | None:
    focus: Span | None = doc._.focus
    systems = [e for e in sent.ents if e.label_ in _SYSTEMS and e.end <= before]
    if focus is not None and any(e.text in doc._.focus_forms for e in systems):
        return focus
    if focus is not None and any(t.lower_ in ANAPHORS for t in doc[sent.start : before]):
        return focus
    return systems[0] if systems else None


def _clause_after(doc: Doc, sent: Span, start: int) -> list[Span]:
    """Entities after a trigger, up to the end of its clause."""
    ents = []
    for ent in sent.ents:
        if ent.start < start:
            continue
        between = doc[start : ent.start]
        if any(t.text in {";", ":"} for t in between) or any(
            t.lower_ in {"which", "while", "whereas", "but"} for t in between
        ):
            break
        ents.append(ent)
    return ents


def _coordinated(doc: Doc, ents: list[Span]) -> list[Span]:
    """The first entity and those joined to it by commas and "and"/"or"
    ("based on CoAtNet and MaxViT"), not later ones in other phrases."""
    run = ents[:1]
    for prev, ent in pairwise(ents):
        if any(
            t.lower_ not in {",", "and", "or", "the", "a", "an"} for t in doc[prev.end : ent.start]
        ):
            break
        run.append(ent)
    return run


def _trigger_relations(doc: Doc, sent: Span) -> Iterator[Triple]:
    for start, end, relation in _triggers(sent):
        head = _subject(doc, sent, start)
        if head is None:
            continue
        if relation == "uses" and start > sent.start and doc[start - 1].lower_ in _NOT_USES_BEFORE:
            continue
        wanted = {"trainedOn": {"Dataset"}}.get(relation, _SYSTEMS)
        tails = [e for e in _clause_after(doc, sent, end) if e.label_ in wanted]
        if relation in {"basedOn", "uses", "trainedOn"}:
            tails = _coordinated(doc, tails)
        if relation == "outperforms":
            tails = [t for t in tails if t.label_ == "Method" or head.label_ == "Architecture"]
        for tail in tails:
            yield head, relation, tail, sent


def _sentence_relations(doc: Doc, sent: Span, triggered: list[Triple]) -> Iterator[Triple]:
    """Relations implied by what co-occurs with the subject of a sentence."""
    head = _subject(doc, sent, sent.end)
    trained = {tail.start for _, relation, tail, _ in triggered if relation == "trainedOn"}
    for ent in sent.ents:
        before = {t.lower_ for t in doc[max(ent.start - 3, sent.start) : ent.start]}
        if head is not None and ent.label_ == "Task":
            yield head, "appliedTo", ent, sent
        elif head is not None and ent.label_ == "Dataset" and ent.start not in trained:
            if before & _DATASET_CONTEXT and head.label_ == "Method":
                yield head, "evaluatedOn", ent, sent
        elif ent.label_ == "Dataset":
            tasks = [t for t in sent.ents if t.label_ == "Task"]
            for task in tasks:
                yield ent, "benchmarkFor", task, sent


def _is_a(doc: Doc, sent: Span) -> Iterator[Triple]:
    ents = list(sent.ents)
    for i, ent in enumerate(ents):
        # "FastViT, a hybrid vision transformer": an appositive names the class.
        if i + 1 < len(ents) and ent.label_ == "Method" and ents[i + 1].label_ in _SYSTEMS:
            nxt = ents[i + 1]
            between = [t.lower_ for t in doc[ent.end : nxt.start]]
            if (
                between[:2] in ([",", "a"], [",", "an"], ["is", "a"], ["is", "an"], [",", "the"])
                and len(between) <= 6
            ):
                # "RepMixer, a building block of FastViT" is a part, not a kind.
                if between[-1] == "of":
                    yield nxt, "uses", ent, sent
                else:
                    yield ent, "isA", nxt, sent
        # "a hybrid ViT architecture named FMViT": the name's class comes first.
        if ent.label_ in _SYSTEMS and i + 1 < len(ents) and ents[i + 1].label_ == "Method":
            nxt = ents[i + 1]
            between = [t.lower_ for t in doc[ent.end : nxt.start]]
            if between and between[-1] in _NAMING and len(between) <= 3:
                yield nxt, "isA", ent, sent
        # "transformer networks, including BERT, GPT": members of a family.
        if ent.label_ == "Architecture":
            window = [t.lower_ for t in doc[ent.end : ent.end + 4]]
            if "including" in window or "such" in window:
                for member in ents[i + 1 :]:
                    if member.label_ == "Method":
                        yield member, "isA", ent, sent
                    elif member.label_ != "Architecture":
                        break
        # "single-layer Transformer" is a Transformer.
        for other in ents:
            if (
                other is not ent
                and other.label_ == "Architecture"
                and ent.label_ in _SYSTEMS
                and ent.text.lower().endswith(" " + other.text.lower())
            ):
                yield ent, "isA", other, sent


def _title_class(doc: Doc) -> Iterator[Triple]:
    """ "FastViT: A Fast Hybrid Vision Transformer ..." says what FastViT is."""
    title = next(doc.sents)
    ents = list(title.ents)
    colon = next((t.i for t in title if t.text == ":"), None)
    if colon is None or not ents or ents[0].end != colon or ents[0].label_ != "Method":
        return
    after = [e for e in ents[1:] if e.label_ in _SYSTEMS]
    words = [t.lower_ for t in doc[colon + 1 : colon + 3]]
    if after and words[:1] in (["a"], ["an"]) and not doc[colon + 1 : after[0].start].ents:
        yield ents[0], "isA", after[0], title


def _from_results(doc: Doc) -> Iterator[Triple]:
    for result in doc._.results:
        if result.method is not None and result.metric is not None:
            yield result.method, "evaluatedWith", result.metric, result.sentence
        if result.method is not None and result.dataset is not None:
            yield result.method, "evaluatedOn", result.dataset, result.sentence


@Language.component("paperkg_relations")
def find_relations(doc: Doc) -> Doc:
    triples: list[Triple] = []
    for sent in doc.sents:
        triggered = list(_trigger_relations(doc, sent))
        triples.extend(triggered)
        triples.extend(_sentence_relations(doc, sent, triggered))
        triples.extend(_is_a(doc, sent))
    triples.extend(_title_class(doc))
    triples.extend(_from_results(doc))
    doc._.relations = [t for t in triples if t[0].text != t[2].text]
    return doc
