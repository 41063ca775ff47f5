"""Word .docx reader: the body's paragraphs and tables, in order, as blocks.

What it does and why:

* The body (``w:body``) is walked child by child, so paragraphs and tables keep
  their reading order (python-docx's ``doc.paragraphs`` / ``doc.tables`` lose it).
* A paragraph becomes ``Block(kind="text")``: NFC text, ``bold``/``italic`` when
  every non-space character is bold/italic (direct formatting, character style,
  paragraph style and document defaults are all resolved), ``heading`` from a
  "Heading N" paragraph style, ``align`` from ``w:jc`` (direct or inherited).
  Soft line breaks become spaces. Word list numbering (``w:numPr``, numbering.xml)
  is rendered into the text as printed ("1.", "a)", "-") so the section stage
  sees the labels a reader sees on paper.
* A data table becomes ``Block(kind="table")`` with one :class:`Row` per
  ``w:tr`` and one :class:`Cell` per ``w:tc`` (never per python-docx's repeated
  ``row.cells``): ``col`` is the grid column (``w:gridBefore`` and
  ``w:gridSpan`` counted), ``span`` the gridSpan, a ``w:vMerge`` continuation
  cell has ``merged=True`` and empty text, the restarting cell gets ``rowspan``.
  Cell text keeps its paragraphs and soft breaks as "\\n"; nested tables are
  flattened into the cell's text (one line per nested row, cells joined " | ").
* A layout table (the borderless "ỦY BAN NHÂN DÂN | CỘNG HÒA ..." header, the
  "Số: ... | ..., ngày ..." row, the "Nơi nhận | CHỦ TỊCH" signature) is not
  data: its cell paragraphs are emitted as text blocks, row by row, left cell
  then right cell. The decision is structural (size, borders, first row), with
  the thresholds and header words in ``data/docx.json``.
* Footnote reference marks and superscript marker runs ("quốc gia¹.") are
  dropped from the text; footnote texts, page headers/footers and the
  e-signature stamp go to ``RawDoc.extra_text`` (roles "footnote", "header",
  "footer", "stamp"); text boxes go there too (role "textbox").
* ``RawDoc.lines`` is the text rendering: one line per non-empty paragraph, one
  per table row (cell texts joined with " | ", line breaks inside a cell shown as
  spaces). ``Block.line`` indexes it (1-based).

Pages: a .docx has no fixed pages; Word decides them when it lays the document
out. ``page`` counts explicit page breaks (``w:br w:type="page"``,
``w:pageBreakBefore``), section breaks that start a new page, and the
``w:lastRenderedPageBreak`` marks Word leaves where it last broke pages (several
breaks in a row without text between them count once). Files saved by Word carry
those marks and the page numbers are then exact up to edits made after the last
layout; files written by other tools (no marks) get only the explicit breaks, so
their page numbers are a lower bound. ``RawDoc.pages`` is the page count Word
stored in docProps/app.xml when present, else the counted one.

Safety: the archive is checked before python-docx sees it: the total
uncompressed size is capped (zip bombs), and any XML part with a DTD is refused.
python-docx parses with ``resolve_entities=False`` but lxml still reads an
internal DTD subset, and Word never writes one, so refusing DTDs closes entity
expansion ("billion laughs") and external entities outright.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Iterable, Optional

from .. import lazyre
from ..blocks import Block, Cell, RawDoc, Row
from ..errors import InputError
from ..normalize import clean_line, nfc

MAX_UNCOMPRESSED = 200 * 1024 * 1024   # bytes, all parts together
MAX_PARTS = 5000

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


P, R, T, TBL, TR, TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
PPR, RPR, TRPR, TCPR, TBLPR = _w("pPr"), _w("rPr"), _w("trPr"), _w("tcPr"), _w("tblPr")
VAL, TYPE = _w("val"), _w("type")
SDT, SDTCONTENT, CUSTOMXML = _w("sdt"), _w("sdtContent"), _w("customXml")
SECTPR = _w("sectPr")
TXBX = _w("txbxContent")
MC_ALT, MC_CHOICE = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice"
M_T = f"{{{_M}}}t"
M_OMATH = {f"{{{_M}}}oMath", f"{{{_M}}}oMathPara"}
_RUN_CONTAINERS = {_w(t) for t in ("hyperlink", "ins", "smartTag", "customXml", "fldSimple", "moveTo", "dir", "bdo")}
_SKIP_IN_PARA = {_w(t) for t in ("del", "moveFrom", "pPr")}
_OFF = {"0", "false", "off", "none"}
_BORDER_NONE = {"nil", "none"}

_DTD = lazyre.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
_APP_PAGES = lazyre.compile(rb"<(?:\w+:)?Pages>\s*(\d+)\s*</(?:\w+:)?Pages>")
_HEADING = lazyre.compile(r"^heading\s*(\d)$", re.I)
_STAMP = lazyre.compile(r"\d{1,2}/\d{1,2}/\d{4}\s*;\s*\d{1,2}:\d{2}")
_MARKER = lazyre.compile(r"^[\s\d()\[\]*,.;:/\-–]*$")
_UNIT_BEFORE = lazyre.compile(r"(?:^|[\s\d(])(?:[kcdmh]?m)$")
_SUP = {"2": "²", "3": "³"}
_ONLY_DIGITS = lazyre.compile(r"^[\s\d\-–/]*$")
_ALIGN = {"center": "center", "right": "right", "end": "right", "both": "justify", "distribute": "justify",
          "justify": "justify"}


@cache
def _vocab() -> dict[str, Any]:
    """The reader's vocabulary (data/docx.json), loaded once."""
    text = resources.files("kehoach").joinpath("data/docx.json").read_text(encoding="utf-8")
    return json.loads(text)


