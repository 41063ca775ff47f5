"""Agency cells ("Cơ quan chủ trì/phối hợp") -> lists of agency names.  (skeleton)"""
from __future__ import annotations


def split_agencies(cell: str | None) -> list[str]:
    """One agency per item, as printed, cleaned of bullets and trailing ';' '.'."""
    if not cell:
        return []
    return [p.strip(" -+•;.") for p in cell.replace(";", "\n").split("\n") if p.strip(" -+•;.")]


def split_roles(cell: str) -> tuple[list[str], list[str]] | None:
    """"Đơn vị chủ trì: ... Đơn vị phối hợp: ..." -> (lead, support); None without such words."""
    return None


def canonical(name: str) -> str:
    """Expanded canonical spelling of an agency name."""
    return name


def aliases(name: str) -> list[str]:
    """Other names of the same agency (abbreviations, 2025 merges)."""
    return []


def matches(query: str, name: str) -> bool:
    """Does a user's query (any spelling, no diacritics) name this agency?"""
    return query.strip().lower() in name.lower()
