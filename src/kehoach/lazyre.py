"""Module-level regular expressions, compiled on first use.

kehoach defines about 220 patterns at module level; a one-file parse uses roughly half of them
(a text file never needs the PDF reader's, a plan without tables never needs the table
header's), and compiling them all was about a sixth of a cold ``kehoach parse``.  So a
module-level pattern is written ``NAME = lazyre.compile(r"...")`` and is a :class:`Lazy`: the
first time one of its methods is looked up it compiles the pattern and binds the compiled
pattern's methods on itself, so every later call costs what calling the compiled pattern
costs.  (Bazaar's ``lazy_regex`` and Mercurial's lazy ``util.re`` did the same for the same
reason.)

Patterns use stdlib :mod:`re` (about twice as fast to compile) unless they need a feature of
the ``regex`` package (``\\p{Lu}``, variable-width look-behinds): those use
:func:`compile_regex`, and ``regex`` itself is imported when the first of them is compiled.
"""
from __future__ import annotations

import re
from typing import Any, Callable

__all__ = ["Lazy", "compile", "compile_regex"]

_BOUND = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
          "groupindex", "groups")


class Lazy:
    """A pattern that compiles itself the first time it is used (see the module docstring).

    ``pattern`` and ``flags`` are what was given (readable without compiling, e.g. to build a
    larger pattern from this one); every other attribute is the compiled pattern's.
    """

    def __init__(self, compiler: Callable[[str, int], Any], pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiler = compiler

    def __getattr__(self, name: str) -> Any:
        # Called only for names not yet on the instance, i.e. on first use.
        if name.startswith("__") or name == "_compiler":
            raise AttributeError(name)
        compiled = self._compiler(self.pattern, self.flags)
        for attr in _BOUND:
            if hasattr(compiled, attr):
                setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazyre.Lazy({self.pattern!r}, {self.flags!r})"


def compile(pattern: str, flags: int = 0) -> Lazy:  # noqa: A001 - the name says what it stands for
    """``re.compile(pattern, flags)``, done on first use."""
    return Lazy(re.compile, pattern, flags)


def _regex_compile(pattern: str, flags: int) -> Any:
    import regex

    return regex.compile(pattern, flags)


def compile_regex(pattern: str, flags: int = 0) -> Lazy:
    """``regex.compile(pattern, flags)`` (Unicode properties, variable-width look-behinds), on first use."""
    return Lazy(_regex_compile, pattern, flags)
