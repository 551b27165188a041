"""Cleaning titles and abstracts without changing what they say.

Every reader passes titles and abstracts through ``clean_text`` (via
``common.make_paper``), so a paper copied from a web page, an arXiv dump or
a BibTeX file reads the same. The rules, in the order they are applied:

1. **Odd characters.** CR LF and CR become LF; NBSP and the other Unicode
   spaces and tabs become spaces; zero-width space, word joiner, BOM, soft
   hyphen and control characters that are not whitespace are removed. ZWJ/ZWNJ are kept: they change
   how some scripts are written.
2. **Hyphenation at line breaks.** ``word-<newline>part`` is one word split
   across lines when both parts are lower-case letters; it is joined
   (``trans-\\nformer`` -> ``transformer``) unless the hyphenated form occurs
   elsewhere in the same text (then it is a real compound: ``encoder-decoder``).
   A joined word that also occurs unsplit in the text is joined in any case.
   Otherwise (a capital, a digit: ``GPT-\\n4``, ``Vision-\\nLanguage``) the
   hyphen stays and only the line break goes.
3. **HTML.** Entities written with a semicolon (``&amp;``, ``&#x27;``) are
   decoded (repeatedly: ``&amp;lt;`` is ``<``); a bare ``&`` stays, since
   "R&D" is not an entity. Tags of a fixed list of HTML elements are removed,
   their text kept (``H<sub>2</sub>O`` -> ``H2O``); ``<br>``, ``<p>`` and other
   block tags become a space. ``a < b`` and other comparisons are not tags.
4. **LaTeX.** ``\\cite{..}``, ``\\ref{..}`` and ``\\label{..}`` are removed with
   the space before them; ``\\%``, ``\\&``, ``\\$``, ``\\#``, ``\\_`` are the
   characters; accents become letters (``\\'e`` -> ``é``); Greek letters and
   common symbols become Unicode (``\\lambda`` -> ``λ``, ``\\times`` -> ``×``,
   ``\\leq`` -> ``≤``); formatting commands (``\\textit{x}``, ``\\emph{x}``,
   ``{\\bf x}``) keep their text; an unknown command keeps its name.
   ``$...$`` math loses its delimiters when it is math by pandoc's rule (a
   non-space inside each ``$``, no digit after the closing one), so "costs
   $5 and $10" keeps its dollars. Braces are removed, and ``~`` becomes a
   space, only in text that has LaTeX markup (a command or math): elsewhere
   "{a, b}" is a set and "~5%" means "about 5%".
5. **Dashes.** ``---`` -> ``—`` and ``--`` -> ``–`` (not in arrows ``-->``);
   U+2010/U+2011 hyphens between letters -> ``-``.
6. **Whitespace and form.** NFC, then every run of whitespace becomes one
   space, ends stripped.

``clean_text`` applies these rules until the text stops changing, so it is
idempotent: ``clean_text(clean_text(x)) == clean_text(x)``.
"""

from __future__ import annotations

import html
import re
import unicodedata

_MAX_PASSES = 8


def clean_text(text: str) -> str:
    """A title or abstract with markup, odd whitespace and line-break
    hyphenation removed (see the module docstring for the rules).

    >>> clean_text(r"\\textit{ConvFormer} beats ViT by 2\\% \\cite{vit} with $\\lambda \\leq 0.5$")
    'ConvFormer beats ViT by 2% with λ ≤ 0.5'
    >>> clean_text("Q&amp;A with <i>trans-\\nformers</i>&#x27; Vision-\\nLanguage<br>heads")
    "Q&A with transformers' Vision-Language heads"
    >>> clean_text("costs $5 and $10, ~5% of {a, b}\\u00a0\\u200bnow")
    'costs $5 and $10, ~5% of {a, b} now'
    """
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean_once(text: str) -> str:
    text = normalize_characters(text)
    text = join_hyphenated(text)
    text = strip_html(text)
    text = latex_to_text(text)
    text = normalize_dashes(text)
    return collapse_whitespace(unicodedata.normalize("NFC", text))


