"""The custom attributes the pipeline components write and read.

Registered in one place so every component (and a user inspecting a Doc)
sees the same names.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# (long form, short form) span pairs: "Long Short-Term Memory (LSTM)".
Doc.set_extension("acronyms", default=[], force=True)
# Reported results: list of kg.extract.results.ResultSpan.
Doc.set_extension("results", default=[], force=True)
# Relations: list of (head span, relation name, tail span, evidence sentence,
# confidence).
Doc.set_extension("relations", default=[], force=True)
# The entity the paper is about ("our model", "it"): its main proposed entity.
Doc.set_extension("focus", default=None, force=True)
# Every surface form of the focus entity ("Tokens-to-Token ViT", "T2T-ViT").
Doc.set_extension("focus_forms", default=frozenset(), force=True)
# Whether the paper introduces the entity this span names.
Span.set_extension("proposed", default=False, force=True)
# How likely an entity mention is right (0..1), set by the entities component.
Span.set_extension("confidence", default=None, force=True)
# What found the mention: "lexicon", "acronym", "name", "model", "model_agrees"…
Span.set_extension("sources", default=(), force=True)