def read(path: str, data: bytes, sha: str) -> RawDoc:
    """Read a .docx file's bytes into a :class:`RawDoc` (format "docx")."""
    app_pages = _check_package(data, path)
    doc = _open(data, path)
    walker = _Walker(doc)
    walker.body()
    extra = _extras(doc, walker.styles) + walker.textboxes
    pages = max(app_pages or 0, walker.page)
    return RawDoc(path=path, format="docx", sha256=sha, blocks=walker.blocks, pages=pages,
                  lines=walker.lines, extra_text=extra)


# ---------------------------------------------------------------- package checks

def _check_package(data: bytes, path: str) -> Optional[int]:
    """Refuse what is not a sane .docx before python-docx parses it; return docProps' page count."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise InputError("not a valid .docx file (corrupt or not a zip archive)", path) from None
    if len(infos) > MAX_PARTS:
        raise InputError(f"refusing to open: {len(infos)} parts in the archive (a zip bomb?)", path)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise InputError(f"refusing to open: {total // 2**20} MB uncompressed "
                         f"(limit {MAX_UNCOMPRESSED // 2**20} MB; a zip bomb?)", path)
    _check_sizes(data, infos, path)
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise InputError("not a Word document: the archive has no word/document.xml", path)
    pages = None
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            blob = zf.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
            raise InputError(f"corrupt .docx: cannot read {info.filename}", path) from None
        if _DTD.search(blob):
            raise InputError(f"refusing to open: {info.filename} declares a DTD / XML entities "
                             "(Word never writes one)", path)
        if info.filename == "docProps/app.xml":
            m = _APP_PAGES.search(blob)
            if m and int(m.group(1)) > 0:
                pages = int(m.group(1))
    return pages


def _check_sizes(data: bytes, infos: list, path: str) -> None:
    """Every part must inflate to exactly the size the archive declares, checked streaming.

    Why: zipfile inflates a deflated member whole before cutting it to its
    declared size, so a part whose headers lie ("1 KB" that inflates to 1 GB)
    would pass the size cap above and then blow up memory in ``zf.read`` or
    python-docx.  Here the raw deflate stream is inflated in bounded chunks and
    refused as soon as it outgrows its declared size.
    """
    view = memoryview(data)
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(f"encrypted .docx part {info.filename} (password protected)", path)
        if info.compress_type == zipfile.ZIP_STORED:
            if info.compress_size != info.file_size:
                raise InputError(f"corrupt .docx: wrong size for {info.filename}", path)
            continue
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise InputError(f"corrupt .docx: unsupported compression in {info.filename}", path)
        start = info.header_offset
        if bytes(view[start:start + 4]) != b"PK\x03\x04":
            raise InputError(f"corrupt .docx: cannot read {info.filename}", path)
        skip = 30 + int.from_bytes(view[start + 26:start + 28], "little") + int.from_bytes(
            view[start + 28:start + 30], "little")
        stream = view[start + skip:start + skip + info.compress_size]
        inflate = zlib.decompressobj(-15)
        size = 0
        try:
            for i in range(0, len(stream), 1 << 16):
                buf = stream[i:i + (1 << 16)]
                while buf:
                    size += len(inflate.decompress(buf, 1 << 20))
                    if size > info.file_size:
                        raise InputError(f"refusing to open: {info.filename} inflates beyond the size its "
                                         "header declares (a zip bomb?)", path)
                    buf = inflate.unconsumed_tail
            size += len(inflate.flush())
        except zlib.error:
            raise InputError(f"corrupt .docx: cannot read {info.filename}", path) from None
        if size != info.file_size:
            raise InputError(f"corrupt .docx: wrong size for {info.filename}", path)


def _open(data: bytes, path: str):
    """python-docx Document, every failure mapped to a one-line InputError."""
    import docx  # python-docx (heavy: imported only when a .docx is read)

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - python-docx raises KeyError/ValueError/lxml errors alike
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"cannot read the Word document: {msg[:200]}", path) from None


def _safe_xml(blob: bytes):
    """Parse a part python-docx left as bytes, without entities, DTDs or network."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(blob, parser)


