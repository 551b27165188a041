"""Builds killed with SIGKILL leave the previous outputs whole.

Every output of `kg build` is replaced atomically, so whenever a build dies
each file in the output folder is the old one or the new one, byte for
byte, the store opens and holds the old graph or the new one, and what a
dead build leaves behind is hidden and cleared by the next build.

Two tests: kills at random moments spread over a build's run time, and a
kill at each of the build's commit points in turn (deterministic).
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg
from kg.atomic import MAX_NAME_BYTES, safe_child, safe_name, write_text
from kg.builder import OUTPUTS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "abstracts.jsonl"
FILES = tuple(name for name in OUTPUTS if name != "store")
KILLS = 6
SEED = 20260101

EXTRA = [
    {
        "id": "2699.00001",
        "title": "GatedLoRA: Gated Low-Rank Adaptation for Language Models",
        "abstract": "We propose GatedLoRA, a parameter-efficient fine-tuning method that "
        "adds a learned gate to LoRA. GatedLoRA is evaluated on GLUE and SQuAD for "
        "question answering, where it reaches 91.2 F1 on SQuAD and outperforms LoRA.",
    },
    {
        "id": "2699.00002",
        "title": "Sparse Mixture of Experts for Speech Recognition",
        "abstract": "We apply a Mixture of Experts Transformer to speech recognition on "
        "LibriSpeech. Our model achieves a word error rate (WER) of 2.1 on "
        "LibriSpeech test-clean, improving on Conformer.",
    },
]

# Runs `kg build` and SIGKILLs itself at the N-th commit point: before each
# rename of a file into place, before and after the store swap.
KILL_AT = """
import os, signal, sys
import kg.atomic, kg.graph.store as store
from kg.cli import app

target, points = int(sys.argv[1]), [0]

def point() -> None:
    points[0] += 1
    if points[0] == target:
        os.kill(os.getpid(), signal.SIGKILL)

real_replace, real_swap = os.replace, store._swap_into_place

def replace(src, dst):
    point()
    real_replace(src, dst)

def swap(fresh, path):
    point()
    real_swap(fresh, path)
    point()

kg.atomic.os.replace = replace
store._swap_into_place = swap
app(sys.argv[2:])
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(out: Path) -> dict[str, str | int]:
    """sha256 of every output file and the store's triple count."""
    state: dict[str, str | int] = {name: digest(out / name) for name in FILES}
    state["store"] = len(kg.load(out / "store"))
    return state


def build_args(inputs: list[Path], out: Path) -> list[str]:
    return ["build", *map(str, inputs), "-o", str(out), "--quiet"]


