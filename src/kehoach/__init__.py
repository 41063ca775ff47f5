"""kehoach: Vietnamese government plan documents -> structured, checked records.

>>> import kehoach
>>> plan = kehoach.parse("samples/kontum-78-qd-ubnd-2025.txt")
>>> plan.document.number
'78/QĐ-UBND'
"""
from __future__ import annotations

__version__ = "0.1.0"
PARSER_VERSION = __version__

__all__ = ["parse", "Plan", "__version__"]


def __getattr__(name):  # lazy: `import kehoach` stays cheap
    if name == "parse":
        from .pipeline import parse
        return parse
    if name == "Plan":
        from .models import Plan
        return Plan
    raise AttributeError(name)
