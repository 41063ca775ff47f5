"""Stage 2: drop noise and rebuild paragraphs.

Noise: page numbers, repeated page headers (the quốc hiệu block a PDF repeats
on later pages), the e-signature stamp line ("Số: 78/QĐ-UBND(CT); 06/02/2025;
08:34:50; +07:00" — moved to ``raw.extra_text`` with role "stamp" as a source
of number and date), handwritten initials captured by OCR ("V. Hoan",
"/ *Moan*"), stray stamped digits ("78 06"; digits stamped at the end of the
Số line are kept in ``raw.extra_text`` with role "stamp_digits" because they
fill the blanks of the number and the date).  Lines a PDF extractor broke
(``Block.broken``) are joined back into paragraphs; tables are never touched.
A scraped page's own furniture above the document (the site's title line, its
metadata box "Số hiệu | Ngày ban hành | Loại văn bản | Người ký ...", banner
lines) is dropped from the body and kept in ``raw.extra_text`` (roles
"site_title", "site_meta"; :func:`site_metadata` reads it) as a fallback for
header fields the excerpt lacks.
"""
from __future__ import annotations

import json
import re
import statistics
from dataclasses import replace
from functools import cache
from pathlib import Path

from . import lazyre
from .blocks import Block
from .context import Context
from .normalize import upper_ratio

DATA = Path(__file__).parent / "data"

# --- noise patterns -------------------------------------------------------
STAMP = lazyre.compile(
    r"^Số:\s*(?P<number>[^\s;]+?)\s*(?:\([A-ZĐ]+\))?\s*;\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*;"
    r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:;\s*[+-]\d{2}:?\d{2})?\s*$")
PAGE_NUMBER = lazyre.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$", re.I)
STRAY_DIGITS = lazyre.compile(r"^\d{1,4}(?:\s+\d{1,2}){1,3}$")
INITIALS_LINE = lazyre.compile_regex(r"^\p{Lu}\.\s?\p{Lu}\p{Ll}+$|^/\s*\*?\p{Lu}\p{Ll}+\*?$")
TRAILING_INITIALS = lazyre.compile_regex(r"(?<=[.;:]/?\.?)\s*/\s*\*?\p{Lu}\p{Ll}{1,12}\*?\s*$")
SO_LINE = lazyre.compile(r"^Số\s*:")
SO_TRAILING_DIGITS = lazyre.compile_regex(r"(?<=năm\s+\d{4}\.?)\s+(\d{1,4}(?:\s+\d{1,2}){0,3})\s*$")
REPEATABLE_HEADER = lazyre.compile_regex(
    r"^(?:CỘNG HO?ÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc"
    r"|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|(?:TỈNH|THÀNH PHỐ)\s+\p{Lu}[\p{Lu}\s]*)\b.*$")

# --- paragraph-building patterns ------------------------------------------
MARKER = lazyre.compile_regex(
    r"^(?:[IVXLC]+\.?(?:\s+(?=\p{Lu})|$)"          # I. / II / "I CÔNG TÁC"
    r"|[IVXLC]+\.\s"
    r"|\d{1,2}(?:\.\d{1,2})*[.)](?:\s|$)"            # 1.  1.2.  1)
    r"|\d{1,2}(?:\s+(?=\p{Lu})|$)"                   # "1 Ban hành" (table STT), "1"
    r"|[a-zđ][).](?:\s|$)"                           # a)  đ)
    r"|[a-zđ]$"
    r"|[-+*•–—]\s*"                                   # bullets
    r"|(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+(?:\d+|[IVXLC]+\b|(?:thứ|THỨ)\s)"
    r"|(?:\*\s*)?Số\s+\d+[/-]|V/v\s|ĐẢNG CỘNG SẢN VIỆT NAM"       # header lines: "Số 12-KH/TU", letters' "V/v ..."
    r")")
