"""HTML documents (web pages of the provinces' portals, "Save as Web Page" from Word).

Parsed with :mod:`lxml.html` (never with regular expressions over tags):

* ``<p>``, ``<div>`` text, ``<li>``: one text block each (``bold`` when the
  whole text is in ``<b>``/``<strong>``/``font-weight: bold``, ``italic``
  likewise, ``align`` from ``text-align``); ``<h1>``..``<h6>`` set
  ``heading``.  A ``<br>`` after a line of capitals ("ỦY BAN NHÂN DÂN<br>TỈNH
  KON TUM") starts a new block; other ``<br>`` join the lines.
* ``<table>``: rows of cells on a grid: ``colspan`` -> ``Cell.span``,
  ``rowspan`` -> ``Cell.rowspan`` and a ``merged=True`` empty cell in each
  row below; cell text keeps its paragraphs / list items / ``<br>`` lines
  separated by "\\n".  ``<th>``/``<thead>`` rows are header rows; copies of
  the header row further down are dropped (:mod:`.tables`).
* ``RawDoc.lines``: one line per text block and per table row (cells joined
  by " | "), which ``Block.line`` indexes.
"""
from __future__ import annotations

import re

from .. import lazyre
from ..blocks import Block, Cell, RawDoc, Row
from ..decode import decode_info
from ..errors import InputError
from ..normalize import clean_line
from . import tables

_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg", "iframe", "button", "select", "nav"}
_TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "caption", "address",
                "blockquote", "figcaption", "td", "th"}
_CONTAINERS = {"div", "section", "article", "main", "body", "html", "center", "ul", "ol", "dl", "form",
               "header", "footer", "aside", "figure", "tbody", "thead", "tfoot"}
_BOLD_STYLE = lazyre.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_ITALIC_STYLE = lazyre.compile(r"font-style\s*:\s*italic", re.I)
_ALIGN_STYLE = lazyre.compile(r"text-align\s*:\s*(center|right|justify|left)", re.I)
_XML_DECL = lazyre.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_FOOTNOTE_ID = lazyre.compile(r"(ftn|footnote|fn)\d*$", re.I)


def read(path: str, data: bytes, sha: str) -> RawDoc:
    """Read an HTML file's bytes into blocks."""
    import lxml.html

    text, _ = decode_info(data, path)
    text = _XML_DECL.sub("", text)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as e:  # noqa: BLE001 - lxml raises several kinds
        raise InputError(f"not a readable HTML document ({type(e).__name__})", path) from None
    w = _Walker()
    body = root.find("body")
    w.walk(body if body is not None else root)
    w.flush()
    if not w.blocks:
        raise InputError("HTML document without text", path)
    return RawDoc(path=path, format="html", sha256=sha, blocks=w.blocks, lines=w.lines,
                  extra_text=w.extra)


# ----------------------------------------------------------------------------- runs

def _style_flags(el, bold: bool, italic: bool) -> tuple[bool, bool]:
    tag = el.tag if isinstance(el.tag, str) else ""
    style = el.get("style") or ""
    if tag in ("b", "strong", "th") or _BOLD_STYLE.search(style) or tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        bold = True
    if tag in ("i", "em") or _ITALIC_STYLE.search(style):
        italic = True
    if re.search(r"font-weight\s*:\s*(normal|[1-4]00)", style, re.I):
        bold = False
    return bold, italic


