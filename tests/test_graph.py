"""The graph stage: RDF building, SHACL conformance, Turtle and Oxigraph
persistence, networkx view.

`hand_corpus()` is a small resolved corpus written by hand (three papers, a
concept with an odd Unicode name, a paper date without a year, relations,
results, and a few records that must be left out); tests/test_query.py uses
it too.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph
import pyshacl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

import kg.graph.store as store_module
from kg.graph import SCHEMAS_DIR, load, to_networkx, to_rdf, write_store, write_turtle
from kg.graph.iri import encode_segment, entity_iri, paper_iri
from kg.graph.vocab import (
    CONTEXT_PATH,
    ENTITY_CLASSES,
    ENTITY_NS,
    ONTOLOGY_PATH,
    PAPER_NS,
    PKG,
    RELATION_PROPERTIES,
    SCHEMA,
    SHAPES_PATH,
)
from kg.names import normalize
from kg.records import (
    RELATION_SIGNATURES,
    Concept,
    Corpus,
    Entity,
    EntityType,
    Extraction,
    Paper,
    Relation,
    RelationType,
    Result,
    Span,
)

ODD = 'Résumé <Net> "quoted" {x}|y'

HT_TITLE = "Hybrid Transformers for Music Source Separation"
HT_ABSTRACT = (
    "We propose Hybrid Transformer Demucs (HT Demucs), based on Hybrid Demucs. "
    "HT Demucs uses a Transformer and is trained on MUSDB. "
    "It reaches 9.20 dB SDR on MUSDB, outperforming Hybrid Demucs by 0.45 dB of SDR. "
    "MUSDB is the benchmark for music source separation."
)
JAMBA_TITLE = "Jamba: A Hybrid Transformer-Mamba Language Model"
JAMBA_ABSTRACT = (
    "Jamba uses Mamba and the Transformer. Jamba is evaluated on MMLU and reaches 67.4% accuracy."
)
ODD_TITLE = f"{ODD}: parsing résumés"
ODD_ABSTRACT = (
    f"We propose {ODD}, which uses the Transformer. "
    "On MMLU it scores 70.1% accuracy, and improves accuracy by 2.73-7.63 points."
)


def span(text: str, sub: str, field: str = "abstract", nth: int = 0) -> Span:
    """The span of the `nth` occurrence of `sub` in `text`, with its sentence."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    end = start + len(sub)
    s_start = text.rfind(". ", 0, start)
    s_start = 0 if s_start < 0 else s_start + 2
    s_end = text.find(". ", end)
    s_end = len(text) if s_end < 0 else s_end + 1
    assert field in ("title", "abstract")
    return Span(field, start, end, sub, text[s_start:s_end])  # type: ignore[arg-type]


def entity(name: str, type_: EntityType, text: str, *forms: str, proposed: bool = False) -> Entity:
    aliases = [f for f in forms if f != name]
    mentions = [span(text, f) for f in (name, *forms) if f in text]
    return Entity(name, type_, aliases, proposed, mentions)


def relation(text: str, head: str, rel: RelationType, tail: str, evidence: str) -> Relation:
    return Relation(head, rel, tail, span(text, evidence))


