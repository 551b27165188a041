"""Building the spaCy pipeline from its config file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

# Importing the component modules registers their factories with spaCy.
from kg.extract import (  # noqa: F401
    acronyms,
    biluo,
    entities,
    lexicon,
    proposed,
    relations,
    results,
    sentences,
    tokenizer,
)

CONFIG = Path(__file__).parent / "config.cfg"
MODEL = Path(__file__).parent.parent / "models" / "ner"
TRAINED = ("tok2vec", "tagger", "ner")


def build_pipeline(
    config_path: Path = CONFIG, *, model: Path = MODEL, trained: bool = True
) -> Language:
    """A pipeline from a config file, its trained components taken from
    `model`; with `trained=False`, the rules alone (for comparison)."""
    config = Config().from_disk(config_path, overrides={"paths.model": str(model)})
    if not trained:
        config["nlp"]["pipeline"] = [p for p in config["nlp"]["pipeline"] if p not in TRAINED]
        for name in TRAINED:
            config["components"].pop(name, None)
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


@cache
def default_pipeline() -> Language:
    """The shipped pipeline, built once per process."""
    return build_pipeline()


def load_pipeline(path: str | Path | None = None) -> Language:
    """The default pipeline, or one saved with `nlp.to_disk()` at `path`."""
    if path is None:
        return default_pipeline()
    return spacy.load(path)
