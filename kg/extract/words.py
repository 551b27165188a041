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

# Comparatives that make a following "than"/"compared to"/"over" a claim that
# one method beats another ("4.2% better top-1 accuracy than X", "improves
# accuracy by 0.9 points over X", "superior performance compared to X",
# "1.9x speedup over X").
COMPARATIVES = frozenset(
    "better higher faster lower fewer smaller stronger superior greater improves improved "
    "improving improvement improvements outperforms outperform outperforming gain gains "
    "speedup speedups reduction reductions".split()
)

# Nouns that name a collection of data used to test something ("a benchmark
# for T", "T datasets such as X").
BENCHMARK_NOUNS = frozenset(
    "benchmark benchmarks dataset datasets corpus corpora suite testbed testbeds".split()
)
