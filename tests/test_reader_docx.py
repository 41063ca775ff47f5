"""The Word readers (readers/docx.py, readers/doc.py) on the bundled .docx/.doc samples."""
from __future__ import annotations

import io
import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from kehoach.blocks import RawDoc
from kehoach.errors import InputError
from kehoach.readers import read

ROOT = Path(__file__).resolve().parents[1]
DOCX = ROOT / "samples" / "docx"
DOC = ROOT / "samples" / "doc" / "lamdong-kmt-2026-draft.doc"
GOLD_CORPUS = ROOT / "tests" / "gold" / "corpus"

_cache: dict[str, RawDoc] = {}


def raw(name: str) -> RawDoc:
    """Each sample is read once per test session."""
    if name not in _cache:
        _cache[name] = read(DOCX / name)
    return _cache[name]


def texts(r: RawDoc) -> list[str]:
    return [b.text for b in r.blocks if b.kind == "text"]


def tables(r: RawDoc):
    return [b for b in r.blocks if b.kind == "table"]


# ---------------------------------------------------------------- kontum-78

K78 = "kontum-78-qd-ubnd-2025.docx"


def test_kontum78_layout_tables_become_text_blocks_in_reading_order():
    t = texts(raw(K78))
    assert t[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH KON TUM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số: 78/QĐ-UBND", "Kon Tum, ngày 06 tháng 02 năm 2025"]
    # the signature table: recipients (left cell) then the signer (right cell)
    i = t.index("Nơi nhận:")
    assert t[i + 1] == "- Như Điều 3 (t/h);"
    j = t.index("CHỦ TỊCH")
    assert j > i and t[j + 1] == "Lê Ngọc Tuấn"
    # only the task table is a table
    assert len(tables(raw(K78))) == 1
    assert raw(K78).format == "docx"


def test_kontum78_soft_break_in_title_is_a_space():
    assert ("Ban hành Kế hoạch cải cách thủ tục hành chính, kiểm soát thủ tục hành chính trọng tâm năm 2025 "
            "trên địa bàn tỉnh Kon Tum") in texts(raw(K78))


def test_kontum78_task_table_two_row_header_and_group_rows():
    tb = tables(raw(K78))[0]
    assert tb.ncols == 6
    h1, h2 = tb.rows[0], tb.rows[1]
    assert h1.header and h2.header
    assert [(c.col, c.span, c.text) for c in h1.cells] == [
        (0, 1, "STT"), (1, 1, "Nội dung công việc"), (2, 2, "Phân công thực hiện"),
        (4, 1, "Kết quả công việc"), (5, 1, "Thời gian thực hiện")]
    assert h1.cells[0].rowspan == 2
    assert [c.merged for c in h2.cells] == [True, True, False, False, True, True]
    assert h2.texts(6) == ["", "", "Cơ quan chủ trì", "Cơ quan phối hợp", "", ""]
    group = tb.rows[2]
    assert [(c.col, c.span, c.text) for c in group.cells] == [(0, 1, "I"), (1, 5, "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH")]
    groups = [r for r in tb.rows if len(r.cells) == 2]
    assert len(groups) >= 4 and all(r.cells[-1].col + r.cells[-1].span == 6 for r in groups)
    assert not any(r.header for r in tb.rows[2:])


def test_kontum78_cell_paragraphs_joined_with_newline():
    tb = tables(raw(K78))[0]
    row = next(r for r in tb.rows if r.cells[0].text == "3")
    assert row.cells[2].text == ("Đơn vị chủ trì: Sở Nội vụ.\nĐơn vị phối hợp: Văn phòng UBND tỉnh; "
                                 "Sở Thông tin và truyền thông và các đơn vị liên quan.")
    assert row.cells[5].text == ""
    # the text rendering: one line per row, cells joined with " | ", no line breaks
    line = raw(K78).lines[row.line - 1]
    assert line.startswith("3 | Ban hành Kế hoạch kiểm tra công tác cải cách hành chính")
    assert "Đơn vị chủ trì: Sở Nội vụ. Đơn vị phối hợp:" in line


def test_kontum78_stamp_in_extra_text_and_pages_from_section_breaks():
    r = raw(K78)
    stamps = [b.text for b in r.extra_text if b.role == "stamp"]
    assert stamps == ["Số: 78/QĐ-UBND(CT); 06/02/2025; 08:34:50; +07:00"]
    t = {b.text: b.page for b in r.blocks if b.kind == "text"}
    assert t["QUYẾT ĐỊNH"] == 1
    assert t["KẾ HOẠCH"] == 2               # after the section break that starts a new page
    assert tables(r)[0].page == 3           # Phụ lục II
    assert r.pages >= 3


def test_lines_index_blocks():
    for name in (K78, "kontum-cchc-2025.docx", "lamdong-cchc-2026-draft.docx"):
        r = raw(name)
        prev = 0
        for b in r.blocks:
            assert b.line is not None and b.line > prev
            prev = b.end_line or b.line
            if b.kind == "text":
                assert r.lines[b.line - 1] == b.text
                assert "\n" not in b.text


# ---------------------------------------------------------------- gialai-628

def test_gialai_vmerge_continuation_cells():
    tb = tables(raw("gialai-628-qd-ubnd-2024.docx"))[0]
    assert tb.ncols == 6
    i = next(i for i, r in enumerate(tb.rows) if len(r.cells) > 1 and r.cells[1].text.startswith("Nghiên cứu, lựa chọn, xây"))
    top, cont = tb.rows[i], tb.rows[i + 1]
    assert top.cells[0].text == "1" and top.cells[0].rowspan == 2 and top.cells[1].rowspan == 2
    assert [(c.col, c.merged, c.text) for c in cont.cells[:2]] == [(0, True, ""), (1, True, "")]
    assert cont.cells[2].text == "Văn phòng UBND tỉnh"
    assert cont.cells[5].text == "Trước ngày 31/01/2025"
    assert top.cells[5].text == "Trước ngày 05/01/2025"
    # group row printed as one merged cell over the whole width
    assert tb.rows[1].cells[0].span == 6 and tb.rows[1].cells[0].text.startswith("I. Công bố, công khai")


# ---------------------------------------------------------------- kontum-cchc

KC = "kontum-cchc-2025.docx"


def test_kontum_cchc_bold_headings_and_blank_number():
    bold = {b.text for b in raw(KC).blocks if b.kind == "text" and b.bold}
    assert {"I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ TRỌNG TÂM", "III. TỔ CHỨC THỰC HIỆN", "IV. KINH PHÍ"} <= bold
    t = texts(raw(KC))
    assert "Số: /QĐ-UBND" in t
    assert "Kon Tum, ngày tháng 12 năm 2024" in t
    basis = next(b for b in raw(KC).blocks if b.text.startswith("Căn cứ Luật Tổ chức chính quyền địa phương"))
    assert basis.align == "justify" and not basis.bold
    heading = next(b for b in raw(KC).blocks if b.text == "I. MỤC ĐÍCH, YÊU CẦU")
    assert heading.align == "justify" and heading.page == 2


def test_kontum_cchc_footnote_markers_dropped_and_footnotes_kept():
    t = texts(raw(KC))
    d = next(x for x in t if x.startswith("d) Triển khai các giải pháp khắc phục hạn chế"))
    assert "đối với hoạt động của cơ quan hành chính nhà nước; góp phần cải thiện Chỉ số SIPAS" in d
    assert "đạt 90% trong năm 2025. Mức độ hài lòng" in d
    assert not any("()" in x or "nhà nước(" in x for x in t)
    notes = [b.text for b in raw(KC).extra_text if b.role == "footnote"]
    assert notes[0] == ("Theo chỉ đạo của Ủy ban nhân dân tỉnh tại Công văn số 4329/UBND-NC ngày 02 tháng 12 "
                        "năm 2024.")
    assert len(notes) >= 3


# ---------------------------------------------------------------- Lâm Đồng drafts

LD_HEADER = ["STT", "Nhiệm vụ", "Sản phẩm", "Thời gian hoàn thành", "Chủ trì thực hiện", "Phối hợp thực hiện",
             "Theo dõi, kiểm tra, đôn đốc"]


@pytest.mark.parametrize("name", ["lamdong-cchc-2026-draft.docx", "lamdong-cchc-2026-2030-draft.docx"])
def test_lamdong_task_table_header(name):
    tb = tables(raw(name))
    assert len(tb) == 1
    assert tb[0].rows[0].texts() == LD_HEADER and tb[0].rows[0].header
    assert tb[0].ncols == 7
    assert tb[0].rows[1].texts()[:2] == ["I", "Cải cách thể chế"]


def test_lamdong_auto_numbering_rendered_as_printed():
    r = raw("lamdong-cchc-2026-draft.docx")
    t = texts(r)
    # numId 39 (decimal "%1."): the seven areas of the plan
    for label in ("1. Cải cách thể chế", "2. Cải cách thủ tục hành chính", "6. Xây dựng và phát triển chính "
                  "quyền điện tử, chính quyền số", "7. Công tác chỉ đạo, điều hành"):
        assert label in t
    assert next(b for b in r.blocks if b.text == "1. Cải cách thể chế").bold
    # lowerLetter "%1)" lists restart per list instance
    assert any(x.startswith("a) Các sở, ban, ngành và Ủy ban nhân dân các xã, phường, đặc khu căn cứ") for x in t)
    assert any(x.startswith("c) Sở Nội vụ có trách nhiệm giúp Ủy ban nhân dân tỉnh") for x in t)
    assert any(x.startswith("a) Kinh phí thực hiện Kế hoạch được bố trí") for x in t)
    assert any(x.startswith("b) Các cơ quan, đơn vị, địa phương căn cứ nhiệm vụ được giao, đề xuất") for x in t)


def test_lamdong_table_cells_match_gold_tasks():
    gold = json.loads((GOLD_CORPUS / "03_Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.json").read_text(encoding="utf-8"))
    tb = tables(raw("lamdong-cchc-2026-draft.docx"))[0]
    contents = {" ".join(r.texts()[1].split()) for r in tb.rows}
    g = gold["tasks_table"][0]
    assert g["content"] in contents
    row = next(r for r in tb.rows if r.texts()[1] == g["content"])
    assert row.texts()[3] == g["deadline_text"]
    assert row.texts()[4] == "Sở Tư pháp"


def test_lamdong_tuyen_truyen_soft_breaks_in_cells():
    tb = tables(raw("lamdong-tuyen-truyen-cchc-2026-draft.docx"))
    assert len(tb) == 2
    for t in tb:
        assert t.rows[0].texts() == ["TT", "Nội dung", "Trách nhiệm\nthực hiện", "Thời gian\n(Năm 2026)"]
    assert len(tb[0].rows) == 12 and len(tb[1].rows) == 11
    assert tb[1].rows[1].cells[2].text.startswith("Lãnh đạo UBND phường Xuân Hươn")


def test_lamdong_header_table_with_empty_row():
    t = texts(raw("lamdong-tuyen-truyen-cchc-2026-draft.docx"))
    assert t[0] == "ỦY BAN NHÂN DÂN"
    assert "Số: /KH-UBND" in t[:8]


# ---------------------------------------------------------------- legacy .doc

@pytest.fixture(scope="module")
def doc_raw() -> RawDoc:
    from kehoach.readers import doc

    if doc.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: .doc conversion cannot run")
    return read(DOC)


def test_doc_converted_and_read(doc_raw):
    t = texts(doc_raw)
    assert t[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: /KH-UBND"]
    assert "KẾ HOẠCH" in t
    assert "Tăng cường công tác đấu tranh phòng, chống ma túy" in t
    assert "I. MỤC ĐÍCH, YÊU CẦU" in t
    assert "1.1. Các sở, ban, ngành" in t
    assert doc_raw.format == "docx" and doc_raw.path.endswith(".doc")
    assert any(w[0] == "converted" for w in doc_raw.warnings)


def test_doc_missing_soffice_message(monkeypatch):
    from kehoach.readers import doc

    monkeypatch.setattr(doc, "soffice", lambda: None)
    with pytest.raises(InputError, match=r"legacy \.doc needs LibreOffice \(soffice\)"):
        read(DOC)


def test_doc_not_a_word_file(tmp_path):
    p = tmp_path / "bad.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"garbage" * 100)
    with pytest.raises(InputError, match="not a Word .doc file"):
        read(p)


# ---------------------------------------------------------------- bad input

def _rezip(src: Path, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info)))
        for name, data in replace.items():
            if name not in zin.namelist():
                zout.writestr(name, data)
    return out.getvalue()


