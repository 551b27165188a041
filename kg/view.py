"""Interactive, self-contained HTML view of the knowledge graph.

The page is built with pyvis (vis-network 9.1.2) but rendered through our own
template, ``kg/templates/graph.html``: pyvis' stock template pulls bootstrap
and tom-select from CDNs, and the page must open offline (air-gapped review
machines, archived build artefacts).

Safety model, because node labels and paper titles are untrusted text scraped
from abstracts:

* Every piece of graph text reaches the page only as JSON inside
  ``<script type="application/json">`` blocks, serialised with ``<``, ``>``,
  ``&`` and ``'`` as ``\\u003c``-style escapes, so ``</script>`` or ``<!--`` in
  a title cannot end the block. The page title is the only other input text
  and goes through Jinja's HTML autoescaping.
* vis-network 9.1.2 shows a *string* ``title`` with ``innerText`` (only DOM
  elements are inserted as nodes), so tooltips are plain text with ``\\n``
  line breaks and must NOT be HTML-escaped (it would show ``&lt;``
  literally). Labels are painted on a canvas and are never parsed as HTML.
* As a second line of defence the page carries a Content-Security-Policy that
  allows only its own two inline scripts (by SHA-256) and no network loads.

Output is byte-for-byte deterministic for the same graph: nodes and edges are
sorted, JSON keys are sorted and the layout uses a fixed ``randomSeed``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pyvis.network import Network

from kg import atomic

__all__ = [
    "NODE_COLORS",
    "TYPE_ORDER",
    "ViewData",
    "build_view",
    "edge_records",
    "node_records",
    "node_tooltip",
    "render_html",
    "render_page",
    "select_nodes",
    "vis_options",
]

TEMPLATE_DIR: Final = Path(__file__).parent / "templates"
TEMPLATE_NAME: Final = "graph.html"
VIS_DIR: Final = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"

PAPER: Final = "Paper"
OTHER: Final = "Other"
TYPE_ORDER: Final[tuple[str, ...]] = (
    "Method",
    "Architecture",
    "Dataset",
    "Metric",
    "Task",
    PAPER,
    OTHER,
)
# Okabe-Ito colours: distinguishable under the common colour-vision
# deficiencies. Papers are the context, not the content, so they get a light
# grey that recedes behind the entities. "Other" only appears if the graph
# builder ever emits a type this view does not know.
NODE_COLORS: Final[Mapping[str, str]] = {
    "Method": "#0072B2",
    "Architecture": "#CC79A7",
    "Dataset": "#E69F00",
    "Metric": "#009E73",
    "Task": "#D55E00",
    PAPER: "#BBBBBB",
    OTHER: "#56B4E9",
}
FAINT_RELATIONS: Final = frozenset({"mentions"})

LAYOUT_SEED: Final = 7
MAX_TOOLTIP_PAPERS: Final = 6
MAX_TITLE_CHARS: Final = 100
MAX_LABEL_CHARS: Final = 40
MAX_PAPER_LABEL_CHARS: Final = 28
PAPER_SIZE: Final = 7.0
MIN_ENTITY_SIZE: Final = 12.0
MAX_ENTITY_SIZE: Final = 44.0

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ViewData:
    """Everything the template needs, computed from the graph alone."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    shown_by_type: dict[str, int]
    omitted_by_type: dict[str, int]
    omitted_edges: int


# --------------------------------------------------------------------------
# Pure helpers: networkx graph -> plain dicts for vis-network
# --------------------------------------------------------------------------


def node_type(attrs: Mapping[str, Any]) -> str:
    """The legend type of a node; unknown or missing types collapse to "Other"."""
    kind = attrs.get("type")
    return kind if isinstance(kind, str) and kind in NODE_COLORS else OTHER


def _str_list(value: Any) -> list[str]:
    # Attributes come from another module; tolerate a bare string or None
    # rather than iterating a title character by character.
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(item) for item in value]
    return [str(value)]


