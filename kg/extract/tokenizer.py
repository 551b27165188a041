"""Tokenizer rules for scientific text.

spaCy's English defaults were tuned on news and web text. Abstracts are full
of model names, versions and measurements whose tokens matter downstream:
"GPT-4", "Jamba-1.5", "Mamba2" and "3D" stay whole so the name matchers see
them, while "2.73x" and "86.18%" split into number + unit so results can be
read off.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_suffix_regex, registry

# Multipliers that spaCy's suffix list lacks ("3.5x faster"). Magnitudes
# such as "7B" are left alone: splitting them would break "Llama-2-7B".
_NUMBER_SUFFIXES = [r"(?<=[0-9])(?:x|×)$"]
# A sentence-final period after a capital ("... named FMViT.", "BERT.") is
# punctuation; spaCy keeps it on the word because "U.S." looks the same.
# So is one after a size, dimension or split ("Falcon2 11B.", "DiT-2D.", "DB2-B.").
_NAME_PERIOD_SUFFIXES = [r"(?<=[a-z][A-Z])\.$", r"(?<=[A-Z]{2})\.$", r"(?<=[-0-9][A-Z])\.$"]
# "Factorized Transformer(FactFormer)": a bracket glued to a word opens an aside.
_GLUED_BRACKET_INFIX = r"(?<=[A-Za-z0-9])\((?=[A-Za-z])"
# "MobileNet-V1|ResNet-50|ConvNeXt-T": tables squeezed into prose separate
# their columns with pipes, which spaCy leaves inside the word.
_PIPE_INFIX = r"\|"

# spaCy splits a hyphen between digits as arithmetic ("2-7"); in papers it
# sits inside names ("Llama-2-7B") far more often, so only + * ^ still split.
_ARITHMETIC_INFIX = r"(?<=[0-9])[+\-\*^](?=[0-9-])"
_NAME_SAFE_INFIX = r"(?<=[0-9])[+\*^](?=[0-9-])"

# "e.g." and "i.e." are already exceptions; these are the ones papers add,
# and their periods must not end a sentence.
_ABBREVIATIONS = ("al.", "Fig.", "Eq.", "Sec.", "Tab.", "vs.", "cf.", "approx.", "resp.", "w.r.t.")


@registry.tokenizers("paperkg.scientific_tokenizer.v1")  # type: ignore[untyped-decorator]
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's English tokenizer with the rules above (used from config.cfg)."""

    default_tokenizer = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        tokenizer: Tokenizer = default_tokenizer(nlp)
        suffixes = list(nlp.Defaults.suffixes or []) + _NUMBER_SUFFIXES + _NAME_PERIOD_SUFFIXES
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        infixes = [
            _NAME_SAFE_INFIX if rule == _ARITHMETIC_INFIX else rule
            for rule in nlp.Defaults.infixes or []
        ] + [_GLUED_BRACKET_INFIX, _PIPE_INFIX]
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        for abbr in _ABBREVIATIONS:
            tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
        return tokenizer

    return make
