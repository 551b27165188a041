"""Closed word classes that several rules read.

Kept in one place so that "what counts as a comparison" or "what refers
back to the paper's own method" means the same in every component.
"""

from __future__ import annotations

# Words by which an abstract refers to its own contribution: "we", "our
# model", "it", "the proposed method".
ANAPHORS = frozenset("we our it its this proposed".split())

# Words that compare one method with another ("X outperforms Y", "faster
# than Y", "Y vs. X").
COMPARISONS = frozenset(
    "than outperforms outperform outperforming outperformed surpasses surpass surpassing "
    "beats beat exceeds improves over versus vs. against".split()
)
