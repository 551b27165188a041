"""`kg serve`: a small, read-only SPARQL 1.1 Protocol endpoint.

    server = make_server("out/store", port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # GET http://127.0.0.1:<port>/sparql?query=...

Only the query operation is offered: GET `/sparql?query=...`, POST with a
form field `query=`, or POST with an `application/sparql-query` body.
Answers are negotiated from the Accept header: SPARQL JSON results (the
default) or CSV for SELECT and ASK, Turtle (the default) or N-Triples for
CONSTRUCT and DESCRIBE.

What keeps it safe to run:

- the store is opened with `pyoxigraph.Store.read_only`, and updates are
  refused with 403 before they reach it (`kg.query.vet_query`);
- SERVICE clauses are refused with 400: Oxigraph would fetch the remote
  endpoint itself, so a query could make this machine call any host;
- every query runs in its own worker process with a deadline (10 s by
  default); past it the process is killed and the answer is 503, so a
  runaway query costs neither a thread nor a core for longer than that;
- at most `max_workers` queries run at once; a request body over
  `max_body` bytes is refused with 413 without being read;
- it binds to 127.0.0.1 unless told otherwise.

Errors are one line of JSON: `{"error": "..."}`.
"""

from __future__ import annotations

import contextlib
import html
import json
import multiprocessing
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.graph.vocab import QUERY_PREFIXES
from kg.query import QueryError, UpdateRefused, query_form, vet_query

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 3030
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BODY = 1_000_000
DEFAULT_MAX_WORKERS = 4
ENDPOINT = "/sparql"

SPARQL_JSON = "application/sparql-results+json"
CSV = "text/csv"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
_RESULT_TYPES = (SPARQL_JSON, CSV)  # SELECT and ASK, default first
_GRAPH_TYPES = (TURTLE, NTRIPLES)  # CONSTRUCT and DESCRIBE, default first
_ALIASES = {"application/json": SPARQL_JSON}

_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"


