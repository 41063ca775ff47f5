"""The command line: a thin shell over the library (``kehoach.parse``)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .batch import DEFAULT_TIMEOUT
from .errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE, KehoachError

app = typer.Typer(
    name="kehoach",
    help="Turn Vietnamese government plan documents (PDF, Word, text) into structured records.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rendering it with rich costs ~0.2 s of start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)

_debug = False
_fast_exit = False   # set by a command once everything it does is done (see _exit_now)


def _fail(err: Exception, path: str | None = None) -> int:
    """Print the one-line error and return its exit code."""
    if _debug:
        import traceback
        traceback.print_exc()
    if isinstance(err, KehoachError):
        if path and not err.path:
            err.path = path
        typer.echo(f"kehoach: error: {err}", err=True)
        return err.exit_code
    typer.echo(f"kehoach: error: {path + ': ' if path else ''}{type(err).__name__}: {err}", err=True)
    return EXIT_INPUT


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="show tracebacks for errors")) -> None:
    global _debug
    _debug = debug


@app.command()
def parse(
    files: List[str] = typer.Argument(..., help="documents (.pdf .docx .doc .txt .md .html), folders (recursive), "
                                      "globs, or - for stdin", show_default=False, metavar="FILE..."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f",
                                      help="json | jsonl | csv | md (default: from -o's suffix, else json)"),
    output: Optional[str] = typer.Option(None, "--output", "-o",
                                         help="write here instead of stdout: a file for one input, "
                                              "a folder (one output per input) for several"),
    table: str = typer.Option("tasks", "--table", help="CSV only: tasks | targets | sections"),
    input_format: Optional[str] = typer.Option(None, "--input-format",
                                               help="force the reader: pdf docx doc txt md html"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="parallel processes [default: CPU cores]"),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", help="seconds allowed per file; 0: no limit"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar and no summary; errors only"),
) -> None:
    """Parse documents and print (or write) their records.

    \b
    Examples:
      kehoach parse samples/kontum-78-qd-ubnd-2025.txt
      kehoach parse plan.docx --format csv > tasks.csv
      kehoach parse plan.pdf -o plan.md
      kehoach parse plans/ --format jsonl | jq -r .document.number
      kehoach parse plans/ -o out/ --format csv
      cat plan.pdf | kehoach parse - --format json

    \b
    A file that fails is reported on stderr (and as {"error": {path, message, code}} in
    JSONL) and the others go through. Exit: 0 all parsed, 1 some failed (several
    inputs); one input: 3 unreadable, 4 scanned PDF; 2 usage error.
    """
    from . import batch

    global _fast_exit
    code = batch.main(files, fmt, output, table, input_format, jobs, timeout, quiet, debug=_debug)
    _fast_exit = True
    raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output (the pydantic models are its source)."""
    import json

    from .models import Plan

    typer.echo(json.dumps(Plan.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def text(file: Path = typer.Argument(..., help="document to show"),
         input_format: Optional[str] = typer.Option(None, "--input-format")) -> None:
    """Print the normalised text with the line numbers every record's ``source.line`` refers to."""
    from . import readers

    try:
        raw = readers.read(file, input_format=input_format)
    except Exception as e:  # noqa: BLE001
        raise typer.Exit(_fail(e, str(file)))
    w = len(str(len(raw.lines)))
    for i, line in enumerate(raw.lines, 1):
        sys.stdout.write(f"{i:>{w}}  {line}\n")


@app.command()
def summary(paths: List[str] = typer.Argument(..., help="files, folders (recursive) or globs")) -> None:
    """Parse files and print one summary row each (what `make demo` shows).

    \b
    Example:
      kehoach summary samples/
    """
    from rich.table import Table

    from .files import expand
    from .pipeline import parse as parse_file

    t = Table(title="kehoach summary")
    for col in ("file", "type", "number", "date", "province", "parts", "tasks", "targets", "warnings"):
        t.add_column(col, overflow="fold")
    failed = 0
    for f in expand(paths):
        try:
            plan = parse_file(f)
        except Exception as e:  # noqa: BLE001 - reported in the table, the others go on
            failed += 1
            msg = e.message if isinstance(e, KehoachError) else str(e)
            t.add_row(str(f), "[red]error[/red]", msg[:70], "", "", "", "", "", "")
            continue
        d = plan.document
        t.add_row(str(f), d.doc_type or "-", d.number or "-", str(d.date or "-"), d.province or "-",
                  str(len(plan.sections)), str(len(plan.tasks)), str(len(plan.targets)), str(len(plan.warnings)))
    _console().print(t)
    raise typer.Exit(1 if failed else EXIT_OK)


def main() -> None:
    """Run the typer application (``launch.main`` is the executable's entry point)."""
    try:
        app()
    except SystemExit as e:
        if _fast_exit:
            from .launch import _exit_now

            _exit_now(e.code)
        raise


@app.command(hidden=True)
def blocks(file: Path = typer.Argument(...), cleaned: bool = typer.Option(True, "--cleaned/--raw"),
           input_format: Optional[str] = typer.Option(None, "--input-format")) -> None:
    """Debug: dump the intermediate blocks (after the clean stage by default)."""
    from . import clean, readers
    from .context import Context

    try:
        raw = readers.read(file, input_format=input_format)
    except Exception as e:  # noqa: BLE001
        raise typer.Exit(_fail(e, str(file)))
    ctx = Context(raw=raw)
    if cleaned:
        clean.run(ctx)
    bl = ctx.blocks if cleaned else raw.blocks
    for b in bl:
        flags = "".join(f for f, on in (("B", b.bold), ("I", b.italic), ("C", b.align == "center"),
                                        ("~", b.broken)) if on)
        head = f"p{b.page or '-'} l{b.line or '-'} {b.kind[:3]} h{b.heading} {flags:4s} {b.role or ''}"
        if b.kind == "table":
            sys.stdout.write(f"{head} [{len(b.rows)} rows x {b.ncols}]\n")
            for r in b.rows:
                cells = " | ".join(("^" if c.merged else "") + c.text.replace("\n", "⏎")[:60] +
                                   (f"<{c.span}>" if c.span > 1 else "") for c in r.cells)
                sys.stdout.write(f"    p{r.page or '-'} l{r.line or '-'}{' H' if r.header else ''}: {cells}\n")
        else:
            sys.stdout.write(f"{head} {b.text[:150]}\n")


# --- the corpus store -------------------------------------------------------------------------

_DB_HELP = "SQLite database (default: $KEHOACH_DB, else the user data dir: ~/.local/share/kehoach/kehoach.db)"


def _connect(db: Optional[Path]):
    from . import store

    try:
        return store.connect(db)
    except Exception as e:  # noqa: BLE001
        typer.echo(f"kehoach: error: {db or store.default_db_path()}: cannot open database: {e}", err=True)
        raise typer.Exit(EXIT_INPUT)


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="files, folders (recursive) or globs"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print only errors"),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="parallel parser processes (the store is written "
                             "by this process only)"),
) -> None:
    """Parse documents and store them (tasks, targets, agencies, provenance) in the corpus store.

    \b
    A file already stored with the same sha256 and parser version is skipped; a newer parser
    version re-parses it. Each file is stored in one transaction.
    Examples:
      kehoach ingest samples/
      kehoach ingest 'plans/**/*.pdf' --db plans.db
    """
    import hashlib

    from . import PARSER_VERSION, store
    from .files import expand
    from .pipeline import parse as parse_file

    conn = _connect(db)
    counts = {"added": 0, "updated": 0, "skipped": 0, "failed": 0}
    if jobs > 1:
        _ingest_parallel(conn, list(expand(paths)), jobs, quiet, counts)
        typer.echo(", ".join(f"{v} {k}" for k, v in counts.items()), err=True)
        raise typer.Exit(1 if counts["failed"] else EXIT_OK)
    for f in expand(paths):
        try:
            if f.is_file():
                sha = hashlib.sha256(f.read_bytes()).hexdigest()
                if store.stored_version(conn, sha) == PARSER_VERSION:
                    counts["skipped"] += 1
                    if not quiet:
                        typer.echo(f"skipped  {f} (already stored)", err=True)
                    continue
            plan = parse_file(f)
            doc_id, status = store.save(conn, plan, PARSER_VERSION)
        except Exception as e:  # noqa: BLE001 - one bad file never stops the batch
            counts["failed"] += 1
            _fail(e, str(f))
            continue
        counts[status] += 1
        if not quiet:
            typer.echo(f"{status:8s} {f} -> #{doc_id} ({len(plan.tasks)} tasks, {len(plan.targets)} targets)",
                       err=True)
    typer.echo(", ".join(f"{v} {k}" for k, v in counts.items()), err=True)
    raise typer.Exit(1 if counts["failed"] else EXIT_OK)


def _ingest_parallel(conn, files: list, jobs: int, quiet: bool, counts: dict) -> None:
    """``ingest --jobs N``: parse in N worker processes (kehoach.batch), store from this process.

    Workers send each plan back as JSON; SQLite is written by one process, one transaction per file.
    """
    import hashlib

    from . import PARSER_VERSION, batch, store
    from .models import Plan

    todo = []
    for f in files:
        try:
            if f.is_file() and store.stored_version(conn, hashlib.sha256(f.read_bytes()).hexdigest()) == PARSER_VERSION:
                counts["skipped"] += 1
                if not quiet:
                    typer.echo(f"skipped  {f} (already stored)", err=True)
                continue
        except OSError as e:
            counts["failed"] += 1
            _fail(e, str(f))
            continue
        todo.append(f)
    items = [batch.Item(i, str(f)) for i, f in enumerate(todo)]
    for r in batch.run(items, batch.Options(fmt="jsonl"), jobs, batch.DEFAULT_TIMEOUT):
        if not r.ok:
            counts["failed"] += 1
            typer.echo(f"kehoach: error: {r.path}: {r.message}", err=True)
            continue
        try:
            plan = Plan.model_validate_json(r.text)
            doc_id, status = store.save(conn, plan, PARSER_VERSION)
        except Exception as e:  # noqa: BLE001 - one bad file never stops the batch
            counts["failed"] += 1
            _fail(e, r.path)
            continue
        counts[status] += 1
        if not quiet:
            typer.echo(f"{status:8s} {r.path} -> #{doc_id} ({len(plan.tasks)} tasks, {len(plan.targets)} targets)",
                       err=True)


@app.command()
def docs(db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
         province: Optional[str] = typer.Option(None, "--province", "-p", help="any spelling; old or new province"),
         fmt: str = typer.Option("table", "--format", "-f", help="table | json")) -> None:
    """List the documents in the store."""
    from . import store

    conn = _connect(db)
    slugs = _province_slugs(province) if province else None
    rows = [dict(r) for r in store.documents(conn, slugs)]
    if fmt == "json":
        import json

        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    t = Table(title=f"{len(rows)} documents")
    for c in ("id", "province", "type", "number", "date", "tasks", "targets", "title", "path"):
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(str(r["id"]), r["province"] or "-", r["doc_type"] or "-", r["number"] or "-", r["date"] or "-",
                  str(r["n_tasks"]), str(r["n_targets"]), (r["title"] or "")[:60], r["path"])
    _console().print(t)


@app.command()
def rm(keys: List[str] = typer.Argument(..., help="document id, path or sha256 (prefix of 8+ digits)"),
       db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP)) -> None:
    """Remove documents from the store."""
    from . import store

    conn = _connect(db)
    missing = 0
    for k in keys:
        n = store.remove(conn, k)
        if n:
            typer.echo(f"removed {n} document(s) matching {k}", err=True)
        else:
            missing += 1
            typer.echo(f"kehoach: error: {k}: no such document in the store", err=True)
    raise typer.Exit(EXIT_INPUT if missing else EXIT_OK)


