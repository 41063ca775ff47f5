"""header.run and references: the document header of the real samples, checked against tests/gold."""
import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest

from kehoach import clean, header, readers
from kehoach.context import Context
from kehoach.references import find_references, legal_bases

GOLD = Path("tests/gold")


@cache
def doc(path: str):
    ctx = Context(raw=readers.read(path))
    clean.run(ctx)
    header.run(ctx)
    return ctx


CASES = [
    ("samples/kontum-78-qd-ubnd-2025.txt", "seeds/000_63357ab746ca266c.json"),
    ("samples/gialai-628-qd-ubnd-2024.md", "seeds/001_1bb32391e5c2a493.json"),
    ("samples/kontum-78-phu-luc-ii-2025.txt", "seeds/002_8565946715e8c0e3.json"),
    ("samples/kontum-cchc-2025.md", "seeds/003_a922b09e400badbc.json"),
    ("samples/khanhhoa-bqlkkt-cctthc-2025.txt", "seeds/004_634f757953592749.json"),
    ("samples/docx/lamdong-cchc-2026-draft.docx", "corpus/03_Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.json"),
]


@pytest.mark.parametrize("path,gold", CASES)
def test_against_gold(path, gold):
    g = json.loads((GOLD / gold).read_text())["document"]
    d = doc(path).document
    assert d.doc_type == g["doc_type"]
    assert d.number == g["number"]
    assert d.province == g["province"]
    assert (d.date.isoformat() if d.date else None) == g["date"]
    assert d.title == g["title"]
    assert (d.signer.name if d.signer else None) == g["signer_name"]


def test_kontum_78_details():
    ctx = doc("samples/kontum-78-qd-ubnd-2025.txt")
    d = ctx.document
    assert d.issuer == "Ủy ban nhân dân tỉnh Kon Tum"
    assert d.place == "Kon Tum"
    assert d.plan_type == "KH" and d.year == 2025
    assert d.plan_title.startswith("Cải cách thủ tục hành chính, kiểm soát thủ tục hành chính trọng tâm năm 2025")
    assert "Viễn thông Kon Tum (để p/hợp)" in d.recipients
    assert not any(r.startswith("Lưu") for r in d.recipients)
    nums = [lb.number for lb in d.legal_bases]
    assert nums[2:] == ["01/NQ-CP", "02/NQ-CP", "03/NQ-CP", "240/QĐ-TTg", "757/QĐ-UBND", "532/QĐ-UBND"]
    assert d.legal_bases[0].doc_type == "Luật" and d.legal_bases[0].date == dt.date(2015, 6, 19)
    assert d.legal_bases[5].issuer == "Thủ tướng Chính phủ"
    roles = {b.text: b.role for b in ctx.blocks if b.kind == "text"}
    assert roles["QUYẾT ĐỊNH:"] == "header"
    assert roles["I. MỤC TIÊU"] is None


def test_signer_authority_and_issuer_boards():
    assert doc("samples/gialai-628-qd-ubnd-2024.md").document.signer.authority == "TM. ỦY BAN NHÂN DÂN"
    s = doc("samples/docx/lamdong-cchc-2026-draft.docx").document.signer
    assert (s.title, s.authority) == ("Phó Chủ tịch", "KT. CHỦ TỊCH")
    kh = doc("samples/khanhhoa-bqlkkt-cctthc-2025.txt").document
    assert kh.issuer == "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa"
    assert kh.signer.title == "Trưởng ban"
    assert doc("samples/docx/lamdong-cchc-2026-draft.docx").document.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"


def test_legal_bases_split_per_document():
    lbs = legal_bases("Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát "
                      "thủ tục hành chính; Nghị định số 92/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của Chính phủ sửa đổi")
    assert [(x.doc_type, x.number, x.date, x.issuer) for x in lbs] == [
        ("Nghị định", "63/2010/NĐ-CP", dt.date(2010, 6, 8), "Chính phủ"),
        ("Nghị định", "92/2017/NĐ-CP", dt.date(2017, 8, 7), "Chính phủ")]
    inner = legal_bases("Căn cứ Nghị quyết số 03/NQ-CP ngày 09 tháng 01 năm 2025 về Chương trình hành động của "
                        "Chính phủ thực hiện Nghị quyết số 57NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị;")
    assert [x.number for x in inner] == ["03/NQ-CP"] and inner[0].issuer == "Chính phủ"


