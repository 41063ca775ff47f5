"""`kehoach parse` in shell pipelines and CI: many inputs, stdin, -o DIR, JSONL, --jobs, --timeout,
progress only on a terminal, exit codes, and a start-up that imports nothing heavy."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, run_cli
from kehoach import batch

QD78 = SAMPLES / "kontum-78-qd-ubnd-2025.txt"
GIALAI = SAMPLES / "gialai-628-qd-ubnd-2024.md"
PHULUC = SAMPLES / "kontum-78-phu-luc-ii-2025.txt"
QD78_PDF = SAMPLES / "pdf" / "kontum-78-qd-ubnd-2025.pdf"


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """A file that claims to be a PDF and is not one."""
    p = tmp_path_factory.mktemp("bad") / "broken.pdf"
    p.write_bytes(b"%PDF-1.7\n" + b"\x00garbage\xff" * 200)
    return p


def _lines(b: bytes) -> list[str]:
    return [x for x in b.decode("utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module")
def jsonl_run(broken):
    """A batch with a bad file in the middle, two workers, JSONL on stdout."""
    return run_cli("parse", str(QD78), str(broken), str(GIALAI), str(PHULUC), "--format", "jsonl", "--jobs", "2")


def test_batch_bad_file_in_the_middle_jsonl(jsonl_run, broken):
    p = jsonl_run
    assert p.returncode == 1, p.stderr
    recs = [json.loads(x) for x in _lines(p.stdout)]
    assert len(p.stdout.decode().splitlines()) == 4          # one line per document, nothing else
    # input order, whatever finished first
    assert [r.get("source", {}).get("path") for r in recs] == [str(QD78), None, str(GIALAI), str(PHULUC)]
    assert recs[0]["document"]["number"] == "78/QĐ-UBND"
    assert recs[2]["document"]["number"] == "628/QĐ-UBND"
    assert recs[2]["document"]["date"] == "2024-12-27"
    assert recs[1] == {"error": {"path": str(broken), "message": recs[1]["error"]["message"], "code": 3}}
    assert "PDF" in recs[1]["error"]["message"]
    err = _lines(p.stderr)
    assert err[0] == f"kehoach: error: {broken}: {recs[1]['error']['message']}"
    assert err[-1].startswith("kehoach: 4 documents, 3 parsed, 1 failed")
    assert err[-1].endswith(str(broken))
    assert len(err) == 2 and "Traceback" not in p.stderr.decode()


def test_jsonl_is_the_json_object_on_one_line(jsonl_run):
    one = run_cli("parse", str(QD78), "--format", "json")
    assert one.returncode == 0
    assert json.loads(one.stdout) == json.loads(_lines(jsonl_run.stdout)[0])


def test_batch_to_folder_keeps_going(tmp_path, broken):
    out = tmp_path / "out"
    p = run_cli("parse", str(QD78), str(broken), str(GIALAI), "-o", str(out), "--format", "csv", "-q")
    assert p.returncode == 1
    assert p.stdout == b""                                      # data went to the folder
    assert sorted(x.name for x in out.iterdir()) == ["gialai-628-qd-ubnd-2024.csv", "kontum-78-qd-ubnd-2025.csv"]
    assert (out / "gialai-628-qd-ubnd-2024.csv").read_bytes().startswith(b"\xef\xbb\xbfref,group,content")
    err = _lines(p.stderr)                                      # -q: the error line, no summary
    assert len(err) == 1 and err[0].startswith(f"kehoach: error: {broken}: corrupt or truncated PDF")


def test_folder_input_mirrors_tree_and_names_do_not_collide(tmp_path):
    src = tmp_path / "plans"
    (src / "sub").mkdir(parents=True)
    (src / "plan.txt").write_bytes(QD78.read_bytes())
    (src / "plan.md").write_bytes(GIALAI.read_bytes())
    (src / "sub" / "plan.txt").write_bytes(PHULUC.read_bytes())
    (src / "notes.xlsx").write_bytes(b"not a document suffix: skipped")
    out = tmp_path / "out"
    p = run_cli("parse", str(src), "-o", str(out) + "/", "-q")
    assert p.returncode == 0, p.stderr
    got = sorted(str(x.relative_to(out)) for x in out.rglob("*") if x.is_file())
    assert got == ["plan.json", "plan.txt.json", "sub/plan.json"]
    assert json.loads((out / "plan.json").read_text())["source"]["format"] == "md"      # plan.md sorts first
    assert json.loads((out / "plan.txt.json").read_text())["document"]["number"] == "78/QĐ-UBND"


def test_output_names_unit():
    items = [batch.Item(0, "a/plan.pdf"), batch.Item(1, "b/plan.pdf"), batch.Item(2, "c/plan.pdf"),
             batch.Item(3, "<stdin>", data=b"x"), batch.Item(4, "d/x/y.docx", root=Path("d"))]
    batch.output_names(items, Path("out"), ".json")
    assert [str(i.out) for i in items] == ["out/plan.json", "out/plan.pdf.json", "out/plan-2.json",
                                           "out/stdin.json", "out/x/y.json"]


def test_several_documents_to_stdout_csv_is_one_table():
    p = run_cli("parse", str(QD78), str(GIALAI), "--format", "csv", "-q")
    assert p.returncode == 0, p.stderr
    text = p.stdout.decode("utf-8")
    assert text.count("\ufeff") == 1 and text.startswith("\ufeffpath,ref,group,content")
    assert text.count("path,ref,group") == 1
    assert str(QD78) in text and str(GIALAI) in text


def test_stdin_text_and_pdf_are_sniffed():
    p = run_cli("parse", "-", input=QD78.read_bytes())
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["source"]["path"] == "<stdin>" and d["source"]["format"] == "txt"
    assert d["document"]["number"] == "78/QĐ-UBND"
    p = run_cli("parse", "-", "--format", "jsonl", input=QD78_PDF.read_bytes())
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["source"]["format"] == "pdf" and d["source"]["pages"] == 17
    assert d["document"]["number"] == "78/QĐ-UBND" and d["document"]["date"] == "2025-02-06"


def test_stdin_input_format_forces_the_reader():
    p = run_cli("parse", "-", "--input-format", "md", input=GIALAI.read_bytes())
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["source"]["format"] == "md"
    p = run_cli("parse", "-", "--input-format", "pdf", input=QD78.read_bytes())   # text forced through the PDF reader
    assert p.returncode == 3
    assert _lines(p.stderr)[0].startswith("kehoach: error: <stdin>: ")


def test_stdin_scanned_pdf_exit_4():
    from bad_inputs import make_image_only_pdf

    p = run_cli("parse", "-", input=make_image_only_pdf())
    assert p.returncode == 4
    assert len(_lines(p.stderr)) == 1 and "scanned" in p.stderr.decode()


@pytest.mark.parametrize("args", [
    ["--format", "xml"], ["--jobs", "0"], ["--timeout", "-1"], ["--input-format", "odt"], ["-", "-"],
])
def test_usage_errors_exit_2(args):
    p = run_cli("parse", str(QD78), *args)
    assert p.returncode == 2
    assert _lines(p.stderr)[0].startswith("kehoach: error: ")


def test_several_inputs_need_a_folder(tmp_path):
    f = tmp_path / "all.json"
    f.write_text("{}")
    p = run_cli("parse", str(QD78), str(GIALAI), "-o", str(f))
    assert p.returncode == 2 and "folder" in p.stderr.decode()
    assert f.read_text() == "{}"
    j = tmp_path / "all.jsonl"                                  # JSONL collects every record in one file
    p = run_cli("parse", str(QD78), str(GIALAI), "-o", str(j), "-q")
    assert p.returncode == 0, p.stderr
    assert [json.loads(x)["document"]["number"] for x in j.read_text().splitlines()] == ["78/QĐ-UBND", "628/QĐ-UBND"]


def test_single_missing_file_keeps_its_own_code():
    p = run_cli("parse", "no/such/plan.pdf")
    assert p.returncode == 3
    assert _lines(p.stderr) == ["kehoach: error: no/such/plan.pdf: no such file"]


# --- the time limit ---------------------------------------------------------------------------------------

def test_timeout_kills_the_hung_worker_and_the_batch_goes_on(monkeypatch):
    monkeypatch.setenv(batch.TEST_SLEEP_ENV, "phu-luc=60")
    items = [batch.Item(i, str(p)) for i, p in enumerate([QD78, PHULUC, GIALAI])]
    res = list(batch.run(items, batch.Options(fmt="jsonl"), jobs=2, timeout=5.0))
    assert [r.index for r in res] == [0, 1, 2]
    assert [r.ok for r in res] == [True, False, True]
    assert "timed out after 5 s" in res[1].message and res[1].code == 3
    assert json.loads(res[2].text)["document"]["number"] == "628/QĐ-UBND"


def test_timeout_single_file_cli():
    p = run_cli("parse", str(PHULUC), "--timeout", "0.5", env={batch.TEST_SLEEP_ENV: "phu-luc=60"})
    assert p.returncode == 3
    assert _lines(p.stderr) == [f"kehoach: error: {PHULUC}: timed out after 0.5 s (see --timeout); "
                                "parsing abandoned"]
    assert p.stdout == b""


def test_without_time_limit_parses_in_process():
    res = list(batch.run([batch.Item(0, str(QD78))], batch.Options(), jobs=1, timeout=0))
    assert res[0].ok and json.loads(res[0].text)["document"]["number"] == "78/QĐ-UBND"


# --- progress and colour ----------------------------------------------------------------------------------

class _Tty:
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("env,quiet,n,shown", [
    ({}, False, 2, True), ({}, False, 1, False), ({}, True, 5, False),
    ({"NO_COLOR": "1"}, False, 5, False), ({"CI": "true"}, False, 5, False),
])
def test_wants_progress(monkeypatch, env, quiet, n, shown):
    for k in ("NO_COLOR", "CI", "TERM"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert batch.wants_progress(quiet, n, _Tty()) is shown


def test_no_progress_or_colour_when_stderr_is_a_pipe(jsonl_run):
    assert b"\x1b" not in jsonl_run.stderr and b"\x1b" not in jsonl_run.stdout
    assert b"parsing" not in jsonl_run.stderr


def _run_with_tty_stderr(env: dict, folder: Path) -> tuple[int, bytes, bytes]:
    """Run a two-file batch with stderr on a pseudo-terminal; return (code, stdout, what the terminal got)."""
    import pty

    docs = []
    for name, text in (("a.txt", "KẾ HOẠCH\nCải cách hành chính năm 2025\n"), ("b.txt", "KẾ HOẠCH\nChuyển đổi số\n")):
        (folder / name).write_text(text, encoding="utf-8")
        docs.append(str(folder / name))

    master, slave = pty.openpty()
    e = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "TERM")}
    e.update(env, TERM="xterm", COLUMNS="100")
    proc = subprocess.Popen([sys.executable, "-m", "kehoach", "parse", *docs, "--format", "jsonl"],
                            stdout=subprocess.PIPE, stderr=slave, cwd=ROOT, env=e)
    os.close(slave)
    seen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if not chunk:
                return
            seen.extend(chunk)

    t = threading.Thread(target=drain, daemon=True)
    t.start()
    out, _ = proc.communicate(timeout=120)
    t.join(timeout=10)
    os.close(master)
    return proc.returncode, out, bytes(seen)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty")
def test_progress_bar_on_a_terminal_only_on_stderr(tmp_path):
    code, out, tty = _run_with_tty_stderr({}, tmp_path)
    assert code == 0
    assert b"parsing" in tty and b"\x1b[" in tty            # the rich bar was drawn on the terminal
    assert b"\x1b" not in out and len(out.splitlines()) == 2  # stdout: data only
    code, out, tty = _run_with_tty_stderr({"NO_COLOR": "1"}, tmp_path)
    assert code == 0 and b"\x1b" not in tty and b"parsing" not in tty
    assert b"2 documents, 2 parsed, 0 failed" in tty


# --- start-up -----------------------------------------------------------------------------------------------

HEAVY = ("pdfplumber", "pdfminer", "pypdfium2", "docx", "dateparser", "rich")


def _imported(args: list[str]) -> set[str]:
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "kehoach", *args], capture_output=True,
                       cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    mods = set()
    for line in p.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("import time:") and "|" in line:
            mods.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "kehoach" in mods
    return mods


def test_one_text_file_imports_nothing_heavy():
    mods = _imported(["parse", str(QD78)])       # includes the worker process: it inherits -X importtime
    assert "regex" in mods                        # sanity: the parse really ran
    assert not mods & set(HEAVY), mods & set(HEAVY)


def test_help_imports_nothing_heavy():
    mods = _imported(["--help"])
    assert not mods & {*HEAVY, "pydantic"}, mods & {*HEAVY, "pydantic"}


def test_empty_folder_is_an_input_error(tmp_path):
    p = run_cli("parse", str(tmp_path))
    assert p.returncode == 3
    assert _lines(p.stderr) == [f"kehoach: error: {tmp_path}: no documents found "
                                "(kehoach reads .pdf, .docx, .doc, .txt, .md, .html)"]
