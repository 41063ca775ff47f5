"""clean.run: broken lines -> paragraphs, noise out (real seeds in samples/)."""
from functools import cache

import pytest

from kehoach import clean, readers
from kehoach.blocks import Block
from kehoach.context import Context

SAMPLES = "samples/"


@cache
def cleaned(name: str) -> Context:
    ctx = Context(raw=readers.read(SAMPLES + name))
    clean.run(ctx)
    return ctx


def texts(name: str) -> list[str]:
    return [b.text for b in cleaned(name).blocks if b.kind == "text"]


def test_title_lines_joined_into_one_paragraph():
    t = texts("kontum-78-qd-ubnd-2025.txt")
    assert "Ban hành Kế hoạch cải cách thủ tục hành chính, kiểm soát thủ tục hành chính trọng tâm năm 2025 " \
           "trên địa bàn tỉnh Kon Tum" in t


def test_can_cu_paragraphs_keep_their_first_and_last_line():
    ctx = cleaned("kontum-78-qd-ubnd-2025.txt")
    cc = [b for b in ctx.blocks if b.kind == "text" and b.text.startswith("Căn cứ")]
    assert len(cc) == 7
    first = cc[0]
    assert first.line == 13 and first.end_line == 17
    assert first.text.endswith("ngày 22 tháng 11 năm 2019;")


def test_markers_start_paragraphs():
    t = texts("kontum-78-qd-ubnd-2025.txt")
    assert "I. MỤC TIÊU" in t and "II. YÊU CẦU" in t
    assert any(x.startswith("a) Kiểm soát quy định TTHC") for x in t)
    assert "Nơi nhận:" in t and "- Như Điều 3 (t/h);" in t


def test_repeated_page_header_and_stray_digits_removed():
    t = texts("kontum-78-qd-ubnd-2025.txt")
    assert t.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 1
    assert "78 06" not in t
    so = [x for x in t if x.startswith("Số:")]
    assert so == ["Số: /QĐ-UBND Kon Tum, ngày tháng năm 2025"]
    extra = cleaned("kontum-78-qd-ubnd-2025.txt").raw.extra_text
    assert [b.text for b in extra if b.role == "stamp_digits"] == ["78 06 02"]


def test_stamp_line_moves_to_extra_text():
    ctx = cleaned("kontum-78-phu-luc-ii-2025.txt")
    assert not any("+07:00" in b.text for b in ctx.blocks if b.kind == "text")
    stamps = [b for b in ctx.raw.extra_text if b.role == "stamp"]
    assert stamps and stamps[0].text.startswith("Số: 78/QĐ-UBND(CT); 06/02/2025")


def test_initials_removed():
    t = texts("gialai-628-qd-ubnd-2024.md")
    assert "V. Hoan" not in t
    assert not any(x.endswith("Moan") for x in t)
    assert any(x.endswith("chịu trách nhiệm thi hành Quyết định này.") for x in t)


def test_page_number_and_footnote_removed():
    ctx = cleaned("khanhhoa-bqlkkt-cctthc-2025.txt")
    t = [b.text for b in ctx.blocks if b.kind == "text"]
    assert "5" not in t
    para = [x for x in t if x.startswith("Tập trung triển khai các nhiệm vụ cải cách TTHC")]
    assert para and "quyết tâm hoàn thành các mục tiêu, chỉ tiêu được giao" in para[0]
    assert any(b.role == "footnote" and "9867/UBND-KSTT" in b.text for b in ctx.raw.extra_text)


def test_headings_not_glued_to_next_paragraph():
    t = texts("khanhhoa-bqlkkt-cctthc-2025.txt")
    assert "2. Chỉ tiêu thực hiện" in t
    assert "KẾ HOẠCH" in t


def test_tables_untouched_and_md_paragraphs_not_joined():
    ctx = cleaned("gialai-628-qd-ubnd-2024.md")
    raw_tables = [b for b in ctx.raw.blocks if b.kind == "table"]
    assert [b for b in ctx.blocks if b.kind == "table"] == raw_tables
    t = texts("gialai-628-qd-ubnd-2024.md")
    assert "- Như Điều 3;" in t and "- Văn phòng Chính phủ - Cục KSTTHC;" in t


