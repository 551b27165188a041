"""Tests for kg.evaluate: the scorer of ANNOTATION.md, "How a prediction is scored".

The expected counts of the fixture pair were worked out by hand from the
fixture files (see the comments at FIXTURE_* below), not by running the code.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from kg.evaluate import (
    Counts,
    JsonlError,
    Report,
    match_entities,
    normalize_value,
    read_jsonl,
    score,
)

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
DEV_GOLD = Path(__file__).parents[2] / "shared" / "gold" / "dev.jsonl"


def _entity(name: str, type_: str, *aliases: str) -> dict[str, Any]:
    return {"name": name, "type": type_, "aliases": list(aliases), "proposed": False}


def _paper(
    id_: str = "x",
    title: str = "A title",
    entities: list[dict[str, Any]] | None = None,
    relations: list[list[str]] | None = None,
    results: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "id": id_,
        "title": title,
        "entities": entities or [],
        "relations": relations or [],
        "results": results or [],
    }


def _result(
    value: str,
    metric: str | None = "accuracy",
    method: str | None = None,
    dataset: str | None = None,
) -> dict[str, Any]:
    return {
        "method": method,
        "dataset": dataset,
        "metric": metric,
        "value": value,
        "unit": None,
        "delta": False,
    }


def _all_counts(report: Report) -> list[Counts]:
    return [
        report.entities_typed,
        report.entities_untyped,
        *report.entities_by_type.values(),
        report.relations,
        *report.relations_by_name.values(),
        report.results,
    ]


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    return read_jsonl(FIXTURES / "gold.jsonl")


@pytest.fixture(scope="module")
def fixture_report(gold: list[dict[str, Any]]) -> Report:
    return score(gold, read_jsonl(FIXTURES / "pred.jsonl"))


# --------------------------------------------------------------------------- fixture pair
#
# gold p1 (7 entities) vs pred p1 (same id, 8 entities):
#   HT Demucs/Method          -> Hybrid Transformer Demucs (gold alias)   typed+untyped tp
#   Hybrid Demucs/Task        -> Hybrid Demucs/Method: untyped tp; typed fp(Task)+fn(Method)
#   vision-transformer        -> Vision Transformers (hyphen + plural)    tp
#   MUSDB, music source separation                                         tp
#   SDR + signal-to-distortion ratio, both -> gold SDR (aliases): 1 tp + 1 fp (Metric)
#   U-Net/Architecture        -> nothing                                   fp
#   gold Transformer/Architecture not predicted                            fn
#   => untyped tp 6 fp 2 fn 1; typed tp 5 fp 3 fn 2
#   relations (gold 5, pred 5):
#     [HT Demucs basedOn Hybrid Demucs]            tp (head via pred alias set)
#     [HT Demucs evaluatedOn MUSDB]                fp; gold trainedOn fn (wrong name)
#     [Hybrid Transformer Demucs evaluatedWith signal-to-distortion ratio]
#                                                  tp (bare pred head; tail via gold alias)
#     [HT Demucs outperforms Hybrid Demucs] x2     1 tp + 1 fp (duplicate)
#     gold [MUSDB benchmarkFor music source separation]  fn
#     => tp 3 fp 2 fn 2
#   results: 9.20 all agree -> tp; 0.45 gold dataset null, pred MUSDB -> tp => tp 2
# gold p2 vs pred "3f9a1c0e" (hashed id, same title up to case/spaces/punctuation):
#   entities T2T-ViT (alias), ImageNet, top-1 accuracy, ResNets (plural): 4 tp
#   relations [T2T-ViT evaluatedOn ImageNet], [T2T-ViT outperforms ResNets]: 2 tp
#   results: 83.3 dataset CIFAR-10 vs ImageNet -> fp + fn;
#            "2.73 <en dash> 7.63" vs "2.73-7.63", gold method null, metric case -> tp
#   => tp 1 fp 1 fn 1
# gold p3 has no prediction: 3 entity fn (Method, Dataset, Metric), 1 relation fn
#   (evaluatedOn), 1 result fn.
# pred p9 is not in gold: ignored.


def test_fixture_papers(fixture_report: Report) -> None:
    r = fixture_report
    assert (r.gold_papers, r.predicted_papers, r.matched_papers) == (3, 3, 2)
    assert r.matched_by_title == 1
    assert (r.unmatched_gold, r.unmatched_predicted) == (1, 1)


def test_fixture_entities(fixture_report: Report) -> None:
    r = fixture_report
    assert r.entities_untyped == Counts(tp=10, fp=2, fn=4)
    assert r.entities_typed == Counts(tp=9, fp=3, fn=5)
    assert r.entities_by_type == {
        "Method": Counts(tp=2, fp=0, fn=2),
        "Architecture": Counts(tp=2, fp=1, fn=1),
        "Dataset": Counts(tp=2, fp=0, fn=1),
        "Metric": Counts(tp=2, fp=1, fn=1),
        "Task": Counts(tp=1, fp=1, fn=0),
    }


def test_fixture_relations(fixture_report: Report) -> None:
    r = fixture_report
    assert r.relations == Counts(tp=5, fp=2, fn=3)
    assert r.relations_by_name == {
        "basedOn": Counts(tp=1),
        "trainedOn": Counts(fn=1),
        "evaluatedOn": Counts(tp=1, fp=1, fn=1),
        "evaluatedWith": Counts(tp=1),
        "outperforms": Counts(tp=2, fp=1),
        "benchmarkFor": Counts(fn=1),
    }


def test_fixture_results(fixture_report: Report) -> None:
    assert fixture_report.results == Counts(tp=3, fp=1, fn=2)


def test_fixture_scores(fixture_report: Report) -> None:
    typed = fixture_report.entities_typed
    assert typed.precision == pytest.approx(9 / 12)
    assert typed.recall == pytest.approx(9 / 14)
    assert typed.f1 == pytest.approx(2 * (9 / 12) * (9 / 14) / (9 / 12 + 9 / 14))


def test_perfect_prediction(gold: list[dict[str, Any]]) -> None:
    # Extra keys a predictor adds must not matter.
    pred = copy.deepcopy(gold)
    for paper in pred:
        paper["abstract"] = "..."
        paper["relation_evidence"] = []
        for entity in paper["entities"]:
            entity["mentions"] = [[0, 1]]
    report = score(gold, pred)
    assert report.matched_papers == 3
    assert all(c.f1 == 1.0 and c.precision == 1.0 and c.recall == 1.0 for c in _all_counts(report))
    assert report.entities_typed == Counts(tp=14)
    assert report.relations == Counts(tp=8)
    assert report.results == Counts(tp=5)


@pytest.mark.parametrize("empty", ["no records", "empty records"])
def test_empty_prediction(gold: list[dict[str, Any]], empty: str) -> None:
    pred = [] if empty == "no records" else [_paper(p["id"], p["title"]) for p in gold]
    report = score(gold, pred)
    for counts in _all_counts(report):
        assert counts.tp == counts.fp == 0
        assert counts.recall == counts.precision == counts.f1 == 0.0
    assert report.entities_untyped.fn == 14
    assert report.relations.fn == 8
    assert report.results.fn == 5


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="shared gold not checked out")
def test_dev_gold_against_itself() -> None:
    gold = read_jsonl(DEV_GOLD)
    report = score(gold, gold)
    assert report.matched_papers == report.gold_papers == len(gold)
    for counts in _all_counts(report):
        assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0)
        assert counts.fp == counts.fn == 0


# --------------------------------------------------------------------------- entities


def test_alias_matches_name() -> None:
    gold = [_paper(entities=[_entity("Hybrid Transformer Demucs", "Method", "HT Demucs")])]
    pred = [_paper(entities=[_entity("HT Demucs", "Method")])]
    assert score(gold, pred).entities_typed == Counts(tp=1)


def test_plural_and_hyphen() -> None:
    gold = [_paper(entities=[_entity("Vision Transformers", "Architecture")])]
    pred = [_paper(entities=[_entity("vision-transformer", "Architecture")])]
    assert score(gold, pred).entities_typed == Counts(tp=1)


def test_type_mismatch_counts_untyped_only() -> None:
    gold = [_paper(entities=[_entity("BERT", "Method")])]
    pred = [_paper(entities=[_entity("BERT", "Architecture")])]
    report = score(gold, pred)
    assert report.entities_untyped == Counts(tp=1)
    assert report.entities_typed == Counts(fp=1, fn=1)
    assert report.entities_by_type == {"Method": Counts(fn=1), "Architecture": Counts(fp=1)}


def test_gold_entity_matches_once() -> None:
    gold = [_paper(entities=[_entity("Hybrid Transformer Demucs", "Method", "HT Demucs")])]
    pred = [
        _paper(
            entities=[
                _entity("HT Demucs", "Method"),
                _entity("Hybrid Transformer Demucs", "Method"),
            ]
        )
    ]
    assert score(gold, pred).entities_untyped == Counts(tp=1, fp=1)
    # The exact name wins the gold entity, whatever the file order.
    assert match_entities(gold[0]["entities"], pred[0]["entities"], typed=True) == [(0, 1)]


def test_predicted_entity_matches_once() -> None:
    # One prediction whose aliases cover two gold entities still counts once.
    gold = [_paper(entities=[_entity("LLaMA", "Method"), _entity("LLaMA 2", "Method")])]
    pred = [_paper(entities=[_entity("LLaMA", "Method", "LLaMA 2")])]
    assert score(gold, pred).entities_typed == Counts(tp=1, fn=1)


def test_matching_is_maximal_not_just_greedy() -> None:
    # Greedy by exact name pairs pred "A" with gold "A", leaving pred "B"
    # (alias of gold "A" only) unmatched; the maximal matching moves pred "A"
    # to gold "Z", whose alias it is, so both predictions count.
    gold_entities = [_entity("A", "Task", "B"), _entity("Z", "Task", "A")]
    pred_entities = [_entity("A", "Task"), _entity("B", "Task")]
    assert match_entities(gold_entities, pred_entities, typed=False) == [(0, 1), (1, 0)]


def test_unknown_predicted_type_is_listed() -> None:
    gold = [_paper(entities=[_entity("BERT", "Method")])]
    pred = [_paper(entities=[_entity("BERT", "Model"), {"name": "GLUE"}])]
    report = score(gold, pred)
    assert report.entities_by_type == {
        "Method": Counts(fn=1),
        "(none)": Counts(fp=1),
        "Model": Counts(fp=1),
    }


# --------------------------------------------------------------------------- relations


def test_relation_ends_through_aliases() -> None:
    gold = [
        _paper(
            entities=[
                _entity("Hybrid Transformer Demucs", "Method", "HT Demucs"),
                _entity("MUSDB", "Dataset", "MUSDB18"),
            ],
            relations=[["Hybrid Transformer Demucs", "trainedOn", "MUSDB"]],
        )
    ]
    pred = [
        _paper(
            entities=[_entity("HT Demucs", "Method"), _entity("MUSDB18", "Dataset")],
            # The tail is an alias of a predicted entity whose name is not the
            # gold name; the head is the predicted name.
            relations=[["HT Demucs", "trainedOn", "musdb18"]],
        )
    ]
    assert score(gold, pred).relations == Counts(tp=1)


def test_relation_end_not_an_entity_compares_bare_key() -> None:
    gold = [_paper(relations=[["Vision Transformers", "isA", "Transformer"]])]
    assert score(
        gold, [_paper(relations=[["vision transformer", "isA", "transformers"]])]
    ).relations == Counts(tp=1)
    assert score(gold, [_paper(relations=[["ViT", "isA", "Transformer"]])]).relations == Counts(
        fp=1, fn=1
    )


def test_relation_wrong_name_or_direction() -> None:
    entities = [_entity("FastViT", "Method"), _entity("Vision Transformer", "Architecture")]
    gold = [_paper(entities=entities, relations=[["FastViT", "isA", "Vision Transformer"]])]
    wrong_name = [_paper(entities=entities, relations=[["FastViT", "uses", "Vision Transformer"]])]
    reversed_ = [_paper(entities=entities, relations=[["Vision Transformer", "isA", "FastViT"]])]
    report = score(gold, wrong_name)
    assert report.relations == Counts(fp=1, fn=1)
    assert report.relations_by_name == {"isA": Counts(fn=1), "uses": Counts(fp=1)}
    assert score(gold, reversed_).relations == Counts(fp=1, fn=1)


# --------------------------------------------------------------------------- results


def test_result_dataset_conflict_vs_null() -> None:
    gold = [_paper(results=[_result("83.3", "top-1 accuracy", "T2T-ViT", "ImageNet")])]
    conflict = [_paper(results=[_result("83.3", "top-1 accuracy", "T2T-ViT", "CIFAR-10")])]
    pred_null = [_paper(results=[_result("83.3", "top-1 accuracy", "T2T-ViT", None)])]
    assert score(gold, conflict).results == Counts(fp=1, fn=1)
    assert score(gold, pred_null).results == Counts(tp=1)
    gold_null = [_paper(results=[_result("83.3", "top-1 accuracy", None, None)])]
    assert score(gold_null, conflict).results == Counts(tp=1)


def test_result_metric_and_value() -> None:
    gold = [
        _paper(
            entities=[_entity("SDR", "Metric", "signal-to-distortion ratio")],
            results=[_result("9.20", "SDR")],
        )
    ]
    assert score(
        gold, [_paper(results=[_result("9.20", "signal-to-distortion ratio")])]
    ).results == Counts(tp=1)
    assert score(gold, [_paper(results=[_result("9.2", "SDR")])]).results == Counts(fp=1, fn=1)
    assert score(gold, [_paper(results=[_result("9.20", "BLEU")])]).results == Counts(fp=1, fn=1)
    assert score(gold, [_paper(results=[_result("9.20", None)])]).results == Counts(fp=1, fn=1)


def test_result_prefers_specific_match() -> None:
    # Two gold results share metric and value; the vague prediction (no
    # dataset) must leave the one with a dataset to the specific prediction.
    gold = [
        _paper(
            results=[
                _result("1.0", "accuracy", None, "A"),
                _result("1.0", "accuracy", None, "B"),
            ]
        )
    ]
    pred = [_paper(results=[_result("1.0", "accuracy"), _result("1.0", "accuracy", None, "A")])]
    assert score(gold, pred).results == Counts(tp=2)


def test_normalize_value() -> None:
    assert normalize_value("2.73 - 7.63") == normalize_value("2.73-7.63") == "2.73-7.63"
    assert normalize_value("2.73\u20137.63") == "2.73-7.63"
    assert normalize_value("\u22120.5") == "-0.5"
    assert normalize_value(None) == ""


# --------------------------------------------------------------------------- papers


def test_pairing_by_title_when_ids_differ() -> None:
    gold = [
        _paper("000-001", "Attention Is All You Need", [_entity("Transformer", "Architecture")])
    ]
    pred = [
        _paper("sha-1f2e", "attention is all\nyou need.", [_entity("Transformers", "Architecture")])
    ]
    report = score(gold, pred)
    assert (report.matched_papers, report.matched_by_title) == (1, 1)
    assert report.entities_typed == Counts(tp=1)


def test_id_wins_over_title_and_duplicates_are_unmatched() -> None:
    gold = [_paper("a", "Title One", [_entity("BERT", "Method")])]
    pred = [
        _paper("b", "Title One", [_entity("GPT-4", "Method")]),
        _paper("a", "Other", [_entity("BERT", "Method")]),
        _paper("a", "Other", [_entity("BERT", "Method")]),
    ]
    report = score(gold, pred)
    assert (report.matched_papers, report.matched_by_title, report.unmatched_predicted) == (1, 0, 2)
    assert report.entities_typed == Counts(tp=1)


def test_bad_relation_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"predicted paper 'x'.*\[head, relation, tail\]"):
        score([_paper()], [_paper(relations=[["a", "isA"]])])


# --------------------------------------------------------------------------- output


def test_to_text(fixture_report: Report) -> None:
    text = fixture_report.to_text()
    assert not text.endswith("\n")
    lines = text.splitlines()
    assert lines[0] == (
        "papers: 3 gold, 3 predicted, 2 matched (1 by title); "
        "1 gold without prediction, 1 predicted not in gold"
    )
    assert lines[1].split() == ["P", "R", "F1", "tp", "fp", "fn"]
    assert lines[2].split() == ["entities", "(typed)", "0.750", "0.643", "0.692", "9", "3", "5"]
    assert lines[3].split() == ["Method", "1.000", "0.500", "0.667", "2", "0", "2"]
    assert lines[3].startswith("  Method")
    assert "entities (untyped)" in text and "  outperforms" in text
    assert lines[-1].split() == ["results", "0.750", "0.600", "0.667", "3", "1", "2"]


def test_to_json(fixture_report: Report) -> None:
    data = fixture_report.to_json()
    assert list(data) == [
        "papers",
        "entities_typed",
        "entities_untyped",
        "entities_by_type",
        "relations",
        "relations_by_name",
        "results",
    ]
    assert data["papers"] == {
        "gold": 3,
        "predicted": 3,
        "matched": 2,
        "matched_by_title": 1,
        "unmatched_gold": 1,
        "unmatched_predicted": 1,
    }
    assert list(data["results"]) == ["precision", "recall", "f1", "tp", "fp", "fn"]
    assert list(data["entities_by_type"]) == ["Method", "Architecture", "Dataset", "Metric", "Task"]
    assert data["relations_by_name"]["trainedOn"]["f1"] == 0.0
    assert json.loads(json.dumps(data)) == data


def test_f1_undefined_is_zero() -> None:
    assert Counts().f1 == Counts().precision == Counts().recall == 0.0
    assert Counts(tp=0, fp=3, fn=2).f1 == 0.0


# --------------------------------------------------------------------------- reading


def test_read_jsonl_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_text('{"id": "a"}\n\n{"id": \n', encoding="utf-8")
    with pytest.raises(JsonlError, match=r"pred\.jsonl:3: invalid JSON") as info:
        read_jsonl(path)
    assert "\n" not in str(info.value)


def test_read_jsonl_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_text('{"id": "a"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(JsonlError, match=r"pred\.jsonl:2: expected a JSON object, got list"):
        read_jsonl(path)


def test_read_jsonl_skips_blank_lines_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a"}\r\n\n  \n{"id": "b"}')
    assert read_jsonl(path) == [{"id": "a"}, {"id": "b"}]


def test_kg_eval_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    gold, pred = str(FIXTURES / "gold.jsonl"), str(FIXTURES / "pred.jsonl")
    done = runner.invoke(app, ["eval", "--gold", gold, pred])
    assert done.exit_code == 0 and done.stdout.startswith("papers: 3 gold")
    done = runner.invoke(app, ["eval", "--gold", gold, pred, "--json"])
    assert json.loads(done.stdout)["results"]["tp"] == 3
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{\n", encoding="utf-8")
    done = runner.invoke(app, ["eval", "--gold", gold, str(bad)])
    assert done.exit_code == 2
