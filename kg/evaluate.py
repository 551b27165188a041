"""Score predicted paper records against gold annotations.

Implements the last section of shared/spec/ANNOTATION.md ("How a prediction is
scored"): each gold paper is paired with its prediction, entities, relations
and results are matched one-to-one inside the paper, and true/false positive
and false negative counts are micro-summed over papers into precision, recall
and F1.

Both sides are JSON Lines records in the ANNOTATION.md format. Keys the scorer
does not score (``proposed``, ``unit``, ``delta``, ``abstract``, ``mentions``,
``evidence``, ``sources`` ...) are ignored.

Usage::

    kg eval --gold GOLD.jsonl PRED.jsonl [--json]
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.names import normalize
from kg.records import ENTITY_TYPES, RELATION_TYPES

__all__ = [
    "Counts",
    "JsonlError",
    "Report",
    "match_entities",
    "normalize_value",
    "read_jsonl",
    "score",
]

Record = Mapping[str, Any]
# What a side of a pair is called in error messages.
_GOLD, _PRED = "gold", "predicted"


# --------------------------------------------------------------------------- counts


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """tp / (tp + fp), 0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn), 0 when there is nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, 0 when undefined."""
        # 2tp / (2tp + fp + fn) equals 2PR / (P + R) and needs no special case
        # for P = 0 or R = 0 beyond tp = 0.
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def to_json(self) -> dict[str, Any]:
        """The scores and counts, in a fixed key order."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Micro-averaged scores of a prediction file against a gold file."""

    gold_papers: int
    predicted_papers: int
    # Gold papers that found a prediction (by id, or failing that by title).
    matched_papers: int
    matched_by_title: int
    entities_typed: Counts
    entities_untyped: Counts
    # Typed entity scores split by type: known types in ANNOTATION.md order,
    # then any other type a prediction used, sorted.
    entities_by_type: dict[str, Counts]
    relations: Counts
    # Known relation names in ANNOTATION.md order, then others, sorted.
    relations_by_name: dict[str, Counts]
    results: Counts

    @property
    def unmatched_gold(self) -> int:
        """Gold papers without a prediction (all their items are false negatives)."""
        return self.gold_papers - self.matched_papers

    @property
    def unmatched_predicted(self) -> int:
        """Predicted papers not in gold (ignored)."""
        return self.predicted_papers - self.matched_papers

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict with a stable key order."""
        return {
            "papers": {
                "gold": self.gold_papers,
                "predicted": self.predicted_papers,
                "matched": self.matched_papers,
                "matched_by_title": self.matched_by_title,
                "unmatched_gold": self.unmatched_gold,
                "unmatched_predicted": self.unmatched_predicted,
            },
            "entities_typed": self.entities_typed.to_json(),
            "entities_untyped": self.entities_untyped.to_json(),
            "entities_by_type": {k: c.to_json() for k, c in self.entities_by_type.items()},
            "relations": self.relations.to_json(),
            "relations_by_name": {k: c.to_json() for k, c in self.relations_by_name.items()},
            "results": self.results.to_json(),
        }

    def to_text(self) -> str:
        """A compact table: one row per category, per-type rows indented."""
        rows: list[tuple[str, Counts]] = [("entities (typed)", self.entities_typed)]
        rows += [(f"  {name}", c) for name, c in self.entities_by_type.items()]
        rows.append(("entities (untyped)", self.entities_untyped))
        rows.append(("relations", self.relations))
        rows += [(f"  {name}", c) for name, c in self.relations_by_name.items()]
        rows.append(("results", self.results))

        width = max(20, *(len(label) + 2 for label, _ in rows))
        papers = (
            f"papers: {self.gold_papers} gold, {self.predicted_papers} predicted, "
            f"{self.matched_papers} matched"
        )
        if self.matched_by_title:
            papers += f" ({self.matched_by_title} by title)"
        if self.unmatched_gold or self.unmatched_predicted:
            papers += (
                f"; {self.unmatched_gold} gold without prediction, "
                f"{self.unmatched_predicted} predicted not in gold"
            )
        lines = [papers, f"{'':<{width}}{'P':<7}{'R':<7}{'F1':<7}{'tp':>5}{'fp':>5}{'fn':>5}"]
        for label, c in rows:
            lines.append(
                f"{label:<{width}}{c.precision:<7.3f}{c.recall:<7.3f}{c.f1:<7.3f}"
                f"{c.tp:>5}{c.fp:>5}{c.fn:>5}"
            )
        # No trailing newline: callers print it (print, typer.echo).
        return "\n".join(line.rstrip() for line in lines)


# --------------------------------------------------------------------------- reading


class JsonlError(ValueError):
    """A JSON Lines file that cannot be read; the message names file:line."""


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSON Lines file, one per non-blank line.

    Raises JsonlError with a one-line "FILE:LINE: what" message on a line that
    is not UTF-8, not JSON, or not a JSON object.
    """
    records: list[dict[str, Any]] = []
    # Binary lines so that line numbers count "\n" only, as editors do.
    with open(path, "rb") as handle:
        for lineno, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise JsonlError(f"{path}:{lineno}: not UTF-8 ({exc.reason})") from None
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise JsonlError(
                    f"{path}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})"
                ) from None
            if not isinstance(value, dict):
                raise JsonlError(
                    f"{path}:{lineno}: expected a JSON object, got {type(value).__name__}"
                )
            records.append(value)
    return records