def _console():
    import shutil

    from rich.console import Console

    # not a terminal (make demo in CI, a pipe): rich would assume 80 columns; tables need more
    return Console(width=None if sys.stdout.isatty() else max(140, shutil.get_terminal_size((140, 24)).columns))


def _province_slugs(query: str) -> list[str]:
    """Slugs of every province a typed name means (an old province and the one it merged into), with a note."""
    from . import provinces

    slugs, notes = provinces.query_slugs(query)
    if not slugs:
        typer.echo(f"kehoach: error: unknown province {query!r}", err=True)
        raise typer.Exit(EXIT_USAGE)
    for n in notes:
        typer.echo(f"note: {n}", err=True)
    return slugs


def _emit_rows(rows: list[dict], columns: list[str], fmt: str, title: str, group: str | None = None,
               table_columns: list[str] | None = None) -> None:
    """Print query rows as a rich table (grouped), JSON, CSV (UTF-8 BOM) or Markdown."""
    import json

    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
        sys.stdout.write("\ufeff" + buf.getvalue())
    elif fmt == "md":
        out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for r in rows:
            out.append("| " + " | ".join(str(r.get(c) if r.get(c) is not None else "").replace("|", "\\|")
                                         .replace("\n", " ") for c in columns) + " |")
        typer.echo("\n".join(out))
    elif fmt == "table":
        from rich.table import Table

        shown = [c for c in (table_columns or columns) if c != group]
        t = Table(title=title, show_lines=False)
        for c in shown:
            t.add_column(c, overflow="fold", max_width=80 if c in ("text", "content", "indicator") else None)
        last = object()
        for r in rows:
            if group and r.get(group) != last:
                last = r.get(group)
                t.add_section()
                t.add_row(f"[bold]{last or '(no category)'}[/bold]", *[""] * (len(shown) - 1))
            t.add_row(*[_short(r.get(c)) for c in shown])
        _console().print(t)
    else:
        typer.echo(f"kehoach: error: unknown --format {fmt!r} (choose from table, json, csv, md)", err=True)
        raise typer.Exit(EXIT_USAGE)


