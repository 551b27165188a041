"""Tests of kg.ingest: every format read, detected from content, merged, and
failing with errors that name the file and line.

The fixtures in tests/fixtures/ingest hold the same two papers in every
format (plus a few others), so the cross-format tests can compare them:

- "Sparse Mixers for Efficient Sequence Modeling", arXiv 2401.01234
- "Contrastive Pretraining of Tiny Vision Encoders", no arXiv id (a DOI in
  the BibTeX file only)
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import FORMATS, IngestError, detect, read, read_file, register
from kg.ingest import registry as ingest_registry
from kg.ingest.dailypapers import parse as parse_dailypapers
from kg.ingest.ids import arxiv_id, doi, paper_id, title_id, title_key
from kg.records import Paper

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

SPARSE = "Sparse Mixers for Efficient Sequence Modeling"
SPARSE_ID = "arxiv:2401.01234"
TINY = "Contrastive Pretraining of Tiny Vision Encoders"
TINY_ID = title_id(TINY)

FIXTURE_FORMATS = {
    "dailypapers.txt": "dailypapers",
    "pairs.txt": "dailypapers",
    "papers.jsonl": "jsonl",
    "papers.csv": "csv",
    "papers.bib": "bibtex",
    "feed.xml": "atom",
    "snapshot.jsonl": "arxiv_snapshot",
}


def by_title(papers: list[Paper]) -> dict[str, Paper]:
    return {paper.title: paper for paper in papers}


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# --- registry and detection ----------------------------------------------------


def test_all_formats_are_registered() -> None:
    assert set(FORMATS) == {"dailypapers", "jsonl", "csv", "bibtex", "atom", "arxiv_snapshot"}


@pytest.mark.parametrize(("name", "expected"), sorted(FIXTURE_FORMATS.items()))
def test_detects_format_from_content_not_extension(
    tmp_path: Path, name: str, expected: str
) -> None:
    # A misleading extension proves that only the content is looked at.
    disguised = tmp_path / (name + ".dat")
    shutil.copy(FIXTURES / name, disguised)
    assert detect(disguised) == expected


def test_detects_json_array_and_wrapper_as_jsonl(tmp_path: Path) -> None:
    record = {"title": SPARSE, "abstract": "A sparse mixer routes tokens to partners."}
    assert detect(write(tmp_path, "a.json", json.dumps([record]))) == "jsonl"
    assert detect(write(tmp_path, "b.json", json.dumps({"papers": [record]}))) == "jsonl"


def test_gold_file_is_jsonl() -> None:
    gold = SEEDS.parent / "gold" / "dev.jsonl"
    if not gold.exists():
        pytest.skip("shared/gold is not checked out beside the repo")
    assert detect(gold) == "jsonl"


def test_unknown_format_names_the_file_and_the_choices(tmp_path: Path) -> None:
    # Text, but no format's: a binary file is refused before detection.
    path = write(tmp_path, "x.bin", "just some words\n")
    with pytest.raises(IngestError) as caught:
        read([path], strict=True)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot detect the input format; pass --format one of: ")
    assert all(name in message for name in FORMATS)


def test_empty_file_cannot_be_detected(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="cannot detect"):
        detect(write(tmp_path, "empty.txt", "\n\n"))


def test_unknown_format_name_is_an_error() -> None:
    with pytest.raises(IngestError, match="unknown format 'docx'; choose one of: atom"):
        read([FIXTURES / "papers.csv"], format="docx")


def test_explicit_format_skips_detection() -> None:
    papers = read([FIXTURES / "papers.jsonl"], format="jsonl")
    assert [p.title for p in papers] == [SPARSE, TINY]


def test_a_new_format_is_one_registered_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_registry, "_READERS", dict(ingest_registry._READERS))

    def sniff(head: str) -> bool:
        return head.startswith("%%PIPES")

    @register("pipes", sniff=sniff, priority=5)
    def read_pipes(path: Path) -> Iterator[Paper]:
        for line in path.read_text().splitlines()[1:]:
            title, abstract = line.split("|")
            yield Paper(id=title_id(title), title=title, abstract=abstract)

    path = write(tmp_path, "p.txt", f"%%PIPES\n{TINY}|Small encoders gain from distillation.\n")
    assert detect(path) == "pipes"
    assert [p.id for p in read([path])] == [TINY_ID]


# --- each format ---------------------------------------------------------------


def test_dailypapers_listing_layout() -> None:
    papers = list(read_file(FIXTURES / "dailypapers.txt"))
    assert [p.title for p in papers] == [SPARSE, TINY, "Why Do Adapters Forget?"]
    sparse, tiny, adapters = papers
    assert (sparse.n_authors, sparse.date) == (4, "2024-01-05")
    # No year on the page: an XSD gMonthDay; the trailing 7 is the upvote count.
    assert (tiny.n_authors, tiny.date) == (3, "--02-12")
    # An entry without a footer has no metadata, and the page date is not its date.
    assert (adapters.n_authors, adapters.date) == (None, None)
    assert sparse.abstract.startswith("We replace dense token mixing")
    assert sparse.abstract.endswith("on the same hardware.")
    assert all(p.sources == ("dailypapers.txt",) for p in papers)


def test_dailypapers_bare_pairs_with_glued_chrome() -> None:
    papers = list(read_file(FIXTURES / "pairs.txt"))
    assert [p.title for p in papers] == [SPARSE, "Graph Tokenizers Revisited"]
    assert papers[1].abstract.endswith("canonical depth-first order is best.")


def test_dailypapers_joins_abstract_paragraphs_and_drops_orphan_titles() -> None:
    text = (
        "Load more\n\nA Title Whose Abstract Went Missing\n\nFrozen Norms Help Adapters\n\n"
        "Adapters drift on old tasks because shared layer norms keep changing during training.\n\n"
        "Freezing those norms removes most of the drift at no cost in accuracy on new tasks.\n"
        "  • 2 authors\n·\nMar 9, 2023\n"
    )
    [entry] = parse_dailypapers(text)
    assert entry.title == "Frozen Norms Help Adapters"
    assert len(entry.paragraphs) == 2
    assert (entry.n_authors, entry.date) == (2, "2023-03-09")


def test_jsonl_reads_fields_and_ignores_extra_keys() -> None:
    sparse, tiny = read_file(FIXTURES / "papers.jsonl")
    assert sparse.id == SPARSE_ID
    assert sparse.authors == ("Ana Lima", "Bo Chen", "Carla Diaz", "Dev Patel")
    assert sparse.date == "2024-01-05"
    # "017-002" is a file-local id, so the title hash is used (see kg.ingest.ids).
    assert tiny.id == TINY_ID
    assert tiny.authors == ("Eva Novak", "Femi Ade", "Gu Wei")
    assert tiny.url == "https://example.org/tve"


def test_json_array_and_wrapper_object(tmp_path: Path) -> None:
    records = [
        {"title": SPARSE, "abstract": "Sparse mixing saves memory."},
        {"title": TINY, "summary": "Tiny encoders learn from teachers."},
    ]
    as_array = write(tmp_path, "array.json", json.dumps(records, indent=2))
    wrapped = write(tmp_path, "wrapped.json", json.dumps({"count": 2, "items": records}))
    for path in (as_array, wrapped):
        assert [p.title for p in read_file(path)] == [SPARSE, TINY]


def test_paperkg_output_round_trips(tmp_path: Path) -> None:
    papers = read([FIXTURES])
    lines = []
    for paper in papers:
        record = paper.to_json()
        record["entities"] = []  # an extraction line carries more than the paper
        lines.append(json.dumps(record, ensure_ascii=False))
    path = write(tmp_path, "extractions.jsonl", "\n".join(lines) + "\n")
    assert detect(path) == "jsonl"
    assert list(read_file(path)) == papers
    assert [Paper.from_json(json.loads(line)) for line in lines] == papers


def test_csv_with_synonyms_quoted_newlines_and_blank_rows() -> None:
    sparse, tiny = read_file(FIXTURES / "papers.csv")
    assert sparse.id == SPARSE_ID
    assert sparse.authors == ("Ana Lima", "Bo Chen", "Carla Diaz", "Dev Patel")
    assert tiny.id == TINY_ID
    assert "lets a 5M-parameter encoder" in tiny.abstract  # the quoted newline collapsed
    assert tiny.date == "2024-02-12"


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_csv_other_delimiters(tmp_path: Path, delimiter: str) -> None:
    text = f"TITLE{delimiter}abstract{delimiter}doi\n{TINY}{delimiter}Small, yet able.{delimiter}\n"
    path = write(tmp_path, "papers.tsv", text)
    assert detect(path) == "csv"
    [paper] = read_file(path)
    assert (paper.title, paper.abstract, paper.id) == (TINY, "Small, yet able.", TINY_ID)


def test_bibtex_entries() -> None:
    sparse, tiny = read_file(FIXTURES / "papers.bib")
    assert sparse.title == SPARSE  # {Sparse} lost its braces
    assert sparse.id == SPARSE_ID  # from eprint
    assert sparse.authors == ("Ana Lima", "Bo Chen", "Carla Diaz", "Dev Patel")
    assert sparse.date == "2024-01"
    assert "dense Transformer while" in sparse.abstract
    assert tiny.id == "doi:10.5555/jsm.2024.17"
    assert tiny.authors == ("Eva Novak", "Femi Ade", "Gu Wei")
    assert tiny.abstract.endswith("top-1 accuracy on ImageNet.")


def test_bibtex_latex_and_arxiv_reference(tmp_path: Path) -> None:
    text = (
        '@misc{k, title={Scaling via $\\mu$P: {G}{\\"o}del Meets {BERT}},\n'
        "  author={M{\\\"u}ller, J{\\'e}r{\\^o}me and {Barnes and Noble}},\n"
        "  journal={arXiv preprint arXiv:2305.12345}, year={2023},\n"
        "  abstract={We study $\\mu$P \\emph{at scale} and save 50\\% of the tuning cost.}}\n"
    )
    [paper] = read_file(write(tmp_path, "x.bib", text))
    assert paper.title == "Scaling via μP: Gödel Meets BERT"
    assert paper.authors == ("Jérôme Müller", "Barnes and Noble")
    assert paper.abstract == "We study μP at scale and save 50% of the tuning cost."
    assert paper.id == "arxiv:2305.12345"
    assert paper.date == "2023"


def test_atom_feed() -> None:
    sparse, toy = read_file(FIXTURES / "feed.xml")
    assert (sparse.id, sparse.title) == (SPARSE_ID, SPARSE)  # title line break collapsed
    assert sparse.authors == ("Ana Lima", "Bo Chen")
    assert sparse.date == "2024-01-05"
    assert sparse.categories == ("cs.LG", "cs.CL")
    assert sparse.url == "http://arxiv.org/abs/2401.01234v2"
    assert toy.id == "arxiv:hep-th/9901001"  # old-style id, version dropped


def test_arxiv_snapshot() -> None:
    sparse, toy = read_file(FIXTURES / "snapshot.jsonl")
    assert (sparse.id, sparse.title) == (SPARSE_ID, SPARSE)
    assert "\n" not in sparse.abstract and "  " not in sparse.abstract
    assert sparse.authors == ("Ana Lima", "Bo Chen", "Carla Díaz", "Dev Patel")
    assert sparse.date == "2024-01-05"  # first version, not update_date
    assert sparse.categories == ("cs.LG", "cs.CL")
    assert toy.id == "arxiv:hep-th/9901001"


# --- ids and merging -----------------------------------------------------------


def test_ids_are_the_same_in_every_format() -> None:
    ids: dict[str, set[str]] = {SPARSE: set(), TINY: set()}
    for name in FIXTURE_FORMATS:
        for paper in read_file(FIXTURES / name):
            if paper.title in ids and not name.endswith(".txt") and name != "papers.bib":
                ids[paper.title].add(paper.id)
    assert ids == {SPARSE: {SPARSE_ID}, TINY: {TINY_ID}}
    # Dumps have no ids: they get the title hash, as the JSON file without an arXiv id does.
    dump_ids = {p.title: p.id for p in read_file(FIXTURES / "dailypapers.txt")}
    assert dump_ids[TINY] == TINY_ID


def test_id_helpers() -> None:
    assert arxiv_id("https://arxiv.org/pdf/2301.00001v3") == "2301.00001"
    assert arxiv_id("arXiv:hep-th/9901001") == "hep-th/9901001"
    assert doi("https://doi.org/10.1234/ABC.def") == "10.1234/abc.def"
    assert paper_id("T", ["001-004"]) == title_id("T")
    assert (
        title_key("\uff34ransformers\u2014Are  they ALL you need?")
        == "transformers are they all you need"
    )


def test_duplicates_merge_across_formats() -> None:
    papers = by_title(read([FIXTURES]))
    assert len(papers) == 5
    sparse = papers[SPARSE]
    assert sparse.id == SPARSE_ID
    assert sparse.sources == tuple(sorted(FIXTURE_FORMATS))
    tiny = papers[TINY]
    # The DOI from BibTeX is stronger than the title hash of the other files.
    assert tiny.id == "doi:10.5555/jsm.2024.17"
    assert tiny.sources == ("dailypapers.txt", "papers.bib", "papers.csv", "papers.jsonl")
    assert tiny.date == "2024-02-12"  # a full date beats "--02-12" and "2024-02"
    assert tiny.n_authors == 3 and tiny.authors == ("Eva Novak", "Femi Ade", "Gu Wei")


def test_duplicates_merge_within_a_file_keeping_the_longer_abstract(tmp_path: Path) -> None:
    lines = [
        {"title": TINY, "abstract": "Short."},
        {"title": SPARSE, "abstract": "Sparse mixing."},
        {
            "title": TINY.upper(),
            "abstract": "A longer abstract about tiny encoders.",
            "date": "2024",
        },
    ]
    path = write(tmp_path, "d.jsonl", "\n".join(json.dumps(line) for line in lines))
    tiny, sparse = read([path])
    assert (tiny.title, tiny.abstract, tiny.date) == (TINY, lines[2]["abstract"], "2024")
    assert tiny.sources == ("d.jsonl",)
    assert sparse.title == SPARSE


def test_output_order_is_first_appearance() -> None:
    first = [p.id for p in read([FIXTURES / "feed.xml", FIXTURES / "papers.jsonl"])]
    second = [p.id for p in read([FIXTURES / "papers.jsonl", FIXTURES / "feed.xml"])]
    assert first == [SPARSE_ID, "arxiv:hep-th/9901001", TINY_ID]
    assert second == [SPARSE_ID, TINY_ID, "arxiv:hep-th/9901001"]


# --- errors --------------------------------------------------------------------


def test_malformed_json_line(tmp_path: Path) -> None:
    good = json.dumps({"title": TINY, "abstract": "Fine."})
    path = write(tmp_path, "data.jsonl", f'{good}\n{{"title": "x" "abstract": "y"}}\n')
    with pytest.raises(IngestError) as caught:
        read([path], strict=True)
    assert str(caught.value) == f"{path}:2: invalid JSON (Expecting ',' delimiter)"
    assert (caught.value.line, caught.value.path) == (2, str(path))


def test_malformed_json_document_reports_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "data.json", '[\n  {"title": "a",\n   "abstract": }\n]')
    with pytest.raises(IngestError, match=r"data\.json:3: invalid JSON \(Expecting value\)"):
        read([path], strict=True)


def test_json_record_without_abstract_names_its_line(tmp_path: Path) -> None:
    records = [{"title": SPARSE, "abstract": "x"}, {"title": TINY}]
    path = write(tmp_path, "data.json", json.dumps(records, indent=1))
    with pytest.raises(IngestError, match=r"data\.json:6: record has no abstract"):
        read([path], strict=True)


def test_json_record_without_title(tmp_path: Path) -> None:
    path = write(tmp_path, "data.jsonl", '\n{"abstract": "Only an abstract."}\n')
    with pytest.raises(IngestError, match=r"data\.jsonl:2: record has no title"):
        read([path], strict=True)


def test_csv_missing_abstract_column(tmp_path: Path) -> None:
    path = write(tmp_path, "papers.csv", f"id,title,authors\n1,{TINY},Eva Novak\n")
    with pytest.raises(IngestError) as caught:
        read([path], strict=True)
    message = str(caught.value)
    assert message.startswith(f"{path}:1: no abstract column (expected one of: abstract")
    assert message.endswith("found: id, title, authors)")


def test_csv_row_without_abstract_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", f'title,abstract\n"{SPARSE}","ok"\n\n"{TINY}",\n')
    with pytest.raises(IngestError, match=r"p\.csv:4: record has no abstract"):
        read([path], strict=True)


def test_bibtex_unbalanced_braces(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", "% refs\n\n@article{k,\n  title = {Open {brace},\n")
    with pytest.raises(IngestError, match=r"refs\.bib:3: unterminated entry"):
        read([path], strict=True)


def test_bibtex_entry_without_abstract(tmp_path: Path) -> None:
    path = write(
        tmp_path, "refs.bib", "@article{k1, title={A}, abstract={B}}\n@book{k2, title={C}}"
    )
    with pytest.raises(IngestError, match=r"refs\.bib:2: record has no abstract"):
        read([path], strict=True)


def test_atom_with_dtd_is_refused(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY lol "lol">]>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol;</title></entry></feed>\n'
    )
    path = write(tmp_path, "feed.xml", text)
    assert detect(path) == "atom"
    with pytest.raises(IngestError, match=r"feed\.xml:2: XML with a DTD"):
        read([path], strict=True)


def test_atom_malformed_xml(tmp_path: Path) -> None:
    text = '<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n<title>x</entry>\n</feed>'
    with pytest.raises(IngestError, match=r"feed\.xml:3: invalid XML \(mismatched tag\)"):
        read([write(tmp_path, "feed.xml", text)], strict=True)


def test_not_utf8(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252 too, so there is no fallback: strict refuses
    # to replace the bytes.
    path = tmp_path / "latin1.csv"
    path.write_bytes(f"title,abstract\n{TINY},Caf\xe9 encoders.\x81\n".encode("latin-1"))
    with pytest.raises(IngestError, match=r"latin1\.csv:2: not UTF-8 \(byte 0xe9\)"):
        read([path], strict=True)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"nope\.txt: cannot read"):
        read([tmp_path / "nope.txt"], strict=True)


# --- the real seed dumps -------------------------------------------------------

SEED_COUNTS = {"000": 81, "001": 133, "002": 16, "003": 78}
CHROME = (
    "Get trending papers",
    "email inbox",
    "once a day",
    "Subscribe",
    "Daily Papers",
    "byAK",
    "research community",
)
FOOTER = re.compile(r"[•·]|\d+ authors$|^[A-Z][a-z]{2} \d{1,2}(, \d{4})?$")

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not checked out")


@pytest.fixture(scope="module")
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@needs_seeds
def test_seed_entry_counts_per_file(seed_files: list[Path]) -> None:
    counts = {path.name[:3]: len(list(read_file(path))) for path in seed_files}
    assert counts == SEED_COUNTS
    assert sum(counts.values()) == 308
    assert {detect(path) for path in seed_files} == {"dailypapers"}


@needs_seeds
def test_seed_papers_after_merge(seed_files: list[Path]) -> None:
    papers = read(seed_files)
    assert len(papers) == 264
    # 308 entries, 264 papers: the 44 repeats show up as extra sources.
    assert sum(len(p.sources) for p in papers) == 308
    assert sum(len(p.sources) - 1 for p in papers if len(p.sources) > 1) == 44
    for paper in papers:
        assert paper.title and paper.abstract
        assert len(paper.abstract) > len(paper.title)
        for chrome in CHROME:
            assert chrome not in paper.title and chrome not in paper.abstract, paper.title
        assert not FOOTER.search(paper.title) and not FOOTER.search(paper.abstract)
    titles = {p.title for p in papers}
    assert "Hybrid Transformers for Music Source Separation" in titles  # unglued


@needs_seeds
def test_seed_metadata_where_the_layout_has_it(seed_files: list[Path]) -> None:
    for path in seed_files:
        papers = list(read_file(path))
        with_footer = [p for p in papers if p.n_authors is not None]
        if path.name.startswith("001"):  # the bare title/abstract layout
            assert not with_footer and all(p.date is None for p in papers)
            continue
        assert len(with_footer) >= len(papers) - 1  # one 003 entry has no footer
        assert all(p.date is not None for p in with_footer)
        assert all(
            p.date and (p.date[:4].isdigit() or p.date.startswith("--")) for p in with_footer
        )
    first = next(read_file(seed_files[0]))
    assert (first.n_authors, first.date) == (5, "2023-07-16")


@needs_seeds
def test_seed_ids_agree_with_the_gold_file(seed_files: list[Path]) -> None:
    gold = SEEDS.parent / "gold" / "dev.jsonl"
    if not gold.exists():
        pytest.skip("shared/gold is not checked out")
    seed_ids = {p.id for p in read(seed_files)}
    gold_ids = [p.id for p in read([gold])]
    assert gold_ids and set(gold_ids) <= seed_ids


@needs_seeds
def test_seed_titles_are_unique_per_file(seed_files: list[Path]) -> None:
    for path in seed_files:
        counts = Counter(title_key(p.title) for p in read_file(path))
        assert max(counts.values()) == 1


# --- properties ------------------------------------------------------------------

# Lines that exercise the parser's branches more often than random text would.
_LINES = st.sampled_from(
    [
        "",
        "  • 5 authors",
        "·",
        "Jul 16, 2023",
        "Oct 30",
        "Feb 30 4",
        "Subscribe",
        "SubscribeA Glued Title",
        "Daily Papers",
        "A Short Title",
        "We propose a method that works well on many benchmarks and tasks.",
        "x" * 300,
        "word " * 45,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=80)), max_size=30))
def test_dailypapers_parser_never_crashes(lines: list[str]) -> None:
    for entry in parse_dailypapers("\n".join(lines)):
        assert entry.title.strip() and entry.abstract.strip()
        assert entry.title == entry.title.strip()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_dailypapers_parser_never_crashes_on_any_text(text: str) -> None:
    for entry in parse_dailypapers(text):
        assert entry.title and entry.abstract
