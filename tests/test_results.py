"""Reported results: a sentence in, the result records out (rules pipeline)."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Span

from kg.extract import extract
from kg.extract.pipeline import build_pipeline
from kg.extract.results import find_results
from kg.records import Paper


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline(trained=False)


def results(nlp: Language, abstract: str, title: str = "A Study") -> list[dict[str, Any]]:
    [x] = extract([Paper("p1", title, abstract)], nlp=nlp)
    keys = ("method", "dataset", "metric", "value", "unit", "delta")
    return [{k: r.to_json()[k] for k in keys} for r in x.results]


def test_value_with_unit_and_metric_after(nlp: Language) -> None:
    out = results(nlp, "BERT reaches 86.18% top-1 accuracy on ImageNet.")
    assert out == [
        {
            "method": "BERT",
            "dataset": "ImageNet",
            "metric": "top-1 accuracy",
            "value": "86.18",
            "unit": "%",
            "delta": False,
        }
    ]


def test_latex_percent(nlp: Language) -> None:
    [r] = results(nlp, "BERT reaches 83.3\\% top-1 accuracy on ImageNet.")
    assert (r["value"], r["unit"]) == ("83.3", "%")


def test_improvement_in_db_is_a_delta(nlp: Language) -> None:
    out = results(
        nlp, "Harmonia reaches 9.1 dB SDR on MUSDB18, improving over Open-Unmix by 0.3 dB of SDR."
    )
    assert [(r["metric"], r["value"], r["unit"], r["delta"]) for r in out] == [
        ("SDR", "9.1", "dB", False),
        ("SDR", "0.3", "dB", True),
    ]


def test_points_make_a_score_not_a_count(nlp: Language) -> None:
    [r] = results(
        nlp,
        "It achieves 54.8 exact match on Natural Questions. Chain-of-thought prompting "
        "improves the accuracy of Mistral 7B by 9.2 points.",
    )[1:]
    assert (r["metric"], r["value"], r["unit"], r["delta"]) == ("accuracy", "9.2", None, True)
    assert r["method"] == "Mistral 7B"


def test_range_of_speedups(nlp: Language) -> None:
    [r] = results(nlp, "HART gives 4.5-7.7x higher throughput.")
    assert (r["metric"], r["value"], r["unit"], r["delta"]) == ("throughput", "4.5-7.7", "x", True)


def test_from_to_is_two_values(nlp: Language) -> None:
    out = results(nlp, "Compared with BERT, RoBERTa improves the FID from 2.11 to 0.30.")
    assert [(r["method"], r["value"]) for r in out] == [("BERT", "2.11"), ("RoBERTa", "0.30")]


def test_speedup_named_after_the_value(nlp: Language) -> None:
    [r] = results(nlp, "BitSearch gives a 1.9x speedup on a mobile CPU and lowers latency.")
    assert (r["metric"], r["value"], r["unit"]) == ("speedup", "1.9", "x")


def test_faster_takes_the_speed_metric(nlp: Language) -> None:
    out = results(
        nlp,
        "We reduce inference latency. Our model is 3.5x faster than ConvNeXt on ImageNet.",
        "FastNet: A Fast Network",
    )
    assert [(r["metric"], r["value"], r["delta"]) for r in out] == [
        ("inference latency", "3.5", True)
    ]


def test_times_sign_and_thousands(nlp: Language) -> None:
    out = results(nlp, "HAT achieves a 3× speedup and a 12,041 times speedup.")
    assert [(r["value"], r["unit"]) for r in out] == [("3", "x"), ("12,041", "x")]


def test_time_units_keep_no_unit(nlp: Language) -> None:
    [r] = results(nlp, "EfficientFormer runs with only 1.6 ms inference latency.")
    assert (r["metric"], r["value"], r["unit"]) == ("inference latency", "1.6", None)


def test_parameter_count_in_millions(nlp: Language) -> None:
    [r] = results(nlp, "BitSearch reaches 76.8% top-1 accuracy with 310M FLOPs.")[1:]
    assert (r["metric"], r["value"], r["unit"]) == ("FLOPs", "310", "M")


def test_model_sizes_are_not_results(nlp: Language) -> None:
    abstract = (
        "We train 1.2B, 2.7B and 7.4B parameter models. ResNet50 (21.5M parameters) is a "
        "baseline. We keep the parameter count in the 100B parameters range."
    )
    assert results(nlp, abstract) == []


def test_counts_sizes_and_names_are_not_results(nlp: Language) -> None:
    abstract = (
        "It simulates flow on a 64 by 64 grid with good accuracy. "
        "The data set has 17736 labeled images with accuracy labels. "
        "We use 4-bit weights to keep accuracy. "
        "It requires 10^23 FLOPs. "
        "Two challenges: (1) scale; (2) the latency. "
        "We measure accuracy on iPhone 12."
    )
    assert results(nlp, abstract) == []


def test_shares_of_an_architecture_are_not_results(nlp: Language) -> None:
    # What a hybrid is made of, not what it scored; its accuracy still counts.
    out = results(
        nlp,
        "Our hybrid model is made of 43% Mamba-2, 7% attention, 12% convolution blocks and 38% MLP "
        "layers. It reaches 61.3% accuracy on MMLU with 40% less attention memory.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [
        ("accuracy", "61.3"),
        ("attention memory", "40"),
    ]


def test_a_name_may_modify_the_measure_after_a_value(nlp: Language) -> None:
    out = results(nlp, "BarLM keeps quality while preserving a 52.3% key-value cache hit rate.")
    assert [(r["metric"], r["value"]) for r in out] == [("key-value cache hit rate", "52.3")]
    # A name that the words end on is what was counted, not a measure.
    assert results(nlp, "BarLM prunes 30% of the key-value cache.") == []


def test_its_after_a_name_is_that_names_not_the_papers(nlp: Language) -> None:
    out = results(
        nlp,
        "We propose FooNet. Although DeiT-S is strong, its training reaches 72.2% top-1 "
        "accuracy on ImageNet. It reaches 82.2% top-1 accuracy on ImageNet.",
    )
    assert [(r["method"], r["value"]) for r in out] == [("DeiT-S", "72.2"), ("FooNet", "82.2")]
    # A name inside an opening phrase is not what "it" refers to.
    out = results(
        nlp, "We propose FooNet. Used as the backbone of Mask R-CNN, it reaches 47.1 mAP."
    )
    assert [(r["method"], r["value"]) for r in out] == [("FooNet", "47.1")]


def test_metric_after_value_is_not_taken_across_a_list(nlp: Language) -> None:
    out = results(
        nlp,
        "Ripple reduces mean squared error (MSE) by 12.4% and mean absolute error (MAE) by 8.9%.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [
        ("mean squared error", "12.4"),
        ("mean absolute error", "8.9"),
    ]


def test_versus_pair_in_parentheses(nlp: Language) -> None:
    out = results(
        nlp,
        "FMViT outperforms ResNet101 by 2.5% (83.3% vs. 80.8%) in top-1 accuracy on ImageNet.",
        "FMViT: A Vision Transformer",
    )
    assert [(r["method"], r["metric"], r["value"], r["dataset"]) for r in out] == [
        ("FMViT", "top-1 accuracy", "2.5", "ImageNet"),
        ("FMViT", "top-1 accuracy", "83.3", "ImageNet"),
        ("ResNet101", "top-1 accuracy", "80.8", "ImageNet"),
    ]


def test_versus_pair_restates_the_improvement_metric(nlp: Language) -> None:
    out = results(
        nlp,
        "FMViT outperforms MobileOne by 2.6% in top-1 accuracy on ImageNet, with inference "
        "latency comparable to MobileOne (78.5% vs. 75.9%).",
        "FMViT: A Vision Transformer",
    )
    assert [(r["method"], r["metric"], r["value"]) for r in out] == [
        ("FMViT", "top-1 accuracy", "2.6"),
        ("FMViT", "top-1 accuracy", "78.5"),
        ("MobileOne", "top-1 accuracy", "75.9"),
    ]


def test_improvement_inherits_the_metric_of_the_value_before(nlp: Language) -> None:
    out = results(
        nlp,
        "Astroformer reaches 94.86% top-1 accuracy on CIFAR-100, beating the current "
        "state-of-the-art for this task by 4.62%.",
    )
    assert [(r["metric"], r["value"], r["delta"]) for r in out] == [
        ("top-1 accuracy", "94.86", False),
        ("top-1 accuracy", "4.62", True),
    ]


def test_contrasting_clause_cuts_the_metric_off(nlp: Language) -> None:
    abstract = (
        "It reduces the parameter count and MACs by half, while achieving more than "
        "3.0% improvement on ImageNet."
    )
    assert results(nlp, abstract) == []


def test_measure_named_by_a_noun(nlp: Language) -> None:
    out = results(
        nlp,
        "BCT achieves up to 7.988x compression. HAT gets a 3.7x smaller size, saving up to 90% "
        "of parameters.",
    )
    assert [(r["metric"], r["value"], r["unit"]) for r in out] == [
        ("compression", "7.988", "x"),
        ("size", "3.7", "x"),
        ("parameters", "90", "%"),
    ]


def test_focus_by_anaphora_and_by_unresolved_short_form(nlp: Language) -> None:
    abstract = (
        "We propose a new Tokens-To-Token Vision Transformer (T2T-ViT). "
        "T2T-ViT with comparable size to ResNet50 achieves 83.3% top1 accuracy on ImageNet. "
        "It also reaches 47.1 mAP on COCO."
    )
    out = results(nlp, abstract, "Tokens-to-Token ViT")
    # Either surface form of the focus resolves to the same gold entity.
    focus = {"T2T-ViT", "Tokens-To-Token Vision Transformer"}
    assert [(r["method"] in focus, r["value"], r["dataset"]) for r in out] == [
        (True, "83.3", "ImageNet"),
        (True, "47.1", "COCO"),
    ]


def test_dataset_after_a_later_value_is_not_taken(nlp: Language) -> None:
    out = results(
        nlp,
        "DyRA improves the GLUE accuracy of BERT by 0.9 points and reaches 48.7% accuracy on MMLU.",
        "DyRA: Dynamic Rank Adapters",
    )
    assert [(r["dataset"], r["value"]) for r in out] == [("GLUE", "0.9"), ("MMLU", "48.7")]


def test_slash_list_of_values(nlp: Language) -> None:
    out = results(nlp, "Mask R-CNN reaches 38.2/45.1 AP on COCO.")
    assert [(r["metric"], r["value"], r["dataset"]) for r in out] == [
        ("AP", "38.2", "COCO"),
        ("AP", "45.1", "COCO"),
    ]


def test_confidence_is_a_probability(nlp: Language) -> None:
    [x] = extract([Paper("p1", "T", "BERT reaches an F1 of 91.2 on SQuAD.")], nlp=nlp)
    assert all(0.0 < r.confidence <= 1.0 for r in x.results)


def test_list_of_values_shares_the_metric_after_it(nlp: Language) -> None:
    out = results(nlp, "EMOv2 achieves 72.3, 75.8, and 79.4 top-1 accuracy on ImageNet.")
    assert [(r["metric"], r["value"], r["dataset"]) for r in out] == [
        ("top-1 accuracy", "72.3", "ImageNet"),
        ("top-1 accuracy", "75.8", "ImageNet"),
        ("top-1 accuracy", "79.4", "ImageNet"),
    ]


def test_list_of_improvements_is_all_deltas(nlp: Language) -> None:
    out = results(nlp, "It beats BERT in accuracy by 87%, 131% and 55%, respectively.")
    assert [(r["metric"], r["value"], r["delta"]) for r in out] == [
        ("accuracy", "87", True),
        ("accuracy", "131", True),
        ("accuracy", "55", True),
    ]


def test_respectively_pairs_values_with_datasets(nlp: Language) -> None:
    out = results(
        nlp, "BERT reaches 0.78 and 0.76 accuracy on ImageNet and CIFAR-100, respectively."
    )
    assert [(r["value"], r["dataset"]) for r in out] == [
        ("0.78", "ImageNet"),
        ("0.76", "CIFAR-100"),
    ]


def test_respectively_pairs_values_with_metrics(nlp: Language) -> None:
    out = results(nlp, "Ripple reduces MSE and MAE by 12.4% and 8.9%, respectively.")
    assert [(r["metric"], r["value"]) for r in out] == [("MSE", "12.4"), ("MAE", "8.9")]


def test_metric_after_another_value_is_not_taken(nlp: Language) -> None:
    out = results(nlp, "MoHD achieves 1.7% higher performance with 50% fewer FLOPs.")
    assert [(r["metric"], r["value"]) for r in out] == [("FLOPs", "50")]


def test_measure_named_by_the_words_after_the_value(nlp: Language) -> None:
    out = results(
        nlp,
        "HAT needs 12,041x less search cost. EcoFormer gives a 73% on-chip energy footprint "
        "reduction. MLM-U is 4x more sample efficient.",
    )
    assert [(r["metric"], r["value"], r["unit"]) for r in out] == [
        ("search cost", "12,041", "x"),
        ("on-chip energy footprint", "73", "%"),
        ("sample efficient", "4", "x"),
    ]


def test_words_after_a_value_that_name_no_measure(nlp: Language) -> None:
    abstract = (
        "It trains a 3x larger model. We label 10% of the data. It gets 2% higher performance."
    )
    assert results(nlp, abstract) == []


def test_years_are_not_results(nlp: Language) -> None:
    abstract = "Model sizes grew from 2017 to ~1.6 trillion parameters in early 2021."
    assert all(r["value"] not in {"2017", "2021"} for r in results(nlp, abstract))


def test_sizes_of_named_models_are_not_results(nlp: Language) -> None:
    abstract = (
        "A 760M MoT model beats a 1.4B dense baseline in FLOPs. Transferring from a model of "
        "13M parameters beats the 6.7B GPT-3 model. TokenFormer scales from 124M to 1.4B "
        "parameters."
    )
    assert results(nlp, abstract) == []


def test_parameter_count_of_a_module_is_a_result(nlp: Language) -> None:
    [r] = results(nlp, "The residual module has only 37M parameters.")
    assert (r["metric"], r["value"], r["unit"]) == ("parameters", "37", "M")


def test_subject_of_the_reporting_verb_owns_the_value(nlp: Language) -> None:
    out = results(
        nlp,
        "Based on BERT and ImageNet, our largest model, RoBERTa, achieves 83.3% accuracy, "
        "surpassing ResNet-50 by 2.4%.",
        "FastNet: A Fast Network",
    )
    assert [(r["method"], r["value"]) for r in out] == [("RoBERTa", "83.3"), ("RoBERTa", "2.4")]


def test_compared_methods_do_not_own_the_value(nlp: Language) -> None:
    out = results(
        nlp,
        "We compare with two solutions, BERT and RoBERTa, and show up to 37x speedup over BERT "
        "and 345x over RoBERTa.",
    )
    assert [(r["method"], r["value"]) for r in out] == [(None, "37"), (None, "345")]


def test_list_shares_the_measure_named_after_it(nlp: Language) -> None:
    out = results(
        nlp,
        "Our method gets 75.15%|82.03% top-1 accuracies for ResNet-50 and ViT-B/16 trained "
        "from scratch on ImageNet, showing 3.05%|3.39% absolute gains.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [
        # Named in the singular: a gold "top-1 accuracy" matches it.
        ("top-1 accuracy", "75.15"),
        ("top-1 accuracy", "82.03"),
        ("top-1 accuracy", "3.05"),
        ("top-1 accuracy", "3.39"),
    ]


def test_measure_named_before_of(nlp: Language) -> None:
    out = results(
        nlp,
        "We achieve a logarithmic-loss of 0.507 on PLAsTiCC. It gives a model size reduction "
        "of up to 28.9 times. We use a batch size of 256. We also observe competitive "
        "performance of 2.7%.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [
        ("logarithmic-loss", "0.507"),
        ("model size", "28.9"),
    ]


def test_signed_number_is_a_score_change(nlp: Language) -> None:
    out = results(nlp, "BERT reaches 41.5 mAP on COCO, surpassing RoBERTa by +2.6.")
    assert [(r["metric"], r["value"], r["delta"]) for r in out] == [
        ("mAP", "41.5", False),
        ("mAP", "2.6", True),
    ]


def test_a_value_naming_its_own_part_inherits_no_measure(nlp: Language) -> None:
    abstract = "The hybrid has 43% Mamba-2 layers, 7% attention, and 50% MLP layers."
    assert all(r["value"] != "50" for r in results(nlp, abstract))


def test_focus_named_where_no_entity_was_found(nlp: Language) -> None:
    [r] = results(
        nlp,
        "Based on BERT, Ecoformer achieves a 73% on-chip energy footprint reduction.",
        "EcoFormer: Energy-Saving Attention",
    )
    assert r["method"] == "EcoFormer"


def test_method_of_value_inherits_the_metric(nlp: Language) -> None:
    out = results(
        nlp,
        "It attains an FID of 6.42, outperforming BERT of 5.33 and RoBERTa of 5.85.",
    )
    assert [(r["method"], r["metric"], r["value"]) for r in out][1:] == [
        ("BERT", "FID", "5.33"),
        ("RoBERTa", "FID", "5.85"),
    ]


def test_second_score_in_the_same_frame(nlp: Language) -> None:
    out = results(
        nlp,
        "On CIFAR-10 it achieves an FID of 2.06 for unconditional generation and 1.96 for "
        "class-conditional generation, using 4 and 8 steps.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [("FID", "2.06"), ("FID", "1.96")]


def test_comparatives_and_ranks_are_not_measures(nlp: Language) -> None:
    abstract = (
        "DeLighT networks are 2.5 to 4 times deeper than BERT. Our model achieved a strong "
        "second place out of 77 teams."
    )
    assert results(nlp, abstract) == []


def test_metric_named_with_a_modifier_after_a_bare_number(nlp: Language) -> None:
    out = results(nlp, "BERT obtains 52.1 AP and 45.3 mask AP on COCO.")
    assert [(r["metric"], r["value"]) for r in out] == [("AP", "52.1"), ("mask AP", "45.3")]


def test_number_words_are_counts(nlp: Language) -> None:
    abstract = "Models grew from ~100 million parameters to ~1.6 trillion parameters."
    assert results(nlp, abstract) == []


def test_value_in_parentheses_after_a_method_is_its_own(nlp: Language) -> None:
    out = results(
        nlp,
        "RoBERTa achieves a top-1 accuracy of 83.1%, surpassing ResNet-50 (82.1%).",
        "RoBERTa: A Robust Model",
    )
    assert [(r["method"], r["value"]) for r in out] == [("RoBERTa", "83.1"), ("ResNet-50", "82.1")]


def test_bare_score_and_a_change_in_points_are_no_list(nlp: Language) -> None:
    out = results(nlp, "BERT achieves an F1 of 61.4, 2.3 points higher than RoBERTa.")
    assert [(r["value"], r["delta"]) for r in out] == [("61.4", False), ("2.3", True)]


def test_faster_in_terms_of_a_measure(nlp: Language) -> None:
    [r] = results(nlp, "MLM-U converges 2x faster in terms of GPU training hours relative to BERT.")
    assert (r["metric"], r["value"], r["unit"]) == ("GPU training hours", "2", "x")


def test_model_families_and_data_sizes_are_not_results(nlp: Language) -> None:
    abstract = (
        "We train models with 125M to 13B parameters on 300B tokens using 512 GPUs. "
        "We show that 80% of the errors come from 2 of the 10 categories."
    )
    assert results(nlp, abstract) == []


def test_standard_deviation_is_not_a_result(nlp: Language) -> None:
    out = results(nlp, "BERT achieves an accuracy of 96.00% pm 0.48% for binary classification.")
    assert [(r["metric"], r["value"]) for r in out] == [("accuracy", "96.00")]


def test_praise_is_not_part_of_a_measure(nlp: Language) -> None:
    out = results(
        nlp,
        "We achieve a significant improvement of 17.73% on GLUE. BERT is up to 4.5% more "
        "accurate than RoBERTa.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [("accuracy", "4.5")]


def test_plural_metric_is_named_in_the_singular(nlp: Language) -> None:
    # The scorer forgives only a plural -s: "accuracies" must become "accuracy".
    [x] = extract(
        [Paper("p1", "A Study", "BERT reaches top-1 accuracies of 81.2% and 82.3% on GLUE.")],
        nlp=nlp,
    )
    assert {r.metric for r in x.results} == {"top-1 accuracy"}
    [metric] = [e for e in x.entities if e.type == "Metric"]
    assert (metric.name, metric.aliases) == ("top-1 accuracy", ["top-1 accuracies"])


def test_measure_with_a_plural_ending_no_entity_names(nlp: Language) -> None:
    [x] = extract([Paper("p1", "A Study", "BERT cuts the decoding losses by 35%.")], nlp=nlp)
    assert [(r.metric, r.value) for r in x.results] == [("decoding loss", "35")]
    assert [(e.name, e.aliases) for e in x.entities if e.type == "Metric"] == [
        ("decoding loss", ["decoding losses"])
    ]


def test_tilde_range_is_kept_as_written(nlp: Language) -> None:
    out = results(nlp, "BERT can reduce the cost consumption by 10~30% with minimal loss.")
    assert [(r["metric"], r["value"], r["unit"], r["delta"]) for r in out] == [
        ("cost consumption", "10~30", "%", True)
    ]


def test_object_of_a_change_verb_is_the_measure(nlp: Language) -> None:
    out = results(nlp, "BERT lowers the training cost by more than 40%.")
    assert [(r["metric"], r["value"]) for r in out] == [("training cost", "40")]


def test_change_verb_shared_by_coordinated_measures(nlp: Language) -> None:
    # Each "by" names its own measure: the second is not another latency.
    out = results(nlp, "BERT cuts latency by 35%, memory by 20% and cost by 3x.")
    assert [(r["metric"], r["value"], r["unit"]) for r in out] == [
        ("latency", "35", "%"),
        ("memory", "20", "%"),
        ("cost", "3", "x"),
    ]


def test_object_of_a_process_verb_is_no_measure(nlp: Language) -> None:
    abstract = "Accelerating fine-tuning by up to 2.2x, BERT improves the model by 3%."
    assert results(nlp, abstract) == []


def test_percentage_points_are_a_percent_unit(nlp: Language) -> None:
    out = results(nlp, "BERT improves accuracy by 2.3 percentage points on GLUE.")
    assert [(r["metric"], r["value"], r["unit"]) for r in out] == [("accuracy", "2.3", "%")]


def test_value_glued_to_its_unit_is_no_entity(nlp: Language) -> None:
    # "0.9dB" is one token, which the trained recogniser may take for a name.
    doc = nlp("HT Demucs improves SDR by 0.9dB on MUSDB.")
    [value] = [t for t in doc if t.text == "0.9dB"]
    doc.ents = [*doc.ents, Span(doc, value.i, value.i + 1, label="Method")]
    find_results(doc)
    assert "0.9dB" not in {e.text for e in doc.ents}
    assert [(r.metric_name, r.value, r.unit) for r in doc._.results] == [("SDR", "0.9", "dB")]


def test_measure_named_after_a_reporting_verb(nlp: Language) -> None:
    out = results(nlp, "We obtain memory savings of up to 50% by dropping intermediate results.")
    assert [(r["metric"], r["value"]) for r in out] == [("memory savings", "50")]


def test_level_and_pixels_are_no_measures(nlp: Language) -> None:
    out = results(
        nlp,
        "The change further reduces the WER to 17.6% level. BERT only processes 30% more "
        "pixels than RoBERTa.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [("WER", "17.6")]


def test_time_is_the_value_of_a_time_metric_only(nlp: Language) -> None:
    out = results(
        nlp,
        "BERT gets 34.4% AP at 34ms on COCO. Using the 262 hours of speech data, BERT "
        "achieves a word error rate of 11.8% after cross-entropy training.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [("AP", "34.4"), ("word error rate", "11.8")]


def test_metric_right_after_the_value_beats_a_vague_name_before(nlp: Language) -> None:
    out = results(nlp, "Overall, BERT achieves a score of 71.3 F1 on TriviaQA.")
    assert [(r["metric"], r["value"]) for r in out] == [("F1", "71.3")]


def test_value_with_a_unit_in_parentheses_is_no_enumerator(nlp: Language) -> None:
    out = results(nlp, "BERT surpasses RoBERTa (82%) in top-1 accuracy, and (2) it is fast.")
    assert [(r["method"], r["metric"], r["value"]) for r in out] == [
        ("RoBERTa", "top-1 accuracy", "82")
    ]


def test_hyperparameters_are_set_not_measured(nlp: Language) -> None:
    abstract = (
        "We pretrain BERT with a masking rate of 15% and a dropout of 0.1, and obtain an "
        "accuracy of 84.2%."
    )
    assert [(r["metric"], r["value"]) for r in results(nlp, abstract)] == [("accuracy", "84.2")]


def test_share_of_counted_things_is_no_result(nlp: Language) -> None:
    abstract = "Only 1% of the labels are used; we prune 90% of the weights and 50% of channels."
    assert results(nlp, abstract) == []


def test_hyphens_do_not_count_towards_a_measure_name_length(nlp: Language) -> None:
    out = results(nlp, "BERT achieves a 15% end-to-end wall-clock speedup on GLUE.")
    assert [(r["metric"], r["value"]) for r in out] == [("end-to-end wall-clock speedup", "15")]


def test_original_is_no_part_of_a_measure(nlp: Language) -> None:
    out = results(nlp, "BERT maintains 99% of the original accuracy.")
    assert [(r["metric"], r["value"]) for r in out] == [("accuracy", "99")]


def test_measure_a_change_noun_takes_with_the_value_in_parentheses(nlp: Language) -> None:
    out = results(nlp, "BERT gives a large reduction in peak memory (up to 40%).")
    assert [(r["metric"], r["value"]) for r in out] == [("peak memory", "40")]


def test_standard_deviation_before_the_unit(nlp: Language) -> None:
    out = results(nlp, "SegNet reaches a Dice score of 98+-2% for liver and 81.3 ± 0.4% on LiTS.")
    assert [(r["metric"], r["value"], r["unit"]) for r in out] == [
        ("Dice score", "98", "%"),
        ("Dice score", "81.3", "%"),
    ]


def test_a_task_after_the_value_is_no_measure(nlp: Language) -> None:
    out = results(nlp, "SegNet reaches a Dice score of 98% for liver and 81% lesion segmentation.")
    assert [(r["metric"], r["value"]) for r in out] == [("Dice score", "98"), ("Dice score", "81")]


def test_counts_spelled_out_or_in_giga(nlp: Language) -> None:
    out = results(
        nlp,
        "Our FcaFormer achieves 83.1% top-1 accuracy on ImageNet with only 16.3 million "
        "parameters and about 3.6 billion MACs. RMT uses merely 4.5G FLOPs.",
    )
    assert [(r["metric"], r["value"], r["unit"]) for r in out] == [
        ("top-1 accuracy", "83.1", "%"),
        ("parameters", "16.3", "M"),
        ("MACs", "3.6", "B"),
        ("FLOPs", "4.5", "B"),
    ]


def test_counts_of_other_models_are_background(nlp: Language) -> None:
    abstract = (
        "At present, the largest large language models contain upwards of 100B parameters. "
        "We show that HybriDNA improves as the model scales from 300M to 3B and 7B parameters."
    )
    assert results(nlp, abstract, title="HybriDNA: A DNA Language Model") == []


def test_measure_after_a_change_noun_and_in(nlp: Language) -> None:
    out = results(
        nlp,
        "LMUFormer needs a 65 times decrement in FLOPs. We achieve a 32.03% reduction in "
        "sequence length.",
        "LMUFormer: A Spiking Model",
    )
    assert [(r["metric"], r["value"], r["delta"]) for r in out] == [
        ("FLOPs", "65", True),
        ("sequence length", "32.03", True),
    ]


def test_from_value_of_a_compared_architecture(nlp: Language) -> None:
    abstract = "Next-ViT surpasses ResNet by 5.5 mAP (from 40.4 to 45.9) on COCO."
    out = results(nlp, abstract, "Next-ViT: Next Generation Vision Transformer")
    assert [(r["method"], r["value"]) for r in out] == [
        ("Next-ViT", "5.5"),
        ("ResNet", "40.4"),
        ("Next-ViT", "45.9"),
    ]


def test_a_name_beats_a_lower_case_technique(nlp: Language) -> None:
    [r] = results(nlp, "We find that BERT distillation is 4x more sample efficient.")
    assert (r["method"], r["value"]) == ("BERT", "4")


def test_a_count_keeps_its_metric_to_itself(nlp: Language) -> None:
    out = results(
        nlp,
        "Our DHVT reaches 85.68% top-1 accuracy on CIFAR-100 with 22.8M parameters, "
        "82.3% on ImageNet with 24.0M parameters.",
        "DHVT: A Hybrid Vision Transformer",
    )
    assert ("parameters", "82.3") not in [(r["metric"], r["value"]) for r in out]


def test_a_loss_of_a_metric_is_that_metric(nlp: Language) -> None:
    # The trained recogniser reads "accuracy loss" as two metrics.
    doc = nlp("Zero-TPrune reduces accuracy loss by up to 49%.")
    [loss] = [t for t in doc if t.text == "loss"]
    doc.ents = [*doc.ents, Span(doc, loss.i, loss.i + 1, label="Metric")]
    find_results(doc)
    assert [(r.metric_name, r.value) for r in doc._.results] == [("accuracy", "49")]


def test_count_right_after_a_method_and_with_is_its_own(nlp: Language) -> None:
    out = results(
        nlp,
        "Our EfficientViT with 1.3G FLOPs improves DeiT-Ti with 1.5G FLOPs by 5.6% accuracy.",
        "EfficientViT: Fast Vision Transformers",
    )
    assert [(r["method"], r["value"]) for r in out] == [
        ("EfficientViT", "1.3"),
        ("DeiT-Ti", "1.5"),
        ("EfficientViT", "5.6"),
    ]


def test_a_score_keeps_the_metric_of_a_score_before_it(nlp: Language) -> None:
    out = results(nlp, "HART gives a 31% FID improvement from 7.85 to 5.38.", "HART")
    assert [(r["metric"], r["value"]) for r in out] == [
        ("FID", "31"),
        ("FID", "7.85"),
        ("FID", "5.38"),
    ]


def test_measure_named_after_on(nlp: Language) -> None:
    out = results(
        nlp,
        "EquiformerV2 outperforms previous methods on OC20 by up to 12% on forces, 4% on "
        "energies. It reduces the cost by 20% on training the BERT model and 3% on average.",
        "EquiformerV2",
    )
    assert [(r["metric"], r["value"]) for r in out][:2] == [("forces", "12"), ("energy", "4")]
    assert all(r["metric"] not in ("training", "average") for r in out)


def test_sizes_of_the_models_something_works_on(nlp: Language) -> None:
    assert results(nlp, "GPTQ can quantize GPT models with 175 billion parameters.", "GPTQ") == []


def test_a_score_after_a_compared_method_and_with_is_the_subjects(nlp: Language) -> None:
    [r] = results(nlp, "On GLUE it matches RoBERTa with 88.2% accuracy.", "Tessera: An Encoder")
    assert (r["method"], r["value"]) == ("Tessera", "88.2")


def test_a_method_in_another_clause_did_not_reach_the_value(nlp: Language) -> None:
    out = results(
        nlp,
        "The first part is modeled by a BERT model, while the second part is learned with a "
        "lightweight module with only 37M parameters.",
        "Hybrid Models",
    )
    assert [(r["method"], r["value"]) for r in out] == [(None, "37")]


def test_the_measure_of_the_sentence_subject(nlp: Language) -> None:
    out = results(
        nlp,
        "The end-to-end performance of ByteTransformer surpasses frameworks such as PyTorch JIT "
        "and TensorFlow XLA by 87% and 131%, respectively.",
        "ByteTransformer: A High-Performance Transformer",
    )
    assert [(r["method"], r["metric"], r["value"], r["delta"]) for r in out] == [
        ("ByteTransformer", "end-to-end performance", "87", True),
        ("ByteTransformer", "end-to-end performance", "131", True),
    ]
    # Alone, "performance" names no measure.
    assert (
        results(nlp, "The performance of ByteTransformer beats BERT by 87%.", "ByteTransformer")
        == []
    )


def test_respectively_pairs_values_with_a_list_of_measures(nlp: Language) -> None:
    out = results(
        nlp,
        "LightM-UNet achieves superior performance while drastically reducing parameter and "
        "computation costs by 116x and 21x, respectively.",
        "LightM-UNet: Mamba Assists in Lightweight UNet",
    )
    assert [(r["metric"], r["value"]) for r in out] == [
        ("parameters", "116"),
        ("computation costs", "21"),
    ]


def test_a_fraction_of_a_measure(nlp: Language) -> None:
    out = results(
        nlp,
        "Primer uses 1/3 of the training compute to match Transformer. It keeps 3/4 of the "
        "layers and was trained on 2023/24 data.",
        "Primer: Searching for Efficient Transformers",
    )
    assert [(r["method"], r["metric"], r["value"], r["unit"]) for r in out] == [
        ("Primer", "training compute", "1/3", None)
    ]


def test_a_framework_equipped_with_a_method_reports_the_methods_value(nlp: Language) -> None:
    [r] = results(nlp, "Swin-T equipped Mask R-CNN achieves 41.5 mAP on COCO.")
    assert (r["method"], r["metric"], r["value"]) == ("Swin-T", "mAP", "41.5")


def test_a_variant_of_the_focus_keeps_its_own_name(nlp: Language) -> None:
    out = results(nlp, "We propose Swin. Our Swin-T surpasses ResNet-50 by 2.9% box AP on COCO.")
    assert [(r["method"], r["metric"], r["value"]) for r in out] == [("Swin-T", "box AP", "2.9")]


def test_a_speedup_names_the_measure_it_qualifies(nlp: Language) -> None:
    out = results(
        nlp,
        "Brainformer demonstrates 2x faster training convergence and 5x faster step time "
        "compared to GLaM. It is 3x faster than T5.",
        "Brainformers: Trading Simplicity for Efficiency",
    )
    # "3x faster" names no measure: it takes the paper's own time measure.
    assert [(r["metric"], r["value"]) for r in out] == [
        ("training convergence", "2"),
        ("step time", "5"),
        ("step time", "3"),
    ]


def test_the_papers_own_method_named_after_the_others_reached_the_value(nlp: Language) -> None:
    [r] = results(
        nlp,
        "Our experiments on language models (e.g. BERT, GPT) prove that the proposed framework "
        "reduces the computational cost by about 20%.",
    )
    assert (r["method"], r["metric"], r["value"]) == (None, "computational cost", "20")


def test_a_variant_the_recogniser_cut_short_has_no_method(nlp: Language) -> None:
    out = results(nlp, "We propose ViT-CoMer. With our ViT-CoMer-L, we get 64.3% AP on COCO.")
    assert [(r["method"], r["value"]) for r in out] == [(None, "64.3")]
    # Reaching the value makes the whole name a model, and the value its own.
    out = results(nlp, "We propose ViT-CoMer. Our ViT-CoMer-L achieves 64.3% AP on COCO.")
    assert [(r["method"], r["value"]) for r in out] == [("ViT-CoMer-L", "64.3")]


def test_a_task_setting_is_no_result(nlp: Language) -> None:
    out = results(nlp, "We reach an SSIM of 0.912 on Set5 for 4x super-resolution.")
    assert [(r["metric"], r["value"]) for r in out] == [("SSIM", "0.912")]


def test_a_score_for_a_named_method_is_its_own(nlp: Language) -> None:
    out = results(nlp, "Our agent has a success rate of 67% on ALFWorld, up from 45% for ReAct.")
    assert [(r["method"], r["value"]) for r in out] == [(None, "67"), ("ReAct", "45")]
    out = results(nlp, "QuxGAN achieves an FID of 3.21 on CIFAR-10, compared to 4.5 for StyleGAN2.")
    assert [(r["method"], r["metric"], r["value"]) for r in out] == [
        ("QuxGAN", "FID", "3.21"),
        ("StyleGAN2", "FID", "4.5"),
    ]


def test_the_variant_named_last_is_measured(nlp: Language) -> None:
    out = results(
        nlp,
        "We propose Swin. Based on our Swin models, Swin-T improves accuracy by 1.4% over DeiT.",
    )
    assert [(r["method"], r["value"]) for r in out] == [("Swin-T", "1.4")]


def test_a_benchmark_score_is_a_measure(nlp: Language) -> None:
    out = results(
        nlp,
        "FlexiBERT-Mini has 3% fewer parameters than BERT-Mini and achieves 8.9% higher GLUE "
        "score. BERT reaches a 3% higher SuperGLUE score than T5.",
    )
    assert [(r["metric"], r["value"], r["dataset"]) for r in out] == [
        ("parameters", "3", None),
        ("GLUE score", "8.9", "GLUE"),
        ("SuperGLUE score", "3", "SuperGLUE"),
    ]


def test_better_leads_a_measure(nlp: Language) -> None:
    [r] = results(nlp, "DSFormer obtains up to 40% better compression than low-rank factorizers.")
    assert (r["metric"], r["value"]) == ("compression", "40")


def test_the_metric_a_value_is_of_beats_one_after_it(nlp: Language) -> None:
    [r] = results(nlp, "ConvNeXt reaches an F1-score of 88.92% with larger parameter size.")
    assert (r["metric"], r["value"]) == ("F1-score", "88.92")


def test_a_range_of_fractions_is_one_value(nlp: Language) -> None:
    out = results(nlp, "PELA reduces the original parameter size by 1/3 to 2/3.")
    assert [(r["metric"], r["value"]) for r in out] == [("parameter size", "1/3 to 2/3")]


def test_a_top_k_rank_is_part_of_the_metric(nlp: Language) -> None:
    out = results(
        nlp,
        "ConvNeXt reaches a Top-3 accuracy of 98.82%. RMT achieves 84.1% Top1-acc on ImageNet.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [
        ("Top-3 accuracy", "98.82"),
        ("Top1-acc", "84.1"),
    ]


def test_a_zero_change_is_no_result(nlp: Language) -> None:
    out = results(nlp, "SkipViT achieves a 0% loss in top-1 accuracy and a 13% gain in throughput.")
    assert [r["value"] for r in out] == ["13"]


def test_models_the_own_method_is_applied_to_did_not_reach_the_value(nlp: Language) -> None:
    out = results(
        nlp,
        "Experiments on BERT prove that the proposed framework reduces the computational cost by "
        "20% on training BERT and up to 51.6% on training GPT-2.",
    )
    assert [(r["method"], r["value"]) for r in out] == [(None, "20"), (None, "51.6")]


def test_a_metric_named_after_the_value_before_is_not_the_next_ones(nlp: Language) -> None:
    out = results(
        nlp,
        "BERT uses 50% fewer activation parameters and 3.7% higher performance. "
        "RoBERTa reaches 45.1% top-1 accuracy and 47.2% on ImageNet.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [
        ("activation parameters", "50"),
        ("top-1 accuracy", "45.1"),
        ("top-1 accuracy", "47.2"),
    ]


def test_a_dataset_a_model_is_trained_on_is_not_the_values(nlp: Language) -> None:
    out = results(
        nlp,
        "BERT reaches 84.8% top-1 accuracy on ImageNet with only 21M parameters, being "
        "comparable to RoBERTa pretrained on CIFAR-10. Trained on the CIFAR-10 dataset, "
        "ALBERT reaches 85.2% top-1 accuracy, surpassing XLNet on ImageNet.",
    )
    assert [(r["dataset"], r["value"]) for r in out] == [
        ("ImageNet", "84.8"),
        ("ImageNet", "21"),
        ("ImageNet", "85.2"),
    ]


def test_a_change_noun_names_its_measure_after_in_before_by(nlp: Language) -> None:
    out = results(
        nlp,
        "BERT improves the F1 score on SQuAD, with a reduction in hallucination by 1.6% over "
        "the baselines.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [("hallucination", "1.6")]


def test_a_change_in_what_no_rule_names_takes_no_metric_from_before(nlp: Language) -> None:
    out = results(
        nlp,
        "RoBERTa offers better accuracy, and a 2x reduction in BERT queries needed for retrieval. "
        "It reaches 81.2% accuracy, a 10% reduction in error.",
    )
    assert [(r["metric"], r["value"]) for r in out] == [("accuracy", "81.2"), ("error", "10")]


def test_a_bare_score_after_and_names_its_own_metric(nlp: Language) -> None:
    out = results(nlp, "BERT reaches 88.25 F1 and 85.10 EM on SQuAD.")
    assert [(r["metric"], r["value"]) for r in out] == [("F1", "88.25"), ("EM", "85.10")]


def test_a_value_in_parentheses_after_a_dataset_is_that_datasets(nlp: Language) -> None:
    out = results(nlp, "BERT reaches top-1 accuracy on CIFAR-10 (97.1%) and CIFAR-100 (82.4%).")
    assert [(r["dataset"], r["value"]) for r in out] == [
        ("CIFAR-10", "97.1"),
        ("CIFAR-100", "82.4"),
    ]


def test_an_enumerator_with_no_parenthesis_open_is_no_result(nlp: Language) -> None:
    out = results(nlp, "BERT not only reaches 81.2% accuracy, but also 1) reduces memory use.")
    assert [(r["metric"], r["value"]) for r in out] == [("accuracy", "81.2")]


def test_value_people_reach_has_no_method(nlp: Language) -> None:
    out = results(nlp, "GPT-4o reaches 48.3% accuracy, while human experts achieve 91.5%.")
    assert [(r["method"], r["value"]) for r in out] == [("GPT-4o", "48.3"), (None, "91.5")]
    [r] = results(nlp, "GPT-4o reaches human-level accuracy of 91.5%.")
    assert r["method"] == "GPT-4o"


@pytest.mark.parametrize(
    ("sentence", "metric", "value"),
    [
        (
            "QuxNet attains an average improvement of 0.076 in the NDCG@10 score.",
            "NDCG@10",
            "0.076",
        ),
        ("QuxNet yields a gain of 1.2 in BLEU on WMT14.", "BLEU", "1.2"),
        ("QuxNet shows a gain of 1.84 in terms of top-1 accuracy.", "top-1 accuracy", "1.84"),
    ],
)
def test_a_change_of_a_value_in_a_metric(
    nlp: Language, sentence: str, metric: str, value: str
) -> None:
    [r] = results(nlp, sentence)
    assert (r["metric"], r["value"], r["delta"]) == (metric, value, True)


def test_a_speed_up_in_its_own_clause_is_no_earlier_metrics(nlp: Language) -> None:
    # What is sped up is a process, no measure ("test_object_of_a_process_verb_is_no_measure").
    out = results(nlp, "BarLM reduces the training cost by 35% and speeds up inference by 2.1x.")
    assert [(r["metric"], r["value"]) for r in out] == [("training cost", "35")]
    # In the passive, the measure named before the verb is what is sped up.
    [r] = results(nlp, "With BarLM, the inference speed is accelerated by 3.6x.")
    assert (r["metric"], r["value"]) == ("inference speed", "3.6")


def test_a_metric_changed_by_a_bare_value(nlp: Language) -> None:
    out = results(
        nlp,
        "HieraMix decreases the FID of the state-of-the-art method by 4.59. It also "
        "lowers the WER by 0.8 on LibriSpeech. We increase the batch size of 8 GPUs by 2.",
    )
    assert [(r["metric"], r["value"], r["delta"]) for r in out] == [
        ("FID", "4.59", True),
        ("WER", "0.8", True),
    ]


def test_a_list_of_changes_from_one_value_to_another(nlp: Language) -> None:
    out = results(
        nlp,
        "FooXL improves perplexity from 20.5 to 18.3 on WikiText-103, from 23.7 to 21.8 on "
        "One Billion Word, and from 55.3 to 54.5 on Penn Treebank.",
    )
    found = {(r["method"], r["dataset"], r["metric"], r["value"]) for r in out}
    # The value before a change is no one's the sentence names, not FooXL's.
    assert found == {
        (None, "WikiText-103", "perplexity", "20.5"),
        ("FooXL", "WikiText-103", "perplexity", "18.3"),
        (None, "One Billion Word", "perplexity", "23.7"),
        ("FooXL", "One Billion Word", "perplexity", "21.8"),
        (None, "Penn Treebank", "perplexity", "55.3"),
        ("FooXL", "Penn Treebank", "perplexity", "54.5"),
    }, found
