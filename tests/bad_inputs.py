"""Makers of hostile and broken input files, built at test time (no binary fixtures in git).

Each ``make_*`` function returns the bytes of one bad (or oddly encoded) input;
:func:`write_all` writes the whole folder into a directory.  The PDFs are
written by hand (objects, xref table, trailer) so that nothing beyond the
standard library is needed to build them.
"""
from __future__ import annotations

import io
import random
import unicodedata
import zipfile
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "kontum-78-qd-ubnd-2025.txt"
SEED_PDF = ROOT / "samples" / "pdf" / "kontum-78-qd-ubnd-2025.pdf"
SEED_DOCX = ROOT / "samples" / "docx" / "kontum-78-qd-ubnd-2025.docx"

# Tone marks Windows-1258 writes as separate combining characters (after the base letter).
_CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"


# ------------------------------------------------------------------ text

def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def make_nfd() -> bytes:
    """The seed, NFD-normalised (as macOS file names and some copy-pastes give it), in UTF-8."""
    return unicodedata.normalize("NFD", seed_text()).encode("utf-8")


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text the way Windows-1258 stores it.

    Python's cp1258 codec is a plain character map: it has the letters with
    circumflex, breve and horn (â, ă, ơ, ư, ê, ô, đ) and five combining tone
    marks, but not most precomposed toned letters. So each letter the codec
    cannot encode is decomposed, its non-tone marks recomposed, and its tone
    written as the combining mark after it.
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _CP1258_TONES))
        tones = "".join(c for c in parts if c in _CP1258_TONES)
        out += (base + tones).encode("cp1258")
    return bytes(out)


def make_cp1258() -> bytes:
    return to_cp1258(seed_text())


def make_random(n: int = 64 * 1024, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(n)


# ------------------------------------------------------------------ PDF

def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file from its numbered objects (object i+1 = objects[i]); object 1 is the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, trailer_extra, xref))
    return out.getvalue()


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _escape(s: str) -> bytes:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_ID = bytes.fromhex("00112233445566778899aabbccddeeff")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _rc4_key(owner: bytes, perms: int) -> bytes:
    """The file key of the Standard security handler, revision 2, for the empty user password."""
    import hashlib

    return hashlib.md5(_PAD + owner + perms.to_bytes(4, "little", signed=True) + _ID).digest()[:5]


def make_text_pdf(pages: list[list[str]], encrypt: bytes | None = None, rc4_key: bytes | None = None) -> bytes:
    """A PDF whose pages hold the given ASCII lines in Helvetica 12 (A4, 14 pt leading).

    ``encrypt`` is the body of an /Encrypt dictionary to put in the trailer;
    with ``rc4_key`` the content streams are RC4-encrypted with that file key.
    """
    n = len(pages)
    font = 3 + 2 * n                    # object numbers: 1 catalog, 2 pages, then page/content pairs
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n))
    for i, lines in enumerate(pages):
        ops = [b"BT /F1 12 Tf 14 TL 72 770 Td"]
        ops += [b"(%s) '" % _escape(line) for line in lines]
        ops.append(b"ET")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, 4 + 2 * i))
        content = b"\n".join(ops)
        if rc4_key is not None:
            import hashlib

            num = 4 + 2 * i
            obj_key = hashlib.md5(rc4_key + num.to_bytes(3, "little") + b"\0\0").digest()[:len(rc4_key) + 5]
            content = _rc4(obj_key, content)
        objects.append(_stream(content))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    trailer = b""
    if encrypt is not None:
        objects.append(encrypt)
        trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (len(objects), _ID.hex().encode(), _ID.hex().encode())
    return _pdf(objects, trailer)


def plan_page(i: int) -> list[str]:
    """ASCII plan-like lines for page ``i`` (1-based) of the long PDF."""
    lines = [f"KE HOACH TRIEN KHAI NHIEM VU NAM 2025 - PHAN {i}",
             f"{i}. Nhiem vu so {i}: to chuc thuc hien cai cach hanh chinh tai dia phuong.",
             "a) Ra soat, danh gia thu tuc hanh chinh; hoan thanh truoc ngay 30/6/2025.",
             "b) Tang cuong kiem tra, giam sat viec thuc hien ke hoach.",
             f"Ty le ho so giai quyet dung han dat tren {90 + i % 10}%."]
    lines += [f"Dong noi dung {k} cua trang {i}: cac co quan, don vi phoi hop thuc hien." for k in range(1, 31)]
    return lines


