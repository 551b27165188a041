"""Paper ids: stable, and the same whichever format a paper was read from.

An id is, in order of preference:

1. ``arxiv:<id>`` - the arXiv identifier without its version
   (``arxiv:2301.00001``, old style ``arxiv:hep-th/9901001``), found in an id
   field, an abs/pdf URL, an ``arXiv:`` reference or an arXiv DOI
   (``10.48550/arXiv.2301.00001``);
2. ``doi:<doi>`` - the DOI, lowercased (DOIs are case-insensitive);
3. ``title:<hash>`` - the first 16 hex digits of the SHA-256 of the
   normalised title (see ``title_key``).

Record ids that are neither arXiv ids nor DOIs (the gold file's "001-004",
row numbers, database keys) are deliberately ignored in favour of the title
hash: they are local to one file, whereas the title is what a page dump and
an annotation file share, so ``kg extract`` on the seed dumps and on the gold
file gives the same paper the same id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_NEW_ARXIV = r"\d{4}\.\d{4,5}"
# Old-style ids name the archive, optionally with a subject class that is not
# part of the identifier: "math.GT/0309136" is "math/0309136".
_OLD_ARXIV = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2})?/\d{7}"
_ARXIV_BODY = rf"(?P<id>{_NEW_ARXIV}|{_OLD_ARXIV})(?:v\d+)?"
_BARE_ARXIV = re.compile(rf"(?:arxiv:\s*)?{_ARXIV_BODY}", re.IGNORECASE)
_ARXIV_IN_TEXT = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*|10\.48550/arxiv\.){_ARXIV_BODY}(?!\d)",
    re.IGNORECASE,
)
_DOI = re.compile(
    r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/\S+)", re.IGNORECASE
)
_NOT_ALNUM = re.compile(r"[\W_]+")

ARXIV_PREFIX = "arxiv:"
DOI_PREFIX = "doi:"
TITLE_PREFIX = "title:"


def arxiv_id(text: str) -> str | None:
    """The versionless arXiv id that ``text`` is or refers to, else None.

    >>> arxiv_id("2301.00001v2"), arxiv_id("http://arxiv.org/abs/2301.00001v2")
    ('2301.00001', '2301.00001')
    >>> arxiv_id("arXiv:hep-th/9901001v1"), arxiv_id("math.GT/0309136")
    ('hep-th/9901001', 'math/0309136')
    >>> arxiv_id("arXiv preprint arXiv:1706.03762"), arxiv_id("10.48550/ARXIV.1706.03762")
    ('1706.03762', '1706.03762')
    >>> arxiv_id("001-004") is None, arxiv_id("10.1145/3292500.3330701") is None
    (True, True)
    """
    text = text.strip()
    match = _BARE_ARXIV.fullmatch(text) or _ARXIV_IN_TEXT.search(text)
    if match is None:
        return None
    archive, slash, number = match["id"].partition("/")
    return f"{archive.split('.')[0].lower()}/{number}" if slash else archive


def doi(text: str) -> str | None:
    """The lowercased DOI that ``text`` is (bare, ``doi:`` or doi.org URL), else None.

    >>> doi("https://doi.org/10.18653/V1/N19-1423"), doi("doi:10.1234/ABC")
    ('10.18653/v1/n19-1423', '10.1234/abc')
    >>> doi("001-004") is None
    True
    """
    match = _DOI.fullmatch(text.strip())
    return None if match is None else match["doi"].lower()


def title_key(title: str) -> str:
    """The normalised title that title ids and duplicate detection compare.

    NFKC, casefold, and every run of non-alphanumerics becomes one space, so
    punctuation, case and spacing differences between sources do not matter.

    >>> title_key("  BERT: Pre-training of Deep\\nBidirectional   Transformers ")
    'bert pre training of deep bidirectional transformers'
    """
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NOT_ALNUM.sub(" ", folded).strip()


def title_id(title: str) -> str:
    """``title:`` and the first 16 hex digits of the SHA-256 of ``title_key``.

    >>> title_id("Attention Is All You Need") == title_id("attention is all you need!")
    True
    >>> title_id("Attention Is All You Need")
    'title:4a1c934d3d98f3ce'
    """
    digest = hashlib.sha256(title_key(title).encode("utf-8")).hexdigest()
    return TITLE_PREFIX + digest[:16]


def paper_id(title: str, candidates: Iterable[str | None] = ()) -> str:
    """The id of a paper: the first arXiv id among ``candidates``, else the
    first DOI, else the title hash.

    ``candidates`` are whatever identifying strings a record has (id field,
    arXiv field, DOI field, URL), in any order; anything that is neither an
    arXiv id nor a DOI is ignored (see the module docstring).

    >>> paper_id("Attention Is All You Need", ["001-004", "10.5555/3295222", "1706.03762v7"])
    'arxiv:1706.03762'
    >>> paper_id("Attention Is All You Need", ["doi:10.5555/3295222"])
    'doi:10.5555/3295222'
    >>> paper_id("Attention Is All You Need", ["001-004"])
    'title:4a1c934d3d98f3ce'
    """
    texts = [text for text in candidates if text]
    for text in texts:
        if found := arxiv_id(text):
            return ARXIV_PREFIX + found
    for text in texts:
        if found := doi(text):
            return DOI_PREFIX + found
    return title_id(title)


def id_strength(paper_id: str) -> int:
    """How specific an id is: arXiv 2, DOI 1, title hash 0 (merging keeps the
    strongest).

    >>> id_strength("arxiv:2301.00001"), id_strength("doi:10.1/x"), id_strength("title:ab")
    (2, 1, 0)
    """
    if paper_id.startswith(ARXIV_PREFIX):
        return 2
    return 1 if paper_id.startswith(DOI_PREFIX) else 0
