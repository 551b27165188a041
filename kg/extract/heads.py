"""Guessing an entity's type from the words of its name.

Names nobody listed ("Salient Region Extractor", "hyperspectral target
detection", "SPOD benchmark") still say what they are through their last
word; the rules here read that word.
"""

from __future__ import annotations

from kg.records import EntityType

# Last words that make a phrase a task ("hand gesture recognition"); the
# extractor grows task names leftwards from these.
TASK_HEADS = frozenset(
    "recognition detection segmentation classification translation estimation generation "
    "forecasting retrieval answering separation parsing regression synthesis captioning "
    "summarization completion tracking localization reconstruction restoration inpainting "
    "modeling modelling reasoning planning navigation deblurring deraining dehazing "
    "diagnosis".split()
)
# Weaker ones: they type a name found otherwise, but "better prediction" or
# "deeper understanding" are too often no task to start a phrase.
_WEAK_TASK_HEADS = frozenset(
    "prediction understanding super-resolution editing matching alignment try-on "
    "verification identification labeling tagging".split()
)

# Every last word that makes a phrase a task where the context says it
# names one ("a model for X", a list of tasks).
TASK_WORDS = TASK_HEADS | _WEAK_TASK_HEADS

_HEAD_TYPES: dict[EntityType, frozenset[str]] = {
    "Task": TASK_WORDS,
    "Dataset": frozenset("dataset datasets benchmark benchmarks corpus corpora suite".split()),
    "Metric": frozenset("score accuracy error rate distance loss ratio metric".split()),
    "Architecture": frozenset(
        # Not "transformer": an unlisted "X Transformer" is a named model, which
        # ANNOTATION.md types as a Method even when its paper calls it an architecture.
        "attention layer layers block blocks encoder decoder "
        "convolution convolutions mechanism module modules backbone architecture architectures "
        "head heads".split()
    ),
}

# Words that end a technique's name rather than a model's ("... Reparameterization").
_METHOD_HEADS = frozenset(
    "learning training tuning distillation pruning quantization search optimization "
    "reparameterization augmentation regularization normalization decoding sampling "
    "prompting alignment".split()
)


# Last words that make a phrase data, hardware or a mathematical object,
# none of the five types, however it is capitalised or abbreviated ("whole
# slide images (WSIs)", "partial differential equations (PDEs)",
# "Electronic Health Records (EHR)", "Field-Programmable Gate Array").
_NON_ENTITY_HEADS = frozenset(
    "image images equation equations record records signal signals array arrays device devices "
    "hardware chip chips sensor sensors hyperparameter hyperparameters".split()
)


def names_no_entity(name: str) -> bool:
    """Whether the last word of `name` makes it data, hardware or maths.

    >>> names_no_entity("partial differential equations"), names_no_entity("Vision Transformer")
    (True, False)
    """
    words = name.replace("-", " ").lower().split()
    return bool(words) and words[-1] in _NON_ENTITY_HEADS


def type_from_head(name: str) -> EntityType | None:
    """The type that the last word of `name` implies, or None.

    >>> type_from_head("hand gesture recognition")
    'Task'
    >>> type_from_head("Salient Region Extractor") is None
    True
    >>> type_from_head("Convolutional Fusion Block")
    'Architecture'

    A task after "for" is what X is for: "Transformer for Hand Gesture
    Recognition" names a model, and X's head types it.

    >>> type_from_head("Transformer for Hand Gesture Recognition") is None
    True
    """
    words = name.replace("-", " ").lower().split()
    if words and words[-1] in TASK_WORDS and "for" in words[1:]:
        words = words[: words.index("for", 1)]
    if not words:
        return None
    head = words[-1]
    if head in _METHOD_HEADS:
        return "Method"
    for type_, heads in _HEAD_TYPES.items():
        if head in heads:
            return type_
    return None