@pytest.mark.parametrize("prev,cur,joined", [
    ("Căn cứ Quyết định số 532/QĐ-UBND ngày 18 tháng 9 năm 2023 của", "Ủy ban nhân dân tỉnh Kon Tum về", True),
    ("trên địa bàn tỉnh Kon Tum;", "Căn cứ Luật", False),
    ("1. Mục đích", "- Triển khai", False),
    ("nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội và dự", "toán ngân sách", True),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", False),
])
def test_should_join(prev, cur, joined):
    a = Block("text", text=prev, broken=True)
    b = Block("text", text=cur, broken=True)
    assert clean.should_join(a, b, 75.0) is joined


# --- titles, scraped cells, wrapped stubs (own snippets) ---------------------------------------

def _join(*lines: str) -> list[str]:
    blocks = [Block("text", text=x, broken=True, line=i) for i, x in enumerate(lines, 1)]
    return [b.text for b in clean.join_paragraphs(blocks)]


def test_title_ends_where_a_sentence_starts():
    # a short last title line, then the body's first sentence
    assert _join("KẾT LUẬN", "HỘI NGHỊ LẦN THỨ NĂM BAN CHẤP HÀNH ĐẢNG BỘ TỈNH",
                 "về phát triển du lịch bền vững đến năm 2030,", "tầm nhìn đến năm 2045",
                 "Hội nghị lần thứ năm Ban Chấp hành Đảng bộ tỉnh đã thảo luận và kết luận như sau:") == [
        "KẾT LUẬN HỘI NGHỊ LẦN THỨ NĂM BAN CHẤP HÀNH ĐẢNG BỘ TỈNH",
        "về phát triển du lịch bền vững đến năm 2030, tầm nhìn đến năm 2045",
        "Hội nghị lần thứ năm Ban Chấp hành Đảng bộ tỉnh đã thảo luận và kết luận như sau:"]
    # a long title line (as long as the body's lines) under CHỈ THỊ
    body = "Trong thời gian qua, các sở, ban, ngành và địa phương đã triển khai nhiều giải pháp"
    assert _join("CHỈ THỊ", "Về tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ trên địa bàn",
                 body, "đạt kết quả bước đầu.")[1:] == [
        "Về tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ trên địa bàn", body + " đạt kết quả bước đầu."]


def test_title_keeps_a_proper_name_on_its_next_line():
    assert _join("KẾ HOẠCH", "Triển khai Chương trình chuyển đổi số năm 2026 trên địa bàn thành phố",
                 "Hồ Chí Minh và các khu vực lân cận theo định hướng chung") == [
        "KẾ HOẠCH", "Triển khai Chương trình chuyển đổi số năm 2026 trên địa bàn thành phố Hồ Chí Minh "
                    "và các khu vực lân cận theo định hướng chung"]
    # not a title: the same lines under a section heading still join as before
    assert len(_join("I. MỤC ĐÍCH", "Triển khai Chương trình chuyển đổi số năm 2026 trên địa bàn của tỉnh nhà",
                     "Hội đồng nhân dân giao nhiệm vụ cho các cơ quan, đơn vị thực hiện đầy đủ")) == 2


def test_scraped_cell_stubs_join_their_line():
    blocks = [Block("text", text=x, broken=True) for x in ("Mỹ", "Tho, ngày 24 tháng 12 năm 2009")]
    blocks.insert(0, Block("text", text="|"))
    assert [b.text for b in clean.join_paragraphs(blocks)] == ["Mỹ Tho, ngày 24 tháng 12 năm 2009"]
    assert _join("TM.", "ỦY BAN NHÂN DÂN TỈNH", "KT. CHỦ TỊCH") == ["TM. ỦY BAN NHÂN DÂN TỈNH", "KT. CHỦ TỊCH"]
    assert _join("Số:", "33/2009/QĐ-UBND") == ["Số: 33/2009/QĐ-UBND"]
    assert _join("Điều 1.", "Ban hành kèm theo Quyết định này Quy định quản lý mạng tin học.") == [
        "Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý mạng tin học."]
    # a "|" line is a paragraph break and is dropped
    assert _join("-------", "|", "Độc lập - Tự do - Hạnh phúc") == ["-------", "Độc lập - Tự do - Hạnh phúc"]
    assert _join("được giao tại Chương trình", "|", "tỉnh Kon Tum") == ["được giao tại Chương trình", "tỉnh Kon Tum"]


