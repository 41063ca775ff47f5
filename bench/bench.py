"""kehoach benchmark (``make bench``): throughput, PDF speed against pdfplumber, start-up, memory, store.

One run, on this machine, measures:

* **throughput** -- every file in ``samples/`` (text / Markdown, DOCX, DOC, PDF) parsed ``--repeat``
  times in this process (after one warm-up parse); per format documents/s, MB/s (text) and pages/s (PDF),
  from the median time of each document.
* **PDF against pdfplumber** -- on the same PDFs in the same run: pdfplumber's own ``Page.extract_text``
  and ``Page.extract_tables`` timed page by page, and kehoach's PDF reader timed page by page (by
  wrapping its per-page functions). Pages are split into *table pages* (pages a table row of kehoach's
  output lies on) and *prose pages* (all others); kehoach's time on each group is given as a ratio of
  pdfplumber's time on exactly the same pages. The reader's per-document overhead (opening, assembling
  blocks) is shared out over the pages. The whole ``kehoach.parse`` (reader + all stages) is reported too.
* **cold start** -- ``kehoach --help``, ``python -m kehoach --help`` and a one-file text parse, each run
  as a fresh process several times (taking turns): the median wall time; beside them, as references,
  ``python -c pass`` and python + pydantic with one model (the floor of any pydantic-based command).
* **peak memory** -- per document, a child process parses it once and reports its own
  ``getrusage(RUSAGE_SELF).ru_maxrss`` (peak resident set of the whole process: interpreter, imports,
  parse) and the ``tracemalloc`` peak of the parse alone (Python-side allocations).
* **store** -- a corpus of ``--store-size`` documents (the text samples with their numbers changed, plus
  real PDF / DOCX copies made unique without breaking them) ingested with ``kehoach ingest --jobs N``,
  then ``kehoach targets --category online_dossier_rate --format json`` on it, timed.

It prints a table and writes every figure to ``bench/out/bench.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
OUT = ROOT / "bench" / "out" / "bench.json"
BIN = Path(sys.executable).parent
TEXT_SUFFIXES = (".txt", ".md")
FORMATS = ("text", "docx", "doc", "pdf")
# Targets from the issue: ratios, since the machine is shared and noisy.
TARGETS = {"prose_vs_extract_text": 0.1, "tables_vs_extract_tables": 1.0, "cold_start_s": 0.3, "peak_mb": 300.0}
_NUMBER = re.compile(r"\d+")
QUERY_CATEGORY = "online_dossier_rate"


# --------------------------------------------------------------------------- helpers

def median_time(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` calls of ``fn`` (seconds)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def sample_files(root: Path = SAMPLES) -> dict[str, list[Path]]:
    """The benchmark's inputs per format: every document in ``samples/`` (not its README)."""
    text = sorted(p for p in root.glob("*") if p.suffix in TEXT_SUFFIXES and p.name.lower() != "readme.md")
    return {"text": text, "docx": sorted(root.glob("docx/*.docx")), "doc": sorted(root.glob("doc/*.doc")),
            "pdf": sorted(root.glob("pdf/*.pdf"))}


def has_soffice() -> bool:
    """``.doc`` needs LibreOffice; without it the DOC row is skipped."""
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


# --------------------------------------------------------------------------- throughput

def throughput(files: dict[str, list[Path]], repeat: int) -> dict[str, dict]:
    """Per format: documents/s, MB/s, pages/s from the median in-process parse time of each document."""
    import kehoach

    out: dict[str, dict] = {}
    for fmt, paths in files.items():
        if not paths or (fmt == "doc" and not has_soffice()):
            continue
        docs = []
        for p in paths:
            plan = kehoach.parse(p)                 # warm-up: imports, vocabularies, caches
            t = median_time(lambda p=p: kehoach.parse(p), repeat)
            docs.append({"file": str(p.relative_to(ROOT)), "seconds": t, "bytes": p.stat().st_size,
                         "pages": plan.source.pages or 0, "tasks": len(plan.tasks), "targets": len(plan.targets)})
        total = sum(d["seconds"] for d in docs)
        mb = sum(d["bytes"] for d in docs) / 1e6
        pages = sum(d["pages"] for d in docs)
        out[fmt] = {"documents": len(docs), "seconds": total, "docs_per_s": len(docs) / total,
                    "mb_per_s": mb / total, "pages": pages, "pages_per_s": pages / total if pages else None,
                    "per_document": docs}
    return out


