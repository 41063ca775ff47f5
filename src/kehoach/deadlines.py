"""Deadline cells ("Thời gian hoàn thành", "Thời hạn") -> :class:`kehoach.models.Deadline`.

The kinds and their rules are fixed by CONTRACT.md ("Deadline kinds").  A cell is
read in three steps:

1. ``text`` is the cell on one line; references to other documents ("văn bản số
   4380/VP-NC ngày 12/12/2020", "Thông tư 01/2020/TT-VPCP") are blanked out, because
   their dates are not deadlines.
2. A compiled grammar finds the *time tokens* (full dates, day/month, months,
   quarters, half years, years, year ranges) and the vocabulary of
   ``data/deadline_words.json`` finds the *kind words* (thường xuyên, hằng tháng,
   khi có phát sinh, kể từ, theo kế hoạch ...).  Matching is done on a lower-case,
   diacritic-free copy of the text of the same length, so "Hàng quý"/"Hằng quý"
   and "Qúy"/"Quý" are the same and positions map back to the cell.
3. The earliest kind word or time token decides the kind ("the first word
   decides"); the other tokens fill in start, end, rrule and dates.

``dateparser`` is only a lazy fallback for a full date the grammar misses.
"""
from __future__ import annotations

import calendar
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources

from . import lazyre
from .models import Deadline

__all__ = ["parse_deadline", "fold"]

# --- text folding ---------------------------------------------------------------------------


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base.lower()) == 1 else ch


@cache
def _fold_table() -> dict[int, str]:
    """Map every precomposed Latin letter with diacritics to its base letter (1 char -> 1 char)."""
    table: dict[int, str] = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        folded = _fold_char(ch)
        if folded != ch:
            table[cp] = folded
    return table


def fold(text: str) -> str:
    """Lower-case, diacritic-free copy of ``text`` with the SAME length (positions map back)."""
    text = unicodedata.normalize("NFC", text)
    folded = text.translate(_fold_table())
    lowered = folded.lower()
    return lowered if len(lowered) == len(text) else folded


# --- vocabulary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    unspecified_prefix: re.Pattern
    unspecified: re.Pattern
    conditional: re.Pattern
    continuous: re.Pattern
    open_ended: re.Pattern
    relative: re.Pattern
    by_before: re.Pattern
    before: re.Pattern
    recurring: re.Pattern
    recurring_rule: dict[str, str]
    next_period: re.Pattern
    next_rule: dict[str, str]
    generic_recurring: re.Pattern


