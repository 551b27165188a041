"""Extraction throughput, in abstracts per second on one core.

Figures are reported as ratios against a baseline measured in the same run
(spaCy's blank English tokenizer over the same texts), to compare changes
measured on one machine; on shared VMs both figures swing between runs, so
compare the best of several (--repeat). Usage:

    python benchmarks/throughput.py [INPUT ...] [--repeat N]

Without inputs it reads ../shared/seeds/*.txt when present, else the bundled
examples.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import spacy

import kg
from kg.extract import load_pipeline
from kg.extract.convert import paper_text
from kg.records import Paper

ROOT = Path(__file__).resolve().parents[1]


def default_inputs() -> list[Path]:
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    return seeds or [ROOT / "examples" / "abstracts.jsonl"]


def best_rate(run: Callable[[], object], n: int, repeat: int) -> float:
    """Items per second of the fastest of `repeat` runs (the least disturbed)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return n / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    papers: list[Paper] = kg.read(args.inputs or default_inputs())
    texts = [paper_text(p) for p in papers]
    blank = spacy.blank("en")
    pipeline = load_pipeline()
    list(kg.extract(papers[:5], nlp=pipeline))  # warm-up: lexicon matchers built

    tokenizer = best_rate(lambda: list(blank.pipe(texts)), len(texts), args.repeat)
    extract = best_rate(lambda: list(kg.extract(papers, nlp=pipeline)), len(papers), args.repeat)
    print(f"papers: {len(papers)} (best of {args.repeat} runs)")
    print(f"baseline  spaCy blank tokenizer  {tokenizer:10.1f} abstracts/s")
    print(
        f"paperkg   extract (default)       {extract:10.1f} abstracts/s"
        f"   = {extract / tokenizer:.3f} x baseline"
    )


if __name__ == "__main__":
    main()
