"""kehoach check: the validation rules (kehoach.check) on the real samples and on small
synthetic plans for each rule's edge cases, and the `check` command's output and exit codes."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from conftest import ROOT, SAMPLES, parsed, run_cli
from kehoach.check import Finding, check, failed, issue_bound, number_of, plan_period, rules
from kehoach.models import Document, Location, Plan, Section, SourceInfo, Target, Task

SEED3 = SAMPLES / "kontum-cchc-2025.md"
SEED4 = SAMPLES / "khanhhoa-bqlkkt-cctthc-2025.txt"


@pytest.fixture(scope="module")
def findings():
    """Findings per sample path, each document parsed once per session (conftest.parsed)."""
    cache: dict[str, list[Finding]] = {}

    def get(path) -> list[Finding]:
        key = str(path)
        if key not in cache:
            cache[key] = check(parsed(key))
        return cache[key]

    return get


def codes(fs: list[Finding]) -> list[str]:
    return [f.code for f in fs]


# --- the rule table ------------------------------------------------------------------------


def test_every_rule_has_code_severity_and_both_messages():
    r = rules()
    assert len(r) >= 13
    for code, rule in r.items():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]+", code)
        assert rule["severity"] in ("error", "warning", "info")
        assert rule["vi"] and rule["en"] and rule["applies_to"]
    # policy decided in the issue: an unnumbered draft is info, not an error
    assert r["DOC_UNNUMBERED"]["severity"] == "info"
    assert r["TARGET_CONFLICT"]["severity"] == "warning"


def test_readme_documents_every_rule_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("Checking a draft: kehoach check", 1)[1]
    for code, rule in rules().items():
        assert code in section, code
        line = next(ln for ln in section.splitlines() if f"`{code}`" in ln)
        assert rule["severity"] in line, code


# --- real documents -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SEED3, SAMPLES / "docx" / "kontum-cchc-2025.docx"])
def test_seed003_deadline_in_2024_is_flagged(findings, path):
    """Seed 003: a plan for 2025 issued in December 2024 asks for a deliverable
    "trước ngày 15 tháng 01 năm 2024" (in prose): an error."""
    fs = [f for f in findings(path) if f.code == "DEADLINE_BEFORE_ISSUE"]
    assert len(fs) == 1
    f = fs[0]
    assert f.severity == "error"
    assert f.record["deadline_end"] == "2024-01-15"
    assert f.record["deadline"] == "trước ngày 15 tháng 01 năm 2024"
    assert "Sở Nội vụ" in f.record["content"] or "Chủ động triển khai" in f.record["content"]
    # the date is blank, so the bound is the latest document the plan cites: CV 4329/UBND-NC of 02/12/2024
    assert f.record["bound"] == "2024-12-02"
    assert "2024-01-15" in f.message_vi and "2024-01-15" in f.message_en
    assert failed(findings(path))


def test_seed003_source_line_points_at_the_sentence(findings):
    f = next(f for f in findings(SEED3) if f.code == "DEADLINE_BEFORE_ISSUE")
    line = SEED3.read_text(encoding="utf-8").splitlines()[f.source.line - 1]
    assert "trước ngày 15 tháng 01 năm 2024" in line


def test_seed003_is_an_unnumbered_undated_draft(findings):
    fs = findings(SEED3)
    assert {"DOC_UNNUMBERED", "DOC_UNDATED"} <= set(codes(fs))
    assert all(f.severity == "info" for f in fs if f.code.startswith("DOC_"))


def test_seed003_prose_tasks_give_no_lead_or_deadline_noise(findings):
    """34 prose tasks, most without a deadline: none of them is a 'no deadline' finding."""
    assert parsed(str(SEED3)).tasks
    assert not {"TASK_NO_DEADLINE", "TASK_NO_LEAD", "DEADLINE_OUTSIDE_PERIOD"} & set(codes(findings(SEED3)))


@pytest.mark.parametrize("path", [SEED4, SAMPLES / "docx" / "khanhhoa-bqlkkt-cctthc-2025.docx"])
def test_seed004_body_80_against_appendix_60(findings, path):
    """Seed 004: 80% of dossiers fully online in the body, 60% in the appendix: a warning for review."""
    fs = [f for f in findings(path) if f.code == "TARGET_CONFLICT"]
    dossier = [f for f in fs if f.record["category"] == "online_dossier_rate"]
    assert len(dossier) == 1
    f = dossier[0]
    assert f.severity == "warning"
    assert {f.record["value"], f.record["other"]["value"]} == {60.0, 80.0}
    assert f.record["section"].startswith("PL")  # reported at the appendix row
    assert "60%" in f.message_en and "80%" in f.message_en
    # the body's 100% "toàn trình" against the appendix's 80% is the other real discrepancy
    assert {x.record["category"] for x in fs} == {"online_dossier_rate", "online_full_service_rate"}
    assert not failed(findings(path))
    assert failed(findings(path), strict=True)


def test_seed004_conflict_lines_are_the_printed_values(findings):
    lines = SEED4.read_text(encoding="utf-8").splitlines()
    f = next(f for f in findings(SEED4) if f.code == "TARGET_CONFLICT" and f.record["category"] == "online_dossier_rate")
    assert "60%" in " ".join(lines[f.source.line - 1: f.source.line + 2])
    # the body target is read from a paragraph that starts at that line (PDF-broken lines)
    assert "80%" in " ".join(lines[f.record["other"]["line"] - 1: f.record["other"]["line"] + 8])


def test_unnumbered_word_draft(findings):
    fs = findings(SAMPLES / "docx" / "lamdong-cchc-2026-draft.docx")
    assert "DOC_UNNUMBERED" in codes(fs)
    assert not failed(fs)  # a draft before numbering passes (info only)


@pytest.mark.parametrize("path", [
    SAMPLES / "gialai-628-qd-ubnd-2024.md",
    SAMPLES / "kontum-78-qd-ubnd-2025.txt",
    SAMPLES / "kontum-78-phu-luc-ii-2025.txt",
    SAMPLES / "docx" / "lamdong-cchc-2026-draft.docx",
    SAMPLES / "docx" / "lamdong-cchc-2026-2030-draft.docx",
    SAMPLES / "docx" / "lamdong-tuyen-truyen-cchc-2026-draft.docx",
])
def test_clean_inputs_have_no_errors(findings, path):
    fs = findings(path)
    assert not [f for f in fs if f.severity == "error"], [f.message_en for f in fs]
    assert len(fs) <= 6  # a handful of findings a person reads, not noise


def test_numbered_signed_decision_is_not_a_draft(findings):
    fs = findings(SAMPLES / "gialai-628-qd-ubnd-2024.md")
    assert not {"DOC_UNNUMBERED", "DOC_UNDATED"} & set(codes(fs))


def test_gialai_row_without_own_stt(findings):
    """Gia Lai's table has a row after STT 9 with no number of its own (gold gives it VIII.9 too)."""
    fs = [f for f in findings(SAMPLES / "gialai-628-qd-ubnd-2024.md") if f.code == "TASK_NUMBER_REPEAT"]
    assert [f.record["ref"] for f in fs] == ["VIII.9"]
    assert fs[0].record["content"].startswith("Đồng bộ kết quả giải quyết TTHC")
    # VIII.13 is one task split over two rows (one per agency): not a repeat