# --------------------------------------------------------------------------- PDF vs pdfplumber

def _kehoach_pages(path: Path) -> tuple[list[float], float, Any]:
    """One run of kehoach's PDF reader: seconds per page (its page functions wrapped), total, RawDoc."""
    from kehoach.readers import pdf as reader

    per_page: dict[int, float] = {}
    originals = {name: getattr(reader, name) for name in ("_pdfium_page", "_plumber_page")}

    def wrap(name: str) -> Callable:
        fn = originals[name]

        def timed(page: Any, number: int, *rest: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(page, number, *rest)
            finally:
                per_page[number] = per_page.get(number, 0.0) + time.perf_counter() - t
        return timed

    data = path.read_bytes()
    for name in originals:
        setattr(reader, name, wrap(name))
    try:
        t = time.perf_counter()
        raw = reader.read(str(path), data, "")
        total = time.perf_counter() - t
    finally:
        for name, fn in originals.items():
            setattr(reader, name, fn)
    pages = [per_page.get(i + 1, 0.0) for i in range(raw.pages)]
    overhead = max(0.0, total - sum(pages)) / max(1, raw.pages)     # open + assemble, shared out
    return [p + overhead for p in pages], total, raw


def _plumber_pages(path: Path, method: str) -> list[float]:
    """Seconds per page of pdfplumber's ``Page.<method>()`` (a fresh ``pdfplumber.open`` per run)."""
    import pdfplumber

    times = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            t = time.perf_counter()
            getattr(page, method)()
            times.append(time.perf_counter() - t)
            page.close()
    return times


def _median_pages(runs: list[list[float]]) -> list[float]:
    return [statistics.median(col) for col in zip(*runs)]


def table_pages(raw: Any) -> set[int]:
    """Pages on which kehoach's reader found a table (any row of a table block lies on them)."""
    pages: set[int] = set()
    for b in raw.blocks:
        if b.kind == "table":
            for r in b.rows:
                pages.update(r.pages or [r.page])
    return pages


def pdf_vs_pdfplumber(paths: list[Path], repeat: int) -> dict:
    """kehoach's reader against pdfplumber on the same pages, prose pages and table pages apart."""
    import kehoach

    docs = []
    sums = {k: 0.0 for k in ("prose_k", "prose_text", "table_k", "table_tables", "table_text", "all_k",
                             "all_text", "all_tables", "parse")}
    counts = {"prose": 0, "table": 0, "plumber_table_pages": 0}
    for p in paths:
        _kehoach_pages(p)                                   # warm-up
        runs = [_kehoach_pages(p) for _ in range(repeat)]
        k_pages = _median_pages([r[0] for r in runs])
        raw = runs[0][2]
        text_pages = _median_pages([_plumber_pages(p, "extract_text") for _ in range(repeat)])
        tab_pages = _median_pages([_plumber_pages(p, "extract_tables") for _ in range(repeat)])
        parse_s = median_time(lambda p=p: kehoach.parse(p), repeat)
        tables = table_pages(raw)
        import pdfplumber

        with pdfplumber.open(p) as pdf:
            plumber_tables = {i + 1 for i, pg in enumerate(pdf.pages) if pg.find_tables()}
        prose = [i for i in range(1, raw.pages + 1) if i not in tables]
        d = {"file": str(p.relative_to(ROOT)), "pages": raw.pages, "table_pages": sorted(tables),
             "pdfplumber_table_pages": sorted(plumber_tables),
             "kehoach_reader_s": statistics.median(r[1] for r in runs), "kehoach_parse_s": parse_s,
             "extract_text_s": sum(text_pages), "extract_tables_s": sum(tab_pages),
             "prose_kehoach_s": sum(k_pages[i - 1] for i in prose),
             "prose_extract_text_s": sum(text_pages[i - 1] for i in prose),
             "table_kehoach_s": sum(k_pages[i - 1] for i in tables),
             "table_extract_tables_s": sum(tab_pages[i - 1] for i in tables),
             "table_extract_text_s": sum(text_pages[i - 1] for i in tables),
             "per_page": [{"page": i + 1, "table": (i + 1) in tables, "kehoach_s": k_pages[i],
                           "extract_text_s": text_pages[i], "extract_tables_s": tab_pages[i]}
                          for i in range(raw.pages)]}
        docs.append(d)
        counts["prose"] += len(prose)
        counts["table"] += len(tables)
        counts["plumber_table_pages"] += len(plumber_tables)
        for key, val in (("prose_k", d["prose_kehoach_s"]), ("prose_text", d["prose_extract_text_s"]),
                         ("table_k", d["table_kehoach_s"]), ("table_tables", d["table_extract_tables_s"]),
                         ("table_text", d["table_extract_text_s"]), ("all_k", d["kehoach_reader_s"]),
                         ("all_text", d["extract_text_s"]), ("all_tables", d["extract_tables_s"]),
                         ("parse", parse_s)):
            sums[key] += val

    def ratio(a: str, b: str) -> float | None:
        return sums[a] / sums[b] if sums[b] else None

    return {
        "prose_pages": counts["prose"], "table_pages": counts["table"],
        "pdfplumber_table_pages": counts["plumber_table_pages"], "seconds": sums,
        "prose_vs_extract_text": ratio("prose_k", "prose_text"),
        "tables_vs_extract_tables": ratio("table_k", "table_tables"),
        "tables_vs_extract_text": ratio("table_k", "table_text"),
        "reader_vs_extract_text": ratio("all_k", "all_text"),
        "parse_vs_extract_text": ratio("parse", "all_text"),
        "reader_pages_per_s": (counts["prose"] + counts["table"]) / sums["all_k"] if sums["all_k"] else None,
        "prose_pages_per_s": counts["prose"] / sums["prose_k"] if sums["prose_k"] else None,
        "table_pages_per_s": counts["table"] / sums["table_k"] if sums["table_k"] else None,
        "extract_text_pages_per_s": (counts["prose"] + counts["table"]) / sums["all_text"],
        "documents": docs,
    }


# --------------------------------------------------------------------------- cold start

_PYDANTIC_FLOOR = ("from pydantic import BaseModel\n"
                   "class M(BaseModel):\n    x: int = 1\n"
                   "M(x=2).model_dump_json()\n")


def cold_start(text_file: Path, runs: int) -> dict:
    """Median wall time of fresh processes: ``kehoach --help``, ``python -m kehoach --help``, a text
    parse, and two references measured alongside them -- ``python -c pass`` (the interpreter) and
    python + pydantic with one model dumped to JSON (the floor of any command that outputs pydantic
    records).  The commands take turns, run after run, so a change in the machine's load hits all
    of them alike."""
    exe = str(BIN / "kehoach")
    commands = {"kehoach --help": [exe, "--help"],
                "python -m kehoach --help": [sys.executable, "-m", "kehoach", "--help"],
                "kehoach parse <text>": [exe, "parse", str(text_file)],
                "python -c pass": [sys.executable, "-c", "pass"],
                "python + pydantic, one model": [sys.executable, "-c", _PYDANTIC_FLOOR]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)   # warm OS caches
    for _ in range(runs):
        for name, cmd in commands.items():
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - t)
    out: dict[str, Any] = {name: {"median_s": statistics.median(ts), "min_s": min(ts), "runs": runs}
                           for name, ts in times.items()}
    out["kehoach_share_s"] = out["kehoach parse <text>"]["median_s"] - out["python + pydantic, one model"]["median_s"]
    out["file"] = str(text_file.relative_to(ROOT))
    return out


