"""Vietnam's provinces: the 63 before 1 July 2025 and the 34 after it.

Data: ``data/provinces.json`` (derived from dvhcvn, MIT; see its ``_source``).
Every spelling a person would type ("Kon Tum", "kon-tum", "KONTUM", "tỉnh Kon
Tum", "Kon Tum cũ", "Thừa Thiên Huế", "hue") folds to one key: lower case, no
diacritics, no spaces, without a leading "tỉnh"/"thành phố"/"TP" and a
trailing "cũ"/"mới".
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Optional

from . import lazyre
from .normalize import fold, slug

DATA = Path(__file__).parent / "data" / "provinces.json"
_PREFIX = lazyre.compile(r"^(?:uy ban nhan dan|ubnd)?\s*(?:tinh|thanh pho|tp\.?)\s+")
_SUFFIX = lazyre.compile(r"\s+(?:cu|moi)$")
_KEY_CHARS = lazyre.compile(r"[^a-z0-9]")
_ADMIN_WORD = lazyre.compile(r"\b(?:tinh|thanh pho|tp)\.?\s*$")
# a name right after a commune/district word is that commune's ("xã Quảng Ninh" in Quảng Bình), not a province
_LOCAL_WORD = lazyre.compile(r"\b(?:xa|phuong|thi tran|huyen|quan|thi xa|dac khu)\s*$")
_SEPARATORS = lazyre.compile(r"[-_./]+")
_DASHES = lazyre.compile(r"[-–]")
_SPACES = lazyre.compile(r"\s+")   # compiled once: key() runs ~800 times building the index


@cache
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def key(text: str) -> str:
    """The matching key of a spelling: 'Tỉnh Kon Tum' -> 'kontum', 'TP. HCM' -> 'hcm'."""
    f = fold(text).strip()
    f = _SEPARATORS.sub(" ", f)
    f = _SPACES.sub(" ", f).strip()
    f = _SUFFIX.sub("", f)
    stripped = _PREFIX.sub("", f)
    return _KEY_CHARS.sub("", stripped or f)


@cache
def _index() -> dict[str, list[dict]]:
    """key -> provinces (old entries first, then new) that spelling can mean."""
    idx: dict[str, list[dict]] = {}
    for era, field in (("old", "before_2025_07_01"), ("new", "from_2025_07_01")):
        for p in _data()[field]:
            entry = dict(p, era=era)
            for spelling in {p["slug"], p["name"], p["short_name"], *p["aliases"]}:
                k = key(spelling)
                if k and entry not in idx.setdefault(k, []):
                    idx[k].append(entry)
    return idx


def all_provinces(era: str | None = None) -> list[dict]:
    """Every province record; ``era`` "old" (63, before 1 July 2025) or "new" (34)."""
    out = []
    if era in (None, "old"):
        out += [dict(p, era="old") for p in _data()["before_2025_07_01"]]
    if era in (None, "new"):
        out += [dict(p, era="new") for p in _data()["from_2025_07_01"]]
    return out


def _by_slug(s: str, era: str) -> Optional[dict]:
    for p in all_provinces(era):
        if p["slug"] == s:
            return p
    return None


def _note(p: dict) -> str:
    if p["era"] == "old":
        into = p.get("merged_into")
        if into == p["slug"] or (into == "hue" and p["slug"] == "thuathienhue"):
            return f"{p['name']} (before 1 July 2025); unchanged as {p['merged_into_name']}"
        return f"{p['name']} (before 1 July 2025); merged into {p['merged_into_name']} on 1 July 2025"
    olds = [(_by_slug(s, "old") or {}).get("name", s) for s in p.get("merged_from", [])]
    if len(olds) > 1:
        return f"{p['name']} (from 1 July 2025); formed from " + ", ".join(olds)
    return f"{p['name']} (from 1 July 2025)"


def resolve(text: str) -> list[dict]:
    """All provinces (old and new) a spelling can mean, each with a ``note``.

    ``resolve("quangngai")`` gives the old Quảng Ngãi (merged into the new one)
    and the new Quảng Ngãi (formed from Quảng Ngãi and Kon Tum).  A name of a
    new province also brings the old provinces merged into it.
    """
    hits = _index().get(key(text), [])
    out = [dict(p, note=_note(p)) for p in hits]
    return out


def slug_for(name: str) -> Optional[str]:
    """The CONTRACT slug of a province name as a person or a document spells it, or None.

    The province as named wins: "Kon Tum" -> "kontum" (not the province it merged into).
    """
    hits = resolve(name)
    if not hits:
        return None
    return hits[0]["slug"]


@cache
def _names() -> list[tuple[str, str]]:
    """(folded name, slug), longest first, for searching running text."""
    pairs: dict[str, str] = {}
    for p in all_provinces():
        for spelling in {p["short_name"], *p["aliases"]}:
            f = _SPACES.sub(" ", fold(spelling)).strip()
            f = _PREFIX.sub("", f)
            if len(f) >= 3 and " " in f or f in ("hue",):
                pairs.setdefault(f, p["slug"])
    return sorted(pairs.items(), key=lambda kv: -len(kv[0]))


def find_in_text(text: str) -> Optional[str]:
    """The slug of the province named in an issuer line or title.

    "ỦY BAN NHÂN DÂN TỈNH KON TUM" -> "kontum"; "BAN QUẢN LÝ KHU KINH TẾ ... TỈNH KHÁNH HÒA"
    -> "khanhhoa"; "THÀNH PHỐ HỒ CHÍ MINH" -> "hochiminh"; "UBND TỈNH LÂM ĐỒNG" -> "lamdong".
    A name right after "tỉnh"/"thành phố" wins over a bare mention; a name right after "xã", "phường",
    "huyện" ... is a commune's or a district's and never counts ("UBND XÃ QUẢNG NINH").
    """
    f = _DASHES.sub(" ", fold(text))
    f = _SPACES.sub(" ", f)
    pattern, slugs = _names_pattern()
    best: Optional[tuple[int, int, str]] = None
    for m in pattern.finditer(f):
        if _LOCAL_WORD.search(f[max(0, m.start() - 12): m.start()]):
            continue
        admin = bool(_ADMIN_WORD.search(f[: m.start()]))
        rank = (0 if admin else 1, m.start())
        if best is None or rank < best[:2]:
            best = (*rank, slugs[m.group(1)])
    return best[2] if best else None


@cache
def _names_pattern():
    """One compiled alternation of every folded name (longest first) and name -> slug."""

    names = _names()
    alt = "|".join(re.escape(n) for n, _ in names)
    return re.compile(r"(?<![a-z0-9])(" + alt + r")(?![a-z0-9])"), dict(names)


def query_slugs(text: str) -> tuple[list[str], list[str]]:
    """What ``--province TEXT`` selects: the slugs of every province the spelling means and, for a
    province formed on 1 July 2025, the old provinces merged into it; with notes for the user.

    ``query_slugs("quangngai")`` -> (["quangngai", "kontum"], ["Kon Tum merged into Quảng Ngãi on 1 July
    2025: its documents are included"]).
    """
    slugs: list[str] = []
    notes: list[str] = []

    def add(s: str) -> None:
        if s not in slugs:
            slugs.append(s)

    for p in resolve(text):
        add(p["slug"])
        if p["era"] == "new":
            for old in p.get("merged_from", []):
                add(old)
                if old != p["slug"]:
                    o = _by_slug(old, "old") or {}
                    verb = "became" if len(p.get("merged_from", [])) == 1 else "merged into"
                    notes.append(f"{o.get('short_name', old)} {verb} {p['short_name']} on 1 July 2025:"
                                 f" its documents are included")
        else:
            into = p.get("merged_into")
            if into and into != p["slug"] and not (into == "hue" and p["slug"] == "thuathienhue"):
                notes.append(f"{p['short_name']} merged into {_by_slug(into, 'new').get('short_name', into)} on 1 July 2025;"
                             f" --province {into} selects the whole new province")
    return slugs, list(dict.fromkeys(notes))
