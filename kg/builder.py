"""`kg build`: the whole path from input files to graph, store and page.

ingest -> extract -> resolve -> graph -> outputs, each stage a call into its
own module; this module only sequences them and writes the results.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg import atomic, ingest
from kg.extract import extract
from kg.graph import to_networkx, to_rdf, write_store, write_turtle
from kg.ingest import IngestError, IngestReport
from kg.records import Extraction, Paper
from kg.resolve import resolve
from kg.view import render_html

# Every file and folder `build` writes into its output folder.
OUTPUTS = ("extractions.jsonl", "graph.ttl", "store", "graph.html", "report.json")

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(slots=True)
class BuildSummary:
    out_dir: Path
    papers: int
    triples: int
    concepts: Counter[str] = field(default_factory=Counter)  # by entity type
    relations: int = 0
    results: int = 0
    ingest: IngestReport = field(default_factory=IngestReport)

    @property
    def html(self) -> Path:
        return self.out_dir / "graph.html"

    def line(self) -> str:
        types = ", ".join(f"{n} {t.lower()}s" for t, n in sorted(self.concepts.items()))
        return (
            f"{self.papers} papers, {types}; {self.relations} relations, "
            f"{self.results} results; {self.triples} triples"
        )


def read_papers(
    inputs: Iterable[str | Path], *, format: str | None = None, strict: bool = False
) -> tuple[list[Paper], IngestReport]:
    """The papers of `inputs` and the account of what was skipped or merged.

    Bad records are skipped and reported unless `strict`, when the first one
    raises IngestError. No paper at all is an error either way: there is
    nothing to build, and the first problem usually says why."""
    report = IngestReport()
    papers = ingest.read([Path(p) for p in inputs], format=format, strict=strict, report=report)
    if not papers:
        first = f" ({report.skipped[0]})" if report.skipped else ""
        raise IngestError(f"no papers in the input{first}")
    return papers, report


def report_json(report: IngestReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


def extractions_jsonl(extractions: Iterable[Extraction]) -> str:
    return "".join(
        json.dumps(x.to_json(), ensure_ascii=False, sort_keys=False) + "\n" for x in extractions
    )


def run_extract(
    papers: list[Paper],
    *,
    model: str | Path | None = None,
    progress: Progress | None = None,
    min_confidence: float = 0.0,
) -> list[Extraction]:
    done = 0

    def tick(_: Extraction) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(papers))

    return [x.at_least(min_confidence) for x in extract(papers, model=model, on_paper=tick)]


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    format: str | None = None,
    model: str | Path | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    min_confidence: float = 0.0,
) -> BuildSummary:
    """Build the knowledge graph of `inputs` into `out_dir`: extractions.jsonl,
    graph.ttl, the Oxigraph store `store/`, graph.html and report.json (what
    was skipped or merged on input). Entities, relations and results below
    `min_confidence` are left out. Every output is replaced atomically, so
    an interrupted build leaves the previous one."""
    out = Path(out_dir)
    # Temporary files of a build that was killed are never renamed into place;
    # clear them before they pile up.
    atomic.remove_stale(out, OUTPUTS)
    papers, report = read_papers(inputs, format=format, strict=strict)
    extractions = run_extract(papers, model=model, progress=progress, min_confidence=min_confidence)
    corpus = resolve(extractions)
    graph = to_rdf(corpus)

    atomic.write_text(out / "report.json", report_json(report))
    atomic.write_text(out / "extractions.jsonl", extractions_jsonl(extractions))
    write_turtle(graph, out / "graph.ttl")
    write_store(graph, out / "store")
    render_html(to_networkx(graph), out / "graph.html", title="paperkg")
    return BuildSummary(
        out_dir=out,
        papers=len(papers),
        triples=len(graph),
        concepts=Counter(c.type for c in corpus.concepts.values()),
        relations=sum(len(x.relations) for x in extractions),
        results=sum(len(x.results) for x in extractions),
        ingest=report,
    )
