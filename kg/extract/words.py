"""Closed word classes that several rules read.

Kept in one place so that "what counts as a comparison" or "what refers
back to the paper's own method" means the same in every component.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# Words by which an abstract refers to its own contribution: "we", "our
# model", "it", "the proposed method".
ANAPHORS = frozenset("we our it its this proposed".split())
# The stricter ones, which name the paper's own work and never another's
# ("it" may be anything).
OWN_WORDS = frozenset("we our proposed".split())
# Nouns by which the authors name their own work: "the model", "our
# framework", "we call our model X".
OWN_NOUNS = frozenset("model network framework method approach system architecture".split())


# What may come before the subject of a sentence or of its opening clause.
_SUBJECT_LEADS = frozenset(
    "although though while whereas since because as when if recently however , the a an".split()
)


def refers_to_own(lowers: Sequence[str], start: int, end: int, names: Iterable[int]) -> bool:
    """Whether the lower-cased words of a sentence, from its `start` to
    `end`, refer to the paper's own work: "we", "our", "proposed" always;
    "it", "its", "this" unless the sentence or its opening clause has a
    name (starting at one of `names`) for subject, which they then refer to
    ("UNet and its variants", "Although ViT has achieved success in vision,
    it ..."). A name inside an opening phrase is no subject: in "Used as the
    backbone of Mask R-CNN, it reaches 47.1 mAP", "it" is the paper's model."""
    subjects = [n for n in names if all(lowers[k] in _SUBJECT_LEADS for k in range(start, n))]
    first_subject = min(subjects, default=end)
    for k in range(start, end):
        if lowers[k] in OWN_WORDS or (lowers[k] in ANAPHORS and first_subject >= k):
            return True
    return False


# What joins the items of a list: "KINS, COCOA-cls, and D2SA".
LIST_SEPARATORS = frozenset(", and or".split())

# Words that compare one method with another ("X outperforms Y", "faster
# than Y", "Y vs. X").
COMPARISONS = frozenset(
    "than outperforms outperform outperforming outperformed surpasses surpass surpassing "
    "beats beat exceeds improves over versus vs. against".split()
)

# Comparatives that make a following "than"/"compared to"/"over" a claim that
# one method beats another ("4.2% better top-1 accuracy than X", "improves
# accuracy by 0.9 points over X", "superior performance compared to X",
# "1.9x speedup over X").
COMPARATIVES = frozenset(
    "better higher faster lower fewer smaller stronger superior greater improves improved "
    "improving improvement improvements outperforms outperform outperforming gain gains "
    "speedup speedups reduction reductions".split()
)

# Verbs whose subject reaches the value that follows them ("FooNet achieves
# 84.2%").
REPORTING_VERBS = frozenset(
    "achieves achieve achieved achieving obtains obtain obtained obtaining reaches reach "
    "reached reaching attains attain attained attaining gets get scores yields delivers "
    "shows show showing demonstrates".split()
)

# Verbs whose object is a measure that changes by the value after "by".
CHANGE_VERBS = frozenset(
    "reduce reduces reduced reducing lower lowers lowered lowering cut cuts cutting decrease "
    "decreases decreased decreasing improve improves improved improving increase increases "
    "increased increasing boost boosts boosted boosting raise raises raised raising".split()
)

# Nouns that name a collection of data used to test something ("a benchmark
# for T", "T datasets such as X").
BENCHMARK_NOUNS = frozenset(
    "benchmark benchmarks dataset datasets corpus corpora suite testbed testbeds".split()
)

# Words that make a nearby "parameters", "precision" or "model size" a
# measure being reported or compared ("fewer parameters", "reduce the model
# size", "at the same latency"), beside numbers.
MEASURE_CUES = COMPARATIVES | frozenset(
    "reduce reduces reduced reducing reduction increase increases increased increasing "
    "decrease decreases decreased saving savings save saves same comparable similar "
    "competitive terms trade-off tradeoff vs vs. versus %".split()
)

# Verbs of research prose in their base form, which a rule without a
# part-of-speech tagger would otherwise read as modifiers ("to train ViTs",
# "we design Transformers").
VERBS = frozenset(
    "train tune fine-tune deploy design predict study leverage outperform underperform apply "
    "use employ adopt replace combine compare evaluate prune compress accelerate improve "
    "enhance scale extend integrate explore investigate analyze analyse propose introduce "
    "present build develop learn make help enable allow require match exceed surpass beat "
    "achieve reach reduce increase provide show demonstrate find consider adapt convert "
    "engineer reverse-engineer empower advance address minimize optimize maximize solve tackle "
    "perform".split()
)

# Phases of a model's life that qualify a metric ("training FLOPs", "serving
# latency", "test accuracy").
PHASES = frozenset(
    "training train inference serving decoding prefilling test testing validation downstream "
    "forecast hardware peak run-time wall-clock end-to-end zero-shot few-shot fine-tuning "
    "finetuning pre-training pretraining".split()
)

# Software, hardware, devices and the labs that release models, which papers
# name beside models: none of the five entity types
# (kg/extract/lexicons/README.md).
SOFTWARE = frozenset(
    "PyTorch TensorFlow JAX Keras TensorRT CoreML ONNX XLA JIT CUDA cuDNN Triton OpenVINO "
    "FPGA FPGAs ASIC ASICs NPU NPUs "
    # Hardware makers and chips: "on NVIDIA GPUs", "an A100".
    "NVIDIA Nvidia AMD Intel Qualcomm Snapdragon Jetson A100 H100 V100 A6000 RTX Ascend "
    # Devices a model is timed on: "1.6 ms latency on iPhone 12".
    "iPhone iPad Pixel Android Raspberry "
    # The labs that release models: "OpenAI's GPT-4", "models from Google".
    "OpenAI Google DeepMind Microsoft Meta Anthropic HuggingFace".split()
)

# The forms of "to be": before a participle they make a passive ("X is
# applied", "the speed is accelerated").
BE = frozenset("is are was were be been being".split())