def test_kontum_row_with_empty_deadline_cell(findings):
    fs = [f for f in findings(SAMPLES / "kontum-78-phu-luc-ii-2025.txt") if f.code == "TASK_NO_DEADLINE"]
    assert [f.record["ref"] for f in fs] == ["I.3"]
    assert fs[0].record["lead"] == ["Sở Nội vụ"]


def test_standalone_appendix_ii_is_not_a_numbering_gap(findings):
    assert "SECTION_NUMBER_GAP" not in codes(findings(SAMPLES / "kontum-78-phu-luc-ii-2025.txt"))


def test_lamdong_letters_skip_dd(findings):
    """The Lâm Đồng communication draft goes d) -> e) twice, skipping đ) (used elsewhere in it)."""
    fs = [f for f in findings(SAMPLES / "docx" / "lamdong-tuyen-truyen-cchc-2026-draft.docx")
          if f.code == "SECTION_NUMBER_GAP"]
    assert [f.record["label"] for f in fs] == ["e)", "e)"]
    assert all("missing đ" in f.message_en for f in fs)


def test_kontum78_body_80_against_65(findings):
    """Kon Tum 78: 'tối thiểu 80% hồ sơ ... xử lý hoàn toàn trực tuyến' and later '65% ... trực tuyến toàn trình'."""
    fs = [f for f in findings(SAMPLES / "kontum-78-qd-ubnd-2025.txt") if f.code == "TARGET_CONFLICT"]
    assert [(f.record["value"], f.record["other"]["value"]) for f in fs] == [(65.0, 80.0)]


def test_plan_period_and_issue_bound_from_real_headers():
    p = parsed(str(SAMPLES / "docx" / "lamdong-cchc-2026-2030-draft.docx"))
    assert plan_period(p) == (date(2026, 1, 1), date(2030, 12, 31))
    g = parsed(str(SAMPLES / "gialai-628-qd-ubnd-2024.md"))
    assert plan_period(g) == (date(2025, 1, 1), date(2025, 12, 31))
    assert issue_bound(g) == (date(2024, 12, 27), "issue_date")


