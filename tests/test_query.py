"""kg.query and the example queries of schemas/queries, on the hand corpus of
tests/test_graph.py, both in memory and through an Oxigraph store (the two
SPARQL engines must agree)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from test_graph import JAMBA_TITLE, ODD, hand_corpus

from kg.graph import load, to_rdf, write_store, write_turtle
from kg.graph.iri import entity_iri
from kg.graph.vocab import PKG, QUERIES_DIR
from kg.names import normalize
from kg.query import QueryError, Table, query, query_form, read_query, to_csv, to_json, to_text

HT = "Hybrid Transformer Demucs"
HT_PAPER = "Hybrid Transformers for Music Source Separation"


@pytest.fixture(scope="module")
def memory_graph() -> Graph:
    return to_rdf(hand_corpus())


@pytest.fixture(scope="module")
def store_path(memory_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kg") / "store"
    write_store(memory_graph, path)
    return path


@pytest.fixture(params=["memory", "oxigraph"])
def graph(request: pytest.FixtureRequest, memory_graph: Graph, store_path: Path) -> Graph:
    return memory_graph if request.param == "memory" else load(store_path)


def example(name: str) -> Path:
    return QUERIES_DIR / name


def column(table: Table, name: str) -> list[str | None]:
    i = table.columns.index(name)
    return [row[i] for row in table.rows]


# -- the example queries --------------------------------------------------------


def test_methods_datasets_metrics(graph: Graph) -> None:
    table = query(graph, example("methods_datasets_metrics.rq"))
    assert table.columns == ["method", "datasets", "metrics", "methodIri"]
    assert column(table, "method") == ["Hybrid Demucs", HT, "Jamba", ODD]

    def names(cell: str | None) -> set[str]:
        return set(cell.split("; ")) if cell is not None else set()

    cells = {row[0]: (names(row[1]), names(row[2])) for row in table.rows}
    assert cells == {
        "Hybrid Demucs": (set(), {"SDR"}),
        HT: ({"MUSDB"}, {"SDR"}),
        "Jamba": ({"MMLU"}, {"accuracy"}),
        ODD: ({"MMLU"}, {"accuracy"}),
    }
    assert column(table, "methodIri")[2] == str(entity_iri("jamba"))


def test_top_datasets(graph: Graph) -> None:
    table = query(graph, example("top_datasets.rq"))
    assert table.columns == ["dataset", "papers", "datasetIri"]
    assert [row[:2] for row in table.rows] == [["MMLU", "2"], ["MUSDB", "1"]]


def test_results_for_metric_best_first(graph: Graph) -> None:
    table = query(graph, example("results_for_metric.rq"))
    assert table.columns == [
        "metric", "value", "unit", "method", "dataset", "isDelta", "paper", "sentence", "result",
    ]  # fmt: skip
    # Absolute scores, highest first; then the improvement, a range.
    assert column(table, "value") == ["71", "70.1", "67.4", "2.73-7.63"]
    assert column(table, "method") == [None, ODD, "Jamba", ODD]
    assert column(table, "unit") == ["%", "%", "%", None]
    assert column(table, "isDelta") == ["false", "false", "false", "true"]
    assert set(column(table, "metric")) == {"accuracy"}
    assert column(table, "paper")[2] == JAMBA_TITLE
    assert column(table, "sentence")[2] == "Jamba is evaluated on MMLU and reaches 67.4% accuracy."


def test_results_for_metric_matches_aliases_and_is_editable(graph: Graph) -> None:
    text = read_query(example("results_for_metric.rq"))
    assert 'VALUES ?wanted { "accuracy" }' in text
    by_alias = query(graph, text.replace('{ "accuracy" }', '{ "ACCURACY" }'))
    assert len(by_alias.rows) == 4
    sdr = query(graph, text.replace('{ "accuracy" }', '{ "sdr" }'))
    assert column(sdr, "value") == ["9.20", "0.45"]
    assert query(graph, text.replace('{ "accuracy" }', '{ "BLEU" }')).rows == []


def test_results_for_a_lower_is_better_metric_sort_ascending() -> None:
    g = Graph()
    metric, paper = entity_iri("perplexity"), URIRef("https://w3id.org/paperkg/id/paper/p")
    g.add((metric, RDF.type, PKG.Metric))
    g.add((metric, SKOS.prefLabel, Literal("perplexity")))
    g.add((paper, DCTERMS.title, Literal("P")))
    for i, value in enumerate(["12.5", "3.1", "7"]):
        result = URIRef(f"https://w3id.org/paperkg/id/result/{i}")
        g.add((result, RDF.type, PKG.Result))
        g.add((result, PKG.metric, metric))
        g.add((result, PKG.value, Literal(value)))
        g.add((result, PKG.numericValue, Literal(value, datatype=XSD.decimal)))
        g.add((result, PKG.isDelta, Literal(False)))
        g.add((result, PROV.wasDerivedFrom, paper))
    text = read_query(example("results_for_metric.rq")).replace('"accuracy"', '"Perplexity"')
    assert column(query(g, text), "value") == ["3.1", "7", "12.5"]


def test_proposed(graph: Graph) -> None:
    table = query(graph, example("proposed.rq"))
    assert table.columns == ["paper", "entity", "type", "paperIri", "entityIri"]
    assert [row[:3] for row in table.rows] == [
        [HT_PAPER, HT, "Method"],
        [JAMBA_TITLE, "Jamba", "Method"],
        [f"{ODD}: parsing résumés", ODD, "Method"],
    ]
    assert column(table, "entityIri")[2] == str(entity_iri(normalize(ODD)))


def test_every_example_query_has_a_comment_header() -> None:
    files = sorted(QUERIES_DIR.glob("*.rq"))
    assert {f.name for f in files} >= {
        "methods_datasets_metrics.rq", "top_datasets.rq", "results_for_metric.rq", "proposed.rq",
    }  # fmt: skip
    for f in files:
        assert f.read_text(encoding="utf-8").startswith("# "), f.name


# -- query() --------------------------------------------------------------------


def test_predeclared_prefixes(graph: Graph) -> None:
    table = query(graph, "SELECT ?l WHERE { ?d a pkg:Dataset ; skos:prefLabel ?l } ORDER BY ?l")
    assert table == Table(["l"], [["MMLU"], ["MUSDB"]])


def test_a_declared_prefix_wins(graph: Graph) -> None:
    sparql = "PREFIX pkg: <urn:other#> SELECT ?d WHERE { ?d a pkg:Dataset }"
    assert query(graph, sparql).rows == []


def test_values_render_as_plain_strings(graph: Graph) -> None:
    table = query(
        graph,
        """SELECT ?paper ?date ?n ?url WHERE {
               ?paper dcterms:identifier "hf/2403.19887" ; schema:datePublished ?date ;
                      pkg:authorCount ?n .
               OPTIONAL { ?paper schema:url ?url }
           }""",
    )
    assert table.rows == [
        ["https://w3id.org/paperkg/id/paper/hf%2F2403.19887", "--03-28", "5", None]
    ]


def test_query_accepts_paths(memory_graph: Graph, store_path: Path, tmp_path: Path) -> None:
    ttl = tmp_path / "graph.ttl"
    write_turtle(memory_graph, ttl)
    rq = example("top_datasets.rq")
    expected = query(memory_graph, rq)
    assert query(store_path, rq) == expected
    assert query(str(store_path), str(rq)) == expected
    assert query(ttl, rq) == expected


def test_ask_construct_describe(graph: Graph) -> None:
    assert query(graph, "ASK { entity:jamba pkg:uses entity:mamba }") == Table(["ask"], [["true"]])
    assert query(graph, "ASK { entity:mamba pkg:uses entity:jamba }").rows == [["false"]]
    built = query(graph, "CONSTRUCT { ?a pkg:uses ?b } WHERE { ?a pkg:uses ?b }")
    assert built.columns == ["subject", "predicate", "object"]
    assert len(built.rows) == 4
    assert built.rows == sorted(built.rows)
    described = query(graph, "DESCRIBE entity:mamba")
    assert [str(SKOS.prefLabel), "Mamba"] in [row[1:] for row in described.rows]


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX ex: <http://example.org/#>\n# delete all\nDELETE WHERE { ?s ?p ?o }",
        "drop all",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(graph: Graph, update: str) -> None:
    before = len(graph)
    with pytest.raises(QueryError, match="read-only"):
        query(graph, update)
    assert len(graph) == before


def test_query_form() -> None:
    assert query_form("# hi\nPREFIX a: <urn:x#y>\nBASE <urn:b>\n  select * {}") == "SELECT"
    assert query_form("CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    with pytest.raises(QueryError, match="not a SPARQL query"):
        query_form("MATCH (n) RETURN n")
    with pytest.raises(QueryError, match="not a SPARQL query"):
        query_form("  # only a comment")


def test_read_query(tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT * { ?s ?p ?o }", encoding="utf-8")
    assert read_query(rq) == "SELECT * { ?s ?p ?o }"
    assert read_query(str(rq)) == "SELECT * { ?s ?p ?o }"
    assert read_query("ASK {}") == "ASK {}"
    with pytest.raises(FileNotFoundError, match=r"missing\.rq"):
        read_query(str(tmp_path / "missing.rq"))


# -- formatters -----------------------------------------------------------------

TABLE = Table(["name", "n"], [['Résumé, "x"', "12"], ["B", None]])


def test_to_csv() -> None:
    assert to_csv(TABLE) == 'name,n\n"Résumé, ""x""",12\nB,\n'


