"""Stage: tasks.  ``ctx.tasks`` from task tables and from prose.

* Task tables (:mod:`kehoach.tables`): every row of every table whose header
  means "content + responsible agency", in any column order and over page
  breaks.
* Tables a PDF extractor flattened into interleaved lines (no table block,
  just the cell lines one after the other): :mod:`kehoach.textrows`
  rebuilds the rows; every guessed column assignment is reported as a
  ``column_guess`` warning.
* Prose tasks (plans without a table): a heading naming an agency followed by
  bullets, or a sentence with a deadline; ``origin="text"``.

Cells become agencies with :mod:`kehoach.agencies` and deadlines with
:mod:`kehoach.deadlines`.
"""
from __future__ import annotations

from typing import Optional

from . import agencies, deadlines, lazyre, tables
from .blocks import Block
from .context import Context
from .models import Location, Task
from .normalize import squash

_BULLET_LINE = lazyre.compile(r"^\s*[-+•*]\s*")


def run(ctx: Context) -> None:
    """Fill ``ctx.tasks``."""
    found: list[Task] = []
    for table in tables.find_task_tables(ctx.blocks):
        for tr in tables.read_rows(table):
            t = task_from_row(ctx, tr, table.layout)
            if t is not None:
                found.append(t)
    if not found:
        from . import textrows        # a table whose columns a PDF extractor interleaved into text

        found.extend(textrows.extract(ctx))
    if not any(t.origin == "table" for t in found):
        from . import prose
        found.extend(prose.extract(ctx))
    ctx.tasks.extend(found)


def paragraph(text: str) -> str:
    """A cell's printed lines as one paragraph."""
    return squash(text)


def section_of(ctx: Context, index: Optional[int]) -> Optional[str]:
    if index is None or index < 0 or index >= len(ctx.section_of):
        return None
    return ctx.section_of[index]


def people(lead_cell: str, support_cell: str) -> tuple[list[str], list[str]]:
    """(lead, support) from the two agency cells ("Đơn vị chủ trì: ... Đơn vị phối hợp: ..." honoured)."""
    lead: list[str]
    extra: list[str] = []
    roles = agencies.split_roles(lead_cell) if lead_cell else None
    if roles:
        lead, extra = list(roles[0]), list(roles[1])
    else:
        lead = agencies.split_agencies(lead_cell)
    support = extra + agencies.split_agencies(support_cell)
    return lead, support


def make_task(ctx: Context, *, ref: Optional[str], group: Optional[str], content: str, lead_cell: str,
              support_cell: str, output: str, deadline: str, monitor: str = "", origin: str = "table",
              source: Location, section: Optional[str], year: Optional[int] = None) -> Task:
    lead, support = people(lead_cell, support_cell)
    dl = deadlines.parse_deadline(paragraph(deadline) or None, year or ctx.year)
    return Task(
        ref=ref or None, group=group or None, content=paragraph(content), lead=lead, support=support,
        output=paragraph(output) or None, deadline=dl, origin=origin, source=source,
        lead_canonical=[agencies.canonical(a) for a in lead],
        support_canonical=[agencies.canonical(a) for a in support],
        monitor=agencies.split_agencies(monitor) if monitor else [], section=section,
    )


def task_from_row(ctx: Context, tr: tables.TaskRow, layout: tables.Layout) -> Optional[Task]:
    c = tr.cells
    content = c.get("content", "")
    if not paragraph(content):
        return None
    row = tr.row
    page = row.page if row.page is not None else tr.block.page
    src = Location(page=page, line=row.line if row.line is not None else tr.block.line,
                   pages=list(row.pages) or ([page] if page is not None else []))
    return make_task(ctx, ref=tr.ref, group=tr.group, content=content, lead_cell=c.get("lead", ""),
                     support_cell=c.get("support", ""), output=c.get("output", ""),
                     deadline=c.get("deadline", ""), monitor=c.get("monitor", ""), source=src,
                     section=section_of(ctx, tr.block_index), year=layout.deadline_year)
