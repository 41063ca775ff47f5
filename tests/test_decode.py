"""Input decoding: UTF-8/16 with and without BOM, Windows-1258, TCVN3 and VNI,
binary data.  Every case round-trips real text of the seeds."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from kehoach import legacy
from kehoach.decode import decode, decode_info, windows_1252
from kehoach.errors import InputError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def _seed(name: str) -> str:
    text = (SAMPLES / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    return unicodedata.normalize("NFC", text).replace("\u00ad", "")


@pytest.fixture(scope="module")
def qd78() -> str:
    return _seed("kontum-78-qd-ubnd-2025.txt")


@pytest.fixture(scope="module")
def cchc() -> str:
    return _seed("kontum-cchc-2025.md")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: base letters precomposed where the
    code page has them, tone marks as combining characters."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
            out.append((base + "".join(c for c in d if c in TONES)).encode("cp1258"))
    return b"".join(out)


def _inverse(encoding: str) -> dict[str, str]:
    inv: dict[str, str] = {}
    for k, v in legacy.table(encoding).items():
        if v not in inv or len(k) < len(inv[v]):
            inv[v] = k
    return inv


def to_legacy(text: str, encoding: str) -> str:
    """The Windows-1252 view of ``text`` typed in a TCVN3 / VNI font (capitals
    missing from TCVN3 typed with the small letter's code, as .VnTimeH does)."""
    inv = _inverse(encoding)
    return "".join(inv.get(c) or (inv.get(c.lower()) if c.lower() != c else None) or c for c in text)


PARA = ("Căn cứ Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025 của Chính phủ về nhiệm vụ, giải pháp "
        "chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội và Dự toán ngân sách nhà nước năm 2025")


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_encodings(qd78: str, codec: str) -> None:
    text, enc = decode_info(qd78.encode(codec))
    assert text == qd78
    assert enc.startswith("utf")


def test_crlf_and_nfd_become_lf_and_nfc() -> None:
    raw = unicodedata.normalize("NFD", "QUYẾT ĐỊNH\r\nBan hành Kế hoạch\r\n")
    assert decode(raw.encode("utf-8")) == "QUYẾT ĐỊNH\nBan hành Kế hoạch\n"


def test_cp1258_whole_document(qd78: str) -> None:
    data = to_cp1258(qd78)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text, enc = decode_info(data)
    assert enc == "cp1258"
    assert text == qd78
    assert "Ủy ban nhân dân tỉnh Kon Tum" in text


def test_tcvn3_paragraph_round_trip() -> None:
    raw = to_legacy(PARA, "tcvn3")
    assert "NghÞ quyÕt" in raw                  # what the TCVN3 bytes look like
    assert legacy.detect(raw) == "tcvn3"
    assert legacy.convert(raw, "tcvn3") == PARA


def test_vni_paragraph_round_trip() -> None:
    raw = to_legacy(PARA, "vni")
    assert "Nghò quyeát" in raw
    assert legacy.detect(raw) == "vni"
    assert legacy.convert(raw, "vni") == PARA


def test_vni_whole_document_exact(qd78: str) -> None:
    raw = to_legacy(qd78, "vni")
    text, enc = decode_info(raw.encode("utf-8"))      # pasted into a UTF-8 file
    assert enc == "utf-8+vni"
    assert text == qd78


def test_vni_bytes_file(cchc: str) -> None:
    data = windows_1252_encode(to_legacy(cchc, "vni"))
    text, enc = decode_info(data)
    assert enc == "vni"
    assert text == cchc


def windows_1252_encode(text: str) -> bytes:
    data = text.encode("cp1252")
    assert windows_1252(data) == text
    return data


def test_tcvn3_bytes_file_all_caps_restored(qd78: str) -> None:
    data = windows_1252_encode(to_legacy(qd78, "tcvn3"))
    text, enc = decode_info(data)
    assert enc == "tcvn3"
    assert text.startswith("\n \nQUYẾT ĐỊNH \n")                       # .VnTimeH capitals come back
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KON TUM" in text
    assert "Ban hành Kế hoạch cải cách thủ tục hành chính" in text
    # capitals TCVN3 cannot print (Ủ in "Ủy ban") stay small; all else is exact
    assert text.lower() == qd78.lower()


def test_detection_does_not_fire_on_unicode_or_cp1258(qd78: str, cchc: str) -> None:
    assert legacy.detect(qd78) is None
    assert legacy.detect(cchc) is None
    assert legacy.detect("Café, naïve résumé — déjà vu; São Paulo") is None
    assert decode_info(to_cp1258(cchc))[1] == "cp1258"


def test_binary_data_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"%PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(InputError, match="binary"):
        decode(os.urandom(4096))
    with pytest.raises(InputError, match="binary"):
        decode(b"abc\x00def\x00" * 50)


def test_bad_bom_is_named() -> None:
    with pytest.raises(InputError, match="UTF-8"):
        decode(b"\xef\xbb\xbfabc\xff\xfe\xfd")


def test_syllable_check() -> None:
    assert legacy.is_syllable("nghiêng") and legacy.is_syllable("Quyết") and legacy.is_syllable("người")
    assert not legacy.is_syllable("Vieọt") and not legacy.is_syllable("ñòa")
