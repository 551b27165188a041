"""Metadata clean-up shared by the readers: dates, author lists, LaTeX names.

Every reader funnels its strings through these functions so that the same
paper read from two formats ends up with the same title, date and authors.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from kg.ingest.clean import collapse_whitespace, latex_to_text

# --- dates -------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?")
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?(?:\s+(\d{4}))?")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")
_GMONTHDAY = re.compile(r"--(\d{2})-(\d{2})")


def month_number(text: str) -> int | None:
    """The month (1-12) that a name, abbreviation or number stands for.

    >>> month_number("Jul"), month_number("september"), month_number("07"), month_number("x")
    (7, 9, 7, None)
    """
    key = text.strip().rstrip(".").casefold()
    if key.isascii() and key.isdigit() and len(key) <= 2:
        return int(key) if 1 <= int(key) <= 12 else None
    return _MONTHS.get(key)


def iso_date(year: int | None, month: int | None, day: int | None) -> str | None:
    """The ISO 8601 form of a possibly partial date, or None if it is not a date.

    A missing year gives an XSD gMonthDay ("--07-11"); a missing day or month
    gives the reduced ISO forms "2023-07" and "2023".

    >>> iso_date(2023, 7, 16), iso_date(None, 7, 11), iso_date(2023, 7, None)
    ('2023-07-16', '--07-11', '2023-07')
    >>> iso_date(2023, 2, 30) is None
    True
    """
    if month is None:
        return f"{year:04d}" if year is not None and day is None else None
    if day is None:
        return f"{year:04d}-{month:02d}" if year is not None else None
    try:
        # 2000 is a leap year, so a yearless "--02-29" is allowed.
        date(2000 if year is None else year, month, day)
    except ValueError:
        return None
    return f"--{month:02d}-{day:02d}" if year is None else f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str) -> str | None:
    """Normalise the date formats seen in paper metadata, or None if unparseable.

    >>> parse_date("2023-07-16T17:59:58Z"), parse_date("Jul 16, 2023"), parse_date("Jul 11")
    ('2023-07-16', '2023-07-16', '--07-11')
    >>> parse_date("Mon, 2 Apr 2007 19:18:42 GMT"), parse_date("16 July 2023")
    ('2007-04-02', '2023-07-16')
    >>> parse_date("2023"), parse_date("--07-11"), parse_date("soon")
    ('2023', '--07-11', None)
    """
    text = collapse_whitespace(text)
    if m := _GMONTHDAY.fullmatch(text):
        return iso_date(None, int(m[1]), int(m[2]))
    if m := _ISO.fullmatch(text):
        return iso_date(int(m[1]), _int(m[2]), _int(m[3]))
    if m := _SLASHED.fullmatch(text):
        return iso_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _MONTH_DAY_YEAR.fullmatch(text):
        month = month_number(m[1])
        return None if month is None else iso_date(_int(m[3]), month, int(m[2]))
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        month = month_number(m[2])
        return None if month is None else iso_date(_int(m[3]), month, int(m[1]))
    if m := _MONTH_YEAR.fullmatch(text):
        month = month_number(m[1])
        return None if month is None else iso_date(int(m[2]), month, None)
    return _rfc2822_date(text)


def _rfc2822_date(text: str) -> str | None:
    # arXiv's version stamps ("Mon, 2 Apr 2007 19:18:42 GMT") are e-mail dates.
    try:
        stamp: datetime = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return stamp.date().isoformat()


def _int(text: str | None) -> int | None:
    return None if text is None else int(text)


# --- people ------------------------------------------------------------------

_NAME_SEPARATORS = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
_NOT_NAMES = frozenset({"", "others", "et al", "et al."})


def split_names(text: str) -> tuple[str, ...]:
    """Split a one-string author list into names.

    Semicolons win when present, since then commas may sit inside names
    ("Vaswani, Ashish; Shazeer, Noam").

    >>> split_names("A. Smith, B. Jones and C. Doe")
    ('A. Smith', 'B. Jones', 'C. Doe')
    >>> split_names("Vaswani, Ashish; Shazeer, Noam")
    ('Vaswani, Ashish', 'Shazeer, Noam')
    """
    parts = text.split(";") if ";" in text else _NAME_SEPARATORS.split(text)
    return tuple(
        name for name in map(collapse_whitespace, parts) if name.casefold() not in _NOT_NAMES
    )


# --- LaTeX -------------------------------------------------------------------


def strip_latex(text: str) -> str:
    """Plain Unicode text from the LaTeX that BibTeX and arXiv metadata use.

    Braces that protect case ("{BERT}") go, accents become Unicode letters,
    formatting commands keep their argument, and Greek letters in math become
    Unicode so that titles compare equal to those on web pages.

    >>> strip_latex(r"{BERT}: Pre-training of Deep {\\em Bidirectional} Transformers")
    'BERT: Pre-training of Deep Bidirectional Transformers'
    >>> strip_latex(r"Bal\\'{a}zs and G{\\\"o}del and \\c{C}elik")
    'Balázs and Gödel and Çelik'
    >>> strip_latex(r"Scaling via $\\mu$P: 50\\% fewer {FLOPs}")
    'Scaling via μP: 50% fewer FLOPs'
    """
    return collapse_whitespace(latex_to_text(text, braces=True))