SENTENCE_END = lazyre.compile(r"(?:[.;:!?…]|\./\.|\.\)|;\))[\"”’)]*\s*$")
AUTHORITY = lazyre.compile(r"^(?:TM|KT|Q|TL|TUQ)\.\s")
FIRST_WORD = lazyre.compile(r"^\W*(\w+)")
LAST_WORD = lazyre.compile(r"(?<!\w)(\w+)\W*$")
MULTI_SPACE = lazyre.compile(r"\s{2,}")    # compiled once: applied to every paragraph
STUB_WORD = lazyre.compile(r"^[^\W\d_]{1,8}$")        # one syllable alone: "ỦY", "Mỹ", "Căn" (a wrapped cell)
AUTHORITY_STUB = lazyre.compile(r"^(?:TM|KT|Q|TL|TUQ)\.$")
SO_STUB = lazyre.compile(r"^Số\s*:$")
CELL_END = "|"          # a scraped page's end-of-cell line (readers/scrape.py): a paragraph break


@cache
def _vocab() -> dict:
    """Word lists from data/clean.json and the document kinds of data/doc_types.json (loaded once)."""
    data = json.loads((DATA / "clean.json").read_text(encoding="utf-8"))
    kinds = json.loads((DATA / "doc_types.json").read_text(encoding="utf-8"))
    return {"cont": frozenset(data["continuation_words"]),
            "openers": tuple(data["paragraph_openers"]),
            "title_words": tuple(sorted(kinds["title_words"], key=len, reverse=True)),
            "authorities": tuple(data["enacting_authorities"]),
            "references": tuple(kinds["reference_words"]),
            "meta_labels": {k: v for k, v in data["site_meta_labels"].items() if not k.startswith("_")},
            "chrome": tuple(data["site_chrome"])}


@cache
def _meta_label_re() -> re.Pattern:
    """A metadata label of a scraped page's box ("Số hiệu:", "Loại văn bản", "Người ký:")."""
    labels = sorted(_vocab()["meta_labels"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(x) for x in labels) + r")\s*:", re.I)


def run(ctx: Context) -> None:
    """Fill ``ctx.blocks`` with the cleaned body blocks (noise out, paragraphs joined)."""
    raw = ctx.raw
    blocks = [replace(b) if b.kind == "text" else b for b in raw.blocks]
    blocks = _drop_site_furniture(blocks, raw)
    blocks = _drop_noise(blocks, raw)
    blocks = _drop_footnotes(blocks, raw)
    ctx.blocks = join_paragraphs(blocks)


# --- noise ----------------------------------------------------------------

def _drop_noise(blocks: list[Block], raw) -> list[Block]:
    seen_header: set[str] = set()
    out: list[Block] = []
    lines = raw.lines
    for i, b in enumerate(blocks):
        if b.kind != "text":
            out.append(b)
            continue
        t = b.text.strip()
        m = STAMP.match(t)
        if m:
            b.role = "stamp"
            raw.extra_text.append(b)
            continue
        if SO_LINE.match(t):
            d = SO_TRAILING_DIGITS.search(t)
            if d and _has_blanks(t):
                raw.extra_text.append(Block("text", text=d.group(1), page=b.page, line=b.line,
                                            end_line=b.line, role="stamp_digits"))
                b.text = t[: d.start()].rstrip()
            out.append(b)
            continue
        if is_noise_line(t, b, blocks, i, lines):
            b.role = "noise"
            continue
        if REPEATABLE_HEADER.match(t) and len(t) <= 80:
            key = re.sub(r"\W+", "", t.upper())
            if key in seen_header:
                b.role = "noise"
                continue
            seen_header.add(key)
        b.text = TRAILING_INITIALS.sub("", b.text).rstrip()
        out.append(b)
    return out


# --- a scraped page's own furniture -----------------------------------------