def hand_corpus() -> Corpus:
    ht = Paper(
        id="001-000",
        title=HT_TITLE,
        abstract=HT_ABSTRACT,
        sources=("dailypapers-2022.html",),
        authors=("Simon Rouard", "Francisco Massa", "Alexandre Défossez"),
        date="2022-11-15",
        url="https://arxiv.org/abs/2211.08553",
        categories=("cs.SD", "eess.AS"),
    )
    jamba = Paper(
        id="hf/2403.19887",
        title=JAMBA_TITLE,
        abstract=JAMBA_ABSTRACT,
        sources=("a.jsonl", "b.html"),
        n_authors=5,
        date="--03-28",
    )
    odd = Paper(id="odd paper #3", title=ODD_TITLE, abstract=ODD_ABSTRACT)
    a = HT_ABSTRACT
    ex_ht = Extraction(
        paper=ht,
        entities=[
            entity("Hybrid Transformer Demucs", "Method", a, "HT Demucs", proposed=True),
            entity("Hybrid Demucs", "Method", a),
            entity("Transformer", "Architecture", a),
            entity("MUSDB", "Dataset", a),
            entity("SDR", "Metric", a),
            entity("music source separation", "Task", a),
        ],
        relations=[
            relation(a, "Hybrid Transformer Demucs", "basedOn", "Hybrid Demucs", "based on"),
            relation(a, "Hybrid Transformer Demucs", "uses", "Transformer", "uses"),
            relation(a, "Hybrid Transformer Demucs", "trainedOn", "MUSDB", "trained on"),
            relation(a, "Hybrid Transformer Demucs", "evaluatedWith", "SDR", "9.20 dB SDR"),
            relation(a, "Hybrid Transformer Demucs", "outperforms", "Hybrid Demucs", "outperf"),
            relation(a, "Hybrid Demucs", "evaluatedWith", "SDR", "0.45 dB of SDR"),
            relation(a, "MUSDB", "benchmarkFor", "music source separation", "benchmark"),
            Relation("Hybrid Transformer Demucs", "appliedTo", "music source separation"),
            # Wrong types for `uses` (a Dataset head): must be left out.
            Relation("MUSDB", "uses", "Transformer"),
            # Names no entity: must be left out.
            Relation("Hybrid Transformer Demucs", "isA", "Wave-U-Net"),
        ],
        results=[
            Result(
                "SDR",
                "9.20",
                "dB",
                "Hybrid Transformer Demucs",
                "MUSDB",
                False,
                span(a, "9.20 dB SDR"),
            ),
            Result(
                "SDR",
                "0.45",
                "dB",
                "Hybrid Transformer Demucs",
                None,
                True,
                span(a, "0.45 dB of SDR"),
            ),
            # The metric is no entity of the paper: must be left out.
            Result("BLEU", "30.1"),
        ],
    )
    b = JAMBA_ABSTRACT
    ex_jamba = Extraction(
        paper=jamba,
        entities=[
            entity("Jamba", "Method", b, proposed=True),
            entity("Mamba", "Architecture", b),
            entity("Transformer", "Architecture", b),
            entity("MMLU", "Dataset", b),
            entity("accuracy", "Metric", b),
        ],
        relations=[
            relation(b, "Jamba", "uses", "Mamba", "uses Mamba"),
            relation(b, "Jamba", "uses", "Transformer", "the Transformer"),
            relation(b, "Jamba", "evaluatedOn", "MMLU", "evaluated on"),
        ],
        results=[Result("accuracy", "67.4", "%", "Jamba", "MMLU", False, span(b, "67.4%"))],
    )
    c = ODD_ABSTRACT
    ex_odd = Extraction(
        paper=odd,
        entities=[
            Entity(ODD, "Method", [], True, [span(c, ODD), span(ODD_TITLE, ODD, "title")]),
            entity("Transformer", "Architecture", c, "transformers"),
            entity("MMLU", "Dataset", c),
            entity("accuracy", "Metric", c, "Accuracy"),
        ],
        relations=[
            relation(c, ODD, "uses", "Transformer", "uses"),
            # Two names resolve() merged into one concept: a self-loop, left out.
            Relation("Transformer", "isA", "transformers"),
        ],
        results=[
            Result("accuracy", "70.1", "%", ODD, "MMLU", False, span(c, "70.1%")),
            Result("accuracy", "2.73-7.63", None, ODD, "MMLU", True, span(c, "2.73-7.63")),
            # A Metric as method: the method is dropped, the result kept.
            Result("Accuracy", "71", "%", "accuracy", None, False, None),
        ],
    )
    extractions = [ex_ht, ex_jamba, ex_odd]
    concepts: dict[str, Concept] = {}
    links: dict[tuple[str, str], str] = {}
    for ex in extractions:
        for ent in ex.entities:
            key = normalize(ent.name)
            concept = concepts.setdefault(key, Concept(key, ent.name, ent.type))
            for form in ent.aliases:
                if form not in concept.aliases and form != concept.name:
                    concept.aliases.append(form)
            if ex.paper.id not in concept.papers:
                concept.papers.append(ex.paper.id)
            if ent.proposed:
                concept.proposed_by.append(ex.paper.id)
            for form in (ent.name, *ent.aliases):
                links[(ex.paper.id, form)] = key
    return Corpus(extractions, concepts, links)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return hand_corpus()


