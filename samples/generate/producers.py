"""Running the office programs that turn sources into PDFs.

Each run gets a fresh profile directory in a temporary folder so conversions
never depend on (or change) a user's settings and never touch the network.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",
)
TIMEOUT_S = 300


class ProducerMissing(RuntimeError):
    """The program a variant needs is not installed on this machine."""


def find_program(*names: str) -> str:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    raise ProducerMissing(f"none of {names} found; `make samples` needs LibreOffice and Chromium")


def soffice_to_pdf(source: Path, out_pdf: Path, filter_name: str | None = None,
                   infilter: str | None = None) -> Path:
    """Convert with LibreOffice (Calc for .xlsx, Writer for .html with an infilter)."""
    soffice = find_program("soffice", "libreoffice")
    target = f"pdf:{filter_name}" if filter_name else "pdf"
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile, \
            tempfile.TemporaryDirectory(prefix="lo-out-") as outdir:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", target, "--outdir", outdir, str(source)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT_S)
        produced = Path(outdir) / (source.stem + ".pdf")
        if not produced.exists():
            raise RuntimeError(f"LibreOffice produced no PDF for {source}")
        shutil.move(str(produced), out_pdf)
    return out_pdf


def chromium_to_pdf(html: Path, out_pdf: Path) -> Path:
    """Print an HTML file with headless Chromium (A4 and margins come from its @page rule)."""
    chromium = find_program("chromium", "chromium-browser", "google-chrome")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
               f"--print-to-pdf={out_pdf}", html.resolve().as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT_S)
    if not out_pdf.exists():
        raise RuntimeError(f"Chromium produced no PDF for {html}")
    return out_pdf
