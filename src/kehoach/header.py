"""Stage 3: the document header (thể thức văn bản) -> ``ctx.document``.

Reads, from the cleaned blocks (and small layout tables of Word files): the
title word ("QUYẾT ĐỊNH", "KẾ HOẠCH", "Phụ lục II") and the trích yếu after it,
the issuer line ("ỦY BAN NHÂN DÂN TỈNH KON TUM", abbreviations expanded), the
Số / place-date line, the "Căn cứ" paragraphs (legal bases, via
:mod:`kehoach.references`), the Nơi nhận list and the signature block.  A
blank number or day stays null unless the e-signature stamp (``raw.extra_text``
role "stamp") or digits stamped into the blanks (role "stamp_digits") give it.
Header blocks get ``role="header"`` so that the sections stage skips them.

What the excerpt itself lacks may come, as a fallback only, from a scraped page's
furniture (:func:`kehoach.clean.site_metadata`: its metadata box and title line);
a title with no title word above it is the upper-case line under the Số /
place-date lines, else the plan's naming of itself in its opening sentence.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple, Optional

import regex  # Unicode properties (\p{Lu}, \p{L}) and variable-width look-behinds; the rest is stdlib re

from . import lazyre, provinces
from .blocks import Block
from .clean import STAMP, is_caps, site_metadata
from .context import Context, loc
from .models import Signer
from .references import DATE_NUM, legal_bases

DATA = Path(__file__).parent / "data"

# "Số: 78/QĐ-UBND", "Số 445-KL/TU" (party documents: number-symbol), "* Số: 12/KH-UBND" (a star under the issuer)
SO_LINE = lazyre.compile_regex(r"^(?:\*\s*)?Số\s*:?\s*(?P<num>\d[\d\s]*)?\s*(?P<sym>[/\-]\s*[\p{L}\d.\-/()]+)?")
PLACE_DATE = lazyre.compile_regex(
    r"(?P<place>\p{Lu}[\p{L} .]*?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*(?:/|tháng)\s*(?P<m>\d{1,2})?\s*(?:/|năm)\s*(?P<y>\d{4})")


def _place_date(text: str):
    """PLACE_DATE's match in ``text`` (the literal "ngày" first: most lines have none, and the lazy
    place part makes a failing search scan from every capital)."""
    return PLACE_DATE.search(text) if "ngày" in text else None


ATTACHED = lazyre.compile_regex(
    r"(?:Ban hành\s+)?kèm theo\s+(?P<kind>Quyết định|Kế hoạch|Nghị quyết)\s+số\s*:?\s*(?P<num>\d+)\s*(?P<sym>/\s*[\p{L}\d\-/]+)"
    r"\s*ngày\s*(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", re.I)
NAME = lazyre.compile_regex(r"^(?:\p{Lu}[\p{Ll}]*\.?\s+){1,5}\p{Lu}[\p{Ll}]*$|^(?:\p{Lu}+\s+){1,5}\p{Lu}+$")
AUTH_PREFIX = lazyre.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*")
QUOC_HIEU = lazyre.compile(r"CỘNG HO?ÒA XÃ HỘI CHỦ NGHĨA|Độc lập\s*[-–]\s*Tự do|^ĐẢNG CỘNG SẢN VIỆT NAM$", re.I)
ENACT = lazyre.compile(r"^(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ)\s*:\s*$")
PROPOSAL = lazyre.compile(r"^(?:Theo đề nghị|Xét đề nghị)")


@dataclass
class Line:
    """One header candidate line: its text and the block it comes from."""

    text: str
    block: Block
    parent: Optional[str] = None    # an issuer's parent body line ("UBND TỈNH TUYÊN QUANG" above "UBND XÃ ...")


@cache
def _doc_types() -> dict:
    return json.loads((DATA / "doc_types.json").read_text(encoding="utf-8"))


@cache
def _issuers() -> dict:
    return json.loads((DATA / "issuers.json").read_text(encoding="utf-8"))


@cache
def _title_word_re() -> re.Pattern:
    words = sorted(_doc_types()["title_words"], key=len, reverse=True)
    return regex.compile(r"^(?P<w>" + "|".join(re.escape(w) for w in words) + r")(?![\p{L}:])\s*(?P<rest>.*)$")


@cache
def _signer_re() -> re.Pattern:
    titles = sorted(_issuers()["signer_titles"], key=len, reverse=True)
    return re.compile(r"^(?P<auth>(?:(?:TM|KT|Q|TL|TUQ)\.\s*[^\n]*?\s+)?)(?P<title>"
                      + "|".join(re.escape(t) for t in titles) + r")\s*$")


SO_STUB = lazyre.compile(r"^(?:\*\s*)?Số\s*:?$")
ONE_WORD = lazyre.compile_regex(r"^\p{Lu}\p{L}*$")      # a header cell's line cut after its first word
DATE_STUB = lazyre.compile_regex(r"^\p{Lu}[\p{L} .]*,\s*ngày(?:\s+\d{1,2})?$")
ROMAN = lazyre.compile(r"^[IVXLC]+$")
PLACE_STUB = lazyre.compile_regex(r"^\p{Lu}[\p{L} .\-]{1,40},$")    # "Thừa Thiên Huế," / "ngày 13 tháng 5 năm 2024"


def _lines(ctx: Context) -> list[Line]:
    """Text blocks, and the lines of small tables (Word layout tables of the header/signature).

    A table that opens the document is the header's layout table whatever its size (a scraped
    page's "|"-separated cells); its cell lines broken inside a field are rejoined
    ("Số:" / "258/KH-UBND", "Lai Châu, ngày 25" / "tháng 4 năm 2024")."""
    out: list[Line] = []
    for k, b in enumerate(ctx.blocks):
        if b.kind == "text":
            out.append(Line(b.text.strip(), b))
        elif (len(b.rows) <= 4 and b.ncols <= 3) or (not out and len(b.rows) <= 12):
            for r in b.rows:
                for c in r.cells:
                    for t in c.text.split("\n"):
                        if t.strip():
                            out.append(Line(t.strip(), b))
    return _rejoin_fields(out)


def _rejoin_fields(lines: list[Line]) -> list[Line]:
    """Join a header field broken over two lines: a bare "Số:" and its number, a place-date line
    cut after "ngày"."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and i < 12 and ONE_WORD.match(ln.text) and nxt.text[:1].isalpha() \
                and (ln.block.kind == "table" and nxt.block is ln.block or _cut_word(ln.text, nxt.text)):
            lines[i + 1] = _Joined(f"{ln.text} {nxt.text}", ln.block, [ln, nxt])   # "ỦY" / "BAN NHÂN DÂN"
            i += 1
            continue
        if nxt is not None and i < 40 and (SO_STUB.match(ln.text) or DATE_STUB.match(ln.text)
                                           or (PLACE_STUB.match(ln.text) and nxt.text.startswith("ngày"))):
            joined = f"{ln.text} {nxt.text}"
            so = SO_LINE.match(joined)
            if (so and so.group("num")) or _place_date(joined):
                out.append(_Joined(joined, ln.block, [ln, nxt]))
                i += 2
                continue
        out.append(ln)
        i += 1
    return out