def make_long_pdf(n: int = 300, lines: int = 8) -> bytes:
    """``n`` pages of ``lines`` plan-like lines each (35 lines make a dense page of ~2500 glyphs)."""
    return make_text_pdf([plan_page(i)[:lines] for i in range(1, n + 1)])


def make_long_paragraph_text(n: int = 2000) -> bytes:
    """``n`` lines with no sentence end and no list marker: a text reader joins them into one
    huge paragraph, which stages that re-scan the growing paragraph per line make quadratic."""
    return "".join(f"cac co quan don vi phoi hop thuc hien nhiem vu dong {i}\n" for i in range(n)).encode()


def make_encrypted_pdf() -> bytes:
    """A PDF with a Standard-handler /Encrypt dictionary whose password is not empty.

    The /O and /U strings do not match the empty user password, so a reader
    must ask for a password; nothing needs to be really encrypted for that.
    """
    enc = (b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
           b"/O <" + b"5a" * 32 + b"> /U <" + b"a5" * 32 + b"> >>")
    return make_text_pdf([["KE HOACH", "Secret plan text"]], encrypt=enc)


def make_owner_password_pdf() -> bytes:
    """A PDF encrypted with an empty user password (only an owner password restricting
    printing/copying, common for published documents): it opens without a password,
    so it must parse."""
    owner = bytes(range(32))
    perms = -3904                       # printing and copying not allowed
    key = _rc4_key(owner, perms)
    enc = (b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P %d /O <%s> /U <%s> >>"
           % (perms, owner.hex().encode(), _rc4(key, _PAD).hex().encode()))
    return make_text_pdf([plan_page(1)[:8]], encrypt=enc, rc4_key=key)


def make_image_only_pdf() -> bytes:
    """A one-page PDF that draws only a filled rectangle: no text layer (like a scan)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>",
               _stream(b"0.5 g 72 72 451 698 re f")]
    return _pdf(objects)


def make_truncated_pdf(fraction: float = 0.4) -> bytes:
    data = SEED_PDF.read_bytes()
    return data[: int(len(data) * fraction)]


def make_header_only_pdf() -> bytes:
    return b"%PDF-1.7\n" + make_random(4096, seed=7)


# ------------------------------------------------------------------ DOCX

_CT = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       b'<Default Extension="xml" ContentType="application/xml"/>'
       b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       b'wordprocessingml.document.main+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="word/document.xml"/></Relationships>')
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_document(paragraphs: list[str], prolog: bytes = b"") -> bytes:
    body = b"".join(b"<w:p><w:r><w:t>" + p.encode("utf-8") + b"</w:t></w:r></w:p>" for p in paragraphs)
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + prolog
            + b"<w:document " + _W + b"><w:body>" + body + b"</w:body></w:document>")


def make_docx(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx package around ``document_xml`` (plus any ``extra`` parts)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document_xml)
        for name, blob in (extra or {}).items():
            zf.writestr(name, blob)
    return buf.getvalue()


def make_minimal_docx() -> bytes:
    return make_docx(docx_document(["KẾ HOẠCH", "Cải cách hành chính năm 2025", "I. MỤC ĐÍCH, YÊU CẦU"]))


def _zeros(total: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    block = b"\0" * chunk
    left = total
    while left > 0:
        yield block[: min(chunk, left)]
        left -= chunk


def make_zip_bomb_docx(size: int = 1 << 30) -> bytes:
    """A .docx whose word/document.xml inflates to ``size`` bytes of zeros (1 GiB by default).

    Written streaming (zipfile's writer on a generator), so only the ~1 MB
    compressed archive is ever held in memory.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=size >= (1 << 31) - 1) as f:
            for block in _zeros(size):
                f.write(block)
    return buf.getvalue()


def make_lying_zip_bomb_docx(size: int = 256 << 20) -> bytes:
    """A zip bomb whose headers declare word/document.xml to be tiny (1 KB): a size check
    on the declared sizes alone lets it through, so reading must stay bounded anyway."""
    data = bytearray(make_zip_bomb_docx(size))
    declared = 1024
    name = b"word/document.xml"
    # local file header: signature PK\3\4, uncompressed size at offset 22
    pos = 0
    while True:
        pos = data.find(b"PK\x03\x04", pos)
        if pos < 0:
            break
        nlen = int.from_bytes(data[pos + 26:pos + 28], "little")
        if data[pos + 30:pos + 30 + nlen] == name:
            data[pos + 22:pos + 26] = declared.to_bytes(4, "little")
        pos += 4
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        nlen = int.from_bytes(data[pos + 28:pos + 30], "little")
        if data[pos + 46:pos + 46 + nlen] == name:
            data[pos + 24:pos + 28] = declared.to_bytes(4, "little")
        pos += 4
    return bytes(data)