def test_not_a_zip():
    # (the CLI reads a renamed text file as text; the Word reader itself refuses non-zip bytes)
    from kehoach.readers import docx

    with pytest.raises(InputError, match="not a valid .docx"):
        docx.read("x.docx", b"this is plain text, not a Word file", "0" * 64)


def test_truncated_zip(tmp_path):
    p = tmp_path / "x.docx"
    p.write_bytes((DOCX / KC).read_bytes()[:20000])
    with pytest.raises(InputError, match="not a valid .docx"):
        read(p)


def test_zip_without_document_xml(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.xml", "<a/>")
    p = tmp_path / "x.docx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="no word/document.xml"):
        read(p)


def test_zip_bomb_refused_before_decompressing(tmp_path):
    data = bytearray(_rezip(DOCX / KC, {"word/media/big.bin": b"0" * 10}))
    # declare a 4 GB uncompressed size for big.bin in its central directory entry
    i = 0
    while True:
        j = data.index(b"PK\x01\x02", i)
        n = struct.unpack("<H", data[j + 28:j + 30])[0]
        if data[j + 46:j + 46 + n] == b"word/media/big.bin":
            data[j + 24:j + 28] = struct.pack("<I", 0xFFFFFFF0)
            break
        i = j + 4
    p = tmp_path / "bomb.docx"
    p.write_bytes(bytes(data))
    with pytest.raises(InputError, match="zip bomb"):
        read(p)


def test_entity_expansion_refused(tmp_path):
    lol = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
           b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>')
    p = tmp_path / "lol.docx"
    p.write_bytes(_rezip(DOCX / KC, {"word/document.xml": lol}))
    with pytest.raises(InputError, match="DTD"):
        read(p)


def test_cli_reports_bad_docx(tmp_path):
    import subprocess
    import sys

    p = tmp_path / "x.docx"
    p.write_bytes(b"PK\x03\x04 not really a zip")
    exe = shutil.which("kehoach", path=str(Path(sys.executable).parent)) or "kehoach"
    proc = subprocess.run([exe, "text", str(p)], capture_output=True, text=True)
    assert proc.returncode == 3
    assert "not a valid .docx file" in proc.stderr and "Traceback" not in proc.stderr


# ---------------------------------------------------------------- features the samples do not use

def test_built_docx_headings_breaks_superscripts_nested_tables():
    """A file written with python-docx: Heading styles, page breaks, m², nested table, list style."""
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_heading("I. MỤC TIÊU", level=1)
    p = d.add_paragraph("Diện tích 20 m")
    p.add_run("2").font.superscript = True
    p.add_run(" theo Nghị quyết")
    p.add_run("1").font.superscript = True
    p.add_run(".")
    p.add_run().add_break(WD_BREAK.PAGE)
    p2 = d.add_paragraph("Dòng một")
    p2.add_run().add_break()
    p2.add_run("dòng hai")
    d.add_paragraph("Việc thứ nhất", style="List Number")
    d.add_paragraph("Việc thứ hai", style="List Number")
    t = d.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    for i, h in enumerate(["STT", "Nội dung", "Ghi chú"]):
        t.cell(0, i).text = h
    t.cell(1, 0).merge(t.cell(1, 2)).text = "I. NHÓM"
    t.cell(2, 0).text = "1"
    t.cell(2, 1).paragraphs[0].add_run("A").add_break()
    t.cell(2, 1).paragraphs[0].add_run("B")
    t.cell(2, 2).add_table(rows=1, cols=2)
    inner = t.cell(2, 2).tables[0]
    inner.cell(0, 0).text, inner.cell(0, 1).text = "x", "y"
    buf = io.BytesIO()
    d.save(buf)
    from kehoach.readers import docx as reader

    r = reader.read("built.docx", buf.getvalue(), "0" * 64)
    tb = [b for b in r.blocks if b.kind == "table"][0]
    txt = [b for b in r.blocks if b.kind == "text"]
    assert txt[0].text == "I. MỤC TIÊU" and txt[0].heading == 1
    assert txt[1].text == "Diện tích 20 m² theo Nghị quyết." and txt[1].page == 1
    assert txt[2].text == "Dòng một dòng hai" and txt[2].page == 2
    assert [b.text for b in txt[3:5]] == ["1. Việc thứ nhất", "2. Việc thứ hai"]
    assert [(c.col, c.span, c.text) for c in tb.rows[1].cells] == [(0, 3, "I. NHÓM")]
    assert tb.rows[2].texts() == ["1", "A\nB", "x | y"]
    assert r.lines[tb.rows[2].line - 1] == "1 | A B | x | y"