# --------------------------------------------------------------------------- memory

def _child_memory(path: str, trace: bool) -> None:
    """In the child: parse ``path`` once (under tracemalloc when ``trace``), print peak figures as JSON."""
    import resource
    import tracemalloc

    import kehoach

    if trace:
        tracemalloc.start()
    t = time.perf_counter()
    kehoach.parse(path)
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    tracemalloc.stop()
    print(json.dumps({"maxrss_mb": _peak_rss_kb(resource) / 1024, "tracemalloc_peak_mb": peak,
                      "seconds": seconds}))


def _peak_rss_kb(resource: Any) -> float:
    """This process's peak resident set (KiB): VmHWM from /proc where there is one, else ru_maxrss.

    ru_maxrss of a freshly exec'd child can report its (larger) parent's peak on Linux; VmHWM
    belongs to the child's own address space.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def peak_memory(files: dict[str, list[Path]]) -> dict:
    """Per document, in a fresh child process: peak RSS (ru_maxrss) and tracemalloc peak of the parse."""
    def child(p: Path, trace: bool) -> dict:
        cmd = [sys.executable, __file__, "--child-memory", str(p)] + (["--trace"] if trace else [])
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
        return json.loads(res.stdout.strip().splitlines()[-1])

    docs = []
    largest = {}
    for fmt, paths in files.items():
        if not paths or (fmt == "doc" and not has_soffice()):
            continue
        for p in paths:
            d = child(p, trace=False)
            d.update(file=str(p.relative_to(ROOT)), format=fmt, bytes=p.stat().st_size)
            docs.append(d)
        big = max((d for d in docs if d["format"] == fmt), key=lambda d: d["bytes"])
        # tracemalloc slows a parse many times over: only on the largest file of each format
        big["tracemalloc_peak_mb"] = child(ROOT / big["file"], trace=True)["tracemalloc_peak_mb"]
        largest[fmt] = big
    worst = max(docs, key=lambda d: d["maxrss_mb"])
    return {"method": "child process per document: its peak RSS at its end (/proc/self/status VmHWM, else "
                      "getrusage(RUSAGE_SELF).ru_maxrss; whole process incl. interpreter and imports) and the "
                      "tracemalloc peak during kehoach.parse (Python-side allocations only; largest file per format)",
            "largest_per_format": largest, "max_maxrss_mb": worst["maxrss_mb"], "max_file": worst["file"],
            "documents": docs}


# --------------------------------------------------------------------------- store

def _vary_numbers(text: str, rng: random.Random) -> str:
    """The same document with its numbers changed (percentages stay within 0..100)."""
    def sub(m: re.Match) -> str:
        s = m.group(0)
        if len(s) >= 4:                       # years, document numbers: keep most of them
            return s if rng.random() < 0.8 else str(int(s) + rng.randint(1, 9))
        n = int(s)
        return str(min(100, max(0, n + rng.randint(-5, 5)))).zfill(len(s)) if n <= 100 else str(n + rng.randint(1, 99))
    return _NUMBER.sub(sub, text)


def _unique_pdf(src: Path, dst: Path, n: int) -> None:
    """A byte-different copy of a PDF: a comment line after %%EOF (readers ignore it)."""
    dst.write_bytes(src.read_bytes().rstrip(b"\r\n") + f"\n%kehoach-bench copy {n}\n".encode())


def _unique_docx(src: Path, dst: Path, n: int) -> None:
    """A byte-different copy of a DOCX: the same parts rewritten with a ZIP archive comment."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.comment = f"kehoach-bench copy {n}".encode()


