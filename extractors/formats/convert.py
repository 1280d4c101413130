"""Formats without a Python reader (.doc, .wps, .et, odd WPS .xls) through LibreOffice headless.

The file is converted to docx/xlsx in a private temporary directory with a
private LibreOffice profile (parallel workers must not share one, and a user's
settings must not change the result) and read by the docx/xlsx reader.  Without
LibreOffice the file fails with a message naming what to install.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from jixiao.extractors.formats.source import SourceContent, UnreadableInput

#: A conversion that takes longer is a hung office program, not a slow file.
TIMEOUT_S = 120
INSTALL_HINT = "install LibreOffice (apt-get install libreoffice-writer libreoffice-calc, or the Windows/macOS package)"
#: Export filters by target; LibreOffice picks the import filter from the content.
FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, name: str, target: str) -> bytes:
    """Bytes of ``name`` converted to ``target`` ("docx" or "xlsx") by LibreOffice."""
    soffice = find_soffice()
    suffix = PurePosixPath(name).suffix.lower() or ".bin"
    if soffice is None:
        raise UnreadableInput(f"{suffix} files are read through LibreOffice, which is not installed: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nologo", "--nolockcheck", "--convert-to", FILTERS[target], "--outdir", str(Path(tmp) / "out"),
               str(source)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired as exc:
            raise UnreadableInput(f"LibreOffice did not convert the {suffix} file within {TIMEOUT_S} s") from exc
        produced = Path(tmp) / "out" / f"input.{target}"
        if not produced.exists():
            raise UnreadableInput(f"LibreOffice could not convert this {suffix} file (damaged or not an office document)")
        return produced.read_bytes()


def read_converted(stream: BinaryIO | bytes, name: str, target: str, reason: str = "") -> SourceContent:
    """Convert, then read with the reader of the target format."""
    data = stream if isinstance(stream, bytes) else stream.read()
    try:
        converted = convert(data, name, target)
    except UnreadableInput as exc:
        raise UnreadableInput(f"{exc}{'; ' + reason if reason else ''}") from exc
    if target == "docx":
        from jixiao.extractors.formats.docx import read_docx

        return read_docx(io.BytesIO(converted))
    from jixiao.extractors.formats.xlsx import read_xlsx

    return read_xlsx(io.BytesIO(converted))