def _shorten(text: str, limit: int) -> str:
    text = _WHITESPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _label(node: Any, attrs: Mapping[str, Any]) -> str:
    label = attrs.get("label")
    if isinstance(label, str) and label.strip():
        return _WHITESPACE.sub(" ", label).strip()
    # An IRI's last segment reads better than the whole IRI.
    return re.split(r"[/#]", str(node).rstrip("/#"))[-1] or str(node)


def _title_list(heading: str, titles: Sequence[str]) -> list[str]:
    if not titles:
        return []
    lines = [f"{heading} ({len(titles)}):"]
    lines += [f"\u2022 {_shorten(t, MAX_TITLE_CHARS)}" for t in titles[:MAX_TOOLTIP_PAPERS]]
    if len(titles) > MAX_TOOLTIP_PAPERS:
        lines.append(f"\u2026 and {len(titles) - MAX_TOOLTIP_PAPERS} more")
    return lines


def node_tooltip(label: str, kind: str, papers: Sequence[str], proposed_by: Sequence[str]) -> str:
    """Plain-text tooltip; vis-network shows strings via innerText, so no HTML here."""
    lines = [_shorten(label, 2 * MAX_TITLE_CHARS), f"Type: {kind}"]
    if kind != PAPER:
        # A Paper's `papers` is just its own title, already on the first line.
        lines += _title_list("Papers", papers)
    lines += _title_list("Proposed by", proposed_by)
    return "\n".join(lines)


def edge_tooltip(source: str, relation: str, target: str, papers: Sequence[str]) -> str:
    head = (
        f"{_shorten(source, MAX_LABEL_CHARS)} \u2014{relation}\u2192 "
        f"{_shorten(target, MAX_LABEL_CHARS)}"
    )
    return "\n".join([head, *_title_list("Papers", papers)])


def _entity_size(paper_count: int) -> float:
    # sqrt keeps a node mentioned by 50 papers from swallowing the canvas
    # while still separating 1 from 4 from 9 papers visibly.
    size = MIN_ENTITY_SIZE + 5.0 * math.sqrt(max(paper_count, 1) - 1)
    return round(min(size, MAX_ENTITY_SIZE), 2)


def _darken(hex_color: str, factor: float = 0.7) -> str:
    rgb = [int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02X}" for c in rgb)


def select_nodes(
    graph: nx.MultiDiGraph, *, include_papers: bool = True, max_nodes: int | None = None
) -> tuple[list[Any], list[Any]]:
    """Split the graph's nodes into (kept, omitted), both in a stable order.

    Over ``max_nodes``, entities are kept before papers (papers are context),
    and within each group the highest degree wins; ties break on the id so
    the choice never depends on insertion order.
    """
    if max_nodes is not None and max_nodes < 0:
        raise ValueError(f"max_nodes must be >= 0, got {max_nodes}")
    candidates = [n for n in graph.nodes if include_papers or node_type(graph.nodes[n]) != PAPER]
    if max_nodes is None or len(candidates) <= max_nodes:
        return sorted(candidates, key=str), []
    # Degree within what would be drawn: with papers hidden, being mentioned
    # by many papers should not rank an entity above well-connected ones.
    visible = graph.subgraph(candidates)

    def rank(node: Any) -> tuple[bool, int, str]:
        return (node_type(graph.nodes[node]) == PAPER, -int(visible.degree(node)), str(node))

    ranked = sorted(candidates, key=rank)
    return sorted(ranked[:max_nodes], key=str), sorted(ranked[max_nodes:], key=str)


