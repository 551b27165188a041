"""The `kg` command. It only parses arguments and calls the public API."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Build a knowledge graph of methods, datasets, metrics, tasks and results "
    "from ML paper abstracts.",
)
err = Console(stderr=True)

Inputs = Annotated[list[Path], typer.Argument(help="Input files (format detected from content).")]
FormatOpt = Annotated[
    str | None, typer.Option("--format", "-f", help="Input format, overriding detection.")
]
ModelOpt = Annotated[
    Path | None, typer.Option("--model", help="A pipeline directory saved with nlp.to_disk().")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
StrictOpt = Annotated[
    bool,
    typer.Option("--strict", help="Stop at the first bad record (exit 2) instead of skipping it."),
]
MinConfidenceOpt = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Leave out entities, relations and results less likely than this to be right.",
    ),
]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def note(line: str) -> None:
    """A status line on stderr, never wrapped (rich would wrap long paths)."""
    sys.stderr.write(line + "\n")


def fail(message: str) -> NoReturn:
    """Bad input ends in one line naming what is wrong, never a traceback."""
    note(f"kg: error: {' '.join(message.split())}")
    raise typer.Exit(2)


@contextmanager
def user_errors() -> Iterator[None]:
    try:
        yield
    except (ValueError, OSError, KeyError) as error:
        fail(str(error) or type(error).__name__)


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.command()
def build(
    inputs: Inputs,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    format: FormatOpt = None,
    model: ModelOpt = None,
    quiet: QuietOpt = False,
    strict: StrictOpt = False,
    min_confidence: MinConfidenceOpt = 0.0,
) -> None:
    """Build the graph: OUT/extractions.jsonl, graph.ttl, store/, graph.html and
    report.json (input records skipped or merged)."""
    import kg

    with user_errors(), progress_bar("extracting", quiet) as progress:
        summary = kg.build(
            inputs,
            out,
            format=format,
            model=model,
            progress=progress,
            strict=strict,
            min_confidence=min_confidence,
        )
    note(summary.ingest.summary())
    typer.echo(str(summary.html.resolve()))
    typer.echo(summary.line())


@app.command()
def extract(
    inputs: Inputs,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSON Lines file.")],
    format: FormatOpt = None,
    model: ModelOpt = None,
    quiet: QuietOpt = False,
    strict: StrictOpt = False,
    min_confidence: MinConfidenceOpt = 0.0,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Where to list skipped and merged records.", show_default=False
        ),
    ] = None,
) -> None:
    """Extract entities, relations and results: one JSON line per paper. Skipped
    and merged input records are listed in OUT's .report.json (or --report)."""
    from kg import atomic
    from kg.builder import extractions_jsonl, read_papers, report_json, run_extract

    report_path = report or out.with_suffix(".report.json")
    with user_errors(), progress_bar("extracting", quiet) as progress:
        papers, ingested = read_papers(inputs, format=format, strict=strict)
        extractions = run_extract(
            papers, model=model, progress=progress, min_confidence=min_confidence
        )
        atomic.write_text(out, extractions_jsonl(extractions))
        atomic.write_text(report_path, report_json(ingested))
    note(ingested.summary())
    note(f"{len(extractions)} papers -> {out}")


@app.command("eval")
def evaluate(
    pred: Annotated[Path, typer.Argument(help="Predicted extractions (JSON Lines).")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold annotations (JSON Lines).")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            help="Exit 1 when typed-entity F1 is below this (a quality floor for CI).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Score predictions against gold annotations as ANNOTATION.md specifies."""
    from kg.evaluate import read_jsonl, score

    with user_errors():
        report = score(read_jsonl(gold), read_jsonl(pred))
    typer.echo(json.dumps(report.to_json(), indent=2) if as_json else report.to_text())
    f1 = report.entities_typed.f1
    if fail_under is not None and f1 < fail_under:
        note(f"typed-entity F1 {f1:.3f} is below the floor {fail_under:.3f}")
        raise typer.Exit(1)


@app.command()
def train(
    data: Annotated[
        Path,
        typer.Argument(
            help="The corpora: ../shared/data's layout (scirex/), or SciREX's unpacked release."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where the model goes (default: the shipped one)."),
    ] = None,
    work: Annotated[Path, typer.Option("--work", help="Training files and checkpoints.")] = Path(
        "out/training"
    ),
    config: Annotated[
        Path | None, typer.Option("--config", help="spaCy training config (default: tagger.cfg).")
    ] = None,
) -> None:
    """Train the entity recogniser on SciREX and the project's own annotations,
    and install it as the pipeline's model (or write it to --out)."""
    from kg import training
    from kg.training.scirex import training_data

    with user_errors():
        path = training.train(
            training_data(data, work),
            work,
            out_dir=out or training.MODEL_DIR,
            config=config or training.CONFIG,
        )
    typer.echo(str(path))


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or the path of a .rq file.")],
    store: Annotated[
        Path, typer.Option("--store", "-s", help="A built store folder, or a .ttl file.")
    ] = Path("out/store"),
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Run a SPARQL query against a built graph (read-only)."""
    import kg
    from kg.query import read_query, to_csv, to_json, to_text

    with user_errors():
        table = kg.query(kg.load(store), read_query(sparql))
    render = {"table": to_text, "csv": to_csv, "json": to_json}[format.value]
    sys.stdout.write(render(table).rstrip("\n") + "\n")


@app.command()
def view(
    store: Annotated[
        Path, typer.Option("--store", "-s", help="A built store folder, or a .ttl file.")
    ] = Path("out/store"),
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "graph.html"
    ),
    max_nodes: Annotated[
        int | None, typer.Option("--max-nodes", help="Keep the best-connected nodes.")
    ] = None,
    papers: Annotated[bool, typer.Option("--papers/--no-papers", help="Show paper nodes.")] = True,
) -> None:
    """Write an interactive HTML view of a built graph (works offline)."""
    import kg
    from kg.graph import to_networkx
    from kg.view import render_html

    with user_errors():
        graph = to_networkx(kg.load(store))
        path = render_html(graph, out, include_papers=papers, max_nodes=max_nodes)
    typer.echo(str(path.resolve()))


@app.command()
def serve(
    store: Annotated[Path, typer.Option("--store", "-s", help="A built store folder.")] = Path(
        "out/store"
    ),
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port (0: any free one).")] = 3030,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds a query may run before it gets 503.")
    ] = 10.0,
) -> None:
    """Serve a built graph as a read-only SPARQL endpoint at /sparql."""
    from kg.serve import make_server
    from kg.serve import serve as run_server

    def ready(url: str) -> None:
        note(f"SPARQL endpoint at {url} (read-only; Ctrl-C stops it)")

    with user_errors():
        run_server(make_server(store, host=host, port=port, timeout=timeout), ready=ready)


if __name__ == "__main__":  # pragma: no cover
    app()