# --- synthetic plans: each rule's edge cases -----------------------------------------------------


def plan(tasks=(), targets=(), sections=(), **doc) -> Plan:
    base = {"doc_type": "KH", "number": "12/KH-UBND", "date": date(2024, 12, 27), "year": 2025,
            "title": "Kế hoạch cải cách hành chính năm 2025"}
    base.update(doc)
    return Plan(source=SourceInfo(path="x.txt", format="txt", sha256="0" * 64), document=Document(**base),
                tasks=list(tasks), targets=list(targets), sections=list(sections))


def task(ref="I.1", content="Ban hành kế hoạch", lead=("Sở Nội vụ",), dl=None, origin="table", line=10, **kw) -> Task:
    from kehoach.deadlines import parse_deadline

    return Task(ref=ref, content=content, lead=list(lead), deadline=parse_deadline(dl, 2025), origin=origin,
                source=Location(line=line), **kw)


def target(value, category="online_dossier_rate", unit="%", year=2025, line=1, indicator="hồ sơ trực tuyến",
           comparator=">=") -> Target:
    return Target(indicator=indicator, value=value, unit=unit, comparator=comparator, text=f"{value}{unit}",
                  year=year, category=category, source=Location(line=line))


def sec(label, ref=None, children=(), line=1) -> Section:
    return Section(ref=ref or label.rstrip(".)"), label=label, title="T", children=list(children),
                   source=Location(line=line))


@pytest.mark.parametrize("label,expected", [
    ("II.", ("roman", 2)), ("IV", ("roman", 4)), ("IX.", ("roman", 9)), ("3.", ("arabic", 3)),
    ("1.2.", ("arabic.1", 2)), ("đ)", ("letter", 5)), ("g)", ("letter", 7)), ("Điều 3.", ("điều", 3)),
    ("Phụ lục II", ("phụ lục", 2)), ("B.", ("upper", 2)), ("PHỤ LỤC", None), ("", None),
])
def test_number_of_labels(label, expected):
    assert number_of(label) == expected


def test_no_lead_is_an_error_for_table_rows_only():
    fs = check(plan([task(lead=()), task(ref=None, lead=(), origin="text", dl="trong năm 2025")]))
    assert codes(fs) == ["TASK_NO_LEAD"]
    assert fs[0].severity == "error" and fs[0].record["ref"] == "I.1"
    assert failed(fs)


def test_no_deadline_only_when_the_table_has_deadlines():
    with_col = check(plan([task(dl="Quý II/2025"), task(ref="I.2", line=11)]))
    assert [(f.code, f.record["ref"], f.severity) for f in with_col] == [("TASK_NO_DEADLINE", "I.2", "warning")]
    assert check(plan([task(), task(ref="I.2")])) == []  # no deadline column at all: no per-row noise


@pytest.mark.parametrize("cell,flagged", [
    ("Theo Kế hoạch", False), ("Theo hướng dẫn của Trung ương", False),
    ("Kế hoạch kiểm tra được kết hợp trong kế hoạch kiểm tra CCHC của tỉnh.", False),
    ("Khi có phát sinh", False), ("Tháng 3/2025", False),
    ("Sau khi có hướng dẫn của Bộ Nội vụ", False),  # relative: recognised
    ("Sau Tết Nguyên đán", True),  # no date the parser can read: a person looks
    ("Ưu tiên cao", True), ("Đợt 1", True),
])
def test_unrecognised_deadline(cell, flagged):
    fs = check(plan([task(dl=cell)]))
    assert ("TASK_DEADLINE_UNRECOGNISED" in codes(fs)) is flagged, [f.code for f in fs]
    if flagged:
        assert fs[0].severity == "info" and cell in fs[0].message_en


def test_deadline_before_issue_date():
    fs = check(plan([task(dl="Trước ngày 01/12/2024"), task(ref="I.2", dl="Tháng 12/2024")]))
    assert codes(fs) == ["DEADLINE_BEFORE_ISSUE"]  # December 2024 ends after the 27th: fine
    assert fs[0].record["ref"] == "I.1" and fs[0].record["bound"] == "2024-12-27"


def test_deadline_list_with_one_past_date():
    fs = check(plan([task(dl="- Báo cáo quý IV chậm nhất ngày 20/12/2024; - Báo cáo năm chậm nhất ngày 22/12/2025")]))
    assert codes(fs) == ["DEADLINE_BEFORE_ISSUE"] and "2024-12-20" in fs[0].message_en


