"""Stage: KPI targets (chỉ tiêu) from prose and from "Chỉ tiêu" tables.

A target is a quantified objective: a percentage ("100% hồ sơ ...", "đạt tối
thiểu 80%", "trên 95% ...", a range "10 - 13%/năm" gives its lower bound) or a
count with a committing verb ("Thực hiện đầy đủ 02 hoạt động ...", "Cung cấp
982 dịch vụ công ...", "ít nhất 01 tin, bài").  Dates, durations, legal
references, baselines ("năm 2024 đạt 45%"), conditions ("dưới 10 hồ sơ/năm")
and scoring points are not targets.

Prose is read per paragraph.  Until the clean stage joins PDF-broken lines,
consecutive ``broken`` text blocks are joined here too (cheaply: a new
paragraph starts at a bullet, a numbered item or a heading), so the stage
works on both raw and cleaned blocks.  Tables with a value column ("Chỉ tiêu
năm 2025 (%)", one column per year) give one target per row and value column;
other tables (task tables) are read cell by cell like prose.

Vocabulary lives in data/target_words.json and data/indicators.json.
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
from .context import Context
from .header import title_years
from .models import Location, Target
from .numbers import NUMBER, parse_number

# ---------------------------------------------------------------- vocabulary


@cache
def _load(name: str) -> dict:
    return json.loads(resources.files("kehoach.data").joinpath(name).read_text(encoding="utf-8"))


@cache
def words() -> dict:
    """The target vocabulary (data/target_words.json)."""
    return _load("target_words.json")


def _alt(items: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


# How far around a count a clause is read: bounded, so that one huge paragraph stays linear.
_NEAR = 300    # characters before a number that can hold its comparator or a "not a count" word
_WINDOW = 600  # characters before / after a number that can hold its clause, unit and indicator


@cache
def _comparator_re() -> re.Pattern:
    """Comparator phrase that ends right before a number (search on the text before it)."""
    allw = [w for k, v in words()["comparators"].items() if not k.startswith("_") for w in v]
    return re.compile(rf"(?:^|(?<=[\s(,;:–-]))((?:{_alt(allw)})(?:\s+(?:{_alt(allw)}))*)\s*$", re.I)


@cache
def _comparator_map() -> dict[str, str]:
    out: dict[str, str] = {}
    for sym, ws in words()["comparators"].items():
        if sym.startswith("_"):
            continue
        for w in ws:
            out[w.lower()] = sym
    return out


def comparator_of(phrase: str) -> str:
    """The comparator symbol of a printed phrase ("tối thiểu" -> ">=", "trên" -> ">").

    For a chain ("phấn đấu đạt trên") the whole phrase is looked up first, then
    the strictest word in it decides ("trên" beats "đạt").
    """
    p = " ".join(phrase.lower().split())
    m = _comparator_map()
    if p in m:
        return m[p]
    syms = [m[w] for w in _split_known(p, m)]
    for s in (">", "<", "<=", ">="):
        if s in syms:
            return s
    return ">="


def _split_known(p: str, m: dict[str, str]) -> list[str]:
    toks, out, i = p.split(), [], 0
    while i < len(toks):
        for j in range(len(toks), i, -1):
            cand = " ".join(toks[i:j])
            if cand in m:
                out.append(cand)
                i = j
                break
        else:
            i += 1
    return out


@cache
def _wordlist_re(key: str, where: str = "any") -> re.Pattern:
    ws = words()[key]["words"]
    if where == "end":
        return re.compile(rf"(?:^|(?<=\W))(?:{_alt(ws)})\s*$", re.I)
    if where == "start":
        return re.compile(rf"^\s*(?:{_alt(ws)})(?=\W|$)[\s,]*", re.I)
    return re.compile(rf"(?:^|(?<=\W))(?:{_alt(ws)})(?=\W|$)", re.I)


@cache
def _units_re() -> re.Pattern:
    alt = _alt(words()['count_units']['words']).replace("/", r"\s*/\s*")
    return re.compile(rf"^(?:{alt})(?=[\s,.;:)]|$)", re.I)


@cache
def _not_units_re() -> re.Pattern:
    return re.compile(rf"^(?:{_alt(words()['not_count_units']['words'])})(?=[\s,.;:)/]|$)", re.I)


@cache
def _clause_stop_re() -> re.Pattern:
    """What ends the clause after a number besides ``_CLAUSE_END``: a cited document
    ("theo Quyết định số ..."), the time of the target ("ngay trong năm 2025": it goes to
    ``year``), a side clause (data: clause_stops)."""
    w = words()
    kinds = _alt(w["reference_kinds"]["words"])
    stops = [rf",\s*{re.escape(x[1:].strip())}\b" if x.startswith(",") else rf"\s{re.escape(x)}\b"
             for x in w["clause_stops"]["words"]]
    return re.compile(rf"\s(?:theo|tại)\s+(?:{kinds})\s+số\b"
                      rf"|\s(?:ngay\s+)?(?:trong|đến hết|đến|vào|cuối)\s+năm\s+(?:19|20)\d{{2}}\b"
                      rf"|{'|'.join(stops)}", re.I)


def _clause_end(s: str) -> Optional[re.Match]:
    """The earliest end of the clause that opens ``s`` (``_CLAUSE_END`` or ``_clause_stop_re``)."""
    a = _CLAUSE_END.search(s)
    b = _clause_stop_re().search(s)
    if a is None or (b is not None and b.start() < a.start()):
        return b
    return a


@cache
def _level_re() -> re.Pattern:
    return re.compile(rf"\s+(?:{_alt(words()['level_words']['words'])})\s*$", re.I)


@cache
def _rank_re() -> re.Pattern:
    return re.compile(rf"(?:^|(?<=\W))((?:{_alt(words()['rank_before']['words'])}))\s*$", re.I)


@cache
def _abbrev() -> list[tuple[re.Pattern, str]]:
    ab = {k: v for k, v in words()["abbreviations"].items() if not k.startswith("_")}
    return [(re.compile(rf"(?<!\w){re.escape(k)}(?!\w)"), v) for k, v in sorted(ab.items(), key=lambda x: -len(x[0]))]


@cache
def categories() -> list[dict]:
    """Indicator categories (data/indicators.json), phrases compiled."""
    out = []
    for c in _load("indicators.json")["categories"]:
        phrases = [re.compile(".*?".join(re.escape(norm_indicator(p)) for p in ph.split(" … ")), re.S)
                   for ph in c.get("phrases", [])]
        excl = [norm_indicator(x) for x in c.get("exclude", [])]
        out.append({"id": c["id"], "name": c.get("name"), "phrases": phrases, "exclude": excl})
    return out


# ---------------------------------------------------------------- patterns

_TONE_MAP = {"oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oé": "óe", "oè": "òe", "oẻ": "ỏe",
             "oẽ": "õe", "oẹ": "ọe", "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_OLD_TONE = lazyre.compile_regex("|".join(_TONE_MAP) + r"(?!\p{L})")

_PCT = lazyre.compile(rf"(?<![\d.,/\w])({NUMBER})(?:\s*%?\s*(?:-|–|đến|tới)\s*({NUMBER}))?\s*%")
_COUNT = lazyre.compile_regex(rf"(?<![\d.,/\w%-])(\d{{1,3}}(?:\.\d{{3}})+|\d+)(?![\d.,/%]\d?)\s+(?=\p{{L}})")
_SENT_SPLIT = lazyre.compile_regex(r"(?<=[.!?…])\s+(?=[\p{Lu}\d\-–+•(])")
_PARA_START = lazyre.compile_regex(
    r"^\s*(?:[-+•–*]\s|\d+(?:\.\d+)*[.)]\s|\d+\s+\p{Lu}|[a-zđ][.)]\s|[IVXLC]+[.)]?\s+\p{Lu}|STT\b|PHỤ LỤC|Phụ lục\b"
    r"|Nơi nhận|\p{Lu}{2,}\s+\p{Lu}{2,})")
_CLAUSE_END = lazyre.compile(r"[;:]|\.(?=\s|$)|\(|\s(?:để|nhằm|góp phần|trong đó|đồng thời|kèm theo)\s|,\s*(?:trong đó|góp phần|phấn đấu|phần đầu|đồng thời|từng bước)\b")
_PRE_CUT = lazyre.compile(r"[;:]|\.(?=\s|$)")
_ROW_PREFIX = lazyre.compile(r"^\s*(?:[-+•–*]\s*|\d+(?:\.\d+)*[.)]?\s+|[a-zđ]\)\s*|[IVXLC]+[.)]?\s+)+")
_YEAR_EXPLICIT = lazyre.compile(r"(?:trong|đến hết|đến|hết|vào|cuối|tới|từ)\s+năm\s+((?:19|20)\d{2})", re.I)
_YEAR_ANY = lazyre.compile_regex(r"(?<!tháng\s\d{1,2}\s)năm\s+((?:19|20)\d{2})(?!\s*[-–]\s*\d)", re.I)
_YEAR_BARE = lazyre.compile(r"(?<![\d/.])((?:19|20)\d{2})(?![\d/])")
_SCORING = lazyre.compile(r"\d\s*điểm\b|thang điểm|chấm điểm|điểm tối đa|\(điểm\)", re.I)
_CAPWORD = lazyre.compile_regex(r"^\s*(?:[-–+•(]|\p{Lu}\p{Ll})")
_POST_STOP = lazyre.compile(r"^\s*(?:trong năm|năm|so với|trở lên|trở xuống|vào năm|đến năm)\b", re.I)
_POST_STOP_DAT = lazyre.compile(r"^\s*(?:kế hoạch|chỉ tiêu|mục tiêu)\b", re.I)
_LEAD_TIME = lazyre.compile(r"^(?:(?:phấn đấu|phần đầu|bảo đảm|đảm bảo|đến hết|đến|tới|trong|hết|vào|cuối)\s+)*năm\s+"
                        r"(?:19|20)\d{2}\s*[,:]?\s*", re.I)
_SKIP_ROLES = {"noise", "stamp", "header", "signature", "recipients", "footnote"}
# compiled once (these run for every sentence / number; a module-level call pays a cache lookup each time)
_LEAD_PLURAL = lazyre.compile(r"^(?:các|những)\s+")
_PHAI = lazyre.compile(r"(?<!không)\s+phải\s+")
_SPACES = lazyre.compile(r"\s+")
_YEAR_WORD = lazyre.compile(r"năm\s+((?:19|20)\d{2})", re.I)
_UNTIL_YEAR = lazyre.compile(r"(?:đến|hết|trong)\s+năm\s+\d{4}", re.I)
_PER_YEAR_START = lazyre.compile(r"^\s*/\s*năm\b")
_DAT = lazyre.compile(r"\bđạt\b", re.I)
_UNIT_SLASH = lazyre.compile(r"\s*/\s*")
_LOWER_WORDS = lazyre.compile_regex(r"^(\p{Ll}+(?:\s+\p{Ll}+)?)")
_PER_PERIOD = lazyre.compile(r"^\s*/\s*(?:năm|tháng|ngày|quý)")
_TRAIL_CONJ = lazyre.compile(r"(?:\s+(?:và|hoặc|với))+\s*$", re.I)


def norm_indicator(text: str) -> str:
    """Indicator text for category matching: abbreviations expanded, lower case,
    old-style tone marks ("hoá") in the modern place ("hóa"), single spaces."""
    s = text
    for pat, rep in _abbrev():
        s = pat.sub(rep, s)
    s = s.lower().replace("tỉ lệ", "tỷ lệ")
    s = _OLD_TONE.sub(lambda m: _TONE_MAP[m.group(0)], s)
    return " ".join(s.split())


def category_of(indicator: str) -> Optional[str]:
    """The canonical category id of an indicator, or None."""
    s = norm_indicator(indicator)
    for c in categories():
        if any(x in s for x in c["exclude"]):
            continue
        if any(p.search(s) for p in c["phrases"]):
            return c["id"]
    return None


# ---------------------------------------------------------------- paragraphs


@dataclass
class _Para:
    """A paragraph of prose: its text and, per joined block, (offset, block, index)."""

    text: str = ""
    spans: list[tuple[int, Block, int]] = field(default_factory=list)

    def add(self, block: Block, idx: int, text: str) -> None:
        if self.text:
            self.text += " "
        self.spans.append((len(self.text), block, idx))
        self.text += text

    def at(self, offset: int) -> tuple[Block, int]:
        cur = self.spans[0]
        for sp in self.spans:
            if sp[0] <= offset:
                cur = sp
        return cur[1], cur[2]


def _paragraphs(ctx: Context):
    """Yield prose paragraphs and table blocks in order: ("para", _Para) / ("table", (block, idx))."""
    para: _Para | None = None
    last_broken = False
    for i, b in enumerate(ctx.blocks):
        if b.kind == "table":
            if para:
                yield "para", para
                para = None
            yield "table", (b, i)
            continue
        if b.role in _SKIP_ROLES or not b.text.strip():
            continue
        t = b.text.strip()
        if para is not None and b.broken and last_broken and not b.heading and not _PARA_START.match(t):
            para.add(b, i, t)
        else:
            if para:
                yield "para", para
            para = _Para()
            para.add(b, i, t)
        last_broken = b.broken
    if para:
        yield "para", para


def _sentences(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in _SENT_SPLIT.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(o, s) for o, s in out if s.strip()]


# ---------------------------------------------------------------- extraction core


@dataclass
class _Found:
    value: float
    unit: str
    comparator: str
    indicator: str
    text: str
    year: Optional[int]
    offset: int            # offset of the number inside the paragraph / cell text


def _clean_indicator(s: str) -> str:
    s = _ROW_PREFIX.sub("", s.strip())
    s = _LEAD_TIME.sub("", s)
    s = _wordlist_re("lead_words", "start").sub("", s)
    s = _wordlist_re("lead_words", "start").sub("", s)
    s = _LEAD_PLURAL.sub("", s)
    s = _PHAI.sub(" ", s)
    s = _SPACES.sub(" ", s).strip(" ,;:.-–")
    return _TRAIL_CONJ.sub("", s).strip(" ,;:.-–")


def _year_of(sentence: str, plan_year: Optional[int]) -> Optional[int]:
    m = _YEAR_EXPLICIT.search(sentence)
    if m:
        return int(m.group(1))
    for m in _YEAR_ANY.finditer(sentence):
        y = int(m.group(1))
        if plan_year is None or y >= plan_year:
            return y
    return plan_year


def _year_near(text: str, lo: int, start: int, end: int, hi: int, plan_year: Optional[int]) -> Optional[int]:
    """The year of the number at ``text[start:end]``: the last year named in its own stretch
    before it (from ``lo``, the end of the previous number), else the first in its clause after
    it (up to ``hi``), else the sentence's year.  "đến năm 2030 đạt ít nhất 50% ..., riêng năm
    2025 phấn đấu ít nhất 20% ..." gives 2030 and 2025."""
    pre = text[lo:start]
    found = [int(m.group(1)) for m in _YEAR_EXPLICIT.finditer(pre)]
    if not found:
        # after a previous number any year counts ("..., riêng năm 2025 phấn đấu 20%"); from the
        # sentence start only the plan's year or later (an earlier one is a reference or a baseline)
        years = [int(m.group(1)) for m in _YEAR_ANY.finditer(pre)]
        found = [y for y in years if lo or plan_year is None or y >= plan_year]
    if found:
        return found[-1]
    post = text[end:hi]
    ce = _clause_end(post)
    post = post[:ce.end()] if ce else post
    m = _YEAR_EXPLICIT.search(post)
    if m:
        return int(m.group(1))
    return _year_of(text, plan_year)


