"""Tables of web scrapes (thuvienphapluat-style) printed one cell per line.

Such a scrape loses the table markup: each cell of a row is printed on its
own line and the rows are separated by lines that hold only "|"::

    STT
    Nội dung công việc
    Cơ quan thực hiện
    |
    1
    Xây dựng dự thảo Quyết định ...
    Các sở, ban, ngành tỉnh
    |

(a blank line inside a row is an empty cell).  :func:`rebuild` turns each
such run of lines into a :class:`~kehoach.readers.tables.Piece`; rows that
print the cells on one line ("a | b | c |") are read by the text reader
itself.
"""
from __future__ import annotations

from collections import Counter

from ..blocks import Block
from .tables import Piece

_MAX_ROW = 40       # lines between two "|" lines; more ends the table


def _cells(seg: list) -> list[str]:
    return ["" if x is None else x.text for x in seg]


def _trim(seg: list, k: int) -> list:
    while len(seg) > k and seg and seg[0] is None:
        seg = seg[1:]
    while len(seg) > k and seg and seg[-1] is None:
        seg = seg[:-1]
    return seg


def rebuild(items: list) -> list:
    """Replace runs of cell-per-line rows separated by "|" items with Pieces."""
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
        if len(cl) < 2:
            continue
        inner = [items[a + 1:b] for a, b in zip(cl, cl[1:])]
        k = Counter(len([x for x in seg if x is not None]) for seg in inner).most_common(1)[0][0]
        k = max(k, max(len(_trim(seg, k)) for seg in inner) if inner else k)
        # the first row: the lines before the first "|" (back to a blank line, at most k)
        start = cl[0]
        while start > pos and cl[0] - start < k and isinstance(items[start - 1], Block) \
                and items[start - 1].kind == "text":
            start -= 1
        # the last row: the lines after the last "|" (up to a blank line, at most k)
        end = cl[-1] + 1
        while end < len(items) and end - cl[-1] - 1 < k and isinstance(items[end], Block) \
                and items[end].kind == "text":
            end += 1
        out.extend(items[pos:start])
        piece = Piece()
        segs = [items[start:cl[0]]] + [_trim(seg, k) for seg in inner] + [items[cl[-1] + 1:end]]
        for seg in segs:
            blocks = [x for x in seg if isinstance(x, Block)]
            if blocks:
                piece.add(_cells(seg), blocks[0].line)
        out.append(piece)
        pos = end
    out.extend(items[pos:])
    return [Block("text", text="|") if x == "|" else x for x in out]
