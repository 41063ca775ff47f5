"""The PDF reader on the real sample PDFs (renders of the seed documents) and on broken PDFs."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from kehoach.blocks import Block, RawDoc
from kehoach.errors import InputError, ScannedPDFError
from kehoach.readers import read

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "samples" / "pdf"
GOLD = ROOT / "tests" / "gold" / "renders"

_cache: dict[str, RawDoc] = {}


def doc(name: str) -> RawDoc:
    """Each sample is parsed once per test session."""
    if name not in _cache:
        _cache[name] = read(PDF / f"{name}.pdf")
    return _cache[name]


def tables(d: RawDoc) -> list[Block]:
    return [b for b in d.blocks if b.kind == "table"]


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


# --------------------------------------------------------------------------- kontum 78/QĐ-UBND

def test_kontum_basic_shape():
    d = doc("kontum-78-qd-ubnd-2025")
    assert d.format == "pdf"
    assert d.pages == 17
    assert all(b.page and b.line for b in d.blocks)
    # line numbers index RawDoc.lines
    for b in d.text_blocks():
        assert b.text in d.lines[b.line - 1]


def test_kontum_header_columns_are_separate_blocks():
    d = doc("kontum-78-qd-ubnd-2025")
    texts = [b.text for b in d.blocks if b.kind == "text" and b.page == 1]
    assert "Số: 78/QĐ-UBND" in texts
    assert "Kon Tum, ngày 06 tháng 02 năm 2025" in texts
    assert "ỦY BAN NHÂN DÂN" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    so = next(b for b in d.blocks if b.text == "Số: 78/QĐ-UBND")
    date = next(b for b in d.blocks if b.text == "Kon Tum, ngày 06 tháng 02 năm 2025")
    assert so.line == date.line and date.italic and not so.bold
    # left column first
    assert d.blocks.index(so) + 1 == d.blocks.index(date)
    title = next(b for b in d.blocks if b.text == "QUYẾT ĐỊNH")
    assert title.bold and title.align == "center"


def test_kontum_signature_block_columns():
    d = doc("kontum-78-qd-ubnd-2025")
    p2 = [b for b in d.blocks if b.kind == "text" and b.page == 2]
    texts = [b.text for b in p2]
    assert "Nơi nhận:" in texts and "CHỦ TỊCH" in texts and "Lê Ngọc Tuấn" in texts
    noi = texts.index("Nơi nhận:")
    assert texts[noi + 1] == "CHỦ TỊCH"
    name = next(b for b in p2 if b.text == "Lê Ngọc Tuấn")
    assert name.bold
    assert "+ Phòng HC-QT, NC (đ/b);" in texts


def test_kontum_stamp_goes_to_extra_text():
    d = doc("kontum-78-qd-ubnd-2025")
    stamps = [b for b in d.extra_text if b.role == "stamp"]
    assert stamps and stamps[0].text == "Số: 78/QĐ-UBND(CT); 06/02/2025; 08:34:50; +07:00"
    assert stamps[0].page == 1
    assert not any("08:34:50" in b.text for b in d.text_blocks())
    pages = [b for b in d.extra_text if b.role == "page_number"]
    assert [b.text for b in pages if b.page in (2, 12)] == ["2", "2"]
    assert not any(b.text == "2" for b in d.text_blocks())


def test_kontum_appendix_is_one_table():
    d = doc("kontum-78-qd-ubnd-2025")
    ts = tables(d)
    assert len(ts) == 1
    t = ts[0]
    assert t.page == 11 and t.ncols == 6
    heads = [r for r in t.rows if r.header]
    assert len(heads) == 2 and t.rows[0].header and t.rows[1].header
    assert t.rows[0].texts(6)[:2] == ["STT", "Nội dung công việc"]
    # "Phân công thực hiện" spans the two agency columns; the second header row hangs under it
    assign = t.rows[0].cell_at(2)
    assert assign.text == "Phân công thực hiện" and assign.span == 2
    assert [c.merged for c in t.rows[1].cells] == [True, True, False, False, True, True]
    assert t.rows[1].texts(6)[2:4] == ["Cơ quan chủ trì", "Cơ quan phối hợp"]
    # the repeated header of pages 12-17 is dropped
    assert sum(1 for r in t.rows if r.texts(6)[0] == "STT") == 1


def test_kontum_task_row_cells():
    t = tables(doc("kontum-78-qd-ubnd-2025"))[0]
    row = next(r for r in t.rows if r.texts(6)[1].startswith("Ban hành Kế hoạch công tác cải cách TTHC"))
    cells = row.texts(6)
    assert cells[0] == "1"
    assert cells[2] == "- Các cơ quan chuyên\nmôn thuộc UBND\ntỉnh;\n- UBND cấp huyện."
    assert cells[3] == "Văn phòng UBND\ntỉnh"
    assert cells[5] == "Trước ngày\n20/02/2025"
    group = next(r for r in t.rows if r.texts(6)[0] == "II")
    assert group.cells[1].span == 5 and group.cells[1].text == "THỰC HIỆN CÔNG BỐ, CÔNG KHAI TTHC"


def test_kontum_rows_cut_by_page_breaks_are_stitched():
    t = tables(doc("kontum-78-qd-ubnd-2025"))[0]
    cut = [r for r in t.rows if len(r.pages) > 1]
    assert len(cut) == 5
    a = next(r for r in t.rows if r.texts(6)[1].startswith("Rà soát, trình công bố danh mục TTHC ngay"))
    assert a.pages == [11, 12]
    assert "sau khi Bộ ngành Trung ương công bố TTHC" in a.texts(6)[1]
    assert a.texts(6)[2] == "Các cơ quan chuyên\nmôn thuộc UBND tỉnh"
    # no fragment row without its own number is left behind
    assert all(r.texts(6)[0] or r.header for r in t.rows)


# --------------------------------------------------------------------------- gialai 628/QĐ-UBND

def test_gialai_table_stitching_and_vertical_merges():
    t = tables(doc("gialai-628-qd-ubnd-2024"))
    assert len(t) == 1
    t = t[0]
    assert sum(1 for r in t.rows if r.header) == 1
    assert sorted(r.pages for r in t.rows if len(r.pages) > 1) == [[3, 4], [4, 5], [7, 8], [8, 9], [9, 10],
                                                                  [11, 12]]
    # task VI.1's second line (blank STT, own agencies, printed at the top of page 7) stays a row
    r7 = next(r for r in t.rows if r.pages == [7] and r.texts(6)[0] == "")
    assert r7.texts(6)[2:] == ["Văn phòng UBND tỉnh", "- Các sở, ban, ngành\ntỉnh;\n- UBND cấp huyện;\n- UBND cấp xã.",
                               "Báo cáo hằng tháng của\nUBND tỉnh.", "Trước ngày 25\nhằng tháng."]
    # vertically merged STT / content cells
    merged = [r for r in t.rows if r.cells[0].merged]
    assert len(merged) >= 3
    m = next(r for r in merged if r.texts(6)[5] == "Trước ngày\n31/01/2025")
    assert m.cells[0].merged and m.cells[1].merged and m.cells[0].text == ""
    cut = next(r for r in t.rows if r.pages == [9, 10])
    assert cut.texts(6)[1].endswith("TTHC của tỉnh.")
    assert cut.texts(6)[5] == "Thường xuyên\ntrong năm 2025"


def test_gialai_footnote_and_superscript():
    d = doc("gialai-628-qd-ubnd-2024")
    notes = [b for b in d.extra_text if b.role == "footnote"]
    assert len(notes) == 1 and notes[0].page == 10
    assert notes[0].text.startswith("1 Nghị quyết số 01/NQ-CP ngày 01/01/2021")
    assert not any(b.text.startswith("1 Nghị quyết số 01/NQ-CP") for b in d.text_blocks())


# --------------------------------------------------------------------------- khanhhoa (targets table)

def test_khanhhoa_targets_table():
    d = doc("khanhhoa-bqlkkt-cctthc-2025")
    first = d.blocks[0]
    assert first.text == "BAN QUẢN LÝ KHU KINH TẾ"      # set 7 pt from "CỘNG HÒA ...", still two columns
    assert d.blocks[1].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ts = tables(d)
    assert len(ts) == 1 and ts[0].ncols == 5
    t = ts[0]
    assert t.rows[0].header and t.rows[0].texts(5)[2] == "Chỉ tiêu năm\n2025 (%)"
    assert sum(1 for r in t.rows if len(r.pages) > 1) == 2
    r4 = next(r for r in t.rows if r.texts(5)[1].startswith("Tỷ lệ số hóa hồ sơ"))
    assert r4.pages == [8, 9] and r4.texts(5)[2] == "80%"
    assert "chuyên môn thực hiện." in r4.texts(5)[3]
    mins = next(r for r in t.rows if r.texts(5)[1].startswith("Mức độ hài lòng"))
    assert mins.texts(5)[2] == "Tối thiểu\n90%"


# --------------------------------------------------------------------------- kontum CCHC (footnotes)

def test_kontum_cchc_footnotes_and_marks():
    d = doc("kontum-cchc-2025")
    notes = [b for b in d.extra_text if b.role == "footnote"]
    assert [n.text.split()[0] for n in notes] == ["1", "2", "3", "4", "5", "6"]
    assert notes[0].page == 4
    assert notes[0].text == ("1 Theo chỉ đạo của Ủy ban nhân dân tỉnh tại Công văn số 4329/UBND-NC "
                             "ngày 02 tháng 12 năm 2024.")
    body = [b.text for b in d.text_blocks()]
    # the raised "(1)" glued to "nước" is gone and did not split the line
    assert "hành chính nhà nước; góp phần cải thiện Chỉ số SIPAS, PAPI tỉnh Kon Tum" in body
    assert not any("(1)" in t for t in body)
    assert not tables(d)


# --------------------------------------------------------------------------- all samples

@pytest.mark.parametrize("name", ["kontum-78-qd-ubnd-2025", "gialai-628-qd-ubnd-2024",
                                  "khanhhoa-bqlkkt-cctthc-2025", "kontum-cchc-2025"])
def test_text_is_nfc_and_one_line(name):
    d = doc(name)
    for b in d.text_blocks():
        assert b.text and "\n" not in b.text and b.broken
        assert unicodedata.is_normalized("NFC", b.text)
    for t in tables(d):
        for r in t.rows:
            for c in r.cells:
                assert unicodedata.is_normalized("NFC", c.text)


@pytest.mark.parametrize("name", ["kontum-78-qd-ubnd-2025", "gialai-628-qd-ubnd-2024"])
def test_gold_task_contents_are_table_cells(name):
    """Every hand-checked task's content is the text of one content cell (rows stitched right)."""
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))["tasks_table"]
    t = tables(doc(name))[0]
    # compared without whitespace: a printed line ending in "-" may be a hyphen ("602/QĐ-" / "UBND")
    # or a dash ("khai sinh -" / "Đăng ký"), which only the clean stage can decide
    cells = {re.sub(r"\s+", "", c.text) for r in t.rows for c in r.cells}
    missing = [g["content"] for g in gold if re.sub(r"\s+", "", g["content"]) not in cells]
    assert missing == []


