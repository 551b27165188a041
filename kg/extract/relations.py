"""Relations between the entities of a paper, read off trigger words.

Most rules look inside one sentence: a subject (the paper's own proposed
entity when the sentence says "we", "our model", "it"…, else the first
method or architecture before the trigger), a trigger ("outperforms",
"based on", "trained on"…) and the entities after it. Others read how a
name is built ("ResNet50" is a ResNet, "BERT-like models") and what the
title says of the paper ("X: A Y ...", "... for Task"). The nine relation
names are those of ANNOTATION.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract import extensions  # noqa: F401  (registers the Doc extensions)
from kg.extract.fast import sentence_of, span_text, view
from kg.extract.heads import type_from_head
from kg.extract.proposed import PROPOSED_KEY
from kg.extract.words import (
    ANAPHORS,
    BE,
    BENCHMARK_NOUNS,
    COMPARATIVES,
    COMPARISONS,
    LIST_SEPARATORS,
    OWN_NOUNS,
    OWN_WORDS,
    refers_to_own,
)

Triple = tuple[Span, str, Span, Span]  # head, relation, tail, sentence
# How likely a relation of each kind is right: the precision the default
# pipeline reaches on the project's annotated training papers
# (kg/training/annotations/train-*, 100 papers; `benchmarks/calibrate.py`
# prints it), as correct/predicted, capped at 0.9 because the rules were
# written against those papers. trainedOn is too rare to measure there (one
# prediction) and keeps its earlier value. Entity errors count against a
# relation, so these are floors of what the rules get right given correct
# entities.
DEFAULT_CONFIDENCE = {
    "isA": 0.68,  # 64/94
    "basedOn": 0.56,  # 10/18
    "uses": 0.51,  # 42/82
    "trainedOn": 0.8,  # 5/5 on dev, train-* and analysis-*: too few to set it by
    "evaluatedOn": 0.9,  # 37/37, capped
    "evaluatedWith": 0.63,  # 62/98
    "outperforms": 0.68,  # 19/28
    "appliedTo": 0.76,  # 147/193
    "benchmarkFor": 0.69,  # 11/16
}

# The relations read off the whole paper rather than a sentence
# (`_paper_level`), by the tail's type, with their precision on the dev gold
# and the project's train-* and analysis-* annotations (appliedTo 17/45,
# evaluatedOn 9/18, uses 35/90; the confidences below were set when they
# were 22/62, 7/9 and 36/88). Low, but recall is what limits relation F1
# (about 0.3 to 0.4 there), so a source right more often than F1/2 still
# raises it.
_PAPER_LEVEL = {"Task": "appliedTo", "Dataset": "evaluatedOn"}
PAPER_LEVEL_CONFIDENCE = {"appliedTo": 0.35, "evaluatedOn": 0.75, "uses": 0.41}
_TRANSFORMER = re.compile(r"transformer|\bvit\b", re.IGNORECASE)
_BLOCK = re.compile(
    r"attention|feed-?forward|\bffn|\bmlp|perceptron|fully[- ]connected|layer ?norm", re.IGNORECASE
)

_SYSTEMS = frozenset({"Method", "Architecture"})
_ANY = frozenset({"Method", "Architecture", "Dataset", "Metric", "Task"})
_NAMING = frozenset("named dubbed termed called coined".split())
# "compared with X", "along with X": a comparison or list, not a component;
# "without using X" says the opposite.
_NOT_USES_BEFORE = frozenset("compared comparable competitive along together par without".split())
# "with comparable size to X", "with similar accuracy as X": a comparison.
_NOT_WITH = frozenset("comparable similar same fewer less more lower higher than to as".split())
_DETERMINERS = frozenset("the a an".split())
_LIST_JOINERS = frozenset(", and or the a an ( )".split())
_SEPARATORS = frozenset(", and or".split())
# The role a component plays, said after its name ("a ResNet-50 backbone").
_ROLE_NOUNS = frozenset(
    "backbone backbones encoder encoders decoder decoders neck head heads module modules "
    "block blocks layer layers branch branches".split()
)
_EVALUATING_GERUNDS = frozenset(
    "evaluating assessing benchmarking testing measuring probing".split()
)
# Adverbs that may stand in "X is (also) a Y".
_COPULA_ADVERBS = frozenset("also essentially basically thus therefore itself".split())
# What may stand between a list opener and an Architecture's name: "Transformer
# -based models, exemplified by GPT-3".
_MEMBER_OPENERS = frozenset("including such e.g. e.g exemplified example like i.e. i.e".split())
# "FastViT, a hybrid vision transformer": an appositive, unless a clause or a
# preposition intervenes ("a compression method that combines X", "a model
# based on X").
_NOT_APPOSITIVE = frozenset(
    "that which who with using for based on built from by to in and or".split()
)
# Modifiers that name the plain family, not a kind of it ("vanilla Transformer").
_PLAIN = frozenset(
    "vanilla standard original conventional traditional existing typical classic classical "
    "full plain regular prior previous".split()
)
# What may stand between a family and "such as" ("Transformer-based models,
# exemplified by"): not another noun ("transformer frameworks, such as PyTorch").
_METHOD_NOUNS = frozenset("methods techniques approaches algorithms strategies".split())
_FAMILY_WORDS = _METHOD_NOUNS | frozenset(
    "- -based based model models network networks architecture architectures variant variants "
    "family families , ( e.g. e.g such".split()
)
# Nouns after a name that make it a modifier of something else ("A Training
# Framework for Transformers"), not the class the title names.
_GENERIC_HEADS = frozenset(
    "model models architecture architectures framework frameworks network networks system "
    "systems strategy strategies method methods approach approaches scheme schemes technique "
    "techniques module modules paradigm".split()
)
_MAX_GAP = {"basedOn": 6, "uses": 6, "trainedOn": 6, "outperforms": 6}
_WITH_GAP = 3
_LIST_GAP = 6
_COMPARE_LOOKBACK = 10
# "than X", "over X", "compared to X" are read only with X close by ("higher
# than the state-of-the-art performance for DB2" compares with no method).
_COMPARING = frozenset("than over compared".split())
_COMPARE_GAP = 4

# Trigger phrases (lower-cased, space-separated tokens) for each relation.
# "compares" is provisional: it becomes "outperforms" when a comparative
# ("better", "improves") comes before it in the sentence.
_TRIGGER_PHRASES: dict[str, str] = {
    "outperforms": "outperforms | outperform | outperformed | outperforming | surpasses | "
    "surpass | surpassed | surpassing | beats | exceeds | better than | faster than | "
    "superior to | improving over | improves | improves over | improves upon",
    "compares": "than | over | compared to | compared with",
    "basedOn": "based on | built on | built upon | builds on | builds upon | build on | "
    "build upon | on top of | extends | extending | extension of | variant of | variants of | "
    "derived from | inspired by | inspiration from | adapted from | modification of",
    "trainedOn": "trained on | pre-trained on | pretrained on | fine-tuned on | training on | "
    "pre-train on | pretrain on | train on | fine-tune on | trained only on | "
    "trained solely on | trained exclusively on | pre-trained only on | pretrained only on",
    "uses": "uses | use | using | employs | employ | employing | leverages | leverage | "
    "leveraging | utilizes | utilize | utilizing | incorporates | incorporate | incorporating | "
    "integrates | integrate | integrating | adopts | adopt | adopting | combines | combine | "
    "combining | interleaves | comprising | comprises | consists | consisting | composed of | "
    "made of | contains | containing | equipped | apply | applies | applying | with | via | "
    "featuring | features | relies on | rely on | relying on | exploits | exploiting | "
    "powered by | augmented with | enhanced with | built with | through | adapts | stacks | "
    "stack | stacking | enabled by | replaced by | replaced with | bridges",
}
# By first word, so each token is looked up once rather than tried against
# every phrase.
_TRIGGERS: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _relation, _phrases in _TRIGGER_PHRASES.items():
    for _phrase in _phrases.split("|"):
        _words = tuple(_phrase.split())
        _TRIGGERS.setdefault(_words[0], []).append((_words, _relation))
_DATASET_CONTEXT = frozenset("on across over evaluated benchmark benchmarks experiments".split())


@dataclass(frozen=True, slots=True)
class _Paper:
    """What every rule reads of a Doc, read once: spaCy rebuilds every entity
    span on each `doc.ents` and a Token object on each `doc[i]`, which made
    these rules the slowest component."""

    doc: Doc
    lowers: list[str]
    texts: list[str]
    ents: list[Span]
    focus: Span | None
    focus_forms: frozenset[str]
    proposed: frozenset[int]  # the starts of the entities the paper introduces
    names: dict[int, str]  # each entity's text, by its start
    short_forms: frozenset[int]  # the starts of acronyms defined in brackets

    def name(self, ent: Span) -> str:
        return self.names[ent.start]

    def is_focus(self, ent: Span) -> bool:
        return self.names[ent.start] in self.focus_forms


@dataclass(frozen=True, slots=True)
class _Sentence:
    span: Span
    start: int
    end: int
    ents: list[Span]  # the entities inside, in order
    is_title: bool


def _read(doc: Doc) -> tuple[_Paper, list[_Sentence]]:
    v = view(doc)
    ents = list(doc.ents)
    names = {e.start: span_text(e) for e in ents}
    # A measure no entity names is mentioned by its value ("3.7x smaller size").
    for result in doc._.results:
        mention = result.measure_mention(doc)
        if mention is not None:
            names.setdefault(mention.start, result.metric_name)
    introduced = {span_text(s) for s in doc.spans.get(PROPOSED_KEY, [])}
    proposed = frozenset(start for start, name in names.items() if name in introduced)
    focus, forms = doc._.focus, doc._.focus_forms
    shorts = frozenset(short.start for _, short in doc._.acronyms)
    paper = _Paper(doc, v.lowers, v.texts, ents, focus, forms, proposed, names, shorts)
    sentences = []
    k = 0
    for n, (start, end) in enumerate(v.sent_bounds(doc)):
        inside = []
        while k < len(ents) and ents[k].start < end:
            if ents[k].start >= start:
                inside.append(ents[k])
            k += 1
        sentences.append(_Sentence(Span(doc, start, end), start, end, inside, n == 0))
    return paper, sentences


def _triggers(p: _Paper, s: _Sentence) -> Iterator[tuple[int, int, str]]:
    """(start, end, relation) of each trigger phrase in the sentence."""
    words = p.lowers[s.start : s.end]
    for i, word in enumerate(words):
        for phrase, relation in _TRIGGERS.get(word, ()):
            if tuple(words[i : i + len(phrase)]) != phrase:
                continue
            if relation == "compares":
                before = words[max(0, i - _COMPARE_LOOKBACK) : i]
                if not set(before) & COMPARATIVES or (i and words[i - 1] in {"rather", "other"}):
                    continue
                relation = "outperforms"
            yield s.start + i, s.start + i + len(phrase), relation


def _refers_to_focus(p: _Paper, s: _Sentence, end: int, words: frozenset[str] = ANAPHORS) -> bool:
    """Whether the sentence up to token `end` names the paper's focus or
    refers to it ("we", "it")."""
    return any(p.is_focus(e) for e in s.ents if e.end <= end) or any(
        w in words for w in p.lowers[s.start : end]
    )


def _subject(
    p: _Paper, s: _Sentence, before: int, labels: frozenset[str] = _SYSTEMS
) -> Span | None:
    """Who the sentence speaks of, up to token `before`: the focus when the
    text names it or refers to it ("we", "our model", "it"), else the first
    entity of a fitting type. A focus of another type (a benchmark paper's
    dataset) is not the subject of "we evaluate GPT-4 on X"."""
    focus = p.focus
    candidates = [e for e in s.ents if e.label_ in labels and e.end <= before]
    # "we present GSM++, a hybrid model that uses HAC": a relative clause on
    # what the sentence introduces speaks of it, not of the paper's focus.
    introduced = [e for e in candidates if e.start in p.proposed and not p.is_focus(e)]
    if introduced and _RELATIVE.intersection(p.lowers[introduced[0].end : before]):
        return introduced[0]
    if focus is not None and focus.label_ in labels:
        # "our EfficientViT-M5 surpasses X": a size of the focus is its own subject.
        sizes = [e for e in candidates if _is_size_of_focus(p, e)]
        if sizes:
            return sizes[0]
        # "our searched model, BossNet-T, achieves": the name the authors give
        # their model in the sentence is its subject.
        named = [e for e in candidates if _named_own(p, s, e)]
        if named:
            return named[0]
        if any(p.is_focus(e) for e in candidates):
            return focus
        if refers_to_own(p.lowers, s.start, before, (e.start for e in candidates)):
            return focus
        # "The model is pretrained on LAION-5B": a sentence that opens on
        # the bare noun speaks of the paper's model.
        if not s.is_title and _names_own_model(p.lowers[s.start : s.start + 2]):
            return focus
    # A system before a lower-case technique: in "we fine-tune LLaMA-2 on
    # Alpaca" the model, not the fine-tuning, is the subject.
    systems = [e for e in candidates if not (e.label_ == "Method" and p.name(e).islower())]
    return (systems or candidates)[0] if candidates else None


def _named_own(p: _Paper, s: _Sentence, ent: Span) -> bool:
    """Whether `ent` is set off by commas after the authors' own noun phrase
    ("our searched model, BossNet-T, ...")."""
    lowers = p.lowers
    if ent.label_ != "Method" or p.is_focus(ent) or p.name(ent).islower():
        return False
    if ent.start - 1 <= s.start or lowers[ent.start - 1] != ",":
        return False
    own = OWN_WORDS.intersection(lowers[max(s.start, ent.start - 5) : ent.start - 1])
    return bool(own) and ent.end < s.end and lowers[ent.end] in {",", "("}


def _names_own_model(words: list[str]) -> bool:
    """Whether the words are "the model", "the framework"...: the paper's own."""
    return len(words) >= 2 and words[0] == "the" and words[1] in OWN_NOUNS


