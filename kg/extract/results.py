"""Reported results: numbers the abstract gives as the value of a metric.

"achieves 9.20 dB of SDR on MUSDB", "an accuracy of 86.18%", "outperforms X
by 0.45 dB", "a speedup of 2.73x - 7.63x". Each becomes a `ResultSpan` on
`doc._.results`, tied to the nearest metric, the dataset it was measured on,
and the method that reached it.

A sentence's values are read in order. Values in a list ("72.3, 75.8 and
79.4 Top-1") share the metric named after the list, and "respectively" pairs
them with a list of datasets or metrics. A measure the entity recogniser
missed is named by the words after the value ("12,041x less search cost")
or before "of" ("a logarithmic-loss of 0.507"); a value with no metric of
its own takes that of the value before it. Counts, sizes and years are not
results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract import extensions  # noqa: F401  (registers the Doc extensions)
from kg.extract.fast import sentences, span_text, view
from kg.extract.heads import type_from_head
from kg.extract.words import (
    ANAPHORS,
    BE,
    CHANGE_VERBS,
    COMPARISONS,
    LIST_SEPARATORS,
    OWN_WORDS,
    REPORTING_VERBS,
    refers_to_own,
)

# LaTeX writes a percent sign as \%, common in abstracts taken from arXiv.
# Time units make a number a measured value too, though ANNOTATION.md keeps
# no unit for them ("1.6 ms inference latency": value "1.6", unit null).
# Counts may be spelled out or in giga: "16.3 million parameters", "4.5G FLOPs".
_UNIT = (
    r"\\?%|percentage points?|dB|x|X|×|times|M|B|K|G|million|billion|pp|points?|pts"
    r"|ms|mus|µs|μs|us|s|sec|hours?"
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # "12,041"
_FRACTION = r"\d{1,2}/\d{1,3}"
_ZERO = re.compile(r"0+(?:\.0+)?")
VALUE = re.compile(
    # Not part of a word, a version or a power ("GPT-4", "v2.0", "10^23").
    # A fraction of a whole is a value too: "uses 1/3 of the training
    # compute"; so is a range of fractions, kept as written ("by 1/3 to 2/3").
    rf"(?<![\w.\-^])(?P<sign>[+]?)(?P<value>{_FRACTION}(?=\s+of\b)"
    rf"|{_FRACTION}\s+to\s+{_FRACTION}(?!\w|/)|{_NUMBER})"
    # A standard deviation before the unit belongs to the value: "98+-2%",
    # "81.3 ± 0.4 dB" report 98% and 81.3 dB.
    rf"(?:\s?(?:±|\+-|\+/-)\s?(?:{_NUMBER})(?=\s?(?:{_UNIT})))?"
    rf"\s?(?P<unit>{_UNIT})?"
    # A range: "2.73-7.63x", "2 to 3", "10~30%".
    rf"(?:\s?(?P<range>-|–|—|to|~)\s?(?P<value2>{_NUMBER})\s?(?P<unit2>{_UNIT})?)?"
    # Nor the start of a compound or a power ("4-bit", "3-layer", "10^23").
    rf"(?!\w|\.\d|\^|-[A-Za-z])"
)
_UNITS = {
    "%": "%",
    "\\%": "%",
    "dB": "dB",
    "x": "x",
    "X": "x",
    "×": "x",
    "times": "x",
    "M": "M",
    "B": "B",
    "K": "K",
    "million": "M",
    "billion": "B",
    "G": "B",  # giga: "4.5G FLOPs" is 4.5B FLOPs
    "pp": "%",
    "percentage point": "%",
    "percentage points": "%",
}
# Written after a number, these say it is a score, though not which unit
# ANNOTATION.md gives it: "by 0.9 points", "+2.1 pts".
_SCORE_WORDS = frozenset("point points pt pts ms mus µs μs us s sec hour hours".split())
# A lower-case word, maybe hyphenated: "search", "top-1", "run-time".
_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# An acronym inside a measure's name: "GPU memory", "KV cache size".
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,4}")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMERIC = re.compile(r"[+]?\d")
# What may stand between the values of a list: "72.3, 75.8, and 79.4",
# "75.15%|82.03%", "2.7%/6.3%", "116x and 21x".
_LIST_SEPARATOR = re.compile(r"\s*[,|/]?\s*(?:(?:and|or)\s+)?")
_COUNT_UNITS = frozenset("M B K".split())
# Metrics whose values are counts: "310M FLOPs", "7B parameters".
# (Not tokens: "trained on 300B tokens" sizes the data.)
_COUNT_METRICS = ("param", "flop", "mac", "size")
_DELTA_BEFORE = frozenset("by improvement improvements gain gains increase boost +".split())
_DELTA_AFTER = frozenset(
    "higher better improvement gain gains increase faster lower fewer less more reduction "
    "speedup boost smaller cheaper decrement drop reductions decrease".split()
)
# Words between "of" and its value: "a reduction of up to 28.9x".
_CONTINUE_CHARS = 60
_DETERMINERS = frozenset("a an the its their our".split())
# Words that praise or qualify a measure without naming it: "a maximum
# speedup of 4.48x", "a significant improvement of 17.73%".
_QUALIFYING = frozenset(
    "maximum minimum total overall significant substantial considerable notable remarkable "
    "comparative additional superior highest lowest best original".split()
)
# Words after "on" that say where, not what, a value was measured.
_NOT_ON = frozenset(
    "average par top benchmarks benchmark tasks task domains domain hardware devices device gpu "
    "gpus cpu cpus edge mobile".split()
)
_ON_ENDS = frozenset(", . ; : ) and or with while whereas compared than over at".split())
# A Metric entity that only says another one got worse: "accuracy loss".
_DEGRADATIONS = frozenset("loss drop degradation".split())
# Words that make a count small on purpose: "with only 37M parameters".
_MODEST = frozenset("only merely just".split())
_QUALIFIERS = frozenset("up to only about around nearly approximately roughly over".split())
# Words before a model the paper's method is applied to ("on training BERT").
_APPLIED = frozenset("training fine-tuning finetuning".split())
_SPEED_WORDS = frozenset("faster speedup speed-up slower".split())
# A metric is about speed when its name has one of these words.
_SPEED_METRICS = ("latency", "speed", "throughput", "time", "runtime")
_TIME_UNITS = frozenset("ms mus µs μs us s sec hour hours".split())
# Metrics a time may be the value of: "1.6 ms inference latency", "a
# training cost of 10 GPU hours".
_TIME_METRICS = (*_SPEED_METRICS, "cost", "hour", "delay", "duration", "overhead")
# Measures the lexicon may not know are named by the words right after a
# value: "7.988x compression", "saving 90% of parameters", "12,041x less
# search cost". Words that may come first and are not part of the name:
_COMPARATIVES = frozenset(
    "smaller lower fewer less higher larger more deeper wider shallower longer shorter".split()
)
_MEASURE_LEAD = (
    frozenset("of the its their absolute relative better worse".split())
    | _COMPARATIVES
    | _QUALIFYING
)
# Words that end the name: closed-class words, comparisons, speed words.
_MEASURE_STOPS = (
    frozenset(
        "a an the this that these those its their our of on in at for to from by with without "
        "under into across within between per via as vs vs. versus compared while whereas which "
        "who when where using used respectively is are was were be been being has have had can "
        "could may will would also only both each all any such up down and or but not no more "
        "less fewer lower higher smaller larger better worse slower consisting consist "
        "composed made relative absolute pm after before during through since until among "
        "toward towards beyond upon".split()
    )
    | COMPARISONS
    | _SPEED_WORDS
)
# How a measure changed is not part of its name: "a 73% energy reduction".
_CHANGE_NOUNS = frozenset(
    "reduction reductions improvement improvements gain gains increase increases decrease "
    "decreases boost decrement decrements".split()
)
# Nouns after a value that say what was counted or sized, not what was
# measured: "a 3x larger model", "10% labeled data", "higher performance".
_NOT_MEASURES = frozenset(
    "model models method methods baseline baselines data dataset datasets set sets "
    "samples examples image images token tokens layer layers step steps epoch epochs "
    "case cases gpus users tasks languages prompts queries questions problems instances "
    "documents sentences words papers errors values margin factor resolution thousand million "
    "billion trillion pixels level levels labels annotations weights heads neurons patches frames "
    "classes channels filters experts "
    # What a score is for, not what it measures: "81% lesion segmentation".
    "segmentation detection classification generation recognition translation".split()
)
# Alone, too vague to be a measure ("2% higher performance"); "performance
# drop" is one.
_VAGUE = frozenset({"performance"})
# Hyperparameters: their values are chosen, not reached ("a masking rate of
# 15%"); a measure named so is no result.
_SETTINGS = re.compile(
    r"(?:(?:learning|masking|mask|dropout|drop[- ]path) (?:rate|ratio)s?|batch sizes?|dropout"
    r"|weight decay|momentum|warm-?up|temperature|beam (?:size|width)|(?:context|sequence) lengths?"
    r")$",
    re.IGNORECASE,
)
_MEASURE_MAX_TOKENS = 6
# A measure's usual name where the text uses another form: "5.1x parameter
# reduction".
_MEASURE_NOUNS = {"parameter": "parameters", "accurate": "accuracy"}
# Words that end the phrase saying whose metric a verb changed: "reduces
# the WER of the baseline by 2.1", not "... of the baseline on X by".
_WHOSE_BREAKS = _MEASURE_STOPS - {"of", "the", "a", "an", "its", "their", "our"}
_METRIC_WINDOW_BEFORE = 12
_METRIC_WINDOW_AFTER = 8  # "83.3% (vs. 80.8%) in top-1 accuracy"
_METRIC_NEAR_AFTER = 4
# A metric after a value is not its own once the text moves on to another
# item: "reduces MSE by 12.4% and MAE by 8.9%".
_AFTER_BREAKS = frozenset(", ; and or by while whereas".split())
# A metric before a value is not its own across a contrasting clause:
# "reduces MACs by half, while achieving 3.0% improvement".
_BEFORE_BREAKS = frozenset("; while whereas".split())
_TRAINED = frozenset("trained pretrained pre-trained pretraining pre-training training".split())
# A bare number ("88.96", no unit) is a metric value only right next to its
# metric ("F1 of 88.96", "88.96 F1"); further away it is usually a count.
_BARE_WINDOW = 3
# Words that may follow a bare metric value; any other word makes it a count
# ("a 64 by 64 grid", "17736 labeled images", "4 models").
_BARE_FOLLOWERS = frozenset(
    "on in at and or with for vs. vs versus compared over while than when which respectively "
    "across using without from to after under of , . ; : ( ) [ ] %".split()
)
# How likely a result is right, by the evidence for it: a value with its unit
# and a metric named nearby ("unit"), a bare number next to its metric
# ("bare"), a value whose metric is that of the value before it in the
# sentence ("inherited": "beating the state of the art by 4.62%"), a measure
# named by the words around the value ("measure": "7.988x compression", "a
# model size reduction of 28.9x") or a speed-up with no metric named
# ("no_metric").
# Precision per kind measured on kg/training/annotations/train-{a..e}.jsonl
# (100 papers, shipped pipeline), add-one smoothed as (tp + 1) / (n + 2)
# since some kinds have only a handful: unit 48/58, bare 5/12, inherited
# 20/21, measure 21/26, no_metric 0/1. (On dev + examples/gold.jsonl: unit
# 37/41, bare 8/8, inherited 6/7, measure 1/1.) Most misses left are a
# method or metric entity the recogniser names differently, or a value the
# annotators left out, not a wrong number.
CONFIDENCE = {"unit": 0.82, "bare": 0.43, "inherited": 0.91, "measure": 0.79, "no_metric": 0.33}


@dataclass(frozen=True, slots=True)
class ResultSpan:
    value: str
    unit: str | None
    metric: Span | None  # None for speed-ups and measures the lexicon lacks
    metric_name: str
    dataset: Span | None
    method: Span | None
    delta: bool
    sentence: Span
    start_char: int
    end_char: int
    confidence: float

    def measure_mention(self, doc: Doc) -> Span | None:
        """Where the result names its measure only as a common noun ("3.7x
        smaller size"), the value stands as the measure's mention; None
        where an entity names it or nothing does."""
        if self.metric is not None or not self.metric_name:
            return None
        return doc.char_span(self.start_char, self.end_char, alignment_mode="expand")


def _ents_of(sent: Span, label: str) -> list[Span]:
    return [e for e in sent.ents if e.label_ == label]


def _inside_entity(doc: Doc, start: int, end: int) -> bool:
    return any(e.start_char < end and start < e.end_char for e in doc.ents)


def _between(doc: Doc, start: int, end: int) -> list[str]:
    """The lower-cased tokens of doc[start:end] outside parentheses that open
    and close there: "by 2.5% (83.3% vs. 80.8%) in top-1 accuracy" has "in"
    between the value and its metric."""
    words: list[str] = []
    depth = 0
    for token in doc[start:end]:
        if token.text in "([" and token.text:
            depth += 1
        elif token.text in ")]" and token.text and depth:
            depth -= 1
        elif not depth:
            words.append(token.lower_)
    if depth:  # a parenthesis opened but not closed here: count all
        return [t.lower_ for t in doc[start:end]]
    return words


def _nearest_metric(doc: Doc, first: int, last: int, metrics: list[Span]) -> Span | None:
    """The metric a value at doc[first:last + 1] reports, if any is in reach."""
    before = []
    for m in metrics:
        if m.end <= first:
            gap = _between(doc, m.end, first)
            if len(gap) <= _METRIC_WINDOW_BEFORE and not set(gap) & _BEFORE_BREAKS:
                before.append(m)
    after = []
    for m in metrics:
        if m.start > last:
            gap = _between(doc, last + 1, m.start)
            if (
                len(gap) < _METRIC_WINDOW_AFTER
                and not set(gap) & _AFTER_BREAKS
                # "1.7% higher performance with 50% fewer parameters": the
                # metric after the next value is that value's.
                and not any(_NUMERIC.match(w) for w in gap)
            ):
                after.append((len(gap), m))
    # "an F1-score of 88.92% with larger parameter size": the metric the
    # value is "of" is its own, whatever follows.
    if before and _between(doc, before[-1].end, first) == ["of"]:
        return before[-1]
    # "4.2% better top-1 accuracy": a metric just after the value is its own.
    if after and (after[0][0] < _METRIC_NEAR_AFTER or not before):
        return after[0][1]
    return before[-1] if before else None


def _adjacent(doc: Doc, metric: Span, first: int, last: int) -> bool:
    if metric.end <= first:
        return len(_between(doc, metric.end, first)) <= _BARE_WINDOW
    return len(_between(doc, last + 1, metric.start)) <= _BARE_WINDOW - 1


def _is_delta(doc: Doc, first: int, last: int, sign: str) -> bool:
    before = {t.lower_ for t in doc[max(first - 3, 0) : first]}
    after = {t.lower_ for t in doc[last + 1 : last + 4]}
    return bool(sign) or bool(before & _DELTA_BEFORE) or bool(after & _DELTA_AFTER)


def _focus_forms(doc: Doc) -> frozenset[str]:
    """The focus's surface forms, with a short form written in parentheses
    right after it that acronym detection missed ("Tokens-To-Token Vision
    Transformer (T2T-ViT)")."""
    forms = set(doc._.focus_forms)
    for ent in doc.ents:
        if ent.text in forms and ent.end + 2 < len(doc) and doc[ent.end].text == "(":
            short = doc[ent.end + 1].ent_iob_ == "B" and next(
                (e for e in doc.ents if e.start == ent.end + 1), None
            )
            if short and short.end < len(doc) and doc[short.end].text == ")":
                forms.add(short.text)
    return frozenset(forms)


def _compared(doc: Doc, method: Span) -> bool:
    """Whether a method is the object of a comparison ("than X", "to X",
    "over X", "outperforms X"): the value is not its own."""
    previous = {t.lower_ for t in doc[max(method.start - 2, 0) : method.start]}
    return bool(previous & (COMPARISONS | {"to", "with", "over"}))


_HUMANS = frozenset("humans annotators people".split())
# "human experts score 89%", unlike "human-level accuracy" or "human evaluation".
_HUMAN_ROLES = frozenset("experts annotators raters participants performance baseline".split())


def _by_humans(doc: Doc, start: int, end: int) -> bool:
    return any(
        t.lower_ in _HUMANS
        or (t.lower_ == "human" and t.i + 1 < end and doc[t.i + 1].lower_ in _HUMAN_ROLES)
        for t in doc[start:end]
    )


def _method_for(doc: Doc, sent: Span, token_i: int) -> Span | None:
    methods = [m for m in _ents_of(sent, "Method") if m.end <= token_i]
    # "while humans achieve 91.5%": people, not a method, reached the value.
    since = methods[-1].end if methods else sent.start
    if _by_humans(doc, since, token_i):
        return None
    previous = doc[token_i - 1].lower_ if token_i > 0 else ""
    if previous in {"vs.", "vs", "versus"}:
        # "(83.3% vs. 80.8%)": the second value belongs to the compared method.
        compared = _compared_method(doc, sent, token_i)
        if compared is not None:
            return compared
        after_trigger = [m for m in methods if m.start > sent.start + 1]
        if len(after_trigger) >= 2:
            return after_trigger[-1]
    if _parenthesised_after(doc, methods, token_i):
        return methods[-1]  # "surpassing ConvNeXt-T (82.1%)"
    subject = _subject(doc, methods, token_i)
    if subject is not None:
        return subject
    focus: Span | None = doc._.focus
    if focus is not None and focus.label_ == "Method":
        forms = {f.lower() for f in _focus_forms(doc)}
        mentioned = [m for m in methods if m.text.lower() in forms or _variant_of(m, forms)]
        # "Based on our ConvMAE models, ConvMAE-Base improves ... by 1.4%":
        # the variant is the one measured.
        variants = [m for m in mentioned if _variant_of(m, forms)]
        if variants:
            return variants[-1]
        if mentioned:
            return None if _cut_short(doc, mentioned[0]) else mentioned[0]
        lowers = view(doc).lowers
        if not methods or refers_to_own(lowers, sent.start, token_i, (m.start for m in methods)):
            return focus
        # The focus named where the entity recogniser missed it: "based on
        # PVTv2-B0, Ecoformer achieves 73%".
        text = doc[sent.start : token_i].text.lower()
        if any(re.search(rf"\b{re.escape(f)}\b", text) for f in forms if len(f) > 2):
            return focus
    if not methods:
        return None
    # "Our experiments on ... (e.g. DeiT) prove that the proposed framework
    # reduces the cost by 20%": the paper's own method, named after every
    # other one, reached the value; it is the focus, or unknown (null).
    # Models it is then applied to do not count: "the proposed framework
    # reduces the cost by 20% on training BERT/GPT-Base models and up to
    # 51.6% on training BERT-Large".
    actors = [m for m in methods if not _applied_to(doc, m)]
    if actors and {t.lower_ for t in doc[actors[-1].end : token_i]} & OWN_WORDS:
        return focus if focus is not None and focus.label_ == "Method" else None
    # "improves the accuracy of Mistral 7B by 9.2 points": the value is the
    # named method's.
    for m in reversed(methods):
        if (
            m.start >= 2
            and doc[m.start - 1].lower_ == "of"
            and doc[m.start - 2].ent_type_ == "Metric"
        ):
            return m
    # "A outperforms B by 2%": the value is A's; "A reaches 61%, B 24%": each
    # value belongs to the method just before it; "A with comparable size to
    # B reaches 83.3%": B is only compared.
    # A method the sentence compares with anywhere ("... ONNX Runtime and
    # PyTorch, and demonstrate 37x speedup over ONNX Runtime") is not the
    # one that reached the value: null rather than a guess.
    others = {m.text for m in _ents_of(sent, "Method") if _compared(doc, m)}
    words = {t.lower_ for t in doc[methods[0].end : token_i]}
    if words & COMPARISONS and methods[0].text not in others:
        return methods[0]
    # A method in another clause did not reach the value: in "X is modeled
    # by an AR model, while Y is learned with a module with only 37M
    # parameters" the count is not the AR model's (null rather than a guess).
    own = [
        m
        for m in methods
        if m.text not in others and not set(_between(doc, m.end, token_i)) & _BEFORE_BREAKS
    ]
    # A name beats a lower-case technique: in "MLM-U training is 4x more
    # sample efficient" the value is MLM-U's, not "training"'s.
    named = [m for m in own if not m.text.islower()]
    return (named or own)[-1] if own else None


def _scored_for(doc: Doc, sent: Span, after: int) -> Span | None:
    """The method named right after a score with "for": "up from 45% for
    ReAct", "compared to 4.5 for StyleGAN2"."""
    if after + 1 >= sent.end or doc[after].lower_ != "for":
        return None
    head = doc[after + 1]
    if head.ent_iob_ != "B" or head.ent_type_ != "Method":
        return None
    return next((m for m in _ents_of(sent, "Method") if m.start == head.i), None)


def _applied_to(doc: Doc, method: Span) -> bool:
    """Whether a method is one the reported method is applied to: "on
    training BERT/GPT-Base models", "when fine-tuning LLaMA"."""
    return bool({t.lower_ for t in doc[max(method.start - 3, 0) : method.start]} & _APPLIED)


def _cut_short(doc: Doc, method: Span) -> bool:
    """Whether a mention ends inside a hyphenated word ("ViT-CoMer" in
    "ViT-CoMer-L"): the value is the variant's, which no entity names, so
    the method is unknown rather than the base model."""
    end = method.end
    return (
        end + 1 < len(doc)
        and not doc[end - 1].whitespace_
        and doc[end].text == "-"
        and not doc[end].whitespace_
        and (doc[end + 1].is_alpha or doc[end + 1].like_num)
    )


def _variant_of(method: Span, forms: set[str]) -> bool:
    """Whether a method names a variant of the focus ("EfficientViT-M5",
    "ConvMAE-Base" for EfficientViT, ConvMAE): the value is the variant's,
    the name the text ties it to."""
    text = method.text.lower()
    return any(text.startswith(f + "-") and len(text) > len(f) + 1 for f in forms if f)


def _parenthesised_after(doc: Doc, methods: list[Span], token_i: int) -> bool:
    """Whether the value at `token_i` opens a parenthesis right after the
    last method, and that parenthesis is not a comparison: "ConvNeXt-T
    (82.1%)", not "comparable to MobileOne (78.5% vs. 75.9%)"."""
    if not methods or methods[-1].end != token_i - 1 or doc[token_i - 1].text != "(":
        return False
    inside = []
    for token in doc[token_i : token_i + _METRIC_WINDOW_BEFORE]:
        if token.text == ")":
            break
        inside.append(token.lower_)
    return not {"vs", "vs.", "versus"} & set(inside)


def _subject(doc: Doc, methods: list[Span], token_i: int) -> Span | None:
    """The method that is the subject of the verb reporting a value at
    `token_i`: "Our fastest model, EfficientFormer-L1, achieves 79.2%",
    "based on PVTv2-B0, EcoFormer achieves 73%"; the nearest method before
    the value when a reporting verb follows it ("BossNet-T achieves 82.5%,
    surpassing EfficientNet by 2.4%": BossNet-T's, both)."""
    own = [m for m in methods if not _compared(doc, m)]
    if not own:
        return None
    method = own[-1]
    j = method.end
    while j < token_i and doc[j].text in {",", ")"}:
        j += 1
    if j >= token_i or doc[j].lower_ not in REPORTING_VERBS:
        return None
    return _equipping(doc, method) or method


def _equipping(doc: Doc, method: Span) -> Span | None:
    """The method a framework is equipped with, named before it: in
    "EMOv2-5M equipped RetinaNet achieves 41.5 mAP" the value measures
    EMOv2-5M (the paper's backbone), not the RetinaNet detector."""
    k = method.start - 1
    if k < 1 or doc[k].lower_ not in {"equipped", "powered"}:
        return None
    k -= int(view(doc).glued_hyphen(k - 1))  # "EMOv2-equipped RetinaNet"
    return next((e for e in doc.ents if e.end == k and e.label_ == "Method"), None)


def _dataset_for(doc: Doc, sent: Span, first: int, last: int) -> Span | None:
    datasets = _ents_of(sent, "Dataset")
    # A value is measured on the data a model is tested on, not trained on:
    # "Trained on ImageNet-21k, X reaches 85.2%, surpassing Y on ImageNet-1k".
    tested = [d for d in datasets if not _trained_on(doc, d)]
    datasets = tested or datasets
    # A dataset after the value is its own unless another value comes first:
    # "improves GLUE accuracy by 0.9 points and reaches 48.7% on MMLU".
    end = _paren_end(sent, last + 1)
    after = [
        d
        for d in datasets
        if d.start >= end and not any(_NUMERIC.match(w) for w in _between(doc, end, d.start))
    ]
    before = [d for d in datasets if d.end <= first]
    # "on CIFAR-10 (4.62% error) and CIFAR-100": a value in parentheses
    # right after a dataset is that dataset's.
    opener = _opener(sent, first)
    if opener is not None and before and before[-1].end == opener:
        return before[-1]
    return after[0] if after else (before[-1] if before else None)


def _opener(sent: Span, i: int) -> int | None:
    """The index of the parenthesis that doc[i] is inside, if any."""
    depth = 0
    for k in range(i - 1, sent.start - 1, -1):
        text = sent.doc[k].text
        if text == ")":
            depth += 1
        elif text == "(":
            if not depth:
                return k
            depth -= 1
    return None


def _trained_on(doc: Doc, dataset: Span) -> bool:
    """Whether a dataset is named as training data: "pretrained on
    ImageNet-21k", "trained on the C4 corpus"."""
    k = dataset.start - 1
    if k > 0 and doc[k].lower_ in _DETERMINERS:
        k -= 1
    return k > 0 and doc[k].lower_ == "on" and doc[k - 1].lower_ in _TRAINED


def _paren_end(sent: Span, i: int) -> int:
    """The index after the parenthesis that doc[i] is inside, else i: the
    other side of "(83.3% vs. 80.8%)" is part of the same statement."""
    depth = 0
    for token in sent.doc[sent.start : i]:
        depth += {"(": 1, ")": -1}.get(token.text, 0)
    if depth <= 0:
        return i
    for token in sent.doc[i : sent.end]:
        depth += {"(": 1, ")": -1}.get(token.text, 0)
        if depth == 0:
            return token.i + 1
    return i


_SPEED_UP = frozenset("speed speeds speeding sped".split())


def _sped_up(doc: Doc, start: int, first: int) -> bool:
    """Whether an active verb of speed takes the value at doc[first] after
    "by": "accelerating fine-tuning by up to 2.2x", "speeds up inference by
    3x" (`start` is the sentence's start); not the passive, whose subject is
    the measure sped up ("the inference speed is accelerated by 3.6x")."""
    j = first
    while j > start and doc[j - 1].lower_ in _QUALIFIERS:
        j -= 1
    if j <= start or doc[j - 1].lower_ != "by":
        return False
    verbs = [
        t.i
        for t in doc[max(j - 5, start) : j - 1]
        if t.lower_.startswith("accelerat")
        or (t.lower_ in _SPEED_UP and doc[t.i + 1].lower_ == "up")
    ]
    return bool(verbs) and doc[verbs[-1] - 1].lower_ not in BE


def _speed_metric(doc: Doc, sent: Span, last: int) -> tuple[Span | None, str]:
    """The metric a "2x faster" is about: the measure after "in terms of"
    ("2x faster in terms of GPU training hours"), a speed metric named later
    in the sentence ("8x faster ... at inference time"), else the paper's
    first."""
    words = [t.lower_ for t in doc[last + 2 : last + 5]]
    if words == ["in", "terms", "of"]:
        measure = _measure_after(doc, last + 5, sent.end, True)
        if measure is not None:
            return None, measure
    if last + 1 < len(doc) and doc[last + 1].lower_ == "faster":
        # "2x faster training convergence and 5x faster step time": the
        # measure is the words the speed-up qualifies.
        measure = _measure_after(doc, last + 2, sent.end, True)
        if measure is not None:
            return None, measure
    later = [e for e in _ents_of(sent, "Metric") if e.start > last]
    for ent in later + list(doc.ents):
        if ent.label_ == "Metric" and any(w in ent.text.lower() for w in _SPEED_METRICS):
            return ent, ent.text
    return None, "speedup"


def _is_count(doc: Doc, first: int, last: int, text: str, match: re.Match[str]) -> bool:
    """Numbers that are not results: enumerators "(2)", sizes "64 by 64"
    (not "ResNet-50 by 2.4%"), parts of names "iPhone 12", years, settings
    of a task "4x super-resolution"."""
    before = text[: match.start()].rstrip()
    after = text[match.end() :].lstrip()
    if (
        (before.endswith("(") or before.count("(") <= before.count(")"))
        and after.startswith(")")
        and "." not in match["value"]
        and not _written_unit(match)  # "(2)" enumerates; "(2-3X)", "(82%)" report
    ):
        return True  # so does "1)" with no parenthesis open: "but also 1) prevents"
    if re.match(r"(?:by|x|×)\s*\d", after) or re.search(
        r"(?<![\w.\-])\d+(?:\.\d+)?\s*(?:by|x|×)$", before
    ):
        return True
    if not match["unit"] and not match["value2"] and _YEAR.fullmatch(match["value"]):
        return True  # "since its debut in 2017"
    if re.search(r"(?:\bpm|±)$", before):
        return True  # "96.00% pm 0.48%": a standard deviation
    if (
        _UNITS.get(_written_unit(match)) in {"x", None}
        and last + 1 < len(doc)
        and doc[last + 1].ent_iob_ == "B"
        and doc[last + 1].ent_type_ == "Task"
    ):
        return True  # "for 4x super-resolution" sets the task; "81% lesion segmentation" scores it
    previous = doc[first - 1] if first > 0 else None
    return bool(
        not match["unit"]
        and previous is not None
        and previous.is_alpha
        and any(c.isupper() for c in previous.text)
        and previous.ent_type_ != "Metric"
        and previous.whitespace_
    )


def _values(match: re.Match[str], text: str) -> list[tuple[str, int, int]]:
    """The values a match reports, with their character offsets in `text`:
    one for "2.73-7.63x" (a range), two for "from 2.11 to 0.30" (before and
    after a change)."""
    if match["value2"] and re.search(r"\bfrom\s*$", text[: match.start()]):
        return [
            (match["value"], match.start("value"), match.end("value")),
            (match["value2"], match.start("value2"), match.end()),
        ]
    # A tilde is kept as written ("10~30"): the scorer reads dashes alike,
    # not a tilde as a dash.
    joint = "~" if match["range"] == "~" else "-"
    value = match["value"] + (f"{joint}{match['value2']}" if match["value2"] else "")
    return [(value, match.start(), match.end())]


def _written_unit(match: re.Match[str]) -> str:
    return match["unit2"] or match["unit"] or ""


def _lists(matches: list[re.Match[str]], text: str) -> list[tuple[int, int]]:
    """For each value, the indices of the first and last value of the list it
    is in: "72.3, 75.8, and 79.4 Top-1", "by 116x and 21x", "75.15%|82.03%".
    The members of a list share the metric named after it. A value with
    another unit ends a list ("1.6 ms, 74.7% top-1")."""
    ends = list(range(len(matches)))
    for i in range(len(matches) - 2, -1, -1):
        here, nxt = matches[i], matches[i + 1]
        joined = _LIST_SEPARATOR.fullmatch(text, here.end(), nxt.start())
        unit, next_unit = _written_unit(here), _written_unit(nxt)
        # A number without a unit takes the next one's only across "and":
        # "75.8 and 79.4%", not "a score of 61.4, 2.3 points higher".
        if joined and (unit == next_unit or (not unit and re.search(r"\b(?:and|or)\b", joined[0]))):
            ends[i] = ends[i + 1]
    starts = list(range(len(matches)))
    for i in range(1, len(matches)):
        if ends[i - 1] == ends[i]:
            starts[i] = starts[i - 1]
    return list(zip(starts, ends, strict=True))


def _respective(doc: Doc, k: int, n: int, ents: list[Span], first: int, last: int) -> Span | None:
    """The entity that the k-th of a list's n values (at doc[first:last + 1])
    is paired with by "respectively": "0.78 and 0.76 on MBConv and
    NATS-Bench, respectively"; None unless n entities of the type form a
    list ("MSE and MAE", "DB2 (49 gestures), DB2-B (17 gestures)") on one
    side of the values."""
    after = [e for e in ents if e.start > last]
    before = [e for e in ents if e.end <= first]
    # The nearest list of n on either side: the first after, the last before.
    for side, step in ((after, 1), (before, -1)):
        # An acronym in parentheses is the entity before it again.
        side = [e for e in side if e.start == 0 or doc[e.start - 1].text != "("]
        for j in range(len(side) - n + 1)[::step]:
            run = side[j : j + n]
            if all(set(_between(doc, a.end, b.start)) <= LIST_SEPARATORS for a, b in pairwise(run)):
                return run[k]
    return None


def find_in_sentence(doc: Doc, sent: Span) -> list[ResultSpan]:
    results: list[ResultSpan] = []
    text = span_text(sent)
    matches = list(VALUE.finditer(text))
    if not matches:
        return results
    metrics = _ents_of(sent, "Metric")
    lists = _lists(matches, text)
    respectively = "respectively" in text
    for i, match in enumerate(matches):
        start = sent.start_char + match.start()
        end = sent.start_char + match.end()
        if _inside_entity(doc, start, end):
            continue  # "GPT-4", "CIFAR-10", "Top-1"
        head, tail = lists[i]
        span = doc.char_span(start, end, alignment_mode="expand")
        members = doc.char_span(
            sent.start_char + matches[head].start(),
            sent.start_char + matches[tail].end(),
            alignment_mode="expand",
        )
        if span is None or members is None:
            continue
        first, last = span.start, span.end - 1
        if _is_count(doc, first, last, text, match):
            continue
        # "72.3, 75.8 and 79.4%": the unit written last is the list's.
        written = _written_unit(match) or _written_unit(matches[tail])
        unit = _UNITS.get(written)
        # "surpasses EMO-5M by +2.6": a signed number is a change in a score.
        fraction = "/" in match["value"]  # a fraction "of" a whole is a proportion
        scored = unit is not None or written in _SCORE_WORDS or bool(match["sign"]) or fraction
        following = [t for t in doc[span.end : span.end + 3]]
        next_words = {t.lower_ for t in following[:2]}
        metric = _nearest_metric(doc, first, members.end - 1, metrics)
        if metric is not None and metric.end <= first:
            if unit not in _COUNT_UNITS and any(
                r.metric is metric and r.unit in _COUNT_UNITS for r in results
            ):
                # "85.68% on CIFAR-100 with 22.8M parameters, 82.3% on
                # ImageNet-1K": the metric is the count's, not the score's.
                metric = None
            elif _claimed(metric, results) and _names_something(doc, members.end, sent.end):
                # "1.7% higher performance with 50% fewer activation parameters
                # and 3.7% higher performance": the metric named after the value
                # before is that value's, and this one names its own measure.
                metric = None
            elif metric.text.lower() in _DEGRADATIONS and (
                whole := next((m for m in metrics if m.end == metric.start), None)
            ):
                metric = whole  # "reduces accuracy loss by 49%": accuracy
        dataset = _dataset_for(doc, sent, first, members.end - 1)
        if respectively and tail > head:
            # Each value of the list has its own dataset, or metric: null
            # rather than one for all when the sentence does not say which.
            k, n = i - head, tail - head + 1
            datasets = _ents_of(sent, "Dataset")
            dataset = _respective(doc, k, n, datasets, members.start, members.end - 1)
            metric = _respective(doc, k, n, metrics, members.start, members.end - 1) or metric
        metric_name = metric.text if metric is not None else ""
        kind = "unit" if scored else "bare"
        owner: Span | None = None
        previous = results[-1] if results else None
        # Counts too: annotators keep "22.8M parameters" as a result (though
        # not everywhere: "scales from 124M to 1.4B parameters").
        measure = _measure_after(doc, members.end, sent.end, unit is not None or fraction)
        if (
            measure is None
            and metric is not None
            and metric.end <= first
            and _changes_in(doc, members.end, sent.end)
        ):
            # "better speed-accuracy trade-offs, and 2x reduction in DFT
            # calculations": the value says what it changed, if in words no
            # rule can name; a metric before it is another statement's.
            metric, metric_name = None, ""
        if (changed_in := _change_in_metric(doc, first, members.end, metrics)) is not None:
            # "an average improvement of 0.076 in the NDCG@10 score".
            metric, metric_name, kind, scored = changed_in, changed_in.text, "unit", True
        elif measure and not (metric is not None and metric.start == members.end):
            # "3.7x smaller size", "saving 90% of parameters": the noun after
            # the value names its measure, whatever metric came before.
            metric, metric_name, kind = None, measure, "measure"
        elif (
            metric is None or metric.start != members.end  # "a score of 71.3 F1": F1
        ) and (before := _measure_before(doc, first, sent.start, scored)) is not None:
            metric, metric_name, kind = None, before, "measure"
        elif scored and (changed := _measure_changed(doc, first, sent.start)) is not None:
            metric, metric_name, kind = None, changed, "measure"
        elif (
            not scored
            and previous is not None
            and (
                (owner := _owner_of(doc, first)) is not None
                or _continues(doc, first, span.end, previous)
            )
        ):
            # A number without a unit that goes on from the score before:
            # "outperforming SDXL-Turbo of 5.33 and Hyper-SDXL of 5.85" (the
            # method named before "of"), "an FID of 2.06 for unconditional
            # generation and 1.96 for class-conditional generation".
            metric, metric_name, kind = previous.metric, previous.metric_name, "inherited"
        elif unit == "x" and _sped_up(doc, sent.start, first):
            # "and accelerating fine-tuning by 2.2x": what is sped up is a
            # process, no measure, and the metric before is another clause's.
            metric, metric_name = None, ""
        elif unit == "x" and next_words & _SPEED_WORDS:
            own = next((m for m in metrics if m.start == span.end), None)
            metric, metric_name = (
                (own, own.text) if own is not None else _speed_metric(doc, sent, last)
            )
            kind = "unit" if metric is not None else "no_metric"
        elif metric is None and scored:
            if on := _measure_on(doc, members.end, sent.end):
                # "outperforms X by up to 12% on forces, 4% on energies".
                metric_name, kind = on, "measure"
            elif (subject := _subject_measure(doc, sent, members.start)) is not None:
                # "The end-to-end performance of X surpasses Y and Z by 87%
                # and 131%, respectively": the sentence's subject is measured.
                metric_name, owner = subject
                kind = "measure"
            elif (
                previous is not None
                and unit in {"%", "dB", None}
                and previous.unit in {unit, None}
                and not _names_something(doc, members.end, sent.end)
            ):
                # "achieving 94.86% top-1 accuracy, beating the state of the
                # art by 4.62%": the same metric as the value before; not in
                # "7% attention and 50% MLP layers", where each names its own.
                metric, metric_name, kind = previous.metric, previous.metric_name, "inherited"
        elif scored and _in_versus(doc, first, last) and results:
            # "outperforms X by 2.6% in top-1 accuracy, with comparable latency
            # (78.5% vs. 75.9%)": the pair restates the improvement's metric.
            anchor = next((r for r in reversed(results) if r.delta and r.metric), None)
            if anchor is not None and anchor.metric is not metric:
                metric, metric_name, kind = anchor.metric, anchor.metric_name, "inherited"
        if respectively and tail > head and metric is not None and metric.end <= first:
            # "reducing parameter and computation costs by 116x and 21x,
            # respectively": each value measures its own member of the list,
            # the last one the Metric entity.
            parts = _listed_before(doc, metric, tail - head + 1, sent.start)
            if parts is not None and i - head < len(parts) - 1:
                name = parts[i - head]
                metric, metric_name, kind = None, _MEASURE_NOUNS.get(name, name), "measure"
        # "a learning rate of 0.001", "a dropout of 0.1" are set, not measured.
        # A change is measured, though: "a 32.03% reduction in sequence length".
        delta = _is_delta(doc, members.start, members.end - 1, match["sign"])
        setting = not delta and (
            _is_setting(metric_name) or (owner is not None and _is_setting(owner.text))
        )
        if not metric_name or setting:
            continue
        if not scored and kind not in ("measure", "inherited"):
            if metric is not None and _changed_by(doc, metric, first):
                kind = "unit"
            elif metric is None or not _adjacent(doc, metric, first, members.end - 1):
                continue
            nxt = following[0].lower_ if following else ""
            if (
                nxt
                and nxt not in _BARE_FOLLOWERS
                and not (metric.start == span.end or following[0].ent_type_ == "Metric")
            ):
                continue  # "a 64 grid", "17736 labeled images"
        if written in _TIME_UNITS and (
            not any(k in metric_name.lower() for k in _TIME_METRICS)
            or text[match.end() :].lstrip().startswith("of ")
        ):
            # A time is a latency or a run time, not "AP" ("34.4% AP at
            # 34ms"); "262 hours of speech" is an amount of data.
            continue
        # "from 300M to 3B and 7B parameters": one ranged member makes the
        # whole list a family of sizes.
        ranged = any(m["value2"] for m in matches[head : tail + 1])
        if unit in _COUNT_UNITS and (
            not any(k in metric_name.lower() for k in _COUNT_METRICS)
            or _describes_size(doc, first, span.end, ranged)
        ):
            continue  # "scales from 300M to 3B" is a size, not the metric's value
        if metric is not None and (ranked := _ranked(doc, metric)) is not None:
            metric, metric_name = None, ranked
        method = (
            owner
            or (None if delta else _scored_for(doc, sent, span.end))
            or _sized(doc, sent, first, unit)
            or _method_for(doc, sent, first)
        )
        if (
            unit in _COUNT_UNITS
            and not any(r.unit not in _COUNT_UNITS for r in results)
            and not _own_count(doc, sent, first, method)
        ):
            # "the largest LLMs contain upwards of 100B parameters"; not "X
            # reaches 76.8% top-1 accuracy with 310M FLOPs", a result's cost.
            continue
        values = _values(match, text)
        for n, (value, v_start, v_end) in enumerate(values):
            if _ZERO.fullmatch(value):
                continue  # "achieving a 0% loss in accuracy": no change, no result
            who = method
            if len(values) == 2 and n == 0:
                # "Compared with X, ours improves FID from 2.11 to 0.30": the
                # value before the change is the compared method's.
                # An architecture may be the baseline too: "surpasses ResNet by
                # 5.5 mAP (from 40.4 to 45.9)".
                # With none named it is the state of the art before the
                # paper's ("improves perplexity from 20.5 to 18.3"), no one's.
                who = _compared_method(doc, sent, first, ("Method", "Architecture"))
            results.append(
                ResultSpan(
                    value=value,
                    unit=unit,
                    metric=metric,
                    metric_name=metric_name,
                    dataset=dataset,
                    method=who,
                    delta=len(values) == 1 and delta,
                    sentence=sent,
                    start_char=sent.start_char + v_start,
                    end_char=sent.start_char + v_end,
                    confidence=CONFIDENCE[kind],
                )
            )
    return results


_TOP_K = re.compile(r"(?i)top-?\d+")


def _ranked(doc: Doc, metric: Span) -> str | None:
    """The name of a top-k metric whose rank the entity recogniser left out:
    "Top-3 accuracy" ("accuracy" tagged), "Top1-acc" ("acc" tagged)."""
    k = metric.start - 1
    if k >= 1 and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_:
        k -= 1  # "Top1-acc"
    if k < 0 or not _TOP_K.fullmatch(doc[k].text):
        return None
    return doc[k : metric.end].text


def _describes_size(doc: Doc, first: int, end: int, ranged: bool) -> bool:
    """A model size that describes a model rather than reports a result:
    "a 7.4B parameter model", "ResNet50 (21.5M parameters)", "in the 100B
    parameters range", "a 760M MoT model", "a 1.4B dense baseline", "from a
    model of 13M parameters", "scales from 124M to 1.4B parameters"
    (`ranged`: the value is a range or a change, which for a count is a
    family of model sizes)."""
    after = doc[end : end + 3]
    words = [t.lower_ for t in after]
    if words[:1] in (["parameter"], ["-"]) or "range" in words:
        return True
    if (
        after
        and after[0].text[0].isalpha()
        and after[0].ent_type_ != "Metric"
        and not any(k in words[0] for k in _COUNT_METRICS)
    ):
        return True  # the count sizes the thing named after it
    before = [t.lower_ for t in doc[max(first - 3, 0) : first]]
    if before[-1:] == ["("] or (before[-1:] == ["from"] and not ranged):
        return True
    if before[-2:] in (["model", "with"], ["models", "with"]):
        return True  # "quantize GPT models with 175 billion parameters"
    if ranged:
        return True  # "models with 125M to 13B parameters": a family of sizes
    return any(w == "of" and v in {"model", "models"} for v, w in pairwise(before))


def _sized(doc: Doc, sent: Span, first: int, unit: str | None) -> Span | None:
    """The method a count at doc[first] sizes, named right before "with":
    "our X-S with 1.3G FLOPs improves Vim-Ti with 1.5G FLOPs" (each count
    is the model's just before it). Not a score: in "it matches RoBERTa
    with 88.2% accuracy" the score is the subject's."""
    if unit not in _COUNT_UNITS or first < 2 or doc[first - 1].lower_ != "with":
        return None
    return next((m for m in _ents_of(sent, "Method") if m.end == first - 1), None)


def _own_count(doc: Doc, sent: Span, first: int, method: Span | None) -> bool:
    """Whether a count at doc[first] ("1.3 billion parameters") is the
    paper's own result: its method is the paper's focus, the sentence speaks
    of the paper's work ("our model with 16.3M parameters") or the count is
    one to boast of ("a module with only 37M parameters"). Counts of other
    models are background: "the largest dense ViT contains 4B parameters"."""
    if method is not None and method.text.lower() in {f.lower() for f in _focus_forms(doc)}:
        return True
    if first > 0 and doc[first - 1].lower_ in _MODEST:
        return True
    return any(t.lower_ in ANAPHORS or t.lower_ == "ours" for t in sent)


def _compared_method(
    doc: Doc, sent: Span, token_i: int, labels: tuple[str, ...] = ("Method",)
) -> Span | None:
    methods = [
        m for m in sent.ents if m.label_ in labels and m.end <= token_i and _compared(doc, m)
    ]
    return methods[-1] if methods else None


def _measure_after(doc: Doc, i: int, end: int, scored: bool) -> str | None:
    """A measure named by the words right after a value when they are not
    (only) a Metric entity: "7.988x compression", "90% of parameters",
    "12,041x less search cost", "1.9x run-time speedup", "73% on-chip energy
    footprint reduction" ("on-chip energy footprint"). `end` is the end of
    the sentence. None when a Metric entity comes first (the caller's metric)
    or the words name no measure ("a 3x larger model", "higher performance").
    After a number without a unit (not `scored`) the words must end in a
    Metric entity: "45.3 mask AP", not "17736 labeled images"."""
    glued = view(doc).glued_hyphen
    while i < end and doc[i].lower_ in _MEASURE_LEAD:
        i += 1
    if i >= end or (doc[i].ent_iob_ == "B" and doc[i].ent_type_ == "Metric"):
        return None
    j = i
    named_inside = False
    # Words, not tokens, count towards the limit: "end-to-end wall-clock
    # speedup" is 10 tokens.
    while j < end and j - i - sum(glued(k) for k in range(i, j)) < _MEASURE_MAX_TOKENS:
        token = doc[j]
        if token.ent_type_ and token.ent_type_ != "Metric" and not _scored_on(doc, j):
            # "7% of total pretraining cost": the words go on; but a name may
            # modify a measure ("48.58% key-value cache retention rate").
            named_inside = True
        in_word = (j > i and glued(j)) or (j > i + 1 and glued(j - 1))
        plain = bool(_WORD.fullmatch(token.text) or _ACRONYM.fullmatch(token.text))
        if not (
            in_word
            or token.ent_type_ == "Metric"
            or (plain and (token.lower_ not in _MEASURE_STOPS or glued(j + 1)))
            or _scored_on(doc, j)
        ):
            break
        j += 1
    changed = j
    while j > i and doc[j - 1].lower_ in _CHANGE_NOUNS:
        j -= 1  # "energy footprint reduction": the measure is the footprint
    if j == i < changed and changed < end and doc[changed].lower_ in ("in", "of"):
        # "a 32.03% reduction in sequence length": the measure follows the
        # change (a Metric entity there is the caller's metric).
        return _measure_after(doc, changed + 1, end, scored)
    if j == i or _not_a_measure(doc[i:j]) or not (scored or doc[j - 1].ent_type_ == "Metric"):
        return None
    name = doc[i:j].text
    if named_inside and (
        doc[j - 1].ent_type_ not in ("", "Metric") or type_from_head(name) != "Metric"
    ):
        return None
    return _MEASURE_NOUNS.get(name.lower(), name)


def _change_in_metric(doc: Doc, first: int, end: int, metrics: list[Span]) -> Span | None:
    """The Metric entity a change noun before the value is "in": "an
    (average) improvement of 0.076 in the NDCG@10 score", "a gain of 1.2 in
    BLEU", "in terms of top-1 error". `first` is the value's first token,
    `end` the index after it."""
    j = first
    while j > 0 and doc[j - 1].lower_ in _QUALIFIERS:
        j -= 1
    if j < 2 or doc[j - 1].lower_ != "of" or doc[j - 2].lower_ not in _CHANGE_NOUNS:
        return None
    while end < len(doc) and doc[end].text in _UNITS:
        end += 1
    if end >= len(doc) or doc[end].lower_ != "in":
        return None
    end += 1
    if [t.lower_ for t in doc[end : end + 2]] == ["terms", "of"]:
        end += 2  # "a gain of 1.84 in terms of top-1 error"
    end += end < len(doc) and doc[end].lower_ == "the"
    return next((m for m in metrics if m.start == end), None)


def _changed_by(doc: Doc, metric: Span, first: int) -> bool:
    """Whether a bare value is what a verb changed the metric by: "decreases
    the FID of the state-of-the-art method by 4.59". The words between the
    metric and "by" may only say whose metric it is: no verb, clause or
    number, so "increase the batch size of 8 GPUs by 2" is no such change."""
    j = first
    while j > 0 and doc[j - 1].lower_ in _QUALIFIERS:
        j -= 1
    if j < 1 or doc[j - 1].lower_ != "by" or metric.end > j - 1:
        return False
    whose = doc[metric.end : j - 1]
    if len(whose) and whose[0].lower_ != "of":
        return False
    glued = view(doc).glued_hyphen
    tokens = [t for t in whose if not glued(t.i)]
    # "state-of-the-art" is one word, and its parts no phrase's words.
    words = [t for t in tokens if not glued(t.i - 1)]
    if len(words) > _MEASURE_MAX_TOKENS or any(
        t.is_punct or t.like_num or t.lower_.endswith(("ed", "ing")) for t in tokens
    ):
        return False
    if any(t.lower_ in _WHOSE_BREAKS for t in words):
        return False
    k = metric.start
    k -= k > 0 and doc[k - 1].lower_ in _DETERMINERS
    return k > 0 and doc[k - 1].lower_ in CHANGE_VERBS


def _changes_in(doc: Doc, i: int, end: int) -> bool:
    """Whether the words after a value ending at doc[i] are a change "in" or
    "of" something: "2x reduction in", "a 5% improvement of"."""
    while i < end and doc[i].lower_ in _MEASURE_LEAD:
        i += 1
    return i + 1 < end and doc[i].lower_ in _CHANGE_NOUNS and doc[i + 1].lower_ in ("in", "of")


def _scored_on(doc: Doc, j: int) -> bool:
    """Whether token `j` is in a benchmark's name followed by "score": "8.9%
    higher GLUE score" measures the GLUE score."""
    if doc[j].ent_type_ != "Dataset":
        return False
    end = j + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end < len(doc) and doc[end].lower_ in {"score", "scores"}


def _measure_on(doc: Doc, i: int, end: int) -> str | None:
    """The measure named after "on" right after a value that no metric
    claims: "by 12% on forces" ("forces"). Only plain words that are no entity
    and no set of data: not "on ImageNet", "on average", "on the test set",
    "on downstream tasks"."""
    if i >= end or doc[i].lower_ != "on":
        return None
    j = i + 1
    while j < end and j - i <= _MEASURE_MAX_TOKENS:
        token = doc[j]
        if token.ent_type_:
            return None
        if not _WORD.fullmatch(token.text) or token.lower_ in _MEASURE_STOPS:
            break
        j += 1
    words = doc[i + 1 : j]
    if not words or _not_a_measure(words) or words[-1].lower_ in _NOT_ON:
        return None
    # The name ends the phrase; "on training the BERT-Large model" is a
    # process, with its object after it.
    if words[-1].lower_.endswith("ing") or (j < end and doc[j].lower_ not in _ON_ENDS):
        return None
    return words.text


def _subject_measure(doc: Doc, sent: Span, first: int) -> tuple[str, Span] | None:
    """The measure and the method of a sentence that opens with "The <measure>
    of <method>", for a change "by" the value at doc[first]: "The end-to-end
    performance of ByteTransformer ... surpasses X by 87%" (the measure
    "end-to-end performance", ByteTransformer's). A vague measure alone
    ("The performance of X") names nothing."""
    glued = view(doc).glued_hyphen
    j = first
    while j > sent.start and doc[j - 1].lower_ in _QUALIFIERS | {"than", "more", "less"}:
        j -= 1
    if j <= sent.start or doc[j - 1].lower_ != "by":
        return None
    i = sent.start
    if doc[i].lower_ in _DETERMINERS:
        i += 1
    end = i
    while end < first and end - i < _MEASURE_MAX_TOKENS and doc[end].lower_ != "of":
        token = doc[end]
        in_word = glued(end) or glued(end - 1) or glued(end + 1)  # "end-to-end"
        plain = _WORD.fullmatch(token.text) is not None and token.lower_ not in _MEASURE_STOPS
        if token.ent_type_ not in ("", "Metric") or not (plain or in_word):
            return None
        end += 1
    if end == i or end + 1 >= first or doc[end].lower_ != "of" or _not_a_measure(doc[i:end]):
        return None
    method = next((e for e in sent.ents if e.start == end + 1 and e.label_ == "Method"), None)
    return None if method is None else (doc[i:end].text, method)


def _listed_before(doc: Doc, metric: Span, n: int, start: int) -> list[str] | None:
    """The n measures of a list that ends in the Metric entity `metric`, the
    others plain words before it: "parameter and computation costs" gives
    ["parameter", "computation costs"]; None unless the list has n members.
    `start` is the start of the sentence."""
    names = [metric.text]
    end = i = metric.start
    while len(names) < n and i > start:
        separator = doc[i - 1].lower_
        if separator not in LIST_SEPARATORS:
            return None
        i -= 1
        if separator == "and" and i > start and doc[i - 1].text == ",":
            i -= 1  # "A, B, and C"
        end = i
        while i > start and end - i < _MEASURE_MAX_TOKENS:
            token = doc[i - 1]
            plain = _WORD.fullmatch(token.text) is not None and token.lower_ not in _MEASURE_STOPS
            # A verb or an adverb opens the list: "drastically reducing A and B".
            opens = token.lower_ in CHANGE_VERBS | REPORTING_VERBS or token.lower_.endswith("ly")
            if token.ent_type_ or not plain or opens:
                break
            i -= 1
        if i == end:
            return None
        names.insert(0, doc[i:end].text)
    return names if len(names) == n else None


def _owner_of(doc: Doc, first: int) -> Span | None:
    """The method in "<method> of <value>" ("SDXL-Turbo of 5.33")."""
    if first < 2 or doc[first - 1].lower_ != "of" or doc[first - 2].ent_type_ != "Method":
        return None
    return next((e for e in doc.ents if e.end == first - 1), None)


def _continues(doc: Doc, first: int, end: int, previous: ResultSpan) -> bool:
    """Whether a number without a unit right after "and", a comma,
    "compared to" or ", from" goes on from the previous result, a score without a unit
    too and a few words before; both written with decimals, unlike counts. A word after it that
    may not follow a score names its own metric: "88.25 F1 and 85.10 EM",
    "0.62 mIoU and 0.71 Dice" (`end` is the index after the value)."""
    return (
        previous.unit is None
        and "." in doc[first].text
        and "." in previous.value
        and first > 1
        and (
            doc[first - 1].lower_ in {"and", ",", "or"}
            # "an FID of 3.21, compared to 4.5 for StyleGAN2"
            or (doc[first - 1].lower_ in {"to", "with"} and doc[first - 2].lower_ == "compared")
            # "from 20.5 to 18.3 on X, from 23.7 to 21.8 on Y"
            or (doc[first - 1].lower_ == "from" and doc[first - 2].lower_ in {"and", ",", "or"})
        )
        and doc[first].idx - previous.end_char <= _CONTINUE_CHARS
        and (end >= len(doc) or doc[end].lower_ in _BARE_FOLLOWERS)
    )


def _names_something(doc: Doc, i: int, end: int) -> bool:
    """Whether a word that is not a change ("gains") follows the value
    ending at doc[i]: "50% MLP layers" names what the 50% is of."""
    while i < end and doc[i].lower_ in _MEASURE_LEAD:
        i += 1
    return (
        i < end
        and doc[i].is_alpha
        and doc[i].lower_ not in _MEASURE_STOPS | _CHANGE_NOUNS | _SCORE_WORDS
    )


def _is_metric(words: Span) -> bool:
    """Whether the words are exactly one Metric entity."""
    ents = words.ents
    return len(ents) == 1 and ents[0].label_ == "Metric" and len(ents[0]) == len(words)


def _is_setting(name: str) -> bool:
    """Whether a name ends in a hyperparameter's: "a dropout of 0.1"."""
    return _SETTINGS.search(name) is not None


def _not_a_measure(words: Span) -> bool:
    if words[-1].lower_ in _SPEED_METRICS:
        return False  # "step time", "token latency": a time of something
    # A part of an architecture after a value is its share ("43% Mamba-2, 7%
    # attention"), though as a modifier it names a measure ("50% attention
    # FLOPs"), so only the last word counts.
    return (
        words.text.lower() in _VAGUE
        or type_from_head(words[-1].text) == "Architecture"
        or any(t.lower_ in _NOT_MEASURES for t in words)
    )


def _measure_before(doc: Doc, first: int, start: int, scored: bool) -> str | None:
    """A measure named by the words before "of" and the value at doc[first]
    when they are not (only) a Metric entity: "a model size reduction of up
    to 28.9x" ("model size"), "we achieve a logarithmic-loss of 0.507".
    `start` is the start of the sentence. A number without a unit needs a
    reporting verb before it: "a batch size of 256" is a setting."""
    glued = view(doc).glued_hyphen
    j = first
    while j > start and doc[j - 1].lower_ in _QUALIFIERS:
        j -= 1
    if j <= start or doc[j - 1].lower_ != "of":
        return None
    end = i = j - 1
    while i > start and end - i < _MEASURE_MAX_TOKENS:
        token = doc[i - 1]
        in_word = glued(i - 1) or (i - 1 < end - 1 and glued(i))
        plain = _WORD.fullmatch(token.text) is not None and token.lower_ not in _MEASURE_STOPS
        if (
            token.ent_type_ not in ("", "Metric")
            or not (in_word or plain or token.ent_type_ == "Metric")
            or token.lower_ in REPORTING_VERBS
        ):
            break
        i -= 1
    # A determiner or a reporting verb starts the name ("we obtain memory
    # savings of up to 50%"; "we also observe competitive performance of
    # 2.7%" has neither); a number without a unit also needs the verb.
    if i <= start or doc[i - 1].lower_ not in _DETERMINERS | REPORTING_VERBS:
        return None
    reported = doc[i - 1].lower_ in REPORTING_VERBS or (
        i - 1 > start and doc[i - 2].lower_ in REPORTING_VERBS
    )
    if not scored and not (reported and "." in doc[first].text):
        return None  # nor is "a second place out of 77" a score
    while end > i and doc[end - 1].lower_ in _CHANGE_NOUNS:
        end -= 1
    while i < end and doc[i].lower_ in _QUALIFYING:
        i += 1  # "a maximum speedup of 4.48x": the speedup
    if end == i or _not_a_measure(doc[i:end]) or _is_metric(doc[i:end]):
        return None  # "an accuracy of 84.2%": the caller's metric
    return doc[i:end].text


def _measure_changed(doc: Doc, first: int, start: int) -> str | None:
    """The measure a change verb takes as its object before "by" and the
    value at doc[first], when no entity names it: "reduce the cost
    consumption by 10~30%", "lowers training cost by up to 40%". `start` is
    the start of the sentence. A Metric entity there is the caller's metric
    ("reduces the peak memory consumption by 50%"); a process is no measure
    ("accelerating fine-tuning by 2.2x" has no change verb here). A change
    noun may take it after "in", with the value in parentheses or after
    "by": "a significant improvement in key engagement metrics (up to
    +2.66%)", "a reduction in hallucination by 1.6%"."""
    glued = view(doc).glued_hyphen
    j = first
    while j > start and doc[j - 1].lower_ in _QUALIFIERS | {"than", "more", "less"}:
        j -= 1  # "by more than 30%", "by up to 50%"
    if j <= start or doc[j - 1].lower_ not in ("by", "("):
        return None
    parenthesised = doc[j - 1].text == "("
    end = i = j - 1
    while i > start and end - i < _MEASURE_MAX_TOKENS:
        token = doc[i - 1]
        in_word = glued(i - 1) or (i - 1 < end - 1 and glued(i))
        plain = _WORD.fullmatch(token.text) is not None and token.lower_ not in _MEASURE_STOPS
        if token.ent_type_ or not (in_word or plain) or token.lower_ in CHANGE_VERBS:
            break
        i -= 1
    if i == end or i <= start or doc[i - 1].ent_type_:
        return None
    if _not_a_measure(doc[i:end]):
        return None
    # A change noun takes it after "in" too: "a reduction in hallucination by
    # 1.6%".
    changed = i - 1 > start and doc[i - 1].lower_ == "in" and doc[i - 2].lower_ in _CHANGE_NOUNS
    if parenthesised or changed:
        return doc[i:end].text if changed else None
    verb = i - 1
    if doc[verb].lower_ in _DETERMINERS and verb > start:
        verb -= 1
    if doc[verb].lower_ in CHANGE_VERBS:
        return doc[i:end].text
    # The verb shared with a change just before: "reduces latency by 35% and
    # memory by 2.1x".
    if doc[verb].lower_ in ("and", ","):
        k = verb - 1
        while k > start and verb - k <= 2 and (doc[k].like_num or doc[k].text in _UNITS):
            k -= 1
        if (
            k < verb - 1
            and doc[k].lower_ == "by"
            and CHANGE_VERBS & {t.lower_ for t in doc[start:k]}
        ):
            return doc[i:end].text
    return None


def _claimed(metric: Span, results: list[ResultSpan]) -> bool:
    """Whether a value before the metric took it, or a measure named with
    it, as its own: "50% fewer activation parameters" ("parameters")."""
    return any(
        r.end_char <= metric.start_char
        and (r.metric is metric or (r.metric is None and metric.text in r.metric_name))
        for r in results
    )


def _in_versus(doc: Doc, first: int, last: int) -> bool:
    """Whether a value is one side of a parenthesised "(A vs. B)"."""
    left = doc[max(first - 4, 0) : first]
    right = doc[last + 1 : last + 5]
    texts = [t.lower_ for t in left] + ["#"] + [t.lower_ for t in right]
    pivot = len(left)
    opened = "(" in texts[:pivot] and (
        {"vs.", "vs", "versus"} & set(texts[texts[:pivot].index("(") :])
    )
    closed = ")" in texts[pivot:]
    return bool(opened and closed)


@Language.component("paperkg_results")
def find_results(doc: Doc) -> Doc:
    # A measured value glued to its unit is one token ("0.9dB"), which the
    # recogniser may take for a name; no entity is only a value, and the
    # value must stay readable here and stay out of the paper's entities.
    doc.ents = [e for e in doc.ents if VALUE.fullmatch(e.text) is None]
    doc._.results = [r for sent in sentences(doc) for r in find_in_sentence(doc, sent)]
    return doc
