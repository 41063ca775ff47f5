"""Expanding what a person types on the command line (files, folders, globs) into document files."""
from __future__ import annotations

import glob
from pathlib import Path
from typing import Iterable

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".txt", ".md", ".markdown", ".html", ".htm"}


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders recursively (document suffixes only, sorted; hidden files and
    README files skipped); globs (``**`` recursive).

    A name that matches nothing is kept, so that the reader reports it as missing.
    Duplicates are dropped, order is kept.
    """
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve() if p.exists() else p
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        s = str(raw)
        p = Path(s)
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in DOCUMENT_SUFFIXES
                            and not any(part.startswith(".") for part in x.relative_to(p).parts)
                            and not x.name.upper().startswith("README")):
                add(f)
        elif not p.exists() and glob.has_magic(s):
            for m in sorted(glob.glob(s, recursive=True)):
                mp = Path(m)
                if mp.is_file():
                    add(mp)
        else:
            add(p)
    return out