@pytest.fixture(scope="module")
def graph(corpus: Corpus) -> Graph:
    return to_rdf(corpus)


def shacl(graph: Graph) -> tuple[bool, str]:
    shapes = Graph().parse(SHAPES_PATH)
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes)
    return bool(conforms), str(text)


def E(name: str) -> URIRef:
    return entity_iri(normalize(name))


# -- schemas ------------------------------------------------------------------


def test_schemas_dir_is_reachable_through_the_package() -> None:
    assert SCHEMAS_DIR.resolve() == Path(__file__).resolve().parent.parent / "schemas"
    for name in ("ontology.ttl", "shapes.ttl", "context.jsonld", "README.md"):
        assert (SCHEMAS_DIR / name).is_file(), name
    assert (Path(__file__).parent.parent / "kg" / "schemas").is_symlink()


def test_ontology_declares_every_pkg_term_the_graph_uses(graph: Graph) -> None:
    ontology = Graph().parse(ONTOLOGY_PATH)
    declared = set(ontology.subjects(RDF.type, None))
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and t in PKG}
    used -= {t for t in used if not str(t).startswith(str(PKG))}
    assert used, "no pkg: terms in the graph"
    assert used <= declared, used - declared


def _classes(ontology: Graph, node: Node | None) -> set[str]:
    assert node is not None
    union = ontology.value(node, OWL.unionOf)
    members: Iterable[Node] = Collection(ontology, union) if union is not None else [node]
    return {str(m).rsplit("#", 1)[1] for m in members}


def test_ontology_domains_and_ranges_match_annotation_md() -> None:
    ontology = Graph().parse(ONTOLOGY_PATH)
    for rel, (heads, tails) in RELATION_SIGNATURES.items():
        prop = RELATION_PROPERTIES[rel]
        assert (prop, RDF.type, OWL.ObjectProperty) in ontology
        assert _classes(ontology, ontology.value(prop, RDFS.domain)) == set(heads), rel
        assert _classes(ontology, ontology.value(prop, RDFS.range)) == set(tails), rel


def test_ontology_aligns_with_ml_schema_and_schema_org() -> None:
    ontology = Graph().parse(ONTOLOGY_PATH)
    mls = "http://www.w3.org/ns/mls#"
    expected = {
        PKG.Method: URIRef(mls + "Algorithm"),
        PKG.Dataset: URIRef(mls + "Dataset"),
        PKG.Metric: URIRef(mls + "EvaluationMeasure"),
        PKG.Task: URIRef(mls + "Task"),
        PKG.Result: URIRef(mls + "ModelEvaluation"),
        PKG.Paper: SCHEMA.ScholarlyArticle,
    }
    for cls, parent in expected.items():
        assert (cls, RDFS.subClassOf, parent) in ontology
    for cls in ENTITY_CLASSES.values():
        assert (cls, RDFS.subClassOf, PKG.Entity) in ontology


def test_context_compacts_and_expands_back_to_the_same_graph(graph: Graph) -> None:
    import json

    context = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    text = graph.serialize(format="json-ld", context=context)
    assert '"prefLabel"' in text and '"evaluatedWith"' in text
    back = Graph().parse(data=text, format="json-ld")
    assert isomorphic(graph, back)


# -- to_rdf ---------------------------------------------------------------------


def test_graph_conforms_to_the_shapes(graph: Graph) -> None:
    conforms, report = shacl(graph)
    assert conforms, report


def _first_mention(g: Graph) -> URIRef:
    return URIRef(min(str(m) for m in g.subjects(RDF.type, PKG.Mention)))


def _first_mention_starts_late(g: Graph) -> None:
    mention = _first_mention(g)
    end = g.value(mention, PKG.end)
    assert end is not None
    g.set((mention, PKG.start, end))


def _drop_result_values(g: Graph) -> None:
    g.remove((None, PKG.value, None))


