"""Reported results: numbers the abstract gives as the value of a metric.

"achieves 9.20 dB of SDR on MUSDB", "an accuracy of 86.18%", "outperforms X
by 0.45 dB", "a speedup of 2.73x - 7.63x". Each becomes a `ResultSpan` on
`doc._.results`, tied to the nearest metric, the dataset it was measured on,
and the method that reached it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract import extensions  # noqa: F401  (registers the Doc extensions)
from kg.extract.words import ANAPHORS, COMPARISONS

# LaTeX writes a percent sign as \%, common in abstracts taken from arXiv.
_UNIT = r"\\?%|dB|x|×|M|B|K|pp|points?"
_NUMBER = r"\d+(?:\.\d+)?"
VALUE = re.compile(
    rf"(?<![\w.\-])(?P<sign>[+]?)(?P<value>{_NUMBER})\s?(?P<unit>{_UNIT})?"
    rf"(?:\s?(?:-|–|—|to)\s?(?P<value2>{_NUMBER})\s?(?P<unit2>{_UNIT})?)?(?!\w|\.\d)"
)
_UNITS = {
    "%": "%",
    "\\%": "%",
    "dB": "dB",
    "x": "x",
    "×": "x",
    "M": "M",
    "B": "B",
    "K": "K",
    "pp": "%",
}
_DELTA_BEFORE = frozenset("by improvement improvements gain gains increase boost +".split())
_DELTA_AFTER = frozenset(
    "higher better improvement gain gains increase faster lower fewer less more reduction "
    "speedup boost".split()
)
_SPEED_WORDS = frozenset("faster speedup speed-up slower".split())
_SPEED_METRICS = ("latency", "inference latency", "inference speed", "speed", "throughput")
_METRIC_WINDOW_BEFORE = 12
_METRIC_WINDOW_AFTER = 8  # "83.3% (vs. 80.8%) in top-1 accuracy"
_METRIC_NEAR_AFTER = 4
# A bare number ("88.96", no unit) is a metric value only right next to its
# metric ("F1 of 88.96", "88.96 F1"); further away it is usually a count.
_BARE_WINDOW = 3


@dataclass(frozen=True, slots=True)
class ResultSpan:
    value: str
    unit: str | None
    metric: Span | None  # None only for speed-ups with no metric named
    metric_name: str
    dataset: Span | None
    method: Span | None
    delta: bool
    sentence: Span
    start_char: int
    end_char: int


def _ents_of(sent: Span, label: str) -> list[Span]:
    return [e for e in sent.ents if e.label_ == label]


def _inside_entity(doc: Doc, start: int, end: int) -> bool:
    return any(e.start_char < end and start < e.end_char for e in doc.ents)


def _nearest_metric(sent: Span, token_i: int, metrics: list[Span]) -> Span | None:
    before = [m for m in metrics if m.end <= token_i and token_i - m.end <= _METRIC_WINDOW_BEFORE]
    after = [m for m in metrics if m.start > token_i and m.start - token_i <= _METRIC_WINDOW_AFTER]
    # "4.2% better top-1 accuracy": a metric just after the value is its own.
    if after and (after[0].start - token_i <= _METRIC_NEAR_AFTER or not before):
        return after[0]
    return before[-1] if before else None


def _adjacent(metric: Span, token_i: int) -> bool:
    gap = token_i - metric.end if metric.end <= token_i else metric.start - token_i - 1
    return gap <= _BARE_WINDOW


def _is_delta(doc: Doc, first: int, last: int, sign: str) -> bool:
    before = {t.lower_ for t in doc[max(first - 3, 0) : first]}
    after = {t.lower_ for t in doc[last + 1 : last + 4]}
    return bool(sign) or bool(before & _DELTA_BEFORE) or bool(after & _DELTA_AFTER)


def _method_for(doc: Doc, sent: Span, token_i: int) -> Span | None:
    methods = [m for m in _ents_of(sent, "Method") if m.end <= token_i]
    previous = doc[token_i - 1].lower_ if token_i > 0 else ""
    if previous in {"vs.", "vs", "versus"}:
        # "(83.3% vs. 80.8%)": the second value belongs to the compared method.
        after_trigger = [m for m in methods if m.start > sent.start + 1]
        if len(after_trigger) >= 2:
            return after_trigger[-1]
    focus: Span | None = doc._.focus
    if focus is not None and focus.label_ == "Method":
        mentioned = [m for m in methods if m.text in doc._.focus_forms]
        if mentioned:
            return mentioned[0]
        before = {t.lower_ for t in doc[sent.start : token_i]}
        if not methods or before & ANAPHORS:
            return focus
    if not methods:
        return None
    # "A outperforms B by 2%": the value is A's; "A reaches 61%, B 24%": each
    # value belongs to the method just before it.
    words = {t.lower_ for t in doc[methods[0].end : token_i]}
    return methods[0] if words & COMPARISONS else methods[-1]


def _dataset_for(sent: Span, token_i: int) -> Span | None:
    datasets = _ents_of(sent, "Dataset")
    after = [d for d in datasets if d.start > token_i]
    before = [d for d in datasets if d.end <= token_i]
    return after[0] if after else (before[-1] if before else None)


def _speed_metric(doc: Doc) -> tuple[Span | None, str]:
    for ent in doc.ents:
        if ent.label_ == "Metric" and ent.text.lower() in _SPEED_METRICS:
            return ent, ent.text
    return None, "speedup"


def find_in_sentence(doc: Doc, sent: Span) -> list[ResultSpan]:
    results = []
    metrics = _ents_of(sent, "Metric")
    for match in VALUE.finditer(sent.text):
        start = sent.start_char + match.start()
        end = sent.start_char + match.end()
        if _inside_entity(doc, start, end):
            continue  # "GPT-4", "CIFAR-10", "Top-1"
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        unit = _UNITS.get(match["unit2"] or match["unit"] or "")
        following = {t.lower_ for t in doc[span.end : span.end + 2]}
        metric = _nearest_metric(sent, span.start, metrics)
        metric_name = metric.text if metric is not None else ""
        if unit == "x" and following & _SPEED_WORDS:
            metric, metric_name = _speed_metric(doc)
        if not metric_name or (unit is None and metric is None):
            continue
        if unit is None and metric is not None and not _adjacent(metric, span.start):
            continue
        if unit in {"M", "B", "K"} and metric is not None and "param" not in metric_name.lower():
            continue  # "scales from 300M to 3B" is a size, not the metric's value
        value = match["value"] + (f"-{match['value2']}" if match["value2"] else "")
        results.append(
            ResultSpan(
                value=value,
                unit=unit,
                metric=metric,
                metric_name=metric_name,
                dataset=_dataset_for(sent, span.start),
                method=_method_for(doc, sent, span.start),
                delta=_is_delta(doc, span.start, span.end - 1, match["sign"]),
                sentence=sent,
                start_char=start,
                end_char=end,
            )
        )
    return results


@Language.component("paperkg_results")
def find_results(doc: Doc) -> Doc:
    doc._.results = [r for sent in doc.sents for r in find_in_sentence(doc, sent)]
    return doc