def test_deadline_after_the_period():
    fs = check(plan([task(dl="Trước ngày 15/01/2026"),  # the annual report after the year: within grace
                     task(ref="I.2", dl="Quý IV/2026", line=11)]))
    assert [(f.code, f.record["ref"], f.severity) for f in fs] == [("DEADLINE_OUTSIDE_PERIOD", "I.2", "warning")]
    assert "2025" in fs[0].message_en


def test_multi_year_plan_period():
    p = plan([task(dl="Năm 2028")], title="Kế hoạch cải cách hành chính giai đoạn 2026-2030", year=2026,
             date=date(2026, 1, 20))
    assert check(p) == []


def test_undated_plan_uses_cited_documents_then_the_period():
    p = plan([task(dl="Trước ngày 10/11/2025", content="Triển khai Quyết định số 12/QĐ-UBND ngày 15/11/2025")],
             date=None, title="Kế hoạch năm 2026", year=2026)
    fs = [f for f in check(p) if f.code.startswith("DEADLINE")]
    assert [(f.code, f.record["bound"]) for f in fs] == [("DEADLINE_BEFORE_ISSUE", "2025-11-15")]
    bare = plan([task(dl="Trước ngày 10/11/2024")], date=None, title="Kế hoạch năm 2026", year=2026)
    assert [f.code for f in check(bare) if f.code.startswith("DEADLINE")] == ["DEADLINE_OUTSIDE_PERIOD"]


def test_prose_deadlines_need_an_explicit_year():
    prose = [task(ref=None, origin="text", lead=(), content="Gửi báo cáo trước ngày 20/11 hằng năm", line=5),
             task(ref=None, origin="text", lead=(), content="Tiếp tục thực hiện Đề án, tầm nhìn đến năm 2030", line=6),
             task(ref=None, origin="text", lead=(), line=8,
                  content="Hoàn thành trước ngày Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 hết hiệu lực"),
             task(ref=None, origin="text", lead=(), line=7,
                  content="Xây dựng kế hoạch. Thời gian hoàn thành chậm nhất ngày 15/3/2024, gửi Sở Nội vụ.")]
    fs = check(plan(prose))
    assert [(f.code, f.source.line, f.record["deadline"]) for f in fs] == [
        ("DEADLINE_BEFORE_ISSUE", 7, "chậm nhất ngày 15/3/2024")]


@pytest.mark.parametrize("value,category,indicator,severity", [
    (120.0, "online_dossier_rate", "hồ sơ trực tuyến", "error"),
    (105.0, None, "tỷ lệ giải ngân", "error"),
    (110.0, None, "thu ngân sách so với dự toán", "warning"),
    (100.0, "online_dossier_rate", "hồ sơ trực tuyến", None),
])
def test_target_above_100(value, category, indicator, severity):
    fs = [f for f in check(plan(targets=[target(value, category, indicator=indicator)])) if f.code == "TARGET_OVER_100"]
    assert [f.severity for f in fs] == ([severity] if severity else [])


def test_target_over_100_only_for_percent():
    assert check(plan(targets=[target(1139.0, None, unit="thủ tục hành chính")])) == []


def test_target_conflict_edges():
    same = [target(80.0, line=1), target(80.0, line=2)]
    years = [target(80.0, line=1), target(90.0, year=2026, line=2)]
    bounds = [target(80.0, line=1), target(5.0, comparator="<=", line=2)]
    no_cat = [target(80.0, None, line=1), target(60.0, None, line=2)]
    for ts in (same, years, bounds, no_cat):
        assert check(plan(targets=ts)) == []
    # one sentence: "mức độ hài lòng đạt tối thiểu 90%; trong đó, lĩnh vực đất đai ... đạt tối thiểu 85%"
    assert check(plan(targets=[target(90.0, "satisfaction_rate", line=41),
                               target(85.0, "satisfaction_rate", line=41)])) == []
    fs = check(plan(targets=[target(80.0, line=1), target(60.0, line=9), target(60.0, line=12)]))
    assert [(f.code, f.source.line) for f in fs] == [("TARGET_CONFLICT", 9)]  # one finding per distinct value


def test_section_gap_repeat_and_letters():
    tree = [sec("I.", line=1, children=[sec("1.", "I.1", line=2), sec("2.", "I.2", line=3), sec("2.", "I.2", line=4)]),
            sec("II.", line=5, children=[sec("a)", "II.a", line=6), sec("b)", "II.b", line=7), sec("d)", "II.d", line=8)]),
            sec("IV.", line=9)]
    fs = check(plan(sections=tree))
    got = [(f.code, f.source.line) for f in fs]
    assert got == [("SECTION_NUMBER_REPEAT", 4), ("SECTION_NUMBER_GAP", 8), ("SECTION_NUMBER_GAP", 9)]
    assert "missing c" in fs[1].message_en and "missing III" in fs[2].message_en