def node_records(graph: nx.MultiDiGraph, nodes: Sequence[Any]) -> list[dict[str, Any]]:
    """vis-network node dicts, one per node, in the given order."""
    records: list[dict[str, Any]] = []
    for node in nodes:
        attrs = graph.nodes[node]
        kind = node_type(attrs)
        label = _label(node, attrs)
        papers = _str_list(attrs.get("papers"))
        color = NODE_COLORS[kind]
        record: dict[str, Any] = {
            "id": str(node),
            "kgType": kind,
            "title": node_tooltip(label, kind, papers, _str_list(attrs.get("proposed_by"))),
            "color": {
                "background": color,
                "border": _darken(color),
                "highlight": {"background": color, "border": "#000000"},
                "hover": {"background": color, "border": "#000000"},
            },
        }
        if kind == PAPER:
            record |= {
                "label": _shorten(label, MAX_PAPER_LABEL_CHARS),
                "size": PAPER_SIZE,
                "font": {"size": 10, "color": "#6E6E6E"},
            }
        else:
            record |= {
                "label": _shorten(label, MAX_LABEL_CHARS),
                "size": _entity_size(len(papers)),
                # Hubs get bigger labels, so they stay legible when zoomed out
                # and the small print disappears first.
                "font": {"size": min(13 + round(2 * math.sqrt(max(len(papers), 1) - 1)), 22)},
                "mass": 1 + min(len(papers), 20) / 10,
            }
        records.append(record)
    return records


