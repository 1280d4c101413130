"""Bad input never stops a batch: each kind ends as a documents row with a clear error.

The bad files are made here from a sample PDF (pikepdf, reportlab), run through
the real command line together with a good file, and each must come out with
the status and message an auditor can act on; the exit code is 1 because some
failed. A batch of good files exits 0.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pikepdf
import pytest

from batch_support import run_jixiao, sample

MAX_PAGES = 20
MAX_MB = 2.0


def _text_only_pdf(path: Path) -> None:
    """A real PDF with Chinese prose and no table at all."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("STSong-Light", 12)
    for n, line in enumerate(["关于2022年度部门预算执行情况的说明", "本年度各项工作按计划推进。", "特此说明。"]):
        page.drawString(72, 760 - 24 * n, line)
    page.showPage()
    page.save()


def _many_pages(source: Path, path: Path, minimum: int) -> None:
    with pikepdf.open(source) as pdf:
        originals = list(pdf.pages)
        while len(pdf.pages) <= minimum:
            pdf.pages.extend(originals)
        pdf.save(path)


def make_bad_inputs(folder: Path) -> dict[str, tuple[set[str], str]]:
    """Write one file per kind of bad input; returns name → (allowed statuses, error fragment)."""
    good = sample("001_wuwei")
    data = good.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (folder / "corrupt.pdf").write_bytes(data[:16] + bytes((b * 7 + 13) % 256 for b in data[16:]))
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "not-a-pdf.pdf").write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    (folder / "notes.txt").write_text("下载清单\n", encoding="utf-8")
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04" + b"\0" * 60)  # a broken presentation
    with pikepdf.open(good) as pdf:
        pdf.save(folder / "encrypted-user.pdf", encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pikepdf.new() as pdf:
        pdf.save(folder / "zero-pages.pdf")
    _many_pages(good, folder / "too-many-pages.pdf", MAX_PAGES)
    (folder / "too-big.pdf").write_bytes(data + b"%" + b"0" * int(MAX_MB * 1_000_000) + b"\n")
    _text_only_pdf(folder / "no-table.pdf")
    failed = {"failed"}
    return {
        "truncated.pdf": (failed, "corrupt or truncated"),
        "corrupt.pdf": (failed, "corrupt or truncated"),
        "empty.pdf": (failed, "empty file"),
        "not-a-pdf.pdf": (failed, "not a PDF"),
        "notes.txt": (failed, "unsupported format: .txt"),
        "slides.pptx": (failed, "unsupported format: .pptx"),
        "encrypted-user.pdf": (failed, "password"),
        # pdfium cannot tell a page-less file from a broken one; both are refused as unreadable
        "zero-pages.pdf": (failed, "PDF"),
        "too-many-pages.pdf": (failed, f"over the {MAX_PAGES}-page limit"),
        "too-big.pdf": (failed, f"over the {MAX_MB:g} MB limit"),
        "no-table.pdf": ({"failed", "partial"}, "no form"),
    }


def _documents(out: Path) -> dict[str, dict]:
    text = (out / "documents.csv").read_text(encoding="utf-8-sig")
    return {row["source_file"]: row for row in csv.DictReader(io.StringIO(text))}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    expected = make_bad_inputs(root / "in")
    shutil.copy(sample("000_jiangmen"), root / "in" / "good.pdf")
    with pikepdf.open(sample("000_jiangmen")) as pdf:  # readable by anyone: no user password
        pdf.save(root / "in" / "encrypted-owner-only.pdf", encryption=pikepdf.Encryption(user="", owner="owner"))
    result = run_jixiao("extract", str(root / "in"), "--out", str(root / "out"), "--workers", "2",
                        "--ocr", "never", "--max-pages", str(MAX_PAGES), "--max-mb", str(MAX_MB), "--quiet")
    return expected, result, _documents(root / "out")


def test_every_bad_file_has_a_row_with_its_reason(bad_run):
    expected, _, docs = bad_run
    for name, (statuses, fragment) in expected.items():
        assert name in docs, f"{name} has no documents row"
        row = docs[name]
        assert row["status"] in statuses, (name, row["status"], row["error"])
        assert fragment in row["error"], (name, row["error"])


def test_good_files_in_the_same_batch_are_read(bad_run):
    _, _, docs = bad_run
    assert docs["good.pdf"]["status"] != "failed", docs["good.pdf"]["error"]
    assert int(docs["good.pdf"]["indicators"]) > 0


def test_an_owner_password_alone_does_not_stop_reading(bad_run):
    _, _, docs = bad_run
    owner_only, good = docs["encrypted-owner-only.pdf"], docs["good.pdf"]
    assert owner_only["status"] == good["status"], owner_only["error"]
    assert (owner_only["forms"], owner_only["indicators"]) == (good["forms"], good["indicators"])


def test_exit_code_is_1_when_any_file_failed(bad_run):
    _, result, docs = bad_run
    assert result.returncode == 1, result.stderr
    assert len(docs) == len(os.listdir(Path(result.args[4]))), "a file went missing from documents.csv"


def test_exit_code_is_0_when_none_failed(tmp_path):
    shutil.copy(sample("000_jiangmen"), tmp_path / "good.pdf")
    result = run_jixiao("extract", str(tmp_path / "good.pdf"), "--out", str(tmp_path / "out"),
                        "--workers", "0", "--ocr", "never", "--no-report", "--quiet")
    assert result.returncode == 0, result.stderr
    assert _documents(tmp_path / "out")["good.pdf"]["status"] != "failed"