def _shared_predicate(text: str, pct: list, k: int, post: str) -> str:
    """``post`` of the k-th percentage when it runs into "và <next number>": the trailing "và"
    dropped and, when it names no predicate of its own, the next number's predicate added
    ("80% số trạm y tế và 100% cơ sở ... đủ điều kiện xác định ..." -> "số trạm y tế ... đủ
    điều kiện xác định ...")."""
    tm = _TRAIL_CONJ.search(post)
    if not tm or k + 1 >= len(pct):
        return post
    head = post[:tm.start()]
    pred = _wordlist_re("shared_predicates")
    if pred.search(head):
        return head
    hi = pct[k + 2].start() if k + 2 < len(pct) else len(text)
    nxt = text[pct[k + 1].end():hi]
    ce = _clause_end(nxt)
    nxt = nxt[:ce.start()] if ce else nxt
    pm = pred.search(nxt)
    return head + " " + nxt[pm.start():] if pm else head


def _is_baseline(pre: str, plan_year: Optional[int]) -> bool:
    tail = " ".join(pre.split()[-8:])
    if _wordlist_re("baseline_words").search(tail):
        return True
    if plan_year:
        m = list(_YEAR_WORD.finditer(tail))
        if m and int(m[-1].group(1)) < plan_year and not _UNTIL_YEAR.search(tail):
            # "riêng năm 2025 phấn đấu ít nhất 20%": a goal for that earlier year, not a baseline
            return not _wordlist_re("year_goal_words").search(tail[m[-1].end():])
    return False


