"""Task tables a PDF text extractor flattened into lines.

Some extractions (``pdftotext`` without ``-layout``, copy-paste from a
viewer) print a ruled table cell by cell: the STT, the content's wrapped
lines, then each agency cell, the output and the deadline, with blank lines
between most cells but not all, and sometimes two cells on one line
("Quyết định Tháng 02/2025").  There is no table block at all.

The rows are rebuilt from what the text still shows:

* the header lines ("STT Nội dung công việc", "Cơ quan chủ trì Cơ quan phối
  hợp", ...) give the columns in print order (a spanning "Phân công thực
  hiện" stands for the sub-columns printed on the next header line);
* a line that is only an STT ("1", "a", "đ") starts a row, a Roman numeral
  ("II", "II CÔNG TÁC ...") a group;
* the deadline is found by its grammar (openers in ``table_headers.json``),
  the content by its width (the widest column) and its place (first);
* the remaining blocks of lines (split at blank lines; a block starting in
  lower case continues the block above) are spread over the middle columns
  (chủ trì, phối hợp, kết quả) by the line-wrap width of each column (learnt
  from the rows whose split is unambiguous), bullet style and known agency /
  output words.

Every row whose split is a guess gets a ``column_guess`` warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations
from typing import Optional

from . import lazyre, tables
from .context import Context
from .models import Location, Task

_STT_NUM = lazyre.compile(r"^(\d{1,2})[.)]?$")
_STT_LETTER = lazyre.compile(r"^([a-zđ])[.)]?$")
_STT_NUM_TEXT = lazyre.compile(r"^(\d{1,2})[.)]?\s+(\S.*)$")
_ROMAN_LINE = lazyre.compile(r"^((?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))[.)]?(?:\s+(\S.*))?$")
_BULLET = lazyre.compile(r"^[-+•–]\s*")


class _LowerStart:
    """``match(text)``: does the text start in lower case (or with '(')? (a wrapped line's continuation)"""

    @staticmethod
    def match(text: str) -> bool:
        return bool(text) and (text[0] == "(" or text[0].islower())


_LOWER_START = _LowerStart()
_END_MARKERS = lazyre.compile(r"^(?:Nơi nhận|TM\.|KT\.|Q\.|TL\.|CHỦ TỊCH\b|GHI CHÚ|Ghi chú:)")
_LETTERS = "abcdđeghiklmnopqrstuvxy"

MIDDLE = ("lead", "support", "output")


@dataclass
class Unit:
    """A block of consecutive printed lines that belong to one cell."""

    lines: list[str]
    start: int                      # line number of its first line
    _metrics: Optional[tuple] = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def bullet(self) -> bool:
        return bool(_BULLET.match(self.lines[0]))

    def metrics(self) -> tuple[float, list[float], bool, bool]:
        """(widest line, widths that did not fit, looks like an agency, looks like an output), cached."""
        if self._metrics is None:
            breaks = []
            for a, b in zip(self.lines, self.lines[1:]):
                if _BULLET.match(b) or not b.split():
                    continue
                breaks.append(width(a) + 0.55 + width(b.split()[0]))
            voc = _vocab()
            head = _BULLET.sub("", self.lines[0]).lower()
            is_ag = any(head.startswith(a.lower()) for a in voc.get("agency_heads", []))
            is_out = any(head.startswith(a.lower()) for a in voc.get("output_heads", []))
            self._metrics = (max(width(x) for x in self.lines), breaks, is_ag, is_out)
        return self._metrics

    def maxlen(self) -> float:
        return self.metrics()[0]

    def breaks(self) -> list[float]:
        return self.metrics()[1]


def width(s: str) -> float:
    """Printed width of a line in 'average lower-case letters' (capitals wider, spaces and punctuation narrower)."""
    w = 0.0
    for ch in s:
        if ch.isupper():
            w += 1.5
        elif ch.isspace() or ch in ".,;:'\"()/":
            w += 0.55
        elif ch.isdigit():
            w += 1.1
        else:
            w += 1.0
    return w


@dataclass
class RawRow:
    stt: str
    kind: str                        # "num" | "letter"
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)   # (line no, text) incl. blanks as ""
    group: Optional[str] = None
    group_num: Optional[str] = None
    parent: Optional[str] = None     # ref of the numbered row a lettered row belongs to


def _vocab() -> dict:
    return tables.vocabulary().get("flattened", {})


