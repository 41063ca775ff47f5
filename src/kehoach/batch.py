"""``kehoach parse`` over many inputs: files, folders, globs and ``-`` (stdin), in parallel, for scripts and CI.

What it guarantees (see README, "Use in scripts and CI"):

* one bad file never stops a batch: it is reported (one line on stderr
  ``kehoach: error: <file>: <message>``, counted in the summary and, with ``--format jsonl``,
  an error record ``{"error": {"path": str, "message": str, "code": int}}`` on stdout in its place);
* output is in input order whatever ``--jobs`` is;
* every file gets at most ``--timeout`` seconds: it is parsed in a worker process that is killed
  when it runs over (and replaced), so a hostile file cannot hang a batch;
* stdout carries data only; progress (a rich bar, only on a terminal) and the summary go to stderr.

Workers are plain ``multiprocessing`` processes talking over pipes (not a ``ProcessPoolExecutor``:
an executor cannot kill one hung task). A single input gets one worker, not a pool; with
``--timeout 0`` and one job everything runs in this process. Nothing heavy is imported here:
readers import pdfplumber / python-docx when a file needs them, and rich is imported only for the
progress bar.
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import EXIT_INPUT, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, KehoachError

STDIN = "-"
STDIN_NAME = "<stdin>"          # the path shown in messages and in ``source.path`` for ``-``
OUTPUT_FORMATS = ("json", "jsonl", "csv", "md")
SUFFIX = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv", "md": ".md"}
DEFAULT_TIMEOUT = 120.0
TEST_SLEEP_ENV = "KEHOACH_TEST_SLEEP"   # test hook: "<substring>=<seconds>", read only in the worker


@dataclass
class Item:
    """One input document: ``path`` as shown to the user, ``data`` when it came from stdin."""

    index: int
    path: str
    data: bytes | None = None
    root: Path | None = None      # the folder argument it was found under (for -o DIR naming)
    out: Path | None = None       # output file (``-o DIR`` / ``-o FILE``), None: stdout


@dataclass
class Options:
    """How each document is rendered (the same for every item; sent to workers)."""

    fmt: str = "json"
    table: str = "tasks"
    input_format: str | None = None
    csv_path_column: bool = False   # several documents as ONE CSV on stdout: a leading "path" column
    debug: bool = False


@dataclass
class Result:
    """What a worker sends back: the rendered text, or a one-line error and its exit code."""

    index: int
    path: str
    text: str | None = None
    message: str | None = None
    code: int = EXIT_OK
    pages: int = 0

    @property
    def ok(self) -> bool:
        return self.message is None


# --- the work done for one document (in a worker, or in this process) ----------------------------

def _test_sleep(path: str) -> None:
    """Test hook: sleep when ``$KEHOACH_TEST_SLEEP`` is ``<substring>=<seconds>`` and the path matches."""
    spec = os.environ.get(TEST_SLEEP_ENV)
    if not spec or "=" not in spec:
        return
    needle, _, secs = spec.rpartition("=")
    if needle in path:
        time.sleep(float(secs))


def render(plan, opts: Options) -> str:
    """One document's output text in ``opts.fmt`` (jsonl: the --format json object on one line)."""
    from . import export

    if opts.fmt == "jsonl":
        return export.to_json(plan, indent=None) + "\n"
    if opts.fmt == "csv" and opts.csv_path_column:
        return _csv_with_path(plan, opts.table)
    return export.render(plan, opts.fmt, opts.table)


def _csv_with_path(plan, table: str) -> str:
    """CSV (BOM, header) with the document's path as first column, so documents can share one table."""
    import csv
    import io

    from .export import csv_rows

    head, rows = csv_rows(plan, table)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["path", *head])
    for r in rows:
        w.writerow([plan.source.path, *("" if v is None else v for v in r)])
    return "\ufeff" + buf.getvalue()


def process(index: int, path: str, data: bytes | None, opts: Options) -> Result:
    """Parse and render one document; every failure becomes a one-line message with its exit code."""
    try:
        _test_sleep(path)
        from .pipeline import parse

        plan = parse(path, input_format=opts.input_format, data=data)
        return Result(index, path, text=render(plan, opts), pages=plan.source.pages or 0)
    except KehoachError as e:
        if opts.debug:
            import traceback
            traceback.print_exc()
        return Result(index, path, message=_one_line(e.message), code=e.exit_code)
    except Exception as e:  # noqa: BLE001 - a parser bug on one file must not stop the batch
        if opts.debug:
            import traceback
            traceback.print_exc()
        return Result(index, path, message=_one_line(f"{type(e).__name__}: {e}"), code=EXIT_INPUT)


def _one_line(s: str) -> str:
    return " ".join(str(s).split())