def _part_element(part):
    el = getattr(part, "element", None)
    if el is not None:
        return el
    blob = getattr(part, "blob", None)
    return _safe_xml(blob) if blob else None


# ---------------------------------------------------------------- styles

def _on(el) -> bool:
    """A toggle property (w:b, w:i, w:vanish) element is 'on' unless its val says off."""
    return el is not None and (el.get(VAL) or "true").lower() not in _OFF


class _Styles:
    """Style inheritance, resolved on demand: direct > style chain (basedOn) > docDefaults."""

    def __init__(self, root) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_para: Optional[str] = None
        self.rpr_default = None
        self.ppr_default = None
        self._cache: dict[tuple, Any] = {}
        if root is None:
            return
        for s in root.iter(_w("style")):
            sid = s.get(_w("styleId"))
            if sid:
                self.by_id[sid] = s
                if s.get(TYPE) == "paragraph" and _on_attr(s.get(_w("default"))):
                    self.default_para = sid
        dd = root.find(_w("docDefaults"))
        if dd is not None:
            self.rpr_default = dd.find(f"{_w('rPrDefault')}/{RPR}")
            self.ppr_default = dd.find(f"{_w('pPrDefault')}/{PPR}")

    def chain(self, sid: Optional[str]) -> list:
        out, seen = [], set()
        while sid and sid in self.by_id and sid not in seen and len(out) < 30:
            seen.add(sid)
            s = self.by_id[sid]
            out.append(s)
            b = s.find(_w("basedOn"))
            sid = b.get(VAL) if b is not None else None
        return out

    def find(self, sid: Optional[str], container: str, name: str):
        """First ``container/name`` element (e.g. rPr/b) along the style chain, or None."""
        key = (sid, container, name)
        if key not in self._cache:
            hit = None
            for s in self.chain(sid):
                c = s.find(container)
                if c is not None:
                    hit = c.find(name)
                    if hit is not None:
                        break
            self._cache[key] = hit
        return self._cache[key]

    def run_prop(self, rpr, psid: Optional[str], name: str):
        """A run property: direct, then character style, then paragraph style, then defaults."""
        tag = _w(name)
        if rpr is not None:
            e = rpr.find(tag)
            if e is not None:
                return e
            rs = rpr.find(_w("rStyle"))
            if rs is not None:
                e = self.find(rs.get(VAL), RPR, tag)
                if e is not None:
                    return e
        e = self.find(psid, RPR, tag)
        if e is not None:
            return e
        return self.rpr_default.find(tag) if self.rpr_default is not None else None

    def para_prop(self, ppr, psid: Optional[str], name: str):
        tag = _w(name)
        if ppr is not None:
            e = ppr.find(tag)
            if e is not None:
                return e
        e = self.find(psid, PPR, tag)
        if e is not None:
            return e
        return self.ppr_default.find(tag) if self.ppr_default is not None else None

    def heading(self, sid: Optional[str]) -> int:
        key = ("heading", sid)
        if key not in self._cache:
            level = 0
            for s in self.chain(sid):
                n = s.find(_w("name"))
                m = _HEADING.match((n.get(VAL) or "") if n is not None else "")
                if m:
                    level = int(m.group(1))
                    break
            self._cache[key] = level
        return self._cache[key]

    def style_name(self, sid: Optional[str]) -> str:
        s = self.by_id.get(sid or "")
        n = s.find(_w("name")) if s is not None else None
        return (n.get(VAL) or "") if n is not None else ""

    def table_has_borders(self, sid: Optional[str]) -> bool:
        for s in self.chain(sid):
            tp = s.find(TBLPR)
            b = tp.find(_w("tblBorders")) if tp is not None else None
            if b is not None:
                return _visible(b)
        return False


def _on_attr(v: Optional[str]) -> bool:
    return v is not None and v.lower() not in _OFF