def _runs(el, bold: bool = False, italic: bool = False, out: list | None = None) -> list:
    """Text of ``el`` as (text, bold, italic) runs; "\\n" runs for <br> and block children."""
    if out is None:
        out = []
    bold, italic = _style_flags(el, bold, italic)
    if el.text:
        out.append((el.text, bold, italic))
    for ch in el:
        tag = ch.tag if isinstance(ch.tag, str) else ""
        if tag and tag not in _SKIP and tag != "sup":
            if tag == "br":
                out.append(("\n", bold, italic))
            elif tag in ("p", "div", "li", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"):
                out.append(("\n", bold, italic))
                _runs(ch, bold, italic, out)
                out.append(("\n", bold, italic))
            elif tag in ("td", "th"):
                _runs(ch, bold, italic, out)
                out.append((" ", bold, italic))
            else:
                _runs(ch, bold, italic, out)
        if ch.tail:
            out.append((ch.tail, bold, italic))
    return out


def _lines_of(runs: list) -> list[tuple[str, bool, bool]]:
    """Runs -> printed lines, each with whole-line bold / italic flags."""
    lines: list[tuple[str, bool, bool]] = []
    cur: list[tuple[str, bool, bool]] = []

    def close() -> None:
        text = clean_line("".join(t for t, _, _ in cur))
        if text:
            n = sum(len(t.strip()) for t, _, _ in cur) or 1
            nb = sum(len(t.strip()) for t, b, _ in cur if b)
            ni = sum(len(t.strip()) for t, _, i in cur if i)
            lines.append((text, nb >= 0.9 * n, ni >= 0.9 * n))
        cur.clear()

    for t, b, i in runs:
        parts = t.split("\n")
        for k, part in enumerate(parts):
            if k:
                close()
            if part:
                cur.append((part.replace("\r", " ").replace("\t", " "), b, i))
    close()
    return lines


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _align(el) -> str | None:
    m = _ALIGN_STYLE.search(el.get("style") or "")
    a = (m.group(1) if m else el.get("align") or "").lower()
    return a if a in ("center", "right", "justify") else None


# ----------------------------------------------------------------------------- walker

class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lines: list[str] = []
        self.extra: list[Block] = []
        self._inline: list = []          # runs of inline content waiting for a block boundary
        self._inline_el = None

    def _line(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP:
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        if tag in _TEXT_BLOCKS and el.find(".//table") is None:
            self.flush()
            self.text_block(el)
            return
        if tag in _CONTAINERS or tag in _TEXT_BLOCKS:
            self.flush()
            if el.text:
                self._inline.append((el.text, *_style_flags(el, False, False)))
                self._inline_el = el
            for ch in el:
                self.walk(ch)
                if ch.tail:
                    self._inline.append((ch.tail, *_style_flags(el, False, False)))
                    self._inline_el = self._inline_el if self._inline_el is not None else el
            self.flush()
            return
        if tag == "br":
            self._inline.append(("\n", False, False))
            return
        if tag == "hr":
            self.flush()
            return
        # an inline element (span, b, a, font, ...) directly inside a container
        if el.find(".//table") is not None or el.find(".//p") is not None or el.find(".//div") is not None:
            self.flush()
            for ch in el:
                self.walk(ch)
            self.flush()
            return
        self._inline.extend(_runs(el))
        self._inline_el = self._inline_el if self._inline_el is not None else el.getparent()

    def flush(self) -> None:
        if self._inline:
            self._emit(_lines_of(self._inline), 0, None)
        self._inline = []
        self._inline_el = None

    def text_block(self, el) -> None:
        tag = el.tag
        heading = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else 0
        lines = _lines_of(_runs(el))
        if tag == "li" and lines and el.getparent() is not None and el.getparent().tag == "ol":
            pass
        ident = el.get("id") or ""
        if _FOOTNOTE_ID.search(ident) or "footnote" in (el.get("class") or "").lower():
            for text, _, _ in lines:
                self.extra.append(Block("text", text=text, line=self._line(text), role="footnote"))
            return
        self._emit(lines, heading, _align(el))

    def _emit(self, lines: list[tuple[str, bool, bool]], heading: int, align: str | None) -> None:
        """Printed lines of one paragraph -> blocks (split after a line of capitals)."""
        groups: list[list[tuple[str, bool, bool]]] = []
        for ln in lines:
            if groups and not (_caps(groups[-1][-1][0]) and ln[0][:1].isupper()):
                groups[-1].append(ln)
            else:
                groups.append([ln])
        for g in groups:
            text = clean_line(" ".join(t for t, _, _ in g))
            if not text:
                continue
            line = self._line(text)
            self.blocks.append(Block("text", text=text, line=line, end_line=line, heading=heading,
                                     bold=all(b for _, b, _ in g), italic=all(i for _, _, i in g),
                                     align=align))

    def table(self, el) -> None:
        rows_el = [tr for tr in el.iter("tr") if _owner_table(tr) is el]
        pending: dict[int, int] = {}     # grid column -> rows still covered by a rowspan from above
        rows: list[Row] = []
        ncols = 0
        for tr in rows_el:
            cells: list[Cell] = []
            col = 0
            header = tr.getparent() is not None and tr.getparent().tag == "thead"
            tds = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if tds and all(c.tag == "th" for c in tds):
                header = True

            def fill_merged() -> None:
                nonlocal col
                while pending.get(col, 0) > 0:
                    cells.append(Cell(text="", col=col, merged=True))
                    pending[col] -= 1
                    col += 1

            for td in tds:
                fill_merged()
                span = _int(td.get("colspan"))
                rspan = _int(td.get("rowspan"))
                lines = _lines_of(_runs(td))
                text = "\n".join(t for t, _, _ in lines)
                bold = bool(lines) and all(b for _, b, _ in lines)
                cells.append(Cell(text=text, col=col, span=span, rowspan=rspan, bold=bold))
                if rspan > 1:
                    for c in range(col, col + span):
                        pending[c] = rspan - 1
                col += span
            fill_merged()
            # rowspans reaching past the end of this row's cells
            for c in sorted(k for k, v in pending.items() if v > 0 and k >= col):
                if c >= col:
                    cells.append(Cell(text="", col=c, merged=True))
                    pending[c] -= 1
            ncols = max(ncols, max((c.col + c.span for c in cells), default=0))
            if not any(c.text for c in cells):
                continue
            line = self._line(" | ".join(c.text.replace("\n", " ") for c in cells if not c.merged))
            rows.append(Row(cells=cells, line=line, header=header))
        if not rows:
            return
        for r in rows:
            if not r.header:
                tables.mark_group(r, ncols)
        if not rows[0].header and tables.is_header_row(rows[0]):
            rows[0].header = True
        block = Block("table", rows=rows, ncols=ncols, line=rows[0].line, end_line=rows[-1].line)
        tables.drop_header_repeats(block)
        self.blocks.append(block)


def _owner_table(tr):
    p = tr.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _int(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip()), 1000))
    except (TypeError, ValueError):
        return 1
