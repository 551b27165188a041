"""Relations read off one sentence: a sentence in, the expected triple out."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.extract import extract
from kg.extract.pipeline import build_pipeline, default_pipeline
from kg.extract.relations import DEFAULT_CONFIDENCE, PAPER_LEVEL_CONFIDENCE, find_relations
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


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "We introduce Hierarchical Mixing Network (HMN), a hybrid Vision Transformer.",
            ("Hierarchical Mixing Network", "isA", "Vision Transformer"),
        ),
        (
            "We propose HieraMix – a new class of state-space models – for text.",
            ("HieraMix", "isA", "state-space models"),
        ),
    ],
)
def test_appositive_after_an_acronym_or_a_dash(nlp, sentence, expected):
    assert expected in relations(nlp, "T", sentence)


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
    assert ("Transformer", "uses", "softmax") in found


def test_coordinated_subjects_both_outperform(nlp):
    found = relations(nlp, "T", "Swin Transformer and ConvNeXt outperform ResNet50 on ImageNet.")
    assert {
        ("Swin Transformer", "outperforms", "ResNet50"),
        ("ConvNeXt", "outperforms", "ResNet50"),
    } <= found


def test_a_hyphenated_word_is_one_word_of_the_gap(nlp):
    abstract = (
        "We propose HART, a visual generation model. "
        "HART outperforms the best state-of-the-art diffusion models in FID."
    )
    found = relations(nlp, "HART", abstract)
    assert ("HART", "outperforms", "diffusion models") in found
    # Gap words, not tokens: six words in between are too many.
    abstract = (
        "We propose HART, a visual generation model. "
        "HART outperforms a range of recent and very strong diffusion models."
    )
    assert ("HART", "outperforms", "diffusion models") not in relations(nlp, "HART", abstract)


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
        # The datasets a task is run on, right after it.
        "It sets a new state of the art on object detection on both the COCO and VOC datasets.",
        "We evaluate it on object detection with the COCO dataset.",
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


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The proposed architecture employs depthwise convolutions.", "uses"),
        ("This model is trained on ImageNet.", "trainedOn"),
        ("Our approach outperforms ResNet50.", "outperforms"),
        ("It relies on self-attention.", "uses"),
        ("With knowledge distillation, HieraMix is fast.", "uses"),
        ("Using knowledge distillation, we make it fast.", "uses"),
    ],
)
def test_more_references_to_the_focus(nlp, sentence, expected):
    found = relations(nlp, "T", f"We propose HieraMix. {sentence}")
    assert [r for r in found if r[0] == "HieraMix" and r[1] == expected], found


@pytest.mark.parametrize(
    "sentence",
    [
        "It compresses weights through knowledge distillation.",
        "It stacks depthwise convolutions in each stage.",
        "It adapts an encoder-decoder architecture.",
        "It models long-range interactions enabled by self-attention.",
        "Its innermost layers are replaced by self-attention.",
    ],
)
def test_more_ways_of_saying_uses(nlp, sentence):
    found = relations(nlp, "HieraMix: Token Mixing", f"We propose HieraMix. {sentence}")
    assert [r for r in found if r[0] == "HieraMix" and r[1] == "uses"], found


def test_a_colon_announces_the_components_used(nlp):
    found = relations(
        nlp,
        "HieraMix: Token Mixing",
        "We propose HieraMix. It leverages two components: depthwise convolutions and "
        "multi-head attention.",
    )
    assert ("HieraMix", "uses", "multi-head attention") in found


def test_what_is_replaced_does_not_use_its_replacement(nlp):
    found = relations(
        nlp,
        "HieraMix: Token Mixing",
        "We propose HieraMix. Layer normalization is replaced by batch normalization.",
    )
    assert ("HieraMix", "uses", "batch normalization") in found
    assert not [r for r in found if r[0] != "HieraMix" and r[1] == "uses"]


def test_comparable_performance_with_is_no_component(nlp):
    found = relations(
        nlp, "T", "We propose HieraMix. It achieves comparable performance with ConvNeXt."
    )
    assert not [r for r in found if r[1] == "uses"]


def test_without_using_is_no_component(nlp):
    found = relations(
        nlp,
        "T",
        "We propose HieraMix. It reaches 80% accuracy without using knowledge distillation.",
    )
    assert not [r for r in found if r[1] == "uses"]


def test_a_name_the_authors_give_is_the_focus(nlp):
    found = relations(
        nlp,
        "Learning Transformer Programs",
        "We design a modified Transformer. We refer to these models as Transformer Programs. "
        "We build on RASP, a programming language.",
    )
    assert ("Transformer Programs", "basedOn", "RASP") in found


def test_a_relative_clause_speaks_of_what_the_sentence_introduces(nlp):
    found = relations(
        nlp,
        "FastViT: A Fast Hybrid Vision Transformer",
        "We introduce FastViT. We also introduce a novel token mixing operator, RepMixer, "
        "that uses structural reparameterization.",
    )
    assert ("RepMixer", "uses", "structural reparameterization") in found
    assert ("FastViT", "uses", "structural reparameterization") not in found


def test_the_title_task_is_the_proposed_models(nlp):
    title = "Efficient Transformers for Object Detection"
    found = relations(nlp, title, "We propose HieraMix. We test it on COCO.")
    assert ("HieraMix", "appliedTo", "Object Detection") in found
    assert ("Transformers", "appliedTo", "Object Detection") not in found
    assert ("COCO", "benchmarkFor", "Object Detection") in found


@pytest.mark.parametrize(
    "sentence",
    [
        "We evaluate it on ImageNet, CIFAR-100 and COCO.",
        "We evaluate our model on three benchmark datasets: ImageNet, CIFAR-100 and COCO.",
    ],
)
def test_a_list_of_datasets_is_tested_whole(nlp, sentence):
    found = relations(nlp, "T", f"We propose HieraMix. {sentence}")
    assert {
        ("HieraMix", "evaluatedOn", "ImageNet"),
        ("HieraMix", "evaluatedOn", "CIFAR-100"),
        ("HieraMix", "evaluatedOn", "COCO"),
    } <= found


def test_members_follow_the_familys_acronym(nlp):
    found = relations(
        nlp, "T", "Recurrent neural networks (RNNs) such as Long Short-Term Memory (LSTM) are slow."
    )
    assert ("Long Short-Term Memory", "isA", "Recurrent neural networks") in found


def test_members_of_a_class_of_models(nlp):
    found = relations(nlp, "T", "Large language models (LLMs) such as GPT-4 and LLaMA are popular.")
    assert {
        ("GPT-4", "isA", "Large language models"),
        ("LLaMA", "isA", "Large language models"),
    } <= found


def test_members_listed_in_brackets_after_a_family(nlp):
    found = relations(
        nlp, "T", "We evaluate lightweight CNNs (SqueezeNet, MobileNetV2) and vision transformers."
    )
    assert {("SqueezeNet", "isA", "CNNs"), ("MobileNetV2", "isA", "CNNs")} <= found
    assert not [r for r in found if r[2] == "vision transformers"]


def test_a_familys_acronym_in_brackets_is_no_member(nlp):
    found = relations(nlp, "T", "We study large language models (LLMs) and ViT.")
    assert not [r for r in found if r[1] == "isA"]


def test_members_of_an_x_based_family_are_also_x(nlp):
    found = relations(
        nlp, "T", "Transformer-based language models (e.g. BERT and GPT-3) are popular."
    )
    assert {("BERT", "isA", "Transformer"), ("BERT", "isA", "language models")} <= found


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        ("T", "We present FlexiNet, a novel 7B SSM-Transformer hybrid model."),
        ("T", "We present FlexiNet, a hybrid SSM/Transformer sequence model."),
        ("FlexiNet: A Hybrid SSM-Transformer Language Model", "We study it."),
        ("T", "We present FlexiNet, a model based on a hybrid SSM-Transformer design."),
    ],
)
def test_a_hybrid_uses_each_of_its_parts(nlp, title, abstract):
    found = relations(nlp, title, abstract)
    assert {("FlexiNet", "uses", "SSM"), ("FlexiNet", "uses", "Transformer")} <= found
    assert not [r for r in found if r[1] in {"isA", "basedOn"} and r[2] != "model"]


def test_a_name_built_on_a_prior_models_name_builds_on_it(nlp):
    found = relations(
        nlp, "SkipMamba: Faster Sequence Models", "We propose SkipMamba. Mamba and BERT are slow."
    )
    assert ("SkipMamba", "basedOn", "Mamba") in found
    assert not [r for r in found if r[1] == "basedOn" and r[2] == "BERT"]


def test_a_size_of_the_focus_is_the_subject_of_its_own_sentence(nlp):
    doc = nlp("We propose HieraMix. Our HieraMix-L1 outperforms ConvNeXt.")
    # The rules alone read "HieraMix-L1" as the focus; the trained recogniser
    # keeps the size.
    [size] = [t for t in doc if t.text == "L1"]
    kept = [e for e in doc.ents if e.end <= size.i - 2 or e.start > size.i]
    doc.ents = [*kept, Span(doc, size.i - 2, size.i + 1, label="Method")]
    found = {(h.text, r, t.text) for h, r, t, _, _ in find_relations(doc)}
    assert ("HieraMix-L1", "outperforms", "ConvNeXt") in found
    assert ("HieraMix", "outperforms", "ConvNeXt") not in found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "We propose a new binarization method for softmax attention on edge devices, "
            "called HieraMix.",
            ("HieraMix", "isA", "binarization"),
        ),
        (
            "We develop a variant of the autoregressive transformer for world models, "
            "termed the HieraMix.",
            ("HieraMix", "basedOn", "autoregressive transformer"),
        ),
    ],
)
def test_the_class_opens_a_long_phrase_that_names_a_model(nlp, sentence, expected):
    assert expected in relations(nlp, "T", sentence)


def test_members_of_a_class_written_in_title_case(nlp):
    found = relations(
        nlp, "T", "Generative Large Language Models (LLMs), such as ChatGPT, rely on decoders."
    )
    assert ("ChatGPT", "isA", "Large Language Models") in found


def test_members_of_a_class_of_techniques(nlp):
    found = relations(nlp, "T", "Regularization methods such as dropout and weight decay help.")
    assert {
        ("dropout", "isA", "Regularization"),
        ("weight decay", "isA", "Regularization"),
    } <= found


def test_members_of_x_like_models_are_variants_of_x(nlp):
    found = relations(
        nlp,
        "T",
        "We apply it to other BERT-like models, including ALBERT, DistilBERT, and DeBERTa.",
    )
    assert {
        ("ALBERT", "basedOn", "BERT"),
        ("DistilBERT", "basedOn", "BERT"),
        ("DeBERTa", "basedOn", "BERT"),
    } <= found


def test_a_block_in_a_system_is_its_part(nlp):
    found = relations(nlp, "T", "We modify the self-attention layer in Transformer.")
    assert ("Transformer", "uses", "self-attention layer") in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Inspired by ConvNeXt's success in image classification, we propose HieraMix.",
        "Inspired by the success of ConvNeXt in image classification, we propose HieraMix.",
    ],
)
def test_the_task_a_named_system_succeeded_in_is_its_own(nlp, sentence):
    found = relations(nlp, "T", sentence)
    assert ("ConvNeXt", "appliedTo", "image classification") in found


def test_each_system_of_a_list_applies_to_the_task(nlp):
    found = relations(
        nlp,
        "T",
        "Convolutional neural networks and Vision Transformers have advanced image classification.",
    )
    assert {
        ("Convolutional neural networks", "appliedTo", "image classification"),
        ("Vision Transformers", "appliedTo", "image classification"),
    } <= found


@pytest.mark.parametrize(
    "sentence",
    [
        "HieraMix achieves a 2.6x speedup over ResNet50.",
        "It surpasses strong baselines, such as ResNet50 and DeiT.",
    ],
)
def test_more_comparisons(nlp, sentence):
    found = relations(nlp, "T", f"We propose HieraMix. {sentence}")
    assert ("HieraMix", "outperforms", "ResNet50") in found


def test_a_title_names_the_model_a_method_varies(nlp):
    found = relations(
        nlp,
        "TSMixer: Lightweight MLP-Mixer Model for Multivariate Time Series Forecasting",
        "We propose TSMixer.",
    )
    assert ("TSMixer", "basedOn", "MLP-Mixer") in found
    # The most complete form the title gives (ANNOTATION.md: canonical name).
    assert ("TSMixer", "appliedTo", "Multivariate Time Series Forecasting") in found


def test_a_gerund_after_the_title_colon_is_no_class(nlp):
    found = relations(
        nlp, "TokenFormer: Rethinking Transformer Scaling", "We introduce TokenFormer."
    )
    assert not [r for r in found if r[1] in {"isA", "basedOn"}]


def test_a_size_variant_is_a_kind_of_its_model(nlp):
    found = relations(nlp, "T", "We compare against ViT and ViT-B/16.")
    assert ("ViT-B/16", "isA", "ViT") in found


def test_a_size_of_a_named_model_is_a_kind_of_it(nlp):
    found = relations(nlp, "T", "We compare against FlexiNet and FlexiNet-Base.")
    assert ("FlexiNet-Base", "isA", "FlexiNet") in found


def test_a_one_letter_size_is_a_kind_of_its_model(nlp):
    found = relations(nlp, "T", "We propose FooMer. Our FooMer-L and FooMer-Ti beat DeiT.")
    assert {("FooMer-L", "isA", "FooMer"), ("FooMer-Ti", "isA", "FooMer")} <= set(found), found
    assert ("FooMer", "isA", "DeiT") not in found


def test_the_proposed_method_addresses_the_tasks_and_datasets_the_paper_names(nlp):
    [x] = extract(
        [
            Paper(
                "p1",
                "HieraMix: Token Mixing",
                "We propose HieraMix. Semantic segmentation is hard. Results on ADE20K follow.",
            )
        ],
        nlp=nlp,
    )
    found = {(r.head, r.relation, r.tail): r.confidence for r in x.relations}
    assert (
        found[("HieraMix", "appliedTo", "Semantic segmentation")]
        == (PAPER_LEVEL_CONFIDENCE["appliedTo"])
    )
    assert found[("HieraMix", "evaluatedOn", "ADE20K")] == PAPER_LEVEL_CONFIDENCE["evaluatedOn"]


def test_paper_level_relations_do_not_override_a_rule(nlp):
    [x] = extract(
        [Paper("p1", "HieraMix", "We propose HieraMix. HieraMix is trained on ImageNet.")], nlp=nlp
    )
    assert [(r.relation, r.tail) for r in x.relations if r.tail == "ImageNet"] == [
        ("trainedOn", "ImageNet")
    ]


def test_a_transformer_uses_the_blocks_named_with_it(nlp):
    found = relations(
        nlp, "T", "Each Transformer layer pairs multi-head attention with a feed-forward network."
    )
    assert ("Transformer", "uses", "multi-head attention") in found
    assert ("Transformer", "uses", "feed-forward network") in found


def test_the_blocks_of_our_transformer_are_the_proposed_models(nlp):
    found = relations(
        nlp,
        "HieraMix: Token Mixing",
        "We propose HieraMix. Our Transformer redesigns multi-head attention.",
    )
    assert ("HieraMix", "uses", "multi-head attention") in found


def test_outperforms_reaches_the_members_of_a_named_class(nlp):
    found = relations(
        nlp,
        "HieraMix",
        "We propose HieraMix. HieraMix surpasses leading open-weight models based on"
        " Transformers, such as DeiT and ConvNeXt.",
    )
    assert {("HieraMix", "outperforms", "DeiT"), ("HieraMix", "outperforms", "ConvNeXt")} <= found


def test_improving_on_a_method_outperforms_it(nlp):
    found = relations(nlp, "HieraMix", "We propose HieraMix. HieraMix improves DeiT by 2.1%.")
    assert ("HieraMix", "outperforms", "DeiT") in found


def test_named_model_not_the_technique_is_the_subject(nlp):
    found = relations(nlp, "A Study", "We fine-tune LLaMA-2 on Alpaca and evaluate it on MT-Bench.")
    assert ("LLaMA-2", "evaluatedOn", "MT-Bench") in found
    assert not any(head == "fine-tune" for head, _, _ in found)


@pytest.mark.parametrize(
    ("sentence", "expected", "absent"),
    [
        ("Mamba is a state space model.", ("Mamba", "isA", "state space model"), None),
        (
            "We test the vision transformer DeiT.",
            ("DeiT", "isA", "vision transformer"),
            None,
        ),
        (
            "GPT-4, Claude and other large language models fail.",
            ("Claude", "isA", "large language models"),
            None,
        ),
        # A phrase after a family is not one of its members.
        (
            "It searches over the primitives of a Transformer TensorFlow program.",
            None,
            ("TensorFlow program", "isA", "Transformer"),
        ),
    ],
)
def test_kinds_a_sentence_states(nlp, sentence, expected, absent):
    found = relations(nlp, "A Study", sentence)
    assert expected is None or expected in found, found
    assert absent is None or absent not in found, found


def test_sentence_opening_on_the_model_speaks_of_the_papers_own(nlp):
    found = relations(
        nlp, "FooNet", "We propose FooNet. The model is pretrained on LAION-5B for captioning."
    )
    assert ("FooNet", "trainedOn", "LAION-5B") in found, found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Built upon DETR, FooNet introduces sparse queries.", ("FooNet", "basedOn", "DETR")),
        ("Based on ViT, we design a light decoder.", ("FooNet", "basedOn", "ViT")),
        ("Trained on LAION-5B, the model generalises.", ("FooNet", "trainedOn", "LAION-5B")),
    ],
)
def test_fronted_trigger_phrase_takes_the_subject_after_it(nlp, sentence, expected):
    found = relations(nlp, "FooNet", f"We propose FooNet. {sentence}")
    assert expected in found, found


def test_components_listed_with_their_roles(nlp):
    found = relations(
        nlp, "FooNet", "We propose FooNet. It adopts a ResNet-50 backbone and a FPN neck."
    )
    assert {("FooNet", "uses", "ResNet-50"), ("FooNet", "uses", "FPN")} <= found, found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Compared with SegFormer and SETR, FooNet improves mIoU by 2.1%.", True),
        ("Compared to DDPM, our model is 10x faster.", True),
        # No comparative: a comparison that nobody wins.
        ("Compared to DDPM, our model has similar quality.", False),
    ],
)
def test_fronted_comparison(nlp, sentence, expected):
    found = relations(nlp, "FooNet", f"We propose FooNet. {sentence}")
    rivals = {t for h, r, t in found if h == "FooNet" and r == "outperforms"}
    assert bool(rivals) is expected, found


def test_benchmark_for_evaluating_systems_on_a_task(nlp):
    found = relations(
        nlp, "A Study", "We introduce FooBench, a benchmark for evaluating LLMs on code generation."
    )
    assert ("FooBench", "benchmarkFor", "code generation") in found, found


def test_training_loss_is_no_evaluation_metric():
    # The recogniser, not the lexicon, finds "contrastive loss" as a Metric.
    found = relations(
        default_pipeline(),
        "FooNet",
        "We propose FooNet, trained with a contrastive loss on 400M image-text pairs.",
    )
    assert not [r for r in found if r[1] == "evaluatedWith"], found


def test_each_model_listed_as_tested_is_evaluated_on_the_dataset(nlp):
    found = relations(nlp, "T", "We evaluate GPT-4, Claude and Gemini on MMLU.")
    assert {h for h, r, t in found if (r, t) == ("evaluatedOn", "MMLU")} == {
        "GPT-4",
        "Claude",
        "Gemini",
    }


def test_an_unlisted_name_that_outperforms_is_the_subject(nlp):
    found = relations(nlp, "T", "On ImageNet, QuxViT outperforms Swin Transformer and ConvNeXt.")
    assert {
        ("QuxViT", "outperforms", "Swin Transformer"),
        ("QuxViT", "outperforms", "ConvNeXt"),
    } <= found


@pytest.mark.parametrize(
    "sentence",
    [
        "We also design a knowledge distillation scheme for training it.",
        "Further, we develop two techniques: knowledge distillation and layer normalization.",
    ],
)
def test_what_the_authors_build_is_a_part_of_their_model(nlp, sentence):
    found = relations(nlp, "HieraMix", f"We propose HieraMix for image classification. {sentence}")
    assert ("HieraMix", "uses", "knowledge distillation") in found, found


@pytest.mark.parametrize(
    "sentence",
    [
        "We design a modified Transformer that is interpretable by construction.",
        "We introduce a procedure for training Transformers.",
        "We introduce a Transformer-based approach.",
    ],
)
def test_building_a_kind_of_model_is_no_use_of_it(nlp, sentence):
    found = relations(nlp, "HieraMix", f"We propose HieraMix for image classification. {sentence}")
    assert not [r for r in found if r[1] == "uses"], found


def test_we_apply_a_technique(nlp):
    found = relations(
        nlp, "HieraMix", "We propose HieraMix. Initially, we apply knowledge distillation to it."
    )
    assert ("HieraMix", "uses", "knowledge distillation") in found, found


@pytest.mark.parametrize(
    ("abstract", "used"),
    [
        ("We propose HieraMix. Then, layer normalization is applied to the tokens.", True),
        ("We propose HieraMix. Knowledge distillation is also used to train it.", True),
        # Before the paper names its model, a sentence is background.
        ("Layer normalization is applied everywhere. We propose HieraMix.", False),
    ],
)
def test_a_system_put_to_use_in_the_passive_is_the_models(nlp, abstract, used):
    found = relations(nlp, "A Study", abstract)
    assert bool([r for r in found if r[:2] == ("HieraMix", "uses")]) is used, found


def test_a_measure_named_only_by_a_common_noun_evaluates_the_method(nlp):
    found = relations(
        nlp,
        "HieraMix: Efficient Transformers",
        "We propose HieraMix. HieraMix achieves 3.7x smaller size and 12x less search cost.",
    )
    assert ("HieraMix", "evaluatedWith", "size") in found, found
    assert ("HieraMix", "evaluatedWith", "search cost") in found, found


def test_the_parts_listed_after_their_kind_are_used(nlp):
    abstract = (
        "We propose HieraMix, a block that consists of a diverse set of layers such as dense "
        "feed-forward layers and attention layers. Prior NAS methods handle search spaces with "
        "disparate candidates (e.g. CNNs and transformers)."
    )
    found = relations(nlp, "A Study", abstract)
    for part in ("dense feed-forward layers", "attention layers"):
        assert ("HieraMix", "uses", part) in found, found
    # "e.g." gives instances of what the clause speaks of, not parts.
    assert not [r for r in found if r[1] == "uses" and r[2] in ("CNNs", "transformers")], found


def test_each_part_of_a_passive_list_is_the_models(nlp):
    abstract = (
        "We propose HieraMix. The Next Convolution Block (NCB) and Next Transformer Block "
        "(NTB) are respectively developed to capture local and global information."
    )
    found = relations(nlp, "A Study", abstract)
    for part in ("Next Convolution Block", "Next Transformer Block"):
        assert ("HieraMix", "uses", part) in found, found


def test_a_field_the_background_credits_to_others_is_not_the_papers(nlp):
    abstract = (
        "Transformers have excelled in natural language processing and computer vision. "
        "We propose HieraMix for protein folding."
    )
    found = relations(nlp, "A Study", abstract)
    assert ("HieraMix", "appliedTo", "protein folding") in found, found
    assert not [r for r in found if r[0] == "HieraMix" and r[2] == "computer vision"], found
    # A field nothing else claims is still the paper's own.
    found = relations(nlp, "A Study", "We propose HieraMix. It is tested in computer vision.")
    assert ("HieraMix", "appliedTo", "computer vision") in found, found


def test_the_examples_of_what_the_authors_build_are_parts(nlp):
    found = relations(
        nlp,
        "HieraMix",
        "We propose HieraMix for image classification. Additionally, we introduce "
        "deploy-friendly mechanisms such as knowledge distillation, multi-head self-attention "
        "and a Convolutional Fusion Block.",
    )
    for part in (
        "knowledge distillation",
        "multi-head self-attention",
        "Convolutional Fusion Block",
    ):
        assert ("HieraMix", "uses", part) in found, found


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        ("We also propose a new optimizer, called ScaledAdam, to train it.", {"ScaledAdam"}),
        # What the authors name is their part, not the kind they name it as.
        (
            "We propose two prior attention modules, namely Kinematics Prior Attention (KPA) "
            "and Trajectory Prior Attention (TPA).",
            {"Kinematics Prior Attention", "Trajectory Prior Attention"},
        ),
        # A claim builds nothing.
        ("We propose that a Foundation Decision Model (FDM) can be developed.", set()),
    ],
)
def test_what_the_authors_propose_besides_their_model_is_its_part(nlp, sentence, parts):
    found = relations(nlp, "HieraMix", "We propose HieraMix for image classification. " + sentence)
    assert {r[2] for r in found if r[:2] == ("HieraMix", "uses")} == parts, found


def test_the_members_of_versions_of_a_family_are_of_the_family(nlp):
    found = relations(
        nlp, "A Survey", "Updated versions of recurrent neural networks, such as LSTM, fail."
    )
    assert ("LSTM", "isA", "recurrent neural networks") in found, found
    # A name after a bare comma that words go on from opens the next clause.
    found = relations(
        nlp,
        "A Survey",
        "Unlike recurrent neural networks such as LSTM, transformer models excel at it.",
    )
    assert ("LSTM", "isA", "recurrent neural networks") in found, found
    assert ("transformer", "isA", "recurrent neural networks") not in found, found
    # Parts of a family are not kinds of it.
    found = relations(nlp, "A Survey", "The components of a transformer, such as LSTM, fail.")
    assert ("LSTM", "isA", "transformer") not in found, found


def test_a_field_named_only_before_the_papers_model_is_background(nlp):
    abstract = (
        "Recent advances in natural language processing rely on massive models. "
        "We propose HieraMix for protein folding."
    )
    found = relations(nlp, "A Study", abstract)
    assert ("HieraMix", "appliedTo", "protein folding") in found, found
    assert ("HieraMix", "appliedTo", "natural language processing") not in found, found
    # Named again once the model is, it is the paper's own.
    abstract += " It also improves natural language processing."
    found = relations(nlp, "A Study", abstract)
    assert ("HieraMix", "appliedTo", "natural language processing") in found, found


@pytest.mark.parametrize(
    ("abstract", "expected", "not_expected"),
    [
        (
            "We propose HieraMix. When trained only on WikiText-103, HieraMix writes well.",
            ("HieraMix", "trainedOn", "WikiText-103"),
            None,
        ),
        (
            "We propose HieraMix. It is as good as Swin-B pretrained on ImageNet-21k.",
            ("Swin-B", "trainedOn", "ImageNet-21k"),
            "HieraMix",
        ),
    ],
)
def test_who_is_trained_on_a_dataset(nlp, abstract, expected, not_expected):
    found = relations(nlp, "A Study", abstract)
    assert expected in found, found
    # What another model is trained on is no data of the paper's model.
    assert not [r for r in found if r[0] == not_expected and r[2] == expected[2]], found


def test_a_dataset_used_to_train_models(nlp):
    found = relations(
        nlp,
        "A Study",
        "We propose HieraMix. We release the WikiText-103 corpus used to train HieraMix and BERT.",
    )
    assert ("HieraMix", "trainedOn", "WikiText-103") in found, found
    assert ("BERT", "trainedOn", "WikiText-103") in found, found


def test_a_model_in_brackets_after_a_family_is_one_of_it(nlp):
    found = relations(
        nlp,
        "T",
        "Our model performs comparably to the state-of-the-art CNN (DenseNet-121). "
        "We also add a lightweight Multi-head Self-Attention (LWMHSA) block.",
    )
    assert ("DenseNet-121", "isA", "CNN") in found, found
    assert not [r for r in found if r[0] == "LWMHSA" and r[1] == "isA"], found


@pytest.mark.parametrize(
    ("abstract", "present", "absent"),
    [
        pytest.param(
            "UNet and its variants have been widely used in medical image segmentation. "
            "We propose FooNet. It is applied to polyp detection.",
            {
                ("UNet", "appliedTo", "medical image segmentation"),
                ("FooNet", "appliedTo", "polyp detection"),
            },
            set(),
            id="it-refers-to-the-name-before-it",
        ),
        pytest.param(
            "FooMix is a drop-in replacement for attention layers in existing transformers. "
            "Transformers rely on multi-head attention.",
            {("transformers", "uses", "multi-head attention")},
            {("transformers", "uses", "attention layers")},
            id="a-replaced-block-is-no-part",
        ),
        pytest.param(
            "We introduce FooSeg. Notably, when compared to the renowned nnU-Net, FooSeg "
            "achieves superior segmentation performance with fewer parameters.",
            {("FooSeg", "outperforms", "nnU-Net")},
            set(),
            id="a-comparison-opened-after-an-adverb",
        ),
        pytest.param(
            "We present FooNAS, which finds FooNet-T (a hybrid). On this search space, our "
            "searched model, FooNet-T, achieves 82.5% accuracy, surpassing EfficientNet by 2.4%.",
            {("FooNet-T", "outperforms", "EfficientNet")},
            {("FooNAS", "outperforms", "EfficientNet")},
            id="the-name-the-authors-give-is-the-subject",
        ),
        pytest.param(
            "We introduce FooNet. Notably, when using BART-Large as the main network, FooNet "
            "brings an 11.3% improvement on ZEST.",
            {("FooNet", "uses", "BART-Large")},
            set(),
            id="a-fronted-clause-after-an-adverb",
        ),
    ],
)
def test_who_the_sentence_speaks_of(nlp, abstract, present, absent):
    found = relations(nlp, "T", abstract)
    assert present <= found, found
    assert not absent & found, found


def test_datasets_after_a_list_of_tasks_are_not_each_for_every_task(nlp):
    found = relations(
        nlp,
        "T",
        "It wins on object detection and semantic segmentation on COCO and ADE20K datasets.",
    )
    assert ("ADE20K", "benchmarkFor", "object detection") not in found
    assert ("COCO", "benchmarkFor", "semantic segmentation") not in found
