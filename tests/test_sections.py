"""The section tree (kehoach.sections) on the real documents in samples/ and the gold outlines."""
from __future__ import annotations

from functools import lru_cache

import pytest

from conftest import CORPUS_FILES, SAMPLES, SEED_FILES, gold, render_path
from kehoach import readers, sections
from kehoach.blocks import Block, Cell, Row
from kehoach.context import Context
from kehoach.pipeline import run_stages


@lru_cache(maxsize=None)
def ctx_of(path: str) -> Context:
    """Parse a document once per session and keep the whole context (section_of too)."""
    return run_stages(readers.read(path))


def flat(secs, out=None):
    out = [] if out is None else out
    for s in secs:
        out.append(s)
        flat(s.children, out)
    return out


def by_ref(path) -> dict:
    return {s.ref: s for s in flat(ctx_of(str(path)).sections)}


def romans(path) -> list[tuple[str, str]]:
    """(own number, title) of every section whose ref ends in a Roman numeral, in order."""
    out = []
    for s in flat(ctx_of(str(path)).sections):
        last = s.ref.split(".")[-1]
        if sections.roman_value(last):
            out.append((last, s.title))
    return out


def _norm(s: str) -> str:
    return " ".join(s.split()).lower().strip(" .:;,-")


def assert_outline(path, gold_top):
    got = romans(path)
    assert [n for n, _ in got] == [n for n, _ in gold_top]
    for (n, t), (gn, gt) in zip(got, gold_top):
        assert _norm(t)[:60] == _norm(gt)[:60], (n, t, gt)


# ------------------------------------------------------------ text seeds


@pytest.mark.parametrize("stem", sorted(SEED_FILES))
def test_seed_roman_outline_matches_gold(stem):
    assert_outline(SEED_FILES[stem], gold("seeds", stem)["sections_top"])


def test_kontum_cchc_items_and_letters():
    s = by_ref(SAMPLES / "kontum-cchc-2025.md")
    ii = s["II"]
    assert ii.title == "NHIỆM VỤ TRỌNG TÂM" and ii.level == 1
    assert [c.ref for c in ii.children] == [f"II.{n}" for n in range(1, 8)]
    assert [c.title for c in ii.children][:3] == ["Công tác chỉ đạo, điều hành và tuyên truyền CCHC",
                                                  "Cải cách thể chế", "Cải cách thủ tục hành chính (TTHC)"]
    assert ii.children[6].title == "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"
    # the Vietnamese letter sequence: d, đ, e, g, h, i, k (no f, no j)
    assert [c.ref.split(".")[-1] for c in s["II.3"].children] == list("abcd") + ["đ"] + list("eghiklmn")
    assert s["II.1.đ"].label == "đ)" and s["II.1.đ"].level == 3
    assert s["II.1.đ"].title.startswith("Gắn kết quả CCHC với công tác thi đua, khen thưởng")
    assert s["II.2.a"].title == "Chỉ tiêu" and s["II.2.b"].title == "Nhiệm vụ"
    # "**10. Sở Y tế:** Triển khai ..." -> the bold label's text
    assert s["III.10"].title == "Sở Y tế"
    assert s["IV"].title == "KINH PHÍ" and not s["IV"].children


def test_decision_articles_then_plan_restart():
    s = by_ref(SAMPLES / "kontum-cchc-2025.md")
    tops = [x.ref for x in ctx_of(str(SAMPLES / "kontum-cchc-2025.md")).sections]
    assert tops == ["Điều 1", "Điều 2", "Điều 3", "I", "II", "III", "IV"]
    assert s["Điều 2"].title == "Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành"
    assert not s["Điều 3"].children


