"""SciREX release files become the corpus layout `kg train` reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.training.corpora import read_common
from kg.training.scirex import convert, is_release, training_data

WORDS = (
    "Deep Residual Learning section : Abstract We present ResNet for image classification "
    "on ImageNet . section : Introduction ResNet is also used for detection ."
).split()
# Sections as SciREX gives them: title, abstract, then the body.
PAPER = {
    "doc_id": "abc123",
    "words": WORDS,
    "sentences": [[0, 3], [3, 15], [15, 25]],
    "sections": [[0, 3], [3, 15], [15, 25]],
    "ner": [[8, 9, "Method"], [10, 12, "Task"], [13, 14, "Material"], [18, 19, "Method"]],
    "coref": {"ResNet": [[8, 9], [18, 19]]},
    "n_ary_relations": [{"Method": "ResNet", "Material": "ImageNet", "Score": "0.9"}],
}


def write_release(folder: Path, *lines: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "train.jsonl").write_text("".join(line + "\n" for line in lines))
    return folder


def test_a_release_paper_becomes_its_abstract_with_its_mentions(tmp_path: Path) -> None:
    release = write_release(tmp_path / "release_data", json.dumps(PAPER))
    assert is_release(release / "train.jsonl")

    data = convert(release, tmp_path / "data")
    [example] = read_common(data / "scirex" / "train_abstracts.jsonl")

    assert example.id == "abc123"
    assert "Introduction" not in example.text  # the body is left out
    found = {(example.text[s:e], t) for s, e, t in example.spans}
    # The mention in the body is dropped with it; Material maps to Dataset, and
    # SciREX's Method to ANNOTATION.md's Architecture for a family like ResNet.
    assert found == {
        ("ResNet", "Architecture"),
        ("image classification", "Task"),
        ("ImageNet", "Dataset"),
    }


def test_a_common_format_file_is_not_a_release(tmp_path: Path) -> None:
    common = tmp_path / "train_abstracts.jsonl"
    common.write_text(json.dumps({"id": "x", "tokens": ["a"], "entities": []}) + "\n")
    assert not is_release(common)


def test_a_bad_release_line_names_file_and_line(tmp_path: Path) -> None:
    release = write_release(tmp_path / "r", json.dumps(PAPER), '{"words": ["x"]}')
    with pytest.raises(ValueError, match=r"train\.jsonl:2: not a SciREX record"):
        convert(release, tmp_path / "data")


def test_kg_train_reads_the_release_as_it_is_unpacked(tmp_path: Path) -> None:
    release = write_release(tmp_path / "release_data", json.dumps(PAPER))
    data = training_data(release, tmp_path / "work")
    assert (data / "scirex" / "train_abstracts.jsonl").is_file()
    assert training_data(data, tmp_path / "other") == data  # already converted