def _alt(phrases: list[str]) -> str:
    """Regex alternation of folded phrases, longest first, whitespace-tolerant, whole words."""
    parts = sorted({fold(p).strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)
    return rf"(?<![\w])(?:{body})(?![\w])"


@cache
def _words() -> _Words:
    """Load data/deadline_words.json once and compile its phrases."""
    raw = json.loads(resources.files("kehoach.data").joinpath("deadline_words.json").read_text("utf-8"))
    rec = {fold(k): v for k, v in raw["recurring"].items()}
    nxt = {fold(k): v for k, v in raw["next_period"].items()}
    return _Words(
        unspecified_prefix=re.compile(r"^\W*" + _alt(raw["unspecified_prefixes"])),
        unspecified=re.compile(_alt(raw["unspecified"])),
        conditional=re.compile(_alt(raw["conditional"])),
        continuous=re.compile(_alt(raw["continuous"])),
        open_ended=re.compile(_alt(raw["open_ended"])),
        relative=re.compile(_alt(raw["relative"])),
        by_before=re.compile("(?:" + _alt(raw["by"]) + r")(?:\s+(?:là|la|trong|vao|ngay|đến|den|hết|het))*\s*$"),
        before=re.compile("(?:" + _alt(raw["before"]) + r")\s*$"),
        recurring=re.compile(_alt(list(raw["recurring"]))),
        recurring_rule=rec,
        next_period=re.compile(_alt(list(raw["next_period"]))),
        next_rule=nxt,
        generic_recurring=re.compile(_alt(raw["generic_recurring"])),
    )


def _rule_for(table: dict[str, str], matched: str) -> str | None:
    return table.get(" ".join(matched.split()))


# --- the grammar of time tokens (on folded text) ---------------------------------------------

_Y = r"((?:19|20)\d\d)"
_D = r"(\d{1,2})"
_SEP = r"\s*[/.\-]\s*"
_YEAR_TAIL = rf"(?:{_SEP}{_Y}|\s+nam\s+{_Y})"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# references to other documents: "số 4380/VP-NC ngày 12/12/2020", "Thông tư 01/2020/TT-VPCP"
_REFERENCE = lazyre.compile(
    rf"(?:\bso\s+)?\b\d+(?:/\d+)*/[a-zđ][\w.\-]*(?:/[\w.\-]+)*(?:\s*,?\s*ngay\s+{_D}(?:{_SEP}|\s+thang\s+)\d{{1,2}}"
    rf"(?:{_SEP}|\s+nam\s+)\d{{4}})?"
)
_GIO = lazyre.compile(r"\b\d{1,2}\s*(?:gio|h)\s*(?:\d{1,2}\s*(?:phut|p)?)?(?![\w/])")

_ISO = lazyre.compile(rf"\b{_Y}-(\d{{2}})-(\d{{2}})\b")
_FULL_NUM = lazyre.compile_regex(rf"(?<!\b(?:thang|quy)\s{{0,3}})\b{_D}{_SEP}{_D}{_SEP}{_Y}\b")
_FULL_WORDS = lazyre.compile(rf"\bngay\s+{_D}\s+thang\s+{_D}(?:\s*(?:,|nam|[/.\-])\s*{_Y})?\b")
_DAY_MONTH = lazyre.compile_regex(rf"(?<=\b(?:ngay|truoc|nhat|la)\s+){_D}\s*/\s*{_D}\b(?!\s*[/.\-]\s*\d)")
_MONTH_RANGE = lazyre.compile(
    rf"\b(?:tu\s+)?thang\s+{_D}{_YEAR_TAIL}?\s*(?:den|toi|-|–)\s*(?:het\s+)?(?:thang\s+)?{_D}{_YEAR_TAIL}?\b"
)
_HALF = lazyre.compile(rf"\b(\d{{1,2}}|sau|chin)\s+thang\s+(dau|cuoi)\s+nam(?:\s+{_Y})?\b")
_QUARTER = lazyre.compile(rf"\bquy\s+(iv|iii|ii|i|[1-4])\b(?:{_SEP}{_Y}|\s+(?:nam\s+)?{_Y})?")
_MONTH = lazyre.compile(rf"\bthang\s+{_D}{_YEAR_TAIL}?\b")
_YEAR_RANGE = lazyre.compile(rf"\b(?:giai\s+doan\s+)?(?:tu\s+)?(?:nam\s+)?{_Y}\s*(?:-|–|—|den(?:\s+nam)?)\s*{_Y}\b")
_YEAR = lazyre.compile(rf"\b(?:nam\s+)?{_Y}\b")
_THIS_YEAR = lazyre.compile(r"\btrong\s+nam\b(?!\s*\d)(?!\s+(?:truoc|sau|lien|tiep|toi))")
_DAY_ONLY = lazyre.compile_regex(r"(?<=\bngay\s+)(\d{1,2})\b(?!\s*(?:/|thang|ngay|\d))")

_FROM_BEFORE = lazyre.compile(r"(?:\btu|bat\s+dau(?:\s+\w+){0,2}\s+tu|ke\s+tu)\s*(?:ngay\s+)?$")
_RANGE_LINK = lazyre.compile(r"^\s*(?:den|toi|-|–)\s*(?:het\s+)?(?:ngay\s+)?$")
_ATTACH_GAP = lazyre.compile(r"^[\s,]*(?:cua\s+|trong\s+|vao\s+)?(?:cac\s+)?$")
_ATTACH_AFTER = lazyre.compile(r"^[\s,(:\-–]*(?:(?:truoc|cham|nhat|vao|trong|la|ngay|han)\s*)*$")
_BULLET = lazyre.compile(r"^[\s\-–—+•*·]+")


@dataclass
class _Token:
    """One time expression found in the cell."""

    pos: int
    endpos: int
    kind: str                   # "date" (one day), "period", "day" (day of month only)
    start: date | None = None
    end: date | None = None
    year: int | None = None     # year as printed (None: missing)
    month: int | None = None    # month(s) as printed, for recurring rules
    day: int | None = None
    months: list[int] = field(default_factory=list)


def _day(y: int | None, m: int, d: int) -> date | None:
    if y is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int | None, m: int) -> date | None:
    if y is None or not 1 <= m <= 12:
        return None
    return date(y, m, calendar.monthrange(y, m)[1])


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _tokens(f: str, year: int | None) -> list[_Token]:
    """All time tokens of the folded text ``f``, earliest first; matched spans are masked."""
    chars = list(f)
    out: list[_Token] = []

    def take(pattern: re.Pattern, build) -> None:
        text = "".join(chars)
        for m in pattern.finditer(text):
            tok = build(m)
            if tok is None:
                continue
            out.append(tok)
            for i in range(m.start(), m.end()):
                chars[i] = " "

    def full(m, d, mo, y):
        d, mo, y0 = int(d), int(mo), _int(y)
        day = _day(y0 or year, mo, d)
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        return _Token(m.start(), m.end(), "date", day, day, y0, mo, d)

    take(_ISO, lambda m: full(m, m[3], m[2], m[1]))
    take(_FULL_NUM, lambda m: full(m, m[1], m[2], m[3]))
    take(_FULL_WORDS, lambda m: full(m, m[1], m[2], m[3]))
    take(_DAY_MONTH, lambda m: full(m, m[1], m[2], None))

    def month_range(m):
        m1, m2 = int(m[1]), int(m[4])
        y2 = _int(m[5] or m[6])
        y1 = _int(m[2] or m[3]) or y2
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            return None
        s = _day(y1 or year, m1, 1)
        e = _month_end(y2 or year, m2)
        return _Token(m.start(), m.end(), "period", s, e, y2, months=list(range(m1, m2 + 1)))

    take(_MONTH_RANGE, month_range)

    def half(m):
        n = {"sau": 6, "chin": 9}.get(m[1]) or int(m[1])
        y0 = _int(m[3])
        y = y0 or year
        if not 1 <= n <= 12:
            return None
        if m[2] == "dau":
            return _Token(m.start(), m.end(), "period", _day(y, 1, 1), _month_end(y, n), y0)
        return _Token(m.start(), m.end(), "period", _day(y, 13 - n, 1), _month_end(y, 12), y0)

    take(_HALF, half)

    def quarter(m):
        q = _ROMAN[m[1]]
        y0 = _int(m[2] or m[3])
        y = y0 or year
        return _Token(m.start(), m.end(), "period", _day(y, 3 * q - 2, 1), _month_end(y, 3 * q), y0,
                      months=[3 * q - 2])

    take(_QUARTER, quarter)

    def month(m):
        mo, y0 = int(m[1]), _int(m[2] or m[3])
        if not 1 <= mo <= 12:
            return None
        y = y0 or year
        return _Token(m.start(), m.end(), "period", _day(y, mo, 1), _month_end(y, mo), y0, mo, months=[mo])

    take(_MONTH, month)

    def year_range(m):
        a, b = int(m[1]), int(m[2])
        if b < a:
            return None
        return _Token(m.start(), m.end(), "period", date(a, 1, 1), date(b, 12, 31), b)

    take(_YEAR_RANGE, year_range)
    take(_YEAR, lambda m: _Token(m.start(), m.end(), "period", date(int(m[1]), 1, 1), date(int(m[1]), 12, 31),
                                 int(m[1])))
    take(_THIS_YEAR, lambda m: _Token(m.start(), m.end(), "period", _day(year, 1, 1), _day(year, 12, 31), None))
    take(_DAY_ONLY, lambda m: _Token(m.start(), m.end(), "day", day=int(m[1])) if 1 <= int(m[1]) <= 31 else None)
    out.sort(key=lambda t: t.pos)
    return out


