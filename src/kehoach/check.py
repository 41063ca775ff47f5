"""Validation rules a drafting office or a CI job runs on a plan before it is published
(``kehoach check``).

``check(plan)`` returns a list of :class:`Finding`: a stable rule code, a severity
(error | warning | info), a message in Vietnamese and English and the location
(page, line) of the record it concerns.  The rules, their severities and messages
live in ``data/check_rules.json``; this module only decides *when* a rule fires.

Which records each rule looks at is chosen to give true, useful findings rather than
noise: agency and deadline completeness is asked of assignment-table rows only
(prose paragraphs under "Tổ chức thực hiện" have no deadline column to fill), and
prose deadlines are checked only where a sentence prints an explicit last day with a
year ("trước ngày 15 tháng 01 năm 2024").  The rules work on the public records of a
:class:`~kehoach.models.Plan` only, so they run the same on a JSON file read back.
"""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, Iterable, Literal, Optional

from pydantic import BaseModel, Field

from . import lazyre
from .models import Deadline, Plan, Section, Target, Task

__all__ = ["Finding", "FindingSource", "check", "rules", "failed", "SEVERITIES"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


class FindingSource(BaseModel):
    """Where the finding points: page (PDF/DOCX when known) and line of ``kehoach text FILE``."""

    page: Optional[int] = None
    line: Optional[int] = None


class Finding(BaseModel):
    """One rule violation in one document."""

    code: str
    severity: Severity
    message_vi: str
    message_en: str
    source: FindingSource = Field(default_factory=FindingSource)
    record: dict[str, Any] = Field(default_factory=dict, description="the record concerned: type, ref, ...")


# --- vocabulary ------------------------------------------------------------------------------


@cache
def _data() -> dict:
    """data/check_rules.json, loaded once."""
    return json.loads(resources.files("kehoach.data").joinpath("check_rules.json").read_text("utf-8"))


def rules() -> dict[str, dict]:
    """Rule code -> {severity, applies_to, vi, en} (what the README documents)."""
    return _data()["rules"]


@cache
def _deferral_re() -> re.Pattern:
    """A deadline cell that defers to another document ("Theo Kế hoạch ...", "được kết hợp ...")."""
    words = sorted(_data()["deferral_phrases"], key=len, reverse=True)
    return re.compile(r"^\W*(?:" + "|".join(re.escape(w) for w in words) + r")\b|\b(?:"
                      + "|".join(re.escape(w) for w in words if len(w.split()) > 1) + r")\b", re.I)


@cache
def _prose_deadline_re() -> re.Pattern:
    """'trước ngày ... / chậm nhất ...' in a sentence, up to the end of the clause."""
    words = sorted(_data()["prose_deadline_phrases"], key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(w) for w in words) + r")\b[^;:()]{0,60}", re.I)


@cache
def _letter_index() -> dict[str, int]:
    return {ch: i + 1 for i, ch in enumerate(_data()["letters"])}


_YEAR = lazyre.compile(r"\b(?:19|20)\d\d\b")
_CLAUSE_END = lazyre.compile(r"\.(?:\s|$)")
# "số 4329/UBND-NC ngày 02 tháng 12 năm 2024", "Quyết định 1441/QĐ-UBND ngày 25/9/2025"
_CITED = lazyre.compile(
    r"\b\d+(?:/\d{4})?/[A-ZĐ][\w.\-]*(?:/[\w.\-]+)?\s*,?\s*(?:của\s+[^,;]{0,40}?\s+)?ngày\s+(\d{1,2})\s*"
    r"(?:[/.\-]|\s+tháng\s+)\s*(\d{1,2})\s*(?:[/.\-]|,?\s+năm\s+)\s*(\d{4})\b")
_DOC_NUMBER = lazyre.compile(r"\b\d+(?:/\d{4})?/[A-ZĐ]")
_PERIOD_RANGE = lazyre.compile(r"\b((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)\b")
_PERIOD_YEAR = lazyre.compile(r"\bnăm\s+((?:19|20)\d\d)\b", re.I)
# numbering that may legitimately start above 1: an appendix issued as its own file ("Phụ lục II")
_FREE_START = frozenset({"phụ lục"})
_LABEL_WORD = lazyre.compile(r"^(điều|phần|chương|mục|phụ lục)\s*(.*)$", re.I)