def _worker_loop(conn) -> None:
    """A worker process: receive (index, path, data, opts), send back a Result, until None or EOF."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C and kills us
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(process(*job))


# --- running many documents -----------------------------------------------------------------------

def _mp_context():
    """``fork`` where it is safe and cheap (Linux: workers inherit the imported modules), else the default."""
    import multiprocessing as mp

    if sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods():
        return mp.get_context("fork")
    return mp.get_context()


@dataclass
class _Worker:
    proc: object
    conn: object
    item: Item | None = None
    deadline: float = 0.0


@dataclass
class _Pool:
    """Worker processes with one job each at a time, a deadline per job, hung workers killed and replaced."""

    size: int
    timeout: float
    ctx: object = None
    idle: list = field(default_factory=list)
    busy: list = field(default_factory=list)

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_loop, args=(child,), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def submit(self, item: Item, opts: Options) -> None:
        w = self.idle.pop() if self.idle else self._spawn()
        try:
            w.conn.send((item.index, item.path, item.data, opts))
        except OSError:                       # an idle worker that died: replace it
            w.proc.kill()
            w.proc.join()
            w = self._spawn()
            w.conn.send((item.index, item.path, item.data, opts))
        w.item = item
        w.deadline = time.monotonic() + self.timeout if self.timeout > 0 else float("inf")
        self.busy.append(w)

    def can_submit(self) -> bool:
        return len(self.busy) < self.size

    def collect(self, tick: float | None) -> list[Result]:
        """Wait for at least one result (or a deadline, or ``tick`` seconds) and return what finished."""
        from multiprocessing.connection import wait

        now = time.monotonic()
        nearest = min(w.deadline for w in self.busy)
        limit = max(0.0, nearest - now)
        if tick is not None:
            limit = min(limit, tick)
        ready = wait([w.conn for w in self.busy], timeout=None if limit == float("inf") else limit)
        done: list[Result] = []
        for w in list(self.busy):
            if w.conn in ready:
                try:
                    res = w.conn.recv()
                except (EOFError, OSError):
                    self._kill(w)
                    code = getattr(w.proc, "exitcode", None)
                    done.append(Result(w.item.index, w.item.path, code=EXIT_INPUT,
                                       message=f"the parser process died (exit status {code})"))
                    continue
                self.busy.remove(w)
                w.item = None
                self.idle.append(w)
                done.append(res)
            elif time.monotonic() >= w.deadline:
                self._kill(w)
                done.append(Result(w.item.index, w.item.path, code=EXIT_INPUT,
                                   message=f"timed out after {self.timeout:g} s (see --timeout); parsing abandoned"))
        return done

    def _kill(self, w: _Worker) -> None:
        self.busy.remove(w)
        try:
            w.proc.kill()
        except Exception:  # noqa: BLE001 - already gone
            pass
        w.proc.join()
        w.conn.close()

    def close(self) -> None:
        for w in self.idle:
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in list(self.busy):
            self._kill(w)
        for w in self.idle:
            w.proc.join(timeout=2)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self.idle.clear()


def _settle_gc() -> None:
    """Start collecting garbage, with everything imported so far set aside for good.

    ``launch.main`` turns the collector off before a plain ``kehoach parse`` imports anything:
    the modules, compiled patterns and model classes of start-up all live to the end, and
    collecting them over and over was ~10 % of a cold one-file parse.  Frozen, they are never
    scanned again (nor copied into forked workers by the collector touching them)."""
    import gc

    gc.freeze()
    gc.enable()


def run(items: list[Item], opts: Options, jobs: int, timeout: float,
        on_done: Callable[[Result], None] | None = None, tick: float | None = None) -> Iterator[Result]:
    """Parse ``items``; yield their Results in input order as soon as each is ready.

    ``on_done`` sees every Result when it finishes (any order; for a progress bar) and is also
    called with ``None`` every ``tick`` seconds while waiting.
    """
    if not items:
        return
    from . import pipeline  # noqa: F401 - imported before any parse (and inherited by every forked worker)

    _settle_gc()
    if timeout <= 0 and (jobs <= 1 or len(items) == 1):
        for it in items:             # no limit and no parallelism: no child process at all
            r = process(it.index, it.path, it.data, opts)
            if on_done:
                on_done(r)
            yield r
        return
    ctx = _mp_context()
    pool = _Pool(size=max(1, min(jobs, len(items))), timeout=timeout, ctx=ctx)
    pending = deque(items)
    ready: dict[int, Result] = {}
    order = [it.index for it in items]
    pos = 0
    try:
        while pos < len(order):
            while pending and pool.can_submit():
                pool.submit(pending.popleft(), opts)
            for r in pool.collect(tick):
                ready[r.index] = r
                if on_done:
                    on_done(r)
            if on_done and tick is not None:
                on_done(None)
            while pos < len(order) and order[pos] in ready:
                yield ready.pop(order[pos])
                pos += 1
    finally:
        pool.close()


# --- the command: inputs, outputs, progress, exit code --------------------------------------------

def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def collect_items(args: Iterable[str], read_stdin: Callable[[], bytes]) -> tuple[list[Item], bool]:
    """Expand the command line into Items (files as given, folders recursively, globs, ``-``).

    Returns the items and whether any argument named several documents (a folder or a glob).
    """
    import glob

    from .files import expand

    items: list[Item] = []
    seen: set = set()
    many = False
    for a in args:
        if a == STDIN:
            if STDIN in seen:
                continue
            seen.add(STDIN)
            items.append(Item(len(items), STDIN_NAME, data=read_stdin()))
            continue
        p = Path(a)
        root = p if p.is_dir() else None
        if root is not None or (not p.exists() and glob.has_magic(a)):
            many = True
        for f in expand([a]):
            key = f.resolve() if f.exists() else f
            if key in seen:
                continue
            seen.add(key)
            items.append(Item(len(items), str(f), root=root))
    return items, many


def output_names(items: list[Item], out_dir: Path, suffix: str) -> None:
    """Give each item its output file in ``out_dir``: same base name, new suffix.

    Files found under a folder argument keep their sub-folders; a name used twice
    (``plan.pdf`` and ``plan.docx``) keeps the old suffix too (``plan.pdf.json``), then gets ``-2``...
    """
    used: set[str] = set()
    for it in items:
        if it.data is not None:
            rel = Path("stdin")
        elif it.root is not None:
            rel = Path(it.path).relative_to(it.root)
        else:
            rel = Path(Path(it.path).name)
        candidates = [rel.with_suffix(suffix), rel.with_name(rel.name + suffix)]
        n = 2
        while all(str(c).lower() in used for c in candidates):
            candidates.append(rel.with_name(f"{rel.stem}-{n}{suffix}"))
            n += 1
        out = next(c for c in candidates if str(c).lower() not in used)
        used.add(str(out).lower())
        it.out = out_dir / out


def error_record(r: Result) -> str:
    """The JSONL line that stands for a document that failed."""
    return json.dumps({"error": {"path": r.path, "message": r.message, "code": r.code}}, ensure_ascii=False) + "\n"


def wants_progress(quiet: bool, n: int, stream=None) -> bool:
    """A progress bar only for a batch, on a terminal, and not when NO_COLOR / CI / TERM=dumb is set."""
    stream = stream or sys.stderr
    if quiet or n < 2 or os.environ.get("NO_COLOR") or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """rich's progress bar on stderr (files done, pages/s, failures), refreshed from the main loop
    (no refresh thread: workers are forked while it shows)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.bar = Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]:.1f} pages/s"),
                            TextColumn("{task.fields[failed]} failed"),
                            TimeElapsedColumn(), console=self.console, auto_refresh=False, transient=True)
        self.task = self.bar.add_task("parse", total=total, rate=0.0, failed=0)
        self.start = time.monotonic()
        self.pages = 0
        self.failed = 0
        self.bar.start()

    def update(self, r: Result | None) -> None:
        if r is not None:
            self.pages += r.pages
            self.failed += 0 if r.ok else 1
            self.bar.advance(self.task)
        rate = self.pages / max(1e-6, time.monotonic() - self.start)
        self.bar.update(self.task, rate=rate, failed=self.failed)
        self.bar.refresh()

    def print(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)
        self.bar.refresh()

    def stop(self) -> None:
        self.bar.stop()