# --------------------------------------------------------------------------- items


def _key(surface: object) -> str:
    """The normalised comparison key of a name; "" for a missing one."""
    if surface is None:
        return ""
    return normalize(str(surface))


def _list(record: Record, key: str, where: str) -> list[Any]:
    """record[key] as a list; missing or null is empty."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValueError(f"{where}: {key!r} is a {type(value).__name__}, not a list")
    return list(value)


@dataclass(frozen=True, slots=True)
class _Entity:
    name_key: str
    # Name and alias keys; the empty key is left out so that blank names
    # never match each other.
    keys: frozenset[str]
    type: str


def _entity(data: object, where: str) -> _Entity:
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: an entity is a {type(data).__name__}, not an object")
    aliases = data.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    name_key = _key(data.get("name"))
    keys = frozenset(k for k in (name_key, *(_key(a) for a in aliases)) if k)
    kind = data.get("type")
    return _Entity(name_key, keys, "" if kind is None else str(kind))


@dataclass(frozen=True, slots=True)
class _Relation:
    head_key: str
    head: frozenset[str]
    name: str
    tail_key: str
    tail: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Result:
    # None where the record leaves the slot empty: a wildcard for method and
    # dataset.
    method: tuple[str, frozenset[str]] | None
    dataset: tuple[str, frozenset[str]] | None
    metric: tuple[str, frozenset[str]] | None
    value: str


_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACES = re.compile(r"\s+")


def normalize_value(value: object) -> str:
    """The comparison key of a result value: no spaces, one kind of dash.

    >>> normalize_value("2.73 \u2013 7.63") == normalize_value("2.73-7.63")
    True
    """
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return _SPACES.sub("", _DASHES.sub("-", text))


Resolver = Callable[[object], frozenset[str]]


def _resolver(entities: Sequence[_Entity]) -> Resolver:
    """Expand a name used in a relation or result to the keys of its entity.

    A surface form that is an entity's name stands for all that entity's
    names and aliases; failing that, one that is an alias does; failing both
    (a name not among the paper's entities) it stands for its bare key.
    """
    by_name: dict[str, set[str]] = {}
    by_alias: dict[str, set[str]] = {}
    for entity in entities:
        if entity.name_key:
            by_name.setdefault(entity.name_key, set()).update(entity.keys)
        for alias in entity.keys - {entity.name_key}:
            by_alias.setdefault(alias, set()).update(entity.keys)

    def resolve(surface: object) -> frozenset[str]:
        key = _key(surface)
        if not key:
            return frozenset()
        return frozenset(by_name.get(key) or by_alias.get(key) or {key})

    return resolve


def _relation(data: object, resolve: Resolver, where: str) -> _Relation:
    if not isinstance(data, list | tuple) or len(data) != 3:
        raise ValueError(f"{where}: a relation is not [head, relation, tail]: {data!r}")
    head, name, tail = data
    return _Relation(_key(head), resolve(head), str(name), _key(tail), resolve(tail))


def _slot(value: object, resolve: Resolver) -> tuple[str, frozenset[str]] | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _key(value), resolve(value)


def _result(data: object, resolve: Resolver, where: str) -> _Result:
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: a result is a {type(data).__name__}, not an object")
    return _Result(
        method=_slot(data.get("method"), resolve),
        dataset=_slot(data.get("dataset"), resolve),
        metric=_slot(data.get("metric"), resolve),
        value=normalize_value(data.get("value")),
    )


@dataclass(frozen=True, slots=True)
class _Paper:
    entities: list[_Entity]
    relations: list[_Relation]
    results: list[_Result]


_EMPTY = _Paper([], [], [])


def _paper(record: Record, side: str) -> _Paper:
    where = f"{side} paper {record.get('id')!r}"
    entities = [_entity(e, where) for e in _list(record, "entities", where)]
    resolve = _resolver(entities)
    return _Paper(
        entities,
        [_relation(r, resolve, where) for r in _list(record, "relations", where)],
        [_result(r, resolve, where) for r in _list(record, "results", where)],
    )


# --------------------------------------------------------------------------- matching

# A candidate pair: (preference, gold index, predicted index); lower
# preference tuples are taken first.
_Edge = tuple[tuple[int, ...], int, int]


def _match(edges: Iterable[_Edge]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching, seeded greedily by preference.

    The greedy pass takes candidate pairs in (preference, gold, predicted)
    order, so the most exact pairs win and ties go to file order; augmenting
    paths then add whatever pairs greedy choice blocked, so the number of
    matches never depends on the order of items in a file.
    """
    ranked = sorted(edges)
    options: dict[int, list[int]] = {}  # predicted -> gold, best first
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}
    for _, g, p in ranked:
        options.setdefault(p, []).append(g)
        if g not in gold_to_pred and p not in pred_to_gold:
            gold_to_pred[g], pred_to_gold[p] = p, g

    def augment(p: int, seen: set[int]) -> bool:
        for g in options[p]:
            if g in seen:
                continue
            seen.add(g)
            holder = gold_to_pred.get(g)
            if holder is None or augment(holder, seen):
                gold_to_pred[g], pred_to_gold[p] = p, g
                return True
        return False

    # One pass suffices: a vertex without an augmenting path keeps lacking
    # one after other augmentations (Kuhn's algorithm).
    for p in sorted(options):
        if p not in pred_to_gold:
            augment(p, set())
    return sorted(gold_to_pred.items())


