"""The PDF reader's fast path (word runs on pages without ruling) against its glyph path.

The fast path must give the very same lines as reading glyph by glyph: same text, same
column split, same superscript marks dropped, same bold / italic, same positions.
"""
from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from kehoach.readers import pdf as reader

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))


def _layout(page, number: int, chars: list) -> list[tuple]:
    """The page's lines, footnotes and noise as comparable tuples."""
    height, width = float(page.get_height()), float(page.get_width())
    edges = reader._pdfium_edges(page, height)
    rules = [reader._rule(e["x0"], e["x1"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "h"]
    out = reader._layout_page(number, width, height, chars, rules, [], [])
    lines = [(round(top, 3), [(s.text, round(s.x0, 3), round(s.x1, 3), s.bold, s.italic) for s in ln.segs],
              ln.marks, round(ln.size, 3)) for top, kind, ln in out.items]
    return [lines, sorted(out.extra), out.raw_lines]


@pytest.fixture(scope="module")
def prose_pages() -> list[tuple[str, int, list, list, bool]]:
    """Every unruled page of the sample PDFs: (file, page, fast layout, glyph layout, fast path taken)."""
    import pypdfium2 as pdfium

    pages = []
    for path in PDFS:
        doc = pdfium.PdfDocument(path.read_bytes())
        try:
            for i in range(len(doc)):
                page = doc[i]
                height = float(page.get_height())
                edges = reader._pdfium_edges(page, height)
                if sum(e["orientation"] == "v" for e in edges) >= 2:
                    page.close()
                    continue
                words = reader._pdfium_words(page, height)
                glyphs = reader._pdfium_chars(page, height)
                pages.append((path.name, i + 1, _layout(page, i + 1, words or glyphs), _layout(page, i + 1, glyphs),
                              words is not None))
                page.close()
        finally:
            doc.close()
    return pages


def test_every_prose_page_takes_the_fast_path(prose_pages):
    assert len(prose_pages) == 35
    assert all(fast for *_, fast in prose_pages)


def test_fast_path_gives_the_glyph_path_lines(prose_pages):
    for name, number, fast, slow, _ in prose_pages:
        assert fast == slow, f"{name} page {number}"


def test_fast_path_keeps_columns_marks_and_styles(prose_pages):
    by_page = {(name, number): fast for name, number, fast, _, _ in prose_pages}
    # the national header: two columns on one physical line, both bold
    first = by_page[("kontum-78-qd-ubnd-2025.pdf", 1)][0]
    two = [[(t, bold) for t, _x0, _x1, bold, _it in ss] for _, ss, _, _ in first if len(ss) == 2]
    assert two[0] == [("ỦY BAN NHÂN DÂN", True), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True)]
    assert ("Số: 78/QĐ-UBND", False) in two[2] and two[2][1][0] == "Kon Tum, ngày 06 tháng 02 năm 2025"
    # superscript footnote marks "(4)" / "(5)" dropped from the body line of kontum-cchc page 9
    lines = by_page[("kontum-cchc-2025.pdf", 9)][0]
    marked = [(ss[0][0], marks) for _, ss, marks, _ in lines if marks]
    assert marked[1:] == [("tháng 4 năm 2019 của Chính phủ, Nghị định số 60/2021/NĐ-CP ngày 21 tháng", "(4)"),
                          ("6 năm 2021 của Chính phủ.", "(5)")]
    # ... and the footnotes themselves go to the extra text
    notes = [text for _, role, text in by_page[("kontum-cchc-2025.pdf", 9)][1] if role == "footnote"]
    assert any(n.startswith("4 Quy định giao nhiệm vụ, đặt hàng") for n in notes)


def test_weighted_median_is_the_median_of_repeated_values():
    pairs = [(13.0, 3), (14.0, 2), (12.5, 1), (14.0, 4)]
    expanded = [v for v, w in pairs for _ in range(w)]
    assert reader._wmedian(pairs) == statistics.median(expanded) == 14.0
    assert reader._wmedian([(1.0, 1), (2.0, 1)]) == 1.5
    assert reader._wmedian([(1.0, 2), (3.0, 2)]) == 2.0


def _run(text: str, x0: float, x1: float, top: float = 100.0) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 13, "size": 13.0,
            "fontname": "TimesNewRomanPS-BoldMT", "generated": False, "n": len(text)}


def test_text_printed_twice_sends_the_page_to_the_glyph_path():
    # fake bold: the same word printed again half a point to the right
    assert reader._overlaps([_run("QUYẾT", 100.0, 150.0), _run("QUYẾT", 100.5, 150.5)])
    # kerned italic glyphs that overlap but differ are no duplicates
    assert not reader._overlaps([_run("à", 364.8, 371.8), _run("y", 370.6, 378.0)])
    # words a space apart on one line
    assert not reader._overlaps([_run("Kế", 100.0, 115.0), _run("hoạch", 118.5, 150.0)])
