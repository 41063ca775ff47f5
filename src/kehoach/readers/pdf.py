"""PDF reader: the text layer (pdfplumber) -> :class:`~kehoach.blocks.RawDoc`.

What it does and why:

* Ruled tables come from pdfplumber's table finder; every other character of
  the page becomes text lines.  One ``Block(kind="text", broken=True)`` per
  physical line (``clean`` joins them into paragraphs), with bold / italic
  (font names) and ``align="center"`` (centred between the page's margins).
* A physical line made of two columns separated by a wide gap (the national
  header "ỦY BAN NHÂN DÂN ... CỘNG HÒA ...", "Số: ...   Kon Tum, ngày ...",
  the signature block) is split into one block per column, left then right,
  so that later stages can read the header and the signature.
* Tables get a column grid from all their cells' x-edges: ``Cell.col`` /
  ``span`` are grid positions, grid columns a row does not cover are
  vertically merged cells (``merged=True``).  A table that runs over several
  pages is one block: repeated header rows are dropped and a row cut by the
  page break is stitched back together (``Row.pages``).
* Noise goes to ``RawDoc.extra_text`` instead of the body: page numbers, the
  e-signature stamp line, footnotes under their short rule.  Superscript
  footnote marks glued to words are dropped.
* Text is NFC-normalised after the characters are joined (PDFs often carry
  decomposed Vietnamese marks that pdfplumber's per-char normalisation
  cannot recombine).

Speed: pages are read with pypdfium2.  A page without ruling (no table can be
on it) is read as word runs (:func:`_pdfium_words`: one dict per word of one
text object, two pdfium calls a word) instead of glyph by glyph; a ruled page,
whose table cells need every glyph, and a page whose text may be printed twice
(de-duplication works on glyphs) take the glyph path.  Both give the same lines.

All pdfminer / pdfplumber failures become :class:`~kehoach.errors.InputError`
(or :class:`~kehoach.errors.ScannedPDFError` for image-only PDFs).
"""
from __future__ import annotations

import io
import json
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from operator import itemgetter
from typing import Any, Optional

from .. import lazyre
from ..blocks import Block, Cell, RawDoc, Row
from ..errors import InputError, KehoachError, ScannedPDFError
from ..normalize import nfc

Char = dict[str, Any]

# "Số: 78/QĐ-UBND(CT); 06/02/2025; 08:34:50; +07:00" -- the e-signature stamp line.
_STAMP = lazyre.compile(r"\d{1,2}/\d{1,2}/\d{4}\s*;?\s*\d{1,2}:\d{2}(:\d{2})?\s*;?\s*[+-]\d{2}:?\d{2}\s*$")
# A bare page number: "2", "- 2 -", "Trang 2".
_PAGE_NO = lazyre.compile(r"^(?:[-–—]\s*)?(?:trang\s+)?\d{1,3}(?:\s*[-–—])?$", re.I)
# A numbering cell: "I", "1", "1.2", "a", "a)", "đ".
_NUMBERING = lazyre.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]?$")
_TERMINAL = ".;:!?"
_SPACES = lazyre.compile(r"\s+")
_NOTE_START = lazyre.compile(r"^\(?\d{1,3}\)?(\s|$)")
_BULLETS = "-+•*–—·"

# Geometry, in units of the line's font size unless said otherwise.
_BLANK_GAP = 0.5      # a gap wider than this (no space glyph in it) ...
_COL_RATIO = 2.0      # ... and this many times the line's typical word gap separates two columns
_SPACED_COL_GAP = 3.0  # a gap holding a real space glyph must be this wide (justified text stretches spaces)
_WORD_GAP = 0.18      # a gap wider than this between glyphs is a word space
_SUP_SIZE = 0.8       # a glyph smaller than this times the line's size ...
_SUP_RAISE = 0.15     # ... whose bottom sits this much above the line's is a superscript mark
_EDGE_TOL = 2.5       # points: x-edges closer than this are one grid line