BREAKAGES: list[tuple[str, Callable[[Graph], object]]] = [
    ("dcterms:title", lambda g: g.add((paper_iri("001-000"), DCTERMS.title, Literal("Two")))),
    ("schema:abstract", lambda g: g.remove((paper_iri("001-000"), SCHEMA.abstract, None))),
    ("one of the five types", lambda g: g.add((E("MMLU"), RDF.type, PKG.Task))),
    ("skos:prefLabel", lambda g: g.remove((E("Jamba"), SKOS.prefLabel, None))),
    ("class pkg:Dataset", lambda g: g.add((E("Jamba"), PKG.trainedOn, E("accuracy")))),
    ("MethodOrArchitecture", lambda g: g.add((E("MMLU"), PKG.appliedTo, E("MMLU")))),
    ("less than its pkg:end", _first_mention_starts_late),
    ("pkg:value", _drop_result_values),
    ("pkg:field is", lambda g: g.set((_first_mention(g), PKG.field, Literal("body")))),
    ("not asserted directly", lambda g: g.remove((E("Jamba"), PKG.uses, E("Mamba")))),
    (
        "does not pkg:mentions",
        lambda g: g.remove((paper_iri("001-000"), PKG.mentions, E("Hybrid Transformer Demucs"))),
    ),
    ("saying which paper", lambda g: g.add((E("Jamba"), PKG.outperforms, E("Hybrid Demucs")))),
]


