"""Plain text and Markdown (with embedded HTML and tab-separated table rows).

* plain text as PDF extractors give it (paragraphs broken into lines, blank
  lines between lines): every non-blank line is a block with ``broken=True``;
  :mod:`kehoach.clean` joins them into paragraphs.
* Markdown: consecutive lines form one paragraph; ``#`` headings, ``**bold**``
  lines, ``- `` items; pipe tables and tab-separated rows become table blocks;
  inline HTML (``<b>``, ``<ul><li>``, ``<sup>``, ``<br>``) is read with the
  standard library's HTML parser.
"""
from __future__ import annotations

import re

from ..blocks import Block, Cell, RawDoc, Row
from ..decode import decode
from ..inline import strip_inline
from ..normalize import clean_line

_MD_HINT = re.compile(r"^(#{1,6}\s|\*\*|\|.*\|\s*$)|<(b|li|ul|br|sup|p|strong)\b|\*\*[^*]+\*\*", re.M | re.I)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def is_markdown(text: str) -> bool:
    return len(_MD_HINT.findall(text[:200000])) >= 3


def read(path: str, data: bytes, sha: str, fmt: str = "txt") -> RawDoc:
    text = decode(data, path)
    lines = text.split("\n")
    md = fmt == "md" or is_markdown(text)
    blocks = _markdown_blocks(lines) if md else _plain_blocks(lines)
    return RawDoc(path=path, format="md" if md else "txt", sha256=sha, blocks=blocks,
                  lines=[clean_line(x) for x in lines])


def _plain_blocks(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    table: Block | None = None
    for i, raw in enumerate(lines, 1):
        if "\t" in raw and raw.count("\t") >= 2:
            row = _row([c for c in raw.split("\t")], i)
            if table is None:
                table = Block("table", line=i)
                out.append(table)
            table.rows.append(row)
            table.end_line = i
            continue
        line = clean_line(raw)
        if not line:
            continue
        table = None
        out.append(Block("text", text=line, line=i, end_line=i, broken=True))
    _set_ncols(out)
    return out


def _row(cells: list[str], line: int) -> Row:
    out = []
    for j, c in enumerate(cells):
        t, _ = strip_inline(c, keep_lines=True)
        out.append(Cell(text=t, col=j))
    return Row(cells=out, line=line)


def _set_ncols(blocks: list[Block]) -> None:
    for b in blocks:
        if b.kind == "table":
            b.ncols = max((c.col + c.span for r in b.rows for c in r.cells), default=0)


def _markdown_blocks(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    para: list[tuple[int, str]] = []
    table: Block | None = None

    def flush() -> None:
        if not para:
            return
        raw = " ".join(s.strip() for _, s in para)
        text, style = strip_inline(raw)
        if text:
            out.append(Block("text", text=text, line=para[0][0], end_line=para[-1][0],
                             bold=style.get("bold", False), italic=style.get("italic", False)))
        para.clear()

    for i, raw in enumerate(lines, 1):
        s = raw.rstrip()
        st = s.strip()
        is_tab = raw.count("\t") >= 2
        is_pipe = st.startswith("|") and st.endswith("|") and st.count("|") >= 3
        if is_tab or is_pipe:
            flush()
            if is_pipe and _PIPE_SEP.match(st):
                if table is not None and table.rows:
                    table.rows[-1].header = True
                continue
            cells = raw.split("\t") if is_tab else [c for c in st.strip("|").split("|")]
            if table is None:
                table = Block("table", line=i)
                out.append(table)
            table.rows.append(_row(cells, i))
            table.end_line = i
            continue
        if not st:
            flush()
            table = None
            continue
        table = None
        m = _HEADING.match(st)
        if m:
            flush()
            text, style = strip_inline(m.group(2))
            if text:
                out.append(Block("text", text=text, line=i, end_line=i, heading=len(m.group(1)),
                                 bold=True))
            continue
        if re.match(r"^([-+*•]\s|\d+\.\s|[a-zđ]\)\s)", st) and para:
            flush()
        para.append((i, s))
        if s.endswith("  ") or s.endswith("\\"):
            # a markdown hard break inside a paragraph: keep joining
            pass
    flush()
    _set_ncols(out)
    return out
