"""SciREX's release files turned into the common corpus format `kg train` reads.

SciREX (github.com/allenai/SciREX, Apache-2.0) ships `release_data.tar.gz`
with `train.jsonl`, `dev.jsonl` and `test.jsonl`: one full paper a line, as
`words`, `sections` (token spans) and `ner` mentions `[start, end, type]`
(end exclusive). paperkg reads abstracts, so each paper becomes its title and
abstract only: the first section, and the next one when it is the abstract,
at most `MAX_TOKENS` tokens, with the mentions inside that range.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg import atomic

MAX_TOKENS = 450


def is_release(path: Path) -> bool:
    """Whether `path` is a SciREX release file (`words` and `ner` on its first line)."""
    try:
        with path.open(encoding="utf-8") as lines:
            first = json.loads(lines.readline())
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and {"words", "ner", "sections"} <= first.keys()


def abstract_end(words: list[str], sections: list[list[int]]) -> int:
    """Where the title and abstract end: after the first section, or after the
    second when it is headed "section : Abstract".

    >>> words = "Title here section : Abstract We do it . section : Intro More".split()
    >>> abstract_end(words, [[0, 2], [2, 9], [9, 12]])
    9
    """
    if not sections:
        return min(len(words), MAX_TOKENS)
    end = sections[0][1]
    if len(sections) > 1 and words[sections[1][0] : sections[1][0] + 3] == [
        "section",
        ":",
        "Abstract",
    ]:
        end = sections[1][1]
    return min(end, MAX_TOKENS)


def to_common(paper: dict[str, Any]) -> dict[str, Any]:
    """One release record as a common-format record of its abstract."""
    words: list[str] = paper["words"]
    end = abstract_end(words, paper.get("sections") or [])
    tokens = words[:end]
    entities = [
        {"start": start, "end": stop, "type": type_}
        for start, stop, type_ in paper["ner"]
        if 0 <= start < stop <= end
    ]
    return {
        "id": paper["doc_id"],
        "text": " ".join(tokens),
        "tokens": tokens,
        "entities": entities,
        "relations": [],
        "meta": {
            "n_ary_relations": paper.get("n_ary_relations", []),
            "salient_clusters": sorted(paper.get("coref", {})),
        },
    }


def read_release(path: Path) -> Iterator[dict[str, Any]]:
    """Common-format records from one release file; a bad line is an error
    naming the file and line."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield to_common(json.loads(line))
            except (ValueError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{number}: not a SciREX record ({err})") from err


def convert(release: Path, out_dir: Path) -> Path:
    """Write `out_dir/scirex/train_abstracts.jsonl` from the release's
    `train.jsonl`; returns `out_dir`, the DATA folder `kg train` takes."""
    records = read_release(release / "train.jsonl")
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    atomic.write_text(out_dir / "scirex" / "train_abstracts.jsonl", text)
    return out_dir


def training_data(path: Path, work_dir: Path) -> Path:
    """The DATA folder to train from: `path` itself when it holds the common
    layout (`scirex/train_abstracts.jsonl`), else, when `path` is SciREX's
    unpacked release, its conversion under `work_dir`."""
    if (path / "scirex" / "train_abstracts.jsonl").is_file():
        return path
    if is_release(path / "train.jsonl"):
        return convert(path, work_dir / "corpora")
    raise ValueError(
        f"{path}: no scirex/train_abstracts.jsonl, nor SciREX's release train.jsonl"
        " (see README: Training)"
    )
