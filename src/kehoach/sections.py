"""Stage: the section tree (the document's outline).

``run(ctx)`` fills ``ctx.sections`` (a tree of :class:`~kehoach.models.Section`)
and ``ctx.section_of`` (per block of ``ctx.blocks``, the ref of the innermost
section enclosing it; ``None`` before the first heading).

How it works, in two passes:

1. *Candidates.*  Every text block whose text starts with a heading label is a
   candidate: ``Phụ lục II`` (kind ``pl``), ``A.`` parts (``part``), Roman
   numerals ``I.`` / ``I`` (``roman``), ``Điều 1.`` (``dieu``), ``1.``
   (``arabic``), ``1.1.`` (``sub``), ``a)`` (``letter``).  Table rows whose
   first cell is a Roman numeral (or a capital part letter) and whose title is
   the only other text in the row (``I | CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH``, or one
   merged cell ``I. Công bố ...``) are group-row candidates.  Dash and plus
   bullets, numbered table rows (tasks) and plain numbers (``2025 ...``,
   ``1.139 thủ tục``) never are.

2. *Placement.*  Kinds nest in a fixed order (pl > part > roman > dieu >
   arabic > sub > letter); the tree level is the depth actually reached, so a
   document that starts at ``1.`` or skips a level still nests correctly.  A
   candidate continues the nearest open list of its kind when its number is
   the next one; ``1`` (or ``a``) opens a new list; anything else is a gap:
   it is dropped when the expected number shows up later (a stray ``V.``
   between ``I`` and ``II`` is noise) and kept with a ``section_gap`` warning
   otherwise.  Weak candidates (no delimiter, not bold, mixed-case title) are
   only kept when they are in sequence.  Table group rows go under the
   section that holds the table.

Refs are the path of own numbers from the outermost heading: ``III.1.b``;
``Điều 1`` for a decision's articles; ``PL2`` for "Phụ lục II" (``PL`` when
unnumbered), so that an appendix's parts read ``PL2.I``.  A line that starts
a new document (``Nơi nhận``, an upper-case ``KẾ HOẠCH`` title) closes every
open section, so the plan's I, II, III restart after a decision's articles.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Optional

from . import lazyre
from .blocks import Block
from .context import Context, loc
from .models import Section
from .normalize import upper_ratio

_SKIP_ROLES = frozenset({"header", "noise", "stamp"})

# kinds in nesting order: a smaller rank encloses a larger one.  "chapter" is Phần (part of a plan
# or a code), "chuong" Chương, "muc" Mục; "sub" is decimal numbering 1.1 (deeper 1.1.1 ranks below it).
_RANK = {"pl": 0, "chapter": 1, "part": 2, "chuong": 3, "muc": 4, "roman": 5, "dieu": 6, "arabic": 7,
         "sub": 8, "letter": 9, "paren": 10}
# kinds numbered on through the whole document (Điều 3 follows Điều 2 of the previous chapter)
_CONTINUOUS = frozenset({"dieu", "chuong"})

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_CANON = lazyre.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")

_LEAD_MARKUP = lazyre.compile(r"^(?:\*\*|__|\*|<b>|<strong>|\s)+", re.I)
_TRAIL_MARKUP = lazyre.compile(r"(?:\*\*|__|</b>|</strong>)", re.I)

# "I. Title", "II- Title", "IV: Title", "I Title", bare "IV"
_ROMAN_LINE = lazyre.compile(r"^(?P<num>[IVX]{1,6})(?:(?P<delim>\s*[.:)\-–]+)|(?=\s|$))\s*(?P<title>.*)$")
_PART_LINE = lazyre.compile(r"^(?P<num>[A-ZĐ])\s*(?P<delim>[.:)\-–])\s*(?P<title>\S.*)$")
_DIEU_LINE = lazyre.compile(r"^(?:Điều|ĐIỀU)\s+(?P<num>\d{1,3})\s*(?P<delim>[.:]|$)\s*(?P<title>.*)$")
_ARABIC_LINE = lazyre.compile(r"^(?P<num>\d{1,2})\s*(?P<delim>[.)])(?=\s|$)\s*(?P<title>.*)$")
_SUB_LINE = lazyre.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?=\s)\s*(?P<title>\S.*)$")
# "Phần I", "PHẦN THỨ NHẤT", "Chương II:", "Mục 1.", "MỤC I - ..." (ordinal words: data/sections.json)
_CHAPTER_LINE = lazyre.compile(r"^(?P<word>Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(?P<num>[IVX]{1,6}|\d{1,2}"
                           r"|(?:[Tt]hứ|THỨ)\s+\w+)(?![\w/])\s*(?P<delim>[.:\-–]*)\s*(?P<title>.*)$")
_LETTER_LINE = lazyre.compile(r"^(?P<num>[a-zđ])\s*(?P<delim>[).])(?=\s|$)\s*(?P<title>.*)$")
_PL_NUM = lazyre.compile(r"^(?:[Ss]ố\s*)?(?P<num>[IVX]{1,6}|\d{1,2}[a-z]?)\b\s*[.:\-–]?\s*(?P<title>.*)$")
_OPENERS = lazyre.compile(r"[(\[\"“‘']")
_ITEM_NUMBER = lazyre.compile(r"\d{1,2}[.)]?")     # "1", "2." after a title; never a year
_CLAUSE_END = lazyre.compile(r"(?<=[^\s.]{2})[.:;](?:\s+(?P<next>\S)|\s*$)")


@functools.cache
def _vocab() -> dict:
    """The word lists in ``data/sections.json`` (loaded once)."""
    text = resources.files("kehoach").joinpath("data/sections.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def _letter_index() -> dict[str, int]:
    return {c: i + 1 for i, c in enumerate(_vocab()["letters"])}


@functools.cache
def _part_index() -> dict[str, int]:
    return {c: i + 1 for i, c in enumerate(_vocab()["part_letters"])}


def roman_value(s: str) -> Optional[int]:
    """Value of a canonical Roman numeral up to 39 ("IV" -> 4); None when ``s`` is not one."""
    if not s or not _ROMAN_CANON.match(s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if _ROMAN_VALUES.get(b, 0) > v else v
    return total or None


def _to_roman(n: int) -> str:
    out = ""
    for v, s in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


@dataclass
class _Cand:
    """A heading candidate found in block ``idx``."""

    idx: int
    kind: str
    num: int
    own: str            # the ref part of this heading ("II", "1", "đ", "Điều 2", "PL2")
    label: str          # as printed ("II.", "1.", "đ)", "Điều 2.", "Phụ lục II")
    title: str
    strong: bool
    table: bool = False
    line: Optional[int] = None
    page: Optional[int] = None
    consumed: list[int] = field(default_factory=list)   # following blocks used as its title


@dataclass
class _Open:
    cand: _Cand
    sec: Section
    rank: float


def _strip_markup(text: str) -> str:
    text = _LEAD_MARKUP.sub("", text)
    return _TRAIL_MARKUP.sub("", text).strip()


def _starts_upper(text: str) -> bool:
    """The first letter (after an opening quote or bracket) is a capital."""
    t = text.lstrip("\"“'(‘[ ")
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def _upper_prefix(title: str) -> str:
    """An upper-case heading glued to the paragraph after it ("MỤC TIÊU 1. Quán triệt ...")
    keeps only its upper-case words; a mixed-case title is returned unchanged."""
    words = title.split()
    if len(words) < 3 or not all(_is_upper_word(w) for w in words[:2]):
        return title
    k = 0
    while k < len(words) and _is_upper_word(words[k]):
        k += 1
    while k > 2 and _ITEM_NUMBER.fullmatch(words[k - 1]):
        k -= 1              # a row / item number that follows the title
    return " ".join(words[:k])


def _is_upper_word(w: str) -> bool:
    return not any(c.islower() for c in w)


def make_title(text: str, limit: int | None = None) -> str:
    """The heading's title on one line.

    A short heading keeps its whole text ("Mục đích").  A long item that is a
    whole paragraph ("1. Quán triệt, triển khai chỉ đạo ...: ...") keeps its
    first sentence (up to the first ``.``, ``:`` or ``;`` that ends a clause),
    and at most ``limit`` characters (``max_title_chars``, 200), cut at a word
    boundary.  Trailing punctuation is dropped.
    """
    limit = limit or _vocab()["max_title_chars"]
    t = " ".join(text.split())
    if len(t) > 60:
        for m in _CLAUSE_END.finditer(t, 3):
            nxt = m.group("next")
            if nxt is None or nxt.isupper() or nxt in "\"“(-–+":
                t = t[:m.start()]
                break
    if len(t) > limit:
        cut = t.rfind(" ", 0, limit)
        t = t[:cut if cut > limit // 2 else limit]
    return t.strip(" .:;,-–")


# ---------------------------------------------------------------- candidates


def _text_candidate(i: int, b: Block) -> Optional[_Cand]:
    """A heading candidate from a text block, or None."""
    text = _strip_markup(b.text)
    if not text or text[0] in "-+•*–":
        return None
    styled = bool(b.bold or b.heading)
    vocab = _vocab()

    for word in vocab["appendix_words"]:
        if text[:len(word)].lower() == word.lower():
            rest = text[len(word):]
            if rest and not rest[0].isspace() and rest[0] not in ".:":
                break
            rest = rest.strip()
            m = _PL_NUM.match(rest) if rest else None
            if rest and not m and not (rest[0] in ".:" or upper_ratio(rest) > 0.6):
                break           # "Phụ lục, Mục 1, ..." / "Phụ lục kèm theo ..." inside a sentence
            if len(text) > 160:
                break
            num, title = 0, rest.lstrip(".:-– ")
            if m:
                raw = m.group("num")
                num = roman_value(raw) or (int(re.sub(r"\D", "", raw)) if raw[0].isdigit() else 0)
                title = m.group("title")
            label = text[:len(text) - len(title)].strip(" .:-–") if title else text
            # appendices are not checked as a numbered sequence (num 1: never a gap)
            return _Cand(i, "pl", 1, f"PL{num}" if num else "PL", label, title, True, line=b.line, page=b.page)

    c = _chapter_candidate(i, b, text, styled)
    if c is not None:
        return c

    m = _DIEU_LINE.match(text)
    if m:
        n = int(m.group("num"))
        return _Cand(i, "dieu", n, f"Điều {n}", f"Điều {n}.", make_title(m.group("title")), True,
                     line=b.line, page=b.page)

    m = _ROMAN_LINE.match(text)
    if m and roman_value(m.group("num")):
        num, delim, title = m.group("num"), (m.group("delim") or "").strip(), m.group("title").strip()
        if title and not delim and not _starts_upper(title):
            return None         # "I" / "V" used as a word
        strong = bool(delim) or styled or (title and upper_ratio(title) > 0.6)
        if title and len(title.split()) == 1 and upper_ratio(title) < 0.6 and not styled:
            strong = False      # "V. Hoan": handwritten initials, a name
        return _Cand(i, "roman", roman_value(num), num, num + (delim[:1] if delim else ""),
                     make_title(_upper_prefix(title), vocab["max_roman_title_chars"]), bool(strong),
                     line=b.line, page=b.page)

    m = _PART_LINE.match(text)
    if m and m.group("num") in _part_index() and upper_ratio(m.group("title")) > 0.6:
        n = _part_index()[m.group("num")]
        return _Cand(i, "part", n, m.group("num"), m.group("num") + m.group("delim"),
                     make_title(m.group("title"), vocab["max_roman_title_chars"]), True, line=b.line, page=b.page)

    m = _SUB_LINE.match(text)
    if m and _starts_upper(m.group("title")):
        parts = m.group("num").split(".")
        return _Cand(i, "sub", int(parts[-1]), m.group("num"), m.group("num") + ".",
                     make_title(m.group("title")), styled, line=b.line, page=b.page)

    m = _ARABIC_LINE.match(text)
    if m and 0 < int(m.group("num")) <= 60:
        title = m.group("title")
        if title and title[0] in ",;" or (not title and not styled):
            return None
        n = int(m.group("num"))
        kind = "arabic" if m.group("delim") == "." else "paren"
        return _Cand(i, kind, n, str(n), f"{n}{m.group('delim')}", make_title(title), True,
                     line=b.line, page=b.page)

    m = _LETTER_LINE.match(text)
    if m and m.group("num") in _letter_index() and m.group("title"):
        c, delim = m.group("num"), m.group("delim")
        if delim == "." and not _starts_upper(m.group("title")):
            return None         # "v.v.", "c. ngày" inside a sentence; "b. Nội dung" is a point
        return _Cand(i, "letter", _letter_index()[c], c, c + delim, make_title(m.group("title")), True,
                     line=b.line, page=b.page)
    return None


_CHAPTER_KIND = {"phần": "chapter", "chương": "chuong", "mục": "muc"}


def _chapter_candidate(i: int, b: Block, text: str, styled: bool) -> Optional[_Cand]:
    """"Phần I" / "PHẦN THỨ HAI" / "Chương III" / "Mục 1." headings, or None.

    The number may be Roman, Arabic or an ordinal word ("thứ nhất").  A mixed-case line
    whose words after the number go on as a sentence ("Phần II của Kế hoạch ...") is not
    a heading: it needs a delimiter, a capitalised title, nothing after the number, or a
    bold / heading style.  Ref part: "Phần I", "Chương 2", "Mục 1" (ordinals as digits).
    """
    m = _CHAPTER_LINE.match(text)
    if not m:
        return None
    raw, title, word = m.group("num"), m.group("title").strip(), m.group("word")
    if raw[0] in "Tt":
        ordinal = raw.split()[-1].lower()
        n = _vocab()["ordinals"].get(ordinal, 0)
        own_num = str(n)
    else:
        n = roman_value(raw) or (int(raw) if raw.isdigit() else 0)
        own_num = raw
    if not n or n > 40:
        return None
    if title and not (m.group("delim") or styled or _starts_upper(title)):
        return None
    kind = _CHAPTER_KIND[word.lower()]
    own = f"{word.capitalize()} {own_num}"
    label = text[:m.start("delim")].strip()
    return _Cand(i, kind, n, own, label, make_title(_upper_prefix(title), _vocab()["max_roman_title_chars"]),
                 True, line=b.line, page=b.page)


def _row_candidates(i: int, b: Block) -> list[_Cand]:
    """Group rows of a table: a Roman numeral (or part letter) and a title, nothing else."""
    out: list[_Cand] = []
    for row in b.rows:
        if row.header:
            continue
        texts: list[str] = []
        for c in sorted(row.cells, key=lambda c: c.col):
            t = " ".join(_strip_markup(c.text).split())
            if t and (not texts or texts[-1] != t):
                texts.append(t)
        if not texts:
            continue
        first = texts[0]
        if len(texts) > 2 and not (roman_value(first.rstrip(".:)").strip()) and upper_ratio(texts[1]) > 0.8):
            continue            # a numbered row with agencies, deadline ...: a task, not a group
        if len(texts) >= 2:
            num = first.rstrip(".:)").strip()
            title = texts[1]
        else:
            m = re.match(r"^([IVX]{1,6}|[A-Z])\s*[.:)\-–]\s*(\S.*)$", first)
            if not m:
                continue
            num, title = m.group(1), m.group(2)
        val = roman_value(num)
        kind = "roman"
        if not val and num in _part_index():
            kind, val = "part", _part_index()[num]
        if not val or not title or not _starts_upper(title) or len(title) < 3 or roman_value(title.rstrip(".")):
            continue            # "I | II | III": a row of column numbers
        out.append(_Cand(i, kind, val, num, num + ".", make_title(title, _vocab()["max_roman_title_chars"]),
                         True, table=True, line=row.line or b.line, page=row.page or b.page))
    return out


def _is_reset(b: Block) -> bool:
    """A block that ends one document and starts another (see module docstring).

    Judged on the text alone, also for blocks the header stage marked
    ``header`` (the plan's title usually is one).
    """
    if b.kind != "text":
        return False
    text = _strip_markup(b.text)
    v = _vocab()
    if any(text.startswith(w) for w in v["closers"]):
        return True
    if len(text) <= 120 and upper_ratio(text) > 0.9:
        return any(text == w or text.startswith(w + " ") or text.startswith(w + ":") for w in v["doc_titles"])
    return False


def _attach_title(cand: _Cand, blocks: list[Block], cands: dict[int, _Cand]) -> None:
    """A bare label ("IV", "Phụ lục II") takes its title from the next text block(s)."""
    if cand.title:
        return
    parts: list[str] = []
    j = cand.idx + 1
    while j < len(blocks) and len(parts) < 3:
        b = blocks[j]
        if b.kind != "text" or j in cands or (b.role in _SKIP_ROLES and cand.kind != "pl"):
            break
        t = _strip_markup(b.text)
        if t.startswith("(") and cand.kind == "pl" and not parts and j <= cand.idx + 2:
            j += 1              # "(Kèm theo Kế hoạch số ...)" between "PHỤ LỤC" and its title
            continue
        if not t or t[0] in "-+(" or (not parts and not _starts_upper(t)):
            break
        if parts and not (b.broken and upper_ratio(t) > 0.8 and upper_ratio(parts[-1]) > 0.8):
            break
        parts.append(t)
        cand.consumed.append(j)
        j += 1
    limit = _vocab()["max_roman_title_chars"] if cand.kind in ("roman", "pl", "part", "chapter", "chuong",
                                                               "muc") else None
    cand.title = make_title(" ".join(parts), limit) if parts else ""


def _continue_upper_title(cand: _Cand, blocks: list[Block], cands: dict[int, _Cand]) -> None:
    """An upper-case title broken over lines ("... CỦA HĐND VÀ" / "UBND TỈNH", "... MỘT CỬA" /
    "LIÊN THÔNG") takes the upper-case line that completes it: after a linking word, or a short
    upper-case physical line of a broken paragraph."""
    wraps = {w.lower() for w in _vocab()["wrap_words"]}
    j = (cand.consumed[-1] if cand.consumed else cand.idx) + 1
    while cand.title and upper_ratio(cand.title) > 0.8 and j < len(blocks) and j not in cands:
        b = blocks[j]
        last = cand.title.split()[-1].lower()
        t = _strip_markup(b.text) if b.kind == "text" and b.role not in _SKIP_ROLES else ""
        if not t or len(t) > 150 or upper_ratio(t) < 0.9:
            return
        tail_line = b.broken and len(t.split()) <= 4 and upper_ratio(t) > 0.95    # "LIÊN THÔNG"
        if last not in wraps and not cand.title.endswith(",") and not tail_line:
            return
        cand.title = make_title(f"{cand.title} {t}", _vocab()["max_roman_title_chars"])
        cand.consumed.append(j)
        j += 1


def _continues_sentence(blocks: list[Block], i: int) -> bool:
    """A physical line of a broken paragraph that merely starts with "1." or "a)"."""
    b = blocks[i]
    if not b.broken or b.bold or b.heading:
        return False
    j = i - 1
    while j >= 0 and blocks[j].role in _SKIP_ROLES:
        j -= 1
    if j < 0 or blocks[j].kind != "text" or not blocks[j].broken:
        return False
    prev = blocks[j].text.rstrip()
    if not prev or not prev[-1].isalpha():
        return False
    tail = " " + _OPENERS.sub(" ", prev)
    return any(tail.endswith(" " + w) for w in _vocab()["wrap_words"])


def find_candidates(blocks: list[Block]) -> list[_Cand]:
    """All heading candidates in reading order (group rows of a table in row order)."""
    out: list[_Cand] = []
    for i, b in enumerate(blocks):
        if b.role in _SKIP_ROLES and b.role != "header":
            continue
        if b.kind == "table":
            if b.role != "header":
                out.extend(_row_candidates(i, b))
            continue
        c = _text_candidate(i, b)
        if c is None or (b.role == "header" and c.kind != "pl"):
            continue            # an appendix's own heading may be marked header; nothing else there is
        if (c.kind in ("arabic", "letter", "sub", "paren") or not c.strong) and _continues_sentence(blocks, i):
            continue            # "... tại Phần / II Phụ lục": the line goes on, it is no heading
        out.append(c)
    by_idx = {c.idx: c for c in out if not c.table}
    for c in out:
        if not c.table and c.kind in ("roman", "pl", "part", "dieu", "chapter", "chuong", "muc"):
            _attach_title(c, blocks, by_idx)
        if not c.table and c.kind in ("roman", "pl", "part", "chapter", "chuong", "muc"):
            _continue_upper_title(c, blocks, by_idx)
        if c.kind == "roman" and not c.title and not c.table:
            c.strong = False
    return out


# ---------------------------------------------------------------- placement


def _rank(cand: _Cand) -> float:
    """Nesting rank of a candidate; decimal numbers nest by depth (1.1 > 1.1.1 > 1.1.1.1)."""
    if cand.kind == "sub":
        return _RANK["sub"] + 0.1 * (cand.own.count(".") - 1)
    return float(_RANK[cand.kind])


class _Builder:
    def __init__(self, ctx: Context, cands: list[_Cand]):
        self.ctx = ctx
        self.cands = cands
        self.roots: list[Section] = []
        self.stack: list[_Open] = []
        self.last: dict[str, int] = {}      # last number placed of each kind in _CONTINUOUS

    def reset(self, keep: list[_Open]) -> None:
        """A new document starts: close the open sections (but ``keep``)."""
        self.stack[:] = keep
        self.last.clear()

    def _push(self, cand: _Cand, rank: float) -> None:
        own = cand.own
        if cand.kind == "sub" and self.stack and self.stack[-1].cand.kind in ("arabic", "sub"):
            # "2.1" under "2." and "2.1.3" under "2.1" carry only their own last number
            if cand.own.split(".")[:-1] == self.stack[-1].cand.own.split("."):
                own = cand.own.split(".")[-1]
        if cand.kind in _CONTINUOUS:
            self.last[cand.kind] = cand.num
        ref = own if not self.stack else f"{self.stack[-1].sec.ref}.{own}"
        sec = Section(ref=ref, label=cand.label, title=cand.title, level=len(self.stack) + 1,
                      source=loc(None, line=cand.line, page=cand.page))
        (self.stack[-1].sec.children if self.stack else self.roots).append(sec)
        self.stack.append(_Open(cand, sec, rank))

    def _pop_rank(self, rank: float) -> None:
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()

    def _holder(self, cand: _Cand | None = None) -> int:
        """Stack depth of the section holding a table: the innermost that is not an article
        nor a group row of the table (a group row of a higher kind, "A" above "I", holds)."""
        k = len(self.stack)
        while k:
            e = self.stack[k - 1].cand
            if e.kind == "dieu" or (e.table and (cand is None or _rank(e) >= _rank(cand))):
                k -= 1
                continue
            break
        return k

    def _expected_later(self, pos: int, kind: str, num: int) -> bool:
        """Does a candidate of ``kind`` numbered ``num`` come later (before a new list of that kind)?"""
        for c in self.cands[pos + 1:pos + 60]:
            if c.kind == kind:
                if c.num == num:
                    return True
                if c.num == 1 and kind != "roman":
                    return False
        return False

    def place(self, pos: int, cand: _Cand) -> bool:
        """Put candidate ``pos`` in the tree; False when it is dropped as noise."""
        rank = _rank(cand)
        # 1. the next number of an open list of this kind
        for k in range(len(self.stack) - 1, -1, -1):
            e = self.stack[k]
            if (e.cand.kind == cand.kind and e.cand.num + 1 == cand.num
                    and (cand.kind != "sub" or _same_parent(e.cand, cand))):
                r = e.rank
                del self.stack[k:]
                self._push(cand, r)
                return True
        same = [k for k, e in enumerate(self.stack) if e.cand.kind == cand.kind]
        if cand.kind in _CONTINUOUS and not same and self.last.get(cand.kind, -1) + 1 == cand.num:
            self._pop_rank(rank)        # Điều 3 under Chương II: articles are numbered on
            self._push(cand, rank)
            return True
        # 2. a new list
        if cand.num == 1:
            if cand.table:
                depth = self._holder(cand)
                del self.stack[depth:]
                r = self.stack[-1].rank + 0.5 if self.stack else rank
                self._push(cand, r)
                return True
            if same and cand.kind in ("arabic", "letter", "sub", "paren") and self.stack[-1].rank > rank:
                self._push(cand, self.stack[-1].rank + 0.5)      # a numbered list inside a deeper item
                return True
            self._pop_rank(rank)
            self._push(cand, rank)
            return True
        # 3. out of sequence
        if not cand.strong:
            return False
        if same:
            e = self.stack[same[-1]]
            if e.cand.num >= cand.num or self._expected_later(pos, cand.kind, e.cand.num + 1):
                return False
            expected = _label_of(e.cand, e.cand.num + 1)
            self.ctx.warn("section_gap", f"{cand.label} follows {e.cand.label} (expected {expected})",
                          line=cand.line, page=cand.page)
            r = e.rank
            del self.stack[same[-1]:]
            self._push(cand, r)
            return True
        if self._expected_later(pos, cand.kind, 1) and cand.kind != "dieu":
            return False
        self.ctx.warn("section_gap", f"{cand.label} opens a list that does not start at 1", line=cand.line,
                      page=cand.page)
        if cand.table:
            del self.stack[self._holder(cand):]
            r = self.stack[-1].rank + 0.5 if self.stack else rank
        else:
            self._pop_rank(rank)
            r = rank
        self._push(cand, r)
        return True


def _same_parent(a: _Cand, b: _Cand) -> bool:
    return a.own.split(".")[:-1] == b.own.split(".")[:-1]


def _label_of(c: _Cand, n: int) -> str:
    if c.kind == "roman":
        return _to_roman(n)
    if c.kind == "letter":
        letters = _vocab()["letters"]
        return letters[n - 1] + ")" if n <= len(letters) else "?"
    return str(n)


def run(ctx: Context) -> None:
    """Fill ``ctx.sections`` and ``ctx.section_of`` from ``ctx.blocks``."""
    blocks = ctx.blocks
    cands = find_candidates(blocks)
    builder = _Builder(ctx, cands)
    at: dict[int, list[tuple[int, _Cand]]] = {}
    for pos, c in enumerate(cands):
        at.setdefault(c.idx, []).append((pos, c))
    consumed: set[int] = set()
    section_of: list[Optional[str]] = []
    for i, b in enumerate(blocks):
        if i in consumed:
            section_of.append(builder.stack[-1].sec.ref if builder.stack else None)
            continue
        if b.role != "noise" and _is_reset(b) and i not in at:
            fresh_pl = [e for e in builder.stack[:1] if e.cand.kind == "pl" and not e.sec.children]
            builder.reset(fresh_pl)     # the title of an appendix that is itself a plan stays inside it
        holder = builder.stack[:builder._holder()] if b.kind == "table" else None
        for pos, c in at.get(i, []):
            if builder.place(pos, c):
                consumed.update(c.consumed)
        if b.kind == "table":
            # the table itself belongs to the section that holds it
            section_of.append(holder[-1].sec.ref if holder else None)
        else:
            section_of.append(builder.stack[-1].sec.ref if builder.stack else None)
    ctx.sections = builder.roots
    ctx.section_of = section_of
