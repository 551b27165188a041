"""Persisting the graph: an Oxigraph store directory, or a Turtle file.

Both writers are atomic: the new store or file is built next to its target
and renamed into place, so a crash leaves either the old one or the new one
at `path`, never half of one, and readers of the old one keep going until the
swap.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import atomic
from kg.graph.vocab import GRAPH_PREFIXES

StrPath = str | os.PathLike[str]

# rdflib parser names by file suffix, for `load` on a file.
RDF_FILE_FORMATS: dict[str, str] = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}

# Files RocksDB (Oxigraph's backend) always writes; a directory holding them
# is a store we may replace, any other non-empty directory is not ours.
_STORE_MARKERS = ("CURRENT", "IDENTITY")


def write_turtle(graph: Graph, path: StrPath) -> None:
    """Write `graph` as Turtle to `path`, atomically.

    rdflib's Turtle serializer sorts prefixes, subjects, predicates and
    objects, and the graphs of `to_rdf` bind every namespace they use and have
    no blank nodes, so the bytes depend only on the triples (the tests check
    this across hash seeds).
    """
    atomic.write_bytes(Path(path), graph.serialize(format="turtle", encoding="utf-8"))


def write_store(graph: Graph, path: StrPath) -> None:
    """Build an Oxigraph store of `graph` at directory `path`, atomically.

    The store is bulk-loaded into a fresh sibling directory, flushed and
    closed, then swapped with `path` (one atomic exchange where the OS has it,
    two renames otherwise) and the old store deleted. An existing `path` must
    be an Oxigraph store or an empty directory: anything else is refused
    rather than deleted.
    """
    target = Path(path)
    _check_replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A writer killed before its `finally` leaves its staging folder (and the
    # old store in it) behind; nobody else will ever delete it.
    atomic.remove_stale(target.parent, [target.name])
    # mkdtemp's directory is private (0700); the store itself goes one level
    # down, created with the usual umask, and that is what gets renamed.
    staging = Path(
        tempfile.mkdtemp(
            prefix=atomic.temp_prefix(target.name), suffix=atomic.TEMP_SUFFIX, dir=target.parent
        )
    )
    try:
        fresh = staging / "store"
        _bulk_load(graph, fresh)
        _fsync_tree(fresh)
        _swap_into_place(fresh, target)
    finally:
        # After the swap this holds the old store (or nothing).
        shutil.rmtree(staging, ignore_errors=True)


def load(path: StrPath) -> Graph:
    """Open a graph: a store directory read-only, or an RDF file in memory.

    A directory is opened with `pyoxigraph.Store.read_only` and wrapped for
    rdflib by oxrdflib; its triples are the store's default graph. A file is
    parsed by its suffix (see `RDF_FILE_FORMATS`).
    """
    source = Path(path)
    if not source.exists():
        raise FileNotFoundError(f"no graph store or RDF file at {source}")
    if source.is_dir():
        try:
            store = pyoxigraph.Store.read_only(str(source))
        except OSError as error:
            raise OSError(f"{source} is not an Oxigraph store: {error}") from error
        graph = Graph(
            store=OxigraphStore(store=store),
            identifier=DATASET_DEFAULT_GRAPH_ID,
            bind_namespaces="none",
        )
    else:
        fmt = RDF_FILE_FORMATS.get(source.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(RDF_FILE_FORMATS))
            raise ValueError(f"{source}: not a store directory nor an RDF file ({known})")
        graph = Graph(bind_namespaces="none")
        graph.parse(source, format=fmt)
    for prefix, namespace in GRAPH_PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _bulk_load(graph: Graph, directory: Path) -> None:
    # N-Triples is the cheapest format for both rdflib to write and Oxigraph
    # to parse; bulk_load skips the transaction log of an ordinary load.
    data = graph.serialize(format="nt", encoding="utf-8")
    store = pyoxigraph.Store(str(directory))
    store.bulk_load(input=data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    # Dropping the last reference closes RocksDB and releases its lock; the
    # directory must be closed before it is renamed.
    del store


def _check_replaceable(target: Path) -> None:
    if not target.exists() and not target.is_symlink():
        return
    if target.is_symlink() or not target.is_dir():
        raise FileExistsError(f"{target} exists and is not a store directory; not replacing it")
    entries = {entry.name for entry in target.iterdir()}
    if entries and not all(marker in entries for marker in _STORE_MARKERS):
        raise FileExistsError(f"{target} is a directory but no Oxigraph store; not replacing it")


def _swap_into_place(fresh: Path, target: Path) -> None:
    """Move `fresh` to `target`; an old `target` ends up at `fresh`."""
    if not target.exists():
        os.rename(fresh, target)
    elif not _exchange(fresh, target):
        # Two renames: `target` is briefly missing, but never half-written.
        retired = fresh.with_name("old")
        os.rename(target, retired)
        try:
            os.rename(fresh, target)
        except BaseException:
            os.rename(retired, target)
            raise
    atomic.fsync_dir(target.parent)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux renameat2(RENAME_EXCHANGE), so
    that `b` is never missing; False where the OS or filesystem lacks it."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    path_t, fd_t = ctypes.c_char_p, ctypes.c_int
    renameat2.argtypes = [fd_t, path_t, fd_t, path_t, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_tree(directory: Path) -> None:
    # Without this a power cut after the rename could leave the new name
    # pointing at files whose data never reached the disk.
    for entry in directory.iterdir():
        if entry.is_file():
            fd = os.open(entry, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    atomic.fsync_dir(directory)