_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b"]>\n")


def make_billion_laughs_docx() -> bytes:
    """word/document.xml with an internal DTD whose entities expand to 10^9 "lol"s."""
    return make_docx(docx_document(["KẾ HOẠCH &lol9;"], prolog=_LAUGHS))


def make_billion_laughs_utf16_docx() -> bytes:
    """The same payload in a UTF-16 encoded part (a byte search for "<!DOCTYPE" misses it)."""
    xml = docx_document(["KẾ HOẠCH &lol9;"], prolog=_LAUGHS).decode("utf-8")
    xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return make_docx(b"\xff\xfe" + xml.encode("utf-16-le"))


def make_external_entity_docx() -> bytes:
    """An XXE attempt: an external entity pointing at a local file."""
    prolog = b'<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    return make_docx(docx_document(["KẾ HOẠCH &xxe;"], prolog=prolog))


def make_truncated_docx() -> bytes:
    data = SEED_DOCX.read_bytes()
    return data[: len(data) // 2]


def make_zip_not_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return buf.getvalue()


def make_malformed_xml_docx() -> bytes:
    return make_docx(b'<?xml version="1.0"?><w:document ' + _W + b"><w:body><w:p><w:r><w:t>KE HOACH")


# ------------------------------------------------------------------ .doc, RTF, HTML

def make_rtf() -> bytes:
    """A small RTF plan (Word saves RTF under a ".doc" name too), Vietnamese as \\uN escapes."""
    return (rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times New Roman;}}"
            rb"\pard\qc\b K\u7870? HO\u7840?CH\b0\par"
            rb"\pard C\u7843?i c\u225?ch h\u224?nh ch\u237?nh n\u259?m 2025\par"
            rb"\pard I. M\u7908?C \u272?\u205?CH\par}")


def make_ole_not_word() -> bytes:
    """The OLE2 signature (Word 97-2003, Excel, ...) without a WordDocument stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + make_random(4096, seed=3)


def make_xhtml_laughs() -> bytes:
    """An XHTML page with an internal DTD of nested entities (10^7 "a"s if expanded)."""
    ents = "".join(f'<!ENTITY e{i} "{("&e%d;" % (i - 1) if i else "aaaaaaaaaa") * 10}">' for i in range(7))
    return (f'<?xml version="1.0"?><!DOCTYPE html [{ents}]>'
            f"<html><body><p>KẾ HOẠCH &e6;</p><p>Năm 2025</p></body></html>").encode("utf-8")


# ------------------------------------------------------------------ the folder

MAKERS: dict[str, Callable[[], bytes]] = {
    "empty.txt": lambda: b"",
    "blank.txt": lambda: b" \n\t\r\n  \n",
    "random.bin": make_random,
    "random.txt": make_random,
    "random.pdf": make_random,
    "random.docx": make_random,
    "random.doc": make_random,
    "truncated.pdf": make_truncated_pdf,
    "header-only.pdf": make_header_only_pdf,
    "encrypted.pdf": make_encrypted_pdf,
    "owner-password.pdf": make_owner_password_pdf,
    "image-only.pdf": make_image_only_pdf,
    "renamed-text.docx": lambda: SEED.read_bytes(),
    "zip-bomb.docx": make_zip_bomb_docx,
    "lying-zip-bomb.docx": make_lying_zip_bomb_docx,
    "billion-laughs.docx": make_billion_laughs_docx,
    "billion-laughs-utf16.docx": make_billion_laughs_utf16_docx,
    "xxe.docx": make_external_entity_docx,
    "truncated.docx": make_truncated_docx,
    "zip-not-docx.docx": make_zip_not_docx,
    "malformed-xml.docx": make_malformed_xml_docx,
    "rtf-as.doc": make_rtf,
    "ole-not-word.doc": make_ole_not_word,
    "laughs.xhtml": make_xhtml_laughs,
    "nfd.txt": make_nfd,
    "cp1258.txt": make_cp1258,
    "long-300.pdf": make_long_pdf,
}


def write_all(folder: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Write the bad inputs (all, or ``names``) into ``folder``; return name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name in names or list(MAKERS):
        p = folder / name
        p.write_bytes(MAKERS[name]())
        out[name] = p
    return out
