"""The command line end to end: formats, outputs, and bad input (one line, documented exit codes)."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from conftest import SAMPLES, run_cli

SEED = str(SAMPLES / "kontum-78-qd-ubnd-2025.txt")


def _one_error_line(p, path_fragment: str) -> str:
    err = p.stderr.decode("utf-8")
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("kehoach: error: "), err
    assert path_fragment in lines[0]
    assert "Traceback" not in err
    return lines[0]


def test_parse_json_follows_contract():
    p = run_cli("parse", SEED)
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["schema_version"] == "1"
    assert set(d) >= {"schema_version", "source", "document", "sections", "tasks", "targets", "warnings"}
    assert d["source"]["format"] == "txt"
    assert len(d["source"]["sha256"]) == 64
    for key in ("doc_type", "number", "issuer", "province", "place", "date", "title", "signer", "legal_bases",
                "recipients"):
        assert key in d["document"]


def test_python_api_and_module_entry_point():
    import kehoach

    plan = kehoach.parse(SEED)
    assert isinstance(plan, kehoach.Plan)
    assert plan.source.path.endswith("kontum-78-qd-ubnd-2025.txt")


def test_schema_command_describes_models():
    p = run_cli("schema")
    assert p.returncode == 0
    s = json.loads(p.stdout)
    assert set(s["properties"]) >= {"schema_version", "source", "document", "sections", "tasks", "targets",
                                    "warnings"}
    assert "Deadline" in s["$defs"] and "kind" in s["$defs"]["Deadline"]["properties"]


def test_csv_has_bom_and_flattened_deadline(tmp_path):
    out = tmp_path / "tasks.csv"
    p = run_cli("parse", str(SAMPLES / "gialai-628-qd-ubnd-2024.md"), "-o", str(out))
    assert p.returncode == 0, p.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ref", "group", "content"]
    assert {"deadline_text", "deadline_kind", "deadline_start", "deadline_end", "deadline_rrule"} <= set(rows[0])


@pytest.mark.parametrize("table,first", [("sections", "ref"), ("targets", "category")])
def test_csv_tables(table, first):
    p = run_cli("parse", SEED, "--format", "csv", "--table", table)
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode("utf-8-sig").splitlines()[0].split(",")[0] == first


def test_markdown_report_from_suffix(tmp_path):
    out = tmp_path / "plan.md"
    p = run_cli("parse", SEED, "-o", str(out))
    assert p.returncode == 0, p.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "## Bố cục" in text


def test_text_command_numbers_lines():
    p = run_cli("text", SEED)
    assert p.returncode == 0
    lines = p.stdout.decode("utf-8").splitlines()
    assert lines[2].split(None, 1) == ["3", "QUYẾT ĐỊNH"]


# --- bad input -------------------------------------------------------------------------------

def test_missing_file():
    p = run_cli("parse", "no/such/file.pdf")
    assert p.returncode == 3
    assert "no such file" in _one_error_line(p, "no/such/file.pdf")


def test_directory(tmp_path):
    p = run_cli("parse", str(tmp_path))
    assert p.returncode == 3
    assert "directory" in _one_error_line(p, str(tmp_path))


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    p = run_cli("parse", str(f))
    assert p.returncode == 3
    assert "empty" in _one_error_line(p, "empty.txt")


def test_binary_garbage(tmp_path):
    import random

    rnd = random.Random(7)
    f = tmp_path / "garbage.txt"
    f.write_bytes(bytes(rnd.randrange(256) for _ in range(4096)))
    p = run_cli("parse", str(f))
    assert p.returncode == 3
    _one_error_line(p, "garbage.txt")


def test_truncated_pdf(tmp_path):
    data = (SAMPLES / "pdf" / "kontum-cchc-2025.pdf").read_bytes()
    f = tmp_path / "truncated.pdf"
    f.write_bytes(data[: len(data) // 3])
    p = run_cli("parse", str(f))
    # a truncated PDF may still have readable pages; if not, it is a one-line error
    if p.returncode != 0:
        assert p.returncode == 3
        _one_error_line(p, "truncated.pdf")


def test_corrupt_pdf(tmp_path):
    f = tmp_path / "corrupt.pdf"
    f.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200)
    p = run_cli("parse", str(f))
    assert p.returncode == 3
    _one_error_line(p, "corrupt.pdf")


def test_docx_that_is_not_a_zip(tmp_path):
    f = tmp_path / "fake.docx"
    f.write_text("Kế hoạch này không phải là tệp Word", encoding="utf-8")
    p = run_cli("parse", str(f))
    # sniffed as text: a renamed text file is read as what it really is
    assert p.returncode == 0, p.stderr


def test_zip_that_is_not_a_docx(tmp_path):
    f = tmp_path / "other.docx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("hello.txt", "xin chào")
    p = run_cli("parse", str(f))
    assert p.returncode == 3
    _one_error_line(p, "other.docx")


def test_unknown_extension(tmp_path):
    f = tmp_path / "plan.xyz"
    f.write_text("KẾ HOẠCH", encoding="utf-8")
    p = run_cli("parse", str(f))
    assert p.returncode == 3
    assert "unknown file type" in _one_error_line(p, "plan.xyz")


def test_usage_errors_exit_2():
    assert run_cli("parse", SEED, "--format", "yaml").returncode == 2
    assert run_cli("parse", SEED, "--bogus-option").returncode == 2
    assert run_cli("parse", SEED, "--input-format", "xls").returncode == 2


def test_debug_shows_traceback():
    p = run_cli("--debug", "parse", "no/such/file.pdf")
    assert p.returncode == 3


def test_tasks_command_on_files_matches_agency_without_diacritics():
    p = run_cli("tasks", str(SAMPLES / "gialai-628-qd-ubnd-2024.md"), "--agency", "so tu phap", "--format", "json")
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert rows and all("Sở Tư pháp" in r["lead"] + r["support"] for r in rows)
    p = run_cli("tasks", str(SAMPLES / "gialai-628-qd-ubnd-2024.md"), "--due-before", "2025-01-31", "--format",
                "json")
    due = json.loads(p.stdout)
    assert {r["deadline_text"] for r in due} >= {"Trước ngày 05/01/2025", "Trước ngày 31/01/2025"}
    assert all(r["deadline_end"] <= "2025-01-31" for r in due)
    assert run_cli("tasks", SEED, "--due-before", "31/01/2025").returncode == 2


def test_targets_command_on_files_groups_by_category():
    p = run_cli("targets", str(SAMPLES / "khanhhoa-bqlkkt-cctthc-2025.txt"), "--category", "online_dossier_rate",
                "--format", "json")
    rows = json.loads(p.stdout)
    assert {(r["comparator"], r["value"]) for r in rows} == {(">=", 80.0), (">=", 60.0)}
    table = run_cli("targets", str(SAMPLES / "khanhhoa-bqlkkt-cctthc-2025.txt"), "--format", "table")
    out = table.stdout.decode()
    assert "online_dossier_rate" in out and ">= 60%" in out


def test_summary_lists_every_sample():
    p = run_cli("summary", str(SAMPLES / "kontum-78-qd-ubnd-2025.txt"), str(SAMPLES / "gialai-628-qd-ubnd-2024.md"))
    assert p.returncode == 0
    out = p.stdout.decode()
    assert "78/QĐ-UBND" in out and "628/QĐ-UBND" in out