def _cut_word(word: str, nxt: str) -> bool:
    """A header text line cut after its first word by a scraped two-column layout: an upper-case
    word before an upper-case line ("ỦY" / "BAN NHÂN DÂN TỈNH TIỀN GIANG"), or the first word of a
    place before the rest of its place-date line ("Mỹ" / "Tho, ngày 24 tháng 12 năm 2009")."""
    if word.isupper() and len(word) > 1 and not ROMAN.match(word):      # not "II" / "NỘI DUNG"
        return is_caps(nxt) and not _title_word(nxt) and not QUOC_HIEU.search(nxt)
    return bool(_place_date(f"{word} {nxt}")) and nxt.index(",") < 30 and not nxt.startswith("ngày")


def _title_word(text: str, caps_rest: bool = False) -> Optional[tuple[str, str]]:
    """('QĐ', rest) when ``text`` is a document title word ("KẾ HOẠCH", "Phụ lục II ...").

    An upper-case rest ("KẾ HOẠCH THỰC HIỆN ...": the title word joined with its trích yếu)
    only counts with ``caps_rest`` (the search for the document's own title)."""
    t = text.strip()
    m = re.match(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?[IVXLC\d]+\b)?\s*[.:]?\s*(?P<rest>.*)$", t)
    if m and (t.startswith("PHỤ LỤC") or re.match(r"^Phụ lục\s+[IVXLC\d]+\s*$", t) or not m.group("rest")):
        return "PL", m.group("rest")
    m = _title_word_re().match(t)
    if m and (not m.group("rest") or caps_rest or not is_caps(m.group("rest"))):
        return _doc_types()["title_words"][m.group("w")], m.group("rest")
    return None


