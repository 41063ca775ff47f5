"""Tables of web scrapes (thuvienphapluat-style) whose lines hold only "|".

Scraped pages print a "|" line at the end of every cell of the page's
tables.  Two different things come out:

* a task table printed one cell per line, the rows separated by "|"::

      STT
      Nội dung công việc
      Cơ quan thực hiện
      |
      1
      Xây dựng dự thảo Quyết định ...
      Các sở, ban, ngành tỉnh
      |

  (a blank line inside a row is an empty cell);
* the layout tables of the letterhead (issuer | quốc hiệu | Số | place and
  date) and of the signature (Nơi nhận | TM. ỦY BAN NHÂN DÂN ...), where a
  "|" ends each CELL and a cell is a paragraph the scraper wrapped over
  several lines ("ỦY" / "BAN NHÂN DÂN" / "TỈNH TIỀN GIANG" / "-------").

A real table has rows of one size: the segments between the bars hold the
same number of lines k >= 2 (or one line: a group row spanning the table),
and it opens with a header row ("STT", ...) or its rows are numbered.
:func:`rebuild` turns such runs into :class:`~kehoach.readers.tables.Piece`
objects.  Every other "|" is the end of a layout cell: it stays in the items
as a "|" text block, which :mod:`kehoach.clean` treats as a paragraph break
and drops.  Rows that print the cells on one line ("a | b | c |") are read by
the text reader itself.
"""
from __future__ import annotations

from collections import Counter

from .. import lazyre
from ..blocks import Block
from ..normalize import squash
from .tables import Piece, _vocab

_MAX_ROW = 40       # lines between two "|" lines; more ends the table
_STT = lazyre.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđ])[.)]?$")


def _cells(seg: list) -> list[str]:
    return ["" if x is None else x.text for x in seg]


def _trim(seg: list, k: int) -> list:
    while len(seg) > k and seg and seg[0] is None:
        seg = seg[1:]
    while len(seg) > k and seg and seg[-1] is None:
        seg = seg[:-1]
    return seg


def _filled(seg: list) -> int:
    return sum(x is not None for x in seg)


def _fits(seg: list, k: int) -> bool:
    """A segment that can be one row of a k-column table (or a one-line group row)."""
    n = _filled(seg)
    return n == 1 or (n >= 2 and len(_trim(seg, k)) <= k and n * 2 >= k)


def _first_text(seg: list) -> str:
    return next((x.text for x in seg if x is not None), "")


def _is_header(text: str) -> bool:
    return squash(text).lower() in _vocab()["header_first_cells"]


def _table_runs(items: list, cl: list[int]) -> list[tuple[list[int], int]]:
    """The runs of consecutive bars of one cluster that separate the rows of a real table,
    each with its column count k."""
    inner = [items[a + 1:b] for a, b in zip(cl, cl[1:])]
    sizes = Counter(_filled(seg) for seg in inner if _filled(seg) >= 2)
    if not sizes:
        return []
    k = sizes.most_common(1)[0][0]
    k = max([k] + [len(_trim(seg, k)) for seg in inner if _fits(seg, k)])
    runs: list[list[int]] = []
    cur: list[int] = [cl[0]]
    for j, seg in enumerate(inner):
        if _fits(seg, k):
            cur.append(cl[j + 1])
            continue
        runs.append(cur)
        cur = [cl[j + 1]]
    runs.append(cur)
    return [(run, k) for run in runs if _is_table(items, run, k)]


def _before(items: list, bar: int, k: int, pos: int) -> int:
    """Where the first row (the lines before the first bar, back to a blank line, at most k) starts."""
    start = bar
    while start > pos and bar - start < k and isinstance(items[start - 1], Block) \
            and items[start - 1].kind == "text":
        start -= 1
    return start


def _is_table(items: list, run: list[int], k: int) -> bool:
    """Rows of one size that open with a header row or are numbered."""
    if len(run) < 2 or k < 2:
        return False
    rows = [items[a + 1:b] for a, b in zip(run, run[1:])]
    full = [seg for seg in rows if _filled(seg) >= 2]
    if not full or len(full) * 2 < len(rows):
        return False
    first = items[_before(items, run[0], k, 0):run[0]]
    if _is_header(_first_text(first)) or _is_header(_first_text(rows[0])):
        return True
    numbered = sum(bool(_STT.match(_first_text(seg).strip())) for seg in full)
    return len(full) >= 2 and numbered * 2 >= len(full) + 1


def rebuild(items: list) -> list:
    """Replace runs of cell-per-line rows separated by "|" items with Pieces; the other
    "|" items (ends of layout cells) become "|" text blocks."""
    bars = [i for i, x in enumerate(items) if x == "|"]
    if len(bars) < 2:
        return [Block("text", text="|") if x == "|" else x for x in items]
    clusters: list[list[int]] = [[bars[0]]]
    for b in bars[1:]:
        if b - clusters[-1][-1] - 1 <= _MAX_ROW:
            clusters[-1].append(b)
        else:
            clusters.append([b])
    out: list = []
    pos = 0
    for cl in clusters:
        for run, k in _table_runs(items, cl) if len(cl) >= 2 else []:
            inner = [items[a + 1:b] for a, b in zip(run, run[1:])]
            start = _before(items, run[0], k, pos)
            # the last row: the lines after the last "|" (up to a blank line, at most k)
            end = run[-1] + 1
            while end < len(items) and end - run[-1] - 1 < k and isinstance(items[end], Block) \
                    and items[end].kind == "text":
                end += 1
            out.extend(items[pos:start])
            piece = Piece()
            segs = [items[start:run[0]]] + [_trim(seg, k) for seg in inner] + [items[run[-1] + 1:end]]
            for seg in segs:
                blocks = [x for x in seg if isinstance(x, Block)]
                if blocks:
                    piece.add(_cells(seg), blocks[0].line)
            out.append(piece)
            pos = end
    out.extend(items[pos:])
    return [Block("text", text="|") if x == "|" else x for x in out]
