"""The vocabulary the graph is written in: namespaces, prefixes, and the
relation signatures of ANNOTATION.md.

`schemas/ontology.ttl` is the documentation of record; this module holds the
parts that code needs, and `tests/test_graph.py` checks that the two agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from rdflib import OWL, RDF, RDFS, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.records import ENTITY_TYPES, RELATION_TYPES, EntityType, RelationType

# The package reaches the top-level `schemas/` through the `kg/schemas`
# symlink, so editable installs and wheels (which copy the link's target as
# package data) resolve it the same way.
SCHEMAS_DIR: Final[Path] = Path(__file__).resolve().parent.parent / "schemas"
ONTOLOGY_PATH: Final[Path] = SCHEMAS_DIR / "ontology.ttl"
SHAPES_PATH: Final[Path] = SCHEMAS_DIR / "shapes.ttl"
CONTEXT_PATH: Final[Path] = SCHEMAS_DIR / "context.jsonld"
QUERIES_DIR: Final[Path] = SCHEMAS_DIR / "queries"

PKG: Final = Namespace("https://w3id.org/paperkg/ontology#")
ID: Final = Namespace("https://w3id.org/paperkg/id/")
MLS: Final = Namespace("http://www.w3.org/ns/mls#")
# schema.org's own recommended form; rdflib's SDO uses the same.
SCHEMA: Final = Namespace("https://schema.org/")

# One sub-namespace per kind of instance node: they become prefixes, so that
# the Turtle reads `entity:mamba pkg:uses entity:...` rather than full IRIs.
PAPER_NS: Final = Namespace(ID["paper/"])
ENTITY_NS: Final = Namespace(ID["entity/"])
MENTION_NS: Final = Namespace(ID["mention/"])
RESULT_NS: Final = Namespace(ID["result/"])
ASSERTION_NS: Final = Namespace(ID["assertion/"])

# What queries may use without declaring (kg.query prepends the missing ones).
QUERY_PREFIXES: Final[dict[str, str]] = {
    "pkg": str(PKG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "mls": str(MLS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "paper": str(PAPER_NS),
    "entity": str(ENTITY_NS),
}

# What built graphs bind: the query prefixes plus the remaining instance
# namespaces and owl (for the ontology).
GRAPH_PREFIXES: Final[dict[str, str]] = {
    **QUERY_PREFIXES,
    "owl": str(OWL),
    "mention": str(MENTION_NS),
    "result": str(RESULT_NS),
    "assertion": str(ASSERTION_NS),
}

ENTITY_CLASSES: Final[dict[EntityType, URIRef]] = {t: PKG[t] for t in ENTITY_TYPES}
RELATION_PROPERTIES: Final[dict[RelationType, URIRef]] = {r: PKG[r] for r in RELATION_TYPES}

# Results: what pkg:method / pkg:dataset / pkg:metric may point at. A result
# attributed to an architecture ("a Transformer reaches 28.4 BLEU") is kept.
RESULT_METHOD_TYPES: Final[frozenset[EntityType]] = frozenset({"Method", "Architecture"})
RESULT_DATASET_TYPES: Final[frozenset[EntityType]] = frozenset({"Dataset"})
RESULT_METRIC_TYPES: Final[frozenset[EntityType]] = frozenset({"Metric"})


def local_name(iri: str) -> str:
    """The part of a vocabulary IRI after its namespace.

    >>> local_name("https://w3id.org/paperkg/ontology#evaluatedOn")
    'evaluatedOn'
    >>> local_name("https://schema.org/abstract")
    'abstract'
    """
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1]
    return iri
