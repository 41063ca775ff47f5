"""The text, Markdown, scrape and HTML readers on the real seeds."""
from __future__ import annotations

import unicodedata
from html import escape
from pathlib import Path

import pytest

from kehoach.blocks import Block
from kehoach.errors import InputError
from kehoach.readers import read

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def gialai():
    return read(SAMPLES / "gialai-628-qd-ubnd-2024.md")


@pytest.fixture(scope="module")
def cchc():
    return read(SAMPLES / "kontum-cchc-2025.md")


@pytest.fixture(scope="module")
def qd78():
    return read(SAMPLES / "kontum-78-qd-ubnd-2025.txt")


def _tables(raw) -> list[Block]:
    return [b for b in raw.blocks if b.kind == "table"]


def _texts(raw) -> list[Block]:
    return [b for b in raw.blocks if b.kind == "text"]


# ------------------------------------------------------------------ plain text (PDF extraction)

def test_plain_text_lines_are_broken_blocks(qd78) -> None:
    assert qd78.format == "txt"
    first = _texts(qd78)[:4]
    assert [(b.line, b.text) for b in first] == [
        (3, "QUYẾT ĐỊNH"),
        (5, "Ban hành Kế hoạch cải cách thủ tục hành chính, kiểm soát thủ tục hành chính"),
        (6, "trọng tâm năm 2025 trên địa bàn tỉnh Kon Tum"),
        (9, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KON TUM"),
    ]
    assert all(b.broken for b in _texts(qd78))
    assert not _tables(qd78)


def test_line_numbers_index_raw_lines(qd78, gialai) -> None:
    for raw in (qd78, gialai):
        for b in _texts(raw):
            assert b.line is not None and 1 <= b.line <= len(raw.lines)
    assert qd78.lines[12] .startswith("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015")
    assert len(qd78.lines) == 494


# ------------------------------------------------------------------ markdown with embedded HTML (seed 001)

def test_gialai_is_markdown_with_one_task_table(gialai) -> None:
    assert gialai.format == "md"
    tables = _tables(gialai)
    assert len(tables) == 1
    t = tables[0]
    assert t.ncols == 6
    assert t.line == 86 and t.end_line == 165
    assert t.rows[0].header and t.rows[0].cells[0].text == "STT"
    assert sum(r.header for r in t.rows) == 1           # repeated header rows dropped
    assert not any(r.cells[0].text == "STT" for r in t.rows[1:])
    assert len(t.rows) == 48                             # 1 header + 8 groups + 39 task rows


def test_gialai_group_rows_span_the_table(gialai) -> None:
    t = _tables(gialai)[0]
    groups = [r for r in t.rows if len(r.cells) == 1 and r.cells[0].span == 6]
    assert [g.cells[0].text.split(".")[0] for g in groups] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert all(g.cells[0].bold for g in groups)
    assert groups[1].line == 97          # "## II. ..." printed as a heading between two pieces
    assert groups[4].cells[0].text == \
        "V. Công tác kiểm tra việc thực hiện hoạt động kiểm soát TTHC"


def test_gialai_list_cells_split_into_lines(gialai) -> None:
    t = _tables(gialai)[0]
    row4 = next(r for r in t.rows if r.line == 95)
    assert row4.cells[2].text == ("- Trung tâm Phục vụ hành chính công;\n"
                                  "- Bộ phận Tiếp nhận và Trả kết quả của UBND cấp huyện, cấp xã.")
    row = next(r for r in t.rows if r.line == 99)
    assert row.cells[2].text == "- Các sở, ban, ngành tỉnh;\n- UBND cấp huyện;\n- UBND cấp xã."
    vi = next(r for r in t.rows if r.line == 148)        # <sup>1</sup> marker dropped
    assert vi.cells[1].text.endswith("trên Cổng Dịch vụ công quốc gia .") or \
        vi.cells[1].text.endswith("Cổng Dịch vụ công quốc gia.")
    assert "<" not in "".join(c.text for r in t.rows for c in r.cells)


def test_gialai_rows_cut_by_page_breaks_are_stitched(gialai) -> None:
    t = _tables(gialai)[0]
    lines = [r.line for r in t.rows]
    assert 113 not in lines and 136 not in lines
    iv2 = next(r for r in t.rows if r.line == 110)
    assert iv2.cells[4].text.endswith("kịp thời báo cáo UBND tỉnh về kết quả xử lý phản ánh, kiến nghị.")
    vi5 = next(r for r in t.rows if r.line == 131)
    assert vi5.cells[5].text.endswith("Quyết định số 20/2024/QĐ-UBND ngày 22/5/2024 của UBND tỉnh.")
    # a blank STT with its own content and agencies after a break is a row of its own
    r158 = next(r for r in t.rows if r.line == 158)
    assert r158.cells[0].text == "" and r158.cells[1].text.startswith("Đồng bộ kết quả giải quyết TTHC")
    # blank STT and content, own agencies: a row of its own too
    r100 = next(r for r in t.rows if r.line == 100)
    assert r100.cells[2].text == "Văn phòng UBND tỉnh" and r100.cells[5].text == "Trước ngày 31/01/2025"


def test_gialai_noise_and_footnotes_go_to_extra_text(gialai) -> None:
    extra = {(b.line, b.role): b.text for b in gialai.extra_text}
    assert extra[(92, "noise")] == "V. Hoan"
    assert extra[(150, "footnote")].startswith("1 Nghị quyết số 01/NQ-CP ngày 01/01/2021")
    assert not any(b.text == "V. Hoan" for b in _texts(gialai))


def test_gialai_header_lines(gialai) -> None:
    texts = _texts(gialai)
    assert texts[0].text == "QUYẾT ĐỊNH" and texts[0].bold and texts[0].line == 3
    assert texts[1].text == "Về việc ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2025"
    # a hard break after a line of capitals keeps the signature lines apart
    sig = [b for b in texts if 67 <= b.line <= 68]
    assert [b.text for b in sig] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert all(b.bold for b in sig)
    # a paragraph split by a page break (lower-case start after a blank line) is joined
    can_cu = next(b for b in texts if b.line == 27)
    assert can_cu.end_line == 29 and can_cu.text.endswith("tầm nhìn đến năm 2030 trên địa bàn tỉnh Gia Lai;")


# ------------------------------------------------------------------ markdown (seed 003)

def test_cchc_headings_and_paragraphs(cchc) -> None:
    assert cchc.format == "md"
    heads = [(b.heading, b.text) for b in _texts(cchc) if b.heading]
    assert heads[:6] == [(2, "KẾ HOẠCH"), (3, "Cải cách hành chính nhà nước tỉnh Kon Tum năm 2025"),
                         (2, "I. MỤC ĐÍCH, YÊU CẦU"), (3, "1. Mục đích"), (3, "2. Yêu cầu"),
                         (2, "II. NHIỆM VỤ TRỌNG TÂM")]
    title = next(b for b in _texts(cchc) if b.line == 5)
    assert title.text == "Ban hành Kế hoạch cải cách hành chính nhà nước tỉnh Kon Tum năm 2025"
    assert title.bold and title.end_line == 6
    can_cu = next(b for b in _texts(cchc) if b.line == 10)
    assert can_cu.italic and can_cu.end_line == 12
    assert can_cu.text == ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật Sửa đổi, "
                           "bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
                           "phương ngày 22 tháng 11 năm 2019;")
    item = next(b for b in _texts(cchc) if b.line == 98)
    assert item.text.startswith("a) Tiếp tục tăng cường kiểm tra CCHC")
    assert [b.line for b in cchc.extra_text if b.role == "footnote"] == [108, 110, 218, 220, 222, 284]
    assert all("**" not in b.text and "<" not in b.text for b in _texts(cchc))


