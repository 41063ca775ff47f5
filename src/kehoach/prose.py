"""Tasks written in prose (plans without a task table), origin "text".

Two shapes are read:

* a heading that names an agency ("2. Sở Nội vụ", "b) Văn phòng Ủy ban nhân
  dân tỉnh") followed by bullets / paragraphs: each paragraph is a task led by
  that agency, with the deadline its sentence gives, if any;
* elsewhere, a sentence that carries a deadline ("... hoàn thành trong Quý II
  năm 2025", "... trước ngày 18 hằng tháng"): one task, its lead the agency the
  sentence starts with when it starts with one.

Bullets of "Mục đích, yêu cầu" and other headings that name no agency are
not tasks unless they carry a deadline.
"""
from __future__ import annotations

import re
from typing import Optional

from . import deadlines, lazyre, tables
from .blocks import Block
from .context import Context
from .models import Location, Task

_HEADING = lazyre.compile(r"^(\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\))\s+(\S.{2,120})$")
_ANY_HEADING = lazyre.compile(r"^(?:[IVX]+[.)]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|Điều\s+\d+|Phần\s+[IVX\d]+)\s")
_DEADLINE = lazyre.compile(
    r"(?:hoàn thành\s+)?(?:(?:trong|trước|chậm nhất(?: là)?(?: vào)?|đến)\s+(?:ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|ngày\s+\d{1,2}(?:/\d{1,2}(?:/\d{4})?)?"
    r"(?:\s+hằng tháng|\s+hàng tháng)?|(?:tháng|quý)\s+[\dIVX]+(?:/\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4})"
    r"|thường xuyên|hằng tháng|hàng tháng|hằng quý|hàng quý|hằng năm|hàng năm)", re.I)
_BULLET = lazyre.compile(r"^[-+•*–]\s*")
_TRAILER = lazyre.compile(r"\s+(?:có trách nhiệm|chịu trách nhiệm|chủ trì|thực hiện)\b|:")
# the preamble's "Căn cứ ..." / "Thực hiện Quyết định số ..." sentences cite documents, they set no task
_PREAMBLE = lazyre.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Theo đề nghị|Xét đề nghị)\b")


def _agency_heads() -> list[str]:
    return [a.lower() for a in tables.vocabulary().get("flattened", {}).get("agency_heads", [])]


def _names_agency(title: str) -> bool:
    t = title.strip().rstrip(":").strip()
    if len(t.split()) > 14 or t.endswith("."):
        return False
    low = t.lower()
    return any(low.startswith(h) for h in _agency_heads())


def _deadline_text(sentence: str) -> Optional[str]:
    m = _DEADLINE.search(sentence)
    return m.group(0).strip() if m else None


def extract(ctx: Context) -> list[Task]:
    """Prose tasks of the body (empty when the plan has none)."""
    out: list[Task] = []
    lead: Optional[str] = None
    lead_level: Optional[int] = None
    seen_heading = False
    for i, b in enumerate(ctx.blocks):
        if b.kind != "text" or b.role in ("header", "noise", "stamp"):
            continue
        text = b.text.strip()
        m = _HEADING.match(text)
        if m and _names_agency(m.group(2)):
            lead = _TRAILER.split(m.group(2))[0].strip().rstrip(":").strip()
            lead_level = _level(m.group(1))
            continue
        if _ANY_HEADING.match(text) and not _BULLET.match(text):
            seen_heading = True
            hm = _HEADING.match(text)
            level = _level(hm.group(1)) if hm else 0
            if lead is not None and (lead_level is None or level <= lead_level):
                lead, lead_level = None, None
            if len(text) < 120:
                continue
        content = _BULLET.sub("", text).strip()
        if len(content) < 15 or content.isupper():   # an all-capitals line is a title or heading
            continue
        dl = _deadline_text(content)
        if lead is None and (dl is None or (not seen_heading and _PREAMBLE.match(content))):
            continue
        out.append(_task(ctx, b, i, content, lead, dl))
    return out


def _level(label: str) -> int:
    if re.match(r"^[a-zđ]\)", label):
        return 3
    return 1 + label.rstrip(".)").count(".")


def _task(ctx: Context, b: Block, i: int, content: str, lead: Optional[str], dl: Optional[str]) -> Task:
    from . import agencies
    leads = [lead] if lead else []
    section = ctx.section_of[i] if i < len(ctx.section_of) else None
    return Task(ref=None, group=None, content=content, lead=leads, support=[], output=None,
                deadline=deadlines.parse_deadline(dl, ctx.year), origin="text",
                source=Location(page=b.page, line=b.line, pages=[b.page] if b.page else []),
                lead_canonical=[agencies.canonical(a) for a in leads], section=section)