def _is_size_of_focus(p: _Paper, ent: Span) -> bool:
    name = p.name(ent).lower()
    return not p.is_focus(ent) and any(_is_variant(name, f.lower()) for f in p.focus_forms)


_PARTS_ANNOUNCED = frozenset(
    "components modules blocks parts improvements innovations techniques ingredients".split()
)
_RELATIVE = frozenset({"that", "which"})
_CLAUSE_BREAKS = frozenset({";", ":", "which", "while", "whereas", "but"})


def _clause_after(p: _Paper, s: _Sentence, start: int) -> list[Span]:
    """Entities after a trigger, up to the end of its clause."""
    # "leverages two innovative components: A and B": a colon after the
    # parts announces them.
    lowers = p.lowers
    colon = next((i for i in range(start, min(start + 8, s.end)) if lowers[i] == ":"), None)
    if colon is not None and lowers[colon - 1] not in _PARTS_ANNOUNCED:
        colon = None
    ents = []
    for ent in s.ents:
        if ent.start < start:
            continue
        if any(
            w in _CLAUSE_BREAKS and k != colon
            for k, w in enumerate(lowers[start : ent.start], start)
        ):
            break
        ents.append(ent)
    return ents


def _joined(p: _Paper, left: Span, right: Span) -> bool:
    """Whether only commas, "and"/"or", articles and brackets stand between,
    after the role the first plays ("a ResNet-50 backbone and a FPN neck")."""
    between = p.lowers[left.end : right.start]
    if between[:1] and between[0] in _ROLE_NOUNS and _SEPARATORS.intersection(between):
        between = between[1:]
    return all(w in _LIST_JOINERS for w in between)


def _coordinated(p: _Paper, ents: list[Span]) -> list[Span]:
    """The first entity and those joined to it by commas and "and"/"or"
    ("based on CoAtNet and MaxViT"), not later ones in other phrases."""
    run = ents[:1]
    for prev, ent in pairwise(ents):
        if not _joined(p, prev, ent):
            break
        run.append(ent)
    return run