# --- helpers ---------------------------------------------------------------------------------


def _roman(s: str) -> Optional[int]:
    """Value of an upper-case Roman numeral (section numbers), else None."""
    from .sections import roman_value

    return roman_value(s)


def number_of(label: str) -> Optional[tuple[str, int]]:
    """(numbering scheme, value) of a heading label or STT component: "II." -> ("roman", 2),
    "3." -> ("arabic", 3), "1.2." -> ("arabic.1", 2), "đ)" -> ("letter", 5), "Điều 4." ->
    ("điều", 4), "Phụ lục II" -> ("phụ lục", 2), "B." -> ("upper", 2).  None when the label
    carries no number ("PHỤ LỤC")."""
    s = label.strip().rstrip(".):").strip()
    if not s:
        return None
    m = _LABEL_WORD.match(s)
    if m:
        rest = m.group(2).strip().rstrip(".):")
        inner = number_of(rest) if rest else None
        return (m.group(1).lower(), inner[1]) if inner else None
    if s.isdigit():
        return "arabic", int(s)
    parts = s.split(".")
    if len(parts) > 1 and all(p.isdigit() for p in parts):
        return f"arabic.{len(parts) - 1}", int(parts[-1])
    r = _roman(s)
    if r is not None:
        return "roman", r
    if s in _letter_index():
        return "letter", _letter_index()[s]
    if len(s) == 1 and "A" <= s <= "Z":
        return "upper", ord(s) - ord("A") + 1
    return None


def _name(scheme: str, value: int) -> str:
    """The printed form of number ``value`` in ``scheme`` (for "missing ..." messages)."""
    if scheme == "roman":
        out, n = "", value
        for v, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while n >= v:
                out, n = out + sym, n - v
        return out
    if scheme == "letter":
        letters = _data()["letters"]
        return letters[value - 1] if 0 < value <= len(letters) else str(value)
    if scheme == "upper":
        return chr(ord("A") + value - 1)
    return str(value)


def _finding(code: str, src: Any, record: dict[str, Any], **params: Any) -> Finding:
    """A finding of rule ``code`` with its messages filled from ``params``."""
    r = rules()[code]
    p = {k: ("" if v is None else v) for k, v in params.items()}
    return Finding(code=code, severity=r["severity"], message_vi=r["vi"].format(**p), message_en=r["en"].format(**p),
                   source=FindingSource(page=getattr(src, "page", None), line=getattr(src, "line", None)),
                   record=record)


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _task_record(t: Task) -> dict[str, Any]:
    return {"type": "task", "ref": t.ref, "origin": t.origin, "content": _short(t.content),
            "deadline": t.deadline.text, "lead": t.lead}


def _ref(t: Task) -> str:
    """The task's STT path, else its line (prose tasks and rows without STT)."""
    if t.ref:
        return t.ref
    return f"(line {t.source.line})" if t.source.line else "?"


def _fmt_value(v: float) -> str:
    return f"{v:g}".replace(".", ",")


# --- document --------------------------------------------------------------------------------


def _document_rules(plan: Plan) -> list[Finding]:
    d = plan.document
    out = []
    rec = {"type": "document", "doc_type": d.doc_type, "number": d.number, "date": d.date.isoformat() if d.date else None}
    if d.doc_type is None and not plan.tasks and not plan.sections:
        return out  # not a plan document at all: nothing to number
    if not d.number:
        out.append(_finding("DOC_UNNUMBERED", d.source, rec))
    if not d.date:
        out.append(_finding("DOC_UNDATED", d.source, rec))
    return out


# --- tasks: lead and deadline ----------------------------------------------------------------


def _is_deferral(text: str) -> bool:
    return bool(_deferral_re().search(text))


