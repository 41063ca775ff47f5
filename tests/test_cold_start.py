"""Cold start of ``kehoach parse`` (issue 5): what the start-up work-savers must not change.

* ``cli.main`` leaves through ``os._exit`` after a ``parse`` (no interpreter teardown): the output
  must still be complete on a pipe and in ``-o`` files, and every exit code must be the documented one.
* A document whose task cells are never split does not compile the agency cell vocabulary
  (only the abbreviation pattern that canonical names need).
"""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, SAMPLES, run_cli

QD78 = SAMPLES / "kontum-78-qd-ubnd-2025.txt"
CCHC = SAMPLES / "kontum-cchc-2025.md"


def test_parse_output_complete_on_a_pipe():
    p = run_cli("parse", str(QD78))
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)                      # the whole JSON arrived (flushed before exiting)
    assert doc["document"]["number"] == "78/QĐ-UBND"
    assert doc["document"]["province"] == "kontum"
    assert len(doc["tasks"]) == 13
    assert p.stdout.endswith(b"}\n")


def test_parse_output_file_same_as_stdout(tmp_path):
    out = tmp_path / "plan.json"
    p = run_cli("parse", str(CCHC), "-o", str(out))
    assert p.returncode == 0 and p.stdout == b""
    q = run_cli("parse", str(CCHC))
    assert out.read_bytes() == q.stdout
    assert len(json.loads(q.stdout)["tasks"]) == 34


def test_parse_exit_codes_kept():
    p = run_cli("parse", str(ROOT / "no-such-plan.txt"))
    assert p.returncode == 3
    assert p.stderr.decode().strip().endswith("no-such-plan.txt: no such file")
    p = run_cli("parse", "--format", "xml", str(QD78))
    assert p.returncode == 2
    assert p.stderr.decode().startswith("kehoach: error: unknown --format 'xml'")
    p = run_cli("parse", "-q", "--format", "jsonl", str(QD78), str(ROOT / "no-such-plan.txt"))
    assert p.returncode == 1                         # several inputs, one failed
    lines = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert lines[0]["document"]["number"] == "78/QĐ-UBND"
    assert lines[1]["error"]["code"] == 3


def test_prose_tasks_do_not_compile_the_cell_vocabulary():
    code = ("import kehoach, sys; from kehoach import agencies; p = kehoach.parse(sys.argv[1]); "
            "print(len(p.tasks), agencies._vocab.cache_info().currsize, agencies._abbreviations.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code, str(CCHC)], capture_output=True, cwd=ROOT, timeout=120,
                         check=True).stdout.split()
    assert out == [b"34", b"0", b"1"]                # 34 prose tasks, canonical names expanded
