"""Build the RDF graph of a resolved corpus (see schemas/README.md).

`to_rdf` is pure and deterministic: the same `Corpus` gives the same triples
and, through `kg.graph.store.write_turtle`, the same bytes. Anything in the
corpus that would make the graph break `schemas/shapes.ttl` (a relation whose
ends have the wrong types, a span with end <= start, a name that links to no
concept) is left out and logged, so a built graph always conforms.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.graph.iri import assertion_iri, entity_iri, mention_iri, paper_iri, result_iri
from kg.graph.vocab import (
    ENTITY_CLASSES,
    GRAPH_PREFIXES,
    PKG,
    RELATION_PROPERTIES,
    RESULT_DATASET_TYPES,
    RESULT_METHOD_TYPES,
    RESULT_METRIC_TYPES,
    SCHEMA,
)
from kg.names import normalize
from kg.records import (
    RELATION_SIGNATURES,
    Concept,
    Corpus,
    EntityType,
    Extraction,
    Paper,
    Relation,
    Result,
    Span,
)

log = logging.getLogger(__name__)

_Triple = tuple[URIRef, URIRef, URIRef | Literal]

_NUMBER = re.compile(
    r"""[+\-\u2212]?              # sign, including the typographic minus
        (?:\d{1,3}(?:,\d{3})+|\d*) # integer part, maybe with thousands commas
        (?:\.\d+)?                 # fraction
        (?:[eE][+\-]?\d{1,2})?     # small exponent: keeps the plain form short
    """,
    re.VERBOSE,
)
_DATE_FORMS: tuple[tuple[re.Pattern[str], URIRef], ...] = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date),
    (re.compile(r"--(\d{2})-(\d{2})"), XSD.gMonthDay),
    (re.compile(r"\d{4}-(\d{2})"), XSD.gYearMonth),
    (re.compile(r"\d{4}"), XSD.gYear),
)


def decimal_lexical(value: str) -> str | None:
    """The canonical xsd:decimal form of a reported value, or None when the
    value is not a single number.

    >>> decimal_lexical("9.20")
    '9.2'
    >>> decimal_lexical("86")
    '86.0'
    >>> decimal_lexical("1,024.5")
    '1024.5'
    >>> decimal_lexical("\u22120.45")
    '-0.45'
    >>> decimal_lexical("1e-3")
    '0.001'
    >>> decimal_lexical("2.73-7.63") is None
    True
    >>> decimal_lexical("") is None
    True
    """
    text = value.strip()
    if not _NUMBER.fullmatch(text) or not any(c.isdigit() for c in text):
        return None
    try:
        number = Decimal(text.replace(",", "").replace("\u2212", "-"))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    # XSD's canonical decimal: no exponent, no trailing zeros, and at least one
    # digit after the point, so that Turtle's `9.2` shorthand parses back to
    # exactly this literal.
    plain = format(number.normalize(), "f")
    if "." not in plain:
        plain += ".0"
    return "0.0" if plain in ("-0.0", "+0.0") else plain


def date_literal(text: str) -> Literal | None:
    """The paper date as a typed literal, or None when it is not a date.

    >>> date_literal("2023-07-16").datatype == XSD.date
    True
    >>> date_literal("--07-16").datatype == XSD.gMonthDay
    True
    >>> date_literal("2023-07").datatype == XSD.gYearMonth
    True
    >>> date_literal("2023-02-30") is None
    True
    >>> date_literal("July 2023") is None
    True
    """
    for pattern, datatype in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if datatype == XSD.date:
            try:
                date.fromisoformat(text)
            except ValueError:
                return None
        elif datatype == XSD.gMonthDay:
            # 2000 is a leap year, so --02-29 is accepted as XSD does.
            try:
                date(2000, int(match[1]), int(match[2]))
            except ValueError:
                return None
        elif datatype == XSD.gYearMonth and not 1 <= int(match[1]) <= 12:
            return None
        return Literal(text, datatype=datatype)
    return None


def to_rdf(corpus: Corpus) -> Graph:
    """The knowledge graph of a resolved corpus.

    Paper, entity, mention, assertion and result nodes, with the prefixes of
    `kg.graph.vocab.GRAPH_PREFIXES` bound.
    """
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in GRAPH_PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    dropped: Counter[str] = Counter()
    for triple in _corpus_triples(corpus, dropped):
        graph.add(triple)
    if dropped:
        # One line for the whole corpus; the records themselves go to DEBUG.
        summary = ", ".join(f"{n} {what}" for what, n in sorted(dropped.items()))
        log.warning("left out of the graph (they would break schemas/shapes.ttl): %s", summary)
    return graph


def _corpus_triples(corpus: Corpus, dropped: Counter[str]) -> Iterable[_Triple]:
    paper_ids = {x.paper.id for x in corpus.extractions}
    for concept in corpus.concepts.values():
        yield from _concept_triples(concept, paper_ids)
    for extraction in corpus.extractions:
        yield from _paper_triples(extraction.paper, dropped)
        yield from _extraction_triples(corpus, extraction, dropped)


def _concept_triples(concept: Concept, paper_ids: set[str]) -> Iterable[_Triple]:
    node = entity_iri(concept.key)
    yield node, RDF.type, PKG.Entity
    yield node, RDF.type, ENTITY_CLASSES[concept.type]
    yield node, SKOS.prefLabel, Literal(concept.name)
    yield node, PKG.key, Literal(concept.key)
    for alias in concept.aliases:
        # SKOS makes prefLabel and altLabel disjoint.
        if alias and alias != concept.name:
            yield node, SKOS.altLabel, Literal(alias)
    # resolve() records who mentions/proposes what; the extractions say it
    # again, and the graph holds the union (sets make the repeats harmless).
    for paper_id in concept.papers:
        if paper_id in paper_ids:
            yield paper_iri(paper_id), PKG.mentions, node
    for paper_id in concept.proposed_by:
        if paper_id in paper_ids:
            yield paper_iri(paper_id), PKG.mentions, node
            yield paper_iri(paper_id), PKG.proposes, node


def _paper_triples(paper: Paper, dropped: Counter[str]) -> Iterable[_Triple]:
    node = paper_iri(paper.id)
    yield node, RDF.type, PKG.Paper
    yield node, DCTERMS.identifier, Literal(paper.id)
    yield node, DCTERMS.title, Literal(paper.title)
    yield node, SCHEMA.abstract, Literal(paper.abstract)
    if paper.date:
        published = date_literal(paper.date)
        if published is None:
            dropped["dates that are no ISO date"] += 1
            log.debug("paper %s: date %r is no ISO date; left out", paper.id, paper.date)
        else:
            yield node, SCHEMA.datePublished, published
    n_authors = paper.n_authors if paper.n_authors is not None else len(paper.authors) or None
    if n_authors is not None:
        yield node, PKG.authorCount, Literal(n_authors, datatype=XSD.integer)
    for author in paper.authors:
        yield node, SCHEMA.author, Literal(author)
    if paper.url:
        yield node, SCHEMA.url, Literal(paper.url, datatype=XSD.anyURI)
    for source in paper.sources:
        yield node, PKG.sourceDump, Literal(source)
    for category in paper.categories:
        yield node, PKG.category, Literal(category)


def _concept_of(corpus: Corpus, paper_id: str, name: str | None) -> Concept | None:
    if name is None:
        return None
    key = corpus.links.get((paper_id, name))
    if key is None:
        # Results and relations may name an entity by a form resolve() did not
        # link; the normalised name is the key resolve() would have used.
        key = normalize(name)
    return corpus.concepts.get(key)


def _confidence(value: float) -> Literal:
    # Three decimals, clamped: a hand-made record may hold anything, and the
    # lexical form must not depend on float printing.
    return Literal(f"{min(max(value, 0.0), 1.0):.3f}", datatype=XSD.decimal)


def _valid_span(span: Span | None) -> bool:
    return span is not None and 0 <= span.start < span.end


def _span_triples(node: URIRef, span: Span) -> Iterable[_Triple]:
    yield node, PKG.field, Literal(span.field)
    yield node, PKG.start, Literal(span.start, datatype=XSD.integer)
    yield node, PKG.end, Literal(span.end, datatype=XSD.integer)
    yield node, PKG.text, Literal(span.text)
    yield node, PKG.sentence, Literal(span.sentence)


def _extraction_triples(
    corpus: Corpus, extraction: Extraction, dropped: Counter[str]
) -> Iterable[_Triple]:
    paper_id = extraction.paper.id
    paper = paper_iri(paper_id)
    for entity in extraction.entities:
        concept = _concept_of(corpus, paper_id, entity.name)
        if concept is None:
            dropped["entities linked to no concept"] += 1
            log.debug("paper %s: entity %r links to no concept; left out", paper_id, entity.name)
            continue
        node = entity_iri(concept.key)
        yield paper, PKG.mentions, node
        if entity.proposed:
            yield paper, PKG.proposes, node
        for span in entity.mentions:
            if not _valid_span(span):
                dropped["mentions with end <= start"] += 1
                log.debug("paper %s: mention %r has bad offsets; left out", paper_id, span)
                continue
            mention = mention_iri(paper_id, concept.key, span)
            yield mention, RDF.type, PKG.Mention
            yield mention, PKG.refersTo, node
            yield mention, PROV.wasDerivedFrom, paper
            yield mention, PKG.confidence, _confidence(entity.confidence)
            yield from _span_triples(mention, span)
    for relation in extraction.relations:
        yield from _relation_triples(corpus, paper_id, relation, dropped)
    for result in extraction.results:
        yield from _result_triples(corpus, paper_id, result, dropped)


def _typed(concept: Concept | None, allowed: frozenset[EntityType]) -> Concept | None:
    return concept if concept is not None and concept.type in allowed else None


def _relation_triples(
    corpus: Corpus, paper_id: str, relation: Relation, dropped: Counter[str]
) -> Iterable[_Triple]:
    heads, tails = RELATION_SIGNATURES[relation.relation]
    head = _typed(_concept_of(corpus, paper_id, relation.head), heads)
    tail = _typed(_concept_of(corpus, paper_id, relation.tail), tails)
    if head is None or tail is None or head.key == tail.key:
        # A self-loop comes from two names that resolve() merged; it says
        # nothing, and the rest would break the relation's domain or range.
        dropped["relations that fit no signature"] += 1
        log.debug("paper %s: relation %r fits no signature; left out", paper_id, relation)
        return
    prop = RELATION_PROPERTIES[relation.relation]
    subject, obj = entity_iri(head.key), entity_iri(tail.key)
    yield subject, prop, obj
    node = assertion_iri(paper_id, head.key, relation.relation, tail.key, relation.evidence)
    yield node, RDF.type, PKG.Assertion
    yield node, RDF.subject, subject
    yield node, RDF.predicate, prop
    yield node, RDF.object, obj
    yield node, PROV.wasDerivedFrom, paper_iri(paper_id)
    yield node, PKG.confidence, _confidence(relation.confidence)
    if relation.evidence is not None and _valid_span(relation.evidence):
        yield from _span_triples(node, relation.evidence)


def _result_triples(
    corpus: Corpus, paper_id: str, result: Result, dropped: Counter[str]
) -> Iterable[_Triple]:
    metric = _typed(_concept_of(corpus, paper_id, result.metric), RESULT_METRIC_TYPES)
    if metric is None:
        dropped["results whose metric is no Metric"] += 1
        log.debug("paper %s: result %r: metric is no Metric concept; left out", paper_id, result)
        return
    # A method or dataset of the wrong type is dropped, the result kept: the
    # metric and value are what the result is about.
    method = _typed(_concept_of(corpus, paper_id, result.method), RESULT_METHOD_TYPES)
    dataset = _typed(_concept_of(corpus, paper_id, result.dataset), RESULT_DATASET_TYPES)
    node = result_iri(
        paper_id,
        metric.key,
        result.value,
        result.unit,
        method.key if method else None,
        dataset.key if dataset else None,
        result.delta,
        result.evidence,
    )
    yield node, RDF.type, PKG.Result
    yield node, PKG.metric, entity_iri(metric.key)
    if method is not None:
        yield node, PKG.method, entity_iri(method.key)
    if dataset is not None:
        yield node, PKG.dataset, entity_iri(dataset.key)
    yield node, PKG.value, Literal(result.value)
    numeric = decimal_lexical(result.value)
    if numeric is not None:
        yield node, PKG.numericValue, Literal(numeric, datatype=XSD.decimal)
    if result.unit:
        yield node, PKG.unit, Literal(result.unit)
    yield node, PKG.isDelta, Literal(result.delta)
    yield node, PROV.wasDerivedFrom, paper_iri(paper_id)
    yield node, PKG.confidence, _confidence(result.confidence)
    if result.evidence is not None and _valid_span(result.evidence):
        yield from _span_triples(node, result.evidence)