class RequestError(Exception):
    """A request answered with an error status and a one-line message."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Settings:
    """What a server needs to answer: the store and its limits."""

    store: Path
    timeout: float = DEFAULT_TIMEOUT
    max_body: int = DEFAULT_MAX_BODY
    max_workers: int = DEFAULT_MAX_WORKERS
    # SERVICE IRIs allowed in queries: none. Even this server's own URL is
    # left out, since a query calling back into it would hold two workers.
    allowed_services: frozenset[str] = frozenset()


# -- pure parts: negotiation and vetting ----------------------------------------


def negotiate(accept: str | None, form: str) -> str:
    """The media type to answer a query of `form` with, given an Accept
    header; RequestError 406 when nothing acceptable can be produced.

    >>> negotiate(None, "SELECT"), negotiate("text/csv;q=0.9, */*;q=0.1", "ASK")
    ('application/sparql-results+json', 'text/csv')
    >>> negotiate("text/html, text/*;q=0.5", "CONSTRUCT")
    'text/turtle'
    """
    offered = _GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else _RESULT_TYPES
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[tuple[float, int, int], str] | None = None
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        media = _ALIASES.get(media.lower(), media.lower())
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        for candidate in offered:
            if _matches(media, candidate):
                # Higher quality wins, then the more specific range, then
                # the order of the header.
                rank = (quality, -media.count("*"), -position)
                if best is None or rank > best[0]:
                    best = (rank, candidate)
                break
    if best is None:
        raise RequestError(
            HTTPStatus.NOT_ACCEPTABLE,
            f"cannot answer a {form} query as {accept!r}; offered: {', '.join(offered)}",
        )
    return best[1]


def _matches(media_range: str, media: str) -> bool:
    if media_range in ("*/*", media):
        return True
    kind, _, sub = media_range.partition("/")
    return sub == "*" and media.startswith(kind + "/")


def vet(sparql: str, settings: Settings) -> str:
    """The form of `sparql` once it passes `vet_query`; RequestError 403 for
    an update, 400 for SERVICE or anything that is no query."""
    try:
        vet_query(sparql, allowed_services=settings.allowed_services)
        return query_form(sparql)
    except UpdateRefused as error:
        raise RequestError(HTTPStatus.FORBIDDEN, str(error)) from error
    except QueryError as error:
        raise RequestError(HTTPStatus.BAD_REQUEST, str(error)) from error


def error_body(message: str) -> bytes:
    """One line of JSON naming what went wrong."""
    return (json.dumps({"error": " ".join(message.split())}) + "\n").encode("utf-8")


def home_page(endpoint_url: str) -> str:
    """The page at `/`: it names the endpoint, every text escaped."""
    url = html.escape(endpoint_url, quote=True)
    return (
        "<!doctype html>\n<html lang=en><meta charset=utf-8>"
        "<title>paperkg SPARQL endpoint</title>\n"
        "<h1>paperkg SPARQL endpoint</h1>\n"
        f"<p>Read-only SPARQL 1.1 queries: <code>{url}?query=...</code> "
        "(GET or POST). Updates and SERVICE are refused.</p>\n</html>\n"
    )


# -- the worker process ---------------------------------------------------------


def _run_in_worker(store: str, sparql: str, media: str, conn: Connection) -> None:
    """Run one query in a child process and send back (ok, bytes)."""
    import pyoxigraph as ox

    formats: dict[str, Any] = {
        SPARQL_JSON: ox.QueryResultsFormat.JSON,
        CSV: ox.QueryResultsFormat.CSV,
        TURTLE: ox.RdfFormat.TURTLE,
        NTRIPLES: ox.RdfFormat.N_TRIPLES,
    }
    try:
        graph = ox.Store.read_only(store)
        # The deadline counts from here: starting a process is not the query.
        conn.send(_STARTED)
        result = graph.query(sparql, prefixes=dict(QUERY_PREFIXES))
        data = result.serialize(format=formats[media])
        conn.send((True, data or b""))
    except (SyntaxError, OSError, ValueError, TypeError) as error:
        conn.send((False, f"{type(error).__name__}: {error}".encode()))
    finally:
        conn.close()


_STARTED = "started"
# How long a worker may take to start and open the store, on top of the
# query's own deadline; only a badly overloaded machine comes near it.
STARTUP_LIMIT = 60.0


def _context() -> multiprocessing.context.BaseContext:
    # A forked child of a threaded server may inherit a lock held by another
    # thread; the forkserver forks from a clean single-threaded process, and
    # preloading this module there makes each fork cheap.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - not Linux


def warm_up() -> None:
    """Start the forkserver now, so that the first query does not pay for it."""
    context = _context()
    worker = context.Process(target=_nothing, daemon=True)  # type: ignore[attr-defined]
    worker.start()
    worker.join(timeout=STARTUP_LIMIT)


def _nothing() -> None:
    pass


def run_query(sparql: str, media: str, settings: Settings, slots: threading.Semaphore) -> bytes:
    """The serialized answer of an already vetted query; RequestError 503
    past the deadline (the worker is killed), 400 when Oxigraph refuses it."""
    deadline = settings.timeout
    if not slots.acquire(timeout=deadline):
        raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, "too many queries running; try later")
    try:
        context = _context()
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(  # type: ignore[attr-defined]
            target=_run_in_worker,
            args=(str(settings.store), sparql, media, send),
            daemon=True,
        )
        worker.start()
        send.close()
        try:
            if not receive.poll(STARTUP_LIMIT) or receive.recv() != _STARTED:
                raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, "the query worker did not start")
            if not receive.poll(deadline):
                raise RequestError(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"query abandoned after the {deadline:g} s time limit",
                )
            ok, data = receive.recv()
        except EOFError as error:
            raise RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died") from error
        finally:
            receive.close()
            if worker.is_alive():
                worker.kill()
            worker.join(timeout=5)
    finally:
        slots.release()
    if not ok:
        raise RequestError(HTTPStatus.BAD_REQUEST, data.decode("utf-8", "replace"))
    assert isinstance(data, bytes)
    return data


# -- HTTP -----------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows its store and limits."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], settings: Settings) -> None:
        super().__init__(address, SparqlHandler)
        self.settings = settings
        self.slots = threading.Semaphore(settings.max_workers)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port!s}{ENDPOINT}"


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "paperkg-sparql"
    # A client that stops sending must not hold its thread for ever.
    timeout = 30

    def do_GET(self) -> None:
        self._answer(lambda: self._from_query_string())

    def do_POST(self) -> None:
        self._answer(lambda: self._from_body())

    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("KG_SERVE_LOG"):
            super().log_message(format, *args)

    def _answer(self, read_query: Any) -> None:
        try:
            path = urlsplit(self.path).path
            if path == "/" and self.command == "GET":
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", home_page(self.server.url))
                return
            if path != ENDPOINT:
                raise RequestError(HTTPStatus.NOT_FOUND, f"no such resource; try {ENDPOINT}")
            sparql: str = read_query()
            form = vet(sparql, self.server.settings)
            media = negotiate(self.headers.get("Accept"), form)
            data = run_query(sparql, media, self.server.settings, self.server.slots)
            charset = "; charset=utf-8"
            self._send(HTTPStatus.OK, media + charset, data)
        except RequestError as error:
            self._send(error.status, "application/json", error_body(str(error)))

    def _from_query_string(self) -> str:
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        return _one_query(params)

    def _from_body(self) -> str:
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        try:
            length = int(length_header)
        except ValueError as error:
            raise RequestError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from error
        if length < 0 or length > self.server.settings.max_body:
            # The body is left unread, so the connection cannot be reused.
            self.close_connection = True
            raise RequestError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body over {self.server.settings.max_body} bytes",
            )
        body = self.rfile.read(length)
        kind = (self.headers.get_content_type() or "").lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise RequestError(HTTPStatus.BAD_REQUEST, "the body is not UTF-8") from error
        if kind == _QUERY_BODY:
            return text
        if kind == _FORM:
            return _one_query(parse_qs(text, keep_blank_values=True))
        if kind == _UPDATE_BODY:
            raise RequestError(HTTPStatus.FORBIDDEN, "SPARQL updates are refused: read-only")
        raise RequestError(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            f"POST a form ({_FORM}) or a query ({_QUERY_BODY}), not {kind}",
        )

    def _send(self, status: HTTPStatus, media: str, body: str | bytes) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _one_query(params: dict[str, list[str]]) -> str:
    if "update" in params:
        raise RequestError(HTTPStatus.FORBIDDEN, "SPARQL updates are refused: read-only")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise RequestError(HTTPStatus.BAD_REQUEST, "dataset parameters are not supported")
    queries = params.get("query", [])
    if len(queries) != 1:
        raise RequestError(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
    return queries[0]


# -- entry points ---------------------------------------------------------------


def make_server(
    store: str | os.PathLike[str],
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_body: int = DEFAULT_MAX_BODY,
    max_workers: int = DEFAULT_MAX_WORKERS,
) -> SparqlServer:
    """A bound server over the store at `store` (not yet serving; port 0
    picks a free one). The store must open read-only now, so a wrong path
    fails here rather than on the first query."""
    import pyoxigraph

    if timeout <= 0 or max_body < 0 or max_workers < 1:
        raise ValueError("timeout must be > 0, max_body >= 0 and max_workers >= 1")
    path = Path(store)
    if not path.is_dir():
        raise FileNotFoundError(f"no Oxigraph store at {path}")
    try:
        pyoxigraph.Store.read_only(str(path))
    except OSError as error:
        raise OSError(f"{path} is not an Oxigraph store: {error}") from error
    settings = Settings(path, timeout=timeout, max_body=max_body, max_workers=max_workers)
    warm_up()
    return SparqlServer((host, port), settings)


def serve(server: SparqlServer, ready: Callable[[str], None] | None = None) -> None:
    """Run `server` (from `make_server`) until interrupted; `ready(url)` is
    called once it is listening."""
    with server:
        if ready is not None:
            ready(server.url)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
