"""Tasks written in prose (plans without a task table), origin "text".

Shapes read:

* a heading that names an agency ("2. Sở Nội vụ", "b) Văn phòng Ủy ban nhân
  dân tỉnh") followed by bullets / paragraphs: each paragraph is a task led by
  that agency (split into agencies like a table cell), with the deadline its
  sentence gives, if any;
* a numbered paragraph "1. <agency>: <duties>": one task led by that agency;
* a numbered item followed by labelled lines ("- Thời gian hoàn thành: Quý I/2026",
  "- Đơn vị chủ trì: ...", "- Đơn vị phối hợp: ...", "- Kết quả: ..."): one task
  whose fields those lines give (the labelled lines are never tasks themselves);
* elsewhere, a sentence that carries a deadline ("... hoàn thành trong Quý II
  năm 2025", "... trước ngày 18 hằng tháng"): one task.

Paragraphs under "Mục đích, yêu cầu", "Mục tiêu", "Chỉ tiêu", "Phạm vi, đối
tượng", "Kinh phí", "Khẩu hiệu" ... (``data/table_headers.json`` prose.skip_sections)
set no task: "thường xuyên" in a requirement is not a deadline. The body ends at
"Trên đây là ..." / "Nơi nhận:" (prose.closing): recipients are not tasks.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Optional

from . import deadlines, lazyre, tables
from .blocks import Block
from .context import Context
from .models import Location, Task

_HEADING = lazyre.compile(r"^(\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+|[a-zđ]\))\s+(\S.{2,120})$")
_ANY_HEADING = lazyre.compile(
    r"^(?:([IVX]+[.)])|(\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+)|([a-zđ]\))|Điều\s+\d+|Phần\s+[IVX\d]+)\s")
_DEADLINE = lazyre.compile(
    r"(?:hoàn thành\s+)?(?:(?:trong|trước|chậm nhất(?: là)?(?: vào)?|đến)\s+(?:ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|ngày\s+\d{1,2}(?:/\d{1,2}(?:/\d{4})?)?"
    r"(?:\s+hằng tháng|\s+hàng tháng)?|(?:tháng|quý)\s+[\dIVX]+(?:/\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4})"
    r"|thường xuyên|hằng tháng|hàng tháng|hằng quý|hàng quý|hằng năm|hàng năm)", re.I)
_BULLET = lazyre.compile(r"^[-+•*–]\s*")
_TRAILER = lazyre.compile(r"\s+(?:có trách nhiệm|chịu trách nhiệm|chủ trì|thực hiện|chỉ đạo)\b|:")
# the preamble's "Căn cứ ..." / "Thực hiện Quyết định số ..." sentences cite documents, they set no task
_PREAMBLE = lazyre.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Theo đề nghị|Xét đề nghị)\b")
# "1. Đồng chí Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban: Phụ trách chung, ..."
_INLINE_LEAD = lazyre.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\))\s+([^:]{3,140}?):\s+(\S.{14,})$")
_LABELLED = lazyre.compile(r"^([^:]{2,40}):\s*(.*)$")


@cache
def _prose_vocab() -> dict:
    return tables.vocabulary().get("prose", {})


@cache
def _agency_heads() -> tuple[str, ...]:
    heads = tables.vocabulary().get("flattened", {}).get("agency_heads", [])
    return tuple(a.lower() for a in [*heads, *_prose_vocab().get("extra_agency_heads", [])])


@cache
def _field_of_label() -> dict[str, str]:
    """lower-cased label -> field ("thời gian hoàn thành" -> "deadline")."""
    return {lab.lower(): f for f, labs in _prose_vocab().get("field_labels", {}).items() for lab in labs}


def _names_agency(title: str, max_words: int = 14) -> bool:
    t = title.strip().rstrip(":").strip()
    if len(t.split()) > max_words or t.endswith("."):
        return False
    low = t.lower()
    if any(low.startswith(h.lower()) for h in _prose_vocab().get("not_agency_heads", [])):
        return False
    return any(low.startswith(h) for h in _agency_heads())


def _field_line(text: str) -> Optional[tuple[str, str]]:
    """("deadline", "Quý I/2026") for "- Thời gian hoàn thành: Quý I/2026;", else None."""
    m = _LABELLED.match(_BULLET.sub("", text).strip())
    if not m:
        return None
    field = _field_of_label().get(m.group(1).strip().lower())
    return (field, m.group(2).strip().rstrip(";.").strip()) if field else None


def _closing(text: str) -> bool:
    return any(text.startswith(w) for w in _prose_vocab().get("closing", []))


def _section_titles(ctx: Context) -> dict[str, str]:
    out: dict[str, str] = {}

    def walk(secs) -> None:
        for s in secs:
            out[s.ref] = s.title or ""
            walk(s.children)
    walk(ctx.sections)
    return out


def _skipped(ref: Optional[str], titles: dict[str, str]) -> bool:
    """True when ``ref`` or one of its enclosing sections is a purpose/requirements/targets... section."""
    if not ref:
        return False
    words = _prose_vocab().get("skip_sections", [])
    parts = ref.split(".")
    for k in range(1, len(parts) + 1):
        title = titles.get(".".join(parts[:k]), "").strip().lower()
        # a heading, not a numbered paragraph whose first sentence became the section's title
        if title and len(title.split()) <= 10 and any(title.startswith(w) for w in words):
            return True
    return False


def _deadline_text(sentence: str) -> Optional[str]:
    m = _DEADLINE.search(sentence)
    return m.group(0).strip() if m else None


def extract(ctx: Context) -> list[Task]:
    """Prose tasks of the body (empty when the plan has none)."""
    out: list[Task] = []
    lead: Optional[str] = None
    lead_level: Optional[int] = None
    seen_heading = False
    titles = _section_titles(ctx)
    # the latest numbered item (index, block, content, task made from it or None), for labelled lines
    item: Optional[list] = None
    for i, b in enumerate(ctx.blocks):
        if b.kind != "text" or b.role in ("header", "noise", "stamp"):
            continue
        text = b.text.strip()
        if _closing(text):
            break
        fl = _field_line(text)
        if fl is not None:
            if item is not None:
                if item[3] is None:
                    item[3] = _task(ctx, item[1], item[0], item[2], None, None)
                    out.append(item[3])
                _set_field(ctx, item[3], *fl)
            continue
        skipped = _skipped(ctx.section_of[i] if i < len(ctx.section_of) else None, titles)
        m = _HEADING.match(text)
        if m and _names_agency(m.group(2)) and not skipped:
            lead = _TRAILER.split(m.group(2))[0].strip().rstrip(":").strip()
            lead_level = _level(m.group(1))
            item = None
            continue
        am = _ANY_HEADING.match(text)
        if am and not _BULLET.match(text):
            seen_heading = True
            level = _level(next(g for g in am.groups() if g)) if any(am.groups()) else 0
            if lead is not None and (lead_level is None or level <= lead_level):
                lead, lead_level = None, None
            if level >= 1 and not skipped:
                item = [i, b, _strip_label(text), None]
            if skipped:
                continue
            im = _INLINE_LEAD.match(text)
            if im and _names_agency(im.group(1), 20) and lead is None:
                t = _task(ctx, b, i, im.group(2).strip(), im.group(1).strip(), _deadline_text(im.group(2)))
                out.append(t)
                item[3] = t
                continue
            if len(text) < 120 and not (lead is not None and lead_level is not None and level > lead_level):
                continue
        if skipped:
            continue
        content = _BULLET.sub("", text).strip()
        if item is not None and item[3] is None and item[2].endswith(":") and _BULLET.match(text):
            item[2] = f"{item[2]} {content}"     # "6.1. Tham gia thực hiện các nhiệm vụ:" + its bullets
        if len(content) < 15 or content.isupper():   # an all-capitals line is a title or heading
            continue
        dl = _deadline_text(content)
        if lead is None and (dl is None or (not seen_heading and _PREAMBLE.match(content))):
            continue
        t = _task(ctx, b, i, content, lead, dl)
        out.append(t)
        if item is not None and item[0] == i:
            item[3] = t
    return out


def _strip_label(text: str) -> str:
    return _ANY_HEADING.sub("", text, count=1).strip()


def _level(label: str) -> int:
    if re.match(r"^[a-zđ]\)", label):
        return 3
    if re.match(r"^[IVX]+[.)]", label):
        return 0
    return 1 + label.rstrip(".)").count(".")


def _set_field(ctx: Context, task: Task, field: str, value: str) -> None:
    """Fill one field of ``task`` from a labelled line."""
    from . import agencies
    if not value:
        return
    if field == "deadline":
        task.deadline = deadlines.parse_deadline(value, ctx.year)
    elif field == "lead":
        task.lead = agencies.split_agencies(value)
        task.lead_canonical = [agencies.canonical(a) for a in task.lead]
    elif field == "support":
        task.support = agencies.split_agencies(value)
        task.support_canonical = [agencies.canonical(a) for a in task.support]
    elif field == "output":
        task.output = value


def _split_lead(lead: str) -> list[str]:
    """A heading's agencies: cut at ", " / "; " only before a capitalised agency head
    ("Sở Nông nghiệp và Môi trường, Sở Dân tộc và Tôn giáo" -> two; "Sở Văn hóa, Thể thao
    và Du lịch" stays), and only a name that begins like an organisation. Plain string tests: a prose plan never compiles the cell grammar."""
    heads = _agency_heads()
    org_heads = tuple(a.lower() for a in tables.vocabulary().get("flattened", {}).get("agency_heads", []))
    if not any(lead.lower().startswith(h) for h in org_heads):
        return [lead]       # a person's role ("Chuyên viên phụ trách lĩnh vực Hành chính, Văn phòng ...")
    out: list[str] = []
    for piece in re.split(r"[,;]\s+", lead):
        starts = piece[:1].isupper() and any(piece.lower().startswith(h) for h in heads)
        if out and not starts:
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return [p.strip() for p in out if p.strip()]


def _task(ctx: Context, b: Block, i: int, content: str, lead: Optional[str], dl: Optional[str]) -> Task:
    from . import agencies
    leads = _split_lead(lead) if lead else []
    section = ctx.section_of[i] if i < len(ctx.section_of) else None
    return Task(ref=None, group=None, content=content, lead=leads, support=[], output=None,
                deadline=deadlines.parse_deadline(dl, ctx.year), origin="text",
                source=Location(page=b.page, line=b.line, pages=[b.page] if b.page else []),
                lead_canonical=[agencies.canonical(a) for a in leads], section=section)
