"""Guessing an entity's type from the words of its name.

Names nobody listed ("Salient Region Extractor", "hyperspectral target
detection", "SPOD benchmark") still say what they are through their last
word; the rules here read that word.
"""

from __future__ import annotations

from kg.records import EntityType

_HEAD_TYPES: dict[EntityType, frozenset[str]] = {
    "Task": frozenset(
        [
            "recognition",
            "detection",
            "segmentation",
            "classification",
            "translation",
            "estimation",
            "generation",
            "forecasting",
            "retrieval",
            "answering",
            "separation",
            "prediction",
            "parsing",
            "regression",
            "synthesis",
            "captioning",
            "summarization",
            "completion",
            "tracking",
            "localization",
            "reconstruction",
            "understanding",
            "restoration",
            "super-resolution",
            "inpainting",
            "editing",
            "matching",
            "alignment",
            "try-on",
            "verification",
            "identification",
            "labeling",
            "tagging",
        ]
    ),
    "Dataset": frozenset(
        ["dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "suite"]
    ),
    "Metric": frozenset(
        ["score", "accuracy", "error", "rate", "distance", "loss", "ratio", "metric"]
    ),
    "Architecture": frozenset(
        [
            "attention",
            "layer",
            "layers",
            "block",
            "blocks",
            "encoder",
            "decoder",
            "transformer",
            "transformers",
            "convolution",
            "convolutions",
            "mechanism",
            "module",
            "modules",
            "backbone",
            "architecture",
            "architectures",
            "head",
            "heads",
        ]
    ),
}

# Words that end a technique's name rather than a model's ("... Reparameterization").
_METHOD_HEADS = frozenset(
    [
        "learning",
        "training",
        "tuning",
        "distillation",
        "pruning",
        "quantization",
        "search",
        "optimization",
        "reparameterization",
        "augmentation",
        "regularization",
        "normalization",
        "decoding",
        "sampling",
        "prompting",
        "alignment",
    ]
)


def type_from_head(name: str) -> EntityType | None:
    """The type that the last word of `name` implies, or None.

    >>> type_from_head("hand gesture recognition")
    'Task'
    >>> type_from_head("Salient Region Extractor") is None
    True
    >>> type_from_head("Convolutional Fusion Block")
    'Architecture'
    """
    words = name.replace("-", " ").lower().split()
    if not words:
        return None
    head = words[-1]
    if head in _METHOD_HEADS:
        return "Method"
    for type_, heads in _HEAD_TYPES.items():
        if head in heads:
            return type_
    return None
