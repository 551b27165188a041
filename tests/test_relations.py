"""Relations read off one sentence: a sentence in, the expected triple out."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.pipeline import build_pipeline
from kg.extract.relations import DEFAULT_CONFIDENCE
from kg.records import RELATION_TYPES, Paper


@pytest.fixture(scope="module")
def nlp():
    # The rules alone: these tests pin the relation rules, not the trained NER.
    return build_pipeline(trained=False)


def relations(nlp, title: str, abstract: str) -> set[tuple[str, str, str]]:
    [x] = extract([Paper("p1", title, abstract)], nlp=nlp)
    return {(r.head, r.relation, r.tail) for r in x.relations}


def test_every_relation_type_has_a_confidence():
    assert set(DEFAULT_CONFIDENCE) == set(RELATION_TYPES)
    assert all(0.0 < c <= 1.0 for c in DEFAULT_CONFIDENCE.values())


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It uses depthwise separable convolutions.", "uses"),
        ("Our model is based on Swin Transformer.", "basedOn"),
        ("The proposed model is trained on ImageNet.", "trainedOn"),
        ("We evaluate it on COCO.", "evaluatedOn"),
        ("It outperforms ConvNeXt.", "outperforms"),
        ("Our model reaches 84.2% top-1 accuracy.", "evaluatedWith"),
        ("It is a Vision Transformer.", "isA"),
        ("Our method addresses image classification.", "appliedTo"),
    ],
)
def test_anaphors_resolve_to_the_focus(nlp, sentence, expected):
    found = relations(nlp, "HieraMix: Token Mixing", f"We propose HieraMix. {sentence}")
    assert [r for r in found if r[0] == "HieraMix" and r[1] == expected], found


def test_focus_form_is_the_subject_of_a_trigger(nlp):
    found = relations(nlp, "HieraMix", "We propose HieraMix. HieraMix builds on Swin Transformer.")
    assert ("HieraMix", "basedOn", "Swin Transformer") in found


def test_appositive_names_the_class(nlp):
    found = relations(nlp, "T", "We introduce FastViT, a hybrid Vision Transformer.")
    assert ("FastViT", "isA", "Vision Transformer") in found


def test_appositive_with_a_clause_is_not_a_class(nlp):
    found = relations(
        nlp,
        "T",
        "We present SlimDistil, a compression method that combines knowledge distillation.",
    )
    assert not [r for r in found if r[1] == "isA"]


def test_family_members_after_such_as(nlp):
    found = relations(
        nlp, "T", "Transformer-based models, exemplified by GPT-3 and BERT, are popular."
    )
    assert {("GPT-3", "isA", "Transformer"), ("BERT", "isA", "Transformer")} <= found


def test_parts_listed_after_such_as_are_not_kinds(nlp):
    found = relations(
        nlp, "T", "We implement components of a Transformer model, such as softmax and LayerNorm."
    )
    assert not [r for r in found if r[1] == "isA"]


def test_coordinated_subjects_both_outperform(nlp):
    found = relations(nlp, "T", "Swin Transformer and ConvNeXt outperform ResNet50 on ImageNet.")
    assert {
        ("Swin Transformer", "outperforms", "ResNet50"),
        ("ConvNeXt", "outperforms", "ResNet50"),
    } <= found


def test_comparative_than_with_a_gap(nlp):
    found = relations(nlp, "DyRA", "We propose DyRA. DyRA obtains 4.2% better accuracy than LoRA.")
    assert ("DyRA", "outperforms", "LoRA") in found


def test_rather_than_is_no_comparison(nlp):
    found = relations(nlp, "T", "We show that BERT learns Adam rather than SGD.")
    assert not [r for r in found if r[1] == "outperforms"]


def test_with_comparable_size_is_no_component(nlp):
    found = relations(
        nlp, "T", "We propose T2T-ViT. T2T-ViT with comparable size to ResNet50 is fast."
    )
    assert not [r for r in found if r[1] == "uses"]


@pytest.mark.parametrize(
    "abstract",
    [
        "We evaluate our model on COCO for object detection.",
        "COCO is a standard benchmark for object detection.",
        "Results on COCO, a standard benchmark for object detection, are strong.",
    ],
)
def test_benchmark_for(nlp, abstract):
    assert ("COCO", "benchmarkFor", "object detection") in relations(nlp, "T", abstract)


def test_coordinated_benchmarks(nlp):
    found = relations(
        nlp, "T", "QM9 and OGB are standard benchmarks for molecular property prediction."
    )
    assert {
        ("QM9", "benchmarkFor", "molecular property prediction"),
        ("OGB", "benchmarkFor", "molecular property prediction"),
    } <= found


def test_dataset_beside_an_unrelated_task_is_no_benchmark(nlp):
    found = relations(
        nlp, "T", "BERT is pre-trained on C4 and then fine-tuned for machine translation."
    )
    assert not [r for r in found if r[1] == "benchmarkFor"]


def test_a_named_kind_of_a_family(nlp):
    found = relations(
        nlp,
        "Universal Approximation for a Single-Layer Transformer",
        "We study the Transformer. A single-layer Transformer can approximate any mapping.",
    )
    assert ("Single-Layer Transformer", "isA", "Transformer") in found


def test_title_class_stops_at_a_preposition(nlp):
    found = relations(
        nlp, "Mesa: A Memory-saving Training Framework for Transformers", "We propose Mesa."
    )
    assert not [r for r in found if r[1] == "isA"]


def test_baseline_in_a_result_is_not_evaluated(nlp):
    found = relations(
        nlp,
        "FMViT",
        "We propose FMViT. FMViT outperforms ResNet101 by 2.5% in top-1 accuracy on ImageNet.",
    )
    assert ("FMViT", "outperforms", "ResNet101") in found
    assert ("ResNet101", "evaluatedWith", "top-1 accuracy") not in found
