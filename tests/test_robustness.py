"""Robustness of every reader against hostile and broken inputs (issue 5).

The bad files are MADE by :mod:`bad_inputs` in a temporary folder at test time.
Each one must give its documented error (:class:`kehoach.errors.InputError`,
exit 3; :class:`~kehoach.errors.ScannedPDFError`, exit 4) with a one-line
message, or a correct parse, and never any other exception.  A property-based
test feeds arbitrary text to the text path.
"""
from __future__ import annotations

import sys
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bad_inputs  # noqa: E402
from conftest import SAMPLES, parsed, run_cli  # noqa: E402

import kehoach  # noqa: E402
from kehoach import export  # noqa: E402
from kehoach.errors import EXIT_INPUT, EXIT_SCANNED, InputError, KehoachError, ScannedPDFError  # noqa: E402
from kehoach.models import Plan  # noqa: E402

SEED = SAMPLES / "kontum-78-qd-ubnd-2025.txt"
LONG_PAGES = 300

# name -> (error class, a word the message must contain)
ERRORS: dict[str, tuple[type[KehoachError], str]] = {
    "empty.txt": (InputError, "empty"),
    "blank.txt": (InputError, "empty"),
    "random.bin": (InputError, "unknown file type"),
    "random.txt": (InputError, "binary"),
    "random.pdf": (InputError, "binary"),
    "random.docx": (InputError, "binary"),
    "random.doc": (InputError, "binary"),
    "header-only.pdf": (InputError, "corrupt"),
    "encrypted.pdf": (InputError, "encrypted"),
    "image-only.pdf": (ScannedPDFError, "no text layer"),
    "zip-bomb.docx": (InputError, "zip bomb"),
    "lying-zip-bomb.docx": (InputError, "zip bomb"),
    "billion-laughs.docx": (InputError, "DTD"),
    "xxe.docx": (InputError, "DTD"),
    "truncated.docx": (InputError, "not a valid .docx"),
    "zip-not-docx.docx": (InputError, "no word/document.xml"),
    "malformed-xml.docx": (InputError, "cannot read"),
    "ole-not-word.doc": (InputError, "not a Word .doc"),
}
SMALL = [n for n in bad_inputs.MAKERS if n != "long-300.pdf"]


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict[str, Path]:
    """The folder of bad inputs (all but the 300-page PDF, which has its own test)."""
    return bad_inputs.write_all(tmp_path_factory.mktemp("bad"), SMALL)


@pytest.fixture(scope="module")
def original() -> Plan:
    return parsed(str(SEED))


def _strings(obj):
    """Every string inside a JSON-like structure."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def _check_plan(plan: Plan) -> None:
    """The output contract's invariants that hold for any input: JSON round-trips
    through the schema, and every string is NFC."""
    js = export.render(plan, "json")
    again = Plan.model_validate_json(js)
    assert again == Plan.model_validate_json(plan.model_dump_json())
    assert again.model_dump_json() == plan.model_dump_json()
    bad = [s for s in _strings(plan.model_dump(mode="json")) if not unicodedata.is_normalized("NFC", s)]
    assert not bad, bad[:3]


# ------------------------------------------------------------------ documented errors (library)

@pytest.mark.parametrize("name", sorted(ERRORS))
def test_bad_input_gives_documented_error(bad, name):
    cls, word = ERRORS[name]
    with pytest.raises(KehoachError) as ei:
        kehoach.parse(bad[name])
    err = ei.value
    assert type(err) is cls, f"{name}: {type(err).__name__}: {err}"
    assert word.lower() in err.message.lower()
    assert "\n" not in str(err)
    assert err.path == str(bad[name])
    assert err.exit_code == (EXIT_SCANNED if cls is ScannedPDFError else EXIT_INPUT)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_bad_input_from_memory(bad, name):
    """The same bytes handed over as ``data`` (no file on disk) fail the same way."""
    cls, word = ERRORS[name]
    with pytest.raises(KehoachError) as ei:
        kehoach.parse(bad[name].name, data=bad[name].read_bytes())
    assert type(ei.value) is cls
    assert word.lower() in ei.value.message.lower()


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        kehoach.parse(tmp_path / "nope.pdf")
    with pytest.raises(InputError, match="directory"):
        kehoach.parse(tmp_path)


@pytest.mark.parametrize("fraction", [0.02, 0.1, 0.4, 0.75, 0.97])
def test_truncated_pdf_fails_cleanly_or_parses(fraction):
    """A PDF cut anywhere: InputError, or (pdfium repairs some cuts) a valid plan."""
    data = bad_inputs.make_truncated_pdf(fraction)
    try:
        plan = kehoach.parse("cut.pdf", data=data)
    except InputError as e:
        assert "\n" not in str(e) and e.message
    else:
        assert plan.source.format == "pdf"
        _check_plan(plan)


@pytest.mark.parametrize("cut", [10, 100, 1000, 5000])
def test_truncated_docx_fails_cleanly(cut):
    data = bad_inputs.SEED_DOCX.read_bytes()[:cut]
    with pytest.raises(InputError):
        kehoach.parse("cut.docx", data=data)


# ------------------------------------------------------------------ hostile archives

def test_zip_bomb_memory_bounded():
    """1 GiB of zeros in word/document.xml: refused without inflating it."""
    data = bad_inputs.make_zip_bomb_docx()
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="zip bomb"):
            kehoach.parse("bomb.docx", data=data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20


def test_lying_zip_bomb_memory_bounded():
    """Headers declare 1 KB, the stream inflates to 256 MB: refused while inflating in chunks."""
    data = bad_inputs.make_lying_zip_bomb_docx()
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="zip bomb"):
            kehoach.parse("bomb.docx", data=data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20


def test_billion_laughs_in_utf16_part_is_not_expanded(bad):
    """A UTF-16 part hides "<!DOCTYPE" from a byte search; lxml must still not expand it."""
    try:
        plan = kehoach.parse(bad["billion-laughs-utf16.docx"])
    except InputError as e:
        assert "\n" not in str(e)
    else:
        assert "lollollol" not in plan.model_dump_json()


def test_external_entity_in_utf16_part_is_not_resolved():
    prolog = b'<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    xml = bad_inputs.docx_document(["KE HOACH &xxe;"], prolog=prolog).decode()
    xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = bad_inputs.make_docx(b"\xff\xfe" + xml.encode("utf-16-le"))
    try:
        plan = kehoach.parse("xxe16.docx", data=data)
    except InputError:
        return
    assert "root:" not in plan.model_dump_json()


def test_minimal_handmade_docx_parses():
    """The builder's well-formed package parses (so the refusals above are about the payloads)."""
    plan = kehoach.parse("ok.docx", data=bad_inputs.make_minimal_docx())
    assert plan.source.format == "docx"
    assert plan.document.doc_type == "KH"
    _check_plan(plan)