@cache
def _vocab() -> dict:
    """Font-name parts for bold / italic faces (data/pdf.json)."""
    text = resources.files("kehoach.data").joinpath("pdf.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _font_style(fontname: str) -> tuple[bool, bool]:
    """(bold, italic) from a PostScript font name."""
    low = (fontname or "").lower()
    v = _vocab()
    return (any(p in low for p in v["bold_font_parts"]), any(p in low for p in v["italic_font_parts"]))


# --------------------------------------------------------------------------- lines

@dataclass
class _Seg:
    """A run of glyphs on one physical line (a whole line, or one column of it)."""

    text: str
    x0: float
    x1: float
    bold: bool
    italic: bool


@dataclass
class _Line:
    chars: list[Char]
    top: float
    bottom: float
    size: float
    segs: list[_Seg] = field(default_factory=list)
    marks: str = ""                     # dropped superscript marks

    @property
    def x0(self) -> float:
        return self.segs[0].x0 if self.segs else 0.0

    @property
    def x1(self) -> float:
        return self.segs[-1].x1 if self.segs else 0.0

    @property
    def text(self) -> str:
        return "   ".join(s.text for s in self.segs)


def _wmedian(pairs: list[tuple[float, int]]) -> float:
    """Median of values given as (value, weight): the same as ``statistics.median`` of the
    values each repeated weight times (a word run from the fast path weighs its glyph count)."""
    lo_v = min(pairs)[0]
    if lo_v == max(pairs)[0]:                         # one value (most lines: one baseline)
        return lo_v
    if all(w == 1 for _, w in pairs):
        return statistics.median(v for v, _ in pairs)
    pairs = sorted(pairs)
    total = sum(w for _, w in pairs)
    lo, hi = (total - 1) // 2, total // 2             # positions of the middle value(s)
    seen = 0
    a = b = pairs[-1][0]
    for v, w in pairs:
        if seen <= lo < seen + w:
            a = v
        if seen <= hi < seen + w:
            b = v
            break
        seen += w
    return a if lo == hi else (a + b) / 2


def _mid(c: Char) -> float:
    return (c["top"] + c["bottom"]) / 2


def _cluster_lines(chars: list[Char]) -> list[list[Char]]:
    """Group glyphs into physical lines by vertical position (superscripts join their line)."""
    out: list[list[Char]] = []
    anchor = 0.0
    size = 0.0
    mids = [(c["top"] + c["bottom"]) / 2 for c in chars]
    for i in sorted(range(len(chars)), key=mids.__getitem__):      # stable, like sorted(chars, key=_mid)
        c, m = chars[i], mids[i]
        if out and m - anchor <= 0.45 * max(size, c["size"]):
            out[-1].append(c)
            if c["size"] > size:
                size, anchor = c["size"], m
            continue
        out.append([c])
        anchor, size = m, c["size"]
    return out


_X0 = itemgetter("x0")


def _order(chars: list[Char]) -> list[Char]:
    """Left to right; a combining mark stays after the base glyph it sits on."""
    cs = sorted(chars, key=_X0)
    for i in range(len(cs) - 1):
        a, b = cs[i], cs[i + 1]
        t = a["text"]
        if (len(t) == 1 and t >= "\u0300" and unicodedata.combining(t)      # marks are U+0300 and up
                and not unicodedata.combining(b["text"][:1] or "a")):
            if b["x0"] <= (a["x0"] + a["x1"]) / 2 <= b["x1"] + 0.5:
                cs[i], cs[i + 1] = b, a
    return cs


def _make_line(chars: list[Char], split_columns: bool, keep_marks: bool = False) -> Optional[_Line]:
    """Build one physical line: drop superscript marks, insert spaces, split wide gaps into columns."""
    ink = [c for c in chars if c["text"].strip()]
    if not ink:
        return None
    sizes = [round(c["size"], 1) for c in ink]
    weights = [c.get("n", 1) for c in ink]             # a word run from the fast path stands for n glyphs
    marks: list[Char] = []
    if len(set(sizes)) == 1:                           # one size (most lines): no superscript marks
        size = sizes[0]
        bottom = _wmedian([(c["bottom"], w) for c, w in zip(ink, weights)])
        top = min(c["top"] for c in ink)
        kept = list(chars)
    else:
        count: dict[float, int] = {}
        for s, w in zip(sizes, weights):
            count[s] = count.get(s, 0) + w
        size = max(set(sizes), key=count.__getitem__)
        base = [(c, w) for c, s, w in zip(ink, sizes, weights) if s == size]
        bottom = _wmedian([(c["bottom"], w) for c, w in base])
        top = min(c["top"] for c, _ in base)
        kept = []
        for c in chars:
            if (c["text"].strip() and c["size"] < _SUP_SIZE * size and c["bottom"] < bottom - _SUP_RAISE * size
                    and not keep_marks):
                marks.append(c)
                continue
            kept.append(c)
    line = _Line(chars=kept, top=top, bottom=bottom, size=size, marks="".join(c["text"] for c in marks))
    mark_ids = {id(c) for c in marks}
    # pass 1: the glyphs with the gap before each and whether a space glyph sits in it
    seq: list[tuple[Char, float, bool, bool]] = []        # (char, gap, real space, any space)
    prev: Optional[Char] = None
    real = soft = False
    for c in _order(kept + marks):
        if not c["text"].strip():
            if c.get("generated"):
                soft = True
            else:
                real = True
            continue
        if id(c) in mark_ids:          # a dropped footnote mark still bridges the gap it sits in
            if prev is not None:
                prev = c
            continue
        gap = c["x0"] - prev["x1"] if prev is not None else 0.0
        seq.append((c, gap, real, real or soft))
        prev = c
        real = soft = False
    words = sorted(g for _, g, _, sp in seq[1:] if sp or g > _WORD_GAP * size)
    typical = words[len(words) // 2] if len(words) >= 3 else 0.3 * size
    # pass 2: segments (columns) and their text
    segs: list[list[Char]] = [[]]
    texts: list[list[str]] = [[]]
    for i, (c, gap, real, spaced) in enumerate(seq):
        if i:
            column = (split_columns and gap > _BLANK_GAP * size and gap > _COL_RATIO * typical
                      and not (real and gap < _SPACED_COL_GAP * size))
            if column:
                segs.append([])
                texts.append([])
            elif spaced or gap > _WORD_GAP * size:
                texts[-1].append(" ")
        segs[-1].append(c)
        texts[-1].append(c["text"])
    for cs, ts in zip(segs, texts):
        if not cs:
            continue
        styles = [_font_style(f) for f in {c.get("fontname", "") for c in cs}]
        text = _SPACES.sub(" ", nfc("".join(ts))).strip()
        if text:
            line.segs.append(_Seg(text=text, x0=min(c["x0"] for c in cs), x1=max(c["x1"] for c in cs),
                                  bold=all(st[0] for st in styles), italic=all(st[1] for st in styles)))
    return line if line.segs else None


def _lines(chars: list[Char], split_columns: bool = True, keep_marks: bool = False) -> list[_Line]:
    out = []
    for group in _cluster_lines(chars):
        ln = _make_line(group, split_columns, keep_marks)
        if ln is not None:
            out.append(ln)
    return out


# --------------------------------------------------------------------------- tables

@dataclass
class _Table:
    """A table found on one page, before cross-page stitching."""

    rows: list[Row]
    edges: list[float]
    top: float
    bottom: float
    page: int
    row_lines: list[str]                  # one text line per row for RawDoc.lines
    bold_rows: list[bool]


def _cluster_edges(xs: list[float]) -> list[float]:
    out: list[float] = []
    for x in sorted(xs):
        if out and x - out[-1] <= _EDGE_TOL:
            continue
        out.append(x)
    return out


def _col_of(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))


def _inside(c: Char, bbox: tuple[float, float, float, float]) -> bool:
    x = (c["x0"] + c["x1"]) / 2
    y = _mid(c)
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _cell_text(chars: list[Char]) -> tuple[str, bool]:
    """Text of one cell, printed lines joined with "\\n"; and whether all of it is bold."""
    lines = _lines(chars, split_columns=False)
    text = "\n".join(ln.text for ln in lines)
    bold = bool(lines) and all(s.bold for ln in lines for s in ln.segs)
    return text, bold


def _build_table(tf: Any, chars: list[Char], page: int) -> Optional[_Table]:
    """Turn a pdfplumber table into rows of grid-positioned cells."""
    rows = tf.rows
    xs = [v for r in rows for c in r.cells if c for v in (c[0], c[2])]
    edges = _cluster_edges(xs)
    ncols = len(edges) - 1
    if ncols < 2 or not rows:
        return None
    owner: list[int] = [-1] * ncols          # row index of the cell last covering each grid column
    owner_id: list[int] = [-1] * ncols
    out_rows: list[Row] = []
    lines: list[str] = []
    bold_rows: list[bool] = []
    mine = [c for c in chars if _inside(c, tf.bbox)]
    for ri, r in enumerate(rows):
        real = [c for c in r.cells if c]
        if not real:
            continue
        rtop = min(c[1] for c in real)
        rbot = max(c[3] for c in real)
        rchars = [c for c in mine if rtop - 1 <= _mid(c) <= rbot + 1]
        placed: list[tuple[int, Cell]] = []
        covered = [False] * ncols
        all_bold = True
        any_text = False
        for ci, bb in enumerate(r.cells):
            if not bb:
                continue
            a, b = _col_of(edges, bb[0]), _col_of(edges, bb[2])
            if b <= a:
                continue
            cchars = [c for c in rchars if _inside(c, bb)]
            text, bold = _cell_text(cchars)
            if text:
                any_text = True
                all_bold = all_bold and bold
            placed.append((a, Cell(text=text, col=a, span=b - a)))
            for k in range(a, b):
                covered[k] = True
                owner[k] = ri
                owner_id[k] = ri * 1000 + ci
        k = 0
        while k < ncols:
            if covered[k]:
                k += 1
                continue
            j = k
            while j + 1 < ncols and not covered[j + 1] and owner_id[j + 1] == owner_id[k]:
                j += 1
            placed.append((k, Cell(text="", col=k, span=j - k + 1, merged=owner[k] >= 0)))
            k = j + 1
        placed.sort(key=lambda t: t[0])
        row = Row(cells=[c for _, c in placed], page=page, pages=[page])
        out_rows.append(row)
        lines.append(" | ".join(c.text.replace("\n", " ") for c in row.cells if not c.merged))
        bold_rows.append(any_text and all_bold)
    if not out_rows:
        return None
    return _Table(rows=out_rows, edges=edges, top=tf.bbox[1], bottom=tf.bbox[3], page=page,
                  row_lines=lines, bold_rows=bold_rows)


def _looks_like_header(t: _Table) -> int:
    """How many leading rows of a table are its column header (0 if none)."""
    first = t.rows[0]
    texts = [c.text for c in first.cells if c.text.strip()]
    if not t.bold_rows[0] or len(texts) < 2:
        return 0
    if _NUMBERING.match(first.cells[0].text.strip() or "-"):
        return 0
    n = 1
    # rows whose merged cells hang from the header row(s) belong to the header ("Cơ quan chủ trì | phối hợp")
    while n < len(t.rows) and any(c.merged for c in t.rows[n].cells) and t.bold_rows[n]:
        n += 1
    return n


def _row_key(r: Row) -> tuple:
    return tuple((c.col, c.span, re.sub(r"\s+", " ", c.text).strip()) for c in r.cells)


def _same_grid(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 * _EDGE_TOL for x, y in zip(a, b))


def _is_cut_row(prev: Row, row: Row, ncols: int) -> bool:
    """Is ``row`` (first row on a new page) the rest of ``prev`` that the page break cut?

    A row with its own number (STT) is never a continuation.  Otherwise each
    non-empty cell votes: starting in lower case / with a digit or following
    a cell that ended mid-sentence says "continued"; starting a bullet or a
    capitalised phrase after a finished cell ("tỉnh." / "Văn phòng ...") says
    "new row" (a vertically merged task whose STT cell was printed above).
    """
    texts = row.texts(ncols)
    if texts and texts[0].strip():
        return False
    before = prev.texts(ncols)
    score = 0
    seen = False
    for col in range(1, ncols):
        t = texts[col].strip() if col < len(texts) else ""
        if not t:
            continue
        seen = True
        p = before[col].rstrip() if col < len(before) else ""
        first = t[0]
        if first.islower() or first.isdigit() or first in ",.;:)]":
            score += 2
        elif first in _BULLETS:
            score -= 1
        elif p and p[-1] in _TERMINAL:
            score -= 1
        elif p:
            score += 1
    return not seen or score > 0


def _join_rows(prev: Row, row: Row) -> None:
    """Append the cut-off rest of a row to the row it belongs to, cell by cell."""
    for c in row.cells:
        if not c.text:
            continue
        target = prev.cell_at(c.col)
        if target is None:
            prev.cells.append(Cell(text=c.text, col=c.col, span=c.span))
            prev.cells.sort(key=lambda x: x.col)
            continue
        target.text = f"{target.text}\n{c.text}" if target.text else c.text
        target.merged = False
    for p in row.pages:
        if p not in prev.pages:
            prev.pages.append(p)


# --------------------------------------------------------------------------- pages

@dataclass
class _PageOut:
    number: int
    items: list[tuple[float, str, Any]]            # (top, kind, payload): kind "line" | "table"
    extra: list[tuple[float, str, str]]            # (top, role, text)
    raw_lines: list[tuple[float, str]]             # every printed line, for RawDoc.lines
    warnings: list[str] = field(default_factory=list)


def _footnote_rule_y(rules: list[dict], width: float, height: float, table_boxes: list[tuple]) -> Optional[float]:
    """The y of a short horizontal rule in the lower part of the page (footnote separator)."""
    best = None
    for obj in rules:
        h = abs(obj["bottom"] - obj["top"])
        w = abs(obj["x1"] - obj["x0"])
        if h > 2 or not (20 <= w <= 0.45 * width) or obj["top"] < height * 0.4:
            continue
        if any(b[0] - 2 <= obj["x0"] and obj["x1"] <= b[2] + 2 and b[1] - 2 <= obj["top"] <= b[3] + 2
               for b in table_boxes):
            continue
        y = obj["top"]
        if best is None or y < best:
            best = y
    return best


def _dedupe(chars: list[Char]) -> list[Char]:
    """Drop glyphs printed twice at the same place (fake bold, shadow text).

    Same job as pdfplumber's ``page.dedupe_chars()`` (same text and font
    within about 1 pt: shifted sideways, same line), done with a hash of
    rounded positions because the library version sorts every glyph and
    costs a third of the reading time.
    """
    seen: dict[tuple, set[int]] = {}        # (text, font, size, top) -> rounded x0 of kept glyphs
    out = []
    for c in chars:
        x = round(c["x0"])
        key = (c["text"], c.get("fontname"), round(c["size"]), round(c["top"]))
        xs = seen.get(key)
        if xs is None:
            seen[key] = {x}
        elif x in xs or x - 1 in xs or x + 1 in xs:
            continue
        else:
            xs.add(x)
        out.append(c)
    return out


def _plumber_page(page: Any, number: int) -> _PageOut:
    """A page read with pdfplumber: ruled tables from its table finder, the rest as lines."""
    chars = _dedupe(page.chars)
    tables: list[_Table] = []
    boxes: list[tuple] = []
    if len(page.edges) >= 6:
        for tf in page.find_tables():
            t = _build_table(tf, chars, number)
            if t is not None:
                tables.append(t)
                boxes.append(tf.bbox)
    rules = [_rule(o["x0"], o["x1"], o["top"], o["bottom"]) for o in list(page.rects) + list(page.lines)]
    return _layout_page(number, float(page.width), float(page.height), chars, rules, tables, boxes)


def _rule(x0: float, x1: float, top: float, bottom: float) -> dict[str, float]:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom}


