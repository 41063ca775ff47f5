"""Readers: one module per input format, each returning a :class:`~kehoach.blocks.RawDoc`.

:func:`read` picks the reader from the file's first bytes (and its suffix for
text flavours); ``input_format`` forces one.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..blocks import RawDoc
from ..errors import InputError, UsageError

FORMATS = ("pdf", "docx", "doc", "txt", "md", "html")
_TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".htm": "html", ".html": "html",
                  ".xhtml": "html"}
_KNOWN_SUFFIXES = {".pdf", ".docx", ".doc", *_TEXT_SUFFIXES}


def sniff(data: bytes, suffix: str = "") -> str | None:
    """Guess the format from the first bytes; None if it is not a document we read."""
    head = data[:2048]
    if head.startswith(b"%PDF") or (b"%PDF-" in head[:1024]):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or head.lstrip().startswith(b"{\\rtf"):
        return "doc"                    # Word 97-2003, or RTF (Word saves it as ".doc" too): via LibreOffice
    low = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in low[:1024]:
        return "html"
    if suffix in _TEXT_SUFFIXES:
        return _TEXT_SUFFIXES[suffix]
    return "txt"


def read(path: str | os.PathLike, input_format: str | None = None, data: bytes | None = None) -> RawDoc:
    """Read a document file (or ``data`` already in memory) into blocks."""
    p = Path(path)
    name = str(path)
    if data is None:
        if not p.exists():
            raise InputError("no such file", name)
        if p.is_dir():
            raise InputError("is a directory, not a document", name)
        try:
            data = p.read_bytes()
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror or e}", name) from None
    if not data.strip():
        raise InputError("empty file", name)
    suffix = p.suffix.lower()
    if input_format:
        fmt = input_format.lower()
        if fmt not in FORMATS:
            raise UsageError(f"unknown input format {input_format!r} (choose from {', '.join(FORMATS)})")
    else:
        fmt = sniff(data, suffix)
        if fmt == "txt" and suffix and suffix not in _KNOWN_SUFFIXES:
            raise InputError(f"unknown file type {suffix!r} (kehoach reads .pdf, .docx, .doc, .txt, .md, .html)",
                             name)
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        from . import pdf
        return pdf.read(name, data, sha)
    if fmt == "docx":
        from . import docx
        return docx.read(name, data, sha)
    if fmt == "doc":
        from . import doc
        return doc.read(name, data, sha)
    if fmt == "html":
        from . import html
        return html.read(name, data, sha)
    from . import text
    return text.read(name, data, sha, fmt)
