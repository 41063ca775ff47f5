"""Bytes -> str for text inputs: BOMs, UTF-8, UTF-16, Windows-1258, and legacy
Vietnamese encodings (TCVN3/ABC, VNI) converted to Unicode, then NFC."""
from __future__ import annotations

import codecs

from .errors import InputError
from .normalize import nfc


def decode(data: bytes, path: str = "") -> str:
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if _looks_utf16(data):
                text = data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
            else:
                text = data.decode("cp1258", errors="replace")
    if "\x00" in text[:4096]:
        raise InputError("binary data, not a text document", path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    zeros_odd = sample[1::2].count(0)
    zeros_even = sample[0::2].count(0)
    half = len(sample) // 2
    return zeros_odd > 0.3 * half or zeros_even > 0.3 * half
