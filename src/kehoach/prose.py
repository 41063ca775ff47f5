"""Tasks written in prose (plans without a task table).  (placeholder)"""
from __future__ import annotations

from .context import Context
from .models import Task


def extract(ctx: Context) -> list[Task]:
    """Prose tasks with origin "text"."""
    return []