# --------------------------------------------------------------------------- errors

def _minimal_pdf(trailer: bytes = b"", extra: tuple[bytes, ...] = (), content: bytes = b"",
                 resources: bytes = b"") -> bytes:
    """A one-page PDF written by hand (xref offsets computed), optionally with more objects."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R " + resources + b">>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream", *extra]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objs) + 1) + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_image_only_pdf_is_scanned():
    with pytest.raises(ScannedPDFError) as e:
        read("scan.pdf", data=_minimal_pdf())
    assert str(e.value) == ("scan.pdf: no text layer: this looks like a scanned image PDF; "
                            "OCR is not supported yet")


def test_encrypted_pdf():
    enc = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
    data = _minimal_pdf(b"/Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> "
                        b"<00112233445566778899aabbccddeeff>] ", (enc,))
    with pytest.raises(InputError) as e:
        read("locked.pdf", data=data)
    assert e.value.message == "encrypted PDF (password protected)"
    assert not isinstance(e.value, ScannedPDFError)


@pytest.mark.parametrize("data", [
    (PDF / "kontum-78-qd-ubnd-2025.pdf").read_bytes()[:30000],
    b"%PDF-1.4\nnot really a pdf\n",
])
def test_corrupt_pdf(data):
    with pytest.raises(InputError) as e:
        read("broken.pdf", data=data)
    assert e.value.message.startswith("corrupt or truncated PDF: ")
    assert "\n" not in e.value.message


def test_hand_written_text_pdf_reads():
    content = b"BT /F1 12 Tf 20 150 Td (Ke hoach 2025) Tj ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"
    data = _minimal_pdf(content=content, extra=(font,), resources=b"/Resources << /Font << /F1 5 0 R >> >> ")
    d = read("tiny.pdf", data=data)
    assert d.pages == 1
    assert [(b.text, b.bold, b.line) for b in d.blocks] == [("Ke hoach 2025", True, 1)]


def test_font_size_scaled_by_text_matrix():
    """'/F1 1 Tf' with a 12x text matrix is 12 pt text: words keep their spaces, lines do not shatter."""
    content = (b"BT /F1 1 Tf 12 0 0 12 20 150 Tm (Ke hoach cai cach) Tj ET "
               b"BT /F1 1 Tf 12 0 0 12 20 130 Tm (thu tuc hanh chinh) Tj ET")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    d = read("scaled.pdf", data=_minimal_pdf(content=content, extra=(font,),
                                             resources=b"/Resources << /Font << /F1 5 0 R >> >> "))
    assert [b.text for b in d.blocks] == ["Ke hoach cai cach", "thu tuc hanh chinh"]
    assert not d.blocks[0].bold