def edge_records(graph: nx.MultiDiGraph, nodes: Sequence[Any]) -> list[dict[str, Any]]:
    """vis-network edge dicts for every edge between the given nodes, sorted."""
    kept = set(nodes)
    labels = {n: _label(n, graph.nodes[n]) for n in kept}
    rows = sorted(
        (
            (str(u), str(v), str(data.get("relation", "")), str(key), u, v, data)
            for u, v, key, data in graph.edges(keys=True, data=True)
            if u in kept and v in kept
        ),
        key=lambda row: row[:4],
    )
    parallel: Counter[frozenset[str]] = Counter()
    records: list[dict[str, Any]] = []
    for index, (src, dst, relation, _key, u, v, data) in enumerate(rows):
        faint = relation in FAINT_RELATIONS
        record: dict[str, Any] = {
            "id": f"e{index}",
            "from": src,
            "to": dst,
            "relation": relation,
            "title": edge_tooltip(labels[u], relation, labels[v], _str_list(data.get("papers"))),
        }
        if faint:
            record |= {
                "width": 0.6,
                "color": {
                    "color": "rgba(140,140,140,0.22)",
                    "highlight": "rgba(70,70,70,0.9)",
                    "hover": "rgba(90,90,90,0.7)",
                },
                "arrows": {"to": {"enabled": True, "scaleFactor": 0.3}},
            }
        else:
            record |= {
                "label": relation,
                "width": 1.6,
                "color": {"color": "#4D4D4D", "highlight": "#000000", "hover": "#222222"},
                "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            }
        # Several relations between the same two nodes would be drawn on top
        # of each other; bend the extra ones so each stays visible.
        pair = frozenset((src, dst))
        if parallel[pair]:
            record["smooth"] = {
                "enabled": True,
                "type": "curvedCW",
                "roundness": round(0.2 * parallel[pair], 2),
            }
        parallel[pair] += 1
        records.append(record)
    return records


def _count_types(graph: nx.MultiDiGraph, nodes: Iterable[Any]) -> dict[str, int]:
    counts = Counter(node_type(graph.nodes[n]) for n in nodes)
    return {kind: counts[kind] for kind in TYPE_ORDER if counts[kind]}


def build_view(
    graph: nx.MultiDiGraph, *, include_papers: bool = True, max_nodes: int | None = None
) -> ViewData:
    """Select, order and style the nodes and edges to draw."""
    kept, omitted = select_nodes(graph, include_papers=include_papers, max_nodes=max_nodes)
    edges = edge_records(graph, kept)
    # Only edges lost to max_nodes count as omitted; hiding papers on
    # request is not something to warn about.
    candidates = set(kept) | set(omitted)
    candidate_edges = sum(1 for u, v in graph.edges() if u in candidates and v in candidates)
    return ViewData(
        nodes=node_records(graph, kept),
        edges=edges,
        shown_by_type=_count_types(graph, kept),
        omitted_by_type=_count_types(graph, omitted),
        omitted_edges=candidate_edges - len(edges),
    )


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: seeded layout, physics that settles and then stops."""
    return {
        "autoResize": True,
        # A fixed seed makes the layout repeatable; the template switches
        # physics off after stabilisation so the picture stops moving.
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": node_count <= 150},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": 14, "color": "#1A1A1A", "strokeWidth": 3, "strokeColor": "#FFFFFF"},
            # Labels vanish when zoomed out instead of piling up.
            "scaling": {"label": {"drawThreshold": 5}},
        },
        "edges": {
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.4},
            "font": {
                "size": 9,
                "color": "#444444",
                "strokeWidth": 2,
                "strokeColor": "#FFFFFF",
                "align": "middle",
            },
            "scaling": {"label": {"drawThreshold": 7}},
            "selectionWidth": 1.5,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.012,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.4,
            },
            "maxVelocity": 60,
            "minVelocity": 0.8,
            "timestep": 0.5,
            "stabilization": {
                "enabled": True,
                "iterations": 800,
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": node_count > 150,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def _script_json(value: Any) -> Markup:
    # pyvis hands options over as a JSON string; nodes and edges as objects.
    data = json.loads(value) if isinstance(value, str) else value
    return htmlsafe_json_dumps(data, dumps=json.dumps, sort_keys=True, separators=(",", ":"))


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(str(script).encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _read_asset(name: str, closing_tag: str) -> Markup:
    # The HTML parser turns CR/CRLF into LF before the browser hashes a script
    # for the CSP, so normalise here or the hash would not match.
    text = (VIS_DIR / name).read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lowered = text.lower()
    if closing_tag in lowered or "<!--" in lowered:
        raise ValueError(f"{name} cannot be inlined: it contains {closing_tag!r} or '<!--'")
    return Markup(text)


def _environment(context: Mapping[str, Any]) -> Environment:
    # pyvis' own Environment does not autoescape; this one does, so the page
    # title and legend are HTML-escaped without remembering `|e` everywhere.
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = _script_json
    env.filters["csp_hash"] = _csp_hash
    env.globals.update(context)
    return env


def render_page(view: ViewData, *, title: str = "paperkg") -> str:
    """The complete HTML page as a string (reads only packaged assets)."""
    net = Network(
        height="100%", width="100%", directed=True, heading=title, cdn_resources="in_line"
    )
    for node in view.nodes:
        fields = dict(node)
        net.add_node(fields.pop("id"), **fields)
    for edge in view.edges:
        fields = dict(edge)
        net.add_edge(fields.pop("from"), fields.pop("to"), **fields)
    net.options = vis_options(len(view.nodes))
    net.set_template_dir(str(TEMPLATE_DIR), TEMPLATE_NAME)
    # pyvis passes a fixed set of variables to the template; the legend and
    # inlined assets travel as globals of our autoescaping environment.
    net.templateEnv = _environment(
        {
            "vis_js": _read_asset("vis-network.min.js", "</script"),
            "vis_css": _read_asset("vis-network.css", "</style"),
            "legend": [
                {"type": kind, "color": NODE_COLORS[kind], "count": count}
                for kind, count in view.shown_by_type.items()
            ],
            "node_count": len(view.nodes),
            "edge_count": len(view.edges),
            "omitted_by_type": view.omitted_by_type,
            "omitted_nodes": sum(view.omitted_by_type.values()),
            "omitted_edges": view.omitted_edges,
        }
    )
    html: str = net.generate_html()
    return html


def render_html(
    graph: nx.MultiDiGraph,
    path: Path,
    *,
    title: str = "paperkg",
    include_papers: bool = True,
    max_nodes: int | None = None,
) -> Path:
    """Write an interactive, offline HTML view of ``graph`` to ``path``.

    ``include_papers=False`` hides Paper nodes (and so their proposes/mentions
    edges). With ``max_nodes`` the highest-degree entities are kept and the
    page says how many nodes were left out.
    """
    view = build_view(graph, include_papers=include_papers, max_nodes=max_nodes)
    html = render_page(view, title=title)
    path = Path(path)
    # Atomic, so an interrupted run never leaves half a page; UTF-8 with no
    # newline translation, so the same graph gives the same bytes.
    atomic.write_text(path, html)
    return path
