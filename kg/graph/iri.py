"""Deterministic IRIs for every node of the graph.

Entities and papers get readable IRIs built from their key or id; mentions,
results and assertions, which have no name, get a content hash of what
identifies them. No blank nodes and no randomness: the same corpus always
yields the same IRIs, so graphs from two runs can be diffed and merged.
"""

from __future__ import annotations

import hashlib
import json

from rdflib import URIRef

from kg.graph.vocab import ASSERTION_NS, ENTITY_NS, MENTION_NS, PAPER_NS, RESULT_NS
from kg.records import Span

# RFC 3986 unreserved characters: the only ones that are safe unescaped in an
# IRI path segment and in a Turtle prefixed name (after rdflib's checks).
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

# 96 bits: collisions stay negligible far beyond any abstract corpus.
_HASH_HEX_CHARS = 24


def encode_segment(text: str) -> str:
    """Percent-encode `text` as one IRI path segment.

    Every byte of the UTF-8 form that is not an unreserved ASCII character is
    escaped, so the result is plain ASCII, valid in any IRI, and decodes back
    to `text`. Lone surrogates are kept (as their surrogate-pass bytes) so no
    Python string is rejected.

    >>> encode_segment("vision-transformer")
    'vision-transformer'
    >>> encode_segment('Résumé <Net> "quoted" {x}|y')
    'R%C3%A9sum%C3%A9%20%3CNet%3E%20%22quoted%22%20%7Bx%7D%7Cy'
    >>> encode_segment("cs/0112017")
    'cs%2F0112017'
    >>> encode_segment("50%")
    '50%25'
    """
    data = text.encode("utf-8", errors="surrogatepass")
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in data)


def content_hash(*parts: object) -> str:
    """A short stable hash of JSON-serialisable parts.

    The parts are hashed as a JSON array, so ("ab", "c") and ("a", "bc")
    differ and the result does not depend on Python's hash seed.

    >>> content_hash("001", "mamba", "abstract", 0, 5)
    'afbc5600bdf0b36e8be78fd7'
    >>> content_hash("ab", "c") != content_hash("a", "bc")
    True
    """
    payload = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(payload.encode("utf-8", errors="surrogatepass")).hexdigest()
    return digest[:_HASH_HEX_CHARS]


def _segment(text: str, what: str) -> str:
    if not text:
        # An empty key would mint the namespace IRI itself, which every other
        # empty key would share.
        raise ValueError(f"cannot mint an IRI for an empty {what}")
    return encode_segment(text)


def entity_iri(concept_key: str) -> URIRef:
    """The IRI of a corpus-wide concept, from its normalised key.

    >>> str(entity_iri("vision-transformer"))
    'https://w3id.org/paperkg/id/entity/vision-transformer'
    >>> str(entity_iri("résumé"))
    'https://w3id.org/paperkg/id/entity/r%C3%A9sum%C3%A9'
    """
    return ENTITY_NS[_segment(concept_key, "concept key")]


def paper_iri(paper_id: str) -> URIRef:
    """The IRI of a paper, from its id.

    >>> str(paper_iri("001-000"))
    'https://w3id.org/paperkg/id/paper/001-000'
    >>> str(paper_iri("hep-th/9901001v2"))
    'https://w3id.org/paperkg/id/paper/hep-th%2F9901001v2'
    """
    return PAPER_NS[_segment(paper_id, "paper id")]


def _span_parts(span: Span | None) -> list[object] | None:
    return None if span is None else [span.field, span.start, span.end]


def mention_iri(paper_id: str, concept_key: str, span: Span) -> URIRef:
    """The IRI of one mention: where a paper names a concept.

    >>> span = Span("abstract", 0, 5, "Mamba", "Mamba is fast.")
    >>> str(mention_iri("001", "mamba", span))
    'https://w3id.org/paperkg/id/mention/afbc5600bdf0b36e8be78fd7'
    """
    return MENTION_NS[content_hash(paper_id, concept_key, *_span_parts(span) or [])]


def assertion_iri(
    paper_id: str, head_key: str, relation: str, tail_key: str, evidence: Span | None
) -> URIRef:
    """The IRI of a `pkg:Assertion`: one paper stating one relation triple.

    The evidence offsets are part of the identity, so a paper that states the
    same triple in two sentences keeps both; an exact repeat collapses.

    >>> a = assertion_iri("001", "jamba", "uses", "mamba", None)
    >>> a == assertion_iri("001", "jamba", "uses", "mamba", None)
    True
    >>> a == assertion_iri("002", "jamba", "uses", "mamba", None)
    False
    >>> str(a).startswith("https://w3id.org/paperkg/id/assertion/")
    True
    """
    return ASSERTION_NS[content_hash(paper_id, head_key, relation, tail_key, _span_parts(evidence))]


def result_iri(
    paper_id: str,
    metric: str,
    value: str,
    unit: str | None = None,
    method: str | None = None,
    dataset: str | None = None,
    delta: bool = False,
    evidence: Span | None = None,
) -> URIRef:
    """The IRI of a `pkg:Result`, from what the paper reports (names as keys).

    >>> r = result_iri("001", "sdr", "9.20", "dB", "ht-demucs", "musdb")
    >>> r == result_iri("001", "sdr", "9.20", "dB", "ht-demucs", "musdb", delta=True)
    False
    >>> str(r).startswith("https://w3id.org/paperkg/id/result/")
    True
    """
    return RESULT_NS[
        content_hash(paper_id, metric, value, unit, method, dataset, delta, _span_parts(evidence))
    ]