def _find_in_text(text: str, plan_year: Optional[int], prev_sentence: str = "") -> list[_Found]:
    """Targets in one sentence (or table cell sentence)."""
    out: list[_Found] = []
    if _SCORING.search(text):
        return out
    pct = list(_PCT.finditer(text))
    starts = [m.start() for m in pct]
    for k, m in enumerate(pct):
        v = parse_number(m.group(1))
        if v is None:
            continue
        before = text[:m.start()]
        cm = _comparator_re().search(before)
        comp_phrase = cm.group(1) if cm else ""
        comp_start = cm.start(1) if cm else len(before)
        # clause before the comparator: back to ; : . or the previous percentage
        lo = 0
        if k:
            lo = pct[k - 1].end()
        pre_full = text[lo:comp_start]
        cuts = list(_PRE_CUT.finditer(pre_full))
        pre = pre_full[cuts[-1].end():] if cuts else pre_full
        if k and not cuts and _needs_pre(text, pct, k):
            # "ít nhất 80% nhiệm vụ ..., đóng góp tăng hiệu quả tối thiểu 15%": the words after
            # the last comma between the two numbers name the second one
            pre = _after_last_comma(pre)
        if _is_baseline(text[lo:m.start()], plan_year):
            continue
        # clause after the number
        hi = starts[k + 1] if k + 1 < len(starts) else len(text)
        post_full = text[m.end():hi]
        if k + 1 < len(starts):
            cm2 = _comparator_re().search(post_full)
            if cm2:
                post_full = post_full[:cm2.start(1)]
        ce = _clause_end(post_full)
        post = post_full[:ce.start()] if ce else post_full
        if not ce and k + 1 < len(starts):
            post = _shared_predicate(text, pct, k, post)
        if k + 1 < len(starts) and not _PRE_CUT.search(text[m.end():hi]) and _needs_pre(text, pct, k + 1):
            post = _before_last_comma(post)
        post = _PER_YEAR_START.sub("", post)
        comparator = comparator_of(comp_phrase) if comp_phrase else ">="
        if m.group(2):
            comparator = ">="
        pre_clean = _clean_indicator(pre)
        post_ok = (len(post.split()) >= 2 and not _CAPWORD.match(post)
                   and not _POST_STOP.match(post)
                   and not (_DAT.search(comp_phrase) and _POST_STOP_DAT.match(post)))
        use_pre = not post_ok and bool(pre_clean or prev_sentence)
        sent_text = text
        if use_pre:
            indicator = _level_indicator(pre_clean)
            if not indicator and prev_sentence:
                indicator = _clean_indicator(prev_sentence)
                sent_text = prev_sentence + " " + text
        else:
            indicator = _clean_indicator(post)
            cv = _wordlist_re("change_verbs", "end").search(text[lo:comp_start])
            if cv:
                indicator = cv.group(0).strip().lower() + " " + indicator
            elif comp_phrase and (iv := _wordlist_re("indicator_verbs", "end").search(comp_phrase)):
                indicator = iv.group(0).strip().lower() + " " + indicator
        if not indicator:
            continue
        out.append(_Found(v, "%", comparator, indicator[:300], sent_text.strip(),
                          _year_near(text, lo, m.start(), m.end(), hi, plan_year), m.start()))
    out.extend(_counts_in_text(text, plan_year, [(m.start(), m.end()) for m in pct]))
    return out


