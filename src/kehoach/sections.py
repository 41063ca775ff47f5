"""Stage: sections (placeholder until implemented)."""
from __future__ import annotations

from .context import Context


def run(ctx: Context) -> None:
    return None
