"""paperkg: a knowledge graph of methods, datasets, metrics, tasks and
results, built from the abstracts of machine-learning papers.

The public API is small; the CLI, the notebooks and the tests all use it:

- `kg.read(paths)`      ingest input files into `Paper` records
- `kg.extract(papers)`  entities, relations and results of each paper
- `kg.build(inputs, out_dir)`  the whole path: extractions, RDF, store, HTML
- `kg.load(path)`       an rdflib Graph over a built store (read-only)
- `kg.query(graph_or_path, sparql)`  SPARQL answers as a table
"""

from kg.builder import BuildSummary, build
from kg.extract import extract
from kg.graph import load
from kg.ingest import read
from kg.query import query

__all__ = ["BuildSummary", "build", "extract", "load", "query", "read"]
__version__ = "0.1.0"