def _needs_pre(text: str, pct: list, k: int) -> bool:
    """Does the k-th percentage of a sentence take its indicator from the words before it
    (nothing measurable follows it)?"""
    hi = pct[k + 1].start() if k + 1 < len(pct) else len(text)
    post = text[pct[k].end():hi]
    ce = _clause_end(post)
    post = _PER_YEAR_START.sub("", post[:ce.start()] if ce else post)
    return len(post.split()) < 2 or bool(_CAPWORD.match(post)) or bool(_POST_STOP.match(post))


def _level_indicator(pre: str) -> str:
    """"Giảm tỷ lệ suy dinh dưỡng ... xuống" (before "dưới 21,5%") -> "tỷ lệ suy dinh dưỡng ...":
    the number is the level reached, so neither the change verb nor "xuống" is measured."""
    lm = _level_re().search(pre)
    if not lm:
        return pre
    head = pre[:lm.start()]
    cv = re.match(rf"^\s*(?:{_alt(words()['change_verbs']['words'])})\s+", head, re.I)
    return _clean_indicator(head[cv.end():] if cv else head)


def _after_last_comma(pre: str) -> str:
    head, sep, tail = pre.rpartition(", ")
    return tail if sep and len(tail.split()) >= 2 and len(head.split()) >= 2 else pre