# --- the decision -----------------------------------------------------------------------------


def _squash(text: str | None) -> str | None:
    s = " ".join(unicodedata.normalize("NFC", text or "").split())
    return s or None


def _blank_references(f: str) -> str:
    """Blank out cited document numbers and their dates, and clock times ("20 giờ 15 phút")."""
    f = _REFERENCE.sub(lambda m: " " * len(m[0]), f)
    return _GIO.sub(lambda m: " " * len(m[0]), f)


def _recurring_rule(f: str, toks: list[_Token], w: _Words) -> tuple[str | None, int | None, list[_Token]]:
    """(rrule, position, tokens used) of the first frequency phrase, with the tokens that qualify it
    ("Trước ngày 25 hằng tháng" -> FREQ=MONTHLY;BYMONTHDAY=25, "tháng 01 hằng năm" -> BYMONTH=1)."""
    found: list[tuple[int, int, str]] = []
    for pat, table in ((w.recurring, w.recurring_rule), (w.next_period, w.next_rule)):
        for m in pat.finditer(f):
            rule = _rule_for(table, m[0])
            if rule:
                found.append((m.start(), m.end(), rule))
    if not found:
        return None, None, []
    found.sort()
    # tokens without a printed year directly before a frequency phrase belong to it
    attached: list[tuple[_Token, str, int]] = []
    for tok in toks:
        if tok.year is not None:
            continue
        for start, _end, rule in found:
            if start >= tok.endpos and _ATTACH_GAP.match(f[tok.endpos:start]):
                attached.append((tok, rule, start))
                break
        else:  # "Hằng năm (trước ngày 15/12)": qualifier right after the phrase
            for start, end, rule in reversed(found):
                if end <= tok.pos and _ATTACH_AFTER.match(f[end:tok.pos]):
                    attached.append((tok, rule, start))
                    break
    rule = found[0][2]
    pos = found[0][0]
    used = [t for t, _r, _s in attached]
    if attached:
        pos = min(pos, attached[0][0].pos)
        rule = attached[0][1]
        same = [t for t, r, _s in attached if r == rule]
        days = sorted({t.day for t in same if t.day})
        if rule == "FREQ=YEARLY":
            months = sorted({mo for t in same for mo in (t.months or ([t.month] if t.month else []))})
            if months:
                rule += ";BYMONTH=" + ",".join(map(str, months))
        if days:
            rule += ";BYMONTHDAY=" + ",".join(map(str, days))
    return rule, pos, used