# ------------------------------------------------------------------ scrapes: one cell per line, rows split by "|"

def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def scrape_of_gialai(gialai, tmp_path_factory):
    """Seed 001's task table as a thuvienphapluat-style scrape."""
    t = _tables(gialai)[0]
    out = ["KẾ HOẠCH KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2025", ""]
    for r in t.rows:
        out.extend(_flat(x) for x in r.texts(1 if r.cells[0].span > 1 else t.ncols))
        out.append("|")
    out += ["", "Nơi nhận:"]
    p = tmp_path_factory.mktemp("scrape") / "scrape.txt"
    p.write_text("\n".join(out) + "\n", encoding="utf-8")
    return t, read(p)


def test_scrape_table_read_back(scrape_of_gialai) -> None:
    orig, raw = scrape_of_gialai
    tables = _tables(raw)
    assert len(tables) == 1
    t = tables[0]
    assert t.ncols == 6 and len(t.rows) == len(orig.rows)
    assert t.rows[0].header
    for a, b in zip(orig.rows, t.rows):
        assert [_flat(x) for x in a.texts(6)] == [_flat(x) for x in b.texts(6)]
    assert t.rows[1].cells[0].span == 6
    texts = [b.text for b in _texts(raw)]
    assert texts == ["KẾ HOẠCH KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2025", "Nơi nhận:"]


