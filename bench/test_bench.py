"""Checks of the benchmark's own helpers (not part of ``make test``):
``.venv/bin/python -m pytest bench/test_bench.py -q``.

The store corpus must hold distinct documents that still parse like the originals, and the
prose / table page split must be the one the real PDFs have.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402

import kehoach  # noqa: E402
from kehoach.readers import pdf as pdf_reader  # noqa: E402

SAMPLES = bench.SAMPLES


@pytest.mark.parametrize("name, copier", [("pdf/kontum-78-qd-ubnd-2025.pdf", bench._unique_pdf),
                                          ("docx/kontum-78-qd-ubnd-2025.docx", bench._unique_docx)])
def test_binary_copies_are_new_files_that_parse_the_same(tmp_path, name, copier):
    src = SAMPLES / name
    dst = tmp_path / ("copy" + src.suffix)
    copier(src, dst, 7)
    a, b = kehoach.parse(src), kehoach.parse(dst)
    assert a.source.sha256 != b.source.sha256
    assert b.document.number == "78/QĐ-UBND"
    assert a.model_dump(exclude={"source"}) == b.model_dump(exclude={"source"})


def test_varied_text_keeps_shares_within_100_and_changes_the_document():
    text = (SAMPLES / "kontum-78-qd-ubnd-2025.txt").read_text(encoding="utf-8")
    out = bench._vary_numbers(text, random.Random(3))
    assert out != text
    assert out.count("\n") == text.count("\n")
    assert "%" in out
    for pct in bench.re.findall(r"(\d+)\s*%", out):
        assert 0 <= int(pct) <= 100


def test_corpus_has_the_asked_size_and_no_duplicates(tmp_path):
    made = bench.build_corpus(bench.sample_files(), 30, tmp_path, binary_copies=1)
    files = sorted(tmp_path.iterdir())
    assert len(files) == 30 and sum(made.values()) == 30
    assert made["pdf"] == 4 and made["docx"] == 7 and made["text"] == 19
    assert len({f.read_bytes() for f in files}) == 30


def test_table_pages_of_the_real_pdfs():
    def pages(name: str) -> set[int]:
        path = SAMPLES / "pdf" / name
        return bench.table_pages(pdf_reader.read(str(path), path.read_bytes(), ""))

    assert pages("kontum-cchc-2025.pdf") == set()          # all prose
    assert pages("kontum-78-qd-ubnd-2025.pdf") == set(range(11, 18))     # Phụ lục II task table
    assert pages("gialai-628-qd-ubnd-2024.pdf") == set(range(3, 13))      # the task table, pages 3-12
    assert pages("khanhhoa-bqlkkt-cctthc-2025.pdf") == {8, 9, 10}         # the targets appendix


def test_ingest_with_two_jobs_stores_what_one_job_stores(tmp_path):
    """The store benchmark relies on ``kehoach ingest --jobs 2``."""
    import sqlite3
    import subprocess

    files = [str(p) for p in bench.sample_files()["text"][:3]]

    def ingest(db: Path, jobs: str) -> list[tuple]:
        res = subprocess.run([str(bench.BIN / "kehoach"), "ingest", *files, "--db", str(db), "--jobs", jobs, "-q"],
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT d.path, t.category, t.value, t.line FROM targets t JOIN documents d "
                                "ON d.id = t.doc_id ORDER BY 1, 4, 2, 3").fetchall()

    one, two = ingest(tmp_path / "one.db", "1"), ingest(tmp_path / "two.db", "2")
    assert two == one and len(one) > 20
