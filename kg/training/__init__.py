"""Training the entity recogniser that ships in `kg/models/ner`.

`train()` turns the annotated corpora into spaCy training files (gold
entities as `doc.ents` and as BILUO tags in `token.tag_`, which the entity
tagger learns) and runs spaCy's trainer on `tagger.cfg`. It trains on SciREX
(Apache-2.0, so the model may ship) and on the papers annotated for this
project in `annotations/`; SciER (GPL-3.0) is only ever used to evaluate.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import offsets_to_biluo_tags
from spacy.util import filter_spans

import kg.extract.biluo  # noqa: F401  (registers the tag decoder for the trainer)
from kg.extract.tokenizer import create_tokenizer
from kg.training.corpora import (
    Example,
    documents,
    read_annotations,
    read_common,
    split_of,
)

HERE = Path(__file__).parent
CONFIG = HERE / "tagger.cfg"
ANNOTATIONS = HERE / "annotations"
MODEL_DIR = HERE.parent / "models" / "ner"
# Our own annotations follow ANNOTATION.md exactly, SciREX only roughly; they
# count several times over so the model learns paperkg's conventions.
ANNOTATION_WEIGHT = 4


def blank() -> Language:
    """A blank English pipeline with the extraction pipeline's tokenizer."""
    nlp = spacy.blank("en")
    nlp.tokenizer = create_tokenizer()(nlp)
    return nlp


def scirex_examples(data_dir: Path, fold: str) -> list[Example]:
    return documents(read_common(data_dir / "scirex" / "train_abstracts.jsonl"), fold)


# The annotation files trained on. `analysis-*` joined `train-*` once their
# errors had been studied: trained with either half of them, the pipeline
# scored higher on the other half than trained without (typed-entity F1
# 0.776 -> 0.780 and 0.783 -> 0.790). `heldout-*` are never trained on.
TRAINED_PREFIXES = ("train", "analysis")


def annotated_examples(
    directory: Path = ANNOTATIONS, prefixes: tuple[str, ...] = TRAINED_PREFIXES
) -> list[Example]:
    """The examples of our own annotation files named `<prefix>*.jsonl`."""
    return [
        e
        for prefix in prefixes
        for path in sorted(directory.glob(f"{prefix}-*.jsonl"))
        for e in read_annotations(path)
    ]


def to_docbin(nlp: Language, examples: Iterable[Example]) -> DocBin:
    """Docs tokenised as the pipeline will tokenise them, entities as gold."""
    docbin = DocBin(store_user_data=False)
    for example in examples:
        doc = nlp.make_doc(example.text)
        spans = [
            doc.char_span(start, end, label=type_, alignment_mode="expand")
            for start, end, type_ in example.spans
        ]
        doc.ents = filter_spans([s for s in spans if s is not None])
        # The entity tagger learns the entities as BILUO tags, one per token.
        for token, tag in zip(doc, _biluo(doc), strict=True):
            token.tag_ = tag
        docbin.add(doc)
    return docbin


def training_files(
    data_dir: Path, work_dir: Path, *, held_out: frozenset[int] = frozenset()
) -> tuple[Path, Path]:
    """Write train.spacy and dev.spacy into `work_dir`; return their paths.
    Our annotations in the folds `held_out` (by `split_of`) are left out of
    both, for cross-validation."""
    nlp = blank()
    ours = [e for e in annotated_examples() if split_of(e.id) not in held_out]
    # The checkpoint kept is the best on both conventions, SciREX's and ours.
    held = {e.id for e in documents(ours, "dev")}
    train = scirex_examples(data_dir, "train")
    train += [e for e in ours if e.id not in held] * ANNOTATION_WEIGHT
    dev = scirex_examples(data_dir, "dev") + [e for e in ours if e.id in held]
    work_dir.mkdir(parents=True, exist_ok=True)
    paths = work_dir / "train.spacy", work_dir / "dev.spacy"
    for path, examples in zip(paths, (train, dev), strict=True):
        to_docbin(nlp, examples).to_disk(path)
    return paths


def train(
    data_dir: Path,
    work_dir: Path,
    *,
    out_dir: Path = MODEL_DIR,
    config: Path = CONFIG,
    overrides: dict[str, object] | None = None,
    held_out: frozenset[int] = frozenset(),
) -> Path:
    """Train on the corpora under `data_dir` (../shared/data's layout) with
    `config`, keep spaCy's checkpoints in `work_dir` and copy the best model to
    `out_dir`. Returns `out_dir`. Our annotations in the folds `held_out`
    are left out (cross-validation: train with {0, 1} held out, then score
    the pipeline on those papers)."""
    from spacy.cli.train import train as spacy_train

    train_path, dev_path = training_files(data_dir, work_dir, held_out=held_out)
    settings = {"paths.train": str(train_path), "paths.dev": str(dev_path)}
    spacy_train(config, work_dir / "output", overrides=settings | (overrides or {}))
    best = work_dir / "output" / "model-best"
    # Replaced whole: a half-copied model would load and then fail.
    staging = out_dir.with_name(out_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(best, staging)
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    return out_dir


def _biluo(doc: Doc) -> list[str]:
    offsets = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return list(offsets_to_biluo_tags(doc, offsets))
