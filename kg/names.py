"""Name normalisation: when two surface forms name the same thing.

ANNOTATION.md scores a name as equal to another after normalising case,
hyphens/spaces and a plural -s; resolution across papers uses the same key so
that what the scorer counts as one entity is one node in the graph.
"""

from __future__ import annotations

import re
import unicodedata

# Spaces, hyphens of every kind, underscores and slashes all vanish, so that
# "top-1 accuracy", "top1 accuracy" and "Top-1  Accuracy" share one key.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/]+")


def normalize(name: str) -> str:
    """The comparison key of a name.

    >>> normalize("Vision Transformers")
    'visiontransformer'
    >>> normalize("vision-transformer") == normalize("Vision  Transformer")
    True
    >>> normalize("top1 accuracy") == normalize("Top-1 accuracy")
    True
    >>> normalize("LMs"), normalize("loss"), normalize("GPT-4")
    ('lm', 'loss', 'gpt4')
    """
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    return _singular(_SEPARATORS.sub("", text))


def _singular(text: str) -> str:
    # A final plural -s goes; "ss" endings ("loss") and two-letter words stay.
    if len(text) >= 3 and text.endswith("s") and not text.endswith("ss") and text[-2].isalpha():
        return text[:-1]
    return text
