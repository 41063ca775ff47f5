"""Agency cells -> names (kehoach.agencies), checked on cells of the real Word/PDF plans in
samples/ and on every lead/support list of the gold files."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from kehoach.agencies import aliases, canonical, matches, split_agencies, split_roles

ROOT = Path(__file__).parent.parent
GOLD = Path(__file__).parent / "gold"

# gold file -> the Word document it was checked against
GOLD_DOCX = {
    "renders/gialai-628-qd-ubnd-2024.json": "samples/docx/gialai-628-qd-ubnd-2024.docx",
    "renders/kontum-78-qd-ubnd-2025.json": "samples/docx/kontum-78-qd-ubnd-2025.docx",
    "corpus/03_Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.json": "samples/docx/lamdong-cchc-2026-draft.docx",
    "corpus/04_Kế hoạch CCHC giai đoạn 2026-2030.json": "samples/docx/lamdong-cchc-2026-2030-draft.docx",
    "corpus/06_Ke hoach tuyen truyen CCHC tinh Lam Dong nam 2026.json":
        "samples/docx/lamdong-tuyen-truyen-cchc-2026-draft.docx",
}


@cache
def docx_cells(rel: str) -> tuple[str, ...]:
    """Every table cell of a sample .docx, paragraphs joined by '\\n' (as the readers give them)."""
    import docx

    out: list[str] = []
    for table in docx.Document(str(ROOT / rel)).tables:
        for row in table.rows:
            for cell in row.cells:
                out.append("\n".join(p.text for p in cell.paragraphs))
    return tuple(dict.fromkeys(out))


def _gold_lists() -> list[tuple[str, str, list[str]]]:
    out = []
    for path in sorted(GOLD.glob("*/*.json")):
        rel = f"{path.parent.name}/{path.name}"
        for row in json.loads(path.read_text("utf-8")).get("tasks_table") or []:
            for role in ("lead", "support"):
                if row[role]:
                    out.append((f"{rel}:{row['ref']}:{role}", rel, row[role]))
    return out


GOLD_LISTS = _gold_lists()


# --- split_agencies on cells as printed ------------------------------------------------------

def test_bullets_and_semicolons():
    cell = "- Văn phòng UBND tỉnh;\n- UBND cấp huyện;\n- UBND cấp xã."
    assert split_agencies(cell) == ["Văn phòng UBND tỉnh", "UBND cấp huyện", "UBND cấp xã"]


def test_plus_and_dot_bullets():
    assert split_agencies("+ Sở Tư pháp;\n• Công an tỉnh.") == ["Sở Tư pháp", "Công an tỉnh"]


def test_missing_semicolon_between_bullets():
    cell = "- Các sở, ban, ngành tỉnh\n- UBND cấp huyện;\n- UBND cấp xã."
    assert split_agencies(cell) == ["Các sở, ban, ngành tỉnh", "UBND cấp huyện", "UBND cấp xã"]


def test_wrapped_name_joins_previous_line():
    """kontum-78 PDF: the Cơ quan chủ trì column wraps names mid-word-group."""
    cell = "- Các cơ quan chuyên\nmôn thuộc UBND\ntỉnh;\n- UBND các huyện,\nthành phố."
    assert split_agencies(cell) == ["Các cơ quan chuyên môn thuộc UBND tỉnh", "UBND các huyện, thành phố"]


def test_wrapped_name_starting_like_an_agency_joins_after_head_word():
    assert split_agencies("Văn phòng\nUBND tỉnh") == ["Văn phòng UBND tỉnh"]
    assert split_agencies("Lãnh đạo \nSở Khoa học và Công nghệ") == ["Lãnh đạo Sở Khoa học và Công nghệ"]


def test_wrap_after_connector():
    assert split_agencies("Sở Thông tin và\nTruyền thông") == ["Sở Thông tin và Truyền thông"]
    assert split_agencies("Sở Lao động -\nThương binh và Xã\nhội;\n- Sở Y tế.") == [
        "Sở Lao động - Thương binh và Xã hội", "Sở Y tế"]


def test_line_break_between_complete_agencies_splits():
    assert split_agencies("Sở Tư pháp\nCông an tỉnh") == ["Sở Tư pháp", "Công an tỉnh"]


def test_never_split_inside_dash_names():
    assert split_agencies("Đài Phát thanh - Truyền hình tỉnh; Báo Kon Tum") == [
        "Đài Phát thanh - Truyền hình tỉnh", "Báo Kon Tum"]
    assert split_agencies("Lãnh đạo UBND phường Cam Ly - Đà Lạt") == ["Lãnh đạo UBND phường Cam Ly - Đà Lạt"]
    assert split_agencies("- Sở Lao động - Thương binh và Xã hội; - Sở Y tế") == [
        "Sở Lao động - Thương binh và Xã hội", "Sở Y tế"]


def test_flattened_bullet_list_on_one_line():
    assert split_agencies("- Sở Tư pháp - Công an tỉnh") == ["Sở Tư pháp", "Công an tỉnh"]


def test_commas_between_named_agencies_split():
    """lamdong 2026-2030 plan: three named agencies separated by commas."""
    assert split_agencies("Sở Tư pháp, Văn phòng UBND tỉnh, Công an tỉnh") == [
        "Sở Tư pháp", "Văn phòng UBND tỉnh", "Công an tỉnh"]


@pytest.mark.parametrize("cell", [
    "Các sở, ban, ngành tỉnh",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Văn phòng UBND tỉnh, các cơ quan, đơn vị có liên quan",
    "Các địa phương, các cơ quan có nguồn thu nộp ngân sách nhà nước",
    "Bộ phận Tiếp nhận và Trả kết quả của UBND cấp huyện, cấp xã",
    "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh",
    "Văn phòng UBND tỉnh (Trung tâm Thông tin)",
])
def test_commas_inside_one_agency_stay(cell):
    assert split_agencies(cell) == [cell]


def test_empty():
    assert split_agencies(None) == []
    assert split_agencies(" \n ;") == []


# --- split_roles --------------------------------------------------------------------------

def test_split_roles_kontum_cell():
    cell = next(c for c in docx_cells("samples/docx/kontum-78-qd-ubnd-2025.docx") if c.startswith("Đơn vị chủ trì"))
    assert split_roles(cell) == (["Sở Nội vụ"],
                                 ["Văn phòng UBND tỉnh", "Sở Thông tin và truyền thông và các đơn vị liên quan"])


def test_split_roles_wrapped_pdf_cell():
    cell = ("Đơn vị chủ trì: Sở Nội\nvụ.\nĐơn vị phối hợp: Văn\nphòng UBND tỉnh; Sở\nThông tin và truyền\n"
            "thông và các đơn vị\nliên quan.")
    assert split_roles(cell) == (["Sở Nội vụ"],
                                 ["Văn phòng UBND tỉnh", "Sở Thông tin và truyền thông và các đơn vị liên quan"])


def test_split_roles_none_without_labels():
    assert split_roles("- Sở Nội vụ;\n- Văn phòng UBND tỉnh") is None


# --- gold lists -----------------------------------------------------------------------------

def test_gold_has_lists():
    assert len(GOLD_LISTS) > 300


@pytest.mark.parametrize("name,rel,items", GOLD_LISTS, ids=[g[0] for g in GOLD_LISTS])
def test_gold_list_round_trips(name, rel, items):
    """The gold's items, joined the ways tables print them, split back to the same items."""
    assert split_agencies("; ".join(items)) == items
    assert split_agencies("\n".join(f"- {x};" for x in items)) == items


