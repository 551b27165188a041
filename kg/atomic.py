"""Atomic file writes: a reader sees the old file or the new one, never half.

Write to a temporary file in the same directory, flush it to disk, then
rename over the target (rename is atomic within a file system on POSIX) and
flush the directory, so that the rename itself survives a power cut.

Temporary names start with "." and end with ".tmp" (`temp_prefix`); a
process killed mid-write leaves one behind, and `remove_stale` clears them
at the start of the next run.

`safe_child` turns any string (a paper id, a title, a name taken from input)
into a file name that stays inside a given folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

TEMP_SUFFIX = ".tmp"

# Longest name `safe_child` returns, in UTF-8 bytes: well under the 255 of
# common file systems, leaving room for a temp prefix and suffix around it.
MAX_NAME_BYTES = 120
_HASH_CHARS = 10
# Kept as is in a safe name; everything else becomes "_". Letters and digits
# of any script are kept (see `_keep`), so names stay readable.
_PLAIN = frozenset("-_.+=@,")
_HASHED = re.compile(rf"(?:^|-)[0-9a-f]{{{_HASH_CHARS}}}$")
_RESERVED_WINDOWS = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$")


def temp_prefix(name: str) -> str:
    """The prefix of the temporary files and folders that stand in for `name`
    while it is being written."""
    return f".{name}."


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        # mkstemp creates the file 0600; give it the mode a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    # The rename lives in the directory: without this a power cut could bring
    # back the old name (or none) even though the data was flushed.
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Flush a directory's entries (renames, creations) to disk."""
    if sys.platform == "win32":  # pragma: no cover - directories cannot be opened there
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stale_temps(directory: Path, names: Iterable[str]) -> list[Path]:
    """The temporary files and folders that writes of `names` into
    `directory` left behind (a killed process cannot remove its own)."""
    if not directory.is_dir():
        return []
    prefixes = tuple(temp_prefix(name) for name in names)
    return sorted(
        entry
        for entry in directory.iterdir()
        if entry.name.startswith(prefixes) and entry.name.endswith(TEMP_SUFFIX)
    )


def remove_stale(directory: Path, names: Iterable[str]) -> list[Path]:
    """Delete what `stale_temps` finds and return it.

    Only names this module (or `kg.graph.store`) would have made for `names`
    are touched, so other files in `directory` are safe. A second writer
    running into the same folder at the same time would lose its temporary
    file: like any build, one writer per output folder at a time.
    """
    removed = stale_temps(directory, names)
    for entry in removed:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    return removed


def safe_name(name: str) -> str:
    """A file name made from any string: no separators, no `..`, no NUL or
    control characters, no leading dot, at most `MAX_NAME_BYTES` bytes.

    Readable characters are kept; a short hash of the original string is
    appended whenever anything was changed, so two different strings never
    map to one name.

    >>> safe_name("2601.00001")
    '2601.00001'
    >>> safe_name("../../etc/passwd")
    'etc_passwd-3754d6cb3a'
    """
    normal = unicodedata.normalize("NFC", name)
    kept = "".join(c if _keep(c) else "_" for c in normal).lstrip("._")
    # A name that already looks hashed is hashed again, so that no string
    # passed through unchanged can equal another's hashed name.
    if (
        kept == name
        and kept
        and _fits(kept)
        and not _RESERVED_WINDOWS.match(kept)
        and not _HASHED.search(kept)
    ):
        return kept
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]
    stem = kept
    while stem and not _fits(f"{stem}-{digest}"):
        stem = stem[:-1]
    return f"{stem}-{digest}" if stem else digest


def safe_child(root: Path, name: str) -> Path:
    """`root / safe_name(name)`: a path directly inside `root` whatever `name`
    holds (a paper id, a title, any string from input)."""
    child = Path(root) / safe_name(name)
    if child.parent != Path(root):  # pragma: no cover - safe_name rules it out
        raise ValueError(f"unsafe file name made from {name!r}")
    return child


def _keep(c: str) -> bool:
    if c in _PLAIN:
        return True
    # Letters, marks and digits of any script; never separators, controls,
    # surrogates, format characters (bidi overrides) or private use.
    return unicodedata.category(c)[0] in "LN" or unicodedata.category(c) in ("Mn", "Mc")


def _fits(name: str) -> bool:
    return len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
