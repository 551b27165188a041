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
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from kg.ingest.common import TextLines, attempt, first_lines, line_at, read_text, record_to_paper
from kg.ingest.registry import IngestError, Item, register
from kg.ingest.report import Note, Problem
from kg.records import Paper

WRAPPER_KEYS = ("papers", "data", "items")
_DECODER = json.JSONDecoder()
_WRAPPER_START = re.compile(r'\s*\{\s*"(?:papers|data|items)"\s*:\s*\[')

Record = tuple[int, Any]


def sniff(head: str) -> bool:
    """Text that starts like JSON."""
    return head.lstrip()[:1] in ("{", "[")


@register("jsonl", sniff=sniff, priority=40)
def read(path: Path) -> Iterator[Item]:
    """The papers of a JSON Lines or JSON file, in file order; a Problem for
    each line or record that is not a valid paper."""
    return papers(path, record_to_paper)


def papers(path: Path, to_paper: Callable[[dict[str, Any], Path, int], Paper]) -> Iterator[Item]:
    """`to_paper` of each JSON object in the file; a Problem for each record
    that is no object or that `to_paper` rejects (shared with the snapshot)."""
    for item in records(path):
        if isinstance(item, Problem | Note):
            yield item
        elif not isinstance(item[1], dict):
            yield Problem(str(path), item[0], f"expected a JSON object, got {_kind(item[1])}")
        else:
            line, record = item
            yield attempt(partial(to_paper, record, path, line))


def records(path: Path) -> Iterator[Record | Problem | Note]:
    """(line, value) of each record, and the problems met on the way.

    JSON Lines (streamed, any size) when the first line is a whole JSON
    object and not a wrapper of records, or when it is broken but the next
    line is such an object at the start of the line (a truncated first
    record). Anything else is read as one JSON document, which must parse as
    a whole: IngestError (a whole-file problem) if it does not.
    """
    if _is_json_lines(path):
        yield from _lines(path)
        return
    text, notes = read_text(path)
    yield from notes
    yield from _document(text, path)


def _is_json_lines(path: Path) -> bool:
    first = first_lines(path, 2)
    if not first:
        return False
    text, complete = first[0]
    if not complete:
        # A first line too long to parse: a record of JSON Lines, unless it
        # opens a one-line wrapper object.
        return text.lstrip().startswith("{") and _WRAPPER_START.match(text) is None
    head = _json_or_none(text)
    if isinstance(head, dict):
        return not is_wrapper(head)
    if head is not None or not text.lstrip().startswith("{") or len(first) < 2:
        return False
    second = _json_or_none(first[1][0]) if first[1][0].startswith("{") else None
    return isinstance(second, dict) and not is_wrapper(second)


def _lines(path: Path) -> Iterator[Record | Problem | Note]:
    lines = TextLines(path)
    for number, line in lines:
        yield from lines.drain()
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError as err:
            yield Problem(str(path), number, f"invalid JSON ({_message(err)})")
        except RecursionError:
            yield Problem(str(path), number, "invalid JSON (nested too deeply)")
    yield from lines.drain()


def _message(err: ValueError) -> str:
    # JSONDecodeError.msg is the message without the position; other
    # ValueErrors (a number of 5000 digits) have only their text.
    return err.msg if isinstance(err, json.JSONDecodeError) else str(err).partition(";")[0]


def _document(text: str, path: Path) -> Iterator[Record]:
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        raise IngestError(f"invalid JSON ({err.msg})", path, err.lineno) from None
    except ValueError as err:
        raise IngestError(f"invalid JSON ({_message(err)})", path) from None
    except RecursionError:
        raise IngestError("invalid JSON (nested too deeply)", path) from None
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
    except (ValueError, RecursionError):
        return None


def _kind(value: object) -> str:
    return {list: "an array", str: "a string", type(None): "null"}.get(type(value), "a number")