def test_inline_pipe_rows(tmp_path) -> None:
    p = tmp_path / "pipes.txt"
    p.write_text("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
                 "Số: 01/2018/QĐ-UBND | Bạc Liêu, ngày 09 tháng 01 năm 2018 |\nQUYẾT ĐỊNH\n", encoding="utf-8")
    raw = read(p)
    t = _tables(raw)[0]
    assert [r.texts() for r in t.rows] == [["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                                           ["Số: 01/2018/QĐ-UBND", "Bạc Liêu, ngày 09 tháng 01 năm 2018"]]
    assert _texts(raw)[-1].text == "QUYẾT ĐỊNH"


# ------------------------------------------------------------------ scrapes: "|" ends every cell of a layout table

# A thuvienphapluat-style page prints a "|" line after each cell of the letterhead's layout
# table; each cell is a paragraph the scraper wrapped, sometimes after its first word.
LETTERHEAD = """ỦY
BAN NHÂN DÂN
TỈNH KON TUM
-------
|
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số:
78/QĐ-UBND
|
Kon Tum, ngày 06
tháng 02 năm 2025
|
"""


@pytest.fixture(scope="module")
def scraped_qd78(tmp_path_factory):
    """The real seed (kontum-78) under a scraped letterhead."""
    p = tmp_path_factory.mktemp("layout") / "qd78.txt"
    p.write_text(LETTERHEAD + (SAMPLES / "kontum-78-qd-ubnd-2025.txt").read_text(encoding="utf-8"),
                 encoding="utf-8")
    return read(p)


def _cleaned(raw) -> list[str]:
    from kehoach import clean
    from kehoach.context import Context
    ctx = Context(raw=raw)
    clean.run(ctx)
    return [b.text for b in ctx.blocks if b.kind == "text"]


def test_layout_cells_are_not_a_table(scraped_qd78, qd78) -> None:
    assert not _tables(scraped_qd78)
    texts = _cleaned(scraped_qd78)
    assert texts[:7] == ["ỦY BAN NHÂN DÂN TỈNH KON TUM", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "---------------", "Số: 78/QĐ-UBND",
                         "Kon Tum, ngày 06 tháng 02 năm 2025"]
    # the body after the last cell is read exactly as without the letterhead (but for the
    # sample's own copy of the letterhead, now a repeat that the clean stage drops in part)
    from kehoach.clean import REPEATABLE_HEADER
    body = [x for x in texts[7:] if not REPEATABLE_HEADER.match(x)]
    assert body == [x for x in _cleaned(qd78) if not REPEATABLE_HEADER.match(x)]
    assert body[:2] == ["QUYẾT ĐỊNH", "Ban hành Kế hoạch cải cách thủ tục hành chính, kiểm soát thủ tục hành chính "
                                      "trọng tâm năm 2025 trên địa bàn tỉnh Kon Tum"]
    assert "|" not in texts


def test_layout_cells_then_a_task_table(tmp_path) -> None:
    """Own snippet: letterhead cells, prose, then a numbered cell-per-line table without a header row."""
    p = tmp_path / "mixed.txt"
    p.write_text(LETTERHEAD + "KẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2026\n"
                 "Thực hiện Kế hoạch số 12/KH-UBND, Sở Nội vụ ban hành Kế hoạch như sau:\n\n"
                 "1\nKiểm tra tại các sở, ban, ngành\nSở Nội vụ\nQuý II/2026\n|\n"
                 "2\nKiểm tra tại UBND cấp xã\nSở Nội vụ\nQuý III/2026\n|\n"
                 "3\nBáo cáo kết quả kiểm tra\nSở Nội vụ\nTháng 12/2026\n|\n\nNơi nhận:\n", encoding="utf-8")
    raw = read(p)
    tables = _tables(raw)
    assert len(tables) == 1
    t = tables[0]
    assert t.ncols == 4 and [r.texts(4) for r in t.rows][1] == ["2", "Kiểm tra tại UBND cấp xã", "Sở Nội vụ",
                                                                "Quý III/2026"]
    assert len(t.rows) == 3
    texts = [b.text for b in _texts(raw)]
    assert "KẾ HOẠCH" in texts and texts[-1] == "Nơi nhận:"


def test_cell_per_line_rows_need_one_size(tmp_path) -> None:
    """Own snippet: a signature layout (Nơi nhận | TM. ...) between bars is text, not a table."""
    p = tmp_path / "sig.txt"
    p.write_text("Điều 3. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành Quyết định này./.\n|\n"
                 "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n|\nTM.\nỦY BAN NHÂN DÂN TỈNH\nKT. CHỦ TỊCH\n"
                 "PHÓ CHỦ TỊCH\nNguyễn Văn A\n|\n", encoding="utf-8")
    raw = read(p)
    assert not _tables(raw)
    assert _cleaned(raw) == ["Điều 3. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành Quyết định này./.",
                             "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN TỈNH",
                             "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]


def test_one_cell_lines_ending_in_a_bar(tmp_path) -> None:
    """Own snippet: "ỦY BAN NHÂN DÂN |" (a layout cell printed on one line) loses its bar."""
    p = tmp_path / "bars.txt"
    p.write_text("ỦY BAN NHÂN DÂN |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 15/KH-UBND |\n"
                 "Bình Định, ngày 02 tháng 3 năm 2026 |\nKẾ HOẠCH\n", encoding="utf-8")
    raw = read(p)
    assert not _tables(raw)
    assert _cleaned(raw) == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 15/KH-UBND",
                             "Bình Định, ngày 02 tháng 3 năm 2026", "KẾ HOẠCH"]


def test_escaped_line_breaks(tmp_path) -> None:
    """Own snippet: a scrape that kept the page source's line breaks as the text "\\r\\n"."""
    p = tmp_path / "esc.txt"
    p.write_text("\\r\\n Số: 54/KH-UBND \\r\\n | \\r\\n\n"
                 "Thực hiện Quyết định số 1896/QĐ-TTg\\r\\nngày 25/12/2019 của Thủ tướng Chính phủ,"
                 " UBND tỉnh ban hành\\r\\nKế hoạch như sau:\n\\r\\n\\r\\n1. Mục tiêu chung\n",
                 encoding="utf-8")
    raw = read(p)
    assert _cleaned(raw) == ["Số: 54/KH-UBND",
                             "Thực hiện Quyết định số 1896/QĐ-TTg ngày 25/12/2019 của Thủ tướng Chính phủ, "
                             "UBND tỉnh ban hành Kế hoạch như sau:", "1. Mục tiêu chung"]
    assert not any("\\r" in x for x in raw.lines)


# ------------------------------------------------------------------ markup left in scraped text

def test_plain_text_entities_and_emphasis(tmp_path) -> None:
    """Own snippet: a plain-text scrape that kept HTML entities and a little Markdown emphasis
    (too little to be read as Markdown)."""
    p = tmp_path / "ent.txt"
    p.write_text("KẾ HOẠCH\nCải cách hành chính&nbsp;năm 2026 của Sở KH&amp;CN\n&nbsp;\n"
                 "Căn cứ Kế hoạch số 12/KH-UBND của UBND tỉnh &quot;về cải cách&quot;;\n"
                 "- Nâng cao *chất lượng* phục vụ; **bảo đảm** tiến độ.\n* Ghi chú\n", encoding="utf-8")
    raw = read(p)
    assert raw.format == "txt"
    assert [b.text for b in _texts(raw)] == [
        "KẾ HOẠCH", "Cải cách hành chính năm 2026 của Sở KH&CN", 'Căn cứ Kế hoạch số 12/KH-UBND của UBND tỉnh "về cải cách";',
        "- Nâng cao chất lượng phục vụ; bảo đảm tiến độ.", "* Ghi chú"]


def test_markdown_links_quotes_rules_comments(tmp_path) -> None:
    """Own snippet: a Markdown scrape with links, an image, a block quote, rules, a comment,
    underscore emphasis and escaped list markers."""
    p = tmp_path / "scrape.md"
    p.write_text("# KẾ HOẠCH\n\nỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n-------\n\n"
                 "Căn cứ [Quyết định số 749/QĐ-TTg](https://example.vn/a.aspx \"xem\") ngày 03/6/2020;\n\n"
                 "> Thực hiện Kế hoạch số 12/KH-UBND, UBND tỉnh ban hành Kế hoạch như sau:\n\n---\n\n"
                 "1\\. Mục tiêu chung\n\n\\- Nâng cao chất lượng ___dịch vụ___ công.\n\n![logo](img.png)\n\n"
                 "<!-- trang 2 -->\n__2. Mục tiêu cụ thể__\n\n_Kèm theo Quyết định số 12/QĐ-UBND_\n", encoding="utf-8")
    raw = read(p)
    assert raw.format == "md"
    got = [(b.text, b.bold, b.italic) for b in _texts(raw)]
    assert got == [("KẾ HOẠCH", False, False), ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", False, False),
                   ("Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020;", False, False),
                   ("Thực hiện Kế hoạch số 12/KH-UBND, UBND tỉnh ban hành Kế hoạch như sau:", False, False),
                   ("1. Mục tiêu chung", False, False), ("- Nâng cao chất lượng dịch vụ công.", False, False),
                   ("2. Mục tiêu cụ thể", True, False), ("Kèm theo Quyết định số 12/QĐ-UBND", False, True)]


def test_pipe_rows_alone_do_not_make_markdown(tmp_path) -> None:
    """Own snippet: a scraped page's metadata rows ("| Số hiệu | ... |") do not turn the page into
    Markdown: its lines stay lines (a title line is not glued to the first sentence)."""
    p = tmp_path / "meta.txt"
    p.write_text("| Số hiệu | 15/KH-UBND |\n| Ngày ban hành | 02/3/2026 |\n| Loại văn bản | Kế hoạch |\n"
                 "|\nỦY BAN NHÂN DÂN\n|\nSố: 15/KH-UBND |\nKẾ HOẠCH\nKIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026\n"
                 "Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh, Sở Nội vụ ban hành Kế hoạch như sau:\n",
                 encoding="utf-8")
    raw = read(p)
    assert raw.format == "txt"
    assert [r.texts() for r in _tables(raw)[0].rows][0] == ["Số hiệu", "15/KH-UBND"]
    assert _cleaned(raw) == ["ỦY BAN NHÂN DÂN", "Số: 15/KH-UBND", "KẾ HOẠCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                             "Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh, Sở Nội vụ ban hành Kế hoạch như sau:"]


# ------------------------------------------------------------------ HTML

@pytest.fixture(scope="module")
def html_of_gialai(gialai, tmp_path_factory):
    """Seed 001's table as an HTML page: group rows with colspan, the blank-STT
    rows merged into the task above with rowspan, list cells as <ul>/<br>."""
    t = _tables(gialai)[0]
    rows = t.rows
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>KH</title></head><body>",
             "<p style='text-align:center'><b>ỦY BAN NHÂN DÂN<br/>TỈNH GIA LAI</b></p>",
             "<h3>KẾ HOẠCH KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2025</h3>", "<table border='1'>"]
    parts.append("<thead><tr>" + "".join(f"<th>{escape(c.text)}</th>" for c in rows[0].cells) + "</tr></thead>")
    for i, r in enumerate(rows[1:], 1):
        if r.cells[0].span > 1:
            parts.append(f"<tr><td colspan='6'><b>{escape(r.cells[0].text)}</b></td></tr>")
            continue
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        below_merged = nxt is not None and len(nxt.cells) == 6 and not nxt.cells[0].text and not nxt.cells[1].text
        this_merged = not r.cells[0].text and not r.cells[1].text
        cells = []
        for c in r.cells:
            if this_merged and c.col < 2:
                continue
            html = "<br>".join(escape(x) for x in c.text.split("\n"))
            rs = " rowspan='2'" if below_merged and c.col < 2 else ""
            cells.append(f"<td{rs}>{html}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table><p>Footer paragraph.</p></body></html>")
    p = tmp_path_factory.mktemp("html") / "kh.html"
    p.write_text("\n".join(parts), encoding="utf-8")
    return t, read(p)


def test_html_table_grid(html_of_gialai) -> None:
    orig, raw = html_of_gialai
    assert raw.format == "html"
    t = _tables(raw)[0]
    assert t.ncols == 6 and len(t.rows) == len(orig.rows)
    assert t.rows[0].header and t.rows[0].cells[1].text == "Nội dung công việc"
    grp = t.rows[1]
    assert len(grp.cells) == 1 and grp.cells[0].span == 6 and grp.cells[0].bold
    ii1 = next(i for i, r in enumerate(t.rows) if r.texts(6)[1].startswith("Nghiên cứu, lựa chọn"))
    top, below = t.rows[ii1], t.rows[ii1 + 1]
    assert top.cells[0].rowspan == 2 and top.cells[0].text == "1"
    assert below.cells[0].merged and below.cells[1].merged and below.cells[0].text == ""
    assert below.cells[2].col == 2 and below.cells[2].text == "Văn phòng UBND tỉnh"
    assert top.cells[2].text == "- Các sở, ban, ngành tỉnh;\n- UBND cấp huyện;\n- UBND cấp xã."
    for a, b in zip(orig.rows, t.rows):
        assert a.texts(6) == b.texts(6)


def test_html_text_blocks_and_lines(html_of_gialai) -> None:
    _, raw = html_of_gialai
    texts = _texts(raw)
    assert [(b.text, b.bold, b.align) for b in texts[:2]] == [("ỦY BAN NHÂN DÂN", True, "center"),
                                                              ("TỈNH GIA LAI", True, "center")]
    assert texts[2].heading == 3
    assert texts[-1].text == "Footer paragraph."
    for b in raw.blocks:
        assert raw.lines[b.line - 1]
    t = _tables(raw)[0]
    assert raw.lines[t.rows[0].line - 1].startswith("STT | Nội dung công việc |")


def test_html_sniffed_without_suffix(tmp_path) -> None:
    p = tmp_path / "page.txt"
    p.write_text("<!DOCTYPE html><html><body><p>Kế hoạch số 12/KH-UBND</p></body></html>", encoding="utf-8")
    raw = read(p)
    assert raw.format == "html" and _texts(raw)[0].text == "Kế hoạch số 12/KH-UBND"


# ------------------------------------------------------------------ bad input

def test_binary_txt_is_an_input_error(tmp_path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    with pytest.raises(InputError, match="binary"):
        read(p)


def test_utf16_markdown_reads_the_same(tmp_path, cchc) -> None:
    text = (SAMPLES / "kontum-cchc-2025.md").read_text(encoding="utf-8")
    p = tmp_path / "u16.md"
    p.write_bytes(text.encode("utf-16"))
    raw = read(p)
    assert [b.text for b in raw.blocks] == [b.text for b in cchc.blocks]
    assert unicodedata.is_normalized("NFC", "".join(raw.lines))


# ------------------------------------------------------------------ the signature's layout as pipe rows

def test_one_signature_pipe_row_is_text_not_a_table(tmp_path) -> None:
    """Own snippet: "- Như Điều 3; | TM. ỦY BAN NHÂN DÂN |" is the recipients / signature layout."""
    p = tmp_path / "sig.txt"
    p.write_text("Điều 3. Các sở, ban, ngành chịu trách nhiệm thi hành Quyết định này./.\n"
                 "- Như Điều 3; | TM. ỦY BAN NHÂN DÂN |\n", encoding="utf-8")
    raw = read(p)
    assert not _tables(raw)
    assert _cleaned(raw)[1:] == ["- Như Điều 3;", "TM. ỦY BAN NHÂN DÂN"]


def test_signature_pipe_rows_interleave_like_a_pdf(tmp_path) -> None:
    """Own snippet (Markdown): several layout rows, read row by row, each cell its own line."""
    p = tmp_path / "sig.md"
    p.write_text("# Kế hoạch\n\n**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch.\n\n"
                 "| Nơi nhận: | KT. CHỦ TỊCH |\n| - Như Điều 3; | PHÓ CHỦ TỊCH |\n"
                 "| - Lưu: VT. | Trần Văn B |\n", encoding="utf-8")
    raw = read(p)
    assert not _tables(raw)
    assert _cleaned(raw)[2:] == ["Nơi nhận:", "KT. CHỦ TỊCH", "- Như Điều 3;", "PHÓ CHỦ TỊCH", "- Lưu: VT.",
                                 "Trần Văn B"]


def test_task_pipe_rows_stay_a_table(tmp_path, gialai) -> None:
    """Own snippet: a row whose cells do not open a signature stays a table row; the real
    Gia Lai tables are untouched."""
    p = tmp_path / "t.txt"
    p.write_text("| 1 | Rà soát thủ tục | Sở Nội vụ | Quý I |\n| 2 | Báo cáo | Văn phòng | Quý IV |\n",
                 encoding="utf-8")
    assert len(_tables(read(p))) == 1
    assert len(_tables(gialai)) >= 1 and all(b.rows for b in _tables(gialai))
