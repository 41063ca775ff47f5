"""Agency cells ("Cơ quan chủ trì", "Cơ quan phối hợp", "Trách nhiệm thực hiện") -> names.

* :func:`split_agencies` cuts a cell into one item per agency, *as printed*: on bullets
  ("- ", "+ ", "• "), ";" and line breaks, and on commas only between two clearly
  separate agencies.  A line that does not start a new item (a wrapped name:
  "Các cơ quan chuyên\\nmôn thuộc UBND tỉnh;") joins the previous one, and names with
  " - " inside ("Sở Lao động - Thương binh và Xã hội") are never cut.
* :func:`split_roles` reads a cell that labels its own roles ("Đơn vị chủ trì: ...
  Đơn vị phối hợp: ...").
* :func:`canonical`, :func:`aliases`, :func:`matches` use ``data/agencies.json``
  (abbreviations, variants, the 2025 merges of departments) for lookup and search;
  they never change what the table printed.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from . import lazyre
from .deadlines import fold

__all__ = ["split_agencies", "split_roles", "canonical", "aliases", "matches"]

_BULLET = lazyre.compile(r"^\s*(?:[-–—+•*·▪●○◦]|\d{1,2}[.)])\s+|^\s*[-–—+•*·▪●○◦](?=\S)")
_TRIM = lazyre.compile(r"^[\s\-–—+•*·▪●○◦;,.:]+|[\s;,.:]+$")
_SPACES = lazyre.compile(r"\s+")
_INLINE_BULLET = lazyre.compile(r"[;.]\s+[-–+•]\s+")
_TOKEN = lazyre.compile(r"[0-9a-z]+")        # compiled once: _key() runs for every name in agencies.json
_NAME_DASH = lazyre.compile(r"\s[-–]\s(?=\S)")


@dataclass(frozen=True)
class _Vocab:
    item_start: re.Pattern          # text beginning like an agency
    head_only: re.Pattern           # a line that is only a head word ("Lãnh đạo")
    join_after: re.Pattern          # a line ending with a connector
    lead_label: re.Pattern
    support_label: re.Pattern
    abbreviations: tuple[re.Pattern, dict[str, str]]   # one alternation, longest first; abbr -> full


def _words_alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _key(text: str) -> str:
    """Comparison key: abbreviations expanded, no diacritics, lower case, only letters/digits
    (a typed "ubnd" is expanded like a printed "UBND")."""
    folded_abbrev = _folded_abbreviations()
    tokens = _TOKEN.findall(fold(_expand(text)))
    return " ".join(folded_abbrev.get(t, t) for t in tokens)


@cache
def _folded_abbreviations() -> dict[str, str]:
    """Abbreviations as a user would type them: "ubnd" -> "uy ban nhan dan"."""
    out = {}
    for short, full in _raw()["abbreviations"].items():
        k = " ".join(_TOKEN.findall(fold(short)))
        if k and " " not in k:
            out[k] = " ".join(_TOKEN.findall(fold(full)))
    return out


@cache
def _raw() -> dict:
    return json.loads(resources.files("kehoach.data").joinpath("agencies.json").read_text("utf-8"))


@cache
def _vocab() -> _Vocab:
    """Load data/agencies.json once and compile it."""
    raw = _raw()
    starts = _words_alt(raw["item_starts"])
    heads = _words_alt(raw["head_words"])
    joins = raw["join_after"]
    word_joins = _words_alt([w for w in joins if w[0].isalnum()])
    sym_joins = "".join(re.escape(w) for w in joins if not w[0].isalnum())
    lead = _words_alt(raw["role_labels"]["lead"])
    support = _words_alt(raw["role_labels"]["support"])
    return _Vocab(
        item_start=re.compile(rf"^(?:{starts})(?![\w])"),
        head_only=re.compile(rf"^(?:{heads})$"),
        join_after=re.compile(rf"(?:(?<![\w])(?:{word_joins})|[{sym_joins}])$"),
        lead_label=re.compile(rf"(?<![\w])(?:{lead})\s*:", re.IGNORECASE),
        support_label=re.compile(rf"(?<![\w])(?:{support})\s*:", re.IGNORECASE),
        abbreviations=_abbreviations(),
    )


@cache
def _abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    """The abbreviation alternation (longest first) and abbr -> full; separate from :func:`_vocab`
    so that expanding names (every document) does not compile the cell-splitting patterns."""
    table = _raw()["abbreviations"]
    alt = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w&])({alt})(?![\w&])"), table


@cache
def _index() -> tuple[dict[str, dict], dict[str, list[str]]]:
    """(key -> agency entry for every name and variant, canonical -> predecessors)."""
    by_key: dict[str, dict] = {}
    successors: dict[str, list[str]] = {}
    for entry in _raw()["agencies"]:
        for name in [entry["name"], *entry.get("variants", [])]:
            by_key.setdefault(_key(name), entry)
        if entry.get("merged_into"):
            successors.setdefault(entry["merged_into"], []).append(entry["name"])
    return by_key, successors


def _squash(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _clean(item: str) -> str:
    """Bullets, trailing ';' '.' ',' ':' and surrounding spaces removed; otherwise as printed."""
    return _TRIM.sub("", _squash(item))


# --- splitting ------------------------------------------------------------------------------


def _starts_item(text: str) -> bool:
    return bool(_vocab().item_start.match(text.lstrip()))


def _top_level_split(text: str, seps: str) -> list[tuple[str, str]]:
    """Split at any char of ``seps`` outside parentheses; returns (piece, separator-before)."""
    out: list[tuple[str, str]] = []
    depth, buf, sep = 0, [], ""
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if depth == 0 and ch in seps:
            out.append(("".join(buf), sep))
            buf, sep = [], ch
            continue
        buf.append(ch)
    out.append(("".join(buf), sep))
    return out


def _join_lines(lines: list[str]) -> list[str]:
    """Group physical lines into items: a line starts a new item when it carries a bullet, or
    the previous line ended an item (';' '.'), or it begins like an agency after a line that
    is complete (not a lone head word, not ending with a connector)."""
    v = _vocab()
    items: list[str] = []
    prev_closed = True
    for raw_line in lines:
        line = raw_line.strip()
        if not line:
            prev_closed = True if items else prev_closed
            continue
        bullet = bool(_BULLET.match(line))
        if not items:
            items.append(line)
        else:
            prev = items[-1].rstrip()
            prev_body = _clean(prev)
            tail = _top_level_split(prev_body, ",;")[-1][0].strip()
            complete = not v.join_after.search(prev) and not v.head_only.match(tail)
            if bullet or prev_closed or (complete and _starts_item(line)):
                items.append(line)
            else:
                items[-1] = prev + " " + line
        prev_closed = line.endswith((";", "."))
    return items


def _split_commas(item: str) -> list[str]:
    """Cut at commas only where both sides begin like an agency ("Sở Tư pháp, Văn phòng UBND
    tỉnh, Công an tỉnh"); "Các sở, ban, ngành" and "Sở Văn hóa, Thể thao và Du lịch" stay."""
    parts = [p for p, _ in _top_level_split(item, ",")]
    if len(parts) == 1 or not _starts_item(parts[0]):
        return [item]
    out = [parts[0]]
    for part in parts[1:]:
        if _starts_item(part) and part.strip()[:1].isupper():
            out.append(part)
        else:
            out[-1] = out[-1] + "," + part
    return out


def _split_dash_bullets(item: str, bulleted: bool) -> list[str]:
    """A flattened bullet list ("- Sở Tư pháp - Công an tỉnh"): cut at " - " only in a
    bulleted cell and only before an agency start, so names with " - " stay whole."""
    if not bulleted:
        return [item]
    pieces = _NAME_DASH.split(item)
    out = [pieces[0]]
    for piece in pieces[1:]:
        if _starts_item(piece) and _starts_item(out[-1].lstrip("-–+• ")):
            out.append(piece)
        else:
            out[-1] = out[-1] + " - " + piece
    return out


def split_agencies(cell: str | None) -> list[str]:
    """One agency per item, as printed, cleaned of bullets and trailing ';' '.'.

    >>> split_agencies("- Văn phòng UBND tỉnh;\\n- UBND cấp huyện;\\n- UBND cấp xã.")
    ['Văn phòng UBND tỉnh', 'UBND cấp huyện', 'UBND cấp xã']
    """
    if not cell or not cell.strip():
        return []
    text = unicodedata.normalize("NFC", cell).replace("\r", "\n").replace("\u00a0", " ")
    text = _INLINE_BULLET.sub(lambda m: m[0][0] + "\n- ", text)  # "...; - UBND" on one line
    bulleted = bool(_BULLET.match(text.lstrip()))
    items: list[str] = []
    for line_group in _join_lines(text.split("\n")):
        for piece, _sep in _top_level_split(line_group, ";"):
            for part in _split_dash_bullets(piece, bulleted):
                for sub in _split_commas(_clean(part)):
                    name = _clean(sub)
                    if name:
                        items.append(name)
    return items


def split_roles(cell: str) -> tuple[list[str], list[str]] | None:
    """A cell that names its own roles -> (lead, support); None when it has no such labels.

    "Đơn vị chủ trì: Sở Nội vụ. Đơn vị phối hợp: Văn phòng UBND tỉnh; Sở Thông tin và
    truyền thông ..." -> (["Sở Nội vụ"], ["Văn phòng UBND tỉnh", "Sở Thông tin và ..."]).
    """
    if not cell:
        return None
    v = _vocab()
    text = unicodedata.normalize("NFC", cell)
    lead_m = v.lead_label.search(text)
    sup_m = v.support_label.search(text)
    if not lead_m and not sup_m:
        return _inline_roles(text)
    lead_text = support_text = ""
    if lead_m and sup_m:
        if lead_m.start() < sup_m.start():
            lead_text, support_text = text[lead_m.end():sup_m.start()], text[sup_m.end():]
        else:
            support_text, lead_text = text[sup_m.end():lead_m.start()], text[lead_m.end():]
    elif lead_m:
        lead_text = text[lead_m.end():]
    else:
        support_text = text[sup_m.end():]
    return split_agencies(lead_text), split_agencies(support_text)


# "Sở Nội vụ chủ trì, phối hợp với các sở, ngành" / "Sở Tư pháp chủ trì; các sở phối hợp"
_INLINE_LEAD_SUPPORT = lazyre.compile(
    r"^(?P<lead>[^;]+?)\s*\(?\s*(?:là cơ quan |là đơn vị )?chủ trì\s*\)?\s*[,;.]?\s*"
    r"(?:(?:và\s+)?phối hợp(?:\s+với)?|cùng(?:\s+với)?)\s+(?P<support>.+?)\s*[;.]?$", re.I | re.S)
_INLINE_SUPPORT_AFTER = lazyre.compile(
    r"^(?P<lead>[^;]+?)\s*\(?\s*chủ trì\s*\)?\s*[,;.]\s*(?P<support>.+?)\s*\(?\s*phối hợp\s*\)?\s*[;.]?$", re.I | re.S)
_INLINE_LEAD_ONLY = lazyre.compile(r"^(?P<lead>[^;]+?)\s*\(?\s*chủ trì\s*\)?\s*[;.]?$", re.I | re.S)


def _inline_roles(text: str) -> tuple[list[str], list[str]] | None:
    """Roles written into the sentence of a one-column "Đơn vị thực hiện" cell: "X chủ trì,
    phối hợp với Y", "X (chủ trì); Y (phối hợp)", "X chủ trì"; None when the cell has none."""
    flat = " ".join(text.split())
    for pattern in (_INLINE_LEAD_SUPPORT, _INLINE_SUPPORT_AFTER, _INLINE_LEAD_ONLY):
        m = pattern.match(flat)
        if m and _starts_item(m.group("lead")):
            support = m.groupdict().get("support") or ""
            return split_agencies(m.group("lead")), split_agencies(support)
    return None


# --- names ----------------------------------------------------------------------------------


def _expand(text: str) -> str:
    out = unicodedata.normalize("NFC", text)
    pattern, table = _abbreviations()
    return _squash(pattern.sub(lambda m: table[m.group(1)], out))


def _entry(name: str) -> dict | None:
    return _index()[0].get(_key(_clean(name)))


def canonical(name: str) -> str:
    """Full canonical spelling: a known agency's canonical name ("Sở TTTT" -> "Sở Thông tin
    và Truyền thông"), else the name with abbreviations expanded ("UBND cấp xã" -> "Ủy ban
    nhân dân cấp xã").  The printed name of a merged department is kept (see aliases)."""
    cleaned = _clean(name or "")
    entry = _entry(cleaned)
    if entry:
        return entry["name"]
    return _expand(cleaned)


def aliases(name: str) -> list[str]:
    """Other names of the same agency: canonical name, variants, the department it was merged
    into (2025 reorganisation) and, for a merged department, the ones merged into it."""
    cleaned = _clean(name or "")
    entry = _entry(cleaned)
    out: list[str] = []
    if entry:
        out += [entry["name"], *entry.get("variants", [])]
        if entry.get("merged_into"):
            out.append(entry["merged_into"])
        out += _index()[1].get(entry["name"], [])
    else:
        expanded = _expand(cleaned)
        if expanded != cleaned:
            out.append(expanded)
    seen = {cleaned}
    result = []
    for alias in out:
        if alias not in seen:
            seen.add(alias)
            result.append(alias)
    return result


def matches(query: str, name: str) -> bool:
    """Does a user's ``--agency`` query name this agency?  Case-, diacritic- and
    abbreviation-insensitive ("so noi vu", "SỞ NỘI VỤ", "Sở NV" all match "Sở Nội vụ"); the
    query may be part of the name on word boundaries ("noi vu" matches "Lãnh đạo Sở Nội vụ"),
    and a department merged in 2025 is found under its successor ("Sở Khoa học và Công nghệ"
    matches "Sở TTTT")."""
    q = _key(canonical(query or ""))
    q_raw = _key(query or "")
    if not q or not name:
        return False
    cleaned = _clean(name)
    names = [cleaned, canonical(cleaned)]
    entry = _entry(cleaned)
    if entry:
        names += entry.get("variants", [])
        if entry.get("merged_into"):
            names.append(entry["merged_into"])
    for candidate in names:
        key = f" {_key(candidate)} "
        if f" {q} " in key or f" {q_raw} " in key:
            return True
    return False