SITE_TITLE = lazyre.compile(r"^(?P<kind>[A-ZĐ][^\d|]{1,25}?)\s+(?:số\s+)?(?P<num>\d+[/\-][\wĐđ./\-]*\w)(?:\s+năm\s+\d{4})?\b")
CITED_LIST_ITEM = lazyre.compile_regex(r"^[-•]\s*\d{1,2}(?=\p{Lu})")   # "- 4Quyết định 3421/QĐ-UBND ...": the page's list of cited texts
_FURNITURE_ZONE = 16     # blocks at the start of a page that may be the site's own


def _drop_site_furniture(blocks: list[Block], raw) -> list[Block]:
    """Drop what a legal-documents site prints above the document: its title line ("Kế hoạch
    257/KH-UBND năm 2025 cải cách hành chính ..."), its metadata box ("Số hiệu | 257/KH-UBND",
    "Ngày ban hành", "Loại văn bản", "Người ký" ...; a table or label lines), its banner lines
    (data/clean.json "site_chrome") and its list of the texts the document cites.

    Only the blocks before the document's own first line are looked at.  The title line and the
    metadata go to ``raw.extra_text`` (roles "site_title", "site_meta"): :func:`site_metadata`
    reads them, and the header stage uses them only for fields the excerpt itself lacks."""
    zone: list[tuple[int, str]] = []        # (index, role) of the furniture found
    meta_seen = False
    for i, b in enumerate(blocks[:_FURNITURE_ZONE]):
        if b.kind == "table":
            if _meta_table(b):
                zone.append((i, "site_meta"))
                meta_seen = True
                continue
            break
        t = b.text.strip()
        if t == CELL_END:
            continue
        if t.startswith(_vocab()["chrome"]) or CITED_LIST_ITEM.match(t):
            zone.append((i, "noise"))
        elif _meta_line(t):
            zone.append((i, "site_meta"))
            meta_seen = True
        elif not meta_seen and _site_title(t):
            zone.append((i, "site_title"))
        else:
            break
    if not zone:
        return blocks
    if not meta_seen and any(role == "site_title" for _, role in zone) and not _letterhead_follows(blocks, zone[-1][0]):
        zone = [(i, role) for i, role in zone if role != "site_title"]      # a document that opens with such a line
    drop = set()
    for i, role in zone:
        b = blocks[i]
        b.role = role
        drop.add(i)
        if role != "noise":
            raw.extra_text.append(b)
    return [b for i, b in enumerate(blocks) if i not in drop]


def _meta_table(b: Block) -> bool:
    """A table whose first cells are metadata labels ("Số hiệu:" | "257/KH-UBND" | "Loại văn bản:" ...)."""
    labels = _vocab()["meta_labels"]
    hits = sum(c.text.strip().rstrip(":").strip().lower() in labels for r in b.rows for c in r.cells)
    return hits >= 2 and hits * 2 >= len(b.rows)


def _meta_line(t: str) -> bool:
    """A label line of the box printed as text ("Số hiệu: 853/QĐ-UBND Loại văn bản: Quyết định")."""
    m = _meta_label_re().match(t)
    return bool(m) and not t.startswith(("Số:", "Số :"))


def _site_title(t: str) -> bool:
    """The site's title line: a document kind in sentence case and its number ("Quyết định
    612/QĐ-UBND năm 2020 về ...", "Kế hoạch 54/KH-UBND ...")."""
    m = SITE_TITLE.match(t)
    return bool(m) and not is_caps(t) and m.group("kind").startswith(_vocab()["references"])


def _letterhead_follows(blocks: list[Block], i: int) -> bool:
    """The document's letterhead (quốc hiệu, issuer, Số line) within a few blocks after ``i``."""
    for b in blocks[i + 1:i + 6]:
        if b.kind == "table":
            return True
        t = b.text.strip()
        if REPEATABLE_HEADER.match(t) or SO_LINE.match(t):
            return True
    return False


