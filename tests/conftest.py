"""Shared test helpers: paths to the bundled samples and gold, and a CLI runner."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLD = ROOT / "tests" / "gold"

# gold file stem -> the bundled sample it describes
SEED_FILES = {
    "000_63357ab746ca266c": SAMPLES / "kontum-78-qd-ubnd-2025.txt",
    "001_1bb32391e5c2a493": SAMPLES / "gialai-628-qd-ubnd-2024.md",
    "002_8565946715e8c0e3": SAMPLES / "kontum-78-phu-luc-ii-2025.txt",
    "003_a922b09e400badbc": SAMPLES / "kontum-cchc-2025.md",
    "004_634f757953592749": SAMPLES / "khanhhoa-bqlkkt-cctthc-2025.txt",
}
CORPUS_FILES = {
    "03_Kế hoạch CCHC 2026 của tỉnh Lâm Đồng": SAMPLES / "docx" / "lamdong-cchc-2026-draft.docx",
    "04_Kế hoạch CCHC giai đoạn 2026-2030": SAMPLES / "docx" / "lamdong-cchc-2026-2030-draft.docx",
    "06_Ke hoach tuyen truyen CCHC tinh Lam Dong nam 2026": SAMPLES / "docx" / "lamdong-tuyen-truyen-cchc-2026-draft.docx",
}


def gold(kind: str, stem: str) -> dict:
    return json.loads((GOLD / kind / f"{stem}.json").read_text(encoding="utf-8"))


def render_path(stem: str, ext: str) -> Path:
    return SAMPLES / ext / f"{stem}.{ext}"


@lru_cache(maxsize=None)
def parsed(path: str):
    """Parse once per test session (documents are immutable)."""
    from kehoach import parse

    return parse(path)


def run_cli(*args: str, input: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, input=input,
                          cwd=ROOT, env=e, timeout=120)


@pytest.fixture
def cli():
    return run_cli
