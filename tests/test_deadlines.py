"""Deadline cells -> Deadline (kehoach.deadlines), checked on the phrases of the real plans
and on every task row of the hand-checked gold files."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from kehoach.deadlines import fold, parse_deadline
from kehoach.models import Deadline

GOLD = Path(__file__).parent / "gold"
D = date.fromisoformat


def _check(d: Deadline, kind: str, start: str | None = None, end: str | None = None, rrule: str | None = None):
    assert d.kind == kind, d
    assert d.start == (D(start) if start else None), d
    assert d.end == (D(end) if end else None), d
    assert d.rrule == rrule, d


# --- by -------------------------------------------------------------------------------------

def test_truoc_ngay():
    d = parse_deadline("Trước ngày 20/02/2025", 2025)
    _check(d, "by", end="2025-02-20")
    assert d.text == "Trước ngày 20/02/2025"
    assert d.dates == [D("2025-02-20")]


def test_cham_nhat_ngay():
    _check(parse_deadline("Chậm nhất ngày 22/3/2025", 2025), "by", end="2025-03-22")


def test_several_dates_keep_all_and_end_on_last():
    d = parse_deadline("- Trước ngày 15/6/2025;\n- Trước ngày 15/12/2025", 2025)
    _check(d, "by", end="2025-12-15")
    assert d.dates == [D("2025-06-15"), D("2025-12-15")]
    assert d.text == "- Trước ngày 15/6/2025; - Trước ngày 15/12/2025"


def test_gialai_quarterly_report_dates():
    """The Gia Lai cell lists four report dates; 'quý I' names a report, not a period."""
    cell = ("- Báo cáo quý I chậm nhất ngày 22/3/2025;\n- Báo cáo Quý II chậm nhất ngày 22/6/2025;\n"
            "- Báo cáo Quý III chậm nhất ngày 22/9/2025;\n- Báo cáo năm chậm nhất ngày 22/12/2025.")
    d = parse_deadline(cell, 2025)
    _check(d, "by", end="2025-12-22")
    assert d.dates == [D("2025-03-22"), D("2025-06-22"), D("2025-09-22"), D("2025-12-22")]


def test_day_and_month_in_words_take_the_plan_year():
    _check(parse_deadline("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1", 2026), "by", end="2026-01-23")


def test_cham_nhat_trong_thang_is_end_of_month():
    cell = "Triển khai thực hiện sáng kiến, mô hình, giải pháp và báo cáo kết quả thực hiện chậm nhất trong tháng 9/2026"
    _check(parse_deadline(cell, 2026), "by", end="2026-09-30")


def test_iso_date():
    _check(parse_deadline("2025-06-15", 2025), "by", end="2025-06-15")


# --- period ---------------------------------------------------------------------------------

@pytest.mark.parametrize("cell,start,end", [
    ("Tháng 02/2025", "2025-02-01", "2025-02-28"),
    ("Tháng 3/2025", "2025-03-01", "2025-03-31"),
    ("Quý II/2025", "2025-04-01", "2025-06-30"),
    ("Quý III năm 2025", "2025-07-01", "2025-09-30"),
    ("Trong Quý I năm 2025", "2025-01-01", "2025-03-31"),
    ("6 tháng đầu năm 2025", "2025-01-01", "2025-06-30"),
    ("Năm 2026", "2026-01-01", "2026-12-31"),
    ("2026-2030", "2026-01-01", "2030-12-31"),
    ("Từ tháng 4 đến tháng 8/2025", "2025-04-01", "2025-08-31"),
    ("Trong năm 2025", "2025-01-01", "2025-12-31"),
])
def test_period(cell, start, end):
    _check(parse_deadline(cell, 2025), "period", start, end)


def test_month_without_year_takes_plan_year():
    _check(parse_deadline("Tháng 3", 2024), "period", "2024-03-01", "2024-03-31")


def test_month_without_any_year_has_no_dates():
    _check(parse_deadline("Tháng 3", None), "period")


def test_year_named_by_plan_title_is_not_a_period():
    cell = "Theo Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026 của tỉnh"
    _check(parse_deadline(cell, 2026), "unspecified")


# --- recurring ------------------------------------------------------------------------------

@pytest.mark.parametrize("cell,rrule", [
    ("Hằng tháng", "FREQ=MONTHLY"),
    ("Hàng quý, năm", "FREQ=MONTHLY;INTERVAL=3"),
    ("Trước ngày 25 hằng tháng", "FREQ=MONTHLY;BYMONTHDAY=25"),
    ("Trước ngày 10 hằng quý", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10"),
    ("Trước ngày 20 hằng tháng.", "FREQ=MONTHLY;BYMONTHDAY=20"),
    ("Định kỳ hằng tháng", "FREQ=MONTHLY"),
    ("Hằng năm", "FREQ=YEARLY"),
    ("Trước ngày 05 của tháng liền kề", "FREQ=MONTHLY;BYMONTHDAY=5"),
    ("Trước ngày 31/01 năm liền kề", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31"),
    ("Ban hành kế hoạch trong tháng 01 hằng năm và tổ chức thực hiện", "FREQ=YEARLY;BYMONTH=1"),
    ("Ban hành kế hoạch chậm nhất là ngày 31/12 năm trước liền kề và tổ chức mở lớp theo kế hoạch đề ra.",
     "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
])
def test_recurring(cell, rrule):
    _check(parse_deadline(cell, 2025), "recurring", rrule=rrule)


def test_recurring_first_word_decides_over_conditional():
    cell = ("Hàng quý, năm và đột xuất khi có yêu cầu (thời gian gửi báo cáo theo Thông tư "
            "01/2020/TT-VPCP của Văn phòng Chính phủ")
    _check(parse_deadline(cell, 2025), "recurring", rrule="FREQ=MONTHLY;INTERVAL=3")


# --- continuous -----------------------------------------------------------------------------

def test_thuong_xuyen():
    _check(parse_deadline("Thường xuyên", 2025), "continuous")


def test_thuong_xuyen_trong_nam_2025():
    _check(parse_deadline("Thường xuyên trong năm 2025", 2024), "continuous", end="2025-12-31")


def test_thuong_xuyen_trong_nam_uses_plan_year():
    _check(parse_deadline("Thực hiện thường xuyên trong năm", 2026), "continuous", end="2026-12-31")


def test_first_word_decides_thuong_xuyen_hang_nam():
    _check(parse_deadline("Thường xuyên, hằng năm", 2025), "continuous")


def test_open_ended_years():
    _check(parse_deadline("Năm 2026 và các năm tiếp theo", 2026), "continuous", start="2026-01-01")


def test_from_quarter_is_open_ended():
    _check(parse_deadline("Từ quý II/2027", 2026), "continuous", start="2027-04-01")


def test_second_clause_gives_kind_when_first_has_none():
    cell = "Báo cáo định kỳ theo thời gian quy định; thực hiện thường xuyên trong năm"
    _check(parse_deadline(cell, 2026), "continuous", end="2026-12-31")


# --- relative, conditional, unspecified ----------------------------------------------------

def test_relative():
    cell = ("Chậm nhất 10 ngày kể từ ngày ban hành Quyết định công bố TTHC hoặc Quyết định công bố "
            "danh mục TTHC của Chủ tịch UBND tỉnh")
    _check(parse_deadline(cell, 2025), "relative")


def test_relative_months_after():
    cell = "Sau 03 tháng kể từ khi có văn bản của Trung ương hoặc Quyết định liên quan của cơ quan có thẩm quyền"
    _check(parse_deadline(cell, 2026), "relative")


@pytest.mark.parametrize("cell", ["Khi có phát sinh", "Theo yêu cầu"])
def test_conditional(cell):
    _check(parse_deadline(cell, 2025), "conditional")


def test_conditional_with_reference_date_is_not_a_deadline():
    cell = ("Báo cáo kết quả rà soát các chế độ báo cáo trong trường hợp các chế độ báo cáo do đơn vị đề xuất "
            "có thay đổi so với Quyết định số 20/2024/QĐ-UBND ngày 22/5/2024 của UBND tỉnh.")
    _check(parse_deadline(cell, 2025), "conditional")


@pytest.mark.parametrize("cell", ["Theo Kế hoạch", "Theo hướng dẫn của Văn phòng Chính phủ",
                                  "Theo Kế hoạch của UBND tỉnh và kiểm tra đột xuất theo yêu cầu",
                                  "Kế hoạch kiểm tra được kết hợp trong kế hoạch kiểm tra CCHC của tỉnh."])
def test_unspecified(cell):
    _check(parse_deadline(cell, 2025), "unspecified")


@pytest.mark.parametrize("cell", [None, "", "  \n "])
def test_empty_cell(cell):
    d = parse_deadline(cell, 2025)
    _check(d, "unspecified")
    assert d.text is None


def test_reference_dates_are_not_deadlines():
    cell = ("Theo hướng dẫn tại văn bản số 4380/VP-NC ngày 12/12/2020 của Văn phòng UBND tỉnh; "
            "Quyết định số 330/QĐ-UBND ngày 28/5/2021 của UBND tỉnh về ban hành Quy chế")
    d = parse_deadline(cell, 2025)
    _check(d, "unspecified")
    assert d.dates == []


def test_reference_date_after_a_real_deadline_is_ignored():
    d = parse_deadline("Trước ngày 30/6/2025 (theo Công văn số 476/VPCP-KSTT ngày 17/01/2025)", 2025)
    _check(d, "by", end="2025-06-30")
    assert d.dates == [D("2025-06-30")]


def test_text_is_one_line():
    assert parse_deadline("Thường xuyên\n trong   năm 2025", 2025).text == "Thường xuyên trong năm 2025"


def test_fold_keeps_length():
    s = "Hằng quý, Thường xuyên trong năm 2025 – Đài"
    assert len(fold(s)) == len(s)
    assert fold(s) == "hang quy, thuong xuyen trong nam 2025 – dai"


# --- every gold task row ------------------------------------------------------------------

def _gold_rows() -> list[tuple[str, int | None, dict]]:
    out = []
    for path in sorted(GOLD.glob("*/*.json")):
        gold = json.loads(path.read_text("utf-8"))
        title = (gold.get("document") or {}).get("title") or ""
        m = re.search(r"\b(20\d\d)\b", title)  # the plan's year, as the title prints it
        for row in gold.get("tasks_table") or []:
            out.append((f"{path.parent.name}/{path.stem}:{row.get('ref')}", int(m[1]) if m else None, row))
    return out


GOLD_ROWS = _gold_rows()


def test_gold_has_rows():
    assert len(GOLD_ROWS) > 200


@pytest.mark.parametrize("name,year,row", GOLD_ROWS, ids=[r[0] for r in GOLD_ROWS])
def test_gold_deadline(name, year, row):
    d = parse_deadline(row["deadline_text"], year)
    assert d.end == (D(row["deadline_end"]) if row["deadline_end"] else None), (row["deadline_text"], d)
    if not row.get("ambiguous"):
        assert d.kind == (row["deadline_kind"] or "unspecified"), (row["deadline_text"], d)
        if row.get("deadline_start"):
            assert d.start == D(row["deadline_start"])
    for rule in re.findall(r"FREQ=[A-Z0-9=;,]+", row.get("note") or ""):
        assert d.rrule == rule


# --- more forms seen in plans -------------------------------------------------------------

@pytest.mark.parametrize("cell,kind,start,end,rrule", [
    ("Tháng 3-4/2025", "period", "2025-03-01", "2025-04-30", None),
    ("Giai đoạn 2026 - 2030", "period", "2026-01-01", "2030-12-31", None),
    ("Quý IV năm 2025", "period", "2025-10-01", "2025-12-31", None),
    ("6 tháng cuối năm 2025", "period", "2025-07-01", "2025-12-31", None),
    ("Trước ngày 15 tháng 12 năm 2025", "by", None, "2025-12-15", None),
    ("Hoàn thành trước 30/6/2025", "by", None, "2025-06-30", None),
    ("Trước tháng 6/2025", "by", None, "2025-05-31", None),
    ("Đến hết năm 2025", "by", None, "2025-12-31", None),
    ("Từ ngày 01/3/2025 đến ngày 30/6/2025", "period", "2025-03-01", "2025-06-30", None),
    ("Kể từ ngày 01/7/2025", "continuous", "2025-07-01", None, None),
    ("Năm 2025 và giai đoạn tiếp theo", "continuous", "2025-01-01", None, None),
    ("Hằng năm (trước ngày 15/12)", "recurring", None, None, "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"),
    ("Hằng tuần", "recurring", None, None, "FREQ=WEEKLY"),
    ("Thực hiện thường xuyên khi có yêu cầu của bộ, ngành Trung ương.", "conditional", None, None, None),
    ("Ngay sau khi Quyết định được ban hành", "relative", None, None, None),
])
def test_more_forms(cell, kind, start, end, rrule):
    _check(parse_deadline(cell, 2025), kind, start, end, rrule)
