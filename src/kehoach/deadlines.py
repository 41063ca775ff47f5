"""Deadline cells ("Thời gian hoàn thành") -> models.Deadline.  (skeleton; grammar follows)"""
from __future__ import annotations

from .models import Deadline


def parse_deadline(text: str | None, year: int | None = None) -> Deadline:
    """Parse one deadline cell as printed; ``year`` is the plan's year for missing years."""
    squashed = " ".join((text or "").split()) or None
    return Deadline(text=squashed, kind="unspecified")
