"""Citations of other legal documents ("Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025 của
Chính phủ về ...") as :class:`~kehoach.models.LegalBasis` records.

:func:`find_references` finds every citation in a text (later stages reuse it on task
content); :func:`legal_bases` splits one "Căn cứ ..." paragraph into the documents it rests on
(one per ';'-separated part, plus siblings listed with ',' / 'và').  The vocabulary (document
kinds, ký hiệu codes that imply an issuer) is in ``data/doc_types.json``.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Optional

import regex  # Unicode properties (\p{Lu}, \p{L}) and variable-width look-behinds; the rest is stdlib re

from . import lazyre
from .models import LegalBasis

DATA = Path(__file__).parent / "data" / "doc_types.json"

NUMBER = r"\d{1,5}\s?(?:/\s?\d{4})?(?:[/-]\s?[\p{Lu}Đđ][\p{L}\d.]*(?:[-/]\s?[\p{Lu}\d][\p{L}\d.]*)*)"
DATE_VN = lazyre.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
DATE_NUM = lazyre.compile(r"(?:ngày\s+)?(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})")
_SEG_SPLIT = lazyre.compile(r";\s*")
_OF_ISSUER = lazyre.compile(r"^[\s,]*(?:ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{4})?"
                        r"\s*của\s+(.+)")


@cache
def _vocab() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@cache
def _ref_pattern() -> re.Pattern:
    words = sorted(_vocab()["reference_words"], key=len, reverse=True)
    kinds = "|".join(re.escape(w) for w in words)
    return regex.compile(
        rf"(?<![\p{{L}}])(?P<kind>{kinds})"
        rf"(?:\s+(?:số|số:)\s*(?P<num>{NUMBER})|\s+(?P<num2>{NUMBER})(?=[\s,;.)]|$)|(?=\s+\p{{Lu}}))")


@cache
def _lead_pattern() -> re.Pattern:
    """A part that opens with a document kind even without a number ("Luật sửa đổi ...")."""
    words = sorted(_vocab()["reference_words"], key=len, reverse=True)
    kinds = "|".join(re.escape(w) for w in words)
    return regex.compile(rf"^(?P<kind>{kinds})(?:\s+(?:số|số:)\s*(?P<num>{NUMBER}))?(?P<num2>)")


def parse_date(text: str) -> Optional[dt.date]:
    """The first full date in ``text``: "ngày 08 tháng 01 năm 2025" or "08/01/2025"."""
    for pat in (DATE_VN, DATE_NUM):
        m = pat.search(text)
        if m:
            try:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
    return None


def _issuer(after: str, number: Optional[str]) -> Optional[str]:
    """The issuer named by "của ..." right after the citation, else the one its ký hiệu implies."""
    m = _OF_ISSUER.match(after)
    if m:
        stops = set(_vocab()["issuer_stop_words"])
        words: list[str] = []
        ws = m.group(1).split()
        for k, w in enumerate(ws):
            bare = w.strip(",;.()")
            nxt = ws[k + 1] if k + 1 < len(ws) else ""
            if not bare or (words and (bare in stops or (bare == "ban" and nxt.startswith("hành")))):
                break
            words.append(w)
            if w.endswith((";", ".", ")")) or (w.endswith(",") and not _next_capital(m.group(1), len(" ".join(words)))):
                break
        text = re.sub(r"(?:\s+(?:và|của|hoặc|tại))+$", "", " ".join(words).strip(" ,;.")).strip(" ,;.")
        if text:
            return text
    if number:
        codes = _vocab()["issuer_codes"]
        parts = re.split(r"[-/]", number)
        for p in reversed(parts):
            p = re.sub(r"\d+$", "", p)        # QH15 -> QH
            if p in codes:
                return codes[p]
    return None


def _next_capital(s: str, pos: int) -> bool:
    rest = s[pos:].lstrip(" ,")
    return bool(rest) and rest[0].isupper()


def _clean_number(num: Optional[str]) -> Optional[str]:
    if not num:
        return None
    num = re.sub(r"\s+", "", num).rstrip(".,")
    return num or None


def find_references(text: str) -> list[LegalBasis]:
    """Every citation of a document in ``text``, in order.

    A citation is a document kind ("Nghị quyết", "Luật" ...) followed by "số" and a
    number, a bare number, or (for a named law) a capitalised name.  Named documents
    without number count only when a date follows ("Luật Tổ chức ... ngày 19 tháng 6 năm 2015").
    """
    out: list[LegalBasis] = []
    matches = list(_ref_pattern().finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        seg = text[m.start():end]
        seg = _SEG_SPLIT.split(seg, maxsplit=1)[0]
        number = _clean_number(m.group("num") or m.group("num2"))
        date = parse_date(seg[: 120])
        if number is None and date is None:
            continue
        after = text[m.end():end]
        seg = re.sub(r"\s+(?:và|của)\s*$", "", seg.strip(" ,;."))
        out.append(LegalBasis(text=seg or m.group(0), doc_type=m.group("kind"),
                              number=number, date=date, issuer=_issuer(after, number)))
    return out


def legal_bases(paragraph: str) -> list[LegalBasis]:
    """The documents one "Căn cứ ..." paragraph rests on.

    Each ';'-separated part gives its first citation; a citation that follows another one
    after only ',' or 'và' (a list of siblings) counts too.  Citations inside a part's
    description ("... thực hiện Nghị quyết số 57-NQ/TW ...") are mentions, not bases.
    """
    body = re.sub(r"^\s*(?:Căn cứ|Theo|Thực hiện|Xét)\s+", "", paragraph.strip())
    out: list[LegalBasis] = []
    for part in _SEG_SPLIT.split(body):
        part = part.strip(" .;")
        if not part:
            continue
        refs = list(_ref_pattern().finditer(part))
        lead = _lead_pattern().match(part)
        if lead and (not refs or refs[0].start() > 0):
            refs.insert(0, lead)
        if not refs or refs[0].start() > 3:
            continue
        chosen = [refs[0]]
        for prev, cur in zip(refs, refs[1:]):
            if prev is not chosen[-1]:
                break
            gap = part[prev.end():cur.start()]
            gap = DATE_VN.sub("", DATE_NUM.sub("", gap))
            gap = re.sub(r"của\s+[^,]*", "", gap)
            if re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", gap):
                chosen.append(cur)
        for k, m in enumerate(chosen):
            idx = refs.index(m)
            end = refs[idx + 1].start() if idx + 1 < len(refs) and refs[idx + 1] in chosen else len(part)
            seg = part[m.start():end].strip(" ,;.")
            seg = re.sub(r"\s+và$", "", seg)
            number = _clean_number(m.group("num") or m.group("num2"))
            out.append(LegalBasis(text=seg, doc_type=m.group("kind"), number=number,
                                  date=parse_date(seg), issuer=_issuer(part[m.end():end], number)))
    return out