def site_metadata(raw) -> dict[str, str]:
    """The header fields a scraped page's own furniture gives (``raw.extra_text`` roles
    "site_meta" / "site_title"): "number", "date" (dd/mm/yyyy), "doc_type" (as the site words it,
    "Kế hoạch"), "issuer" ("Tỉnh Thanh Hóa"), "signer" (a name), "site_title" (the whole line).
    Values the site had not filled ("Đang cập nhật") are left out."""
    labels = _vocab()["meta_labels"]
    out: dict[str, str] = {}

    def put(label: str, value: str) -> None:
        field = labels.get(label.strip().rstrip(":").strip().lower())
        value = value.strip(" |:;,")
        if field and value and not value.lower().startswith("đang cập nh") and field not in out:
            out[field] = value

    for b in raw.extra_text:
        if b.role == "site_title" and "site_title" not in out:
            out["site_title"] = b.text.strip()
        elif b.role == "site_meta" and b.kind == "table":
            for r in b.rows:
                cells = [c.text.strip() for c in r.cells]
                for k in range(len(cells) - 1):
                    if cells[k].rstrip(":").strip().lower() in labels:
                        put(cells[k], cells[k + 1])
        elif b.role == "site_meta":
            ms = list(_meta_label_re().finditer(b.text))
            for m, nxt in zip(ms, ms[1:] + [None]):
                put(m.group(1), b.text[m.end():nxt.start() if nxt else len(b.text)])
    return out


def _has_blanks(so_line: str) -> bool:
    """A Số line whose number or day was left blank ("Số:      /QĐ-UBND", "ngày      tháng")."""
    return bool(re.search(r"Số\s*:\s*/|ngày\s+tháng|tháng\s+năm", so_line))


def is_noise_line(t: str, b: Block, blocks: list[Block], i: int, lines: list[str]) -> bool:
    """True for a page number, stray stamped digits or OCR-captured initials."""
    if INITIALS_LINE.match(t):
        return True
    if STRAY_DIGITS.match(t) and not re.match(r"^\d{4}\s", t):
        return True
    if PAGE_NUMBER.match(t):
        if b.page is not None:
            same = [x for x in blocks if x.page == b.page and x.kind == "text"]
            if same and (same[0] is b or same[-1] is b):
                return True
        if b.line and lines:
            return _isolated(lines, b.line)
        return False
    return False


def _isolated(lines: list[str], n: int) -> bool:
    """A line with at least two blank lines on one side (a page number in a text extraction)."""
    before = 0
    k = n - 2
    while k >= 0 and not lines[k].strip():
        before += 1
        k -= 1
    after = 0
    k = n
    while k < len(lines) and not lines[k].strip():
        after += 1
        k += 1
    return before >= 2 or after >= 2 or k >= len(lines)


FOOTNOTE_START = lazyre.compile_regex(r"^\d{1,2}\s+\p{Lu}")


def _drop_footnotes(blocks: list[Block], raw) -> list[Block]:
    """Move footnotes a PDF extraction put in the middle of a paragraph to ``raw.extra_text``.

    A footnote ("1 Công văn số 9867/UBND-KSTT ... Chính phủ.") starts with a small number and a
    capital right after a line that did not end its sentence, ends with a full stop within a few
    lines, and the interrupted paragraph resumes after it in lower case.
    """
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        prev = out[-1] if out else None
        if (b.kind == "text" and b.broken and FOOTNOTE_START.match(b.text) and prev is not None
                and prev.kind == "text" and prev.broken and not ends_sentence(prev.text)
                and not is_caps(prev.text)):
            for j in range(i, min(i + 4, len(blocks) - 1)):
                nxt = blocks[j + 1]
                if (blocks[j].kind == "text" and blocks[j].text.rstrip().endswith(".")
                        and nxt.kind == "text" and nxt.text[:1].islower()):
                    for k in range(i, j + 1):
                        blocks[k].role = "footnote"
                        raw.extra_text.append(blocks[k])
                    i = j + 1
                    break
            else:
                out.append(b)
                i += 1
            continue
        out.append(b)
        i += 1
    return out


# --- paragraphs ------------------------------------------------------------