def _fallback_dates(text: str) -> list[date]:
    """Full dates the grammar missed, via dateparser (lazy import; only called with a printed year)."""
    try:
        from dateparser.search import search_dates
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return []
    found = search_dates(text, languages=["vi"],
                         settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"],
                                   "RETURN_AS_TIMEZONE_AWARE": False}) or []
    out = []
    for matched, dt in found:
        if str(dt.year) in matched:
            out.append(dt.date())
    return out


def parse_deadline(text: str | None, year: int | None = None) -> Deadline:
    """Parse one deadline cell as printed; ``year`` is the plan's year, used where the cell
    prints no year ("Tháng 3", "Thường xuyên trong năm").  Never raises on odd text: what
    cannot be read is ``unspecified``."""
    squashed = _squash(text)
    if squashed is None:
        return Deadline(text=None, kind="unspecified")
    w = _words()
    f0 = fold(squashed)
    f = _blank_references(f0)
    body_start = len(_BULLET.match(f)[0]) if _BULLET.match(f) else 0

    cond = w.conditional.search(f)
    if w.unspecified_prefix.match(f) and not (cond and cond.start() <= body_start):
        return Deadline(text=squashed, kind="unspecified")

    toks = _tokens(f, year)
    rrule, rec_pos, used = _recurring_rule(f, toks, w)
    dated = [t for t in toks if t not in used and t.kind != "day"]

    # relative anchors right before a date ("kể từ ngày 01/7/2025") are a start, not relative
    rel_pos = None
    for m in w.relative.finditer(f):
        if any(t.pos >= m.end() and not f[m.end():t.pos].strip(" ,") or f[m.end():t.pos].strip() == "ngay"
               for t in dated):
            continue
        rel_pos = m.start()
        break

    candidates: list[tuple[int, str]] = []
    if dated:
        candidates.append((dated[0].pos, "dated"))
    if rec_pos is not None:
        candidates.append((rec_pos, "recurring"))
    if rel_pos is not None:
        candidates.append((rel_pos, "relative"))
    for kind, pat in (("conditional", w.conditional), ("continuous", w.continuous), ("unspecified", w.unspecified)):
        m = pat.search(f)
        if m:
            candidates.append((m.start(), kind))
    if not candidates:
        if w.generic_recurring.search(f):
            return Deadline(text=squashed, kind="recurring")
        if year is not None or _YEAR.search(f):
            found = _fallback_dates(squashed) if any(ch.isdigit() for ch in squashed) else []
            if found:
                return Deadline(text=squashed, kind="by", end=max(found), dates=sorted(found))
        return Deadline(text=squashed, kind="unspecified")

    kind_order = {"conditional": 0, "relative": 1, "recurring": 2, "continuous": 3, "dated": 4, "unspecified": 5}
    pos, kind = min(candidates, key=lambda c: (c[0], kind_order[c[1]]))

    if kind == "continuous":
        m = w.continuous.search(f)
        after = f[m.end():]
        if cond and cond.start() >= m.end() and not after[: cond.start() - m.end()].strip(" ,"):
            return Deadline(text=squashed, kind="conditional")
        later = [t for t in dated if t.pos >= m.end()]
        start = None
        end = later[0].end if later else None
        if later and _FROM_BEFORE.search(f[: later[0].pos]):
            start, end = later[0].start, None
        return Deadline(text=squashed, kind="continuous", start=start, end=end)
    if kind == "recurring":
        return Deadline(text=squashed, kind="recurring", rrule=rrule)
    if kind != "dated":
        return Deadline(text=squashed, kind=kind)  # type: ignore[arg-type]
    return _dated(squashed, f, dated, w)


