"""SPARQL over the knowledge graph, answered as a small table.

    table = query("out/store", "schemas/queries/top_datasets.rq")
    print(to_text(table))

The prefixes of `kg.graph.vocab.QUERY_PREFIXES` (pkg:, skos:, prov:,
schema:, dcterms:, mls:, rdf:, rdfs:, xsd:, paper:, entity:) may be used
without declaring them. Only queries are run (SELECT, ASK, CONSTRUCT,
DESCRIBE); updates are refused before they reach the store, which `load`
opens read-only anyway. Queries with a SERVICE clause are refused too:
Oxigraph would fetch the remote endpoint itself, which lets whoever writes
the query make this machine send requests anywhere (`vet_query`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.graph.store import load
from kg.graph.vocab import QUERY_PREFIXES

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_FORMS = (
    *("INSERT", "DELETE", "LOAD", "CLEAR", "DROP"),
    *("CREATE", "ADD", "MOVE", "COPY", "WITH"),
)

# Whitespace, comments, BASE and PREFIX declarations: what may come before
# the query form. IRIs are matched whole, so a '#' inside one is no comment.
_PROLOGUE = re.compile(
    r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*", re.IGNORECASE
)
_DECLARED = re.compile(r"PREFIX\s+([^\s:]*):", re.IGNORECASE)
_KEYWORD = re.compile(r"[A-Za-z]+")


class QueryError(ValueError):
    """A text that is not a SPARQL query this module runs."""


class UpdateRefused(QueryError):
    """A SPARQL update, refused: the graph is read-only."""


class ServiceRefused(QueryError):
    """A query that would call a SPARQL endpoint elsewhere (SERVICE)."""


# The lexical pieces of SPARQL that may hide the word SERVICE or hold an
# IRI: strings (long and short, escapes included), IRI references, comments,
# variables and words. Anything else is punctuation and skipped.
_LONG_STRINGS = r"""'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}"""
_SHORT_STRINGS = r"'(?:[^'\\\n\r]|\\.)*'" + r'|"(?:[^"\\\n\r]|\\.)*"'
_TOKEN = re.compile(
    rf"(?P<string>{_LONG_STRINGS}|{_SHORT_STRINGS})"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<comment>#[^\n\r]*)"
    r"|(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)"
    r"|(?P<word>[^\s{}()\[\];,.<>'\"#?$]+(?:\.[^\s{}()\[\];,.<>'\"#?$]+)*)",
    re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(slots=True)
class Table:
    """A query answer: column names and rows of plain strings (None where a
    variable is unbound). IRIs are given as IRIs, literals as their lexical
    form, blank nodes as `_:id`."""

    columns: list[str]
    rows: list[list[str | None]] = field(default_factory=list)


def read_query(text_or_path: str | os.PathLike[str]) -> str:
    """The SPARQL text of a query given inline or as a `.rq` file.

    A `Path` is always read; a string is read as a file when it is one line
    ending in `.rq`, and otherwise taken as the query itself.

    >>> read_query("SELECT * WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    """
    if isinstance(text_or_path, str):
        candidate = text_or_path.strip()
        if "\n" in candidate or not candidate.lower().endswith(".rq"):
            return text_or_path
        text_or_path = candidate
    path = Path(text_or_path)
    if not path.is_file():
        raise FileNotFoundError(f"no query file at {path}")
    return path.read_text(encoding="utf-8")


def query_form(sparql: str) -> str:
    """The form of a SPARQL query; QueryError for an update or anything else.

    >>> query_form("PREFIX ex: <http://example.org/#> # a comment\\nask { ?s ?p ?o }")
    'ASK'
    >>> query_form("INSERT DATA { <a:b> <a:c> <a:d> }")
    Traceback (most recent call last):
    ...
    kg.query.UpdateRefused: SPARQL updates (INSERT) are not supported: the graph is read-only
    """
    prologue = _PROLOGUE.match(sparql)
    rest = sparql[prologue.end() if prologue else 0 :]
    word = _KEYWORD.match(rest)
    keyword = word.group(0).upper() if word else ""
    if keyword in QUERY_FORMS:
        return keyword
    if keyword in _UPDATE_FORMS:
        raise UpdateRefused(f"SPARQL updates ({keyword}) are not supported: the graph is read-only")
    shown = rest[:30].strip() or "(nothing)"
    raise QueryError(f"not a SPARQL query: expected one of {', '.join(QUERY_FORMS)}, got {shown!r}")


def unescape_codepoints(sparql: str) -> str:
    """`sparql` with its \\uXXXX and \\UXXXXXXXX escapes decoded.

    SPARQL 1.1 (section 19.2) decodes them before parsing, anywhere in the
    text, so "\\u0053ERVICE" is the keyword SERVICE to a conforming parser.

    >>> unescape_codepoints(r"\\u0053ERVICE")
    'SERVICE'
    """

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _CODEPOINT.sub(decode, sparql)


def service_targets(sparql: str) -> list[str]:
    """What every SERVICE clause of `sparql` names: an IRI as `<...>`, a
    variable as `?x`, anything else as written. Strings, IRIs and comments
    are read as such, so a SERVICE inside them does not count.

    >>> service_targets('SELECT * { SERVICE SILENT <http://x.org/sparql> { ?s ?p ?o } }')
    ['<http://x.org/sparql>']
    >>> service_targets('SELECT * { ?s ?p "SERVICE <http://x.org/>" } # SERVICE <urn:y>')
    []
    """
    tokens = [
        (kind, match.group(0))
        for match in _TOKEN.finditer(unescape_codepoints(sparql))
        for kind in (match.lastgroup,)
        if kind not in ("comment", None)
    ]
    targets: list[str] = []
    for i, (kind, text) in enumerate(tokens):
        if kind != "word" or text.upper() != "SERVICE":
            continue
        rest = tokens[i + 1 : i + 3]
        if rest and rest[0][0] == "word" and rest[0][1].upper() == "SILENT":
            rest = rest[1:]
        targets.append(rest[0][1] if rest else "")
    return targets


def vet_query(sparql: str, *, allowed_services: frozenset[str] = frozenset()) -> None:
    """Raise QueryError unless `sparql` is a query this package may run.

    UpdateRefused for a SPARQL update, ServiceRefused for a SERVICE clause
    naming anything but an IRI in `allowed_services` (by default none:
    Oxigraph would send the request itself, to any host, the local network
    included), QueryError for text that is no query. Pure: it reads only
    the text.

    >>> vet_query("SELECT * { ?s ?p ?o }")
    >>> vet_query("SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.query.ServiceRefused: SERVICE <http://evil.example/sparql> refused: \
queries may not call other SPARQL endpoints
    """
    query_form(sparql)
    decoded = unescape_codepoints(sparql)
    if decoded != sparql:
        # An escaped keyword must not slip past the check of the form.
        query_form(decoded)
    for target in service_targets(sparql):
        if not (target.startswith("<") and target[1:-1] in allowed_services):
            shown = target or "(nothing)"
            raise ServiceRefused(
                f"SERVICE {shown} refused: queries may not call other SPARQL endpoints"
            )


def with_prefixes(sparql: str) -> str:
    """`sparql` with PREFIX lines prepended for the predeclared prefixes it
    does not declare itself.

    >>> q = with_prefixes("PREFIX pkg: <urn:mine#> SELECT * { ?s a pkg:Paper }")
    >>> "PREFIX pkg: <https://" in q, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" in q
    (False, True)
    """
    prologue = _PROLOGUE.match(sparql)
    declared = {name.lower() for name in _DECLARED.findall(prologue.group(0) if prologue else "")}
    lines = [
        f"PREFIX {name}: <{iri}>" for name, iri in QUERY_PREFIXES.items() if name not in declared
    ]
    return "\n".join([*lines, sparql])


def render(term: Node | None) -> str | None:
    """A result value as a plain string.

    >>> from rdflib import Literal, URIRef, XSD
    >>> render(URIRef("https://w3id.org/paperkg/id/entity/mamba"))
    'https://w3id.org/paperkg/id/entity/mamba'
    >>> render(Literal("9.2", datatype=XSD.decimal)), render(Literal("BERT", lang="en"))
    ('9.2', 'BERT')
    >>> render(None) is None
    True
    """
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def query(graph_or_path: Graph | str | os.PathLike[str], sparql: str | os.PathLike[str]) -> Table:
    """Run a SPARQL query (text or `.rq` file) on a graph, or on the store
    directory or RDF file at a path (opened with `kg.graph.load`).

    SELECT gives its variables as columns; ASK one column `ask` holding
    "true" or "false"; CONSTRUCT and DESCRIBE the columns subject, predicate,
    object, one sorted row per triple.
    """
    text = read_query(sparql)
    vet_query(text)
    form = query_form(text)
    graph = graph_or_path if isinstance(graph_or_path, Graph) else load(graph_or_path)
    result = graph.query(with_prefixes(text))
    if form == "ASK":
        return Table(["ask"], [["true" if result.askAnswer else "false"]])
    if form in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        triples = sorted([render(s), render(p), render(o)] for s, p, o in result.graph)
        return Table(["subject", "predicate", "object"], triples)
    columns = [str(var) for var in result.vars or []]
    rows: list[list[str | None]] = []
    for row in result:
        assert isinstance(row, ResultRow)
        rows.append([render(value) for value in row])
    return Table(columns, rows)


def to_csv(table: Table) -> str:
    """The table as CSV with a header row (unbound values empty).

    >>> print(to_csv(Table(["a", "b"], [["1", None], ["x,y", "2"]])), end="")
    a,b
    1,
    "x,y",2
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([["" if v is None else v for v in row] for row in table.rows])
    return out.getvalue()


def to_json(table: Table) -> str:
    """The table as a JSON list of objects, one per row (unbound values null).

    >>> print(to_json(Table(["a", "b"], [["1", None]])))
    [
      {
        "a": "1",
        "b": null
      }
    ]
    """
    records = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    return json.dumps(records, ensure_ascii=False, indent=2)


def _width(text: str) -> int:
    # East Asian wide characters take two cells in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def to_text(table: Table) -> str:
    """The table aligned in plain-text columns under a header and a rule.

    >>> print(to_text(Table(["method", "n"], [["BERT", "12"], ["HT Demucs", None]])))
    method     n
    ---------  --
    BERT       12
    HT Demucs
    """
    cells = [
        table.columns,
        *[["" if v is None else " ".join(v.split("\n")) for v in row] for row in table.rows],
    ]
    widths = [max([_width(row[i]) for row in cells] + [1]) for i in range(len(table.columns))]
    lines = [
        "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)