def test_to_json() -> None:
    assert json.loads(to_json(TABLE)) == [
        {"name": 'Résumé, "x"', "n": "12"},
        {"name": "B", "n": None},
    ]
    assert "Résumé" in to_json(TABLE)


def test_to_text() -> None:
    assert to_text(TABLE).split("\n") == [
        "name         n",
        "-----------  --",
        'Résumé, "x"  12',
        "B",
    ]
    assert to_text(Table(["a"], [["two\nlines"]])).split("\n")[2] == "two lines"
    assert to_text(Table(["x"], [])) == "x\n-"


def test_formatters_on_a_real_answer(graph: Graph) -> None:
    table = query(graph, example("top_datasets.rq"))
    assert to_csv(table).splitlines()[:2] == [
        "dataset,papers,datasetIri",
        f"MMLU,2,{entity_iri('mmlu')}",
    ]
    assert json.loads(to_json(table))[1]["dataset"] == "MUSDB"
    assert to_text(table).splitlines()[2].startswith("MMLU     2       https://")


def test_abstracts_with_unicode_survive_the_store(graph: Graph) -> None:
    sparql = f"""SELECT ?t WHERE {{
        ?p schema:abstract ?a ; dcterms:title ?t . FILTER CONTAINS(?a, "{ODD[:6]}")
    }}"""
    assert query(graph, sparql).rows == [[f"{ODD}: parsing résumés"]]
