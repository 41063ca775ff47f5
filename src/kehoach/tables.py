"""Task tables: recognise them by the meaning of their header, read their rows.

A task table is a table whose header names at least a content column
("Nội dung công việc", "Nhiệm vụ", ...) and a responsible-agency column
("Cơ quan chủ trì", "Trách nhiệm thực hiện", ...), and no "Chỉ tiêu" column
(that is a targets table).  Column order varies from province to province, so
every column gets a *role* (stt, content, lead, support, output, deadline,
monitor, ...) from the words of its header; the phrases live in
``data/table_headers.json`` so that a person can extend them.

:func:`find_task_tables` groups table blocks into logical tables (a table the
reader left in several pieces, one per page, with repeated headers and the
group headings printed between the pieces, is one table) and
:func:`read_rows` turns one logical table into :class:`TaskRow` records with
their STT path ("II.1.a") and group title.  Turning cells into agencies and
deadlines is :mod:`kehoach.tasks`' job.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Optional

from . import lazyre
from .blocks import Block, Row
from .normalize import squash

ROLES = ("stt", "content", "lead", "support", "output", "deadline", "monitor")

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_RE = lazyre.compile(rf"^(?=[IVX])({_ROMAN})$")
_UPPER_RE = lazyre.compile(r"^[A-Z]$")
_NUM_RE = lazyre.compile(r"^(\d{1,3}(?:\.\d{1,3})*)[.)]?$")
_LETTER_RE = lazyre.compile(r"^([a-zđ])[.)]?$")
_GROUP_TEXT_RE = lazyre.compile(rf"^(?:Phần\s+)?(?=[IVXA-H])({_ROMAN}|[A-H])\s*[.):\-–]\s*(\S.*)$")
_GROUP_TEXT_LOOSE_RE = lazyre.compile(rf"^(?=[IVX])({_ROMAN})\s+(\S.*)$")
_YEAR_RE = lazyre.compile(r"\b(?:năm\s+)?((?:19|20)\d\d)\b", re.I)
_COLNUM_RE = lazyre.compile(r"^\(?\d{1,2}\)?$")
_MARKUP_RE = lazyre.compile(r"</?[a-z][^>]*>|\*\*", re.I)


@cache
def vocabulary() -> dict:
    """The header vocabulary (``data/table_headers.json``), loaded once."""
    text = resources.files("kehoach").joinpath("data/table_headers.json").read_text(encoding="utf-8")
    return json.loads(text)


def _norm(text: str) -> str:
    return squash(_MARKUP_RE.sub(" ", text or "")).lower()


def classify_header(text: str) -> Optional[str]:
    """The role of a header cell ("Cơ quan phối hợp" -> "support"), None if unknown."""
    t = _norm(text).strip(" .:*")
    if not t or len(t) > 120:
        return None
    voc = vocabulary()
    roles = voc["roles"]
    if t in roles["stt"]:
        return "stt"
    earliest = set(voc.get("earliest_wins", ()))
    best: tuple[int, str] | None = None
    for role in voc["order"]:
        if role == "stt":
            continue
        pos = min((t.find(p) for p in roles[role] if _has_phrase(t, p)), default=-1)
        if pos < 0:
            continue
        if role not in earliest:
            return role
        if best is None or pos < best[0]:
            best = (pos, role)
    return best[1] if best else None


def _has_phrase(text: str, phrase: str) -> bool:
    i = text.find(phrase)
    while i >= 0:
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(phrase)] if i + len(phrase) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        i = text.find(phrase, i + 1)
    return False


@dataclass
class Layout:
    """What the header of a task table says about its columns."""

    roles: dict[str, int]                 # role -> grid column
    header_rows: int                      # rows at the top of the first piece that are header
    ncols: int
    deadline_year: Optional[int] = None   # "Thời gian (Năm 2026)"
    header_texts: list[str] = field(default_factory=list)

    def text(self, row: Row, role: str) -> tuple[str, bool]:
        """(cell text, merged flag) of ``role`` in ``row``."""
        col = self.roles.get(role)
        if col is None:
            return "", False
        cell = row.cell_at(col)
        if cell is None:
            return "", False
        if role != "stt" and cell.col != col and cell.span > 1:
            # a cell spanning into this column from the left: a group title, not this column's value
            return "", False
        return cell.text or "", cell.merged


def _row_roles(row: Row) -> dict[int, str]:
    out: dict[int, str] = {}
    for c in row.cells:
        r = classify_header(c.text)
        if r:
            for k in range(c.col, c.col + max(c.span, 1)):
                out.setdefault(k, r)
    return out


def _is_data_row(cells: list) -> bool:
    """A row under the header that is a task, not a sub-header: it opens with an STT ("1",
    "I", "a)") and says more than that ("1 | Kiện toàn ... cơ quan | Sở Nội vụ chủ trì, phối
    hợp ..." names column words, but in its data)."""
    if len(cells) < 2:
        return False
    first = _clean_stt(cells[0].text)
    return bool(_NUM_RE.match(first) or _ROMAN_RE.match(first) or _LETTER_RE.match(first))


def header_layout(block: Block) -> Optional[Layout]:
    """The layout of a table whose first rows are a task-table header, else None."""
    if not block.rows:
        return None
    ncols = block.ncols or max((c.col + c.span for r in block.rows for c in r.cells), default=0)
    roles_by_col: dict[int, str] = {}
    used = 0
    texts: list[str] = []
    for i, row in enumerate(block.rows[:3]):
        nonempty = [c for c in row.cells if c.text.strip()]
        if i > 0 and not row.header and _is_data_row(nonempty):
            break
        rr = _row_roles(row)
        if len(rr) < 2 and not (i > 0 and rr and used):
            break
        # a header row: most of its non-empty cells name a column meaning
        named = sum(1 for c in nonempty if classify_header(c.text))
        if nonempty and named < max(1, len(nonempty) // 2):
            break
        for col, role in rr.items():
            if role == "parent":
                continue
            # deeper rows refine spanning cells of the row above ("Phân công thực hiện" -> chủ trì | phối hợp)
            if i > 0 and col in roles_by_col and roles_by_col[col] not in ("parent",):
                prev = roles_by_col[col]
                if prev == role or role not in ("lead", "support", "content", "output", "deadline", "monitor"):
                    continue
            roles_by_col[col] = role
        texts.extend(c.text for c in row.cells)
        used = i + 1
    if not used:
        return None
    roles: dict[str, int] = {}
    for col in sorted(roles_by_col):
        roles.setdefault(roles_by_col[col], col)
    voc = vocabulary()
    if any(r in roles for r in voc.get("not_task_table_if_any", ())):
        return None
    if not all(r in roles for r in voc.get("task_table_needs", ())):
        return None
    year = None
    if "deadline" in roles:
        for row in block.rows[:used]:
            c = row.cell_at(roles["deadline"])
            if c is not None:
                m = _YEAR_RE.search(c.text or "")
                if m:
                    year = int(m.group(1))
    return Layout(roles=roles, header_rows=used, ncols=ncols, deadline_year=year, header_texts=texts)


def is_repeated_header(row: Row, layout: Layout) -> bool:
    """A header row repeated inside the table (page break), or a '1 | 2 | 3' column-number row."""
    if row.header:
        return True
    nonempty = [c for c in row.cells if c.text.strip()]
    if not nonempty:
        return False
    if len(nonempty) >= 3 and all(_COLNUM_RE.match(c.text.strip()) for c in nonempty):
        return True
    known = {_norm(t) for t in layout.header_texts if t.strip()}
    same = sum(1 for c in nonempty if _norm(c.text) in known)
    if len(nonempty) >= 2 and same >= 0.6 * len(nonempty):
        return True
    # a header worded like the first one: short cells that all name a column meaning
    short = all(len(c.text) <= 40 for c in nonempty)
    named = sum(1 for c in nonempty if classify_header(c.text))
    return short and named >= 3 and named == len(nonempty)


@dataclass
class Piece:
    """One table block of a logical table and the group headings printed before it."""

    block: Block
    index: int                       # index of the block in ctx.blocks
    start: int                       # first data row
    groups: list[tuple[Block, int]] = field(default_factory=list)   # text blocks between pieces (group headings)


@dataclass
class TaskTable:
    layout: Layout
    pieces: list[Piece]


def find_task_tables(blocks: list[Block]) -> list[TaskTable]:
    """Logical task tables in reading order (pieces over page breaks joined)."""
    out: list[TaskTable] = []
    current: Optional[TaskTable] = None
    between: list[tuple[Block, int]] = []
    for i, b in enumerate(blocks):
        if b.kind != "table":
            if current is not None:
                between.append((b, i))
                if len(between) > 12:
                    current, between = None, []
            continue
        lay = header_layout(b)
        if lay is not None:
            if current is not None and _same_layout(current.layout, lay):
                current.pieces.append(Piece(b, i, lay.header_rows, between))
            else:
                current = TaskTable(lay, [Piece(b, i, lay.header_rows)])
                out.append(current)
            between = []
            continue
        if current is not None and _continues(current.layout, b):
            current.pieces.append(Piece(b, i, 0, between))
            between = []
            continue
        current, between = None, []
    return out


def _same_layout(a: Layout, b: Layout) -> bool:
    return a.roles == b.roles and a.ncols == b.ncols


def _continues(layout: Layout, block: Block) -> bool:
    """A headerless table block with the same grid: the next page of the table."""
    n = block.ncols or max((c.col + c.span for r in block.rows for c in r.cells), default=0)
    return n == layout.ncols


@dataclass
class TaskRow:
    """One task read from a table row: texts by role (printed lines kept)."""

    ref: Optional[str]
    group: Optional[str]
    cells: dict[str, str]
    row: Row
    block: Block
    block_index: int
    inherited: bool = False          # blank STT: ref (and maybe content) from the row above
    numbered: bool = False           # a numbered row (may only introduce lettered sub-rows)


def _clean_stt(text: str) -> str:
    return _MARKUP_RE.sub("", text or "").strip().strip("*").strip()


def group_heading(text: str) -> Optional[tuple[Optional[str], str]]:
    """("II", "Thực hiện rà soát ...") from a group title "II. Thực hiện rà soát ..." """
    t = squash(_MARKUP_RE.sub(" ", text or "")).strip("# ")
    m = _GROUP_TEXT_RE.match(t) or _GROUP_TEXT_LOOSE_RE.match(t)
    if not m or not m.group(1):
        return None
    title = m.group(2).strip().rstrip(":").strip()
    return (m.group(1), title) if title else None


class _State:
    def __init__(self) -> None:
        self.group_num: Optional[str] = None
        self.group: Optional[str] = None
        self.num_ref: Optional[str] = None        # last numbered row's ref (parent of letters)
        self.num_task: Optional[TaskRow] = None   # the task made of that numbered row
        self.prev: Optional[TaskRow] = None
        self.above: dict[str, str] = {}           # last printed text per role (for merged cells)

    def prefix(self, num: str) -> str:
        return f"{self.group_num}.{num}" if self.group_num else num

    def set_group(self, num: Optional[str], title: str) -> None:
        self.group_num, self.group = num, title
        self.num_ref, self.num_task, self.prev = None, None, None


def read_rows(table: TaskTable) -> list[TaskRow]:
    """Every task row of a logical task table, with ref and group."""
    lay = table.layout
    st = _State()
    out: list[TaskRow] = []
    for piece in table.pieces:
        for tb, _ in piece.groups:
            if tb.kind == "text":
                g = group_heading(tb.text)
                if g:
                    st.set_group(*g)
        fragment_start = True
        for row in piece.block.rows[piece.start:]:
            if is_repeated_header(row, lay):
                fragment_start = True
                continue
            _read_row(row, lay, st, out, piece, fragment_start)
            fragment_start = False
    return out


def _texts(row: Row, lay: Layout, st: _State) -> tuple[dict[str, str], set[str]]:
    cells: dict[str, str] = {}
    merged: set[str] = set()
    for role in lay.roles:
        text, m = lay.text(row, role)
        if m and not text.strip():
            merged.add(role)
            text = st.above.get(role, "")
        cells[role] = text.strip()
    return cells, merged


def _distinct_texts(row: Row) -> list[str]:
    seen: list[str] = []
    for c in row.cells:
        t = c.text.strip()
        if t and t not in seen:
            seen.append(t)
    return seen


def _read_row(row: Row, lay: Layout, st: _State, out: list[TaskRow], piece: Piece, fragment_start: bool) -> None:
    cells, merged = _texts(row, lay, st)
    stt = _clean_stt(cells.get("stt", "")) if "stt" not in merged else ""
    has_agency = bool(cells.get("lead") or cells.get("support"))
    has_work = has_agency or bool(cells.get("deadline")) or bool(cells.get("output"))
    distinct = _distinct_texts(row)

    def task(ref: Optional[str], inherited: bool = False, numbered: bool = False) -> TaskRow:
        t = TaskRow(ref=ref, group=st.group, cells=dict(cells), row=row, block=piece.block,
                    block_index=piece.index, inherited=inherited, numbered=numbered)
        out.append(t)
        st.prev = t
        for role, text in cells.items():
            if role not in merged and text:
                st.above[role] = text
        return t

    # group rows: "I | CÔNG TÁC CHỈ ĐẠO" or one spanning cell "II. Thực hiện ..."
    if (_ROMAN_RE.match(stt) or _UPPER_RE.match(stt)) and not has_agency and not cells.get("deadline"):
        title = cells.get("content") or next((t for t in distinct if _clean_stt(t) != stt), "")
        st.set_group(stt, squash(_MARKUP_RE.sub(" ", title)).rstrip(":").strip() or None)
        return
    if len(distinct) == 1 and not has_work or (len(distinct) == 1 and not stt):
        g = group_heading(distinct[0])
        if g and not _NUM_RE.match(stt):
            st.set_group(*g)
            return
    m = _NUM_RE.match(stt)
    if m:
        ref = st.prefix(".".join(str(int(x)) for x in m.group(1).split(".")))
        st.num_ref = ref
        t = task(ref, numbered=True)
        st.num_task = t
        return
    m = _LETTER_RE.match(stt)
    if m:
        parent = st.num_ref
        if st.num_task is not None and st.num_task in out and not _has_work(st.num_task):
            out.remove(st.num_task)          # it only introduces lettered sub-rows
        st.num_task = None
        task(f"{parent}.{m.group(1)}" if parent else st.prefix(m.group(1)))
        return
    if stt:
        # an STT we cannot read (bullet, "*"): a task numbered like the one above
        task(st.prev.ref if st.prev else None, inherited=True)
        return
    # blank STT
    prev = st.prev
    if prev is None:
        if cells.get("content") and has_work:
            task(None)
        return
    own_lead = bool(cells.get("lead")) and "lead" not in merged
    own_deadline = bool(cells.get("deadline")) and "deadline" not in merged
    own_content = bool(cells.get("content")) and "content" not in merged
    if (own_lead or (own_deadline and not fragment_start)) and (own_content or not fragment_start or own_lead):
        t = task(prev.ref, inherited=True)
        if not own_content:
            t.cells["content"] = prev.cells.get("content", "")
        return
    # a row cut by a page break (or a wrapped line): its cells continue the row above
    for role, text in cells.items():
        if text and role not in merged and role != "stt":
            above = prev.cells.get(role, "")
            # "20/2024/QĐ-" | "UBND ngày ...": a word cut at the page break is one word again
            glue = "" if re.search(r"\S-$", above) else "\n"
            prev.cells[role] = (above + glue + text).strip()


def _has_work(t: TaskRow) -> bool:
    return any(t.cells.get(r) for r in ("lead", "support", "deadline", "output"))