def _before_last_comma(post: str) -> str:
    head, sep, tail = post.rpartition(", ")
    return head if sep and len(tail.split()) >= 2 and len(head.split()) >= 2 else post


def _counts_in_text(text: str, plan_year: Optional[int], taken: list[tuple[int, int]]) -> list[_Found]:
    out = []
    for m in _COUNT.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        raw = m.group(1)
        v = parse_number(raw)
        if v is None or v <= 0 or v != int(v) or 1900 <= v <= 2100:
            continue
        nxt = min((a for a, _ in taken if a > m.end()), default=len(text))
        after = text[m.end():min(m.end() + _WINDOW, nxt)]  # unit and indicator follow the number closely
        if _not_units_re().match(after):
            continue
        um = _units_re().match(after)
        if um:
            unit = _UNIT_SLASH.sub("/", um.group(0))
        else:
            w = _LOWER_WORDS.match(after)
            if not w:
                continue
            unit = w.group(1)
        rest = after[um.end() if um else len(unit):]
        if rest.startswith("/") and not um:
            continue
        if _PER_PERIOD.match(rest):
            continue
        before = text[max(0, m.start() - _WINDOW):m.start()]
        near = before[-_NEAR:]
        if _wordlist_re("not_count_before", "end").search(near):
            continue
        cuts = list(_PRE_CUT.finditer(before))
        clause = before[cuts[-1].end():] if cuts else before
        cm = _comparator_re().search(near)
        rank = _rank_re().search(near)
        if not _wordlist_re("count_verbs").search(clause):   # ranks too: award criteria are no targets
            continue
        if _is_baseline(clause, plan_year):
            continue
        ce = _clause_end(after)
        indicator = _clean_indicator(after[:ce.start()] if ce else after)
        comparator = comparator_of(cm.group(1)) if cm else ">="
        if rank:
            # "Phấn đấu <chỉ số> nằm trong nhóm 15 tỉnh, thành phố dẫn đầu": a rank, at most 15
            rank_at = len(before) - len(near) + rank.start(1)          # offset in ``before``
            ranked = _clean_indicator(before[len(before) - len(clause):rank_at])
            indicator = " ".join(x for x in (ranked, rank.group(1).lower(), indicator) if x)
            comparator = "<="
        out.append(_Found(v, unit, comparator, indicator[:300], text.strip(), _year_of(text, plan_year), m.start()))
    return out