# ------------------------------------------------------------------ correct parses

def test_nfd_text_parses_like_the_original(bad, original):
    assert not unicodedata.is_normalized("NFC", bad["nfd.txt"].read_text(encoding="utf-8"))
    plan = kehoach.parse(bad["nfd.txt"])
    assert plan.document == original.document
    assert plan.document.number == "78/QĐ-UBND"
    assert plan.sections == original.sections
    assert plan.tasks == original.tasks
    _check_plan(plan)


def test_cp1258_text_parses_like_the_original(bad, original):
    raw = bad["cp1258.txt"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"\xec" in raw or b"\xcc" in raw          # combining tone marks of Windows-1258
    plan = kehoach.parse(bad["cp1258.txt"])
    assert plan.document == original.document
    assert plan.document.issuer == "Ủy ban nhân dân tỉnh Kon Tum"
    assert plan.sections == original.sections
    assert plan.tasks == original.tasks
    assert any(w.code == "encoding" and "cp1258" in w.message for w in plan.warnings)
    _check_plan(plan)


def test_owner_password_pdf_parses(bad):
    """Encrypted with an empty user password (printing/copying restricted): opens, parses."""
    assert b"/Encrypt" in bad["owner-password.pdf"].read_bytes()
    plan = kehoach.parse(bad["owner-password.pdf"])
    assert plan.source.format == "pdf" and plan.source.pages == 1
    assert [t.value for t in plan.targets] == [91.0]      # "... dat tren 91%." on page 1
    _check_plan(plan)


def test_long_markdown_paragraph_is_joined():
    """2000 lower-case fragments split by blank lines: one paragraph (the reader looks only
    at the tail of the paragraph it grows, so this stays linear)."""
    from kehoach import readers

    n = 2000
    data = ("# Kế hoạch\n\n" + "".join(f"cac co quan phoi hop dong {i}\n\n" for i in range(n))).encode()
    raw = readers.read("long.md", data=data)
    texts = [b.text for b in raw.blocks if b.kind == "text"]
    assert texts[0] == "Kế hoạch"
    assert len(texts) == 2 and texts[1].endswith(f"dong {n - 1}") and texts[1].count("cac co quan") == n


def test_rtf_saved_as_doc(bad):
    """RTF under a ".doc" name goes to LibreOffice (not read as text with its markup)."""
    from kehoach.readers import doc

    if doc.soffice() is None:
        with pytest.raises(InputError, match="LibreOffice"):
            kehoach.parse(bad["rtf-as.doc"])
        return
    plan = kehoach.parse(bad["rtf-as.doc"])
    assert plan.document.doc_type == "KH"
    assert plan.document.title == "Cải cách hành chính năm 2025"
    assert "rtf1" not in plan.model_dump_json() and "fonttbl" not in plan.model_dump_json()


def test_xhtml_entities_not_expanded(bad):
    try:
        plan = kehoach.parse(bad["laughs.xhtml"])
    except InputError as e:
        assert "\n" not in str(e)
        return
    assert plan.source.format == "html"
    assert "aaaaaaaaaaaaaaaaaaaa" not in plan.model_dump_json()
    _check_plan(plan)


def test_renamed_text_docx_is_read_as_text(bad, original):
    """A text file named .docx: the reader goes by the bytes, not the name."""
    plan = kehoach.parse(bad["renamed-text.docx"])
    assert plan.source.format == "txt"
    assert plan.document == original.document
    assert plan.sections == original.sections


def test_long_pdf_300_pages(tmp_path):
    """A 300-page PDF built by the test parses completely within the default limits."""
    path = tmp_path / "long.pdf"
    path.write_bytes(bad_inputs.make_long_pdf(LONG_PAGES, lines=35))   # dense pages, ~2500 glyphs each
    plan = kehoach.parse(path)
    assert plan.source.format == "pdf"
    assert plan.source.pages == LONG_PAGES
    by_page = {t.source.page: t.value for t in plan.targets if t.unit == "%"}
    for page in (1, 2, 157, LONG_PAGES - 1, LONG_PAGES):   # "Ty le ... dat tren N%" on every page
        assert by_page.get(page) == 90 + page % 10
    _check_plan(plan)


# ------------------------------------------------------------------ through the CLI

@pytest.mark.parametrize("name", ["empty.txt", "random.pdf", "encrypted.pdf", "image-only.pdf", "zip-bomb.docx",
                                  "billion-laughs.docx", "truncated.docx"])
def test_cli_one_line_error(bad, name):
    cls, _ = ERRORS[name]
    res = run_cli("parse", str(bad[name]))
    err = res.stderr.decode("utf-8")
    assert res.returncode == (EXIT_SCANNED if cls is ScannedPDFError else EXIT_INPUT), err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kehoach: error: {bad[name]}: ")
    assert res.stdout == b""


def test_cli_cp1258_parses(bad):
    res = run_cli("parse", str(bad["cp1258.txt"]))
    assert res.returncode == 0, res.stderr
    plan = Plan.model_validate_json(res.stdout)
    assert plan.document.number == "78/QĐ-UBND"


# ------------------------------------------------------------------ property-based: arbitrary text

_VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_PIECES = st.sampled_from([
    "\n", "\n\n", "\t", " | ", "|", "  \n", "# ", "## ", "**", "*", "- ", "1. ", "a) ", "I. ", "II. ",
    "<b>", "</b>", "<br>", "<ul><li>", "</li></ul>", "<sup>1</sup> ", "<p>", "</p>", "<table><tr><td>",
    "</td></tr></table>", "|---|---|\n", "KẾ HOẠCH", "QUYẾT ĐỊNH", "Điều 1.", "Số: 12/KH-UBND",
    "Kon Tum, ngày 06 tháng 02 năm 2025", "ỦY BAN NHÂN DÂN\nTỈNH KON TUM", "CHỦ TỊCH", "Nguyễn Văn A",
    "Căn cứ Nghị quyết số 01/NQ-CP ngày 08/01/2025 của Chính phủ;", "STT\tNội dung\tChủ trì\tThời gian\n",
    "Trước ngày 20/02/2025", "Quý II/2025", "Hằng tháng", "đạt trên 90%", "100% hồ sơ", "Phụ lục",
    "\u0301", "\u0323", "\ufeff", "\r\n", "\u00a0", "&amp;", "<!--", "-->", "<", ">",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(alphabet=_VI + _VI.upper() + " .,;:()/-%0123456789\t|\n",
                                             max_size=40)), max_size=60).map("".join)


def _parse_or_input_error(name: str, data: bytes) -> None:
    try:
        plan = kehoach.parse(name, data=data)
    except InputError as e:
        assert "\n" not in str(e) and e.message
        return
    assert plan.source.format in ("txt", "md", "html")
    _check_plan(plan)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, suffix=st.sampled_from([".txt", ".md"]))
def test_arbitrary_text_never_crashes(text, suffix):
    _parse_or_input_error(f"doc{suffix}", text.encode("utf-8"))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_never_crash(data):
    _parse_or_input_error("doc.txt", data)


def test_one_huge_paragraph_parses_within_the_batch_time_limit(tmp_path):
    """3,000 lines with no sentence end join into one paragraph; the stages stay linear on it,
    so a parse under the per-file limit (--timeout) succeeds (the outcome is asserted, not a duration)."""
    f = tmp_path / "long.txt"
    f.write_bytes(bad_inputs.make_long_paragraph_text(3000))
    p = run_cli("parse", str(f), "--timeout", "60", "--format", "json")
    assert p.returncode == 0, p.stderr
    assert b'"schema_version"' in p.stdout