def run(ctx: Context) -> None:
    """Fill ``ctx.document`` and mark the header's blocks ``role="header"``."""
    doc = ctx.document
    lines = _lines(ctx)
    header: set[int] = set()

    def mark(ln: Line) -> None:
        header.add(id(ln.block))
        ln.block.role = "header"

    # title word + trích yếu -------------------------------------------------
    t_idx = None
    for i, ln in enumerate(lines[:60]):
        if ln.text.startswith("Căn cứ") or (i and _title_word(ln.text) is None and PROPOSAL.match(ln.text)):
            break               # the body has begun: no title word in this document
        tw = _title_word(ln.text, caps_rest=True)
        if tw:
            t_idx = i
            doc.doc_type = tw[0]
            title = tw[1].strip()
            mark(ln)
            j = i + 1
            if not title:
                while j < len(lines) and (not lines[j].text or QUOC_HIEU.search(lines[j].text)):
                    j += 1
                if j < len(lines) and _usable_title(lines[j].text):
                    title = lines[j].text
                    mark(lines[j])
                    j += 1
            title = _subject_of_meeting(_cut_authority(_continue_title(title, lines, j, mark)))
            doc.title = _one_line(title) or None
            doc.source = loc(ln.block)
            break

    # issuer / quốc hiệu / Số / place-date ----------------------------------
    issuer_ln = _find_issuer(lines)
    if issuer_ln is not None:
        doc.issuer = expand_issuer(issuer_ln.text)
        for part in getattr(issuer_ln, "parts", None) or [issuer_ln]:
            mark(part)
    else:
        doc.issuer = _issuer_fallback(lines, doc.title)
    number, sym_only, date_parts = None, None, None
    for i, ln in enumerate(lines[:80]):
        if _is_quoc_hieu_line(ln.text) or (t_idx is not None and i < t_idx and QUOC_HIEU.search(ln.text)):
            mark(ln)
        so = SO_LINE.match(ln.text)
        if so and number is None and sym_only is None and (so.group("num") or so.group("sym")):
            mark(ln)
            if so.group("num"):
                number = re.sub(r"\s+", "", so.group("num") + (so.group("sym") or ""))
            else:
                sym_only = re.sub(r"\s+", "", so.group("sym") or "")
        pd = _place_date(QH_TEXT.sub(" ", SO_LINE.sub("", ln.text) if so else ln.text))
        if pd and date_parts is None and not ln.text.startswith("(") and "kèm theo" not in ln.text:
            mark(ln)
            doc.place = _clean_place(pd.group("place"))
            date_parts = (pd.group("d"), pd.group("m"), pd.group("y"))
    number, date_parts = _fill_from_stamps(ctx, number, sym_only, date_parts)
    doc.number = _strip_symbol_noise(number)
    doc.date = _date(date_parts)
    if doc.title is None:
        _vv_title(lines, doc, mark)
    if doc.title is None:
        _bare_title(lines, doc, mark)
    meta = site_metadata(ctx.raw)
    _from_site(meta, doc)
    if doc.doc_type is None and doc.number:
        doc.doc_type = _type_from_symbol(doc.number)
    if doc.number is None or doc.date is None:
        _from_attached(lines, doc)
    if doc.title is None:
        _opening_title(lines, doc)

    # legal bases, enacting words -----------------------------------------------
    for ln in lines:
        if ln.text.startswith("Căn cứ") and ln.block.kind == "text":
            doc.legal_bases.extend(legal_bases(ln.text))
            mark(ln)
        elif PROPOSAL.match(ln.text) or ENACT.match(ln.text):
            mark(ln)

    # province ---------------------------------------------------------------
    parent = issuer_ln.parent if issuer_ln is not None else None
    if parent and not doc.parent_issuer:
        doc.parent_issuer = expand_issuer(parent)
    doc.province = _province(lines, doc, issuer_ln, parent)
    if doc.province is None and meta.get("issuer"):
        doc.province = provinces.find_in_text(meta["issuer"])
    doc.issuer = _complete_bare_issuer(doc.issuer, doc.place, doc.province)
    if t_idx is not None:
        auth = lines[t_idx + 1:t_idx + 6]
        for ln in auth:
            if is_caps(ln.text) and re.search(r"ỦY BAN|UBND|BAN |SỞ |HỘI ĐỒNG", ln.text) and not _title_word(ln.text):
                mark(ln)
                if issuer_ln is not None and not provinces.find_in_text(issuer_ln.text) and len(ln.text) < 120 \
                        and ln.text.startswith(QH_TEXT.sub(" ", issuer_ln.text).strip(" |")):
                    doc.issuer = expand_issuer(ln.text)     # "ỦY BAN NHÂN DÂN" above, the full name here
                    doc.province = provinces.find_in_text(ln.text) or doc.province
                break
    _recipients(lines, doc, mark)
    _signer(lines, doc, mark)
    if doc.signer is None and meta.get("signer") and NAME.match(meta["signer"]):
        doc.signer = Signer(name=_name_case(meta["signer"]))     # the site's "Người ký": a name, no title
    _plan(lines, doc, t_idx, mark)


def _continue_title(title: str, lines: list[Line], j: int, mark) -> str:
    """A trích yếu printed over several lines: an upper-case title goes on with the upper-case
    lines after it (not an issuer / authority line, a Số line or another title word); any title
    with a line that starts in lower case and is short (party documents: "... / về ...")."""
    starts = tuple(_issuers()["issuer_starts"]) + ("CHỦ TỊCH", "TM.", "KT.")
    for ln in lines[j:j + 3]:
        t = ln.text
        if not title or not t or len(t) > 160 or not _usable_title(t) or _title_word(t) or t.startswith("("):
            break
        caps_go_on = (is_caps(title) and not any(c.islower() for c in t) and any(c.isalpha() for c in t)
                      and not t.startswith(starts) and not _place_date(t))
        lower_go_on = t[0].islower() and not title.rstrip().endswith((".", ";", ":"))
        if not (caps_go_on or lower_go_on):
            break
        title = f"{title} {t}"
        mark(ln)
    return title


def _cut_authority(title: str) -> str:
    """An upper-case title that runs on into the authority line printed under it ("... NĂM 2016 - 2020
    HỘI ĐỒNG NHÂN DÂN TỈNH AN GIANG KHÓA VIII"): cut where an authority phrase starts a new phrase
    (not after "CỦA", "VÀ", a comma ...)."""
    if not is_caps(title):
        return title
    links = tuple(_issuers()["authority_link_words"])
    for phrase in _issuers()["authority_phrases"]:
        for m in re.finditer(r"(?<=\s)" + re.escape(phrase) + r"\b", title):
            before = title[:m.start()].rstrip()
            if before and not before.endswith(",") and not before.upper().endswith(links):
                return before
    return title


def _subject_of_meeting(title: str) -> str:
    """A party conclusion or resolution names the meeting that issues it before its subject
    ("KẾT LUẬN / HỘI NGHỊ LẦN THỨ BẢY BAN CHẤP HÀNH ĐẢNG BỘ TỈNH (KHÓA XVI) / về xây dựng hệ thống
    kết cấu hạ tầng ..."): the meeting is the author, like the authority line under a decision's
    title, and the title is what it concludes about, from "về" on ("Về xây dựng ...").  A title
    that names the meeting and no subject stays as printed."""
    meetings = tuple(_issuers()["meeting_bodies"])
    t = title.strip()
    if not t.upper().startswith(meetings):
        return title
    for m in re.finditer(r"\s(về|VỀ)\s", t):
        before = t[:m.start()]
        if is_caps(before) and not before.rstrip().endswith(("VÀ", "CỦA")):
            subject = t[m.start(1):]
            return subject[:1].upper() + subject[1:]
    return title


def _usable_title(text: str) -> bool:
    return bool(text) and not text.startswith(("Căn cứ", "STT", "Số:")) and not QUOC_HIEU.search(text)