# ---------------------------------------------------------------- prose


def _prose(ctx: Context, para: _Para, plan_year: Optional[int]) -> None:
    prev = ""
    for off, sent in _sentences(para.text):
        for f in _find_in_text(sent, plan_year, prev):
            block, idx = para.at(off + f.offset)
            _add(ctx, f, block, idx)
        prev = sent


def _add(ctx: Context, f: _Found, block: Block, idx: int, row: Row | None = None,
         agencies: list[str] | None = None) -> None:
    section = ctx.section_of[idx] if idx < len(ctx.section_of) else None
    if row is not None:
        src = Location(page=row.page if row.page is not None else block.page,
                       line=row.line if row.line is not None else block.line, pages=list(row.pages))
    else:
        src = Location(page=block.page, line=block.line)
    ctx.targets.append(Target(
        indicator=f.indicator, value=f.value, unit=f.unit, comparator=f.comparator,  # type: ignore[arg-type]
        text=" ".join(f.text.split()), year=f.year,
        category=category_of(f.indicator) if f.unit == "%" else None,
        section=section, source=src, agencies=agencies or []))


# ---------------------------------------------------------------- tables

_ROMAN_OR_NUM = lazyre.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]?\s*$")


def _cell_text(s: str) -> str:
    return " ".join(s.split())


def _header_rows(block: Block) -> int:
    n = 0
    for r in block.rows[:4]:
        texts = [c.text.strip() for c in r.cells if c.text.strip()]
        if not texts:
            n += 1
            continue
        if r.header:
            n += 1
            continue
        if _ROMAN_OR_NUM.match(texts[0]) or any("%" in t and re.search(r"\d", t) for t in texts):
            break
        low = " ".join(texts).lower()
        if any(h in low for h in ("stt", "nhiệm vụ", "nội dung", "chỉ tiêu", "năm 20", "cơ quan", "thời gian")):
            n += 1
            continue
        break
    return n


def _col_headers(block: Block, nh: int) -> list[str]:
    heads = [""] * max(block.ncols, 1)
    for r in block.rows[:nh]:
        for c in r.cells:
            for col in range(c.col, min(c.col + c.span, len(heads))):
                if c.text.strip() and c.text.strip() not in heads[col]:
                    heads[col] = (heads[col] + " " + _cell_text(c.text)).strip()
    return heads


def _split_agencies(s: str) -> list[str]:
    out = []
    for part in re.split(r"\n|;", s):
        p = re.sub(r"^\s*[-+•–*]\s*", "", part).strip(" .;,")
        if p:
            out.append(p)
    return out


