"""The one-direction pipeline: read -> clean -> header -> sections -> tasks -> targets -> Plan."""
from __future__ import annotations

import os

from . import clean, header, readers, sections, targets, tasks
from .blocks import RawDoc
from .context import Context
from .models import Plan, SourceInfo

STAGES = (clean.run, header.run, sections.run, tasks.run, targets.run)


def parse(path: str | os.PathLike, input_format: str | None = None, data: bytes | None = None) -> Plan:
    """Parse one document file into a :class:`~kehoach.models.Plan`.

    Raises :class:`~kehoach.errors.KehoachError` (with a one-line message) when
    the file cannot be read.
    """
    raw = readers.read(path, input_format=input_format, data=data)
    return build(raw)


def build(raw: RawDoc) -> Plan:
    ctx = run_stages(raw)
    return Plan(
        source=SourceInfo(path=raw.path, format=raw.format, pages=raw.pages, sha256=raw.sha256),
        document=ctx.document, sections=ctx.sections, tasks=ctx.tasks, targets=ctx.targets,
        warnings=ctx.warnings,
    )


def run_stages(raw: RawDoc) -> Context:
    ctx = Context(raw=raw)
    for code, msg, page, line in raw.warnings:
        ctx.warn(code, msg, page=page, line=line)
    for stage in STAGES:
        stage(ctx)
    return ctx
