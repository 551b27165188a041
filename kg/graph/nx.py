"""The knowledge graph as a networkx MultiDiGraph, for analytics and the
HTML view.

Contract (the pyvis view is built against it):

- node id: the IRI string of a paper or entity;
- node attributes: `label` (prefLabel, or title for a paper), `type`
  ("Paper", "Method", "Architecture", "Dataset", "Metric", "Task"), `papers`
  (sorted titles of the papers that mention it; a paper's own title for a
  paper), `proposed_by` (sorted titles of the papers that propose it; empty
  for a paper);
- entity -> entity edges, one per relation triple, keyed by the relation's
  local name ("evaluatedOn"), with attributes `relation` (the same) and
  `papers` (sorted titles of the papers that state it);
- paper -> entity edges keyed and `relation`-ed "proposes" when the paper
  proposes the entity, else "mentions" (one edge per pair), with `papers`
  holding the paper's own title.

Everything is read with SPARQL, so the same code serves an in-memory graph
and an Oxigraph-backed one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping

import networkx
from rdflib import Graph
from rdflib.query import ResultRow

from kg.graph.vocab import ENTITY_CLASSES, PKG, RELATION_PROPERTIES, local_name

_PREFIXES = f"""
PREFIX pkg: <{PKG}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

_PAPERS = (
    _PREFIXES
    + """
SELECT ?paper ?title WHERE { ?paper a pkg:Paper ; dcterms:title ?title }
"""
)

_ENTITY_TYPES = " ".join(f"<{iri}>" for iri in ENTITY_CLASSES.values())
_ENTITIES = f"""{_PREFIXES}
SELECT ?entity ?type ?label WHERE {{
    VALUES ?type {{ {_ENTITY_TYPES} }}
    ?entity a ?type ; skos:prefLabel ?label .
}}
"""

_PAPER_LINKS = (
    _PREFIXES
    + """
SELECT ?paper ?link ?entity WHERE {
    VALUES ?link { pkg:mentions pkg:proposes }
    ?paper a pkg:Paper ; ?link ?entity .
}
"""
)

_RELATION_IRIS = " ".join(f"<{iri}>" for iri in RELATION_PROPERTIES.values())
_RELATIONS = f"""{_PREFIXES}
SELECT ?head ?relation ?tail WHERE {{
    VALUES ?relation {{ {_RELATION_IRIS} }}
    ?head ?relation ?tail .
}}
"""

# Kept apart from _RELATIONS: as an OPTIONAL of it, rdflib's engine takes
# minutes on a few thousand papers.
_ASSERTIONS = f"""{_PREFIXES}
SELECT ?head ?relation ?tail ?paper WHERE {{
    ?assertion a pkg:Assertion ;
        rdf:subject ?head ; rdf:predicate ?relation ; rdf:object ?tail ;
        prov:wasDerivedFrom ?paper .
}}
"""


def _rows(graph: Graph, sparql: str) -> Iterator[tuple[str | None, ...]]:
    for row in graph.query(sparql):
        assert isinstance(row, ResultRow)
        yield tuple(None if value is None else str(value) for value in row)


def _titles(ids: set[str], titles: Mapping[str, str]) -> list[str]:
    return sorted(titles.get(i, i) for i in ids)


def to_networkx(graph: Graph) -> networkx.MultiDiGraph:
    """The papers, entities and relations of `graph` as a MultiDiGraph.

    Nodes and edges are added in sorted order, so the result (and anything
    drawn from it) is the same on every run.
    """
    titles: dict[str, str] = {}
    for paper, title in _rows(graph, _PAPERS):
        assert paper is not None and title is not None
        titles[paper] = title

    entities: dict[str, tuple[str, str]] = {}
    for entity, type_, label in _rows(graph, _ENTITIES):
        assert entity is not None and type_ is not None and label is not None
        entities[entity] = (local_name(type_), label)

    mentioned_by: defaultdict[str, set[str]] = defaultdict(set)
    proposed_by: defaultdict[str, set[str]] = defaultdict(set)
    for paper, link, entity in _rows(graph, _PAPER_LINKS):
        assert paper is not None and link is not None and entity is not None
        if link == str(PKG.proposes):
            proposed_by[entity].add(paper)
        # A paper proposing an entity mentions it, even where a graph from
        # elsewhere leaves out the pkg:mentions triple.
        mentioned_by[entity].add(paper)

    stated_by: dict[tuple[str, str, str], set[str]] = {}
    for head, relation, tail in _rows(graph, _RELATIONS):
        assert head is not None and relation is not None and tail is not None
        stated_by[(head, local_name(relation), tail)] = set()
    for head, relation, tail, paper in _rows(graph, _ASSERTIONS):
        assert head is not None and relation is not None and tail is not None
        assert paper is not None
        # An assertion whose triple is missing draws no edge.
        papers = stated_by.get((head, local_name(relation), tail))
        if papers is not None:
            papers.add(paper)

    out = networkx.MultiDiGraph()
    for paper in sorted(titles):
        title = titles[paper]
        out.add_node(paper, label=title, type="Paper", papers=[title], proposed_by=[])
    for entity in sorted(entities):
        type_, label = entities[entity]
        out.add_node(
            entity,
            label=label,
            type=type_,
            papers=_titles(mentioned_by[entity], titles),
            proposed_by=_titles(proposed_by[entity], titles),
        )
    for entity in sorted(mentioned_by):
        if entity not in entities:
            continue
        for paper in sorted(mentioned_by[entity]):
            if paper not in titles:
                continue
            relation = "proposes" if paper in proposed_by[entity] else "mentions"
            out.add_edge(paper, entity, key=relation, relation=relation, papers=[titles[paper]])
    for (head, relation, tail), papers in sorted(stated_by.items()):
        if head in entities and tail in entities:
            stated = _titles(papers, titles)
            out.add_edge(head, tail, key=relation, relation=relation, papers=stated)
    return out