def _one_line(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s*\((?:Ban hành\s+)?[Kk]èm theo.*$", "", text).strip()


# the quốc hiệu and tiêu ngữ (or a party document's "ĐẢNG CỘNG SẢN VIỆT NAM"), removed from a header line
# that a two-column layout flattened into one ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI ...")
QH_TEXT = lazyre.compile(r"CỘNG HO?ÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HO?ÒA XÃ HỘI|CHỦ NGHĨA VIỆT NAM"
                     r"|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc|ĐẢNG CỘNG SẢN VIỆT NAM", re.I)
PLACE_WORD = lazyre.compile_regex(r"^(?:\p{Lu}\p{Ll}*|TP\.?|Tp\.)$")


def _is_quoc_hieu_line(text: str) -> bool:
    """The quốc hiệu / tiêu ngữ itself, alone or beside header parts (issuer, Số, place and date).

    A sentence that merely quotes it ("22. Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!")
    is not: what is left after removing it is body text."""
    if not QUOC_HIEU.search(text):
        return False
    rest = QH_TEXT.sub(" ", text).strip(" -–|*")
    return not rest or is_caps(rest) or bool(SO_LINE.match(rest) or _place_date(rest))


def _clean_place(place: str) -> str:
    """The place name before ", ngày": its last capitalised words ("Hạnh phúc Lâm Đồng" -> "Lâm Đồng",
    "UBND TỈNH THANH HÓA Thanh Hóa" -> "Thanh Hóa")."""
    words = place.split()
    k = len(words)
    while k > 0 and PLACE_WORD.match(words[k - 1]) and not (k < len(words) and is_caps(words[k - 1])
                                                             and len(words[k - 1]) > 3):
        k -= 1
    return " ".join(words[k:]) or place.strip()


VV = lazyre.compile(r"^(?:V/v|V/V|Về việc)\s*:?\s*(?P<t>\S.*)$")


def _vv_title(lines: list[Line], doc, mark) -> None:
    """A letter (công văn) has no title word: its trích yếu is the "V/v ..." line under the number."""
    for ln in lines[:25]:
        m = VV.match(ln.text)
        if m:
            mark(ln)
            t = m.group("t")
            pd = _place_date(t)       # the place-date line printed beside it, joined in
            doc.title = _one_line(t[:pd.start()] if pd else t)
            if doc.doc_type is None:
                doc.doc_type = "CV"
            return


MARKER_START = lazyre.compile(r"^(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s|^(?:Điều|ĐIỀU|Chương|CHƯƠNG|Phần|PHẦN|Mục|MỤC)\s")


def _bare_title(lines: list[Line], doc, mark) -> None:
    """A trích yếu whose title word the excerpt lost (a scrape printed "KẾ HOẠCH" in an element it
    dropped): the upper-case line right under the header's Số / place-date lines, before the body
    ("CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN TỈNH THANH HÓA NĂM 2026").  Not an issuer or authority line
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"), not a heading of the body ("I. MỤC ĐÍCH, YÊU CẦU")."""
    last = None
    for i, ln in enumerate(lines[:40]):
        if ln.block.role == "header":
            last = i
        elif ln.text.startswith("Căn cứ") or PROPOSAL.match(ln.text):
            break
    if last is None:
        return
    starts = tuple(_issuers()["issuer_starts"]) + ("CHỦ TỊCH", "TM.", "KT.", "GIÁM ĐỐC", "TRƯỞNG BAN")
    for j in range(last + 1, min(last + 4, len(lines))):
        ln = lines[j]
        t = ln.text.strip()
        if not t or set(t) <= set("-–_*.| "):
            continue
        if not (is_caps(t) and len(t) >= 12 and _usable_title(t)) or t.startswith(starts) \
                or MARKER_START.match(t) or _place_date(t) or SO_LINE.match(t) or t.endswith(":") \
                or t.startswith(tuple(_doc_types()["body_headings"])):
            return
        mark(ln)
        doc.title = _one_line(_cut_authority(_continue_title(t, lines, j + 1, mark))) or None
        doc.source = loc(ln.block)
        return


SITE_TITLE_PREFIX = lazyre.compile(r"^\S+(?:\s+\S+){0,3}?\s+(?:số\s+)?\d+[/\-]\S+(?:\s+năm\s+\d{4})?\s+")


def _from_site(meta: dict, doc) -> None:
    """Fill what the document's own header left empty from the scraped page's furniture
    (:func:`kehoach.clean.site_metadata`): its metadata box (Số hiệu, Ngày ban hành, Loại văn
    bản, Cơ quan ban hành) and its title line ("Kế hoạch 257/KH-UBND năm 2025 cải cách hành chính
    ..." -> "Cải cách hành chính ...").  Only a fallback: the document's own lines always win."""
    if not meta:
        return
    if doc.number is None and re.match(r"^\d", meta.get("number", "")):
        doc.number = re.sub(r"\s+", "", meta["number"])
    if doc.date is None and meta.get("date"):
        m = DATE_NUM.search(meta["date"])
        if m:
            doc.date = _date((m.group(1), m.group(2), m.group(3)))
    if doc.doc_type is None and meta.get("doc_type"):
        doc.doc_type = _doc_types()["title_words"].get(meta["doc_type"].upper())
    if doc.issuer is None and meta.get("issuer"):
        issuer = expand_issuer(meta["issuer"])
        if issuer.upper().startswith(tuple(_issuers()["issuer_starts"])) or issuer.startswith("Ủy ban"):
            doc.issuer = issuer           # "UBND tỉnh Lạng Sơn"; a bare place ("Tỉnh Thanh Hóa") names no issuer
    if doc.title is None and meta.get("site_title"):
        rest = SITE_TITLE_PREFIX.sub("", meta["site_title"], count=1).strip()
        if rest and rest != meta["site_title"].strip():
            doc.title = rest[:1].upper() + rest[1:]


OPENING_KIND = lazyre.compile(r"(?:ban hành|xây dựng)\s+(?P<kind>Kế hoạch|Chương trình|Đề án|Phương án|Hướng dẫn)\s+")
OPENING_END = lazyre.compile(r"\s*,?\s*(?:với\s+(?:những|các)\s+nội dung\s+(?:cụ thể\s+|chủ yếu\s+)?(?:như\s+)?sau"
                             r"|(?:cụ thể\s+)?như\s+sau)\s*:")


def _opening_title(lines: list[Line], doc) -> None:
    """No title anywhere in the excerpt: a plan names itself in its opening sentence ("... UBND
    tỉnh xây dựng Kế hoạch hành động thực hiện Chương trình “...” đến năm 2025, tầm nhìn đến năm
    2030 như sau:"); the words after the kind are its title when the kind is the document's."""
    for ln in lines[:40]:
        if ln.block.kind != "text" or ln.block.role == "header":
            continue
        end = OPENING_END.search(ln.text) if "sau" in ln.text else None
        kinds = list(OPENING_KIND.finditer(ln.text, 0, end.start())) if end else []
        if not kinds:
            continue
        m = kinds[-1]                    # the kind nearest "như sau": the plan itself, not what it carries out
        t = ln.text[m.end():end.start()].strip()
        if t and not re.match(r"(?:số|này)\b", t) \
                and doc.doc_type in (None, _doc_types()["title_words"].get(m.group("kind").upper())):
            doc.title = t[:1].upper() + t[1:]
            return


def _type_from_symbol(number: str) -> Optional[str]:
    """The kind a number's ký hiệu names ("594/KH-UBND" -> KH, "445-KL/TU" -> KL); a ký hiệu that
    starts with the issuer's code ("123/UBND-KT") is a letter (CV)."""
    parts = [p for p in re.split(r"[-/]", number) if p and not p.isdigit()]
    if not parts:
        return None
    symbols = _doc_types()["symbols"]
    if parts[0] in symbols:
        return symbols[parts[0]]
    return "CV" if len(parts) >= 2 or parts[0] in _doc_types()["issuer_codes"] else None


def _find_issuer(lines: list[Line]) -> Optional[Line]:
    """The issuer line(s) above the title.  A PDF extraction may split it ("ỦY BAN NHÂN DÂN" /
    "TỈNH GIA LAI") and mix the quốc hiệu into the same line; the fragments are rejoined."""
    starts = tuple(_issuers()["issuer_starts"])
    for i, ln in enumerate(lines[:40]):
        t = QH_TEXT.sub(" ", ln.text).strip()
        if not (t.startswith(starts) and is_caps(t) and len(t) < 160):
            continue
        parts = [t]
        sub: list[str] = []         # a body under the parent ("UBND TỈNH LÂM ĐỒNG" / "SỞ NỘI VỤ")
        used = [ln]
        for nxt in lines[i + 1:i + 5]:
            n = QH_TEXT.sub(" ", nxt.text).strip(" |")
            if _title_word(nxt.text) or SO_LINE.match(n) or _place_date(n) or VV.match(n):
                break
            if not n or set(n) <= set("-–_*. "):
                used.append(nxt)
                continue
            if not (is_caps(n) and len(n) < 80) or re.match(r"^(?:CHỦ TỊCH|TM\.|KT\.)", n):
                break
            if n.startswith(starts) and sub:
                break
            (sub if sub or n.startswith(starts) else parts).append(n)
            used.append(nxt)
        text = re.sub(r"\s+", " ", " ".join(parts))
        if not sub:
            text, sub = _split_sub(text, starts)
        parent = None
        if sub:
            parent = text
            text = _sub_issuer(text, re.sub(r"\s+", " ", " ".join(sub)))
        found = Line(text, ln.block) if len(used) == 1 else _Joined(text, ln.block, used)
        found.parent = parent
        return found
    return None


LOCALITY = lazyre.compile(r"\b(?:TỈNH|THÀNH PHỐ|TP\.?|XÃ|PHƯỜNG|ĐẶC KHU|THỊ TRẤN|HUYỆN|QUẬN|THỊ XÃ)\s+(?P<name>\S.*)$")
UNIT_TAIL = lazyre.compile(r"\b(?:xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+(?P<name>[^,;()]+)$")


def _split_sub(text: str, starts: tuple[str, ...]) -> tuple[str, list[str]]:
    """Parent and sub-body flattened into one line ("UBND TỈNH THANH HÓA VĂN PHÒNG"): split where
    a second issuer start follows the parent's locality."""
    for start in starts:
        for m in re.finditer(r"(?<=\s)" + re.escape(start.strip()) + r"\b", text):
            before = text[:m.start()].strip()
            if LOCALITY.search(before) and before.startswith(starts):
                return before, [text[m.start():].strip()]
    return text, []


def _sub_issuer(parent: str, sub: str) -> str:
    """The issuing body printed under its parent: "UBND TỈNH LÂM ĐỒNG" / "SỞ NỘI VỤ" -> "SỞ NỘI VỤ TỈNH
    LÂM ĐỒNG"; "UBND TỈNH THANH HÓA" / "VĂN PHÒNG" -> "VĂN PHÒNG UBND TỈNH THANH HÓA"; "ĐẢNG BỘ TỈNH LÂM
    ĐỒNG" / "TỈNH ỦY" -> "TỈNH ỦY LÂM ĐỒNG".  A sub that names its own locality stays as printed."""
    vocab = _issuers()
    if LOCALITY.search(sub):
        return sub
    if sub in vocab["sub_issuer_whole_parent"]:
        return f"{sub} {parent}"
    m = LOCALITY.search(parent)
    if not m:
        return sub
    if sub in vocab["sub_issuer_name_only"]:
        return f"{sub} {m.group('name')}"
    return f"{sub} {parent[m.start():]}"


@dataclass
class _Joined(Line):
    """An issuer rebuilt from several lines (all of them are header)."""

    parts: list = None  # type: ignore[assignment]

    def __init__(self, text: str, block: Block, parts: list) -> None:
        super().__init__(text, block)
        self.parts = parts


def _issuer_fallback(lines: list[Line], title: Optional[str]) -> Optional[str]:
    """No issuer line: the body after the signer's title in the authority line ("CHỦ TỊCH ỦY BAN
    NHÂN DÂN TỈNH KON TUM"), else the organ a plan's title names ("... của Ban Quản lý ...")."""
    auth = _authority_line(lines)
    if auth:
        m = re.match(r"^(?:CHỦ TỊCH|TRƯỞNG BAN|GIÁM ĐỐC)\s+(.+)$", auth)
        if m:
            return expand_issuer(m.group(1))
    if title:
        m = re.search(r"\bcủa\s+((?:Ban|Ủy ban|UBND|Sở|Hội đồng|Văn phòng)\s.+)$", title)
        if m:
            return expand_issuer(m.group(1)) if is_caps(m.group(1)) else m.group(1)
    return None


def _authority_line(lines: list[Line]) -> Optional[str]:
    for ln in lines[:30]:
        if ln.text.startswith(("CHỦ TỊCH ", "TRƯỞNG BAN ", "GIÁM ĐỐC ")) and is_caps(ln.text):
            return ln.text
    return None


def _province(lines: list[Line], doc, issuer_ln: Optional[Line], parent: Optional[str]) -> Optional[str]:
    """The issuer's province, from the most specific evidence that names one.

    A commune's issuer line ("UBND XÃ PHỐ BẢNG", after the 2025 reform) names no province: then
    its parent body line ("UBND TỈNH TUYÊN QUANG" above it), the title ("... trên địa bàn xã Phố
    Bảng, tỉnh Tuyên Quang"), the authority line, the place ("Tuyên Quang, ngày ..."), the bodies
    its legal bases were issued by ("... của UBND tỉnh Tuyên Quang", the most named), and last the
    province the body names most.  A commune's own name is never looked up (no commune list)."""
    for cand in (issuer_ln.text if issuer_ln else None, parent, doc.plan_title, doc.title,
                 _authority_line(lines), doc.place):
        if cand:
            slug = provinces.find_in_text(cand)
            if slug:
                return slug
    counts: dict[str, int] = {}
    for lb in doc.legal_bases:
        slug = provinces.find_in_text(lb.issuer) if lb.issuer else None
        if slug:
            counts[slug] = counts.get(slug, 0) + 1
    if counts:
        return max(counts, key=counts.get)
    return _province_from_body(lines)


def _complete_bare_issuer(issuer: Optional[str], place: Optional[str], province: Optional[str]) -> Optional[str]:
    """An issuer line that lost its locality ("ỦY BAN NHÂN DÂN" alone: a scrape dropped "TỈNH HÀ GIANG")
    takes the province when the place-date line names exactly that province ("Hà Giang, ngày ...":
    a commune's or a district's place is its own name, so it never matches)."""
    if not (issuer and place and province) or issuer not in _issuers()["bare_local_bodies"]:
        return issuer
    if provinces.slug_for(place) != province:
        return issuer
    rec = next((p for p in provinces.resolve(place) if p["slug"] == province), None)
    if rec is None:
        return issuer
    return f"{issuer} {rec['name'][:1].lower()}{rec['name'][1:]}"


def _province_from_body(lines: list[Line]) -> Optional[str]:
    """The province most often named after 'tỉnh'/'thành phố' in the body (a plan without issuer line)."""
    counts: dict[str, int] = {}
    for ln in lines[:400]:
        for m in regex.finditer(r"(?:tỉnh|thành phố|TỈNH|THÀNH PHỐ)\s+(\p{Lu}[\p{Ll}]*(?:\s+\p{Lu}[\p{Ll}]*){0,3})", ln.text):
            s = provinces.find_in_text(m.group(0))
            if s:
                counts[s] = counts.get(s, 0) + 1
    return max(counts, key=counts.get) if counts else None


@cache
def _abbreviation_pattern():
    """One compiled alternation of the issuer abbreviations (longest first) and abbr -> full."""
    table = _issuers()["abbreviations"]
    alt = "|".join(re.escape(a) for a in sorted(table, key=len, reverse=True))
    return regex.compile(r"(?<![\p{L}])(" + alt + r")(?![\p{L}])"), table


def expand_issuer(text: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH KON TUM' -> 'Ủy ban nhân dân tỉnh Kon Tum'; 'UBND TỈNH LÂM ĐỒNG' too."""
    t = re.sub(r"\s+", " ", text).strip()
    pattern, table = _abbreviation_pattern()
    t = pattern.sub(lambda m: table[m.group(1)], t)
    low = t.lower()
    for k, v in sorted(_issuers()["casing"].items(), key=lambda kv: -len(kv[0])):
        low = low.replace(k, v)
    m = UNIT_TAIL.search(low)
    if m and len(m.group("name").split()) <= 6:     # the locality's name: "xã Phú Sơn", "phường Xuân Hương - Đà Lạt"
        name = " ".join(w[:1].upper() + w[1:] for w in m.group("name").split())
        low = low[:m.start("name")] + name
    # the province name in its proper spelling
    slug = provinces.find_in_text(low)
    if slug:
        hits = [p for p in provinces.resolve(slug) if p["slug"] == slug]
        if hits:
            proper = hits[0]["short_name"]
            low = re.sub(re.escape(proper.lower()), proper, low)
    return low[:1].upper() + low[1:]


def _fill_from_stamps(ctx: Context, number, sym_only, date_parts):
    """Fill a blank number/date from the e-signature stamp or from digits stamped into the blanks."""
    stamp = None
    for b in list(ctx.raw.extra_text) + ctx.blocks:
        if b.kind == "text":
            m = STAMP.match(b.text.strip())
            if m:
                stamp = m
                break
    blank_date = date_parts is None or not (date_parts[0] and date_parts[1])
    if stamp is not None:
        if number is None:
            number = re.sub(r"\(.*?\)$", "", stamp.group("number"))
        if blank_date:
            d, m, y = stamp.group("date").split("/")
            date_parts = (d, m, y)
        return number, date_parts
    digits = [b for b in ctx.raw.extra_text if b.role == "stamp_digits"]
    if digits:
        vals = digits[0].text.split()
        if number is None and sym_only and vals:
            number = vals.pop(0) + sym_only
        if date_parts is not None and vals:
            d, m, y = date_parts
            if not d and vals:
                d = vals.pop(0)
            if not m and vals:
                m = vals.pop(0)
            date_parts = (d, m, y)
    return number, date_parts


def _strip_symbol_noise(number: Optional[str]) -> Optional[str]:
    if not number:
        return None
    number = re.sub(r"\(.*?\)$", "", number).strip(" .,;")
    return number if re.match(r"^\d", number) else None


def _date(parts) -> Optional[dt.date]:
    if not parts:
        return None
    d, m, y = parts
    if not (d and m and y):
        return None
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _from_attached(lines: list[Line], doc) -> None:
    """'(Ban hành kèm theo Quyết định số: 628 /QĐ-UBND ngày 27 / 12 /2024 ...)' fills a missing
    number/date of the decision (only when the line carries the digits)."""
    if doc.doc_type not in ("QĐ", "PL", None):
        return
    for ln in lines:
        m = ATTACHED.search(ln.text)
        if not m:
            continue
        if doc.number is None:
            doc.number = re.sub(r"\s+", "", m.group("num") + m.group("sym"))
        if doc.date is None:
            raw = re.sub(r"\s+", " ", m.group("date"))
            dm = DATE_NUM.search(raw.replace(" / ", "/").replace(" /", "/").replace("/ ", "/"))
            vn = re.match(r"(\d{1,2}) tháng (\d{1,2}) năm (\d{4})", raw)
            g = dm or vn
            if g:
                doc.date = _date((g.group(1), g.group(2), g.group(3)))
        return


def _recipients(lines: list[Line], doc, mark) -> None:
    for i, ln in enumerate(lines):
        if not re.match(r"^Nơi nhận\s*:?", ln.text):
            continue
        mark(ln)
        rest = re.sub(r"^Nơi nhận\s*:?\s*", "", ln.text)
        items = [rest] if rest else []
        for nxt in lines[i + 1:i + 60]:
            if re.match(r"^[-+•*]\s*", nxt.text):
                items.append(nxt.text)
                mark(nxt)
            elif (is_caps(nxt.text) and _signer_re().match(nxt.text)) or AUTH_PREFIX.match(nxt.text) \
                    or (NAME.match(nxt.text) and len(nxt.text) <= 40):
                continue                      # the signature block printed beside the list
            else:
                break
        for it in items:
            it = re.sub(r"^[-+•*]\s*", "", it).strip().rstrip(";.,:").strip()
            if it and not it.startswith("Lưu"):
                doc.recipients.append(it)
        return


def _signer(lines: list[Line], doc, mark) -> None:
    """The first signature block: [TM./KT. ...] title, then the signer's name within a few lines.

    The authority may share the title's line ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH") or sit on the
    line above it ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH").
    """
    for i, ln in enumerate(lines):
        t = re.sub(r"\s+", " ", ln.text).strip()
        if not is_caps(t) or len(t) > 80:
            continue
        m = _signer_re().match(t)
        if not m:
            continue
        auth = m.group("auth").strip() or None
        title = m.group("title")
        start = i
        nxt_t = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        m2 = _signer_re().match(nxt_t) if is_caps(nxt_t) else None
        if m2 and not m2.group("auth") and AUTH_PREFIX.match(t):
            auth, title, start = t, m2.group("title"), i + 1      # "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
        elif auth is None:
            for prev_ln in reversed(lines[max(0, i - 3):i]):      # "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"
                prev = prev_ln.text.strip()
                if AUTH_PREFIX.match(prev) and is_caps(prev) and len(prev) < 60:
                    auth = prev
                    mark(prev_ln)
                    break
        for nxt in lines[start + 1:start + 16]:
            n = nxt.text.strip()
            if not n or re.match(r"^\(?(?:Đã ký|đã ký|Ký bởi|Chữ ký)", n) or re.match(r"^[-+•*]", n):
                continue                      # a PDF interleaves the Nơi nhận list with the signature
            if NAME.match(n) and len(n) <= 40 and not _signer_re().match(n):
                doc.signer = Signer(name=_name_case(n), title=_title_case(title), authority=auth)
                for k in range(i, start + 1):
                    mark(lines[k])
                mark(nxt)
                return
            break


def _title_case(title: str) -> str:
    """'PHÓ CHỦ TỊCH' -> 'Phó Chủ tịch', 'TRƯỞNG BAN' -> 'Trưởng ban'."""
    words = title.lower().split()
    words[0] = words[0].capitalize()
    if words[0] == "Phó" and len(words) > 1:
        words[1] = words[1].capitalize()
    return " ".join(words)


def _name_case(name: str) -> str:
    if name.isupper():
        return " ".join(w[:1] + w[1:].lower() for w in name.split())
    return name


def _plan(lines: list[Line], doc, t_idx: Optional[int], mark) -> None:
    """A decision that issues a plan: the plan's title and type; the plan's year."""
    if doc.doc_type == "QĐ" and t_idx is not None:
        for i in range(t_idx + 1, len(lines)):
            tw = _title_word(lines[i].text, caps_rest=True)   # "QUY ĐỊNH QUẢN LÝ ...": the word joined with its title
            if tw and tw[0] not in ("QĐ",):
                rest = tw[1].strip()
                j = i + 1
                if not rest and j < len(lines) and _usable_title(lines[j].text):
                    rest = lines[j].text
                    mark(lines[j])
                mark(lines[i])
                doc.plan_type = tw[0]
                if rest:
                    doc.plan_title = _one_line(rest)
                for k in range(i + 1, min(i + 4, len(lines))):
                    if re.match(r"^\(\s*(?:Ban hành\s+)?[Kk]èm theo", lines[k].text):
                        mark(lines[k])
                break
    elif t_idx is not None:
        for k in range(t_idx + 1, min(t_idx + 4, len(lines))):
            if re.match(r"^\(\s*(?:Ban hành\s+)?[Kk]èm theo", lines[k].text):
                mark(lines[k])
    set_years(doc)


class TitleYears(NamedTuple):
    """What a title says about the years a plan covers.

    ``kind`` is "year" ("... năm 2025": one year), "period" ("giai đoạn 2022-2025", "năm 2016 - 2020",
    "(2021 - 2025)") or "until" ("... đến năm 2030": from its issue to that year)."""

    kind: str
    start: Optional[int]
    end: int


# a cited date ("ngày 16 tháng 7 năm 2021", "ngày 02/8/2022"), a number with its year ("08/2015/NQ-HĐND")
# or the term of the people an election elects ("bầu cử đại biểu ... nhiệm kỳ 2026 - 2031": the plan is for
# the election, not the term; "thực hiện Nghị quyết Đại hội ... nhiệm kỳ 2025 - 2030" is for the term)
# names no year of the plan: removed before reading the title's years
_NOT_PLAN_YEARS = lazyre.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{4}"
                                 r"|\d+/\d{4}/|(?<=bầu cử)[^.;]*?nhiệm kỳ\s+\d{4}\s*[-–—]\s*\d{4}", re.I)
_RANGE = lazyre.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?!\d)")
_UNTIL = lazyre.compile(r"(?:đến|tới|hết)\s+(?:hết\s+)?năm\s+((?:19|20)\d{2})(?!\d)", re.I)
_ONE_YEAR = lazyre.compile(r"(?<!đến )(?<!tới )(?<!hết )năm\s+((?:19|20)\d{2})(?!\s*[-–—]\s*\d)(?!\d)", re.I)


@cache
def _orientation_re() -> re.Pattern:
    """An orientation or vision beyond the plan's own period ("định hướng đến năm 2030", "tầm
    nhìn đến năm 2045", "tầm nhìn 2050"): words from data/doc_types.json "orientation_words"."""
    words = "|".join(re.escape(w) for w in _doc_types()["orientation_words"])
    return re.compile(r"(?:" + words + r")\s+(?:(?:đến|tới)\s+)?(?:hết\s+)?(?:năm\s+)?(?:19|20)\d{2}(?!\d)", re.I)


def title_years(text: Optional[str]) -> Optional[TitleYears]:
    """The years a plan's title names, in any letter case (a title in capitals says the same).

    One plain "năm 2025" is the plan's own year and wins ("Kế hoạch năm 2025 thực hiện Chương trình
    ... giai đoạn 2021-2025"); else a range is the period ("giai đoạn 2022-2025"); else "đến năm
    2030" is the year the plan runs until.  Cited dates are not the plan's years.

    An orientation or vision ("... đến năm 2025, định hướng đến năm 2030", "giai đoạn 2021-2025,
    tầm nhìn đến năm 2045") looks beyond the plan: its year is not the plan's, whatever the order
    the title prints them in.  Only a title that names no other year takes it ("Chiến lược ...
    tầm nhìn đến năm 2045": then that is the only end it gives)."""
    if not text:
        return None
    t = _NOT_PLAN_YEARS.sub(" ", text)
    own = _years_in(_orientation_re().sub(" ", t))
    if own is not None:
        return own
    m = _orientation_re().search(t)
    return TitleYears("until", None, int(m.group(0)[-4:])) if m else None


def _years_in(t: str) -> Optional[TitleYears]:
    """:func:`title_years` on a title with cited dates (and orientations) taken out."""
    m = _ONE_YEAR.search(t)
    if m:
        y = int(m.group(1))
        return TitleYears("year", y, y)
    for m in _RANGE.finditer(t):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b:
            return TitleYears("period", a, b)
    m = _UNTIL.search(t)
    if m:
        return TitleYears("until", None, int(m.group(1)))
    return None


def set_years(doc) -> None:
    """``doc.year``, ``doc.period_start``, ``doc.period_end`` from the title of the plan (a decision's
    attached plan first), else the year of the date.

    A plan for one year has that ``year`` (and a period of that year).  A plan over several years
    ("giai đoạn 2022-2025", "đến năm 2030") has no single ``year``: it has a period (the start of an
    "đến năm" plan is the year it was issued).  Only a document whose title names no year takes
    the year of its date."""
    for text in (doc.plan_title, doc.title):
        ty = title_years(text)
        if ty is None:
            continue
        start = ty.start
        if start is None and doc.date and doc.date.year <= ty.end:
            start = doc.date.year
        doc.period_start, doc.period_end = start, ty.end
        doc.year = ty.end if ty.kind == "year" else None
        return
    if doc.date:
        doc.year = doc.date.year