def test_find_references_in_running_text():
    refs = find_references("tại Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Nghị quyết số "
                           "142/2024/QH15 ngày 29/6/2024 của Quốc hội và Nghị định 63/2010/NĐ-CP")
    assert [(r.number, r.date) for r in refs] == [("57-NQ/TW", dt.date(2024, 12, 22)),
                                                  ("142/2024/QH15", dt.date(2024, 6, 29)),
                                                  ("63/2010/NĐ-CP", None)]
    assert [r.issuer for r in refs] == ["Bộ Chính trị", "Quốc hội", "Chính phủ"]


# ------------------------------------------------------------ unseen layouts (own snippets)


def _parse_text(tmp_path, text: str, name: str = "doc.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return doc(str(p)).document


def test_pipe_flattened_two_column_header_with_sub_issuer(tmp_path):
    d = _parse_text(tmp_path, "UBND TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
                              "SỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc |\n"
                              "Số: 257/KH-SNV | Lâm Đồng, ngày 22 tháng 12 năm 2025 |\n"
                              "KẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2026\nI. MỤC ĐÍCH\n")
    assert (d.doc_type, d.number, d.date) == ("KH", "257/KH-SNV", dt.date(2025, 12, 22))
    assert (d.issuer, d.province, d.place) == ("Sở Nội vụ tỉnh Lâm Đồng", "lamdong", "Lâm Đồng")
    assert d.title == "Kiểm tra công tác cải cách hành chính năm 2026"


def test_commune_issuer_and_tieu_ngu_glued_to_place(tmp_path):
    d = _parse_text(tmp_path, "UBND XÃ PHÚ SƠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                              "Phú Sơn, ngày 03 tháng 02 năm 2026\nSố: 45/KH-UBND\nKẾ HOẠCH\n"
                              "Cải cách hành chính năm 2026\n")
    assert d.issuer == "Ủy ban nhân dân xã Phú Sơn"
    assert (d.place, d.date, d.number) == ("Phú Sơn", dt.date(2026, 2, 3), "45/KH-UBND")


def test_letter_vv_title_and_office_under_its_parent(tmp_path):
    d = _parse_text(tmp_path, "UBND TỈNH THANH HÓA\nVĂN PHÒNG\nSố: 1234/VP-KSTT\n"
                              "V/v triển khai Kế hoạch cải cách hành chính năm 2026\n"
                              "Thanh Hóa, ngày 05 tháng 01 năm 2026\nKính gửi: Các sở, ban, ngành.\n")
    assert (d.doc_type, d.number) == ("CV", "1234/VP-KSTT")
    assert d.title == "triển khai Kế hoạch cải cách hành chính năm 2026"
    assert d.issuer == "Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa" and d.province == "thanhhoa"


def test_party_document_number_and_kind_from_symbol(tmp_path):
    d = _parse_text(tmp_path, "TỈNH ỦY GIA LAI\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 88-KL/TU\n"
                              "Gia Lai, ngày 13 tháng 5 năm 2026\nI. ĐÁNH GIÁ TÌNH HÌNH\n")
    assert (d.doc_type, d.number, d.issuer, d.province) == ("KL", "88-KL/TU", "Tỉnh ủy Gia Lai", "gialai")


def test_title_split_over_lines_and_authority_line_cut(tmp_path):
    d = _parse_text(tmp_path, "HỘI ĐỒNG NHÂN DÂN\nTỈNH KHÁNH HÒA\n\nSố: 08/2026/NQ-HĐND\n\n"
                              "Khánh Hòa, ngày 10 tháng 12 năm 2026\n\nNGHỊ QUYẾT\n\n"
                              "VỀ NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI\nNĂM 2027\n\n"
                              "HỘI ĐỒNG NHÂN DÂN TỈNH KHÁNH HÒA\nKHÓA VIII KỲ HỌP THỨ 12\n\n"
                              "Căn cứ Luật Tổ chức chính quyền địa phương;\n")
    assert d.doc_type == "NQ" and d.title == "VỀ NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2027"


def test_slogan_quoting_quoc_hieu_is_not_header():
    ctx = doc("samples/docx/phobang-tuyen-truyen-bau-cu-2025-draft.docx")
    slogans = [b for b in ctx.blocks if b.kind == "text" and "Cộng hòa xã hội chủ nghĩa Việt Nam" in b.text]
    assert [b.text[:3] for b in slogans] == ["17.", "22."]
    assert all(b.role is None for b in slogans)
    assert ctx.document.number == "01/KH-TBTTKT" and ctx.document.date == dt.date(2025, 12, 10)


def test_front_committee_standing_board_under_its_commune(tmp_path):
    d = _parse_text(tmp_path, "ỦY BAN MTTQ VIỆT NAM\nXÃ LƯƠNG SƠN\nBAN THƯỜNG TRỰC\nSố: 7/KH-MTTQ-BTT\n"
                              "Lương Sơn, ngày 18 tháng 11 năm 2025\nKẾ HOẠCH\nTuyên truyền bầu cử\n")
    assert d.issuer == "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Sơn"
    assert (d.number, d.place) == ("7/KH-MTTQ-BTT", "Lương Sơn")


# ------------------------------------------------------------ the plan's years (title_years / set_years)


@pytest.mark.parametrize("title,expected", [
    ("Kế hoạch cải cách hành chính năm 2025", ("year", 2025, 2025)),
    ("KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026", ("year", 2026, 2026)),
    ("Ứng dụng khoa học vào sản xuất trên địa bàn tỉnh giai đoạn 2022-2025", ("period", 2022, 2025)),
    ("ỨNG DỤNG KHOA HỌC VÀO SẢN XUẤT TRÊN ĐỊA BÀN TỈNH GIAI ĐOẠN 2022 – 2025", ("period", 2022, 2025)),
    ("VỀ NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2021 - 2025", ("period", 2021, 2025)),
    ("TRIỂN KHAI CHIẾN LƯỢC DỮ LIỆU ĐẾN NĂM 2030 TRÊN ĐỊA BÀN TỈNH", ("until", None, 2030)),
    ("triển khai chiến lược dữ liệu đến năm 2030 trên địa bàn tỉnh", ("until", None, 2030)),
    ("Kế hoạch năm 2026 thực hiện Đề án phát triển du lịch giai đoạn 2026-2030", ("year", 2026, 2026)),
    ("THỰC HIỆN CHỈ THỊ SỐ 07/CT-TTG NGÀY 03 THÁNG 5 NĂM 2026 VỀ THI ĐUA KẾ HOẠCH 5 NĂM (2026 - 2030)",
     ("period", 2026, 2030)),
    ("Thực hiện Nghị quyết số 12/2026/NQ-HĐND ngày 10/3/2026 của HĐND tỉnh", None),
    ("Tuyên truyền bầu cử đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031", None),
    ("Thực hiện Nghị quyết Đại hội Đảng bộ xã lần thứ I, nhiệm kỳ 2025 - 2030", ("period", 2025, 2030)),
    (None, None),
])
def test_title_years(title, expected):
    got = header.title_years(title)
    assert (tuple(got) if got else None) == expected


_PERIOD_PLAN = ("ỦY BAN NHÂN DÂN\nTỈNH VĨNH LONG\nSố: 41/KH-UBND\nVĩnh Long, ngày 09 tháng 3 năm 2026\nKẾ HOẠCH\n"
                "{title}\nI. MỤC TIÊU\n")


@pytest.mark.parametrize("title", ["PHÁT TRIỂN NÔNG NGHIỆP SẠCH GIAI ĐOẠN 2026-2030",
                                   "Phát triển nông nghiệp sạch giai đoạn 2026-2030"])
def test_period_plan_has_a_period_and_no_single_year(tmp_path, title):
    # the same rule in either letter case (the title used to give 2026 in lower case, the date's year in capitals)
    p = tmp_path / "doc.txt"
    p.write_text(_PERIOD_PLAN.format(title=title), encoding="utf-8")
    ctx = doc(str(p))
    d = ctx.document
    assert (d.year, d.period_start, d.period_end) == (None, 2026, 2030)
    assert ctx.year == 2026        # a deadline printed without its year: the first year of the period


def test_until_plan_starts_the_year_it_was_issued(tmp_path):
    d = _parse_text(tmp_path, _PERIOD_PLAN.format(title="CHUYỂN ĐỔI SỐ ĐẾN NĂM 2030"))
    assert (d.year, d.period_start, d.period_end) == (None, 2026, 2030)


def test_election_term_is_not_the_plans_period():
    d = doc("samples/docx/phobang-tuyen-truyen-bau-cu-2025-draft.docx").document
    assert "nhiệm kỳ 2026 - 2031" in d.title
    assert (d.year, d.period_start, d.period_end) == (2025, None, None)
    assert d.province == "tuyenquang"


def test_real_period_plan_lamdong_2026_2030():
    d = doc("samples/docx/lamdong-cchc-2026-2030-draft.docx").document
    assert d.title == "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng"
    assert (d.year, d.period_start, d.period_end, d.province) == (None, 2026, 2030, "lamdong")


def test_real_single_year_plans_keep_their_year():
    assert doc("samples/kontum-cchc-2025.md").document.year == 2025
    d = doc("samples/docx/lamdong-cchc-2026-draft.docx").document
    assert (d.year, d.period_start, d.period_end) == (2026, 2026, 2026)


# ------------------------------------------------------------ fields cut over lines by scraped layouts


def test_place_cut_before_ngay_and_words_cut_after_the_first(tmp_path):
    d = _parse_text(tmp_path, "ỦY\nBAN NHÂN DÂN\nTỈNH BẠC LIÊU\n-------\n|\nSố: 9/KH-UBND\n|\n"
                              "Bạc Liêu,\nngày 07 tháng 4 năm 2025\n|\nKẾ HOẠCH\nPhòng chống thiên tai năm 2025\n")
    assert (d.issuer, d.province) == ("Ủy ban nhân dân tỉnh Bạc Liêu", "baclieu")
    assert (d.place, d.date, d.title) == ("Bạc Liêu", dt.date(2025, 4, 7), "Phòng chống thiên tai năm 2025")
    d = _parse_text(tmp_path, "ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\n|\nSố: 3/KH-UBND\n|\nMỹ\n"
                              "Tho, ngày 05 tháng 01 năm 2025\n|\nKẾ HOẠCH\nPhòng chống dịch năm 2025\n", "b.txt")
    assert (d.place, d.date) == ("Mỹ Tho", dt.date(2025, 1, 5))


# ------------------------------------------------------------ the province of a commune's document

_COMMUNE = "{top}Số: 15/KH-UBND\n{place}, ngày 12 tháng 01 năm 2026\nKẾ HOẠCH\n{title}\n{bases}I. MỤC ĐÍCH\n" \
           "Học tập kinh nghiệm của tỉnh Lào Cai, tỉnh Lào Cai và tỉnh Lào Cai.\n"


@pytest.mark.parametrize("top,place,title,bases", [
    # the parent body line above the commune's
    ("UBND TỈNH TUYÊN QUANG\nUBND XÃ PHỐ BẢNG\n", "Phố Bảng", "Chuyển đổi số năm 2026", ""),
    # the legal bases' issuer, though the body names another province more often
    ("ỦY BAN NHÂN DÂN\nXÃ PHỐ BẢNG\n", "Phố Bảng", "Chuyển đổi số năm 2026",
     "Căn cứ Kế hoạch số 20/KH-UBND ngày 05/01/2026 của UBND tỉnh Tuyên Quang về chuyển đổi số;\n"),
    # the title
    ("UBND XÃ PHỐ BẢNG\n", "Phố Bảng", "Chuyển đổi số năm 2026 trên địa bàn xã Phố Bảng, tỉnh Tuyên Quang", ""),
    # the place
    ("UBND XÃ PHỐ BẢNG\n", "Tuyên Quang", "Chuyển đổi số năm 2026", ""),
])
def test_commune_issuer_province_from_the_header_zone(tmp_path, top, place, title, bases):
    d = _parse_text(tmp_path, _COMMUNE.format(top=top, place=place, title=title, bases=bases))
    assert (d.issuer, d.province) == ("Ủy ban nhân dân xã Phố Bảng", "tuyenquang")


def test_parent_body_line_is_kept(tmp_path):
    d = _parse_text(tmp_path, "UBND TỈNH TUYÊN QUANG\nUBND XÃ PHỐ BẢNG\nSố: 15/KH-UBND\nKẾ HOẠCH\nChuyển đổi số\n")
    assert (d.issuer, d.parent_issuer) == ("Ủy ban nhân dân xã Phố Bảng", "Ủy ban nhân dân tỉnh Tuyên Quang")
    d = _parse_text(tmp_path, "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 3/KH-SNV\nKẾ HOẠCH\nKiểm tra\n", "b.txt")
    assert (d.issuer, d.parent_issuer) == ("Sở Nội vụ tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng")


def test_commune_named_nowhere_else_has_no_province(tmp_path):
    d = _parse_text(tmp_path, _COMMUNE.format(top="UBND XÃ PHỐ BẢNG\n", place="Phố Bảng",
                                              title="Chuyển đổi số năm 2026", bases="").replace("Lào Cai", "X"))
    assert d.province is None


def test_bare_issuer_line_takes_the_province_its_place_names(tmp_path):
    d = _parse_text(tmp_path, "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
                              "Số: 31/KH-UBND | Hà Giang, ngày 05 tháng 3 năm 2024 |\nKẾ HOẠCH\n"
                              "Phát triển du lịch cộng đồng năm 2024\n")
    assert (d.issuer, d.province, d.year) == ("Ủy ban nhân dân tỉnh Hà Giang", "hagiang", 2024)
    d = _parse_text(tmp_path, "ỦY BAN NHÂN DÂN\nSố: 31/KH-UBND\nPhố Bảng, ngày 05 tháng 3 năm 2026\nKẾ HOẠCH\n"
                              "Phát triển du lịch cộng đồng năm 2026\n", "b.txt")
    assert (d.issuer, d.province) == ("Ủy ban nhân dân", None)   # a commune's place: not completed


def test_attached_plan_word_joined_with_its_title():
    # "KẾ HOẠCH KIỂM SOÁT ... NĂM 2025" printed (or joined) on one line under the decision
    d = doc("samples/gialai-628-qd-ubnd-2024.md").document
    assert (d.plan_type, d.plan_title, d.year) == ("KH", "KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2025", 2025)



# ------------------------------------------------------------ what a scraped page lost, and its own furniture

_BOX = ("Kế hoạch 12/KH-UBND năm 2026 chuyển đổi số tỉnh Gia Lai năm 2026\n"
        "| Số hiệu | 12/KH-UBND |\n| Ngày ban hành | 05/01/2026 |\n| Loại văn bản | Kế hoạch |\n"
        "| Cơ quan ban hành | Tỉnh Gia Lai |\n| Người ký | Nguyễn Văn A |\n|\n")


def test_title_line_without_its_title_word(tmp_path):
    """Own snippet: the scrape lost "KẾ HOẠCH"; the upper-case line under the place-date is the title."""
    d = _parse_text(tmp_path, "ỦY BAN NHÂN DÂN |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|\nSố: 12/KH-UBND |\n"
                              "Gia Lai, ngày 05 tháng 01 năm 2026 |\nCHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN TỈNH GIA LAI NĂM 2026\n"
                              "Thực hiện Nghị quyết số 57-NQ/TW, UBND tỉnh ban hành Kế hoạch như sau:\n"
                              "I. MỤC ĐÍCH, YÊU CẦU\n")
    assert (d.doc_type, d.title) == ("KH", "CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN TỈNH GIA LAI NĂM 2026")
    assert (d.year, d.source.line) == (2026, 6)


@pytest.mark.parametrize("under", ["CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI", "I. MỤC ĐÍCH, YÊU CẦU",
                                   "MỤC ĐÍCH, YÊU CẦU"])
def test_authority_or_heading_under_the_header_is_no_title(tmp_path, under):
    d = _parse_text(tmp_path, "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nSố: 12/QĐ-UBND\nGia Lai, ngày 05 tháng 01 năm 2026\n"
                              f"{under}\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.\n")
    assert d.title is None


def test_site_box_is_only_a_fallback(tmp_path):
    """Own snippet: the document's own header wins over the site's box (a different number here)."""
    d = _parse_text(tmp_path, _BOX.replace("12/KH", "13/KH") + "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nSố: 12/KH-UBND\n"
                    "Gia Lai, ngày 06 tháng 01 năm 2026\nKẾ HOẠCH\nChuyển đổi số năm 2026\nI. MỤC ĐÍCH\n")
    assert (d.number, d.date, d.title) == ("12/KH-UBND", dt.date(2026, 1, 6), "Chuyển đổi số năm 2026")


def test_site_box_fills_a_header_the_excerpt_lacks(tmp_path):
    """Own snippet: an excerpt that starts at the body; number, date, kind, province, signer and
    title come from the page's box and title line."""
    d = _parse_text(tmp_path, _BOX + "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Đẩy mạnh chuyển đổi số.\n")
    assert (d.doc_type, d.number, d.date) == ("KH", "12/KH-UBND", dt.date(2026, 1, 5))
    assert d.title == "Chuyển đổi số tỉnh Gia Lai năm 2026" and d.year == 2026
    assert d.province == "gialai" and d.issuer is None          # "Tỉnh Gia Lai" names a place, not a body
    assert (d.signer.name, d.signer.title) == ("Nguyễn Văn A", None)


def test_title_from_the_opening_sentence(tmp_path):
    """Own snippet: no title line at all; the plan names itself before "như sau:" (the last kind
    before it: not the programme it carries out)."""
    d = _parse_text(tmp_path, "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
                              "Số: 54/KH-UBND | Lạng Sơn, ngày 27 tháng 3 năm 2020 |\n\n"
                              "Thực hiện Quyết định số 10/QĐ-TTg ngày 05/01/2020 của Thủ tướng Chính phủ ban hành "
                              "Chương trình “Sữa học đường”, UBND tỉnh xây dựng Kế hoạch hành động thực hiện "
                              "Chương trình “Sữa học đường” đến năm 2025, tầm nhìn đến năm 2030 như sau:\n"
                              "1. Mục tiêu chung\n")
    assert d.title == "Hành động thực hiện Chương trình “Sữa học đường” đến năm 2025, tầm nhìn đến năm 2030"
    assert (d.year, d.period_start, d.period_end) == (None, 2020, 2025)


def test_conclusion_titled_by_its_subject(tmp_path):
    """Own snippet: KẾT LUẬN / the meeting that concludes / "về ..." -> the title is the subject."""
    d = _parse_text(tmp_path, "TỈNH ỦY GIA LAI\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 120-KL/TU\n"
                              "Gia Lai, ngày 10 tháng 3 năm 2026\nKẾT LUẬN\nHỘI NGHỊ LẦN THỨ NĂM\n"
                              "BAN CHẤP HÀNH ĐẢNG BỘ TỈNH (KHÓA XVII)\nvề phát triển du lịch đến năm 2030,\n"
                              "tầm nhìn đến năm 2045\nHội nghị lần thứ năm Ban Chấp hành Đảng bộ tỉnh đã thảo luận và kết luận:\n"
                              "I. ĐÁNH GIÁ TÌNH HÌNH\n")
    assert d.doc_type == "KL"
    assert d.title == "Về phát triển du lịch đến năm 2030, tầm nhìn đến năm 2045"
    assert (d.period_start, d.period_end) == (2026, 2030)
    assert header._subject_of_meeting("HỘI NGHỊ LẦN THỨ NĂM BAN CHẤP HÀNH ĐẢNG BỘ TỈNH") == \
        "HỘI NGHỊ LẦN THỨ NĂM BAN CHẤP HÀNH ĐẢNG BỘ TỈNH"      # no subject: as printed
    assert header._subject_of_meeting("VỀ NHIỆM VỤ NĂM 2027") == "VỀ NHIỆM VỤ NĂM 2027"


@pytest.mark.parametrize("title,expected", [
    ("Xây dựng kết cấu hạ tầng đồng bộ đến năm 2025, định hướng đến năm 2030", ("until", None, 2025)),
    ("QUY HOẠCH MẠNG LƯỚI Y TẾ ĐẾN NĂM 2020, ĐỊNH HƯỚNG ĐẾN NĂM 2030", ("until", None, 2020)),
    ("Định hướng đến năm 2035 và phát triển đô thị đến năm 2030", ("until", None, 2030)),
    ("Chuyển đổi số giai đoạn 2022-2025, tầm nhìn đến năm 2030", ("period", 2022, 2025)),
    ("Chiến lược phát triển năng lượng tầm nhìn đến năm 2045", ("until", None, 2045)),
    ("Phát triển du lịch năm 2026, tầm nhìn 2030", ("year", 2026, 2026)),
])
def test_orientation_is_not_the_plans_period(title, expected):
    # the rule: an orientation / vision ("định hướng", "tầm nhìn" + year) looks beyond the plan;
    # its year counts only when the title names no other
    assert tuple(header.title_years(title)) == expected


def test_real_cited_programme_orientation():
    """A real "đến năm 2025, định hướng đến năm 2030" phrase of the Kon Tum plan, read as a title."""
    text = open("samples/kontum-cchc-2025.md", encoding="utf-8").read()
    i = text.index("đến năm 2025, định hướng đến năm 2030")
    phrase = text[max(0, text.rfind("\n", 0, i)):i + 40]
    assert tuple(header.title_years(phrase)) == ("until", None, 2025)


def test_signature_pipe_row_gives_signer_and_recipients(tmp_path):
    """Own snippet: the signature layout printed as pipe rows."""
    d = _parse_text(tmp_path, "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nSố: 12/QĐ-UBND\nGia Lai, ngày 05 tháng 01 năm 2026\n"
                              "QUYẾT ĐỊNH\nVề việc ban hành Quy chế phối hợp\nĐiều 1. Ban hành Quy chế phối hợp.\n"
                              "Nơi nhận: | TM. ỦY BAN NHÂN DÂN |\n- Như Điều 3; | KT. CHỦ TỊCH |\n"
                              "- Lưu: VT. | PHÓ CHỦ TỊCH |\n| Trần Văn B |\n")
    assert d.recipients == ["Như Điều 3"]
    assert (d.signer.name, d.signer.title, d.signer.authority) == ("Trần Văn B", "Phó Chủ tịch", "KT. CHỦ TỊCH")


def test_real_document_under_a_site_box_keeps_its_gold(tmp_path):
    """The real Kon Tum decision under a (different) site box: its own header is what counts."""
    text = open("samples/kontum-78-qd-ubnd-2025.txt", encoding="utf-8").read()
    g = json.loads((GOLD / "seeds/000_63357ab746ca266c.json").read_text())["document"]
    d = _parse_text(tmp_path, "Quyết định 99/QĐ-UBND năm 2024 về việc khác\n"
                              "Số hiệu: | 99/QĐ-UBND | Loại văn bản: | Quyết định |\n"
                              "Ngày ban hành: | 01/01/2024 | Người ký: | Nguyễn Văn C |\n\n" + text)
    assert (d.number, d.date.isoformat(), d.title) == (g["number"], g["date"], g["title"])
    assert d.signer.name == g["signer_name"]