def _layout_page(number: int, width: float, height: float, chars: list[Char], rules: list[dict],
                 tables: list[_Table], boxes: list[tuple]) -> _PageOut:
    """Lines, tables, footnotes and noise of one page, in reading order."""
    out = _PageOut(number=number, items=[], extra=[], raw_lines=[])
    text_chars = [c for c in chars if not any(_inside(c, b) for b in boxes)] if boxes else chars
    rule = _footnote_rule_y(rules, width, height, boxes)
    body_chars, foot_chars = text_chars, []
    if rule is not None:
        below = [c for c in text_chars if c["top"] >= rule - 1]
        above = [c for c in text_chars if c["top"] < rule - 1]
        if below and above:
            sz_below = _wmedian([(c["size"], c.get("n", 1)) for c in below])
            sz_above = _wmedian([(c["size"], c.get("n", 1)) for c in above])
            if sz_below < sz_above - 0.5:
                body_chars, foot_chars = above, below
    for t in tables:
        out.items.append((t.top, "table", t))
        for i, text in enumerate(t.row_lines):
            out.raw_lines.append((t.top + i * 0.001, text))
    lines = _lines(body_chars)
    for ln in lines:
        out.items.append((ln.top, "line", ln))
        out.raw_lines.append((ln.top, ln.text))
    if foot_chars:
        notes: list[list[_Line]] = []
        for ln in _lines(foot_chars, split_columns=False, keep_marks=True):
            out.raw_lines.append((ln.top, ln.text))
            if not notes or _NOTE_START.match(ln.text):
                notes.append([])
            notes[-1].append(ln)
        for note in notes:
            out.extra.append((note[0].top, "footnote", " ".join(ln.text for ln in note)))
    out.items.sort(key=lambda it: it[0])
    out.raw_lines.sort(key=lambda it: it[0])
    _mark_noise(out, height)
    return out