@pytest.mark.parametrize("rel,docx_path", sorted(GOLD_DOCX.items()))
def test_gold_lists_come_from_real_cells(rel, docx_path):
    """Every gold lead/support list is what some real cell of the Word document splits into
    (except lists the gold composed from a role-labelled cell plus the support column)."""
    found: set[tuple[str, ...]] = set()
    for cell in docx_cells(docx_path):
        found.add(tuple(split_agencies(cell)))
        roles = split_roles(cell)
        if roles:
            found.update((tuple(roles[0]), tuple(roles[1])))
    lists = [items for _n, r, items in GOLD_LISTS if r == rel]
    assert lists
    missing = [items for items in lists if tuple(items) not in found
               and not any(tuple(items[:k]) in found and tuple(items[k:]) in found for k in range(1, len(items)))]
    assert missing == []


# --- canonical, aliases, matches ------------------------------------------------------------

@pytest.mark.parametrize("name,expected", [
    ("UBND cấp huyện", "Ủy ban nhân dân cấp huyện"),
    ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Sở TTTT", "Sở Thông tin và Truyền thông"),
    ("Sở Thông tin và truyền thông", "Sở Thông tin và Truyền thông"),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
    ("Sở KHĐT", "Sở Kế hoạch và Đầu tư"),
    ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở GTVT", "Sở Giao thông vận tải"),
    ("Trung tâm PVHCC", "Trung tâm Phục vụ hành chính công tỉnh"),
    ("Cổng TTĐT tỉnh", "Cổng Thông tin điện tử tỉnh"),
    ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
    ("Lãnh đạo UBND xã Hòa Ninh", "Lãnh đạo Ủy ban nhân dân xã Hòa Ninh"),
    ("Sở Tư pháp;", "Sở Tư pháp"),
])
def test_canonical(name, expected):
    assert canonical(name) == expected


