"""Plain text and Markdown (with embedded HTML and tab-separated table rows).

* Plain text as PDF extractors give it (paragraphs broken into lines, blank
  lines between lines): every non-blank line is a block with ``broken=True``;
  :mod:`kehoach.clean` joins them into paragraphs.
* Markdown: consecutive lines form one paragraph (a hard break "  " between
  two lines of capitals, as in "ỦY BAN NHÂN DÂN  /  TỈNH GIA LAI", keeps them
  apart); ``#`` headings; ``**bold**`` / ``*italic*`` paragraphs; ``- ``
  items; inline HTML (``<b>``, ``<ul><li>``, ``<sup>``, ``<br>``) through
  :mod:`kehoach.inline`; footnotes (``<sup>1</sup> text`` at a line start) go
  to ``RawDoc.extra_text``.
* Tables (both modes): tab-separated rows, pipe tables (``| a | b |`` and the
  ``a | b |`` rows of web scrapes) and scrapes that print one cell per line
  with rows separated by lines holding only "|" (:mod:`.scrape`).  A table
  interrupted at page breaks (blank lines, a repeated header row, the
  signer's initials, a footnote, a group heading printed as a Markdown
  heading) is rebuilt as ONE table block by :func:`kehoach.readers.tables.assemble`.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from .. import lazyre
from ..blocks import Block, RawDoc
from ..decode import decode_info
from ..inline import strip_inline
from ..normalize import clean_line
from . import scrape, tables
from .tables import Piece

# Markdown hints; a pipe row alone is none ("| Số hiệu | 257/KH-UBND |": a scraped page's
# metadata), a |---|---| delimiter row is one.
_MD_HINT = lazyre.compile(r"^(#{1,6}\s|\*\*|\|?\s*:?-{3,}:?\s*\|)|<(b|li|ul|br|sup|p|strong|i)\b|\*\*[^*\n]+\*\*",
                          re.M | re.I)
_HEADING = lazyre.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_PIPE_SEP = lazyre.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FOOTNOTE = lazyre.compile(r"^\s*(?:<sup>\s*(\d{1,3})\s*</sup>|\[\^(\d{1,3})\]:)\s*(\S.*)$", re.I)
_ITEM = lazyre.compile(r"^([-+*•–]\s|\d{1,2}(\.\d{1,2})*\.\s|[a-zđ]\)\s|\([a-zđ0-9]{1,3}\)\s)")
_LOWER_START = lazyre.compile(r"^[a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]")
_END_SENTENCE = lazyre.compile(r"[.;:!?]\s*[\"”’)]*\s*$")
_PLAIN_MARKUP = lazyre.compile(     # markup a plain-text scrape kept: entities, tags, **bold**, *italic*
    r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});|\*\*\S|\S\*\*|</?(?:b|i|u|em|strong|span|br|p|sup|font)\b"
    r"|(?<![*\w])\*(?=[^\s*])[^*]*[^\s*]\*(?![*\w])|\]\(|<!--", re.I)
_MD_RULE = lazyre.compile(r"^(?:[-*_=]\s*){3,}$")          # a thematic break / setext underline
_MD_QUOTE = lazyre.compile(r"^(?:>\s?)+")
_MD_COMMENT_LINE = lazyre.compile(r"^<!--.*-->$")
_CELL_END = lazyre.compile(r"^([^|]*\S)\s+\|$")    # "ỦY BAN NHÂN DÂN |": a scraped layout cell on one line
_LAYOUT_MAX_ROWS = 8     # a signature layout table: "Nơi nhận: | TM. ..." and a few rows under it
_DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def _signature_starts() -> tuple[str, ...]:
    """How a cell of the signature layout opens (data/clean.json "signature_layout_starts")."""
    data = json.loads((_DATA / "clean.json").read_text(encoding="utf-8"))
    return tuple(data["signature_layout_starts"])


def is_markdown(text: str) -> bool:
    """A text with Markdown or inline HTML markup (three hints or more)."""
    return len(_MD_HINT.findall(text[:200000])) >= 3


def read(path: str, data: bytes, sha: str, fmt: str = "txt") -> RawDoc:
    """Read a .txt/.md file (``data``) into blocks; ``fmt`` is the format the suffix suggests."""
    text, encoding = decode_info(data, path)
    text = _unescape_breaks(text)
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()                     # the newline that ends the last line
    md = fmt == "md" or is_markdown(text)
    extra: list[Block] = []
    items = _markdown_items(lines, extra) if md else _plain_items(lines)
    blocks = tables.assemble(items, extra)
    raw = RawDoc(path=path, format="md" if md else "txt", sha256=sha, blocks=blocks,
                 lines=[clean_line(x) for x in lines], extra_text=extra)
    if encoding not in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        raw.warnings.append(("encoding", f"decoded from {encoding}", None, None))
    return raw


def _unescape_breaks(text: str) -> str:
    """Line breaks a scraper wrote as the four characters "\\r\\n" (the page's HTML source
    escaped into a JSON string) are line breaks."""
    if text.count("\\r\\n") >= 3:
        return text.replace("\\r\\n", "\n")
    return text


# --------------------------------------------------------------------- line kinds

def _table_line(raw: str, in_table: bool) -> list[str] | None:
    """The raw cells of a table row, or None if the line is not one."""
    if raw.count("\t") >= 2 or (in_table and "\t" in raw):
        return raw.split("\t")
    st = raw.strip()
    if st.count("|") >= 2 and (st.startswith("|") or st.endswith("|")) and not _PIPE_SEP.match(st):
        return _split_pipes(st)
    return None


def _split_pipes(st: str) -> list[str]:
    if st.startswith("|"):
        st = st[1:]
    if st.endswith("|") and not st.endswith("\\|"):
        st = st[:-1]
    return [c.replace("\\|", "|") for c in re.split(r"(?<!\\)\|", st)]


# --------------------------------------------------------------------- plain text

def _plain_items(lines: list[str]) -> list:
    """PDF-style text: one broken block per non-blank line; table rows into pieces."""
    items: list = []
    piece: Piece | None = None
    for i, raw in enumerate(lines, 1):
        cells = _table_line(raw, piece is not None)
        if cells is not None:
            if piece is None:
                piece = Piece()
                items.append(piece)
            piece.add(cells, i)
            continue
        piece = None
        line = clean_line(raw)
        if _PLAIN_MARKUP.search(line):
            line, _ = strip_inline(line)
        if not line:
            items.append(None)          # a blank line
            continue
        if line == "|":
            items.append("|")
            continue
        cell = _CELL_END.match(line)
        items.append(Block("text", text=cell.group(1) if cell else line, line=i, end_line=i, broken=True))
        if cell:
            items.append("|")
    return scrape.rebuild(_layout_pieces(items, broken=True))


def _is_signature_layout(piece: Piece) -> bool:
    """Pipe rows that are the signature's layout table, not a table of the document: at most a few
    rows of at most three cells, the first of them opening the recipients or the signature ("Nơi
    nhận: | TM. ỦY BAN NHÂN DÂN |", "- Như Điều 3; | KT. CHỦ TỊCH |")."""
    if piece.header_marked or not piece.rows or len(piece.rows) > _LAYOUT_MAX_ROWS:
        return False
    if any(len([c for c in cells if c.strip()]) > 3 for cells, _ in piece.rows):
        return False
    starts = _signature_starts()
    return any(c.strip().startswith(starts) for c in piece.rows[0][0])


def _layout_pieces(items: list, broken: bool) -> list:
    """A signature layout printed as pipe rows becomes its cells' text, row by row, each cell
    ended by a "|" item (a paragraph break, as in a cell-per-line scrape): the recipients and the
    signer are read from text lines like a PDF's interleaved columns."""
    if not any(isinstance(x, Piece) for x in items):
        return items
    out: list = []
    for x in items:
        if not (isinstance(x, Piece) and _is_signature_layout(x)):
            out.append(x)
            continue
        for cells, line in x.rows:
            for c in cells:
                text, _ = strip_inline(clean_line(c))
                if text:
                    out.append(Block("text", text=text, line=line, end_line=line, broken=broken))
                    out.append("|")
    return out


# --------------------------------------------------------------------- markdown

def _markdown_items(lines: list[str], extra: list[Block]) -> list:
    items: list = []
    para: list[tuple[int, str]] = []
    piece: Piece | None = None

    def flush() -> None:
        if para:
            for b in _paragraph_blocks(para):
                _append_text(items, b)
            para.clear()

    for i, raw in enumerate(lines, 1):
        st = raw.strip()
        if st.startswith(">"):                  # a block quote: its text
            raw = _MD_QUOTE.sub("", st)
            st = raw.strip()
        if _MD_RULE.match(st) or _MD_COMMENT_LINE.match(st):
            st = raw = ""                       # a rule or a comment: a paragraph break
        cells = _table_line(raw, piece is not None)
        if cells is not None:
            flush()
            if piece is None:
                piece = Piece()
                items.append(piece)
            piece.add(cells, i)
            continue
        if piece is not None and _PIPE_SEP.match(st) and "-" in st:
            piece.mark_header()         # the row above a |---|---| line is the header
            continue
        piece = None
        if not st:
            flush()
            items.append(None)
            continue
        if st == "|":
            flush()
            items.append("|")
            continue
        fn = _FOOTNOTE.match(st)
        if fn:
            flush()
            text, _ = strip_inline(fn.group(3))
            extra.append(Block("text", text=f"{fn.group(1) or fn.group(2)} {text}", line=i, end_line=i,
                               role="footnote"))
            continue
        m = _HEADING.match(st)
        if m:
            flush()
            text, style = strip_inline(m.group(2))
            if text:
                items.append(Block("text", text=text, line=i, end_line=i, heading=len(m.group(1)),
                                   bold=style["bold"], italic=style["italic"]))
            continue
        if para and _ITEM.match(st):
            flush()
        cell = _CELL_END.match(st)
        if cell:
            para.append((i, cell.group(1)))
            flush()
            items.append("|")
            continue
        para.append((i, raw.rstrip("\n")))
    flush()
    return scrape.rebuild(_layout_pieces(items, broken=False))


def _hard_break(raw: str) -> bool:
    return raw.endswith("  ") or raw.rstrip().endswith("\\") or raw.rstrip().lower().endswith(("<br>", "<br/>", "<br />"))


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _paragraph_blocks(para: list[tuple[int, str]]) -> list[Block]:
    """One Markdown paragraph -> blocks: one, or several where a hard break
    follows a line of capitals (letterhead and signature lines)."""
    whole, style = strip_inline(" ".join(s.strip() for _, s in para))
    groups: list[list[tuple[int, str]]] = [[para[0]]]
    for prev, cur in zip(para, para[1:]):
        if _hard_break(prev[1]):
            before, _ = strip_inline(prev[1])
            after, _ = strip_inline(cur[1])
            if _caps(before) and after[:1].isupper():
                groups.append([cur])
                continue
        groups[-1].append(cur)
    if len(groups) == 1:
        if not whole:
            return []
        return [Block("text", text=whole, line=para[0][0], end_line=para[-1][0],
                      bold=style["bold"], italic=style["italic"])]
    out = []
    for g in groups:
        text, st = strip_inline(" ".join(s.strip() for _, s in g))
        if text:
            out.append(Block("text", text=text, line=g[0][0], end_line=g[-1][0],
                             bold=style["bold"] or st["bold"], italic=style["italic"] or st["italic"]))
    return out


def _append_text(items: list, b: Block) -> None:
    """Add a paragraph; one that starts in lower case after a blank line
    continues the paragraph before it (a page break split it)."""
    if _LOWER_START.match(b.text) and not _ITEM.match(b.text):
        j = len(items) - 1
        while j >= 0 and items[j] is None:
            j -= 1
        if j >= 0 and j < len(items) - 1:
            prev = items[j]
            if (isinstance(prev, Block) and prev.kind == "text" and not prev.heading
                    and not _END_SENTENCE.search(prev.text[-40:])):   # the tail: linear on long paragraphs
                prev.text = f"{prev.text} {b.text}"
                prev.end_line = b.end_line
                return
    items.append(b)
