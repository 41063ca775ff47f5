"""Inline markup (Markdown emphasis, embedded HTML) -> plain text plus style flags.

HTML fragments are parsed with the standard library's :mod:`html.parser`,
never with regular expressions over tags.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from . import lazyre
from .normalize import clean_line, nfc

_BLOCK_TAGS = {"br", "p", "div", "li", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}


class _Flatten(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.bold_chars = 0
        self.chars = 0
        self._bold = 0
        self._sup = 0

    def handle_starttag(self, tag, attrs):  # noqa: D401
        if tag in ("b", "strong"):
            self._bold += 1
        elif tag == "sup":
            self._sup += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self._bold = max(0, self._bold - 1)
        elif tag == "sup":
            self._sup = max(0, self._sup - 1)
        elif tag in _BLOCK_TAGS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data):
        if self._sup:  # footnote markers: dropped, they are not part of the words
            return
        n = len(data.strip())
        self.chars += n
        if self._bold:
            self.bold_chars += n
        self.parts.append(data)


_HAS_TAG = lazyre.compile(r"</?[a-zA-Z][^>]*>|&[a-z#0-9]+;")
_MD_BOLD = lazyre.compile(r"\*\*(.+?)\*\*|(?<!\w)__(.+?)__(?!\w)")
_MD_UNDER_ITAL = lazyre.compile(r"(?<![_\w])_(?!\s)([^_]+?)(?<!\s)_(?![_\w])")
_HTML_COMMENT = lazyre.compile(r"<!--.*?(?:-->|$)", re.S)
_MD_IMAGE = lazyre.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = lazyre.compile(r"\[([^\]]+)\]\(\s*<?[^)\s>]*>?(?:\s+[\"'(][^)]*)?\)")
_STRAY_STARS = lazyre.compile(r"^\s*\*{1,3}(?=\S)|(?<=\S)\*{1,3}\s*$", re.M)
_MD_ITAL = lazyre.compile(r"(?<![*\w])\*(?!\s)([^*]+?)(?<!\s)\*(?![*\w])")


def strip_inline(text: str, keep_lines: bool = False) -> tuple[str, dict]:
    """Remove inline markup. Returns (text, {"bold": whole-text-bold, "italic": ...}).

    With ``keep_lines`` the line structure of ``<br>``/``<li>``/``<p>`` is kept
    as "\\n" (table cells); otherwise everything becomes one line.
    """
    style = {"bold": False, "italic": False}
    s = nfc(text).strip()
    if not s:
        return "", style
    if "<!--" in s:
        s = _HTML_COMMENT.sub("", s).strip()
    if "](" in s:                 # Markdown images (dropped) and links (their text)
        s = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", s)).strip()
    # whole-line emphasis first
    m = (re.fullmatch(r"\*{3}(.+?)\*{3}", s) or re.fullmatch(r"\*\*(.+?)\*\*[.:]?", s)
         or re.fullmatch(r"_{3}(.+?)_{3}", s) or re.fullmatch(r"__(.+?)__[.:]?", s))
    if m and "**" not in m.group(1) and "__" not in m.group(1):
        style["bold"] = True
        if s.startswith(("***", "___")):
            style["italic"] = True
    elif re.fullmatch(r"\*([^*].*?)\*", s) or re.fullmatch(r"_([^_].*?)_", s):
        style["italic"] = True
    if _HAS_TAG.search(s):
        p = _Flatten()
        p.feed(s)
        p.close()
        s = "".join(p.parts)
        if p.chars and p.bold_chars >= 0.9 * p.chars:
            style["bold"] = True
    s = _MD_BOLD.sub(lambda m: m.group(1) or m.group(2), s)
    s = _MD_ITAL.sub(r"\1", s)
    if "_" in s:
        s = _MD_UNDER_ITAL.sub(r"\1", s)
    s = s.replace("\\", "")
    s = _STRAY_STARS.sub("", s)   # a ** opened on one printed line and closed on another
    if keep_lines:
        lines = [clean_line(x) for x in s.split("\n")]
        s = "\n".join(x for x in lines if x)
    else:
        s = clean_line(s.replace("\n", " "))
    return s, style