def _mark_noise(out: _PageOut, height: float) -> None:
    """Move the stamp line and page numbers from the page's items to its extra text."""
    keep = []
    lines = [it for it in out.items if it[1] == "line"]
    firsts = [id(it) for it in lines[:2]]
    last = [id(it) for it in lines[-1:]]
    for it in out.items:
        top, kind, obj = it
        if kind == "line":
            text = obj.text
            if _STAMP.search(text) and len(obj.segs) == 1:
                out.extra.append((top, "stamp", text))
                continue
            if _PAGE_NO.match(text) and len(obj.segs) == 1 and (
                    (id(it) in firsts and top < height * 0.15) or (id(it) in last and top > height * 0.8)):
                out.extra.append((top, "page_number", text))
                continue
        keep.append(it)
    out.items = keep


# --------------------------------------------------------------------------- document

def _margins(pages: list[_PageOut], widths: list[float]) -> dict[float, tuple[float, float]]:
    """Left / right text margins per page width (portrait and landscape pages differ)."""
    spans: dict[float, list[tuple[float, float]]] = {}
    for po, w in zip(pages, widths):
        for _, kind, obj in po.items:
            if kind == "line" and obj.x1 - obj.x0 > 0.6 * w:
                spans.setdefault(round(w), []).append((obj.x0, obj.x1))
    out = {}
    for w in set(round(x) for x in widths):
        s = spans.get(w)
        if s:
            out[w] = (min(a for a, _ in s), max(b for _, b in s))
        else:
            out[w] = (0.0, float(w))
    return out


