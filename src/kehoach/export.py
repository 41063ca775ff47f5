"""Stage 7: a Plan -> JSON (the contract), CSV (one table, UTF-8 with BOM) or a
Markdown report a person would print."""
from __future__ import annotations

import csv
import io

from .models import Plan, Section

FORMATS = ("json", "csv", "md")
CSV_TABLES = ("tasks", "targets", "sections")
_SUFFIX = {".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md", ".jsonl": "jsonl"}


def format_for_suffix(suffix: str) -> str | None:
    return _SUFFIX.get(suffix.lower())


def to_json(plan: Plan, indent: int | None = 2) -> str:
    return plan.model_dump_json(indent=indent)


def _flat_sections(secs: list[Section], out: list[Section] | None = None) -> list[Section]:
    out = [] if out is None else out
    for s in secs:
        out.append(s)
        _flat_sections(s.children, out)
    return out


def csv_rows(plan: Plan, table: str = "tasks") -> tuple[list[str], list[list]]:
    if table == "tasks":
        head = ["ref", "group", "content", "lead", "support", "output", "deadline_text", "deadline_kind",
                "deadline_start", "deadline_end", "deadline_rrule", "origin", "page", "line"]
        rows = [[t.ref, t.group, t.content, "; ".join(t.lead), "; ".join(t.support), t.output, t.deadline.text,
                 t.deadline.kind, t.deadline.start, t.deadline.end, t.deadline.rrule, t.origin, t.source.page,
                 t.source.line] for t in plan.tasks]
    elif table == "targets":
        head = ["category", "indicator", "comparator", "value", "unit", "year", "section", "text", "page", "line"]
        rows = [[t.category, t.indicator, t.comparator, t.value, t.unit, t.year, t.section, t.text, t.source.page,
                 t.source.line] for t in plan.targets]
    elif table == "sections":
        head = ["ref", "label", "title", "level", "page", "line"]
        rows = [[s.ref, s.label, s.title, s.level, s.source.page, s.source.line] for s in _flat_sections(plan.sections)]
    else:
        raise ValueError(f"unknown CSV table {table!r} (choose from {', '.join(CSV_TABLES)})")
    return head, rows


def to_csv(plan: Plan, table: str = "tasks", bom: bool = True) -> str:
    head, rows = csv_rows(plan, table)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(head)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return ("\ufeff" if bom else "") + buf.getvalue()


def _md_cell(v) -> str:
    if v is None:
        return ""
    return str(v).replace("|", "\\|").replace("\n", "<br>")


def to_markdown(plan: Plan) -> str:
    d = plan.document
    out: list[str] = []
    title = d.title or d.plan_title or plan.source.path
    out.append(f"# {title}\n")
    facts = [
        ("Loại văn bản", d.doc_type), ("Số", d.number), ("Cơ quan ban hành", d.issuer), ("Tỉnh", d.province),
        ("Địa danh", d.place), ("Ngày", d.date), ("Kế hoạch", d.plan_title),
        ("Người ký", f"{d.signer.title or ''} {d.signer.name or ''}".strip() if d.signer else None),
        ("Nguồn", f"{plan.source.path} ({plan.source.format}, {plan.source.pages or '-'} trang)"),
    ]
    out += [f"- **{k}**: {v}" for k, v in facts if v]
    if d.legal_bases:
        out.append("\n## Căn cứ\n")
        out += [f"- {b.text}" for b in d.legal_bases]
    if plan.sections:
        out.append("\n## Bố cục\n")
        for s in _flat_sections(plan.sections):
            out.append(f"{'  ' * (s.level - 1)}- **{s.label or ''}** {s.title}")
    if plan.tasks:
        out.append(f"\n## Nhiệm vụ ({len(plan.tasks)})\n")
        out.append("| STT | Nội dung | Chủ trì | Phối hợp | Kết quả | Thời gian |")
        out.append("|---|---|---|---|---|---|")
        for t in plan.tasks:
            out.append("| " + " | ".join(_md_cell(x) for x in (
                t.ref, t.content, "; ".join(t.lead), "; ".join(t.support), t.output, t.deadline.text)) + " |")
    if plan.targets:
        out.append(f"\n## Chỉ tiêu ({len(plan.targets)})\n")
        out.append("| Nhóm | Chỉ tiêu | Giá trị | Năm | Trang/dòng |")
        out.append("|---|---|---|---|---|")
        for t in plan.targets:
            val = f"{t.comparator} {t.value:g}{'%' if t.unit == '%' else ' ' + t.unit}"
            out.append("| " + " | ".join(_md_cell(x) for x in (
                t.category, t.indicator, val, t.year, f"{t.source.page or '-'}/{t.source.line or '-'}")) + " |")
    if plan.warnings:
        out.append(f"\n## Cảnh báo ({len(plan.warnings)})\n")
        out += [f"- `{w.code}` {w.message} (trang {w.source.page or '-'}, dòng {w.source.line or '-'})"
                for w in plan.warnings]
    return "\n".join(out) + "\n"


def render(plan: Plan, fmt: str, table: str = "tasks") -> str:
    if fmt == "json":
        return to_json(plan) + "\n"
    if fmt == "csv":
        return to_csv(plan, table)
    if fmt == "md":
        return to_markdown(plan)
    raise ValueError(f"unknown output format {fmt!r}")
