"""Bytes -> str for text inputs (txt, md, html).

Handles what Vietnamese offices actually produce: UTF-8 with or without BOM,
UTF-16/UTF-32 (Notepad "Unicode", with or without BOM), Windows-1258 (whose
tone marks are combining characters, hence NFC afterwards) and the legacy
TCVN3 (ABC) and VNI encodings (:mod:`kehoach.legacy`), whether as raw bytes
or already mis-read into Unicode by a copy and paste.  Line ends become "\\n".

Binary data (NUL bytes, control characters) raises
:class:`~kehoach.errors.InputError`.
"""
from __future__ import annotations

import codecs

from . import lazyre, legacy
from .errors import InputError
from .normalize import nfc

_CONTROL = lazyre.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, path: str = "") -> str:
    """Decode a text document's bytes to NFC Unicode with "\\n" line ends."""
    text, _ = decode_info(data, path)
    return text


def decode_info(data: bytes, path: str = "") -> tuple[str, str]:
    """Like :func:`decode`, also naming the encoding that was found
    ("utf-8", "utf-16-le", "cp1258", "tcvn3", "utf-8+vni", ...)."""
    text, enc = _to_str(data, path)
    if "\x00" in text:
        raise InputError("binary data, not a text document", path)
    fixed, legacy_enc = legacy.fix(text)
    if legacy_enc:
        text = fixed
        enc = legacy_enc if enc in ("cp1252", "cp1258") else f"{enc}+{legacy_enc}"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text), enc


def _to_str(data: bytes, path: str) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(f"starts with a {enc.upper()} byte-order mark but is not valid {enc.upper()}",
                                 path) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = ""
        if text and _plausible(text):
            return text, utf16
    if b"\x00" in data[:8192] or _looks_binary(data):
        raise InputError("binary data, not a text document", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    good = sum(1 for c in loose if ord(c) > 0x7F) - bad
    if bad <= 5 and good >= 20 * bad:
        return loose, "utf-8"   # UTF-8 with a few damaged bytes
    return _single_byte(data), "cp1258"


def _single_byte(data: bytes) -> str:
    """A non-UTF-8 Vietnamese file: Windows-1258, or TCVN3/VNI, which
    :mod:`kehoach.legacy` recognises in the Windows-1252 view of the bytes."""
    cp1258 = nfc(data.decode("cp1258", errors="replace"))
    cp1252 = windows_1252(data)
    enc = legacy.detect(cp1252)
    if enc and legacy.score(legacy.convert(cp1252, enc)) > legacy.score(cp1258):
        return cp1252   # legacy.fix converts it
    return cp1258


_C1_1252 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_TO_1252 = str.maketrans({chr(b): c for b, c in _C1_1252.items()})


def windows_1252(data: bytes) -> str:
    """Bytes as Windows shows them in a Western code page (the five undefined
    bytes stay as their Latin-1 control characters instead of failing)."""
    return data.decode("latin-1").translate(_TO_1252)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is mostly NUL (ASCII-range text)."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    even0 = sample[0::2].count(0)
    odd0 = sample[1::2].count(0)
    if odd0 > 0.3 * half and even0 < 0.05 * half:
        return "utf-16-le"
    if even0 > 0.3 * half and odd0 < 0.05 * half:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    """Text in Latin / Vietnamese letters and common punctuation (not the CJK
    soup that binary data read as UTF-16 gives)."""
    sample = text[:4000]
    ok = sum(1 for c in sample if ord(c) < 0x250 or 0x1E00 <= ord(c) < 0x1F00 or 0x2000 <= ord(c) < 0x2200)
    return ok >= 0.95 * len(sample) and "\x00" not in sample


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    return len(_CONTROL.findall(sample)) > 0.02 * len(sample) + 1