@pytest.mark.parametrize("old,new", [
    ("Sở TTTT", "Sở Khoa học và Công nghệ"),
    ("Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ("Sở LĐTBXH", "Sở Nội vụ"),
    ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Môi trường"),
    ("Sở GTVT", "Sở Xây dựng"),
])
def test_2025_merges_are_aliases(old, new):
    assert new in aliases(old)
    assert canonical(old) != new  # the printed department is never renamed
    assert canonical(old) in aliases(new)


def test_aliases_of_unknown_name_expand_abbreviations():
    assert aliases("UBND xã Đơn Dương") == ["Ủy ban nhân dân xã Đơn Dương"]
    assert aliases("Sở Tư pháp") == ["Sở TP"]


@pytest.mark.parametrize("query,name", [
    ("so noi vu", "Sở Nội vụ"),
    ("SỞ NỘI VỤ", "Lãnh đạo Sở Nội vụ"),
    ("Sở NV", "Sở Nội vụ"),
    ("van phong ubnd tinh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
    ("ubnd cap xa", "UBND cấp xã"),
    ("so tttt", "Sở Thông tin và Truyền thông"),
    ("so khoa hoc va cong nghe", "Sở TTTT"),
    ("Sở Nội vụ", "Sở Lao động - Thương binh và Xã hội"),
])
def test_matches(query, name):
    assert matches(query, name)


@pytest.mark.parametrize("query,name", [
    ("so noi vu", "Sở Tư pháp"),
    ("noi vu", "Sở Nông nghiệp và Môi trường"),
    ("so tai chinh", "Sở Tài nguyên và Môi trường"),
    ("", "Sở Tư pháp"),
])
def test_does_not_match(query, name):
    assert not matches(query, name)


# ---------------------------------------------------------------- 2025 reorganisation, inline roles

def test_inline_roles_in_one_agency_cell():
    from kehoach.agencies import split_roles
    assert split_roles("Sở Nội vụ chủ trì, phối hợp với các sở, ngành") == (["Sở Nội vụ"], ["các sở, ngành"])
    assert split_roles("Sở Tư pháp (chủ trì); Văn phòng UBND tỉnh, Công an tỉnh (phối hợp)") == \
        (["Sở Tư pháp"], ["Văn phòng UBND tỉnh", "Công an tỉnh"])
    assert split_roles("Sở Tài chính chủ trì") == (["Sở Tài chính"], [])
    assert split_roles("Sở Nội vụ; UBND cấp xã") is None


def test_merged_departments_found_under_their_successor():
    from kehoach.agencies import matches
    assert matches("Sở Tài chính", "Sở KH&ĐT")
    assert matches("Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông")
    assert matches("Sở Nông nghiệp và Môi trường", "Sở TN&MT")
    assert matches("Sở Xây dựng", "Sở GTVT")
    assert matches("Sở Nội vụ", "Sở LĐ-TB&XH")
    assert matches("Sở Dân tộc và Tôn giáo", "Ban Dân tộc tỉnh")


def test_foreign_affairs_department_has_no_recorded_successor():
    # NĐ 45/2025 keeps Sở Ngoại vụ as a department some provinces have: no single successor
    from kehoach.agencies import aliases, matches
    assert not matches("Văn phòng UBND tỉnh", "Sở Ngoại vụ")
    assert "Văn phòng Ủy ban nhân dân tỉnh" not in aliases("Sở Ngoại vụ")
