"""lazyre: module-level patterns compile on first use and then behave as the compiled pattern."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT, SAMPLES

from kehoach import lazyre


def test_compiles_on_first_use_and_matches_like_re():
    p = lazyre.compile(r"(?P<n>\d{1,3}(?:\.\d{3})*)\s*thủ tục", re.I)
    assert "search" not in vars(p)                       # nothing compiled yet
    assert p.pattern.startswith("(?P<n>") and p.flags == re.I
    m = p.search("Rà soát 1.139 THỦ TỤC hành chính")
    assert m and m.group("n") == "1.139"
    assert "search" in vars(p) and p.groupindex == {"n": 1}
    assert p.sub("#", "2 thủ tục, 3 thủ tục") == "#, #"
    assert [x.group("n") for x in p.finditer("1 thủ tục 20 thủ tục")] == ["1", "20"]


def test_regex_patterns_get_unicode_properties():
    p = lazyre.compile_regex(r"^\p{Lu}\p{Ll}+$")
    assert p.match("Đắk") and not p.match("đắk")


def test_a_text_parse_leaves_the_pdf_readers_patterns_uncompiled():
    code = ("import sys, kehoach; from kehoach import header; from kehoach.readers import pdf; "
            "kehoach.parse(sys.argv[1]); "
            "print(sum('search' in vars(v) for v in vars(pdf).values() if isinstance(v, kehoach.lazyre.Lazy)), "
            "sum('search' in vars(v) for v in vars(header).values() if isinstance(v, kehoach.lazyre.Lazy)))")
    out = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "kontum-78-qd-ubnd-2025.txt")],
                         capture_output=True, cwd=ROOT, timeout=120, check=True).stdout.split()
    assert out[0] == b"0"           # the PDF reader's patterns were never compiled
    assert int(out[1]) > 3          # the header's were