def _table(ctx: Context, block: Block, idx: int, plan_year: Optional[int]) -> None:
    nh = _header_rows(block)
    heads = [h.lower() for h in _col_headers(block, nh)] if nh else []
    if any("điểm" in h.split() for h in heads):
        return  # an evaluation / scoring table
    w = words()
    not_value = ("thời gian", "thời hạn", "căn cứ", "nội dung", "nhiệm vụ")
    value_cols = [j for j, h in enumerate(heads)
                  if ("(%)" in h or re.search(r"\b(?:19|20)\d{2}\b", h)) and not any(x in h for x in not_value)]
    if not value_cols and any(("nhiệm vụ" in h or "nội dung" in h) for h in heads):
        value_cols = [j for j, h in enumerate(heads) if h.startswith(("chỉ tiêu", "mục tiêu"))]
    ind_cols = [j for j, h in enumerate(heads) if j not in value_cols
                and any(x in h for x in w["table_indicator_headers"])]
    agency_cols = [j for j, h in enumerate(heads) if any(x in h for x in w["table_agency_headers"])]
    unit_cols = [j for j, h in enumerate(heads) if any(x in h for x in w.get("table_unit_headers", ()))]
    agency_cols = [j for j in agency_cols if j not in unit_cols]
    ind_cols = [j for j in ind_cols if j not in unit_cols]
    if value_cols and ind_cols:
        ind_col = ind_cols[0]
        for r in block.rows[nh:]:
            ind_cell = r.cell_at(ind_col)
            indicator = _clean_indicator(_cell_text(ind_cell.text)) if ind_cell else ""
            if not indicator:
                continue
            row_text = " ".join(_cell_text(c.text) for c in r.cells if c.text.strip())
            if _SCORING.search(row_text):
                continue
            agencies = [a for j in agency_cols if (c := r.cell_at(j)) for a in _split_agencies(c.text)]
            unit_cell = next((_cell_text(c.text) for j in unit_cols if (c := r.cell_at(j)) and c.text.strip()), "")
            for j in value_cols:
                c = r.cell_at(j)
                if c is None or c.col != j or not c.text.strip():
                    continue
                f = _table_value(_cell_text(c.text), heads[j], indicator, row_text, plan_year, unit_cell)
                if f:
                    _add(ctx, f, block, idx, row=r, agencies=agencies)
        return
    # any other table: read each cell like prose, with the row as text
    skip = set(agency_cols) | {j for j, h in enumerate(heads)
                               if any(x in h for x in ("thời gian", "thời hạn", "tiến độ", "căn cứ", "stt"))}
    for r in block.rows[nh:]:
        row_text = " ".join(_cell_text(c.text) for c in r.cells if c.text.strip())
        agencies = [a for j in agency_cols if (c := r.cell_at(j)) and c.col == j for a in _split_agencies(c.text)]
        for c in r.cells:
            if c.col in skip or not c.text.strip():
                continue
            for _, sent in _sentences(_cell_text(c.text)):
                for f in _find_in_text(sent, plan_year):
                    f.text = row_text
                    _add(ctx, f, block, idx, row=r, agencies=agencies)


def _table_value(cell: str, head: str, indicator: str, row_text: str, plan_year: Optional[int],
                 unit_cell: str = "") -> Optional[_Found]:
    """The target of one value cell; ``unit_cell`` is the row's "Đơn vị tính" cell, if any."""
    m = re.search(rf"({NUMBER})(?:\s*%?\s*(?:-|–|đến)\s*({NUMBER}))?\s*(%?)", cell)
    if not m:
        return None
    v = parse_number(m.group(1))
    if v is None:
        return None
    unit_cell = unit_cell.strip(" .()")
    unit = "%" if (m.group(3) or "%" in head or unit_cell == "%") else ""
    if not unit and unit_cell and not _not_units_re().match(unit_cell) and len(unit_cell.split()) <= 4:
        unit = unit_cell.lower()
    if not unit:
        after = cell[m.end():].strip()
        um = _units_re().match(after)
        unit = um.group(0) if um else (after.split()[0] if after.split() else "")
        if not unit or _not_units_re().match(unit):
            return None
    cm = _comparator_re().search(cell[:m.start()])
    comparator = ">=" if (m.group(2) or not cm) else comparator_of(cm.group(1))
    ym = _YEAR_BARE.search(head)
    year = int(ym.group(1)) if ym else _year_of(indicator, plan_year)
    return _Found(v, unit, comparator, indicator[:300], row_text, year, 0)


