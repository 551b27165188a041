"""Annotated corpora as training and test examples in paperkg's five types.

Two sources:

- the public corpora in the common format of `../shared/data` (SciREX, SciER):
  PTB tokens with token-offset entities under the corpus's own type names;
- ANNOTATION.md gold files (`kg/training/annotations/*.jsonl`): entity names
  per paper, without offsets, found again in the text here.

Both become `Example`s: plain text as a reader would see it and character
spans typed as ANNOTATION.md types them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.extract.entities import UMBRELLA
from kg.extract.heads import type_from_head
from kg.extract.lexicon import read_lexicon
from kg.names import normalize
from kg.records import EntityType

# The corpora's type names, mapped as ../shared/data/README.md says; "Method"
# is split into Method and Architecture by `system_type`.
TYPE_MAP: dict[str, EntityType | None] = {
    "Method": "Method",
    "Material": "Dataset",
    "Dataset": "Dataset",
    "Metric": "Metric",
    "Task": "Task",
}


@dataclass(frozen=True, slots=True)
class Example:
    """A text with its entity mentions as (start char, end char, type)."""

    id: str
    text: str
    spans: tuple[tuple[int, int, EntityType], ...]


# Tokens that glue to their left or right neighbour in running text.
_NO_SPACE_BEFORE = frozenset(", . ; : ? ! ) ] } % 's n't".split())
_NO_SPACE_AFTER = frozenset("( [ {".split())
# "section : Abstract", "document :": markers of the SciREX conversion.
_MARKER = re.compile(r"^(?:document|section)$")


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """PTB tokens back to running text, with each token's character offsets.

    >>> text, offsets = detokenize(["Full", "-", "Resolution", "Networks", "(", "FRRN", ")"])
    >>> text, offsets[2:5]
    ('Full-Resolution Networks (FRRN)', [(5, 15), (16, 24), (25, 26)])
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    # "state - of - the - art": a hyphen between two words joins them.
    joins = {
        i
        for i in range(1, len(tokens) - 1)
        if tokens[i] == "-" and tokens[i - 1][-1:].isalnum() and tokens[i + 1][:1].isalnum()
    }
    length = 0
    for i, token in enumerate(tokens):
        glued = (
            i == 0
            or token in _NO_SPACE_BEFORE
            or tokens[i - 1] in _NO_SPACE_AFTER
            or i in joins
            or i - 1 in joins
        )
        if not glued:
            parts.append(" ")
            length += 1
        offsets.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
    return "".join(parts), offsets


def _drop_markers(record: dict[str, object]) -> tuple[list[str], dict[int, int]]:
    """The tokens without SciREX's "section : Name" / "document :" markers, and
    a map from old token index to new."""
    tokens: list[str] = list(record["tokens"])  # type: ignore[call-overload]
    keep: list[int] = []
    i = 0
    while i < len(tokens):
        if _MARKER.match(tokens[i]) and i + 1 < len(tokens) and tokens[i + 1] == ":":
            i += 3 if tokens[i] == "section" and tokens[i + 2 : i + 3] == ["Abstract"] else 2
            continue
        keep.append(i)
        i += 1
    return [tokens[i] for i in keep], {old: new for new, old in enumerate(keep)}


@cache
def _lexicon_types() -> dict[str, EntityType]:
    types: dict[str, EntityType] = {}
    for term in read_lexicon():
        for form in (term.name, *term.aliases):
            types.setdefault(normalize(form), term.type)
    return types


def system_type(name: str) -> EntityType:
    """Method or Architecture for a name the corpus types "Method": the
    lexicon's type where it lists the name, else what its last word says
    (ANNOTATION.md: a named model is a Method, a family an Architecture).

    >>> system_type("Transformer"), system_type("BERT"), system_type("dense attention layers")
    ('Architecture', 'Method', 'Architecture')
    """
    known = _lexicon_types().get(normalize(name))
    if known in ("Method", "Architecture"):
        return known
    return "Architecture" if type_from_head(name) == "Architecture" else "Method"


def read_common(path: Path) -> Iterator[Example]:
    """Examples from a file in the common format of ../shared/data."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield _common_example(record, f"{path.name}:{number}")
            except (json.JSONDecodeError, KeyError, TypeError, IndexError) as err:
                raise ValueError(f"{path}:{number}: bad record ({err})") from err


def _common_example(record: dict[str, object], where: str) -> Example:
    tokens, index = _drop_markers(record)
    text, offsets = detokenize(tokens)
    spans: list[tuple[int, int, EntityType]] = []
    for entity in record["entities"]:  # type: ignore[attr-defined]
        mapped = TYPE_MAP.get(entity["type"])
        first, last = index.get(entity["start"]), index.get(entity["end"] - 1)
        if mapped is None or first is None or last is None:
            continue
        start, end = offsets[first][0], offsets[last][1]
        surface = text[start:end]
        # ANNOTATION.md's umbrella words: a corpus that tags them would teach
        # the model what paperkg must not extract.
        if surface.lower() in UMBRELLA:
            continue
        type_ = system_type(surface) if mapped == "Method" else mapped
        spans.append((start, end, type_))
    return Example(str(record.get("id") or where), text, tuple(sorted(set(spans))))


def read_annotations(path: Path) -> Iterator[Example]:
    """Examples from an ANNOTATION.md gold file: each entity's name and aliases
    found wherever they occur in the title and abstract."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                paper = json.loads(line)
                text = paper["title"] + "\n\n" + paper["abstract"]
                forms = [
                    (form, entity["type"])
                    for entity in paper["entities"]
                    for form in (entity["name"], *entity.get("aliases", []))
                ]
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise ValueError(f"{path}:{number}: bad record ({err})") from err
            yield Example(paper.get("id", f"{path.name}:{number}"), text, _find_forms(text, forms))


def _find_forms(
    text: str, forms: list[tuple[str, EntityType]]
) -> tuple[tuple[int, int, EntityType], ...]:
    """Every occurrence of every form, longest first, never overlapping."""
    taken: list[tuple[int, int, EntityType]] = []
    for form, type_ in sorted(set(forms), key=lambda f: (-len(f[0]), f)):
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            start, end = match.span()
            if all(end <= s or e <= start for s, e, _ in taken):
                taken.append((start, end, type_))
    return tuple(sorted(taken))


def split_of(example_id: str, folds: int = 10) -> int:
    """A stable fold number for a document id (0 = test, 1 = dev, rest train)."""
    digest = hashlib.sha256(example_id.encode()).digest()
    return digest[0] % folds


def documents(examples: Iterable[Example], fold: str) -> list[Example]:
    """The examples of one split ("train", "dev" or "test") by `split_of`."""
    wanted = {"test": {0}, "dev": {1}, "train": set(range(2, 10))}[fold]
    return [e for e in examples if split_of(e.id) in wanted]
