"""Tables of text-like inputs (txt, md, html scrapes): pieces of rows -> table blocks.

A reader collects the rows it sees into :class:`Piece` objects, one per run
of consecutive table lines, and hands :func:`assemble` the document as a
list of items (text blocks, pieces, ``None`` for a blank line).  Printed
tables are cut at every page: the piece after a page break starts with the
repeated header row, and between the pieces stand blank lines, the signer's
initials ("V. Hoan"), a footnote, or a group heading that the converter
printed as a Markdown heading ("## II. Thực hiện rà soát ...").
:func:`assemble` puts such pieces back together as ONE table block:

* repeated header rows are dropped (the first is kept with ``header=True``);
* a heading between two pieces becomes a group row (one bold cell spanning
  the table), short noise lines go to ``extra_text``;
* a row that a page break cut (after the break, no STT and only the rest of
  one or more cells, "\\t\\t\\t\\tbáo cáo UBND tỉnh về ...") is stitched onto
  the row before it.

A row whose only text is in its first cell (``<b>I. Công bố ...</b>\\t\\t\\t``)
is a group row: its cell gets ``span = ncols``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..blocks import Block, Cell, Row
from ..inline import strip_inline
from ..normalize import fold, squash

_DATA = Path(__file__).resolve().parent.parent / "data" / "text_tables.json"


@cache
def _vocab() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@dataclass
class Piece:
    """Consecutive raw table rows: (cells as printed, line number)."""

    rows: list[tuple[list[str], int]] = field(default_factory=list)
    header_marked: bool = False

    def add(self, cells: list[str], line: int) -> None:
        self.rows.append((cells, line))

    def mark_header(self) -> None:
        self.header_marked = True


# ---------------------------------------------------------------------------- rows

def make_row(raw_cells: list[str], line: int | None) -> Row | None:
    """Cells as printed (inline markup allowed) -> a Row; None if all empty."""
    cells: list[Cell] = []
    for j, raw in enumerate(raw_cells):
        text, style = strip_inline(raw, keep_lines=True)
        cells.append(Cell(text=text, col=j, bold=bool(text) and style["bold"]))
    if not any(c.text for c in cells):
        return None
    return Row(cells=cells, line=line)


def mark_group(row: Row, ncols: int) -> None:
    """A row with text in its first cell only spans the table (a group heading)."""
    filled = [c for c in row.cells if c.text]
    if ncols >= 3 and len(filled) == 1 and filled[0].col == 0:
        first = filled[0]
        first.span = ncols
        row.cells = [first]


def is_header_row(row: Row) -> bool:
    first = row.cells[0].text if row.cells else ""
    return squash(first).lower() in _vocab()["header_first_cells"]


def _key(row: Row) -> tuple[str, ...]:
    return tuple(fold(squash(c.text)) for c in row.cells if c.text)


def piece_to_table(piece: Piece) -> Block | None:
    rows = [r for r in (make_row(c, ln) for c, ln in piece.rows) if r is not None]
    if not rows:
        return None
    ncols = max(len(c) for c, _ in piece.rows)
    for r in rows:
        mark_group(r, ncols)
    if piece.header_marked or is_header_row(rows[0]):
        rows[0].header = True
    return Block("table", rows=rows, ncols=ncols, line=rows[0].line, end_line=rows[-1].line)


# ---------------------------------------------------------------------------- assembly

def _headingish(b: Block) -> bool:
    return b.kind == "text" and (b.heading > 0 or b.bold) and len(b.text) < 300


def _noise(b: Block) -> bool:
    v = _vocab()
    return (b.kind == "text" and not _headingish(b) and len(b.text) <= v["noise_max_chars"]
            and len(b.text.split()) <= v["noise_max_words"])


def _header_of(table: Block) -> tuple[str, ...] | None:
    if table.rows and table.rows[0].header:
        return _key(table.rows[0])
    return None


def _can_join(table: Block, between: list[Block], nxt: Block) -> bool:
    if nxt.ncols != table.ncols:
        return False
    if not all(_headingish(b) or _noise(b) for b in between):
        return False
    starts_with_header = bool(nxt.rows and (nxt.rows[0].header or _key(nxt.rows[0]) == _header_of(table)))
    if starts_with_header:
        return _header_of(table) is not None and _key(nxt.rows[0]) == _header_of(table) \
            and not any(_headingish(b) for b in between)
    return True


def _join_text(a: str, b: str) -> str:
    if not a:
        return b
    if b[:2] in ("- ", "+ ", "* ", "• "):
        return f"{a}\n{b}"
    if a.endswith(("-", "/")) and len(a) > 1 and a[-2].isalnum():
        return a + b
    return f"{a} {b}"


def _is_continuation(prev: Row, row: Row) -> bool:
    """The first row after a page break holds only the rest of cut cells."""
    filled = [c for c in row.cells if c.text]
    if not filled or any(c.col == 0 for c in filled):
        return False
    if len(filled) > 1 and not all(c.text[:1].islower() for c in filled):
        return False
    for c in filled:
        above = prev.cell_at(c.col)
        if above is None or not above.text or above.span > 1:
            return False
    return True


def _join(table: Block, between: list[Block], nxt: Block, extra: list[Block]) -> None:
    rows = list(nxt.rows)
    header = _header_of(table)
    if rows and header is not None and _key(rows[0]) == header:
        rows = rows[1:]
    groups = [b for b in between if _headingish(b)]
    for b in between:
        if not _headingish(b):
            extra.append(Block("text", text=b.text, line=b.line, end_line=b.end_line, page=b.page, role="noise"))
    for g in groups:
        table.rows.append(Row(cells=[Cell(text=g.text, col=0, span=table.ncols, bold=True)], line=g.line))
    if rows and not groups and table.rows and _is_continuation(table.rows[-1], rows[0]):
        prev = table.rows[-1]
        for c in rows[0].cells:
            if c.text:
                above = prev.cell_at(c.col)
                above.text = _join_text(above.text, c.text)
        rows = rows[1:]
    table.rows.extend(rows)
    table.end_line = nxt.end_line


def assemble(items: list, extra: list[Block]) -> list[Block]:
    """Items (text blocks, :class:`Piece`, None for blank lines) -> blocks."""
    out: list[Block] = []
    table: Block | None = None      # the last table, while pieces may still join it
    between: list[Block] = []       # text blocks seen since it ended
    for it in items:
        if it is None:
            continue
        if isinstance(it, Piece):
            nxt = piece_to_table(it)
            if nxt is None:
                continue
            if table is not None and _can_join(table, between, nxt):
                _join(table, between, nxt, extra)
            else:
                out.extend(between)
                out.append(nxt)
                table = nxt
            between = []
            continue
        if isinstance(it, str):      # a stray "|" line
            it = Block("text", text=it)
        if table is not None:
            between.append(it)
            if len(between) > 4 or not (_headingish(it) or _noise(it)):
                out.extend(between)
                between = []
                table = None
            continue
        out.append(it)
    out.extend(between)
    for b in out:
        if b.kind == "table":
            drop_header_repeats(b)
    return out


def drop_header_repeats(table: Block) -> None:
    """Drop copies of the header row inside one table (a header repeated at a
    page break with no blank line before it)."""
    if not table.rows or not table.rows[0].header:
        return
    key = _key(table.rows[0])
    table.rows = [table.rows[0]] + [r for r in table.rows[1:] if _key(r) != key]
