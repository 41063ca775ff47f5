"""Text normalisation: bytes -> Unicode NFC text with tidy whitespace.

Every string that leaves a reader goes through :func:`nfc` (PDFs often give
NFD; legacy TCVN3/VNI files are converted in :mod:`kehoach.legacy`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import lazyre

_WS = lazyre.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_ZW = lazyre.compile(r"[\u200b-\u200d\ufeff\u00ad]")


def nfc(text: str) -> str:
    """NFC-normalise and drop zero-width characters and soft hyphens."""
    if not text:
        return ""
    text = _ZW.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def squash(text: str) -> str:
    """One line: NFC, all runs of whitespace (line breaks too) become one space."""
    return re.sub(r"\s+", " ", nfc(text)).strip()


def clean_line(text: str) -> str:
    """NFC, collapse horizontal whitespace, strip."""
    return _WS.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """Lower-case, no diacritics, 'đ' -> 'd': for matching what a person types."""
    return _fold(text)


@lru_cache(maxsize=4096)   # the same agency, province and vocabulary strings are folded again and again
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", nfc(text).lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """Lowercase ASCII without spaces or hyphens (province slugs: 'kontum')."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def upper_ratio(text: str) -> float:
    """The share of upper-case among the letters of ``text`` (0.0 with no letters)."""
    letters = sum(map(str.isalpha, text))      # map over str methods: ~5x a per-character generator
    return sum(map(str.isupper, text)) / letters if letters else 0.0
