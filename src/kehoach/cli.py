"""The command line: a thin shell over the library (``kehoach.parse``)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE, KehoachError

app = typer.Typer(
    name="kehoach",
    help="Turn Vietnamese government plan documents (PDF, Word, text) into structured records.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_debug = False


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


def _write(text: str, out: Optional[Path]) -> None:
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8", newline="")


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="show tracebacks for errors")) -> None:
    global _debug
    _debug = debug


@app.command()
def parse(
    file: Path = typer.Argument(..., help="a .pdf, .docx, .doc, .txt, .md or .html plan"),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="json | csv | md (default: from -o's suffix, else json)"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write here instead of stdout"),
    table: str = typer.Option("tasks", "--table", help="CSV only: tasks | targets | sections"),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="force the reader: pdf docx doc txt md html"),
) -> None:
    """Parse one document and print its records.

    \b
    Examples:
      kehoach parse samples/kontum-78-qd-ubnd-2025.txt
      kehoach parse plan.docx --format csv > tasks.csv
      kehoach parse plan.pdf -o plan.md
    """
    from . import export

    if fmt is None:
        fmt = (export.format_for_suffix(output.suffix) if output else None) or "json"
    if fmt not in export.FORMATS:
        typer.echo(f"kehoach: error: unknown --format {fmt!r} (choose from json, csv, md)", err=True)
        raise typer.Exit(EXIT_USAGE)
    if table not in export.CSV_TABLES:
        typer.echo(f"kehoach: error: unknown --table {table!r} (choose from tasks, targets, sections)", err=True)
        raise typer.Exit(EXIT_USAGE)
    from .pipeline import parse as parse_file

    try:
        plan = parse_file(file, input_format=input_format)
    except Exception as e:  # noqa: BLE001 - every failure becomes one line
        raise typer.Exit(_fail(e, str(file)))
    _write(export.render(plan, fmt, table), output)


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
def summary(paths: List[Path] = typer.Argument(..., help="files or folders")) -> None:
    """Parse files (folders recursively) and print one summary row each."""
    from rich.console import Console
    from rich.table import Table

    from .pipeline import parse as parse_file

    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in
                            {".pdf", ".docx", ".doc", ".txt", ".md", ".html", ".htm"})
        else:
            files.append(p)
    t = Table(title="kehoach summary")
    for col in ("file", "type", "number", "date", "province", "sections", "tasks", "targets", "warnings"):
        t.add_column(col)
    failed = 0
    for f in files:
        try:
            plan = parse_file(f)
        except Exception as e:  # noqa: BLE001
            failed += 1
            t.add_row(str(f), "[red]error[/red]", str(e)[:60], "", "", "", "", "", "")
            continue
        d = plan.document
        t.add_row(str(f), d.doc_type or "-", d.number or "-", str(d.date or "-"), d.province or "-",
                  str(len(plan.sections)), str(len(plan.tasks)), str(len(plan.targets)), str(len(plan.warnings)))
    Console().print(t)
    raise typer.Exit(1 if failed else EXIT_OK)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


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