def _header_order(lines: list[str]) -> Optional[tuple[int, list[str]]]:
    """(index after the header, column roles in order) if the lines start a flattened task table header."""
    for i, line in enumerate(lines):
        if not re.match(r"^(STT|TT)\b", line):
            continue
        roles: list[str] = []
        j = i
        pending_parent = False
        while j < len(lines) and j < i + 8:
            text = lines[j]
            if not text:
                j += 1
                continue
            found = _roles_in_line(text)
            if not found:
                break
            for r in found:
                if r == "parent":
                    pending_parent = True
                    roles.append("parent")
                elif pending_parent and r in ("lead", "support") and "parent" in roles:
                    k = roles.index("parent")
                    roles[k:k + 1] = [r, "parent"]
                else:
                    roles.append(r)
            j += 1
        roles = [r for r in roles if r != "parent"]
        if "content" in roles and "lead" in roles:
            return j, roles
    return None


def _roles_in_line(text: str) -> list[str]:
    """Header roles named in one printed header line, in order ("STT Nội dung công việc" -> stt, content)."""
    phrases = _vocab().get("header_phrases", {})
    hits: list[tuple[int, str]] = []
    low = text.lower()
    for role, words in phrases.items():
        for w in words:
            for m in re.finditer(re.escape(w.lower()), low):
                hits.append((m.start(), role))
    hits.sort()
    out: list[str] = []
    last_end = -1
    for pos, role in hits:
        if pos <= last_end:
            continue
        out.append(role)
        last_end = pos + 2
    # keep only the first hit of each role, in order
    seen: list[str] = []
    for r in out:
        if r not in seen:
            seen.append(r)
    rest = re.sub("|".join(re.escape(w.lower()) for ws in phrases.values() for w in ws) or "$^", "", low)
    if len(re.sub(r"[\W\d_]+", "", rest)) > 6:
        return []
    return seen


def extract(ctx: Context) -> list[Task]:
    """Tasks rebuilt from flattened table text; [] when there is none."""
    raw = ctx.raw
    if raw.format not in ("txt", "md", "pdf") or not raw.lines:
        return []
    lines = _body_lines(ctx)
    hdr = _header_order(lines)
    if hdr is None:
        return []
    start, order = hdr
    rows = _rows(lines, start)
    if not rows:
        return []
    cols = [r for r in order if r in ("content", *MIDDLE, "deadline")]
    parsed = [_split_row(r, cols) for r in rows]
    widths = _learn_widths(parsed)
    out: list[Task] = []
    for row, p in zip(rows, parsed):
        if p is None:
            continue
        assign, guessed = _assign_middle(p, widths)
        cells = {"content": p.content, "deadline": p.deadline, **assign}
        if not cells["content"].strip():
            continue
        ref = f"{row.group_num}.{row.stt}" if row.group_num else row.stt
        if row.kind == "letter" and row.parent:
            ref = f"{row.parent}.{row.stt}"
        block_index = _block_index(ctx, row.line)
        src = Location(page=None, line=row.line)
        if guessed:
            ctx.warn("column_guess", f"row {ref}: agency/output columns assigned by line width and wording "
                     f"({guessed})", line=row.line)
        from .tasks import make_task, section_of
        out.append(make_task(ctx, ref=ref, group=row.group, content=cells["content"],
                             lead_cell=cells.get("lead", ""), support_cell=cells.get("support", ""),
                             output=cells.get("output", ""), deadline=cells["deadline"], source=src,
                             section=section_of(ctx, block_index)))
    return out


def _block_index(ctx: Context, line: int) -> Optional[int]:
    best = None
    for i, b in enumerate(ctx.blocks):
        if b.line is not None and b.line <= line:
            best = i
        elif b.line is not None and b.line > line:
            break
    return best


def _body_lines(ctx: Context) -> list[str]:
    """The document's lines with noise (stamps, page numbers, initials) blanked."""
    raw = ctx.raw
    lines = list(raw.lines)
    noise = {b.line for b in raw.extra_text if b.line}
    covered: set[int] = set()
    for b in ctx.blocks:
        if b.line is None:
            continue
        covered.update(range(b.line, (b.end_line or b.line) + 1))
    for i, text in enumerate(lines, 1):
        if i in noise or (covered and text and i not in covered):
            lines[i - 1] = ""
    return lines


@dataclass
class _Parsed:
    content: str
    units: list[Unit]
    deadline: str
    line: int