def test_kontum78_plan_parts_and_points():
    s = by_ref(SAMPLES / "kontum-78-qd-ubnd-2025.txt")
    assert [x.ref for x in ctx_of(str(SAMPLES / "kontum-78-qd-ubnd-2025.txt")).sections][:4] == [
        "Điều 1", "Điều 2", "Điều 3", "I"]
    assert [c.ref for c in s["III"].children] == ["III.1", "III.2", "III.3"]
    assert s["III.1"].title == "Cải cách các quy định TTHC, quy định kinh doanh"
    assert [c.ref for c in s["IV.1"].children] == ["IV.1.a", "IV.1.b", "IV.1.c", "IV.1.d"]
    # a long numbered paragraph keeps its first clause, at most 200 characters
    assert s["I.1"].title.startswith("Quán triệt, triển khai chỉ đạo của Bộ Chính trị")
    assert len(s["I.1"].title) <= 200


def test_gialai_table_group_rows_are_sections():
    path = SAMPLES / "gialai-628-qd-ubnd-2024.md"
    s = by_ref(path)
    assert [r for r in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII") if r in s] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert s["VI"].title == "Chế độ thông tin, báo cáo"
    assert s["I"].title.startswith("Công bố, công khai thủ tục hành chính")
    # numbered task rows are not sections; the handwritten "V. Hoan" after group I is noise
    assert not s["I"].children
    assert all(x.title != "Hoan" for x in flat(ctx_of(str(path)).sections))
    assert len(romans(path)) == 8


def test_appendix_refs_carry_prefix():
    s = by_ref(SAMPLES / "kontum-78-phu-luc-ii-2025.txt")
    assert s["PL2"].label == "Phụ lục II"
    assert s["PL2"].title == "CÁC NHIỆM VỤ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH TRỌNG TÂM NĂM 2025"
    assert [c.ref for c in s["PL2"].children] == [f"PL2.{r}" for r in
                                                  ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")]
    # bare "IV" on its own line takes its title from the next lines
    assert s["PL2.IV"].title == ("BẢO ĐẢM CHẤT LƯỢNG CÁC DỰ THẢO QUY ĐỊNH VỀ TTHC THUỘC THẨM QUYỀN BAN HÀNH"
                                 " CỦA HĐND VÀ UBND TỈNH")


def test_khanhhoa_plan_then_appendix():
    path = SAMPLES / "khanhhoa-bqlkkt-cctthc-2025.txt"
    s = by_ref(path)
    assert [x.ref for x in ctx_of(str(path)).sections] == ["I", "II", "III", "PL"]
    assert [c.ref for c in s["PL"].children] == ["PL.I", "PL.II", "PL.III"]
    assert s["II.1.a"].title == "Kiểm soát quy định TTHC ngay từ khâu xây dựng văn bản QPPL"
    assert s["III.2"].title == "Các phòng, đơn vị trực thuộc"
    # "+ Cung cấp dịch vụ công trực tuyến đối với 1.139 thủ tục" and "Phụ lục, Mục 1, ..." are not headings
    assert not any("1.139" in x.title or x.title.startswith("Mục 1") for x in flat(ctx_of(str(path)).sections))


def test_section_of_is_aligned_with_blocks():
    ctx = ctx_of(str(SAMPLES / "kontum-cchc-2025.md"))
    assert len(ctx.section_of) == len(ctx.blocks)
    assert ctx.section_of[0] is None
    i = next(k for k, b in enumerate(ctx.blocks) if "100% văn bản quy phạm pháp luật do Trung ương" in b.text)
    assert ctx.section_of[i] == "II.2.a"
    i = next(k for k, b in enumerate(ctx.blocks) if b.text.startswith("a) Tiếp tục tăng cường kiểm tra CCHC"))
    assert ctx.section_of[i] == "II.1.a"
    j = next(k for k, b in enumerate(ctx.blocks) if b.text.startswith("I. MỤC ĐÍCH"))
    assert ctx.section_of[j] == "I"


# ------------------------------------------------------------ heading detection on real lines


def _run(texts: list[str]) -> Context:
    ctx = Context(raw=None)  # type: ignore[arg-type]
    ctx.blocks = [Block("text", text=t, line=n + 1) for n, t in enumerate(texts)]
    sections.run(ctx)
    return ctx


def test_numbers_words_and_bullets_are_not_headings():
    ctx = _run(["I. MỤC TIÊU",
                "2025 để tổng hợp, trình Thủ tướng Chính phủ phê duyệt.",
                "1.139 thủ tục hành chính có thành phần hồ sơ",
                "- Như Điều 3 (t/h);",
                "+ CVP, các PCVP (t/d);",
                "II. YÊU CẦU"])
    assert [s.ref for s in ctx.sections] == ["I", "II"]
    assert not ctx.sections[0].children
    assert ctx.section_of == ["I", "I", "I", "I", "I", "II"]


def test_out_of_sequence_roman_with_later_expected_is_dropped_and_gap_warned():
    ctx = _run(["I. MỤC TIÊU", "V. Hoan", "II. YÊU CẦU", "IV. KINH PHÍ"])
    assert [s.ref for s in ctx.sections] == ["I", "II", "IV"]
    assert [w.code for w in ctx.warnings] == ["section_gap"]


def test_table_group_row_under_holding_section():
    row = lambda *cells: Row([Cell(t, col=k) for k, t in enumerate(cells)])  # noqa: E731
    table = Block("table", line=3, rows=[row("STT", "Nội dung", "Chủ trì"), row("I", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", ""),
                                         row("1", "Ban hành Kế hoạch", "Văn phòng UBND tỉnh"),
                                         row("II", "THỰC HIỆN CÔNG BỐ, CÔNG KHAI TTHC", "")], ncols=3)
    ctx = Context(raw=None)  # type: ignore[arg-type]
    ctx.blocks = [Block("text", text="Phụ lục II", line=1), Block("text", text="CÁC NHIỆM VỤ TRỌNG TÂM", line=2), table]
    sections.run(ctx)
    pl = ctx.sections[0]
    assert pl.ref == "PL2" and [c.ref for c in pl.children] == ["PL2.I", "PL2.II"]
    assert pl.children[0].title == "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH" and not pl.children[0].children
    assert ctx.section_of == ["PL2", "PL2", "PL2"]


# ------------------------------------------------------------ PDF / DOCX renders and the Word drafts


def _readable(path) -> bool:
    try:
        ctx_of(str(path))
    except Exception:  # noqa: BLE001 - the reader for this format is not there yet
        return False
    return True


@pytest.mark.parametrize("ext", ["pdf", "docx"])
def test_kontum78_render_plan_then_appendix(ext):
    path = render_path("kontum-78-qd-ubnd-2025", ext)
    if not _readable(path):
        pytest.skip(f"no {ext} reader yet")
    got = [n for n, _ in romans(path)]
    assert got == ["I", "II", "III", "IV", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]


@pytest.mark.parametrize("stem", ["gialai-628-qd-ubnd-2024", "khanhhoa-bqlkkt-cctthc-2025", "kontum-cchc-2025"])
@pytest.mark.parametrize("ext", ["pdf", "docx"])
def test_render_outline_matches_gold(stem, ext):
    path = render_path(stem, ext)
    if not _readable(path):
        pytest.skip(f"no {ext} reader yet")
    assert_outline(path, gold("renders", stem)["sections_top"])


@pytest.mark.parametrize("stem", sorted(CORPUS_FILES))
def test_corpus_drafts_outline(stem):
    path = CORPUS_FILES[stem]
    if not _readable(path):
        pytest.skip("no docx reader yet")
    got = [n for n, _ in romans(path)]
    want = [n for n, _ in gold("corpus", stem)["sections_top"]]
    assert got == want


def test_lamdong_draft_appendix_table_groups():
    path = CORPUS_FILES["03_Kế hoạch CCHC 2026 của tỉnh Lâm Đồng"]
    if not _readable(path):
        pytest.skip("no docx reader yet")
    s = by_ref(path)
    assert s["PL"].title == "PHÂN CÔNG THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    assert [c.title for c in s["PL"].children][:2] == ["Cải cách thể chế", "Cải cách thủ tục hành chính"]
    assert s["PL.VII"].title == "Công tác chỉ đạo, điều hành"
    assert s["I.7.đ"].title.startswith("Thường xuyên kiểm tra, giám sát")


def test_tuyen_truyen_draft_letter_gap_is_warned():
    path = CORPUS_FILES["06_Ke hoach tuyen truyen CCHC tinh Lam Dong nam 2026"]
    if not _readable(path):
        pytest.skip("no docx reader yet")
    s = by_ref(path)
    # IV.2 goes a) b) c) d) e): the missing đ) is a gap, e) is still kept
    assert [c.ref for c in s["IV.2"].children] == ["IV.2.a", "IV.2.b", "IV.2.c", "IV.2.d", "IV.2.e"]
    gaps = [w.message for w in ctx_of(str(path)).warnings if w.code == "section_gap"]
    assert "e) follows d) (expected đ))" in gaps


def test_legacy_doc_dotted_subitems_and_year_in_title():
    path = SAMPLES / "doc" / "lamdong-kmt-2026-draft.doc"
    if not _readable(path):
        pytest.skip("no doc reader (LibreOffice) here")
    s = by_ref(path)
    assert s["II"].title == "CHỈ TIÊU XÂY DỰNG XÃ, PHƯỜNG, ĐẶC KHU KHÔNG MA TÚY NĂM 2026"
    assert s["III.1.1"].label == "1.1." and s["III.1.1"].title == "Các sở, ban, ngành"
    assert [c.ref for c in s["III.4"].children] == [f"III.4.{n}" for n in range(1, 7)]
    assert [x.ref for x in ctx_of(str(path)).sections] == ["I", "II", "III", "IV", "V"]


@pytest.mark.parametrize("ext", ["pdf", "docx"])
def test_kontum78_render_appendix_prefix(ext):
    path = render_path("kontum-78-qd-ubnd-2025", ext)
    if not _readable(path):
        pytest.skip(f"no {ext} reader yet")
    s = by_ref(path)
    assert s["PL2.IX"].title == "THỰC HIỆN CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ VỀ CẢI CÁCH TTHC, KIỂM SOÁT TTHC"
    assert [c.ref for c in s["IV.1"].children] == ["IV.1.a", "IV.1.b", "IV.1.c", "IV.1.d"]


def test_broken_pdf_line_starting_with_numeral_is_not_a_heading():
    # lines as the Khánh Hòa appendix prints them when the extractor breaks "(Phần II / Phụ lục, Mục 1 ...)"
    ctx = Context(raw=None)  # type: ignore[arg-type]
    lines = ["I Chỉ tiêu cụ thể về thực hiện TTHC trên môi trường điện tử",
             "476/VPCP-KSTT ngày 17/01/2025 của Văn phòng Chính phủ (Phần",
             "II Phụ lục, Mục 1, số thứ tự thứ 1).",
             "quy định tại điểm",
             "a) khoản 2 Điều 5 Nghị định số 61/2018/NĐ-CP"]
    ctx.blocks = [Block("text", text=t, line=n + 1, broken=True) for n, t in enumerate(lines)]
    sections.run(ctx)
    assert [s.ref for s in ctx.sections] == ["I"] and not ctx.sections[0].children


# ------------------------------------------------------------ more numbering styles (own snippets)


def _refs(ctx) -> list[tuple[str, int, str]]:
    return [(s.ref, s.level, s.label) for s in flat(ctx.sections)]


def test_phan_muc_decimal_depth_and_dotted_letters_nest():
    ctx = _run(["PHẦN THỨ NHẤT", "KẾT QUẢ NĂM 2025", "I. KẾT QUẢ ĐẠT ĐƯỢC", "1. Về thể chế",
                "1.1. Ban hành văn bản", "a) Rà soát văn bản.", "1.2. Tổ chức thực hiện",
                "PHẦN THỨ HAI", "NHIỆM VỤ NĂM 2026", "Mục 1. Mục tiêu", "2. Mục tiêu cụ thể",
                "2.1. Chỉ tiêu về dịch vụ công", "2.1.1. Hồ sơ trực tuyến", "2.1.2. Thanh toán trực tuyến",
                "2.2. Chỉ tiêu về dữ liệu", "Mục 2. Nhiệm vụ", "a. Hoàn thiện thể chế", "b. Hạ tầng",
                "d. Nhân lực", "đ. Kinh phí", "e. Kiểm tra", "g. Báo cáo", "v.v. và các nội dung khác"])
    s = {r: (lvl, lab) for r, lvl, lab in _refs(ctx)}
    assert [x.ref for x in ctx.sections] == ["Phần 1", "Phần 2"]
    assert ctx.sections[0].title == "KẾT QUẢ NĂM 2025" and ctx.sections[0].label == "PHẦN THỨ NHẤT"
    assert s["Phần 1.I.1.1.a"] == (5, "a)") and s["Phần 1.I.1.2"] == (4, "1.2.")
    assert s["Phần 2.Mục 1.2.1.1"] == (5, "2.1.1.") and s["Phần 2.Mục 1.2.1.2"][0] == 5
    assert s["Phần 2.Mục 1.2.2"] == (4, "2.2.")
    muc2 = ctx.sections[1].children[1]
    assert muc2.ref == "Phần 2.Mục 2" and muc2.title == "Nhiệm vụ"
    # b. -> d. skips c: kept with a gap warning; no "v" point from "v.v."
    assert [c.ref.split(".")[-1] for c in muc2.children] == ["a", "b", "d", "đ", "e", "g"]
    assert [w.message for w in ctx.warnings] == ["2. opens a list that does not start at 1",
                                                 "d. follows b. (expected c))"]


def test_chuong_muc_dieu_articles_numbered_through_chapters():
    ctx = _run(["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "1. Quy chế này quy định việc phối hợp.",
                "Điều 2. Nguyên tắc", "a) Tuân thủ pháp luật.", "CHƯƠNG II", "NỘI DUNG PHỐI HỢP",
                "Mục 1", "PHỐI HỢP XÂY DỰNG VĂN BẢN", "Điều 3. Trách nhiệm chủ trì", "Mục 2", "KIỂM TRA",
                "Điều 4. Kiểm tra định kỳ", "Phần II của Kế hoạch này quy định về kinh phí."])
    refs = [r for r, _, _ in _refs(ctx)]
    assert refs == ["Chương I", "Chương I.Điều 1", "Chương I.Điều 1.1", "Chương I.Điều 2", "Chương I.Điều 2.a",
                    "Chương II", "Chương II.Mục 1", "Chương II.Mục 1.Điều 3", "Chương II.Mục 2",
                    "Chương II.Mục 2.Điều 4"]
    assert ctx.sections[0].title == "QUY ĐỊNH CHUNG" and ctx.sections[1].children[0].title == "PHỐI HỢP XÂY DỰNG VĂN BẢN"
    assert not ctx.warnings          # Điều 3 continues Điều 2 across the chapter


def test_slogan_quoting_quoc_hieu_stays_a_section():
    path = SAMPLES / "docx" / "phobang-tuyen-truyen-bau-cu-2025-draft.docx"     # corpus draft 11
    if not _readable(path):
        pytest.skip("no docx reader yet")
    ctx = ctx_of(str(path))
    v = {s.ref: s for s in flat(ctx.sections)}["V"]
    assert [c.ref for c in v.children] == [f"V.{n}" for n in range(1, 24)]
    assert v.children[16].title.startswith("Quốc hội Việt Nam - Cơ quan đại biểu cao nhất của Nhân dân")
    assert v.children[21].title.startswith("Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm")
    assert not [w for w in ctx.warnings if w.code == "section_gap"]