class _ReaderGone(Exception):
    """stdout's reader closed the pipe (``| head``)."""


class _Stdout:
    """Bytes to stdout (UTF-8 whatever the locale), flushed per document so ``jq`` sees lines at once."""

    def __init__(self) -> None:
        self.buf = getattr(sys.stdout, "buffer", None)

    def write(self, text: str) -> None:
        try:
            if self.buf is None:
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                self.buf.write(text.encode("utf-8"))
                self.buf.flush()
        except BrokenPipeError:
            raise _ReaderGone() from None


def main(args: list[str], fmt: str | None = None, output: str | None = None, table: str = "tasks",
         input_format: str | None = None, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
         quiet: bool = False, debug: bool = False) -> int:
    """The ``kehoach parse`` command; returns the exit code (see README, "Exit codes").

    Its defaults are the command's: ``launch.main`` calls ``main(paths)`` for a plain
    ``kehoach parse FILE...``, and cli.py's typer options must declare the same ones."""
    from . import export
    from .readers import FORMATS as INPUT_FORMATS

    def usage(msg: str) -> int:
        print(f"kehoach: error: {msg}", file=sys.stderr)
        return EXIT_USAGE

    if jobs is not None and jobs < 1:
        return usage(f"--jobs wants a number of processes of at least 1, got {jobs}")
    if timeout < 0:
        return usage(f"--timeout wants seconds (0: no limit), got {timeout:g}")
    if input_format is not None and input_format.lower() not in INPUT_FORMATS:
        return usage(f"unknown --input-format {input_format!r} (choose from {', '.join(INPUT_FORMATS)})")
    if table not in export.CSV_TABLES:
        return usage(f"unknown --table {table!r} (choose from {', '.join(export.CSV_TABLES)})")
    if fmt is not None and fmt not in OUTPUT_FORMATS:
        return usage(f"unknown --format {fmt!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    if args.count(STDIN) > 1:
        return usage("'-' (stdin) can be given only once")

    items, many = collect_items(args, lambda: sys.stdin.buffer.read())
    if not items:
        print(f"kehoach: error: {' '.join(args)}: no documents found "
              f"(kehoach reads .pdf, .docx, .doc, .txt, .md, .html)", file=sys.stderr)
        return EXIT_INPUT
    n = len(items)

    # Where the output goes: stdout, one file (one input, or --format jsonl), or a folder.
    out_file: Path | None = None
    out_dir: Path | None = None
    if output is not None:
        slash = output.endswith(("/", os.sep))
        target = Path(output)
        sfx_fmt = export.format_for_suffix(target.suffix)
        if target.is_dir() or slash:
            is_dir = True
        elif n == 1 and not many:
            is_dir = False                      # one input, -o FILE: as it always was
        elif (fmt or sfx_fmt) == "jsonl":
            is_dir = False                      # every record in one JSONL file
        elif target.exists() or sfx_fmt is not None:
            return usage(f"-o {output}: several documents need -o to name a folder "
                         "(or --format jsonl to collect them in one file)")
        else:
            is_dir = True
        if fmt is None and not is_dir:
            fmt = sfx_fmt
        if is_dir:
            out_dir = target
        else:
            out_file = target
    fmt = fmt or "json"
    opts = Options(fmt=fmt, table=table, input_format=input_format.lower() if input_format else None,
                   csv_path_column=fmt == "csv" and out_dir is None and n > 1, debug=debug)
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            print(f"kehoach: error: {out_dir}: cannot create folder: {e.strerror or e}", file=sys.stderr)
            return EXIT_INPUT
        output_names(items, out_dir, SUFFIX[fmt])

    progress = _Progress(n) if wants_progress(quiet, n) else None
    say = progress.print if progress else (lambda line: print(line, file=sys.stderr, flush=True))
    stdout = _Stdout()
    sink = None
    failed: list[Result] = []
    last_code = EXIT_OK
    first_csv = True
    pages = 0
    started = time.monotonic()
    try:
        if out_file is not None:
            out_file.parent.mkdir(parents=True, exist_ok=True)
            sink = open(out_file, "w", encoding="utf-8", newline="")
        for r in run(items, opts, jobs or default_jobs(), timeout,
                     on_done=progress.update if progress else None, tick=0.2 if progress else None):
            it = items[r.index]
            if r.ok and it.out is not None:
                try:
                    it.out.parent.mkdir(parents=True, exist_ok=True)
                    it.out.write_text(r.text, encoding="utf-8", newline="")
                except OSError as e:
                    r = Result(r.index, r.path, message=f"cannot write {it.out}: {e.strerror or e}", code=EXIT_INPUT)
            if not r.ok:
                failed.append(r)
                last_code = r.code
                say(f"kehoach: error: {r.path}: {r.message}")
                if fmt == "jsonl" and it.out is None:
                    (sink.write if sink else stdout.write)(error_record(r))
                continue
            pages += r.pages
            if it.out is not None:
                continue
            text = r.text
            if opts.csv_path_column:
                if not first_csv:
                    text = text.split("\r\n", 1)[1] if "\r\n" in text else ""
                first_csv = False
            (sink.write if sink else stdout.write)(text)
    except _ReaderGone:
        # the reader went away (`| head`): stop quietly, as Unix tools do
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_SOME_FAILED
    finally:
        if sink is not None:
            sink.close()
        if progress:
            progress.stop()

    if n > 1 and not quiet:
        dt = time.monotonic() - started
        msg = (f"kehoach: {n} documents, {n - len(failed)} parsed, {len(failed)} failed "
               f"({f'{pages} pages, ' if pages else ''}{dt:.1f} s)")
        if failed:
            msg += ": " + ", ".join(r.path for r in failed)
        print(msg, file=sys.stderr)
    if not failed:
        return EXIT_OK
    return last_code if n == 1 else EXIT_SOME_FAILED