# --- 1. characters -----------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)
# Whitespace other than LF (kept for the hyphenation rule).
_ODD_SPACE = re.compile(r"[^\S\n ]")
# Control characters that are not whitespace: stray bytes, never text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def normalize_characters(text: str) -> str:
    """Line ends as LF, other spaces and control characters as " ", zero-width
    characters removed.

    >>> normalize_characters("a\\u00a0b\\r\\nc\\u200bd\\te")
    'a b\\ncd e'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return _ODD_SPACE.sub(" ", _CONTROL.sub("", text))


# --- 2. hyphenation ---------------------------------------------------------------

_SPLIT_WORD = re.compile(r"(\w+)-[^\S\n]*\n\s*(\w+)")


def join_hyphenated(text: str) -> str:
    """Words hyphenated at a line break, joined or kept (see rule 2).

    >>> join_hyphenated("a trans-\\nformer and an encoder-\\ndecoder")
    'a transformer and an encoderdecoder'
    >>> join_hyphenated("an encoder-\\ndecoder, an encoder-decoder")
    'an encoder-decoder, an encoder-decoder'
    >>> join_hyphenated("GPT-\\n4 and Vision-\\nLanguage")
    'GPT-4 and Vision-Language'
    """
    if "\n" not in text:
        return text

    def join(match: re.Match[str]) -> str:
        left, right = match[1], match[2]
        joined, hyphenated = left + right, f"{left}-{right}"
        if re.search(rf"\b{re.escape(joined)}\b", text):
            return joined
        if hyphenated in text:
            return hyphenated
        if joined.isalpha() and joined.islower():
            return joined
        return hyphenated

    return _SPLIT_WORD.sub(join, text)


# --- 3. HTML ---------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_INLINE_TAGS = "a|abbr|b|big|cite|code|em|font|i|mark|math|mi|mn|mo|mrow|msub|msup|s|small|span"
_INLINE_TAGS += "|strike|strong|sub|sup|tt|u|var"
_BLOCK_TAGS = "br|div|h[1-6]|hr|li|ol|p|ul"
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)


def strip_html(text: str) -> str:
    """Entities decoded, tags of known HTML elements removed, their text kept.

    >>> strip_html("H<sub>2</sub>O &amp; CO<sub>2</sub><br/>a < b &#x27;x&#x27; R&D")
    "H2O & CO2 a < b 'x' R&D"
    """
    for _ in range(_MAX_PASSES):
        decoded = _ENTITY.sub(lambda match: html.unescape(match[0]), text)
        if decoded == text:
            break
        text = decoded
    if "<" not in text:
        return text
    return _INLINE_TAG.sub("", _BLOCK_TAG.sub(" ", text))


# --- 4. LaTeX --------------------------------------------------------------------

# Accent commands and the combining characters they stand for.
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
_SYMBOL_ACCENT = re.compile(r"\\(['`^\"~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))")
_LETTER_ACCENT = re.compile(r"\\([uvHckr])(?:\s*\{\s*(\\?[A-Za-z])\s*\}|\s+([A-Za-z]))")
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "\u0131",  # dotless i
    "j": "\u0237",  # dotless j
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
    "textendash": "\u2013",
    "textemdash": "—",
}
_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma "
    "tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
_GREEK_LETTERS = "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩ"
_MATH = {
    "varepsilon": "ε",
    "vartheta": "θ",
    "varphi": "φ",
    "ell": "\u2113",
    "times": "\u00d7",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "sim": "\u223c",
    "simeq": "≃",
    "pm": "±",
    "mp": "∓",
    "cdot": "·",
    "div": "÷",
    "infty": "∞",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "Rightarrow": "⇒",
    "leftrightarrow": "↔",
    "mapsto": "↦",
    "in": "∈",
    "notin": "∉",
    "subset": "⊂",
    "subseteq": "⊆",
    "cup": "\u222a",
    "cap": "∩",
    "forall": "∀",
    "exists": "∃",
    "partial": "∂",
    "nabla": "∇",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "sqrt": "√",
    "ll": "≪",
    "gg": "≫",
    "propto": "∝",
    "circ": "∘",
    "prime": "\u2032",
    "dagger": "†",
    "checkmark": "✓",
    "degree": "°",
}
_SYMBOLS = {
    **dict(zip(_GREEK_NAMES.split(), _GREEK_LETTERS, strict=True)),
    **_MATH,
    **_LETTERS,
}
# Font switches ("{\\em word}") change the look, not the text: they vanish.
_DECLARATIONS = frozenset(
    {"em", "it", "bf", "sc", "rm", "tt", "sf", "sl", "up", "md", "small", "large", "normalfont"}
)
_ESCAPED = {
    "\\&": "&",
    "\\%": "%",
    "\\$": "\ue000",
    "\\#": "#",
    "\\_": "_",
    "\\{": "\ue001",
    "\\}": "\ue002",
    "\\~": "\ue003",
}
_RESTORE = {"\ue000": "$", "\ue001": "{", "\ue002": "}", "\ue003": "~"}
_COMMAND = re.compile(r"\\([A-Za-z]+)\*?(?:\s*(\{))?\s*")
_REFERENCE = re.compile(
    r"[^\S\n]*~?\\(?:cite[A-Za-z]*|ref|eqref|autoref|cref|Cref|label)\*?"
    r"(?:\s*\[[^\[\]{}]*\])*\s*\{[^{}]*\}"
)
# "$" then a non-space, ..., a non-space then "$" (pandoc's rule), so that
# "$5 and $10" is money; the closing "$" must not be followed by a digit
# either, unless the span holds TeX ("$\\sim$2").
# A "$" next to another "$" is not an inline delimiter ("$$" is display
# math, "$$$" is noise): removing a pair must never bring two "$" together.
_INLINE_MATH = re.compile(r"(?<![$\\])\$(?=[^\s$])([^$]*?[^\s$])?\$(?!\$)(\d?)")
_DISPLAY_MATH = re.compile(r"(?<![$\\])\$\$(?=[^\s$])([^$]*?[^\s$])?\$\$(?!\$)")
_TEX_IN_MATH = re.compile(r"[\\^_{}]")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]")


def latex_to_text(text: str, braces: bool | None = None) -> str:
    """Plain Unicode from LaTeX markup (rule 4); line breaks are kept.

    ``braces`` says whether ``{``, ``}`` and ``~`` are markup; by default they
    are when the text has a command or math in it. BibTeX values always
    have markup braces ("{BERT}" protects case).

    >>> latex_to_text(r"\\emph{Fast} models ($\\approx$2$\\times$) \\citep[p.~3]{a,b}.")
    'Fast models (≈2×).'
    >>> latex_to_text("{BERT} Rocks"), latex_to_text("{BERT} Rocks", braces=True)
    ('{BERT} Rocks', 'BERT Rocks')
    """
    if "\\" not in text and "$" not in text and not braces:
        return text
    if braces is None:
        braces = _LATEX_COMMAND.search(text) is not None or any(
            _is_math(match) for match in _INLINE_MATH.finditer(text)
        )
    text = _REFERENCE.sub("", text).replace("\\\\", " ")
    for escaped, plain in _ESCAPED.items():
        text = text.replace(escaped, plain)
    text = _DISPLAY_MATH.sub(lambda match: " " + _resolve(match[1] or "") + " ", text)
    text = _INLINE_MATH.sub(_math, text)
    text = _SYMBOL_ACCENT.sub(_accent, text)
    text = _LETTER_ACCENT.sub(_accent, text)
    text = _COMMAND.sub(_command, text)
    if braces:
        text = text.replace("{", "").replace("}", "").replace("~", " ")
    for placeholder, plain in _RESTORE.items():
        text = text.replace(placeholder, plain)
    return text


def _is_math(match: re.Match[str]) -> bool:
    return not match[2] or _TEX_IN_MATH.search(match[1] or "") is not None


def _math(match: re.Match[str]) -> str:
    if not _is_math(match):
        return match[0]  # "$5,$10": money, not math
    body, digit = match[1] or "", match[2]
    return _resolve(body) + digit


def _resolve(body: str) -> str:
    # Commands are resolved inside the span, where "$" ends a control word:
    # "$\\mu$P" is "μP", not the unknown command "\\muP".
    return _COMMAND.sub(_command, body).rstrip(" ")


def _accent(match: re.Match[str]) -> str:
    base = (match[2] or match[3]).lstrip("\\")
    return unicodedata.normalize("NFC", base + _ACCENTS[match[1]])


def _command(match: re.Match[str]) -> str:
    name, brace = match[1], match[2] or ""
    if name in _SYMBOLS:
        return _SYMBOLS[name] + brace + _space_after(match)
    if name in _DECLARATIONS or brace:
        # \emph{x}, \textbf{x}: the braces hold the text to keep, the name goes.
        return brace
    return name + _space_after(match)


def _space_after(match: re.Match[str]) -> str:
    # The pattern swallows the blank after a command (TeX does too, for control
    # words), but in running text it separated two words.
    return " " if match[0][-1:].isspace() else ""


# --- 5. dashes -------------------------------------------------------------------

_EM_DASH = re.compile(r"(?<![<!-])---(?![->])")
_EN_DASH = re.compile(r"(?<![<!-])--(?![->])")
_WORD_HYPHEN = re.compile(r"(?<=\w)[\u2010\u2011](?=\w)")


def normalize_dashes(text: str) -> str:
    """TeX dashes as Unicode dashes, Unicode hyphens in words as "-".

    >>> normalize_dashes("2019--2023 --- a pre\\u2010trained model -> x <-- y")
    '2019–2023 — a pre-trained model -> x <-- y'
    """
    if "-" in text:
        text = _EN_DASH.sub("\u2013", _EM_DASH.sub("—", text))
    return _WORD_HYPHEN.sub("-", text)


# --- 6. whitespace ---------------------------------------------------------------


def collapse_whitespace(text: str) -> str:
    """Each run of whitespace as one space, the ends stripped.

    >>> collapse_whitespace("  a\\n\\n b\\u3000c ")
    'a b c'
    """
    return " ".join(text.split())