def _coordinated_before(p: _Paper, ents: list[Span], last: Span) -> list[Span]:
    """`last` and the entities of `ents` listed right before it ("QM9 and OGB")."""
    run = [last]
    for ent in reversed([e for e in ents if e.end <= last.start]):
        if ent.label_ != last.label_ or not _joined(p, ent, run[0]):
            break
        run.insert(0, ent)
    return run


def _heads(p: _Paper, s: _Sentence, head: Span, before: int) -> list[Span]:
    """The subject and the systems coordinated with it right before the
    trigger ("Swin and ConvNeXt outperform X"); the focus stands alone."""
    if head is p.focus:
        return [head]
    systems = [e for e in s.ents if e.label_ in _SYSTEMS and e.end <= before]
    if not systems or any(w != "," for w in p.lowers[systems[-1].end : before]):
        return [head]
    run = _coordinated_before(p, systems, systems[-1])
    return run if any(e.start == head.start for e in run) else [head]


_FRONTING = frozenset("when once if after".split())
_OPENING_MAX = 3


def _only_opens(p: _Paper, s: _Sentence, k: int) -> bool:
    """Whether the words before token `k` only open the sentence: a
    subordinator, an adverb and its comma ("Notably, when ...")."""
    return k - s.start <= _OPENING_MAX and all(
        w in _FRONTING or w == "," or w.endswith("ly") for w in p.lowers[s.start : k]
    )


def _fronted_subject(p: _Paper, s: _Sentence, end: int) -> Span | None:
    """ "With low-rank approximation and model pruning, Hiformer enjoys fast
    inference": the subject follows the fronted phrase and its comma."""
    comma = next((i for i in range(end, s.end) if p.lowers[i] == ","), None)
    if comma is None:
        return None
    after = p.lowers[comma + 1 : comma + 3]
    own = ANAPHORS.intersection(after) or _names_own_model(after)
    if p.focus is not None and p.focus.label_ in _SYSTEMS and own:
        return p.focus
    ents = [e for e in s.ents if e.label_ in _SYSTEMS and comma < e.start <= comma + 3]
    return ents[0] if ents else None


