"""The intermediate form every reader produces and every later stage consumes.

A reader turns a file into a :class:`RawDoc`: a list of :class:`Block` in
reading order.  A block is either text (a heading, a paragraph or, for sources
whose lines were broken by a PDF extractor, a single physical line) or a table
(rows of cells).  Every block knows where it came from: ``page`` (PDF; DOCX
where a page break is known) and ``line`` (1-based line number in the
normalised text rendering of the document, which ``kehoach text FILE`` prints,
so that a person can find any value in seconds).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional


@dataclass(slots=True)
class Cell:
    """One table cell as printed.

    ``text`` keeps the cell's paragraphs / printed lines separated by "\\n"
    (bullets stay as printed).  ``col`` is the first grid column the cell
    covers and ``span`` how many grid columns it covers (gridSpan / colspan).
    A cell that continues a vertically merged cell from the row above
    (``w:vMerge`` without ``restart``, or a rowspan in HTML) has
    ``merged=True`` and empty text: its content is the one above.
    """

    text: str
    col: int = 0
    span: int = 1
    merged: bool = False
    rowspan: int = 1
    bold: bool = False             # the whole cell text is bold (<b>, **...**, bold runs): group rows


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    page: Optional[int] = None
    line: Optional[int] = None
    header: bool = False          # marked as a (repeated) header row by the source
    pages: list[int] = field(default_factory=list)

    def texts(self, ncols: int | None = None) -> list[str]:
        """Cell texts by grid column (a spanning cell's text in its first column)."""
        n = ncols or (max((c.col + c.span for c in self.cells), default=0))
        out = [""] * n
        for c in self.cells:
            if c.col < n:
                out[c.col] = c.text
        return out

    def cell_at(self, col: int) -> Optional[Cell]:
        for c in self.cells:
            if c.col <= col < c.col + c.span:
                return c
        return None


@dataclass(slots=True)
class Block:
    kind: str                      # "text" | "table"
    text: str = ""
    page: Optional[int] = None
    line: Optional[int] = None
    bold: bool = False             # the whole text is bold (markdown **...**, <b>, bold runs)
    italic: bool = False
    heading: int = 0               # explicit heading level (markdown '#', Word 'Heading N'), 0 = none
    align: Optional[str] = None    # "center" | "right" | "justify" | None
    rows: list[Row] = field(default_factory=list)
    ncols: int = 0
    broken: bool = False           # a physical line of a text whose paragraphs were broken (PDF extraction)
    role: Optional[str] = None     # set by later stages: "noise", "stamp", "header", ...
    end_line: Optional[int] = None

    @property
    def is_table(self) -> bool:
        return self.kind == "table"


@dataclass(slots=True)
class RawDoc:
    """What a reader returns."""

    path: str
    format: str                    # pdf | docx | txt | md | html
    sha256: str
    blocks: list[Block]
    pages: Optional[int] = None
    lines: list[str] = field(default_factory=list)     # the normalised text rendering (line n = lines[n-1])
    extra_text: list[Block] = field(default_factory=list)  # page headers/footers, stamps, footnotes: not body, but searchable
    warnings: list[tuple[str, str, Optional[int], Optional[int]]] = field(default_factory=list)

    def text_blocks(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == "text")
