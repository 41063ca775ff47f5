"""KPI targets: numbers, comparators, phrases, not-targets, tables, categories,
and the hand-checked gold of the seeds, the renders and the Lâm Đồng drafts."""
from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from conftest import CORPUS_FILES, SAMPLES, SEED_FILES, gold, parsed, render_path
from kehoach import targets as T
from kehoach.blocks import Block, Cell, RawDoc, Row
from kehoach.context import Context
from kehoach.numbers import find_numbers, parse_number


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize("text,value", [
    ("2,5", 2.5), ("1.139", 1139.0), ("1.000", 1000.0), ("02", 2.0), ("100", 100.0),
    ("1.234,5", 1234.5), ("2.5", 2.5), ("1.000.000", 1000000.0), ("0,5", 0.5),
])
def test_parse_number_vietnamese_format(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "%", "-"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


def test_find_numbers_skips_dates_and_reference_numbers():
    vals = [v for _, _, v in find_numbers("Nghị quyết số 01/NQ-CP ngày 08/01/2025 giao 1.139 thủ tục")]
    assert vals == [1139.0]


# ---------------------------------------------------------------- comparators

@pytest.mark.parametrize("phrase,sym", [
    ("tối thiểu", ">="), ("ít nhất", ">="), ("đạt", ">="), ("phấn đấu", ">="), ("phần đầu", ">="),
    ("trên", ">"), ("hơn", ">"), ("phần đầu trên", ">"), ("đạt trên", ">"), ("Từ trên", ">"),
    ("tối đa", "<="), ("không quá", "<="), ("dưới", "<"),
])
def test_comparator_words(phrase, sym):
    assert T.comparator_of(phrase) == sym


# ---------------------------------------------------------------- phrases in prose

def found(text: str, year: int | None = 2025):
    return T._find_in_text(text, year)


def one(text: str, year: int | None = 2025):
    fs = found(text, year)
    assert len(fs) == 1, fs
    return fs[0]


def test_plain_percentage_reads_at_least():
    f = one("- 100% hồ sơ TTHC phải được tiếp nhận, giải quyết trên Hệ thống thông tin giải quyết TTHC của tỉnh.")
    assert (f.value, f.unit, f.comparator) == (100.0, "%", ">=")
    assert f.indicator.startswith("hồ sơ TTHC được tiếp nhận")
    assert T.category_of(f.indicator) == "system_intake_rate"


def test_minimum_percentage():
    f = one("Tối thiểu 80% hồ sơ TTHC được xử lý hoàn toàn trực tuyến.")
    assert (f.value, f.comparator, f.indicator) == (80.0, ">=", "hồ sơ TTHC được xử lý hoàn toàn trực tuyến")


def test_above_is_strict():
    f = one("trong đó trên 95% phản ánh kiến nghị trả lời công khai được tổ chức, cá nhân đánh giá hài lòng.")
    assert (f.value, f.comparator) == (95.0, ">")


def test_typo_phan_dau_still_counts():
    f = one("Triển khai hệ thống họp: phần đầu trên 50% cấp huyện thực hiện họp thông qua hệ thống này.")
    assert (f.value, f.comparator) == (50.0, ">")
    assert f.indicator.startswith("cấp huyện thực hiện họp")


def test_dat_ty_le_reads_indicator_before_the_number():
    f = one("l) Rà soát số hóa kết quả giải quyết TTHC của cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ 100% để đảm bảo "
            "việc kết nối, chia sẻ dữ liệu.")
    assert f.value == 100.0
    assert "số hóa kết quả" in f.indicator
    assert T.category_of(f.indicator) == "digitization_rate"


def test_decrease_keeps_the_verb_and_decimal_comma():
    f = one("- Tinh giản biên chế nhằm giảm tối thiểu 2,5% chi hỗ trợ trực tiếp từ ngân sách nhà nước hàng năm.")
    assert (f.value, f.comparator) == (2.5, ">=")
    assert f.indicator.startswith("giảm chi hỗ trợ trực tiếp")


def test_upper_bound():
    f = one("Tỷ lệ hồ sơ giải quyết quá hạn tối đa 5% trên tổng số hồ sơ tiếp nhận.")
    assert (f.value, f.comparator) == (5.0, "<=")


def test_range_gives_lower_bound():
    f = one("Phấn đấu tốc độ tăng trưởng thu ngân sách đạt 10 - 13%/năm.")
    assert (f.value, f.comparator) == (10.0, ">=")


def test_explicit_year_in_sentence():
    f = one("Phấn đấu đến hết năm 2026 đạt 100% TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình.",
            2025)
    assert f.year == 2026
    assert T.category_of(f.indicator) == "online_full_service_rate"


def test_plan_year_when_no_year_printed():
    assert one("- 100% văn bản được ký số.", 2025).year == 2025


def test_count_full_activities():
    f = one("- Thực hiện đầy đủ 02 hoạt động theo dõi thi hành pháp luật.")
    assert (f.value, f.unit, f.comparator) == (2.0, "hoạt động", ">=")
    assert f.indicator.startswith("hoạt động theo dõi")


def test_count_maintained_services():
    f = one("+ Duy trì và cung cấp thực chất, hiệu quả 25 dịch vụ công trực tuyến toàn trình đã tích hợp.")
    assert (f.value, f.unit) == (25.0, "dịch vụ công")


def test_count_thousands_dot():
    f = one("+ Cung cấp dịch vụ công trực tuyến đối với 1.139 thủ tục hành chính có thành phần hồ sơ được thay thế.")
    assert (f.value, f.unit) == (1139.0, "thủ tục hành chính")


def test_count_at_least_one():
    f = one("Hằng quý có ít nhất 01 tin, bài về thực hiện CCHC gửi đăng trên Trang thông tin điện tử.")
    assert (f.value, f.unit) == (1.0, "tin, bài")


@pytest.mark.parametrize("text", [
    "Thời gian thực hiện trong 05 năm kể từ ngày ký.",
    "Cơ quan trả lời trong thời hạn 05 ngày làm việc.",
    "Không xây dựng mới đối với các TTHC phát sinh dưới 10 hồ sơ/năm để tránh lãng phí.",
    "Theo Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ.",
    "Năm 2024 đạt 45% hồ sơ trực tuyến.",
    "Đạt 100% chỉ tiêu: 2 điểm; dưới 100%: 0 điểm.",
    "Hướng dẫn người dân thực hiện nộp hồ sơ trực tuyến đối với 02 nhóm dịch vụ công liên thông.",
])
def test_not_targets(text):
    assert found(text) == []


def test_baseline_average_is_not_a_count_but_the_commitment_is():
    fs = found("+ Cung cấp 982 dịch vụ công trực tuyến với số lượng hồ sơ trung bình phát sinh 1.000 hồ sơ/năm/tỉnh "
               "và đáp ứng yêu cầu cung cấp 100% kết quả điện tử và tái sử dụng thông tin, dữ liệu.")
    assert sorted((f.value, f.unit) for f in fs) == [(100.0, "%"), (982.0, "dịch vụ công")]
    assert [T.category_of(f.indicator) for f in fs if f.unit == "%"] == ["e_result_rate"]


# ---------------------------------------------------------------- categories

@pytest.mark.parametrize("indicator,cat", [
    ("Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công Quốc gia", "online_payment_rate"),
    ("Tỷ lệ hồ sơ trực tuyến toàn trình", "online_dossier_rate"),
    ("Tỷ lệ số hoá hồ sơ, kết quả giải quyết TTHC", "digitization_rate"),
    ("Tỷ lệ kết quả xử lý hồ sơ TTHC được đồng bộ đầy đủ trên Cổng Dịch vụ công Quốc gia", "result_sync_rate"),
    ("Tỷ lệ cấp kết quả giải quyết TTHC điện tử", "e_result_rate"),
    ("người dân, doanh nghiệp không phải cung cấp lại thông tin, giấy tờ", "data_reuse_rate"),
    ("Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn", "feedback_ontime_rate"),
    ("Mức độ hài lòng trong tiếp nhận, giải quyết TTHC của người dân, doanh nghiệp", "satisfaction_rate"),
    ("hồ sơ công việc tại cấp tỉnh, cấp huyện và cấp xã được xử lý trên môi trường mạng", "e_workflow_rate"),
    ("mức độ hài lòng của người dân về dịch vụ y tế, giáo dục công lập", None),
    ("thủ tục hành chính đang triển khai thanh toán trực tuyến có giao dịch thanh toán trực tuyến", None),
    ("Tỷ lệ thông tin, số liệu về tình hình xử lý, kết quả xử lý văn bản, hồ sơ công việc được đồng bộ", None),
])
def test_category_of(indicator, cat):
    assert T.category_of(indicator) == cat


# ---------------------------------------------------------------- tables

def _table(rows: list[list[str]], header_rows: int = 1) -> Block:
    out = []
    for i, cells in enumerate(rows):
        out.append(Row(cells=[Cell(text=t, col=j) for j, t in enumerate(cells)], line=10 + i, page=3,
                       header=i < header_rows))
    return Block("table", rows=out, ncols=max(len(r) for r in rows), line=10, page=3)


def _run(blocks: list[Block]) -> Context:
    raw = RawDoc(path="x.txt", format="txt", sha256="0", blocks=blocks)
    ctx = Context(raw=raw, blocks=blocks)
    T.run(ctx)
    return ctx


def test_chi_tieu_table_one_target_per_row():
    ctx = _run([_table([
        ["STT", "Nhiệm vụ", "Chỉ tiêu năm 2025 (%)", "Phân công và cách thức thực hiện"],
        ["I", "Chỉ tiêu cụ thể về thực hiện TTHC trên môi trường điện tử", "", ""],
        ["1", "Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công Quốc gia.", "60%", "- Văn phòng;\n- Các phòng."],
        ["2", "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa", "Tối thiểu 50%", "Chuyên viên được cử"],
    ])])
    got = [(t.value, t.unit, t.comparator, t.year, t.category) for t in ctx.targets]
    assert got == [(60.0, "%", ">=", 2025, "online_payment_rate"), (50.0, "%", ">=", 2025, "data_reuse_rate")]
    assert ctx.targets[0].agencies == ["Văn phòng", "Các phòng"]
    assert ctx.targets[0].source.line == 12 and ctx.targets[0].source.page == 3


def test_table_with_one_column_per_year():
    ctx = _run([_table([
        ["STT", "Chỉ tiêu", "Năm 2026", "Năm 2027"],
        ["1", "Tỷ lệ hồ sơ trực tuyến toàn trình", "80%", "90%"],
    ])])
    assert [(t.value, t.year, t.category) for t in ctx.targets] == [
        (80.0, 2026, "online_dossier_rate"), (90.0, 2027, "online_dossier_rate")]


def test_scoring_table_gives_nothing():
    ctx = _run([_table([
        ["STT", "Tiêu chí", "Điểm tối đa", "Chỉ tiêu (%)"],
        ["1", "Tỷ lệ hồ sơ trực tuyến", "2", "100%"],
    ])])
    assert ctx.targets == []


# ---------------------------------------------------------------- gold

def _matches(g: dict, t) -> bool:
    if abs(t.value - g["value"]) > 1e-6:
        return False
    snip = g["text_snippet"].lower()
    txt = (t.text + " " + t.indicator).lower()
    return max(fuzz.partial_ratio(snip, txt), fuzz.token_set_ratio(g["indicator"].lower(), t.indicator.lower())) >= 75


def _check_against_gold(targets, gold_targets):
    preds = list(targets)
    for g in gold_targets:
        hit = next((t for t in preds if _matches(g, t)), None)
        assert hit is not None, f"missed {g['value']} {g['text_snippet']!r}"
        preds.remove(hit)
        assert hit.comparator == g["comparator"], g["text_snippet"]
        assert (hit.unit == "%") == (g.get("kind", "percent") == "percent"), g["text_snippet"]
        if g.get("category"):
            assert hit.category == g["category"], g["text_snippet"]
        assert hit.year == g["year"], g["text_snippet"]
    spurious = [(t.value, t.text[:80]) for t in preds if t.unit == "%"]
    assert spurious == []


@pytest.mark.parametrize("stem", sorted(SEED_FILES))
def test_seed_gold(stem):
    plan = parsed(str(SEED_FILES[stem]))
    _check_against_gold(plan.targets, gold("seeds", stem).get("targets", []))


@pytest.mark.parametrize("stem", sorted(CORPUS_FILES))
def test_corpus_gold(stem):
    plan = parsed(str(CORPUS_FILES[stem]))
    _check_against_gold(plan.targets, gold("corpus", stem).get("targets", []))


@pytest.mark.parametrize("stem", ["khanhhoa-bqlkkt-cctthc-2025", "kontum-cchc-2025"])
@pytest.mark.parametrize("ext", ["pdf", "docx"])
def test_render_gold(stem, ext):
    plan = parsed(str(render_path(stem, ext)))
    _check_against_gold(plan.targets, gold("renders", stem).get("targets", []))


def test_appendix_target_is_a_second_record_with_agencies_and_section():
    plan = parsed(str(render_path("khanhhoa-bqlkkt-cctthc-2025", "docx")))
    dossier = [t for t in plan.targets if t.category == "online_dossier_rate"]
    assert [t.value for t in dossier] == [80.0, 60.0]
    appendix = dossier[1]
    assert appendix.agencies and appendix.agencies[0].startswith("Chuyên viên được cử")
    assert appendix.source.line is not None
    body = dossier[0]
    assert body.section is not None and body.source.line is not None


# ---------------------------------------------------------------- unseen shapes (own snippets)

def _parse_text(tmp_path, text: str, name: str = "plan.md"):
    from kehoach import pipeline
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return pipeline.parse(str(p))


_OWN_PLAN = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số: 99/KH-UBND

Lâm Đồng, ngày 05 tháng 01 năm 2026

KẾ HOẠCH

Cải cách hành chính tỉnh Lâm Đồng năm 2026

I. MỤC TIÊU

1. Mục tiêu năm 2026

- Mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính đạt từ 80% đến 90%.
- Tỷ lệ hồ sơ giải quyết đúng hạn trên 90%.
- Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt 98% trở lên.
- Rà soát, đơn giản hóa 1.139 thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh.

II. MỤC TIÊU ĐẾN NĂM 2030

1. Dịch vụ công

- Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia đạt tối thiểu 60%.

III. NHIỆM VỤ

- Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt tối thiểu 70%.

| STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2026 | Cơ quan chủ trì |
|---|---|---|---|---|
| 1 | Tỷ lệ người dân hài lòng | % | ≥ 90 | Sở Nội vụ |
| 2 | Số thủ tục hành chính được cắt giảm, đơn giản hóa | Thủ tục | 120 | Văn phòng UBND tỉnh |
"""


@pytest.fixture(scope="module")
def own_plan(tmp_path_factory):
    return _parse_text(tmp_path_factory.mktemp("own"), _OWN_PLAN)


def _by_value(plan, value, unit="%"):
    return [t for t in plan.targets if t.value == value and t.unit == unit]


def test_range_from_to_gives_lower_bound_and_category(own_plan):
    t, = _by_value(own_plan, 80.0)
    assert (t.comparator, t.year, t.category) == (">=", 2026, "satisfaction_rate")


def test_strictly_above_and_tro_len(own_plan):
    assert _by_value(own_plan, 90.0)[0].comparator == ">"
    t, = _by_value(own_plan, 98.0)
    assert (t.comparator, t.category) == (">=", "digitization_rate")


def test_count_of_procedures_to_simplify(own_plan):
    t, = _by_value(own_plan, 1139.0, "thủ tục hành chính")
    assert t.indicator.startswith("thủ tục hành chính thuộc thẩm quyền")


def test_heading_year_reaches_sub_headings_and_stops_at_next_part(own_plan):
    # "II. MỤC TIÊU ĐẾN NĂM 2030" > "1. Dịch vụ công" > bullet: 2030; part III is the plan's year again
    assert _by_value(own_plan, 60.0)[0].year == 2030
    assert _by_value(own_plan, 70.0)[0].year == 2026


def test_appendix_table_unit_column_and_symbol_comparator(own_plan):
    pct = [t for t in own_plan.targets if t.source.line and t.text.startswith("1 Tỷ lệ người dân")]
    assert [(t.value, t.unit, t.comparator, t.year, t.category) for t in pct] == \
        [(90.0, "%", ">=", 2026, "satisfaction_rate")]
    t, = _by_value(own_plan, 120.0, "thủ tục")
    assert (t.year, t.agencies) == (2026, ["Văn phòng UBND tỉnh"])


def test_two_percentages_in_one_clause_split_at_the_comma():
    fs = found("- Ít nhất 80% các nhiệm vụ có kết quả được áp dụng vào thực tế, đóng góp tăng hiệu quả "
               "kinh tế tối thiểu 15%.", 2026)
    assert [(f.value, f.indicator) for f in fs] == [
        (80.0, "nhiệm vụ có kết quả được áp dụng vào thực tế"), (15.0, "đóng góp tăng hiệu quả kinh tế")]


def test_semicolon_clauses_are_not_split_at_commas():
    fs = found("Số vụ được phát hiện, bắt giữ tăng trên 3%; số vụ lợi dụng không gian mạng được phát hiện, "
               "triệt phá tăng trên 5%.", 2026)
    assert [f.indicator for f in fs][1] == "số vụ lợi dụng không gian mạng được phát hiện, triệt phá tăng"


# ---------------------------------------------------------------- the year of a target printed without one

_YEARS_PLAN = """ỦY BAN NHÂN DÂN
TỈNH VĨNH LONG
Số: 41/KH-UBND
Vĩnh Long, ngày 09 tháng 3 năm 2026
KẾ HOẠCH
{title}
Thực hiện Quyết định số 12/QĐ-TTg ngày 02/8/2025 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh xây dựng Kế hoạch như sau:
I. MỤC TIÊU
- Ít nhất 80% hợp tác xã được hỗ trợ áp dụng quy trình sản xuất sạch.
- Đến năm 2028, tối thiểu 50% diện tích lúa được cơ giới hóa đồng bộ.
"""


@pytest.mark.parametrize("title,default", [
    # a plan over a period: no single year is meant (as in the gold of the 2026-2030 Lâm Đồng plan),
    # in capitals or not (the capitals used to take the date's year, 2026)
    ("PHÁT TRIỂN NÔNG NGHIỆP SẠCH GIAI ĐOẠN 2026-2030", None),
    ("Phát triển nông nghiệp sạch giai đoạn 2026 - 2030", None),
    # a plan "đến năm 2030": the title reads like a heading "MỤC TIÊU ĐẾN NĂM 2030" (not the date's 2026)
    ("PHÁT TRIỂN NÔNG NGHIỆP SẠCH ĐẾN NĂM 2030", 2030),
    # one year: that year, even when the plan implements a programme over a period
    ("Phát triển nông nghiệp sạch năm 2027 thực hiện Chương trình giai đoạn 2026-2030", 2027),
    # no year in the title: the year of the date
    ("Phát triển nông nghiệp sạch", 2026),
])
def test_default_year_of_targets_follows_the_title(tmp_path, title, default):
    plan = _parse_text(tmp_path, _YEARS_PLAN.format(title=title), "plan.txt")
    assert plan.document.title == title      # the title itself (without it the date's year came back)
    assert [(t.value, t.year) for t in plan.targets] == [(80.0, default), (50.0, 2028)]


def test_default_year_is_the_same_every_run(tmp_path):
    # the target year and document.year come from one reading of the title (header.title_years)
    text = _YEARS_PLAN.format(title="PHÁT TRIỂN NÔNG NGHIỆP SẠCH GIAI ĐOẠN 2026-2030")
    runs = {tuple((t.value, t.year) for t in _parse_text(tmp_path, text, f"p{i}.txt").targets) for i in range(3)}
    assert runs == {((80.0, None), (50.0, 2028))}


def test_real_period_plan_targets_without_year_stay_null():
    plan = parsed(str(CORPUS_FILES["04_Kế hoạch CCHC giai đoạn 2026-2030"]))
    assert plan.document.year is None and (plan.document.period_start, plan.document.period_end) == (2026, 2030)
    years = {t.year for t in plan.targets if t.unit == "%"}
    assert years == {None, 2030}


# ---------------------------------------------------------------- analyst review (indicator cuts, years, ranks)

def _by_value(plan, value: float, unit: str | None = None):
    return [t for t in plan.targets if t.value == value and (unit is None or t.unit == unit)]


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_real_count_indicator_stops_before_cited_decisions_and_next_number(ext):
    path = SEED_FILES["004_634f757953592749"] if ext == "txt" else render_path("khanhhoa-bqlkkt-cctthc-2025", ext)
    plan = parsed(str(path))
    [n82] = _by_value(plan, 82.0, "nhóm thủ tục hành chính")
    assert n82.indicator == "nhóm thủ tục hành chính"          # not "... theo Quyết định số 06/QĐ-TTg, ..."
    [n982] = _by_value(plan, 982.0, "dịch vụ công")
    assert n982.indicator.endswith("1.000 hồ sơ/năm/tỉnh")    # not "... và đáp ứng yêu cầu cung cấp 100% ..."


def test_real_trailing_va_before_next_percentage_is_dropped():
    plan = parsed(str(SEED_FILES["003_a922b09e400badbc"]))
    t = next(t for t in plan.targets if t.category == "online_full_service_rate")
    assert t.indicator == "TTHC đủ điều kiện được cung cấp dưới hình thức dịch vụ công trực tuyến toàn trình"
    assert not any(t.indicator.endswith((" và", " hoặc")) for t in plan.targets)


def test_real_hoan_thanh_stays_in_the_indicator():
    plan = parsed(str(SEED_FILES["003_a922b09e400badbc"]))
    assert any(t.indicator.startswith("hoàn thành kế hoạch đào tạo, bồi dưỡng") and t.value == 100.0
               for t in plan.targets)


def test_real_time_phrase_ends_the_indicator_and_gives_the_year():
    plan = parsed(str(SAMPLES / "doc" / "lamdong-kmt-2026-draft.doc"))
    forty = _by_value(plan, 40.0, "%")
    assert len(forty) == 3
    assert {t.indicator for t in forty} == {"địa bàn cấp xã không ma túy", "xã, phường, đặc khu không ma túy"}
    assert {t.year for t in forty} == {2026}


def test_shared_predicate_goes_to_the_first_subject():
    fs = found("- Trên 80% số trạm y tế cấp xã trên toàn tỉnh và 100% cơ sở cai nghiện công lập "
               "đủ điều kiện xác định tình trạng nghiện ma túy.", 2030)
    assert [(f.value, f.comparator) for f in fs] == [(80.0, ">"), (100.0, ">=")]
    assert fs[0].indicator == "số trạm y tế cấp xã trên toàn tỉnh đủ điều kiện xác định tình trạng nghiện ma túy"
    fs = found("- Phấn đấu 100% điểm tập kết rác tự phát và 100% bãi rác lộ thiên được phát hiện và xử lý.", 2030)
    assert fs[0].indicator == "điểm tập kết rác tự phát được phát hiện và xử lý"
    assert fs[1].indicator == "bãi rác lộ thiên được phát hiện và xử lý"


def test_each_percentage_takes_the_year_of_its_own_clause():
    text = ("- Phấn đấu đến năm 2030 đạt ít nhất 60% số thôn, tổ dân phố đạt chuẩn văn hóa, "
            "riêng năm 2026 phấn đấu đạt ít nhất 30% thôn, tổ dân phố đạt chuẩn văn hóa.")
    fs = found(text, 2030)
    assert [(f.value, f.year) for f in fs] == [(60.0, 2030), (30.0, 2026)]
    assert fs[0].indicator == "số thôn, tổ dân phố đạt chuẩn văn hóa"
    text = ("- Xây dựng ít nhất 30% thôn đạt chuẩn ngay trong năm 2026 và lộ trình hằng năm "
            "bảo đảm đến năm 2030, ít nhất 60% thôn trên toàn tỉnh đạt chuẩn.")
    fs = found(text, 2026)
    assert [(f.value, f.year) for f in fs] == [(30.0, 2026), (60.0, 2030)]
    assert fs[0].indicator == "thôn đạt chuẩn"


def test_level_reached_drops_change_verb_and_xuong():
    f = one("a) Giảm tỷ lệ hộ nghèo đa chiều trên địa bàn tỉnh xuống dưới 3,5%;", 2026)
    assert (f.value, f.comparator, f.indicator) == (3.5, "<", "tỷ lệ hộ nghèo đa chiều trên địa bàn tỉnh")


def test_rank_in_leading_group_is_at_most_n():
    f = one("1. Phấn đấu Chỉ số PAR Index năm 2026 của tỉnh nằm trong nhóm 20 tỉnh, thành phố dẫn đầu cả nước.", 2026)
    assert (f.value, f.unit, f.comparator) == (20.0, "tỉnh", "<=")
    assert f.indicator == "Chỉ số PAR Index năm 2026 của tỉnh nằm trong nhóm tỉnh, thành phố dẫn đầu cả nước"
    # an award criterion ("Có kết quả ... nằm trong nhóm 03 cơ quan dẫn đầu") is no target
    assert found("+ Đối với sở, ngành: Có kết quả Chỉ số CCHC đạt loại Tốt và nằm trong nhóm 03 cơ quan dẫn đầu.",
                 2026) == []


@pytest.mark.parametrize("indicator,cat", [
    ("hồ sơ được số hóa", "digitization_rate"),
    ("kết quả giải quyết TTHC còn hiệu lực được số hóa", "digitization_rate"),
    ("TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến một phần", "online_partial_service_rate"),
    ("TTHC được cung cấp dưới hình thức dịch vụ công trực tuyến toàn trình", "online_full_service_rate"),
    ("Tỷ lệ DVCTT toàn trình", "online_full_service_rate"),
    ("hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến", "online_payment_rate"),
    ("kết quả giải quyết TTHC được trả bản điện tử", "e_result_rate"),
    ("Chỉ số SIPAS", "satisfaction_rate"),
    ("người dân, doanh nghiệp hài lòng với việc giải quyết TTHC", "satisfaction_rate"),
    # left without category, as the gold leaves them
    ("thủ tục hành chính đang triển khai thanh toán trực tuyến có giao dịch thanh toán trực tuyến", None),
    ("phản ánh kiến nghị trả lời công khai được tổ chức, cá nhân đánh giá hài lòng trở lên", None),
    ("hồ sơ thủ tục hành chính tiếp nhận trong năm được giải quyết trước và đúng hạn", None),
    ("văn bản được ký số", None),
])
def test_more_national_indicator_categories(indicator, cat):
    assert T.category_of(indicator) == cat