def _fronted_comparison(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """ "Compared with SegFormer, FooNet improves mIoU by 2.1%": the rivals
    come before the comma, the comparative after the subject."""
    lowers = p.lowers
    # "Notably, when compared to nnU-Net, LightM-UNet achieves superior ...".
    opening = next(
        (
            k
            for k in range(s.start, min(s.start + _OPENING_MAX + 1, s.end))
            if lowers[k : k + 2] in (["compared", "with"], ["compared", "to"])
        ),
        None,
    )
    if opening is None or not _only_opens(p, s, opening):
        return
    comma = next((i for i in range(opening + 2, s.end) if lowers[i] == ","), None)
    if comma is None:
        return
    head = _fronted_subject(p, s, opening + 2)
    if head is None or p.name(head).islower():
        return  # a technique read off a phrase ("floating-point (FP) quantization")
    if not COMPARATIVES.intersection(lowers[comma + 1 : s.end]):
        return
    # "pruning methods that require fine-tuning": a relative clause is not a rival.
    relative = next((i for i in range(opening + 2, comma) if lowers[i] in _RELATIVE), comma)
    rivals = [e for e in s.ents if opening + 2 <= e.start and e.end <= relative]
    for rival in _coordinated(p, rivals):
        # "fine-tuning-free pruning methods" are not fine-tuning.
        free = lowers[rival.end : rival.end + 2] == ["-", "free"]
        if rival.label_ == "Method" and p.name(rival) != p.name(head) and not free:
            yield head, "outperforms", rival, s.span


def _hybrid(p: _Paper, s: _Sentence, ent: Span) -> list[Span]:
    """The systems a hybrid that starts with `ent` is made of: "a hybrid
    Transformer-Mamba2 architecture", "an SSM-transformer hybrid", "an RWKV
    Hybrid"; none where `ent` starts no hybrid ("a hybrid Vision
    Transformer" is one)."""
    lowers = p.lowers
    parts = [ent]
    for nxt in s.ents:
        if nxt.start >= parts[-1].end:
            if nxt.label_ not in _SYSTEMS or lowers[parts[-1].end : nxt.start] not in (
                ["-"],
                ["/"],
            ):
                break
            parts.append(nxt)
    before = "hybrid" in lowers[max(s.start, ent.start - 3) : ent.start]
    after = lowers[parts[-1].end : parts[-1].end + 1] == ["hybrid"]
    return parts if after or (before and len(parts) > 1) else []


def _trigger_relations(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    lowers = p.lowers
    for start, end, relation in _triggers(p, s):
        head = _subject(p, s, start)
        # "When trained only on WikiText-103, Transformer-XL ...", "Notably,
        # when using BART-Large as the main network, Hypter ...": the subject
        # follows the fronted clause.
        fronted = _only_opens(p, s, start)
        if head is None and fronted and relation in ("uses", "basedOn", "trainedOn"):
            head = _fronted_subject(p, s, end)
        # "comparable to Swin-B pretrained on ImageNet-21k": the model right
        # before is the one trained, whoever the sentence speaks of.
        if relation == "trainedOn":
            head = next((e for e in s.ents if e.end == start and e.label_ in _SYSTEMS), head)
        # "the layer normalization is replaced by batch normalization": what is
        # replaced does not use its replacement; the paper's model does.
        if lowers[start] == "replaced":
            focus = p.focus
            head = focus if focus is not None and focus.label_ in _SYSTEMS else None
        if head is None:
            continue
        if relation == "uses" and start > s.start and lowers[start - 1] in _NOT_USES_BEFORE:
            continue
        # "achieves comparable performance with MobileNets" compares.
        if lowers[start] == "with" and _NOT_USES_BEFORE.intersection(
            lowers[max(s.start, start - 3) : start]
        ):
            continue
        wanted = {"trainedOn": {"Dataset"}}.get(relation, _SYSTEMS)
        tails = [e for e in _clause_after(p, s, end) if e.label_ in wanted]
        gap = _MAX_GAP.get(relation)
        if lowers[start] == "with":
            gap = _WITH_GAP
        elif lowers[start] in _COMPARING:
            gap = _COMPARE_GAP
        if gap is not None and tails:
            # "outperforms the other one-step generators, including X",
            # "consists of a diverse set of layers such as X": the names come
            # after the class they belong to.
            rivals = [t for t in tails if t.label_ == "Method"]
            if relation == "outperforms" and _MEMBER_OPENERS.intersection(
                lowers[end : (rivals or tails)[0].start]
            ):
                gap += _LIST_GAP
            # Parts, though, are listed as such ("e.g." gives instances of
            # whatever the clause speaks of: "search spaces with disparate
            # candidates (e.g. CNNs)").
            if relation == "uses" and {"such", "including"}.intersection(
                lowers[end : tails[0].start]
            ):
                gap += _LIST_GAP
            # "outperforms state-of-the-art diffusion models": one word between.
            if view(p.doc).words(end, tails[0].start) > gap:
                continue
        if lowers[start] == "with" and tails:
            words = set(lowers[end : tails[0].start])
            if words & _NOT_WITH or lowers[tails[0].start - 1] in _NOT_WITH:
                continue
        if relation == "uses" and tails:
            before = lowers[max(end, tails[0].start - 2) : tails[0].start]
            if before[-1:] in (["than"], ["to"]) or before == ["as", "in"]:
                continue
        if relation in {"basedOn", "uses", "trainedOn"}:
            tails = _coordinated(p, tails)
        # "based on a hybrid Transformer-Mamba architecture": it has both.
        parts = _hybrid(p, s, tails[0]) if relation in {"basedOn", "uses"} and tails else []
        if parts:
            relation, tails = "uses", parts
        if relation == "outperforms":
            tails = [t for t in tails if t.label_ == "Method" or head.label_ == "Architecture"]
        for subject in _heads(p, s, head, start):
            for tail in tails:
                yield subject, relation, tail, s.span


def _task_head(p: _Paper, s: _Sentence, task: Span, head: Span | None) -> Span | None:
    """ "ViT for image classification": a system right before "for T" is the
    one applied, unless the sentence is about the paper's own contribution."""
    i = task.start - 1
    while i > s.start and p.lowers[i] in _DETERMINERS:
        i -= 1
    # "inspired by MLP-Mixer's success in computer vision, we ...", "the
    # success of LMUs in sequence learning": the task is the named system's,
    # even in a sentence about the paper's own.
    if p.lowers[i] == "in":
        before = [e for e in s.ents if e.end <= i and e.label_ in _SYSTEMS]
        if len(before) > 1 and before[-1].start in p.short_forms:
            before.pop()  # "Legendre Memory Units (LMU)"
        if before and _succeeded(p, before[-1], i):
            return before[-1]
    if head is not None and head is p.focus:
        return head
    if p.lowers[i] != "for":
        return head
    before = [e for e in s.ents if e.end <= i and e.label_ in _SYSTEMS]
    if before and "".join(p.texts[before[-1].end : i]).strip("() ") == "":
        return before[-1]
    return head


def _succeeded(p: _Paper, system: Span, until: int) -> bool:
    """Whether "`system`'s success" or "success of `system`" (its acronym
    aside) runs up to token `until`."""
    after = p.lowers[system.end : until]
    if after[:1] == ["("] and ")" in after:
        after = after[after.index(")") + 1 :]
    before = p.lowers[max(0, system.start - 3) : system.start]
    return after == ["'s", "success"] or (
        not after and before[-2:] in (["success", "of"], ["successes", "of"])
    )


def _sentence_relations(p: _Paper, s: _Sentence, triggered: list[Triple]) -> Iterator[Triple]:
    """Relations implied by what co-occurs with the subject of a sentence.
    A title speaks of the paper's own contribution ("Hybrid Transformers for
    Music Source Separation" names the task the proposed model addresses)."""
    head = _subject(p, s, s.end)
    if s.is_title and p.focus is not None and p.focus.label_ in _SYSTEMS:
        head = p.focus
    trained = {tail.start for _, relation, tail, _ in triggered if relation == "trainedOn"}
    datasets = [e for e in s.ents if e.label_ == "Dataset"]
    tested: set[int] = set()
    for k, ent in enumerate(datasets):
        # "on ImageNet, CIFAR-100 and ADE20K": the whole list is tested on;
        # so is one announced by a colon ("on three benchmarks: KINS, D2SA").
        window = p.lowers[max(ent.start - 3, s.start) : ent.start]
        if window[-1:] == [":"]:
            window = p.lowers[max(ent.start - 6, s.start) : ent.start]
        if set(window) & _DATASET_CONTEXT:
            tested.update(d.start for d in _coordinated(p, datasets[k:]))
    # "We evaluate GPT-4, Claude and Gemini on MMLU": each one is tested.
    tested_systems = [] if head is None else _listed_from(p, s, head)
    for ent in s.ents:
        if ent.label_ == "Task":
            applied = _task_head(p, s, ent, head)
            if applied is None:
                continue
            # "Vision network designs, including CNNs and Vision Transformers,
            # have advanced computer vision": each system of a list applies.
            for system in _listed_from(p, s, applied):
                yield system, "appliedTo", ent, s.span
        elif ent.start in tested and ent.start not in trained:
            for system in tested_systems:
                if system.label_ == "Method":
                    yield system, "evaluatedOn", ent, s.span


def _listed_from(p: _Paper, s: _Sentence, system: Span) -> list[Span]:
    """`system` and the systems listed right after it; the focus stands alone."""
    if system is p.focus:
        return [system]
    systems = [e for e in s.ents if e.label_ in _SYSTEMS and e.start >= system.start]
    if systems and systems[0] is system:
        return _coordinated(p, systems)
    return [system]


_RUN_ON = frozenset("on with using".split())
_RUN_ON_FILLERS = frozenset("both the".split())


def _benchmark_for(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """ "evaluated on COCO for object detection", "ADE20K, a standard benchmark
    for semantic segmentation", "QM9 and OGB are benchmarks for T", "T
    benchmarks such as X and Y", "on T on X and Y"."""
    lowers = p.lowers
    ents = s.ents
    datasets = [e for e in ents if e.label_ == "Dataset"]
    if not datasets:
        return
    for task in ents:
        if task.label_ != "Task":
            continue
        # The first task of a list ("for VQA and captioning") says what comes before.
        first = _coordinated_before(p, ents, task)[0]
        i = first.start - 1
        while i > s.start and lowers[i] in _DETERMINERS:
            i -= 1
        # "a benchmark for evaluating LLM agents on web navigation": what the
        # benchmark evaluates systems on is its task.
        if lowers[i] != "for":
            gerund = next(
                (
                    k
                    for k in range(first.start - 1, max(s.start, first.start - 8), -1)
                    if lowers[k] in _EVALUATING_GERUNDS and lowers[k - 1] == "for"
                ),
                None,
            )
            if (
                gerund is not None
                and gerund - 2 >= s.start
                and lowers[gerund - 2] in BENCHMARK_NOUNS
            ):
                i = gerund - 1
        if lowers[i] == "for" and i > s.start:
            k = i - 1
            named = [d for d in datasets if d.end == k + 1]
            if not named and lowers[k] in BENCHMARK_NOUNS:
                near = [d for d in datasets if d.end <= k and k - d.end <= 6]
                if near and not [e for e in ents if near[-1].end <= e.start and e.end <= k]:
                    named = near[-1:]
            for last in named:
                for dataset in _coordinated_before(p, datasets, last):
                    yield dataset, "benchmarkFor", task, s.span
        # "on language modeling on both the PTB and WikiText-2 datasets",
        # "digit recognition with the MNIST dataset": what a task is run on;
        # after a list of tasks ("detection and segmentation on COCO and
        # ADE20K") the datasets may go each with one.
        k = task.end
        if k < s.end and lowers[k] in _RUN_ON and first is task:
            k += 1
            while k < s.end and lowers[k] in _RUN_ON_FILLERS:
                k += 1
            run_on = [d for d in datasets if d.start == k]
            if run_on:
                for dataset in _coordinated(p, [d for d in datasets if d.start >= k]):
                    yield dataset, "benchmarkFor", task, s.span
        # "T benchmarks such as X", "T datasets: X and Y"
        j = task.end
        if j < s.end and lowers[j] in BENCHMARK_NOUNS:
            after = [d for d in datasets if d.start > j and d.start - j <= 3]
            if after and all(
                w in {"such", "as", ",", ":", "including", "like", "e.g."}
                for w in lowers[j + 1 : after[0].start]
            ):
                for dataset in _coordinated(p, [d for d in datasets if d.start >= after[0].start]):
                    yield dataset, "benchmarkFor", task, s.span


def _title_benchmarks(p: _Paper, title: _Sentence) -> Iterator[Triple]:
    """ "Hybrid Transformers for Music Source Separation": the datasets of a
    paper whose title names its task are benchmarks for that task."""
    task = next((e for e in title.ents if e.label_ == "Task"), None)
    if task is None:
        return
    seen: set[str] = set()
    for ent in p.ents:
        text = p.name(ent)
        if ent.label_ == "Dataset" and text not in seen:
            seen.add(text)
            yield ent, "benchmarkFor", task, sentence_of(p.doc, ent.start)


def _singular(text: str) -> str:
    text = text.lower()
    return text[:-1] if text.endswith("s") and not text.endswith("ss") else text


# Size and version suffixes that name a variant of a model: "ResNet50",
# "Mamba-3B", "DeiT-Base", "EfficientFormer-L1", "ViT-S/16", "MobileNetV2".
_VARIANT = re.compile(
    r"s?[-\s]?(?:v?\d+(?:\.\d+)?[bmk]?|base|large|small|tiny|huge|mini|nano|xl|xxl|[smlbth]|ti|xs"
    r"|[a-z]\d+(?:/\d+)?|[a-z]/\d+)"
)


def _is_variant(lower: str, key: str) -> bool:
    """Whether the name `lower` is a size or version of the model keyed `key`."""
    return lower.startswith(key) and _VARIANT.fullmatch(lower, len(key)) is not None


def _is_kind(ent: Span, singular: str, key: str, family: Span) -> bool:
    """Whether the name `singular` (of `ent`, without a plural -s) says it is
    a `family` (keyed `key`)."""
    # A modified family name counts even when it is a description rather than
    # a name ("one-layer transformers", "channel-wise quantization"): the
    # annotations state those too.
    return len(ent) > len(family) and singular.endswith(" " + key)


def _kinds(p: _Paper) -> Iterator[Triple]:
    """Names that say what they are: "single-layer Transformer" is a
    Transformer, "layerwise quantization" a quantization, "ResNet50" a
    ResNet, "DeiT-Base" a DeiT, where the family or model is itself an
    entity of the paper."""
    texts = [p.name(e) for e in p.ents]
    families: dict[str, Span] = {}
    # Any named model has sizes and versions ("EfficientViT-M5", "BERT-Mini"),
    # not only a family.
    models: dict[str, Span] = {}
    for ent, text in zip(p.ents, texts, strict=True):
        if _is_family(p, ent):
            families.setdefault(_singular(text), ent)
        elif ent.label_ in _SYSTEMS:
            models.setdefault(text.lower(), ent)
    seen: set[tuple[str, str]] = set()
    # A name repeated reads the same each time: its first mention stands for all.
    first: dict[tuple[str, str, str], Span] = {}
    for ent, text in zip(p.ents, texts, strict=True):
        first.setdefault((text, ent.label_, ent.kb_id_), ent)
    for (text, label, kb_id), ent in first.items():
        if label not in _SYSTEMS or p.lowers[ent.start] in _PLAIN:
            continue
        lower = text.lower()
        singular = _singular(lower)
        for key, family in (families | models).items():
            family_text = p.name(family)
            if (text, family_text) in seen:
                continue
            # A family the lexicon knows ("Vision Transformer") is no new kind
            # of another; that it is one is world knowledge, not what the text
            # says. A size ("ResNet50") is in the name whatever the lexicon knows.
            modified = not kb_id and key in families and _is_kind(ent, singular, key, family)
            if _is_variant(lower, key) or modified:
                seen.add((text, family_text))
                yield ent, "isA", family, sentence_of(p.doc, ent.start)


def _is_family(p: _Paper, ent: Span) -> bool:
    """An architecture, or a class of methods written in lower case ("large
    language models", "quantization"), not a named model."""
    # The first letter may be a sentence's capital ("Large language models").
    # "Large Language Models", "LLMs": a class the lexicon writes in lower
    # case, in title case or as its acronym.
    known = ent.kb_id_ and ent.kb_id_[1:].islower()
    return ent.label_ == "Architecture" or (
        ent.label_ == "Method" and (p.name(ent)[1:].islower() or bool(known))
    )


def _is_technique(p: _Paper, ent: Span) -> bool:
    """A method that is a way of doing ("fine-tuning", "Post-Training
    Quantization"), not a named model."""
    text = p.name(ent)
    return ent.label_ == "Method" and (text.islower() or type_from_head(text) == "Method")


def _before_of(p: _Paper, s: _Sentence, ent: Span) -> str | None:
    """The word before an "of" that `ent` follows ("components" in "components
    of a transformer model"), "" at the sentence start; None without "of"."""
    i = ent.start - 1
    while i > s.start and p.lowers[i] in _DETERMINERS:
        i -= 1
    if p.lowers[i] != "of":
        return None
    return p.lowers[i - 1] if i > s.start else ""


def _is_a(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    lowers = p.lowers
    ents = s.ents
    for i, ent in enumerate(ents):
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if nxt is not None and ent.label_ == "Method" and nxt.label_ in _SYSTEMS:
            between = lowers[ent.end : nxt.start]
            yield from _appositive(p, s, ent, nxt, ent.end)
            # "Sliced Recursive Transformer (SReT), a novel vision transformer":
            # the class follows the name's acronym.
            later = ents[i + 2] if i + 2 < len(ents) else None
            if (
                later is not None
                and between == ["("]
                and nxt.start in p.short_forms
                and lowers[nxt.end : nxt.end + 1] == [")"]
            ):
                yield from _appositive(p, s, ent, later, nxt.end + 1)
            # "Hiformer (Heterogeneous Interaction Transformer)": the expansion's head.
            if (
                nxt.label_ == "Architecture"
                and between[:1] == ["("]
                and nxt.end < s.end
                and lowers[nxt.end] == ")"
                and len(between) <= 5
            ):
                yield ent, "isA", nxt, s.span
        # "a hybrid ViT architecture named FMViT": the name's class comes first.
        if ent.label_ in _SYSTEMS and nxt is not None and nxt.label_ == "Method":
            between = lowers[ent.end : nxt.start]
            if between and between[-1] in _NAMING and len(between) <= 3:
                yield nxt, "isA", ent, s.span
        # "a novel transformer encoder-decoder architecture for 3D human mesh
        # reconstruction, called FastMETRO": the class opens the named phrase.
        naming = ent.start - 1 - (lowers[ent.start - 1] == "the")
        if ent.label_ == "Method" and naming > s.start and lowers[naming] in _NAMING:
            yield from _named_class(p, s, ent, naming)
        # "transformer networks, including BERT, GPT", "large language models
        # (LLMs) such as GPT-4": members of a family; "components of a
        # transformer model, such as X": parts of a system, not kinds of it.
        of = _before_of(p, s, ent)
        parts = of in _PART_NOUNS
        # "updated versions of RNNs, such as LSTM": a kind of a kind.
        if of in _KINDS_OF:
            of = None
        # "regularization methods such as weight decay and dropout".
        kinds_of = ent.end < s.end and lowers[ent.end] in _METHOD_NOUNS
        if (
            ent.label_ == "Architecture"
            or (_is_family(p, ent) and (_singular(lowers[ent.end - 1]) == "model" or kinds_of))
        ) and (parts or of is None):
            # "Transformer-based language models (e.g. BERT)": the members are
            # of both families.
            prev = ents[i - 1] if i else None
            based = (
                [prev]
                if prev is not None
                and prev.label_ == "Architecture"
                and lowers[prev.end : ent.start] in (["-", "based"], ["based"])
                else []
            )
            for member in _members(p, s, i):
                if parts:
                    yield ent, "uses", member, s.span
                else:
                    for family in [ent, *based]:
                        yield member, "isA", family, s.span
    # "It is a hybrid transformer", "Our model is a state-space model".
    focus = p.focus
    words = lowers[s.start : s.end]
    if focus is not None and focus.label_ in _SYSTEMS and "is" in words[:5]:
        k = words.index("is")
        if words[k + 1 : k + 2] in (["a"], ["an"]) and _refers_to_focus(p, s, s.start + k):
            kinds = [e for e in ents if e.start >= s.start + k and e.label_ in _SYSTEMS]
            if kinds and kinds[0].start - (s.start + k) <= 5 and not p.is_focus(kinds[0]):
                yield focus, "isA", kinds[0], s.span


def _kinds_stated(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """What a sentence says a named system is, beyond the paper's own: "Mamba
    is a state space model", "the language model GPT-4", "GPT-4, Claude and
    other large language models"."""
    lowers = p.lowers
    ents = s.ents
    for i, ent in enumerate(ents):
        if ent.label_ not in _SYSTEMS:
            continue
        # "X is a Y": a named subject right before the copula.
        k = ent.end
        if k < s.end and lowers[k] == "is" and not p.name(ent).islower():
            k += 1
            while k < s.end and lowers[k] in _COPULA_ADVERBS:
                k += 1
            if k < s.end and lowers[k] in ("a", "an"):
                kinds = [e for e in ents[i + 1 :] if e.label_ in _SYSTEMS and e.start - k <= 4]
                if kinds and kinds[0].start > k and _is_family(p, kinds[0]):
                    yield ent, "isA", kinds[0], s.span
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        # "the language model GPT-4": a family's name, then the member's.
        if (
            nxt is not None
            and nxt.start == ent.end
            and nxt.label_ == "Method"
            and _is_family(p, ent)
            and _is_proper_name(p.name(nxt))
            and ent.start > s.start
            and lowers[ent.start - 1] in _DETERMINERS
        ):
            yield nxt, "isA", ent, s.span
        # "GPT-4, Claude and other large language models".
        if (
            ent.start - 2 > s.start
            and lowers[ent.start - 1] == "other"
            and lowers[ent.start - 2] in ("and", "or")
            and _is_family(p, ent)
        ):
            end = ent.start - 2
            for member in reversed(ents[:i]):
                gap = lowers[member.end : end]
                if member.label_ != "Method" or not _is_proper_name(p.name(member)):
                    break
                if not _SEPARATORS.issuperset(gap):
                    break
                yield member, "isA", ent, s.span
                end = member.start
                if member.start == 0 or lowers[member.start - 1] not in _SEPARATORS:
                    break


def _is_proper_name(name: str) -> bool:
    """A model's name ("GPT-4", "Llama 3"), each word capitalised or a number,
    not a phrase ("TensorFlow program")."""
    return all(w[:1].isupper() or w[:1].isdigit() for w in name.split())


def _named_class(p: _Paper, s: _Sentence, named: Span, naming: int) -> Iterator[Triple]:
    """The class that opens a phrase naming `named` ("a new binarization
    paradigm customized to softmax attention, called EcoFormer")."""
    lowers = p.lowers
    for k in range(naming - 1, max(s.start, naming - _NAMED_PHRASE) - 1, -1):
        if lowers[k] in _CLAUSE_BREAKS or lowers[k] in {"we", "that", "and"}:
            return
        if lowers[k] not in {"a", "an"}:
            continue
        heads = [e for e in s.ents if k < e.start <= k + 5 and e.end <= naming]
        if not heads or heads[0].label_ not in _SYSTEMS:
            continue
        if naming - heads[0].end <= 3:
            return  # the nearby class is read by the rule above
        # "a variant of the autoregressive transformer, termed EBT", "a family
        # of Transformer-like architectures, called X" vary it.
        opening = set(lowers[k : heads[0].start])
        like = lowers[heads[0].end : heads[0].end + 2] == ["-", "like"]
        varies = like or bool({"variant", "version", "extension"} & opening)
        relation = "basedOn" if varies else "isA"
        for head in _coordinated(p, heads):
            if head.label_ in _SYSTEMS:
                yield named, relation, head, s.span
        return


_NAMED_PHRASE = 20


def _appositive(p: _Paper, s: _Sentence, ent: Span, nxt: Span, after: int) -> Iterator[Triple]:
    """ "FastViT, a hybrid vision transformer": an appositive that starts at
    token `after` names the class of `ent`; so does one after a dash ("EBTs –
    a new class of EBMs")."""
    if nxt.label_ not in _SYSTEMS:
        return
    between = p.lowers[after : nxt.start]
    if between[:1] and between[0] in _DASHES:
        between = [",", *between[1:]]
    if (
        between[:2] in ([",", "a"], [",", "an"], ["is", "a"], ["is", "an"], [",", "the"])
        and len(between) <= 6
    ):
        # "RepMixer, a building block of FastViT" is a part, not a kind; "a
        # new class of EBMs" a kind.
        if between[-1] == "of" and between[-2] not in _KIND_NOUNS:
            yield nxt, "uses", ent, s.span
        elif between[-1] == "of" or not set(between[2:]) & _NOT_APPOSITIVE:
            # "Zamba, a 7B SSM-transformer hybrid model": made of both, not either.
            made_of = _hybrid(p, s, nxt)
            for part in made_of:
                yield ent, "uses", part, s.span
            if not made_of:
                yield ent, "isA", nxt, s.span


_DASHES = frozenset("– — --".split())
_KIND_NOUNS = frozenset("class kind type family form instance".split())
# Before "of" and a family, these make what the family lists kinds of it too.
_KINDS_OF = _KIND_NOUNS | frozenset(
    "classes kinds types families forms instances version versions variant variants".split()
)


def _spells(short: str, name: str) -> bool:
    """Whether `short` ends with the initials of `name`: "RLMHSA" of
    "Multi-head Self-Attention", a variant the paper names by its acronym."""
    initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w).upper()
    return len(initials) > 1 and short.isupper() and short.endswith(initials)


def _members(p: _Paper, s: _Sentence, i: int) -> list[Span]:
    """The systems listed after the family `s.ents[i]`: after "such as",
    "including"…, or in brackets ("lightweight CNNs (SqueezeNet,
    MobileNetV2)")."""
    lowers = p.lowers
    ents = s.ents
    end = ents[i].end
    if (
        lowers[end : end + 1] == ["("]
        and lowers[end + 2 : end + 3] == [")"]
        and (end + 1 in p.short_forms or _spells(p.texts[end + 1], p.name(ents[i])))
    ):
        end += 3  # the family's acronym, not a member ("the CNN (DenseNet-121)")
    window = lowers[end : min(end + 6, s.end)]
    after = [e for e in ents[i + 1 :] if e.start >= end]
    opener = next((k for k, w in enumerate(window) if w in _MEMBER_OPENERS), None)
    bracket = next((k for k, w in enumerate(window) if w == "("), None)
    if bracket is not None and (opener is None or bracket < opener):
        first = end + bracket + 1
        # Not the family's own acronym, nor an aside that is no list of names.
        if not after or after[0].start != first or first in p.short_forms:
            bracket = None
    if bracket is not None and set(window[:bracket]) <= _FAMILY_WORDS:
        listed = []
        for member in _coordinated(p, after):
            listed.append(member)
            if lowers[member.end : member.end + 1] == [")"]:
                break
        else:
            return []
        return listed if all(e.label_ in _SYSTEMS for e in listed) else []
    if opener is None or not set(window[:opener]) <= _FAMILY_WORDS:
        return []
    if after and after[0].start - end > 7:
        return []
    members: list[Span] = []
    for member in _coordinated(p, after):
        if member.label_ not in _SYSTEMS:
            break
        # "such as LSTM (LSTM), transformer models excel": after a bare
        # comma, a name that words go on from opens the next clause.
        if members and _bare_comma(lowers[members[-1].end : member.start]):
            nxt = lowers[member.end] if member.end < s.end else "."
            if nxt.isalpha() and nxt not in LIST_SEPARATORS:
                break
        members.append(member)
    return members


def _bare_comma(between: list[str]) -> bool:
    """Whether only a comma, maybe after a closing bracket, separates two names."""
    return [w for w in between if w != ")"] == [","]


_IN = frozenset("in of within inside".split())
_PART_NOUNS = frozenset("component components part parts module modules block blocks".split())


def _parts(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """ "the self-attention layer in Transformer", "the attention mechanism of
    BERT": an architectural block named as a part of a system."""
    lowers = p.lowers
    for ent, nxt in pairwise(s.ents):
        # "Transformers in reinforcement learning": a technique is no whole.
        if ent.label_ != "Architecture" or nxt.label_ not in _SYSTEMS or _is_technique(p, nxt):
            continue
        between = lowers[ent.end : nxt.start]
        if between[:1] and between[0] in _IN and set(between[1:]) <= _DETERMINERS | {"each"}:
            yield nxt, "uses", ent, s.span


def _variants(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """ "BERT-like models, including ALBERT and DeBERTa": the members are
    variants of the model before "-like"."""
    lowers = p.lowers
    ents = s.ents
    for i, ent in enumerate(ents):
        if ent.label_ not in _SYSTEMS or lowers[ent.end : ent.end + 2] != ["-", "like"]:
            continue
        window = lowers[ent.end + 2 : ents[i + 1].start] if i + 1 < len(ents) else []
        opener = next((k for k, w in enumerate(window) if w in _MEMBER_OPENERS), None)
        if opener is not None and set(window[:opener]) <= _FAMILY_WORDS and len(window) <= 5:
            for member in _coordinated(p, ents[i + 1 :]):
                if member.label_ not in _SYSTEMS:
                    break
                yield member, "basedOn", ent, s.span


def _focus_metrics(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """ "Our model obtains the best latency-accuracy trade-off": a metric
    reported in a sentence about the focus measures the focus."""
    if p.focus is None or not _refers_to_focus(p, s, s.end, OWN_WORDS):
        return
    for ent in s.ents:
        if ent.label_ == "Metric" and not _is_objective(p, ent):
            yield p.focus, "evaluatedWith", ent, s.span


# "we introduce a class-wise pruning technique", "we design an attention
# distillation method": what the authors build for their model is a part of it.
_BUILDING_VERBS = frozenset("introduce design develop devise propose".split())
_WE_ADVERBS = frozenset("also further then first additionally finally next".split())
_BUILT_GAP = 4
_LISTED_GAP = 8
_IN_PHRASE = frozenset("for of to in on with by from".split())
_PART_HEADS = frozenset("block module layer unit mechanism head adapter branch gate cell".split())
_RENAMING = frozenset("namely called named dubbed termed".split())


def _components_built(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """The techniques and blocks the authors say they build ("we introduce
    A", "we develop two techniques: A and B") in a sentence that does not
    name the paper's model: parts of it. A sentence that names it introduces
    the model itself ("we introduce a Transformer variant, named Magneto")."""
    focus = p.focus
    if focus is None or focus.label_ not in _SYSTEMS or s.is_title:
        return
    if any(p.is_focus(e) for e in s.ents):
        return
    lowers = p.lowers
    for k in range(s.start, s.end - 1):
        if lowers[k] != "we":
            continue
        verb = k + 1
        while verb < s.end and lowers[verb] in _WE_ADVERBS:
            verb += 1
        # "We propose that a model can be ..." states a claim, builds nothing.
        if verb + 1 >= s.end or lowers[verb] not in _BUILDING_VERBS or lowers[verb + 1] == "that":
            continue
        tails = [e for e in _clause_after(p, s, verb + 1) if e.label_ in _SYSTEMS]
        # "two prior attention modules, namely KPA and TPA", "a novel NAS
        # policy, called BOSHNAS": what is built is what is named, not its kind.
        if len(tails) > 1 and _RENAMING.intersection(lowers[tails[0].end : tails[0].end + 3]):
            tails = tails[1:]
        if not tails:
            continue
        between = lowers[verb + 1 : tails[0].start]
        # "we introduce deploy-friendly mechanisms such as A, B and C": the
        # examples of what is built are built, and so are the names given.
        listed = (
            between[-2:] == ["such", "as"]
            or between[-1:] == ["including"]
            or bool(_RENAMING.intersection(between[-2:]))
        )
        gap = _LISTED_GAP if listed else _BUILT_GAP
        # "we introduce a procedure for training Transformers": the object is
        # the procedure; the Transformer only what it is for.
        if ":" not in between and (len(between) > gap or _IN_PHRASE.intersection(between)):
            continue
        for tail in _coordinated(p, tails):
            # "a Transformer-based approach": the kind of what is built.
            if lowers[tail.end : tail.end + 2] in (["-", "based"], ["based"]):
                continue
            # "we design a modified Transformer": the model is one, not its part.
            part = listed or _singular(lowers[tail.end - 1]) in _PART_HEADS
            if tail.label_ == "Architecture" and not part:
                continue
            yield focus, "uses", tail, s.span


_PASSIVE_USES = frozenset(
    "applied used employed adopted introduced incorporated integrated leveraged utilized "
    "utilised inserted added developed designed proposed".split()
)


_TRAINING_USES = (
    ("used", "to", "train"),
    ("used", "to", "pre-train"),
    ("used", "to", "pretrain"),
    ("used", "for", "training"),
    ("used", "for", "pre-training"),
    ("used", "for", "pretraining"),
)


def _used_to_train(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """ "the pretraining dataset, which we call Zyda-2, used to train the
    Zamba2 series": the dataset comes first, the models it trains after."""
    lowers = p.lowers
    for k in range(s.start, s.end - 3):
        if tuple(lowers[k : k + 3]) not in _TRAINING_USES:
            continue
        data = [e for e in s.ents if e.label_ == "Dataset" and k - 6 <= e.end <= k]
        models = [e for e in s.ents if e.label_ in _SYSTEMS and k + 3 <= e.start <= k + 5]
        if data and models:
            for model in _coordinated(p, models):
                yield model, "trainedOn", data[-1], s.span


def _passive_parts(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """ "a transform attention layer is applied to convert the features": a
    system put to use without saying by whom, once the paper has named its
    model, is the model's part. The first system of the sentence only: a
    later one is used by the earlier ("X, in which Y is used"), unless listed
    with the first."""
    focus = p.focus
    if focus is None or focus.label_ not in _SYSTEMS or s.is_title or focus.start >= s.start:
        return
    systems = [e for e in s.ents if e.label_ in _SYSTEMS]
    if not systems or p.is_focus(systems[0]):
        return
    # "the Next Convolution Block (NCB) and Next Transformer Block (NTB) are
    # respectively developed": a list of parts, each maybe with its acronym.
    listed = _coordinated(p, systems)
    lowers = p.lowers
    k = listed[-1].end
    if k < s.end and lowers[k] == ")":
        k += 1
    if k >= s.end or lowers[k] not in BE:
        return
    k += 1
    while k < s.end and lowers[k] in _COPULA_ADVERBS | _WE_ADVERBS | {"respectively"}:
        k += 1
    if k < s.end and lowers[k] in _PASSIVE_USES:
        for ent in listed:
            if ent.start not in p.short_forms:
                yield focus, "uses", ent, s.span


_MEANS = frozenset("with using via by minimizing minimising optimizing optimising".split())


def _is_objective(p: _Paper, metric: Span) -> bool:
    """A loss the model is trained with ("trained with a contrastive loss"),
    a means of training rather than a measure it is evaluated with."""
    if p.lowers[metric.end - 1] not in ("loss", "losses", "objective", "objectives"):
        return False
    return bool(_MEANS.intersection(p.lowers[max(metric.start - 3, 0) : metric.start]))


# Words before a block that say it is taken out, not put in: "a drop-in
# replacement for attention layers", "by removing fully-connected layers".
_REPLACING = frozenset(
    "replace replaces replaced replacing replacement substitute substitutes substituting "
    "instead removing remove removes removed eliminating eliminates alternative "
    "alternatives".split()
)


def _transformer_blocks(p: _Paper, s: _Sentence) -> Iterator[Triple]:
    """ "the attention mechanism usually adopted for transformer
    architecture", "ViT ... the cost of self attention modules": a sentence
    that names a Transformer and one of its standard blocks speaks of the
    block as part of it."""
    wholes = [e for e in s.ents if e.label_ in _SYSTEMS and _TRANSFORMER.search(p.name(e))]
    # "we propose an efficient Transformer model by redesigning its building
    # blocks (multi-head attention ...)": the blocks are also the paper's own
    # model's.
    focus = p.focus
    own = focus is not None and focus.label_ in _SYSTEMS
    if wholes and focus is not None and own and _refers_to_focus(p, s, s.end, OWN_WORDS):
        wholes = [focus, *wholes]
    for whole in wholes:
        if _BLOCK.search(p.name(whole)):
            continue
        for part in s.ents:
            name = p.name(part)
            is_block = _BLOCK.search(name) and not _TRANSFORMER.search(name)
            replaced = _REPLACING.intersection(p.lowers[max(s.start, part.start - 3) : part.start])
            if part.label_ == "Architecture" and is_block and not replaced:
                yield whole, "uses", part, s.span


# Last words of a research field rather than a task ("natural language
# processing", "computer vision", "scientific computing").
_FIELD_HEADS = frozenset("processing vision computing nlp cv".split())


def _is_field(name: str) -> bool:
    words = name.lower().split()
    return bool(words) and words[-1] in _FIELD_HEADS


def _paper_level(
    p: _Paper, sentences: list[_Sentence], claimed: frozenset[str] = frozenset()
) -> Iterator[Triple]:
    """What an abstract implies without a trigger word: the method it
    proposes addresses the tasks it names and is evaluated on the datasets it
    names; a Transformer has the blocks named with it. Looser than the rules,
    so these come with a lower confidence and only where no rule has related
    the pair."""
    for s in sentences:
        yield from _transformer_blocks(p, s)
    focus = p.focus
    if focus is None or focus.label_ not in _SYSTEMS:
        return
    # A field named only before the abstract first names the paper's model
    # is the background's ("Recent advances in NLP and computer vision rely
    # on massive models. ... We propose X").
    title_end = sentences[0].end if sentences else 0
    own = [e.start for e in p.ents if p.is_focus(e) and e.start >= title_end]
    background_end = own[0] if own else title_end
    later = {p.name(e) for e in p.ents if e.start < title_end or e.start > background_end}
    seen: set[str] = set()
    for ent in p.ents:
        relation = _PAPER_LEVEL.get(ent.label_)
        if relation is None or p.name(ent) in seen or p.is_focus(ent) or p.name(ent) in claimed:
            continue
        if _is_field(p.name(ent)) and p.name(ent) not in later:
            continue
        # Only a method is evaluated on a dataset (ANNOTATION.md).
        if relation == "evaluatedOn" and focus.label_ != "Method":
            continue
        seen.add(p.name(ent))
        yield focus, relation, ent, sentence_of(p.doc, ent.start)


def _named_after(p: _Paper) -> Iterator[Triple]:
    """ "EfficientVMamba", "SkipViT", "LightHuBERT", "ViT-CoMer": a proposed
    name built on a prior model's name says which model it builds on."""
    focus = p.focus
    if focus is None or focus.label_ != "Method":
        return
    # One-word forms, not the paper's own acronyms, whose letters may spell
    # another's ("HCMT" holds "CMT").
    shorts = {span_text(short) for _, short in p.doc._.acronyms}
    forms = [f for f in p.focus_forms if " " not in f and f not in shorts]
    found: dict[str, Span] = {}
    for ent in p.ents:
        name = p.name(ent)
        # A named model, not a generic word the name ends with ("ByteTransformer").
        if ent.label_ not in _SYSTEMS or p.is_focus(ent) or " " in name or name.islower():
            continue
        if len(name) < 3 or name.lower().startswith("transformer"):
            continue
        if any(name in form and name != form for form in forms):
            found.setdefault(name, ent)
    for name, ent in found.items():
        # "LightHuBERT" builds on HuBERT, not on the BERT inside it.
        if not any(name in other and name != other for other in found):
            yield focus, "basedOn", ent, sentence_of(p.doc, ent.start)


def _title_class(p: _Paper, title: _Sentence) -> Iterator[Triple]:
    """ "FastViT: A Fast Hybrid Vision Transformer ..." says what FastViT is;
    "TSMixer: Lightweight MLP-Mixer Model ..." which model it varies."""
    ents = title.ents
    lowers = p.lowers
    colon = next((i for i in range(title.start, title.end) if lowers[i] == ":"), None)
    if colon is None or not ents or ents[0].end != colon or ents[0].label_ != "Method":
        return
    after = [e for e in ents[1:] if e.label_ in _SYSTEMS]
    # "TokenFormer: Rethinking Transformer Scaling" says what it does, not is.
    if not after or ents[1] is not after[0] or lowers[colon + 1].endswith("ing"):
        return
    # "Mesa: A Memory-saving Training Framework for Transformers" is no Transformer.
    if set(lowers[colon + 1 : after[0].start]) & {"for", "with", "via", "of", "on", "in"}:
        return
    following = lowers[after[0].end] if after[0].end < title.end else ""
    parts = _hybrid(p, title, after[0])
    if parts:
        for part in parts:
            yield ents[0], "uses", part, title.span
    elif after[0].label_ == "Method" and not _is_technique(p, after[0]):
        yield ents[0], "basedOn", after[0], title.span
    elif following not in _GENERIC_HEADS:
        yield ents[0], "isA", after[0], title.span


def _is_baseline(p: _Paper, method: Span, sentence: Span) -> bool:
    """ "outperforms Resnet101 by 2.5% (83.3% vs. 80.8%)": a method named after
    a comparison is what the result is compared with."""
    if method is p.focus or p.is_focus(method):
        return False
    before = set(p.lowers[max(sentence.start, method.start - 3) : method.start])
    return bool(before & (COMPARISONS | {"to", "with"}))


def _from_results(p: _Paper) -> Iterator[Triple]:
    for result in p.doc._.results:
        if result.method is None or _is_baseline(p, result.method, result.sentence):
            continue
        metric = result.metric or result.measure_mention(p.doc)
        if metric is not None:
            yield result.method, "evaluatedWith", metric, result.sentence
        if result.dataset is not None:
            yield result.method, "evaluatedOn", result.dataset, result.sentence


def find_relations(
    doc: Doc, confidence: dict[str, float] = DEFAULT_CONFIDENCE
) -> list[tuple[Span, str, Span, Span, float]]:
    """(head, relation, tail, sentence, confidence) of each relation found."""
    p, sentences = _read(doc)
    triples: list[Triple] = []
    for s in sentences:
        triggered = list(_trigger_relations(p, s))
        triples.extend(triggered)
        triples.extend(_sentence_relations(p, s, triggered))
        triples.extend(_benchmark_for(p, s))
        triples.extend(_is_a(p, s))
        triples.extend(_kinds_stated(p, s))
        triples.extend(_fronted_comparison(p, s))
        triples.extend(_focus_metrics(p, s))
        triples.extend(_parts(p, s))
        triples.extend(_variants(p, s))
        triples.extend(_components_built(p, s))
        triples.extend(_passive_parts(p, s))
        triples.extend(_used_to_train(p, s))
    triples.extend(_kinds(p))
    if sentences:
        triples.extend(_title_class(p, sentences[0]))
        triples.extend(_title_benchmarks(p, sentences[0]))
    triples.extend(_from_results(p))
    # "a hybrid ViT architecture named FMViT" says what FMViT is, not what it builds on.
    kinds = {(p.name(h), p.name(t)) for h, relation, t, _ in triples if relation == "isA"}
    triples.extend(t for t in _named_after(p) if (p.name(t[0]), p.name(t[2])) not in kinds)
    found = [(*t, confidence[t[1]]) for t in triples if p.name(t[0]) != p.name(t[2])]
    related = {(p.name(t[0]), p.name(t[2])) for t in triples}
    # A field another system is said to be applied to ("Transformers excel
    # in NLP and computer vision") is the background's, not the paper's; a
    # dataset something is trained on is no test bed of the paper's model.
    claimed = frozenset(
        p.name(t)
        for h, relation, t, _ in triples
        if (relation == "appliedTo" and not p.is_focus(h) and _is_field(p.name(t)))
        or relation == "trainedOn"
    )
    found += [
        (*t, PAPER_LEVEL_CONFIDENCE[t[1]])
        for t in _paper_level(p, sentences, claimed)
        if (p.name(t[0]), p.name(t[2])) not in related
    ]
    return found


class RelationFinder:
    """The `relations` component: `doc._.relations` as (head, relation, tail,
    sentence, confidence)."""

    def __init__(self, confidence: dict[str, float]) -> None:
        self.confidence = DEFAULT_CONFIDENCE | confidence

    def __call__(self, doc: Doc) -> Doc:
        doc._.relations = find_relations(doc, self.confidence)
        return doc


@Language.factory("paperkg_relations", default_config={"confidence": {}})
def make_relations(nlp: Language, name: str, confidence: dict[str, float]) -> RelationFinder:
    return RelationFinder(confidence)