def _task_rules(plan: Plan) -> list[Finding]:
    out = []
    table = [t for t in plan.tasks if t.origin == "table"]
    with_deadline = sum(1 for t in table if t.deadline.text)
    for t in table:
        rec = _task_record(t)
        if not t.lead:
            out.append(_finding("TASK_NO_LEAD", t.source, rec, ref=_ref(t)))
        dl = t.deadline
        if not dl.text:
            if with_deadline:  # a table without a deadline column is not a per-row slip
                out.append(_finding("TASK_NO_DEADLINE", t.source, rec, ref=_ref(t)))
        elif dl.kind == "unspecified" and not _is_deferral(dl.text):
            out.append(_finding("TASK_DEADLINE_UNRECOGNISED", t.source, rec, ref=_ref(t), text=_short(dl.text)))
    return out


# --- deadlines against the issue date and the plan's period -----------------------------------


def _cited_dates(plan: Plan) -> list[date]:
    """Dates of the documents the plan cites (legal bases; "số X/Y ngày ..." in tasks and targets):
    a plan cannot be issued before a document it cites."""
    out = [b.date for b in plan.document.legal_bases if b.date]
    texts: list[str] = []
    for t in plan.tasks:
        texts += [t.content, t.deadline.text or "", t.output or "", *t.lead, *t.support]
    texts += [g.text for g in plan.targets]
    for text in texts:
        for m in _CITED.finditer(text):
            try:
                out.append(date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
            except ValueError:
                continue
    return out


def issue_bound(plan: Plan) -> tuple[Optional[date], str]:
    """The earliest day the plan can be issued: its date, else the latest date it cites.
    Returns (day or None, "issue_date" | "cited_date")."""
    if plan.document.date:
        return plan.document.date, "issue_date"
    cited = _cited_dates(plan)
    return (max(cited), "cited_date") if cited else (None, "cited_date")


def plan_period(plan: Plan) -> Optional[tuple[date, date]]:
    """The period the plan is for: "giai đoạn 2026-2030" in its title, else "năm 2025", else the year."""
    d = plan.document
    for title in (d.plan_title, d.title):
        if not title:
            continue
        m = _PERIOD_RANGE.search(title)
        if m and int(m.group(1)) <= int(m.group(2)):
            return date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31)
        m = _PERIOD_YEAR.search(title)
        if m:
            y = int(m.group(1))
            return date(y, 1, 1), date(y, 12, 31)
    if d.year:
        return date(d.year, 1, 1), date(d.year, 12, 31)
    return None


def _prose_deadlines(t: Task, year: Optional[int]) -> list[Deadline]:
    """Explicit last days with a year printed in a prose task ("... trước ngày 15 tháng 01 năm 2024")."""
    from .deadlines import parse_deadline

    out = []
    for m in _prose_deadline_re().finditer(t.content):
        clause = _CLAUSE_END.split(m.group(0))[0]
        years = list(_YEAR.finditer(clause))
        if not years:
            continue
        clause = clause[: years[-1].end()]  # "trước ngày 15 tháng 01 năm 2024", without what follows
        if _DOC_NUMBER.search(clause):
            continue  # "trước ngày Nghị định 09/2019/NĐ-CP ngày 24/01/2019 hết hiệu lực": a cited date
        dl = parse_deadline(clause, year)
        if dl.kind == "by" and dl.end:
            out.append(dl)
    return out


def _checked_deadlines(plan: Plan) -> Iterable[tuple[Task, Deadline]]:
    """The deadlines whose dates the rules trust: table cells that are a day or period, and
    explicit prose deadlines."""
    year = plan.document.year
    seen: set[tuple[Optional[int], date]] = set()
    for t in plan.tasks:
        if t.origin == "table":
            if t.deadline.kind in ("by", "period") and t.deadline.end:
                yield t, t.deadline
            continue
        for dl in _prose_deadlines(t, year):
            key = (t.source.line, dl.end)
            if key not in seen:
                seen.add(key)
                yield t, dl


