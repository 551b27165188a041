"""Extraction: papers in, typed entities, relations and results out.

>>> from kg.records import Paper
>>> [x] = extract([Paper("p1", "BERT for Question Answering",
...     "We fine-tune BERT on SQuAD and reach an F1 score of 91.2.")])
>>> sorted((e.name, e.type) for e in x.entities)  # doctest: +NORMALIZE_WHITESPACE
[('BERT', 'Method'), ('F1 score', 'Metric'), ('Question Answering', 'Task'),
 ('SQuAD', 'Dataset'), ('fine-tune', 'Method')]
>>> [(r.metric, r.value, r.dataset) for r in x.results]
[('F1 score', '91.2', 'SQuAD')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from kg.extract.convert import paper_text, to_extraction
from kg.extract.pipeline import build_pipeline, load_pipeline
from kg.records import Extraction, Paper

__all__ = ["build_pipeline", "extract", "load_pipeline"]


def extract(
    papers: Iterable[Paper],
    *,
    nlp: Language | None = None,
    model: str | Path | None = None,
    batch_size: int = 64,
    n_process: int = 1,
    on_paper: Callable[[Extraction], None] | None = None,
) -> Iterator[Extraction]:
    """Run the pipeline over `papers`, yielding one `Extraction` per paper in
    input order. `model` is a pipeline directory saved with `nlp.to_disk()`;
    by default the shipped pipeline is used. `on_paper` is called after each
    paper (for progress bars)."""
    pipeline = nlp or load_pipeline(model)
    stream = ((paper_text(p), p) for p in papers)
    for doc, paper in pipeline.pipe(
        stream, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        extraction = to_extraction(doc, paper)
        if on_paper is not None:
            on_paper(extraction)
        yield extraction
