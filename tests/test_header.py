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