def _pdfium_edges(page: Any, height: float) -> Optional[list[dict]]:
    """Horizontal and vertical ruling segments of a page (top-left coordinates), from its
    path objects; None when the page holds form XObjects (their paths we do not map)."""
    import ctypes

    import pypdfium2.raw as raw

    edges: list[dict] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    m = raw.FS_MATRIX()
    count, get_object, get_type = _pdfium_object_fns()
    pa = ctypes.cast(page.raw, ctypes.c_void_p).value
    form, path = raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_PATH
    for k in range(count(pa)):         # plain-address calls: a page holds hundreds of text objects
        kind = get_type(get_object(pa, k))
        if kind == form:
            return None
        if kind != path:
            continue
        obj = raw.FPDFPage_GetObject(page.raw, k)
        raw.FPDFPageObj_GetMatrix(obj, m)
        pts: list[tuple[float, float]] = []
        start: Optional[tuple[float, float]] = None
        for i in range(raw.FPDFPath_CountSegments(obj)):
            seg = raw.FPDFPath_GetPathSegment(obj, i)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px = m.a * x.value + m.c * y.value + m.e
            py = height - (m.b * x.value + m.d * y.value + m.f)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO or not pts:
                start = (px, py)
            elif kind == raw.FPDF_SEGMENT_LINETO:
                _add_edge(edges, pts[-1], (px, py))
            pts.append((px, py))
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_edge(edges, (px, py), start)
    return edges


def _add_edge(edges: list[dict], a: tuple[float, float], b: tuple[float, float]) -> None:
    """Keep an axis-aligned segment as a pdfplumber edge (dict with orientation)."""
    (x0, y0), (x1, y1) = a, b
    if abs(y0 - y1) < 0.01 and abs(x0 - x1) >= 1:
        o = "h"
    elif abs(x0 - x1) < 0.01 and abs(y0 - y1) >= 1:
        o = "v"
    else:
        return
    left, right, top, bottom = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    edges.append({"object_type": "line_edge", "x0": left, "x1": right, "top": top, "bottom": bottom,
                  "doctop": top, "width": right - left, "height": bottom - top, "orientation": o})