def build_corpus(files: dict[str, list[Path]], size: int, folder: Path, binary_copies: int, seed: int = 1) -> dict:
    """``size`` distinct documents in ``folder``: ``binary_copies`` copies of each PDF and DOCX, the rest
    text samples with changed numbers (round robin)."""
    rng = random.Random(seed)
    made = {"pdf": 0, "docx": 0, "text": 0}
    n = 0
    for fmt, copier in (("pdf", _unique_pdf), ("docx", _unique_docx)):
        for k in range(binary_copies):
            for p in files[fmt]:
                if n >= size:
                    break
                copier(p, folder / f"{p.stem}-{k:03d}{p.suffix}", n)
                made[fmt] += 1
                n += 1
    texts = [(p, p.read_text(encoding="utf-8")) for p in files["text"]]
    i = 0
    while n < size:
        p, text = texts[i % len(texts)]
        (folder / f"{p.stem}-{i:04d}{p.suffix}").write_text(_vary_numbers(text, rng), encoding="utf-8")
        made["text"] += 1
        n += 1
        i += 1
    return made


def store_bench(files: dict[str, list[Path]], size: int, jobs: int, binary_copies: int, runs: int) -> dict:
    """Ingest a corpus of ``size`` documents with ``--jobs`` and time a targets query on it."""
    exe = str(BIN / "kehoach")
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        made = build_corpus(files, size, corpus, binary_copies)
        db = Path(tmp) / "store.db"
        t = time.perf_counter()
        res = subprocess.run([exe, "ingest", str(corpus), "--db", str(db), "--jobs", str(jobs), "--quiet"],
                             capture_output=True, text=True)
        ingest_s = time.perf_counter() - t
        summary = res.stderr.strip().splitlines()[-1] if res.stderr.strip() else ""
        query = [exe, "targets", "--category", QUERY_CATEGORY, "--db", str(db), "--format", "json"]
        rows = json.loads(subprocess.run(query, capture_output=True, text=True, check=True).stdout)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(query, stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - t)
        import sqlite3

        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            ntargets = conn.execute("SELECT count(*) FROM targets").fetchone()[0]
        return {"documents": size, "made": made, "jobs": jobs, "ingest_s": ingest_s,
                "ingest_docs_per_s": size / ingest_s, "ingest_exit": res.returncode, "ingest_summary": summary,
                "stored_documents": stored, "stored_targets": ntargets, "db_mb": db.stat().st_size / 1e6,
                "query": f"kehoach targets --category {QUERY_CATEGORY} --db STORE --format json",
                "query_rows": len(rows), "query_median_s": statistics.median(times), "query_runs": runs}


