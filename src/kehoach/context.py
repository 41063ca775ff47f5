"""The state one parse carries from stage to stage (read -> clean -> header ->
sections -> tasks -> targets).  Each stage module exposes one ``run(ctx)``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .blocks import Block, RawDoc
from .models import Document, Location, Section, Task, Target, Warning_


@dataclass
class Context:
    raw: RawDoc
    blocks: list[Block] = field(default_factory=list)        # body blocks after cleaning, in reading order
    document: Document = field(default_factory=Document)
    sections: list[Section] = field(default_factory=list)
    section_of: list[Optional[str]] = field(default_factory=list)  # ref of the enclosing section, per block
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)

    @property
    def year(self) -> Optional[int]:
        """The year a date printed without one means (deadlines: "Quý II", "trong năm"): the
        document's own ``year``; for a plan over several years the first year of its period;
        else the year of its date."""
        d = self.document
        if d.year:
            return d.year
        if d.period_start:
            return d.period_start
        return d.date.year if d.date else None

    def warn(self, code: str, message: str, block: Block | None = None, line: int | None = None,
             page: int | None = None) -> None:
        if block is not None:
            line = line or block.line
            page = page or block.page
        self.warnings.append(Warning_(code=code, message=message, source=Location(page=page, line=line)))


def loc(block: Block | None, line: int | None = None, page: int | None = None) -> Location:
    if block is None:
        return Location(page=page, line=line)
    return Location(page=page if page is not None else block.page, line=line if line is not None else block.line)
