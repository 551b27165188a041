"""`kg serve` over real HTTP on 127.0.0.1: answers, content negotiation and
the limits that keep it safe (read-only, SERVICE, deadline, body size)."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph

import kg
from kg.query import QueryError, ServiceRefused, UpdateRefused, service_targets, vet_query
from kg.serve import SparqlServer, home_page, make_server, negotiate

COUNT_PAPERS = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pkg:Paper }"
# Every triple four times over: about 10^15 rows on the example graph.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 0.5


@pytest.fixture(scope="module")
def server(example_build: Path) -> Iterator[SparqlServer]:
    srv = make_server(example_build / "store", port=0, timeout=TIMEOUT, max_body=10_000)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=10)


def call(
    server: SparqlServer,
    *,
    query: str | None = None,
    body: bytes | None = None,
    content_type: str | None = None,
    accept: str | None = None,
    path: str = "/sparql",
) -> tuple[int, str, bytes]:
    """(status, content type, body) of one request to the test server."""
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    url = f"http://127.0.0.1:{port}{path}"
    if query is not None:
        url += "?" + urlencode({"query": query})
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    if content_type:
        request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers.get_content_type(), answer.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get_content_type(), error.read()


def error_of(body: bytes) -> str:
    assert body.count(b"\n") == 1 and body.endswith(b"\n")
    message = json.loads(body)["error"]
    assert isinstance(message, str)
    return message


def papers(example_build: Path) -> str:
    return kg.query(kg.load(example_build / "store"), COUNT_PAPERS).rows[0][0] or ""


def test_select_as_json_and_csv(server: SparqlServer, example_build: Path) -> None:
    status, kind, body = call(server, query=COUNT_PAPERS)
    assert (status, kind) == (200, "application/sparql-results+json")
    answer = json.loads(body)
    assert answer["head"]["vars"] == ["n"]
    assert answer["results"]["bindings"][0]["n"]["value"] == papers(example_build) == "12"

    status, kind, body = call(server, query=COUNT_PAPERS, accept="text/csv")
    assert (status, kind) == (200, "text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [["n"], ["12"]]


def test_post_form_and_query_body(server: SparqlServer) -> None:
    form = urlencode({"query": "ASK { ?p a pkg:Paper }"}).encode()
    status, _, body = call(server, body=form, content_type="application/x-www-form-urlencoded")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = call(
        server, body=COUNT_PAPERS.encode(), content_type="application/sparql-query"
    )
    assert status == 200 and "12" in body.decode()


def test_construct_as_turtle(server: SparqlServer) -> None:
    status, kind, body = call(server, query="CONSTRUCT WHERE { ?p a pkg:Paper }")
    assert (status, kind) == (200, "text/turtle")
    assert len(Graph().parse(data=body.decode(), format="turtle")) == 12
    status, _, body = call(server, query="CONSTRUCT WHERE { ?s ?p ?o }", accept="text/html")
    assert status == 406 and "text/turtle" in error_of(body)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <urn:x#>\n# comment\nDELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP DEFAULT",
        "LOAD <http://example.org/data.ttl>",
        "CREATE GRAPH <urn:g>",
    ],
)
def test_updates_get_403_and_change_nothing(
    server: SparqlServer, example_build: Path, update: str
) -> None:
    before = len(kg.load(example_build / "store"))
    assert call(server, query=update)[0] == 403
    status, _, body = call(server, body=update.encode(), content_type="application/sparql-query")
    assert status == 403 and "read-only" in error_of(body)
    status, _, _ = call(server, body=update.encode(), content_type="application/sparql-update")
    assert status == 403
    form = urlencode({"update": update}).encode()
    assert call(server, body=form, content_type="application/x-www-form-urlencoded")[0] == 403
    assert len(kg.load(example_build / "store")) == before
    assert papers(example_build) == "12"


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://x.org/> } }",
        "PREFIX e: <http://x.org/>\nSELECT * { SERVICE e:sparql { ?s ?p ?o } }",
        r"SELECT * { \u0053ERVICE <http://x.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_service_gets_400(server: SparqlServer, sparql: str) -> None:
    status, _, body = call(server, query=sparql)
    assert status == 400 and "SERVICE" in error_of(body)


def test_runaway_query_gets_503_and_the_server_goes_on(server: SparqlServer) -> None:
    started = time.monotonic()
    status, _, body = call(server, query=RUNAWAY)
    elapsed = time.monotonic() - started
    assert status == 503 and "time limit" in error_of(body)
    # The deadline plus the worker's start and kill, with room for a slow CI.
    assert elapsed < TIMEOUT + 10
    assert call(server, query=COUNT_PAPERS)[0] == 200


def test_runaway_queries_at_once_do_not_pin_the_server(server: SparqlServer) -> None:
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(call(server, query=RUNAWAY)[0]))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [503, 503, 503]
    assert call(server, query=COUNT_PAPERS)[0] == 200


def test_oversized_body_gets_413(server: SparqlServer) -> None:
    big = "SELECT * { ?s ?p ?o } #" + "x" * 20_000
    status, _, body = call(server, body=big.encode(), content_type="application/sparql-query")
    assert status == 413 and "bytes" in error_of(body)
    assert call(server, query=COUNT_PAPERS)[0] == 200


def test_bad_requests(server: SparqlServer) -> None:
    status, _, body = call(server, query="SELECT * {")
    assert status == 400 and error_of(body)
    assert call(server, query="MATCH (n) RETURN n")[0] == 400
    assert call(server)[0] == 400  # no query at all
    assert call(server, path="/nothing")[0] == 404
    status, _, _ = call(server, body=b"x", content_type="text/plain")
    assert status == 415


def test_home_page_names_the_endpoint_and_escapes(server: SparqlServer) -> None:
    status, kind, body = call(server, path="/")
    assert (status, kind) == (200, "text/html")
    assert server.url.encode() in body
    page = home_page('http://h/<script>alert("x")</script>&')
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp;" in page


def test_make_server_refuses_what_is_no_store(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        make_server(tmp_path / "missing", port=0)
    with pytest.raises(ValueError):
        make_server(tmp_path, port=0, timeout=0)


# -- the pure parts ---------------------------------------------------------------


def test_negotiate() -> None:
    assert negotiate("text/csv", "SELECT") == "text/csv"
    assert negotiate("application/json", "SELECT") == "application/sparql-results+json"
    assert negotiate("text/csv;q=0.2, application/sparql-results+json", "ASK").endswith("json")
    assert negotiate("*/*", "DESCRIBE") == "text/turtle"
    assert negotiate("application/n-triples", "CONSTRUCT") == "application/n-triples"


def test_vet_query() -> None:
    vet_query("SELECT * { ?s ?p ?o }")
    vet_query('SELECT * { ?s ?p "SERVICE <http://x.org/>" } # SERVICE <http://y.org/>')
    vet_query("SELECT * { ?s <urn:SERVICE> ?o }")
    with pytest.raises(UpdateRefused):
        vet_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(ServiceRefused, match="other SPARQL endpoints"):
        vet_query("SELECT * { SERVICE <http://x.org/sparql> {} }")
    vet_query(
        "SELECT * { SERVICE <http://me/sparql> {} }",
        allowed_services=frozenset({"http://me/sparql"}),
    )
    with pytest.raises(QueryError):
        vet_query(r"\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert service_targets('SELECT * { ?s ?p """a "SERVICE" <x:y>""" . SERVICE ?e {} }') == ["?e"]


def test_cli_query_refuses_service(example_build: Path) -> None:
    with pytest.raises(ServiceRefused):
        kg.query(example_build / "store", "SELECT * { SERVICE <http://x.org/s> { ?s ?p ?o } }")