def test_one_word_of_a_pdf_table_column_stays_apart():
    """Only at a scraped cell's start does a lone syllable join: a narrow PDF column prints one word a line."""
    assert _join("Sở Thông tin và Truyền thông chủ trì thực hiện.", "Tum", "Tin, bài, phóng sự") == [
        "Sở Thông tin và Truyền thông chủ trì thực hiện.", "Tum", "Tin, bài, phóng sự"]
    assert _join("Tum", "Tin, bài, phóng sự") == ["Tum Tin, bài, phóng sự"]      # the document's first line
    ctx = cleaned("kontum-78-phu-luc-ii-2025.txt")
    assert any(b.text == "Tum" and b.line == 692 for b in ctx.blocks)


def test_acronym_wrapped_alone():
    assert _join("- Tăng cường công tác tuyên truyền, hỗ trợ các tổ chức kinh tế tham gia Chương trình",
                 "OCOP.") == ["- Tăng cường công tác tuyên truyền, hỗ trợ các tổ chức kinh tế tham gia Chương trình OCOP."]
    t = texts("khanhhoa-bqlkkt-cctthc-2025.txt")
    assert "4 Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC." in t and "TTHC." not in t


def test_upper_case_title_lines():
    # a short upper-case line ("NĂM 2027", "CẢI") continues the upper-case title
    assert _join("NGHỊ QUYẾT", "VỀ NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI", "NĂM 2027",
                 "HỘI ĐỒNG NHÂN DÂN TỈNH KHÁNH HÒA", "KHÓA VIII KỲ HỌP THỨ 12") == [
        "NGHỊ QUYẾT VỀ NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2027",
        "HỘI ĐỒNG NHÂN DÂN TỈNH KHÁNH HÒA KHÓA VIII KỲ HỌP THỨ 12"]
    assert _join("KẾ HOẠCH", "CẢI", "CÁCH HÀNH CHÍNH TỈNH TUYÊN QUANG NĂM 2014") == [
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH TUYÊN QUANG NĂM 2014"]
    # the enacting authority under an upper-case title starts its own line ...
    assert _join("QUYẾT ĐỊNH", "VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH") == [
        "QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"]
    # ... unless the title's line ended on a word that always continues
    assert _join("QUYẾT ĐỊNH", "VỀ VIỆC THỰC HIỆN NGHỊ QUYẾT CỦA", "HỘI ĐỒNG NHÂN DÂN TỈNH VỀ ĐẦU TƯ CÔNG") == [
        "QUYẾT ĐỊNH VỀ VIỆC THỰC HIỆN NGHỊ QUYẾT CỦA HỘI ĐỒNG NHÂN DÂN TỈNH VỀ ĐẦU TƯ CÔNG"]


# --- a scraped page's own furniture --------------------------------------------------------

def _clean_text(tmp_path, text: str, name: str = "page.txt") -> Context:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    ctx = Context(raw=readers.read(str(p)))
    clean.run(ctx)
    return ctx


_LETTERHEAD = ("ỦY BAN NHÂN DÂN |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 12/KH-UBND |\n"
               "Gia Lai, ngày 05 tháng 01 năm 2026 |\nKẾ HOẠCH\nChuyển đổi số năm 2026\n"
               "Thực hiện Chương trình chuyển đổi số, UBND tỉnh ban hành Kế hoạch như sau:\n")


def test_two_column_metadata_box_and_site_title_dropped(tmp_path):
    """Own snippet, the nhansu.vn layout: the site's title line, then "| Số hiệu | ... |" rows."""
    ctx = _clean_text(tmp_path, "Kế hoạch 12/KH-UBND năm 2026 chuyển đổi số tỉnh Gia Lai\n"
                                "| Số hiệu | 12/KH-UBND |\n| Ngày ban hành | 05/01/2026 |\n"
                                "| Loại văn bản | Kế hoạch |\n| Cơ quan ban hành | Tỉnh Gia Lai |\n"
                                "| Người ký | Nguyễn Văn A |\n|\n" + _LETTERHEAD)
    assert not any(b.kind == "table" for b in ctx.blocks)
    assert [b.text for b in ctx.blocks][:2] == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert sorted(b.role for b in ctx.raw.extra_text) == ["site_meta", "site_title"]
    assert clean.site_metadata(ctx.raw) == {
        "site_title": "Kế hoạch 12/KH-UBND năm 2026 chuyển đổi số tỉnh Gia Lai", "number": "12/KH-UBND",
        "date": "05/01/2026", "doc_type": "Kế hoạch", "issuer": "Tỉnh Gia Lai", "signer": "Nguyễn Văn A"}


def test_four_column_box_and_label_lines(tmp_path):
    """Own snippets: the thuvienphapluat layout (label | value | label | value) and the same box
    printed as text lines; unfilled values ("Đang cập nhật") give nothing."""
    box = ("Số hiệu: | 12/KH-UBND | Loại văn bản: | Kế hoạch |\nNơi ban hành: | Tỉnh Gia Lai | Người ký: | "
           "Nguyễn Văn A |\nNgày ban hành: | 05/01/2026 | Ngày hiệu lực: | Đang cập nhật |\n")
    lines = ("Số hiệu: 12/KH-UBND Loại văn bản: Kế hoạch\nNơi ban hành: Tỉnh Gia Lai Người ký: Nguyễn Văn A\n"
             "Ngày ban hành: 05/01/2026 Ngày hiệu lực: Đang cập nhật\n\n")
    want = {"number": "12/KH-UBND", "doc_type": "Kế hoạch", "issuer": "Tỉnh Gia Lai", "signer": "Nguyễn Văn A",
            "date": "05/01/2026"}
    for k, top in enumerate((box, lines)):
        ctx = _clean_text(tmp_path, top + _LETTERHEAD, f"p{k}.txt")
        assert clean.site_metadata(ctx.raw) == want
        assert ctx.blocks[0].text == "ỦY BAN NHÂN DÂN"


def test_site_chrome_and_cited_list_dropped(tmp_path):
    """Own snippet: a site's banner lines and its list of cited texts ("- 2Luật ...") before the letterhead."""
    ctx = _clean_text(tmp_path, "Hệ thống pháp luật\nĐang tải nội dung, vui lòng chờ giây lát...\n"
                                "- 1Luật Tổ chức chính quyền địa phương 2015\n- 2Quyết định 45/QĐ-UBND năm 2025\n"
                                + _LETTERHEAD)
    assert ctx.blocks[0].text == "ỦY BAN NHÂN DÂN"
    assert not ctx.raw.extra_text and clean.site_metadata(ctx.raw) == {}


def test_a_document_line_like_a_site_title_stays(tmp_path):
    """Own snippet: a first line that reads like a site title but no letterhead or box follows."""
    ctx = _clean_text(tmp_path, "Kế hoạch 12/KH-UBND năm 2026 đã được triển khai tại các sở.\n\n"
                                "Các sở báo cáo kết quả trước ngày 15/12/2026.\n")
    assert ctx.blocks[0].text.startswith("Kế hoạch 12/KH-UBND") and not ctx.raw.extra_text


def test_real_document_under_a_box_cleans_the_same(tmp_path):
    """The real Kon Tum decision under a metadata box: the same blocks as without it."""
    text = open(SAMPLES + "kontum-78-qd-ubnd-2025.txt", encoding="utf-8").read()
    boxed = _clean_text(tmp_path, "Quyết định 78/QĐ-UBND năm 2025 cải cách thủ tục hành chính Kon Tum\n"
                                  "Số hiệu: | 78/QĐ-UBND | Loại văn bản: | Quyết định |\n"
                                  "Nơi ban hành: | Tỉnh Kon Tum | Người ký: | Y Ngọc |\n\n" + text)
    plain = cleaned("kontum-78-qd-ubnd-2025.txt")
    assert [b.text for b in boxed.blocks] == [b.text for b in plain.blocks]
    assert not any(b.role in ("site_meta", "site_title") for b in plain.raw.extra_text)