def kg_build(inputs: list[Path], out: Path) -> float:
    """Run `kg build` to completion in a subprocess; its wall time."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "kg", *build_args(inputs, out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def check_whole(out: Path, old: dict[str, str | int], new: dict[str, str | int]) -> dict[str, str]:
    """Assert every output is the old one or the new one; which, by name."""
    which: dict[str, str] = {}
    for name in FILES:
        now = digest(out / name)
        assert now in (old[name], new[name]), f"{name} is neither the old nor the new file"
        which[name] = "old" if now == old[name] else "new"
    triples = len(kg.load(out / "store"))
    assert triples in (old["store"], new["store"]), f"the store holds {triples} triples"
    which["store"] = "old" if triples == old["store"] else "new"
    for entry in out.iterdir():
        if entry.name not in OUTPUTS:
            # What a killed build leaves: hidden temp names the next one clears.
            assert entry.name.startswith(".") and entry.name.endswith(".tmp"), entry.name
    return which


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    folder = tmp_path_factory.mktemp("inputs")
    extra = folder / "extra.jsonl"
    extra.write_text("".join(json.dumps(p) + "\n" for p in EXTRA), encoding="utf-8")
    return [EXAMPLES], [EXAMPLES, extra]


@pytest.fixture(scope="module")
def reference(
    corpora: tuple[list[Path], list[Path]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, float]:
    """The new input built to completion, and how long that took."""
    out = tmp_path_factory.mktemp("reference")
    seconds = kg_build(corpora[1], out)
    return out, seconds


def fresh_old_state(example_build: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(example_build, out)


def test_random_kills_leave_old_or_new_outputs(
    example_build: Path,
    corpora: tuple[list[Path], list[Path]],
    reference: tuple[Path, float],
    tmp_path: Path,
) -> None:
    ref, seconds = reference
    out = tmp_path / "out"
    fresh_old_state(example_build, out)
    old, new = snapshot(out), snapshot(ref)
    assert old != new
    rng = random.Random(SEED)
    # Most of a build is starting Python and extracting; the writes come at
    # the end, so the kill times lean towards it.
    delays = [seconds * (0.4 + 0.55 * (i + rng.random()) / KILLS) for i in range(KILLS)]
    seen: list[dict[str, str]] = []
    for delay in delays:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", *build_args(corpora[1], out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        seen.append(check_whole(out, old, new))
    print("states after each kill:", [sorted(k for k, v in s.items() if v == "new") for s in seen])
    kg_build(corpora[1], out)
    assert snapshot(out) == new
    for name in FILES:
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name
    assert sorted(entry.name for entry in out.iterdir()) == sorted(OUTPUTS)


def _state(*, report: str, extractions: str, ttl: str, store: str, html: str) -> dict[str, str]:
    return {
        "report.json": report,
        "extractions.jsonl": extractions,
        "graph.ttl": ttl,
        "store": store,
        "graph.html": html,
    }


# Commit points in write order: report.json, extractions.jsonl, graph.ttl,
# the store swap, the old store's removal, graph.html.
@pytest.mark.parametrize(
    ("point", "expected"),
    [
        (1, _state(report="old", extractions="old", ttl="old", store="old", html="old")),
        (2, _state(report="new", extractions="old", ttl="old", store="old", html="old")),
        (3, _state(report="new", extractions="new", ttl="old", store="old", html="old")),
        (4, _state(report="new", extractions="new", ttl="new", store="old", html="old")),
        (5, _state(report="new", extractions="new", ttl="new", store="new", html="old")),
        (6, _state(report="new", extractions="new", ttl="new", store="new", html="old")),
    ],
)
def test_a_kill_at_each_commit_point(
    example_build: Path,
    corpora: tuple[list[Path], list[Path]],
    reference: tuple[Path, float],
    tmp_path: Path,
    point: int,
    expected: dict[str, str],
) -> None:
    ref, _ = reference
    out = tmp_path / "out"
    fresh_old_state(example_build, out)
    old, new = snapshot(out), snapshot(ref)
    done = subprocess.run(
        [sys.executable, "-c", KILL_AT, str(point), *build_args(corpora[1], out)],
        cwd=ROOT,
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert check_whole(out, old, new) == expected
    if point != 5:
        return
    # Killed after the swap, before the old store was deleted: it is still
    # there, hidden, until the next build clears it.
    assert [p.name for p in out.iterdir() if p.name.startswith(".store.")]
    kg_build(corpora[1], out)
    assert sorted(entry.name for entry in out.iterdir()) == sorted(OUTPUTS)
    for name in FILES:
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name


# -- names from input never escape their folder -----------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_safe_child_stays_inside_root(name: str) -> None:
    root = Path(tempfile.gettempdir()) / "kg-safe-child-root"
    child = safe_child(root, name)
    assert child.resolve().parent == root.resolve()
    assert child.name not in ("", ".", "..") and not child.name.startswith(".")
    assert "/" not in child.name and "\x00" not in child.name and "\\" not in child.name
    assert len(child.name.encode("utf-8")) <= MAX_NAME_BYTES
    assert safe_child(root, name) == child  # deterministic


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_safe_names_of_different_strings_differ(a: str, b: str) -> None:
    if a != b:
        assert safe_name(a) != safe_name(b)


def test_safe_child_can_be_written(tmp_path: Path) -> None:
    names = ["../../etc/passwd", "..", ".hidden", "a/b", "a\\b", "x" * 400, "CON", "é" * 90]
    for name in names:
        path = safe_child(tmp_path, name)
        write_text(path, name)
        assert path.parent == tmp_path and path.read_text() == name
    assert len({p.name for p in tmp_path.iterdir()}) == len(names)
    assert safe_name("2601.00001") == "2601.00001"  # ordinary ids stay readable