def _short(v, n: int = 110) -> str:
    if v is None:
        return ""
    s = str(v)
    return s if len(s) <= n else s[: n - 1] + "…"


def _source(r: dict) -> str:
    return f"{Path(r['path']).name} p{r.get('page') or '-'} l{r.get('line') or '-'}"


def _parse_many(files: List[str], slugs: Optional[list[str]] = None) -> tuple[list, int]:
    """Parse files given on the command line; failures are reported and skipped, and with
    ``slugs`` only documents of those provinces are kept.
    Returns ([(path, plan), ...], number of failures)."""
    from .files import expand
    from .pipeline import parse as parse_file

    done, failed = [], 0
    for f in expand(files):
        try:
            plan = parse_file(f)
        except Exception as e:  # noqa: BLE001 - one bad file never stops the others
            failed += 1
            _fail(e, str(f))
            continue
        if not slugs or plan.document.province in slugs:
            done.append((f, plan))
    return done, failed


def _cmp_text(r: dict) -> str:
    unit = r.get("unit") or ""
    v = r["value"]
    num = f"{v:g}".replace(".", ",")
    return f"{r.get('comparator') or ''} {num}{unit if unit == '%' else ' ' + unit}".strip()


@app.command()
def targets(
    files: Optional[List[str]] = typer.Argument(None, help="documents to read; none: query the store"),
    province: Optional[str] = typer.Option(None, "--province", "-p", help="kontum, 'Kon Tum', quangngai, hue ..."),
    category: Optional[str] = typer.Option(None, "--category", "-c", help="indicator id, e.g. online_dossier_rate"),
    year: Optional[int] = typer.Option(None, "--year", "-y"),
    vmin: Optional[float] = typer.Option(None, "--min", help="value at least"),
    vmax: Optional[float] = typer.Option(None, "--max", help="value at most"),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | csv | md"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """KPI targets, grouped by indicator category, across documents and provinces.

    \b
    Examples:
      kehoach targets --province kontum
      kehoach targets --category online_dossier_rate --format csv
      kehoach targets samples/pdf/*.pdf --min 90
    """
    slugs = _province_slugs(province) if province else None
    cols = ["category", "province", "number", "date", "target", "year", "indicator", "text", "page", "line", "path"]
    if files:
        rows = []
        parsed, failed = _parse_many(files, slugs)
        for f, plan in parsed:
            d = plan.document
            for g in plan.targets:
                if category and g.category != category or year is not None and g.year != year:
                    continue
                if vmin is not None and g.value < vmin or vmax is not None and g.value > vmax:
                    continue
                rows.append({"category": g.category, "province": d.province, "number": d.number,
                             "date": d.date.isoformat() if d.date else None, "value": g.value, "unit": g.unit,
                             "comparator": g.comparator, "year": g.year, "indicator": g.indicator, "text": g.text,
                             "section": g.section, "page": g.source.page, "line": g.source.line, "path": str(f)})
        rows.sort(key=lambda r: (r["category"] is None, r["category"] or "", r["province"] or "", r["date"] or ""))
    else:
        from . import store

        rows = store.query_targets(_connect(db), slugs, category, year, vmin, vmax)
        failed = 0
    for r in rows:
        r["target"] = _cmp_text(r)
        r["source"] = _source(r)
    _emit_rows(rows, cols, fmt, f"{len(rows)} targets", group="category",
               table_columns=["category", "province", "number", "date", "target", "year", "indicator", "source"])
    raise typer.Exit(1 if failed else EXIT_OK)


@app.command()
def tasks(
    files: Optional[List[str]] = typer.Argument(None, help="documents to read; none: query the store"),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="lead or supporting agency, e.g. 'so noi vu'"),
    province: Optional[str] = typer.Option(None, "--province", "-p"),
    due_before: Optional[str] = typer.Option(None, "--due-before", help="deadline end on or before YYYY-MM-DD"),
    due_after: Optional[str] = typer.Option(None, "--due-after", help="deadline end on or after YYYY-MM-DD"),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | csv | md"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Task rows (who leads, who supports, what is delivered, by when).

    \b
    Agencies match by canonical name and without diacritics, so "so noi vu" finds "Sở Nội vụ".
    Examples:
      kehoach tasks samples/docx/gialai-628-qd-ubnd-2024.docx --agency "van phong ubnd"
      kehoach tasks --province gialai --due-before 2025-06-30 --format csv
    """
    from datetime import date as _date

    for v, name in ((due_before, "--due-before"), (due_after, "--due-after")):
        if v:
            try:
                _date.fromisoformat(v)
            except ValueError:
                typer.echo(f"kehoach: error: {name} wants a date YYYY-MM-DD, got {v!r}", err=True)
                raise typer.Exit(EXIT_USAGE)
    slugs = _province_slugs(province) if province else None
    cols = ["province", "number", "ref", "content", "lead", "support", "output", "deadline_text", "deadline_kind",
            "deadline_end", "page", "line", "path"]
    if files:
        from .agencies import matches

        rows = []
        parsed, failed = _parse_many(files, slugs)
        for f, plan in parsed:
            d = plan.document
            for t in plan.tasks:
                if agency and not any(matches(agency, a) for a in [*t.lead, *t.support]):
                    continue
                end = t.deadline.end.isoformat() if t.deadline.end else None
                if due_before and (not end or end > due_before) or due_after and (not end or end < due_after):
                    continue
                rows.append({"province": d.province, "number": d.number, "ref": t.ref, "grp": t.group,
                             "content": t.content, "lead": "; ".join(t.lead), "support": "; ".join(t.support),
                             "output": t.output, "deadline_text": t.deadline.text, "deadline_kind": t.deadline.kind,
                             "deadline_end": end, "origin": t.origin, "page": t.source.page, "line": t.source.line,
                             "path": str(f)})
    else:
        from . import store

        rows = store.query_tasks(_connect(db), slugs, agency, due_after, due_before)
        failed = 0
    for r in rows:
        r["source"] = _source(r)
    _emit_rows(rows, cols, fmt, f"{len(rows)} tasks",
               table_columns=["province", "number", "ref", "content", "lead", "support", "deadline_text", "source"])
    raise typer.Exit(1 if failed else EXIT_OK)


# --- kehoach check (validation rules, kehoach.check) ------------------------------------------


@app.command()
def check(
    files: List[str] = typer.Argument(..., help="documents to check (files, folders, globs)"),
    fmt: str = typer.Option("text", "--format", "-f", help="text | json"),
    strict: bool = typer.Option(False, "--strict", help="warnings fail too (exit 1)"),
    lang: str = typer.Option("vi", "--lang", help="text messages in vi | en (json carries both)"),
) -> None:
    """Check plans before publication: tasks without lead or deadline, deadlines before the
    issue date or outside the plan's period, targets above 100% or contradicting each other,
    numbering gaps and repeats, a blank Số field.

    \b
    Findings go to stdout, one per line ("file:line: severity CODE: message"), a summary to
    stderr. Exit 1 when any error-level finding (--strict: any warning), 0 otherwise; an
    unreadable file prints a one-line error (exit code as `parse` for one file, 1 in a batch).
    Rule codes and severities: see README, "Checking a draft".
    Examples:
      kehoach check samples/kontum-cchc-2025.md
      kehoach check samples/docx/ --format json --strict
    """
    import json

    from .check import check as run_check, failed
    from .files import expand
    from .pipeline import parse as parse_file

    if fmt not in ("text", "json"):
        typer.echo(f"kehoach: error: unknown --format {fmt!r} (choose from text, json)", err=True)
        raise typer.Exit(EXIT_USAGE)
    if lang not in ("vi", "en"):
        typer.echo(f"kehoach: error: unknown --lang {lang!r} (choose from vi, en)", err=True)
        raise typer.Exit(EXIT_USAGE)
    paths = expand(files)
    results: list[dict] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    unreadable: list[int] = []
    any_failed = False
    for f in paths:
        try:
            plan = parse_file(f)
        except Exception as e:  # noqa: BLE001 - one bad file never stops the batch
            unreadable.append(_fail(e, str(f)))
            results.append({"path": str(f), "error": str(getattr(e, "message", e)), "findings": []})
            continue
        findings = run_check(plan)
        any_failed |= failed(findings, strict)
        for x in findings:
            counts[x.severity] += 1
        results.append({"path": str(f), "error": None,
                        "summary": {s: sum(1 for x in findings if x.severity == s) for s in counts},
                        "findings": [x.model_dump(mode="json") for x in findings]})
        if fmt == "text":
            for x in findings:
                where = f"{x.source.line}:" if x.source.line else ""
                ref = x.record.get("ref")
                msg = x.message_vi if lang == "vi" else x.message_en
                sys.stdout.write(f"{f}:{where} {x.severity} {x.code}: {msg}{f' [{ref}]' if ref else ''}\n")
    if fmt == "json":
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    typer.echo(f"{len(paths)} file(s) checked: {counts['error']} error(s), {counts['warning']} warning(s), "
               f"{counts['info']} info" + (f", {len(unreadable)} unreadable" if unreadable else ""), err=True)
    if unreadable and len(paths) == 1:
        raise typer.Exit(unreadable[0])
    raise typer.Exit(1 if any_failed or unreadable else EXIT_OK)
