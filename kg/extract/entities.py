"""Assembling `doc.ents` from the candidates the earlier components found.

Candidates come from the lexicon, acronym definitions, name contexts, and two
phrase rules (task phrases ending in a task word, and hyphenated variants of
a known architecture). Overlaps go to the longest span; a name recognised
once is then tagged wherever else it occurs in the paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract import extensions  # noqa: F401  (registers the Doc extensions)
from kg.extract.fast import span_text, view
from kg.extract.heads import TASK_HEADS, TASK_WORDS, names_no_entity, type_from_head
from kg.extract.lexicon import HEADS_KEY
from kg.extract.lexicon import SPAN_KEY as LEXICON_KEY
from kg.extract.proposed import (
    GENERIC_ACRONYMS,
    NAME_BREAKS,
    NAMES_KEY,
    PROPOSED_KEY,
    is_name_like,
    name_run,
)
from kg.extract.words import (
    BENCHMARK_NOUNS,
    LIST_SEPARATORS,
    MEASURE_CUES,
    PHASES,
    SOFTWARE,
    VERBS,
)
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
    "towards toward benchmark benchmarks significant widespread versatile toy".split()
)
_MAX_MODIFIERS = 3
# Umbrella words ANNOTATION.md excludes even when a rule would catch them.
UMBRELLA = frozenset(
    "model models method methods approach approaches framework frameworks system systems "
    "algorithm algorithms network networks ai data dataset datasets performance "
    "experiments architecture architectures benchmark benchmarks".split()
) | {
    "neural network",
    "neural networks",
    "deep learning",
    "machine learning",
    "artificial intelligence",
}


def _task_phrases(doc: Doc) -> Iterator[Span]:
    """Noun phrases ending in a task word ("hand gesture recognition",
    "long-term forecasting"), grown leftwards over up to three kind
    modifiers; a hyphenated modifier counts as one."""
    v = view(doc)
    sent_start = v.sent_start_of(doc)
    nothing_taken: set[int] = set()
    for i, lower in enumerate(v.lowers):
        if lower not in TASK_HEADS:
            continue
        start = _grow_over_modifiers(doc, i, sent_start[i], nothing_taken)
        if start < i:
            yield Span(doc, start, i + 1, label="Task")


# Nouns after which a list names tasks or fields ("tasks such as arithmetic
# and parity", "applications, including robotics, medicine"), or before which
# a coordination does ("text similarity and information retrieval tasks").
_LIST_NOUNS = frozenset(
    "task tasks problem problems application applications domain domains area areas "
    "field fields".split()
)
# Ingestion turns "--" into an en dash; text given directly may keep it.
_LIST_CUES = frozenset("including like e.g. namely -- \u2013 \u2014 :".split())
# Data modalities listed as "domains such as text, audio and video" are data.
_MODALITIES = frozenset(
    "text texts audio video videos speech language languages image images vision graph graphs "
    "code molecules proteins tables sequence sequences".split()
)
_LIST_ENDS = frozenset(". ; ) : ! ? etc etc.".split())
_MAX_ITEM_WORDS = 4


def _list_starts(doc: Doc) -> Iterator[int]:
    """Where a list of tasks begins: after "such as", "including", "like",
    "e.g.", "namely", a dash or a colon that follows a task noun within
    three words, or right after "problems from"."""
    v = view(doc)
    lowers = v.lowers
    n = len(lowers)
    for i, word in enumerate(lowers):
        if word not in _LIST_NOUNS or (i + 1 < n and lowers[i + 1][:1].isdigit()):
            continue  # "SemEval 2024 Task 8: ...": a name, not a list
        for j in range(i + 1, min(i + 5, n)):
            cue = lowers[j]
            if cue in (".", ";"):
                break
            start = None
            if cue == "such" and j + 1 < n and lowers[j + 1] == "as":
                start = j + 2
            elif cue in _LIST_CUES or (cue == "from" and j == i + 1):
                start = j + 1
            if start is not None:
                while start < n and lowers[start] in (",", ":"):
                    start += 1
                yield start
                break


def _list_items(doc: Doc, start: int) -> Iterator[tuple[int, int, bool]]:
    """The (start, end, cut) of each item of the list from `start` to where
    the clause goes on ("..., for their fast training"); `cut` marks the
    item a function word ended. A parenthesis inside an item is skipped."""
    v = view(doc)
    lowers = v.lowers
    if start >= len(lowers):
        return
    sent_end = v.sent_of(doc, start)[1]
    item = k = start
    while k < sent_end:
        word = lowers[k]
        if word == "(":
            close = next((m for m in range(k, sent_end) if lowers[m] == ")"), None)
            if close is None:
                break
            yield item, k, False
            item = k = close + 1
            continue
        if word in LIST_SEPARATORS:
            yield item, k, False
            item = k = k + 1
            continue
        if word in _LIST_ENDS:
            yield item, k, False
            return
        if word in STOP_WORDS:
            yield item, k, True
            return
        k += 1
    yield item, k, False


def _item_words(doc: Doc, start: int, end: int) -> list[str]:
    """The words of an item, glued runs ("video/audio", "single-image") as one."""
    v = view(doc)
    return "".join([v.texts[k] + v.spaces[k] for k in range(start, end)]).split()


def _is_task_head(word: str) -> bool:
    """A last word that can end a task's name: a noun, gerunds included
    ("sorting", "clustering"), not a function word, verb or judging word."""
    lower = word.lower()
    if not word.replace("-", "").replace("/", "").isalpha() or len(lower) < 3:
        return False
    if word[1:] != word[1:].lower() and "-" not in word:
        return False  # an acronym or CamelCase name
    return lower not in _NOT_HEADS and lower not in STOP_WORDS and not lower.endswith("ly")


def _is_item_modifier(word: str) -> bool:
    """A modifier inside a listed task's name; list items keep their own
    capitals ("Gaussian denoising", "Computer Vision")."""
    if word[:1].isupper() and word[1:] == word[1:].lower():
        word = word.lower()
    # The context says a task is named, so gerunds and participles are its
    # kind ("remote sensing change detection", "masked image modeling").
    return all(
        _is_kind_modifier(part) or (part.endswith(("ing", "ed")) and _is_task_head(part))
        for part in word.split("/")
        if part
    )


def _listed_task(doc: Doc, start: int, end: int, cut: bool, other: set[int]) -> Span | None:
    """The task an item of a task list names, or None when it is no task
    name (a phrase, a name, a modality, another entity)."""
    words = _item_words(doc, start, end)
    if not words or len(words) > _MAX_ITEM_WORDS or other.intersection(range(start, end)):
        return None
    head, modifiers = words[-1], words[:-1]
    if not _is_task_head(head) or not all(_is_item_modifier(w) for w in modifiers):
        return None
    if len(words) == 1 and (head.lower() in _MODALITIES or names_no_entity(head)):
        return None
    if cut and len(words) == 1 and head.lower() not in TASK_HEADS:
        return None  # "lack of interpretability": a phrase, not a name
    if start == view(doc).sent_start_of(doc)[start]:
        return None
    return Span(doc, start, end, label="Task")


def _task_lists(doc: Doc, known: list[Span]) -> Iterator[Span]:
    """Tasks named in a list that a task noun introduces ("tasks such as
    arithmetic and parity", "problems from linguistics, biology, ...") or
    ends ("text similarity and information retrieval tasks"). The list
    says what its items are, so unlike a bare task phrase an item needs no
    task word of its own; names of other types the rules know are skipped."""
    other = {i for s in known if s.label_ != "Task" for i in range(s.start, s.end)}
    for start in _list_starts(doc):
        for item_start, item_end, cut in _list_items(doc, start):
            task = _listed_task(doc, item_start, item_end, cut, other)
            if task is not None:
                yield task
    yield from _tasks_before_noun(doc, other)


def _tasks_before_noun(doc: Doc, other: set[int]) -> Iterator[Span]:
    """The coordinated names before "tasks"/"problem" ("machine translation
    and language modeling tasks", "modular arithmetic tasks"). One word is
    too often a modality or judgment ("vision tasks", "generative tasks",
    and the ellipsis of "understanding and generation tasks"): two at least."""
    v = view(doc)
    lowers, texts = v.lowers, v.texts
    sent_start = v.sent_start_of(doc)
    nothing_taken: set[int] = set()
    for i, word in enumerate(lowers):
        if word not in ("task", "tasks", "problem", "problems") or i == 0:
            continue
        end = i
        while (
            end > sent_start[i]
            and _is_task_head(texts[end - 1])
            and texts[end - 1].islower()
            and lowers[end - 1] not in _MODALITIES  # "natural language tasks"
        ):
            start = _grow_over_modifiers(doc, end - 1, sent_start[i], nothing_taken)
            if len(_item_words(doc, start, end)) < 2 or other.intersection(range(start, end)):
                break
            yield Span(doc, start, end, label="Task")
            before = _before_separator(lowers, start, sent_start[i])
            if before is None:
                break
            end = before


def _tasks_coordinated_with_tasks(doc: Doc, tasks: list[Span], known: list[Span]) -> Iterator[Span]:
    """Task names coordinated with a known task ("natural language
    processing, computer vision, and spatio-temporal modelling", "image
    classification, object detection, and robustness evaluation"): the
    items of one list are of one kind, so a list member that reads as a
    task name is one, as in a list a task noun opens."""
    v = view(doc)
    lowers = v.lowers
    n = len(lowers)
    sent_start = v.sent_start_of(doc)
    other = {i for s in known if s.label_ != "Task" for i in range(s.start, s.end)}
    taken = {i for s in tasks for i in range(s.start, s.end)}

    def named(start: int, end: int, cut: bool) -> Span | None:
        # Unlike a task noun's list, a coordination may be of any clauses
        # ("speech recognition demonstrates that", "structured and
        # unstructured records"): an item must end in a noun of an activity.
        found = _listed_task(doc, start, end, cut, other | taken)
        if found is None or not lowers[end - 1].endswith(_ACTIVITY_ENDINGS):
            return None
        return found

    for task in tasks:
        # The items after it: ", B and C".
        k = _past_separator(lowers, task.end, n)
        if k is not None:
            for item_start, item_end, cut in _list_items(doc, k):
                found = named(item_start, item_end, cut)
                if found is None:
                    break
                yield found
        # The item right before it: "A and B".
        end = _before_separator(lowers, task.start, sent_start[task.start])
        if end is not None:
            start = end
            while (
                start > sent_start[task.start]
                and end - start < _MAX_ITEM_WORDS
                and lowers[start - 1] not in STOP_WORDS
                and lowers[start - 1] not in LIST_SEPARATORS
                and _in_phrase(v.texts[start - 1])
            ):
                start -= 1
            if start < end:
                found = named(start, end, False)
                if found is not None:
                    yield found


# Endings of nouns that name an activity ("modelling", "evaluation",
# "analysis", "multi-modality").
_ACTIVITY_ENDINGS = ("ing", "tion", "sion", "ment", "sis", "ity")


# "the task of X", "the challenge of X".
_TASK_OF = frozenset("task tasks problem problems challenge challenges".split())


def _in_phrase(token: str) -> bool:
    """A word or the glue of a compound word ("3D", "Multi", "-", "/")."""
    return token.isalnum() or token in ("-", "/")


def _tasks_after_for(doc: Doc) -> Iterator[Span]:
    """The task a model is "for" ("a Transformer for hand gesture
    recognition", "... for Pathological Image Segmentation") or a problem is
    "of" ("the challenge of transient classification"): the words after
    "for" up to a function word, when the last is a task word and the
    others kind modifiers. Judging words before them are left out ("for
    Efficient Image Classification"); a name among them makes the phrase
    that name's ("for PDE Surrogate Modeling"), so nothing is taken."""
    v = view(doc)
    lowers, texts, spaces = v.lowers, v.texts, v.spaces
    n = len(lowers)
    for i, word in enumerate(lowers):
        task_of = word == "of" and i > 0 and lowers[i - 1] in _TASK_OF
        if word not in ("for", "towards", "toward") and not task_of:
            continue
        end = i + 1
        while end < n and lowers[end] not in STOP_WORDS and _in_phrase(texts[end]):
            end += 1
        if end == i + 1 or lowers[end - 1] not in TASK_WORDS:
            continue
        start = i + 1
        words = "".join([texts[k] + spaces[k] for k in range(start, end)]).split()
        while len(words) > 1 and words[0].lower() in _NOT_HEADS:
            words.pop(0)
            start += 1
            while spaces[start - 1] == "":
                start += 1
        if 2 <= len(words) <= _MAX_ITEM_WORDS and all(_is_item_modifier(w) for w in words[:-1]):
            yield Span(doc, start, end, label="Task")


# Task words too vague alone to be the task a benchmark is run on ("on
# ImageNet generation" is no more a task than "generation" is).
_VAGUE_TASKS = frozenset("generation modeling modelling synthesis completion".split())


def _tasks_after_benchmarks(doc: Doc, known: list[Span]) -> Iterator[Span]:
    """The task word right after a benchmark names the task it is run on
    ("5.5 mAP on COCO detection", "on ADE20K segmentation"), though alone
    the word is too vague to start a task phrase."""
    lowers = view(doc).lowers
    n = len(lowers)
    for span in known:
        k = span.end
        if span.label_ != "Dataset" or k >= n or lowers[k] not in TASK_HEADS - _VAGUE_TASKS:
            continue
        # "COCO detection benchmark" may name a dataset; "COCO detection
        # transformers" a model: only a function word or a stop may follow.
        if k + 1 < n and lowers[k + 1] not in STOP_WORDS and lowers[k + 1].isalpha():
            continue
        yield Span(doc, k, k + 1, label="Task")


# Last words that make a phrase a measure where the context says one is
# named ("in terms of inference time"), beside the abstract nouns of a
# quality ("robustness", "efficiency", "reproducibility").
_MEASURE_HEADS = frozenset(
    "accuracy error errors rate rates score scores loss time cost costs overhead speed latency "
    "throughput usage consumption footprint complexity size memory performance quality hours "
    "efficiency".split()
)
_QUALITY_SUFFIXES = ("ity", "ness", "ency", "ancy")


def _is_measure_item(words: list[str], known_metric: bool) -> bool:
    """Whether the words of a listed item name a measure: kind modifiers
    before a measure word ("zero-shot performance", "memory efficiency"); a
    bare word only when it names a quality ("validity") or is a known
    metric, since "time" or "space" alone are the paper's dimensions."""
    if not words or len(words) > _MAX_ITEM_WORDS:
        return False
    head = words[-1].lower()
    if len(words) == 1:
        quality = head.isalpha() and head.endswith(_QUALITY_SUFFIXES)
        return known_metric or quality or head == "speed"
    quality = head.isalpha() and head.endswith(_QUALITY_SUFFIXES)
    return (head in _MEASURE_HEADS or quality) and all(_is_item_modifier(w) for w in words[:-1])


# What introduces the measures a comparison is made in.
_MEASURE_LIST_CUES = (
    ("in", "terms", "of"),
    ("trade", "-", "off", "between"),
    ("trade", "-", "offs", "between"),
    ("tradeoff", "between"),
    ("tradeoffs", "between"),
    ("pareto", "-", "front", "of"),
    ("pareto", "front", "of"),
)
_MEASURE_CUE_STARTS = frozenset(cue[0] for cue in _MEASURE_LIST_CUES)


def _measures_in_terms_of(doc: Doc, known: list[Span]) -> Iterator[Span]:
    """The measures a comparison is "in terms of" or trades off ("in terms
    of validity, reliability and reproducibility", "the trade-off between
    speed and accuracy"): ANNOTATION.md counts a quality word as a Metric
    where the text uses it as a measure, and these phrases say it does. A
    judging word before an item is left out ("improved robustness"); a name
    of another type that starts one is the thing measured ("ImageNet
    classification accuracy")."""
    v = view(doc)
    lowers = v.lowers
    n = len(lowers)
    other = {i for s in known if s.label_ != "Metric" for i in range(s.start, s.end)}
    metrics = {(s.start, s.end) for s in known if s.label_ == "Metric"}
    for i, word in enumerate(lowers):
        if word not in _MEASURE_CUE_STARTS:
            continue
        cue = next((c for c in _MEASURE_LIST_CUES if tuple(lowers[i : i + len(c)]) == c), None)
        if cue is None:
            continue
        start = i + len(cue)
        if start < n and lowers[start] == "both":
            start += 1
        for item_start, item_end, _ in _list_items(doc, start):
            while item_start < item_end and (
                item_start in other or lowers[item_start] in _NOT_MEASURE_MODIFIERS
            ):
                item_start += 1
            words = _item_words(doc, item_start, item_end)
            known_metric = (item_start, item_end) in metrics
            if item_start < item_end and _is_measure_item(words, known_metric):
                yield Span(doc, item_start, item_end, label="Metric")


# Words that judge or situate a family rather than name a kind of it ("the
# vanilla Transformer", "a lightweight ViT" are the Transformer and the ViT);
# they neither start a compound nor grow a task phrase.
_JUDGING = frozenset(
    "vanilla pure hybrid original modified lightweight light-weight faster deep deeper larger "
    "smaller entire popular powerful modern pre-trained pretrained trained general-purpose "
    "high-performance large-scale well-known widely-used best-performing classic naive plain "
    "baseline full typical classical generic universal successful powerful prevalent "
    "representative dedicated additional diverse numerous whole like facto default future "
    "successive influential external total worse biggest best".split()
)
# Words that cannot end a task's name, nor start one after "for".
_NOT_HEADS = _NOT_MODIFIERS | _JUDGING | VERBS | UMBRELLA | MEASURE_CUES
# Judging words before a listed measure ("improved robustness"); unlike
# `_NOT_HEADS`, not the umbrella words that start a measure's name ("model
# size", "data movement cost").
_NOT_MEASURE_MODIFIERS = _NOT_MODIFIERS | _JUDGING | VERBS
# Before a modifier, these make it a verb ("we prune Transformers", "to
# optimize attention"): no compound.
_VERB_OPENERS = frozenset("we to can may might will would could should must they not also".split())
# A glued suffix that names a size or version of a model ("BERT-base",
# "Swin-T", "ViT-B/16", "EfficientFormer-L1", "MobileNet-V1", "MobileViT-XXS"), and a
# following word that does ("MoCo v2", "Llama3.1 8B").
_VARIANT_SUFFIX = re.compile(
    r"^(?:XX[SL]|[A-Z]{1,2}\d*(?:/\d+)?|[A-Z][a-z]|[vV]\d+(?:\.\d+)?|\d+(?:\.\d+)?[BMK]?|\d[Dd]"
    r"|(?i:base|large|small|tiny|mini|medium|huge|xl|xxl)"
    # Releases: "Llama-3-8B-Instruct", "Qwen2.5-Coder", "GPT-4-Turbo".
    r"|(?i:instruct|chat|coder|math|turbo|pro|plus|max|lite|flash|omni|preview|it|sft|dpo))$"
)
_VERSION_WORD = re.compile(r"^(?:v\d+(?:\.\d+)?|\d+(?:\.\d+)?[BM]|XX?L)$")
# A glued name part that is itself name-like, mixed case with a second
# capital or letters with digits ("LLaVA-NeXT-34B", "Qwen-VL2"), unlike a
# word ("BERT-Based") or an acronym of its own ("Attention-CMHA").
_NAME_SUFFIX = re.compile(
    r"^(?:(?=\S*[a-z])(?=\S*[A-Z]\S*[A-Z])|(?=\S*\d))[A-Za-z][A-Za-z0-9.\-]*$"
)


def _is_release(word: str) -> bool:
    """A size, version or name-like part glued after a name: "7B", "v2",
    "Large", "NeXT-34B"."""
    return bool(_VARIANT_SUFFIX.match(word) or _NAME_SUFFIX.match(word))


_DIMENSIONS = re.compile(r"[1-9]D")


def _is_kind_modifier(text: str) -> bool:
    """A lower-case word that names a kind of the thing after it ("linear
    attention", "class-wise pruning"), not one that judges it, a function
    word or a verb form ("existing", "how", "using", "trained",
    "outperforms")."""
    if _DIMENSIONS.fullmatch(text):
        return True  # "3D face reconstruction", "6D object detection"
    word = text.lower()
    if "-" in word:
        parts = [part for part in text.split("-") if part]
        return (
            bool(parts)
            and word not in _NOT_MODIFIERS
            and word not in _JUDGING
            and parts[-1].lower() not in _NOT_COMPOUND_TAILS
            and all(part.isalpha() and part.islower() for part in parts)
        )
    if not (text.isalpha() and text.islower()) or len(word) < 3:
        return False
    if word in _NOT_MODIFIERS or word in _JUDGING or word in STOP_WORDS or word in VERBS:
        return False
    if word in MEASURE_CUES or word.endswith(("ly", "able", "ible", "ous", "est")):
        return False
    # Gerunds, participles and plurals are mostly verbs here; "defocus",
    # "class", "synthesis" are no plurals.
    if word.endswith(("ss", "us", "is")):
        return True
    return not word.endswith(("ing", "ed", "s"))


# Compound adjectives ending in these say what a thing is built on or
# resembles ("Transformer-based", "CNN-like"), or judge it
# ("better-performing", "parameter-efficient"); neither names a kind.
_BUILT_ON_TAILS = frozenset("based like style".split())
_NOT_COMPOUND_TAILS = _BUILT_ON_TAILS | frozenset(
    "performing efficient tuned intensive world matched friendly quality".split()
)


def _names_a_model(modifier: str) -> bool:
    """A name glued before a family: "GasHis-", "ED-", "T2T-" (not a
    capitalised word, which titles use for any modifier: "Single-Layer")."""
    parts = [part for part in modifier.split("-") if part]
    return modifier.endswith("-") and any(is_name_like(part) for part in parts)


def _modifier_before(doc: Doc, start: int, taken: set[int]) -> int | None:
    """Where the modifier right before token `start` begins: one word
    ("sparse"), a hyphenated run ("class-wise", "decoder-only"), or a
    prefix glued to the name ("self-" in "self-distillation")."""
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    first = start - 1
    if first < 0 or first in taken:
        return None
    if spaces[first] == "" and texts[first] != "-":
        return None  # glued without a hyphen: part of a longer token run
    # Grow over the tokens glued to each other ("class", "-", "wise").
    while first > 0 and spaces[first - 1] == "" and first - 1 not in taken:
        first -= 1
    if first > 0 and spaces[first - 1] == "" and first - 1 in taken:
        return None  # "CNN-Transformer": two names, not a modifier
    return first


def _grow_over_modifiers(doc: Doc, start: int, floor: int, taken: set[int]) -> int:
    """Where a phrase ending at token `start` begins once it takes the kind
    modifiers before it ("per-pixel binary classification"), up to
    `_MAX_MODIFIERS` of them and never before token `floor`."""
    v = view(doc)
    for _ in range(_MAX_MODIFIERS):
        first = _modifier_before(doc, start, taken)
        if first is None or first < floor:
            break
        modifier = "".join([v.texts[k] + v.spaces[k] for k in range(first, start)]).strip()
        if not _is_kind_modifier(modifier):
            break
        start = first
    return start


def _compounds(doc: Doc, lexicon: list[Span], heads: list[Span]) -> Iterator[Span]:
    """Longer names built on a known one or on a head word of the lexicon by
    a kind modifier before it ("sparse attention", "class-wise pruning",
    "self-distillation", "self-supervised pretraining")."""
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    taken = {i for span in lexicon for i in range(span.start, span.end)}
    sent_start = v.sent_start_of(doc)
    for span in lexicon + heads:
        if span.label_ in ("Dataset", "Metric"):
            continue
        start = span.start
        first = _modifier_before(doc, start, taken)
        if first is None or first < sent_start[start]:
            continue
        modifier = "".join([texts[k] + spaces[k] for k in range(first, start)]).strip()
        if span.label_ == "Architecture" and "-" in modifier:
            # A title names a family's variant in capitals ("Single-Layer
            # Transformer"); title-cased task and technique phrases are
            # mostly the paper's wording of a plainer entity.
            modifier = modifier.lower()
        opener = texts[first - 1].lower() if first > 0 else ""
        if opener not in _VERB_OPENERS and _is_kind_modifier(modifier):
            yield Span(doc, first, span.end, label=span.label_)


# Compressions named by what they act on or the precision they reach.
_COMPRESSIONS = frozenset("distillation quantization pruning".split())
_PRECISION = re.compile(r"^(?:INT|FP|BF)\d+$")


# Last words of a part of a model named in title case ("a Dual Attention
# Block", "the Global-Local Context Mixer"): ANNOTATION.md's Architectures.
_TITLED_PART_HEADS = frozenset(
    "Attention Block Blocks Module Modules Layer Layers Mixer Head Heads Unit Units Convolution "
    "Fusion Gate Encoder Decoder Mechanism".split()
)


def _titled_parts(doc: Doc, names: list[Span]) -> Iterator[Span]:
    """Parts of a model named in title case, each word capitalised: "a Dual
    Attention Block and a Gated Fusion Module". Not in the title, where
    every word is capitalised, nor what a paper proposes or names ("we
    propose FooNet"), which the names component types."""
    v = view(doc)
    texts, spaces, alpha = v.texts, v.spaces, v.alpha
    named = {span_text(s) for s in names}
    bounds = v.sent_bounds(doc)
    title = span_text(doc[bounds[0][0] : bounds[0][1]]) if bounds else ""
    for start, end in bounds[1:]:
        for i in range(start + 1, end):
            if texts[i] not in _TITLED_PART_HEADS:
                continue
            if i + 1 < end and alpha[i + 1] and texts[i + 1][:1].isupper():
                continue  # "Field-Programmable Gate Array": the name goes on
            j = i
            while j > start:
                prev = texts[j - 1]
                glued = (
                    prev == "-" and j - 2 >= start and spaces[j - 2] == "" and spaces[j - 1] == ""
                )
                if glued:
                    j -= 2
                elif alpha[j - 1] and prev[:1].isupper() and prev.lower() not in STOP_WORDS:
                    j -= 1
                else:
                    break
            # Each word of the run capitalised, the first one too ("Multi-Scale").
            if j < i and texts[j][:1].isupper():
                text = span_text(doc[j : i + 1])
                # What the title names is the paper's contribution, a Method
                # ("Graph-Aware Isomorphic Attention for Adaptive Dynamics").
                label = "Method" if text in title else "Architecture"
                if text not in named:
                    yield Span(doc, j, i + 1, label=label)


def _compressions(doc: Doc, lexicon: list[Span]) -> Iterator[Span]:
    """A compression technique named by the known block it acts on or the
    precision it reaches ("self-attention distillation", "patch embedding
    distillation", "INT8 quantization"). Both are closed lists (lexicon
    names, a precision pattern), so these need no confirmation."""
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    ends_at = {span.end: span for span in lexicon if spaces[span.end - 1]}
    for span in lexicon:
        # Title-cased ("Vision Transformer Pruning") is a title's wording of
        # the plain technique applied to the part.
        if span.label_ != "Method" or span.text not in _COMPRESSIONS:
            continue
        start = span.start
        part = ends_at.get(start)
        # A named model before it is what is compressed, not part of a
        # technique's name: "BERT distillation" distils BERT.
        if part is not None and part.label_ in ("Architecture", "Method") and part.text.islower():
            yield Span(doc, part.start, span.end, label="Method")
        elif start > 0 and spaces[start - 1] and _PRECISION.match(texts[start - 1]):
            yield Span(doc, start - 1, span.end, label="Method")


def _qualified_metrics(doc: Doc, lexicon: list[Span]) -> Iterator[Span]:
    """A known metric qualified by a phase or by the task it measures
    ("training FLOPs", "serving latency", "generation FID"). Both word lists
    are closed, so unlike other compounds these need no confirmation."""
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    sent_start = v.sent_start_of(doc)
    taken = {i for span in lexicon for i in range(span.start, span.end)}
    ends_at = {span.end: span for span in lexicon if spaces[span.end - 1]}
    for span in lexicon:
        # A benchmark's own score ("GLUE score") is not made a Metric span
        # here: it would hide the benchmark, which a result needs as its
        # dataset; the results component names that measure instead.
        if span.label_ != "Metric":
            continue
        # A phase the lexicon knows as a technique still qualifies a metric
        # ("finetuning accuracy", "pre-training loss").
        phase = ends_at.get(span.start)
        if phase is not None and phase.text.lower() in PHASES:
            yield Span(doc, phase.start, span.end, label="Metric")
            continue
        first = _modifier_before(doc, span.start, taken)
        if first is None or first < sent_start[span.start]:
            continue
        modifier = "".join([texts[k] + spaces[k] for k in range(first, span.start)]).strip()
        if modifier.lower() in PHASES or modifier.lower() in TASK_HEADS:
            yield Span(doc, first, span.end, label="Metric")


def _variants(doc: Doc, lexicon: list[Span], new_names: Sequence[Span] = ()) -> Iterator[Span]:
    """Specific models named after a known one, Methods: a size or version
    after it ("BERT-base", "Swin-T", "MoCo v2", "Gemma 7B"), or a name glued
    before a family ("GasHis-Transformer", "ED-ViT"); datasets named after
    a known one ("MMMU-Pro", "HumanEval-X", "COCO-Stuff"); and a known task
    with its head noun after it ("text-to-speech synthesis"). The paper's
    `new_names` take glued sizes too ("FooNet-Large"), not a word after a
    space, which may be the rest of the name ("Falcon Mamba 7B")."""
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    n = len(texts)
    spans = [*lexicon, *new_names]
    taken = {i for span in spans for i in range(span.start, span.end)}
    for k, span in enumerate(spans):
        spaced = k < len(lexicon)
        if span.label_ == "Dataset":
            yield from _dataset_variant(doc, span, taken)
        # "text-to-speech synthesis": a task head after a known task names it.
        if (
            span.label_ == "Task"
            and span.end < n
            and span.end not in taken
            and spaces[span.end - 1]
            and texts[span.end].lower() in TASK_HEADS
            and texts[span.end - 1].lower() not in TASK_HEADS
        ):
            yield Span(doc, span.start, span.end + 1, label="Task")
        if span.label_ not in ("Method", "Architecture"):
            continue
        first = _modifier_before(doc, span.start, taken)
        if first is not None and span.label_ == "Architecture":
            modifier = "".join([texts[k] + spaces[k] for k in range(first, span.start)])
            if _names_a_model(modifier):
                yield Span(doc, first, span.end, label="Method")
        end = span.end
        if end >= n:
            continue
        glued_suffix = v.glued_hyphen(end) and (
            _VARIANT_SUFFIX.match(texts[end + 1])
            or (
                span.label_ == "Method"
                and end + 1 not in taken
                and _NAME_SUFFIX.match(texts[end + 1])
            )
        )
        if glued_suffix:
            yield Span(doc, span.start, end + 2, label="Method")
        elif (
            spaced
            and span.label_ == "Method"
            and spaces[end - 1]
            and _VERSION_WORD.match(texts[end])
        ):
            yield Span(doc, span.start, end + 1, label="Method")


def _new_model_names(doc: Doc, names: list[Span]) -> list[Span]:
    """Every place a one-word model name the paper introduces occurs."""
    texts = view(doc).texts
    words = {span_text(s) for s in names if s.label_ == "Method" and len(s) == 1}
    return [Span(doc, i, i + 1, label="Method") for i, t in enumerate(texts) if t in words]


def _releases(doc: Doc, names: list[Span]) -> Iterator[Span]:
    """Words that are a new model's name with a size or version glued on,
    which the tokenizer keeps whole ("FooNet-7B", "CuDi-1.5B")."""
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    stems = {span_text(s) + "-" for s in names if s.label_ == "Method"}
    if not stems:
        return
    for i, word in enumerate(texts):
        if "-" not in word:
            continue
        if not spaces[i] and i + 1 < len(texts) and texts[i + 1][:1].isalnum():
            continue  # the word goes on: "EMOv2-5" of "EMOv2-5M"
        # A stem ends in "-", so only the prefixes up to each hyphen can be
        # one: a set lookup each, not a scan of every stem for every word.
        for k, char in enumerate(word):
            if char == "-" and word[: k + 1] in stems and _is_release(word[k + 1 :]):
                yield Span(doc, i, i + 1, label="Method")


def _dataset_variant(doc: Doc, span: Span, taken: set[int]) -> Iterator[Span]:
    v = view(doc)
    texts = v.texts
    start, end = span.start, span.end
    # "MS-COCO": an acronym glued before the known name is part of it.
    if (
        v.glued_hyphen(start - 1)
        and start - 2 not in taken
        and texts[start - 2].isalpha()
        and texts[start - 2].isupper()
        and 2 <= len(texts[start - 2]) <= 4
    ):
        yield Span(doc, start - 2, end, label="Dataset")
    if v.glued_hyphen(end) and end + 1 not in taken and _is_dataset_suffix(texts[end + 1]):
        yield Span(doc, span.start, end + 2, label="Dataset")


# Capitalised words glued after a dataset that describe a use of it
# ("ImageNet-Pretrained", "COCO-Style"), not a dataset of its own.
_NOT_DATASET_SUFFIXES = frozenset("like style scale level free only wide size sized".split())


def _is_dataset_suffix(word: str) -> bool:
    """A split, version or edition glued after a dataset's name: "-R",
    "-1K", "-Pro", "-Stuff"."""
    if _is_release(word):
        return True
    lower = word.lower()
    return (
        word[:1].isupper()
        and word.isalpha()
        and len(word) <= 5
        and lower not in _NOT_DATASET_SUFFIXES
        and not lower.endswith(("ed", "ing"))
    )


def _glued_prefixes(doc: Doc, lexicon: list[Span]) -> Iterator[Span]:
    """A known task or architecture whose match starts inside a hyphenated
    word, with the word's lower-case prefix ("long-sequence modeling",
    "sliding-window attention", "pre-transformer"): the prefix names the
    kind, as a separate modifier would. A prefix that negates ("non-") or
    names a part or task of its own ("convolution-transformer") makes no
    kind."""
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    starts = {span.start for span in lexicon}
    ends = {span.end for span in lexicon}
    for span in lexicon:
        if span.label_ not in ("Task", "Architecture"):
            continue
        first = _glued_start(doc, span.start)
        if first == span.start and span.label_ == "Task":
            first = _title_cased_start(doc, span)
        if first == span.start or first in starts or span.start - 1 in ends:
            continue
        prefix = "".join([texts[k] + spaces[k] for k in range(first, span.start)]).rstrip("-")
        if prefix.lower() not in _NEGATIONS and type_from_head(prefix) is None:
            yield Span(doc, first, span.end, label=span.label_)


_NEGATIONS = frozenset("non not un anti".split())


def _title_cased_start(doc: Doc, task: Span) -> int:
    """Where a capitalised hyphenated prefix of a task written in title case
    begins ("Long-Video Question Answering", "Zero-Shot Image Classification"):
    title case capitalises the kind modifier that is lower case elsewhere."""
    v = view(doc)
    texts = v.texts
    start = task.start
    if not all(t[:1].isupper() for t in texts[task.start : task.end] if t.isalpha()):
        return start
    if v.glued_hyphen(start - 1):
        word = texts[start - 2]
        if word.isalpha() and word[:1].isupper() and word[1:].islower():
            return start - 2
    return start


def _acronym_spans(doc: Doc, lexicon: list[Span], names: list[Span]) -> Iterator[Span]:
    """Both forms of each definition, typed like a form the lexicon knows,
    else by the long form's head word ("Convolutional Fusion Block" is an
    Architecture), else like a name found in context. Data, hardware and
    maths ("partial differential equations (PDEs)") are none of the types."""
    listed = {(span.start, span.end) for span in lexicon}
    for long_, short in doc._.acronyms:
        type_ = (
            _known_type(long_, lexicon)
            or _known_type(short, lexicon)
            or _known_type(long_, names)
            or type_from_head(long_.text)
            or _known_type(short, names)
        )
        if names_no_entity(long_.text) and (long_.start, long_.end) not in listed:
            continue
        if type_ is None:
            if not is_name_like(short.text.replace(" ", "")) and not long_.text[:1].isupper():
                continue
            type_ = "Method"
        yield Span(doc, long_.start, long_.end, label=type_)
        yield Span(doc, short.start, short.end, label=type_)


def _defined_readings(doc: Doc, lexicon: list[Span]) -> list[Span]:
    """The lexicon's spans without its readings of a short form that the
    paper defines as something else: in "Masked Autoencoders (MAE)" every
    "MAE" is the model, not the lexicon's mean absolute error. A definition
    the lexicon reads the same way ("mean absolute error (MAE)") changes
    nothing. Only a long form the lexicon lists overrules it: a head word
    is weaker evidence ("liver tumor segmentation (LiTS)" is a dataset)."""
    if not doc._.acronyms:
        return lexicon
    at = {(s.start, s.end): s for s in lexicon}
    misread: set[str] = set()
    for long_, short in doc._.acronyms:
        defined = at.get((long_.start, long_.end))
        listed = at.get((short.start, short.end))
        if defined is not None and listed is not None and listed.label_ != defined.label_:
            misread.add(span_text(short))
    if not misread:
        return lexicon
    return [s for s in lexicon if span_text(s) not in misread]


def _known_type(span: Span, known: list[Span]) -> EntityType | None:
    for candidate in known:
        inside = candidate.start <= span.start and span.end <= candidate.end
        if inside and (candidate.end - candidate.start) * 2 >= span.end - span.start:
            return candidate.label_  # type: ignore[return-value]
    return None


def _everywhere(doc: Doc, spans: list[Span]) -> Iterator[Span]:
    """Each recognised name at every place it occurs, with the same label."""
    words = view(doc).texts
    at: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        at.setdefault(word, []).append(i)
    by_text: dict[tuple[str, ...], str] = {}
    for span in spans:
        by_text.setdefault(tuple(words[span.start : span.end]), span.label_)
    for name, label in by_text.items():
        n = len(name)
        for i in at.get(name[0], ()):
            if tuple(words[i : i + n]) == name:
                yield Span(doc, i, i + n, label=label)


def _keep(span: Span) -> bool:
    text = span_text(span).strip()
    # A field's acronym the lexicon lists ("NLP") is a Task; the generic
    # list is for names the rules guess.
    generic = (text in GENERIC_ACRONYMS and not span.kb_id_) or text in SOFTWARE
    return (
        len(text) > 1
        and text.lower() not in UMBRELLA
        and not generic
        and any(c.isalpha() for c in text)
    )


def _trimmed(span: Span) -> Span:
    """The name inside "CNN-based", "BERT-like", "ViT-style": what a thing is
    built on or resembles is the entity, not the compound adjective."""
    if len(span) > 2 and span[-2].text == "-" and span[-1].lower_ in _BUILT_ON_TAILS:
        return Span(span.doc, span.start, span.end - 2, label=span.label_, kb_id=span.kb_id_)
    return span


def _forms_of(doc: Doc, span: Span | None) -> frozenset[str]:
    """The text of `span` and of its acronym partners."""
    if span is None:
        return frozenset()
    forms = {span.text}
    for long_, short in doc._.acronyms:
        if {long_.text, short.text} & forms:
            forms |= {long_.text, short.text}
    return frozenset(forms)


# How likely a mention is right, by what found it: the precision each source
# reaches alone on the dev gold with the shipped model (`python
# benchmarks/calibrate.py`; docs/quality.md). "model_agrees" is the model
# tagging the very span a rule found; a name found several ways gets the
# noisy-or of its sources. "variant" ("BERT-base", "MoCo v2") is too rare in
# the dev gold to measure: 0.7 is its precision on the annotated seed papers.
# "task_list" and "task_for" are too rare alone in the dev gold: theirs are
# measured on the dev gold and train-* together (17 names found by them alone).
# "dataset_context" (names a dataset noun or a reported number puts in a
# dataset's place) is as rare: 0.7 is a guess from the 8 such names found
# alone on the dev gold, train-* and heldout-*, 6 of them right.
# "glued" (a known task or architecture with its hyphenated prefix,
# "long-sequence modeling") is as rare: 0.7, as for "variant".
# "task_coordination" (a task listed with a known one) and "metric_terms"
# (the measures after "in terms of", "trade-off between") are measured alone
# on the dev gold, train-* and analysis-* together: 4 of 8 and 7 of 12 right.
# "model_list" (capitalised names listed after "models such as") is as rare
# as "dataset_context": 0.7 is a guess (2 of 2 right there), as it is for
# "listed_with_models" (names listed beside two known models).
# "compression" ("self-attention distillation", "INT8 quantization") is rare
# too: 0.7 is a guess, as for "qualified_metric", also built from closed lists.
# "task_benchmark" (a task word after a benchmark, "COCO detection") is a
# guess too: 2 of 2 right on the dev gold, train-* and analysis-*.
DEFAULT_CONFIDENCE = {
    "lexicon": 0.82,
    "acronym": 0.75,
    "variant": 0.7,
    "glued": 0.7,
    "compound": 0.3,
    "qualified_metric": 0.7,
    "compression": 0.7,
    "titled_part": 0.6,
    "name": 0.7,
    "task_phrase": 0.25,
    "task_list": 0.6,
    "task_for": 0.8,
    "task_coordination": 0.5,
    "task_benchmark": 0.7,
    "metric_terms": 0.58,
    "model_list": 0.7,
    "listed_with_models": 0.7,
    "model": 0.41,
    "model_agrees": 0.85,
    "dataset_context": 0.7,
}
# Rules too loose to trust unless the model tags the same span: alone, a
# third of the task phrases are right, and the compounds' word lists miss
# many judging modifiers ("gradual quantization", "hierarchical GIN").
NEED_MODEL = ("task_phrase", "compound")
# A family with its number of layers ("a single-layer Transformer", "two-layer
# transformers") is a kind of it whatever the model says: all 6 in the dev
# gold, train-* and analysis-* are entities.
_LAYER_COUNT = re.compile(r"(?i)(?:single|one|two|three|four|\d+)-layer ")


def _layer_counted(span: Span) -> bool:
    return span.label_ == "Architecture" and _LAYER_COUNT.match(span_text(span)) is not None


def _model_label(span: Span) -> str:
    """The recogniser's label, with ANNOTATION.md's Architecture rule applied:
    a family's last word makes it an Architecture, a name makes it a Method."""
    label = span.label_
    head = type_from_head(span.text)
    if label == "Method" and head == "Architecture":
        return "Architecture"
    if label == "Architecture" and head is None and is_name_like(span[-1].text):
        return "Method"
    return label


# A dataset's split, which the recogniser tags as a dataset of its own
# ("COCO val2017", "ADE20K val", "test-dev"): part of the benchmark named
# before it, not another one.
_SPLIT = re.compile(
    r"(?i)(?:mini)?(?:val|valid|validation|test|train|dev)(?:-?(?:dev|std))?\d{0,4}"
)


def _model_may_add(span: Span) -> bool:
    """Whether a span only the model found is worth keeping. The corpora it
    learnt from tag generic phrases ("pretrained networks", "efficiency") that
    ANNOTATION.md leaves out; a name ("KINS", "DeepNet") or a phrase whose last
    word agrees with the model's type ("amodal completion" as a Task) is kept."""
    if "/" in span.text or span[-1].lower_ in _NOT_MODIFIERS or names_no_entity(span.text):
        return False
    if _SPLIT.fullmatch(span.text):
        return False
    if len(span) > 1 and span[-1].lower_ in UMBRELLA:
        return False  # "CL method", "our detection framework": a generic mention
    if any(is_name_like(t.text) for t in span):
        return True
    # On papers it never saw, the words it tags alone are mostly generic
    # ("classification", "search", "loss") and the capitalised phrases mostly
    # a title's wording ("Mathematical Modeling", "Next Generation"): 4 of 23
    # right on the dev gold and heldout-*. Lower-case architecture phrases
    # are mostly parts of a model ("middle layer", "attention backbone").
    if len(span) < 2 or not span.text.islower():
        return False
    return span.label_ != "Architecture" and type_from_head(span.text) == span.label_


def _glued_start(doc: Doc, start: int) -> int:
    """Where the hyphenated word that token `start` is inside begins: the
    recogniser starts names mid-word ("resolution image understanding" of
    "high-resolution ...", "-conditioned GD", "only VAR tokenizer" of
    "discrete-only ..."). A lower-case prefix is a kind modifier of the
    name; a capitalised one is another name ("CNN-ViT"), left alone."""
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    first = start
    while first > 0 and spaces[first - 1] == "" and "-" in (texts[first], texts[first - 1]):
        first -= 1
    prefix = texts[first:start]
    if first < start and all(t == "-" or (t.isalpha() and t.islower()) for t in prefix):
        return first
    return start


def _model_spans(doc: Doc, rules: list[Span]) -> Iterator[Span]:
    """What the trained recogniser found where no rule found anything: the
    rules know their names and types, the model the names nobody listed."""
    taken = {i for span in rules for i in range(span.start, span.end)}
    known = {span_text(span) for span in rules}
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    for ent in doc.ents:
        end = ent.end
        # The recogniser stops at a hyphen; a glued size or variant after it
        # is part of the name ("EfficientVMamba-S", "Vim-Ti", "DiT-2D").
        if (
            v.glued_hyphen(end)
            and _VARIANT_SUFFIX.match(texts[end + 1])
            and (end + 2 == len(texts) or spaces[end + 1] or not texts[end + 2].isalnum())
        ):
            end += 2
        label = ent.label_
        # Nor does a name end on a hyphen: "DeepSpeed-Inference", cut after
        # "DeepSpeed-", goes on to the glued word; a name there makes the
        # whole one ("Fast-VTrans", which the cut span had as a task).
        glued = end < len(texts) and not spaces[end - 1] and texts[end][:1].isalnum()
        if texts[end - 1] == "-" and glued:
            label = "Method" if is_name_like(texts[end]) else label
            end += 1
        start = _glued_start(doc, ent.start)
        if not texts[start][:1].isalnum():
            yield Span(doc, ent.start, ent.end, label="")  # ") generation"
            continue
        span = Span(doc, start, end, label=_model_label(Span(doc, start, end, label)))
        new = span_text(span) not in known and not taken.intersection(range(start, end))
        if new and _model_may_add(span):
            yield span
        else:
            # The model agreeing with a rule on the exact span raises its
            # confidence; nothing else.
            yield Span(doc, ent.start, ent.end, label="")


# Cues after a dataset noun that open the list of its names ("three
# benchmarks (Human3.6M, MPI-INF-3DHP and HumanEva)", "datasets: KINS, ...",
# "a benchmark dataset, MS-CXR-T").
_DATASET_LIST_CUES = frozenset("( : including like e.g. namely".split())
# Before "on", these make it what a model is built on, not evaluated on.
_BUILT_ON = frozenset("based built builds build relies rely focus focuses".split())
_RESULT_WINDOW = 6
# Words before "on" that make what follows a test bed.
_EVALUATING = frozenset(
    "evaluate evaluated evaluating evaluation evaluations validate validated validating "
    "validation test tested testing experiments experiment benchmarked "
    # "beats GPT-4o on MMMU-Pro": what a comparison is made on is data too.
    "outperforms outperform outperformed outperforming surpasses surpass surpassed "
    "surpassing beats beat exceeds".split()
)
_EVAL_WINDOW = 4


_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _dataset_name_at(doc: Doc, k: int, spans: dict[int, Span], capitalised: bool) -> Span | None:
    """The name starting at token `k` of a list of datasets: the span found
    there or the glued run of tokens ("COCOA-cls", "MS-CXR-T", which the
    recogniser cuts at a hyphen), whichever is longer, with a year after it
    ("iNat 2019"). With `capitalised`, a run may be a capitalised word
    ("HumanEva"); else it must read as a name ("Xeon" is hardware)."""
    v = view(doc)
    texts = v.texts
    found = spans.get(k)
    if (capitalised and texts[k][:1].isupper()) or is_name_like(texts[k]):
        run = name_run(doc, k, capitalised=False)
        if run is not None and (found is None or run.end > found.end):
            found = Span(doc, run.start, run.end, label="Dataset")
    if found is not None and found.end < len(texts) and _YEAR.match(texts[found.end]):
        found = Span(doc, found.start, found.end + 1, label="Dataset")
    return found


def _coordinated(
    doc: Doc, spans: dict[int, Span], start: int, *, capitalised: bool = True
) -> list[Span]:
    """The names coordinated from token `start` on ("KINS, COCOA-cls, and
    D2SA"), each after a separator."""
    lowers = view(doc).lowers
    end = len(lowers)
    out: list[Span] = []
    k = start
    while k < end:
        span = _dataset_name_at(doc, k, spans, capitalised)
        if span is None:
            break
        out.append(span)
        after = _past_separator(lowers, span.end, end)
        if after is None:
            break
        k = after
    return out


def _past_separator(lowers: list[str], k: int, end: int) -> int | None:
    """The index after the list separator at `k` (", and" is one), or None
    where none is there."""
    if k >= end or lowers[k] not in LIST_SEPARATORS:
        return None
    k += 1
    return k + 1 if k < end and lowers[k] in LIST_SEPARATORS else k


def _before_separator(lowers: list[str], k: int, floor: int) -> int | None:
    """The index where the list separator right before token `k` starts
    (", and" is one), or None where none is there after token `floor`."""
    k -= 1
    if k <= floor or lowers[k] not in LIST_SEPARATORS:
        return None
    return k - 1 if lowers[k - 1] in LIST_SEPARATORS else k


# Words that a dataset noun's modifiers start with but no name does.
_NOT_DATASET_NAMES = BENCHMARK_NOUNS | frozenset("new novel large-scale public".split())
_MAX_NAME_WORDS = 4


def _unlisted_name_before(doc: Doc, end: int, floor: int, title_end: int) -> Span | None:
    """The name that nothing found right before token `end` ("the Zorblat
    dataset", "the Long Range Arena benchmark"), of up to four words: each a
    name-like token run ("Galaxy10", "MS-COCO") or a capitalised word, the
    latter not in a title nor at a sentence's start, where any word may be
    capitalised ("A Benchmark Dataset", "Extensive benchmarks")."""
    v = view(doc)
    texts, spaces = v.texts, v.spaces
    start = end
    while start > floor and end - start < _MAX_NAME_WORDS:
        first = start - 1
        while first > floor and spaces[first - 1] == "" and texts[first - 1] not in (",", "(", ")"):
            first -= 1  # a glued run: "MS-COCO", "Quixel-5K"
        word = "".join([texts[k] + spaces[k] for k in range(first, start)]).strip()
        if word.lower() in _NOT_DATASET_NAMES or word.lower() in STOP_WORDS:
            break
        if not (
            is_name_like(word.replace("-", ""))
            or (word[:1].isupper() and word.isalpha() and first > floor and first >= title_end)
        ):
            break
        start = first
    return Span(doc, start, end, label="Dataset") if start < end else None


def _dataset_contexts(
    doc: Doc, spans: list[Span], guessed: frozenset[tuple[int, int]] = frozenset()
) -> list[Span]:
    """Names that their context says are datasets, whatever label a rule or
    the recogniser guessed, or whether anything found them: names a dataset
    noun ends or introduces ("the KINS and D2SA datasets", "the Zorblat
    dataset", which nothing else knows, "benchmarks
    (Human3.6M and HumanEva)") and names a reported number is on ("+6.87%
    on iNat 2019", "from 2.11 to 0.30 on MJHQ-30K")."""
    v = view(doc)
    lowers = v.lowers
    n = len(lowers)
    sent_start = v.sent_start_of(doc)
    by_start = {s.start: s for s in spans}
    by_end = {s.end: s for s in spans}
    inside = {i for s in spans for i in range(s.start, s.end)}
    found: list[Span] = []
    title_end = v.sent_bounds(doc)[0][1] if n else 0
    for i, word in enumerate(lowers):
        if word in BENCHMARK_NOUNS:
            # Walk back over "X, Y and Z" before the noun.
            k = i
            while True:
                before = by_end.get(k)
                if before is None and k - 1 not in inside:
                    before = _unlisted_name_before(doc, k, sent_start[i], title_end)
                    if before is not None and inside.intersection(range(before.start, k)):
                        # "the Penn Treebank Character dataset": a known
                        # dataset's name goes on, else a name overlaps another.
                        known = by_start.get(before.start)
                        goes_on = (
                            known is not None
                            and known.label_ == "Dataset"
                            and not inside.intersection(range(known.end, k))
                        )
                        before = Span(doc, before.start, k, label="Dataset") if goes_on else None
                if before is None or before.start < sent_start[i]:
                    break
                # One name of several words, each found apart ("Galaxy10 DECals").
                prev = by_end.get(before.start)
                while prev is not None and prev.start >= sent_start[i]:
                    before = Span(doc, prev.start, before.end, label="Dataset")
                    prev = by_end.get(before.start)
                found.append(before)
                k = before.start
                separator = _before_separator(lowers, k, sent_start[i])
                if separator is None:
                    break
                k = separator
            cue = lowers[i + 1] if i + 1 < n else ""
            if cue == "such" and i + 2 < n and lowers[i + 2] == "as":
                found.extend(_coordinated(doc, by_start, i + 3))
            elif cue == "," and k == i and i not in inside:
                # "a benchmark dataset, MS-CXR-T, to ...": an apposition, not
                # the clause after a phrase ("On the MoisesDB dataset, Banquet
                # reaches", "on several datasets, TLEG surpasses").
                items = _coordinated(doc, by_start, i + 2)
                if len(items) == 1 and lowers[items[0].end : items[0].end + 1] == [","]:
                    found.extend(items)
            elif cue in _DATASET_LIST_CUES and (cue != ":" or (k == i and i not in inside)):
                # Not after a name's own head word ("The Zamba2 Suite: Technical
                # Report").
                start = i + 2
                if start < n and lowers[start] in (",", "e.g."):
                    start += 1
                found.extend(_coordinated(doc, by_start, start))
        elif word == "on" and i > 0 and lowers[i - 1] not in _BUILT_ON:
            window = lowers[max(i - _RESULT_WINDOW, sent_start[i]) : i]
            start = i + 1 + (i + 1 < n and lowers[i + 1] == "the")
            if any(w == "%" or w[:1].isdigit() or w[1:2].isdigit() for w in window):
                found.extend(_coordinated(doc, by_start, start, capitalised=False))
            elif _EVALUATING.intersection(lowers[max(i - _EVAL_WINDOW, sent_start[i]) : i]):
                # "we validate its generalizability on FreiHAND": what a model
                # is tested on, where nothing knew the name, unless the word
                # after it makes it hardware ("tested on NVIDIA GPUs").
                items = list(_coordinated(doc, by_start, start))
                after = lowers[items[-1].end] if items and items[-1].end < n else ""
                if after in _MODEL_HEADS:
                    continue  # "experiments on BERT, RoBERTa and GPT-2 models"
                for item in items:
                    unknown = item.start not in by_start or (item.start, item.end) in guessed
                    if unknown and not _names_hardware(doc, item):
                        found.append(item)
                    if lowers[item.start - 1] in ("and", "or"):
                        break  # "on GLUE and SQuAD, SlimDistil keeps": a new clause
    return found


def _names_hardware(doc: Doc, span: Span) -> bool:
    """Whether the word after `span` makes it hardware ("NVIDIA GPUs", "Xeon
    servers", "Jetson devices")."""
    texts = view(doc).texts
    after = texts[span.end] if span.end < len(texts) else ""
    return (
        after in GENERIC_ACRONYMS
        or after in SOFTWARE
        or names_no_entity(after)
        or after.lower() in _HARDWARE_NOUNS
    )


_HARDWARE_NOUNS = frozenset("server servers processor processors cluster clusters".split())


# Nouns after which a list names models ("baselines such as Mamba and GLA",
# "models (e.g. Yue, SongGen)").
_MODEL_NOUNS = frozenset(
    "models baselines methods architectures approaches transformers generators variants "
    "llms backbones".split()
)
# A noun that ends a list of models ("BERT, RoBERTa and GPT-2 models").
_MODEL_HEADS = _MODEL_NOUNS | frozenset("model network networks".split())
_MODEL_LIST_CUES = frozenset("including like e.g. e.g.,".split())


def _names_in_model_lists(doc: Doc, known: list[Span]) -> Iterator[Span]:
    """Capitalised names nothing else found in a list that a model noun
    opens ("Transformers such as Equiformer", "models (e.g. Yue, SongGen)"):
    the list says they are models, which ANNOTATION.md types as Methods.
    Names the rules know keep their own type."""
    v = view(doc)
    lowers = v.lowers
    n = len(lowers)
    by_start = {s.start: s for s in known}
    inside = {i for s in known for i in range(s.start, s.end)}
    for i, word in enumerate(lowers):
        if word not in _MODEL_NOUNS:
            continue
        k = i + 1
        while k < n and lowers[k] in (",", "("):
            k += 1
        if k + 1 < n and lowers[k] == "such" and lowers[k + 1] == "as":
            k += 2
        elif k < n and lowers[k] in _MODEL_LIST_CUES:
            k += 1
        else:
            continue
        while k < n and lowers[k] in (",", "the"):
            k += 1
        while k < n:
            # A run of capitalised words is one name ("Iterative Newton");
            # slashes join sizes of one model ("EMOv2-1M/2M/5M").
            item = by_start.get(k) or name_run(doc, k, capitalised=True)
            if item is None or not v.texts[k][:1].isupper():
                break
            if not inside.intersection(range(item.start, item.end)) and "/" not in item.text:
                yield Span(doc, item.start, item.end, label="Method")
            after = _past_separator(lowers, item.end, n)
            if after is None:
                break
            k = after


def _names_listed_with_models(doc: Doc, known: list[Span]) -> Iterator[Span]:
    """Capitalised words listed beside two or more known models
    ("Segmenter, Swin-Transformer and TransUNet came out best"): a list
    holds things of one kind, so they are models too. A known model glued
    to a family's name is that model's full name ("Swin-Transformer"). The
    first word of a sentence may be capitalised for its position alone."""
    v = view(doc)
    lowers, texts, spaces, alpha = v.lowers, v.texts, v.spaces, v.alpha
    n = len(lowers)
    sent_start = v.sent_start_of(doc)
    by_start = {s.start: s for s in known}
    inside = {i for s in known for i in range(s.start, s.end)}

    def glued(end: int) -> bool:
        """Whether `name_run` would go on past token `end - 1`."""
        return end < n and spaces[end - 1] == "" and texts[end] not in NAME_BREAKS

    def item_at(j: int) -> tuple[int, bool] | None:
        """Where the list item at token `j` ends, and whether it is a known model."""
        span = by_start.get(j)
        if span is not None and span.label_ == "Method":
            if not glued(span.end):
                return span.end, True
            tail = by_start.get(span.end + 1)
            run = name_run(doc, j, capitalised=False)
            if tail is not None and tail.label_ == "Architecture" and run is not None:
                return (run.end if tail.end == run.end else span.end), True
            return span.end, True
        if span is None and j not in inside and alpha[j] and not glued(j + 1):
            return j + 1, False
        return None

    k = 0
    while k < n:
        if not texts[k][:1].isupper():
            k += 1
            continue
        models: list[tuple[int, int]] = []
        new: list[int] = []
        j = k
        while j < n and texts[j][:1].isupper():
            item = item_at(j)
            if item is None:
                break
            item_end, is_model = item
            if is_model:
                models.append((j, item_end))
            elif j > sent_start[j]:
                new.append(j)
            after = _past_separator(lowers, item_end, n)
            if after is None or sent_start[after] != sent_start[j]:
                break
            j = after
        if len(models) >= 2:
            yield from (Span(doc, i, i + 1, label="Method") for i in new)
            for start, item_end in models:
                if item_end > by_start[start].end:
                    yield Span(doc, start, item_end, label="Method")
        k = max(j, k) + 1


def _shared_heads(doc: Doc, chosen: list[Span]) -> list[Span]:
    """Tasks whose head a coordinated modifier shares ("image and video
    generation", "Liver and Hepatic Lesion Segmentation"): ANNOTATION.md's
    gold names the whole phrase, one task, not its last conjunct. The word
    before "and"/"or" must be a kind modifier, not a task or a name of its
    own ("detection and instance segmentation" are two tasks)."""
    v = view(doc)
    lowers, texts = v.lowers, v.texts
    sent_start = v.sent_start_of(doc)
    inside = {i for s in chosen for i in range(s.start, s.end)}
    out: list[Span] = []
    for span in chosen:
        first = span.start - 2
        if (
            span.label_ == "Task"
            and first >= sent_start[span.start]
            and lowers[span.start - 1] in ("and", "or")
            and first not in inside
            and lowers[first] not in TASK_WORDS
            and _is_kind_modifier(_uncapitalised(texts[first]))
            and (first == 0 or texts[first - 1] != "-")
        ):
            span = Span(doc, first, span.end, label="Task")
        out.append(span)
    return out


def _cut_to_long_forms(doc: Doc, chosen: list[Span], lexicon: list[Span]) -> list[Span]:
    """Names cut to the long form an acronym spells: in "generative Large
    Language Models (LLMs)" the letters stop at "Large", so "generative" is
    a modifier of the name the paper defines, not part of it. A cut name the
    lexicon lists keeps the lexicon's span (and its canonical id)."""
    starts = {long_.end: long_.start for long_, _ in doc._.acronyms}
    listed = {(s.start, s.end): s for s in lexicon}
    texts = view(doc).texts
    out: list[Span] = []
    for span in chosen:
        start = starts.get(span.end, span.start)
        modifiers = texts[span.start : start]
        if span.start < start < span.end and all(t.isalpha() and t.islower() for t in modifiers):
            known = listed.get((start, span.end))
            if known is None or known.label_ != span.label_:
                known = Span(doc, start, span.end, label=span.label_)
            span = known
        out.append(span)
    return out


def _uncapitalised(word: str) -> str:
    """A title's capitalised word in lower case ("Liver"); acronyms and
    CamelCase names as written."""
    return word.lower() if word[:1].isupper() and word[1:].islower() else word


def _one_type_per_name(doc: Doc, chosen: list[Span], by_source: list[list[Span]]) -> list[Span]:
    """Every mention of a name with one type: that of the first source, in
    the order of `by_source`, that found the name anywhere in the paper.
    Where two sources give the very same span the first one's type stands;
    a name read in context once ("we propose ..., namely Next-ViT") is a
    model at every later mention too, where only a weaker rule sees it (a
    compound of "ViT", an Architecture)."""
    first: dict[str, str] = {}
    for spans in by_source:
        for span in spans:
            first.setdefault(span_text(span), span.label_)
    out: list[Span] = []
    for span in chosen:
        label = first.get(span_text(span), span.label_)
        if label != span.label_ and not span.kb_id_:
            span = Span(doc, span.start, span.end, label=label)
        out.append(span)
    return out


class EntityAssembler:
    """The `entities` component: candidates in, `doc.ents` out, each with
    `span._.confidence`."""

    def __init__(self, confidence: dict[str, float], with_model: bool) -> None:
        self.confidence = DEFAULT_CONFIDENCE | confidence
        self.with_model = with_model

    def __call__(self, doc: Doc) -> Doc:
        lexicon = _defined_readings(doc, list(doc.spans.get(LEXICON_KEY, [])))
        names = list(doc.spans.get(NAMES_KEY, []))
        # Where two sources give the very same span, the first one's type
        # stands: a name read in context ("we propose a new Tokens-To-Token
        # Vision Transformer") is a model, whatever its last word.
        sourced: dict[str, list[Span]] = {
            "lexicon": lexicon,
            # A new model's sizes are named after it too ("FooNet-Large",
            # "FooNet-7B").
            "variant": list(_variants(doc, lexicon, _new_model_names(doc, names)))
            + list(_releases(doc, names)),
            "glued": list(_glued_prefixes(doc, lexicon)),
            "acronym": list(_acronym_spans(doc, lexicon, names)),
            "name": [_trimmed(s) for s in names],
            "compound": list(_compounds(doc, lexicon, list(doc.spans.get(HEADS_KEY, [])))),
            "qualified_metric": list(_qualified_metrics(doc, lexicon)),
            "compression": list(_compressions(doc, lexicon)),
            "titled_part": list(_titled_parts(doc, names)),
            "task_phrase": list(_task_phrases(doc)),
            "task_list": list(_task_lists(doc, lexicon + names)),
            "task_for": list(_tasks_after_for(doc)),
            "task_benchmark": list(_tasks_after_benchmarks(doc, lexicon)),
            "metric_terms": list(_measures_in_terms_of(doc, lexicon + names)),
            "model_list": list(_names_in_model_lists(doc, lexicon + names)),
            "listed_with_models": list(_names_listed_with_models(doc, lexicon + names)),
        }
        known_tasks = [
            t
            for source in ("lexicon", "task_list", "task_for")
            for t in sourced[source]
            if t.label_ == "Task"
        ]
        sourced["task_coordination"] = list(
            _tasks_coordinated_with_tasks(doc, known_tasks, lexicon + names)
        )
        rule_sources = list(sourced)
        # Both forms of "partial differential equations (PDEs)" are maths,
        # however the rules found them; the expansion of a generic acronym
        # the lexicon does not list ("State-of-the-Art (SOTA)", "graphics
        # processing units (GPUs)") is as generic as the acronym.
        listed = {span_text(s) for s in lexicon}
        nothing = {
            span_text(form)
            for long_, short in doc._.acronyms
            if names_no_entity(span_text(long_))
            or (
                span_text(short) in GENERIC_ACRONYMS
                and not {span_text(long_), span_text(short)} & listed
            )
            for form in (long_, short)
        }
        rules = [s for spans in sourced.values() for s in spans if _keep(s)]
        model = list(_model_spans(doc, rules))
        sourced["model"] = [_trimmed(s) for s in model if s.label_]
        sourced["model_agrees"] = [s for s in model if not s.label_]
        if self.with_model:
            confirmed = {span_text(s) for s in sourced["model_agrees"]}
            for source in NEED_MODEL:
                sourced[source] = [
                    s for s in sourced[source] if span_text(s) in confirmed or _layer_counted(s)
                ]
            rules = [s for source in rule_sources for s in sourced[source] if _keep(s)]
        model_new = [s for s in sourced["model"] if _keep(s)]
        chosen = filter_spans([s for s in rules + model_new if span_text(s) not in nothing])
        chosen = _one_type_per_name(doc, chosen, [sourced[s] for s in [*rule_sources, "model"]])
        chosen, sourced["dataset_context"] = self._datasets_by_context(doc, chosen, sourced)
        chosen = _shared_heads(doc, chosen)
        chosen = _cut_to_long_forms(doc, chosen, lexicon)
        doc.ents = filter_spans(chosen + list(_everywhere(doc, chosen)))
        # `doc.ents` rebuilds every span on each read: read it once.
        ents = doc.ents
        self._set_confidence(ents, sourced)
        proposed = {span_text(s) for s in doc.spans.get(PROPOSED_KEY, [])}
        for ent in ents:
            ent._.proposed = span_text(ent) in proposed
        focus = next((e for e in ents if e._.proposed and e.label_ == "Method"), None)
        doc._.focus = focus or next((e for e in ents if e._.proposed), None)
        doc._.focus_forms = _forms_of(doc, doc._.focus)
        return doc

    @staticmethod
    def _datasets_by_context(
        doc: Doc, chosen: list[Span], sourced: dict[str, list[Span]]
    ) -> tuple[list[Span], list[Span]]:
        """Names guessed to be models, or missed, that their context says are
        datasets. New benchmarks look like new models ("KINS", "DB2-B",
        "MJHQ-30K"), so the guess is the recogniser's or the default; the
        lexicon and its variants know their types. Returns the entities,
        relabelled and completed, and the names only the context found."""
        known = {span_text(s) for source in ("lexicon", "variant") for s in sourced[source]}
        # What only the recogniser found is a guess that the context may overrule.
        ruled = {
            (s.start, s.end)
            for source, spans in sourced.items()
            if source != "model"
            for s in spans
        }
        guessed = frozenset((s.start, s.end) for s in sourced["model"]) - ruled
        contexts = [s for s in _dataset_contexts(doc, chosen, guessed) if span_text(s) not in known]
        datasets = {span_text(s) for s in contexts}
        # A split of a dataset is named after it ("DB2-B" of "DB2").
        prefixes = tuple(span_text(s) + "-" for s in chosen + contexts if s.label_ == "Dataset")

        def is_dataset(span: Span) -> bool:
            text = span_text(span)
            return text in datasets or (bool(prefixes) and text.startswith(prefixes))

        relabelled = [
            Span(doc, s.start, s.end, label="Dataset")
            if s.label_ == "Method" and not s.kb_id_ and is_dataset(s)
            else s
            for s in chosen
        ]
        # A longer name ("COCOA-cls" over "COCOA", "DB2-B" over "DB2")
        # replaces the cut one; a new one fills a gap; one that overlaps a
        # name of another type is dropped.
        taken = {
            i
            for s in relabelled
            if s.label_ not in ("Method", "Dataset")
            for i in range(s.start, s.end)
        }
        new = [
            s
            for s in contexts
            if s.label_ == "Dataset" and _keep(s) and not taken.intersection(range(s.start, s.end))
        ]
        return filter_spans(relabelled + new), new

    def _set_confidence(self, ents: Sequence[Span], sourced: dict[str, list[Span]]) -> None:
        """Each name's confidence from the sources that found it anywhere in
        the paper (a name is one entity per paper)."""
        found: dict[str, set[str]] = {}
        for source, spans in sourced.items():
            for span in spans:
                found.setdefault(span_text(span), set()).add(source)
        for ent in ents:
            # A name only seen through another's acronym or a re-occurrence
            # counts as found by name.
            sources = sorted(found.get(span_text(ent), {"name"}))
            doubt = 1.0
            for source in sources:
                doubt *= 1.0 - self.confidence[source]
            ent._.confidence = round(1.0 - doubt, 3)
            ent._.sources = tuple(sources)


@Language.factory("paperkg_entities", default_config={"confidence": {}})
def make_entities(nlp: Language, name: str, confidence: dict[str, float]) -> EntityAssembler:
    # The recogniser, when the pipeline has one, runs before this component.
    return EntityAssembler(confidence, with_model="ner" in nlp.pipe_names)