@pytest.mark.parametrize(("expected", "break_it"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_a_broken_graph_does_not_conform(
    graph: Graph, expected: str, break_it: Callable[[Graph], object]
) -> None:
    broken = Graph()
    broken += graph
    break_it(broken)
    conforms, report = shacl(broken)
    assert not conforms
    assert expected in report, report


def test_papers_carry_their_metadata(graph: Graph) -> None:
    ht, jamba = paper_iri("001-000"), paper_iri("hf/2403.19887")
    assert graph.value(ht, DCTERMS.title) == Literal(HT_TITLE)
    assert graph.value(ht, SCHEMA.abstract) == Literal(HT_ABSTRACT)
    assert graph.value(ht, SCHEMA.datePublished) == Literal("2022-11-15", datatype=XSD.date)
    assert graph.value(jamba, SCHEMA.datePublished) == Literal("--03-28", datatype=XSD.gMonthDay)
    assert graph.value(ht, PKG.authorCount) == Literal(3, datatype=XSD.integer)
    assert graph.value(jamba, PKG.authorCount) == Literal(5, datatype=XSD.integer)
    assert set(graph.objects(ht, SCHEMA.author)) == {
        Literal("Simon Rouard"),
        Literal("Francisco Massa"),
        Literal("Alexandre Défossez"),
    }
    assert set(graph.objects(jamba, PKG.sourceDump)) == {Literal("a.jsonl"), Literal("b.html")}
    assert set(graph.objects(ht, PKG.category)) == {Literal("cs.SD"), Literal("eess.AS")}
    assert graph.value(ht, SCHEMA.url) == Literal(
        "https://arxiv.org/abs/2211.08553", datatype=XSD.anyURI
    )


def test_entities_are_typed_and_labelled(graph: Graph) -> None:
    ht = E("Hybrid Transformer Demucs")
    assert set(graph.objects(ht, RDF.type)) == {PKG.Entity, PKG.Method}
    assert graph.value(ht, SKOS.prefLabel) == Literal("Hybrid Transformer Demucs")
    assert set(graph.objects(ht, SKOS.altLabel)) == {Literal("HT Demucs")}
    assert set(graph.objects(E("Transformer"), SKOS.altLabel)) == {Literal("transformers")}
    odd = E(ODD)
    assert str(odd) == "https://w3id.org/paperkg/id/entity/" + encode_segment(normalize(ODD))
    assert graph.value(odd, SKOS.prefLabel) == Literal(ODD)


def test_papers_mention_and_propose(graph: Graph) -> None:
    ht = paper_iri("001-000")
    assert (ht, PKG.proposes, E("Hybrid Transformer Demucs")) in graph
    assert (ht, PKG.mentions, E("Hybrid Transformer Demucs")) in graph
    assert (ht, PKG.mentions, E("MUSDB")) in graph
    assert (ht, PKG.proposes, E("MUSDB")) not in graph
    assert set(graph.subjects(PKG.mentions, E("Transformer"))) == {
        ht,
        paper_iri("hf/2403.19887"),
        paper_iri("odd paper #3"),
    }


def test_mentions_carry_offsets_and_provenance(graph: Graph) -> None:
    mentions = [m for m in graph.subjects(PKG.refersTo, E(ODD))]
    fields = {str(graph.value(m, PKG.field)) for m in mentions}
    assert fields == {"title", "abstract"}
    for m in mentions:
        paper = graph.value(m, PROV.wasDerivedFrom)
        assert paper == paper_iri("odd paper #3")
        text = str(
            graph.value(
                paper,
                DCTERMS.title if str(graph.value(m, PKG.field)) == "title" else SCHEMA.abstract,
            )
        )
        start, end = (int(str(graph.value(m, p))) for p in (PKG.start, PKG.end))
        assert text[start:end] == str(graph.value(m, PKG.text)) == ODD
        assert ODD in str(graph.value(m, PKG.sentence))


def test_relations_are_direct_triples_with_assertions(graph: Graph) -> None:
    assert (E("Jamba"), PKG.uses, E("Mamba")) in graph
    assert (E("Hybrid Transformer Demucs"), PKG.appliedTo, E("music source separation")) in graph
    # Transformer is used by Jamba and by the odd method: one assertion each.
    users = set(graph.subjects(PKG.uses, E("Transformer")))
    assert users == {E("Jamba"), E("Hybrid Transformer Demucs"), E(ODD)}
    assertions = set(graph.subjects(RDF.object, E("Mamba")))
    assert len(assertions) == 1
    (node,) = assertions
    assert graph.value(node, RDF.type) == PKG.Assertion
    assert graph.value(node, RDF.subject) == E("Jamba")
    assert graph.value(node, RDF.predicate) == PKG.uses
    assert graph.value(node, PROV.wasDerivedFrom) == paper_iri("hf/2403.19887")
    assert str(graph.value(node, PKG.sentence)) == "Jamba uses Mamba and the Transformer."


def test_records_that_would_break_the_shapes_are_left_out(graph: Graph) -> None:
    assert (E("MUSDB"), PKG.uses, None) not in graph
    assert (None, PKG.isA, None) not in graph
    assert not list(graph.subjects(PKG.value, Literal("30.1")))


def test_results_are_nary_nodes(graph: Graph) -> None:
    (r,) = graph.subjects(PKG.value, Literal("9.20"))
    assert graph.value(r, RDF.type) == PKG.Result
    assert graph.value(r, PKG.metric) == E("SDR")
    assert graph.value(r, PKG.method) == E("Hybrid Transformer Demucs")
    assert graph.value(r, PKG.dataset) == E("MUSDB")
    assert graph.value(r, PKG.numericValue) == Literal("9.2", datatype=XSD.decimal)
    assert graph.value(r, PKG.unit) == Literal("dB")
    assert graph.value(r, PKG.isDelta) == Literal(False)
    assert graph.value(r, PROV.wasDerivedFrom) == paper_iri("001-000")
    (rng,) = graph.subjects(PKG.value, Literal("2.73-7.63"))
    assert graph.value(rng, PKG.numericValue) is None
    assert graph.value(rng, PKG.isDelta) == Literal(True)
    (kept,) = graph.subjects(PKG.value, Literal("71"))
    assert graph.value(kept, PKG.method) is None


def test_to_rdf_is_deterministic(corpus: Corpus, graph: Graph) -> None:
    again = to_rdf(hand_corpus())
    assert set(again) == set(graph)
    assert not any(isinstance(t, type(None)) for triple in graph for t in triple)


def test_no_blank_nodes(graph: Graph) -> None:
    from rdflib import BNode

    assert not [t for triple in graph for t in triple if isinstance(t, BNode)]


# -- Turtle ---------------------------------------------------------------------


def test_turtle_round_trips_and_reads_well(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    write_turtle(graph, path)
    text = path.read_text(encoding="utf-8")
    assert "@prefix pkg: <https://w3id.org/paperkg/ontology#> ." in text
    assert "pkg:uses entity:" in text
    back = Graph().parse(path, format="turtle")
    assert isomorphic(graph, back)
    assert isomorphic(graph, load(path))
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_turtle_is_byte_identical_across_writes(graph: Graph, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    write_turtle(graph, first)
    write_turtle(to_rdf(hand_corpus()), second)
    assert first.read_bytes() == second.read_bytes()


def test_turtle_is_byte_identical_across_processes(tmp_path: Path) -> None:
    # Python salts str hashes per process; the bytes must not depend on it.
    script = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from test_graph import hand_corpus;"
        "from kg.graph import to_rdf, write_turtle;"
        "write_turtle(to_rdf(hand_corpus()), sys.argv[1])"
    )
    outputs = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"{seed}.ttl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(out), str(Path(__file__).parent)],
            check=True,
            env=env,
            cwd=Path(__file__).parent.parent,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


# -- Oxigraph store -------------------------------------------------------------

JOIN = """
PREFIX pkg: <https://w3id.org/paperkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?method ?dataset WHERE {
    ?m pkg:evaluatedOn ?d . ?m skos:prefLabel ?method . ?d skos:prefLabel ?dataset .
}
"""


def test_store_round_trip(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "store"
    write_store(graph, path)
    loaded = load(path)
    assert len(loaded) == len(graph)
    rows = [(str(r[0]), str(r[1])) for r in loaded.query(JOIN)]  # type: ignore[index]
    assert rows == [("Jamba", "MMLU")]
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_graph_read_back_from_a_store_conforms_too(graph: Graph, tmp_path: Path) -> None:
    # Oxigraph returns plain strings typed xsd:string, which rdflib tells
    # apart from untyped ones; the shapes must not.
    write_store(graph, tmp_path / "store")
    copy = Graph()
    copy += load(tmp_path / "store")
    conforms, report = shacl(copy)
    assert conforms, report


def test_loaded_store_is_read_only(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "store"
    write_store(graph, path)
    loaded = load(path)
    with pytest.raises(Exception, match="read"):
        loaded.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(Exception, match="read"):
        loaded.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
    assert len(load(path)) == len(graph)


def test_rewriting_a_store_replaces_it(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "store"
    small = Graph()
    small.add((URIRef("urn:a"), URIRef("urn:b"), Literal("old")))
    write_store(small, path)
    old_reader = load(path)
    write_store(graph, path)
    assert len(load(path)) == len(graph)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    # A reader that opened the old store before the swap still reads it.
    assert len(old_reader) == 1
    # Rebuilt from itself: the store is read in full before it is replaced.
    write_store(load(path), path)
    assert len(load(path)) == len(graph)
    # And once more, onto the store it just wrote.
    write_store(small, path)
    assert len(load(path)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_failed_write_leaves_the_old_store(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "store"
    write_store(graph, path)

    class Boom(Graph):
        def serialize(self, *args: object, **kwargs: object) -> bytes:  # type: ignore[override]
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        write_store(Boom(), path)
    assert len(load(path)) == len(graph)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_write_store_refuses_to_replace_what_is_not_a_store(tmp_path: Path) -> None:
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        write_store(Graph(), precious)
    assert (precious / "notes.txt").read_text() == "keep me"
    file = tmp_path / "graph.ttl"
    file.write_text("")
    with pytest.raises(FileExistsError):
        write_store(Graph(), file)


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        load(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(OSError, match="not an Oxigraph store"):
        load(tmp_path / "empty")
    (tmp_path / "g.xyz").write_text("")
    with pytest.raises(ValueError, match="not a store directory"):
        load(tmp_path / "g.xyz")


def test_load_reads_ntriples_and_jsonld(graph: Graph, tmp_path: Path) -> None:
    nt, jsonld = tmp_path / "g.nt", tmp_path / "g.jsonld"
    graph.serialize(nt, format="nt", encoding="utf-8")
    graph.serialize(jsonld, format="json-ld", encoding="utf-8")
    assert isomorphic(load(nt), graph)
    assert isomorphic(load(jsonld), graph)


# -- networkx -------------------------------------------------------------------


def _check_networkx(g: Graph) -> None:
    nxg = to_networkx(g)
    ht_paper = str(paper_iri("001-000"))
    ht, musdb, tr = (str(E(n)) for n in ("Hybrid Transformer Demucs", "MUSDB", "Transformer"))
    assert nxg.nodes[ht_paper] == {
        "label": HT_TITLE,
        "type": "Paper",
        "papers": [HT_TITLE],
        "proposed_by": [],
    }
    assert nxg.nodes[ht] == {
        "label": "Hybrid Transformer Demucs",
        "type": "Method",
        "papers": [HT_TITLE],
        "proposed_by": [HT_TITLE],
    }
    assert nxg.nodes[tr]["type"] == "Architecture"
    assert nxg.nodes[tr]["papers"] == sorted([HT_TITLE, JAMBA_TITLE, ODD_TITLE])
    assert nxg.nodes[str(E(ODD))]["label"] == ODD
    assert nxg.get_edge_data(ht, musdb) == {
        "trainedOn": {"relation": "trainedOn", "papers": [HT_TITLE]}
    }
    assert nxg.get_edge_data(ht_paper, ht) == {
        "proposes": {"relation": "proposes", "papers": [HT_TITLE]}
    }
    assert nxg.get_edge_data(ht_paper, musdb) == {
        "mentions": {"relation": "mentions", "papers": [HT_TITLE]}
    }
    relations = {d["relation"] for _, _, d in nxg.edges(data=True)}
    assert relations == {
        "proposes",
        "mentions",
        "basedOn",
        "uses",
        "trainedOn",
        "evaluatedWith",
        "outperforms",
        "benchmarkFor",
        "appliedTo",
        "evaluatedOn",
    }
    types = {d["type"] for _, d in nxg.nodes(data=True)}
    assert types == {"Paper", "Method", "Architecture", "Dataset", "Metric", "Task"}
    assert nxg.number_of_nodes() == 3 + 11


def test_to_networkx_in_memory(graph: Graph) -> None:
    _check_networkx(graph)


def test_to_networkx_on_a_store(graph: Graph, tmp_path: Path) -> None:
    write_store(graph, tmp_path / "store")
    _check_networkx(load(tmp_path / "store"))
    assert list(to_networkx(graph).edges(keys=True, data=True)) == list(
        to_networkx(load(tmp_path / "store")).edges(keys=True, data=True)
    )


# -- IRIs for any name ----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1))
def test_any_name_gives_an_iri_that_round_trips(name: str) -> None:
    assert unquote(encode_segment(name), errors="strict") == name
    g = Graph(bind_namespaces="none")
    g.bind("entity", str(ENTITY_NS))
    g.bind("paper", str(PAPER_NS))
    g.add((entity_iri(name), SKOS.prefLabel, Literal(name)))
    g.add((paper_iri(name), PKG.mentions, entity_iri(name)))
    back = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert set(back) == set(g)
    # The Turtle file the build writes parses back to the same graph.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.ttl"
        write_turtle(g, path)
        from_file = Graph().parse(path, format="turtle")
    assert isomorphic(from_file, g) and set(from_file) == set(g)
    # Oxigraph validates IRIs strictly; it takes these.
    pyoxigraph.NamedNode(str(entity_iri(name)))


def test_empty_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        entity_iri("")


# -- more on the store and the log ----------------------------------------------


def test_rewrite_without_an_atomic_exchange(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where renameat2 is missing, the swap falls back to two renames.
    monkeypatch.setattr(store_module, "_exchange", lambda a, b: False)
    path = tmp_path / "store"
    write_store(Graph(), path)
    write_store(graph, path)
    assert len(load(path)) == len(graph)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_what_is_left_out_is_summed_up_in_one_warning(
    corpus: Corpus, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kg.graph.rdf"):
        to_rdf(corpus)
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "3 relations that fit no signature" in message
    assert "1 results whose metric is no Metric" in message