def _entity_edges(gold: Sequence[_Entity], pred: Sequence[_Entity], typed: bool) -> Iterator[_Edge]:
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(pred):
            if (typed and g.type != p.type) or not g.keys & p.keys:
                continue
            if p.name_key and p.name_key == g.name_key:
                tier = 0  # same name
            elif p.name_key in g.keys or g.name_key in p.keys:
                tier = 1  # one's name is the other's alias
            else:
                tier = 2  # the two share only an alias
            yield (tier,), g_index, p_index


def _relation_edges(gold: Sequence[_Relation], pred: Sequence[_Relation]) -> Iterator[_Edge]:
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(pred):
            if g.name != p.name or not g.head & p.head or not g.tail & p.tail:
                continue
            inexact = (g.head_key != p.head_key) + (g.tail_key != p.tail_key)
            yield (inexact,), g_index, p_index


def _slot_fit(
    gold: tuple[str, frozenset[str]] | None,
    pred: tuple[str, frozenset[str]] | None,
    optional: bool,
) -> tuple[int, int] | None:
    """(wildcards, inexact) cost of two result slots, None when they clash."""
    if gold is None or pred is None:
        if optional:
            return 1, 0
        return (0, 0) if gold is pred else None
    if not gold[1] & pred[1]:
        return None
    return 0, int(gold[0] != pred[0])


def _result_edges(gold: Sequence[_Result], pred: Sequence[_Result]) -> Iterator[_Edge]:
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(pred):
            if g.value != p.value:
                continue
            fits = [
                _slot_fit(g.metric, p.metric, optional=False),
                _slot_fit(g.method, p.method, optional=True),
                _slot_fit(g.dataset, p.dataset, optional=True),
            ]
            if any(fit is None for fit in fits):
                continue
            # Prefer pairs that agree on more given slots, then exact strings,
            # so a vaguer prediction does not take a gold result that a more
            # specific one matches.
            wildcards = sum(fit[0] for fit in fits if fit is not None)
            inexact = sum(fit[1] for fit in fits if fit is not None)
            yield (wildcards, inexact), g_index, p_index


def match_entities(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], *, typed: bool
) -> list[tuple[int, int]]:
    """The (gold index, predicted index) pairs of one paper's entity matching.

    Useful for error analysis: gold entities missing from the pairs are false
    negatives, predicted ones false positives.
    """
    return _match(
        _entity_edges([_entity(e, _GOLD) for e in gold], [_entity(e, _PRED) for e in pred], typed)
    )


# --------------------------------------------------------------------------- scoring


def _tally(
    pairs: Sequence[tuple[int, int]],
    gold_labels: Sequence[str],
    pred_labels: Sequence[str],
    into: dict[str, Counts],
) -> Counts:
    """Add one paper's matching to per-label counts; return its overall counts.

    Only pairs with equal labels are ever matched (typed entities, relation
    names), so a pair counts once under that label.
    """
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    for g, _ in pairs:
        into[gold_labels[g]] = into.get(gold_labels[g], Counts()) + Counts(tp=1)
    for g, label in enumerate(gold_labels):
        if g not in matched_gold:
            into[label] = into.get(label, Counts()) + Counts(fn=1)
    for p, label in enumerate(pred_labels):
        if p not in matched_pred:
            into[label] = into.get(label, Counts()) + Counts(fp=1)
    return _counts(len(pairs), len(pred_labels), len(gold_labels))