def _dated(squashed: str, f: str, dated: list[_Token], w: _Words) -> Deadline:
    """Kind by / period / continuous from the time tokens of a cell that starts with a time."""
    first = dated[0]
    before_first = f[: first.pos]
    # "Từ quý II/2027", "Năm 2026 và các năm tiếp theo": open-ended
    open_m = w.open_ended.search(f)
    if (open_m and open_m.start() >= first.endpos) or (
        _FROM_BEFORE.search(before_first) and not (len(dated) > 1 and _RANGE_LINK.match(f[first.endpos:dated[1].pos]))
    ):
        return Deadline(text=squashed, kind="continuous", start=first.start, end=None)
    # "Từ ngày 01/3/2025 đến ngày 30/6/2025": one period
    if (len(dated) == 2 and _FROM_BEFORE.search(before_first) and _RANGE_LINK.match(f[first.endpos:dated[1].pos])):
        return Deadline(text=squashed, kind="period", start=first.start, end=dated[1].end)

    by_ends: list[date | None] = []
    periods: list[_Token] = []
    prev_end = 0
    for tok in dated:
        lead = f[prev_end:tok.pos]
        prev_end = tok.endpos
        if tok.kind == "date":
            by_ends.append(tok.end)
        elif w.before.search(lead) and tok.start is not None:
            by_ends.append(tok.start - timedelta(days=1))
        elif w.by_before.search(lead):
            by_ends.append(tok.end)
        else:
            periods.append(tok)
    if by_ends:
        days = sorted({d for d in by_ends if d is not None})
        ends = days + [p.end for p in periods if p.end is not None]
        return Deadline(text=squashed, kind="by", end=max(ends) if ends else None, dates=days)
    starts = [p.start for p in periods if p.start is not None]
    ends = [p.end for p in periods if p.end is not None]
    return Deadline(text=squashed, kind="period", start=min(starts) if starts else None,
                    end=max(ends) if ends else None)
