"""Legacy Vietnamese encodings (TCVN3/ABC, VNI Windows) -> Unicode.

Before Unicode, Vietnamese offices typed with 8-bit fonts (.VnTime = TCVN3,
VNI-Times = VNI).  Their text reaches us as bytes that Windows reads as
Windows-1252 ("Quy¸t ®Þnh", "Quyeát ñònh"), either in a file that is not
UTF-8 or already inside Unicode text that someone copied out of such a
document.  This module works on that Windows-1252 view of the text:

* :func:`convert` maps it to Unicode with the tables in
  ``data/legacy_tcvn3.json`` and ``data/legacy_vni.json``;
* :func:`detect` says which legacy encoding (if any) a text is in, by
  checking which reading gives real Vietnamese syllables.  It never fires on
  normal Unicode text: that already has letters (ơ, ư, ă, đ, ạ ...) which
  neither legacy view can produce.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

from . import lazyre

ENCODINGS = ("tcvn3", "vni")
_DATA = Path(__file__).parent / "data"

# Letters Vietnamese has and Latin-1 has not: a Unicode text is full of them,
# a legacy text seen through Windows-1252 has none.
_VIET_ONLY = lazyre.compile("[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
_HIGH = lazyre.compile("[\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192]")
_WORD = lazyre.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’()[]{}.,;:!?…-–—/«»*_<>"
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# Vietnamese syllable (tone marks removed, lower case): onset, vowel cluster, coda.
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_NUCLEUS = (r"(?:uyê|uya|uyu|iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|"
            r"iê|yê|uô|ươ|ưa|ia|ua|ai|ao|au|ay|âu|ây|eo|êu|iu|oa|oă|oe|oi|ôi|ơi|oo|uâ|uê|ui|uơ|uy|ưi|ưu|"
            r"[aăâeêioôơuưy])")
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = lazyre.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")


@cache
def table(encoding: str) -> dict[str, str]:
    """The mapping Windows-1252 view -> Unicode of one legacy encoding (loaded once)."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    text = (_DATA / f"legacy_{encoding}.json").read_text(encoding="utf-8")
    return dict(json.loads(text)["map"])


@cache
def _pattern(encoding: str) -> re.Pattern[str]:
    keys = sorted(table(encoding), key=len, reverse=True)   # longest first: "aá" before "a"
    return re.compile("|".join(re.escape(k) for k in keys))


_CAPS_WORD = lazyre.compile(r"\w+")
_LINE = lazyre.compile(r"[^\n]+")


def _restore_caps(line: str) -> str:
    """.VnTimeH/.VnArialH fonts print capitals with the small letters' codes, so
    converted capitals come out small.  A line whose plain letters are (almost)
    all capitals is a capital line; elsewhere a word with two plain capitals and
    no plain small letter is a capital word ("KÕ" alone stays "Kế")."""
    plain = [c for c in line if c.isascii() and c.isalpha()]
    if len(plain) >= 4 and sum(c.isupper() for c in plain) >= 0.9 * len(plain):
        return line.upper()

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        up = sum(1 for c in w if c.isascii() and c.isupper())
        low = sum(1 for c in w if c.isascii() and c.islower())
        return w.upper() if up >= 2 and low == 0 else w

    return _CAPS_WORD.sub(word, line)


def convert(text: str, encoding: str) -> str:
    """Map the Windows-1252 view of a TCVN3 or VNI text to Unicode (NFC)."""
    mapping = table(encoding)
    out = _pattern(encoding).sub(lambda m: mapping[m.group(0)], text)
    if encoding == "tcvn3":
        out = _LINE.sub(lambda m: _restore_caps(m.group(0)), out)
    return unicodedata.normalize("NFC", out)


def is_syllable(word: str) -> bool:
    """True if ``word`` (letters only) is a well-formed Vietnamese syllable."""
    d = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in d if c in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return bool(_SYLLABLE.match(base))


def score(text: str) -> int:
    """How Vietnamese a text reads: well-formed syllables with a non-ASCII
    letter minus malformed words that carry non-ASCII characters."""
    good = bad = 0
    for m in _WORD.finditer(text):
        w = m.group(0).strip(_EDGE_PUNCT)
        if not w or w.isascii():
            continue
        if w.isalpha() and is_syllable(w):
            good += 1
        else:
            bad += 1
    return good - bad


def detect(text: str, sample: int = 60000) -> str | None:
    """Which legacy encoding ``text`` (its Windows-1252 view) is in, or None.

    Fires only when the text has characters of the Latin-1 upper half and
    almost none of the letters only Unicode Vietnamese has, and a legacy
    reading scores clearly better than the text as it is.
    """
    s = text[:sample]
    high = len(_HIGH.findall(s))
    if high < 3:
        return None
    viet = len(_VIET_ONLY.findall(s))
    if viet > 0.2 * high:
        return None
    base = score(s)
    best, best_score = None, base
    for enc in ENCODINGS:
        sc = score(convert(s, enc))
        if sc > best_score:
            best, best_score = enc, sc
    if best is None or best_score - base < max(3, 0.1 * abs(base)):
        return None
    return best


def fix(text: str) -> tuple[str, str | None]:
    """Convert ``text`` to Unicode if it is in a legacy encoding; returns (text, encoding or None)."""
    enc = detect(text)
    if enc is None:
        return text, None
    return convert(text, enc), enc