def _visible(borders) -> bool:
    return any((e.get(VAL) or "nil") not in _BORDER_NONE for e in borders)


# ---------------------------------------------------------------- numbering

def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def _letter(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa..."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Renders list labels as Word prints them, counting in document order.

    Counters are kept per abstract list (as Word does: several ``w:num`` that
    point to one abstract list continue each other) and restart where a
    ``w:num`` carries a ``w:startOverride``.
    """

    def __init__(self, root, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, Any]] = {}
        self.abstract_link: dict[str, str] = {}
        self.nums: dict[str, tuple[str, dict[int, Any], dict[int, int]]] = {}
        self.counters: dict[str, list[Optional[int]]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for an in root.iter(_w("abstractNum")):
            aid = an.get(_w("abstractNumId"))
            self.abstract[aid] = {int(lv.get(_w("ilvl"), "0")): lv for lv in an.findall(_w("lvl"))}
            link = an.find(_w("numStyleLink"))
            if link is not None and link.get(VAL):
                self.abstract_link[aid] = link.get(VAL)
        for num in root.iter(_w("num")):
            nid = num.get(_w("numId"))
            a = num.find(_w("abstractNumId"))
            if nid is None or a is None:
                continue
            lvls, starts = {}, {}
            for ov in num.findall(_w("lvlOverride")):
                il = int(ov.get(_w("ilvl"), "0"))
                so = ov.find(_w("startOverride"))
                if so is not None and (so.get(VAL) or "").isdigit():
                    starts[il] = int(so.get(VAL))
                lv = ov.find(_w("lvl"))
                if lv is not None:
                    lvls[il] = lv
            self.nums[nid] = (a.get(VAL), lvls, starts)

    def _abstract_of(self, nid: str, depth: int = 0) -> Optional[str]:
        if nid not in self.nums:
            return None
        aid = self.nums[nid][0]
        link = self.abstract_link.get(aid)
        if link and depth < 5:  # numStyleLink: the list is defined through a numbering style
            e = self.styles.find(link, PPR, _w("numPr"))
            ref = e.find(_w("numId")) if e is not None else None
            if ref is not None and ref.get(VAL) and ref.get(VAL) != nid:
                return self._abstract_of(ref.get(VAL), depth + 1) or aid
        return aid

    def _level(self, nid: str, aid: str, ilvl: int):
        return self.nums[nid][1].get(ilvl) or self.abstract.get(aid, {}).get(ilvl)

    def label(self, nid: Optional[str], ilvl: int) -> str:
        """The printed label ("1.", "a)", "-") of the next paragraph of list ``nid``; "" if none."""
        if not nid or nid == "0" or nid not in self.nums:
            return ""
        aid = self._abstract_of(nid)
        if aid is None:
            return ""
        ilvl = max(0, min(8, ilvl))
        lvl = self._level(nid, aid, ilvl)
        if lvl is None:
            return ""
        cnt = self.counters.setdefault(aid, [None] * 9)
        starts = self.nums[nid][2]
        if nid not in self.started:
            self.started.add(nid)
            for il in starts:
                cnt[il] = None
        for il in range(ilvl):
            if cnt[il] is None:
                cnt[il] = self._start(nid, aid, il)
        cnt[ilvl] = self._start(nid, aid, ilvl) if cnt[ilvl] is None else cnt[ilvl] + 1
        for il in range(ilvl + 1, 9):
            cnt[il] = None
        fmt_el = lvl.find(_w("numFmt"))
        fmt = fmt_el.get(VAL) if fmt_el is not None else "decimal"
        text_el = lvl.find(_w("lvlText"))
        text = text_el.get(VAL) if text_el is not None else ""
        if text is None:
            text = ""
        if fmt == "bullet":
            voc = _vocab()
            text = text.strip()
            label = text if text in voc["bullet_keep"] else voc["bullet_default"]
        else:
            legal = _on(lvl.find(_w("isLgl")))

            def sub(m: re.Match) -> str:
                k = int(m.group(1)) - 1
                lv = self._level(nid, aid, k)
                f = "decimal"
                if lv is not None and lv.find(_w("numFmt")) is not None:
                    f = lv.find(_w("numFmt")).get(VAL) or "decimal"
                if legal:
                    f = "decimal"
                n = cnt[k] if 0 <= k < 9 and cnt[k] is not None else self._start(nid, aid, k)
                return _format_number(n, f)

            label = re.sub(r"%([1-9])", sub, text)
        suff = lvl.find(_w("suff"))
        if not label.strip():
            return ""
        if suff is not None and suff.get(VAL) == "nothing":
            return label
        return label + " "

    def _start(self, nid: str, aid: str, ilvl: int) -> int:
        starts = self.nums[nid][2]
        if ilvl in starts:
            return starts[ilvl]
        lv = self._level(nid, aid, ilvl)
        st = lv.find(_w("start")) if lv is not None else None
        v = st.get(VAL) if st is not None else None
        return int(v) if v and v.lstrip("-").isdigit() else 1


# ---------------------------------------------------------------- walking the body

@dataclass
class _Acc:
    """Text of one paragraph as it is collected, with per-character style counts."""

    parts: list[str] = field(default_factory=list)
    chars: int = 0
    bold: int = 0
    italic: int = 0
    page: Optional[int] = None

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _Para:
    text: str            # soft breaks kept as "\n"
    page: Optional[int]
    bold: bool = False
    italic: bool = False
    heading: int = 0
    align: Optional[str] = None


class _Walker:
    """Walks the document body in order, keeping the page count and list counters."""

    def __init__(self, doc, numbering: bool = True) -> None:
        self.doc = doc
        part = doc.part
        self.styles = _Styles(_related_root(part, "/styles"))
        self.numbering = _Numbering(_related_root(part, "/numbering"), self.styles) if numbering else None
        self.blocks: list[Block] = []
        self.lines: list[str] = []
        self.textboxes: list[Block] = []
        self.page = 1
        self.pending = False
        self.sect_types: list[str] = []
        self.sect_index = 0

    # -- pages
    def explicit_break(self) -> None:
        self.pending = True

    def rendered_break(self) -> None:
        self.pending = False
        self.page += 1

    def content(self) -> None:
        if self.pending:
            self.pending = False
            self.page += 1

    def section_end(self) -> None:
        self.sect_index += 1
        if self.sect_index < len(self.sect_types):
            if self.sect_types[self.sect_index] not in ("continuous", "nextColumn"):
                self.explicit_break()

    # -- body
    def body(self) -> None:
        body = self.doc.element.body
        for sp in body.iter(SECTPR):
            parent = sp.getparent()
            if parent is not None and parent.tag in (PPR, body.tag):
                t = sp.find(TYPE)
                self.sect_types.append((t.get(VAL) if t is not None else None) or "nextPage")
        self._children(body)

    def _children(self, el) -> None:
        for ch in el:
            tag = ch.tag
            if tag == P:
                self._emit_paragraph(ch)
            elif tag == TBL:
                self._table(ch)
            elif tag == SDT:
                c = ch.find(SDTCONTENT)
                if c is not None:
                    self._children(c)
            elif tag == CUSTOMXML:
                self._children(ch)

    def _emit_paragraph(self, p) -> None:
        para = self.paragraph(p)
        text = clean_line(para.text.replace("\n", " "))
        if not text:
            return
        self.lines.append(text)
        n = len(self.lines)
        self.blocks.append(Block("text", text=text, page=para.page, line=n, end_line=n, bold=para.bold,
                                 italic=para.italic, heading=para.heading, align=para.align))

    # -- paragraphs
    def paragraph(self, p) -> _Para:
        """Read one w:p: text with its list label, style flags; updates page and list counters."""
        ppr = p.find(PPR)
        ps = ppr.find(_w("pStyle")) if ppr is not None else None
        psid = ps.get(VAL) if ps is not None else self.styles.default_para
        st = self.styles
        if _on(st.para_prop(ppr, psid, "pageBreakBefore")):
            self.explicit_break()
        label = self._label(ppr, psid)
        acc = _Acc()
        self._runs(p, psid, acc)
        if ppr is not None and ppr.find(SECTPR) is not None:
            self.section_end()
        text = acc.text()
        jc = st.para_prop(ppr, psid, "jc")
        align = _ALIGN.get((jc.get(VAL) or "").lower()) if jc is not None else None
        whole = acc.chars > 0
        if label and text.strip():
            text = label + text.lstrip()
        return _Para(text=text, page=acc.page, bold=whole and acc.bold == acc.chars,
                     italic=whole and acc.italic == acc.chars, heading=st.heading(psid), align=align)

    def _label(self, ppr, psid: Optional[str]) -> str:
        if self.numbering is None:
            return ""
        num = ppr.find(_w("numPr")) if ppr is not None else None
        nid = ilvl = None
        if num is not None:
            e = num.find(_w("numId"))
            nid = e.get(VAL) if e is not None else None
            e = num.find(_w("ilvl"))
            ilvl = e.get(VAL) if e is not None else None
        if nid is None:
            snum = self.styles.find(psid, PPR, _w("numPr"))
            if snum is None:
                return ""
            e = snum.find(_w("numId"))
            nid = e.get(VAL) if e is not None else None
            if ilvl is None:
                e = snum.find(_w("ilvl"))
                ilvl = e.get(VAL) if e is not None else None
        try:
            lv = int(ilvl) if ilvl is not None else 0
        except ValueError:
            lv = 0
        return self.numbering.label(nid, lv)

    def _runs(self, el, psid: Optional[str], acc: _Acc) -> None:
        for ch in el:
            tag = ch.tag
            if tag == R:
                self._run(ch, psid, acc)
            elif tag in _RUN_CONTAINERS:
                self._runs(ch, psid, acc)
            elif tag == SDT:
                c = ch.find(SDTCONTENT)
                if c is not None:
                    self._runs(c, psid, acc)
            elif tag in M_OMATH:
                self._add(acc, "".join(t.text or "" for t in ch.iter(M_T)), False, False)
            elif tag == MC_ALT:
                c = ch.find(MC_CHOICE)
                if c is not None:
                    self._runs(c, psid, acc)

    def _run(self, r, psid: Optional[str], acc: _Acc) -> None:
        st = self.styles
        rpr = r.find(RPR)
        if _on(st.run_prop(rpr, psid, "vanish")):
            for ch in r:
                if ch.tag == _w("lastRenderedPageBreak"):
                    self.rendered_break()
            return
        bold = _on(st.run_prop(rpr, psid, "b"))
        italic = _on(st.run_prop(rpr, psid, "i"))
        va = st.run_prop(rpr, psid, "vertAlign")
        sup = va is not None and va.get(VAL) == "superscript"
        for ch in r:
            tag = ch.tag
            if tag == T:
                text = ch.text or ""
                if sup:
                    self._superscript(acc, text, bold, italic)
                else:
                    self._add(acc, text, bold, italic)
            elif tag in (_w("tab"), _w("ptab")):
                self._add(acc, "\t", bold, italic)
            elif tag in (_w("br"), _w("cr")):
                kind = ch.get(TYPE)
                if kind == "page":
                    self.explicit_break()
                    acc.parts.append(" ")
                elif kind == "column":
                    acc.parts.append(" ")
                else:
                    acc.parts.append("\n")
            elif tag == _w("lastRenderedPageBreak"):
                self.rendered_break()
            elif tag == _w("noBreakHyphen"):
                self._add(acc, "-", bold, italic)
            elif tag == _w("sym"):
                c = _sym(ch.get(_w("char")))
                if c:
                    self._add(acc, c, bold, italic)
            elif tag in (_w("drawing"), _w("pict"), MC_ALT, _w("object")):
                self._textboxes(ch)
            # footnoteReference / endnoteReference / instrText / delText / fldChar: not printed text

    def _add(self, acc: _Acc, text: str, bold: bool, italic: bool) -> None:
        if not text:
            return
        n = sum(1 for c in text if not c.isspace())
        if n:
            if acc.page is None:
                self.content()
                acc.page = self.page
            acc.chars += n
            acc.bold += n if bold else 0
            acc.italic += n if italic else 0
        acc.parts.append(text)

    def _superscript(self, acc: _Acc, text: str, bold: bool, italic: bool) -> None:
        """Superscript runs: "m2" keeps its exponent; footnote-like marks ("1", "(2)", "*") are dropped."""
        prev = "".join(acc.parts[-3:])
        if text in _SUP and _UNIT_BEFORE.search(prev):
            self._add(acc, _SUP[text], bold, italic)
        elif _MARKER.match(text):
            return
        else:
            self._add(acc, text, bold, italic)

    def _textboxes(self, el) -> None:
        """Text boxes inside drawings: their text goes to extra_text (role "textbox")."""
        for box in _textbox_contents(el):
            sub = _Walker.__new__(_Walker)
            sub.__dict__.update(self.__dict__)
            sub.numbering = None
            sub.blocks, sub.lines, sub.textboxes = [], [], []
            sub.page, sub.pending = self.page, False
            texts = [clean_line(sub.paragraph(p).text.replace("\n", " ")) for p in box.iter(P)]
            text = " ".join(t for t in texts if t)
            if text:
                self.textboxes.append(Block("text", text=text, page=self.page, role="textbox"))

    # -- tables
    def _table(self, tbl) -> None:
        trs = _rows_of(tbl)
        ncols = _grid_cols(tbl, trs)
        if self._is_layout(tbl, trs, ncols):
            for tr in trs:
                for tc in _cells_of(tr):
                    self._children(tc)
            return
        rows: list[Row] = []
        for tr in trs:
            rows.append(self._row(tr))
        rows = [r for r in rows if r.cells]
        if not rows:
            return
        _fill_rowspans(rows)
        ncols = max(ncols, max((c.col + c.span for r in rows for c in r.cells), default=0))
        self.blocks.append(Block("table", rows=rows, ncols=ncols, page=rows[0].page, line=rows[0].line,
                                 end_line=rows[-1].line))

    def _row(self, tr) -> Row:
        trpr = tr.find(TRPR)
        header = trpr is not None and _on(trpr.find(_w("tblHeader")))
        col = _int_val(trpr.find(_w("gridBefore")) if trpr is not None else None, 0)
        base_page, base_pending = self.page, self.pending
        start_page = base_page + (1 if base_pending else 0)
        end_page, still_pending = base_page, base_pending
        cells: list[Cell] = []
        for tc in _cells_of(tr):
            # each cell of a row that crosses a page carries its own page-break mark: count the row once
            self.page, self.pending = base_page, base_pending
            tcpr = tc.find(TCPR)
            span = max(1, _int_val(tcpr.find(_w("gridSpan")) if tcpr is not None else None, 1))
            vm = tcpr.find(_w("vMerge")) if tcpr is not None else None
            hm = tcpr.find(_w("hMerge")) if tcpr is not None else None
            merged = vm is not None and (vm.get(VAL) or "continue") == "continue"
            text = self._cell_text(tc)
            end_page = max(end_page, self.page)
            still_pending = still_pending and self.pending
            if hm is not None and (hm.get(VAL) or "continue") == "continue" and cells:
                cells[-1].span += span      # legacy horizontal merge: widen the cell it continues
                col += span
                continue
            cells.append(Cell(text="" if merged else text, col=col, span=span, merged=merged))
            col += span
        self.page, self.pending = end_page, still_pending
        self.lines.append(" | ".join(c.text.replace("\n", " ") for c in cells))
        return Row(cells=cells, page=start_page, line=len(self.lines), header=header,
                   pages=list(range(start_page, max(start_page, end_page) + 1)))

    def _cell_text(self, tc) -> str:
        lines: list[str] = []
        self._cell_lines(tc, lines)
        return "\n".join(lines)

    def _cell_lines(self, el, out: list[str]) -> None:
        for ch in el:
            tag = ch.tag
            if tag == P:
                for part in self.paragraph(ch).text.split("\n"):
                    s = clean_line(part)
                    if s:
                        out.append(s)
            elif tag == TBL:   # nested table: one line per row, cells joined " | "
                for tr in _rows_of(ch):
                    cells = []
                    for tc in _cells_of(tr):
                        sub: list[str] = []
                        self._cell_lines(tc, sub)
                        if sub:
                            cells.append(" ".join(sub))
                    if cells:
                        out.append(" | ".join(cells))
            elif tag == SDT:
                c = ch.find(SDTCONTENT)
                if c is not None:
                    self._cell_lines(c, out)
            elif tag == CUSTOMXML:
                self._cell_lines(ch, out)

    def _is_layout(self, tbl, trs: list, ncols: int) -> bool:
        """A table used to place text (document header, signature), not to hold data."""
        voc = _vocab()
        if not trs:
            return True
        first = [_squash_lower(_plain(tc)) for tc in _cells_of(trs[0])]
        if any(c in voc["data_table_header_cells"] for c in first):
            return False
        if len(trs) <= voc["layout_max_rows"] and ncols <= voc["layout_max_cols"]:
            return True
        return ncols <= voc["layout_borderless_max_cols"] and not self._has_borders(tbl)

    def _has_borders(self, tbl) -> bool:
        tp = tbl.find(TBLPR)
        if tp is not None:
            b = tp.find(_w("tblBorders"))
            if b is not None and _visible(b):
                return True
            sid = tp.find(_w("tblStyle"))
            if b is None and sid is not None and self.styles.table_has_borders(sid.get(VAL)):
                return True
        for b in tbl.iter(_w("tcBorders")):
            if _visible(b):
                return True
        return False


# ---------------------------------------------------------------- helpers

def _related_root(part, suffix: str):
    """Root element of the part related to ``part`` by a relationship type ending in ``suffix``."""
    for rel in part.rels.values():
        if rel.is_external or not rel.reltype.endswith(suffix):
            continue
        try:
            return _part_element(rel.target_part)
        except Exception:  # noqa: BLE001 - a broken optional part is ignored
            return None
    return None


def _children(el, tag: str) -> list:
    """Children ``tag`` of a table or row, looking inside content controls (w:sdt, w:customXml)."""
    out = []
    for ch in el:
        if ch.tag == tag:
            out.append(ch)
        elif ch.tag in (SDT, CUSTOMXML):
            c = ch.find(SDTCONTENT) if ch.tag == SDT else ch
            if c is not None:
                out.extend(x for x in c if x.tag == tag)
    return out


def _rows_of(tbl) -> list:
    return _children(tbl, TR)


def _cells_of(tr) -> list:
    return _children(tr, TC)


def _grid_cols(tbl, trs: list) -> int:
    grid = tbl.find(_w("tblGrid"))
    n = len(grid.findall(_w("gridCol"))) if grid is not None else 0
    for tr in trs:
        trpr = tr.find(TRPR)
        w = _int_val(trpr.find(_w("gridBefore")) if trpr is not None else None, 0)
        for tc in _cells_of(tr):
            tcpr = tc.find(TCPR)
            w += max(1, _int_val(tcpr.find(_w("gridSpan")) if tcpr is not None else None, 1))
        n = max(n, w)
    return n


def _int_val(el, default: int) -> int:
    if el is None:
        return default
    v = el.get(VAL)
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


def _plain(el) -> str:
    """Quick text of an element (no side effects): for classifying tables."""
    return "".join(t.text or "" for t in el.iter(T))


def _squash_lower(s: str) -> str:
    return re.sub(r"\s+", " ", nfc(s)).strip().lower()


def _sym(code: Optional[str]) -> str:
    """A w:sym character; Symbol-font private-use glyphs (bullets, ticks) become "-"."""
    try:
        c = int(code or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= c <= 0xF0FF:
        return "-"
    return chr(c) if c > 0x1F else ""


def _textbox_contents(el) -> Iterable:
    """w:txbxContent under ``el``, skipping mc:Fallback copies of the same box."""
    stack = [el]
    while stack:
        e = stack.pop()
        for ch in e:
            if ch.tag == TXBX:
                yield ch
            elif ch.tag == f"{{{_MC}}}Fallback":
                continue
            else:
                stack.append(ch)


def _fill_rowspans(rows: list[Row]) -> None:
    """rowspan of a vMerge-restarting cell = 1 + the continuation cells under it."""
    for i, row in enumerate(rows):
        for c in row.cells:
            if c.merged:
                continue
            n = 1
            for below in rows[i + 1:]:
                b = next((x for x in below.cells if x.col == c.col), None)
                if b is None or not b.merged:
                    break
                n += 1
            c.rowspan = n


def _extras(doc, styles: _Styles) -> list[Block]:
    """Page headers/footers (the e-signature stamp among them) and footnotes, as extra_text blocks."""
    out: list[Block] = []
    seen_parts: set[str] = set()
    seen_text: set[tuple[str, str]] = set()
    part = doc.part
    body = doc.element.body
    quiet = _Walker.__new__(_Walker)
    quiet.__dict__.update({"doc": doc, "styles": styles, "numbering": None, "blocks": [], "lines": [],
                           "textboxes": [], "page": 1, "pending": False, "sect_types": [], "sect_index": 0})
    for sp in body.iter(SECTPR):
        for ref in sp:
            if ref.tag not in (_w("headerReference"), _w("footerReference")):
                continue
            rid = ref.get(f"{{{_R}}}id")
            try:
                target = part.related_parts[rid]
            except (KeyError, AttributeError):
                continue
            name = str(getattr(target, "partname", rid))
            if name in seen_parts:
                continue
            seen_parts.add(name)
            try:
                root = _part_element(target)
            except Exception:  # noqa: BLE001
                continue
            if root is None:
                continue
            kind = "header" if ref.tag == _w("headerReference") else "footer"
            texts = [clean_line(quiet.paragraph(p).text.replace("\n", " ")) for p in root.iter(P)]
            for text in texts:
                if not text or _ONLY_DIGITS.match(text):
                    continue     # page numbers
                role = "stamp" if _STAMP.search(text) else kind
                if (role, text) in seen_text:
                    continue
                seen_text.add((role, text))
                out.append(Block("text", text=text, role=role,
                                 page=1 if ref.get(TYPE) == "first" and not out else None))
    root = _related_root(part, "/footnotes")
    if root is not None:
        for fn in root.iter(_w("footnote")):
            if fn.get(TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            texts = [clean_line(quiet.paragraph(p).text.replace("\n", " ")) for p in fn.iter(P)]
            text = " ".join(t for t in texts if t)
            if text:
                out.append(Block("text", text=text, role="footnote"))
    return out
