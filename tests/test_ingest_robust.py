"""Tests of kg.ingest on bad input: every problem is skipped and reported
(or, with strict=True, raised as a one-line IngestError), never a traceback;
and of the text cleanup that every reader applies.

The property tests feed arbitrary bytes to every reader, and the bounded
fuzzing of the Daily Papers page parser keeps the crashing inputs that a
longer fuzzing run found in tests/fixtures/fuzz as regression cases.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.ingest import FORMATS, IngestError, IngestReport, Problem, read, read_file
from kg.ingest import common as ingest_common
from kg.ingest.clean import clean_text, join_hyphenated, latex_to_text, strip_html
from kg.ingest.dailypapers import parse as parse_dailypapers

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
FUZZ = Path(__file__).parent / "fixtures" / "fuzz"

SPARSE = "Sparse Mixers for Efficient Sequence Modeling"
TINY = "Contrastive Pretraining of Tiny Vision Encoders"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def reasons(report: IngestReport) -> list[str]:
    return [str(problem) for problem in report.skipped]


# --- record-level problems: skipped, reported, the rest read --------------------


def test_malformed_json_line_is_skipped_and_reported(tmp_path: Path) -> None:
    good = {"title": TINY, "abstract": "Fine."}
    text = jsonl(good) + '{"title": "x" "abstract": "y"}\n' + jsonl({**good, "title": SPARSE})
    path = write(tmp_path, "data.jsonl", text)
    report = IngestReport()
    papers = read([path], report=report)
    assert [p.title for p in papers] == [TINY, SPARSE]
    assert reasons(report) == [f"{path}:2: invalid JSON (Expecting ',' delimiter)"]
    assert report.skipped[0] == Problem(str(path), 2, "invalid JSON (Expecting ',' delimiter)")


def test_strict_mode_raises_the_one_line_error(tmp_path: Path) -> None:
    path = write(tmp_path, "data.jsonl", jsonl({"title": TINY, "abstract": "A."}) + "{oops\n")
    with pytest.raises(IngestError) as caught:
        read([path], strict=True)
    message = str(caught.value)
    assert message == f"{path}:2: invalid JSON (Expecting property name enclosed in double quotes)"
    assert "\n" not in message


def test_truncated_first_json_line_still_reads_as_json_lines(tmp_path: Path) -> None:
    text = '{"title": "cut off here\n' + jsonl({"title": TINY, "abstract": "Fine."})
    report = IngestReport()
    papers = read([write(tmp_path, "cut.jsonl", text)], format="jsonl", report=report)
    assert [p.title for p in papers] == [TINY]
    assert [p.line for p in report.skipped] == [1]


def test_missing_title_or_abstract_and_non_objects_are_skipped(tmp_path: Path) -> None:
    text = jsonl(
        {"abstract": "No title."},
        {"title": SPARSE},
        [1, 2],
        "text",
        {"title": TINY, "abstract": "Ok."},
    )
    path = write(tmp_path, "d.jsonl", text)
    report = IngestReport()
    assert [p.title for p in read([path], report=report)] == [TINY]
    assert reasons(report) == [
        f"{path}:1: record has no title",
        f"{path}:2: record has no abstract (title {SPARSE!r})",
        f"{path}:3: expected a JSON object, got an array",
        f"{path}:4: expected a JSON object, got a string",
    ]
    assert report.summary() == "1 record in 1 file -> 1 paper; 4 records skipped (see report)"


def test_csv_bad_row_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", f'title,abstract\n"{SPARSE}","ok"\n\n"{TINY}",\nT,"A."\n')
    report = IngestReport()
    assert [p.title for p in read([path], report=report)] == [SPARSE, "T"]
    assert reasons(report) == [f"{path}:4: record has no abstract (title {TINY!r})"]


def test_bad_bibtex_entry_is_skipped_and_the_next_one_read(tmp_path: Path) -> None:
    text = (
        "@article{a, title={First}, abstract={One.}}\n"
        "@article{b, title = {Broken, abstract = {Two.}\n"
        "@article{c, title={Third}, abstract={Three.}}\n"
        "@article{d, title={Fourth}, abstract=}\n"
    )
    path = write(tmp_path, "refs.bib", text)
    report = IngestReport()
    assert [p.title for p in read([path], report=report)] == ["First", "Third"]
    assert [(p.line, p.reason.split(" (")[0]) for p in report.skipped] == [
        (2, "unterminated entry"),
        (4, "expected a field value"),
    ]


def test_atom_entry_without_abstract_is_skipped(tmp_path: Path) -> None:
    text = (
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "<entry><title>Only a title</title></entry>\n"
        "<entry><title>T</title><summary>S.</summary></entry>\n</feed>\n"
    )
    report = IngestReport()
    papers = read([write(tmp_path, "f.xml", text)], report=report)
    assert [p.title for p in papers] == ["T"]
    assert [p.line for p in report.skipped] == [2]


# --- whole-file problems ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.jsonl", b"\n \n\t\n", "empty file"),
        ("x.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes), not text"),
        ("u16.txt", "title".encode("utf-16"), "UTF-16 text; convert the file to UTF-8"),
        (
            "notes.txt",
            b"just some words\n",
            "cannot detect the input format; pass --format one of: ",
        ),
        ("p.csv", b"id,title,authors\n1,T,Eva Novak\n", "no abstract column (expected one of: "),
        ("f.xml", b'<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n</feed>', "invalid XML"),
        ("d.json", b'[\n{"title": "a",\n "abstract": }\n]', "invalid JSON (Expecting value)"),
    ],
)
def test_bad_file_is_skipped_and_reported(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = write(tmp_path, "good.jsonl", jsonl({"title": TINY, "abstract": "Fine."}))
    report = IngestReport()
    assert [p.title for p in read([bad, good], report=report)] == [TINY]
    [problem] = report.skipped
    assert problem.whole_file and problem.path == str(bad)
    assert problem.reason.startswith(reason)
    assert report.files == 2
    with pytest.raises(IngestError, match=re.escape(reason)):
        read([bad, good], strict=True)


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    report = IngestReport()
    assert read([tmp_path / "nope.txt", tmp_path / "empty"], report=report) == []
    assert reasons(report) == [
        f"{tmp_path / 'nope.txt'}: cannot read (No such file or directory)",
        f"{tmp_path / 'empty'}: directory has no files to read",
    ]
    assert report.summary() == "0 records in 0 files -> 0 papers; 2 files skipped (see report)"


def test_unknown_format_name_raises_even_when_not_strict() -> None:
    with pytest.raises(IngestError, match="unknown format 'docx'"):
        read([FIXTURES / "papers.jsonl"], format="docx")


def test_whole_text_formats_refuse_files_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_common, "MAX_TEXT_BYTES", 1000)
    page = (FIXTURES / "dailypapers.txt").read_text(encoding="utf-8") * 3
    big = write(tmp_path, "big.txt", page)
    report = IngestReport()
    assert read([big], report=report) == []
    [problem] = report.skipped
    assert problem.whole_file and "file too large" in problem.reason
    # JSON Lines are streamed, so the same limit does not apply.
    lines = jsonl(*({"title": f"Paper {i}", "abstract": "x" * 50} for i in range(50)))
    assert len(read([write(tmp_path, "big.jsonl", lines)])) == 50


def test_overlong_line_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_common, "MAX_LINE_BYTES", 200)
    text = jsonl({"title": "A", "abstract": "y" * 300}, {"title": TINY, "abstract": "Fine."})
    report = IngestReport()
    assert [p.title for p in read([write(tmp_path, "l.jsonl", text)], report=report)] == [TINY]
    assert [(p.line, p.reason) for p in report.skipped] == [
        (1, "line longer than 200 bytes, skipped")
    ]


# --- encodings ------------------------------------------------------------------


def test_cp1252_fallback_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(f"title,abstract\n{TINY},Caf\xe9 \u201cencoders\u201d.\n".encode("cp1252"))
    report = IngestReport()
    [paper] = read([path], report=report, strict=True)
    assert paper.abstract == "Café \u201cencoders\u201d."
    assert report.notes == [f"{path}: not UTF-8, read as cp1252"]


def test_undecodable_bytes_are_replaced_and_each_line_noted(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252, so neither encoding reads the whole file.
    lines = [
        b'{"title": "Caf\xe9 \x81", "abstract": "One."}',
        b'{"title": "Fine", "abstract": "Two."}',
        b'{"title": "Bad \xff", "abstract": "Three."}',
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines))
    report = IngestReport()
    papers = read([path], report=report)
    assert [p.title for p in papers] == ["Caf\ufffd \ufffd", "Fine", "Bad \ufffd"]
    assert report.notes == [
        f"{path}:1: not UTF-8 (byte 0xe9); undecodable bytes replaced with U+FFFD",
        f"{path}:3: not UTF-8 (byte 0xff); undecodable bytes replaced with U+FFFD",
    ]
    with pytest.raises(IngestError, match=r"mixed\.jsonl:1: not UTF-8 \(byte 0xe9\)"):
        read([path], strict=True)


def test_bom_and_crlf_are_handled(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(f"\ufefftitle,abstract\r\n{TINY},Fine.\r\n".encode())
    [paper] = read([path], strict=True)
    assert (paper.title, paper.abstract) == (TINY, "Fine.")


# --- duplicates and the report ------------------------------------------------------


def test_duplicates_are_reported(tmp_path: Path) -> None:
    text = jsonl(
        {"title": TINY, "abstract": "Short."},
        {"title": SPARSE, "abstract": "Sparse."},
        {"title": TINY.upper(), "abstract": "Longer abstract."},
    )
    report = IngestReport()
    papers = read([write(tmp_path, "d.jsonl", text), FIXTURES / "feed.xml"], report=report)
    assert len(papers) == 3
    by_title = {d.title: d for d in report.duplicates}
    assert by_title[TINY].count == 2 and by_title[TINY].sources == ["d.jsonl"]
    assert by_title[SPARSE].count == 2 and by_title[SPARSE].sources == ["d.jsonl", "feed.xml"]
    assert (report.files, report.records, report.papers) == (2, 5, 3)
    assert report.summary() == "5 records in 2 files -> 3 papers; 2 duplicates merged"
    data = report.to_json()
    assert list(data) == [
        "files", "records", "papers", "duplicates_merged", "skipped", "duplicates", "notes"
    ]  # fmt: skip
    assert json.loads(json.dumps(data)) == data


def test_read_without_a_report_still_skips(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", "{bad\n" + jsonl({"title": TINY, "abstract": "Ok."}))
    assert [p.title for p in read([path])] == [TINY]
    assert [p.title for p in read_file(path)] == [TINY]


# --- cleanup ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (r"\textit{ConvFormer} and \emph{it} \textbf{win}", "ConvFormer and it win"),
        (r"as shown~\cite{vaswani2017}, $\alpha$-nets", "as shown, \u03b1-nets"),
        (r"$2\times$ faster, $\epsilon \leq 0.1$, 50\% \& more", "2× faster, ε ≤ 0.1, 50% & more"),
        (r"a~b --- c -- d, {ViT}s with \LaTeX", "a b — c – d, ViTs with LaTeX"),
        ("Q&amp;A, it&#x27;s <i>H</i><sub>2</sub>O<br>next", "Q&A, it's H2O next"),
        ("trans-\nformer encoder-\ndecoder", "transformer encoderdecoder"),
        ("an encoder-\ndecoder is an encoder-decoder", "an encoder-decoder is an encoder-decoder"),
        ("GPT-\n4 and Pre-\nTrained", "GPT-4 and Pre-Trained"),
        ("pre\u2010trained\u00a0nets\u200b\ttoday\r\n", "pre-trained nets today"),
        ("Cafe\u0301", "Café"),
        (
            "costs $5 and $10; ~5% of {a, b}; a < b > c",
            "costs $5 and $10; ~5% of {a, b}; a < b > c",
        ),
    ],
)
def test_cleanup_rules(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_cleanup_applies_in_every_reader(tmp_path: Path) -> None:
    record = {
        "title": r"\textit{Tiny} Nets",
        "abstract": "We use <i>trans-\nformers</i> &amp; more.",
    }
    [paper] = read([write(tmp_path, "x.jsonl", jsonl(record))])
    assert (paper.title, paper.abstract) == ("Tiny Nets", "We use transformers & more.")
    bib = "@article{k, title={{BERT} for \\emph{All}}, abstract={A trans-\n  former.}}"
    [paper] = read([write(tmp_path, "x.bib", bib)])
    assert (paper.title, paper.abstract) == ("BERT for All", "A transformer.")


_MARKUP = st.sampled_from(
    [
        "\\", "{", "}", "$", "~", "-", "--", "-\n", "\n", "&amp;", "&", ";", "#", "<i>", "</i>",
        "<br>", "<", ">", "\\emph{", "\\alpha", "\\'", "\\cite{x}", "\u00a0", "\u200b", "\u2010",
        "\r", "\t", " ", "a", "B", "7", "e\u0301", "%", "\\%", "&lt;", "&#x27;", "x^{2}",
    ]
)  # fmt: skip
_TEXT = st.one_of(st.text(max_size=60), st.lists(_MARKUP, max_size=25).map("".join))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_cleanup_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_cleanup_never_grows_whitespace(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert all(char == " " for char in cleaned if char.isspace())
    # A space in the output stands for whitespace or markup in the input.
    separators = sum(1 for char in text if char.isspace() or char in "~<&\\")
    assert cleaned.count(" ") <= separators


def test_cleanup_helpers() -> None:
    assert join_hyphenated("no break-here") == "no break-here"
    assert strip_html("&amp;lt;x&amp;gt;") == "<x>"
    assert latex_to_text("{x}") == "{x}" and latex_to_text("{x}", braces=True) == "x"


# --- properties: readers on arbitrary input ---------------------------------------

_LINES = st.sampled_from(
    [
        '{"title": "T", "abstract": "A."}',
        '{"title": 1, "abstract": ["x"]}',
        '{"papers": [{"title": "T", "abstract": "A."}]}',
        "[1, 2",
        "title,abstract",
        '"T","A."',
        "@article{k, title={T}, abstract={A.}}",
        "@string{x = ",
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>',
        "<summary>A.</summary></entry></feed>",
        "A Short Title",
        "We propose a method that works well on many benchmarks and tasks.",
        "  • 5 authors",
        "Jul 16, 2023",
        "",
    ]
)
_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=12).map(
        lambda lines: "\n".join(lines).encode("utf-8", errors="surrogatepass")
    ),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=_BYTES, format=st.sampled_from([None, *FORMATS]))
@example(content=b"\r\x01", format=None)  # found by a longer run: the CSV sniffer crashed
@example(content=b'"\x01\n\x01', format="csv")  # a quoted header cell held a line break
def test_readers_raise_only_ingest_errors(
    tmp_path: Path, content: bytes, format: str | None
) -> None:
    path = tmp_path / "input"
    path.write_bytes(content)
    try:
        read([path], format=format, strict=True)
    except IngestError as err:
        assert "\n" not in str(err)
    report = IngestReport()
    for paper in read([path], format=format, report=report):
        assert paper.title.strip() and paper.abstract.strip()
    assert report.files == 1


# --- the Daily Papers page parser ----------------------------------------------------

_PAGE_LINES = st.sampled_from(
    [
        "", "  • 5 authors", "• 99999999999 authors", "·", "•", "Jul 16, 2023", "Oct 30",
        "Feb 30 4", "May 21 2", "Subscribe", "SubscribeA Glued Title", "Daily Papers",
        "Get trending papers in your email inbox!", "A Short Title", "x" * 300, "word " * 45,
        "We propose a method that works well on many benchmarks and tasks.",
        "\\emph{We} show $\\alpha$ &amp; <i>more</i> on many benchmarks and tasks today.",
        "trans-", "former", "\u00a0", "\r", "\x0b", "\u2028",
    ]
)  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(_PAGE_LINES, st.text(max_size=60)), max_size=30).map("\n".join))
def test_page_parser_bounded_fuzz(text: str) -> None:
    for entry in parse_dailypapers(text):
        assert entry.title.strip() and entry.abstract.strip()


def test_fuzz_regressions() -> None:
    """Inputs that a fuzzing run once failed on: the page parser and the
    cleanup (``clean-*``: not idempotent) must now pass on each."""
    cases = sorted(FUZZ.glob("*.txt"))
    assert cases
    for case in cases:
        text = case.read_bytes().decode("utf-8", errors="replace")
        for entry in parse_dailypapers(text):
            assert entry.title.strip() and entry.abstract.strip()
        once = clean_text(text)
        assert clean_text(once) == once, case.name
        read([case], format="dailypapers")
