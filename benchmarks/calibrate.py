"""Precision of each way the pipeline finds an entity, and of each relation
type, on gold files.

The entity confidences in kg/extract/entities.py (DEFAULT_CONFIDENCE) are
the first table, measured on the dev gold with the shipped model; the
relation confidences in kg/extract/relations.py are the next two (the
trigger rules' DEFAULT_CONFIDENCE, the paper-level PAPER_LEVEL_CONFIDENCE),
measured on the project's annotated training papers
(kg/training/annotations/train-*), which the rules were developed on but
never the held-out ones. Rerun after retraining or changing the rules, and
copy what changed. Usage:

    python benchmarks/calibrate.py [GOLD.jsonl ...] [--relations GOLD.jsonl ...]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import kg
from kg.evaluate import read_jsonl, score
from kg.extract import load_pipeline
from kg.extract.convert import paper_text
from kg.extract.relations import DEFAULT_CONFIDENCE, PAPER_LEVEL_CONFIDENCE
from kg.names import normalize
from kg.records import Paper
from kg.training import ANNOTATIONS

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "gold" / "dev.jsonl"
    parser.add_argument("gold", nargs="*", type=Path, default=[default])
    parser.add_argument(
        "--relations", nargs="*", type=Path, default=sorted(ANNOTATIONS.glob("train-*.jsonl"))
    )
    args = parser.parse_args()

    nlp = load_pipeline()
    found: Counter[tuple[str, ...]] = Counter()
    right: Counter[tuple[str, ...]] = Counter()
    for path in args.gold:
        for line in path.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            types = {
                normalize(form): e["type"]
                for e in gold["entities"]
                for form in (e["name"], *e.get("aliases", []))
            }
            doc = nlp(paper_text(Paper("p", gold["title"], gold["abstract"])))
            seen: set[str] = set()
            for ent in doc.ents:
                if ent.text in seen:
                    continue  # one entity per name and paper, as scored
                seen.add(ent.text)
                found[ent._.sources] += 1
                right[ent._.sources] += types.get(normalize(ent.text)) == ent.label_
    print(f"{'sources':45} {'found':>6} {'precision':>9}")
    for sources, n in found.most_common():
        print(f"{' + '.join(sources):45} {n:6d} {right[sources] / n:9.2f}")

    gold = [record for path in args.relations for record in read_jsonl(path)]
    predicted = [x.to_json() for x in kg.extract(kg.read(args.relations), nlp=nlp)]
    # The trigger rules and the looser paper-level reading are calibrated
    # apart; each relation's confidence says which one found it.
    for source, confidences in (
        ("rules", DEFAULT_CONFIDENCE),
        ("paper-level", PAPER_LEVEL_CONFIDENCE),
    ):
        report = score(gold, [_only(x, confidences) for x in predicted])
        print(f"\n{'relation (' + source + ')':45} {'found':>6} {'precision':>9}")
        for relation, counts in report.relations_by_name.items():
            n = counts.tp + counts.fp
            if n or source == "rules":
                print(f"{relation:45} {n:6d} {counts.precision if n else float('nan'):9.2f}")


def _only(record: dict[str, Any], confidences: dict[str, float]) -> dict[str, Any]:
    """The record with only the relations whose confidence `confidences` gives."""
    kept = [
        i
        for i, ((_, relation, _), confidence) in enumerate(
            zip(record["relations"], record["relation_confidence"], strict=True)
        )
        if confidences.get(relation) == confidence
    ]
    return record | {"relations": [record["relations"][i] for i in kept]}


if __name__ == "__main__":
    main()