def test_section_sequences_that_are_fine():
    letters = [sec(f"{c})", line=i) for i, c in enumerate("a b c d đ e g h i k".split())]
    mixed = [sec("Điều 1.", line=1), sec("Điều 2.", line=2), sec("I.", line=3), sec("II.", line=4),
             sec("PHỤ LỤC", "PL", line=5, children=[sec("I.", "PL.I", line=6), sec("II.", "PL.II", line=7)]),
             sec("1.", line=8), sec("2.", line=9), sec("1.", line=10)]  # a new run restarting at 1
    assert check(plan(sections=letters)) == []
    assert check(plan(sections=mixed)) == []
    assert codes(check(plan(sections=[sec("Điều 2.")]))) == ["SECTION_NUMBER_GAP"]


def test_task_stt_gap_and_repeat():
    ts = [task("I.1", line=1, dl="Quý I/2025"), task("I.2", line=2, dl="Quý I/2025"),
          task("I.4", line=3, dl="Quý I/2025"),
          task("II.1.a", line=4, dl="Quý I/2025"), task("II.1.b", line=5, dl="Quý I/2025"),
          task("II.2", line=6, dl="Quý I/2025"),  # II.1 is a group row: II.1.a, II.1.b, II.2 is fine
          task("II.3", "Việc A", line=7, dl="Quý I/2025"), task("II.3", "Việc A", lead=("Sở Tư pháp",), line=8,
                                                                 dl="Quý I/2025"),  # one task, two rows
          task("II.4", "Việc B", line=9, dl="Quý I/2025"), task("II.4", "Việc C", line=10, dl="Quý I/2025")]
    fs = check(plan(ts))
    assert [(f.code, f.record["ref"], f.source.line) for f in fs] == [
        ("TASK_NUMBER_GAP", "I.4", 3), ("TASK_NUMBER_REPEAT", "II.4", 10)]


def test_second_table_restarting_at_i_is_not_a_repeat():
    ts = [task("I.1", "A", dl="Quý I/2025"), task("II.1", "B", dl="Quý I/2025"),
          task("I.1", "C", dl="Quý I/2025"), task("I.2", "D", dl="Quý I/2025")]
    assert check(plan(ts)) == []


def test_blank_number_and_date_are_info():
    fs = check(plan([task(dl="Quý I/2025")], number=None, date=None))
    assert [(f.code, f.severity) for f in fs] == [("DOC_UNNUMBERED", "info"), ("DOC_UNDATED", "info")]
    assert not failed(fs) and not failed(fs, strict=True)


def test_empty_plan_has_no_findings():
    assert check(Plan(source=SourceInfo(path="x.txt", format="txt", sha256="0" * 64))) == []


# --- the command ---------------------------------------------------------------------------


def test_cli_exit_codes_and_text_output():
    r = run_cli("check", str(SEED3))
    assert r.returncode == 1
    out = r.stdout.decode()
    assert re.search(r"kontum-cchc-2025\.md:280: error DEADLINE_BEFORE_ISSUE: Thời hạn \"trước ngày 15 tháng 01 năm 2024\"",
                     out)
    assert "1 error" in r.stderr.decode()
    r = run_cli("check", "--lang", "en", str(SEED4))
    assert r.returncode == 0 and "warning TARGET_CONFLICT: Indicator" in r.stdout.decode()
    assert run_cli("check", "--strict", str(SEED4)).returncode == 1


def test_cli_json_and_unreadable_files(tmp_path):
    missing = tmp_path / "nope.pdf"
    r = run_cli("check", "--format", "json", str(SEED4), str(missing))
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert [d["path"] for d in data] == [str(SEED4), str(missing)]
    first = data[0]
    assert first["error"] is None and first["summary"]["warning"] == 2
    f = next(f for f in first["findings"] if f["code"] == "TARGET_CONFLICT")
    assert set(f) >= {"code", "severity", "message_vi", "message_en", "source", "record"}
    assert set(f["source"]) == {"page", "line"}
    assert data[1]["error"] and data[1]["findings"] == []
    assert "kehoach: error:" in r.stderr.decode() and "nope.pdf" in r.stderr.decode()
    one = run_cli("check", str(missing))
    assert one.returncode == 3 and one.stdout == b""
    assert run_cli("check", "--format", "xml", str(SEED4)).returncode == 2
