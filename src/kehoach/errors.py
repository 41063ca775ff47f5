"""Errors and the exit codes the command line maps them to (see README, "Exit codes")."""
from __future__ import annotations

EXIT_OK = 0
EXIT_SOME_FAILED = 1   # a batch where some files failed (the others were written)
EXIT_USAGE = 2         # bad command line: unknown option, unknown format, ...
EXIT_INPUT = 3         # an input cannot be read: missing, a directory, empty, corrupt, encrypted, unknown type
EXIT_SCANNED = 4       # a PDF without a text layer (scanned image): needs OCR


class KehoachError(Exception):
    """Base class: ``str(err)`` is the one-line message shown after ``<file>:``."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(KehoachError):
    """The file cannot be read as a plan document."""

    exit_code = EXIT_INPUT


class ScannedPDFError(InputError):
    """A PDF whose pages carry no text layer."""

    exit_code = EXIT_SCANNED


class UsageError(KehoachError):
    exit_code = EXIT_USAGE
