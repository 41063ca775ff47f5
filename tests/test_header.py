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


def _parse_text(tmp_path, text: str):
    p = tmp_path / "doc.txt"
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
