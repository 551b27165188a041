"""JSON inputs: JSON Lines, a JSON array of records, or an object that holds
the array under "papers", "data" or "items" (a single record object works too).

Records are flat objects read by ``common.record_to_paper``: ``title`` and
``abstract`` are required; ``id``, ``date``, ``authors`` (a list, or one
string), ``url`` and paperkg's own ``sources``, ``n_authors`` and
``categories`` are optional; any other key (annotations, extractions) is
ignored. So the gold file and paperkg's extractions files are inputs too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.ingest.common import line_at, read_text, record_to_paper
from kg.ingest.registry import IngestError, register
from kg.records import Paper

WRAPPER_KEYS = ("papers", "data", "items")
_DECODER = json.JSONDecoder()


def sniff(head: str) -> bool:
    """Text that starts like JSON."""
    return head.lstrip()[:1] in ("{", "[")


@register("jsonl", sniff=sniff, priority=40)
def read(path: Path) -> Iterator[Paper]:
    """The papers of a JSON Lines or JSON file, in file order."""
    for line, record in records(read_text(path), path):
        if not isinstance(record, dict):
            raise IngestError(f"expected a JSON object, got {_kind(record)}", path, line)
        yield record_to_paper(record, path, line)


def records(text: str, path: Path) -> Iterator[tuple[int, Any]]:
    """(line, value) of each record. A first line that is a whole JSON object
    (and not a wrapper of records) means JSON Lines; anything else is read as
    a single JSON document."""
    first = _json_or_none(text.lstrip().partition("\n")[0])
    if isinstance(first, dict) and not is_wrapper(first):
        yield from _lines(text, path)
    else:
        yield from _document(text, path)


def _lines(text: str, path: Path) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as err:
            raise IngestError(f"invalid JSON ({err.msg})", path, number) from None


def _document(text: str, path: Path) -> Iterator[tuple[int, Any]]:
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        raise IngestError(f"invalid JSON ({err.msg})", path, err.lineno) from None
    start = _skip_space(text, 0)
    if text[start] == "[":
        yield from _array_items(text, start)
        return
    wrapped = _wrapped_array(text, start) if text[start] == "{" else None
    if wrapped is not None:
        yield from _array_items(text, wrapped)
    else:
        yield line_at(text, start), _DECODER.raw_decode(text, start)[0]


def _array_items(text: str, start: int) -> Iterator[tuple[int, Any]]:
    """(line, item) of the (valid) JSON array that opens at ``text[start]``.

    >>> list(_array_items('[{"a": 1},\\n {"b": 2}]', 0))
    [(1, {'a': 1}), (2, {'b': 2})]
    """
    position = _skip_space(text, start + 1)
    while text[position] != "]":
        item, end = _DECODER.raw_decode(text, position)
        yield line_at(text, position), item
        position = _skip_space(text, end)
        if text[position] == ",":
            position = _skip_space(text, position + 1)


def _wrapped_array(text: str, start: int) -> int | None:
    """Where the array under a wrapper key of the (valid) object at
    ``text[start]`` opens, or None if the object has no such array.

    >>> _wrapped_array('{"n": 2, "papers": [1, 2]}', 0)
    19
    """
    position = _skip_space(text, start + 1)
    while text[position] != "}":
        key, end = _DECODER.raw_decode(text, position)
        position = _skip_space(text, _skip_space(text, end) + 1)  # past the colon
        if key in WRAPPER_KEYS and text[position] == "[":
            return position
        _, end = _DECODER.raw_decode(text, position)
        position = _skip_space(text, end)
        if text[position] == ",":
            position = _skip_space(text, position + 1)
    return None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def is_wrapper(value: dict[str, Any]) -> bool:
    """An object that holds the records rather than being one.

    >>> is_wrapper({"total": 2, "papers": []}), is_wrapper({"title": "t", "data": []})
    (True, False)
    """
    return "title" not in value and any(isinstance(value.get(k), list) for k in WRAPPER_KEYS)


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def _kind(value: object) -> str:
    return {list: "an array", str: "a string", type(None): "null"}.get(type(value), "a number")
