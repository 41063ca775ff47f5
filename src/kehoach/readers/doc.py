"""Legacy Word 97-2003 .doc files: converted to .docx with LibreOffice, then read as .docx.

The binary .doc format is not parsed here: LibreOffice (``soffice --headless
--convert-to docx``) does that conversion faithfully (tables, list numbering
rendered as numbering.xml, headers), and :mod:`kehoach.readers.docx` reads the
result. The conversion runs in a private temporary directory with its own
LibreOffice profile (so parallel conversions do not fight over one profile
lock) and a time limit. The returned :class:`RawDoc` keeps the original path and
the sha256 of the .doc bytes; its format is "docx" (the form that was read) and
a warning notes the conversion. An RTF file saved as ".doc" is converted the same
way; bytes that are neither (LibreOffice would import them as plain text) are
refused before LibreOffice starts.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..blocks import RawDoc
from ..errors import InputError

TIMEOUT = 120  # seconds for one conversion (a first start of LibreOffice takes a few seconds)
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")      # an OOXML file encrypted into an OLE container
_WORD_STREAM = "WordDocument".encode("utf-16-le")        # the main stream of every Word 97-2003 file
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MISSING = ("legacy .doc needs LibreOffice (soffice) to convert it; install it or save the file as .docx")


def soffice() -> str | None:
    """Path of the LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: str, data: bytes, sha: str) -> RawDoc:
    """Convert a .doc file's bytes to .docx with LibreOffice and read that."""
    if _ENCRYPTED in data:
        raise InputError("encrypted (password-protected) Word document", path)
    if not (data.startswith(_OLE) and _WORD_STREAM in data) and not data.lstrip().startswith(b"{\\rtf"):
        # LibreOffice would "convert" any bytes as plain text: refuse what is not a Word file
        raise InputError("not a Word .doc file (no WordDocument stream: corrupt, or another Office format)",
                         path)
    exe = soffice()
    if exe is None:
        raise InputError(MISSING, path)
    docx_bytes = convert(exe, data, path)
    from . import docx

    raw = docx.read(path, docx_bytes, sha)
    raw.warnings.append(("converted", "legacy .doc converted to .docx with LibreOffice before reading",
                         None, None))
    return raw


def convert(exe: str, data: bytes, path: str) -> bytes:
    """Run ``soffice --headless --convert-to docx`` on ``data`` and return the .docx bytes."""
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        out = Path(tmp) / "out"
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "docx", "--outdir", str(out), str(src)]
        env = dict(os.environ, HOME=tmp)
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=env, cwd=tmp,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice did not convert the .doc file within {TIMEOUT} s", path) from None
        except OSError as e:
            raise InputError(f"cannot run LibreOffice ({exe}): {e.strerror or e}", path) from None
        result = out / "input.docx"
        if proc.returncode != 0 or not result.exists():
            err = (proc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            tail = err[-1][:200] if err else f"exit status {proc.returncode}"
            raise InputError(f"LibreOffice could not convert the .doc file (corrupt or not a Word file?): {tail}",
                             path)
        return result.read_bytes()
