"""The graph stage: a resolved `Corpus` as RDF, persisted, and as networkx.

`to_rdf(corpus)` builds the graph; `write_turtle` and `write_store` persist it
(a Turtle file, an Oxigraph store directory); `load` opens either one again,
a store read-only; `to_networkx` gives the view and analytics their graph.
`SCHEMAS_DIR` holds the ontology, shapes, JSON-LD context and example queries.
"""

from kg.graph.nx import to_networkx
from kg.graph.rdf import to_rdf
from kg.graph.store import load, write_store, write_turtle
from kg.graph.vocab import SCHEMAS_DIR

__all__ = ["SCHEMAS_DIR", "load", "to_networkx", "to_rdf", "write_store", "write_turtle"]