def is_caps(text: str) -> bool:
    """Mostly upper-case letters (a heading, an issuer line)."""
    return sum(map(str.isalpha, text)) >= 4 and upper_ratio(text) > 0.85


def starts_paragraph(text: str) -> bool:
    """The line opens a new paragraph by its first words (list marker, Căn cứ, Điều N ...)."""
    if MARKER.match(text):
        return True
    return text.startswith(_vocab()["openers"])


def _typical_length(blocks: list[Block]) -> float:
    lens = [len(b.text) for b in blocks if b.kind == "text" and b.broken and len(b.text) > 20]
    return statistics.median(lens) if lens else 80.0


def ends_sentence(text: str) -> bool:
    """``text`` ends with a sentence end (searched in its tail: a paragraph grows line by line)."""
    return bool(SENTENCE_END.search(text, max(0, len(text) - 24)))


def _last_word(text: str) -> str | None:
    m = LAST_WORD.search(text, max(0, len(text) - 120)) or LAST_WORD.search(text)
    return m.group(1) if m else None


def should_join(prev: Block, cur: Block, typical: float, title: bool = False) -> bool:
    """Whether broken line ``cur`` continues the paragraph ``prev``.

    ``title`` says the paragraph is the trích yếu under the document's kind ("KẾ HOẠCH" /
    "về xây dựng ..."): a title ends where a sentence starts ("Hội nghị lần thứ bảy ...",
    "Trong thời gian qua ..."), however long the paragraph already is."""
    p, c = prev.text.rstrip(), cur.text.lstrip()
    if not p or not c:
        return False
    whole = p
    p = p[-200:]  # the tests below look at the paragraph's end: joining stays linear on very long paragraphs
    if prev.bold != cur.bold or (prev.align or None) != (cur.align or None) or prev.heading != cur.heading:
        return False
    stripped = whole.strip()
    if len(whole) < 40 and (MARKER.fullmatch(stripped) or MARKER.fullmatch(stripped.rstrip(".")))\
            and not starts_paragraph(c):
        return True                                   # "IV" / "Điều 1." alone, the text on the next line
    if AUTHORITY_STUB.match(stripped):
        return is_caps(c)                             # "TM." / "ỦY BAN NHÂN DÂN TỈNH"
    if SO_STUB.match(stripped) and c[:1].isdigit():
        return True                                   # "Số:" / "33/2009/QĐ-UBND"
    if starts_paragraph(c):
        return False
    if title and is_caps(c) and c.startswith(_vocab()["authorities"]) \
            and (_last_word(p) or "").lower() not in _vocab()["cont"]:
        return False                                  # "... NĂM 2026" / "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"
    if AUTHORITY.match(whole) or whole.startswith(("Nơi nhận", "Số:")):
        return False
    if (is_caps(c) and not is_caps(p) and " " not in c and c[0].isalpha() and not ends_sentence(p)
            and (ends_sentence(c) or c.endswith(","))):
        return True                                   # an acronym wrapped alone: "... Chương trình" / "OCOP."
    caps_p, caps_c = is_caps(p), is_caps(c)
    if caps_p != caps_c and (_short_caps(c) or _short_caps(p)):
        caps_p = caps_c = True                        # "... KINH TẾ - XÃ HỘI" / "NĂM 2027", "CẢI" / "CÁCH ..."
    if caps_p != caps_c:
        return False
    first = c[0]
    if _last_word(p) in _vocab()["cont"] and not ends_sentence(p):
        return True
    if first.islower():
        return not p.endswith("./.")
    if not first.isalpha():
        return not ends_sentence(p)
    # starts with a capital
    if ends_sentence(p):
        return False
    if title and not caps_p and not _name_continues(c):
        return False                                  # "... đến năm 2030" / "Hội nghị lần thứ bảy ..."
    if len(whole) < 0.65 * typical and not caps_p:
        return False                                  # a short line: the paragraph ended there
    return True


