#!/usr/bin/env python3
"""`make score`: every shared corpus by every metric, in ONE table.

Runs ../shared/tools/score.py (the scorer the project is measured with) once per corpus with
`--json`, then prints a Markdown table: one row per corpus, one column per metric. A metric whose
gold has nothing to find in that corpus (no task table, no count target) prints "–" rather than a
meaningless 0 or 1. With `--readme README.md` the table also replaces the one between the
`<!-- score:begin -->` / `<!-- score:end -->` markers of the README's "Accuracy" section.

    python3 bench/score_table.py [--shared ../shared] [--readme README.md] [--jobs 2]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# (name shown, what it is, score.py arguments relative to the shared folder)
CORPORA = [
    ("seeds (text)", "the five original documents as text extractions", ["--gold", "gold", "--docs", "seeds"]),
    ("seeds as PDF", "the seeds typeset as PDF (and a scan)", ["--render", "pdf"]),
    ("seeds as DOCX", "the seeds typeset as Word files", ["--render", "docx"]),
    ("Lâm Đồng drafts", "real Word drafts (DOCX, DOC)", ["--gold", "gold-corpus", "--docs", "corpus"]),
    ("dev text", "real website scrapes and gazette text extractions", ["--gold", "dev/gold", "--docs", "dev/text"]),
    ("dev pdf", "real official-gazette PDFs", ["--render", "pdf", "--gold", "dev/gold-pdf", "--docs", "dev/pdf"]),
]
METRICS = [("task_f1", "task F1", "tasks"), ("task_field_acc", "field acc", "tasks"),
           ("pct_target_f1", "% target F1", "percent"), ("count_target_f1", "count target F1", "count"),
           ("doc_acc", "header", None), ("section_f1", "sections", None)]


def _run(shared: Path, project: Path, args: list[str]) -> dict:
    fixed = [str(shared / a) if prev in ("--gold", "--docs") else a for prev, a in zip([""] + args, args)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        proc = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), "--project", str(project),
                               "--json", str(out), *fixed], capture_output=True, text=True)
        if proc.returncode != 0 or not out.exists():
            return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["score.py failed"]}
        return json.loads(out.read_text())


def _gold_counts(results: dict) -> dict:
    n = {"tasks": 0, "percent": 0, "count": 0}
    for r in results.values():
        if "error" in r:
            continue
        n["tasks"] += (r.get("tasks") or {}).get("gold", 0)
        n["percent"] += r["targets"]["percent"]["gold"]
        n["count"] += r["targets"]["count"]["gold"]
    return n


def table(shared: Path, project: Path, jobs: int = 2) -> str:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        runs = list(pool.map(lambda c: _run(shared, project, c[2]), CORPORA))
    head = "| corpus | docs | " + " | ".join(m[1] for m in METRICS) + " |"
    lines = [head, "|" + "---|" * (len(METRICS) + 2)]
    for (name, _what, _args), run in zip(CORPORA, runs):
        if "error" in run:
            lines.append(f"| {name} | error: {' '.join(run['error'])} |")
            continue
        s, gold = run["summary"], _gold_counts(run["results"])
        cells = ["–" if need and not gold[need] else f"{s[key]:.3f}" for key, _label, need in METRICS]
        lines.append(f"| {name} | {s['docs']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--project", default=".")
    ap.add_argument("--readme", default=None, help="also write the table into this README's Accuracy section")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    shared = Path(a.shared).resolve()
    if not (shared / "tools" / "score.py").exists():
        print(f"score: {shared}/tools/score.py not found (the shared corpora sit beside the checkout)", file=sys.stderr)
        return 2
    text = table(shared, Path(a.project).resolve(), a.jobs)
    print(text)
    if a.readme:
        readme = Path(a.readme)
        body = readme.read_text(encoding="utf-8")
        begin, end = "<!-- score:begin -->", "<!-- score:end -->"
        if begin in body and end in body:
            pre, rest = body.split(begin, 1)
            _old, post = rest.split(end, 1)
            tmp = readme.with_suffix(".md.tmp")
            tmp.write_text(f"{pre}{begin}\n{text}\n{end}{post}", encoding="utf-8")
            tmp.replace(readme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
