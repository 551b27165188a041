"""`kg build` end to end, as a user runs it: outputs, idempotence, SHACL
conformance, the real seed dumps, the CLI and the quick-start notebook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph

import kg
from kg.graph import SCHEMAS_DIR

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "abstracts.jsonl"
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
OUTPUTS = ("extractions.jsonl", "graph.ttl", "graph.html")


def kg_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_build_writes_every_output(example_build: Path) -> None:
    for name in OUTPUTS:
        assert (example_build / name).stat().st_size > 0
    lines = (example_build / "extractions.jsonl").read_text().splitlines()
    assert len(lines) == len(EXAMPLES.read_text().splitlines())
    assert all(
        {"id", "title", "entities", "relations", "results"} <= json.loads(x).keys() for x in lines
    )


def test_build_conforms_to_the_shapes(example_build: Path) -> None:
    data = Graph().parse(example_build / "graph.ttl")
    shapes = Graph().parse(SCHEMAS_DIR / "shapes.ttl")
    ontology = Graph().parse(SCHEMAS_DIR / "ontology.ttl")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology)
    assert conforms, report


def test_rebuild_is_byte_identical(example_build: Path, tmp_path: Path) -> None:
    kg.build([EXAMPLES], tmp_path)
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (example_build / name).read_bytes(), name


def test_store_holds_the_turtle_graph(example_build: Path) -> None:
    stored = kg.load(example_build / "store")
    assert len(stored) == len(Graph().parse(example_build / "graph.ttl"))
    table = kg.query(stored, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pkg:Paper }")
    assert table.rows == [[str(len(EXAMPLES.read_text().splitlines()))]]


def test_cli_build_prints_page_and_summary(tmp_path: Path) -> None:
    done = kg_cli("build", EXAMPLES, "-o", tmp_path / "out", "--quiet")
    assert done.returncode == 0, done.stderr
    page, summary = done.stdout.strip().splitlines()
    assert Path(page) == (tmp_path / "out" / "graph.html").resolve()
    assert summary.startswith("12 papers, ") and "triples" in summary


def test_cli_query_formats(example_build: Path) -> None:
    rq = ROOT / "schemas" / "queries" / "top_datasets.rq"
    as_json = kg_cli("query", rq, "--store", example_build / "store", "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert rows and all(isinstance(r, dict) for r in rows)
    as_csv = kg_cli("query", rq, "--store", example_build / "store", "--format", "csv")
    assert len(as_csv.stdout.strip().splitlines()) == len(rows) + 1


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    missing = kg_cli("build", tmp_path / "nope.jsonl", "-o", tmp_path / "o")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "A", "abstract": "B"}\n{"title": \n')
    strict = kg_cli("extract", bad, "-o", tmp_path / "x.jsonl", "--strict")
    for done, needle in ((missing, "nope.jsonl"), (strict, "bad.jsonl:2")):
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert needle in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_bad_records_are_skipped_and_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = EXAMPLES.read_text().splitlines()[0]
    bad.write_text(f'{good}\n{{"title": \n{good}\n{{"title": "No abstract"}}\n')
    done = kg_cli("build", bad, "-o", tmp_path / "out", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "1 duplicate merged" in done.stderr and "2 records skipped" in done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [(p["line"], p["path"].endswith("bad.jsonl")) for p in report["skipped"]] == [
        (2, True),
        (4, True),
    ]
    assert report["papers"] == 1 and report["duplicates_merged"] == 1
    lines = (tmp_path / "out" / "extractions.jsonl").read_text().splitlines()
    assert len(lines) == 1


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not checked out beside the repo")
def test_build_of_all_seed_dumps(tmp_path: Path) -> None:
    summary = kg.build(SEEDS, tmp_path)
    assert summary.papers == 264
    graph = kg.load(tmp_path / "store")
    papers = kg.query(graph, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pkg:Paper }")
    assert papers.rows == [["264"]]
    repeated = kg.query(
        graph,
        """
        SELECT (COUNT(?p) AS ?n) WHERE {
          { SELECT ?p WHERE { ?p a pkg:Paper ; pkg:sourceDump ?s } GROUP BY ?p
            HAVING (COUNT(?s) > 1) } }""",
    )
    assert repeated.rows == [["31"]]
    titles = kg.query(graph, "SELECT ?t WHERE { ?p a pkg:Paper ; dcterms:title ?t }")
    chrome = ("Subscribe", "Daily Papers", "Get trending papers", "authors")
    assert not [t for [t] in titles.rows if t and any(c in t for c in chrome)]


def test_notebook_runs(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(ROOT / "notebooks" / "quickstart.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    client.execute()
    outputs = "".join(o.get("text", "") for cell in notebook.cells for o in cell.get("outputs", []))
    assert "12 papers" in outputs and "ImageNet" in outputs