def _stub(whole: str, c: str) -> bool:
    """The first line of a scraped layout cell is only the cell's first word, the scraper
    wrapped the rest ("ỦY" / "BAN NHÂN DÂN", "Mỹ" / "Tho, ngày ..."): a Vietnamese syllable
    does not stand alone as a line of the letterhead.  (Only at a cell's start: in a PDF
    table's text a narrow column does print one word a line.)"""
    return bool(STUB_WORD.match(whole)) and not MARKER.match(whole) and c[:1].isalpha() \
        and not starts_paragraph(c)


def _short_caps(text: str) -> bool:
    """Too few letters for :func:`is_caps`, all of them capitals: "NĂM 2027", "CẢI"."""
    letters = [ch for ch in text if ch.isalpha()]
    return 0 < len(letters) < 4 and all(ch.isupper() for ch in letters)


def _name_continues(c: str) -> bool:
    """A title line that starts with a capital yet continues the title: a proper name
    ("Kon Tum năm 2025") or the name of a document kind ("Kế hoạch số ...")."""
    words = c.split()
    if len(words) >= 2 and words[1][:1].isupper():
        return True
    return c.startswith(_vocab()["references"])


def _kind_line(text: str) -> bool:
    """The upper-case line of the document's kind, with its title when that is upper case too."""
    t = text.strip()
    return is_caps(t) and not t.endswith(":") and t.startswith(_vocab()["title_words"])


def _opens_title(before: Block | None, b: Block) -> bool:
    """``b`` is the first line of the trích yếu: it follows the upper-case line of the
    document's kind ("KẾ HOẠCH", "KẾT LUẬN HỘI NGHỊ ...") and is not upper case itself."""
    if before is None or before.kind != "text" or not b.broken or is_caps(b.text):
        return False
    return _kind_line(before.text)


def join_paragraphs(blocks: list[Block]) -> list[Block]:
    """Join consecutive ``broken`` text blocks into paragraph blocks (line = first, end_line = last)."""
    typical = _typical_length(blocks)
    out: list[Block] = []
    titles: set[int] = set()        # ids of the trích yếu paragraphs
    cell_starts: set[int] = set()   # ids of the first lines of scraped layout cells
    cut = True                      # a cell end ("|") since the last block (the document's start too)
    for b in blocks:
        if b.kind == "text" and b.text.strip() == CELL_END:
            cut = True
            continue
        prev = out[-1] if out and not cut else None
        if cut and b.kind == "text":
            cell_starts.add(id(b))
        cut = False
        if (b.kind == "text" and prev is not None and prev.kind == "text"):
            if b.broken and prev.broken and (
                    should_join(prev, b, typical, id(prev) in titles or _kind_line(prev.text))
                    or (id(prev) in cell_starts and _stub(prev.text.strip(), b.text.lstrip()))):
                _merge(prev, b)
                continue
            if (not b.broken and not prev.broken and _continues_markdown(prev, b)):
                _merge(prev, b)
                continue
        if b.kind == "text" and _opens_title(out[-1] if out else None, b):
            titles.add(id(b))
        out.append(b)
    for b in out:
        if b.kind == "text":
            b.text = MULTI_SPACE.sub(" ", b.text).strip()
    return out


def _continues_markdown(prev: Block, cur: Block) -> bool:
    """A ready-made paragraph that starts in lower case after one with no sentence end is a
    fragment the source split by a blank line ("... chuyển đổi số" / "quốc gia giai đoạn ...")."""
    c = cur.text.lstrip()
    return (bool(c) and c[0].islower() and not MARKER.match(c) and not cur.heading and not prev.heading
            and not ends_sentence(prev.text) and prev.bold == cur.bold)


def _merge(prev: Block, cur: Block) -> None:
    p = prev.text.rstrip()
    c = cur.text.strip()
    if p.endswith("-") and not p.endswith(" -") and c[:1].islower():
        prev.text = p[:-1] + c                        # a word hyphenated across lines
    else:
        prev.text = p + " " + c
    prev.end_line = cur.end_line or cur.line
    prev.italic = prev.italic and cur.italic
