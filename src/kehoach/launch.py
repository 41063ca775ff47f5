"""The ``kehoach`` executable's entry point (``python -m kehoach`` too).

A plain ``kehoach parse FILE...`` -- paths only, no option -- is the command scripts run most, one
file at a time, so it goes straight to the parse command (``batch.main`` with its defaults) without
building the typer application: typer builds a pydantic ``TypeAdapter`` for every parameter of every
command it parses, tens of milliseconds of a cold start.  Anything else (an option, ``-`` for stdin,
``--help``, another command) goes through ``cli.app``, which calls the same ``batch.main``; the
defaults are ``batch.main``'s own, and tests/test_cold_start.py checks that the typer options agree.
"""
from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    try:
        if _plain_parse(argv):
            import gc

            gc.disable()   # start-up objects live to the end: batch.run freezes them and re-enables it
            from . import batch

            code = batch.main(argv[1:])
            _exit_now(code)
            sys.exit(code)
        from . import cli

        cli.main()
    except KeyboardInterrupt:
        sys.exit(130)


def _plain_parse(argv: list[str]) -> bool:
    """``parse`` followed by one or more paths and nothing that looks like an option."""
    return len(argv) >= 2 and argv[0] == "parse" and not any(a.startswith("-") for a in argv[1:])


def _exit_now(code: object) -> None:
    """Exit at once, skipping the interpreter's teardown (freeing every module and object:
    about 50 ms of a one-file ``kehoach parse``), once nothing observable is left to do: no
    other thread running, stdout/stderr flushed, atexit handlers run.  Returns (and the
    normal exit follows) when that cannot be guaranteed, e.g. stdout's reader went away."""
    import os
    import threading

    code = 0 if code is None else code
    if not isinstance(code, int):
        return
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return
    if not _flush_std():
        return
    import atexit

    atexit._run_exitfuncs()
    if _flush_std():
        os._exit(code)


def _flush_std() -> bool:
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # noqa: BLE001 - e.g. BrokenPipeError: Python reports it at the normal exit
        return False
    return True