def _counts(tp: int, n_pred: int, n_gold: int) -> Counts:
    return Counts(tp=tp, fp=n_pred - tp, fn=n_gold - tp)


def _ordered(counts: dict[str, Counts], known: Sequence[str]) -> dict[str, Counts]:
    """Known labels in spec order, then any others sorted; "" shows as "(none)"."""
    keys = [k for k in known if k in counts] + sorted(k for k in counts if k not in known)
    return {k or "(none)": counts[k] for k in keys}


def _title_key(title: object) -> str:
    # Titles differ between dumps in case, punctuation and line breaks; the
    # words are what identify a paper.
    if not isinstance(title, str):
        return ""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", title).casefold()))


def _pair(gold: Sequence[Record], pred: Sequence[Record]) -> tuple[list[int | None], int]:
    """For each gold paper, the index of its prediction; and how many by title.

    Ids first; a gold paper whose id no prediction carries (e.g. predictions
    with hashed ids) then takes a still unpaired prediction with the same
    normalised title. Duplicates pair in file order.
    """
    by_id: dict[str, list[int]] = {}
    by_title: dict[str, list[int]] = {}
    for index, record in enumerate(pred):
        if record.get("id") not in (None, ""):
            by_id.setdefault(str(record["id"]), []).append(index)
        if title := _title_key(record.get("title")):
            by_title.setdefault(title, []).append(index)

    used: set[int] = set()
    pairs: list[int | None] = [None] * len(gold)

    def take(candidates: list[int]) -> int | None:
        for index in candidates:
            if index not in used:
                used.add(index)
                return index
        return None

    for g, record in enumerate(gold):
        if record.get("id") not in (None, ""):
            pairs[g] = take(by_id.get(str(record["id"]), []))
    by_title_count = 0
    for g, record in enumerate(gold):
        if pairs[g] is None and (title := _title_key(record.get("title"))):
            pairs[g] = take(by_title.get(title, []))
            by_title_count += pairs[g] is not None
    return pairs, by_title_count


def score(gold: Iterable[Mapping[str, Any]], pred: Iterable[Mapping[str, Any]]) -> Report:
    """Score predicted records against gold records (ANNOTATION.md, last section).

    Per paper, with one-to-one matching on each side:
    - entities match when a name or alias of one equals (after
      ``kg.names.normalize``) a name or alias of the other; typed scores also
      need equal types;
    - relations match when the names are equal and both ends match, an end
      being expanded to all names of the paper's entity it names (on each side)
      or, if it names none, to its bare normalised key;
    - results match when metric (expanded like relation ends) and value
      (``normalize_value``) match, and method and dataset do where both sides
      give one. Unit and delta are not compared.
    Counts are then summed over papers. Gold papers without a prediction count
    all their items as false negatives; predicted papers not in gold are
    ignored.
    """
    gold_records, pred_records = list(gold), list(pred)
    pairs, by_title = _pair(gold_records, pred_records)

    entities_typed = entities_untyped = relations = results = Counts()
    by_type: dict[str, Counts] = {}
    by_relation: dict[str, Counts] = {}
    for g_record, p_index in zip(gold_records, pairs, strict=True):
        g = _paper(g_record, _GOLD)
        p = _EMPTY if p_index is None else _paper(pred_records[p_index], _PRED)

        typed_pairs = _match(_entity_edges(g.entities, p.entities, typed=True))
        entities_typed += _tally(
            typed_pairs, [e.type for e in g.entities], [e.type for e in p.entities], by_type
        )
        untyped_pairs = _match(_entity_edges(g.entities, p.entities, typed=False))
        entities_untyped += _counts(len(untyped_pairs), len(p.entities), len(g.entities))

        relation_pairs = _match(_relation_edges(g.relations, p.relations))
        relations += _tally(
            relation_pairs,
            [r.name for r in g.relations],
            [r.name for r in p.relations],
            by_relation,
        )

        result_pairs = _match(_result_edges(g.results, p.results))
        results += _counts(len(result_pairs), len(p.results), len(g.results))

    return Report(
        gold_papers=len(gold_records),
        predicted_papers=len(pred_records),
        matched_papers=sum(p is not None for p in pairs),
        matched_by_title=by_title,
        entities_typed=entities_typed,
        entities_untyped=entities_untyped,
        entities_by_type=_ordered(by_type, ENTITY_TYPES),
        relations=relations,
        relations_by_name=_ordered(by_relation, RELATION_TYPES),
        results=results,
    )
