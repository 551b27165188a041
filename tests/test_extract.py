"""The extraction pipeline: tokenizer, components, and the records it writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kg.extract import build_pipeline, extract, load_pipeline
from kg.names import normalize
from kg.records import Extraction, Paper


def run(title: str, abstract: str) -> Extraction:
    [x] = extract([Paper("p", title, abstract)])
    return x


def entity(x: Extraction, name: str) -> tuple[str, list[str], bool]:
    [e] = [e for e in x.entities if e.name == name]
    return e.type, e.aliases, e.proposed


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("GPT-4 and Mamba2", ["GPT-4", "and", "Mamba2"]),
        ("Jamba-1.5 in 3D", ["Jamba-1.5", "in", "3D"]),
        ("2.73x faster", ["2.73", "x", "faster"]),
        ("86.18% accuracy", ["86.18", "%", "accuracy"]),
        (
            "Llama-2-7B (Touvron et al., 2023)",
            ["Llama-2-7B", "(", "Touvron", "et", "al.", ",", "2023", ")"],
        ),
        # A sentence-final period after a size or dimension is punctuation.
        ("than Falcon2 11B. It", ["than", "Falcon2", "11B", ".", "It"]),
        ("and DiT-2D.", ["and", "DiT-2D", "."]),
        # Pipes separate the columns of a table written inline.
        ("for ResNet-50|Swin-T models", ["for", "ResNet-50", "|", "Swin", "-", "T", "models"]),
    ],
)
def test_tokenizer_keeps_names_and_splits_units(text: str, tokens: list[str]) -> None:
    assert [t.text for t in load_pipeline().make_doc(text)] == tokens


def test_sentences_do_not_break_at_abbreviations() -> None:
    doc = load_pipeline()(
        "A Title\n\nAs shown by Yang et al. in 2024, e.g. on v2.0 data. Next one."
    )
    assert [s.text.strip() for s in doc.sents] == [
        "A Title",
        "As shown by Yang et al. in 2024, e.g. on v2.0 data.",
        "Next one.",
    ]


def test_acronym_definition_links_both_forms() -> None:
    x = run(
        "Hybrid Transformers for Music Source Separation",
        "In this work, we introduce Hybrid Transformer Demucs (HT Demucs), a model based on "
        "Hybrid Demucs. HT Demucs is trained on MUSDB.",
    )
    type_, aliases, proposed = entity(x, "Hybrid Transformer Demucs")
    assert (type_, aliases, proposed) == ("Method", ["HT Demucs"], True)
    assert ["Hybrid Transformer Demucs", "basedOn", "Hybrid Demucs"] in [
        [r.head, r.relation, r.tail] for r in x.relations
    ]


def test_proposed_name_from_title_and_verb() -> None:
    x = run(
        "FooNet: Fast Token Mixing for Image Classification",
        "We present FooNet, a convolutional neural network that uses self-attention. "
        "FooNet reaches 84.2% top-1 accuracy on ImageNet and outperforms ResNet-50.",
    )
    assert entity(x, "FooNet")[::2] == ("Method", True)
    relations = {(r.head, r.relation, normalize(r.tail)) for r in x.relations}
    assert ("FooNet", "outperforms", "resnet50") in relations
    assert ("FooNet", "evaluatedOn", "imagenet") in relations
    assert ("FooNet", "appliedTo", "imageclassification") in relations
    assert ("FooNet", "isA", "convolutionalneuralnetwork") in relations
    assert ("FooNet", "uses", "selfattention") in relations
    [result] = x.results
    assert (result.method, result.dataset, result.metric, result.value, result.unit) == (
        "FooNet",
        "ImageNet",
        "top-1 accuracy",
        "84.2",
        "%",
    )
    assert result.delta is False


def test_results_with_units_deltas_and_ranges() -> None:
    x = run(
        "A Study",
        "We propose BarNet. It outperforms Hybrid Demucs by 0.45 dB of SDR, reaching 9.20 dB "
        "of SDR on MUSDB. BarNet gives a speedup of 2.73x - 7.63x over GPT-4.",
    )
    got = {(r.value, r.unit, r.metric, r.delta) for r in x.results}
    assert ("0.45", "dB", "SDR", True) in got
    assert ("9.20", "dB", "SDR", False) in got
    assert ("2.73-7.63", "x", "speedup", False) in got
    assert all(r.method == "BarNet" for r in x.results)


def test_every_name_a_relation_or_result_uses_is_an_entity() -> None:
    x = run("Q", "Our model BazNet is 3.5x faster than CMT on COCO.")
    names = {e.name for e in x.entities}
    for r in x.relations:
        assert {r.head, r.tail} <= names
    for res in x.results:
        assert {res.metric, res.method, res.dataset} - {None} <= names


def test_provenance_offsets_point_at_the_mention() -> None:
    paper = Paper("p", "BERT for QA", "We fine-tune BERT on SQuAD.")
    [x] = extract([paper])
    for e in x.entities:
        for m in e.mentions:
            field = paper.title if m.field == "title" else paper.abstract
            assert field[m.start : m.end] == m.text
            assert m.text in m.sentence


def test_umbrella_words_are_not_entities() -> None:
    x = run("A Framework", "Our framework is a deep learning model and method for data.")
    assert {e.name.lower() for e in x.entities}.isdisjoint(
        {"framework", "model", "method", "deep learning", "data"}
    )


def test_extraction_round_trips_through_json() -> None:
    x = run("FooNet: A Model", "We present FooNet, reaching 84.2% accuracy on ImageNet.")
    assert Extraction.from_json(x.to_json()).to_json() == x.to_json()


def test_pipeline_saves_and_loads(tmp_path: Path) -> None:
    nlp = build_pipeline()
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == nlp.pipe_names
    text = "FooNet: A Model\n\nWe present FooNet, reaching 84.2% accuracy on ImageNet."
    assert [(e.text, e.label_) for e in loaded(text).ents] == [
        (e.text, e.label_) for e in nlp(text).ents
    ]


def test_extract_is_deterministic() -> None:
    papers = [Paper(str(i), f"Paper {i}", "We train BERT on GLUE with Adam.") for i in range(3)]
    first = [x.to_json() for x in extract(papers)]
    assert first == [x.to_json() for x in extract(papers)]


def test_naming_is_a_proposal_only_when_the_authors_propose() -> None:
    x = run(
        "On Forgetting",
        "Models lose skills, a phenomenon called Catastrophic Forgetting. In this work, we "
        "introduce a Transformer variant, named Magneto. Prior variants designed for vision, "
        "e.g., BERT, are slower.",
    )
    proposed = {e.name for e in x.entities if e.proposed}
    assert proposed == {"Magneto"}


def test_what_the_authors_name_their_own_work_is_proposed() -> None:
    x = run(
        "Temporal Structure for Vision-Language Processing",
        "Our approach, named BioViL-T, uses a CNN. We also release a novel multi-modal "
        "temporal benchmark dataset, MS-CXR-T, to measure it. Prior work, named ConVIRT, "
        "ignores time. We present a comparison between 8B-parameter Mamba, Mamba-2, and "
        "Transformer models.",
    )
    assert {e.name for e in x.entities if e.proposed} == {"BioViL-T", "MS-CXR-T"}


def test_a_name_at_the_end_of_a_sentence_ends_it() -> None:
    x = run(
        "T", "We propose an efficient hybrid ViT architecture named FMViT. This approach works."
    )
    assert entity(x, "FMViT")[::2] == ("Method", True)
    [m] = next(e for e in x.entities if e.name == "FMViT").mentions
    assert m.sentence.endswith("named FMViT.")


def test_a_name_keeps_the_type_its_context_gave_it() -> None:
    # A later mention only the compound rule sees ("Next-" + ViT) does not
    # make the proposed model an Architecture.
    x = run(
        "Next-ViT: Next Generation Vision Transformer",
        "Next-ViT beats ResNet. On TensorRT, Next-ViT is fast.",
    )
    assert entity(x, "Next-ViT")[0] == "Method"
    # A task after "for" is what a model is for.
    x = run("T", "We propose Transformer for Hand Gesture Recognition (TraHGR), a model.")
    assert entity(x, "Transformer for Hand Gesture Recognition")[0] == "Method"


def test_an_unlisted_name_that_reaches_a_value_is_a_model() -> None:
    # Nobody listed "ZapLM"; reaching a perplexity says it is a model, and
    # the result is its own, first word of the abstract or not.
    x = run("T", "ZapLM reaches a perplexity of 18.3 on WikiText-103.")
    assert entity(x, "ZapLM")[0] == "Method"
    [r] = x.results
    assert (r.method, r.metric, r.value) == ("ZapLM", "perplexity", "18.3")
    x = run("T", "On COCO, BarNet reduces the error by 3.2%. We study the errors.")
    assert entity(x, "BarNet")[0] == "Method"


def test_parts_named_in_title_case_are_architectures() -> None:
    x = run(
        "FooNet for Segmentation",
        "We propose FooNet, which consists of a Dual Attention Block and a Global-Local "
        "Context Mixer. It runs on a Field-Programmable Gate Array.",
    )
    assert entity(x, "Dual Attention Block")[0] == "Architecture"
    assert entity(x, "Global-Local Context Mixer")[0] == "Architecture"
    assert not [e for e in x.entities if "Gate" in e.name]
    found = {(r.head, r.relation, r.tail) for r in x.relations}
    assert ("FooNet", "uses", "Dual Attention Block") in found
    # The part the title names is the paper's contribution: a Method.
    x = run("Sparse Window Attention for Long Videos", "We study Sparse Window Attention.")
    assert entity(x, "Sparse Window Attention")[0] == "Method"


def test_names_joined_by_a_slash_or_a_pipe_are_each_a_model() -> None:
    x = run(
        "T",
        "QuxNet surpasses the baselines DeiT-B/ResMLP-B24 by 0.3%/1.1% accuracy. "
        "It reaches 75.1%|82.0% top-1 accuracy for MobileNet-V1|ConvNeXt-T students.",
    )
    names = {e.name for e in x.entities if e.type == "Method"}
    assert {"DeiT-B", "ResMLP-B24", "MobileNet-V1", "ConvNeXt-T"} <= names
    found = {(r.head, r.relation, r.tail) for r in x.relations}
    assert {("QuxNet", "outperforms", "DeiT-B"), ("QuxNet", "outperforms", "ResMLP-B24")} <= found
    # A slash before a number is part of the name: patch size 16.
    x = run("T", "We compare QuxNet with ViT-B/16 on ImageNet.")
    assert "ViT-B/16" in {e.name for e in x.entities}


def test_a_word_listed_beside_known_models_is_a_model() -> None:
    x = run(
        "T",
        "We evaluate twelve models. In particular, Quibble, Swin-Transformer and "
        "TransUNet came out as the best performers. Only BERT and Flubber remain.",
    )
    methods = {e.name for e in x.entities if e.type == "Method"}
    # A known model glued to a family's name is that model's full name.
    assert {"Quibble", "Swin-Transformer", "TransUNet"} <= methods
    # One known model beside it is not enough to tell.
    assert "Flubber" not in methods


def test_a_measures_short_form_is_an_alias_of_it() -> None:
    x = run("T", "FooNet reaches 82.9% Top-1 accuracy on ImageNet. FooNet-S reaches 72.3 Top-1.")
    metrics = [e for e in x.entities if e.type == "Metric"]
    assert [(e.name, e.aliases) for e in metrics] == [("Top-1 accuracy", ["Top-1"])]
    assert {r.metric for r in x.results} == {"Top-1 accuracy"}
    # Beside two measures it may stand for, it is neither.
    x = run("T", "It has 82.9% Top-1 accuracy and 17.1% Top-1 error. FooNet-S reaches 72.3 Top-1.")
    assert "Top-1" in {e.name for e in x.entities}


def test_glued_bracket_defines_an_acronym() -> None:
    x = run("T", "In this work, we propose Factorized Transformer(FactFormer), a model.")
    assert entity(x, "Factorized Transformer") == ("Method", ["FactFormer"], True)


@pytest.fixture(scope="module")
def rules_only() -> spacy.language.Language:
    """The rules without the recogniser: what each rule finds on its own."""
    return build_pipeline(trained=False)


def ents(nlp: spacy.language.Language, text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in nlp(text).ents}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # A word that is a metric only where the text measures with it.
        ("It has 21.5M parameters.", ("parameters", "Metric"), None),
        ("We freeze the parameters of the backbone.", None, ("parameters", "Metric")),
        ("At only 24.9 M trainable parameters, it wins.", ("trainable parameters", "Metric"), None),
        ("We first recall the basics of attention.", None, ("recall", "Metric")),
        ("It uses low-precision activations.", None, ("precision", "Metric")),
        ("It reaches higher top-1 accuracies.", ("top-1 accuracies", "Metric"), None),
        # A list member of a metric is a measure too, down the list.
        (
            "Over-parameterization hurts both accuracy and inference efficiency.",
            ("inference efficiency", "Metric"),
            None,
        ),
        (
            "It has the best trade-off between accuracy, model size and memory cost.",
            ("memory cost", "Metric"),
            None,
        ),
        ("Inference efficiency matters in deployment.", None, ("Inference efficiency", "Metric")),
        # "in terms of" and "trade-off between" say their items are measures.
        (
            "It wins in terms of validity, reliability and improved stability.",
            ("stability", "Metric"),
            ("improved stability", "Metric"),
        ),
        ("It is better in terms of CIFAR-10 decoding time.", ("decoding time", "Metric"), None),
        ("It is compared in terms of both time and space.", None, ("time", "Metric")),
        ("It is smaller in terms of model size.", ("model size", "Metric"), ("size", "Metric")),
        ("It has a good trade-off between speed and quality.", ("quality", "Metric"), None),
        # A benchmark before "score" stays a Dataset: the results component
        # names the measure ("GLUE score") and needs the benchmark as the
        # dataset. A phase's metric is a metric of its own.
        ("It reaches an 8.9% higher GLUE score.", ("GLUE", "Dataset"), ("GLUE score", "Metric")),
        ("It reaches 84% finetuning accuracy.", ("finetuning accuracy", "Metric"), None),
        ("It cuts the computation time by half.", ("computation time", "Metric"), None),
        # A compression is named by the known part it acts on or its precision.
        (
            "We add self-attention distillation.",
            ("self-attention distillation", "Method"),
            ("self-attention", "Architecture"),
        ),
        ("It allows full INT8 quantization.", ("INT8 quantization", "Method"), None),
        (
            "We find that BERT distillation helps.",
            ("BERT", "Method"),
            ("BERT distillation", "Method"),
        ),
        ("Vision Transformer Pruning", None, ("Vision Transformer Pruning", "Method")),
        # Sizes and versions make a specific model, a Method.
        ("It quantizes LLaMA-13B to 4 bits.", ("LLaMA-13B", "Method"), None),
        ("We test GPT-2 and Llama-3.2-1B.", ("Llama-3.2-1B", "Method"), None),
        (
            "We tune Llama-3-8B-Instruct.",
            ("Llama-3-8B-Instruct", "Method"),
            ("Llama-3-8B", "Method"),
        ),
        ("We compare BERT-base with it.", ("BERT-base", "Method"), None),
        ("We distil Swin-T into it.", ("Swin-T", "Method"), None),
        ("We start from MoCo v2 weights.", ("MoCo v2", "Method"), None),
        ("Primer beats GPT-3 XL in one-shot accuracy.", ("GPT-3 XL", "Method"), None),
        ("EfficientVMamba-S surpasses it by 5.6%.", ("EfficientVMamba-S", "Method"), None),
        ("It beats MobileViT-XXS by 1.8%.", ("MobileViT-XXS", "Method"), ("MobileViT", "Method")),
        # A name-like glued part makes a release of the known model, a word
        # or a second known name does not.
        ("Our LLaVA-NeXT-34B wins.", ("LLaVA-NeXT-34B", "Method"), ("LLaVA", "Method")),
        ("We mix Transformer-Mamba2 layers.", ("Mamba2", "Architecture"), None),
        ("It fuses Multi-Head Attention-CMHA.", None, ("Multi-Head Attention-CMHA", "Method")),
        # Standard names the lexicon lists, in the case papers write them.
        ("It has a Top-3 accuracy of 98.8%.", ("Top-3 accuracy", "Metric"), ("Top-3", "Method")),
        ("We explain it with GRAD-CAM and LIME.", ("GRAD-CAM", "Method"), ("GRAD", "Method")),
        ("We pretrain on ImageNet-21k first.", ("ImageNet-21k", "Dataset"), None),
        # An edition or split glued after a known dataset is a dataset of its
        # own; a word that says how the dataset was used is not.
        ("We evaluate on MMMU-Pro.", ("MMMU-Pro", "Dataset"), ("MMMU", "Dataset")),
        ("Results on COCO-Stuff improve.", ("COCO-Stuff", "Dataset"), None),
        ("We use MS-COCO for training.", ("MS-COCO", "Dataset"), ("COCO", "Dataset")),
        ("We start from ImageNet-Pretrained weights.", ("ImageNet", "Dataset"), None),
        # A new model's sizes are named after it.
        ("We propose FooNet. FooNet-7B wins.", ("FooNet-7B", "Method"), None),
        ("We propose FooNet. Our FooNet-Large wins.", ("FooNet-Large", "Method"), None),
        # As for a known model, a second known name after the hyphen is none.
        (
            "We propose FooNet. We mix FooNet-Mamba2 blocks.",
            ("Mamba2", "Architecture"),
            ("FooNet-Mamba2", "Method"),
        ),
        # What a model is evaluated on is data, whatever the recogniser
        # guessed, unless a model noun ends the list.
        ("We evaluate it on MathVista and MMMU.", ("MathVista", "Dataset"), None),
        ("It beats GPT-4 on Zorblat.", ("Zorblat", "Dataset"), None),
        ("Experiments on BERT, ROBERTa, and GPT-2 models help.", ("ROBERTa", "Method"), None),
        # Hardware is none of the five types.
        ("It surpasses LLaMA on NVIDIA GPUs.", None, ("NVIDIA", "Method")),
        # The next sentence's benchmark says nothing of a proposed name.
        (
            "We propose FooNet. On the GLUE benchmark, FooNet wins.",
            ("FooNet", "Method"),
            ("FooNet", "Dataset"),
        ),
        ("We propose GasHis-Transformer, a model.", ("GasHis-Transformer", "Method"), None),
        # "-based" describes what a thing is built on: the name is the entity.
        ("Unlike CNN-based detectors, it is fast.", ("CNN", "Architecture"), None),
        # A field's acronym the lexicon lists is kept.
        ("Transformers changed NLP.", ("NLP", "Task"), None),
        # A generic acronym's expansion is as generic, unless the lexicon lists it.
        ("It reaches a new State-of-the-Art (SOTA) result.", None, ("State-of-the-Art", "Method")),
        (
            "It helps Natural Language Processing (NLP).",
            ("Natural Language Processing", "Task"),
            None,
        ),
        # A proposed block is typed by its head word, not as a model.
        (
            "We introduce a Convolutional Fusion Block (CFB) for mixing.",
            ("Convolutional Fusion Block", "Architecture"),
            None,
        ),
        # New benchmarks look like new models: their context says they are data.
        (
            "We evaluate it on three benchmark datasets: KINS, COCOA-cls, and D2SA.",
            ("COCOA-cls", "Dataset"),
            ("COCOA", "Dataset"),
        ),
        ("It leads on three benchmarks (Human3.6M and HumanEva).", ("HumanEva", "Dataset"), None),
        ("It gains +6.87% on iNat 2019 over DeiT.", ("iNat 2019", "Dataset"), None),
        ("It reaches 90% on the DB2 dataset and 85% on DB2-B.", ("DB2-B", "Dataset"), None),
        ("It runs 2x faster on Xeon servers.", None, ("Xeon", "Dataset")),
        # What a model is evaluated on is data, unless the next word makes it hardware.
        ("We validate its generalizability on Frobland.", ("Frobland", "Dataset"), None),
        ("It is tested on Xeon servers.", None, ("Xeon", "Dataset")),
        (
            "Evaluated on Frobland and Zorp, SlimZap keeps its accuracy.",
            ("Zorp", "Dataset"),
            ("SlimZap", "Dataset"),
        ),
        # A name nothing knows is a dataset when a dataset noun follows it; a
        # name of several words is one name.
        ("We test it on the Zorblat dataset.", ("Zorblat", "Dataset"), None),
        ("It tops the Wibble and Wobble-2 benchmarks.", ("Wibble", "Dataset"), None),
        ("Extensive benchmarks show gains.", None, ("Extensive", "Dataset")),
        ("It wins on the Galaxy10 DECals dataset.", ("Galaxy10 DECals", "Dataset"), None),
        ("It wins on the Galaxy10 DECals dataset.", None, ("DECals", "Dataset")),
        (
            "On the MoisesDB dataset, Banquet, at only 25M parameters, wins.",
            None,
            ("Banquet", "Dataset"),
        ),
        ("It helps common-sense reasoning.", ("common-sense reasoning", "Task"), None),
        ("It is a step for robot learning.", ("robot learning", "Task"), None),
        # A hyphenated prefix of a known task names its kind.
        ("It helps long-sequence modeling.", ("long-sequence modeling", "Task"), None),
        (
            "It excels at text-to-speech synthesis.",
            ("text-to-speech synthesis", "Task"),
            ("text-to-speech", "Task"),
        ),
        # Title case capitalises the kind modifier.
        (
            "We study Long-Video Question Answering.",
            ("Long-Video Question Answering", "Task"),
            ("Video Question Answering", "Task"),
        ),
        # A verb before a task is not part of its name.
        (
            "Transformers can solve non-linear regression tasks.",
            ("non-linear regression", "Task"),
            ("solve non-linear regression", "Task"),
        ),
        # A lexicon name matches with hyphens for spaces and back; a metric's
        # hyphenated words are an adjective.
        ("It removes skip-connections.", ("skip-connections", "Architecture"), None),
        ("It uses self attention layers.", ("self attention", "Architecture"), None),
        ("It cuts inference-time computation.", None, ("inference-time", "Metric")),
        # A list that a model noun opens names models, capitalised words one name.
        ("It beats baselines such as Zorp and Quux.", ("Zorp", "Method"), None),
        ("Recent models (e.g. Wibble Net, Zorp) fail.", ("Wibble Net", "Method"), None),
        ("It beats methods such as linear attention.", None, ("linear attention", "Method")),
        # Fine-tuning is named by its verb forms too.
        ("The fine-tuned model closes the gap.", ("fine-tuned", "Method"), None),
        # Nor is a lab that releases models, or an equation.
        ("We cover models such as OpenAI's GPT-4 and Meta's Llama.", None, ("OpenAI", "Method")),
        ("Scalable Transformer for PDE Surrogate Modeling", None, ("PDE", "Method")),
        # A device a model is timed on is none of the five types.
        ("It has 1.6 ms latency on iPhone 12.", None, ("iPhone", "Dataset")),
        # "pretraining" alone is a stage of every model, not a technique.
        ("The model needs pretraining on text.", None, ("pretraining", "Method")),
        # A numeral that counts the items of a list names none of them.
        (
            "It is best on (I) grounding, (II) report generation and (IV) retrieval.",
            ("report generation", "Task"),
            ("II", "Method"),
        ),
    ],
)
def test_entity_rules(
    text: str, present: tuple[str, str] | None, absent: tuple[str, str] | None
) -> None:
    found = ents(load_pipeline(), "A Title\n\n" + text)
    assert present is None or present in found
    assert absent is None or absent not in found


@pytest.mark.parametrize(
    ("text", "compound"),
    [
        ("We apply class-wise pruning to it.", ("class-wise pruning", "Method")),
        ("It relies on global self-attention.", ("global self-attention", "Architecture")),
        ("It uses self-distillation.", ("self-distillation", "Method")),
        ("It cuts the training FLOPs.", ("training FLOPs", "Metric")),
        ("It does per-pixel binary classification.", ("per-pixel binary classification", "Task")),
    ],
)
def test_a_kind_modifier_makes_a_compound(
    rules_only: spacy.language.Language, text: str, compound: tuple[str, str]
) -> None:
    assert compound in ents(rules_only, "A Title\n\n" + text)


@pytest.mark.parametrize(
    "text",
    [
        "We improve the vanilla ViT.",
        "It is easy to train ViTs.",
        "It outperforms existing Transformers.",
        "How Transformers learn is unclear.",
    ],
)
def test_judging_words_and_verbs_make_no_compound(
    rules_only: spacy.language.Language, text: str
) -> None:
    found = ents(rules_only, "A Title\n\n" + text)
    assert [name for name, label in found if label == "Architecture" and " " in name] == []


@pytest.mark.parametrize(
    ("title", "text", "tasks"),
    [
        # A list that a task noun introduces names tasks, bare words included.
        (
            "A Title",
            "It beats LSTMs on simple algorithmic tasks such as sorting and copying.",
            {"sorting", "copying"},
        ),
        (
            "A Title",
            "It helps several tasks -- image classification, detection and segmentation "
            "with fewer FLOPs.",
            {"image classification", "detection", "segmentation"},
        ),
        # Ingestion writes "--" as an en dash.
        (
            "A Title",
            "It helps several tasks \u2013 image classification, detection and segmentation.",
            {"detection", "segmentation"},
        ),
        (
            "A Title",
            "Transformers serve many applications, including robotics, medicine and "
            "protein design.",
            {"robotics", "medicine", "protein design"},
        ),
        # ... and so does a coordination before "tasks" (two words at least).
        (
            "A Title",
            "We evaluate it on question answering and text similarity tasks.",
            {"question answering", "text similarity"},
        ),
        # What a model is "for", in a title's capitals too, less judging words.
        (
            "Deformable Transformers for Remote Sensing Change Detection",
            "We design a model for efficient crop type classification.",
            {"Remote Sensing Change Detection", "crop type classification"},
        ),
        (
            "A Title",
            "We tackle the problem of multi-object pose estimation.",
            {"multi-object pose estimation"},
        ),
        # A task coordinated with a known one is a task too.
        (
            "A Title",
            "It drove advances in computer vision and wibble forecasting analysis.",
            {"wibble forecasting analysis"},
        ),
        (
            "A Title",
            "It wins on object detection, frobnication and zorp estimation.",
            {"frobnication", "zorp estimation"},
        ),
        # A modifier coordinated before a task shares its head: one task.
        (
            "A Title",
            "Diffusion models dominate image and video generation.",
            {"image and video generation"},
        ),
        # A dimension is a kind ("6D object detection").
        (
            "Implicit Orientation Learning for 6D Object Detection",
            "We study 6D pose estimation.",
            {"6D Object Detection", "6D pose estimation"},
        ),
        # A task word after a benchmark is the task it is run on.
        (
            "A Title",
            "It gains 5.5 mAP on COCO detection and 7.7% mIoU on ADE20K segmentation.",
            {"detection", "segmentation"},
        ),
    ],
)
def test_task_contexts_name_tasks(title: str, text: str, tasks: set[str]) -> None:
    found = {name for name, label in ents(load_pipeline(), f"{title}\n\n{text}") if label == "Task"}
    assert tasks <= found


@pytest.mark.parametrize(
    ("text", "not_tasks"),
    [
        # Modalities and judging words are no tasks, whatever the list.
        ("It gains on natural language and high-level vision tasks.", {"natural language"}),
        ("It suits domains such as text, audio and video.", {"text", "audio", "video"}),
        ("It faces challenges such as lack of interpretability.", {"lack"}),
        ("We build models for efficient image classification.", {"efficient image classification"}),
        # A named shared task is no list of tasks.
        ("We enter SemEval Task 8: Multilingual Text Detection.", {"Multilingual"}),
        # Coordinated clauses are no list of tasks.
        (
            "It helps computer vision, and speech recognition demonstrates that it works.",
            {"speech recognition demonstrates"},
        ),
        # Two tasks, or a gerund's task, are no shared head.
        (
            "It helps object detection and image segmentation, copying or in-context learning.",
            {"detection and image segmentation", "copying or in-context learning"},
        ),
    ],
)
def test_task_contexts_leave_out_non_tasks(text: str, not_tasks: set[str]) -> None:
    found = {name for name, label in ents(load_pipeline(), "A Title\n\n" + text)}
    assert not (not_tasks & found)


@pytest.mark.parametrize(
    ("text", "glued"),
    [
        ("It adds sliding-window attention.", ["sliding-window attention"]),
        # A prefix that negates or names a part of its own makes no kind.
        ("Unlike non-transformer models, it wins.", []),
        ("It is a convolution-transformer hybrid.", []),
    ],
)
def test_a_hyphenated_prefix_names_a_kind(text: str, glued: list[str]) -> None:
    from kg.extract.entities import _glued_prefixes
    from kg.extract.lexicon import SPAN_KEY

    doc = load_pipeline()(text)
    assert [s.text for s in _glued_prefixes(doc, list(doc.spans[SPAN_KEY]))] == glued


@pytest.mark.parametrize(
    ("text", "label", "kept"),
    [
        ("amodal completion", "Task", True),
        ("DeepNet", "Method", True),
        # A bare word or a title's capitalised wording is mostly generic.
        ("classification", "Task", False),
        ("Mathematical Modeling", "Task", False),
        ("search", "Method", False),
    ],
)
def test_what_the_recogniser_may_add_alone(text: str, label: str, kept: bool) -> None:
    from spacy.tokens import Span

    from kg.extract.entities import _model_may_add

    doc = load_pipeline().make_doc(text)
    assert _model_may_add(Span(doc, 0, len(doc), label=label)) is kept


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # A lower-case hyphenated prefix is part of the name the recogniser cut.
        ("high-resolution image understanding", 0),
        ("pre-conditioned GD", 0),
        ("discrete-only VAR tokenizer", 0),
        # A capitalised prefix is another name.
        ("CNN-ViT hybrids", 2),
    ],
)
def test_a_name_starts_where_its_hyphenated_word_does(text: str, start: int) -> None:
    from kg.extract.entities import _glued_start

    doc = load_pipeline().make_doc(text)
    cut = next(i for i, t in enumerate(doc) if i > 0 and doc[i - 1].text == "-")
    assert _glued_start(doc, cut) == start


def test_a_technique_named_in_lower_case() -> None:
    x = run(
        "T",
        "We propose a novel training regime, called self-guided training, aimed at stability. "
        "NLP tasks including named entity recognition are hard.",
    )
    assert entity(x, "self-guided training")[::2] == ("Method", True)


def test_a_modifier_the_acronym_does_not_spell_is_no_part_of_the_name() -> None:
    x = run(
        "T",
        "We compare with the latest generative Large Language Models (LLMs), such as "
        "ChatGPT, which rely on decoders, and with pre-trained language models (PLMs).",
    )
    assert entity(x, "Large Language Models")[:2] == ("Method", ["LLMs"])
    assert entity(x, "pre-trained language models")[1] == ["PLMs"]
    assert ["ChatGPT", "isA", "Large Language Models"] in [
        [r.head, r.relation, r.tail] for r in x.relations
    ]


def test_an_acronym_with_a_digit_has_its_long_form() -> None:
    x = run("T", "The model stacks a Depthwise Dilated Block (D2B) after each stage.")
    assert entity(x, "Depthwise Dilated Block")[:2] == ("Architecture", ["D2B"])


def test_an_acronym_means_what_the_paper_defines() -> None:
    # The lexicon reads MAE as mean absolute error; this paper defines it.
    x = run(
        "ConvMAE",
        "Masked Autoencoders (MAE) scale well. ConvMAE-Base improves ImageNet-1K finetuning "
        "accuracy by 1.4% compared with MAE-Base.",
    )
    assert entity(x, "Masked Autoencoders")[:2] == ("Method", ["MAE"])
    assert "Metric" not in {e.type for e in x.entities if "MAE" in [e.name, *e.aliases]}
    assert ["MAE-Base", "isA", "Masked Autoencoders"] in [
        [r.head, r.relation, r.tail] for r in x.relations
    ]
    # Where the paper defines it as the lexicon does, the lexicon's reading stands.
    x = run("T", "It lowers the mean absolute error (MAE) by 12% on ETTh1. MAE drops further.")
    assert entity(x, "mean absolute error")[:2] == ("Metric", ["MAE"])


def test_a_split_of_a_dataset_is_no_dataset() -> None:
    x = run(
        "T",
        "Notably, our ViT-CoMer-L achieves 64.3% AP on COCO val2017 without extra training "
        "data, and 62.1% mIoU on ADE20K val. It also reaches 55.1 AP on COCO test-dev.",
    )
    assert {e.name for e in x.entities if e.type == "Dataset"} == {"COCO", "ADE20K"}
    assert {(r.dataset, r.value) for r in x.results} == {
        ("COCO", "64.3"),
        ("ADE20K", "62.1"),
        ("COCO", "55.1"),
    }


def test_what_a_name_is_called_beats_its_last_word() -> None:
    # "Matching" usually ends a task; "a new approach" says this one is a method.
    x = run(
        "Distillation through Flow Consistency Matching",
        "We present Flow Consistency Matching (FCM), a new approach to distilling diffusion "
        "models. FCM reaches an FID of 2.1 on CIFAR10.",
    )
    assert entity(x, "Flow Consistency Matching") == ("Method", ["FCM"], True)
    assert ["Flow Consistency Matching", "evaluatedWith", "FID"] in [
        [r.head, r.relation, r.tail] for r in x.relations
    ]
    x = run("T", "We introduce Dense Pose Matching (DPM), a challenging new task for robots.")
    assert entity(x, "Dense Pose Matching")[0] == "Task"


def test_the_noun_a_name_is_given_to_says_what_it_is() -> None:
    x = run(
        "T",
        "We open-source the pretraining dataset, which we call Quokka-2, used to train "
        "our models. We also design a new optimizer that we refer to as FooOpt.",
    )
    assert entity(x, "Quokka-2") == ("Dataset", [], True)
    assert entity(x, "FooOpt") == ("Method", [], True)


def test_a_suite_of_models_is_a_model_family() -> None:
    x = run(
        "T",
        "We present the Quokka3 series, a suite of 1.2B and 7.4B parameter hybrid models. "
        "We also release Koala-Bench, a suite of 12 reasoning tasks.",
    )
    assert entity(x, "Quokka3") == ("Method", [], True)
    assert entity(x, "Koala-Bench")[0] == "Dataset"


def test_a_title_naming_a_benchmark_makes_a_dataset() -> None:
    x = run(
        "HySAS: A Hyperspectral Image Architecture Search Benchmark and Analysis",
        "We propose HySAS, the first benchmark on architecture search for hyperspectral images.",
    )
    assert entity(x, "HySAS") == ("Dataset", [], True)
    x = run("FooViT: A Fast Hybrid Vision Transformer using Reparameterization", "FooViT is fast.")
    assert entity(x, "FooViT")[0] == "Method"


def test_a_metric_the_authors_introduce_by_name() -> None:
    x = run(
        "T",
        "First, we introduce a new importance detection metric, Block Salience (BS), to find "
        "which block matters. Pruning by BS keeps 95% of the accuracy.",
    )
    assert entity(x, "Block Salience") == ("Metric", ["BS"], True)


def test_a_colon_after_a_proposed_noun_opens_its_name() -> None:
    x = run(
        "T",
        "In this paper, we propose a novel model: Deep Taste Network (DTN) which learns user "
        "interests from past clicks.",
    )
    assert entity(x, "Deep Taste Network") == ("Method", ["DTN"], True)


def test_a_name_the_authors_give_may_start_in_lower_case() -> None:
    x = run("T", "This leads to a new tuning paradigm we call muShift: tune a small proxy first.")
    assert entity(x, "muShift") == ("Method", [], True)


def test_we_call_our_model_names_it() -> None:
    x = run("T", "We call our model Folded Recurrent Transformer (FoRT), a compact vision design.")
    assert entity(x, "Folded Recurrent Transformer") == ("Method", ["FoRT"], True)


def test_a_name_in_words_closing_an_apposition_is_proposed() -> None:
    x = run(
        "T",
        "We propose a new pooling strategy, Cross-Layer Gated Pooling, which mixes all hidden "
        "layers.",
    )
    assert entity(x, "Cross-Layer Gated Pooling") == ("Method", [], True)


def test_a_family_with_its_number_of_layers_is_a_kind_of_it() -> None:
    x = run(
        "T", "Transformers are everywhere. We prove that a two-layer Transformer can sort lists."
    )
    assert entity(x, "two-layer Transformer")[0] == "Architecture"
    assert ["two-layer Transformer", "isA", "Transformers"] in [
        [r.head, r.relation, r.tail] for r in x.relations
    ]


def test_a_modifier_ending_in_s_need_not_be_a_plural() -> None:
    x = run(
        "T",
        "FooNet reaches the state of the art on image restoration tasks, including image "
        "deraining, defocus deblurring and image denoising, and on robustness evaluation tasks.",
    )
    tasks = {e.name for e in x.entities if e.type == "Task"}
    assert {"defocus deblurring", "robustness evaluation"} <= tasks, tasks


def test_reasoning_planning_and_navigation_end_task_names() -> None:
    x = run(
        "T",
        "Next-token predictors struggle with long-term planning, which is evident in maze "
        "navigation and in multi-hop reasoning. Such models could help in clinical diagnosis "
        "and in single-image dehazing.",
    )
    tasks = {e.name for e in x.entities if e.type == "Task"}
    expected = {"long-term planning", "maze navigation", "multi-hop reasoning"}
    assert expected | {"clinical diagnosis", "single-image dehazing"} <= tasks, tasks


def test_a_name_the_recogniser_cuts_at_a_hyphen_goes_on() -> None:
    from spacy.tokens import Span

    from kg.extract.entities import _model_spans

    doc = load_pipeline().make_doc("It beats Microsoft DeepSpeed-Inference and Fast-VTrans today.")
    cut = [t.i for t in doc if t.text == "-"]
    doc.ents = [
        Span(doc, 2, cut[0] + 1, label="Method"),  # "Microsoft DeepSpeed-"
        Span(doc, cut[1] - 1, cut[1] + 1, label="Task"),  # "Fast-"
    ]
    found = [(s.text, s.label_) for s in _model_spans(doc, []) if s.label_]
    assert found == [("Microsoft DeepSpeed-Inference", "Method"), ("Fast-VTrans", "Method")]


def test_a_size_in_a_name_makes_a_model() -> None:
    x = run("T", "The Quokka2 series builds upon our initial work with Quokka1-7B and its recipe.")
    assert entity(x, "Quokka1-7B")[0] == "Method"


def test_a_name_ending_in_bench_is_a_benchmark() -> None:
    x = run(
        "T",
        "It ranks architectures well on the MBConv space and on NATS-Quux-Bench size search "
        "space, and FooCast reaches the best skill on WeatherQuux 2 and on ClimBench 2.",
    )
    datasets = {e.name for e in x.entities if e.type == "Dataset"}
    assert {"NATS-Quux-Bench", "ClimBench 2"} <= datasets, datasets


@pytest.mark.parametrize(
    ("title", "proposed"),
    [
        ("Deformable Quux Networks", "Deformable Quux Networks"),
        ("Part-based R-CNNs for Fine-grained Category Detection", "Part-based R-CNNs"),
        ("Structural Zorp Encoders for AMR-to-text Generation", "Structural Zorp Encoders"),
        # A family the lexicon knows, a gerund or an article opens no name.
        ("Vision Transformers for Dense Prediction", None),
        ("Parallelizing Linear Transformers with the Delta Rule", None),
        ("A Hybrid Model for Traffic Incident Detection", None),
        ("Quuxable Transformers: Removing Outliers", None),
        # A version is part of the name before a title's colon.
        ("Quuxia v0.1: the Winning Entry to the VQA Challenge 2018", "Quuxia v0.1"),
    ],
)
def test_a_title_that_names_a_model_names_the_paper_s_own(title: str, proposed: str | None) -> None:
    x = run(title, "It reaches 71.8% accuracy on MNIST, better than before.")
    found = [e.name for e in x.entities if e.proposed]
    assert found == ([proposed] if proposed else []), found
    if proposed:
        assert entity(x, proposed)[0] == "Method"


def test_standard_metrics_in_their_usual_spelling() -> None:
    x = run("T", "FooLM reaches 0.99 bpc on enwik8, and FooGEC a GLEU of 61.3 and a TER of 0.4.")
    metrics = {e.name for e in x.entities if e.type == "Metric"}
    assert {"bpc", "GLEU", "TER"} <= metrics, metrics


def test_a_known_dataset_s_name_may_go_on_before_the_dataset_noun() -> None:
    x = run("T", "FooLM reaches 1.169 bits-per-character on the Penn Treebank Character dataset.")
    datasets = {e.name for e in x.entities if e.type == "Dataset"}
    assert datasets == {"Penn Treebank Character"}, datasets


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        ("We propose an image cascade network (ICNet) with branches.", "image cascade network"),
        ("Here we introduce the quux attention module (QAM) for ResNet.", "quux attention module"),
        ("Our Past Decode Regularization (PDR) method helps.", "Past Decode Regularization"),
        ("We fix it by introducing the Quux Parser Network (QPN).", "Quux Parser Network"),
        # A name the authors give their models in brackets.
        ("When trained on ImageNet, our models (BigQuux) reach 91% accuracy.", "BigQuux"),
        # Not what the authors use or did before.
        ("We use a zorp recurrent network (ZRN) as encoder.", None),
        ("Our previous quux network (QN) was slow.", None),
    ],
)
def test_a_short_form_the_authors_define_for_their_work_is_proposed(
    abstract: str, name: str | None
) -> None:
    x = run("A Study of Things", abstract)
    proposed = [e.name for e in x.entities if e.proposed]
    assert proposed == ([name] if name else []), proposed
