"""Cold start of ``kehoach parse`` (issue 5): what the start-up work-savers must not change.

* A plain ``kehoach parse FILE...`` (paths only) runs ``batch.main`` without building the typer
  application (``launch.py``); anything with an option goes through typer. Both must behave the same,
  and the typer options must declare ``batch.main``'s defaults.
* ``cli.main`` leaves through ``os._exit`` after a ``parse`` (no interpreter teardown): the output
  must still be complete on a pipe and in ``-o`` files, and every exit code must be the documented one.
* A document whose task cells are never split does not compile the agency cell vocabulary
  (only the abbreviation pattern that canonical names need).
"""
from __future__ import annotations

import inspect
import json
import subprocess
import sys

import typer.models

from conftest import ROOT, SAMPLES, run_cli

QD78 = SAMPLES / "kontum-78-qd-ubnd-2025.txt"
CCHC = SAMPLES / "kontum-cchc-2025.md"


def test_parse_output_complete_on_a_pipe():
    p = run_cli("parse", str(QD78))
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)                      # the whole JSON arrived (flushed before exiting)
    assert doc["document"]["number"] == "78/QĐ-UBND"
    assert doc["document"]["province"] == "kontum"
    assert len(doc["tasks"]) == 12
    assert p.stdout.endswith(b"}\n")


def test_parse_output_file_same_as_stdout(tmp_path):
    out = tmp_path / "plan.json"
    p = run_cli("parse", str(CCHC), "-o", str(out))
    assert p.returncode == 0 and p.stdout == b""
    q = run_cli("parse", str(CCHC))
    assert out.read_bytes() == q.stdout
    assert len(json.loads(q.stdout)["tasks"]) == 37


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
    assert out == [b"37", b"0", b"1"]                # 37 prose tasks, canonical names expanded


def _modules_loaded(*args: str) -> set[str]:
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "kehoach", *args], capture_output=True,
                       cwd=ROOT, timeout=120)
    return {ln.rsplit("|", 1)[1].strip() for ln in p.stderr.decode().splitlines()
            if ln.startswith("import time:") and "|" in ln}


def test_plain_parse_skips_typer_and_an_option_does_not():
    plain = _modules_loaded("parse", str(QD78))
    assert "kehoach.batch" in plain and "kehoach.pipeline" in plain
    assert not {m for m in plain if m == "typer" or m.startswith(("typer.", "kehoach.cli"))}
    with_option = _modules_loaded("parse", "-q", str(QD78))
    assert "typer" in with_option and "kehoach.cli" in with_option


def test_plain_and_typer_paths_give_the_same_output():
    plain = run_cli("parse", str(QD78), str(CCHC))
    typed = run_cli("parse", "--format", "json", "--timeout", "120", str(QD78), str(CCHC))
    assert plain.returncode == typed.returncode == 0
    assert plain.stdout == typed.stdout and plain.stdout.count(b'"document"') == 2


def test_typer_options_declare_batch_main_defaults():
    from kehoach import batch, cli

    cmd = next(c for c in cli.app.registered_commands if c.callback.__name__ == "parse")
    declared = {}
    for name, param in inspect.signature(cmd.callback).parameters.items():
        if isinstance(param.default, typer.models.OptionInfo):
            declared[name] = param.default.default
    defaults = {n: p.default for n, p in inspect.signature(batch.main).parameters.items()
                if p.default is not inspect.Parameter.empty and n != "debug"}
    assert declared == defaults, (declared, defaults)


def test_plain_parse_errors_like_the_typer_path():
    missing = str(ROOT / "no-such-plan.txt")
    plain, typed = run_cli("parse", missing), run_cli("parse", "-q", missing)
    assert plain.returncode == typed.returncode == 3
    assert plain.stderr == typed.stderr