# --------------------------------------------------------------------------- report

def _f(v: Any, spec: str = ".2f") -> str:
    return "-" if v is None else format(v, spec)


def _check(value: float | None, target: float) -> str:
    return "-" if value is None else ("ok" if value <= target else "MISSED")


def report(res: dict) -> str:
    """The plain-text table printed on stdout."""
    lines = [f"kehoach benchmark  {res['date']}  {res['machine']['cpus']} cpus  python {res['machine']['python']}"
             f"  repeat={res['repeat']}", ""]
    lines.append(f"{'format':8s} {'docs':>5s} {'docs/s':>8s} {'MB/s':>8s} {'pages/s':>8s}")
    for fmt, t in res["throughput"].items():
        lines.append(f"{fmt:8s} {t['documents']:5d} {_f(t['docs_per_s']):>8s} {_f(t['mb_per_s'], '.3f'):>8s} "
                     f"{_f(t['pages_per_s'], '.1f'):>8s}")
    pdf = res.get("pdf")
    if pdf:
        s = pdf["seconds"]
        lines += ["", "PDF reader vs pdfplumber (same pages, same run; seconds are sums of per-page medians)",
                  f"  prose pages  {pdf['prose_pages']:3d}: kehoach {s['prose_k']:.3f} s, extract_text "
                  f"{s['prose_text']:.3f} s -> ratio {_f(pdf['prose_vs_extract_text'], '.3f')} "
                  f"(target <= {TARGETS['prose_vs_extract_text']}: "
                  f"{_check(pdf['prose_vs_extract_text'], TARGETS['prose_vs_extract_text'])})",
                  f"  table pages  {pdf['table_pages']:3d}: kehoach {s['table_k']:.3f} s, extract_tables "
                  f"{s['table_tables']:.3f} s -> ratio {_f(pdf['tables_vs_extract_tables'], '.3f')} "
                  f"(target <= {TARGETS['tables_vs_extract_tables']}: "
                  f"{_check(pdf['tables_vs_extract_tables'], TARGETS['tables_vs_extract_tables'])}); "
                  f"vs extract_text {_f(pdf['tables_vs_extract_text'], '.3f')}",
                  f"  all pages    {pdf['prose_pages'] + pdf['table_pages']:3d}: reader {s['all_k']:.3f} s "
                  f"({_f(pdf['reader_pages_per_s'], '.1f')} pages/s), extract_text {s['all_text']:.3f} s "
                  f"({_f(pdf['extract_text_pages_per_s'], '.1f')} pages/s), extract_tables {s['all_tables']:.3f} s; "
                  f"whole kehoach.parse {s['parse']:.3f} s = {_f(pdf['parse_vs_extract_text'], '.3f')} x extract_text"]
    cs = res["cold_start"]
    lines += ["", f"cold start (median of {cs['kehoach --help']['runs']} fresh processes; target < "
                  f"{TARGETS['cold_start_s']} s)"]
    for name in ("kehoach --help", "python -m kehoach --help", "kehoach parse <text>"):
        v = cs[name]["median_s"]
        lines.append(f"  {name:30s} {v:.3f} s (min {cs[name]['min_s']:.3f})  {_check(v, TARGETS['cold_start_s'])}")
    for name in ("python -c pass", "python + pydantic, one model"):
        lines.append(f"  {name:30s} {cs[name]['median_s']:.3f} s (min {cs[name]['min_s']:.3f})  reference")
    lines.append(f"  kehoach's own share of the text parse (parse - pydantic floor): {cs['kehoach_share_s']:.3f} s")
    mem = res["memory"]
    lines += ["", f"peak memory per document (child process; target < {TARGETS['peak_mb']:.0f} MB on the largest)"]
    for fmt, d in sorted(mem["largest_per_format"].items()):
        lines.append(f"  largest {fmt:5s} {d['file']:52s} RSS {d['maxrss_mb']:6.1f} MB  python peak "
                     f"{d['tracemalloc_peak_mb']:6.1f} MB  {_check(d['maxrss_mb'], TARGETS['peak_mb'])}")
    lines.append(f"  highest RSS: {mem['max_maxrss_mb']:.1f} MB ({mem['max_file']})")
    st = res.get("store")
    if st:
        lines += ["", f"store: {st['documents']} documents ({st['made']}) ingested with --jobs {st['jobs']} in "
                      f"{st['ingest_s']:.1f} s ({st['ingest_docs_per_s']:.1f} docs/s; {st['ingest_summary']}); "
                      f"db {st['db_mb']:.1f} MB, {st['stored_targets']} targets",
                  f"  {st['query']}: {st['query_rows']} rows, median {st['query_median_s']:.3f} s "
                  f"over {st['query_runs']} runs"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="parses per document (median taken)")
    ap.add_argument("--cold-runs", type=int, default=11, help="fresh processes per cold-start command")
    ap.add_argument("--store-size", type=int, default=1000, help="documents in the store (0: skip)")
    ap.add_argument("--binary-copies", type=int, default=3, help="copies of each sample PDF and DOCX in the store")
    ap.add_argument("--jobs", type=int, default=2, help="ingest --jobs")
    ap.add_argument("--out", type=Path, default=OUT, help="JSON output file")
    ap.add_argument("--child-memory", metavar="FILE", help=argparse.SUPPRESS)
    ap.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_memory:
        _child_memory(args.child_memory, args.trace)
        return 0
    files = sample_files()
    started = time.perf_counter()
    res: dict[str, Any] = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"), "repeat": args.repeat,
        "machine": {"cpus": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)),
                    "python": platform.python_version(), "platform": platform.platform()},
        "targets": TARGETS,
    }
    print("throughput ...", file=sys.stderr)
    res["throughput"] = throughput(files, args.repeat)
    print("PDF vs pdfplumber ...", file=sys.stderr)
    res["pdf"] = pdf_vs_pdfplumber(files["pdf"], args.repeat) if files["pdf"] else None
    print("cold start ...", file=sys.stderr)
    text_file = SAMPLES / "kontum-78-qd-ubnd-2025.txt"
    res["cold_start"] = cold_start(text_file if text_file.exists() else files["text"][0], args.cold_runs)
    print("peak memory ...", file=sys.stderr)
    res["memory"] = peak_memory(files)
    if args.store_size > 0:
        print(f"store of {args.store_size} documents ...", file=sys.stderr)
        res["store"] = store_bench(files, args.store_size, args.jobs, args.binary_copies, runs=5)
    res["total_s"] = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, ensure_ascii=False, indent=2), encoding="utf-8")
    print(report(res))
    print(f"\n(total {res['total_s']:.0f} s; figures in {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