def _deadline_rules(plan: Plan) -> list[Finding]:
    out = []
    bound, bound_kind = issue_bound(plan)
    period = plan_period(plan)
    grace = timedelta(days=int(_data().get("period_grace_days", 90)))
    words = _data()["bounds"][bound_kind]
    for t, dl in _checked_deadlines(plan):
        first = min(dl.dates) if dl.dates else dl.end
        rec = {**_task_record(t), "deadline": dl.text, "deadline_end": dl.end.isoformat() if dl.end else None}
        if bound and first and first < bound:
            rec["bound"] = bound.isoformat()
            out.append(_finding("DEADLINE_BEFORE_ISSUE", t.source, rec, text=_short(dl.text or "", 60),
                                date=first.isoformat(), bound=bound.isoformat(), bound_vi=words["vi"],
                                bound_en=words["en"]))
            continue
        if not period or not dl.end:
            continue
        start, end = period
        early = bound is None and dl.end < start
        if early or dl.end > end + grace:
            rec["period"] = [start.isoformat(), end.isoformat()]
            out.append(_finding("DEADLINE_OUTSIDE_PERIOD", t.source, rec, text=_short(dl.text or "", 60),
                                date=dl.end.isoformat(), period=f"{start.year}" if start.year == end.year
                                else f"{start.year}-{end.year}"))
    return out


# --- targets ---------------------------------------------------------------------------------


def _target_record(g: Target) -> dict[str, Any]:
    return {"type": "target", "category": g.category, "indicator": _short(g.indicator), "value": g.value,
            "unit": g.unit, "comparator": g.comparator, "year": g.year, "section": g.section}


def _target_rules(plan: Plan) -> list[Finding]:
    out = []
    for g in plan.targets:
        if g.unit == "%" and g.value > 100:
            f = _finding("TARGET_OVER_100", g.source, _target_record(g), value=_fmt_value(g.value),
                         indicator=_short(g.indicator, 60))
            if not (g.category or g.indicator.lower().startswith("tỷ lệ")):
                f.severity = "warning"  # "đạt 105% dự toán", a growth rate: possible, a person decides
            out.append(f)
    first: dict[tuple, Target] = {}
    reported: set[tuple] = set()
    for g in plan.targets:
        if not g.category:
            continue
        direction = "max" if g.comparator in ("<", "<=") else "min"
        key = (g.category, g.year, g.unit, direction)
        if key not in first:
            first[key] = g
            continue
        a = first[key]
        if a.source.line is not None and a.source.line == g.source.line:
            continue  # one sentence: "đạt 90%; trong đó, lĩnh vực đất đai đạt 85%" refines, not contradicts
        if a.value != g.value and (key, g.value) not in reported:
            reported.add((key, g.value))
            rec = {**_target_record(g), "other": {"value": a.value, "section": a.section, "line": a.source.line,
                                                  "page": a.source.page, "indicator": _short(a.indicator)}}
            unit = "%" if g.unit == "%" else " " + g.unit
            out.append(_finding("TARGET_CONFLICT", g.source, rec, category=g.category, value=_fmt_value(g.value),
                                unit=unit, line=g.source.line, other=_fmt_value(a.value),
                                other_line=a.source.line))
    return out


# --- numbering -------------------------------------------------------------------------------


def _sequence(items: list[tuple[str, Any]], on_gap, on_repeat) -> None:
    """Walk labels in order, per numbering scheme; call on_gap(item, prev, missing) when numbers
    skip and on_repeat(item, prev) when one repeats or goes back (a new run starting at 1 is fine)."""
    last: dict[str, tuple[int, str]] = {}
    for label, item in items:
        num = number_of(label)
        if num is None:
            continue
        scheme, v = num
        if scheme not in last:
            if v > 1 and scheme not in _FREE_START:
                on_gap(item, None, [_name(scheme, i) for i in range(1, v)])
            last[scheme] = (v, label)
            continue
        pv, plabel = last[scheme]
        if v == pv + 1 or (v == 1 and pv > 1):
            pass
        elif v > pv + 1:
            on_gap(item, plabel, [_name(scheme, i) for i in range(pv + 1, v)])
        else:
            on_repeat(item, plabel)
        last[scheme] = (v, label)


