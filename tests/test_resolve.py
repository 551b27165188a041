"""Cross-paper resolution: which per-paper entities become one concept."""

from __future__ import annotations

from kg.records import Entity, EntityType, Extraction, Paper
from kg.resolve import resolve


def paper(pid: str, *entities: tuple[str, EntityType, list[str]]) -> Extraction:
    return Extraction(
        Paper(pid, f"Title {pid}", "Abstract."),
        [Entity(name, type_, aliases) for name, type_, aliases in entities],
    )


def test_acronym_and_plural_forms_merge_across_papers() -> None:
    corpus = resolve(
        [
            paper("a", ("Vision Transformer", "Architecture", ["ViT"])),
            paper("b", ("ViTs", "Architecture", [])),
            paper("c", ("vision-transformer", "Architecture", [])),
        ]
    )
    [concept] = corpus.concepts.values()
    assert concept.name == "Vision Transformer"
    assert concept.papers == ["a", "b", "c"]
    assert {
        corpus.links[(p, n)]
        for p, n in [("a", "Vision Transformer"), ("b", "ViTs"), ("c", "vision-transformer")]
    } == {concept.key}


def test_an_ambiguous_acronym_merges_nothing() -> None:
    corpus = resolve(
        [
            paper("a", ("music source separation", "Task", ["MSS"])),
            paper("b", ("multi-scale segmentation", "Task", ["MSS"])),
        ]
    )
    assert sorted(c.name for c in corpus.concepts.values()) == [
        "multi-scale segmentation",
        "music source separation",
    ]


def test_type_is_the_majority_and_proposers_are_kept() -> None:
    a = paper("a", ("FooNet", "Method", []))
    a.entities[0].proposed = True
    corpus = resolve(
        [a, paper("b", ("FooNet", "Method", [])), paper("c", ("FooNet", "Architecture", []))]
    )
    [concept] = corpus.concepts.values()
    assert (concept.type, concept.proposed_by) == ("Method", ["a"])


def test_resolution_does_not_depend_on_paper_order() -> None:
    papers = [
        paper("a", ("Long Short-Term Memory", "Architecture", ["LSTM"]), ("BERT", "Method", [])),
        paper("b", ("LSTM", "Architecture", []), ("ImageNet", "Dataset", [])),
        paper("c", ("LSTMs", "Architecture", []), ("BERT", "Method", [])),
    ]
    forward, backward = resolve(papers), resolve(papers[::-1])
    assert forward.concepts.keys() == backward.concepts.keys()
    assert forward.links == backward.links
    assert [c.name for c in forward.concepts.values()] == [
        c.name for c in backward.concepts.values()
    ]