def _rows(lines: list[str], start: int) -> list["RawRow"]:
    rows: list[RawRow] = []
    group: Optional[str] = None
    group_num: Optional[str] = None
    cur: Optional[RawRow] = None
    last_num: Optional[str] = None
    i = start
    n = len(lines)
    while i < n:
        text = lines[i].strip()
        lno = i + 1
        if text and _END_MARKERS.match(text):
            break
        m = _ROMAN_LINE.match(text) if text else None
        if m and m.group(1) and (not m.group(2) or m.group(2).upper() == m.group(2)):
            title_parts = [m.group(2)] if m.group(2) else []
            j = i + 1
            while j < n and (lines[j].strip() == "" and not title_parts or
                             lines[j].strip() and lines[j].strip().upper() == lines[j].strip()
                             and not _STT_NUM.match(lines[j].strip())):
                if lines[j].strip():
                    title_parts.append(lines[j].strip())
                j += 1
            group, group_num = " ".join(title_parts).strip() or None, m.group(1)
            last_num = None
            cur = None
            i = j
            continue
        mn = _STT_NUM.match(text) if text else None
        mt = _STT_NUM_TEXT.match(text) if text and not mn else None
        ml = _STT_LETTER.match(text) if text else None
        if mt and not mt.group(2)[0].isupper():
            mt = None
        if mn or mt:
            num = (mn or mt).group(1)
            if last_num is None or int(num) == int(last_num) + 1 or int(num) == 1:
                cur = RawRow(stt=num, kind="num", line=lno, group=group, group_num=group_num)
                if mt:
                    cur.lines.append((lno, mt.group(2)))
                rows.append(cur)
                last_num = num
                i += 1
                continue
        if ml and cur is not None:
            parent = None
            for r in reversed(rows):
                if r.kind == "num":
                    parent = f"{r.group_num}.{r.stt}" if r.group_num else r.stt
                    break
            cur = RawRow(stt=ml.group(1), kind="letter", line=lno, group=group, group_num=group_num,
                         parent=parent)
            rows.append(cur)
            i += 1
            continue
        if cur is not None:
            cur.lines.append((lno, text))
        i += 1
    # a numbered row followed by lettered rows only introduces them
    out: list[RawRow] = []
    for k, r in enumerate(rows):
        nxt = rows[k + 1] if k + 1 < len(rows) else None
        if r.kind == "num" and nxt is not None and nxt.kind == "letter" and nxt.parent and \
                nxt.parent.endswith(r.stt):
            continue
        out.append(r)
    return out


def _chunks(lines: list[tuple[int, str]]) -> list[Unit]:
    out: list[Unit] = []
    cur: Optional[Unit] = None
    for lno, text in lines:
        if not text:
            cur = None
            continue
        if cur is None:
            cur = Unit([text], lno)
            out.append(cur)
        else:
            cur.lines.append(text)
    return out


def _deadline_split(units: list[Unit]) -> tuple[list[Unit], str]:
    """Take the deadline off the end: from the last line (or line part) that opens with deadline grammar."""
    openers = _vocab().get("deadline_openers", [])
    pat = re.compile(r"(?:^|\s)(" + "|".join(re.escape(o) for o in openers) + r")(?=\s|$|[\d/,])")
    # search the last units (a deadline cell is short), latest opener first
    flat: list[tuple[int, int]] = [(u, k) for u in range(len(units)) for k in range(len(units[u].lines))]
    for u, k in reversed(flat[-14:]):
        line = units[u].lines[k]
        ms = list(pat.finditer(line))
        if not ms:
            continue
        m = ms[0]
        pos = m.start(1)
        if pos > 0 and line[:pos].strip():
            head = line[:pos].strip()
            rest = [line[pos:]] + units[u].lines[k + 1:]
            before = units[:u] + ([Unit(units[u].lines[:k] + [head], units[u].start)])
        else:
            rest = units[u].lines[k:]
            before = units[:u] + ([Unit(units[u].lines[:k], units[u].start)] if k else [])
        tail = rest + [x for v in units[u + 1:] for x in v.lines]
        return before, "\n".join(tail)
    return units, ""


def _split_row(row: RawRow, cols: list[str]) -> Optional[_Parsed]:
    units = _chunks(row.lines)
    if not units:
        return None
    # content: the first block, plus blocks that continue it (lower-case start after a full-width line)
    content = [units[0]]
    k = 1
    while k < len(units):
        prev_last = content[-1].lines[-1]
        nxt = units[k]
        if _LOWER_START.match(nxt.lines[0]) and width(prev_last) >= 26 and not nxt.bullet:
            content.append(nxt)
            k += 1
            continue
        break
    rest = units[k:]
    # content lines printed in the same block as the next cell: a sharp drop in width after wide lines
    rest, deadline = _deadline_split(rest)
    return _Parsed(content="\n".join(x for u in content for x in u.lines), units=_merge_continuations(rest),
                   deadline=deadline, line=row.line)