# ---------------------------------------------------------------- entry point

_TITLE_YEAR = lazyre.compile_regex(r"(?<!tháng\s{1,3}\d{1,2}\s{1,3})năm\s+((?:19|20)\d{2})(?!\s*[-–]\s*\d)", re.I)


_HEADING_LIKE = lazyre.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+\S")
_HEADING_LABEL = lazyre.compile(r"^\s*(?:(?P<roman>[IVXLC]+)|(?P<num>\d+(?:\.\d+)*)|(?P<letter>[a-zđ]))[.)]\s")


def _heading_level(text: str, markdown_level: int) -> int:
    """Depth of a heading from its label: "I." 1, "1." 2, "1.1." 3, "a)" 5; a bare
    markdown / Word heading by its own level."""
    m = _HEADING_LABEL.match(text)
    if not m:
        return markdown_level or 1
    if m.group("roman"):
        return 1
    if m.group("num"):
        return 1 + m.group("num").count(".") + 1
    return 5


def _heading_year(para: _Para, default: Optional[int]) -> tuple[bool, Optional[int]]:
    """Is this paragraph a heading, and which year does it name?
    ("2. Mục tiêu tổng quát đến năm 2030" -> 2030; a heading naming no year -> ``default``)."""
    t = para.text.strip()
    b = para.spans[0][1]
    if len(t) > 160 or t.endswith((".", ";")) or not (b.heading or _HEADING_LIKE.match(t)):
        return False, default
    m = _YEAR_EXPLICIT.search(t)
    return True, int(m.group(1)) if m else default


class _YearScope:
    """The year the paragraphs under the current headings mean: a heading that names a year
    ("I. MỤC TIÊU ĐẾN NĂM 2030") sets it for everything below it, sub-headings included
    ("1. Phát triển hạ tầng dữ liệu"), until a heading of the same or a higher level."""

    def __init__(self, default: Optional[int]) -> None:
        self.default = default
        self.stack: list[tuple[int, int]] = []    # (level, year) of the open year-naming headings

    def heading(self, para: _Para) -> bool:
        t = para.text.strip()
        is_heading, year = _heading_year(para, None)
        if not is_heading:
            return False
        level = _heading_level(t, para.spans[0][1].heading)
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        if year is not None:
            self.stack.append((level, year))
        return True

    @property
    def year(self) -> Optional[int]:
        return self.stack[-1][1] if self.stack else self.default


def plan_year(ctx: Context) -> Optional[int]:
    """The year a target means when neither its sentence nor a heading above it names one.

    * a plan for one year ("... năm 2025"): that year;
    * a plan "đến năm 2030": 2030 (the title is the outermost heading, read like "I. MỤC TIÊU ĐẾN
      NĂM 2030");
    * a plan over a period ("giai đoạn 2022-2025"): none.  Its targets hold for every year of the
      period ("100% văn bản được ký số", "tối thiểu 98% hồ sơ ... hằng năm"), not for one of them (the
      hand-checked gold of the 2026-2030 Lâm Đồng plan has null there); the period itself is on the
      document (``period_start``/``period_end``);
    * a title that names no year: the year of the document's date, else the first "năm YYYY" of
      the opening blocks (not a date, a legal basis or the Số line), read by the same rule.

    The title is read by :func:`kehoach.header.title_years`, the rule that also sets
    ``document.year``, in any letter case: the answer depends on the document only.
    """
    d = ctx.document
    for text in (d.plan_title, d.title):
        ty = title_years(text)
        if ty is not None:
            return None if ty.kind == "period" else ty.end
    if ctx.year:
        return ctx.year
    n = 0
    for b in ctx.blocks:
        if b.kind != "text":
            continue
        n += 1
        if n > 30:
            break
        t = b.text.strip()
        if t.lower().startswith(("căn cứ", "thực hiện", "số:")) or re.search(r"ngày\s+\d", t):
            continue
        if _TITLE_YEAR.search(t):
            ty = title_years(t)
            if ty is not None:
                return None if ty.kind == "period" else ty.end
    return None


def run(ctx: Context) -> None:
    """Fill ``ctx.targets`` from the prose paragraphs and tables of ``ctx.blocks``."""
    pyear = plan_year(ctx)
    scope = _YearScope(pyear)
    for kind, item in _paragraphs(ctx):
        if kind == "table":
            block, idx = item
            _table(ctx, block, idx, pyear)
        else:
            scope.heading(item)
            _prose(ctx, item, scope.year)