def _retype(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """A pypdfium2 raw function as a ctypes prototype over plain addresses (no conversion)."""
    import ctypes

    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


@cache
def _pdfium_object_fns() -> tuple[Any, Any, Any]:
    """FPDFPage_CountObjects / GetObject / FPDFPageObj_GetType over plain addresses."""
    import ctypes

    import pypdfium2.raw as raw

    vp, ci = ctypes.c_void_p, ctypes.c_int
    return (_retype(raw.FPDFPage_CountObjects, ci, vp), _retype(raw.FPDFPage_GetObject, vp, vp, ci),
            _retype(raw.FPDFPageObj_GetType, ci, vp))


@cache
def _pdfium_is_generated() -> Any:
    """FPDFText_IsGenerated over plain addresses (asked once per space on the fast path)."""
    import ctypes

    import pypdfium2.raw as raw

    return _retype(raw.FPDFText_IsGenerated, ctypes.c_int, ctypes.c_void_p, ctypes.c_int)


@cache
def _pdfium_glyph_fns() -> tuple[Any, Any, Any]:
    """FPDFText_GetTextObject / GetLooseCharBox / GetCharOrigin re-typed to take and return plain
    addresses: called once per glyph, pypdfium2's typed wrappers (argument conversion, ctypes.cast
    of the returned pointer) cost about a third of the page's reading time."""
    import ctypes

    import pypdfium2.raw as raw

    vp, ci = ctypes.c_void_p, ctypes.c_int
    return (_retype(raw.FPDFText_GetTextObject, vp, vp, ci),
            _retype(raw.FPDFText_GetLooseCharBox, ci, vp, ci, vp),
            _retype(raw.FPDFText_GetCharOrigin, ci, vp, ci, vp, vp))


class _Glyphs:
    """Per-glyph access to a pdfium text page: the page's text in one call, and each glyph's
    box, baseline and style through plain-address ctypes prototypes (see _pdfium_glyph_fns)."""

    def __init__(self, tp: Any, height: float) -> None:
        import ctypes

        import pypdfium2.raw as raw

        self.raw, self.tp, self.height = raw, tp, height
        n = raw.FPDFText_CountChars(tp)
        self.n = max(n, 0)
        buf = (ctypes.c_ushort * (self.n + 1))()
        if n > 0:
            raw.FPDFText_GetText(tp, 0, n, buf)
        # one character per UTF-16 unit (pdfium's indices), lone surrogates as U+FFFD
        text = ctypes.string_at(buf, 2 * self.n).decode("utf-16-le", "surrogatepass")
        if len(text) != self.n:             # a surrogate pair decoded to one character: unit by unit
            text = "".join(chr(u) if 0xD800 > u or u > 0xDFFF else "\ufffd" for u in buf[:self.n])
        self.text = _SURROGATE.sub("\ufffd", text)
        self.get_object, self.get_box, self.get_origin = _pdfium_glyph_fns()
        self.tpa = ctypes.cast(tp.raw, ctypes.c_void_p).value
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        self.pox, self.poy = ctypes.addressof(self.ox), ctypes.addressof(self.oy)
        self.rect = raw.FS_RECTF()
        self.prect = ctypes.addressof(self.rect)
        self.mtx = raw.FS_MATRIX()
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.styles: dict[Optional[int], tuple[float, str]] = {}      # per text object: (size, font name)

    def style(self, i: int, key: Optional[int]) -> tuple[float, str]:
        """(size, font name) of glyph ``i``, cached per text object ``key``."""
        style = self.styles.get(key) if key else None
        if style is None:
            raw, tp = self.raw, self.tp
            raw.FPDFText_GetMatrix(tp, i, self.mtx)      # Tf size is scaled by the text matrix and CTM
            m = self.mtx
            size = float(raw.FPDFText_GetFontSize(tp, i)) * (abs(m.a * m.d - m.b * m.c) ** 0.5 or 1.0)
            ln = raw.FPDFText_GetFontInfo(tp, i, self.name, 128, self.flags)
            style = (size, self.name.value.decode("latin-1") if ln else "")
            if key:
                self.styles[key] = style
        return style

    def char(self, i: int) -> Optional[Char]:
        """Glyph ``i`` as a pdfplumber-like dict (text, x0, x1, top, bottom, size, fontname);
        None for pdfium's line breaks."""
        ch = self.text[i]
        if ch in "\r\n\x00":
            return None
        generated = ch == " " and self.raw.FPDFText_IsGenerated(self.tp, i) == 1
        if ch in "\ufffe\x02":
            ch = "-"                         # pdfium's mark for a hyphen at the end of a line
        style = self.style(i, self.get_object(self.tpa, i))
        self.get_origin(self.tpa, i, self.pox, self.poy)
        self.get_box(self.tpa, i, self.prect)
        base = self.height - self.oy.value
        return {"text": ch, "x0": self.rect.left, "x1": self.rect.right, "top": base - style[0], "bottom": base,
                "size": style[0], "fontname": style[1], "generated": generated}


def _pdfium_chars(page: Any, height: float) -> list[Char]:
    """The page's glyphs as pdfplumber-like dicts (text, x0, x1, top, bottom, size, fontname)."""
    tp = page.get_textpage()
    try:
        g = _Glyphs(tp, height)
        chars = [c for c in map(g.char, range(g.n)) if c is not None]
    finally:
        tp.close()
    return _dedupe(chars)


# A word run: glyphs between whitespace (and pdfium's line breaks / NULs).
_INK_RUN = lazyre.compile(r"[^\s\x00]+")
_BREAK = lazyre.compile(r"[\r\n]")
_SURROGATE = lazyre.compile("[\ud800-\udfff]")
_HYPHEN_MARKS = str.maketrans({"\ufffe": "-", "\x02": "-"})


def _pdfium_words(page: Any, height: float) -> Optional[list[Char]]:
    """The page's text as word runs instead of glyphs (the fast path for pages without tables).

    pdfium keeps each text object's glyphs together in its text order, so the page splits
    into ranges of one object each (found with a few probes per printed line).  Inside such a
    range every glyph shares the object's baseline, size and font, and the glyph path would
    treat them alike; so a word (glyphs between whitespace) becomes one dict shaped like a
    glyph dict, with ``n`` = its glyph count (line statistics weigh it so), and only its first
    and last glyph are asked for their box.  A real space inside the range becomes a
    zero-width space dict at the edge of the word before it (or after it), where the glyph
    path would sort it too.  Glyphs outside any object (pdfium's generated spaces), objects
    whose glyphs do not share one baseline and generated spaces are read glyph by glyph.
    Returns None when text may be printed twice (see :func:`_overlaps`): that page needs the
    glyph path with its de-duplication.
    """
    tp = page.get_textpage()
    try:
        g = _Glyphs(tp, height)
        out = _word_runs(g)
    finally:
        tp.close()
    return None if _overlaps(out) else out


def _object_end(g: _Glyphs, i: int, stop: int, key: int) -> int:
    """The last index in i..stop-1 whose glyph belongs to text object ``key`` (glyphs of one
    object are contiguous): the line end when it does, else a binary search."""
    get_object, tpa = g.get_object, g.tpa
    if get_object(tpa, stop - 1) == key:
        return stop - 1
    lo, hi = i, stop - 1                # key(lo) == key, key(hi) != key
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if get_object(tpa, mid) == key:
            lo = mid
        else:
            hi = mid
    return lo


def _word_runs(g: _Glyphs) -> list[Char]:
    """The dicts of :func:`_pdfium_words` in text order (see there)."""
    from unicodedata import combining

    text = g.text.translate(_HYPHEN_MARKS)
    n = len(text)
    get_object, get_box, get_origin, tpa = g.get_object, g.get_box, g.get_origin, g.tpa
    rect, pox, poy, oy = g.rect, g.pox, g.poy, g.oy
    is_generated = _pdfium_is_generated()
    out: list[Char] = []
    breaks = [m.start() for m in _BREAK.finditer(text)] + [n]
    bi = 0
    i = 0
    while i < n:
        if text[i] in "\r\n\x00":
            i += 1
            continue
        while breaks[bi] <= i:
            bi += 1
        stop = breaks[bi]                           # the end of this printed line in the text
        key = get_object(tpa, i)
        e = _object_end(g, i, stop, key) if key else i
        if not key:
            c = g.char(i)
            if c is not None:
                out.append(c)
            i = e + 1
            continue
        size, font = g.style(i, key)
        get_origin(tpa, i, pox, poy)
        y = oy.value
        if e > i:
            get_origin(tpa, e, pox, poy)
        if oy.value != y:                           # not one baseline: glyph by glyph
            out.extend(c for c in map(g.char, range(i, e + 1)) if c is not None)
            i = e + 1
            continue
        base = g.height - y
        top = base - size
        words: list[Char] = []
        spaces: list[tuple[int, int, int]] = []     # (index in out, word count before it, glyph index)
        pos = i

        def take_gaps(lo: int, hi: int) -> None:
            """The characters between inked runs: pdfium's generated spaces as glyphs, real ones as
            zero-width entries placed at their word's edge below."""
            for j in range(lo, hi):
                ch = text[j]
                if ch in "\r\n\x00":
                    continue
                if ch == " " and is_generated(tpa, j) == 1:
                    c = g.char(j)
                    if c is not None:
                        out.append(c)
                    continue
                spaces.append((len(out), len(words), j))
                out.append({"text": ch, "top": top, "bottom": base, "size": size, "fontname": font,
                            "generated": False})

        for m in _INK_RUN.finditer(text, i, e + 1):
            i0, i1 = m.start(), m.end() - 1
            if i0 == pos + 1 and text[pos] == " " and is_generated(tpa, pos) != 1:
                spaces.append((len(out), len(words), pos))    # the usual gap: one real space (inlined)
                out.append({"text": " ", "top": top, "bottom": base, "size": size, "fontname": font,
                            "generated": False})
            elif i0 > pos:
                take_gaps(pos, i0)
            pos = i1 + 1
            a, b = i0, i1
            while a < b and combining(text[a]):
                a += 1
            while b > a and combining(text[b]):
                b -= 1
            get_box(tpa, a, g.prect)
            x0, x1 = rect.left, rect.right
            if b != a:
                get_box(tpa, b, g.prect)
                x0, x1 = min(x0, rect.left), max(x1, rect.right)
            w = {"text": text[i0:i1 + 1], "x0": x0, "x1": x1, "top": top, "bottom": base, "size": size,
                 "fontname": font, "generated": False, "n": i1 - i0 + 1}
            words.append(w)
            out.append(w)
        take_gaps(pos, e + 1)                       # whitespace after the object's last word
        for k, before, j in spaces:                 # a space sits at its word's edge
            c = out[k]
            if before:
                c["x0"] = c["x1"] = words[before - 1]["x1"]
            elif words:
                c["x0"] = c["x1"] = words[0]["x0"]
            else:                                   # an object of whitespace only: its real place
                out[k] = g.char(j) or c
        i = e + 1
    return out


def _overlaps(chars: list[Char]) -> bool:
    """Could the glyph path's :func:`_dedupe` drop a glyph here (text printed twice)?

    _dedupe drops a glyph when one with the same text, font, size and line sits within
    about a point of it.  Between two inked runs of one line and font that come within
    2 points of each other: single glyphs are tested exactly as _dedupe would; longer
    runs count as a possible duplicate when they overlap and share a character, or when
    one ends with the character the other starts with.
    """
    rows: dict[tuple, list[Char]] = {}
    for c in chars:
        if c["text"].strip():
            rows.setdefault((round(c["top"]), c["fontname"], round(c["size"])), []).append(c)
    for runs in rows.values():
        runs.sort(key=lambda c: c["x0"])
        for i, a in enumerate(runs):
            for b in runs[i + 1:]:
                if b["x0"] >= a["x1"] + 2.0:
                    break
                ta, tb = a["text"], b["text"]
                if len(ta) == 1 and len(tb) == 1:
                    if ta == tb and abs(round(a["x0"]) - round(b["x0"])) <= 1:
                        return True
                elif ta[-1] == tb[0] or (b["x0"] < a["x1"] - 1.0 and set(ta) & set(tb)):
                    return True
    return False


def _pdfium_page(page: Any, number: int, plumber_page: Any) -> Optional[_PageOut]:
    """A page read with pypdfium2 (several times faster than pdfminer): glyphs and ruling from
    pdfium, tables found by pdfplumber's table finder on those rulings.  None when the page
    needs the plain pdfplumber path (rotation, an odd page box, form XObjects)."""
    if page.get_rotation() % 360 or tuple(round(v, 1) for v in page.get_cropbox()) != tuple(
            round(v, 1) for v in page.get_mediabox()):
        return None
    left, bottom, _r, _t = page.get_mediabox()
    if abs(left) > 0.5 or abs(bottom) > 0.5:
        return None
    width, height = float(page.get_width()), float(page.get_height())
    edges = _pdfium_edges(page, height)
    if edges is None:
        return None
    rules = [_rule(e["x0"], e["x1"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "h"]
    tables: list[_Table] = []
    boxes: list[tuple] = []
    vs = [e for e in edges if e["orientation"] == "v"]
    hs = [e for e in edges if e["orientation"] == "h"]
    ruled = len(vs) >= 2 and len(hs) >= 2
    # no ruling, no table: word runs are enough (table cells need glyphs, see _build_table)
    chars = (None if ruled else _pdfium_words(page, height)) or _pdfium_chars(page, height)
    if ruled:
        settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": vs, "explicit_horizontal_lines": hs}
        try:
            found = plumber_page().find_tables(table_settings=settings)
        except Exception:  # noqa: BLE001 -- pdfminer cannot parse what pdfium could: keep the text
            out = _layout_page(number, width, height, chars, rules, [], [])
            out.warnings.append("the table finder failed on this page; its tables are read as text lines")
            return out
        for tf in found:
            t = _build_table(tf, chars, number)
            if t is not None:
                tables.append(t)
                boxes.append(tf.bbox)
    return _layout_page(number, width, height, chars, rules, tables, boxes)


def _open(data: bytes) -> Any:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages            # forces the page tree to be read
        return pdf
    except Exception as e:  # noqa: BLE001 -- pdfminer raises many unrelated types
        raise _as_input_error(e) from None


def _as_input_error(e: BaseException) -> KehoachError:
    if isinstance(e, KehoachError):
        return e
    chain = []
    cur: Optional[BaseException] = e
    while cur is not None and len(chain) < 6:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__ or (cur.args[0] if cur.args and isinstance(cur.args[0], BaseException)
                                                    else None)
    names = " ".join(type(x).__name__ for x in chain)
    if "Password" in names or "Encrypt" in names or any("password" in str(x).lower() for x in chain):
        return InputError("encrypted PDF (password protected)")
    detail = next((str(x) for x in chain if str(x)), type(e).__name__)
    detail = re.sub(r"\s+", " ", detail)[:120]
    return InputError(f"corrupt or truncated PDF: {detail}")


def _quiet() -> None:
    """pdfminer logs warnings (missing FontBBox, ...) that are not the user's business."""
    import logging

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)


def read(path: str, data: bytes, sha: str) -> RawDoc:
    """Read a PDF's text layer into blocks (see the module docstring).

    Raises InputError / ScannedPDFError (carrying ``path``) for PDFs we cannot read.
    """
    try:
        return _read(path, data, sha)
    except KehoachError as e:
        if not e.path:
            e.path = path
        raise


def _read(path: str, data: bytes, sha: str) -> RawDoc:
    """The reading itself.

    Pages without ruling are read with pypdfium2; pages that may hold a
    ruled table (and odd pages) with pdfplumber, opened only when needed.
    """
    import pypdfium2 as pdfium

    _quiet()
    try:
        doc = pdfium.PdfDocument(data)
    except Exception as e:  # noqa: BLE001
        raise _as_input_error(e) from None
    plumber = None
    outs: list[_PageOut] = []
    widths: list[float] = []
    try:
        try:
            for i in range(len(doc)):
                page = doc[i]

                def plumber_page(i: int = i) -> Any:
                    nonlocal plumber
                    plumber = plumber or _open(data)
                    return plumber.pages[i]

                try:
                    po = _pdfium_page(page, i + 1, plumber_page)
                    width = float(page.get_width())
                finally:
                    page.close()
                if po is None:
                    pp = plumber_page()
                    po = _plumber_page(pp, i + 1)
                    width = float(pp.width)
                outs.append(po)
                widths.append(width)
        except KehoachError:
            raise
        except Exception as e:  # noqa: BLE001
            raise _as_input_error(e) from None
    finally:
        for closer in (plumber, doc):
            try:
                if closer is not None:
                    closer.close()
            except Exception:  # noqa: BLE001
                pass
    if not outs:
        raise InputError("corrupt or truncated PDF: no pages")
    if not any(po.raw_lines for po in outs):
        raise ScannedPDFError("no text layer: this looks like a scanned image PDF; OCR is not supported yet")
    return _assemble(path, sha, outs, widths)


def _assemble(path: str, sha: str, outs: list[_PageOut], widths: list[float]) -> RawDoc:
    """Number the lines, emit blocks in reading order and stitch tables across pages."""
    margins = _margins(outs, widths)
    doc = RawDoc(path=path, format="pdf", sha256=sha, blocks=[], pages=len(outs))
    open_table: Optional[tuple[Block, _Table, int]] = None    # (block, last page's table, header rows)
    for po, width in zip(outs, widths):
        left, right = margins[round(width)]
        line_no: dict[int, int] = {}
        for top, text in po.raw_lines:
            doc.lines.append(text)
            line_no.setdefault(round(top * 1000), len(doc.lines))

        def num(top: float) -> int:
            return line_no.get(round(top * 1000)) or _nearest(line_no, top)

        for msg in po.warnings:
            doc.warnings.append(("pdf_page", msg, po.number, None))
        for top, role, text in sorted(po.extra):
            doc.extra_text.append(Block("text", text=text, page=po.number, line=num(top), end_line=num(top),
                                        role=role))
        for idx, (top, kind, obj) in enumerate(po.items):
            if kind == "table":
                t: _Table = obj
                for i, r in enumerate(t.rows):
                    r.line = num(t.top + i * 0.001)
                if open_table and idx == 0 and _same_grid(open_table[1].edges, t.edges):
                    _continue_table(open_table, t)
                    open_table = (open_table[0], t, open_table[2])
                else:
                    nh = _looks_like_header(t)
                    for r in t.rows[:nh]:
                        r.header = True
                    blk = Block("table", page=po.number, line=t.rows[0].line, rows=list(t.rows),
                                ncols=len(t.edges) - 1)
                    doc.blocks.append(blk)
                    open_table = (blk, t, nh)
                blk = open_table[0]
                blk.end_line = blk.rows[-1].line
                if idx != len(po.items) - 1:
                    open_table = None
                continue
            open_table = None
            ln: _Line = obj
            n = num(top)
            for seg in ln.segs:
                mid = (seg.x0 + seg.x1) / 2
                lm, rm = seg.x0 - left, right - seg.x1
                centred = abs(lm - rm) <= max(3.0, 0.006 * (right - left)) and lm > 4 and rm > 4
                doc.blocks.append(Block("text", text=seg.text, page=po.number, line=n, end_line=n,
                                        bold=seg.bold, italic=seg.italic, broken=True,
                                        align="center" if centred else None))
    return doc


def _nearest(line_no: dict[int, int], top: float) -> int:
    key = round(top * 1000)
    return line_no[min(line_no, key=lambda k: abs(k - key))] if line_no else 0


def _continue_table(open_table: tuple[Block, _Table, int], t: _Table) -> None:
    """Append a table's rows (from the next page) to the table block it continues."""
    blk, _prev, nh = open_table
    rows = list(t.rows)
    heads = []
    for r in blk.rows:
        if not r.header:
            break
        heads.append(r)
    if not heads and blk.rows and rows and _row_key(rows[0]) == _row_key(blk.rows[0]):
        blk.rows[0].header = True                 # a repeated first row is a header after all
        heads = [blk.rows[0]]
    for h in heads:
        if rows and _row_key(rows[0]) == _row_key(h):
            rows.pop(0)
    if rows and blk.rows and not blk.rows[-1].header and _is_cut_row(blk.rows[-1], rows[0], blk.ncols):
        _join_rows(blk.rows[-1], rows.pop(0))
    blk.rows.extend(rows)