def _merge_continuations(units: list[Unit]) -> list[Unit]:
    out: list[Unit] = []
    for u in units:
        open_above = out and not re.search(r"[.;:]$", out[-1].lines[-1].rstrip())
        # "- Các cơ quan / chuyên môn thuộc" + "UBND tỉnh;": the rest of an unfinished bullet item
        item_rest = out and out[-1].bullet and len(u.lines) <= 2 and re.search(r"[;.]$", u.lines[-1].rstrip()) \
            and not u.metrics()[3]
        if open_above and not u.bullet and (_LOWER_START.match(u.lines[0]) or item_rest):
            out[-1] = Unit(out[-1].lines + u.lines, out[-1].start)
        else:
            out.append(u)
    return out


def _learn_widths(parsed: list[Optional[_Parsed]]) -> dict[str, float]:
    """Column widths that explain the line wraps of all rows best (coordinate search).

    Starts from a prior relative to the content column (the widest) and moves
    one column width at a time to the value under which the best column split
    of every row fits its wraps best.
    """
    rows = [p for p in parsed if p is not None and p.units]
    if not rows:
        return {}
    content_w = max((width(x) for p in parsed if p for x in p.content.split("\n")), default=45.0)
    prior = tables.vocabulary().get("flattened", {}).get("width_prior", {"lead": 0.42, "support": 0.33,
                                                                         "output": 0.4})
    widths = {r: round(content_w * prior.get(r, 0.4) * 2) / 2 for r in MIDDLE}
    grid = [float(x) for x in range(int(content_w * 0.2), int(content_w * 0.7) + 1)]

    def total(ws: dict[str, float]) -> float:
        return sum(_best(p.units, ws)[0][0] for p in rows)

    for _ in range(3):
        changed = False
        for role in MIDDLE:
            best_w, best_s = widths[role], total(widths)
            for w in grid:
                trial = dict(widths, **{role: w})
                sc = total(trial)
                if sc > best_s + 1e-9:
                    best_w, best_s = w, sc
            if best_w != widths[role]:
                widths[role] = best_w
                changed = True
        if not changed:
            break
    return widths


def _cue(role: str, units: list[Unit]) -> float:
    score = 0.0
    for u in units:
        _, _, is_ag, is_out = u.metrics()
        if role in ("lead", "support"):
            score += 1.0 if is_ag else (-1.5 if is_out else -0.3)
        else:
            score += 1.0 if is_out else (-1.0 if is_ag else 0.0)
    return score


def _fit(role: str, units: list[Unit], widths: dict[str, float]) -> float:
    w = widths.get(role)
    if w is None:
        return 0.0
    pen = 0.0
    for u in units:
        over = u.maxlen() - w
        if over > 0.3:
            pen -= 1.0 + over * 0.3
        for b in u.breaks():
            if b < w - 0.3:
                pen -= 0.7 + (w - b) * 0.1
    return pen


def _best(units: list[Unit], widths: dict[str, float]) -> list[tuple[float, dict[str, list[Unit]]]]:
    """Every split of the middle blocks into chủ trì | phối hợp | kết quả, best first."""
    n = len(units)
    best: list[tuple[float, dict[str, list[Unit]]]] = []
    for a, b in combinations(range(n + 2), 2):
        i, j = a, b - 1
        if j < i:
            continue
        groups = {"lead": units[:i], "support": units[i:j], "output": units[j:]}
        score = 0.0
        if not groups["lead"]:
            score -= 6
        if not groups["output"]:
            score -= 1.5
        if not groups["support"]:
            score -= 0.5
        for role, g in groups.items():
            if not g:
                continue
            score += _cue(role, g) + _fit(role, g, widths)
            if len({u.bullet for u in g}) > 1:
                score -= 1.0
        best.append((score, groups))
    best.sort(key=lambda x: -x[0])
    return best


def _assign_middle(p: _Parsed, widths: dict[str, float]) -> tuple[dict[str, str], str]:
    units = p.units
    n = len(units)
    if n == 0:
        return {"lead": "", "support": "", "output": ""}, ""
    best = _best(units, widths)
    score, groups = best[0]
    guessed = ""
    if n != 3 or (len(best) > 1 and best[0][0] - best[1][0] < 1.0):
        guessed = "; ".join(f"{r}={len(g)} block(s)" for r, g in groups.items())
    return {r: _unwrap("\n".join(u.text for u in g)) for r, g in groups.items()}, guessed


def _unwrap(text: str) -> str:
    """Join printed line wraps (a line not starting with a bullet continues the line above)."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if out and not _BULLET.match(line):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return "\n".join(out)