def _section_rules(plan: Plan) -> list[Finding]:
    out: list[Finding] = []

    def rec(s: Section) -> dict[str, Any]:
        return {"type": "section", "ref": s.ref, "label": s.label, "title": _short(s.title)}

    def walk(siblings: list[Section]) -> None:
        def gap(s: Section, prev: Optional[str], missing: list[str]) -> None:
            out.append(_finding("SECTION_NUMBER_GAP", s.source, rec(s), label=(s.label or "").strip(),
                                prev=(prev or "").strip() or "-", missing=", ".join(missing[:5])))

        def repeat(s: Section, prev: str) -> None:
            out.append(_finding("SECTION_NUMBER_REPEAT", s.source, rec(s), label=(s.label or "").strip(),
                                prev=prev.strip()))

        _sequence([(s.label or "", s) for s in siblings], gap, repeat)
        for s in siblings:
            walk(s.children)

    walk(plan.sections)
    return out


def _task_number_rules(plan: Plan) -> list[Finding]:
    """STT of table tasks: within each parent ("II" for II.1, II.2 ...), numbers run without gaps;
    a number reused for a different task is a repeat.  Rows of one task split per agency (same ref,
    same content, one after the other) are one number."""
    out: list[Finding] = []
    table = [t for t in plan.tasks if t.origin == "table" and t.ref]
    # a table restarting at I / 1 starts a new run (a second appendix table)
    runs: list[list[Task]] = []
    prev_top: Optional[int] = None
    for t in table:
        top = number_of(t.ref.split(".")[0])
        tv = top[1] if top else None
        if not runs or (tv == 1 and prev_top is not None and prev_top > 1):
            runs.append([])
        runs[-1].append(t)
        prev_top = tv if tv is not None else prev_top
    for run in runs:
        by_ref: dict[str, Task] = {}
        children: dict[str, list[tuple[str, Any]]] = {}
        for t in run:
            ref = t.ref or ""
            if ref in by_ref and _norm(by_ref[ref].content) != _norm(t.content):
                out.append(_finding("TASK_NUMBER_REPEAT", t.source, _task_record(t), ref=ref,
                                    other_line=by_ref[ref].source.line))
            by_ref.setdefault(ref, t)
            parts = ref.split(".")
            for i in range(len(parts)):
                parent, comp = ".".join(parts[:i]), parts[i]
                kids = children.setdefault(parent, [])
                prefix = ".".join(parts[: i + 1])
                if not kids or kids[-1][1][0] != prefix:
                    kids.append((comp, (prefix, t)))
        for parent, kids in children.items():
            def gap(item, prev: Optional[str], missing: list[str], parent=parent) -> None:
                prefix, t = item
                if prev is None and not parent:
                    return  # the first top-level group may be a heading row, not a task
                prev_ref = f"{parent}.{prev}" if parent and prev else (prev or "-")
                out.append(_finding("TASK_NUMBER_GAP", t.source, _task_record(t), ref=prefix, prev=prev_ref))

            _sequence(kids, gap, lambda item, prev: None)  # repeats are reported above, per task
    return out


def _norm(text: str) -> str:
    return " ".join(text.lower().split())[:200]


# --- entry point -----------------------------------------------------------------------------

_RULE_GROUPS = (_document_rules, _task_rules, _deadline_rules, _target_rules, _section_rules, _task_number_rules)


def check(plan: Plan) -> list[Finding]:
    """Run every rule on a parsed plan; findings in document order (document-level first)."""
    out: list[Finding] = []
    for rule in _RULE_GROUPS:
        out += rule(plan)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(out, key=lambda f: (f.record.get("type") != "document", f.source.line or 0, order[f.severity]))


def failed(findings: list[Finding], strict: bool = False) -> bool:
    """True when the plan does not pass: any error (``strict``: any warning too)."""
    bad = {"error", "warning"} if strict else {"error"}
    return any(f.severity in bad for f in findings)
